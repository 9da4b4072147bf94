/* test_eval.c: evaluation and aggregation, output and perfdata, driven
 * through the whole pipeline with small dumps written to a file.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_check.h"
#include "suites.h"
#include "test_run.h"

/* A compact dump: only the columns evaluation reads. */
#define HDR                                                                                        \
	"# "                                                                                       \
	"pxname,svname,scur,slim,status,weight,bck,type,rate,rate_lim,check_status,last_chk,"      \
	"agent_status,last_agt,tracked,\n"
#define FE(px, st, rate)              px ",FRONTEND,3,100," st ",,,0," rate ",,,,,,,\n"
#define BE(px, st, rate)              px ",BACKEND,5,10," st ",2,0,1," rate ",,,,,,,\n"
#define SV(px, sv, st, bck, chk, txt) px "," sv ",1,," st ",1," bck ",2,0,," chk "," txt ",,,,\n"
#define END                           "\n"

static const char three_up[] = HDR FE("web", "OPEN", "4") SV("app", "s1", "UP", "0", "L7OK", "")
	SV("app", "s2", "UP", "0", "L7OK", "") SV("app", "s3", "UP", "0", "L7OK", "")
		BE("app", "UP", "7") END;

START_TEST(test_eval_all_up_is_ok_with_counts)
{
	struct run r;

	run_dump(&r, three_up, NULL);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY OK - 1 frontend, 1 backend, 3 servers (3 UP) checked");
	run_free(&r);
}
END_TEST

START_TEST(test_eval_perfdata_per_frontend_and_backend)
{
	struct run r;

	run_dump(&r, three_up, NULL);
	ck_assert_str_eq(r.perfdata, "fe:web:rate=4;;;0 fe:web:scur=3;;;0;100 be:app:rate=7;;;0 "
				     "be:app:scur=5;;;0 be:app:up=3;;;0;3");
	run_free(&r);
}
END_TEST

START_TEST(test_eval_one_down_of_three_is_warning_naming_it)
{
	struct run r;

	run_dump(&r,
		 HDR SV("app", "s1", "UP", "0", "L7OK", "") SV("app", "s2", "UP", "0", "L7OK", "")
			 SV("app", "s3", "DOWN", "0", "L4CON", "Connection refused")
				 BE("app", "UP", "0") END,
		 NULL);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ck_assert_str_eq(r.first_line, "HAPROXY WARNING - app/s3 DOWN (L4CON Connection refused)");
	ck_assert_ptr_nonnull(
		strstr(r.output, "\n[WARNING] app/s3 DOWN (L4CON Connection refused)\n"));
	run_free(&r);
}
END_TEST

START_TEST(test_eval_going_up_and_agent_down_count_as_down)
{
	struct run r;

	run_dump(&r,
		 HDR SV("app", "s1", "UP", "0", "L7OK", "")
			 SV("app", "s2", "DOWN 1/2", "0", "L7OK",
			    "") "app,s3,1,,DOWN (agent),1,0,2,0,,L4OK,,L7STS,\"via agent : down "
				"(maint, by ops \"\"x\"\")\",,\n" BE("app", "UP", "0") END,
		 NULL);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ck_assert_ptr_nonnull(strstr(r.output, "[WARNING] app/s2 DOWN 1/2 (L7OK)\n"));
	/* the agent's verdict, not the health check's, explains an agent DOWN */
	ck_assert_ptr_nonnull(strstr(
		r.output,
		"[WARNING] app/s3 DOWN (agent) (L7STS via agent : down (maint, by ops \"x\"))\n"));
	run_free(&r);
}
END_TEST

START_TEST(test_eval_last_active_down_is_critical)
{
	struct run r;

	run_dump(&r,
		 HDR SV("app", "s1", "DOWN", "0", "L4TOUT", "")
			 SV("app", "s2", "MAINT", "0", "", "") BE("app", "DOWN", "0") END,
		 NULL);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_ptr_nonnull(strstr(
		r.output, "[CRITICAL] app/BACKEND DOWN (0/2 active and 0/0 backup servers UP)\n"));
	ck_assert_ptr_nonnull(strstr(r.output, "[CRITICAL] app/s1 DOWN (L4TOUT)\n"));
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/s2 MAINT\n"));
	run_free(&r);
}
END_TEST

START_TEST(test_eval_backup_serving_alone_is_critical)
{
	struct run r;

	run_dump(&r,
		 HDR SV("app", "s1", "DOWN", "0", "L4CON", "Connection refused")
			 SV("app", "b1", "UP", "1", "L4OK", "") BE("app", "UP", "0") END,
		 NULL);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_ptr_nonnull(strstr(r.output, "[CRITICAL] app/BACKEND running on backup servers "
					       "only (0/1 active UP, 1/1 backup UP)\n"));
	ck_assert_ptr_nonnull(
		strstr(r.output, "[CRITICAL] app/s1 DOWN (L4CON Connection refused)\n"));
	ck_assert_ptr_nonnull(strstr(r.perfdata, "be:app:up=0;;;0;1"));
	run_free(&r);
}
END_TEST

START_TEST(test_eval_backup_down_is_warning)
{
	struct run r;

	run_dump(&r,
		 HDR SV("app", "s1", "UP", "0", "L4OK", "")
			 SV("app", "b1", "DOWN", "1", "L4CON", "") BE("app", "UP", "0") END,
		 NULL);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ck_assert_str_eq(r.first_line, "HAPROXY WARNING - app/b1 DOWN (L4CON)");
	run_free(&r);
}
END_TEST

START_TEST(test_eval_planned_states_are_ok_and_listed)
{
	struct run r;

	run_dump(&r,
		 HDR SV("app", "s1", "UP", "0", "L7OK", "") SV("app", "s2", "MAINT", "0", "", "")
			 SV("app", "s3", "DRAIN", "0", "L7OK", "")
				 SV("app", "s4", "NOLB", "0", "L7OKC", "")
					 SV("app", "s5", "no check", "0", "", "")
						 SV("app", "s6", "MAINT (via app/s2)", "0", "", "")
							 BE("app", "UP", "0") END,
		 NULL);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	/* two servers in MAINT are summed up in one line; one of a kind keeps
	 * its own finding */
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app: 2 servers in MAINT (s2, s6)\n"));
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/s3 DRAIN\n"));
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/s4 NOLB (L7OKC)\n"));
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/s5 no check\n"));
	/* UP servers are not listed without -v */
	ck_assert_ptr_null(strstr(r.output, "app/s1"));
	ck_assert_ptr_nonnull(
		strstr(r.first_line, "6 servers (1 UP, 1 NOLB, 1 DRAIN, 2 MAINT, 1 no check)"));
	run_free(&r);
	/* with -v every object has its line */
	run_dump(&r,
		 HDR SV("app", "s1", "UP", "0", "L7OK", "") SV("app", "s2", "MAINT", "0", "", "")
			 SV("app", "s6", "MAINT (via app/s2)", "0", "", "") BE("app", "UP", "0")
				 END,
		 "-v");
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/s2 MAINT\n"));
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/s6 MAINT (via app/s2)\n"));
	ck_assert_ptr_null(strstr(r.output, "servers in MAINT"));
	run_free(&r);
}
END_TEST

START_TEST(test_eval_nocheck_server_counts_as_serving)
{
	struct run r;

	run_dump(&r,
		 HDR SV("app", "s1", "no check", "0", "", "")
			 SV("app", "s2", "DOWN", "0", "L4CON", "") BE("app", "UP", "0") END,
		 NULL);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	run_free(&r);
}
END_TEST

START_TEST(test_eval_going_down_is_ok_and_listed)
{
	struct run r;

	run_dump(&r,
		 HDR SV("app", "s1", "UP 1/2", "0", "* L4CON", "Connection refused")
			 BE("app", "UP", "0") END,
		 NULL);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/s1 UP 1/2 (L4CON Connection refused)\n"));
	run_free(&r);
}
END_TEST

START_TEST(test_eval_tracking_server_names_tracked_one)
{
	struct run r;

	run_dump(&r,
		 HDR SV("app", "s1", "UP", "0", "L7OK",
			"") "app,t1,0,,DOWN,1,0,2,0,,,,,,other/s9,\n" BE("app", "UP", "0") END,
		 NULL);
	ck_assert_ptr_nonnull(strstr(r.output, "[WARNING] app/t1 DOWN (tracks other/s9)\n"));
	run_free(&r);
}
END_TEST

/* Frontend and listener statuses, each with the state it must give. */
static const struct {
	const char *row;
	enum hs_state state;
	const char *line;
} frontend_cases[] = {
	{FE("web", "OPEN", "0"), HS_STATE_OK, NULL},
	{FE("web", "STOP", "0"), HS_STATE_CRITICAL, "[CRITICAL] web/FRONTEND STOP\n"},
	{FE("web", "PAUSED", "0"), HS_STATE_CRITICAL, "[CRITICAL] web/FRONTEND PAUSED\n"},
	{FE("web", "FULL", "0"), HS_STATE_WARNING, "[WARNING] web/FRONTEND FULL\n"},
	/* 2.4+ shows a saturated frontend OPEN (its listeners WAITING) */
	{"web,FRONTEND,100,100,OPEN,,,0,4,,,,,,,\n", HS_STATE_WARNING,
	 "[WARNING] web/FRONTEND FULL (scur 100 = maxconn 100)\n"},
	{"web,FRONTEND,99,100,OPEN,,,0,4,,,,,,,\n", HS_STATE_OK, NULL},
	{"web,FRONTEND,5,0,OPEN,,,0,4,,,,,,,\n", HS_STATE_OK, NULL},
	{"web,sock-1,0,0,FULL,,,3,,,,,,,,\n", HS_STATE_WARNING, "[WARNING] web/sock-1 FULL\n"},
	{"web,sock-1,0,0,WAITING,,,3,,,,,,,,\n", HS_STATE_OK, "[OK] web/sock-1 WAITING\n"},
	{"web,sock-1,0,0,OPEN,,,3,,,,,,,,\n", HS_STATE_OK, NULL},
	{FE("web", "UP", "0"), HS_STATE_UNKNOWN,
	 "[UNKNOWN] web/FRONTEND has unrecognised status 'UP'\n"},
	{SV("app", "s1", "WEIRD", "0", "", ""), HS_STATE_UNKNOWN,
	 "[UNKNOWN] app/s1 has unrecognised status 'WEIRD'\n"},
};

START_TEST(test_eval_frontend_and_listener_status_policy)
{
	char dump[1024];
	struct run r;

	snprintf(dump, sizeof(dump), "%s%s%s", HDR, frontend_cases[_i].row, END);
	run_dump(&r, dump, NULL);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.state, frontend_cases[_i].state);
	if (frontend_cases[_i].line != NULL)
		ck_assert_ptr_nonnull(strstr(r.output, frontend_cases[_i].line));
	run_free(&r);
}
END_TEST

START_TEST(test_eval_policy_override_changes_state)
{
	struct run r;

	run_dump(&r,
		 HDR SV("app", "s1", "UP", "0", "", "") SV("app", "s2", "MAINT", "0", "", "")
			 BE("app", "UP", "0") END,
		 "--policy=server.maint=critical");
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_str_eq(r.first_line, "HAPROXY CRITICAL - app/s2 MAINT");
	run_free(&r);
	run_dump(&r,
		 HDR SV("app", "s1", "UP", "0", "", "") SV("app", "s2", "DOWN", "0", "", "")
			 BE("app", "UP", "0") END,
		 "--policy=server.down=ok");
	ck_assert_int_eq(r.state, HS_STATE_OK);
	run_free(&r);
}
END_TEST

/* Session-rate thresholds on frontends and backends. */
static const struct {
	const char *rate;
	const char *warn, *crit;
	enum hs_state state;
} rate_cases[] = {
	{"5", "10", "20", HS_STATE_OK},        {"10", "10", "20", HS_STATE_OK},
	{"15", "10", "20", HS_STATE_WARNING},  {"20", "10", "20", HS_STATE_WARNING},
	{"25", "10", "20", HS_STATE_CRITICAL}, {"0", NULL, "1:", HS_STATE_CRITICAL},
	{"3", "@2:4", NULL, HS_STATE_WARNING}, {"3", "~:2", NULL, HS_STATE_WARNING},
};

START_TEST(test_eval_rate_threshold_per_backend)
{
	char dump[1024], wopt[64] = "", copt[64] = "";
	struct run r;

	snprintf(dump, sizeof(dump), HDR "app,BACKEND,5,10,UP,2,0,1,%s,,,,,,,\n" END,
		 rate_cases[_i].rate);
	if (rate_cases[_i].warn)
		snprintf(wopt, sizeof(wopt), "-w%s", rate_cases[_i].warn);
	if (rate_cases[_i].crit)
		snprintf(copt, sizeof(copt), "-c%s", rate_cases[_i].crit);
	run_dump2(&r, dump, wopt[0] ? wopt : NULL, copt[0] ? copt : NULL);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_msg(r.state == rate_cases[_i].state, "rate %s -w %s -c %s gave %d: %s",
		      rate_cases[_i].rate, rate_cases[_i].warn, rate_cases[_i].crit, r.state,
		      r.output);
	run_free(&r);
}
END_TEST

START_TEST(test_eval_rate_threshold_names_object_and_range)
{
	struct run r;

	run_dump2(&r, HDR FE("web", "OPEN", "57") BE("app", "UP", "12") END, "-w10", "-c50");
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY CRITICAL - web/FRONTEND session rate 57/s (critical range 50), "
			 "app/BACKEND session rate 12/s (warning range 10)");
	/* thresholded items carry their ranges */
	ck_assert_ptr_nonnull(strstr(r.perfdata, "fe:web:rate=57;10;50;0 "));
	ck_assert_ptr_nonnull(strstr(r.perfdata, "be:app:rate=12;10;50;0 "));
	run_free(&r);
}
END_TEST

START_TEST(test_eval_rate_threshold_without_rate_column_is_unknown)
{
	struct run r;

	/* a metric no selected object has is UNKNOWN for that rule, never OK
	 * (changed on purpose: it was a usage error replacing the output) */
	run_dump2(&r, "# pxname,svname,status,type,\nweb,FRONTEND,OPEN,0,\n\n", "-w10", NULL);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.state, HS_STATE_UNKNOWN);
	ck_assert_str_eq(r.first_line, "HAPROXY UNKNOWN - rule rate: no selected frontend or "
				       "backend has column 'rate' (not in this HAProxy version)");
	run_free(&r);
}
END_TEST

START_TEST(test_eval_one_stop_frontend_is_its_finding)
{
	struct run r;

	/* one frontend of two in STOP: shut down, not a soft-stopping process */
	run_dump(&r, HDR FE("web", "STOP", "0") FE("api", "OPEN", "1") END, NULL);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_str_eq(r.first_line, "HAPROXY CRITICAL - web/FRONTEND STOP");
	run_free(&r);
}
END_TEST

START_TEST(test_eval_selection_limits_objects)
{
	static const char dump[] = HDR FE("web", "PAUSED", "0") SV("app", "s1", "UP", "0", "", "")
		SV("app", "s2", "DOWN", "0", "L4CON", "") BE("app", "UP", "0")
			SV("api", "a1", "DOWN", "0", "", "") BE("api", "DOWN", "0") END;
	struct run r;

	run_dump(&r, dump, "--proxy=app");
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ck_assert_str_eq(r.first_line, "HAPROXY WARNING - app/s2 DOWN (L4CON)");
	run_free(&r);
	run_dump(&r, dump, "--exclude-proxy=web|api");
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	run_free(&r);
	run_dump2(&r, dump, "--proxy=app", "--server=s1");
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_ptr_nonnull(strstr(r.first_line, "1 backend, 1 server (1 UP)"));
	run_free(&r);
	run_dump2(&r, dump, "--proxy=app", "--exclude-server=s2");
	ck_assert_int_eq(r.state, HS_STATE_OK);
	run_free(&r);
	/* the verdict on s2 still knows s1 is UP even when s1 is not selected */
	run_dump2(&r, dump, "--proxy=app", "--server=s2");
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	run_free(&r);
}
END_TEST

START_TEST(test_eval_selection_typo_is_error)
{
	struct run r;

	run_dump(&r, three_up, "--proxy=ap");
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_NOMATCH);
	ck_assert_str_eq(
		r.err.msg,
		"--proxy 'ap' matched no proxy: check the name (patterns match the whole name)");
	run_free(&r);
	run_dump2(&r, three_up, "--proxy=app", "--server=s9");
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_NOMATCH);
	run_free(&r);
	run_dump(&r, three_up, "--exclude-proxy=.*");
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_NOMATCH);
	run_free(&r);
}
END_TEST

START_TEST(test_eval_verbose_lists_every_object)
{
	struct run r;

	run_dump(&r, three_up, "-v");
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] web/FRONTEND OPEN\n"));
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/s2 UP\n"));
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/BACKEND UP\n"));
	run_free(&r);
}
END_TEST

START_TEST(test_eval_worst_first_and_more_count)
{
	struct run r;

	run_dump(&r,
		 HDR SV("a", "s1", "UP", "0", "", "") SV("a", "s2", "DOWN", "0", "", "")
			 BE("a", "UP", "0") SV("b", "s1", "DOWN", "0", "", "") BE("b", "DOWN", "0")
				 SV("c", "s1", "UP", "0", "", "") SV("c", "s2", "DOWN", "0", "", "")
					 SV("c", "s3", "DOWN", "0", "", "") BE("c", "UP", "0") END,
		 NULL);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_str_eq(
		r.first_line,
		"HAPROXY CRITICAL - b/BACKEND DOWN (0/1 active and 0/0 backup servers UP), "
		"b/s1 DOWN, a/s2 DOWN and 2 more");
	ck_assert(strstr(r.output, "[CRITICAL] b/BACKEND") < strstr(r.output, "[WARNING] a/s2"));
	ck_assert_ptr_nonnull(strstr(r.output, "[WARNING] a/s2"));
	run_free(&r);
}
END_TEST

START_TEST(test_eval_output_text_cannot_inject_perfdata)
{
	struct run r;

	run_dump(&r,
		 HDR "app,s1,0,,DOWN,1,0,2,0,,L7STS,evil | x=1 \t,,,,\n" SV(
			 "app", "s2", "UP", "0", "", "") BE("app", "UP", "0") END,
		 NULL);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	/* the only '|' in the output is the perfdata separator */
	ck_assert_ptr_eq(strchr(r.output, '|'), strrchr(r.output, '|'));
	ck_assert_ptr_nonnull(strstr(r.output, "[WARNING] app/s1 DOWN (L7STS evil / x=1  )\n"));
	run_free(&r);
}
END_TEST

START_TEST(test_eval_many_down_servers_stay_bounded)
{
	struct hs_buf dump;
	struct run r;
	int i;

	hs_buf_init(&dump, 0);
	hs_buf_printf(&dump, "%s", HDR);
	hs_buf_printf(&dump, "big,s0,1,,UP,1,0,2,0,,L4OK,,,,,\n");
	for (i = 1; i <= 20000; i++)
		hs_buf_printf(&dump,
			      "big,server-with-a-long-name-%05d,1,,DOWN,1,0,2,0,,L4CON,Connection "
			      "refused,,,,\n",
			      i);
	hs_buf_printf(&dump, "big,BACKEND,1,1,UP,1,0,1,0,,,,,,,\n\n");
	run_dump(&r, hs_buf_str(&dump), NULL);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ck_assert_ptr_nonnull(strstr(
		r.first_line, "big/server-with-a-long-name-00001 DOWN (L4CON Connection refused)"));
	/* the default output budget holds the first DOWN servers and counts
	 * the others */
	ck_assert_ptr_nonnull(strstr(r.output, "[WARNING] ... "));
	ck_assert_ptr_nonnull(strstr(r.output, " more not shown (output limit)\n"));
	ck_assert_uint_le(strlen(r.output), HS_REPORT_OUTPUT_DEFAULT);
	run_free(&r);
	hs_buf_free(&dump);
}
END_TEST

Suite *
make_eval_suite(void)
{
	Suite *s = suite_create("eval");
	TCase *servers = tcase_create("servers");
	TCase *frontends = tcase_create("frontends");
	TCase *rate = tcase_create("rate");
	TCase *selection = tcase_create("selection");
	TCase *output = tcase_create("output");

	tcase_add_test(servers, test_eval_all_up_is_ok_with_counts);
	tcase_add_test(servers, test_eval_one_down_of_three_is_warning_naming_it);
	tcase_add_test(servers, test_eval_going_up_and_agent_down_count_as_down);
	tcase_add_test(servers, test_eval_last_active_down_is_critical);
	tcase_add_test(servers, test_eval_backup_serving_alone_is_critical);
	tcase_add_test(servers, test_eval_backup_down_is_warning);
	tcase_add_test(servers, test_eval_planned_states_are_ok_and_listed);
	tcase_add_test(servers, test_eval_nocheck_server_counts_as_serving);
	tcase_add_test(servers, test_eval_going_down_is_ok_and_listed);
	tcase_add_test(servers, test_eval_tracking_server_names_tracked_one);
	tcase_add_test(servers, test_eval_policy_override_changes_state);
	suite_add_tcase(s, servers);

	tcase_add_loop_test(frontends, test_eval_frontend_and_listener_status_policy, 0,
			    sizeof(frontend_cases) / sizeof(frontend_cases[0]));
	suite_add_tcase(s, frontends);

	tcase_add_loop_test(rate, test_eval_rate_threshold_per_backend, 0,
			    sizeof(rate_cases) / sizeof(rate_cases[0]));
	tcase_add_test(rate, test_eval_rate_threshold_names_object_and_range);
	tcase_add_test(rate, test_eval_rate_threshold_without_rate_column_is_unknown);
	suite_add_tcase(s, rate);

	tcase_add_test(selection, test_eval_selection_limits_objects);
	tcase_add_test(selection, test_eval_one_stop_frontend_is_its_finding);
	tcase_add_test(selection, test_eval_selection_typo_is_error);
	suite_add_tcase(s, selection);

	tcase_add_test(output, test_eval_perfdata_per_frontend_and_backend);
	tcase_add_test(output, test_eval_verbose_lists_every_object);
	tcase_add_test(output, test_eval_worst_first_and_more_count);
	tcase_add_test(output, test_eval_output_text_cannot_inject_perfdata);
	tcase_add_test(output, test_eval_many_down_servers_stay_bounded);
	tcase_set_timeout(output, 20);
	suite_add_tcase(s, output);
	return s;
}
