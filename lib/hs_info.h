/* hs_info.h: the answer to "show info".
 *
 * "Name: value" lines, split at the first ": " (two names hold a space),
 * then the empty line that ends every CLI answer. Fields are kept by name,
 * never by position: positions moved in 1.7, 1.9 and 2.3. Memory is a fixed
 * table: more fields than it holds are ignored, and values too long for it
 * (Build info, description) are kept as not numeric.
 */
#ifndef HS_INFO_H
#define HS_INFO_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_error.h"

#define HS_INFO_FIELDS    160
#define HS_INFO_NAME_MAX  48
#define HS_INFO_VALUE_MAX 40

struct hs_info {
	size_t count;
	struct {
		char name[HS_INFO_NAME_MAX];
		char value[HS_INFO_VALUE_MAX]; /* "" when too long to keep */
	} field[HS_INFO_FIELDS];
};

void hs_info_init(struct hs_info *info);

/* Takes one line of the answer (without its LF). The first line must be
 * a field ("Name: HAProxy"); anything else there is NOT_STATS (an error
 * text such as "Permission denied"). A later line without ": " is
 * MALFORMED. Returns 0 or -1.
 */
int hs_info_line(struct hs_info *info, const char *line, struct hs_error *err);

/* Looks up field <name> as a plain decimal number. Returns false when the
 * field is absent or not a number.
 */
bool hs_info_num(const struct hs_info *info, const char *name, double *out);

#endif
