/* fuzz_table.c: the "show table" parser (hs_table_line).
 *
 * The input is split into lines at LF (a NUL byte ends a line early) and
 * fed line by line, the first flagged as such, until the parser refuses
 * one. A table line must yield a NUL-terminated name and type; a refusal
 * must be NOT_STATS or MALFORMED with a message.
 */
#include <hs-config.h>

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hs_table.h"

HS_FUZZ_TARGET(table)(const uint8_t *data, size_t size)
{
	struct hs_error err = {0};
	size_t off = 0;
	int first = 1;

	while (off < size) {
		const uint8_t *lf = memchr(data + off, '\n', size - off);
		size_t len = lf ? (size_t)(lf - (data + off)) : size - off;
		char *line = hs_fuzz_cstr(data + off, len, len);
		struct hs_table t;
		int rc;

		if (line == NULL)
			abort();
		memset(&t, 0x55, sizeof(t));
		rc = hs_table_line(line, first, &t, &err);
		free(line);
		if (rc < 0) {
			if ((err.code != HS_ERR_NOT_STATS && err.code != HS_ERR_MALFORMED) ||
			    err.msg[0] == '\0')
				abort();
			break;
		}
		if (rc == 1 && (memchr(t.name, '\0', sizeof(t.name)) == NULL ||
				memchr(t.type, '\0', sizeof(t.type)) == NULL))
			abort();
		first = 0;
		off += len + 1;
	}
	return 0;
}
