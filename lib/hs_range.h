/* hs_range.h: warning/critical thresholds in Nagios range syntax.
 *
 * A thin layer over libmonitoringplug's set_thresholds()/get_status(), so
 * ranges mean exactly what they mean in every other plugin:
 *   10 (0..10), 10: (>= 10), ~:10 (<= 10), 10:20, @10:20 (alert inside).
 * The library parser accepts garbage ("abc" reads as 0), so texts are
 * validated strictly here first.
 */
#ifndef HS_RANGE_H
#define HS_RANGE_H

#include <stdbool.h>

#include "hs_error.h"

/* States, numerically equal to the plugin exit codes. */
enum hs_state {
	HS_STATE_OK = 0,
	HS_STATE_WARNING = 1,
	HS_STATE_CRITICAL = 2,
	HS_STATE_UNKNOWN = 3,
};

/* "OK", "WARNING", "CRITICAL", "UNKNOWN". */
const char *hs_state_name(enum hs_state state);

/* Orders states for "worst of": OK < UNKNOWN < WARNING < CRITICAL
 * (max_state_alt in Monitoring Plugins). Returns the worse of <a> and <b>.
 */
enum hs_state hs_state_worst(enum hs_state a, enum hs_state b);

/* Rank of a state in that order (0 for OK ... 3 for CRITICAL). */
int hs_state_rank(enum hs_state state);

struct hs_threshold {
	char *warn; /* range texts as given, or NULL */
	char *crit;
	void *lib; /* libmonitoringplug thresholds */
};

/* True if <text> is a valid range: [@]END, [@]START:, [@]START:END, with
 * START a number or ~ and END a number, and START <= END.
 */
bool hs_range_valid(const char *text);

/* Sets <t> from range texts <warn> and <crit> (either may be NULL). Fails
 * with USAGE naming the bad text. Returns 0 or -1.
 */
int hs_threshold_set(struct hs_threshold *t, const char *warn, const char *crit,
		     struct hs_error *err);

/* True if a warning or critical range is set. */
bool hs_threshold_active(const struct hs_threshold *t);

/* Evaluates <value>: CRITICAL if outside (or inside, with @) the critical
 * range, else WARNING likewise, else OK.
 */
enum hs_state hs_threshold_eval(const struct hs_threshold *t, double value);

void hs_threshold_free(struct hs_threshold *t);

#endif
