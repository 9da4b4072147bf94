/* test_options.c: the plugin's command line (hs_options.h). */
#include <check.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include <stdlib.h>
#include <unistd.h>

#include "fixture.h"
#include "hs_check.h"
#include "hs_http.h"
#include "hs_ini.h"
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
	/* --input is the one node */
	ck_assert_uint_eq(p.cfg.nodes, 1);
	ck_assert_int_eq(p.cfg.node[0].ep.kind, HS_EP_FILE);
	ck_assert_str_eq(p.cfg.node[0].ep.path, "dump.csv");
	ck_assert_str_eq(p.cfg.node[0].desc, "dump.csv");
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
	/* one node is a list of one, described once for every message */
	ck_assert_uint_eq(p.cfg.nodes, 1);
	ck_assert_int_eq(p.cfg.node[0].ep.kind, HS_EP_UNIX);
	ck_assert_str_eq(p.cfg.node[0].ep.path, "/run/x.sock");
	ck_assert_str_eq(p.cfg.node[0].desc, "/run/x.sock");
	done(&p);
	parse(&p, "--hostname=::1", "--port=9999", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.nodes, 1);
	ck_assert_int_eq(p.cfg.node[0].ep.kind, HS_EP_TCP);
	ck_assert_str_eq(p.cfg.node[0].ep.host, "::1");
	ck_assert_str_eq(p.cfg.node[0].ep.port, "9999");
	ck_assert_str_eq(p.cfg.node[0].desc, "[::1]:9999");
	done(&p);
	/* HOST:PORT wins over -p; a NAME= names the node, not its description */
	parse(&p, "-H", "lb1=10.0.0.1:8000", "-p", "9999", NULL);
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.node[0].name, "lb1");
	ck_assert_str_eq(p.cfg.node[0].desc, "10.0.0.1:8000");
	done(&p);
	/* a --master-socket alone: the current worker's stats through it */
	parse(&p, "--master-socket", "/run/m.sock", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.nodes, 1);
	ck_assert_int_eq(p.cfg.node[0].ep.kind, HS_EP_MASTER);
	ck_assert_str_eq(p.cfg.node[0].desc, "/run/m.sock (master CLI, current worker)");
	ck_assert_str_eq(p.cfg.master, "/run/m.sock");
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
	/* one -H is parsed as any node: an empty host is refused here, not
	 * left to the resolver ("cannot resolve :") */
	parse(&p, "-H", "", "-p", "9999", NULL);
	assert_usage(&p, "-H '': no host, or too long");
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
	ck_assert_uint_eq(p.cfg.nodes, 1);
	ck_assert_int_eq(p.cfg.node[0].ep.kind, HS_EP_HTTP);
	ck_assert_ptr_eq(p.cfg.node[0].ep.http, &p.cfg.node[0].http);
	ck_assert_str_eq(p.cfg.node[0].http.url, "http://127.0.0.1:8404/stats");
	ck_assert_str_eq(p.cfg.node[0].desc, "http://127.0.0.1:8404/stats");
	ck_assert_ptr_null(p.cfg.http.username);
	done(&p);

	parse(&p, "--url", "http://lb/stats", "--username", "mon", "--password-file", path, NULL);
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.http.username, "mon");
	ck_assert_str_eq(p.cfg.http.password, "fromfile");
	/* the one page node carries the credentials; cfg->http owns them */
	ck_assert_str_eq(p.cfg.node[0].http.username, "mon");
	ck_assert_ptr_eq(p.cfg.node[0].http.password, p.cfg.http.password);
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
	/* every node's messages name its own option, --url too */
	parse(&p, "-S", "/a", "--url", "=http://lb/stats", NULL);
	assert_usage(&p, "--url '=http://lb/stats': a node name");
	done(&p);
	parse(&p, "-S", "/a", "-S", "b=/b", "--url", "c=", NULL);
	assert_usage(&p, "--url 'c=': no address after the node name");
	done(&p);
	/* one named node: the name is accepted, the address used */
	parse(&p, "-S", "lb1=/run/a.sock", NULL);
	assert_ok(&p);
	ck_assert_uint_eq(p.cfg.nodes, 1);
	ck_assert_str_eq(p.cfg.node[0].name, "lb1");
	ck_assert_str_eq(p.cfg.node[0].ep.path, "/run/a.sock");
	ck_assert_str_eq(p.cfg.node[0].desc, "/run/a.sock");
	done(&p);
	parse(&p, "-H", "127.0.0.1:8888", "-p", "1", NULL); /* its own port wins */
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.node[0].ep.host, "127.0.0.1");
	ck_assert_str_eq(p.cfg.node[0].ep.port, "8888");
	done(&p);
	parse(&p, "-H", "lb1=127.0.0.1:9999", NULL);
	assert_ok(&p);
	ck_assert_str_eq(p.cfg.node[0].ep.host, "127.0.0.1");
	ck_assert_str_eq(p.cfg.node[0].ep.port, "9999");
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
	ck_assert_int_eq(p.cfg.node[0].ep.kind, HS_EP_MASTER);
	ck_assert_str_eq(p.cfg.node[0].ep.path, "/run/m.sock");
	ck_assert_str_eq(p.cfg.master, "/run/m.sock");
	done(&p);
	parse(&p, "--master-socket", "/run/m.sock", "-S", "/run/a.sock", "-w", "old_workers=0",
	      NULL);
	assert_ok(&p);
	ck_assert_int_eq(p.cfg.node[0].ep.kind, HS_EP_UNIX);
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
	ck_assert_str_eq(p.cfg.node[0].ep.path, "/b");
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
	hs_discover_conn_init(&conn, &p.cfg, p.opts.port, p.opts.timeout, p.opts.password_file);
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
	hs_discover_conn_init(&conn, &p.cfg, p.opts.port, p.opts.timeout, p.opts.password_file);
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
	hs_discover_conn_init(&conn, &p.cfg, p.opts.port, p.opts.timeout, p.opts.password_file);
	snprintf(want, sizeof(want), "lb=%s/rel.sock", strcmp(cwd, "/") == 0 ? "" : cwd);
	ck_assert_str_eq(conn.node[0].arg, want);
	snprintf(want, sizeof(want), "%s/sub/b.sock", strcmp(cwd, "/") == 0 ? "" : cwd);
	ck_assert_str_eq(conn.node[1].arg, want);
	done(&p);
	parse(&p, "--master-socket", "/abs/m.sock", "--discover=nagios", NULL);
	assert_ok(&p);
	hs_discover_conn_init(&conn, &p.cfg, p.opts.port, p.opts.timeout, p.opts.password_file);
	ck_assert_str_eq(conn.master, "/abs/m.sock");
	done(&p);
	parse(&p, "--input", "-", "--discover=nagios", NULL);
	assert_ok(&p);
	hs_discover_conn_init(&conn, &p.cfg, p.opts.port, p.opts.timeout, p.opts.password_file);
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
	hs_discover_conn_init(&conn, &p.cfg, p.opts.port, p.opts.timeout, p.opts.password_file);
	ck_assert(conn.password_elsewhere);
	ck_assert_ptr_null(conn.password_file);
	ck_assert_str_eq(conn.username, "monitor");
	done(&p);
}
END_TEST

#define SECRET "S3cr3t-xyzzy"

/* An option getopt does not take never has its value quoted: it may be a
 * password under a misspelt name; bad_arg points at the entry.
 */
START_TEST(test_unknown_option_value_hidden)
{
	static const char *const words[] = {"--pasword=" SECRET, "--Password=" SECRET,
					    "--passwd=" SECRET, "--pass=" SECRET, "--pw=" SECRET};
	struct parsed p;
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		parse(&p, "--input", "x", words[i], NULL);
		assert_usage(&p, "unknown option --");
		ASSERT_HASNT(p.err.msg, SECRET);
		ASSERT_HAS(p.err.msg, "its value is not shown");
		ck_assert_ptr_eq(p.opts.bad_arg, words[i]);
		done(&p);
	}
	parse(&p, "--input", "x", "--insecure=" SECRET, NULL);
	assert_usage(&p, "--insecure takes no value");
	ASSERT_HASNT(p.err.msg, SECRET);
	done(&p);
	parse(&p, "--input", "x", "-t", "5", "extra", NULL);
	assert_usage(&p, "unexpected argument 'extra'");
	ck_assert_str_eq(p.opts.bad_arg, "extra");
	done(&p);
	parse(&p, "--input", "x", NULL);
	ck_assert_ptr_null(p.opts.bad_arg);
	done(&p);
}
END_TEST

/* --url: the scheme in any case; a node name error never quotes the
 * credentials of the URL after it.
 */
START_TEST(test_url_case_and_credentials)
{
	struct parsed p;

	parse(&p, "--url", "HTTPS://lb/stats", "--insecure", NULL);
	assert_ok(&p);
	done(&p);
	parse(&p, "--url", "HTTP://mon:" SECRET "@lb/stats", NULL);
	assert_usage(&p, "must not hold credentials");
	ASSERT_HASNT(p.err.msg, SECRET);
	done(&p);
	parse(&p, "--url", "a_node_name_much_longer_than_allowed_here=http://mon:" SECRET "@lb/",
	      NULL);
	assert_usage(&p, "a node name");
	ASSERT_HASNT(p.err.msg, SECRET);
	ASSERT_HAS(p.err.msg, "http://***@lb/");
	done(&p);
}
END_TEST

/* Writes <text> (<len> bytes) to a new temporary file of <mode>; returns
 * its path in <path> (at least 32 bytes).
 */
static void
ini_file(char *path, const char *text, size_t len, mode_t mode)
{
	int fd;

	strcpy(path, "/tmp/hs-test-ini-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	ck_assert_int_eq(chmod(path, mode), 0);
}

/* Runs hs_ini_expand() on "check_haproxy_stat --extra-opts=<section>@<path>
 * <more>" (<more> may be NULL) into <ini>; returns its return code.
 */
static int
expand(struct hs_ini *ini, const char *section, const char *path, const char *more, int *argc,
       char ***argv, struct hs_error *err)
{
	static char locator[256];
	static char *args[4];

	snprintf(locator, sizeof(locator), "--extra-opts=%s@%s", section, path);
	args[0] = (char *)"check_haproxy_stat";
	args[1] = locator;
	args[2] = (char *)more;
	args[3] = NULL;
	*argc = more != NULL ? 3 : 2;
	*argv = args;
	return hs_ini_expand(argc, argv, "check_haproxy_stat", ini, err);
}

START_TEST(test_ini_expand)
{
	static const char text[] = "# comment\n[other]\nnot an option\n[ s ]\n ; comment\n\n"
				   "proxy = be_app \nv=\nt=5\nurl=http://x/=y\r\n[s2]\nproxy=no\n";
	struct hs_ini ini;
	struct hs_error err = {0};
	char path[32];
	char **argv;
	int argc;

	ini_file(path, text, sizeof(text) - 1, 0644);
	ck_assert_int_eq(expand(&ini, "s", path, "-vv", &argc, &argv, &err), 0);
	ck_assert_int_eq(argc, 7);
	ck_assert_str_eq(argv[0], "check_haproxy_stat");
	ck_assert_str_eq(argv[1], "--proxy=be_app");
	ck_assert_str_eq(argv[2], "-v");
	ck_assert_str_eq(argv[3], "-t");
	ck_assert_str_eq(argv[4], "5");
	ck_assert_str_eq(argv[5], "--url=http://x/=y");
	ck_assert_str_eq(argv[6], "-vv");
	ck_assert_ptr_null(argv[7]);
	ck_assert_str_eq(ini.opt[3].key, "url");
	ck_assert_str_eq(ini.opt[3].value, "http://x/=y");
	ASSERT_HAS(ini.opt[3].where, "[s] of /tmp/hs-test-ini-");
	ASSERT_HAS(ini.opt[3].where, ", line 10");
	hs_ini_free(&ini);
	unlink(path);
}
END_TEST

START_TEST(test_ini_no_extra_opts)
{
	static char *args[] = {(char *)"check_haproxy_stat", (char *)"-v", NULL};
	struct hs_ini ini;
	struct hs_error err = {0};
	char **argv = args;
	int argc = 2;

	ck_assert_int_eq(hs_ini_expand(&argc, &argv, "check_haproxy_stat", &ini, &err), 0);
	ck_assert_ptr_eq(argv, args);
	ck_assert_int_eq(argc, 2);
	hs_ini_free(&ini);
}
END_TEST

/* Every fault of hs_ini_expand(), each with a secret in the file that the
 * message never quotes.
 */
START_TEST(test_ini_faults)
{
	static char long_line[HS_INI_LINE_MAX + 64];
	static const struct {
		const char *text;
		size_t len; /* 0: strlen */
		mode_t mode;
		enum hs_ini_fault fault;
		const char *msg_part;
	} cases[] = {
		{"[s]\n" SECRET "\n", 0, 0600, HS_INI_SYNTAX, "line 2 is not key=value"},
		{"[s]\n=" SECRET "\n", 0, 0600, HS_INI_SYNTAX, "line 2 is not key=value"},
		{"[s]\npass word=" SECRET "\n", 0, 0600, HS_INI_SYNTAX, "is not key=value"},
		{"proxy=" SECRET "\n[s]\n", 0, 0600, HS_INI_OUTSIDE, "line 1 of"},
		{"[s]\n[t]\nproxy=" SECRET "\n", 0, 0600, HS_INI_NO_SECTION, "no section [s]"},
		{"[s]\nproxy=" SECRET "\0x\n", sizeof("[s]\nproxy=" SECRET "\0x\n") - 1, 0600,
		 HS_INI_BINARY, "NUL byte"},
		{"[s]\nusername=u\npassword=" SECRET "\n", 0, 0644, HS_INI_UNSAFE,
		 "(it holds password=) can be read"},
		{NULL, 0, 0600, HS_INI_LONG, "line 2 of"},
	};
	struct hs_ini ini;
	struct hs_error err = {0};
	char path[32];
	char **argv;
	int argc;
	size_t i;

	memset(long_line, 'x', sizeof(long_line) - 1);
	memcpy(long_line, "[s]\nproxy=" SECRET, strlen("[s]\nproxy=" SECRET));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *text = cases[i].text != NULL ? cases[i].text : long_line;

		ini_file(path, text, cases[i].len ? cases[i].len : strlen(text), cases[i].mode);
		ck_assert_int_eq(expand(&ini, "s", path, NULL, &argc, &argv, &err), -1);
		ck_assert_int_eq(ini.fault, cases[i].fault);
		ck_assert_msg(strstr(err.msg, cases[i].msg_part) != NULL, "case %zu: %s", i,
			      err.msg);
		ASSERT_HASNT(err.msg, SECRET);
		ASSERT_HASNT(err.msg, "S3cr3t");
		hs_ini_free(&ini);
		unlink(path);
	}
	ck_assert_int_eq(expand(&ini, "s", "/nonexistent/x.ini", NULL, &argc, &argv, &err), -1);
	ck_assert_int_eq(ini.fault, HS_INI_OPEN);
	ck_assert_int_eq(err.code, HS_ERR_NOENT);
	hs_ini_free(&ini);
	setenv("MP_CONFIG_FILE", "/nonexistent/mp.ini", 1);
	ck_assert_int_eq(expand(&ini, "s", "", NULL, &argc, &argv, &err), -1);
	ck_assert_int_eq(ini.fault, HS_INI_NO_FILE);
	hs_ini_free(&ini);
	unsetenv("MP_CONFIG_FILE");
}
END_TEST

START_TEST(test_ini_too_many)
{
	static char text[16 + 12 * (HS_INI_OPTS_MAX + 1)];
	struct hs_ini ini;
	struct hs_error err = {0};
	char path[32];
	char **argv;
	int argc;
	size_t i, o;

	o = (size_t)sprintf(text, "[s]\n");
	for (i = 0; i <= HS_INI_OPTS_MAX; i++)
		o += (size_t)sprintf(text + o, "v=\n");
	ini_file(path, text, o, 0600);
	ck_assert_int_eq(expand(&ini, "s", path, NULL, &argc, &argv, &err), -1);
	ck_assert_int_eq(ini.fault, HS_INI_TOO_MANY);
	hs_ini_free(&ini);
	unlink(path);
}
END_TEST

/* Binary junk never crashes the reader, and an error never quotes it. */
START_TEST(test_ini_junk)
{
	static char text[3 * HS_INI_LINE_MAX];
	struct hs_ini ini;
	struct hs_error err = {0};
	char path[32];
	char **argv;
	int argc, round;
	size_t i;

	srand(7);
	for (round = 0; round < 40; round++) {
		size_t len = (size_t)rand() % sizeof(text);

		for (i = 0; i < len; i++)
			text[i] = (char)(round % 2 ? rand() % 256 : " =[]\n#;ab\r\t"[rand() % 12]);
		memcpy(text, "[s]\n", 4);
		ini_file(path, text, len > 4 ? len : 4, 0600);
		if (expand(&ini, "s", path, NULL, &argc, &argv, &err) == 0)
			ck_assert_ptr_null(argv[argc]);
		hs_ini_free(&ini);
		unlink(path);
	}
}
END_TEST

/* hs_ini_message(): where an argument came from, and no value. */
START_TEST(test_ini_message)
{
	static const char text[] = "[s]\ntimeout=" SECRET "\nproxy=ab\nport=12345678\n"
				   "motd=\x01\x61\xc3\n";
	struct hs_ini ini;
	struct hs_error err = {0};
	char path[32], out[512];
	char **argv;
	int argc;

	ini_file(path, text, sizeof(text) - 1, 0600);
	ck_assert_int_eq(expand(&ini, "s", path, NULL, &argc, &argv, &err), 0);
	hs_ini_message(&ini, argv[1], "-t '" SECRET "' is not SECONDS", out, sizeof(out));
	ck_assert_msg(strncmp(out, "--extra-opts timeout= in [s] of /tmp/hs-test-ini-", 49) == 0,
		      "%s", out);
	ASSERT_HAS(out, ", line 2: -t '<timeout=>' is not SECONDS");
	ASSERT_HASNT(out, "S3cr3t");
	/* a part of a value, cut or after a NAME=; a short value as a word */
	hs_ini_message(&ini, NULL, "x 'r3t-xyz' and 'ab', not 'tab'", out, sizeof(out));
	ASSERT_HAS(out, "x '<timeout=>' and '<proxy=>', not 'tab'");
	ASSERT_HAS(out, "(<timeout=> from --extra-opts: [s] of ");
	hs_ini_message(&ini, NULL, "a '?a?' (control or non-ASCII bytes as '?')", out, sizeof(out));
	ASSERT_HAS(out, "a '<motd=>'");
	hs_ini_message(&ini, NULL, "port 123456789", out, sizeof(out));
	ASSERT_HAS(out, "port <port=>9 (<port=> from");
	/* a small buffer is cut, never overrun */
	hs_ini_message(&ini, argv[1], SECRET, out, 20);
	ck_assert_uint_eq(strlen(out), 19);
	/* the command line's own arguments are not about the ini */
	hs_ini_message(&ini, "-t", "no value here", out, sizeof(out));
	ck_assert_str_eq(out, "no value here");
	hs_ini_free(&ini);
	unlink(path);
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
	tcase_add_test(tc, test_unknown_option_value_hidden);
	tcase_add_test(tc, test_url_case_and_credentials);
	tcase_add_test(tc, test_ini_expand);
	tcase_add_test(tc, test_ini_no_extra_opts);
	tcase_add_test(tc, test_ini_faults);
	tcase_add_test(tc, test_ini_too_many);
	tcase_add_test(tc, test_ini_junk);
	tcase_add_test(tc, test_ini_message);
	suite_add_tcase(s, tc);
	return s;
}
