/* test_run.c: runs the whole check pipeline on a dump held in memory. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_run.h"

/* Applies one test option to <cfg>. */
static void
apply_option(struct hs_check_config *cfg, const char *opt)
{
	struct hs_error err = {0};
	static const struct {
		const char *prefix;
		enum hs_sel_list list;
	} sel[] = {
		{"--proxy=", HS_SEL_PROXY},
		{"--exclude-proxy=", HS_SEL_EXCLUDE_PROXY},
		{"--server=", HS_SEL_SERVER},
		{"--exclude-server=", HS_SEL_EXCLUDE_SERVER},
	};
	size_t i;

	if (opt == NULL)
		return;
	if (strncmp(opt, "-w", 2) == 0 || strncmp(opt, "-c", 2) == 0) {
		ck_assert_msg(hs_rules_add(&cfg->rules, opt[1] == 'c', opt + 2, &err) == 0, "%s",
			      err.msg);
		return;
	}
	if (strcmp(opt, "-v") == 0 || strcmp(opt, "-vv") == 0 || strcmp(opt, "-vvv") == 0) {
		cfg->verbosity = (int)strlen(opt) - 1;
		return;
	}
	if (strcmp(opt, "--list") == 0) {
		cfg->list = true;
		return;
	}
	if (strncmp(opt, "--expect=", 9) == 0) {
		ck_assert_int_eq(hs_expect_add(&cfg->expect, opt + 9, &err), 0);
		return;
	}
	if (strncmp(opt, "--perfdata-max-bytes=", 21) == 0) {
		cfg->perf_max_bytes = (size_t)atoi(opt + 21);
		return;
	}
	if (strncmp(opt, "--perfdata=", 11) == 0) {
		static const char *const levels[] = {"none", "summary", "proxies", "servers"};
		int l;

		for (l = 0; l < 4 && strcmp(opt + 11, levels[l]) != 0; l++)
			;
		ck_assert_int_lt(l, 4);
		cfg->perf = (enum hs_perf_level)l;
		return;
	}
	if (strncmp(opt, "--policy=", 9) == 0) {
		ck_assert_int_eq(hs_policy_set(&cfg->policy, opt + 9, &err), 0);
		return;
	}
	for (i = 0; i < sizeof(sel) / sizeof(sel[0]); i++) {
		size_t l = strlen(sel[i].prefix);

		if (strncmp(opt, sel[i].prefix, l) == 0) {
			ck_assert_int_eq(
				hs_selection_add(&cfg->selection, sel[i].list, opt + l, &err), 0);
			return;
		}
	}
	ck_abort_msg("test option %s not understood", opt);
}

void
run_config(struct run *r, struct hs_check_config *cfg)
{
	struct hs_buf out;
	char *bar, *nl;

	memset(r, 0, sizeof(*r));
	hs_buf_init(&out, 0);
	r->state = HS_STATE_UNKNOWN;
	r->rc = hs_check_run(cfg, &r->state, &out, &r->err);
	r->output = strdup(hs_buf_str(&out));
	hs_buf_free(&out);
	ck_assert_ptr_nonnull(r->output);
	nl = strchr(r->output, '\n');
	r->first_line = strndup(r->output, nl ? (size_t)(nl - r->output) : strlen(r->output));
	bar = strchr(r->first_line, '|');
	r->perfdata = strdup(bar ? bar + 1 : "");
	if (bar)
		*bar = '\0';
}

void
run_options(struct hs_check_config *cfg, const char *const *opts)
{
	for (; opts != NULL && *opts != NULL; opts++)
		apply_option(cfg, *opts);
}

void
run_dumpv(struct run *r, const char *dump, const char *const *opts)
{
	struct hs_check_config cfg;
	char path[] = "/tmp/hs-test-dump-XXXXXX";
	struct hs_error err = {0};
	int fd = mkstemp(path);
	size_t len = strlen(dump);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, dump, len), (ssize_t)len);
	close(fd);
	hs_check_config_init(&cfg);
	cfg.endpoint.kind = HS_EP_FILE;
	cfg.endpoint.path = path;
	for (; opts != NULL && *opts != NULL; opts++)
		apply_option(&cfg, *opts);
	ck_assert_msg(hs_rules_compile(&cfg.rules, &err) == 0, "%s", err.msg);
	run_config(r, &cfg);
	hs_check_config_free(&cfg);
	unlink(path);
}

void
run_dump2(struct run *r, const char *dump, const char *opt1, const char *opt2)
{
	const char *opts[3] = {NULL, NULL, NULL};
	int n = 0;

	if (opt1 != NULL)
		opts[n++] = opt1;
	if (opt2 != NULL)
		opts[n++] = opt2;

	run_dumpv(r, dump, opts);
}

void
run_dump(struct run *r, const char *dump, const char *opt)
{
	run_dump2(r, dump, opt, NULL);
}

void
run_free(struct run *r)
{
	free(r->output);
	free(r->first_line);
	free(r->perfdata);
	memset(r, 0, sizeof(*r));
}
