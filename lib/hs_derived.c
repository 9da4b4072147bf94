/* hs_derived.c: the derived metrics and their formulas. */
#include <hs-config.h>

#include <stddef.h>

#include "hs_derived.h"
#include "hs_info.h"
#include "hs_master.h"
#include "hs_table.h"

/* Reads column <col> of <row> into <*out>: MISSING when the dump lacks the
 * column, EMPTY when the cell holds no number.
 */
static enum hs_mreason
cell(const struct hs_row *row, enum hs_col col, double *out)
{
	if (hs_row_str(row, col) == NULL)
		return HS_MR_MISSING;
	return hs_row_num(row, col, out) ? HS_MR_OK : HS_MR_EMPTY;
}

/* Row <d>'s <part> over its <limit> as a percentage: columns of the row
 * of <obj>, or fields of "show info" for the process. NOLIMIT when the
 * limit is not set (empty or 0).
 */
static enum hs_mreason
limit_pct(const struct hs_derived_def *d, const struct hs_mobj *obj, double *out)
{
	enum hs_mreason why;
	double n, l;

	if (d->kinds == HS_K_PROCESS) {
		if (obj->info == NULL)
			return HS_MR_KIND;
		if (!hs_info_num(obj->info, d->part, &n))
			return HS_MR_MISSING;
		if (!hs_info_num(obj->info, d->limit, &l) || l <= 0)
			return HS_MR_NOLIMIT;
	} else {
		if (obj->row == NULL)
			return HS_MR_KIND;
		why = cell(obj->row, d->part_col, &n);
		if (why != HS_MR_OK)
			return why;
		why = cell(obj->row, d->limit_col, &l);
		if (why == HS_MR_MISSING)
			return why;
		if (why != HS_MR_OK || l <= 0)
			return HS_MR_NOLIMIT;
	}
	*out = 100.0 * n / l;
	return HS_MR_OK;
}

static enum hs_mreason
up(const struct hs_mobj *obj, double *out)
{
	if (obj->agg == NULL)
		return HS_MR_KIND;
	*out = obj->agg->act_up;
	return HS_MR_OK;
}

/* Serving active servers among those not planned out: 0 for a backend
 * whose active servers are all failed or out of traffic; not measured
 * when every active server is in planned maintenance.
 */
static enum hs_mreason
up_pct(const struct hs_mobj *obj, double *out)
{
	const struct hs_agg *a = obj->agg;

	if (a == NULL)
		return HS_MR_KIND;
	if (a->act_total == 0)
		return HS_MR_NOSERVERS;
	if (a->act_planned >= a->act_total)
		return HS_MR_PLANNED;
	*out = 100.0 * a->act_up / (a->act_total - a->act_planned);
	return HS_MR_OK;
}

static enum hs_mreason
backup_up(const struct hs_mobj *obj, double *out)
{
	if (obj->agg == NULL)
		return HS_MR_KIND;
	*out = obj->agg->bck_up;
	return HS_MR_OK;
}

static enum hs_mreason
capacity_pct(const struct hs_mobj *obj, double *out)
{
	const struct hs_agg *a = obj->agg;

	if (a == NULL)
		return HS_MR_KIND;
	if (a->act_total == 0)
		return HS_MR_NOSERVERS;
	if (a->weight_config <= 0)
		return HS_MR_NOWEIGHT;
	*out = 100.0 * a->weight_serving / a->weight_config;
	return HS_MR_OK;
}

static enum hs_mreason
table_used(const struct hs_mobj *obj, double *out)
{
	if (obj->table == NULL)
		return HS_MR_KIND;
	*out = obj->table->used;
	return HS_MR_OK;
}

static enum hs_mreason
table_used_pct(const struct hs_mobj *obj, double *out)
{
	if (obj->table == NULL)
		return HS_MR_KIND;
	if (obj->table->size <= 0)
		return HS_MR_NOLIMIT;
	*out = 100.0 * obj->table->used / obj->table->size;
	return HS_MR_OK;
}

enum hs_mreason
hs_delta(const struct hs_mobj *obj, enum hs_col col, double *out)
{
	const struct hs_prev *p = obj->prev;
	enum hs_mreason why;
	double cur;

	if (obj->row == NULL)
		return HS_MR_KIND;
	if (p == NULL)
		return HS_MR_NOSTATE;
	why = cell(obj->row, col, &cur);
	if (why != HS_MR_OK)
		return why;
	if (p->why != HS_MR_OK)
		return p->why;
	if (!p->have[col])
		return HS_MR_FIRST;
	if (cur < p->v[col])
		return HS_MR_RESET;
	*out = cur - p->v[col];
	return HS_MR_OK;
}

enum hs_mreason
hs_per_second(const struct hs_mobj *obj, enum hs_col col, double *out)
{
	enum hs_mreason why = hs_delta(obj, col, out);

	if (why != HS_MR_OK)
		return why;
	if (obj->prev->seconds <= 0)
		return HS_MR_NOINTERVAL;
	*out /= obj->prev->seconds;
	return HS_MR_OK;
}

/* Sums the increases of <cols> into <*sum>. A column this HAProxy lacks
 * or leaves empty adds nothing; MISSING when every one is so.
 */
static enum hs_mreason
delta_sum(const struct hs_mobj *obj, const enum hs_col *cols, double *sum)
{
	enum hs_mreason lacking = HS_MR_MISSING;
	size_t measured = 0;

	*sum = 0;
	for (; *cols != HS_COL_COUNT; cols++) {
		double d;
		enum hs_mreason why = hs_delta(obj, *cols, &d);

		if (why == HS_MR_MISSING || why == HS_MR_EMPTY) {
			lacking = why;
			continue;
		}
		if (why != HS_MR_OK)
			return why;
		*sum += d;
		measured++;
	}
	return measured > 0 ? HS_MR_OK : lacking;
}

/* The ratio over the interval of row <d> (see struct hs_derived_def),
 * clamped to 0..100.
 */
static enum hs_mreason
interval_ratio(const struct hs_derived_def *d, const struct hs_mobj *obj, double *out)
{
	enum hs_mreason why;
	double n, den;

	why = delta_sum(obj, d->den, &den);
	if (why != HS_MR_OK)
		return why;
	why = delta_sum(obj, d->num, &n);
	if (why != HS_MR_OK)
		return why;
	if (den < obj->prev->min_sample || den <= 0)
		return HS_MR_SMALL;
	*out = 100.0 * n / den;
	if (d->complement)
		*out = 100.0 - *out;
	if (*out < 0)
		*out = 0;
	if (*out > 100)
		*out = 100;
	return HS_MR_OK;
}

static enum hs_mreason
nodes_up(const struct hs_mobj *obj, double *out)
{
	if (obj->nodes == NULL)
		return HS_MR_KIND;
	*out = obj->nodes->up;
	return HS_MR_OK;
}

static enum hs_mreason
old_workers(const struct hs_mobj *obj, double *out)
{
	if (obj->proc == NULL)
		return HS_MR_KIND;
	*out = obj->proc->old_workers;
	return HS_MR_OK;
}

/* 0 when no old worker runs: nothing has been kept alive. */
static enum hs_mreason
old_worker_age(const struct hs_mobj *obj, double *out)
{
	if (obj->proc == NULL)
		return HS_MR_KIND;
	*out = obj->proc->old_workers > 0 ? (double)obj->proc->oldest_old_uptime : 0;
	return HS_MR_OK;
}

static enum hs_mreason
worker_uptime(const struct hs_mobj *obj, double *out)
{
	if (obj->proc == NULL)
		return HS_MR_KIND;
	if (obj->proc->workers == 0)
		return HS_MR_NOWORKER;
	*out = (double)obj->proc->worker_uptime;
	return HS_MR_OK;
}

static enum hs_mreason
failed_reloads(const struct hs_mobj *obj, double *out)
{
	if (obj->proc == NULL)
		return HS_MR_KIND;
	if (!obj->proc->has_failed)
		return HS_MR_MISSING;
	*out = obj->proc->failed;
	return HS_MR_OK;
}

static enum hs_mreason
fetch_time(const struct hs_mobj *obj, double *out)
{
	if (obj->fetch_time == NULL)
		return HS_MR_KIND;
	*out = *obj->fetch_time;
	return HS_MR_OK;
}

#define END HS_COL_COUNT
static const enum hs_col http_resp[] = {HS_COL_HRSP_1XX,
					HS_COL_HRSP_2XX,
					HS_COL_HRSP_3XX,
					HS_COL_HRSP_4XX,
					HS_COL_HRSP_5XX,
					HS_COL_HRSP_OTHER,
					END};
static const enum hs_col hrsp_5xx[] = {HS_COL_HRSP_5XX, END};
static const enum hs_col hrsp_4xx[] = {HS_COL_HRSP_4XX, END};
static const enum hs_col stot[] = {HS_COL_STOT, END};
static const enum hs_col lbtot[] = {HS_COL_LBTOT, END};
static const enum hs_col wredis[] = {HS_COL_WREDIS, END};
static const enum hs_col wretr[] = {HS_COL_WRETR, END};
static const enum hs_col econ[] = {HS_COL_ECON, END};
static const enum hs_col eresp[] = {HS_COL_ERESP, END};
static const enum hs_col ereq[] = {HS_COL_EREQ, END};
static const enum hs_col dreq[] = {HS_COL_DREQ, END};
static const enum hs_col req_tot[] = {HS_COL_REQ_TOT, END};

#define ALL_ROWS (HS_F | HS_L | HS_B | HS_S)
#define STATE    (HS_NEED_STATE | HS_NEED_INFO)

const struct hs_derived_def hs_derived_defs[HS_DM_COUNT] = {
	[HS_DM_SESSIONS_PCT] = {"sessions_pct", ALL_ROWS, HS_F | HS_S, "%", NULL, 0, "slim", "scur",
				.part_col = HS_COL_SCUR, .limit_col = HS_COL_SLIM},
	[HS_DM_QUEUE_PCT] = {"queue_pct", HS_S, HS_S, "%", NULL, HS_NEED_SERVERS, "qlimit", "qcur",
			     .part_col = HS_COL_QCUR, .limit_col = HS_COL_QLIMIT},
	[HS_DM_RATE_PCT] = {"rate_pct", HS_F, HS_F, "%", NULL, 0, "rate_lim", "rate",
			    .part_col = HS_COL_RATE, .limit_col = HS_COL_RATE_LIM},
	[HS_DM_UP] = {"up", HS_B, HS_B, "", up, HS_NEED_SERVERS},
	[HS_DM_UP_PCT] = {"up_pct", HS_B, HS_B, "%", up_pct, HS_NEED_SERVERS},
	[HS_DM_BACKUP_UP] = {"backup_up", HS_B, HS_B, "", backup_up, HS_NEED_SERVERS},
	[HS_DM_CAPACITY_PCT] = {"capacity_pct", HS_B, HS_B, "%", capacity_pct, HS_NEED_SERVERS},
	[HS_DM_INFO_CONN_PCT] = {"info.conn_pct", HS_K_PROCESS, HS_K_PROCESS, "%", NULL,
				 HS_NEED_INFO, "Maxconn", "CurrConns"},
	[HS_DM_INFO_SESSRATE_PCT] = {"info.sessrate_pct", HS_K_PROCESS, HS_K_PROCESS, "%", NULL,
				     HS_NEED_INFO, "SessRateLimit", "SessRate"},
	[HS_DM_TABLE_USED] = {"table.used", HS_K_TABLE, HS_K_TABLE, "", table_used, HS_NEED_TABLE},
	[HS_DM_TABLE_USED_PCT] = {"table.used_pct", HS_K_TABLE, HS_K_TABLE, "%", table_used_pct,
				  HS_NEED_TABLE, "size"},
	[HS_DM_HTTP_5XX_PCT] = {"http_5xx_pct", HS_F | HS_B | HS_S, HS_F | HS_B, "%", NULL, STATE,
				NULL, NULL, hrsp_5xx, http_resp},
	[HS_DM_HTTP_4XX_PCT] = {"http_4xx_pct", HS_F | HS_B | HS_S, HS_F | HS_B, "%", NULL, STATE,
				NULL, NULL, hrsp_4xx, http_resp},
	/* (stot-lbtot)/stot: sessions that followed persistence, not load balancing */
	[HS_DM_PERSIST_PCT] = {"persist_pct", HS_B | HS_S, HS_B, "%", NULL, STATE, NULL, NULL,
			       lbtot, stot, true},
	[HS_DM_REDISPATCH_PCT] = {"redispatch_pct", HS_B | HS_S, HS_B, "%", NULL, STATE, NULL, NULL,
				  wredis, stot},
	[HS_DM_RETRY_PCT] = {"retry_pct", HS_B | HS_S, HS_B, "%", NULL, STATE, NULL, NULL, wretr,
			     stot},
	[HS_DM_CONN_ERROR_PCT] = {"econ_pct", HS_B | HS_S, HS_B, "%", NULL, STATE, NULL, NULL, econ,
				  stot},
	[HS_DM_RESP_ERROR_PCT] = {"eresp_pct", HS_B | HS_S, HS_B, "%", NULL, STATE, NULL, NULL,
				  eresp, stot},
	[HS_DM_REQ_ERROR_PCT] = {"ereq_pct", HS_F | HS_L, HS_F, "%", NULL, STATE, NULL, NULL, ereq,
				 stot},
	[HS_DM_DENIED_PCT] = {"denied_pct", HS_F | HS_B, HS_F, "%", NULL, STATE, NULL, NULL, dreq,
			      req_tot},
	[HS_DM_NODES_UP] = {"nodes_up", HS_K_NODES, HS_K_NODES, "", nodes_up},
	[HS_DM_OLD_WORKERS] = {"old_workers", HS_K_MASTER, HS_K_MASTER, "", old_workers,
			       HS_NEED_MASTER},
	[HS_DM_OLD_WORKER_AGE] = {"old_worker_age", HS_K_MASTER, HS_K_MASTER, "s", old_worker_age,
				  HS_NEED_MASTER},
	[HS_DM_WORKER_UPTIME] = {"worker_uptime", HS_K_MASTER, HS_K_MASTER, "s", worker_uptime,
				 HS_NEED_MASTER},
	[HS_DM_FAILED_RELOADS] = {"failed_reloads", HS_K_MASTER, HS_K_MASTER, "", failed_reloads,
				  HS_NEED_MASTER},
	[HS_DM_FETCH_TIME] = {"fetch_time", HS_K_CHECK, HS_K_CHECK, "s", fetch_time},
};

enum hs_mreason
hs_derived_value(enum hs_derived id, const struct hs_mobj *obj, double *out)
{
	const struct hs_derived_def *d = &hs_derived_defs[id];

	if (d->value != NULL)
		return d->value(obj, out);
	return d->part != NULL ? limit_pct(d, obj, out) : interval_ratio(d, obj, out);
}
