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
 * rows. The readers record that as a doubt (struct hs_doubt, hs_record.h),
 * not an error: the check then asks again with a plan that does not rely
 * on it. The queries sent because of an earlier answer (backup flags, the
 * rows of some backends, stick table entry counts) are hs_followup.h's.
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
#include "hs_followup.h"
#include "hs_record.h"
#include "hs_srvstate.h"

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
