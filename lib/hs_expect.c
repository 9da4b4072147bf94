/* hs_expect.c: objects that must exist. */
#include <hs-config.h>

#include <stdlib.h>
#include <string.h>

#include "hs_expect.h"

bool
hs_name_valid(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-");

	return n > 0 && n < 256 && s[n] == '\0';
}

void
hs_expect_init(struct hs_expect *ex)
{
	memset(ex, 0, sizeof(*ex));
}

void
hs_expect_free(struct hs_expect *ex)
{
	size_t i;

	for (i = 0; i < ex->count; i++)
		free(ex->item[i].proxy); /* server points into the same block */
	free(ex->item);
	hs_expect_init(ex);
}

int
hs_expect_add(struct hs_expect *ex, const char *arg, struct hs_error *err)
{
	struct hs_expect_item *grown, *it;
	char *copy, *slash;
	size_t i;

	copy = strdup(arg);
	if (copy == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	slash = strchr(copy, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if (!hs_name_valid(copy) || (slash != NULL && !hs_name_valid(slash))) {
		free(copy);
		return hs_error_set(err, HS_ERR_USAGE,
				    "--expect '%.120s' is not PROXY or PROXY/SERVER (names are "
				    "letters, digits and . _ : -)",
				    arg);
	}
	for (i = 0; i < ex->count; i++) {
		it = &ex->item[i];
		if (strcmp(it->proxy, copy) == 0 &&
		    (it->server == NULL ? slash == NULL
					: slash != NULL && strcmp(it->server, slash) == 0)) {
			free(copy); /* a repeated --expect: kept once, reported once */
			return 0;
		}
	}
	if (ex->count == HS_EXPECT_MAX) {
		free(copy);
		return hs_error_set(err, HS_ERR_USAGE, "more than %d --expect options",
				    HS_EXPECT_MAX);
	}
	grown = realloc(ex->item, (ex->count + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(copy);
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	}
	ex->item = grown;
	it = &grown[ex->count++];
	it->proxy = copy;
	it->server = slash;
	return 0;
}

void
hs_expect_seen(const struct hs_expect *ex, bool *found, const char *px, const char *sv,
	       enum hs_objtype type)
{
	size_t i;

	for (i = 0; i < ex->count; i++) {
		const struct hs_expect_item *it = &ex->item[i];

		if (found[i] || strcmp(it->proxy, px) != 0)
			continue;
		if (it->server == NULL)
			found[i] = type == HS_OBJ_FRONTEND || type == HS_OBJ_BACKEND;
		else
			found[i] = type == HS_OBJ_SERVER && strcmp(it->server, sv) == 0;
	}
}
