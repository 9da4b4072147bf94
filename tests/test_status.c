/* test_status.c: hs_status_parse on every status string HAProxy prints. */
#include <check.h>
#include <string.h>

#include "hs_status.h"
#include "suites.h"

/* Every status of haproxy-stats.md section 2, and what it must parse to. */
static const struct {
	const char *s;
	enum hs_status_class cls;
	int tnum, tden;
	enum hs_status_cause cause;
	int nup, nsrv;
	bool unpub;
} good[] = {
	/* frontends and listeners */
	{"OPEN", HS_SC_OPEN, 0, 0, HS_CAUSE_NONE, -1, -1, false},
	{"FULL", HS_SC_FULL, 0, 0, HS_CAUSE_NONE, -1, -1, false},
	{"STOP", HS_SC_STOP, 0, 0, HS_CAUSE_NONE, -1, -1, false},
	{"PAUSED", HS_SC_PAUSED, 0, 0, HS_CAUSE_NONE, -1, -1, false},
	{"WAITING", HS_SC_WAITING, 0, 0, HS_CAUSE_NONE, -1, -1, false},
	/* servers and backends */
	{"UP", HS_SC_UP, 0, 0, HS_CAUSE_NONE, -1, -1, false},
	{"DOWN", HS_SC_DOWN, 0, 0, HS_CAUSE_NONE, -1, -1, false},
	{"UP 1/2", HS_SC_UP, 1, 2, HS_CAUSE_NONE, -1, -1, false},
	{"DOWN 1/2", HS_SC_DOWN, 1, 2, HS_CAUSE_NONE, -1, -1, false},
	{"UP 12/30", HS_SC_UP, 12, 30, HS_CAUSE_NONE, -1, -1, false},
	{"DOWN (agent)", HS_SC_DOWN, 0, 0, HS_CAUSE_AGENT, -1, -1, false},
	{"NOLB", HS_SC_NOLB, 0, 0, HS_CAUSE_NONE, -1, -1, false},
	{"NOLB 1/2", HS_SC_NOLB, 1, 2, HS_CAUSE_NONE, -1, -1, false},
	{"DRAIN", HS_SC_DRAIN, 0, 0, HS_CAUSE_NONE, -1, -1, false},
	{"DRAIN 1/2", HS_SC_DRAIN, 1, 2, HS_CAUSE_NONE, -1, -1, false},
	{"DRAIN (agent)", HS_SC_DRAIN, 0, 0, HS_CAUSE_AGENT, -1, -1, false},
	{"MAINT", HS_SC_MAINT, 0, 0, HS_CAUSE_NONE, -1, -1, false},
	{"MAINT (via be_app/s1)", HS_SC_MAINT, 0, 0, HS_CAUSE_VIA, -1, -1, false},
	{"MAINT (resolution)", HS_SC_MAINT, 0, 0, HS_CAUSE_RESOLUTION, -1, -1, false},
	{"no check", HS_SC_NOCHECK, 0, 0, HS_CAUSE_NONE, -1, -1, false},
	/* backends with the up/no-maint modifier, and unpublished (3.4+) */
	{"UP (2/3)", HS_SC_UP, 0, 0, HS_CAUSE_NONE, 2, 3, false},
	{"DOWN (0/1)", HS_SC_DOWN, 0, 0, HS_CAUSE_NONE, 0, 1, false},
	{"UP (UNPUB)", HS_SC_UP, 0, 0, HS_CAUSE_NONE, -1, -1, true},
	{"UP (UNPUB) (2/3)", HS_SC_UP, 0, 0, HS_CAUSE_NONE, 2, 3, true},
};

START_TEST(test_status_parses_every_documented_string)
{
	struct hs_status st;

	memset(&st, 0x55, sizeof(st)); /* stale values must be reset */
	ck_assert_msg(hs_status_parse(good[_i].s, &st), "'%s' not understood", good[_i].s);
	ck_assert_int_eq(st.cls, good[_i].cls);
	ck_assert_int_eq(st.trans_num, good[_i].tnum);
	ck_assert_int_eq(st.trans_den, good[_i].tden);
	ck_assert_int_eq(st.cause, good[_i].cause);
	ck_assert_int_eq(st.nup, good[_i].nup);
	ck_assert_int_eq(st.nsrv, good[_i].nsrv);
	ck_assert_int_eq(st.unpublished, good[_i].unpub);
	if (good[_i].cause != HS_CAUSE_VIA)
		ck_assert_ptr_null(st.via);
}
END_TEST

START_TEST(test_status_via_points_at_tracked_server)
{
	static const char s[] = "MAINT (via be_app/s1)";
	struct hs_status st;

	ck_assert(hs_status_parse(s, &st));
	ck_assert_int_eq(st.cls, HS_SC_MAINT);
	ck_assert_int_eq(st.cause, HS_CAUSE_VIA);
	ck_assert_ptr_eq(st.via, s + strlen("MAINT (via "));
	ck_assert_uint_eq(st.via_len, strlen("be_app/s1"));
	ck_assert_int_eq(strncmp(st.via, "be_app/s1", st.via_len), 0);
}
END_TEST

START_TEST(test_status_via_keeps_unusual_names)
{
	static const char s[] = "MAINT (via my-be.v2/srv_01)";
	struct hs_status st;

	ck_assert(hs_status_parse(s, &st));
	ck_assert_int_eq(st.cause, HS_CAUSE_VIA);
	ck_assert_uint_eq(st.via_len, strlen("my-be.v2/srv_01"));
	ck_assert_int_eq(strncmp(st.via, "my-be.v2/srv_01", st.via_len), 0);
}
END_TEST

/* Strings that are not statuses: false and UNKNOWN. */
static const char *const bad[] = {
	"",
	"up",
	"UPX",
	"UP 1/",
	"UP (",
	"MAINT (via )",
	"DOWN (bogus)",
	"* L4CON",
	"UP ",
	" UP",
	"UP 1",
	"UP /2",
	"UP (2/)",
	"UP ()",
	"UP (2/3",
	"UP (2/3) x",
	"UP(2/3)",
	"Up",
	"no",
	"no check 1/2x",
	"MAINT (via be/s1",
	"DOWN 1/2 (agent) trailing",
	"L4CON",
	"?",
};

START_TEST(test_status_garbage_is_unknown)
{
	struct hs_status st;

	memset(&st, 0x55, sizeof(st));
	ck_assert_msg(!hs_status_parse(bad[_i], &st), "'%s' accepted", bad[_i]);
	ck_assert_int_eq(st.cls, HS_SC_UNKNOWN);
}
END_TEST

START_TEST(test_status_class_name_round_trips)
{
	enum hs_status_class cls = (enum hs_status_class)_i;
	const char *name = hs_status_class_name(cls);
	struct hs_status st;

	ck_assert_ptr_nonnull(name);
	ck_assert(hs_status_parse(name, &st));
	ck_assert_int_eq(st.cls, cls);
}
END_TEST

START_TEST(test_status_class_names_as_haproxy_prints)
{
	ck_assert_str_eq(hs_status_class_name(HS_SC_UP), "UP");
	ck_assert_str_eq(hs_status_class_name(HS_SC_MAINT), "MAINT");
	ck_assert_str_eq(hs_status_class_name(HS_SC_NOCHECK), "no check");
	ck_assert_str_eq(hs_status_class_name(HS_SC_WAITING), "WAITING");
	/* unknown classes still give a printable name that parses as nothing */
	ck_assert_ptr_nonnull(hs_status_class_name(HS_SC_UNKNOWN));
	ck_assert_ptr_nonnull(hs_status_class_name(HS_SC_COUNT));
	ck_assert_ptr_nonnull(hs_status_class_name((enum hs_status_class) - 1));
	{
		struct hs_status st;

		ck_assert(!hs_status_parse(hs_status_class_name(HS_SC_UNKNOWN), &st));
	}
}
END_TEST

Suite *
make_status_suite(void)
{
	Suite *s = suite_create("status");
	TCase *tc;

	tc = tcase_create("Documented");
	tcase_add_loop_test(tc, test_status_parses_every_documented_string, 0,
			    (int)(sizeof(good) / sizeof(good[0])));
	tcase_add_test(tc, test_status_via_points_at_tracked_server);
	tcase_add_test(tc, test_status_via_keeps_unusual_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("Garbage");
	tcase_add_loop_test(tc, test_status_garbage_is_unknown, 0,
			    (int)(sizeof(bad) / sizeof(bad[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("Names");
	tcase_add_loop_test(tc, test_status_class_name_round_trips, HS_SC_OPEN, HS_SC_COUNT);
	tcase_add_test(tc, test_status_class_names_as_haproxy_prints);
	suite_add_tcase(s, tc);
	return s;
}
