/* check_unit.c: runs every unit-test suite and prints Check's summary.
 *
 * Pure-logic suites run without fork (CK_NOFORK): a fork per test costs
 * more than most of these tests, 1 576 tests in 28 s forked against 13 s
 * (of which 11 s are the forked suites' own waits). A suite keeps a fork
 * per test when a test needs a process of its own: a real socket or a
 * child (a peer that exits, a listener), threads, an alarm or a signal
 * handler, a change of the environment, or Check's per-test timeout (only
 * a forked test can be stopped). CK_FORK=no in the environment still runs
 * those without fork too, for a debugger.
 */
#include <stdio.h>
#include <stdlib.h>

#include "suites.h"

/* A suite and whether its tests need a process each. */
struct unit_suite {
	Suite *(*make)(void);
	int fork;
};

static const struct unit_suite suites[] = {
	{make_csv_suite, 0},
	{make_reader_suite, 1}, /* a writer thread, a timeout */
	{make_columns_suite, 0},
	{make_status_suite, 0},
	{make_range_suite, 0},
	{make_policy_suite, 0},
	{make_select_suite, 0},
	{make_perfdata_suite, 0},
	{make_eval_suite, 0},
	{make_check_suite, 1},   /* forked peers over unix and TCP sockets */
	{make_metrics_suite, 1}, /* a forked peer on a unix socket */
	{make_table_suite, 0},
	{make_info_suite, 0},
	{make_expect_suite, 0},
	{make_plan_suite, 0},
	{make_answer_suite, 0},
	{make_record_suite, 0},
	{make_options_suite, 1},   /* sets the password's environment variable */
	{make_transport_suite, 1}, /* forked peers, sockets, a timeout */
	{make_resolve_suite, 0},
	{make_proxy_suite, 0},
	{make_list_suite, 0},
	{make_derived_suite, 0},
	{make_state_suite, 1}, /* sets MP_STATE_PATH */
	{make_rate_suite, 0},
	{make_report_suite, 0},
	{make_render_suite, 0},
	{make_buf_suite, 0},
	{make_error_suite, 0},
	{make_time_suite, 1}, /* SIGALRM handlers and alarms */
	{make_text_suite, 0},
	{make_server_suite, 0},
	{make_objperf_suite, 0},
	{make_ruleseen_suite, 0},
	{make_exchange_suite, 1}, /* forked peers that exit mid-answer */
	{make_master_suite, 1},   /* a forked master CLI */
	{make_http_suite, 0},
	{make_checkobj_suite, 0},
	{make_discover_suite, 0},
	{make_inventory_suite, 0},
};

/* Prints every failure and error of <sr> the way Check does ("file:line:
 * F|E:test case: message"), and adds its counts to <checks>, <failures>
 * and <errors>.
 */
static void
report(SRunner *sr, int *checks, int *failures, int *errors)
{
	TestResult **res = srunner_failures(sr);
	int i, n = srunner_ntests_failed(sr);

	*checks += srunner_ntests_run(sr);
	for (i = 0; i < n; i++) {
		int failure = tr_rtype(res[i]) == CK_FAILURE;

		printf("%s:%d:%c:%s: %s\n", tr_lfile(res[i]), tr_lno(res[i]), failure ? 'F' : 'E',
		       tr_tcname(res[i]), tr_msg(res[i]));
		if (failure)
			(*failures)++;
		else
			(*errors)++;
	}
	free(res);
}

int
main(void)
{
	SRunner *plain = NULL, *forked = NULL;
	int checks = 0, failures = 0, errors = 0, pct;
	size_t i;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		SRunner **sr = suites[i].fork ? &forked : &plain;

		if (*sr == NULL)
			*sr = srunner_create(suites[i].make());
		else
			srunner_add_suite(*sr, suites[i].make());
	}
	/* CK_FORK_GETENV (the default) stays for the forked runner */
	srunner_set_fork_status(plain, CK_NOFORK);
	srunner_run_all(plain, CK_SILENT);
	srunner_run_all(forked, CK_SILENT);
	report(plain, &checks, &failures, &errors);
	report(forked, &checks, &failures, &errors);
	srunner_free(plain);
	srunner_free(forked);
	/* Check's own summary line, for both runners (its percentage too) */
	pct = failures + errors == 0 ? 100
	      : checks == 0          ? 0
			    : (int)((float)(checks - failures - errors) / (float)checks * 100);
	printf("%d%%: Checks: %d, Failures: %d, Errors: %d\n", pct, checks, failures, errors);
	return failures + errors == 0 && checks > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
