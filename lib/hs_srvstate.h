/* hs_srvstate.h: the answer to "show servers state", read as one health
 * summary per backend.
 *
 * The answer is a format version line ("1"), a "# be_id be_name ..."
 * header, then one line per server, grouped by backend:
 *
 *   4 be_app 1 s1 127.0.0.1 2 0 1 1 31 15 3 3 6 0 ...
 *
 * HAProxy writes it in about a third of the time of the server rows of
 * "show stat" (no counters), but it lacks what a verdict on a troubled
 * server needs: the backup flag, the status text and the check detail.
 * So it is only trusted to say "every server is plainly UP": running, no
 * administrative state, weight above 0, health checks enabled and passing,
 * no agent check. The first server that is anything else makes the summary
 * unusable (the check then reads the server rows after all).
 */
#ifndef HS_SRVSTATE_H
#define HS_SRVSTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_error.h"

/* Most backends kept, and the longest backend name: a bigger answer (a
 * hostile peer streaming new backends, or a very large configuration)
 * makes the summary unusable rather than memory grow without bound; the
 * check then reads the server rows, which it streams.
 */
#define HS_SRVSTATE_MAX_BACKENDS 20000
#define HS_SRVSTATE_MAX_NAME     255

struct hs_srvstate_backend {
	char *name;
	unsigned servers;
};

struct hs_srvstate {
	struct hs_srvstate_backend *be;
	size_t count, cap;
	size_t cursor; /* next backend expected by hs_srvstate_servers() */
	size_t lines;  /* lines read */
	int col[8];    /* field of each needed column, -1 until the header */
	bool unusable; /* not every server is plainly UP, or unknown format */
	char why[200]; /* the first reason it is unusable */
};

void hs_srvstate_init(struct hs_srvstate *st);
void hs_srvstate_free(struct hs_srvstate *st);

/* Takes one line of the answer (without its LF; modified in place). Sets
 * st->unusable (with st->why) for a format it does not know or a server
 * that is not plainly UP. Returns 0, or -1 with <err> set (NOMEM).
 */
int hs_srvstate_line(struct hs_srvstate *st, char *line, struct hs_error *err);

/* Number of servers of backend <name> (0 when it has none). Fastest when
 * asked in the order of the answer.
 */
unsigned hs_srvstate_servers(struct hs_srvstate *st, const char *name);

#endif
