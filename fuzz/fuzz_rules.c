/* fuzz_rules.c: -w/-c "[SCOPE.]METRIC[@PROXY]=RANGE" rules and --expect names.
 *
 * The input is split at LF into arguments (cut at a NUL byte, at most 300
 * bytes each, at most 8). The first byte of each picks what it is: even
 * a -w, odd a -c, and every third one an --expect instead. Each argument
 * is accepted or refused with USAGE; then the rules compile (USAGE or
 * NOMEM at worst) and everything is freed.
 */
#include <hs-config.h>

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hs_expect.h"
#include "hs_metric.h"

HS_FUZZ_TARGET(rules)(const uint8_t *data, size_t size)
{
	struct hs_rules *rules = malloc(sizeof(*rules));
	struct hs_expect ex;
	struct hs_error err = {0};
	size_t off = 0;
	int n = 0;

	if (rules == NULL)
		abort();
	hs_rules_init(rules);
	hs_expect_init(&ex);
	while (off < size && n++ < 8) {
		const uint8_t *lf = memchr(data + off, '\n', size - off);
		size_t len = lf ? (size_t)(lf - (data + off)) : size - off;
		char *arg = len > 0 ? hs_fuzz_cstr(data + off + 1, len - 1, 300) : NULL;
		int rc;

		if (len > 0 && arg == NULL)
			abort();
		if (arg != NULL) {
			if (data[off] % 3 == 2)
				rc = hs_expect_add(&ex, arg, &err);
			else
				rc = hs_rules_add(rules, data[off] % 2 == 1, arg, &err);
			if (rc != 0 && (err.code != HS_ERR_USAGE || err.msg[0] == '\0'))
				abort();
			free(arg);
		}
		off += len + 1;
	}
	if (hs_rules_compile(rules, &err) != 0 && err.code != HS_ERR_USAGE &&
	    err.code != HS_ERR_NOMEM)
		abort();
	hs_rules_free(rules);
	hs_expect_free(&ex);
	free(rules);
	return 0;
}
