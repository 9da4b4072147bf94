/* hs_plan.h: which CLI commands a check sends, planned from what it needs.
 *
 * HAProxy's dump time grows with what it prints: a full "show stat" of
 * 10 000 servers takes it about 60 ms, the backends alone about 12 ms. So
 * the plan asks for server and listener rows only when a rule or an output
 * needs them, for "show info" and "show table" only when a metric reads
 * them, and for the named proxies only when proxies are named exactly.
 * The plan is written as one line, the commands separated by ';' (what -vv
 * shows); the check sends each on its own connection (see hs_check.c:
 * HAProxy 2.6 leaks the session of a client killed in the middle of a
 * ';'-separated line). Each answer ends with an empty line. Only read-only commands are ever
 * planned, and the only text taken from the user is a proxy name that
 * hs_name_valid() accepted.
 *
 * HAProxy finds "show stat <proxy> ..." by name, but a frontend and a
 * backend may share a name and only the first declared is dumped; a name
 * it does not know falls back to a numeric id (atoi). So a filtered plan
 * is: the frontend (and listener) rows of every proxy, "show backend" (the
 * list of backend names), then "show stat <proxy> <backends|servers> -1"
 * per name. The reader keeps only rows of the named proxy, and when a name
 * is a backend but its answer has no BACKEND row (its frontend twin was
 * dumped), or "show backend" is unknown (HAProxy < 1.7, which cannot
 * filter by name either), the check asks again without the filter.
 *
 * Server rows are most of a large dump. When the check needs no more of a
 * server than "it is UP" (no server rule or output, no server selection),
 * the plan asks "show servers state" instead (a third of HAProxy's time,
 * see hs_srvstate.h) and "show stat" without server rows; when a server
 * is anything but plainly UP, the check asks again with the server rows.
 */
#ifndef HS_PLAN_H
#define HS_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_error.h"

/* Longest command line sent (HAProxy's limit is about 15 KiB; keep far
 * below, see haproxy-stats.md 6.4).
 */
#define HS_PLAN_LINE_MAX 1024
/* Most proxies asked for by name; more means one unfiltered dump. */
#define HS_PLAN_PROXIES_MAX 32

/* "show stat" type mask bits (HAProxy's 1 << STATS_TYPE_*). */
#define HS_MASK_FRONTENDS 1u
#define HS_MASK_BACKENDS  2u
#define HS_MASK_SERVERS   4u
#define HS_MASK_LISTENERS 8u
#define HS_MASK_ALL       15u

struct hs_plan_needs {
	bool info;          /* an info. metric */
	bool servers_state; /* "show servers state" stands in for server rows */
	bool table;         /* a table. metric */
	unsigned mask;      /* object types whose rows are needed */
	const char **proxy; /* exact proxy names, or NULL for every proxy */
	size_t nproxy;
};

struct hs_plan {
	char line[HS_PLAN_LINE_MAX]; /* the command line, ending in '\n' */
	bool info;                   /* the first answer is "show info" */
	bool servers_state;          /* then "show servers state" */
	bool filtered;               /* proxies are named: see above */
	/* then "show stat" answers: the proxy each asks for (NULL: all) and
	 * its type mask; when filtered, "show backend" follows the first */
	size_t nstat;
	const char *stat_proxy[HS_PLAN_PROXIES_MAX + 1];
	unsigned stat_mask[HS_PLAN_PROXIES_MAX + 1];
	bool table; /* last, "show table" */
	unsigned mask;
};

/* Builds the plan for <needs>. Names must be valid HAProxy names; a name
 * given twice is asked for once; too many (or too long a line) fall back to
 * one unfiltered "show stat". Fails with USAGE for an invalid name.
 * Returns 0 or -1.
 */
int hs_plan_build(const struct hs_plan_needs *needs, struct hs_plan *plan, struct hs_error *err);

#endif
