/* test_answer.c: the reader of each command kind's answer (hs_answer.h),
 * fed through a pipe: a good answer, "No such proxy.", a truncated one, an
 * empty one, and an unknown command's answer where "show backend" was
 * asked.
 */
#include <check.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "hs_answer.h"
#include "hs_check.h"
#include "hs_time.h"
#include "suites.h"

#define SS_HDR                                                                                     \
	"1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight "    \
	"srv_iweight srv_time_since_last_change srv_check_status srv_check_result "                \
	"srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id\n"
#define SS_UP(be, srv)      "3 " be " 1 " srv " 127.0.0.1 2 0 1 1 30 15 3 3 6 0 0 0\n"
#define SS_MAINT(be, srv)   "3 " be " 1 " srv " 127.0.0.1 0 1 1 1 30 15 3 0 14 0 0 0\n"
#define SS_NOCHECK(be, srv) "3 " be " 1 " srv " 127.0.0.1 2 0 1 1 30 1 0 2 0 0 0 0\n"
#define HDR                 "# pxname,svname,status,act,bck,type,\n"

/* One reader fed <text>, and an evaluation with the default configuration. */
struct fixture {
	struct hs_check_config cfg;
	struct hs_eval_config ecfg;
	struct hs_report rep;
	struct hs_eval *ev;
	struct hs_reader r;
	struct hs_doubt doubt;
	struct hs_error err;
	int fd;
};

static void
setup(struct fixture *f, const char *text)
{
	size_t len = strlen(text);
	int p[2];

	memset(f, 0, sizeof(*f));
	hs_check_config_init(&f->cfg);
	f->ecfg = (struct hs_eval_config){
		.policy = &f->cfg.policy,
		.selection = &f->cfg.selection,
		.rules = &f->cfg.rules,
		.expect = &f->cfg.expect,
		.perf = f->cfg.perf,
	};
	hs_report_init(&f->rep);
	f->ev = hs_eval_new(&f->ecfg, &f->rep, &f->err);
	ck_assert_ptr_nonnull(f->ev);
	/* small answers: the pipe holds them whole */
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], text, len), (ssize_t)len);
	close(p[1]);
	f->fd = p[0];
	ck_assert_int_eq(hs_reader_init(&f->r, f->fd, hs_deadline_in(5), HS_READER_MAX_RECORD,
					"peer", &f->err),
			 0);
}

static void
teardown(struct fixture *f)
{
	hs_reader_free(&f->r);
	close(f->fd);
	hs_eval_free(f->ev);
	hs_report_free(&f->rep);
	hs_check_config_free(&f->cfg);
}

static size_t
frontends(const struct fixture *f)
{
	size_t total, stop;

	hs_eval_frontends(f->ev, &total, &stop);
	return total;
}

/* Reads <text> as the answer to <cmd> (with <backend> and no servers state);
 * returns the reader's return.
 */
static int
read_stat(struct fixture *f, const char *text, const struct hs_command *cmd, bool backend)
{
	setup(f, text);
	return hs_answer_stat(&f->r, cmd, backend, NULL, NULL, f->ev, &f->doubt, &f->err);
}

/* ------------------------------------------------------------------ */
/* show stat                                                           */

static const struct hs_command every = {HS_CMD_STAT, NULL, HS_MASK_ALL};
static const struct hs_command app = {HS_CMD_STAT, "app", 6};

START_TEST(test_answer_stat_good)
{
	struct fixture f;

	ck_assert_int_eq(read_stat(&f,
				   HDR "web,FRONTEND,OPEN,,,0,\napp,BACKEND,UP,0,0,1,\n\n"
				       "show stat;trailing answer\n",
				   &every, false),
			 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_NONE);
	ck_assert_uint_eq(frontends(&f), 1);
	/* the reader stops at the empty line */
	ck_assert_uint_eq(f.r.records, 4);
	teardown(&f);
}
END_TEST

START_TEST(test_answer_stat_no_such_proxy)
{
	struct fixture f;

	/* a named proxy that does not exist is missing, not an error */
	ck_assert_int_eq(read_stat(&f, "No such proxy.\n\n", &app, true), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_FILTER); /* named a backend, no BACKEND row */
	teardown(&f);
	ck_assert_int_eq(read_stat(&f, "No such proxy.\n\n", &app, false), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_NONE);
	teardown(&f);
	/* ... but followed by anything else it is not a stats answer */
	ck_assert_int_eq(read_stat(&f, "No such proxy.\ngarbage\n\n", &app, false), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_NOT_STATS);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "'garbage'"));
	teardown(&f);
	/* and for every proxy it is never expected */
	ck_assert_int_eq(read_stat(&f, "No such proxy.\n\n", &every, false), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_NOT_STATS);
	teardown(&f);
}
END_TEST

START_TEST(test_answer_stat_only_rows_of_the_named_proxy)
{
	struct fixture f;

	/* an unknown name falls back to a numeric id: another proxy's rows */
	ck_assert_int_eq(read_stat(&f, HDR "other,FRONTEND,OPEN,,,0,\n\n", &app, false), 0);
	ck_assert_uint_eq(frontends(&f), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_NONE);
	teardown(&f);
	/* named a backend, but its frontend twin was dumped */
	ck_assert_int_eq(read_stat(&f, HDR "app,FRONTEND,OPEN,,,0,\n\n", &app, true), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_FILTER);
	ck_assert_str_eq(f.doubt.why, "a frontend and a backend share a name");
	teardown(&f);
	ck_assert_int_eq(read_stat(&f, HDR "app,BACKEND,UP,0,0,1,\n\n", &app, true), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_NONE);
	teardown(&f);
}
END_TEST

START_TEST(test_answer_stat_truncated)
{
	struct fixture f;

	ck_assert_int_eq(read_stat(&f, HDR "web,FRONTEND,OPEN,,,0,\n", &every, false), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_TRUNCATED);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "ended after 1 rows"));
	teardown(&f);
	ck_assert_int_eq(read_stat(&f, HDR "web,FRONT", &every, false), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_TRUNCATED);
	teardown(&f);
}
END_TEST

START_TEST(test_answer_stat_empty)
{
	struct fixture f;

	ck_assert_int_eq(read_stat(&f, "", &every, false), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_EMPTY);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "closed the connection without an answer"));
	teardown(&f);
	ck_assert_int_eq(read_stat(&f, "\n", &every, false), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_EMPTY);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "no header"));
	teardown(&f);
	/* a header but no rows, where backends were asked for */
	ck_assert_int_eq(read_stat(&f, HDR "\n", &every, false), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_MALFORMED);
	teardown(&f);
	/* ... which is fine for a named proxy */
	ck_assert_int_eq(read_stat(&f, HDR "\n", &app, false), 0);
	teardown(&f);
}
END_TEST

START_TEST(test_answer_stat_checks_servers_state)
{
	struct hs_command backends = {HS_CMD_STAT, NULL, 11};
	struct hs_srvstate st;
	struct fixture f;

	hs_srvstate_init(&st);
	setup(&f, SS_HDR SS_UP("app", "s1") SS_UP("app", "s2") "\n");
	ck_assert_int_eq(hs_answer_servers_state(&f.r, &st, &f.doubt, &f.err), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_NONE);
	teardown(&f);
	/* act + bck count the two listed servers: taken as read */
	setup(&f, HDR "app,BACKEND,UP,2,0,1,\n\n");
	ck_assert_int_eq(hs_answer_stat(&f.r, &backends, false, &st, NULL, f.ev, &f.doubt, &f.err),
			 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_NONE);
	teardown(&f);
	/* a third server the summary did not list as plainly UP */
	setup(&f, HDR "app,BACKEND,UP,2,1,1,\nweb,BACKEND,UP,0,0,1,\n\n");
	ck_assert_int_eq(hs_answer_stat(&f.r, &backends, false, &st, NULL, f.ev, &f.doubt, &f.err),
			 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_SRVSTATE);
	ck_assert_str_eq(f.doubt.why, "backend app has 2 servers, not all of them usable");
	teardown(&f);
	hs_srvstate_free(&st);
}
END_TEST

/* ------------------------------------------------------------------ */
/* show servers state                                                  */

START_TEST(test_answer_servers_state)
{
	struct hs_srvstate st;
	struct fixture f;

	/* MAINT where the plan does not accept it */
	hs_srvstate_init(&st);
	st.accept = HS_SRV_BIT(HS_SRV_PLAIN);
	setup(&f, SS_HDR SS_UP("app", "s1") SS_MAINT("app", "s2") "\n");
	ck_assert_int_eq(hs_answer_servers_state(&f.r, &st, &f.doubt, &f.err), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_SRVSTATE);
	ck_assert_str_eq(f.doubt.why, st.why);
	ck_assert_str_eq(f.doubt.why, "server app/s2 needs its 'show stat' row");
	teardown(&f);
	hs_srvstate_free(&st);

	/* and where it does */
	hs_srvstate_init(&st);
	setup(&f, SS_HDR SS_UP("app", "s1") SS_MAINT("app", "s2") "\n");
	ck_assert_int_eq(hs_answer_servers_state(&f.r, &st, &f.doubt, &f.err), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_NONE);
	teardown(&f);
	hs_srvstate_free(&st);

	/* a server without a check beside a checked one may track it */
	hs_srvstate_init(&st);
	setup(&f, SS_HDR SS_UP("app", "s1") SS_NOCHECK("web", "t1") "\n");
	ck_assert_int_eq(hs_answer_servers_state(&f.r, &st, &f.doubt, &f.err), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_SRVSTATE);
	ck_assert_str_eq(f.doubt.why, "backend web has servers without a check of their own, "
				      "which may track another");
	teardown(&f);
	hs_srvstate_free(&st);

	/* none has a check: none can track */
	hs_srvstate_init(&st);
	setup(&f, SS_HDR SS_NOCHECK("app", "s1") SS_NOCHECK("web", "t1") "\n");
	ck_assert_int_eq(hs_answer_servers_state(&f.r, &st, &f.doubt, &f.err), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_NONE);
	teardown(&f);
	hs_srvstate_free(&st);

	hs_srvstate_init(&st);
	setup(&f, SS_HDR SS_UP("app", "s1"));
	ck_assert_int_eq(hs_answer_servers_state(&f.r, &st, &f.doubt, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_TRUNCATED);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "'show servers state' part ended after 3 lines"));
	teardown(&f);
	hs_srvstate_free(&st);

	hs_srvstate_init(&st);
	setup(&f, "");
	ck_assert_int_eq(hs_answer_servers_state(&f.r, &st, &f.doubt, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_EMPTY);
	teardown(&f);
	hs_srvstate_free(&st);
}
END_TEST

/* ------------------------------------------------------------------ */
/* show backend                                                        */

START_TEST(test_answer_backend_list)
{
	struct hs_plan plan = {.count = 4, .filtered = true};
	bool is_backend[HS_PLAN_COMMANDS_MAX] = {false};
	struct fixture f;

	plan.cmd[0] = (struct hs_command){HS_CMD_STAT, NULL, 9};
	plan.cmd[1] = (struct hs_command){HS_CMD_BACKEND_LIST, NULL, 0};
	plan.cmd[2] = (struct hs_command){HS_CMD_STAT, "app", 6};
	plan.cmd[3] = (struct hs_command){HS_CMD_STAT, "db", 6};
	setup(&f, "# name\napp\nweb\n\n");
	ck_assert_int_eq(hs_answer_backend_list(&f.r, &plan, is_backend, &f.doubt, &f.err), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_NONE);
	ck_assert(!is_backend[0] && !is_backend[1] && is_backend[2] && !is_backend[3]);
	teardown(&f);
	/* HAProxy < 1.7 */
	setup(&f, "Unknown command. Please enter one of the following commands only :\n"
		  "  help           : this message\n\n");
	ck_assert_int_eq(hs_answer_backend_list(&f.r, &plan, is_backend, &f.doubt, &f.err), 0);
	ck_assert_int_eq(f.doubt.kind, HS_DOUBT_FILTER);
	ck_assert_str_eq(f.doubt.why, "this HAProxy does not know 'show backend'");
	teardown(&f);
	setup(&f, "# name\napp\n");
	ck_assert_int_eq(hs_answer_backend_list(&f.r, &plan, is_backend, &f.doubt, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_TRUNCATED);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "'show backend' part ended after 2 lines"));
	teardown(&f);
	setup(&f, "");
	ck_assert_int_eq(hs_answer_backend_list(&f.r, &plan, is_backend, &f.doubt, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_EMPTY);
	teardown(&f);
}
END_TEST

/* ------------------------------------------------------------------ */
/* show info, show table                                               */

START_TEST(test_answer_info)
{
	struct hs_info info;
	struct fixture f;

	setup(&f, "Name: HAProxy\nVersion: 2.6.12\nCurrConns: 3\nMaxconn: 100\n\n");
	ck_assert_int_eq(hs_answer_info(&f.r, &info, f.ev, &f.err), 0);
	ck_assert_uint_eq(info.count, 4);
	teardown(&f);
	setup(&f, "\n");
	ck_assert_int_eq(hs_answer_info(&f.r, &info, f.ev, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_MALFORMED);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "'show info' returned nothing"));
	teardown(&f);
	setup(&f, "Name: HAProxy\nVersion: 2.6.12\n");
	ck_assert_int_eq(hs_answer_info(&f.r, &info, f.ev, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_TRUNCATED);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "'show info' part ended after 2 lines"));
	teardown(&f);
	setup(&f, "");
	ck_assert_int_eq(hs_answer_info(&f.r, &info, f.ev, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_EMPTY);
	teardown(&f);
}
END_TEST

START_TEST(test_answer_table)
{
	struct fixture f;

	setup(&f, "# table: web, type: ip, size:4, used:3\n"
		  "# table: peers1/big, type: string, size:1000, used:10\n\n");
	ck_assert_int_eq(hs_answer_table(&f.r, f.ev, &f.err), 0);
	teardown(&f);
	/* no table at all is a good answer */
	setup(&f, "\n");
	ck_assert_int_eq(hs_answer_table(&f.r, f.ev, &f.err), 0);
	teardown(&f);
	setup(&f, "Unknown command.\n\n");
	ck_assert_int_eq(hs_answer_table(&f.r, f.ev, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_NOT_STATS);
	teardown(&f);
	setup(&f, "# table: web, type: ip, size:4, used:3\n");
	ck_assert_int_eq(hs_answer_table(&f.r, f.ev, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_TRUNCATED);
	teardown(&f);
	setup(&f, "");
	ck_assert_int_eq(hs_answer_table(&f.r, f.ev, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_EMPTY);
	teardown(&f);
}
END_TEST

Suite *
make_answer_suite(void)
{
	Suite *s = suite_create("answer");
	TCase *stat = tcase_create("stat");
	TCase *other = tcase_create("other");

	tcase_add_test(stat, test_answer_stat_good);
	tcase_add_test(stat, test_answer_stat_no_such_proxy);
	tcase_add_test(stat, test_answer_stat_only_rows_of_the_named_proxy);
	tcase_add_test(stat, test_answer_stat_truncated);
	tcase_add_test(stat, test_answer_stat_empty);
	tcase_add_test(stat, test_answer_stat_checks_servers_state);
	suite_add_tcase(s, stat);

	tcase_add_test(other, test_answer_servers_state);
	tcase_add_test(other, test_answer_backend_list);
	tcase_add_test(other, test_answer_info);
	tcase_add_test(other, test_answer_table);
	suite_add_tcase(s, other);
	return s;
}
