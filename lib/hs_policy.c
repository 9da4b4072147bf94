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
	     "only backup servers UP, active ones DOWN"),
	LINE(SERVER_UP, "server.up", OK, false, "server UP"),
	LINE(SERVER_GOING_DOWN, "server.going-down", OK, true, "server UP n/m (failing checks)"),
	LINE(SERVER_DOWN, "server.down", WARNING, false,
	     "active server DOWN, another active one UP"),
	LINE(SERVER_DOWN_LAST, "server.down-last", CRITICAL, false,
	     "active server DOWN, no active server UP"),
	LINE(BACKUP_DOWN, "backup.down", WARNING, false, "backup server DOWN"),
	LINE(SERVER_NOLB, "server.nolb", OK, true, "server NOLB (not load-balanced)"),
	LINE(SERVER_DRAIN, "server.drain", OK, true, "server DRAIN (persistent traffic only)"),
	LINE(SERVER_MAINT, "server.maint", OK, true,
	     "server MAINT (via ...) by an operator"),
	LINE(SERVER_NOCHECK, "server.nocheck", OK, true, "server 'no check' (health checks off)"),
	LINE(SERVER_WEIGHT0, "server.weight0", OK, true, "server UP at weight 0: no new traffic"),
	LINE(HAPROXY_REFUSED, "haproxy.refused", CRITICAL, false,
	     "refused: HAProxy is not running"),
	LINE(HAPROXY_MISSING, "haproxy.missing", UNKNOWN, false,
	     "the unix socket path does not exist"),
};

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
