/* fixture.h: helpers shared by the unit tests. */
#ifndef HS_TEST_FIXTURE_H
#define HS_TEST_FIXTURE_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "hs_buf.h"
#include "hs_report.h"

/* <needle> is (is not) in the text <hay>; the failure shows the text. */
#define ASSERT_HAS(hay, needle)                                                                    \
	ck_assert_msg(strstr((hay), (needle)) != NULL, "'%s' not in:\n%s", (needle), (hay))
#define ASSERT_HASNT(hay, needle)                                                                  \
	ck_assert_msg(strstr((hay), (needle)) == NULL, "'%s' unexpectedly in:\n%s", (needle), (hay))

/* Path of fixture <name> under tests/fixtures (uses $FIXTURES, else
 * $srcdir/fixtures, else "fixtures"); returns a static buffer.
 */
const char *fixture_path(const char *name);

/* Reads fixture <name> whole into a malloc'd NUL-terminated buffer; aborts
 * the test when it cannot. Stores the length in <*len> if not NULL.
 */
char *fixture_read(const char *name, size_t *len);

/* Returns a pipe read end already holding <len> bytes of <data> followed
 * by EOF (the write end is closed). Aborts the test on failure. The data
 * must fit in the pipe buffer (64 KiB).
 */
int fixture_pipe(const char *data, size_t len);

/* <rep> written out by hs_report_render() into <out>, emptied first;
 * returns the text.
 */
const char *fixture_render(const struct hs_report *rep, struct hs_buf *out);

/* Number of lines of <s> (each ends in '\n'). */
size_t fixture_lines(const char *s);

/* True when every byte of <s> below 0x20 is a line end. */
bool fixture_only_newlines(const char *s);

#endif
