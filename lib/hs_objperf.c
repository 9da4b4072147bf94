/* hs_objperf.c: which perfdata items an object writes. */
#include <hs-config.h>

#include <stdlib.h>
#include <string.h>

#include "hs_objperf.h"

/* The ranges that the rules applying to <obj> put on <m>: the first
 * warning and the first critical range given (two rules, such as up=3:
 * and backend.up=1:, may each give one). False when no rule covers it.
 */
static bool
ranges_for(const struct hs_rules *rules, const struct hs_perfobj *obj, const struct hs_metric *m,
	   const char **warn, const char **crit)
{
	bool covered = false;
	size_t i;

	*warn = *crit = NULL;
	for (i = 0; rules != NULL && i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];

		if (!obj->applies[i] || !hs_metric_same(&r->metric, m))
			continue;
		covered = true;
		if (*warn == NULL)
			*warn = r->warn;
		if (*crit == NULL)
			*crit = r->crit;
	}
	return covered;
}

/* One item for metric <m> of <obj>; <max> when a limit applies. */
static void
perf_item(struct hs_report *rep, const struct hs_rules *rules, const struct hs_perfobj *obj,
	  const struct hs_metric *m, const double *max)
{
	static const double zero = 0;
	const char *uom = hs_metric_uom(m), *warn, *crit;
	bool pct = strcmp(uom, "%") == 0;
	bool covered = ranges_for(rules, obj, m, &warn, &crit);
	const char *name = hs_metric_name(m);
	size_t plen = strlen(obj->prefix), nlen;
	char *label;
	double v;

	if (hs_metric_value(m, obj->m, &v) != HS_MR_OK)
		return;
	if (strncmp(name, "info.", 5) == 0 || strncmp(name, "table.", 6) == 0)
		name = strchr(name, '.') + 1;
	nlen = strlen(name);
	label = malloc(plen + nlen + 2);
	if (label == NULL)
		return;
	memcpy(label, obj->prefix, plen);
	if (plen > 0) /* the check's own metrics have no prefix */
		label[plen++] = ':';
	memcpy(label + plen, name, nlen + 1);
	hs_report_perf(rep, covered, label, v, uom, warn, crit, pct ? NULL : &zero,
		       pct ? NULL : max);
	free(label);
}

void
hs_objperf_add(struct hs_report *rep, const struct hs_rules *rules, const struct hs_perfobj *obj,
	       const struct hs_metric *const *defaults, const double *const *max, size_t ndefaults)
{
	const struct hs_metric *done[2 * HS_RULES_MAX];
	size_t ndone = 0, i, j;

	for (i = 0; i < ndefaults; i++) {
		perf_item(rep, rules, obj, defaults[i], max[i]);
		done[ndone++] = defaults[i];
	}
	for (i = 0; rules != NULL && i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];
		bool dup = false;

		if (!obj->applies[i])
			continue;
		for (j = 0; j < ndone; j++)
			dup |= hs_metric_same(done[j], &r->metric);
		if (dup)
			continue;
		perf_item(rep, rules, obj, &r->metric, NULL);
		done[ndone++] = &r->metric;
	}
}

void
hs_objperf_summary(struct hs_report *rep, size_t backends_down)
{
	static const struct {
		const char *label;
		enum hs_status_class cls;
	} classes[] = {
		{"servers_up", HS_SC_UP},       {"servers_down", HS_SC_DOWN},
		{"servers_maint", HS_SC_MAINT}, {"servers_drain", HS_SC_DRAIN},
		{"servers_nolb", HS_SC_NOLB},   {"servers_nocheck", HS_SC_NOCHECK},
	};
	static const double zero = 0;
	double servers = (double)rep->objects[HS_OBJ_SERVER];
	double backends = (double)rep->objects[HS_OBJ_BACKEND];
	size_t i;

	hs_report_perf(rep, false, "frontends", (double)rep->objects[HS_OBJ_FRONTEND], "", NULL,
		       NULL, &zero, NULL);
	hs_report_perf(rep, false, "backends", backends, "", NULL, NULL, &zero, NULL);
	hs_report_perf(rep, false, "backends_down", (double)backends_down, "", NULL, NULL, &zero,
		       &backends);
	hs_report_perf(rep, false, "servers", servers, "", NULL, NULL, &zero, NULL);
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		hs_report_perf(rep, false, classes[i].label, (double)rep->servers[classes[i].cls],
			       "", NULL, NULL, &zero, &servers);
}
