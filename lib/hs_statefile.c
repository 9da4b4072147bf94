/* hs_statefile.c: the state file that remembers the previous sample. */
#include <hs-config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hs_statefile.h"

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
hs_sf_path(const char *dir_opt, const char *key, char *path, size_t size, struct hs_error *err)
{
	char dir[HS_SF_PATH_MAX];
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

struct hs_sf_slot {
	uint64_t hash;
	int64_t off; /* the record's line, -1 when it is too long to read */
};

#define WINDOW 16384 /* bytes of the file read at once */

uint64_t
hs_sf_hash(unsigned type, const char *px, const char *sv)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *s[2] = {px, sv};
	size_t i;

	h = (h ^ type) * 0x100000001b3ULL;
	for (i = 0; i < 2; i++) {
		const unsigned char *b = (const unsigned char *)s[i];

		do
			h = (h ^ *b) * 0x100000001b3ULL;
		while (*b++ != '\0');
	}
	return h;
}

/* Reads the window of <r> from offset <off>. Returns false when nothing
 * is left there.
 */
static bool
load(struct hs_sf_reader *r, int64_t off)
{
	r->base = off;
	r->len = 0;
	if (fseeko(r->f, off, SEEK_SET) == -1)
		return false;
	r->len = fread(r->buf, 1, r->cap, r->f);
	return r->len > 0;
}

/* Makes the line at offset <off> of <r> whole in the window (a NUL byte
 * ends a line as a LF does) and returns it NUL-terminated, its length in
 * <*len>. Returns NULL when no line ends there (*len SIZE_MAX) or when it
 * is longer than HS_SF_LINE_MAX (*len its length, to step over it).
 */
static char *
line_at(struct hs_sf_reader *r, int64_t off, size_t *len)
{
	int64_t start = off;

	for (;;) {
		if (off >= r->base && off < r->base + (int64_t)r->len) {
			char *s = r->buf + (off - r->base);
			size_t avail = r->len - (size_t)(off - r->base);
			char *e = memchr(s, '\n', avail);
			char *nul = memchr(s, '\0', e != NULL ? (size_t)(e - s) : avail);

			if (nul != NULL || e != NULL) {
				e = nul != NULL ? nul : e;
				*e = '\0';
				*len = (size_t)(off - start) + (size_t)(e - s);
				return off == start ? s : NULL;
			}
			if (off == r->base && r->len < r->cap)
				break; /* the file ends in this line */
			if (off == r->base) {
				char *grown = r->cap < HS_SF_LINE_MAX ? realloc(r->buf, r->cap * 2)
								      : NULL;

				if (grown == NULL) { /* too long: keep its start, step over it */
					if (off == start)
						memcpy(r->lead, r->buf, sizeof(r->lead) - 1);
					off += (int64_t)r->len;
				} else {
					r->buf = grown;
					r->cap *= 2;
				}
			}
		}
		if (!load(r, off))
			break;
	}
	*len = SIZE_MAX;
	return NULL;
}

/* Takes the next word of <*p> (words are separated by single spaces) into
 * <*w>. Returns its length, 0 when there is none.
 */
static size_t
word(const char **p, const char **w)
{
	size_t n = strcspn(*p, " ");

	*w = *p;
	*p += n + ((*p)[n] == ' ');
	return n;
}

/* Parses the <n> bytes of <s> as a decimal number of at most 18 digits, a
 * '-' in front allowed when <sign>. Returns false when it is not one.
 */
static bool
parse_int(const char *s, size_t n, bool sign, long long *out)
{
	bool neg = sign && n > 1 && *s == '-';
	long long v = 0;
	size_t i;

	if (neg) {
		s++;
		n--;
	}
	if (n == 0 || n > 18)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;
	return true;
}

/* Parses a counter value of <n> bytes at <s>: at most 20 digits, or "-". */
static bool
parse_value(const char *s, size_t n, double *v, bool *have)
{
	double d = 0;
	size_t i;

	*have = !(n == 1 && *s == '-');
	if (!*have)
		return true;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		d = d * 10 + (s[i] - '0');
	}
	*v = d;
	return n > 0 && n <= 20;
}

static int
hexval(char c)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *p = c != '\0' ? strchr(hex, c) : NULL;

	return p != NULL ? (int)(p - hex) : -1;
}

/* True if the %-encoded <n> bytes at <w> decode to <name>. */
static bool
name_is(const char *w, size_t n, const char *name)
{
	const char *end = w + n;

	while (w < end) {
		int c = (unsigned char)*w++;

		if (c == '%') {
			if (end - w < 2 || hexval(w[0]) < 0 || hexval(w[1]) < 0)
				return false;
			c = hexval(w[0]) * 16 + hexval(w[1]);
			w += 2;
		}
		if (c == '\0' || (unsigned char)*name++ != c)
			return false;
	}
	return *name == '\0';
}

/* Parses the 16 hex digits and the space at <s>. */
static bool
parse_hash(const char *s, uint64_t *h)
{
	size_t i;

	*h = 0;
	for (i = 0; i < 16; i++) {
		int d = s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 : hexval(s[i]);

		if (d < 0 || d > 15)
			return false;
		*h = *h * 16 + (uint64_t)d;
	}
	return s[16] == ' ';
}

/* Parses header line <s> number <i>: returns false when it is not one. */
static bool
parse_head(struct hs_sf_head *h, int i, const char *s)
{
	const char *w, *p = s;
	size_t n;
	long long v;

	n = word(&p, &w);
	switch (i) {
	case 1:
		if (n != 4 || strncmp(w, "boot", 4) != 0 || (n = word(&p, &w)) == 0 ||
		    n >= sizeof(h->boot) || strspn(w, "0123456789abcdef-") < n)
			return false;
		memcpy(h->boot, w, n);
		h->boot[n] = '\0';
		n = word(&p, &w);
		h->clock_ms = 0;
		if (!parse_int(w, n, false, &v))
			return false;
		h->clock_ms = v;
		return *p == '\0';
	case 2:
		if (n != 7 || strncmp(w, "process", 7) != 0)
			return false;
		n = word(&p, &w);
		if (!parse_int(w, n, true, &h->pid))
			return false;
		n = word(&p, &w);
		return parse_int(w, n, true, &h->start) && *p == '\0';
	default:
		if (n != 7 || strncmp(w, "columns", 7) != 0)
			return false;
		for (h->ncols = 0; *p != '\0'; h->ncols++) {
			char name[64];

			n = word(&p, &w);
			if (n == 0 || n >= sizeof(name) || h->ncols == HS_SF_COLS_MAX)
				return false;
			memcpy(name, w, n);
			name[n] = '\0';
			h->col[h->ncols] = (short)hs_column_lookup(name);
		}
		return true;
	}
}

/* Orders slots by hash, then by place in the file. */
static int
slot_cmp(const void *a, const void *b)
{
	const struct hs_sf_slot *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return (x->off > y->off) - (x->off < y->off);
}

/* Adds slot <hash>/<off>. Returns false when out of memory. */
static bool
add_slot(struct hs_sf_reader *r, uint64_t hash, int64_t off, size_t *size)
{
	if (r->nslot == *size) {
		size_t want = *size != 0 ? *size * 2 : 1024;
		struct hs_sf_slot *grown = realloc(r->slot, want * sizeof(*grown));

		if (grown == NULL)
			return false;
		r->slot = grown;
		*size = want;
	}
	r->slot[r->nslot].hash = hash;
	r->slot[r->nslot++].off = off;
	return true;
}

/* Reads the header and indexes the records of <r>. Returns 1, or 0 with
 * r->why set.
 */
static int
scan(struct hs_sf_reader *r)
{
	unsigned long long objects = 0;
	size_t size = 0, len;
	int64_t off = 0;
	long long end;
	uint64_t h;
	int i;

	for (i = 0; i < 4; i++, off += (int64_t)len + 1) {
		const char *s = line_at(r, off, &len);

		if (s != NULL && i == 0 && strncmp(s, MAGIC " ", sizeof(MAGIC)) == 0 &&
		    strcmp(s, MAGIC " 2") != 0)
			snprintf(
				r->why, sizeof(r->why),
				"the state file is of format %.20s, not %d (another version of the "
				"plugin)",
				s + sizeof(MAGIC), HS_SF_VERSION);
		if (s == NULL ||
		    (i == 0 ? strcmp(s, MAGIC " 2") != 0 : !parse_head(&r->head, i, s)))
			goto bad;
	}
	for (;; off += (int64_t)len + 1) {
		const char *s = line_at(r, off, &len);
		bool whole = s != NULL;

		if (s == NULL && len == SIZE_MAX) {
			snprintf(r->why, sizeof(r->why),
				 "the state file is incomplete (no end line)");
			return 0;
		}
		if (!whole)
			s = r->lead; /* a line too long to read: its start */
		if (strncmp(s, "o ", 2) == 0) {
			objects++;
			if (!parse_hash(s + 2, &h))
				r->unreadable++;
			else if (!add_slot(r, h, whole ? off : -1, &size))
				goto nomem;
		} else if (whole && strncmp(s, "end ", 4) == 0) {
			if (!parse_int(s + 4, strlen(s + 4), false, &end) ||
			    (unsigned long long)end != objects)
				goto bad;
			break;
		}
		/* a kind of record this version does not know: skipped */
	}
	qsort(r->slot, r->nslot, sizeof(*r->slot), slot_cmp);
	return 1;
nomem:
	snprintf(r->why, sizeof(r->why), "out of memory reading the state file");
	return 0;
bad:
	if (r->why[0] == '\0')
		snprintf(r->why, sizeof(r->why), "the state file is not a sample of format %d",
			 HS_SF_VERSION);
	return 0;
}

int
hs_sf_read_stream(struct hs_sf_reader *r, FILE *f)
{
	memset(r, 0, sizeof(*r));
	r->f = f;
	r->base = -1;
	r->cap = WINDOW;
	r->buf = malloc(r->cap);
	if (r->buf == NULL) {
		snprintf(r->why, sizeof(r->why), "out of memory reading the state file");
		return 0;
	}
	if (f == NULL) {
		snprintf(r->why, sizeof(r->why), "the state file is empty");
		return 0;
	}
	if (scan(r) == 1)
		return 1;
	r->nslot = 0;
	return 0;
}

int
hs_sf_open(struct hs_sf_reader *r, const char *path)
{
	struct stat st;
	FILE *f;
	int fd;

	memset(r, 0, sizeof(*r));
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
	setvbuf(f, NULL, _IONBF, 0); /* the window is the buffer */
	return hs_sf_read_stream(r, f);
}

/* Reads the names and id of the record at <off>: returns 1 when it is
 * object <type>/<px>/<sv> of id <id>, 0 when of another id, -1 when not
 * that object, and leaves <*values> at its values.
 */
static int
record_at(struct hs_sf_reader *r, int64_t off, unsigned type, long long id, const char *px,
	  const char *sv, const char **values)
{
	const char *w, *p;
	long long rid = HS_SF_NO_ID;
	size_t len, n;

	p = off >= 0 ? line_at(r, off, &len) : NULL;
	if (p == NULL || len < 19)
		return -1;
	p += 2 + 17;
	n = word(&p, &w);
	if (n != 1 || (unsigned)(*w - '0') != type)
		return -1;
	n = word(&p, &w);
	if (!(n == 1 && *w == '-') && !parse_int(w, n, false, &rid))
		return -1;
	n = word(&p, &w);
	if (!name_is(w, n, px))
		return -1;
	n = word(&p, &w);
	if (!name_is(w, n, sv))
		return -1;
	*values = p;
	return rid == id;
}

const struct hs_sf_rec *
hs_sf_find(struct hs_sf_reader *r, unsigned type, long long id, const char *px, const char *sv)
{
	uint64_t h = hs_sf_hash(type, px, sv);
	size_t lo = 0, hi = r->nslot, i, named = 0, pick = SIZE_MAX, same = SIZE_MAX, too_long = 0;
	const char *p = NULL, *w;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->slot[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < r->nslot && r->slot[i].hash == h; i++) {
		int m = record_at(r, r->slot[i].off, type, id, px, sv, &p);

		too_long += r->slot[i].off < 0;
		if (m >= 0 && named++ == 0)
			pick = i;
		if (m == 1 && same == SIZE_MAX)
			same = i;
	}
	if (same != SIZE_MAX)
		pick = same;
	else if (named != 1)
		pick = SIZE_MAX;
	if (pick != SIZE_MAX) {
		record_at(r, r->slot[pick].off, type, id, px, sv, &p);
		for (i = 0; i < r->head.ncols; i++) {
			size_t n = word(&p, &w);

			if (!parse_value(w, n, &r->rec.v[i], &r->rec.have[i]))
				break;
		}
		if (i == r->head.ncols && *p == '\0')
			return &r->rec;
	} else if (too_long == 0) {
		return NULL;
	}
	/* a record of this object that cannot be read */
	if (r->unreadable++ == 0)
		snprintf(r->unreadable_at, sizeof(r->unreadable_at), "%s/%s", px, sv);
	return NULL;
}

void
hs_sf_close(struct hs_sf_reader *r)
{
	if (r->f != NULL)
		fclose(r->f);
	r->f = NULL;
	free(r->slot);
	free(r->buf);
	r->slot = NULL;
	r->buf = NULL;
	r->nslot = 0;
}

/* Removes from the directory of <path> the temporary files of writers
 * ("<HS_SF_KEY_PREFIX>....tmp-<pid>-XXXXXX") whose run no longer exists or
 * that are older than a day: regular files of the effective user only,
 * never through a symlink. Returns how many were removed.
 */
static size_t
sweep(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[HS_SF_PATH_MAX];
	struct dirent *e;
	size_t removed = 0;
	DIR *d;
	int fd;

	snprintf(dir, sizeof(dir), "%.*s", slash != NULL ? (int)(slash - path) : 1,
		 slash != NULL ? path : ".");
	fd = open(dir[0] != '\0' ? dir : "/", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		const char *t = strstr(e->d_name, ".tmp-");
		char *end = NULL;
		long pid = t != NULL ? strtol(t + 5, &end, 10) : 0;
		struct stat st;

		if (strncmp(e->d_name, HS_SF_KEY_PREFIX, strlen(HS_SF_KEY_PREFIX)) != 0 ||
		    pid <= 0 || pid == (long)getpid() || *end != '-' || strlen(end + 1) != 6 ||
		    fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		if ((kill((pid_t)pid, 0) == 0 || errno == EPERM) &&
		    time(NULL) - st.st_mtime < 86400)
			continue; /* its run is still writing it */
		removed += unlinkat(fd, e->d_name, 0) == 0;
	}
	closedir(d);
	return removed;
}

int
hs_sf_create(struct hs_sf_writer *w, const char *path, const struct hs_sf_head *head,
	     struct hs_error *err)
{
	size_t i;
	int fd, n;

	memset(w, 0, sizeof(*w));
	n = snprintf(w->tmp, sizeof(w->tmp), "%s.tmp-%ld-XXXXXX", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(w->tmp) || strlen(path) >= sizeof(w->path))
		return hs_error_set(err, HS_ERR_IO, "state file path too long");
	strcpy(w->path, path);
	w->swept = sweep(path);
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
	fprintf(w->f, MAGIC " %d\nboot %s %lld\nprocess %lld %lld\ncolumns", HS_SF_VERSION,
		head->boot, (long long)head->clock_ms, head->pid, head->start);
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
hs_sf_put(struct hs_sf_writer *w, unsigned type, long long id, const char *px, const char *sv,
	  const char *const *cell, size_t ncell)
{
	size_t i;

	if (w->f == NULL)
		return;
	fprintf(w->f, "o %016llx %u ", (unsigned long long)hs_sf_hash(type, px, sv), type);
	if (id < 0)
		fputc('-', w->f);
	else
		fprintf(w->f, "%lld", id);
	put_name(w->f, px);
	put_name(w->f, sv);
	for (i = 0; i < ncell; i++) {
		const char *c = cell[i];
		size_t n = c != NULL ? strspn(c, "0123456789") : 0;

		fputc(' ', w->f);
		fputs(n > 0 && n <= 20 && c[n] == '\0' ? c : "-", w->f);
	}
	fputc('\n', w->f);
	w->count++;
}

int
hs_sf_commit(struct hs_sf_writer *w, struct hs_error *err)
{
	int rc, e = 0;

	if (w->f == NULL)
		return hs_error_set(err, HS_ERR_IO, "no state file being written");
	fprintf(w->f, "end %zu\n", w->count);
	rc = ferror(w->f) ? -1 : 0;
	if (rc != 0)
		e = errno;
	if (fclose(w->f) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	w->f = NULL;
	if (rc == 0 && rename(w->tmp, w->path) == -1) {
		rc = -1;
		e = errno;
	}
	if (rc != 0) {
		unlink(w->tmp);
		return hs_error_set(err, HS_ERR_IO, "cannot write %.300s: %s", w->path,
				    strerror(e != 0 ? e : EIO));
	}
	return 0;
}

void
hs_sf_abort(struct hs_sf_writer *w)
{
	if (w->f == NULL)
		return;
	fclose(w->f);
	w->f = NULL;
	unlink(w->tmp);
}
