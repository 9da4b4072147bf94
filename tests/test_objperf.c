/* test_objperf.c: which perfdata items an object writes (hs_objperf.h). */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_info.h"
#include "hs_objperf.h"
#include "hs_table.h"
#include "suites.h"

#define MAX_FIELDS 32

/* A frontend row: scur 5 of slim 100, rate 3 with no rate_lim, ereq 7. */
static char fe_header[] = "# pxname,svname,scur,slim,ereq,status,type,rate,rate_lim,";
static char fe_data[] = "app,FRONTEND,5,100,7,OPEN,0,3,,";

struct fe {
	char *hf[MAX_FIELDS], *df[MAX_FIELDS];
	char hbuf[sizeof(fe_header)], dbuf[sizeof(fe_data)];
	struct hs_header hdr;
	struct hs_row row;
	struct hs_mobj m;
};

static size_t
split(char *line, char **fields)
{
	size_t n = 0;

	fields[n++] = line;
	for (; *line != '\0'; line++) {
		if (*line == ',') {
			*line = '\0';
			fields[n++] = line + 1;
		}
	}
	return n;
}

static void
fe_make(struct fe *f)
{
	struct hs_error err = {0};
	size_t nh, nd;

	memcpy(f->hbuf, fe_header, sizeof(fe_header));
	memcpy(f->dbuf, fe_data, sizeof(fe_data));
	nh = split(f->hbuf, f->hf);
	nd = split(f->dbuf, f->df);
	ck_assert_msg(hs_header_parse(&f->hdr, f->hf, nh, &err) == 0, "%s", err.msg);
	ck_assert_msg(hs_row_bind(&f->row, &f->hdr, f->df, nd, &err) == 0, "%s", err.msg);
	memset(&f->m, 0, sizeof(f->m));
	f->m.kind = HS_F;
	f->m.row = &f->row;
}

/* Compiles the NULL-terminated rules <args>, each "w:ARG" or "c:ARG". */
static void
rules_make(struct hs_rules *rules, const char *const *args)
{
	struct hs_error err = {0};

	hs_rules_init(rules);
	for (; *args != NULL; args++)
		ck_assert_msg(hs_rules_add(rules, (*args)[0] == 'c', *args + 2, &err) == 0,
			      "%s: %s", *args, err.msg);
	ck_assert_msg(hs_rules_compile(rules, &err) == 0, "%s", err.msg);
}

static struct hs_metric
column(enum hs_col col)
{
	struct hs_metric m = {HS_MSRC_COLUMN, (int)col, NULL};

	return m;
}

static struct hs_metric
derived(enum hs_derived d)
{
	struct hs_metric m = {HS_MSRC_DERIVED, (int)d, NULL};

	return m;
}

/* Asserts that <rep> holds exactly the perfdata items <want> (NULL-ended),
 * in order, "+" before an item meaning it is thresholded.
 */
static void
assert_items(const struct hs_report *rep, const char *const *want)
{
	size_t i;

	for (i = 0; want[i] != NULL; i++) {
		const char *w = want[i] + (want[i][0] == '+');
		const struct hs_span *sp;

		ck_assert_msg(i < rep->perf.n, "item %zu '%s' missing (%zu items)", i, w,
			      rep->perf.n);
		sp = &rep->perf.span[i];
		ck_assert_msg(sp->len == strlen(w) &&
				      memcmp(rep->perf.bytes.data + sp->off, w, sp->len) == 0,
			      "item %zu is '%.*s', not '%s'", i, (int)sp->len,
			      rep->perf.bytes.data + sp->off, w);
		ck_assert_msg(sp->tag == (want[i][0] == '+'), "item %zu '%s' tag %u", i, w,
			      sp->tag);
	}
	ck_assert_uint_eq(rep->perf.n, i);
	ck_assert_uint_eq(rep->perf.refused, 0);
}

/* Defaults alone (no rules): in order, min 0, the limit as max when given. */
START_TEST(test_objperf_defaults)
{
	static const char *const want[] = {"fe:app:rate=3;;;0", "fe:app:scur=5;;;0;100", NULL};
	struct fe f;
	struct hs_report rep;
	struct hs_metric rate = column(HS_COL_RATE), scur = column(HS_COL_SCUR);
	const struct hs_metric *defaults[] = {&rate, &scur};
	double slim = 100;
	const double *max[] = {NULL, &slim};
	struct hs_perfobj obj;

	fe_make(&f);
	obj = (struct hs_perfobj){&f.m, "fe:app", NULL};
	hs_report_init(&rep);
	hs_objperf_add(&rep, NULL, &obj, defaults, max, 2);
	assert_items(&rep, want);
	hs_report_free(&rep);
}
END_TEST

/* A rule that applies puts its ranges on the default item (thresholded)
 * and adds no second one; the same rule not applying changes nothing.
 */
START_TEST(test_objperf_rule_on_a_default)
{
	static const char *const args[] = {"w:frontend.scur=10", "c:frontend.scur=20", NULL};
	static const char *const applied[] = {"fe:app:rate=3;;;0", "+fe:app:scur=5;10;20;0;100",
					      NULL};
	static const char *const not_applied[] = {"fe:app:rate=3;;;0", "fe:app:scur=5;;;0;100",
						  NULL};
	struct fe f;
	struct hs_report rep;
	struct hs_rules rules;
	struct hs_metric rate = column(HS_COL_RATE), scur = column(HS_COL_SCUR);
	const struct hs_metric *defaults[] = {&rate, &scur};
	double slim = 100;
	const double *max[] = {NULL, &slim};
	bool applies[HS_RULES_MAX] = {false};
	struct hs_perfobj obj;

	fe_make(&f);
	rules_make(&rules, args);
	ck_assert_uint_eq(rules.count, 1);
	obj = (struct hs_perfobj){&f.m, "fe:app", applies};
	applies[0] = true;
	hs_report_init(&rep);
	hs_objperf_add(&rep, &rules, &obj, defaults, max, 2);
	assert_items(&rep, applied);
	hs_report_free(&rep);

	applies[0] = false;
	hs_report_init(&rep);
	hs_objperf_add(&rep, &rules, &obj, defaults, max, 2);
	assert_items(&rep, not_applied);
	hs_report_free(&rep);
	hs_rules_free(&rules);
}
END_TEST

/* Other metrics get one item each after the defaults, for the rules that
 * apply; a counter is in "c", a ratio in "%" without min or max.
 */
START_TEST(test_objperf_rule_metrics_after_defaults)
{
	static const char *const args[] = {"w:frontend.ereq=5", "c:frontend.sessions_pct=90",
					   "w:frontend.slim=1", NULL};
	static const char *const want[] = {"fe:app:scur=5;;;0;100", "+fe:app:ereq=7c;5;;0",
					   "+fe:app:sessions_pct=5%;;90", NULL};
	struct fe f;
	struct hs_report rep;
	struct hs_rules rules;
	struct hs_metric scur = column(HS_COL_SCUR);
	const struct hs_metric *defaults[] = {&scur};
	double slim = 100;
	const double *max[] = {&slim};
	bool applies[HS_RULES_MAX] = {true, true, false};
	struct hs_perfobj obj;

	fe_make(&f);
	rules_make(&rules, args);
	ck_assert_uint_eq(rules.count, 3);
	obj = (struct hs_perfobj){&f.m, "fe:app", applies};
	hs_report_init(&rep);
	hs_objperf_add(&rep, &rules, &obj, defaults, max, 1);
	assert_items(&rep, want); /* slim: its rule does not apply */
	hs_report_free(&rep);
	hs_rules_free(&rules);
}
END_TEST

/* Two rules for one metric (up=3: and backend.up=1: style): one item, the
 * first warning and the first critical range given.
 */
START_TEST(test_objperf_two_rules_one_item)
{
	static const char *const args[] = {"w:scur=10", "c:frontend.scur=20", "w:frontend.scur=15",
					   NULL};
	static const char *const want[] = {"+fe:app:scur=5;10;20;0", NULL};
	struct fe f;
	struct hs_report rep;
	struct hs_rules rules;
	bool applies[HS_RULES_MAX] = {true, true};
	struct hs_perfobj obj;

	fe_make(&f);
	rules_make(&rules, args);
	ck_assert_uint_eq(rules.count, 2);
	ck_assert(hs_metric_same(&rules.rule[0].metric, &rules.rule[1].metric));
	obj = (struct hs_perfobj){&f.m, "fe:app", applies};
	hs_report_init(&rep);
	hs_objperf_add(&rep, &rules, &obj, NULL, NULL, 0);
	assert_items(&rep, want);
	hs_report_free(&rep);
	hs_rules_free(&rules);
}
END_TEST

/* A metric the object has no value for writes no item: a ratio without
 * its limit, a column the dump lacks, a metric of another kind.
 */
START_TEST(test_objperf_no_value_no_item)
{
	static const char *const args[] = {"w:frontend.rate_pct=50", "w:frontend.dreq=1", NULL};
	static const char *const want[] = {"fe:app:scur=5;;;0", NULL};
	struct fe f;
	struct hs_report rep;
	struct hs_rules rules;
	struct hs_metric scur = column(HS_COL_SCUR), qcur = column(HS_COL_QCUR);
	struct hs_metric up = derived(HS_DM_UP);
	const struct hs_metric *defaults[] = {&qcur, &scur, &up};
	const double *max[] = {NULL, NULL, NULL};
	bool applies[HS_RULES_MAX] = {true, true};
	struct hs_perfobj obj;

	fe_make(&f);
	rules_make(&rules, args);
	obj = (struct hs_perfobj){&f.m, "fe:app", applies};
	hs_report_init(&rep);
	hs_objperf_add(&rep, &rules, &obj, defaults, max, 3);
	assert_items(&rep, want);
	hs_report_free(&rep);
	hs_rules_free(&rules);
}
END_TEST

/* info. and table. metrics drop their prefix: "info:CurrConns",
 * "table:t:used_pct".
 */
START_TEST(test_objperf_info_and_table_labels)
{
	static const char *const args[] = {"w:info.CurrConns=50", "c:info.conn_pct=90",
					   "w:table.used_pct=80", NULL};
	static const char *const want_info[] = {"+info:CurrConns=12;50;;0",
						"+info:conn_pct=12%;;90", NULL};
	static const char *const want_table[] = {"+table:t:used_pct=25%;80", NULL};
	struct hs_info info;
	struct hs_table table = {.name = "t", .type = "ip", .size = 8, .used = 2};
	struct hs_mobj pm = {.kind = HS_K_PROCESS, .info = &info};
	struct hs_mobj tm = {.kind = HS_K_TABLE, .table = &table};
	struct hs_report rep;
	struct hs_rules rules;
	bool on_info[HS_RULES_MAX] = {true, true, false};
	bool on_table[HS_RULES_MAX] = {false, false, true};
	struct hs_perfobj obj;

	hs_info_init(&info);
	info.count = 2;
	strcpy(info.field[0].name, "CurrConns");
	strcpy(info.field[0].value, "12");
	strcpy(info.field[1].name, "Maxconn");
	strcpy(info.field[1].value, "100");
	rules_make(&rules, args);
	obj = (struct hs_perfobj){&pm, "info", on_info};
	hs_report_init(&rep);
	hs_objperf_add(&rep, &rules, &obj, NULL, NULL, 0);
	assert_items(&rep, want_info);
	hs_report_free(&rep);
	obj = (struct hs_perfobj){&tm, "table:t", on_table};
	hs_report_init(&rep);
	hs_objperf_add(&rep, &rules, &obj, NULL, NULL, 0);
	assert_items(&rep, want_table);
	hs_report_free(&rep);
	hs_rules_free(&rules);
}
END_TEST

/* Labels are kept whole whatever the length of the names. */
START_TEST(test_objperf_long_label_whole)
{
	struct fe f;
	struct hs_report rep;
	struct hs_metric scur = column(HS_COL_SCUR);
	const struct hs_metric *defaults[] = {&scur};
	const double *max[] = {NULL};
	struct hs_perfobj obj;
	char prefix[3 + 255 + 1 + 255 + 1], want[sizeof(prefix) + 32];
	const char *items[] = {want, NULL};

	memcpy(prefix, "sv:", 3);
	memset(prefix + 3, 'p', 255);
	prefix[258] = '/';
	memset(prefix + 259, 's', 255);
	prefix[514] = '\0';
	snprintf(want, sizeof(want), "%s:scur=5;;;0", prefix);
	fe_make(&f);
	obj = (struct hs_perfobj){&f.m, prefix, NULL};
	hs_report_init(&rep);
	hs_objperf_add(&rep, NULL, &obj, defaults, max, 1);
	assert_items(&rep, items);
	hs_report_free(&rep);
}
END_TEST

/* --perfdata=summary: objects by type, servers by class (each out of the
 * servers), backends DOWN out of the backends.
 */
START_TEST(test_objperf_summary)
{
	static const char *const want[] = {
		"frontends=2;;;0",
		"backends=3;;;0",
		"backends_down=1;;;0;3",
		"servers=6;;;0",
		"servers_up=2;;;0;6",
		"servers_down=1;;;0;6",
		"servers_maint=1;;;0;6",
		"servers_drain=0;;;0;6",
		"servers_nolb=1;;;0;6",
		"servers_nocheck=1;;;0;6",
		NULL,
	};
	static const enum hs_status_class servers[] = {HS_SC_UP,    HS_SC_UP,   HS_SC_DOWN,
						       HS_SC_MAINT, HS_SC_NOLB, HS_SC_NOCHECK};
	struct hs_report rep;
	size_t i;

	hs_report_init(&rep);
	hs_report_count(&rep, HS_OBJ_FRONTEND, HS_SC_OPEN);
	hs_report_count(&rep, HS_OBJ_FRONTEND, HS_SC_OPEN);
	hs_report_count(&rep, HS_OBJ_LISTENER, HS_SC_OPEN);
	for (i = 0; i < 3; i++)
		hs_report_count(&rep, HS_OBJ_BACKEND, i == 0 ? HS_SC_DOWN : HS_SC_UP);
	for (i = 0; i < sizeof(servers) / sizeof(servers[0]); i++)
		hs_report_count(&rep, HS_OBJ_SERVER, servers[i]);
	hs_objperf_summary(&rep, 1);
	assert_items(&rep, want);
	hs_report_free(&rep);
}
END_TEST

START_TEST(test_objperf_summary_empty)
{
	static const char *const want[] = {
		"frontends=0;;;0",
		"backends=0;;;0",
		"backends_down=0;;;0;0",
		"servers=0;;;0",
		"servers_up=0;;;0;0",
		"servers_down=0;;;0;0",
		"servers_maint=0;;;0;0",
		"servers_drain=0;;;0;0",
		"servers_nolb=0;;;0;0",
		"servers_nocheck=0;;;0;0",
		NULL,
	};
	struct hs_report rep;

	hs_report_init(&rep);
	hs_objperf_summary(&rep, 0);
	assert_items(&rep, want);
	hs_report_free(&rep);
}
END_TEST

Suite *
make_objperf_suite(void)
{
	Suite *s = suite_create("objperf");
	TCase *tc;

	tc = tcase_create("Items");
	tcase_add_test(tc, test_objperf_defaults);
	tcase_add_test(tc, test_objperf_rule_on_a_default);
	tcase_add_test(tc, test_objperf_rule_metrics_after_defaults);
	tcase_add_test(tc, test_objperf_two_rules_one_item);
	tcase_add_test(tc, test_objperf_no_value_no_item);
	tcase_add_test(tc, test_objperf_info_and_table_labels);
	tcase_add_test(tc, test_objperf_long_label_whole);
	suite_add_tcase(s, tc);

	tc = tcase_create("Summary");
	tcase_add_test(tc, test_objperf_summary);
	tcase_add_test(tc, test_objperf_summary_empty);
	suite_add_tcase(s, tc);
	return s;
}
