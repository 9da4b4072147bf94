/* hs_inventory.h: the frontends and backends an HAProxy has (--discover).
 *
 * Reads, through the check's own endpoints (a unix or TCP stats socket,
 * the master CLI, the stats page, a saved answer, or every node of a
 * cluster), the FRONTEND and BACKEND rows of "show stat -1# 3 -1" (the
 * stats page: its whole CSV, other rows skipped) with the check's CSV
 * reader and column table, and keeps one entry per proxy name: a
 * frontend, a backend, or both (a "listen" section, or a frontend and a
 * backend of the same name, which one --proxy selects together). Only
 * that read-only command is sent. Anything short of a complete, well-
 * formed answer from every node is an error: never a partial list.
 */
#ifndef HS_INVENTORY_H
#define HS_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_config.h"
#include "hs_error.h"

/* Most proxies kept (a larger configuration is refused, not cut). */
#define HS_INVENTORY_MAX 10000

/* One proxy: its name (a valid HAProxy name, hs_name_valid()) and what
 * it is.
 */
struct hs_inv_proxy {
	char *name;
	bool frontend; /* it has a FRONTEND row */
	bool backend;  /* it has a BACKEND row */
	/* both rows have the same proxy id (iid): one "listen" section, not
	 * a frontend and a backend that share a name */
	bool listen;
	unsigned fe_iid, be_iid; /* the ids of its rows (0: none) */
};

/* Proxies in the order of the first node's dump (configuration order),
 * those only other nodes have after them.
 */
struct hs_inventory {
	struct hs_inv_proxy *proxy;
	size_t count, cap;
};

void hs_inventory_init(struct hs_inventory *inv);
void hs_inventory_free(struct hs_inventory *inv);

/* Adds what one FRONTEND or BACKEND row says: proxy <name> (which must
 * be a valid HAProxy name) is a frontend (<backend> false) or a backend
 * with id <iid> (0: unknown). A name seen before is merged, so no proxy
 * is listed twice. Fails with MALFORMED for an invalid name, LIMIT beyond
 * HS_INVENTORY_MAX proxies, NOMEM. Returns 0 or -1.
 */
int hs_inventory_add(struct hs_inventory *inv, const char *name, bool backend, unsigned iid,
		     struct hs_error *err);

/* Reads the frontends and backends of every node of <cfg> in turn before cfg->timeout seconds
 * pass, keeping those cfg->selection selects (--proxy, --exclude-proxy),
 * into <inv> (initialised by the caller). Fails as a check would (the
 * transport's errors, NOT_STATS, MALFORMED, TRUNCATED, EMPTY, TIMEOUT, a
 * node's error prefixed with its name), with NOMATCH when a --proxy
 * pattern matched nothing, and with MALFORMED when nothing at all was
 * found or a name is not one HAProxy accepts. Returns 0 or -1 (<inv> then
 * holds what was read so far, which the caller frees, never uses).
 */
int hs_inventory_read(const struct hs_check_config *cfg, struct hs_inventory *inv,
		      struct hs_error *err);

#endif
