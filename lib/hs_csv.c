/* hs_csv.c: RFC 4180 field splitting for HAProxy's CSV. */
#include <hs-config.h>

#include <stddef.h>
#include <string.h>

#include "hs_csv.h"

/* Fast path for a record without quotes: fields end at commas. HAProxy
 * fields are short, so a byte loop beats memchr() per field.
 */
static int
split_unquoted(char *rec, size_t len, char **fields, size_t max)
{
	char *p = rec, *end = rec + len;
	size_t n = 1;

	fields[0] = rec;
	for (; p < end; p++) {
		if (*p != ',')
			continue;
		if (n == max)
			return -1;
		*p = '\0';
		fields[n++] = p + 1;
	}
	*end = '\0';
	return (int)n;
}

int
hs_csv_split(char *rec, size_t len, char **fields, size_t max)
{
	size_t in = 0, out = 0, n = 0;

	if (max == 0)
		return -1;
	if (memchr(rec, '"', len) == NULL)
		return split_unquoted(rec, len, fields, max);

	for (;;) {
		if (n == max)
			return -1;
		fields[n++] = rec + out;
		if (in < len && rec[in] == '"') {
			/* quoted field: copy until the closing quote */
			in++;
			for (;;) {
				if (in >= len)
					return -1; /* unterminated quote */
				if (rec[in] == '"') {
					if (in + 1 < len && rec[in + 1] == '"') {
						rec[out++] = '"';
						in += 2;
						continue;
					}
					in++;
					break;
				}
				rec[out++] = rec[in++];
			}
			if (in < len && rec[in] != ',')
				return -1; /* garbage after the closing quote */
		} else {
			while (in < len && rec[in] != ',') {
				if (rec[in] == '"')
					return -1; /* bare quote inside a field */
				rec[out++] = rec[in++];
			}
		}
		if (in >= len) {
			rec[out] = '\0';
			return (int)n;
		}
		/* rec[in] == ',': terminate this field, start the next */
		rec[out++] = '\0';
		in++;
	}
}
