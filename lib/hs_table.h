/* hs_table.h: the answer to "show table" (no argument): one line per
 * stick table,
 *
 *   # table: be_stick, type: ip, size:1024, used:1
 *
 * in this exact format from 1.5 to 3.x. Tables of a peers section are
 * named "<peers>/<table>".
 */
#ifndef HS_TABLE_H
#define HS_TABLE_H

#include "hs_error.h"

struct hs_table {
	char name[256];
	char type[16];
	double size;
	double used;
};

/* Parses one line of the answer. Returns 1 with <t> filled for a table
 * line, 0 for a line that carries no table (entries or notes, which only
 * "show table NAME" prints), or -1 with <err> set: NOT_STATS when the
 * first line (<first>) is not a table line, MALFORMED when a "# table:"
 * line does not follow the format.
 */
int hs_table_line(const char *line, int first, struct hs_table *t, struct hs_error *err);

#endif
