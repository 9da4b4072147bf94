/* test_srvstate.c: "show servers state" as a health summary (hs_srvstate.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "hs_srvstate.h"
#include "suites.h"

/* The 2.6.12 version and header lines, and a plainly UP server of it. */
#define SS_VERSION "1"
#define SS_HEADER                                                                                  \
	"# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight "       \
	"srv_iweight srv_time_since_last_change srv_check_status srv_check_result "                \
	"srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id "         \
	"srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr "                   \
	"srv_agent_addr srv_agent_port"
#define SS_UP "4 be_app 1 s1 127.0.0.1 2 0 1 1 31 15 3 3 6 0 0 0 - 47081 - 0 0 - - 0"

/* Feeds one line (copied: hs_srvstate_line() modifies it). */
static void
feed(struct hs_srvstate *st, const char *line)
{
	struct hs_error err = {0};
	char *copy = strdup(line);

	ck_assert_ptr_nonnull(copy);
	ck_assert_int_eq(hs_srvstate_line(st, copy, &err), 0);
	ck_assert_int_eq(err.code, HS_ERR_NONE);
	free(copy);
}

/* Feeds the version and header lines, then <line>. */
static void
feed_one_server(struct hs_srvstate *st, const char *line)
{
	hs_srvstate_init(st);
	feed(st, SS_VERSION);
	feed(st, SS_HEADER);
	ck_assert(!st->unusable);
	feed(st, line);
}

/* Feeds the answer in fixture <name> up to its terminating empty line. */
static void
feed_fixture(struct hs_srvstate *st, const char *name)
{
	char *buf = fixture_read(name, NULL), *line = buf, *nl;

	while ((nl = strchr(line, '\n')) != NULL && nl != line) {
		*nl = '\0';
		feed(st, line);
		line = nl + 1;
	}
	ck_assert_msg(nl == line, "%s does not end with the empty line", name);
	free(buf);
}

/* Returns the line of server <be>/<srv> in fixture <name> (malloc'd). */
static char *
fixture_server_line(const char *name, const char *be, const char *srv)
{
	char *buf = fixture_read(name, NULL), *line, *found = NULL, key[200];

	snprintf(key, sizeof(key), " %s ", be);
	for (line = strtok(buf, "\n"); line != NULL && found == NULL; line = strtok(NULL, "\n")) {
		char *p = strstr(line, key);
		char want[100];

		if (p == NULL || line[0] == '#')
			continue;
		snprintf(want, sizeof(want), " %s ", srv);
		p = strchr(p + strlen(key), ' '); /* after srv_id */
		if (p != NULL && strncmp(p, want, strlen(want)) == 0)
			found = strdup(line);
	}
	free(buf);
	ck_assert_msg(found != NULL, "no %s/%s in %s", be, srv, name);
	return found;
}

/* The full 2.6.12 capture: be_app/s3 is DOWN, the third server line. The
 * summary is unusable from there and keeps that first reason.
 */
START_TEST(test_srvstate_real_capture_is_unusable_at_first_down_server)
{
	struct hs_srvstate st;

	hs_srvstate_init(&st);
	feed_fixture(&st, "haproxy-2.6.12-servers-state.txt");
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "server be_app/s3 needs its 'show stat' row");
	ck_assert_uint_eq(st.lines, 15);
	/* nothing is counted after the first reason */
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_stick"), 0);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_tcp"), 0);
	hs_srvstate_free(&st);
}
END_TEST

/* The plainly UP servers of the capture, whole backends: usable, counted
 * per backend, the backup server bk1 too (the answer has no backup flag).
 */
START_TEST(test_srvstate_real_capture_up_servers_are_counted)
{
	static const char *const up[][2] = {
		{"be_app", "s1"},   {"be_app", "s2"},   {"be_stick", "a1"},
		{"be_stick", "a2"}, {"be_misc", "bk1"}, {"be_tcp", "x1"},
	};
	struct hs_srvstate st;
	size_t i;

	hs_srvstate_init(&st);
	feed(&st, SS_VERSION);
	feed(&st, SS_HEADER);
	for (i = 0; i < sizeof(up) / sizeof(up[0]); i++) {
		char *line =
			fixture_server_line("haproxy-2.6.12-servers-state.txt", up[i][0], up[i][1]);

		feed(&st, line);
		free(line);
		ck_assert_msg(!st.unusable, "%s/%s: %s", up[i][0], up[i][1], st.why);
	}
	ck_assert_uint_eq(st.count, 4);
	ck_assert_uint_eq(st.lines, 8);
	/* in the order of the answer */
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_app"), 2);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_stick"), 2);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_misc"), 1);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_tcp"), 1);
	/* in any other order, and absent backends */
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_empty"), 0);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_stick"), 2);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_app"), 2);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_tcp"), 1);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_misc"), 1);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_ap"), 0);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_app2"), 0);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "BE_APP"), 0);
	ck_assert_uint_eq(hs_srvstate_servers(&st, ""), 0);
	hs_srvstate_free(&st);
}
END_TEST

/* Every captured server that needs its 'show stat' row, alone after the header,
 * and its class: DOWN, agent check, tracking, DNS resolution need the row.
 */
static const struct {
	const char *fixture, *be, *srv;
	enum hs_srv_class cls;
	bool unchecked;
} not_up[] = {
	{"haproxy-2.6.12-servers-state.txt", "be_app", "s3", HS_SRV_DETAIL, false}, /* DOWN */
	/* a tracking server looks like one without a check: hs_answer.h tells */
	{"haproxy-2.6.12-servers-state.txt", "be_track", "t1", HS_SRV_NOCHECK, true},
	{"haproxy-2.6.12-servers-state.txt", "be_track", "t3", HS_SRV_DETAIL, false},
	{"haproxy-2.6.12-servers-state.txt", "be_misc", "n1", HS_SRV_NOCHECK, true},
	{"haproxy-2.6.12-servers-state.txt", "be_misc", "n2", HS_SRV_MAINT, false}, /* disabled */
	{"haproxy-2.6.12-servers-state.txt", "be_dns", "d1", HS_SRV_DETAIL, false}, /* resolution */
	{"haproxy-2.6.12-servers-state.txt", "be_agent", "g1", HS_SRV_DETAIL, false}, /* agent */
	{"haproxy-2.6.12-servers-state-after.txt", "be_app", "s1", HS_SRV_MAINT, false},
	{"haproxy-2.6.12-servers-state-after.txt", "be_app", "s2", HS_SRV_DRAIN, false},
	{"haproxy-2.6.12-servers-state-after.txt", "be_track", "t1", HS_SRV_DETAIL,
	 false}, /* via */
	{"haproxy-2.6.12-servers-state-after.txt", "be_misc", "n1", HS_SRV_WEIGHT0_NOCHECK, true},
	{"haproxy-2.6.12-servers-state-after.txt", "be_tcp", "x1", HS_SRV_NOCHECK,
	 true}, /* disabled */
	{"haproxy-2.2.9-weight0-srvstate.txt", "app-w", "s1", HS_SRV_WEIGHT0_UP, false},
	{"haproxy-3.0.11-weight0-srvstate.txt", "app-w", "s1", HS_SRV_WEIGHT0_UP, false},
	{"haproxy-3.0.11-demo-servers-state.txt", "app-main", "nginx3", HS_SRV_DETAIL, false},
};

START_TEST(test_srvstate_real_capture_not_up_servers)
{
	struct hs_srvstate st;
	char *line = fixture_server_line(not_up[_i].fixture, not_up[_i].be, not_up[_i].srv);
	const struct hs_srvstate_backend *be;
	char want[200];

	feed_one_server(&st, line);
	free(line);
	be = hs_srvstate_find(&st, not_up[_i].be);
	if (not_up[_i].cls == HS_SRV_DETAIL) {
		snprintf(want, sizeof(want), "server %s/%s needs its 'show stat' row",
			 not_up[_i].be, not_up[_i].srv);
		ck_assert(st.unusable);
		ck_assert_str_eq(st.why, want);
		ck_assert_ptr_null(be);
	} else {
		ck_assert_msg(!st.unusable, "%s", st.why);
		ck_assert_ptr_nonnull(be);
		ck_assert_uint_eq(be->servers, 1);
		ck_assert_uint_eq(be->cls[not_up[_i].cls].count, 1);
		ck_assert_str_eq(be->cls[not_up[_i].cls].name[0], not_up[_i].srv);
		ck_assert_uint_eq(be->unchecked, not_up[_i].unchecked);
	}
	hs_srvstate_free(&st);
	/* a class the plan does not accept needs the row */
	if (not_up[_i].cls != HS_SRV_DETAIL) {
		line = fixture_server_line(not_up[_i].fixture, not_up[_i].be, not_up[_i].srv);
		hs_srvstate_init(&st);
		st.accept = HS_SRV_ALL & ~HS_SRV_BIT(not_up[_i].cls);
		feed(&st, SS_VERSION);
		feed(&st, SS_HEADER);
		feed(&st, line);
		free(line);
		ck_assert(st.unusable);
		hs_srvstate_free(&st);
	}
}
END_TEST

/* A backend sums up each class, keeping the first names; a check or agent
 * configured anywhere is seen.
 */
START_TEST(test_srvstate_classes_counted_with_first_names)
{
	static const char *const lines[] = {
		"4 be_app 1 s1 127.0.0.1 2 0 1 1 31 1 0 2 0 0 0 0 - 1 - 0 0 - - 0",
		"4 be_app 2 s2 127.0.0.1 2 0 1 1 31 1 0 2 0 0 0 0 - 1 - 0 0 - - 0",
		"4 be_app 3 s3 127.0.0.1 0 1 1 1 31 1 0 2 0 0 0 0 - 1 - 0 0 - - 0",
		"4 be_app 4 s4 127.0.0.1 2 0 1 1 31 1 0 2 0 0 0 0 - 1 - 0 0 - - 0",
		"4 be_app 5 s5 127.0.0.1 2 0 1 1 31 1 0 2 0 0 0 0 - 1 - 0 0 - - 0",
		"4 be_app 6 s6 127.0.0.1 2 8 1 1 31 1 0 2 0 0 0 0 - 1 - 0 0 - - 0",
		"5 be_web 1 w1 127.0.0.1 2 0 1 1 31 15 3 3 6 0 0 0 - 1 - 0 0 - - 0",
	};
	const struct hs_srvstate_backend *be;
	struct hs_srvstate st;
	size_t i;

	hs_srvstate_init(&st);
	feed(&st, SS_VERSION);
	feed(&st, SS_HEADER);
	for (i = 0; i < 6; i++)
		feed(&st, lines[i]);
	ck_assert(!st.any_checked);
	feed(&st, lines[6]);
	ck_assert(!st.unusable);
	ck_assert(st.any_checked);
	be = hs_srvstate_find(&st, "be_app");
	ck_assert_ptr_nonnull(be);
	ck_assert_uint_eq(be->servers, 6);
	ck_assert_uint_eq(be->unchecked, 5); /* not s3: MAINT is MAINT, tracking or not */
	ck_assert_uint_eq(be->cls[HS_SRV_NOCHECK].count, 4);
	ck_assert_str_eq(be->cls[HS_SRV_NOCHECK].name[0], "s1");
	ck_assert_str_eq(be->cls[HS_SRV_NOCHECK].name[1], "s2");
	ck_assert_str_eq(be->cls[HS_SRV_NOCHECK].name[2], "s4");
	ck_assert_uint_eq(be->cls[HS_SRV_MAINT].count, 1);
	ck_assert_str_eq(be->cls[HS_SRV_MAINT].name[0], "s3");
	ck_assert_uint_eq(be->cls[HS_SRV_DRAIN].count, 1);
	ck_assert_uint_eq(be->cls[HS_SRV_PLAIN].count, 0);
	be = hs_srvstate_find(&st, "be_web");
	ck_assert_uint_eq(be->cls[HS_SRV_PLAIN].count, 1);
	ck_assert_ptr_null(be->cls[HS_SRV_PLAIN].name[0]); /* plain ones are only counted */
	hs_srvstate_free(&st);
}
END_TEST

/* SS_UP with one needed field changed: field <field> (0-based) to <value>;
 * <cls> is the server's class then.
 */
static const struct {
	int field;
	const char *value;
	enum hs_srv_class cls;
} variants[] = {
	{5, "0", HS_SRV_DETAIL},  /* srv_op_state SRV_ST_STOPPED */
	{5, "1", HS_SRV_DETAIL},  /* SRV_ST_STARTING */
	{5, "3", HS_SRV_DETAIL},  /* SRV_ST_STOPPING */
	{5, "02", HS_SRV_DETAIL}, /* not exactly "2" */
	{6, "1", HS_SRV_MAINT},   /* srv_admin_state SRV_ADMF_FMAINT */
	{6, "5", HS_SRV_MAINT},   /* FMAINT and CMAINT: "disabled" */
	{6, "9", HS_SRV_MAINT},   /* FMAINT and FDRAIN: MAINT first */
	{6, "2", HS_SRV_DETAIL},  /* SRV_ADMF_IMAINT: "MAINT (via ...)" */
	{6, "3", HS_SRV_DETAIL},
	{6, "4", HS_SRV_PLAIN}, /* CMAINT alone: "enable server" after "disabled" */
	{6, "12", HS_SRV_DRAIN},
	{6, "8", HS_SRV_DRAIN},   /* SRV_ADMF_FDRAIN */
	{6, "16", HS_SRV_DETAIL}, /* SRV_ADMF_IDRAIN */
	{6, "24", HS_SRV_DETAIL},
	{6, "32", HS_SRV_DETAIL}, /* SRV_ADMF_RMAINT */
	{6, "33", HS_SRV_DETAIL},
	{6, "64", HS_SRV_DETAIL}, /* SRV_ADMF_HMAINT: not known here */
	{6, "65", HS_SRV_DETAIL},
	{6, "x", HS_SRV_DETAIL},
	{7, "0", HS_SRV_WEIGHT0_UP}, /* srv_uweight 0 */
	{7, "256", HS_SRV_PLAIN},
	{7, "-1", HS_SRV_DETAIL},
	{11, "0", HS_SRV_DETAIL},  /* srv_check_result CHK_RES_UNKNOWN */
	{11, "1", HS_SRV_DETAIL},  /* CHK_RES_NEUTRAL */
	{11, "2", HS_SRV_DETAIL},  /* CHK_RES_FAILED */
	{11, "4", HS_SRV_DETAIL},  /* CHK_RES_CONDPASS */
	{13, "0", HS_SRV_NOCHECK}, /* srv_check_state: checks not configured */
	{13, "2", HS_SRV_NOCHECK}, /* configured, not enabled: "no check" */
	{13, "4", HS_SRV_PLAIN},   /* enabled */
	{13, "7", HS_SRV_PLAIN},   /* enabled, running */
	{13, "14", HS_SRV_DETAIL}, /* paused */
	{13, "12", HS_SRV_DETAIL}, /* paused */
	{13, "8", HS_SRV_NOCHECK}, /* paused, not enabled: left by "disabled" */
	{13, "6x", HS_SRV_DETAIL}, /* not a number */
	{13, "0x6", HS_SRV_DETAIL},
	{14, "1", HS_SRV_DETAIL}, /* srv_agent_state: an agent check */
	{14, "22", HS_SRV_DETAIL},
	/* columns not read */
	{2, "99", HS_SRV_PLAIN},
	{4, "-", HS_SRV_PLAIN},
	{10, "0", HS_SRV_PLAIN},
	{12, "0", HS_SRV_PLAIN},
};

START_TEST(test_srvstate_each_condition_of_plainly_up)
{
	char line[200], *f[32], *p;
	struct hs_srvstate st;
	size_t n = 0, i;
	char out[200] = "";
	enum hs_srv_class cls = variants[_i].cls;

	snprintf(line, sizeof(line), "%s", SS_UP);
	for (p = strtok(line, " "); p != NULL; p = strtok(NULL, " "))
		f[n++] = p;
	f[variants[_i].field] = (char *)variants[_i].value;
	for (i = 0; i < n; i++) {
		strcat(out, f[i]);
		strcat(out, i + 1 < n ? " " : "");
	}
	feed_one_server(&st, out);
	ck_assert_msg(st.unusable == (cls == HS_SRV_DETAIL), "'%s': unusable=%d (%s)", out,
		      st.unusable, st.why);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_app"), cls == HS_SRV_DETAIL ? 0 : 1);
	if (cls == HS_SRV_DETAIL)
		ck_assert_str_eq(st.why, "server be_app/s1 needs its 'show stat' row");
	else
		ck_assert_msg(hs_srvstate_find(&st, "be_app")->cls[cls].count == 1, "'%s'", out);
	hs_srvstate_free(&st);
}
END_TEST

/* Columns are found by header name, in any order, with unknown ones. */
START_TEST(test_srvstate_columns_by_header_name)
{
	struct hs_srvstate st;

	hs_srvstate_init(&st);
	feed(&st, "1");
	feed(&st, "# srv_agent_state new_col srv_check_state srv_check_result srv_uweight "
		  "srv_admin_state srv_op_state srv_name be_name be_id srv_id");
	ck_assert(!st.unusable);
	feed(&st, "0 x 6 3 1 0 2 s1 be_a 3 1");
	feed(&st, "0 x 6 3 1 0 2 s2 be_a 3 2");
	feed(&st, "0 y 6 3 100 0 2 s1 be_b 4 1");
	ck_assert(!st.unusable);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_a"), 2);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_b"), 1);
	/* extra spaces between fields */
	feed(&st, "  0  z 6 3 1 0 2   s1 be_c  5 1 ");
	ck_assert(!st.unusable);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_c"), 1);
	/* a field moved: the op state is now "s1" */
	feed(&st, "0 y 6 3 1 0 s1 2 be_d 6 1");
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "server be_d/2 needs its 'show stat' row");
	hs_srvstate_free(&st);
}
END_TEST

/* A header without one of the needed columns makes it unusable, naming
 * the first missing column.
 */
START_TEST(test_srvstate_header_missing_a_column)
{
	static const char *const names[] = {
		"be_id",           "be_name",         "srv_id",      "srv_name",
		"srv_op_state",    "srv_admin_state", "srv_uweight", "srv_check_result",
		"srv_check_state", "srv_agent_state",
	};
	char header[sizeof(SS_HEADER) + 20], want[100], *p;
	struct hs_srvstate st;

	snprintf(header, sizeof(header), "%s ", SS_HEADER);
	snprintf(want, sizeof(want), " %s ", names[_i]);
	p = strstr(header, want);
	ck_assert_ptr_nonnull(p);
	memmove(p, p + strlen(names[_i]) + 1, strlen(p + strlen(names[_i]) + 1) + 1);
	hs_srvstate_init(&st);
	feed(&st, "1");
	feed(&st, header);
	ck_assert(st.unusable);
	snprintf(want, sizeof(want), "'show servers state' has no column %s", names[_i]);
	ck_assert_str_eq(st.why, want);
	/* the rest of the answer is read and ignored */
	feed(&st, SS_UP);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_app"), 0);
	ck_assert_uint_eq(st.lines, 3);
	hs_srvstate_free(&st);
}
END_TEST

/* The first line must be the format version "1". */
START_TEST(test_srvstate_version_line)
{
	static const char *const first[] = {
		"2",
		"",
		"1 ",
		"10",
		SS_HEADER,
		"Permission denied",
		"Unknown command, but maybe one of the following ones is a better match:",
		"Can't find backend.",
	};
	struct hs_srvstate st;
	char want[200];

	hs_srvstate_init(&st);
	feed(&st, first[_i]);
	ck_assert(st.unusable);
	snprintf(want, sizeof(want), "'show servers state' answered '%.60s'", first[_i]);
	ck_assert_str_eq(st.why, want);
	feed(&st, SS_HEADER);
	feed(&st, SS_UP);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_app"), 0);
	ck_assert_str_eq(st.why, want);
	hs_srvstate_free(&st);
}
END_TEST

/* Server lines before any header; a line with too few fields. */
START_TEST(test_srvstate_no_header_and_short_lines)
{
	struct hs_srvstate st;

	hs_srvstate_init(&st);
	feed(&st, "1");
	feed(&st, SS_UP);
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "'show servers state' has no header");
	hs_srvstate_free(&st);

	/* srv_agent_state is field 14: 14 fields are too few */
	feed_one_server(&st, "4 be_app 1 s1 127.0.0.1 2 0 1 1 31 15 3 3 6");
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "a 'show servers state' line has too few fields");
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_app"), 0);
	hs_srvstate_free(&st);

	feed_one_server(&st, "4 be_app 1 s1 127.0.0.1 2 0 1 1 31 15 3 3 6 0");
	ck_assert(!st.unusable);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_app"), 1);
	hs_srvstate_free(&st);

	feed_one_server(&st, "   ");
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "a 'show servers state' line has too few fields");
	hs_srvstate_free(&st);
}
END_TEST

/* The reason quotes at most 60 bytes of each name. */
START_TEST(test_srvstate_reason_is_bounded)
{
	char line[1200], be[300], srv[300], want[200];
	struct hs_srvstate st;

	memset(be, 'b', 255);
	be[255] = '\0';
	memset(srv, 's', 255);
	srv[255] = '\0';
	snprintf(line, sizeof(line), "4 %s 1 %s 127.0.0.1 0 0 1 1 31 15 3 3 6 0", be, srv);
	feed_one_server(&st, line);
	ck_assert(st.unusable);
	snprintf(want, sizeof(want), "server %.60s/%.60s needs its 'show stat' row", be, srv);
	ck_assert_str_eq(st.why, want);
	hs_srvstate_free(&st);
}
END_TEST

/* HS_SRVSTATE_MAX_NAME: a backend name of 255 bytes is kept, 256 makes the
 * summary unusable.
 */
START_TEST(test_srvstate_name_limit)
{
	char name[HS_SRVSTATE_MAX_NAME + 2], line[600];
	struct hs_srvstate st;

	memset(name, 'n', HS_SRVSTATE_MAX_NAME);
	name[HS_SRVSTATE_MAX_NAME] = '\0';
	snprintf(line, sizeof(line), "4 %s 1 s1 127.0.0.1 2 0 1 1 31 15 3 3 6 0", name);
	feed_one_server(&st, line);
	feed(&st, line);
	ck_assert_msg(!st.unusable, "%s", st.why);
	ck_assert_uint_eq(hs_srvstate_servers(&st, name), 2);
	hs_srvstate_free(&st);

	name[HS_SRVSTATE_MAX_NAME] = 'n';
	name[HS_SRVSTATE_MAX_NAME + 1] = '\0';
	snprintf(line, sizeof(line), "4 %s 1 s1 127.0.0.1 2 0 1 1 31 15 3 3 6 0", name);
	feed_one_server(&st, line);
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "'show servers state' lists too many backends or too long a name");
	ck_assert_uint_eq(st.count, 0);
	ck_assert_uint_eq(hs_srvstate_servers(&st, name), 0);
	hs_srvstate_free(&st);
}
END_TEST

/* HS_SRVSTATE_MAX_BACKENDS: 20 000 backends are kept (and more servers of
 * the last one), the 20 001st makes the summary unusable.
 */
START_TEST(test_srvstate_backend_limit)
{
	struct hs_srvstate st;
	char line[200], name[32];
	unsigned i;

	hs_srvstate_init(&st);
	feed(&st, "1");
	feed(&st, SS_HEADER);
	for (i = 0; i < HS_SRVSTATE_MAX_BACKENDS; i++) {
		snprintf(line, sizeof(line), "%u be%u 1 s1 127.0.0.1 2 0 1 1 31 15 3 3 6 0", i + 1,
			 i);
		feed(&st, line);
	}
	snprintf(line, sizeof(line), "%u be%u 2 s2 127.0.0.1 2 0 1 1 31 15 3 3 6 0", i, i - 1);
	feed(&st, line);
	ck_assert_msg(!st.unusable, "%s", st.why);
	ck_assert_uint_eq(st.count, HS_SRVSTATE_MAX_BACKENDS);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be0"), 1);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be19998"), 1);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be19999"), 2);

	snprintf(line, sizeof(line), "%u be%u 1 s1 127.0.0.1 2 0 1 1 31 15 3 3 6 0", i + 1, i);
	feed(&st, line);
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "'show servers state' lists too many backends or too long a name");
	ck_assert_uint_eq(st.count, HS_SRVSTATE_MAX_BACKENDS);
	snprintf(name, sizeof(name), "be%u", i);
	ck_assert_uint_eq(hs_srvstate_servers(&st, name), 0);
	hs_srvstate_free(&st);
}
END_TEST

/* The first reason is kept: later problems do not overwrite it. */
START_TEST(test_srvstate_first_reason_is_kept)
{
	struct hs_srvstate st;

	feed_one_server(&st, "4 be_app 3 s3 127.0.0.1 0 0 1 1 30 8 2 0 6 0");
	feed(&st, "short line");
	feed(&st, "5 be_x 1 x1 127.0.0.1 0 0 1 1 30 8 2 0 6 0");
	ck_assert_str_eq(st.why, "server be_app/s3 needs its 'show stat' row");
	hs_srvstate_free(&st);
}
END_TEST

/* hs_srvstate_free() leaves a summary ready for a new answer. */
START_TEST(test_srvstate_free_resets)
{
	struct hs_srvstate st;

	feed_one_server(&st, "4 be_app 3 s3 127.0.0.1 0 0 1 1 30 8 2 0 6 0");
	ck_assert(st.unusable);
	hs_srvstate_free(&st);
	ck_assert(!st.unusable);
	ck_assert_uint_eq(st.count, 0);
	ck_assert_uint_eq(st.lines, 0);
	ck_assert_ptr_null(st.be);
	ck_assert_int_eq(st.col[0], -1);
	feed(&st, "1");
	feed(&st, SS_HEADER);
	feed(&st, SS_UP);
	ck_assert(!st.unusable);
	ck_assert_uint_eq(hs_srvstate_servers(&st, "be_app"), 1);
	hs_srvstate_free(&st);
}
END_TEST

/* A server line of backend <be> (id <id>), server <srv> (id <sid>), in
 * state <state>: "2 0" running, "0 1" MAINT, "0 0" DOWN; <check> 6 checked
 * (and passing with "3"), 0 none.
 */
static void
feed_server(struct hs_srvstate *st, unsigned id, const char *be, unsigned sid, const char *srv,
	    const char *state, const char *check)
{
	char line[300];

	snprintf(line, sizeof(line), "%u %s %u %s 127.0.0.1 %s 1 1 31 15 %s 0 0 0", id, be, sid,
		 srv, state, check);
	feed(st, line);
}

#define RUNNING_CHECKED "2 0", "3 3 6"
#define DOWN_CHECKED    "0 0", "4 0 6"
#define MAINT_NOCHECK   "0 1", "1 0 0"
#define UP_NOCHECK      "2 0", "1 0 0"

/* Servers that need their rows mark their backend, with its numeric id,
 * up to <detail_max> backends; one more makes the summary unusable, and it
 * stops there.
 */
START_TEST(test_srvstate_detail_backends_within_limits)
{
	struct hs_srvstate st;

	hs_srvstate_init(&st);
	st.detail_max = 2;
	st.detail_servers_max = 100;
	feed(&st, "1");
	feed(&st, SS_HEADER);
	feed_server(&st, 7, "a", 1, "s1", RUNNING_CHECKED);
	feed_server(&st, 7, "a", 2, "s2", DOWN_CHECKED);
	feed_server(&st, 9, "b", 1, "s1", DOWN_CHECKED);
	feed_server(&st, 9, "b", 2, "s2", RUNNING_CHECKED);
	feed_server(&st, 11, "c", 1, "s1", RUNNING_CHECKED);
	hs_srvstate_finish(&st);
	ck_assert_msg(!st.unusable, "%s", st.why);
	ck_assert_uint_eq(st.detail, 2);
	ck_assert_uint_eq(st.detail_servers, 4);
	ck_assert(hs_srvstate_find(&st, "a")->detail);
	ck_assert_uint_eq(hs_srvstate_find(&st, "a")->id, 7);
	ck_assert_uint_eq(hs_srvstate_find(&st, "a")->servers, 2);
	ck_assert(hs_srvstate_find(&st, "b")->detail);
	ck_assert_uint_eq(hs_srvstate_find(&st, "b")->id, 9);
	ck_assert(!hs_srvstate_find(&st, "c")->detail);
	/* a third backend: too many */
	feed_server(&st, 13, "d", 1, "s1", DOWN_CHECKED);
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "server d/s1 needs its 'show stat' row, and more than 2 "
				 "backends have such servers");
	hs_srvstate_free(&st);

	/* without detail_max, the first such server makes it unusable */
	hs_srvstate_init(&st);
	feed(&st, "1");
	feed(&st, SS_HEADER);
	feed_server(&st, 7, "a", 2, "s2", DOWN_CHECKED);
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "server a/s2 needs its 'show stat' row");
	hs_srvstate_free(&st);
}
END_TEST

/* The servers of the marked backends, those after the mark included, are
 * bounded by <detail_servers_max>.
 */
START_TEST(test_srvstate_detail_server_limit)
{
	struct hs_srvstate st;

	hs_srvstate_init(&st);
	st.detail_max = 4;
	st.detail_servers_max = 3;
	feed(&st, "1");
	feed(&st, SS_HEADER);
	feed_server(&st, 7, "a", 1, "s1", RUNNING_CHECKED);
	feed_server(&st, 7, "a", 2, "s2", DOWN_CHECKED);
	feed_server(&st, 7, "a", 3, "s3", RUNNING_CHECKED);
	ck_assert_msg(!st.unusable, "%s", st.why);
	feed_server(&st, 7, "a", 4, "s4", RUNNING_CHECKED);
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "the backends with servers that need their 'show stat' rows hold "
				 "more than 3 servers");
	hs_srvstate_free(&st);
}
END_TEST

/* Only a plain positive number is taken as a backend id (it is sent back
 * in "show stat <iid> 4 -1").
 */
START_TEST(test_srvstate_backend_id_must_be_a_number)
{
	static const char *const bad[] = {"0", "x", "-1", "1;show", "99999999999"};
	struct hs_srvstate st;
	char line[200];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		hs_srvstate_init(&st);
		feed(&st, "1");
		feed(&st, SS_HEADER);
		snprintf(line, sizeof(line), "%s a 1 s1 127.0.0.1 2 0 1 1 31 15 3 3 6 0 0 0",
			 bad[i]);
		feed(&st, line);
		ck_assert_msg(st.unusable, "%s", bad[i]);
		ck_assert_ptr_nonnull(strstr(st.why, "gives backend a the id"));
		hs_srvstate_free(&st);
	}
	/* one backend with two ids */
	hs_srvstate_init(&st);
	feed(&st, "1");
	feed(&st, SS_HEADER);
	feed_server(&st, 7, "a", 1, "s1", RUNNING_CHECKED);
	feed_server(&st, 8, "a", 2, "s2", RUNNING_CHECKED);
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "backend a has two ids in 'show servers state'");
	hs_srvstate_free(&st);
}
END_TEST

/* Servers without a check beside checked ones (they may track one), and
 * checked and unchecked servers at weight 0 in one backend, mark their
 * backend when the answer ends.
 */
START_TEST(test_srvstate_finish_marks_tracking_and_weight0_mix)
{
	struct hs_srvstate st;

	hs_srvstate_init(&st);
	st.detail_max = 4;
	st.detail_servers_max = 100;
	feed(&st, "1");
	feed(&st, SS_HEADER);
	feed_server(&st, 7, "a", 1, "s1", UP_NOCHECK);
	feed_server(&st, 9, "b", 1, "s1", RUNNING_CHECKED);
	feed(&st, "11 c 1 s1 127.0.0.1 2 0 0 1 31 15 3 3 6 0 0 0");
	feed(&st, "11 c 2 s2 127.0.0.1 2 0 0 1 31 15 1 0 0 0 0 0");
	ck_assert(!hs_srvstate_find(&st, "a")->detail);
	hs_srvstate_finish(&st);
	ck_assert_msg(!st.unusable, "%s", st.why);
	ck_assert(hs_srvstate_find(&st, "a")->detail);
	ck_assert(!hs_srvstate_find(&st, "b")->detail);
	ck_assert(hs_srvstate_find(&st, "c")->detail);
	hs_srvstate_free(&st);

	/* without detail_max: unusable, as before */
	hs_srvstate_init(&st);
	feed(&st, "1");
	feed(&st, SS_HEADER);
	feed_server(&st, 7, "a", 1, "s1", UP_NOCHECK);
	feed_server(&st, 9, "b", 1, "s1", RUNNING_CHECKED);
	hs_srvstate_finish(&st);
	ck_assert(st.unusable);
	ck_assert_str_eq(st.why, "backend a has servers without a check of their own, which may "
				 "track another");
	hs_srvstate_free(&st);
}
END_TEST

/* Servers of a class in <accept_flag> wait for their backup flag, by
 * backend and server id; the flags read are counted per class.
 */
START_TEST(test_srvstate_backup_flags_by_server_id)
{
	struct hs_srvstate st;
	const struct hs_srvstate_backend *be;
	char name[8];
	unsigned i;

	hs_srvstate_init(&st);
	st.accept = HS_SRV_BIT(HS_SRV_NOCHECK);
	st.accept_flag = HS_SRV_BIT(HS_SRV_MAINT);
	st.detail_max = 4;
	st.detail_servers_max = 100;
	feed(&st, "1");
	feed(&st, SS_HEADER);
	for (i = 1; i <= 6; i++) {
		snprintf(name, sizeof(name), "s%u", i);
		feed_server(&st, 7, "a", i, name, UP_NOCHECK);
	}
	feed_server(&st, 7, "a", 7, "s7", MAINT_NOCHECK);
	feed_server(&st, 7, "a", 8, "s8", MAINT_NOCHECK);
	hs_srvstate_finish(&st);
	ck_assert_msg(!st.unusable, "%s", st.why);
	ck_assert_uint_eq(st.detail, 0);
	ck_assert_uint_eq(st.flags, 2);
	ck_assert_uint_eq(st.nflag_ids, 2);
	ck_assert_uint_eq(st.flag_ids[0], 7);
	ck_assert_uint_eq(st.flag_ids[1], 8);
	ck_assert(!hs_srvstate_flags_done(&st));
	/* the server of that id in another backend, or under another name */
	ck_assert(!hs_srvstate_flag_set(&st, 8, 7, "a", false));
	ck_assert(!hs_srvstate_flag_set(&st, 7, 7, "b", false));
	ck_assert(hs_srvstate_flag_set(&st, 7, 7, "a", false));
	ck_assert(!hs_srvstate_flag_set(&st, 7, 7, "a", false)); /* twice */
	ck_assert(hs_srvstate_flag_set(&st, 7, 8, "a", true));
	ck_assert(hs_srvstate_flags_done(&st));
	be = hs_srvstate_find(&st, "a");
	ck_assert(be->flagged);
	ck_assert_uint_eq(be->cls[HS_SRV_MAINT].count, 2);
	ck_assert_uint_eq(be->cls[HS_SRV_MAINT].backup, 1);
	hs_srvstate_free(&st);
}
END_TEST

/* Asking by server id costs a row per backend and id: beyond a quarter of
 * the servers, or HS_SRVSTATE_FLAG_IDS ids, their backends' rows instead.
 */
START_TEST(test_srvstate_backup_flags_too_costly_become_detail)
{
	struct hs_srvstate st;

	hs_srvstate_init(&st);
	st.accept = HS_SRV_BIT(HS_SRV_NOCHECK);
	st.accept_flag = HS_SRV_BIT(HS_SRV_MAINT);
	st.detail_max = 4;
	st.detail_servers_max = 100;
	feed(&st, "1");
	feed(&st, SS_HEADER);
	/* 2 backends, 3 servers: one id costs 2 rows, over 3 / 4 */
	feed_server(&st, 7, "a", 1, "s1", UP_NOCHECK);
	feed_server(&st, 7, "a", 2, "s2", MAINT_NOCHECK);
	feed_server(&st, 9, "b", 1, "s1", UP_NOCHECK);
	hs_srvstate_finish(&st);
	ck_assert_msg(!st.unusable, "%s", st.why);
	ck_assert_uint_eq(st.flags, 0);
	ck_assert(hs_srvstate_find(&st, "a")->detail);
	ck_assert(!hs_srvstate_find(&st, "b")->detail);
	hs_srvstate_free(&st);
}
END_TEST

Suite *
make_srvstate_suite(void)
{
	Suite *s = suite_create("srvstate");
	TCase *tc;

	tc = tcase_create("Captures");
	tcase_add_test(tc, test_srvstate_real_capture_is_unusable_at_first_down_server);
	tcase_add_test(tc, test_srvstate_real_capture_up_servers_are_counted);
	tcase_add_test(tc, test_srvstate_classes_counted_with_first_names);
	tcase_add_loop_test(tc, test_srvstate_real_capture_not_up_servers, 0,
			    (int)(sizeof(not_up) / sizeof(not_up[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("Format");
	tcase_add_loop_test(tc, test_srvstate_each_condition_of_plainly_up, 0,
			    (int)(sizeof(variants) / sizeof(variants[0])));
	tcase_add_test(tc, test_srvstate_columns_by_header_name);
	tcase_add_loop_test(tc, test_srvstate_header_missing_a_column, 0, 10);
	tcase_add_loop_test(tc, test_srvstate_version_line, 0, 8);
	tcase_add_test(tc, test_srvstate_no_header_and_short_lines);
	tcase_add_test(tc, test_srvstate_first_reason_is_kept);
	tcase_add_test(tc, test_srvstate_free_resets);
	suite_add_tcase(s, tc);

	tc = tcase_create("Detail");
	tcase_add_test(tc, test_srvstate_detail_backends_within_limits);
	tcase_add_test(tc, test_srvstate_detail_server_limit);
	tcase_add_test(tc, test_srvstate_backend_id_must_be_a_number);
	tcase_add_test(tc, test_srvstate_finish_marks_tracking_and_weight0_mix);
	tcase_add_test(tc, test_srvstate_backup_flags_by_server_id);
	tcase_add_test(tc, test_srvstate_backup_flags_too_costly_become_detail);
	suite_add_tcase(s, tc);

	tc = tcase_create("Limits");
	tcase_add_test(tc, test_srvstate_reason_is_bounded);
	tcase_add_test(tc, test_srvstate_name_limit);
	tcase_add_test(tc, test_srvstate_backend_limit);
	suite_add_tcase(s, tc);
	return s;
}
