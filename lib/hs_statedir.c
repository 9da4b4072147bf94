/* hs_statedir.c: where state files are kept, checked and swept. */
#include <hs-config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hs_statedir.h"

/* Checks directory <dir>: not a symlink, a directory; a <base> must not be
 * writable by others unless sticky (/var/tmp), any other must belong to
 * the effective user and be writable by nobody else. Returns 1 when it
 * does not exist, 0 when it is fine, -1 with ACCESS in <err>.
 */
static int
check_dir(const char *dir, bool base, struct hs_error *err)
{
	struct stat st;

	if (lstat(dir, &st) == -1) {
		if (errno == ENOENT)
			return 1;
		return hs_error_set(err, HS_ERR_ACCESS, "state directory %.300s: %s", dir,
				    strerror(errno));
	}
	if (S_ISLNK(st.st_mode))
		return hs_error_set(err, HS_ERR_ACCESS,
				    "state directory %.300s is a symlink: refused (give the real "
				    "path with --state-dir)",
				    dir);
	if (!S_ISDIR(st.st_mode))
		return hs_error_set(err, HS_ERR_ACCESS, "state directory %.300s is not a directory",
				    dir);
	if (base) {
		if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))
			return hs_error_set(err, HS_ERR_ACCESS,
					    "state directory %.300s is writable by others "
					    "without the sticky bit: refused",
					    dir);
		return 0;
	}
	if (st.st_uid != geteuid())
		return hs_error_set(err, HS_ERR_ACCESS,
				    "state directory %.300s belongs to uid %lu, not to uid %lu "
				    "that runs the check: refused",
				    dir, (unsigned long)st.st_uid, (unsigned long)geteuid());
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return hs_error_set(err, HS_ERR_ACCESS,
				    "state directory %.300s is writable by group or others: "
				    "refused (chmod 700 it)",
				    dir);
	return 0;
}

/* Checks <dir> as check_dir(), creating it (0700) when missing. Returns 0
 * or -1.
 */
static int
ensure_dir(const char *dir, struct hs_error *err)
{
	int rc = check_dir(dir, false, err);

	if (rc <= 0)
		return rc;
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return hs_error_set(err, HS_ERR_ACCESS, "cannot create state directory %.300s: %s",
				    dir, strerror(errno));
	return check_dir(dir, false, err) == 0 ? 0 : -1;
}

/* Writes "<dir>/<name>" to <out> (<size> bytes). Returns 0, or -1 with
 * ACCESS when it does not fit.
 */
static int
join(char *out, size_t size, const char *dir, const char *name, struct hs_error *err)
{
	int n = snprintf(out, size, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= size)
		return hs_error_set(err, HS_ERR_ACCESS, "state directory path too long");
	return 0;
}

int
hs_statedir_path(const char *dir_opt, const char *key, char *path, size_t size,
		 struct hs_error *err)
{
	char uid[HS_STATEDIR_PATH_MAX], dir[HS_STATEDIR_PATH_MAX], euid[24];
	const char *base = NULL;

	if (dir_opt != NULL)
		return ensure_dir(dir_opt, err) != 0 ? -1 : join(path, size, dir_opt, key, err);
	base = getenv("MP_STATE_PATH");
	if (base == NULL || *base == '\0')
		base = getenv("NAGIOS_PLUGIN_STATE_DIRECTORY");
	if (base == NULL || *base == '\0') {
		base = HS_STATE_DIR_DEFAULT;
		if (access(base, F_OK) == -1)
			base = "/var/tmp";
	}
	if (check_dir(base, true, err) != 0) {
		if (err->code == HS_ERR_NONE)
			hs_error_set(err, HS_ERR_ACCESS,
				     "state directory %.300s does not exist (create it, or give "
				     "--state-dir)",
				     base);
		return -1;
	}
	snprintf(euid, sizeof(euid), "%lu", (unsigned long)geteuid());
	if (join(uid, sizeof(uid), base, euid, err) != 0 || ensure_dir(uid, err) != 0 ||
	    join(dir, sizeof(dir), uid, "check_haproxy_stat", err) != 0 ||
	    ensure_dir(dir, err) != 0)
		return -1;
	return join(path, size, dir, key, err);
}

void
hs_statedir_sweep(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[HS_STATEDIR_PATH_MAX];
	struct dirent *e;
	DIR *d;
	int fd;

	snprintf(dir, sizeof(dir), "%.*s", slash != NULL ? (int)(slash - path) : 1,
		 slash != NULL ? path : ".");
	fd = open(dir[0] != '\0' ? dir : "/", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		const char *t = strstr(e->d_name, ".tmp-");
		char *end = NULL;
		long pid = t != NULL ? strtol(t + 5, &end, 10) : 0;
		/* format 1 wrote "<key>.XXXXXX", no pid: only its age tells */
		bool old = t == NULL && strlen(e->d_name) == 31 && e->d_name[24] == '.';
		struct stat st;

		if (strncmp(e->d_name, HS_STATEDIR_KEY_PREFIX, strlen(HS_STATEDIR_KEY_PREFIX)) !=
			    0 ||
		    (!old &&
		     (pid <= 0 || pid == (long)getpid() || *end != '-' || strlen(end + 1) != 6)) ||
		    fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		if ((old || kill((pid_t)pid, 0) == 0 || errno == EPERM) &&
		    time(NULL) - st.st_mtime < 86400)
			continue; /* its run may still be writing it */
		unlinkat(fd, e->d_name, 0);
	}
	closedir(d);
}

int
hs_statedir_tmpfile(const char *path, char *tmp, size_t size)
{
	int fd, n = snprintf(tmp, size, "%s.tmp-%ld-XXXXXX", path, (long)getpid());

	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd != -1 && fchmod(fd, 0600) == -1) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	return fd;
}
