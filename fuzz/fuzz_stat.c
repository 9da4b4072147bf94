/* fuzz_stat.c: the whole "show stat" pipeline on arbitrary bytes.
 *
 * The input is what a stats socket answered. It goes through the same
 * path as a live answer: hs_check_run() reads it from a file descriptor
 * (a memfd, opened as a --input file) with the record reader, splits CSV,
 * maps columns, evaluates rows and renders the report. Each input runs
 * twice: with the defaults, and with -vvv, -w/-c ranges, selections and a
 * policy override, so the error, selection and verbose paths are covered.
 * Whatever the bytes, the run must end with a state or an error, and the
 * output must be text: never a crash, a leak or a hang.
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

/* Runs one check over the dump in memfd <fd>; <full> picks the rich
 * configuration. Aborts if the result breaks the plugin's output contract.
 */
static void
run_check(int fd, int full)
{
	struct hs_check_config cfg;
	struct hs_error err = {0};
	struct hs_buf out;
	enum hs_state state = HS_STATE_UNKNOWN;
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	hs_check_config_init(&cfg);
	cfg.endpoint.kind = HS_EP_FILE;
	cfg.endpoint.path = path;
	cfg.timeout = 10;
	if (full) {
		cfg.verbosity = 3;
		if (hs_threshold_set(&cfg.rate, "10:20", "@5:30", &err) != 0 ||
		    hs_selection_add(&cfg.selection, HS_SEL_PROXY, "app.*|fe_.*|stats", &err) !=
			    0 ||
		    hs_selection_add(&cfg.selection, HS_SEL_EXCLUDE_SERVER, "nginx3", &err) != 0 ||
		    hs_policy_set(&cfg.policy, "server.maint=critical", &err) != 0)
			abort();
	}
	hs_buf_init(&out, 0);
	if (hs_check_run(&cfg, &state, &out, &err) == 0) {
		/* a verdict: a status line, text only, a valid state */
		if (strncmp(hs_buf_str(&out), "HAPROXY ", 8) != 0 ||
		    strlen(hs_buf_str(&out)) != out.len || state > HS_STATE_UNKNOWN)
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
	run_check(fd, 0);
	run_check(fd, 1);
	close(fd);
	return 0;
}
