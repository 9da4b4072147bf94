/* delay_send.c: LD_PRELOAD shim for the hostile-peer tests. Every send()
 * waits DELAY_SEND_MS milliseconds (default 300) first, so that a peer that
 * closes right after accept has closed before the plugin writes its
 * command: the write then fails with EPIPE, which would raise SIGPIPE
 * without MSG_NOSIGNAL or an ignored SIGPIPE. With DELAY_EXIT_MS set, the
 * process also waits that long as it exits (after main has returned), as
 * it does under LeakSanitizer's report or on a loaded machine.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

ssize_t send(int fd, const void *buf, size_t len, int flags);

/* Sleeps <ms> milliseconds, whatever signals come. */
static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static void __attribute__((destructor)) delay_exit(void)
{
	const char *env = getenv("DELAY_EXIT_MS");

	if (env != NULL)
		sleep_ms(atol(env));
}

ssize_t
send(int fd, const void *buf, size_t len, int flags)
{
	static ssize_t (*real_send)(int, const void *, size_t, int);
	const char *env = getenv("DELAY_SEND_MS");
	long ms = env ? atol(env) : 300;
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	if (real_send == NULL)
		real_send = (ssize_t(*)(int, const void *, size_t, int))dlsym(RTLD_NEXT, "send");
	if (real_send == NULL) {
		errno = ENOSYS;
		return -1;
	}
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
	return real_send(fd, buf, len, flags);
}
