/* hs_resolve.h: name resolution that keeps the check's deadline.
 *
 * getaddrinfo() cannot be given a timeout and cannot be interrupted: a DNS
 * server that does not answer holds it for the resolver's own timeouts
 * (5 s per try and server by default), past -t. Only the plugin's alarm
 * would end it, and that ends the whole check, the other nodes' answers
 * with it. Here getaddrinfo() runs in a thread of its own; the caller
 * waits for it until the deadline and no longer. A lookup that outlives
 * the deadline is left to finish (or to end with the process) and frees
 * what it allocated itself.
 */
#ifndef HS_RESOLVE_H
#define HS_RESOLVE_H

#include <netdb.h>
#include <stdint.h>

#include "hs_error.h"

/* Resolves <host> and <port> with <hints> (as getaddrinfo() does) before
 * <deadline> (hs_now_ms() milliseconds). Returns 0 with <*res> set (free
 * it with freeaddrinfo()), or -1 with <err> set: RESOLVE when the name
 * does not resolve (getaddrinfo()'s reason), TIMEOUT when no answer came
 * before the deadline, NOMEM.
 */
int hs_resolve(const char *host, const char *port, const struct addrinfo *hints, int64_t deadline,
	       struct addrinfo **res, struct hs_error *err);

#endif
