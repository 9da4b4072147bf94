/* test_http.c: the stats page over HTTP(S) (hs_http.h): what --url and
 * --password-file accept, and the page's plan (hs_plan_build_page). The
 * transfers themselves run against a real HAProxy and a short-bodied fake
 * server in tests/integration/test_http.sh.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs_http.h"
#include "hs_plan.h"
#include "suites.h"

static const struct {
	const char *url;
	const char *msg_part; /* NULL: accepted */
} urls[] = {
	{"http://127.0.0.1:8404/stats", NULL},
	{"https://lb.example.org/haproxy?stats", NULL}, /* HAProxy's default stats uri */
	{"http://lb/stats;csv", "without options"},
	{"http://lb/stats#x", "without options"},
	{"http://mon:secret@lb/stats", "must not hold credentials"},
	{"http://mon@lb/stats", "must not hold credentials"},
	{"ftp://lb/stats", "not an http:// or https:// URL"},
	{"file:///etc/passwd", "not an http:// or https:// URL"},
	{"lb:8404/stats", "not an http:// or https:// URL"},
	{"http:///stats", "has no host"},
	{"http://lb/st ats", "space or a control character"},
	{"http://lb/st\nats", "space or a control character"},
	/* the scheme in any case; credentials never quoted, whatever the
	 * scheme, before anything else is checked */
	{"HTTP://127.0.0.1:8404/stats", NULL},
	{"Https://lb/stats", NULL},
	{"HTTP://mon:secret@lb/stats", "must not hold credentials"},
	{"hTTpS://mon:secret@lb/stats", "must not hold credentials"},
	{"FTP://mon:secret@lb/stats", "must not hold credentials"},
	{"mon:secret@lb/stats", "must not hold credentials"},
	{"http://mon:se/cret@lb/stats", "must not hold credentials"},
	{"HTTP://lb/stats;x", "without options"},
};

START_TEST(test_http_url_check)
{
	struct hs_error err = {0};
	int rc = hs_http_url_check(urls[_i].url, &err);

	if (urls[_i].msg_part == NULL) {
		ck_assert_msg(rc == 0, "%s refused: %s", urls[_i].url, err.msg);
		return;
	}
	ck_assert_msg(rc == -1, "%s accepted", urls[_i].url);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_msg(strstr(err.msg, urls[_i].msg_part) != NULL, "%s: '%s'", urls[_i].url,
		      err.msg);
	ck_assert_ptr_null(strstr(err.msg, "secret"));
}
END_TEST

static const struct {
	const char *url, *shown;
} redacted[] = {
	{"http://lb/stats", "http://lb/stats"},
	{"HTTP://mon:secret@lb:80/stats", "HTTP://***@lb:80/stats"},
	{"hTTpS://mon@lb/stats", "hTTpS://***@lb/stats"},
	{"http://mon:se/c@ret@lb/x?a@b", "http://***@lb/x?a@b"},
	{"mon:secret@lb/stats", "***@lb/stats"},
	{"http://lb/stats?user@x", "http://lb/stats?user@x"},
};

START_TEST(test_http_url_redact)
{
	char out[128];

	hs_http_url_redact(out, sizeof(out), redacted[_i].url);
	ck_assert_str_eq(out, redacted[_i].shown);
}
END_TEST

START_TEST(test_http_is_https)
{
	ck_assert(hs_http_is_https("https://lb/stats"));
	ck_assert(hs_http_is_https("HTTPS://lb/stats"));
	ck_assert(hs_http_is_https("lb1=HttpS://lb/stats"));
	ck_assert(!hs_http_is_https("http://lb/stats"));
	ck_assert(!hs_http_is_https("HTTP://lb/https://"));
}
END_TEST

/* Writes <text> to a new temporary file of <mode>; returns its path. */
static char *
write_file(const char *text, mode_t mode)
{
	char *path = strdup("/tmp/hs-test-pw-XXXXXX");
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

/* hs_http_private_file(): the rule for files holding a password. */
START_TEST(test_http_private_file)
{
	static const struct {
		mode_t mode;
		int rc;
	} modes[] = {{0600, 0}, {0640, 0}, {0400, 0}, {0644, -1}, {0602, -1}, {0666, -1}};
	struct hs_error err = {0};
	char *path = write_file("x\n", 0600);
	size_t i;
	int fd;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		ck_assert_int_eq(chmod(path, modes[i].mode), 0);
		fd = open(path, O_RDONLY);
		ck_assert_int_ge(fd, 0);
		ck_assert_msg(hs_http_private_file(fd, "the file", &err) == modes[i].rc,
			      "mode %03o: %s", (unsigned)modes[i].mode, err.msg);
		if (modes[i].rc != 0) {
			ck_assert_int_eq(err.code, HS_ERR_ACCESS);
			ck_assert_msg(
				strstr(err.msg, "the file can be read or written by every user") !=
					NULL,
				"%s", err.msg);
		}
		close(fd);
	}
	ck_assert_int_eq(chmod(path, 0600), 0);
	if (geteuid() == 0) { /* another user's file: root can make one */
		ck_assert_int_eq(chown(path, 65534, 65534), 0);
		fd = open(path, O_RDONLY);
		ck_assert_int_eq(hs_http_private_file(fd, "the file", &err), -1);
		ck_assert_msg(strstr(err.msg, "belongs to another user (uid 65534)") != NULL, "%s",
			      err.msg);
		close(fd);
	}
	fd = open("/tmp", O_RDONLY);
	ck_assert_int_eq(hs_http_private_file(fd, "the file", &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	close(fd);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_http_password_file)
{
	struct hs_error err = {0};
	char *pw = NULL, *path;

	path = write_file("s3cret\nsecond line\n", 0600);
	ck_assert_int_eq(hs_http_password_file(path, &pw, &err), 0);
	ck_assert_str_eq(pw, "s3cret");
	free(pw);
	unlink(path);
	free(path);

	path = write_file("crlf\r\n", 0640);
	ck_assert_int_eq(hs_http_password_file(path, &pw, &err), 0);
	ck_assert_str_eq(pw, "crlf");
	free(pw);
	unlink(path);
	free(path);

	/* readable by every user: refused without quoting it */
	path = write_file("leaked\n", 0644);
	ck_assert_int_eq(hs_http_password_file(path, &pw, &err), -1);
	ck_assert_ptr_null(pw);
	ck_assert_int_eq(err.code, HS_ERR_ACCESS);
	ck_assert_ptr_nonnull(strstr(err.msg, "can be read or written by every user (mode 644)"));
	ck_assert_ptr_null(strstr(err.msg, "leaked"));
	unlink(path);
	free(path);

	path = write_file("\nafter an empty line\n", 0600);
	ck_assert_int_eq(hs_http_password_file(path, &pw, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "is empty"));
	unlink(path);
	free(path);

	ck_assert_int_eq(hs_http_password_file("/nonexistent/pw", &pw, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOENT);
	ck_assert_int_eq(hs_http_password_file("/tmp", &pw, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a regular file"));
}
END_TEST

START_TEST(test_http_password_too_long)
{
	struct hs_error err = {0};
	char *long_pw = malloc(HS_HTTP_PASSWORD_MAX + 10);
	char *pw = NULL, *path;

	memset(long_pw, 'x', HS_HTTP_PASSWORD_MAX + 8);
	long_pw[HS_HTTP_PASSWORD_MAX + 8] = '\0';
	path = write_file(long_pw, 0600);
	ck_assert_int_eq(hs_http_password_file(path, &pw, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "longer than"));
	unlink(path);
	free(path);
	free(long_pw);
}
END_TEST

/* The page: one CSV fetch of every row type; a scope for one short name;
 * no info. or table. metrics.
 */
START_TEST(test_http_page_plan)
{
	struct hs_plan_needs needs = {.mask = HS_MASK_FRONTENDS | HS_MASK_BACKENDS};
	struct hs_error err = {0};
	struct hs_plan plan;
	char text[256];

	ck_assert_int_eq(hs_plan_build_page(&needs, &plan, &err), 0);
	ck_assert_uint_eq(plan.count, 1);
	ck_assert_int_eq(plan.cmd[0].kind, HS_CMD_PAGE);
	ck_assert_uint_eq(plan.cmd[0].mask, HS_MASK_ALL);
	ck_assert(hs_plan_text(&plan, text, sizeof(text)));
	ck_assert_str_eq(text, ";csv;norefresh");

	needs.proxy[0] = "be_app";
	needs.nproxy = 1;
	ck_assert_int_eq(hs_plan_build_page(&needs, &plan, &err), 0);
	ck_assert(hs_plan_text(&plan, text, sizeof(text)));
	ck_assert_str_eq(text, ";csv;norefresh;scope=be_app");
	ck_assert_str_eq(plan.cmd[0].proxy, "be_app");

	/* two names, or one longer than the page's scope: every proxy */
	needs.proxy[1] = "be_other";
	needs.nproxy = 2;
	ck_assert_int_eq(hs_plan_build_page(&needs, &plan, &err), 0);
	ck_assert_ptr_null(plan.cmd[0].proxy);
	needs.proxy[0] = "a_proxy_name_longer_than_31_bytes";
	needs.nproxy = 1;
	ck_assert_int_eq(hs_plan_build_page(&needs, &plan, &err), 0);
	ck_assert_ptr_null(plan.cmd[0].proxy);
	needs.proxy[0] = "bad;name";
	ck_assert_int_eq(hs_plan_build_page(&needs, &plan, &err), 0);
	ck_assert_ptr_null(plan.cmd[0].proxy);

	needs.nproxy = 0;
	needs.info = true;
	ck_assert_int_eq(hs_plan_build_page(&needs, &plan, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "info. metrics need the stats socket"));
	needs.info = false;
	needs.table = true;
	ck_assert_int_eq(hs_plan_build_page(&needs, &plan, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "table. metrics need the stats socket"));
}
END_TEST

Suite *
make_http_suite(void)
{
	Suite *s = suite_create("http");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_http_url_check, 0, sizeof(urls) / sizeof(urls[0]));
	tcase_add_loop_test(tc, test_http_url_redact, 0, sizeof(redacted) / sizeof(redacted[0]));
	tcase_add_test(tc, test_http_is_https);
	tcase_add_test(tc, test_http_private_file);
	tcase_add_test(tc, test_http_password_file);
	tcase_add_test(tc, test_http_password_too_long);
	tcase_add_test(tc, test_http_page_plan);
	suite_add_tcase(s, tc);
	return s;
}
