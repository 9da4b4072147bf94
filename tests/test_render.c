/* test_render.c: a report written out (hs_render.h): text from HAProxy
 * scrubbed, the whole output and the perfdata held to their budgets.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "hs_render.h"
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

/* A check text holds CR, LF, TAB and '|' (HAProxy writes it raw): the
 * finding stays one line, the perfdata marker appears once.
 */
START_TEST(test_render_peer_text_is_scrubbed_when_written)
{
	const char *o;

	hs_report_add(&rep, HS_STATE_CRITICAL, true, "app/s1 DOWN (L7RSP %s)",
		      "did not match '+PONG\r\n' at step 2|x\tY\x01");
	hs_report_perf(&rep, false, "be:app:up", 0, "", NULL, NULL, NULL, NULL);
	o = render();
	ck_assert_uint_eq(fixture_lines(o), 2);
	ck_assert(fixture_only_newlines(o));
	ck_assert_ptr_eq(strchr(o, '|'), strrchr(o, '|'));
	ASSERT_HAS(o, "[CRITICAL] app/s1 DOWN (L7RSP did not match '+PONG  ' at step 2/x Y )\n");
}
END_TEST

/* With a perfdata budget, thresholded items are kept first and the others
 * in order while they fit; the long output counts the rest.
 */
START_TEST(test_render_perf_budget_keeps_thresholded_first)
{
	const char *o;

	rep.perf_budget = 30;
	hs_report_perf(&rep, false, "fe:a:rate", 1, "", NULL, NULL, NULL, NULL);
	hs_report_perf(&rep, false, "fe:b:rate", 2, "", NULL, NULL, NULL, NULL);
	hs_report_perf(&rep, true, "be:c:up", 3, "", NULL, "2:", NULL, NULL);
	o = render();
	ASSERT_HAS(o, "be:c:up=3;;2:");
	ASSERT_HAS(o, "fe:a:rate=1");
	ASSERT_HASNT(o, "fe:b:rate");
	ASSERT_HAS(o, "1 perfdata items left out: more than --perfdata-max-bytes=30\n");
}
END_TEST

/* The whole output within the budget: problems first, thresholded
 * perfdata next, then the other perfdata and the OK lines share the rest.
 */
START_TEST(test_render_output_budget)
{
	char label[32];
	const char *o;
	int i;

	rep.output_max = 1024;
	for (i = 0; i < 200; i++) {
		hs_report_add(&rep, HS_STATE_OK, true, "bk%03d: 10 servers without health checks",
			      i);
		snprintf(label, sizeof(label), "be:bk%03d:scur", i);
		hs_report_perf(&rep, false, label, i, "", NULL, NULL, NULL, NULL);
	}
	hs_report_perf(&rep, true, "be:last:up", 0, "", NULL, "1:", NULL, NULL);
	hs_report_add(&rep, HS_STATE_WARNING, true, "bk199/s1 DOWN");
	o = render();
	ck_assert_uint_le(strlen(o), 1024);
	ck_assert(strncmp(o, "HAPROXY WARNING - bk199/s1 DOWN|", 32) == 0);
	ASSERT_HAS(o, "be:last:up=0;;1:");
	ASSERT_HAS(o, "|be:bk000:scur=0 ");
	ASSERT_HAS(o, "\n[WARNING] bk199/s1 DOWN\n");
	ASSERT_HAS(o, "\n[OK] bk000: 10 servers without health checks\n");
	ASSERT_HAS(o, " more not shown (output limit)\n");
	ASSERT_HAS(o, " perfdata items left out: output limit of 1024 bytes");
	/* no limit: everything */
	rep.output_max = 0;
	o = render();
	ck_assert_uint_gt(strlen(o), 1024);
	ASSERT_HAS(o, "[OK] bk199: 10 servers without health checks\n");
	ASSERT_HAS(o, "be:bk199:scur=199");
	ASSERT_HASNT(o, "left out");
}
END_TEST

/* Problems always come before OK lines, however many OK lines there are. */
START_TEST(test_render_budget_never_drops_a_problem_for_ok_lines)
{
	const char *o;
	int i;

	rep.output_max = 512;
	for (i = 0; i < 100; i++)
		hs_report_add(&rep, HS_STATE_OK, true, "app/s%d MAINT", i);
	hs_report_add(&rep, HS_STATE_CRITICAL, true, "app/BACKEND DOWN");
	o = render();
	ck_assert_uint_le(strlen(o), 512);
	ASSERT_HAS(o, "\n[CRITICAL] app/BACKEND DOWN\n");
	ASSERT_HAS(o, "[OK] ... ");
}
END_TEST

Suite *
make_render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("Render");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_render_peer_text_is_scrubbed_when_written);
	tcase_add_test(tc, test_render_perf_budget_keeps_thresholded_first);
	tcase_add_test(tc, test_render_output_budget);
	tcase_add_test(tc, test_render_budget_never_drops_a_problem_for_ok_lines);
	suite_add_tcase(s, tc);
	return s;
}
