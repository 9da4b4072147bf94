/* hs_transport.c: reaching HAProxy's stats CLI. */
#include <hs-config.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "hs_time.h"
#include "hs_http.h"
#include "hs_resolve.h"
#include "hs_transport.h"

/* Least time a connect attempt to one of several addresses gets. */
#define HS_CONNECT_MIN_MS 500
/* Most addresses of one host name tried. */
#define HS_CONNECT_MAX_ADDRS 16

const char *const hs_default_sockets[] = {"/run/haproxy/admin.sock", "/var/lib/haproxy/stats",
					  NULL};

const char *
hs_first_existing(const char *const *paths)
{
	struct stat sb;
	int i;

	for (i = 0; paths[i] != NULL; i++) {
		if (stat(paths[i], &sb) == 0)
			return paths[i];
	}
	return NULL;
}

const char *
hs_default_socket(void)
{
	return hs_first_existing(hs_default_sockets);
}

void
hs_endpoint_describe(const struct hs_endpoint *ep, char *dst, size_t size)
{
	switch (ep->kind) {
	case HS_EP_UNIX:
		snprintf(dst, size, "%s", ep->path);
		break;
	case HS_EP_MASTER:
		snprintf(dst, size, "%s (master CLI, current worker)", ep->path);
		break;
	case HS_EP_TCP:
		if (strchr(ep->host, ':') != NULL && ep->host[0] != '[')
			snprintf(dst, size, "[%s]:%s", ep->host, ep->port);
		else
			snprintf(dst, size, "%s:%s", ep->host, ep->port);
		break;
	case HS_EP_FILE:
		snprintf(dst, size, "%s", strcmp(ep->path, "-") == 0 ? "standard input" : ep->path);
		break;
	case HS_EP_HTTP:
		snprintf(dst, size, "%s", hs_http_describe(ep->http));
		break;
	}
}

/* Waits until the non-blocking <fd> is connected. Returns 0 or -1 with
 * errno set (ETIMEDOUT when the deadline passes).
 */
static int
wait_connected(int fd, int64_t deadline)
{
	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = POLLOUT};
		int left = hs_ms_left(deadline);
		int rc, soerr = 0;
		socklen_t len = sizeof(soerr);

		if (left == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		rc = poll(&pfd, 1, left);
		if (rc == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (rc == 0)
			continue;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
			return -1;
		if (soerr != 0) {
			errno = soerr;
			return -1;
		}
		return 0;
	}
}

/* Connects a new non-blocking socket to <addr>. Returns the fd or -1 with
 * errno set.
 */
static int
connect_with_deadline(int family, const struct sockaddr *addr, socklen_t addrlen, int64_t deadline)
{
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int saved;

	if (fd == -1)
		return -1;
	if (connect(fd, addr, addrlen) == 0)
		return fd;
	/* unix sockets return EAGAIN when the backlog is full: HAProxy's
	 * stats maxconn is exhausted; retry until the deadline */
	while (errno == EAGAIN && hs_ms_left(deadline) > 0) {
		struct pollfd none = {.fd = -1};

		poll(&none, 0, 50);
		if (connect(fd, addr, addrlen) == 0)
			return fd;
	}
	if (errno == EAGAIN)
		errno = ETIMEDOUT;
	else if (errno == EINPROGRESS && wait_connected(fd, deadline) == 0)
		return fd;
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Sends all of <command> on <fd> before the deadline. A peer that closed
 * before taking it all (EPIPE, ECONNRESET) ends the send without an error:
 * what it wrote before closing (a "Unknown command." of something that is
 * not HAProxy) is still in the receive buffer, and the reader judges it, or
 * finds it empty. Other failures are errors.
 */
static int
send_command(int fd, const char *command, int64_t deadline, const char *peer, struct hs_error *err)
{
	size_t off = 0, len = strlen(command);

	while (off < len) {
		ssize_t n = send(fd, command + off, len - off, MSG_NOSIGNAL);

		if (n >= 0) {
			off += (size_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EPIPE || errno == ECONNRESET)
			return 0;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			struct pollfd pfd = {.fd = fd, .events = POLLOUT};
			int left = hs_ms_left(deadline);

			if (left == 0)
				return hs_error_set(err, HS_ERR_TIMEOUT,
						    "timed out sending the command to %s", peer);
			poll(&pfd, 1, left);
			continue;
		}
		return hs_error_set(err, HS_ERR_IO, "sending the command to %s failed: %s", peer,
				    strerror(errno));
	}
	return 0;
}

/* Writes the suggestion of a separate monitoring socket, next to <path>
 * (NULL for a generic path), into <msg> of <size> bytes.
 */
static void
suggest_user_socket(char *msg, size_t size, const char *path)
{
	char dir[256] = "/run/haproxy";
	const char *slash = path ? strrchr(path, '/') : NULL;
	const char *name = "monitor.sock";

	if (slash != NULL && slash != path && (size_t)(slash - path) < sizeof(dir))
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (slash != NULL && strcmp(slash + 1, name) == 0)
		name = "monitoring.sock";
	snprintf(msg, size,
		 "add a separate line 'stats socket %s/%s mode 660 level user group nagios' to "
		 "HAProxy's global section, put the plugin's user in group nagios, and give "
		 "that path with -S",
		 dir, name);
}

/* Explains EACCES on the unix socket <path>: names the first directory on
 * the way that this user may not search, or else the socket's own mode.
 */
static int
access_error(const char *path, struct hs_error *err)
{
	/* <path> fits a sockaddr_un (checked before stat), so it and every
	 * directory on the way hold at most 107 bytes */
	char dir[128], mode[32] = "", hint[HS_ERROR_MSG_MAX] = "";
	struct stat sb;
	size_t i, len = strlen(path);

	for (i = 1; i < len && i < sizeof(dir); i++) {
		if (path[i] != '/')
			continue;
		memcpy(dir, path, i);
		dir[i] = '\0';
		if (access(dir, X_OK) == 0)
			continue;
		if (stat(dir, &sb) == 0)
			snprintf(mode, sizeof(mode), ", mode %04o", (unsigned)(sb.st_mode & 07777));
		return hs_error_set(err, HS_ERR_ACCESS,
				    "permission denied on stats socket %.127s: this user may not "
				    "enter the directory %s (no search permission%s): let the "
				    "plugin's user traverse it (e.g. group nagios, mode 0750), or "
				    "put a separate user-level stats socket where it can reach",
				    path, dir, mode);
	}
	if (stat(path, &sb) == 0)
		snprintf(mode, sizeof(mode), " (mode %04o)", (unsigned)(sb.st_mode & 07777));
	suggest_user_socket(hint, sizeof(hint), path);
	return hs_error_set(err, HS_ERR_ACCESS, "permission denied on stats socket %.127s%s: %s",
			    path, mode, hint);
}

/* Maps a stat() or connect() errno <e> on <peer> (a unix socket when
 * <ep> is one, else a TCP address) to an error that says what to do.
 */
static int
connect_error(int e, const char *peer, const struct hs_endpoint *ep, struct hs_error *err)
{
	bool is_unix = ep->kind == HS_EP_UNIX || ep->kind == HS_EP_MASTER;

	bool master = ep->kind == HS_EP_MASTER;

	switch (e) {
	case ENOENT:
		if (master)
			return hs_error_set(
				err, HS_ERR_NOENT,
				"master CLI socket %s does not exist: check that --master-socket "
				"names the path HAProxy's master was started with (haproxy -W -S "
				"PATH, or 'master-worker' with a -S option in its unit file; a "
				"stopped HAProxy may also have removed it)",
				peer);
		return hs_error_set(
			err, HS_ERR_NOENT,
			"stats socket %s does not exist: check that -S names the path "
			"of a 'stats socket' line of HAProxy's configuration (a stopped "
			"HAProxy may also have removed it)",
			peer);
	case EACCES:
	case EPERM:
		if (is_unix)
			return access_error(ep->path, err);
		return hs_error_set(err, HS_ERR_ACCESS, "permission denied connecting to %s: %s",
				    peer, strerror(e));
	case ECONNREFUSED:
		if (is_unix)
			return hs_error_set(
				err, HS_ERR_REFUSED,
				"connection refused by %s: HAProxy is not running (a stopped "
				"HAProxy leaves its socket file behind, and it refuses "
				"connections): start it, or check that %s names the socket of "
				"the running one",
				peer, master ? "--master-socket" : "-S");
		return hs_error_set(err, HS_ERR_REFUSED,
				    "connection refused by %s: nothing listens there; is HAProxy "
				    "running, with a 'stats socket ipv4@...' line for this address "
				    "and port (-H/-p)?",
				    peer);
	case ETIMEDOUT:
		return hs_error_set(err, HS_ERR_TIMEOUT,
				    "timed out connecting to %s (HAProxy busy, its 'stats maxconn' "
				    "exhausted, or a firewall dropping the connection?)",
				    peer);
	case ENOTSOCK:
		return hs_error_set(err, HS_ERR_NOTSOCK, "%s is not a socket", peer);
	default:
		return hs_error_set(err, HS_ERR_IO, "cannot connect to %s: %s", peer, strerror(e));
	}
}

/* Waits until <fd> has something to read (or the peer closed) before the
 * deadline, so that silence after the command can be told apart from an
 * answer cut short. Returns 0 or -1 with TIMEOUT.
 */
static int
wait_answer(int fd, int64_t deadline, const char *peer, struct hs_error *err)
{
	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int left = hs_ms_left(deadline);
		int rc;

		if (left == 0)
			return hs_error_set(
				err, HS_ERR_TIMEOUT,
				"timed out waiting for %s to answer: it accepted the connection "
				"and the command but sent nothing; HAProxy's CLI may be saturated "
				"(every 'stats maxconn' slot taken, 10 by default) or hung",
				peer);
		rc = poll(&pfd, 1, left);
		if (rc == -1 && errno != EINTR)
			return 0; /* let the reader meet the error */
		if (rc > 0)
			return 0;
	}
}

/* Sends <command> on the connected <fd> to <peer> and waits for the start
 * of the answer. Returns <fd>, or -1 with <fd> closed.
 */
static int
converse(int fd, const struct hs_endpoint *ep, const char *command, int64_t deadline,
	 const char *peer, struct hs_error *err)
{
	/* the master CLI closes after its answer only once the client has
	 * closed its side (2.2 to 3.0 alike); a stats socket closes anyway */
	if (send_command(fd, command, deadline, peer, err) != 0 ||
	    (ep->kind == HS_EP_MASTER && shutdown(fd, SHUT_WR) == -1 &&
	     hs_error_set(err, HS_ERR_IO, "%s: shutdown: %s", peer, strerror(errno))) ||
	    wait_answer(fd, deadline, peer, err) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
open_unix(const struct hs_endpoint *ep, const char *command, int64_t deadline, struct hs_error *err)
{
	struct sockaddr_un sun;
	struct stat sb;
	int fd;

	if (strlen(ep->path) >= sizeof(sun.sun_path))
		return hs_error_set(err, HS_ERR_USAGE,
				    "socket path %s is too long (at most %zu bytes)", ep->path,
				    sizeof(sun.sun_path) - 1);
	if (stat(ep->path, &sb) == -1)
		return connect_error(errno, ep->path, ep, err);
	if (!S_ISSOCK(sb.st_mode))
		return hs_error_set(err, HS_ERR_NOTSOCK,
				    "%s is not a socket (it is a %s): give the path of HAProxy's "
				    "'stats socket' with -S",
				    ep->path,
				    S_ISDIR(sb.st_mode)   ? "directory"
				    : S_ISREG(sb.st_mode) ? "regular file"
							  : "special file");
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, ep->path, strlen(ep->path) + 1);
	fd = connect_with_deadline(AF_UNIX, (struct sockaddr *)&sun, sizeof(sun), deadline);
	if (fd == -1)
		return connect_error(errno, ep->path, ep, err);
	return converse(fd, ep, command, deadline, ep->path, err);
}

/* How telling a failed connect() is when several addresses were tried:
 * a timeout (something may be there, busy or filtered) over a refusal
 * (nothing listens) over anything else (no route, no such family).
 */
static int
errno_rank(int e)
{
	switch (e) {
	case ETIMEDOUT:
		return 3;
	case ECONNREFUSED:
		return 2;
	case EACCES:
	case EPERM:
		return 1;
	default:
		return 0;
	}
}

/* Appends "ADDRESS: what happened" for <ai> and errno <e> to <list>. */
static void
note_attempt(char *list, size_t size, const struct addrinfo *ai, int e)
{
	char host[INET6_ADDRSTRLEN + 2] = "?", serv[16] = "?";
	size_t len = strlen(list);

	getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof(host), serv, sizeof(serv),
		    NI_NUMERICHOST | NI_NUMERICSERV);
	snprintf(list + len, size - len, "%s%s%s%s:%s %s", len > 0 ? "; " : "",
		 ai->ai_family == AF_INET6 ? "[" : "", host, ai->ai_family == AF_INET6 ? "]" : "",
		 serv, e == ETIMEDOUT ? "timed out" : strerror(e));
}

/* The address the last successful TCP connect of this thread reached (each
 * node of a check has its own thread). A
 * check opens one connection per command: the later ones try it first
 * instead of paying again for an address that drops SYNs.
 */
static __thread struct sockaddr_storage last_good;
static __thread socklen_t last_good_len;

static bool
is_last_good(const struct addrinfo *ai)
{
	return last_good_len != 0 && ai->ai_addrlen == last_good_len &&
	       memcmp(ai->ai_addr, &last_good, last_good_len) == 0;
}

int
hs_transport_connect_list(const struct addrinfo *list, const struct hs_endpoint *ep,
			  const char *peer, int64_t deadline, struct hs_error *err)
{
	const struct addrinfo *order[HS_CONNECT_MAX_ADDRS], *ai;
	char tried[HS_ERROR_MSG_MAX / 2] = "";
	int n = 0, i, best = ETIMEDOUT, best_rank = -1;

	for (ai = list; ai != NULL && n < HS_CONNECT_MAX_ADDRS; ai = ai->ai_next) {
		if (is_last_good(ai) && n > 0) {
			/* known to work: first, the others keep their order */
			memmove(order + 1, order, (size_t)n * sizeof(order[0]));
			order[0] = ai;
		} else {
			order[n] = ai;
		}
		n++;
	}
	for (i = 0; i < n; i++) {
		int left = hs_ms_left(deadline), share, fd;
		int64_t attempt;

		ai = order[i];
		if (left == 0)
			break;
		/* a fair share of what is left, so that a black-holed first
		 * address (SYN dropped) leaves time for the next ones */
		share = left / (n - i);
		if (share < HS_CONNECT_MIN_MS)
			share = left < HS_CONNECT_MIN_MS ? left : HS_CONNECT_MIN_MS;
		attempt = i == n - 1 ? deadline : hs_now_ms() + share;
		if (attempt > deadline)
			attempt = deadline;
		fd = connect_with_deadline(ai->ai_family, ai->ai_addr, ai->ai_addrlen, attempt);
		if (fd != -1) {
			if (ai->ai_addrlen <= sizeof(last_good)) {
				memcpy(&last_good, ai->ai_addr, ai->ai_addrlen);
				last_good_len = ai->ai_addrlen;
			}
			return fd;
		}
		if (errno_rank(errno) > best_rank) {
			best = errno;
			best_rank = errno_rank(errno);
		}
		note_attempt(tried, sizeof(tried), ai, errno);
	}
	connect_error(best, peer, ep, err);
	if (n >= 2 && tried[0] != '\0' && err != NULL) {
		char first[HS_ERROR_MSG_MAX];

		snprintf(first, sizeof(first), "%s", err->msg);
		hs_error_set(err, err->code, "%.*s (tried %s)",
			     (int)(sizeof(first) - strlen(tried) - 10), first, tried);
	}
	return -1;
}

static int
open_tcp(const struct hs_endpoint *ep, const char *command, int64_t deadline, struct hs_error *err)
{
	struct addrinfo hints, *res = NULL;
	char peer[300];
	int fd;
	char host[256];
	size_t hlen = strlen(ep->host);

	/* accept "[::1]" as well as "::1" */
	if (hlen >= 2 && ep->host[0] == '[' && ep->host[hlen - 1] == ']')
		snprintf(host, sizeof(host), "%.*s", (int)(hlen - 2), ep->host + 1);
	else
		snprintf(host, sizeof(host), "%s", ep->host);
	hs_endpoint_describe(ep, peer, sizeof(peer));
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if (hs_resolve(host, ep->port, &hints, deadline, &res, err) != 0)
		return -1;
	fd = hs_transport_connect_list(res, ep, peer, deadline, err);
	freeaddrinfo(res);
	return fd == -1 ? -1 : converse(fd, ep, command, deadline, peer, err);
}

static int
open_file(const struct hs_endpoint *ep, struct hs_error *err)
{
	struct stat sb;
	int fd;

	if (strcmp(ep->path, "-") == 0)
		return STDIN_FILENO;
	fd = open(ep->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		if (errno == ENOENT)
			return hs_error_set(err, HS_ERR_NOENT, "input file %s does not exist",
					    ep->path);
		if (errno == EACCES)
			return hs_error_set(err, HS_ERR_ACCESS, "permission denied reading %s",
					    ep->path);
		return hs_error_set(err, HS_ERR_IO, "cannot open %s: %s", ep->path,
				    strerror(errno));
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		return hs_error_set(err, HS_ERR_IO, "input %s is a directory, not a saved dump",
				    ep->path);
	}
	return fd;
}

int
hs_transport_open(const struct hs_endpoint *ep, const char *command, int64_t deadline,
		  struct hs_error *err)
{
	switch (ep->kind) {
	case HS_EP_UNIX:
	case HS_EP_MASTER:
		return open_unix(ep, command, deadline, err);
	case HS_EP_TCP:
		return open_tcp(ep, command, deadline, err);
	case HS_EP_FILE:
		return open_file(ep, err);
	case HS_EP_HTTP: /* hs_exchange fetches the page through hs_http */
		break;
	}
	return hs_error_set(err, HS_ERR_USAGE, "no stats endpoint given");
}
