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
	cfg.server_rows = true; /* fake answers hold only "show stat" */
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
	cfg.server_rows = true; /* the fake answers hold only "show stat" */
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
	cfg.server_rows = true; /* the fake answers hold only "show stat" */
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
	cfg.server_rows = true; /* the fake answers hold only "show stat" */
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

#define SS_HDR                                                                                     \
	"1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight "    \
	"srv_iweight srv_time_since_last_change srv_check_status srv_check_result "                \
	"srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id\n"
#define SS_UP(be, srv)    "3 " be " 1 " srv " 127.0.0.1 2 0 1 1 30 15 3 3 6 0 0 0\n"
#define SS_MAINT(be, srv) "3 " be " 1 " srv " 127.0.0.1 0 1 1 1 30 15 3 0 14 0 0 0\n"
#define FB_HDR            "# pxname,svname,status,act,bck,type,\n"
#define FULL_HDR          "# pxname,svname,status,act,bck,weight,type,\n"

/* Runs a default check against answers <a> (<n> connections); stores the
 * commands received in <got>.
 */
static void
run_logged(struct run *r, const char *const *a, int n, char *got, size_t size)
{
	char path[256], log[] = "/tmp/hs-test-log-XXXXXX";
	int lfd = bind_unix(path, sizeof(path), true), lf = mkstemp(log);
	struct hs_check_config cfg;
	pid_t pid = serve_logged(lfd, a, n, log);
	ssize_t len;

	hs_check_config_init(&cfg);
	run_set_endpoint(&cfg, (struct hs_endpoint){.kind = HS_EP_UNIX, .path = path});
	cfg.timeout = 5;
	run_config(r, &cfg);
	hs_check_config_free(&cfg);
	waitpid(pid, NULL, 0);
	unbind_unix(lfd, path);
	len = read(lf, got, size - 1);
	got[len > 0 ? len : 0] = '\0';
	close(lf);
	unlink(log);
}

START_TEST(test_check_all_servers_up_needs_no_server_rows)
{
	static const char *const answers[] = {
		SS_HDR SS_UP("app", "s1") SS_UP("app", "s2") SS_UP("app", "b1") "\n",
		FB_HDR "web,FRONTEND,OPEN,,,0,\napp,BACKEND,UP,2,1,1,\n\n",
	};

	char got[2048];
	struct run r;

	run_logged(&r, answers, 2, got, sizeof(got));
	ck_assert_str_eq(got, "show servers state\nshow stat -1# 11 -1\n");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_str_eq(r.first_line,
			 "HAPROXY OK - 1 frontend, 1 backend, 3 servers (3 UP) checked");
	ck_assert_ptr_nonnull(strstr(r.perfdata, "be:app:up=2;;;0;2"));
	run_free(&r);
}
END_TEST

/* A server the summary cannot stand in for gets its backend's rows, by
 * the backend's numeric id, before the main dump; anything the answers do
 * not agree on asks again with the server rows: a backend whose usable
 * count differs, a backend's rows that are not the servers counted.
 */
#define SERVER_ROWS "app,s1,UP,1,0,1,2,\napp,s2,MAINT,1,0,0,2,\n"
#define FULL_DUMP   FULL_HDR SERVER_ROWS "app,BACKEND,UP,1,0,1,1,\n\n"
static const struct {
	const char *answer[4]; /* one per connection */
	int n;
	const char *sent;
} not_plain[] = {
	/* a server in MAINT (default perfdata: its backup flag counts): the
	 * rows of its backend (be_id 3) */
	{{SS_HDR SS_UP("app", "s1") SS_MAINT("app", "s2") "\n", FULL_HDR SERVER_ROWS "\n",
	  FB_HDR "app,BACKEND,UP,1,0,1,\n\n"},
	 3,
	 "show servers state\nshow stat #3 4 -1\nshow stat -1# 11 -1\n"},
	/* its backend's rows are not the two servers counted: the full dump */
	{{SS_HDR SS_UP("app", "s1") SS_MAINT("app", "s2") "\n", FULL_HDR "app,s1,UP,1,0,1,2,\n\n",
	  FULL_DUMP},
	 3,
	 "show servers state\nshow stat #3 4 -1\nshow stat\n"},
	/* or those of another backend (an id reused by a reload) */
	{{SS_HDR SS_UP("app", "s1") SS_MAINT("app", "s2") "\n",
	  FULL_HDR "web,s1,UP,1,0,1,2,\nweb,s2,MAINT,1,0,0,2,\n\n", FULL_DUMP},
	 3,
	 "show servers state\nshow stat #3 4 -1\nshow stat\n"},
	/* or no such proxy any more */
	{{SS_HDR SS_UP("app", "s1") SS_MAINT("app", "s2") "\n", "No such proxy.\n\n", FULL_DUMP},
	 3,
	 "show servers state\nshow stat #3 4 -1\nshow stat\n"},
	/* every server UP but the backend counts fewer usable: again */
	{{SS_HDR SS_UP("app", "s1") SS_UP("app", "s2") "\n", FB_HDR "app,BACKEND,UP,1,0,1,\n\n",
	  FULL_DUMP},
	 3,
	 "show servers state\nshow stat -1# 11 -1\nshow stat\n"},
	/* a HAProxy without the command */
	{{"Unknown command.\n\n", FULL_DUMP}, 2, "show servers state\nshow stat\n"},
};

START_TEST(test_check_server_not_plainly_up_asks_for_server_rows)
{
	char got[2048];
	struct run r;

	run_logged(&r, not_plain[_i].answer, not_plain[_i].n, got, sizeof(got));
	ck_assert_str_eq(got, not_plain[_i].sent);
	ck_assert_msg(r.rc == 0, "%d: %s", _i, r.err.msg);
	ck_assert_int_eq(r.state, HS_STATE_OK);
	ck_assert_str_eq(r.first_line, "HAPROXY OK - 1 backend, 2 servers (1 UP, 1 MAINT) checked");
	ck_assert_ptr_nonnull(strstr(r.output, "[OK] app/s2 MAINT\n"));
	run_free(&r);
}
END_TEST

/* A server in MAINT among four (default perfdata: whether it is a backup
 * counts in be:app:up's maximum) has its backup flag read from "show stat
 * -1 4 <sid>", the server of that id in each backend: the same verdict as
 * the full dump, which counts it as a backup.
 */
#define SS_SRV(sid, srv, state) "3 app " #sid " " srv " 127.0.0.1 " state " 0 0\n"
#define FLAG_SS                                                                                    \
	SS_HDR SS_SRV(1, "s1", "2 0 1 1 30 15 3 3 6 0") SS_SRV(2, "s2", "2 0 1 1 30 15 3 3 6 0")   \
		SS_SRV(3, "s3", "2 0 1 1 30 15 3 3 6 0")                                           \
			SS_SRV(4, "s4", "0 1 1 1 30 15 3 0 14 0") "\n"
#define FLAG_FULL                                                                                  \
	FULL_HDR "app,s1,UP,1,0,1,2,\napp,s2,UP,1,0,1,2,\napp,s3,UP,1,0,1,2,\napp,s4,MAINT,0,1,1," \
		 "2,"                                                                              \
		 "\napp,BACKEND,UP,3,0,3,1,\n\n"

START_TEST(test_check_backup_flag_by_server_id)
{
	static const char *const answers[] = {
		FLAG_SS,
		"# pxname,svname,status,act,bck,iid,sid,type,\napp,s4,MAINT,0,1,3,4,2,\n"
		"web,s4,UP,1,0,5,4,2,\n\n",
		FB_HDR "app,BACKEND,UP,3,0,1,\n\n",
	};
	static const char *const wrong[] = {
		FLAG_SS,
		/* not the server of that id */
		"# pxname,svname,status,act,bck,iid,sid,type,\napp,s3,UP,1,0,3,3,2,\n\n",
		FLAG_FULL,
	};
	char got[2048];
	struct run r, full;

	run_dump(&full, FLAG_FULL, NULL);
	ck_assert_ptr_nonnull(strstr(full.perfdata, "be:app:up=3;;;0;3"));
	run_logged(&r, answers, 3, got, sizeof(got));
	ck_assert_str_eq(got, "show servers state\nshow stat -1# 4 4\nshow stat -1# 11 -1\n");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_str_eq(r.output, full.output);
	run_free(&r);
	/* an answer without it: the full dump */
	run_logged(&r, wrong, 3, got, sizeof(got));
	ck_assert_str_eq(got, "show servers state\nshow stat -1# 4 4\nshow stat\n");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_str_eq(r.output, full.output);
	run_free(&r);
	run_free(&full);
}
END_TEST

/* Two backends with a DOWN server get their rows one by one, kept until
 * the main dump reaches them; a check text with a quoted line end (one
 * record over two lines) is kept whole: the same verdict as the full dump.
 */
#define DOWN_HDR  "# pxname,svname,status,act,bck,weight,last_chk,type,\n"
#define DOWN_APP  "app,s1,UP,1,0,1,,2,\napp,s2,DOWN,1,0,1,\"bad\r\nanswer\",2,\n"
#define DOWN_WEB  "web,w1,DOWN,1,0,1,\"refused\",2,\nweb,w2,UP,1,0,1,,2,\n"
#define DOWN_MAIN "app,BACKEND,UP,1,0,1,\nweb,BACKEND,UP,1,0,1,\n\n"

START_TEST(test_check_detail_rows_kept_whole)
{
	static const char *const answers[] = {
		SS_HDR "3 app 1 s1 127.0.0.1 2 0 1 1 30 15 3 3 6 0 0 0\n"
		       "3 app 2 s2 127.0.0.1 0 0 1 1 30 15 2 0 6 0 0 0\n"
		       "5 web 1 w1 127.0.0.1 0 0 1 1 30 15 2 0 6 0 0 0\n"
		       "5 web 2 w2 127.0.0.1 2 0 1 1 30 15 3 3 6 0 0 0\n\n",
		DOWN_HDR DOWN_APP "\n",
		DOWN_HDR DOWN_WEB "\n",
		FB_HDR DOWN_MAIN,
	};
	char got[2048];
	struct run r, full;

	run_dump(&full,
		 DOWN_HDR DOWN_APP "app,BACKEND,UP,1,0,1,,1,\n" DOWN_WEB
				   "web,BACKEND,UP,1,0,1,,1,\n\n",
		 NULL);
	ck_assert_int_eq(full.state, HS_STATE_WARNING);
	ck_assert_msg(strstr(full.output, "app/s2 DOWN (bad") != NULL, "%s", full.output);
	run_logged(&r, answers, 4, got, sizeof(got));
	ck_assert_str_eq(
		got,
		"show servers state\nshow stat #3 4 -1\nshow stat #5 4 -1\nshow stat -1# 11 -1\n");
	ck_assert_msg(r.rc == 0, "%s", r.err.msg);
	ck_assert_str_eq(r.output, full.output);
	run_free(&r);
	run_free(&full);
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
	tcase_add_test(transport, test_check_all_servers_up_needs_no_server_rows);
	tcase_add_loop_test(transport, test_check_server_not_plainly_up_asks_for_server_rows, 0,
			    sizeof(not_plain) / sizeof(not_plain[0]));
	tcase_add_test(transport, test_check_backup_flag_by_server_id);
	tcase_add_test(transport, test_check_detail_rows_kept_whole);
	suite_add_tcase(s, transport);
	return s;
}
