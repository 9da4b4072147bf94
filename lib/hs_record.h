/* hs_record.h: what every reader of an answer shares.
 *
 * An answer is a run of records (lines) up to an empty one. Each reader
 * (hs_answer.h, hs_inventory.h) takes its records with hs_record_next(),
 * which words an early end of input as EMPTY or TRUNCATED, and reads a
 * "show stat" header with hs_record_header().
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
