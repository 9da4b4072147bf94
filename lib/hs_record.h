/* hs_record.h: what every reader of an answer shares.
 *
 * An answer is a run of records (lines) up to an empty one. Each reader
 * (hs_answer.h, hs_followup.h) takes its records with hs_record_next(),
 * which words an early end of input as EMPTY or TRUNCATED, reads a "show
 * stat" header with hs_record_header(), and records what shows that the
 * plan cannot answer for this HAProxy as a doubt (struct hs_doubt).
 */
#ifndef HS_RECORD_H
#define HS_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_columns.h"
#include "hs_error.h"
#include "hs_reader.h"

/* Most fields accepted in one record (HAProxy 3.x with every stats module
 * has about 200).
 */
#define HS_MAX_FIELDS 1024

/* Longest reason kept for a doubt (longer ones end in "..."). */
#define HS_DOUBT_WHY_MAX 256

enum hs_doubt_kind {
	HS_DOUBT_NONE,
	HS_DOUBT_FILTER,   /* ask again for every proxy */
	HS_DOUBT_SRVSTATE, /* ask again with the server rows */
};

struct hs_doubt {
	enum hs_doubt_kind kind;
	char why[HS_DOUBT_WHY_MAX]; /* the reason, for -vv; "" with NONE */
};

/* Records in <d> a doubt of <kind>, its reason printf-style; a reason too
 * long for <d->why> is cut and ends in "...".
 */
void hs_doubt_set(struct hs_doubt *d, enum hs_doubt_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reads the next record of the answer to <what> from <r>, <lines> lines
 * into it; 0 at the clean end of input becomes EMPTY (nothing at all yet)
 * or TRUNCATED (inside an answer). Returns 1 or -1.
 */
int hs_record_next(struct hs_reader *r, const char *what, size_t lines, char **rec, size_t *len,
		   struct hs_error *err);

/* Reads the header of a "show stat" answer from <r> into <hdr>, splitting
 * it into <fields>. Returns 1 for a header, 0 for "No such proxy." (only
 * when a <named> proxy was asked for) or -1.
 */
int hs_record_header(struct hs_reader *r, bool named, struct hs_header *hdr, char **fields,
		     struct hs_error *err);

#endif
