/* check_unit.c: runs every unit-test suite and prints Check's summary. */
#include <stdlib.h>

#include "suites.h"

int
main(void)
{
	SRunner *sr = srunner_create(make_csv_suite());
	int failed;

	srunner_add_suite(sr, make_reader_suite());
	srunner_add_suite(sr, make_columns_suite());
	srunner_add_suite(sr, make_status_suite());
	srunner_add_suite(sr, make_range_suite());
	srunner_add_suite(sr, make_policy_suite());
	srunner_add_suite(sr, make_select_suite());
	srunner_add_suite(sr, make_perfdata_suite());
	srunner_add_suite(sr, make_eval_suite());
	srunner_add_suite(sr, make_check_suite());
	srunner_add_suite(sr, make_metrics_suite());
	srunner_add_suite(sr, make_table_suite());
	srunner_add_suite(sr, make_info_suite());
	srunner_add_suite(sr, make_expect_suite());
	srunner_add_suite(sr, make_plan_suite());
	srunner_add_suite(sr, make_answer_suite());
	srunner_add_suite(sr, make_record_suite());
	srunner_add_suite(sr, make_options_suite());
	srunner_add_suite(sr, make_transport_suite());
	srunner_add_suite(sr, make_resolve_suite());
	srunner_add_suite(sr, make_proxy_suite());
	srunner_add_suite(sr, make_list_suite());
	srunner_add_suite(sr, make_derived_suite());
	srunner_add_suite(sr, make_state_suite());
	srunner_add_suite(sr, make_rate_suite());
	srunner_add_suite(sr, make_report_suite());
	srunner_add_suite(sr, make_render_suite());
	srunner_add_suite(sr, make_buf_suite());
	srunner_add_suite(sr, make_error_suite());
	srunner_add_suite(sr, make_time_suite());
	srunner_add_suite(sr, make_text_suite());
	srunner_add_suite(sr, make_server_suite());
	srunner_add_suite(sr, make_objperf_suite());
	srunner_add_suite(sr, make_ruleseen_suite());
	srunner_add_suite(sr, make_exchange_suite());
	srunner_add_suite(sr, make_master_suite());
	srunner_add_suite(sr, make_http_suite());
	srunner_add_suite(sr, make_checkobj_suite());
	srunner_add_suite(sr, make_discover_suite());
	srunner_add_suite(sr, make_inventory_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
