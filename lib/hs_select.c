/* hs_select.c: which proxies and servers a check looks at. */
#include <hs-config.h>

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_select.h"

static const char *const list_option[HS_SEL_LISTS] = {
	[HS_SEL_PROXY] = "--proxy",
	[HS_SEL_EXCLUDE_PROXY] = "--exclude-proxy",
	[HS_SEL_SERVER] = "--server",
	[HS_SEL_EXCLUDE_SERVER] = "--exclude-server",
};

void
hs_selection_init(struct hs_selection *sel)
{
	memset(sel, 0, sizeof(*sel));
}

void
hs_selection_free(struct hs_selection *sel)
{
	size_t l, i;

	for (l = 0; l < HS_SEL_LISTS; l++) {
		for (i = 0; i < sel->count[l]; i++) {
			regfree(&sel->list[l][i].re);
			free(sel->list[l][i].text);
			free(sel->list[l][i].literal);
		}
		free(sel->list[l]);
	}
	hs_selection_init(sel);
}

/* Largest product of the {m,n} repetition bounds of one pattern. glibc's
 * regcomp() copies a bounded repetition's subexpression once per count,
 * so "a{1,32767}" takes 8 GiB and three nested {1,99} over 1 GiB; names
 * never need that.
 */
#define HS_PATTERN_MAX_REPEAT 1000
/* Most repeated groups "(...)*" in one pattern: each nesting level of
 * "((d+)+)+" doubles regcomp()'s memory (20 levels: 1.6 GiB).
 */
#define HS_PATTERN_MAX_REPEATED_GROUPS 10

/* Returns NULL if <pattern> is cheap to compile, else why not: glibc's
 * regcomp() needs memory exponential in the number of stacked repetition
 * operators ("d+++++++++++++++++++++" takes 1.4 GiB; POSIX leaves them
 * undefined anyway) and in the nesting of repeated groups, and linear in
 * the product of {m,n} bounds. Brackets and backslash escapes are
 * skipped; this is a cost guard, not a parser: regcomp() still validates
 * the syntax.
 */
static const char *
pattern_cost_problem(const char *pattern)
{
	const char *c = pattern;
	unsigned long product = 1;
	int after_quantifier = 0, after_group = 0, repeated_groups = 0;

	while (*c != '\0') {
		if (*c == '\\') {
			after_quantifier = 0;
			after_group = 0;
			c += c[1] != '\0' ? 2 : 1;
			continue;
		}
		if (*c == '[') {
			/* bracket expression: "]" first is literal; [:class:] etc. */
			c++;
			if (*c == '^')
				c++;
			if (*c == ']')
				c++;
			while (*c != '\0' && *c != ']') {
				if (*c == '[' && (c[1] == ':' || c[1] == '.' || c[1] == '=')) {
					const char *close = strchr(c + 2, c[1]);

					c = close != NULL && close[1] == ']' ? close + 2 : c + 1;
					continue;
				}
				c++;
			}
			if (*c == ']')
				c++;
			after_quantifier = 0;
			after_group = 0;
			continue;
		}
		if (*c == '*' || *c == '+' || *c == '?' || *c == '{') {
			if (after_quantifier)
				return "a repetition operator follows another one";
			if (after_group && ++repeated_groups > HS_PATTERN_MAX_REPEATED_GROUPS)
				return "it repeats more than 10 groups";
			after_quantifier = 1;
			after_group = 0;
			if (*c == '{') {
				unsigned long bound = 0;

				for (c++; *c != '\0' && *c != '}'; c++) {
					if (*c >= '0' && *c <= '9') {
						unsigned long v = strtoul(c, NULL, 10);

						if (v > bound)
							bound = v;
						while (c[1] >= '0' && c[1] <= '9')
							c++;
					}
				}
				if (bound > HS_PATTERN_MAX_REPEAT)
					return "a repetition count is too large";
				product *= bound > 1 ? bound : 1;
				if (product > HS_PATTERN_MAX_REPEAT)
					return "its {m,n} repetitions multiply beyond 1000";
				if (*c == '\0')
					break;
			}
			c++;
			continue;
		}
		after_quantifier = 0;
		after_group = *c == ')';
		c++;
	}
	return NULL;
}

/* Returns, allocated, the one name <pattern> can match when it spells one
 * out (letters, digits, '_', ':' and '-' stand for themselves, "[.]" and
 * "\." for '.'), or NULL (also when out of memory: the pattern then
 * just does not count as a name).
 */
static char *
literal_name(const char *pattern)
{
	size_t len = strlen(pattern), o = 0;
	char *name = malloc(len + 1);
	const char *p;

	if (name == NULL)
		return NULL;
	for (p = pattern; *p != '\0'; p++) {
		if (strncmp(p, "[.]", 3) == 0) {
			name[o++] = '.';
			p += 2;
		} else if (p[0] == '\\' && p[1] == '.') {
			name[o++] = '.';
			p++;
		} else if (*p != '.' &&
			   strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "0123456789_:-",
				  *p) != NULL) {
			name[o++] = *p;
		} else {
			free(name);
			return NULL;
		}
	}
	name[o] = '\0';
	if (o == 0 || o > 255) {
		free(name);
		return NULL;
	}
	return name;
}

/* Compiles <pattern> into <p> (see hs_pattern_compile), messages starting
 * with <option><sep>. Returns 0 or -1; on failure <p> holds nothing to free.
 */
static int
compile(struct hs_pattern *p, const char *option, const char *sep, const char *pattern,
	struct hs_error *err)
{
	const char *costly = pattern_cost_problem(pattern);
	int rc;

	memset(p, 0, sizeof(*p));
	if (costly != NULL)
		return hs_error_set(err, HS_ERR_USAGE,
				    "%s%s '%s' is refused: %s (the regular expression library "
				    "would need too much memory)",
				    option, sep, pattern, costly);
	/* compiled as given (not wrapped in ^(...)$, which a pattern such as
	 * "a)|(.*" could escape); whole-name matching is checked on the match
	 * span instead */
	rc = regcomp(&p->re, pattern, REG_EXTENDED);
	if (rc != 0) {
		char why[128];

		regerror(rc, &p->re, why, sizeof(why));
		return hs_error_set(err, HS_ERR_USAGE,
				    "%s%s '%s' is not a valid regular expression: %s", option, sep,
				    pattern, why);
	}
	p->text = strdup(pattern);
	if (p->text == NULL) {
		regfree(&p->re);
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	}
	return 0;
}

int
hs_selection_add(struct hs_selection *sel, enum hs_sel_list which, const char *pattern,
		 struct hs_error *err)
{
	struct hs_pattern *grown, *p;

	grown = realloc(sel->list[which], (sel->count[which] + 1) * sizeof(*grown));
	if (grown == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	sel->list[which] = grown;
	p = &grown[sel->count[which]];
	if (compile(p, list_option[which], "", pattern, err) != 0)
		return -1;
	p->literal = literal_name(pattern);
	sel->count[which]++;
	return 0;
}

/* True if <re> matches all of <name>. POSIX regexec() returns the leftmost
 * longest match, so a whole-name match exists exactly when that match
 * spans the name.
 */
static bool
matches_whole(const regex_t *re, const char *name)
{
	regmatch_t m;

	return regexec(re, name, 1, &m, 0) == 0 && m.rm_so == 0 && (size_t)m.rm_eo == strlen(name);
}

int
hs_select_marks_init(struct hs_select_marks *marks, const struct hs_selection *sel,
		     struct hs_error *err)
{
	size_t l;

	memset(marks, 0, sizeof(*marks));
	for (l = 0; l < HS_SEL_LISTS; l++) {
		if (sel->count[l] == 0)
			continue;
		marks->matched[l] = calloc(sel->count[l], sizeof(bool));
		if (marks->matched[l] == NULL) {
			hs_select_marks_free(marks);
			return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
		}
	}
	return 0;
}

void
hs_select_marks_free(struct hs_select_marks *marks)
{
	size_t l;

	for (l = 0; l < HS_SEL_LISTS; l++) {
		free(marks->matched[l]);
		marks->matched[l] = NULL;
	}
}

/* Matches <name> against list <which>; records every matching pattern in
 * <mark> (one flag per pattern) unless it is NULL. Returns true if any
 * matched.
 */
static bool
match_list(const struct hs_selection *sel, enum hs_sel_list which, const char *name, bool *mark)
{
	bool any = false;
	size_t i;

	for (i = 0; i < sel->count[which]; i++) {
		if (matches_whole(&sel->list[which][i].re, name)) {
			any = true;
			if (mark == NULL)
				break;
			mark[i] = true;
		}
	}
	return any;
}

/* Applies an include list and an exclude list to <name>. */
static bool
select_name(const struct hs_selection *sel, enum hs_sel_list inc, enum hs_sel_list exc,
	    const char *name, struct hs_select_marks *marks)
{
	if (sel->count[exc] > 0 && match_list(sel, exc, name, NULL))
		return false;
	if (sel->count[inc] == 0)
		return true;
	return match_list(sel, inc, name, marks != NULL ? marks->matched[inc] : NULL);
}

bool
hs_select_proxy(const struct hs_selection *sel, const char *name, struct hs_select_marks *marks)
{
	return select_name(sel, HS_SEL_PROXY, HS_SEL_EXCLUDE_PROXY, name, marks);
}

bool
hs_select_server(const struct hs_selection *sel, const char *name, struct hs_select_marks *marks)
{
	return select_name(sel, HS_SEL_SERVER, HS_SEL_EXCLUDE_SERVER, name, marks);
}

int
hs_selection_check(const struct hs_selection *sel, const struct hs_select_marks *marks,
		   struct hs_error *err)
{
	static const enum hs_sel_list includes[] = {HS_SEL_PROXY, HS_SEL_SERVER};
	size_t l, i;

	for (l = 0; l < sizeof(includes) / sizeof(includes[0]); l++) {
		enum hs_sel_list which = includes[l];

		for (i = 0; i < sel->count[which]; i++) {
			if (marks == NULL || marks->matched[which] == NULL ||
			    !marks->matched[which][i])
				return hs_error_set(err, HS_ERR_NOMATCH,
						    "%s '%s' matched no %s: check the name "
						    "(patterns match the whole name)",
						    list_option[which], sel->list[which][i].text,
						    which == HS_SEL_PROXY ? "proxy" : "server");
		}
	}
	return 0;
}

int
hs_pattern_compile(struct hs_pattern *p, const char *option, const char *pattern,
		   struct hs_error *err)
{
	return compile(p, option, ":", pattern, err);
}

bool
hs_pattern_match(const struct hs_pattern *p, const char *name)
{
	return matches_whole(&p->re, name);
}

void
hs_pattern_free(struct hs_pattern *p)
{
	if (p->text == NULL)
		return;
	regfree(&p->re);
	free(p->text);
	p->text = NULL;
}
