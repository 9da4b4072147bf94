/* hs_ruleseen.h: what one evaluation learns about each rule.
 *
 * For every -w/-c rule: how many selected objects it was measured on, how
 * many it applied to but could not be measured on and why the first of
 * them could not (a missing column, no limit set, ...), and whether its
 * PROXY pattern matched a selected object. When the check ends, a rule
 * measured on nothing is an UNKNOWN finding naming it and the reason,
 * beside the other findings (it never lowers a worse state).
 */
#ifndef HS_RULESEEN_H
#define HS_RULESEEN_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_metric.h"
#include "hs_report.h"

struct hs_rule_seen {
	size_t measured;     /* objects it was read from */
	size_t skipped;      /* selected objects it applies to that lack the metric */
	enum hs_mreason why; /* why the first of them lacks it */
	char *first;         /* its name (kept only with <keep_names>) */
	bool proxy_matched;  /* its PROXY pattern matched a selected object */
};

struct hs_ruleseen {
	struct hs_rule_seen rule[HS_RULES_MAX];
	bool keep_names; /* remember the first skipped object (for -v notes) */
};

/* Sets <applies>[i] for each rule of <rules> (may be NULL: none) that
 * applies to a selected object of kind <kind> in proxy <proxy> (NULL for
 * the process), and notes the PROXY patterns it matches.
 */
void hs_ruleseen_object(struct hs_ruleseen *rs, const struct hs_rules *rules, unsigned kind,
			const char *proxy, bool *applies);

/* Notes that rule <i> could not be measured on object <name>, for <why>. */
void hs_ruleseen_skip(struct hs_ruleseen *rs, size_t i, const char *name, enum hs_mreason why);

/* Adds to <rep> an UNKNOWN finding "rule KEY: REASON" for each rule of
 * <rules> measured on no object; with <verbose>, a note for each rule
 * that skipped objects beside those it measured. Rules whose kinds all
 * are in <elsewhere> (HS_K_* bits another evaluation measures) are left
 * out.
 */
void hs_ruleseen_report(const struct hs_ruleseen *rs, const struct hs_rules *rules,
			struct hs_report *rep, bool verbose, unsigned elsewhere);

void hs_ruleseen_free(struct hs_ruleseen *rs);

#endif
