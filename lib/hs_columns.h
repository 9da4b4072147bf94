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

enum hs_col {
	HS_COL_PXNAME,
	HS_COL_SVNAME,
	HS_COL_QCUR,
	HS_COL_QMAX,
	HS_COL_SCUR,
	HS_COL_SMAX,
	HS_COL_SLIM,
	HS_COL_STOT,
	HS_COL_BIN,
	HS_COL_BOUT,
	HS_COL_DREQ,
	HS_COL_DRESP,
	HS_COL_EREQ,
	HS_COL_ECON,
	HS_COL_ERESP,
	HS_COL_WRETR,
	HS_COL_WREDIS,
	HS_COL_STATUS,
	HS_COL_WEIGHT,
	HS_COL_ACT,
	HS_COL_BCK,
	HS_COL_CHKFAIL,
	HS_COL_CHKDOWN,
	HS_COL_LASTCHG,
	HS_COL_DOWNTIME,
	HS_COL_QLIMIT,
	HS_COL_PID,
	HS_COL_IID,
	HS_COL_SID,
	HS_COL_THROTTLE,
	HS_COL_LBTOT,
	HS_COL_TRACKED,
	HS_COL_TYPE,
	HS_COL_RATE,
	HS_COL_RATE_LIM,
	HS_COL_RATE_MAX,
	HS_COL_CHECK_STATUS,
	HS_COL_CHECK_CODE,
	HS_COL_CHECK_DURATION,
	HS_COL_HRSP_1XX,
	HS_COL_HRSP_2XX,
	HS_COL_HRSP_3XX,
	HS_COL_HRSP_4XX,
	HS_COL_HRSP_5XX,
	HS_COL_HRSP_OTHER,
	HS_COL_HANAFAIL,
	HS_COL_REQ_RATE,
	HS_COL_REQ_RATE_MAX,
	HS_COL_REQ_TOT,
	HS_COL_CLI_ABRT,
	HS_COL_SRV_ABRT,
	HS_COL_COMP_IN,
	HS_COL_COMP_OUT,
	HS_COL_COMP_BYP,
	HS_COL_COMP_RSP,
	HS_COL_LASTSESS,
	HS_COL_LAST_CHK,
	HS_COL_LAST_AGT,
	HS_COL_QTIME,
	HS_COL_CTIME,
	HS_COL_RTIME,
	HS_COL_TTIME,
	HS_COL_AGENT_STATUS,
	HS_COL_AGENT_CODE,
	HS_COL_AGENT_DURATION,
	HS_COL_CHECK_DESC,
	HS_COL_AGENT_DESC,
	HS_COL_CHECK_RISE,
	HS_COL_CHECK_FALL,
	HS_COL_CHECK_HEALTH,
	HS_COL_AGENT_RISE,
	HS_COL_AGENT_FALL,
	HS_COL_AGENT_HEALTH,
	HS_COL_ADDR,
	HS_COL_COOKIE,
	HS_COL_MODE,
	HS_COL_ALGO,
	HS_COL_CONN_RATE,
	HS_COL_CONN_RATE_MAX,
	HS_COL_CONN_TOT,
	HS_COL_INTERCEPTED,
	HS_COL_DCON,
	HS_COL_DSES,
	HS_COL_WREW,
	HS_COL_CONNECT,
	HS_COL_REUSE,
	HS_COL_CACHE_LOOKUPS,
	HS_COL_CACHE_HITS,
	HS_COL_SRV_ICUR,
	HS_COL_SRC_ILIM,
	HS_COL_QTIME_MAX,
	HS_COL_CTIME_MAX,
	HS_COL_RTIME_MAX,
	HS_COL_TTIME_MAX,
	HS_COL_EINT,
	HS_COL_IDLE_CONN_CUR,
	HS_COL_SAFE_CONN_CUR,
	HS_COL_USED_CONN_CUR,
	HS_COL_NEED_CONN_EST,
	HS_COL_UWEIGHT,
	HS_COL_AGG_SERVER_STATUS,
	HS_COL_AGG_SERVER_CHECK_STATUS,
	HS_COL_AGG_CHECK_STATUS,
	HS_COL_SRID,
	HS_COL_SESS_OTHER,
	HS_COL_H1SESS,
	HS_COL_H2SESS,
	HS_COL_H3SESS,
	HS_COL_REQ_OTHER,
	HS_COL_H1REQ,
	HS_COL_H2REQ,
	HS_COL_H3REQ,
	HS_COL_PROTO,
	HS_COL_PRIV_IDLE_CUR,
	HS_COL_REQBIN,
	HS_COL_REQBOUT,
	HS_COL_RESBIN,
	HS_COL_RESBOUT,
	HS_COL_CACHE_HINT_HITS,
	HS_COL_COUNT
};

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
