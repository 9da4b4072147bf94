/* hs_answer.c: reading the answer to each kind of CLI command. */
#include <hs-config.h>

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_answer.h"
#include "hs_checkobj.h"
#include "hs_exchange.h"
#include "hs_columns.h"
#include "hs_csv.h"
#include "hs_table.h"

/* Records in <d> a doubt of <kind>, its reason printf-style; a reason too
 * long for <d->why> is cut and ends in "...".
 */
static void __attribute__((format(printf, 3, 4)))
doubt_set(struct hs_doubt *d, enum hs_doubt_kind kind, const char *fmt, ...)
{
	va_list ap;
	int n;

	d->kind = kind;
	va_start(ap, fmt);
	n = vsnprintf(d->why, sizeof(d->why), fmt, ap);
	va_end(ap);
	if (n < 0)
		d->why[0] = '\0';
	else if ((size_t)n >= sizeof(d->why))
		memcpy(d->why + sizeof(d->why) - 4, "...", 4);
}

/* Error for a first line that is not a CSV header: quote what HAProxy (or
 * whatever answered) said.
 */
static int
not_stats_error(const struct hs_reader *r, const char *line, struct hs_error *err)
{
	char excerpt[120];

	hs_sanitize_excerpt(excerpt, sizeof(excerpt), line, 100);
	if (r->source.read != NULL) /* the stats page over HTTP */
		return hs_error_set(err, HS_ERR_NOT_STATS,
				    "unexpected response from %s: '%s' (expected the stats CSV: "
				    "give the URL of HAProxy's 'stats uri' page, without options)",
				    r->peer, excerpt);
	return hs_error_set(err, HS_ERR_NOT_STATS,
			    "unexpected response from %s: '%s' (expected a 'show stat' CSV "
			    "header: is this a HAProxy stats socket?)",
			    r->peer, excerpt);
}

/* Reads the next record of the answer to <what> from <r>, <lines> lines
 * into it; 0 at the clean end of input becomes EMPTY (nothing at all yet)
 * or TRUNCATED (inside an answer). Returns 1 or -1.
 */
static int
next_record(struct hs_reader *r, const char *what, size_t lines, char **rec, size_t *len,
	    struct hs_error *err)
{
	int rc = hs_reader_next(r, rec, len, err);

	if (rc != 0)
		return rc;
	if (r->records == 0)
		return hs_error_set(err, HS_ERR_EMPTY,
				    "empty response from %s: it closed the connection without an "
				    "answer",
				    r->peer);
	return hs_error_set(err, HS_ERR_TRUNCATED,
			    "answer from %s is truncated: its '%s' part ended after %zu lines "
			    "without the terminating empty line",
			    r->peer, what, lines);
}

int
hs_answer_info(struct hs_reader *r, struct hs_info *info, struct hs_eval *ev, struct hs_error *err)
{
	size_t len, lines = 0;
	char *rec;

	hs_info_init(info);
	for (;;) {
		if (next_record(r, "show info", lines, &rec, &len, err) < 0)
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
		if (next_record(r, "show servers state", lines, &rec, &len, err) < 0)
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
		doubt_set(doubt, HS_DOUBT_SRVSTATE, "%s", st->why);
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
		doubt_set(doubt, HS_DOUBT_SRVSTATE,
			  "backend %.100s has %u servers, not all of them usable", px,
			  be != NULL ? be->servers : 0);
		return false;
	}
	if (hs_eval_needs_cookie_rows(ev, hs_row_str(row, HS_COL_COOKIE))) {
		doubt_set(doubt, HS_DOUBT_SRVSTATE,
			  "backend %.100s sets a cookie: each server's cookie value is in its row",
			  px);
		return false;
	}
	if (!hs_eval_assume_servers(ev, be, (unsigned)act, (unsigned)bck, why, sizeof(why))) {
		doubt_set(doubt, HS_DOUBT_SRVSTATE, "%s", why);
		return false;
	}
	return true;
}

/* Reads the header of a "show stat" answer from <r> into <hdr>, splitting
 * it into <fields>. Returns 1 for a header, 0 for "No such proxy." (only
 * when a <named> proxy was asked for) or -1.
 */
static int
read_header(struct hs_reader *r, bool named, struct hs_header *hdr, char **fields,
	    struct hs_error *err)
{
	size_t len;
	char *rec;
	int n;

	if (next_record(r, "show stat", 0, &rec, &len, err) < 0)
		return -1;
	if (len == 0)
		return hs_error_set(err, HS_ERR_EMPTY,
				    "empty response to 'show stat' from %s: no header", r->peer);
	if (named && strcmp(rec, "No such proxy.") == 0) {
		if (next_record(r, "show stat", 1, &rec, &len, err) < 0)
			return -1;
		if (len != 0)
			return not_stats_error(r, rec, err);
		return 0;
	}
	if (strncmp(rec, "# ", 2) != 0)
		return not_stats_error(r, rec, err);
	n = hs_csv_split(rec, len, fields, HS_MAX_FIELDS);
	if (n < 0)
		return hs_error_set(err, HS_ERR_MALFORMED, "malformed header from %s", r->peer);
	if (hs_header_parse(hdr, fields, (size_t)n, err) != 0) {
		struct hs_error why = *err;

		return hs_error_set(err, why.code, "malformed answer from %s: %.300s", r->peer,
				    why.msg);
	}
	return 1;
}

void
hs_details_init(struct hs_details *det)
{
	memset(det, 0, sizeof(*det));
	hs_buf_init(&det->rows, HS_DETAILS_BYTES_MAX);
}

void
hs_details_free(struct hs_details *det)
{
	hs_buf_free(&det->rows);
	free(det->fields);
	hs_details_init(det);
}

/* Reads the answer to "show stat <id> 4 -1" for backend <i> of <st> from
 * <r>, keeping its rows in <det>: hs_answer_details() for one backend.
 * Returns 0 or -1.
 */
static int
read_detail(struct hs_reader *r, struct hs_srvstate *st, size_t i, struct hs_details *det,
	    struct hs_doubt *doubt, struct hs_error *err)
{
	const struct hs_srvstate_backend *be = &st->be[i];
	size_t off = det->rows.len, len, rows = 0;
	struct hs_header hdr;
	struct hs_row row;
	char *rec;
	int n, rc;

	rc = read_header(r, true, &hdr, det->fields, err);
	if (rc < 0)
		return -1;
	if (rc == 0 || (det->have_hdr &&
			(hdr.nfields != det->hdr.nfields ||
			 memcmp(hdr.field_of, det->hdr.field_of, sizeof(hdr.field_of)) != 0))) {
		doubt_set(doubt, HS_DOUBT_SRVSTATE, "backend %.100s (id %u) changed meanwhile",
			  be->name, be->id);
		return 0;
	}
	det->hdr = hdr;
	det->have_hdr = true;
	for (;;) {
		if (next_record(r, "show stat", rows + 1, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			break;
		/* kept before splitting, which cuts it up: behind its length (a
		 * record may hold a quoted line end), with the byte after it
		 * that hs_csv_split() writes */
		if (!hs_buf_append(&det->rows, (const char *)&len, sizeof(len)) ||
		    !hs_buf_append(&det->rows, rec, len) || !hs_buf_append(&det->rows, "", 1)) {
			if (det->rows.nomem)
				return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
			doubt_set(doubt, HS_DOUBT_SRVSTATE,
				  "the servers that need their rows take more than %u bytes",
				  HS_DETAILS_BYTES_MAX);
			return 0;
		}
		n = hs_csv_split(rec, len, det->fields, HS_MAX_FIELDS);
		if (n < 0 || hs_row_bind(&row, &det->hdr, det->fields, (size_t)n, err) != 0)
			return hs_error_set(
				err, HS_ERR_MALFORMED,
				"malformed answer from %s: row %zu of 'show stat %u 4 -1' "
				"is not a valid row",
				r->peer, rows + 1, be->id);
		rows++;
		if (row.type != HS_OBJ_SERVER ||
		    strcmp(hs_row_str(&row, HS_COL_PXNAME), be->name) != 0)
			break;
	}
	if (len != 0 || rows != be->servers) {
		doubt_set(doubt, HS_DOUBT_SRVSTATE, "backend %.100s (id %u) changed meanwhile",
			  be->name, be->id);
		return 0;
	}
	det->item[det->count].be = i;
	det->item[det->count].off = off;
	det->item[det->count].len = det->rows.len - off;
	det->count++;
	return 0;
}

int
hs_answer_details(struct hs_exchange *x, struct hs_srvstate *st, struct hs_details *det,
		  struct hs_doubt *doubt, struct hs_error *err)
{
	struct hs_reader *r;
	size_t i;

	if (det->fields == NULL) {
		det->fields = malloc(HS_MAX_FIELDS * sizeof(*det->fields));
		if (det->fields == NULL)
			return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	}
	for (i = 0; i < st->count && doubt->kind == HS_DOUBT_NONE; i++) {
		/* only the numeric id HAProxy gave is spliced into the command */
		struct hs_command cmd = {HS_CMD_STAT, NULL, HS_MASK_SERVERS, st->be[i].id, 0};

		if (!st->be[i].detail)
			continue;
		if (det->count >= HS_PLAN_DETAIL_MAX) {
			doubt_set(doubt, HS_DOUBT_SRVSTATE, "too many backends need server rows");
			break;
		}
		if (hs_exchange_next(x, &cmd, &r, err) != 0 ||
		    read_detail(r, st, i, det, doubt, err) != 0)
			return -1;
	}
	return 0;
}

/* Reads the answer to "show stat -1 4 <sid>" from <r>, one server of each
 * backend, into the backup flags of <st>: hs_answer_flags() for one id.
 * <fields> has room for HS_MAX_FIELDS. Returns 0 or -1.
 */
static int
read_flags(struct hs_reader *r, unsigned sid, struct hs_srvstate *st, char **fields,
	   struct hs_doubt *doubt, struct hs_error *err)
{
	struct hs_header hdr;
	struct hs_row row;
	size_t len, rows = 0;
	char *rec;
	double iid, id, bck;
	int n;

	if (read_header(r, false, &hdr, fields, err) < 0)
		return -1;
	for (;;) {
		if (next_record(r, "show stat", rows + 1, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			return 0;
		n = hs_csv_split(rec, len, fields, HS_MAX_FIELDS);
		if (n < 0 || hs_row_bind(&row, &hdr, fields, (size_t)n, err) != 0)
			return hs_error_set(
				err, HS_ERR_MALFORMED,
				"malformed answer from %s: row %zu of 'show stat -1 4 %u' "
				"is not a valid row",
				r->peer, rows + 1, sid);
		rows++;
		if (row.type != HS_OBJ_SERVER || !hs_row_num(&row, HS_COL_IID, &iid) ||
		    !hs_row_num(&row, HS_COL_SID, &id) || !hs_row_num(&row, HS_COL_BCK, &bck) ||
		    id != sid || iid < 1 || iid > INT_MAX) {
			doubt_set(doubt, HS_DOUBT_SRVSTATE,
				  "'show stat -1 4 %u' answered with another row", sid);
			return 0;
		}
		/* a server that does not wait for its flag is not a contradiction:
		 * the server of that id in another backend */
		(void)hs_srvstate_flag_set(st, (unsigned)iid, sid, hs_row_str(&row, HS_COL_PXNAME),
					   bck == 1);
	}
}

int
hs_answer_flags(struct hs_exchange *x, struct hs_srvstate *st, struct hs_doubt *doubt,
		struct hs_error *err)
{
	char **fields;
	struct hs_reader *r;
	size_t i;
	int rc = 0;

	if (st->flags == 0)
		return 0;
	fields = malloc(HS_MAX_FIELDS * sizeof(*fields));
	if (fields == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	for (i = 0; i < st->nflag_ids && rc == 0 && doubt->kind == HS_DOUBT_NONE; i++) {
		/* only a numeric id HAProxy gave is spliced into the command */
		struct hs_command cmd = {HS_CMD_STAT, NULL, HS_MASK_SERVERS, 0, st->flag_ids[i]};

		rc = hs_exchange_next(x, &cmd, &r, err);
		if (rc == 0)
			rc = read_flags(r, st->flag_ids[i], st, fields, doubt, err);
	}
	free(fields);
	if (rc == 0 && doubt->kind == HS_DOUBT_NONE && !hs_srvstate_flags_done(st))
		doubt_set(doubt, HS_DOUBT_SRVSTATE,
			  "a server whose backup flag counts was not in 'show stat -1 4 <id>'");
	return rc;
}

/* Reads into <ev> the rows <det> keeps for backend <be> of <st>, once.
 * Returns 0 (<doubt> set when they were read already, or never fetched) or
 * -1.
 */
static int
replay_detail(struct hs_srvstate *st, const struct hs_srvstate_backend *be, struct hs_details *det,
	      struct hs_eval *ev, struct hs_doubt *doubt, struct hs_error *err)
{
	size_t i, k = (size_t)(be - st->be);
	struct hs_row row;
	char *p, *end;
	size_t len;
	int n;

	for (i = 0; i < det->count && det->item[i].be != k; i++)
		;
	if (i == det->count || det->item[i].len == SIZE_MAX) {
		doubt_set(doubt, HS_DOUBT_SRVSTATE, "backend %.100s came twice", be->name);
		return 0;
	}
	p = det->rows.data + det->item[i].off;
	end = p + det->item[i].len;
	det->item[i].len = SIZE_MAX; /* read: split up in place */
	for (; p < end; p += len + 1) {
		memcpy(&len, p, sizeof(len));
		p += sizeof(len);
		n = hs_csv_split(p, len, det->fields, HS_MAX_FIELDS);
		if (n < 0 || hs_row_bind(&row, &det->hdr, det->fields, (size_t)n, err) != 0)
			return hs_error_set(err, HS_ERR_MALFORMED, "internal error: a kept row");
		if (hs_eval_row(ev, &row, err) != 0)
			return -1;
	}
	return 0;
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
		} else if (next_record(r, "show stat", rows + 1, &rec, &len, err) < 0) {
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
					doubt_set(doubt, HS_DOUBT_SRVSTATE,
						  "backend %.100s needs its server rows", be->name);
					return 0;
				}
				if (replay_detail(st, be, det, ev, doubt, err) != 0)
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
	rc = read_header(r, cmd->proxy != NULL, &hdr, fields, err);
	if (rc == 1)
		rc = read_rows(r, cmd, &hdr, fields, st, det, ev, &saw_backend, doubt, err);
	free(fields);
	if (rc == 0 && backend && !saw_backend && doubt->kind == HS_DOUBT_NONE)
		/* a frontend of the same name was dumped instead */
		doubt_set(doubt, HS_DOUBT_FILTER, "a frontend and a backend share a name");
	return rc < 0 ? -1 : 0;
}

int
hs_answer_backend_list(struct hs_reader *r, const struct hs_plan *plan, bool *is_backend,
		       struct hs_doubt *doubt, struct hs_error *err)
{
	size_t len, lines = 0, i;
	char *rec;

	for (;;) {
		if (next_record(r, "show backend", lines, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			return 0;
		if (lines++ == 0) {
			if (strcmp(rec, "# name") != 0)
				doubt_set(doubt, HS_DOUBT_FILTER,
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
		if (next_record(r, "show table", lines, &rec, &len, err) < 0)
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

/* Most stick tables kept while "show table" is read, to count their
 * entries afterwards (each query needs a connection of its own).
 */
#define HS_TABLES_MAX 256

/* Counts the entries of <t> for metric <m> (table.gt.TYPE.N) by sending
 * "show table <name> data.TYPE gt N" through <x>, into t->gt. An answer
 * that says the entries cannot be counted leaves them uncounted (noted at
 * -vv). Returns 0 or -1 (the exchange or the read failed).
 */
static int
count_entries(struct hs_exchange *x, struct hs_table *t, const struct hs_metric *m,
	      struct hs_error *err)
{
	struct hs_command cmd = {.kind = HS_CMD_TABLE_DATA};
	char type[40], why[200] = "", arg[320];
	size_t len, lines = 0;
	struct hs_reader *r;
	const char *value;
	double count = 0;
	bool have = true;
	char *rec;
	int rc;

	if (t->ngt >= HS_TABLE_GT_MAX || !hs_metric_table_gt(m, type, sizeof(type), &value))
		return 0;
	t->gt[t->ngt].key = m->field;
	t->gt[t->ngt].have = false;
	/* only checked words reach the socket */
	if (!hs_table_query_valid(t->name, type, value)) {
		t->ngt++;
		return 0;
	}
	snprintf(arg, sizeof(arg), "%s data.%s gt %s", t->name, type, value);
	cmd.proxy = arg;
	if (hs_exchange_next(x, &cmd, &r, err) != 0)
		return -1;
	for (;;) {
		if (next_record(r, "show table", lines, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			break;
		rc = have ? hs_table_data_line(rec, lines == 0, t->name, why, sizeof(why)) : 0;
		if (rc < 0)
			have = false;
		count += rc > 0;
		lines++;
	}
	t->gt[t->ngt].have = have;
	t->gt[t->ngt].count = count;
	t->ngt++;
	return 0;
}

/* Reads the answer to "show table" from <r> like hs_answer_table(), then
 * counts the entries of each selected table for the table.gt metrics that
 * apply to it, through <x>, before evaluating it. Returns 0 or -1.
 */
static int
answer_table_gt(struct hs_exchange *x, struct hs_reader *r, struct hs_eval *ev,
		struct hs_error *err)
{
	struct hs_table *tables = NULL;
	size_t len, lines = 0, n = 0, i, j;
	char *rec;
	int rc = 0;

	for (;;) {
		struct hs_table t;

		if (next_record(r, "show table", lines, &rec, &len, err) < 0) {
			free(tables);
			return -1;
		}
		if (len == 0)
			break;
		rc = hs_table_line(rec, lines == 0, &t, err);
		lines++;
		if (rc < 0) {
			free(tables);
			return -1;
		}
		if (rc == 0)
			continue;
		if (n == HS_TABLES_MAX) {
			hs_eval_table(ev, &t); /* beyond the budget: not counted */
			continue;
		}
		if (tables == NULL && (tables = malloc(HS_TABLES_MAX * sizeof(*tables))) == NULL)
			return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
		tables[n++] = t;
	}
	for (i = 0, rc = 0; i < n && rc == 0; i++) {
		const struct hs_metric *m[HS_TABLE_GT_MAX];
		size_t k = hs_eval_table_gt(ev, tables[i].name, m, HS_TABLE_GT_MAX);

		for (j = 0; j < k && rc == 0; j++)
			rc = count_entries(x, &tables[i], m[j], err);
		if (rc == 0)
			hs_eval_table(ev, &tables[i]);
	}
	free(tables);
	return rc;
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
				rc = hs_answer_flags(x, &st, doubt, err);
			if (rc == 0 && doubt->kind == HS_DOUBT_NONE && st.detail > 0)
				rc = hs_answer_details(x, &st, &det, doubt, err);
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
			rc = hs_eval_wants_table_gt(ev) ? answer_table_gt(x, r, ev, err)
							: hs_answer_table(r, ev, err);
			break;
		case HS_CMD_TABLE_DATA: /* sent by answer_table_gt(), never planned */
			rc = hs_error_set(err, HS_ERR_USAGE,
					  "internal error: a planned table query");
			break;
		}
	}
	hs_details_free(&det);
	hs_srvstate_free(&st);
	return rc;
}
