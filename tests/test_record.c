/* test_record.c: what every answer reader shares (hs_record.h): the next
 * record and how an early end is worded, the "show stat" header.
 */
#include <check.h>
#include <string.h>
#include <unistd.h>

#include "hs_record.h"
#include "hs_time.h"
#include "suites.h"

struct fixture {
	struct hs_reader r;
	struct hs_error err;
	char *fields[HS_MAX_FIELDS];
	int fd;
};

/* A reader fed <text> through a pipe (small answers: it holds them). */
static void
setup(struct fixture *f, const char *text)
{
	size_t len = strlen(text);
	int p[2];

	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], text, len), (ssize_t)len);
	close(p[1]);
	f->fd = p[0];
	ck_assert_int_eq(hs_reader_init(&f->r, f->fd, hs_deadline_in(5), HS_READER_MAX_RECORD,
					"peer", &f->err),
			 0);
}

static void
teardown(struct fixture *f)
{
	hs_reader_free(&f->r);
	close(f->fd);
}

START_TEST(test_record_next_and_its_end)
{
	struct fixture f;
	size_t len;
	char *rec;

	setup(&f, "a\n\n");
	ck_assert_int_eq(hs_record_next(&f.r, "show x", 0, &rec, &len, &f.err), 1);
	ck_assert_str_eq(rec, "a");
	ck_assert_int_eq(hs_record_next(&f.r, "show x", 1, &rec, &len, &f.err), 1);
	ck_assert_uint_eq(len, 0);
	teardown(&f);
	/* nothing at all: EMPTY */
	setup(&f, "");
	ck_assert_int_eq(hs_record_next(&f.r, "show x", 0, &rec, &len, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_EMPTY);
	ck_assert_str_eq(f.err.msg,
			 "empty response from peer: it closed the connection without an answer");
	teardown(&f);
	/* inside an answer: TRUNCATED, naming the part and the lines read */
	setup(&f, "a\nb\n");
	ck_assert_int_eq(hs_record_next(&f.r, "show x", 0, &rec, &len, &f.err), 1);
	ck_assert_int_eq(hs_record_next(&f.r, "show x", 1, &rec, &len, &f.err), 1);
	ck_assert_int_eq(hs_record_next(&f.r, "show x", 2, &rec, &len, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_TRUNCATED);
	ck_assert_str_eq(f.err.msg, "answer from peer is truncated: its 'show x' part ended after "
				    "2 lines without the terminating empty line");
	teardown(&f);
}
END_TEST

START_TEST(test_record_header)
{
	struct hs_header hdr;
	struct fixture f;

	setup(&f, "# pxname,svname,status,type,\n");
	ck_assert_int_eq(hs_record_header(&f.r, false, &hdr, f.fields, &f.err), 1);
	teardown(&f);
	/* "No such proxy." only answers a named proxy */
	setup(&f, "No such proxy.\n\n");
	ck_assert_int_eq(hs_record_header(&f.r, true, &hdr, f.fields, &f.err), 0);
	teardown(&f);
	setup(&f, "No such proxy.\n\n");
	ck_assert_int_eq(hs_record_header(&f.r, false, &hdr, f.fields, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_NOT_STATS);
	ck_assert_str_eq(f.err.msg, "unexpected response from peer: 'No such proxy.' (expected a "
				    "'show stat' CSV header: is this a HAProxy stats socket?)");
	teardown(&f);
	setup(&f, "\n");
	ck_assert_int_eq(hs_record_header(&f.r, false, &hdr, f.fields, &f.err), -1);
	ck_assert_int_eq(f.err.code, HS_ERR_EMPTY);
	teardown(&f);
}
END_TEST

Suite *
make_record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("Records");

	tcase_add_test(tc, test_record_next_and_its_end);
	tcase_add_test(tc, test_record_header);
	suite_add_tcase(s, tc);
	return s;
}
