/* test_run.c: runs the whole check pipeline on a dump held in memory. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_node.h"
#include "test_run.h"

/* Parses the NULL-terminated test options <opts> with the plugin's own
 * parser (hs_options_parse), after the options <first> (NULL for none),
 * into <cfg> and <o>. Fails the test on a parse error.
 */
static void
parse_options(struct hs_check_config *cfg, struct hs_options *o, const char *first,
	      const char *const *opts)
{
	char *argv[64];
	struct hs_error err = {0};
	int argc = 0;

	argv[argc++] = (char *)"check_haproxy_stat";
	if (first != NULL)
		argv[argc++] = (char *)first;
	for (; opts != NULL && *opts != NULL; opts++) {
		ck_assert_int_lt(argc, (int)(sizeof(argv) / sizeof(argv[0])) - 1);
		argv[argc++] = (char *)*opts;
	}
	argv[argc] = NULL;
	ck_assert_msg(hs_options_parse(argc, argv, cfg, o, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(o->action, HS_OPTIONS_RUN);
}

void
run_set_endpoint(struct hs_check_config *cfg, struct hs_endpoint ep)
{
	struct hs_error err = {0};

	ck_assert_msg(hs_node_set_one(cfg, 0, &ep, &err) == 0, "%s", err.msg);
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
	struct hs_options o;

	parse_options(cfg, &o, NULL, opts);
}

void
run_dumpv(struct run *r, const char *dump, const char *const *opts)
{
	struct hs_check_config cfg;
	struct hs_options o;
	char path[] = "/tmp/hs-test-dump-XXXXXX";
	char input[sizeof(path) + 8];
	struct hs_error err = {0};
	int fd = mkstemp(path);
	size_t len = strlen(dump);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, dump, len), (ssize_t)len);
	close(fd);
	hs_check_config_init(&cfg);
	snprintf(input, sizeof(input), "--input=%s", path);
	parse_options(&cfg, &o, input, opts);
	ck_assert_msg(hs_options_finish(&cfg, &o, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.nodes, 1);
	ck_assert_int_eq(cfg.node[0].ep.kind, HS_EP_FILE);
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
