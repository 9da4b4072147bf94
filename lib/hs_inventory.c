/* hs_inventory.c: the frontends and backends an HAProxy has (--discover). */
#include <hs-config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_answer.h"
#include "hs_columns.h"
#include "hs_csv.h"
#include "hs_exchange.h"
#include "hs_expect.h"
#include "hs_inventory.h"
#include "hs_record.h"
#include "hs_time.h"

void
hs_inventory_init(struct hs_inventory *inv)
{
	memset(inv, 0, sizeof(*inv));
}

void
hs_inventory_free(struct hs_inventory *inv)
{
	size_t i;

	for (i = 0; i < inv->count; i++)
		free(inv->proxy[i].name);
	free(inv->proxy);
	hs_inventory_init(inv);
}

int
hs_inventory_add(struct hs_inventory *inv, const char *name, bool backend, unsigned iid,
		 struct hs_error *err)
{
	struct hs_inv_proxy *px = NULL;
	size_t i;

	if (!hs_name_valid(name)) {
		char excerpt[120];

		hs_sanitize_excerpt(excerpt, sizeof(excerpt), name, 100);
		return hs_error_set(err, HS_ERR_MALFORMED,
				    "proxy name '%s' is not one HAProxy accepts (letters, digits "
				    "and . _ : -, at most 255): no definitions written",
				    excerpt);
	}
	for (i = 0; i < inv->count && px == NULL; i++) {
		if (strcmp(inv->proxy[i].name, name) == 0)
			px = &inv->proxy[i];
	}
	if (px == NULL) {
		if (inv->count == HS_INVENTORY_MAX)
			return hs_error_set(err, HS_ERR_LIMIT,
					    "more than %d proxies: discover them in parts with "
					    "--proxy or --exclude-proxy",
					    HS_INVENTORY_MAX);
		if (inv->count == inv->cap) {
			size_t cap = inv->cap ? inv->cap * 2 : 16;
			struct hs_inv_proxy *grown = realloc(inv->proxy, cap * sizeof(*grown));

			if (grown == NULL)
				return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
			inv->proxy = grown;
			inv->cap = cap;
		}
		px = &inv->proxy[inv->count];
		memset(px, 0, sizeof(*px));
		px->name = strdup(name);
		if (px->name == NULL)
			return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
		inv->count++;
	}
	if (backend) {
		px->backend = true;
		if (px->be_iid == 0)
			px->be_iid = iid;
	} else {
		px->frontend = true;
		if (px->fe_iid == 0)
			px->fe_iid = iid;
	}
	px->listen = px->frontend && px->backend && px->fe_iid != 0 && px->fe_iid == px->be_iid;
	return 0;
}

/* The next row of the answer in <r>, <rows> rows in: 1 with the record,
 * 0 at its end (the empty line; or the end of input of a source that
 * vouches for it, the stats page or a saved answer), or -1 (a socket that
 * closed early: EMPTY or TRUNCATED).
 */
static int
next_row(struct hs_reader *r, size_t rows, char **rec, size_t *len, struct hs_error *err)
{
	int rc = r->eof_ends ? hs_reader_next(r, rec, len, err)
			     : hs_record_next(r, "show stat", rows, rec, len, err);

	return rc == 1 && *len == 0 ? 0 : rc;
}

/* Reads one "show stat" answer (or the page's CSV) from <r> into <inv>,
 * the proxies <sel> selects (include patterns that matched marked in
 * <marks>). <fields> has room for HS_MAX_FIELDS. Returns 0 or -1.
 */
static int
read_answer(struct hs_reader *r, const struct hs_selection *sel, struct hs_select_marks *marks,
	    char **fields, struct hs_inventory *inv, struct hs_error *err)
{
	struct hs_header hdr;
	struct hs_row row;
	size_t len, rows = 0;
	char *rec;
	int n, rc;

	if (hs_record_header(r, false, &hdr, fields, err) < 0)
		return -1;
	for (;;) {
		double iid;
		const char *name;

		rc = next_row(r, rows, &rec, &len, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			break;
		n = hs_csv_split(rec, len, fields, HS_MAX_FIELDS);
		if (n < 0 || hs_row_bind(&row, &hdr, fields, (size_t)n, err) != 0)
			return hs_error_set(err, HS_ERR_MALFORMED,
					    "malformed answer from %s: row %zu is not a valid row",
					    r->peer, rows + 1);
		rows++;
		if (row.type != HS_OBJ_FRONTEND && row.type != HS_OBJ_BACKEND)
			continue;
		name = hs_row_str(&row, HS_COL_PXNAME);
		if (!hs_name_valid(name)) /* refused whether selected or not */
			return hs_inventory_add(inv, name, false, 0, err);
		if (!hs_select_proxy(sel, name, marks))
			continue;
		if (!hs_row_num(&row, HS_COL_IID, &iid) || iid < 1 || iid > UINT_MAX)
			iid = 0;
		if (hs_inventory_add(inv, name, row.type == HS_OBJ_BACKEND, (unsigned)iid, err) !=
		    0)
			return -1;
	}
	if (rows == 0)
		return hs_error_set(err, HS_ERR_MALFORMED,
				    "malformed answer from %s: a header but no rows", r->peer);
	return 0;
}

/* Reads <node> (named in messages when <named>, one of several) before
 * <deadline> into <inv>. Returns 0 or -1.
 */
static int
read_node(const struct hs_node *node, bool named, int64_t deadline, const struct hs_selection *sel,
	  struct hs_select_marks *marks, char **fields, struct hs_inventory *inv,
	  struct hs_error *err)
{
	const struct hs_endpoint *ep = &node->ep;
	/* the frontends and backends only; the page has no type mask */
	struct hs_command cmd = {.kind = HS_CMD_STAT,
				 .proxy = NULL,
				 .mask = HS_MASK_FRONTENDS | HS_MASK_BACKENDS,
				 .only = NULL};
	struct hs_exchange x;
	struct hs_reader *r;
	int rc;

	if (ep->kind == HS_EP_HTTP)
		cmd = (struct hs_command){
			.kind = HS_CMD_PAGE, .proxy = NULL, .mask = HS_MASK_ALL, .only = NULL};
	hs_exchange_init(&x, ep, node->desc, deadline);
	rc = hs_exchange_next(&x, &cmd, &r, err);
	if (rc == 0)
		rc = read_answer(r, sel, marks, fields, inv, err);
	hs_exchange_close(&x);
	if (rc != 0 && named) {
		struct hs_error why = *err;

		hs_error_set(err, why.code, "node %s: %.400s", node->name, why.msg);
	}
	return rc;
}

int
hs_inventory_read(const struct hs_check_config *cfg, struct hs_inventory *inv, struct hs_error *err)
{
	int64_t deadline = hs_deadline_in(cfg->timeout);
	struct hs_select_marks marks;
	char **fields;
	size_t i;
	int rc = 0;

	fields = malloc(HS_MAX_FIELDS * sizeof(*fields));
	if (fields == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	if (hs_select_marks_init(&marks, &cfg->selection, err) != 0) {
		free(fields);
		return -1;
	}
	for (i = 0; i < cfg->nodes && rc == 0; i++)
		rc = read_node(&cfg->node[i], cfg->nodes > 1, deadline, &cfg->selection, &marks,
			       fields, inv, err);
	if (rc == 0)
		rc = hs_selection_check(&cfg->selection, &marks, err);
	if (rc == 0 && inv->count == 0)
		rc = hs_error_set(err, HS_ERR_MALFORMED,
				  "no frontend or backend found%s: nothing to define",
				  cfg->selection.count[HS_SEL_EXCLUDE_PROXY] > 0
					  ? " (every one excluded by --exclude-proxy)"
					  : "");
	hs_select_marks_free(&marks);
	free(fields);
	return rc;
}
