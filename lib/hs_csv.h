/* hs_csv.h: RFC 4180 field splitting for HAProxy's CSV.
 *
 * HAProxy quotes a value only when it contains ',', '"', CR or LF, and
 * doubles inner quotes (csv_enc_append()). Every line ends with a ',' so a
 * record has one more (empty) field than it has columns; the header has
 * that extra field too, so counts match.
 */
#ifndef HS_CSV_H
#define HS_CSV_H

#include <stddef.h>

/* Splits the record <rec> of <len> bytes in place into fields: separators
 * and quotes are removed, "" becomes ", and each field is NUL-terminated.
 * Stores at most <max> field pointers in <fields>. <rec> must have room
 * for <len> + 1 bytes: the last field's NUL is written at rec[len].
 *
 * Returns the number of fields, or -1 when the record is malformed (a quote
 * that is not closed, or text between a closing quote and the next ',') or
 * has more than <max> fields.
 */
int hs_csv_split(char *rec, size_t len, char **fields, size_t max);

#endif
