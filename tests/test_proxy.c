/* test_proxy.c: the per-proxy aggregate (lib/hs_proxy.c, hs_server.c):
 * which servers serve (weight 0 does not), failed servers (DOWN and
 * MAINT (resolution)) settled when the backend is known, running on
 * backups, up_pct of a backend that nothing serves, and listed OK
 * findings summed up per backend.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "hs_check.h"
#include "hs_proxy.h"
#include "hs_render.h"
#include "suites.h"
#include "test_run.h"

/* pxname,svname,qcur,qlimit,scur,slim,status,weight,uweight,bck,type,... */
#define PHDR                                                                                       \
	"# pxname,svname,qcur,qlimit,scur,slim,status,weight,uweight,bck,type,rate,rate_lim,"      \
	"check_status,last_chk,lastsess,\n"
#define PSV(px, sv, st, w, bck) px "," sv ",0,,1,," st "," w "," w "," bck ",2,0,,L7OK,,-1,\n"
#define PBE(px, st)             px ",BACKEND,0,,0,," st ",,,0,1,0,,,,,\n"
#define PEND                    "\n"

#define RUN(r, dump, ...)                                                                          \
	do {                                                                                       \
		const char *const opts_[] = {__VA_ARGS__, NULL};                                   \
		run_dumpv((r), (dump), opts_);                                                     \
	} while (0)
START_TEST(test_proxy_weight0_is_not_serving)
{
	static const char dump[] =
		PHDR PSV("app", "s1", "UP", "0", "0") PSV("app", "s2", "UP", "1", "0")
			PSV("app", "s3", "no check", "0", "0") PBE("app", "UP") PEND;
	struct run r;

	RUN(&r, dump, "-wcapacity_pct=60:", "-v");
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ASSERT_HAS(r.output, "[OK] app/s1 UP, weight 0 (takes no new traffic)\n");
	ASSERT_HAS(r.output, "[OK] app/s3 no check, weight 0 (takes no new traffic)\n");
	/* up is the BACKEND's act: servers serving at a weight > 0 */
	ASSERT_HAS(r.perfdata, "be:app:up=1;;;0;3");
	/* capacity: 1 of 1 configured weight serves (weight 0 adds none) */
	ASSERT_HAS(r.perfdata, "be:app:capacity_pct=100%;60:");
	run_free(&r);
	/* without -v: summed up (server.weight0 is listed) */
	RUN(&r, dump, NULL);
	ASSERT_HAS(r.output, "[OK] app: 2 servers at weight 0 (take no new traffic) (s1, s3)\n");
	run_free(&r);
	/* the policy line can make it a problem */
	RUN(&r, dump, "--policy=server.weight0=warning");
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ASSERT_HAS(r.output, "[WARNING] app/s1 UP, weight 0 (takes no new traffic)\n");
	run_free(&r);
}
END_TEST

START_TEST(test_proxy_backup_only_without_down)
{
	struct run r;

	/* no active server serves (weight 0), a backup does: CRITICAL even
	 * though no server is DOWN */
	RUN(&r,
	    PHDR PSV("app", "s1", "UP", "0", "0") PSV("app", "b1", "UP", "1", "1") PBE("app", "UP")
		    PEND,
	    NULL);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ASSERT_HAS(r.output, "[CRITICAL] app/BACKEND running on backup servers only (0/1 active "
			     "UP, 1/1 backup UP)\n");
	run_free(&r);
	/* every active server put in MAINT or DRAIN by an operator: planned */
	RUN(&r,
	    PHDR PSV("app", "s1", "MAINT", "1", "0") PSV("app", "s2", "DRAIN", "1", "0")
		    PSV("app", "b1", "UP", "1", "1") PBE("app", "UP") PEND,
	    NULL);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ASSERT_HASNT(r.output, "backup servers only");
	run_free(&r);
	/* MAINT (resolution) is no plan */
	RUN(&r,
	    PHDR PSV("app", "s1", "MAINT (resolution)", "1", "0") PSV("app", "b1", "UP", "1", "1")
		    PBE("app", "UP") PEND,
	    NULL);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ASSERT_HAS(r.output, "running on backup servers only");
	run_free(&r);
}
END_TEST

START_TEST(test_proxy_maint_resolution_is_a_failure)
{
	struct run r;

	/* the only active server: server.down-last, up_pct 0 */
	RUN(&r, PHDR PSV("app", "s1", "MAINT (resolution)", "1", "0") PBE("app", "DOWN") PEND,
	    "-cup_pct=50:");
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ASSERT_HAS(r.output, "[CRITICAL] app/s1 MAINT (resolution)\n");
	ASSERT_HAS(r.output, "[CRITICAL] app/BACKEND up_pct 0% (critical range 50:)\n");
	run_free(&r);
	/* counted with DOWN, not MAINT */
	RUN(&r, PHDR PSV("app", "s1", "MAINT (resolution)", "1", "0") PBE("app", "DOWN") PEND,
	    "--perfdata=summary");
	ASSERT_HAS(r.perfdata, "servers_down=1;;;0;1");
	ASSERT_HAS(r.perfdata, "servers_maint=0;;;0;1");
	run_free(&r);
	/* beside a serving one: server.down (WARNING) */
	RUN(&r,
	    PHDR PSV("app", "s1", "MAINT (resolution)", "1", "0") PSV("app", "s2", "UP", "1", "0")
		    PBE("app", "UP") PEND,
	    NULL);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ASSERT_HAS(r.output, "[WARNING] app/s1 MAINT (resolution)\n");
	run_free(&r);
	/* a backup server: backup.down; MAINT (via ...) stays MAINT */
	RUN(&r,
	    PHDR PSV("app", "s1", "UP", "1", "0") PSV("app", "b1", "MAINT (resolution)", "1", "1")
		    PSV("app", "s2", "MAINT (via app/s9)", "1", "0") PBE("app", "UP") PEND,
	    "--policy=backup.down=critical");
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ASSERT_HAS(r.output, "[CRITICAL] app/b1 MAINT (resolution)\n");
	ASSERT_HAS(r.output, "[OK] app/s2 MAINT (via app/s9)\n");
	run_free(&r);
}
END_TEST

START_TEST(test_proxy_up_pct_of_a_backend_nothing_serves)
{
	struct run r;

	/* DOWN backend: up_pct 0 */
	RUN(&r, PHDR PSV("app", "s1", "DOWN", "1", "0") PBE("app", "DOWN") PEND, "-cup_pct=50:");
	ASSERT_HAS(r.output, "[CRITICAL] app/BACKEND up_pct 0% (critical range 50:)\n");
	ASSERT_HAS(r.perfdata, "be:app:up_pct=0%;;50:");
	run_free(&r);
	/* every active server planned out: not measured, and why */
	RUN(&r, PHDR PSV("app", "s1", "MAINT", "1", "0") PBE("app", "DOWN") PEND, "-cup_pct=50:");
	ASSERT_HAS(r.output, "[UNKNOWN] rule up_pct: no selected backend was measured: every "
			     "active server is in planned maintenance\n");
	ASSERT_HASNT(r.perfdata, "up_pct");
	run_free(&r);
}
END_TEST

START_TEST(test_proxy_listed_ok_findings_summed_up)
{
	struct run r;

	RUN(&r,
	    PHDR PSV("app", "n1", "no check", "1", "0") PSV("app", "n2", "no check", "1", "0")
		    PSV("app", "n3", "no check", "1",
			"0") PSV("app", "m1", "MAINT", "1", "0") PSV("app", "m2", "MAINT", "1", "0")
			    PSV("app", "m3", "MAINT", "1", "0") PSV("app", "m4", "MAINT", "1", "0")
				    PBE("app", "UP") PSV("api", "m1", "MAINT", "1", "0")
					    PSV("api", "a1", "UP", "1", "0") PBE("api", "UP") PEND,
	    NULL);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ASSERT_HAS(r.output, "[OK] app: 3 servers without health checks\n");
	ASSERT_HAS(r.output, "[OK] app: 4 servers in MAINT (m1, m2, m3, ...)\n");
	/* alone in its backend: its own finding */
	ASSERT_HAS(r.output, "[OK] api/m1 MAINT\n");
	ASSERT_HASNT(r.output, "app/n1");
	run_free(&r);
	/* -v: every object */
	RUN(&r,
	    PHDR PSV("app", "n1", "no check", "1", "0") PSV("app", "n2", "no check", "1", "0")
		    PBE("app", "UP") PEND,
	    "-v");
	ASSERT_HAS(r.output, "[OK] app/n1 no check\n");
	ASSERT_HAS(r.output, "[OK] app/n2 no check\n");
	ASSERT_HASNT(r.output, "servers without health checks");
	run_free(&r);
	/* a policy that makes MAINT a problem: one finding per server */
	RUN(&r,
	    PHDR PSV("app", "m1", "MAINT", "1", "0") PSV("app", "m2", "MAINT", "1", "0")
		    PSV("app", "s1", "UP", "1", "0") PBE("app", "UP") PEND,
	    "--policy=server.maint=warning");
	ASSERT_HAS(r.output, "[WARNING] app/m1 MAINT\n");
	ASSERT_HAS(r.output, "[WARNING] app/m2 MAINT\n");
	run_free(&r);
}
END_TEST

/* The aggregate on its own: deferred servers are structs within a budget. */
START_TEST(test_proxy_deferred_within_budget)
{
	struct hs_proxy px = {0};
	struct hs_policy pol;
	struct hs_report rep;
	struct hs_error err = {0};
	struct hs_buf out;
	size_t i, kept = 0;

	hs_policy_init(&pol);
	hs_report_init(&rep);
	ck_assert_int_eq(hs_proxy_open(&px, "app", true, &err), 0);
	for (i = 0; i < 5000; i++) {
		char *f = malloc(128);

		snprintf(f, 128, "app/s%zu DOWN (L4CON Connection refused, %0*d)", i, 60, 0);
		kept += hs_proxy_defer(&px, false, HS_STATE_OK, f, NULL);
	}
	ck_assert_uint_lt(kept, 5000);
	ck_assert_uint_gt(kept, 100);
	ck_assert_uint_eq(px.dropped_active, 5000 - kept);
	hs_proxy_close(&px, &pol, &rep);
	ck_assert_int_eq(rep.state, HS_STATE_CRITICAL); /* no active server serves */
	hs_buf_init(&out, 0);
	hs_report_render(&rep, &out);
	ASSERT_HAS(hs_buf_str(&out), "[CRITICAL] app/s0 DOWN (L4CON Connection refused");
	ASSERT_HAS(hs_buf_str(&out), "more servers DOWN (not shown: output limit)");
	hs_buf_free(&out);
	hs_report_free(&rep);
	hs_proxy_free(&px);
}
END_TEST

Suite *
make_proxy_suite(void)
{
	Suite *s = suite_create("proxy");
	TCase *tc = tcase_create("aggregate");

	tcase_add_test(tc, test_proxy_weight0_is_not_serving);
	tcase_add_test(tc, test_proxy_backup_only_without_down);
	tcase_add_test(tc, test_proxy_maint_resolution_is_a_failure);
	tcase_add_test(tc, test_proxy_up_pct_of_a_backend_nothing_serves);
	tcase_add_test(tc, test_proxy_listed_ok_findings_summed_up);
	tcase_add_test(tc, test_proxy_deferred_within_budget);
	suite_add_tcase(s, tc);
	return s;
}
