/* hs_check.h: one complete check, from configuration to rendered output.
 *
 * Plans the commands (hs_needs.h, hs_plan.h), sends each on its own
 * connection or reads them from the saved answer (hs_exchange.h), reads
 * each answer by its kind (hs_answer.h) into a fresh evaluation (hs_eval.h)
 * and renders the report. It asks again when the answers show the plan
 * cannot answer for this HAProxy, and once more on a reload symptom. Any
 * failure to obtain a complete, well-formed dump is an error: never a
 * verdict from data that could not be fully read.
 */
#ifndef HS_CHECK_H
#define HS_CHECK_H

#include "hs_buf.h"
#include "hs_error.h"
#include "hs_eval.h"
#include "hs_expect.h"
#include "hs_http.h"
#include "hs_metric.h"
#include "hs_plan.h"
#include "hs_policy.h"
#include "hs_range.h"
#include "hs_rate.h"
#include "hs_select.h"
#include "hs_transport.h"

/* Most nodes one check reads (-S, -H and --url given several times). */
#define HS_NODES_MAX 16
/* Longest node name (NAME= before an address). */
#define HS_NODE_NAME_MAX 32

/* One HAProxy of several: how findings, notes and perfdata labels name it,
 * and where its stats are read.
 */
struct hs_node {
	/* NAME= as given, else the address ("/run/lb2.sock", "10.0.0.2:9999") */
	char name[128];
	/* -H HOST:PORT split (ep.host and ep.port may point here: a node is
	 * not copied once set) */
	char host[256], port[8];
	/* --url: a copy of the check's credentials and TLS options with this
	 * node's URL (the password is owned by hs_check_config.http) */
	struct hs_http_config http;
	struct hs_endpoint ep;
};

struct hs_check_config {
	/* the stats endpoint of a check of one node (nodes < 2) */
	struct hs_endpoint endpoint;
	/* several nodes (nodes >= 2; endpoint is then unused): each is read
	 * in its own thread under the one deadline, and the report names them */
	struct hs_node node[HS_NODES_MAX];
	size_t nodes;
	/* --master-socket: the master CLI of the (one) node, for show proc
	 * (NULL: none) */
	const char *master;
	struct hs_http_config http; /* --url: endpoint.http points here */
	unsigned int timeout;       /* seconds for connect, write and read together */
	struct hs_policy policy;
	struct hs_selection selection;
	struct hs_rules rules;   /* -w/-c, compiled */
	struct hs_expect expect; /* --expect */
	enum hs_perf_level perf; /* --perfdata */
	size_t perf_max_bytes;   /* --perfdata-max-bytes; 0: the 256 KiB default */
	/* --output-max-bytes: the whole output's budget (0: no limit); by
	 * default HS_REPORT_OUTPUT_DEFAULT, none with -v or --list unless set */
	size_t output_max_bytes;
	bool output_max_set;
	bool list;                  /* --list */
	struct hs_rate_config rate; /* --state-dir, --state-max-age, --min-sample */
	int verbosity;
};

/* Fills <cfg> with defaults: no endpoint, 10 s timeout, default policy,
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

/* Runs the check. On success returns 0, stores the overall state in
 * <*state> and appends the plugin output to <out>. On failure returns -1
 * with <err> set (TIMEOUT when the deadline passed); at verbosity 2 and
 * more, <out> then holds the notes (commands sent, retries), which the
 * caller prints after its error line.
 */
int hs_check_run(const struct hs_check_config *cfg, enum hs_state *state, struct hs_buf *out,
		 struct hs_error *err);

#endif
