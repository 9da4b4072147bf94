/* hs_checkobj.c: the objects of a check that are not "show stat" rows
 * (the process, stick tables, the master, the nodes, the check itself):
 * each is described as a struct hs_evobj and evaluated by hs_eval_object().
 */
#include <hs-config.h>

#include <stdio.h>
#include <string.h>

#include "hs_checkobj.h"
#include "hs_policy.h"
#include "hs_rate.h"
#include "hs_report.h"

/* An object of kind <kind> named <name>, no PROXY pattern applying to it,
 * its perfdata labels starting "<prefix>:", its state OK so far.
 */
static struct hs_evobj
checkobj(unsigned kind, const char *name, const char *prefix)
{
	struct hs_evobj o = {0};

	o.m.kind = kind;
	o.name = name;
	o.proxy = NULL;
	o.perf_prefix = prefix;
	o.state = HS_STATE_OK;
	return o;
}

void
hs_eval_info(struct hs_eval *ev, const struct hs_info *info)
{
	struct hs_evobj o = checkobj(HS_K_PROCESS, "process", "info");

	hs_rate_process(hs_eval_rate(ev), info);
	o.m.info = info;
	o.list_type = "process";
	o.list_status = "-";
	o.list_policy = "-";
	hs_eval_object(ev, &o);
}

void
hs_eval_fetch(struct hs_eval *ev, double seconds)
{
	struct hs_evobj o = checkobj(HS_K_CHECK, "check", "");

	o.m.fetch_time = &seconds;
	hs_eval_object(ev, &o);
}

void
hs_eval_table(struct hs_eval *ev, const struct hs_table *table)
{
	static const struct hs_metric used = {HS_MSRC_DERIVED, HS_DM_TABLE_USED, NULL};
	static const struct hs_metric *const defaults[] = {&used};
	const double *max[1] = {table->size > 0 ? &table->size : NULL};
	char prefix[sizeof("table:") + sizeof(table->name)];
	struct hs_evobj o;

	if (!hs_eval_selects(ev, table->name))
		return;
	snprintf(prefix, sizeof(prefix), "table:%s", table->name);
	o = checkobj(HS_K_TABLE, table->name, prefix);
	o.m.table = table;
	o.proxy = table->name;
	o.defaults = defaults;
	o.max = max;
	o.ndefaults = 1;
	o.list_type = "table";
	o.list_status = table->type;
	o.list_policy = "-";
	hs_eval_object(ev, &o);
}

bool
hs_eval_wants_table_gt(const struct hs_eval *ev)
{
	const struct hs_rules *rules = hs_eval_config(ev)->rules;
	size_t i;

	for (i = 0; rules != NULL && i < rules->count; i++) {
		if (rules->rule[i].metric.src == HS_MSRC_TABLE_GT)
			return true;
	}
	return false;
}

size_t
hs_eval_table_gt(struct hs_eval *ev, const char *name, const struct hs_metric **m, size_t max)
{
	const struct hs_rules *rules = hs_eval_config(ev)->rules;
	bool applies[HS_RULES_MAX];
	size_t i, j, n = 0;

	if (rules == NULL || !hs_eval_selects(ev, name))
		return 0;
	hs_rules_applying(rules, HS_K_TABLE, name, applies, NULL);
	for (i = 0; i < rules->count && n < max; i++) {
		const struct hs_metric *r = &rules->rule[i].metric;

		if (!applies[i] || r->src != HS_MSRC_TABLE_GT)
			continue;
		for (j = 0; j < n && strcmp(m[j]->field, r->field) != 0; j++)
			;
		if (j == n)
			m[n++] = r;
	}
	return n;
}

/* The finding of a master whose last reload failed (<proc>, <alert> as
 * for hs_eval_master()), in the state policy line master.reload-failed
 * gives; raises <o>'s state.
 */
static void
reload_failed_finding(struct hs_eval *ev, struct hs_evobj *o, const struct hs_proc *proc,
		      const char *alert)
{
	enum hs_state s = hs_eval_config(ev)->policy->state[HS_POL_MASTER_RELOAD_FAILED];
	struct hs_report *rep = hs_eval_report(ev);

	o->state = hs_state_worst(o->state, s);
	if (proc->has_failed)
		hs_report_add(rep, s, true,
			      "master: the last reload failed (%u in a row): HAProxy runs an "
			      "older configuration than the one on disk%s%s",
			      proc->failed, *alert != '\0' ? ": " : "",
			      *alert != '\0' ? alert
					     : " (this version keeps no startup log: run "
					       "haproxy -c -f on the configuration)");
	else
		hs_report_add(rep, s, true,
			      "master: the last reload failed (no current worker, %u old "
			      "one%s left running): HAProxy runs an older configuration "
			      "than the one on disk (run haproxy -c -f on it)",
			      proc->old_workers, proc->old_workers == 1 ? "" : "s");
}

void
hs_eval_master(struct hs_eval *ev, const struct hs_proc *proc, const char *alert)
{
	static const struct hs_metric old_workers = {HS_MSRC_DERIVED, HS_DM_OLD_WORKERS, NULL};
	static const struct hs_metric uptime = {HS_MSRC_DERIVED, HS_DM_WORKER_UPTIME, NULL};
	static const struct hs_metric *const defaults[] = {&old_workers, &uptime};
	const double *max[2] = {NULL, NULL};
	struct hs_evobj o = checkobj(HS_K_MASTER, "master", "master");
	bool failed = hs_master_reload_failed(proc);

	o.m.proc = proc;
	if (failed)
		reload_failed_finding(ev, &o, proc, alert);
	o.defaults = defaults;
	o.max = max;
	o.ndefaults = 2;
	o.list_type = "master";
	o.list_status = failed ? "RELOAD-FAILED" : "OK";
	o.list_policy = failed ? "master.reload-failed" : "-";
	hs_eval_object(ev, &o);
}

void
hs_eval_nodes(struct hs_eval *ev, const struct hs_nodes *nodes)
{
	static const struct hs_metric up = {HS_MSRC_DERIVED, HS_DM_NODES_UP, NULL};
	static const struct hs_metric *const defaults[] = {&up};
	double total = nodes->total;
	const double *max[1] = {&total};
	struct hs_evobj o = checkobj(HS_K_NODES, "cluster", "cluster");

	o.m.nodes = nodes;
	o.defaults = defaults;
	o.max = max;
	o.ndefaults = 1;
	hs_eval_object(ev, &o);
}
