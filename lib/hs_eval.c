/* hs_eval.c: turns "show stat" rows into findings and perfdata. */
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

/* The aggregate of the proxy being read. */
struct proxy_agg {
	char *name;         /* proxy name (allocated) */
	bool open;          /* rows of this proxy are being read */
	bool selected;      /* the proxy passed the selection */
	unsigned act_total; /* active servers */
	unsigned act_up;    /* active servers serving: UP (also UP n/m) or no check */
	unsigned act_down;  /* active servers in class DOWN */
	unsigned bck_total; /* backup servers */
	unsigned bck_up;    /* backup servers serving, likewise */
	/* DOWN servers awaiting the verdict on their backend: one line each,
	 * "B" or "A" (backup or active) then the description.
	 */
	struct hs_buf pending;
	size_t pending_dropped_active, pending_dropped_backup;
};

struct hs_eval {
	struct hs_eval_config cfg;
	struct hs_report *rep;
	struct proxy_agg px;
	size_t selected; /* objects selected in the whole dump */
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
	hs_buf_init(&ev->px.pending, HS_PENDING_LIMIT);
	return ev;
}

void
hs_eval_free(struct hs_eval *ev)
{
	if (ev == NULL)
		return;
	hs_buf_free(&ev->px.pending);
	free(ev->px.name);
	free(ev);
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

/* Session-rate threshold and perfdata for a frontend or backend row. */
static void
eval_rate_and_perf(struct hs_eval *ev, const struct hs_row *row, const char *objname,
		   const char *kind)
{
	const struct hs_threshold *th = ev->cfg.rate;
	char label[HS_NAME_MAX + 32];
	const char *px = hs_row_str(row, HS_COL_PXNAME);
	double rate, scur, lim;
	bool have_rate = hs_row_num(row, HS_COL_RATE, &rate);
	static const double zero = 0;

	if (th != NULL && hs_threshold_active(th)) {
		if (have_rate) {
			enum hs_state s = hs_threshold_eval(th, rate);

			if (s != HS_STATE_OK)
				hs_report_add(ev->rep, s, true,
					      "%s session rate %.0f/s (%s range %s)", objname, rate,
					      s == HS_STATE_CRITICAL ? "critical" : "warning",
					      s == HS_STATE_CRITICAL ? th->crit : th->warn);
		} else {
			hs_report_add(ev->rep, HS_STATE_UNKNOWN, true,
				      "%s has no session rate in this dump: cannot apply -w/-c",
				      objname);
		}
	}
	if (have_rate) {
		bool have_lim = hs_row_num(row, HS_COL_RATE_LIM, &lim) && lim > 0;

		snprintf(label, sizeof(label), "%s:%s:rate", kind, px);
		hs_perf_add(&ev->rep->perf, label, rate, "", th ? th->warn : NULL,
			    th ? th->crit : NULL, &zero, have_lim ? &lim : NULL);
	}
	if (hs_row_num(row, HS_COL_SCUR, &scur)) {
		bool have_lim = row->type == HS_OBJ_FRONTEND &&
				hs_row_num(row, HS_COL_SLIM, &lim) && lim > 0;

		snprintf(label, sizeof(label), "%s:%s:scur", kind, px);
		hs_perf_add(&ev->rep->perf, label, scur, "", NULL, NULL, &zero,
			    have_lim ? &lim : NULL);
	}
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
 * object type (<key> < 0). <detail> follows the status.
 */
static void
add_policy_finding(struct hs_eval *ev, int key, const char *objname, const char *status,
		   const char *detail)
{
	if (key < 0) {
		hs_report_add(ev->rep, HS_STATE_UNKNOWN, true, "%s has unrecognised status '%.64s'",
			      objname, status);
		return;
	}
	hs_report_add(ev->rep, ev->cfg.policy->state[key],
		      hs_policy_defaults[key].listed || ev->cfg.verbosity > 0, "%s %s%s", objname,
		      status, detail);
}

static void
eval_frontend(struct hs_eval *ev, const struct hs_row *row, const struct hs_status *st,
	      const char *objname)
{
	const char *status = hs_row_str(row, HS_COL_STATUS);

	add_policy_finding(ev, frontend_key(row->type, st->cls), objname, status, "");
	if (row->type == HS_OBJ_FRONTEND)
		eval_rate_and_perf(ev, row, objname, "fe");
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

static void
eval_server(struct hs_eval *ev, const struct hs_row *row, const struct hs_status *st,
	    const char *objname, bool selected)
{
	struct proxy_agg *px = &ev->px;
	const char *bck = hs_row_str(row, HS_COL_BCK);
	bool backup = bck != NULL && strcmp(bck, "1") == 0;
	char detail[320];

	bool serving = st->cls == HS_SC_UP || st->cls == HS_SC_NOCHECK;

	if (backup) {
		px->bck_total++;
		px->bck_up += serving;
	} else {
		px->act_total++;
		px->act_up += serving;
		px->act_down += st->cls == HS_SC_DOWN;
	}
	if (!selected)
		return;
	if (st->cls == HS_SC_DOWN) {
		/* the verdict needs every active server of the proxy: defer */
		server_detail(row, st, detail, sizeof(detail));
		if (!hs_buf_printf(&px->pending, "%c%s %s%s\n", backup ? 'B' : 'A', objname,
				   hs_row_str(row, HS_COL_STATUS), detail)) {
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
	add_policy_finding(ev, server_key(st), objname, hs_row_str(row, HS_COL_STATUS), detail);
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
		int key = p[0] == 'B' ? HS_POL_BACKUP_DOWN : active_key;

		hs_report_add(ev->rep, pol->state[key], true, "%.*s", (int)(nl - p - 1), p + 1);
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
	     const char *objname)
{
	struct proxy_agg *px = &ev->px;
	const char *status = hs_row_str(row, HS_COL_STATUS);
	char label[HS_NAME_MAX + 32];
	double up = px->act_up, act = px->act_total;
	static const double zero = 0;

	switch (st->cls) {
	case HS_SC_UP:
		add_policy_finding(ev, HS_POL_BACKEND_UP, objname, status, "");
		break;
	case HS_SC_DOWN: {
		char detail[128];

		snprintf(detail, sizeof(detail), " (%u/%u active and %u/%u backup servers UP)",
			 px->act_up, px->act_total, px->bck_up, px->bck_total);
		add_policy_finding(ev, HS_POL_BACKEND_DOWN, objname, status, detail);
		break;
	}
	default:
		add_policy_finding(ev, -1, objname, status, "");
		break;
	}
	if (px->act_total > 0 && px->act_up == 0 && px->act_down > 0 && px->bck_up > 0)
		hs_report_add(ev->rep, ev->cfg.policy->state[HS_POL_BACKEND_BACKUP_ONLY], true,
			      "%s running on backup servers only (0/%u active UP, %u/%u backup UP)",
			      objname, px->act_total, px->bck_up, px->bck_total);
	eval_rate_and_perf(ev, row, objname, "be");
	snprintf(label, sizeof(label), "be:%s:up", hs_row_str(row, HS_COL_PXNAME));
	hs_perf_add(&ev->rep->perf, label, up, "", NULL, NULL, &zero, &act);
}

/* Closes the current proxy: settles its deferred servers. */
static void
close_proxy(struct hs_eval *ev)
{
	if (!ev->px.open)
		return;
	settle_pending(ev);
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
	px->selected = hs_select_proxy(ev->cfg.selection, name);
	return 0;
}

/* Writes "<pxname>/<svname>" into <dst> (2 * HS_NAME_MAX + 2 bytes), each
 * part cut to HS_NAME_MAX - 1 bytes. Called for every row: no printf.
 */
static void
join_name(char *dst, const char *pxname, const char *svname)
{
	size_t pl = strnlen(pxname, HS_NAME_MAX - 1);
	size_t sl = strnlen(svname, HS_NAME_MAX - 1);

	memcpy(dst, pxname, pl);
	dst[pl] = '/';
	memcpy(dst + pl + 1, svname, sl);
	dst[pl + 1 + sl] = '\0';
}

int
hs_eval_row(struct hs_eval *ev, const struct hs_row *row, struct hs_error *err)
{
	const char *pxname = hs_row_str(row, HS_COL_PXNAME);
	const char *svname = hs_row_str(row, HS_COL_SVNAME);
	const char *status = hs_row_str(row, HS_COL_STATUS);
	char objname[2 * HS_NAME_MAX + 2];
	struct hs_status st;
	bool selected;

	if (!ev->px.open || strcmp(ev->px.name, pxname) != 0) {
		close_proxy(ev);
		if (open_proxy(ev, pxname, err) != 0)
			return -1;
	}
	join_name(objname, pxname, svname);
	hs_status_parse(status, &st);
	selected = ev->px.selected;
	if (row->type == HS_OBJ_SERVER && selected)
		selected = hs_select_server(ev->cfg.selection, svname);
	if (row->type == HS_OBJ_SERVER) {
		eval_server(ev, row, &st, objname, selected);
	} else if (selected) {
		if (row->type == HS_OBJ_BACKEND)
			eval_backend(ev, row, &st, objname);
		else
			eval_frontend(ev, row, &st, objname);
	}
	if (selected) {
		ev->selected++;
		hs_report_count(ev->rep, row->type, st.cls);
	}
	if (row->type == HS_OBJ_BACKEND)
		close_proxy(ev);
	return 0;
}

int
hs_eval_finish(struct hs_eval *ev, struct hs_error *err)
{
	close_proxy(ev);
	if (hs_selection_check(ev->cfg.selection, err) != 0)
		return -1;
	if (ev->selected == 0)
		return hs_error_set(err, HS_ERR_NOMATCH,
				    "the selection matched no frontend, backend or server");
	return 0;
}
