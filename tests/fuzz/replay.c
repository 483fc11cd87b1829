/*
 * replay.c: the plain driver `make check` links with each fuzz target
 * (tests/fuzz/NAME-fuzz.c) into tests/fuzz/NAME-replay, so that every
 * corpus is replayed by the ordinary compiler, with no clang and no
 * libFuzzer; under --enable-asan the sanitizers then check each input.
 *
 *   NAME-replay [FILE|DIR]...
 *
 * runs LLVMFuzzerInitialize once when the target has one, then
 * LLVMFuzzerTestOneInput on the empty input (libFuzzer starts with it too)
 * and on every regular file named or found below a named directory, in
 * name order, each in a buffer of exactly its size (so that a read past
 * the end is caught, as under libFuzzer). With no argument it replays
 * $TOP_SRCDIR/tests/fuzz/corpus/NAME, NAME being its own name without
 * "-replay": the suite's TESTS entry needs nothing else. A target that
 * crashes or aborts fails the test; so do an unreadable input and a
 * replay that found no file at all, since a replay of nothing proves
 * nothing. It must never write anything nor follow a link out of the
 * corpus: it only reads regular files, named or found by lstat.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* no corpus input is bigger; test.sh fuzzes with -max_len=65536 */
#define REPLAY_MAX_INPUT	(16u << 20)
/* directories below a named one, against a loop of bind mounts */
#define REPLAY_MAX_DEPTH	8

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

static size_t replayed;

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_buf(const char *data, size_t size)
{
	/* exactly size bytes (one for the empty input, which has none) */
	uint8_t *p = malloc(size ? size : 1);

	if (p == NULL) {
		fprintf(stderr, "replay: out of memory\n");
		return -1;
	}
	if (size)
		memcpy(p, data, size);
	(void)LLVMFuzzerTestOneInput(p, size);
	free(p);
	replayed++;
	return 0;
}

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, got;
	int rc = -1;

	if (fp == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if ((buf = malloc(REPLAY_MAX_INPUT + 1)) == NULL) {
		fprintf(stderr, "replay: out of memory\n");
		goto out;
	}
	while ((got = fread(buf + n, 1, REPLAY_MAX_INPUT + 1 - n, fp)) > 0)
		n += got;
	if (ferror(fp)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		goto out;
	}
	if (n > REPLAY_MAX_INPUT) {
		fprintf(stderr, "replay: %s: over %u bytes\n", path,
		    REPLAY_MAX_INPUT);
		goto out;
	}
	rc = run_buf(buf, n);
out:
	free(buf);
	if (fp)
		fclose(fp);
	return rc;
}

static int
run_path(const char *path, int depth)
{
	struct dirent *d;
	struct stat st;
	char **names = NULL, **grown, *sub;
	size_t n = 0, cap = 0, i, len;
	DIR *dir = NULL;
	int rc = -1;

	if (lstat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (S_ISREG(st.st_mode)) {
		rc = run_file(path);
		goto out;
	}
	if (!S_ISDIR(st.st_mode) || depth > REPLAY_MAX_DEPTH) {
		fprintf(stderr, "replay: %s: neither a file nor a directory "
		    "within %d levels\n", path, REPLAY_MAX_DEPTH);
		goto out;
	}
	if ((dir = opendir(path)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		goto out;
	}
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		len = strlen(path) + strlen(d->d_name) + 2;
		if (n == cap) {
			grown = realloc(names, (cap ? cap * 2 : 32) *
			    sizeof *names);
			if (grown == NULL)
				break;
			names = grown;
			cap = cap ? cap * 2 : 32;
		}
		if ((sub = malloc(len)) == NULL)
			break;
		snprintf(sub, len, "%s/%s", path, d->d_name);
		names[n++] = sub;
	}
	if (d != NULL) {
		fprintf(stderr, "replay: out of memory\n");
		goto out;
	}
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	for (i = 0; i < n; i++)
		if (run_path(names[i], depth + 1) != 0)
			goto out;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (dir)
		closedir(dir);
	return rc;
}

/* the corpus of this target when no argument names one (see above) */
static char *
own_corpus(const char *argv0)
{
	const char *top = getenv("TOP_SRCDIR"), *base, *end;
	char *path = NULL;
	size_t len;

	base = strrchr(argv0, '/');
	base = base ? base + 1 : argv0;
	len = strlen(base);
	end = len > 7 ? base + len - 7 : NULL;
	if (top == NULL || *top == '\0' || end == NULL ||
	    strcmp(end, "-replay") != 0) {
		fprintf(stderr, "replay: name a corpus, or run as NAME-replay "
		    "with TOP_SRCDIR set\n");
		goto out;
	}
	len += strlen(top) + 32;
	if ((path = malloc(len)) == NULL) {
		fprintf(stderr, "replay: out of memory\n");
		goto out;
	}
	snprintf(path, len, "%s/tests/fuzz/corpus/%.*s", top,
	    (int)(end - base), base);
out:
	return path;
}

/* replay the inputs named, or this target's own corpus */
int
main(int argc, char **argv)
{
	char *own = NULL;
	int i, rc = 1;

	if (LLVMFuzzerInitialize != NULL)
		(void)LLVMFuzzerInitialize(&argc, &argv);
	if (run_buf("", 0) != 0)
		goto out;
	if (argc < 2) {
		if ((own = own_corpus(argv[0])) == NULL)
			goto out;
		if (run_path(own, 0) != 0)
			goto out;
		printf("replay: %zu input%s from %s\n", replayed - 1,
		    replayed == 2 ? "" : "s", own);
	}
	for (i = 1; i < argc; i++)
		if (run_path(argv[i], 0) != 0)
			goto out;
	if (replayed < 2) {
		fprintf(stderr, "replay: no input found\n");
		goto out;
	}
	if (argc >= 2)
		printf("replay: %zu input%s\n", replayed - 1,
		    replayed == 2 ? "" : "s");
	rc = 0;
out:
	free(own);
	return rc;
}
