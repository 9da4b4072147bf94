/* hs_curl.c: libcurl, loaded when the stats page is first fetched. */
#include <hs-config.h>

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "hs_curl.h"

struct hs_curl_api hs_curl;

/* The libraries tried, in order: Debian's libcurl4 (OpenSSL), then the
 * GnuTLS flavour (libcurl3-gnutls), which has the same interface. */
static const char *const libraries[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};

/* Where each function of the table is, by its name. */
static const struct {
	const char *name;
	size_t offset;
} functions[] = {
#define FN(member, symbol)                                                                         \
	{                                                                                          \
#symbol, offsetof(struct hs_curl_api, member)                                      \
	}
	FN(global_init, curl_global_init),
	FN(easy_init, curl_easy_init),
	FN(easy_cleanup, curl_easy_cleanup),
	FN(easy_getinfo, curl_easy_getinfo),
	FN(easy_pause, curl_easy_pause),
	FN(easy_setopt, curl_easy_setopt),
	FN(easy_strerror, curl_easy_strerror),
	FN(multi_init, curl_multi_init),
	FN(multi_cleanup, curl_multi_cleanup),
	FN(multi_add_handle, curl_multi_add_handle),
	FN(multi_remove_handle, curl_multi_remove_handle),
	FN(multi_perform, curl_multi_perform),
	FN(multi_poll, curl_multi_poll),
	FN(multi_info_read, curl_multi_info_read),
#undef FN
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct hs_error load_error; /* the outcome of the one load */

/* Loads the first library of <libraries> that exists and fills hs_curl,
 * or leaves why not in load_error. Run once. */
static void
load(void)
{
	void *lib = NULL;
	char why[200] = "libcurl.so.4 not found";
	size_t i;

	for (i = 0; lib == NULL && i < sizeof(libraries) / sizeof(libraries[0]); i++) {
		lib = dlopen(libraries[i], RTLD_NOW | RTLD_LOCAL);
		if (lib == NULL && i == 0) {
			/* copied: the next dlopen() frees dlerror()'s text */
			const char *e = dlerror();

			if (e != NULL)
				snprintf(why, sizeof(why), "%s", e);
		}
	}
	if (lib == NULL) {
		hs_error_set(&load_error, HS_ERR_IO,
			     "--url needs libcurl, which cannot be loaded (%s): install it "
			     "(Debian: apt-get install libcurl4)",
			     why);
		return;
	}
	for (i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
		void *f = dlsym(lib, functions[i].name);

		if (f == NULL) {
			hs_error_set(&load_error, HS_ERR_IO,
				     "--url needs libcurl 7.66 or later: the libcurl loaded has no "
				     "%s",
				     functions[i].name);
			return;
		}
		/* POSIX guarantees a data pointer can hold a function's address */
		*(void **)((char *)&hs_curl + functions[i].offset) = f;
	}
	if (hs_curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		hs_error_set(&load_error, HS_ERR_IO, "libcurl could not be initialised");
	/* the library stays loaded until the process ends */
}

int
hs_curl_load(struct hs_error *err)
{
	pthread_once(&once, load);
	if (load_error.code != HS_ERR_NONE) {
		if (err != NULL)
			*err = load_error;
		return -1;
	}
	return 0;
}
