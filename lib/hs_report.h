/* hs_report.h: collects findings and perfdata; hs_render.h writes them out.
 *
 * A finding is one object's verdict: a state and a one-line description
 * ("app-main/nginx3 DOWN (L4CON Connection refused)"). Findings are kept in
 * one bounded list per state, so a flood of warnings can never crowd out a
 * critical one, and rendered worst first:
 *
 *   HAPROXY <STATE> - <summary>|<perfdata>
 *   [CRITICAL] ...
 *   [WARNING] ...
 *   [UNKNOWN] ...
 *   [OK] ...        (objects listed by policy, or every object at -v)
 *
 * Everything is kept as data: findings, notes, --list cells and perfdata
 * items are byte spans with their lengths, never text joined by separator
 * bytes. Text that came from HAProxy (names, check and agent texts, which
 * may hold CR, LF or control bytes) is scrubbed only when it is written
 * out, so it can neither break a line nor forge one.
 *
 * The whole output can be held to a byte budget (what the monitoring
 * system keeps: Nagios 8 KiB, NRPE 2 1 KiB): hs_render.h chooses what fits.
 */
#ifndef HS_REPORT_H
#define HS_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_buf.h"
#include "hs_columns.h"
#include "hs_range.h"
#include "hs_status.h"

/* Bytes of long-output text kept per state, and of perfdata. */
#define HS_REPORT_LIST_LIMIT (256 * 1024)
#define HS_REPORT_PERF_LIMIT (256 * 1024)
/* Bytes of --list cells kept. */
#define HS_REPORT_TABLE_LIMIT (1024 * 1024)
/* Findings named on the status line before "and N more". */
#define HS_REPORT_SUMMARY_ITEMS 3
/* Bytes of one finding shown on the status line. */
#define HS_REPORT_SUMMARY_ITEM_MAX 300
/* Default budget of the whole output: what Nagios keeps. */
#define HS_REPORT_OUTPUT_DEFAULT (8 * 1024)
/* Smallest output budget accepted: a status line and a few findings. */
#define HS_REPORT_OUTPUT_MIN 256

/* One stored piece of text: <len> bytes at <off> of its list's bytes, and
 * a tag whose meaning is the list's (perfdata: thresholded; --list: the
 * first cell of a row).
 */
struct hs_span {
	size_t off, len;
	unsigned tag;
};

/* A bounded list of texts. */
struct hs_textlist {
	struct hs_buf bytes;
	struct hs_span *span;
	size_t n, cap;
	size_t refused; /* texts not stored: limit or memory */
};

/* The bytes of span <i> of <tl> (NUL-terminated only at the end of the
 * list's bytes: use its length).
 */
static inline const char *
hs_span_text(const struct hs_textlist *tl, size_t i)
{
	return hs_buf_str(&tl->bytes) + tl->span[i].off;
}

struct hs_report {
	enum hs_state state;          /* worst so far */
	struct hs_textlist list[4];   /* findings by rank: OK, UNKNOWN, WARNING, CRITICAL */
	size_t objects[HS_OBJ_TYPES]; /* selected objects seen, by type */
	size_t servers[HS_SC_COUNT];  /* selected servers by status class */
	struct hs_textlist perf;      /* perfdata items; tag 1: thresholded */
	size_t perf_other;            /* bytes of items that are not thresholded */
	size_t perf_budget;           /* most perfdata bytes (0: HS_REPORT_PERF_LIMIT) */
	size_t output_max;            /* most bytes of the whole output (0: no limit) */
	struct hs_textlist table;     /* --list cells; tag 1: first cell of a row */
	bool show_table;              /* render the --list table */
	struct hs_textlist notes;     /* verbose notes (commands sent, ...) */
	/* the node this report is about, when a check reads several: findings
	 * and notes start "<prefix>: ", perfdata labels "<prefix>:", --list
	 * rows get it as their first cell (NULL: none) */
	const char *prefix;
	size_t nodes, nodes_up;  /* several nodes: given, answered (0: one node) */
	struct hs_textlist down; /* names of the selected backends DOWN */
};

void hs_report_init(struct hs_report *rep);
void hs_report_free(struct hs_report *rep);

/* Adds a finding with state <state>. <listed> keeps an OK finding in the
 * long output; non-OK findings always are. The description is formatted
 * from <fmt> at whatever length it has (up to the list's limit); it may
 * hold any byte but NUL and is scrubbed when rendered.
 */
void hs_report_add(struct hs_report *rep, enum hs_state state, bool listed, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Counts a selected object (and a server's status class). */
void hs_report_count(struct hs_report *rep, enum hs_objtype type, enum hs_status_class cls);

/* Adds a note shown in the long output (verbose diagnostics). */
void hs_report_note(struct hs_report *rep, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Adds a perfdata item (see hs_perf_item). Items are rendered in the
 * order added; when the budget cannot hold them all, thresholded items
 * are kept first, then the others that still fit. A label of any length
 * is kept whole or the item is refused (and counted), never cut.
 */
void hs_report_perf(struct hs_report *rep, bool thresholded, const char *label, double value,
		    const char *uom, const char *warn, const char *crit, const double *min,
		    const double *max);

/* Adds a --list row of <ncells> cells (the first row added is the
 * header). A cell may hold any byte but NUL; tabs, CR and LF are shown as
 * spaces. Rows are stored whole or not at all.
 */
void hs_report_list_row(struct hs_report *rep, const char *const *cells, size_t ncells);

/* Adds everything <src> holds to <dst>: its state (the worse wins), its
 * findings, counts, perfdata items, --list rows (without <src>'s header
 * row when <dst> has one) and notes, in order, each within <dst>'s limits
 * (what does not fit is counted as refused). <src> is left as it was.
 */
void hs_report_merge(struct hs_report *dst, const struct hs_report *src);

/* Notes that the selected backend <name> is DOWN (for hs_report_all_down). */
void hs_report_backend_down(struct hs_report *rep, const char *name);

/* The cross-node view: adds to <dst> a finding with state <state> for each
 * backend DOWN in every one of the <n> reports <node> (n >= 2, the nodes
 * that answered, out of <given>): "app/BACKEND DOWN on every node that
 * answered (2 of 3)".
 */
void hs_report_all_down(struct hs_report *dst, const struct hs_report *const *node, size_t n,
			size_t given, enum hs_state state);

#endif
