/* test_check.c: the whole check on real captures in every column set, and
 * every way an answer can be incomplete, malformed or unreachable.
 */
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "hs_check.h"
#include "hs_time.h"
#include "suites.h"
#include "test_run.h"

/* The same server states captured from 2.6.12, in each version's columns. */
static const char *const version_fixtures[] = {
	"haproxy-1.5-states.csv", "haproxy-1.7-states.csv",    "haproxy-2.2-states.csv",
	"haproxy-2.4-states.csv", "haproxy-2.6.12-states.csv", "haproxy-3.3-states.csv",
};

START_TEST(test_check_every_column_set_gives_same_verdict)
{
	char *dump = fixture_read(version_fixtures[_i], NULL);
	struct run r;

	run_dump(&r, dump, NULL);
	ck_assert_msg(r.rc == 0, "%s: %s", version_fixtures[_i], r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_str_eq(
		r.first_line,
		"HAPROXY CRITICAL - fe_stick/FRONTEND PAUSED, be_app/BACKEND DOWN (0/3 active "
		"and 0/0 backup servers UP), be_app/s3 DOWN (L4CON Connection refused) and 6 more");
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] be_track/t1 MAINT (via be_app/s1)\n"));
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] be_agent/g1 DRAIN (agent)\n"));
	ck_assert_ptr_nonnull(strstr(r.perfdata, "be:be_stick:up=2;;;0;2"));
	run_free(&r);
	free(dump);
}
END_TEST

START_TEST(test_check_real_capture_selected_backend_warning)
{
	char *dump = fixture_read("haproxy-2.6.12.csv", NULL);
	struct run r;

	run_dump(&r, dump, "--proxy=be_app");
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.state, HS_STATE_WARNING);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY WARNING - be_app/s3 DOWN (L4CON Connection refused)");
	ck_assert_str_eq(r.perfdata,
			 "be:be_app:rate=0;;;0 be:be_app:scur=0;;;0 be:be_app:up=2;;;0;3");
	run_free(&r);
	free(dump);
}
END_TEST

/* A saved stats page export has no terminating empty line: the same dump
 * without it is judged alike (verdict, output and perfdata).
 */
START_TEST(test_check_page_export_without_empty_line_judged_alike)
{
	char *dump = fixture_read("haproxy-2.6.12.csv", NULL);
	size_t len = strlen(dump);
	struct run with, without;

	ck_assert_msg(len > 2 && strcmp(dump + len - 2, "\n\n") == 0,
		      "fixture ends with an empty line");
	run_dump(&with, dump, NULL);
	dump[len - 1] = '\0';
	run_dump(&without, dump, NULL);
	ck_assert_msg(without.rc == 0, "%s", without.err.msg);
	ck_assert_int_eq(with.rc, 0);
	ck_assert_int_eq(without.state, with.state);
	ck_assert_str_eq(without.output, with.output);
	run_free(&with);
	run_free(&without);
	free(dump);
}
END_TEST

/* Saved stats page exports from each HAProxy the project builds
 * (tests/fixtures/capture-page-exports.sh), each with the socket's answer
 * to "show stat" captured right after it.
 */
static const char *const page_versions[] = {"2.2.9", "2.6.12", "3.0.11"};

START_TEST(test_check_saved_page_export_judged_like_socket)
{
	char name[64], *page, *socket;
	struct run a, b;
	size_t len;

	snprintf(name, sizeof(name), "haproxy-%s-page.csv", page_versions[_i]);
	page = fixture_read(name, NULL);
	len = strlen(page);
	/* as the page sends it: no terminating empty line */
	ck_assert_msg(len > 2 && page[len - 1] == '\n' && page[len - 2] != '\n', "%s", name);
	snprintf(name, sizeof(name), "haproxy-%s-page-socket.csv", page_versions[_i]);
	socket = fixture_read(name, NULL);
	/* the stats frontend took the page's request and the health checks */
	run_dump2(&a, page, "--exclude-proxy=stats", "-v");
	run_dump2(&b, socket, "--exclude-proxy=stats", "-v");
	ck_assert_msg(a.rc == 0, "%s: %s", page_versions[_i], a.err.msg);
	ck_assert_int_eq(b.rc, 0);
	ck_assert_int_eq(a.state, HS_STATE_WARNING);
	ck_assert_int_eq(a.state, b.state);
	ck_assert_str_eq(a.output, b.output);
	ck_assert_ptr_nonnull(strstr(a.output, "app/down1 DOWN"));
	ck_assert_ptr_nonnull(strstr(a.output, "[OK] app/maint1 MAINT"));
	run_free(&a);
	run_free(&b);

	/* cut in the middle of its last row: never a verdict */
	page[len - 20] = '\0';
	run_dump(&a, page, NULL);
	ck_assert_int_eq(a.rc, -1);
	ck_assert_int_eq(a.err.code, HS_ERR_TRUNCATED);
	run_free(&a);
	free(page);
	free(socket);
}
END_TEST

/* Answers that must never produce a verdict. */
static const struct {
	const char *name;
	const char *dump;
	enum hs_errcode code;
	const char *msg_part;
} bad_dumps[] = {
	{"empty", "", HS_ERR_EMPTY, "empty response"},
	{"only an empty line", "\n", HS_ERR_EMPTY, "empty response"},
	{"error text", "Permission denied\n\n", HS_ERR_NOT_STATS, "unexpected response from"},
	{"unknown command",
	 "Unknown command, but maybe one of the following ones is a better match:\n",
	 HS_ERR_NOT_STATS, "'Unknown command, but maybe"},
	/* a stats page export ends at the end of the file; one cut between a
	 * server row and its backend's BACKEND row is still incomplete */
	{"ends after a server row", "# pxname,svname,status,type,\nweb,s1,UP,2,\n",
	 HS_ERR_TRUNCATED, "before its backend's BACKEND row"},
	{"cut inside a row", "# pxname,svname,status,type,\nweb,FRONTEND,OP", HS_ERR_TRUNCATED,
	 "truncated"},
	{"cut inside a quoted field", "# pxname,svname,status,type,\nweb,\"FRONT", HS_ERR_TRUNCATED,
	 "truncated"},
	{"header only", "# pxname,svname,status,type,\n\n", HS_ERR_MALFORMED, "no rows"},
	{"header without status", "# pxname,svname,type,\nweb,FRONTEND,0,\n\n", HS_ERR_MALFORMED,
	 "lacks the 'status' column"},
	{"duplicated header column",
	 "# pxname,svname,status,type,status,\nweb,FRONTEND,OPEN,0,OPEN,\n\n", HS_ERR_MALFORMED,
	 "twice"},
	{"row with fewer fields", "# pxname,svname,status,type,\nweb,FRONTEND,OPEN,\n\n",
	 HS_ERR_MALFORMED, "row 1: 4 fields where the header has 5"},
	{"row with more fields", "# pxname,svname,status,type,\nweb,FRONTEND,OPEN,0,x,\n\n",
	 HS_ERR_MALFORMED, "row 1: 6 fields"},
	{"bad type", "# pxname,svname,status,type,\nweb,FRONTEND,OPEN,7,\n\n", HS_ERR_MALFORMED,
	 "type '7'"},
	{"bad quoting", "# pxname,svname,status,type,\nweb,FRONTEND,\"OPEN\"x,0,\n\n",
	 HS_ERR_MALFORMED, "not valid CSV"},
	{"NUL byte", "# pxname,svname,status,type,\nweb,FRONT\0END,OPEN,0,\n\n", HS_ERR_MALFORMED,
	 "binary data"},
	{"second header as a row", "# pxname,svname,status,type,\n# pxname,svname,status,type,\n\n",
	 HS_ERR_MALFORMED, "type"},
};

START_TEST(test_check_bad_answer_is_error_not_verdict)
{
	struct hs_check_config cfg;
	char path[] = "/tmp/hs-test-bad-XXXXXX";
	int fd = mkstemp(path);
	size_t len = strlen(bad_dumps[_i].dump);
	struct run r;

	/* the NUL case has bytes after the NUL: write its full literal */
	if (strcmp(bad_dumps[_i].name, "NUL byte") == 0)
		len = sizeof("# pxname,svname,status,type,\nweb,FRONT\0END,OPEN,0,\n\n") - 1;
	ck_assert_int_eq(write(fd, bad_dumps[_i].dump, len), (ssize_t)len);
	close(fd);
	hs_check_config_init(&cfg);
	run_set_endpoint(&cfg, (struct hs_endpoint){.kind = HS_EP_FILE, .path = path});
	run_config(&r, &cfg);
	unlink(path);
	ck_assert_msg(r.rc == -1, "%s: got a verdict: %s", bad_dumps[_i].name, r.output);
	ck_assert_msg(r.err.code == bad_dumps[_i].code, "%s: code %d (%s)", bad_dumps[_i].name,
		      r.err.code, r.err.msg);
	ck_assert_msg(strstr(r.err.msg, bad_dumps[_i].msg_part) != NULL, "%s: message '%s'",
		      bad_dumps[_i].name, r.err.msg);
	ck_assert_ptr_null(strchr(r.err.msg, '\n'));
	run_free(&r);
	hs_check_config_free(&cfg);
}
END_TEST

/* Runs a check on endpoint <ep> with <timeout> seconds. */
static void
run_endpoint(struct run *r, struct hs_endpoint ep, unsigned timeout)
{
	struct hs_check_config cfg;

	hs_check_config_init(&cfg);
	run_set_endpoint(&cfg, ep);
	cfg.timeout = timeout;
	run_config(r, &cfg);
	hs_check_config_free(&cfg);
}

START_TEST(test_check_missing_socket_says_does_not_exist)
{
	struct hs_endpoint ep = {.kind = HS_EP_UNIX, .path = "/nonexistent/haproxy/admin.sock"};
	struct run r;

	run_endpoint(&r, ep, 2);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_NOENT);
	ck_assert_ptr_nonnull(strstr(r.err.msg, "/nonexistent/haproxy/admin.sock does not exist"));
	run_free(&r);
}
END_TEST

/* A configuration without a node (no -S, -H, --url, --input) is refused,
 * never read from a zeroed endpoint.
 */
START_TEST(test_check_without_node_is_refused)
{
	struct hs_check_config cfg;
	struct run r;

	hs_check_config_init(&cfg);
	run_config(&r, &cfg);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_USAGE);
	ck_assert_str_eq(r.err.msg, "no stats endpoint given");
	run_free(&r);
	hs_check_config_free(&cfg);
}
END_TEST

START_TEST(test_check_regular_file_and_directory_are_not_sockets)
{
	char path[] = "/tmp/hs-test-notsock-XXXXXX";
	int fd = mkstemp(path);
	struct hs_endpoint ep = {.kind = HS_EP_UNIX, .path = path};
	struct run r;

	close(fd);
	run_endpoint(&r, ep, 2);
	unlink(path);
	ck_assert_int_eq(r.err.code, HS_ERR_NOTSOCK);
	ck_assert_ptr_nonnull(strstr(r.err.msg, "is not a socket (it is a regular file)"));
	run_free(&r);
	ep.path = "/tmp";
	run_endpoint(&r, ep, 2);
	ck_assert_int_eq(r.err.code, HS_ERR_NOTSOCK);
	ck_assert_ptr_nonnull(strstr(r.err.msg, "(it is a directory)"));
	run_free(&r);
}
END_TEST

/* Binds a unix socket in a temporary directory; returns its fd, path in <path>. */
static int
bind_unix(char *path, size_t size, bool do_listen)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	char dir[] = "/tmp/hs-test-sock-XXXXXX";
	int fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, size, "%s/stats.sock", dir);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	if (do_listen)
		ck_assert_int_eq(listen(fd, 4), 0);
	return fd;
}

static void
unbind_unix(int fd, char *path)
{
	close(fd);
	unlink(path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
}

START_TEST(test_check_stale_socket_is_connection_refused)
{
	char path[256];
	int fd = bind_unix(path, sizeof(path), false); /* bound, never listening */
	struct hs_endpoint ep = {.kind = HS_EP_UNIX, .path = path};
	struct run r;

	run_endpoint(&r, ep, 2);
	unbind_unix(fd, path);
	ck_assert_int_eq(r.err.code, HS_ERR_REFUSED);
	ck_assert_ptr_nonnull(strstr(r.err.msg, "connection refused"));
	run_free(&r);
}
END_TEST

START_TEST(test_check_silent_socket_times_out_at_deadline)
{
	char path[256];
	int fd = bind_unix(path, sizeof(path), true); /* accepts into the backlog, never answers */
	struct hs_endpoint ep = {.kind = HS_EP_UNIX, .path = path};
	int64_t start = hs_now_ms(), took;
	struct run r;

	run_endpoint(&r, ep, 1);
	took = hs_now_ms() - start;
	unbind_unix(fd, path);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_int_eq(r.err.code, HS_ERR_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(r.err.msg, "timed out"));
	/* one deadline: never returns before it, and not long after */
	ck_assert_int_ge(took, 900);
	ck_assert_int_lt(took, 3000);
	run_free(&r);
}
END_TEST

START_TEST(test_check_tcp_refused_and_unresolvable)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sin);
	char port[16];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct hs_endpoint ep = {.kind = HS_EP_TCP, .host = "127.0.0.1"};
	struct run r;

	/* a port that was free a moment ago */
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	snprintf(port, sizeof(port), "%u", ntohs(sin.sin_port));
	close(fd);
	ep.port = port;
	run_endpoint(&r, ep, 2);
	ck_assert_int_eq(r.err.code, HS_ERR_REFUSED);
	run_free(&r);
	ep.host = "nonexistent.invalid";
	run_endpoint(&r, ep, 2);
	ck_assert_int_eq(r.err.code, HS_ERR_RESOLVE);
	ck_assert_ptr_nonnull(strstr(r.err.msg, "cannot resolve nonexistent.invalid"));
	run_free(&r);
}
END_TEST

START_TEST(test_check_default_socket_is_first_existing_path)
{
	char dir[] = "/tmp/hs-test-default-XXXXXX", second[64], missing[64];
	const char *paths[3];
	FILE *f;

	/* the documented defaults, in order */
	ck_assert_str_eq(hs_default_sockets[0], "/run/haproxy/admin.sock");
	ck_assert_str_eq(hs_default_sockets[1], "/var/lib/haproxy/stats");
	ck_assert_ptr_null(hs_default_sockets[2]);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(missing, sizeof(missing), "%s/admin.sock", dir);
	snprintf(second, sizeof(second), "%s/stats", dir);
	paths[0] = missing;
	paths[1] = second;
	paths[2] = NULL;
	ck_assert_ptr_null(hs_first_existing(paths));
	f = fopen(second, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_str_eq(hs_first_existing(paths), second);
	f = fopen(missing, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_str_eq(hs_first_existing(paths), missing);
	unlink(missing);
	unlink(second);
	rmdir(dir);
}
END_TEST

START_TEST(test_check_tcp_ipv6_with_or_without_brackets)
{
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	socklen_t len = sizeof(sin6);
	char *dump = fixture_read("haproxy-2.6.12.csv", NULL);
	int lfd = socket(AF_INET6, SOCK_STREAM, 0), round;
	char port[16];

	ck_assert_int_ge(lfd, 0);
	if (bind(lfd, (struct sockaddr *)&sin6, sizeof(sin6)) != 0) {
		/* no IPv6 loopback on this machine: nothing to test */
		close(lfd);
		free(dump);
		return;
	}
	ck_assert_int_eq(listen(lfd, 4), 0);
	ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&sin6, &len), 0);
	snprintf(port, sizeof(port), "%u", ntohs(sin6.sin6_port));
	for (round = 0; round < 2; round++) {
		struct hs_endpoint ep = {
			.kind = HS_EP_TCP, .host = round ? "[::1]" : "::1", .port = port};
		struct run r;
		pid_t pid = fork();

		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			char cmd[64] = {0};
			int c = accept(lfd, NULL, NULL);

			(void)!read(c, cmd, sizeof(cmd) - 1);
			(void)!write(c, dump, strlen(dump));
			close(c);
			_exit(0);
		}
		run_endpoint(&r, ep, 5);
		ck_assert_msg(r.rc == 0, "%s: %s", ep.host, r.err.msg);
		ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
		run_free(&r);
	}
	close(lfd);
	free(dump);
}
END_TEST

START_TEST(test_check_missing_input_file)
{
	struct hs_endpoint ep = {.kind = HS_EP_FILE, .path = "/nonexistent/dump.csv"};
	struct run r;

	run_endpoint(&r, ep, 2);
	ck_assert_int_eq(r.err.code, HS_ERR_NOENT);
	run_free(&r);
}
END_TEST

START_TEST(test_check_verbose_shows_command_sent)
{
	char path[256];
	int lfd = bind_unix(path, sizeof(path), true);
	char *dump = fixture_read("haproxy-2.6.12.csv", NULL);
	struct hs_check_config cfg;
	struct run r;
	pid_t pid;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* a one-shot stats socket: reads the command, answers the capture */
		char cmd[64] = {0};
		int c = accept(lfd, NULL, NULL);
		ssize_t n = read(c, cmd, sizeof(cmd) - 1);

		if (n == 10 && strcmp(cmd, "show stat\n") == 0)
			(void)!write(c, dump, strlen(dump));
		else
			(void)!write(c, "Unknown command\n\n", 17);
		close(c);
		_exit(0);
	}
	hs_check_config_init(&cfg);
	run_set_endpoint(&cfg, (struct hs_endpoint){.kind = HS_EP_UNIX, .path = path});
	cfg.verbosity = 2;
	run_config(&r, &cfg);
	hs_check_config_free(&cfg);
	unbind_unix(lfd, path);
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_ptr_nonnull(strstr(r.output, ": show stat\n"));
	run_free(&r);
	free(dump);
}
END_TEST

/* Forks a stats socket on <lfd> that answers <n> connections in turn with
 * <answers>[i] (a prefix of <len>[i] bytes), whatever the command. Returns
 * the child's pid.
 */
static pid_t
serve_answers(int lfd, const char *const *answers, const size_t *len, int n)
{
	pid_t pid = fork();
	int i;

	ck_assert_int_ge(pid, 0);
	if (pid != 0)
		return pid;
	for (i = 0; i < n; i++) {
		char cmd[1024];
		int c = accept(lfd, NULL, NULL);

		if (c < 0)
			_exit(1);
		(void)!read(c, cmd, sizeof(cmd));
		(void)!write(c, answers[i], len[i]);
		close(c);
	}
	_exit(0);
}

#define STOP_DUMP "# pxname,svname,status,type,\nweb,FRONTEND,STOP,0,\napp,BACKEND,UP,1,\n\n"
#define OPEN_DUMP "# pxname,svname,status,type,\nweb,FRONTEND,OPEN,0,\napp,BACKEND,UP,1,\n\n"

/* A reload: the old process (frontends STOP) or one cut off mid-answer
 * answers first; the second connection reaches the new process.
 */
static const struct {
	const char *name;
	const char *first;
	size_t first_len;
	const char *why;
} reload_cases[] = {
	{"old process answers", STOP_DUMP, sizeof(STOP_DUMP) - 1, "soft-stopping"},
	{"answer cut short", OPEN_DUMP, 40, "truncated"},
	{"closed without answer", "", 0, "empty response"},
};

START_TEST(test_check_reload_symptom_is_retried_on_new_connection)
{
	const char *answers[2] = {reload_cases[_i].first, OPEN_DUMP};
	size_t len[2] = {reload_cases[_i].first_len, sizeof(OPEN_DUMP) - 1};
	char path[256];
	int lfd = bind_unix(path, sizeof(path), true);
	struct hs_check_config cfg;
	struct run r;
	pid_t pid = serve_answers(lfd, answers, len, 2);

	hs_check_config_init(&cfg);
	run_set_endpoint(&cfg, (struct hs_endpoint){.kind = HS_EP_UNIX, .path = path});
	cfg.verbosity = 2;
	run_config(&r, &cfg);
	hs_check_config_free(&cfg);
	waitpid(pid, NULL, 0);
	unbind_unix(lfd, path);
	ck_assert_msg(r.rc == 0, "%s: %s", reload_cases[_i].name, r.err.msg);
	ck_assert_msg(r.state == HS_STATE_OK, "%s: %s", reload_cases[_i].name, r.output);
	ck_assert_msg(strstr(r.output, "retried once: ") != NULL &&
			      strstr(r.output, reload_cases[_i].why) != NULL,
		      "%s: %s", reload_cases[_i].name, r.output);
	run_free(&r);
}
END_TEST

START_TEST(test_check_frontend_still_stop_after_retry_follows_policy)
{
	const char *answers[2] = {STOP_DUMP, STOP_DUMP};
	size_t len[2] = {sizeof(STOP_DUMP) - 1, sizeof(STOP_DUMP) - 1};
	char path[256];
	int lfd = bind_unix(path, sizeof(path), true);
	struct hs_check_config cfg;
	struct run r;
	pid_t pid = serve_answers(lfd, answers, len, 2);

	hs_check_config_init(&cfg);
	run_set_endpoint(&cfg, (struct hs_endpoint){.kind = HS_EP_UNIX, .path = path});
	run_config(&r, &cfg);
	hs_check_config_free(&cfg);
	waitpid(pid, NULL, 0);
	unbind_unix(lfd, path);
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_str_eq(r.first_line, "HAPROXY CRITICAL - web/FRONTEND STOP");
	ck_assert_ptr_nonnull(strstr(r.output, "is soft-stopping (reload or shutdown"));
	run_free(&r);
}
END_TEST

START_TEST(test_check_saved_dump_is_never_retried)
{
	struct run r;

	run_dump(&r, STOP_DUMP, NULL);
	ck_assert_int_eq(r.state, HS_STATE_CRITICAL);
	ck_assert_ptr_null(strstr(r.output, "retried"));
	run_free(&r);
}
END_TEST

/* Forks a stats socket on <lfd> that answers <n> connections in turn with
 * <answers>[i], writing each command received to <log> (a file). Returns
 * the child's pid.
 */
static pid_t
serve_logged(int lfd, const char *const *answers, int n, const char *log)
{
	pid_t pid = fork();
	int i;

	ck_assert_int_ge(pid, 0);
	if (pid != 0)
		return pid;
	for (i = 0; i < n; i++) {
		char cmd[1024];
		int c = accept(lfd, NULL, NULL);
		ssize_t got;
		FILE *f;

		if (c < 0)
			_exit(1);
		got = read(c, cmd, sizeof(cmd) - 1);
		f = fopen(log, "a");
		if (f != NULL && got > 0) {
			fwrite(cmd, 1, (size_t)got, f);
			fclose(f);
		}
		(void)!write(c, answers[i], strlen(answers[i]));
		close(c);
	}
	_exit(0);
}

#define FULL_HDR    "# pxname,svname,status,act,bck,weight,type,\n"
#define SERVER_ROWS "app,s1,UP,1,0,1,2,\napp,s2,MAINT,1,0,0,2,\n"
#define APP_ROWS    SERVER_ROWS "app,BACKEND,UP,1,0,1,1,\n"
#define FULL_DUMP   FULL_HDR APP_ROWS "\n"

/* Runs a check (<proxy>: --proxy, or NULL) against answers <a> (<n>
 * connections); stores the commands received in <got>.
 */
static void
run_logged(struct run *r, const char *proxy, const char *const *a, int n, char *got, size_t size)
{
	char path[256], log[] = "/tmp/hs-test-log-XXXXXX";
	int lfd = bind_unix(path, sizeof(path), true), lf = mkstemp(log);
	struct hs_check_config cfg;
	struct hs_error err;
	pid_t pid = serve_logged(lfd, a, n, log);
	ssize_t len;

	hs_check_config_init(&cfg);
	run_set_endpoint(&cfg, (struct hs_endpoint){.kind = HS_EP_UNIX, .path = path});
	cfg.timeout = 5;
	if (proxy != NULL)
		ck_assert_int_eq(hs_selection_add(&cfg.selection, HS_SEL_PROXY, proxy, &err), 0);
	run_config(r, &cfg);
	hs_check_config_free(&cfg);
	waitpid(pid, NULL, 0);
	unbind_unix(lfd, path);
	len = read(lf, got, size - 1);
	got[len > 0 ? len : 0] = '\0';
	close(lf);
	unlink(log);
}

/* Server health comes from the "show stat" rows alone: the default check
 * sends one full dump, nothing before or after it.
 */
START_TEST(test_check_default_sends_one_full_dump)
{
	static const char *const answers[] = {FULL_DUMP};
	char got[2048];
	struct run r;

	run_logged(&r, NULL, answers, 1, got, sizeof(got));
	ck_assert_str_eq(got, "show stat\n");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_str_eq(r.first_line, "HAPROXY OK - 1 backend, 2 servers (1 UP, 1 MAINT) checked");
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/s2 MAINT\n"));
	run_free(&r);
}
END_TEST

/* --proxy app: the frontends of every proxy, "show backend", then "show
 * stat app 6 -1". When that answer has no BACKEND row (a frontend "app"
 * declared first was dumped), or the HAProxy does not know "show
 * backend", app's rows are read from "show stat -1# 6 -1", in the same
 * attempt: the same verdict each way.
 */
#define TWIN_FE   FULL_HDR "app,FRONTEND,OPEN,,,,0,\n\n"
#define TWIN_LIST "# name\napp\n\n"
#define TWIN_ALL  FULL_HDR "web,w1,UP,1,0,1,2,\nweb,BACKEND,UP,1,0,1,1,\n" APP_ROWS "\n"
#define TWIN_SENT "show stat -1# 9 -1\nshow backend\n"
static const struct {
	const char *answer[4]; /* one per connection */
	int n;
	const char *sent;
} twins[] = {
	/* app is a backend alone */
	{{TWIN_FE, TWIN_LIST, FULL_DUMP}, 3, TWIN_SENT "show stat app 6 -1\n"},
	/* its frontend twin was dumped */
	{{TWIN_FE, TWIN_LIST, FULL_HDR "\n", TWIN_ALL},
	 4,
	 TWIN_SENT "show stat app 6 -1\nshow stat -1# 6 -1\n"},
	/* a HAProxy without "show backend" */
	{{TWIN_FE, "Unknown command.\n\n", TWIN_ALL}, 3, TWIN_SENT "show stat -1# 6 -1\n"},
};

START_TEST(test_check_frontend_twin_read_from_every_proxy)
{
	char got[2048];
	struct run r;

	run_logged(&r, "app", twins[_i].answer, twins[_i].n, got, sizeof(got));
	ck_assert_str_eq(got, twins[_i].sent);
	ck_assert_msg(r.rc == 0, "%d: %s", _i, r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY OK - 1 frontend, 1 backend, 2 servers (1 UP, 1 MAINT) checked");
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/s2 MAINT\n"));
	ck_assert_ptr_null(strstr(r.output, "web"));
	run_free(&r);
}
END_TEST

Suite *
make_check_suite(void)
{
	Suite *s = suite_create("check");
	TCase *versions = tcase_create("versions");
	TCase *answers = tcase_create("answers");
	TCase *transport = tcase_create("transport");

	tcase_add_loop_test(versions, test_check_every_column_set_gives_same_verdict, 0,
			    sizeof(version_fixtures) / sizeof(version_fixtures[0]));
	tcase_add_test(versions, test_check_real_capture_selected_backend_warning);
	tcase_add_test(versions, test_check_page_export_without_empty_line_judged_alike);
	tcase_add_loop_test(versions, test_check_saved_page_export_judged_like_socket, 0,
			    sizeof(page_versions) / sizeof(page_versions[0]));
	suite_add_tcase(s, versions);

	tcase_add_loop_test(answers, test_check_bad_answer_is_error_not_verdict, 0,
			    sizeof(bad_dumps) / sizeof(bad_dumps[0]));
	suite_add_tcase(s, answers);

	tcase_add_test(transport, test_check_missing_socket_says_does_not_exist);
	tcase_add_test(transport, test_check_without_node_is_refused);
	tcase_add_test(transport, test_check_regular_file_and_directory_are_not_sockets);
	tcase_add_test(transport, test_check_stale_socket_is_connection_refused);
	tcase_add_test(transport, test_check_silent_socket_times_out_at_deadline);
	tcase_add_test(transport, test_check_tcp_refused_and_unresolvable);
	tcase_add_test(transport, test_check_default_socket_is_first_existing_path);
	tcase_add_test(transport, test_check_tcp_ipv6_with_or_without_brackets);
	tcase_add_test(transport, test_check_missing_input_file);
	tcase_add_test(transport, test_check_verbose_shows_command_sent);
	tcase_add_loop_test(transport, test_check_reload_symptom_is_retried_on_new_connection, 0,
			    sizeof(reload_cases) / sizeof(reload_cases[0]));
	tcase_add_test(transport, test_check_frontend_still_stop_after_retry_follows_policy);
	tcase_add_test(transport, test_check_saved_dump_is_never_retried);
	tcase_add_test(transport, test_check_default_sends_one_full_dump);
	tcase_add_loop_test(transport, test_check_frontend_twin_read_from_every_proxy, 0,
			    sizeof(twins) / sizeof(twins[0]));
	suite_add_tcase(s, transport);
	return s;
}
