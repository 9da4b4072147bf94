/* hs_metric.c: metric names and threshold rules. */
#include <hs-config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_metric.h"

const struct hs_derived_def hs_derived_defs[HS_DM_COUNT] = {
	[HS_DM_SESSIONS_PCT] = {"sessions_pct", HS_F | HS_L | HS_B | HS_S, HS_F | HS_S, "%",
				"scur/slim; backends only as backend.sessions_pct"},
	[HS_DM_QUEUE_PCT] = {"queue_pct", HS_S, HS_S, "%", "qcur/qlimit where a maxqueue is set"},
	[HS_DM_RATE_PCT] = {"rate_pct", HS_F, HS_F, "%", "rate/rate_lim where a rate limit is set"},
	[HS_DM_UP] = {"up", HS_B, HS_B, "", "active servers UP or 'no check'"},
	[HS_DM_UP_PCT] = {"up_pct", HS_B, HS_B, "%",
			  "up / active servers not in MAINT or DRAIN (if OK)"},
	[HS_DM_BACKUP_UP] = {"backup_up", HS_B, HS_B, "", "backup servers UP or 'no check'"},
	[HS_DM_CAPACITY_PCT] = {"capacity_pct", HS_B, HS_B, "%",
				"serving weight / configured weight, active ones"},
	[HS_DM_INFO_CONN_PCT] = {"info.conn_pct", HS_K_PROCESS, HS_K_PROCESS, "%",
				 "CurrConns/Maxconn of the process"},
	[HS_DM_INFO_SESSRATE_PCT] = {"info.sessrate_pct", HS_K_PROCESS, HS_K_PROCESS, "%",
				     "SessRate/SessRateLimit where a limit is set"},
	[HS_DM_TABLE_USED] = {"table.used", HS_K_TABLE, HS_K_TABLE, "",
			      "entries in each stick table"},
	[HS_DM_TABLE_USED_PCT] = {"table.used_pct", HS_K_TABLE, HS_K_TABLE, "%",
				  "used/size of each stick table"},
};

/* The scopes a rule may name, with the object kinds they select. */
static const struct {
	const char *word;
	unsigned kinds;
} scopes[] = {
	{"frontend", HS_F},
	{"listener", HS_L},
	{"backend", HS_B},
	{"server", HS_S},
};

bool
hs_column_is_metric(enum hs_col col)
{
	switch (hs_columns[col].nature) {
	case HS_NAT_GAUGE:
	case HS_NAT_MAX:
	case HS_NAT_LIMIT:
	case HS_NAT_COUNTER:
	case HS_NAT_RATE:
	case HS_NAT_DURATION:
	case HS_NAT_AGE:
		return true;
	default:
		return false;
	}
}

const char *
hs_metric_uom(const struct hs_metric *m)
{
	const struct hs_column *c;

	if (m->src == HS_MSRC_DERIVED)
		return hs_derived_defs[m->id].uom;
	if (m->src == HS_MSRC_INFO)
		return "";
	c = &hs_columns[m->id];
	if (c->nature == HS_NAT_COUNTER)
		return "c";
	switch (c->unit) {
	case HS_UNIT_BYTES:
		return "B";
	case HS_UNIT_MS:
		return "ms";
	case HS_UNIT_S:
		return "s";
	case HS_UNIT_PERCENT:
		return "%";
	default:
		return "";
	}
}

unsigned
hs_metric_kinds(const struct hs_metric *m)
{
	if (m->src == HS_MSRC_DERIVED)
		return hs_derived_defs[m->id].kinds;
	if (m->src == HS_MSRC_INFO)
		return HS_K_PROCESS;
	return hs_columns[m->id].types;
}

const char *
hs_metric_name(const struct hs_metric *m)
{
	if (m->src == HS_MSRC_DERIVED)
		return hs_derived_defs[m->id].name;
	if (m->src == HS_MSRC_INFO)
		return m->field - 5; /* the field follows "info." in the rule text */
	return hs_columns[m->id].name;
}

/* True if <s> is a plausible "show info" field name: letters, digits, '_'
 * and '-' (Ulimit-n), 1 to 64 of them.
 */
static bool
info_field_valid(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

	return n > 0 && n <= 64 && s[n] == '\0';
}

int
hs_metric_parse(const char *name, struct hs_metric *m, struct hs_error *err)
{
	int i;

	for (i = 0; i < HS_DM_COUNT; i++) {
		if (strcmp(name, hs_derived_defs[i].name) == 0) {
			m->src = HS_MSRC_DERIVED;
			m->id = i;
			m->field = NULL;
			return 0;
		}
	}
	if (strncmp(name, "info.", 5) == 0) {
		if (!info_field_valid(name + 5))
			return hs_error_set(
				err, HS_ERR_USAGE,
				"'%.80s' is not a 'show info' field name (info.CurrConns, "
				"info.Idle_pct, ...)",
				name);
		m->src = HS_MSRC_INFO;
		m->id = -1;
		m->field = name + 5;
		return 0;
	}
	i = hs_column_lookup(name);
	if (i >= 0 && hs_column_is_metric((enum hs_col)i)) {
		m->src = HS_MSRC_COLUMN;
		m->id = i;
		m->field = NULL;
		return 0;
	}
	if (i >= 0)
		return hs_error_set(err, HS_ERR_USAGE,
				    "column '%s' is not a number: no range can apply to it", name);
	return hs_error_set(err, HS_ERR_USAGE,
			    "unknown metric '%.80s': use a numeric 'show stat' column (scur, qcur, "
			    "rate, ...) or a derived metric listed in --help",
			    name);
}

void
hs_rules_init(struct hs_rules *rules)
{
	memset(rules, 0, sizeof(*rules));
}

void
hs_rules_free(struct hs_rules *rules)
{
	size_t i;

	for (i = 0; i < rules->count; i++) {
		struct hs_rule *r = &rules->rule[i];

		free(r->key);
		free(r->label);
		free(r->warn);
		free(r->crit);
		hs_threshold_free(&r->th);
	}
	rules->count = 0;
}

/* Sets up a new rule for <key> ("[SCOPE.]METRIC", or "" for a bare range).
 * Returns 0 or -1.
 */
static int
rule_init(struct hs_rule *r, const char *key, struct hs_error *err)
{
	const char *metric = key;
	unsigned scope = 0;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->key = strdup(key);
	if (r->key == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	if (*key == '\0') {
		/* 1.0 compatibility: the session rate of frontends and backends */
		r->metric.src = HS_MSRC_COLUMN;
		r->metric.id = HS_COL_RATE;
		r->kinds = HS_F | HS_B;
		r->label = strdup("session rate");
		return r->label ? 0 : hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	}
	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		size_t n = strlen(scopes[i].word);

		if (strncmp(key, scopes[i].word, n) == 0 && key[n] == '.') {
			scope = scopes[i].kinds;
			metric = r->key + n + 1;
			break;
		}
	}
	if (scope == 0)
		metric = r->key;
	if (hs_metric_parse(metric, &r->metric, err) != 0)
		return -1;
	if (scope != 0) {
		if ((hs_metric_kinds(&r->metric) & scope) == 0)
			return hs_error_set(err, HS_ERR_USAGE, "'%.80s': %ss have no metric '%s'",
					    key, scopes[i].word, hs_metric_name(&r->metric));
		r->kinds = scope;
	} else if (r->metric.src == HS_MSRC_DERIVED) {
		r->kinds = hs_derived_defs[r->metric.id].default_kinds;
	} else {
		r->kinds = hs_metric_kinds(&r->metric);
	}
	r->label = strdup(key);
	return r->label ? 0 : hs_error_set(err, HS_ERR_NOMEM, "out of memory");
}

int
hs_rules_add(struct hs_rules *rules, bool critical, const char *arg, struct hs_error *err)
{
	const char *opt = critical ? "-c" : "-w";
	const char *eq = strchr(arg, '=');
	const char *range = eq ? eq + 1 : arg;
	char key[128];
	struct hs_rule *r = NULL;
	char **slot;
	size_t i, klen = eq ? (size_t)(eq - arg) : 0;

	if (eq != NULL && klen == 0)
		return hs_error_set(err, HS_ERR_USAGE, "%s '%.80s': METRIC missing before '='", opt,
				    arg);
	if (klen >= sizeof(key))
		return hs_error_set(err, HS_ERR_USAGE, "%s '%.80s...': metric name too long", opt,
				    arg);
	memcpy(key, arg, klen);
	key[klen] = '\0';
	if (!hs_range_valid(range))
		return hs_error_set(err, HS_ERR_USAGE,
				    "%s '%.120s': '%.80s' is not a valid range ([@]start:end)", opt,
				    arg, range);
	for (i = 0; i < rules->count; i++) {
		if (strcmp(rules->rule[i].key, key) == 0)
			r = &rules->rule[i];
	}
	if (r == NULL) {
		if (rules->count == HS_RULES_MAX)
			return hs_error_set(err, HS_ERR_USAGE, "more than %d metrics in -w/-c",
					    HS_RULES_MAX);
		r = &rules->rule[rules->count];
		if (rule_init(r, key, err) != 0) {
			free(r->key);
			free(r->label);
			memset(r, 0, sizeof(*r));
			return -1;
		}
		rules->count++;
	}
	slot = critical ? &r->crit : &r->warn;
	if (*slot != NULL)
		return hs_error_set(err, HS_ERR_USAGE, "%s given twice for %s", opt,
				    *key ? key : "the session rate");
	*slot = strdup(range);
	if (*slot == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	return 0;
}

int
hs_rules_compile(struct hs_rules *rules, struct hs_error *err)
{
	size_t i;

	for (i = 0; i < rules->count; i++) {
		struct hs_rule *r = &rules->rule[i];

		if (hs_threshold_set(&r->th, r->warn, r->crit, err) != 0)
			return -1;
	}
	return 0;
}

bool
hs_rules_need_servers(const struct hs_rules *rules)
{
	size_t i;

	for (i = 0; i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];

		if (r->kinds & HS_S)
			return true;
		if (r->metric.src == HS_MSRC_DERIVED &&
		    (r->metric.id == HS_DM_UP || r->metric.id == HS_DM_UP_PCT ||
		     r->metric.id == HS_DM_BACKUP_UP || r->metric.id == HS_DM_CAPACITY_PCT))
			return true;
	}
	return false;
}

unsigned
hs_rules_kinds(const struct hs_rules *rules)
{
	unsigned kinds = 0;
	size_t i;

	for (i = 0; i < rules->count; i++)
		kinds |= rules->rule[i].kinds;
	return kinds;
}

int
hs_rules_check_measured(const struct hs_rules *rules, const size_t *measured, struct hs_error *err)
{
	size_t i;

	for (i = 0; i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];

		if (measured[i] > 0)
			continue;
		if (r->metric.src == HS_MSRC_INFO)
			return hs_error_set(err, HS_ERR_USAGE,
					    "'show info' has no numeric field '%s' in this HAProxy "
					    "version: check the name (case matters)",
					    r->metric.field);
		if (r->kinds == HS_K_TABLE)
			return hs_error_set(err, HS_ERR_USAGE,
					    "'%s': no stick table is selected ('show table' lists "
					    "none, or none matches --proxy)",
					    r->key);
		return hs_error_set(
			err, HS_ERR_USAGE,
			"no selected object has metric '%s'%s: check the metric and "
			"the selection",
			*r->key ? r->key : "rate",
			r->metric.src == HS_MSRC_DERIVED &&
					strstr(hs_derived_defs[r->metric.id].name, "_pct") != NULL
				? " (no limit is configured for it)"
				: "");
	}
	return 0;
}
