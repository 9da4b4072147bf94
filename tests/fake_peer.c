/* fake_peer.c: a scripted, hostile "stats socket" for the test suite.
 *
 *   fake_peer (--unix PATH | --tcp ADDRESS:PORT) --mode MODE [--dump FILE]
 *
 * Listens on a unix socket (mode 0600) or on TCP (ADDRESS may be an IPv6
 * literal in brackets, e.g. [::1]:9999), and answers every connection, in
 * a child process of its own, the way MODE says. Runs until killed; tests
 * start it with ht_spawn and stop it by pid. FILE is a real "show stat"
 * answer (header, rows, empty line) that some modes build on.
 *
 * Modes (all but "close" and "junkclose" first read the command line, up
 * to its LF):
 *   dump        FILE as is (a control: the plugin must say OK or similar)
 *   silent      never answers; keeps the connection until the client goes
 *   slow        FILE, one byte every 100 ms, over and over
 *   stream      FILE's header, then its rows over and over, as fast as the
 *               client reads, never ending
 *   garbage     4 KiB of binary bytes, then closes
 *   nul         FILE with a NUL byte in its first row
 *   longline    a 1 MiB line, then the empty line
 *   header      FILE's header and the empty line: no rows
 *   fewer       FILE with its first row missing its last three fields
 *   more        FILE with three extra fields on its first row
 *   dupheader   FILE with its header line twice
 *   noterm      FILE without the terminating empty line, then closes
 *   close       closes right after accept, before reading anything
 *   junkclose   writes "Unknown command." and an empty line right after
 *               accept, before reading anything, and closes (something
 *               that is not HAProxy, quicker than the client's command)
 *   junk        writes "Unknown command." and an empty line, then closes
 *   closeonce   the first connection as "close", every later one as
 *               "junk" (a HAProxy reloading, then something else: the
 *               connections are served in turn, so no timing decides)
 *   noaccept    never accepts (unix: a backlog of one, so the second
 *               client's connect() finds it full and waits)
 * Writes never raise SIGPIPE here: a client that leaves ends the child.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static char *dump;      /* FILE's bytes */
static size_t dump_len; /* its length */
static size_t hdr_len;  /* length of its header line, LF included */
static size_t row1_len; /* length of its first row, LF included */

static void __attribute__((noreturn, format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fake_peer: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* Sends all <len> bytes of <p>; ends the child when the client is gone. */
static void
send_all(int fd, const void *p, size_t len)
{
	const char *c = p;

	while (len > 0) {
		ssize_t n = send(fd, c, len, MSG_NOSIGNAL);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(0);
		c += n;
		len -= (size_t)n;
	}
}

static void
send_str(int fd, const char *s)
{
	send_all(fd, s, strlen(s));
}

/* Reads the command line (up to LF, at most 4 KiB) and logs it. */
static void
read_command(int fd)
{
	char line[4096];
	size_t len = 0;

	while (len < sizeof(line) - 1) {
		ssize_t n = read(fd, line + len, 1);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len++;
		if (line[len - 1] == '\n')
			break;
	}
	line[len] = '\0';
	fprintf(stderr, "fake_peer: command %zu bytes: %s", len, line);
	if (len == 0 || line[len - 1] != '\n')
		fputc('\n', stderr);
}

/* Waits until the client closes its side (or resets), reading and
 * discarding whatever it sends.
 */
static void
wait_for_close(int fd)
{
	char b[512];

	for (;;) {
		ssize_t n = read(fd, b, sizeof(b));

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
	}
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Serves one connection <fd> in mode <mode>. */
static void
serve(int fd, const char *mode)
{
	size_t i;

	if (strcmp(mode, "close") == 0) {
		/* TCP: reset rather than FIN, like a crashing peer */
		struct linger lg = {.l_onoff = 1, .l_linger = 0};

		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		return;
	}
	if (strcmp(mode, "junkclose") == 0) {
		static const char junk[] = "Unknown command.\n\n";

		send_all(fd, junk, sizeof(junk) - 1);
		return;
	}
	read_command(fd);
	if (strcmp(mode, "junk") == 0) {
		static const char junk[] = "Unknown command.\n\n";

		send_all(fd, junk, sizeof(junk) - 1);
	} else if (strcmp(mode, "dump") == 0) {
		send_all(fd, dump, dump_len);
	} else if (strcmp(mode, "silent") == 0) {
		wait_for_close(fd);
	} else if (strcmp(mode, "slow") == 0) {
		for (i = 0;; i = (i + 1) % dump_len) {
			send_all(fd, dump + i, 1);
			sleep_ms(100);
		}
	} else if (strcmp(mode, "stream") == 0) {
		send_all(fd, dump, hdr_len);
		for (;;) /* rows only: never the empty line */
			send_all(fd, dump + hdr_len, dump_len - hdr_len - 1);
	} else if (strcmp(mode, "garbage") == 0) {
		unsigned char b[4096];
		unsigned x = 2463534242u;

		for (i = 0; i < sizeof(b); i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			b[i] = (unsigned char)x;
		}
		b[0] = 0x00; /* never starts like a header */
		send_all(fd, b, sizeof(b));
	} else if (strcmp(mode, "nul") == 0) {
		send_all(fd, dump, hdr_len + 10);
		send_all(fd, "", 1);
		send_all(fd, dump + hdr_len + 10, dump_len - hdr_len - 10);
	} else if (strcmp(mode, "longline") == 0) {
		char chunk[8192];

		memset(chunk, 'a', sizeof(chunk));
		for (i = 0; i < 128; i++)
			send_all(fd, chunk, sizeof(chunk));
		send_str(fd, "\n\n");
	} else if (strcmp(mode, "header") == 0) {
		send_all(fd, dump, hdr_len);
		send_str(fd, "\n");
	} else if (strcmp(mode, "fewer") == 0 || strcmp(mode, "more") == 0) {
		const char *row = dump + hdr_len;
		size_t keep = row1_len - 1, cut = 0;

		if (strcmp(mode, "fewer") == 0) {
			while (cut < 3 && keep > 0) {
				keep--;
				if (row[keep] == ',')
					cut++;
			}
		}
		send_all(fd, dump, hdr_len);
		send_all(fd, row, keep);
		if (strcmp(mode, "more") == 0)
			send_str(fd, ",x,y,z");
		send_all(fd, row + row1_len - 1, dump_len - hdr_len - row1_len + 1);
	} else if (strcmp(mode, "dupheader") == 0) {
		send_all(fd, dump, hdr_len);
		send_all(fd, dump, dump_len);
	} else if (strcmp(mode, "noterm") == 0) {
		send_all(fd, dump, dump_len - 1);
	} else {
		fail("unknown mode %s", mode);
	}
}

/* Loads FILE into <dump> and finds its header and first row. */
static void
load_dump(const char *path)
{
	FILE *f = fopen(path, "rb");
	const char *lf;
	long size;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0)
		fail("cannot read %s", path);
	rewind(f);
	dump = malloc((size_t)size);
	if (dump == NULL || fread(dump, 1, (size_t)size, f) != (size_t)size)
		fail("cannot read %s", path);
	fclose(f);
	dump_len = (size_t)size;
	lf = memchr(dump, '\n', dump_len);
	if (lf == NULL || dump_len < 2 || dump[dump_len - 1] != '\n' || dump[dump_len - 2] != '\n')
		fail("%s is not a complete show stat answer", path);
	hdr_len = (size_t)(lf - dump) + 1;
	lf = memchr(dump + hdr_len, '\n', dump_len - hdr_len);
	if (lf == NULL || lf == dump + hdr_len)
		fail("%s has no rows", path);
	row1_len = (size_t)(lf - (dump + hdr_len)) + 1;
}

/* Creates the listening socket for --unix PATH or --tcp ADDRESS:PORT, with
 * the smallest backlog for <mode> "noaccept".
 */
static int
listen_on(const char *unix_path, const char *tcp, const char *mode)
{
	int fd, one = 1;

	if (unix_path != NULL) {
		struct sockaddr_un sun = {.sun_family = AF_UNIX};

		if (strlen(unix_path) >= sizeof(sun.sun_path))
			fail("path too long");
		strcpy(sun.sun_path, unix_path);
		unlink(unix_path);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd == -1 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
			fail("bind %s: %s", unix_path, strerror(errno));
		chmod(unix_path, 0600);
	} else {
		struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST},
				*res;
		char host[256];
		const char *colon = strrchr(tcp, ':');
		size_t hlen;

		if (colon == NULL)
			fail("--tcp needs ADDRESS:PORT");
		hlen = (size_t)(colon - tcp);
		if (hlen >= 2 && tcp[0] == '[' && tcp[hlen - 1] == ']')
			snprintf(host, sizeof(host), "%.*s", (int)hlen - 2, tcp + 1);
		else
			snprintf(host, sizeof(host), "%.*s", (int)hlen, tcp);
		if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
			fail("bad address %s", tcp);
		fd = socket(res->ai_family, SOCK_STREAM, 0);
		if (fd == -1)
			fail("socket: %s", strerror(errno));
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, res->ai_addr, res->ai_addrlen) == -1)
			fail("bind %s: %s", tcp, strerror(errno));
		freeaddrinfo(res);
	}
	if (listen(fd, strcmp(mode, "noaccept") == 0 ? 0 : 64) == -1)
		fail("listen: %s", strerror(errno));
	return fd;
}

int
main(int argc, char **argv)
{
	const char *unix_path = NULL, *tcp = NULL, *mode = NULL, *file = NULL;
	int lfd, i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--unix") == 0)
			unix_path = argv[i + 1];
		else if (strcmp(argv[i], "--tcp") == 0)
			tcp = argv[i + 1];
		else if (strcmp(argv[i], "--mode") == 0)
			mode = argv[i + 1];
		else if (strcmp(argv[i], "--dump") == 0)
			file = argv[i + 1];
		else
			fail("unknown option %s", argv[i]);
	}
	if (i != argc || mode == NULL || (unix_path == NULL) == (tcp == NULL))
		fail("usage: fake_peer (--unix PATH | --tcp ADDRESS:PORT) --mode MODE "
		     "[--dump FILE]");
	if (file != NULL)
		load_dump(file);
	else if (strcmp(mode, "silent") != 0 && strcmp(mode, "close") != 0 &&
		 strcmp(mode, "junkclose") != 0 && strcmp(mode, "garbage") != 0 &&
		 strcmp(mode, "junk") != 0 && strcmp(mode, "closeonce") != 0 &&
		 strcmp(mode, "longline") != 0 && strcmp(mode, "noaccept") != 0)
		fail("mode %s needs --dump FILE", mode);
	signal(SIGCHLD, SIG_IGN); /* children are reaped by the kernel */
	signal(SIGPIPE, SIG_IGN);
	lfd = listen_on(unix_path, tcp, mode);
	if (strcmp(mode, "noaccept") == 0) {
		for (;;)
			pause();
	}
	for (unsigned long accepted = 0;; accepted++) {
		int fd = accept(lfd, NULL, NULL);
		const char *how = mode;
		pid_t pid;

		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			fail("accept: %s", strerror(errno));
		}
		if (strcmp(mode, "closeonce") == 0)
			how = accepted == 0 ? "close" : "junk";
		pid = fork();
		if (pid == 0) {
			close(lfd);
			serve(fd, how);
			close(fd);
			_exit(0);
		}
		close(fd);
	}
}
