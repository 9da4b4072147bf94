/* hs_list.c: the --list table, one row of typed cells per object. */
#include <hs-config.h>

#include <string.h>

#include "hs_list.h"
#include "hs_perfdata.h"

static const struct hs_metric metric_scur = {HS_MSRC_COLUMN, HS_COL_SCUR, NULL};
static const struct hs_metric metric_rate = {HS_MSRC_COLUMN, HS_COL_RATE, NULL};

void
hs_list_init(struct hs_list *list, const struct hs_rules *rules)
{
	size_t i, j;

	list->nmetrics = 0;
	list->metric[list->nmetrics++] = &metric_scur;
	list->metric[list->nmetrics++] = &metric_rate;
	for (i = 0; rules != NULL && i < rules->count; i++) {
		const struct hs_metric *m = &rules->rule[i].metric;
		bool dup = false;

		for (j = 0; j < list->nmetrics; j++)
			dup |= hs_metric_same(m, list->metric[j]);
		if (!dup && list->nmetrics < HS_LIST_METRICS_MAX)
			list->metric[list->nmetrics++] = m;
	}
}

void
hs_list_header(const struct hs_list *list, struct hs_report *rep)
{
	static const char *const fixed[HS_LIST_FIXED] = {"OBJECT", "TYPE", "STATUS", "POLICY",
							 "STATE"};
	const char *cells[HS_LIST_FIXED + HS_LIST_METRICS_MAX];
	size_t i;

	for (i = 0; i < HS_LIST_FIXED; i++)
		cells[i] = fixed[i];
	for (i = 0; i < list->nmetrics; i++)
		cells[HS_LIST_FIXED + i] = hs_metric_name(list->metric[i]);
	hs_report_list_row(rep, cells, HS_LIST_FIXED + list->nmetrics);
}

/* Stores <s> as the next cell of <c>, with its NUL. */
static bool
add_cell(struct hs_cells *c, const char *s)
{
	size_t at = c->bytes.len;

	if (!hs_buf_append(&c->bytes, s, strlen(s) + 1))
		return false;
	c->off[c->n++] = at;
	return true;
}

bool
hs_cells_fill(struct hs_cells *cells, const struct hs_list *list, const char *name,
	      const char *type, const char *status, const char *policy, const char *state,
	      const struct hs_mobj *obj)
{
	bool ok;
	size_t i;

	memset(cells, 0, sizeof(*cells));
	hs_buf_init(&cells->bytes, HS_LIST_ROW_LIMIT);
	cells->policy = policy;
	cells->state = state;
	ok = add_cell(cells, name) && add_cell(cells, type) && add_cell(cells, status);
	for (i = 0; ok && i < list->nmetrics; i++) {
		char num[64] = "-";
		double v;

		if (hs_metric_value(list->metric[i], obj, &v) == HS_MR_OK)
			hs_perf_number(num, sizeof(num), v);
		ok = add_cell(cells, num);
	}
	cells->complete = ok;
	return ok;
}

size_t
hs_cells_size(const struct hs_cells *cells)
{
	return sizeof(*cells) + cells->bytes.cap;
}

void
hs_cells_emit(const struct hs_cells *cells, struct hs_report *rep)
{
	const char *row[HS_LIST_FIXED + HS_LIST_METRICS_MAX];
	const char *bytes = hs_buf_str(&cells->bytes);
	size_t i, n = 0;

	if (!cells->complete)
		return;
	for (i = 0; i < cells->n; i++) {
		row[n++] = bytes + cells->off[i];
		if (i == 2) {
			/* POLICY and STATE follow STATUS */
			row[n++] = cells->policy != NULL ? cells->policy : "?";
			row[n++] = cells->state != NULL ? cells->state : "?";
		}
	}
	hs_report_list_row(rep, row, n);
}

void
hs_cells_free(struct hs_cells *cells)
{
	hs_buf_free(&cells->bytes);
	cells->n = 0;
	cells->complete = false;
}
