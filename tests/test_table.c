/* test_table.c: the answer to "show table" (hs_table.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "hs_table.h"
#include "suites.h"
#include "test_run.h"

#define MAX_TABLES 8

/* Feeds the answer in fixture <name> to hs_table_line() as the check does,
 * line by line up to the terminating empty line. Returns the number of
 * tables, or -1 with <err> set.
 */
static int
read_fixture(const char *name, struct hs_table *t, struct hs_error *err)
{
	char *buf = fixture_read(name, NULL), *line = buf, *nl;
	int n = 0, lines = 0, rc = 0;

	while ((nl = strchr(line, '\n')) != NULL && nl != line) {
		*nl = '\0';
		ck_assert_int_lt(n, MAX_TABLES);
		rc = hs_table_line(line, lines++ == 0, &t[n], err);
		if (rc < 0)
			break;
		n += rc;
		line = nl + 1;
	}
	ck_assert_msg(rc < 0 || nl == line, "%s does not end with the empty line", name);
	free(buf);
	return rc < 0 ? -1 : n;
}

/* The real 2.6.12 answer to "show table": one line per table. */
START_TEST(test_table_real_capture)
{
	struct hs_table t[MAX_TABLES];
	struct hs_error err = {0};

	ck_assert_int_eq(read_fixture("haproxy-2.6.12-show-table.txt", t, &err), 2);
	ck_assert_str_eq(t[0].name, "be_stick");
	ck_assert_str_eq(t[0].type, "ip");
	ck_assert_double_eq(t[0].size, 1024);
	ck_assert_double_eq(t[0].used, 1);
	ck_assert_str_eq(t[1].name, "fe_main");
	ck_assert_str_eq(t[1].type, "ip");
	ck_assert_double_eq(t[1].size, 102400);
	ck_assert_double_eq(t[1].used, 1);
	ck_assert_int_eq(err.code, HS_ERR_NONE);
}
END_TEST

/* "show table NAME" adds entry lines after the header: they carry no
 * table, even the one with "key=", ":" and "(10000)=" in it.
 */
START_TEST(test_table_entries_are_not_tables)
{
	static const struct {
		const char *fixture, *name;
		double size;
	} want[] = {
		{"haproxy-2.6.12-show-table-be_stick.txt", "be_stick", 1024},
		{"haproxy-2.6.12-show-table-fe_main.txt", "fe_main", 102400},
	};
	struct hs_table t[MAX_TABLES];
	struct hs_error err = {0};

	ck_assert_int_eq(read_fixture(want[_i].fixture, t, &err), 1);
	ck_assert_str_eq(t[0].name, want[_i].name);
	ck_assert_double_eq(t[0].size, want[_i].size);
	ck_assert_double_eq(t[0].used, 1);
}
END_TEST

/* Lines after the first that are not "# table:" lines: 0, <t> untouched. */
START_TEST(test_table_other_lines_after_the_first)
{
	static const char *const other[] = {
		"0x55d59de8ba40: key=127.0.0.1 use=0 exp=1795823 server_id=1 server_key=a1",
		"0x55d59de8bc38: key=127.0.0.1 use=0 exp=55788 gpc0=0 conn_cur=0 "
		"http_req_cnt=9 http_req_rate(10000)=9",
		"# contents not dumped due to insufficient privileges",
		"#table: x, type: ip, size:1, used:1", /* not the prefix */
		"Permission denied",
		"garbage",
	};
	struct hs_table t;
	struct hs_error err = {0};

	memset(&t, 0x5a, sizeof(t));
	ck_assert_int_eq(hs_table_line(other[_i], 0, &t, &err), 0);
	ck_assert_int_eq(err.code, HS_ERR_NONE);
	ck_assert_int_eq((unsigned char)t.name[0], 0x5a);
}
END_TEST

/* The same lines first: the answer is not a table list (error text). */
START_TEST(test_table_first_line_must_be_a_table)
{
	static const char *const other[] = {
		"No such table.",
		"Permission denied",
		"Unknown command, but maybe one of the following ones is a better match:",
		"0x55d59de8ba40: key=127.0.0.1 use=0 exp=1795823 server_id=1 server_key=a1",
		"# contents not dumped due to insufficient privileges",
		"# pxname,svname,qcur,qmax,scur,smax",
		"",
	};
	struct hs_table t;
	struct hs_error err = {0};

	ck_assert_int_eq(hs_table_line(other[_i], 1, &t, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOT_STATS);
	ck_assert_ptr_nonnull(strstr(err.msg, "'show table' answered '"));
}
END_TEST

/* Peer text quoted in the message is cut (100 bytes) and cleaned. */
START_TEST(test_table_error_quotes_sanitized_excerpt)
{
	char line[400];
	struct hs_table t;
	struct hs_error err = {0};

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	line[3] = '\033';
	ck_assert_int_eq(hs_table_line(line, 1, &t, &err), -1);
	ck_assert_ptr_null(strchr(err.msg, '\033'));
	ck_assert_ptr_nonnull(strstr(err.msg, "xxx?xxx"));
	ck_assert_ptr_null(strstr(err.msg, line + 400 - 1 - 101)); /* at most 100 bytes */
}
END_TEST

/* "# table:" lines that break "# table: %s, type: %s, size:%d, used:%d",
 * first or not: MALFORMED.
 */
static const char *const malformed[] = {
	"# table: ",
	"# table: be_stick",
	"# table: be_stick, type: ip",
	"# table: be_stick, type: ip, size:1024",
	"# table: be_stick, type: ip, used:1",
	"# table: be_stick, type: ip, used:1, size:1024",
	"# table: , type: ip, size:1024, used:1",
	"# table: be_stick, type: ip, size:, used:1",
	"# table: be_stick, type: ip, size:1024, used:",
	"# table: be_stick, type: ip, size: 1024, used:1",
	"# table: be_stick, type: ip, size:1024, used: 1",
	"# table: be_stick, type: ip, size:-1, used:1",
	"# table: be_stick, type: ip, size:1024, used:-1",
	"# table: be_stick, type: ip, size:+1, used:1",
	"# table: be_stick, type: ip, size:1k, used:1",
	"# table: be_stick, type: ip, size:1024, used:1 ",
	"# table: be_stick, type: ip, size:1024, used:1,",
	"# table: be_stick, type: ip, size:1024, used:1\r",
	"# table: be_stick, type: ip, size:1024, used:1x",
	"# table: be_stick, type: ip, size:0x10, used:1",
	"# table: be_stick, type: ip, size:1024, used:99999999999999999999",
	"# table: be_stick, type: ip, size:99999999999999999999, used:1",
	"# table: be_stick,type: ip, size:1024, used:1",
	"# table: be_stick, type:ip, size:1024, used:1",
	"# table: be_stick, type: ip,size:1024, used:1",
	"# table: be_stick, type: ip, size=1024, used:1",
	"# table: be_stick, type: a_type_name_too_long, size:1024, used:1",
};

START_TEST(test_table_malformed_table_lines)
{
	struct hs_table t;
	struct hs_error err = {0};

	ck_assert_msg(hs_table_line(malformed[_i / 2], _i % 2, &t, &err) == -1, "'%s' accepted",
		      malformed[_i / 2]);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
	ck_assert_ptr_nonnull(strstr(err.msg, "is not understood"));
}
END_TEST

/* Every type HAProxy has, the longest that fits, and a peers table. */
START_TEST(test_table_types_and_peers_names)
{
	static const struct {
		const char *line, *name, *type;
		double size, used;
	} good[] = {
		{"# table: t, type: ip, size:1, used:0", "t", "ip", 1, 0},
		{"# table: t, type: ipv6, size:0, used:0", "t", "ipv6", 0, 0},
		{"# table: t, type: integer, size:2147483647, used:2147483647", "t", "integer",
		 2147483647, 2147483647},
		{"# table: t, type: string, size:10, used:3", "t", "string", 10, 3},
		{"# table: t, type: binary, size:10, used:10", "t", "binary", 10, 10},
		{"# table: mypeers/st_src, type: ip, size:204800, used:12", "mypeers/st_src", "ip",
		 204800, 12},
		{"# table: t, type: fifteen_chars_x, size:1, used:1", "t", "fifteen_chars_x", 1, 1},
		{"# table: a.b:c-d_e, type: ip, size:007, used:0", "a.b:c-d_e", "ip", 7, 0},
	};
	struct hs_table t;
	struct hs_error err = {0};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		memset(&t, 0x5a, sizeof(t));
		ck_assert_msg(hs_table_line(good[i].line, (int)(i % 2), &t, &err) == 1,
			      "'%s' refused: %s", good[i].line, err.msg);
		ck_assert_str_eq(t.name, good[i].name);
		ck_assert_str_eq(t.type, good[i].type);
		ck_assert_double_eq(t.size, good[i].size);
		ck_assert_double_eq(t.used, good[i].used);
	}
}
END_TEST

/* The name holds up to 255 bytes; 256 is MALFORMED, not cut. */
START_TEST(test_table_name_length_limit)
{
	char line[600], name[257];
	struct hs_table t;
	struct hs_error err = {0};

	memset(name, 'n', 255);
	name[255] = '\0';
	snprintf(line, sizeof(line), "# table: %s, type: ip, size:1024, used:1", name);
	ck_assert_int_eq(hs_table_line(line, 1, &t, &err), 1);
	ck_assert_str_eq(t.name, name);
	ck_assert_uint_eq(strlen(t.name), 255);

	name[255] = 'n';
	name[256] = '\0';
	snprintf(line, sizeof(line), "# table: %s, type: ip, size:1024, used:1", name);
	ck_assert_int_eq(hs_table_line(line, 1, &t, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
}
END_TEST

/* used and size are kept exactly up to 2^53 (64-bit counters). */
START_TEST(test_table_large_counts)
{
	struct hs_table t;
	struct hs_error err = {0};

	ck_assert_int_eq(hs_table_line("# table: t, type: ip, size:9007199254740992, "
				       "used:4294967296",
				       0, &t, &err),
			 1);
	ck_assert_double_eq(t.size, 9007199254740992.0);
	ck_assert_double_eq(t.used, 4294967296.0);
}
END_TEST

/* What may be spliced into "show table NAME data.TYPE gt N". */
START_TEST(test_table_query_valid)
{
	ck_assert(hs_table_query_valid("fe_web", "http_req_rate", "100"));
	ck_assert(hs_table_query_valid("mypeers/t1", "gpc0", "0"));
	ck_assert(!hs_table_query_valid("fe web", "http_req_rate", "1"));
	ck_assert(!hs_table_query_valid("fe;quit", "http_req_rate", "1"));
	ck_assert(!hs_table_query_valid("fe\nshow", "http_req_rate", "1"));
	ck_assert(!hs_table_query_valid("", "http_req_rate", "1"));
	ck_assert(!hs_table_query_valid("fe", "HTTP", "1"));
	ck_assert(!hs_table_query_valid("fe", "gpc(0)", "1"));
	ck_assert(!hs_table_query_valid("fe", "conn_cur", "-1"));
	ck_assert(!hs_table_query_valid("fe", "conn_cur", "1234567890123456789"));
	ck_assert(!hs_table_query_valid("fe", "conn_cur", ""));
}
END_TEST

/* Lines of "show table NAME data.TYPE gt N": entries counted, error texts
 * and a level user answer refused.
 */
START_TEST(test_table_data_lines)
{
	char why[200] = "";

	ck_assert_int_eq(hs_table_data_line("# table: fe_web, type: ip, size:100, used:4", 1,
					    "fe_web", why, sizeof(why)),
			 0);
	ck_assert_int_eq(hs_table_data_line("0x55d0c8e0a0d8: key=127.0.0.2 use=0 exp=59000 "
					    "http_req_rate(60000)=10",
					    0, "fe_web", why, sizeof(why)),
			 1);
	ck_assert_int_eq(hs_table_data_line("", 0, "fe_web", why, sizeof(why)), 0);
	/* another table's header (a name that is a prefix) */
	ck_assert_int_eq(hs_table_data_line("# table: fe_web2, type: ip, size:1, used:0", 1,
					    "fe_web", why, sizeof(why)),
			 -1);
	ck_assert_int_eq(hs_table_data_line("Data type not stored in this table.", 1, "fe_web", why,
					    sizeof(why)),
			 -1);
	ck_assert_ptr_nonnull(strstr(why, "Data type not stored"));
	ck_assert_int_eq(hs_table_data_line("# contents not dumped due to insufficient privileges",
					    0, "fe_web", why, sizeof(why)),
			 -1);
	ck_assert_ptr_nonnull(strstr(why, "level operator"));
}
END_TEST

Suite *
make_table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc;

	tc = tcase_create("Captures");
	tcase_add_test(tc, test_table_real_capture);
	tcase_add_loop_test(tc, test_table_entries_are_not_tables, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("Lines");
	tcase_add_loop_test(tc, test_table_other_lines_after_the_first, 0, 6);
	tcase_add_loop_test(tc, test_table_first_line_must_be_a_table, 0, 7);
	tcase_add_test(tc, test_table_error_quotes_sanitized_excerpt);
	tcase_add_loop_test(tc, test_table_malformed_table_lines, 0,
			    (int)(2 * sizeof(malformed) / sizeof(malformed[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("Limits");
	tcase_add_test(tc, test_table_types_and_peers_names);
	tcase_add_test(tc, test_table_name_length_limit);
	tcase_add_test(tc, test_table_large_counts);
	suite_add_tcase(s, tc);

	tc = tcase_create("Data queries");
	tcase_add_test(tc, test_table_query_valid);
	tcase_add_test(tc, test_table_data_lines);
	suite_add_tcase(s, tc);
	return s;
}
