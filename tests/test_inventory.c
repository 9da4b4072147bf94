/* test_inventory.c: the frontends and backends read for --discover
 * (lib/hs_inventory.c), from saved answers.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_check.h"
#include "hs_inventory.h"
#include "hs_node.h"
#include "suites.h"

#define HDR "# pxname,svname,iid,sid,status,type,\n"

/* Reads <dump> (written to a temporary file) with selection patterns
 * <proxy> and <exclude> (NULL: none) into <inv> (initialised here).
 * Returns what hs_inventory_read returned.
 */
static int
read_dump(const char *dump, const char *proxy, const char *exclude, struct hs_inventory *inv,
	  struct hs_error *err)
{
	char path[] = "/tmp/test_inventory.XXXXXX";
	struct hs_check_config cfg;
	int fd = mkstemp(path), rc;

	ck_assert(fd >= 0);
	ck_assert(write(fd, dump, strlen(dump)) == (ssize_t)strlen(dump));
	close(fd);
	hs_check_config_init(&cfg);
	ck_assert_int_eq(hs_node_set_one(&cfg, 0,
					 &(struct hs_endpoint){.kind = HS_EP_FILE, .path = path},
					 err),
			 0);
	if (proxy != NULL)
		ck_assert_int_eq(hs_selection_add(&cfg.selection, HS_SEL_PROXY, proxy, err), 0);
	if (exclude != NULL)
		ck_assert_int_eq(
			hs_selection_add(&cfg.selection, HS_SEL_EXCLUDE_PROXY, exclude, err), 0);
	hs_inventory_init(inv);
	rc = hs_inventory_read(&cfg, inv, err);
	hs_check_config_free(&cfg);
	unlink(path);
	return rc;
}

static const char full[] = HDR "fe,FRONTEND,2,0,OPEN,0,\n"
			       "fe,sock-1,2,1,OPEN,3,\n"
			       "app,s1,3,1,UP,2,\n"
			       "app,BACKEND,3,0,UP,1,\n"
			       "stats,FRONTEND,4,0,OPEN,0,\n"
			       "stats,BACKEND,4,0,UP,1,\n"
			       "a.b,BACKEND,5,0,UP,1,\n"
			       "dup,FRONTEND,6,0,OPEN,0,\n"
			       "dup,BACKEND,7,0,UP,1,\n\n";

START_TEST(test_inventory_read)
{
	struct hs_inventory inv;
	struct hs_error err = {0};

	ck_assert_msg(read_dump(full, NULL, NULL, &inv, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(inv.count, 5);
	ck_assert_str_eq(inv.proxy[0].name, "fe");
	ck_assert(inv.proxy[0].frontend && !inv.proxy[0].backend);
	ck_assert_str_eq(inv.proxy[1].name, "app");
	ck_assert(!inv.proxy[1].frontend && inv.proxy[1].backend);
	ck_assert_str_eq(inv.proxy[2].name, "stats");
	ck_assert(inv.proxy[2].listen);
	ck_assert_str_eq(inv.proxy[3].name, "a.b");
	ck_assert_str_eq(inv.proxy[4].name, "dup");
	ck_assert(inv.proxy[4].frontend && inv.proxy[4].backend && !inv.proxy[4].listen);
	hs_inventory_free(&inv);
}
END_TEST

START_TEST(test_inventory_selection)
{
	struct hs_inventory inv;
	struct hs_error err = {0};

	ck_assert_int_eq(read_dump(full, NULL, "stats|dup", &inv, &err), 0);
	ck_assert_uint_eq(inv.count, 3);
	hs_inventory_free(&inv);
	ck_assert_int_eq(read_dump(full, "a.*", NULL, &inv, &err), 0);
	ck_assert_uint_eq(inv.count, 2); /* app, a.b */
	hs_inventory_free(&inv);
	/* a --proxy pattern that matches nothing is an error, as for a check */
	ck_assert_int_eq(read_dump(full, "nope", NULL, &inv, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOMATCH);
	hs_inventory_free(&inv);
	/* every proxy excluded: nothing to write is an error */
	ck_assert_int_eq(read_dump(full, NULL, ".*", &inv, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
	ck_assert_msg(strstr(err.msg, "no frontend or backend") != NULL, "%s", err.msg);
	hs_inventory_free(&inv);
}
END_TEST

/* A name HAProxy would refuse fails the whole read, even when the
 * selection would skip it: the answer is not HAProxy's.
 */
START_TEST(test_inventory_hostile)
{
	static const char hostile[] =
		HDR "app,BACKEND,3,0,UP,1,\n"
		    "\"x\"\"}\nobject Host \"\"evil\"\" {\",BACKEND,4,0,UP,1,\n\n";
	static const char space[] = HDR "a b,BACKEND,3,0,UP,1,\n\n";
	struct hs_inventory inv;
	struct hs_error err = {0};

	ck_assert_int_eq(read_dump(hostile, NULL, NULL, &inv, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
	ck_assert_msg(strchr(err.msg, '\n') == NULL, "%s", err.msg);
	hs_inventory_free(&inv);
	ck_assert_int_eq(read_dump(space, NULL, "a.b", &inv, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
	hs_inventory_free(&inv);
}
END_TEST

START_TEST(test_inventory_bad_answers)
{
	struct hs_inventory inv;
	struct hs_error err = {0};

	ck_assert_int_eq(read_dump("Unknown command.\n\n", NULL, NULL, &inv, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_NOT_STATS);
	hs_inventory_free(&inv);
	ck_assert_int_eq(read_dump(HDR "\n", NULL, NULL, &inv, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
	hs_inventory_free(&inv);
	ck_assert_int_eq(read_dump(HDR "app,BACKEND,3,0,UP\n\n", NULL, NULL, &inv, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
	hs_inventory_free(&inv);
	ck_assert_int_eq(read_dump("", NULL, NULL, &inv, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_EMPTY);
	hs_inventory_free(&inv);
}
END_TEST

Suite *
make_inventory_suite(void)
{
	Suite *s = suite_create("inventory");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_inventory_read);
	tcase_add_test(tc, test_inventory_selection);
	tcase_add_test(tc, test_inventory_hostile);
	tcase_add_test(tc, test_inventory_bad_answers);
	suite_add_tcase(s, tc);
	return s;
}
