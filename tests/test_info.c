/* test_info.c: the answer to "show info" (hs_info.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "hs_info.h"
#include "suites.h"

/* Feeds the answer in fixture <name> up to its terminating empty line, as
 * the check does. Returns the number of lines fed.
 */
static size_t
feed_fixture(struct hs_info *info, const char *name)
{
	char *buf = fixture_read(name, NULL), *line = buf, *nl;
	struct hs_error err = {0};
	size_t lines = 0;

	hs_info_init(info);
	while ((nl = strchr(line, '\n')) != NULL && nl != line) {
		*nl = '\0';
		ck_assert_msg(hs_info_line(info, line, &err) == 0, "'%s': %s", line, err.msg);
		lines++;
		line = nl + 1;
	}
	ck_assert_msg(nl == line, "%s does not end with the empty line", name);
	free(buf);
	return lines;
}

static void
feed(struct hs_info *info, const char *line)
{
	struct hs_error err = {0};

	ck_assert_msg(hs_info_line(info, line, &err) == 0, "'%s': %s", line, err.msg);
}

/* Looks up field <name>; NULL when absent. */
static const char *
value_of(const struct hs_info *info, const char *name)
{
	size_t i;

	for (i = 0; i < info->count; i++) {
		if (strcmp(info->field[i].name, name) == 0)
			return info->field[i].value;
	}
	return NULL;
}

/* The real 2.6.12 answer: every line is a field, numbers read by name. */
START_TEST(test_info_real_capture)
{
	static struct hs_info info;
	double v = -1;

	ck_assert_uint_eq(feed_fixture(&info, "haproxy-2.6.12-show-info.txt"), 69);
	ck_assert_uint_eq(info.count, 69);
	ck_assert_str_eq(info.field[0].name, "Name");
	ck_assert_str_eq(info.field[0].value, "HAProxy");
	ck_assert(hs_info_num(&info, "Pid", &v));
	ck_assert_double_eq(v, 30224);
	ck_assert(hs_info_num(&info, "Uptime_sec", &v));
	ck_assert_double_eq(v, 30);
	ck_assert(hs_info_num(&info, "Maxconn", &v));
	ck_assert_double_eq(v, 9978);
	ck_assert(hs_info_num(&info, "CumConns", &v));
	ck_assert_double_eq(v, 296);
	ck_assert(hs_info_num(&info, "Idle_pct", &v));
	ck_assert_double_eq(v, 100);
	ck_assert(hs_info_num(&info, "TotalBytesOut", &v));
	ck_assert_double_eq(v, 988551);
	ck_assert(hs_info_num(&info, "Start_time_sec", &v));
	ck_assert_double_eq(v, 1795460631);
	ck_assert(hs_info_num(&info, "Tainted", &v));
	ck_assert_double_eq(v, 0);
	/* the last field is kept too */
	ck_assert_str_eq(info.field[68].name, "Tainted");
}
END_TEST

/* The two names holding a space, split at the first ": ". */
START_TEST(test_info_names_with_a_space)
{
	static struct hs_info info;
	double v = -1;

	feed_fixture(&info, "haproxy-2.6.12-show-info.txt");
	ck_assert(hs_info_num(&info, "Unstoppable Jobs", &v));
	ck_assert_double_eq(v, 0);
	ck_assert_str_eq(value_of(&info, "Build info"), "2.6.12-1+deb12u4");
	ck_assert(!hs_info_num(&info, "Unstoppable", &v));
	ck_assert(!hs_info_num(&info, "Jobs: 0", &v));
	ck_assert(hs_info_num(&info, "Jobs", &v));
	ck_assert_double_eq(v, 8);
}
END_TEST

/* Fields that are not plain decimal numbers in the real answer. */
START_TEST(test_info_real_capture_text_fields)
{
	static const char *const text[] = {"Name",   "Version", "Release_date",
					   "Uptime", "node",    "Build info"};
	static struct hs_info info;
	double v = 42;

	feed_fixture(&info, "haproxy-2.6.12-show-info.txt");
	ck_assert_msg(!hs_info_num(&info, text[_i], &v), "%s read as a number", text[_i]);
	ck_assert_double_eq(v, 42); /* untouched */
	ck_assert_ptr_nonnull(value_of(&info, text[_i]));
}
END_TEST

/* "show info float" (2.4+): rates and times with decimals. */
START_TEST(test_info_real_capture_float)
{
	static struct hs_info info;
	double v = -1;

	ck_assert_uint_eq(feed_fixture(&info, "haproxy-2.6.12-show-info-float.txt"), 69);
	ck_assert(hs_info_num(&info, "Uptime_sec", &v));
	ck_assert_double_eq_tol(v, 30.686842, 1e-9);
	ck_assert(hs_info_num(&info, "Start_time_sec", &v));
	ck_assert_double_eq_tol(v, 1795460631.939091, 1e-6);
	ck_assert(hs_info_num(&info, "Idle_pct", &v));
	ck_assert_double_eq(v, 99);
}
END_TEST

/* Absent and unknown fields, and exact, case-sensitive names. */
START_TEST(test_info_unknown_fields)
{
	static struct hs_info info;
	double v = 42;

	feed_fixture(&info, "haproxy-2.6.12-show-info.txt");
	ck_assert(!hs_info_num(&info, "TotalSplicedBytesOut", &v)); /* 2.8 spelling */
	ck_assert(hs_info_num(&info, "TotalSplicdedBytesOut", &v));
	v = 42;
	ck_assert(!hs_info_num(&info, "uptime_sec", &v));
	ck_assert(!hs_info_num(&info, "Uptime_se", &v));
	ck_assert(!hs_info_num(&info, "Uptime_sec ", &v));
	ck_assert(!hs_info_num(&info, "", &v));
	ck_assert(!hs_info_num(&info, "ZlibMemUsage", &v)); /* omitted without zlib */
	ck_assert_double_eq(v, 42);

	/* a field this parser never heard of is kept like any other */
	hs_info_init(&info);
	feed(&info, "Name: HAProxy");
	feed(&info, "NbThreadGroups: 4");
	ck_assert(hs_info_num(&info, "NbThreadGroups", &v));
	ck_assert_double_eq(v, 4);

	/* an empty answer table knows no field */
	hs_info_init(&info);
	ck_assert(!hs_info_num(&info, "Name", &v));
}
END_TEST

/* hs_info_num: plain decimal numbers only. */
static const struct {
	const char *value;
	bool ok;
	double want;
} nums[] = {
	{"0", true, 0},
	{"42", true, 42},
	{"-5", true, -5},
	{"007", true, 7},
	{"4294967295", true, 4294967295.0},
	{"18446744073709551615", true, 18446744073709551615.0},
	{"3.5", true, 3.5},
	{".5", true, 0.5},
	{"5.", true, 5},
	{"-0.25", true, -0.25},
	{"", false, 0},
	{" 5", false, 0},
	{"5 ", false, 0},
	{"+5", false, 0},
	{"1e3", false, 0},
	{"1E3", false, 0},
	{"0x10", false, 0},
	{"inf", false, 0},
	{"nan", false, 0},
	{"-", false, 0},
	{".", false, 0},
	{"1.2.3", false, 0},
	{"1-2", false, 0},
	{"--1", false, 0},
	{"5,0", false, 0},
	{"0d 0h00m30s", false, 0},
	{"2.6.12-1+deb12u4", false, 0},
	{"2026/10/17", false, 0},
	{"\"1\"", false, 0},
};

START_TEST(test_info_numeric_parsing)
{
	static struct hs_info info;
	char line[100];
	double v = 42;
	bool ok;

	hs_info_init(&info);
	feed(&info, "Name: HAProxy");
	snprintf(line, sizeof(line), "Field: %s", nums[_i].value);
	feed(&info, line);
	ck_assert_str_eq(value_of(&info, "Field"), nums[_i].value);
	ok = hs_info_num(&info, "Field", &v);
	ck_assert_msg(ok == nums[_i].ok, "'%s': %d", nums[_i].value, ok);
	if (ok)
		ck_assert_double_eq(v, nums[_i].want);
}
END_TEST

/* The value starts after ": "; any later ": " or ':' belongs to it. An
 * empty value (HAProxy omits empty fields, but "node:" is possible) is
 * kept and is not a number.
 */
START_TEST(test_info_split_at_first_separator)
{
	static struct hs_info info;
	double v = 42;

	hs_info_init(&info);
	feed(&info, "Name: HAProxy");
	feed(&info, "description: \"a: b, c\"");
	feed(&info, "node:");
	feed(&info, "a:b: 7");
	feed(&info, "Pid:  12");
	feed(&info, "Tasks: ");
	ck_assert_str_eq(value_of(&info, "description"), "\"a: b, c\"");
	ck_assert_str_eq(value_of(&info, "node"), "");
	ck_assert(!hs_info_num(&info, "node", &v));
	ck_assert(hs_info_num(&info, "a:b", &v));
	ck_assert_double_eq(v, 7);
	ck_assert_str_eq(value_of(&info, "Pid"), " 12");
	ck_assert(!hs_info_num(&info, "Pid", &v));
	ck_assert_str_eq(value_of(&info, "Tasks"), "");
	ck_assert(!hs_info_num(&info, "Tasks", &v));
	ck_assert_uint_eq(info.count, 6);
}
END_TEST

/* The first line must be a field: anything else is an error text. */
static const char *const not_stats[] = {
	"Permission denied",
	"Unknown command, but maybe one of the following ones is a better match:",
	"Unknown command. Please enter one of the following commands only :",
	"Can't find the target PID matching the prefix '@2'",
	"0.Name.1:POS:str:HAProxy",                                     /* show info typed */
	"[{\"field\":{\"pos\":0,\"name\":\"Name\"},\"processNum\":1}]", /* json */
	"# pxname,svname,qcur,qmax,scur,smax",
	": HAProxy",
	":",
	"",
};

START_TEST(test_info_first_line_not_stats)
{
	static struct hs_info info;
	struct hs_error err = {0};

	hs_info_init(&info);
	ck_assert_msg(hs_info_line(&info, not_stats[_i], &err) == -1, "'%s' accepted",
		      not_stats[_i]);
	ck_assert_int_eq(err.code, HS_ERR_NOT_STATS);
	ck_assert_ptr_nonnull(strstr(err.msg, "'show info' answered '"));
	ck_assert_ptr_nonnull(strstr(err.msg, "(expected 'Name: value' lines)"));
	ck_assert_uint_eq(info.count, 0);
}
END_TEST

/* The master CLI's answer to "show info" (no "@1" prefix), as captured
 * in 2.6.12: a help text whose first line ends with ':' and whose next
 * lines hold " : ". It must be NOT_STATS at its first line, not read as
 * fields named "  show cli level   ...".
 */
START_TEST(test_info_master_cli_unknown_command)
{
	static const char *const answer[] = {
		"Unknown command, but maybe one of the following ones is a better match:",
		"  show cli level                          : display the level of the current "
		"CLI session",
		"  show cli sockets                        : dump list of cli sockets",
		"  show proc                               : show processes status",
		"  show version                            : show version of the current process",
		"  help [<command>]                        : list matching or all commands",
		"  prompt                                  : toggle interactive mode with prompt",
		"  quit                                    : disconnect",
	};
	static struct hs_info info;
	struct hs_error err = {0};
	size_t i;
	int rc = 0;

	hs_info_init(&info);
	for (i = 0; i < sizeof(answer) / sizeof(answer[0]) && rc == 0; i++)
		rc = hs_info_line(&info, answer[i], &err);
	ck_assert_int_eq(rc, -1);
	ck_assert_uint_eq(i, 1);
	ck_assert_int_eq(err.code, HS_ERR_NOT_STATS);
	ck_assert_ptr_nonnull(strstr(err.msg, "'Unknown command, but maybe"));
}
END_TEST

/* A later line without ": " is MALFORMED. */
START_TEST(test_info_malformed_later_line)
{
	static const char *const bad[] = {
		"garbage", "Pid:12", ": 12", "", "Name HAProxy", "Permission denied",
	};
	static struct hs_info info;
	struct hs_error err = {0};

	hs_info_init(&info);
	feed(&info, "Name: HAProxy");
	feed(&info, "Version: 2.6.12-1+deb12u4");
	ck_assert_int_eq(hs_info_line(&info, bad[_i], &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
	ck_assert_ptr_nonnull(strstr(err.msg, "(expected 'Name: value' lines)"));
	ck_assert_uint_eq(info.count, 2);
}
END_TEST

/* Peer text in the message: control bytes cleaned, cut at 100 bytes. */
START_TEST(test_info_error_excerpt_sanitized)
{
	static struct hs_info info;
	struct hs_error err = {0};
	char line[300];

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	line[2] = '\r';
	line[5] = '\033';
	hs_info_init(&info);
	ck_assert_int_eq(hs_info_line(&info, line, &err), -1);
	ck_assert_ptr_null(strchr(err.msg, '\r'));
	ck_assert_ptr_null(strchr(err.msg, '\033'));
	ck_assert_ptr_nonnull(strstr(err.msg, "'xx?xx?x"));
	ck_assert_ptr_null(strstr(err.msg, line + sizeof(line) - 1 - 101));
}
END_TEST

/* HS_INFO_NAME_MAX: names of up to 47 bytes are kept; longer ones are
 * ignored (no metric can name them), without error, after the first line.
 */
START_TEST(test_info_name_length_limit)
{
	static struct hs_info info;
	char name[HS_INFO_NAME_MAX + 1], line[200];
	double v = 0;

	hs_info_init(&info);
	feed(&info, "Name: HAProxy");
	memset(name, 'N', HS_INFO_NAME_MAX - 1);
	name[HS_INFO_NAME_MAX - 1] = '\0';
	snprintf(line, sizeof(line), "%s: 47", name);
	feed(&info, line);
	ck_assert_uint_eq(info.count, 2);
	ck_assert(hs_info_num(&info, name, &v));
	ck_assert_double_eq(v, 47);

	memset(name, 'M', HS_INFO_NAME_MAX);
	name[HS_INFO_NAME_MAX] = '\0';
	snprintf(line, sizeof(line), "%s: 48", name);
	feed(&info, line);
	ck_assert_uint_eq(info.count, 2);
	ck_assert(!hs_info_num(&info, name, &v));
	name[HS_INFO_NAME_MAX - 1] = '\0'; /* not kept cut either */
	ck_assert(!hs_info_num(&info, name, &v));
	feed(&info, "Pid: 1");
	ck_assert(hs_info_num(&info, "Pid", &v));
	ck_assert_double_eq(v, 1);
}
END_TEST

/* HS_INFO_VALUE_MAX: values of up to 39 bytes are kept; longer ones are
 * kept as "" (not numeric), the field still present.
 */
START_TEST(test_info_value_length_limit)
{
	static struct hs_info info;
	char value[HS_INFO_VALUE_MAX + 1], line[200];
	double v = 0;

	hs_info_init(&info);
	feed(&info, "Name: HAProxy");
	memset(value, '1', HS_INFO_VALUE_MAX - 1);
	value[HS_INFO_VALUE_MAX - 1] = '\0';
	snprintf(line, sizeof(line), "Big: %s", value);
	feed(&info, line);
	ck_assert_str_eq(value_of(&info, "Big"), value);
	ck_assert(hs_info_num(&info, "Big", &v));
	ck_assert_double_eq_tol(v, 1.111111111111111e38, 1e24);

	memset(value, '1', HS_INFO_VALUE_MAX);
	value[HS_INFO_VALUE_MAX] = '\0';
	snprintf(line, sizeof(line), "Bigger: %s", value);
	feed(&info, line);
	ck_assert_str_eq(value_of(&info, "Bigger"), "");
	ck_assert(!hs_info_num(&info, "Bigger", &v));
	ck_assert_uint_eq(info.count, 3);

	/* a description too long to keep */
	feed(&info, "description: \"the main load balancer, in the first rack of room 4\"");
	ck_assert_str_eq(value_of(&info, "description"), "");
}
END_TEST

/* HS_INFO_FIELDS: the table keeps 160 fields; more are ignored. */
START_TEST(test_info_field_table_limit)
{
	static struct hs_info info;
	char line[64], name[32];
	double v = 0;
	int i;

	hs_info_init(&info);
	feed(&info, "Name: HAProxy");
	for (i = 1; i < HS_INFO_FIELDS + 10; i++) {
		snprintf(line, sizeof(line), "F%d: %d", i, i);
		feed(&info, line);
	}
	ck_assert_uint_eq(info.count, HS_INFO_FIELDS);
	snprintf(name, sizeof(name), "F%d", HS_INFO_FIELDS - 1);
	ck_assert(hs_info_num(&info, name, &v));
	ck_assert_double_eq(v, HS_INFO_FIELDS - 1);
	snprintf(name, sizeof(name), "F%d", HS_INFO_FIELDS);
	ck_assert(!hs_info_num(&info, name, &v));
	/* a malformed line is still found beyond the table */
	{
		struct hs_error err = {0};

		ck_assert_int_eq(hs_info_line(&info, "garbage", &err), -1);
		ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
	}
}
END_TEST

/* hs_info_init() empties the table for a new answer. */
START_TEST(test_info_init_resets)
{
	static struct hs_info info;
	struct hs_error err = {0};
	double v = 0;

	feed_fixture(&info, "haproxy-2.6.12-show-info.txt");
	hs_info_init(&info);
	ck_assert_uint_eq(info.count, 0);
	ck_assert(!hs_info_num(&info, "Pid", &v));
	/* the next line is a first line again */
	ck_assert_int_eq(hs_info_line(&info, "Permission denied", &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOT_STATS);
}
END_TEST

Suite *
make_info_suite(void)
{
	Suite *s = suite_create("info");
	TCase *tc;

	tc = tcase_create("Captures");
	tcase_add_test(tc, test_info_real_capture);
	tcase_add_test(tc, test_info_names_with_a_space);
	tcase_add_loop_test(tc, test_info_real_capture_text_fields, 0, 6);
	tcase_add_test(tc, test_info_real_capture_float);
	tcase_add_test(tc, test_info_unknown_fields);
	suite_add_tcase(s, tc);

	tc = tcase_create("Lines");
	tcase_add_loop_test(tc, test_info_numeric_parsing, 0,
			    (int)(sizeof(nums) / sizeof(nums[0])));
	tcase_add_test(tc, test_info_split_at_first_separator);
	tcase_add_loop_test(tc, test_info_first_line_not_stats, 0,
			    (int)(sizeof(not_stats) / sizeof(not_stats[0])));
	tcase_add_test(tc, test_info_master_cli_unknown_command);
	tcase_add_loop_test(tc, test_info_malformed_later_line, 0, 6);
	tcase_add_test(tc, test_info_error_excerpt_sanitized);
	tcase_add_test(tc, test_info_init_resets);
	suite_add_tcase(s, tc);

	tc = tcase_create("Limits");
	tcase_add_test(tc, test_info_name_length_limit);
	tcase_add_test(tc, test_info_value_length_limit);
	tcase_add_test(tc, test_info_field_table_limit);
	suite_add_tcase(s, tc);
	return s;
}
