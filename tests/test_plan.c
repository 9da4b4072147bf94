/* test_plan.c: planning: what a check asks for (hs_needs), in which order
 * and with which text (hs_plan), on every path: unfiltered, proxies by name
 * with "show backend", "show info" and "show table"
 * only for their metrics, name limits and fallbacks, and the rendering of
 * command text with its truncation.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hs_check.h"
#include "hs_needs.h"
#include "hs_plan.h"
#include "suites.h"
#include "test_run.h"

/* Renders <plan> as one line, the commands joined by ';' and ended by
 * '\n', into <buf> of <size> bytes; returns <buf>.
 */
static const char *
line_of(const struct hs_plan *plan, char *buf, size_t size)
{
	ck_assert(hs_plan_text(plan, buf, size - 1));
	strcat(buf, "\n");
	return buf;
}

/* Number of commands of <kind> in <plan>. */
static size_t
count_kind(const struct hs_plan *plan, enum hs_cmd_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < plan->count; i++)
		n += plan->cmd[i].kind == kind;
	return n;
}

static void
assert_cmd(const struct hs_command *cmd, enum hs_cmd_kind kind, const char *proxy, unsigned mask)
{
	ck_assert_int_eq(cmd->kind, kind);
	if (proxy == NULL)
		ck_assert_ptr_null(cmd->proxy);
	else
		ck_assert_str_eq(cmd->proxy, proxy);
	ck_assert_uint_eq(cmd->mask, mask);
}

/* Plans the check for <opts> on a unix socket (or, with <file>, --input)
 * into <plan>, and renders it as one line into <line> of <size> bytes
 * while the configuration its proxy names point into is alive.
 */
static void
plan_for(struct hs_plan *plan, bool file, const char *const *opts, char *line, size_t size)
{
	struct hs_check_config cfg;
	struct hs_error err = {0};

	hs_check_config_init(&cfg);
	run_set_endpoint(&cfg, (struct hs_endpoint){.kind = file ? HS_EP_FILE : HS_EP_UNIX,
						    .path = "/nonexistent.sock"});
	run_options(&cfg, opts);
	ck_assert_msg(hs_check_plan(&cfg, plan, &err) == 0, "%s", err.msg);
	line_of(plan, line, size);
	hs_check_config_free(&cfg);
}

#define ALL_SERVERS_OK                                                                             \
	"--policy=backend.backup-only=ok", "--policy=server.down=ok",                              \
		"--policy=server.down-last=ok", "--policy=backup.down=ok",                         \
		"--policy=server.nocookie=ok"

static const struct {
	const char *name;
	bool file;
	const char *opts[12];
	const char *line;
	bool info, table;
	size_t nstat;
} plans[] = {
	{"default", false, {NULL}, "show stat\n", false, false, 1},
	{"info metric", false, {"-winfo.conn_pct=80"}, "show info;show stat\n", true, false, 1},
	{"info field", false, {"-cinfo.CurrConns=8"}, "show info;show stat\n", true, false, 1},
	{"table metric", false, {"-wtable.used=8"}, "show stat;show table\n", false, true, 1},
	{"both",
	 false,
	 {"-wtable.used_pct=8", "-winfo.sessrate_pct=1"},
	 "show info;show stat;show table\n",
	 true,
	 true,
	 1},
	/* names HAProxy would otherwise read as a number: sent as names, and
	 * every proxy is never "-1" (see hs_plan.h) */
	{"numeric names",
	 false,
	 {"--proxy=-1", "--proxy=0", "--proxy=4", "--proxy=007"},
	 "show stat -1# 9 -1;show backend;show stat -1 6 -1;show stat 0 6 -1;"
	 "show stat 4 6 -1;show stat 007 6 -1\n",
	 false,
	 false,
	 5},
	/* "show stat domain ..." is a keyword on 2.3+: every proxy instead */
	{"a proxy named domain", false, {"--proxy=domain"}, "show stat\n", false, false, 1},
	{"domain beside another name",
	 false,
	 {"--proxy=app", "--proxy=domain"},
	 "show stat\n",
	 false,
	 false,
	 1},
	{"a name holding domain",
	 false,
	 {"--proxy=domains"},
	 "show stat -1# 9 -1;show backend;show stat domains 6 -1\n",
	 false,
	 false,
	 2},
	{"one proxy",
	 false,
	 {"--proxy=app"},
	 "show stat -1# 9 -1;show backend;show stat app 6 -1\n",
	 false,
	 false,
	 2},
	{"two proxies",
	 false,
	 {"--proxy=app", "--proxy=web_1:x-y"},
	 "show stat -1# 9 -1;show backend;show stat app 6 -1;show stat web_1:x-y 6 -1\n",
	 false,
	 false,
	 3},
	{"proxy + info + table",
	 false,
	 {"--proxy=app", "-winfo.conn_pct=1", "-wtable.used=1"},
	 "show info;show stat -1# 9 -1;show backend;show stat app 6 -1;show table\n",
	 true,
	 true,
	 2},
	/* the same name twice must be asked for once, or its rows count twice */
	{"same proxy twice",
	 false,
	 {"--proxy=app", "--proxy=app"},
	 "show stat -1# 9 -1;show backend;show stat app 6 -1\n",
	 false,
	 false,
	 2},
	{"proxy with '.'", false, {"--proxy=ap.p"}, "show stat\n", false, false, 1},
	/* what --discover writes: '.' as "[.]" (or "\."), still one name */
	{"proxy with '.' written [.]",
	 false,
	 {"--proxy=a[.]b"},
	 "show stat -1# 9 -1;show backend;show stat a.b 6 -1\n",
	 false,
	 false,
	 2},
	{"proxy with '.' written \\.",
	 false,
	 {"--proxy=st:a\\.b-1"},
	 "show stat -1# 9 -1;show backend;show stat st:a.b-1 6 -1\n",
	 false,
	 false,
	 2},
	{"[.] beside a wildcard", false, {"--proxy=a[.]b.*"}, "show stat\n", false, false, 1},
	{"proxy regex", false, {"--proxy=^app$"}, "show stat\n", false, false, 1},
	{"one plain one regex",
	 false,
	 {"--proxy=app", "--proxy=we*"},
	 "show stat\n",
	 false,
	 false,
	 1},
	{"proxy + expected other",
	 false,
	 {"--proxy=app", "--expect=db"},
	 "show stat -1# 9 -1;show backend;show stat app 6 -1;show stat db 6 -1\n",
	 false,
	 false,
	 3},
	{"proxy + expected server of other",
	 false,
	 {"--proxy=app", "--expect=db/s1"},
	 "show stat -1# 9 -1;show backend;show stat app 6 -1;show stat db 6 -1\n",
	 false,
	 false,
	 3},
	{"proxy + expected same",
	 false,
	 {"--proxy=app", "--expect=app", "--expect=app/s1"},
	 "show stat -1# 9 -1;show backend;show stat app 6 -1\n",
	 false,
	 false,
	 2},
	{"expect alone", false, {"--expect=db"}, "show stat\n", false, false, 1},
	{"exclude-proxy is no filter",
	 false,
	 {"--exclude-proxy=app"},
	 "show stat\n",
	 false,
	 false,
	 1},
	{"input never filtered",
	 true,
	 {"--proxy=app", "--expect=db"},
	 "show stat\n",
	 false,
	 false,
	 1},
	{"input with info",
	 true,
	 {"--proxy=app", "-winfo.conn_pct=1"},
	 "show info;show stat\n",
	 true,
	 false,
	 1},
	{"perfdata none alone", false, {"--perfdata=none"}, "show stat\n", false, false, 1},
	{"perfdata none, servers ok",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK},
	 "show stat -1# 11 -1\n",
	 false,
	 false,
	 1},
	{"perfdata none, servers and listeners ok",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok"},
	 "show stat -1# 3 -1\n",
	 false,
	 false,
	 1},
	{"same + proxy",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok", "--proxy=app"},
	 "show stat -1# 1 -1;show backend;show stat app 2 -1\n",
	 false,
	 false,
	 2},
	{"listener rule needs listeners",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok", "-clistener.scur=5"},
	 "show stat -1# 11 -1\n",
	 false,
	 false,
	 1},
	{"up rule needs servers",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok", "-cup=1:"},
	 "show stat -1# 7 -1\n",
	 false,
	 false,
	 1},
	{"server rule needs servers",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok", "-cqueue_pct=50"},
	 "show stat -1# 7 -1\n",
	 false,
	 false,
	 1},
	{"server selection needs servers",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok", "--server=s1"},
	 "show stat -1# 7 -1\n",
	 false,
	 false,
	 1},
	{"expected server needs servers",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok", "--expect=app/s1"},
	 "show stat -1# 7 -1\n",
	 false,
	 false,
	 1},
	{"expected proxy needs no servers",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok", "--expect=app"},
	 "show stat -1# 3 -1\n",
	 false,
	 false,
	 1},
	{"a server policy line not ok",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok",
	  "--policy=server.maint=warning"},
	 "show stat -1# 7 -1\n",
	 false,
	 false,
	 1},
	{"summary perfdata needs servers",
	 false,
	 {"--perfdata=summary", ALL_SERVERS_OK, "--policy=listener.full=ok"},
	 "show stat -1# 7 -1\n",
	 false,
	 false,
	 1},
	{"servers perfdata needs listeners",
	 false,
	 {"--perfdata=servers", ALL_SERVERS_OK, "--policy=listener.full=ok"},
	 "show stat\n",
	 false,
	 false,
	 1},
	{"--list needs everything",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok", "--list"},
	 "show stat\n",
	 false,
	 false,
	 1},
	{"-v needs everything",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok", "-v"},
	 "show stat\n",
	 false,
	 false,
	 1},
	/* whether a server has a cookie value is in its row alone */
	{"server.nocookie not ok needs the server rows",
	 false,
	 {"--perfdata=none", "--policy=backend.backup-only=ok", "--policy=server.down=ok",
	  "--policy=server.down-last=ok", "--policy=backup.down=ok", "--policy=listener.full=ok"},
	 "show stat -1# 7 -1\n",
	 false,
	 false,
	 1},
	{"server.up not ok needs the server rows",
	 false,
	 {"--policy=server.up=warning"},
	 "show stat\n",
	 false,
	 false,
	 1},
	{"excluded servers need the server rows",
	 false,
	 {"--exclude-server=s1"},
	 "show stat\n",
	 false,
	 false,
	 1},
	{"frontend rule only",
	 false,
	 {"--perfdata=none", ALL_SERVERS_OK, "--policy=listener.full=ok", "-crate_pct=50", "-c10"},
	 "show stat -1# 3 -1\n",
	 false,
	 false,
	 1},
};

START_TEST(test_plan_line)
{
	struct hs_plan plan;
	char line[HS_PLAN_LINE_MAX];

	plan_for(&plan, plans[_i].file, plans[_i].opts, line, sizeof(line));
	ck_assert_msg(strcmp(line, plans[_i].line) == 0, "%s: '%s' want '%s'", plans[_i].name, line,
		      plans[_i].line);
	ck_assert_msg((count_kind(&plan, HS_CMD_INFO) == 1) == plans[_i].info, "%s: info",
		      plans[_i].name);
	ck_assert_msg((count_kind(&plan, HS_CMD_TABLE) == 1) == plans[_i].table, "%s: table",
		      plans[_i].name);
	ck_assert_msg(count_kind(&plan, HS_CMD_STAT) == plans[_i].nstat, "%s: nstat %zu",
		      plans[_i].name, count_kind(&plan, HS_CMD_STAT));
}
END_TEST

START_TEST(test_plan_stat_proxies_in_order)
{
	static const char *const opts[] = {"--proxy=app", "--proxy=web", "--expect=db", NULL};
	struct hs_check_config cfg;
	struct hs_error err = {0};
	struct hs_plan plan;

	/* the proxy names point into the configuration: keep it alive */
	hs_check_config_init(&cfg);
	run_set_endpoint(&cfg,
			 (struct hs_endpoint){.kind = HS_EP_UNIX, .path = "/nonexistent.sock"});
	run_options(&cfg, opts);
	ck_assert_int_eq(hs_check_plan(&cfg, &plan, &err), 0);
	ck_assert_uint_eq(plan.count, 5);
	assert_cmd(&plan.cmd[0], HS_CMD_STAT, NULL, 9); /* frontends of every proxy */
	assert_cmd(&plan.cmd[1], HS_CMD_BACKEND_LIST, NULL, 0);
	assert_cmd(&plan.cmd[2], HS_CMD_STAT, "app", 6);
	assert_cmd(&plan.cmd[3], HS_CMD_STAT, "web", 6);
	assert_cmd(&plan.cmd[4], HS_CMD_STAT, "db", 6);
	ck_assert(plan.filtered);
	ck_assert_uint_eq(plan.mask, 15);
	hs_check_config_free(&cfg);
}
END_TEST

START_TEST(test_plan_too_many_proxies_falls_back)
{
	char names[40][16];
	const char *opts[41];
	struct hs_plan plan;
	char line[HS_PLAN_LINE_MAX];
	int i;

	for (i = 0; i < 33; i++) {
		snprintf(names[i], sizeof(names[i]), "--proxy=p%02d", i);
		opts[i] = names[i];
	}
	/* 32 names: one command each */
	opts[32] = NULL;
	plan_for(&plan, false, opts, line, sizeof(line));
	ck_assert_uint_eq(count_kind(&plan, HS_CMD_STAT), 33);
	ck_assert_uint_eq(plan.count, HS_PLAN_COMMANDS_MAX - 2); /* no info, table */
	ck_assert_ptr_nonnull(strstr(
		line, "show stat -1# 9 -1;show backend;show stat p00 6 -1;show stat p01 6 -1;"));
	ck_assert_ptr_nonnull(strstr(line, ";show stat p31 6 -1\n"));
	/* 33: one unfiltered dump */
	opts[32] = names[32];
	opts[33] = NULL;
	plan_for(&plan, false, opts, line, sizeof(line));
	ck_assert_str_eq(line, "show stat\n");
	ck_assert_uint_eq(count_kind(&plan, HS_CMD_STAT), 1);
	ck_assert_ptr_null(plan.cmd[1].proxy);
	/* 31 names plus 2 expected proxies: 33 */
	opts[31] = "--expect=e1";
	opts[32] = "--expect=e2";
	plan_for(&plan, false, opts, line, sizeof(line));
	ck_assert_str_eq(line, "show stat\n");
}
END_TEST

START_TEST(test_plan_too_long_line_falls_back)
{
	static char names[8][240];
	const char *opts[9];
	struct hs_plan plan;
	char line[HS_PLAN_LINE_MAX];
	int i;

	/* 8 names of 230 bytes: over HS_PLAN_LINE_MAX */
	for (i = 0; i < 8; i++) {
		int n = snprintf(names[i], sizeof(names[i]), "--proxy=%d", i);

		memset(names[i] + n, 'x', 230 - (size_t)n);
		names[i][230] = '\0';
		opts[i] = names[i];
	}
	opts[8] = NULL;
	plan_for(&plan, false, opts, line, sizeof(line));
	ck_assert_str_eq(line, "show stat\n");
	ck_assert_uint_eq(plan.count, 1);
	ck_assert(!plan.filtered);
	/* 4 of them fit */
	opts[4] = NULL;
	plan_for(&plan, false, opts, line, sizeof(line));
	ck_assert(plan.filtered);
	ck_assert_uint_eq(count_kind(&plan, HS_CMD_STAT), 5);
}
END_TEST

START_TEST(test_plan_name_validation)
{
	static const char *const bad[] = {"a;b", "a b", "a\nb", "", "a\tb", "show stat;shutdown"};
	struct hs_plan_needs needs = {0};
	struct hs_plan plan;
	char line[HS_PLAN_LINE_MAX];
	size_t i;

	needs.mask = HS_MASK_ALL;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hs_error err = {0};

		needs.proxy[0] = "good";
		needs.proxy[1] = bad[i];
		needs.nproxy = 2;
		ck_assert_msg(hs_plan_build(&needs, &plan, &err) == -1, "'%s' accepted", bad[i]);
		ck_assert_int_eq(err.code, HS_ERR_USAGE);
		ck_assert(!hs_name_valid(bad[i]));
	}
	/* a valid name with every allowed character */
	{
		struct hs_error err = {0};

		needs.proxy[0] = "Az09._:-";
		needs.nproxy = 1;
		ck_assert_int_eq(hs_plan_build(&needs, &plan, &err), 0);
		ck_assert_str_eq(line_of(&plan, line, sizeof(line)),
				 "show stat -1# 9 -1;show backend;show stat Az09._:- 6 -1\n");
	}
}
END_TEST

START_TEST(test_plan_regex_proxy_never_sent)
{
	/* a pattern that is not a plain name is never put on the line */
	static const char *const opts[] = {"--proxy=a;b", NULL};
	struct hs_plan plan;
	char line[HS_PLAN_LINE_MAX];

	plan_for(&plan, false, opts, line, sizeof(line));
	ck_assert_str_eq(line, "show stat\n");
}
END_TEST

/* ------------------------------------------------------------------ */
/* hs_plan_build from needs                                            */

START_TEST(test_plan_build_order_unfiltered)
{
	struct hs_plan_needs needs = {.info = true, .table = true};
	struct hs_error err = {0};
	struct hs_plan plan;
	char line[HS_PLAN_LINE_MAX];

	needs.mask = HS_MASK_ALL;
	ck_assert_int_eq(hs_plan_build(&needs, &plan, &err), 0);
	ck_assert_uint_eq(plan.count, 3);
	assert_cmd(&plan.cmd[0], HS_CMD_INFO, NULL, 0);
	assert_cmd(&plan.cmd[1], HS_CMD_STAT, NULL, HS_MASK_ALL);
	assert_cmd(&plan.cmd[2], HS_CMD_TABLE, NULL, 0);
	ck_assert(!plan.filtered);
	ck_assert_uint_eq(plan.mask, HS_MASK_ALL);
	ck_assert_str_eq(line_of(&plan, line, sizeof(line)), "show info;show stat;show table\n");
}
END_TEST

START_TEST(test_plan_build_always_frontends_and_backends)
{
	struct hs_plan_needs needs = {0};
	struct hs_error err = {0};
	struct hs_plan plan;

	needs.mask = 0;
	ck_assert_int_eq(hs_plan_build(&needs, &plan, &err), 0);
	ck_assert_uint_eq(plan.count, 1);
	assert_cmd(&plan.cmd[0], HS_CMD_STAT, NULL, 3);
	/* bits outside the four types are never sent */
	needs.mask = 0xf0u | HS_MASK_SERVERS;
	ck_assert_int_eq(hs_plan_build(&needs, &plan, &err), 0);
	assert_cmd(&plan.cmd[0], HS_CMD_STAT, NULL, 7);
}
END_TEST

START_TEST(test_plan_build_by_name_order)
{
	struct hs_plan_needs needs = {.info = true, .table = true, .nproxy = 3};
	struct hs_error err = {0};
	struct hs_plan plan;
	char line[HS_PLAN_LINE_MAX];

	needs.mask = HS_MASK_ALL;
	needs.proxy[0] = "app";
	needs.proxy[1] = "web";
	needs.proxy[2] = "app"; /* asked once, or its rows count twice */
	ck_assert_int_eq(hs_plan_build(&needs, &plan, &err), 0);
	ck_assert(plan.filtered);
	ck_assert_uint_eq(plan.count, 6);
	assert_cmd(&plan.cmd[0], HS_CMD_INFO, NULL, 0);
	assert_cmd(&plan.cmd[1], HS_CMD_STAT, NULL, 9);
	assert_cmd(&plan.cmd[2], HS_CMD_BACKEND_LIST, NULL, 0);
	assert_cmd(&plan.cmd[3], HS_CMD_STAT, "app", 6);
	assert_cmd(&plan.cmd[4], HS_CMD_STAT, "web", 6);
	assert_cmd(&plan.cmd[5], HS_CMD_TABLE, NULL, 0);
	ck_assert_str_eq(line_of(&plan, line, sizeof(line)),
			 "show info;show stat -1# 9 -1;show backend;show stat app 6 -1;show stat "
			 "web 6 -1;show table\n");
}
END_TEST

START_TEST(test_plan_build_impossible_count_asks_every_proxy)
{
	struct hs_plan_needs needs = {.nproxy = HS_PLAN_PROXIES_MAX + 1};
	struct hs_error err = {0};
	struct hs_plan plan;

	needs.mask = HS_MASK_ALL;
	ck_assert_int_eq(hs_plan_build(&needs, &plan, &err), 0);
	ck_assert(!plan.filtered);
	ck_assert_uint_eq(plan.count, 1);
	assert_cmd(&plan.cmd[0], HS_CMD_STAT, NULL, HS_MASK_ALL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* hs_needs: what may not be used after answers showed it untrusted    */

/* Computes the needs of <opts> (on a socket, or <saved>) into <needs>;
 * <cfg> is kept for the names <needs> points to.
 */
static void
needs_for(struct hs_check_config *cfg, const char *const *opts, bool saved,
	  struct hs_plan_needs *needs)
{
	struct hs_eval_config ecfg;
	struct hs_needs_source src;

	hs_check_config_init(cfg);
	run_set_endpoint(cfg, (struct hs_endpoint){.kind = saved ? HS_EP_FILE : HS_EP_UNIX,
						   .path = "/nonexistent.sock"});
	run_options(cfg, opts);
	ecfg = hs_check_eval_config(cfg);
	src = (struct hs_needs_source){.eval = &ecfg, .saved = saved};
	hs_needs_compute(&src, needs);
}

START_TEST(test_plan_needs_proxy_names)
{
	static const char *const opts[] = {"--proxy=app", "--expect=db", NULL};
	struct hs_check_config cfg;
	struct hs_plan_needs needs;

	needs_for(&cfg, opts, false, &needs);
	ck_assert_uint_eq(needs.nproxy, 2);
	ck_assert_str_eq(needs.proxy[0], "app");
	ck_assert_str_eq(needs.proxy[1], "db");
	hs_check_config_free(&cfg);
	/* a saved dump holds what it holds: no filter */
	needs_for(&cfg, opts, true, &needs);
	ck_assert_uint_eq(needs.nproxy, 0);
	hs_check_config_free(&cfg);
}
END_TEST

START_TEST(test_plan_needs_info_and_table_only_for_their_metrics)
{
	static const char *const frontend[] = {"-wfrontend.scur=10", NULL};
	static const char *const info[] = {"-winfo.conn_pct=80", NULL};
	static const char *const table[] = {"-ctable.used=8", NULL};
	struct hs_check_config cfg;
	struct hs_plan_needs needs;

	needs_for(&cfg, frontend, false, &needs);
	ck_assert(!needs.info && !needs.table);
	hs_check_config_free(&cfg);
	needs_for(&cfg, info, false, &needs);
	ck_assert(needs.info && !needs.table);
	hs_check_config_free(&cfg);
	needs_for(&cfg, table, false, &needs);
	ck_assert(!needs.info && needs.table);
	hs_check_config_free(&cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* command text                                                        */

START_TEST(test_plan_command_text_each_kind)
{
	static const struct {
		struct hs_command cmd;
		const char *text;
	} cases[] = {
		{{.kind = HS_CMD_INFO, .proxy = NULL, .mask = 0}, "show info"},
		{{.kind = HS_CMD_STAT, .proxy = NULL, .mask = HS_MASK_ALL}, "show stat"},
		{{.kind = HS_CMD_STAT, .proxy = NULL, .mask = 11}, "show stat -1# 11 -1"},
		{{.kind = HS_CMD_STAT, .proxy = "app", .mask = 6}, "show stat app 6 -1"},
		{{.kind = HS_CMD_STAT, .proxy = "app", .mask = HS_MASK_ALL}, "show stat app 15 -1"},
		/* the reader's filter is never sent */
		{{.kind = HS_CMD_STAT, .proxy = NULL, .mask = 6, .only = "app"},
		 "show stat -1# 6 -1"},
		{{.kind = HS_CMD_BACKEND_LIST, .proxy = NULL, .mask = 0}, "show backend"},
		{{.kind = HS_CMD_TABLE, .proxy = NULL, .mask = 0}, "show table"},
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert(hs_command_text(&cases[i].cmd, buf, sizeof(buf)));
		ck_assert_str_eq(buf, cases[i].text);
	}
}
END_TEST

START_TEST(test_plan_command_text_truncation)
{
	const struct hs_command cmd = {.kind = HS_CMD_STAT, .proxy = "app", .mask = 6};
	char buf[32];

	/* "show stat app 6 -1" is 18 bytes */
	ck_assert(hs_command_text(&cmd, buf, 19));
	ck_assert_str_eq(buf, "show stat app 6 -1");
	ck_assert(!hs_command_text(&cmd, buf, 18));
	ck_assert_str_eq(buf, "show stat app 6 -"); /* cut, but terminated */
	ck_assert(!hs_command_text(&cmd, buf, 1));
	ck_assert_str_eq(buf, "");
	memcpy(buf, "untouched", 10);
	ck_assert(!hs_command_text(&cmd, buf, 0));
	ck_assert_str_eq(buf, "untouched");
}
END_TEST

START_TEST(test_plan_text_truncation)
{
	struct hs_plan plan = {.count = 2};
	char buf[64];

	plan.cmd[0] = (struct hs_command){.kind = HS_CMD_INFO, .proxy = NULL, .mask = 0};
	plan.cmd[1] = (struct hs_command){.kind = HS_CMD_STAT, .proxy = NULL, .mask = HS_MASK_ALL};
	/* "show info;show stat" is 19 bytes */
	ck_assert(hs_plan_text(&plan, buf, 20));
	ck_assert_str_eq(buf, "show info;show stat");
	ck_assert(!hs_plan_text(&plan, buf, 19));
	ck_assert(!hs_plan_text(&plan, buf, 10)); /* no room after "show info" for ';' */
	ck_assert(!hs_plan_text(&plan, buf, 0));
	plan.count = 0;
	ck_assert(hs_plan_text(&plan, buf, 1));
	ck_assert_str_eq(buf, "");
}
END_TEST

Suite *
make_plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *check = tcase_create("check");
	TCase *build = tcase_create("build");
	TCase *needs = tcase_create("needs");
	TCase *text = tcase_create("text");

	tcase_add_loop_test(check, test_plan_line, 0, sizeof(plans) / sizeof(plans[0]));
	tcase_add_test(check, test_plan_stat_proxies_in_order);
	tcase_add_test(check, test_plan_too_many_proxies_falls_back);
	tcase_add_test(check, test_plan_too_long_line_falls_back);
	tcase_add_test(check, test_plan_regex_proxy_never_sent);
	suite_add_tcase(s, check);

	tcase_add_test(build, test_plan_name_validation);
	tcase_add_test(build, test_plan_build_order_unfiltered);
	tcase_add_test(build, test_plan_build_always_frontends_and_backends);
	tcase_add_test(build, test_plan_build_by_name_order);
	tcase_add_test(build, test_plan_build_impossible_count_asks_every_proxy);
	suite_add_tcase(s, build);

	tcase_add_test(needs, test_plan_needs_proxy_names);
	tcase_add_test(needs, test_plan_needs_info_and_table_only_for_their_metrics);
	suite_add_tcase(s, needs);

	tcase_add_test(text, test_plan_command_text_each_kind);
	tcase_add_test(text, test_plan_command_text_truncation);
	tcase_add_test(text, test_plan_text_truncation);
	suite_add_tcase(s, text);
	return s;
}
