/* hs_columns.h: the table of HAProxy "show stat" columns.
 *
 * One table, indexed by enum hs_col, says for every static column its
 * header name, its nature, its unit and which object types fill it. It
 * drives header mapping (by name, never by position), row access,
 * threshold metrics and perfdata, the way HAProxy's own stat_cols_px
 * drives its CSV, JSON and Prometheus outputs.
 *
 * Columns after the "-" marker (2.3+) come from stats modules; their set
 * and order depend on the build, so they are not in this table and are
 * skipped by the header mapping.
 */
#ifndef HS_COLUMNS_H
#define HS_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_error.h"

/* Object types, as in the "type" column. */
enum hs_objtype {
	HS_OBJ_FRONTEND = 0,
	HS_OBJ_BACKEND = 1,
	HS_OBJ_SERVER = 2,
	HS_OBJ_LISTENER = 3,
	HS_OBJ_TYPES
};

#define HS_F (1u << HS_OBJ_FRONTEND)
#define HS_B (1u << HS_OBJ_BACKEND)
#define HS_S (1u << HS_OBJ_SERVER)
#define HS_L (1u << HS_OBJ_LISTENER)

enum hs_nature {
	HS_NAT_KEY,      /* identifies the row (names, ids, type) */
	HS_NAT_STATUS,   /* state word or code */
	HS_NAT_TEXT,     /* free text (may hold commas: quoted) */
	HS_NAT_GAUGE,    /* current value */
	HS_NAT_MAX,      /* highest value seen */
	HS_NAT_LIMIT,    /* configured limit */
	HS_NAT_COUNTER,  /* cumulative since start or last clear */
	HS_NAT_RATE,     /* per second over the last second */
	HS_NAT_DURATION, /* average or last duration */
	HS_NAT_AGE,      /* time since an event */
};

enum hs_unit {
	HS_UNIT_NONE,
	HS_UNIT_BYTES,
	HS_UNIT_MS,
	HS_UNIT_S,
	HS_UNIT_PERCENT,
};

/* Every static column, X(ID, "name", NATURE, UNIT, object types), from
 * HAProxy's stat field definitions, 1.4 to 3.5-dev (see haproxy-stats.md in
 * the project docs). Only append: the order is that of HAProxy's static
 * block, which helps reviewing, but nothing relies on positions.
 */
#define HS_COLUMNS(X)                                                                              \
	X(PXNAME, "pxname", KEY, NONE, HS_L | HS_F | HS_B | HS_S)                                  \
	X(SVNAME, "svname", KEY, NONE, HS_L | HS_F | HS_B | HS_S)                                  \
	X(QCUR, "qcur", GAUGE, NONE, HS_B | HS_S)                                                  \
	X(QMAX, "qmax", MAX, NONE, HS_B | HS_S)                                                    \
	X(SCUR, "scur", GAUGE, NONE, HS_L | HS_F | HS_B | HS_S)                                    \
	X(SMAX, "smax", MAX, NONE, HS_L | HS_F | HS_B | HS_S)                                      \
	X(SLIM, "slim", LIMIT, NONE, HS_L | HS_F | HS_B | HS_S)                                    \
	X(STOT, "stot", COUNTER, NONE, HS_L | HS_F | HS_B | HS_S)                                  \
	X(BIN, "bin", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S)                                   \
	X(BOUT, "bout", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S)                                 \
	X(DREQ, "dreq", COUNTER, NONE, HS_L | HS_F | HS_B)                                         \
	X(DRESP, "dresp", COUNTER, NONE, HS_L | HS_F | HS_B | HS_S)                                \
	X(EREQ, "ereq", COUNTER, NONE, HS_L | HS_F)                                                \
	X(ECON, "econ", COUNTER, NONE, HS_B | HS_S)                                                \
	X(ERESP, "eresp", COUNTER, NONE, HS_B | HS_S)                                              \
	X(WRETR, "wretr", COUNTER, NONE, HS_B | HS_S)                                              \
	X(WREDIS, "wredis", COUNTER, NONE, HS_B | HS_S)                                            \
	X(STATUS, "status", STATUS, NONE, HS_L | HS_F | HS_B | HS_S)                               \
	X(WEIGHT, "weight", GAUGE, NONE, HS_B | HS_S)                                              \
	X(ACT, "act", GAUGE, NONE, HS_B | HS_S)                                                    \
	X(BCK, "bck", GAUGE, NONE, HS_B | HS_S)                                                    \
	X(CHKFAIL, "chkfail", COUNTER, NONE, HS_S)                                                 \
	X(CHKDOWN, "chkdown", COUNTER, NONE, HS_B | HS_S)                                          \
	X(LASTCHG, "lastchg", AGE, S, HS_B | HS_S)                                                 \
	X(DOWNTIME, "downtime", COUNTER, S, HS_B | HS_S)                                           \
	X(QLIMIT, "qlimit", LIMIT, NONE, HS_S)                                                     \
	X(PID, "pid", KEY, NONE, HS_L | HS_F | HS_B | HS_S)                                        \
	X(IID, "iid", KEY, NONE, HS_L | HS_F | HS_B | HS_S)                                        \
	X(SID, "sid", KEY, NONE, HS_L | HS_S)                                                      \
	X(THROTTLE, "throttle", GAUGE, PERCENT, HS_S)                                              \
	X(LBTOT, "lbtot", COUNTER, NONE, HS_B | HS_S)                                              \
	X(TRACKED, "tracked", TEXT, NONE, HS_S)                                                    \
	X(TYPE, "type", KEY, NONE, HS_L | HS_F | HS_B | HS_S)                                      \
	X(RATE, "rate", RATE, NONE, HS_F | HS_B | HS_S)                                            \
	X(RATE_LIM, "rate_lim", LIMIT, NONE, HS_F)                                                 \
	X(RATE_MAX, "rate_max", MAX, NONE, HS_F | HS_B | HS_S)                                     \
	X(CHECK_STATUS, "check_status", STATUS, NONE, HS_S)                                        \
	X(CHECK_CODE, "check_code", STATUS, NONE, HS_S)                                            \
	X(CHECK_DURATION, "check_duration", DURATION, MS, HS_S)                                    \
	X(HRSP_1XX, "hrsp_1xx", COUNTER, NONE, HS_F | HS_B | HS_S)                                 \
	X(HRSP_2XX, "hrsp_2xx", COUNTER, NONE, HS_F | HS_B | HS_S)                                 \
	X(HRSP_3XX, "hrsp_3xx", COUNTER, NONE, HS_F | HS_B | HS_S)                                 \
	X(HRSP_4XX, "hrsp_4xx", COUNTER, NONE, HS_F | HS_B | HS_S)                                 \
	X(HRSP_5XX, "hrsp_5xx", COUNTER, NONE, HS_F | HS_B | HS_S)                                 \
	X(HRSP_OTHER, "hrsp_other", COUNTER, NONE, HS_F | HS_B | HS_S)                             \
	X(HANAFAIL, "hanafail", COUNTER, NONE, HS_S)                                               \
	X(REQ_RATE, "req_rate", RATE, NONE, HS_F)                                                  \
	X(REQ_RATE_MAX, "req_rate_max", MAX, NONE, HS_F)                                           \
	X(REQ_TOT, "req_tot", COUNTER, NONE, HS_F | HS_B | HS_S)                                   \
	X(CLI_ABRT, "cli_abrt", COUNTER, NONE, HS_B | HS_S)                                        \
	X(SRV_ABRT, "srv_abrt", COUNTER, NONE, HS_B | HS_S)                                        \
	X(COMP_IN, "comp_in", COUNTER, BYTES, HS_F | HS_B)                                         \
	X(COMP_OUT, "comp_out", COUNTER, BYTES, HS_F | HS_B)                                       \
	X(COMP_BYP, "comp_byp", COUNTER, BYTES, HS_F | HS_B)                                       \
	X(COMP_RSP, "comp_rsp", COUNTER, NONE, HS_F | HS_B)                                        \
	X(LASTSESS, "lastsess", AGE, S, HS_B | HS_S)                                               \
	X(LAST_CHK, "last_chk", TEXT, NONE, HS_S)                                                  \
	X(LAST_AGT, "last_agt", TEXT, NONE, HS_S)                                                  \
	X(QTIME, "qtime", DURATION, MS, HS_B | HS_S)                                               \
	X(CTIME, "ctime", DURATION, MS, HS_B | HS_S)                                               \
	X(RTIME, "rtime", DURATION, MS, HS_B | HS_S)                                               \
	X(TTIME, "ttime", DURATION, MS, HS_B | HS_S)                                               \
	X(AGENT_STATUS, "agent_status", STATUS, NONE, HS_S)                                        \
	X(AGENT_CODE, "agent_code", STATUS, NONE, HS_S)                                            \
	X(AGENT_DURATION, "agent_duration", DURATION, MS, HS_S)                                    \
	X(CHECK_DESC, "check_desc", TEXT, NONE, HS_S)                                              \
	X(AGENT_DESC, "agent_desc", TEXT, NONE, HS_S)                                              \
	X(CHECK_RISE, "check_rise", LIMIT, NONE, HS_S)                                             \
	X(CHECK_FALL, "check_fall", LIMIT, NONE, HS_S)                                             \
	X(CHECK_HEALTH, "check_health", GAUGE, NONE, HS_S)                                         \
	X(AGENT_RISE, "agent_rise", LIMIT, NONE, HS_S)                                             \
	X(AGENT_FALL, "agent_fall", LIMIT, NONE, HS_S)                                             \
	X(AGENT_HEALTH, "agent_health", GAUGE, NONE, HS_S)                                         \
	X(ADDR, "addr", TEXT, NONE, HS_L | HS_S)                                                   \
	X(COOKIE, "cookie", TEXT, NONE, HS_B | HS_S)                                               \
	X(MODE, "mode", TEXT, NONE, HS_L | HS_F | HS_B | HS_S)                                     \
	X(ALGO, "algo", TEXT, NONE, HS_B)                                                          \
	X(CONN_RATE, "conn_rate", RATE, NONE, HS_F)                                                \
	X(CONN_RATE_MAX, "conn_rate_max", MAX, NONE, HS_F)                                         \
	X(CONN_TOT, "conn_tot", COUNTER, NONE, HS_L | HS_F)                                        \
	X(INTERCEPTED, "intercepted", COUNTER, NONE, HS_F)                                         \
	X(DCON, "dcon", COUNTER, NONE, HS_L | HS_F)                                                \
	X(DSES, "dses", COUNTER, NONE, HS_L | HS_F)                                                \
	X(WREW, "wrew", COUNTER, NONE, HS_L | HS_F | HS_B | HS_S)                                  \
	X(CONNECT, "connect", COUNTER, NONE, HS_B | HS_S)                                          \
	X(REUSE, "reuse", COUNTER, NONE, HS_B | HS_S)                                              \
	X(CACHE_LOOKUPS, "cache_lookups", COUNTER, NONE, HS_F | HS_B)                              \
	X(CACHE_HITS, "cache_hits", COUNTER, NONE, HS_F | HS_B)                                    \
	X(SRV_ICUR, "srv_icur", GAUGE, NONE, HS_S)                                                 \
	X(SRC_ILIM, "src_ilim", LIMIT, NONE, HS_S)                                                 \
	X(QTIME_MAX, "qtime_max", MAX, MS, HS_B | HS_S)                                            \
	X(CTIME_MAX, "ctime_max", MAX, MS, HS_B | HS_S)                                            \
	X(RTIME_MAX, "rtime_max", MAX, MS, HS_B | HS_S)                                            \
	X(TTIME_MAX, "ttime_max", MAX, MS, HS_B | HS_S)                                            \
	X(EINT, "eint", COUNTER, NONE, HS_L | HS_F | HS_B | HS_S)                                  \
	X(IDLE_CONN_CUR, "idle_conn_cur", GAUGE, NONE, HS_S)                                       \
	X(SAFE_CONN_CUR, "safe_conn_cur", GAUGE, NONE, HS_S)                                       \
	X(USED_CONN_CUR, "used_conn_cur", GAUGE, NONE, HS_S)                                       \
	X(NEED_CONN_EST, "need_conn_est", GAUGE, NONE, HS_S)                                       \
	X(UWEIGHT, "uweight", GAUGE, NONE, HS_B | HS_S)                                            \
	X(AGG_SERVER_STATUS, "agg_server_status", STATUS, NONE, HS_B)                              \
	X(AGG_SERVER_CHECK_STATUS, "agg_server_check_status", STATUS, NONE, HS_B)                  \
	X(AGG_CHECK_STATUS, "agg_check_status", STATUS, NONE, HS_B)                                \
	X(SRID, "srid", KEY, NONE, HS_S)                                                           \
	X(SESS_OTHER, "sess_other", COUNTER, NONE, HS_F)                                           \
	X(H1SESS, "h1sess", COUNTER, NONE, HS_F)                                                   \
	X(H2SESS, "h2sess", COUNTER, NONE, HS_F)                                                   \
	X(H3SESS, "h3sess", COUNTER, NONE, HS_F)                                                   \
	X(REQ_OTHER, "req_other", COUNTER, NONE, HS_F)                                             \
	X(H1REQ, "h1req", COUNTER, NONE, HS_F)                                                     \
	X(H2REQ, "h2req", COUNTER, NONE, HS_F)                                                     \
	X(H3REQ, "h3req", COUNTER, NONE, HS_F)                                                     \
	X(PROTO, "proto", TEXT, NONE, HS_L)                                                        \
	X(PRIV_IDLE_CUR, "priv_idle_cur", GAUGE, NONE, HS_S)                                       \
	X(REQBIN, "reqbin", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S)                             \
	X(REQBOUT, "reqbout", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S)                           \
	X(RESBIN, "resbin", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S)                             \
	X(RESBOUT, "resbout", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S)                           \
	X(CACHE_HINT_HITS, "cache_hint_hits", COUNTER, NONE, HS_F | HS_B)

#define HS_COL_ENUM(id, nm, nat, unit, types) HS_COL_##id,
enum hs_col { HS_COLUMNS(HS_COL_ENUM) HS_COL_COUNT };
#undef HS_COL_ENUM

struct hs_column {
	const char *name; /* header name, as HAProxy prints it */
	enum hs_nature nature;
	enum hs_unit unit;
	unsigned int types; /* HS_F|HS_B|HS_S|HS_L: object types that may fill it */
};

extern const struct hs_column hs_columns[HS_COL_COUNT];

/* Returns the column whose header name is <name>, or -1 if unknown. */
int hs_column_lookup(const char *name);

/* Header mapping: where each known column sits in this dump's rows. */
struct hs_header {
	short field_of[HS_COL_COUNT]; /* field index, or -1 when the dump lacks it */
	size_t nfields;               /* fields per record, trailing empty one included */
};

/* Builds <hdr> from the split header record <fields>/<n>, whose first field
 * still carries the "# " prefix. Names are trimmed of spaces (1.4 headers had
 * some). Mapping stops at the "-" marker column. Fails with MALFORMED when
 * a known column appears twice or a required one (pxname, svname, status,
 * type) is missing. Returns 0 or -1.
 */
int hs_header_parse(struct hs_header *hdr, char **fields, size_t n, struct hs_error *err);

/* One data row, as split fields plus the header that names them. */
struct hs_row {
	char **fields;
	size_t nfields;
	const struct hs_header *hdr;
	enum hs_objtype type;
};

/* Returns the text of column <col> in <row>: NULL when the dump has no such
 * column, "" when the cell is empty.
 */
const char *hs_row_str(const struct hs_row *row, enum hs_col col);

/* Parses column <col> of <row> as a number. Returns true and stores it in
 * <*out>; false when the column is absent, the cell empty, or the text not
 * a plain decimal number (a missing metric is never zero).
 */
bool hs_row_num(const struct hs_row *row, enum hs_col col, double *out);

/* Checks the row shape and fills <row->type>. Fails with MALFORMED when the
 * field count differs from the header's, the type is not 0..3, or pxname
 * or svname is empty. Returns 0 or -1.
 */
int hs_row_bind(struct hs_row *row, const struct hs_header *hdr, char **fields, size_t n,
		struct hs_error *err);

#endif
