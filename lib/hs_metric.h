/* hs_metric.h: what a threshold or a perfdata item can measure, and the
 * rules that put ranges on it.
 *
 * A metric is one of:
 *   - a numeric "show stat" column, by its HAProxy name (scur, qcur, rate,
 *     check_duration, lastchg, ...): the column table (hs_columns.h) says
 *     which object types carry it, its unit and whether it counts;
 *   - a derived metric (sessions_pct, up_pct, table.used, http_5xx_pct,
 *     ...): a row of hs_derived_defs (hs_derived.h);
 *   - info.<Field>: a numeric field of "show info";
 *   - delta.<COUNTER> and rate.<COUNTER>: the increase of a counter column
 *     since the last check, and that increase per second (hs_derived.h,
 *     over the previous sample that hs_rate.h keeps);
 *   - table.gt.TYPE.N: the entries of a stick table whose data TYPE
 *     (http_req_rate, conn_cur, gpc0, ...) is above N, counted by HAProxy's
 *     own filter "show table NAME data.TYPE gt N".
 *
 * A rule is one -w/-c argument, "[SCOPE.]METRIC[@PROXY]=RANGE" with SCOPE
 * one of frontend, listener, backend, server; a bare RANGE is the 1.0
 * threshold on the session rate of frontends and backends. A -w and a -c
 * for the same SCOPE.METRIC@PROXY make one rule. Rules apply to every
 * selected object of their scope that has the metric; an object that lacks
 * it is skipped (a missing value is never zero), and a rule that no object
 * could be measured for is an UNKNOWN finding saying why.
 *
 * PROXY is a whole-name POSIX ERE, as for --proxy: such a rule applies only
 * to the objects of matching proxies (servers and listeners by their
 * proxy's name, stick tables by their own name; never the process), and on
 * them it replaces the rules without PROXY for the same metric.
 */
#ifndef HS_METRIC_H
#define HS_METRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_buf.h"
#include "hs_columns.h"
#include "hs_derived.h"
#include "hs_error.h"
#include "hs_range.h"
#include "hs_select.h"

enum hs_metric_src {
	HS_MSRC_COLUMN,   /* id is an enum hs_col */
	HS_MSRC_DERIVED,  /* id is an enum hs_derived */
	HS_MSRC_INFO,     /* field names a "show info" field */
	HS_MSRC_DELTA,    /* id is a counter column; field is the whole name */
	HS_MSRC_RATE,     /* likewise, per second */
	HS_MSRC_TABLE_GT, /* field is "table.gt.TYPE.N" (points into the rule's text) */
};

struct hs_metric {
	enum hs_metric_src src;
	int id;
	const char
		*field; /* INFO: field name; DELTA, RATE: the name (points into the rule's text) */
};

/* True if <a> and <b> are the same metric. */
bool hs_metric_same(const struct hs_metric *a, const struct hs_metric *b);

/* Reads <m> of <obj> into <*out>. Returns HS_MR_OK, or why <obj> has no
 * value for it (a missing value is never zero).
 */
enum hs_mreason hs_metric_value(const struct hs_metric *m, const struct hs_mobj *obj, double *out);

/* What the check must fetch to measure <m>: HS_NEED_* bits. */
unsigned hs_metric_needs(const struct hs_metric *m);

/* For a table.gt.TYPE.N metric <m>: copies TYPE into <type> (<size>
 * bytes) and points <*value> at N. Returns false for any other metric.
 */
bool hs_metric_table_gt(const struct hs_metric *m, char *type, size_t size, const char **value);

/* Perfdata unit of <m>: "s", "ms", "%", "B" for a byte gauge, "c" for any
 * counter, "" otherwise.
 */
const char *hs_metric_uom(const struct hs_metric *m);

/* Object kinds that can carry <m>. */
unsigned hs_metric_kinds(const struct hs_metric *m);

/* Name of <m> as a user writes it ("scur", "up_pct", "info.CurrConns"). */
const char *hs_metric_name(const struct hs_metric *m);

/* Parses a metric name (without scope) into <m>. <name> must outlive <m>
 * when it is an info field, a delta or a rate. Returns 0, or -1 with USAGE in <err>.
 */
int hs_metric_parse(const char *name, struct hs_metric *m, struct hs_error *err);

/* Most rules accepted (-w and -c for one metric count once). */
#define HS_RULES_MAX 64

struct hs_rule {
	char *key;               /* "[SCOPE.]METRIC[@PROXY]" as given ("" for a bare range) */
	char *label;             /* how findings name the metric ("session rate", "backend.up") */
	struct hs_pattern proxy; /* "@PROXY" (proxy.text NULL: every proxy) */
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

/* Which rules apply to an object of kind <kind> (one HS_K bit) in proxy
 * <proxy> (a stick table's name; NULL for the process): sets <applies>[i]
 * for each rule i that does, and <proxy_matched>[i] (may be NULL) for each
 * rule with a PROXY pattern that <proxy> matches. A rule with a PROXY
 * replaces, on the objects it applies to, the rules without one for the
 * same metric.
 */
void hs_rules_applying(const struct hs_rules *rules, unsigned kind, const char *proxy,
		       bool *applies, bool *proxy_matched);

/* Appends to <out> why rule <r> was measured on no object: <why> is the
 * reason of the first selected object it was skipped on (HS_MR_OK when
 * no selected object of its kinds was seen), <proxy_matched> whether its
 * PROXY pattern matched a selected object. Returns false if <out> refused.
 */
bool hs_rule_why(const struct hs_rule *r, enum hs_mreason why, bool proxy_matched,
		 struct hs_buf *out);

/* The same for one object: why <m> has no value on it ("no limit (slim)
 * set"), for verbose notes.
 */
const char *hs_mreason_text(enum hs_mreason why);

/* True if <why> means "over the interval: not evaluated this time" (first
 * sample, reset, small or stale sample), which is no UNKNOWN.
 */
bool hs_mreason_interval(enum hs_mreason why);

#endif
