/* replay.c: runs the fuzz targets on saved inputs, without libFuzzer.
 *
 * Built for "make check" with -DHS_FUZZ_REPLAY and every fuzz_*.c, so each
 * target registers itself here. For each target NAME it feeds every file
 * in $srcdir/fuzz/regressions/NAME (inputs that once crashed or hung a
 * target: they must stay fixed), $srcdir/fuzz/corpus/NAME (seeds) and the
 * directory named by the environment variable FUZZ_SEEDS_NAME, if set.
 * A crash or an abort() in a target ends the program (the test fails);
 * otherwise it prints "N passed, 0 failed", N being the inputs replayed.
 * With arguments "NAME FILE...", it replays just those files.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define MAX_TARGETS 32
#define REPLAY_MAX_INPUT   (4 * 1024 * 1024)

static struct {
	const char *name;
	hs_fuzz_fn fn;
} targets[MAX_TARGETS];
static size_t ntargets;

void
hs_fuzz_register(const char *name, hs_fuzz_fn fn)
{
	if (ntargets == MAX_TARGETS)
		abort();
	targets[ntargets].name = name;
	targets[ntargets].fn = fn;
	ntargets++;
}

/* Feeds file <path> to <fn>. Returns 1 if replayed, 0 if skipped (not a
 * regular file), -1 if unreadable or too big.
 */
static int
replay_file(hs_fuzz_fn fn, const char *path)
{
	struct stat sb;
	uint8_t *data;
	size_t len;
	FILE *f;

	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
		return 0;
	if (sb.st_size > REPLAY_MAX_INPUT)
		return -1;
	f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	data = malloc((size_t)sb.st_size + 1);
	if (data == NULL) {
		fclose(f);
		return -1;
	}
	len = fread(data, 1, (size_t)sb.st_size, f);
	fclose(f);
	fn(data, len);
	free(data);
	return 1;
}

/* Replays every regular file in <dir> (missing is fine). Adds the counts
 * to <*ok> and <*bad>.
 */
static void
replay_dir(const char *name, hs_fuzz_fn fn, const char *dir, unsigned *ok, unsigned *bad)
{
	struct dirent *de;
	char path[4096];
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		int rc;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		rc = replay_file(fn, path);
		if (rc == 1)
			(*ok)++;
		if (rc == -1) {
			(*bad)++;
			printf("not ok - %s: cannot read %s\n", name, path);
		}
	}
	closedir(d);
}

static hs_fuzz_fn
find_target(const char *name)
{
	size_t i;

	for (i = 0; i < ntargets; i++) {
		if (strcmp(targets[i].name, name) == 0)
			return targets[i].fn;
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	const char *srcdir = getenv("srcdir");
	unsigned ok = 0, bad = 0;
	char dir[4096], var[64];
	size_t i;
	int a;

	if (argc > 1) {
		hs_fuzz_fn fn = find_target(argv[1]);

		if (fn == NULL) {
			fprintf(stderr, "replay: no target %s\n", argv[1]);
			return 2;
		}
		for (a = 2; a < argc; a++) {
			if (replay_file(fn, argv[a]) == 1)
				ok++;
			else
				bad++;
		}
		printf("%u passed, %u failed\n", ok, bad);
		return bad ? 1 : 0;
	}
	if (srcdir == NULL)
		srcdir = ".";
	for (i = 0; i < ntargets; i++) {
		unsigned before = ok;
		const char *extra;

		snprintf(dir, sizeof(dir), "%s/fuzz/regressions/%s", srcdir, targets[i].name);
		replay_dir(targets[i].name, targets[i].fn, dir, &ok, &bad);
		snprintf(dir, sizeof(dir), "%s/fuzz/corpus/%s", srcdir, targets[i].name);
		replay_dir(targets[i].name, targets[i].fn, dir, &ok, &bad);
		snprintf(var, sizeof(var), "FUZZ_SEEDS_%s", targets[i].name);
		extra = getenv(var);
		if (extra != NULL && *extra != '\0')
			replay_dir(targets[i].name, targets[i].fn, extra, &ok, &bad);
		printf("ok - %s: %u inputs replayed\n", targets[i].name, ok - before);
	}
	printf("%u passed, %u failed\n", ok, bad);
	return bad ? 1 : 0;
}
