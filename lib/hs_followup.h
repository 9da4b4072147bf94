/* hs_followup.h: the queries a check sends because of an earlier answer.
 *
 * When "show servers state" stands in for the server rows, some servers
 * still need more: the backup flag of a server serving no traffic ("show
 * stat -1# 4 <sid>") or the whole rows of a backend's servers ("show stat
 * #<be_id> 4 -1", kept and read in where the full dump has them). When a
 * rule counts stick table entries (table.gt.TYPE.N), each selected table
 * is asked "show table <name> data.TYPE gt N". Only numeric ids HAProxy
 * gave and checked words are spliced into these commands. An answer that
 * does not match what the first answer said is a doubt (hs_record.h): the
 * check then asks again with the server rows.
 */
#ifndef HS_FOLLOWUP_H
#define HS_FOLLOWUP_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_buf.h"
#include "hs_columns.h"
#include "hs_error.h"
#include "hs_eval.h"
#include "hs_exchange.h"
#include "hs_plan.h"
#include "hs_reader.h"
#include "hs_record.h"
#include "hs_srvstate.h"

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

/* Fetches, through <x>, "show stat #<be_id> 4 -1" for each backend of <st>
 * marked <detail> (at most HS_PLAN_DETAIL_MAX) and keeps their rows in
 * <det>. An answer that does not hold exactly the servers <st> counted for
 * that backend (an id reused by a reload, a server added since) sets
 * <doubt> to SRVSTATE. Returns 0 or -1.
 */
int hs_followup_details(struct hs_exchange *x, struct hs_srvstate *st, struct hs_details *det,
			struct hs_doubt *doubt, struct hs_error *err);

/* Learns, through <x>, the backup flag of each server of <st> that waits
 * for it (hs_srvstate.h): "show stat -1# 4 <sid>" for each of their
 * distinct server ids, numeric only. A row that is not that server of some
 * backend, or a server left waiting, sets <doubt> to SRVSTATE. Returns 0
 * or -1.
 */
int hs_followup_flags(struct hs_exchange *x, struct hs_srvstate *st, struct hs_doubt *doubt,
		      struct hs_error *err);

/* Reads into <ev> the rows <det> keeps for backend <be> of <st>, once.
 * Returns 0 (<doubt> set when they were read already, or never fetched) or
 * -1.
 */
int hs_details_replay(struct hs_srvstate *st, const struct hs_srvstate_backend *be,
		      struct hs_details *det, struct hs_eval *ev, struct hs_doubt *doubt,
		      struct hs_error *err);

/* Reads the answer to "show table" from <r> like hs_answer_table(), then
 * counts the entries of each selected table for the table.gt metrics that
 * apply to it, through <x>, before evaluating it. Returns 0 or -1.
 */
int hs_followup_table_gt(struct hs_exchange *x, struct hs_reader *r, struct hs_eval *ev,
			 struct hs_error *err);

#endif
