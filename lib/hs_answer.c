/* hs_answer.c: reading the answer to each kind of CLI command of a plan;
 * the queries sent because of an earlier answer are hs_followup's, what
 * every reader shares hs_record's.
 */
#include <hs-config.h>

#include <stdlib.h>
#include <string.h>

#include "hs_answer.h"
#include "hs_checkobj.h"
#include "hs_exchange.h"
#include "hs_columns.h"
#include "hs_csv.h"
#include "hs_table.h"

int
hs_answer_info(struct hs_reader *r, struct hs_info *info, struct hs_eval *ev, struct hs_error *err)
{
	size_t len, lines = 0;
	char *rec;

	hs_info_init(info);
	for (;;) {
		if (hs_record_next(r, "show info", lines, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			break;
		if (hs_info_line(info, rec, err) != 0)
			return -1;
		lines++;
	}
	if (lines == 0)
		return hs_error_set(err, HS_ERR_MALFORMED,
				    "malformed answer from %s: 'show info' returned nothing",
				    r->peer);
	hs_eval_info(ev, info);
	return 0;
}

int
hs_answer_servers_state(struct hs_reader *r, struct hs_srvstate *st, struct hs_doubt *doubt,
			struct hs_error *err)
{
	size_t len, lines = 0;
	char *rec;

	for (;;) {
		if (hs_record_next(r, "show servers state", lines, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			break;
		if (hs_srvstate_line(st, rec, err) != 0)
			return -1;
		lines++;
		if (st->unusable)
			break; /* the rest would not change that: not worth reading */
	}
	if (!st->unusable)
		hs_srvstate_finish(st);
	if (st->unusable)
		hs_doubt_set(doubt, HS_DOUBT_SRVSTATE, "%s", st->why);
	return 0;
}

/* For a BACKEND <row> of a dump without server rows, whose summary in the
 * servers state is <be> (NULL: it has no server): its act and bck columns
 * must count the servers <be> lists as serving (PLAIN and NOCHECK), and
 * <ev> must be able to take them as read. Returns false, with <doubt> set
 * to SRVSTATE, when not.
 */
static bool
assume_servers(const struct hs_srvstate_backend *be, struct hs_eval *ev, const struct hs_row *row,
	       struct hs_doubt *doubt)
{
	const char *px = hs_row_str(row, HS_COL_PXNAME);
	unsigned serving = 0;
	char why[HS_DOUBT_WHY_MAX];
	double act, bck;

	if (be != NULL)
		serving = be->cls[HS_SRV_PLAIN].count + be->cls[HS_SRV_NOCHECK].count;
	if (!hs_row_num(row, HS_COL_ACT, &act) || !hs_row_num(row, HS_COL_BCK, &bck) || act < 0 ||
	    bck < 0 || act + bck != (double)serving) {
		hs_doubt_set(doubt, HS_DOUBT_SRVSTATE,
			     "backend %.100s has %u servers, not all of them usable", px,
			     be != NULL ? be->servers : 0);
		return false;
	}
	if (hs_eval_needs_cookie_rows(ev, hs_row_str(row, HS_COL_COOKIE))) {
		hs_doubt_set(
			doubt, HS_DOUBT_SRVSTATE,
			"backend %.100s sets a cookie: each server's cookie value is in its row",
			px);
		return false;
	}
	if (!hs_eval_assume_servers(ev, be, (unsigned)act, (unsigned)bck, why, sizeof(why))) {
		hs_doubt_set(doubt, HS_DOUBT_SRVSTATE, "%s", why);
		return false;
	}
	return true;
}

/* Reads the rows of a "show stat" answer for <cmd> under header <hdr>:
 * hs_answer_stat() without the header. Sets <*saw_backend> when a BACKEND
 * row of the proxy came. Returns 0 or -1.
 */
static int
read_rows(struct hs_reader *r, const struct hs_command *cmd, const struct hs_header *hdr,
	  char **fields, struct hs_srvstate *st, struct hs_details *det, struct hs_eval *ev,
	  bool *saw_backend, struct hs_doubt *doubt, struct hs_error *err)
{
	const struct hs_srvstate_backend *be;
	struct hs_row row;
	size_t len, rows = 0;
	char *rec;
	int n;
	enum hs_objtype last = HS_OBJ_FRONTEND;

	for (;;) {
		if (r->eof_ends) {
			/* a stats page export ends at the end of input */
			n = hs_reader_next(r, &rec, &len, err);
			if (n < 0)
				return -1;
			if (n == 0) {
				if (last == HS_OBJ_SERVER)
					/* every proxy with servers ends with its BACKEND row */
					return hs_error_set(err, HS_ERR_TRUNCATED,
							    "answer from %s is truncated: it ends "
							    "after %zu rows "
							    "with a server row, before its "
							    "backend's BACKEND row",
							    r->peer, rows);
				break;
			}
		} else if (hs_record_next(r, "show stat", rows + 1, &rec, &len, err) < 0) {
			if (err->code == HS_ERR_TRUNCATED)
				hs_error_set(err, HS_ERR_TRUNCATED,
					     "answer from %s is truncated: it ended after %zu rows "
					     "without the terminating empty line",
					     r->peer, rows);
			return -1;
		}
		if (len == 0)
			break;
		n = hs_csv_split(rec, len, fields, HS_MAX_FIELDS);
		if (n < 0)
			return hs_error_set(err, HS_ERR_MALFORMED,
					    "malformed answer from %s: row %zu is not valid CSV "
					    "(bad quoting or more than %d fields)",
					    r->peer, rows + 1, HS_MAX_FIELDS);
		if (hs_row_bind(&row, hdr, fields, (size_t)n, err) != 0) {
			struct hs_error why = *err;

			return hs_error_set(err, HS_ERR_MALFORMED,
					    "malformed answer from %s: row %zu: %.300s", r->peer,
					    rows + 1, why.msg);
		}
		rows++;
		last = row.type;
		/* an unknown name falls back to a numeric id: not our rows */
		if (cmd->proxy != NULL && strcmp(hs_row_str(&row, HS_COL_PXNAME), cmd->proxy) != 0)
			continue;
		*saw_backend |= row.type == HS_OBJ_BACKEND;
		if (row.type == HS_OBJ_BACKEND && st != NULL) {
			be = hs_srvstate_find(st, hs_row_str(&row, HS_COL_PXNAME));
			if (be != NULL && be->detail) {
				if (det == NULL) {
					hs_doubt_set(doubt, HS_DOUBT_SRVSTATE,
						     "backend %.100s needs its server rows",
						     be->name);
					return 0;
				}
				if (hs_details_replay(st, be, det, ev, doubt, err) != 0)
					return -1;
				if (doubt->kind != HS_DOUBT_NONE)
					return 0;
			} else if (!assume_servers(be, ev, &row, doubt)) {
				return 0;
			}
		}
		if (hs_eval_row(ev, &row, err) != 0)
			return -1;
	}
	if (rows == 0 && cmd->proxy == NULL && (cmd->mask & HS_MASK_BACKENDS))
		return hs_error_set(err, HS_ERR_MALFORMED,
				    "malformed answer from %s: a header but no rows", r->peer);
	return 0;
}

int
hs_answer_stat(struct hs_reader *r, const struct hs_command *cmd, bool backend,
	       struct hs_srvstate *st, struct hs_details *det, struct hs_eval *ev,
	       struct hs_doubt *doubt, struct hs_error *err)
{
	struct hs_header hdr;
	char **fields = malloc(HS_MAX_FIELDS * sizeof(*fields));
	bool saw_backend = false;
	int rc;

	if (fields == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	rc = hs_record_header(r, cmd->proxy != NULL, &hdr, fields, err);
	if (rc == 1)
		rc = read_rows(r, cmd, &hdr, fields, st, det, ev, &saw_backend, doubt, err);
	free(fields);
	if (rc == 0 && backend && !saw_backend && doubt->kind == HS_DOUBT_NONE)
		/* a frontend of the same name was dumped instead */
		hs_doubt_set(doubt, HS_DOUBT_FILTER, "a frontend and a backend share a name");
	return rc < 0 ? -1 : 0;
}

int
hs_answer_backend_list(struct hs_reader *r, const struct hs_plan *plan, bool *is_backend,
		       struct hs_doubt *doubt, struct hs_error *err)
{
	size_t len, lines = 0, i;
	char *rec;

	for (;;) {
		if (hs_record_next(r, "show backend", lines, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			return 0;
		if (lines++ == 0) {
			if (strcmp(rec, "# name") != 0)
				hs_doubt_set(doubt, HS_DOUBT_FILTER,
					     "this HAProxy does not know 'show backend'");
			continue;
		}
		for (i = 0; i < plan->count; i++) {
			const struct hs_command *cmd = &plan->cmd[i];

			if (cmd->kind == HS_CMD_STAT && cmd->proxy != NULL &&
			    strcmp(rec, cmd->proxy) == 0)
				is_backend[i] = true;
		}
	}
}

int
hs_answer_table(struct hs_reader *r, struct hs_eval *ev, struct hs_error *err)
{
	struct hs_table t;
	size_t len, lines = 0;
	char *rec;
	int rc;

	for (;;) {
		if (hs_record_next(r, "show table", lines, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			return 0;
		rc = hs_table_line(rec, lines == 0, &t, err);
		if (rc < 0)
			return -1;
		if (rc > 0)
			hs_eval_table(ev, &t);
		lines++;
	}
}

int
hs_answer_plan(struct hs_exchange *x, const struct hs_plan *plan, struct hs_eval *ev,
	       struct hs_info **info, struct hs_doubt *doubt, struct hs_error *err)
{
	bool is_backend[HS_PLAN_COMMANDS_MAX] = {false};
	struct hs_srvstate st, *srvstate = NULL;
	struct hs_details det;
	struct hs_reader *r;
	size_t i;
	int rc = 0;

	hs_srvstate_init(&st);
	hs_details_init(&det);
	st.accept = plan->srvstate_classes;
	st.accept_flag = plan->srvstate_flag_classes;
	st.detail_max = HS_PLAN_DETAIL_MAX;
	st.detail_servers_max = HS_PLAN_DETAIL_SERVERS_MAX;
	for (i = 0; i < plan->count && rc == 0 && doubt->kind == HS_DOUBT_NONE; i++) {
		const struct hs_command *cmd = &plan->cmd[i];

		if (hs_exchange_next(x, cmd, &r, err) != 0) {
			rc = -1;
			break;
		}
		switch (cmd->kind) {
		case HS_CMD_INFO:
			free(*info);
			*info = malloc(sizeof(**info));
			rc = *info == NULL ? hs_error_set(err, HS_ERR_NOMEM, "out of memory")
					   : hs_answer_info(r, *info, ev, err);
			break;
		case HS_CMD_SERVERS_STATE:
			rc = hs_answer_servers_state(r, &st, doubt, err);
			if (rc == 0 && doubt->kind == HS_DOUBT_NONE)
				rc = hs_followup_flags(x, &st, doubt, err);
			if (rc == 0 && doubt->kind == HS_DOUBT_NONE && st.detail > 0)
				rc = hs_followup_details(x, &st, &det, doubt, err);
			srvstate = &st;
			break;
		case HS_CMD_STAT:
			rc = hs_answer_stat(r, cmd, is_backend[i], srvstate, &det, ev, doubt, err);
			break;
		case HS_CMD_PAGE:
			rc = hs_answer_stat(r, cmd, false, NULL, &det, ev, doubt, err);
			break;
		case HS_CMD_BACKEND_LIST:
			rc = hs_answer_backend_list(r, plan, is_backend, doubt, err);
			break;
		case HS_CMD_TABLE:
			rc = hs_eval_wants_table_gt(ev) ? hs_followup_table_gt(x, r, ev, err)
							: hs_answer_table(r, ev, err);
			break;
		case HS_CMD_TABLE_DATA: /* sent by hs_followup_table_gt(), never planned */
			rc = hs_error_set(err, HS_ERR_USAGE,
					  "internal error: a planned table query");
			break;
		}
	}
	hs_details_free(&det);
	hs_srvstate_free(&st);
	return rc;
}
