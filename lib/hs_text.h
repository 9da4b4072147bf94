/* hs_text.h: strings sized from what goes into them.
 *
 * Object names, perfdata prefixes and stored findings are built from
 * names HAProxy accepts up to any length; they are never cut into fixed
 * buffers (a cut name can collide with another one).
 */
#ifndef HS_TEXT_H
#define HS_TEXT_H

#include <stdarg.h>
#include <stddef.h>

/* A growable scratch string, reused from one object to the next. */
struct hs_scratch {
	char *p;
	size_t cap;
};

/* Writes "<a><sep><b>" (no <sep> when it is NUL) into <s>, grown to fit.
 * Returns the text (valid until the next write), or NULL when out of
 * memory.
 */
const char *hs_scratch_join(struct hs_scratch *s, const char *a, char sep, const char *b);

void hs_scratch_free(struct hs_scratch *s);

/* Formats <fmt> into a string allocated at the length it needs. Returns
 * it (to free), or NULL when out of memory.
 */
char *hs_text_alloc(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* hs_text_alloc() with <ap>; stores the length in <*len> unless <len> is
 * NULL.
 */
char *hs_text_valloc(size_t *len, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Overwrites <s> (may be NULL) with NUL bytes, then frees it: for secrets. */
void hs_text_wipe(char *s);

#endif
