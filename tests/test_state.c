/* test_state.c: the state file (lib/hs_state.c): path resolution and its
 * safety rules, the sample written and read back in dump order, and
 * hostile files that must read as no sample.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs_state.h"
#include "suites.h"

/* A fresh private directory; returns a static buffer. */
static const char *
tmpdir(void)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "/tmp/hs_state.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

static void
write_sample(const char *path, const char *const names[][2], size_t n)
{
	struct hs_state_head head = {.pid = 42, .start = 1000, .time_ms = 5000, .ncols = 2};
	struct hs_state_writer w;
	struct hs_error err = {0};
	size_t i;

	head.col[0] = HS_COL_STOT;
	head.col[1] = HS_COL_HRSP_5XX;
	ck_assert_int_eq(hs_state_create(&w, path, &head, &err), 0);
	for (i = 0; i < n; i++) {
		char v[32];
		const char *cell[2] = {v, i == 1 ? "" : "7"};

		snprintf(v, sizeof(v), "%zu", 100 + i);
		hs_state_put(&w, 1, names[i][0], names[i][1], cell, 2);
	}
	ck_assert_msg(hs_state_commit(&w, &err) == 0, "%s", err.msg);
}

/* Written, read back: header, names with odd bytes, values, "-" for a
 * cell that was not a number, objects found in dump order, a removed one
 * skipped and a new one not found.
 */
START_TEST(test_state_round_trip)
{
	static const char *const names[][2] = {
		{"app", "BACKEND"}, {"we ird", "s%1"}, {"api", "BACKEND"}, {"db", "BACKEND"}};
	const char *dir = tmpdir();
	char path[PATH_MAX];
	struct hs_state_reader *r = malloc(sizeof(*r));
	const struct hs_state_rec *rec;
	struct stat st;

	snprintf(path, sizeof(path), "%s/key", dir);
	write_sample(path, names, 4);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(hs_state_open(r, path), 1);
	ck_assert_int_eq(r->head.pid, 42);
	ck_assert_int_eq(r->head.start, 1000);
	ck_assert_int_eq(r->head.time_ms, 5000);
	ck_assert_uint_eq(r->head.ncols, 2);
	ck_assert_int_eq(r->head.col[1], HS_COL_HRSP_5XX);
	rec = hs_state_find(r, 1, "app", "BACKEND");
	ck_assert_ptr_nonnull(rec);
	ck_assert(rec->have[0] && rec->v[0] == 100 && rec->v[1] == 7);
	rec = hs_state_find(r, 1, "we ird", "s%1");
	ck_assert_ptr_nonnull(rec);
	ck_assert(!rec->have[1]);
	/* a new object: not found, and the window is kept */
	ck_assert_ptr_null(hs_state_find(r, 1, "new", "BACKEND"));
	ck_assert_ptr_null(hs_state_find(r, 2, "api", "BACKEND"));
	/* api disappeared: db is found past it */
	rec = hs_state_find(r, 1, "db", "BACKEND");
	ck_assert_ptr_nonnull(rec);
	ck_assert(rec->v[0] == 103);
	ck_assert_ptr_null(hs_state_find(r, 1, "app", "BACKEND"));
	ck_assert(!r->bad);
	hs_state_close(r);
	free(r);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* Hostile or damaged files read as no sample (or stop at the bad line). */
START_TEST(test_state_hostile)
{
	static const char *const heads[] = {
		"",
		"check_haproxy_stat-state 2\nprocess 1 1\ntime 1\ncolumns stot\n",
		"check_haproxy_stat-state 1\nprocess x 1\ntime 1\ncolumns stot\n",
		"check_haproxy_stat-state 1\nprocess 1 1\ntime -5\ncolumns stot\n",
		"check_haproxy_stat-state 1\nprocess 1 1\ntime 99999999999999999999\ncolumns\n",
		"check_haproxy_stat-state 1\nprocess 1 1\n",
		"check_haproxy_stat-state 1\r\nprocess 1 1\ntime 1\ncolumns stot\n",
		"\0\0\0\0",
	};
	static const char *const records[] = {
		"o 1 app BACKEND\n",                       /* a value missing */
		"o 1 app BACKEND 1 2\n",                   /* one too many */
		"o 7 app BACKEND 1\n",                     /* type */
		"o 1 app%zz BACKEND 1\n",                  /* encoding */
		"o 1 app%00 BACKEND 1\n",                  /* NUL */
		"o 1 app  BACKEND 1\n",                    /* empty word */
		"o 1 app BACKEND -1\n",                    /* negative */
		"o 1 app BACKEND 1e9\n",                   /* not plain decimal */
		"o 1 app BACKEND 123456789012345678901\n", /* 21 digits */
		"x 1 app BACKEND 1\n",
	};
	struct hs_state_reader *r = malloc(sizeof(*r));
	char buf[8192];
	size_t i;

	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		FILE *f = fmemopen((void *)heads[i], strlen(heads[i]) + (i == 7 ? 4 : 0), "r");

		ck_assert_ptr_nonnull(f);
		ck_assert_msg(hs_state_read_stream(r, f) == 0, "head %zu", i);
		ck_assert_str_ne(r->why, "");
		ck_assert_ptr_null(hs_state_find(r, 1, "app", "BACKEND"));
		hs_state_close(r);
	}
	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		FILE *f;

		snprintf(buf, sizeof(buf),
			 "check_haproxy_stat-state 1\nprocess 1 1\ntime 1\ncolumns stot\n%s"
			 "o 1 app BACKEND 5\nend 1\n",
			 records[i]);
		f = fmemopen(buf, strlen(buf), "r");
		ck_assert_int_eq(hs_state_read_stream(r, f), 1);
		ck_assert_msg(hs_state_find(r, 1, "app", "BACKEND") == NULL, "record %zu", i);
		ck_assert(r->bad);
		hs_state_close(r);
	}
	/* a line longer than the limit */
	memset(buf, 'a', sizeof(buf));
	memcpy(buf, "check_haproxy_stat-state 1\nprocess 1 1\ntime 1\ncolumns stot\no 1 ", 64);
	buf[sizeof(buf) - 1] = '\n';
	{
		FILE *f = fmemopen(buf, sizeof(buf), "r");

		ck_assert_int_eq(hs_state_read_stream(r, f), 1);
		ck_assert_ptr_null(hs_state_find(r, 1, "app", "BACKEND"));
		ck_assert(r->bad);
		hs_state_close(r);
	}
	free(r);
}
END_TEST

/* Unsafe directories and files are refused with a message naming them;
 * --state-dir is created 0700; the environment gives <base>/<euid>/
 * check_haproxy_stat.
 */
START_TEST(test_state_path_safety)
{
	const char *dir = tmpdir();
	char sub[PATH_MAX], path[PATH_MAX], link[PATH_MAX + 16];
	struct hs_error err = {0};
	struct hs_state_reader *r = malloc(sizeof(*r));
	struct stat st;
	FILE *f;

	snprintf(sub, sizeof(sub), "%s/new", dir);
	ck_assert_int_eq(hs_state_path(sub, "k", path, sizeof(path), &err), 0);
	ck_assert_int_eq(stat(sub, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0700);
	chmod(sub, 0770);
	ck_assert_int_eq(hs_state_path(sub, "k", path, sizeof(path), &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_ACCESS);
	ck_assert_ptr_nonnull(strstr(err.msg, "writable by group or others"));
	ck_assert_ptr_nonnull(strstr(err.msg, sub));
	chmod(sub, 0700);
	snprintf(link, sizeof(link), "%s/link", dir);
	ck_assert_int_eq(symlink(sub, link), 0);
	ck_assert_int_eq(hs_state_path(link, "k", path, sizeof(path), &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "symlink"));
	/* the environment: <base>/<euid>/check_haproxy_stat */
	setenv("MP_STATE_PATH", dir, 1);
	ck_assert_int_eq(hs_state_path(NULL, "k", path, sizeof(path), &err), 0);
	snprintf(sub, sizeof(sub), "%s/%lu/check_haproxy_stat/k", dir, (unsigned long)geteuid());
	ck_assert_str_eq(path, sub);
	unsetenv("MP_STATE_PATH");
	setenv("NAGIOS_PLUGIN_STATE_DIRECTORY", dir, 1);
	ck_assert_int_eq(hs_state_path(NULL, "k", path, sizeof(path), &err), 0);
	ck_assert_str_eq(path, sub);
	unsetenv("NAGIOS_PLUGIN_STATE_DIRECTORY");
	/* a state file writable by others, or a symlink, is no sample */
	f = fopen(path, "w");
	fputs("check_haproxy_stat-state 1\nprocess 1 1\ntime 1\ncolumns stot\nend 0\n", f);
	fclose(f);
	ck_assert_int_eq(hs_state_open(r, path), 1);
	hs_state_close(r);
	chmod(path, 0666);
	ck_assert_int_eq(hs_state_open(r, path), 0);
	ck_assert_ptr_nonnull(strstr(r->why, "refused"));
	chmod(path, 0600);
	snprintf(link, sizeof(link), "%s.link", path);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(hs_state_open(r, link), 0);
	ck_assert_ptr_nonnull(strstr(r->why, "symlink"));
	/* no file: no sample, nothing to say */
	ck_assert_int_eq(hs_state_open(r, "/nonexistent/hs_state"), 0);
	ck_assert_str_eq(r->why, "");
	free(r);
}
END_TEST

/* A sample that cannot be written leaves no temporary file behind. */
START_TEST(test_state_write_fails)
{
	struct hs_state_head head = {.pid = 1, .start = 1, .time_ms = 1, .ncols = 0};
	struct hs_state_writer w;
	struct hs_error err = {0};

	ck_assert_int_eq(hs_state_create(&w, "/nonexistent/dir/key", &head, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/dir/key"));
}
END_TEST

Suite *
make_state_suite(void)
{
	Suite *s = suite_create("state");
	TCase *tc = tcase_create("file");

	tcase_add_test(tc, test_state_round_trip);
	tcase_add_test(tc, test_state_hostile);
	tcase_add_test(tc, test_state_path_safety);
	tcase_add_test(tc, test_state_write_fails);
	suite_add_tcase(s, tc);
	return s;
}
