/* hs_check.c: one complete check, from configuration to rendered output. */
#include <hs-config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_check.h"
#include "hs_columns.h"
#include "hs_csv.h"
#include "hs_eval.h"
#include "hs_info.h"
#include "hs_table.h"
#include "hs_reader.h"
#include "hs_srvstate.h"
#include "hs_report.h"
#include "hs_time.h"

/* Pause before the one retry a reload symptom earns. */
#define HS_RETRY_DELAY_MS 100

void
hs_check_config_init(struct hs_check_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->timeout = 10;
	cfg->perf = HS_PERF_PROXIES;
	cfg->output_max_bytes = HS_REPORT_OUTPUT_DEFAULT;
	hs_policy_init(&cfg->policy);
	hs_selection_init(&cfg->selection);
	hs_rules_init(&cfg->rules);
	hs_expect_init(&cfg->expect);
}

void
hs_check_config_free(struct hs_check_config *cfg)
{
	hs_selection_free(&cfg->selection);
	hs_rules_free(&cfg->rules);
	hs_expect_free(&cfg->expect);
}

/* True if any of the policy lines <keys> (HS_POL_COUNT ends the list) is
 * not OK.
 */
static bool
policy_alerts(const struct hs_policy *pol, const int *keys)
{
	for (; *keys != HS_POL_COUNT; keys++) {
		if (pol->state[*keys] != HS_STATE_OK)
			return true;
	}
	return false;
}

static bool
expect_needs_servers(const struct hs_expect *ex)
{
	size_t i;

	for (i = 0; i < ex->count; i++) {
		if (ex->item[i].server != NULL)
			return true;
	}
	return false;
}

/* True if <pattern> can only match the name it spells: letters, digits,
 * '_', ':' and '-' ('.' is a regex wildcard).
 */
static bool
plain_name(const char *pattern)
{
	return hs_name_valid(pattern) && strchr(pattern, '.') == NULL;
}

/* True if the check needs no more of a server than "it is UP", so that
 * "show servers state" may stand in for the server rows (hs_srvstate.h).
 */
static bool
servers_state_will_do(const struct hs_check_config *cfg)
{
	const struct hs_selection *sel = &cfg->selection;

	return cfg->endpoint.kind != HS_EP_FILE && !cfg->list && cfg->verbosity == 0 &&
	       cfg->perf != HS_PERF_SERVERS && !hs_rules_need_servers(&cfg->rules) &&
	       sel->count[HS_SEL_SERVER] == 0 && sel->count[HS_SEL_EXCLUDE_SERVER] == 0 &&
	       !expect_needs_servers(&cfg->expect) &&
	       cfg->policy.state[HS_POL_SERVER_UP] == HS_STATE_OK;
}

/* hs_check_plan(), with the proxy filter only when <allow_filter>, and
 * "show servers state" for server rows only when <allow_state>.
 */
static int
plan_check(const struct hs_check_config *cfg, bool allow_filter, bool allow_state,
	   struct hs_plan *plan, struct hs_error *err)
{
	static const int server_keys[] = {HS_POL_BACKEND_BACKUP_ONLY,
					  HS_POL_SERVER_UP,
					  HS_POL_SERVER_GOING_DOWN,
					  HS_POL_SERVER_DOWN,
					  HS_POL_SERVER_DOWN_LAST,
					  HS_POL_BACKUP_DOWN,
					  HS_POL_SERVER_NOLB,
					  HS_POL_SERVER_DRAIN,
					  HS_POL_SERVER_MAINT,
					  HS_POL_SERVER_NOCHECK,
					  HS_POL_COUNT};
	static const int listener_keys[] = {HS_POL_LISTENER_OPEN, HS_POL_LISTENER_WAITING,
					    HS_POL_LISTENER_FULL, HS_POL_COUNT};
	const struct hs_selection *sel = &cfg->selection;
	const char *names[HS_PLAN_PROXIES_MAX];
	struct hs_plan_needs needs = {0};
	unsigned kinds = hs_rules_kinds(&cfg->rules);
	bool everything = cfg->list || cfg->verbosity > 0;
	size_t i, n = 0;

	needs.info = (kinds & HS_K_PROCESS) != 0;
	needs.table = (kinds & HS_K_TABLE) != 0;
	needs.mask = HS_MASK_FRONTENDS | HS_MASK_BACKENDS;
	if (everything || cfg->perf == HS_PERF_SERVERS || cfg->perf == HS_PERF_SUMMARY ||
	    cfg->perf == HS_PERF_PROXIES || hs_rules_need_servers(&cfg->rules) ||
	    sel->count[HS_SEL_SERVER] > 0 || expect_needs_servers(&cfg->expect) ||
	    policy_alerts(&cfg->policy, server_keys))
		needs.mask |= HS_MASK_SERVERS;
	if (everything || cfg->perf == HS_PERF_SERVERS || (kinds & HS_L) ||
	    policy_alerts(&cfg->policy, listener_keys))
		needs.mask |= HS_MASK_LISTENERS;
	/* proxies by name: only from a socket, when every pattern is a name */
	if (allow_filter && cfg->endpoint.kind != HS_EP_FILE && sel->count[HS_SEL_PROXY] > 0) {
		bool plain = true;

		for (i = 0; i < sel->count[HS_SEL_PROXY] && plain; i++) {
			plain = plain_name(sel->list[HS_SEL_PROXY][i].text) &&
				n < HS_PLAN_PROXIES_MAX;
			if (plain)
				names[n++] = sel->list[HS_SEL_PROXY][i].text;
		}
		/* expected proxies must be fetched too, to see them missing */
		for (i = 0; plain && i < cfg->expect.count; i++) {
			size_t j;
			bool dup = false;

			for (j = 0; j < n; j++)
				dup |= strcmp(names[j], cfg->expect.item[i].proxy) == 0;
			if (!dup && n < HS_PLAN_PROXIES_MAX)
				names[n++] = cfg->expect.item[i].proxy;
			else if (!dup)
				plain = false;
		}
		if (plain) {
			needs.proxy = names;
			needs.nproxy = n;
		}
	}
	/* a filtered plan is small already */
	needs.servers_state = allow_state && !cfg->server_rows && needs.proxy == NULL &&
			      (needs.mask & HS_MASK_SERVERS) && servers_state_will_do(cfg);
	return hs_plan_build(&needs, plan, err);
}

int
hs_check_plan(const struct hs_check_config *cfg, struct hs_plan *plan, struct hs_error *err)
{
	return plan_check(cfg, true, true, plan, err);
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

/* Reads the next record of a block; 0 at the clean end of input becomes
 * EMPTY (nothing at all yet) or TRUNCATED (inside an answer). Returns 1 or
 * -1.
 */
static int
next_record(struct hs_reader *reader, const char *what, size_t lines, char **rec, size_t *len,
	    struct hs_error *err)
{
	int rc = hs_reader_next(reader, rec, len, err);

	if (rc != 0)
		return rc;
	if (reader->records == 0)
		return hs_error_set(err, HS_ERR_EMPTY,
				    "empty response from %s: it closed the connection without an "
				    "answer",
				    reader->peer);
	return hs_error_set(err, HS_ERR_TRUNCATED,
			    "answer from %s is truncated: its '%s' part ended after %zu lines "
			    "without the terminating empty line",
			    reader->peer, what, lines);
}

/* Reads the answer to "show info" into <info>. Returns 0 or -1. */
static int
read_info(struct hs_reader *reader, struct hs_info *info, struct hs_error *err)
{
	size_t len, lines = 0;
	char *rec;

	hs_info_init(info);
	for (;;) {
		if (next_record(reader, "show info", lines, &rec, &len, err) < 0)
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
				    reader->peer);
	return 0;
}

/* Reads the answer to "show table", evaluating each table. Returns 0 or
 * -1.
 */
static int
read_tables(struct hs_reader *reader, struct hs_eval *ev, struct hs_error *err)
{
	struct hs_table t;
	size_t len, lines = 0;
	char *rec;
	int rc;

	for (;;) {
		if (next_record(reader, "show table", lines, &rec, &len, err) < 0)
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

/* What the answers said about a filtered plan. */
struct filter_check {
	bool untrusted;               /* ask again without the filter */
	bool state_unusable;          /* ... or with the server rows */
	struct hs_srvstate *srvstate; /* the servers state summary */
	const char *why;              /* the reason, for -vv */
	char why_buf[200];
	bool is_backend[HS_PLAN_PROXIES_MAX + 1]; /* by stat answer index */
};

/* For a BACKEND <row> of a dump without server rows: its act and bck
 * columns must count the servers "show servers state" listed for it (all
 * plainly UP), which the evaluator then takes as read. Returns false
 * (marking the summary unusable) when they do not.
 */
static bool
assume_servers(struct filter_check *fc, struct hs_eval *ev, const struct hs_row *row)
{
	const char *px = hs_row_str(row, HS_COL_PXNAME);
	unsigned listed = hs_srvstate_servers(fc->srvstate, px);
	double act, bck;

	if (!hs_row_num(row, HS_COL_ACT, &act) || !hs_row_num(row, HS_COL_BCK, &bck) || act < 0 ||
	    bck < 0 || act + bck != (double)listed) {
		fc->untrusted = fc->state_unusable = true;
		snprintf(fc->srvstate->why, sizeof(fc->srvstate->why),
			 "backend %.100s has %u servers, not all of them usable", px, listed);
		fc->why = fc->srvstate->why;
		return false;
	}
	hs_eval_assume_servers(ev, (unsigned)act, (unsigned)bck);
	return true;
}

/* Reads one answer to "show stat" (for <proxy>, or every proxy when NULL,
 * with type <mask>): the header and every row, feeding <ev> the rows of
 * <proxy> only, up to the terminating empty line. Sets <*saw_backend> when
 * a BACKEND row was fed. "No such proxy." for a named proxy is not an error: the proxy is
 * missing, which the selection and --expect report. Returns 0 or -1.
 */
static int
read_stat(struct hs_reader *reader, const char *proxy, unsigned mask, struct hs_eval *ev,
	  char **fields, bool *saw_backend, struct filter_check *fc, struct hs_error *err)
{
	struct hs_header hdr;
	struct hs_row row;
	size_t len, rows = 0;
	char *rec;
	int n;

	if (next_record(reader, "show stat", 0, &rec, &len, err) < 0)
		return -1;
	if (len == 0)
		return hs_error_set(err, HS_ERR_EMPTY,
				    "empty response to 'show stat' from %s: no header",
				    reader->peer);
	if (proxy != NULL && strcmp(rec, "No such proxy.") == 0) {
		if (next_record(reader, "show stat", 1, &rec, &len, err) < 0)
			return -1;
		if (len != 0)
			return not_stats_error(reader->peer, rec, err);
		return 0;
	}
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
		if (next_record(reader, "show stat", rows + 1, &rec, &len, err) < 0) {
			if (err->code == HS_ERR_TRUNCATED)
				hs_error_set(err, HS_ERR_TRUNCATED,
					     "answer from %s is truncated: it ended after %zu rows "
					     "without the terminating empty line",
					     reader->peer, rows);
			return -1;
		}
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
		rows++;
		/* an unknown name falls back to a numeric id: not our rows */
		if (proxy != NULL && strcmp(hs_row_str(&row, HS_COL_PXNAME), proxy) != 0)
			continue;
		*saw_backend |= row.type == HS_OBJ_BACKEND;
		if (row.type == HS_OBJ_BACKEND && fc->srvstate != NULL &&
		    !assume_servers(fc, ev, &row))
			return 0;
		if (hs_eval_row(ev, &row, err) != 0)
			return -1;
	}
	if (rows == 0 && proxy == NULL && (mask & HS_MASK_BACKENDS))
		return hs_error_set(err, HS_ERR_MALFORMED,
				    "malformed answer from %s: a header but no rows", reader->peer);
	return 0;
}

/* Reads the answer to "show backend" (a "# name" line, then one backend
 * name per line) and marks which named answers of <plan> are backends.
 * HAProxy before 1.7 does not know the command: the filter is then
 * untrusted. Returns 0 or -1.
 */
static int
read_backends(struct hs_reader *reader, const struct hs_plan *plan, struct filter_check *fc,
	      struct hs_error *err)
{
	size_t len, lines = 0, i;
	char *rec;

	for (;;) {
		if (next_record(reader, "show backend", lines, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			return 0;
		if (lines++ == 0) {
			if (strcmp(rec, "# name") != 0) {
				fc->untrusted = true;
				fc->why = "this HAProxy does not know 'show backend'";
			}
			continue;
		}
		for (i = 1; i < plan->nstat; i++) {
			if (strcmp(rec, plan->stat_proxy[i]) == 0)
				fc->is_backend[i] = true;
		}
	}
}

/* Reads the answer to "show servers state" into <st>. Returns 0 or -1. */
static int
read_servers_state(struct hs_reader *reader, struct hs_srvstate *st, struct hs_error *err)
{
	size_t len, lines = 0;
	char *rec;

	for (;;) {
		if (next_record(reader, "show servers state", lines, &rec, &len, err) < 0)
			return -1;
		if (len == 0)
			return 0;
		if (hs_srvstate_line(st, rec, err) != 0)
			return -1;
		lines++;
	}
}

/* The answers of a plan, one command per connection. HAProxy 2.6 keeps a
 * CLI session forever when its client dies while a command of a
 * ';'-separated line is still writing and more commands follow (seen with
 * "show stat;show stat" and "show servers state;show stat": ten such
 * sessions lock every stats socket), and a monitoring scheduler kills
 * plugins that overrun. So each command gets its own connection, opened
 * when its answer is wanted, all under the one deadline. A saved dump
 * holds every answer in one file.
 */
struct answers {
	const struct hs_endpoint *ep;
	int64_t deadline;
	const char *peer;
	char cmds[HS_PLAN_LINE_MAX]; /* the plan line, split at ';' */
	char *cmd[2 * HS_PLAN_PROXIES_MAX + 8];
	size_t ncmd, next;
	int fd;
	bool open;
	struct hs_reader reader;
	uint64_t total, records; /* over the connections closed so far */
	struct hs_report *note;  /* -vv: note the commands once the first is sent */
	const char *note_line;
};

static void
answers_init(struct answers *a, const struct hs_endpoint *ep, const struct hs_plan *plan,
	     int64_t deadline, const char *peer)
{
	char *p, *save = NULL;

	memset(a, 0, sizeof(*a));
	a->ep = ep;
	a->deadline = deadline;
	a->peer = peer;
	a->fd = -1;
	snprintf(a->cmds, sizeof(a->cmds), "%s", plan->line);
	a->cmds[strcspn(a->cmds, "\n")] = '\0';
	for (p = strtok_r(a->cmds, ";", &save);
	     p != NULL && a->ncmd < sizeof(a->cmd) / sizeof(a->cmd[0]);
	     p = strtok_r(NULL, ";", &save))
		a->cmd[a->ncmd++] = p;
}

/* Closes the current connection, if any. */
static void
answers_close(struct answers *a)
{
	if (!a->open)
		return;
	a->total += a->reader.total;
	a->records += a->reader.records;
	hs_reader_free(&a->reader);
	if (a->fd != STDIN_FILENO)
		close(a->fd);
	a->fd = -1;
	a->open = false;
}

/* Points <*r> at the reader of the next answer: for a socket, a new
 * connection that sent the next command; for a saved dump, the same file.
 * Returns 0 or -1.
 */
static int
answers_next(struct answers *a, struct hs_reader **r, struct hs_error *err)
{
	char line[HS_PLAN_LINE_MAX + 1];

	if (a->ep->kind == HS_EP_FILE && a->open) {
		*r = &a->reader;
		return 0;
	}
	answers_close(a);
	if (a->next >= a->ncmd)
		return hs_error_set(err, HS_ERR_IO, "internal error: no command left to send");
	snprintf(line, sizeof(line), "%s\n", a->cmd[a->next++]);
	a->fd = hs_transport_open(a->ep, line, a->deadline, err);
	if (a->fd < 0)
		return -1;
	if (hs_reader_init(&a->reader, a->fd, a->deadline, HS_READER_MAX_RECORD, a->peer, err) !=
	    0) {
		if (a->fd != STDIN_FILENO)
			close(a->fd);
		return -1;
	}
	a->open = true;
	*r = &a->reader;
	if (a->note != NULL) {
		/* one line for the plan: ';' separates commands, each sent on
		 * its own connection */
		hs_report_note(a->note, "%s %s: %.*s",
			       a->ep->kind == HS_EP_FILE ? "read from" : "sent to", a->peer,
			       (int)strlen(a->note_line) - 1, a->note_line);
		a->note = NULL;
	}
	return 0;
}

/* Reads every answer the plan asked for, in order. Returns 0 or -1. */
static int
read_answers(struct answers *a, const struct hs_plan *plan, struct hs_eval *ev, char **fields,
	     struct hs_info *info, struct filter_check *fc, struct hs_error *err)
{
	struct hs_reader *reader;
	size_t i;

	if (plan->info) {
		if (answers_next(a, &reader, err) != 0 || read_info(reader, info, err) != 0)
			return -1;
		hs_eval_info(ev, info);
	}
	if (plan->servers_state) {
		if (answers_next(a, &reader, err) != 0 ||
		    read_servers_state(reader, fc->srvstate, err) != 0)
			return -1;
		if (fc->srvstate->unusable) {
			fc->untrusted = fc->state_unusable = true;
			fc->why = fc->srvstate->why;
			return 0;
		}
	}
	for (i = 0; i < plan->nstat; i++) {
		bool saw_backend = false;

		if (answers_next(a, &reader, err) != 0 ||
		    read_stat(reader, plan->stat_proxy[i], plan->stat_mask[i], ev, fields,
			      &saw_backend, fc, err) != 0)
			return -1;
		if (plan->filtered && i == 0 &&
		    (answers_next(a, &reader, err) != 0 ||
		     read_backends(reader, plan, fc, err) != 0))
			return -1;
		if (fc->is_backend[i] && !saw_backend) {
			/* a frontend of the same name was dumped instead */
			fc->untrusted = true;
			fc->why = "a frontend and a backend share a name";
		}
		if (fc->untrusted)
			return 0;
	}
	if (plan->table &&
	    (answers_next(a, &reader, err) != 0 || read_tables(reader, ev, err) != 0))
		return -1;
	return 0;
}

/* One attempt: connect, send the plan, read and evaluate every answer
 * into <rep>. <*stale> tells whether a soft-stopping process answered
 * (frontends in STOP). Returns 0, -1, or 1 when the answers show that the
 * proxy filter cannot be trusted (<fc> says why).
 */
static int
check_once(const struct hs_check_config *cfg, const struct hs_plan *plan, int64_t deadline,
	   const char *peer, struct hs_report *rep, bool *stale, struct filter_check *fc,
	   struct hs_error *err)
{
	struct hs_eval_config ecfg = {
		.policy = &cfg->policy,
		.selection = &cfg->selection,
		.rules = &cfg->rules,
		.expect = &cfg->expect,
		.perf = cfg->perf,
		.list = cfg->list,
		.verbosity = cfg->verbosity,
	};
	struct answers a;
	struct hs_srvstate srvstate;
	struct hs_eval *ev = NULL;
	struct hs_info *info = NULL;
	char **fields = NULL;
	int rc = -1;

	*stale = false;
	answers_init(&a, &cfg->endpoint, plan, deadline, peer);
	if (cfg->verbosity >= 2) {
		a.note = rep;
		a.note_line = plan->line;
	}
	fields = malloc(HS_MAX_FIELDS * sizeof(*fields));
	info = plan->info ? malloc(sizeof(*info)) : NULL;
	ev = hs_eval_new(&ecfg, rep, err);
	if (fields == NULL || ev == NULL || (plan->info && info == NULL)) {
		hs_error_set(err, HS_ERR_NOMEM, "out of memory");
		goto out;
	}
	memset(fc, 0, sizeof(*fc));
	hs_srvstate_init(&srvstate);
	fc->srvstate = plan->servers_state ? &srvstate : NULL;
	rc = read_answers(&a, plan, ev, fields, info, fc, err);
	if (fc->untrusted)
		snprintf(fc->why_buf, sizeof(fc->why_buf), "%s", fc->why);
	hs_srvstate_free(&srvstate);
	fc->srvstate = NULL;
	fc->why = fc->why_buf;
	if (rc != 0) {
		rc = -1;
		goto out;
	}
	if (fc->untrusted) {
		rc = 1;
		goto out;
	}
	rc = -1;
	{
		size_t frontends, stop;

		/* soft-stopping only when every frontend is: one frontend in
		 * STOP was shut down ("shutdown frontend", or "disable
		 * frontend" on <= 2.2), which its finding reports */
		hs_eval_frontends(ev, &frontends, &stop);
		*stale = frontends > 0 && stop == frontends;
	}
	if (hs_eval_finish(ev, err) != 0)
		goto out;
	answers_close(&a);
	if (cfg->verbosity >= 3)
		hs_report_note(rep, "read %llu bytes, %llu lines from %s",
			       (unsigned long long)a.total, (unsigned long long)a.records, peer);
	rc = 0;
out:
	answers_close(&a);
	hs_eval_free(ev);
	free(info);
	free(fields);
	return rc;
}

/* True if <err> may come from a reload in progress: the old process went
 * away while answering, or the socket was being replaced.
 */
static bool
reload_symptom(const struct hs_error *err)
{
	switch (err->code) {
	case HS_ERR_TRUNCATED:
	case HS_ERR_EMPTY:
	case HS_ERR_REFUSED:
	case HS_ERR_IO:
		return true;
	default:
		return false;
	}
}

int
hs_check_run(const struct hs_check_config *cfg, enum hs_state *state, struct hs_buf *out,
	     struct hs_error *err)
{
	int64_t deadline = hs_deadline_in(cfg->timeout);
	struct hs_report rep;
	struct hs_plan plan;
	struct filter_check fc;
	struct hs_error first = {0};
	char peer[320], why[HS_ERROR_MSG_MAX];
	bool stale = false, retried = false, allow_filter = true, allow_state = true;
	int rc, replans = 0;

	hs_endpoint_describe(&cfg->endpoint, peer, sizeof(peer));
	if (hs_check_plan(cfg, &plan, err) != 0)
		return -1;
	why[0] = '\0';
	for (;;) {
		hs_report_init(&rep);
		rep.perf_budget = cfg->perf_max_bytes;
		/* -v and --list ask for everything, unless a limit was given */
		rep.output_max = (cfg->verbosity > 0 || cfg->list) && !cfg->output_max_set
					 ? 0
					 : cfg->output_max_bytes;
		if (why[0] != '\0' && (retried || cfg->verbosity >= 2))
			hs_report_note(&rep, "%s", why);
		rc = check_once(cfg, &plan, deadline, peer, &rep, &stale, &fc, err);
		if (rc == 1 && replans++ < 2) {
			/* the answers showed the plan cannot answer for this HAProxy */
			if (fc.state_unusable)
				allow_state = false;
			else
				allow_filter = false;
			snprintf(why, sizeof(why), "asked again %s: %.180s",
				 fc.state_unusable ? "with the server rows" : "for every proxy",
				 fc.why);
			hs_report_free(&rep);
			if (plan_check(cfg, allow_filter, allow_state, &plan, err) != 0)
				return -1;
			continue;
		}
		if (rc == 1) /* never after two new plans: a defensive bound */
			rc = hs_error_set(err, HS_ERR_MALFORMED,
					  "inconsistent answers from %s: %.200s", peer, fc.why);
		/* A reload hands the socket to a new process; an old one that is
		 * soft-stopping reports its frontends STOP, and one that exits
		 * mid-answer cuts it short. Ask once more, on a new connection
		 * (which reaches the new process), before believing either.
		 */
		if (retried || cfg->endpoint.kind == HS_EP_FILE ||
		    hs_now_ms() + HS_RETRY_DELAY_MS >= deadline)
			break;
		if (rc == 0 && !stale)
			break;
		if (rc != 0 && !reload_symptom(err))
			break;
		retried = true;
		if (rc != 0)
			first = *err;
		snprintf(why, sizeof(why), "retried once: %.400s",
			 rc == 0 ? "a soft-stopping HAProxy process answered (every frontend STOP)"
				 : err->msg);
		hs_report_free(&rep);
		hs_sleep_ms(HS_RETRY_DELAY_MS);
	}
	if (rc == 0) {
		if (stale)
			hs_report_note(&rep,
				       "every frontend in STOP: the HAProxy process that answered "
				       "is soft-stopping (reload or shutdown in progress)");
		hs_report_render(&rep, out);
		*state = rep.state;
	} else {
		if (first.code != HS_ERR_NONE && err->code != HS_ERR_TIMEOUT) {
			/* the first failure says more than the retry's */
			char again[HS_ERROR_MSG_MAX];

			snprintf(again, sizeof(again), "%s", err->msg);
			hs_error_set(err, first.code, "%.300s (retried once: %.150s)", first.msg,
				     again);
		}
		if (cfg->verbosity >= 2) /* what was sent helps most when the check failed */
			hs_report_render_notes(&rep, out);
	}
	hs_report_free(&rep);
	return rc;
}
