/* hs_check.h: one complete check, from configuration to rendered output.
 *
 * Plans the commands (hs_needs.h, hs_plan.h), sends each on its own
 * connection or reads them from the saved answer (hs_exchange.h), reads
 * each answer by its kind (hs_answer.h) into a fresh evaluation (hs_eval.h)
 * and renders the report. It asks once more on a reload symptom. Any
 * failure to obtain a complete, well-formed dump is an error: never a
 * verdict from data that could not be fully read.
 */
#ifndef HS_CHECK_H
#define HS_CHECK_H

#include "hs_buf.h"
#include "hs_config.h"
#include "hs_error.h"
#include "hs_eval.h"
#include "hs_plan.h"

/* Fills <cfg> with defaults: no node, 10 s timeout, default policy,
 * empty selection, no thresholds, perfdata for proxies.
 */
void hs_check_config_init(struct hs_check_config *cfg);
void hs_check_config_free(struct hs_check_config *cfg);

/* What the evaluation of <cfg> reads (pointers into <cfg>). */
struct hs_eval_config hs_check_eval_config(const struct hs_check_config *cfg);

/* Plans the commands <cfg> needs into <plan>, as its first attempt does
 * (hs_needs.h says what is asked for when, hs_plan.h in which order). The
 * proxy names of <plan> point into <cfg>. Returns 0 or -1.
 */
int hs_check_plan(const struct hs_check_config *cfg, struct hs_plan *plan, struct hs_error *err);

/* Runs the check of <cfg>'s nodes. On success returns 0, stores the
 * overall state in <*state> and appends the plugin output to <out>. On
 * failure returns -1 with <err> set (TIMEOUT when the deadline passed;
 * USAGE when <cfg> has no node); at verbosity 2 and more, <out> then holds
 * the notes (commands sent, retries), which the caller prints after its
 * error line.
 */
int hs_check_run(const struct hs_check_config *cfg, enum hs_state *state, struct hs_buf *out,
		 struct hs_error *err);

#endif
