/* fuzz_options.c: selection patterns (--proxy, --server and their
 * --exclude- forms) and policy overrides (--policy KEY=STATE, -t's STATE).
 *
 * The first byte picks the option; the rest, cut at a NUL byte and at 128
 * bytes (a regex is the administrator's own text, and glibc's regcomp can
 * be made arbitrarily slow by a pattern that long, which is not a plugin
 * bug), is its value. A value is either accepted or refused with a USAGE
 * error; accepted patterns are then matched against a few names and the
 * selection check runs.
 */
#include <hs-config.h>

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hs_policy.h"
#include "hs_select.h"

static const char *const names[] = {"app-main", "nginx1", "", "BACKEND", "a.b:c-d_e", "x;y"};

/* Adds <value> to selection list <which>, then matches names. */
static void
fuzz_selection(enum hs_sel_list which, const char *value)
{
	struct hs_selection sel;
	struct hs_select_marks marks;
	struct hs_error err = {0};
	size_t i;

	hs_selection_init(&sel);
	if (hs_selection_add(&sel, which, value, &err) == 0) {
		if (hs_select_marks_init(&marks, &sel, &err) != 0)
			abort();
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			if (hs_select_proxy(&sel, names[i], &marks))
				(void)hs_select_server(&sel, names[i], &marks);
		}
		if (hs_selection_check(&sel, &marks, &err) != 0 && err.code != HS_ERR_NOMATCH)
			abort();
		hs_select_marks_free(&marks);
	} else if (err.code != HS_ERR_USAGE) {
		abort();
	}
	hs_selection_free(&sel);
}

HS_FUZZ_TARGET(options)(const uint8_t *data, size_t size)
{
	struct hs_policy pol;
	struct hs_error err = {0};
	char *value;
	int i, st;

	if (size == 0)
		return 0;
	value = hs_fuzz_cstr(data + 1, size - 1, 128);
	if (value == NULL)
		abort();
	switch (data[0] % 3) {
	case 0:
		fuzz_selection((enum hs_sel_list)((data[0] / 3) % HS_SEL_LISTS), value);
		break;
	case 1:
		hs_policy_init(&pol);
		if (hs_policy_set(&pol, value, &err) != 0 && err.code != HS_ERR_USAGE)
			abort();
		for (i = 0; i < HS_POL_COUNT; i++) {
			if (pol.state[i] > HS_STATE_UNKNOWN)
				abort();
		}
		break;
	default:
		st = hs_state_parse(value);
		if (st < -1 || st > HS_STATE_UNKNOWN)
			abort();
		break;
	}
	free(value);
	return 0;
}
