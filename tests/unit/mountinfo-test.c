/*
 * mountinfo-test.c: the mountinfo parser and the mount table questions on
 * recorded samples: this host, a Docker container (masked /proc paths,
 * a bind-mounted docker.sock, the host's / and /etc), hostile text
 * (escaped spaces, tabs, newlines and backslashes in mount points, a NUL
 * escape, truncated lines, an empty source) and a shadowing table where a
 * later mount on a parent hides an earlier one below it.
 */
#include <stdint.h>

#include "t.h"
#include "fixture.h"
#include "parse/mounts.h"

struct errs {
	unsigned	lines[64];
	const char	*why[64];
	size_t		n;
};

static void
err_cb(void *ctx, unsigned line, const char *why)
{
	struct errs *e = ctx;

	if (e->n < 64) {
		e->lines[e->n] = line;
		e->why[e->n] = why;
	}
	e->n++;
}

static int
has_err(const struct errs *e, unsigned line)
{
	size_t i;

	for (i = 0; i < e->n && i < 64; i++)
		if (e->lines[i] == line)
			return 1;
	return 0;
}

static void
load(const char *fx, struct mounts *mt, struct errs *e)
{
	size_t len;
	char *buf = fixture_read(fx, &len);

	memset(mt, 0, sizeof *mt);
	memset(e, 0, sizeof *e);
	mounts_parse(buf, len, mt, err_cb, e);
	free(buf);
}

static const char *
point_of(const struct mount *m)
{
	return m ? m->point : "(none)";
}

static void
test_host(void)
{
	struct mounts mt;
	struct errs e;
	const struct mount *m;

	load("fixtures/proc/mountinfo-host.txt", &mt, &e);
	T_EQ_INT(e.n, 0);
	T_EQ_INT(mt.n, 20);
	/* the root (id 27) is listed after mounts below it */
	m = mounts_find(&mt, "/etc/passwd");
	T_EQ_STR(point_of(m), "/");
	T_EQ_INT(m ? m->id : 0, 27);
	T_EQ_STR(m ? m->source : "", "/dev/vda");
	/* /dev/pts is mounted twice, 29 on top of 26 */
	m = mounts_find(&mt, "/dev/pts/0");
	T_EQ_INT(m ? m->id : 0, 29);
	m = mounts_find(&mt, "/sys/fs/cgroup/memory/release_agent");
	T_EQ_INT(m ? m->id : 0, 35);
	T_EQ_STR(m ? m->fstype : "", "cgroup");
	T_EQ_STR(m ? m->super : "", "rw,memory");
	T_EQ_INT(mounts_ro(&mt, "/mnt/sandboxing/model_tools_env/v1/python/x"),
	    1);
	T_EQ_INT(mounts_nosuid(&mt, "/mnt/sandboxing/model_tools_env/v1/python"),
	    1);
	T_EQ_INT(mounts_nosuid(&mt, "/usr/bin/su"), 0);
	T_EQ_INT(mounts_ro(&mt, "/usr/bin/su"), 0);
	T_EQ_STR(point_of(mounts_find(&mt, "/mnt/sandboxing")), "/");
	mounts_free(&mt);
}

static void
test_docker(void)
{
	struct mounts mt;
	struct errs e;
	const struct mount *m, *o;

	load("fixtures/proc/mountinfo-docker.txt", &mt, &e);
	T_EQ_INT(e.n, 0);
	T_EQ_INT(mt.n, 23);
	m = mounts_find(&mt, "/");
	T_EQ_STR(m ? m->fstype : "", "overlay");
	T_EQ_STR(m ? m->optional : "", "master:426");
	/* /proc/sys is a read-only bind of the container's procfs */
	T_EQ_INT(mounts_ro(&mt, "/proc/sys/kernel/core_pattern"), 1);
	T_EQ_INT(mounts_ro(&mt, "/proc/self/status"), 0);
	T_EQ_INT(mounts_nosuid(&mt, "/proc/self/status"), 1);
	m = mounts_find(&mt, "/proc/sys/kernel/core_pattern");
	T_EQ_STR(m ? m->root : "", "/sys");
	T_OK(m && mount_is_bind(&mt, m));
	/* the socket bind mount */
	m = mounts_find(&mt, "/run/docker.sock");
	T_EQ_STR(point_of(m), "/run/docker.sock");
	T_EQ_STR(m ? m->root : "", "/docker.sock");
	T_OK(m && mount_is_bind(&mt, m));
	T_EQ_STR(point_of(mounts_find(&mt, "/run/other")), "/");
	/* the host's / and its /etc, from the same device */
	m = mounts_find(&mt, "/host/etc/shadow");
	T_EQ_INT(m ? m->id : 0, 1199);
	T_EQ_INT(m ? m->major : 0, 8);
	T_EQ_INT(mounts_ro(&mt, "/host/etc/shadow"), 0);
	T_EQ_INT(mounts_ro(&mt, "/host-etc/shadow"), 1);
	o = mounts_find(&mt, "/host-etc");
	T_OK(o && mount_is_bind(&mt, o));
	T_OK(mounts_same_source(&mt, o) == NULL);
	T_OK(m && mounts_same_source(&mt, m) == NULL);
	/* sysfs read-only; /sys/firmware masked */
	T_EQ_INT(mounts_ro(&mt, "/sys/kernel/uevent_helper"), 1);
	T_EQ_STR(point_of(mounts_find(&mt, "/sys/firmware/efi")),
	    "/sys/firmware");
	mounts_free(&mt);
}

/* what a parse keeps, through the print: proc(5)'s example line, flags
 * from per-mount and super options, escapes, optional fields */
static void
test_print(void)
{
	static const char text[] =
	    "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 "
	    "/dev/root rw,errors=continue\n"
	    "27 1 8:1 / / ro,nosuid,nodev,noexec - ext4 /dev/sda1 ro\n"
	    "40 27 0:5 /a\\040b /mnt/with\\040space rw shared:2 master:3 - "
	    "tmpfs tm\\011p rw\n";
	struct mounts mt;
	char *out;

	memset(&mt, 0, sizeof mt);
	T_EQ_INT(mounts_parse(text, sizeof text - 1, &mt, NULL, NULL), 3);
	out = mounts_print(&mt);
	T_EQ_STR(out,
	    "1 36 35 98:0 \"/mnt1\" \"/mnt/parent\" \"rw,noatime\" "
	    "\"master:1\" \"ext3\" \"/dev/root\" \"rw,errors=continue\" -\n"
	    "2 27 1 8:1 \"/\" \"/\" \"ro,nosuid,nodev,noexec\" \"\" \"ext4\" "
	    "\"/dev/sda1\" \"ro\" ro,nosuid,nodev,noexec,sb-ro\n"
	    "3 40 27 0:5 \"/a b\" \"/mnt/with space\" \"rw\" "
	    "\"shared:2 master:3\" \"tmpfs\" \"tm\\tp\" \"rw\" -\n");
	free(out);
	mounts_free(&mt);
}

static void
test_hostile(void)
{
	struct mounts mt;
	struct errs e;
	const struct mount *m;
	size_t i;

	load("fixtures/proc/mountinfo-hostile.txt", &mt, &e);
	/* rejected: NUL escape (5), relative (6), truncated (7, 8),
	 * bad devno (9), a lone "45 1" (18) */
	T_OK(has_err(&e, 5));
	T_OK(has_err(&e, 6));
	T_OK(has_err(&e, 7));
	T_OK(has_err(&e, 8));
	T_OK(has_err(&e, 9));
	T_OK(has_err(&e, 18));
	T_EQ_INT(e.n, 6);
	T_EQ_INT(mt.n, 12);
	m = mounts_find(&mt, "/mnt/with space/file");
	T_EQ_STR(point_of(m), "/mnt/with space");
	T_EQ_STR(m ? m->optional : "", "shared:12");
	m = mounts_find(&mt, "/mnt/new\nline");
	T_EQ_STR(point_of(m), "/mnt/new\nline");
	T_EQ_STR(m ? m->source : "", "my source");
	T_EQ_STR(m ? m->optional : "",
	    "shared:13 master:2 propagate_from:2");
	T_EQ_STR(m ? m->super : "", "rw,size=10k");
	/* "/mnt/new" is not "/mnt/new\nline": no mount there */
	T_EQ_STR(point_of(mounts_find(&mt, "/mnt/new")), "/");
	m = mounts_find(&mt, "/mnt/tab\tand\\backslash/x");
	T_EQ_STR(point_of(m), "/mnt/tab\tand\\backslash");
	T_OK(m && (m->flags & MNT_SB_RO) && (m->flags & MNT_NOSUID));
	T_EQ_INT(mounts_ro(&mt, "/mnt/tab\tand\\backslash/x"), 1);
	m = mounts_find(&mt, "/mnt/emptysrc");
	T_EQ_STR(m ? m->source : "x", "");
	T_EQ_STR(m ? m->super : "", "rw");
	T_EQ_STR(point_of(mounts_find(&mt, "/mnt/back\\slash\\9")),
	    "/mnt/back\\slash\\9");
	/* the same directory of one device twice: bind mounts */
	m = mounts_find(&mt, "/mnt/data2");
	T_OK(m && mounts_same_source(&mt, m) != NULL);
	T_OK(m && (m->flags & MNT_NOEXEC) && (m->flags & MNT_NODEV));
	T_EQ_INT(mounts_nosuid(&mt, "/mnt/data2/bin/x"), 1);
	T_EQ_INT(mounts_nosuid(&mt, "/mnt/data/bin/x"), 0);
	T_EQ_STR(point_of(mounts_find(&mt, "/mnt/trailing\\")),
	    "/mnt/trailing\\");
	m = mounts_find(&mt, "/run/netns/x");
	T_EQ_STR(m ? m->root : "", "net:[4026532281]");
	m = mounts_find(&mt, "/mnt/fuse");
	T_EQ_STR(m ? m->fstype : "", "fuse.sshfs");
	T_EQ_STR(m ? m->source : "", "user@host:/remote dir");
	m = mounts_find(&mt, "/mnt/x0");
	T_EQ_STR(m ? m->super : "", "rw extra trailing fields");
	for (i = 0; i < mt.n; i++)
		T_OK(mt.m[i].point[0] == '/');
	mounts_free(&mt);
}

static void
test_shadow(void)
{
	struct mounts mt;
	struct errs e;

	load("fixtures/proc/mountinfo-shadow.txt", &mt, &e);
	T_EQ_INT(mt.n, 7);
	/* 3 on /a came after 2 on /a/b and hides it */
	T_EQ_INT(mounts_find(&mt, "/a/b/f")->id, 3);
	T_EQ_INT(mounts_ro(&mt, "/a/b/f"), 1);
	T_EQ_INT(mounts_nosuid(&mt, "/a/b/f"), 0);
	T_EQ_INT(mounts_find(&mt, "/a")->id, 3);
	T_EQ_INT(mounts_find(&mt, "/a/")->id, 3);
	/* 5 is stacked on 4 at /a/c */
	T_EQ_INT(mounts_find(&mt, "/a/c/f")->id, 5);
	T_OK(mounts_find(&mt, "/a/c")->flags & MNT_NOEXEC);
	/* a read-only superblock */
	T_EQ_INT(mounts_ro(&mt, "/x/y"), 1);
	T_EQ_INT(mounts_ro_fn(&mt, "/x/y"), 1);
	T_EQ_INT(mounts_ro_fn(&mt, "/etc"), 0);
	/* "/ab" is its own mount, not under "/a" */
	T_EQ_INT(mounts_find(&mt, "/ab/z")->id, 7);
	T_EQ_INT(mounts_find(&mt, "/abc")->id, 1);
	T_EQ_INT(mounts_find(&mt, "/")->id, 1);
	T_OK(mounts_find(&mt, "relative") == NULL);
	mounts_free(&mt);

	/* no root mount: the flat rule (longest, latest) */
	memset(&mt, 0, sizeof mt);
	mounts_parse("2 9 0:50 / /a rw - tmpfs t rw\n"
	    "3 9 0:51 / /a/b ro - tmpfs t rw\n", 62, &mt, NULL, NULL);
	T_EQ_INT(mt.n, 2);
	T_EQ_INT(mounts_find(&mt, "/a/b/c")->id, 3);
	T_OK(mounts_find(&mt, "/z") == NULL);
	T_EQ_INT(mounts_ro(&mt, "/z"), -1);
	T_EQ_INT(mounts_nosuid(&mt, "/z"), -1);
	mounts_free(&mt);

	/* a parent cycle must end */
	memset(&mt, 0, sizeof mt);
	mounts_parse("1 0 0:1 / / rw - ext4 r rw\n"
	    "2 3 0:2 / /a rw - tmpfs t rw\n"
	    "3 2 0:3 / /a rw - tmpfs t rw\n", 86, &mt, NULL, NULL);
	T_EQ_INT(mt.n, 3);
	T_OK(mounts_find(&mt, "/a/x") != NULL);
	mounts_free(&mt);
}

static void
test_unescape(void)
{
	char *s;

	s = mounts_unescape("a\\040b\\011c\\012d\\134e", 21);
	T_EQ_STR(s, "a b\tc\nd\\e");
	free(s);
	T_OK(mounts_unescape("x\\000", 5) == NULL);
	s = mounts_unescape("\\04", 3);
	T_EQ_STR(s, "\\04");
	free(s);
	/* \400 is no octal byte: kept literally */
	s = mounts_unescape("\\400", 4);
	T_EQ_STR(s, "\\400");
	free(s);
	T_OK(mount_has_opt("rw,nosuid,nodev", "nosuid"));
	T_OK(!mount_has_opt("rw,nosuidx", "nosuid"));
	T_OK(!mount_has_opt("", "ro"));
	T_OK(mount_has_opt("ro", "ro"));
}

/* many mounts: parsing and lookups stay fast and correct */
static void
test_many(void)
{
	struct mounts mt;
	char *buf = malloc(10001 * 64), *p = buf;
	size_t i;

	p += sprintf(p, "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n");
	for (i = 2; i <= 10000; i++)
		p += sprintf(p, "%zu 1 0:%zu / /m/%zu rw%s - tmpfs t rw\n", i,
		    i, i, i % 2 ? ",nosuid" : "");
	memset(&mt, 0, sizeof mt);
	T_EQ_INT(mounts_parse(buf, (size_t)(p - buf), &mt, NULL, NULL), 10000);
	T_EQ_INT(mounts_nosuid(&mt, "/m/9999/bin/x"), 1);
	T_EQ_INT(mounts_nosuid(&mt, "/m/9998/bin/x"), 0);
	T_EQ_INT(mounts_find(&mt, "/m/99999")->id, 1);
	mounts_free(&mt);
	free(buf);
}

int
main(void)
{
	test_host();
	test_docker();
	test_print();
	test_hostile();
	test_shadow();
	test_unescape();
	test_many();
	T_DONE();
}
