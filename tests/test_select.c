/* test_select.c: proxy and server selection by anchored regular expression. */
#include <check.h>
#include <string.h>

#include "hs_select.h"
#include "suites.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct hs_selection sel;
static struct hs_select_marks marks; /* what matching has seen */

static void
setup(void)
{
	hs_selection_init(&sel);
	ck_assert_int_eq(hs_select_marks_init(&marks, &sel, NULL), 0);
}

static void
teardown(void)
{
	hs_select_marks_free(&marks);
	hs_selection_free(&sel);
}

static void
add(enum hs_sel_list which, const char *pattern)
{
	struct hs_error err = {0};

	ck_assert_msg(hs_selection_add(&sel, which, pattern, &err) == 0, "%s: %s", pattern,
		      err.msg);
	/* fresh marks for the grown selection */
	hs_select_marks_free(&marks);
	ck_assert_int_eq(hs_select_marks_init(&marks, &sel, NULL), 0);
}

/* ---- matching ---- */

/* One include pattern against one name: whole-name matching. */
static const struct {
	const char *pattern, *name;
	bool selected;
} whole[] = {
	{"app", "app", true},
	{"app", "app-main", false},
	{"app", "my-app", false},
	{"app", "xappx", false},
	{"app.*", "app-main", true},
	{"app.*", "app", true},
	{"app.*", "webapp", false},
	{".*app", "webapp", true},
	{"be_(a|b)", "be_a", true},
	{"be_(a|b)", "be_c", false},
	{"a|b", "a", true},
	{"a|b", "b", true},
	{"a|b", "ab", false}, /* alternation stays anchored on both sides */
	{"a|b", "xa", false},
	{"a|b", "bx", false},
	{"fe.main", "fe_main", true},
	{"fe_main", "FE_MAIN", false},
	{"[0-9]+", "123", true},
	{"[0-9]+", "123a", false},
	{"b", "abc", false},
	{".*", "anything", true},
	{"x*", "y", false},   /* an empty match is not the whole name */
	{"a|ab", "ab", true}, /* the longest alternative counts */
	{"(a|ab)(c|bcd)", "abcd", true},
	{"^app$", "app", true}, /* explicit anchors are harmless */
	{"s[0-9]", "s1x", false},
};

START_TEST(test_select_pattern_matches_whole_name)
{
	bool got;

	add(HS_SEL_PROXY, whole[_i].pattern);
	got = hs_select_proxy(&sel, whole[_i].name, &marks);
	ck_assert_msg(got == whole[_i].selected, "'%s' vs '%s': %s", whole[_i].pattern,
		      whole[_i].name, got ? "selected" : "not selected");
	ck_assert_int_eq(marks.matched[HS_SEL_PROXY][0], whole[_i].selected);
}
END_TEST

START_TEST(test_select_no_include_selects_everything)
{
	ck_assert(hs_select_proxy(&sel, "anything", &marks));
	ck_assert(hs_select_server(&sel, "s1", &marks));
	ck_assert_int_eq(hs_selection_check(&sel, &marks, NULL), 0);
}
END_TEST

START_TEST(test_select_includes_are_ored)
{
	add(HS_SEL_PROXY, "fe_main");
	add(HS_SEL_PROXY, "be_app");
	ck_assert(hs_select_proxy(&sel, "fe_main", &marks));
	ck_assert(hs_select_proxy(&sel, "be_app", &marks));
	ck_assert(!hs_select_proxy(&sel, "be_other", &marks));
	ck_assert_uint_eq(sel.count[HS_SEL_PROXY], 2);
}
END_TEST

START_TEST(test_select_exclude_wins_over_include)
{
	add(HS_SEL_PROXY, "be_.*");
	add(HS_SEL_EXCLUDE_PROXY, "be_app");
	ck_assert(!hs_select_proxy(&sel, "be_app", &marks));
	ck_assert(hs_select_proxy(&sel, "be_other", &marks));
	ck_assert(!hs_select_proxy(&sel, "fe_main", &marks));
}
END_TEST

START_TEST(test_select_exclude_alone_keeps_the_rest)
{
	add(HS_SEL_EXCLUDE_PROXY, "stats");
	ck_assert(!hs_select_proxy(&sel, "stats", &marks));
	ck_assert(hs_select_proxy(&sel, "stats2", &marks)); /* anchored */
	ck_assert(hs_select_proxy(&sel, "fe_main", &marks));
	ck_assert_int_eq(hs_selection_check(&sel, &marks, NULL), 0); /* excludes need not match */
}
END_TEST

START_TEST(test_select_excluded_name_does_not_mark_include)
{
	struct hs_error err = {0};

	add(HS_SEL_PROXY, "be_app");
	add(HS_SEL_EXCLUDE_PROXY, "be_.*");
	ck_assert(!hs_select_proxy(&sel, "be_app", &marks));
	ck_assert(!marks.matched[HS_SEL_PROXY][0]);
	ck_assert_int_eq(hs_selection_check(&sel, &marks, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOMATCH);
}
END_TEST

START_TEST(test_select_marks_only_matching_patterns)
{
	add(HS_SEL_PROXY, "fe_.*");
	add(HS_SEL_PROXY, "be_.*");
	add(HS_SEL_PROXY, ".*_main");
	ck_assert(hs_select_proxy(&sel, "fe_main", &marks));
	ck_assert(marks.matched[HS_SEL_PROXY][0]);
	ck_assert(!marks.matched[HS_SEL_PROXY][1]);
	ck_assert(marks.matched[HS_SEL_PROXY][2]); /* every matching pattern is marked */
	ck_assert(!hs_select_proxy(&sel, "stats", &marks));
	ck_assert(!marks.matched[HS_SEL_PROXY][1]);
	ck_assert(hs_select_proxy(&sel, "be_app", &marks));
	ck_assert(marks.matched[HS_SEL_PROXY][1]);
}
END_TEST

/* ---- servers ---- */

START_TEST(test_select_server_filter)
{
	add(HS_SEL_EXCLUDE_SERVER, "s9");
	add(HS_SEL_SERVER, "s[12]");
	ck_assert(hs_select_server(&sel, "s1", &marks));
	ck_assert(hs_select_server(&sel, "s2", &marks));
	ck_assert(!hs_select_server(&sel, "s3", &marks));
	ck_assert(!hs_select_server(&sel, "s12", &marks));
	/* proxy and server lists are independent */
	ck_assert(hs_select_proxy(&sel, "s3", &marks));
	ck_assert_uint_eq(sel.count[HS_SEL_PROXY], 0);
}
END_TEST

START_TEST(test_select_server_exclude_wins)
{
	add(HS_SEL_SERVER, "s.*");
	add(HS_SEL_EXCLUDE_SERVER, "s2");
	ck_assert(hs_select_server(&sel, "s1", &marks));
	ck_assert(!hs_select_server(&sel, "s2", &marks));
	ck_assert(hs_select_proxy(&sel, "s2", &marks)); /* proxies are unaffected */
}
END_TEST

/* ---- check and errors ---- */

START_TEST(test_select_check_names_unmatched_pattern)
{
	struct hs_error err = {0};

	add(HS_SEL_PROXY, "fe_main");
	add(HS_SEL_PROXY, "be_typo");
	ck_assert(hs_select_proxy(&sel, "fe_main", &marks));
	ck_assert(!hs_select_proxy(&sel, "be_app", &marks));
	ck_assert_int_eq(hs_selection_check(&sel, &marks, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOMATCH);
	ck_assert_msg(strstr(err.msg, "be_typo") != NULL, "message: %s", err.msg);
	ck_assert_msg(strstr(err.msg, "fe_main") == NULL, "message: %s", err.msg);
}
END_TEST

START_TEST(test_select_check_names_unmatched_server_pattern)
{
	struct hs_error err = {0};

	add(HS_SEL_PROXY, "be_app");
	add(HS_SEL_SERVER, "srv_typo");
	ck_assert(hs_select_proxy(&sel, "be_app", &marks));
	ck_assert(!hs_select_server(&sel, "s1", &marks));
	ck_assert_int_eq(hs_selection_check(&sel, &marks, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOMATCH);
	ck_assert_msg(strstr(err.msg, "srv_typo") != NULL, "message: %s", err.msg);
}
END_TEST

START_TEST(test_select_check_passes_when_all_matched)
{
	struct hs_error err = {0};

	add(HS_SEL_PROXY, "fe_.*");
	add(HS_SEL_SERVER, "s1");
	ck_assert_int_eq(hs_selection_check(&sel, &marks, &err), -1); /* nothing seen yet */
	ck_assert(hs_select_proxy(&sel, "fe_main", &marks));
	ck_assert(hs_select_server(&sel, "s1", &marks));
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(hs_selection_check(&sel, &marks, &err), 0);
	ck_assert_int_eq(err.code, HS_ERR_NONE);
}
END_TEST

/* Patterns that are not valid regular expressions; the last ones become
 * valid once wrapped in "^(...)$", so wrapping alone must not be the test.
 */
static const char *const invalid[] = {"(", "[a-", "*x", "a{2,1}", "(a))(", "a)(", "a)|(b"};

START_TEST(test_select_invalid_regex_is_usage)
{
	struct hs_error err = {0};
	regex_t re;
	int rc;

	/* precondition: the pattern does not compile by itself */
	ck_assert_int_ne(regcomp(&re, invalid[_i], REG_EXTENDED | REG_NOSUB), 0);
	rc = hs_selection_add(&sel, HS_SEL_PROXY, invalid[_i], &err);
	ck_assert_msg(rc == -1, "'%s' accepted though it is not a valid regular expression",
		      invalid[_i]);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, invalid[_i]));
	ck_assert_uint_eq(sel.count[HS_SEL_PROXY], 0);
}
END_TEST

START_TEST(test_select_paren_pattern_is_usage)
{
	struct hs_error err = {0};

	ck_assert_int_eq(hs_selection_add(&sel, HS_SEL_PROXY, "(", &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "("));
	ck_assert_uint_eq(sel.count[HS_SEL_PROXY], 0);
	/* the selection stays usable */
	add(HS_SEL_PROXY, "ok");
	ck_assert(hs_select_proxy(&sel, "ok", &marks));
}
END_TEST

/* Patterns whose compilation would take glibc's regcomp() hundreds of
 * MiB or more (found by fuzz/fuzz_options.c) are refused with USAGE
 * before regcomp() sees them.
 */
static const char *const costly[] = {
	"d++",                                   /* stacked operators */
	"d+++++++++++++++++++++",                /* 1.4 GiB in regcomp */
	"a*?",                                   /* stacked operators */
	"a{1,32767}",                            /* 8 GiB */
	"a{2}{3}",                               /* stacked bounds */
	"a{1,99}b{1,99}",                        /* product of bounds */
	"((((((((((((d+)+)+)+)+)+)+)+)+)+)+)+)", /* 11 repeated groups */
};

START_TEST(test_select_costly_pattern_is_usage)
{
	struct hs_error err = {0};

	ck_assert_int_eq(hs_selection_add(&sel, HS_SEL_SERVER, costly[_i], &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "too much memory"));
	ck_assert_uint_eq(sel.count[HS_SEL_SERVER], 0);
}
END_TEST

/* The guard does not refuse patterns that look alike but are cheap. */
static const char *const cheap[] = {
	"nginx[0-9]+", "app-(main|backup)", "[]+*]+x", "a\\++",   "[[:digit:]*]+",
	"ab{2,3}c*",   "a{1,1000}",         "(a*)*",   "x(y+)?z",
};

START_TEST(test_select_cheap_pattern_is_accepted)
{
	add(HS_SEL_SERVER, cheap[_i]);
	ck_assert_uint_eq(sel.count[HS_SEL_SERVER], 1);
}
END_TEST

/* A pattern that escapes the anchoring must never select by substring. */
START_TEST(test_select_pattern_cannot_escape_anchoring)
{
	struct hs_error err = {0};

	if (hs_selection_add(&sel, HS_SEL_PROXY, "a)|(.*", &err) == -1) {
		ck_assert_int_eq(err.code, HS_ERR_USAGE);
		return;
	}
	ck_assert_msg(!hs_select_proxy(&sel, "abc", &marks),
		      "'a)|(.*' selected 'abc': the pattern is not matched against the whole name");
	ck_assert_msg(!hs_select_proxy(&sel, "zzz", &marks),
		      "'a)|(.*' selected 'zzz': the pattern is not matched against the whole name");
}
END_TEST

START_TEST(test_select_free_resets)
{
	add(HS_SEL_PROXY, "a");
	add(HS_SEL_SERVER, "b");
	hs_selection_free(&sel);
	ck_assert_uint_eq(sel.count[HS_SEL_PROXY], 0);
	ck_assert_uint_eq(sel.count[HS_SEL_SERVER], 0);
	ck_assert(hs_select_proxy(&sel, "anything", &marks));
}
END_TEST

/* A pattern that spells out one name (what --discover writes) knows it;
 * any other has none, so that the plan asks for every proxy.
 */
START_TEST(test_select_literal_name)
{
	static const struct {
		const char *pattern, *literal;
	} cases[] = {
		{"app", "app"},
		{"a[.]b", "a.b"},
		{"a\\.b", "a.b"},
		{"st:ats-1", "st:ats-1"},
		{"x_y[.]z:9", "x_y.z:9"},
		{"a.b", NULL},
		{"a[.]b.*", NULL},
		{"^app$", NULL},
		{"a[.b]", NULL},
		{"a|b", NULL},
		{"[.]", "."},
		{"app\\", NULL},
	};
	struct hs_selection one;
	struct hs_error err = {0};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *lit;

		hs_selection_init(&one);
		if (hs_selection_add(&one, HS_SEL_PROXY, cases[i].pattern, &err) != 0) {
			/* an invalid regex has no literal either */
			ck_assert_ptr_null(cases[i].literal);
			hs_selection_free(&one);
			continue;
		}
		lit = one.list[HS_SEL_PROXY][0].literal;
		if (cases[i].literal == NULL)
			ck_assert_msg(lit == NULL, "'%s' gave '%s'", cases[i].pattern, lit);
		else
			ck_assert_msg(lit != NULL && strcmp(lit, cases[i].literal) == 0,
				      "'%s' gave '%s'", cases[i].pattern, lit ? lit : "(null)");
		/* and the pattern matches that name */
		if (lit != NULL)
			ck_assert(hs_select_proxy(&one, lit, NULL));
		hs_selection_free(&one);
	}
}
END_TEST

Suite *
make_select_suite(void)
{
	Suite *s = suite_create("select");
	TCase *tc;

	tc = tcase_create("Match");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_select_pattern_matches_whole_name, 0, N(whole));
	tcase_add_test(tc, test_select_no_include_selects_everything);
	tcase_add_test(tc, test_select_includes_are_ored);
	tcase_add_test(tc, test_select_exclude_wins_over_include);
	tcase_add_test(tc, test_select_exclude_alone_keeps_the_rest);
	tcase_add_test(tc, test_select_excluded_name_does_not_mark_include);
	tcase_add_test(tc, test_select_marks_only_matching_patterns);
	tcase_add_test(tc, test_select_free_resets);
	suite_add_tcase(s, tc);

	tc = tcase_create("Servers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_select_server_filter);
	tcase_add_test(tc, test_select_server_exclude_wins);
	suite_add_tcase(s, tc);

	tc = tcase_create("Check");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_select_check_names_unmatched_pattern);
	tcase_add_test(tc, test_select_check_names_unmatched_server_pattern);
	tcase_add_test(tc, test_select_check_passes_when_all_matched);
	suite_add_tcase(s, tc);

	tc = tcase_create("Errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_select_paren_pattern_is_usage);
	tcase_add_loop_test(tc, test_select_invalid_regex_is_usage, 0, N(invalid));
	tcase_add_test(tc, test_select_pattern_cannot_escape_anchoring);
	tcase_add_test(tc, test_select_literal_name);
	tcase_add_loop_test(tc, test_select_costly_pattern_is_usage, 0, N(costly));
	tcase_add_loop_test(tc, test_select_cheap_pattern_is_accepted, 0, N(cheap));
	suite_add_tcase(s, tc);
	return s;
}
