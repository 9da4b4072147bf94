/* hs_metric.h: what a threshold or a perfdata item can measure, and the
 * rules that put ranges on it.
 *
 * A metric is one of:
 *   - a numeric "show stat" column, by its HAProxy name (scur, qcur, rate,
 *     check_duration, lastchg, ...): the column table (hs_columns.h) says
 *     which object types carry it, its unit and whether it counts;
 *   - a derived metric (sessions_pct, queue_pct, rate_pct, up, up_pct,
 *     backup_up, capacity_pct, info.conn_pct, info.sessrate_pct,
 *     table.used, table.used_pct), listed in hs_derived_defs;
 *   - info.<Field>: a numeric field of "show info".
 *
 * A rule is one -w/-c argument, "[SCOPE.]METRIC=RANGE" with SCOPE one of
 * frontend, listener, backend, server; a bare RANGE is the 1.0 threshold
 * on the session rate of frontends and backends. A -w and a -c for the
 * same SCOPE.METRIC make one rule. Rules apply to every selected object of
 * their scope that has the metric; an object that lacks it is skipped (a
 * missing value is never zero), and a rule that no object could be
 * measured for is an error when the check ends.
 */
#ifndef HS_METRIC_H
#define HS_METRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_columns.h"
#include "hs_error.h"
#include "hs_range.h"

/* Object kinds, as bits: the four dump types (HS_F, HS_B, HS_S, HS_L from
 * hs_columns.h), the HAProxy process ("show info") and stick tables.
 */
#define HS_K_PROCESS (1u << 4)
#define HS_K_TABLE   (1u << 5)
#define HS_K_DUMP    (HS_F | HS_B | HS_S | HS_L)

enum hs_derived {
	HS_DM_SESSIONS_PCT,      /* scur / slim */
	HS_DM_QUEUE_PCT,         /* qcur / qlimit */
	HS_DM_RATE_PCT,          /* rate / rate_lim */
	HS_DM_UP,                /* backend: active servers UP (or no check) */
	HS_DM_UP_PCT,            /* backend: up / active servers not planned out */
	HS_DM_BACKUP_UP,         /* backend: backup servers UP (or no check) */
	HS_DM_CAPACITY_PCT,      /* backend: weight of serving / configured weight */
	HS_DM_INFO_CONN_PCT,     /* process: CurrConns / Maxconn */
	HS_DM_INFO_SESSRATE_PCT, /* process: SessRate / SessRateLimit */
	HS_DM_TABLE_USED,        /* stick table: used entries */
	HS_DM_TABLE_USED_PCT,    /* stick table: used / size */
	HS_DM_COUNT
};

struct hs_derived_def {
	const char *name;       /* as written on the command line */
	unsigned kinds;         /* object kinds that can have it */
	unsigned default_kinds; /* kinds a rule without SCOPE applies to */
	const char *uom;        /* perfdata unit */
	const char *what;       /* one line for --help and the README */
};

extern const struct hs_derived_def hs_derived_defs[HS_DM_COUNT];

enum hs_metric_src {
	HS_MSRC_COLUMN,  /* id is an enum hs_col */
	HS_MSRC_DERIVED, /* id is an enum hs_derived */
	HS_MSRC_INFO,    /* field names a "show info" field */
};

struct hs_metric {
	enum hs_metric_src src;
	int id;
	const char *field; /* INFO: field name (points into the rule's text) */
};

/* True if column <col> holds a number a threshold can use. */
bool hs_column_is_metric(enum hs_col col);

/* Perfdata unit of <m>: "s", "ms", "%", "B" for a byte gauge, "c" for any
 * counter, "" otherwise.
 */
const char *hs_metric_uom(const struct hs_metric *m);

/* Object kinds that can carry <m>. */
unsigned hs_metric_kinds(const struct hs_metric *m);

/* Name of <m> as a user writes it ("scur", "up_pct", "info.CurrConns"). */
const char *hs_metric_name(const struct hs_metric *m);

/* Parses a metric name (without scope) into <m>. <name> must outlive <m>
 * when it is an info field. Returns 0, or -1 with USAGE in <err>.
 */
int hs_metric_parse(const char *name, struct hs_metric *m, struct hs_error *err);

/* Most rules accepted (-w and -c for one metric count once). */
#define HS_RULES_MAX 64

struct hs_rule {
	char *key;   /* "[SCOPE.]METRIC" as given ("" for a bare range) */
	char *label; /* how findings name the metric ("session rate", "qcur") */
	struct hs_metric metric;
	unsigned kinds;    /* object kinds the rule applies to */
	char *warn, *crit; /* range texts */
	struct hs_threshold th;
};

struct hs_rules {
	struct hs_rule rule[HS_RULES_MAX];
	size_t count;
};

void hs_rules_init(struct hs_rules *rules);
void hs_rules_free(struct hs_rules *rules);

/* Adds the warning (or, with <critical>, critical) part of a -w/-c
 * argument <arg>: "[SCOPE.]METRIC=RANGE" or a bare RANGE. Fails with USAGE
 * for an unknown scope or metric, a metric the scope cannot have, an
 * invalid range, or the same range given twice. Returns 0 or -1.
 */
int hs_rules_add(struct hs_rules *rules, bool critical, const char *arg, struct hs_error *err);

/* Compiles the ranges of every rule. Returns 0 or -1 (USAGE, NOMEM). */
int hs_rules_compile(struct hs_rules *rules, struct hs_error *err);

/* True if a rule needs the server rows of "show stat": a server rule, or a
 * backend metric aggregated from its servers.
 */
bool hs_rules_need_servers(const struct hs_rules *rules);

/* Union of the object kinds the rules apply to. */
unsigned hs_rules_kinds(const struct hs_rules *rules);

/* Fails with USAGE naming the first rule that no selected object had the
 * metric for; <measured> counts, per rule, the objects it was read from.
 * Returns 0 or -1.
 */
int hs_rules_check_measured(const struct hs_rules *rules, const size_t *measured,
			    struct hs_error *err);

#endif
