/* hs_select.h: which proxies and servers a check looks at.
 *
 * Patterns are POSIX extended regular expressions matched against the whole
 * name (the match must span it), so a plain name matches only itself. Include lists are
 * ORed; an object is selected when it matches an include pattern (or there
 * are none) and no exclude pattern. Every include pattern must match at
 * least one object: a typo must never read as healthy.
 */
#ifndef HS_SELECT_H
#define HS_SELECT_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "hs_error.h"

enum hs_sel_list {
	HS_SEL_PROXY,
	HS_SEL_EXCLUDE_PROXY,
	HS_SEL_SERVER,
	HS_SEL_EXCLUDE_SERVER,
	HS_SEL_LISTS
};

struct hs_pattern {
	char *text;
	regex_t re;
	/* the one name the pattern can match, when it spells one out:
	 * letters, digits, '_', ':', '-', and '.' written "[.]" or "\."
	 * (what --discover writes); NULL otherwise */
	char *literal;
};

struct hs_selection {
	struct hs_pattern *list[HS_SEL_LISTS];
	size_t count[HS_SEL_LISTS];
};

void hs_selection_init(struct hs_selection *sel);
void hs_selection_free(struct hs_selection *sel);

/* Adds <pattern> to list <which> (with its literal name, if it spells
 * one). Fails with USAGE when the regex does not compile. Returns 0 or -1.
 */
int hs_selection_add(struct hs_selection *sel, enum hs_sel_list which, const char *pattern,
		     struct hs_error *err);

/* What one evaluation has seen of a selection: a flag per include
 * pattern, in list order, set when the pattern matched a selected object.
 * The selection itself never changes while a check runs; each attempt has
 * its own marks.
 */
struct hs_select_marks {
	bool *matched[HS_SEL_LISTS];
};

/* Allocates clear marks for <sel>. Returns 0, or -1 with NOMEM. */
int hs_select_marks_init(struct hs_select_marks *marks, const struct hs_selection *sel,
			 struct hs_error *err);
void hs_select_marks_free(struct hs_select_marks *marks);

/* True if proxy <name> is selected; records the include patterns that
 * match in <marks> (which may be NULL).
 */
bool hs_select_proxy(const struct hs_selection *sel, const char *name,
		     struct hs_select_marks *marks);

/* True if server <name> (of an already selected proxy) is selected;
 * records the server include patterns that match in <marks> (or NULL).
 */
bool hs_select_server(const struct hs_selection *sel, const char *name,
		      struct hs_select_marks *marks);

/* After all rows: fails with NOMATCH naming the first include pattern that
 * <marks> says matched nothing. Returns 0 or -1.
 */
int hs_selection_check(const struct hs_selection *sel, const struct hs_select_marks *marks,
		       struct hs_error *err);

/* One whole-name pattern outside the selection lists (a per-proxy rule's
 * "@PROXY"): compiled with the same cost guard as --proxy. <option> names
 * the argument in messages. Fails with USAGE for a costly or invalid
 * pattern, NOMEM. Returns 0 or -1; on failure <p> holds nothing to free.
 */
int hs_pattern_compile(struct hs_pattern *p, const char *option, const char *pattern,
		       struct hs_error *err);

/* True if <p> matches the whole of <name>. */
bool hs_pattern_match(const struct hs_pattern *p, const char *name);

void hs_pattern_free(struct hs_pattern *p);

#endif
