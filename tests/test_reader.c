/* test_reader.c: hs_reader, records out of a file descriptor. */
#include <check.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "hs_reader.h"
#include "hs_time.h"
#include "suites.h"

/* Reader on a pipe pre-filled with <data> (<len> bytes, then EOF). */
static void
open_data(struct hs_reader *r, const char *data, size_t len, size_t max_record)
{
	struct hs_error err = {0};
	int fd = fixture_pipe(data, len);

	ck_assert_int_eq(hs_reader_init(r, fd, hs_deadline_in(5), max_record, "test", &err), 0);
}

static void
close_reader(struct hs_reader *r)
{
	close(r->fd);
	hs_reader_free(r);
}

/* Expects the next record to be <want>. */
static void
expect_record(struct hs_reader *r, const char *want, size_t want_len)
{
	struct hs_error err = {0};
	char *rec = NULL;
	size_t len = 12345;
	int rc = hs_reader_next(r, &rec, &len, &err);

	ck_assert_msg(rc == 1, "expected a record, got %d (%s)", rc, err.msg);
	ck_assert_uint_eq(len, want_len);
	ck_assert_mem_eq(rec, want, want_len);
	ck_assert_int_eq(rec[len], '\0');
}

static void
expect_end(struct hs_reader *r)
{
	struct hs_error err = {0};
	char *rec;
	size_t len;

	ck_assert_int_eq(hs_reader_next(r, &rec, &len, &err), 0);
}

static void
expect_error(struct hs_reader *r, enum hs_errcode code)
{
	struct hs_error err = {0};
	char *rec;
	size_t len;
	int rc;

	/* the error may come after some good records: skip those */
	while ((rc = hs_reader_next(r, &rec, &len, &err)) == 1)
		;
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(err.code == code, "error code %d, expected %d (%s)", err.code, code, err.msg);
	ck_assert_str_ne(err.msg, "");
}

START_TEST(test_reader_splits_records_at_lf)
{
	static const char data[] = "# a,b,\nx,1,\ny,2,\n\n";
	struct hs_reader r;

	open_data(&r, data, sizeof(data) - 1, HS_READER_MAX_RECORD);
	expect_record(&r, "# a,b,", 6);
	expect_record(&r, "x,1,", 4);
	expect_record(&r, "y,2,", 4);
	expect_record(&r, "", 0);
	expect_end(&r);
	ck_assert_uint_eq(r.records, 4);
	ck_assert_uint_eq(r.total, sizeof(data) - 1);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_strips_cr_lf)
{
	static const char data[] = "a,b,\r\n\r\nc\r\n";
	struct hs_reader r;

	open_data(&r, data, sizeof(data) - 1, HS_READER_MAX_RECORD);
	expect_record(&r, "a,b,", 4);
	expect_record(&r, "", 0); /* a CR LF alone is an empty line */
	expect_record(&r, "c", 1);
	expect_end(&r);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_empty_line_has_length_zero)
{
	static const char data[] = "\n\nz\n";
	struct hs_reader r;

	open_data(&r, data, sizeof(data) - 1, HS_READER_MAX_RECORD);
	expect_record(&r, "", 0);
	expect_record(&r, "", 0);
	expect_record(&r, "z", 1);
	expect_end(&r);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_lf_inside_quotes_does_not_end_record)
{
	static const char data[] = "be,\"two\nlines, \"\"q\"\"\nend\",x,\nnext,\n";
	static const char first[] = "be,\"two\nlines, \"\"q\"\"\nend\",x,";
	struct hs_reader r;

	open_data(&r, data, sizeof(data) - 1, HS_READER_MAX_RECORD);
	expect_record(&r, first, sizeof(first) - 1);
	expect_record(&r, "next,", 5);
	expect_end(&r);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_record_may_be_modified_in_place)
{
	static const char data[] = "abc\ndef\n";
	struct hs_error err = {0};
	struct hs_reader r;
	char *rec;
	size_t len;

	open_data(&r, data, sizeof(data) - 1, HS_READER_MAX_RECORD);
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), 1);
	rec[0] = 'X';
	rec[len] = 'Y'; /* the NUL may be overwritten too */
	expect_record(&r, "def", 3);
	expect_end(&r);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_clean_eof_returns_zero)
{
	struct hs_reader r;

	/* empty input */
	open_data(&r, "", 0, HS_READER_MAX_RECORD);
	expect_end(&r);
	expect_end(&r); /* and keeps returning 0 */
	close_reader(&r);

	/* EOF right after a LF */
	open_data(&r, "a\n", 2, HS_READER_MAX_RECORD);
	expect_record(&r, "a", 1);
	expect_end(&r);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_real_capture_reads_every_line)
{
	size_t size, lines = 0, i;
	char *dump = fixture_read("haproxy-2.6.12.csv", &size);
	struct hs_error err = {0};
	struct hs_reader r;
	char *rec;
	size_t len;
	int rc;

	for (i = 0; i < size; i++)
		lines += dump[i] == '\n';
	open_data(&r, dump, size, HS_READER_MAX_RECORD);
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), 1);
	ck_assert_int_eq(strncmp(rec, "# pxname,svname,", 16), 0);
	while ((rc = hs_reader_next(&r, &rec, &len, &err)) == 1)
		;
	ck_assert_msg(rc == 0, "%s", err.msg);
	ck_assert_uint_eq(r.records, lines);
	close_reader(&r);
	free(dump);
}
END_TEST

START_TEST(test_reader_eof_inside_record_is_truncated)
{
	struct hs_reader r;

	open_data(&r, "a,b,\nhalf a li", 14, HS_READER_MAX_RECORD);
	expect_error(&r, HS_ERR_TRUNCATED);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_eof_inside_quotes_is_truncated)
{
	static const char data[] = "a,\"open\n\n";
	struct hs_reader r;

	/* the LFs are inside the quote: the record never ends */
	open_data(&r, data, sizeof(data) - 1, HS_READER_MAX_RECORD);
	expect_error(&r, HS_ERR_TRUNCATED);
	close_reader(&r);
}
END_TEST

/* A NUL byte anywhere in a record: MALFORMED (no text dump holds one). */
static const struct {
	const char *data;
	size_t len;
} binary[] = {
#define B(s)                                                                                       \
	{                                                                                          \
		s, sizeof(s) - 1                                                                   \
	}
	B("ab\0cd\n"),
	B("\0\n"),
	B("ok\nthen\0\n"),
	B("\"q\0\"\n"),
#undef B
};

/* Other control bytes are data, inside quotes or not: HAProxy writes check
 * texts raw (tcp-check expect string \x01OK).
 */
static const char *const control[] = {
	"a,b\x01,", "x\x1b[31m", "del\x7f", "\"q\x03\"", "a\fb", "a\vb", "\"+PONG\r\" at step 2",
};

START_TEST(test_reader_control_bytes_are_data)
{
	char data[64];
	size_t len = strlen(control[_i]);
	struct hs_reader r;

	memcpy(data, control[_i], len);
	data[len] = '\n';
	open_data(&r, data, len + 1, HS_READER_MAX_RECORD);
	expect_record(&r, control[_i], len);
	expect_end(&r);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_binary_byte_is_malformed)
{
	struct hs_reader r;

	open_data(&r, binary[_i].data, binary[_i].len, HS_READER_MAX_RECORD);
	expect_error(&r, HS_ERR_MALFORMED);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_tab_and_utf8_are_accepted)
{
	static const char data[] = "a\tb,caf\xc3\xa9,\n";
	struct hs_reader r;

	open_data(&r, data, sizeof(data) - 1, HS_READER_MAX_RECORD);
	expect_record(&r, data, sizeof(data) - 2);
	expect_end(&r);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_record_longer_than_max_is_limit)
{
	char data[200];
	struct hs_reader r;

	memset(data, 'x', sizeof(data));
	data[sizeof(data) - 1] = '\n';
	open_data(&r, data, sizeof(data), 64);
	expect_error(&r, HS_ERR_LIMIT);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_record_of_exactly_max_is_accepted)
{
	char data[64 + 1 + 65 + 1];
	struct hs_reader r;

	/* 64 bytes: accepted; then 65 bytes: refused */
	memset(data, 'a', sizeof(data));
	data[64] = '\n';
	data[sizeof(data) - 1] = '\n';
	open_data(&r, data, sizeof(data), 64);
	expect_record(&r, data, 64);
	expect_error(&r, HS_ERR_LIMIT);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_unterminated_quote_hits_limit)
{
	char data[300];
	struct hs_reader r;
	size_t i;

	/* an open quote swallows every LF: the record must still be bounded */
	data[0] = '"';
	for (i = 1; i < sizeof(data); i++)
		data[i] = i % 10 == 0 ? '\n' : 'q';
	open_data(&r, data, sizeof(data), 64);
	expect_error(&r, HS_ERR_LIMIT);
	close_reader(&r);
}
END_TEST

START_TEST(test_reader_silent_peer_times_out)
{
	struct hs_error err = {0};
	struct hs_reader r;
	int fds[2];
	int64_t t0, elapsed;
	char *rec;
	size_t len;

	ck_assert_int_eq(pipe(fds), 0);
	/* write end stays open and empty: the reader can only wait */
	ck_assert_int_eq(
		hs_reader_init(&r, fds[0], hs_now_ms() + 200, HS_READER_MAX_RECORD, "silent", &err),
		0);
	t0 = hs_now_ms();
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), -1);
	elapsed = hs_now_ms() - t0;
	ck_assert_int_eq(err.code, HS_ERR_TIMEOUT);
	ck_assert_msg(elapsed < 1500, "timeout took %lld ms", (long long)elapsed);
	ck_assert_msg(elapsed >= 100, "timed out early, after %lld ms", (long long)elapsed);
	hs_reader_free(&r);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(test_reader_partial_record_then_silence_times_out)
{
	struct hs_error err = {0};
	struct hs_reader r;
	int fds[2];
	int64_t t0;
	char *rec;
	size_t len;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], "full,\nhalf,", 11), 11);
	ck_assert_int_eq(
		hs_reader_init(&r, fds[0], hs_now_ms() + 200, HS_READER_MAX_RECORD, "slow", &err),
		0);
	t0 = hs_now_ms();
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), 1);
	ck_assert_str_eq(rec, "full,");
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_TIMEOUT);
	ck_assert_int_lt(hs_now_ms() - t0, 1500);
	hs_reader_free(&r);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

/* Large input: many buffer refills, written by a thread because a pipe
 * holds only 64 KiB.
 */
#define BIG_LINES 200000 /* "line NNNNNN,\n": 13 bytes each, about 2.6 MB */

static void *
big_writer(void *arg)
{
	int fd = *(int *)arg;
	char chunk[13 * 1000 + 1];
	int line = 0;

	while (line < BIG_LINES) {
		size_t o = 0, off = 0;
		int k;

		for (k = 0; k < 1000 && line < BIG_LINES; k++, line++)
			o += (size_t)snprintf(chunk + o, sizeof(chunk) - o, "line %06d,\n", line);
		while (off < o) {
			ssize_t n = write(fd, chunk + off, o - off);

			if (n <= 0)
				return NULL;
			off += (size_t)n;
		}
	}
	close(fd);
	return NULL;
}

START_TEST(test_reader_large_input_spans_many_refills)
{
	struct hs_error err = {0};
	struct hs_reader r;
	pthread_t th;
	int fds[2], rc;
	uint64_t count = 0;
	char *rec, want[16];
	size_t len;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(pthread_create(&th, NULL, big_writer, &fds[1]), 0);
	ck_assert_int_eq(hs_reader_init(&r, fds[0], hs_deadline_in(3600), 64, "big", &err), 0);
	while ((rc = hs_reader_next(&r, &rec, &len, &err)) == 1) {
		snprintf(want, sizeof(want), "line %06llu,", (unsigned long long)count);
		ck_assert_uint_eq(len, 12);
		if (strcmp(rec, want) != 0)
			ck_abort_msg("record %llu is '%s', expected '%s'",
				     (unsigned long long)count, rec, want);
		count++;
	}
	ck_assert_msg(rc == 0, "stopped after %llu records: %s", (unsigned long long)count,
		      err.msg);
	ck_assert_uint_eq(count, BIG_LINES);
	ck_assert_uint_eq(r.records, BIG_LINES);
	ck_assert_uint_eq(r.total, (uint64_t)BIG_LINES * 13);
	pthread_join(th, NULL);
	hs_reader_free(&r);
	close(fds[0]);
}
END_TEST

/* A byte source (struct hs_reader_source) that hands out <chunks> one
 * read at a time (at most 3 bytes each, to split records), then its end
 * (<fail>: an error instead).
 */
struct chunks {
	const char *data;
	size_t pos;
	bool fail;
};

static ssize_t
chunk_read(void *ctx, char *buf, size_t room, int64_t deadline, struct hs_error *err)
{
	struct chunks *c = ctx;
	size_t left = strlen(c->data) - c->pos, n = left < 3 ? left : 3;

	(void)deadline;
	if (n > room)
		n = room;
	if (n == 0)
		return c->fail ? hs_error_set(err, HS_ERR_TRUNCATED, "cut short") : 0;
	memcpy(buf, c->data + c->pos, n);
	c->pos += n;
	return (ssize_t)n;
}

START_TEST(test_reader_source_records_end_and_error)
{
	struct chunks c = {"a,b\n\"q\nx\",c\nlast\n", 0, false};
	struct hs_error err = {0};
	struct hs_reader r;
	char *rec;
	size_t len;

	ck_assert_int_eq(hs_reader_init(&r, -1, hs_deadline_in(5), 64, "src", &err), 0);
	r.source = (struct hs_reader_source){chunk_read, &c};
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), 1);
	ck_assert_str_eq(rec, "a,b");
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), 1);
	ck_assert_str_eq(rec, "\"q\nx\",c");
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), 1);
	ck_assert_str_eq(rec, "last");
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), 0);
	hs_reader_free(&r);

	/* the source's error comes through as is */
	c = (struct chunks){"a,b\npart", 0, true};
	ck_assert_int_eq(hs_reader_init(&r, -1, hs_deadline_in(5), 64, "src", &err), 0);
	r.source = (struct hs_reader_source){chunk_read, &c};
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), 1);
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_TRUNCATED);
	ck_assert_str_eq(err.msg, "cut short");
	hs_reader_free(&r);

	/* a whole body of one line without LF (an error page) is one record;
	 * a later line without LF is still cut short */
	c = (struct chunks){"Forbidden", 0, false};
	ck_assert_int_eq(hs_reader_init(&r, -1, hs_deadline_in(5), 64, "src", &err), 0);
	r.source = (struct hs_reader_source){chunk_read, &c};
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), 1);
	ck_assert_str_eq(rec, "Forbidden");
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), 0);
	hs_reader_free(&r);
	c = (struct chunks){"# h\nrow", 0, false};
	ck_assert_int_eq(hs_reader_init(&r, -1, hs_deadline_in(5), 64, "src", &err), 0);
	r.source = (struct hs_reader_source){chunk_read, &c};
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), 1);
	ck_assert_int_eq(hs_reader_next(&r, &rec, &len, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_TRUNCATED);
	hs_reader_free(&r);
}
END_TEST

Suite *
make_reader_suite(void)
{
	Suite *s = suite_create("reader");
	TCase *tc;

	tc = tcase_create("Records");
	tcase_add_test(tc, test_reader_splits_records_at_lf);
	tcase_add_test(tc, test_reader_strips_cr_lf);
	tcase_add_test(tc, test_reader_empty_line_has_length_zero);
	tcase_add_test(tc, test_reader_lf_inside_quotes_does_not_end_record);
	tcase_add_test(tc, test_reader_record_may_be_modified_in_place);
	tcase_add_test(tc, test_reader_tab_and_utf8_are_accepted);
	tcase_add_test(tc, test_reader_real_capture_reads_every_line);
	suite_add_tcase(s, tc);

	tc = tcase_create("End");
	tcase_add_test(tc, test_reader_clean_eof_returns_zero);
	tcase_add_test(tc, test_reader_eof_inside_record_is_truncated);
	tcase_add_test(tc, test_reader_eof_inside_quotes_is_truncated);
	suite_add_tcase(s, tc);

	tc = tcase_create("Binary");
	tcase_add_loop_test(tc, test_reader_binary_byte_is_malformed, 0,
			    (int)(sizeof(binary) / sizeof(binary[0])));
	tcase_add_loop_test(tc, test_reader_control_bytes_are_data, 0,
			    (int)(sizeof(control) / sizeof(control[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("Limits");
	tcase_add_test(tc, test_reader_record_longer_than_max_is_limit);
	tcase_add_test(tc, test_reader_record_of_exactly_max_is_accepted);
	tcase_add_test(tc, test_reader_unterminated_quote_hits_limit);
	tcase_add_test(tc, test_reader_large_input_spans_many_refills);
	tcase_add_test(tc, test_reader_source_records_end_and_error);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tc);

	tc = tcase_create("Timeout");
	tcase_add_test(tc, test_reader_silent_peer_times_out);
	tcase_add_test(tc, test_reader_partial_record_then_silence_times_out);
	suite_add_tcase(s, tc);
	return s;
}
