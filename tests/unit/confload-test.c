/*
 * confload-test.c: engine/confload.c on a small root built in a
 * temporary directory: includes read in place and in order, the depth
 * bound, loops and non-regular files refused when asked to stat first,
 * include directories (name filter, name order, the file bound), globs
 * (FNM_PERIOD), ending a load early, and a systemd unit's files (masking,
 * drop-in order, a name in a higher directory hiding a lower one).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/confload.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "t.h"

static char top[] = "/tmp/privmap-confload-XXXXXX";

static void
put(const char *rel, const char *text)
{
	char *p = path_join(top, rel), *d = path_dirname(p), *q;
	int fd;

	/* the parents, one level at a time */
	for (q = d + strlen(top) + 1; (q = strchr(q, '/')) != NULL; q++) {
		*q = '\0';
		mkdir(d, 0755);
		*q = '/';
	}
	mkdir(d, 0755);
	if (text == NULL)
		mkdir(p, 0755);
	else if (strncmp(text, "->", 2) == 0) {
		if (symlink(text + 2, p) == -1)
			perror(p);
	} else {
		fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0644);
		if (fd >= 0) {
			if (write(fd, text, strlen(text)) < 0)
				perror(p);
			close(fd);
		}
	}
	free(d);
	free(p);
}

/* what a load did, as text */
static struct buf log_;

/* a toy format: "include P", "glob P", "dir D", "stop" */
static int
file_cb(struct confload *cl, const char *path, const char *buf, size_t len,
    int depth)
{
	struct lines l;
	const char *s;
	size_t n;

	buf_printf(&log_, "%d %s;", depth, path);
	lines_init(&l, buf, len);
	while (lines_next(&l, &s, &n) == 1 && !cl->done) {
		char *arg;

		if (n == 4 && memcmp(s, "stop", 4) == 0)
			return 1;
		if (n > 8 && memcmp(s, "include ", 8) == 0) {
			arg = xstrndup(s + 8, n - 8);
			confload_file(cl, arg, depth + 1);
		} else if (n > 5 && memcmp(s, "glob ", 5) == 0) {
			arg = xstrndup(s + 5, n - 5);
			confload_glob(cl, arg, depth + 1);
		} else if (n > 4 && memcmp(s, "dir ", 4) == 0) {
			arg = xstrndup(s + 4, n - 4);
			confload_dir(cl, arg, depth + 1);
		} else
			continue;
		free(arg);
	}
	return 0;
}

static const char *const why_names[] = {
	"deep", "stat", "loop", "notreg", "read", "dirstat", "notdir", "list",
	"toomany",
};

static void
skipped_cb(struct confload *cl, const char *path, enum confload_why why,
    int depth)
{
	(void)cl;
	buf_printf(&log_, "!%s %d %s%s;", why_names[why], depth, path,
	    why == CL_STAT && errno == ENOENT ? " ENOENT" : "");
}

static int
no_dot(const char *name)
{
	return strchr(name, '.') == NULL;
}

static const struct confload_ops ops = { file_cb, NULL, no_dot, skipped_cb };

static struct scan s;

/* load path from a fresh state; the log */
static const char *
load(const char *path, int stat_first, size_t max_dir_files)
{
	struct confload cl;

	buf_free(&log_);
	buf_adds(&log_, "");
	confload_init(&cl, &s, &ops, NULL);
	cl.stat_first = stat_first;
	if (max_dir_files)
		cl.max_dir_files = max_dir_files;
	confload_file(&cl, path, 0);
	confload_fini(&cl);
	return buf_str(&log_);
}

static void
test_includes(void)
{
	put("etc/main", "include /etc/a\ninclude /etc/missing\n"
	    "include /etc/b\n");
	put("etc/a", "x\n");
	put("etc/b", "include /etc/a\n");
	T_EQ_STR(load("/etc/main", 0, 0),
	    "0 /etc/main;1 /etc/a;!read 1 /etc/missing;1 /etc/b;2 /etc/a;");
	T_EQ_STR(load("/etc/main", 1, 0),
	    "0 /etc/main;1 /etc/a;!stat 1 /etc/missing ENOENT;1 /etc/b;"
	    "2 /etc/a;");
	/* the depth bound, without a stat: a file including itself */
	put("etc/self", "include /etc/self\n");
	T_EQ_STR(load("/etc/self", 0, 0),
	    "0 /etc/self;1 /etc/self;2 /etc/self;3 /etc/self;4 /etc/self;"
	    "5 /etc/self;6 /etc/self;7 /etc/self;8 /etc/self;"
	    "!deep 9 /etc/self;");
	/* with one: a loop, through a link too */
	put("etc/link", "->self2");
	put("etc/self2", "include /etc/link\n");
	T_EQ_STR(load("/etc/self2", 1, 0),
	    "0 /etc/self2;!loop 1 /etc/link;");
	/* a directory is not a file */
	put("etc/adir", NULL);
	put("etc/incdir", "include /etc/adir\n");
	T_EQ_STR(load("/etc/incdir", 1, 0),
	    "0 /etc/incdir;!notreg 1 /etc/adir;");
	/* ending early: nothing after "stop" is read, here or above */
	put("etc/stops", "include /etc/a\ninclude /etc/stop\n"
	    "include /etc/b\n");
	put("etc/stop", "stop\ninclude /etc/a\n");
	T_EQ_STR(load("/etc/stops", 0, 0),
	    "0 /etc/stops;1 /etc/a;1 /etc/stop;");
}

static void
test_dirs(void)
{
	put("etc/d/20-b", "x\n");
	put("etc/d/10-a", "x\n");
	put("etc/d/30.bak", "x\n");
	put("etc/d/40-sub", NULL);
	put("etc/d/50-c", "x\n");
	put("etc/usesdir", "dir /etc/d\ndir /etc/nodir\ndir /etc/a\n");
	T_EQ_STR(load("/etc/usesdir", 0, 0),
	    "0 /etc/usesdir;1 /etc/d/10-a;1 /etc/d/20-b;1 /etc/d/50-c;"
	    "!dirstat 1 /etc/nodir;!notdir 1 /etc/a;");
	/* the bound counts names, read or not */
	T_EQ_STR(load("/etc/usesdir", 0, 3),
	    "0 /etc/usesdir;1 /etc/d/10-a;1 /etc/d/20-b;!toomany 1 /etc/d;"
	    "!dirstat 1 /etc/nodir;!notdir 1 /etc/a;");
}

static void
test_globs(void)
{
	put("etc/g/b.conf", "x\n");
	put("etc/g/a.conf", "x\n");
	put("etc/g/.hidden.conf", "x\n");
	put("etc/g/c.txt", "x\n");
	put("etc/globs", "glob /etc/g/*.conf\nglob /etc/g/c.txt\n"
	    "glob /etc/nog/*.conf\n");
	T_EQ_STR(load("/etc/globs", 0, 0),
	    "0 /etc/globs;1 /etc/g/a.conf;1 /etc/g/b.conf;1 /etc/g/c.txt;");
}

/* the files of a unit, joined with ';' */
static char *
unit_files(const char *unit)
{
	static const char *const dirs[] = { "/etc/systemd/system",
		"/lib/systemd/system", NULL };
	struct buf b = { 0 };
	char **paths;
	size_t n, i;

	n = confload_unit_files(&s, dirs, unit, &paths);
	buf_adds(&b, "");
	for (i = 0; i < n; i++) {
		buf_printf(&b, "%s;", paths[i]);
		free(paths[i]);
	}
	free(paths);
	return buf_str(&b);
}

static void
test_units(void)
{
	char *u;

	put("lib/systemd/system/x.service", "[Service]\n");
	put("lib/systemd/system/x.service.d/20-b.conf", "x\n");
	put("lib/systemd/system/x.service.d/10-a.conf", "x\n");
	put("lib/systemd/system/x.service.d/note.txt", "x\n");
	put("etc/systemd/system/x.service.d/10-a.conf", "x\n");
	put("etc/systemd/system/x.service.d/30-masked.conf", "->/dev/null");
	put("etc/systemd/system/service.d/05-all.conf", "x\n");
	u = unit_files("x.service");
	T_EQ_STR(u, "/lib/systemd/system/x.service;"
	    "/etc/systemd/system/service.d/05-all.conf;"
	    "/etc/systemd/system/x.service.d/10-a.conf;"
	    "/lib/systemd/system/x.service.d/20-b.conf;");
	free(u);
	/* masked, or absent: no files */
	put("lib/systemd/system/m.service", "[Service]\n");
	put("etc/systemd/system/m.service", "->/dev/null");
	u = unit_files("m.service");
	T_EQ_STR(u, "");
	free(u);
	u = unit_files("none.service");
	T_EQ_STR(u, "");
	free(u);
}

int
main(void)
{
	char *cmd;

	if (mkdtemp(top) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	s.tv = tv_dir_open(top, TV_ROOTFS);
	s.rep = report_new();
	T_OK(s.tv != NULL);
	if (s.tv) {
		test_includes();
		test_dirs();
		test_globs();
		test_units();
		tv_free(s.tv);
	}
	report_free(s.rep);
	buf_free(&log_);
	cmd = xasprintf("rm -rf '%s'", top);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", top);
	free(cmd);
	T_DONE();
}
