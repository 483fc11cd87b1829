/*
 * access.c: the access model, evaluated as the target user (see access.h).
 * Paths are resolved here, component by component, the way the kernel
 * resolves them for that user: search permission on every directory on
 * the way, symlinks followed (inside the target) with their own lookups.
 * Every lookup is a place the user might change what a path means, which
 * is what access_can_replace() asks. Inodes are lstat'ed once per scan.
 *
 * A note on ownership: the owner of an inode can chmod it, so owning a
 * file or directory counts as every permission on it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/access.h"
#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/comps.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "lib/strmap.h"

struct node {
	char		*path;		/* canonical, "/" for the root */
	int		 err;		/* lstat's errno, 0 if st is valid */
	struct stat	 st;
	int		 acl_state;	/* 0 not loaded, 1 loaded, -1 failed */
	int		 acl_err;
	struct pacl	 acl;
};

/* what access_can_modify or access_can_replace answered for a path,
 * given again when asked again: the checks ask it of the same
 * directories many times */
struct answer {
	int		 r;
	const char	*how;
	char		*witness;	/* set by the answer, or NULL */
	int		 err;		/* errno as it returned */
};

struct access {
	struct tv		*tv;
	const struct ident	*id;
	access_ro_fn		 ro;
	void			*ro_ctx;
	struct strmap		 nodes;	/* path -> struct node */
	struct node		**v;	/* every node, to free them */
	size_t			 nnodes;
	char			*witness;
	/* access_new_like: the model whose nodes this one shares (an
	 * inode's lstat and ACL are the same whoever asks), or NULL */
	struct access		*base;
	struct strmap		 answers;	/* path -> struct answer */
	struct answer		**av;
	size_t			 nanswers;
};

struct access *
access_new(struct tv *tv, const struct ident *id)
{
	struct access *a = xcalloc(1, sizeof *a);

	a->tv = tv;
	a->id = id;
	return a;
}

struct access *
access_new_like(struct access *base, const struct ident *id)
{
	struct access *a = access_new(base->tv, id);

	a->base = base->base ? base->base : base;
	return a;
}

void
access_set_ro(struct access *a, access_ro_fn fn, void *ctx)
{
	a->ro = fn;
	a->ro_ctx = ctx;
}

void
access_free(struct access *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nnodes; i++) {
		free(a->v[i]->path);
		pacl_free(&a->v[i]->acl);
		free(a->v[i]);
	}
	free(a->v);
	strmap_free(&a->nodes);
	for (i = 0; i < a->nanswers; i++) {
		free(a->av[i]->witness);
		free(a->av[i]);
	}
	free(a->av);
	strmap_free(&a->answers);
	free(a->witness);
	free(a);
}

static struct node *
node_get(struct access *a, const char *path)
{
	size_t len = strlen(path);

	if (a->base != NULL)
		a = a->base;
	struct node *n = strmap_getp(&a->nodes, path, len);

	if (n != NULL)
		return n;
	n = xcalloc(1, sizeof *n);
	n->path = xstrdup(path);
	if (tv_lstat(a->tv, path, &n->st) == -1)
		n->err = errno ? errno : EIO;
	else if (a->tv->kind == TV_ROOTFS && strcmp(path, "/") == 0) {
		/* The top of an unpacked tree has the mode and owner of the
		 * directory it was unpacked into (often a 0700 mktemp
		 * directory of whoever unpacked it), not of the system's /.
		 * Take it as a root filesystem's / is: root:root 0755. */
		n->st.st_uid = 0;
		n->st.st_gid = 0;
		n->st.st_mode = (n->st.st_mode & ~07777) | 0755;
	}
	strmap_addp(&a->nodes, n->path, len, n);
	a->v = xgrow(a->v, a->nnodes, sizeof *a->v);
	a->v[a->nnodes++] = n;
	return n;
}

static int
node_acl(struct access *a, struct node *n)
{
	if (n->acl_state == 0) {
		if (tv_get_acl(a->tv, n->path, &n->acl) == -1) {
			n->acl_state = -1;
			n->acl_err = errno;
		} else
			n->acl_state = 1;
	}
	if (n->acl_state == -1) {
		errno = n->acl_err;
		return -1;
	}
	return 0;
}

int
access_allows(const struct ident *id, const struct stat *st,
    const struct pacl *acl, int want)
{
	unsigned perm;
	size_t i;

	want &= 7;
	if (id->uid == 0) {
		/* root reads and writes anything; it executes a file only
		 * if some execute bit is set (directories: always) */
		if ((want & ACC_EXEC) && !S_ISDIR(st->st_mode) &&
		    !(st->st_mode & 0111))
			return 0;
		return 1;
	}
	if (st->st_uid == id->uid)
		return 1;		/* the owner can chmod: see above */
	if (acl == NULL || acl->n == 0) {
		if (ident_in_group(id, st->st_gid))
			perm = (st->st_mode >> 3) & 7;
		else
			perm = st->st_mode & 7;
		return (perm & (unsigned)want) == (unsigned)want;
	}
	{
		unsigned mask = 7, other = st->st_mode & 7;
		int have_group = 0, group_ok = 0;

		for (i = 0; i < acl->n; i++) {
			if (acl->e[i].tag == PACL_MASK)
				mask = acl->e[i].perm;
			else if (acl->e[i].tag == PACL_OTHER)
				other = acl->e[i].perm;
		}
		for (i = 0; i < acl->n; i++)
			if (acl->e[i].tag == PACL_USER &&
			    acl->e[i].id == id->uid) {
				perm = acl->e[i].perm & mask;
				return (perm & (unsigned)want) ==
				    (unsigned)want;
			}
		for (i = 0; i < acl->n; i++) {
			const struct pacl_entry *e = &acl->e[i];

			if ((e->tag == PACL_GROUP_OBJ &&
			    ident_in_group(id, st->st_gid)) ||
			    (e->tag == PACL_GROUP &&
			    ident_in_group(id, (gid_t)e->id))) {
				have_group = 1;
				perm = e->perm & mask;
				if ((perm & (unsigned)want) == (unsigned)want)
					group_ok = 1;
			}
		}
		if (have_group)
			return group_ok;
		return (other & (unsigned)want) == (unsigned)want;
	}
}

/* Does the user get want on node n? -1 if its ACL could not be read. */
static int
node_allows(struct access *a, struct node *n, int want)
{
	if (a->id->uid == 0 || n->st.st_uid == a->id->uid)
		return access_allows(a->id, &n->st, NULL, want);
	if (node_acl(a, n) == -1)
		return -1;
	return access_allows(a->id, &n->st, &n->acl, want);
}

static int
node_ro(struct access *a, struct node *n)
{
	return a->ro && a->ro(a->ro_ctx, n->path) == 1;
}

enum { STEP_CONTINUE, STEP_STOP };

/*
 * Resolve path for the user. For each lookup of a name in a directory
 * the user can search, step() is called (if given); it may stop the walk.
 * Returns ACC_YES with *final set to the resolved node, ACC_NO when the
 * user cannot reach it (errno EACCES) or it does not exist (ENOENT...),
 * ACC_UNKNOWN when something could not be read (errno), or -2 when step
 * stopped the walk.
 */
static int
resolve(struct access *a, const char *path, int follow_last,
    int (*step)(struct access *, struct node *dir, const char *name,
    struct node *ent, void *), void *sctx, struct node **final)
{
	struct comps c = { NULL, 0, 0 };
	struct buf canon = { NULL, 0, 0 };
	int hops = 0, ret = ACC_NO, err = 0;
	struct node *dir, *n;

	*final = NULL;
	comps_push_path(&c, path);
	buf_adds(&canon, "/");
	dir = node_get(a, "/");
	if (dir->err) {
		err = dir->err;
		ret = ACC_UNKNOWN;
		goto out;
	}
	n = dir;
	while (c.n) {
		char *comp = c.v[--c.n];
		int last = (c.n == 0), ok;
		size_t mark;

		if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0) {
			if (comp[1] == '.' && canon.len > 1) {
				char *d = path_dirname(canon.data);

				canon.len = 0;
				buf_adds(&canon, d);
				free(d);
				dir = node_get(a, canon.data);
			}
			free(comp);
			n = dir;
			continue;
		}
		if (!S_ISDIR(dir->st.st_mode)) {
			err = ENOTDIR;
			free(comp);
			goto out;
		}
		ok = node_allows(a, dir, ACC_EXEC);
		if (ok != 1) {
			err = ok == 0 ? EACCES : errno;
			ret = ok == 0 ? ACC_NO : ACC_UNKNOWN;
			free(comp);
			goto out;
		}
		mark = canon.len;
		if (canon.len > 1)
			buf_addc(&canon, '/');
		buf_adds(&canon, comp);
		n = node_get(a, canon.data);
		if (step && step(a, dir, comp, n, sctx) == STEP_STOP) {
			free(comp);
			ret = -2;
			goto out;
		}
		if (n->err) {
			err = n->err;
			ret = n->err == ENOENT || n->err == ENOTDIR ? ACC_NO :
			    ACC_UNKNOWN;
			free(comp);
			goto out;
		}
		if (S_ISLNK(n->st.st_mode) && (!last || follow_last)) {
			char target[4096];
			ssize_t len;

			free(comp);
			if (++hops > MAX_SYMLINK_HOPS) {
				err = ELOOP;
				goto out;
			}
			len = tv_readlink(a->tv, canon.data, target,
			    sizeof target - 1);
			if (len <= 0) {
				err = len == 0 ? ENOENT : errno;
				ret = ACC_UNKNOWN;
				goto out;
			}
			target[len] = '\0';
			canon.len = mark;
			canon.data[mark] = '\0';
			if (canon.len == 0)
				buf_adds(&canon, "/");
			if (target[0] == '/') {
				canon.len = 0;
				buf_adds(&canon, "/");
			}
			dir = node_get(a, canon.data);
			n = dir;
			comps_push_path(&c, target);
			continue;
		}
		free(comp);
		if (!last) {
			if (!S_ISDIR(n->st.st_mode)) {
				err = ENOTDIR;
				goto out;
			}
			dir = n;
		}
	}
	*final = n;
	ret = ACC_YES;
out:
	comps_free(&c);
	buf_free(&canon);
	if (ret != ACC_YES)
		errno = err;
	return ret;
}

int
access_can(struct access *a, const char *path, int mode)
{
	struct node *n;
	int r;

	r = resolve(a, path, 1, NULL, NULL, &n);
	if (r != ACC_YES)
		return r == -2 ? ACC_UNKNOWN : r;
	if ((mode & ACC_WRITE) && node_ro(a, n))
		return ACC_NO;
	r = node_allows(a, n, mode);
	if (r == -1)
		return ACC_UNKNOWN;
	return r ? ACC_YES : ACC_NO;
}

struct replace_ctx {
	int	found;
	int	unknown;
};

/* Can the user change what name means in dir? */
static int
replace_step(struct access *a, struct node *dir, const char *name,
    struct node *ent, void *vctx)
{
	struct replace_ctx *rc = vctx;
	int w;

	(void)name;
	if (node_ro(a, dir))
		return STEP_CONTINUE;
	w = node_allows(a, dir, ACC_WRITE | ACC_EXEC);
	if (w == -1) {
		rc->unknown = 1;
		return STEP_CONTINUE;
	}
	if (!w)
		return STEP_CONTINUE;
	if ((dir->st.st_mode & S_ISVTX) && a->id->uid != 0 &&
	    dir->st.st_uid != a->id->uid &&
	    ent->err == 0 && ent->st.st_uid != a->id->uid)
		return STEP_CONTINUE;	/* sticky: not the user's to remove */
	free(a->witness);
	a->witness = xstrdup(dir->path);
	rc->found = 1;
	return STEP_STOP;
}

static int
can_replace(struct access *a, const char *path)
{
	struct replace_ctx rc = { 0, 0 };
	struct node *n;
	int r;

	r = resolve(a, path, 1, replace_step, &rc, &n);
	if (rc.found)
		return ACC_YES;
	if (rc.unknown) {
		errno = EIO;
		return ACC_UNKNOWN;
	}
	if (r == ACC_UNKNOWN)
		return ACC_UNKNOWN;
	return ACC_NO;
}

/* the answer kept for op ('m' modify, 'r' replace) and path, or NULL */
static struct answer *
answer_get(struct access *a, char op, const char *path, struct buf *key)
{
	key->len = 0;
	buf_addc(key, op);
	buf_adds(key, path);
	return a->answers.n ? strmap_getp(&a->answers, key->data, key->len) :
	    NULL;
}

/* keep an answer just made: the witness it set, the errno it left */
static void
answer_keep(struct access *a, const struct buf *key, int r,
    const char *how, int witnessed)
{
	int e = errno;
	struct answer *an = xcalloc(1, sizeof *an);

	an->err = e;
	an->r = r;
	an->how = how;
	if (witnessed && a->witness != NULL)
		an->witness = xstrdup(a->witness);
	a->answers.copies = 1;
	strmap_addp(&a->answers, key->data, key->len, an);
	a->av = xgrow(a->av, a->nanswers, sizeof *a->av);
	a->av[a->nanswers++] = an;
	errno = an->err;
}

/* an answer given again, with the witness it set and its errno */
static int
answer_give(struct access *a, const struct answer *an, const char **how)
{
	if (an->witness != NULL) {
		free(a->witness);
		a->witness = xstrdup(an->witness);
	}
	if (how != NULL)
		*how = an->how;
	errno = an->err;
	return an->r;
}

/* can_replace, each path's answer kept */
int
access_can_replace(struct access *a, const char *path)
{
	struct buf key = { 0 };
	struct answer *an = answer_get(a, 'r', path, &key);
	int r;

	if (an != NULL)
		r = answer_give(a, an, NULL);
	else {
		r = can_replace(a, path);
		answer_keep(a, &key, r, NULL, r == ACC_YES);
	}
	buf_free(&key);
	return r;
}

static int
can_modify(struct access *a, const char *path, const char **how)
{
	int w, r;

	*how = NULL;
	w = access_can(a, path, ACC_WRITE);
	if (w == ACC_YES) {
		*how = "writable";
		return ACC_YES;
	}
	r = access_can_replace(a, path);
	if (r == ACC_YES) {
		*how = "replaceable";
		return ACC_YES;
	}
	if (w == ACC_UNKNOWN || r == ACC_UNKNOWN) {
		*how = "could not be evaluated";
		return ACC_UNKNOWN;
	}
	return ACC_NO;
}

/* can_modify, each path's answer kept */
int
access_can_modify(struct access *a, const char *path, const char **how)
{
	struct buf key = { 0 };
	struct answer *an = answer_get(a, 'm', path, &key);
	int r;

	if (an != NULL)
		r = answer_give(a, an, how);
	else {
		r = can_modify(a, path, how);
		answer_keep(a, &key, r, *how, r == ACC_YES &&
		    strcmp(*how, "replaceable") == 0);
	}
	buf_free(&key);
	return r;
}

const char *
access_last_witness(struct access *a)
{
	return a->witness;
}
