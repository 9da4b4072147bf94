/* hs_eval.c: turns "show stat" rows into findings, perfdata and --list
 * rows: walks the objects, applies the rules and words the findings. The
 * objects that are not rows (process, stick tables, master, nodes, the
 * check) are described in hs_checkobj and evaluated by hs_eval_object().
 * The proxy aggregate lives in hs_proxy, the --list cells in hs_list, the
 * policy lines in hs_policy and the metric formulas in hs_derived.
 */
#include <hs-config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_eval.h"
#include "hs_list.h"
#include "hs_objperf.h"
#include "hs_perfdata.h"
#include "hs_proxy.h"
#include "hs_rate.h"
#include "hs_ruleseen.h"
#include "hs_text.h"

struct hs_eval {
	struct hs_eval_config cfg;
	struct hs_report *rep;
	struct hs_proxy px;
	size_t selected;      /* objects selected in the whole dump */
	size_t backends_down; /* selected backends in class DOWN */
	size_t frontends;     /* frontends, selected or not */
	size_t stopping;      /* frontends in STOP, selected or not */
	/* what this evaluation learns */
	struct hs_select_marks marks; /* include patterns matched */
	struct hs_ruleseen seen;      /* per rule */
	bool *found;                  /* per --expect item */
	struct hs_rate *rate;         /* the previous sample, when rules need it */
	/* selected servers of the proxy without a cookie value */
	size_t nocookie;
	char nocookie_names[200]; /* the first HS_PROXY_GROUP_NAMES */
	struct hs_list list;      /* --list metric columns */
	struct hs_scratch name, prefix;
};

static const struct hs_metric metric_scur = {HS_MSRC_COLUMN, HS_COL_SCUR, NULL};
static const struct hs_metric metric_rate = {HS_MSRC_COLUMN, HS_COL_RATE, NULL};
static const struct hs_metric metric_qcur = {HS_MSRC_COLUMN, HS_COL_QCUR, NULL};
static const struct hs_metric metric_up = {HS_MSRC_DERIVED, HS_DM_UP, NULL};

/* The object being evaluated: whichever of a row, the process or a table. */
struct object {
	struct hs_mobj m;        /* what its metrics are read from */
	const char *name;        /* "proxy/server", "process", table name */
	const char *proxy;       /* what PROXY patterns match; NULL for the process */
	const char *perf_prefix; /* "fe:app", "sv:app/s1", "info", "table:t" */
	enum hs_state state;     /* worst finding so far */
	bool applies[HS_RULES_MAX];
};

struct hs_eval *
hs_eval_new(const struct hs_eval_config *cfg, struct hs_report *report, struct hs_error *err)
{
	struct hs_eval *ev = calloc(1, sizeof(*ev));

	if (ev == NULL) {
		hs_error_set(err, HS_ERR_NOMEM, "out of memory");
		return NULL;
	}
	ev->cfg = *cfg;
	ev->rep = report;
	if (hs_select_marks_init(&ev->marks, cfg->selection, err) != 0) {
		free(ev);
		return NULL;
	}
	if (cfg->expect != NULL && cfg->expect->count > 0) {
		ev->found = calloc(cfg->expect->count, sizeof(bool));
		if (ev->found == NULL) {
			hs_select_marks_free(&ev->marks);
			free(ev);
			hs_error_set(err, HS_ERR_NOMEM, "out of memory");
			return NULL;
		}
	}
	ev->seen.keep_names = cfg->verbosity > 0;
	report->show_table = report->show_table || cfg->list;
	hs_list_init(&ev->list, cfg->rules);
	if (cfg->list)
		hs_list_header(&ev->list, report);
	return ev;
}

void
hs_eval_free(struct hs_eval *ev)
{
	if (ev == NULL)
		return;
	hs_proxy_free(&ev->px);
	hs_select_marks_free(&ev->marks);
	hs_ruleseen_free(&ev->seen);
	free(ev->found);
	hs_scratch_free(&ev->name);
	hs_scratch_free(&ev->prefix);
	free(ev);
}

/* Applies every rule that covers <obj>: a finding for each value outside
 * its ranges. Raises obj->state.
 */
static void
apply_rules(struct hs_eval *ev, struct object *obj)
{
	const struct hs_rules *rules = ev->cfg.rules;
	size_t i;

	hs_ruleseen_object(&ev->seen, rules, obj->m.kind, obj->proxy, obj->applies);
	for (i = 0; rules != NULL && i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];
		const char *uom, *range;
		enum hs_mreason why;
		char num[64];
		enum hs_state s;
		double v;

		if (!obj->applies[i])
			continue;
		why = hs_metric_value(&r->metric, &obj->m, &v);
		if (why == HS_MR_NEVER) {
			/* an age whose event never happened (lastsess -1) has
			 * no value, and that is worth saying per object */
			ev->seen.rule[i].measured++;
			obj->state = hs_state_worst(obj->state, HS_STATE_UNKNOWN);
			hs_report_add(ev->rep, HS_STATE_UNKNOWN, true, "%s %s not measured: %s",
				      obj->name, r->label,
				      r->metric.src == HS_MSRC_COLUMN &&
						      r->metric.id == HS_COL_LASTSESS
					      ? "it never had a session"
					      : "it never happened");
			continue;
		}
		if (why != HS_MR_OK) {
			hs_ruleseen_skip(&ev->seen, i, obj->name, why);
			continue;
		}
		ev->seen.rule[i].measured++;
		s = hs_threshold_eval(&r->th, v);
		if (s == HS_STATE_OK)
			continue;
		obj->state = hs_state_worst(obj->state, s);
		range = s == HS_STATE_CRITICAL ? r->crit : r->warn;
		if (*r->key == '\0') {
			/* the 1.0 wording, which existing event handlers may match */
			hs_report_add(ev->rep, s, true, "%s session rate %.0f/s (%s range %s)",
				      obj->name, v, s == HS_STATE_CRITICAL ? "critical" : "warning",
				      range);
			continue;
		}
		uom = hs_metric_uom(&r->metric);
		if ((r->metric.src == HS_MSRC_COLUMN &&
		     hs_columns[r->metric.id].nature == HS_NAT_RATE) ||
		    r->metric.src == HS_MSRC_RATE)
			uom = "/s";
		hs_perf_number(num, sizeof(num), v);
		hs_report_add(ev->rep, s, true, "%s %s %s%s (%s range %s)", obj->name, r->label,
			      num, strcmp(uom, "c") == 0 ? "" : uom,
			      s == HS_STATE_CRITICAL ? "critical" : "warning", range);
	}
}

/* The perfdata of <obj>: its default items (<defaults>, with optional
 * limits <max>), then every other metric a rule applying to it covers.
 */
static void
object_perf(struct hs_eval *ev, const struct object *obj, const struct hs_metric *const *defaults,
	    const double *const *max, size_t ndefaults)
{
	struct hs_perfobj po = {&obj->m, obj->perf_prefix, obj->applies};

	hs_objperf_add(ev->rep, ev->cfg.rules, &po, defaults, max, ndefaults);
}

/* Adds the --list row of <obj> now. */
static void
list_now(struct hs_eval *ev, const struct object *obj, const char *type, const char *status,
	 const char *policy)
{
	struct hs_cells cells;

	if (hs_cells_fill(&cells, &ev->list, obj->name, type, status, policy,
			  hs_state_name(obj->state), &obj->m))
		hs_cells_emit(&cells, ev->rep);
	hs_cells_free(&cells);
}

/* Adds the finding for <obj> (a row of type <type>, named <short_name>
 * within its proxy) whose status maps to policy line <key>, or an UNKNOWN
 * finding when the status is not one HAProxy uses for this object type
 * (<key> < 0). <detail> follows the status. An OK finding that the policy
 * lists is summed up per proxy and line unless every object is listed.
 * Raises obj->state.
 */
static void
add_policy_finding(struct hs_eval *ev, struct object *obj, enum hs_objtype type,
		   const char *short_name, int key, const char *status, const char *detail)
{
	enum hs_state s;
	bool listed;

	if (key < 0) {
		obj->state = hs_state_worst(obj->state, HS_STATE_UNKNOWN);
		hs_report_add(ev->rep, HS_STATE_UNKNOWN, true, "%s has unrecognised status '%.64s'",
			      obj->name, status);
		return;
	}
	s = ev->cfg.policy->state[key];
	obj->state = hs_state_worst(obj->state, s);
	listed = hs_policy_defaults[key].listed;
	if (s == HS_STATE_OK && listed && ev->cfg.verbosity == 0 &&
	    (type == HS_OBJ_SERVER || type == HS_OBJ_LISTENER)) {
		char *text = hs_text_alloc("%s %s%s", obj->name, status, detail);

		if (text != NULL)
			hs_proxy_group(&ev->px, key, type, short_name, text);
		free(text);
		return;
	}
	hs_report_add(ev->rep, s, listed || ev->cfg.verbosity > 0, "%s %s%s", obj->name, status,
		      detail);
}

static const char *
policy_key_name(int key)
{
	return key < 0 ? "?" : hs_policy_defaults[key].key;
}

static void
eval_frontend(struct hs_eval *ev, const struct hs_row *row, const struct hs_status *st,
	      struct object *obj)
{
	static const struct hs_metric *const fe_defaults[] = {&metric_rate, &metric_scur};
	static const struct hs_metric *const li_defaults[] = {&metric_scur};
	const char *status = hs_row_str(row, HS_COL_STATUS);
	struct hs_policy_facts facts = {0};
	double rate_lim, slim, scur = 0;
	const double *fe_max[2] = {NULL, NULL};
	const double *li_max[1] = {NULL};
	char detail[128] = "";
	int key;

	if (!hs_row_num(row, HS_COL_SLIM, &slim))
		slim = 0;
	/* 2.4+ keeps a frontend at its maxconn OPEN, its listeners WAITING */
	facts.saturated = row->type == HS_OBJ_FRONTEND && st->cls == HS_SC_OPEN && slim > 0 &&
			  hs_row_num(row, HS_COL_SCUR, &scur) && scur >= slim;
	key = hs_policy_key(row->type, st, &facts);
	if (facts.saturated) {
		snprintf(detail, sizeof(detail), " (scur %.0f %s maxconn %.0f)", scur,
			 scur > slim ? ">" : "=", slim);
		status = "FULL";
	}
	add_policy_finding(ev, obj, row->type, hs_row_str(row, HS_COL_SVNAME), key, status, detail);
	apply_rules(ev, obj);
	if (hs_row_num(row, HS_COL_RATE_LIM, &rate_lim) && rate_lim > 0)
		fe_max[0] = &rate_lim;
	if (slim > 0)
		fe_max[1] = li_max[0] = &slim;
	if (row->type == HS_OBJ_FRONTEND && ev->cfg.perf >= HS_PERF_PROXIES)
		object_perf(ev, obj, fe_defaults, fe_max, 2);
	else if (row->type == HS_OBJ_LISTENER && ev->cfg.perf >= HS_PERF_SERVERS)
		object_perf(ev, obj, li_defaults, li_max, 1);
	if (ev->cfg.list)
		list_now(ev, obj, row->type == HS_OBJ_FRONTEND ? "frontend" : "listener",
			 hs_row_str(row, HS_COL_STATUS), policy_key_name(key));
}

static void
eval_server(struct hs_eval *ev, const struct hs_row *row, const struct hs_status *st,
	    struct object *obj, bool selected)
{
	static const struct hs_metric *const defaults[] = {&metric_scur, &metric_qcur,
							   &metric_rate};
	const char *status = hs_row_str(row, HS_COL_STATUS);
	struct hs_policy_facts facts = {0};
	struct hs_server sv;
	const char *type;
	char detail[320];
	double slim, qlimit;
	const double *max[3] = {NULL, NULL, NULL};
	int key;

	hs_server_describe(&sv, row, st, ev->cfg.policy);
	hs_proxy_add_server(&ev->px, &sv);
	if (!selected)
		return;
	/* whether the backend sets a cookie is known at its row, after ours */
	if (hs_row_str(row, HS_COL_COOKIE) != NULL && *hs_row_str(row, HS_COL_COOKIE) == '\0' &&
	    ev->nocookie++ < HS_PROXY_GROUP_NAMES) {
		size_t used = strlen(ev->nocookie_names);

		snprintf(ev->nocookie_names + used, sizeof(ev->nocookie_names) - used, "%s%.60s",
			 ev->nocookie > 1 ? ", " : "", hs_row_str(row, HS_COL_SVNAME));
	}
	type = sv.backup ? "backup" : "server";
	apply_rules(ev, obj);
	if (ev->cfg.perf >= HS_PERF_SERVERS) {
		if (hs_row_num(row, HS_COL_SLIM, &slim) && slim > 0)
			max[0] = &slim;
		if (hs_row_num(row, HS_COL_QLIMIT, &qlimit) && qlimit > 0)
			max[1] = &qlimit;
		object_perf(ev, obj, defaults, max, 3);
	}
	if (sv.failed) {
		/* the verdict needs every active server of the proxy: defer */
		struct hs_cells cells;
		bool listed = ev->cfg.list && hs_cells_fill(&cells, &ev->list, obj->name, type,
							    status, NULL, NULL, &obj->m);

		if (ev->cfg.list && !listed)
			hs_cells_free(&cells);
		/* a DNS failure: the last check result says nothing about it */
		detail[0] = '\0';
		if (st->cls != HS_SC_MAINT)
			hs_server_detail(row, st, detail, sizeof(detail));
		hs_proxy_defer(&ev->px, sv.backup, obj->state,
			       hs_text_alloc("%s %s%s", obj->name, status, detail),
			       listed ? &cells : NULL);
		return;
	}
	facts.backup = sv.backup;
	facts.weight0 = sv.weight0;
	key = hs_policy_key(HS_OBJ_SERVER, st, &facts);
	detail[0] = '\0';
	if (key == HS_POL_SERVER_WEIGHT0)
		snprintf(detail, sizeof(detail), "%s", HS_SERVER_WEIGHT0_DETAIL);
	else if (st->cls == HS_SC_NOLB || (st->cls == HS_SC_UP && st->trans_den))
		hs_server_detail(row, st, detail, sizeof(detail));
	add_policy_finding(ev, obj, HS_OBJ_SERVER, hs_row_str(row, HS_COL_SVNAME), key, status,
			   detail);
	if (ev->cfg.list)
		list_now(ev, obj, type, status, policy_key_name(key));
}

/* The finding for the servers of <row>'s backend without a cookie value,
 * when the backend sets a cookie (server.nocookie). Raises obj->state.
 */
static void
nocookie_finding(struct hs_eval *ev, const struct hs_row *row, struct object *obj)
{
	const char *cookie = hs_row_str(row, HS_COL_COOKIE);
	enum hs_state s = ev->cfg.policy->state[HS_POL_SERVER_NOCOOKIE];

	if (cookie == NULL || *cookie == '\0' || ev->nocookie == 0 || s == HS_STATE_OK)
		return;
	obj->state = hs_state_worst(obj->state, s);
	hs_report_add(ev->rep, s, true,
		      "%s sets cookie %.64s but %zu server%s no cookie value (%s%s): %s "
		      "sessions cannot stick",
		      obj->name, cookie, ev->nocookie, ev->nocookie == 1 ? " has" : "s have",
		      ev->nocookie_names, ev->nocookie > HS_PROXY_GROUP_NAMES ? ", ..." : "",
		      ev->nocookie == 1 ? "its" : "their");
}

static void
eval_backend(struct hs_eval *ev, const struct hs_row *row, const struct hs_status *st,
	     struct object *obj)
{
	static const struct hs_metric *const defaults[] = {&metric_rate, &metric_scur, &metric_up};
	const struct hs_agg *a = &ev->px.agg;
	const char *status = hs_row_str(row, HS_COL_STATUS);
	double act = a->act_total;
	const double *max[3] = {NULL, NULL, &act};
	int key = hs_policy_key(HS_OBJ_BACKEND, st, NULL);
	char detail[128] = "";

	if (key == HS_POL_BACKEND_DOWN) {
		ev->backends_down++;
		hs_report_backend_down(ev->rep, hs_row_str(row, HS_COL_PXNAME));
		snprintf(detail, sizeof(detail), " (%u/%u active and %u/%u backup servers UP)",
			 a->act_up, a->act_total, a->bck_up, a->bck_total);
	}
	add_policy_finding(ev, obj, HS_OBJ_BACKEND, NULL, key, status, detail);
	nocookie_finding(ev, row, obj);
	/* no active server serves, a backup does, and not every active one
	 * was taken out by an operator */
	if (a->act_total > 0 && a->act_up == 0 && a->bck_up > 0 && a->act_planned < a->act_total) {
		enum hs_state s = ev->cfg.policy->state[HS_POL_BACKEND_BACKUP_ONLY];

		key = HS_POL_BACKEND_BACKUP_ONLY;
		obj->state = hs_state_worst(obj->state, s);
		hs_report_add(ev->rep, s, true,
			      "%s running on backup servers only (0/%u active UP, %u/%u backup UP)",
			      obj->name, a->act_total, a->bck_up, a->bck_total);
	}
	apply_rules(ev, obj);
	if (ev->cfg.perf >= HS_PERF_PROXIES)
		object_perf(ev, obj, defaults, max, 3);
	if (ev->cfg.list) {
		struct hs_cells cells;

		/* written after its servers, when the proxy closes */
		if (hs_cells_fill(&cells, &ev->list, obj->name, "backend", status,
				  policy_key_name(key), hs_state_name(obj->state), &obj->m))
			hs_proxy_backend_cells(&ev->px, &cells);
		else
			hs_cells_free(&cells);
	}
}

void
hs_eval_set_rate(struct hs_eval *ev, struct hs_rate *rt)
{
	ev->rate = rt;
}

int
hs_eval_row(struct hs_eval *ev, const struct hs_row *row, struct hs_error *err)
{
	static const char *const prefix[HS_OBJ_TYPES] = {"fe", "be", "sv", "li"};
	struct hs_prev prev;
	const char *pxname = hs_row_str(row, HS_COL_PXNAME);
	const char *svname = hs_row_str(row, HS_COL_SVNAME);
	const char *status = hs_row_str(row, HS_COL_STATUS);
	struct object obj = {0};
	struct hs_status st;
	bool selected;

	if (!ev->px.open || strcmp(ev->px.name, pxname) != 0) {
		hs_proxy_close(&ev->px, ev->cfg.policy, ev->rep);
		if (hs_proxy_open(&ev->px, pxname,
				  hs_select_proxy(ev->cfg.selection, pxname, &ev->marks), err) != 0)
			return -1;
		ev->nocookie = 0;
		ev->nocookie_names[0] = '\0';
	}
	if (ev->cfg.expect != NULL && ev->cfg.expect->count > 0)
		hs_expect_seen(ev->cfg.expect, ev->found, pxname, svname, row->type);
	hs_status_parse(status, &st);
	if (row->type == HS_OBJ_FRONTEND) {
		ev->frontends++;
		ev->stopping += st.cls == HS_SC_STOP;
	}
	selected = ev->px.selected;
	if (row->type == HS_OBJ_SERVER && selected)
		selected = hs_select_server(ev->cfg.selection, svname, &ev->marks);
	if (!selected && row->type != HS_OBJ_SERVER)
		goto done;
	obj.m.kind = 1u << row->type;
	obj.m.row = row;
	obj.m.agg = row->type == HS_OBJ_BACKEND ? &ev->px.agg : NULL;
	if (selected && (hs_rate_kinds(ev->rate) & obj.m.kind) != 0) {
		hs_rate_object(ev->rate, row, &prev);
		obj.m.prev = &prev;
	}
	obj.proxy = pxname;
	obj.state = HS_STATE_OK;
	obj.name = hs_scratch_join(&ev->name, pxname, '/', svname);
	obj.perf_prefix = "";
	/* the perfdata prefix only for objects that write perfdata */
	if (selected && (row->type == HS_OBJ_FRONTEND || row->type == HS_OBJ_BACKEND) &&
	    ev->cfg.perf >= HS_PERF_PROXIES)
		obj.perf_prefix = hs_scratch_join(&ev->prefix, prefix[row->type], ':', pxname);
	else if (selected && obj.name != NULL && ev->cfg.perf >= HS_PERF_SERVERS)
		obj.perf_prefix = hs_scratch_join(&ev->prefix, prefix[row->type], ':', obj.name);
	if (obj.name == NULL || obj.perf_prefix == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	if (row->type == HS_OBJ_SERVER)
		eval_server(ev, row, &st, &obj, selected);
	else if (row->type == HS_OBJ_BACKEND)
		eval_backend(ev, row, &st, &obj);
	else
		eval_frontend(ev, row, &st, &obj);
	if (selected) {
		ev->selected++;
		/* MAINT (resolution) is a failure: counted with DOWN */
		hs_report_count(ev->rep, row->type, hs_status_failed(&st) ? HS_SC_DOWN : st.cls);
	}
done:
	if (row->type == HS_OBJ_BACKEND)
		hs_proxy_close(&ev->px, ev->cfg.policy, ev->rep);
	return 0;
}

void
hs_eval_frontends(const struct hs_eval *ev, size_t *total, size_t *stop)
{
	*total = ev->frontends;
	*stop = ev->stopping;
}

void
hs_eval_object(struct hs_eval *ev, const struct hs_evobj *o)
{
	struct object obj = {0};

	obj.m = o->m;
	obj.name = o->name;
	obj.proxy = o->proxy;
	obj.perf_prefix = o->perf_prefix;
	obj.state = o->state;
	apply_rules(ev, &obj);
	if (ev->cfg.perf >= HS_PERF_SUMMARY)
		object_perf(ev, &obj, o->defaults, o->max, o->ndefaults);
	if (ev->cfg.list && o->list_type != NULL)
		list_now(ev, &obj, o->list_type, o->list_status, o->list_policy);
}

bool
hs_eval_selects(struct hs_eval *ev, const char *name)
{
	return hs_select_proxy(ev->cfg.selection, name, &ev->marks);
}

const struct hs_eval_config *
hs_eval_config(const struct hs_eval *ev)
{
	return &ev->cfg;
}

struct hs_report *
hs_eval_report(struct hs_eval *ev)
{
	return ev->rep;
}

struct hs_rate *
hs_eval_rate(const struct hs_eval *ev)
{
	return ev->rate;
}

void
hs_eval_finish_rules(struct hs_eval *ev)
{
	hs_ruleseen_report(&ev->seen, ev->cfg.rules, ev->rep, ev->cfg.verbosity > 0,
			   ev->cfg.elsewhere);
}

/* CRITICAL (by default) findings for expected objects that are missing. A
 * missing expected proxy also satisfies the --proxy patterns naming it, so
 * the answer is the finding, not a selection error.
 */
static size_t
report_missing(struct hs_eval *ev)
{
	const struct hs_expect *ex = ev->cfg.expect;
	size_t i, missing = 0;

	for (i = 0; ex != NULL && i < ex->count; i++) {
		const struct hs_expect_item *it = &ex->item[i];

		if (ev->found[i])
			continue;
		missing++;
		if (it->server != NULL)
			hs_report_add(ev->rep, HS_STATE_CRITICAL, true,
				      "%s/%s is missing (expected server not in the dump)",
				      it->proxy, it->server);
		else
			hs_report_add(ev->rep, HS_STATE_CRITICAL, true,
				      "%s is missing (expected proxy not in the dump)", it->proxy);
		hs_select_proxy(ev->cfg.selection, it->proxy, &ev->marks);
	}
	return missing;
}

int
hs_eval_finish(struct hs_eval *ev, struct hs_error *err)
{
	size_t missing;

	hs_proxy_close(&ev->px, ev->cfg.policy, ev->rep);
	missing = report_missing(ev);
	if (ev->cfg.perf == HS_PERF_SUMMARY)
		hs_objperf_summary(ev->rep, ev->backends_down);
	if (hs_selection_check(ev->cfg.selection, &ev->marks, err) != 0)
		return -1;
	if (ev->selected == 0 && missing == 0)
		return hs_error_set(err, HS_ERR_NOMATCH,
				    "the selection matched no frontend, backend or server");
	hs_eval_finish_rules(ev);
	return 0;
}
