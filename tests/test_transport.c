/* test_transport.c: reaching the stats socket (hs_transport.h). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hs_time.h"
#include "hs_transport.h"
#include "suites.h"

#define COMMAND "show stat\n"

/* A fresh directory for this test's files, removed by rm_dir. */
static char dir[64];

static void
make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/hs-transport-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
rm_dir(void)
{
	char cmd[128];

	chmod(dir, 0700);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Binds a unix socket at <dir>/<name> into <path>; listens unless
 * <listening> is false (then connect() is refused, as on the socket file a
 * killed HAProxy leaves behind). Returns the socket.
 */
static int
unix_socket(char *path, size_t size, const char *name, bool listening)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(path, size, "%s/%s", dir, name);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	if (listening)
		ck_assert_int_eq(listen(fd, 8), 0);
	return fd;
}

/* Opens the unix endpoint <path> with a deadline <ms> from now. */
static int
open_unix(const char *path, int ms, struct hs_error *err)
{
	struct hs_endpoint ep = {.kind = HS_EP_UNIX, .path = path};

	memset(err, 0, sizeof(*err));
	return hs_transport_open(&ep, COMMAND, hs_now_ms() + ms, err);
}

static void
assert_msg_has(const struct hs_error *err, const char *needle)
{
	ck_assert_msg(strstr(err->msg, needle) != NULL, "'%s' lacks '%s'", err->msg, needle);
}

START_TEST(test_unix_stale_socket_refused)
{
	char path[128];
	int fd, s;
	struct hs_error err;

	make_dir();
	s = unix_socket(path, sizeof(path), "stale.sock", false);
	fd = open_unix(path, 2000, &err);
	ck_assert_int_eq(fd, -1);
	ck_assert_int_eq(err.code, HS_ERR_REFUSED);
	assert_msg_has(&err, "connection refused by ");
	assert_msg_has(&err, "HAProxy is not running");
	assert_msg_has(&err, "socket file behind");
	close(s);
	rm_dir();
}
END_TEST

START_TEST(test_unix_missing_not_socket)
{
	char path[128];
	struct hs_error err;
	int fd;

	make_dir();
	snprintf(path, sizeof(path), "%s/nonexistent.sock", dir);
	ck_assert_int_eq(open_unix(path, 2000, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOENT);
	assert_msg_has(&err, "does not exist");

	snprintf(path, sizeof(path), "%s/regular", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(open_unix(path, 2000, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOTSOCK);
	assert_msg_has(&err, "is not a socket (it is a regular file)");

	ck_assert_int_eq(open_unix(dir, 2000, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOTSOCK);
	assert_msg_has(&err, "is not a socket (it is a directory)");
	rm_dir();
}
END_TEST

/* A listener that never accepts: the connection waits in its backlog and
 * nothing is ever sent (HAProxy with every 'stats maxconn' slot taken).
 */
START_TEST(test_unix_silent_peer_times_out_saying_why)
{
	char path[128];
	struct hs_error err;
	int64_t start;
	int s, took;

	make_dir();
	s = unix_socket(path, sizeof(path), "silent.sock", true);
	start = hs_now_ms();
	ck_assert_int_eq(open_unix(path, 1000, &err), -1);
	took = (int)(hs_now_ms() - start);
	ck_assert_int_eq(err.code, HS_ERR_TIMEOUT);
	assert_msg_has(&err, "sent nothing");
	assert_msg_has(&err, "'stats maxconn'");
	assert_msg_has(&err, "10 by default");
	ck_assert_int_ge(took, 950);
	ck_assert_int_lt(took, 2000);
	close(s);
	rm_dir();
}
END_TEST

/* A peer that closes at once is not a timeout: the reader meets EOF. */
START_TEST(test_unix_peer_closing_is_not_a_timeout)
{
	char path[128], c;
	struct hs_error err;
	int s, a, fd, status;
	ssize_t n;
	pid_t pid;

	make_dir();
	s = unix_socket(path, sizeof(path), "close.sock", true);
	/* the peer: reads the command and closes without a word */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char cmd[sizeof(COMMAND)];

		a = accept(s, NULL, NULL);
		if (read(a, cmd, sizeof(cmd) - 1) < 0)
			_exit(1);
		close(a);
		_exit(0);
	}
	fd = open_unix(path, 2000, &err);
	ck_assert_msg(fd >= 0, "%s", err.msg);
	n = read(fd, &c, 1);
	ck_assert_msg(n == 0, "read gave %zd", n);
	close(fd);
	close(s);
	waitpid(pid, &status, 0);
	rm_dir();
}
END_TEST

/* Opens the unix endpoint <path> as user nobody when root (in a child
 * process), else as ourselves. Returns hs_transport_open's result.
 */
static int
open_unprivileged(const char *path, struct hs_error *err)
{
	struct {
		int rc;
		struct hs_error err;
	} res;
	int p[2], status;
	pid_t pid;

	if (getuid() != 0)
		return open_unix(path, 2000, err);
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(1);
		res.rc = open_unix(path, 2000, &res.err);
		_exit(write(p[1], &res, sizeof(res)) == (ssize_t)sizeof(res) ? 0 : 1);
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &res, sizeof(res)), (ssize_t)sizeof(res));
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	*err = res.err;
	return res.rc;
}

START_TEST(test_unix_permission_socket_mode)
{
	char path[128];
	struct hs_error err;
	int s;

	make_dir();
	chmod(dir, 0711); /* the directory lets anyone through */
	s = unix_socket(path, sizeof(path), "admin.sock", true);
	chmod(path, getuid() == 0 ? 0600 : 0);
	ck_assert_int_eq(open_unprivileged(path, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_ACCESS);
	assert_msg_has(&err, "permission denied on stats socket ");
	assert_msg_has(&err, "add a separate line 'stats socket ");
	assert_msg_has(&err, "/monitor.sock mode 660 level user group nagios'");
	assert_msg_has(&err, "put the plugin's user in group nagios");
	ck_assert_ptr_null(strstr(err.msg, "directory"));
	close(s);
	rm_dir();
}
END_TEST

START_TEST(test_unix_permission_directory)
{
	char path[128], blame[160];
	struct hs_error err;
	int s;

	make_dir();
	s = unix_socket(path, sizeof(path), "user.sock", true);
	chmod(path, 0666); /* the socket itself would let anyone in */
	chmod(dir, getuid() == 0 ? 0700 : 0600);
	ck_assert_int_eq(open_unprivileged(path, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_ACCESS);
	snprintf(blame, sizeof(blame), "may not enter the directory %s (no search permission", dir);
	assert_msg_has(&err, blame);
	ck_assert_ptr_null(strstr(err.msg, "'stats socket /"));
	close(s);
	rm_dir();
}
END_TEST

/* ------------------------------------------------------------------ */
/* TCP                                                                 */

/* Fills <ss> with address <family> loopback and <port>. */
static socklen_t
loopback(struct sockaddr_storage *ss, int family, unsigned port)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin->sin_port = htons((uint16_t)port);
		return sizeof(*sin);
	}
	((struct sockaddr_in6 *)ss)->sin6_family = AF_INET6;
	((struct sockaddr_in6 *)ss)->sin6_addr = in6addr_loopback;
	((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
	return sizeof(struct sockaddr_in6);
}

/* A TCP socket bound to loopback of <family> at <*port> (0: any, stored
 * back), listening with <backlog> unless it is negative. Returns it, or -1
 * when the family has no loopback here.
 */
static int
tcp_socket(int family, unsigned *port, int backlog)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(&ss, family, *port);
	int fd = socket(family, SOCK_STREAM, 0), one = 1;

	ck_assert_int_ge(fd, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) != 0) {
		close(fd);
		return -1;
	}
	if (backlog >= 0)
		ck_assert_int_eq(listen(fd, backlog), 0);
	len = sizeof(ss);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
	*port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
					: ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

/* A black hole on [::1]:<*port>: a listener with a backlog of 0 that
 * never accepts, its queue filled by <clients> (two), so that further
 * SYNs are dropped. Returns the listener or -1 without IPv6 loopback.
 */
static int
black_hole(unsigned *port, int clients[2])
{
	struct sockaddr_storage ss;
	int fd = tcp_socket(AF_INET6, port, 0), i;
	socklen_t len;

	if (fd == -1)
		return -1;
	len = loopback(&ss, AF_INET6, *port);
	for (i = 0; i < 2; i++) {
		struct pollfd pfd;

		clients[i] = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
		ck_assert_int_ge(clients[i], 0);
		connect(clients[i], (struct sockaddr *)&ss, len);
		pfd.fd = clients[i];
		pfd.events = POLLOUT;
		poll(&pfd, 1, i == 0 ? 1000 : 100); /* the first one completes */
	}
	return fd;
}

/* A two-entry getaddrinfo-style list: <a> then <b>. */
struct addrs {
	struct addrinfo ai[2];
	struct sockaddr_storage ss[2];
};

static struct addrinfo *
addr_list(struct addrs *l, int fam_a, unsigned port_a, int fam_b, unsigned port_b)
{
	int i;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < 2; i++) {
		int fam = i == 0 ? fam_a : fam_b;

		l->ai[i].ai_family = fam;
		l->ai[i].ai_socktype = SOCK_STREAM;
		l->ai[i].ai_addrlen = loopback(&l->ss[i], fam, i == 0 ? port_a : port_b);
		l->ai[i].ai_addr = (struct sockaddr *)&l->ss[i];
	}
	l->ai[0].ai_next = &l->ai[1];
	return &l->ai[0];
}

static const struct hs_endpoint tcp_ep = {.kind = HS_EP_TCP, .host = "localhost", .port = "1"};

START_TEST(test_tcp_refused)
{
	struct hs_endpoint ep = {.kind = HS_EP_TCP, .host = "127.0.0.1"};
	struct hs_error err = {0};
	unsigned port = 0;
	char p[16];
	int s = tcp_socket(AF_INET, &port, -1); /* bound, not listening: refuses */

	snprintf(p, sizeof(p), "%u", port);
	ep.port = p;
	ck_assert_int_eq(hs_transport_open(&ep, COMMAND, hs_deadline_in(2), &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_REFUSED);
	assert_msg_has(&err, "connection refused by 127.0.0.1:");
	assert_msg_has(&err, "'stats socket ipv4@...'");
	ck_assert_ptr_null(strstr(err.msg, "socket file"));
	close(s);
}
END_TEST

/* The first address drops SYNs, the second listens: the second must get
 * its share of the deadline, not what the first one left over.
 */
START_TEST(test_tcp_black_hole_then_listener)
{
	struct hs_error err = {0};
	struct addrs l;
	unsigned port = 0;
	int clients[2], hole, real, fd, took;
	int64_t start;

	hole = black_hole(&port, clients);
	if (hole == -1)
		return; /* no IPv6 loopback here */
	real = tcp_socket(AF_INET, &port, 8);
	ck_assert_int_ge(real, 0);
	start = hs_now_ms();
	fd = hs_transport_connect_list(addr_list(&l, AF_INET6, port, AF_INET, port), &tcp_ep,
				       "localhost:1", start + 3000, &err);
	took = (int)(hs_now_ms() - start);
	ck_assert_msg(fd >= 0, "%s", err.msg);
	/* half of the 3 s on [::1], then 127.0.0.1 at once */
	ck_assert_int_ge(took, 1400);
	ck_assert_int_lt(took, 2500);
	close(fd);
	/* the next connection of the same check goes straight to 127.0.0.1 */
	start = hs_now_ms();
	fd = hs_transport_connect_list(addr_list(&l, AF_INET6, port, AF_INET, port), &tcp_ep,
				       "localhost:1", start + 3000, &err);
	took = (int)(hs_now_ms() - start);
	ck_assert_msg(fd >= 0, "%s", err.msg);
	ck_assert_int_lt(took, 500);
	close(fd);
	close(real);
	close(hole);
	close(clients[0]);
	close(clients[1]);
}
END_TEST

/* Every address fails: one deadline, the most telling error, each address
 * named.
 */
START_TEST(test_tcp_all_fail)
{
	struct hs_error err = {0};
	struct addrs l;
	unsigned port = 0, port6;
	int clients[2], hole, s4, s6, took;
	int64_t start;
	char want[64];

	/* both refuse */
	s4 = tcp_socket(AF_INET, &port, -1);
	port6 = port;
	s6 = tcp_socket(AF_INET6, &port6, -1);
	if (s6 == -1)
		port6 = port; /* no IPv6 loopback: connect fails another way */
	ck_assert_int_eq(hs_transport_connect_list(addr_list(&l, AF_INET, port, AF_INET6, port6),
						   &tcp_ep, "localhost:1", hs_deadline_in(2), &err),
			 -1);
	ck_assert_int_eq(err.code, HS_ERR_REFUSED);
	assert_msg_has(&err, "connection refused by localhost:1");
	snprintf(want, sizeof(want), "(tried 127.0.0.1:%u Connection refused; [::1]:", port);
	assert_msg_has(&err, want);
	close(s4);
	if (s6 != -1)
		close(s6);

	/* black hole and refusal: the timeout tells more, within the deadline */
	port = 0;
	hole = black_hole(&port, clients);
	if (hole == -1)
		return;
	s4 = tcp_socket(AF_INET, &port, -1);
	ck_assert_int_ge(s4, 0);
	start = hs_now_ms();
	ck_assert_int_eq(hs_transport_connect_list(addr_list(&l, AF_INET6, port, AF_INET, port),
						   &tcp_ep, "localhost:1", start + 1000, &err),
			 -1);
	took = (int)(hs_now_ms() - start);
	ck_assert_int_eq(err.code, HS_ERR_TIMEOUT);
	assert_msg_has(&err, "timed out connecting to localhost:1");
	snprintf(want, sizeof(want), "[::1]:%u timed out; 127.0.0.1:%u Connection refused", port,
		 port);
	assert_msg_has(&err, want);
	ck_assert_int_lt(took, 1300);
	close(s4);
	close(hole);
	close(clients[0]);
	close(clients[1]);
}
END_TEST

/* One address that drops SYNs: the whole deadline, not a moment more. */
START_TEST(test_tcp_deadline_honoured)
{
	struct hs_error err = {0};
	struct addrs l;
	unsigned port = 0;
	int clients[2], hole, took;
	int64_t start;

	hole = black_hole(&port, clients);
	if (hole == -1)
		return;
	addr_list(&l, AF_INET6, port, AF_INET6, port);
	l.ai[0].ai_next = NULL;
	start = hs_now_ms();
	ck_assert_int_eq(hs_transport_connect_list(&l.ai[0], &tcp_ep, "[::1]:1", start + 800, &err),
			 -1);
	took = (int)(hs_now_ms() - start);
	ck_assert_int_eq(err.code, HS_ERR_TIMEOUT);
	ck_assert_ptr_null(strstr(err.msg, "(tried"));
	ck_assert_int_ge(took, 780);
	ck_assert_int_lt(took, 1300);
	close(hole);
	close(clients[0]);
	close(clients[1]);
}
END_TEST

Suite *
make_transport_suite(void)
{
	Suite *s = suite_create("transport");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_unix_stale_socket_refused);
	tcase_add_test(tc, test_unix_missing_not_socket);
	tcase_add_test(tc, test_unix_silent_peer_times_out_saying_why);
	tcase_add_test(tc, test_unix_peer_closing_is_not_a_timeout);
	tcase_add_test(tc, test_unix_permission_socket_mode);
	tcase_add_test(tc, test_unix_permission_directory);
	tcase_add_test(tc, test_tcp_refused);
	tcase_add_test(tc, test_tcp_black_hole_then_listener);
	tcase_add_test(tc, test_tcp_all_fail);
	tcase_add_test(tc, test_tcp_deadline_honoured);
	suite_add_tcase(s, tc);
	return s;
}
