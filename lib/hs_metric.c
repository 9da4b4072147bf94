/* hs_metric.c: metric names and threshold rules. */
#include <hs-config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_info.h"
#include "hs_metric.h"
#include "hs_table.h"

/* The object kinds as words; the first four are the scopes a rule may name. */
static const struct {
	unsigned kind;
	const char *word;
} kind_words[] = {
	{HS_F, "frontend"},   {HS_L, "listener"},          {HS_B, "backend"},
	{HS_S, "server"},     {HS_K_TABLE, "stick table"}, {HS_K_PROCESS, "process"},
	{HS_K_NODES, "node"}, {HS_K_MASTER, "master"},     {HS_K_CHECK, "check"},
};

#define SCOPES 4
#define KINDS  (sizeof(kind_words) / sizeof(kind_words[0]))

bool
hs_metric_table_gt(const struct hs_metric *m, char *type, size_t size, const char **value)
{
	const char *dot;

	if (m->src != HS_MSRC_TABLE_GT)
		return false;
	dot = strrchr(m->field, '.');
	snprintf(type, size, "%.*s", (int)(dot - (m->field + 9)), m->field + 9);
	*value = dot + 1;
	return true;
}

/* True if column <col> holds a number a threshold can use. */
static bool
column_is_metric(enum hs_col col)
{
	static const bool numeric[] = {
		[HS_NAT_GAUGE] = true,   [HS_NAT_MAX] = true,  [HS_NAT_LIMIT] = true,
		[HS_NAT_COUNTER] = true, [HS_NAT_RATE] = true, [HS_NAT_DURATION] = true,
		[HS_NAT_AGE] = true,
	};

	return hs_columns[col].nature < sizeof(numeric) && numeric[hs_columns[col].nature];
}

bool
hs_metric_same(const struct hs_metric *a, const struct hs_metric *b)
{
	if (a->src != b->src)
		return false;
	if (a->src == HS_MSRC_INFO)
		return strcmp(a->field, b->field) == 0;
	return a->id == b->id;
}

enum hs_mreason
hs_metric_value(const struct hs_metric *m, const struct hs_mobj *obj, double *out)
{
	if ((hs_metric_kinds(m) & obj->kind) == 0)
		return HS_MR_KIND;
	switch (m->src) {
	case HS_MSRC_COLUMN:
		if (obj->row == NULL)
			return HS_MR_KIND;
		if (hs_row_str(obj->row, (enum hs_col)m->id) == NULL)
			return HS_MR_MISSING;
		if (!hs_row_num(obj->row, (enum hs_col)m->id, out))
			return HS_MR_EMPTY;
		/* lastsess is -1 when the object never had a session */
		if (hs_columns[m->id].nature == HS_NAT_AGE && *out < 0)
			return HS_MR_NEVER;
		return HS_MR_OK;
	case HS_MSRC_INFO:
		if (obj->info == NULL)
			return HS_MR_KIND;
		return hs_info_num(obj->info, m->field, out) ? HS_MR_OK : HS_MR_MISSING;
	case HS_MSRC_DERIVED:
		return hs_derived_value((enum hs_derived)m->id, obj, out);
	case HS_MSRC_DELTA:
		return hs_delta(obj, (enum hs_col)m->id, out);
	case HS_MSRC_RATE:
		return hs_per_second(obj, (enum hs_col)m->id, out);
	case HS_MSRC_TABLE_GT: {
		size_t i;

		if (obj->table == NULL)
			return HS_MR_KIND;
		for (i = 0; i < obj->table->ngt && i < HS_TABLE_GT_MAX; i++) {
			if (strcmp(obj->table->gt[i].key, m->field) != 0)
				continue;
			if (!obj->table->gt[i].have)
				break;
			*out = obj->table->gt[i].count;
			return HS_MR_OK;
		}
		return HS_MR_NODATA;
	}
	}
	return HS_MR_KIND;
}

unsigned
hs_metric_needs(const struct hs_metric *m)
{
	if (m->src == HS_MSRC_DERIVED)
		return hs_derived_defs[m->id].needs;
	if (m->src == HS_MSRC_INFO)
		return HS_NEED_INFO;
	if (m->src == HS_MSRC_DELTA || m->src == HS_MSRC_RATE)
		return HS_NEED_STATE | HS_NEED_INFO;
	if (m->src == HS_MSRC_TABLE_GT)
		return HS_NEED_TABLE;
	return 0;
}

const char *
hs_metric_uom(const struct hs_metric *m)
{
	static const char *const uom[] = {[HS_UNIT_BYTES] = "B",
					  [HS_UNIT_MS] = "ms",
					  [HS_UNIT_S] = "s",
					  [HS_UNIT_PERCENT] = "%"};
	const struct hs_column *c;

	if (m->src == HS_MSRC_DERIVED)
		return hs_derived_defs[m->id].uom;
	/* an increase is no longer a counter: graphers must not derive it */
	if (m->src == HS_MSRC_INFO || m->src == HS_MSRC_DELTA || m->src == HS_MSRC_RATE ||
	    m->src == HS_MSRC_TABLE_GT)
		return "";
	c = &hs_columns[m->id];
	if (c->nature == HS_NAT_COUNTER)
		return "c";
	return c->unit < sizeof(uom) / sizeof(uom[0]) && uom[c->unit] != NULL ? uom[c->unit] : "";
}

unsigned
hs_metric_kinds(const struct hs_metric *m)
{
	if (m->src == HS_MSRC_DERIVED)
		return hs_derived_defs[m->id].kinds;
	if (m->src == HS_MSRC_INFO)
		return HS_K_PROCESS;
	if (m->src == HS_MSRC_TABLE_GT)
		return HS_K_TABLE;
	return hs_columns[m->id].types;
}

const char *
hs_metric_name(const struct hs_metric *m)
{
	if (m->src == HS_MSRC_DERIVED)
		return hs_derived_defs[m->id].name;
	if (m->src == HS_MSRC_INFO)
		return m->field - 5; /* the field follows "info." in the rule text */
	if (m->src == HS_MSRC_DELTA || m->src == HS_MSRC_RATE || m->src == HS_MSRC_TABLE_GT)
		return m->field;
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
			*m = (struct hs_metric){HS_MSRC_DERIVED, i, NULL};
			return 0;
		}
	}
	if (strncmp(name, "delta.", 6) == 0 || strncmp(name, "rate.", 5) == 0) {
		const char *col = strchr(name, '.') + 1;

		i = hs_column_lookup(col);
		if (i < 0 || hs_columns[i].nature != HS_NAT_COUNTER)
			return hs_error_set(err, HS_ERR_USAGE,
					    "'%.80s': delta. and rate. apply to a counter column "
					    "of 'show stat' (stot, hrsp_5xx, wredis, dreq, ...)",
					    name);
		*m = (struct hs_metric){name[0] == 'd' ? HS_MSRC_DELTA : HS_MSRC_RATE, i, name};
		return 0;
	}
	if (strncmp(name, "table.gt.", 9) == 0) {
		const char *dot = strrchr(name, '.'), *value;
		struct hs_metric gt = {HS_MSRC_TABLE_GT, -1, name};
		char type[40];

		if (dot > name + 9 && (size_t)(dot - (name + 9)) < sizeof(type) &&
		    hs_metric_table_gt(&gt, type, sizeof(type), &value) &&
		    hs_table_query_valid("t", type, value)) {
			*m = gt;
			return 0;
		}
		return hs_error_set(err, HS_ERR_USAGE,
				    "'%.80s' is not table.gt.TYPE.N (TYPE a stick table data type "
				    "such as http_req_rate, conn_cur or gpc0; N a whole number)",
				    name);
	}
	if (strncmp(name, "info.", 5) == 0) {
		if (!info_field_valid(name + 5))
			return hs_error_set(
				err, HS_ERR_USAGE,
				"'%.80s' is not a 'show info' field name (info.CurrConns, "
				"info.Idle_pct, ...)",
				name);
		*m = (struct hs_metric){HS_MSRC_INFO, -1, name + 5};
		return 0;
	}
	i = hs_column_lookup(name);
	if (i >= 0 && column_is_metric((enum hs_col)i)) {
		*m = (struct hs_metric){HS_MSRC_COLUMN, i, NULL};
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

/* Frees what rule <r> holds and clears it. */
static void
rule_free(struct hs_rule *r)
{
	free(r->key);
	free(r->label);
	free(r->warn);
	free(r->crit);
	hs_pattern_free(&r->proxy);
	hs_threshold_free(&r->th);
	memset(r, 0, sizeof(*r));
}

void
hs_rules_free(struct hs_rules *rules)
{
	size_t i;

	for (i = 0; i < rules->count; i++)
		rule_free(&rules->rule[i]);
	rules->count = 0;
}

/* Sets up a new rule for the <klen> bytes of <arg> that are its key
 * ("[SCOPE.]METRIC[@PROXY]", none for a bare range); <opt> names the
 * option in messages. Returns 0 or -1 (with what <r> holds left for
 * rule_free()).
 */
static int
rule_init(struct hs_rule *r, const char *arg, size_t klen, const char *opt, struct hs_error *err)
{
	const char *metric, *key;
	unsigned scope = 0;
	char *at;
	size_t i;

	memset(r, 0, sizeof(*r));
	key = r->key = strndup(arg, klen);
	r->label = strdup(key != NULL && *key ? key : "session rate");
	if (r->key == NULL || r->label == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	if (*key == '\0') {
		/* 1.0 compatibility: the session rate of frontends and backends */
		r->metric.src = HS_MSRC_COLUMN;
		r->metric.id = HS_COL_RATE;
		r->kinds = HS_F | HS_B;
		return 0;
	}
	/* the label is "[SCOPE.]METRIC"; the metric's name points into it */
	at = strchr(r->label, '@');
	if (at != NULL) {
		char what[64];

		*at = '\0';
		if (at[1] == '\0')
			return hs_error_set(err, HS_ERR_USAGE,
					    "%s '%.80s': PROXY missing after '@'", opt, key);
		snprintf(what, sizeof(what), "%s '%.40s@...'", opt, r->label);
		if (hs_pattern_compile(&r->proxy, what, at + 1, err) != 0)
			return -1;
	}
	metric = r->label;
	for (i = 0; i < SCOPES; i++) {
		size_t n = strlen(kind_words[i].word);

		if (strncmp(r->label, kind_words[i].word, n) == 0 && r->label[n] == '.') {
			scope = kind_words[i].kind;
			metric = r->label + n + 1;
			break;
		}
	}
	if (hs_metric_parse(metric, &r->metric, err) != 0)
		return -1;
	if (scope != 0) {
		if ((hs_metric_kinds(&r->metric) & scope) == 0)
			return hs_error_set(err, HS_ERR_USAGE, "'%.80s': %ss have no metric '%s'",
					    key, kind_words[i].word, hs_metric_name(&r->metric));
		r->kinds = scope;
	} else if (r->metric.src == HS_MSRC_DERIVED) {
		r->kinds = hs_derived_defs[r->metric.id].default_kinds;
	} else {
		r->kinds = hs_metric_kinds(&r->metric);
	}
	if (r->proxy.text != NULL &&
	    (r->kinds & (HS_K_PROCESS | HS_K_NODES | HS_K_MASTER | HS_K_CHECK)) != 0)
		return hs_error_set(err, HS_ERR_USAGE,
				    "'%.80s': a rule on the process, the check, the nodes or the "
				    "master cannot name a proxy",
				    key);
	return 0;
}

int
hs_rules_add(struct hs_rules *rules, bool critical, const char *arg, struct hs_error *err)
{
	const char *opt = critical ? "-c" : "-w";
	/* a range holds no '=', a PROXY pattern may */
	const char *eq = strrchr(arg, '=');
	const char *range = eq ? eq + 1 : arg;
	struct hs_rule *r = NULL;
	char **slot;
	size_t i, klen = eq ? (size_t)(eq - arg) : 0;

	if (eq != NULL && klen == 0)
		return hs_error_set(err, HS_ERR_USAGE, "%s '%.80s': METRIC missing before '='", opt,
				    arg);
	if (!hs_range_valid(range))
		return hs_error_set(err, HS_ERR_USAGE,
				    "%s '%.120s': '%.80s' is not a valid range ([@]start:end)", opt,
				    arg, range);
	for (i = 0; i < rules->count; i++) {
		if (strncmp(rules->rule[i].key, arg, klen) == 0 && rules->rule[i].key[klen] == '\0')
			r = &rules->rule[i];
	}
	if (r == NULL) {
		if (rules->count == HS_RULES_MAX)
			return hs_error_set(err, HS_ERR_USAGE, "more than %d metrics in -w/-c",
					    HS_RULES_MAX);
		r = &rules->rule[rules->count];
		if (rule_init(r, arg, klen, opt, err) != 0) {
			rule_free(r);
			return -1;
		}
		rules->count++;
	}
	slot = critical ? &r->crit : &r->warn;
	if (*slot != NULL)
		return hs_error_set(err, HS_ERR_USAGE, "%s given twice for %.200s", opt,
				    *r->key ? r->key : "the session rate");
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

		if ((r->kinds & HS_S) != 0 || (hs_metric_needs(&r->metric) & HS_NEED_SERVERS) != 0)
			return true;
	}
	return false;
}

unsigned
hs_rules_kinds(const struct hs_rules *rules)
{
	unsigned kinds = 0;
	size_t i;

	for (i = 0; i < rules->count; i++) {
		unsigned needs = hs_metric_needs(&rules->rule[i].metric);

		kinds |= rules->rule[i].kinds;
		kinds |= (needs & HS_NEED_INFO) ? HS_K_PROCESS : 0;
		kinds |= (needs & HS_NEED_TABLE) ? HS_K_TABLE : 0;
	}
	return kinds;
}

void
hs_rules_applying(const struct hs_rules *rules, unsigned kind, const char *proxy, bool *applies,
		  bool *proxy_matched)
{
	bool matched[HS_RULES_MAX];
	size_t i, j;

	for (i = 0; i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];

		matched[i] = r->proxy.text != NULL && proxy != NULL && (r->kinds & kind) != 0 &&
			     hs_pattern_match(&r->proxy, proxy);
		if (proxy_matched != NULL)
			proxy_matched[i] = matched[i];
	}
	for (i = 0; i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];

		applies[i] = (r->kinds & kind) != 0 && (r->proxy.text == NULL || matched[i]);
		if (!applies[i] || r->proxy.text != NULL)
			continue;
		/* a matching rule with PROXY for the same metric replaces it */
		for (j = 0; j < rules->count && applies[i]; j++)
			if (matched[j] && hs_metric_same(&rules->rule[j].metric, &r->metric))
				applies[i] = false;
	}
}

/* Appends to <out> the object kinds in <kinds> as words: "backend",
 * "frontend or server", "frontend, listener or server".
 */
static bool
kinds_words(unsigned kinds, struct hs_buf *out)
{
	size_t i, n = 0, total = 0;
	bool ok = true;

	for (i = 0; i < KINDS; i++)
		total += (kinds & kind_words[i].kind) != 0;
	for (i = 0; i < KINDS; i++) {
		if ((kinds & kind_words[i].kind) == 0)
			continue;
		n++;
		ok &= hs_buf_printf(out, "%s%s",
				    n == 1       ? ""
				    : n == total ? " or "
						 : ", ",
				    kind_words[i].word);
	}
	return ok;
}

const char *
hs_mreason_text(enum hs_mreason why)
{
	static const char *const text[HS_MR_COUNT] = {
		[HS_MR_OK] = "measured",
		[HS_MR_KIND] = "not a metric of this object",
		[HS_MR_MISSING] = "not in this HAProxy version's dump",
		[HS_MR_EMPTY] = "empty cell",
		[HS_MR_NEVER] = "never happened",
		[HS_MR_NOLIMIT] = "no limit set",
		[HS_MR_NOSERVERS] = "no active server",
		[HS_MR_PLANNED] = "every active server is in planned maintenance",
		[HS_MR_NOWEIGHT] = "no configured weight",
		[HS_MR_FIRST] = "no previous sample: rates start with the next check",
		[HS_MR_RESET] = "counters were reset (reload, restart or clear): a new sample "
				"starts",
		[HS_MR_SMALL] = "too few requests or sessions since the last check "
				"(--min-sample)",
		[HS_MR_STALE] = "the previous sample is older than --state-max-age",
		[HS_MR_NOINTERVAL] = "no time passed since the previous sample",
		[HS_MR_NOSTATE] = "no usable state file",
		[HS_MR_NODATA] = "entries not counted (data type not stored in the table, or a "
				 "socket below level operator)",
		[HS_MR_NOWORKER] = "no current worker",
	};

	return why < HS_MR_COUNT ? text[why] : "?";
}

bool
hs_mreason_interval(enum hs_mreason why)
{
	return why >= HS_MR_FIRST && why <= HS_MR_NOINTERVAL;
}

bool
hs_rule_why(const struct hs_rule *r, enum hs_mreason why, bool proxy_matched, struct hs_buf *out)
{
	/* how "no selected backend" (or "the process") goes on, by reason */
	static const char *const tail[HS_MR_COUNT] = {
		[HS_MR_NEVER] = " has had a session yet",
		[HS_MR_NOSERVERS] = " has an active server",
		[HS_MR_PLANNED] = " was measured: every active server is in planned maintenance",
		[HS_MR_NOWEIGHT] = " has active servers with a configured weight",
		[HS_MR_NODATA] = " could be counted: the data type is not stored in it, or the "
				 "socket is below level operator (-vv shows the commands)",
		[HS_MR_NOWORKER] = " lists a current worker (a failed reload on HAProxy 2.2 leaves "
				   "only the old one)",
	};
	const char *name = hs_metric_name(&r->metric);
	const char *limit =
		r->metric.src == HS_MSRC_DERIVED ? hs_derived_defs[r->metric.id].limit : NULL;
	bool ok = true;

	if (r->proxy.text != NULL && !proxy_matched)
		return hs_buf_printf(out, "no selected object belongs to a proxy matching '%s'",
				     r->proxy.text);
	if (hs_mreason_interval(why) || why == HS_MR_NOSTATE)
		return hs_buf_printf(out, "not evaluated: %s", hs_mreason_text(why));
	if (r->metric.src == HS_MSRC_INFO)
		return hs_buf_printf(out,
				     "'show info' has no numeric field '%s' in this HAProxy "
				     "version: check the name (case matters)",
				     r->metric.field);
	if (why == HS_MR_OK || why == HS_MR_KIND) {
		if (r->kinds == HS_K_TABLE)
			return hs_buf_printf(out, "no stick table is selected ('show table' lists "
						  "none, or none matches --proxy)");
		ok &= hs_buf_printf(out, "no ");
		ok &= kinds_words(r->kinds, out);
		return ok && hs_buf_printf(out, " is selected");
	}
	if (r->kinds == HS_K_MASTER && why == HS_MR_MISSING)
		return hs_buf_printf(out, "the master's 'show proc' has no 'failed: K' in this "
					  "HAProxy version");
	if (r->kinds == HS_K_PROCESS)
		ok &= hs_buf_printf(out, "the process");
	else if (r->kinds == HS_K_MASTER)
		ok &= hs_buf_printf(out, "the master");
	else {
		ok &= hs_buf_printf(out, "no selected ");
		ok &= kinds_words(r->kinds, out);
	}
	if (why == HS_MR_MISSING)
		return ok && hs_buf_printf(out, " has column%s '%s' (not in this HAProxy version)",
					   r->metric.src == HS_MSRC_DERIVED ? "s for" : "", name);
	if (why == HS_MR_NOLIMIT)
		return ok && hs_buf_printf(out, " has %s limit (%s) set",
					   r->kinds == HS_K_PROCESS ? "no" : "a",
					   limit != NULL ? limit : "?");
	if (why == HS_MR_EMPTY || why >= HS_MR_COUNT || tail[why] == NULL)
		return ok && hs_buf_printf(out, " has %s'%s'",
					   why == HS_MR_EMPTY ? "a value for " : "", name);
	return ok && hs_buf_printf(out, "%s", tail[why]);
}
