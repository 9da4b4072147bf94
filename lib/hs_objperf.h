/* hs_objperf.h: which perfdata items an object writes.
 *
 * Each object writes its default items (a frontend its rate and scur, a
 * backend its rate, scur and up, ...), then one item per other metric a
 * rule applying to it covers. An item carries the ranges of the rules
 * that apply to that object (a rule with @PROXY replaces the one without
 * on its proxies). Labels are "<prefix>:<metric>", kept whole whatever the
 * length of the names.
 */
#ifndef HS_OBJPERF_H
#define HS_OBJPERF_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_metric.h"
#include "hs_report.h"

/* An object as its perfdata sees it. */
struct hs_perfobj {
	const struct hs_mobj *m; /* what its metrics are read from */
	const char *prefix;      /* "fe:app", "sv:app/s1", "info", "table:t" */
	const bool *applies;     /* per rule: the rule applies to it */
};

/* Adds the perfdata items of <obj> to <rep>: <defaults> (with the limits
 * <max>, entries may be NULL) and the metrics of the rules in <rules>
 * (may be NULL) that apply to it. A metric it has no value for writes no
 * item.
 */
void hs_objperf_add(struct hs_report *rep, const struct hs_rules *rules,
		    const struct hs_perfobj *obj, const struct hs_metric *const *defaults,
		    const double *const *max, size_t ndefaults);

/* The totals of --perfdata=summary, from the counts in <rep>, with
 * <backends_down> selected backends DOWN.
 */
void hs_objperf_summary(struct hs_report *rep, size_t backends_down);

#endif
