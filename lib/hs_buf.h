/* hs_buf.h: a growable text buffer with a hard size limit.
 *
 * Output text (status line, long output, perfdata) is built in hs_buf
 * objects. Each buffer has a limit: appends that would exceed it are refused
 * as a whole (the buffer never holds a partial item) and counted, so memory
 * stays bounded whatever the peer sends.
 */
#ifndef HS_BUF_H
#define HS_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct hs_buf {
	char *data;     /* NUL-terminated, or NULL while empty */
	size_t len;     /* bytes used, without the NUL */
	size_t cap;     /* bytes allocated */
	size_t limit;   /* maximum len; 0 means unlimited */
	size_t refused; /* number of appends refused for the limit */
	bool nomem;     /* an allocation failed */
};

void hs_buf_init(struct hs_buf *buf, size_t limit);
void hs_buf_free(struct hs_buf *buf);

/* Appends <len> bytes of <s>. Returns true on success, false (buffer
 * unchanged, <refused> or <nomem> updated) when it would exceed the limit or
 * memory runs out.
 */
bool hs_buf_append(struct hs_buf *buf, const char *s, size_t len);

/* printf-style append with the same all-or-nothing contract. */
bool hs_buf_printf(struct hs_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Returns the text (never NULL: "" when empty). */
const char *hs_buf_str(const struct hs_buf *buf);

#endif
