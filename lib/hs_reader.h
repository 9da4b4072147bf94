/* hs_reader.h: bounded, deadline-aware record reader.
 *
 * Reads HAProxy CLI output from a file descriptor (socket, pipe or file)
 * and hands out one record at a time. A record ends at a LF that is not
 * inside a double-quoted CSV field, so a quoted value may hold newlines.
 * Memory is one fixed buffer: a record longer than the limit is an error,
 * never a reallocation, so a peer that streams forever cannot make the
 * plugin grow.
 */
#ifndef HS_READER_H
#define HS_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "hs_error.h"

/* Longest record accepted: 3.x headers are about 2 KiB; server rows with
 * long check texts stay far below this.
 */
#define HS_READER_MAX_RECORD (64 * 1024)

/* A source of bytes other than a file descriptor (the stats page over
 * HTTP, hs_http.h). <read> reads at most <room> bytes into <buf> before
 * <deadline> and returns how many, 0 at an end the source vouches for (for
 * HTTP: the framing said the body is complete), or -1 with <err> set
 * (TRUNCATED for a body cut short).
 */
struct hs_reader_source {
	ssize_t (*read)(void *ctx, char *buf, size_t room, int64_t deadline, struct hs_error *err);
	void *ctx;
};

struct hs_reader {
	int fd;
	struct hs_reader_source source; /* used instead of <fd> when <source.read> is set */
	/* the end of input may end the last answer without its empty line:
	 * a stats page export (its HTTP framing, or a saved copy of it) */
	bool eof_ends;
	int64_t deadline; /* hs_now_ms() based; reads fail with TIMEOUT after */
	char *buf;
	size_t size;       /* allocated bytes */
	size_t max_record; /* longest record accepted */
	size_t start;      /* first byte of the current (unconsumed) record */
	size_t scan;       /* bytes before this are scanned for record end */
	size_t end;        /* bytes before this are valid */
	bool in_quotes;    /* quote state at <scan> */
	bool eof;          /* read() returned 0 */
	uint64_t total;    /* bytes read so far */
	uint64_t records;  /* records handed out so far */
	const char *peer;  /* name of the source for messages */
};

/* Prepares <r> to read <fd> until <deadline>, accepting records up to
 * <max_record> bytes. <peer> names the source in error messages and must
 * outlive the reader. Returns 0, or -1 with <err> set (out of memory).
 */
int hs_reader_init(struct hs_reader *r, int fd, int64_t deadline, size_t max_record,
		   const char *peer, struct hs_error *err);

void hs_reader_free(struct hs_reader *r);

/* Reads the next record. On success returns 1 and points <*rec> at the
 * record, NUL-terminated, without its LF (or CR LF); <*len> is its length
 * and 0 for an empty line. The record stays valid until the next call and
 * may be modified in place.
 * Returns 0 at a clean end of input (EOF right after a LF or at the very
 * start); from a <source> (which vouches for its end), a first and only
 * line without LF is handed out as a record. Otherwise returns -1 with
 * <err> set: TIMEOUT, IO, LIMIT (record too long),
 * TRUNCATED (EOF inside a record) or MALFORMED (a NUL byte; other control bytes are data).
 */
int hs_reader_next(struct hs_reader *r, char **rec, size_t *len, struct hs_error *err);

#endif
