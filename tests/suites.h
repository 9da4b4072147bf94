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
Suite *make_proxy_suite(void);
Suite *make_list_suite(void);
Suite *make_derived_suite(void);

#endif
