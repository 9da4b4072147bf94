/* hs_statefile.c: the state file that remembers the previous sample. */
#include <hs-config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs_statedir.h"
#include "hs_statefile.h"

#define MAGIC "check_haproxy_stat-state"

/* A record in the index: 8 bytes an object. The top half of its hash
 * picks the candidates, whose names are then compared.
 */
struct hs_sf_slot {
	uint32_t hash;
	uint32_t off; /* the record's line, NO_OFF when it cannot be read */
};

#define NO_OFF UINT32_MAX

#define WINDOW 16384 /* bytes of the file read at once */

uint64_t
hs_sf_fnv(uint64_t h, const char *s)
{
	do
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	while (*s++ != '\0');
	return h;
}

uint64_t
hs_sf_hash(unsigned type, const char *px, const char *sv)
{
	return hs_sf_fnv(hs_sf_fnv((HS_SF_FNV_INIT ^ type) * 0x100000001b3ULL, px), sv);
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

/* Parses the <n> bytes at <s> as a counter (at most 20 digits) or "-"
 * (<*have> false). Returns false when it is neither.
 */
static bool
parse_num(const char *s, size_t n, double *v, bool *have)
{
	size_t i;

	*have = !(n == 1 && *s == '-');
	for (i = 0, *v = 0; *have && i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
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

/* Parses header line <s> number <i> (1 to 3) into <h>. Returns false when
 * it is not one.
 */
static bool
parse_head(struct hs_sf_head *h, int i, const char *s)
{
	const char *w;
	int n = -1;

	if (i == 1)
		return sscanf(s, "boot %39[-0-9a-f] %18" SCNd64 "%n", h->boot, &h->clock_ms, &n) ==
			       2 &&
		       s[n] == '\0' && h->clock_ms >= 0;
	if (i == 2)
		return sscanf(s, "process %18lld %18lld%n", &h->pid, &h->start, &n) == 2 &&
		       s[n] == '\0';
	if (strncmp(s, "columns", 7) != 0 || (s[7] != ' ' && s[7] != '\0'))
		return false;
	for (s += 7 + (s[7] == ' '), h->ncols = 0; *s != '\0'; h->ncols++) {
		char name[64];
		size_t len = word(&s, &w);

		if (len == 0 || len >= sizeof(name) || h->ncols == HS_SF_COLS_MAX)
			return false;
		memcpy(name, w, len);
		name[len] = '\0';
		h->col[h->ncols] = (short)hs_column_lookup(name);
	}
	return true;
}

/* Checks first line <s>: true when of this format, else false, with why
 * in <r> when of another one.
 */
static bool
parse_magic(struct hs_sf_reader *r, const char *s)
{
	char *end;
	long v;

	if (strncmp(s, MAGIC " ", sizeof(MAGIC)) != 0)
		return false;
	v = strtol(s + sizeof(MAGIC), &end, 10);
	if (v == HS_SF_VERSION && *end == '\0')
		return true;
	snprintf(r->why, sizeof(r->why),
		 "the state file is of format %.20s, not %d (another version of the plugin)",
		 s + sizeof(MAGIC), HS_SF_VERSION);
	return false;
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
	r->slot[r->nslot].hash = (uint32_t)(hash >> 32);
	r->slot[r->nslot++].off = off >= 0 && off < NO_OFF ? (uint32_t)off : NO_OFF;
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
	double count;
	bool have;
	uint64_t h;
	int i;

	for (i = 0; i < 4; i++, off += (int64_t)len + 1) {
		const char *s = line_at(r, off, &len);

		if (s == NULL || (i == 0 ? !parse_magic(r, s) : !parse_head(&r->head, i, s)))
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
			char *end;

			objects++;
			h = strtoull(s + 2, &end, 16);
			if (end != s + 18 || *end != ' ')
				r->unreadable++;
			else if (!add_slot(r, h, whole ? off : -1, &size))
				goto nomem;
		} else if (whole && strncmp(s, "end ", 4) == 0) {
			if (!parse_num(s + 4, strlen(s + 4), &count, &have) || !have ||
			    count != (double)objects)
				goto bad;
			break;
		}
		/* a kind of record this version does not know: skipped */
	}
	if (r->nslot > 1)
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
record_at(struct hs_sf_reader *r, uint32_t off, unsigned type, long long id, const char *px,
	  const char *sv, const char **values)
{
	const char *w, *p;
	long long rid;
	size_t len, n;
	bool have;
	double v;

	p = off != NO_OFF ? line_at(r, off, &len) : NULL;
	if (p == NULL || len < 19)
		return -1;
	p += 2 + 17;
	n = word(&p, &w);
	if (n != 1 || (unsigned)(*w - '0') != type)
		return -1;
	n = word(&p, &w);
	/* an id is a server's or listener's number: out of int's range, the
	 * record is not one this file wrote (and no cast may overflow) */
	if (!parse_num(w, n, &v, &have) || (have && (v < 0 || v > INT_MAX)))
		return -1;
	rid = have ? (long long)v : HS_SF_NO_ID;
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
	uint32_t h = (uint32_t)(hs_sf_hash(type, px, sv) >> 32);
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

		too_long += r->slot[i].off == NO_OFF;
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

			if (!parse_num(w, n, &r->rec.v[i], &r->rec.have[i]))
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

int
hs_sf_create(struct hs_sf_writer *w, const char *path, const struct hs_sf_head *head,
	     struct hs_error *err)
{
	size_t i;
	int fd;

	memset(w, 0, sizeof(*w));
	if (strlen(path) >= sizeof(w->path))
		return hs_error_set(err, HS_ERR_IO, "state file path too long");
	strcpy(w->path, path);
	hs_statedir_sweep(path);
	fd = hs_statedir_tmpfile(path, w->tmp, sizeof(w->tmp));
	if (fd == -1 || (w->f = fdopen(fd, "w")) == NULL) {
		hs_error_set(err, HS_ERR_IO, "cannot create %.300s: %s", w->tmp, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(w->tmp);
		}
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
