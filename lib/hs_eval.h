/* hs_eval.h: turns "show stat" rows into findings and perfdata.
 *
 * Rows are streamed: HAProxy lists a proxy's FRONTEND row, its listeners,
 * its servers, then its BACKEND row. The evaluator keeps only a small
 * aggregate for the proxy being read (server counts by role and health,
 * plus the DOWN servers whose state depends on whether another active
 * server is UP), so memory does not grow with the number of servers.
 */
#ifndef HS_EVAL_H
#define HS_EVAL_H

#include "hs_columns.h"
#include "hs_config.h"
#include "hs_error.h"
#include "hs_expect.h"
#include "hs_metric.h"
#include "hs_perfdata.h"
#include "hs_policy.h"
#include "hs_range.h"
#include "hs_report.h"
#include "hs_select.h"

/* What the evaluation reads is struct hs_eval_config (hs_config.h); nothing
 * of it changes while a check runs. What one evaluation learns (patterns
 * matched, objects measured per rule, expected objects found) is its own
 * state: a retry starts a new evaluation.
 */
struct hs_eval;

/* Creates an evaluator writing into <report>. Returns NULL with <err> set
 * when out of memory.
 */
struct hs_eval *hs_eval_new(const struct hs_eval_config *cfg, struct hs_report *report,
			    struct hs_error *err);

/* Completes an evaluation that saw only hs_eval_nodes(): reports its rules
 * that nothing was measured on (a UNKNOWN finding each). The per-node
 * evaluations leave the nodes' rules to it (hs_eval_config.elsewhere).
 */
void hs_eval_finish_rules(struct hs_eval *ev);

/* Evaluates one bound row. Returns 0, or -1 with <err> set. */
int hs_eval_row(struct hs_eval *ev, const struct hs_row *row, struct hs_error *err);

/* Completes the evaluation after the last row: settles the last proxy,
 * reports expected objects that are missing (CRITICAL by default), adds the
 * summary perfdata, and checks the selection (NOMATCH when a pattern or the
 * whole selection matched nothing) and the rules (USAGE when no selected
 * object had a rule's metric). Returns 0 or -1.
 */
int hs_eval_finish(struct hs_eval *ev, struct hs_error *err);

/* Frontends seen so far, selected or not: <*total> of them, <*stop> in
 * STOP. A process whose every frontend is in STOP is soft-stopping (an old
 * process during a reload); one frontend in STOP was shut down.
 */
void hs_eval_frontends(const struct hs_eval *ev, size_t *total, size_t *stop);

/* An object of the check that is not a "show stat" row: the process, a
 * stick table, the master, the nodes, the check itself (hs_checkobj.h
 * describes each of them).
 */
struct hs_evobj {
	struct hs_mobj m;        /* its kind, what its metrics are read from */
	const char *name;        /* in findings: "process", "master", a table name */
	const char *proxy;       /* what PROXY patterns match; NULL: none do */
	const char *perf_prefix; /* of its perfdata labels: "info", "table:t", "" */
	enum hs_state state;     /* worst finding made before its rules */
	/* its default perfdata items, each with its limit or NULL */
	const struct hs_metric *const *defaults;
	const double *const *max;
	size_t ndefaults;
	/* its --list row: type, status and policy cells (type NULL: none) */
	const char *list_type, *list_status, *list_policy;
};

/* Evaluates <obj> with <ev>: a finding for each rule covering it whose
 * range its value is outside, its perfdata (<obj>'s defaults, then every
 * other metric a rule covers) from --perfdata summary on, and its --list
 * row when listing and <obj> has one.
 */
void hs_eval_object(struct hs_eval *ev, const struct hs_evobj *obj);

/* True if the selection of <ev> keeps the proxy (or stick table) <name>;
 * the include pattern that matched is marked as used.
 */
bool hs_eval_selects(struct hs_eval *ev, const char *name);

/* What <ev> was created with; the report it writes into; its rate
 * session (NULL: none).
 */
const struct hs_eval_config *hs_eval_config(const struct hs_eval *ev);
struct hs_report *hs_eval_report(struct hs_eval *ev);
struct hs_rate;
struct hs_rate *hs_eval_rate(const struct hs_eval *ev);

/* Gives <ev> the rate session <rt> (hs_rate.h; NULL: none), which it
 * tells the process identity and hands every selected object of the kinds
 * it samples. <ev> does not own it.
 */
void hs_eval_set_rate(struct hs_eval *ev, struct hs_rate *rt);

void hs_eval_free(struct hs_eval *ev);

#endif
