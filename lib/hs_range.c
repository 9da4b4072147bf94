/* hs_range.c: warning/critical thresholds in Nagios range syntax, on top of
 * libmonitoringplug.
 */
#include <hs-config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* utils_base.h includes gnulib's sha256.h unless USE_OPENSSL is set; only
 * the state-file API needs it and we do not use that, so keep gnulib's
 * replacement headers out of this library.
 */
#define USE_OPENSSL 1
#include "utils_base.h"
#undef USE_OPENSSL

#include "hs_range.h"

const char *
hs_state_name(enum hs_state state)
{
	switch (state) {
	case HS_STATE_OK:
		return "OK";
	case HS_STATE_WARNING:
		return "WARNING";
	case HS_STATE_CRITICAL:
		return "CRITICAL";
	default:
		return "UNKNOWN";
	}
}

int
hs_state_rank(enum hs_state state)
{
	switch (state) {
	case HS_STATE_OK:
		return 0;
	case HS_STATE_WARNING:
		return 2;
	case HS_STATE_CRITICAL:
		return 3;
	default:
		return 1;
	}
}

enum hs_state
hs_state_worst(enum hs_state a, enum hs_state b)
{
	return hs_state_rank(a) >= hs_state_rank(b) ? a : b;
}

/* Parses a plain decimal number that spans exactly [<s>, <e>). */
static bool
parse_number(const char *s, const char *e, double *out)
{
	char tmp[64];
	char *end;
	size_t len = (size_t)(e - s);

	if (len == 0 || len >= sizeof(tmp))
		return false;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (strspn(tmp, "-0123456789.") != len || strpbrk(tmp, "0123456789") == NULL)
		return false;
	errno = 0;
	*out = strtod(tmp, &end);
	return errno == 0 && *end == '\0';
}

bool
hs_range_valid(const char *text)
{
	const char *p = text, *colon;
	double start = 0, end = 0;
	bool start_inf = false, end_inf = false;

	if (text == NULL || *text == '\0')
		return false;
	if (*p == '@')
		p++;
	colon = strchr(p, ':');
	if (colon == NULL) {
		if (!parse_number(p, p + strlen(p), &end))
			return false;
	} else {
		if (colon - p == 1 && *p == '~')
			start_inf = true;
		else if (!parse_number(p, colon, &start))
			return false;
		if (colon[1] == '\0')
			end_inf = true;
		else if (!parse_number(colon + 1, colon + strlen(colon), &end))
			return false;
	}
	return start_inf || end_inf || start <= end;
}

int
hs_threshold_set(struct hs_threshold *t, const char *warn, const char *crit, struct hs_error *err)
{
	thresholds *th = NULL;

	memset(t, 0, sizeof(*t));
	if (warn != NULL && !hs_range_valid(warn))
		return hs_error_set(err, HS_ERR_USAGE,
				    "warning range '%s' is not a valid range ([@]start:end)", warn);
	if (crit != NULL && !hs_range_valid(crit))
		return hs_error_set(err, HS_ERR_USAGE,
				    "critical range '%s' is not a valid range ([@]start:end)",
				    crit);
	t->warn = warn ? strdup(warn) : NULL;
	t->crit = crit ? strdup(crit) : NULL;
	if ((warn && !t->warn) || (crit && !t->crit)) {
		hs_threshold_free(t);
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	}
	if (_set_thresholds(&th, t->warn, t->crit) != 0) {
		hs_threshold_free(t);
		return hs_error_set(err, HS_ERR_USAGE, "range '%s' or '%s' is not valid",
				    warn ? warn : "", crit ? crit : "");
	}
	t->lib = th;
	return 0;
}

bool
hs_threshold_active(const struct hs_threshold *t)
{
	return t->warn != NULL || t->crit != NULL;
}

enum hs_state
hs_threshold_eval(const struct hs_threshold *t, double value)
{
	if (t->lib == NULL)
		return HS_STATE_OK;
	return (enum hs_state)get_status(value, (thresholds *)t->lib);
}

void
hs_threshold_free(struct hs_threshold *t)
{
	thresholds *th = t->lib;

	if (th != NULL) {
		if (th->warning) {
			free(th->warning->text);
			free(th->warning);
		}
		if (th->critical) {
			free(th->critical->text);
			free(th->critical);
		}
		free(th);
	}
	free(t->warn);
	free(t->crit);
	memset(t, 0, sizeof(*t));
}
