/* fixture.h: helpers shared by the unit tests. */
#ifndef HS_TEST_FIXTURE_H
#define HS_TEST_FIXTURE_H

#include <stddef.h>

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

#endif
