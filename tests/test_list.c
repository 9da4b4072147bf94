/* test_list.c: --list rows as typed cells (lib/hs_list.c), and names of
 * any length kept whole in findings, perfdata labels and --list.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "hs_check.h"
#include "hs_list.h"
#include "suites.h"
#include "test_run.h"

#define LHDR                                                                                       \
	"# pxname,svname,scur,slim,status,weight,bck,type,rate,rate_lim,check_status,last_chk,"    \
	"agent_status,last_agt,tracked,\n"

/* Number of times <needle> occurs in <hay>. */
static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (hay = strstr(hay, needle); hay != NULL; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

/* Regression: a CR/LF inside a quoted check text of a DOWN server made
 * --list crash (the deferred row was text split at LF) and forged
 * findings.
 */
START_TEST(test_list_crlf_in_check_text)
{
	static const char dump[] =
		LHDR "app,s1,1,,DOWN,1,0,2,0,,L4CON,\"refused\r\n[CRITICAL] forged\r\nzz\",,,,\n"
		     "app,s2,1,,UP,1,0,2,0,,L7OK,,,,,\n"
		     "app,BACKEND,2,,UP,1,0,1,0,,,,,,,\n\n";
	const char *const opts[] = {"--list", "-v", NULL};
	struct run r;

	run_dumpv(&r, dump, opts);
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ck_assert_uint_eq(count(r.output, "[WARNING] "), 1);
	ASSERT_HAS(r.output, "[WARNING] app/s1 DOWN (L4CON refused");
	/* no phantom line: nothing starts with the forged text */
	ASSERT_HASNT(r.output, "\n[CRITICAL] forged");
	ASSERT_HASNT(r.output, "\nzz");
	/* the --list row of s1 is one row, with its settled policy */
	ASSERT_HAS(r.output, "server.down");
	run_free(&r);
}
END_TEST

/* 250-byte names: every label and finding keeps the whole name, so
 * be:<name>:rate, :scur and :up stay distinct.
 */
START_TEST(test_list_long_names_whole)
{
	char px[251], sv[251], dump[4096], want[600];
	const char *const opts[] = {"--perfdata=servers", "--list", "-v", NULL};
	struct run r;

	memset(px, 'p', 250);
	px[250] = '\0';
	memset(sv, 's', 250);
	sv[250] = '\0';
	snprintf(dump, sizeof(dump),
		 LHDR "%s,%s,1,,DOWN,1,0,2,0,,L4CON,,,,,\n%s,%s2,1,,UP,1,0,2,0,,L7OK,,,,,\n"
		      "%s,BACKEND,2,,UP,1,0,1,0,,,,,,,\n\n",
		 px, sv, px, sv, px);
	run_dumpv(&r, dump, opts);
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	snprintf(want, sizeof(want), "be:%s:rate=", px);
	ASSERT_HAS(r.perfdata, want);
	snprintf(want, sizeof(want), "be:%s:scur=", px);
	ASSERT_HAS(r.perfdata, want);
	snprintf(want, sizeof(want), "be:%s:up=", px);
	ASSERT_HAS(r.perfdata, want);
	snprintf(want, sizeof(want), "sv:%s/%s:scur=", px, sv);
	ASSERT_HAS(r.perfdata, want);
	snprintf(want, sizeof(want), "sv:%s/%s2:scur=", px, sv);
	ASSERT_HAS(r.perfdata, want);
	snprintf(want, sizeof(want), "[WARNING] %s/%s DOWN (L4CON)\n", px, sv);
	ASSERT_HAS(r.output, want);
	/* --list: the OBJECT cell is whole */
	snprintf(want, sizeof(want), "%s/%s2", px, sv);
	ck_assert_uint_ge(count(r.output, want), 1);
	run_free(&r);
}
END_TEST

/* A row's cells stay cells: a tab in a name cannot shift them. */
START_TEST(test_list_cells_are_typed)
{
	static const struct hs_metric scur = {HS_MSRC_COLUMN, HS_COL_SCUR, NULL};
	struct hs_rules rules;
	struct hs_list list;
	struct hs_cells cells;
	struct hs_mobj obj = {.kind = HS_K_PROCESS};
	struct hs_error err = {0};

	hs_rules_init(&rules);
	ck_assert_int_eq(hs_rules_add(&rules, false, "scur=1", &err), 0);
	ck_assert_int_eq(hs_rules_add(&rules, false, "backend.up=1:", &err), 0);
	ck_assert_int_eq(hs_rules_add(&rules, true, "backend.up@app=1:", &err), 0);
	hs_list_init(&list, &rules);
	/* scur, rate, then up once */
	ck_assert_uint_eq(list.nmetrics, 3);
	ck_assert(hs_metric_same(list.metric[0], &scur));
	ck_assert_str_eq(hs_metric_name(list.metric[2]), "up");
	ck_assert(hs_cells_fill(&cells, &list, "a\tb\nc", "process", "-", NULL, NULL, &obj));
	ck_assert_uint_eq(cells.n, 3 + 3);
	ck_assert_str_eq(hs_buf_str(&cells.bytes) + cells.off[0], "a\tb\nc");
	ck_assert_str_eq(hs_buf_str(&cells.bytes) + cells.off[3], "-"); /* no scur */
	hs_cells_free(&cells);
	hs_rules_free(&rules);
}
END_TEST

Suite *
make_list_suite(void)
{
	Suite *s = suite_create("list");
	TCase *tc = tcase_create("cells");

	tcase_add_test(tc, test_list_crlf_in_check_text);
	tcase_add_test(tc, test_list_long_names_whole);
	tcase_add_test(tc, test_list_cells_are_typed);
	suite_add_tcase(s, tc);
	return s;
}
