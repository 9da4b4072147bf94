/* hs_render.c: writes a report (hs_report.h) out as the plugin output:
 * chooses what fits the byte budget, scrubs text from HAProxy, aligns the
 * --list table.
 */
#include <hs-config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_perfdata.h"
#include "hs_render.h"

/* Long-output order: worst first. Index = rank (hs_state_rank). */
static const enum hs_state rank_state[4] = {HS_STATE_OK, HS_STATE_UNKNOWN, HS_STATE_WARNING,
					    HS_STATE_CRITICAL};
/* Columns of the --list table that are aligned. */
#define TABLE_COLUMNS 64
/* Longest closing line ("[CRITICAL] ... N more not shown ..."). */
#define TRAILER_MAX 120

/* Appends <len> bytes of <s> to <out>, with the bytes that would break
 * the output grammar replaced: '|' starts perfdata, control bytes (CR, LF,
 * TAB, ...) break or forge lines. At most <max> bytes, then "...".
 */
static void
put_scrubbed(struct hs_buf *out, const char *s, size_t len, size_t max)
{
	char chunk[256];
	size_t i, n = 0;
	bool cut = len > max;

	if (cut)
		len = max > 3 ? max - 3 : 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		chunk[n++] = c == '|' ? '/' : (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
		if (n == sizeof(chunk)) {
			hs_buf_append(out, chunk, n);
			n = 0;
		}
	}
	if (n > 0)
		hs_buf_append(out, chunk, n);
	if (cut)
		hs_buf_append(out, "...", 3);
}

/* ---- choosing what fits ---- */

/* What the render keeps of each list. */
struct picks {
	bool *keep[4];    /* findings, by rank */
	size_t left[4];   /* findings left out for the budget, by rank */
	bool *perf;       /* perfdata items */
	size_t perf_left; /* items left out (refused ones included) */
	size_t rows;      /* --list rows kept, from the first */
	size_t rows_left;
	size_t notes; /* notes kept, from the first */
	size_t notes_left;
};

static void
picks_free(struct picks *pk)
{
	int r;

	for (r = 0; r < 4; r++)
		free(pk->keep[r]);
	free(pk->perf);
}

/* Bytes of finding <i> of rank <rank> as a long-output line. */
static size_t
finding_cost(const struct hs_report *rep, int rank, size_t i)
{
	return strlen(hs_state_name(rank_state[rank])) + 3 + rep->list[rank].span[i].len + 1;
}

/* Number of --list rows and the start (span index) of row <k>. */
static size_t
table_rows(const struct hs_report *rep)
{
	size_t i, rows = 0;

	for (i = 0; i < rep->table.n; i++)
		rows += rep->table.span[i].tag;
	return rows;
}

/* Column widths of the --list table: the widest cell of each column. */
static void
table_widths(const struct hs_report *rep, size_t *width)
{
	size_t i, col = 0;

	memset(width, 0, TABLE_COLUMNS * sizeof(*width));
	for (i = 0; i < rep->table.n; i++) {
		col = rep->table.span[i].tag ? 0 : col + 1;
		if (col < TABLE_COLUMNS && rep->table.span[i].len > width[col])
			width[col] = rep->table.span[i].len;
	}
}

/* Bytes of each --list row, rendered aligned, into <cost> (one per row). */
static void
table_costs(const struct hs_report *rep, const size_t *width, size_t *cost)
{
	size_t i, row = 0, col = 0;

	for (i = 0; i < rep->table.n; i++) {
		size_t len = rep->table.span[i].len;
		bool last = i + 1 == rep->table.n || rep->table.span[i + 1].tag;

		if (rep->table.span[i].tag) {
			if (i > 0)
				row++;
			col = 0;
			cost[row] = 0;
		} else {
			col++;
		}
		cost[row] += last ? len + 1 : (col < TABLE_COLUMNS ? width[col] : len) + 2;
	}
}

/* Keeps the findings of rank <rank> that fit in <room> - <*used> bytes,
 * in order, adding their bytes to <*used>.
 */
static void
choose_findings(const struct hs_report *rep, int rank, size_t room, size_t *used, struct picks *pk)
{
	size_t i;

	pk->left[rank] = 0;
	for (i = 0; i < rep->list[rank].n; i++) {
		size_t c = finding_cost(rep, rank, i);

		pk->keep[rank][i] = *used + c <= room;
		*used += pk->keep[rank][i] ? c : 0;
		pk->left[rank] += !pk->keep[rank][i];
	}
}

/* Keeps the perfdata items not kept yet, thresholded (<thresholded>) or
 * not, that fit in <room> - <*used> bytes and in the perfdata budget, in
 * order. Each costs its length and one separator.
 */
static void
choose_perf(const struct hs_report *rep, bool thresholded, size_t room, size_t *used,
	    size_t *perf_used, struct picks *pk)
{
	size_t perf_room = (rep->perf_budget ? rep->perf_budget : HS_REPORT_PERF_LIMIT) + 1;
	size_t i;

	for (i = 0; i < rep->perf.n; i++) {
		size_t c = rep->perf.span[i].len + 1;

		if (pk->perf[i] || (rep->perf.span[i].tag != 0) != thresholded)
			continue;
		pk->perf[i] = *used + c <= room && *perf_used + c <= perf_room;
		*used += pk->perf[i] ? c : 0;
		*perf_used += pk->perf[i] ? c : 0;
	}
}

/* Greedy choice within <room> bytes, in the order documented in
 * hs_report.h: the non-OK findings, the thresholded perfdata, the --list
 * rows (<row_cost> holds each row's bytes), then the other perfdata items
 * and the OK findings sharing what is left (the perfdata at most half of
 * it first, the OK findings next, the perfdata again with the rest), then
 * the notes. Returns the bytes chosen.
 */
static size_t
choose(const struct hs_report *rep, size_t room, const size_t *row_cost, size_t nrows,
       struct picks *pk)
{
	size_t used = 0, perf_used = 0, half, i;
	int rank;

	memset(pk->perf, 0, (rep->perf.n + 1) * sizeof(bool));
	for (rank = 3; rank >= 1; rank--)
		choose_findings(rep, rank, room, &used, pk);
	choose_perf(rep, true, room, &used, &perf_used, pk);
	pk->rows = 0;
	if (rep->show_table) {
		while (pk->rows < nrows && used + row_cost[pk->rows] <= room)
			used += row_cost[pk->rows++];
	}
	pk->rows_left = rep->show_table ? nrows - pk->rows : 0;
	half = used + (room - used) / 2;
	choose_perf(rep, false, half, &used, &perf_used, pk);
	choose_findings(rep, 0, room, &used, pk);
	choose_perf(rep, false, room, &used, &perf_used, pk);
	pk->perf_left = rep->perf.refused;
	for (i = 0; i < rep->perf.n; i++)
		pk->perf_left += !pk->perf[i];
	for (pk->notes = 0;
	     pk->notes < rep->notes.n && used + rep->notes.span[pk->notes].len + 1 <= room;
	     pk->notes++)
		used += rep->notes.span[pk->notes].len + 1;
	pk->notes_left = rep->notes.n - pk->notes;
	return used;
}

/* Bytes of the closing lines that <pk> calls for. */
static size_t
trailer_cost(const struct hs_report *rep, const struct picks *pk)
{
	size_t cost = 0;
	int rank;

	for (rank = 0; rank < 4; rank++)
		cost += (pk->left[rank] + rep->list[rank].refused) ? TRAILER_MAX : 0;
	cost += pk->perf_left ? TRAILER_MAX : 0;
	cost += pk->rows_left + rep->table.refused ? TRAILER_MAX : 0;
	cost += pk->notes_left ? TRAILER_MAX : 0;
	return cost;
}

/* ---- writing ---- */

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

	if (rep->nodes > 0)
		hs_buf_printf(out, "%zu of %zu nodes answered: ", rep->nodes_up, rep->nodes);
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

/* The problem summary: the worst findings by name (each at most <item_max>
 * bytes), then a count.
 */
static void
render_problems(const struct hs_report *rep, struct hs_buf *out, size_t item_max)
{
	size_t shown = 0, total = 0, i;
	int rank;

	for (rank = 3; rank >= 1; rank--)
		total += rep->list[rank].n + rep->list[rank].refused;
	for (rank = 3; rank >= 1 && shown < HS_REPORT_SUMMARY_ITEMS; rank--) {
		const struct hs_textlist *tl = &rep->list[rank];

		for (i = 0; i < tl->n && shown < HS_REPORT_SUMMARY_ITEMS; i++) {
			if (shown++ > 0)
				hs_buf_append(out, ", ", 2);
			put_scrubbed(out, hs_span_text(tl, i), tl->span[i].len, item_max);
		}
	}
	if (total > shown)
		hs_buf_printf(out, " and %zu more", total - shown);
}

/* Appends the chosen --list rows, columns aligned on the widest cell. */
static void
render_table(const struct hs_report *rep, const size_t *width, const struct picks *pk,
	     struct hs_buf *out)
{
	size_t i, row = 0, col = 0;

	for (i = 0; i < rep->table.n; i++) {
		const struct hs_span *sp = &rep->table.span[i];
		bool last = i + 1 == rep->table.n || rep->table.span[i + 1].tag;

		if (sp->tag) {
			if (i > 0)
				row++;
			col = 0;
		} else {
			col++;
		}
		if (row >= pk->rows)
			break;
		put_scrubbed(out, hs_span_text(&rep->table, i), sp->len, SIZE_MAX);
		if (last)
			hs_buf_append(out, "\n", 1);
		else
			hs_buf_printf(
				out, "%*s",
				(int)((col < TABLE_COLUMNS ? width[col] : sp->len) - sp->len + 2),
				"");
	}
	if (pk->rows_left + rep->table.refused > 0)
		hs_buf_printf(out, "... %zu more rows not shown (output limit)\n",
			      pk->rows_left + rep->table.refused);
}

void
hs_report_render_notes(const struct hs_report *rep, struct hs_buf *out)
{
	size_t i;

	for (i = 0; i < rep->notes.n; i++) {
		put_scrubbed(out, hs_span_text(&rep->notes, i), rep->notes.span[i].len, SIZE_MAX);
		hs_buf_append(out, "\n", 1);
	}
}

void
hs_report_render(const struct hs_report *rep, struct hs_buf *out)
{
	size_t budget = rep->output_max ? rep->output_max : SIZE_MAX;
	size_t item_max = HS_REPORT_SUMMARY_ITEM_MAX, start = out->len;
	size_t width[TABLE_COLUMNS], nrows = table_rows(rep), *row_cost = NULL;
	size_t head, room, used, i;
	struct picks pk = {0};
	bool first = true;
	int rank;

	if (rep->output_max && item_max > rep->output_max / 8)
		item_max = rep->output_max / 8;
	hs_buf_printf(out, "HAPROXY %s - ", hs_state_name(rep->state));
	if (rep->state == HS_STATE_OK)
		render_counts(rep, out);
	else
		render_problems(rep, out, item_max);
	head = out->len - start + 1;
	for (rank = 0; rank < 4; rank++)
		pk.keep[rank] = calloc(rep->list[rank].n + 1, sizeof(bool));
	pk.perf = calloc(rep->perf.n + 1, sizeof(bool));
	row_cost = calloc(nrows + 1, sizeof(size_t));
	if (pk.keep[0] == NULL || pk.keep[1] == NULL || pk.keep[2] == NULL || pk.keep[3] == NULL ||
	    pk.perf == NULL || row_cost == NULL) {
		hs_buf_printf(out, "\n(out of memory rendering the output)\n");
		goto out;
	}
	table_widths(rep, width);
	table_costs(rep, width, row_cost);
	/* choose, then make room for the closing lines the choice needs */
	room = budget > head ? budget - head : 0;
	for (;;) {
		size_t trailers;

		used = choose(rep, room, row_cost, nrows, &pk);
		trailers = trailer_cost(rep, &pk);
		if (budget == SIZE_MAX || head + used + trailers <= budget || room == 0)
			break;
		room = head + trailers >= budget ? 0 : budget - head - trailers;
	}
	for (i = 0; i < rep->perf.n; i++) {
		if (!pk.perf[i])
			continue;
		hs_buf_append(out, first ? "|" : " ", 1);
		hs_buf_append(out, hs_span_text(&rep->perf, i), rep->perf.span[i].len);
		first = false;
	}
	hs_buf_append(out, "\n", 1);
	if (rep->show_table)
		render_table(rep, width, &pk, out);
	for (rank = 3; rank >= 0; rank--) {
		const struct hs_textlist *tl = &rep->list[rank];
		const char *name = hs_state_name(rank_state[rank]);

		for (i = 0; i < tl->n; i++) {
			if (!pk.keep[rank][i])
				continue;
			hs_buf_printf(out, "[%s] ", name);
			put_scrubbed(out, hs_span_text(tl, i), tl->span[i].len, SIZE_MAX);
			hs_buf_append(out, "\n", 1);
		}
		if (pk.left[rank] + tl->refused > 0)
			hs_buf_printf(out, "[%s] ... %zu more not shown (output limit)\n", name,
				      pk.left[rank] + tl->refused);
	}
	if (pk.perf_left > 0 && rep->perf_budget > 0)
		hs_buf_printf(out,
			      "%zu perfdata items left out: more than --perfdata-max-bytes=%zu\n",
			      pk.perf_left, rep->perf_budget);
	else if (pk.perf_left > 0 && rep->output_max > 0)
		hs_buf_printf(out,
			      "%zu perfdata items left out: output limit of %zu bytes (see "
			      "--output-max-bytes)\n",
			      pk.perf_left, rep->output_max);
	else if (pk.perf_left > 0)
		hs_buf_printf(out,
			      "%zu perfdata items left out: more than the %d-byte limit (use "
			      "--perfdata=summary or a selection)\n",
			      pk.perf_left, HS_REPORT_PERF_LIMIT);
	for (i = 0; i < pk.notes; i++) {
		put_scrubbed(out, hs_span_text(&rep->notes, i), rep->notes.span[i].len, SIZE_MAX);
		hs_buf_append(out, "\n", 1);
	}
	if (pk.notes_left > 0)
		hs_buf_printf(out, "... %zu more notes not shown (output limit)\n", pk.notes_left);
out:
	free(row_cost);
	picks_free(&pk);
}
