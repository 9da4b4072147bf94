/* test_discover.c: service definitions for the proxies found
 * (lib/hs_discover.c): names, patterns, carried options, escaping for
 * Icinga 2 and Nagios, and the values refused.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "hs_discover.h"
#include "hs_select.h"
#include "suites.h"

/* Number of times <needle> occurs in <hay>. */
static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (hay = strstr(hay, needle); hay != NULL; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

/* An inventory of: frontend fe_web, backend app, listen "st.ats", and
 * frontend and backend "dup" (different ids).
 */
static void
inventory(struct hs_inventory *inv)
{
	struct hs_error err = {0};

	hs_inventory_init(inv);
	ck_assert_int_eq(hs_inventory_add(inv, "fe_web", false, 2, &err), 0);
	ck_assert_int_eq(hs_inventory_add(inv, "app", true, 3, &err), 0);
	ck_assert_int_eq(hs_inventory_add(inv, "st.ats", false, 4, &err), 0);
	ck_assert_int_eq(hs_inventory_add(inv, "st.ats", true, 4, &err), 0);
	ck_assert_int_eq(hs_inventory_add(inv, "dup", false, 5, &err), 0);
	ck_assert_int_eq(hs_inventory_add(inv, "dup", true, 6, &err), 0);
}

/* Writes <target> definitions for inventory() through <conn> on <host>
 * into <out> (initialised here). Returns what hs_discover_write returned.
 */
static int
write_defs(enum hs_discover_target target, const char *host, const struct hs_discover_conn *conn,
	   struct hs_buf *out, struct hs_error *err)
{
	struct hs_inventory inv;
	int rc;

	inventory(&inv);
	hs_buf_init(out, 0);
	rc = hs_discover_write(target, host, conn, &inv, out, err);
	hs_inventory_free(&inv);
	return rc;
}

static struct hs_discover_conn
socket_conn(const char *path)
{
	struct hs_discover_conn conn;

	memset(&conn, 0, sizeof(conn));
	conn.node[0].opt = 'S';
	conn.node[0].arg = path;
	conn.nodes = 1;
	return conn;
}

START_TEST(test_discover_target_parse)
{
	ck_assert_int_eq(hs_discover_target_parse("icinga2"), HS_DISCOVER_ICINGA2);
	ck_assert_int_eq(hs_discover_target_parse("nagios"), HS_DISCOVER_NAGIOS);
	ck_assert_int_eq(hs_discover_target_parse("icinga"), HS_DISCOVER_NONE);
	ck_assert_int_eq(hs_discover_target_parse(""), HS_DISCOVER_NONE);
}
END_TEST

/* The pattern of a name matches that name and no other, through the very
 * matcher --proxy uses.
 */
START_TEST(test_discover_pattern_exact)
{
	static const char *const names[] = {"app",      "app2",    "a.b", "aXb",
					    "st:ats-1", "x_y.z:9", "..",  "a-"};
	struct hs_selection sel;
	struct hs_error err = {0};
	char pat[800];
	size_t i, j;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ck_assert(hs_discover_pattern(names[i], pat, sizeof(pat)));
		hs_selection_init(&sel);
		ck_assert_msg(hs_selection_add(&sel, HS_SEL_PROXY, pat, &err) == 0, "%s", err.msg);
		for (j = 0; j < sizeof(names) / sizeof(names[0]); j++)
			ck_assert_msg(hs_select_proxy(&sel, names[j], NULL) == (i == j),
				      "pattern '%s' of '%s' on '%s'", pat, names[i], names[j]);
		ck_assert(!hs_select_proxy(&sel, "app ", NULL));
		hs_selection_free(&sel);
	}
	ck_assert(hs_discover_pattern("a.b", pat, sizeof(pat)));
	ck_assert_str_eq(pat, "a[.]b");
	/* not a HAProxy name: no pattern */
	ck_assert(!hs_discover_pattern("a b", pat, sizeof(pat)));
	ck_assert(!hs_discover_pattern("a|b", pat, sizeof(pat)));
	ck_assert(!hs_discover_pattern("", pat, sizeof(pat)));
	/* too small a buffer */
	ck_assert(!hs_discover_pattern("a.b", pat, 5));
	ck_assert(hs_discover_pattern("a.b", pat, 6));
}
END_TEST

START_TEST(test_discover_inventory_merge)
{
	struct hs_inventory inv;
	struct hs_error err = {0};

	inventory(&inv);
	ck_assert_uint_eq(inv.count, 4);
	ck_assert(inv.proxy[0].frontend && !inv.proxy[0].backend);
	ck_assert(!inv.proxy[1].frontend && inv.proxy[1].backend);
	ck_assert(inv.proxy[2].frontend && inv.proxy[2].backend && inv.proxy[2].listen);
	ck_assert(inv.proxy[3].frontend && inv.proxy[3].backend && !inv.proxy[3].listen);
	/* a hostile name is refused, never stored */
	ck_assert_int_eq(hs_inventory_add(&inv, "x\"; rm -rf /", true, 7, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_MALFORMED);
	ck_assert_int_eq(hs_inventory_add(&inv, "a\nobject Host \"x\" {", true, 7, &err), -1);
	ck_assert_int_eq(hs_inventory_add(&inv, "", true, 7, &err), -1);
	ck_assert_uint_eq(inv.count, 4);
	hs_inventory_free(&inv);
}
END_TEST

START_TEST(test_discover_icinga2)
{
	struct hs_discover_conn conn = socket_conn("/run/haproxy/monitor.sock");
	struct hs_error err = {0};
	struct hs_buf out;
	const char *s;

	conn.timeout = "5:unknown";
	conn.master = "/run/haproxy-master.sock";
	ck_assert_msg(write_defs(HS_DISCOVER_ICINGA2, "lb1", &conn, &out, &err) == 0, "%s",
		      err.msg);
	s = hs_buf_str(&out);
	ck_assert_uint_eq(count(s, "object Service "), 4);
	ASSERT_HAS(s, "object Service \"haproxy frontend fe_web\" {\n\thost_name = \"lb1\"\n"
		      "\tcheck_command = \"haproxy_stat\"\n"
		      "\tvars.haproxy_stat_socket = \"/run/haproxy/monitor.sock\"\n"
		      "\tvars.haproxy_stat_master_socket = \"/run/haproxy-master.sock\"\n"
		      "\tvars.haproxy_stat_timeout = \"5:unknown\"\n"
		      "\tvars.haproxy_stat_proxy = \"fe_web\"\n}\n");
	ASSERT_HAS(s, "object Service \"haproxy backend app\"");
	ASSERT_HAS(s, "object Service \"haproxy listen st.ats\"");
	ASSERT_HAS(s, "vars.haproxy_stat_proxy = \"st[.]ats\"");
	ASSERT_HAS(s, "object Service \"haproxy frontend+backend dup\"");
	ck_assert(strncmp(s, "// check_haproxy_stat --discover=icinga2: 4 services", 51) == 0);
	hs_buf_free(&out);
}
END_TEST

START_TEST(test_discover_nagios)
{
	struct hs_discover_conn conn = socket_conn("lb1=/run/lb1.sock");
	struct hs_error err = {0};
	struct hs_buf out;
	const char *s;

	conn.node[1].opt = 'H';
	conn.node[1].arg = "lb2=10.0.0.2:9999";
	conn.nodes = 2;
	ck_assert_msg(write_defs(HS_DISCOVER_NAGIOS, "lb1", &conn, &out, &err) == 0, "%s", err.msg);
	s = hs_buf_str(&out);
	ck_assert_uint_eq(count(s, "define service {"), 4);
	ASSERT_HAS(s, "define service {\n"
		      "    use                     generic-service\n"
		      "    host_name               lb1\n"
		      "    service_description     haproxy backend app\n"
		      "    check_command           check_haproxy_stat_options!"
		      "--socket='lb1=/run/lb1.sock' --hostname='lb2=10.0.0.2:9999' "
		      "--proxy='app'\n}\n");
	ASSERT_HAS(s, "service_description     haproxy listen st.ats\n");
	ASSERT_HAS(s, "--proxy='st[.]ats'\n");
	ck_assert(strncmp(s, "# check_haproxy_stat --discover=nagios: 4 services", 50) == 0);
	hs_buf_free(&out);
}
END_TEST

/* -H nodes for Icinga 2: the hostnames and a port (the CheckCommand
 * passes --hostname only with one); the URL's options carried, the
 * password never.
 */
START_TEST(test_discover_icinga2_tcp_url)
{
	struct hs_discover_conn conn;
	struct hs_error err = {0};
	struct hs_buf out;
	const char *s;

	memset(&conn, 0, sizeof(conn));
	conn.node[0].opt = 'H';
	conn.node[0].arg = "a=[::1]:9999";
	conn.node[1].opt = 'H';
	conn.node[1].arg = "b=127.0.0.1:9998";
	conn.nodes = 2;
	ck_assert_int_eq(write_defs(HS_DISCOVER_ICINGA2, "lb1", &conn, &out, &err), 0);
	s = hs_buf_str(&out);
	ASSERT_HAS(s, "\tvars.haproxy_stat_hostname = [ \"a=[::1]:9999\", \"b=127.0.0.1:9998\" ]\n"
		      "\tvars.haproxy_stat_port = \"9999\"\n");
	hs_buf_free(&out);

	memset(&conn, 0, sizeof(conn));
	conn.node[0].opt = 'U';
	conn.node[0].arg = "https://lb:8404/stats";
	conn.nodes = 1;
	conn.username = "monitor";
	conn.ca_file = "/etc/ca.pem";
	conn.client_cert = "/etc/c.pem";
	conn.client_key = "/etc/c.key";
	conn.insecure = true;
	conn.password_elsewhere = true;
	ck_assert_int_eq(write_defs(HS_DISCOVER_ICINGA2, "lb1", &conn, &out, &err), 0);
	s = hs_buf_str(&out);
	ASSERT_HAS(s, "\tvars.haproxy_stat_url = \"https://lb:8404/stats\"\n");
	ASSERT_HAS(s, "\tvars.haproxy_stat_username = \"monitor\"\n");
	ASSERT_HAS(s, "\tvars.haproxy_stat_ca_file = \"/etc/ca.pem\"\n");
	ASSERT_HAS(s, "\tvars.haproxy_stat_client_key = \"/etc/c.key\"\n");
	ASSERT_HAS(s, "\tvars.haproxy_stat_insecure = true\n");
	ASSERT_HAS(s, "set vars.haproxy_stat_password on the host");
	ASSERT_HASNT(s, "vars.haproxy_stat_password =");
	ASSERT_HASNT(s, "haproxy_stat_socket");
	hs_buf_free(&out);

	/* the password file: its path is carried, there is no comment */
	conn.password_elsewhere = false;
	conn.password_file = "/etc/icinga2/haproxy.pw";
	ck_assert_int_eq(write_defs(HS_DISCOVER_NAGIOS, "lb1", &conn, &out, &err), 0);
	s = hs_buf_str(&out);
	ASSERT_HAS(s, "!--url='https://lb:8404/stats' --username='monitor' "
		      "--password-file='/etc/icinga2/haproxy.pw' --ca-file='/etc/ca.pem' "
		      "--client-cert='/etc/c.pem' --client-key='/etc/c.key' --insecure "
		      "--proxy='app'\n");
	ASSERT_HASNT(s, "password is not written");
	hs_buf_free(&out);
}
END_TEST

/* The master CLI alone: the CheckCommand's default socket is switched off. */
START_TEST(test_discover_icinga2_master_only)
{
	struct hs_discover_conn conn;
	struct hs_error err = {0};
	struct hs_buf out;

	memset(&conn, 0, sizeof(conn));
	conn.master = "/run/m.sock";
	ck_assert_int_eq(write_defs(HS_DISCOVER_ICINGA2, "lb1", &conn, &out, &err), 0);
	ASSERT_HAS(hs_buf_str(&out), "\tvars.haproxy_stat_socket = \"\"\n"
				     "\tvars.haproxy_stat_master_socket = \"/run/m.sock\"\n");
	hs_buf_free(&out);
}
END_TEST

/* Hostile values: escaped where the target has an escape, refused where
 * it has none; never a broken or extended configuration.
 */
START_TEST(test_discover_escaping)
{
	struct hs_discover_conn conn = socket_conn("/tmp/a\"b\\c'd!e;f.sock");
	struct hs_error err = {0};
	struct hs_buf out;
	const char *s;

	/* Icinga 2: backslash and double quote escaped */
	ck_assert_msg(write_defs(HS_DISCOVER_ICINGA2, "lb\"1\\", &conn, &out, &err) == 0, "%s",
		      err.msg);
	s = hs_buf_str(&out);
	ASSERT_HAS(s, "\thost_name = \"lb\\\"1\\\\\"\n");
	ASSERT_HAS(s, "\tvars.haproxy_stat_socket = \"/tmp/a\\\"b\\\\c'd!e;f.sock\"\n");
	hs_buf_free(&out);

	/* Nagios: a quote or a backslash has no safe form in a shell word */
	ck_assert_int_eq(write_defs(HS_DISCOVER_NAGIOS, "lb1", &conn, &out, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ASSERT_HAS(err.msg, "--socket");
	hs_buf_free(&out);

	/* Nagios: '!' and ';' escaped */
	conn = socket_conn("/tmp/a!b;c.sock");
	ck_assert_int_eq(write_defs(HS_DISCOVER_NAGIOS, "lb1", &conn, &out, &err), 0);
	ASSERT_HAS(hs_buf_str(&out), "!--socket='/tmp/a\\!b\\;c.sock' --proxy=");
	hs_buf_free(&out);

	/* '$' (a macro in both) and control bytes: refused in both */
	conn = socket_conn("/tmp/$USER1$.sock");
	ck_assert_int_eq(write_defs(HS_DISCOVER_ICINGA2, "lb1", &conn, &out, &err), -1);
	ASSERT_HAS(err.msg, "'$'");
	hs_buf_free(&out);
	ck_assert_int_eq(write_defs(HS_DISCOVER_NAGIOS, "lb1", &conn, &out, &err), -1);
	hs_buf_free(&out);
	conn = socket_conn("/tmp/a.sock");
	conn.timeout = "5\n}\nobject Host \"evil\" {";
	ck_assert_int_eq(write_defs(HS_DISCOVER_ICINGA2, "lb1", &conn, &out, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ASSERT_HAS(err.msg, "--timeout");
	ASSERT_HASNT(err.msg, "\n");
	hs_buf_free(&out);

	/* host names: a newline, and for Nagios ';' or an illegal character */
	conn = socket_conn("/tmp/a.sock");
	ck_assert_int_eq(write_defs(HS_DISCOVER_ICINGA2, "lb1\n}", &conn, &out, &err), -1);
	hs_buf_free(&out);
	ck_assert_int_eq(write_defs(HS_DISCOVER_ICINGA2, "lb!1", &conn, &out, &err), -1);
	hs_buf_free(&out);
	ck_assert_int_eq(write_defs(HS_DISCOVER_NAGIOS, "lb1;x", &conn, &out, &err), -1);
	hs_buf_free(&out);
	ck_assert_int_eq(write_defs(HS_DISCOVER_NAGIOS, "lb(1)", &conn, &out, &err), -1);
	hs_buf_free(&out);
	ck_assert_int_eq(write_defs(HS_DISCOVER_NAGIOS, "", &conn, &out, &err), -1);
	hs_buf_free(&out);
}
END_TEST

/* Icinga 2's CheckCommand takes one kind of node; Nagios any mix. */
START_TEST(test_discover_mixed_nodes)
{
	struct hs_discover_conn conn = socket_conn("a=/run/a.sock");
	struct hs_error err = {0};
	struct hs_buf out;

	conn.node[1].opt = 'U';
	conn.node[1].arg = "b=http://lb:8404/stats";
	conn.nodes = 2;
	ck_assert_int_eq(write_defs(HS_DISCOVER_ICINGA2, "lb1", &conn, &out, &err), -1);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ASSERT_HAS(err.msg, "one kind");
	hs_buf_free(&out);
	ck_assert_int_eq(write_defs(HS_DISCOVER_NAGIOS, "lb1", &conn, &out, &err), 0);
	ASSERT_HAS(hs_buf_str(&out), "!--socket='a=/run/a.sock' --url='b=http://lb:8404/stats' ");
	hs_buf_free(&out);
}
END_TEST

Suite *
make_discover_suite(void)
{
	Suite *s = suite_create("discover");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_discover_target_parse);
	tcase_add_test(tc, test_discover_pattern_exact);
	tcase_add_test(tc, test_discover_inventory_merge);
	tcase_add_test(tc, test_discover_icinga2);
	tcase_add_test(tc, test_discover_nagios);
	tcase_add_test(tc, test_discover_icinga2_tcp_url);
	tcase_add_test(tc, test_discover_icinga2_master_only);
	tcase_add_test(tc, test_discover_escaping);
	tcase_add_test(tc, test_discover_mixed_nodes);
	suite_add_tcase(s, tc);
	return s;
}
