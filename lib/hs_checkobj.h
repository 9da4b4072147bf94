/* hs_checkobj.h: the objects of a check that are not "show stat" rows.
 *
 * Beside the frontends, backends, servers and listeners of the dump, a
 * check measures the HAProxy process ("show info"), its stick tables
 * ("show table"), the master ("show proc"), the nodes of a cluster and the
 * check itself (fetch_time). Each is described here (its name, kind,
 * perfdata prefix and default items, --list cells) and evaluated the one
 * way every such object is: hs_eval_object() (hs_eval.h) applies the rules
 * covering it, writes its perfdata and its --list row.
 */
#ifndef HS_CHECKOBJ_H
#define HS_CHECKOBJ_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_derived.h"
#include "hs_eval.h"
#include "hs_info.h"
#include "hs_master.h"
#include "hs_metric.h"
#include "hs_table.h"

/* Evaluates the process: the rules on info. metrics, against the answer to
 * "show info" (<info>, which the rate session of <ev> also takes the
 * process identity from).
 */
void hs_eval_info(struct hs_eval *ev, const struct hs_info *info);

/* Evaluates the master (its "show proc", <proc>): the failed last reload
 * (policy master.reload-failed, with <alert>, the first error of the
 * startup log, when not empty) and the rules on master metrics; perfdata
 * "master:<metric>" for old_workers and worker_uptime.
 */
void hs_eval_master(struct hs_eval *ev, const struct hs_proc *proc, const char *alert);

/* Evaluates the nodes of a check together (<nodes>): the rules on
 * nodes_up; perfdata "cluster:nodes_up" (max: the nodes given).
 */
void hs_eval_nodes(struct hs_eval *ev, const struct hs_nodes *nodes);

/* Evaluates the check itself: the rules on fetch_time, <seconds> spent
 * reading the stats. Its perfdata item (label "fetch_time") is written
 * when a rule puts a range on it.
 */
void hs_eval_fetch(struct hs_eval *ev, double seconds);

/* Evaluates one stick table (answer to "show table"), if its name passes
 * the proxy selection.
 */
void hs_eval_table(struct hs_eval *ev, const struct hs_table *table);

/* True if a rule counts stick table entries (table.gt.TYPE.N). */
bool hs_eval_wants_table_gt(const struct hs_eval *ev);

/* The table.gt metrics (at most <max>, each once) of the rules that apply
 * to stick table <name>, if the selection keeps it: stored in <m>, their
 * count returned.
 */
size_t hs_eval_table_gt(struct hs_eval *ev, const char *name, const struct hs_metric **m,
			size_t max);

#endif
