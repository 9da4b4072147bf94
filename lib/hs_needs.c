/* hs_needs.c: what a check needs from HAProxy, from its configuration. */
#include <hs-config.h>

#include <string.h>

#include "hs_config.h"
#include "hs_needs.h"

/* Policy lines about servers and listeners: when one is not OK, the check
 * must see the rows it judges.
 */
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
				  HS_POL_SERVER_WEIGHT0,
				  HS_POL_SERVER_NOCOOKIE,
				  HS_POL_COUNT};
static const int listener_keys[] = {HS_POL_LISTENER_OPEN, HS_POL_LISTENER_WAITING,
				    HS_POL_LISTENER_FULL, HS_POL_COUNT};

/* True if any of the policy lines <keys> (HS_POL_COUNT ends the list) is
 * not OK in <pol>.
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

/* True if an expectation of <ex> names a server. */
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

/* Adds <name> to the <*n> names of <names> unless it is there already.
 * Returns false when it would be one name too many.
 */
static bool
add_name(const char **names, size_t *n, const char *name)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strcmp(names[i], name) == 0)
			return true;
	}
	if (*n >= HS_PLAN_PROXIES_MAX)
		return false;
	names[(*n)++] = name;
	return true;
}

/* Sets the proxy names of <needs> when every --proxy pattern of <cfg>
 * spells out one name (hs_pattern.literal): those, and every expected proxy (to see it missing), at
 * most HS_PLAN_PROXIES_MAX of them. Otherwise leaves <needs> asking for every proxy.
 */
static void
by_name(const struct hs_eval_config *cfg, struct hs_plan_needs *needs)
{
	const struct hs_selection *sel = cfg->selection;
	size_t i;

	needs->nproxy = 0;
	for (i = 0; i < sel->count[HS_SEL_PROXY]; i++) {
		/* a pattern that spells out one name: "app", "app[.]main" */
		const char *name = sel->list[HS_SEL_PROXY][i].literal;

		if (name == NULL || !add_name(needs->proxy, &needs->nproxy, name))
			goto every_proxy;
	}
	for (i = 0; i < cfg->expect->count; i++) {
		if (!add_name(needs->proxy, &needs->nproxy, cfg->expect->item[i].proxy))
			goto every_proxy;
	}
	return;
every_proxy:
	needs->nproxy = 0;
}

void
hs_needs_compute(const struct hs_needs_source *src, struct hs_plan_needs *needs)
{
	const struct hs_eval_config *cfg = src->eval;
	const struct hs_selection *sel = cfg->selection;
	unsigned kinds = hs_rules_kinds(cfg->rules);
	bool everything = cfg->list || cfg->verbosity > 0;

	memset(needs, 0, sizeof(*needs));
	needs->info = (kinds & HS_K_PROCESS) != 0;
	needs->table = (kinds & HS_K_TABLE) != 0;
	needs->mask = HS_MASK_FRONTENDS | HS_MASK_BACKENDS;
	if (everything || cfg->perf == HS_PERF_SERVERS || cfg->perf == HS_PERF_SUMMARY ||
	    cfg->perf == HS_PERF_PROXIES || hs_rules_need_servers(cfg->rules) ||
	    sel->count[HS_SEL_SERVER] > 0 || expect_needs_servers(cfg->expect) ||
	    policy_alerts(cfg->policy, server_keys))
		needs->mask |= HS_MASK_SERVERS;
	if (everything || cfg->perf == HS_PERF_SERVERS || (kinds & HS_L) ||
	    policy_alerts(cfg->policy, listener_keys))
		needs->mask |= HS_MASK_LISTENERS;
	/* proxies by name: only from a socket */
	if (!src->saved && sel->count[HS_SEL_PROXY] > 0)
		by_name(cfg, needs);
}
