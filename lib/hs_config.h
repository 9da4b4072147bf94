/* hs_config.h: what a check is told to do, as data.
 *
 * The configuration of one check (struct hs_check_config) and the nodes it
 * reads (struct hs_node): types only, filled by the option parser
 * (hs_options.h, hs_node.h) and read by the engine (hs_check.h), discovery
 * (hs_discover.h, hs_inventory.h) and the plugin. Includes only the headers
 * of the types it embeds, never an engine module.
 */
#ifndef HS_CONFIG_H
#define HS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_expect.h"
#include "hs_http.h"
#include "hs_metric.h"
#include "hs_perfdata.h"
#include "hs_policy.h"
#include "hs_rate.h"
#include "hs_select.h"
#include "hs_transport.h"

/* Most nodes one check reads (-S, -H and --url given several times). */
#define HS_NODES_MAX 16
/* Longest node name (NAME= before an address). */
#define HS_NODE_NAME_MAX 32

/* One HAProxy a check reads: how findings, notes and perfdata labels name
 * it, how messages describe it, and where its stats are read. A check of
 * one HAProxy has one node; hs_node.h fills them. A node is not copied
 * once set: its endpoint may point into it.
 */
struct hs_node {
	/* -S, -H or --url as given ('S', 'H' or 'U' and "[NAME=]ADDRESS"; a
	 * default socket found counts as a -S); opt is 0 for --input and a
	 * --master-socket alone, which are not nodes of their own; a socket's
	 * ep.path points into given, after its NAME= */
	char opt;
	const char *given;
	/* NAME= as given, else the address ("/run/lb2.sock", "10.0.0.2:9999") */
	char name[128];
	/* the endpoint for messages ("/run/x.sock", "127.0.0.1:9999", the URL
	 * without credentials, "standard input"): owned, computed once */
	char *desc;
	/* -H HOST:PORT split (ep.host and ep.port point here) */
	char host[256], port[8];
	/* --url: a copy of the check's credentials and TLS options with this
	 * node's URL (the password is owned by hs_check_config.http) */
	struct hs_http_config http;
	struct hs_endpoint ep;
};

struct hs_check_config {
	/* the nodes, in the order given (at least one once the options are
	 * finished): with several, each is read in its own thread under the
	 * one deadline, and the report names them */
	struct hs_node node[HS_NODES_MAX];
	size_t nodes;
	/* --master-socket: the master CLI of the (one) node, for show proc
	 * (NULL: none) */
	const char *master;
	/* --url's credentials and TLS options, which every page node copies;
	 * owns the password */
	struct hs_http_config http;
	unsigned int timeout; /* seconds for connect, write and read together */
	struct hs_policy policy;
	struct hs_selection selection;
	struct hs_rules rules;   /* -w/-c, compiled */
	struct hs_expect expect; /* --expect */
	enum hs_perf_level perf; /* --perfdata */
	size_t perf_max_bytes;   /* --perfdata-max-bytes; 0: the 256 KiB default */
	/* --output-max-bytes: the whole output's budget (0: no limit); by
	 * default HS_REPORT_OUTPUT_DEFAULT, none with -v or --list unless set */
	size_t output_max_bytes;
	bool output_max_set;
	bool list;                  /* --list */
	struct hs_rate_config rate; /* --state-dir, --state-max-age, --min-sample */
	int verbosity;
};

/* What the evaluation of a check reads (pointers into its configuration):
 * nothing of it changes while the check runs.
 */
struct hs_eval_config {
	const struct hs_policy *policy;
	const struct hs_selection *selection;
	const struct hs_rules *rules;   /* -w/-c */
	const struct hs_expect *expect; /* --expect */
	enum hs_perf_level perf;
	bool list; /* --list: one table row per selected object */
	/* object kinds (HS_K_NODES) another evaluation measures: rules only
	 * on them are not reported here as measured on nothing */
	unsigned elsewhere;
	int verbosity; /* >= 1: list every object */
};

#endif
