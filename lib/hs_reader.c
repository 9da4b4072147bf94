/* hs_reader.c: bounded, deadline-aware record reader. */
#include <hs-config.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_reader.h"
#include "hs_time.h"

#define HS_READ_CHUNK (64 * 1024)

int
hs_reader_init(struct hs_reader *r, int fd, int64_t deadline, size_t max_record, const char *peer,
	       struct hs_error *err)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->deadline = deadline;
	r->max_record = max_record;
	r->size = max_record + HS_READ_CHUNK + 2;
	r->peer = peer;
	r->buf = malloc(r->size);
	if (r->buf == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory allocating the read buffer");
	return 0;
}

void
hs_reader_free(struct hs_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* Reads more bytes after <end>, waiting no longer than the deadline.
 * Returns the number of bytes read, 0 at EOF, -1 with <err> set.
 */
static ssize_t
hs_reader_fill(struct hs_reader *r, struct hs_error *err)
{
	size_t room;
	ssize_t n;

	if (r->start > 0) {
		/* slide the unconsumed record to the front */
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->scan -= r->start;
		r->end -= r->start;
		r->start = 0;
	}
	room = r->size - 1 - r->end;
	if (room == 0)
		return hs_error_set(
			err, HS_ERR_LIMIT,
			"%s sent a line longer than %zu bytes: not a HAProxy stats dump", r->peer,
			r->max_record);
	if (r->source.read != NULL) {
		n = r->source.read(r->source.ctx, r->buf + r->end, room, r->deadline, err);
		if (n > 0) {
			r->end += (size_t)n;
			r->total += (uint64_t)n;
		}
		return n;
	}
	for (;;) {
		struct pollfd pfd = {.fd = r->fd, .events = POLLIN};
		int left = hs_ms_left(r->deadline);
		int rc;

		if (left == 0)
			return hs_error_set(err, HS_ERR_TIMEOUT, "timed out reading from %s",
					    r->peer);
		rc = poll(&pfd, 1, left);
		if (rc == -1) {
			if (errno == EINTR)
				continue;
			return hs_error_set(err, HS_ERR_IO, "poll on %s failed: %s", r->peer,
					    strerror(errno));
		}
		if (rc == 0)
			continue; /* re-evaluates the deadline */
		n = read(r->fd, r->buf + r->end, room);
		if (n == -1) {
			if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
				continue;
			if (errno == ECONNRESET)
				return 0; /* peer reset: treat as end of data */
			return hs_error_set(err, HS_ERR_IO, "read from %s failed: %s", r->peer,
					    strerror(errno));
		}
		r->end += (size_t)n;
		r->total += (uint64_t)n;
		return n;
	}
}

/* Byte classes for the record scan: most bytes need no attention. */
enum { BYTE_PLAIN, BYTE_QUOTE, BYTE_LF, BYTE_BINARY };

/* The byte classes: quote, LF, and NUL, the one byte a text dump never
 * holds. Other control bytes are data: HAProxy writes check and agent
 * texts raw (a tcp-check expecting "\x01OK" or "+PONG\r\n" puts those
 * bytes in last_chk), so they are read as part of their field and
 * scrubbed only where the plugin writes them out. Constant: the nodes of a
 * check read in threads at once.
 */
static const unsigned char byte_class[256] = {
	[0] = BYTE_BINARY,
	['\n'] = BYTE_LF,
	['"'] = BYTE_QUOTE,
};

int
hs_reader_next(struct hs_reader *r, char **rec, size_t *len, struct hs_error *err)
{
	for (;;) {
		/* scan for the end of the current record */
		while (r->scan < r->end) {
			const unsigned char *b = (const unsigned char *)r->buf;
			size_t i = r->scan, end = r->end;
			unsigned char c;

			while (i < end && byte_class[b[i]] == BYTE_PLAIN)
				i++;
			r->scan = i;
			if (r->scan - r->start > r->max_record)
				return hs_error_set(err, HS_ERR_LIMIT,
						    "%s sent a line longer than %zu bytes: "
						    "not a HAProxy stats dump",
						    r->peer, r->max_record);
			if (i == end)
				break;
			c = b[i];
			switch (byte_class[c]) {
			case BYTE_QUOTE:
				r->in_quotes = !r->in_quotes;
				break;
			case BYTE_LF:
				if (!r->in_quotes) {
					size_t l = r->scan - r->start;

					*rec = r->buf + r->start;
					if (l > 0 && (*rec)[l - 1] == '\r')
						l--;
					(*rec)[l] = '\0';
					*len = l;
					r->scan++;
					r->start = r->scan;
					r->records++;
					return 1;
				}
				break;
			default:
				return hs_error_set(
					err, HS_ERR_MALFORMED,
					"%s sent binary data (byte 0x%02x at offset %llu): "
					"not a HAProxy stats dump",
					r->peer, c,
					(unsigned long long)(r->total - (r->end - r->scan)));
			}
			r->scan++;
		}
		if (r->eof) {
			if (r->start == r->end)
				return 0;
			if (r->source.read != NULL && r->records == 0 && !r->in_quotes) {
				/* a whole page of one line without LF (an error
				 * text): the source vouched for its end */
				size_t l = r->end - r->start;

				*rec = r->buf + r->start;
				(*rec)[l] = '\0';
				*len = l;
				r->start = r->scan = r->end;
				r->records++;
				return 1;
			}
			return hs_error_set(err, HS_ERR_TRUNCATED,
					    "answer from %s is truncated: it ends inside a line",
					    r->peer);
		}
		{
			ssize_t n = hs_reader_fill(r, err);

			if (n < 0)
				return -1;
			if (n == 0)
				r->eof = true;
		}
	}
}
