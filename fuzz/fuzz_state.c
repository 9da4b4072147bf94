/* fuzz_state.c: the state file parser (hs_sf_read_stream, hs_sf_find).
 *
 * The input is read as a previous sample, then a fixed sequence of objects
 * is looked up in it, as a dump would, in and out of the file's order. A
 * found record must have non-negative values; a file that is refused must
 * say why; the records that could not be read never outnumber the lines.
 */
#include <hs-config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hs_statefile.h"

HS_FUZZ_TARGET(state)(const uint8_t *data, size_t size)
{
	static const struct {
		unsigned type;
		long long id;
		const char *px, *sv;
	} probe[] = {
		{0, 0, "fe", "FRONTEND"}, {2, 1, "app", "s1"},    {2, 2, "app", "s2"},
		{1, 0, "app", "BACKEND"}, {2, 3, "app", "s 3"},   {1, 0, "new", "BACKEND"},
		{1, 0, "db", "BACKEND"},  {3, 1, "fe", "sock-1"}, {2, 9, "app", "s1"},
	};
	struct hs_sf_reader *r = malloc(sizeof(*r));
	FILE *f = NULL;
	size_t i, j;
	int rc;

	if (r == NULL)
		abort();
	if (size > 0) {
		f = fmemopen((void *)data, size, "r");
		if (f == NULL)
			abort();
	}
	rc = hs_sf_read_stream(r, f);
	if (rc == 0 && r->why[0] == '\0')
		abort();
	for (i = 0; rc == 1 && i < sizeof(probe) / sizeof(probe[0]); i++) {
		const struct hs_sf_rec *rec =
			hs_sf_find(r, probe[i].type, probe[i].id, probe[i].px, probe[i].sv);

		for (j = 0; rec != NULL && j < r->head.ncols; j++) {
			if (rec->have[j] && !(rec->v[j] >= 0))
				abort();
		}
	}
	if (r->head.ncols > HS_SF_COLS_MAX || r->unreadable > size)
		abort();
	hs_sf_close(r);
	free(r);
	return 0;
}
