/* hs_report.c: collects findings and perfdata, renders the plugin output. */
#include <hs-config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hs_perfdata.h"
#include "hs_report.h"

/* Long-output order: worst first. Index = rank (hs_state_rank). */
static const enum hs_state rank_state[4] = {HS_STATE_OK, HS_STATE_UNKNOWN, HS_STATE_WARNING,
					    HS_STATE_CRITICAL};

void
hs_report_init(struct hs_report *rep)
{
	int i;

	memset(rep, 0, sizeof(*rep));
	rep->state = HS_STATE_OK;
	for (i = 0; i < 4; i++)
		hs_buf_init(&rep->list[i], HS_REPORT_LIST_LIMIT);
	/* room for a full budget of items of each kind, so that the other
	 * items can never crowd out a thresholded one */
	hs_buf_init(&rep->perf, 2 * (HS_REPORT_PERF_LIMIT + 2));
	hs_buf_init(&rep->table, HS_REPORT_TABLE_LIMIT);
	hs_buf_init(&rep->notes, 64 * 1024);
}

void
hs_report_free(struct hs_report *rep)
{
	int i;

	for (i = 0; i < 4; i++)
		hs_buf_free(&rep->list[i]);
	hs_buf_free(&rep->perf);
	hs_buf_free(&rep->table);
	hs_buf_free(&rep->notes);
}

/* Replaces bytes that would break the plugin output grammar: '|' starts
 * perfdata, control characters break lines.
 */
static void
scrub(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '|')
			*s = '/';
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
	}
}

/* Like scrub(), but keeps the tabs that separate --list cells. */
static void
scrub_cells(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '|')
			*s = '/';
		else if (*s != '\t' && ((unsigned char)*s < 0x20 || *s == 0x7f))
			*s = ' ';
	}
}

void
hs_report_add(struct hs_report *rep, enum hs_state state, bool listed, const char *fmt, ...)
{
	char line[1024];
	int rank = hs_state_rank(state);
	size_t len;
	va_list ap;

	rep->state = hs_state_worst(rep->state, state);
	if (state == HS_STATE_OK && !listed)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	scrub(line);
	len = strlen(line);
	line[len++] = '\n';
	if (hs_buf_append(&rep->list[rank], line, len))
		rep->listed[rank]++;
	else
		rep->dropped[rank]++;
}

void
hs_report_count(struct hs_report *rep, enum hs_objtype type, enum hs_status_class cls)
{
	if ((unsigned)type < HS_OBJ_TYPES)
		rep->objects[type]++;
	if (type == HS_OBJ_SERVER && (unsigned)cls < HS_SC_COUNT)
		rep->servers[cls]++;
}

void
hs_report_note(struct hs_report *rep, const char *fmt, ...)
{
	char line[1024];
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	scrub(line);
	len = strlen(line);
	line[len++] = '\n';
	hs_buf_append(&rep->notes, line, len);
}

void
hs_report_perf(struct hs_report *rep, bool thresholded, const char *label, double value,
	       const char *uom, const char *warn, const char *crit, const double *min,
	       const double *max)
{
	char item[600];
	size_t len =
		hs_perf_item(item + 1, sizeof(item) - 2, label, value, uom, warn, crit, min, max);

	if (len == 0) {
		rep->perf.refused++;
		return;
	}
	item[0] = thresholded ? 'T' : 'N';
	item[++len] = '\n';
	if (!thresholded && rep->perf_other + len + 1 > HS_REPORT_PERF_LIMIT + 2) {
		rep->perf.refused++;
		return;
	}
	if (hs_buf_append(&rep->perf, item, len + 1) && !thresholded)
		rep->perf_other += len + 1;
}

void
hs_report_list_row(struct hs_report *rep, const char *row)
{
	char line[1024];
	size_t len = strlen(row);

	if (len >= sizeof(line) - 1)
		len = sizeof(line) - 2;
	memcpy(line, row, len);
	line[len] = '\0';
	scrub_cells(line);
	line[len++] = '\n';
	hs_buf_append(&rep->table, line, len);
}

/* Appends the perfdata items that fit in the budget to <out>, in the
 * order they were added. Each item costs its length plus one separator
 * ('|' or ' '); thresholded items are chosen first, in order, then the
 * others in order while they fit. Returns how many were left out.
 */
static size_t
render_perf(const struct hs_report *rep, struct hs_buf *out)
{
	size_t budget = (rep->perf_budget ? rep->perf_budget : HS_REPORT_PERF_LIMIT) + 1;
	size_t used_t = 0, used_n = 0, total_t = 0, left_out = rep->perf.refused;
	const char *all = hs_buf_str(&rep->perf), *p, *nl;
	bool first = true;

	/* what the thresholded items take when chosen first */
	for (p = all; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (*p == 'T' && total_t + (size_t)(nl - p) <= budget)
			total_t += (size_t)(nl - p); /* length - 'T' + separator */
	}
	for (p = all; *p != '\0'; p = nl + 1) {
		size_t cost;
		bool keep;

		nl = strchr(p, '\n');
		cost = (size_t)(nl - p);
		if (*p == 'T') {
			keep = used_t + cost <= budget;
			used_t += keep ? cost : 0;
		} else {
			keep = total_t + used_n + cost <= budget;
			used_n += keep ? cost : 0;
		}
		if (!keep) {
			left_out++;
			continue;
		}
		hs_buf_printf(out, "%c%.*s", first ? '|' : ' ', (int)cost - 1, p + 1);
		first = false;
	}
	return left_out;
}

/* Appends the --list table, columns aligned on the widest cell. */
static void
render_table(const struct hs_report *rep, struct hs_buf *out)
{
	size_t width[32] = {0};
	const char *p, *s;
	size_t col, n;

	for (p = hs_buf_str(&rep->table); *p != '\0'; p++) {
		col = 0;
		for (s = p; *p != '\n'; p++) {
			if (*p == '\t') {
				if (col < 32 && (size_t)(p - s) > width[col])
					width[col] = (size_t)(p - s);
				col++;
				s = p + 1;
			}
		}
		if (col < 32 && (size_t)(p - s) > width[col])
			width[col] = (size_t)(p - s);
	}
	for (p = hs_buf_str(&rep->table); *p != '\0'; p++) {
		col = 0;
		for (s = p;; p++) {
			if (*p != '\t' && *p != '\n')
				continue;
			n = (size_t)(p - s);
			if (*p == '\n') {
				hs_buf_printf(out, "%.*s\n", (int)n, s);
				break;
			}
			hs_buf_printf(out, "%.*s%*s", (int)n, s,
				      (int)((col < 32 ? width[col] : n) - n + 2), "");
			col++;
			s = p + 1;
		}
	}
	if (rep->table.refused > 0)
		hs_buf_printf(out, "... %zu more rows not shown (output limit)\n",
			      rep->table.refused);
}

/* Appends "N thing(s)" with a separator when <n> is not zero. */
static void
count_phrase(struct hs_buf *out, size_t n, const char *what, bool *first)
{
	if (n == 0)
		return;
	hs_buf_printf(out, "%s%zu %s%s", *first ? "" : ", ", n, what, n == 1 ? "" : "s");
	*first = false;
}

/* The OK summary: what was checked. */
static void
render_counts(const struct hs_report *rep, struct hs_buf *out)
{
	bool first = true;
	int c;

	count_phrase(out, rep->objects[HS_OBJ_FRONTEND], "frontend", &first);
	count_phrase(out, rep->objects[HS_OBJ_LISTENER], "listener", &first);
	count_phrase(out, rep->objects[HS_OBJ_BACKEND], "backend", &first);
	count_phrase(out, rep->objects[HS_OBJ_SERVER], "server", &first);
	if (first)
		hs_buf_printf(out, "no object");
	if (rep->objects[HS_OBJ_SERVER] > 0) {
		bool inner = true;

		hs_buf_printf(out, " (");
		for (c = 0; c < HS_SC_COUNT; c++) {
			if (rep->servers[c] == 0)
				continue;
			hs_buf_printf(out, "%s%zu %s", inner ? "" : ", ", rep->servers[c],
				      hs_status_class_name((enum hs_status_class)c));
			inner = false;
		}
		hs_buf_printf(out, ")");
	}
	hs_buf_printf(out, " checked");
}

/* The problem summary: the worst findings by name, then a count. */
static void
render_problems(const struct hs_report *rep, struct hs_buf *out)
{
	size_t shown = 0, total = 0;
	int rank;

	for (rank = 3; rank >= 1; rank--)
		total += rep->listed[rank] + rep->dropped[rank];
	for (rank = 3; rank >= 1 && shown < HS_REPORT_SUMMARY_ITEMS; rank--) {
		const char *p = hs_buf_str(&rep->list[rank]);

		while (*p != '\0' && shown < HS_REPORT_SUMMARY_ITEMS) {
			const char *nl = strchr(p, '\n');

			hs_buf_printf(out, "%s%.*s", shown ? ", " : "", (int)(nl - p), p);
			shown++;
			p = nl + 1;
		}
	}
	if (total > shown)
		hs_buf_printf(out, " and %zu more", total - shown);
}

void
hs_report_render(const struct hs_report *rep, struct hs_buf *out)
{
	size_t perf_left_out;
	int rank;

	hs_buf_printf(out, "HAPROXY %s - ", hs_state_name(rep->state));
	if (rep->state == HS_STATE_OK)
		render_counts(rep, out);
	else
		render_problems(rep, out);
	perf_left_out = render_perf(rep, out);
	hs_buf_append(out, "\n", 1);
	if (rep->show_table)
		render_table(rep, out);
	for (rank = 3; rank >= 0; rank--) {
		const char *p = hs_buf_str(&rep->list[rank]);

		while (*p != '\0') {
			const char *nl = strchr(p, '\n');

			hs_buf_printf(out, "[%s] %.*s\n", hs_state_name(rank_state[rank]),
				      (int)(nl - p), p);
			p = nl + 1;
		}
		if (rep->dropped[rank] > 0)
			hs_buf_printf(out, "[%s] ... %zu more not shown (output limit)\n",
				      hs_state_name(rank_state[rank]), rep->dropped[rank]);
	}
	if (perf_left_out > 0 && rep->perf_budget > 0)
		hs_buf_printf(out,
			      "%zu perfdata items left out: more than --perfdata-max-bytes=%zu\n",
			      perf_left_out, rep->perf_budget);
	else if (perf_left_out > 0)
		hs_buf_printf(out,
			      "%zu perfdata items left out: more than the %d-byte limit (use "
			      "--perfdata=summary or a selection)\n",
			      perf_left_out, HS_REPORT_PERF_LIMIT);
	hs_buf_append(out, hs_buf_str(&rep->notes), rep->notes.len);
}
