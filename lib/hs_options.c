/* hs_options.c: the check's command line. */
#include <hs-config.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_http.h"
#include "hs_node.h"
#include "hs_options.h"
#include "hs_report.h"

enum {
	OPT_PROXY = CHAR_MAX + 1,
	OPT_EXCLUDE_PROXY,
	OPT_SERVER,
	OPT_EXCLUDE_SERVER,
	OPT_INPUT,
	OPT_POLICY,
	OPT_EXPECT,
	OPT_PERFDATA,
	OPT_PERFDATA_MAX_BYTES,
	OPT_OUTPUT_MAX_BYTES,
	OPT_LIST,
	OPT_STATE_DIR,
	OPT_STATE_MAX_AGE,
	OPT_MIN_SAMPLE,
	OPT_MASTER_SOCKET,
	OPT_URL,
	OPT_USERNAME,
	OPT_PASSWORD,
	OPT_PASSWORD_FILE,
	OPT_CA_FILE,
	OPT_CLIENT_CERT,
	OPT_CLIENT_KEY,
	OPT_INSECURE,
	OPT_DISCOVER,
	OPT_DISCOVER_HOST,
};

static const struct option long_options[] = {
	{"socket", required_argument, NULL, 'S'},
	{"hostname", required_argument, NULL, 'H'},
	{"port", required_argument, NULL, 'p'},
	{"warning", required_argument, NULL, 'w'},
	{"critical", required_argument, NULL, 'c'},
	{"proxy", required_argument, NULL, OPT_PROXY},
	{"exclude-proxy", required_argument, NULL, OPT_EXCLUDE_PROXY},
	{"server", required_argument, NULL, OPT_SERVER},
	{"exclude-server", required_argument, NULL, OPT_EXCLUDE_SERVER},
	{"timeout", required_argument, NULL, 't'},
	{"input", required_argument, NULL, OPT_INPUT},
	{"policy", required_argument, NULL, OPT_POLICY},
	{"expect", required_argument, NULL, OPT_EXPECT},
	{"perfdata", required_argument, NULL, OPT_PERFDATA},
	{"perfdata-max-bytes", required_argument, NULL, OPT_PERFDATA_MAX_BYTES},
	{"output-max-bytes", required_argument, NULL, OPT_OUTPUT_MAX_BYTES},
	{"list", no_argument, NULL, OPT_LIST},
	{"state-dir", required_argument, NULL, OPT_STATE_DIR},
	{"state-max-age", required_argument, NULL, OPT_STATE_MAX_AGE},
	{"min-sample", required_argument, NULL, OPT_MIN_SAMPLE},
	{"master-socket", required_argument, NULL, OPT_MASTER_SOCKET},
	{"url", required_argument, NULL, OPT_URL},
	{"username", required_argument, NULL, OPT_USERNAME},
	{"password", required_argument, NULL, OPT_PASSWORD},
	{"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
	{"ca-file", required_argument, NULL, OPT_CA_FILE},
	{"client-cert", required_argument, NULL, OPT_CLIENT_CERT},
	{"client-key", required_argument, NULL, OPT_CLIENT_KEY},
	{"insecure", no_argument, NULL, OPT_INSECURE},
	{"discover", required_argument, NULL, OPT_DISCOVER},
	{"discover-host", required_argument, NULL, OPT_DISCOVER_HOST},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

/* Parses <text> as a whole decimal number from 1 to <max> (digits only: no
 * sign, space or leading '+'). Returns it, or 0 when <text> is not one.
 */
static unsigned long
parse_count(const char *text, unsigned long max)
{
	unsigned long n = 0;
	const char *p;

	if (*text == '\0')
		return 0;
	for (p = text; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > max)
			return 0;
	}
	return n;
}

/* Parses -t SECONDS[:STATE] <arg> into <cfg> and <opts>. Returns 0 or -1. */
static int
parse_timeout(const char *arg, struct hs_check_config *cfg, struct hs_options *opts,
	      struct hs_error *err)
{
	char secs[32];
	const char *colon = strchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
	unsigned long n;
	int state;

	if (len == 0 || len >= sizeof(secs))
		return hs_error_set(err, HS_ERR_USAGE, "-t '%s' is not SECONDS[:STATE]", arg);
	memcpy(secs, arg, len);
	secs[len] = '\0';
	n = parse_count(secs, 86400);
	if (n == 0)
		return hs_error_set(err, HS_ERR_USAGE,
				    "-t '%s': SECONDS must be a whole number from 1 to 86400", arg);
	if (colon != NULL) {
		state = hs_state_parse(colon + 1);
		if (state < 0)
			return hs_error_set(
				err, HS_ERR_USAGE,
				"-t '%s': STATE must be ok, warning, critical or unknown", arg);
		opts->timeout_state = (enum hs_state)state;
	}
	cfg->timeout = (unsigned int)n;
	return 0;
}

/* Parses --perfdata=none|summary|proxies|servers <arg>. Returns 0 or -1. */
static int
parse_perfdata(const char *arg, struct hs_check_config *cfg, struct hs_error *err)
{
	static const char *const levels[] = {"none", "summary", "proxies", "servers"};
	size_t i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		if (strcmp(arg, levels[i]) == 0) {
			cfg->perf = (enum hs_perf_level)i;
			return 0;
		}
	}
	return hs_error_set(err, HS_ERR_USAGE,
			    "--perfdata '%s': give none, summary, proxies or servers", arg);
}

/* Stores <value> of the single-valued option <name> in <*slot>; fails when
 * it was already given (a second -S would otherwise silently win).
 */
static int
set_once(const char **slot, const char *name, const char *value, struct hs_error *err)
{
	if (*slot != NULL)
		return hs_error_set(err, HS_ERR_USAGE,
				    "%s given twice ('%s', then '%s'; an --extra-opts section "
				    "counts too): give it once",
				    name, *slot, value);
	*slot = value;
	return 0;
}

/* True if option <c> only changes what a check evaluates or prints, not
 * where it reads from: --discover refuses it.
 */
static bool
check_only(int c)
{
	switch (c) {
	case 'w':
	case 'c':
	case 'v':
	case OPT_SERVER:
	case OPT_EXCLUDE_SERVER:
	case OPT_POLICY:
	case OPT_EXPECT:
	case OPT_PERFDATA:
	case OPT_PERFDATA_MAX_BYTES:
	case OPT_OUTPUT_MAX_BYTES:
	case OPT_LIST:
	case OPT_STATE_DIR:
	case OPT_STATE_MAX_AGE:
	case OPT_MIN_SAMPLE:
		return true;
	default:
		return false;
	}
}

/* The long name of option <c>, from the option table. */
static const char *
option_name(int c)
{
	size_t i;

	for (i = 0; long_options[i].name != NULL; i++) {
		if (long_options[i].val == c)
			return long_options[i].name;
	}
	return "?";
}

/* Handles option <c> with value <arg> (NULL for flags). Returns 0 or -1. */
static int
apply(int c, const char *arg, struct hs_check_config *cfg, struct hs_options *opts,
      struct hs_error *err)
{
	unsigned long n;

	switch (c) {
	case 'S':     /* unix stats socket: a node */
	case 'H':     /* TCP stats socket host: a node */
	case OPT_URL: /* the stats page over HTTP(S): a node */
		if (cfg->nodes == HS_NODES_MAX)
			return hs_error_set(err, HS_ERR_USAGE,
					    "more than %d nodes (-S, -H and --url): check them in "
					    "several services",
					    HS_NODES_MAX);
		cfg->node[cfg->nodes].opt = c == OPT_URL ? 'U' : (char)c;
		cfg->node[cfg->nodes++].given = arg;
		if (c == 'H' && opts->host == NULL)
			opts->host = arg;
		if (c == OPT_URL && opts->url == NULL)
			opts->url = arg;
		return 0;
	case OPT_MASTER_SOCKET: /* the master CLI */
		return set_once(&opts->master, "--master-socket", arg, err);
	case 'p': /* TCP stats socket port */
		if (parse_count(arg, 65535) == 0)
			return hs_error_set(err, HS_ERR_USAGE,
					    "-p '%s' is not a port number (1-65535)", arg);
		return set_once(&opts->port, "-p (--port)", arg, err);
	case OPT_INPUT: /* saved dump instead of a socket */
		return set_once(&opts->input, "--input", arg, err);
	case 'w': /* [METRIC=]RANGE, warning */
	case 'c': /* [METRIC=]RANGE, critical */
		return hs_rules_add(&cfg->rules, c == 'c', arg, err);
	case OPT_EXPECT: /* PROXY[/SERVER] that must exist */
		return hs_expect_add(&cfg->expect, arg, err);
	case OPT_PERFDATA: /* which objects write perfdata */
		return parse_perfdata(arg, cfg, err);
	case OPT_PERFDATA_MAX_BYTES: /* perfdata byte budget */
		n = parse_count(arg, HS_REPORT_PERF_LIMIT);
		if (n == 0)
			return hs_error_set(err, HS_ERR_USAGE,
					    "--perfdata-max-bytes '%s' is not a number of bytes "
					    "from 1 to %d",
					    arg, HS_REPORT_PERF_LIMIT);
		cfg->perf_max_bytes = (size_t)n;
		return 0;
	case OPT_OUTPUT_MAX_BYTES: /* the whole output's byte budget; 0: none */
		n = strcmp(arg, "0") == 0 ? 0 : parse_count(arg, 16 * 1024 * 1024);
		if (n == 0 && strcmp(arg, "0") != 0)
			return hs_error_set(
				err, HS_ERR_USAGE,
				"--output-max-bytes '%s' is not 0 (no limit) or a number "
				"of bytes from %d to %d",
				arg, HS_REPORT_OUTPUT_MIN, 16 * 1024 * 1024);
		if (n > 0 && n < HS_REPORT_OUTPUT_MIN)
			return hs_error_set(
				err, HS_ERR_USAGE,
				"--output-max-bytes %s is too small: a status line and a "
				"few findings need at least %d bytes",
				arg, HS_REPORT_OUTPUT_MIN);
		cfg->output_max_bytes = (size_t)n;
		cfg->output_max_set = true;
		return 0;
	case OPT_USERNAME:
		return set_once(&opts->username, "--username", arg, err);
	case OPT_PASSWORD: /* never quoted in a message */
		if (opts->password != NULL)
			return hs_error_set(err, HS_ERR_USAGE, "--password given twice");
		opts->password = arg;
		return 0;
	case OPT_PASSWORD_FILE:
		return set_once(&opts->password_file, "--password-file", arg, err);
	case OPT_CA_FILE:
		return set_once(&opts->ca_file, "--ca-file", arg, err);
	case OPT_CLIENT_CERT:
		return set_once(&opts->client_cert, "--client-cert", arg, err);
	case OPT_CLIENT_KEY:
		return set_once(&opts->client_key, "--client-key", arg, err);
	case OPT_INSECURE:
		opts->insecure = true;
		return 0;
	case OPT_DISCOVER: /* service definitions instead of a check */
		if (opts->discover != HS_DISCOVER_NONE)
			return hs_error_set(err, HS_ERR_USAGE, "--discover given twice");
		opts->discover = hs_discover_target_parse(arg);
		if (opts->discover == HS_DISCOVER_NONE)
			return hs_error_set(err, HS_ERR_USAGE,
					    "--discover '%s': give icinga2 or nagios", arg);
		return 0;
	case OPT_DISCOVER_HOST:
		return set_once(&opts->discover_host, "--discover-host", arg, err);
	case OPT_LIST: /* table of every selected object */
		cfg->list = true;
		return 0;
	case OPT_STATE_DIR: /* where the previous sample is kept */
		if (*arg != '/')
			return hs_error_set(err, HS_ERR_USAGE,
					    "--state-dir '%s' is not an absolute path", arg);
		return set_once(&cfg->rate.dir, "--state-dir", arg, err);
	case OPT_STATE_MAX_AGE: /* oldest previous sample rates use */
		n = parse_count(arg, 7 * 86400);
		if (n == 0)
			return hs_error_set(
				err, HS_ERR_USAGE,
				"--state-max-age '%s' is not a number of seconds from 1 "
				"to %d",
				arg, 7 * 86400);
		cfg->rate.max_age = (unsigned)n;
		return 0;
	case OPT_MIN_SAMPLE: /* least requests or sessions a ratio needs */
		n = strcmp(arg, "0") == 0 ? 0 : parse_count(arg, 1000000000);
		if (n == 0 && strcmp(arg, "0") != 0)
			return hs_error_set(err, HS_ERR_USAGE,
					    "--min-sample '%s' is not a number from 0 to %d", arg,
					    1000000000);
		cfg->rate.min_sample = (unsigned)n;
		return 0;
	case OPT_PROXY:
		return hs_selection_add(&cfg->selection, HS_SEL_PROXY, arg, err);
	case OPT_EXCLUDE_PROXY:
		return hs_selection_add(&cfg->selection, HS_SEL_EXCLUDE_PROXY, arg, err);
	case OPT_SERVER:
		return hs_selection_add(&cfg->selection, HS_SEL_SERVER, arg, err);
	case OPT_EXCLUDE_SERVER:
		return hs_selection_add(&cfg->selection, HS_SEL_EXCLUDE_SERVER, arg, err);
	case 't':                    /* timeout */
		opts->timeout = arg; /* the last one counts, as for the check */
		return parse_timeout(arg, cfg, opts, err);
	case OPT_POLICY: /* status policy override */
		return hs_policy_set(&cfg->policy, arg, err);
	case 'v': /* verbose */
		cfg->verbosity++;
		return 0;
	case 'h': /* help */
		opts->action = HS_OPTIONS_HELP;
		return 0;
	case 'V': /* version */
		opts->action = HS_OPTIONS_VERSION;
		return 0;
	}
	return hs_error_set(err, HS_ERR_USAGE, "internal error: option %d not handled", c);
}

/* Fails with USAGE for <arg>, which getopt did not take: an unknown
 * short option, or a long one unknown, ambiguous or given a value it does
 * not take. The value after '=' is never quoted (it may be a password
 * under a misspelt name).
 */
static int
unknown_option(const char *arg, struct hs_error *err)
{
	int len = (int)strcspn(arg, "=");
	size_t i;

	if (strncmp(arg, "--", 2) != 0)
		return hs_error_set(err, HS_ERR_USAGE, "unknown option -%c",
				    optopt > 0 && optopt <= CHAR_MAX ? optopt : '?');
	for (i = 0; arg[len] == '=' && long_options[i].name != NULL; i++) {
		if (long_options[i].has_arg == no_argument &&
		    strlen(long_options[i].name) == (size_t)len - 2 &&
		    strncmp(long_options[i].name, arg + 2, (size_t)len - 2) == 0)
			return hs_error_set(err, HS_ERR_USAGE, "%.*s takes no value", len, arg);
	}
	return hs_error_set(err, HS_ERR_USAGE, "unknown option %.*s%s", len, arg,
			    arg[len] == '=' ? " (its value is not shown)" : "");
}

int
hs_options_parse(int argc, char **argv, struct hs_check_config *cfg, struct hs_options *opts,
		 struct hs_error *err)
{
	int c;

	memset(opts, 0, sizeof(*opts));
	opts->action = HS_OPTIONS_RUN;
	opts->timeout_state = HS_STATE_CRITICAL;
	opterr = 0; /* getopt must not print to stderr */
	optind = 0; /* 0, not 1: glibc and musl then also forget a half-read "-vw" */
	while ((c = getopt_long(argc, argv, ":S:H:p:w:c:t:vhV", long_options, NULL)) != -1) {
		opts->bad_arg = argv[optind - 1];
		if (c == ':')
			return hs_error_set(err, HS_ERR_USAGE, "option %s needs a value",
					    argv[optind - 1]);
		if (c == '?')
			return unknown_option(argv[optind - 1], err);
		if (opts->check_only == NULL && check_only(c))
			opts->check_only = option_name(c);
		if (apply(c, optarg, cfg, opts, err) != 0)
			return -1;
		if (opts->action != HS_OPTIONS_RUN)
			break;
	}
	opts->bad_arg = optind < argc && c == -1 ? argv[optind] : NULL;
	if (opts->bad_arg != NULL)
		return hs_error_set(err, HS_ERR_USAGE, "unexpected argument '%s' (options only)",
				    argv[optind]);
	return 0;
}

/* Sets <cfg->http> from the credentials and TLS options of <opts>, for
 * every --url (each page node copies it with its own URL). Returns 0 or -1.
 */
static int
url_options(struct hs_check_config *cfg, const struct hs_options *opts, struct hs_error *err)
{
	struct hs_http_config *http = &cfg->http;
	const char *env = getenv(HS_HTTP_PASSWORD_ENV);
	bool https = false;
	size_t i;

	for (i = 0; i < cfg->nodes; i++) {
		if (cfg->node[i].opt == 'U' && hs_http_is_https(cfg->node[i].given))
			https = true;
	}
	if (!https && (opts->ca_file || opts->client_cert || opts->client_key || opts->insecure))
		return hs_error_set(err, HS_ERR_USAGE,
				    "--ca-file, --client-cert, --client-key and --insecure apply "
				    "to https:// URLs only");
	if (opts->client_key != NULL && opts->client_cert == NULL)
		return hs_error_set(err, HS_ERR_USAGE, "--client-key needs --client-cert");
	if (opts->password != NULL && opts->password_file != NULL)
		return hs_error_set(err, HS_ERR_USAGE,
				    "give the password once: password= (--extra-opts) or "
				    "--password-file");
	if (opts->password != NULL) {
		http->password = strdup(opts->password);
		if (http->password == NULL)
			return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	} else if (opts->password_file != NULL) {
		if (hs_http_password_file(opts->password_file, &http->password, err) != 0)
			return -1;
	} else if (env != NULL && *env != '\0' && opts->username != NULL) {
		http->password = strdup(env);
		if (http->password == NULL)
			return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	}
	if (http->password != NULL && opts->username == NULL)
		return hs_error_set(err, HS_ERR_USAGE,
				    "a password is given but no --username (the user of the "
				    "page's 'stats auth USER:PASSWORD')");
	if (opts->username != NULL && http->password == NULL)
		return hs_error_set(err, HS_ERR_USAGE,
				    "--username needs a password: --password-file FILE, the "
				    "environment variable %s, or password=... in an --extra-opts "
				    "file",
				    HS_HTTP_PASSWORD_ENV);
	http->username = opts->username;
	http->ca_file = opts->ca_file;
	http->client_cert = opts->client_cert;
	http->client_key = opts->client_key;
	http->insecure = opts->insecure;
	return 0;
}

int
hs_options_finish(struct hs_check_config *cfg, const struct hs_options *opts, struct hs_error *err)
{
	struct hs_endpoint ep = {0};

	if (opts->discover_host != NULL && opts->discover == HS_DISCOVER_NONE)
		return hs_error_set(err, HS_ERR_USAGE, "--discover-host goes with --discover");
	if (opts->discover != HS_DISCOVER_NONE && opts->check_only != NULL)
		return hs_error_set(err, HS_ERR_USAGE,
				    "--discover writes where to read from and one --proxy per "
				    "service; --%s is for a check: add it to the definitions "
				    "written",
				    opts->check_only);
	if (opts->input != NULL && (cfg->nodes > 0 || opts->master != NULL))
		return hs_error_set(err, HS_ERR_USAGE,
				    "give only one of -S, -H, --url and --input (--input reads one "
				    "saved answer; --master-socket needs a live HAProxy)");
	if (opts->master != NULL && cfg->nodes > 1)
		return hs_error_set(err, HS_ERR_USAGE,
				    "--master-socket goes with one node: give at most one -S or "
				    "-H with it (check each master-worker HAProxy in its own "
				    "service)");
	if (opts->master != NULL && opts->url != NULL)
		return hs_error_set(err, HS_ERR_USAGE,
				    "--master-socket goes with a stats socket, not --url: give "
				    "-S, or the master socket alone");
	if (opts->url == NULL &&
	    (opts->username || opts->password || opts->password_file || opts->ca_file ||
	     opts->client_cert || opts->client_key || opts->insecure))
		return hs_error_set(err, HS_ERR_USAGE,
				    "--username, password=, --password-file, --ca-file, "
				    "--client-cert, --client-key and --insecure need --url");
	if (opts->url != NULL && url_options(cfg, opts, err) != 0)
		return -1;
	if (opts->port != NULL && opts->host == NULL)
		return hs_error_set(err, HS_ERR_USAGE, "-p needs -H");
	if (hs_rules_compile(&cfg->rules, err) != 0)
		return -1;
	cfg->master = opts->master;
	if (opts->master == NULL) {
		size_t i;

		for (i = 0; i < cfg->rules.count; i++) {
			if (hs_metric_needs(&cfg->rules.rule[i].metric) & HS_NEED_MASTER)
				return hs_error_set(err, HS_ERR_USAGE,
						    "'%s' is read from the master CLI: give "
						    "--master-socket (HAProxy's -S path)",
						    cfg->rules.rule[i].key);
		}
	}
	if (cfg->nodes == 1 && opts->host != NULL && opts->port == NULL) {
		/* one -H: the message of a lone HOST without -p */
		const char *addr = hs_node_split(&cfg->node[0], err);

		if (addr == NULL)
			return -1;
		if (strchr(addr, ':') == NULL)
			return hs_error_set(err, HS_ERR_USAGE,
					    "-H needs -p (the port of HAProxy's 'stats socket "
					    "ipv4@...' line), or give -H HOST:PORT");
	}
	if (cfg->nodes > 0)
		return hs_nodes_set(cfg, opts->port, err);
	if (opts->input != NULL) {
		ep.kind = HS_EP_FILE;
		ep.path = opts->input;
		return hs_node_set_one(cfg, 0, &ep, err);
	}
	if (opts->master != NULL) {
		/* stats of the current worker, through the master */
		ep.kind = HS_EP_MASTER;
		ep.path = opts->master;
		return hs_node_set_one(cfg, 0, &ep, err);
	}
	ep.kind = HS_EP_UNIX;
	ep.path = hs_default_socket();
	if (ep.path == NULL)
		return hs_error_set(err, HS_ERR_NOENT,
				    "no stats socket at %s or %s: give its path with -S "
				    "(HAProxy's 'stats socket' line), or -H/-p for a TCP "
				    "socket",
				    hs_default_sockets[0], hs_default_sockets[1]);
	return hs_node_set_one(cfg, 'S', &ep, err); /* the default counts as a -S */
}

enum hs_state
hs_options_error_state(const struct hs_check_config *cfg, const struct hs_options *opts,
		       const struct hs_error *err)
{
	switch (err->code) {
	case HS_ERR_TIMEOUT:
		return opts->timeout_state;
	case HS_ERR_REFUSED:
		return cfg->policy.state[HS_POL_HAPROXY_REFUSED];
	case HS_ERR_NOENT:
		/* no node: no default socket exists */
		if (cfg->nodes == 0 || cfg->node[0].ep.kind == HS_EP_UNIX ||
		    cfg->node[0].ep.kind == HS_EP_MASTER)
			return cfg->policy.state[HS_POL_HAPROXY_MISSING];
		return HS_STATE_UNKNOWN;
	default:
		return HS_STATE_UNKNOWN;
	}
}
