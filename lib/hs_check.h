/* hs_check.h: one complete check, from configuration to rendered output.
 *
 * Connects (or opens the saved dump), sends "show stat", streams the
 * answer through the CSV reader, the column table and the evaluator, and
 * renders the report. Any failure to obtain a complete, well-formed dump
 * is an error: never a verdict from data that could not be fully read.
 */
#ifndef HS_CHECK_H
#define HS_CHECK_H

#include "hs_buf.h"
#include "hs_error.h"
#include "hs_policy.h"
#include "hs_range.h"
#include "hs_select.h"
#include "hs_transport.h"

/* Most fields accepted in one record (HAProxy 3.x with every stats module
 * has about 200).
 */
#define HS_MAX_FIELDS 1024

struct hs_check_config {
	struct hs_endpoint endpoint;
	unsigned int timeout; /* seconds for connect, write and read together */
	struct hs_policy policy;
	struct hs_selection selection;
	struct hs_threshold rate; /* -w/-c on frontend and backend session rate */
	int verbosity;
};

/* Fills <cfg> with defaults: no endpoint, 10 s timeout, default policy,
 * empty selection, no thresholds.
 */
void hs_check_config_init(struct hs_check_config *cfg);
void hs_check_config_free(struct hs_check_config *cfg);

/* Runs the check. On success returns 0, stores the overall state in
 * <*state> and appends the plugin output to <out>. On failure returns -1
 * with <err> set (TIMEOUT when the deadline passed).
 */
int hs_check_run(struct hs_check_config *cfg, enum hs_state *state, struct hs_buf *out,
		 struct hs_error *err);

#endif
