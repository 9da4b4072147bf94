/* fuzz_range.c: Nagios range texts (-w/-c).
 *
 * The input is split at its first LF into a warning and a critical range
 * text (cut at a NUL byte, at most 256 bytes each). hs_range_valid() must
 * agree with hs_threshold_set(): a text it accepts is set without error
 * (libmonitoringplug's parser is never reached with a text it would reject
 * by exiting), and the thresholds evaluate a few values to a valid state.
 */
#include <hs-config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hs_range.h"

HS_FUZZ_TARGET(range)(const uint8_t *data, size_t size)
{
	static const double values[] = {0, -1, 1, 9.5, 10, 20, 1e9, -1e9, INFINITY, NAN};
	const uint8_t *lf = memchr(data, '\n', size);
	size_t wlen = lf ? (size_t)(lf - data) : size;
	char *warn = hs_fuzz_cstr(data, wlen, 256);
	char *crit = lf ? hs_fuzz_cstr(lf + 1, size - wlen - 1, 256) : NULL;
	struct hs_threshold t;
	struct hs_error err = {0};
	size_t i;
	int rc;

	if (warn == NULL || (lf && crit == NULL))
		abort();
	rc = hs_threshold_set(&t, warn, crit, &err);
	if (rc == 0) {
		if (!hs_range_valid(warn) || (crit && !hs_range_valid(crit)))
			abort(); /* set accepted what valid rejects */
		for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
			enum hs_state s = hs_threshold_eval(&t, values[i]);

			if (s > HS_STATE_UNKNOWN)
				abort();
		}
		hs_threshold_free(&t);
	} else if (err.code != HS_ERR_USAGE) {
		abort();
	}
	free(warn);
	free(crit);
	return 0;
}
