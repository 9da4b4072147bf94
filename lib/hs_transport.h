/* hs_transport.h: reaching HAProxy's stats CLI.
 *
 * One module per way in. Today: a unix stats socket, a TCP stats socket
 * ("stats socket ipv4@..."), or a saved dump in a file or on stdin. Every
 * step (resolve, connect, write) honours the check's single deadline;
 * reading is the reader's job (hs_reader.h).
 */
#ifndef HS_TRANSPORT_H
#define HS_TRANSPORT_H

#include <stdint.h>

#include "hs_error.h"

enum hs_endpoint_kind {
	HS_EP_UNIX,
	HS_EP_TCP,
	HS_EP_FILE, /* a saved dump; "-" is stdin */
	/* the master CLI's unix socket (haproxy -W -S PATH): connected like
	 * UNIX; each command goes to the current worker ("@1 ", added by
	 * hs_exchange) */
	HS_EP_MASTER,
	HS_EP_HTTP, /* the stats page over HTTP(S): hs_http.h, not this module */
};

struct hs_http_config;

struct hs_endpoint {
	enum hs_endpoint_kind kind;
	const char *path;                  /* UNIX, MASTER and FILE */
	const char *host;                  /* TCP */
	const char *port;                  /* TCP */
	const struct hs_http_config *http; /* HTTP */
};

/* Default unix socket paths, tried in this order when none is given. */
extern const char *const hs_default_sockets[];

/* Returns the first path of the NULL-terminated list <paths> that exists
 * (whatever its type: a wrong type is reported when connecting), or NULL.
 */
const char *hs_first_existing(const char *const *paths);

/* Returns the first default socket path that exists, or NULL. */
const char *hs_default_socket(void);

/* Describes <ep> for messages ("/run/haproxy/admin.sock", "127.0.0.1:9999",
 * "file dump.csv") into <dst>.
 */
void hs_endpoint_describe(const struct hs_endpoint *ep, char *dst, size_t size);

/* Opens <ep> and, for sockets, sends <command> (one line, which must end
 * in '\n'). Returns a file descriptor to read the answer from, or -1 with
 * <err> set: NOENT, ACCESS, REFUSED, NOTSOCK, RESOLVE, TIMEOUT or IO, each
 * with a message saying what to do. SIGPIPE cannot fire: writes use
 * MSG_NOSIGNAL. For sockets, returns only once the peer has sent
 * something or closed: silence until the deadline is a TIMEOUT that says
 * HAProxy's CLI may be saturated ('stats maxconn') or hung. A host name
 * with several addresses tries each in turn (hs_transport_connect_list).
 */
int hs_transport_open(const struct hs_endpoint *ep, const char *command, int64_t deadline,
		      struct hs_error *err);

struct addrinfo;

/* Connects to the first address of <list> (getaddrinfo's order) that
 * accepts. Each attempt gets a fair share of the time left before
 * <deadline> (what is left divided by the addresses left, at least half a
 * second, the last one all of it), so that an address that drops the
 * connection silently cannot eat the time of the next ones. Returns a
 * non-blocking connected socket, or -1 with <err> set as for
 * hs_transport_open for the TCP endpoint <ep> described as <peer>: the
 * most telling failure (timeout, then refusal, then others) and, when
 * several addresses were tried, what each one did. The address that last
 * accepted (in this process) is tried first: each command of a check has
 * its own connection, and only the first should pay for an address that
 * drops SYNs. At most 16 addresses are tried. Used by hs_transport_open;
 * exposed for tests.
 */
int hs_transport_connect_list(const struct addrinfo *list, const struct hs_endpoint *ep,
			      const char *peer, int64_t deadline, struct hs_error *err);

#endif
