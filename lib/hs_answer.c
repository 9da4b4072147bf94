/* hs_answer.c: reading the answer to each kind of CLI command of a plan,
 * and the queries an answer calls for (a frontend's twin, stick table
 * entry counts); what every reader shares is hs_record's.
 */
#include <hs-config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_answer.h"
#include "hs_checkobj.h"
#include "hs_columns.h"
#include "hs_csv.h"
#include "hs_record.h"
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

/* Reads the rows of a "show stat" answer for <cmd> under header <hdr>:
 * hs_answer_stat() without the header. Sets <*saw_backend> when a BACKEND
 * row of the proxy came. Returns 0 or -1.
 */
static int
read_rows(struct hs_reader *r, const struct hs_command *cmd, const struct hs_header *hdr,
	  char **fields, struct hs_eval *ev, bool *saw_backend, struct hs_error *err)
{
	const char *only = cmd->proxy != NULL ? cmd->proxy : cmd->only;
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
		if (only != NULL && strcmp(hs_row_str(&row, HS_COL_PXNAME), only) != 0)
			continue;
		*saw_backend |= row.type == HS_OBJ_BACKEND;
		if (hs_eval_row(ev, &row, err) != 0)
			return -1;
	}
	if (rows == 0 && only == NULL && (cmd->mask & HS_MASK_BACKENDS))
		return hs_error_set(err, HS_ERR_MALFORMED,
				    "malformed answer from %s: a header but no rows", r->peer);
	return 0;
}

int
hs_answer_stat(struct hs_reader *r, const struct hs_command *cmd, struct hs_eval *ev,
	       bool *saw_backend, struct hs_error *err)
{
	struct hs_header hdr;
	char **fields = malloc(HS_MAX_FIELDS * sizeof(*fields));
	int rc;

	if (fields == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	rc = hs_record_header(r, cmd->proxy != NULL, &hdr, fields, err);
	if (rc == 1)
		rc = read_rows(r, cmd, &hdr, fields, ev, saw_backend, err);
	free(fields);
	return rc < 0 ? -1 : 0;
}

int
hs_answer_backend_list(struct hs_reader *r, const struct hs_plan *plan, bool *is_backend,
		       struct hs_error *err)
{
	size_t len, lines = 0, i;
	bool known = false;
	char *rec;

	for (;;) {
		if (hs_record_next(r, "show backend", lines, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			return known ? 1 : 0;
		if (lines++ == 0) {
			/* else "Unknown command." and its help */
			known = strcmp(rec, "# name") == 0;
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
		if (hs_record_next(r, "show table", lines, &rec, &len, err) < 0)
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

int
hs_answer_table(struct hs_exchange *x, struct hs_reader *r, struct hs_eval *ev,
		struct hs_error *err)
{
	struct hs_table *tables = NULL;
	size_t len, lines = 0, n = 0, i, j;
	char *rec;
	int rc = 0;

	for (;;) {
		struct hs_table t;

		if (hs_record_next(r, "show table", lines, &rec, &len, err) < 0 ||
		    (len > 0 && (rc = hs_table_line(rec, lines++ == 0, &t, err)) < 0)) {
			free(tables);
			return -1;
		}
		if (len == 0)
			break;
		if (rc == 0)
			continue;
		if (n == HS_TABLES_MAX || !hs_eval_wants_table_gt(ev)) {
			hs_eval_table(ev, &t); /* nothing to count, or beyond the budget */
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

/* Reads into <ev> the backend and server rows of the proxy <name> (of
 * mask <mask>) from a dump of every proxy, through <x>: what "show stat
 * <name> ..." could not give (a frontend of that name was dumped, or this
 * HAProxy cannot filter by name). Returns 0 or -1.
 */
static int
every_proxy_for(struct hs_exchange *x, const char *name, unsigned mask, struct hs_eval *ev,
		struct hs_error *err)
{
	struct hs_command cmd = {.kind = HS_CMD_STAT, .mask = mask, .only = name};
	struct hs_reader *r;
	bool saw_backend = false;

	if (hs_exchange_next(x, &cmd, &r, err) != 0)
		return -1;
	return hs_answer_stat(r, &cmd, ev, &saw_backend, err);
}

int
hs_answer_plan(struct hs_exchange *x, const struct hs_plan *plan, struct hs_eval *ev,
	       struct hs_info **info, struct hs_error *err)
{
	bool is_backend[HS_PLAN_COMMANDS_MAX] = {false};
	bool by_name = true; /* "show backend" is known (or not asked) */
	struct hs_reader *r;
	size_t i;
	int rc = 0;

	for (i = 0; i < plan->count && rc == 0; i++) {
		const struct hs_command *cmd = &plan->cmd[i];
		bool saw_backend = false;

		if (cmd->kind == HS_CMD_STAT && cmd->proxy != NULL && !by_name) {
			rc = every_proxy_for(x, cmd->proxy, cmd->mask, ev, err);
			continue;
		}
		if (hs_exchange_next(x, cmd, &r, err) != 0)
			return -1;
		switch (cmd->kind) {
		case HS_CMD_INFO:
			free(*info);
			*info = malloc(sizeof(**info));
			rc = *info == NULL ? hs_error_set(err, HS_ERR_NOMEM, "out of memory")
					   : hs_answer_info(r, *info, ev, err);
			break;
		case HS_CMD_STAT:
		case HS_CMD_PAGE:
			rc = hs_answer_stat(r, cmd, ev, &saw_backend, err);
			/* a backend's frontend twin was dumped instead */
			if (rc == 0 && is_backend[i] && !saw_backend)
				rc = every_proxy_for(x, cmd->proxy, cmd->mask, ev, err);
			break;
		case HS_CMD_BACKEND_LIST:
			rc = hs_answer_backend_list(r, plan, is_backend, err);
			by_name = rc == 1;
			rc = rc < 0 ? -1 : 0;
			break;
		case HS_CMD_TABLE:
			rc = hs_answer_table(x, r, ev, err);
			break;
		case HS_CMD_TABLE_DATA: /* sent by count_entries(), never planned */
			rc = hs_error_set(err, HS_ERR_USAGE,
					  "internal error: a planned table query");
			break;
		}
	}
	return rc;
}
