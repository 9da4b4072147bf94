/* test_metrics.c: -w/-c rules on any metric, derived metrics, "show info"
 * and "show table" metrics, query planning, --expect, --perfdata levels
 * and budget, and --list, driven through the whole pipeline with small
 * dumps and real 2.6.12 captures.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "hs_check.h"
#include "suites.h"
#include "test_run.h"

/* A dump with the columns the derived metrics read. 16 columns. */
#define MHDR                                                                                       \
	"# pxname,svname,qcur,qlimit,scur,slim,status,weight,uweight,bck,type,rate,rate_lim,"      \
	"check_status,last_chk,lastsess,\n"
#define MFE(px, scur, slim, rate, rl)                                                              \
	px ",FRONTEND,,," scur "," slim ",OPEN,,,,0," rate "," rl ",,,,\n"
#define MSV(px, sv, qcur, ql, scur, slim, st, w, uw, bck)                                          \
	px "," sv "," qcur "," ql "," scur "," slim "," st "," w "," uw "," bck ",2,0,,L7OK,,-1,"  \
	   "\n"
#define MUP(px, sv)             MSV(px, sv, "0", "", "1", "", "UP", "1", "1", "0")
#define MBE(px, scur, slim, st) px ",BACKEND,0,," scur "," slim "," st ",,,0,1,0,,,,,\n"
#define MEND                    "\n"

/* Runs <dump> with the options that follow (up to 8). */
#define RUN(r, dump, ...)                                                                          \
	do {                                                                                       \
		const char *const opts_[] = {__VA_ARGS__, NULL};                                   \
		run_dumpv((r), (dump), opts_);                                                     \
	} while (0)

static bool
has(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

/* fixture.h's, NULL-safe: a run may leave no output */
#undef ASSERT_HAS
#undef ASSERT_HASNT
#define ASSERT_HAS(hay, needle)                                                                    \
	ck_assert_msg(has((hay), (needle)), "'%s' not in:\n%s", (needle), (hay))
#define ASSERT_HASNT(hay, needle)                                                                  \
	ck_assert_msg(!has((hay), (needle)), "'%s' unexpectedly in:\n%s", (needle), (hay))

/* A rule measured on no object is an UNKNOWN finding of its own, saying
 * why, beside the other findings (changed on purpose: it was a usage
 * error that replaced the whole output).
 */
static void
assert_rule_unknown(struct run *r, const char *finding)
{
	char line[512];

	ck_assert_msg(r->rc == 0, "rc %d: %s", r->rc, r->err.msg);
	ck_assert_msg(r->state != HS_STATE_OK, "OK: %s", r->output);
	snprintf(line, sizeof(line), "[UNKNOWN] %s", finding);
	ASSERT_HAS(r->output, line);
}

/* ------------------------------------------------------------------ */
/* sessions_pct, queue_pct, rate_pct                                   */

static const char limits_dump[] = MHDR MFE("web", "30", "100", "50", "100")
	MFE("nolim", "30", "", "50", "") MFE("zero", "30", "0", "50", "0")
		MSV("app", "s1", "5", "10", "8", "10", "UP", "1", "1", "0")
			MSV("app", "s2", "5", "0", "8", "0", "UP", "1", "1", "0")
				MSV("app", "s3", "5", "", "8", "", "UP", "1", "1", "0")
					MBE("app", "9", "10", "UP") MEND;

START_TEST(test_metrics_sessions_pct_frontends_and_servers_with_limits)
{
	struct run r;

	RUN(&r, limits_dump, "-wsessions_pct=20", "-csessions_pct=70");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	/* web 30/100, app/s1 8/10; nolim (slim empty), zero (slim 0), s2, s3
	 * have no limit: skipped, not 0; the backend (9/10) is not in the
	 * default scope */
	ASSERT_HAS(r.output, "[CRITICAL] app/s1 sessions_pct 80% (critical range 70)\n");
	ASSERT_HAS(r.output, "[WARNING] web/FRONTEND sessions_pct 30% (warning range 20)\n");
	ASSERT_HASNT(r.output, "nolim/FRONTEND sessions_pct");
	ASSERT_HASNT(r.output, "zero/FRONTEND sessions_pct");
	ASSERT_HASNT(r.output, "app/s2 sessions_pct");
	ASSERT_HASNT(r.output, "app/s3 sessions_pct");
	ASSERT_HASNT(r.output, "app/BACKEND sessions_pct");
	/* thresholded perfdata items carry the ranges */
	ASSERT_HAS(r.perfdata, "fe:web:sessions_pct=30%;20;70");
	ASSERT_HASNT(r.perfdata, "fe:nolim:sessions_pct");
	ASSERT_HASNT(r.perfdata, "fe:zero:sessions_pct");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_backend_sessions_pct_only_with_scope)
{
	struct run r;

	RUN(&r, limits_dump, "-cbackend.sessions_pct=80");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_str_eq(
		r.first_line,
		"HAPROXY CRITICAL - app/BACKEND backend.sessions_pct 90% (critical range 80)");
	ASSERT_HAS(r.perfdata, "be:app:sessions_pct=90%;;80");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_sessions_pct_without_any_limit_is_usage)
{
	struct run r;

	/* slim empty and slim 0 everywhere: nothing measured */
	RUN(&r,
	    MHDR MFE("nolim", "30", "", "50", "") MFE("zero", "30", "0", "50", "0")
		    MSV("app", "s1", "0", "0", "8", "0", "UP", "1", "1", "0")
			    MSV("app", "s2", "0", "", "8", "", "UP", "1", "1", "0")
				    MBE("app", "9", "10", "UP") MEND,
	    "-csessions_pct=70");
	assert_rule_unknown(
		&r, "rule sessions_pct: no selected frontend or server has a limit (slim) set\n");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_queue_pct_servers_with_qlimit)
{
	struct run r;

	RUN(&r, limits_dump, "-wqueue_pct=40");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	/* s1 5/10; s2 qlimit 0 and s3 qlimit empty are skipped */
	ck_assert_str_eq(r.first_line, "HAPROXY WARNING - app/s1 queue_pct 50% (warning range 40)");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_queue_pct_qlimit_zero_is_usage)
{
	struct run r;

	RUN(&r,
	    MHDR MSV("app", "s1", "5", "0", "8", "10", "UP", "1", "1", "0")
		    MBE("app", "9", "10", "UP") MEND,
	    "-cqueue_pct=10");
	assert_rule_unknown(&r, "rule queue_pct: no selected server has a limit (qlimit) set\n");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_rate_pct_frontends_only)
{
	struct run r;

	RUN(&r, limits_dump, "-wrate_pct=40", "-crate_pct=90");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	/* web 50/100; nolim (rate_lim empty) and zero (0) skipped */
	ck_assert_str_eq(r.first_line,
			 "HAPROXY WARNING - web/FRONTEND rate_pct 50% (warning range 40)");
	ASSERT_HAS(r.perfdata, "fe:web:rate_pct=50%;40;90");
	ASSERT_HASNT(r.perfdata, "be:app:rate_pct");
	ASSERT_HASNT(r.perfdata, "fe:nolim:rate_pct");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_rate_pct_rate_lim_empty_is_usage)
{
	struct run r;

	RUN(&r, MHDR MFE("nolim", "30", "", "50", "") MBE("app", "9", "10", "UP") MEND,
	    "-crate_pct=90");
	assert_rule_unknown(&r, "rule rate_pct: no selected frontend has a limit (rate_lim) set\n");
	run_free(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* up, up_pct, backup_up, capacity_pct                                 */

static const char pool_dump[] = MHDR MUP("app", "s1") MUP("app", "s2")
	MSV("app", "s3", "0", "", "0", "", "MAINT", "0", "1", "0")
		MSV("app", "s4", "0", "", "0", "", "DRAIN", "0", "1", "0")
			MSV("app", "s5", "0", "", "0", "", "DOWN", "1", "1", "0")
				MSV("app", "b1", "0", "", "0", "", "UP", "1", "1", "1")
					MSV("app", "b2", "0", "", "0", "", "DOWN", "1", "1", "1")
						MBE("app", "0", "10", "UP") MEND;

START_TEST(test_metrics_up_counts_up_active_servers)
{
	struct run r;

	/* s1, s2 UP; MAINT, DRAIN, DOWN and the backups are not counted */
	RUN(&r, pool_dump, "-cup=3:");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ASSERT_HAS(r.output, "[CRITICAL] app/BACKEND up 2 (critical range 3:)\n");
	ASSERT_HAS(r.perfdata, "be:app:up=2;;3:;0;5");
	run_free(&r);
	RUN(&r, pool_dump, "-cup=2:");
	/* s5 DOWN with others UP is the usual WARNING; the quorum holds */
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ASSERT_HASNT(r.output, "app/BACKEND up ");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_up_pct_leaves_planned_out_servers_out)
{
	struct run r;

	/* denominator: 5 active minus MAINT and DRAIN (policy OK) = 3 */
	RUN(&r, pool_dump, "-wup_pct=70:");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ASSERT_HAS(r.output, "[WARNING] app/BACKEND up_pct 66.666667% (warning range 70:)\n");
	ASSERT_HAS(r.perfdata, "be:app:up_pct=66.666667%;70:");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_up_pct_policy_maint_critical_counts_maint)
{
	struct run r;

	/* MAINT is no longer planned: denominator 4, 2/4 = 50% */
	RUN(&r, pool_dump, "--policy=server.maint=critical", "-wup_pct=70:");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ASSERT_HAS(r.output, "[WARNING] app/BACKEND up_pct 50% (warning range 70:)\n");
	ASSERT_HAS(r.output, "[CRITICAL] app/s3 MAINT");
	run_free(&r);
	/* and DRAIN too: 2/5 = 40% */
	RUN(&r, pool_dump, "--policy=server.maint=critical", "--policy=server.drain=warning",
	    "-wup_pct=70:");
	ASSERT_HAS(r.output, "[WARNING] app/BACKEND up_pct 40% (warning range 70:)\n");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_up_pct_all_planned_out_is_skipped)
{
	struct run r;

	/* every active server in MAINT: nothing to divide by, not 0% */
	RUN(&r,
	    MHDR MSV("app", "s1", "0", "", "0", "", "MAINT", "0", "1", "0")
		    MBE("app", "0", "10", "DOWN") MEND,
	    "--policy=backend.down=ok", "-cup_pct=50:");
	assert_rule_unknown(&r, "rule up_pct: no selected backend was measured: every active "
				"server is in planned maintenance\n");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_backup_up)
{
	struct run r;

	RUN(&r, pool_dump, "-cbackup_up=2:");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ASSERT_HAS(r.output, "[CRITICAL] app/BACKEND backup_up 1 (critical range 2:)\n");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_capacity_pct_uses_uweight)
{
	struct run r;

	/* serving active: s1, s2 (weight 1 each) of uweight 5 x 1 = 40% */
	RUN(&r, pool_dump, "-wcapacity_pct=50:");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ASSERT_HAS(r.output, "[WARNING] app/BACKEND capacity_pct 40% (warning range 50:)\n");
	run_free(&r);
	/* weights: s1 current 3 of 4, s2 down (uweight 4): 3/8 */
	RUN(&r,
	    MHDR MSV("app", "s1", "0", "", "0", "", "UP", "3", "4", "0")
		    MSV("app", "s2", "0", "", "0", "", "DOWN", "4", "4", "0")
			    MSV("app", "b1", "0", "", "0", "", "UP", "100", "100", "1")
				    MBE("app", "0", "10", "UP") MEND,
	    "-wcapacity_pct=50:");
	ASSERT_HAS(r.output, "[WARNING] app/BACKEND capacity_pct 37.5% (warning range 50:)\n");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_capacity_pct_without_uweight_column)
{
	struct run r;

	/* before 2.4: the configured weight is the weight column */
	RUN(&r,
	    "# pxname,svname,status,weight,bck,type,\n"
	    "app,s1,UP,3,0,2,\napp,s2,DOWN,1,0,2,\napp,s3,MAINT,2,0,2,\napp,BACKEND,UP,3,0,1,\n\n",
	    "-wcapacity_pct=60:");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ASSERT_HAS(r.output, "[WARNING] app/BACKEND capacity_pct 50% (warning range 60:)\n");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_capacity_pct_all_weight_zero_is_usage)
{
	struct run r;

	RUN(&r,
	    "# pxname,svname,status,weight,bck,type,\napp,s1,UP,0,0,2,\napp,BACKEND,UP,0,0,1,\n\n",
	    "-wcapacity_pct=60:");
	assert_rule_unknown(&r, "rule capacity_pct: no selected backend has active servers with a "
				"configured weight\n");
	run_free(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* show info                                                           */

#define INFO(cur, max, rate, ratelim)                                                              \
	"Name: HAProxy\nVersion: 2.6.12\nMaxconn: " max "\nCurrConns: " cur "\nSessRate: " rate    \
	"\nSessRateLimit: " ratelim "\nUptime: 0d 0h00m30s\n\n"

static const char small_stat[] =
	MHDR MFE("web", "3", "100", "4", "") MUP("app", "s1") MBE("app", "1", "10", "UP") MEND;

START_TEST(test_metrics_info_conn_pct)
{
	char dump[2048];
	struct run r;

	snprintf(dump, sizeof(dump), "%s%s", INFO("15", "20", "3", "0"), small_stat);
	RUN(&r, dump, "-winfo.conn_pct=50", "-cinfo.conn_pct=90");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY WARNING - process info.conn_pct 75% (warning range 50)");
	ASSERT_HAS(r.perfdata, "info:conn_pct=75%;50;90");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_info_field_and_missing_field)
{
	char dump[2048];
	struct run r;

	snprintf(dump, sizeof(dump), "%s%s", INFO("15", "20", "3", "0"), small_stat);
	RUN(&r, dump, "-cinfo.CurrConns=10");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY CRITICAL - process info.CurrConns 15 (critical range 10)");
	ASSERT_HAS(r.perfdata, "info:CurrConns=15;;10");
	run_free(&r);
	/* absent, not numeric (Uptime), wrong case: usage errors */
	RUN(&r, dump, "-cinfo.NoSuchField=10");
	assert_rule_unknown(
		&r, "rule info.NoSuchField: 'show info' has no numeric field 'NoSuchField'");
	run_free(&r);
	RUN(&r, dump, "-cinfo.Uptime=10");
	assert_rule_unknown(&r, "rule info.Uptime: 'show info' has no numeric field 'Uptime'");
	run_free(&r);
	RUN(&r, dump, "-cinfo.currconns=10");
	assert_rule_unknown(&r,
			    "rule info.currconns: 'show info' has no numeric field 'currconns'");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_info_sessrate_pct)
{
	char dump[2048];
	struct run r;

	snprintf(dump, sizeof(dump), "%s%s", INFO("1", "20", "30", "40"), small_stat);
	RUN(&r, dump, "-winfo.sessrate_pct=50");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY WARNING - process info.sessrate_pct 75% (warning range 50)");
	run_free(&r);
	/* SessRateLimit 0: no limit, nothing measured */
	snprintf(dump, sizeof(dump), "%s%s", INFO("1", "20", "30", "0"), small_stat);
	RUN(&r, dump, "-winfo.sessrate_pct=50");
	assert_rule_unknown(
		&r, "rule info.sessrate_pct: the process has no limit (SessRateLimit) set\n");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_info_real_capture)
{
	char *info = fixture_read("haproxy-2.6.12-show-info.txt", NULL);
	char *stat = fixture_read("haproxy-2.6.12.csv", NULL);
	char *dump = malloc(strlen(info) + strlen(stat) + 1);
	struct run r;

	strcpy(dump, info);
	strcat(dump, stat);
	RUN(&r, dump, "-winfo.conn_pct=80", "-cinfo.Maxconn=9000");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	/* CurrConns 0 of Maxconn 9978 */
	ASSERT_HAS(r.perfdata, "info:conn_pct=0%;80");
	ASSERT_HAS(r.output, "[CRITICAL] process info.Maxconn 9978 (critical range 9000)\n");
	run_free(&r);
	free(dump);
	free(info);
	free(stat);
}
END_TEST

START_TEST(test_metrics_info_answer_not_info_is_error)
{
	struct run r;

	RUN(&r, "Permission denied\n\n" MHDR MFE("web", "3", "100", "4", "") MEND,
	    "-winfo.conn_pct=80");
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_NOT_STATS);
	run_free(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* show table                                                          */

START_TEST(test_metrics_table_used_and_used_pct)
{
	struct run r;

	RUN(&r,
	    MHDR MFE("web", "3", "100", "4", "") MEND
	    "# table: web, type: ip, size:4, used:3\n"
	    "# table: peers1/big, type: string, size:1000, used:10\n\n",
	    "-wtable.used_pct=50", "-ctable.used_pct=90", "-wtable.used=5");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ASSERT_HAS(r.output, "[WARNING] web table.used_pct 75% (warning range 50)\n");
	ASSERT_HAS(r.output, "[WARNING] peers1/big table.used 10 (warning range 5)\n");
	ASSERT_HASNT(r.output, "peers1/big table.used_pct");
	ASSERT_HAS(r.perfdata, "table:web:used=3;5;;0;4");
	ASSERT_HAS(r.perfdata, "table:web:used_pct=75%;50;90");
	ASSERT_HAS(r.perfdata, "table:peers1/big:used=10;5;;0;1000");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_table_size_zero_used_pct_is_usage)
{
	struct run r;

	RUN(&r,
	    MHDR MFE("web", "3", "100", "4", "") MEND "# table: web, type: ip, size:0, used:0\n\n",
	    "-wtable.used_pct=50");
	assert_rule_unknown(
		&r, "rule table.used_pct: no selected stick table has a limit (size) set\n");
	run_free(&r);
	/* but table.used is still measured */
	RUN(&r,
	    MHDR MFE("web", "3", "100", "4", "") MEND "# table: web, type: ip, size:0, used:0\n\n",
	    "-wtable.used=50");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ASSERT_HAS(r.perfdata, "table:web:used=0;50;;0");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_table_real_capture_and_selection)
{
	char *stat = fixture_read("haproxy-2.6.12.csv", NULL);
	char *tab = fixture_read("haproxy-2.6.12-show-table.txt", NULL);
	char *dump = malloc(strlen(tab) + strlen(stat) + 1);
	struct run r;

	strcpy(dump, stat);
	strcat(dump, tab);
	RUN(&r, dump, "-wtable.used=0");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ASSERT_HAS(r.output, "[WARNING] be_stick table.used 1 (warning range 0)\n");
	ASSERT_HAS(r.output, "[WARNING] fe_main table.used 1 (warning range 0)\n");
	ASSERT_HAS(r.perfdata, "table:be_stick:used=1;0;;0;1024");
	ASSERT_HAS(r.perfdata, "table:fe_main:used=1;0;;0;102400");
	run_free(&r);
	/* --proxy selects the tables too */
	RUN(&r, dump, "-wtable.used=0", "--proxy=be_stick");
	ASSERT_HAS(r.output, "be_stick table.used 1");
	ASSERT_HASNT(r.output, "fe_main table.used");
	ASSERT_HASNT(r.perfdata, "table:fe_main");
	run_free(&r);
	/* no table selected: usage error */
	RUN(&r, dump, "-wtable.used=0", "--proxy=be_app");
	assert_rule_unknown(&r, "rule table.used: no stick table is selected");
	run_free(&r);
	free(dump);
	free(tab);
	free(stat);
}
END_TEST

START_TEST(test_metrics_table_empty_answer_is_usage)
{
	struct run r;

	RUN(&r, MHDR MFE("web", "3", "100", "4", "") MEND "\n", "-wtable.used=1");
	assert_rule_unknown(&r, "rule table.used: no stick table is selected");
	run_free(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* rules: parsing and scope                                            */

static const struct {
	const char *arg;
	const char *msg_part;
} bad_rules[] = {
	{"frontend.qcur=5", "frontends have no metric 'qcur'"},
	{"backend.rate_pct=5", "backends have no metric 'rate_pct'"},
	{"server.up=1", "servers have no metric 'up'"},
	{"listener.queue_pct=1", "listeners have no metric 'queue_pct'"},
	{"nosuch=5", "unknown metric 'nosuch'"},
	{"status=5", "column 'status' is not a number"},
	{"pxname=5", "is not a number"},
	{"backendd.scur=5", "unknown metric 'backendd.scur'"},
	{"=5", "METRIC missing"},
	{"scur=abc", "not a valid range"},
	{"scur=", "not a valid range"},
	{"info.=5", "not a 'show info' field name"},
	{"info.Curr Conns=5", "not a 'show info' field name"},
};

START_TEST(test_metrics_rule_rejected_at_parse_time)
{
	struct hs_rules rules;
	struct hs_error err = {0};

	hs_rules_init(&rules);
	ck_assert_int_eq(hs_rules_add(&rules, false, bad_rules[_i].arg, &err), -1);
	ck_assert_msg(err.code == HS_ERR_USAGE, "%s: code %d", bad_rules[_i].arg, err.code);
	ck_assert_msg(strstr(err.msg, bad_rules[_i].msg_part) != NULL, "%s: '%s'",
		      bad_rules[_i].arg, err.msg);
	ck_assert_uint_eq(rules.count, 0);
	hs_rules_free(&rules);
}
END_TEST

START_TEST(test_metrics_rule_twice_rejected_warn_and_crit_one_rule)
{
	struct hs_rules rules;
	struct hs_error err = {0};

	hs_rules_init(&rules);
	ck_assert_int_eq(hs_rules_add(&rules, false, "up=2:", &err), 0);
	ck_assert_int_eq(hs_rules_add(&rules, true, "up=1:", &err), 0);
	ck_assert_uint_eq(rules.count, 1);
	ck_assert_int_eq(hs_rules_add(&rules, false, "up=3:", &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "-w given twice for up"));
	/* the same for a bare range */
	ck_assert_int_eq(hs_rules_add(&rules, true, "10", &err), 0);
	ck_assert_int_eq(hs_rules_add(&rules, true, "20", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "-c given twice for the session rate"));
	/* a scoped key is another rule */
	ck_assert_int_eq(hs_rules_add(&rules, false, "backend.scur=3", &err), 0);
	ck_assert_int_eq(hs_rules_add(&rules, false, "scur=3", &err), 0);
	ck_assert_uint_eq(rules.count, 4);
	ck_assert_int_eq(hs_rules_compile(&rules, &err), 0);
	hs_rules_free(&rules);
}
END_TEST

START_TEST(test_metrics_rule_kinds)
{
	static const struct {
		const char *arg;
		unsigned kinds;
	} cases[] = {
		{"10", HS_F | HS_B},
		{"rate=10", HS_F | HS_B | HS_S},
		{"scur=10", HS_F | HS_B | HS_S | HS_L},
		{"frontend.scur=10", HS_F},
		{"listener.scur=10", HS_L},
		{"backend.scur=10", HS_B},
		{"server.scur=10", HS_S},
		{"qcur=10", HS_B | HS_S},
		{"sessions_pct=10", HS_F | HS_S},
		{"backend.sessions_pct=10", HS_B},
		{"listener.sessions_pct=10", HS_L},
		{"queue_pct=10", HS_S},
		{"rate_pct=10", HS_F},
		{"up=10", HS_B},
		{"backend.up=10", HS_B},
		{"info.conn_pct=10", HS_K_PROCESS},
		{"info.CurrConns=10", HS_K_PROCESS},
		{"table.used=10", HS_K_TABLE},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hs_rules rules;
		struct hs_error err = {0};

		hs_rules_init(&rules);
		ck_assert_msg(hs_rules_add(&rules, false, cases[i].arg, &err) == 0, "%s: %s",
			      cases[i].arg, err.msg);
		ck_assert_msg(rules.rule[0].kinds == cases[i].kinds, "%s: kinds %#x, want %#x",
			      cases[i].arg, rules.rule[0].kinds, cases[i].kinds);
		hs_rules_free(&rules);
	}
}
END_TEST

static const char scope_dump[] =
	MHDR MFE("web", "30", "100", "50", "100") "web,sock-1,,,7,10,OPEN,,,,3,,,,,,\n" MSV(
		"app", "s1", "2", "10", "8", "10", "UP", "1", "1", "0") MBE("app", "9", "10", "UP")
		MEND;

START_TEST(test_metrics_scope_applies_to_one_type)
{
	static const struct {
		const char *opt;
		const char *finding; /* the only finding */
	} cases[] = {
		{"-cfrontend.scur=5", "web/FRONTEND frontend.scur 30 (critical range 5)"},
		{"-clistener.scur=5", "web/sock-1 listener.scur 7 (critical range 5)"},
		{"-cbackend.scur=5", "app/BACKEND backend.scur 9 (critical range 5)"},
		{"-cserver.scur=5", "app/s1 server.scur 8 (critical range 5)"},
		{"-cserver.qcur=1", "app/s1 server.qcur 2 (critical range 1)"},
		{"-cbackend.qcur=-1:-1", "app/BACKEND backend.qcur 0 (critical range -1:-1)"},
	};
	struct run r;

	RUN(&r, scope_dump, cases[_i].opt);
	ck_assert_msg(r.rc == 0, "%s: %s", cases[_i].opt, r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_msg(strcmp(r.first_line + strlen("HAPROXY CRITICAL - "), cases[_i].finding) == 0,
		      "%s: %s", cases[_i].opt, r.first_line);
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_unscoped_column_applies_to_every_type_having_it)
{
	struct run r;

	RUN(&r, scope_dump, "-cscur=5");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ASSERT_HAS(r.output, "[CRITICAL] web/FRONTEND scur 30 (critical range 5)\n");
	ASSERT_HAS(r.output, "[CRITICAL] web/sock-1 scur 7 (critical range 5)\n");
	ASSERT_HAS(r.output, "[CRITICAL] app/s1 scur 8 (critical range 5)\n");
	ASSERT_HAS(r.output, "[CRITICAL] app/BACKEND scur 9 (critical range 5)\n");
	run_free(&r);
	/* qcur: no frontend has it */
	RUN(&r, scope_dump, "-cqcur=1");
	ck_assert_str_eq(r.first_line, "HAPROXY CRITICAL - app/s1 qcur 2 (critical range 1)");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_bare_range_plus_explicit_rate)
{
	struct run r;

	/* the bare range keeps the 1.0 wording; rate= is a separate rule */
	RUN(&r, MHDR MFE("web", "3", "100", "57", "") MBE("app", "1", "10", "UP") MEND, "-w10",
	    "-c100", "-crate=50");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	/* the rate column has no unit: only the 1.0 wording says "/s" */
	ASSERT_HAS(r.output, "[CRITICAL] web/FRONTEND rate 57/s (critical range 50)\n");
	ASSERT_HAS(r.output, "[WARNING] web/FRONTEND session rate 57/s (warning range 10)\n");
	ASSERT_HASNT(r.output, "app/BACKEND");
	/* one perfdata item per metric, with the first rule's ranges */
	ASSERT_HAS(r.perfdata, "fe:web:rate=57;10;100;0");
	ASSERT_HASNT(r.perfdata + (strstr(r.perfdata, "fe:web:rate=") - r.perfdata) + 1,
		     "fe:web:rate=");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_rate_pct_never_on_backends)
{
	struct run r;

	/* backends have rate but no rate_lim; rate_pct must not touch them */
	RUN(&r, limits_dump, "-crate_pct=0");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY CRITICAL - web/FRONTEND rate_pct 50% (critical range 0)");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_units_in_findings)
{
	struct run r;

	RUN(&r,
	    "# pxname,svname,status,type,check_duration,downtime,lastsess,bin,stot,\n"
	    "app,s1,UP,2,12,30,5,2048,9,\napp,s2,UP,2,,,-1,,,\napp,BACKEND,UP,1,,40,7,4096,9,\n\n",
	    "-wcheck_duration=10", "-wserver.downtime=10", "-wlastsess=1", "-wbackend.bin=1",
	    "-wstot=1", "--perfdata=servers");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ASSERT_HAS(r.output, "[WARNING] app/s1 check_duration 12ms (warning range 10)\n");
	/* counters carry no unit in findings */
	ASSERT_HAS(r.output, "[WARNING] app/s1 server.downtime 30 (warning range 10)\n");
	ASSERT_HAS(r.output, "[WARNING] app/s1 lastsess 5s (warning range 1)\n");
	ASSERT_HAS(r.output, "[WARNING] app/BACKEND lastsess 7s (warning range 1)\n");
	ASSERT_HAS(r.output, "[WARNING] app/BACKEND backend.bin 4096 (warning range 1)\n");
	/* s2: empty cells are skipped, never 0; lastsess -1 (never) is said */
	ASSERT_HAS(r.output, "[UNKNOWN] app/s2 lastsess not measured: it never had a session\n");
	ASSERT_HASNT(r.output, "app/s2 check_duration");
	ASSERT_HAS(r.perfdata, "sv:app/s1:check_duration=12ms;10");
	ASSERT_HAS(r.perfdata, "be:app:bin=4096c;1;;0");
	ASSERT_HASNT(r.perfdata, "sv:app/s2:check_duration");
	ASSERT_HASNT(r.perfdata, "sv:app/s2:lastsess");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_metric_no_object_has_is_usage)
{
	struct run r;

	RUN(&r, "# pxname,svname,status,type,\nweb,FRONTEND,OPEN,0,\n\n", "-cqcur=1");
	assert_rule_unknown(&r, "rule qcur: no backend or server is selected\n");
	run_free(&r);
	/* a server rule on a dump without servers */
	RUN(&r, MHDR MFE("web", "3", "100", "4", "") MEND, "-cserver.scur=1");
	assert_rule_unknown(&r, "rule server.scur: no server is selected\n");
	run_free(&r);
	/* a backend rule where the selection leaves no backend */
	RUN(&r, limits_dump, "-cup=1:", "--proxy=web");
	assert_rule_unknown(&r, "rule up: no backend is selected\n");
	run_free(&r);
	/* the second of two rules measures nothing */
	RUN(&r, limits_dump, "-cscur=1000", "-wcheck_duration=5");
	assert_rule_unknown(&r, "rule check_duration: ");
	run_free(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* planning                                                            */

START_TEST(test_metrics_expect_name_validation)
{
	static const char *const bad[] = {"a;b",  "a b", "app/s 1", "/s1",
					  "app/", "",    "a/b/c",   "app/s;1"};
	struct hs_expect ex;
	size_t i;

	hs_expect_init(&ex);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hs_error err = {0};

		ck_assert_msg(hs_expect_add(&ex, bad[i], &err) == -1, "'%s' accepted", bad[i]);
		ck_assert_int_eq(err.code, HS_ERR_USAGE);
	}
	ck_assert_uint_eq(ex.count, 0);
	hs_expect_free(&ex);
}
END_TEST

/* ------------------------------------------------------------------ */
/* --expect                                                            */

START_TEST(test_metrics_expect_found_and_missing)
{
	struct run r;

	RUN(&r, pool_dump, "--expect=app", "--expect=app/s1", "--expect=app/b2",
	    "--policy=server.down=ok", "--policy=backup.down=ok");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	run_free(&r);
	RUN(&r, pool_dump, "--expect=app", "--expect=db", "--expect=app/s9",
	    "--policy=server.down=ok", "--policy=backup.down=ok");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY CRITICAL - db is missing (expected proxy not in the dump), "
			 "app/s9 is missing (expected server not in the dump)");
	run_free(&r);
	/* a server of a missing proxy is a missing server */
	RUN(&r, pool_dump, "--expect=db/s1", "--policy=server.down=ok", "--policy=backup.down=ok");
	ck_assert_str_eq(r.first_line,
			 "HAPROXY CRITICAL - db/s1 is missing (expected server not in the dump)");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_expect_frontend_only_proxy)
{
	struct run r;

	/* a frontend is a proxy too */
	RUN(&r, limits_dump, "--expect=web", "--expect=nolim");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_expect_missing_with_selection_of_it)
{
	struct run r;

	/* --proxy db that --expect=db names: the finding, not NOMATCH */
	RUN(&r, pool_dump, "--proxy=db", "--expect=db");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY CRITICAL - db is missing (expected proxy not in the dump)");
	run_free(&r);
	/* without --expect: a selection error */
	RUN(&r, pool_dump, "--proxy=db");
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_NOMATCH);
	run_free(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* "No such proxy." through a fake unix socket                        */

/* Serves one connection on a fresh unix socket: reads the command line,
 * stores it in <got> (a file path), answers <answer>. Returns the child's
 * pid; the socket path is in <path>.
 */
static pid_t
fake_socket(char *path, size_t size, const char *answer, const char *gotfile)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	char dir[] = "/tmp/hs-test-metrics-XXXXXX";
	int fd;
	pid_t pid;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, size, "%s/stats.sock", dir);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* one connection per command (the plugin never chains them):
		 * connection i gets the i-th answer, each ending at its empty
		 * line (the last may be cut short) */
		const char *p = answer;
		FILE *f = fopen(gotfile, "w");

		while (*p != '\0') {
			const char *end = strstr(p, "\n\n");
			size_t len = end ? (size_t)(end - p) + 2 : strlen(p);
			char cmd[2048] = {0};
			size_t n = 0;
			int c = accept(fd, NULL, NULL);

			if (c < 0)
				break;
			while (n < sizeof(cmd) - 1 && memchr(cmd, '\n', n) == NULL) {
				ssize_t k = read(c, cmd + n, sizeof(cmd) - 1 - n);

				if (k <= 0)
					break;
				n += (size_t)k;
			}
			if (f != NULL) {
				fwrite(cmd, 1, n, f);
				fflush(f);
			}
			(void)!write(c, p, len);
			close(c);
			p += len;
		}
		if (f != NULL)
			fclose(f);
		_exit(0);
	}
	close(fd);
	return pid;
}

static void
fake_cleanup(const char *path, pid_t pid)
{
	char dir[256];

	waitpid(pid, NULL, 0);
	unlink(path);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	rmdir(dir);
}

static void
run_socket(struct run *r, const char *answer, const char *const *opts, char *got, size_t gotsize)
{
	char path[108], gotfile[] = "/tmp/hs-test-got-XXXXXX";
	struct hs_check_config cfg;
	struct hs_error err = {0};
	int gfd = mkstemp(gotfile);
	pid_t pid;
	FILE *f;

	ck_assert_int_ge(gfd, 0);
	close(gfd);
	pid = fake_socket(path, sizeof(path), answer, gotfile);
	hs_check_config_init(&cfg);
	run_set_endpoint(&cfg, (struct hs_endpoint){.kind = HS_EP_UNIX, .path = path});
	cfg.timeout = 5;
	run_options(&cfg, opts);
	ck_assert_msg(hs_rules_compile(&cfg.rules, &err) == 0, "%s", err.msg);
	run_config(r, &cfg);
	hs_check_config_free(&cfg);
	fake_cleanup(path, pid);
	got[0] = '\0';
	f = fopen(gotfile, "r");
	if (f != NULL) {
		size_t n = fread(got, 1, gotsize - 1, f);

		got[n] = '\0';
		fclose(f);
	}
	unlink(gotfile);
}

static const char app_block[] = MHDR MUP("app", "s1") MBE("app", "1", "10", "UP") MEND;
/* what a filtered plan reads first: the frontends of every proxy (none
 * here) and "show backend" */
#define FE_AND_BACKENDS MHDR MEND "# name\napp\n\n"

START_TEST(test_metrics_no_such_proxy_expected_is_critical)
{
	static const char *const opts[] = {"--proxy=app", "--expect=db", "-vv", NULL};
	char answer[1024], got[1024];
	struct run r;

	snprintf(answer, sizeof(answer), FE_AND_BACKENDS "%sNo such proxy.\n\n", app_block);
	run_socket(&r, answer, opts, got, sizeof(got));
	ck_assert_str_eq(
		got, "show stat -1# 9 -1\nshow backend\nshow stat app 6 -1\nshow stat db 6 -1\n");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY CRITICAL - db is missing (expected proxy not in the dump)");
	ASSERT_HAS(r.output,
		   ": show stat -1# 9 -1;show backend;show stat app 6 -1;show stat db 6 -1\n");
	ASSERT_HAS(r.output, "sent to ");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_no_such_proxy_selected_is_nomatch)
{
	static const char *const opts[] = {"--proxy=app", "--proxy=nosuch", NULL};
	char answer[1024], got[1024];
	struct run r;

	snprintf(answer, sizeof(answer), FE_AND_BACKENDS "%sNo such proxy.\n\n", app_block);
	run_socket(&r, answer, opts, got, sizeof(got));
	ck_assert_str_eq(
		got,
		"show stat -1# 9 -1\nshow backend\nshow stat app 6 -1\nshow stat nosuch 6 -1\n");
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_NOMATCH);
	ck_assert_ptr_nonnull(strstr(r.err.msg, "nosuch"));
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_no_such_proxy_then_garbage_is_error)
{
	static const char *const opts[] = {"--proxy=nosuch", "--expect=nosuch", NULL};
	char got[1024];
	struct run r;

	/* "No such proxy." must end with the empty line */
	run_socket(&r, FE_AND_BACKENDS "No such proxy.\nsomething else\n\n", opts, got,
		   sizeof(got));
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_NOT_STATS);
	run_free(&r);
	/* ... and cut there is truncated */
	run_socket(&r, FE_AND_BACKENDS "No such proxy.\n", opts, got, sizeof(got));
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_TRUNCATED);
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_no_such_proxy_unfiltered_is_not_stats)
{
	static const char *const opts[] = {NULL};
	char got[1024];
	struct run r;

	/* for an unfiltered dump, "No such proxy." is not a stats answer */
	run_socket(&r, "No such proxy.\n\n", opts, got, sizeof(got));
	ck_assert_str_eq(got, "show stat\n");
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_NOT_STATS);
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_socket_info_stat_table_in_order)
{
	static const char *const opts[] = {"--proxy=app", "-winfo.conn_pct=50",
					   "-wtable.used_pct=50", NULL};
	char answer[2048], got[1024];
	struct run r;

	snprintf(answer, sizeof(answer),
		 "%s" FE_AND_BACKENDS "%s# table: app, type: ip, size:4, used:3\n\n",
		 INFO("15", "20", "1", "0"), app_block);
	run_socket(&r, answer, opts, got, sizeof(got));
	ck_assert_str_eq(
		got,
		"show info\nshow stat -1# 9 -1\nshow backend\nshow stat app 6 -1\nshow table\n");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ASSERT_HAS(r.output, "[WARNING] process info.conn_pct 75% (warning range 50)\n");
	ASSERT_HAS(r.output, "[WARNING] app table.used_pct 75% (warning range 50)\n");
	run_free(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* perfdata levels and budget                                          */

static const char perf_dump[] =
	MHDR MFE("web", "3", "100", "4", "") "web,sock-1,,,2,50,OPEN,,,,3,,,,,,\n" MUP("app", "s1")
		MSV("app", "s2", "1", "10", "0", "5", "DOWN", "1", "1", "0")
			MBE("app", "5", "10", "UP") MEND
	"# table: web, type: ip, size:4, used:3\n\n";

START_TEST(test_metrics_perfdata_levels)
{
	struct run r;

	RUN(&r, perf_dump, "--perfdata=none");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_str_eq(r.perfdata, "");
	ck_assert_ptr_null(strchr(r.output, '|'));
	run_free(&r);
	RUN(&r, perf_dump, "--perfdata=proxies");
	ck_assert_str_eq(r.perfdata, "fe:web:rate=4;;;0 fe:web:scur=3;;;0;100 be:app:rate=0;;;0 "
				     "be:app:scur=5;;;0 be:app:up=1;;;0;2");
	run_free(&r);
	RUN(&r, perf_dump, "--perfdata=servers");
	ck_assert_str_eq(r.perfdata,
			 "fe:web:rate=4;;;0 fe:web:scur=3;;;0;100 li:web/sock-1:scur=2;;;0;50 "
			 "sv:app/s1:scur=1;;;0 sv:app/s1:qcur=0;;;0 sv:app/s1:rate=0;;;0 "
			 "sv:app/s2:scur=0;;;0;5 sv:app/s2:qcur=1;;;0;10 sv:app/s2:rate=0;;;0 "
			 "be:app:rate=0;;;0 be:app:scur=5;;;0 be:app:up=1;;;0;2");
	run_free(&r);
	RUN(&r, perf_dump, "--perfdata=summary");
	ck_assert_str_eq(r.perfdata,
			 "frontends=1;;;0 backends=1;;;0 backends_down=0;;;0;1 servers=2;;;0 "
			 "servers_up=1;;;0;2 servers_down=1;;;0;2 servers_maint=0;;;0;2 "
			 "servers_drain=0;;;0;2 servers_nolb=0;;;0;2 servers_nocheck=0;;;0;2");
	run_free(&r);
	/* summary with info and table metrics */
	{
		char dump[2048];

		snprintf(dump, sizeof(dump), "%s%s", INFO("15", "20", "1", "0"), perf_dump);
		RUN(&r, dump, "--perfdata=summary", "-winfo.conn_pct=50", "-wtable.used=10");
		ck_assert_msg(r.rc == 0, "%s", r.err.msg);
		ck_assert_str_eq(r.perfdata,
				 "info:conn_pct=75%;50 table:web:used=3;10;;0;4 frontends=1;;;0 "
				 "backends=1;;;0 backends_down=0;;;0;1 servers=2;;;0 "
				 "servers_up=1;;;0;2 servers_down=1;;;0;2 servers_maint=0;;;0;2 "
				 "servers_drain=0;;;0;2 servers_nolb=0;;;0;2 "
				 "servers_nocheck=0;;;0;2");
		run_free(&r);
		/* none: not even the thresholded ones */
		RUN(&r, dump, "--perfdata=none", "-winfo.conn_pct=50", "-wtable.used=10");
		ck_assert_str_eq(r.perfdata, "");
		ck_assert_int_eq(r.state, HS_STATE_WARNING);
		run_free(&r);
	}
}
END_TEST

START_TEST(test_metrics_perfdata_thresholded_server_items_at_proxies_level)
{
	struct run r;

	/* server rules at the default level: findings, but no sv: items */
	RUN(&r, perf_dump, "-wserver.qcur=0");
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ASSERT_HAS(r.output, "app/s2 server.qcur 1 (warning range 0)");
	ASSERT_HASNT(r.perfdata, "sv:");
	run_free(&r);
}
END_TEST

/* Full perfdata of perf_dump with -c up=2: (be:app:up is thresholded). */
static const char perf_full[] = "fe:web:rate=4;;;0 fe:web:scur=3;;;0;100 be:app:rate=0;;;0 "
				"be:app:scur=5;;;0 be:app:up=1;;2:;0;2";

START_TEST(test_metrics_perfdata_budget_never_exceeded)
{
	size_t full = strlen(perf_full), max;

	for (max = 1; max <= full + 3; max++) {
		char opt[64];
		struct run r;

		snprintf(opt, sizeof(opt), "--perfdata-max-bytes=%zu", max);
		RUN(&r, perf_dump, opt, "-cup=2:");
		ck_assert_msg(r.rc == 0, "%s", r.err.msg);
		ck_assert_msg(strlen(r.perfdata) <= max, "max %zu: %zu bytes '%s'", max,
			      strlen(r.perfdata), r.perfdata);
		if (max >= full) {
			ck_assert_str_eq(r.perfdata, perf_full);
			ASSERT_HASNT(r.output, "perfdata items left out");
		} else {
			ASSERT_HAS(r.output,
				   "perfdata items left out: more than --perfdata-max-bytes=");
		}
		/* the thresholded item is kept whenever it fits */
		if (max >= strlen("be:app:up=1;;2:;0;2"))
			ck_assert_msg(has(r.perfdata, "be:app:up=1;;2:;0;2"), "max %zu: '%s'", max,
				      r.perfdata);
		else
			ASSERT_HASNT(r.perfdata, "be:app:up=");
		/* every item shown is whole */
		if (*r.perfdata != '\0')
			ck_assert_msg(strstr(perf_full, r.perfdata) != NULL ||
					      r.perfdata[strlen(r.perfdata) - 1] != ' ',
				      "max %zu: '%s'", max, r.perfdata);
		run_free(&r);
	}
}
END_TEST

START_TEST(test_metrics_perfdata_budget_counts_left_out)
{
	struct run r;
	char opt[64];

	/* room for the thresholded item and the first one: 3 left out */
	snprintf(opt, sizeof(opt), "--perfdata-max-bytes=%zu",
		 strlen("fe:web:rate=4;;;0 be:app:up=1;;2:;0;2"));
	RUN(&r, perf_dump, opt, "-cup=2:");
	ck_assert_str_eq(r.perfdata, "fe:web:rate=4;;;0 be:app:up=1;;2:;0;2");
	ck_assert_msg(
		has(r.output, "\n3 perfdata items left out: more than --perfdata-max-bytes=37\n"),
		"%s", r.output);
	run_free(&r);
	/* exactly the full length: nothing left out */
	snprintf(opt, sizeof(opt), "--perfdata-max-bytes=%zu", strlen(perf_full));
	RUN(&r, perf_dump, opt, "-cup=2:");
	ck_assert_str_eq(r.perfdata, perf_full);
	run_free(&r);
	/* one byte less: the last untresholded item that no longer fits goes */
	snprintf(opt, sizeof(opt), "--perfdata-max-bytes=%zu", strlen(perf_full) - 1);
	RUN(&r, perf_dump, opt, "-cup=2:");
	ck_assert_str_eq(r.perfdata, "fe:web:rate=4;;;0 fe:web:scur=3;;;0;100 be:app:rate=0;;;0 "
				     "be:app:up=1;;2:;0;2");
	ASSERT_HAS(r.output, "\n1 perfdata items left out");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_perfdata_thresholded_kept_first_in_a_big_dump)
{
	size_t n = 4000, i, o = 0, size = 64 * n + 1024;
	char *dump = malloc(size);
	struct run r;

	/* 4000 servers at --perfdata=servers: ~300 KB of items, more than
	 * the default budget; the thresholded be:big:up item comes last */
	o += (size_t)snprintf(dump + o, size - o, "%s", MHDR);
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(dump + o, size - o,
				      "big,s%04zu,0,,1,,UP,1,1,0,2,0,,L7OK,,-1,\n", i);
	snprintf(dump + o, size - o, "%s\n", MBE("big", "0", "10", "UP"));
	RUN(&r, dump, "--perfdata=servers", "-cup=5000:");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_uint_le(strlen(r.perfdata), 256 * 1024);
	ASSERT_HAS(r.output, "perfdata items left out");
	ck_assert_msg(has(r.perfdata, "be:big:up=4000;;5000:;0;4000"),
		      "thresholded item lost; perfdata ends: ...%s",
		      r.perfdata + strlen(r.perfdata) - 80);
	run_free(&r);
	free(dump);
}
END_TEST

/* ------------------------------------------------------------------ */
/* --list                                                              */

START_TEST(test_metrics_list_table)
{
	struct run r;

	RUN(&r, perf_dump, "--list", "-cup=2:", "-wserver.qcur=0");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	/* DOWN servers are settled when their proxy ends, before its BACKEND */
	ASSERT_HAS(
		r.output,
		"\nOBJECT        TYPE      STATUS  POLICY         STATE     scur  rate  up  qcur\n"
		"web/FRONTEND  frontend  OPEN    frontend.open  OK        3     4     -   -\n"
		"web/sock-1    listener  OPEN    listener.open  OK        2     -     -   -\n"
		"app/s1        server    UP      server.up      OK        1     0     -   0\n"
		"app/s2        server    DOWN    server.down    WARNING   0     0     -   1\n"
		"app/BACKEND   backend   UP      backend.up     CRITICAL  5     0     1   0\n"
		"[CRITICAL] app/BACKEND up 1 (critical range 2:)\n");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_list_same_exit_code)
{
	struct run r, l;

	RUN(&r, pool_dump, "-cup_pct=70:");
	RUN(&l, pool_dump, "-cup_pct=70:", "--list");
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(l.rc, 0);
	ck_assert_int_eq(r.state, l.state);
	ck_assert_str_eq(r.first_line, l.first_line);
	ASSERT_HAS(l.output, "\nOBJECT ");
	ASSERT_HAS(l.output,
		   "\napp/s3       server   MAINT   server.maint  OK        0     0     -\n");
	run_free(&r);
	run_free(&l);
}
END_TEST

START_TEST(test_metrics_list_columns_aligned)
{
	struct run r;
	const char *p, *start;
	size_t col_starts[16], ncols = 0, line = 0;

	RUN(&r, pool_dump, "--list", "-wcapacity_pct=10", "-wup_pct=1");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	start = strstr(r.output, "\nOBJECT");
	ck_assert_ptr_nonnull(start);
	start++;
	/* every row has its cells starting at the header's column positions */
	for (p = start; *p != '\0' && *p != '['; line++) {
		const char *nl = strchr(p, '\n'), *c;
		size_t i = 0;

		ck_assert_ptr_nonnull(nl);
		for (c = p; c < nl; c++) {
			bool starts = c == p || (c[-1] == ' ' && c[-2] == ' ' && *c != ' ');

			if (!starts)
				continue;
			if (line == 0) {
				col_starts[ncols++] = (size_t)(c - p);
			} else {
				ck_assert_msg(i < ncols && col_starts[i] == (size_t)(c - p),
					      "row %zu cell %zu at %td: %.*s", line, i, c - p,
					      (int)(nl - p), p);
				i++;
			}
		}
		if (line > 0)
			ck_assert_msg(i == ncols, "row %zu has %zu cells, header %zu: %.*s", line,
				      i, ncols, (int)(nl - p), p);
		p = nl + 1;
	}
	ck_assert_uint_eq(ncols, 9); /* 5 + scur rate capacity_pct up_pct */
	ck_assert_uint_eq(line, 1 + 7 + 1);
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_list_process_and_table_rows)
{
	char dump[2048];
	struct run r;

	snprintf(dump, sizeof(dump), "%s%s", INFO("15", "20", "1", "0"), perf_dump);
	RUN(&r, dump, "--list", "-winfo.conn_pct=50", "-wtable.used_pct=90");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ASSERT_HAS(r.output,
		   "\nOBJECT        TYPE      STATUS  POLICY         STATE    scur  rate  "
		   "info.conn_pct  table.used_pct\n"
		   "process       process   -       -              WARNING  -     -     75"
		   "             -\n");
	ASSERT_HAS(r.output,
		   "\nweb           table     ip      -              OK       -     -     -"
		   "              75\n");
	run_free(&r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* per-proxy rules and unmeasurable rules                              */

static const char two_pools[] = MHDR MUP("app-main", "s1") MBE("app-main", "1", "", "UP")
	MUP("app-other", "s1") MBE("app-other", "1", "", "UP") MEND;

START_TEST(test_metrics_proxy_rule_replaces_unscoped)
{
	struct run r;

	RUN(&r, two_pools, "-cbackend.up=2:", "-cbackend.up@app-main=1:");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ASSERT_HAS(r.output, "[CRITICAL] app-other/BACKEND backend.up 1 (critical range 2:)\n");
	ASSERT_HASNT(r.output, "app-main/BACKEND backend.up");
	/* perfdata ranges come from the rule that applies */
	ASSERT_HAS(r.perfdata, "be:app-main:up=1;;1:;0;1");
	ASSERT_HAS(r.perfdata, "be:app-other:up=1;;2:;0;1");
	run_free(&r);
	/* a pattern, and -w and -c for the same SCOPE.METRIC@PROXY: one rule */
	RUN(&r, two_pools, "-wup@app-.*=3:", "-cup@app-.*=2:");
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ASSERT_HAS(r.perfdata, "be:app-main:up=1;3:;2:;0;1");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_proxy_rule_matching_nothing_is_unknown)
{
	struct run r;

	RUN(&r, two_pools, "-cbackend.up@nosuch=1:");
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.state, HS_STATE_UNKNOWN);
	ASSERT_HAS(r.output, "[UNKNOWN] rule backend.up@nosuch: no selected object belongs to a "
			     "proxy matching 'nosuch'\n");
	run_free(&r);
}
END_TEST

START_TEST(test_metrics_proxy_rule_syntax)
{
	static const char *const bad[] = {
		"backend.up@=1:",     /* no pattern */
		"backend.up@a(=1:",   /* bad regex */
		"up@d+++++++++=1:",   /* costly regex */
		"info.conn_pct@x=80", /* the process has no proxy */
	};
	struct hs_rules rules;
	struct hs_error err = {0};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		hs_rules_init(&rules);
		ck_assert_msg(hs_rules_add(&rules, true, bad[i], &err) == -1, "%s accepted",
			      bad[i]);
		ck_assert_int_eq(err.code, HS_ERR_USAGE);
		hs_rules_free(&rules);
	}
	hs_rules_init(&rules);
	ck_assert_int_eq(hs_rules_add(&rules, false, "server.scur@a=b=5", &err), 0);
	ck_assert_int_eq(hs_rules_add(&rules, true, "server.scur@a=b=9", &err), 0);
	ck_assert_uint_eq(rules.count, 1);
	ck_assert_str_eq(rules.rule[0].label, "server.scur");
	ck_assert_str_eq(rules.rule[0].proxy.text, "a=b");
	hs_rules_free(&rules);
}
END_TEST

START_TEST(test_metrics_unmeasurable_rule_never_lowers)
{
	struct run r;

	/* the only server DOWN is CRITICAL; a rule that could not be measured
	 * adds its UNKNOWN finding beside it */
	RUN(&r,
	    MHDR MSV("app", "s1", "0", "", "1", "", "DOWN", "1", "1",
		     "0") "app,BACKEND,0,,0,,DOWN,,,0,1,0,,,,-1,\n" MEND,
	    "-cbackend.lastsess=100");
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ASSERT_HAS(r.output, "[CRITICAL] app/s1 DOWN");
	ASSERT_HAS(r.output,
		   "[UNKNOWN] app/BACKEND backend.lastsess not measured: it never had a session\n");
	run_free(&r);
}
END_TEST

Suite *
make_metrics_suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *derived = tcase_create("derived");
	TCase *process = tcase_create("process");
	TCase *rules = tcase_create("rules");
	TCase *plan = tcase_create("plan");
	TCase *expect = tcase_create("expect");
	TCase *output = tcase_create("output");

	tcase_add_test(derived, test_metrics_sessions_pct_frontends_and_servers_with_limits);
	tcase_add_test(derived, test_metrics_backend_sessions_pct_only_with_scope);
	tcase_add_test(derived, test_metrics_proxy_rule_replaces_unscoped);
	tcase_add_test(derived, test_metrics_proxy_rule_matching_nothing_is_unknown);
	tcase_add_test(derived, test_metrics_proxy_rule_syntax);
	tcase_add_test(derived, test_metrics_unmeasurable_rule_never_lowers);
	tcase_add_test(derived, test_metrics_sessions_pct_without_any_limit_is_usage);
	tcase_add_test(derived, test_metrics_queue_pct_servers_with_qlimit);
	tcase_add_test(derived, test_metrics_queue_pct_qlimit_zero_is_usage);
	tcase_add_test(derived, test_metrics_rate_pct_frontends_only);
	tcase_add_test(derived, test_metrics_rate_pct_rate_lim_empty_is_usage);
	tcase_add_test(derived, test_metrics_up_counts_up_active_servers);
	tcase_add_test(derived, test_metrics_up_pct_leaves_planned_out_servers_out);
	tcase_add_test(derived, test_metrics_up_pct_policy_maint_critical_counts_maint);
	tcase_add_test(derived, test_metrics_up_pct_all_planned_out_is_skipped);
	tcase_add_test(derived, test_metrics_backup_up);
	tcase_add_test(derived, test_metrics_capacity_pct_uses_uweight);
	tcase_add_test(derived, test_metrics_capacity_pct_without_uweight_column);
	tcase_add_test(derived, test_metrics_capacity_pct_all_weight_zero_is_usage);
	suite_add_tcase(s, derived);

	tcase_add_test(process, test_metrics_info_conn_pct);
	tcase_add_test(process, test_metrics_info_field_and_missing_field);
	tcase_add_test(process, test_metrics_info_sessrate_pct);
	tcase_add_test(process, test_metrics_info_real_capture);
	tcase_add_test(process, test_metrics_info_answer_not_info_is_error);
	tcase_add_test(process, test_metrics_table_used_and_used_pct);
	tcase_add_test(process, test_metrics_table_size_zero_used_pct_is_usage);
	tcase_add_test(process, test_metrics_table_real_capture_and_selection);
	tcase_add_test(process, test_metrics_table_empty_answer_is_usage);
	suite_add_tcase(s, process);

	tcase_add_loop_test(rules, test_metrics_rule_rejected_at_parse_time, 0,
			    sizeof(bad_rules) / sizeof(bad_rules[0]));
	tcase_add_test(rules, test_metrics_rule_twice_rejected_warn_and_crit_one_rule);
	tcase_add_test(rules, test_metrics_rule_kinds);
	tcase_add_loop_test(rules, test_metrics_scope_applies_to_one_type, 0, 6);
	tcase_add_test(rules, test_metrics_unscoped_column_applies_to_every_type_having_it);
	tcase_add_test(rules, test_metrics_bare_range_plus_explicit_rate);
	tcase_add_test(rules, test_metrics_rate_pct_never_on_backends);
	tcase_add_test(rules, test_metrics_units_in_findings);
	tcase_add_test(rules, test_metrics_metric_no_object_has_is_usage);
	suite_add_tcase(s, rules);

	tcase_add_test(plan, test_metrics_expect_name_validation);
	tcase_add_test(plan, test_metrics_no_such_proxy_expected_is_critical);
	tcase_add_test(plan, test_metrics_no_such_proxy_selected_is_nomatch);
	tcase_add_test(plan, test_metrics_no_such_proxy_then_garbage_is_error);
	tcase_add_test(plan, test_metrics_no_such_proxy_unfiltered_is_not_stats);
	tcase_add_test(plan, test_metrics_socket_info_stat_table_in_order);
	suite_add_tcase(s, plan);

	tcase_add_test(expect, test_metrics_expect_found_and_missing);
	tcase_add_test(expect, test_metrics_expect_frontend_only_proxy);
	tcase_add_test(expect, test_metrics_expect_missing_with_selection_of_it);
	suite_add_tcase(s, expect);

	tcase_add_test(output, test_metrics_perfdata_levels);
	tcase_add_test(output, test_metrics_perfdata_thresholded_server_items_at_proxies_level);
	tcase_add_test(output, test_metrics_perfdata_budget_never_exceeded);
	tcase_add_test(output, test_metrics_perfdata_budget_counts_left_out);
	tcase_add_test(output, test_metrics_perfdata_thresholded_kept_first_in_a_big_dump);
	tcase_add_test(output, test_metrics_list_table);
	tcase_add_test(output, test_metrics_list_same_exit_code);
	tcase_add_test(output, test_metrics_list_columns_aligned);
	tcase_add_test(output, test_metrics_list_process_and_table_rows);
	suite_add_tcase(s, output);
	return s;
}
