/* fixture.c: helpers shared by the unit tests. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "hs_render.h"

const char *
fixture_path(const char *name)
{
	static char path[4096];
	const char *dir = getenv("FIXTURES");
	const char *srcdir = getenv("srcdir");

	if (dir != NULL && *dir != '\0')
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	else if (srcdir != NULL && *srcdir != '\0')
		snprintf(path, sizeof(path), "%s/tests/fixtures/%s", srcdir, name);
	else
		snprintf(path, sizeof(path), "tests/fixtures/%s", name);
	return path;
}

char *
fixture_read(const char *name, size_t *len)
{
	const char *path = fixture_path(name);
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	ck_assert_msg(f != NULL, "cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)size;
	return buf;
}

int
fixture_pipe(const char *data, size_t len)
{
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], data, len), (ssize_t)len);
	close(fds[1]);
	return fds[0];
}

const char *
fixture_render(const struct hs_report *rep, struct hs_buf *out)
{
	out->len = 0;
	if (out->data != NULL)
		out->data[0] = '\0';
	hs_report_render(rep, out);
	return hs_buf_str(out);
}

size_t
fixture_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

bool
fixture_only_newlines(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 && *s != '\n')
			return false;
	}
	return true;
}
