/*
 * tv-memo-test.c: the target view's memo gives each answer the view gave
 * (failures and their errno too), asks the view again for what it was
 * not asked the same way (a smaller buffer, another bound), and stops
 * answering when stopped. A tree changed behind the memo shows which
 * answers came from it.
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
rm(const char *top, const char *rel)
{
	char *p = path_join(top, rel);

	if (unlink(p) != 0)
		fprintf(stderr, "unlink %s failed\n", p);
	free(p);
}

/* the file's content as the view reads it to max, or NULL */
static char *
readto(struct tv *tv, const char *path, size_t max, int *trunc)
{
	char *buf = NULL;
	size_t len;

	if (tv_read(tv, path, max, &buf, &len, trunc) == -1)
		return NULL;
	T_EQ_INT(strlen(buf), len);
	return buf;
}

static void
reads(struct tv *tv, const char *top)
{
	char *b;
	int trunc;

	b = readto(tv, "/etc/conf", 4096, &trunc);
	T_EQ_STR(b, "first version\n");
	T_EQ_INT(trunc, 0);
	free(b);
	put(top, "etc/conf", "second version, longer\n");
	/* the same question: the memo's answer */
	b = readto(tv, "/etc/conf", 4096, &trunc);
	T_EQ_STR(b, "first version\n");
	free(b);
	/* a larger bound the whole file fitted: the memo's too */
	b = readto(tv, "/etc/conf", 8192, &trunc);
	T_EQ_STR(b, "first version\n");
	free(b);
	/* a bound it did not fit: the view's, truncated */
	b = readto(tv, "/etc/conf", 6, &trunc);
	T_EQ_STR(b, "second");
	T_EQ_INT(trunc, 1);
	free(b);
	/* past MAX_FILE_BYTES: never kept, always the view's */
	b = readto(tv, "/etc/conf", 64u << 20, &trunc);
	T_EQ_STR(b, "second version, longer\n");
	free(b);
	/* a failure is kept with its errno */
	b = NULL;
	errno = 0;
	T_EQ_INT(readto(tv, "/etc/absent", 4096, &trunc) == NULL, 1);
	T_EQ_INT(errno, ENOENT);
	put(top, "etc/absent", "now here\n");
	errno = 0;
	T_EQ_INT(readto(tv, "/etc/absent", 4096, &trunc) == NULL, 1);
	T_EQ_INT(errno, ENOENT);
	/* a directory is no file: EISDIR, kept */
	T_EQ_INT(readto(tv, "/etc", 4096, &trunc) == NULL, 1);
	T_EQ_INT(errno, EISDIR);
}

static void
stats(struct tv *tv, const char *top)
{
	struct stat st, st2;
	char *p = path_join(top, "etc/conf");

	T_EQ_INT(tv_lstat(tv, "/etc/conf", &st), 0);
	T_EQ_INT(chmod(p, 0600), 0);
	memset(&st2, 0, sizeof st2);
	T_EQ_INT(tv_lstat(tv, "/etc/conf", &st2), 0);
	T_EQ_INT(st2.st_mode, st.st_mode);
	T_EQ_INT(st2.st_ino, st.st_ino);
	/* stat is its own question: the view answers it the first time */
	T_EQ_INT(tv_stat(tv, "/etc/link", &st2), 0);
	T_EQ_INT(st2.st_mode & 07777, 0600);
	T_EQ_INT(tv_lstat(tv, "/etc/link", &st2), 0);
	T_OK(S_ISLNK(st2.st_mode));
	errno = 0;
	T_EQ_INT(tv_lstat(tv, "/etc/none", &st2), -1);
	T_EQ_INT(errno, ENOENT);
	put(top, "etc/none", "");
	errno = 0;
	T_EQ_INT(tv_stat(tv, "/etc/none", &st2), 0);	/* not asked yet */
	T_EQ_INT(tv_lstat(tv, "/etc/none", &st2), -1);
	T_EQ_INT(errno, ENOENT);
	free(p);
}

static void
links_and_lists(struct tv *tv, const char *top)
{
	char buf[64], **names;
	ssize_t r;
	size_t n;

	memset(buf, 0, sizeof buf);
	r = tv_readlink(tv, "/etc/link", buf, sizeof buf);
	T_EQ_INT(r, 4);
	T_OK(memcmp(buf, "conf", 4) == 0);
	memset(buf, 0, sizeof buf);
	/* a smaller buffer the target still fits: the memo's */
	T_EQ_INT(tv_readlink(tv, "/etc/link", buf, 5), 4);
	T_OK(memcmp(buf, "conf", 4) == 0);
	/* one it does not fit: the view's, cut as readlink cuts */
	memset(buf, 0, sizeof buf);
	T_EQ_INT(tv_readlink(tv, "/etc/link", buf, 2), 2);
	T_OK(memcmp(buf, "co\0", 3) == 0);
	errno = 0;
	T_EQ_INT(tv_readlink(tv, "/etc/conf", buf, sizeof buf), -1);
	T_EQ_INT(errno, EINVAL);

	T_EQ_INT(tv_list(tv, "/etc", &names, &n), 0);
	T_EQ_INT(n, 4);		/* absent, conf, link, none */
	tv_list_free(names, n);
	put(top, "etc/later", "");
	T_EQ_INT(tv_list(tv, "/etc", &names, &n), 0);
	T_EQ_INT(n, 4);
	if (n == 4) {
		T_EQ_STR(names[0], "absent");
		T_EQ_STR(names[3], "none");
	}
	tv_list_free(names, n);
	rm(top, "etc/later");
	errno = 0;
	T_EQ_INT(tv_list(tv, "/nodir", &names, &n), -1);
	T_EQ_INT(errno, ENOENT);
	T_EQ_INT(n, 0);
}

static void
attrs(struct tv *tv)
{
	struct pacl acl;
	char buf[16];

	errno = 0;
	T_EQ_INT(tv_getxattr(tv, "/etc/conf", "user.privmap", buf,
	    sizeof buf), -1);
	T_OK(errno == ENODATA || errno == ENOTSUP);
	errno = 0;
	T_EQ_INT(tv_getxattr(tv, "/etc/conf", "user.privmap", NULL, 0), -1);
	T_OK(errno == ENODATA || errno == ENOTSUP);
	T_EQ_INT(tv_get_acl(tv, "/etc/conf", &acl), 0);
	T_EQ_INT(tv_get_acl(tv, "/etc/conf", &acl), 0);
	pacl_free(&acl);
	errno = 0;
	T_EQ_INT(tv_get_acl(tv, "/etc/gone", &acl), -1);
	T_EQ_INT(errno, ENOENT);
}

int
main(void)
{
	char top[] = "/tmp/privmap-tvmemo-XXXXXX";
	unsigned long asked, answered;
	struct tv *tv;
	struct stat st;
	char *b, *p;
	int trunc;

	if (mkdtemp(top) == NULL)
		T_SKIP("mkdtemp failed");
	p = path_join(top, "etc");
	T_EQ_INT(mkdir(p, 0755), 0);
	free(p);
	put(top, "etc/conf", "first version\n");
	p = path_join(top, "etc/link");
	T_EQ_INT(symlink("conf", p), 0);
	free(p);
	tv = tv_dir_open(top, TV_ROOTFS);
	T_OK(tv != NULL);
	if (tv == NULL)
		return 1;
	tv_memo_counts(tv, &asked, &answered);
	T_EQ_INT(asked, 0);
	tv_memo_start(tv);
	reads(tv, top);
	stats(tv, top);
	links_and_lists(tv, top);
	attrs(tv);
	tv_memo_counts(tv, &asked, &answered);
	T_OK(asked > answered);
	T_EQ_INT(answered, 9);
	T_EQ_INT(asked, 26);
	/* stopped: the view answers again, as the tree now is */
	tv_memo_stop(tv);
	b = readto(tv, "/etc/conf", 4096, &trunc);
	T_EQ_STR(b, "second version, longer\n");
	free(b);
	T_EQ_INT(tv_lstat(tv, "/etc/none", &st), 0);
	b = readto(tv, "/etc/absent", 4096, &trunc);
	T_EQ_STR(b, "now here\n");
	free(b);
	/* started again and left running: tv_free stops it */
	tv_memo_start(tv);
	T_EQ_INT(tv_lstat(tv, "/etc/conf", &st), 0);
	tv_free(tv);
	rm(top, "etc/conf");
	rm(top, "etc/link");
	rm(top, "etc/absent");
	rm(top, "etc/none");
	p = path_join(top, "etc");
	rmdir(p);
	free(p);
	rmdir(top);
	T_DONE();
}
