/* hs_policy.c: which status means which state. */
#include <hs-config.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hs_policy.h"

#define LINE(id, k, st, l, w) [HS_POL_##id] = {k, HS_STATE_##st, l, w}

const struct hs_policy_line hs_policy_defaults[HS_POL_COUNT] = {
	LINE(FRONTEND_OPEN, "frontend.open", OK, false, "frontend OPEN"),
	LINE(FRONTEND_FULL, "frontend.full", WARNING, false,
	     "frontend at maxconn (FULL, scur=slim)"),
	LINE(FRONTEND_STOP, "frontend.stop", CRITICAL, false,
	     "frontend STOP (shutdown; 2.2: disable)"),
	LINE(FRONTEND_PAUSED, "frontend.paused", CRITICAL, false,
	     "frontend PAUSED (disable frontend)"),
	LINE(LISTENER_OPEN, "listener.open", OK, false, "listener OPEN"),
	LINE(LISTENER_WAITING, "listener.waiting", OK, true,
	     "listener WAITING (accept paused by a limit)"),
	LINE(LISTENER_FULL, "listener.full", WARNING, false,
	     "listener FULL (bind maxconn reached)"),
	LINE(BACKEND_UP, "backend.up", OK, false, "backend UP"),
	LINE(BACKEND_DOWN, "backend.down", CRITICAL, false, "backend DOWN"),
	LINE(BACKEND_BACKUP_ONLY, "backend.backup-only", CRITICAL, false,
	     "only backup servers serve (active ones not in MAINT or DRAIN set by an operator)"),
	LINE(SERVER_UP, "server.up", OK, false, "server UP"),
	LINE(SERVER_GOING_DOWN, "server.going-down", OK, true, "server UP n/m (failing checks)"),
	LINE(SERVER_DOWN, "server.down", WARNING, false,
	     "active server DOWN, another active one UP"),
	LINE(SERVER_DOWN_LAST, "server.down-last", CRITICAL, false,
	     "active server DOWN, no active server UP"),
	LINE(BACKUP_DOWN, "backup.down", WARNING, false, "backup server DOWN"),
	LINE(SERVER_NOLB, "server.nolb", OK, true, "server NOLB (not load-balanced)"),
	LINE(SERVER_DRAIN, "server.drain", OK, true, "server DRAIN (persistent traffic only)"),
	LINE(SERVER_MAINT, "server.maint", OK, true, "server MAINT (via ...) by an operator"),
	LINE(SERVER_NOCHECK, "server.nocheck", OK, true, "server 'no check' (health checks off)"),
	LINE(SERVER_WEIGHT0, "server.weight0", OK, true, "server UP at weight 0: no new traffic"),
	LINE(SERVER_NOCOOKIE, "server.nocookie", WARNING, false,
	     "server without a cookie value in a backend that sets a cookie: its sessions "
	     "cannot stick (needs level operator or admin)"),
	LINE(HAPROXY_REFUSED, "haproxy.refused", CRITICAL, false,
	     "refused: HAProxy is not running"),
	LINE(HAPROXY_MISSING, "haproxy.missing", UNKNOWN, false,
	     "the unix socket path does not exist"),
	LINE(NODE_UNREACHABLE, "node.unreachable", CRITICAL, false,
	     "one node of several cannot be reached or does not answer in time"),
	LINE(MASTER_RELOAD_FAILED, "master.reload-failed", CRITICAL, false,
	     "the master's last reload failed (show proc 'failed: K' > 0): HAProxy runs an "
	     "older configuration than the one on disk"),
};

/* Policy line of a frontend (<type> HS_OBJ_FRONTEND) or listener. */
static int
frontend_key(enum hs_objtype type, const struct hs_status *st, const struct hs_policy_facts *f)
{
	if (type == HS_OBJ_FRONTEND) {
		switch (st->cls) {
		case HS_SC_OPEN:
			/* 2.4+ keeps a saturated frontend OPEN (listeners WAITING) */
			return f->saturated ? HS_POL_FRONTEND_FULL : HS_POL_FRONTEND_OPEN;
		case HS_SC_FULL:
			return HS_POL_FRONTEND_FULL;
		case HS_SC_STOP:
			return HS_POL_FRONTEND_STOP;
		case HS_SC_PAUSED:
			return HS_POL_FRONTEND_PAUSED;
		default:
			return -1;
		}
	}
	switch (st->cls) {
	case HS_SC_OPEN:
		return HS_POL_LISTENER_OPEN;
	case HS_SC_WAITING:
		return HS_POL_LISTENER_WAITING;
	case HS_SC_FULL:
		return HS_POL_LISTENER_FULL;
	default:
		return -1;
	}
}

/* Policy line of a server. */
static int
server_key(const struct hs_status *st, const struct hs_policy_facts *f)
{
	if (hs_status_failed(st)) {
		if (f->backup)
			return HS_POL_BACKUP_DOWN;
		return f->active_up ? HS_POL_SERVER_DOWN : HS_POL_SERVER_DOWN_LAST;
	}
	switch (st->cls) {
	case HS_SC_UP:
		if (st->trans_den)
			return HS_POL_SERVER_GOING_DOWN;
		return f->weight0 ? HS_POL_SERVER_WEIGHT0 : HS_POL_SERVER_UP;
	case HS_SC_NOCHECK:
		return f->weight0 ? HS_POL_SERVER_WEIGHT0 : HS_POL_SERVER_NOCHECK;
	case HS_SC_NOLB:
		return HS_POL_SERVER_NOLB;
	case HS_SC_DRAIN:
		return HS_POL_SERVER_DRAIN;
	case HS_SC_MAINT:
		return HS_POL_SERVER_MAINT;
	default:
		return -1;
	}
}

int
hs_policy_key(enum hs_objtype type, const struct hs_status *st, const struct hs_policy_facts *facts)
{
	static const struct hs_policy_facts none = {0};

	if (facts == NULL)
		facts = &none;
	switch (type) {
	case HS_OBJ_FRONTEND:
	case HS_OBJ_LISTENER:
		return frontend_key(type, st, facts);
	case HS_OBJ_BACKEND:
		if (st->cls == HS_SC_UP)
			return HS_POL_BACKEND_UP;
		return st->cls == HS_SC_DOWN ? HS_POL_BACKEND_DOWN : -1;
	case HS_OBJ_SERVER:
		return server_key(st, facts);
	default:
		return -1;
	}
}

void
hs_policy_init(struct hs_policy *pol)
{
	int i;

	for (i = 0; i < HS_POL_COUNT; i++)
		pol->state[i] = hs_policy_defaults[i].state;
}

int
hs_state_parse(const char *text)
{
	static const char *const names[] = {"ok", "warning", "critical", "unknown"};
	int i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(text, names[i]) == 0)
			return i;
	}
	if (text[0] >= '0' && text[0] <= '3' && text[1] == '\0')
		return text[0] - '0';
	return -1;
}

int
hs_policy_set(struct hs_policy *pol, const char *assignment, struct hs_error *err)
{
	const char *eq = strchr(assignment, '=');
	size_t klen;
	int i, state;

	if (eq == NULL)
		return hs_error_set(err, HS_ERR_USAGE,
				    "--policy '%s' is not KEY=STATE (e.g. server.maint=warning)",
				    assignment);
	klen = (size_t)(eq - assignment);
	state = hs_state_parse(eq + 1);
	if (state < 0)
		return hs_error_set(err, HS_ERR_USAGE,
				    "--policy '%s': state must be ok, warning, critical or unknown",
				    assignment);
	for (i = 0; i < HS_POL_COUNT; i++) {
		if (strlen(hs_policy_defaults[i].key) == klen &&
		    strncmp(hs_policy_defaults[i].key, assignment, klen) == 0) {
			pol->state[i] = (enum hs_state)state;
			return 0;
		}
	}
	return hs_error_set(err, HS_ERR_USAGE,
			    "--policy '%s': unknown key (see --help for the list)", assignment);
}
