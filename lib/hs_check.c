/* hs_check.c: one complete check: plan, attempts and retries, output. */
#include <hs-config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_answer.h"
#include "hs_check.h"
#include "hs_checkobj.h"
#include "hs_eval.h"
#include "hs_exchange.h"
#include "hs_master.h"
#include "hs_needs.h"
#include "hs_node.h"
#include "hs_render.h"
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
	hs_rate_config_init(&cfg->rate);
}

void
hs_check_config_free(struct hs_check_config *cfg)
{
	hs_selection_free(&cfg->selection);
	hs_rules_free(&cfg->rules);
	hs_expect_free(&cfg->expect);
	hs_http_config_free(&cfg->http);
	hs_nodes_free(cfg);
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
		.elsewhere = HS_K_NODES, /* measured once every node was read */
	};

	return ecfg;
}

/* Plans <cfg> for <ep> into <plan>. Returns 0 or -1. */
static int
plan_check(const struct hs_check_config *cfg, const struct hs_endpoint *ep, struct hs_plan *plan,
	   struct hs_error *err)
{
	struct hs_eval_config ecfg = hs_check_eval_config(cfg);
	struct hs_needs_source src = {.eval = &ecfg, .saved = ep->kind == HS_EP_FILE};
	struct hs_plan_needs needs;

	hs_needs_compute(&src, &needs);
	return ep->kind == HS_EP_HTTP ? hs_plan_build_page(&needs, plan, err)
				      : hs_plan_build(&needs, plan, err);
}

int
hs_check_plan(const struct hs_check_config *cfg, struct hs_plan *plan, struct hs_error *err)
{
	return plan_check(cfg, &cfg->node[0].ep, plan, err);
}

/* What one attempt learned besides its report. */
struct attempt {
	bool stale;                  /* a soft-stopping process answered */
	char sent[HS_PLAN_LINE_MAX]; /* the commands sent (hs_exchange's log) */
};

/* One attempt: sends <plan> for <cfg> and reads and evaluates every answer
 * into <rep>, in a fresh evaluation, before <deadline>. <at> tells what
 * else it learned. Returns 0 or -1 with <err> set.
 */
static int
attempt(const struct hs_check_config *cfg, const struct hs_endpoint *ep, const struct hs_plan *plan,
	int64_t deadline, const char *peer, struct hs_report *rep, struct attempt *at,
	struct hs_error *err)
{
	struct hs_eval_config ecfg = hs_check_eval_config(cfg);
	struct hs_exchange x;
	struct hs_info *info = NULL;
	struct hs_rate *rate = NULL;
	struct hs_eval *ev;
	size_t frontends, stop;
	int read, rc = -1;

	memset(at, 0, sizeof(*at));
	ev = hs_eval_new(&ecfg, rep, err);
	if (ev == NULL)
		return -1;
	if (hs_rate_wanted(&cfg->rules)) {
		/* saved answers are replayed in turn from files of any name */
		rate = hs_rate_open(&cfg->rate, &cfg->rules,
				    ep->kind == HS_EP_FILE ? "saved answers" : peer,
				    &cfg->selection, rep, err);
		if (rate == NULL) {
			hs_eval_free(ev);
			return -1;
		}
		hs_eval_set_rate(ev, rate);
	}
	hs_exchange_init(&x, ep, peer, deadline);
	read = hs_answer_plan(&x, plan, ev, &info, err);
	memcpy(at->sent, x.log, sizeof(at->sent));
	if (x.sent > 0 && cfg->verbosity >= 2) {
		/* one line for the plan: ';' separates commands, each sent on
		 * its own connection (planned to fit; "..." if it ever does
		 * not); to a socket, what was sent, the queries an answer
		 * called for included */
		char text[HS_PLAN_LINE_MAX];
		bool whole = hs_plan_text(plan, text, sizeof(text));

		if (ep->kind == HS_EP_HTTP)
			hs_report_note(rep, "fetched %s%s", peer, text);
		else if (ep->kind == HS_EP_FILE)
			hs_report_note(rep, "read from %s: %s%s", peer, text, whole ? "" : "...");
		else
			hs_report_note(rep, "sent to %s: %s", peer, x.log);
	}
	if (read != 0)
		goto out;
	/* soft-stopping only when every frontend is: one frontend in STOP was
	 * shut down ("shutdown frontend", or "disable frontend" on <= 2.2),
	 * which its finding reports */
	hs_eval_frontends(ev, &frontends, &stop);
	at->stale = frontends > 0 && stop == frontends;
	if (cfg->master != NULL) {
		/* the master's view: a failed last reload, old workers */
		struct hs_proc proc;
		char alert[HS_MASTER_ALERT_MAX];

		if (hs_master_read(cfg->master, deadline, &proc, alert, sizeof(alert), err) != 0)
			goto out;
		hs_eval_master(ev, &proc, alert);
		if (cfg->verbosity >= 2)
			hs_report_note(rep, "sent to %s: show proc%s", cfg->master,
				       hs_master_reload_failed(&proc) && proc.has_failed
					       ? ";show startup-logs"
					       : "");
	}
	hs_exchange_close(&x);
	hs_eval_fetch(ev, x.fetch_time);
	if (hs_eval_finish(ev, err) != 0)
		goto out;
	/* a soft-stopping process is asked again: its sample is not kept */
	if (!at->stale)
		hs_rate_commit(rate, rep);
	if (cfg->verbosity >= 3)
		hs_report_note(rep, "read %llu bytes, %llu lines from %s",
			       (unsigned long long)x.total, (unsigned long long)x.records, peer);
	rc = 0;
out:
	hs_exchange_close(&x);
	hs_eval_free(ev);
	hs_rate_free(rate);
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

/* True if <err> is an answer that is not a stats answer at all (as
 * opposed to none, or one cut short).
 */
static bool
wrong_answer(const struct hs_error *err)
{
	return err->code == HS_ERR_NOT_STATS || err->code == HS_ERR_MALFORMED ||
	       err->code == HS_ERR_LIMIT;
}

/* Reads and evaluates one node, <ep> described as <peer>, before
 * <deadline>, retrying as the answers call for, into <rep> (initialised
 * here, with <prefix> naming the node, or NULL): on success its findings,
 * perfdata and notes, ready to render; on failure, with <err> set, only
 * its notes. The caller frees <rep> either way. Returns 0 or -1.
 */
static int
run_node(const struct hs_check_config *cfg, const struct hs_endpoint *ep, const char *peer,
	 const char *prefix, int64_t deadline, struct hs_report *rep, struct hs_error *err)
{
	struct hs_plan plan;
	struct attempt at;
	struct hs_error first = {0};
	const char *why = NULL; /* why the attempt is retried */
	bool retried = false;
	int rc;

	hs_report_init(rep);
	rep->prefix = prefix;
	if (plan_check(cfg, ep, &plan, err) != 0)
		return -1;
	for (;;) {
		/* -vv names every command sent, those of the attempt before too
		 * (its report is gone) */
		if (why != NULL && cfg->verbosity >= 2 && at.sent[0] != '\0')
			hs_report_note(rep,
				       ep->kind == HS_EP_HTTP ? "fetched %s%s" : "sent to %s: %s",
				       peer, at.sent);
		if (why != NULL)
			hs_report_note(rep, "retried once: %.400s", why);
		rc = attempt(cfg, ep, &plan, deadline, peer, rep, &at, err);
		/* A reload hands the socket to a new process; an old one that is
		 * soft-stopping reports its frontends STOP, and one that exits
		 * mid-answer cuts it short. Ask once more, on a new connection
		 * (which reaches the new process), before believing either.
		 */
		if (retried || ep->kind == HS_EP_FILE ||
		    hs_now_ms() + HS_RETRY_DELAY_MS >= deadline)
			break;
		if (rc == 0 && !at.stale)
			break;
		if (rc != 0 && !reload_symptom(err))
			break;
		retried = true;
		if (rc != 0)
			first = *err;
		why = rc == 0 ? "a soft-stopping HAProxy process answered (every frontend STOP)"
			      : first.msg;
		hs_report_free(rep);
		hs_report_init(rep);
		rep->prefix = prefix;
		hs_sleep_ms(HS_RETRY_DELAY_MS);
	}
	if (rc == 0 && at.stale)
		hs_report_note(rep, "every frontend in STOP: the HAProxy process that answered "
				    "is soft-stopping (reload or shutdown in progress)");
	if (rc != 0 && first.code != HS_ERR_NONE && err->code != HS_ERR_TIMEOUT) {
		struct hs_error again = *err;

		if (strcmp(first.msg, again.msg) == 0)
			hs_error_set(err, first.code, "%.300s (the same when retried once)",
				     first.msg);
		else if (wrong_answer(&again))
			/* what answered the retry is not a HAProxy stats socket:
			 * that is the truth about the peer, whatever went wrong
			 * the first time (a connection closed early) */
			hs_error_set(err, again.code, "%.300s (the first attempt: %.150s)",
				     again.msg, first.msg);
		else
			/* the first failure says more than the retry's (a reload
			 * cut the answer short; the retry found the socket gone) */
			hs_error_set(err, first.code, "%.300s (retried once: %.150s)", first.msg,
				     again.msg);
	}
	return rc;
}

/* Sets the output budgets of <rep>, which is rendered, from <cfg>. */
static void
set_budgets(const struct hs_check_config *cfg, struct hs_report *rep)
{
	rep->perf_budget = cfg->perf_max_bytes;
	/* -v and --list ask for everything, unless a limit was given */
	rep->output_max = (cfg->verbosity > 0 || cfg->list) && !cfg->output_max_set
				  ? 0
				  : cfg->output_max_bytes;
}

/* One node of several, read in its own thread. */
struct node_run {
	const struct hs_check_config *cfg;
	const struct hs_node *node;
	int64_t deadline;
	struct hs_report rep;
	struct hs_error err;
	int rc;
	bool started;
	pthread_t thread;
};

static void *
node_thread(void *arg)
{
	struct node_run *nr = arg;

	nr->rc = run_node(nr->cfg, &nr->node->ep, nr->node->desc, nr->node->name, nr->deadline,
			  &nr->rep, &nr->err);
	return NULL;
}

/* True if <err> says the node could not be reached or did not answer (as
 * opposed to an answer that was wrong).
 */
static bool
unreachable(const struct hs_error *err)
{
	switch (err->code) {
	case HS_ERR_NOENT:
	case HS_ERR_ACCESS:
	case HS_ERR_REFUSED:
	case HS_ERR_NOTSOCK:
	case HS_ERR_RESOLVE:
	case HS_ERR_TIMEOUT:
	case HS_ERR_IO:
	case HS_ERR_EMPTY:
	case HS_ERR_TRUNCATED:
		return true;
	default:
		return false;
	}
}

/* Several nodes: each read in its own thread under <deadline>, their
 * reports merged in the order given into <rep>, a node that failed a
 * finding of its own (node.unreachable, or UNKNOWN for a wrong answer).
 * <*up> counts the nodes that answered. Returns 0 or -1 (out of memory).
 */
static int
run_nodes(const struct hs_check_config *cfg, int64_t deadline, struct hs_report *rep, size_t *up,
	  struct hs_error *err)
{
	struct node_run *nr = calloc(cfg->nodes, sizeof(*nr));
	const struct hs_report *answered[HS_NODES_MAX];
	size_t i;

	*up = 0;
	if (nr == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	for (i = 0; i < cfg->nodes; i++) {
		nr[i].cfg = cfg;
		nr[i].node = &cfg->node[i];
		nr[i].deadline = deadline;
		nr[i].started = pthread_create(&nr[i].thread, NULL, node_thread, &nr[i]) == 0;
		if (!nr[i].started) /* no thread to spare: read it here */
			node_thread(&nr[i]);
	}
	for (i = 0; i < cfg->nodes; i++) {
		if (nr[i].started)
			pthread_join(nr[i].thread, NULL);
		if (nr[i].rc == 0)
			answered[(*up)++] = &nr[i].rep;
	}
	/* what every node says, first: a backend DOWN everywhere */
	hs_report_all_down(rep, answered, *up, cfg->nodes, cfg->policy.state[HS_POL_BACKEND_DOWN]);
	*up = 0;
	for (i = 0; i < cfg->nodes; i++) {
		const char *name = cfg->node[i].name;

		if (nr[i].rc == 0) {
			(*up)++;
			hs_report_merge(rep, &nr[i].rep);
		} else if (unreachable(&nr[i].err)) {
			hs_report_add(rep, cfg->policy.state[HS_POL_NODE_UNREACHABLE], true,
				      "node %s unreachable: %s", name, nr[i].err.msg);
		} else {
			hs_report_add(rep, HS_STATE_UNKNOWN, true, "node %s: %s", name,
				      nr[i].err.msg);
		}
		/* a node that failed has only notes, shown as for one node */
		if (nr[i].rc != 0 && cfg->verbosity >= 2)
			hs_report_merge(rep, &nr[i].rep);
		hs_report_free(&nr[i].rep);
	}
	free(nr);
	rep->nodes = cfg->nodes;
	rep->nodes_up = *up;
	return 0;
}

/* The nodes together, <nodes>, into <rep>: nodes_up and its rules.
 * Returns 0 or -1 (out of memory).
 */
static int
eval_nodes(const struct hs_check_config *cfg, const struct hs_nodes *nodes, struct hs_report *rep,
	   struct hs_error *err)
{
	struct hs_eval_config ecfg = hs_check_eval_config(cfg);
	struct hs_eval *ev;

	ecfg.list = false;
	ecfg.elsewhere = ~(unsigned)HS_K_NODES; /* the nodes measured everything else */
	ev = hs_eval_new(&ecfg, rep, err);
	if (ev == NULL)
		return -1;
	hs_eval_nodes(ev, nodes);
	hs_eval_finish_rules(ev);
	hs_eval_free(ev);
	return 0;
}

int
hs_check_run(const struct hs_check_config *cfg, enum hs_state *state, struct hs_buf *out,
	     struct hs_error *err)
{
	int64_t deadline = hs_deadline_in(cfg->timeout);
	struct hs_report rep;
	size_t up = 0;
	int rc;

	if (cfg->nodes == 0)
		return hs_error_set(err, HS_ERR_USAGE, "no stats endpoint given");
	if (cfg->nodes == 1) { /* no thread, and the report names no node */
		rc = run_node(cfg, &cfg->node[0].ep, cfg->node[0].desc, NULL, deadline, &rep, err);
		up = rc == 0;
	} else {
		hs_report_init(&rep);
		rep.show_table = cfg->list;
		rc = run_nodes(cfg, deadline, &rep, &up, err);
	}
	if (rc == 0 && (cfg->nodes > 1 || (hs_rules_kinds(&cfg->rules) & HS_K_NODES) != 0)) {
		struct hs_nodes nodes = {(unsigned)cfg->nodes, (unsigned)up};

		rc = eval_nodes(cfg, &nodes, &rep, err);
	}
	set_budgets(cfg, &rep);
	if (rc == 0) {
		hs_report_render(&rep, out);
		*state = rep.state;
	} else if (cfg->verbosity >= 2) {
		/* what was sent helps most when the check failed */
		hs_report_render_notes(&rep, out);
	}
	hs_report_free(&rep);
	return rc;
}
