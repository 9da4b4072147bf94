/* hs_csv.c: RFC 4180 field splitting for HAProxy's CSV. */
#include <hs-config.h>

#include <stddef.h>

#include "hs_csv.h"

int
hs_csv_split(char *rec, size_t len, char **fields, size_t max)
{
	size_t in = 0, out = 0, n = 0;

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
