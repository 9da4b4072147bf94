/* hs_list.h: the --list table, one row of typed cells per object.
 *
 *   OBJECT  TYPE  STATUS  POLICY  STATE  scur  rate  <each rule's metric>
 *
 * A row's cells are kept as separate strings (never text joined by a
 * separator byte), so a name or a status holding a tab, CR or LF can
 * neither shift a cell nor forge a row; the report scrubs them when it
 * writes the table. POLICY and STATE may be settled after the other cells
 * (a DOWN server's policy line depends on the servers read after it).
 */
#ifndef HS_LIST_H
#define HS_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_buf.h"
#include "hs_metric.h"
#include "hs_report.h"

/* Cells before the metric ones: OBJECT TYPE STATUS POLICY STATE. */
#define HS_LIST_FIXED 5
/* Most metric columns: scur, rate, then one per rule. */
#define HS_LIST_METRICS_MAX (2 + HS_RULES_MAX)
/* Bytes of one row's cells kept (names are at most a few hundred). */
#define HS_LIST_ROW_LIMIT (16 * 1024)

/* The metric columns of the table. */
struct hs_list {
	const struct hs_metric *metric[HS_LIST_METRICS_MAX];
	size_t nmetrics;
};

/* One row: the OBJECT, TYPE, STATUS and metric cells as NUL-terminated
 * strings at <off>[i] of <bytes>, POLICY and STATE as static names.
 */
struct hs_cells {
	struct hs_buf bytes;
	size_t off[HS_LIST_FIXED + HS_LIST_METRICS_MAX];
	size_t n;           /* cells in <bytes> */
	const char *policy; /* policy key name, "-" or "?" */
	const char *state;  /* state name, "-" */
	bool complete;      /* every cell was stored */
};

/* Chooses the metric columns: scur, rate, then the metric of each rule in
 * <rules> (may be NULL) not already there.
 */
void hs_list_init(struct hs_list *list, const struct hs_rules *rules);

/* Adds the header row to <rep>. */
void hs_list_header(const struct hs_list *list, struct hs_report *rep);

/* Fills <cells> (released with hs_cells_free) for object <name> of type
 * <type> in status <status>, with the value of each metric column read
 * from <obj> ("-" when it has none). POLICY and STATE are <policy> and
 * <state> (may be set later). Returns false when a cell did not fit in
 * HS_LIST_ROW_LIMIT or memory ran out (the row is then left out).
 */
bool hs_cells_fill(struct hs_cells *cells, const struct hs_list *list, const char *name,
		   const char *type, const char *status, const char *policy, const char *state,
		   const struct hs_mobj *obj);

/* Bytes <cells> holds, for budgets. */
size_t hs_cells_size(const struct hs_cells *cells);

/* Adds <cells> as a row of <rep>, if complete. */
void hs_cells_emit(const struct hs_cells *cells, struct hs_report *rep);

void hs_cells_free(struct hs_cells *cells);

#endif
