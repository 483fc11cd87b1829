/*
 * confload.c: a configuration file and its includes, read through the
 * target view (confload.h). It never parses the text it reads, never
 * follows a name outside the target (the view resolves every path inside
 * it) and never reads deeper or wider than its bounds.
 */
#include <config.h>

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "engine/confload.h"
#include "scanner/bounds.h"
#include "scanner/xmalloc.h"

void
confload_init(struct confload *cl, struct scan *s,
    const struct confload_ops *ops, void *ctx)
{
	memset(cl, 0, sizeof *cl);
	cl->s = s;
	cl->ops = ops;
	cl->ctx = ctx;
	cl->max_depth = MAX_INCLUDE_DEPTH;
	cl->max_dir_files = MAX_DIR_FILES;
}

void
confload_fini(struct confload *cl)
{
	free(cl->stack);
	cl->stack = NULL;
	cl->nstack = 0;
}

static void
cl_skipped(struct confload *cl, const char *path, enum confload_why why,
    int depth)
{
	if (cl->ops->skipped)
		cl->ops->skipped(cl, path, why, depth);
}

/* stat path and decide whether to read it: 0 to read, -1 not */
static int
cl_admit(struct confload *cl, const char *path, struct stat *st, int depth)
{
	size_t i;

	if (tv_stat(cl->s->tv, path, st) == -1) {
		cl_skipped(cl, path, CL_STAT, depth);
		return -1;
	}
	for (i = 0; i < cl->nstack; i++)
		if (cl->stack[i].st_dev == st->st_dev &&
		    cl->stack[i].st_ino == st->st_ino) {
			cl_skipped(cl, path, CL_LOOP, depth);
			return -1;
		}
	if (!S_ISREG(st->st_mode)) {
		cl_skipped(cl, path, CL_NOT_REGULAR, depth);
		return -1;
	}
	if (cl->ops->admit && !cl->ops->admit(cl, path, st, 0, depth))
		return -1;
	return 0;
}

int
confload_file(struct confload *cl, const char *path, int depth)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int r;

	if (cl->done)
		return 1;
	if (depth > cl->max_depth) {
		cl_skipped(cl, path, CL_TOO_DEEP, depth);
		return 0;
	}
	memset(&st, 0, sizeof st);
	if (cl->stat_first && cl_admit(cl, path, &st, depth) == -1)
		return 0;
	if (cl->quiet) {
		int trunc = 0;

		r = tv_read(cl->s->tv, path, MAX_FILE_BYTES, &buf, &len,
		    &trunc);
	} else
		r = scan_read(cl->s, path, &buf, &len);
	if (r == -1) {
		cl_skipped(cl, path, CL_READ, depth);
		return 0;
	}
	cl->stack = xreallocarray(cl->stack, cl->nstack + 1,
	    sizeof *cl->stack);
	cl->stack[cl->nstack++] = st;
	if (cl->ops->file(cl, path, buf, len, depth))
		cl->done = 1;
	cl->nstack--;
	free(buf);
	return cl->done;
}

int
confload_dir(struct confload *cl, const char *dir, int depth)
{
	struct stat st;
	char **names = NULL;
	size_t n = 0, i;

	if (cl->done)
		return 1;
	if (tv_stat(cl->s->tv, dir, &st) == -1) {
		cl_skipped(cl, dir, CL_DIR_STAT, depth);
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		cl_skipped(cl, dir, CL_NOT_DIR, depth);
		return 0;
	}
	if (cl->ops->admit && !cl->ops->admit(cl, dir, &st, 1, depth))
		return 0;
	if (tv_list(cl->s->tv, dir, &names, &n) == -1) {
		cl_skipped(cl, dir, CL_LIST, depth);
		return 0;
	}
	for (i = 0; i < n && i < cl->max_dir_files && !cl->done; i++) {
		char *p;

		if (cl->ops->name_ok && !cl->ops->name_ok(names[i]))
			continue;
		p = path_join(dir, names[i]);
		if (tv_stat(cl->s->tv, p, &st) == 0 && S_ISREG(st.st_mode))
			confload_file(cl, p, depth);
		free(p);
	}
	if (n > cl->max_dir_files && !cl->done)
		cl_skipped(cl, dir, CL_TOO_MANY, depth);
	tv_list_free(names, n);
	return cl->done;
}

int
confload_glob(struct confload *cl, const char *pattern, int depth)
{
	char *dir, **names;
	const char *base;
	size_t n, i;

	if (cl->done)
		return 1;
	base = path_basename(pattern);
	if (strpbrk(base, "*?[") == NULL)
		return confload_file(cl, pattern, depth);
	dir = path_dirname(pattern);
	if (tv_list(cl->s->tv, dir, &names, &n) == 0) {
		for (i = 0; i < n && i < cl->max_dir_files && !cl->done;
		    i++) {
			char *p;

			if (fnmatch(base, names[i], FNM_PERIOD) != 0)
				continue;
			p = path_join(dir, names[i]);
			confload_file(cl, p, depth);
			free(p);
		}
		tv_list_free(names, n);
	}
	free(dir);
	return cl->done;
}
