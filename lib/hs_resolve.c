/* hs_resolve.c: name resolution that keeps the check's deadline. */
#include <hs-config.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "hs_resolve.h"
#include "hs_time.h"

/* One lookup, shared by the caller and the thread that runs it; whichever
 * lets go of it last frees it (refs counts the holders).
 */
struct lookup {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int refs;
	bool done;
	int rc;     /* getaddrinfo()'s result */
	int errnum; /* errno, for EAI_SYSTEM */
	struct addrinfo hints;
	struct addrinfo *res;
	char *host;
	char *port;
};

static void
lookup_free(struct lookup *l)
{
	if (l->res != NULL)
		freeaddrinfo(l->res);
	pthread_cond_destroy(&l->cv);
	pthread_mutex_destroy(&l->mu);
	free(l->host);
	free(l->port);
	free(l);
}

/* Lets go of <l>, locked by the caller; frees it when nobody holds it. */
static void
lookup_release(struct lookup *l)
{
	bool last = --l->refs == 0;

	pthread_mutex_unlock(&l->mu);
	if (last)
		lookup_free(l);
}

static void *
lookup_run(void *arg)
{
	struct lookup *l = arg;
	struct addrinfo *res = NULL;
	int rc = getaddrinfo(l->host, l->port, &l->hints, &res);
	int errnum = errno;

	pthread_mutex_lock(&l->mu);
	l->rc = rc;
	l->errnum = errnum;
	l->res = res;
	l->done = true;
	pthread_cond_signal(&l->cv);
	lookup_release(l);
	return NULL;
}

/* The result of getaddrinfo() <rc> (<errnum> for EAI_SYSTEM) as an error
 * of <err> about <host>, or 0.
 */
static int
lookup_error(int rc, int errnum, const char *host, struct hs_error *err)
{
	if (rc == 0)
		return 0;
	return hs_error_set(err, HS_ERR_RESOLVE, "cannot resolve %s: %s", host,
			    rc == EAI_SYSTEM ? strerror(errnum) : gai_strerror(rc));
}

/* Creates the lookup of <host>/<port> with <hints>, held by the caller,
 * or returns NULL when out of memory.
 */
static struct lookup *
lookup_new(const char *host, const char *port, const struct addrinfo *hints)
{
	struct lookup *l = calloc(1, sizeof(*l));
	pthread_condattr_t ca;

	if (l == NULL)
		return NULL;
	l->host = strdup(host);
	l->port = port != NULL ? strdup(port) : NULL;
	if (l->host == NULL || (port != NULL && l->port == NULL)) {
		free(l->host);
		free(l->port);
		free(l);
		return NULL;
	}
	l->hints = *hints;
	l->refs = 1;
	pthread_mutex_init(&l->mu, NULL);
	/* waits measured on the clock the deadline is on */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&l->cv, &ca);
	pthread_condattr_destroy(&ca);
	return l;
}

int
hs_resolve(const char *host, const char *port, const struct addrinfo *hints, int64_t deadline,
	   struct addrinfo **res, struct hs_error *err)
{
	struct lookup *l = lookup_new(host, port, hints);
	pthread_attr_t attr;
	pthread_t thread;
	int rc, started;

	*res = NULL;
	if (l == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	l->refs = 2; /* the caller and the thread */
	started = pthread_create(&thread, &attr, lookup_run, l);
	pthread_attr_destroy(&attr);
	if (started != 0) {
		/* no thread: resolve here, without the deadline */
		lookup_free(l);
		rc = getaddrinfo(host, port, hints, res);
		return lookup_error(rc, errno, host, err);
	}
	pthread_mutex_lock(&l->mu);
	while (!l->done && hs_ms_left(deadline) > 0) {
		struct timespec until = {(time_t)(deadline / 1000),
					 (long)(deadline % 1000) * 1000000L};

		pthread_cond_timedwait(&l->cv, &l->mu, &until);
	}
	if (!l->done) {
		lookup_release(l);
		return hs_error_set(err, HS_ERR_TIMEOUT,
				    "timed out resolving %s: no answer from the DNS servers "
				    "within -t (check /etc/resolv.conf, or give -H an address)",
				    host);
	}
	rc = lookup_error(l->rc, l->errnum, host, err);
	if (rc == 0) {
		*res = l->res;
		l->res = NULL;
	}
	lookup_release(l);
	return rc;
}
