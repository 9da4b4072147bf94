/* test_followup.c: the queries sent because of an earlier answer
 * (hs_followup.h): the rows of the backends "show servers state" could
 * not sum up, read in later, and the stick table entry counts, each read
 * from saved answers.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_check.h"
#include "hs_followup.h"
#include "hs_render.h"
#include "hs_time.h"
#include "suites.h"
#include "test_run.h"

#define SS_HDR                                                                                     \
	"1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight "    \
	"srv_iweight srv_time_since_last_change srv_check_status srv_check_result "                \
	"srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id\n"
#define SS_UP(be, srv) "3 " be " 1 " srv " 127.0.0.1 2 0 1 1 30 15 3 3 6 0 0 0\n"
#define HDR            "# pxname,svname,status,act,bck,type,\n"

/* A servers state summary of backend "app" (id 3) with servers s1 and s2,
 * none of whose classes may stand in: the backend needs its rows.
 */
static void
summary(struct hs_srvstate *st)
{
	char text[] = SS_HDR SS_UP("app", "s1") SS_UP("app", "s2");
	struct hs_error err = {0};
	char *line, *save = NULL;

	hs_srvstate_init(st);
	st->accept = 0;
	st->detail_max = 4;
	st->detail_servers_max = 100;
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		ck_assert_msg(hs_srvstate_line(st, line, &err) == 0, "%s", err.msg);
	hs_srvstate_finish(st);
	ck_assert(!st->unusable);
	ck_assert_uint_eq(st->count, 1);
	ck_assert(st->be[0].detail);
}

/* Saved answers in a file, read through an exchange as the plugin's
 * --input does.
 */
struct saved {
	char path[64];
	struct hs_endpoint ep;
	struct hs_exchange x;
};

static void
saved_open(struct saved *sv, const char *answers)
{
	int fd;

	snprintf(sv->path, sizeof(sv->path), "/tmp/test_followup.XXXXXX");
	fd = mkstemp(sv->path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, answers, strlen(answers)), (ssize_t)strlen(answers));
	close(fd);
	memset(&sv->ep, 0, sizeof(sv->ep));
	sv->ep.kind = HS_EP_FILE;
	sv->ep.path = sv->path;
	hs_exchange_init(&sv->x, &sv->ep, "saved answers", hs_now_ms() + 5000);
}

static void
saved_close(struct saved *sv)
{
	hs_exchange_close(&sv->x);
	unlink(sv->path);
}

/* The rows of backend app are fetched, kept, and read into an evaluation
 * once, where its BACKEND row comes; a second time is a doubt.
 */
START_TEST(test_followup_details_kept_and_replayed_once)
{
	struct hs_check_config cfg;
	struct hs_eval_config ecfg = {0};
	struct hs_report rep;
	struct hs_srvstate st;
	struct hs_details det;
	struct hs_doubt doubt = {0};
	struct hs_error err = {0};
	struct hs_buf out;
	struct saved sv;
	struct hs_eval *ev;

	summary(&st);
	hs_details_init(&det);
	saved_open(&sv, HDR "app,s1,UP,1,0,2,\napp,s2,DOWN,1,0,2,\n\n");
	ck_assert_msg(hs_followup_details(&sv.x, &st, &det, &doubt, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(doubt.kind, HS_DOUBT_NONE);
	ck_assert_uint_eq(det.count, 1);
	/* by id, in a form a proxy named "3" cannot take (hs_plan.h) */
	ck_assert_str_eq(sv.x.log, "show stat #3 4 -1");
	saved_close(&sv);

	hs_check_config_init(&cfg);
	ecfg.policy = &cfg.policy;
	ecfg.selection = &cfg.selection;
	ecfg.rules = &cfg.rules;
	ecfg.perf = HS_PERF_NONE;
	hs_report_init(&rep);
	ev = hs_eval_new(&ecfg, &rep, &err);
	ck_assert_ptr_nonnull(ev);
	ck_assert_int_eq(hs_details_replay(&st, &st.be[0], &det, ev, &doubt, &err), 0);
	ck_assert_int_eq(doubt.kind, HS_DOUBT_NONE);
	/* read in already: split up in place, never twice */
	ck_assert_int_eq(hs_details_replay(&st, &st.be[0], &det, ev, &doubt, &err), 0);
	ck_assert_int_eq(doubt.kind, HS_DOUBT_SRVSTATE);
	ck_assert_str_eq(doubt.why, "backend app came twice");
	/* the replayed rows are the servers' findings */
	hs_buf_init(&out, 0);
	hs_eval_finish(ev, &err);
	hs_report_render(&rep, &out);
	ck_assert_msg(strstr(hs_buf_str(&out), "app/s2 DOWN") != NULL, "%s", hs_buf_str(&out));
	hs_buf_free(&out);
	hs_eval_free(ev);
	hs_report_free(&rep);
	hs_check_config_free(&cfg);
	hs_details_free(&det);
	hs_srvstate_free(&st);
}
END_TEST

/* An answer that does not hold exactly the servers the summary counted (a
 * server added since, an id reused by a reload) is a doubt, and nothing
 * of it is kept.
 */
START_TEST(test_followup_details_changed_meanwhile)
{
	static const char *const answers[] = {
		HDR "app,s1,UP,1,0,2,\n\n",                                     /* one missing */
		HDR "app,s1,UP,1,0,2,\napp,s2,UP,1,0,2,\napp,s3,UP,1,0,2,\n\n", /* one more */
		HDR "other,s1,UP,1,0,2,\nother,s2,UP,1,0,2,\n\n", /* another backend */
		"No such proxy.\n\n",
	};
	struct hs_srvstate st;
	struct hs_details det;
	struct hs_doubt doubt = {0};
	struct hs_error err = {0};
	struct saved sv;

	summary(&st);
	hs_details_init(&det);
	saved_open(&sv, answers[_i]);
	ck_assert_msg(hs_followup_details(&sv.x, &st, &det, &doubt, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(doubt.kind, HS_DOUBT_SRVSTATE);
	ck_assert_str_eq(doubt.why, "backend app (id 3) changed meanwhile");
	ck_assert_uint_eq(det.count, 0);
	saved_close(&sv);
	hs_details_free(&det);
	hs_srvstate_free(&st);
}
END_TEST

/* A truncated answer is an error, never a doubt or a partial summary. */
START_TEST(test_followup_details_truncated_is_an_error)
{
	struct hs_srvstate st;
	struct hs_details det;
	struct hs_doubt doubt = {0};
	struct hs_error err = {0};
	struct saved sv;

	summary(&st);
	hs_details_init(&det);
	saved_open(&sv, HDR "app,s1,UP,1,0,2,\n");
	ck_assert_int_eq(hs_followup_details(&sv.x, &st, &det, &doubt, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_TRUNCATED);
	ck_assert_int_eq(doubt.kind, HS_DOUBT_NONE);
	saved_close(&sv);
	hs_details_free(&det);
	hs_srvstate_free(&st);
}
END_TEST

/* A whole check of saved answers: "show table", then the query of each
 * table a table.gt rule applies to, in turn.
 */
START_TEST(test_followup_table_gt_counts_saved_answers)
{
	static const char dump[] = "# pxname,svname,status,type,\nfe,FRONTEND,OPEN,0,\n\n"
				   "# table: fe, type: ip, size:100, used:3\n"
				   "# table: other, type: ip, size:100, used:0\n\n"
				   "# table: fe, type: ip, size:100, used:3\n"
				   "0x1: key=127.0.0.2 use=0 exp=1 http_req_rate(60000)=10\n"
				   "0x2: key=127.0.0.3 use=0 exp=1 http_req_rate(60000)=8\n\n"
				   "# table: other, type: ip, size:100, used:0\n\n";
	static const char *const opts[] = {"-w", "table.gt.http_req_rate.5=1", NULL};
	static const char denied[] = "# pxname,svname,status,type,\nfe,FRONTEND,OPEN,0,\n\n"
				     "# table: fe, type: ip, size:100, used:3\n\n"
				     "# table: fe, type: ip, size:100, used:3\n"
				     "# contents not dumped due to insufficient privileges\n\n";
	struct run r;

	run_dumpv(&r, dump, opts);
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ck_assert_ptr_nonnull(strstr(r.perfdata, "table:fe:gt.http_req_rate.5=2;1;;0"));
	ck_assert_ptr_nonnull(strstr(r.perfdata, "table:other:gt.http_req_rate.5=0;1;;0"));
	run_free(&r);
	/* level user: never a count of 0, an UNKNOWN line for the rule */
	run_dumpv(&r, denied, opts);
	ck_assert_int_eq(r.state, HS_STATE_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(r.output, "could be counted"));
	ck_assert_ptr_null(strstr(r.perfdata, "gt.http_req_rate"));
	run_free(&r);
}
END_TEST

Suite *
make_followup_suite(void)
{
	Suite *s = suite_create("followup");
	TCase *tc = tcase_create("Follow-up queries");

	tcase_add_test(tc, test_followup_details_kept_and_replayed_once);
	tcase_add_loop_test(tc, test_followup_details_changed_meanwhile, 0, 4);
	tcase_add_test(tc, test_followup_details_truncated_is_an_error);
	tcase_add_test(tc, test_followup_table_gt_counts_saved_answers);
	suite_add_tcase(s, tc);
	return s;
}
