/* hs_exchange.h: one command per connection, under one deadline.
 *
 * HAProxy 2.6 keeps a CLI session forever when its client dies while a
 * command of a ';'-separated line is still writing and more commands
 * follow (seen with "show stat;show stat" and "show servers state;show
 * stat": ten such sessions lock every stats socket), and a monitoring
 * scheduler kills plugins that overrun. So each command of a plan gets its
 * own connection, opened when its answer is wanted, all under the check's
 * one deadline. A saved dump (--input) holds every answer, in the order of
 * the plan, in one file: it is opened once and read on.
 */
#ifndef HS_EXCHANGE_H
#define HS_EXCHANGE_H

#include <stdbool.h>
#include <stdint.h>

#include "hs_error.h"
#include "hs_http.h"
#include "hs_plan.h"
#include "hs_reader.h"
#include "hs_transport.h"

struct hs_exchange {
	const struct hs_endpoint *ep;
	const char *peer; /* the endpoint, for messages */
	int64_t deadline;
	int fd;
	struct hs_http *http; /* the page's transfer, while open (HS_EP_HTTP) */
	int64_t opened;       /* hs_now_ms() when the current answer was asked for */
	double fetch_time;    /* seconds spent on the answers closed so far */
	bool open;
	struct hs_reader reader; /* of the current answer, while open */
	size_t sent;             /* commands sent (for a saved dump: 1 once opened) */
	/* the commands sent to a socket, joined by ';' (what -vv shows),
	 * ending in "..." when they did not fit */
	char log[HS_PLAN_LINE_MAX];
	uint64_t total, records; /* bytes and lines over the connections closed so far */
};

/* Prepares <x> to exchange with <ep> until <deadline>. <ep> and <peer> (its
 * description, for messages) must outlive <x>. Opens nothing yet.
 */
void hs_exchange_init(struct hs_exchange *x, const struct hs_endpoint *ep, const char *peer,
		      int64_t deadline);

/* Points <*r> at the reader of the answer to <cmd>: for a socket, a new
 * connection (closing the previous one) that sent the text of <cmd>; for a
 * saved dump, the same file read on. Returns 0 or -1 with <err> set (see
 * hs_transport_open()).
 */
int hs_exchange_next(struct hs_exchange *x, const struct hs_command *cmd, struct hs_reader **r,
		     struct hs_error *err);

/* Closes the current connection, if any, adding what it read to <x->total>
 * and <x->records>.
 */
void hs_exchange_close(struct hs_exchange *x);

#endif
