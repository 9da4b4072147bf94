/* test_run.h: runs the whole check pipeline on a dump held in memory. */
#ifndef HS_TEST_RUN_H
#define HS_TEST_RUN_H

#include "hs_check.h"
#include "hs_options.h"

struct run {
	int rc; /* hs_check_run's return */
	enum hs_state state;
	struct hs_error err;
	char *output;     /* whole plugin output */
	char *first_line; /* status line without perfdata */
	char *perfdata;   /* text after '|' on the status line */
};

/* Writes <dump> to a temporary file and runs hs_check_run on it as the
 * plugin would with --input=FILE and the options <opt1>, <opt2> (NULL for
 * none), parsed by the plugin's own parser (hs_options.h): any check
 * option, each in one word ("-w10", "--proxy=app").
 */
void run_dump2(struct run *r, const char *dump, const char *opt1, const char *opt2);
void run_dump(struct run *r, const char *dump, const char *opt);
/* Likewise with the NULL-terminated option list <opts>. */
void run_dumpv(struct run *r, const char *dump, const char *const *opts);
void run_free(struct run *r);

/* Parses the test options <opts> (NULL-terminated, as for run_dumpv) into
 * <cfg> with hs_options_parse: the rules are not compiled and the node
 * <cfg> already has is kept (unless <opts> names one).
 */
void run_options(struct hs_check_config *cfg, const char *const *opts);

/* Makes <ep> the one node of <cfg> (hs_node_set_one), as --input or a
 * lone --master-socket would; the test fails when it cannot.
 */
void run_set_endpoint(struct hs_check_config *cfg, struct hs_endpoint ep);

/* Runs hs_check_run with <cfg> (nodes and all) into <r>. */
void run_config(struct run *r, struct hs_check_config *cfg);

#endif
