/* hs_rate.h: the previous sample, for deltas, rates and ratios over the
 * interval since the last check.
 *
 * A rule on delta.COUNTER, rate.COUNTER or a named ratio (http_5xx_pct,
 * persist_pct, ...) needs the counters the previous check read; the
 * formulas are in hs_derived.h, this module only keeps the samples. One rate
 * session per attempt reads that previous sample from the state file
 * (hs_statefile.h) beside the new dump, hands each object its previous
 * counters (struct hs_prev) and writes the new sample, which replaces the
 * old one when the check succeeded. The file's key is a hash of the
 * endpoint, the selection and every rule with its thresholds: identical
 * checks share a sample, others never do. Intervals come from the
 * boot-time clock, which no clock step moves.
 *
 * Semantics (each a reason, enum hs_mreason, that the rules report as an
 * OK line, never an UNKNOWN):
 *   - first sample (no state file, a new object, a file that is not a
 *     sample of this format, a sample of another boot): not evaluated,
 *     rates start with the next check;
 *   - reset (a new HAProxy Pid or start time, or a counter that went
 *     down): never a negative value, the object starts a new sample;
 *   - small sample (a ratio over fewer than --min-sample requests or
 *     sessions) and stale sample (older than --state-max-age): not
 *     evaluated.
 * An unsafe state directory or file is one UNKNOWN line naming it; a state
 * that cannot be written is a note: the verdict stands on current data.
 */
#ifndef HS_RATE_H
#define HS_RATE_H

#include <stdbool.h>
#include <stdint.h>

#include "hs_columns.h"
#include "hs_derived.h"
#include "hs_error.h"

struct hs_info;
struct hs_report;
struct hs_rules;
struct hs_selection;

#define HS_RATE_MAX_AGE_DEFAULT    3600 /* seconds */
#define HS_RATE_MIN_SAMPLE_DEFAULT 20

struct hs_rate_config {
	const char *dir;     /* --state-dir, or NULL */
	unsigned max_age;    /* --state-max-age, seconds */
	unsigned min_sample; /* --min-sample: least requests or sessions of a ratio */
};

void hs_rate_config_init(struct hs_rate_config *cfg);

/* True if a rule of <rules> needs a previous sample. */
bool hs_rate_wanted(const struct hs_rules *rules);

struct hs_rate;

/* Starts a rate session for <rules> under <cfg>: the state file's key
 * comes from <peer> (the endpoint as described), <sel> and <rules> (each
 * rule and its thresholds). Problems with the state go to <rep> (an
 * UNKNOWN line for an unsafe directory or file, notes otherwise).
 * Intervals come from the boot-time clock. Returns NULL with NOMEM only.
 */
struct hs_rate *hs_rate_open(const struct hs_rate_config *cfg, const struct hs_rules *rules,
			     const char *peer, const struct hs_selection *sel,
			     struct hs_report *rep, struct hs_error *err);

/* Takes the process identity from "show info" <info>: a new Pid or start
 * time makes every object start a new sample (a note says so).
 */
void hs_rate_process(struct hs_rate *rt, const struct hs_info *info);

/* Object kinds (HS_F, HS_B, HS_S, HS_L bits) the session samples. */
unsigned hs_rate_kinds(const struct hs_rate *rt);

/* For selected object <row>: fills <prev> with its previous counters (or
 * why there are none) and records its current ones.
 */
void hs_rate_object(struct hs_rate *rt, const struct hs_row *row, struct hs_prev *prev);

/* The check succeeded: notes about the session go to <rep> and the new
 * sample replaces the old one (a note when it cannot be written).
 */
void hs_rate_commit(struct hs_rate *rt, struct hs_report *rep);

void hs_rate_free(struct hs_rate *rt);

#endif
