/* hs_time.c: one monotonic deadline for a whole check. */
#include <hs-config.h>

#include <errno.h>

#include <stdint.h>
#include <time.h>

#include "hs_time.h"

int64_t
hs_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
hs_deadline_in(unsigned int seconds)
{
	return hs_now_ms() + (int64_t)seconds * 1000;
}

int
hs_ms_left(int64_t deadline)
{
	int64_t left = deadline - hs_now_ms();

	if (left <= 0)
		return 0;
	if (left > INT32_MAX)
		return INT32_MAX;
	return (int)left;
}

void
hs_sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}
