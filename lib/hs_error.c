/* hs_error.c: error reporting for the check_haproxy_stat library. */
#include <hs-config.h>

#include <stdarg.h>
#include <stdio.h>

#include "hs_error.h"

int
hs_error_set(struct hs_error *err, enum hs_errcode code, const char *fmt, ...)
{
	va_list ap;
	char *p;

	if (err == NULL)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	for (p = err->msg; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	return -1;
}

void
hs_sanitize_excerpt(char *dst, size_t dstsize, const char *src, size_t max)
{
	size_t i, o = 0;

	if (dstsize == 0)
		return;
	for (i = 0; i < max && src[i] != '\0' && src[i] != '\n'; i++) {
		unsigned char c = (unsigned char)src[i];

		if (o + 4 >= dstsize) {
			break;
		}
		dst[o++] = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
	}
	/* cut: at <max> or for room, before the end of the line */
	if (src[i] != '\0' && src[i] != '\n' && o + 3 < dstsize) {
		dst[o++] = '.';
		dst[o++] = '.';
		dst[o++] = '.';
	}
	dst[o] = '\0';
}
