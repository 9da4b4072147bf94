/* test_ruleseen.c: what one evaluation learns about each rule
 * (hs_ruleseen.h).
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_ruleseen.h"
#include "suites.h"

/* Compiles the NULL-terminated rules <args>, each "w:ARG" or "c:ARG". */
static void
rules_make(struct hs_rules *rules, const char *const *args)
{
	struct hs_error err = {0};

	hs_rules_init(rules);
	for (; *args != NULL; args++)
		ck_assert_msg(hs_rules_add(rules, (*args)[0] == 'c', *args + 2, &err) == 0,
			      "%s: %s", *args, err.msg);
	ck_assert_msg(hs_rules_compile(rules, &err) == 0, "%s", err.msg);
}

static struct hs_ruleseen *
seen_new(bool keep_names)
{
	struct hs_ruleseen *rs = calloc(1, sizeof(*rs));

	ck_assert_ptr_nonnull(rs);
	rs->keep_names = keep_names;
	return rs;
}

static void
seen_free(struct hs_ruleseen *rs)
{
	hs_ruleseen_free(rs);
	free(rs);
}

/* Text <i> of the textlist <tl>, NUL-terminated into <buf>. */
static const char *
text_at(const struct hs_textlist *tl, size_t i, char *buf, size_t size)
{
	size_t len = tl->span[i].len < size - 1 ? tl->span[i].len : size - 1;

	memcpy(buf, tl->bytes.data + tl->span[i].off, len);
	buf[len] = '\0';
	return buf;
}

#define RANK_UNKNOWN 1 /* rep->list[]: OK, UNKNOWN, WARNING, CRITICAL */

/* ------------------------------------------------------------------ */
/* hs_ruleseen_object                                                  */

static const char *const proxy_rules[] = {"w:frontend.scur=10", "w:frontend.scur@app=5",
					  "w:backend.scur=3", NULL};

/* Which rules apply: by kind, and the PROXY rule in place of the one
 * without on its proxies.
 */
START_TEST(test_ruleseen_object_applies)
{
	struct hs_ruleseen *rs = seen_new(false);
	struct hs_rules rules;
	bool applies[HS_RULES_MAX];

	rules_make(&rules, proxy_rules);
	ck_assert_uint_eq(rules.count, 3);
	hs_ruleseen_object(rs, &rules, HS_F, "web", applies);
	ck_assert(applies[0] && !applies[1] && !applies[2]);
	hs_ruleseen_object(rs, &rules, HS_F, "app", applies);
	ck_assert(!applies[0] && applies[1] && !applies[2]);
	hs_ruleseen_object(rs, &rules, HS_B, "web", applies);
	ck_assert(!applies[0] && !applies[1] && applies[2]);
	hs_rules_free(&rules);
	seen_free(rs);
}
END_TEST

/* A PROXY pattern that matched once stays matched. */
START_TEST(test_ruleseen_object_proxy_matched_sticks)
{
	struct hs_ruleseen *rs = seen_new(false);
	struct hs_rules rules;
	bool applies[HS_RULES_MAX];

	rules_make(&rules, proxy_rules);
	hs_ruleseen_object(rs, &rules, HS_F, "web", applies);
	ck_assert(!rs->rule[1].proxy_matched);
	hs_ruleseen_object(rs, &rules, HS_F, "app", applies);
	ck_assert(rs->rule[1].proxy_matched);
	hs_ruleseen_object(rs, &rules, HS_F, "web", applies);
	ck_assert(rs->rule[1].proxy_matched);
	ck_assert(!rs->rule[0].proxy_matched); /* no pattern: never "matched" */
	hs_rules_free(&rules);
	seen_free(rs);
}
END_TEST

/* No rules: nothing applies and <applies> is not touched. */
START_TEST(test_ruleseen_object_no_rules)
{
	struct hs_ruleseen *rs = seen_new(false);
	bool applies[HS_RULES_MAX];

	memset(applies, 1, sizeof(applies));
	hs_ruleseen_object(rs, NULL, HS_F, "app", applies);
	ck_assert(applies[0] && applies[HS_RULES_MAX - 1]);
	ck_assert(!rs->rule[0].proxy_matched);
	seen_free(rs);
}
END_TEST

/* ------------------------------------------------------------------ */
/* hs_ruleseen_skip                                                    */

/* Every skip counts; the first one's reason and (with keep_names) its
 * name, copied, are kept.
 */
START_TEST(test_ruleseen_skip_first_kept)
{
	struct hs_ruleseen *rs = seen_new(true);
	char name[16] = "app/s1";

	hs_ruleseen_skip(rs, 2, name, HS_MR_NOLIMIT);
	strcpy(name, "overwritten");
	hs_ruleseen_skip(rs, 2, "app/s2", HS_MR_EMPTY);
	hs_ruleseen_skip(rs, 2, "app/s3", HS_MR_MISSING);
	ck_assert_uint_eq(rs->rule[2].skipped, 3);
	ck_assert_int_eq(rs->rule[2].why, HS_MR_NOLIMIT);
	ck_assert_str_eq(rs->rule[2].first, "app/s1");
	ck_assert_uint_eq(rs->rule[0].skipped, 0); /* the others untouched */
	ck_assert_ptr_null(rs->rule[0].first);
	hs_ruleseen_free(rs);
	ck_assert_ptr_null(rs->rule[2].first);
	hs_ruleseen_free(rs); /* twice is harmless */
	free(rs);
}
END_TEST

START_TEST(test_ruleseen_skip_without_names)
{
	struct hs_ruleseen *rs = seen_new(false);

	hs_ruleseen_skip(rs, 0, "app/s1", HS_MR_EMPTY);
	hs_ruleseen_skip(rs, 0, "app/s2", HS_MR_NOLIMIT);
	ck_assert_uint_eq(rs->rule[0].skipped, 2);
	ck_assert_int_eq(rs->rule[0].why, HS_MR_EMPTY);
	ck_assert_ptr_null(rs->rule[0].first);
	seen_free(rs);
}
END_TEST

/* ------------------------------------------------------------------ */
/* hs_ruleseen_report                                                  */

/* A rule measured on nothing is an UNKNOWN finding "rule KEY: REASON",
 * listed; the reason is hs_rule_why's for the first skip.
 */
START_TEST(test_ruleseen_report_unmeasured)
{
	static const char *const args[] = {"w:frontend.rate_pct=50", "w:backend.scur=3", "c:10",
					   NULL};
	struct hs_ruleseen *rs = seen_new(true);
	struct hs_rules rules;
	struct hs_report rep;
	struct hs_buf why;
	char buf[512], want[512];

	rules_make(&rules, args);
	ck_assert_uint_eq(rules.count, 3);
	hs_ruleseen_skip(rs, 0, "app", HS_MR_NOLIMIT);
	rs->rule[2].measured = 4;
	hs_report_init(&rep);
	hs_ruleseen_report(rs, &rules, &rep, false, 0);
	ck_assert_int_eq(rep.state, HS_STATE_UNKNOWN);
	ck_assert_uint_eq(rep.list[RANK_UNKNOWN].n, 2);

	hs_buf_init(&why, 0);
	hs_rule_why(&rules.rule[0], HS_MR_NOLIMIT, false, &why);
	snprintf(want, sizeof(want), "rule frontend.rate_pct: %s", hs_buf_str(&why));
	ck_assert_str_eq(text_at(&rep.list[RANK_UNKNOWN], 0, buf, sizeof(buf)), want);
	ck_assert_ptr_nonnull(strstr(want, "limit (rate_lim)"));
	hs_buf_free(&why);

	/* never skipped: no object of its kind was seen */
	hs_rule_why(&rules.rule[1], HS_MR_OK, false, &why);
	snprintf(want, sizeof(want), "rule backend.scur: %s", hs_buf_str(&why));
	ck_assert_str_eq(text_at(&rep.list[RANK_UNKNOWN], 1, buf, sizeof(buf)), want);
	ck_assert_ptr_nonnull(strstr(want, "is selected"));
	hs_buf_free(&why);
	ck_assert_uint_eq(rep.notes.n, 0);
	hs_report_free(&rep);
	hs_rules_free(&rules);
	seen_free(rs);
}
END_TEST

/* A bare range is named "rate"; a PROXY pattern that matched nothing says
 * so.
 */
START_TEST(test_ruleseen_report_names)
{
	static const char *const args[] = {"w:10", "w:frontend.scur@db=5", NULL};
	struct hs_ruleseen *rs = seen_new(false);
	struct hs_rules rules;
	struct hs_report rep;
	char buf[512];

	rules_make(&rules, args);
	hs_report_init(&rep);
	hs_ruleseen_report(rs, &rules, &rep, true, 0);
	ck_assert_uint_eq(rep.list[RANK_UNKNOWN].n, 2);
	text_at(&rep.list[RANK_UNKNOWN], 0, buf, sizeof(buf));
	ck_assert_msg(strncmp(buf, "rule rate: ", 11) == 0, "%s", buf);
	text_at(&rep.list[RANK_UNKNOWN], 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "rule frontend.scur@db: no selected object belongs to a proxy "
			      "matching 'db'");
	/* matched but measured on nothing: another reason */
	rs->rule[1].proxy_matched = true;
	hs_report_free(&rep);
	hs_report_init(&rep);
	hs_ruleseen_report(rs, &rules, &rep, false, 0);
	text_at(&rep.list[RANK_UNKNOWN], 1, buf, sizeof(buf));
	ck_assert_msg(strncmp(buf, "rule frontend.scur@db: ", 23) == 0, "%s", buf);
	ck_assert_ptr_null(strstr(buf, "belongs to"));
	hs_report_free(&rep);
	hs_rules_free(&rules);
	seen_free(rs);
}
END_TEST

/* It never lowers a worse state: WARNING stays WARNING beside the UNKNOWN
 * finding; CRITICAL stays CRITICAL.
 */
START_TEST(test_ruleseen_report_never_lowers)
{
	static const char *const args[] = {"w:backend.scur=3", NULL};
	static const enum hs_state worse[] = {HS_STATE_WARNING, HS_STATE_CRITICAL};
	struct hs_ruleseen *rs = seen_new(false);
	struct hs_rules rules;
	struct hs_report rep;

	rules_make(&rules, args);
	hs_report_init(&rep);
	hs_report_add(&rep, worse[_i], true, "app DOWN");
	hs_ruleseen_report(rs, &rules, &rep, false, 0);
	ck_assert_int_eq(rep.state, worse[_i]);
	ck_assert_uint_eq(rep.list[RANK_UNKNOWN].n, 1);
	hs_report_free(&rep);
	hs_rules_free(&rules);
	seen_free(rs);
}
END_TEST

/* A rule measured somewhere is no finding; with <verbose> its skips are a
 * note naming the first skipped object (or "?" without keep_names).
 */
START_TEST(test_ruleseen_report_measured)
{
	static const char *const args[] = {"w:frontend.rate_pct=50", "w:backend.scur=3", NULL};
	struct hs_ruleseen *rs = seen_new(_i == 0);
	struct hs_rules rules;
	struct hs_report rep;
	char buf[512];

	rules_make(&rules, args);
	rs->rule[0].measured = 1;
	hs_ruleseen_skip(rs, 0, "web", HS_MR_NOLIMIT);
	hs_ruleseen_skip(rs, 0, "api", HS_MR_EMPTY);
	rs->rule[1].measured = 2; /* nothing skipped */
	hs_report_init(&rep);
	hs_ruleseen_report(rs, &rules, &rep, false, 0);
	ck_assert_int_eq(rep.state, HS_STATE_OK);
	ck_assert_uint_eq(rep.list[RANK_UNKNOWN].n, 0);
	ck_assert_uint_eq(rep.notes.n, 0);
	hs_report_free(&rep);

	hs_report_init(&rep);
	hs_ruleseen_report(rs, &rules, &rep, true, 0);
	ck_assert_int_eq(rep.state, HS_STATE_OK);
	ck_assert_uint_eq(rep.list[RANK_UNKNOWN].n, 0);
	ck_assert_uint_eq(rep.notes.n, 1);
	ck_assert_str_eq(text_at(&rep.notes, 0, buf, sizeof(buf)),
			 _i == 0 ? "rule frontend.rate_pct: 2 selected object(s) skipped, first "
				   "web: no limit set"
				 : "rule frontend.rate_pct: 2 selected object(s) skipped, first ?: "
				   "no limit set");
	hs_report_free(&rep);
	hs_rules_free(&rules);
	seen_free(rs);
}
END_TEST

/* No rules: nothing to report. */
START_TEST(test_ruleseen_report_no_rules)
{
	struct hs_ruleseen *rs = seen_new(false);
	struct hs_report rep;

	hs_report_init(&rep);
	hs_ruleseen_report(rs, NULL, &rep, true, 0);
	ck_assert_int_eq(rep.state, HS_STATE_OK);
	ck_assert_uint_eq(rep.list[RANK_UNKNOWN].n, 0);
	ck_assert_uint_eq(rep.notes.n, 0);
	hs_report_free(&rep);
	seen_free(rs);
}
END_TEST

Suite *
make_ruleseen_suite(void)
{
	Suite *s = suite_create("ruleseen");
	TCase *tc;

	tc = tcase_create("Objects");
	tcase_add_test(tc, test_ruleseen_object_applies);
	tcase_add_test(tc, test_ruleseen_object_proxy_matched_sticks);
	tcase_add_test(tc, test_ruleseen_object_no_rules);
	tcase_add_test(tc, test_ruleseen_skip_first_kept);
	tcase_add_test(tc, test_ruleseen_skip_without_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("Report");
	tcase_add_test(tc, test_ruleseen_report_unmeasured);
	tcase_add_test(tc, test_ruleseen_report_names);
	tcase_add_loop_test(tc, test_ruleseen_report_never_lowers, 0, 2);
	tcase_add_loop_test(tc, test_ruleseen_report_measured, 0, 2);
	tcase_add_test(tc, test_ruleseen_report_no_rules);
	suite_add_tcase(s, tc);
	return s;
}
