/* hs_node.c: the nodes of a check, from the options that name them. */
#include <hs-config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_node.h"

/* The option <node> was given with, for messages. */
static const char *
option(const struct hs_node *node)
{
	return node->opt == 'H' ? "-H" : node->opt == 'U' ? "--url" : "-S";
}

const char *
hs_node_split(struct hs_node *node, struct hs_error *err)
{
	const char *arg = node->given;
	size_t len =
		strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");
	char shown[HS_ERROR_MSG_MAX];

	node->name[0] = '\0';
	if (arg[len] != '=')
		return arg; /* no name: a path such as ./a=b.sock, or a host */
	hs_http_url_redact(shown, sizeof(shown), arg); /* a --url's credentials */
	if (len == 0 || len > HS_NODE_NAME_MAX) {
		hs_error_set(err, HS_ERR_USAGE,
			     "%s '%.200s': a node name (before '=') has 1 to %d letters, digits, "
			     "'_', '-' or '.'",
			     option(node), shown, HS_NODE_NAME_MAX);
		return NULL;
	}
	if (arg[len + 1] == '\0') {
		hs_error_set(err, HS_ERR_USAGE, "%s '%.200s': no address after the node name",
			     option(node), shown);
		return NULL;
	}
	memcpy(node->name, arg, len);
	node->name[len] = '\0';
	return arg + len + 1;
}

/* True if <text> is a port number: digits only, from 1 to 65535. */
static bool
is_port(const char *text)
{
	unsigned long n = 0;

	do {
		if (*text < '0' || *text > '9')
			return false;
		n = n * 10 + (unsigned long)(*text - '0');
	} while (n <= 65535 && *++text != '\0');
	return n >= 1 && n <= 65535;
}

/* True if -H <addr> carries its port: HOST:PORT (one ':') or [IPV6]:PORT. */
static bool
has_port_form(const char *addr)
{
	const char *colon = strrchr(addr, ':');

	if (colon == NULL)
		return false;
	if (addr[0] == '[')
		return colon > addr && colon[-1] == ']';
	return strchr(addr, ':') == colon;
}

/* Sets <node>'s endpoint from -H <addr>: HOST, HOST:PORT or [V6]:PORT
 * (the port of -p <port> when the address has none; a bare IPv6 address
 * takes -p). Returns 0 or -1.
 */
static int
set_tcp(struct hs_node *node, const char *addr, const char *port, struct hs_error *err)
{
	const char *colon = strrchr(addr, ':');
	bool has_port = has_port_form(addr);
	size_t hlen = has_port ? (size_t)(colon - addr) : strlen(addr);

	if (hlen == 0 || hlen >= sizeof(node->host))
		return hs_error_set(err, HS_ERR_USAGE, "-H '%s': no host, or too long", addr);
	memcpy(node->host, addr, hlen); /* [IPV6] keeps its brackets: transport strips them */
	node->host[hlen] = '\0';
	if (has_port) {
		if (!is_port(colon + 1))
			return hs_error_set(err, HS_ERR_USAGE,
					    "-H '%s': '%s' is not a port number (1-65535)", addr,
					    colon + 1);
		snprintf(node->port, sizeof(node->port), "%s", colon + 1);
	} else if (port != NULL) {
		snprintf(node->port, sizeof(node->port), "%s", port);
	} else {
		return hs_error_set(err, HS_ERR_USAGE,
				    "-H '%s' needs a port: HOST:PORT, [IPV6]:PORT or -p (the port "
				    "of HAProxy's 'stats socket ipv4@...' line)",
				    addr);
	}
	node->ep.kind = HS_EP_TCP;
	node->ep.host = node->host;
	node->ep.port = node->port;
	return 0;
}

/* Describes <node>'s endpoint into <node->desc>, sized from its parts,
 * and names the node by it unless a NAME= did. Returns 0 or -1 (NOMEM).
 */
static int
describe(struct hs_node *node, struct hs_error *err)
{
	const struct hs_endpoint *ep = &node->ep;
	size_t size =
		sizeof("standard input") + sizeof("[]:") + sizeof(" (master CLI, current worker)");

	size += ep->path != NULL ? strlen(ep->path) : 0;
	size += ep->host != NULL ? strlen(ep->host) : 0;
	size += ep->port != NULL ? strlen(ep->port) : 0;
	size += ep->http != NULL ? strlen(hs_http_describe(ep->http)) : 0;
	free(node->desc);
	node->desc = malloc(size);
	if (node->desc == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	hs_endpoint_describe(ep, node->desc, size);
	if (node->name[0] == '\0')
		snprintf(node->name, sizeof(node->name), "%s", node->desc);
	return 0;
}

int
hs_nodes_set(struct hs_check_config *cfg, const char *port, struct hs_error *err)
{
	size_t i, j;

	for (i = 0; i < cfg->nodes; i++) {
		struct hs_node *node = &cfg->node[i];
		const char *addr = hs_node_split(node, err);

		if (addr == NULL)
			return -1;
		if (node->opt == 'S') {
			node->ep.kind = HS_EP_UNIX;
			node->ep.path = addr;
		} else if (node->opt == 'U') {
			if (hs_http_url_check(addr, err) != 0)
				return -1;
			/* the password stays owned by cfg->http */
			node->http = cfg->http;
			node->http.url = addr;
			node->ep.kind = HS_EP_HTTP;
			node->ep.http = &node->http;
		} else if (set_tcp(node, addr, port, err) != 0) {
			return -1;
		}
		if (describe(node, err) != 0)
			return -1;
		for (j = 0; j < i; j++) {
			if (strcmp(cfg->node[j].name, node->name) == 0)
				return hs_error_set(err, HS_ERR_USAGE,
						    "node '%s' given twice: give each node once, "
						    "with a NAME= of its own",
						    node->name);
		}
	}
	return 0;
}

int
hs_node_set_one(struct hs_check_config *cfg, char opt, const struct hs_endpoint *ep,
		struct hs_error *err)
{
	struct hs_node *node = &cfg->node[0];

	hs_nodes_free(cfg);
	memset(node, 0, sizeof(*node));
	node->opt = opt;
	node->given = ep->path;
	node->ep = *ep;
	cfg->nodes = 1;
	return describe(node, err);
}

void
hs_nodes_free(struct hs_check_config *cfg)
{
	size_t i;

	for (i = 0; i < HS_NODES_MAX; i++) {
		free(cfg->node[i].desc);
		cfg->node[i].desc = NULL;
	}
}
