/* test_exchange.c: one command per connection, under one deadline
 * (hs_exchange.h).
 */
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hs_exchange.h"
#include "hs_time.h"
#include "suites.h"

/* A fresh directory for this test's files, removed by rm_dir. */
static char dir[64];

static void
make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/hs-exchange-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
rm_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* A listening unix socket at <dir>/<name>, its path into <path>. */
static int
listening_socket(char *path, size_t size, const char *name)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(path, size, "%s/%s", dir, name);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(fd, 8), 0);
	return fd;
}

/* The peer, in a child: for each of <nconn> connections, one after the
 * other, reads one command line and answers "conn K: <command>" and the
 * empty line, then waits for the client to close. It exits 2 when the
 * client keeps the connection open, 3 when a second command arrives on
 * it. With <hold_last>, the last connection gets no answer at all.
 */
static pid_t
serve(int s, int nconn, bool hold_last)
{
	pid_t pid = fork();
	int k;

	ck_assert_int_ge(pid, 0);
	if (pid != 0)
		return pid;
	for (k = 1; k <= nconn; k++) {
		char line[2048], reply[2200], extra[64];
		size_t len = 0;
		struct pollfd pfd;
		int a = accept(s, NULL, NULL), n;
		char *nl = NULL;

		if (a < 0)
			_exit(1);
		while (nl == NULL) {
			ssize_t r = read(a, line + len, sizeof(line) - 1 - len);

			if (r <= 0)
				_exit(1);
			len += (size_t)r;
			line[len] = '\0';
			nl = strchr(line, '\n');
		}
		if (nl[1] != '\0')
			_exit(3); /* more than one line */
		*nl = '\0';
		if (hold_last && k == nconn) {
			sleep(5);
			_exit(0);
		}
		n = snprintf(reply, sizeof(reply), "conn %d: %s\n\n", k, line);
		if (write(a, reply, (size_t)n) != n)
			_exit(1);
		pfd = (struct pollfd){.fd = a, .events = POLLIN};
		if (poll(&pfd, 1, 3000) != 1)
			_exit(2);
		if (read(a, extra, sizeof(extra)) != 0)
			_exit(3);
		close(a);
	}
	_exit(0);
}

static int
child_status(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Reads records from <r> up to the empty line, joined by '|' into <buf>. */
static const char *
read_answer(struct hs_reader *r, char *buf, size_t size)
{
	struct hs_error err = {0};
	char *rec;
	size_t len;
	int rc;

	buf[0] = '\0';
	while ((rc = hs_reader_next(r, &rec, &len, &err)) == 1 && len > 0) {
		if (buf[0] != '\0')
			strncat(buf, "|", size - strlen(buf) - 1);
		strncat(buf, rec, size - strlen(buf) - 1);
	}
	ck_assert_msg(rc == 1, "answer ended (%d): %s", rc, err.msg);
	return buf;
}

/* Each command on its own connection, opened when wanted, the previous
 * one closed first; what they read is summed when they close.
 */
START_TEST(test_exchange_one_command_per_connection)
{
	static const struct hs_command cmds[] = {
		{.kind = HS_CMD_INFO, .proxy = NULL, .mask = 0},
		{.kind = HS_CMD_STAT, .proxy = "app", .mask = 6},
		{.kind = HS_CMD_TABLE, .proxy = NULL, .mask = 0},
	};
	static const char *const want[] = {"conn 1: show info", "conn 2: show stat app 6 -1",
					   "conn 3: show table"};
	char path[128], buf[256];
	struct hs_endpoint ep = {.kind = HS_EP_UNIX};
	struct hs_exchange x;
	struct hs_reader *r;
	struct hs_error err = {0};
	uint64_t total = 0;
	size_t i;
	pid_t pid;
	int s;

	make_dir();
	s = listening_socket(path, sizeof(path), "stats.sock");
	ep.path = path;
	pid = serve(s, 3, false);
	hs_exchange_init(&x, &ep, path, hs_now_ms() + 5000);
	ck_assert(!x.open);
	ck_assert_int_eq(x.fd, -1);
	for (i = 0; i < 3; i++) {
		ck_assert_msg(hs_exchange_next(&x, &cmds[i], &r, &err) == 0, "%s", err.msg);
		ck_assert(x.open);
		ck_assert_uint_eq(x.sent, i + 1);
		ck_assert_ptr_eq(r, &x.reader);
		ck_assert_str_eq(read_answer(r, buf, sizeof(buf)), want[i]);
		total += strlen(want[i]) + 2;
		/* closed connections only */
		ck_assert_uint_eq(x.records, 2 * i);
	}
	hs_exchange_close(&x);
	ck_assert(!x.open);
	ck_assert_int_eq(x.fd, -1);
	ck_assert_uint_eq(x.total, total);
	ck_assert_uint_eq(x.records, 6);
	hs_exchange_close(&x); /* nothing open: nothing added */
	ck_assert_uint_eq(x.total, total);
	ck_assert_uint_eq(x.records, 6);
	ck_assert_int_eq(child_status(pid), 0);
	close(s);
	rm_dir();
}
END_TEST

/* The longest command that fits HS_PLAN_LINE_MAX with its '\n' goes
 * whole; one byte more is refused before anything is opened.
 */
START_TEST(test_exchange_command_length)
{
	/* "show stat " + name + " 6 -1" is 1022 bytes, +'\n' +NUL = 1024 */
	enum { NAME = HS_PLAN_LINE_MAX - 2 - 15 };
	char path[128], name[NAME + 2], *buf = malloc(2048), want[1100];
	struct hs_endpoint ep = {.kind = HS_EP_UNIX};
	struct hs_command cmd = {.kind = HS_CMD_STAT, .proxy = name, .mask = 6};
	struct hs_exchange x;
	struct hs_reader *r;
	struct hs_error err = {0};
	pid_t pid;
	int s;

	ck_assert_ptr_nonnull(buf);
	memset(name, 'n', NAME);
	name[NAME] = '\0';
	make_dir();
	s = listening_socket(path, sizeof(path), "stats.sock");
	ep.path = path;
	pid = serve(s, 1, false);
	hs_exchange_init(&x, &ep, path, hs_now_ms() + 5000);
	ck_assert_msg(hs_exchange_next(&x, &cmd, &r, &err) == 0, "%s", err.msg);
	snprintf(want, sizeof(want), "conn 1: show stat %s 6 -1", name);
	ck_assert_uint_eq(strlen(want) - 8, HS_PLAN_LINE_MAX - 2);
	ck_assert_str_eq(read_answer(r, buf, 2048), want);
	hs_exchange_close(&x);
	ck_assert_int_eq(child_status(pid), 0);
	close(s);

	/* one byte more, to a socket that is not there: LIMIT, not NOENT */
	name[NAME] = 'n';
	name[NAME + 1] = '\0';
	snprintf(path, sizeof(path), "%s/missing.sock", dir);
	hs_exchange_init(&x, &ep, path, hs_now_ms() + 5000);
	ck_assert_int_eq(hs_exchange_next(&x, &cmd, &r, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_LIMIT);
	ck_assert_ptr_nonnull(strstr(err.msg, "command too long"));
	ck_assert(!x.open);
	ck_assert_uint_eq(x.sent, 0);
	free(buf);
	rm_dir();
}
END_TEST

/* A socket that is not there: the transport's error, nothing open. */
START_TEST(test_exchange_missing_socket)
{
	static const struct hs_command cmd = {.kind = HS_CMD_INFO, .proxy = NULL, .mask = 0};
	struct hs_endpoint ep = {.kind = HS_EP_UNIX, .path = "/nonexistent/haproxy.sock"};
	struct hs_exchange x;
	struct hs_reader *r = NULL;
	struct hs_error err = {0};

	hs_exchange_init(&x, &ep, ep.path, hs_now_ms() + 2000);
	ck_assert_int_eq(hs_exchange_next(&x, &cmd, &r, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOENT);
	ck_assert(!x.open);
	ck_assert_int_eq(x.fd, -1);
	ck_assert_uint_eq(x.sent, 0);
	hs_exchange_close(&x);
	ck_assert_uint_eq(x.total, 0);
}
END_TEST

/* A peer that accepts and never answers: TIMEOUT at the deadline; the
 * next command finds the deadline passed at once.
 */
START_TEST(test_exchange_deadline)
{
	static const struct hs_command cmd = {.kind = HS_CMD_INFO, .proxy = NULL, .mask = 0};
	char path[128];
	struct hs_endpoint ep = {.kind = HS_EP_UNIX};
	struct hs_exchange x;
	struct hs_reader *r;
	struct hs_error err = {0};
	int64_t start = hs_now_ms(), took;
	int s;

	make_dir();
	s = listening_socket(path, sizeof(path), "silent.sock"); /* never accepts */
	ep.path = path;
	hs_exchange_init(&x, &ep, path, start + 500);
	ck_assert_int_eq(hs_exchange_next(&x, &cmd, &r, &err), -1);
	took = hs_now_ms() - start;
	ck_assert_int_eq(err.code, HS_ERR_TIMEOUT);
	ck_assert_int_ge(took, 500);
	ck_assert_int_lt(took, 1500);
	ck_assert(!x.open);
	ck_assert_int_eq(x.fd, -1);
	ck_assert_uint_eq(x.sent, 0);
	start = hs_now_ms();
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(hs_exchange_next(&x, &cmd, &r, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_TIMEOUT);
	ck_assert_int_lt(hs_now_ms() - start, 300);
	close(s);
	rm_dir();
}
END_TEST

/* One deadline for every command: the second command gets what the
 * first left, not a deadline of its own.
 */
START_TEST(test_exchange_one_deadline_for_all)
{
	static const struct hs_command cmds[] = {
		{.kind = HS_CMD_INFO, .proxy = NULL, .mask = 0},
		{.kind = HS_CMD_BACKEND_LIST, .proxy = NULL, .mask = 0}};
	char path[128], buf[256];
	struct hs_endpoint ep = {.kind = HS_EP_UNIX};
	struct hs_exchange x;
	struct hs_reader *r;
	struct hs_error err = {0};
	int64_t start = hs_now_ms(), second;
	pid_t pid;
	int s;

	make_dir();
	s = listening_socket(path, sizeof(path), "stats.sock");
	ep.path = path;
	pid = serve(s, 2, true);
	hs_exchange_init(&x, &ep, path, start + 1000);
	ck_assert_msg(hs_exchange_next(&x, &cmds[0], &r, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(read_answer(r, buf, sizeof(buf)), "conn 1: show info");
	hs_sleep_ms(400);
	second = hs_now_ms();
	ck_assert_int_eq(hs_exchange_next(&x, &cmds[1], &r, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_TIMEOUT);
	ck_assert_int_ge(hs_now_ms() - start, 1000);
	ck_assert_int_lt(hs_now_ms() - start, 1800);
	ck_assert_int_lt(hs_now_ms() - second, 800); /* not a second of its own */
	ck_assert_uint_eq(x.sent, 1);
	ck_assert(!x.open);
	/* what the first connection read was counted when it closed */
	ck_assert_uint_eq(x.total, strlen("conn 1: show info") + 2);
	ck_assert_uint_eq(x.records, 2);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(s);
	rm_dir();
}
END_TEST

/* A saved dump holds every answer in the order of the plan: opened once,
 * read on by each command.
 */
START_TEST(test_exchange_saved_file)
{
	static const char dump[] = "Name: HAProxy\nPid: 1\n\n# pxname,svname\napp,FRONTEND\n\n";
	static const struct hs_command cmds[] = {
		{.kind = HS_CMD_INFO, .proxy = NULL, .mask = 0},
		{.kind = HS_CMD_STAT, .proxy = NULL, .mask = HS_MASK_ALL},
		{.kind = HS_CMD_TABLE, .proxy = NULL, .mask = 0}};
	char path[128], buf[256];
	struct hs_endpoint ep = {.kind = HS_EP_FILE};
	struct hs_exchange x;
	struct hs_reader *r, *first;
	struct hs_error err = {0};
	char *rec;
	size_t len;
	FILE *f;

	make_dir();
	snprintf(path, sizeof(path), "%s/dump.txt", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(dump, 1, sizeof(dump) - 1, f), sizeof(dump) - 1);
	fclose(f);
	ep.path = path;
	hs_exchange_init(&x, &ep, "file dump.txt", hs_now_ms() + 5000);
	ck_assert_msg(hs_exchange_next(&x, &cmds[0], &first, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(read_answer(first, buf, sizeof(buf)), "Name: HAProxy|Pid: 1");
	ck_assert_msg(hs_exchange_next(&x, &cmds[1], &r, &err) == 0, "%s", err.msg);
	ck_assert_ptr_eq(r, first);
	ck_assert_str_eq(read_answer(r, buf, sizeof(buf)), "# pxname,svname|app,FRONTEND");
	ck_assert_uint_eq(x.sent, 1);
	/* a third command reads on: the end of the file */
	ck_assert_msg(hs_exchange_next(&x, &cmds[2], &r, &err) == 0, "%s", err.msg);
	ck_assert_ptr_eq(r, first);
	ck_assert_int_eq(hs_reader_next(r, &rec, &len, &err), 0);
	ck_assert_uint_eq(x.sent, 1);
	hs_exchange_close(&x);
	ck_assert(!x.open);
	ck_assert_uint_eq(x.total, sizeof(dump) - 1);
	ck_assert_uint_eq(x.records, 6);
	rm_dir();
}
END_TEST

/* A missing saved dump: NOENT, nothing open. */
START_TEST(test_exchange_saved_file_missing)
{
	static const struct hs_command cmd = {
		.kind = HS_CMD_STAT, .proxy = NULL, .mask = HS_MASK_ALL};
	struct hs_endpoint ep = {.kind = HS_EP_FILE, .path = "/nonexistent/dump.txt"};
	struct hs_exchange x;
	struct hs_reader *r;
	struct hs_error err = {0};

	hs_exchange_init(&x, &ep, "file dump.txt", hs_now_ms() + 2000);
	ck_assert_int_eq(hs_exchange_next(&x, &cmd, &r, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOENT);
	ck_assert(!x.open);
	ck_assert_uint_eq(x.sent, 0);
}
END_TEST

/* A dump on stdin ("-") is read like a file, and stdin is left open. */
START_TEST(test_exchange_saved_stdin)
{
	static const char dump[] = "Name: HAProxy\n\n";
	static const struct hs_command cmd = {.kind = HS_CMD_INFO, .proxy = NULL, .mask = 0};
	struct hs_endpoint ep = {.kind = HS_EP_FILE, .path = "-"};
	struct hs_exchange x;
	struct hs_reader *r;
	struct hs_error err = {0};
	char buf[64];
	int p[2], saved = dup(STDIN_FILENO);

	ck_assert_int_ge(saved, 0);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], dump, sizeof(dump) - 1), (ssize_t)(sizeof(dump) - 1));
	close(p[1]);
	ck_assert_int_eq(dup2(p[0], STDIN_FILENO), STDIN_FILENO);
	close(p[0]);
	hs_exchange_init(&x, &ep, "stdin", hs_now_ms() + 2000);
	ck_assert_msg(hs_exchange_next(&x, &cmd, &r, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(read_answer(r, buf, sizeof(buf)), "Name: HAProxy");
	hs_exchange_close(&x);
	ck_assert_uint_eq(x.total, sizeof(dump) - 1);
	ck_assert_int_ne(fcntl(STDIN_FILENO, F_GETFD), -1);
	dup2(saved, STDIN_FILENO);
	close(saved);
}
END_TEST

Suite *
make_exchange_suite(void)
{
	Suite *s = suite_create("exchange");
	TCase *tc;

	tc = tcase_create("Socket");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_exchange_one_command_per_connection);
	tcase_add_test(tc, test_exchange_command_length);
	tcase_add_test(tc, test_exchange_missing_socket);
	tcase_add_test(tc, test_exchange_deadline);
	tcase_add_test(tc, test_exchange_one_deadline_for_all);
	suite_add_tcase(s, tc);

	tc = tcase_create("Saved");
	tcase_add_test(tc, test_exchange_saved_file);
	tcase_add_test(tc, test_exchange_saved_file_missing);
	tcase_add_test(tc, test_exchange_saved_stdin);
	suite_add_tcase(s, tc);
	return s;
}
