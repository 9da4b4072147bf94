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
#include "hs_error.h"
#include "hs_expect.h"
#include "hs_info.h"
#include "hs_metric.h"
#include "hs_policy.h"
#include "hs_range.h"
#include "hs_report.h"
#include "hs_select.h"
#include "hs_srvstate.h"
#include "hs_table.h"

/* Which objects write perfdata (--perfdata). */
enum hs_perf_level {
	HS_PERF_NONE,    /* none */
	HS_PERF_SUMMARY, /* totals, the process (info.) and stick tables */
	HS_PERF_PROXIES, /* also every frontend and backend (the default) */
	HS_PERF_SERVERS, /* also every server and listener */
};

/* What the evaluation reads; nothing of it changes while a check runs.
 * What one evaluation learns (patterns matched, objects measured per
 * rule, expected objects found) is its own state: a retry starts a new
 * evaluation.
 */
struct hs_eval_config {
	const struct hs_policy *policy;
	const struct hs_selection *selection;
	const struct hs_rules *rules;   /* -w/-c */
	const struct hs_expect *expect; /* --expect */
	enum hs_perf_level perf;
	bool list; /* --list: one table row per selected object */
	/* object kinds (HS_K_NODES) another evaluation measures: rules only
	 * on them are not reported here as measured on nothing */
	unsigned elsewhere;
	int verbosity; /* >= 1: list every object */
};

struct hs_eval;

/* Creates an evaluator writing into <report>. Returns NULL with <err> set
 * when out of memory.
 */
struct hs_eval *hs_eval_new(const struct hs_eval_config *cfg, struct hs_report *report,
			    struct hs_error *err);

/* Evaluates the process: the rules on info. metrics, against the answer to
 * "show info".
 */
void hs_eval_info(struct hs_eval *ev, const struct hs_info *info);

struct hs_proc;

/* Evaluates the master (its "show proc", <proc>): the failed last reload
 * (policy master.reload-failed, with <alert>, the first error of the
 * startup log, when not empty) and the rules on master metrics; perfdata
 * "master:<metric>" for old_workers and worker_uptime.
 */
void hs_eval_master(struct hs_eval *ev, const struct hs_proc *proc, const char *alert);

/* Evaluates the nodes of a check together (<nodes>): the rules on
 * nodes_up; perfdata "nodes:up" (max: the nodes given).
 */
void hs_eval_nodes(struct hs_eval *ev, const struct hs_nodes *nodes);

/* Completes an evaluation that saw only hs_eval_nodes(): reports its rules
 * that nothing was measured on (a UNKNOWN finding each). The per-node
 * evaluations leave the nodes' rules to it (hs_eval_config.elsewhere).
 */
void hs_eval_finish_rules(struct hs_eval *ev);
/* Evaluates the check itself: the rules on fetch_time, <seconds> spent
 * reading the stats. Its perfdata item (label "fetch_time") is written
 * when a rule puts a range on it.
 */
void hs_eval_fetch(struct hs_eval *ev, double seconds);

/* Evaluates one stick table (answer to "show table"), if its name passes
 * the proxy selection.
 */
void hs_eval_table(struct hs_eval *ev, const struct hs_table *table);

/* Evaluates one bound row. Returns 0, or -1 with <err> set. */
int hs_eval_row(struct hs_eval *ev, const struct hs_row *row, struct hs_error *err);

/* Completes the evaluation after the last row: settles the last proxy,
 * reports expected objects that are missing (CRITICAL by default), adds the
 * summary perfdata, and checks the selection (NOMATCH when a pattern or the
 * whole selection matched nothing) and the rules (USAGE when no selected
 * object had a rule's metric). Returns 0 or -1.
 */
int hs_eval_finish(struct hs_eval *ev, struct hs_error *err);

/* For a dump without server rows: the next BACKEND row's servers are those
 * "show servers state" summed up in <be> (NULL: none), <act> active and
 * <bck> backup ones serving (its act and bck columns, which the caller
 * checked count the PLAIN and NOCHECK servers of <be>). They are counted,
 * aggregated and summed up in findings as if their rows had been read.
 * Returns false, with the reason in <why> (<size> bytes), when that cannot
 * be exact: a class whose policy line is not OK, servers that serve no
 * traffic (MAINT, DRAIN, weight 0) whose backup flag matters (the
 * backend's "up" perfdata counts the active ones; a backend with no
 * active server serving and a backup one), both kinds of weight-0 server.
 */
bool hs_eval_assume_servers(struct hs_eval *ev, const struct hs_srvstate_backend *be, unsigned act,
			    unsigned bck, char *why, size_t size);

/* Frontends seen so far, selected or not: <*total> of them, <*stop> in
 * STOP. A process whose every frontend is in STOP is soft-stopping (an old
 * process during a reload); one frontend in STOP was shut down.
 */
void hs_eval_frontends(const struct hs_eval *ev, size_t *total, size_t *stop);

/* True if the evaluation must see the server rows of a backend that sets
 * a cookie (<cookie>, the BACKEND's cookie column; NULL or "" for none):
 * whether each server has a cookie value is in its row only.
 */
bool hs_eval_needs_cookie_rows(const struct hs_eval *ev, const char *cookie);

/* The table.gt metrics (at most <max>, each once) of the rules that apply
 * to stick table <name>, if the selection keeps it: stored in <m>, their
 * count returned.
 */
/* True if a rule counts stick table entries (table.gt.TYPE.N). */
bool hs_eval_wants_table_gt(const struct hs_eval *ev);

size_t hs_eval_table_gt(struct hs_eval *ev, const char *name, const struct hs_metric **m,
			size_t max);

struct hs_rate;

/* Gives <ev> the rate session <rt> (hs_rate.h; NULL: none), which it
 * tells the process identity and hands every selected object of the kinds
 * it samples. <ev> does not own it.
 */
void hs_eval_set_rate(struct hs_eval *ev, struct hs_rate *rt);

void hs_eval_free(struct hs_eval *ev);

#endif
