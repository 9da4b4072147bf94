/* hs_answer.h: reading the answer to each kind of CLI command.
 *
 * One reader per command kind of the plan (hs_plan.h). Each reads one
 * answer, up to its terminating empty line, from an hs_reader (a socket,
 * or the saved file that holds every answer in turn) and hands what it
 * read to the evaluator (hs_eval.h) or the servers state summary
 * (hs_srvstate.h). An answer that ends early or breaks its format is an
 * error, never a partial verdict.
 *
 * Some answers show that the plan itself cannot answer for this HAProxy:
 * a named proxy whose frontend twin was dumped instead of its backend, a
 * HAProxy that does not know "show backend", a server that needs its
 * row (hs_srvstate.h) when "show servers state" stood in for the server
 * rows. The readers
 * record that as a doubt (struct hs_doubt), not an error: the check then
 * asks again with a plan that does not rely on it.
 */
#ifndef HS_ANSWER_H
#define HS_ANSWER_H

#include <stdbool.h>

#include "hs_buf.h"
#include "hs_columns.h"
#include "hs_error.h"
#include "hs_eval.h"
#include "hs_exchange.h"
#include "hs_info.h"
#include "hs_plan.h"
#include "hs_reader.h"
#include "hs_srvstate.h"

/* Most fields accepted in one record (HAProxy 3.x with every stats module
 * has about 200).
 */
#define HS_MAX_FIELDS 1024

/* Longest reason kept for a doubt (longer ones end in "..."). */
#define HS_DOUBT_WHY_MAX 256

enum hs_doubt_kind {
	HS_DOUBT_NONE,
	HS_DOUBT_FILTER,   /* ask again for every proxy */
	HS_DOUBT_SRVSTATE, /* ask again with the server rows */
};

struct hs_doubt {
	enum hs_doubt_kind kind;
	char why[HS_DOUBT_WHY_MAX]; /* the reason, for -vv; "" with NONE */
};

/* Most bytes of server rows kept for the backends that "show servers
 * state" could not sum up (at most HS_PLAN_DETAIL_SERVERS_MAX servers:
 * about 300 bytes each with HAProxy 2.6, 700 with every 3.x module).
 */
#define HS_DETAILS_BYTES_MAX (4u << 20)

/* The server rows of the backends "show servers state" could not sum up
 * (those hs_srvstate.h marks <detail>), fetched before the main dump and
 * read in where the full dump has them: before the backend's BACKEND row.
 */
struct hs_details {
	struct hs_header hdr; /* of the first answer; the others must match it */
	bool have_hdr;
	/* every row kept: its length (a size_t), its bytes, a NUL */
	struct hs_buf rows;
	struct {
		size_t be;       /* index in the summary's backends */
		size_t off, len; /* its rows in <rows> */
	} item[HS_PLAN_DETAIL_MAX];
	size_t count;
	char **fields; /* to split a kept row */
};

void hs_details_init(struct hs_details *det);
void hs_details_free(struct hs_details *det);

/* Fetches, through <x>, "show stat <be_id> 4 -1" for each backend of <st>
 * marked <detail> (at most HS_PLAN_DETAIL_MAX) and keeps their rows in
 * <det>. An answer that does not hold exactly the servers <st> counted for
 * that backend (an id reused by a reload, a server added since) sets
 * <doubt> to SRVSTATE. Returns 0 or -1.
 */
int hs_answer_details(struct hs_exchange *x, struct hs_srvstate *st, struct hs_details *det,
		      struct hs_doubt *doubt, struct hs_error *err);

/* Learns, through <x>, the backup flag of each server of <st> that waits
 * for it (hs_srvstate.h): "show stat -1 4 <sid>" for each of their
 * distinct server ids, numeric only. A row that is not that server of some
 * backend, or a server left waiting, sets <doubt> to SRVSTATE. Returns 0
 * or -1.
 */
int hs_answer_flags(struct hs_exchange *x, struct hs_srvstate *st, struct hs_doubt *doubt,
		    struct hs_error *err);

/* Reads the answer to each command of <plan>, in order, each through the
 * reader <x> hands out for it, into <ev>: "show servers state" into a
 * summary the "show stat" answers after it are checked against, "show
 * backend" into which named proxies are backends. Stops at the first
 * doubt (<doubt>). The answer to "show info" is kept in a new <*info>
 * (NULL on entry), which the caller frees after <ev>. Returns 0 or -1.
 */
int hs_answer_plan(struct hs_exchange *x, const struct hs_plan *plan, struct hs_eval *ev,
		   struct hs_info **info, struct hs_doubt *doubt, struct hs_error *err);

/* Reads the answer to "show info" from <r> into <info>, then evaluates it
 * with <ev>, which may keep <info> until it is freed. Returns 0 or -1 with
 * <err> set (an empty answer is MALFORMED).
 */
int hs_answer_info(struct hs_reader *r, struct hs_info *info, struct hs_eval *ev,
		   struct hs_error *err);

/* Reads the answer to "show servers state" from <r> into <st> (which the
 * caller initialised, with the classes it may accept and its detail
 * limits) and finishes it (hs_srvstate_finish()). A summary that became
 * unusable (hs_srvstate.h: servers that need their rows beyond the limits,
 * a format it does not know) sets <doubt> to SRVSTATE and stops reading
 * there (the connection is closed without the rest). Returns 0 or -1.
 */
int hs_answer_servers_state(struct hs_reader *r, struct hs_srvstate *st, struct hs_doubt *doubt,
			    struct hs_error *err);

/* Reads the answer to the "show stat" <cmd> from <r>: the header and every
 * row, feeding <ev> the rows of <cmd>'s proxy only (HAProxy falls back to
 * a numeric id for a name it does not know). "No such proxy." for a named
 * proxy is not an error: the proxy is missing, which the selection and
 * --expect report. When <backend> (the backend list named the proxy) and
 * no BACKEND row came, a frontend of the same name was dumped: <doubt>
 * becomes FILTER. With <st> (the plan read "show servers state" instead of
 * server rows), each BACKEND row's act and bck columns must count the
 * servers <st> lists as serving for it, which <ev> then takes as read (see
 * hs_eval_assume_servers()); when they do not, or <ev> cannot take them,
 * <doubt> becomes SRVSTATE and the rest of the answer is left unread. A
 * backend <st> marks <detail> gets its rows from <det> instead, read into
 * <ev> before its BACKEND row.
 * Returns 0 or -1.
 */
int hs_answer_stat(struct hs_reader *r, const struct hs_command *cmd, bool backend,
		   struct hs_srvstate *st, struct hs_details *det, struct hs_eval *ev,
		   struct hs_doubt *doubt, struct hs_error *err);

/* Reads the answer to "show backend" from <r> (a "# name" line, then one
 * backend name per line) and sets <is_backend>[i] for each named "show
 * stat" command i of <plan> that is a backend (<is_backend> has
 * <plan->count> entries, cleared by the caller). HAProxy before 1.7 does
 * not know the command: <doubt> becomes FILTER. Returns 0 or -1.
 */
int hs_answer_backend_list(struct hs_reader *r, const struct hs_plan *plan, bool *is_backend,
			   struct hs_doubt *doubt, struct hs_error *err);

/* Reads the answer to "show table" from <r>, evaluating each table with
 * <ev>. Returns 0 or -1.
 */
int hs_answer_table(struct hs_reader *r, struct hs_eval *ev, struct hs_error *err);

#endif
