/* hs_plan.h: which CLI commands a check sends, planned from what it needs.
 *
 * HAProxy's dump time grows with what it prints: a full "show stat" of
 * 10 000 servers takes it about 60 ms, the backends alone about 12 ms. So
 * the plan asks for server and listener rows only when a rule or an output
 * needs them, for "show info" and "show table" only when a metric reads
 * them, and for the named proxies only when proxies are named exactly.
 * What a check needs is worked out by hs_needs.h; this module turns it
 * into commands.
 *
 * The plan is an array of typed commands in the order they are sent; the
 * order is written here and nowhere else. Each command's text is rendered
 * from its struct by hs_command_text(), both to send it and for the -vv
 * note, which shows the commands joined by ';'. The check sends each on
 * its own connection (see hs_exchange.h: HAProxy 2.6 leaks the session of
 * a client killed in the middle of a ';'-separated line); each answer ends
 * with an empty line. Only read-only commands are ever planned, and the
 * only text taken from the user is a proxy name that hs_name_valid()
 * accepted.
 *
 * No proxy's name may change what a command asks. HAProxy reads "show
 * stat [domain <d>] [<A> <type> <sid>]" (cli_parse_show_stat(), src/
 * stats.c, 2.2 to 3.4): a first word "domain" is a keyword on 2.3+
 * ("Invalid statistics domain." unless "proxy" or "resolvers" follows);
 * <A> goes to proxy_find_by_name() (src/proxy.c): "#<n>" is the proxy of
 * id <n> (none: NULL, no name fallback), anything else a name; only when
 * that finds nothing is <A> read by atoi(), 0 being "No such proxy." and
 * -1 every proxy. Names hold [A-Za-z0-9_.:-] (invalid_char(), src/
 * tools.c), so "-1" and "5" are names: "show stat -1 11 -1" dumps the
 * proxy "-1" alone. Hence every proxy with a type mask is HS_EVERY_PROXY,
 * "-1#": never a name, read -1 by atoi() (test_names.sh, 2.2 to 3.4; a
 * strict reader would say "No such proxy.", an error, not another dump);
 * every type is plain "show stat". A user's name is sent as it is: found by name when it
 * exists, else a number or nothing, and the reader keeps only the rows of
 * that name. "domain" cannot be sent (2.3+): a plan naming it asks for
 * every proxy, and the evaluator selects.
 *
 * A frontend and a backend may share a name (before 3.3) and only the
 * first declared is dumped. So a filtered plan is: the frontend (and
 * listener) rows of every proxy, "show backend" (the list of backend
 * names), then "show stat <proxy> <backends|servers> -1" per name. When a
 * name is a backend but its answer has no BACKEND row (its frontend twin
 * was dumped), the reader asks "show stat -1# <backends|servers> -1" and
 * keeps that name's rows; when "show backend" is unknown (HAProxy < 1.7,
 * which cannot filter by name either), it asks so for every name.
 *
 * The status of a server is its "show stat" row's, nothing else: no other
 * command stands in for the rows (the full dump costs a check that runs
 * once a minute a few milliseconds more at 10 000 servers, bench/).
 */
#ifndef HS_PLAN_H
#define HS_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_error.h"

/* Longest command line, the commands joined by ';' with the final '\n'
 * (HAProxy's limit is about 15 KiB; keep far below, see haproxy-stats.md
 * 6.4). A longer filtered plan falls back to one unfiltered dump.
 */
#define HS_PLAN_LINE_MAX 1024
/* Most proxies asked for by name; more means one unfiltered dump. */
#define HS_PLAN_PROXIES_MAX 32
/* Most commands of a plan: "show info", "show stat" of every proxy, "show
 * backend", one "show stat" per name, "show table".
 */
#define HS_PLAN_COMMANDS_MAX (HS_PLAN_PROXIES_MAX + 4)

/* The <A> of "show stat <A> <type> <sid>" for every proxy: no name can be
 * it (see above).
 */
#define HS_EVERY_PROXY "-1#"

/* "show stat" type mask bits (HAProxy's 1 << STATS_TYPE_*). */
#define HS_MASK_FRONTENDS 1u
#define HS_MASK_BACKENDS  2u
#define HS_MASK_SERVERS   4u
#define HS_MASK_LISTENERS 8u
#define HS_MASK_ALL       15u

enum hs_cmd_kind {
	HS_CMD_INFO,         /* "show info" */
	HS_CMD_STAT,         /* "show stat [<proxy|-1#> <mask> -1]" */
	HS_CMD_BACKEND_LIST, /* "show backend" */
	HS_CMD_TABLE,        /* "show table" */
	/* "show table <proxy>": <proxy> is "<table> data.<type> gt <value>",
	 * each part checked by hs_table_query_valid(); sent after "show
	 * table" named the tables, never planned */
	HS_CMD_TABLE_DATA,
	HS_CMD_PAGE, /* the stats page's CSV: ";csv;norefresh[;scope=<proxy>]" */
};

struct hs_command {
	enum hs_cmd_kind kind;
	/* STAT: the proxy asked for, or NULL for every proxy; PAGE: the
	 * page's scope (a substring filter: the reader keeps this name only) */
	const char *proxy;
	unsigned mask; /* STAT: object types (HS_MASK_*) */
	/* STAT of every proxy: keep only the rows of this proxy (the
	 * reader's filter, never sent), or NULL for every row */
	const char *only;
};

/* What a check needs from HAProxy (hs_needs.h fills it). */
struct hs_plan_needs {
	bool info;     /* an info. metric */
	bool table;    /* a table. metric */
	unsigned mask; /* object types whose rows are needed */
	/* exact proxy names (hs_name_valid), or none for every proxy */
	const char *proxy[HS_PLAN_PROXIES_MAX];
	size_t nproxy;
};

struct hs_plan {
	struct hs_command cmd[HS_PLAN_COMMANDS_MAX]; /* in the order sent */
	size_t count;
	bool filtered; /* proxies are named: see above */
	unsigned mask; /* object types of the rows asked for, over every "show stat" */
};

/* Builds the plan for <needs> into <plan>. Names must be valid HAProxy
 * names; a name given twice is asked for once; too long a line falls back
 * to one unfiltered "show stat". The proxy pointers of <plan> point to the
 * strings of <needs>, which must outlive it. Fails with USAGE for an
 * invalid name. Returns 0 or -1.
 */
int hs_plan_build(const struct hs_plan_needs *needs, struct hs_plan *plan, struct hs_error *err);

/* Longest scope the stats page takes (HAProxy's STAT_SCOPE_TXT_MAXLEN). */
#define HS_PAGE_SCOPE_MAX 31

/* Builds the plan for the stats page over HTTP (hs_http.h) into <plan>:
 * one PAGE command, every row type (the page has no type mask), with the
 * page's scope when exactly one valid proxy name of at most
 * HS_PAGE_SCOPE_MAX bytes is asked for. The page answers neither "show
 * info" nor "show table": <needs> with info or table fails with USAGE,
 * saying they need the stats socket. The page's ";up" and ";no-maint"
 * filters are never used: they hide exactly the servers a check reports.
 * Returns 0 or -1.
 */
int hs_plan_build_page(const struct hs_plan_needs *needs, struct hs_plan *plan,
		       struct hs_error *err);

/* Renders the text of <cmd> (without a line end) into <buf> of <size>
 * bytes. Returns false, with <buf> holding a truncated text (or "" when
 * <size> is 0), when it does not fit.
 */
bool hs_command_text(const struct hs_command *cmd, char *buf, size_t size);

/* Renders every command of <plan>, joined by ';' (without a line end), into
 * <buf> of <size> bytes: what -vv shows. Returns false when it does not
 * fit.
 */
bool hs_plan_text(const struct hs_plan *plan, char *buf, size_t size);

#endif
