/* hs_columns.c: the table of HAProxy "show stat" columns.
 *
 * Names, types and natures from HAProxy's stat field definitions,
 * 1.4 to 3.5-dev (see haproxy-stats.md in the project docs). Only append:
 * the enum order is the order of HAProxy's static block, which helps
 * reviewing, but nothing relies on positions.
 */
#include <hs-config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hs_columns.h"

#define COL(id, nm, nat, unit, types) [HS_COL_##id] = {nm, HS_NAT_##nat, HS_UNIT_##unit, types}

const struct hs_column hs_columns[HS_COL_COUNT] = {
	COL(PXNAME, "pxname", KEY, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(SVNAME, "svname", KEY, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(QCUR, "qcur", GAUGE, NONE, HS_B | HS_S),
	COL(QMAX, "qmax", MAX, NONE, HS_B | HS_S),
	COL(SCUR, "scur", GAUGE, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(SMAX, "smax", MAX, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(SLIM, "slim", LIMIT, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(STOT, "stot", COUNTER, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(BIN, "bin", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S),
	COL(BOUT, "bout", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S),
	COL(DREQ, "dreq", COUNTER, NONE, HS_L | HS_F | HS_B),
	COL(DRESP, "dresp", COUNTER, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(EREQ, "ereq", COUNTER, NONE, HS_L | HS_F),
	COL(ECON, "econ", COUNTER, NONE, HS_B | HS_S),
	COL(ERESP, "eresp", COUNTER, NONE, HS_B | HS_S),
	COL(WRETR, "wretr", COUNTER, NONE, HS_B | HS_S),
	COL(WREDIS, "wredis", COUNTER, NONE, HS_B | HS_S),
	COL(STATUS, "status", STATUS, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(WEIGHT, "weight", GAUGE, NONE, HS_B | HS_S),
	COL(ACT, "act", GAUGE, NONE, HS_B | HS_S),
	COL(BCK, "bck", GAUGE, NONE, HS_B | HS_S),
	COL(CHKFAIL, "chkfail", COUNTER, NONE, HS_S),
	COL(CHKDOWN, "chkdown", COUNTER, NONE, HS_B | HS_S),
	COL(LASTCHG, "lastchg", AGE, S, HS_B | HS_S),
	COL(DOWNTIME, "downtime", COUNTER, S, HS_B | HS_S),
	COL(QLIMIT, "qlimit", LIMIT, NONE, HS_S),
	COL(PID, "pid", KEY, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(IID, "iid", KEY, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(SID, "sid", KEY, NONE, HS_L | HS_S),
	COL(THROTTLE, "throttle", GAUGE, PERCENT, HS_S),
	COL(LBTOT, "lbtot", COUNTER, NONE, HS_B | HS_S),
	COL(TRACKED, "tracked", TEXT, NONE, HS_S),
	COL(TYPE, "type", KEY, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(RATE, "rate", RATE, NONE, HS_F | HS_B | HS_S),
	COL(RATE_LIM, "rate_lim", LIMIT, NONE, HS_F),
	COL(RATE_MAX, "rate_max", MAX, NONE, HS_F | HS_B | HS_S),
	COL(CHECK_STATUS, "check_status", STATUS, NONE, HS_S),
	COL(CHECK_CODE, "check_code", STATUS, NONE, HS_S),
	COL(CHECK_DURATION, "check_duration", DURATION, MS, HS_S),
	COL(HRSP_1XX, "hrsp_1xx", COUNTER, NONE, HS_F | HS_B | HS_S),
	COL(HRSP_2XX, "hrsp_2xx", COUNTER, NONE, HS_F | HS_B | HS_S),
	COL(HRSP_3XX, "hrsp_3xx", COUNTER, NONE, HS_F | HS_B | HS_S),
	COL(HRSP_4XX, "hrsp_4xx", COUNTER, NONE, HS_F | HS_B | HS_S),
	COL(HRSP_5XX, "hrsp_5xx", COUNTER, NONE, HS_F | HS_B | HS_S),
	COL(HRSP_OTHER, "hrsp_other", COUNTER, NONE, HS_F | HS_B | HS_S),
	COL(HANAFAIL, "hanafail", COUNTER, NONE, HS_S),
	COL(REQ_RATE, "req_rate", RATE, NONE, HS_F),
	COL(REQ_RATE_MAX, "req_rate_max", MAX, NONE, HS_F),
	COL(REQ_TOT, "req_tot", COUNTER, NONE, HS_F | HS_B | HS_S),
	COL(CLI_ABRT, "cli_abrt", COUNTER, NONE, HS_B | HS_S),
	COL(SRV_ABRT, "srv_abrt", COUNTER, NONE, HS_B | HS_S),
	COL(COMP_IN, "comp_in", COUNTER, BYTES, HS_F | HS_B),
	COL(COMP_OUT, "comp_out", COUNTER, BYTES, HS_F | HS_B),
	COL(COMP_BYP, "comp_byp", COUNTER, BYTES, HS_F | HS_B),
	COL(COMP_RSP, "comp_rsp", COUNTER, NONE, HS_F | HS_B),
	COL(LASTSESS, "lastsess", AGE, S, HS_B | HS_S),
	COL(LAST_CHK, "last_chk", TEXT, NONE, HS_S),
	COL(LAST_AGT, "last_agt", TEXT, NONE, HS_S),
	COL(QTIME, "qtime", DURATION, MS, HS_B | HS_S),
	COL(CTIME, "ctime", DURATION, MS, HS_B | HS_S),
	COL(RTIME, "rtime", DURATION, MS, HS_B | HS_S),
	COL(TTIME, "ttime", DURATION, MS, HS_B | HS_S),
	COL(AGENT_STATUS, "agent_status", STATUS, NONE, HS_S),
	COL(AGENT_CODE, "agent_code", STATUS, NONE, HS_S),
	COL(AGENT_DURATION, "agent_duration", DURATION, MS, HS_S),
	COL(CHECK_DESC, "check_desc", TEXT, NONE, HS_S),
	COL(AGENT_DESC, "agent_desc", TEXT, NONE, HS_S),
	COL(CHECK_RISE, "check_rise", LIMIT, NONE, HS_S),
	COL(CHECK_FALL, "check_fall", LIMIT, NONE, HS_S),
	COL(CHECK_HEALTH, "check_health", GAUGE, NONE, HS_S),
	COL(AGENT_RISE, "agent_rise", LIMIT, NONE, HS_S),
	COL(AGENT_FALL, "agent_fall", LIMIT, NONE, HS_S),
	COL(AGENT_HEALTH, "agent_health", GAUGE, NONE, HS_S),
	COL(ADDR, "addr", TEXT, NONE, HS_L | HS_S),
	COL(COOKIE, "cookie", TEXT, NONE, HS_B | HS_S),
	COL(MODE, "mode", TEXT, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(ALGO, "algo", TEXT, NONE, HS_B),
	COL(CONN_RATE, "conn_rate", RATE, NONE, HS_F),
	COL(CONN_RATE_MAX, "conn_rate_max", MAX, NONE, HS_F),
	COL(CONN_TOT, "conn_tot", COUNTER, NONE, HS_L | HS_F),
	COL(INTERCEPTED, "intercepted", COUNTER, NONE, HS_F),
	COL(DCON, "dcon", COUNTER, NONE, HS_L | HS_F),
	COL(DSES, "dses", COUNTER, NONE, HS_L | HS_F),
	COL(WREW, "wrew", COUNTER, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(CONNECT, "connect", COUNTER, NONE, HS_B | HS_S),
	COL(REUSE, "reuse", COUNTER, NONE, HS_B | HS_S),
	COL(CACHE_LOOKUPS, "cache_lookups", COUNTER, NONE, HS_F | HS_B),
	COL(CACHE_HITS, "cache_hits", COUNTER, NONE, HS_F | HS_B),
	COL(SRV_ICUR, "srv_icur", GAUGE, NONE, HS_S),
	COL(SRC_ILIM, "src_ilim", LIMIT, NONE, HS_S),
	COL(QTIME_MAX, "qtime_max", MAX, MS, HS_B | HS_S),
	COL(CTIME_MAX, "ctime_max", MAX, MS, HS_B | HS_S),
	COL(RTIME_MAX, "rtime_max", MAX, MS, HS_B | HS_S),
	COL(TTIME_MAX, "ttime_max", MAX, MS, HS_B | HS_S),
	COL(EINT, "eint", COUNTER, NONE, HS_L | HS_F | HS_B | HS_S),
	COL(IDLE_CONN_CUR, "idle_conn_cur", GAUGE, NONE, HS_S),
	COL(SAFE_CONN_CUR, "safe_conn_cur", GAUGE, NONE, HS_S),
	COL(USED_CONN_CUR, "used_conn_cur", GAUGE, NONE, HS_S),
	COL(NEED_CONN_EST, "need_conn_est", GAUGE, NONE, HS_S),
	COL(UWEIGHT, "uweight", GAUGE, NONE, HS_B | HS_S),
	COL(AGG_SERVER_STATUS, "agg_server_status", STATUS, NONE, HS_B),
	COL(AGG_SERVER_CHECK_STATUS, "agg_server_check_status", STATUS, NONE, HS_B),
	COL(AGG_CHECK_STATUS, "agg_check_status", STATUS, NONE, HS_B),
	COL(SRID, "srid", KEY, NONE, HS_S),
	COL(SESS_OTHER, "sess_other", COUNTER, NONE, HS_F),
	COL(H1SESS, "h1sess", COUNTER, NONE, HS_F),
	COL(H2SESS, "h2sess", COUNTER, NONE, HS_F),
	COL(H3SESS, "h3sess", COUNTER, NONE, HS_F),
	COL(REQ_OTHER, "req_other", COUNTER, NONE, HS_F),
	COL(H1REQ, "h1req", COUNTER, NONE, HS_F),
	COL(H2REQ, "h2req", COUNTER, NONE, HS_F),
	COL(H3REQ, "h3req", COUNTER, NONE, HS_F),
	COL(PROTO, "proto", TEXT, NONE, HS_L),
	COL(PRIV_IDLE_CUR, "priv_idle_cur", GAUGE, NONE, HS_S),
	COL(REQBIN, "reqbin", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S),
	COL(REQBOUT, "reqbout", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S),
	COL(RESBIN, "resbin", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S),
	COL(RESBOUT, "resbout", COUNTER, BYTES, HS_L | HS_F | HS_B | HS_S),
	COL(CACHE_HINT_HITS, "cache_hint_hits", COUNTER, NONE, HS_F | HS_B),
};

int
hs_column_lookup(const char *name)
{
	int i;

	for (i = 0; i < HS_COL_COUNT; i++) {
		if (strcmp(hs_columns[i].name, name) == 0)
			return i;
	}
	return -1;
}

/* Removes leading and trailing spaces of <s> in place; returns the start. */
static char *
hs_trim(char *s)
{
	char *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		*--e = '\0';
	return s;
}

int
hs_header_parse(struct hs_header *hdr, char **fields, size_t n, struct hs_error *err)
{
	static const enum hs_col required[] = {HS_COL_PXNAME, HS_COL_SVNAME, HS_COL_STATUS,
					       HS_COL_TYPE};
	size_t i;
	int next = 0;

	for (i = 0; i < HS_COL_COUNT; i++)
		hdr->field_of[i] = -1;
	hdr->nfields = n;
	if (n == 0 || strncmp(fields[0], "# ", 2) != 0)
		return hs_error_set(err, HS_ERR_NOT_STATS, "header line does not start with '# '");
	if (n > 0x7fff)
		return hs_error_set(err, HS_ERR_MALFORMED, "header has too many columns (%zu)", n);
	for (i = 0; i < n; i++) {
		char *name = hs_trim(i == 0 ? fields[0] + 2 : fields[i]);
		int col;

		if (strcmp(name, "-") == 0)
			break; /* stats-module columns follow; not ours to map */
		/* headers list known columns in table order: try the next one
		 * before searching */
		col = next < HS_COL_COUNT && strcmp(hs_columns[next].name, name) == 0
			      ? next
			      : hs_column_lookup(name);
		if (col < 0)
			continue; /* newer HAProxy: unknown columns are skipped */
		next = col + 1;
		if (hdr->field_of[col] != -1)
			return hs_error_set(err, HS_ERR_MALFORMED, "header names column '%s' twice",
					    hs_columns[col].name);
		hdr->field_of[col] = (short)i;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (hdr->field_of[required[i]] == -1)
			return hs_error_set(err, HS_ERR_MALFORMED, "header lacks the '%s' column",
					    hs_columns[required[i]].name);
	}
	return 0;
}

const char *
hs_row_str(const struct hs_row *row, enum hs_col col)
{
	short f = row->hdr->field_of[col];

	return f < 0 ? NULL : row->fields[f];
}

bool
hs_row_num(const struct hs_row *row, enum hs_col col, double *out)
{
	const char *s = hs_row_str(row, col);
	char *end;
	double v;

	if (s == NULL || *s == '\0')
		return false;
	/* plain decimal only: no spaces, hex, inf or nan from a hostile peer */
	if (strspn(s, "-0123456789.") != strlen(s))
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || end == s)
		return false;
	*out = v;
	return true;
}

int
hs_row_bind(struct hs_row *row, const struct hs_header *hdr, char **fields, size_t n,
	    struct hs_error *err)
{
	const char *type;

	row->fields = fields;
	row->nfields = n;
	row->hdr = hdr;
	if (n != hdr->nfields)
		return hs_error_set(err, HS_ERR_MALFORMED, "%zu fields where the header has %zu", n,
				    hdr->nfields);
	type = hs_row_str(row, HS_COL_TYPE);
	if (type[0] < '0' || type[0] > '3' || type[1] != '\0')
		return hs_error_set(err, HS_ERR_MALFORMED, "type '%.16s' is not 0 to 3", type);
	row->type = (enum hs_objtype)(type[0] - '0');
	if (*hs_row_str(row, HS_COL_PXNAME) == '\0' || *hs_row_str(row, HS_COL_SVNAME) == '\0')
		return hs_error_set(err, HS_ERR_MALFORMED, "empty pxname or svname");
	return 0;
}
