/* hs_followup.c: the queries a check sends because of an earlier answer
 * (backup flags, the rows of some backends, stick table entry counts) and
 * the reading of their answers.
 */
#include <hs-config.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_checkobj.h"
#include "hs_csv.h"
#include "hs_followup.h"
#include "hs_table.h"

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
 * <r>, keeping its rows in <det>: hs_followup_details() for one backend.
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

	rc = hs_record_header(r, true, &hdr, det->fields, err);
	if (rc < 0)
		return -1;
	if (rc == 0 || (det->have_hdr &&
			(hdr.nfields != det->hdr.nfields ||
			 memcmp(hdr.field_of, det->hdr.field_of, sizeof(hdr.field_of)) != 0))) {
		hs_doubt_set(doubt, HS_DOUBT_SRVSTATE, "backend %.100s (id %u) changed meanwhile",
			     be->name, be->id);
		return 0;
	}
	det->hdr = hdr;
	det->have_hdr = true;
	for (;;) {
		if (hs_record_next(r, "show stat", rows + 1, &rec, &len, err) < 0)
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
			hs_doubt_set(doubt, HS_DOUBT_SRVSTATE,
				     "the servers that need their rows take more than %u bytes",
				     HS_DETAILS_BYTES_MAX);
			return 0;
		}
		n = hs_csv_split(rec, len, det->fields, HS_MAX_FIELDS);
		if (n < 0 || hs_row_bind(&row, &det->hdr, det->fields, (size_t)n, err) != 0)
			return hs_error_set(
				err, HS_ERR_MALFORMED,
				"malformed answer from %s: row %zu of 'show stat #%u 4 -1' "
				"is not a valid row",
				r->peer, rows + 1, be->id);
		rows++;
		if (row.type != HS_OBJ_SERVER ||
		    strcmp(hs_row_str(&row, HS_COL_PXNAME), be->name) != 0)
			break;
	}
	if (len != 0 || rows != be->servers) {
		hs_doubt_set(doubt, HS_DOUBT_SRVSTATE, "backend %.100s (id %u) changed meanwhile",
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
hs_followup_details(struct hs_exchange *x, struct hs_srvstate *st, struct hs_details *det,
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
			hs_doubt_set(doubt, HS_DOUBT_SRVSTATE,
				     "too many backends need server rows");
			break;
		}
		if (hs_exchange_next(x, &cmd, &r, err) != 0 ||
		    read_detail(r, st, i, det, doubt, err) != 0)
			return -1;
	}
	return 0;
}

/* Reads the answer to "show stat -1# 4 <sid>" from <r>, one server of each
 * backend, into the backup flags of <st>: hs_followup_flags() for one id.
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

	if (hs_record_header(r, false, &hdr, fields, err) < 0)
		return -1;
	for (;;) {
		if (hs_record_next(r, "show stat", rows + 1, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			return 0;
		n = hs_csv_split(rec, len, fields, HS_MAX_FIELDS);
		if (n < 0 || hs_row_bind(&row, &hdr, fields, (size_t)n, err) != 0)
			return hs_error_set(
				err, HS_ERR_MALFORMED,
				"malformed answer from %s: row %zu of 'show stat -1# 4 %u' "
				"is not a valid row",
				r->peer, rows + 1, sid);
		rows++;
		if (row.type != HS_OBJ_SERVER || !hs_row_num(&row, HS_COL_IID, &iid) ||
		    !hs_row_num(&row, HS_COL_SID, &id) || !hs_row_num(&row, HS_COL_BCK, &bck) ||
		    id != sid || iid < 1 || iid > INT_MAX) {
			hs_doubt_set(doubt, HS_DOUBT_SRVSTATE,
				     "'show stat -1# 4 %u' answered with another row", sid);
			return 0;
		}
		/* a server that does not wait for its flag is not a contradiction:
		 * the server of that id in another backend */
		(void)hs_srvstate_flag_set(st, (unsigned)iid, sid, hs_row_str(&row, HS_COL_PXNAME),
					   bck == 1);
	}
}

int
hs_followup_flags(struct hs_exchange *x, struct hs_srvstate *st, struct hs_doubt *doubt,
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
		hs_doubt_set(doubt, HS_DOUBT_SRVSTATE,
			     "a server whose backup flag counts was not in 'show stat -1# 4 <id>'");
	return rc;
}

int
hs_details_replay(struct hs_srvstate *st, const struct hs_srvstate_backend *be,
		  struct hs_details *det, struct hs_eval *ev, struct hs_doubt *doubt,
		  struct hs_error *err)
{
	size_t i, k = (size_t)(be - st->be);
	struct hs_row row;
	char *p, *end;
	size_t len;
	int n;

	for (i = 0; i < det->count && det->item[i].be != k; i++)
		;
	if (i == det->count || det->item[i].len == SIZE_MAX) {
		hs_doubt_set(doubt, HS_DOUBT_SRVSTATE, "backend %.100s came twice", be->name);
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
hs_followup_table_gt(struct hs_exchange *x, struct hs_reader *r, struct hs_eval *ev,
		     struct hs_error *err)
{
	struct hs_table *tables = NULL;
	size_t len, lines = 0, n = 0, i, j;
	char *rec;
	int rc = 0;

	for (;;) {
		struct hs_table t;

		if (hs_record_next(r, "show table", lines, &rec, &len, err) < 0) {
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
