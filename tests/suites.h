/* suites.h: one Check suite per library module, run by check_unit.c. */
#ifndef HS_TEST_SUITES_H
#define HS_TEST_SUITES_H

#include <check.h>

Suite *make_csv_suite(void);
Suite *make_reader_suite(void);
Suite *make_columns_suite(void);
Suite *make_status_suite(void);
Suite *make_range_suite(void);
Suite *make_policy_suite(void);
Suite *make_select_suite(void);
Suite *make_perfdata_suite(void);
Suite *make_eval_suite(void);
Suite *make_check_suite(void);
Suite *make_metrics_suite(void);
Suite *make_table_suite(void);
Suite *make_info_suite(void);
Suite *make_expect_suite(void);
Suite *make_plan_suite(void);
Suite *make_answer_suite(void);
Suite *make_record_suite(void);
Suite *make_options_suite(void);
Suite *make_transport_suite(void);
Suite *make_resolve_suite(void);
Suite *make_proxy_suite(void);
Suite *make_list_suite(void);
Suite *make_derived_suite(void);
Suite *make_report_suite(void);
Suite *make_render_suite(void);
Suite *make_buf_suite(void);
Suite *make_error_suite(void);
Suite *make_time_suite(void);
Suite *make_text_suite(void);
Suite *make_server_suite(void);
Suite *make_objperf_suite(void);
Suite *make_ruleseen_suite(void);
Suite *make_exchange_suite(void);
Suite *make_state_suite(void);
Suite *make_rate_suite(void);
Suite *make_master_suite(void);
Suite *make_http_suite(void);
Suite *make_checkobj_suite(void);
Suite *make_discover_suite(void);
Suite *make_inventory_suite(void);

#endif
