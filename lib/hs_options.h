/* hs_options.h: the check's command line.
 *
 * Turns argv (after --extra-opts expanded it, hs_ini.h) into a struct
 * hs_check_config plus the few settings only the plugin's main needs.
 * Never prints, never exits: every refusal is a USAGE error whose message
 * names the option and the value (never a password, nor the value of an
 * unknown option). Help and version stay in the plugin (they print
 * Monitoring Plugins' texts).
 */
#ifndef HS_OPTIONS_H
#define HS_OPTIONS_H

#include <stdbool.h>

#include "hs_config.h"
#include "hs_discover.h"
#include "hs_error.h"
#include "hs_range.h"

enum hs_options_action {
	HS_OPTIONS_RUN,     /* run the check */
	HS_OPTIONS_HELP,    /* -h seen: print the help, exit UNKNOWN */
	HS_OPTIONS_VERSION, /* -V seen: print the version, exit UNKNOWN */
};

struct hs_options {
	enum hs_options_action action;
	enum hs_state timeout_state; /* -t SECONDS:STATE; CRITICAL by default */
	/* where to read from as given (every -S, -H and --url is a node of
	 * the config); NULL when absent */
	const char *host;          /* the first -H */
	const char *url;           /* the first --url */
	const char *port;          /* -p */
	const char *input;         /* --input */
	const char *master;        /* --master-socket */
	const char *username;      /* --username */
	const char *password;      /* --password: from an --extra-opts file only (the plugin
				    * refuses it on the command line) */
	const char *password_file; /* --password-file */
	const char *ca_file;       /* --ca-file */
	const char *client_cert;   /* --client-cert */
	const char *client_key;    /* --client-key */
	bool insecure;             /* --insecure */
	const char *timeout;       /* -t as given */
	/* --discover=TARGET: write service definitions instead of checking */
	enum hs_discover_target discover;
	const char *discover_host; /* --discover-host */
	/* the first option given that only a check uses (-w, --policy, ...),
	 * which --discover refuses; NULL when none */
	const char *check_only;
	/* the entry of argv hs_options_parse() failed on, NULL when it did not
	 * fail or failed on none in particular */
	const char *bad_arg;
};

/* Parses the options of <argv> (<argc> entries, argv[0] the program name)
 * into <cfg> (initialised by hs_check_config_init) and <opts>. Strings in
 * <cfg> and <opts> point into <argv>, which must outlive them; getopt may
 * reorder <argv>. Each -S, -H and --url is recorded as a node of <cfg>
 * (its opt and given text). Rules are added but not compiled and the
 * nodes are not set: hs_options_finish does both. Stops at -h or -V (the
 * action says which). Fails with USAGE for an unknown option, a missing or
 * bad value, a positional argument, more than HS_NODES_MAX -S, -H and
 * --url, or -p, --master-socket or --input given twice; NOMEM as the rule
 * and selection parsers may; <opts->bad_arg> is then the entry of <argv>
 * it failed on. Returns 0 or -1.
 */
int hs_options_parse(int argc, char **argv, struct hs_check_config *cfg, struct hs_options *opts,
		     struct hs_error *err);

/* Checks the options against each other, compiles the rules and sets
 * <cfg>'s nodes (hs_node.h): each -S, -H (with -p) and --url, else one of
 * --input, the master socket (stats of the current worker through it), or
 * the first default socket that exists. For --url, the password comes
 * from --password (an --extra-opts file), --password-file (refused when
 * others may read it) or the environment variable HS_HTTP_PASSWORD_ENV, in
 * <cfg->http>. Fails with USAGE for conflicting or incomplete endpoint
 * options, a bad node (hs_nodes_set) or a rule that does not compile, and
 * with NOENT when no endpoint is given and no default socket exists.
 * Returns 0 or -1.
 */
int hs_options_finish(struct hs_check_config *cfg, const struct hs_options *opts,
		      struct hs_error *err);

/* The state the plugin exits with when the check failed with <err>:
 * TIMEOUT gives -t's STATE; REFUSED (HAProxy not running) gives the
 * policy line haproxy.refused; NOENT on a unix socket (no such path)
 * gives haproxy.missing; everything else, including a missing --input
 * file, is UNKNOWN.
 */
enum hs_state hs_options_error_state(const struct hs_check_config *cfg,
				     const struct hs_options *opts, const struct hs_error *err);

#endif
