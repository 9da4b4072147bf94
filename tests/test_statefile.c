/* test_statefile.c: the state file (lib/hs_statefile.c): path resolution
 * and its safety rules, a sample written and read back whatever objects
 * were removed, renamed or added, names of any length, servers of one
 * name told apart by id, damaged files (one record skipped, never the
 * rest), other versions, and the temporary files of killed runs.
 */
#include <check.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "hs_statefile.h"
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

static const struct hs_sf_head head2 = {
	.boot = "0f1e2d3c-aaaa-bbbb-cccc-0123456789ab",
	.clock_ms = 5000,
	.pid = 42,
	.start = 1000,
	.ncols = 2,
	.col = {HS_COL_STOT, HS_COL_HRSP_5XX},
};

/* Writes servers "s<i>" of backend <px> with stot 100 + i, ids i, and
 * the objects <extra> (pxname, svname) after them.
 */
static void
write_sample(const char *path, const char *px, size_t n, const char *const extra[][2],
	     size_t nextra)
{
	struct hs_sf_writer w;
	struct hs_error err = {0};
	size_t i;

	ck_assert_int_eq(hs_sf_create(&w, path, &head2, &err), 0);
	for (i = 0; i < n; i++) {
		char v[32], sv[32];
		const char *cell[2] = {v, i == 1 ? "" : "7"};

		snprintf(v, sizeof(v), "%zu", 100 + i);
		snprintf(sv, sizeof(sv), "s%zu", i);
		hs_sf_put(&w, 2, (long long)i, px, sv, cell, 2);
	}
	for (i = 0; i < nextra; i++) {
		const char *cell[2] = {"9", "1"};

		hs_sf_put(&w, 1, HS_SF_NO_ID, extra[i][0], extra[i][1], cell, 2);
	}
	ck_assert_msg(hs_sf_commit(&w, &err) == 0, "%s", err.msg);
}

/* Reads <text> (<len> bytes) as a sample into <r>. */
static int
read_text(struct hs_sf_reader *r, const char *text, size_t len)
{
	FILE *f = fmemopen((void *)text, len, "r");

	ck_assert_ptr_nonnull(f);
	return hs_sf_read_stream(r, f);
}

/* Written, read back: header, values, "-" for a cell that was not a
 * number; 40 servers deleted in the middle, one renamed, one added: every
 * unchanged object finds its record, in any order.
 */
START_TEST(test_state_round_trip)
{
	static const char *const extra[][2] = {{"we ird", "s%1"}, {"db", "BACKEND"}};
	const char *dir = tmpdir();
	char path[PATH_MAX];
	struct hs_sf_reader *r = malloc(sizeof(*r));
	const struct hs_sf_rec *rec;
	struct stat st;
	long long i;

	snprintf(path, sizeof(path), "%s/key", dir);
	write_sample(path, "app", 100, extra, 2);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(hs_sf_open(r, path), 1);
	ck_assert_str_eq(r->head.boot, head2.boot);
	ck_assert_int_eq(r->head.clock_ms, 5000);
	ck_assert_int_eq(r->head.pid, 42);
	ck_assert_int_eq(r->head.start, 1000);
	ck_assert_uint_eq(r->head.ncols, 2);
	ck_assert_int_eq(r->head.col[1], HS_COL_HRSP_5XX);
	/* the new dump: db first, s0, s1, s2 renamed, s3..s9, s10..s49
	 * deleted, a new one, s50..s99 */
	rec = hs_sf_find(r, 1, HS_SF_NO_ID, "db", "BACKEND");
	ck_assert(rec != NULL && rec->v[0] == 9 && rec->v[1] == 1);
	rec = hs_sf_find(r, 2, 0, "app", "s0");
	ck_assert(rec != NULL && rec->have[0] && rec->v[0] == 100 && rec->v[1] == 7);
	rec = hs_sf_find(r, 2, 1, "app", "s1");
	ck_assert(rec != NULL && rec->v[0] == 101 && !rec->have[1]);
	ck_assert_ptr_null(hs_sf_find(r, 2, 2, "app", "s2-renamed"));
	for (i = 3; i < 10; i++) {
		char sv[32];

		snprintf(sv, sizeof(sv), "s%lld", i);
		ck_assert_ptr_nonnull(hs_sf_find(r, 2, i, "app", sv));
	}
	ck_assert_ptr_null(hs_sf_find(r, 2, 300, "app", "new"));
	for (i = 50; i < 100; i++) {
		char sv[32];

		snprintf(sv, sizeof(sv), "s%lld", i);
		rec = hs_sf_find(r, 2, i, "app", sv);
		ck_assert_msg(rec != NULL && rec->v[0] == 100 + i, "s%lld not found", i);
	}
	/* the same names of another type, and odd bytes in names */
	ck_assert_ptr_null(hs_sf_find(r, 2, HS_SF_NO_ID, "db", "BACKEND"));
	rec = hs_sf_find(r, 1, HS_SF_NO_ID, "we ird", "s%1");
	ck_assert(rec != NULL && rec->v[0] == 9);
	ck_assert_uint_eq(r->unreadable, 0);
	hs_sf_close(r);
	free(r);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* Names as long as HAProxy accepts (64 KB, every byte encoded) are
 * written and read back; a record too long to read (over 1 MiB) is
 * skipped with its object named, and the objects after it are read.
 */
START_TEST(test_state_long_names)
{
	const char *dir = tmpdir();
	const char *cell[2] = {"5", "6"};
	char path[PATH_MAX];
	struct hs_sf_reader *r = malloc(sizeof(*r));
	struct hs_sf_writer w;
	struct hs_error err = {0};
	size_t big = 65535, huge = 600000;
	char *px = malloc(big + 1), *sv = malloc(huge + 1);
	const struct hs_sf_rec *rec;

	memset(px, ' ', big);
	px[big] = '\0';
	memset(sv, '/', huge);
	sv[huge] = '\0';
	snprintf(path, sizeof(path), "%s/key", dir);
	ck_assert_int_eq(hs_sf_create(&w, path, &head2, &err), 0);
	hs_sf_put(&w, 1, HS_SF_NO_ID, "before", "BACKEND", cell, 2);
	hs_sf_put(&w, 2, 1, px, "s1", cell, 2);
	hs_sf_put(&w, 2, 2, "app", sv, cell, 2); /* 1.8 MB encoded */
	hs_sf_put(&w, 1, HS_SF_NO_ID, "after", "BACKEND", cell, 2);
	ck_assert_int_eq(hs_sf_commit(&w, &err), 0);
	ck_assert_int_eq(hs_sf_open(r, path), 1);
	ck_assert_ptr_nonnull(hs_sf_find(r, 1, HS_SF_NO_ID, "before", "BACKEND"));
	rec = hs_sf_find(r, 2, 1, px, "s1");
	ck_assert(rec != NULL && rec->v[0] == 5 && rec->v[1] == 6);
	ck_assert_ptr_null(hs_sf_find(r, 2, 2, "app", sv));
	ck_assert_uint_eq(r->unreadable, 1);
	ck_assert(strncmp(r->unreadable_at, "app////", 7) == 0);
	ck_assert_ptr_nonnull(hs_sf_find(r, 1, HS_SF_NO_ID, "after", "BACKEND"));
	/* and again, the window moving back and forth */
	ck_assert_ptr_nonnull(hs_sf_find(r, 2, 1, px, "s1"));
	ck_assert_ptr_nonnull(hs_sf_find(r, 1, HS_SF_NO_ID, "before", "BACKEND"));
	hs_sf_close(r);
	free(r);
	free(px);
	free(sv);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* Servers of one name (HAProxy before 3.3) are told apart by id; a name
 * seen once is found whatever its id.
 */
START_TEST(test_state_same_names)
{
	static const char text[] = "check_haproxy_stat-state 2\nboot - 10\nprocess 1 1\n"
				   "columns stot\n"
				   "o %016llx 2 1 app s 11\n"
				   "o %016llx 2 2 app s 22\n"
				   "o %016llx 2 5 app t 55\n"
				   "end 3\n";
	unsigned long long hs = hs_sf_hash(2, "app", "s"), ht = hs_sf_hash(2, "app", "t");
	struct hs_sf_reader *r = malloc(sizeof(*r));
	const struct hs_sf_rec *rec;
	char buf[512];

	snprintf(buf, sizeof(buf), text, hs, hs, ht);
	ck_assert_int_eq(read_text(r, buf, strlen(buf)), 1);
	ck_assert_str_eq(r->head.boot, "-");
	rec = hs_sf_find(r, 2, 2, "app", "s");
	ck_assert(rec != NULL && rec->v[0] == 22);
	rec = hs_sf_find(r, 2, 1, "app", "s");
	ck_assert(rec != NULL && rec->v[0] == 11);
	/* two of that name, neither of this id: which one is unknown */
	ck_assert_ptr_null(hs_sf_find(r, 2, 3, "app", "s"));
	rec = hs_sf_find(r, 2, 7, "app", "t");
	ck_assert(rec != NULL && rec->v[0] == 55);
	hs_sf_close(r);
	free(r);
}
END_TEST

/* Files that are not a whole sample of this version read as no sample,
 * with why; a damaged record is skipped alone.
 */
/* The hostile records below are printf templates of an object's hash, in
 * a table: their formats are literal strings checked by eye, not by the
 * compiler.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
START_TEST(test_state_hostile)
{
	static const char *const heads[] = {
		"",
		"check_haproxy_stat-state 1\nprocess 1 1\ntime 1\ncolumns stot\nend 0\n",
		"check_haproxy_stat-state 3\nboot - 1\nprocess 1 1\ncolumns stot\nend 0\n",
		"check_haproxy_stat-state 2\nboot - 1\nprocess x 1\ncolumns stot\nend 0\n",
		"check_haproxy_stat-state 2\nboot - -5\nprocess 1 1\ncolumns stot\nend 0\n",
		"check_haproxy_stat-state 2\nboot BAD! 1\nprocess 1 1\ncolumns stot\nend 0\n",
		"check_haproxy_stat-state 2\nboot - 99999999999999999999\nprocess 1 1\ncolumns\n"
		"end 0\n",
		"check_haproxy_stat-state 2\nboot - 1\nprocess 1 1\n",
		"check_haproxy_stat-state 2\r\nboot - 1\nprocess 1 1\ncolumns stot\nend 0\n",
		"check_haproxy_stat-state 2\nboot - 1\nprocess 1 1\ncolumns stot\n"
		"o 0000000000000000 1 - app BACKEND 1\n", /* no end: incomplete */
		"check_haproxy_stat-state 2\nboot - 1\nprocess 1 1\ncolumns stot\n"
		"o 0000000000000000 1 - app BACKEND 1\nend 2\n", /* count */
		"\0\0\0\0",
	};
	static const char *const records[] = {
		"o %016llx 1 - app BACKEND\n",                       /* a value missing */
		"o %016llx 1 - app BACKEND 1 2\n",                   /* one too many */
		"o %016llx 1 - app BACKEND -1\n",                    /* negative */
		"o %016llx 1 - app BACKEND 1e9\n",                   /* not plain decimal */
		"o %016llx 1 - app BACKEND 123456789012345678901\n", /* 21 digits */
	};
	static const char *const others[] = {
		"o %016llx 7 - app BACKEND 1\n",     /* type */
		"o %016llx 1 - app%%zz BACKEND 1\n", /* encoding */
		"o %016llx 1 - app%%00 BACKEND 1\n", /* NUL */
		"o %016llx 1 x app BACKEND 1\n",     /* id */
		"o zz%014llx 1 - app BACKEND 1\n",   /* hash */
	};
	const char *fmt = "check_haproxy_stat-state 2\nboot - 1\nprocess 1 1\ncolumns stot\n"
			  "later-kind whatever %llx\n%s"
			  "o %016llx 1 - db BACKEND 5\nend 2\n";
	unsigned long long happ = hs_sf_hash(1, "app", "BACKEND"),
			   hdb = hs_sf_hash(1, "db", "BACKEND");
	struct hs_sf_reader *r = malloc(sizeof(*r));
	char rec[256], buf[1024];
	size_t i;

	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		ck_assert_msg(read_text(r, heads[i], strlen(heads[i]) + (i == 11 ? 4 : 0)) == 0,
			      "head %zu", i);
		ck_assert_str_ne(r->why, "");
		ck_assert_ptr_null(hs_sf_find(r, 1, HS_SF_NO_ID, "app", "BACKEND"));
		hs_sf_close(r);
	}
	ck_assert_int_eq(read_text(r, heads[2], strlen(heads[2])), 0);
	ASSERT_HAS(r->why, "format 3, not 2");
	hs_sf_close(r);
	ck_assert_int_eq(read_text(r, heads[9], strlen(heads[9])), 0);
	ASSERT_HAS(r->why, "incomplete");
	hs_sf_close(r);
	/* a damaged record of app: app alone is skipped, named */
	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		snprintf(rec, sizeof(rec), records[i], happ);
		snprintf(buf, sizeof(buf), fmt, happ, rec, hdb);
		ck_assert_msg(read_text(r, buf, strlen(buf)) == 1, "record %zu", i);
		ck_assert_msg(hs_sf_find(r, 1, HS_SF_NO_ID, "app", "BACKEND") == NULL, "record %zu",
			      i);
		ck_assert_uint_eq(r->unreadable, 1);
		ck_assert_str_eq(r->unreadable_at, "app/BACKEND");
		ck_assert_ptr_nonnull(hs_sf_find(r, 1, HS_SF_NO_ID, "db", "BACKEND"));
		hs_sf_close(r);
	}
	/* a record that is not of app at all: app is new, db is read */
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		snprintf(rec, sizeof(rec), others[i], happ);
		snprintf(buf, sizeof(buf), fmt, happ, rec, hdb);
		ck_assert_msg(read_text(r, buf, strlen(buf)) == 1, "other %zu", i);
		ck_assert_ptr_null(hs_sf_find(r, 1, HS_SF_NO_ID, "app", "BACKEND"));
		ck_assert_ptr_nonnull(hs_sf_find(r, 1, HS_SF_NO_ID, "db", "BACKEND"));
		hs_sf_close(r);
	}
	free(r);
}
END_TEST
#pragma GCC diagnostic pop

/* Unsafe directories and files are refused with a message naming them;
 * --state-dir is created 0700; the environment gives <base>/<euid>/
 * check_haproxy_stat.
 */
START_TEST(test_state_path_safety)
{
	const char *dir = tmpdir();
	char sub[PATH_MAX], path[PATH_MAX], link[PATH_MAX + 16];
	struct hs_error err = {0};
	struct hs_sf_reader *r = malloc(sizeof(*r));
	struct stat st;
	FILE *f;

	snprintf(sub, sizeof(sub), "%s/new", dir);
	ck_assert_int_eq(hs_statedir_path(sub, "k", path, sizeof(path), &err), 0);
	ck_assert_int_eq(stat(sub, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0700);
	chmod(sub, 0770);
	ck_assert_int_eq(hs_statedir_path(sub, "k", path, sizeof(path), &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_ACCESS);
	ck_assert_ptr_nonnull(strstr(err.msg, "writable by group or others"));
	ck_assert_ptr_nonnull(strstr(err.msg, sub));
	chmod(sub, 0700);
	snprintf(link, sizeof(link), "%s/link", dir);
	ck_assert_int_eq(symlink(sub, link), 0);
	ck_assert_int_eq(hs_statedir_path(link, "k", path, sizeof(path), &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "symlink"));
	/* the environment: <base>/<euid>/check_haproxy_stat */
	setenv("MP_STATE_PATH", dir, 1);
	ck_assert_int_eq(hs_statedir_path(NULL, "k", path, sizeof(path), &err), 0);
	snprintf(sub, sizeof(sub), "%s/%lu/check_haproxy_stat/k", dir, (unsigned long)geteuid());
	ck_assert_str_eq(path, sub);
	unsetenv("MP_STATE_PATH");
	setenv("NAGIOS_PLUGIN_STATE_DIRECTORY", dir, 1);
	ck_assert_int_eq(hs_statedir_path(NULL, "k", path, sizeof(path), &err), 0);
	ck_assert_str_eq(path, sub);
	unsetenv("NAGIOS_PLUGIN_STATE_DIRECTORY");
	/* a state file writable by others, or a symlink, is no sample */
	f = fopen(path, "w");
	fputs("check_haproxy_stat-state 2\nboot - 1\nprocess 1 1\ncolumns stot\nend 0\n", f);
	fclose(f);
	ck_assert_int_eq(hs_sf_open(r, path), 1);
	hs_sf_close(r);
	chmod(path, 0666);
	ck_assert_int_eq(hs_sf_open(r, path), 0);
	ck_assert_ptr_nonnull(strstr(r->why, "refused"));
	hs_sf_close(r);
	chmod(path, 0600);
	snprintf(link, sizeof(link), "%s.link", path);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(hs_sf_open(r, link), 0);
	ck_assert_ptr_nonnull(strstr(r->why, "symlink"));
	hs_sf_close(r);
	/* no file: no sample, nothing to say */
	ck_assert_int_eq(hs_sf_open(r, "/nonexistent/hs_state"), 0);
	ck_assert_str_eq(r->why, "");
	hs_sf_close(r);
	free(r);
}
END_TEST

/* A sample that cannot be written leaves no temporary file behind. */
START_TEST(test_state_write_fails)
{
	struct hs_sf_head head = {.boot = "-", .pid = 1, .start = 1};
	struct hs_sf_writer w;
	struct hs_error err = {0};

	ck_assert_int_eq(hs_sf_create(&w, "/nonexistent/dir/key", &head, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/dir/key"));
}
END_TEST

/* Creates an empty file <dir>/<name>. */
static void
touch(const char *dir, const char *name)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
}

static bool
exists(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

/* The next writer removes the temporary files of runs that no longer
 * exist, and nothing else: not a running writer's, not another pattern's,
 * not through a symlink.
 */
START_TEST(test_state_sweep)
{
	const char *dir = tmpdir();
	char path[PATH_MAX], dead_tmp[128], live_tmp[128], link_tmp[128], target[PATH_MAX];
	struct timespec old[2] = {{time(NULL) - 2 * 86400, 0}, {time(NULL) - 2 * 86400, 0}};
	struct hs_sf_writer w;
	struct hs_error err = {0};
	pid_t dead = fork();

	ck_assert_int_ne(dead, -1);
	if (dead == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(dead, NULL, 0), dead);
	snprintf(dead_tmp, sizeof(dead_tmp), "haproxy-00000000000000aa.tmp-%ld-AbC123", (long)dead);
	snprintf(live_tmp, sizeof(live_tmp), "haproxy-00000000000000aa.tmp-%ld-AbC123",
		 (long)getppid());
	snprintf(link_tmp, sizeof(link_tmp), "haproxy-00000000000000bb.tmp-%ld-AbC123", (long)dead);
	touch(dir, dead_tmp);
	touch(dir, live_tmp);
	touch(dir, "other.tmp-1-AbC123");
	/* format 1's temporary files: removed when older than a day */
	touch(dir, "haproxy-00000000000000cc.AbC123");
	touch(dir, "haproxy-00000000000000dd.AbC123");
	snprintf(path, sizeof(path), "%s/haproxy-00000000000000cc.AbC123", dir);
	ck_assert_int_eq(utimensat(AT_FDCWD, path, old, 0), 0);
	touch(dir, "target");
	snprintf(target, sizeof(target), "%s/target", dir);
	snprintf(path, sizeof(path), "%s/%s", dir, link_tmp);
	ck_assert_int_eq(symlink(target, path), 0);
	snprintf(path, sizeof(path), "%s/haproxy-00000000000000aa", dir);
	ck_assert_int_eq(hs_sf_create(&w, path, &head2, &err), 0);
	ck_assert(!exists(dir, dead_tmp));
	ck_assert(!exists(dir, "haproxy-00000000000000cc.AbC123"));
	ck_assert(exists(dir, "haproxy-00000000000000dd.AbC123"));
	ck_assert(exists(dir, live_tmp));
	ck_assert(exists(dir, link_tmp));
	ck_assert(exists(dir, "target"));
	ck_assert(exists(dir, "other.tmp-1-AbC123"));
	/* its own temporary file carries its pid */
	snprintf(path, sizeof(path), ".tmp-%ld-", (long)getpid());
	ASSERT_HAS(w.tmp, path);
	hs_sf_abort(&w);
}
END_TEST

Suite *
make_state_suite(void)
{
	Suite *s = suite_create("state");
	TCase *tc = tcase_create("file");

	tcase_add_test(tc, test_state_round_trip);
	tcase_add_test(tc, test_state_long_names);
	tcase_add_test(tc, test_state_same_names);
	tcase_add_test(tc, test_state_hostile);
	tcase_add_test(tc, test_state_path_safety);
	tcase_add_test(tc, test_state_write_fails);
	tcase_add_test(tc, test_state_sweep);
	suite_add_tcase(s, tc);
	return s;
}
