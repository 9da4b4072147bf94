/* hs_report.c: collects findings and perfdata, renders the plugin output. */
#include <hs-config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_perfdata.h"
#include "hs_report.h"

/* Long-output order: worst first. Index = rank (hs_state_rank). */
static const enum hs_state rank_state[4] = {HS_STATE_OK, HS_STATE_UNKNOWN, HS_STATE_WARNING,
					    HS_STATE_CRITICAL};
/* Columns of the --list table that are aligned. */
#define TABLE_COLUMNS 64
/* Longest closing line ("[CRITICAL] ... N more not shown ..."). */
#define TRAILER_MAX 120

static void
textlist_init(struct hs_textlist *tl, size_t limit)
{
	memset(tl, 0, sizeof(*tl));
	hs_buf_init(&tl->bytes, limit);
}

static void
textlist_free(struct hs_textlist *tl)
{
	hs_buf_free(&tl->bytes);
	free(tl->span);
	tl->span = NULL;
	tl->n = tl->cap = 0;
}

/* Stores <len> bytes of <s> with <tag>. Returns false (and counts it as
 * refused) when the limit or memory does not allow it.
 */
static bool
textlist_add(struct hs_textlist *tl, const char *s, size_t len, unsigned tag)
{
	size_t off = tl->bytes.len;

	if (tl->n == tl->cap) {
		size_t cap = tl->cap ? 2 * tl->cap : 16;
		struct hs_span *grown = realloc(tl->span, cap * sizeof(*grown));

		if (grown == NULL) {
			tl->refused++;
			return false;
		}
		tl->span = grown;
		tl->cap = cap;
	}
	if (!hs_buf_append(&tl->bytes, s, len)) {
		tl->refused++;
		return false;
	}
	tl->span[tl->n++] = (struct hs_span){off, len, tag};
	return true;
}

/* The bytes of span <i> of <tl>. */
static const char *
span_text(const struct hs_textlist *tl, size_t i)
{
	return hs_buf_str(&tl->bytes) + tl->span[i].off;
}

/* Formats <fmt>/<ap> at whatever length it has and stores it, after
 * "<prefix>: " when <prefix> is not NULL.
 */
static bool
textlist_vprintf(struct hs_textlist *tl, unsigned tag, const char *prefix, const char *fmt,
		 va_list ap)
{
	char small[512], *big = NULL;
	size_t head = prefix != NULL ? strlen(prefix) + 2 : 0;
	char *text = small;
	va_list again;
	int n;
	bool ok;

	va_copy(again, ap);
	if (head < sizeof(small))
		n = vsnprintf(small + head, sizeof(small) - head, fmt, ap);
	else
		n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0) {
		va_end(again);
		tl->refused++;
		return false;
	}
	if (head + (size_t)n >= sizeof(small)) {
		big = malloc(head + (size_t)n + 1);
		if (big == NULL) {
			va_end(again);
			tl->refused++;
			return false;
		}
		vsnprintf(big + head, (size_t)n + 1, fmt, again);
		text = big;
	}
	va_end(again);
	if (prefix != NULL) {
		memcpy(text, prefix, head - 2);
		memcpy(text + head - 2, ": ", 2);
	}
	ok = textlist_add(tl, text, head + (size_t)n, tag);
	free(big);
	return ok;
}

void
hs_report_init(struct hs_report *rep)
{
	int i;

	memset(rep, 0, sizeof(*rep));
	rep->state = HS_STATE_OK;
	for (i = 0; i < 4; i++)
		textlist_init(&rep->list[i], HS_REPORT_LIST_LIMIT);
	/* room for a full budget of items of each kind, so that the other
	 * items can never crowd out a thresholded one */
	textlist_init(&rep->perf, 2 * HS_REPORT_PERF_LIMIT);
	textlist_init(&rep->table, HS_REPORT_TABLE_LIMIT);
	textlist_init(&rep->notes, 64 * 1024);
	textlist_init(&rep->down, 64 * 1024);
}

void
hs_report_free(struct hs_report *rep)
{
	int i;

	for (i = 0; i < 4; i++)
		textlist_free(&rep->list[i]);
	textlist_free(&rep->perf);
	textlist_free(&rep->table);
	textlist_free(&rep->notes);
	textlist_free(&rep->down);
}

void
hs_report_add(struct hs_report *rep, enum hs_state state, bool listed, const char *fmt, ...)
{
	va_list ap;

	rep->state = hs_state_worst(rep->state, state);
	if (state == HS_STATE_OK && !listed)
		return;
	va_start(ap, fmt);
	textlist_vprintf(&rep->list[hs_state_rank(state)], 0, rep->prefix, fmt, ap);
	va_end(ap);
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
	va_list ap;

	va_start(ap, fmt);
	textlist_vprintf(&rep->notes, 0, rep->prefix, fmt, ap);
	va_end(ap);
}

void
hs_report_perf(struct hs_report *rep, bool thresholded, const char *label, double value,
	       const char *uom, const char *warn, const char *crit, const double *min,
	       const double *max)
{
	/* a label may double in size when quoted; numbers take < 64 bytes */
	size_t plen = rep->prefix != NULL ? strlen(rep->prefix) + 1 : 0;
	size_t size = 2 * (plen + strlen(label)) + (warn ? strlen(warn) : 0) +
		      (crit ? strlen(crit) : 0) + strlen(uom) + 5 * 64;
	char small[1024], *item = size <= sizeof(small) ? small : malloc(size);
	char *joined = NULL;
	size_t len;

	if (item == NULL) {
		rep->perf.refused++;
		return;
	}
	if (plen > 0) { /* "<node>:<label>" */
		joined = malloc(plen + strlen(label) + 1);
		if (joined == NULL) {
			rep->perf.refused++;
			if (item != small)
				free(item);
			return;
		}
		memcpy(joined, rep->prefix, plen - 1);
		joined[plen - 1] = ':';
		strcpy(joined + plen, label);
		label = joined;
	}
	len = hs_perf_item(item, size, label, value, uom, warn, crit, min, max);
	free(joined);
	if (len == 0 || (!thresholded && rep->perf_other + len + 1 > HS_REPORT_PERF_LIMIT + 1)) {
		rep->perf.refused++;
	} else if (textlist_add(&rep->perf, item, len, thresholded) && !thresholded) {
		rep->perf_other += len + 1;
	}
	if (item != small)
		free(item);
}

void
hs_report_list_row(struct hs_report *rep, const char *const *cells, size_t ncells)
{
	size_t i, need = 0, n0 = rep->table.n, len0 = rep->table.bytes.len;

	bool node = rep->prefix != NULL && ncells > 0;

	for (i = 0; i < ncells; i++)
		need += strlen(cells[i]);
	if (node)
		need += strlen(rep->prefix);
	if (ncells == 0 || len0 + need > HS_REPORT_TABLE_LIMIT) {
		rep->table.refused++;
		return;
	}
	/* with several nodes, the node is the first column (header: "node") */
	if (node && !textlist_add(&rep->table, rep->table.n == 0 ? "node" : rep->prefix,
				  rep->table.n == 0 ? 4 : strlen(rep->prefix), 1))
		return;
	for (i = 0; i < ncells; i++) {
		if (!textlist_add(&rep->table, cells[i], strlen(cells[i]), i == 0 && !node)) {
			/* whole rows only: undo the cells stored so far */
			rep->table.n = n0;
			rep->table.bytes.len = len0;
			if (rep->table.bytes.data != NULL)
				rep->table.bytes.data[len0] = '\0';
			return; /* counted once, by textlist_add */
		}
	}
}

/* Adds the spans of <src> from span <from> on to <dst>, with their tags. */
static void
textlist_merge(struct hs_textlist *dst, const struct hs_textlist *src, size_t from)
{
	size_t i;

	for (i = from; i < src->n; i++)
		textlist_add(dst, span_text(src, i), src->span[i].len, src->span[i].tag);
	dst->refused += src->refused;
}

void
hs_report_merge(struct hs_report *dst, const struct hs_report *src)
{
	size_t i, skip = 0;
	int r;

	dst->state = hs_state_worst(dst->state, src->state);
	for (r = 0; r < 4; r++)
		textlist_merge(&dst->list[r], &src->list[r], 0);
	for (i = 0; i < HS_OBJ_TYPES; i++)
		dst->objects[i] += src->objects[i];
	for (i = 0; i < HS_SC_COUNT; i++)
		dst->servers[i] += src->servers[i];
	for (i = 0; i < src->perf.n; i++) {
		bool th = src->perf.span[i].tag != 0;
		size_t len = src->perf.span[i].len;

		if (!th && dst->perf_other + len + 1 > HS_REPORT_PERF_LIMIT + 1)
			dst->perf.refused++;
		else if (textlist_add(&dst->perf, span_text(&src->perf, i), len, th) && !th)
			dst->perf_other += len + 1;
	}
	dst->perf.refused += src->perf.refused;
	if (dst->table.n > 0) /* the header row is there already */
		for (skip = 1; skip < src->table.n && src->table.span[skip].tag == 0; skip++)
			;
	textlist_merge(&dst->table, &src->table, skip);
	dst->show_table = dst->show_table || src->show_table;
	textlist_merge(&dst->notes, &src->notes, 0);
}

void
hs_report_backend_down(struct hs_report *rep, const char *name)
{
	textlist_add(&rep->down, name, strlen(name), 0);
}

/* True if <tl> holds the text <s> of <len> bytes. */
static bool
textlist_has(const struct hs_textlist *tl, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < tl->n; i++)
		if (tl->span[i].len == len && memcmp(span_text(tl, i), s, len) == 0)
			return true;
	return false;
}

void
hs_report_all_down(struct hs_report *dst, const struct hs_report *const *node, size_t n,
		   size_t given, enum hs_state state)
{
	size_t i, j;

	if (n < 2)
		return;
	for (i = 0; i < node[0]->down.n; i++) {
		const char *name = span_text(&node[0]->down, i);
		size_t len = node[0]->down.span[i].len;
		bool every = true;

		for (j = 1; j < n && every; j++)
			every = textlist_has(&node[j]->down, name, len);
		if (every)
			hs_report_add(dst, state, true,
				      "%.*s/BACKEND DOWN on every node that answered (%zu of %zu)",
				      (int)len, name, n, given);
	}
}

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
			put_scrubbed(out, span_text(tl, i), tl->span[i].len, item_max);
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
		put_scrubbed(out, span_text(&rep->table, i), sp->len, SIZE_MAX);
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
		put_scrubbed(out, span_text(&rep->notes, i), rep->notes.span[i].len, SIZE_MAX);
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
		hs_buf_append(out, span_text(&rep->perf, i), rep->perf.span[i].len);
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
			put_scrubbed(out, span_text(tl, i), tl->span[i].len, SIZE_MAX);
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
		put_scrubbed(out, span_text(&rep->notes, i), rep->notes.span[i].len, SIZE_MAX);
		hs_buf_append(out, "\n", 1);
	}
	if (pk.notes_left > 0)
		hs_buf_printf(out, "... %zu more notes not shown (output limit)\n", pk.notes_left);
out:
	free(row_cost);
	picks_free(&pk);
}
