/* hs_transport.c: reaching HAProxy's stats CLI. */
#include <hs-config.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "hs_time.h"
#include "hs_transport.h"

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
	case HS_EP_TCP:
		if (strchr(ep->host, ':') != NULL && ep->host[0] != '[')
			snprintf(dst, size, "[%s]:%s", ep->host, ep->port);
		else
			snprintf(dst, size, "%s:%s", ep->host, ep->port);
		break;
	case HS_EP_FILE:
		snprintf(dst, size, "%s", strcmp(ep->path, "-") == 0 ? "standard input" : ep->path);
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
	if (errno == EINPROGRESS || errno == EAGAIN) {
		/* unix sockets return EAGAIN when the backlog is full:
		 * HAProxy's stats maxconn is exhausted; wait as for TCP */
		if (errno == EAGAIN) {
			while (hs_ms_left(deadline) > 0) {
				struct pollfd none = {.fd = -1};

				poll(&none, 0, 50);
				if (connect(fd, addr, addrlen) == 0)
					return fd;
				if (errno != EAGAIN)
					break;
			}
			if (errno == EAGAIN)
				errno = ETIMEDOUT;
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (wait_connected(fd, deadline) == 0)
			return fd;
	}
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Sends all of <command> on <fd> before the deadline. */
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

/* Maps a connect() errno on <peer> to an error with advice. */
static int
connect_error(int e, const char *peer, const struct hs_endpoint *ep, struct hs_error *err)
{
	switch (e) {
	case ENOENT:
		return hs_error_set(err, HS_ERR_NOENT,
				    "stats socket %s does not exist: is HAProxy running, and does "
				    "its 'stats socket' line name this path? (-S)",
				    peer);
	case EACCES:
	case EPERM:
		return hs_error_set(err, HS_ERR_ACCESS,
				    "permission denied on stats socket %s: declare it with 'stats "
				    "socket %s mode 660 level user group <your monitoring group>' "
				    "and add the plugin's user to that group",
				    peer, ep->kind == HS_EP_UNIX ? ep->path : "<path>");
	case ECONNREFUSED:
		return hs_error_set(err, HS_ERR_REFUSED,
				    "connection refused by %s: is HAProxy running? (a socket file "
				    "left behind by a stopped HAProxy refuses connections)",
				    peer);
	case ETIMEDOUT:
		return hs_error_set(
			err, HS_ERR_TIMEOUT,
			"timed out connecting to %s (HAProxy busy, or its 'stats maxconn' "
			"exhausted?)",
			peer);
	case ENOTSOCK:
		return hs_error_set(err, HS_ERR_NOTSOCK, "%s is not a socket", peer);
	default:
		return hs_error_set(err, HS_ERR_IO, "cannot connect to %s: %s", peer, strerror(e));
	}
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
	if (send_command(fd, command, deadline, ep->path, err) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
open_tcp(const struct hs_endpoint *ep, const char *command, int64_t deadline, struct hs_error *err)
{
	struct addrinfo hints, *res = NULL, *ai;
	char peer[300];
	int fd = -1, rc, last_errno = ECONNREFUSED;
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
	rc = getaddrinfo(host, ep->port, &hints, &res);
	if (rc != 0)
		return hs_error_set(err, HS_ERR_RESOLVE, "cannot resolve %s: %s", host,
				    rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = connect_with_deadline(ai->ai_family, ai->ai_addr, ai->ai_addrlen, deadline);
		if (fd != -1)
			break;
		last_errno = errno;
		if (errno == ETIMEDOUT)
			break;
	}
	freeaddrinfo(res);
	if (fd == -1)
		return connect_error(last_errno, peer, ep, err);
	if (send_command(fd, command, deadline, peer, err) != 0) {
		close(fd);
		return -1;
	}
	return fd;
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
		return open_unix(ep, command, deadline, err);
	case HS_EP_TCP:
		return open_tcp(ep, command, deadline, err);
	case HS_EP_FILE:
		return open_file(ep, err);
	}
	return hs_error_set(err, HS_ERR_USAGE, "no stats endpoint given");
}
