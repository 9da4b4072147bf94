/*
 * check_haproxy_stat - monitoring plugin for HAProxy's stats socket
 *
 * Copyright (C) 2026 the check_haproxy_stat authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version. See COPYING.
 *
 * This file is the plugin's thin shell: options, help, usage and the exit
 * code. Everything else lives in lib/ (libhaproxystat.a).
 */

const char *progname = "check_haproxy_stat";
const char *copyright = "2026";
const char *email = "check_haproxy_stat maintainers";

#include "common.h"
#include "utils.h"

#include <signal.h>
#include <sys/time.h>

#include "hs_check.h"
#include "hs_discover.h"
#include "hs_http.h"
#include "hs_ini.h"
#include "hs_inventory.h"
#include "hs_metric.h"
#include "hs_options.h"
#include "hs_policy.h"
#include "hs_report.h"
#include "hs_statedir.h"

/* The state a timeout reports, set by -t SECONDS:STATE. */
static enum hs_state timeout_result = HS_STATE_CRITICAL;
/* Prepared before the alarm is armed: the handler only writes it. */
static char alarm_message[160];

void print_usage(void);
static void print_help(void);

/* The options --extra-opts read: every message goes through it. */
static struct hs_ini ini;

/* Prints "HAPROXY <state> - <msg>" on one line, without the values that
 * came from an --extra-opts file, saying where <arg> (NULL: none) came
 * from when it came from one; then the short usage when <usage>.
 */
static void
say(enum hs_state state, const char *arg, const char *msg, bool usage)
{
	char line[1024];
	char *p;

	hs_ini_message(&ini, arg, msg, line, sizeof(line));
	for (p = line; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	printf("HAPROXY %s - %s\n", hs_state_name(state), line);
	if (usage)
		print_usage();
}

/* Prints "HAPROXY UNKNOWN - <msg>" (see say()), the short usage, and exits
 * UNKNOWN.
 */
static void __attribute__((noreturn, format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	say(HS_STATE_UNKNOWN, NULL, msg, true);
	exit(STATE_UNKNOWN);
}

/* Backstop for the whole run (name resolution cannot be interrupted
 * otherwise). Async-signal-safe: write and _exit only.
 */
static void
alarm_handler(int sig)
{
	ssize_t rc;

	(void)sig;
	rc = write(STDOUT_FILENO, alarm_message, strlen(alarm_message));
	(void)rc;
	_exit(timeout_result);
}

/* Parses the command line into <cfg> and <opts>: prints the help or the
 * version, or a usage error, and exits UNKNOWN when there is nothing to
 * run; exits with haproxy.missing's state when no endpoint is given and no
 * default socket exists.
 */
static void
process_arguments(int argc, char **argv, struct hs_check_config *cfg, struct hs_options *opts)
{
	struct hs_error err = {0};

	if (hs_options_parse(argc, argv, cfg, opts, &err) != 0) {
		say(HS_STATE_UNKNOWN, opts->bad_arg, err.msg, true);
		exit(STATE_UNKNOWN);
	}
	if (opts->action == HS_OPTIONS_HELP) {
		print_help();
		exit(STATE_UNKNOWN);
	}
	if (opts->action == HS_OPTIONS_VERSION) {
		print_revision(progname, NP_VERSION);
		exit(STATE_UNKNOWN);
	}
	if (hs_options_finish(cfg, opts, &err) != 0) {
		/* --discover fails UNKNOWN whatever the policy says */
		enum hs_state state = opts->discover != HS_DISCOVER_NONE
					      ? HS_STATE_UNKNOWN
					      : hs_options_error_state(cfg, opts, &err);

		say(state, NULL, err.msg, err.code == HS_ERR_USAGE);
		exit(state);
	}
}

/* Refuses --password among the command line's own arguments <argv> (ps
 * shows them to every user): it belongs in a file, the environment or an
 * --extra-opts ini file, whose password= line hs_ini_expand() adds.
 */
static void
refuse_password_argument(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return;
		if (strcmp(argv[i], "--password") == 0 || strncmp(argv[i], "--password=", 11) == 0)
			usage_error("--password on the command line is visible to every user (ps): "
				    "put the password in a file (--password-file FILE, mode 600 or "
				    "640), in the environment (%s), or as password=... in an "
				    "--extra-opts ini file",
				    HS_HTTP_PASSWORD_ENV);
	}
}

/* --discover: reads the proxies through the endpoints of <cfg> and prints
 * the service definitions for them; any failure is UNKNOWN with one line,
 * and then nothing else is printed. Returns the exit code.
 */
static int
discover(const struct hs_check_config *cfg, const struct hs_options *opts)
{
	struct hs_discover_conn conn;
	struct hs_inventory inv;
	struct hs_error err = {0};
	struct hs_buf out;
	char host[256];
	const char *name = opts->discover_host;
	int rc;

	if (name == NULL) {
		/* the machine's own name: where the plugin runs */
		if (gethostname(host, sizeof(host)) != 0 || host[0] == '\0') {
			printf("HAPROXY UNKNOWN - --discover: this machine has no host name: give "
			       "--discover-host NAME\n");
			return STATE_UNKNOWN;
		}
		host[sizeof(host) - 1] = '\0';
		name = host;
	}
	hs_discover_conn_init(&conn, cfg, opts->port, opts->timeout, opts->password_file);
	hs_inventory_init(&inv);
	hs_buf_init(&out, 0);
	rc = hs_inventory_read(cfg, &inv, &err);
	if (rc == 0)
		rc = hs_discover_write(opts->discover, name, &conn, &inv, &out, &err);
	if (rc == 0)
		fwrite(hs_buf_str(&out), 1, out.len, stdout);
	else
		say(HS_STATE_UNKNOWN, NULL, err.msg, false);
	hs_buf_free(&out);
	hs_inventory_free(&inv);
	return rc == 0 ? STATE_OK : STATE_UNKNOWN;
}

int
main(int argc, char **argv)
{
	struct hs_check_config cfg;
	struct hs_options opts;
	struct hs_error err = {0};
	struct hs_buf out;
	enum hs_state state = HS_STATE_UNKNOWN;
	struct itimerval backstop = {{0, 0}, {0, 0}};
	size_t i;
	int rc;

	/* stay in the C locale: numbers in perfdata use '.' */
	np_init((char *)progname, argc, argv);
	refuse_password_argument(argc, argv);
	if (hs_ini_expand(&argc, &argv, progname, &ini, &err) != 0) {
		say(HS_STATE_UNKNOWN, NULL, err.msg, false);
		hs_ini_free(&ini);
		return STATE_UNKNOWN;
	}
	np_set_args(argc, argv);
	signal(SIGPIPE, SIG_IGN);

	hs_check_config_init(&cfg);
	process_arguments(argc, argv, &cfg, &opts);

	timeout_result = opts.discover != HS_DISCOVER_NONE ? HS_STATE_UNKNOWN : opts.timeout_state;
	snprintf(alarm_message, sizeof(alarm_message),
		 "HAPROXY %s - plugin timed out after %u seconds\n", hs_state_name(timeout_result),
		 cfg.timeout);
	signal(SIGALRM, alarm_handler);
	backstop.it_value.tv_sec = cfg.timeout;
	backstop.it_value.tv_usec = 500000;
	setitimer(ITIMER_REAL, &backstop, NULL);

	hs_buf_init(&out, 0);
	for (i = 0; i < cfg.nodes; i++) { /* libcurl loaded before any thread */
		if (cfg.node[i].ep.kind == HS_EP_HTTP && hs_http_global_init(&err) != 0) {
			say(HS_STATE_UNKNOWN, NULL, err.msg, false);
			exit(STATE_UNKNOWN);
		}
	}
	if (opts.discover != HS_DISCOVER_NONE) {
		state = discover(&cfg, &opts); /* prints its own answer */
		rc = 0;
	} else {
		rc = hs_check_run(&cfg, &state, &out, &err);
	}
	/* the run is over: from here the backstop could only add a second
	 * status line to the one below (the exit after it may still take
	 * time, e.g. LeakSanitizer's report) */
	memset(&backstop, 0, sizeof(backstop));
	setitimer(ITIMER_REAL, &backstop, NULL);
	if (rc != 0) {
		state = hs_options_error_state(&cfg, &opts, &err);
		say(state, NULL, err.msg, false);
	}
	fwrite(hs_buf_str(&out), 1, out.len, stdout);
	fflush(stdout);
	hs_buf_free(&out);
	hs_check_config_free(&cfg);
	np_cleanup();
	hs_ini_free(&ini);
	return state;
}

void
print_usage(void)
{
	printf("Usage:\n");
	printf(" %s [-S [name=]socket]... [-H [name=]host[:port]]... [-p port]\n", progname);
	printf("   [--url [name=]url]... [--master-socket path] [--input file]\n");
	printf("   [-w [metric[@proxy]=]range]... [-c [metric[@proxy]=]range]...\n");
	printf("   [--proxy regex] [--exclude-proxy regex] [--server regex]\n");
	printf("   [--exclude-server regex]");
	printf(" [--policy key=state] [--expect proxy[/server]]\n");
	printf("   [--perfdata none|summary|proxies|servers] [--perfdata-max-bytes n]\n");
	printf("   [--output-max-bytes n] [--list] [-t seconds[:state]] [-v]\n");
	printf("   [--state-dir dir] [--state-max-age seconds] [--min-sample count]\n");
	printf("   [--username user --password-file file] [--ca-file file] [--insecure]\n");
	printf("   [--client-cert file [--client-key file]]\n");
	printf("   [--discover icinga2|nagios [--discover-host name]]\n");
}

/* Prints <text> from column <indent> (where the cursor is) up to column
 * 80, continuing on new lines indented as much; breaks at spaces.
 */
static void
print_wrapped(const char *text, int indent)
{
	int room = 80 - indent;

	while ((int)strlen(text) > room) {
		int cut = room;

		while (cut > 0 && text[cut] != ' ')
			cut--;
		if (cut == 0) /* one long word: let it run over */
			cut = (int)strcspn(text, " ");
		printf("%.*s\n%*s", cut, text, indent, "");
		text += cut;
		while (*text == ' ')
			text++;
	}
	printf("%s\n", text);
}

/* Appends <name> to the comma-separated list in <list> (of size <size>,
 * <len> bytes used so far); returns the new length, never beyond <size>.
 */
static size_t
list_append(char *list, size_t size, size_t len, const char *name)
{
	if (len < size)
		len += (size_t)snprintf(list + len, size - len, "%s%s", len > 0 ? ", " : "", name);
	return len < size ? len : size;
}

/* Prints the names of the derived metrics of hs_derived_defs that need a
 * previous sample (<with_state> nonzero) or do not, as one list wrapped at
 * 80 columns and indented by 6.
 */
static void
print_derived(int with_state)
{
	char list[HS_DM_COUNT * 32];
	size_t len = 0;
	int i;

	list[0] = '\0';
	for (i = 0; i < HS_DM_COUNT; i++) {
		if (!(hs_derived_defs[i].needs & HS_NEED_STATE) == !with_state)
			len = list_append(list, sizeof(list), len, hs_derived_defs[i].name);
	}
	printf("      ");
	print_wrapped(list, 6);
}

/* Prints the short help: one or two lines per option and the status
 * policy; the manual page is the full reference (tests/man_page.sh keeps
 * both listing every option of the option table).
 */
static void
print_help(void)
{
	char listed[HS_POL_COUNT * 32]; /* the listed policy keys */
	size_t o = 0;
	int i;

	print_revision(progname, NP_VERSION);
	printf("Copyright (c) %s %s\n\n", copyright, email);
	printf("Checks HAProxy through its stats socket, its stats page or its master\n");
	printf("CLI: the status of frontends, listeners, backends and servers, and any\n");
	printf("metric of theirs, of the process and of stick tables against Nagios\n");
	printf("ranges. Only read-only commands are sent. This is a summary: the manual\n");
	printf("page (man check_haproxy_stat) describes every option in full.\n\n");
	print_usage();
	printf(UT_HELP_VRSN);
	printf(UT_EXTRA_OPTS);
	printf(" -S, --socket=[NAME=]PATH\n");
	printf("    HAProxy unix stats socket (default: the first of\n");
	printf("    %s, %s that exists).\n", hs_default_sockets[0], hs_default_sockets[1]);
	printf("    Repeatable, as is -H: each one a node of a cluster (at most %d)\n",
	       HS_NODES_MAX);
	printf(" -H, --hostname=[NAME=]ADDRESS[:PORT]\n");
	printf("    Host of a TCP stats socket ('stats socket ipv4@...'), IPv4 or IPv6\n");
	printf(" -p, --port=PORT\n");
	printf("    Port of the TCP stats sockets given without one\n");
	printf(" --master-socket=PATH\n");
	printf("    The master CLI of a master-worker HAProxy (haproxy -W -S PATH): a\n");
	printf("    failed last reload, old workers\n");
	printf(" --input=FILE\n");
	printf("    Evaluate a saved answer instead ('-' for standard input)\n");
	printf(" --url=URL\n");
	printf("    HAProxy's stats page over HTTP or HTTPS instead (its 'stats uri', e.g.\n");
	printf("    http://lb:8404/stats, without options: ';csv;norefresh' is added)\n");
	printf(" --username=USER\n");
	printf("    User of the page's 'stats auth USER:PASSWORD'. The password never goes\n");
	printf("    on the command line (--password there is refused): give\n");
	printf("    --password-file, or the environment variable %s, or\n", HS_HTTP_PASSWORD_ENV);
	printf("    password=... in an --extra-opts ini file\n");
	printf(" --password-file=FILE\n");
	printf("    Read the password from the first line of FILE (refused when every\n");
	printf("    user may read it, chmod 600 or 640, or when it is another user's);\n");
	printf("    an --extra-opts file with password= follows the same rules\n");
	printf(" --ca-file=FILE\n");
	printf("    CA certificates (PEM) that verify the page's TLS certificate (default:\n");
	printf("    the system's)\n");
	printf(" --insecure\n");
	printf("    Do not verify the page's TLS certificate (explicit opt-out)\n");
	printf(" --client-cert=FILE\n");
	printf("    Client certificate (PEM) for a page that requires one\n");
	printf(" --client-key=FILE\n");
	printf("    Its private key (PEM), when not in the --client-cert file\n");
	printf(" -w, --warning=[METRIC[@PROXY]=]RANGE\n");
	printf("    Warning range for METRIC on every selected object that has it\n");
	printf("    (repeatable). A bare RANGE is the session rate (sessions/s) of\n");
	printf("    frontends and backends. METRIC, optionally after frontend.,\n");
	printf("    listener., backend. or server., is a 'show stat' column (scur, qcur,\n");
	printf("    ...), info.<Field>, table.gt.TYPE.N, or one of:\n");
	print_derived(0);
	printf("    and, since the previous check (see --state-dir), delta.COUNTER,\n");
	printf("    rate.COUNTER and:\n");
	print_derived(1);
	printf(" -c, --critical=[METRIC[@PROXY]=]RANGE\n");
	printf("    Critical range, likewise\n");
	printf(" --proxy=REGEX\n");
	printf("    Check only proxies whose whole name matches (POSIX extended regex;\n");
	printf("    repeatable; a pattern that matches nothing gives UNKNOWN)\n");
	printf(" --exclude-proxy=REGEX\n");
	printf("    Skip proxies whose whole name matches (repeatable)\n");
	printf(" --server=REGEX\n");
	printf("    Check only servers whose whole name matches (repeatable)\n");
	printf(" --exclude-server=REGEX\n");
	printf("    Skip servers whose whole name matches (repeatable)\n");
	printf(" --policy=KEY=STATE\n");
	printf("    Override one line of the status policy (repeatable). STATE is ok,\n");
	printf("    warning, critical or unknown. KEY and default:\n");
	for (i = 0; i < HS_POL_COUNT; i++) {
		printf("      %-20s %-8s ", hs_policy_defaults[i].key,
		       hs_state_name(hs_policy_defaults[i].state));
		print_wrapped(hs_policy_defaults[i].what, 36);
		if (hs_policy_defaults[i].listed)
			o = list_append(listed, sizeof(listed), o, hs_policy_defaults[i].key);
	}
	printf("    Listed in the long output even when OK:\n      ");
	print_wrapped(listed, 6);
	printf(" --expect=PROXY[/SERVER]\n");
	printf("    CRITICAL when this proxy, or this server of it, is missing\n");
	printf(" --perfdata=LEVEL\n");
	printf("    none, summary, proxies (the default) or servers\n");
	printf(" --perfdata-max-bytes=BYTES\n");
	printf("    Never write more perfdata than this\n");
	printf(" --output-max-bytes=BYTES\n");
	printf("    The whole output (status line, long output, perfdata) stays within\n");
	printf("    this (default 8192; NRPE v2 keeps 1024; 0: no limit)\n");
	printf(" --state-dir=DIR\n");
	printf("    Where the previous sample is kept for delta., rate. and the ratios\n");
	printf("    above (default: $MP_STATE_PATH, else $NAGIOS_PLUGIN_STATE_DIRECTORY,\n");
	printf("    else %s when it exists, else /var/tmp);\n", HS_STATE_DIR_DEFAULT);
	printf("    one file per endpoint, selection and rules with their thresholds\n");
	printf(" --state-max-age=SECONDS\n");
	printf("    Oldest previous sample rates are computed from (default: %d)\n",
	       HS_RATE_MAX_AGE_DEFAULT);
	printf(" --min-sample=COUNT\n");
	printf("    Fewest requests or sessions a ratio is computed over (default: %d)\n",
	       HS_RATE_MIN_SAMPLE_DEFAULT);
	printf(" --list\n");
	printf("    Print a table of every selected object (for manual testing)\n");
	printf(" --discover=icinga2|nagios\n");
	printf("    Instead of checking, print one service definition per frontend and\n");
	printf("    backend found, for contrib/'s CheckCommand or Nagios command\n");
	printf(" --discover-host=NAME\n");
	printf("    The host the services belong to (default: this machine's name)\n");
	printf(" -t, --timeout=SECONDS[:STATE]\n");
	printf("    One deadline for connect, send and read (default: 10). STATE is the\n");
	printf("    result on timeout: critical (default), unknown, warning or ok\n");
	printf(UT_VERBOSE);
	printf("    -v lists every object, -vv also the commands sent, -vvv byte counts\n");
	printf("\n");
	printf(UT_THRESHOLDS_NOTES);
	printf("\n");
	printf("Output: HAPROXY <STATE> - <summary, worst problems first>|<perfdata>,\n");
	printf("then one line per object that is not OK or is listed by the policy.\n");
	printf("\n");
	printf("Examples:\n");
	printf(" %s -S /run/haproxy/monitor.sock --proxy app-main \\\n", progname);
	printf("     -w 500 -c 1000\n");
	printf(" %s -S /run/haproxy/monitor.sock -c backend.up=2: \\\n", progname);
	printf("     -w sessions_pct=80 -w backend.http_5xx_pct=5\n");
	printf(" %s --url https://lb.example.org:8404/stats --username monitor \\\n", progname);
	printf("     --password-file /etc/nagios/haproxy-stats.pw\n");
	printf("\n");
	printf("The socket needs only 'level user': stats socket /run/haproxy/monitor.sock\n");
	printf("mode 660 level user group nagios\n");
}
