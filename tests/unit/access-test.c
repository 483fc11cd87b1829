/*
 * access-test.c: the access model, case by case. The core rule runs on
 * made-up inodes (owner, group, other, ACLs that grant what the mode
 * denies, masks that take it away, root); the path rules run on a real
 * temporary tree seen through the directory target view, as a made-up
 * uid, so they need no root.
 */
#include <sys/stat.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/access.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "t.h"

static struct stat
mkst(mode_t mode, uid_t uid, gid_t gid)
{
	struct stat st;

	memset(&st, 0, sizeof st);
	st.st_mode = mode;
	st.st_uid = uid;
	st.st_gid = gid;
	return st;
}

static void
core_rules(void)
{
	gid_t g[] = { 100, 200 };
	struct ident u = { NULL, 1000, 100, g, 2, NULL, NULL };
	struct ident root = { NULL, 0, 0, NULL, 0, NULL, NULL };
	struct stat st;
	struct pacl_entry e1[] = {
		{ PACL_USER_OBJ, 0, 6 }, { PACL_USER, 1000, 6 },
		{ PACL_GROUP_OBJ, 0, 4 }, { PACL_MASK, 0, 6 },
		{ PACL_OTHER, 0, 4 },
	};
	struct pacl a1 = { 5, e1 };
	struct pacl_entry e2[] = {
		{ PACL_USER_OBJ, 0, 6 }, { PACL_USER, 1000, 6 },
		{ PACL_GROUP_OBJ, 0, 4 }, { PACL_MASK, 0, 4 },
		{ PACL_OTHER, 0, 4 },
	};
	struct pacl a2 = { 5, e2 };
	struct pacl_entry e3[] = {
		{ PACL_USER_OBJ, 0, 6 }, { PACL_GROUP_OBJ, 0, 0 },
		{ PACL_GROUP, 200, 2 }, { PACL_GROUP, 100, 4 },
		{ PACL_MASK, 0, 6 }, { PACL_OTHER, 0, 7 },
	};
	struct pacl a3 = { 6, e3 };

	/* owner, group, other bits */
	st = mkst(S_IFREG | 0600, 1000, 0);
	T_OK(access_allows(&u, &st, NULL, ACC_READ | ACC_WRITE));
	st = mkst(S_IFREG | 0000, 1000, 0);
	T_OK(access_allows(&u, &st, NULL, ACC_WRITE));	/* owner can chmod */
	st = mkst(S_IFREG | 0640, 0, 100);
	T_OK(access_allows(&u, &st, NULL, ACC_READ));
	T_OK(!access_allows(&u, &st, NULL, ACC_WRITE));
	st = mkst(S_IFREG | 0604, 0, 300);
	T_OK(access_allows(&u, &st, NULL, ACC_READ));
	T_OK(!access_allows(&u, &st, NULL, ACC_WRITE));
	/* group bits apply, not other, when the user is in the group */
	st = mkst(S_IFREG | 0606, 0, 100);
	T_OK(!access_allows(&u, &st, NULL, ACC_WRITE));
	/* an ACL grants what the mode denies */
	st = mkst(S_IFREG | 0664, 0, 0);
	T_OK(access_allows(&u, &st, &a1, ACC_WRITE));
	/* the mask takes it away */
	T_OK(!access_allows(&u, &st, &a2, ACC_WRITE));
	T_OK(access_allows(&u, &st, &a2, ACC_READ));
	/* named groups: one entry must hold every bit asked for; other is
	 * not consulted once a group entry matched */
	T_OK(access_allows(&u, &st, &a3, ACC_WRITE));
	T_OK(access_allows(&u, &st, &a3, ACC_READ));
	T_OK(!access_allows(&u, &st, &a3, ACC_READ | ACC_WRITE));
	T_OK(!access_allows(&u, &st, &a3, ACC_EXEC));
	/* root reads and writes anything, executes only with an x bit */
	st = mkst(S_IFREG | 0000, 5, 5);
	T_OK(access_allows(&root, &st, NULL, ACC_READ | ACC_WRITE));
	T_OK(!access_allows(&root, &st, NULL, ACC_EXEC));
	st = mkst(S_IFREG | 0001, 5, 5);
	T_OK(access_allows(&root, &st, NULL, ACC_EXEC));
	st = mkst(S_IFDIR | 0000, 5, 5);
	T_OK(access_allows(&root, &st, NULL, ACC_EXEC));
}

static void
mk(const char *top, const char *rel, mode_t mode, int dir)
{
	char *p = path_join(top, rel);

	if (dir) {
		mkdir(p, 0700);
		chmod(p, mode);
	} else {
		int fd = open(p, O_CREAT | O_WRONLY, 0600);

		if (fd >= 0)
			close(fd);
		chmod(p, mode);
	}
	free(p);
}

static void
path_rules(void)
{
	char top[] = "/tmp/privmap-access-XXXXXX";
	gid_t none[] = { 424242 };
	gid_t mine[] = { getgid() };
	struct ident other = { NULL, 424242, 424242, none, 1, NULL, NULL };
	struct ident grp = { NULL, 424243, getgid(), mine, 1, NULL, NULL };
	struct access *a, *b;
	struct tv *tv;
	char *lnk;

	if (mkdtemp(top) == NULL)
		T_SKIP("mkdtemp failed");
	chmod(top, 0755);
	mk(top, "etc", 0755, 1);
	mk(top, "etc/open", 0666, 0);
	mk(top, "etc/closed", 0644, 0);
	mk(top, "secret", 0700, 1);
	mk(top, "secret/file", 0666, 0);
	mk(top, "wdir", 0777, 1);
	mk(top, "wdir/file", 0644, 0);
	mk(top, "sticky", 01777, 1);
	mk(top, "sticky/file", 0644, 0);
	mk(top, "gdir", 0775, 1);
	mk(top, "gdir/file", 0644, 0);
	lnk = path_join(top, "etc/link");
	T_EQ_INT(symlink("../wdir/file", lnk), 0);
	free(lnk);
	lnk = path_join(top, "etc/abs");
	T_EQ_INT(symlink("/etc/closed", lnk), 0);
	free(lnk);

	tv = tv_dir_open(top, TV_ROOTFS);
	T_OK(tv != NULL);
	a = access_new(tv, &other);
	T_EQ_INT(access_can(a, "/etc/open", ACC_WRITE), ACC_YES);
	T_EQ_INT(access_can(a, "/etc/closed", ACC_WRITE), ACC_NO);
	T_EQ_INT(access_can(a, "/etc/closed", ACC_READ), ACC_YES);
	/* search permission on every directory on the way */
	T_EQ_INT(access_can(a, "/secret/file", ACC_WRITE), ACC_NO);
	T_EQ_INT(access_can(a, "/nonexistent", ACC_READ), ACC_NO);
	/* replace: a writable directory on the way */
	T_EQ_INT(access_can_replace(a, "/wdir/file"), ACC_YES);
	T_EQ_STR(access_last_witness(a), "/wdir");
	T_EQ_INT(access_can_replace(a, "/etc/closed"), ACC_NO);
	/* a link whose target lies in a writable directory */
	T_EQ_INT(access_can_replace(a, "/etc/link"), ACC_YES);
	/* an absolute link resolves inside the root */
	T_EQ_INT(access_can(a, "/etc/abs", ACC_READ), ACC_YES);
	T_EQ_INT(access_can(a, "/etc/abs", ACC_WRITE), ACC_NO);
	/* sticky: another owner's file stays put; a new name can be made */
	T_EQ_INT(access_can_replace(a, "/sticky/file"), ACC_NO);
	T_EQ_INT(access_can_replace(a, "/sticky/newname"), ACC_YES);
	/* a missing file in a writable directory can be created */
	T_EQ_INT(access_can_replace(a, "/wdir/new"), ACC_YES);
	{
		const char *how;

		T_EQ_INT(access_can_modify(a, "/wdir/file", &how), ACC_YES);
		T_EQ_STR(how, "replaceable");
		T_EQ_INT(access_can_modify(a, "/etc/open", &how), ACC_YES);
		T_EQ_STR(how, "writable");
		/* an answer given again gives its witness again, and one
		 * that found none leaves the last witness as it is */
		T_EQ_INT(access_can_replace(a, "/sticky/newname"), ACC_YES);
		T_EQ_STR(access_last_witness(a), "/sticky");
		T_EQ_INT(access_can_modify(a, "/wdir/file", &how), ACC_YES);
		T_EQ_STR(how, "replaceable");
		T_EQ_STR(access_last_witness(a), "/wdir");
		T_EQ_INT(access_can_replace(a, "/sticky/newname"), ACC_YES);
		T_EQ_INT(access_can_modify(a, "/etc/open", &how), ACC_YES);
		T_EQ_STR(access_last_witness(a), "/sticky");
		T_EQ_INT(access_can_modify(a, "/etc/closed", &how), ACC_NO);
		T_EQ_INT(access_can_modify(a, "/etc/closed", &how), ACC_NO);
		T_EQ_STR(access_last_witness(a), "/sticky");
		/* the same path for another identity is its own answer */
		b = access_new(tv, &grp);
		T_EQ_INT(access_can_modify(b, "/wdir/file", &how), ACC_YES);
		T_EQ_INT(access_can_modify(b, "/gdir/file", &how), ACC_YES);
		T_EQ_INT(access_can_modify(a, "/gdir/file", &how), ACC_NO);
		access_free(b);
	}
	/* the group bits of a directory, for a member */
	b = access_new(tv, &grp);
	if (getuid() != 0 || 1) {
		T_EQ_INT(access_can_replace(b, "/gdir/file"), ACC_YES);
		T_EQ_INT(access_can_replace(a, "/gdir/file"), ACC_NO);
	}
	/* a model like a's for another identity: a's inodes, its own
	 * answers */
	{
		struct access *c = access_new_like(a, &grp);
		const char *how;

		T_EQ_INT(access_can_replace(c, "/gdir/file"), ACC_YES);
		T_EQ_STR(access_last_witness(c), "/gdir");
		T_EQ_INT(access_can_modify(c, "/etc/closed", &how), ACC_NO);
		T_EQ_INT(access_can(c, "/secret/file", ACC_WRITE), ACC_NO);
		T_EQ_INT(access_can_replace(a, "/gdir/file"), ACC_NO);
		access_free(c);
		T_EQ_INT(access_can(a, "/etc/open", ACC_WRITE), ACC_YES);
	}
	access_free(a);
	access_free(b);
	tv_free(tv);
	{
		char *cmd = xasprintf("rm -rf '%s'", top);

		if (system(cmd) != 0)
			fprintf(stderr, "cleanup of %s failed\n", top);
		free(cmd);
	}
}

int
main(void)
{
	core_rules();
	path_rules();
	T_DONE();
}
