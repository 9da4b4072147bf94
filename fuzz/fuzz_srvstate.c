/* fuzz_srvstate.c: the "show servers state" summary (hs_srvstate_line,
 * hs_srvstate_servers).
 *
 * The input is split into lines at LF (a NUL byte ends a line early, as
 * the record reader never hands one over) and fed line by line. Whatever
 * the lines, memory stays bounded (at most HS_SRVSTATE_MAX_BACKENDS
 * backends kept), an unusable summary says why, and lookups answer.
 * fuzz/regressions/srvstate/too-many-backends lists one backend more than
 * the limit.
 */
#include <hs-config.h>

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hs_srvstate.h"

HS_FUZZ_TARGET(srvstate)(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"be_app", "b1", "", "app-main"};
	struct hs_srvstate st;
	struct hs_error err = {0};
	size_t off = 0, i;

	hs_srvstate_init(&st);
	while (off < size) {
		const uint8_t *lf = memchr(data + off, '\n', size - off);
		size_t len = lf ? (size_t)(lf - (data + off)) : size - off;
		char *line = hs_fuzz_cstr(data + off, len, len);

		if (line == NULL)
			abort();
		if (hs_srvstate_line(&st, line, &err) != 0 && err.code != HS_ERR_NOMEM)
			abort();
		free(line);
		if (st.count > HS_SRVSTATE_MAX_BACKENDS || (st.unusable && st.why[0] == '\0'))
			abort();
		off += len + 1;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		(void)hs_srvstate_servers(&st, names[i]);
	hs_srvstate_free(&st);
	return 0;
}
