/* hs_exchange.c: one command per connection, under one deadline. */
#include <hs-config.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hs_exchange.h"
#include "hs_time.h"

void
hs_exchange_init(struct hs_exchange *x, const struct hs_endpoint *ep, const char *peer,
		 int64_t deadline)
{
	memset(x, 0, sizeof(*x));
	x->ep = ep;
	x->peer = peer;
	x->deadline = deadline;
	x->fd = -1;
}

void
hs_exchange_close(struct hs_exchange *x)
{
	if (!x->open)
		return;
	x->total += x->reader.total;
	x->records += x->reader.records;
	hs_reader_free(&x->reader);
	x->fetch_time += (double)(hs_now_ms() - x->opened) / 1000.0;
	if (x->http != NULL) {
		hs_http_close(x->http);
		x->http = NULL;
	} else if (x->fd != STDIN_FILENO)
		close(x->fd);
	x->fd = -1;
	x->open = false;
}

/* Adds the command <line> (without its line end) to the log of <x>. */
static void
log_command(struct hs_exchange *x, const char *line)
{
	size_t len = strlen(x->log), room = sizeof(x->log) - len;
	int n;

	if (len >= 3 && strcmp(x->log + len - 3, "...") == 0)
		return;
	n = snprintf(x->log + len, room, "%s%s", len > 0 ? ";" : "", line);
	if (n < 0 || (size_t)n >= room)
		memcpy(x->log + sizeof(x->log) - 4, "...", 4);
}

/* Starts fetching the stats page with the options <suffix> (the text of a
 * PAGE command) and points <*r> at a reader of its body. Returns 0 or -1.
 */
static int
open_page(struct hs_exchange *x, const char *suffix, struct hs_reader **r, struct hs_error *err)
{
	struct hs_reader_source src;

	x->http = hs_http_open(x->ep->http, suffix, x->deadline, &src, err);
	if (x->http == NULL)
		return -1;
	if (hs_reader_init(&x->reader, -1, x->deadline, HS_READER_MAX_RECORD, x->peer, err) != 0) {
		hs_http_close(x->http);
		x->http = NULL;
		return -1;
	}
	x->reader.source = src;
	x->reader.eof_ends = true; /* the HTTP framing vouches for the end */
	x->open = true;
	x->sent++;
	*r = &x->reader;
	return 0;
}

int
hs_exchange_next(struct hs_exchange *x, const struct hs_command *cmd, struct hs_reader **r,
		 struct hs_error *err)
{
	char line[HS_PLAN_LINE_MAX];
	size_t len;

	if (x->ep->kind == HS_EP_FILE && x->open) {
		*r = &x->reader;
		return 0;
	}
	hs_exchange_close(x);
	/* through the master CLI, to the current worker: "@1 <command>" */
	len = x->ep->kind == HS_EP_MASTER ? 3 : 0;
	memcpy(line, "@1 ", len);
	/* room for the '\n' that ends the command */
	if (!hs_command_text(cmd, line + len, sizeof(line) - len - 1))
		return hs_error_set(err, HS_ERR_LIMIT, "internal error: command too long");
	log_command(x, line);
	x->opened = hs_now_ms();
	if (x->ep->kind == HS_EP_HTTP)
		return open_page(x, line, r, err);
	len = strlen(line);
	memcpy(line + len, "\n", 2);
	x->fd = hs_transport_open(x->ep, line, x->deadline, err);
	if (x->fd < 0)
		return -1;
	if (hs_reader_init(&x->reader, x->fd, x->deadline, HS_READER_MAX_RECORD, x->peer, err) !=
	    0) {
		if (x->fd != STDIN_FILENO)
			close(x->fd);
		x->fd = -1;
		return -1;
	}
	x->reader.eof_ends = x->ep->kind == HS_EP_FILE;
	x->open = true;
	x->sent++;
	*r = &x->reader;
	return 0;
}
