/* test_error.c: error records and quoted peer text (hs_error.h). */
#include <check.h>
#include <string.h>

#include "hs_error.h"
#include "suites.h"

/* The code and the formatted message are recorded; -1 is returned. */
START_TEST(test_error_set_records)
{
	struct hs_error err = {0};

	ck_assert_int_eq(hs_error_set(&err, HS_ERR_REFUSED, "connection refused by %s (%d)",
				      "/run/haproxy.sock", 3),
			 -1);
	ck_assert_int_eq(err.code, HS_ERR_REFUSED);
	ck_assert_str_eq(err.msg, "connection refused by /run/haproxy.sock (3)");
	/* a later error replaces it */
	ck_assert_int_eq(hs_error_set(&err, HS_ERR_TIMEOUT, "late"), -1);
	ck_assert_int_eq(err.code, HS_ERR_TIMEOUT);
	ck_assert_str_eq(err.msg, "late");
}
END_TEST

/* A NULL error is allowed: nothing is recorded, -1 still returned. */
START_TEST(test_error_set_null)
{
	ck_assert_int_eq(hs_error_set(NULL, HS_ERR_IO, "ignored %s", "text"), -1);
}
END_TEST

/* Every control character (0x01..0x1f, 0x7f) of the formatted message
 * becomes '?': the message stays one line.
 */
START_TEST(test_error_set_control_characters)
{
	struct hs_error err = {0};
	char peer[40];
	int c, i = 0;

	for (c = 1; c < 0x20; c++)
		peer[i++] = (char)c;
	peer[i++] = 0x7f;
	peer[i++] = ' ';
	peer[i++] = '~';
	peer[i] = '\0';
	hs_error_set(&err, HS_ERR_NOT_STATS, "peer said '%s'\n", peer);
	ck_assert_str_eq(err.msg, "peer said '"
				  "????????????????????????????????"
				  " ~'?");
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	ck_assert_ptr_null(strchr(err.msg, '\r'));
}
END_TEST

/* A long message is cut to the buffer, NUL-terminated. */
START_TEST(test_error_set_long_message)
{
	struct hs_error err;
	char big[HS_ERROR_MSG_MAX * 2];

	memset(&err, 'Z', sizeof(err));
	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	hs_error_set(&err, HS_ERR_LIMIT, "%s", big);
	ck_assert_int_eq(err.code, HS_ERR_LIMIT);
	ck_assert_uint_eq(strlen(err.msg), HS_ERROR_MSG_MAX - 1);
	ck_assert_int_eq(err.msg[0], 'm');
}
END_TEST

/* hs_sanitize_excerpt: the expected excerpt of <src> for each <max> and
 * destination size.
 */
static const struct {
	const char *src;
	size_t max, dstsize;
	const char *want;
} excerpts[] = {
	{"hello", 100, 120, "hello"},        /* short: whole, no "..." */
	{"hello", 5, 120, "hello"},          /* exactly <max> bytes: not cut */
	{"hello", 4, 120, "hell..."},        /* cut at <max>: "..." */
	{"hello world", 5, 120, "hello..."}, /* cut at <max>: "..." */
	{"hello", 0, 120, "..."},            /* nothing may be copied: cut */
	{"", 0, 120, ""},                    /* nothing to copy: not cut */
	{"", 10, 120, ""},                   /* empty */
	{"abc\ndef", 100, 120, "abc"},       /* the line ends at LF */
	{"abc\ndef", 3, 120, "abc"},         /* LF right at <max>: the line is whole */
	{"abcd\ndef", 3, 120, "abc..."},     /* cut before the line end */
	{"a\tb\rc\033d\x7f"
	 "e",
	 100, 120, "a?b?c?d?e"},                        /* control bytes */
	{"caf\xc3\xa9 \x80\xff", 100, 120, "caf?? ??"}, /* non-ASCII bytes */
	{"0123456789", 100, 8, "0123..."},              /* cut by the destination */
	{"0123456789", 10, 8, "0123..."},               /* both */
	{"0123456789", 100, 14, "0123456789"},          /* room for it and "..." */
	{"0123456789", 100, 4, "..."},                  /* room for "..." only */
	{"0123456789", 100, 3, ""},                     /* not even that */
	{"0123456789", 100, 1, ""},
	{"0", 100, 1, ""},
};

START_TEST(test_error_sanitize_excerpt)
{
	char dst[128];

	memset(dst, 'Z', sizeof(dst));
	hs_sanitize_excerpt(dst, excerpts[_i].dstsize, excerpts[_i].src, excerpts[_i].max);
	ck_assert_msg(strcmp(dst, excerpts[_i].want) == 0,
		      "excerpt of '%s' (max %zu, size %zu) is '%s', not '%s'", excerpts[_i].src,
		      excerpts[_i].max, excerpts[_i].dstsize, dst, excerpts[_i].want);
	ck_assert_uint_lt(strlen(dst), excerpts[_i].dstsize);
	ck_assert_int_eq(dst[excerpts[_i].dstsize], 'Z'); /* nothing written past it */
}
END_TEST

/* What the callers do: 100 bytes of a long line into 120 bytes. */
START_TEST(test_error_sanitize_excerpt_as_quoted)
{
	char src[400], dst[120], want[104];

	memset(src, 'x', sizeof(src) - 1);
	src[sizeof(src) - 1] = '\0';
	src[0] = '\001';
	hs_sanitize_excerpt(dst, sizeof(dst), src, 100);
	memset(want, 'x', 100);
	want[0] = '?';
	memcpy(want + 100, "...", 4);
	ck_assert_str_eq(dst, want);
	/* a line of exactly 100 bytes is whole */
	src[100] = '\0';
	hs_sanitize_excerpt(dst, sizeof(dst), src, 100);
	want[100] = '\0';
	ck_assert_str_eq(dst, want);
}
END_TEST

/* A destination of size 0 is never written. */
START_TEST(test_error_sanitize_excerpt_size_zero)
{
	char dst[4] = "ZZZ";

	hs_sanitize_excerpt(dst, 0, "text", 100);
	ck_assert_str_eq(dst, "ZZZ");
}
END_TEST

Suite *
make_error_suite(void)
{
	Suite *s = suite_create("error");
	TCase *tc;

	tc = tcase_create("Set");
	tcase_add_test(tc, test_error_set_records);
	tcase_add_test(tc, test_error_set_null);
	tcase_add_test(tc, test_error_set_control_characters);
	tcase_add_test(tc, test_error_set_long_message);
	suite_add_tcase(s, tc);

	tc = tcase_create("Excerpt");
	tcase_add_loop_test(tc, test_error_sanitize_excerpt, 0,
			    (int)(sizeof(excerpts) / sizeof(excerpts[0])));
	tcase_add_test(tc, test_error_sanitize_excerpt_as_quoted);
	tcase_add_test(tc, test_error_sanitize_excerpt_size_zero);
	suite_add_tcase(s, tc);
	return s;
}
