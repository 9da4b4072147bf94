/* test_csv.c: hs_csv_split, RFC 4180 field splitting of one record. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "hs_csv.h"
#include "suites.h"

#define MAXF 16

/* Splits a copy of <text> (NUL-terminated, as the reader hands records
 * out) into <fields>; the copy is returned in <*copy> for freeing.
 */
static int
split(const char *text, char **fields, size_t max, char **copy)
{
	*copy = strdup(text);
	ck_assert_ptr_nonnull(*copy);
	return hs_csv_split(*copy, strlen(text), fields, max);
}

/* Well-formed records and the fields they must give. */
static const struct {
	const char *rec;
	int n;
	const char *f[6];
} good[] = {
	{"a,b,c", 3, {"a", "b", "c"}},
	{"pxname,svname,", 3, {"pxname", "svname", ""}}, /* trailing comma: extra empty field */
	{"a,,c", 3, {"a", "", "c"}},
	{",,", 3, {"", "", ""}},
	{"", 1, {""}},
	{"only", 1, {"only"}},
	{"\"x,y\",z", 2, {"x,y", "z"}},
	{"a,\"say \"\"hi\"\"\",", 3, {"a", "say \"hi\"", ""}},
	{"\"line1\nline2\",b", 2, {"line1\nline2", "b"}},
	{"\"\",b", 2, {"", "b"}},
	{"\"\"\"\"", 1, {"\""}},
	{"a,\"q\"", 2, {"a", "q"}},
	{"\"cr\r\nlf\",", 2, {"cr\r\nlf", ""}},
	{"L4OK,Layer4 check passed,", 3, {"L4OK", "Layer4 check passed", ""}},
};

START_TEST(test_csv_splits_well_formed_records)
{
	char *fields[MAXF], *copy;
	int n = split(good[_i].rec, fields, MAXF, &copy);
	int i;

	ck_assert_msg(n == good[_i].n, "record %d: %d fields, expected %d", _i, n, good[_i].n);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(fields[i], good[_i].f[i]);
	free(copy);
}
END_TEST

START_TEST(test_csv_quoted_field_keeps_comma)
{
	char *fields[MAXF], *copy;

	ck_assert_int_eq(split("be,\"a, b, c\",x,", fields, MAXF, &copy), 4);
	ck_assert_str_eq(fields[0], "be");
	ck_assert_str_eq(fields[1], "a, b, c");
	ck_assert_str_eq(fields[2], "x");
	ck_assert_str_eq(fields[3], "");
	free(copy);
}
END_TEST

START_TEST(test_csv_doubled_quote_becomes_one)
{
	char *fields[MAXF], *copy;

	ck_assert_int_eq(split("\"a\"\"b\"\"\"", fields, MAXF, &copy), 1);
	ck_assert_str_eq(fields[0], "a\"b\"");
	ck_assert_uint_eq(strlen(fields[0]), 4);
	free(copy);
}
END_TEST

START_TEST(test_csv_quoted_field_keeps_newline)
{
	char *fields[MAXF], *copy;

	ck_assert_int_eq(split("1,\"multi\nline\ntext\",2", fields, MAXF, &copy), 3);
	ck_assert_str_eq(fields[0], "1");
	ck_assert_str_eq(fields[1], "multi\nline\ntext");
	ck_assert_str_eq(fields[2], "2");
	free(copy);
}
END_TEST

START_TEST(test_csv_fields_are_nul_terminated_in_place)
{
	char rec[] = "ab,\"c\"\"d\",e";
	char *fields[MAXF];

	ck_assert_int_eq(hs_csv_split(rec, strlen(rec), fields, MAXF), 3);
	/* every field points into the record itself */
	ck_assert(fields[0] >= rec && fields[0] < rec + sizeof(rec));
	ck_assert(fields[1] >= rec && fields[1] < rec + sizeof(rec));
	ck_assert(fields[2] >= rec && fields[2] < rec + sizeof(rec));
	ck_assert_str_eq(fields[0], "ab");
	ck_assert_str_eq(fields[1], "c\"d");
	ck_assert_str_eq(fields[2], "e");
}
END_TEST

START_TEST(test_csv_exactly_max_fields_is_accepted)
{
	char *fields[3], *copy;

	ck_assert_int_eq(split("a,b,", fields, 3, &copy), 3);
	ck_assert_str_eq(fields[0], "a");
	ck_assert_str_eq(fields[1], "b");
	ck_assert_str_eq(fields[2], "");
	free(copy);
}
END_TEST

/* The real agent text of a 2.6.12 capture: HAProxy quoted it because it
 * holds a comma and quotes.
 */
START_TEST(test_csv_real_quoted_agent_text)
{
	size_t len;
	char *dump = fixture_read("haproxy-2.6.12-agent-quoted.csv", &len);
	char *hdr = dump, *row, *nl;
	char *hf[256], *rf[256];
	int nh, nr, i, desc = -1;

	nl = strchr(hdr, '\n');
	ck_assert_ptr_nonnull(nl);
	*nl = '\0';
	row = nl + 1;
	nl = strchr(row, '\n');
	ck_assert_ptr_nonnull(nl);
	*nl = '\0';

	nh = hs_csv_split(hdr, strlen(hdr), hf, 256);
	nr = hs_csv_split(row, strlen(row), rf, 256);
	ck_assert_int_gt(nh, 100);
	ck_assert_int_eq(nr, nh); /* the quoted comma did not add a field */
	for (i = 0; i < nh; i++) {
		if (strcmp(hf[i], "last_agt") == 0)
			desc = i;
	}
	ck_assert_int_ge(desc, 0);
	ck_assert_str_eq(rf[desc], "via agent : down (maint, by ops \"x\")");
	ck_assert_str_eq(rf[0], "be_agent");
	ck_assert_str_eq(rf[1], "g1");
	ck_assert_str_eq(rf[nr - 1], "");
	free(dump);
}
END_TEST

/* Malformed records: -1. */
static const char *const bad[] = {
	"\"unterminated",          /* quote never closed */
	"a,\"open,b",              /* quote never closed, comma inside */
	"\"ends with doubled\"\"", /* "" is an escape, so still open */
	"\"ab\"c,d",               /* text after the closing quote */
	"\"ab\" ,d",               /* even a space */
	"x,\"ab\"\"\"z",           /* text after escaped quote and close */
	"ab\"c,d",                 /* bare quote inside an unquoted field */
	"a,b\"",                   /* bare quote at the end of a field */
	"a, \"b\"",                /* quote not at the start of the field */
};

START_TEST(test_csv_malformed_record_is_rejected)
{
	char *fields[MAXF], *copy;

	ck_assert_msg(split(bad[_i], fields, MAXF, &copy) == -1, "record %d accepted: %s", _i,
		      bad[_i]);
	free(copy);
}
END_TEST

START_TEST(test_csv_more_fields_than_max_is_rejected)
{
	char *fields[3], *copy;

	ck_assert_int_eq(split("a,b,c,", fields, 3, &copy), -1);
	free(copy);
	ck_assert_int_eq(split("a,b,c,d", fields, 3, &copy), -1);
	free(copy);
	/* quoted commas do not count */
	ck_assert_int_eq(split("\"a,b,c,d\",e", fields, 2, &copy), 2);
	free(copy);
}
END_TEST

START_TEST(test_csv_zero_max_rejects_everything)
{
	char *fields[1], *copy;

	ck_assert_int_eq(split("a", fields, 0, &copy), -1);
	free(copy);
}
END_TEST

Suite *
make_csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc;

	tc = tcase_create("Fields");
	tcase_add_loop_test(tc, test_csv_splits_well_formed_records, 0,
			    (int)(sizeof(good) / sizeof(good[0])));
	tcase_add_test(tc, test_csv_fields_are_nul_terminated_in_place);
	suite_add_tcase(s, tc);

	tc = tcase_create("Quoting");
	tcase_add_test(tc, test_csv_quoted_field_keeps_comma);
	tcase_add_test(tc, test_csv_doubled_quote_becomes_one);
	tcase_add_test(tc, test_csv_quoted_field_keeps_newline);
	tcase_add_test(tc, test_csv_real_quoted_agent_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("Errors");
	tcase_add_loop_test(tc, test_csv_malformed_record_is_rejected, 0,
			    (int)(sizeof(bad) / sizeof(bad[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("Limits");
	tcase_add_test(tc, test_csv_exactly_max_fields_is_accepted);
	tcase_add_test(tc, test_csv_more_fields_than_max_is_rejected);
	tcase_add_test(tc, test_csv_zero_max_rejects_everything);
	suite_add_tcase(s, tc);
	return s;
}
