/* hs_perfdata.c: performance data items in the Monitoring Plugins grammar. */
#include <hs-config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hs_perfdata.h"

void
hs_perf_number(char *dst, size_t size, double v)
{
	char *p;

	if (!isfinite(v)) {
		snprintf(dst, size, "U");
		return;
	}
	/* a number that does not fit is "U" (unknown), never a cut one */
	if (v == 0)
		v = 0; /* no "-0" */
	if (v == floor(v)) {
		if ((size_t)snprintf(dst, size, "%.0f", v) >= size)
			snprintf(dst, size, "U");
		return;
	}
	if ((size_t)snprintf(dst, size, "%.6f", v) >= size) {
		snprintf(dst, size, "U");
		return;
	}
	p = dst + strlen(dst);
	while (p > dst && p[-1] == '0')
		*--p = '\0';
	if (p > dst && p[-1] == '.')
		p[-1] = '\0';
	if (strcmp(dst, "-0") == 0)
		snprintf(dst, size, "0"); /* a tiny negative rounds to zero */
}

/* Copies <label> into <dst> (<size> bytes), replacing characters that
 * break perfdata parsers, and quotes it when it contains a space. Returns
 * its length, or <size> when it does not fit whole (a cut label could
 * collide with another one).
 */
static size_t
perf_label(char *dst, size_t size, const char *label)
{
	bool quote = strchr(label, ' ') != NULL;
	size_t o = 0;
	const char *s;

	if (size < 4)
		return size;
	if (quote)
		dst[o++] = '\'';
	for (s = label; *s != '\0' && o + 2 < size; s++) {
		unsigned char c = (unsigned char)*s;

		dst[o++] = (c < 0x20 || c == 0x7f || c == '\'' || c == '=' || c == '|') ? '_'
											: (char)c;
	}
	if (*s != '\0')
		return size;
	if (quote)
		dst[o++] = '\'';
	dst[o] = '\0';
	return o;
}

size_t
hs_perf_item(char *item, size_t size, const char *label, double value, const char *uom,
	     const char *warn, const char *crit, const double *min, const double *max)
{
	char num[64];
	const char *fields[4];
	char minbuf[64], maxbuf[64];
	int last, i;
	size_t o;

	o = perf_label(item, size, label);
	if (o >= size)
		return 0;
	hs_perf_number(num, sizeof(num), value);
	if (min)
		hs_perf_number(minbuf, sizeof(minbuf), *min);
	if (max)
		hs_perf_number(maxbuf, sizeof(maxbuf), *max);
	fields[0] = warn ? warn : "";
	fields[1] = crit ? crit : "";
	fields[2] = min ? minbuf : "";
	fields[3] = max ? maxbuf : "";
	for (last = 3; last >= 0 && fields[last][0] == '\0'; last--)
		;
	o += (size_t)snprintf(item + o, size - o, "=%s%s", num, uom ? uom : "");
	for (i = 0; i <= last && o < size; i++)
		o += (size_t)snprintf(item + o, size - o, ";%s", fields[i]);
	return o < size ? o : 0;
}

bool
hs_perf_add(struct hs_buf *buf, const char *label, double value, const char *uom, const char *warn,
	    const char *crit, const double *min, const double *max)
{
	char item[512];
	size_t o = 0;

	if (buf->len)
		item[o++] = ' ';
	o += hs_perf_item(item + o, sizeof(item) - o, label, value, uom, warn, crit, min, max);
	if (o == 0 || (o == 1 && buf->len))
		return false;
	return hs_buf_append(buf, item, o);
}
