/*
 * tv-dir.c: the target view over a directory: an unpacked root filesystem
 * (--root DIR) or the live host (rooted at /). Everything is opened
 * relative to the root's directory fd, one component at a time with
 * O_NOFOLLOW; a symlink met on the way is read and resolved by us, inside
 * the root, so no path can lead out of it ("/" and ".." stop at the root).
 * It never writes, and it never opens a FIFO, socket or device.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/xattr.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <acl/libacl.h>
#include <sys/acl.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/comps.h"
#include "engine/tv.h"
#include "lib/num.h"
#include "lib/xmalloc.h"
#include "lib/str.h"

struct tvd {
	int	rootfd;
};

static int
rootfd_of(struct tv *tv)
{
	return ((struct tvd *)tv->priv)->rootfd;
}

/* Names of the directories from the root down to the current one. */
struct stack {
	char	**v;
	size_t	  n;
};

static void
stack_clear(struct stack *s)
{
	while (s->n)
		free(s->v[--s->n]);
}

/* Open the directory the stack names, from the root, component by
 * component with O_NOFOLLOW (used after ".." to stay race-safe). */
static int
stack_reopen(int rootfd, const struct stack *s)
{
	int fd = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
	size_t i;

	for (i = 0; fd != -1 && i < s->n; i++) {
		int nfd = openat(fd, s->v[i],
		    O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		close(fd);
		fd = nfd;
	}
	return fd;
}

/*
 * The one-call form of dir_resolve() below: the kernel resolves the
 * directory part inside the root (openat2(2) with RESOLVE_IN_ROOT: "/"
 * and ".." stop at the root, absolute symlinks start from it, as ours
 * do; RESOLVE_NO_MAGICLINKS keeps /proc's links from leading out), in one
 * call where ours costs three per component. 1 when it decided (0 or -1
 * with errno set, as dir_resolve returns), 0 when the caller must resolve
 * by itself: no openat2 (Linux < 5.6, a seccomp filter), a last component
 * that is "." or "..", or a final symlink to follow, and every failure but
 * a plain missing entry or non-directory on the way (a loop, a name too
 * long, a race with ".."), whose answer is ours to give.
 */
static int
dir_resolve_fast(int rootfd, const char *path, int follow_last, int *pfd,
    char **name, int *ret)
{
#ifdef SYS_openat2
	static int no_openat2;
	struct open_how how;
	const char *end = path + strlen(path), *last;
	char *dir;
	int fd;

	if (__atomic_load_n(&no_openat2, __ATOMIC_RELAXED))
		return 0;
	while (end > path && end[-1] == '/')
		end--;
	last = end;
	while (last > path && last[-1] != '/')
		last--;
	if (last == end || (last[0] == '.' && (last + 1 == end ||
	    (last[1] == '.' && last + 2 == end))))
		return 0;
	memset(&how, 0, sizeof how);
	how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	dir = xstrndup(path, (size_t)(last - path));
	fd = (int)syscall(SYS_openat2, rootfd, *dir ? dir : ".", &how,
	    sizeof how);
	free(dir);
	if (fd == -1) {
		if (errno == ENOSYS || errno == EPERM)
			__atomic_store_n(&no_openat2, 1, __ATOMIC_RELAXED);
		if (errno != ENOENT && errno != ENOTDIR)
			return 0;
		*ret = -1;
		return 1;
	}
	if (follow_last) {
		struct stat st;

		/* a final symlink is resolved by the slow way, by us */
		if (fstatat(fd, last, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode)) {
			close(fd);
			return 0;
		}
	}
	*pfd = fd;
	*name = xstrndup(last, (size_t)(end - last));
	*ret = 0;
	return 1;
#else
	(void)rootfd; (void)path; (void)follow_last; (void)pfd; (void)name;
	(void)ret;
	return 0;
#endif
}

/*
 * Resolve path inside the root. On success *pfd is an O_PATH fd of the
 * directory holding the last component and *name that component (the
 * root itself gives ".", with *pfd the root). With follow_last, a final
 * symlink is followed too. -1 with errno otherwise.
 */
static int
dir_resolve(int rootfd, const char *path, int follow_last, int *pfd,
    char **name)
{
	struct comps c = { NULL, 0, 0 };
	struct stack s = { NULL, 0 };
	int cur, hops = 0, ret = -1, err = 0;
	char *last = NULL;

	if (dir_resolve_fast(rootfd, path, follow_last, pfd, name, &ret))
		return ret;
	cur = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
	if (cur == -1)
		return -1;
	comps_push_path(&c, path);
	while (c.n) {
		char *comp = c.v[--c.n];
		struct stat st;
		int is_last = (c.n == 0);

		if (strcmp(comp, ".") == 0) {
			free(comp);
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			free(comp);
			if (s.n == 0)
				continue;	/* ".." at the root stays there */
			free(s.v[--s.n]);
			close(cur);
			cur = stack_reopen(rootfd, &s);
			if (cur == -1) {
				err = errno;
				goto out;
			}
			continue;
		}
		if (is_last && !follow_last) {
			last = comp;
			break;
		}
		if (fstatat(cur, comp, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			err = errno;
			free(comp);
			goto out;
		}
		if (S_ISLNK(st.st_mode)) {
			char target[4096];
			ssize_t n;

			if (++hops > MAX_SYMLINK_HOPS) {
				err = ELOOP;
				free(comp);
				goto out;
			}
			n = readlinkat(cur, comp, target, sizeof target - 1);
			free(comp);
			if (n < 0) {
				err = errno;
				goto out;
			}
			if (n == 0) {
				err = ENOENT;
				goto out;
			}
			target[n] = '\0';
			if (target[0] == '/') {
				stack_clear(&s);
				close(cur);
				cur = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
				if (cur == -1) {
					err = errno;
					goto out;
				}
			}
			comps_push_path(&c, target);
			if (c.n == 0) {
				/* the link named the root or its directory */
				continue;
			}
			continue;
		}
		if (is_last) {
			last = comp;
			break;
		}
		if (!S_ISDIR(st.st_mode)) {
			err = ENOTDIR;
			free(comp);
			goto out;
		}
		{
			int nfd = openat(cur, comp,
			    O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (nfd == -1) {
				err = errno;
				free(comp);
				goto out;
			}
			close(cur);
			cur = nfd;
			s.v = xreallocarray(s.v, s.n + 1, sizeof *s.v);
			s.v[s.n++] = comp;
		}
	}
	*pfd = cur;
	cur = -1;
	*name = last ? last : xstrdup(".");
	last = NULL;
	ret = 0;
out:
	if (cur != -1)
		close(cur);
	free(last);
	comps_free(&c);
	stack_clear(&s);
	free(s.v);
	if (ret == -1)
		errno = err ? err : EIO;
	return ret;
}

/* lstat of path's last component, after following it too if asked */
static int
stat_resolved(struct tv *tv, const char *path, int follow, struct stat *st)
{
	int pfd, r, e;
	char *name;

	if (dir_resolve(rootfd_of(tv), path, follow, &pfd, &name) == -1)
		return -1;
	r = fstatat(pfd, name, st, AT_SYMLINK_NOFOLLOW);
	e = errno;
	close(pfd);
	free(name);
	errno = e;
	return r;
}

static int
dir_lstat(struct tv *tv, const char *path, struct stat *st)
{
	return stat_resolved(tv, path, 0, st);
}

static int
dir_stat(struct tv *tv, const char *path, struct stat *st)
{
	return stat_resolved(tv, path, 1, st);
}

static ssize_t
dir_readlink(struct tv *tv, const char *path, char *buf, size_t size)
{
	int pfd, e;
	ssize_t r;
	char *name;

	if (dir_resolve(rootfd_of(tv), path, 0, &pfd, &name) == -1)
		return -1;
	r = readlinkat(pfd, name, buf, size);
	e = errno;
	close(pfd);
	free(name);
	errno = e;
	return r;
}

/* Open a regular file of the target for reading, never anything else. */
static int
open_regular(int pfd, const char *name, struct stat *st)
{
	struct stat st2;
	int fd;

	if (fstatat(pfd, name, st, AT_SYMLINK_NOFOLLOW) == -1)
		return -1;
	if (!S_ISREG(st->st_mode)) {
		errno = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	fd = openat(pfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
	    O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st2) == -1 || st2.st_dev != st->st_dev ||
	    st2.st_ino != st->st_ino || !S_ISREG(st2.st_mode)) {
		close(fd);
		errno = ESTALE;		/* changed during the scan */
		return -1;
	}
	return fd;
}

static int
dir_read(struct tv *tv, const char *path, size_t max, char **out,
    size_t *len, int *truncated)
{
	struct stat st;
	char *buf = NULL, *name = NULL;
	size_t n = 0, cap;
	int pfd = -1, fd = -1, ret = -1, e = 0;

	*out = NULL;
	*len = 0;
	*truncated = 0;
	if (dir_resolve(rootfd_of(tv), path, 1, &pfd, &name) == -1)
		return -1;
	fd = open_regular(pfd, name, &st);
	if (fd == -1) {
		e = errno;
		goto out;
	}
	cap = (size_t)st.st_size < max ? (size_t)st.st_size + 1 : max + 1;
	if (cap < 256)
		cap = 256;
	buf = xmalloc(cap + 1);
	for (;;) {
		ssize_t r;

		if (n == cap) {
			if (cap > max)
				break;
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max)
			break;
	}
	if (n > max) {
		n = max;
		*truncated = 1;
	}
	buf[n] = '\0';
	*out = buf;
	buf = NULL;
	*len = n;
	ret = 0;
out:
	if (fd != -1)
		close(fd);
	if (pfd != -1)
		close(pfd);
	free(name);
	free(buf);
	if (ret)
		errno = e;
	return ret;
}

static int
dir_list(struct tv *tv, const char *path, char ***names, size_t *np)
{
	char **v = NULL, *name = NULL;
	size_t n = 0;
	int pfd = -1, fd, e = 0, ret = -1;
	DIR *d = NULL;
	struct dirent *de;

	*names = NULL;
	*np = 0;
	if (dir_resolve(rootfd_of(tv), path, 1, &pfd, &name) == -1)
		return -1;
	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		e = errno;
		goto out;
	}
	d = fdopendir(fd);
	if (d == NULL) {
		e = errno;
		close(fd);
		goto out;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n >= MAX_DIR_FILES) {
			e = EFBIG;
			goto out;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = xstrdup(de->d_name);
	}
	if (errno) {
		e = errno;
		goto out;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_strp);
	*names = v;
	*np = n;
	v = NULL;
	n = 0;
	ret = 0;
out:
	if (d)
		closedir(d);
	if (pfd != -1)
		close(pfd);
	free(name);
	tv_list_free(v, n);
	if (ret)
		errno = e;
	return ret;
}

/*
 * An xattr of an entry itself. Regular files and directories are opened
 * (O_RDONLY never blocks or changes them); anything else is reached
 * through /proc/self/fd/DIRFD/NAME without following it.
 */
static ssize_t
xattr_at(int pfd, const char *name, const struct stat *st, const char *key,
    void *buf, size_t size)
{
	char proc[64 + 256];
	ssize_t r;
	int fd, e;

	if (S_ISLNK(st->st_mode)) {
		errno = ENODATA;
		return -1;
	}
	if (S_ISREG(st->st_mode) || S_ISDIR(st->st_mode)) {
		fd = openat(pfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
		    O_CLOEXEC | O_NOCTTY);
		if (fd != -1) {
			r = fgetxattr(fd, key, buf, size);
			e = errno;
			close(fd);
			errno = e;
			return r;
		}
		if (errno != EACCES && errno != EPERM)
			return -1;
	}
	if (strlen(name) > 255) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(proc, sizeof proc, "/proc/self/fd/%d/%s", pfd, name);
	return lgetxattr(proc, key, buf, size);
}

static ssize_t
dir_getxattr(struct tv *tv, const char *path, const char *key, void *buf,
    size_t size)
{
	struct stat st;
	char *name;
	ssize_t r = -1;
	int pfd, e;

	if (dir_resolve(rootfd_of(tv), path, 0, &pfd, &name) == -1)
		return -1;
	if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		r = xattr_at(pfd, name, &st, key, buf, size);
	e = errno;
	close(pfd);
	free(name);
	errno = e;
	return r;
}

/* Convert a libacl ACL into the access model's entries. */
static int
acl_to_pacl(acl_t acl, struct pacl *out)
{
	acl_entry_t ent;
	int id = ACL_FIRST_ENTRY;

	out->n = 0;
	out->e = NULL;
	while (acl_get_entry(acl, id, &ent) == 1) {
		struct pacl_entry pe = { PACL_OTHER, 0, 0 };
		acl_tag_t tag;
		acl_permset_t ps;

		id = ACL_NEXT_ENTRY;
		if (acl_get_tag_type(ent, &tag) == -1 ||
		    acl_get_permset(ent, &ps) == -1)
			goto bad;
		switch (tag) {
		case ACL_USER_OBJ: pe.tag = PACL_USER_OBJ; break;
		case ACL_USER: pe.tag = PACL_USER; break;
		case ACL_GROUP_OBJ: pe.tag = PACL_GROUP_OBJ; break;
		case ACL_GROUP: pe.tag = PACL_GROUP; break;
		case ACL_MASK: pe.tag = PACL_MASK; break;
		case ACL_OTHER: pe.tag = PACL_OTHER; break;
		default: goto bad;
		}
		if (tag == ACL_USER || tag == ACL_GROUP) {
			void *q = acl_get_qualifier(ent);

			if (q == NULL)
				goto bad;
			pe.id = *(id_t *)q;
			acl_free(q);
		}
		pe.perm = (acl_get_perm(ps, ACL_READ) == 1 ? 4 : 0) |
		    (acl_get_perm(ps, ACL_WRITE) == 1 ? 2 : 0) |
		    (acl_get_perm(ps, ACL_EXECUTE) == 1 ? 1 : 0);
		out->e = xreallocarray(out->e, out->n + 1, sizeof *out->e);
		out->e[out->n++] = pe;
	}
	return 0;
bad:
	pacl_free(out);
	errno = EINVAL;
	return -1;
}

static int
dir_get_acl(struct tv *tv, const char *path, struct pacl *out)
{
	struct stat st;
	char *name = NULL, proc[64 + 256];
	acl_t acl = NULL;
	int pfd = -1, fd = -1, ret = -1, e = 0;

	out->n = 0;
	out->e = NULL;
	if (dir_resolve(rootfd_of(tv), path, 0, &pfd, &name) == -1)
		return -1;
	if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		e = errno;
		goto out;
	}
	if (S_ISLNK(st.st_mode)) {
		ret = 0;		/* links carry no ACL */
		goto out;
	}
	if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		fd = openat(pfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
		    O_CLOEXEC | O_NOCTTY);
	if (fd != -1)
		acl = acl_get_fd(fd);
	else if (strlen(name) <= 255) {
		snprintf(proc, sizeof proc, "/proc/self/fd/%d/%s", pfd, name);
		acl = acl_get_file(proc, ACL_TYPE_ACCESS);
	} else
		errno = ENAMETOOLONG;
	if (acl == NULL) {
		if (errno == ENOTSUP || errno == ENODATA) {
			ret = 0;	/* no ACL support: the mode says all */
			goto out;
		}
		e = errno;
		goto out;
	}
	/* a minimal ACL (3 entries) says nothing the mode does not */
	if (acl_equiv_mode(acl, NULL) == 0) {
		ret = 0;
		goto out;
	}
	if (acl_to_pacl(acl, out) == -1) {
		e = errno;
		goto out;
	}
	ret = 0;
out:
	if (acl)
		acl_free(acl);
	if (fd != -1)
		close(fd);
	if (pfd != -1)
		close(pfd);
	free(name);
	if (ret)
		errno = e;
	return ret;
}

/* --- the walk ---------------------------------------------------------
 *
 * One pass, shared by up to MAX_WALK_THREADS threads: a stack of directories
 * still to read, each held open (up to a bound on open descriptors; past
 * it a directory is kept by path and reopened from the root, component by
 * component with O_NOFOLLOW). Each thread reads a directory with
 * getdents64 into its own buffer and lstat's each entry relative to the
 * directory's fd; set-id and capability checks need the mode of every
 * file, symlinks need nothing, and a directory nothing but to be opened
 * when no visitor wants its mode (dirs_type_only): its type comes from
 * getdents64 and one openat2 with RESOLVE_NO_XDEV both opens it and says
 * whether it is a mount point, where the stat it costs otherwise would
 * look its name up a second time. security.capability is read only for
 * regular files with an execute bit, by name relative to the thread's own
 * working directory (unshare(CLONE_FS) + fchdir), which costs one lookup.
 * The visitor may be called from several threads at once (tv.h).
 */

#define MAX_WALK_THREADS	4
#define WALK_BUF		(64 * 1024)
#define WALK_MAX_HELD_FDS	512
#define WALK_CAP_BYTES		64

struct witem {
	struct witem	*next;
	int		 fd;		/* -1: reopen from path */
	int		 depth;
	size_t		 pathlen;
	char		 path[];	/* "" for the root */
};

struct wshared {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct witem	*stack;
	int		 idle;
	int		 nthreads;
	int		 done;
	int		 held;		/* fds held by stacked items */
	int		 maxheld;
	struct tv_walk	*w;
	dev_t		 dev;
	int		 rootfd;
	int		 open_dirs;	/* directories opened unstat'ed (above) */
};

struct wthread {
	struct wshared	*sh;
	char		*dbuf;
	struct buf	 path;
	int		 cwd_ok;	/* this thread's cwd can follow dirs */
	unsigned long	 dir_gen;	/* which directory walk_item is in */
	unsigned long	 cwd_gen;	/* which one the cwd is in */
	unsigned long	 entries;	/* this thread's: summed at the end */
	char		 capbuf[WALK_CAP_BYTES];
};

struct linux_dirent64 {
	uint64_t	d_ino;
	int64_t		d_off;
	unsigned short	d_reclen;
	unsigned char	d_type;
	char		d_name[];
};

static void
walk_err(struct wshared *sh, const char *path, const char *what)
{
	if (sh->w->error)
		sh->w->error(sh->w->ctx, *path ? path : "/", what);
}

static void
walk_push(struct wshared *sh, const char *path, size_t len, int fd, int depth)
{
	struct witem *it = xmalloc(sizeof *it + len + 1);

	memcpy(it->path, path, len);
	it->path[len] = '\0';
	it->pathlen = len;
	it->depth = depth;
	pthread_mutex_lock(&sh->mu);
	if (fd != -1 && sh->held >= sh->maxheld) {
		close(fd);
		fd = -1;
	}
	if (fd != -1)
		sh->held++;
	it->fd = fd;
	it->next = sh->stack;
	sh->stack = it;
	pthread_cond_signal(&sh->cv);
	pthread_mutex_unlock(&sh->mu);
}

/* Reopen a directory by its path from the root, never following a link:
 * a directory replaced by a symlink since it was seen is not walked. */
static int
walk_reopen(struct wshared *sh, const char *path)
{
	int fd = fcntl(sh->rootfd, F_DUPFD_CLOEXEC, 0);
	const char *p = path;
	char name[256];

	while (fd != -1 && *p) {
		const char *s;
		size_t n;
		int nfd;

		while (*p == '/')
			p++;
		s = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - s);
		if (n == 0)
			break;
		if (n >= sizeof name) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(name, s, n);
		name[n] = '\0';
		nfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC | O_NONBLOCK);
		close(fd);
		fd = nfd;
	}
	return fd;
}

/*
 * A directory getdents64 named, when no visitor wants its mode: opened
 * without a stat, the open refusing a mount point (RESOLVE_NO_XDEV, unless
 * the walk crosses them). 1 when done (descended, or vanished), 0 when
 * walk_entry() must stat it and decide as for any entry: a mount point
 * (another filesystem, or a bind mount of this one), a directory pruned
 * or too deep, one replaced since it was listed, an open refused, or no
 * openat2 (Linux < 5.6, a seccomp filter: never tried again).
 */
static int
walk_dir_unstatted(struct wthread *t, int dirfd, const struct witem *it,
    struct entry *ent)
{
#ifdef SYS_openat2
	struct wshared *sh = t->sh;
	struct tv_walk *w = sh->w;
	struct open_how how;
	int fd;

	ent->st.st_mode = S_IFDIR;		/* type only */
	if ((w->prune && w->prune(w->ctx, ent)) ||
	    it->depth + 1 > MAX_WALK_DEPTH)
		return 0;
	memset(&how, 0, sizeof how);
	how.flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK;
	how.resolve = w->cross_mounts ? 0 : RESOLVE_NO_XDEV;
	fd = (int)syscall(SYS_openat2, dirfd, ent->name, &how, sizeof how);
	if (fd == -1) {
		if (errno == ENOSYS || errno == EPERM || errno == EINVAL)
			__atomic_store_n(&sh->open_dirs, 0, __ATOMIC_RELAXED);
		return errno == ENOENT;		/* vanished: not an error */
	}
	t->entries++;
	w->visit(w->ctx, ent);
	walk_push(sh, ent->path, ent->pathlen, fd, it->depth + 1);
	return 1;
#else
	(void)t; (void)dirfd; (void)it; (void)ent;
	return 0;
#endif
}

/*
 * Is a change of st_dev a mount point, on the filesystem of fd? Then
 * RESOLVE_NO_XDEV refuses what the stat's device compared with the
 * root's would (find -xdev's test). Not on btrfs, whose subvolumes have
 * devices of their own inside one mount, nor on others not known here.
 * Magic numbers: statfs(2), linux/magic.h.
 */
static int
one_dev_a_mount(int fd)
{
	struct statfs sf;

	if (fstatfs(fd, &sf) == -1)
		return 0;
	switch ((unsigned long)sf.f_type) {
	case 0xEF53UL:			/* EXT2/3/4_SUPER_MAGIC */
	case 0x58465342UL:		/* XFS_SUPER_MAGIC */
	case 0x01021994UL:		/* TMPFS_MAGIC */
		return 1;
	default:
		return 0;
	}
}

static void
walk_entry(struct wthread *t, int dirfd, const struct witem *it,
    const char *name, unsigned char dtype)
{
	struct wshared *sh = t->sh;
	struct tv_walk *w = sh->w;
	struct entry ent;

	t->path.len = it->pathlen;
	buf_addc(&t->path, '/');
	buf_adds(&t->path, name);
	memset(&ent, 0, sizeof ent);
	ent.path = t->path.data;
	ent.pathlen = t->path.len;
	ent.name = ent.path + it->pathlen + 1;
	ent.depth = it->depth;
	ent.dirfd = dirfd;
	if (dtype == DT_DIR &&
	    __atomic_load_n(&sh->open_dirs, __ATOMIC_RELAXED)) {
		if (walk_dir_unstatted(t, dirfd, it, &ent))
			return;
		ent.st.st_mode = 0;
	}
	if (dtype == DT_LNK && !w->want_links) {
		ent.st.st_mode = S_IFLNK | 0777;	/* type only */
	} else if (fstatat(dirfd, name, &ent.st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno != ENOENT)		/* vanished: not an error */
			walk_err(sh, ent.path, strerror(errno));
		return;
	}
	t->entries++;
	if (w->want_caps && S_ISREG(ent.st.st_mode) &&
	    (ent.st.st_mode & 0111)) {
		ssize_t r;

		/* the kernel allocates and zeroes as much as we offer, so
		 * offer what a vfs_ns_cap_data needs (24 bytes) with room;
		 * a larger value is malformed (ERANGE, reported) */
		/* the cwd moves to this directory on its first such file
		 * only: most directories have none to read */
		if (t->cwd_ok && t->cwd_gen != t->dir_gen) {
			if (fchdir(dirfd) == 0)
				t->cwd_gen = t->dir_gen;
			else
				t->cwd_ok = 0;
		}
		if (t->cwd_ok)
			r = lgetxattr(name, "security.capability", t->capbuf,
			    WALK_CAP_BYTES);
		else
			r = xattr_at(dirfd, name, &ent.st,
			    "security.capability", t->capbuf, WALK_CAP_BYTES);
		if (r > 0) {
			ent.caps = t->capbuf;
			ent.capslen = (size_t)r;
		} else if (r < 0 && errno != ENODATA && errno != ENOTSUP &&
		    errno != ENOENT)
			walk_err(sh, ent.path, strerror(errno));
	}
	w->visit(w->ctx, &ent);
	if (S_ISDIR(ent.st.st_mode)) {
		int fd;

		if (!w->cross_mounts && ent.st.st_dev != sh->dev)
			return;
		if (w->prune && w->prune(w->ctx, &ent))
			return;
		if (it->depth + 1 > MAX_WALK_DEPTH) {
			walk_err(sh, ent.path, "directory nesting deeper than "
			    "the walk's limit; not descended");
			return;
		}
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC | O_NONBLOCK);
		if (fd == -1) {
			if (errno != ENOENT)
				walk_err(sh, ent.path, strerror(errno));
			return;
		}
		walk_push(sh, ent.path, ent.pathlen, fd, it->depth + 1);
	}
}

static void
walk_item(struct wthread *t, struct witem *it)
{
	struct wshared *sh = t->sh;
	int fd = it->fd;
	long n;

	if (fd == -1 && (fd = walk_reopen(sh, it->path)) == -1) {
		if (errno != ENOENT && errno != ELOOP && errno != ENOTDIR)
			walk_err(sh, it->path, strerror(errno));
		return;
	}
	t->path.len = 0;
	buf_add(&t->path, it->path, it->pathlen);
	t->dir_gen++;
	while ((n = syscall(SYS_getdents64, fd, t->dbuf, WALK_BUF)) > 0) {
		long off = 0;

		while (off < n) {
			struct linux_dirent64 *d =
			    (struct linux_dirent64 *)(t->dbuf + off);

			off += d->d_reclen;
			if (d->d_name[0] == '.' && (d->d_name[1] == '\0' ||
			    (d->d_name[1] == '.' && d->d_name[2] == '\0')))
				continue;
			walk_entry(t, fd, it, d->d_name, d->d_type);
			/* walk_entry may have grown the buffer: restore */
			t->path.len = it->pathlen;
			t->path.data[it->pathlen] = '\0';
		}
	}
	if (n < 0)
		walk_err(sh, it->path, strerror(errno));
	close(fd);
}

static void
walk_loop(struct wthread *t)
{
	struct wshared *sh = t->sh;

	for (;;) {
		struct witem *it;

		pthread_mutex_lock(&sh->mu);
		while (sh->stack == NULL && !sh->done) {
			if (++sh->idle == sh->nthreads) {
				sh->done = 1;
				pthread_cond_broadcast(&sh->cv);
				break;
			}
			pthread_cond_wait(&sh->cv, &sh->mu);
			sh->idle--;
		}
		if (sh->done && sh->stack == NULL) {
			pthread_mutex_unlock(&sh->mu);
			break;
		}
		it = sh->stack;
		sh->stack = it->next;
		if (it->fd != -1)
			sh->held--;
		pthread_mutex_unlock(&sh->mu);
		walk_item(t, it);
		free(it);
	}
}

static void *
walk_thread(void *arg)
{
	struct wthread *t = arg;

	/* a working directory of this thread's own, for one-lookup xattr
	 * reads; without it, xattrs go through /proc/self/fd */
	t->cwd_ok = unshare(CLONE_FS) == 0;
	walk_loop(t);
	return NULL;
}

static int
walk_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	const char *env = getenv("PRIVMAP_WALK_THREADS");
	unsigned long v;

	if (env && parse_ulong(env, MAX_WALK_THREADS, &v) == 0 && v > 0)
		return (int)v;
	if (n < 1)
		return 1;
	return n > MAX_WALK_THREADS ? MAX_WALK_THREADS : (int)n;
}

static int
dir_walk(struct tv *tv, struct tv_walk *w)
{
	struct wshared sh;
	struct wthread *t;
	pthread_t tid[MAX_WALK_THREADS];
	struct stat st;
	struct rlimit rl;
	char *name = NULL;
	int pfd = -1, fd, i, nt, started = 0;

	memset(&sh, 0, sizeof sh);
	sh.w = w;
	sh.rootfd = rootfd_of(tv);
	if (dir_resolve(sh.rootfd, w->start, 1, &pfd, &name) == -1)
		goto fail;
	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1)
		goto fail;
	close(pfd);
	free(name);
	sh.dev = st.st_dev;
	sh.open_dirs = w->dirs_type_only &&
	    (w->cross_mounts || one_dev_a_mount(fd));
	sh.maxheld = WALK_MAX_HELD_FDS;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (rlim_t)sh.maxheld + 64 > rl.rlim_cur)
		sh.maxheld = rl.rlim_cur > 128 ? (int)rl.rlim_cur - 64 : 16;
	pthread_mutex_init(&sh.mu, NULL);
	pthread_cond_init(&sh.cv, NULL);
	nt = walk_threads();
	sh.nthreads = nt;
	walk_push(&sh, strcmp(w->start, "/") == 0 ? "" : w->start,
	    strcmp(w->start, "/") == 0 ? 0 : strlen(w->start), fd, 1);
	t = xcalloc((size_t)nt, sizeof *t);
	for (i = 0; i < nt; i++) {
		t[i].sh = &sh;
		t[i].dbuf = xmalloc(WALK_BUF);
	}
	/* threads other than the first; the first is this one's */
	for (i = 1; i < nt; i++) {
		if (pthread_create(&tid[i], NULL, walk_thread, &t[i]) != 0)
			break;
		started++;
	}
	if (started + 1 < nt) {
		pthread_mutex_lock(&sh.mu);
		sh.nthreads = started + 1;
		pthread_mutex_unlock(&sh.mu);
	}
	{
		/* this thread walks too, in a thread of its own so that its
		 * unshare(CLONE_FS) leaves the caller's cwd alone */
		pthread_t self;

		if (pthread_create(&self, NULL, walk_thread, &t[0]) == 0)
			pthread_join(self, NULL);
		else {
			t[0].cwd_ok = 0;
			/* fall back: walk here, xattrs through /proc */
			walk_loop(&t[0]);
		}
	}
	for (i = 1; i <= started; i++)
		pthread_join(tid[i], NULL);
	w->entries = 0;
	for (i = 0; i < nt; i++) {
		w->entries += t[i].entries;
		free(t[i].dbuf);
		buf_free(&t[i].path);
	}
	free(t);
	pthread_mutex_destroy(&sh.mu);
	pthread_cond_destroy(&sh.cv);
	return 0;
fail:
	walk_err(&sh, w->start, strerror(errno));
	if (pfd != -1)
		close(pfd);
	free(name);
	return -1;
}

static void
dir_free(struct tv *tv)
{
	struct tvd *d = tv->priv;

	close(d->rootfd);
	free(d);
	free(tv->display);
	free(tv);
}

static const struct tv_ops dir_ops = {
	.kind_name = "dir",
	.lstat = dir_lstat,
	.stat = dir_stat,
	.readlink = dir_readlink,
	.read = dir_read,
	.list = dir_list,
	.getxattr = dir_getxattr,
	.get_acl = dir_get_acl,
	.walk = dir_walk,
	.free = dir_free,
};

struct tv *
tv_dir_open(const char *dir, enum tv_kind kind)
{
	struct tv *tv;
	struct tvd *d;
	int fd;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return NULL;
	d = xcalloc(1, sizeof *d);
	d->rootfd = fd;
	tv = xcalloc(1, sizeof *tv);
	tv->ops = &dir_ops;
	tv->kind = kind;
	tv->display = xstrdup(dir);
	tv->priv = d;
	return tv;
}
