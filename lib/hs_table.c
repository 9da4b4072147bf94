/* hs_table.c: the answer to "show table". */
#include <hs-config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_table.h"

/* Reads the decimal after <key> in <s> (e.g. "size:") into <out>; the
 * number must end at <stop> (',' or NUL). Returns true on success.
 */
static bool
field_number(const char *s, const char *key, char stop, double *out)
{
	const char *p = strstr(s, key);
	char *end;
	long long v;

	if (p == NULL)
		return false;
	p += strlen(key);
	if (*p < '0' || *p > '9')
		return false;
	errno = 0;
	v = strtoll(p, &end, 10);
	if (errno != 0 || *end != stop)
		return false;
	*out = (double)v;
	return true;
}

int
hs_table_line(const char *line, int first, struct hs_table *t, struct hs_error *err)
{
	static const char prefix[] = "# table: ";
	const char *name = line + sizeof(prefix) - 1, *comma, *type, *tcomma;
	char excerpt[120];

	if (strncmp(line, prefix, sizeof(prefix) - 1) != 0) {
		if (!first)
			return 0;
		hs_sanitize_excerpt(excerpt, sizeof(excerpt), line, 100);
		return hs_error_set(err, HS_ERR_NOT_STATS,
				    "'show table' answered '%s' (expected '# table:' lines)",
				    excerpt);
	}
	comma = strstr(name, ", type: ");
	if (comma == NULL || comma == name || (size_t)(comma - name) >= sizeof(t->name))
		goto malformed;
	type = comma + 8;
	tcomma = strchr(type, ',');
	if (tcomma == NULL || (size_t)(tcomma - type) >= sizeof(t->type))
		goto malformed;
	memcpy(t->name, name, (size_t)(comma - name));
	t->name[comma - name] = '\0';
	memcpy(t->type, type, (size_t)(tcomma - type));
	t->type[tcomma - type] = '\0';
	if (strncmp(tcomma, ", size:", 7) != 0 || !field_number(tcomma, ", size:", ',', &t->size) ||
	    !field_number(tcomma, ", used:", '\0', &t->used))
		goto malformed;
	t->ngt = 0;
	return 1;
malformed:
	hs_sanitize_excerpt(excerpt, sizeof(excerpt), line, 100);
	return hs_error_set(err, HS_ERR_MALFORMED, "'show table' line '%s' is not understood",
			    excerpt);
}

/* True if <s> is 1 to <max> bytes of <set>. */
static bool
only(const char *s, const char *set, size_t max)
{
	size_t n = strspn(s, set);

	return n > 0 && n <= max && s[n] == '\0';
}

bool
hs_table_query_valid(const char *name, const char *type, const char *value)
{
	return only(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/-",
		    200) &&
	       only(type, "abcdefghijklmnopqrstuvwxyz0123456789_", 32) &&
	       only(value, "0123456789", 18);
}

int
hs_table_data_line(const char *line, int first, const char *name, char *why, size_t size)
{
	char excerpt[100];
	size_t n = strlen(name);

	if (first) {
		if (strncmp(line, "# table: ", 9) == 0 && strncmp(line + 9, name, n) == 0 &&
		    line[9 + n] == ',')
			return 0;
		hs_sanitize_excerpt(excerpt, sizeof(excerpt), line, 80);
		snprintf(why, size, "'show table %.60s' answered '%s'", name, excerpt);
		return -1;
	}
	if (strncmp(line, "# contents not dumped", 21) == 0) {
		snprintf(why, size, "entries not dumped: the stats socket needs level operator");
		return -1;
	}
	return strncmp(line, "0x", 2) == 0 && strstr(line, ": key=") != NULL ? 1 : 0;
}
