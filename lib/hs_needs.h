/* hs_needs.h: what a check needs from HAProxy, from its configuration.
 *
 * The rules of planning: server rows only when a server rule, output,
 * selection, expected server or policy line needs them; listener rows only
 * for listener rules, output or policy lines; "show info" and "show table"
 * only for info. and table. metrics; proxies by name only from a socket
 * and when every --proxy pattern spells out one name (hs_pattern.literal)
 * (hs_plan.h says why each rule saves HAProxy time).
 */
#ifndef HS_NEEDS_H
#define HS_NEEDS_H

#include <stdbool.h>

#include "hs_plan.h"

struct hs_eval_config;

struct hs_needs_source {
	const struct hs_eval_config *eval; /* what the check evaluates */
	bool saved;                        /* the answers come from a saved file (--input) */
};

/* Fills <needs> with what the check of <src> needs. The proxy names point
 * into <src>'s selection and expectations.
 */
void hs_needs_compute(const struct hs_needs_source *src, struct hs_plan_needs *needs);

#endif
