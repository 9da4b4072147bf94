/* hs_derived.c: the derived metrics and their formulas. */
#include <hs-config.h>

#include <stddef.h>

#include "hs_derived.h"
#include "hs_info.h"
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

/* <num>/<den> of the row of <obj> as a percentage; NOLIMIT when the limit
 * <den> is not set (empty or 0).
 */
static enum hs_mreason
row_pct(const struct hs_mobj *obj, enum hs_col num, enum hs_col den, double *out)
{
	enum hs_mreason why;
	double n, d;

	if (obj->row == NULL)
		return HS_MR_KIND;
	why = cell(obj->row, num, &n);
	if (why != HS_MR_OK)
		return why;
	if (hs_row_str(obj->row, den) == NULL)
		return HS_MR_MISSING;
	if (!hs_row_num(obj->row, den, &d) || d <= 0)
		return HS_MR_NOLIMIT;
	*out = 100.0 * n / d;
	return HS_MR_OK;
}

static enum hs_mreason
sessions_pct(const struct hs_mobj *obj, double *out)
{
	return row_pct(obj, HS_COL_SCUR, HS_COL_SLIM, out);
}

static enum hs_mreason
queue_pct(const struct hs_mobj *obj, double *out)
{
	return row_pct(obj, HS_COL_QCUR, HS_COL_QLIMIT, out);
}

static enum hs_mreason
rate_pct(const struct hs_mobj *obj, double *out)
{
	return row_pct(obj, HS_COL_RATE, HS_COL_RATE_LIM, out);
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

/* Field <num> of "show info" over field <den>, as a percentage. */
static enum hs_mreason
info_pct(const struct hs_mobj *obj, const char *num, const char *den, double *out)
{
	double n, d;

	if (obj->info == NULL)
		return HS_MR_KIND;
	if (!hs_info_num(obj->info, num, &n))
		return HS_MR_MISSING;
	if (!hs_info_num(obj->info, den, &d) || d <= 0)
		return HS_MR_NOLIMIT;
	*out = 100.0 * n / d;
	return HS_MR_OK;
}

static enum hs_mreason
conn_pct(const struct hs_mobj *obj, double *out)
{
	return info_pct(obj, "CurrConns", "Maxconn", out);
}

static enum hs_mreason
sessrate_pct(const struct hs_mobj *obj, double *out)
{
	return info_pct(obj, "SessRate", "SessRateLimit", out);
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

static enum hs_mreason
fetch_time(const struct hs_mobj *obj, double *out)
{
	if (obj->fetch_time == NULL)
		return HS_MR_KIND;
	*out = *obj->fetch_time;
	return HS_MR_OK;
}

#define ALL_ROWS (HS_F | HS_L | HS_B | HS_S)

const struct hs_derived_def hs_derived_defs[HS_DM_COUNT] = {
	[HS_DM_SESSIONS_PCT] = {"sessions_pct", ALL_ROWS, HS_F | HS_S, "%",
				"scur/slim; backends only as backend.sessions_pct", sessions_pct, 0,
				"slim"},
	[HS_DM_QUEUE_PCT] = {"queue_pct", HS_S, HS_S, "%", "qcur/qlimit where a maxqueue is set",
			     queue_pct, HS_NEED_SERVERS, "qlimit"},
	[HS_DM_RATE_PCT] = {"rate_pct", HS_F, HS_F, "%", "rate/rate_lim where a rate limit is set",
			    rate_pct, 0, "rate_lim"},
	[HS_DM_UP] = {"up", HS_B, HS_B, "", "active servers UP or 'no check', at a weight > 0", up,
		      HS_NEED_SERVERS, NULL},
	[HS_DM_UP_PCT] = {"up_pct", HS_B, HS_B, "%",
			  "up / active servers not planned out; 0 if none serves",
			  up_pct, HS_NEED_SERVERS, NULL},
	[HS_DM_BACKUP_UP] = {"backup_up", HS_B, HS_B, "",
			     "backup servers UP or 'no check', at a weight > 0", backup_up,
			     HS_NEED_SERVERS, NULL},
	[HS_DM_CAPACITY_PCT] = {"capacity_pct", HS_B, HS_B, "%",
				"serving weight / configured weight, active ones", capacity_pct,
				HS_NEED_SERVERS, NULL},
	[HS_DM_INFO_CONN_PCT] = {"info.conn_pct", HS_K_PROCESS, HS_K_PROCESS, "%",
				 "CurrConns/Maxconn of the process", conn_pct, HS_NEED_INFO,
				 "Maxconn"},
	[HS_DM_INFO_SESSRATE_PCT] = {"info.sessrate_pct", HS_K_PROCESS, HS_K_PROCESS, "%",
				     "SessRate/SessRateLimit where a limit is set", sessrate_pct,
				     HS_NEED_INFO, "SessRateLimit"},
	[HS_DM_TABLE_USED] = {"table.used", HS_K_TABLE, HS_K_TABLE, "",
			      "entries in each stick table", table_used, HS_NEED_TABLE, NULL},
	[HS_DM_TABLE_USED_PCT] = {"table.used_pct", HS_K_TABLE, HS_K_TABLE, "%",
				  "used/size of each stick table", table_used_pct, HS_NEED_TABLE,
				  "size"},
	[HS_DM_FETCH_TIME] = {"fetch_time", HS_K_CHECK, HS_K_CHECK, "s",
			      "seconds spent reading the stats (connect, TLS, answers)",
			      fetch_time, 0, NULL},
};
