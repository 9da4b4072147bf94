/* fuzz_info.c: the "show info" parser (hs_info_line, hs_info_num).
 *
 * The input is split into lines at LF (a NUL byte ends a line early, as
 * the record reader never hands one over) and fed line by line, first
 * line flagged as such, until the parser refuses one. Every refusal must
 * be NOT_STATS or MALFORMED with a message; lookups of the fields the
 * metrics use must return a finite number or false.
 */
#include <hs-config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hs_info.h"

HS_FUZZ_TARGET(info)(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"CurrConns",   "Maxconn",  "ConnRate",
					    "MaxConnRate", "SessRate", "Uptime_sec",
					    "Stopping",    "Name",     ""};
	struct hs_info *info = malloc(sizeof(*info));
	struct hs_error err = {0};
	size_t off = 0, i;

	if (info == NULL)
		abort();
	hs_info_init(info);
	while (off < size) {
		const uint8_t *lf = memchr(data + off, '\n', size - off);
		size_t len = lf ? (size_t)(lf - (data + off)) : size - off;
		char *line = hs_fuzz_cstr(data + off, len, len);

		if (line == NULL)
			abort();
		if (hs_info_line(info, line, &err) != 0) {
			free(line);
			if ((err.code != HS_ERR_NOT_STATS && err.code != HS_ERR_MALFORMED) ||
			    err.msg[0] == '\0')
				abort();
			break;
		}
		free(line);
		off += len + 1;
	}
	if (info->count > HS_INFO_FIELDS)
		abort();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		double v;

		if (hs_info_num(info, names[i], &v) && !isfinite(v))
			abort();
	}
	free(info);
	return 0;
}
