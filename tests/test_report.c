/* test_report.c: findings, notes, --list cells and perfdata items kept as
 * data (written out by hs_render, as the tests read them), and the
 * reports of several nodes merged.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "hs_render.h"
#include "hs_report.h"
#include "suites.h"

static struct hs_report rep;
static struct hs_buf out;

static void
setup(void)
{
	hs_report_init(&rep);
	hs_buf_init(&out, 0);
}

static void
teardown(void)
{
	hs_report_free(&rep);
	hs_buf_free(&out);
}

/* <rep> written out into <out>, anew. */
static const char *
render(void)
{
	return fixture_render(&rep, &out);
}

START_TEST(test_report_worst_first_and_summary)
{
	const char *o;

	hs_report_add(&rep, HS_STATE_OK, true, "app/s4 MAINT");
	hs_report_add(&rep, HS_STATE_WARNING, true, "app/s1 DOWN");
	hs_report_add(&rep, HS_STATE_UNKNOWN, true, "rule x: why");
	hs_report_add(&rep, HS_STATE_CRITICAL, true, "app/BACKEND DOWN");
	hs_report_add(&rep, HS_STATE_CRITICAL, true, "db/BACKEND DOWN");
	hs_report_add(&rep, HS_STATE_OK, false, "not listed");
	o = render();
	ck_assert_int_eq(rep.state, HS_STATE_CRITICAL);
	ck_assert_str_eq(o, "HAPROXY CRITICAL - app/BACKEND DOWN, db/BACKEND DOWN, app/s1 DOWN "
			    "and 1 more\n"
			    "[CRITICAL] app/BACKEND DOWN\n"
			    "[CRITICAL] db/BACKEND DOWN\n"
			    "[WARNING] app/s1 DOWN\n"
			    "[UNKNOWN] rule x: why\n"
			    "[OK] app/s4 MAINT\n");
}
END_TEST

START_TEST(test_report_ok_counts)
{
	hs_report_count(&rep, HS_OBJ_FRONTEND, HS_SC_OPEN);
	hs_report_count(&rep, HS_OBJ_BACKEND, HS_SC_UP);
	hs_report_count(&rep, HS_OBJ_SERVER, HS_SC_UP);
	hs_report_count(&rep, HS_OBJ_SERVER, HS_SC_UP);
	hs_report_count(&rep, HS_OBJ_SERVER, HS_SC_MAINT);
	ck_assert_str_eq(render(),
			 "HAPROXY OK - 1 frontend, 1 backend, 3 servers (2 UP, 1 MAINT) checked\n");
}
END_TEST

START_TEST(test_report_list_rows_are_cells)
{
	static const char *const head[] = {"OBJECT", "TYPE", "STATUS"};
	static const char *const row1[] = {"app/s1", "server", "DOWN"};
	static const char *const row2[] = {"app/a-longer-name", "ser\tver\r\n", "UP"};
	const char *o;

	rep.show_table = true;
	hs_report_list_row(&rep, head, 3);
	hs_report_list_row(&rep, row1, 3);
	hs_report_list_row(&rep, row2, 3);
	o = render();
	ck_assert(fixture_only_newlines(o));
	/* "ser\tver\r\n" is 9 bytes wide, shown as "ser ver  " */
	ASSERT_HAS(o, "\nOBJECT             TYPE       STATUS\n"
		      "app/s1             server     DOWN\n"
		      "app/a-longer-name  ser ver    UP\n");
}
END_TEST

START_TEST(test_report_long_label_is_whole)
{
	char label[600];
	const char *o;

	memset(label, 'b', sizeof(label) - 1);
	memcpy(label, "be:", 3);
	label[sizeof(label) - 1] = '\0';
	hs_report_perf(&rep, false, label, 1, "", NULL, NULL, NULL, NULL);
	o = render();
	ASSERT_HAS(o, label);
	ASSERT_HAS(o, "=1");
}
END_TEST

START_TEST(test_report_notes)
{
	struct hs_buf notes;

	hs_buf_init(&notes, 0);
	hs_report_note(&rep, "sent to %s: %s", "sock", "show stat\r\n");
	hs_report_render_notes(&rep, &notes);
	ck_assert_str_eq(hs_buf_str(&notes), "sent to sock: show stat  \n");
	ASSERT_HAS(render(), "\nsent to sock: show stat  \n");
	hs_buf_free(&notes);
}
END_TEST

/* A finding longer than the 512-byte first try of the formatter is kept
 * whole; on the status line it is cut with "...".
 */
START_TEST(test_report_long_finding)
{
	char name[1200];
	const char *o;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	hs_report_add(&rep, HS_STATE_CRITICAL, true, "%s DOWN", name);
	o = render();
	ASSERT_HAS(o, "...\n[CRITICAL] ");
	ASSERT_HAS(o, "nnn DOWN\n");
	ck_assert_uint_gt(strlen(o), 1200);
}
END_TEST

/* A node's report: findings and notes start "<node>: ", perfdata labels
 * "<node>:", --list rows get a node column; merged in order, the worst
 * state wins, counts add up, one header row.
 */
START_TEST(test_report_nodes_merge)
{
	static const char *const header[] = {"OBJECT", "STATE"};
	static const char *const row[] = {"app/BACKEND", "OK"};
	struct hs_report a, b;
	const char *o;
	char big[700];

	hs_report_init(&a);
	hs_report_init(&b);
	a.prefix = "lb1";
	b.prefix = "lb2";
	hs_report_list_row(&a, header, 2);
	hs_report_list_row(&a, row, 2);
	hs_report_list_row(&b, header, 2);
	hs_report_list_row(&b, row, 2);
	hs_report_add(&a, HS_STATE_WARNING, true, "app/s2 DOWN");
	memset(big, 'x', sizeof(big) - 1); /* longer than the formatting buffer */
	big[sizeof(big) - 1] = '\0';
	hs_report_add(&b, HS_STATE_CRITICAL, true, "%s", big);
	hs_report_note(&b, "retried once");
	hs_report_perf(&a, false, "be:app:up", 2, "", NULL, NULL, NULL, NULL);
	hs_report_perf(&b, true, "be:app:up", 1, "", "2:", NULL, NULL, NULL);
	hs_report_count(&a, HS_OBJ_BACKEND, HS_SC_UP);
	hs_report_count(&b, HS_OBJ_BACKEND, HS_SC_UP);
	hs_report_backend_down(&a, "solo");
	hs_report_backend_down(&b, "solo");
	hs_report_backend_down(&a, "only-a");
	rep.show_table = true;
	hs_report_merge(&rep, &a);
	hs_report_merge(&rep, &b);
	{
		const struct hs_report *both[2] = {&a, &b};

		hs_report_all_down(&rep, both, 2, 3, HS_STATE_CRITICAL);
	}
	ck_assert_int_eq(rep.state, HS_STATE_CRITICAL);
	ck_assert_uint_eq(rep.objects[HS_OBJ_BACKEND], 2);
	o = render();
	ASSERT_HAS(o, "|lb1:be:app:up=2 lb2:be:app:up=1;2:\n");
	ASSERT_HAS(o, "\nnode  OBJECT       STATE\nlb1   app/BACKEND  OK\nlb2   app/BACKEND  OK\n");
	ASSERT_HAS(o, "[WARNING] lb1: app/s2 DOWN\n");
	ASSERT_HAS(o, "[CRITICAL] lb2: xxxx");
	ASSERT_HAS(o, "xxx\n");
	ASSERT_HAS(o, "[CRITICAL] solo/BACKEND DOWN on every node that answered (2 of 3)\n");
	ASSERT_HASNT(o, "only-a/BACKEND DOWN on every");
	ASSERT_HAS(o, "\nlb2: retried once\n");
	ck_assert_uint_eq(fixture_lines(o), 8);
	hs_report_free(&a);
	hs_report_free(&b);
	rep.nodes = 3;
	rep.nodes_up = 2;
	rep.state = HS_STATE_OK;
	rep.list[3].n = rep.list[2].n = 0;
	o = render();
	ck_assert_msg(strncmp(o, "HAPROXY OK - 2 of 3 nodes answered: 2 backends checked|", 55) ==
			      0,
		      "%s", o);
}
END_TEST

Suite *
make_report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("Report");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_report_worst_first_and_summary);
	tcase_add_test(tc, test_report_ok_counts);
	tcase_add_test(tc, test_report_list_rows_are_cells);
	tcase_add_test(tc, test_report_long_label_is_whole);
	tcase_add_test(tc, test_report_notes);
	tcase_add_test(tc, test_report_long_finding);
	tcase_add_test(tc, test_report_nodes_merge);
	suite_add_tcase(s, tc);
	return s;
}
