/* hs_text.c: strings sized from what goes into them. */
#include <hs-config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_text.h"

const char *
hs_scratch_join(struct hs_scratch *s, const char *a, char sep, const char *b)
{
	size_t al = strlen(a), bl = strlen(b), need = al + bl + 2;

	if (need > s->cap) {
		char *grown = realloc(s->p, need);

		if (grown == NULL)
			return NULL;
		s->p = grown;
		s->cap = need;
	}
	memcpy(s->p, a, al);
	if (sep != '\0')
		s->p[al++] = sep;
	memcpy(s->p + al, b, bl + 1);
	return s->p;
}

void
hs_scratch_free(struct hs_scratch *s)
{
	free(s->p);
	s->p = NULL;
	s->cap = 0;
}

char *
hs_text_valloc(size_t *len, const char *fmt, va_list ap)
{
	va_list again;
	char *s = NULL;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n >= 0 && (s = malloc((size_t)n + 1)) != NULL) {
		vsnprintf(s, (size_t)n + 1, fmt, again);
		if (len != NULL)
			*len = (size_t)n;
	}
	va_end(again);
	return s;
}

char *
hs_text_alloc(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = hs_text_valloc(NULL, fmt, ap);
	va_end(ap);
	return s;
}

void
hs_text_wipe(char *s)
{
	volatile char *p = s;

	while (p != NULL && *p != '\0')
		*p++ = '\0';
	free(s);
}
