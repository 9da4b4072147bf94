/* hs_srvstate.h: the answer to "show servers state", read as one health
 * summary per backend.
 *
 * The answer is a format version line ("1"), a "# be_id be_name ..."
 * header, then one line per server, grouped by backend:
 *
 *   4 be_app 1 s1 127.0.0.1 2 0 1 1 31 15 3 3 6 0 ...
 *
 * HAProxy writes it in about a third of the time of the server rows of
 * "show stat" (no counters), but it lacks the backup flag, the status text
 * and the check detail. So each server is put in a class whose "show stat"
 * status it determines exactly:
 *
 *   PLAIN            running, checked and passing, no admin state, weight > 0
 *   NOCHECK          the same without a health check of its own: "no check"
 *   MAINT            MAINT set by an operator (CLI "disable server", or
 *                    "disabled" in the configuration): "MAINT"
 *   DRAIN            DRAIN set by an operator, running: "DRAIN"
 *   WEIGHT0_UP       PLAIN at weight 0: "UP", weight 0
 *   WEIGHT0_NOCHECK  NOCHECK at weight 0: "no check", weight 0
 *
 * Anything else (DOWN, failing or paused checks, an agent check, MAINT or
 * DRAIN inherited by tracking, MAINT (resolution), a state it does not know)
 * needs the server rows, as does a class the caller does not accept: its
 * backend is marked <detail> (the check fetches that backend's rows, by
 * its numeric be_id), up to <detail_max> such backends holding at most
 * <detail_servers_max> servers; beyond, or with <detail_max> 0, the summary
 * becomes unusable. A server without a check of its own may track another
 * server (then "show stat" shows the tracked one's status, which this
 * answer does not say); HAProxy only lets a server track one with a check
 * or agent configured, so such servers are trusted only when no server of
 * the answer has one (<any_checked>); otherwise hs_srvstate_finish() marks
 * their backend too, as it does one with checked and unchecked servers at
 * weight 0 (whose "show stat" weight-0 lines differ).
 *
 * Per backend the summary keeps the count of each class and the first few
 * names (all that the per-backend summaries of hs_proxy.h show), so memory
 * does not grow with the servers of a backend.
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

/* Names kept per class and backend (hs_proxy.h shows as many). */
#define HS_SRVSTATE_NAMES 3

enum hs_srv_class {
	HS_SRV_PLAIN,
	HS_SRV_NOCHECK,
	HS_SRV_MAINT,
	HS_SRV_DRAIN,
	HS_SRV_WEIGHT0_UP,
	HS_SRV_WEIGHT0_NOCHECK,
	HS_SRV_CLASSES,
	HS_SRV_DETAIL = HS_SRV_CLASSES, /* needs its "show stat" row */
};

/* Sets of classes, as bits. */
#define HS_SRV_BIT(c) (1u << (c))
#define HS_SRV_ALL    ((1u << HS_SRV_CLASSES) - 1)

/* The servers of one class in one backend. */
struct hs_srvstate_group {
	unsigned count;
	unsigned backup;               /* of them, backup servers (known only when <flagged>) */
	char *name[HS_SRVSTATE_NAMES]; /* the first ones, in the order of the answer */
};

struct hs_srvstate_backend {
	char *name;
	unsigned id; /* be_id: HAProxy's numeric id of the backend (> 0) */
	bool detail; /* its servers need their "show stat" rows */
	/* its servers of a class in <accept_flag> have their backup flag
	 * counted in <backup> (see struct hs_srvstate_flag) */
	bool flagged;
	unsigned servers;
	unsigned unchecked; /* servers without a health check of their own */
	struct hs_srvstate_group cls[HS_SRV_CLASSES];
};

/* A server whose class is in <accept_flag>: it stands in once its backup
 * flag is known, which the check learns from "show stat -1# 4 <sid>" (the
 * server of that id in every backend, far fewer rows than all of them).
 */
struct hs_srvstate_flag {
	unsigned be_id, srv_id;
	size_t be; /* index in <be> */
	enum hs_srv_class cls;
	bool known; /* the flag was read */
};

/* Most servers waiting for their backup flag, and most distinct server ids
 * among them; beyond, their backends are marked <detail> instead.
 */
#define HS_SRVSTATE_FLAGS_MAX 1000
#define HS_SRVSTATE_FLAG_IDS  4

struct hs_srvstate {
	struct hs_srvstate_backend *be;
	struct hs_srvstate_flag *flag; /* sorted by be_id, srv_id after finish */
	size_t flags;
	unsigned flag_ids[HS_SRVSTATE_FLAG_IDS]; /* the distinct srv_id of <flag> */
	size_t nflag_ids;
	size_t count, cap;
	size_t cursor;   /* next backend expected by hs_srvstate_servers() */
	size_t lines;    /* lines read */
	int col[10];     /* field of each needed column, -1 until the header */
	unsigned accept; /* classes that may stand in (HS_SRV_BIT); others are DETAIL */
	/* classes that may stand in once their backup flag is known */
	unsigned accept_flag;
	/* most backends marked <detail>, and most servers in them (0: none) */
	unsigned detail_max, detail_servers_max;
	unsigned detail, detail_servers; /* backends marked <detail>, their servers */
	bool any_checked;                /* a server has a health check or agent configured */
	bool unusable;                   /* a server needs its row, or unknown format */
	char why[200];                   /* the first reason it is unusable */
};

/* Prepares <st> for an answer, accepting every class. */
void hs_srvstate_init(struct hs_srvstate *st);
void hs_srvstate_free(struct hs_srvstate *st);

/* Takes one line of the answer (without its LF; modified in place). Sets
 * st->unusable (with st->why) for a format it does not know, or a server
 * of class HS_SRV_DETAIL (or not accepted) beyond the detail limits. Once
 * unusable, the rest of the answer need not be read. Returns 0, or -1 with
 * <err> set (NOMEM).
 */
int hs_srvstate_line(struct hs_srvstate *st, char *line, struct hs_error *err);

/* Ends the answer: marks <detail> the backends whose servers may track
 * another (see above) or mix checked and unchecked servers at weight 0,
 * and those of the servers waiting for their backup flag when asking for
 * them would cost more than a quarter of the server rows (more than
 * HS_SRVSTATE_FLAG_IDS distinct server ids, or those ids times the
 * backends over a quarter of the servers), within the detail limits
 * (otherwise the summary becomes unusable). Sorts <flag>.
 */
void hs_srvstate_finish(struct hs_srvstate *st);

/* Records that server <srv_id> of backend <be_id>, named <be_name>, is a
 * backup server or not (<backup>), from its "show stat" row. Returns false
 * when no such server waits for its flag (a backend id reused, a server
 * added since).
 */
bool hs_srvstate_flag_set(struct hs_srvstate *st, unsigned be_id, unsigned srv_id,
			  const char *be_name, bool backup);

/* Counts the backup flags read into each backend's groups and marks those
 * backends <flagged>. Returns false when a server still waits for its flag.
 */
bool hs_srvstate_flags_done(struct hs_srvstate *st);

/* The class of a server from its fields as the answer spells them:
 * srv_op_state, srv_admin_state, srv_uweight, srv_check_result,
 * srv_check_state, srv_agent_state. Sets <*unchecked> when the server has
 * no health check of its own.
 */
enum hs_srv_class hs_srvstate_classify(const char *op, const char *admin, const char *uweight,
				       const char *result, const char *check, const char *agent,
				       bool *unchecked);

/* The summary of backend <name>, or NULL when it has no server. Fastest
 * when asked in the order of the answer.
 */
const struct hs_srvstate_backend *hs_srvstate_find(struct hs_srvstate *st, const char *name);

/* Number of servers of backend <name> (0 when it has none). */
unsigned hs_srvstate_servers(struct hs_srvstate *st, const char *name);

#endif
