/*
 * auditlog-fuzz.c: an audit log that may hold anything (privmap events and
 * replay read logs a person points them at, which the traced agent can
 * fill with its own argv, paths and proctitle): the reader's glue fed in
 * two pieces (lines split anywhere, event assembly, libauparse on each
 * event, field decoding), what each event did and how it is named; then
 * the whole of privmap events on the same bytes as a file (plain or
 * compressed), text and JSON. Nothing may crash, hang or leak, and the
 * JSON must parse.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "watch/events.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
event_cb(const struct alog_event *e, void *arg)
{
	struct alog_action a[ALOG_MAX_ACTIONS];
	size_t n, i;
	char *s;

	(void)arg;
	(void)events_key_family(e);
	n = alog_actions(e, a, ALOG_MAX_ACTIONS);
	for (i = 0; i < n; i++) {
		(void)events_action_family(e, &a[i]);
		s = events_target(e, &a[i]);
		free(s);
	}
	s = events_cmdline(e, 400);
	free(s);
	free(alog_event_print(e));
}

static void
run_events(const char *path, int json)
{
	struct events_opts o = { 0 };
	const char *files[1] = { path }, *why;
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	if (fp == NULL)
		return;
	o.json = json;
	o.verbose = 1;
	(void)events_run(files, 1, fp, &o, &why);
	fclose(fp);
	if (json) {
		json_t *j = json_loadb(out, len, 0, NULL);

		if (j == NULL)
			abort();	/* events wrote invalid JSON */
		json_decref(j);
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct alog_reader *r;
	struct alog_stats st;
	const char *why;
	size_t split;
	char path[64];
	int fd;

	if (r == NULL && (r = alog_new(event_cb, NULL, &why)) == NULL)
		abort();
	split = size > 0 ? data[0] % (size + 1) : 0;
	alog_begin(r, "fuzz", &st);
	alog_feed(r, (const char *)data, split);
	alog_feed(r, (const char *)data + split, size - split);
	alog_end(r);

	/* the same bytes as a log file */
	if ((fd = memfd_create("auditlog-fuzz", 0)) < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		run_events(path, 1);
		run_events(path, 0);
	}
	close(fd);
	return 0;
}
