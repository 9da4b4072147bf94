/* hs_node.h: the nodes of a check, from the options that name them.
 *
 * Each -S, -H or --url the parser recorded (struct hs_node's opt and
 * given) becomes a node once: its NAME= split off, its endpoint set (a
 * unix socket, HOST:PORT or [IPV6]:PORT, a stats page), and its name and
 * description computed for every message. --input, a --master-socket alone
 * and the default socket make the one node of a check the same way.
 */
#ifndef HS_NODE_H
#define HS_NODE_H

#include "hs_config.h"
#include "hs_error.h"

/* Splits <node->given> into <node->name> (when NAME, before the first
 * '=' and any '/', is 1 to HS_NODE_NAME_MAX letters, digits, '_', '-' or
 * '.'; else empty) and returns the address that follows. Returns NULL
 * with USAGE in <err> for an empty name or address.
 */
const char *hs_node_split(struct hs_node *node, struct hs_error *err);

/* Sets the nodes of <cfg> from their opt and given text: the endpoint of
 * each (a -H without a port of its own takes <port>, -p, or fails; a
 * --url copies <cfg->http> with its URL), its description, and its name
 * (its NAME=, else its description). Fails with USAGE for a bad name,
 * address, port or URL, or two nodes of the same name; NOMEM. Returns 0
 * or -1.
 */
int hs_nodes_set(struct hs_check_config *cfg, const char *port, struct hs_error *err);

/* Makes <cfg>'s one node read <ep> (whose strings must outlive <cfg>):
 * the default socket (<opt> 'S'), or --input or a --master-socket alone
 * (<opt> 0). Fails with NOMEM only. Returns 0 or -1.
 */
int hs_node_set_one(struct hs_check_config *cfg, char opt, const struct hs_endpoint *ep,
		    struct hs_error *err);

/* Frees what the nodes of <cfg> own. */
void hs_nodes_free(struct hs_check_config *cfg);

#endif
