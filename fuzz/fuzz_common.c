/* fuzz_common.c: helpers shared by the fuzz targets. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

char *
hs_fuzz_cstr(const uint8_t *data, size_t size, size_t max)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t len = nul ? (size_t)(nul - data) : size;
	char *s;

	if (len > max)
		len = max;
	s = malloc(len + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}
