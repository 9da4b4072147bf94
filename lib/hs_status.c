/* hs_status.c: HAProxy status strings, parsed into class, transition and
 * cause.
 */
#include <hs-config.h>

#include <ctype.h>
#include <string.h>

#include "hs_status.h"

static const char *const class_names[HS_SC_COUNT] = {
	[HS_SC_UNKNOWN] = "?",       [HS_SC_OPEN] = "OPEN",   [HS_SC_FULL] = "FULL",
	[HS_SC_WAITING] = "WAITING", [HS_SC_STOP] = "STOP",   [HS_SC_PAUSED] = "PAUSED",
	[HS_SC_UP] = "UP",           [HS_SC_DOWN] = "DOWN",   [HS_SC_NOLB] = "NOLB",
	[HS_SC_DRAIN] = "DRAIN",     [HS_SC_MAINT] = "MAINT", [HS_SC_NOCHECK] = "no check",
};

const char *
hs_status_class_name(enum hs_status_class cls)
{
	return (unsigned)cls < HS_SC_COUNT ? class_names[cls] : "?";
}

/* Parses a small decimal number at <*p>; advances <*p>. Returns -1 when
 * there are no digits or more than 9.
 */
static int
parse_small_int(const char **p)
{
	int v = 0, digits = 0;

	while (isdigit((unsigned char)**p)) {
		if (++digits > 9)
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	return digits ? v : -1;
}

/* Parses "n/m" at <*p> into <a>/<b>; advances <*p>. */
static bool
parse_fraction(const char **p, int *a, int *b)
{
	const char *q = *p;

	*a = parse_small_int(&q);
	if (*a < 0 || *q != '/')
		return false;
	q++;
	*b = parse_small_int(&q);
	if (*b < 0)
		return false;
	*p = q;
	return true;
}

/* Parses one " (...)" group at <p> (just after the '('), up to ')'. */
static bool
parse_group(const char *p, size_t len, struct hs_status *st)
{
	const char *q = p;
	int a, b;

	if (len == 5 && strncmp(p, "agent", 5) == 0) {
		st->cause = HS_CAUSE_AGENT;
		return true;
	}
	if (len == 10 && strncmp(p, "resolution", 10) == 0) {
		st->cause = HS_CAUSE_RESOLUTION;
		return true;
	}
	if (len == 5 && strncmp(p, "UNPUB", 5) == 0) {
		st->unpublished = true;
		return true;
	}
	if (len > 4 && strncmp(p, "via ", 4) == 0) {
		st->cause = HS_CAUSE_VIA;
		st->via = p + 4;
		st->via_len = len - 4;
		return true;
	}
	if (parse_fraction(&q, &a, &b) && (size_t)(q - p) == len) {
		st->nup = a;
		st->nsrv = b;
		return true;
	}
	return false;
}

bool
hs_status_parse(const char *s, struct hs_status *st)
{
	static const struct {
		const char *word;
		enum hs_status_class cls;
	} words[] = {
		{"UP", HS_SC_UP},
		{"DOWN", HS_SC_DOWN},
		{"OPEN", HS_SC_OPEN},
		{"MAINT", HS_SC_MAINT},
		{"DRAIN", HS_SC_DRAIN},
		{"NOLB", HS_SC_NOLB},
		{"no check", HS_SC_NOCHECK},
		{"STOP", HS_SC_STOP},
		{"PAUSED", HS_SC_PAUSED},
		{"FULL", HS_SC_FULL},
		{"WAITING", HS_SC_WAITING},
	};
	const char *p = NULL;
	size_t i;

	memset(st, 0, sizeof(*st));
	st->nup = st->nsrv = -1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t l = strlen(words[i].word);

		if (strncmp(s, words[i].word, l) == 0 && (s[l] == '\0' || s[l] == ' ')) {
			st->cls = words[i].cls;
			p = s + l;
			break;
		}
	}
	if (p == NULL)
		goto unknown;
	/* optional transition " n/m" (servers: UP, DOWN, NOLB, DRAIN) */
	if (p[0] == ' ' && isdigit((unsigned char)p[1])) {
		p++;
		if (!parse_fraction(&p, &st->trans_num, &st->trans_den))
			goto unknown;
	}
	/* zero or more " (...)" groups */
	while (*p != '\0') {
		const char *close;

		if (p[0] != ' ' || p[1] != '(')
			goto unknown;
		p += 2;
		close = strchr(p, ')');
		if (close == NULL || close == p)
			goto unknown;
		if (!parse_group(p, (size_t)(close - p), st))
			goto unknown;
		p = close + 1;
	}
	return true;
unknown:
	memset(st, 0, sizeof(*st));
	st->nup = st->nsrv = -1;
	st->cls = HS_SC_UNKNOWN;
	return false;
}

bool
hs_status_failed(const struct hs_status *st)
{
	return st->cls == HS_SC_DOWN ||
	       (st->cls == HS_SC_MAINT && st->cause == HS_CAUSE_RESOLUTION);
}
