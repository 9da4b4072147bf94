/* test_time.c: one monotonic deadline for a whole check (hs_time.h). */
#include <check.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>

#include "hs_time.h"
#include "suites.h"

/* The clock never goes back. */
START_TEST(test_time_now_monotonic)
{
	int64_t prev = hs_now_ms(), now;
	int i;

	ck_assert_int_gt(prev, 0);
	for (i = 0; i < 10000; i++) {
		now = hs_now_ms();
		ck_assert_int_ge(now, prev);
		prev = now;
	}
}
END_TEST

/* A deadline is <seconds> * 1000 ms from now, computed in 64 bits. */
START_TEST(test_time_deadline_arithmetic)
{
	static const unsigned int secs[] = {0, 1, 10, 3600, 4294967, 4294968, UINT_MAX};
	int64_t before = hs_now_ms(), d = hs_deadline_in(secs[_i]), after = hs_now_ms();
	int64_t span = (int64_t)secs[_i] * 1000;

	ck_assert_int_ge(d, before + span);
	ck_assert_int_le(d, after + span);
}
END_TEST

/* What is left counts down with the clock. */
START_TEST(test_time_ms_left_counts_down)
{
	int64_t d = hs_deadline_in(2);
	int left = hs_ms_left(d);

	ck_assert_int_le(left, 2000);
	ck_assert_int_ge(left, 1900);
	hs_sleep_ms(100);
	left = hs_ms_left(d);
	ck_assert_int_le(left, 1900);
	ck_assert_int_ge(left, 1500);
	ck_assert_int_le(hs_ms_left(hs_now_ms() + 500), 500);
}
END_TEST

/* A deadline that has passed leaves 0, never a negative number (which
 * poll() would take for "wait forever").
 */
START_TEST(test_time_ms_left_never_negative)
{
	int64_t now = hs_now_ms();

	ck_assert_int_eq(hs_ms_left(hs_deadline_in(0)), 0);
	ck_assert_int_eq(hs_ms_left(now), 0);
	ck_assert_int_eq(hs_ms_left(now - 1), 0);
	ck_assert_int_eq(hs_ms_left(now - 1000000), 0);
	ck_assert_int_eq(hs_ms_left(0), 0);
	ck_assert_int_eq(hs_ms_left(now - (int64_t)INT32_MAX * 3), 0);
}
END_TEST

/* What is left is capped to INT32_MAX, so it fits poll()'s int. */
START_TEST(test_time_ms_left_capped)
{
	int64_t now = hs_now_ms();

	ck_assert_int_eq(hs_ms_left(now + (int64_t)INT32_MAX * 2), INT32_MAX);
	ck_assert_int_eq(hs_ms_left(now + (int64_t)UINT32_MAX + 5000), INT32_MAX);
	ck_assert_int_eq(hs_ms_left(INT64_MAX / 2), INT32_MAX);
	ck_assert_int_eq(hs_ms_left(hs_deadline_in(UINT_MAX)), INT32_MAX);
	/* just under the cap is kept as it is */
	ck_assert_int_le(hs_ms_left(now + INT32_MAX - 1000), INT32_MAX - 1000);
	ck_assert_int_ge(hs_ms_left(now + INT32_MAX - 1000), INT32_MAX - 2000);
}
END_TEST

/* Sleeps last what they are asked, also past a second (tv_nsec must stay
 * below a second or nanosleep refuses).
 */
START_TEST(test_time_sleep)
{
	static const int ms[] = {0, 1, 50, 999, 1100};
	int64_t start = hs_now_ms(), took;

	hs_sleep_ms(ms[_i]);
	took = hs_now_ms() - start;
	ck_assert_int_ge(took, ms[_i]);
	ck_assert_int_lt(took, ms[_i] + 500);
}
END_TEST

static volatile sig_atomic_t alarms;

static void
on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* A signal does not end the sleep early: it restarts for what is left. */
START_TEST(test_time_sleep_restarts_after_signals)
{
	struct sigaction sa;
	struct itimerval it = {{0, 20000}, {0, 20000}}; /* every 20 ms */
	int64_t start, took;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: nanosleep returns EINTR */
	ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
	ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
	start = hs_now_ms();
	hs_sleep_ms(300);
	took = hs_now_ms() - start;
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	ck_assert_int_ge(alarms, 3);
	ck_assert_int_ge(took, 300);
	ck_assert_int_lt(took, 1000);
}
END_TEST

Suite *
make_time_suite(void)
{
	Suite *s = suite_create("time");
	TCase *tc;

	tc = tcase_create("Deadline");
	tcase_add_test(tc, test_time_now_monotonic);
	tcase_add_loop_test(tc, test_time_deadline_arithmetic, 0, 7);
	tcase_add_test(tc, test_time_ms_left_counts_down);
	tcase_add_test(tc, test_time_ms_left_never_negative);
	tcase_add_test(tc, test_time_ms_left_capped);
	suite_add_tcase(s, tc);

	tc = tcase_create("Sleep");
	tcase_add_loop_test(tc, test_time_sleep, 0, 5);
	tcase_add_test(tc, test_time_sleep_restarts_after_signals);
	suite_add_tcase(s, tc);
	return s;
}
