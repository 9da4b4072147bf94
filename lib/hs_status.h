/* hs_status.h: HAProxy status strings, parsed into class, transition and
 * cause.
 *
 *   "UP"                    class UP
 *   "UP 1/2"                class UP, transition 1/2 (failing checks: going down)
 *   "DOWN 1/2"              class DOWN, transition 1/2 (passing checks: going up)
 *   "DOWN (agent)"          class DOWN, cause AGENT
 *   "MAINT (via be/s1)"     class MAINT, cause VIA, via "be/s1"
 *   "MAINT (resolution)"    class MAINT, cause RESOLUTION
 *   "DRAIN (agent)"         class DRAIN, cause AGENT
 *   "UP (2/3)"              backend with the up/no-maint modifier: 2 of 3 up
 *   "UP (UNPUB)"            unpublished backend (3.4+)
 *   "no check"              class NOCHECK
 */
#ifndef HS_STATUS_H
#define HS_STATUS_H

#include <stdbool.h>
#include <stddef.h>

enum hs_status_class {
	HS_SC_UNKNOWN = 0, /* not a status this version knows */
	HS_SC_OPEN,        /* frontend, listener */
	HS_SC_FULL,        /* frontend (<= 2.2), listener */
	HS_SC_WAITING,     /* listener */
	HS_SC_STOP,        /* frontend: soft-stopping (old process) */
	HS_SC_PAUSED,      /* frontend: disable frontend (2.6.6+) */
	HS_SC_UP,          /* backend, server */
	HS_SC_DOWN,        /* backend, server */
	HS_SC_NOLB,        /* server: up, not load-balanced */
	HS_SC_DRAIN,       /* server: only persistent traffic */
	HS_SC_MAINT,       /* server: administrative maintenance */
	HS_SC_NOCHECK,     /* server: running without health checks */
	HS_SC_COUNT
};

enum hs_status_cause {
	HS_CAUSE_NONE = 0,
	HS_CAUSE_AGENT,      /* "(agent)" */
	HS_CAUSE_VIA,        /* "(via px/srv)": tracked server */
	HS_CAUSE_RESOLUTION, /* "(resolution)": DNS */
};

struct hs_status {
	enum hs_status_class cls;
	int trans_num, trans_den; /* "UP 1/2": 1 and 2; both 0 when stable */
	enum hs_status_cause cause;
	const char *via; /* points into the parsed string; NULL if none */
	size_t via_len;
	int nup, nsrv;    /* backend "(n/m)" suffix; -1 when absent */
	bool unpublished; /* backend "(UNPUB)" */
};

/* Parses <s>, a "status" cell, into <st>. Returns true if the whole string
 * was understood; false (with st->cls == HS_SC_UNKNOWN) otherwise. A leading
 * "* " (a check in progress, in check_status) is not accepted here.
 */
bool hs_status_parse(const char *s, struct hs_status *st);

/* True if <st> is a failure of the server: DOWN (also "DOWN 1/2" and
 * "DOWN (agent)"), or "MAINT (resolution)", which is a DNS failure and not
 * planned maintenance. "MAINT (via px/sv)" is not: it inherits the
 * tracked server's maintenance.
 */
bool hs_status_failed(const struct hs_status *st);

/* Upper-case name of a class, as HAProxy prints it ("UP", "no check"). */
const char *hs_status_class_name(enum hs_status_class cls);

#endif
