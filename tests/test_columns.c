/* test_columns.c: the column table, header mapping and row access. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "hs_columns.h"
#include "hs_csv.h"
#include "suites.h"

#define MAXF 256

/* A header or row held in a writable copy, split into fields. */
struct rec {
	char *text;
	char *f[MAXF];
	int n;
};

static void
rec_split(struct rec *r, const char *text)
{
	r->text = strdup(text);
	ck_assert_ptr_nonnull(r->text);
	r->n = hs_csv_split(r->text, strlen(r->text), r->f, MAXF);
	ck_assert_msg(r->n > 0, "cannot split '%s'", text);
}

/* Splits line <lineno> (0-based) of fixture <name>. */
static void
rec_fixture_line(struct rec *r, const char *name, int lineno)
{
	char *dump = fixture_read(name, NULL);
	char *line = dump, *nl;
	int i;

	for (i = 0; i < lineno; i++) {
		line = strchr(line, '\n');
		ck_assert_ptr_nonnull(line);
		line++;
	}
	nl = strchr(line, '\n');
	if (nl != NULL)
		*nl = '\0';
	rec_split(r, line);
	free(dump);
}

static void
rec_free(struct rec *r)
{
	free(r->text);
}

/* Parses header text <text> into <hdr>; returns hs_header_parse's result. */
static int
parse_header(struct hs_header *hdr, const char *text, struct hs_error *err)
{
	struct rec h;
	int rc;

	rec_split(&h, text);
	rc = hs_header_parse(hdr, h.f, (size_t)h.n, err);
	rec_free(&h);
	return rc;
}

/* ---- the table ---- */

START_TEST(test_columns_names_are_unique_and_found)
{
	int i, j;

	for (i = 0; i < HS_COL_COUNT; i++) {
		ck_assert_ptr_nonnull(hs_columns[i].name);
		ck_assert_msg(hs_columns[i].name[0] != '\0', "column %d has an empty name", i);
		ck_assert_msg(strchr(hs_columns[i].name, ',') == NULL, "column %d: comma", i);
		ck_assert_msg(hs_column_lookup(hs_columns[i].name) == i,
			      "lookup of '%s' gives %d, not %d", hs_columns[i].name,
			      hs_column_lookup(hs_columns[i].name), i);
		ck_assert_msg(hs_columns[i].types != 0, "column '%s' is filled by no object type",
			      hs_columns[i].name);
		for (j = i + 1; j < HS_COL_COUNT; j++)
			ck_assert_msg(strcmp(hs_columns[i].name, hs_columns[j].name) != 0,
				      "columns %d and %d are both '%s'", i, j, hs_columns[i].name);
	}
}
END_TEST

START_TEST(test_columns_known_names_map_to_their_enum)
{
	ck_assert_int_eq(hs_column_lookup("pxname"), HS_COL_PXNAME);
	ck_assert_int_eq(hs_column_lookup("svname"), HS_COL_SVNAME);
	ck_assert_int_eq(hs_column_lookup("status"), HS_COL_STATUS);
	ck_assert_int_eq(hs_column_lookup("type"), HS_COL_TYPE);
	ck_assert_int_eq(hs_column_lookup("check_status"), HS_COL_CHECK_STATUS);
	ck_assert_int_eq(hs_column_lookup("agent_status"), HS_COL_AGENT_STATUS);
	ck_assert_int_eq(hs_column_lookup("addr"), HS_COL_ADDR);
	ck_assert_int_eq(hs_column_lookup("scur"), HS_COL_SCUR);
	ck_assert_int_eq(hs_column_lookup("cache_hint_hits"), HS_COL_CACHE_HINT_HITS);
}
END_TEST

START_TEST(test_columns_unknown_name_is_minus_one)
{
	ck_assert_int_eq(hs_column_lookup(""), -1);
	ck_assert_int_eq(hs_column_lookup("-"), -1);
	ck_assert_int_eq(hs_column_lookup("no_such_column"), -1);
	ck_assert_int_eq(hs_column_lookup("STATUS"), -1);
	ck_assert_int_eq(hs_column_lookup("status "), -1);
	ck_assert_int_eq(hs_column_lookup("ssl_sess"), -1); /* a stats-module column */
	ck_assert_int_eq(hs_column_lookup("# pxname"), -1);
}
END_TEST

/* ---- header mapping ---- */

START_TEST(test_columns_header_2_6_maps_by_name)
{
	struct hs_error err = {0};
	struct hs_header hdr;
	struct rec h;
	int i;

	rec_fixture_line(&h, "haproxy-2.6.12.csv", 0);
	ck_assert_msg(hs_header_parse(&hdr, h.f, (size_t)h.n, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(hdr.nfields, (size_t)h.n);
	ck_assert_int_eq(hdr.field_of[HS_COL_PXNAME], 0);
	ck_assert_int_eq(hdr.field_of[HS_COL_SVNAME], 1);
	ck_assert_int_eq(hdr.field_of[HS_COL_STATUS], 17);
	ck_assert_int_eq(hdr.field_of[HS_COL_TYPE], 32);
	ck_assert_int_eq(hdr.field_of[HS_COL_CHECK_STATUS], 36);
	ck_assert_int_eq(hdr.field_of[HS_COL_AGENT_STATUS], 62);
	ck_assert_int_eq(hdr.field_of[HS_COL_ADDR], 73);
	ck_assert_int_eq(hdr.field_of[HS_COL_AGG_CHECK_STATUS], 102);
	/* 2.6 has every static column up to agg_check_status, in table order */
	for (i = 0; i <= HS_COL_AGG_CHECK_STATUS; i++)
		ck_assert_msg(hdr.field_of[i] == i, "%s at %d", hs_columns[i].name,
			      hdr.field_of[i]);
	/* columns newer than 2.6 are absent */
	for (i = HS_COL_SRID; i < HS_COL_COUNT; i++)
		ck_assert_msg(hdr.field_of[i] == -1, "%s at %d", hs_columns[i].name,
			      hdr.field_of[i]);
	rec_free(&h);
}
END_TEST

START_TEST(test_columns_header_1_5_lacks_newer_columns)
{
	struct hs_error err = {0};
	struct hs_header hdr;
	struct rec h;

	rec_fixture_line(&h, "haproxy-1.5-states.csv", 0);
	ck_assert_msg(hs_header_parse(&hdr, h.f, (size_t)h.n, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(hdr.nfields, (size_t)h.n);
	ck_assert_int_eq(hdr.field_of[HS_COL_STATUS], 17);
	ck_assert_int_eq(hdr.field_of[HS_COL_TYPE], 32);
	ck_assert_int_eq(hdr.field_of[HS_COL_CHECK_STATUS], 36);
	ck_assert_int_eq(hdr.field_of[HS_COL_TTIME], 61);
	ck_assert_int_eq(hdr.field_of[HS_COL_AGENT_STATUS], -1);
	ck_assert_int_eq(hdr.field_of[HS_COL_CHECK_DESC], -1);
	ck_assert_int_eq(hdr.field_of[HS_COL_ADDR], -1);
	ck_assert_int_eq(hdr.field_of[HS_COL_MODE], -1);
	ck_assert_int_eq(hdr.field_of[HS_COL_SRID], -1);
	rec_free(&h);
}
END_TEST

START_TEST(test_columns_header_3_3_maps_columns_before_marker)
{
	struct hs_error err = {0};
	struct hs_header hdr;
	struct rec h;
	int i;

	rec_fixture_line(&h, "haproxy-3.3-states.csv", 0);
	ck_assert_msg(hs_header_parse(&hdr, h.f, (size_t)h.n, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(hdr.field_of[HS_COL_STATUS], 17);
	ck_assert_int_eq(hdr.field_of[HS_COL_AGG_CHECK_STATUS], 102);
	ck_assert_int_eq(hdr.field_of[HS_COL_SRID], 103);
	ck_assert_int_eq(hdr.field_of[HS_COL_RESBOUT], 117);
	/* 3.3 has every static column up to resbout, in table order */
	for (i = 0; i <= HS_COL_RESBOUT; i++)
		ck_assert_msg(hdr.field_of[i] == i, "%s at %d", hs_columns[i].name,
			      hdr.field_of[i]);
	ck_assert_int_eq(hdr.field_of[HS_COL_CACHE_HINT_HITS], -1); /* newer than 3.3 */
	/* nothing maps at or after the "-" marker */
	ck_assert_str_eq(h.f[118], "-");
	for (i = 0; i < HS_COL_COUNT; i++)
		ck_assert_int_lt(hdr.field_of[i], 118);
	rec_free(&h);
}
END_TEST

START_TEST(test_columns_header_names_are_trimmed)
{
	struct hs_error err = {0};
	struct hs_header hdr;

	ck_assert_msg(parse_header(&hdr, "#  pxname , svname,status  ,  type,scur ,", &err) == 0,
		      "%s", err.msg);
	ck_assert_int_eq(hdr.field_of[HS_COL_PXNAME], 0);
	ck_assert_int_eq(hdr.field_of[HS_COL_SVNAME], 1);
	ck_assert_int_eq(hdr.field_of[HS_COL_STATUS], 2);
	ck_assert_int_eq(hdr.field_of[HS_COL_TYPE], 3);
	ck_assert_int_eq(hdr.field_of[HS_COL_SCUR], 4);
	ck_assert_uint_eq(hdr.nfields, 6);
}
END_TEST

START_TEST(test_columns_header_order_does_not_matter)
{
	struct hs_error err = {0};
	struct hs_header hdr;

	ck_assert_int_eq(parse_header(&hdr, "# type,status,future_col,svname,pxname,", &err), 0);
	ck_assert_int_eq(hdr.field_of[HS_COL_TYPE], 0);
	ck_assert_int_eq(hdr.field_of[HS_COL_STATUS], 1);
	ck_assert_int_eq(hdr.field_of[HS_COL_SVNAME], 3);
	ck_assert_int_eq(hdr.field_of[HS_COL_PXNAME], 4);
	ck_assert_int_eq(hdr.field_of[HS_COL_SCUR], -1);
}
END_TEST

START_TEST(test_columns_header_dash_stops_mapping)
{
	struct hs_error err = {0};
	struct hs_header hdr;

	/* a module column named like a known one after "-" is not ours */
	ck_assert_msg(parse_header(&hdr, "# pxname,svname,status,type,scur,-,scur,addr,status,",
				   &err) == 0,
		      "%s", err.msg);
	ck_assert_int_eq(hdr.field_of[HS_COL_SCUR], 4);
	ck_assert_int_eq(hdr.field_of[HS_COL_STATUS], 2);
	ck_assert_int_eq(hdr.field_of[HS_COL_ADDR], -1);
	ck_assert_uint_eq(hdr.nfields, 10);

	ck_assert_int_eq(parse_header(&hdr, "# pxname,svname,status,type,-,scur,", &err), 0);
	ck_assert_int_eq(hdr.field_of[HS_COL_SCUR], -1);
}
END_TEST

START_TEST(test_columns_header_duplicate_is_malformed)
{
	struct hs_error err = {0};
	struct hs_header hdr;

	ck_assert_int_eq(parse_header(&hdr, "# pxname,svname,status,type,scur,scur,", &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
	ck_assert_ptr_nonnull(strstr(err.msg, "scur"));

	/* duplicates hidden by trimming are duplicates too */
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(parse_header(&hdr, "# pxname,svname,status,type, status,", &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
}
END_TEST

/* Headers lacking one required column each. */
static const struct {
	const char *hdr;
	const char *missing;
} lacking[] = {
	{"# svname,status,type,scur,", "pxname"},   {"# pxname,status,type,scur,", "svname"},
	{"# pxname,svname,type,scur,", "status"},   {"# pxname,svname,status,scur,", "type"},
	{"# pxname,svname,status,-,type,", "type"}, /* only after the marker */
};

START_TEST(test_columns_header_missing_required_is_error)
{
	struct hs_error err = {0};
	struct hs_header hdr;

	ck_assert_int_eq(parse_header(&hdr, lacking[_i].hdr, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
	ck_assert_msg(strstr(err.msg, lacking[_i].missing) != NULL, "message '%s' does not name %s",
		      err.msg, lacking[_i].missing);
}
END_TEST

START_TEST(test_columns_header_without_hash_is_refused)
{
	struct hs_error err = {0};
	struct hs_header hdr;

	ck_assert_int_eq(parse_header(&hdr, "pxname,svname,status,type,", &err), -1);
	ck_assert_int_ne(err.code, HS_ERR_NONE);
	ck_assert_int_eq(parse_header(&hdr, "Unknown command.", &err), -1);
	ck_assert_int_ne(err.code, HS_ERR_NONE);
}
END_TEST

/* ---- rows ---- */

#define SMALL_HDR "# pxname,svname,scur,slim,status,type,check_desc,"

struct small {
	struct hs_header hdr;
	struct rec row;
	struct hs_row r;
	struct hs_error err;
};

/* Binds <row> against SMALL_HDR; returns hs_row_bind's result. */
static int
small_bind(struct small *s, const char *row)
{
	memset(&s->err, 0, sizeof(s->err));
	ck_assert_int_eq(parse_header(&s->hdr, SMALL_HDR, &s->err), 0);
	rec_split(&s->row, row);
	return hs_row_bind(&s->r, &s->hdr, s->row.f, (size_t)s->row.n, &s->err);
}

START_TEST(test_columns_row_bind_fills_type)
{
	static const char *const rows[] = {"fe,FRONTEND,1,,OPEN,0,,", "be,BACKEND,1,,UP,1,,",
					   "be,s1,1,,UP,2,,", "fe,sock-1,1,,OPEN,3,,"};
	struct small s;

	ck_assert_msg(small_bind(&s, rows[_i]) == 0, "%s", s.err.msg);
	ck_assert_int_eq(s.r.type, _i);
	ck_assert_uint_eq(s.r.nfields, 8);
	rec_free(&s.row);
}
END_TEST

/* Rows that must not bind. */
static const char *const bad_rows[] = {
	"be,s1,1,,UP,2,",   /* one field short */
	"be,s1,1,,UP,2,,,", /* one field too many */
	"be,s1,1,,UP,4,,",  /* type out of range */
	"be,s1,1,,UP,-1,,", /* negative type */
	"be,s1,1,,UP,,,",   /* empty type */
	"be,s1,1,,UP,22,,", /* two digits */
	"be,s1,1,,UP,2 ,,", /* trailing space */
	"be,s1,1,,UP,x,,",  /* not a number */
	",s1,1,,UP,2,,",    /* empty pxname */
	"be,,1,,UP,2,,",    /* empty svname */
};

START_TEST(test_columns_row_bind_rejects_bad_shape)
{
	struct small s;

	ck_assert_msg(small_bind(&s, bad_rows[_i]) == -1, "row %d bound: %s", _i, bad_rows[_i]);
	ck_assert_int_eq(s.err.code, HS_ERR_MALFORMED);
	rec_free(&s.row);
}
END_TEST

START_TEST(test_columns_real_rows_bind)
{
	char *dump = fixture_read("haproxy-2.6.12.csv", NULL);
	struct hs_error err = {0};
	struct hs_header hdr;
	char *line, *next;
	int types[HS_OBJ_TYPES] = {0};
	int rows = 0;

	next = dump;
	line = strsep(&next, "\n");
	{
		char *f[MAXF];
		int n = hs_csv_split(line, strlen(line), f, MAXF);

		ck_assert_int_eq(hs_header_parse(&hdr, f, (size_t)n, &err), 0);
	}
	while ((line = strsep(&next, "\n")) != NULL && *line != '\0') {
		char *f[MAXF];
		struct hs_row r;
		int n = hs_csv_split(line, strlen(line), f, MAXF);

		ck_assert_int_gt(n, 0);
		ck_assert_msg(hs_row_bind(&r, &hdr, f, (size_t)n, &err) == 0, "row %d: %s", rows,
			      err.msg);
		ck_assert_ptr_nonnull(hs_row_str(&r, HS_COL_STATUS));
		types[r.type]++;
		rows++;
	}
	ck_assert_int_gt(rows, 10);
	ck_assert_int_gt(types[HS_OBJ_FRONTEND], 0);
	ck_assert_int_gt(types[HS_OBJ_BACKEND], 0);
	ck_assert_int_gt(types[HS_OBJ_SERVER], 0);
	ck_assert_int_gt(types[HS_OBJ_LISTENER], 0);
	free(dump);
}
END_TEST

START_TEST(test_columns_row_str_absent_is_null_empty_is_empty)
{
	struct small s;

	ck_assert_int_eq(small_bind(&s, "be,s1,,100,UP,2,\"a, b\","), 0);
	ck_assert_ptr_null(hs_row_str(&s.r, HS_COL_ADDR)); /* not in this header */
	ck_assert_ptr_nonnull(hs_row_str(&s.r, HS_COL_SCUR));
	ck_assert_str_eq(hs_row_str(&s.r, HS_COL_SCUR), "");
	ck_assert_str_eq(hs_row_str(&s.r, HS_COL_SLIM), "100");
	ck_assert_str_eq(hs_row_str(&s.r, HS_COL_STATUS), "UP");
	ck_assert_str_eq(hs_row_str(&s.r, HS_COL_CHECK_DESC), "a, b");
	ck_assert_str_eq(hs_row_str(&s.r, HS_COL_PXNAME), "be");
	rec_free(&s.row);
}
END_TEST

/* hs_row_num on the scur cell. */
static const struct {
	const char *cell;
	bool ok;
	double v;
} nums[] = {
	{"12", true, 12},     {"0", true, 0},
	{"-1", true, -1},     {"1.5", true, 1.5},
	{"9978", true, 9978}, {"18446744073709551615", true, 18446744073709551615.0},
	{"", false, 0},       {"1e3", false, 0},
	{"abc", false, 0},    {" 5", false, 0},
	{"5 ", false, 0},     {"0x10", false, 0},
	{"inf", false, 0},    {"nan", false, 0},
	{"-", false, 0},      {"1.2.3", false, 0},
	{"1-2", false, 0},    {"+5", false, 0},
	{"12abc", false, 0},
};

START_TEST(test_columns_row_num_parses_plain_decimals_only)
{
	struct small s;
	char row[128];
	double v = 4242;
	bool ok;

	/* the cell is quoted so any text survives the split */
	snprintf(row, sizeof(row), "be,s1,\"%s\",,UP,2,,", nums[_i].cell);
	ck_assert_int_eq(small_bind(&s, row), 0);
	ok = hs_row_num(&s.r, HS_COL_SCUR, &v);
	ck_assert_msg(ok == nums[_i].ok, "'%s': %s", nums[_i].cell, ok ? "accepted" : "refused");
	if (ok)
		ck_assert_double_eq_tol(v, nums[_i].v, 1e-9 * (1 + fabs(nums[_i].v)));
	else
		ck_assert_double_eq(v, 4242); /* untouched */
	rec_free(&s.row);
}
END_TEST

START_TEST(test_columns_row_num_absent_column_is_false)
{
	struct small s;
	double v = 7;

	ck_assert_int_eq(small_bind(&s, "be,s1,3,,UP,2,,"), 0);
	ck_assert(!hs_row_num(&s.r, HS_COL_STOT, &v)); /* not in this header */
	ck_assert_double_eq(v, 7);
	ck_assert(!hs_row_num(&s.r, HS_COL_SLIM, &v)); /* empty: missing is not zero */
	ck_assert(hs_row_num(&s.r, HS_COL_SCUR, &v));
	ck_assert_double_eq(v, 3);
	rec_free(&s.row);
}
END_TEST

Suite *
make_columns_suite(void)
{
	Suite *s = suite_create("columns");
	TCase *tc;

	tc = tcase_create("Table");
	tcase_add_test(tc, test_columns_names_are_unique_and_found);
	tcase_add_test(tc, test_columns_known_names_map_to_their_enum);
	tcase_add_test(tc, test_columns_unknown_name_is_minus_one);
	suite_add_tcase(s, tc);

	tc = tcase_create("Header");
	tcase_add_test(tc, test_columns_header_2_6_maps_by_name);
	tcase_add_test(tc, test_columns_header_1_5_lacks_newer_columns);
	tcase_add_test(tc, test_columns_header_3_3_maps_columns_before_marker);
	tcase_add_test(tc, test_columns_header_names_are_trimmed);
	tcase_add_test(tc, test_columns_header_order_does_not_matter);
	tcase_add_test(tc, test_columns_header_dash_stops_mapping);
	suite_add_tcase(s, tc);

	tc = tcase_create("HeaderErrors");
	tcase_add_test(tc, test_columns_header_duplicate_is_malformed);
	tcase_add_loop_test(tc, test_columns_header_missing_required_is_error, 0,
			    (int)(sizeof(lacking) / sizeof(lacking[0])));
	tcase_add_test(tc, test_columns_header_without_hash_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("Rows");
	tcase_add_loop_test(tc, test_columns_row_bind_fills_type, 0, HS_OBJ_TYPES);
	tcase_add_loop_test(tc, test_columns_row_bind_rejects_bad_shape, 0,
			    (int)(sizeof(bad_rows) / sizeof(bad_rows[0])));
	tcase_add_test(tc, test_columns_real_rows_bind);
	suite_add_tcase(s, tc);

	tc = tcase_create("Cells");
	tcase_add_test(tc, test_columns_row_str_absent_is_null_empty_is_empty);
	tcase_add_loop_test(tc, test_columns_row_num_parses_plain_decimals_only, 0,
			    (int)(sizeof(nums) / sizeof(nums[0])));
	tcase_add_test(tc, test_columns_row_num_absent_column_is_false);
	suite_add_tcase(s, tc);
	return s;
}
