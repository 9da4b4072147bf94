/* hs_proxy.h: the proxy being read, aggregated from its rows.
 *
 * HAProxy lists a proxy's FRONTEND row, its listeners, its servers, then
 * its BACKEND row. While they are read, this module counts the servers by
 * role and health (struct hs_agg, which the backend metrics read) and holds
 * what cannot be reported yet:
 *
 *   - failed servers (DOWN, MAINT (resolution)): whether one is
 *     server.down or server.down-last depends on every active server of
 *     the backend, so each is kept as a struct (backup or not, the state its
 *     thresholds gave, its finding, its --list cells) until the proxy
 *     closes, within a byte budget; servers beyond it are counted;
 *   - OK findings the policy lists (no check, MAINT, DRAIN, ...), summed up
 *     per policy line ("app: 2 servers in MAINT (s1, s2)") unless every
 *     object is to be listed;
 *   - the BACKEND's --list row, written after its servers.
 *
 * Memory does not grow with the number of servers beyond those budgets.
 */
#ifndef HS_PROXY_H
#define HS_PROXY_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_derived.h"
#include "hs_error.h"
#include "hs_list.h"
#include "hs_policy.h"
#include "hs_report.h"
#include "hs_server.h"
#include "hs_status.h"

_Static_assert(HS_POL_COUNT <= 32, "struct hs_proxy keeps one bit per policy line");

/* Bytes of deferred servers (findings and --list cells) kept per proxy. */
#define HS_PROXY_DEFER_LIMIT (256 * 1024)
/* Names shown in a summed-up line before "...". */
#define HS_PROXY_GROUP_NAMES 3

/* A failed server awaiting the verdict on its backend. */
struct hs_deferred {
	bool backup;
	enum hs_state rules_state; /* worst state its thresholds gave */
	char *finding;             /* "app/s1 DOWN (L4CON Connection refused)" */
	struct hs_cells cells;     /* --list row, POLICY and STATE unset */
	bool has_cells;
};

/* OK findings of one policy line, summed up. */
struct hs_okgroup {
	size_t count;
	char *first;          /* the finding of the first one, shown when alone */
	struct hs_buf names;  /* the first HS_PROXY_GROUP_NAMES names, ", " between */
	enum hs_objtype type; /* servers or listeners */
};

struct hs_proxy {
	char *name;    /* proxy name (allocated) */
	bool open;     /* rows of this proxy are being read */
	bool selected; /* the proxy passed the selection */
	struct hs_agg agg;
	struct hs_deferred *defer;
	size_t ndefer, defer_cap, defer_bytes;
	size_t dropped_active, dropped_backup; /* failed servers beyond the budget */
	struct hs_cells backend_cells;         /* the BACKEND's --list row */
	bool has_backend_cells;
	unsigned used; /* bit 1 << KEY: group[KEY] has objects */
	/* last: hs_proxy_free clears the fields above and the used groups
	 * only, not the whole array, once per proxy of the dump */
	struct hs_okgroup group[HS_POL_COUNT];
};

/* Starts proxy <name> (selected or not). Returns 0, or -1 with NOMEM. */
int hs_proxy_open(struct hs_proxy *px, const char *name, bool selected, struct hs_error *err);

/* Adds server <sv> to the counts of the proxy. */
void hs_proxy_add_server(struct hs_proxy *px, const struct hs_server *sv);

/* Keeps failed server for the verdict: takes <finding> (allocated) and
 * <cells> (may be NULL) whatever the outcome. Returns false when the
 * budget is spent (the server is then only counted).
 */
bool hs_proxy_defer(struct hs_proxy *px, bool backup, enum hs_state rules_state, char *finding,
		    struct hs_cells *cells);

/* Sums up an OK finding <finding> of policy line <key> for object <name>
 * (a server or listener name) of type <type>.
 */
void hs_proxy_group(struct hs_proxy *px, int key, enum hs_objtype type, const char *name,
		    const char *finding);

/* Takes the BACKEND's --list row <cells>, written when the proxy closes. */
void hs_proxy_backend_cells(struct hs_proxy *px, struct hs_cells *cells);

/* Closes the proxy: reports its deferred servers under policy <pol> (and
 * their --list rows), its summed-up findings and its BACKEND's --list row
 * into <rep>, and frees what it held.
 */
void hs_proxy_close(struct hs_proxy *px, const struct hs_policy *pol, struct hs_report *rep);

void hs_proxy_free(struct hs_proxy *px);

#endif
