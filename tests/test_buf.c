/* test_buf.c: the growable text buffer with a hard size limit (hs_buf.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_buf.h"
#include "suites.h"

/* A fresh buffer holds nothing and reads as "", never NULL. */
START_TEST(test_buf_empty)
{
	struct hs_buf b;

	hs_buf_init(&b, 10);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.limit, 10);
	ck_assert_uint_eq(b.refused, 0);
	ck_assert(!b.nomem);
	ck_assert_ptr_nonnull(hs_buf_str(&b));
	ck_assert_str_eq(hs_buf_str(&b), "");
	hs_buf_free(&b);
	ck_assert_str_eq(hs_buf_str(&b), "");
	ck_assert_uint_eq(b.len, 0);
}
END_TEST

/* Appending nothing succeeds, even to a full buffer, and stores nothing. */
START_TEST(test_buf_empty_string)
{
	struct hs_buf b;

	hs_buf_init(&b, 3);
	ck_assert(hs_buf_append(&b, "", 0));
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(hs_buf_str(&b), "");
	ck_assert(hs_buf_printf(&b, "%s", ""));
	ck_assert_uint_eq(b.len, 0);
	ck_assert(hs_buf_append(&b, "abc", 3));
	ck_assert(hs_buf_append(&b, "", 0));
	ck_assert(hs_buf_printf(&b, "%s", ""));
	ck_assert_str_eq(hs_buf_str(&b), "abc");
	ck_assert_uint_eq(b.len, 3);
	ck_assert_uint_eq(b.refused, 0);
	hs_buf_free(&b);
}
END_TEST

/* <len> bytes are taken, not the whole string, and the text is
 * NUL-terminated after each append.
 */
START_TEST(test_buf_append_takes_len_bytes)
{
	struct hs_buf b;

	hs_buf_init(&b, 0);
	ck_assert(hs_buf_append(&b, "abcdef", 2));
	ck_assert_str_eq(hs_buf_str(&b), "ab");
	ck_assert(hs_buf_append(&b, "xyz", 3));
	ck_assert_str_eq(hs_buf_str(&b), "abxyz");
	ck_assert_uint_eq(b.len, 5);
	ck_assert_uint_eq(strlen(hs_buf_str(&b)), 5);
	hs_buf_free(&b);
}
END_TEST

/* The limit is inclusive: exactly <limit> bytes fit, one more does not,
 * and a refused append leaves the buffer as it was.
 */
START_TEST(test_buf_limit_exact)
{
	struct hs_buf b;

	hs_buf_init(&b, 10);
	ck_assert(hs_buf_append(&b, "0123456789", 10));
	ck_assert_uint_eq(b.len, 10);
	ck_assert(!hs_buf_append(&b, "x", 1));
	ck_assert_uint_eq(b.refused, 1);
	ck_assert_uint_eq(b.len, 10);
	ck_assert_str_eq(hs_buf_str(&b), "0123456789");
	hs_buf_free(&b);

	hs_buf_init(&b, 10);
	ck_assert(!hs_buf_append(&b, "0123456789a", 11));
	ck_assert_uint_eq(b.refused, 1);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(hs_buf_str(&b), "");
	hs_buf_free(&b);
}
END_TEST

/* All or nothing: an item that would cross the limit is refused whole,
 * never stored in part, and a smaller one still fits after it.
 */
START_TEST(test_buf_all_or_nothing)
{
	struct hs_buf b;

	hs_buf_init(&b, 10);
	ck_assert(hs_buf_append(&b, "abcdef", 6));
	ck_assert(!hs_buf_append(&b, "ghijk", 5));
	ck_assert_str_eq(hs_buf_str(&b), "abcdef");
	ck_assert_uint_eq(b.len, 6);
	ck_assert(hs_buf_append(&b, "ghij", 4));
	ck_assert_str_eq(hs_buf_str(&b), "abcdefghij");
	ck_assert_uint_eq(b.refused, 1);
	ck_assert(!b.nomem);
	hs_buf_free(&b);
}
END_TEST

/* Every refused append is counted, printf ones too; successes are not. */
START_TEST(test_buf_refused_counting)
{
	struct hs_buf b;
	int i;

	hs_buf_init(&b, 4);
	for (i = 0; i < 5; i++)
		ck_assert(!hs_buf_append(&b, "12345", 5));
	ck_assert_uint_eq(b.refused, 5);
	ck_assert(hs_buf_append(&b, "12", 2));
	ck_assert_uint_eq(b.refused, 5);
	ck_assert(!hs_buf_printf(&b, "%d", 123));
	ck_assert_uint_eq(b.refused, 6);
	ck_assert(hs_buf_printf(&b, "%d", 34));
	ck_assert_uint_eq(b.refused, 6);
	ck_assert_str_eq(hs_buf_str(&b), "1234");
	ck_assert(!b.nomem);
	hs_buf_free(&b);
}
END_TEST

/* A limit of 0 is no limit: a megabyte goes in, across many growths,
 * every byte where it belongs.
 */
START_TEST(test_buf_unlimited_growth)
{
	struct hs_buf b;
	char chunk[1000];
	size_t i;

	hs_buf_init(&b, 0);
	for (i = 0; i < 1000; i++) {
		memset(chunk, 'a' + (int)(i % 26), sizeof(chunk));
		ck_assert(hs_buf_append(&b, chunk, sizeof(chunk)));
	}
	ck_assert_uint_eq(b.len, 1000 * 1000);
	ck_assert_uint_eq(b.refused, 0);
	ck_assert_uint_ge(b.cap, b.len + 1);
	for (i = 0; i < 1000; i++) {
		ck_assert_int_eq(b.data[i * 1000], 'a' + (int)(i % 26));
		ck_assert_int_eq(b.data[i * 1000 + 999], 'a' + (int)(i % 26));
	}
	ck_assert_int_eq(b.data[b.len], '\0');
	hs_buf_free(&b);
}
END_TEST

/* printf appends the formatted text, at any length: past its 512-byte
 * stack buffer it grows to fit, and still appends whole.
 */
START_TEST(test_buf_printf_growth)
{
	static const size_t lens[] = {0, 1, 510, 511, 512, 513, 4096, 100000};
	struct hs_buf b;
	char *s = malloc(100001), *want = malloc(100010);

	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(want);
	memset(s, 'x', 100000);
	s[100000] = '\0';
	s[lens[_i]] = '\0';
	if (lens[_i] > 0)
		s[lens[_i] - 1] = 'E'; /* the last byte arrives too */
	hs_buf_init(&b, 0);
	ck_assert(hs_buf_append(&b, "<", 1));
	ck_assert(hs_buf_printf(&b, "%s|%d", s, 42));
	snprintf(want, 100010, "<%s|42", s);
	ck_assert_uint_eq(b.len, lens[_i] + 4);
	ck_assert_str_eq(hs_buf_str(&b), want);
	hs_buf_free(&b);
	free(s);
	free(want);
}
END_TEST

/* printf follows the limit all or nothing, short or long. */
START_TEST(test_buf_printf_limit)
{
	static const size_t lens[] = {20, 600};
	size_t n = lens[_i];
	struct hs_buf b;
	char *s = malloc(n + 1);

	ck_assert_ptr_nonnull(s);
	memset(s, 'y', n);
	s[n] = '\0';
	hs_buf_init(&b, n + 2);
	ck_assert(hs_buf_append(&b, "ab", 2));
	ck_assert(!hs_buf_printf(&b, "%s!", s)); /* n + 3 bytes: one too many */
	ck_assert_uint_eq(b.refused, 1);
	ck_assert_str_eq(hs_buf_str(&b), "ab");
	ck_assert(hs_buf_printf(&b, "%.*s", (int)n, s)); /* exactly the limit */
	ck_assert_uint_eq(b.len, n + 2);
	ck_assert_uint_eq(b.refused, 1);
	ck_assert(!b.nomem);
	hs_buf_free(&b);
	free(s);
}
END_TEST

/* A freed buffer is empty and takes appends again. */
START_TEST(test_buf_free_and_reuse)
{
	struct hs_buf b;

	hs_buf_init(&b, 0);
	ck_assert(hs_buf_printf(&b, "%s", "first"));
	hs_buf_free(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(hs_buf_str(&b), "");
	ck_assert(hs_buf_append(&b, "second", 6));
	ck_assert_str_eq(hs_buf_str(&b), "second");
	hs_buf_free(&b);
	hs_buf_free(&b); /* twice is harmless */
}
END_TEST

Suite *
make_buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc;

	tc = tcase_create("Append");
	tcase_add_test(tc, test_buf_empty);
	tcase_add_test(tc, test_buf_empty_string);
	tcase_add_test(tc, test_buf_append_takes_len_bytes);
	tcase_add_test(tc, test_buf_free_and_reuse);
	suite_add_tcase(s, tc);

	tc = tcase_create("Limits");
	tcase_add_test(tc, test_buf_limit_exact);
	tcase_add_test(tc, test_buf_all_or_nothing);
	tcase_add_test(tc, test_buf_refused_counting);
	tcase_add_test(tc, test_buf_unlimited_growth);
	suite_add_tcase(s, tc);

	tc = tcase_create("Printf");
	tcase_add_loop_test(tc, test_buf_printf_growth, 0, 8);
	tcase_add_loop_test(tc, test_buf_printf_limit, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
