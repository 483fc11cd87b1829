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
#include "lib/bounds.h"
#include "parse/unitfile.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

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

/* a unit or drop-in linked to /dev/null (systemd.unit(5), masking) */
static int
cl_masked(struct scan *s, const char *path)
{
	char target[64];
	ssize_t r = tv_readlink(s->tv, path, target, sizeof target - 1);

	if (r <= 0)
		return 0;
	target[r] = '\0';
	return strcmp(target, "/dev/null") == 0;
}

struct cl_dropin {
	char	*name;
	char	*path;
	size_t	 dir;		/* index in dirs: precedence */
	size_t	 level;		/* index in unit_dropin_dirs' list */
};

static int
cl_dropin_cmp(const void *a, const void *b)
{
	const struct cl_dropin *x = a, *y = b;
	int c;

	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return x->dir < y->dir ? -1 : x->dir > y->dir;
}

size_t
confload_unit_files(struct scan *s, const char *const *dirs,
    const char *unit, char ***paths)
{
	struct cl_dropin *d = NULL;
	size_t nd = 0, n = 0, i, j, k, ndirs = 0;
	char **v = NULL, *main_path = NULL, **dnames = NULL, *tmpl;
	struct stat st;

	*paths = NULL;
	for (i = 0; dirs[i]; i++) {
		char *p = path_join(dirs[i], unit);

		if (tv_lstat(s->tv, p, &st) == 0) {
			if (cl_masked(s, p)) {
				free(p);
				return 0;
			}
			main_path = p;
			break;
		}
		free(p);
	}
	/* an instance without a file of its own is made from its
	 * template's ("foo@bar.service" from "foo@.service", systemd.unit(5)
	 * "Description") */
	if (main_path == NULL && (tmpl = unit_template_of(unit)) != NULL) {
		for (i = 0; dirs[i] && main_path == NULL; i++) {
			char *p = path_join(dirs[i], tmpl);

			if (tv_lstat(s->tv, p, &st) == 0) {
				if (cl_masked(s, p)) {
					free(p);
					break;
				}
				main_path = p;
			} else
				free(p);
		}
		free(tmpl);
	}
	if (main_path == NULL)
		return 0;
	/* "service.d/", prefix and template directories, then
	 * "NAME.d/" (systemd.unit(5)); within them, by file name */
	unit_dropin_dirs(unit, &dnames, &ndirs);
	for (k = 0; k < ndirs; k++) {
		for (i = 0; dirs[i]; i++) {
			char *dir = path_join(dirs[i], dnames[k]);
			char **names = NULL;
			size_t nn = 0;

			if (tv_list(s->tv, dir, &names, &nn) == 0) {
				for (j = 0; j < nn && nd < MAX_DIR_FILES; j++) {
					size_t l = strlen(names[j]);

					if (l <= 5 ||
					    strcmp(names[j] + l - 5, ".conf"))
						continue;
					d = xreallocarray(d, nd + 1, sizeof *d);
					d[nd].name = xstrdup(names[j]);
					d[nd].path = path_join(dir, names[j]);
					d[nd].dir = i;
					d[nd].level = k;
					nd++;
				}
				tv_list_free(names, nn);
			}
			free(dir);
		}
	}
	unit_names_free(dnames, ndirs);
	if (nd)
		qsort(d, nd, sizeof *d, cl_dropin_cmp);
	v = xcalloc(nd + 2, sizeof *v);
	v[n++] = main_path;
	for (i = 0; i < nd; i++) {
		/* one name per level: the highest directory's */
		if (i > 0 && d[i].level == d[i - 1].level &&
		    strcmp(d[i].name, d[i - 1].name) == 0)
			continue;
		if (cl_masked(s, d[i].path))
			continue;
		v[n++] = d[i].path;
		d[i].path = NULL;
	}
	for (i = 0; i < nd; i++) {
		free(d[i].name);
		free(d[i].path);
	}
	free(d);
	*paths = v;
	return n;
}

size_t
confload_unit(struct confload *cl, const char *const *dirs, const char *unit)
{
	char **paths;
	size_t n, i;

	n = confload_unit_files(cl->s, dirs, unit, &paths);
	for (i = 0; i < n; i++) {
		confload_file(cl, paths[i], i ? 1 : 0);
		free(paths[i]);
	}
	free(paths);
	return n;
}
