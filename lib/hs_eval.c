/* hs_eval.c: turns "show stat" rows (and the "show info" and "show table"
 * answers) into findings, perfdata and --list rows.
 */
#include <hs-config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_buf.h"
#include "hs_eval.h"
#include "hs_perfdata.h"

/* Longest proxy or server name kept; HAProxy names are far shorter. */
#define HS_NAME_MAX 256
/* Bytes of deferred server descriptions kept for one proxy. */
#define HS_PENDING_LIMIT (256 * 1024)
/* A --list row under construction. */
#define HS_ROW_MAX 1024
/* Marks, in a deferred --list row, where the POLICY and STATE cells go. */
#define HS_CELL_MARK '\x01'
/* Separates the parts of a deferred server line. */
#define HS_PART_SEP '\x1f'

/* The aggregate of the proxy being read. */
struct proxy_agg {
	char *name;            /* proxy name (allocated) */
	bool open;             /* rows of this proxy are being read */
	bool selected;         /* the proxy passed the selection */
	unsigned act_total;    /* active servers */
	unsigned act_up;       /* active servers serving: UP (also UP n/m) or no check */
	unsigned act_down;     /* active servers in class DOWN */
	unsigned act_planned;  /* active servers in MAINT or DRAIN that the policy calls OK */
	unsigned bck_total;    /* backup servers */
	unsigned bck_up;       /* backup servers serving, likewise */
	double weight_serving; /* summed weight of serving active servers */
	double weight_config;  /* summed configured weight of active servers */
	/* DOWN servers awaiting the verdict on their backend: one line each,
	 * "B" or "A" (backup or active), the state of their thresholds as a
	 * digit, the finding, HS_PART_SEP and their --list row.
	 */
	struct hs_buf pending;
	size_t pending_dropped_active, pending_dropped_backup;
	char *backend_row; /* --list row of the BACKEND, written after its servers */
};

struct hs_eval {
	struct hs_eval_config cfg;
	struct hs_report *rep;
	struct proxy_agg px;
	size_t selected;      /* objects selected in the whole dump */
	size_t backends_down; /* selected backends in class DOWN */
	size_t frontends;     /* frontends, selected or not */
	size_t stopping;      /* frontends in STOP, selected or not */
	/* what this evaluation learns */
	struct hs_select_marks marks;  /* include patterns matched */
	size_t measured[HS_RULES_MAX]; /* objects each rule was read from */
	bool *found;                   /* per --expect item */
	bool assume;                   /* hs_eval_assume_servers() for the next BACKEND */
	unsigned assume_act, assume_bck;
	/* --list metric columns: scur, rate, then each rule's metric */
	const struct hs_metric *list_metric[2 + HS_RULES_MAX];
	size_t list_metrics;
};

static const struct hs_metric metric_scur = {HS_MSRC_COLUMN, HS_COL_SCUR, NULL};
static const struct hs_metric metric_rate = {HS_MSRC_COLUMN, HS_COL_RATE, NULL};
static const struct hs_metric metric_qcur = {HS_MSRC_COLUMN, HS_COL_QCUR, NULL};
static const struct hs_metric metric_up = {HS_MSRC_DERIVED, HS_DM_UP, NULL};
static const struct hs_metric metric_table_used = {HS_MSRC_DERIVED, HS_DM_TABLE_USED, NULL};

static bool
same_metric(const struct hs_metric *a, const struct hs_metric *b)
{
	if (a->src != b->src)
		return false;
	if (a->src == HS_MSRC_INFO)
		return strcmp(a->field, b->field) == 0;
	return a->id == b->id;
}

/* Adds a --list row given as tab-separated cells. */
static void
list_row_text(struct hs_report *rep, const char *row)
{
	const char *cells[2 + HS_RULES_MAX + 8];
	char *copy = strdup(row), *p, *save = NULL;
	size_t n = 0;

	if (copy == NULL)
		return;
	for (p = strtok_r(copy, "\t", &save); p != NULL && n < sizeof(cells) / sizeof(cells[0]);
	     p = strtok_r(NULL, "\t", &save))
		cells[n++] = p;
	hs_report_list_row(rep, cells, n);
	free(copy);
}

/* Adds the --list header and chooses its metric columns. */
static void
list_header(struct hs_eval *ev)
{
	char row[HS_ROW_MAX];
	size_t i, j, o;

	ev->list_metric[ev->list_metrics++] = &metric_scur;
	ev->list_metric[ev->list_metrics++] = &metric_rate;
	for (i = 0; ev->cfg.rules != NULL && i < ev->cfg.rules->count; i++) {
		const struct hs_metric *m = &ev->cfg.rules->rule[i].metric;
		bool dup = false;

		for (j = 0; j < ev->list_metrics; j++)
			dup |= same_metric(m, ev->list_metric[j]);
		if (!dup)
			ev->list_metric[ev->list_metrics++] = m;
	}
	o = (size_t)snprintf(row, sizeof(row), "OBJECT\tTYPE\tSTATUS\tPOLICY\tSTATE");
	for (j = 0; j < ev->list_metrics && o < sizeof(row); j++)
		o += (size_t)snprintf(row + o, sizeof(row) - o, "\t%s",
				      hs_metric_name(ev->list_metric[j]));
	list_row_text(ev->rep, row);
}

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
	hs_buf_init(&ev->px.pending, HS_PENDING_LIMIT);
	report->show_table = cfg->list;
	if (cfg->list)
		list_header(ev);
	return ev;
}

void
hs_eval_free(struct hs_eval *ev)
{
	if (ev == NULL)
		return;
	hs_buf_free(&ev->px.pending);
	hs_select_marks_free(&ev->marks);
	free(ev->found);
	free(ev->px.backend_row);
	free(ev->px.name);
	free(ev);
}

/* <num>/<den> of <row> as a percentage; false when either is missing or
 * the limit <den> is not set (0).
 */
static bool
row_pct(const struct hs_row *row, enum hs_col num, enum hs_col den, double *out)
{
	double n, d;

	if (!hs_row_num(row, num, &n) || !hs_row_num(row, den, &d) || d <= 0)
		return false;
	*out = 100.0 * n / d;
	return true;
}

/* Value of <m> for the object of <row> (a BACKEND row also sees the
 * aggregate of its servers). Returns false when the object lacks it.
 */
static bool
row_metric(const struct hs_eval *ev, const struct hs_metric *m, const struct hs_row *row,
	   double *out)
{
	const struct proxy_agg *px = &ev->px;
	unsigned planned_out = px->act_total - px->act_planned;

	if ((hs_metric_kinds(m) & (1u << row->type)) == 0)
		return false;
	if (m->src == HS_MSRC_COLUMN) {
		if (!hs_row_num(row, (enum hs_col)m->id, out))
			return false;
		/* lastsess is -1 when the object never had a session */
		return !(hs_columns[m->id].nature == HS_NAT_AGE && *out < 0);
	}
	if (m->src != HS_MSRC_DERIVED)
		return false;
	switch ((enum hs_derived)m->id) {
	case HS_DM_SESSIONS_PCT:
		return row_pct(row, HS_COL_SCUR, HS_COL_SLIM, out);
	case HS_DM_QUEUE_PCT:
		return row_pct(row, HS_COL_QCUR, HS_COL_QLIMIT, out);
	case HS_DM_RATE_PCT:
		return row_pct(row, HS_COL_RATE, HS_COL_RATE_LIM, out);
	case HS_DM_UP:
		*out = px->act_up;
		return true;
	case HS_DM_UP_PCT:
		if (planned_out == 0)
			return false;
		*out = 100.0 * px->act_up / planned_out;
		return true;
	case HS_DM_BACKUP_UP:
		*out = px->bck_up;
		return true;
	case HS_DM_CAPACITY_PCT:
		if (px->weight_config <= 0)
			return false;
		*out = 100.0 * px->weight_serving / px->weight_config;
		return true;
	default:
		return false;
	}
}

/* Value of <m> for the process, from "show info". */
static bool
info_metric(const struct hs_metric *m, const struct hs_info *info, double *out)
{
	double n, d;

	if (m->src == HS_MSRC_INFO)
		return hs_info_num(info, m->field, out);
	if (m->src != HS_MSRC_DERIVED)
		return false;
	if (m->id == HS_DM_INFO_CONN_PCT) {
		if (!hs_info_num(info, "CurrConns", &n) || !hs_info_num(info, "Maxconn", &d) ||
		    d <= 0)
			return false;
	} else if (m->id == HS_DM_INFO_SESSRATE_PCT) {
		if (!hs_info_num(info, "SessRate", &n) || !hs_info_num(info, "SessRateLimit", &d) ||
		    d <= 0)
			return false;
	} else {
		return false;
	}
	*out = 100.0 * n / d;
	return true;
}

/* Value of <m> for a stick table. */
static bool
table_metric(const struct hs_metric *m, const struct hs_table *t, double *out)
{
	if (m->src != HS_MSRC_DERIVED)
		return false;
	if (m->id == HS_DM_TABLE_USED) {
		*out = t->used;
		return true;
	}
	if (m->id == HS_DM_TABLE_USED_PCT && t->size > 0) {
		*out = 100.0 * t->used / t->size;
		return true;
	}
	return false;
}

/* The object being evaluated: whichever of a row, the process or a table. */
struct object {
	unsigned kind;           /* one HS_F/HS_B/HS_S/HS_L/HS_K_* bit */
	const char *name;        /* "proxy/server", "process", table name */
	const char *perf_prefix; /* "fe:app", "sv:app/s1", "info", "table:t" */
	const struct hs_row *row;
	const struct hs_info *info;
	const struct hs_table *table;
	enum hs_state state; /* worst finding so far */
};

static bool
object_metric(const struct hs_eval *ev, const struct object *obj, const struct hs_metric *m,
	      double *out)
{
	if ((hs_metric_kinds(m) & obj->kind) == 0)
		return false;
	if (obj->row != NULL)
		return row_metric(ev, m, obj->row, out);
	if (obj->info != NULL)
		return info_metric(m, obj->info, out);
	if (obj->table != NULL)
		return table_metric(m, obj->table, out);
	return false;
}

/* Applies every rule that covers <obj>: a finding for each value outside
 * its ranges. Raises obj->state.
 */
static void
apply_rules(struct hs_eval *ev, struct object *obj)
{
	const struct hs_rules *rules = ev->cfg.rules;
	size_t i;

	for (i = 0; rules != NULL && i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];
		const char *uom, *range;
		char num[64];
		enum hs_state s;
		double v;

		if ((r->kinds & obj->kind) == 0 || !object_metric(ev, obj, &r->metric, &v))
			continue;
		ev->measured[i]++;
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
		if (r->metric.src == HS_MSRC_COLUMN &&
		    hs_columns[r->metric.id].nature == HS_NAT_RATE)
			uom = "/s";
		hs_perf_number(num, sizeof(num), v);
		hs_report_add(ev->rep, s, true, "%s %s %s%s (%s range %s)", obj->name, r->label,
			      num, strcmp(uom, "c") == 0 ? "" : uom,
			      s == HS_STATE_CRITICAL ? "critical" : "warning", range);
	}
}

/* The ranges that rules covering <obj> put on <m>: the first warning and
 * the first critical range given (two rules, such as up=3: and
 * backend.up=1:, may each give one). False when no rule covers it.
 */
static bool
ranges_for(const struct hs_eval *ev, const struct object *obj, const struct hs_metric *m,
	   const char **warn, const char **crit)
{
	const struct hs_rules *rules = ev->cfg.rules;
	bool covered = false;
	size_t i;

	*warn = *crit = NULL;
	for (i = 0; rules != NULL && i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];

		if ((r->kinds & obj->kind) == 0 || !same_metric(&r->metric, m))
			continue;
		covered = true;
		if (*warn == NULL)
			*warn = r->warn;
		if (*crit == NULL)
			*crit = r->crit;
	}
	return covered;
}

/* One perfdata item for metric <m> of <obj>, with the ranges of the rules
 * that cover it; <max> when a limit applies.
 */
static void
perf_item(struct hs_eval *ev, const struct object *obj, const struct hs_metric *m,
	  const double *max)
{
	static const double zero = 0;
	const char *uom = hs_metric_uom(m), *warn, *crit;
	bool pct = strcmp(uom, "%") == 0;
	bool covered = ranges_for(ev, obj, m, &warn, &crit);
	char label[2 * HS_NAME_MAX + 64];
	const char *name = hs_metric_name(m);
	double v;

	if (!object_metric(ev, obj, m, &v))
		return;
	if (strncmp(name, "info.", 5) == 0 || strncmp(name, "table.", 6) == 0)
		name = strchr(name, '.') + 1;
	snprintf(label, sizeof(label), "%s:%s", obj->perf_prefix, name);
	hs_report_perf(ev->rep, covered, label, v, uom, warn, crit, pct ? NULL : &zero,
		       pct ? NULL : max);
}

/* The perfdata of <obj>: its default items (<defaults>, with optional
 * limits <max>), then every other metric a rule covers.
 */
static void
object_perf(struct hs_eval *ev, const struct object *obj, const struct hs_metric *const *defaults,
	    const double *const *max, size_t ndefaults)
{
	const struct hs_rules *rules = ev->cfg.rules;
	const struct hs_metric *done[2 * HS_RULES_MAX];
	size_t ndone = 0, i, j;

	for (i = 0; i < ndefaults; i++) {
		perf_item(ev, obj, defaults[i], max[i]);
		done[ndone++] = defaults[i];
	}
	for (i = 0; rules != NULL && i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];
		bool dup = false;

		if ((r->kinds & obj->kind) == 0)
			continue;
		for (j = 0; j < ndone; j++)
			dup |= same_metric(done[j], &r->metric);
		if (dup)
			continue;
		perf_item(ev, obj, &r->metric, NULL);
		done[ndone++] = &r->metric;
	}
}

/* Appends to <dst> (at <*o>, <size> bytes) a tab and <s> with tabs and
 * carriage returns turned into spaces.
 */
static void
cell(char *dst, size_t size, size_t *o, const char *s)
{
	if (*o + 1 >= size)
		return;
	dst[(*o)++] = '\t';
	for (; *s != '\0' && *o + 1 < size; s++)
		dst[(*o)++] = (*s == '\t' || *s == '\r') ? ' ' : *s;
	dst[*o] = '\0';
}

/* Writes the metric cells of <obj> for the --list row into <dst>. */
static void
metric_cells(const struct hs_eval *ev, const struct object *obj, char *dst, size_t size)
{
	size_t o = 0, i;
	char num[64];
	double v;

	dst[0] = '\0';
	for (i = 0; i < ev->list_metrics; i++) {
		if (object_metric(ev, obj, ev->list_metric[i], &v))
			hs_perf_number(num, sizeof(num), v);
		else
			snprintf(num, sizeof(num), "-");
		cell(dst, size, &o, num);
	}
}

/* Writes the --list row of <obj> into <row>: OBJECT TYPE STATUS, then
 * POLICY and STATE (or, when <policy> is NULL, a mark for them), then the
 * metric cells.
 */
static void
list_row(const struct hs_eval *ev, const struct object *obj, const char *type, const char *status,
	 const char *policy, char *row, size_t size)
{
	char metrics[HS_ROW_MAX / 2];
	size_t o = 0;

	row[0] = '\0';
	cell(row, size, &o, obj->name);
	memmove(row, row + 1, o--); /* no tab before the first cell */
	cell(row, size, &o, type);
	cell(row, size, &o, status);
	if (policy != NULL) {
		cell(row, size, &o, policy);
		cell(row, size, &o, hs_state_name(obj->state));
	} else if (o + 1 < size) {
		row[o++] = HS_CELL_MARK;
		row[o] = '\0';
	}
	metric_cells(ev, obj, metrics, sizeof(metrics));
	if (o + strlen(metrics) + 1 < size)
		memcpy(row + o, metrics, strlen(metrics) + 1);
}

/* Check or agent detail of a server row, e.g. "L4CON Connection refused",
 * written into <dst>; empty when there is none.
 */
static void
server_detail(const struct hs_row *row, const struct hs_status *st, char *dst, size_t size)
{
	enum hs_col code_col = HS_COL_CHECK_STATUS, text_col = HS_COL_LAST_CHK;
	const char *code, *text;

	if (st->cause == HS_CAUSE_AGENT) {
		code_col = HS_COL_AGENT_STATUS;
		text_col = HS_COL_LAST_AGT;
	}
	code = hs_row_str(row, code_col);
	text = hs_row_str(row, text_col);
	if (code == NULL)
		code = "";
	if (strncmp(code, "* ", 2) == 0)
		code += 2; /* a check is running; the code is the last result */
	if (text == NULL)
		text = "";
	if (*code == '\0' && *text == '\0') {
		const char *tracked = hs_row_str(row, HS_COL_TRACKED);

		/* a tracking server has no checks of its own */
		if (tracked != NULL && *tracked != '\0')
			snprintf(dst, size, " (tracks %.200s)", tracked);
		else
			dst[0] = '\0';
		return;
	}
	snprintf(dst, size, " (%s%s%.200s)", code, *code && *text ? " " : "", text);
}

/* Policy line for a frontend or listener status class. */
static int
frontend_key(enum hs_objtype type, enum hs_status_class cls)
{
	if (type == HS_OBJ_FRONTEND) {
		switch (cls) {
		case HS_SC_OPEN:
			return HS_POL_FRONTEND_OPEN;
		case HS_SC_FULL:
			return HS_POL_FRONTEND_FULL;
		case HS_SC_STOP:
			return HS_POL_FRONTEND_STOP;
		case HS_SC_PAUSED:
			return HS_POL_FRONTEND_PAUSED;
		default:
			return -1;
		}
	}
	switch (cls) {
	case HS_SC_OPEN:
		return HS_POL_LISTENER_OPEN;
	case HS_SC_WAITING:
		return HS_POL_LISTENER_WAITING;
	case HS_SC_FULL:
		return HS_POL_LISTENER_FULL;
	default:
		return -1;
	}
}

/* Adds the finding for an object whose status maps to policy line <key>,
 * or an UNKNOWN finding when the status is not one HAProxy uses for this
 * object type (<key> < 0). <detail> follows the status. Raises
 * obj->state.
 */
static void
add_policy_finding(struct hs_eval *ev, struct object *obj, int key, const char *status,
		   const char *detail)
{
	enum hs_state s;

	if (key < 0) {
		obj->state = hs_state_worst(obj->state, HS_STATE_UNKNOWN);
		hs_report_add(ev->rep, HS_STATE_UNKNOWN, true, "%s has unrecognised status '%.64s'",
			      obj->name, status);
		return;
	}
	s = ev->cfg.policy->state[key];
	obj->state = hs_state_worst(obj->state, s);
	hs_report_add(ev->rep, s, hs_policy_defaults[key].listed || ev->cfg.verbosity > 0,
		      "%s %s%s", obj->name, status, detail);
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
	int key = frontend_key(row->type, st->cls);
	double rate_lim, slim;
	const double *fe_max[2] = {NULL, NULL};
	const double *li_max[1] = {NULL};
	char lrow[HS_ROW_MAX];

	add_policy_finding(ev, obj, key, status, "");
	apply_rules(ev, obj);
	if (hs_row_num(row, HS_COL_RATE_LIM, &rate_lim) && rate_lim > 0)
		fe_max[0] = &rate_lim;
	if (hs_row_num(row, HS_COL_SLIM, &slim) && slim > 0)
		fe_max[1] = li_max[0] = &slim;
	if (row->type == HS_OBJ_FRONTEND && ev->cfg.perf >= HS_PERF_PROXIES)
		object_perf(ev, obj, fe_defaults, fe_max, 2);
	else if (row->type == HS_OBJ_LISTENER && ev->cfg.perf >= HS_PERF_SERVERS)
		object_perf(ev, obj, li_defaults, li_max, 1);
	if (ev->cfg.list) {
		list_row(ev, obj, row->type == HS_OBJ_FRONTEND ? "frontend" : "listener", status,
			 policy_key_name(key), lrow, sizeof(lrow));
		list_row_text(ev->rep, lrow);
	}
}

/* Policy line for a server row that is not DOWN. */
static int
server_key(const struct hs_status *st)
{
	switch (st->cls) {
	case HS_SC_UP:
		return st->trans_den ? HS_POL_SERVER_GOING_DOWN : HS_POL_SERVER_UP;
	case HS_SC_NOLB:
		return HS_POL_SERVER_NOLB;
	case HS_SC_DRAIN:
		return HS_POL_SERVER_DRAIN;
	case HS_SC_MAINT:
		return HS_POL_SERVER_MAINT;
	case HS_SC_NOCHECK:
		return HS_POL_SERVER_NOCHECK;
	default:
		return -1;
	}
}

/* Adds server <row> to the aggregate of its proxy. */
static void
aggregate_server(struct hs_eval *ev, const struct hs_row *row, const struct hs_status *st,
		 bool backup)
{
	struct proxy_agg *px = &ev->px;
	bool serving = st->cls == HS_SC_UP || st->cls == HS_SC_NOCHECK;
	double weight, uweight;

	if (backup) {
		px->bck_total++;
		px->bck_up += serving;
		return;
	}
	px->act_total++;
	px->act_up += serving;
	px->act_down += st->cls == HS_SC_DOWN;
	if ((st->cls == HS_SC_MAINT && ev->cfg.policy->state[HS_POL_SERVER_MAINT] == HS_STATE_OK) ||
	    (st->cls == HS_SC_DRAIN && ev->cfg.policy->state[HS_POL_SERVER_DRAIN] == HS_STATE_OK))
		px->act_planned++;
	if (!hs_row_num(row, HS_COL_WEIGHT, &weight))
		weight = 0;
	if (!hs_row_num(row, HS_COL_UWEIGHT, &uweight))
		uweight = weight; /* before 2.4: the current weight is all there is */
	if (serving)
		px->weight_serving += weight;
	px->weight_config += uweight;
}

static void
eval_server(struct hs_eval *ev, const struct hs_row *row, const struct hs_status *st,
	    struct object *obj, bool selected)
{
	static const struct hs_metric *const defaults[] = {&metric_scur, &metric_qcur,
							   &metric_rate};
	struct proxy_agg *px = &ev->px;
	const char *bck = hs_row_str(row, HS_COL_BCK);
	const char *status = hs_row_str(row, HS_COL_STATUS);
	bool backup = bck != NULL && strcmp(bck, "1") == 0;
	const char *type = backup ? "backup" : "server";
	char detail[320], lrow[HS_ROW_MAX];
	double slim, qlimit;
	const double *max[3] = {NULL, NULL, NULL};
	int key;

	aggregate_server(ev, row, st, backup);
	if (!selected)
		return;
	apply_rules(ev, obj);
	if (ev->cfg.perf >= HS_PERF_SERVERS) {
		if (hs_row_num(row, HS_COL_SLIM, &slim) && slim > 0)
			max[0] = &slim;
		if (hs_row_num(row, HS_COL_QLIMIT, &qlimit) && qlimit > 0)
			max[1] = &qlimit;
		object_perf(ev, obj, defaults, max, 3);
	}
	if (st->cls == HS_SC_DOWN) {
		/* the verdict needs every active server of the proxy: defer */
		server_detail(row, st, detail, sizeof(detail));
		lrow[0] = '\0';
		if (ev->cfg.list)
			list_row(ev, obj, type, status, NULL, lrow, sizeof(lrow));
		if (!hs_buf_printf(&px->pending, "%c%d%s %s%s%c%s\n", backup ? 'B' : 'A',
				   (int)obj->state, obj->name, status, detail, HS_PART_SEP, lrow)) {
			if (backup)
				px->pending_dropped_backup++;
			else
				px->pending_dropped_active++;
		}
		return;
	}
	detail[0] = '\0';
	if (st->cls == HS_SC_NOLB || (st->cls == HS_SC_UP && st->trans_den))
		server_detail(row, st, detail, sizeof(detail));
	key = server_key(st);
	add_policy_finding(ev, obj, key, status, detail);
	if (ev->cfg.list) {
		list_row(ev, obj, type, status, policy_key_name(key), lrow, sizeof(lrow));
		list_row_text(ev->rep, lrow);
	}
}

/* Completes a deferred --list row <row> (<len> bytes, with the cell mark)
 * with the policy line <key> and state <state>.
 */
static void
settle_list_row(struct hs_eval *ev, const char *row, size_t len, int key, enum hs_state state)
{
	char out[HS_ROW_MAX + 64];
	const char *mark = memchr(row, HS_CELL_MARK, len);

	if (mark == NULL)
		return;
	snprintf(out, sizeof(out), "%.*s\t%s\t%s%.*s", (int)(mark - row), row, policy_key_name(key),
		 hs_state_name(state), (int)(len - (size_t)(mark - row) - 1), mark + 1);
	list_row_text(ev->rep, out);
}

/* Settles the deferred DOWN servers of the current proxy. */
static void
settle_pending(struct hs_eval *ev)
{
	struct proxy_agg *px = &ev->px;
	const struct hs_policy *pol = ev->cfg.policy;
	int active_key = px->act_up > 0 ? HS_POL_SERVER_DOWN : HS_POL_SERVER_DOWN_LAST;
	const char *p = hs_buf_str(&px->pending);

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		const char *sep = memchr(p, HS_PART_SEP, (size_t)(nl - p));
		int key = p[0] == 'B' ? HS_POL_BACKUP_DOWN : active_key;
		enum hs_state rules_state = (enum hs_state)(p[1] - '0');

		hs_report_add(ev->rep, pol->state[key], true, "%.*s", (int)(sep - p - 2), p + 2);
		if (ev->cfg.list)
			settle_list_row(ev, sep + 1, (size_t)(nl - sep - 1), key,
					hs_state_worst(rules_state, pol->state[key]));
		p = nl + 1;
	}
	if (px->pending_dropped_active > 0)
		hs_report_add(ev->rep, pol->state[active_key], true,
			      "%s: %zu more servers DOWN (not shown: output limit)", px->name,
			      px->pending_dropped_active);
	if (px->pending_dropped_backup > 0)
		hs_report_add(ev->rep, pol->state[HS_POL_BACKUP_DOWN], true,
			      "%s: %zu more backup servers DOWN (not shown: output limit)",
			      px->name, px->pending_dropped_backup);
	hs_buf_free(&px->pending);
	px->pending_dropped_active = px->pending_dropped_backup = 0;
}

static void
eval_backend(struct hs_eval *ev, const struct hs_row *row, const struct hs_status *st,
	     struct object *obj)
{
	static const struct hs_metric *const defaults[] = {&metric_rate, &metric_scur, &metric_up};
	struct proxy_agg *px = &ev->px;
	const char *status = hs_row_str(row, HS_COL_STATUS);
	double act = px->act_total;
	const double *max[3] = {NULL, NULL, &act};
	char lrow[HS_ROW_MAX];
	int key = -1;

	switch (st->cls) {
	case HS_SC_UP:
		key = HS_POL_BACKEND_UP;
		add_policy_finding(ev, obj, key, status, "");
		break;
	case HS_SC_DOWN: {
		char detail[128];

		key = HS_POL_BACKEND_DOWN;
		ev->backends_down++;
		snprintf(detail, sizeof(detail), " (%u/%u active and %u/%u backup servers UP)",
			 px->act_up, px->act_total, px->bck_up, px->bck_total);
		add_policy_finding(ev, obj, key, status, detail);
		break;
	}
	default:
		add_policy_finding(ev, obj, -1, status, "");
		break;
	}
	if (px->act_total > 0 && px->act_up == 0 && px->act_down > 0 && px->bck_up > 0) {
		enum hs_state s = ev->cfg.policy->state[HS_POL_BACKEND_BACKUP_ONLY];

		key = HS_POL_BACKEND_BACKUP_ONLY;
		obj->state = hs_state_worst(obj->state, s);
		hs_report_add(ev->rep, s, true,
			      "%s running on backup servers only (0/%u active UP, %u/%u backup UP)",
			      obj->name, px->act_total, px->bck_up, px->bck_total);
	}
	apply_rules(ev, obj);
	if (ev->cfg.perf >= HS_PERF_PROXIES)
		object_perf(ev, obj, defaults, max, 3);
	if (ev->cfg.list) {
		list_row(ev, obj, "backend", status, policy_key_name(key), lrow, sizeof(lrow));
		free(px->backend_row);
		px->backend_row = strdup(lrow); /* after the DOWN servers, at close */
	}
}

/* Closes the current proxy: settles its deferred servers. */
static void
close_proxy(struct hs_eval *ev)
{
	if (!ev->px.open)
		return;
	settle_pending(ev);
	if (ev->px.backend_row != NULL) {
		list_row_text(ev->rep, ev->px.backend_row);
		free(ev->px.backend_row);
		ev->px.backend_row = NULL;
	}
	free(ev->px.name);
	ev->px.name = NULL;
	ev->px.open = false;
}

/* Starts the aggregate for proxy <name>. Returns 0, or -1 with <err> set
 * when out of memory.
 */
static int
open_proxy(struct hs_eval *ev, const char *name, struct hs_error *err)
{
	struct proxy_agg *px = &ev->px;
	struct hs_buf pending = px->pending;

	memset(px, 0, sizeof(*px));
	px->pending = pending;
	px->name = strdup(name);
	if (px->name == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	px->open = true;
	px->selected = hs_select_proxy(ev->cfg.selection, name, &ev->marks);
	return 0;
}

/* Writes "<a><sep><b>" into <dst> (2 * HS_NAME_MAX + 2 bytes), each part
 * cut to HS_NAME_MAX - 1 bytes. Called for every row: no printf.
 */
static void
join_name(char *dst, const char *a, char sep, const char *b)
{
	size_t al = strnlen(a, HS_NAME_MAX - 1);
	size_t bl = strnlen(b, HS_NAME_MAX - 1);

	memcpy(dst, a, al);
	dst[al] = sep;
	memcpy(dst + al + 1, b, bl);
	dst[al + 1 + bl] = '\0';
}

int
hs_eval_row(struct hs_eval *ev, const struct hs_row *row, struct hs_error *err)
{
	static const char *const prefix[HS_OBJ_TYPES] = {"fe", "be", "sv", "li"};
	const char *pxname = hs_row_str(row, HS_COL_PXNAME);
	const char *svname = hs_row_str(row, HS_COL_SVNAME);
	const char *status = hs_row_str(row, HS_COL_STATUS);
	char objname[2 * HS_NAME_MAX + 2], perf_prefix[2 * HS_NAME_MAX + 8];
	struct object obj = {0};
	struct hs_status st;
	bool selected;

	if (!ev->px.open || strcmp(ev->px.name, pxname) != 0) {
		close_proxy(ev);
		if (open_proxy(ev, pxname, err) != 0)
			return -1;
	}
	if (ev->cfg.expect != NULL && ev->cfg.expect->count > 0)
		hs_expect_seen(ev->cfg.expect, ev->found, pxname, svname, row->type);
	join_name(objname, pxname, '/', svname);
	hs_status_parse(status, &st);
	if (row->type == HS_OBJ_FRONTEND) {
		ev->frontends++;
		ev->stopping += st.cls == HS_SC_STOP;
	}
	selected = ev->px.selected;
	if ((row->type == HS_OBJ_SERVER || row->type == HS_OBJ_LISTENER) && selected)
		selected = row->type == HS_OBJ_LISTENER ||
			   hs_select_server(ev->cfg.selection, svname, &ev->marks);
	obj.kind = 1u << row->type;
	obj.name = objname;
	obj.row = row;
	obj.state = HS_STATE_OK;
	obj.perf_prefix = perf_prefix;
	/* the perfdata prefix only for objects that write perfdata */
	if (selected && (row->type == HS_OBJ_FRONTEND || row->type == HS_OBJ_BACKEND) &&
	    ev->cfg.perf >= HS_PERF_PROXIES)
		join_name(perf_prefix, prefix[row->type], ':', pxname);
	else if (selected && ev->cfg.perf >= HS_PERF_SERVERS)
		join_name(perf_prefix, prefix[row->type], ':', objname);
	if (row->type == HS_OBJ_BACKEND && ev->assume) {
		unsigned n = ev->assume_act + ev->assume_bck;

		ev->assume = false;
		ev->px.act_total = ev->px.act_up = ev->assume_act;
		ev->px.bck_total = ev->px.bck_up = ev->assume_bck;
		if (selected) {
			ev->selected += n;
			ev->rep->objects[HS_OBJ_SERVER] += n;
			ev->rep->servers[HS_SC_UP] += n;
		}
	}
	if (row->type == HS_OBJ_SERVER) {
		eval_server(ev, row, &st, &obj, selected);
	} else if (selected) {
		if (row->type == HS_OBJ_BACKEND)
			eval_backend(ev, row, &st, &obj);
		else
			eval_frontend(ev, row, &st, &obj);
	}
	if (selected) {
		ev->selected++;
		hs_report_count(ev->rep, row->type, st.cls);
	}
	if (row->type == HS_OBJ_BACKEND)
		close_proxy(ev);
	return 0;
}

void
hs_eval_assume_servers(struct hs_eval *ev, unsigned act, unsigned bck)
{
	ev->assume = true;
	ev->assume_act = act;
	ev->assume_bck = bck;
}

void
hs_eval_frontends(const struct hs_eval *ev, size_t *total, size_t *stop)
{
	*total = ev->frontends;
	*stop = ev->stopping;
}

void
hs_eval_info(struct hs_eval *ev, const struct hs_info *info)
{
	struct object obj = {0};
	char lrow[HS_ROW_MAX];

	obj.kind = HS_K_PROCESS;
	obj.name = "process";
	obj.perf_prefix = "info";
	obj.info = info;
	obj.state = HS_STATE_OK;
	apply_rules(ev, &obj);
	if (ev->cfg.perf >= HS_PERF_SUMMARY)
		object_perf(ev, &obj, NULL, NULL, 0);
	if (ev->cfg.list) {
		list_row(ev, &obj, "process", "-", "-", lrow, sizeof(lrow));
		list_row_text(ev->rep, lrow);
	}
}

void
hs_eval_table(struct hs_eval *ev, const struct hs_table *table)
{
	static const struct hs_metric *const defaults[] = {&metric_table_used};
	const double *max[1] = {table->size > 0 ? &table->size : NULL};
	struct object obj = {0};
	char lrow[HS_ROW_MAX], prefix[HS_NAME_MAX + 8];

	if (!hs_select_proxy(ev->cfg.selection, table->name, &ev->marks))
		return;
	snprintf(prefix, sizeof(prefix), "table:%s", table->name);
	obj.kind = HS_K_TABLE;
	obj.name = table->name;
	obj.perf_prefix = prefix;
	obj.table = table;
	obj.state = HS_STATE_OK;
	apply_rules(ev, &obj);
	if (ev->cfg.perf >= HS_PERF_SUMMARY)
		object_perf(ev, &obj, defaults, max, 1);
	if (ev->cfg.list) {
		list_row(ev, &obj, "table", table->type, "-", lrow, sizeof(lrow));
		list_row_text(ev->rep, lrow);
	}
}

/* Totals for --perfdata=summary. */
static void
summary_perf(struct hs_eval *ev)
{
	static const struct {
		const char *label;
		enum hs_status_class cls;
	} classes[] = {
		{"servers_up", HS_SC_UP},       {"servers_down", HS_SC_DOWN},
		{"servers_maint", HS_SC_MAINT}, {"servers_drain", HS_SC_DRAIN},
		{"servers_nolb", HS_SC_NOLB},   {"servers_nocheck", HS_SC_NOCHECK},
	};
	static const double zero = 0;
	const struct hs_report *rep = ev->rep;
	double servers = (double)rep->objects[HS_OBJ_SERVER];
	double backends = (double)rep->objects[HS_OBJ_BACKEND];
	size_t i;

	hs_report_perf(ev->rep, false, "frontends", (double)rep->objects[HS_OBJ_FRONTEND], "", NULL,
		       NULL, &zero, NULL);
	hs_report_perf(ev->rep, false, "backends", backends, "", NULL, NULL, &zero, NULL);
	hs_report_perf(ev->rep, false, "backends_down", (double)ev->backends_down, "", NULL, NULL,
		       &zero, &backends);
	hs_report_perf(ev->rep, false, "servers", servers, "", NULL, NULL, &zero, NULL);
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		hs_report_perf(ev->rep, false, classes[i].label,
			       (double)rep->servers[classes[i].cls], "", NULL, NULL, &zero,
			       &servers);
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

	close_proxy(ev);
	missing = report_missing(ev);
	if (ev->cfg.perf == HS_PERF_SUMMARY)
		summary_perf(ev);
	if (hs_selection_check(ev->cfg.selection, &ev->marks, err) != 0)
		return -1;
	if (ev->selected == 0 && missing == 0)
		return hs_error_set(err, HS_ERR_NOMATCH,
				    "the selection matched no frontend, backend or server");
	if (ev->cfg.rules != NULL && hs_rules_check_measured(ev->cfg.rules, ev->measured, err) != 0)
		return -1;
	return 0;
}
