/* hs_master.h: the master CLI of a master-worker HAProxy (haproxy -W -S).
 *
 * "show proc" lists the master, the current worker(s), the old workers
 * (still running after a reload, kept alive by long connections) and
 * programs:
 *
 *   #<PID>   <type>   <reloads>       <uptime>     <version>
 *   16305    master   1 [failed: 0]   0d00h00m15s  2.6.12-1+deb12u4
 *   # workers
 *   16548    worker   0               0d00h00m02s  2.6.12-1+deb12u4
 *   # old workers
 *   16306    worker   1               0d00h00m15s  2.6.12-1+deb12u4
 *   # programs
 *
 * 2.5 and later show "[failed: K]" on the master line: K consecutive
 * reloads failed (back to 0 after the next good one). 2.2 has a
 * "<relative PID>" column instead ("[was: N]" for an old worker) and no
 * failed count: a failed reload puts its master in wait mode, where the
 * worker that was running is listed as an old worker and no current one.
 * 3.0 keeps the log of the last (re)load: "show startup-logs".
 *
 * Only read-only commands are sent ("show proc", "show startup-logs");
 * the master's "reload" never is. The text is peer data: parsed with
 * bounds, any line it cannot read is an error, never a guess.
 */
#ifndef HS_MASTER_H
#define HS_MASTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hs_error.h"

/* Most bytes of a "show proc" or "show startup-logs" answer read. */
#define HS_MASTER_ANSWER_MAX (64 * 1024)
/* Bytes of the startup log's first error line kept. */
#define HS_MASTER_ALERT_MAX 240

struct hs_proc {
	long long master_pid;
	unsigned reloads;          /* the master's reload count */
	bool has_failed;           /* the master line shows "[failed: K]" (2.5+) */
	unsigned failed;           /* K */
	unsigned workers;          /* current workers */
	int64_t worker_uptime;     /* seconds, of the youngest current worker */
	unsigned old_workers;      /* old workers still running */
	int64_t oldest_old_uptime; /* seconds, of the oldest old worker (0: none) */
	char version[64];          /* of the master */
};

/* Parses the answer to "show proc", <len> bytes at <text>, into <p>.
 * Fails with NOT_STATS when it is not a "show proc" answer (no master
 * line: a worker's socket, or an error text), MALFORMED for a line it
 * cannot read. Returns 0 or -1.
 */
int hs_master_parse_proc(const char *text, size_t len, struct hs_proc *p, struct hs_error *err);

/* True if the master's last reload failed: "failed: K" > 0, or (2.2,
 * which has no such count) old workers and no current one.
 */
bool hs_master_reload_failed(const struct hs_proc *p);

/* Copies into <dst> (<size> bytes) the first "[ALERT]" line of the startup
 * log <text> (<len> bytes), without the "[ALERT] (pid) : " head, control
 * bytes replaced: the parse error of a failed reload. Returns false, with
 * <dst> empty, when there is none (an older HAProxy answers "Unknown
 * command").
 */
bool hs_master_first_alert(const char *text, size_t len, char *dst, size_t size);

/* Reads <path>'s master CLI: "show proc" into <p>, and, when the last
 * reload failed, the first error of "show startup-logs" into <alert>
 * (<size> bytes; empty when the version keeps none). Each command on its
 * own connection, before <deadline>. Returns 0 or -1 with <err> set as for
 * hs_transport_open, or LIMIT for an answer over HS_MASTER_ANSWER_MAX.
 */
int hs_master_read(const char *path, int64_t deadline, struct hs_proc *p, char *alert, size_t size,
		   struct hs_error *err);

#endif
