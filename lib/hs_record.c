/* hs_record.c: what every reader of an answer shares: its next record,
 * the header of a "show stat" answer.
 */
#include <hs-config.h>

#include <stdio.h>
#include <string.h>

#include "hs_csv.h"
#include "hs_record.h"

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

int
hs_record_next(struct hs_reader *r, const char *what, size_t lines, char **rec, size_t *len,
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
hs_record_header(struct hs_reader *r, bool named, struct hs_header *hdr, char **fields,
		 struct hs_error *err)
{
	size_t len;
	char *rec;
	int n;

	if (hs_record_next(r, "show stat", 0, &rec, &len, err) < 0)
		return -1;
	if (len == 0)
		return hs_error_set(err, HS_ERR_EMPTY,
				    "empty response to 'show stat' from %s: no header", r->peer);
	if (named && strcmp(rec, "No such proxy.") == 0) {
		if (hs_record_next(r, "show stat", 1, &rec, &len, err) < 0)
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
