/* hs_discover.c: service definitions for the proxies found (--discover). */
#include <hs-config.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hs_discover.h"
#include "hs_expect.h"

/* Longest --proxy pattern: a name of 255 bytes, each '.' written "[.]". */
#define PATTERN_MAX (3 * 255 + 1)

enum hs_discover_target
hs_discover_target_parse(const char *text)
{
	if (strcmp(text, "icinga2") == 0)
		return HS_DISCOVER_ICINGA2;
	if (strcmp(text, "nagios") == 0)
		return HS_DISCOVER_NAGIOS;
	return HS_DISCOVER_NONE;
}

bool
hs_discover_pattern(const char *name, char *pattern, size_t size)
{
	size_t o = 0;
	const char *p;

	if (!hs_name_valid(name))
		return false;
	/* of the letters, digits and . _ : - a name may hold, only '.' means
	 * something else in a POSIX extended regex; a bracket keeps it
	 * literal without a backslash, which no target has to escape */
	for (p = name; *p != '\0'; p++) {
		const char *piece = *p == '.' ? "[.]" : NULL;
		size_t len = piece != NULL ? 3 : 1;

		if (o + len >= size)
			return false;
		memcpy(pattern + o, piece != NULL ? piece : p, len);
		o += len;
	}
	if (size == 0)
		return false;
	pattern[o] = '\0';
	return true;
}

/* Returns the first byte of <s> that no target can carry (a control byte
 * or '$', which Icinga 2 and Nagios both expand as a macro), or NULL.
 */
static const char *
unsafe_byte(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '$')
			return s;
	}
	return NULL;
}

/* Fails with USAGE for value <value> of <what> that cannot be written
 * because of byte <bad>.
 */
static int
refuse(const char *what, const char *value, const char *bad, const char *target,
       struct hs_error *err)
{
	char excerpt[120];

	hs_sanitize_excerpt(excerpt, sizeof(excerpt), value, 100);
	return hs_error_set(
		err, HS_ERR_USAGE,
		"%s '%s' cannot be written into %s definitions: it holds %s%c%s "
		"(control bytes and '$' are never written%s)",
		what, excerpt, target, (unsigned char)*bad < 0x20 ? "byte " : "'",
		(unsigned char)*bad < 0x20 || *bad == 0x7f ? '?' : *bad,
		(unsigned char)*bad < 0x20 ? "" : "'",
		strcmp(target, "Nagios") == 0 ? ", nor quotes and backslashes for Nagios" : "");
}

/* Appends <s> to <out> as an Icinga 2 string literal (quotes included),
 * <s> having been checked by check_value(). Returns false when out of
 * memory.
 */
static bool
icinga_string(struct hs_buf *out, const char *s)
{
	bool ok = hs_buf_append(out, "\"", 1);

	for (; ok && *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			ok = hs_buf_append(out, "\\", 1);
		ok = ok && hs_buf_append(out, s, 1);
	}
	return ok && hs_buf_append(out, "\"", 1);
}

/* Checks that <value> of <what> can be written for <target>: no control
 * byte nor '$', and for Nagios (a single-quoted shell word in an argument
 * of check_command) no quote nor backslash. Returns 0 or -1.
 */
static int
check_value(enum hs_discover_target target, const char *what, const char *value,
	    struct hs_error *err)
{
	const char *bad = unsafe_byte(value);

	if (bad == NULL && target == HS_DISCOVER_NAGIOS)
		bad = strpbrk(value, "'\"\\`");
	if (bad != NULL)
		return refuse(what, value, bad,
			      target == HS_DISCOVER_NAGIOS ? "Nagios" : "Icinga 2", err);
	if (*value == '\0')
		return hs_error_set(err, HS_ERR_USAGE, "%s is empty: nothing to write", what);
	return 0;
}

/* Checks the host name <host> for <target>: a value (check_value()) that
 * is also a valid object name: for Nagios none of its
 * illegal_object_name_chars nor ';'. Returns 0 or -1.
 */
static int
check_host(enum hs_discover_target target, const char *host, struct hs_error *err)
{
	const char *bad;

	if (check_value(target, "--discover-host", host, err) != 0)
		return -1;
	bad = strpbrk(host, target == HS_DISCOVER_NAGIOS ? "`~!%^&*|<>?,()=;" : "!");
	if (bad != NULL)
		return refuse("--discover-host", host, bad,
			      target == HS_DISCOVER_NAGIOS ? "Nagios" : "Icinga 2", err);
	return 0;
}

/* One option to carry: its long name and value (NULL: a flag). */
struct carried {
	const char *option; /* "--socket" */
	const char *var;    /* Icinga 2 variable: "haproxy_stat_socket" */
	const char *value;
};

/* The options of <conn> but the nodes, in the order written, into <c>
 * (room for 12). Returns how many.
 */
static size_t
carried_options(const struct hs_discover_conn *conn, struct carried *c)
{
	size_t n = 0;

#define CARRY(opt, var, val)                                                                       \
	do {                                                                                       \
		if ((val) != NULL)                                                                 \
			c[n++] = (struct carried){opt, var, val};                                  \
	} while (0)
	CARRY("--master-socket", "haproxy_stat_master_socket", conn->master);
	CARRY("--input", "haproxy_stat_input", conn->input);
	CARRY("--username", "haproxy_stat_username", conn->username);
	CARRY("--password-file", "haproxy_stat_password_file", conn->password_file);
	CARRY("--ca-file", "haproxy_stat_ca_file", conn->ca_file);
	CARRY("--client-cert", "haproxy_stat_client_cert", conn->client_cert);
	CARRY("--client-key", "haproxy_stat_client_key", conn->client_key);
	CARRY("--timeout", "haproxy_stat_timeout", conn->timeout);
#undef CARRY
	return n;
}

/* The long option of node kind <opt>. */
static const char *
node_option(char opt)
{
	return opt == 'S' ? "--socket" : opt == 'H' ? "--hostname" : "--url";
}

/* Checks every value of <conn> for <target>. Returns 0 or -1. */
static int
check_conn(enum hs_discover_target target, const struct hs_discover_conn *conn,
	   struct hs_error *err)
{
	struct carried c[12];
	size_t i, n = carried_options(conn, c);

	for (i = 0; i < conn->nodes; i++) {
		if (check_value(target, node_option(conn->node[i].opt), conn->node[i].arg, err) !=
		    0)
			return -1;
	}
	if (conn->port != NULL && check_value(target, "--port", conn->port, err) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (check_value(target, c[i].option, c[i].value, err) != 0)
			return -1;
	}
	return 0;
}

/* What proxy <px> is, in its service's name. */
static const char *
proxy_kind(const struct hs_inv_proxy *px)
{
	if (px->listen)
		return "listen";
	if (px->frontend && px->backend)
		return "frontend+backend";
	return px->frontend ? "frontend" : "backend";
}

/* The port of -H <arg> ("[NAME=]HOST:PORT" or "[NAME=][V6]:PORT"), or
 * NULL when it has none.
 */
static const char *
host_port(const char *arg)
{
	const char *eq = strchr(arg, '=');
	const char *addr = eq != NULL ? eq + 1 : arg;
	const char *colon = strrchr(addr, ':');

	if (colon == NULL)
		return NULL;
	if (addr[0] == '[')
		return colon > addr && colon[-1] == ']' ? colon + 1 : NULL;
	return strchr(addr, ':') == colon ? colon + 1 : NULL;
}

/* Appends "\tvars.<var> = <value or array of the nodes of kind <opt>>\n". */
static bool
icinga_nodes(struct hs_buf *out, const struct hs_discover_conn *conn, const char *var)
{
	bool ok = hs_buf_printf(out, "\tvars.%s = %s", var, conn->nodes > 1 ? "[ " : "");
	size_t i;

	for (i = 0; ok && i < conn->nodes; i++)
		ok = (i == 0 || hs_buf_append(out, ", ", 2)) &&
		     icinga_string(out, conn->node[i].arg);
	return ok && hs_buf_printf(out, "%s\n", conn->nodes > 1 ? " ]" : "");
}

/* Appends the Icinga 2 variables of the connection <conn> (checked). */
static bool
icinga_conn(struct hs_buf *out, const struct hs_discover_conn *conn)
{
	struct carried c[12];
	size_t i, n = carried_options(conn, c);
	bool ok = true;

	if (conn->nodes > 0 && conn->node[0].opt == 'S') {
		ok = icinga_nodes(out, conn, "haproxy_stat_socket");
	} else if (conn->nodes > 0 && conn->node[0].opt == 'H') {
		/* the CheckCommand passes --hostname only with a port: -p, or
		 * the first node's own (each node's own port wins over -p) */
		const char *port = conn->port != NULL ? conn->port : host_port(conn->node[0].arg);

		ok = icinga_nodes(out, conn, "haproxy_stat_hostname") &&
		     hs_buf_append(out, "\tvars.haproxy_stat_port = ", 26) &&
		     icinga_string(out, port != NULL ? port : "") && hs_buf_append(out, "\n", 1);
	} else if (conn->nodes > 0) {
		ok = icinga_nodes(out, conn, "haproxy_stat_url");
	} else if (conn->input == NULL) {
		/* the master CLI alone: not the CheckCommand's default socket */
		ok = hs_buf_printf(out, "\tvars.haproxy_stat_socket = \"\"\n");
	}
	for (i = 0; ok && i < n; i++)
		ok = hs_buf_printf(out, "\tvars.%s = ", c[i].var) &&
		     icinga_string(out, c[i].value) && hs_buf_append(out, "\n", 1);
	if (ok && conn->insecure)
		ok = hs_buf_printf(out, "\tvars.haproxy_stat_insecure = true\n");
	return ok;
}

/* Appends "<option>='<value>'" (after a space unless <out> ends in '!')
 * for Nagios: <value> (checked) in single
 * quotes for the shell, with '!' (the argument separator) and ';' (a
 * comment in an object file) escaped for Nagios.
 */
static bool
nagios_word(struct hs_buf *out, const char *option, const char *value)
{
	bool first = out->len > 0 && out->data[out->len - 1] == '!';
	bool ok = hs_buf_printf(out, "%s%s", first ? "" : " ", option);

	if (value == NULL)
		return ok;
	ok = ok && hs_buf_append(out, "='", 2);
	for (; ok && *value != '\0'; value++) {
		if (*value == '!' || *value == ';')
			ok = hs_buf_append(out, "\\", 1);
		ok = ok && hs_buf_append(out, value, 1);
	}
	return ok && hs_buf_append(out, "'", 1);
}

/* Appends the Nagios options of the connection <conn> (checked). */
static bool
nagios_conn(struct hs_buf *out, const struct hs_discover_conn *conn)
{
	struct carried c[12];
	size_t i, n = carried_options(conn, c);
	bool ok = true;

	for (i = 0; ok && i < conn->nodes; i++)
		ok = nagios_word(out, node_option(conn->node[i].opt), conn->node[i].arg);
	if (ok && conn->port != NULL)
		ok = nagios_word(out, "--port", conn->port);
	for (i = 0; ok && i < n; i++)
		ok = nagios_word(out, c[i].option, c[i].value);
	if (ok && conn->insecure)
		ok = nagios_word(out, "--insecure", NULL);
	return ok;
}

/* Appends the definition of the service of <px> on <host>. */
static bool
write_service(enum hs_discover_target target, const char *host, const struct hs_discover_conn *conn,
	      const struct hs_inv_proxy *px, struct hs_buf *out)
{
	char pattern[PATTERN_MAX];
	bool ok;

	if (!hs_discover_pattern(px->name, pattern, sizeof(pattern)))
		return false; /* the inventory holds valid names only */
	if (target == HS_DISCOVER_ICINGA2) {
		ok = hs_buf_printf(out, "\nobject Service \"haproxy %s %s\" {\n\thost_name = ",
				   proxy_kind(px), px->name) &&
		     icinga_string(out, host) &&
		     hs_buf_printf(out, "\n\tcheck_command = \"haproxy_stat\"\n") &&
		     icinga_conn(out, conn) &&
		     hs_buf_printf(out, "\tvars.haproxy_stat_proxy = \"%s\"\n}\n", pattern);
		return ok;
	}
	ok = hs_buf_printf(out,
			   "\ndefine service {\n"
			   "    use                     generic-service\n"
			   "    host_name               %s\n"
			   "    service_description     haproxy %s %s\n"
			   "    check_command           check_haproxy_stat_options!",
			   host, proxy_kind(px), px->name) &&
	     nagios_conn(out, conn) && nagios_word(out, "--proxy", pattern) &&
	     hs_buf_printf(out, "\n}\n");
	return ok;
}

int
hs_discover_write(enum hs_discover_target target, const char *host,
		  const struct hs_discover_conn *conn, const struct hs_inventory *inv,
		  struct hs_buf *out, struct hs_error *err)
{
	const char *c = target == HS_DISCOVER_NAGIOS ? "#" : "//";
	bool ok;
	size_t i;

	if (target != HS_DISCOVER_ICINGA2 && target != HS_DISCOVER_NAGIOS)
		return hs_error_set(err, HS_ERR_USAGE, "--discover: give icinga2 or nagios");
	if (check_host(target, host, err) != 0 || check_conn(target, conn, err) != 0)
		return -1;
	for (i = 1; target == HS_DISCOVER_ICINGA2 && i < conn->nodes; i++) {
		if (conn->node[i].opt != conn->node[0].opt)
			return hs_error_set(err, HS_ERR_USAGE,
					    "the Icinga 2 CheckCommand haproxy_stat takes nodes of "
					    "one kind: -S, -H or --url (discover each kind on its "
					    "own, or use --discover=nagios)");
	}
	ok = hs_buf_printf(out,
			   "%s check_haproxy_stat --discover=%s: %zu service%s on host %s, one per "
			   "frontend and backend\n",
			   c, target == HS_DISCOVER_NAGIOS ? "nagios" : "icinga2", inv->count,
			   inv->count == 1 ? "" : "s", host);
	if (target == HS_DISCOVER_ICINGA2)
		ok = ok && hs_buf_printf(out, "// needs the CheckCommand haproxy_stat "
					      "(contrib/icinga2/haproxy_stat.conf)\n");
	else
		ok = ok && hs_buf_printf(out, "# needs the command check_haproxy_stat_options "
					      "(contrib/nagios/commands.cfg) and the template "
					      "generic-service\n");
	if (ok && conn->password_elsewhere)
		ok = target == HS_DISCOVER_ICINGA2
			     ? hs_buf_printf(out, "// the password is not written here: set "
						  "vars.haproxy_stat_password on the host or on "
						  "these services (the CheckCommand hands it over "
						  "in the environment)\n")
			     : hs_buf_printf(out, "# the password is not written here: add "
						  "--password-file=FILE (mode 600 or 640) or "
						  "--extra-opts to each check_command\n");
	for (i = 0; ok && i < inv->count; i++)
		ok = write_service(target, host, conn, &inv->proxy[i], out);
	if (!ok)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	return 0;
}

/* Returns <path> made absolute with the working directory, stored in
 * <conn->owned> after the <skip> bytes of <path> that precede it (a node's
 * NAME=); <path> itself when it is absolute, "-", or does not fit.
 */
static const char *
absolute(struct hs_discover_conn *conn, const char *path, size_t skip)
{
	char cwd[4096];
	char *at = conn->owned + conn->used;
	size_t room = sizeof(conn->owned) - conn->used;
	int n;

	if (path == NULL || path[skip] == '/' || strcmp(path + skip, "-") == 0 ||
	    getcwd(cwd, sizeof(cwd)) == NULL)
		return path;
	n = snprintf(at, room, "%.*s%s/%s", (int)skip, path, strcmp(cwd, "/") == 0 ? "" : cwd,
		     path + skip + (strncmp(path + skip, "./", 2) == 0 ? 2 : 0));
	if (n < 0 || (size_t)n >= room)
		return path;
	conn->used += (size_t)n + 1;
	return at;
}

void
hs_discover_conn_init(struct hs_discover_conn *conn, const struct hs_check_config *cfg,
		      const char *port, const char *timeout, const char *password_file)
{
	size_t i;

	memset(conn, 0, sizeof(*conn));
	for (i = 0; i < cfg->nodes; i++) {
		const struct hs_node *node = &cfg->node[i];

		if (node->opt == 0)
			continue; /* --input or a --master-socket alone */
		conn->node[conn->nodes].opt = node->opt;
		/* a socket's path follows its NAME= in the text given */
		conn->node[conn->nodes++].arg =
			node->opt == 'S'
				? absolute(conn, node->given, (size_t)(node->ep.path - node->given))
				: node->given;
	}
	conn->port = port;
	conn->master = absolute(conn, cfg->master, 0);
	if (cfg->nodes == 1 && cfg->node[0].ep.kind == HS_EP_FILE)
		conn->input = absolute(conn, cfg->node[0].ep.path, 0);
	conn->username = cfg->http.username;
	conn->password_file = absolute(conn, password_file, 0);
	conn->ca_file = absolute(conn, cfg->http.ca_file, 0);
	conn->client_cert = absolute(conn, cfg->http.client_cert, 0);
	conn->client_key = absolute(conn, cfg->http.client_key, 0);
	conn->timeout = timeout;
	conn->insecure = cfg->http.insecure;
	/* a password from --extra-opts or the environment is not carried */
	conn->password_elsewhere = conn->username != NULL && password_file == NULL;
}
