/*
 * walk.c: the scan's one pass over the target (walk.h). The target view
 * does the traversal; this file decides what is skipped (the live host's
 * pseudo filesystems), classifies entries for the checks, turns failures
 * into report errors, and shows progress on a terminal.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine/walk.h"

/* Trees of a live host that are not files: procfs, sysfs, devtmpfs, and
 * per-login runtime directories. Walked only through their own checks. */
static const char *const live_skip[] = {
	"/proc", "/sys", "/dev", "/run/user", NULL,
};

struct wctx {
	pthread_mutex_t	 mu;		/* visitors and the report are not
					 * thread-safe: one at a time */
	struct scan	*scan;
	unsigned	 mask;
	walk_filter_fn	 filter;
	walk_visit_fn	 visit;
	void		*ctx;
	unsigned long	 seen;
	time_t		 last;
	int		 progress;
};

unsigned
walk_kinds(const struct entry *e)
{
	mode_t m = e->st.st_mode;
	unsigned k = 0;

	if (S_ISREG(m)) {
		k |= WANT_FILE;
		if (m & (S_ISUID | S_ISGID))
			k |= WANT_SETID;
		if (e->caps)
			k |= WANT_CAPS;
	} else if (S_ISDIR(m)) {
		k |= WANT_DIR;
		if (m & (S_IWGRP | S_IWOTH))
			k |= WANT_OTHER_WRITABLE;
	} else if (S_ISSOCK(m))
		k |= WANT_SOCKET;
	else if (S_ISLNK(m))
		k |= WANT_LINK;
	if (!S_ISLNK(m) && (m & S_IWOTH))
		k |= WANT_OTHER_WRITABLE;
	return k;
}

static int
walk_prune(void *vctx, const struct entry *e)
{
	struct wctx *w = vctx;
	size_t i;

	if (!(w->scan->flags & SCAN_LIVE))
		return 0;
	for (i = 0; live_skip[i]; i++)
		if (strcmp(e->path, live_skip[i]) == 0)
			return 1;
	return 0;
}

static void
walk_visit(void *vctx, const struct entry *e)
{
	struct wctx *w = vctx;
	unsigned k = walk_kinds(e);

	if (w->progress &&
	    (__atomic_add_fetch(&w->seen, 1, __ATOMIC_RELAXED) & 8191) == 0) {
		time_t now = time(NULL);

		pthread_mutex_lock(&w->mu);
		if (now != w->last) {
			w->last = now;
			fprintf(stderr, "\rprivmap: %lu entries walked\033[K",
			    w->seen);
		}
		pthread_mutex_unlock(&w->mu);
	}
	k &= w->mask;
	if (k && w->filter)
		k = w->filter(w->ctx, k, e);
	if (k) {
		pthread_mutex_lock(&w->mu);
		w->visit(w->ctx, k, e);
		pthread_mutex_unlock(&w->mu);
	}
}

static void
walk_error(void *vctx, const char *path, const char *what)
{
	struct wctx *w = vctx;

	pthread_mutex_lock(&w->mu);
	report_add_error(w->scan->rep, path, "walk: %s", what);
	pthread_mutex_unlock(&w->mu);
}

int
walk_run(struct scan *s, unsigned mask, walk_filter_fn filter,
    walk_visit_fn visit, void *ctx)
{
	struct wctx w = { PTHREAD_MUTEX_INITIALIZER, s, mask, filter, visit,
	    ctx, 0, 0, 0 };
	struct tv_walk tw;
	int r;

	memset(&tw, 0, sizeof tw);
	w.progress = (s->flags & SCAN_PROGRESS) != 0;
	tw.start = "/";
	tw.cross_mounts = (s->flags & SCAN_CROSS_MOUNTS) != 0;
	tw.want_caps = (mask & WANT_CAPS) != 0;
	tw.want_links = (mask & WANT_LINK) != 0;
	/* walk_kinds() gives a directory WANT_DIR, and WANT_OTHER_WRITABLE
	 * from its mode: nothing else of a directory reaches a visitor */
	tw.dirs_type_only = (mask & (WANT_DIR | WANT_OTHER_WRITABLE)) == 0;
	tw.prune = walk_prune;
	tw.visit = walk_visit;
	tw.error = walk_error;
	tw.ctx = &w;
	r = s->tv->ops->walk(s->tv, &tw);
	s->walked = tw.entries;
	if (w.progress)
		fprintf(stderr, "\r\033[K");
	return r;
}
