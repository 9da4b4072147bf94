/* test_resolve.c: name resolution under the check's deadline
 * (hs_resolve.h). The lookup that outlives the deadline needs a DNS server
 * that does not answer: tests/integration/test_nodes.sh has it. */
#include <check.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

#include "hs_resolve.h"
#include "hs_time.h"
#include "suites.h"

static struct addrinfo
stream_hints(void)
{
	struct addrinfo hints;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	return hints;
}

START_TEST(test_resolve_numeric)
{
	struct addrinfo hints = stream_hints(), *res = NULL;
	struct hs_error err = {0};

	ck_assert_int_eq(hs_resolve("127.0.0.1", "9999", &hints, hs_deadline_in(5), &res, &err), 0);
	ck_assert_ptr_nonnull(res);
	ck_assert_int_eq(res->ai_family, AF_INET);
	ck_assert_int_eq(res->ai_socktype, SOCK_STREAM);
	freeaddrinfo(res);
	res = NULL;
	ck_assert_int_eq(hs_resolve("::1", "9999", &hints, hs_deadline_in(5), &res, &err), 0);
	ck_assert_int_eq(res->ai_family, AF_INET6);
	freeaddrinfo(res);
}
END_TEST

START_TEST(test_resolve_failure_is_said)
{
	struct addrinfo hints = stream_hints(), *res = NULL;
	struct hs_error err = {0};

	/* .invalid never resolves (RFC 6761); a service that is not a number
	 * fails at once under AI_NUMERICSERV */
	ck_assert_int_eq(hs_resolve("127.0.0.1", "http", &hints, hs_deadline_in(5), &res, &err),
			 -1);
	ck_assert_int_eq(err.code, HS_ERR_RESOLVE);
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot resolve 127.0.0.1: "));
	ck_assert_ptr_null(res);
	ck_assert_int_eq(
		hs_resolve("nosuchhost.invalid", "80", &hints, hs_deadline_in(5), &res, &err), -1);
	ck_assert_msg(err.code == HS_ERR_RESOLVE || err.code == HS_ERR_TIMEOUT, "%s", err.msg);
	ck_assert_ptr_nonnull(strstr(err.msg, "nosuchhost.invalid"));
	ck_assert_ptr_null(res);
}
END_TEST

/* Many lookups, each in its thread: every one answered, nothing kept
 * (ASan and valgrind see what a lookup would leak). */
START_TEST(test_resolve_many)
{
	struct addrinfo hints = stream_hints();
	int i;

	for (i = 0; i < 200; i++) {
		struct addrinfo *res = NULL;
		struct hs_error err = {0};

		ck_assert_int_eq(
			hs_resolve("127.0.0.1", "80", &hints, hs_deadline_in(5), &res, &err), 0);
		freeaddrinfo(res);
	}
}
END_TEST

Suite *
make_resolve_suite(void)
{
	Suite *s = suite_create("resolve");
	TCase *tc = tcase_create("resolve");

	tcase_add_test(tc, test_resolve_numeric);
	tcase_add_test(tc, test_resolve_failure_is_said);
	tcase_add_test(tc, test_resolve_many);
	suite_add_tcase(s, tc);
	return s;
}
