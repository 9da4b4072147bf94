/* hs_srvstate.c: the answer to "show servers state" as a health summary. */
#include <hs-config.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_srvstate.h"

/* The columns read, by their header names. */
enum {
	SS_BE_ID,
	SS_BE_NAME,
	SS_SRV_ID,
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
	[SS_BE_ID] = "be_id",
	[SS_BE_NAME] = "be_name",
	[SS_SRV_ID] = "srv_id",
	[SS_SRV_NAME] = "srv_name",
	[SS_OP_STATE] = "srv_op_state",
	[SS_ADMIN_STATE] = "srv_admin_state",
	[SS_UWEIGHT] = "srv_uweight",
	[SS_CHECK_RESULT] = "srv_check_result",
	[SS_CHECK_STATE] = "srv_check_state",
	[SS_AGENT_STATE] = "srv_agent_state",
};

/* HAProxy values (1.6 to 3.x): SRV_ST_RUNNING, CHK_RES_PASSED, the
 * CHK_ST_* bits of a check's state and the SRV_ADMF_* bits of a server's
 * admin state.
 */
#define SRV_ST_RUNNING    "2"
#define CHK_RES_PASSED    "3"
#define CHK_ST_CONFIGURED 0x2
#define CHK_ST_ENABLED    0x4
#define CHK_ST_PAUSED     0x8
#define SRV_ADMF_FMAINT   0x01 /* "disable server", or with CMAINT "disabled" */
#define SRV_ADMF_IMAINT   0x02 /* inherited from a tracked server */
#define SRV_ADMF_CMAINT   0x04 /* "disabled" in the configuration */
#define SRV_ADMF_FDRAIN   0x08 /* "set server ... state drain" */
#define SRV_ADMF_IDRAIN   0x10 /* inherited from a tracked server */
#define SRV_ADMF_OPERATOR (SRV_ADMF_FMAINT | SRV_ADMF_CMAINT | SRV_ADMF_FDRAIN | SRV_ADMF_IDRAIN)

_Static_assert(SS_COLS <= sizeof(((struct hs_srvstate *)0)->col) / sizeof(int),
	       "a field index for each column read");

/* Most fields split on one line (2.6 has 25). */
#define SS_MAX_FIELDS 64

void
hs_srvstate_init(struct hs_srvstate *st)
{
	int i;

	memset(st, 0, sizeof(*st));
	st->accept = HS_SRV_ALL;
	for (i = 0; i < SS_COLS; i++)
		st->col[i] = -1;
}

void
hs_srvstate_free(struct hs_srvstate *st)
{
	size_t i, c, k;

	for (i = 0; i < st->count; i++) {
		free(st->be[i].name);
		for (c = 0; c < HS_SRV_CLASSES; c++)
			for (k = 0; k < HS_SRVSTATE_NAMES; k++)
				free(st->be[i].cls[c].name[k]);
	}
	free(st->be);
	free(st->flag);
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

/* Parses <text> as a whole decimal number into <*v>. */
static bool
number(const char *text, unsigned long *v)
{
	char *end;

	if (*text < '0' || *text > '9')
		return false;
	*v = strtoul(text, &end, 10);
	return *end == '\0';
}

enum hs_srv_class
hs_srvstate_classify(const char *op, const char *admin, const char *uweight, const char *result,
		     const char *check, const char *agent, bool *unchecked)
{
	unsigned long adm, weight, chk;
	bool enabled;

	*unchecked = false;
	if (!number(admin, &adm) || !number(uweight, &weight) || !number(check, &chk) ||
	    strcmp(agent, "0") != 0)
		return HS_SRV_DETAIL; /* an agent check says more than this answer */
	enabled = (chk & CHK_ST_ENABLED) != 0;
	/* left by "enable server" on a server "disabled" in the configuration,
	 * CMAINT alone changes nothing ("show stat" tests FMAINT) */
	adm &= ~(unsigned long)SRV_ADMF_CMAINT;
	/* "MAINT" whatever the rest, unless inherited or a DNS failure */
	if ((adm & SRV_ADMF_FMAINT) && (adm & ~(unsigned long)SRV_ADMF_OPERATOR) == 0)
		return HS_SRV_MAINT;
	/* otherwise a tracking server would show the tracked one's state; a
	 * check paused but not enabled (left by "disabled") is no check */
	*unchecked = !enabled;
	if ((adm != 0 && adm != SRV_ADMF_FDRAIN) || strcmp(op, SRV_ST_RUNNING) != 0 ||
	    (enabled && ((chk & CHK_ST_PAUSED) || strcmp(result, CHK_RES_PASSED) != 0)))
		return HS_SRV_DETAIL;
	if (adm == SRV_ADMF_FDRAIN)
		return HS_SRV_DRAIN;
	if (weight == 0)
		return enabled ? HS_SRV_WEIGHT0_UP : HS_SRV_WEIGHT0_NOCHECK;
	return enabled ? HS_SRV_PLAIN : HS_SRV_NOCHECK;
}

/* Points <*be> at the summary of backend <name>, new after the last one
 * unless it is the last one. A new backend beyond HS_SRVSTATE_MAX_BACKENDS,
 * or a name longer than HS_SRVSTATE_MAX_NAME, makes the summary unusable
 * instead of growing memory (<*be> NULL). Returns 0 or -1 (NOMEM).
 */
static int
backend(struct hs_srvstate *st, const char *name, unsigned id, struct hs_srvstate_backend **be,
	struct hs_error *err)
{
	struct hs_srvstate_backend *grown;

	*be = NULL;
	if (st->count > 0 && strcmp(st->be[st->count - 1].name, name) == 0) {
		if (st->be[st->count - 1].id != id) {
			unusable(st, "backend %.60s has two ids in 'show servers state'", name);
			return 0;
		}
		*be = &st->be[st->count - 1];
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
	memset(&st->be[st->count], 0, sizeof(st->be[st->count]));
	st->be[st->count].id = id;
	st->be[st->count].name = strdup(name);
	if (st->be[st->count].name == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	*be = &st->be[st->count++];
	return 0;
}

/* Marks backend <be> as needing its server rows, within the detail limits
 * of <st>; otherwise the summary becomes unusable, saying <why> (a
 * sentence: which server needs its row and why).
 */
static void
mark_detail(struct hs_srvstate *st, struct hs_srvstate_backend *be, const char *why)
{
	if (be->detail)
		return;
	be->detail = true;
	st->detail++;
	st->detail_servers += be->servers;
	if (st->detail_max == 0)
		unusable(st, "%s", why);
	else if (st->detail > st->detail_max)
		unusable(st, "%s, and more than %u backends have such servers", why,
			 st->detail_max);
	else if (st->detail_servers > st->detail_servers_max)
		unusable(st, "%s, and the backends with such servers hold more than %u servers",
			 why, st->detail_servers_max);
}

/* Adds server <srv_id> of class <cls> in backend <be> of <st> to those
 * waiting for their backup flag; beyond HS_SRVSTATE_FLAGS_MAX the summary
 * becomes unusable. Returns 0 or -1 (NOMEM).
 */
static int
wait_flag(struct hs_srvstate *st, struct hs_srvstate_backend *be, unsigned srv_id,
	  enum hs_srv_class cls, struct hs_error *err)
{
	if (st->flags >= HS_SRVSTATE_FLAGS_MAX) {
		unusable(st, "more than %u servers need their backup flag", HS_SRVSTATE_FLAGS_MAX);
		return 0;
	}
	if (st->flag == NULL) {
		st->flag = malloc(HS_SRVSTATE_FLAGS_MAX * sizeof(*st->flag));
		if (st->flag == NULL)
			return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	}
	st->flag[st->flags++] =
		(struct hs_srvstate_flag){be->id, srv_id, (size_t)(be - st->be), cls, false};
	return 0;
}

/* Counts server <srv> of class <cls> in backend <be> of <st>, keeping its
 * name when it is one of the first of its class; a DETAIL server marks its
 * backend. Returns 0 or -1 (NOMEM).
 */
static int
count_server(struct hs_srvstate *st, struct hs_srvstate_backend *be, enum hs_srv_class cls,
	     bool unchecked, const char *srv, struct hs_error *err)
{
	struct hs_srvstate_group *g;

	be->servers++;
	be->unchecked += unchecked;
	if (be->detail && ++st->detail_servers > st->detail_servers_max)
		unusable(st,
			 "the backends with servers that need their 'show stat' rows hold more "
			 "than %u servers",
			 st->detail_servers_max);
	if (cls == HS_SRV_DETAIL) {
		char why[160];

		snprintf(why, sizeof(why), "server %.60s/%.60s needs its 'show stat' row", be->name,
			 srv);
		mark_detail(st, be, why);
		return 0;
	}
	g = &be->cls[cls];
	if (cls != HS_SRV_PLAIN && g->count < HS_SRVSTATE_NAMES) {
		g->name[g->count] = strdup(srv);
		if (g->name[g->count] == NULL)
			return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	}
	g->count++;
	return 0;
}

int
hs_srvstate_line(struct hs_srvstate *st, char *line, struct hs_error *err)
{
	struct hs_srvstate_backend *be;
	char *f[SS_MAX_FIELDS];
	enum hs_srv_class cls;
	unsigned long chk, id, sid = 0;
	bool unchecked, flag;
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
	if (number(f[st->col[SS_CHECK_STATE]], &chk) && (chk & CHK_ST_CONFIGURED))
		st->any_checked = true;
	if (number(f[st->col[SS_AGENT_STATE]], &chk) && (chk & CHK_ST_CONFIGURED))
		st->any_checked = true;
	cls = hs_srvstate_classify(f[st->col[SS_OP_STATE]], f[st->col[SS_ADMIN_STATE]],
				   f[st->col[SS_UWEIGHT]], f[st->col[SS_CHECK_RESULT]],
				   f[st->col[SS_CHECK_STATE]], f[st->col[SS_AGENT_STATE]],
				   &unchecked);
	flag = cls != HS_SRV_DETAIL && !(st->accept & HS_SRV_BIT(cls)) &&
	       (st->accept_flag & HS_SRV_BIT(cls)) && st->detail_max > 0;
	if (cls != HS_SRV_DETAIL && !(st->accept & HS_SRV_BIT(cls)) && !flag)
		cls = HS_SRV_DETAIL;
	if (flag && (!number(f[st->col[SS_SRV_ID]], &sid) || sid == 0 || sid > INT_MAX)) {
		unusable(st, "'show servers state' gives server %.60s/%.60s the id '%.20s'",
			 f[st->col[SS_BE_NAME]], f[st->col[SS_SRV_NAME]], f[st->col[SS_SRV_ID]]);
		return 0;
	}
	if (cls == HS_SRV_DETAIL && st->detail_max == 0) {
		unusable(st, "server %.60s/%.60s needs its 'show stat' row", f[st->col[SS_BE_NAME]],
			 f[st->col[SS_SRV_NAME]]);
		return 0;
	}
	/* only a plain positive number is ever sent back as a backend id */
	if (!number(f[st->col[SS_BE_ID]], &id) || id == 0 || id > INT_MAX) {
		unusable(st, "'show servers state' gives backend %.60s the id '%.20s'",
			 f[st->col[SS_BE_NAME]], f[st->col[SS_BE_ID]]);
		return 0;
	}
	if (backend(st, f[st->col[SS_BE_NAME]], (unsigned)id, &be, err) != 0)
		return -1;
	if (be == NULL)
		return 0;
	if (flag && wait_flag(st, be, (unsigned)sid, cls, err) != 0)
		return -1;
	return count_server(st, be, cls, unchecked, f[st->col[SS_SRV_NAME]], err);
}

/* Orders flags by backend id, then server id. */
static int
flag_cmp(const void *a, const void *b)
{
	const struct hs_srvstate_flag *x = a, *y = b;

	if (x->be_id != y->be_id)
		return x->be_id < y->be_id ? -1 : 1;
	return x->srv_id < y->srv_id ? -1 : x->srv_id > y->srv_id;
}

/* Chooses how the servers waiting for their backup flag learn it: by
 * server id (HS_SRVSTATE_FLAG_IDS distinct ids at most, each costing a row
 * per backend, a quarter of the servers at most in all), or else with
 * their backend's rows.
 */
static void
plan_flags(struct hs_srvstate *st)
{
	size_t i, k, servers = 0;

	for (i = 0; i < st->count; i++)
		servers += st->be[i].servers;
	/* the rows of a backend marked <detail> say it already */
	for (i = k = 0; i < st->flags; i++) {
		if (!st->be[st->flag[i].be].detail)
			st->flag[k++] = st->flag[i];
	}
	st->flags = k;
	st->nflag_ids = 0;
	for (i = 0; i < st->flags; i++) {
		for (k = 0; k < st->nflag_ids && st->flag_ids[k] != st->flag[i].srv_id; k++)
			;
		if (k < st->nflag_ids)
			continue;
		if (k == HS_SRVSTATE_FLAG_IDS)
			break;
		st->flag_ids[st->nflag_ids++] = st->flag[i].srv_id;
	}
	if (i == st->flags && st->nflag_ids * st->count <= servers / 4) {
		if (st->flags > 0)
			qsort(st->flag, st->flags, sizeof(*st->flag), flag_cmp);
		return;
	}
	for (i = 0; i < st->flags && !st->unusable; i++) {
		char why[200];

		snprintf(why, sizeof(why), "backend %.100s has servers whose backup flag counts",
			 st->be[st->flag[i].be].name);
		mark_detail(st, &st->be[st->flag[i].be], why);
	}
	st->flags = 0;
	st->nflag_ids = 0;
}

bool
hs_srvstate_flag_set(struct hs_srvstate *st, unsigned be_id, unsigned srv_id, const char *be_name,
		     bool backup)
{
	struct hs_srvstate_flag key = {be_id, srv_id, 0, HS_SRV_PLAIN, false};
	struct hs_srvstate_flag *f =
		st->flags > 0 ? bsearch(&key, st->flag, st->flags, sizeof(*st->flag), flag_cmp)
			      : NULL;

	if (f == NULL || f->known || strcmp(st->be[f->be].name, be_name) != 0)
		return false;
	f->known = true;
	st->be[f->be].cls[f->cls].backup += backup;
	return true;
}

bool
hs_srvstate_flags_done(struct hs_srvstate *st)
{
	size_t i;

	for (i = 0; i < st->flags; i++) {
		if (!st->flag[i].known)
			return false;
		st->be[st->flag[i].be].flagged = true;
	}
	return true;
}

void
hs_srvstate_finish(struct hs_srvstate *st)
{
	size_t i;

	for (i = 0; i < st->count && !st->unusable; i++) {
		struct hs_srvstate_backend *be = &st->be[i];
		char why[200];

		if (st->any_checked && be->unchecked > 0) {
			snprintf(why, sizeof(why),
				 "backend %.100s has servers without a check of their own, which "
				 "may track another",
				 be->name);
			mark_detail(st, be, why);
		} else if (be->cls[HS_SRV_WEIGHT0_UP].count > 0 &&
			   be->cls[HS_SRV_WEIGHT0_NOCHECK].count > 0) {
			snprintf(why, sizeof(why),
				 "backend %.100s has checked and unchecked servers at weight 0",
				 be->name);
			mark_detail(st, be, why);
		}
	}
	if (!st->unusable)
		plan_flags(st);
}

const struct hs_srvstate_backend *
hs_srvstate_find(struct hs_srvstate *st, const char *name)
{
	size_t i;

	if (st->cursor < st->count && strcmp(st->be[st->cursor].name, name) == 0)
		return &st->be[st->cursor++];
	for (i = 0; i < st->count; i++) {
		if (strcmp(st->be[i].name, name) == 0) {
			st->cursor = i + 1;
			return &st->be[i];
		}
	}
	return NULL;
}

unsigned
hs_srvstate_servers(struct hs_srvstate *st, const char *name)
{
	const struct hs_srvstate_backend *be = hs_srvstate_find(st, name);

	return be != NULL ? be->servers : 0;
}
