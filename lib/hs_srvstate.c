/* hs_srvstate.c: the answer to "show servers state" as a health summary. */
#include <hs-config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_srvstate.h"

/* The columns read, by their header names. */
enum {
	SS_BE_NAME,
	SS_SRV_NAME,
	SS_OP_STATE,
	SS_ADMIN_STATE,
	SS_UWEIGHT,
	SS_CHECK_RESULT,
	SS_CHECK_STATE,
	SS_AGENT_STATE,
	SS_COLS
};

static const char *const ss_names[SS_COLS] = {
	"be_name",     "srv_name",         "srv_op_state",    "srv_admin_state",
	"srv_uweight", "srv_check_result", "srv_check_state", "srv_agent_state",
};

/* HAProxy values: SRV_ST_RUNNING, CHK_RES_PASSED, CHK_ST_ENABLED and
 * CHK_ST_PAUSED (1.6 to 3.x).
 */
#define SRV_ST_RUNNING "2"
#define CHK_RES_PASSED "3"
#define CHK_ST_ENABLED 0x4
#define CHK_ST_PAUSED  0x8

/* Most fields split on one line (2.6 has 25). */
#define SS_MAX_FIELDS 64

void
hs_srvstate_init(struct hs_srvstate *st)
{
	int i;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < SS_COLS; i++)
		st->col[i] = -1;
}

void
hs_srvstate_free(struct hs_srvstate *st)
{
	size_t i;

	for (i = 0; i < st->count; i++)
		free(st->be[i].name);
	free(st->be);
	hs_srvstate_init(st);
}

/* Marks the summary unusable, keeping the first reason (printf-style; one
 * too long for <st->why> is cut and ends in "...").
 */
static void __attribute__((format(printf, 2, 3)))
unusable(struct hs_srvstate *st, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (st->unusable)
		return;
	st->unusable = true;
	va_start(ap, fmt);
	n = vsnprintf(st->why, sizeof(st->why), fmt, ap);
	va_end(ap);
	if (n < 0)
		st->why[0] = '\0';
	else if ((size_t)n >= sizeof(st->why))
		memcpy(st->why + sizeof(st->why) - 4, "...", 4);
}

/* Splits <line> on spaces into <f>; returns the number of fields. */
static int
split_spaces(char *line, char **f)
{
	int n = 0;
	char *p = line;

	while (*p != '\0' && n < SS_MAX_FIELDS) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		f[n++] = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if (*p == ' ')
			*p++ = '\0';
	}
	return n;
}

/* Reads the "# be_id be_name ..." header. */
static void
read_header(struct hs_srvstate *st, char *line)
{
	char *f[SS_MAX_FIELDS];
	int n = split_spaces(line + 1, f), i, c;

	for (i = 0; i < n; i++) {
		for (c = 0; c < SS_COLS; c++) {
			if (strcmp(f[i], ss_names[c]) == 0)
				st->col[c] = i;
		}
	}
	for (c = 0; c < SS_COLS; c++) {
		if (st->col[c] < 0)
			unusable(st, "'show servers state' has no column %s", ss_names[c]);
	}
}

/* Counts a server of backend <name>. A new backend beyond
 * HS_SRVSTATE_MAX_BACKENDS, or a name longer than HS_SRVSTATE_MAX_NAME,
 * makes the summary unusable instead of growing memory. Returns 0 or -1
 * (NOMEM).
 */
static int
count_server(struct hs_srvstate *st, const char *name, struct hs_error *err)
{
	struct hs_srvstate_backend *grown;

	if (st->count > 0 && strcmp(st->be[st->count - 1].name, name) == 0) {
		st->be[st->count - 1].servers++;
		return 0;
	}
	if (st->count >= HS_SRVSTATE_MAX_BACKENDS || strlen(name) > HS_SRVSTATE_MAX_NAME) {
		unusable(st, "'show servers state' lists too many backends or too long a name");
		return 0;
	}
	if (st->count == st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 64;

		grown = realloc(st->be, cap * sizeof(*grown));
		if (grown == NULL)
			return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
		st->be = grown;
		st->cap = cap;
	}
	st->be[st->count].name = strdup(name);
	if (st->be[st->count].name == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	st->be[st->count++].servers = 1;
	return 0;
}

int
hs_srvstate_line(struct hs_srvstate *st, char *line, struct hs_error *err)
{
	char *f[SS_MAX_FIELDS];
	unsigned long check_state;
	char *end;
	int n, c;

	if (st->lines++ == 0) {
		if (strcmp(line, "1") != 0)
			unusable(st, "'show servers state' answered '%.60s'", line);
		return 0;
	}
	if (st->unusable)
		return 0; /* read to the end of the answer, nothing more */
	if (line[0] == '#') {
		read_header(st, line);
		return 0;
	}
	if (st->col[SS_BE_NAME] < 0) {
		unusable(st, "'show servers state' has no header");
		return 0;
	}
	n = split_spaces(line, f);
	for (c = 0; c < SS_COLS; c++) {
		if (st->col[c] >= n) {
			unusable(st, "a 'show servers state' line has too few fields");
			return 0;
		}
	}
	check_state = strtoul(f[st->col[SS_CHECK_STATE]], &end, 10);
	if (strcmp(f[st->col[SS_OP_STATE]], SRV_ST_RUNNING) != 0 ||
	    strcmp(f[st->col[SS_ADMIN_STATE]], "0") != 0 ||
	    strcmp(f[st->col[SS_UWEIGHT]], "0") == 0 ||
	    strcmp(f[st->col[SS_CHECK_RESULT]], CHK_RES_PASSED) != 0 || *end != '\0' ||
	    !(check_state & CHK_ST_ENABLED) || (check_state & CHK_ST_PAUSED) ||
	    strcmp(f[st->col[SS_AGENT_STATE]], "0") != 0) {
		unusable(st, "server %.60s/%.60s is not plainly UP", f[st->col[SS_BE_NAME]],
			 f[st->col[SS_SRV_NAME]]);
		return 0;
	}
	return count_server(st, f[st->col[SS_BE_NAME]], err);
}

unsigned
hs_srvstate_servers(struct hs_srvstate *st, const char *name)
{
	size_t i;

	if (st->cursor < st->count && strcmp(st->be[st->cursor].name, name) == 0)
		return st->be[st->cursor++].servers;
	for (i = 0; i < st->count; i++) {
		if (strcmp(st->be[i].name, name) == 0) {
			st->cursor = i + 1;
			return st->be[i].servers;
		}
	}
	return 0;
}
