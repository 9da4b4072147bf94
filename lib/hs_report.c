/* hs_report.c: collects findings, perfdata, --list cells and notes, and
 * merges the reports of several nodes; hs_render writes them out.
 */
#include <hs-config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_perfdata.h"
#include "hs_report.h"
#include "hs_text.h"

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

/* Formats <fmt>/<ap> at whatever length it has and stores it, after
 * "<prefix>: " when <prefix> is not NULL.
 */
static bool
textlist_vprintf(struct hs_textlist *tl, unsigned tag, const char *prefix, const char *fmt,
		 va_list ap)
{
	char *text = hs_text_valloc(NULL, fmt, ap), *line = text;
	bool ok = false;

	if (text != NULL && prefix != NULL)
		line = hs_text_alloc("%s: %s", prefix, text);
	if (line == NULL)
		tl->refused++;
	else
		ok = textlist_add(tl, line, strlen(line), tag);
	if (line != text)
		free(line);
	free(text);
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

/* Stores perfdata item <item> of <len> bytes, <th> when thresholded; the
 * others are refused beyond HS_REPORT_PERF_LIMIT bytes together.
 */
static void
perf_add(struct hs_report *rep, const char *item, size_t len, bool th)
{
	if (!th && rep->perf_other + len + 1 > HS_REPORT_PERF_LIMIT + 1)
		rep->perf.refused++;
	else if (textlist_add(&rep->perf, item, len, th) && !th)
		rep->perf_other += len + 1;
}

void
hs_report_perf(struct hs_report *rep, bool thresholded, const char *label, double value,
	       const char *uom, const char *warn, const char *crit, const double *min,
	       const double *max)
{
	/* "<node>:<label>" */
	char *joined = rep->prefix != NULL ? hs_text_alloc("%s:%s", rep->prefix, label) : NULL;
	const char *name = joined != NULL ? joined : label;
	/* a label may double in size when quoted; numbers take < 64 bytes */
	size_t size = 2 * strlen(name) + (warn ? strlen(warn) : 0) + (crit ? strlen(crit) : 0) +
		      strlen(uom) + 5 * 64;
	char small[1024], *item = size <= sizeof(small) ? small : malloc(size);
	size_t len = 0;

	if (item != NULL && (rep->prefix == NULL || joined != NULL))
		len = hs_perf_item(item, size, name, value, uom, warn, crit, min, max);
	if (len == 0)
		rep->perf.refused++;
	else
		perf_add(rep, item, len, thresholded);
	free(joined);
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
		textlist_add(dst, hs_span_text(src, i), src->span[i].len, src->span[i].tag);
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
	for (i = 0; i < src->perf.n; i++)
		perf_add(dst, hs_span_text(&src->perf, i), src->perf.span[i].len,
			 src->perf.span[i].tag != 0);
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
		if (tl->span[i].len == len && memcmp(hs_span_text(tl, i), s, len) == 0)
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
		const char *name = hs_span_text(&node[0]->down, i);
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
