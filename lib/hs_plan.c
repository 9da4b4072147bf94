/* hs_plan.c: which CLI commands a check sends. */
#include <hs-config.h>

#include <stdio.h>
#include <string.h>

#include "hs_buf.h"
#include "hs_expect.h"
#include "hs_plan.h"

/* Appends "show stat" for <proxy> (NULL: all proxies) with type <mask>. */
static void
add_stat(struct hs_buf *b, const char *proxy, unsigned mask)
{
	const char *sep = b->len ? ";" : "";

	if (proxy == NULL && mask == HS_MASK_ALL)
		hs_buf_printf(b, "%sshow stat", sep);
	else
		hs_buf_printf(b, "%sshow stat %s %u -1", sep, proxy ? proxy : "-1", mask);
}

/* Adds a "show stat" answer for <proxy> with <mask> to <plan> and <b>. */
static void
plan_stat(struct hs_plan *plan, struct hs_buf *b, const char *proxy, unsigned mask)
{
	plan->stat_proxy[plan->nstat] = proxy;
	plan->stat_mask[plan->nstat++] = mask;
	add_stat(b, proxy, mask);
}

int
hs_plan_build(const struct hs_plan_needs *needs, struct hs_plan *plan, struct hs_error *err)
{
	const char *names[HS_PLAN_PROXIES_MAX];
	struct hs_buf b;
	size_t i, j, n = 0;
	bool filtered;

	memset(plan, 0, sizeof(*plan));
	for (i = 0; needs->proxy != NULL && i < needs->nproxy; i++) {
		bool dup = false;

		if (!hs_name_valid(needs->proxy[i]))
			return hs_error_set(err, HS_ERR_USAGE,
					    "'%.80s' is not a HAProxy proxy name", needs->proxy[i]);
		for (j = 0; j < n; j++)
			dup |= strcmp(names[j], needs->proxy[i]) == 0;
		if (!dup && n < HS_PLAN_PROXIES_MAX)
			names[n++] = needs->proxy[i];
		else if (!dup)
			n = HS_PLAN_PROXIES_MAX + 1; /* too many: no filter */
	}
	filtered = n > 0 && n <= HS_PLAN_PROXIES_MAX;
	plan->mask = (needs->mask & HS_MASK_ALL) | HS_MASK_FRONTENDS | HS_MASK_BACKENDS;
	if (needs->servers_state)
		plan->mask &= ~HS_MASK_SERVERS;
	for (;;) {
		hs_buf_init(&b, HS_PLAN_LINE_MAX - 1);
		plan->info = needs->info;
		plan->servers_state = needs->servers_state;
		plan->table = needs->table;
		plan->filtered = filtered;
		plan->nstat = 0;
		if (needs->info)
			hs_buf_printf(&b, "show info");
		if (needs->servers_state)
			hs_buf_printf(&b, "%sshow servers state", b.len ? ";" : "");
		if (filtered) {
			plan_stat(plan, &b, NULL,
				  plan->mask & (HS_MASK_FRONTENDS | HS_MASK_LISTENERS));
			hs_buf_printf(&b, ";show backend");
			for (i = 0; i < n; i++)
				plan_stat(plan, &b, names[i],
					  plan->mask & (HS_MASK_BACKENDS | HS_MASK_SERVERS));
		} else {
			plan_stat(plan, &b, NULL, plan->mask);
		}
		if (needs->table)
			hs_buf_printf(&b, ";show table");
		if (b.refused == 0 && hs_buf_append(&b, "\n", 1))
			break;
		if (!filtered) {
			hs_buf_free(&b);
			return hs_error_set(err, HS_ERR_NOMEM, "command line too long");
		}
		hs_buf_free(&b); /* too long a line: ask for every proxy */
		filtered = false;
	}
	if (b.nomem || b.len == 0) {
		hs_buf_free(&b);
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	}
	memcpy(plan->line, hs_buf_str(&b), b.len + 1);
	hs_buf_free(&b);
	return 0;
}
