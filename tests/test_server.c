/* test_server.c: what a server row says beside its status (hs_server.h). */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_server.h"
#include "suites.h"

#define MAX_FIELDS 32

/* One server row, parsed from a header and a data line split at commas. */
struct srv {
	char hbuf[512], dbuf[1024];
	char *hf[MAX_FIELDS], *df[MAX_FIELDS];
	struct hs_header hdr;
	struct hs_row row;
	struct hs_status st;
};

static size_t
split(char *line, char **fields)
{
	size_t n = 0;

	fields[n++] = line;
	for (; *line != '\0'; line++) {
		if (*line == ',') {
			*line = '\0';
			ck_assert_uint_lt(n, MAX_FIELDS);
			fields[n++] = line + 1;
		}
	}
	return n;
}

/* Binds the server row <data> under <header> into <s>, and parses its
 * status cell.
 */
static void
srv_make(struct srv *s, const char *header, const char *data)
{
	struct hs_error err = {0};
	size_t nh, nd;
	const char *status;

	ck_assert_uint_lt(strlen(header), sizeof(s->hbuf));
	ck_assert_uint_lt(strlen(data), sizeof(s->dbuf));
	strcpy(s->hbuf, header);
	strcpy(s->dbuf, data);
	nh = split(s->hbuf, s->hf);
	nd = split(s->dbuf, s->df);
	ck_assert_msg(hs_header_parse(&s->hdr, s->hf, nh, &err) == 0, "%s", err.msg);
	ck_assert_msg(hs_row_bind(&s->row, &s->hdr, s->df, nd, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(s->row.type, HS_OBJ_SERVER);
	status = hs_row_str(&s->row, HS_COL_STATUS);
	ck_assert_msg(hs_status_parse(status, &s->st), "status '%s' not understood", status);
}

/* ------------------------------------------------------------------ */
/* hs_server_describe                                                  */

#define HDR "# pxname,svname,status,weight,bck,type,uweight,"

static const struct {
	const char *status, *weight, *bck;
	enum hs_state maint, drain; /* server.maint, server.drain */
	bool failed, planned, weight0, serving, backup;
} described[] = {
	/* serving: UP or no check at a non-zero weight, also going down */
	{"UP", "1", "0", HS_STATE_OK, HS_STATE_OK, false, false, false, true, false},
	{"UP 1/3", "5", "0", HS_STATE_OK, HS_STATE_OK, false, false, false, true, false},
	{"no check", "3", "0", HS_STATE_OK, HS_STATE_OK, false, false, false, true, false},
	{"UP", "256", "1", HS_STATE_OK, HS_STATE_OK, false, false, false, true, true},
	/* weight 0: UP but not serving */
	{"UP", "0", "0", HS_STATE_OK, HS_STATE_OK, false, false, true, false, false},
	{"no check", "0", "0", HS_STATE_OK, HS_STATE_OK, false, false, true, false, false},
	{"UP 2/3", "0", "1", HS_STATE_OK, HS_STATE_OK, false, false, true, false, true},
	/* failed: DOWN in every form, MAINT (resolution) whatever the policy */
	{"DOWN", "1", "0", HS_STATE_OK, HS_STATE_OK, true, false, false, false, false},
	{"DOWN 1/2", "1", "0", HS_STATE_OK, HS_STATE_OK, true, false, false, false, false},
	{"DOWN (agent)", "1", "1", HS_STATE_OK, HS_STATE_OK, true, false, false, false, true},
	{"DOWN", "0", "0", HS_STATE_OK, HS_STATE_OK, true, false, false, false, false},
	{"MAINT (resolution)", "1", "0", HS_STATE_OK, HS_STATE_OK, true, false, false, false,
	 false},
	{"MAINT (resolution)", "0", "0", HS_STATE_WARNING, HS_STATE_OK, true, false, false, false,
	 false},
	/* planned: MAINT or DRAIN that the policy calls OK */
	{"MAINT", "1", "0", HS_STATE_OK, HS_STATE_OK, false, true, false, false, false},
	{"MAINT", "0", "0", HS_STATE_OK, HS_STATE_OK, false, true, false, false, false},
	{"MAINT", "1", "0", HS_STATE_WARNING, HS_STATE_OK, false, false, false, false, false},
	{"MAINT", "1", "0", HS_STATE_CRITICAL, HS_STATE_OK, false, false, false, false, false},
	{"MAINT (via be/s1)", "1", "0", HS_STATE_OK, HS_STATE_OK, false, true, false, false, false},
	{"MAINT (via be/s1)", "1", "0", HS_STATE_WARNING, HS_STATE_OK, false, false, false, false,
	 false},
	{"DRAIN", "0", "0", HS_STATE_OK, HS_STATE_OK, false, true, false, false, false},
	{"DRAIN (agent)", "0", "0", HS_STATE_OK, HS_STATE_OK, false, true, false, false, false},
	{"DRAIN", "0", "0", HS_STATE_OK, HS_STATE_WARNING, false, false, false, false, false},
	/* the one policy line does not stand for the other */
	{"DRAIN", "0", "0", HS_STATE_WARNING, HS_STATE_OK, false, true, false, false, false},
	{"MAINT", "1", "0", HS_STATE_OK, HS_STATE_WARNING, false, true, false, false, false},
	/* NOLB: up but not load-balanced: neither serving nor failed */
	{"NOLB", "1", "0", HS_STATE_OK, HS_STATE_OK, false, false, false, false, false},
	{"NOLB", "0", "0", HS_STATE_OK, HS_STATE_OK, false, false, false, false, false},
};

START_TEST(test_server_describe)
{
	struct srv s;
	struct hs_server sv;
	struct hs_policy pol;
	char data[256];

	snprintf(data, sizeof(data), "app,s1,%s,%s,%s,2,7,", described[_i].status,
		 described[_i].weight, described[_i].bck);
	srv_make(&s, HDR, data);
	hs_policy_init(&pol);
	pol.state[HS_POL_SERVER_MAINT] = described[_i].maint;
	pol.state[HS_POL_SERVER_DRAIN] = described[_i].drain;
	memset(&sv, 0xff, sizeof(sv));
	hs_server_describe(&sv, &s.row, &s.st, &pol);
	ck_assert_msg(sv.failed == described[_i].failed, "%s: failed %d", data, sv.failed);
	ck_assert_msg(sv.planned == described[_i].planned, "%s: planned %d", data, sv.planned);
	ck_assert_msg(sv.weight0 == described[_i].weight0, "%s: weight0 %d", data, sv.weight0);
	ck_assert_msg(sv.serving == described[_i].serving, "%s: serving %d", data, sv.serving);
	ck_assert_msg(sv.backup == described[_i].backup, "%s: backup %d", data, sv.backup);
	ck_assert_double_eq(sv.weight, atof(described[_i].weight));
	ck_assert_double_eq(sv.uweight, 7);
}
END_TEST

/* The default policy calls MAINT and DRAIN planned. */
START_TEST(test_server_describe_default_policy)
{
	static const char *const rows[] = {"app,m,MAINT,1,0,2,1,", "app,d,DRAIN,0,0,2,1,"};
	struct srv s;
	struct hs_server sv;
	struct hs_policy pol;

	hs_policy_init(&pol);
	srv_make(&s, HDR, rows[_i]);
	hs_server_describe(&sv, &s.row, &s.st, &pol);
	ck_assert(sv.planned);
	ck_assert(!sv.failed);
	ck_assert(!sv.serving);
}
END_TEST

/* Without a weight column (not seen in practice) a server serves, its
 * weight unknown (-1); an empty or unparsable weight is unknown too.
 */
START_TEST(test_server_describe_weight_unknown)
{
	static const struct {
		const char *header, *data;
	} rows[] = {
		{"# pxname,svname,status,bck,type,", "app,s1,UP,0,2,"},
		{"# pxname,svname,status,weight,bck,type,", "app,s1,UP,,0,2,"},
		{"# pxname,svname,status,weight,bck,type,", "app,s1,no check,x,0,2,"},
	};
	struct srv s;
	struct hs_server sv;
	struct hs_policy pol;

	hs_policy_init(&pol);
	srv_make(&s, rows[_i].header, rows[_i].data);
	hs_server_describe(&sv, &s.row, &s.st, &pol);
	ck_assert_double_eq(sv.weight, -1);
	ck_assert_double_eq(sv.uweight, -1);
	ck_assert(sv.serving);
	ck_assert(!sv.weight0);
}
END_TEST

/* Before 2.4 there is no uweight: the current weight is all there is. */
START_TEST(test_server_describe_uweight_from_weight)
{
	struct srv s;
	struct hs_server sv;
	struct hs_policy pol;

	hs_policy_init(&pol);
	srv_make(&s, "# pxname,svname,status,weight,bck,type,", "app,s1,UP,12,0,2,");
	hs_server_describe(&sv, &s.row, &s.st, &pol);
	ck_assert_double_eq(sv.weight, 12);
	ck_assert_double_eq(sv.uweight, 12);
	/* 2.4+: both, each its own */
	srv_make(&s, HDR, "app,s1,UP,0,0,2,100,");
	hs_server_describe(&sv, &s.row, &s.st, &pol);
	ck_assert_double_eq(sv.weight, 0);
	ck_assert_double_eq(sv.uweight, 100);
	ck_assert(sv.weight0);
}
END_TEST

/* A backup server says "1" in bck; no bck column: not a backup. */
START_TEST(test_server_describe_backup_column)
{
	struct srv s;
	struct hs_server sv;
	struct hs_policy pol;

	hs_policy_init(&pol);
	srv_make(&s, "# pxname,svname,status,weight,type,", "app,s1,UP,1,2,");
	sv.backup = true;
	hs_server_describe(&sv, &s.row, &s.st, &pol);
	ck_assert(!sv.backup);
	srv_make(&s, HDR, "app,s1,UP,1,,2,1,");
	hs_server_describe(&sv, &s.row, &s.st, &pol);
	ck_assert(!sv.backup);
	srv_make(&s, HDR, "app,s1,UP,1,1,2,1,");
	hs_server_describe(&sv, &s.row, &s.st, &pol);
	ck_assert(sv.backup);
}
END_TEST

/* ------------------------------------------------------------------ */
/* hs_server_detail                                                    */

#define DHDR "# pxname,svname,status,tracked,type,check_status,last_chk,last_agt,agent_status,"

static const struct {
	const char *data, *detail;
} details[] = {
	/* the check: code and text */
	{"app,s1,DOWN,,2,L4CON,Connection refused,,,", " (L4CON Connection refused)"},
	{"app,s1,DOWN 1/2,,2,L7STS,HTTP status check returned code <503>,,,",
	 " (L7STS HTTP status check returned code <503>)"},
	/* a check running ("* "): the code is the last result's */
	{"app,s1,UP 2/3,,2,* L4CON,Connection refused,,,", " (L4CON Connection refused)"},
	{"app,s1,UP,,2,* L7OK,,,,", " (L7OK)"},
	/* one of them only */
	{"app,s1,UP,,2,L4OK,,,,", " (L4OK)"},
	{"app,s1,DOWN,,2,,Layer4 timeout,,,", " (Layer4 timeout)"},
	/* the agent's when the agent caused the state, not the check's */
	{"app,s1,DOWN (agent),,2,L7OK,OK,agent says down,L7STS,", " (L7STS agent says down)"},
	{"app,s1,DRAIN (agent),,2,L7OK,OK,drain,L7OK,", " (L7OK drain)"},
	{"app,s1,DOWN (agent),,2,L7OK,OK,,* L4CON,", " (L4CON)"},
	{"app,s1,DOWN (agent),,2,L7OK,OK,,,", ""},
	/* the check's otherwise, even with an agent text around */
	{"app,s1,DOWN,,2,L4TOUT,Layer4 timeout,agent up,L7OK,", " (L4TOUT Layer4 timeout)"},
	/* a tracking server has no checks of its own */
	{"app,s1,MAINT (via be/s1),be/s1,2,,,,,", " (tracks be/s1)"},
	{"app,s1,DOWN,be/s1,2,,,,,", " (tracks be/s1)"},
	{"app,s1,DOWN,be/s1,2,* ,,,,", " (tracks be/s1)"},
	/* a check text wins over the tracked server */
	{"app,s1,DOWN,be/s1,2,L4CON,,,,", " (L4CON)"},
	/* nothing to say */
	{"app,s1,MAINT,,2,,,,,", ""},
	{"app,s1,no check,,2,,,,,", ""},
};

START_TEST(test_server_detail)
{
	struct srv s;
	char dst[512];

	srv_make(&s, DHDR, details[_i].data);
	memset(dst, 'Z', sizeof(dst));
	hs_server_detail(&s.row, &s.st, dst, sizeof(dst));
	ck_assert_msg(strcmp(dst, details[_i].detail) == 0, "'%s': '%s', not '%s'",
		      details[_i].data, dst, details[_i].detail);
}
END_TEST

/* Columns an old HAProxy lacks give no detail, and no crash. */
START_TEST(test_server_detail_columns_absent)
{
	struct srv s;
	char dst[64] = "garbage";

	srv_make(&s, "# pxname,svname,status,type,", "app,s1,DOWN,2,");
	hs_server_detail(&s.row, &s.st, dst, sizeof(dst));
	ck_assert_str_eq(dst, "");
	srv_make(&s, "# pxname,svname,status,type,", "app,s1,DOWN (agent),2,");
	strcpy(dst, "garbage");
	hs_server_detail(&s.row, &s.st, dst, sizeof(dst));
	ck_assert_str_eq(dst, "");
}
END_TEST

/* HAProxy's texts are cut (the code at 40 bytes, the text at 200), and
 * the detail never overflows <dst>.
 */
START_TEST(test_server_detail_cut)
{
	struct srv s;
	char data[1024], code[61], text[301], dst[512], want[300];

	memset(code, 'C', 60);
	code[60] = '\0';
	memset(text, 'T', 300);
	text[300] = '\0';
	snprintf(data, sizeof(data), "app,s1,DOWN,,2,%s,%s,,,", code, text);
	srv_make(&s, DHDR, data);
	hs_server_detail(&s.row, &s.st, dst, sizeof(dst));
	snprintf(want, sizeof(want), " (%.40s %.200s)", code, text);
	ck_assert_str_eq(dst, want);
	ck_assert_uint_eq(strlen(dst), 2 + 40 + 1 + 200 + 1);
	/* a small destination: cut there, NUL-terminated, nothing past it */
	memset(dst, 'Z', sizeof(dst));
	hs_server_detail(&s.row, &s.st, dst, 16);
	ck_assert_uint_eq(strlen(dst), 15);
	ck_assert_int_eq(strncmp(dst, " (CCCC", 6), 0);
	ck_assert_int_eq(dst[16], 'Z');
}
END_TEST

Suite *
make_server_suite(void)
{
	Suite *s = suite_create("server");
	TCase *tc;

	tc = tcase_create("Describe");
	tcase_add_loop_test(tc, test_server_describe, 0,
			    (int)(sizeof(described) / sizeof(described[0])));
	tcase_add_loop_test(tc, test_server_describe_default_policy, 0, 2);
	tcase_add_loop_test(tc, test_server_describe_weight_unknown, 0, 3);
	tcase_add_test(tc, test_server_describe_uweight_from_weight);
	tcase_add_test(tc, test_server_describe_backup_column);
	suite_add_tcase(s, tc);

	tc = tcase_create("Detail");
	tcase_add_loop_test(tc, test_server_detail, 0, (int)(sizeof(details) / sizeof(details[0])));
	tcase_add_test(tc, test_server_detail_columns_absent);
	tcase_add_test(tc, test_server_detail_cut);
	suite_add_tcase(s, tc);
	return s;
}
