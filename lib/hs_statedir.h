/* hs_statedir.h: where state files are kept, checked and swept.
 *
 * A state file lives at
 *
 *   <base>/<euid>/check_haproxy_stat/<key>
 *
 * the layout of libmonitoringplug's state retention (np_state_*): <base>
 * is --state-dir, else $MP_STATE_PATH, else
 * $NAGIOS_PLUGIN_STATE_DIRECTORY, else HS_STATE_DIR_DEFAULT when it
 * exists, else /var/tmp. The per-user directories are created 0700; a
 * directory below <base> that is a symlink, owned by another user or
 * writable by group or others is refused, as is a <base> that is a
 * symlink or writable by others without the sticky bit.
 *
 * A new state file is written as "<key>.tmp-<pid>-XXXXXX" beside it and
 * renamed over it; the temporary file of a run that no longer exists (a
 * killed run) is removed by a later one.
 */
#ifndef HS_STATEDIR_H
#define HS_STATEDIR_H

#include <stddef.h>

#include "hs_error.h"

#ifndef HS_STATE_DIR_DEFAULT
#define HS_STATE_DIR_DEFAULT "/var/lib/monitoring-plugins"
#endif

#define HS_STATEDIR_PATH_MAX   1024
#define HS_STATEDIR_KEY_PREFIX "haproxy-" /* every key starts so */

/* Resolves the state directory for option <dir_opt> (NULL: none) and the
 * environment, creating the per-user directories (0700) as needed, and
 * checks each part; writes "<dir>/<key>" to <path> (<size> bytes).
 * Returns 0, or -1 with ACCESS (unsafe or unusable, the message names the
 * path and what is wrong) or IO.
 */
int hs_statedir_path(const char *dir_opt, const char *key, char *path, size_t size,
		     struct hs_error *err);

/* Removes from the directory of <path> the temporary files of keys
 * (HS_STATEDIR_KEY_PREFIX...) whose run no longer exists or that are older
 * than a day (those of format 1, without a pid: older than a day): regular
 * files of the effective user only, never through a symlink.
 */
void hs_statedir_sweep(const char *path);

/* Creates the temporary file for <path> (mode 0600), its name in <tmp>
 * (<size> bytes). Returns its descriptor, or -1 with errno set.
 */
int hs_statedir_tmpfile(const char *path, char *tmp, size_t size);

#endif
