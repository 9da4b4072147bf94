/* hs_plan.c: which CLI commands a check sends, in which order. */
#include <hs-config.h>

#include <stdio.h>
#include <string.h>

#include "hs_expect.h"
#include "hs_plan.h"

/* Appends a command of <kind> for <proxy> with <mask> to <plan>. The
 * commands of one plan are bounded by construction (see
 * HS_PLAN_COMMANDS_MAX); returns false if that bound is ever exceeded.
 */
static bool
add(struct hs_plan *plan, enum hs_cmd_kind kind, const char *proxy, unsigned mask)
{
	if (plan->count >= HS_PLAN_COMMANDS_MAX)
		return false;
	plan->cmd[plan->count].kind = kind;
	plan->cmd[plan->count].proxy = proxy;
	plan->cmd[plan->count].mask = mask;
	plan->cmd[plan->count].only = NULL;
	plan->count++;
	return true;
}

/* Fills <plan> with the commands for <needs>, asking for the <n> proxies
 * of <names> by name (none: every proxy), in the order they are sent:
 * "show info", "show stat" (of every proxy, or its
 * frontends and listeners, then "show backend" and each named proxy's
 * backend and servers), "show table". <plan->mask> must be set. Returns
 * false if the plan would exceed HS_PLAN_COMMANDS_MAX.
 */
static bool
compose(struct hs_plan *plan, const struct hs_plan_needs *needs, const char *const *names, size_t n)
{
	bool ok = true;
	size_t i;

	plan->count = 0;
	plan->filtered = n > 0;
	if (needs->info)
		ok &= add(plan, HS_CMD_INFO, NULL, 0);
	if (n > 0) {
		ok &= add(plan, HS_CMD_STAT, NULL,
			  plan->mask & (HS_MASK_FRONTENDS | HS_MASK_LISTENERS));
		ok &= add(plan, HS_CMD_BACKEND_LIST, NULL, 0);
		for (i = 0; i < n; i++)
			ok &= add(plan, HS_CMD_STAT, names[i],
				  plan->mask & (HS_MASK_BACKENDS | HS_MASK_SERVERS));
	} else {
		ok &= add(plan, HS_CMD_STAT, NULL, plan->mask);
	}
	if (needs->table)
		ok &= add(plan, HS_CMD_TABLE, NULL, 0);
	return ok;
}

/* True if the commands of <plan>, joined by ';' and ended by '\n', fit in
 * HS_PLAN_LINE_MAX - 1 bytes.
 */
static bool
fits(const struct hs_plan *plan)
{
	char line[HS_PLAN_LINE_MAX - 1];

	return hs_plan_text(plan, line, sizeof(line));
}

int
hs_plan_build(const struct hs_plan_needs *needs, struct hs_plan *plan, struct hs_error *err)
{
	const char *names[HS_PLAN_PROXIES_MAX];
	/* an impossible count asks for every proxy rather than for some */
	size_t nproxy = needs->nproxy <= HS_PLAN_PROXIES_MAX ? needs->nproxy : 0;
	size_t i, j, n = 0;
	bool every = false;

	memset(plan, 0, sizeof(*plan));
	for (i = 0; i < nproxy; i++) {
		bool dup = false;

		if (!hs_name_valid(needs->proxy[i]))
			return hs_error_set(err, HS_ERR_USAGE,
					    "'%.80s' is not a HAProxy proxy name", needs->proxy[i]);
		for (j = 0; j < n; j++)
			dup |= strcmp(names[j], needs->proxy[i]) == 0;
		if (!dup)
			names[n++] = needs->proxy[i];
		/* a keyword in that place on 2.3+: see hs_plan.h */
		every |= strcmp(needs->proxy[i], "domain") == 0;
	}
	if (every)
		n = 0;
	plan->mask = (needs->mask & HS_MASK_ALL) | HS_MASK_FRONTENDS | HS_MASK_BACKENDS;
	if (compose(plan, needs, names, n) && fits(plan))
		return 0;
	/* too long a line: ask for every proxy */
	if (n > 0 && compose(plan, needs, names, 0) && fits(plan))
		return 0;
	return hs_error_set(err, HS_ERR_NOMEM, "internal error: command line too long");
}

int
hs_plan_build_page(const struct hs_plan_needs *needs, struct hs_plan *plan, struct hs_error *err)
{
	const char *scope = NULL;

	memset(plan, 0, sizeof(*plan));
	if (needs->info || needs->table)
		return hs_error_set(
			err, HS_ERR_USAGE,
			"%s metrics need the stats socket (-S, or -H/-p): the stats page "
			"(--url) shows neither 'show info' nor 'show table'",
			needs->info ? "info." : "table.");
	if (needs->nproxy == 1 && needs->proxy[0] != NULL && hs_name_valid(needs->proxy[0]) &&
	    strlen(needs->proxy[0]) <= HS_PAGE_SCOPE_MAX)
		scope = needs->proxy[0];
	plan->mask = HS_MASK_ALL;
	add(plan, HS_CMD_PAGE, scope, HS_MASK_ALL);
	return 0;
}

bool
hs_command_text(const struct hs_command *cmd, char *buf, size_t size)
{
	int n = -1;

	switch (cmd->kind) {
	case HS_CMD_INFO:
		n = snprintf(buf, size, "show info");
		break;
	case HS_CMD_STAT:
		if (cmd->proxy != NULL)
			n = snprintf(buf, size, "show stat %s %u -1", cmd->proxy, cmd->mask);
		else if (cmd->mask == HS_MASK_ALL)
			n = snprintf(buf, size, "show stat");
		else /* a form no proxy name can take (see hs_plan.h) */
			n = snprintf(buf, size, "show stat " HS_EVERY_PROXY " %u -1", cmd->mask);
		break;
	case HS_CMD_BACKEND_LIST:
		n = snprintf(buf, size, "show backend");
		break;
	case HS_CMD_TABLE:
		n = snprintf(buf, size, "show table");
		break;
	case HS_CMD_TABLE_DATA:
		n = snprintf(buf, size, "show table %s", cmd->proxy);
		break;
	case HS_CMD_PAGE:
		n = snprintf(buf, size, ";csv;norefresh%s%s", cmd->proxy != NULL ? ";scope=" : "",
			     cmd->proxy != NULL ? cmd->proxy : "");
		break;
	}
	if (n < 0 && size > 0)
		buf[0] = '\0';
	return n >= 0 && (size_t)n < size;
}

bool
hs_plan_text(const struct hs_plan *plan, char *buf, size_t size)
{
	size_t i, len = 0;

	if (size == 0)
		return false;
	buf[0] = '\0';
	for (i = 0; i < plan->count; i++) {
		if (i > 0) {
			if (len + 1 >= size)
				return false;
			buf[len++] = ';';
			buf[len] = '\0';
		}
		if (!hs_command_text(&plan->cmd[i], buf + len, size - len))
			return false;
		len += strlen(buf + len);
	}
	return true;
}
