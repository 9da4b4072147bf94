/* hs_http.h: HAProxy's stats page over HTTP or HTTPS (--url).
 *
 * Fetches the page's CSV through libcurl and hands its body, as it
 * arrives, to the record reader (hs_reader.h) as a byte source: memory is
 * the reader's fixed buffer plus one small pending buffer, whatever the
 * size of the page. One deadline covers resolve, connect, TLS and
 * transfer. Completeness comes from HTTP framing: the source reports the
 * end of input only when libcurl says the body is complete (Content-Length
 * reached, chunked encoding terminated); a body cut short is TRUNCATED.
 *
 * Safety: only http and https; redirects are never followed (a 3xx names
 * its Location); TLS is verified unless <insecure>; the body is bounded;
 * the password goes to libcurl only and is never part of a message or a
 * URL.
 */
#ifndef HS_HTTP_H
#define HS_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hs_error.h"
#include "hs_reader.h"

/* Default bound on the body: a 3.x page of 10 000 servers is about 15 MiB. */
#define HS_HTTP_MAX_BODY (256u * 1024 * 1024)
/* Longest password read from a file or the environment. */
#define HS_HTTP_PASSWORD_MAX 1024
/* Environment variable the password may come from. */
#define HS_HTTP_PASSWORD_ENV "CHECK_HAPROXY_STAT_PASSWORD"

struct hs_http_config {
	const char *url;      /* http:// or https://, no options, no credentials */
	const char *username; /* NULL: no authentication */
	char *password;       /* owned (hs_http_config_free wipes it); NULL without one */
	const char *ca_file;  /* --ca-file */
	const char *client_cert, *client_key;
	bool insecure;   /* --insecure: no TLS verification */
	size_t max_body; /* 0: HS_HTTP_MAX_BODY */
};

/* Frees what <cfg> owns, wiping the password first. */
void hs_http_config_free(struct hs_http_config *cfg);

/* Checks <url> for --url: http:// or https:// (any case) with a host,
 * without credentials (an '@' before any '?' or '#': "user:pass@" would
 * put a password on the command line; never quoted), a fragment or ';'
 * options (the plugin adds its own). A '?' is part of the page's path:
 * HAProxy's default stats uri is "/haproxy?stats". Returns 0 or -1 with
 * USAGE.
 */
int hs_http_url_check(const char *url, struct hs_error *err);

/* Copies <url> into <dst> of <size> bytes for a message: the credentials
 * (what precedes the last '@' after "://" and before any '?' or '#') are
 * replaced by "***", whatever the scheme and its case.
 */
void hs_http_url_redact(char *dst, size_t size, const char *url);

/* True if <url> (after any NAME=) is an https:// URL, in any case. */
bool hs_http_is_https(const char *url);

/* The rule for a file holding a password (--password-file, an
 * --extra-opts file with password=), open as <fd> and named <what> in
 * messages: a regular file owned by the plugin's user or root that other
 * users can neither read nor write. Returns 0, or -1 with USAGE or ACCESS.
 */
int hs_http_private_file(int fd, const char *what, struct hs_error *err);

/* Reads the password from the first line of <path> into a new string in
 * <*password> (without its line end). Refuses a file that fails
 * hs_http_private_file(), and an empty first line or
 * one longer than HS_HTTP_PASSWORD_MAX. Returns 0, or -1 with NOENT, ACCESS
 * or USAGE; the message never quotes the file's contents.
 */
int hs_http_password_file(const char *path, char **password, struct hs_error *err);

/* Describes the page of <cfg> for messages: the URL as given (it holds no
 * credentials, hs_http_url_check saw to it).
 */
const char *hs_http_describe(const struct hs_http_config *cfg);

struct hs_http;

/* Starts fetching <cfg->url> followed by <suffix> (";csv;norefresh...",
 * see HS_CMD_PAGE) before <deadline>, and points <src> at the body: a
 * source for hs_reader (see struct hs_reader_source). The request is made
 * as the reader asks for bytes. Returns the transfer, which
 * hs_http_close() ends, or NULL with <err> set (NOMEM, or USAGE when
 * libcurl refuses an option). <cfg> must outlive the transfer.
 */
struct hs_http *hs_http_open(const struct hs_http_config *cfg, const char *suffix, int64_t deadline,
			     struct hs_reader_source *src, struct hs_error *err);

/* Ends the transfer <h> (NULL is fine) and frees it. */
void hs_http_close(struct hs_http *h);

/* Sets up libcurl once, before any other thread could exist; 0 or -1. */
int hs_http_global_init(struct hs_error *err);

#endif
