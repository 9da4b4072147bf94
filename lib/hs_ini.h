/* hs_ini.h: --extra-opts, options read from a section of an ini file.
 *
 * Monitoring Plugins 2.4.0's semantics (lib/extra_opts.c, parse_ini.c):
 * --extra-opts[=[SECTION][@FILE]], repeatable; SECTION defaults to the
 * plugin's name, FILE to $MP_CONFIG_FILE, else the first of
 * monitoring-plugins.ini, plugins.ini, nagios-plugins.ini found in a
 * directory of $NAGIOS_CONFIG_PATH, else the first of the standard paths
 * that exists; FILE "-" is standard input. In the section, "key=value"
 * becomes "--key=value" and "key=" the flag "--key" (a one-letter key
 * "-k" "value"), in front of the command line's own arguments.
 * Blank lines and lines starting with '#' or ';' are skipped.
 *
 * Unlike libmonitoringplug it never prints nor exits, and keeps where each
 * option came from: messages name the key, the section, the file and the
 * line, never a value (hs_ini_message() takes the values out of any other
 * message). A section holding password= must be in a file that passes
 * hs_http_private_file(), as --password-file must.
 */
#ifndef HS_INI_H
#define HS_INI_H

#include <stddef.h>

#include "hs_error.h"

/* Longest line of an ini file, its line end excluded. */
#define HS_INI_LINE_MAX 4096
/* Shortest part of a value hs_ini_message() takes out wherever it is; a
 * shorter value is taken out where it stands as a whole word.
 */
#define HS_INI_SCRUB_MIN 6
/* Most options all --extra-opts sections together may give. */
#define HS_INI_OPTS_MAX 256

/* The errors of hs_ini_expand(), one per way an ini file can be wrong
 * (tests/integration/test_secrets.sh makes each one happen).
 */
enum hs_ini_fault {
	HS_INI_NO_FILE,    /* no FILE given and no default file exists */
	HS_INI_OPEN,       /* FILE cannot be opened or read */
	HS_INI_NO_SECTION, /* no such section, or it holds no option */
	HS_INI_OUTSIDE,    /* an option line before any [section] */
	HS_INI_SYNTAX,     /* a line of the section that is not key=value */
	HS_INI_LONG,       /* a line longer than HS_INI_LINE_MAX */
	HS_INI_BINARY,     /* a NUL byte in a line of the section */
	HS_INI_TOO_MANY,   /* more than HS_INI_OPTS_MAX options */
	HS_INI_UNSAFE,     /* password= in a file others may read, or another user's */
};

/* One option read from an ini file. */
struct hs_ini_opt {
	char *arg;   /* the argv entry: "--key=value", "--key" or "-k" */
	char *arg2;  /* <value>, after "-k"; else NULL */
	char *key;   /* "key" */
	char *value; /* "value"; "" for a flag */
	char *where; /* "[SECTION] of FILE, line N" */
};

struct hs_ini {
	struct hs_ini_opt opt[HS_INI_OPTS_MAX];
	size_t count;
	char **argv;             /* the argv hs_ini_expand() made, NULL when it made none */
	enum hs_ini_fault fault; /* what failed, after hs_ini_expand() returned -1 */
};

/* Removes every --extra-opts from <*argc>/<*argv> (whose argv[0] is
 * <plugin>'s name) and puts the options of each section it names (see
 * above) in their place, before the remaining arguments: <*argv> then
 * points to <ini->argv>, whose new entries <ini> owns. Without
 * --extra-opts, <*argv> is left as it is; with, the arguments kept are
 * moved to the front of the caller's array. Fails with USAGE, NOENT, ACCESS
 * or NOMEM, <ini->fault> saying what; the message names the file, the
 * section and the line, never a value. <ini> must be freed with
 * hs_ini_free() in either case. Returns 0 or -1.
 */
int hs_ini_expand(int *argc, char ***argv, const char *plugin, struct hs_ini *ini,
		  struct hs_error *err);

/* Writes <msg> into <out> of <size> (> 0) bytes for the user: every part
 * of a value from <ini> it quotes (a whole value, or HS_INI_SCRUB_MIN bytes
 * of one) is replaced by "<KEY=>", and the first such KEY not otherwise
 * named is followed by where it came from; when <arg> (the argument the
 * message is about, may be NULL) came from <ini>, the message starts with
 * "--extra-opts KEY= in [SECTION] of FILE, line N: ".
 */
void hs_ini_message(const struct hs_ini *ini, const char *arg, const char *msg, char *out,
		    size_t size);

/* Frees what <ini> owns, wiping the values first. */
void hs_ini_free(struct hs_ini *ini);

#endif
