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

#include <stdbool.h>
#include <stddef.h>

#include "hs_error.h"

/* Most "table.gt.TYPE.N" metrics counted per table. */
#define HS_TABLE_GT_MAX 8

struct hs_table {
	char name[256];
	char type[16];
	double size;
	double used;
	/* entries whose data TYPE is above N, per table.gt.TYPE.N metric
	 * (key: the metric's name); <have> false when they could not be
	 * counted (type not stored, level user) */
	size_t ngt;
	struct {
		const char *key;
		double count;
		bool have;
	} gt[HS_TABLE_GT_MAX];
};

/* Parses one line of the answer. Returns 1 with <t> filled for a table
 * line, 0 for a line that carries no table (entries or notes, which only
 * "show table NAME" prints), or -1 with <err> set: NOT_STATS when the
 * first line (<first>) is not a table line, MALFORMED when a "# table:"
 * line does not follow the format.
 */
int hs_table_line(const char *line, int first, struct hs_table *t, struct hs_error *err);

/* True if "show table <name> data.<type> gt <value>" may be sent: a table
 * name of letters, digits and "_.:/-" (peers tables are "peers/table"), a
 * data type of lower-case letters, digits and '_' (http_req_rate, gpc0,
 * conn_cur), a value of 1 to 18 digits; nothing that could end or add a
 * command.
 */
bool hs_table_query_valid(const char *name, const char *type, const char *value);

/* One line of the answer to "show table <name> data.<type> gt <value>":
 * returns 1 for an entry ("0x...: key=..."), 0 for a line that is none,
 * or -1 when the entries cannot be counted: the first line is not the
 * "# table: <name>," header (an error text such as "Data type not stored
 * in this table."), or HAProxy says it did not dump them (level user);
 * <why> (<size> bytes) then says so.
 */
int hs_table_data_line(const char *line, int first, const char *name, char *why, size_t size);

#endif
