/* hs_table.c: the answer to "show table". */
#include <hs-config.h>

#include <errno.h>
#include <stdbool.h>
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
	return 1;
malformed:
	hs_sanitize_excerpt(excerpt, sizeof(excerpt), line, 100);
	return hs_error_set(err, HS_ERR_MALFORMED, "'show table' line '%s' is not understood",
			    excerpt);
}
