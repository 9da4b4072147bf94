/* hs_time.h: one monotonic deadline for a whole check.
 *
 * The plugin computes a single deadline from -t; connect, write and every
 * read take their poll timeout from what is left of it.
 */
#ifndef HS_TIME_H
#define HS_TIME_H

#include <stdint.h>

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t hs_now_ms(void);

/* Returns the deadline <seconds> from now. */
int64_t hs_deadline_in(unsigned int seconds);

/* Milliseconds left until <deadline>, 0 when passed, capped to INT32_MAX so
 * it fits poll()'s timeout argument.
 */
int hs_ms_left(int64_t deadline);

/* Sleeps <ms> milliseconds (restarting after signals). */
void hs_sleep_ms(int ms);

#endif
