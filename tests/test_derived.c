/* test_derived.c: the derived-metric table (lib/hs_derived.c) and the
 * reasons a metric is not measured.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "hs_master.h"
#include "hs_metric.h"
#include "suites.h"

/* Every row is complete: name, formula, unit, kinds. */
START_TEST(test_derived_rows_complete)
{
	const struct hs_derived_def *d = &hs_derived_defs[_i];
	struct hs_metric m;
	struct hs_error err = {0};

	ck_assert_ptr_nonnull(d->name);
	/* one formula: a function, a ratio to a limit or one over the interval */
	ck_assert_int_eq(
		(d->value != NULL) + (d->part != NULL) + (d->num != NULL && d->den != NULL), 1);
	/* a ratio to a limit divides a column (a "show info" field) by another:
	 * on rows, the columns it reads are the ones it names */
	if (d->part != NULL && d->kinds != HS_K_PROCESS) {
		ck_assert_int_eq(hs_column_lookup(d->part), (int)d->part_col);
		ck_assert_int_eq(hs_column_lookup(d->limit), (int)d->limit_col);
	}
	ck_assert_ptr_nonnull(d->uom);
	ck_assert_uint_ne(d->default_kinds, 0);
	ck_assert_uint_eq(d->default_kinds & ~d->kinds, 0);
	/* a ratio to a limit names the limit its reason will cite */
	if (d->needs & HS_NEED_STATE)
		ck_assert_ptr_nonnull(d->num); /* over the interval: what it reads */
	else if (strcmp(d->uom, "%") == 0 && d->kinds != HS_B)
		ck_assert_ptr_nonnull(d->limit);
	/* parsing reads the same table */
	ck_assert_int_eq(hs_metric_parse(d->name, &m, &err), 0);
	ck_assert_int_eq(m.src, HS_MSRC_DERIVED);
	ck_assert_int_eq(m.id, _i);
	ck_assert_str_eq(hs_metric_uom(&m), d->uom);
	ck_assert_uint_eq(hs_metric_kinds(&m), d->kinds);
}
END_TEST

/* Planning reads the table: a rule needs server rows exactly when its
 * row says so (or it applies to servers).
 */
START_TEST(test_derived_need_servers_from_table)
{
	const struct hs_derived_def *d = &hs_derived_defs[_i];
	struct hs_rules rules;
	struct hs_error err = {0};
	char arg[64];
	bool want = (d->needs & HS_NEED_SERVERS) != 0 || (d->default_kinds & HS_S) != 0;

	hs_rules_init(&rules);
	snprintf(arg, sizeof(arg), "%s=1", d->name);
	ck_assert_int_eq(hs_rules_add(&rules, false, arg, &err), 0);
	ck_assert_int_eq(hs_rules_need_servers(&rules), want);
	if (d->needs & HS_NEED_INFO)
		ck_assert(hs_rules_kinds(&rules) & HS_K_PROCESS);
	if (d->needs & HS_NEED_TABLE)
		ck_assert(hs_rules_kinds(&rules) & HS_K_TABLE);
	hs_rules_free(&rules);
}
END_TEST

/* Backend formulas over a typed aggregate, and why they do not measure. */
START_TEST(test_derived_backend_formulas_and_reasons)
{
	struct hs_agg a = {0};
	struct hs_mobj obj = {.kind = HS_B, .agg = &a};
	const struct hs_derived_def *up_pct = &hs_derived_defs[HS_DM_UP_PCT];
	const struct hs_derived_def *cap = &hs_derived_defs[HS_DM_CAPACITY_PCT];
	double v = -1;

	ck_assert_int_eq(up_pct->value(&obj, &v), HS_MR_NOSERVERS);
	a.act_total = 2;
	a.act_planned = 2;
	ck_assert_int_eq(up_pct->value(&obj, &v), HS_MR_PLANNED);
	/* nothing serves, not all planned out: 0, measured */
	a.act_planned = 1;
	ck_assert_int_eq(up_pct->value(&obj, &v), HS_MR_OK);
	ck_assert(v == 0);
	a.act_up = 1;
	ck_assert_int_eq(up_pct->value(&obj, &v), HS_MR_OK);
	ck_assert(v == 100);
	ck_assert_int_eq(cap->value(&obj, &v), HS_MR_NOWEIGHT);
	a.weight_config = 4;
	a.weight_serving = 1;
	ck_assert_int_eq(cap->value(&obj, &v), HS_MR_OK);
	ck_assert(v == 25);
	/* a formula never reads what its object lacks */
	obj.agg = NULL;
	ck_assert_int_eq(hs_derived_defs[HS_DM_UP].value(&obj, &v), HS_MR_KIND);
	ck_assert_int_eq(hs_derived_defs[HS_DM_TABLE_USED].value(&obj, &v), HS_MR_KIND);
	ck_assert_int_eq(hs_derived_value(HS_DM_INFO_CONN_PCT, &obj, &v), HS_MR_KIND);
	ck_assert_int_eq(hs_derived_value(HS_DM_SESSIONS_PCT, &obj, &v), HS_MR_KIND);
}
END_TEST

/* A rule's reason names the rule's kinds and the real cause. */
START_TEST(test_derived_rule_reasons)
{
	static const struct {
		const char *arg;
		enum hs_mreason why;
		const char *text;
	} cases[] = {
		{"sessions_pct=1", HS_MR_NOLIMIT,
		 "no selected frontend or server has a limit (slim) set"},
		{"backend.lastsess=1", HS_MR_NEVER, "no selected backend has had a session yet"},
		{"table.used=1", HS_MR_OK, "no stick table is selected"},
		{"info.Foo=1", HS_MR_MISSING, "'show info' has no numeric field 'Foo'"},
		{"backend.qcur=1", HS_MR_MISSING,
		 "no selected backend has column 'qcur' (not in this HAProxy version)"},
		{"up_pct=1", HS_MR_PLANNED, "every active server is in planned maintenance"},
		{"failed_reloads=0", HS_MR_MISSING,
		 "the master's 'show proc' has no 'failed: K' in this HAProxy version"},
		{"worker_uptime=1:", HS_MR_NOWORKER, "the master lists a current worker"},
		{"nodes_up=2:", HS_MR_OK, "no node is selected"},
	};
	struct hs_rules rules;
	struct hs_error err = {0};
	struct hs_buf out;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hs_rules_init(&rules);
		ck_assert_int_eq(hs_rules_add(&rules, false, cases[i].arg, &err), 0);
		hs_buf_init(&out, 0);
		ck_assert(hs_rule_why(&rules.rule[0], cases[i].why, false, &out));
		ck_assert_msg(strstr(hs_buf_str(&out), cases[i].text) != NULL, "%s: %s",
			      cases[i].arg, hs_buf_str(&out));
		/* never the old catch-all for metrics without limits */
		ck_assert_ptr_null(strstr(hs_buf_str(&out), "no limit is configured"));
		hs_buf_free(&out);
		hs_rules_free(&rules);
	}
}
END_TEST

/* The nodes and master formulas over their typed facts. */
START_TEST(test_derived_nodes_and_master)
{
	struct hs_nodes nodes = {3, 2};
	struct hs_proc proc = {0};
	struct hs_mobj obj = {0};
	double v = -1;

	obj.kind = HS_K_NODES;
	obj.nodes = &nodes;
	ck_assert_int_eq(hs_derived_defs[HS_DM_NODES_UP].value(&obj, &v), HS_MR_OK);
	ck_assert(v == 2);
	ck_assert_int_eq(hs_derived_defs[HS_DM_OLD_WORKERS].value(&obj, &v), HS_MR_KIND);
	obj.kind = HS_K_MASTER;
	obj.nodes = NULL;
	obj.proc = &proc;
	ck_assert_int_eq(hs_derived_defs[HS_DM_NODES_UP].value(&obj, &v), HS_MR_KIND);
	/* no old worker: count 0, age 0 */
	ck_assert_int_eq(hs_derived_defs[HS_DM_OLD_WORKERS].value(&obj, &v), HS_MR_OK);
	ck_assert(v == 0);
	ck_assert_int_eq(hs_derived_defs[HS_DM_OLD_WORKER_AGE].value(&obj, &v), HS_MR_OK);
	ck_assert(v == 0);
	/* 2.2 after a failed reload: no current worker */
	ck_assert_int_eq(hs_derived_defs[HS_DM_WORKER_UPTIME].value(&obj, &v), HS_MR_NOWORKER);
	ck_assert_int_eq(hs_derived_defs[HS_DM_FAILED_RELOADS].value(&obj, &v), HS_MR_MISSING);
	proc.workers = 1;
	proc.worker_uptime = 42;
	proc.old_workers = 2;
	proc.oldest_old_uptime = 3600;
	proc.has_failed = true;
	proc.failed = 3;
	ck_assert_int_eq(hs_derived_defs[HS_DM_WORKER_UPTIME].value(&obj, &v), HS_MR_OK);
	ck_assert(v == 42);
	ck_assert_int_eq(hs_derived_defs[HS_DM_OLD_WORKERS].value(&obj, &v), HS_MR_OK);
	ck_assert(v == 2);
	ck_assert_int_eq(hs_derived_defs[HS_DM_OLD_WORKER_AGE].value(&obj, &v), HS_MR_OK);
	ck_assert(v == 3600);
	ck_assert_int_eq(hs_derived_defs[HS_DM_FAILED_RELOADS].value(&obj, &v), HS_MR_OK);
	ck_assert(v == 3);
}
END_TEST

Suite *
make_derived_suite(void)
{
	Suite *s = suite_create("derived");
	TCase *tc = tcase_create("table");

	tcase_add_loop_test(tc, test_derived_rows_complete, 0, HS_DM_COUNT);
	tcase_add_loop_test(tc, test_derived_need_servers_from_table, 0, HS_DM_COUNT);
	tcase_add_test(tc, test_derived_nodes_and_master);
	tcase_add_test(tc, test_derived_backend_formulas_and_reasons);
	tcase_add_test(tc, test_derived_rule_reasons);
	suite_add_tcase(s, tc);
	return s;
}
