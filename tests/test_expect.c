/* test_expect.c: objects that must exist (hs_expect.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_expect.h"
#include "suites.h"

/* HAProxy's invalid_char(): the only bytes a name may hold. */
static bool
allowed(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == ':' || c == '-';
}

static void
add_ok(struct hs_expect *ex, const char *arg)
{
	struct hs_error err = {0};

	ck_assert_msg(hs_expect_add(ex, arg, &err) == 0, "'%s' refused: %s", arg, err.msg);
}

static void
add_usage(struct hs_expect *ex, const char *arg)
{
	struct hs_error err = {0};
	size_t count = ex->count;

	ck_assert_msg(hs_expect_add(ex, arg, &err) == -1, "'%s' accepted", arg);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_uint_eq(ex->count, count);
}

/* Names that HAProxy accepts, with every allowed character. */
START_TEST(test_expect_name_valid)
{
	static const char *const good[] = {
		"a",
		"Z",
		"0",
		".",
		"_",
		":",
		"-",
		"be_app",
		"fe-main.v2:443",
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(hs_name_valid(good[i]), "'%s' refused", good[i]);
	ck_assert(!hs_name_valid(""));
}
END_TEST

/* Every byte value: allowed ones make a valid name alone, at the start, in
 * the middle and at the end; every other byte makes it invalid there.
 */
START_TEST(test_expect_name_every_byte)
{
	int c = _i; /* 1 to 255 */
	char alone[2] = {(char)c, '\0'};
	char start[4] = {(char)c, 'a', 'b', '\0'};
	char mid[4] = {'a', (char)c, 'b', '\0'};
	char end[4] = {'a', 'b', (char)c, '\0'};

	ck_assert_msg(hs_name_valid(alone) == allowed(c), "byte %d alone", c);
	ck_assert_msg(hs_name_valid(start) == allowed(c), "byte %d first", c);
	ck_assert_msg(hs_name_valid(mid) == allowed(c), "byte %d inside", c);
	ck_assert_msg(hs_name_valid(end) == allowed(c), "byte %d last", c);
}
END_TEST

/* Separators and keywords of the CLI, and text that would smuggle them. */
START_TEST(test_expect_name_cli_injection)
{
	static const char *const bad[] = {
		"a;b", "a b", "a\nb", "a\rb", "a\tb", "show stat;shutdown sessions",
		"a/b", "a,b", "a\\b", "a'b",  "a\"b", "a#b",
		"a@b", "a*b", "a?b",  "a=b",  "a|b",  "\xc3\xa9t\xc3\xa9",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!hs_name_valid(bad[i]), "'%s' accepted", bad[i]);
}
END_TEST

/* 1 to 255 bytes: 255 is valid, 256 and more are not. */
START_TEST(test_expect_name_length)
{
	char name[300];

	memset(name, 'n', sizeof(name));
	name[255] = '\0';
	ck_assert(hs_name_valid(name));
	name[255] = 'n';
	name[256] = '\0';
	ck_assert(!hs_name_valid(name));
	name[256] = 'n';
	name[299] = '\0';
	ck_assert(!hs_name_valid(name));
	/* a 256-byte name invalid even when it ends with an invalid byte */
	name[255] = ' ';
	name[256] = '\0';
	ck_assert(!hs_name_valid(name));
}
END_TEST

/* PROXY and PROXY/SERVER. */
START_TEST(test_expect_add_proxy_and_server)
{
	struct hs_expect ex;

	hs_expect_init(&ex);
	ck_assert_uint_eq(ex.count, 0);
	add_ok(&ex, "be_app");
	add_ok(&ex, "be_app/s1");
	add_ok(&ex, "fe_main");
	ck_assert_uint_eq(ex.count, 3);
	ck_assert_str_eq(ex.item[0].proxy, "be_app");
	ck_assert_ptr_null(ex.item[0].server);
	ck_assert_str_eq(ex.item[1].proxy, "be_app");
	ck_assert_str_eq(ex.item[1].server, "s1");
	ck_assert_str_eq(ex.item[2].proxy, "fe_main");
	ck_assert_ptr_null(ex.item[2].server);
	hs_expect_free(&ex);
	ck_assert_uint_eq(ex.count, 0);
	ck_assert_ptr_null(ex.item);
}
END_TEST

/* The argument is copied: the caller's string may change afterwards. */
START_TEST(test_expect_add_copies)
{
	struct hs_expect ex;
	char arg[] = "be_app/s1";

	hs_expect_init(&ex);
	add_ok(&ex, arg);
	memset(arg, 'x', sizeof(arg) - 1);
	ck_assert_str_eq(ex.item[0].proxy, "be_app");
	ck_assert_str_eq(ex.item[0].server, "s1");
	hs_expect_free(&ex);
}
END_TEST

/* What is not PROXY or PROXY/SERVER is USAGE, and adds nothing. */
START_TEST(test_expect_add_invalid)
{
	static const char *const bad[] = {
		"",         "/",           "/s1",    "be_app/",    "be_app/s1/x", "be_app//s1",
		" be_app",  "be_app ",     "be app", "be_app/s 1", "be_app;show", "be_app/s1;x",
		"be_app\n", "be_app/s1\n", "*",      "be_app/*",
	};
	struct hs_expect ex;
	size_t i;

	hs_expect_init(&ex);
	add_ok(&ex, "ok");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		add_usage(&ex, bad[i]);
	ck_assert_uint_eq(ex.count, 1);
	hs_expect_free(&ex);
}
END_TEST

/* The message names the option and quotes (at most 120 bytes of) it. */
START_TEST(test_expect_add_invalid_message)
{
	struct hs_expect ex;
	struct hs_error err = {0};
	char arg[400];

	hs_expect_init(&ex);
	ck_assert_int_eq(hs_expect_add(&ex, "be app", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "--expect 'be app' is not PROXY or PROXY/SERVER"));
	memset(arg, 'a', sizeof(arg) - 1);
	arg[sizeof(arg) - 1] = '\0';
	arg[0] = ' ';
	ck_assert_int_eq(hs_expect_add(&ex, arg, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_ptr_null(strstr(err.msg, arg + sizeof(arg) - 1 - 121));
	ck_assert_uint_lt(strlen(err.msg), 300);
	hs_expect_free(&ex);
}
END_TEST

/* Either name may be 255 bytes; 256 in either is USAGE. */
START_TEST(test_expect_add_name_length)
{
	char p255[256], p256[257], arg[600];
	struct hs_expect ex;

	memset(p255, 'p', 255);
	p255[255] = '\0';
	memset(p256, 'q', 256);
	p256[256] = '\0';
	hs_expect_init(&ex);
	add_ok(&ex, p255);
	snprintf(arg, sizeof(arg), "%s/%s", p255, p255);
	add_ok(&ex, arg);
	ck_assert_uint_eq(strlen(ex.item[1].proxy), 255);
	ck_assert_uint_eq(strlen(ex.item[1].server), 255);
	add_usage(&ex, p256);
	snprintf(arg, sizeof(arg), "%s/s1", p256);
	add_usage(&ex, arg);
	snprintf(arg, sizeof(arg), "be_app/%s", p256);
	add_usage(&ex, arg);
	ck_assert_uint_eq(ex.count, 2);
	hs_expect_free(&ex);
}
END_TEST

/* HS_EXPECT_MAX expectations are accepted, one more is USAGE. */
START_TEST(test_expect_add_max)
{
	struct hs_expect ex;
	struct hs_error err = {0};
	char arg[32];
	int i;

	hs_expect_init(&ex);
	for (i = 0; i < HS_EXPECT_MAX; i++) {
		snprintf(arg, sizeof(arg), "be%d/s%d", i, i);
		add_ok(&ex, arg);
	}
	ck_assert_uint_eq(ex.count, HS_EXPECT_MAX);
	ck_assert_int_eq(hs_expect_add(&ex, "one_more", &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_str_eq(err.msg, "more than 256 --expect options");
	ck_assert_uint_eq(ex.count, HS_EXPECT_MAX);
	ck_assert_str_eq(ex.item[HS_EXPECT_MAX - 1].proxy, "be255");
	ck_assert_str_eq(ex.item[HS_EXPECT_MAX - 1].server, "s255");
	hs_expect_free(&ex);
}
END_TEST

/* An exact duplicate is kept once: repeating an --expect (an Icinga array
 * holding it twice) must not report the same missing object twice nor
 * count towards HS_EXPECT_MAX. Names are case-sensitive, and a proxy and
 * one of its servers are two expectations.
 */
START_TEST(test_expect_add_duplicates)
{
	struct hs_expect ex;
	int i;

	hs_expect_init(&ex);
	add_ok(&ex, "be_app");
	add_ok(&ex, "be_app");
	ck_assert_uint_eq(ex.count, 1);
	add_ok(&ex, "be_app/s1");
	add_ok(&ex, "be_app/s1");
	ck_assert_uint_eq(ex.count, 2);
	add_ok(&ex, "BE_APP");
	add_ok(&ex, "be_app/S1");
	add_ok(&ex, "s1");
	ck_assert_uint_eq(ex.count, 5);
	ck_assert_str_eq(ex.item[0].proxy, "be_app");
	ck_assert_ptr_null(ex.item[0].server);
	ck_assert_str_eq(ex.item[1].server, "s1");
	hs_expect_free(&ex);

	/* a full list still takes a repeat of what it holds */
	hs_expect_init(&ex);
	for (i = 0; i < HS_EXPECT_MAX; i++)
		add_ok(&ex, "be_app/s1");
	ck_assert_uint_eq(ex.count, 1);
	hs_expect_free(&ex);
}
END_TEST

/* hs_expect_seen. Kept in its own test case: "found" marks may move out
 * of struct hs_expect into per-run state.
 */

/* The rows of a dump: (proxy, svname, type). */
struct seen_row {
	const char *px, *sv;
	enum hs_objtype type;
};

/* Whether expectation <arg> is found after the rows <rows>. */
static bool
found_after(const char *arg, const struct seen_row *rows, size_t n)
{
	struct hs_expect ex;
	size_t i;
	bool found[1] = {false};

	hs_expect_init(&ex);
	add_ok(&ex, arg);
	for (i = 0; i < n; i++)
		hs_expect_seen(&ex, found, rows[i].px, rows[i].sv, rows[i].type);
	hs_expect_free(&ex);
	return found[0];
}

#define FOUND_AFTER(arg, ...)                                                                      \
	found_after(arg, (const struct seen_row[]){__VA_ARGS__},                                   \
		    sizeof((const struct seen_row[]){__VA_ARGS__}) / sizeof(struct seen_row))

/* A proxy is found by its FRONTEND or BACKEND row, never by a server or
 * listener row of it.
 */
START_TEST(test_expect_seen_proxy_by_type)
{
	ck_assert(FOUND_AFTER("fe_main", {"fe_main", "FRONTEND", HS_OBJ_FRONTEND}));
	ck_assert(FOUND_AFTER("be_app", {"be_app", "BACKEND", HS_OBJ_BACKEND}));
	ck_assert(!FOUND_AFTER("be_app", {"be_app", "s1", HS_OBJ_SERVER}));
	ck_assert(!FOUND_AFTER("fe_main", {"fe_main", "sock-1", HS_OBJ_LISTENER}));
	ck_assert(!FOUND_AFTER("be_app", {"be_app2", "BACKEND", HS_OBJ_BACKEND}));
	ck_assert(!FOUND_AFTER("be_app", {"be_ap", "BACKEND", HS_OBJ_BACKEND}));
	ck_assert(!FOUND_AFTER("be_app", {"BE_APP", "BACKEND", HS_OBJ_BACKEND}));
	/* a server row named like the proxy */
	ck_assert(!FOUND_AFTER("s1", {"be_app", "s1", HS_OBJ_SERVER}));
}
END_TEST

/* A server is found only by a SERVER row of that proxy with that name. */
START_TEST(test_expect_seen_server_by_type)
{
	ck_assert(FOUND_AFTER("be_app/s1", {"be_app", "s1", HS_OBJ_SERVER}));
	ck_assert(!FOUND_AFTER("be_app/s1", {"be_app", "BACKEND", HS_OBJ_BACKEND}));
	ck_assert(!FOUND_AFTER("be_app/s1", {"be_app", "s1", HS_OBJ_LISTENER}));
	ck_assert(!FOUND_AFTER("be_app/s1", {"be_app", "s1", HS_OBJ_BACKEND}));
	ck_assert(!FOUND_AFTER("be_app/s1", {"be_app", "s1", HS_OBJ_FRONTEND}));
	ck_assert(!FOUND_AFTER("be_app/s1", {"be_other", "s1", HS_OBJ_SERVER}));
	ck_assert(!FOUND_AFTER("be_app/s1", {"be_app", "s10", HS_OBJ_SERVER}));
	ck_assert(!FOUND_AFTER("be_app/s1", {"be_app", "S1", HS_OBJ_SERVER}));
	/* a server named BACKEND or FRONTEND is still a server */
	ck_assert(!FOUND_AFTER("be_app/BACKEND", {"be_app", "BACKEND", HS_OBJ_BACKEND}));
	ck_assert(FOUND_AFTER("be_app/BACKEND", {"be_app", "BACKEND", HS_OBJ_SERVER}));
	ck_assert(!FOUND_AFTER("fe_main/FRONTEND", {"fe_main", "FRONTEND", HS_OBJ_FRONTEND}));
	/* the server alone does not make its proxy found, nor the reverse */
	ck_assert(!FOUND_AFTER("be_app", {"be_app", "s1", HS_OBJ_SERVER}));
	ck_assert(!FOUND_AFTER("be_app/s1", {"be_app", "BACKEND", HS_OBJ_BACKEND}));
}
END_TEST

/* Once found, later rows (other proxies, other types) do not undo it. */
START_TEST(test_expect_seen_stays_found)
{
	ck_assert(FOUND_AFTER(
		"be_app/s1", {"be_app", "s1", HS_OBJ_SERVER}, {"be_app", "s2", HS_OBJ_SERVER},
		{"be_app", "BACKEND", HS_OBJ_BACKEND}, {"be_x", "s1", HS_OBJ_SERVER}));
	ck_assert(FOUND_AFTER("be_app", {"be_app", "BACKEND", HS_OBJ_BACKEND},
			      {"be_app", "s1", HS_OBJ_SERVER},
			      {"other", "FRONTEND", HS_OBJ_FRONTEND}));
	/* and a match after unrelated rows is found */
	ck_assert(FOUND_AFTER("be_app/s3", {"fe_main", "FRONTEND", HS_OBJ_FRONTEND},
			      {"be_app", "s1", HS_OBJ_SERVER}, {"be_app", "s2", HS_OBJ_SERVER},
			      {"be_app", "s3", HS_OBJ_SERVER},
			      {"be_app", "BACKEND", HS_OBJ_BACKEND}));
}
END_TEST

/* Every expectation is marked on its own, in one pass over a dump. */
START_TEST(test_expect_seen_many)
{
	static const struct seen_row dump[] = {
		{"fe_main", "FRONTEND", HS_OBJ_FRONTEND}, {"fe_main", "sock-1", HS_OBJ_LISTENER},
		{"be_app", "s1", HS_OBJ_SERVER},          {"be_app", "s2", HS_OBJ_SERVER},
		{"be_app", "BACKEND", HS_OBJ_BACKEND},
	};
	static const char *const args[] = {"fe_main",   "fe_main/sock-1", "be_app",
					   "be_app/s2", "be_app/s3",      "be_gone"};
	static const bool want[] = {true, false, true, true, false, false};
	bool found[sizeof(args) / sizeof(args[0])] = {false};
	struct hs_expect ex;
	size_t i;

	hs_expect_init(&ex);
	for (i = 0; i < sizeof(args) / sizeof(args[0]); i++)
		add_ok(&ex, args[i]);
	for (i = 0; i < sizeof(dump) / sizeof(dump[0]); i++)
		hs_expect_seen(&ex, found, dump[i].px, dump[i].sv, dump[i].type);
	for (i = 0; i < sizeof(args) / sizeof(args[0]); i++)
		ck_assert_msg(found[i] == want[i], "%s: found=%d", args[i], found[i]);
	hs_expect_free(&ex);
}
END_TEST

Suite *
make_expect_suite(void)
{
	Suite *s = suite_create("expect");
	TCase *tc;

	tc = tcase_create("Names");
	tcase_add_test(tc, test_expect_name_valid);
	tcase_add_loop_test(tc, test_expect_name_every_byte, 1, 256);
	tcase_add_test(tc, test_expect_name_cli_injection);
	tcase_add_test(tc, test_expect_name_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("Add");
	tcase_add_test(tc, test_expect_add_proxy_and_server);
	tcase_add_test(tc, test_expect_add_copies);
	tcase_add_test(tc, test_expect_add_invalid);
	tcase_add_test(tc, test_expect_add_invalid_message);
	tcase_add_test(tc, test_expect_add_name_length);
	tcase_add_test(tc, test_expect_add_max);
	tcase_add_test(tc, test_expect_add_duplicates);
	suite_add_tcase(s, tc);

	tc = tcase_create("Seen");
	tcase_add_test(tc, test_expect_seen_proxy_by_type);
	tcase_add_test(tc, test_expect_seen_server_by_type);
	tcase_add_test(tc, test_expect_seen_stays_found);
	tcase_add_test(tc, test_expect_seen_many);
	suite_add_tcase(s, tc);
	return s;
}
