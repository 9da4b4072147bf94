/* test_run.h: runs the whole check pipeline on a dump held in memory. */
#ifndef HS_TEST_RUN_H
#define HS_TEST_RUN_H

#include "hs_check.h"

struct run {
	int rc; /* hs_check_run's return */
	enum hs_state state;
	struct hs_error err;
	char *output;     /* whole plugin output */
	char *first_line; /* status line without perfdata */
	char *perfdata;   /* text after '|' on the status line */
};

/* Writes <dump> to a temporary file and runs hs_check_run on it with the
 * options <opt1>, <opt2> (NULL for none). Options understood: -wRANGE,
 * -cRANGE, -v, -vv, --proxy=, --exclude-proxy=, --server=,
 * --exclude-server=, --policy=.
 */
void run_dump2(struct run *r, const char *dump, const char *opt1, const char *opt2);
void run_dump(struct run *r, const char *dump, const char *opt);
/* Likewise with the NULL-terminated option list <opts>; also understood:
 * -w/-c[METRIC=]RANGE (repeatable), -vvv, --list, --expect=,
 * --perfdata=, --perfdata-max-bytes=.
 */
void run_dumpv(struct run *r, const char *dump, const char *const *opts);
void run_free(struct run *r);

/* Applies the test options <opts> (NULL-terminated, as for run_dumpv) to
 * <cfg>, without compiling the rules.
 */
void run_options(struct hs_check_config *cfg, const char *const *opts);

/* Runs hs_check_run with <cfg> (endpoint and all) into <r>. */
void run_config(struct run *r, struct hs_check_config *cfg);

#endif
