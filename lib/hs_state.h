/* hs_state.h: the state file that remembers the previous sample.
 *
 * Rates need the counters of the previous check. They are kept in one
 * file per key (endpoint, selection and the counters read) at
 *
 *   <base>/<euid>/check_haproxy_stat/<key>
 *
 * the layout of libmonitoringplug's state retention (np_state_*): <base>
 * is --state-dir, else $MP_STATE_PATH, else
 * $NAGIOS_PLUGIN_STATE_DIRECTORY, else HS_STATE_DIR_DEFAULT when it
 * exists, else /var/tmp. The per-user directories are created 0700; a
 * directory or file below <base> that is a symlink, owned by another user
 * or writable by group or others is refused, as is a <base> that is a
 * symlink or writable by others without the sticky bit.
 *
 * The file is plain text, one record per line, in the order the objects
 * were dumped:
 *
 *   check_haproxy_stat-state 1
 *   process PID START_TIME
 *   time MILLISECONDS_SINCE_THE_EPOCH
 *   columns NAME...
 *   o TYPE PXNAME SVNAME VALUE...
 *   end COUNT
 *
 * Names are %-encoded (every byte outside [A-Za-z0-9_.:-]); a value is a
 * decimal counter or "-" when the dump had none. The previous sample is
 * read as a stream beside the new dump through a small window of records
 * (objects that appeared, disappeared or were renamed only cost a miss);
 * the new one is written to a temporary file in the same directory and
 * renamed over the old one when the check succeeded, so concurrent runs
 * always find a whole file. Anything unexpected in a file makes it no
 * previous sample at all, never a crash and never a partial one.
 */
#ifndef HS_STATE_H
#define HS_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hs_columns.h"
#include "hs_error.h"

#ifndef HS_STATE_DIR_DEFAULT
#define HS_STATE_DIR_DEFAULT "/var/lib/monitoring-plugins"
#endif

#define HS_STATE_VERSION  1
#define HS_STATE_COLS_MAX 64   /* counters kept per object (every counter column) */
#define HS_STATE_LINE_MAX 4096 /* longest record line */
#define HS_STATE_WINDOW   32   /* records read ahead to find an object */
#define HS_STATE_PATH_MAX 1024

/* The header of a sample. */
struct hs_state_head {
	long long pid;   /* HAProxy's Pid, or -1 when unknown */
	long long start; /* its start time (seconds since the epoch), or -1 */
	int64_t time_ms; /* when the sample was read */
	size_t ncols;
	short col[HS_STATE_COLS_MAX]; /* enum hs_col of each value, -1 if unknown */
};

/* One object of a previous sample. */
struct hs_state_rec {
	unsigned type; /* enum hs_objtype */
	const char *px, *sv;
	double v[HS_STATE_COLS_MAX];
	bool have[HS_STATE_COLS_MAX];
	char text[HS_STATE_LINE_MAX]; /* the decoded names */
};

/* Reads a previous sample as a stream. */
struct hs_state_reader {
	FILE *f;
	struct hs_state_head head;
	struct hs_state_rec win[HS_STATE_WINDOW];
	size_t first, n; /* the window: <n> records from <first>, a ring */
	bool eof;
	bool bad;      /* a line broke the format: no more records */
	char why[400]; /* why the sample is not usable, when it is not */
	char line[HS_STATE_LINE_MAX + 2];
};

/* Resolves the state directory for option <dir_opt> (NULL: none) and the
 * environment, creating the per-user directories (0700) as needed, and
 * checks each part; writes "<dir>/<key>" to <path> (<size> bytes).
 * Returns 0, or -1 with ACCESS (unsafe or unusable, the message names the
 * path and what is wrong) or IO.
 */
int hs_state_path(const char *dir_opt, const char *key, char *path, size_t size,
		  struct hs_error *err);

/* Opens the previous sample at <path> into <r>. Returns 1 when a sample
 * can be read, 0 when there is none: no file (why ""), or one that is
 * unsafe, unreadable or not a sample (why says so).
 */
int hs_state_open(struct hs_state_reader *r, const char *path);

/* Reads a sample from stream <f> (taken: closed by hs_state_close). Same
 * returns as hs_state_open.
 */
int hs_state_read_stream(struct hs_state_reader *r, FILE *f);

/* Finds object <type>/<px>/<sv> among the next records: returns it (valid
 * until the next call) after dropping the records before it, or NULL when
 * it is not within the window (a new object, or a file that ended or
 * broke its format; <r->bad> tells the latter).
 */
const struct hs_state_rec *hs_state_find(struct hs_state_reader *r, unsigned type, const char *px,
					 const char *sv);

void hs_state_close(struct hs_state_reader *r);

/* Writes a new sample. */
struct hs_state_writer {
	FILE *f;
	char tmp[HS_STATE_PATH_MAX];
	char path[HS_STATE_PATH_MAX];
	size_t count;
	int error; /* first errno seen, 0 if none */
};

/* Starts writing the sample <head> for <path> into a new temporary file
 * (mode 0600) beside it. Returns 0, or -1 with IO or ACCESS.
 */
int hs_state_create(struct hs_state_writer *w, const char *path, const struct hs_state_head *head,
		    struct hs_error *err);

/* Adds object <type>/<px>/<sv> with the texts <cell> of each header
 * column (NULL or not decimal: "-").
 */
void hs_state_put(struct hs_state_writer *w, unsigned type, const char *px, const char *sv,
		  const char *const *cell, size_t ncell);

/* Completes the sample and renames it over <path>. Returns 0, or -1 with
 * IO (the temporary file is removed).
 */
int hs_state_commit(struct hs_state_writer *w, struct hs_error *err);

/* Drops a sample being written. */
void hs_state_abort(struct hs_state_writer *w);

#endif
