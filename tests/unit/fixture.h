/*
 * fixture.h: read a recorded sample from fixtures/ for a unit test.
 * $TOP_SRCDIR (set by the test harness) locates the source tree; "." is
 * tried otherwise. A missing fixture fails the test, never skips it.
 */
#ifndef PRIVMAP_T_FIXTURE_H
#define PRIVMAP_T_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
fixture_read(const char *rel, size_t *len)
{
	const char *top = getenv("TOP_SRCDIR");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof path, "%s/%s", top ? top : ".", rel);
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "cannot open fixture %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "cannot read fixture %s\n", path);
		exit(1);
	}
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

#endif
