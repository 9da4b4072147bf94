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
#include "hs_state.h"

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
	hs_options_discover_conn(opts, cfg, &conn);
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
	if (cfg.endpoint.kind == HS_EP_HTTP && hs_http_global_init(&err) != 0) {
		say(HS_STATE_UNKNOWN, NULL, err.msg, false);
		exit(STATE_UNKNOWN);
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

static void
print_help(void)
{
	char listed[HS_POL_COUNT * 32]; /* the listed policy keys */
	size_t o;
	int i;

	print_revision(progname, NP_VERSION);
	printf("Copyright (c) %s %s\n\n", copyright, email);
	printf("Checks HAProxy through its stats socket or its stats page: the status\n");
	printf("of frontends, listeners, backends and servers, and any metric of\n");
	printf("theirs, of the process and of stick tables against Nagios ranges.\n");
	printf("Only read-only commands are sent: show stat, and show info or show\n");
	printf("table when a metric needs them (show proc to a master CLI). Several\n");
	printf("nodes of a cluster may be checked at once.\n\n");
	print_usage();
	printf(UT_HELP_VRSN);
	printf(UT_EXTRA_OPTS);
	printf(" -S, --socket=[NAME=]PATH\n");
	printf("    HAProxy unix stats socket (default: the first of\n");
	printf("    %s, %s that exists).\n", hs_default_sockets[0], hs_default_sockets[1]);
	printf("    Repeatable, as is -H: each one a node of a cluster, read side by side\n");
	printf("    under the one deadline (at most %d). NAME (letters, digits, _-.)\n",
	       HS_NODES_MAX);
	printf("    names the node in findings and perfdata labels (lb1:be:app:up);\n");
	printf("    without it, its address. An unreachable node is the finding\n");
	printf("    node.unreachable; nodes_up counts the nodes that answered\n");
	printf(" -H, --hostname=[NAME=]ADDRESS[:PORT]\n");
	printf("    Host of a TCP stats socket ('stats socket ipv4@...'), IPv4 or IPv6\n");
	printf("    ([IPV6]:PORT with a port); repeatable like -S\n");
	printf(" -p, --port=PORT\n");
	printf("    Port of the TCP stats sockets given without one\n");
	printf(" --master-socket=PATH\n");
	printf("    The master CLI of a master-worker HAProxy (haproxy -W -S PATH):\n");
	printf("    'show proc' for a failed last reload (master.reload-failed, with\n");
	printf("    the parse error of 'show startup-logs' on 3.0+) and the old_workers,\n");
	printf("    old_worker_age, worker_uptime and failed_reloads metrics. Without\n");
	printf("    -S or -H the stats are read through it from the current worker.\n");
	printf("    Never sends 'reload'. Goes with one node\n");
	printf(" --input=FILE\n");
	printf("    Evaluate a saved answer instead ('-' for standard input): the output\n");
	printf("    of the commands -vv shows (show stat, after show info and before\n");
	printf("    show table when metrics need them), each ending with the empty line\n");
	printf("    HAProxy sends; proxies are never filtered by the command\n");
	printf(" --url=URL\n");
	printf("    HAProxy's stats page over HTTP or HTTPS instead (its 'stats uri', e.g.\n");
	printf("    http://lb:8404/stats, without options: ';csv;norefresh' is added).\n");
	printf("    Redirects are not followed; info. and table. metrics need a socket\n");
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
	printf("    the system's); the name checked is the URL's host, also sent as SNI\n");
	printf(" --insecure\n");
	printf("    Do not verify the page's TLS certificate (explicit opt-out)\n");
	printf(" --client-cert=FILE\n");
	printf("    Client certificate (PEM) for a page that requires one\n");
	printf(" --client-key=FILE\n");
	printf("    Its private key (PEM), when not in the --client-cert file\n");
	printf(" -w, --warning=[METRIC[@PROXY]=]RANGE\n");
	printf("    Warning range for METRIC on every selected object that has it\n");
	printf("    (repeatable). A bare RANGE is the session rate (sessions/s) of\n");
	printf("    frontends and backends. METRIC may be prefixed by frontend.,\n");
	printf("    listener., backend. or server. to apply to that type only, and\n");
	printf("    followed by @PROXY, a whole-name regex like --proxy, to apply to\n");
	printf("    the objects of those proxies only, replacing there the rule\n");
	printf("    without @PROXY. A rule that no selected object could be measured\n");
	printf("    for gives an UNKNOWN line saying why. METRIC is a numeric\n");
	printf("    'show stat' column (scur, qcur, rate, check_duration, lastchg,\n");
	printf("    downtime, qtime, ctime, rtime, ttime, throttle, ...), info.<Field> of\n");
	printf("    'show info' (info.CurrConns, info.Idle_pct, ...), or one of:\n");
	for (i = 0; i < HS_DM_COUNT; i++) {
		if (hs_derived_defs[i].needs & HS_NEED_STATE)
			continue;
		printf("      %-18s ", hs_derived_defs[i].name);
		print_wrapped(hs_derived_defs[i].what, 25);
	}
	printf("      %-18s %s\n", "table.gt.TYPE.N",
	       "entries of each stick table whose data TYPE");
	printf("      %-18s %s\n", "", "(http_req_rate, conn_cur, gpc0, ...) is above N:");
	printf("      %-18s %s\n", "", "HAProxy's 'show table NAME data.TYPE gt N', one");
	printf("      %-18s %s\n", "", "query per table (needs level operator)");
	printf("    Over the interval since the previous check (see --state-dir):\n");
	printf("      %-18s %s\n", "delta.COUNTER", "increase of a counter column (stot, wredis,");
	printf("      %-18s %s\n", "", "hrsp_5xx, dreq, chkfail, ...)");
	printf("      %-18s %s\n", "rate.COUNTER", "that increase per second");
	for (i = 0; i < HS_DM_COUNT; i++) {
		if (!(hs_derived_defs[i].needs & HS_NEED_STATE))
			continue;
		printf("      %-18s ", hs_derived_defs[i].name);
		print_wrapped(hs_derived_defs[i].what, 25);
	}
	printf("    The first check (and the first after a reload, a restart or a\n");
	printf("    counter reset) evaluates no such rule and says that rates start\n");
	printf("    with the next check; a ratio over fewer than --min-sample requests\n");
	printf("    or sessions, or a previous sample older than --state-max-age, is\n");
	printf("    not evaluated either (an OK line says why)\n");
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
	}
	printf("    DOWN includes DOWN n/m (checks passing, going up), DOWN (agent) and\n");
	printf("    MAINT (resolution). OK objects of these lines are still listed in\n");
	printf("    the long output (summed up per backend unless -v):\n    ");
	for (i = 0, o = 0; i < HS_POL_COUNT; i++) {
		if (hs_policy_defaults[i].listed && o < sizeof(listed))
			o += (size_t)snprintf(listed + o, sizeof(listed) - o, "%s%s",
					      o > 0 ? ", " : "", hs_policy_defaults[i].key);
	}
	print_wrapped(listed, 4);
	printf(" --expect=PROXY[/SERVER]\n");
	printf("    CRITICAL when this proxy, or this server of it, is missing\n");
	printf("    (configuration drift; repeatable)\n");
	printf(" --perfdata=LEVEL\n");
	printf("    none, summary (totals, info. and table. metrics), proxies (also\n");
	printf("    every frontend and backend; the default) or servers (also every\n");
	printf("    server and listener). Thresholded metrics carry their ranges\n");
	printf(" --perfdata-max-bytes=BYTES\n");
	printf("    Never write more perfdata than this (NRPE v2 carries 1024 bytes of\n");
	printf("    output in all, Nagios 8192): items with ranges are kept first, and\n");
	printf("    the long output says how many were left out\n");
	printf(" --output-max-bytes=BYTES\n");
	printf("    The whole output (status line, long output, perfdata) stays within\n");
	printf("    this (default 8192, what Nagios keeps; NRPE v2 keeps 1024; 0: no\n");
	printf("    limit; none by default with -v or --list): problems first, then\n");
	printf("    thresholded perfdata, then other perfdata and OK lines, each\n");
	printf("    counted when left out\n");
	printf(" --state-dir=DIR\n");
	printf("    Where the previous sample is kept for delta., rate. and the ratios\n");
	printf("    above (created 0700). Default: $MP_STATE_PATH, else\n");
	printf("    $NAGIOS_PLUGIN_STATE_DIRECTORY, else %s when it\n", HS_STATE_DIR_DEFAULT);
	printf("    exists, else /var/tmp; under it <uid>/check_haproxy_stat/. One file\n");
	printf("    per endpoint, selection and counters read. A directory or file that\n");
	printf("    is a symlink, another user's or writable by group or others is\n");
	printf("    refused (UNKNOWN for the rules that need it)\n");
	printf(" --state-max-age=SECONDS\n");
	printf("    Oldest previous sample rates are computed from (default: %d)\n",
	       HS_RATE_MAX_AGE_DEFAULT);
	printf(" --min-sample=COUNT\n");
	printf("    Fewest requests or sessions a ratio is computed over (default: %d)\n",
	       HS_RATE_MIN_SAMPLE_DEFAULT);
	printf(" --list\n");
	printf("    Print a table of every selected object: status, policy line, state\n");
	printf("    and the metrics in play (for manual testing; same exit code)\n");
	printf(" --discover=icinga2|nagios\n");
	printf("    Instead of checking, print one service definition per frontend and\n");
	printf("    backend found (one for a listen section): Icinga 2 objects for the\n");
	printf("    CheckCommand haproxy_stat, or Nagios services for the command\n");
	printf("    check_haproxy_stat_options (contrib/). Each selects its proxy with an\n");
	printf("    exact --proxy pattern and carries the connection options given (-S,\n");
	printf("    -H, -p, --url and its TLS files, --username, --password-file,\n");
	printf("    --master-socket, --input, -t); a password never. --proxy and\n");
	printf("    --exclude-proxy choose the proxies; check options (-w, --policy,\n");
	printf("    ...) are refused. Exit 0 with the definitions, else UNKNOWN\n");
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
	printf("Output:\n");
	printf(" HAPROXY <STATE> - <summary, worst problems first>|<perfdata>\n");
	printf(" then one line per object that is not OK or is listed by the policy.\n");
	printf(" Perfdata labels: fe:<proxy>:<metric>, be:<proxy>:<metric>,\n");
	printf(" sv:<proxy>/<server>:<metric>, li:<proxy>/<listener>:<metric>,\n");
	printf(" info:<metric>, table:<table>:<metric>, master:<metric>,\n");
	printf(" cluster:nodes_up (with several nodes, each after <node>:);\n");
	printf(" by default rate, scur and\n");
	printf(" be:<proxy>:up (max = active servers), plus every thresholded metric.\n");
	printf(" Only the rows needed are asked for: -vv shows the commands.\n");
	printf("\n");
	printf("Examples:\n");
	printf(" %s -S /run/haproxy/admin.sock --proxy app-main \\\n", progname);
	printf("     -w 500 -c 1000\n");
	printf(" %s -S /run/haproxy/admin.sock -c up=2: -w sessions_pct=80 \\\n", progname);
	printf("     -c info.conn_pct=90 -w table.used_pct=80 --expect app-main\n");
	printf(" %s -H 127.0.0.1 -p 9999 --exclude-proxy stats -t 5:unknown\n", progname);
	printf(" %s -S lb1=/run/lb1.sock -H lb2=10.0.0.2:9999 \\\n", progname);
	printf("     -H lb3=10.0.0.3:9999 --policy node.unreachable=ok -c nodes_up=2:\n");
	printf(" %s --master-socket /run/haproxy-master.sock -w old_workers=0\n", progname);
	printf(" %s --url https://lb.example.org:8404/stats --username monitor \\\n", progname);
	printf("     --password-file /etc/nagios/haproxy-stats.pw -w fetch_time=2\n");
	printf("\n");
	printf("The socket needs only 'level user': stats socket /run/haproxy/monitor.sock\n");
	printf("mode 660 level user group nagios\n");
}
