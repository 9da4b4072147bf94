/* hs_curl.h: libcurl, loaded when the stats page is first fetched.
 *
 * Linking libcurl costs every run of the plugin its start-up: libcurl and
 * the thirty libraries it pulls in (TLS, LDAP, SSH, Kerberos ...) are
 * loaded and relocated, and their constructors run, about 14 ms on a 2-core
 * machine where the whole check of a socket takes 1 ms. Most checks read
 * a socket and never use it. So the plugin does not link it: --url loads
 * libcurl.so.4 (Debian: libcurl4) with dlopen() and calls it through this
 * table, whose members have the types of the functions of <curl/curl.h>.
 */
#ifndef HS_CURL_H
#define HS_CURL_H

#include <curl/curl.h>

#include "hs_error.h"

struct hs_curl_api {
	__typeof__(curl_global_init) *global_init;
	__typeof__(curl_easy_init) *easy_init;
	__typeof__(curl_easy_cleanup) *easy_cleanup;
	__typeof__(curl_easy_getinfo) *easy_getinfo;
	__typeof__(curl_easy_pause) *easy_pause;
	__typeof__(curl_easy_setopt) *easy_setopt;
	__typeof__(curl_easy_strerror) *easy_strerror;
	__typeof__(curl_multi_init) *multi_init;
	__typeof__(curl_multi_cleanup) *multi_cleanup;
	__typeof__(curl_multi_add_handle) *multi_add_handle;
	__typeof__(curl_multi_remove_handle) *multi_remove_handle;
	__typeof__(curl_multi_perform) *multi_perform;
	__typeof__(curl_multi_poll) *multi_poll;
	__typeof__(curl_multi_info_read) *multi_info_read;
};

/* The functions, set by a successful hs_curl_load(). */
extern struct hs_curl_api hs_curl;

/* Loads libcurl and runs its global initialisation, once per process
 * (safe from several threads at once). Returns 0, or -1 with <err> saying
 * which library could not be loaded or which function it lacks; later
 * calls give the same answer.
 */
int hs_curl_load(struct hs_error *err);

#endif
