/* hs_ruleseen.c: what one evaluation learns about each rule. */
#include <hs-config.h>

#include <stdlib.h>
#include <string.h>

#include "hs_ruleseen.h"

void
hs_ruleseen_object(struct hs_ruleseen *rs, const struct hs_rules *rules, unsigned kind,
		   const char *proxy, bool *applies)
{
	bool matched[HS_RULES_MAX];
	size_t i;

	if (rules == NULL)
		return;
	hs_rules_applying(rules, kind, proxy, applies, matched);
	for (i = 0; i < rules->count; i++)
		rs->rule[i].proxy_matched |= matched[i];
}

void
hs_ruleseen_skip(struct hs_ruleseen *rs, size_t i, const char *name, enum hs_mreason why)
{
	struct hs_rule_seen *s = &rs->rule[i];

	if (s->skipped++ > 0)
		return;
	s->why = why;
	if (rs->keep_names)
		s->first = strdup(name);
}

void
hs_ruleseen_report(const struct hs_ruleseen *rs, const struct hs_rules *rules,
		   struct hs_report *rep, bool verbose, unsigned elsewhere)
{
	size_t i;

	for (i = 0; rules != NULL && i < rules->count; i++) {
		const struct hs_rule *r = &rules->rule[i];
		const struct hs_rule_seen *s = &rs->rule[i];
		const char *key = *r->key ? r->key : "rate";
		struct hs_buf why;

		if ((r->kinds & ~elsewhere) == 0)
			continue; /* measured by another evaluation */
		if (s->measured > 0) {
			if (s->skipped > 0 && verbose)
				hs_report_note(
					rep,
					"rule %s: %zu selected object(s) skipped, first %s: %s",
					key, s->skipped, s->first ? s->first : "?",
					hs_mreason_text(s->why));
			continue;
		}
		hs_buf_init(&why, 0);
		hs_rule_why(r, s->skipped > 0 ? s->why : HS_MR_OK, s->proxy_matched, &why);
		/* over the interval: not this time, which is no UNKNOWN; an
		 * unusable state file has its own UNKNOWN line */
		hs_report_add(
			rep,
			s->skipped > 0 && (hs_mreason_interval(s->why) || s->why == HS_MR_NOSTATE)
				? HS_STATE_OK
				: HS_STATE_UNKNOWN,
			true, "rule %s: %s", key, hs_buf_str(&why));
		hs_buf_free(&why);
	}
}

void
hs_ruleseen_free(struct hs_ruleseen *rs)
{
	size_t i;

	for (i = 0; i < HS_RULES_MAX; i++) {
		free(rs->rule[i].first);
		rs->rule[i].first = NULL;
	}
}
