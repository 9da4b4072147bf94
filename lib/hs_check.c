/* hs_check.c: one complete check, from configuration to rendered output. */
#include <hs-config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_check.h"
#include "hs_columns.h"
#include "hs_csv.h"
#include "hs_eval.h"
#include "hs_reader.h"
#include "hs_report.h"
#include "hs_time.h"

/* The only command sent: read-only, fixed text, no user input in it. */
static const char stat_command[] = "show stat\n";

void
hs_check_config_init(struct hs_check_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->timeout = 10;
	hs_policy_init(&cfg->policy);
	hs_selection_init(&cfg->selection);
}

void
hs_check_config_free(struct hs_check_config *cfg)
{
	hs_selection_free(&cfg->selection);
	hs_threshold_free(&cfg->rate);
}

/* Error for a first line that is not a CSV header: quote what HAProxy (or
 * whatever answered) said.
 */
static int
not_stats_error(const char *peer, const char *line, struct hs_error *err)
{
	char excerpt[120];

	hs_sanitize_excerpt(excerpt, sizeof(excerpt), line, 100);
	return hs_error_set(err, HS_ERR_NOT_STATS,
			    "unexpected response from %s: '%s' (expected a 'show stat' CSV "
			    "header: is this a HAProxy stats socket?)",
			    peer, excerpt);
}

/* Reads the header and every row of the dump on <reader>, feeding <ev>.
 * Requires the terminating empty line. Returns 0 or -1.
 */
static int
read_dump(struct hs_reader *reader, struct hs_eval *ev, char **fields, struct hs_error *err)
{
	struct hs_header hdr;
	struct hs_row row;
	size_t len, rows = 0;
	char *rec;
	int rc, n;

	rc = hs_reader_next(reader, &rec, &len, err);
	if (rc < 0)
		return -1;
	if (rc == 0 || len == 0)
		return hs_error_set(err, HS_ERR_EMPTY,
				    "empty response from %s: it closed the connection without an "
				    "answer",
				    reader->peer);
	if (strncmp(rec, "# ", 2) != 0)
		return not_stats_error(reader->peer, rec, err);
	n = hs_csv_split(rec, len, fields, HS_MAX_FIELDS);
	if (n < 0)
		return hs_error_set(err, HS_ERR_MALFORMED, "malformed header from %s",
				    reader->peer);
	if (hs_header_parse(&hdr, fields, (size_t)n, err) != 0) {
		char why[HS_ERROR_MSG_MAX];

		memcpy(why, err->msg, sizeof(why));
		return hs_error_set(err, err->code, "malformed answer from %s: %.300s",
				    reader->peer, why);
	}
	for (;;) {
		rc = hs_reader_next(reader, &rec, &len, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return hs_error_set(
				err, HS_ERR_TRUNCATED,
				"answer from %s is truncated: it ended after %zu rows without "
				"the terminating empty line",
				reader->peer, rows);
		if (len == 0)
			break;
		n = hs_csv_split(rec, len, fields, HS_MAX_FIELDS);
		if (n < 0)
			return hs_error_set(err, HS_ERR_MALFORMED,
					    "malformed answer from %s: row %zu is not valid CSV "
					    "(bad quoting or more than %d fields)",
					    reader->peer, rows + 1, HS_MAX_FIELDS);
		if (hs_row_bind(&row, &hdr, fields, (size_t)n, err) != 0) {
			char why[HS_ERROR_MSG_MAX];

			memcpy(why, err->msg, sizeof(why));
			return hs_error_set(err, HS_ERR_MALFORMED,
					    "malformed answer from %s: row %zu: %.300s",
					    reader->peer, rows + 1, why);
		}
		if (hs_eval_row(ev, &row, err) != 0)
			return -1;
		rows++;
	}
	if (rows == 0)
		return hs_error_set(err, HS_ERR_MALFORMED,
				    "malformed answer from %s: a header but no rows", reader->peer);
	return 0;
}

int
hs_check_run(struct hs_check_config *cfg, enum hs_state *state, struct hs_buf *out,
	     struct hs_error *err)
{
	int64_t deadline = hs_deadline_in(cfg->timeout);
	struct hs_eval_config ecfg = {
		.policy = &cfg->policy,
		.selection = &cfg->selection,
		.rate = &cfg->rate,
		.verbosity = cfg->verbosity,
	};
	struct hs_report rep;
	struct hs_reader reader;
	struct hs_eval *ev = NULL;
	char peer[320];
	char **fields = NULL;
	int fd, rc = -1;

	hs_endpoint_describe(&cfg->endpoint, peer, sizeof(peer));
	hs_report_init(&rep);
	fd = hs_transport_open(&cfg->endpoint, stat_command, deadline, err);
	if (fd < 0)
		goto out;
	if (cfg->verbosity >= 2 && cfg->endpoint.kind != HS_EP_FILE)
		hs_report_note(&rep, "sent to %s: %.*s", peer, (int)strlen(stat_command) - 1,
			       stat_command);
	if (hs_reader_init(&reader, fd, deadline, HS_READER_MAX_RECORD, peer, err) != 0)
		goto out_fd;
	fields = malloc(HS_MAX_FIELDS * sizeof(*fields));
	ev = hs_eval_new(&ecfg, &rep, err);
	if (fields == NULL || ev == NULL) {
		hs_error_set(err, HS_ERR_NOMEM, "out of memory");
		goto out_reader;
	}
	if (read_dump(&reader, ev, fields, err) != 0)
		goto out_reader;
	if (hs_eval_finish(ev, err) != 0)
		goto out_reader;
	if (cfg->verbosity >= 3)
		hs_report_note(&rep, "read %llu bytes, %llu lines from %s",
			       (unsigned long long)reader.total, (unsigned long long)reader.records,
			       peer);
	hs_report_render(&rep, out);
	*state = rep.state;
	rc = 0;
out_reader:
	hs_eval_free(ev);
	free(fields);
	hs_reader_free(&reader);
out_fd:
	if (fd != STDIN_FILENO)
		close(fd);
out:
	hs_report_free(&rep);
	return rc;
}
