/* hs_check.c: one complete check: plan, attempts and retries, output. */
#include <hs-config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_answer.h"
#include "hs_check.h"
#include "hs_eval.h"
#include "hs_exchange.h"
#include "hs_needs.h"
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
	hs_http_config_free(&cfg->http);
}

struct hs_eval_config
hs_check_eval_config(const struct hs_check_config *cfg)
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

	return ecfg;
}

/* Plans <cfg> into <plan> without what <without> (HS_NEEDS_* bits) rules
 * out. Returns 0 or -1.
 */
static int
plan_check(const struct hs_check_config *cfg, unsigned without, struct hs_plan *plan,
	   struct hs_error *err)
{
	struct hs_eval_config ecfg = hs_check_eval_config(cfg);
	bool page = cfg->endpoint.kind == HS_EP_HTTP;
	struct hs_needs_source src = {
		.eval = &ecfg,
		.saved = cfg->endpoint.kind == HS_EP_FILE,
		/* the page has no "show servers state" */
		.server_rows = cfg->server_rows || page,
	};
	struct hs_plan_needs needs;

	hs_needs_compute(&src, without, &needs);
	return page ? hs_plan_build_page(&needs, plan, err) : hs_plan_build(&needs, plan, err);
}

int
hs_check_plan(const struct hs_check_config *cfg, struct hs_plan *plan, struct hs_error *err)
{
	return plan_check(cfg, 0, plan, err);
}

/* What one attempt learned besides its report. */
struct attempt {
	struct hs_doubt doubt; /* why the plan cannot answer for this HAProxy */
	bool stale;            /* a soft-stopping process answered */
};

/* One attempt: sends <plan> for <cfg> and reads and evaluates every answer
 * into <rep>, in a fresh evaluation, before <deadline>. <at> tells what
 * else it learned. Returns 0, -1 with <err> set, or 1 when the answers
 * show the plan cannot be trusted (<at->doubt> says why).
 */
static int
attempt(const struct hs_check_config *cfg, const struct hs_plan *plan, int64_t deadline,
	const char *peer, struct hs_report *rep, struct attempt *at, struct hs_error *err)
{
	struct hs_eval_config ecfg = hs_check_eval_config(cfg);
	struct hs_exchange x;
	struct hs_info *info = NULL;
	struct hs_eval *ev;
	size_t frontends, stop;
	int read, rc = -1;

	memset(at, 0, sizeof(*at));
	ev = hs_eval_new(&ecfg, rep, err);
	if (ev == NULL)
		return -1;
	hs_exchange_init(&x, &cfg->endpoint, peer, deadline);
	read = hs_answer_plan(&x, plan, ev, &info, &at->doubt, err);
	if (x.sent > 0 && cfg->verbosity >= 2) {
		/* one line for the plan: ';' separates commands, each sent on
		 * its own connection (planned to fit; "..." if it ever does not) */
		char text[HS_PLAN_LINE_MAX];
		bool whole = hs_plan_text(plan, text, sizeof(text));

		if (cfg->endpoint.kind == HS_EP_HTTP)
			hs_report_note(rep, "fetched %s%s", peer, text);
		else
			hs_report_note(rep, "%s %s: %s%s",
				       cfg->endpoint.kind == HS_EP_FILE ? "read from" : "sent to",
				       peer, text, whole ? "" : "...");
	}
	if (read != 0)
		goto out;
	if (at->doubt.kind != HS_DOUBT_NONE) {
		rc = 1;
		goto out;
	}
	/* soft-stopping only when every frontend is: one frontend in STOP was
	 * shut down ("shutdown frontend", or "disable frontend" on <= 2.2),
	 * which its finding reports */
	hs_eval_frontends(ev, &frontends, &stop);
	at->stale = frontends > 0 && stop == frontends;
	hs_exchange_close(&x);
	hs_eval_fetch(ev, x.fetch_time);
	if (hs_eval_finish(ev, err) != 0)
		goto out;
	if (cfg->verbosity >= 3)
		hs_report_note(rep, "read %llu bytes, %llu lines from %s",
			       (unsigned long long)x.total, (unsigned long long)x.records, peer);
	rc = 0;
out:
	hs_exchange_close(&x);
	hs_eval_free(ev);
	free(info);
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

/* Describes <ep> for messages into a new string sized from its parts, or
 * returns NULL when out of memory.
 */
static char *
describe_peer(const struct hs_endpoint *ep)
{
	size_t size = sizeof("standard input") + sizeof("[]:");
	char *peer;

	size += ep->path != NULL ? strlen(ep->path) : 0;
	size += ep->host != NULL ? strlen(ep->host) : 0;
	size += ep->port != NULL ? strlen(ep->port) : 0;
	size += ep->http != NULL ? strlen(hs_http_describe(ep->http)) : 0;
	peer = malloc(size);
	if (peer != NULL)
		hs_endpoint_describe(ep, peer, size);
	return peer;
}

/* Why the next attempt is made, noted in its report: "<head>: <text>",
 * <text> cut at <prec> bytes.
 */
struct why {
	const char *head;
	const char *text;
	int prec;
};

int
hs_check_run(const struct hs_check_config *cfg, enum hs_state *state, struct hs_buf *out,
	     struct hs_error *err)
{
	int64_t deadline = hs_deadline_in(cfg->timeout);
	struct hs_report rep;
	struct hs_plan plan;
	struct attempt at;
	struct hs_doubt asked;
	struct hs_error first = {0};
	struct why why = {NULL, NULL, 0};
	char *peer = describe_peer(&cfg->endpoint);
	unsigned without = 0;
	bool retried = false;
	int rc, replans = 0;

	if (peer == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	if (hs_check_plan(cfg, &plan, err) != 0) {
		free(peer);
		return -1;
	}
	for (;;) {
		hs_report_init(&rep);
		rep.perf_budget = cfg->perf_max_bytes;
		/* -v and --list ask for everything, unless a limit was given */
		rep.output_max = (cfg->verbosity > 0 || cfg->list) && !cfg->output_max_set
					 ? 0
					 : cfg->output_max_bytes;
		if (why.head != NULL && (retried || cfg->verbosity >= 2))
			hs_report_note(&rep, "%s: %.*s", why.head, why.prec, why.text);
		rc = attempt(cfg, &plan, deadline, peer, &rep, &at, err);
		if (rc == 1 && replans++ < 2) {
			/* the answers showed the plan cannot answer for this HAProxy */
			bool rows = at.doubt.kind == HS_DOUBT_SRVSTATE;

			without |= rows ? HS_NEEDS_NO_SRVSTATE : HS_NEEDS_NO_FILTER;
			asked = at.doubt;
			why = (struct why){rows ? "asked again with the server rows"
						: "asked again for every proxy",
					   asked.why, 180};
			hs_report_free(&rep);
			if (plan_check(cfg, without, &plan, err) != 0) {
				free(peer);
				return -1;
			}
			continue;
		}
		if (rc == 1) /* never after two new plans: a defensive bound */
			rc = hs_error_set(err, HS_ERR_MALFORMED,
					  "inconsistent answers from %s: %.200s", peer,
					  at.doubt.why);
		/* A reload hands the socket to a new process; an old one that is
		 * soft-stopping reports its frontends STOP, and one that exits
		 * mid-answer cuts it short. Ask once more, on a new connection
		 * (which reaches the new process), before believing either.
		 */
		if (retried || cfg->endpoint.kind == HS_EP_FILE ||
		    hs_now_ms() + HS_RETRY_DELAY_MS >= deadline)
			break;
		if (rc == 0 && !at.stale)
			break;
		if (rc != 0 && !reload_symptom(err))
			break;
		retried = true;
		if (rc != 0)
			first = *err;
		why = (struct why){"retried once",
				   rc == 0 ? "a soft-stopping HAProxy process answered (every "
					     "frontend STOP)"
					   : first.msg,
				   400};
		hs_report_free(&rep);
		hs_sleep_ms(HS_RETRY_DELAY_MS);
	}
	if (rc == 0) {
		if (at.stale)
			hs_report_note(&rep,
				       "every frontend in STOP: the HAProxy process that answered "
				       "is soft-stopping (reload or shutdown in progress)");
		hs_report_render(&rep, out);
		*state = rep.state;
	} else {
		if (first.code != HS_ERR_NONE && err->code != HS_ERR_TIMEOUT) {
			/* the first failure says more than the retry's */
			struct hs_error again = *err;

			hs_error_set(err, first.code, "%.300s (retried once: %.150s)", first.msg,
				     again.msg);
		}
		if (cfg->verbosity >= 2) /* what was sent helps most when the check failed */
			hs_report_render_notes(&rep, out);
	}
	hs_report_free(&rep);
	free(peer);
	return rc;
}
