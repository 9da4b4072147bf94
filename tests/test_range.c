/* test_range.c: Nagios ranges, thresholds and the order of states. */
#include <check.h>
#include <string.h>

#include "hs_range.h"
#include "suites.h"

/* plugin-guidelines.md 1.4: range, value, and whether it alerts.
 * Endpoints are inclusive: the endpoints themselves never alert (and
 * always alert with '@').
 */
static const struct {
	const char *range;
	double value;
	bool alert;
} guide[] = {
	/* "10": alert if < 0 or > 10 */
	{"10", -1, true},
	{"10", -0.001, true},
	{"10", 0, false},
	{"10", 5, false},
	{"10", 10, false},
	{"10", 10.001, true},
	{"10", 11, true},
	{"10", 1e9, true},
	/* "10:": alert if < 10 */
	{"10:", -1e9, true},
	{"10:", 9, true},
	{"10:", 9.999, true},
	{"10:", 10, false},
	{"10:", 11, false},
	{"10:", 1e12, false},
	/* "~:10": alert if > 10 */
	{"~:10", -1e12, false},
	{"~:10", -1, false},
	{"~:10", 10, false},
	{"~:10", 10.001, true},
	{"~:10", 11, true},
	/* 10:20 alert if < 10 or > 20 */
	{"10:20", 9, true},
	{"10:20", 9.99, true},
	{"10:20", 10, false},
	{"10:20", 15, false},
	{"10:20", 20, false},
	{"10:20", 20.01, true},
	{"10:20", 21, true},
	{"10:20", -15, true},
	/* @10:20 alert if >= 10 and <= 20 */
	{"@10:20", 9, false},
	{"@10:20", 9.99, false},
	{"@10:20", 10, true},
	{"@10:20", 15, true},
	{"@10:20", 20, true},
	{"@10:20", 20.01, false},
	{"@10:20", 21, false},
	/* decimals and negatives */
	{"-5.5:5.5", -6, true},
	{"-5.5:5.5", -5.5, false},
	{"-5.5:5.5", 5.5, false},
	{"-5.5:5.5", 5.6, true},
	{"0.5", 0.6, true},
	{"0.5", 0.5, false},
	{"@~:0", -1, true},
	{"@~:0", 0, true},
	{"@~:0", 0.1, false},
	{"@5", 3, true},
	{"@5", 6, false},
};

/* Loop index: entry _i / 2, warning-only when even, critical-only when odd. */
START_TEST(test_range_guideline_table)
{
	int k = _i / 2;
	bool as_crit = _i % 2;
	struct hs_error err = {0};
	struct hs_threshold t;
	enum hs_state want, got;

	ck_assert_int_eq(hs_threshold_set(&t, as_crit ? NULL : guide[k].range,
					  as_crit ? guide[k].range : NULL, &err),
			 0);
	want = !guide[k].alert ? HS_STATE_OK : as_crit ? HS_STATE_CRITICAL : HS_STATE_WARNING;
	got = hs_threshold_eval(&t, guide[k].value);
	ck_assert_msg(got == want, "%s '%s' with %g: %s, expected %s", as_crit ? "-c" : "-w",
		      guide[k].range, guide[k].value, hs_state_name(got), hs_state_name(want));
	hs_threshold_free(&t);
}
END_TEST

/* plugin-guidelines.md 1.4 command-line table. */
static const struct {
	const char *w, *c;
	double value;
	enum hs_state want;
} cmdline[] = {
	/* -w10 -c20: CRITICAL if > 20, else WARNING if > 10 (CRITICAL if < 0) */
	{"10", "20", 25, HS_STATE_CRITICAL},
	{"10", "20", 20.5, HS_STATE_CRITICAL},
	{"10", "20", 20, HS_STATE_WARNING},
	{"10", "20", 15, HS_STATE_WARNING},
	{"10", "20", 10, HS_STATE_OK},
	{"10", "20", 0, HS_STATE_OK},
	{"10", "20", -1, HS_STATE_CRITICAL},
	/* -w~:10 -c~:20: same, negative values OK */
	{"~:10", "~:20", -100, HS_STATE_OK},
	{"~:10", "~:20", 15, HS_STATE_WARNING},
	{"~:10", "~:20", 25, HS_STATE_CRITICAL},
	/* -w10: -c20: CRITICAL if > 20, else WARNING if < 10 (CRITICAL if < 0) */
	{"10:", "20", 25, HS_STATE_CRITICAL},
	{"10:", "20", 15, HS_STATE_OK},
	{"10:", "20", 5, HS_STATE_WARNING},
	{"10:", "20", -1, HS_STATE_CRITICAL},
	/* -c1: CRITICAL if < 1 */
	{NULL, "1:", 0, HS_STATE_CRITICAL},
	{NULL, "1:", 1, HS_STATE_OK},
	{NULL, "1:", 1000, HS_STATE_OK},
	/* -w~:0 -c10: CRITICAL if > 10; WARNING if > 0 (CRITICAL if < 0) */
	{"~:0", "10", 11, HS_STATE_CRITICAL},
	{"~:0", "10", 5, HS_STATE_WARNING},
	{"~:0", "10", 0, HS_STATE_OK},
	{"~:0", "10", -1, HS_STATE_CRITICAL},
	/* -c5:6: CRITICAL if < 5 or > 6 */
	{NULL, "5:6", 4, HS_STATE_CRITICAL},
	{NULL, "5:6", 5, HS_STATE_OK},
	{NULL, "5:6", 6, HS_STATE_OK},
	{NULL, "5:6", 7, HS_STATE_CRITICAL},
	/* -c@10:20: OK if < 10 or > 20, otherwise CRITICAL */
	{NULL, "@10:20", 9, HS_STATE_OK},
	{NULL, "@10:20", 10, HS_STATE_CRITICAL},
	{NULL, "@10:20", 21, HS_STATE_OK},
	/* critical wins over warning when both alert */
	{"10", "10", 11, HS_STATE_CRITICAL},
	{"@0:100", "@0:100", 50, HS_STATE_CRITICAL},
	{"@0:100", "@40:60", 50, HS_STATE_CRITICAL},
	{"@0:100", "@40:60", 30, HS_STATE_WARNING},
	{"5", "1:", 0, HS_STATE_CRITICAL},
};

START_TEST(test_range_command_line_table)
{
	struct hs_error err = {0};
	struct hs_threshold t;
	enum hs_state got;

	ck_assert_int_eq(hs_threshold_set(&t, cmdline[_i].w, cmdline[_i].c, &err), 0);
	got = hs_threshold_eval(&t, cmdline[_i].value);
	ck_assert_msg(got == cmdline[_i].want, "-w %s -c %s with %g: %s, expected %s",
		      cmdline[_i].w ? cmdline[_i].w : "-", cmdline[_i].c ? cmdline[_i].c : "-",
		      cmdline[_i].value, hs_state_name(got), hs_state_name(cmdline[_i].want));
	hs_threshold_free(&t);
}
END_TEST

/* ---- validation ---- */

static const char *const invalid[] = {
	"",    "abc",   "20:10", "1:12%", "10:abc", "~",   "@",   ":",        "10:~", "@:",
	"1e3", "1,5",   " 10",   "10 ",   "+5",     "--5", "1-2", "1..2",     "@@5",  "~5",
	"5::", "1:2:3", "0x10",  "inf",   "nan",    ".",   "-",   "10:20abc", "~:@5", "@~",
};

START_TEST(test_range_valid_rejects)
{
	ck_assert_msg(!hs_range_valid(invalid[_i]), "'%s' accepted", invalid[_i]);
}
END_TEST

static const char *const valid[] = {
	"10", "10:",    "~:10", "10:20", "@10:20", "-5.5:5.5", "0.5",       "0",  "0:0",
	"@0", "-10:-5", "~:-5", "@~:0",  "10:10",  "1.5:",     "100000000", "~:",
};

START_TEST(test_range_valid_accepts)
{
	ck_assert_msg(hs_range_valid(valid[_i]), "'%s' refused", valid[_i]);
}
END_TEST

START_TEST(test_range_valid_null_is_invalid)
{
	ck_assert(!hs_range_valid(NULL));
}
END_TEST

START_TEST(test_range_threshold_set_rejects_invalid_text)
{
	struct hs_error err = {0};
	struct hs_threshold t;

	ck_assert_int_eq(hs_threshold_set(&t, "abc", NULL, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "abc"));
	ck_assert(!hs_threshold_active(&t));
	hs_threshold_free(&t);

	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(hs_threshold_set(&t, "10", "20:10", &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "20:10"));
	hs_threshold_free(&t);

	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(hs_threshold_set(&t, "", NULL, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	hs_threshold_free(&t);
}
END_TEST

START_TEST(test_range_threshold_active)
{
	struct hs_error err = {0};
	struct hs_threshold t;

	ck_assert_int_eq(hs_threshold_set(&t, NULL, NULL, &err), 0);
	ck_assert(!hs_threshold_active(&t));
	ck_assert_int_eq(hs_threshold_eval(&t, -1e9), HS_STATE_OK);
	ck_assert_int_eq(hs_threshold_eval(&t, 1e9), HS_STATE_OK);
	hs_threshold_free(&t);

	ck_assert_int_eq(hs_threshold_set(&t, "5", NULL, &err), 0);
	ck_assert(hs_threshold_active(&t));
	ck_assert_str_eq(t.warn, "5");
	ck_assert_ptr_null(t.crit);
	hs_threshold_free(&t);

	ck_assert_int_eq(hs_threshold_set(&t, NULL, "7:", &err), 0);
	ck_assert(hs_threshold_active(&t));
	ck_assert_ptr_null(t.warn);
	ck_assert_str_eq(t.crit, "7:");
	hs_threshold_free(&t);
	ck_assert(!hs_threshold_active(&t)); /* free leaves it empty */
}
END_TEST

START_TEST(test_range_threshold_copies_texts)
{
	struct hs_error err = {0};
	struct hs_threshold t;
	char w[] = "10", c[] = "20";

	ck_assert_int_eq(hs_threshold_set(&t, w, c, &err), 0);
	w[0] = '9';
	c[0] = '9';
	ck_assert_str_eq(t.warn, "10");
	ck_assert_str_eq(t.crit, "20");
	ck_assert_int_eq(hs_threshold_eval(&t, 15), HS_STATE_WARNING);
	ck_assert_int_eq(hs_threshold_eval(&t, 25), HS_STATE_CRITICAL);
	hs_threshold_free(&t);
}
END_TEST

/* ---- states ---- */

START_TEST(test_range_state_worst_order)
{
	/* OK < UNKNOWN < WARNING < CRITICAL */
	static const enum hs_state order[] = {HS_STATE_OK, HS_STATE_UNKNOWN, HS_STATE_WARNING,
					      HS_STATE_CRITICAL};
	int i, j;

	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(hs_state_rank(order[i]), i);
		for (j = 0; j < 4; j++) {
			enum hs_state want = order[i > j ? i : j];

			ck_assert_msg(hs_state_worst(order[i], order[j]) == want,
				      "worst(%s, %s) = %s, expected %s", hs_state_name(order[i]),
				      hs_state_name(order[j]),
				      hs_state_name(hs_state_worst(order[i], order[j])),
				      hs_state_name(want));
		}
	}
	ck_assert_int_eq(hs_state_worst(HS_STATE_UNKNOWN, HS_STATE_WARNING), HS_STATE_WARNING);
	ck_assert_int_eq(hs_state_worst(HS_STATE_CRITICAL, HS_STATE_UNKNOWN), HS_STATE_CRITICAL);
	ck_assert_int_eq(hs_state_worst(HS_STATE_OK, HS_STATE_UNKNOWN), HS_STATE_UNKNOWN);
}
END_TEST

START_TEST(test_range_state_names)
{
	ck_assert_str_eq(hs_state_name(HS_STATE_OK), "OK");
	ck_assert_str_eq(hs_state_name(HS_STATE_WARNING), "WARNING");
	ck_assert_str_eq(hs_state_name(HS_STATE_CRITICAL), "CRITICAL");
	ck_assert_str_eq(hs_state_name(HS_STATE_UNKNOWN), "UNKNOWN");
	ck_assert_int_eq(HS_STATE_OK, 0);
	ck_assert_int_eq(HS_STATE_WARNING, 1);
	ck_assert_int_eq(HS_STATE_CRITICAL, 2);
	ck_assert_int_eq(HS_STATE_UNKNOWN, 3);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *
make_range_suite(void)
{
	Suite *s = suite_create("range");
	TCase *tc;

	tc = tcase_create("Guidelines");
	tcase_add_loop_test(tc, test_range_guideline_table, 0, 2 * N(guide));
	tcase_add_loop_test(tc, test_range_command_line_table, 0, N(cmdline));
	suite_add_tcase(s, tc);

	tc = tcase_create("Validation");
	tcase_add_loop_test(tc, test_range_valid_rejects, 0, N(invalid));
	tcase_add_loop_test(tc, test_range_valid_accepts, 0, N(valid));
	tcase_add_test(tc, test_range_valid_null_is_invalid);
	tcase_add_test(tc, test_range_threshold_set_rejects_invalid_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("Thresholds");
	tcase_add_test(tc, test_range_threshold_active);
	tcase_add_test(tc, test_range_threshold_copies_texts);
	suite_add_tcase(s, tc);

	tc = tcase_create("States");
	tcase_add_test(tc, test_range_state_worst_order);
	tcase_add_test(tc, test_range_state_names);
	suite_add_tcase(s, tc);
	return s;
}
