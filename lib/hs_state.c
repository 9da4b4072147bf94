/* hs_state.c: the state file that remembers the previous sample. */
#include <hs-config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs_state.h"

#define MAGIC "check_haproxy_stat-state"

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

int
hs_state_path(const char *dir_opt, const char *key, char *path, size_t size, struct hs_error *err)
{
	char dir[HS_STATE_PATH_MAX];
	const char *base = NULL;
	int n;

	if (dir_opt != NULL) {
		if (ensure_dir(dir_opt, err) != 0)
			return -1;
		n = snprintf(path, size, "%s/%s", dir_opt, key);
		if (n < 0 || (size_t)n >= size)
			return hs_error_set(err, HS_ERR_ACCESS, "state directory path too long");
		return 0;
	}
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
	n = snprintf(dir, sizeof(dir), "%s/%lu", base, (unsigned long)geteuid());
	if (n < 0 || (size_t)n >= sizeof(dir))
		return hs_error_set(err, HS_ERR_ACCESS, "state directory path too long");
	if (ensure_dir(dir, err) != 0)
		return -1;
	n = snprintf(dir, sizeof(dir), "%s/%lu/check_haproxy_stat", base, (unsigned long)geteuid());
	if (n < 0 || (size_t)n >= sizeof(dir) || ensure_dir(dir, err) != 0)
		return err->code != HS_ERR_NONE
			       ? -1
			       : hs_error_set(err, HS_ERR_ACCESS, "state directory path too long");
	n = snprintf(path, size, "%s/%s", dir, key);
	if (n < 0 || (size_t)n >= size)
		return hs_error_set(err, HS_ERR_ACCESS, "state directory path too long");
	return 0;
}

/* Reads the next line of <r> into r->line, without its LF. Returns its
 * length, or -1 at the end or on a line too long (r->bad set).
 */
static long
next_line(struct hs_state_reader *r)
{
	size_t len;

	if (r->f == NULL || r->eof || r->bad)
		return -1;
	if (fgets(r->line, sizeof(r->line), r->f) == NULL) {
		r->eof = true;
		return -1;
	}
	len = strlen(r->line);
	if (len == 0 || r->line[len - 1] != '\n' || len > HS_STATE_LINE_MAX) {
		r->bad = true;
		return -1;
	}
	r->line[--len] = '\0';
	return (long)len;
}

/* Parses <s> as a whole decimal number of at most 19 digits (an optional
 * '-' in front when <sign>). Returns false when it is not one.
 */
static bool
parse_int(const char *s, bool sign, long long *out)
{
	long long v = 0;
	bool neg = false;
	size_t n = 0;

	if (sign && *s == '-') {
		neg = true;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++, n++) {
		if (n == 18)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (n == 0 || *s != '\0')
		return false;
	*out = neg ? -v : v;
	return true;
}

/* Parses a counter value: digits (at most 20) or "-". */
static bool
parse_value(const char *s, double *v, bool *have)
{
	double d = 0;
	size_t n = 0;

	if (strcmp(s, "-") == 0) {
		*have = false;
		return true;
	}
	for (; *s >= '0' && *s <= '9'; s++, n++)
		d = d * 10 + (*s - '0');
	if (n == 0 || n > 20 || *s != '\0')
		return false;
	*v = d;
	*have = true;
	return true;
}

/* Splits <s> at single spaces into at most <max> words. Returns the count,
 * or -1 when there are more or a word is empty.
 */
static int
split(char *s, char **word, int max)
{
	int n = 0;

	for (;;) {
		char *sp = strchr(s, ' ');

		if (n == max || *s == '\0' || sp == s)
			return -1;
		word[n++] = s;
		if (sp == NULL)
			return n;
		*sp = '\0';
		s = sp + 1;
	}
}

/* Decodes the %-encoded name <s> into <out> (<size> bytes, NUL added).
 * Returns the bytes written with the NUL, or 0 when <s> is not a valid
 * encoding or does not fit.
 */
static size_t
decode(const char *s, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (; *s != '\0'; s++) {
		char c = *s;

		if (c == '%') {
			const char *hi = s[1] ? strchr(hex, s[1]) : NULL;
			const char *lo = hi && s[2] ? strchr(hex, s[2]) : NULL;

			if (hi == NULL || lo == NULL)
				return 0;
			c = (char)((hi - hex) * 16 + (lo - hex));
			if (c == '\0')
				return 0;
			s += 2;
		}
		if (n + 1 >= size)
			return 0;
		out[n++] = c;
	}
	out[n++] = '\0';
	return n;
}

/* Reads the header of a sample. Returns 1, or 0 with r->why set. */
static int
read_head(struct hs_state_reader *r)
{
	struct hs_state_head *h = &r->head;
	char *word[HS_STATE_COLS_MAX + 1];
	long long v;
	int n, i;

	if (next_line(r) < 0 || strcmp(r->line, MAGIC " 1") != 0)
		goto bad;
	if (next_line(r) < 0 || split(r->line, word, 3) != 3 || strcmp(word[0], "process") != 0 ||
	    !parse_int(word[1], true, &h->pid) || !parse_int(word[2], true, &h->start))
		goto bad;
	if (next_line(r) < 0 || split(r->line, word, 2) != 2 || strcmp(word[0], "time") != 0 ||
	    !parse_int(word[1], false, &v))
		goto bad;
	h->time_ms = v;
	if (next_line(r) < 0)
		goto bad;
	n = strcmp(r->line, "columns") == 0 ? 1 : split(r->line, word, HS_STATE_COLS_MAX + 1);
	if (n < 1 || strncmp(r->line, "columns", 8) != 0)
		goto bad;
	h->ncols = (size_t)n - 1;
	for (i = 1; i < n; i++)
		h->col[i - 1] = (short)hs_column_lookup(word[i]);
	return 1;
bad:
	snprintf(r->why, sizeof(r->why), "the state file is not a sample of this version");
	r->bad = true;
	return 0;
}

/* Empties <r> for stream <f> (the window is left as it is: unused). */
static void
reader_init(struct hs_state_reader *r, FILE *f)
{
	r->f = f;
	memset(&r->head, 0, sizeof(r->head));
	r->first = r->n = 0;
	r->eof = r->bad = false;
	r->why[0] = '\0';
}

int
hs_state_read_stream(struct hs_state_reader *r, FILE *f)
{
	reader_init(r, f);
	return read_head(r);
}

int
hs_state_open(struct hs_state_reader *r, const char *path)
{
	struct stat st;
	FILE *f;
	int fd;

	reader_init(r, NULL);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		if (errno != ENOENT)
			snprintf(r->why, sizeof(r->why), "state file %.100s: %s", path,
				 errno == ELOOP ? "a symlink, refused" : strerror(errno));
		return 0;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH))) {
		snprintf(r->why, sizeof(r->why),
			 "state file %.100s is not a regular file of uid %lu writable by it "
			 "alone: refused",
			 path, (unsigned long)geteuid());
		close(fd);
		return 0;
	}
	f = fdopen(fd, "r");
	if (f == NULL) {
		close(fd);
		snprintf(r->why, sizeof(r->why), "state file %.100s: %s", path, strerror(errno));
		return 0;
	}
	return hs_state_read_stream(r, f);
}

/* Reads the next record into the window. Returns false at the end of the
 * records or on a broken line (r->bad).
 */
static bool
fill_one(struct hs_state_reader *r)
{
	struct hs_state_rec *rec = &r->win[(r->first + r->n) % HS_STATE_WINDOW];
	char *word[HS_STATE_COLS_MAX + 4];
	size_t i, a, b;
	int n;

	if (next_line(r) < 0)
		return false;
	if (strncmp(r->line, "end ", 4) == 0) {
		r->eof = true;
		return false;
	}
	n = split(r->line, word, HS_STATE_COLS_MAX + 4);
	if (n != (int)r->head.ncols + 4 || strcmp(word[0], "o") != 0 || word[1][1] != '\0' ||
	    word[1][0] < '0' || word[1][0] > '3')
		goto bad;
	rec->type = (unsigned)(word[1][0] - '0');
	a = decode(word[2], rec->text, sizeof(rec->text));
	b = a ? decode(word[3], rec->text + a, sizeof(rec->text) - a) : 0;
	if (b == 0)
		goto bad;
	rec->px = rec->text;
	rec->sv = rec->text + a;
	for (i = 0; i < r->head.ncols; i++) {
		if (!parse_value(word[4 + i], &rec->v[i], &rec->have[i]))
			goto bad;
	}
	r->n++;
	return true;
bad:
	r->bad = true;
	return false;
}

const struct hs_state_rec *
hs_state_find(struct hs_state_reader *r, unsigned type, const char *px, const char *sv)
{
	size_t i = 0;

	for (;;) {
		for (; i < r->n; i++) {
			struct hs_state_rec *rec = &r->win[(r->first + i) % HS_STATE_WINDOW];

			if (rec->type == type && strcmp(rec->sv, sv) == 0 &&
			    strcmp(rec->px, px) == 0) {
				r->first = (r->first + i + 1) % HS_STATE_WINDOW;
				r->n -= i + 1;
				return rec;
			}
		}
		if (r->n == HS_STATE_WINDOW || !fill_one(r))
			return NULL;
	}
}

void
hs_state_close(struct hs_state_reader *r)
{
	if (r->f != NULL)
		fclose(r->f);
	r->f = NULL;
}

int
hs_state_create(struct hs_state_writer *w, const char *path, const struct hs_state_head *head,
		struct hs_error *err)
{
	size_t i;
	int fd, n;

	memset(w, 0, sizeof(*w));
	n = snprintf(w->tmp, sizeof(w->tmp), "%s.XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof(w->tmp) || strlen(path) >= sizeof(w->path))
		return hs_error_set(err, HS_ERR_IO, "state file path too long");
	strcpy(w->path, path);
	fd = mkstemp(w->tmp);
	if (fd == -1)
		return hs_error_set(err, HS_ERR_IO, "cannot create %.300s: %s", w->tmp,
				    strerror(errno));
	if (fchmod(fd, 0600) == -1 || (w->f = fdopen(fd, "w")) == NULL) {
		hs_error_set(err, HS_ERR_IO, "cannot write %.300s: %s", w->tmp, strerror(errno));
		close(fd);
		unlink(w->tmp);
		return -1;
	}
	fprintf(w->f, MAGIC " %d\nprocess %lld %lld\ntime %lld\ncolumns", HS_STATE_VERSION,
		head->pid, head->start, (long long)head->time_ms);
	for (i = 0; i < head->ncols; i++)
		fprintf(w->f, " %s", hs_columns[head->col[i]].name);
	fputc('\n', w->f);
	return 0;
}

/* Writes name <s> %-encoded. */
static void
put_name(FILE *f, const char *s)
{
	fputc(' ', f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '.' || c == ':' || c == '-')
			fputc(c, f);
		else
			fprintf(f, "%%%02X", c);
	}
}

void
hs_state_put(struct hs_state_writer *w, unsigned type, const char *px, const char *sv,
	     const char *const *cell, size_t ncell)
{
	size_t i;

	if (w->f == NULL)
		return;
	fprintf(w->f, "o %u", type);
	put_name(w->f, px);
	put_name(w->f, sv);
	for (i = 0; i < ncell; i++) {
		const char *c = cell[i];
		size_t n = c != NULL ? strspn(c, "0123456789") : 0;

		if (c != NULL && n > 0 && n <= 20 && c[n] == '\0') {
			fputc(' ', w->f);
			fputs(c, w->f);
		} else {
			fputs(" -", w->f);
		}
	}
	fputc('\n', w->f);
	w->count++;
}

int
hs_state_commit(struct hs_state_writer *w, struct hs_error *err)
{
	int rc;

	if (w->f == NULL)
		return hs_error_set(err, HS_ERR_IO, "no state file being written");
	fprintf(w->f, "end %zu\n", w->count);
	rc = ferror(w->f) ? -1 : 0;
	if (rc != 0)
		w->error = errno;
	if (fclose(w->f) != 0 && rc == 0) {
		rc = -1;
		w->error = errno;
	}
	w->f = NULL;
	if (rc == 0 && rename(w->tmp, w->path) == -1) {
		rc = -1;
		w->error = errno;
	}
	if (rc != 0) {
		unlink(w->tmp);
		return hs_error_set(err, HS_ERR_IO, "cannot write %.300s: %s", w->path,
				    strerror(w->error ? w->error : EIO));
	}
	return 0;
}

void
hs_state_abort(struct hs_state_writer *w)
{
	if (w->f == NULL)
		return;
	fclose(w->f);
	w->f = NULL;
	unlink(w->tmp);
}
