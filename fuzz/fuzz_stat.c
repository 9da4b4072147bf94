/* fuzz_stat.c: the whole check pipeline on arbitrary bytes.
 *
 * The input is what a stats socket answered. It goes through the same
 * path as a live answer: hs_check_run() reads it from a file descriptor
 * (a memfd, opened as a --input file) with the record reader, and parses
 * it in the order the plan says. An input that starts like a "show info"
 * answer ("Name: ") runs with info. and table. rules, so the plan reads
 * "show info", "show stat" and "show table" answers in that order; any
 * other input runs four times as a "show stat" answer: with the defaults
 * (the 8 KiB output budget), with -v, with --list alone, and with -vvv,
 * --list, server perfdata, -w/-c rules on several metrics (one scoped to a
 * proxy), selections, --expect and a policy override, so the error,
 * selection, budget and verbose paths are covered. As a saved file, the
 * answer may also end at the end of input without its empty line (a
 * stats page export), so that ending is fuzzed too. Whatever the bytes,
 * the run must end with a state or an error, and the output must keep the
 * plugin grammar: a status line, at most one '|' on it, no byte below
 * 0x20 but the line ends (a CR or LF in a check text must never start a
 * line of its own), within the budget when one applies; never a crash, a
 * leak or a hang.
 */
#define _GNU_SOURCE
#include <hs-config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "hs_check.h"
#include "hs_node.h"

/* The configurations: plain defaults, a rich "show stat" one, and one
 * whose plan asks for "show info" and "show table" too.
 */
enum fuzz_config { CFG_PLAIN, CFG_VERBOSE, CFG_LIST, CFG_RICH, CFG_INFO_TABLE };

/* Adds -w/-c rule <arg>; aborts if the library refuses it (the texts are
 * fixed and valid).
 */
static void
add_rule(struct hs_check_config *cfg, bool critical, const char *arg)
{
	struct hs_error err = {0};

	if (hs_rules_add(&cfg->rules, critical, arg, &err) != 0)
		abort();
}

/* Runs one check over the answer in memfd <fd> with configuration <which>.
 * Aborts if the result breaks the plugin's output contract.
 */
static void
run_check(int fd, enum fuzz_config which)
{
	struct hs_check_config cfg;
	struct hs_error err = {0};
	struct hs_buf out;
	enum hs_state state = HS_STATE_UNKNOWN;
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	hs_check_config_init(&cfg);
	if (hs_node_set_one(&cfg, 0, &(struct hs_endpoint){.kind = HS_EP_FILE, .path = path},
			    &err) != 0)
		abort();
	cfg.timeout = 10;
	if (which == CFG_VERBOSE) {
		cfg.verbosity = 1;
	} else if (which == CFG_LIST) {
		cfg.list = true;
	} else if (which == CFG_RICH) {
		cfg.verbosity = 3;
		cfg.list = true;
		cfg.perf = HS_PERF_SERVERS;
		add_rule(&cfg, false, "10:20");
		add_rule(&cfg, true, "@5:30");
		add_rule(&cfg, false, "backend.up_pct=50:");
		add_rule(&cfg, true, "server.qcur=10");
		add_rule(&cfg, false, "sessions_pct=80");
		add_rule(&cfg, true, "fetch_time=5");
		if (hs_selection_add(&cfg.selection, HS_SEL_PROXY, "app.*|fe_.*|be_.*", &err) !=
			    0 ||
		    hs_selection_add(&cfg.selection, HS_SEL_EXCLUDE_SERVER, "nginx3", &err) != 0 ||
		    hs_expect_add(&cfg.expect, "be_app/s1", &err) != 0 ||
		    hs_policy_set(&cfg.policy, "server.maint=critical", &err) != 0)
			abort();
	} else if (which == CFG_INFO_TABLE) {
		cfg.verbosity = 1;
		add_rule(&cfg, false, "info.conn_pct=80");
		add_rule(&cfg, true, "info.CurrConns=1000");
		add_rule(&cfg, false, "table.used_pct=90");
	}
	if (hs_rules_compile(&cfg.rules, &err) != 0)
		abort();
	hs_buf_init(&out, 0);
	if (hs_check_run(&cfg, &state, &out, &err) == 0) {
		/* a verdict: a status line, text only, a valid state */
		const char *o = hs_buf_str(&out), *nl = strchr(o, '\n');
		size_t i;

		if (strncmp(o, "HAPROXY ", 8) != 0 || strlen(o) != out.len ||
		    state > HS_STATE_UNKNOWN || nl == NULL)
			abort();
		/* one '|' at most, on the status line */
		if (strchr(o, '|') != strrchr(o, '|') || (strchr(o, '|') && strchr(o, '|') > nl))
			abort();
		for (i = 0; i < out.len; i++) {
			if ((unsigned char)o[i] < 0x20 && o[i] != '\n')
				abort();
		}
		if (which == CFG_PLAIN && out.len > cfg.output_max_bytes)
			abort();
	} else {
		/* an error: one line, no control characters */
		size_t i;

		if (err.code == HS_ERR_NONE || err.msg[0] == '\0')
			abort();
		for (i = 0; err.msg[i] != '\0'; i++) {
			if ((unsigned char)err.msg[i] < 0x20)
				abort();
		}
	}
	hs_buf_free(&out);
	hs_check_config_free(&cfg);
}

HS_FUZZ_TARGET(stat)(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-stat", MFD_CLOEXEC);
	size_t off = 0;

	if (fd == -1)
		abort();
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);

		if (n <= 0)
			abort();
		off += (size_t)n;
	}
	if (size >= 6 && memcmp(data, "Name: ", 6) == 0) {
		run_check(fd, CFG_INFO_TABLE);
	} else {
		run_check(fd, CFG_PLAIN);
		run_check(fd, CFG_VERBOSE);
		run_check(fd, CFG_LIST);
		run_check(fd, CFG_RICH);
	}
	close(fd);
	return 0;
}
