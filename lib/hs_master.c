/* hs_master.c: the master CLI: "show proc" and "show startup-logs". */
#include <hs-config.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_master.h"
#include "hs_time.h"
#include "hs_transport.h"

/* Copies into <dst> (<size> bytes) at most <max> bytes of the <len>-byte
 * <line> of peer text, fit for an error message (control bytes replaced,
 * "..." when cut).
 */
static void
excerpt(char *dst, size_t size, const char *line, size_t len, size_t max)
{
	char tmp[256];

	len = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
	memcpy(tmp, line, len);
	tmp[len] = '\0';
	hs_sanitize_excerpt(dst, size, tmp, max);
}

/* Most whitespace-separated words of a "show proc" line read. */
#define WORDS_MAX 16

/* One line cut into words: [start, end) byte offsets in the line. */
struct words {
	const char *w[WORDS_MAX];
	size_t len[WORDS_MAX];
	size_t n;
};

/* Cuts <line> (<len> bytes) at spaces and tabs into <ws>. Returns false
 * when it has more than WORDS_MAX words.
 */
static bool
split_words(const char *line, size_t len, struct words *ws)
{
	size_t i = 0;

	ws->n = 0;
	while (i < len) {
		size_t start;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			break;
		if (ws->n == WORDS_MAX)
			return false;
		start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		ws->w[ws->n] = line + start;
		ws->len[ws->n++] = i - start;
	}
	return true;
}

static bool
word_is(const struct words *ws, size_t i, const char *s)
{
	return i < ws->n && ws->len[i] == strlen(s) && memcmp(ws->w[i], s, ws->len[i]) == 0;
}

/* Parses a whole decimal number of at most 18 digits. */
static bool
parse_uint(const char *s, size_t len, long long *out)
{
	long long n = 0;
	size_t i;

	if (len == 0 || len > 18)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		n = n * 10 + (s[i] - '0');
	}
	*out = n;
	return true;
}

/* Parses an uptime "<d>d<hh>h<mm>m<ss>s" into seconds. */
static bool
parse_uptime(const char *s, size_t len, int64_t *out)
{
	static const char units[4] = {'d', 'h', 'm', 's'};
	static const int64_t mult[4] = {86400, 3600, 60, 1};
	int64_t total = 0;
	size_t i = 0;
	int u;

	for (u = 0; u < 4; u++) {
		size_t start = i;
		long long n;

		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == len || s[i] != units[u] || !parse_uint(s + start, i - start, &n) ||
		    n > 1000000000LL)
			return false;
		total += n * mult[u];
		i++;
	}
	if (i != len)
		return false;
	*out = total;
	return true;
}

/* Reads one process line (<ws>, type word at 1): the bracketed groups
 * ("[failed: K]", "[was: N]") apart, the uptime is the word shaped like
 * one. Stores the reloads (first plain number after the type and any
 * relative PID), the uptime, the failed count and the version. Returns
 * false when a part is missing or unreadable.
 */
static bool
parse_process(const struct words *ws, bool relpid, long long *reloads, int64_t *uptime,
	      long long *failed, bool *has_failed, const char **version, size_t *vlen)
{
	long long plain[WORDS_MAX];
	size_t i, nplain = 0;
	bool up = false;

	*has_failed = false;
	for (i = 2; i < ws->n; i++) {
		if (ws->w[i][0] == '[') {
			/* a bracketed group, up to the word that ends in ']' */
			bool is_failed = ws->len[i] == 8 && memcmp(ws->w[i], "[failed:", 8) == 0;
			size_t j = i;

			while (j < ws->n && ws->w[j][ws->len[j] - 1] != ']')
				j++;
			if (j == ws->n)
				return false;
			if (is_failed) {
				if (j != i + 1 || !parse_uint(ws->w[j], ws->len[j] - 1, failed))
					return false;
				*has_failed = true;
			}
			if (relpid && nplain == 0)
				plain[nplain++] = -1; /* "[was: N]" stands for the relative PID */
			i = j;
			continue;
		}
		if (!up && parse_uptime(ws->w[i], ws->len[i], uptime)) {
			up = true;
			if (i + 1 >= ws->n)
				return false;
			*version = ws->w[i + 1];
			*vlen = ws->len[i + 1];
			break;
		}
		if (nplain == WORDS_MAX || !parse_uint(ws->w[i], ws->len[i], &plain[nplain]))
			return false;
		nplain++;
	}
	if (!up || nplain != (relpid ? 2u : 1u))
		return false;
	*reloads = plain[nplain - 1];
	return true;
}

int
hs_master_parse_proc(const char *text, size_t len, struct hs_proc *p, struct hs_error *err)
{
	enum { NONE, WORKERS, OLD, PROGRAMS } section = NONE;
	bool relpid = false, header = false, master = false;
	size_t off = 0, lineno = 0;

	memset(p, 0, sizeof(*p));
	while (off < len) {
		const char *line = text + off, *nl = memchr(line, '\n', len - off);
		size_t llen = nl != NULL ? (size_t)(nl - line) : len - off;
		struct words ws;
		long long reloads = 0, failed = 0, pid = 0;
		int64_t uptime = 0;
		const char *version = NULL;
		size_t vlen = 0;
		bool has_failed;
		char ex[160];

		off += llen + (nl != NULL);
		lineno++;
		if (llen > 0 && line[llen - 1] == '\r')
			llen--;
		if (memchr(line, '\0', llen) != NULL)
			return hs_error_set(err, HS_ERR_MALFORMED,
					    "master CLI: a NUL byte in line %zu of 'show proc'",
					    lineno);
		if (!split_words(line, llen, &ws))
			return hs_error_set(
				err, HS_ERR_MALFORMED,
				"master CLI: line %zu of 'show proc' has too many words", lineno);
		if (ws.n == 0)
			continue;
		if (!header) {
			/* "#<PID>  <type>  [<relative PID>]  <reloads> ..." */
			if (!word_is(&ws, 0, "#<PID>") || !word_is(&ws, 1, "<type>"))
				return hs_error_set(
					err, HS_ERR_NOT_STATS,
					"master CLI: the answer to 'show proc' is not a process "
					"list: give --master-socket the path of HAProxy's -S "
					"(master CLI), not a stats socket; it said: %s",
					(excerpt(ex, sizeof(ex), line, llen, 100), ex));
			relpid = word_is(&ws, 2, "<relative");
			header = true;
			continue;
		}
		if (ws.w[0][0] == '#') {
			section = word_is(&ws, 1, "workers")                             ? WORKERS
				  : word_is(&ws, 1, "old") && word_is(&ws, 2, "workers") ? OLD
				  : word_is(&ws, 1, "programs")                          ? PROGRAMS
											 : section;
			continue;
		}
		if (section == PROGRAMS)
			continue; /* "program" lines: not HAProxy processes */
		if (!parse_uint(ws.w[0], ws.len[0], &pid) || ws.n < 2 ||
		    !parse_process(&ws, relpid, &reloads, &uptime, &failed, &has_failed, &version,
				   &vlen))
			return hs_error_set(err, HS_ERR_MALFORMED,
					    "master CLI: cannot read line %zu of 'show proc': %s",
					    lineno, (excerpt(ex, sizeof(ex), line, llen, 120), ex));
		if (word_is(&ws, 1, "master")) {
			if (master || section != NONE)
				return hs_error_set(err, HS_ERR_MALFORMED,
						    "master CLI: 'show proc' line %zu: a master "
						    "line out of place",
						    lineno);
			master = true;
			p->master_pid = pid;
			p->reloads = (unsigned)(reloads > 1000000 ? 1000000 : reloads);
			p->has_failed = has_failed;
			p->failed = (unsigned)(failed > 1000000 ? 1000000 : failed);
			snprintf(p->version, sizeof(p->version), "%.*s",
				 (int)(vlen < sizeof(p->version) ? vlen : sizeof(p->version) - 1),
				 version);
		} else if (word_is(&ws, 1, "worker") && section == WORKERS) {
			if (p->workers == 0 || uptime < p->worker_uptime)
				p->worker_uptime = uptime;
			p->workers++;
		} else if (word_is(&ws, 1, "worker") && section == OLD) {
			if (uptime > p->oldest_old_uptime)
				p->oldest_old_uptime = uptime;
			p->old_workers++;
		} else {
			return hs_error_set(err, HS_ERR_MALFORMED,
					    "master CLI: 'show proc' line %zu: unexpected process "
					    "type or section: %s",
					    lineno, (excerpt(ex, sizeof(ex), line, llen, 120), ex));
		}
	}
	if (!master)
		return hs_error_set(err, header ? HS_ERR_MALFORMED : HS_ERR_NOT_STATS,
				    "master CLI: the answer to 'show proc' has no master line%s",
				    header ? "" : " (it is empty)");
	return 0;
}

bool
hs_master_reload_failed(const struct hs_proc *p)
{
	if (p->has_failed)
		return p->failed > 0;
	return p->workers == 0 && p->old_workers > 0;
}

bool
hs_master_first_alert(const char *text, size_t len, char *dst, size_t size)
{
	size_t off = 0;

	if (size > 0)
		dst[0] = '\0';
	while (off < len && size > 0) {
		const char *line = text + off, *nl = memchr(line, '\n', len - off);
		size_t llen = nl != NULL ? (size_t)(nl - line) : len - off, i, n = 0;
		const char *colon;

		off += llen + (nl != NULL);
		if (llen < 7 || memcmp(line, "[ALERT]", 7) != 0)
			continue;
		/* "[ALERT]    (9963) : config : parsing [h.cfg:13] : ..." */
		colon = memchr(line, ':', llen);
		if (colon != NULL && colon + 1 < line + llen) {
			llen -= (size_t)(colon + 1 - line);
			line = colon + 1;
		}
		while (llen > 0 && *line == ' ') {
			line++;
			llen--;
		}
		for (i = 0; i < llen && n + 1 < size; i++) {
			unsigned char c = (unsigned char)line[i];

			dst[n++] = c < 0x20 || c == 0x7f || c == '|' ? ' ' : (char)c;
		}
		dst[n] = '\0';
		return n > 0;
	}
	return false;
}

/* Sends <command> to the master CLI at <path> and reads its whole answer
 * (the master closes after it) into <*text>/<*len> (malloc'ed, to free),
 * before <deadline>. Returns 0 or -1.
 */
static int
ask(const char *path, const char *command, int64_t deadline, char **text, size_t *len,
    struct hs_error *err)
{
	struct hs_endpoint ep = {.kind = HS_EP_MASTER, .path = path};
	size_t size = 4096, n = 0;
	int fd, rc = 0;
	char *buf;

	*text = NULL;
	*len = 0;
	fd = hs_transport_open(&ep, command, deadline, err);
	if (fd < 0)
		return -1;
	buf = malloc(size);
	if (buf == NULL)
		rc = hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	while (rc == 0) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int left = hs_ms_left(deadline), ready;
		ssize_t got;

		if (n == size) {
			char *grown = size < HS_MASTER_ANSWER_MAX ? realloc(buf, 2 * size) : NULL;

			if (grown == NULL) {
				rc = hs_error_set(
					err, HS_ERR_LIMIT,
					"master CLI %s: the answer to '%.20s' exceeds %d bytes",
					path, command, HS_MASTER_ANSWER_MAX);
				break;
			}
			buf = grown;
			size *= 2;
		}
		if (left == 0) {
			rc = hs_error_set(err, HS_ERR_TIMEOUT,
					  "master CLI %s did not finish answering in time", path);
			break;
		}
		ready = poll(&pfd, 1, left);
		if (ready == 0 || (ready == -1 && errno == EINTR))
			continue; /* the deadline check above ends it */
		got = read(fd, buf + n, size - n);
		if (got == 0)
			break;
		if (got > 0)
			n += (size_t)got;
		else if (errno != EINTR && errno != EAGAIN)
			rc = hs_error_set(err, HS_ERR_IO, "master CLI %s: read: %s", path,
					  strerror(errno));
	}
	close(fd);
	if (rc != 0) {
		free(buf);
		return -1;
	}
	*text = buf;
	*len = n;
	return 0;
}

int
hs_master_read(const char *path, int64_t deadline, struct hs_proc *p, char *alert, size_t size,
	       struct hs_error *err)
{
	char *text;
	size_t len;
	int rc;

	if (size > 0)
		alert[0] = '\0';
	if (ask(path, "show proc\n", deadline, &text, &len, err) != 0)
		return -1;
	rc = hs_master_parse_proc(text, len, p, err);
	free(text);
	if (rc != 0 || !hs_master_reload_failed(p) || !p->has_failed)
		return rc;
	/* 3.0+ keeps the log of the failed load; 2.6 answers "Unknown command" */
	if (ask(path, "show startup-logs\n", deadline, &text, &len, err) == 0) {
		hs_master_first_alert(text, len, alert, size);
		free(text);
	}
	return 0; /* the log only adds detail: no log is no error */
}
