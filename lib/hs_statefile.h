/* hs_statefile.h: the state file that remembers the previous sample.
 *
 * Rates need the counters of the previous check. They are kept in one
 * file per check (its key: see hs_rate.h) in the state directory
 * (hs_statedir.h).
 *
 * The file is plain text, one record per line, objects in dump order:
 *
 *   check_haproxy_stat-state 2
 *   boot BOOT_ID CLOCK_MS
 *   process PID START_TIME
 *   columns NAME...
 *   o HASH TYPE ID PXNAME SVNAME VALUE...
 *   end COUNT
 *
 * BOOT_ID is the kernel's boot id ("-" when unknown) and CLOCK_MS the
 * boot-time clock, which no clock step moves. HASH (16 hex digits) is
 * hs_sf_hash() of the object, ID its server or listener id ("-" when the
 * dump has none). Names are %-encoded (every byte outside [A-Za-z0-9_.:-])
 * and have no length limit; a value is a decimal counter or "-". A reader
 * refuses any other version and skips the lines of kinds it does not know
 * (later versions add kinds without a new version); COUNT is the number of
 * "o" lines, and a file without it is no sample.
 *
 * The reader indexes the records by hash (8 bytes an object) and reads
 * the one asked for through a small window of the file, so memory does
 * not grow with the names and an object finds its record wherever it is.
 * The writer streams into a temporary file beside the file and renames it
 * over the file when the check succeeded, so concurrent runs always find
 * a whole file; it first sweeps the temporary files of killed runs.
 */
#ifndef HS_STATEFILE_H
#define HS_STATEFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hs_columns.h"
#include "hs_error.h"
#include "hs_statedir.h"

#define HS_SF_VERSION  2
#define HS_SF_COLS_MAX 64      /* counters kept per object (every counter column) */
#define HS_SF_BOOT_MAX 40      /* a boot id: 36 characters */
#define HS_SF_LINE_MAX 1048576 /* longest record read: two 64 KB names, encoded */
#define HS_SF_NO_ID    (-1LL)

/* The header of a sample. */
struct hs_sf_head {
	char boot[HS_SF_BOOT_MAX]; /* the boot id, "-" when unknown */
	int64_t clock_ms;          /* the boot-time clock when the sample was read */
	long long pid;             /* HAProxy's Pid, or -1 when unknown */
	long long start;           /* its start time (seconds), or -1 */
	size_t ncols;
	short col[HS_SF_COLS_MAX]; /* enum hs_col of each value, -1 if unknown */
};

/* The counters of one object of a previous sample. */
struct hs_sf_rec {
	double v[HS_SF_COLS_MAX];
	bool have[HS_SF_COLS_MAX];
};

/* Reads a previous sample. */
struct hs_sf_reader {
	FILE *f;
	struct hs_sf_head head;
	struct hs_sf_slot *slot; /* hash and offset of each record, by hash */
	size_t nslot;
	char *buf; /* the window: <len> bytes of the file from <base> */
	size_t cap, len;
	int64_t base;
	char lead[20];           /* the start of a line too long to read */
	size_t unreadable;       /* records that could not be read */
	char unreadable_at[200]; /* the first one's object, "" if unknown */
	struct hs_sf_rec rec;
	char why[400]; /* why the sample is not usable, when it is not */
};

#define HS_SF_FNV_INIT 0xcbf29ce484222325ULL

/* FNV-1a over string <s> and its NUL, continuing <h>. */
uint64_t hs_sf_fnv(uint64_t h, const char *s);

/* The hash that indexes object <type>/<px>/<sv>. */
uint64_t hs_sf_hash(unsigned type, const char *px, const char *sv);

/* Opens the previous sample at <path> into <r>. Returns 1 when a sample
 * can be read, 0 when there is none: no file (why ""), or one that is
 * unsafe, unreadable, incomplete or not a sample of this version (why says
 * so).
 */
int hs_sf_open(struct hs_sf_reader *r, const char *path);

/* Reads a sample from seekable stream <f> (taken: closed by hs_sf_close).
 * Same returns as hs_sf_open.
 */
int hs_sf_read_stream(struct hs_sf_reader *r, FILE *f);

/* Finds object <type>/<px>/<sv> with id <id> (HS_SF_NO_ID if none). When
 * the names repeat, the record of the same id is taken, or the only one
 * with those names. Returns its counters (valid until the next call), or
 * NULL: a new object, or one whose record is unreadable (counted in
 * <r->unreadable>).
 */
const struct hs_sf_rec *hs_sf_find(struct hs_sf_reader *r, unsigned type, long long id,
				   const char *px, const char *sv);

void hs_sf_close(struct hs_sf_reader *r);

/* Writes a new sample. */
struct hs_sf_writer {
	FILE *f;
	char tmp[HS_STATEDIR_PATH_MAX];
	char path[HS_STATEDIR_PATH_MAX];
	size_t count;
};

/* Sweeps the temporary files of killed runs (hs_statedir_sweep), then
 * starts writing the sample <head> for <path> into a new temporary file (mode
 * 0600) beside it. Returns 0, or -1 with IO.
 */
int hs_sf_create(struct hs_sf_writer *w, const char *path, const struct hs_sf_head *head,
		 struct hs_error *err);

/* Adds object <type>/<px>/<sv> of id <id> with the texts <cell> of each
 * header column (NULL or not decimal: "-").
 */
void hs_sf_put(struct hs_sf_writer *w, unsigned type, long long id, const char *px, const char *sv,
	       const char *const *cell, size_t ncell);

/* Completes the sample and renames it over <path>. Returns 0, or -1 with
 * IO (the temporary file is removed).
 */
int hs_sf_commit(struct hs_sf_writer *w, struct hs_error *err);

/* Drops a sample being written. */
void hs_sf_abort(struct hs_sf_writer *w);

#endif
