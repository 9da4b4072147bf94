/* hs_derived.h: the derived metrics, one table row each.
 *
 * A derived metric is computed rather than read from one column: a ratio
 * of a value to its limit, a count of a backend's servers, a ratio of the
 * process or of a stick table. Each row of hs_derived_defs says everything
 * about one of them: its name, the object kinds that can have it and those
 * a rule without SCOPE applies to, its unit, its formula, and what the
 * check must fetch for it. Parsing, evaluation, planning, --help and the
 * tests all read this table; adding a metric is adding a row.
 *
 * A formula returns why it could not measure an object (an enum
 * hs_mreason), so a rule that nothing could be measured for can say why.
 * The formulas over the interval since the last check (delta.COUNTER,
 * rate.COUNTER and the ratios) read the previous sample (struct hs_prev)
 * that hs_rate.h loads; they are pure functions of it and of the row.
 */
#ifndef HS_DERIVED_H
#define HS_DERIVED_H

#include <stdbool.h>

#include "hs_columns.h"

struct hs_info;
struct hs_table;
struct hs_proc;

/* The nodes of a check, counted once every node was read. */
struct hs_nodes {
	unsigned total; /* nodes given */
	unsigned up;    /* nodes that answered */
};

/* Object kinds, as bits: the four dump types (HS_F, HS_B, HS_S, HS_L from
 * hs_columns.h), the HAProxy process ("show info") and stick tables.
 */
#define HS_K_PROCESS (1u << 4)
#define HS_K_TABLE   (1u << 5)
#define HS_K_NODES   (1u << 6) /* the nodes of the check, together */
#define HS_K_MASTER  (1u << 7) /* the master process (--master-socket) */
#define HS_K_CHECK   (1u << 8) /* the check itself: how long reading the stats took */
#define HS_K_DUMP    (HS_F | HS_B | HS_S | HS_L)

/* Why an object has no value for a metric. */
enum hs_mreason {
	HS_MR_OK = 0,    /* measured */
	HS_MR_KIND,      /* objects of this kind never have it */
	HS_MR_MISSING,   /* the dump has no such column, "show info" no such field */
	HS_MR_EMPTY,     /* the cell is empty or not a number */
	HS_MR_NEVER,     /* an age of an event that never happened (lastsess -1) */
	HS_MR_NOLIMIT,   /* the limit of a ratio is not set (empty or 0) */
	HS_MR_NOSERVERS, /* a backend without active servers */
	HS_MR_PLANNED,   /* every active server is in planned maintenance */
	HS_MR_NOWEIGHT,  /* the active servers have no configured weight */
	/* over the interval since the last check (hs_rate.h): not evaluated */
	HS_MR_FIRST,      /* no previous sample of the object */
	HS_MR_RESET,      /* a reload or restart, or a counter went down */
	HS_MR_SMALL,      /* a ratio over fewer requests or sessions than --min-sample */
	HS_MR_STALE,      /* the previous sample is older than --state-max-age */
	HS_MR_NOINTERVAL, /* no time passed since the previous sample */
	HS_MR_NOSTATE,    /* the state file cannot be used (an UNKNOWN line says why) */
	HS_MR_NODATA,     /* a stick table's entries could not be counted */
	HS_MR_NOWORKER,   /* the master lists no (old) worker */
	HS_MR_COUNT
};

/* The previous sample of one object, as the formulas read it. */
struct hs_prev {
	enum hs_mreason why; /* HS_MR_OK when <v> can be used */
	double seconds;      /* the interval */
	unsigned min_sample; /* least increase of a ratio's denominator */
	bool have[HS_COL_COUNT];
	double v[HS_COL_COUNT];
};

/* The servers of one backend, counted while its rows are read. "Serving"
 * means UP (also "UP n/m") or no check, at a non-zero effective weight.
 */
struct hs_agg {
	unsigned act_total;    /* active servers */
	unsigned act_up;       /* active servers serving (this is the BACKEND's act) */
	unsigned act_down;     /* active servers failed (DOWN, MAINT (resolution)) */
	unsigned act_planned;  /* active servers in MAINT or DRAIN that the policy calls OK */
	unsigned bck_total;    /* backup servers */
	unsigned bck_up;       /* backup servers serving */
	double weight_serving; /* summed effective weight of serving active servers */
	double weight_config;  /* summed configured weight of active servers */
};

/* What a metric is read from: one object and what is known around it. */
struct hs_mobj {
	unsigned kind;                /* one HS_F/HS_B/HS_S/HS_L/HS_K_* bit */
	const struct hs_row *row;     /* dump objects */
	const struct hs_agg *agg;     /* a BACKEND row: its servers */
	const struct hs_info *info;   /* the process */
	const struct hs_table *table; /* a stick table */
	const struct hs_prev *prev;   /* dump objects: the previous sample (hs_rate.h) */
	const struct hs_nodes *nodes; /* the nodes together */
	const struct hs_proc *proc;   /* the master's "show proc" */
	const double *fetch_time;     /* the check: seconds spent reading the stats */
};

/* What the check must fetch for a metric. */
#define HS_NEED_SERVERS (1u << 0) /* the server rows of "show stat" */
#define HS_NEED_INFO    (1u << 1) /* "show info" */
#define HS_NEED_TABLE   (1u << 2) /* "show table" */
#define HS_NEED_STATE   (1u << 3) /* the previous sample (hs_rate.h) */
#define HS_NEED_MASTER  (1u << 4) /* "show proc" on the master CLI */

enum hs_derived {
	HS_DM_SESSIONS_PCT,      /* scur / slim */
	HS_DM_QUEUE_PCT,         /* qcur / qlimit */
	HS_DM_RATE_PCT,          /* rate / rate_lim */
	HS_DM_UP,                /* backend: active servers serving */
	HS_DM_UP_PCT,            /* backend: up / active servers not planned out */
	HS_DM_BACKUP_UP,         /* backend: backup servers serving */
	HS_DM_CAPACITY_PCT,      /* backend: weight of serving / configured weight */
	HS_DM_INFO_CONN_PCT,     /* process: CurrConns / Maxconn */
	HS_DM_INFO_SESSRATE_PCT, /* process: SessRate / SessRateLimit */
	HS_DM_TABLE_USED,        /* stick table: used entries */
	HS_DM_TABLE_USED_PCT,    /* stick table: used / size */
	/* over the interval since the last check */
	HS_DM_HTTP_5XX_PCT,   /* hrsp_5xx / HTTP responses */
	HS_DM_HTTP_4XX_PCT,   /* hrsp_4xx / HTTP responses */
	HS_DM_PERSIST_PCT,    /* (stot - lbtot) / stot */
	HS_DM_REDISPATCH_PCT, /* wredis / stot */
	HS_DM_RETRY_PCT,      /* wretr / stot */
	HS_DM_CONN_ERROR_PCT, /* econ / stot */
	HS_DM_RESP_ERROR_PCT, /* eresp / stot */
	HS_DM_REQ_ERROR_PCT,  /* ereq / stot */
	HS_DM_DENIED_PCT,     /* dreq / req_tot */
	HS_DM_NODES_UP,       /* nodes that answered */
	HS_DM_OLD_WORKERS,    /* master: old workers still running */
	HS_DM_OLD_WORKER_AGE, /* master: uptime of the oldest old worker */
	HS_DM_WORKER_UPTIME,  /* master: uptime of the current worker */
	HS_DM_FAILED_RELOADS, /* master: failed reloads since the last good one */
	HS_DM_FETCH_TIME,     /* the check: seconds spent reading the stats */
	HS_DM_COUNT
};

struct hs_derived_def {
	const char *name;       /* as written on the command line */
	unsigned kinds;         /* object kinds that can have it */
	unsigned default_kinds; /* kinds a rule without SCOPE applies to */
	const char *uom;        /* perfdata unit */
	/* the formula: stores the value of <obj> in <*out> and returns
	 * HS_MR_OK, or returns why <obj> has none; NULL for a ratio to a
	 * limit (<part>) or over the interval (<num>, <den>) */
	enum hs_mreason (*value)(const struct hs_mobj *obj, double *out);
	unsigned needs;    /* HS_NEED_* */
	const char *limit; /* the limit a HS_MR_NOLIMIT lacks ("slim"), or NULL */
	/* a ratio to <limit>: the column (the "show info" field for the
	 * process) divided by it, as a percentage */
	const char *part;
	/* a ratio over the interval: 100 * (sum of the increases of <num>) /
	 * (sum of those of <den>), or 100 minus that with <complement>; each
	 * list ends with HS_COL_COUNT */
	const enum hs_col *num, *den;
	bool complement;
	enum hs_col part_col, limit_col; /* on rows: <part>, <limit> as columns */
};

extern const struct hs_derived_def hs_derived_defs[HS_DM_COUNT];

/* Derived metric <id> of <obj>: stores it in <*out> and returns HS_MR_OK,
 * or returns why there is none. A ratio over the interval is SMALL when
 * its denominator rose by fewer than the minimum sample.
 */
enum hs_mreason hs_derived_value(enum hs_derived id, const struct hs_mobj *obj, double *out);

/* The increase of counter <col> of <obj> since the previous sample, and
 * that increase per second: stores it in <*out> and returns HS_MR_OK, or
 * returns why there is none (never a negative value).
 */
enum hs_mreason hs_delta(const struct hs_mobj *obj, enum hs_col col, double *out);
enum hs_mreason hs_per_second(const struct hs_mobj *obj, enum hs_col col, double *out);

#endif
