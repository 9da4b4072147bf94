/* test_text.c: strings sized from what goes into them (hs_text.h). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hs_text.h"
#include "suites.h"

/* HAProxy accepts names of any length; 255 bytes is what a test can call
 * long without being silly (and past every fixed buffer the plugin had).
 */
#define NAME_LEN 255

static char *
name_of(int c, size_t len)
{
	char *s = malloc(len + 1);

	ck_assert_ptr_nonnull(s);
	memset(s, c, len);
	s[len] = '\0';
	return s;
}

/* "<a><sep><b>", or "<a><b>" when <sep> is NUL. */
START_TEST(test_text_join)
{
	struct hs_scratch s = {0};

	ck_assert_str_eq(hs_scratch_join(&s, "app", '/', "s1"), "app/s1");
	ck_assert_str_eq(hs_scratch_join(&s, "fe:", '\0', "app"), "fe:app");
	ck_assert_str_eq(hs_scratch_join(&s, "", '/', ""), "/");
	ck_assert_str_eq(hs_scratch_join(&s, "", '\0', ""), "");
	ck_assert_str_eq(hs_scratch_join(&s, "a", ':', ""), "a:");
	ck_assert_str_eq(hs_scratch_join(&s, "", ':', "b"), ":b");
	hs_scratch_free(&s);
}
END_TEST

/* Two 255-byte names are joined whole: 511 bytes, nothing cut. */
START_TEST(test_text_join_long_names_whole)
{
	struct hs_scratch s = {0};
	char *px = name_of('p', NAME_LEN), *sv = name_of('s', NAME_LEN);
	const char *t = hs_scratch_join(&s, px, '/', sv);

	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(strlen(t), 2 * NAME_LEN + 1);
	ck_assert_int_eq(strncmp(t, px, NAME_LEN), 0);
	ck_assert_int_eq(t[NAME_LEN], '/');
	ck_assert_str_eq(t + NAME_LEN + 1, sv);
	ck_assert_uint_ge(s.cap, 2 * NAME_LEN + 2);
	/* without a separator: 510 bytes */
	t = hs_scratch_join(&s, px, '\0', sv);
	ck_assert_uint_eq(strlen(t), 2 * NAME_LEN);
	ck_assert_str_eq(t + NAME_LEN, sv);
	/* far past any fixed buffer */
	free(px);
	px = name_of('q', 100000);
	t = hs_scratch_join(&s, px, '/', sv);
	ck_assert_uint_eq(strlen(t), 100000 + 1 + NAME_LEN);
	ck_assert_int_eq(t[99999], 'q');
	ck_assert_int_eq(t[100000], '/');
	ck_assert_str_eq(t + 100001, sv);
	hs_scratch_free(&s);
	free(px);
	free(sv);
}
END_TEST

/* Reused from one object to the next: short after long, long after short,
 * each text exactly what was joined last.
 */
START_TEST(test_text_join_reused)
{
	struct hs_scratch s = {0};
	char *long_name = name_of('L', NAME_LEN);
	const char *t;

	ck_assert_str_eq(hs_scratch_join(&s, "a", '/', "b"), "a/b");
	t = hs_scratch_join(&s, long_name, '/', long_name);
	ck_assert_uint_eq(strlen(t), 2 * NAME_LEN + 1);
	ck_assert_str_eq(hs_scratch_join(&s, "c", '/', "d"), "c/d");
	ck_assert_str_eq(hs_scratch_join(&s, "", '\0', "x"), "x");
	t = hs_scratch_join(&s, "y", '/', long_name);
	ck_assert_uint_eq(strlen(t), NAME_LEN + 2);
	ck_assert_str_eq(t + 2, long_name);
	hs_scratch_free(&s);
	free(long_name);
}
END_TEST

/* Freed, a scratch is empty and can be used again. */
START_TEST(test_text_scratch_free)
{
	struct hs_scratch s = {0};

	hs_scratch_free(&s); /* never used: harmless */
	ck_assert_str_eq(hs_scratch_join(&s, "app", '/', "s1"), "app/s1");
	hs_scratch_free(&s);
	ck_assert_ptr_null(s.p);
	ck_assert_uint_eq(s.cap, 0);
	ck_assert_str_eq(hs_scratch_join(&s, "web", '/', "s2"), "web/s2");
	hs_scratch_free(&s);
}
END_TEST

/* Formatted at the length it needs, whatever it is. */
START_TEST(test_text_alloc)
{
	static const size_t lens[] = {0, 1, NAME_LEN, 1023, 1024, 100000};
	char *name = name_of('n', lens[_i]), *t;

	t = hs_text_alloc("sv:%s/%s", name, name);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(strlen(t), 4 + 2 * lens[_i]);
	ck_assert_int_eq(strncmp(t, "sv:", 3), 0);
	ck_assert_int_eq(strncmp(t + 3, name, lens[_i]), 0);
	ck_assert_int_eq(t[3 + lens[_i]], '/');
	ck_assert_str_eq(t + 4 + lens[_i], name);
	free(t);
	free(name);
}
END_TEST

START_TEST(test_text_alloc_empty_and_numbers)
{
	char *t = hs_text_alloc("%s", "");

	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t, "");
	free(t);
	t = hs_text_alloc("%s=%d%%", "up_pct", 42);
	ck_assert_str_eq(t, "up_pct=42%");
	free(t);
}
END_TEST

Suite *
make_text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc;

	tc = tcase_create("Scratch");
	tcase_add_test(tc, test_text_join);
	tcase_add_test(tc, test_text_join_long_names_whole);
	tcase_add_test(tc, test_text_join_reused);
	tcase_add_test(tc, test_text_scratch_free);
	suite_add_tcase(s, tc);

	tc = tcase_create("Alloc");
	tcase_add_loop_test(tc, test_text_alloc, 0, 6);
	tcase_add_test(tc, test_text_alloc_empty_and_numbers);
	suite_add_tcase(s, tc);
	return s;
}
