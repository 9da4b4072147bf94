/* test_options.c: the plugin's command line (hs_options.h). */
#include <check.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include <stdlib.h>
#include <unistd.h>

#include "hs_http.h"
#include "hs_options.h"
#include "suites.h"

/* One parse: the configuration, the plugin settings, the error and the
 * return codes of hs_options_parse and (when it succeeded) hs_options_finish.
 */
struct parsed {
	struct hs_check_config cfg;
	struct hs_options opts;
	struct hs_error err;
	int parse_rc;
	int finish_rc; /* -2 when finish was not called */
};

/* Parses the NULL-terminated option words after <p> as the plugin does;
 * calls hs_options_finish when parsing succeeded and the action is RUN.
 */
static void
parse(struct parsed *p, ...)
{
	static char *argv[32];
	const char *word;
	int argc = 0;
	va_list ap;

	memset(p, 0, sizeof(*p));
	hs_check_config_init(&p->cfg);
	argv[argc++] = (char *)"check_haproxy_stat";
	va_start(ap, p);
	while ((word = va_arg(ap, const char *)) != NULL) {
		ck_assert_int_lt(argc, 30);
		argv[argc++] = (char *)word;
	}
	va_end(ap);
	argv[argc] = NULL;
	p->parse_rc = hs_options_parse(argc, argv, &p->cfg, &p->opts, &p->err);
	p->finish_rc = -2;
	if (p->parse_rc == 0 && p->opts.action == HS_OPTIONS_RUN)
		p->finish_rc = hs_options_finish(&p->cfg, &p->opts, &p->err);
}

/* Asserts that the last parse failed with USAGE and a message holding
 * <needle>.
 */
static void
assert_usage(const struct parsed *p, const char *needle)
{
	ck_assert_msg(p->parse_rc == -1 || p->finish_rc == -1, "accepted; wanted '%s'", needle);
	ck_assert_int_eq(p->err.code, HS_ERR_USAGE);
	ck_assert_msg(strstr(p->err.msg, needle) != NULL, "'%s' lacks '%s'", p->err.msg, needle);
}

static void
assert_ok(const struct parsed *p)
{
	ck_assert_msg(p->parse_rc == 0 && p->finish_rc == 0, "refused: %s", p->err.msg);
}

static void
done(struct parsed *p)
{
	hs_check_config_free(&p->cfg);
}

START_TEST(test_defaults)
{
	struct parsed p;

	parse(&p, "--input", "dump.csv", NULL);
	assert_ok(&p);
	ck_assert_int_eq(p.cfg.endpoint.kind, HS_EP_FILE);
	ck_assert_str_eq(p.cfg.endpoint.path, "dump.csv");
	ck_assert_uint_eq(p.cfg.timeout, 10);
	ck_assert_int_eq(p.opts.timeout_state, HS_STATE_CRITICAL);
	ck_assert_int_eq(p.cfg.perf, HS_PERF_PROXIES);
	ck_assert_int_eq(p.cfg.verbosity, 0);
	ck_assert(!p.cfg.list);
	done(&p);
}
END_TEST

START_TEST(test_endpoints)
{
	struct parsed p;

	parse(&p, "-S", "/run/x.sock", NULL);
	assert_ok(&p);
	ck_assert_int_eq(p.cfg.endpoint.kind, HS_EP_UNIX);
	ck_assert_str_eq(p.cfg.endpoint.path, "/run/x.sock");
	done(&p);
	parse(&p, "--hostname=::1", "--port=9999", NULL);
	assert_ok(&p);
	ck_assert_int_eq(p.cfg.endpoint.kind, HS_EP_TCP);
	ck_assert_str_eq(p.cfg.endpoint.host, "::1");
	ck_assert_str_eq(p.cfg.endpoint.port, "9999");
	done(&p);
	/* -S and -H together: two nodes, named by their addresses */
	parse(&p, "-S", "/x", "-H", "127.0.0.1", "-p", "1", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.nodes, 2);
	ck_assert_str_eq(p.cfg.node[0].name, "/x");
	ck_assert_int_eq(p.cfg.node[0].ep.kind, HS_EP_UNIX);
	ck_assert_str_eq(p.cfg.node[1].name, "127.0.0.1:1");
	ck_assert_int_eq(p.cfg.node[1].ep.kind, HS_EP_TCP);
	done(&p);
	parse(&p, "-S", "/x", "-S", "/y", "--input", "-", NULL);
	assert_usage(&p, "give only one of -S, -H, --url and --input");
	done(&p);
	parse(&p, "-S", "/x", "--input", "-", NULL);
	assert_usage(&p, "give only one of");
	done(&p);
	parse(&p, "-H", "127.0.0.1", NULL);
	assert_usage(&p, "-H needs -p");
	done(&p);
	parse(&p, "-p", "9999", "--input", "-", NULL);
	assert_usage(&p, "-p needs -H");
	done(&p);
}
END_TEST

/* --url and its credentials: the password from --password (an --extra-opts
 * file), --password-file or the environment, never quoted.
 */
START_TEST(test_url)
{
	char path[] = "/tmp/hs-test-optpw-XXXXXX";
	int fd = mkstemp(path);
	struct parsed p;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "fromfile\n", 9), 9);
	close(fd);
	chmod(path, 0600);
	unsetenv(HS_HTTP_PASSWORD_ENV);

	parse(&p, "--url", "http://127.0.0.1:8404/stats", NULL);
	assert_ok(&p);
	ck_assert_int_eq(p.cfg.endpoint.kind, HS_EP_HTTP);
	ck_assert_ptr_eq(p.cfg.endpoint.http, &p.cfg.http);
	ck_assert_str_eq(p.cfg.http.url, "http://127.0.0.1:8404/stats");
	ck_assert_ptr_null(p.cfg.http.username);
	done(&p);

	parse(&p, "--url", "http://lb/stats", "--username", "mon", "--password-file", path, NULL);
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.http.username, "mon");
	ck_assert_str_eq(p.cfg.http.password, "fromfile");
	done(&p);

	parse(&p, "--url", "http://lb/stats", "--username", "mon", "--password", "fromini", NULL);
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.http.password, "fromini");
	done(&p);

	setenv(HS_HTTP_PASSWORD_ENV, "fromenv", 1);
	parse(&p, "--url", "http://lb/stats", "--username", "mon", NULL);
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.http.password, "fromenv");
	done(&p);
	/* a file or an ini password wins over the environment */
	parse(&p, "--url", "http://lb/stats", "--username", "mon", "--password-file", path, NULL);
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.http.password, "fromfile");
	done(&p);
	unsetenv(HS_HTTP_PASSWORD_ENV);

	parse(&p, "--url", "http://lb/stats", "--username", "mon", NULL);
	assert_usage(&p, "--username needs a password");
	done(&p);
	parse(&p, "--url", "http://lb/stats", "--password-file", path, NULL);
	assert_usage(&p, "no --username");
	done(&p);
	parse(&p, "--url", "http://lb/stats", "--username", "mon", "--password", "x",
	      "--password-file", path, NULL);
	assert_usage(&p, "give the password once");
	ck_assert_ptr_null(strstr(p.err.msg, "fromfile"));
	done(&p);
	parse(&p, "--url", "http://lb/stats", "--insecure", NULL);
	assert_usage(&p, "apply to https:// URLs only");
	done(&p);
	parse(&p, "--url", "https://lb/stats", "--client-key", "k.pem", NULL);
	assert_usage(&p, "--client-key needs --client-cert");
	done(&p);
	parse(&p, "--url", "https://lb/stats", "--insecure", "--ca-file", "ca.pem", NULL);
	assert_ok(&p);
	ck_assert(p.cfg.http.insecure);
	ck_assert_str_eq(p.cfg.http.ca_file, "ca.pem");
	done(&p);
	parse(&p, "-S", "/x.sock", "--username", "mon", NULL);
	assert_usage(&p, "need --url");
	done(&p);
	/* --url is a node like -S and -H: each one a node of a cluster */
	parse(&p, "-S", "/x.sock", "--url", "http://lb/stats", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.nodes, 2);
	ck_assert_int_eq(p.cfg.node[0].ep.kind, HS_EP_UNIX);
	ck_assert_int_eq(p.cfg.node[1].ep.kind, HS_EP_HTTP);
	ck_assert_ptr_eq(p.cfg.node[1].ep.http, &p.cfg.node[1].http);
	ck_assert_str_eq(p.cfg.node[1].http.url, "http://lb/stats");
	done(&p);
	parse(&p, "--url", "lb1=http://lb/stats", "--url", "lb2=https://lb2/stats", "--username",
	      "mon", "--password-file", path, NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.nodes, 2);
	ck_assert_str_eq(p.cfg.node[0].name, "lb1");
	ck_assert_str_eq(p.cfg.node[1].name, "lb2");
	ck_assert_str_eq(p.cfg.node[1].http.url, "https://lb2/stats");
	ck_assert_str_eq(p.cfg.node[1].http.username, "mon");
	ck_assert_str_eq(p.cfg.node[1].http.password, "fromfile");
	done(&p);
	parse(&p, "--url", "http://lb/stats", "--url", "http://u:p@lb2/stats", NULL);
	assert_usage(&p, "must not hold credentials");
	done(&p);
	parse(&p, "--url", "http://lb/stats", "--master-socket", "/m.sock", NULL);
	assert_usage(&p, "not --url");
	done(&p);
	parse(&p, "--url", "http://u:p@lb/stats", NULL);
	assert_usage(&p, "must not hold credentials");
	done(&p);
	unlink(path);
}
END_TEST

/* A second -S, -H, -p or --input used to win silently. */
START_TEST(test_repeated_endpoint)
{
	struct parsed p;

	/* -S and -H are repeatable (each a node), but not the same node twice */
	parse(&p, "-S", "/a.sock", "-S", "/b.sock", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.nodes, 2);
	done(&p);
	parse(&p, "--socket=/a.sock", "-S", "/a.sock", NULL);
	assert_usage(&p, "node '/a.sock' given twice");
	done(&p);
	parse(&p, "-H", "a", "-p", "1", "-H", "a", NULL);
	assert_usage(&p, "node 'a:1' given twice");
	done(&p);
	parse(&p, "-H", "a", "-p", "1", "-H", "b", NULL);
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.node[1].ep.host, "b");
	ck_assert_str_eq(p.cfg.node[1].ep.port, "1");
	done(&p);
	parse(&p, "-H", "a", "-p", "1", "--port", "2", NULL);
	assert_usage(&p, "-p (--port) given twice");
	done(&p);
	parse(&p, "--input", "a", "--input=b", NULL);
	assert_usage(&p, "--input given twice");
	done(&p);
	/* repeatable options stay repeatable */
	parse(&p, "--input", "a", "--proxy", "x", "--proxy", "y", "-w", "1", "-c", "2", "--policy",
	      "server.maint=warning", "--policy", "server.drain=warning", NULL);
	assert_ok(&p);
	done(&p);
}
END_TEST

START_TEST(test_port_values)
{
	static const char *const bad[] = {"0",   "65536", "70000", "abc", "",
					  " 80", "+80",   "-1",    "80x", "99999999999999999999"};
	struct parsed p;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(&p, "-H", "127.0.0.1", "-p", bad[i], NULL);
		assert_usage(&p, "is not a port number (1-65535)");
		done(&p);
	}
	parse(&p, "-H", "127.0.0.1", "-p", "65535", NULL);
	assert_ok(&p);
	done(&p);
}
END_TEST

START_TEST(test_timeout)
{
	struct parsed p;

	parse(&p, "--input", "-", "-t", "5", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.timeout, 5);
	ck_assert_int_eq(p.opts.timeout_state, HS_STATE_CRITICAL);
	done(&p);
	parse(&p, "--input", "-", "--timeout=7:unknown", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.timeout, 7);
	ck_assert_int_eq(p.opts.timeout_state, HS_STATE_UNKNOWN);
	done(&p);
	parse(&p, "--input", "-", "-t", "86400:WARNING", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.timeout, 86400);
	ck_assert_int_eq(p.opts.timeout_state, HS_STATE_WARNING);
	done(&p);
	parse(&p, "--input", "-", "-t", "3:0", NULL);
	assert_ok(&p);
	ck_assert_int_eq(p.opts.timeout_state, HS_STATE_OK);
	done(&p);

	parse(&p, "--input", "-", "-t", "0", NULL);
	assert_usage(&p, "-t '0': SECONDS must be a whole number from 1 to 86400");
	done(&p);
	parse(&p, "--input", "-", "-t", "86401", NULL);
	assert_usage(&p, "SECONDS must be");
	done(&p);
	parse(&p, "--input", "-", "-t", "abc", NULL);
	assert_usage(&p, "SECONDS must be");
	done(&p);
	parse(&p, "--input", "-", "-t", "5s", NULL);
	assert_usage(&p, "SECONDS must be");
	done(&p);
	parse(&p, "--input", "-", "-t", ":ok", NULL);
	assert_usage(&p, "-t ':ok' is not SECONDS[:STATE]");
	done(&p);
	parse(&p, "--input", "-", "-t", "5:maybe", NULL);
	assert_usage(&p, "-t '5:maybe': STATE must be ok, warning, critical or unknown");
	done(&p);
	parse(&p, "--input", "-", "-t", "5:", NULL);
	assert_usage(&p, "STATE must be");
	done(&p);
}
END_TEST

START_TEST(test_values)
{
	struct parsed p;

	parse(&p, "--input", "-", "--perfdata", "servers", "--perfdata-max-bytes=1024", "--list",
	      "-vvv", "--expect", "app/s1", NULL);
	assert_ok(&p);
	ck_assert_int_eq(p.cfg.perf, HS_PERF_SERVERS);
	ck_assert_uint_eq(p.cfg.perf_max_bytes, 1024);
	ck_assert(p.cfg.list);
	ck_assert_int_eq(p.cfg.verbosity, 3);
	done(&p);
	parse(&p, "--input", "-", "--perfdata=all", NULL);
	assert_usage(&p, "--perfdata 'all': give none, summary, proxies or servers");
	done(&p);
	parse(&p, "--input", "-", "--perfdata-max-bytes=0", NULL);
	assert_usage(&p, "--perfdata-max-bytes '0' is not a number of bytes");
	done(&p);
	parse(&p, "--input", "-", "--perfdata-max-bytes=262145", NULL);
	assert_usage(&p, "is not a number of bytes from 1 to 262144");
	done(&p);
	/* the whole output's budget: 8 KiB unless given; 0 is no limit */
	parse(&p, "--input", "-", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.output_max_bytes, 8192);
	ck_assert(!p.cfg.output_max_set);
	done(&p);
	parse(&p, "--input", "-", "--output-max-bytes=1024", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.output_max_bytes, 1024);
	ck_assert(p.cfg.output_max_set);
	done(&p);
	parse(&p, "--input", "-", "--output-max-bytes=0", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.output_max_bytes, 0);
	done(&p);
	parse(&p, "--input", "-", "--output-max-bytes=100", NULL);
	assert_usage(&p, "--output-max-bytes 100 is too small");
	done(&p);
	parse(&p, "--input", "-", "--output-max-bytes=8k", NULL);
	assert_usage(&p, "--output-max-bytes '8k' is not 0 (no limit) or a number");
	done(&p);
	parse(&p, "--input", "-", "-w", "abc", NULL);
	assert_usage(&p, "-w 'abc': 'abc' is not a valid range");
	done(&p);
	parse(&p, "--input", "-", "-c", "20:10", NULL);
	assert_usage(&p, "'20:10' is not a valid range");
	done(&p);
	parse(&p, "--input", "-", "--policy", "server.maint", NULL);
	assert_usage(&p, "is not KEY=STATE");
	done(&p);
	parse(&p, "--input", "-", "--proxy", "(", NULL);
	assert_usage(&p, "is not a valid regular expression");
	done(&p);
}
END_TEST

START_TEST(test_syntax)
{
	struct parsed p;

	parse(&p, "--bogus", NULL);
	assert_usage(&p, "unknown option --bogus");
	done(&p);
	parse(&p, "-x", NULL);
	assert_usage(&p, "unknown option -x");
	done(&p);
	parse(&p, "-w", NULL);
	assert_usage(&p, "option -w needs a value");
	done(&p);
	parse(&p, "--input", "-", "extra", NULL);
	assert_usage(&p, "unexpected argument 'extra' (options only)");
	done(&p);
	/* help and version stop the parse, whatever follows */
	parse(&p, "-v", "-h", "--bogus", NULL);
	ck_assert_int_eq(p.parse_rc, 0);
	ck_assert_int_eq(p.opts.action, HS_OPTIONS_HELP);
	done(&p);
	parse(&p, "--version", "-t", "0", NULL);
	ck_assert_int_eq(p.parse_rc, 0);
	ck_assert_int_eq(p.opts.action, HS_OPTIONS_VERSION);
	done(&p);
	/* what comes before them is still checked */
	parse(&p, "-t", "0", "-h", NULL);
	assert_usage(&p, "-t '0'");
	done(&p);
}
END_TEST

/* getopt keeps state between calls: a parse that stopped in the middle of
 * "-vhv" must not leak into the next one.
 */
/* Several nodes: NAME=ADDRESS, HOST:PORT, the limits. */
START_TEST(test_nodes)
{
	char *many[2 * HS_NODES_MAX + 4];
	char names[HS_NODES_MAX + 1][24];
	struct parsed p;
	int i;

	parse(&p, "-S", "lb1=/run/a.sock", "-H", "lb2=10.0.0.2:9999", "-H", "lb3=[::1]:8", "-H",
	      "x.example", "-p", "7", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.nodes, 4);
	ck_assert_str_eq(p.cfg.node[0].name, "lb1");
	ck_assert_str_eq(p.cfg.node[0].ep.path, "/run/a.sock");
	ck_assert_str_eq(p.cfg.node[1].name, "lb2");
	ck_assert_str_eq(p.cfg.node[1].ep.host, "10.0.0.2");
	ck_assert_str_eq(p.cfg.node[1].ep.port, "9999");
	ck_assert_str_eq(p.cfg.node[2].ep.host, "[::1]");
	ck_assert_str_eq(p.cfg.node[2].ep.port, "8");
	ck_assert_str_eq(p.cfg.node[3].name, "x.example:7");
	done(&p);
	/* a path with '=' after a '/' is a path; a name is checked */
	parse(&p, "-S", "/run/a=b.sock", "-S", "./c=d", NULL);
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.node[0].name, "/run/a=b.sock");
	ck_assert_str_eq(p.cfg.node[1].name, "./c=d");
	done(&p);
	parse(&p, "-S", "=/a", "-S", "/b", NULL);
	assert_usage(&p, "a node name (before '=')");
	done(&p);
	parse(&p, "-S", "lb1=", "-S", "/b", NULL);
	assert_usage(&p, "no address after the node name");
	done(&p);
	parse(&p, "-S", "lb1=/a", "-S", "lb1=/b", NULL);
	assert_usage(&p, "node 'lb1' given twice");
	done(&p);
	parse(&p, "-S", "/a", "-H", "10.0.0.2", NULL);
	assert_usage(&p, "-H '10.0.0.2' needs a port");
	done(&p);
	parse(&p, "-S", "/a", "-H", "10.0.0.2:99999", NULL);
	assert_usage(&p, "is not a port number");
	done(&p);
	/* one named node: the name is accepted, the address used */
	parse(&p, "-S", "lb1=/run/a.sock", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.nodes, 0);
	ck_assert_str_eq(p.cfg.endpoint.path, "/run/a.sock");
	done(&p);
	parse(&p, "-H", "127.0.0.1:8888", "-p", "1", NULL); /* its own port wins */
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.endpoint.host, "127.0.0.1");
	ck_assert_str_eq(p.cfg.endpoint.port, "8888");
	done(&p);
	parse(&p, "-H", "lb1=127.0.0.1:9999", NULL);
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.endpoint.host, "127.0.0.1");
	ck_assert_str_eq(p.cfg.endpoint.port, "9999");
	done(&p);
	/* at most HS_NODES_MAX */
	for (i = 0; i <= HS_NODES_MAX; i++) {
		snprintf(names[i], sizeof(names[i]), "/n%d", i);
		many[2 * i] = "-S";
		many[2 * i + 1] = names[i];
	}
	many[2 * i] = NULL;
	hs_check_config_init(&p.cfg);
	{
		char *argv[2 * HS_NODES_MAX + 5] = {"check_haproxy_stat"};
		struct hs_error err = {0};
		struct hs_options opts;

		memcpy(argv + 1, many, (2 * HS_NODES_MAX + 3) * sizeof(char *));
		ck_assert_int_eq(hs_options_parse(2 * HS_NODES_MAX + 3, argv, &p.cfg, &opts, &err),
				 -1);
		ck_assert_ptr_nonnull(strstr(err.msg, "more than 16 nodes"));
	}
	hs_check_config_free(&p.cfg);
}
END_TEST

/* --master-socket: alone it is the stats path too; with several nodes no. */
START_TEST(test_master_socket)
{
	struct parsed p;

	parse(&p, "--master-socket", "/run/m.sock", NULL);
	assert_ok(&p);
	ck_assert_int_eq(p.cfg.endpoint.kind, HS_EP_MASTER);
	ck_assert_str_eq(p.cfg.endpoint.path, "/run/m.sock");
	ck_assert_str_eq(p.cfg.master, "/run/m.sock");
	done(&p);
	parse(&p, "--master-socket", "/run/m.sock", "-S", "/run/a.sock", "-w", "old_workers=0",
	      NULL);
	assert_ok(&p);
	ck_assert_int_eq(p.cfg.endpoint.kind, HS_EP_UNIX);
	ck_assert_str_eq(p.cfg.master, "/run/m.sock");
	done(&p);
	parse(&p, "--master-socket", "/m", "-S", "/a", "-S", "/b", NULL);
	assert_usage(&p, "--master-socket goes with one node");
	done(&p);
	parse(&p, "--master-socket", "/m", "--input", "-", NULL);
	assert_usage(&p, "give only one of");
	done(&p);
	parse(&p, "-S", "/a", "-w", "old_workers=0", NULL);
	assert_usage(&p, "'old_workers' is read from the master CLI");
	done(&p);
	parse(&p, "--master-socket", "/m", "--master-socket", "/n", NULL);
	assert_usage(&p, "--master-socket given twice");
	done(&p);
	parse(&p, "--master-socket", "/m", "-c", "old_workers@app=0", NULL);
	assert_usage(&p, "cannot name a proxy");
	done(&p);
}
END_TEST

START_TEST(test_reparse)
{
	struct parsed p;

	parse(&p, "-vhv", NULL);
	ck_assert_int_eq(p.opts.action, HS_OPTIONS_HELP);
	done(&p);
	parse(&p, "--input", "-", NULL);
	assert_ok(&p);
	ck_assert_int_eq(p.cfg.verbosity, 0);
	done(&p);
	parse(&p, "-S", "/a", NULL);
	assert_ok(&p);
	done(&p);
	parse(&p, "-S", "/b", NULL);
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.endpoint.path, "/b");
	done(&p);
}
END_TEST

START_TEST(test_no_default_socket)
{
	struct stat sb;
	struct parsed p;
	size_t i;

	for (i = 0; hs_default_sockets[i] != NULL; i++) {
		if (stat(hs_default_sockets[i], &sb) == 0)
			return; /* this machine has one: nothing to test */
	}
	parse(&p, NULL);
	ck_assert_int_eq(p.finish_rc, -1);
	ck_assert_int_eq(p.err.code, HS_ERR_NOENT);
	ck_assert_ptr_nonnull(strstr(p.err.msg, "no stats socket at /run/haproxy/admin.sock"));
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &p.err), HS_STATE_UNKNOWN);
	done(&p);
	parse(&p, "--policy", "haproxy.missing=critical", NULL);
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &p.err), HS_STATE_CRITICAL);
	done(&p);
}
END_TEST

/* Which state each way of failing to reach HAProxy exits with. */
START_TEST(test_error_state)
{
	struct parsed p;
	struct hs_error e = {0};

	parse(&p, "-S", "/x.sock", "-t", "5:warning", NULL);
	assert_ok(&p);
	e.code = HS_ERR_TIMEOUT;
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &e), HS_STATE_WARNING);
	e.code = HS_ERR_REFUSED;
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &e), HS_STATE_CRITICAL);
	e.code = HS_ERR_NOENT;
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &e), HS_STATE_UNKNOWN);
	e.code = HS_ERR_ACCESS;
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &e), HS_STATE_UNKNOWN);
	e.code = HS_ERR_TRUNCATED;
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &e), HS_STATE_UNKNOWN);
	done(&p);

	parse(&p, "-S", "/x.sock", "--policy", "haproxy.refused=unknown", "--policy",
	      "haproxy.missing=critical", NULL);
	assert_ok(&p);
	e.code = HS_ERR_TIMEOUT;
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &e), HS_STATE_CRITICAL);
	e.code = HS_ERR_REFUSED;
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &e), HS_STATE_UNKNOWN);
	e.code = HS_ERR_NOENT;
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &e), HS_STATE_CRITICAL);
	done(&p);

	/* TCP refusal: same policy line */
	parse(&p, "-H", "127.0.0.1", "-p", "1", NULL);
	e.code = HS_ERR_REFUSED;
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &e), HS_STATE_CRITICAL);
	done(&p);

	/* a missing --input file is a wrong path, never "HAProxy down" */
	parse(&p, "--input", "/nonexistent.csv", "--policy", "haproxy.missing=critical", NULL);
	e.code = HS_ERR_NOENT;
	ck_assert_int_eq(hs_options_error_state(&p.cfg, &p.opts, &e), HS_STATE_UNKNOWN);
	done(&p);
}
END_TEST

/* --discover: its target, its host, the check options it refuses, and the
 * connection it carries.
 */
START_TEST(test_discover_options)
{
	struct hs_discover_conn conn;
	struct parsed p;

	parse(&p, "-S", "a=/run/a.sock", "-H", "b=10.0.0.2:9999", "--discover=nagios",
	      "--discover-host", "lb1", "-t", "5:unknown", "--exclude-proxy", "stats", NULL);
	assert_ok(&p);
	ck_assert_int_eq(p.opts.discover, HS_DISCOVER_NAGIOS);
	ck_assert_str_eq(p.opts.discover_host, "lb1");
	hs_options_discover_conn(&p.opts, &p.cfg, &conn);
	ck_assert_uint_eq(conn.nodes, 2);
	ck_assert_int_eq(conn.node[0].opt, 'S');
	ck_assert_str_eq(conn.node[0].arg, "a=/run/a.sock");
	ck_assert_int_eq(conn.node[1].opt, 'H');
	ck_assert_str_eq(conn.node[1].arg, "b=10.0.0.2:9999");
	ck_assert_str_eq(conn.timeout, "5:unknown");
	ck_assert(!conn.password_elsewhere);
	done(&p);

	parse(&p, "--input", "dump.csv", "--discover=icinga2", NULL);
	assert_ok(&p);
	hs_options_discover_conn(&p.opts, &p.cfg, &conn);
	ck_assert_uint_eq(conn.nodes, 0);
	ck_assert(strcmp(conn.input, "dump.csv") == 0 ||
		  (conn.input[0] == '/' && strstr(conn.input, "/dump.csv") != NULL));
	done(&p);

	parse(&p, "-S", "/run/a.sock", "--discover=icinga", NULL);
	assert_usage(&p, "--discover 'icinga': give icinga2 or nagios");
	done(&p);
	parse(&p, "-S", "/run/a.sock", "--discover=nagios", "--discover=icinga2", NULL);
	assert_usage(&p, "--discover given twice");
	done(&p);
	parse(&p, "-S", "/run/a.sock", "--discover-host", "lb1", NULL);
	assert_usage(&p, "--discover-host goes with --discover");
	done(&p);
	parse(&p, "-S", "/run/a.sock", "-c", "up=1:", "--discover=nagios", NULL);
	assert_usage(&p, "--critical is for a check");
	done(&p);
	parse(&p, "-S", "/run/a.sock", "--discover=nagios", "--policy", "server.maint=ok", NULL);
	assert_usage(&p, "--policy is for a check");
	done(&p);
	parse(&p, "-S", "/run/a.sock", "--discover=nagios", "--list", NULL);
	assert_usage(&p, "--list is for a check");
	done(&p);
	/* without --discover, the same options are a check's */
	parse(&p, "-S", "/run/a.sock", "-c", "up=1:", "--list", NULL);
	assert_ok(&p);
	done(&p);
}
END_TEST

/* Relative paths are written absolute: a monitoring daemon runs the check
 * in another working directory.
 */
START_TEST(test_discover_absolute_paths)
{
	struct hs_discover_conn conn;
	struct parsed p;
	char cwd[4096], want[4200];

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	parse(&p, "-S", "lb=./rel.sock", "-S", "sub/b.sock", "--discover=nagios", NULL);
	assert_ok(&p);
	hs_options_discover_conn(&p.opts, &p.cfg, &conn);
	snprintf(want, sizeof(want), "lb=%s/rel.sock", strcmp(cwd, "/") == 0 ? "" : cwd);
	ck_assert_str_eq(conn.node[0].arg, want);
	snprintf(want, sizeof(want), "%s/sub/b.sock", strcmp(cwd, "/") == 0 ? "" : cwd);
	ck_assert_str_eq(conn.node[1].arg, want);
	done(&p);
	parse(&p, "--master-socket", "/abs/m.sock", "--discover=nagios", NULL);
	assert_ok(&p);
	hs_options_discover_conn(&p.opts, &p.cfg, &conn);
	ck_assert_str_eq(conn.master, "/abs/m.sock");
	done(&p);
	parse(&p, "--input", "-", "--discover=nagios", NULL);
	assert_ok(&p);
	hs_options_discover_conn(&p.opts, &p.cfg, &conn);
	ck_assert_str_eq(conn.input, "-");
	done(&p);
}
END_TEST

/* A password from an --extra-opts file is not carried: a comment says so. */
START_TEST(test_discover_password_elsewhere)
{
	struct hs_discover_conn conn;
	struct parsed p;

	parse(&p, "--url", "http://lb:8404/stats", "--username", "monitor", "--password", "pw",
	      "--discover=icinga2", NULL);
	assert_ok(&p);
	hs_options_discover_conn(&p.opts, &p.cfg, &conn);
	ck_assert(conn.password_elsewhere);
	ck_assert_ptr_null(conn.password_file);
	ck_assert_str_eq(conn.username, "monitor");
	done(&p);
}
END_TEST

Suite *
make_options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_endpoints);
	tcase_add_test(tc, test_url);
	tcase_add_test(tc, test_repeated_endpoint);
	tcase_add_test(tc, test_nodes);
	tcase_add_test(tc, test_master_socket);
	tcase_add_test(tc, test_port_values);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_syntax);
	tcase_add_test(tc, test_reparse);
	tcase_add_test(tc, test_no_default_socket);
	tcase_add_test(tc, test_error_state);
	tcase_add_test(tc, test_discover_options);
	tcase_add_test(tc, test_discover_password_elsewhere);
	tcase_add_test(tc, test_discover_absolute_paths);
	suite_add_tcase(s, tc);
	return s;
}
