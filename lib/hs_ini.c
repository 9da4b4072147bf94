/* hs_ini.c: --extra-opts, options read from a section of an ini file. */
#include <hs-config.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_http.h"
#include "hs_ini.h"
#include "hs_text.h"

/* Monitoring Plugins 2.4.0's default files (lib/parse_ini.c). */
static const char *const ini_names[] = {"monitoring-plugins.ini", "plugins.ini",
					"nagios-plugins.ini"};
static const char *const ini_paths[] = {
	"/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
	"/usr/local/etc/monitoring-plugins.ini",
	"/etc/monitoring-plugins/monitoring-plugins.ini",
	"/etc/monitoring-plugins.ini",
	"/etc/nagios/plugins.ini",
	"/usr/local/nagios/etc/plugins.ini",
	"/usr/local/etc/nagios/plugins.ini",
	"/etc/opt/nagios/plugins.ini",
	"/etc/nagios-plugins.ini",
	"/usr/local/etc/nagios-plugins.ini",
	"/etc/opt/nagios-plugins.ini",
};

/* Writes the default ini file into <path> of <size> bytes (see hs_ini.h).
 * Returns 0, or -1 when none exists.
 */
static int
default_file(char *path, size_t size)
{
	const char *env = getenv("MP_CONFIG_FILE");
	const char *dirs = getenv("NAGIOS_CONFIG_PATH");
	size_t i;

	if (env != NULL) {
		snprintf(path, size, "%s", env);
		return 0;
	}
	while (dirs != NULL && *dirs != '\0') {
		size_t len = strcspn(dirs, ":");

		for (i = 0; i < sizeof(ini_names) / sizeof(ini_names[0]); i++) {
			int n = snprintf(path, size, "%.*s/%s", (int)len, dirs, ini_names[i]);

			if (len > 0 && n > 0 && (size_t)n < size && access(path, F_OK) == 0)
				return 0;
		}
		dirs += len + (dirs[len] == ':');
	}
	for (i = 0; i < sizeof(ini_paths) / sizeof(ini_paths[0]); i++) {
		if (access(ini_paths[i], F_OK) == 0) {
			snprintf(path, size, "%s", ini_paths[i]);
			return 0;
		}
	}
	return -1;
}

enum line_read { LINE_END, LINE_OK, LINE_LONG };

/* Reads the next line of <f> into <buf> (HS_INI_LINE_MAX + 1 bytes),
 * without its '\n'; sets <*nul> when it holds a NUL byte. A longer line is
 * skipped to its end and reported LINE_LONG. Returns LINE_END at the end.
 */
static enum line_read
read_line(FILE *f, char *buf, bool *nul)
{
	size_t len = 0;
	int c;

	*nul = false;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (len == HS_INI_LINE_MAX) {
			while ((c = getc(f)) != EOF && c != '\n')
				;
			return LINE_LONG;
		}
		*nul |= c == '\0';
		buf[len++] = (char)c;
	}
	buf[len] = '\0';
	return c == EOF && len == 0 && !*nul ? LINE_END : LINE_OK;
}

/* Adds option <key> (letters, digits, '-', '_') with <value> ("" for a
 * flag), read at <where>, to <ini>. Returns 0 or -1.
 */
static int
add_option(struct hs_ini *ini, const char *key, const char *value, const char *where,
	   struct hs_error *err)
{
	struct hs_ini_opt *o = &ini->opt[ini->count];
	size_t klen = strlen(key), vlen = strlen(value);

	if (ini->count == HS_INI_OPTS_MAX) {
		ini->fault = HS_INI_TOO_MANY;
		return hs_error_set(err, HS_ERR_USAGE,
				    "--extra-opts: more than %d options, at %s: give fewer",
				    HS_INI_OPTS_MAX, where);
	}
	memset(o, 0, sizeof(*o));
	o->key = strdup(key);
	o->value = strdup(value);
	o->where = strdup(where);
	o->arg = malloc(klen + vlen + 4);
	if (o->key == NULL || o->value == NULL || o->where == NULL || o->arg == NULL) {
		free(o->key);
		free(o->value);
		free(o->where);
		free(o->arg);
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	}
	if (klen == 1 && vlen > 0)
		o->arg2 = o->value;
	if (klen == 1)
		snprintf(o->arg, klen + 3, "-%s", key);
	else
		snprintf(o->arg, klen + vlen + 4, "--%s%s%s", key, vlen > 0 ? "=" : "", value);
	ini->count++;
	return 0;
}

/* Reads section <name> of <file> (open as <f>) into <ini>. Returns 0 or -1. */
static int
read_section(struct hs_ini *ini, FILE *f, const char *file, const char *name, struct hs_error *err)
{
	enum { NONE, OTHER, OURS } in = NONE;
	char line[HS_INI_LINE_MAX + 1], where[512];
	size_t first = ini->count;
	unsigned lineno = 0;
	enum line_read r;
	bool nul, secret = false;

	while ((r = read_line(f, line, &nul)) != LINE_END) {
		char *p = line, *eq, *end;

		lineno++;
		snprintf(where, sizeof(where), "[%.100s] of %.300s, line %u", name, file, lineno);
		if (in == OTHER && line[strspn(line, " \t\r\f\v")] != '[')
			continue; /* another plugin's line: its own business */
		if (r == LINE_LONG) {
			ini->fault = HS_INI_LONG;
			return hs_error_set(
				err, HS_ERR_USAGE,
				"--extra-opts: line %u of %.300s is longer than %d bytes", lineno,
				file, HS_INI_LINE_MAX);
		}
		if (nul) {
			ini->fault = HS_INI_BINARY;
			return hs_error_set(
				err, HS_ERR_USAGE,
				"--extra-opts: line %u of %.300s holds a NUL byte: not a text "
				"file",
				lineno, file);
		}
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0' || *p == '#' || *p == ';')
			continue;
		if (*p == '[') {
			p++;
			while (isspace((unsigned char)*p))
				p++;
			end = strchr(p, ']');
			if (end != NULL) {
				while (end > p && isspace((unsigned char)end[-1]))
					end--;
			}
			in = end != NULL && (size_t)(end - p) == strlen(name) &&
					     strncmp(p, name, strlen(name)) == 0
				     ? OURS
				     : OTHER;
			continue;
		}
		if (in == NONE) {
			ini->fault = HS_INI_OUTSIDE;
			return hs_error_set(
				err, HS_ERR_USAGE,
				"--extra-opts: line %u of %.300s is an option before any "
				"[section]",
				lineno, file);
		}
		eq = strchr(p, '=');
		end = eq != NULL ? eq : p;
		while (end > p && isspace((unsigned char)end[-1]))
			end--;
		*end = '\0';
		if (eq == NULL || end == p ||
		    p[strspn(p, "abcdefghijklmnopqrstuvwxyz"
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")] != '\0') {
			ini->fault = HS_INI_SYNTAX;
			return hs_error_set(
				err, HS_ERR_USAGE,
				"--extra-opts: %s is not key=value (a key of letters, digits, "
				"'-' and '_'; the line is not shown)",
				where);
		}
		for (eq++; isspace((unsigned char)*eq); eq++)
			;
		for (end = eq + strlen(eq); end > eq && isspace((unsigned char)end[-1]); end--)
			;
		*end = '\0';
		secret |= strcmp(p, "password") == 0;
		if (add_option(ini, p, eq, where, err) != 0)
			return -1;
	}
	memset(line, 0, sizeof(line));
	if (ferror(f)) {
		ini->fault = HS_INI_OPEN;
		return hs_error_set(err, HS_ERR_ACCESS, "--extra-opts: cannot read %.300s: %s",
				    file, strerror(errno));
	}
	if (ini->count == first) {
		ini->fault = HS_INI_NO_SECTION;
		return hs_error_set(
			err, HS_ERR_USAGE,
			"--extra-opts: %.300s has no section [%.100s], or it holds no option", file,
			name);
	}
	if (secret && f != stdin) {
		char what[400];

		snprintf(what, sizeof(what), "--extra-opts file %.300s (it holds password=)", file);
		if (hs_http_private_file(fileno(f), what, err) != 0) {
			ini->fault = HS_INI_UNSAFE;
			return -1;
		}
	}
	return 0;
}

/* Reads the options of --extra-opts <locator> ([SECTION][@FILE], NULL for
 * none) into <ini>, SECTION defaulting to <plugin>. Returns 0 or -1.
 */
static int
read_locator(struct hs_ini *ini, const char *locator, const char *plugin, struct hs_error *err)
{
	char section[256], file[4096];
	size_t len = locator != NULL ? strcspn(locator, "@") : 0;
	FILE *f;
	int rc;

	snprintf(section, sizeof(section), "%.*s", (int)(len > 0 ? len : strlen(plugin)),
		 len > 0 ? locator : plugin);
	if (locator != NULL && locator[len] == '@') {
		snprintf(file, sizeof(file), "%s", locator + len + 1);
	} else if (default_file(file, sizeof(file)) != 0) {
		ini->fault = HS_INI_NO_FILE;
		return hs_error_set(
			err, HS_ERR_NOENT,
			"--extra-opts: no ini file: give --extra-opts=%.100s@FILE, or set "
			"MP_CONFIG_FILE, or create %s",
			section, ini_paths[2]);
	}
	if (file[0] == '\0') {
		ini->fault = HS_INI_NO_FILE;
		return hs_error_set(
			err, HS_ERR_USAGE,
			"--extra-opts: no file after '@': give --extra-opts=%.100s@FILE", section);
	}
	f = strcmp(file, "-") == 0 ? stdin : fopen(file, "re");
	if (f == NULL) {
		ini->fault = HS_INI_OPEN;
		return hs_error_set(err, errno == ENOENT ? HS_ERR_NOENT : HS_ERR_ACCESS,
				    "--extra-opts: cannot open %.300s: %s", file, strerror(errno));
	}
	rc = read_section(ini, f, f == stdin ? "standard input" : file, section, err);
	if (f != stdin)
		fclose(f);
	return rc;
}

int
hs_ini_expand(int *argc, char ***argv, const char *plugin, struct hs_ini *ini, struct hs_error *err)
{
	char **av = *argv;
	int i, kept = 1, n;
	size_t j;

	memset(ini, 0, sizeof(*ini));
	for (i = 1; i < *argc; i++) {
		const char *locator = NULL;

		if (strncmp(av[i], "--extra-opts=", 13) == 0) {
			locator = av[i] + 13;
		} else if (strcmp(av[i], "--extra-opts") == 0) {
			size_t dashes = i + 1 < *argc ? strspn(av[i + 1], "-") : 1;

			if (dashes != 1 && dashes != 2)
				locator = av[++i];
		} else {
			av[kept++] = av[i]; /* the others keep their order, in place */
			continue;
		}
		if (read_locator(ini, locator, plugin, err) != 0)
			return -1;
	}
	if (kept == *argc)
		return 0; /* no --extra-opts */
	ini->argv = calloc((size_t)kept + 2 * ini->count + 1, sizeof(*ini->argv));
	if (ini->argv == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	ini->argv[0] = av[0];
	for (n = 1, j = 0; j < ini->count; j++) {
		ini->argv[n++] = ini->opt[j].arg;
		if (ini->opt[j].arg2 != NULL)
			ini->argv[n++] = ini->opt[j].arg2;
	}
	for (i = 1; i < kept; i++)
		ini->argv[n++] = av[i];
	*argc = n;
	*argv = ini->argv;
	return 0;
}

/* Appends the printf-style <fmt> to <out> of <size> bytes at <*o>,
 * cutting it at the end of <out>.
 */
static void __attribute__((format(printf, 4, 5)))
append(char *out, size_t size, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out + *o, size - *o, fmt, ap);
	va_end(ap);
	if (n > 0)
		*o += (size_t)n < size - *o ? (size_t)n : size - *o - 1;
}

/* The length of the longest part of a value of <ini> that <msg> starts
 * with and that hs_ini_message() takes out (<msg> starts <at> bytes into
 * a message, whose '?' may stand for a control or non-ASCII byte: see
 * hs_error_set); sets <*from> to its option, <first> (may be NULL)
 * winning a tie. Returns 0 for none.
 */
static size_t
value_at(const struct hs_ini *ini, const struct hs_ini_opt *first, const char *msg, size_t at,
	 const struct hs_ini_opt **from)
{
	size_t best = 0, i, j, len, vlen;
	unsigned char c;

	for (i = 0; i <= ini->count; i++) {
		const struct hs_ini_opt *o = i == 0 ? first : &ini->opt[i - 1];

		vlen = o != NULL ? strlen(o->value) : 0;
		for (j = 0; j < vlen; j++) {
			for (len = 0; (c = (unsigned char)o->value[j + len]) != '\0'; len++) {
				if (msg[len] != (char)c &&
				    (msg[len] != '?' || (c >= 0x20 && c < 0x7f)))
					break;
			}
			if (len > best &&
			    (len >= HS_INI_SCRUB_MIN ||
			     (len == vlen && (at == 0 || !isalnum((unsigned char)msg[-1])) &&
			      !isalnum((unsigned char)msg[len])))) {
				best = len;
				*from = o;
			}
		}
	}
	return best;
}

void
hs_ini_message(const struct hs_ini *ini, const char *arg, const char *msg, char *out, size_t size)
{
	const struct hs_ini_opt *named = NULL, *other = NULL;
	size_t o = 0, i, k;

	out[0] = '\0';
	for (k = 0; arg != NULL && k < ini->count; k++) {
		if (arg == ini->opt[k].arg || arg == ini->opt[k].arg2)
			named = &ini->opt[k];
	}
	if (named != NULL)
		append(out, size, &o, "--extra-opts %s= in %s: ", named->key, named->where);
	for (i = 0; msg[i] != '\0' && o + 1 < size;) {
		const struct hs_ini_opt *from = NULL;
		size_t len = value_at(ini, named, msg + i, i, &from);

		if (len == 0) {
			out[o++] = msg[i++];
			out[o] = '\0';
			continue;
		}
		append(out, size, &o, "<%s=>", from->key);
		if (from != named && other == NULL)
			other = from;
		i += len;
	}
	if (other != NULL)
		append(out, size, &o, " (<%s=> from --extra-opts: %s)", other->key, other->where);
}

void
hs_ini_free(struct hs_ini *ini)
{
	size_t i;

	for (i = 0; i < ini->count; i++) {
		hs_text_wipe(ini->opt[i].arg);
		hs_text_wipe(ini->opt[i].value);
		free(ini->opt[i].key);
		free(ini->opt[i].where);
	}
	free(ini->argv);
	memset(ini, 0, sizeof(*ini));
}
