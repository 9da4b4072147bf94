/* hs_expect.h: objects that must exist (--expect=PROXY[/SERVER]).
 *
 * Configuration drift, such as a backend renamed or a server removed,
 * shows as a missing object rather than as a bad status. Each expectation
 * names a proxy, or a server of a proxy, exactly; names are checked
 * against HAProxy's own character set so they can be sent to the CLI.
 */
#ifndef HS_EXPECT_H
#define HS_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_columns.h"
#include "hs_error.h"

/* Most --expect options accepted. */
#define HS_EXPECT_MAX 256

struct hs_expect_item {
	char *proxy;
	char *server; /* NULL: the proxy itself */
};

struct hs_expect {
	struct hs_expect_item *item;
	size_t count;
};

/* True if <s> is a valid HAProxy proxy or server name: 1 to 255 bytes of
 * [A-Za-z0-9._:-] (HAProxy's invalid_char()), so it can never carry a CLI
 * separator, a space or a keyword argument.
 */
bool hs_name_valid(const char *s);

void hs_expect_init(struct hs_expect *ex);
void hs_expect_free(struct hs_expect *ex);

/* Adds "PROXY" or "PROXY/SERVER". Fails with USAGE when a name is not a
 * valid HAProxy name. Returns 0 or -1.
 */
int hs_expect_add(struct hs_expect *ex, const char *arg, struct hs_error *err);

/* Records a row of the dump, proxy <px>, object <sv> of type <type>, in
 * <found> (one flag per expectation, owned by the evaluation).
 */
void hs_expect_seen(const struct hs_expect *ex, bool *found, const char *px, const char *sv,
		    enum hs_objtype type);

#endif
