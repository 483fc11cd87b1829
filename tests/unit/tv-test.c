/*
 * tv-test.c: the directory target view keeps every path inside its root:
 * absolute links, ../ chains and link loops resolve inside it; FIFOs are
 * never opened; reads stop at their bound.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/tv.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "t.h"

static void
put(const char *top, const char *rel, const char *content)
{
	char *p = path_join(top, rel);
	int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (fd >= 0) {
		if (write(fd, content, strlen(content)) < 0)
			fprintf(stderr, "write %s failed\n", p);
		close(fd);
	}
	free(p);
}

static void
ln(const char *top, const char *target, const char *rel)
{
	char *p = path_join(top, rel);

	if (symlink(target, p) != 0)
		fprintf(stderr, "symlink %s failed\n", p);
	free(p);
}

static void
dir(const char *top, const char *rel)
{
	char *p = path_join(top, rel);

	mkdir(p, 0755);
	free(p);
}

int
main(void)
{
	char outside[] = "/tmp/privmap-tv-out-XXXXXX";
	char top[] = "/tmp/privmap-tv-XXXXXX";
	char *buf, **names, *canary;
	size_t len, n;
	int trunc;
	struct tv *tv;
	struct stat st;

	if (mkdtemp(top) == NULL || mkdtemp(outside) == NULL)
		T_SKIP("mkdtemp failed");
	canary = path_join(outside, "canary");
	put(outside, "canary", "OUTSIDE");
	dir(top, "etc");
	dir(top, "a");
	dir(top, "a/b");
	put(top, "etc/shadow", "INSIDE");
	ln(top, "/etc/shadow", "etc/abs");
	ln(top, "../../../../../../etc/shadow", "a/b/dotdot");
	ln(top, canary, "etc/escape");		/* an absolute path outside */
	ln(top, "loop2", "etc/loop1");
	ln(top, "loop1", "etc/loop2");
	ln(top, "/", "etc/rootlink");
	ln(top, "..", "a/up");
	{
		char *f = path_join(top, "etc/fifo");

		T_EQ_INT(mkfifo(f, 0644), 0);
		free(f);
	}
	{
		char big[5000];

		memset(big, 'x', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		put(top, "etc/big", big);
	}

	tv = tv_dir_open(top, TV_ROOTFS);
	T_OK(tv != NULL);
	T_EQ_INT(tv_read(tv, "/etc/abs", 100, &buf, &len, &trunc), 0);
	T_EQ_STR(buf, "INSIDE");
	free(buf);
	T_EQ_INT(tv_read(tv, "/a/b/dotdot", 100, &buf, &len, &trunc), 0);
	T_EQ_STR(buf, "INSIDE");
	free(buf);
	T_EQ_INT(tv_read(tv, "/../../etc/shadow", 100, &buf, &len, &trunc), 0);
	T_EQ_STR(buf, "INSIDE");
	free(buf);
	T_EQ_INT(tv_read(tv, "/a/up/a/up/etc/shadow", 100, &buf, &len,
	    &trunc), 0);
	free(buf);
	/* the escape names a path that does not exist inside the root */
	T_EQ_INT(tv_read(tv, "/etc/escape", 100, &buf, &len, &trunc), -1);
	T_EQ_INT(errno, ENOENT);
	T_EQ_INT(tv_read(tv, "/etc/loop1", 100, &buf, &len, &trunc), -1);
	T_EQ_INT(errno, ELOOP);
	/* a FIFO is stat'ed, never opened */
	T_EQ_INT(tv_read(tv, "/etc/fifo", 100, &buf, &len, &trunc), -1);
	T_EQ_INT(errno, EINVAL);
	T_EQ_INT(tv_lstat(tv, "/etc/fifo", &st), 0);
	T_OK(S_ISFIFO(st.st_mode));
	/* bounded reads */
	T_EQ_INT(tv_read(tv, "/etc/big", 1000, &buf, &len, &trunc), 0);
	T_EQ_INT(len, 1000);
	T_EQ_INT(trunc, 1);
	free(buf);
	/* lstat does not follow; stat follows inside the root */
	T_EQ_INT(tv_lstat(tv, "/etc/abs", &st), 0);
	T_OK(S_ISLNK(st.st_mode));
	T_EQ_INT(tv_stat(tv, "/etc/abs", &st), 0);
	T_OK(S_ISREG(st.st_mode));
	T_EQ_INT(tv_stat(tv, "/etc/rootlink", &st), 0);
	T_OK(S_ISDIR(st.st_mode));
	/* links on the way (the kernel resolves them inside the root in one
	 * call where it can; a loop or a missing link target is ours) */
	T_EQ_INT(tv_lstat(tv, "/etc/rootlink/etc/shadow", &st), 0);
	T_OK(S_ISREG(st.st_mode));
	T_EQ_INT(tv_lstat(tv, "/a/up/a/up/etc/abs", &st), 0);
	T_OK(S_ISLNK(st.st_mode));
	T_EQ_INT(tv_lstat(tv, "/a/b/../../../etc/rootlink/../etc/shadow",
	    &st), 0);
	T_OK(S_ISREG(st.st_mode));
	T_EQ_INT(tv_lstat(tv, "/etc/escape/x", &st), -1);
	T_EQ_INT(errno, ENOENT);
	T_EQ_INT(tv_lstat(tv, "/etc/loop1/x", &st), -1);
	T_EQ_INT(errno, ELOOP);
	T_EQ_INT(tv_lstat(tv, "/etc/shadow/x", &st), -1);
	T_EQ_INT(errno, ENOTDIR);
	T_EQ_INT(tv_lstat(tv, "/nothere/x", &st), -1);
	T_EQ_INT(errno, ENOENT);
	T_EQ_INT(tv_read(tv, "/etc/rootlink/a/b/dotdot", 100, &buf, &len,
	    &trunc), 0);
	T_EQ_STR(buf, "INSIDE");
	free(buf);
	T_EQ_INT(tv_list(tv, "/etc/rootlink", &names, &n), 0);
	T_EQ_INT(n, 2);		/* a, etc: the root's, not the host's */
	T_EQ_STR(names[0], "a");
	tv_list_free(names, n);
	tv_free(tv);
	{
		char *cmd = xasprintf("rm -rf '%s' '%s'", top, outside);

		if (system(cmd) != 0)
			fprintf(stderr, "cleanup failed\n");
		free(cmd);
	}
	free(canary);
	T_DONE();
}
