/* hs_answer.c: reading the answer to each kind of CLI command. */
#include <hs-config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_answer.h"
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

/* The first backend of <st> with a server without a check of its own, or
 * NULL.
 */
static const struct hs_srvstate_backend *
unchecked_backend(const struct hs_srvstate *st)
{
	size_t i;

	for (i = 0; i < st->count; i++) {
		if (st->be[i].unchecked > 0)
			return &st->be[i];
	}
	return NULL;
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
	}
	if (st->unusable)
		doubt_set(doubt, HS_DOUBT_SRVSTATE, "%s", st->why);
	else if (st->any_checked && unchecked_backend(st) != NULL)
		doubt_set(doubt, HS_DOUBT_SRVSTATE,
			  "backend %.100s has servers without a check of their own, which may "
			  "track another",
			  unchecked_backend(st)->name);
	return 0;
}

/* For a BACKEND <row> of a dump without server rows: its act and bck
 * columns must count the servers <st> lists for it as serving (PLAIN and
 * NOCHECK), and <ev> must be able to take them as read. Returns false, with <doubt> set to
 * SRVSTATE, when not.
 */
static bool
assume_servers(struct hs_srvstate *st, struct hs_eval *ev, const struct hs_row *row,
	       struct hs_doubt *doubt)
{
	const char *px = hs_row_str(row, HS_COL_PXNAME);
	const struct hs_srvstate_backend *be = hs_srvstate_find(st, px);
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

/* Reads the rows of a "show stat" answer for <cmd> under header <hdr>:
 * hs_answer_stat() without the header. Sets <*saw_backend> when a BACKEND
 * row of the proxy came. Returns 0 or -1.
 */
static int
read_rows(struct hs_reader *r, const struct hs_command *cmd, const struct hs_header *hdr,
	  char **fields, struct hs_srvstate *st, struct hs_eval *ev, bool *saw_backend,
	  struct hs_doubt *doubt, struct hs_error *err)
{
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
		if (row.type == HS_OBJ_BACKEND && st != NULL &&
		    !assume_servers(st, ev, &row, doubt))
			return 0;
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
	       struct hs_srvstate *st, struct hs_eval *ev, struct hs_doubt *doubt,
	       struct hs_error *err)
{
	struct hs_header hdr;
	char **fields = malloc(HS_MAX_FIELDS * sizeof(*fields));
	bool saw_backend = false;
	int rc;

	if (fields == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	rc = read_header(r, cmd->proxy != NULL, &hdr, fields, err);
	if (rc == 1)
		rc = read_rows(r, cmd, &hdr, fields, st, ev, &saw_backend, doubt, err);
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

int
hs_answer_plan(struct hs_exchange *x, const struct hs_plan *plan, struct hs_eval *ev,
	       struct hs_info **info, struct hs_doubt *doubt, struct hs_error *err)
{
	bool is_backend[HS_PLAN_COMMANDS_MAX] = {false};
	struct hs_srvstate st, *srvstate = NULL;
	struct hs_reader *r;
	size_t i;
	int rc = 0;

	hs_srvstate_init(&st);
	st.accept = plan->srvstate_classes;
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
			srvstate = &st;
			break;
		case HS_CMD_STAT:
			rc = hs_answer_stat(r, cmd, is_backend[i], srvstate, ev, doubt, err);
			break;
		case HS_CMD_PAGE:
			rc = hs_answer_stat(r, cmd, false, NULL, ev, doubt, err);
			break;
		case HS_CMD_BACKEND_LIST:
			rc = hs_answer_backend_list(r, plan, is_backend, doubt, err);
			break;
		case HS_CMD_TABLE:
			rc = hs_answer_table(r, ev, err);
			break;
		}
	}
	hs_srvstate_free(&st);
	return rc;
}
