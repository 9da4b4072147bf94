/* hs_answer.h: reading the answer to each kind of CLI command.
 *
 * One reader per command kind of the plan (hs_plan.h). Each reads one
 * answer, up to its terminating empty line, from an hs_reader (a socket,
 * or the saved file that holds every answer in turn) and hands what it
 * read to the evaluator (hs_eval.h). An answer that ends early or breaks
 * its format is an error, never a partial verdict.
 *
 * Two answers call for one more query, sent through the same exchange:
 * a named backend whose answer has no BACKEND row (a frontend of the same
 * name was dumped) is asked for among every proxy ("show stat -1# <mask>
 * -1", its rows kept), as every name is when HAProxy does not know "show
 * backend"; a rule that counts stick table entries (table.gt.TYPE.N)
 * asks each selected table "show table <name> data.TYPE gt N".
 */
#ifndef HS_ANSWER_H
#define HS_ANSWER_H

#include <stdbool.h>

#include "hs_error.h"
#include "hs_eval.h"
#include "hs_exchange.h"
#include "hs_info.h"
#include "hs_plan.h"
#include "hs_reader.h"

/* Reads the answer to each command of <plan>, in order, each through the
 * reader <x> hands out for it (and the queries they call for), into <ev>.
 * The answer to "show info" is kept in a new <*info> (NULL on entry),
 * which the caller frees after <ev>. Returns 0 or -1.
 */
int hs_answer_plan(struct hs_exchange *x, const struct hs_plan *plan, struct hs_eval *ev,
		   struct hs_info **info, struct hs_error *err);

/* Reads the answer to "show info" from <r> into <info>, then evaluates it
 * with <ev>, which may keep <info> until it is freed. Returns 0 or -1 with
 * <err> set (an empty answer is MALFORMED).
 */
int hs_answer_info(struct hs_reader *r, struct hs_info *info, struct hs_eval *ev,
		   struct hs_error *err);

/* Reads the answer to the "show stat" <cmd> from <r>: the header and every
 * row, feeding <ev> the rows of <cmd>'s proxy (or of its <only> proxy)
 * alone (HAProxy falls back to a numeric id for a name it does not know).
 * "No such proxy." for a named proxy is not an error: the proxy is
 * missing, which the selection and --expect report. Sets <*saw_backend>
 * when a BACKEND row was fed. Returns 0 or -1.
 */
int hs_answer_stat(struct hs_reader *r, const struct hs_command *cmd, struct hs_eval *ev,
		   bool *saw_backend, struct hs_error *err);

/* Reads the answer to "show backend" from <r> (a "# name" line, then one
 * backend name per line) and sets <is_backend>[i] for each named "show
 * stat" command i of <plan> that is a backend (<is_backend> has
 * <plan->count> entries, cleared by the caller). Returns 1, or 0 when this
 * HAProxy does not know the command (before 1.7), or -1.
 */
int hs_answer_backend_list(struct hs_reader *r, const struct hs_plan *plan, bool *is_backend,
			   struct hs_error *err);

/* Reads the answer to "show table" from <r>, evaluating each table with
 * <ev>; when a rule counts entries (table.gt), counts them first, through
 * <x>, for each selected table. Returns 0 or -1.
 */
int hs_answer_table(struct hs_exchange *x, struct hs_reader *r, struct hs_eval *ev,
		    struct hs_error *err);

#endif
