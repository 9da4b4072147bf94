/* hs_buf.c: a growable text buffer with a hard size limit. */
#include <hs-config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_buf.h"
#include "hs_text.h"

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
	va_list ap;
	size_t len;
	char *s;
	bool ok;

	va_start(ap, fmt);
	s = hs_text_valloc(&len, fmt, ap);
	va_end(ap);
	if (s == NULL) {
		buf->nomem = true;
		return false;
	}
	ok = hs_buf_append(buf, s, len);
	free(s);
	return ok;
}

const char *
hs_buf_str(const struct hs_buf *buf)
{
	return buf->data ? buf->data : "";
}
