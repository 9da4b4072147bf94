/* test_answer.c: the reader of each command kind's answer (hs_answer.h),
 * fed through a pipe: a good answer, "No such proxy.", a truncated one, an
 * empty one, and an unknown command's answer where "show backend" was
 * asked; the stick table entry counts of table.gt rules, from saved
 * answers.
 */
#include <check.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "hs_answer.h"
#include "hs_check.h"
#include "hs_time.h"
#include "suites.h"
#include "test_run.h"

#define HDR "# pxname,svname,status,act,bck,type,\n"

/* One reader fed <text>, and an evaluation with the default configuration. */
struct fixture {
	struct hs_check_config cfg;
	struct hs_eval_config ecfg;
	struct hs_report rep;
	struct hs_eval *ev;
	struct hs_reader r;
	bool saw_backend; /* hs_answer_stat() fed a BACKEND row */
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

/* Reads <text> as the answer to <cmd>; returns the reader's return. */
static int
read_stat(struct fixture *f, const char *text, const struct hs_command *cmd)
{
	setup(f, text);
	return hs_answer_stat(&f->r, cmd, f->ev, &f->saw_backend, &f->err);
}

/* ------------------------------------------------------------------ */
/* show stat                                                           */

static const struct hs_command every = {.kind = HS_CMD_STAT, .proxy = NULL, .mask = HS_MASK_ALL};
static const struct hs_command app = {.kind = HS_CMD_STAT, .proxy = "app", .mask = 6};
/* app's rows of every proxy's (its frontend twin was dumped) */
static const struct hs_command app_only = {
	.kind = HS_CMD_STAT, .proxy = NULL, .mask = 6, .only = "app"};

START_TEST(test_answer_stat_good)
{
	struct fixture f;

	ck_assert_int_eq(read_stat(&f,
				   HDR "web,FRONTEND,OPEN,,,0,\napp,BACKEND,UP,0,0,1,\n\n"
				       "show stat;trailing answer\n",
				   &every),
			 0);
	ck_assert(f.saw_backend);
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
	ck_assert_int_eq(read_stat(&f, "No such proxy.\n\n", &app), 0);
	ck_assert(!f.saw_backend);
	teardown(&f);
	/* ... but followed by anything else it is not a stats answer */
	ck_assert_int_eq(read_stat(&f, "No such proxy.\ngarbage\n\n", &app), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_NOT_STATS);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "'garbage'"));
	teardown(&f);
	/* and for every proxy it is never expected */
	ck_assert_int_eq(read_stat(&f, "No such proxy.\n\n", &every), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_NOT_STATS);
	teardown(&f);
}
END_TEST

START_TEST(test_answer_stat_only_rows_of_the_named_proxy)
{
	struct fixture f;

	/* an unknown name falls back to a numeric id: another proxy's rows */
	ck_assert_int_eq(read_stat(&f, HDR "other,FRONTEND,OPEN,,,0,\n\n", &app), 0);
	ck_assert_uint_eq(frontends(&f), 0);
	teardown(&f);
	/* named a backend, but its frontend twin was dumped */
	ck_assert_int_eq(read_stat(&f, HDR "app,FRONTEND,OPEN,,,0,\n\n", &app), 0);
	ck_assert(!f.saw_backend);
	teardown(&f);
	ck_assert_int_eq(read_stat(&f, HDR "app,BACKEND,UP,0,0,1,\n\n", &app), 0);
	ck_assert(f.saw_backend);
	teardown(&f);
	/* from every proxy's rows, app's alone */
	ck_assert_int_eq(
		read_stat(&f, HDR "web,BACKEND,UP,0,0,1,\napp,BACKEND,UP,0,0,1,\n\n", &app_only),
		0);
	ck_assert(f.saw_backend);
	ck_assert_uint_eq(f.rep.objects[HS_OBJ_BACKEND], 1);
	teardown(&f);
	ck_assert_int_eq(read_stat(&f, HDR "web,BACKEND,UP,0,0,1,\n\n", &app_only), 0);
	ck_assert(!f.saw_backend);
	teardown(&f);
}
END_TEST

START_TEST(test_answer_stat_truncated)
{
	struct fixture f;

	ck_assert_int_eq(read_stat(&f, HDR "web,FRONTEND,OPEN,,,0,\n", &every), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_TRUNCATED);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "ended after 1 rows"));
	teardown(&f);
	ck_assert_int_eq(read_stat(&f, HDR "web,FRONT", &every), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_TRUNCATED);
	teardown(&f);
}
END_TEST

START_TEST(test_answer_stat_empty)
{
	struct fixture f;

	ck_assert_int_eq(read_stat(&f, "", &every), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_EMPTY);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "closed the connection without an answer"));
	teardown(&f);
	ck_assert_int_eq(read_stat(&f, "\n", &every), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_EMPTY);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "no header"));
	teardown(&f);
	/* a header but no rows, where backends were asked for */
	ck_assert_int_eq(read_stat(&f, HDR "\n", &every), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_MALFORMED);
	teardown(&f);
	/* ... which is fine for a named proxy */
	ck_assert_int_eq(read_stat(&f, HDR "\n", &app), 0);
	teardown(&f);
}
END_TEST

/* ------------------------------------------------------------------ */
/* show backend                                                        */

START_TEST(test_answer_backend_list)
{
	struct hs_plan plan = {.count = 4, .filtered = true};
	bool is_backend[HS_PLAN_COMMANDS_MAX] = {false};
	struct fixture f;

	plan.cmd[0] = (struct hs_command){.kind = HS_CMD_STAT, .proxy = NULL, .mask = 9};
	plan.cmd[1] = (struct hs_command){.kind = HS_CMD_BACKEND_LIST, .proxy = NULL, .mask = 0};
	plan.cmd[2] = (struct hs_command){.kind = HS_CMD_STAT, .proxy = "app", .mask = 6};
	plan.cmd[3] = (struct hs_command){.kind = HS_CMD_STAT, .proxy = "db", .mask = 6};
	setup(&f, "# name\napp\nweb\n\n");
	ck_assert_int_eq(hs_answer_backend_list(&f.r, &plan, is_backend, &f.err), 1);
	ck_assert(!is_backend[0] && !is_backend[1] && is_backend[2] && !is_backend[3]);
	teardown(&f);
	/* HAProxy < 1.7 */
	setup(&f, "Unknown command. Please enter one of the following commands only :\n"
		  "  help           : this message\n\n");
	ck_assert_int_eq(hs_answer_backend_list(&f.r, &plan, is_backend, &f.err), 0);
	teardown(&f);
	setup(&f, "# name\napp\n");
	ck_assert_int_eq(hs_answer_backend_list(&f.r, &plan, is_backend, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_TRUNCATED);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "'show backend' part ended after 2 lines"));
	teardown(&f);
	setup(&f, "");
	ck_assert_int_eq(hs_answer_backend_list(&f.r, &plan, is_backend, &f.err), -1);
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
	ck_assert_int_eq(hs_answer_table(NULL, &f.r, f.ev, &f.err), 0);
	teardown(&f);
	/* no table at all is a good answer */
	setup(&f, "\n");
	ck_assert_int_eq(hs_answer_table(NULL, &f.r, f.ev, &f.err), 0);
	teardown(&f);
	setup(&f, "Unknown command.\n\n");
	ck_assert_int_eq(hs_answer_table(NULL, &f.r, f.ev, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_NOT_STATS);
	teardown(&f);
	setup(&f, "# table: web, type: ip, size:4, used:3\n");
	ck_assert_int_eq(hs_answer_table(NULL, &f.r, f.ev, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_TRUNCATED);
	teardown(&f);
	setup(&f, "");
	ck_assert_int_eq(hs_answer_table(NULL, &f.r, f.ev, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_EMPTY);
	teardown(&f);
}
END_TEST

/* A whole check of saved answers: "show table", then the query of each
 * table a table.gt rule applies to, in turn.
 */
START_TEST(test_answer_table_gt_counts_saved_answers)
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
	suite_add_tcase(s, stat);

	tcase_add_test(other, test_answer_backend_list);
	tcase_add_test(other, test_answer_info);
	tcase_add_test(other, test_answer_table);
	tcase_add_test(other, test_answer_table_gt_counts_saved_answers);
	suite_add_tcase(s, other);
	return s;
}
