/* fuzz_state.c: the state file parser (hs_state_read_stream,
 * hs_state_find).
 *
 * The input is read as a previous sample, then a fixed sequence of objects
 * is looked up in it, as a dump would, so that the read-ahead window fills,
 * skips and misses. A found record must be of a valid type with
 * NUL-terminated names inside its text and non-negative values; a header
 * that is refused must say why.
 */
#include <hs-config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hs_state.h"

HS_FUZZ_TARGET(state)(const uint8_t *data, size_t size)
{
	static const struct {
		unsigned type;
		const char *px, *sv;
	} probe[] = {
		{0, "fe", "FRONTEND"}, {2, "app", "s1"},    {2, "app", "s2"},
		{1, "app", "BACKEND"}, {2, "app", "s 3"},   {1, "new", "BACKEND"},
		{1, "db", "BACKEND"},  {3, "fe", "sock-1"}, {2, "app", "s1"},
	};
	struct hs_state_reader *r = malloc(sizeof(*r));
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
	rc = hs_state_read_stream(r, f);
	if (rc == 0 && r->why[0] == '\0')
		abort();
	for (i = 0; rc == 1 && i < sizeof(probe) / sizeof(probe[0]); i++) {
		const struct hs_state_rec *rec =
			hs_state_find(r, probe[i].type, probe[i].px, probe[i].sv);

		if (rec == NULL)
			continue;
		if (rec->type > 3 || rec->px != rec->text || rec->sv <= rec->px ||
		    rec->sv >= rec->text + sizeof(rec->text) ||
		    memchr(rec->sv, '\0', (size_t)(rec->text + sizeof(rec->text) - rec->sv)) ==
			    NULL ||
		    strcmp(rec->px, probe[i].px) != 0 || strcmp(rec->sv, probe[i].sv) != 0)
			abort();
		for (j = 0; j < r->head.ncols; j++) {
			if (rec->have[j] && !(rec->v[j] >= 0))
				abort();
		}
	}
	if (r->head.ncols > HS_STATE_COLS_MAX)
		abort();
	hs_state_close(r);
	free(r);
	return 0;
}
