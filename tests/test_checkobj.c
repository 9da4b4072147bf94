/* test_checkobj.c: the objects of a check that are not "show stat" rows
 * (hs_checkobj.h): the process, stick tables, the master, the nodes and
 * the check itself, each evaluated on its own into a report.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "hs_checkobj.h"
#include "hs_render.h"
#include "suites.h"

static struct hs_policy policy;
static struct hs_selection sel;
static struct hs_rules rules;
static struct hs_report rep;
static struct hs_buf out;
static struct hs_eval *ev;

static void
setup(void)
{
	hs_policy_init(&policy);
	hs_selection_init(&sel);
	hs_rules_init(&rules);
	hs_report_init(&rep);
	hs_buf_init(&out, 0);
	ev = NULL;
}

static void
teardown(void)
{
	hs_eval_free(ev);
	hs_rules_free(&rules);
	hs_selection_free(&sel);
	hs_report_free(&rep);
	hs_buf_free(&out);
}

/* Adds the -w (<warn>) and -c (<crit>) arguments (NULL: none), selects
 * proxies matching <proxy> (NULL: every one) and creates the evaluator.
 */
static void
start(const char *warn, const char *crit, const char *proxy, enum hs_perf_level perf, bool list)
{
	struct hs_eval_config cfg = {0};
	struct hs_error err = {0};

	if (warn != NULL)
		ck_assert_int_eq(hs_rules_add(&rules, false, warn, &err), 0);
	if (crit != NULL)
		ck_assert_int_eq(hs_rules_add(&rules, true, crit, &err), 0);
	ck_assert_int_eq(hs_rules_compile(&rules, &err), 0);
	if (proxy != NULL)
		ck_assert_int_eq(hs_selection_add(&sel, HS_SEL_PROXY, proxy, &err), 0);
	cfg.policy = &policy;
	cfg.selection = &sel;
	cfg.rules = &rules;
	cfg.perf = perf;
	cfg.list = list;
	ev = hs_eval_new(&cfg, &rep, &err);
	ck_assert_ptr_nonnull(ev);
}

static const char *
render(void)
{
	hs_report_render(&rep, &out);
	return hs_buf_str(&out);
}

#define ASSERT_HAS(s, sub) ck_assert_msg(strstr((s), (sub)) != NULL, "no '%s' in:\n%s", (sub), (s))

START_TEST(test_checkobj_fetch_time_rule)
{
	const char *o;

	start(NULL, "fetch_time=1", NULL, HS_PERF_PROXIES, false);
	hs_eval_fetch(ev, 2.5);
	o = render();
	ck_assert_int_eq(rep.state, HS_STATE_CRITICAL);
	ASSERT_HAS(o, "HAPROXY CRITICAL - check fetch_time 2.5s (critical range 1)|");
	ASSERT_HAS(o, "|fetch_time=2.5s;;1;0");
}
END_TEST

START_TEST(test_checkobj_fetch_time_without_rule_writes_nothing)
{
	size_t cells;

	start(NULL, NULL, NULL, HS_PERF_SERVERS, true);
	cells = rep.table.n; /* the --list header */
	hs_eval_fetch(ev, 2.5);
	ck_assert_int_eq(rep.state, HS_STATE_OK);
	ck_assert_uint_eq(rep.perf.n, 0);
	ck_assert_uint_eq(rep.table.n, cells); /* no --list row */
	ck_assert_ptr_null(strstr(render(), "fetch_time"));
}
END_TEST

START_TEST(test_checkobj_nodes_up)
{
	struct hs_nodes nodes = {3, 2};
	const char *o;

	start(NULL, "nodes_up=3:", NULL, HS_PERF_SUMMARY, false);
	hs_eval_nodes(ev, &nodes);
	o = render();
	ck_assert_int_eq(rep.state, HS_STATE_CRITICAL);
	ASSERT_HAS(o, "HAPROXY CRITICAL - cluster nodes_up 2 (critical range 3:)|");
	ASSERT_HAS(o, "cluster:nodes_up=2;;3:;0;3");
}
END_TEST

START_TEST(test_checkobj_nodes_no_perfdata_below_summary)
{
	struct hs_nodes nodes = {3, 3};

	start(NULL, NULL, NULL, HS_PERF_NONE, false);
	hs_eval_nodes(ev, &nodes);
	ck_assert_int_eq(rep.state, HS_STATE_OK);
	ck_assert_uint_eq(rep.perf.n, 0);
}
END_TEST

static void
table(struct hs_table *t, const char *name, double size, double used)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	snprintf(t->type, sizeof(t->type), "ip");
	t->size = size;
	t->used = used;
}

START_TEST(test_checkobj_table_perfdata_list_and_selection)
{
	struct hs_table t;
	const char *o;

	start("table.used=5", NULL, "web", HS_PERF_SUMMARY, true);
	table(&t, "web", 100, 7);
	hs_eval_table(ev, &t);
	table(&t, "other", 100, 50); /* not selected: nothing at all */
	hs_eval_table(ev, &t);
	o = render();
	ck_assert_int_eq(rep.state, HS_STATE_WARNING);
	ASSERT_HAS(o, "HAPROXY WARNING - web table.used 7 (warning range 5)|");
	ASSERT_HAS(o, "table:web:used=7;5;;0;100");
	ck_assert_ptr_null(strstr(o, "other"));
	/* the --list row: name, type, status (the table type), policy */
	ASSERT_HAS(o, "web");
	ASSERT_HAS(o, "table");
}
END_TEST

START_TEST(test_checkobj_table_gt_metrics_once_per_table)
{
	const struct hs_metric *m[HS_TABLE_GT_MAX];

	start("table.gt.http_req_rate.5=1", "table.gt.http_req_rate.5=3", NULL, HS_PERF_PROXIES,
	      false);
	ck_assert(hs_eval_wants_table_gt(ev));
	/* -w and -c of one metric: one rule, counted once */
	ck_assert_uint_eq(hs_eval_table_gt(ev, "web", m, HS_TABLE_GT_MAX), 1);
	ck_assert_str_eq(m[0]->field, "table.gt.http_req_rate.5");
	ck_assert_uint_eq(hs_eval_table_gt(ev, "web", m, 0), 0);
}
END_TEST

START_TEST(test_checkobj_table_gt_none_wanted)
{
	const struct hs_metric *m[HS_TABLE_GT_MAX];

	start("table.used=5", NULL, "web", HS_PERF_PROXIES, false);
	ck_assert(!hs_eval_wants_table_gt(ev));
	ck_assert_uint_eq(hs_eval_table_gt(ev, "web", m, HS_TABLE_GT_MAX), 0);
}
END_TEST

START_TEST(test_checkobj_master_reload_failed)
{
	struct hs_proc proc = {0};
	const char *o;

	proc.has_failed = true;
	proc.failed = 2;
	proc.workers = 1;
	proc.worker_uptime = 40;
	proc.old_workers = 1;
	start(NULL, NULL, NULL, HS_PERF_SUMMARY, true);
	hs_eval_master(ev, &proc, "[ALERT] parsing: unknown keyword 'bogus'");
	o = render();
	ck_assert_int_eq(rep.state, policy.state[HS_POL_MASTER_RELOAD_FAILED]);
	ASSERT_HAS(o, "master: the last reload failed (2 in a row): HAProxy runs an older "
		      "configuration than the one on disk: [ALERT] parsing: unknown keyword "
		      "'bogus'");
	ASSERT_HAS(o, "master:old_workers=1;;;0 master:worker_uptime=40s;;;0");
	ASSERT_HAS(o, "RELOAD-FAILED");
	ASSERT_HAS(o, "master.reload-failed");
}
END_TEST

START_TEST(test_checkobj_master_reload_failed_without_count)
{
	struct hs_proc proc = {0};

	proc.old_workers = 2; /* 2.2: no current worker, old ones left */
	start(NULL, NULL, NULL, HS_PERF_NONE, false);
	hs_eval_master(ev, &proc, "");
	ASSERT_HAS(render(), "master: the last reload failed (no current worker, 2 old ones "
			     "left running)");
	ck_assert_uint_eq(rep.perf.n, 0);
}
END_TEST

START_TEST(test_checkobj_master_ok_with_rule)
{
	struct hs_proc proc = {0};
	const char *o;

	proc.workers = 1;
	proc.worker_uptime = 5;
	start("worker_uptime=60:", NULL, NULL, HS_PERF_SUMMARY, true);
	hs_eval_master(ev, &proc, "");
	o = render();
	ck_assert_int_eq(rep.state, HS_STATE_WARNING);
	ASSERT_HAS(o, "HAPROXY WARNING - master worker_uptime 5s (warning range 60:)|");
	ck_assert_ptr_null(strstr(o, "RELOAD-FAILED"));
}
END_TEST

START_TEST(test_checkobj_info_rule_and_list_row)
{
	struct hs_error err = {0};
	struct hs_info info;
	const char *o;

	hs_info_init(&info);
	ck_assert_int_eq(hs_info_line(&info, "CurrConns: 15", &err), 0);
	start(NULL, "info.CurrConns=10", NULL, HS_PERF_SUMMARY, true);
	hs_eval_info(ev, &info);
	o = render();
	ck_assert_int_eq(rep.state, HS_STATE_CRITICAL);
	ASSERT_HAS(o, "HAPROXY CRITICAL - process info.CurrConns 15 (critical range 10)|");
	ASSERT_HAS(o, "info:CurrConns=15;;10;0");
	ASSERT_HAS(o, "process");
}
END_TEST

Suite *
make_checkobj_suite(void)
{
	Suite *s = suite_create("checkobj");
	TCase *tc = tcase_create("objects");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_checkobj_fetch_time_rule);
	tcase_add_test(tc, test_checkobj_fetch_time_without_rule_writes_nothing);
	tcase_add_test(tc, test_checkobj_nodes_up);
	tcase_add_test(tc, test_checkobj_nodes_no_perfdata_below_summary);
	tcase_add_test(tc, test_checkobj_table_perfdata_list_and_selection);
	tcase_add_test(tc, test_checkobj_table_gt_metrics_once_per_table);
	tcase_add_test(tc, test_checkobj_table_gt_none_wanted);
	tcase_add_test(tc, test_checkobj_master_reload_failed);
	tcase_add_test(tc, test_checkobj_master_reload_failed_without_count);
	tcase_add_test(tc, test_checkobj_master_ok_with_rule);
	tcase_add_test(tc, test_checkobj_info_rule_and_list_row);
	suite_add_tcase(s, tc);
	return s;
}
