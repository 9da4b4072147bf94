/* test_master.c: the master CLI's "show proc" and startup log
 * (hs_master.h), on the answers 2.2.9, 2.6.12 and 3.0.11 give.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hs_master.h"
#include "hs_time.h"
#include "suites.h"

static const char proc_26[] =
	"#<PID>          <type>          <reloads>       <uptime>        <version>      \n"
	"16305           master          1 [failed: 0]   0d00h00m15s     2.6.12-1+deb12u4\n"
	"# workers\n"
	"16548           worker          0               0d00h00m02s     2.6.12-1+deb12u4\n"
	"# old workers\n"
	"16306           worker          1               0d00h00m15s     2.6.12-1+deb12u4\n"
	"16300           worker          2               1d02h03m04s     2.6.12-1+deb12u4\n"
	"# programs\n"
	"\n";

static const char proc_30_failed[] =
	"#<PID>          <type>          <reloads>       <uptime>        <version>      \n"
	"9963            master          1 [failed: 1]   0d00h00m01s     3.0.11-9e587df \n"
	"# workers\n"
	"9968            worker          1               0d00h00m01s     3.0.11-9e587df \n"
	"# programs\n"
	"\n";

static const char proc_22_failed[] =
	"#<PID>          <type>          <relative PID>  <reloads>       <uptime>        "
	"<version>      \n"
	"9824            master          0               1               0d00h00m01s     "
	"2.2.9-a947cc2  \n"
	"# workers\n"
	"# old workers\n"
	"9827            worker          [was: 1]        1               0d00h00m01s     "
	"2.2.9-a947cc2  \n"
	"# programs\n"
	"\n";

static const char proc_22_ok[] =
	"#<PID>          <type>          <relative PID>  <reloads>       <uptime>        "
	"<version>      \n"
	"9824            master          0               2               0d00h00m01s     "
	"2.2.9-a947cc2  \n"
	"# workers\n"
	"9930            worker          1               0               0d00h00m07s     "
	"2.2.9-a947cc2  \n"
	"# programs\n"
	"\n";

static int
parse(const char *text, struct hs_proc *p, struct hs_error *err)
{
	return hs_master_parse_proc(text, strlen(text), p, err);
}

START_TEST(test_proc_26_old_workers)
{
	struct hs_error err = {0};
	struct hs_proc p;

	ck_assert_int_eq(parse(proc_26, &p, &err), 0);
	ck_assert_int_eq(p.master_pid, 16305);
	ck_assert_uint_eq(p.reloads, 1);
	ck_assert(p.has_failed);
	ck_assert_uint_eq(p.failed, 0);
	ck_assert_uint_eq(p.workers, 1);
	ck_assert_int_eq(p.worker_uptime, 2);
	ck_assert_uint_eq(p.old_workers, 2);
	ck_assert_int_eq(p.oldest_old_uptime, 86400 + 2 * 3600 + 3 * 60 + 4);
	ck_assert_str_eq(p.version, "2.6.12-1+deb12u4");
	ck_assert(!hs_master_reload_failed(&p));
}
END_TEST

START_TEST(test_proc_failed)
{
	struct hs_error err = {0};
	struct hs_proc p;

	ck_assert_int_eq(parse(proc_30_failed, &p, &err), 0);
	ck_assert(p.has_failed);
	ck_assert_uint_eq(p.failed, 1);
	ck_assert_uint_eq(p.workers, 1);
	ck_assert_uint_eq(p.old_workers, 0);
	ck_assert(hs_master_reload_failed(&p));
	/* 2.2: a relative PID column, "[was: N]", no failed count */
	ck_assert_int_eq(parse(proc_22_failed, &p, &err), 0);
	ck_assert(!p.has_failed);
	ck_assert_uint_eq(p.reloads, 1);
	ck_assert_uint_eq(p.workers, 0);
	ck_assert_uint_eq(p.old_workers, 1);
	ck_assert(hs_master_reload_failed(&p));
	ck_assert_int_eq(parse(proc_22_ok, &p, &err), 0);
	ck_assert_uint_eq(p.reloads, 2);
	ck_assert_uint_eq(p.workers, 1);
	ck_assert_int_eq(p.worker_uptime, 7);
	ck_assert(!hs_master_reload_failed(&p));
}
END_TEST

/* Not a process list, or a line that cannot be read: an error, never a
 * guess.
 */
START_TEST(test_proc_refused)
{
	static const struct {
		const char *text;
		enum hs_errcode code;
		const char *needle;
	} bad[] = {
		{"", HS_ERR_NOT_STATS, "no master line (it is empty)"},
		{"Unknown command, but maybe one of the following ones is a better match:\n",
		 HS_ERR_NOT_STATS, "not a process list"},
		{"# pxname,svname,status\n", HS_ERR_NOT_STATS, "not a process list"},
		{"#<PID> <type> <reloads> <uptime> <version>\n# workers\n", HS_ERR_MALFORMED,
		 "no master line"},
		{"#<PID> <type> <reloads> <uptime> <version>\n1 master x 0d00h00m01s v\n",
		 HS_ERR_MALFORMED, "cannot read line 2"},
		{"#<PID> <type> <reloads> <uptime> <version>\n1 master 0 [failed: x] 0d00h00m01s "
		 "v\n",
		 HS_ERR_MALFORMED, "cannot read line 2"},
		{"#<PID> <type> <reloads> <uptime> <version>\n1 master 0 [failed: 1 0d00h00m01s "
		 "v\n",
		 HS_ERR_MALFORMED, "cannot read line 2"},
		{"#<PID> <type> <reloads> <uptime> <version>\n1 master 0 0d00h61m v\n",
		 HS_ERR_MALFORMED, "cannot read line 2"},
		{"#<PID> <type> <reloads> <uptime> <version>\n1 master 0 0d00h00m01s\n",
		 HS_ERR_MALFORMED, "cannot read line 2"},
		{"#<PID> <type> <reloads> <uptime> <version>\n1 master 0 0d00h00m01s v\n"
		 "2 master 0 0d00h00m01s v\n",
		 HS_ERR_MALFORMED, "a master line out of place"},
		{"#<PID> <type> <reloads> <uptime> <version>\n1 master 0 0d00h00m01s v\n"
		 "2 worker 0 0d00h00m01s v\n",
		 HS_ERR_MALFORMED, "unexpected process type or section"},
		{"#<PID> <type> <reloads> <uptime> <version>\n1 master 0 0d00h00m01s v\n"
		 "# workers\n2 worker 0 0d00h00m01s v a b c d e f g h i j k l m n\n",
		 HS_ERR_MALFORMED, "too many words"},
		{"#<PID> <type> <reloads> <uptime> <version>\n1 master 99999999999999999999 "
		 "0d00h00m01s v\n",
		 HS_ERR_MALFORMED, "cannot read line 2"},
	};
	struct hs_proc p;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hs_error err = {0};

		ck_assert_msg(parse(bad[i].text, &p, &err) == -1, "case %zu accepted", i);
		ck_assert_msg(err.code == bad[i].code, "case %zu: code %d", i, err.code);
		ck_assert_msg(strstr(err.msg, bad[i].needle) != NULL, "case %zu: '%s' lacks '%s'",
			      i, err.msg, bad[i].needle);
	}
}
END_TEST

/* Programs are listed but are no HAProxy process. */
START_TEST(test_proc_programs)
{
	static const char text[] = "#<PID> <type> <reloads> <uptime> <version>\n"
				   "1 master 0 [failed: 0] 0d00h00m09s 3.0.11\n"
				   "# workers\n"
				   "2 worker 0 0d00h00m09s 3.0.11\n"
				   "# programs\n"
				   "3 dataplaneapi 0 0d00h00m09s -\n";
	struct hs_error err = {0};
	struct hs_proc p;

	ck_assert_int_eq(parse(text, &p, &err), 0);
	ck_assert_uint_eq(p.workers, 1);
	ck_assert_uint_eq(p.old_workers, 0);
}
END_TEST

START_TEST(test_first_alert)
{
	static const char log30[] =
		"[NOTICE]   (9963) : haproxy version is 3.0.11-9e587df\n"
		"[ALERT]    (9963) : config : parsing [h.cfg:13] : unknown keyword 'garbage' in "
		"'backend' section\n"
		"[ALERT]    (9963) : config : Error(s) found in configuration file : h.cfg\n";
	static const char unknown[] = "Unknown command, but maybe one of the following ones is a "
				      "better match:\n  show proc : show processes status\n";
	static const char hostile[] = "[ALERT] (1) : a\x1b[2Jb|c\rd\n";
	char out[HS_MASTER_ALERT_MAX];
	char tiny[8];

	ck_assert(hs_master_first_alert(log30, strlen(log30), out, sizeof(out)));
	ck_assert_str_eq(out,
			 "config : parsing [h.cfg:13] : unknown keyword 'garbage' in 'backend' "
			 "section");
	ck_assert(!hs_master_first_alert(unknown, strlen(unknown), out, sizeof(out)));
	ck_assert_str_eq(out, "");
	ck_assert(hs_master_first_alert(hostile, strlen(hostile), out, sizeof(out)));
	ck_assert_str_eq(out, "a [2Jb c d");
	ck_assert(hs_master_first_alert(log30, strlen(log30), tiny, sizeof(tiny)));
	ck_assert_str_eq(tiny, "config ");
}
END_TEST

/* hs_master_read against a forked unix-socket peer that answers like a
 * 3.0 master after a failed reload, closing after each answer once the
 * client shut its side.
 */
START_TEST(test_read_peer)
{
	static const char log30[] = "[ALERT]    (9) : config : parsing [x.cfg:2] : bad\n";
	char dir[] = "/tmp/hs_master_XXXXXX", path[64], alert[HS_MASTER_ALERT_MAX];
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	struct hs_error err = {0};
	struct hs_proc p;
	pid_t pid;
	int lfd, status;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.sock", dir);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(lfd, 0);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(lfd, 4), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int k;

		for (k = 0; k < 2; k++) {
			char cmd[64] = "", c;
			size_t n = 0;
			int fd = accept(lfd, NULL, NULL);

			while (read(fd, &c, 1) == 1 && n + 1 < sizeof(cmd))
				cmd[n++] = c; /* until the client shuts its side */
			cmd[n] = '\0';
			if (strcmp(cmd, "show proc\n") == 0) {
				if (write(fd, proc_30_failed, strlen(proc_30_failed)) < 0)
					_exit(1);
			} else if (strcmp(cmd, "show startup-logs\n") == 0) {
				if (write(fd, log30, strlen(log30)) < 0)
					_exit(1);
			} else {
				_exit(2);
			}
			close(fd);
		}
		_exit(0);
	}
	close(lfd);
	ck_assert_msg(hs_master_read(path, hs_deadline_in(5), &p, alert, sizeof(alert), &err) == 0,
		      "%s", err.msg);
	ck_assert(hs_master_reload_failed(&p));
	ck_assert_str_eq(alert, "config : parsing [x.cfg:2] : bad");
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	unlink(path);
	rmdir(dir);
}
END_TEST

Suite *
make_master_suite(void)
{
	Suite *s = suite_create("master");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_proc_26_old_workers);
	tcase_add_test(tc, test_proc_failed);
	tcase_add_test(tc, test_proc_refused);
	tcase_add_test(tc, test_proc_programs);
	tcase_add_test(tc, test_first_alert);
	tcase_add_test(tc, test_read_peer);
	suite_add_tcase(s, tc);
	return s;
}
