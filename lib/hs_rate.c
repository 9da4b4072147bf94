/* hs_rate.c: the previous sample, kept, loaded and saved. */
#include <hs-config.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hs_info.h"
#include "hs_metric.h"
#include "hs_rate.h"
#include "hs_report.h"
#include "hs_select.h"
#include "hs_statefile.h"

struct hs_rate {
	struct hs_rate_config cfg;
	char path[HS_STATEDIR_PATH_MAX];
	bool usable;                 /* the path is safe: read and write */
	bool have_prev;              /* a previous sample is being read */
	enum hs_mreason why;         /* for every object: why there is no previous sample */
	char note[480];              /* what to say about it, "" for nothing */
	unsigned kinds;              /* object kinds sampled */
	struct hs_sf_head head;      /* the new sample's */
	short slot_of[HS_COL_COUNT]; /* where each column sits in the previous sample */
	struct hs_sf_reader prev;    /* the previous sample, opened when <usable> */
	struct hs_sf_writer out;
	bool writing, write_failed;
	char write_error[HS_ERROR_MSG_MAX];
	size_t resets;
};

void
hs_rate_config_init(struct hs_rate_config *cfg)
{
	cfg->dir = NULL;
	cfg->max_age = HS_RATE_MAX_AGE_DEFAULT;
	cfg->min_sample = HS_RATE_MIN_SAMPLE_DEFAULT;
}

/* Adds to <cols> the counters metric <m> reads. */
static void
metric_counters(const struct hs_metric *m, bool *cols)
{
	const enum hs_col *c;

	if (m->src == HS_MSRC_DELTA || m->src == HS_MSRC_RATE)
		cols[m->id] = true;
	if (m->src != HS_MSRC_DERIVED || hs_derived_defs[m->id].num == NULL)
		return;
	for (c = hs_derived_defs[m->id].num; *c != HS_COL_COUNT; c++)
		cols[*c] = true;
	for (c = hs_derived_defs[m->id].den; *c != HS_COL_COUNT; c++)
		cols[*c] = true;
}

bool
hs_rate_wanted(const struct hs_rules *rules)
{
	size_t i;

	for (i = 0; rules != NULL && i < rules->count; i++) {
		if (hs_metric_needs(&rules->rule[i].metric) & HS_NEED_STATE)
			return true;
	}
	return false;
}

/* The state key: a hash of the endpoint, the selection and every rule
 * with its thresholds (which give the kinds and counters sampled), so that
 * two services with different filters or rules keep apart and the same
 * check shares.
 */
static void
make_key(const char *peer, const struct hs_selection *sel, const struct hs_rules *rules, char *key,
	 size_t size)
{
	uint64_t h = hs_sf_fnv(HS_SF_FNV_INIT, peer);
	size_t t, i;

	for (t = 0; sel != NULL && t < HS_SEL_LISTS; t++) {
		for (i = 0; i < sel->count[t]; i++)
			h = hs_sf_fnv(h + t, sel->list[t][i].text);
	}
	for (i = 0; rules != NULL && i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];

		h = hs_sf_fnv(hs_sf_fnv(hs_sf_fnv(h, r->key), r->warn ? r->warn : ""),
			      r->crit ? r->crit : "");
	}
	snprintf(key, size, HS_STATEDIR_KEY_PREFIX "%016llx", (unsigned long long)h);
}

/* Sets the session-wide reason <why> and its note (printf-style <fmt>),
 * unless one is set.
 */
static void __attribute__((format(printf, 3, 4)))
set_why(struct hs_rate *rt, enum hs_mreason why, const char *fmt, ...)
{
	va_list ap;

	if (rt->why != HS_MR_OK)
		return;
	rt->why = why;
	va_start(ap, fmt);
	vsnprintf(rt->note, sizeof(rt->note), fmt, ap);
	va_end(ap);
}

/* Fills <h> with this machine's boot id and boot-time clock. */
static void
read_clock(struct hs_sf_head *h)
{
	struct timespec ts;
	ssize_t n = -1;
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);

	if (fd != -1) {
		n = read(fd, h->boot, sizeof(h->boot) - 1);
		close(fd);
	}
	h->boot[n > 0 ? strspn(h->boot, "0123456789abcdef-") : 0] = '\0';
	if (h->boot[0] == '\0')
		strcpy(h->boot, "-");
	clock_gettime(CLOCK_BOOTTIME, &ts);
	h->clock_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Checks the previous sample's header against the new one. */
static void
check_prev(struct hs_rate *rt)
{
	const struct hs_sf_head *h = &rt->prev.head;
	int64_t age = rt->head.clock_ms - h->clock_ms;
	size_t i;

	for (i = 0; i < HS_COL_COUNT; i++)
		rt->slot_of[i] = -1;
	for (i = 0; i < h->ncols; i++) {
		if (h->col[i] >= 0)
			rt->slot_of[h->col[i]] = (short)i;
	}
	if (strcmp(h->boot, rt->head.boot) != 0) {
		set_why(rt, HS_MR_FIRST,
			"the previous sample is from another boot of this machine: rates start "
			"with the next check");
	} else if (age < 0) {
		set_why(rt, HS_MR_NOINTERVAL,
			"the previous sample is from the future (a copied state file?): rates "
			"start with the next check");
	} else if (age > (int64_t)rt->cfg.max_age * 1000) {
		set_why(rt, HS_MR_STALE,
			"the previous sample is %lld s old, more than --state-max-age %u: rates "
			"start with the next check",
			(long long)(age / 1000), rt->cfg.max_age);
	}
	/* the same millisecond: deltas and ratios stand, rates per second
	 * say HS_MR_NOINTERVAL */
}

struct hs_rate *
hs_rate_open(const struct hs_rate_config *cfg, const struct hs_rules *rules, const char *peer,
	     const struct hs_selection *sel, struct hs_report *rep, struct hs_error *err)
{
	struct hs_rate *rt = calloc(1, sizeof(*rt));
	bool cols[HS_COL_COUNT] = {false};
	struct hs_error perr = {0};
	char key[32];
	size_t i;

	if (rt == NULL) {
		hs_error_set(err, HS_ERR_NOMEM, "out of memory");
		return NULL;
	}
	rt->cfg = *cfg;
	rt->head.pid = rt->head.start = -1;
	read_clock(&rt->head);
	for (i = 0; rules != NULL && i < rules->count; i++) {
		const struct hs_metric *m = &rules->rule[i].metric;

		if ((hs_metric_needs(m) & HS_NEED_STATE) == 0)
			continue;
		rt->kinds |= rules->rule[i].kinds & HS_K_DUMP;
		metric_counters(m, cols);
	}
	for (i = 0; i < HS_COL_COUNT && rt->head.ncols < HS_SF_COLS_MAX; i++) {
		if (cols[i])
			rt->head.col[rt->head.ncols++] = (short)i;
	}
	make_key(peer, sel, rules, key, sizeof(key));
	if (hs_statedir_path(cfg->dir, key, rt->path, sizeof(rt->path), &perr) != 0) {
		rt->why = HS_MR_NOSTATE;
		hs_report_add(rep, HS_STATE_UNKNOWN, true, "rate rules not evaluated: %s",
			      perr.msg);
		return rt;
	}
	rt->usable = true;
	if (hs_sf_open(&rt->prev, rt->path) == 1) {
		rt->have_prev = true;
		check_prev(rt);
	} else if (rt->prev.why[0] != '\0') {
		set_why(rt, HS_MR_FIRST, "%s: rates start with the next check", rt->prev.why);
	} else {
		/* no note: each rule's "not evaluated" line says it */
		rt->why = HS_MR_FIRST;
	}
	return rt;
}

void
hs_rate_process(struct hs_rate *rt, const struct hs_info *info)
{
	double pid, start, uptime;

	if (rt == NULL)
		return;
	if (hs_info_num(info, "Pid", &pid))
		rt->head.pid = (long long)pid;
	/* without a start time, one on the boot-time clock: no clock step
	 * moves it */
	if (hs_info_num(info, "Start_time_sec", &start))
		rt->head.start = (long long)start;
	else if (hs_info_num(info, "Uptime_sec", &uptime))
		rt->head.start = (long long)(rt->head.clock_ms / 1000 - (int64_t)uptime);
	if (!rt->have_prev)
		return;
	/* an estimated start time moves by a second or so between checks */
	if (rt->prev.head.pid != rt->head.pid || llabs(rt->prev.head.start - rt->head.start) > 2) {
		set_why(rt, HS_MR_RESET,
			"HAProxy was reloaded or restarted since the previous sample (Pid %lld, "
			"now %lld): rates start with the next check",
			rt->prev.head.pid, rt->head.pid);
	}
}

unsigned
hs_rate_kinds(const struct hs_rate *rt)
{
	return rt != NULL ? rt->kinds : 0;
}

/* Starts writing the new sample, once. */
static void
start_writing(struct hs_rate *rt)
{
	struct hs_error err = {0};

	if (rt->writing || rt->write_failed || !rt->usable)
		return;
	if (hs_sf_create(&rt->out, rt->path, &rt->head, &err) != 0) {
		rt->write_failed = true;
		snprintf(rt->write_error, sizeof(rt->write_error), "%s", err.msg);
		return;
	}
	rt->writing = true;
}

void
hs_rate_object(struct hs_rate *rt, const struct hs_row *row, struct hs_prev *prev)
{
	const char *cell[HS_SF_COLS_MAX];
	const char *px = hs_row_str(row, HS_COL_PXNAME), *sv = hs_row_str(row, HS_COL_SVNAME);
	const struct hs_sf_rec *rec = NULL;
	long long id = HS_SF_NO_ID;
	double sid;
	size_t i;

	memset(prev->have, 0, sizeof(prev->have));
	prev->why = rt->why;
	prev->seconds = 0;
	prev->min_sample = rt->cfg.min_sample;
	for (i = 0; i < rt->head.ncols; i++)
		cell[i] = hs_row_str(row, (enum hs_col)rt->head.col[i]);
	/* the id tells apart servers of one name (before HAProxy 3.3) */
	if (hs_row_num(row, HS_COL_SID, &sid) && sid >= 0)
		id = (long long)sid;
	start_writing(rt);
	if (rt->writing)
		hs_sf_put(&rt->out, row->type, id, px, sv, cell, rt->head.ncols);
	if (prev->why != HS_MR_OK)
		return;
	rec = hs_sf_find(&rt->prev, row->type, id, px, sv);
	if (rec == NULL) {
		prev->why = HS_MR_FIRST;
		return;
	}
	prev->seconds = (double)(rt->head.clock_ms - rt->prev.head.clock_ms) / 1000.0;
	for (i = 0; i < rt->head.ncols; i++) {
		enum hs_col c = (enum hs_col)rt->head.col[i];
		short s = rt->slot_of[c];
		double cur;

		prev->have[c] = s >= 0 && rec->have[s];
		if (!prev->have[c])
			continue;
		prev->v[c] = rec->v[s];
		/* a counter that went down was reset: a new sample */
		if (hs_row_num(row, c, &cur) && cur < prev->v[c]) {
			prev->why = HS_MR_RESET;
			rt->resets++;
			return;
		}
	}
}

void
hs_rate_commit(struct hs_rate *rt, struct hs_report *rep)
{
	struct hs_error err = {0};

	if (rt == NULL)
		return;
	if (rt->note[0] != '\0')
		hs_report_note(rep, "%s", rt->note);
	if (rt->resets > 0)
		hs_report_note(rep,
			       "%zu object(s) had counters that went down (cleared or reset): "
			       "they start a new sample",
			       rt->resets);
	if (rt->prev.unreadable > 0)
		hs_report_note(rep,
			       "state file %s: %zu record(s) could not be read%s%s%s: those "
			       "objects start a new sample",
			       rt->path, rt->prev.unreadable,
			       rt->prev.unreadable_at[0] != '\0' ? " (the first: " : "",
			       rt->prev.unreadable_at,
			       rt->prev.unreadable_at[0] != '\0' ? ")" : "");
	if (!rt->usable)
		return;
	start_writing(rt);
	if (rt->writing && hs_sf_commit(&rt->out, &err) == 0) {
		rt->writing = false;
		return;
	}
	rt->writing = false;
	hs_report_note(rep, "state not saved (%s): the next check cannot compute rates",
		       rt->write_failed ? rt->write_error : err.msg);
}

void
hs_rate_free(struct hs_rate *rt)
{
	if (rt == NULL)
		return;
	if (rt->writing)
		hs_sf_abort(&rt->out);
	if (rt->usable)
		hs_sf_close(&rt->prev);
	free(rt);
}
