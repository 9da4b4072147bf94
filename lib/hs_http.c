/* hs_http.c: HAProxy's stats page over HTTP or HTTPS (--url). */
#include <hs-config.h>

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs_curl.h"
#include "hs_http.h"
#include "hs_text.h"
#include "hs_time.h"

/* Body bytes kept between libcurl's write callback and the reader: two of
 * libcurl's largest writes. A write that does not fit pauses the transfer
 * until the reader has taken what is pending.
 */
#define HS_HTTP_PENDING (2 * CURL_MAX_WRITE_SIZE)

struct hs_http {
	const struct hs_http_config *cfg;
	CURLM *multi;
	CURL *easy;
	char *url; /* cfg->url + suffix */
	char errbuf[CURL_ERROR_SIZE];
	char pending[HS_HTTP_PENDING];
	size_t npending;
	uint64_t body; /* body bytes received */
	bool checked;  /* the status and type were checked (first write) */
	bool paused;   /* the write callback paused the transfer */
	bool done;     /* libcurl finished the transfer */
	bool failed;   /* <err> holds why the write callback stopped it */
	CURLcode result;
	struct hs_error err;
	/* the environment variable whose proxy libcurl used ("" for none):
	 * its name only, never its value (which may hold credentials) */
	char proxy_var[32];
};

void
hs_http_config_free(struct hs_http_config *cfg)
{
	hs_text_wipe(cfg->password);
	cfg->password = NULL;
}

/* Returns the end of the part of <url> credentials could be in: up to the
 * first '?' or '#' (a password may hold a '/', which would end the host).
 */
static const char *
userinfo_end(const char *url)
{
	return url + strcspn(url, "?#");
}

void
hs_http_url_redact(char *dst, size_t size, const char *url)
{
	const char *start = strstr(url, "://");
	const char *end = userinfo_end(url), *at = NULL, *p;

	start = start != NULL && start < end ? start + 3 : url;
	for (p = start; p < end; p++) {
		if (*p == '@')
			at = p;
	}
	if (at == NULL)
		snprintf(dst, size, "%s", url);
	else
		snprintf(dst, size, "%.*s***%s", (int)(start - url), url, at);
}

int
hs_http_url_check(const char *url, struct hs_error *err)
{
	const char *rest, *host_end;

	/* before anything quotes <url>: the credentials never are */
	if (memchr(url, '@', (size_t)(userinfo_end(url) - url)) != NULL)
		return hs_error_set(err, HS_ERR_USAGE,
				    "--url must not hold credentials (user@ or user:password@): "
				    "give --username, and the password in --password-file, the "
				    "environment (%s) or an --extra-opts file (password=...)",
				    HS_HTTP_PASSWORD_ENV);
	if (strncasecmp(url, "http://", 7) == 0)
		rest = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		rest = url + 8;
	else
		return hs_error_set(err, HS_ERR_USAGE,
				    "--url '%.200s' is not an http:// or https:// URL", url);
	host_end = rest + strcspn(rest, "/?#");
	if (host_end == rest)
		return hs_error_set(err, HS_ERR_USAGE, "--url '%.200s' has no host", url);
	/* '?' stays: HAProxy's default stats uri is "/haproxy?stats" */
	if (strpbrk(url, "#;") != NULL)
		return hs_error_set(err, HS_ERR_USAGE,
				    "--url '%.200s': give the stats page without options (no ';' "
				    "or '#'): the plugin asks for ';csv;norefresh' itself",
				    url);
	for (; *url != '\0'; url++) {
		if ((unsigned char)*url <= ' ' || *url == 0x7f)
			return hs_error_set(err, HS_ERR_USAGE,
					    "--url holds a space or a control character");
	}
	return 0;
}

bool
hs_http_is_https(const char *url)
{
	const char *s = strstr(url, "://");

	return s != NULL && s - url >= 5 && strncasecmp(s - 5, "https", 5) == 0;
}

int
hs_http_private_file(int fd, const char *what, struct hs_error *err)
{
	struct stat st;

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		return hs_error_set(err, HS_ERR_USAGE, "%s is not a regular file", what);
	if (st.st_uid != geteuid() && st.st_uid != 0)
		return hs_error_set(err, HS_ERR_ACCESS,
				    "%s belongs to another user (uid %u): it must be the "
				    "plugin's user's or root's",
				    what, (unsigned)st.st_uid);
	if (st.st_mode & (S_IROTH | S_IWOTH))
		return hs_error_set(
			err, HS_ERR_ACCESS,
			"%s can be read or written by every user (mode %03o): make it "
			"readable by the plugin's user or group only (chmod 600 or 640)",
			what, (unsigned)(st.st_mode & 0777));
	return 0;
}

int
hs_http_password_file(const char *path, char **password, struct hs_error *err)
{
	char line[HS_HTTP_PASSWORD_MAX + 2], what[240];
	ssize_t n;
	size_t len;
	int fd;

	*password = NULL;
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
		return hs_error_set(err, errno == ENOENT ? HS_ERR_NOENT : HS_ERR_ACCESS,
				    "--password-file %.200s: %s", path, strerror(errno));
	snprintf(what, sizeof(what), "--password-file %.200s", path);
	if (hs_http_private_file(fd, what, err) != 0) {
		close(fd);
		return -1;
	}
	n = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (n < 0)
		return hs_error_set(err, HS_ERR_ACCESS, "--password-file %.200s: %s", path,
				    strerror(errno));
	line[n] = '\0';
	len = strcspn(line, "\r\n");
	if (len > HS_HTTP_PASSWORD_MAX || (len == (size_t)n && n == (ssize_t)sizeof(line) - 1)) {
		memset(line, 0, sizeof(line));
		return hs_error_set(err, HS_ERR_USAGE,
				    "--password-file %.200s: the password (its first line) is "
				    "longer than %d bytes",
				    path, HS_HTTP_PASSWORD_MAX);
	}
	line[len] = '\0';
	if (len == 0)
		return hs_error_set(
			err, HS_ERR_USAGE,
			"--password-file %.200s: the first line (the password) is empty", path);
	*password = strdup(line);
	memset(line, 0, sizeof(line));
	if (*password == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	return 0;
}

const char *
hs_http_describe(const struct hs_http_config *cfg)
{
	return cfg->url;
}

int
hs_http_global_init(struct hs_error *err)
{
	return hs_curl_load(err);
}

/* Checks the response of <h> once its status is known: 200 with a body
 * that is not HTML passes; anything else sets <h->err> saying what to do.
 * Returns 0 or -1.
 */
static int
check_response(struct hs_http *h)
{
	const char *url = hs_http_describe(h->cfg);
	const char *type = NULL, *location = NULL;
	char excerpt[220], redacted[HS_ERROR_MSG_MAX];
	long code = 0;

	h->checked = true;
	hs_curl.easy_getinfo(h->easy, CURLINFO_RESPONSE_CODE, &code);
	switch (code) {
	case 200:
		hs_curl.easy_getinfo(h->easy, CURLINFO_CONTENT_TYPE, &type);
		if (type != NULL && strstr(type, "html") != NULL)
			return hs_error_set(&h->err, HS_ERR_NOT_STATS,
					    "%s answered an HTML page, not the stats CSV: give the "
					    "URL of HAProxy's 'stats uri' page",
					    url);
		return 0;
	case 401:
		return hs_error_set(&h->err, HS_ERR_ACCESS,
				    "%s refused the credentials (HTTP 401): %s", url,
				    h->cfg->username == NULL
					    ? "the page needs 'stats auth': give --username and a "
					      "password"
					    : "check --username and the password against the "
					      "page's 'stats auth USER:PASSWORD'");
	case 403:
		return hs_error_set(&h->err, HS_ERR_ACCESS,
				    "%s denied access (HTTP 403): check --username and the "
				    "password, and the rules in front of the stats page",
				    url);
	case 404:
		return hs_error_set(&h->err, HS_ERR_NOENT,
				    "no page at %s (HTTP 404): give the path of HAProxy's 'stats "
				    "uri' (for example /stats)",
				    url);
	default:
		break;
	}
	if (code >= 300 && code < 400) {
		hs_curl.easy_getinfo(h->easy, CURLINFO_REDIRECT_URL, &location);
		hs_http_url_redact(redacted, sizeof(redacted), location ? location : "(none)");
		hs_sanitize_excerpt(excerpt, sizeof(excerpt), redacted, 200);
		return hs_error_set(&h->err, HS_ERR_NOT_STATS,
				    "%s redirects (HTTP %ld) to %s: give that URL with --url "
				    "(redirects are not followed)",
				    url, code, excerpt);
	}
	return hs_error_set(&h->err, HS_ERR_NOT_STATS,
			    "%s answered HTTP %ld instead of the stats page: give the URL of "
			    "HAProxy's 'stats uri' page",
			    url, code);
}

/* libcurl's write callback: keeps the body bytes for the reader, pausing
 * the transfer when they do not fit, and stops it for a bad response or a
 * body over the bound.
 */
static size_t
write_body(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct hs_http *h = ctx;
	size_t n = size * nmemb;
	size_t max = h->cfg->max_body ? h->cfg->max_body : HS_HTTP_MAX_BODY;

	if (!h->checked && check_response(h) != 0) {
		h->failed = true;
		return 0;
	}
	if (n > sizeof(h->pending) - h->npending) {
		h->paused = true;
		return CURL_WRITEFUNC_PAUSE;
	}
	if (h->body + n > max) {
		h->failed = true;
		hs_error_set(
			&h->err, HS_ERR_LIMIT,
			"the stats page from %s is larger than %zu bytes: not a stats page, or "
			"select fewer proxies",
			hs_http_describe(h->cfg), max);
		return 0;
	}
	memcpy(h->pending + h->npending, data, n);
	h->npending += n;
	h->body += n;
	return n;
}

/* Turns the end of the transfer of <h> into 0 (complete) or -1 with <err>
 * set.
 */
static int
finish_transfer(struct hs_http *h, struct hs_error *err)
{
	const char *url = hs_http_describe(h->cfg);

	if (h->failed) {
		*err = h->err;
		return -1;
	}
	switch (h->result) {
	case CURLE_OK:
		if (!h->checked && check_response(h) != 0) {
			*err = h->err;
			return -1;
		}
		return 0;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
		if (h->checked)
			return hs_error_set(
				err, HS_ERR_TRUNCATED,
				"the stats page from %s is truncated: the connection "
				"ended after %llu bytes, before the end of the body its "
				"HTTP framing announced (%s)",
				url, (unsigned long long)h->body, h->errbuf);
		return hs_error_set(err, HS_ERR_EMPTY, "no answer from %s: %s", url, h->errbuf);
	case CURLE_GOT_NOTHING:
		return hs_error_set(err, HS_ERR_EMPTY,
				    "empty response from %s: it closed the connection without an "
				    "answer",
				    url);
	case CURLE_OPERATION_TIMEDOUT:
		return hs_error_set(err, HS_ERR_TIMEOUT, "timed out fetching %s (%s)", url,
				    h->errbuf);
	case CURLE_COULDNT_RESOLVE_HOST:
		return hs_error_set(err, HS_ERR_RESOLVE, "cannot resolve the host of %s: %s", url,
				    h->errbuf);
	case CURLE_COULDNT_CONNECT:
		return hs_error_set(err, HS_ERR_REFUSED,
				    "cannot connect to %s: %s (is HAProxy running, with the stats "
				    "page on this address?)",
				    url, h->errbuf);
	case CURLE_PEER_FAILED_VERIFICATION:
#if defined(CURLE_SSL_CACERT) && CURLE_SSL_CACERT != CURLE_PEER_FAILED_VERIFICATION
	case CURLE_SSL_CACERT:
#endif
		return hs_error_set(err, HS_ERR_ACCESS,
				    "the TLS certificate of %s is not trusted: %s (give its CA "
				    "with --ca-file, or --insecure to skip verification)",
				    url, h->errbuf);
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
		return hs_error_set(err, HS_ERR_IO, "TLS with %s failed: %s", url, h->errbuf);
	case CURLE_FILESIZE_EXCEEDED:
		return hs_error_set(err, HS_ERR_LIMIT, "the stats page from %s is too large: %s",
				    url, h->errbuf);
	default:
		return hs_error_set(err, HS_ERR_IO, "fetching %s failed: %s (%s)", url,
				    hs_curl.easy_strerror(h->result), h->errbuf);
	}
}

/* finish_transfer(), and a failure through a proxy from the environment
 * says so: otherwise "cannot connect" or an HTTP error would be taken for
 * HAProxy's, where the proxy's they are.
 */
static int
finish(struct hs_http *h, struct hs_error *err)
{
	if (finish_transfer(h, err) == 0)
		return 0;
	if (h->proxy_var[0] != '\0') {
		struct hs_error was = *err;

		hs_error_set(err, was.code,
			     "%.400s (through the proxy of the environment variable %s: "
			     "no_proxy=HOST fetches HOST directly)",
			     was.msg, h->proxy_var);
	}
	return -1;
}

/* libcurl's informational texts, seen for one thing: which environment
 * variable gave the proxy it uses ("Uses proxy env variable NAME == ...").
 * Only the name is kept.
 */
static int
on_debug(CURL *e, curl_infotype type, char *data, size_t size, void *userp)
{
	static const char prefix[] = "Uses proxy env variable ";
	const size_t plen = sizeof(prefix) - 1;
	struct hs_http *h = userp;
	size_t i;

	(void)e;
	if (type != CURLINFO_TEXT || h->proxy_var[0] != '\0' || size <= plen ||
	    memcmp(data, prefix, plen) != 0)
		return 0;
	for (i = 0; i + 1 < sizeof(h->proxy_var) && plen + i < size; i++) {
		char c = data[plen + i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
			break;
		h->proxy_var[i] = c;
	}
	h->proxy_var[i] = '\0';
	return 0;
}

/* Collects the end of the transfer from libcurl, if it came. */
static void
collect(struct hs_http *h)
{
	CURLMsg *msg;
	int left;

	while ((msg = hs_curl.multi_info_read(h->multi, &left)) != NULL) {
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == h->easy) {
			h->done = true;
			h->result = msg->data.result;
		}
	}
}

/* The reader's source (struct hs_reader_source): hands out pending body
 * bytes, driving the transfer until some come or it ends.
 */
static ssize_t
read_body(void *ctx, char *buf, size_t room, int64_t deadline, struct hs_error *err)
{
	struct hs_http *h = ctx;

	for (;;) {
		int running = 0, left;

		if (h->npending > 0) {
			size_t n = h->npending < room ? h->npending : room;

			memcpy(buf, h->pending, n);
			memmove(h->pending, h->pending + n, h->npending - n);
			h->npending -= n;
			return (ssize_t)n;
		}
		if (h->done)
			return finish(h, err);
		if (h->paused) {
			h->paused = false;
			/* may call write_body at once with what it held back */
			hs_curl.easy_pause(h->easy, CURLPAUSE_CONT);
			continue;
		}
		left = hs_ms_left(deadline);
		if (left == 0)
			return hs_error_set(err, HS_ERR_TIMEOUT, "timed out fetching %s",
					    hs_http_describe(h->cfg));
		if (hs_curl.multi_perform(h->multi, &running) != CURLM_OK)
			return hs_error_set(err, HS_ERR_IO, "fetching %s failed in libcurl",
					    hs_http_describe(h->cfg));
		collect(h);
		if (h->npending > 0 || h->done || h->paused)
			continue;
		hs_curl.multi_poll(h->multi, NULL, 0, left < 1000 ? left : 1000, NULL);
	}
}

/* Sets the options of <h>'s request for <cfg> with <remaining> ms left.
 * Returns true when libcurl took them all.
 */
static bool
set_options(struct hs_http *h, const struct hs_http_config *cfg, long remaining)
{
	CURL *e = h->easy;
	bool ok = true;

	ok &= hs_curl.easy_setopt(e, CURLOPT_URL, h->url) == CURLE_OK;
#if LIBCURL_VERSION_NUM >= 0x075500
	ok &= hs_curl.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
#else
	ok &= hs_curl.easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) ==
	      CURLE_OK;
#endif
	ok &= hs_curl.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK;
	ok &= hs_curl.easy_setopt(e, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
	ok &= hs_curl.easy_setopt(e, CURLOPT_TIMEOUT_MS, remaining) == CURLE_OK;
	ok &= hs_curl.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, remaining) == CURLE_OK;
	ok &= hs_curl.easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
				  (curl_off_t)(cfg->max_body ? cfg->max_body : HS_HTTP_MAX_BODY)) ==
	      CURLE_OK;
	ok &= hs_curl.easy_setopt(e, CURLOPT_ERRORBUFFER, h->errbuf) == CURLE_OK;
	ok &= hs_curl.easy_setopt(e, CURLOPT_WRITEFUNCTION, write_body) == CURLE_OK;
	ok &= hs_curl.easy_setopt(e, CURLOPT_WRITEDATA, h) == CURLE_OK;
	ok &= hs_curl.easy_setopt(e, CURLOPT_USERAGENT, "check_haproxy_stat") == CURLE_OK;
	/* the texts go to on_debug, never to stderr: it keeps only which
	 * environment variable named a proxy (libcurl honours http_proxy,
	 * https_proxy, all_proxy and no_proxy, as check_curl does) */
	ok &= hs_curl.easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug) == CURLE_OK;
	ok &= hs_curl.easy_setopt(e, CURLOPT_DEBUGDATA, h) == CURLE_OK;
	ok &= hs_curl.easy_setopt(e, CURLOPT_VERBOSE, 1L) == CURLE_OK;
	if (cfg->username != NULL) {
		ok &= hs_curl.easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC) == CURLE_OK;
		ok &= hs_curl.easy_setopt(e, CURLOPT_USERNAME, cfg->username) == CURLE_OK;
		ok &= hs_curl.easy_setopt(e, CURLOPT_PASSWORD,
					  cfg->password != NULL ? cfg->password : "") == CURLE_OK;
	}
	ok &= hs_curl.easy_setopt(e, CURLOPT_SSL_VERIFYPEER, cfg->insecure ? 0L : 1L) == CURLE_OK;
	ok &= hs_curl.easy_setopt(e, CURLOPT_SSL_VERIFYHOST, cfg->insecure ? 0L : 2L) == CURLE_OK;
	if (cfg->ca_file != NULL)
		ok &= hs_curl.easy_setopt(e, CURLOPT_CAINFO, cfg->ca_file) == CURLE_OK;
	if (cfg->client_cert != NULL)
		ok &= hs_curl.easy_setopt(e, CURLOPT_SSLCERT, cfg->client_cert) == CURLE_OK;
	if (cfg->client_key != NULL)
		ok &= hs_curl.easy_setopt(e, CURLOPT_SSLKEY, cfg->client_key) == CURLE_OK;
	return ok;
}

struct hs_http *
hs_http_open(const struct hs_http_config *cfg, const char *suffix, int64_t deadline,
	     struct hs_reader_source *src, struct hs_error *err)
{
	struct hs_http *h = calloc(1, sizeof(*h));
	size_t len;

	if (h == NULL) {
		hs_error_set(err, HS_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (hs_curl_load(err) != 0) {
		free(h);
		return NULL;
	}
	h->cfg = cfg;
	len = strlen(cfg->url) + strlen(suffix) + 1;
	h->url = malloc(len);
	h->multi = hs_curl.multi_init();
	h->easy = hs_curl.easy_init();
	if (h->url == NULL || h->multi == NULL || h->easy == NULL) {
		hs_http_close(h);
		hs_error_set(err, HS_ERR_NOMEM, "out of memory starting libcurl");
		return NULL;
	}
	snprintf(h->url, len, "%s%s", cfg->url, suffix);
	if (!set_options(h, cfg, (long)(hs_ms_left(deadline) > 0 ? hs_ms_left(deadline) : 1)) ||
	    hs_curl.multi_add_handle(h->multi, h->easy) != CURLM_OK) {
		hs_http_close(h);
		hs_error_set(err, HS_ERR_USAGE,
			     "libcurl refused an option for %s (does it support https?)", cfg->url);
		return NULL;
	}
	src->read = read_body;
	src->ctx = h;
	return h;
}

void
hs_http_close(struct hs_http *h)
{
	if (h == NULL)
		return;
	if (h->multi != NULL && h->easy != NULL)
		hs_curl.multi_remove_handle(h->multi, h->easy);
	if (h->easy != NULL)
		hs_curl.easy_cleanup(h->easy);
	if (h->multi != NULL)
		hs_curl.multi_cleanup(h->multi);
	free(h->url);
	free(h);
}
