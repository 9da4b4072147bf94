/* hs_buf.c: a growable text buffer with a hard size limit. */
#include <hs-config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_buf.h"

void
hs_buf_init(struct hs_buf *buf, size_t limit)
{
	memset(buf, 0, sizeof(*buf));
	buf->limit = limit;
}

void
hs_buf_free(struct hs_buf *buf)
{
	free(buf->data);
	hs_buf_init(buf, buf->limit);
}

/* Makes room for <extra> more bytes plus the NUL. */
static bool
hs_buf_reserve(struct hs_buf *buf, size_t extra)
{
	size_t need = buf->len + extra + 1;
	size_t cap;
	char *p;

	if (need <= buf->cap)
		return true;
	cap = buf->cap ? buf->cap : 256;
	while (cap < need)
		cap *= 2;
	p = realloc(buf->data, cap);
	if (p == NULL) {
		buf->nomem = true;
		return false;
	}
	buf->data = p;
	buf->cap = cap;
	return true;
}

bool
hs_buf_append(struct hs_buf *buf, const char *s, size_t len)
{
	if (buf->limit != 0 && buf->len + len > buf->limit) {
		buf->refused++;
		return false;
	}
	if (!hs_buf_reserve(buf, len))
		return false;
	memcpy(buf->data + buf->len, s, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
	return true;
}

bool
hs_buf_printf(struct hs_buf *buf, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;
	bool ok;
	char *big;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	if ((size_t)n < sizeof(small))
		return hs_buf_append(buf, small, (size_t)n);
	big = malloc((size_t)n + 1);
	if (big == NULL) {
		buf->nomem = true;
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	ok = hs_buf_append(buf, big, (size_t)n);
	free(big);
	return ok;
}

const char *
hs_buf_str(const struct hs_buf *buf)
{
	return buf->data ? buf->data : "";
}
