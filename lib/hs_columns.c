/* hs_columns.c: the table of HAProxy "show stat" columns.
 *
 * The columns themselves are listed once, in HS_COLUMNS (hs_columns.h).
 */
#include <hs-config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hs_columns.h"

#define COL(id, nm, nat, unit, types) [HS_COL_##id] = {nm, HS_NAT_##nat, HS_UNIT_##unit, types},

const struct hs_column hs_columns[HS_COL_COUNT] = {HS_COLUMNS(COL)};

int
hs_column_lookup(const char *name)
{
	int i;

	for (i = 0; i < HS_COL_COUNT; i++) {
		if (strcmp(hs_columns[i].name, name) == 0)
			return i;
	}
	return -1;
}

/* Removes leading and trailing spaces of <s> in place; returns the start. */
static char *
hs_trim(char *s)
{
	char *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		*--e = '\0';
	return s;
}

int
hs_header_parse(struct hs_header *hdr, char **fields, size_t n, struct hs_error *err)
{
	static const enum hs_col required[] = {HS_COL_PXNAME, HS_COL_SVNAME, HS_COL_STATUS,
					       HS_COL_TYPE};
	size_t i;
	int next = 0;

	for (i = 0; i < HS_COL_COUNT; i++)
		hdr->field_of[i] = -1;
	hdr->nfields = n;
	if (n == 0 || strncmp(fields[0], "# ", 2) != 0)
		return hs_error_set(err, HS_ERR_NOT_STATS, "header line does not start with '# '");
	if (n > 0x7fff)
		return hs_error_set(err, HS_ERR_MALFORMED, "header has too many columns (%zu)", n);
	for (i = 0; i < n; i++) {
		char *name = hs_trim(i == 0 ? fields[0] + 2 : fields[i]);
		int col;

		if (strcmp(name, "-") == 0)
			break; /* stats-module columns follow; not ours to map */
		/* headers list known columns in table order: try the next one
		 * before searching */
		col = next < HS_COL_COUNT && strcmp(hs_columns[next].name, name) == 0
			      ? next
			      : hs_column_lookup(name);
		if (col < 0)
			continue; /* newer HAProxy: unknown columns are skipped */
		next = col + 1;
		if (hdr->field_of[col] != -1)
			return hs_error_set(err, HS_ERR_MALFORMED, "header names column '%s' twice",
					    hs_columns[col].name);
		hdr->field_of[col] = (short)i;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (hdr->field_of[required[i]] == -1)
			return hs_error_set(err, HS_ERR_MALFORMED, "header lacks the '%s' column",
					    hs_columns[required[i]].name);
	}
	return 0;
}

const char *
hs_row_str(const struct hs_row *row, enum hs_col col)
{
	short f = row->hdr->field_of[col];

	return f < 0 ? NULL : row->fields[f];
}

bool
hs_row_num(const struct hs_row *row, enum hs_col col, double *out)
{
	const char *s = hs_row_str(row, col);
	char *end;
	double v;

	if (s == NULL || *s == '\0')
		return false;
	/* plain decimal only: no spaces, hex, inf or nan from a hostile peer */
	if (strspn(s, "-0123456789.") != strlen(s))
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || end == s)
		return false;
	*out = v;
	return true;
}

int
hs_row_bind(struct hs_row *row, const struct hs_header *hdr, char **fields, size_t n,
	    struct hs_error *err)
{
	const char *type;

	row->fields = fields;
	row->nfields = n;
	row->hdr = hdr;
	if (n != hdr->nfields)
		return hs_error_set(err, HS_ERR_MALFORMED, "%zu fields where the header has %zu", n,
				    hdr->nfields);
	type = hs_row_str(row, HS_COL_TYPE);
	if (type[0] < '0' || type[0] > '3' || type[1] != '\0')
		return hs_error_set(err, HS_ERR_MALFORMED, "type '%.16s' is not 0 to 3", type);
	row->type = (enum hs_objtype)(type[0] - '0');
	if (*hs_row_str(row, HS_COL_PXNAME) == '\0' || *hs_row_str(row, HS_COL_SVNAME) == '\0')
		return hs_error_set(err, HS_ERR_MALFORMED, "empty pxname or svname");
	return 0;
}
