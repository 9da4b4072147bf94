/* hs_policy.h: which status means which state.
 *
 * Every line of the status policy has a key and a default state; each can
 * be overridden from the command line with --policy KEY=STATE. Lines marked
 * "listed" put the object in the long output even when the state is OK
 * (planned maintenance is worth seeing, not worth paging).
 */
#ifndef HS_POLICY_H
#define HS_POLICY_H

#include <stdbool.h>

#include "hs_columns.h"
#include "hs_error.h"
#include "hs_range.h"
#include "hs_status.h"

enum hs_policy_key {
	HS_POL_FRONTEND_OPEN,
	HS_POL_FRONTEND_FULL,
	HS_POL_FRONTEND_STOP,
	HS_POL_FRONTEND_PAUSED,
	HS_POL_LISTENER_OPEN,
	HS_POL_LISTENER_WAITING,
	HS_POL_LISTENER_FULL,
	HS_POL_BACKEND_UP,
	HS_POL_BACKEND_DOWN,
	HS_POL_BACKEND_BACKUP_ONLY, /* every active server down, a backup serving */
	HS_POL_SERVER_UP,
	HS_POL_SERVER_GOING_DOWN, /* "UP n/m" */
	HS_POL_SERVER_DOWN,       /* DOWN, another active server of the backend UP */
	HS_POL_SERVER_DOWN_LAST,  /* DOWN, no active server of the backend UP */
	HS_POL_BACKUP_DOWN,       /* backup server DOWN */
	HS_POL_SERVER_NOLB,
	HS_POL_SERVER_DRAIN,
	HS_POL_SERVER_MAINT,
	HS_POL_SERVER_NOCHECK,
	HS_POL_SERVER_WEIGHT0,       /* UP at weight 0: serves no new traffic */
	HS_POL_SERVER_NOCOOKIE,      /* no cookie value in a backend that sets a cookie */
	HS_POL_HAPROXY_REFUSED,      /* the socket or TCP port refuses: not running */
	HS_POL_HAPROXY_MISSING,      /* the unix socket path does not exist */
	HS_POL_NODE_UNREACHABLE,     /* one node of several does not answer */
	HS_POL_MASTER_RELOAD_FAILED, /* the master's last reload failed */
	HS_POL_COUNT
};

struct hs_policy_line {
	const char *key;     /* e.g. "server.maint" */
	enum hs_state state; /* default state */
	bool listed;         /* show in long output even when OK */
	const char *what;    /* one-line description for --help */
};

extern const struct hs_policy_line hs_policy_defaults[HS_POL_COUNT];

struct hs_policy {
	enum hs_state state[HS_POL_COUNT];
};

/* What besides its status decides an object's policy line. */
struct hs_policy_facts {
	bool backup;    /* server: a backup server */
	bool weight0;   /* server: UP or no check at an effective weight of 0 */
	bool active_up; /* failed server: another active server of its backend serves */
	bool saturated; /* frontend: scur >= slim > 0 */
};

/* Policy line of an object of type <type> in status <st>, given <facts>:
 * e.g. a server "MAINT (resolution)" with no active server serving is
 * server.down-last, an OPEN frontend at its maxconn frontend.full. Returns
 * an enum hs_policy_key, or -1 when HAProxy does not use that status for
 * that type. A backend running on its backups is a finding of its own,
 * not a status line.
 */
int hs_policy_key(enum hs_objtype type, const struct hs_status *st,
		  const struct hs_policy_facts *facts);

/* Fills <pol> with the default policy. */
void hs_policy_init(struct hs_policy *pol);

/* Applies "KEY=STATE" (state: ok, warning, critical, unknown or 0..3, any
 * case). Fails with USAGE for an unknown key or state. Returns 0 or -1.
 */
int hs_policy_set(struct hs_policy *pol, const char *assignment, struct hs_error *err);

/* Parses a state name (ok, warning, critical, unknown, or 0..3; any case).
 * Returns the state or -1.
 */
int hs_state_parse(const char *text);

#endif
