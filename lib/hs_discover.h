/* hs_discover.h: service definitions for the proxies found (--discover).
 *
 * Turns a list of proxies (hs_inventory.h) and the connection options a
 * check was given into the text of one service definition per proxy, for
 * Icinga 2 (objects using the CheckCommand "haproxy_stat" of
 * contrib/icinga2/haproxy_stat.conf) or Nagios (services using the
 * command "check_haproxy_stat_options" of contrib/nagios/commands.cfg):
 *
 *   - one service per frontend, per backend, and one for a proxy that is
 *     both (a "listen" section, or a frontend and a backend sharing a
 *     name, which one --proxy selects together), named "haproxy frontend
 *     NAME", "haproxy backend NAME", "haproxy listen NAME" or "haproxy
 *     frontend+backend NAME": unique, since proxy names are;
 *   - each selects its proxy with a --proxy pattern that matches that name
 *     only (--proxy matches the whole name; '.', the one regex
 *     metacharacter a HAProxy name may hold, is written "[.]");
 *   - the connection options (sockets, hosts and port, URLs, TLS files,
 *     the user, the password FILE's path, the master socket, the input
 *     file, -t) carried as given. A password itself is never written:
 *     one given through the environment or an --extra-opts file gets a
 *     comment saying where to set it.
 *
 * Every value is escaped for its target (Icinga 2 string literals; Nagios
 * object files, '!'-separated arguments and the shell Nagios runs the
 * command line with), and a value that cannot be written safely (a
 * control byte, '$', which both expand as a macro, and for Nagios a quote
 * or a backslash) is refused with a USAGE error naming it: never a
 * definition that breaks the configuration or adds to it.
 */
#ifndef HS_DISCOVER_H
#define HS_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_buf.h"
#include "hs_config.h"
#include "hs_error.h"
#include "hs_inventory.h"

enum hs_discover_target {
	HS_DISCOVER_NONE,
	HS_DISCOVER_ICINGA2,
	HS_DISCOVER_NAGIOS,
};

/* The connection options of a check, as given on its command line. */
struct hs_discover_conn {
	/* every -S, -H and --url in order: 'S', 'H' or 'U' and its value
	 * ("[NAME=]ADDRESS"); a default socket found counts as one -S */
	struct {
		char opt;
		const char *arg;
	} node[HS_NODES_MAX];
	size_t nodes;
	const char *port;          /* -p, or NULL */
	const char *master;        /* --master-socket, or NULL */
	const char *input;         /* --input, or NULL */
	const char *username;      /* --username, or NULL */
	const char *password_file; /* --password-file (a path, not a secret), or NULL */
	const char *ca_file;       /* --ca-file, or NULL */
	const char *client_cert;   /* --client-cert, or NULL */
	const char *client_key;    /* --client-key (a path), or NULL */
	const char *timeout;       /* -t as given, or NULL */
	bool insecure;             /* --insecure */
	/* the password came from the environment or an --extra-opts file:
	 * it is not written, a comment says where it must be set */
	bool password_elsewhere;
	/* where the pointers above hold a path made absolute (a relative
	 * path means nothing to a monitoring daemon with another working
	 * directory) */
	char owned[8192];
	size_t used;
};

/* Fills <conn> with the connection options of <cfg> (its options
 * finished: hs_options.h), plus what only the command line holds as
 * given: -p <port>, -t <timeout> and --password-file <password_file>
 * (each NULL when absent). Every -S, -H and --url node is carried (a
 * default socket found counts as a -S), and --input and --master-socket;
 * relative paths (sockets, files) are made absolute with the working
 * directory. Strings point into <cfg>, the arguments and <conn>.
 */
void hs_discover_conn_init(struct hs_discover_conn *conn, const struct hs_check_config *cfg,
			   const char *port, const char *timeout, const char *password_file);

/* Parses the value of --discover=TARGET: "icinga2" or "nagios". Returns
 * the target, or HS_DISCOVER_NONE for anything else.
 */
enum hs_discover_target hs_discover_target_parse(const char *text);

/* Writes <pattern> of <size> bytes: the --proxy pattern that matches
 * <name> (a valid HAProxy name) and no other name. Returns false when
 * <name> is not valid or the pattern does not fit.
 */
bool hs_discover_pattern(const char *name, char *pattern, size_t size);

/* Appends to <out> the definitions for <target> of one service per proxy
 * of <inv> on host <host>, reading through <conn>: a comment line saying
 * what wrote them, then the definitions. Fails with USAGE (nothing useful
 * in <out>) when <host> or a value of <conn> cannot be written for the
 * target, or <conn> mixes kinds of node the Icinga 2 CheckCommand cannot
 * express (-S with -H or --url); NOMEM. Returns 0 or -1.
 */
int hs_discover_write(enum hs_discover_target target, const char *host,
		      const struct hs_discover_conn *conn, const struct hs_inventory *inv,
		      struct hs_buf *out, struct hs_error *err);

#endif
