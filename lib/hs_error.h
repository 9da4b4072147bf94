/* hs_error.h: error reporting for the check_haproxy_stat library.
 *
 * Library functions never print and never exit. A function that can fail
 * takes a struct hs_error *, fills it on failure and returns -1 (or NULL, or
 * false, as its comment says). Only the plugin turns an error into an exit
 * code.
 */
#ifndef HS_ERROR_H
#define HS_ERROR_H

#include <stddef.h>

enum hs_errcode {
	HS_ERR_NONE = 0,
	HS_ERR_USAGE,     /* bad option value: plugin prints short usage */
	HS_ERR_NOENT,     /* socket or input file does not exist */
	HS_ERR_ACCESS,    /* permission denied */
	HS_ERR_REFUSED,   /* connection refused */
	HS_ERR_NOTSOCK,   /* path exists but is not a socket */
	HS_ERR_RESOLVE,   /* host name does not resolve */
	HS_ERR_TIMEOUT,   /* deadline reached: plugin uses the -t state */
	HS_ERR_IO,        /* other system error */
	HS_ERR_EMPTY,     /* peer closed without sending anything */
	HS_ERR_NOT_STATS, /* answer is not a show stat dump (error text etc.) */
	HS_ERR_MALFORMED, /* answer looks like a dump but violates its format */
	HS_ERR_TRUNCATED, /* answer ended before the terminating empty line */
	HS_ERR_LIMIT,     /* answer exceeds a documented size limit */
	HS_ERR_NOMATCH,   /* a selection matched no object */
	HS_ERR_NOMEM,     /* out of memory */
};

#define HS_ERROR_MSG_MAX 512

struct hs_error {
	enum hs_errcode code;
	char msg[HS_ERROR_MSG_MAX]; /* one line, no trailing newline */
};

/* Records <code> and a printf-style message in <err> (which may be NULL).
 * Control characters in the formatted message are replaced by '?' so that
 * text quoted from a hostile peer cannot break the one-line contract.
 * Always returns -1 so callers can write "return hs_error_set(...);".
 */
int hs_error_set(struct hs_error *err, enum hs_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Copies at most <max> bytes of <src> (stopping at NUL or newline) into
 * <dst> of size <dstsize>, replacing control and non-ASCII bytes by '?' and
 * appending "..." when cut. Used to quote untrusted peer text in messages.
 */
void hs_sanitize_excerpt(char *dst, size_t dstsize, const char *src, size_t max);

#endif
