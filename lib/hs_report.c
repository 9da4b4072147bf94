/* hs_report.c: collects findings and perfdata, renders the plugin output. */
#include <hs-config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
	hs_buf_init(&rep->perf, HS_REPORT_PERF_LIMIT);
	hs_buf_init(&rep->notes, 64 * 1024);
}

void
hs_report_free(struct hs_report *rep)
{
	int i;

	for (i = 0; i < 4; i++)
		hs_buf_free(&rep->list[i]);
	hs_buf_free(&rep->perf);
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
	int rank;

	hs_buf_printf(out, "HAPROXY %s - ", hs_state_name(rep->state));
	if (rep->state == HS_STATE_OK)
		render_counts(rep, out);
	else
		render_problems(rep, out);
	if (rep->perf.len > 0)
		hs_buf_printf(out, "|%s", hs_buf_str(&rep->perf));
	hs_buf_append(out, "\n", 1);
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
	if (rep->perf.refused > 0)
		hs_buf_printf(out, "%zu perfdata items left out (perfdata limit %d bytes)\n",
			      rep->perf.refused, HS_REPORT_PERF_LIMIT);
	hs_buf_append(out, hs_buf_str(&rep->notes), rep->notes.len);
}
