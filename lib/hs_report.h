/* hs_report.h: collects findings and perfdata, renders the plugin output.
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
/* Bytes of --list rows kept. */
#define HS_REPORT_TABLE_LIMIT (1024 * 1024)
/* Findings named on the status line before "and N more". */
#define HS_REPORT_SUMMARY_ITEMS 3

struct hs_report {
	enum hs_state state;          /* worst so far */
	struct hs_buf list[4];        /* by rank: OK, UNKNOWN, WARNING, CRITICAL */
	size_t listed[4];             /* findings stored per rank */
	size_t dropped[4];            /* findings not stored (limit) per rank */
	size_t objects[HS_OBJ_TYPES]; /* selected objects seen, by type */
	size_t servers[HS_SC_COUNT];  /* selected servers by status class */
	/* perfdata items, one per line, each behind a 'T' (thresholded:
	 * kept first when the byte budget cannot hold every item) or 'N' */
	struct hs_buf perf;  /* holds HS_REPORT_PERF_LIMIT bytes of each kind */
	size_t perf_other;   /* bytes of 'N' items held */
	size_t perf_budget;  /* most perfdata bytes rendered (0: HS_REPORT_PERF_LIMIT) */
	struct hs_buf table; /* --list rows: tab-separated cells, one per line */
	bool show_table;     /* render the --list table */
	struct hs_buf notes; /* verbose notes (commands sent, ...) */
};

void hs_report_init(struct hs_report *rep);
void hs_report_free(struct hs_report *rep);

/* Adds a finding with state <state>. <listed> keeps an OK finding in the
 * long output; non-OK findings always are. The description is formatted
 * from <fmt>; '|' and control characters in it are replaced so it cannot
 * break the output grammar.
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
 * are kept first, then the others that still fit.
 */
void hs_report_perf(struct hs_report *rep, bool thresholded, const char *label, double value,
		    const char *uom, const char *warn, const char *crit, const double *min,
		    const double *max);

/* Adds a --list row: cells separated by tabs, no newline. The first row
 * added is the header.
 */
void hs_report_list_row(struct hs_report *rep, const char *row);

/* Renders the full plugin output into <out> (initialised by the caller):
 * status line, perfdata (at most the budget's bytes: items that do not fit
 * are left out and counted in the long output), the --list table when
 * asked for, long output, each line ending in '\n'.
 */
void hs_report_render(const struct hs_report *rep, struct hs_buf *out);

#endif
