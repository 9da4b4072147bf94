/* test_rate.c: deltas, rates and ratios over the interval (lib/hs_rate.c):
 * the formulas on a typed previous sample, and whole checks of saved
 * answers in turn with one state directory: first sample, ratios, a new
 * Pid, counters that went down, a small and a stale sample.
 */
#define _GNU_SOURCE /* memmem */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "hs_metric.h"
#include "hs_rate.h"
#include "suites.h"
#include "test_run.h"

START_TEST(test_rate_formulas)
{
	static char *hf[] = {"# pxname", "svname",   "stot",   "lbtot",
			     "hrsp_2xx", "hrsp_5xx", "status", "type"};
	char *rf[] = {"app", "BACKEND", "200", "130", "150", "50", "UP", "1"};
	struct hs_header hdr;
	struct hs_row row;
	struct hs_error err = {0};
	struct hs_prev prev;
	struct hs_mobj obj = {0};
	struct hs_metric m;
	double v = -1;

	ck_assert_int_eq(hs_header_parse(&hdr, hf, 8, &err), 0);
	ck_assert_int_eq(hs_row_bind(&row, &hdr, rf, 8, &err), 0);
	memset(&prev, 0, sizeof(prev));
	prev.why = HS_MR_OK;
	prev.seconds = 10;
	prev.min_sample = 20;
	prev.have[HS_COL_STOT] = prev.have[HS_COL_LBTOT] = true;
	prev.have[HS_COL_HRSP_2XX] = prev.have[HS_COL_HRSP_5XX] = true;
	prev.v[HS_COL_STOT] = 100;
	prev.v[HS_COL_LBTOT] = 80;
	prev.v[HS_COL_HRSP_2XX] = 75;
	prev.v[HS_COL_HRSP_5XX] = 25;
	obj.kind = HS_B;
	obj.row = &row;
	obj.prev = &prev;
	ck_assert_int_eq(hs_delta(&obj, HS_COL_STOT, &v), HS_MR_OK);
	ck_assert(v == 100);
	ck_assert_int_eq(hs_per_second(&obj, HS_COL_STOT, &v), HS_MR_OK);
	ck_assert(v == 10);
	/* http_5xx_pct: 25 of 100 responses (1xx, 3xx, 4xx, other missing) */
	ck_assert_int_eq(hs_metric_parse("http_5xx_pct", &m, &err), 0);
	ck_assert_int_eq(hs_metric_value(&m, &obj, &v), HS_MR_OK);
	ck_assert(v == 25);
	/* persist_pct: (100 - 50) / 100 */
	ck_assert_int_eq(hs_metric_parse("persist_pct", &m, &err), 0);
	ck_assert_int_eq(hs_metric_value(&m, &obj, &v), HS_MR_OK);
	ck_assert(v == 50);
	ck_assert_int_eq(hs_metric_parse("delta.lbtot", &m, &err), 0);
	ck_assert_str_eq(hs_metric_name(&m), "delta.lbtot");
	ck_assert_str_eq(hs_metric_uom(&m), "");
	ck_assert_int_eq(hs_metric_value(&m, &obj, &v), HS_MR_OK);
	ck_assert(v == 50);
	/* a column this dump lacks */
	ck_assert_int_eq(hs_metric_parse("delta.wredis", &m, &err), 0);
	ck_assert_int_eq(hs_metric_value(&m, &obj, &v), HS_MR_MISSING);
	/* small sample */
	prev.min_sample = 101;
	ck_assert_int_eq(hs_metric_parse("http_5xx_pct", &m, &err), 0);
	ck_assert_int_eq(hs_metric_value(&m, &obj, &v), HS_MR_SMALL);
	prev.min_sample = 20;
	/* a counter that went down never gives a negative value */
	prev.v[HS_COL_STOT] = 300;
	ck_assert_int_eq(hs_delta(&obj, HS_COL_STOT, &v), HS_MR_RESET);
	/* a column not in the previous sample: first sample */
	prev.have[HS_COL_STOT] = false;
	ck_assert_int_eq(hs_delta(&obj, HS_COL_STOT, &v), HS_MR_FIRST);
	/* the object's reason wins */
	prev.why = HS_MR_STALE;
	ck_assert_int_eq(hs_delta(&obj, HS_COL_LBTOT, &v), HS_MR_STALE);
	/* no interval */
	prev.why = HS_MR_OK;
	prev.seconds = 0;
	ck_assert_int_eq(hs_per_second(&obj, HS_COL_LBTOT, &v), HS_MR_NOINTERVAL);
	/* no session at all: not a crash */
	obj.prev = NULL;
	ck_assert_int_eq(hs_delta(&obj, HS_COL_LBTOT, &v), HS_MR_NOSTATE);
}
END_TEST

START_TEST(test_rate_parse)
{
	struct hs_metric m;
	struct hs_error err = {0};

	ck_assert_int_eq(hs_metric_parse("rate.dreq", &m, &err), 0);
	ck_assert_int_eq(m.src, HS_MSRC_RATE);
	ck_assert_int_eq(m.id, HS_COL_DREQ);
	ck_assert(hs_metric_needs(&m) & HS_NEED_STATE);
	/* a gauge has no increase */
	ck_assert_int_eq(hs_metric_parse("rate.scur", &m, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_int_eq(hs_metric_parse("delta.nosuch", &m, &err), -1);
	ck_assert_int_eq(hs_metric_parse("delta.", &m, &err), -1);
}
END_TEST

/* "show info" and "show stat" answers with <pid> and backend counters. */
static char *
dump(int pid, int stot, int lbtot, int h2, int h5)
{
	char *d = malloc(1024);

	ck_assert_ptr_nonnull(d);
	ck_assert_int_lt(snprintf(d, 1024,
				  "Name: HAProxy\nPid: %d\nUptime_sec: 100\n\n"
				  "# pxname,svname,stot,lbtot,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,"
				  "hrsp_5xx,hrsp_other,status,type,\n"
				  "app,FRONTEND,%d,,0,%d,0,0,%d,0,OPEN,0,\n"
				  "app,BACKEND,%d,%d,0,%d,0,0,%d,0,UP,1,\n\n",
				  pid, stot, h2, h5, stot, lbtot, h2, h5),
			 1024);
	return d;
}

/* Runs the check of <d> with the rate rules and state dir <dir>. */
static void
check(struct run *r, char *d, const char *dir, const char *extra)
{
	char opt[PATH_MAX + 16];
	const char *opts[] = {
		"-c", "backend.http_5xx_pct=10", "-w", "backend.persist_pct=60:", opt, extra, NULL};

	snprintf(opt, sizeof(opt), "--state-dir=%s", dir);
	run_dumpv(r, d, opts);
	free(d);
}

/* Rewrites the boot line of every sample in <dir> as "boot <boot>
 * <clock>". Returns how many samples there are.
 */
static int
set_boot(const char *dir, const char *boot, const char *clock)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(dh);
	while ((e = readdir(dh)) != NULL) {
		char path[PATH_MAX + 256], body[4096], *line, *eol;
		char id[64], ms[32];
		size_t len;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "r");
		len = fread(body, 1, sizeof(body) - 1, f);
		fclose(f);
		body[len] = '\0';
		line = strstr(body, "\nboot ");
		ck_assert_ptr_nonnull(line);
		eol = strchr(line + 1, '\n');
		ck_assert_int_eq(sscanf(line, "\nboot %63s %31s", id, ms), 2);
		f = fopen(path, "w");
		fprintf(f, "%.*s\nboot %s %s%s", (int)(line - body), body, boot ? boot : id,
			clock ? clock : ms, eol);
		fclose(f);
		n++;
	}
	closedir(dh);
	return n;
}

/* How many lines of <text> contain <needle>. */
static int
count_lines(const char *text, const char *needle)
{
	int n = 0;

	while (text != NULL && *text != '\0') {
		const char *eol = strchr(text, '\n');
		size_t len = eol != NULL ? (size_t)(eol - text) : strlen(text);

		if (memmem(text, len, needle, strlen(needle)) != NULL)
			n++;
		text = eol != NULL ? eol + 1 : NULL;
	}
	return n;
}

START_TEST(test_rate_checks)
{
	char base[] = "/tmp/hs_rate.XXXXXX";
	char dir[PATH_MAX];
	struct run r;

	ck_assert_ptr_nonnull(mkdtemp(base));
	snprintf(dir, sizeof(dir), "%s/s", base);
	/* first sample: OK, rates start with the next check */
	check(&r, dump(10, 100, 80, 75, 25), dir, NULL);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_ptr_nonnull(strstr(r.output, "rates start with the next check"));
	ck_assert_ptr_null(strstr(r.output, "UNKNOWN"));
	/* said once per rule, on its own "[OK] rule" line, not once more */
	ck_assert_int_eq(count_lines(r.output, "rates start with the next check"),
			 count_lines(r.output, "[OK] rule "));
	run_free(&r);
	/* 25 % 5xx, 50 % persisted */
	check(&r, dump(10, 200, 130, 150, 50), dir, NULL);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_ptr_nonnull(strstr(r.perfdata, "be:app:http_5xx_pct=25%;;10"));
	ck_assert_ptr_nonnull(strstr(r.perfdata, "be:app:persist_pct=50%;60:"));
	ck_assert_ptr_nonnull(strstr(r.output, "app/BACKEND backend.persist_pct 50%"));
	run_free(&r);
	/* a new Pid: reset, fewer counters, no alarm, no negative value */
	check(&r, dump(11, 10, 10, 5, 5), dir, NULL);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_msg(strstr(r.output, "reloaded or restarted") != NULL, "%s", r.output);
	ck_assert_ptr_null(strstr(r.output, "=-"));
	run_free(&r);
	/* same Pid, counters went down (clear counters): a new sample */
	check(&r, dump(11, 5, 5, 5, 0), dir, NULL);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_msg(strstr(r.output, "went down") != NULL, "%s", r.output);
	ck_assert_ptr_null(strstr(r.output, "=-"));
	run_free(&r);
	/* a small sample: not evaluated, OK */
	check(&r, dump(11, 15, 15, 5, 10), dir, NULL);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_ptr_nonnull(strstr(r.output, "not evaluated: too few requests"));
	run_free(&r);
	/* --min-sample=0 evaluates it */
	check(&r, dump(11, 25, 25, 5, 20), dir, "--min-sample=0");
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	run_free(&r);
	/* @PROXY works as for every metric: a rule for another proxy replaces
	 * nothing here, one for app replaces the rule without PROXY */
	{
		char opt[PATH_MAX + 16];
		const char *opts[] = {"-c", "backend.http_5xx_pct@app=90",
				      "-w", "backend.persist_pct=60:",
				      opt,  "--min-sample=0",
				      NULL};
		char *d = dump(11, 45, 45, 5, 40);

		/* other rules: a sample of their own */
		snprintf(opt, sizeof(opt), "--state-dir=%s/p", base);
		run_dumpv(&r, d, opts);
		free(d);
		ck_assert_int_eq(r.state, HS_STATE_OK);
		run_free(&r);
		d = dump(11, 65, 65, 5, 60);
		run_dumpv(&r, d, opts);
		free(d);
		/* 20 more 5xx of 20 responses: 100 %, over 90 */
		ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
		ck_assert_msg(strstr(r.output, "backend.http_5xx_pct 100% (critical range 90)") !=
				      NULL,
			      "%s", r.output);
		run_free(&r);
	}
	/* a stale sample (on the boot-time clock): not evaluated */
	ck_assert_int_eq(set_boot(dir, NULL, "0"), 1);
	check(&r, dump(11, 125, 125, 5, 120), dir, "--state-max-age=1");
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_msg(strstr(r.output, "more than --state-max-age 1:") != NULL, "%s", r.output);
	run_free(&r);
	/* a sample of another boot of the machine starts anew, with a note */
	check(&r, dump(11, 225, 225, 5, 220), dir, NULL);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	run_free(&r);
	ck_assert_int_eq(set_boot(dir, "00000000-1111-2222-3333-444444444444", NULL), 1);
	check(&r, dump(11, 325, 325, 5, 320), dir, NULL);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_msg(strstr(r.output, "from another boot of this machine") != NULL, "%s",
		      r.output);
	run_free(&r);
	check(&r, dump(11, 425, 425, 5, 420), dir, NULL);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	run_free(&r);
}
END_TEST

/* Counts the samples in <dir>. */
static int
samples(const char *dir)
{
	return set_boot(dir, NULL, NULL);
}

/* Two checks of the same proxies with other rules or thresholds keep a
 * sample each; the same check run again shares its sample.
 */
START_TEST(test_rate_key)
{
	char base[] = "/tmp/hs_rate.XXXXXX";
	char dir[PATH_MAX], opt[PATH_MAX + 16];
	const char *a[] = {"-w", "backend.delta.stot=20", opt, NULL};
	const char *b[] = {"-c", "backend.rate.stot=1000", opt, NULL};
	const char *c[] = {"-w", "backend.delta.stot=30", opt, NULL};
	struct run r;
	char *d;

	ck_assert_ptr_nonnull(mkdtemp(base));
	snprintf(dir, sizeof(dir), "%s/s", base);
	snprintf(opt, sizeof(opt), "--state-dir=%s", dir);
	d = dump(10, 30, 30, 30, 0);
	run_dumpv(&r, d, a);
	free(d);
	run_free(&r);
	d = dump(10, 35, 35, 35, 0);
	run_dumpv(&r, d, b);
	free(d);
	run_free(&r);
	ck_assert_int_eq(samples(dir), 2);
	d = dump(10, 45, 45, 45, 0);
	run_dumpv(&r, d, c);
	free(d);
	run_free(&r);
	ck_assert_int_eq(samples(dir), 3);
	/* a's delta is over its own previous sample: 45 - 30 */
	d = dump(10, 45, 45, 45, 0);
	run_dumpv(&r, d, a);
	free(d);
	ck_assert_msg(strstr(r.perfdata, "be:app:delta.stot=15;20") != NULL, "%s", r.perfdata);
	run_free(&r);
	ck_assert_int_eq(samples(dir), 3);
}
END_TEST

/* A record that cannot be read makes its object alone start anew, with a
 * note naming it; the other objects keep their sample.
 */
START_TEST(test_rate_unreadable)
{
	char base[] = "/tmp/hs_rate.XXXXXX";
	char dir[PATH_MAX], opt[PATH_MAX + 16], path[PATH_MAX + 256], body[4096], *v;
	const char *rules[] = {
		"-w", "frontend.delta.stot=1000", "-w", "backend.delta.stot=1000", opt, NULL};
	struct dirent *e;
	struct run r;
	size_t n;
	DIR *dh;
	FILE *f;
	char *d;

	ck_assert_ptr_nonnull(mkdtemp(base));
	snprintf(dir, sizeof(dir), "%s/s", base);
	snprintf(opt, sizeof(opt), "--state-dir=%s", dir);
	d = dump(10, 30, 30, 30, 0);
	run_dumpv(&r, d, rules);
	free(d);
	run_free(&r);
	/* the backend's counter made unreadable */
	dh = opendir(dir);
	while ((e = readdir(dh)) != NULL && e->d_name[0] == '.')
		;
	ck_assert_ptr_nonnull(e);
	snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
	closedir(dh);
	f = fopen(path, "r+");
	n = fread(body, 1, sizeof(body) - 1, f);
	body[n] = '\0';
	v = strstr(body, " app BACKEND 30");
	ck_assert_ptr_nonnull(v);
	v[strlen(" app BACKEND ")] = 'x';
	rewind(f);
	fputs(body, f);
	fclose(f);
	d = dump(10, 35, 35, 35, 0);
	run_dumpv(&r, d, rules);
	free(d);
	ck_assert_msg(strstr(r.perfdata, "fe:app:delta.stot=5;1000") != NULL, "%s", r.output);
	ck_assert_msg(strstr(r.perfdata, "be:app:delta.stot") == NULL, "%s", r.output);
	ASSERT_HAS(r.output, "1 record(s) could not be read (the first: app/BACKEND)");
	run_free(&r);
}
END_TEST

Suite *
make_rate_suite(void)
{
	Suite *s = suite_create("rate");
	TCase *tc = tcase_create("rate");

	tcase_add_test(tc, test_rate_formulas);
	tcase_add_test(tc, test_rate_parse);
	tcase_add_test(tc, test_rate_checks);
	tcase_add_test(tc, test_rate_key);
	tcase_add_test(tc, test_rate_unreadable);
	suite_add_tcase(s, tc);
	return s;
}
