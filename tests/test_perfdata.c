/* test_perfdata.c: perfdata numbers and items, and the bounded buffer. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hs_buf.h"
#include "hs_perfdata.h"
#include "suites.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- numbers ---- */

static const struct {
	double v;
	const char *text;
} numbers[] = {
	{0, "0"},
	{12, "12"},
	{0.5, "0.5"},
	{1.25, "1.25"},
	{1e15, "1000000000000000"},
	{-3, "-3"},
	{-2.5, "-2.5"},
	{-0.25, "-0.25"},
	{100, "100"},
	{9978, "9978"},
	{0.1, "0.1"},
	{1.0 / 3.0, "0.333333"},
	{2.0 / 3.0, "0.666667"},
	{123456.789, "123456.789"},
	{18446744073709551615.0, "18446744073709551616"},
	{4294967296.0, "4294967296"},
	{1e-7, "0"},
};

START_TEST(test_perfdata_number_plain_decimal)
{
	char buf[64];

	memset(buf, 'Z', sizeof(buf));
	hs_perf_number(buf, sizeof(buf), numbers[_i].v);
	ck_assert_str_eq(buf, numbers[_i].text);
}
END_TEST

START_TEST(test_perfdata_number_never_uses_exponent)
{
	static const double values[] = {
		1e15,  1e16, 1e17,     1e18,  1e19, 1e20, 123456789012345678.0,
		-1e18, 1e-5, 0.000001, 5e-324};
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char buf[64];

		hs_perf_number(buf, sizeof(buf), values[i]);
		ck_assert_msg(strspn(buf, "-0123456789.") == strlen(buf) && buf[0] != '\0',
			      "%g written as '%s'", values[i], buf);
	}
}
END_TEST

START_TEST(test_perfdata_number_not_finite_is_u)
{
	char buf[16];

	hs_perf_number(buf, sizeof(buf), NAN);
	ck_assert_str_eq(buf, "U");
	hs_perf_number(buf, sizeof(buf), INFINITY);
	ck_assert_str_eq(buf, "U");
	hs_perf_number(buf, sizeof(buf), -INFINITY);
	ck_assert_str_eq(buf, "U");
}
END_TEST

/* A number too long for the destination must not turn into a different
 * number: a peer can send a 100-digit counter.
 */
START_TEST(test_perfdata_number_huge_value_is_not_a_wrong_number)
{
	static const double values[] = {1e60, 1e100, 1e300, -1e100};
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char buf[64];
		char *end;
		double back;

		hs_perf_number(buf, sizeof(buf), values[i]);
		if (strcmp(buf, "U") == 0)
			continue;
		back = strtod(buf, &end);
		ck_assert_msg(*end == '\0' && fabs(back - values[i]) <= fabs(values[i]) * 1e-6,
			      "%g written as '%s'", values[i], buf);
	}
}
END_TEST

START_TEST(test_perfdata_number_that_does_not_fit_is_u)
{
	char buf[64];

	hs_perf_number(buf, sizeof(buf), 1e100);
	ck_assert_str_eq(buf, "U");
	hs_perf_number(buf, 4, 12345);
	ck_assert_str_eq(buf, "U");
	hs_perf_number(buf, 6, 12345);
	ck_assert_str_eq(buf, "12345");
}
END_TEST

/* ---- items ---- */

static const double zero = 0, hundred = 100, one_k = 1000;

/* One item alone in an empty buffer. */
static const struct {
	const char *label;
	double value;
	const char *uom, *warn, *crit;
	const double *min, *max;
	const char *text;
} items[] = {
	{"x", 1, NULL, NULL, NULL, NULL, NULL, "x=1"},
	{"x", 1, "", NULL, NULL, NULL, NULL, "x=1"},
	{"time", 0.25, "s", NULL, NULL, NULL, NULL, "time=0.25s"},
	{"bytes", 1024, "B", NULL, NULL, NULL, NULL, "bytes=1024B"},
	{"pct", 50, "%", NULL, NULL, &zero, &hundred, "pct=50%;;;0;100"},
	{"scur", 3, NULL, "10", "20", NULL, NULL, "scur=3;10;20"},
	{"scur", 3, NULL, "10", NULL, NULL, NULL, "scur=3;10"},
	{"scur", 3, NULL, NULL, "20", NULL, NULL, "scur=3;;20"},
	{"scur", 3, NULL, "~:10", "@5:6", &zero, &one_k, "scur=3;~:10;@5:6;0;1000"},
	{"x", 1, NULL, NULL, NULL, &zero, NULL, "x=1;;;0"},
	{"x", 1, NULL, NULL, NULL, NULL, &hundred, "x=1;;;;100"},
	{"x", 1, NULL, "", "", &zero, NULL, "x=1;;;0"},
	{"x", 1, NULL, "5", NULL, NULL, &hundred, "x=1;5;;;100"},
	{"rtime", 12, "ms", "100", "200", &zero, NULL, "rtime=12ms;100;200;0"},
	{"neg", -4, NULL, NULL, NULL, NULL, NULL, "neg=-4"},
	{"be:be_app:up", 2, NULL, NULL, NULL, &zero, &hundred, "be:be_app:up=2;;;0;100"},
	{"a b", 1, NULL, NULL, NULL, NULL, NULL, "'a b'=1"},
	{"it's", 1, NULL, NULL, NULL, NULL, NULL, "it_s=1"},
	{"a=b", 1, NULL, NULL, NULL, NULL, NULL, "a_b=1"},
	{"a|b", 1, NULL, NULL, NULL, NULL, NULL, "a_b=1"},
	{"tab\there", 1, NULL, NULL, NULL, NULL, NULL, "tab_here=1"},
	{"nl\nx", 1, NULL, NULL, NULL, NULL, NULL, "nl_x=1"},
	{"del\x7f", 1, NULL, NULL, NULL, NULL, NULL, "del_=1"},
	{"a b'c", 1, NULL, NULL, NULL, NULL, NULL, "'a b_c'=1"},
	{"caf\xc3\xa9", 1, NULL, NULL, NULL, NULL, NULL, "caf\xc3\xa9=1"},
	{"u", NAN, NULL, NULL, NULL, NULL, NULL, "u=U"},
	{"huge", 1e100, NULL, NULL, NULL, &zero, NULL, "huge=U;;;0"},
};

START_TEST(test_perfdata_add_item)
{
	struct hs_buf buf;

	hs_buf_init(&buf, 0);
	ck_assert(hs_perf_add(&buf, items[_i].label, items[_i].value, items[_i].uom, items[_i].warn,
			      items[_i].crit, items[_i].min, items[_i].max));
	ck_assert_str_eq(hs_buf_str(&buf), items[_i].text);
	ck_assert_uint_eq(buf.len, strlen(items[_i].text));
	hs_buf_free(&buf);
}
END_TEST

START_TEST(test_perfdata_items_separated_by_one_space)
{
	struct hs_buf buf;

	hs_buf_init(&buf, 0);
	ck_assert(hs_perf_add(&buf, "a", 1, NULL, NULL, NULL, &zero, NULL));
	ck_assert_str_eq(hs_buf_str(&buf), "a=1;;;0");
	ck_assert(hs_perf_add(&buf, "b c", 2, "s", "5", NULL, NULL, NULL));
	ck_assert_str_eq(hs_buf_str(&buf), "a=1;;;0 'b c'=2s;5");
	ck_assert(hs_perf_add(&buf, "d", 3, NULL, NULL, NULL, NULL, NULL));
	ck_assert_str_eq(hs_buf_str(&buf), "a=1;;;0 'b c'=2s;5 d=3");
	hs_buf_free(&buf);
}
END_TEST

START_TEST(test_perfdata_buffer_limit_refuses_whole_item)
{
	struct hs_buf buf;
	char before[64];

	hs_buf_init(&buf, 20);
	ck_assert(hs_perf_add(&buf, "first", 1, NULL, NULL, NULL, &zero, NULL)); /* 11 bytes */
	ck_assert_str_eq(hs_buf_str(&buf), "first=1;;;0");
	strcpy(before, hs_buf_str(&buf));
	/* " second=2" would make 20: fits exactly */
	ck_assert(hs_perf_add(&buf, "second", 2, NULL, NULL, NULL, NULL, NULL));
	ck_assert_str_eq(hs_buf_str(&buf), "first=1;;;0 second=2");
	strcpy(before, hs_buf_str(&buf));
	ck_assert(!hs_perf_add(&buf, "t", 3, NULL, NULL, NULL, NULL, NULL));
	ck_assert_str_eq(hs_buf_str(&buf), before);
	ck_assert_uint_eq(buf.len, strlen(before));
	ck_assert_uint_eq(buf.refused, 1);
	hs_buf_free(&buf);
}
END_TEST

START_TEST(test_perfdata_buffer_limit_on_empty_buffer)
{
	struct hs_buf buf;

	hs_buf_init(&buf, 5);
	ck_assert(!hs_perf_add(&buf, "toolong", 1, NULL, NULL, NULL, NULL, NULL));
	ck_assert_str_eq(hs_buf_str(&buf), "");
	ck_assert_uint_eq(buf.len, 0);
	ck_assert_uint_eq(buf.refused, 1);
	/* a refused item does not leave a separator behind */
	ck_assert(hs_perf_add(&buf, "ok", 1, NULL, NULL, NULL, NULL, NULL));
	ck_assert_str_eq(hs_buf_str(&buf), "ok=1");
	hs_buf_free(&buf);
}
END_TEST

START_TEST(test_perfdata_long_label_is_bounded)
{
	struct hs_buf buf;
	char label[2000];

	memset(label, 'L', sizeof(label) - 1);
	label[sizeof(label) - 1] = '\0';
	hs_buf_init(&buf, 0);
	/* either refused or written with a well-formed item */
	if (hs_perf_add(&buf, label, 1, NULL, NULL, NULL, NULL, NULL)) {
		const char *s = hs_buf_str(&buf);

		ck_assert_ptr_nonnull(strstr(s, "=1"));
		ck_assert_int_eq(strcmp(s + strlen(s) - 2, "=1"), 0);
	} else {
		ck_assert_uint_eq(buf.len, 0);
	}
	hs_buf_free(&buf);
}
END_TEST

/* ---- hs_buf ---- */

START_TEST(test_perfdata_buf_append_and_str)
{
	struct hs_buf buf;

	hs_buf_init(&buf, 0);
	ck_assert_str_eq(hs_buf_str(&buf), "");
	ck_assert(hs_buf_append(&buf, "abc", 3));
	ck_assert(hs_buf_append(&buf, "defXX", 3));
	ck_assert(hs_buf_printf(&buf, "-%d-%s", 42, "x"));
	ck_assert_str_eq(hs_buf_str(&buf), "abcdef-42-x");
	ck_assert_uint_eq(buf.len, 11);
	hs_buf_free(&buf);
	ck_assert_str_eq(hs_buf_str(&buf), "");
	ck_assert_uint_eq(buf.len, 0);
}
END_TEST

START_TEST(test_perfdata_buf_limit_is_all_or_nothing)
{
	struct hs_buf buf;

	hs_buf_init(&buf, 8);
	ck_assert(hs_buf_append(&buf, "12345", 5));
	ck_assert(!hs_buf_append(&buf, "6789", 4));
	ck_assert_str_eq(hs_buf_str(&buf), "12345");
	ck_assert(!hs_buf_printf(&buf, "%s", "abcd"));
	ck_assert_str_eq(hs_buf_str(&buf), "12345");
	ck_assert_uint_eq(buf.refused, 2);
	ck_assert(hs_buf_append(&buf, "678", 3)); /* exactly the limit */
	ck_assert_str_eq(hs_buf_str(&buf), "12345678");
	ck_assert(!buf.nomem);
	hs_buf_free(&buf);
}
END_TEST

START_TEST(test_perfdata_buf_grows_past_first_block)
{
	struct hs_buf buf;
	char big[3000];

	memset(big, 'x', sizeof(big));
	hs_buf_init(&buf, 0);
	ck_assert(hs_buf_append(&buf, big, sizeof(big)));
	ck_assert(hs_buf_printf(&buf, "%.*s", 1000, big));
	ck_assert_uint_eq(buf.len, 4000);
	ck_assert_uint_eq(strlen(hs_buf_str(&buf)), 4000);
	hs_buf_free(&buf);
}
END_TEST

Suite *
make_perfdata_suite(void)
{
	Suite *s = suite_create("perfdata");
	TCase *tc;

	tc = tcase_create("Numbers");
	tcase_add_loop_test(tc, test_perfdata_number_plain_decimal, 0, N(numbers));
	tcase_add_test(tc, test_perfdata_number_never_uses_exponent);
	tcase_add_test(tc, test_perfdata_number_not_finite_is_u);
	tcase_add_test(tc, test_perfdata_number_huge_value_is_not_a_wrong_number);
	tcase_add_test(tc, test_perfdata_number_that_does_not_fit_is_u);
	suite_add_tcase(s, tc);

	tc = tcase_create("Items");
	tcase_add_loop_test(tc, test_perfdata_add_item, 0, N(items));
	tcase_add_test(tc, test_perfdata_items_separated_by_one_space);
	tcase_add_test(tc, test_perfdata_long_label_is_bounded);
	suite_add_tcase(s, tc);

	tc = tcase_create("Limits");
	tcase_add_test(tc, test_perfdata_buffer_limit_refuses_whole_item);
	tcase_add_test(tc, test_perfdata_buffer_limit_on_empty_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("Buffer");
	tcase_add_test(tc, test_perfdata_buf_append_and_str);
	tcase_add_test(tc, test_perfdata_buf_limit_is_all_or_nothing);
	tcase_add_test(tc, test_perfdata_buf_grows_past_first_block);
	suite_add_tcase(s, tc);
	return s;
}
