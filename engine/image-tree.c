/*
 * image-tree.c: an image's filesystem, built in memory by applying its
 * layers in order, the way a container runtime unpacks them, without
 * writing anything anywhere.
 *
 * Layer semantics follow the OCI image spec (image-spec layer.md):
 * ".wh.NAME" hides NAME of the layers below, ".wh..wh..opq" hides every
 * entry of the layers below in its directory, and neither touches what
 * the same layer adds; other ".wh..wh." names are AUFS bookkeeping and are
 * ignored. An entry replaces what was at its path, except that a
 * directory over a directory keeps the children and takes the new owner,
 * mode and xattrs. Member paths are cleaned lexically and can never climb
 * above the root; directories on the way are resolved through symlinks
 * inside the tree (as containerd's applier does with fs.RootPath) and
 * made (0755 root:root) when missing. Hard links share one inode and
 * refer to an entry already present (this layer or a lower one).
 *
 * Owners are the numeric uid/gid of the tar header (user and group names
 * are ignored, as runtimes do). Extended attributes come from the PAX
 * headers through libarchive (SCHILY.xattr.*, LIBARCHIVE.xattr.*);
 * POSIX ACLs given as tar ACL records (SCHILY.acl.access) are turned into
 * a system.posix_acl_access value so the tree has one form of them.
 *
 * What content is kept is decided per file (keep_decide); a file whose
 * content is not kept still has its stat, owner, mode and xattrs.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#include "lib/bounds.h"
#include "engine/image-int.h"
#include "lib/buf.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

/* git's own test for binary content (xdiff-interface.c buffer_is_binary):
 * a NUL in the first 8000 bytes */
#define BINARY_PROBE		8000
/* a compressed layer may expand this much, and at least this far, before
 * it is taken for a decompression bomb */
#define LAYER_MAX_RATIO		100
#define LAYER_FLOOR_BYTES	(4ull << 30)

/* Where checks read files of any kind (up to MAX_FILE_BYTES): their
 * configuration, crontabs, home directories, units and PAM and polkit
 * files that distributions ship under /usr. */
static const char *const keep_prefixes[] = {
	"/etc", "/root", "/home", "/var/spool", "/usr/local/etc",
	"/usr/lib/os-release", "/usr/lib/systemd", "/lib/systemd",
	"/usr/lib/pam.d", "/usr/share/polkit-1", "/usr/lib/sysctl.d",
	"/usr/lib/modules-load.d", "/usr/lib/tmpfiles.d",
	"/usr/lib/sudoers.d", NULL,
};

/* Text files that stay in memory though they are not configuration, as
 * checks read them: udev's rules (udev(7): /usr/lib/udev/rules.d, and
 * /lib/udev before the /usr merge) and the helpers they run. Other
 * text files are held the same when they can be run (an execute bit:
 * what the job follower reads); the rest stays in its layer and is
 * read from it again if a check asks (itree_fetch). */
static const char *const hold_prefixes[] = {
	"/usr/lib/udev", "/lib/udev", NULL,
};

/* Package databases, read whole to tell which package ships a file and
 * verify it (dpkg(1), apk-tools' lib/apk/db, rpm's %_dbpath: /var/lib/rpm,
 * /usr/lib/sysimage/rpm since Fedora 36). */
static const char *const keep_db_prefixes[] = {
	"/var/lib/dpkg", "/lib/apk/db", "/usr/lib/apk/db", "/var/lib/rpm",
	"/usr/lib/sysimage/rpm", NULL,
};

/* --- nodes and inodes ------------------------------------------------ */

/* The key of dir's entry name in the tree's map: dir's address, then
 * name without its NUL (*len bytes), in small if it fits, else
 * allocated. */
static char *
node_key(const struct node *dir, const char *name, char *small,
    size_t smallsz, size_t *len)
{
	size_t n = strlen(name);
	char *k = small;

	*len = sizeof dir + n;
	if (*len + 1 > smallsz)
		k = xmalloc(*len + 1);
	memcpy(k, &dir, sizeof dir);
	memcpy(k + sizeof dir, name, n + 1);
	return k;
}

static struct node *
child(const struct itree *t, const struct node *dir, const char *name)
{
	char small[sizeof dir + 256], *k;
	struct node *n;
	size_t len;

	k = node_key(dir, name, small, sizeof small, &len);
	n = strmap_getp(&t->nodes, k, len);
	if (k != small)
		free(k);
	return n;
}

static struct inode *
inode_new(struct itree *t, mode_t mode)
{
	struct inode *ino = xcalloc(1, sizeof *ino);

	ino->mode = mode;
	ino->ino = ++t->next_ino;
	return ino;
}

static void
xattrs_clear(struct inode *ino)
{
	size_t i;

	for (i = 0; i < ino->nxa; i++) {
		free(ino->xa[i].name);
		free(ino->xa[i].value);
	}
	free(ino->xa);
	ino->xa = NULL;
	ino->nxa = 0;
}

/* --- kept text files: a max-heap on size, so the largest go first ---- */

static void
heap_swap(struct itree *t, size_t a, size_t b)
{
	struct inode *x = t->heap[a];

	t->heap[a] = t->heap[b];
	t->heap[b] = x;
	t->heap[a]->heapidx = a;
	t->heap[b]->heapidx = b;
}

static void
heap_up(struct itree *t, size_t i)
{
	while (i > 0 && t->heap[(i - 1) / 2]->datalen < t->heap[i]->datalen) {
		heap_swap(t, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
heap_down(struct itree *t, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < t->nheap && t->heap[l]->datalen > t->heap[m]->datalen)
			m = l;
		if (r < t->nheap && t->heap[r]->datalen > t->heap[m]->datalen)
			m = r;
		if (m == i)
			return;
		heap_swap(t, i, m);
		i = m;
	}
}

static void
heap_push(struct itree *t, struct inode *ino)
{
	if (t->nheap == t->capheap) {
		t->capheap = t->capheap ? t->capheap * 2 : 1024;
		t->heap = xreallocarray(t->heap, t->capheap, sizeof *t->heap);
	}
	ino->heapidx = t->nheap;
	t->heap[t->nheap++] = ino;
	heap_up(t, ino->heapidx);
}

static void
heap_remove(struct itree *t, struct inode *ino)
{
	size_t i = ino->heapidx;

	if (i >= t->nheap || t->heap[i] != ino)
		return;
	heap_swap(t, i, t->nheap - 1);
	t->nheap--;
	if (i < t->nheap) {
		heap_up(t, i);
		heap_down(t, i);
	}
}

/* Let go of an inode's content (it stays in the tree, unreadable). */
static void
content_drop(struct itree *t, struct inode *ino)
{
	if (!ino->kept)
		return;
	if (ino->tier == KEEP_TEXT) {
		heap_remove(t, ino);
		t->kept_text -= ino->datalen;
		if (ino->data == NULL)
			t->kept_in_layer -= ino->datalen;
	} else
		t->kept_must -= ino->datalen;
	t->kept_bytes -= ino->datalen;
	free(ino->data);
	ino->data = NULL;
	ino->datalen = 0;
	ino->kept = 0;
	ino->tier = KEEP_NONE;
}

static void
inode_unref(struct itree *t, struct inode *ino)
{
	if (ino == NULL || --ino->refs > 0)
		return;
	free(ino->link);
	content_drop(t, ino);
	xattrs_clear(ino);
	free(ino);
}

static unsigned
node_depth(const struct node *n)
{
	unsigned d = 0;

	while (n->parent != n) {
		n = n->parent;
		d++;
	}
	return d;
}

static struct node *
node_add(struct itree *t, struct node *dir, const char *name,
    struct inode *ino, unsigned stamp)
{
	size_t nlen = strlen(name), len = sizeof dir + nlen;
	struct node *n = xmalloc(sizeof *n + len + 1);

	memset(n, 0, sizeof *n);
	memcpy(n->key, &dir, sizeof dir);
	memcpy(n->key + sizeof dir, name, nlen + 1);
	n->parent = dir;
	n->ino = ino;
	ino->refs++;
	n->stamp = stamp;
	strmap_addp(&t->nodes, n->key, len, n);
	if (dir->nkids == dir->capkids) {
		dir->capkids = dir->capkids ? dir->capkids * 2 : 8;
		dir->kids = xreallocarray(dir->kids, dir->capkids,
		    sizeof *dir->kids);
	}
	n->idx = dir->nkids;
	dir->kids[dir->nkids++] = n;
	if (S_ISDIR(ino->mode))
		dir->nsubdirs++;
	t->nnodes++;
	return n;
}

/* Remove n and everything below it. */
static void
node_remove(struct itree *t, struct node *n)
{
	struct node *dir = n->parent;

	while (n->nkids)
		node_remove(t, n->kids[n->nkids - 1]);
	strmap_del(&t->nodes, n->key, sizeof dir + strlen(node_name(n)));
	dir->kids[n->idx] = dir->kids[--dir->nkids];
	dir->kids[n->idx]->idx = n->idx;
	if (S_ISDIR(n->ino->mode))
		dir->nsubdirs--;
	inode_unref(t, n->ino);
	free(n->kids);
	free(n);
	t->nnodes--;
}

struct itree *
itree_new(void)
{
	struct itree *t = xcalloc(1, sizeof *t);
	/* the root's key: no parent's address, an empty name */
	struct node *r = xcalloc(1, sizeof *r + sizeof r + 1);

	r->parent = r;
	r->ino = inode_new(t, S_IFDIR | 0755);
	r->ino->refs = 1;
	t->root = r;
	return t;
}

static void
free_below(struct itree *t, struct node *n)
{
	size_t i;

	for (i = 0; i < n->nkids; i++) {
		free_below(t, n->kids[i]);
		inode_unref(t, n->kids[i]->ino);
		free(n->kids[i]->kids);
		free(n->kids[i]);
	}
	n->nkids = 0;
}

void
itree_free(struct itree *t)
{
	if (t == NULL)
		return;
	free_below(t, t->root);
	inode_unref(t, t->root->ino);
	free(t->root->kids);
	free(t->root);
	strmap_free(&t->nodes);
	free(t->heap);
	free(t->scratch);
	free(t);
}

static int
cmp_kids(const void *a, const void *b)
{
	return strcmp(node_name(*(struct node *const *)a),
	    node_name(*(struct node *const *)b));
}

static void
sort_below(struct node *n)
{
	size_t i;

	if (n->nkids > 1)
		qsort(n->kids, n->nkids, sizeof *n->kids, cmp_kids);
	for (i = 0; i < n->nkids; i++) {
		n->kids[i]->idx = i;
		sort_below(n->kids[i]);
	}
}

void
itree_finish(struct itree *t)
{
	sort_below(t->root);
	t->finished = 1;
}

/* --- paths ------------------------------------------------------------- */

char *
itree_path(const struct node *n)
{
	const struct node *p;
	size_t len = 0, pos;
	char *s;

	for (p = n; p->parent != p; p = p->parent)
		len += 1 + strlen(node_name(p));
	if (len == 0)
		return xstrdup("/");
	s = xmalloc(len + 1);
	s[len] = '\0';
	pos = len;
	for (p = n; p->parent != p; p = p->parent) {
		size_t l = strlen(node_name(p));

		pos -= l;
		memcpy(s + pos, node_name(p), l);
		s[--pos] = '/';
	}
	return s;
}

/*
 * The path resolve goes on with once it follows the link whose name ends
 * at b->data[e]: the link's target, then what came after the link's name
 * in b. -1 with *err when the target is empty or the path too long.
 */
static int
splice_link(struct buf *b, size_t e, const char *target, int *err)
{
	struct buf nb = { NULL, 0, 0 };
	int rc = -1;

	if (*target == '\0') {
		*err = ENOENT;
		goto out;
	}
	if (strlen(target) + (b->len - e) > 2 * IMAGE_MAX_PATH) {
		*err = ENAMETOOLONG;
		goto out;
	}
	buf_adds(&nb, target);
	if (e < b->len) {
		buf_addc(&nb, '/');
		buf_add(&nb, b->data + e + 1, b->len - e - 1);
	}
	buf_free(b);
	*b = nb;
	rc = 0;
out:
	return rc;
}

/*
 * Resolve path from the root. follow_last: follow a final symlink.
 * mkdirs: make missing directories on the way (stamped layer) and resolve
 * only up to the last component's directory, returning that directory
 * and the last name in *lastp (a pointer into a buffer the caller frees
 * through *bufp). NULL with *err.
 */
static struct node *
resolve(struct itree *t, const char *path, int follow_last, int mkdirs,
    unsigned layer, char **bufp, const char **lastp, int *err)
{
	struct buf b = { NULL, 0, 0 };
	struct node *cur = t->root;
	size_t pos = 0;
	int hops = 0;

	*err = 0;
	buf_adds(&b, path);
	for (;;) {
		size_t s, e, rest;
		struct node *c;
		int is_last;

		while (pos < b.len && b.data[pos] == '/')
			pos++;
		if (pos == b.len) {
			if (mkdirs) {
				/* the root itself: no last name */
				*lastp = NULL;
				*bufp = buf_str(&b);
				return cur;
			}
			buf_free(&b);
			return cur;
		}
		s = pos;
		while (pos < b.len && b.data[pos] != '/')
			pos++;
		e = pos;
		for (rest = e; rest < b.len && b.data[rest] == '/'; rest++)
			;
		is_last = rest == b.len;
		if (e - s > 255) {
			*err = ENAMETOOLONG;
			goto fail;
		}
		b.data[e] = '\0';	/* restored below if needed */
		if (strcmp(b.data + s, ".") == 0) {
			if (e < b.len)
				b.data[e] = '/';
			if (is_last && mkdirs) {
				*lastp = NULL;
				*bufp = buf_str(&b);
				return cur;
			}
			continue;
		}
		if (strcmp(b.data + s, "..") == 0) {
			if (e < b.len)
				b.data[e] = '/';
			cur = cur->parent;
			if (is_last && mkdirs) {
				*lastp = NULL;
				*bufp = buf_str(&b);
				return cur;
			}
			continue;
		}
		if (is_last && mkdirs) {
			*lastp = b.data + s;
			*bufp = b.data;
			return cur;
		}
		c = child(t, cur, b.data + s);
		if (c == NULL && mkdirs) {
			struct inode *ino;

			if (node_depth(cur) + 1 > MAX_WALK_DEPTH) {
				*err = ENAMETOOLONG;
				goto fail;
			}
			ino = inode_new(t, S_IFDIR | 0755);
			c = node_add(t, cur, b.data + s, ino, layer);
		}
		if (c == NULL) {
			*err = ENOENT;
			goto fail;
		}
		if (S_ISLNK(c->ino->mode) && (!is_last || follow_last)) {
			const char *target = c->ino->link ? c->ino->link : "";

			if (++hops > MAX_SYMLINK_HOPS) {
				*err = ELOOP;
				goto fail;
			}
			if (splice_link(&b, e, target, err) != 0)
				goto fail;
			pos = 0;
			if (*target == '/')
				cur = t->root;
			continue;
		}
		if (is_last) {
			buf_free(&b);
			return c;
		}
		if (!S_ISDIR(c->ino->mode)) {
			*err = ENOTDIR;
			goto fail;
		}
		b.data[e] = '/';
		cur = c;
	}
fail:
	buf_free(&b);
	return NULL;
}

struct node *
itree_lookup(struct itree *t, const char *path, int follow_last)
{
	struct node *n;
	int err;

	if (strlen(path) > 2 * IMAGE_MAX_PATH) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	n = resolve(t, path, follow_last, 0, 0, NULL, NULL, &err);
	if (n == NULL)
		errno = err;
	return n;
}

void
itree_stat(const struct node *n, struct stat *st)
{
	const struct inode *ino = n->ino;

	memset(st, 0, sizeof *st);
	st->st_dev = 1;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = S_ISDIR(ino->mode) ? 2 + n->nsubdirs : ino->refs;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_rdev = ino->rdev;
	if (S_ISREG(ino->mode))
		st->st_size = ino->size;
	else if (S_ISLNK(ino->mode))
		st->st_size = ino->link ? (off_t)strlen(ino->link) : 0;
	else if (S_ISDIR(ino->mode))
		st->st_size = 4096;
	st->st_blksize = 4096;
	st->st_blocks = (st->st_size + 511) / 512;
	st->st_mtim.tv_sec = ino->mtime;
	st->st_mtim.tv_nsec = ino->mtime_ns;
	st->st_atim = st->st_mtim;
	st->st_ctim = st->st_mtim;
}

static const struct ixattr *
itree_xattr_ino(const struct inode *ino, const char *name)
{
	size_t i;

	for (i = 0; i < ino->nxa; i++)
		if (strcmp(ino->xa[i].name, name) == 0)
			return &ino->xa[i];
	return NULL;
}

const struct ixattr *
itree_xattr(const struct node *n, const char *name)
{
	return itree_xattr_ino(n->ino, name);
}

/* --- applying a layer ------------------------------------------------- */

struct apply {
	struct itree		*t;
	struct archive		*a;
	unsigned		 layer;
	const char		*lname;
	struct image_info	*info;
	struct ibudget		*budget;
	int			 compressed;
	unsigned long		 n;		/* entries read */
	uint64_t		 headers;	/* headers read, retries too */
	char			*why;		/* why the layer stops */
	struct irec		*rec;		/* recording, or NULL */
	struct irent		*rent;		/* ...its current entry */
	const struct irent	*play;		/* replaying: the entry */
	size_t			 playpos;	/* ...bytes of it given */
};

/* --- recorded layers ----------------------------------------------------- */

struct irent {
	struct archive_entry	*e;		/* archive_entry_clone(3) */
	char			*data;		/* content as read, or NULL */
	size_t			 len;
};

struct irec {
	struct irent	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 bytes;		/* held, about */
	size_t		 max;
	int		 complete;	/* the layer was read to its end */
	int		 over;		/* past max: not usable */
};

struct irec *
irec_new(size_t max)
{
	struct irec *r = xcalloc(1, sizeof *r);

	r->max = max;
	return r;
}

static void
irec_drop(struct irec *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		archive_entry_free(r->v[i].e);
		free(r->v[i].data);
	}
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

void
irec_free(struct irec *r)
{
	if (r == NULL)
		return;
	irec_drop(r);
	free(r);
}

int
irec_usable(const struct irec *r)
{
	return r != NULL && r->complete && !r->over;
}

size_t
irec_bytes(const struct irec *r)
{
	return r ? r->bytes : 0;
}

/* Count n more bytes held; past the maximum, the recording is let go
 * (the layer will be read again). 0, or -1 when it was. */
static int
irec_hold(struct irec *r, size_t n)
{
	if (r->over)
		return -1;
	r->bytes += n;
	if (r->bytes <= r->max)
		return 0;
	irec_drop(r);
	r->over = 1;
	return -1;
}

/* Record the header just read; ap->rent is its entry, or NULL. */
static void
irec_add(struct apply *ap, struct archive_entry *e)
{
	struct irec *r = ap->rec;
	const char *name, *s;
	const void *val;
	size_t len, n = 1024;

	ap->rent = NULL;
	if (r == NULL || r->over)
		return;
	if ((s = archive_entry_pathname(e)) != NULL)
		n += strlen(s);
	if ((s = archive_entry_hardlink(e)) != NULL)
		n += strlen(s);
	if ((s = archive_entry_symlink(e)) != NULL)
		n += strlen(s);
	archive_entry_xattr_reset(e);
	while (archive_entry_xattr_next(e, &name, &val, &len) == ARCHIVE_OK)
		n += len + (name ? strlen(name) : 0) + 64;
	if (irec_hold(r, n) == -1)
		return;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->v = xreallocarray(r->v, r->cap, sizeof *r->v);
	}
	if ((r->v[r->n].e = archive_entry_clone(e)) == NULL) {
		irec_drop(r);
		r->over = 1;
		return;
	}
	r->v[r->n].data = NULL;
	r->v[r->n].len = 0;
	ap->rent = &r->v[r->n++];
}

/* Read up to want bytes of the current entry's content: from the layer,
 * or from the recording being replayed. */
static la_ssize_t
entry_read(struct apply *ap, char *buf, size_t want)
{
	size_t n;

	if (ap->play == NULL)
		return archive_read_data(ap->a, buf, want);
	n = ap->play->len - ap->playpos;
	if (n > want)
		n = want;
	if (n)
		memcpy(buf, ap->play->data + ap->playpos, n);
	ap->playpos += n;
	return (la_ssize_t)n;
}

/* Hide every entry of the layers below at and under n; what this layer
 * wrote stays, with the directories leading to it. 1 if n went. */
static int
drop_lower(struct itree *t, struct node *n, unsigned layer)
{
	size_t i;

	for (i = n->nkids; i > 0; i--)
		drop_lower(t, n->kids[i - 1], layer);
	if (n->stamp < layer && n->nkids == 0 && n != t->root) {
		node_remove(t, n);
		return 1;
	}
	return 0;
}

static int
path_under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(path, prefix, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

/* Turn libarchive's ACL entries into a posix_acl_xattr value
 * (include/uapi/linux/posix_acl_xattr.h): u32 version 2, then u16 tag,
 * u16 perm, u32 id per entry, little-endian. */
static unsigned char *
acl_to_xattr(struct archive_entry *e, size_t *lenp)
{
	struct buf b = { NULL, 0, 0 };
	int type, perm, tag, id;
	const char *name;
	unsigned char rec[8];

	if (archive_entry_acl_reset(e, ARCHIVE_ENTRY_ACL_TYPE_ACCESS) <= 0)
		return NULL;
	rec[0] = 2;
	rec[1] = rec[2] = rec[3] = 0;
	buf_add(&b, rec, 4);
	while (archive_entry_acl_next(e, ARCHIVE_ENTRY_ACL_TYPE_ACCESS, &type,
	    &perm, &tag, &id, &name) == ARCHIVE_OK) {
		unsigned t, p = 0;
		uint32_t uid = 0xffffffffu;

		switch (tag) {
		case ARCHIVE_ENTRY_ACL_USER_OBJ: t = 0x01; break;
		case ARCHIVE_ENTRY_ACL_USER: t = 0x02; break;
		case ARCHIVE_ENTRY_ACL_GROUP_OBJ: t = 0x04; break;
		case ARCHIVE_ENTRY_ACL_GROUP: t = 0x08; break;
		case ARCHIVE_ENTRY_ACL_MASK: t = 0x10; break;
		case ARCHIVE_ENTRY_ACL_OTHER: t = 0x20; break;
		default: continue;
		}
		if (t == 0x02 || t == 0x08) {
			if (id < 0)
				continue;	/* a name without an id */
			uid = (uint32_t)id;
		}
		if (perm & ARCHIVE_ENTRY_ACL_READ)
			p |= 4;
		if (perm & ARCHIVE_ENTRY_ACL_WRITE)
			p |= 2;
		if (perm & ARCHIVE_ENTRY_ACL_EXECUTE)
			p |= 1;
		rec[0] = (unsigned char)t;
		rec[1] = 0;
		rec[2] = (unsigned char)p;
		rec[3] = 0;
		rec[4] = (unsigned char)uid;
		rec[5] = (unsigned char)(uid >> 8);
		rec[6] = (unsigned char)(uid >> 16);
		rec[7] = (unsigned char)(uid >> 24);
		buf_add(&b, rec, 8);
	}
	if (b.len == 4) {
		buf_free(&b);
		return NULL;
	}
	*lenp = b.len;
	return (unsigned char *)b.data;
}

static void
xattr_put(struct inode *ino, const char *name, unsigned char *value,
    size_t len)
{
	size_t i;

	for (i = 0; i < ino->nxa; i++)
		if (strcmp(ino->xa[i].name, name) == 0) {
			free(ino->xa[i].value);
			ino->xa[i].value = value;
			ino->xa[i].len = len;
			return;
		}
	ino->xa = xreallocarray(ino->xa, ino->nxa + 1, sizeof *ino->xa);
	ino->xa[ino->nxa].name = xstrdup(name);
	ino->xa[ino->nxa].value = value;
	ino->xa[ino->nxa].len = len;
	ino->nxa++;
}

/* Owner, mode, times and xattrs of the tar entry into ino. */
static int
set_meta(struct apply *ap, struct inode *ino, struct archive_entry *e,
    const char *path)
{
	la_int64_t uid = archive_entry_uid(e), gid = archive_entry_gid(e);
	const char *name;
	const void *val;
	size_t len;
	unsigned char *acl;

	/* the kernel's ids are 32 bits and (uid_t)-1 means "none" */
	if (uid < 0 || gid < 0 || uid >= 0xffffffffll || gid >= 0xffffffffll) {
		image_note_error(ap->info, path, "%s: owner %lld:%lld out of "
		    "range; entry skipped", ap->lname, (long long)uid,
		    (long long)gid);
		return -1;
	}
	ino->uid = (uid_t)uid;
	ino->gid = (gid_t)gid;
	ino->mode = (ino->mode & S_IFMT) | (archive_entry_perm(e) & 07777);
	ino->mtime = archive_entry_mtime(e);
	ino->mtime_ns = archive_entry_mtime_nsec(e);
	xattrs_clear(ino);
	archive_entry_xattr_reset(e);
	while (archive_entry_xattr_next(e, &name, &val, &len) == ARCHIVE_OK) {
		unsigned char *copy;

		if (name == NULL || *name == '\0' || strlen(name) > 255) {
			image_note_error(ap->info, path, "%s: extended "
			    "attribute with a malformed name skipped",
			    ap->lname);
			continue;
		}
		if (len > MAX_XATTR_BYTES) {
			image_note_error(ap->info, path, "%s: extended "
			    "attribute %s larger than %u bytes skipped",
			    ap->lname, name, MAX_XATTR_BYTES);
			continue;
		}
		if (ino->nxa >= IMAGE_MAX_XATTRS) {
			image_note_error(ap->info, path, "%s: more than %d "
			    "extended attributes; the rest skipped", ap->lname,
			    IMAGE_MAX_XATTRS);
			break;
		}
		copy = xmalloc(len ? len : 1);
		if (len)
			memcpy(copy, val, len);
		xattr_put(ino, name, copy, len);
	}
	/* SCHILY.acl.access and the like, when there is no xattr form */
	if (!S_ISLNK(ino->mode) &&
	    (acl = acl_to_xattr(e, &len)) != NULL) {
		int have = 0;
		size_t i;

		for (i = 0; i < ino->nxa; i++)
			if (strcmp(ino->xa[i].name,
			    "system.posix_acl_access") == 0)
				have = 1;
		if (have)
			free(acl);
		else
			xattr_put(ino, "system.posix_acl_access", acl, len);
	}
	return 0;
}

/* Has the layer expanded like a decompression bomb, or the image past
 * its budget? 1 with ap->why said. */
static int
expanded(struct apply *ap)
{
	la_int64_t in;
	uint64_t out;
	char *w;

	if (ap->why != NULL)
		return 1;
	out = ap->a ? image_inflated(ap->a) : 0;
	in = ap->a ? archive_filter_bytes(ap->a, -1) : 0;
	if (ap->compressed && out > LAYER_FLOOR_BYTES &&
	    out / LAYER_MAX_RATIO > (uint64_t)(in > 0 ? in : 1)) {
		ap->why = xasprintf("%s expands more than %d times beyond "
		    "%llu bytes (a decompression bomb)", ap->lname,
		    LAYER_MAX_RATIO, LAYER_FLOOR_BYTES);
		return 1;
	}
	if (ibudget_over(ap->budget, out + ap->headers *
	    IMAGE_ENTRY_COST_BYTES)) {
		w = ibudget_why(ap->budget);
		ap->why = xasprintf("%s: %s", ap->lname, w);
		free(w);
		return 1;
	}
	return 0;
}

/* Skip the rest of an entry's data, watching the expansion: -2 past
 * it (ap->why said), -1 if the stream failed. */
static int
skip_data(struct apply *ap)
{
	const void *blk;
	size_t len;
	la_int64_t off;
	int r;

	if (ap->play != NULL)
		return 0;
	if (!ap->compressed)
		return archive_read_data_skip(ap->a) == ARCHIVE_OK ? 0 : -1;
	while ((r = archive_read_data_block(ap->a, &blk, &len, &off)) ==
	    ARCHIVE_OK)
		if (expanded(ap))
			return -2;
	return r == ARCHIVE_EOF ? 0 : -1;
}

static int
under_any(const char *path, const char *const *prefixes)
{
	size_t i;

	for (i = 0; prefixes[i]; i++)
		if (path_under(path, prefixes[i]))
			return 1;
	return 0;
}

/*
 * Where a kept text file's got bytes (in buf) stay: a copy in memory if
 * checks are likely to read it (under hold_prefixes, or with an execute
 * bit: what jobs run), else NULL and its place in the layer, read again
 * from there (itree_fetch) by the rare check that asks. Either way it is
 * kept: the same files are readable, with the same bytes.
 */
static char *
text_hold(struct apply *ap, struct inode *ino, const char *path,
    const char *buf, size_t got)
{
	char *copy;

	if ((ino->mode & 0111) || under_any(path, hold_prefixes) ||
	    ap->n > UINT32_MAX) {
		copy = xmalloc(got + 1);
		memcpy(copy, buf, got + 1);
		return copy;
	}
	ino->src_layer = ap->layer;
	ino->src_entry = (uint32_t)ap->n;
	ap->t->kept_in_layer += got;
	return NULL;
}

/*
 * Read a regular file's content if checks may need it (the policy of
 * docs/image-scanning.md, "What content is kept"):
 *
 *   must keep: files under keep_prefixes up to MAX_FILE_BYTES, package
 *   databases and setuid, setgid or capability-carrying files up to
 *   IMAGE_KEEP_BIG_BYTES (checked against their package's digest), all
 *   within IMAGE_KEEP_MUST_BUDGET;
 *   text: any other file up to IMAGE_KEEP_ANY_BYTES whose first
 *   BINARY_PROBE bytes hold no NUL, within IMAGE_KEEP_BUDGET, the largest
 *   let go first when more must fit (so scripts and small configuration
 *   stay).
 *
 * A larger file keeps its first bytes and reads back truncated. -1 if the
 * layer stream failed, -2 with ap->why said.
 */
static int
read_content(struct apply *ap, struct inode *ino, const char *path)
{
	struct itree *t = ap->t;
	size_t want, got = 0, size = (size_t)ino->size;
	int tier, skip = 0;
	char *buf;

	if (under_any(path, keep_db_prefixes) ||
	    (ino->mode & (S_ISUID | S_ISGID)) ||
	    itree_xattr_ino(ino, "security.capability") != NULL) {
		tier = KEEP_MUST;
		want = size < IMAGE_KEEP_BIG_BYTES ? size : IMAGE_KEEP_BIG_BYTES;
	} else if (under_any(path, keep_prefixes)) {
		tier = KEEP_MUST;
		want = size < MAX_FILE_BYTES ? size : MAX_FILE_BYTES;
	} else if (size <= IMAGE_KEEP_ANY_BYTES) {
		tier = KEEP_TEXT;
		want = size;
	} else
		return skip_data(ap);
	if (tier == KEEP_MUST && t->kept_must + want > IMAGE_KEEP_MUST_BUDGET) {
		if (!t->must_noted)
			image_note_error(ap->info, path, "%s: more than %u MiB "
			    "of configuration and setuid files; from here on "
			    "their content is not kept and cannot be read by "
			    "checks", ap->lname, IMAGE_KEEP_MUST_BUDGET >> 20);
		t->must_noted = 1;
		skip = 1;
	} else if (tier == KEEP_TEXT &&
	    want > IMAGE_KEEP_BUDGET - t->kept_text &&
	    (t->nheap == 0 || t->heap[0]->datalen <= want)) {
		/* nothing larger to let go of: this one is not kept */
		if (!t->budget_noted)
			image_note(ap->info, "more than %u MiB of small text "
			    "files outside configuration directories; the "
			    "largest of them are not kept in memory, and checks "
			    "that read one say so", IMAGE_KEEP_BUDGET >> 20);
		t->budget_noted = 1;
		skip = 1;
	}
	/* a recording reads it all the same: another place of the layer
	 * may keep it */
	if (skip && ap->rent == NULL)
		return skip_data(ap);
	/* a text file is read where the next one will be: most of them
	 * stay in their layer */
	if (tier == KEEP_TEXT) {
		if (t->scratchsz < want + 1) {
			t->scratch = xrealloc(t->scratch, want + 1);
			t->scratchsz = want + 1;
		}
		buf = t->scratch;
	} else
		buf = xmalloc(want + 1);
	while (got < want) {
		la_ssize_t r = entry_read(ap, buf + got, want - got);

		if (r < 0) {
			if (buf != t->scratch)
				free(buf);
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	buf[got] = '\0';
	if (got < want) {
		/* the header promised more than the stream held */
		if (buf != t->scratch)
			free(buf);
		ap->why = xasprintf("%s: the stream ends inside %s (%zu of "
		    "its %zu bytes)", ap->lname, path, got, size);
		return -2;
	}
	if (ap->rent != NULL) {
		if (irec_hold(ap->rec, got) == 0) {
			ap->rent->data = xmalloc(got ? got : 1);
			memcpy(ap->rent->data, buf, got);
			ap->rent->len = got;
		}
		ap->rent = NULL;
	}
	if (skip) {
		if (buf != t->scratch)
			free(buf);
		return got < size ? skip_data(ap) : 0;
	}
	if (tier == KEEP_TEXT) {
		if (memchr(buf, '\0', got < BINARY_PROBE ? got :
		    BINARY_PROBE) != NULL)
			return skip_data(ap);
		while (got > IMAGE_KEEP_BUDGET - t->kept_text) {
			/* keep the smaller ones already here */
			if (t->heap[0]->datalen <= got)
				return 0;
			if (!t->budget_noted)
				image_note(ap->info, "more than %u MiB of small "
				    "text files outside configuration "
				    "directories; the largest of them are not "
				    "kept in memory, and checks that read one "
				    "say so", IMAGE_KEEP_BUDGET >> 20);
			t->budget_noted = 1;
			content_drop(t, t->heap[0]);
		}
		t->kept_text += got;
		buf = text_hold(ap, ino, path, buf, got);
	} else
		t->kept_must += got;
	ino->data = buf;
	ino->datalen = got;
	ino->kept = 1;
	ino->tier = tier;
	if (tier == KEEP_TEXT)
		heap_push(t, ino);
	t->kept_bytes += got;
	return got < size ? skip_data(ap) : 0;
}

/* Note a path that needs its absolute form for the report. */
static char *
abs_of(const char *clean)
{
	return xasprintf("/%s", clean);
}

static int
apply_whiteout(struct apply *ap, const char *clean, const char *dirpath,
    const char *base)
{
	struct itree *t = ap->t;
	struct node *dir, *n;
	char *buf = NULL;
	const char *last;
	size_t i;
	int err;

	if (strcmp(base, ".wh..wh..opq") == 0) {
		char *p = xasprintf("%s/.", dirpath);

		dir = resolve(t, p, 1, 1, ap->layer, &buf, &last, &err);
		free(p);
		free(buf);
		if (dir == NULL || !S_ISDIR(dir->ino->mode)) {
			char *ap_ = abs_of(clean);

			image_note_error(ap->info, ap_, "%s: opaque marker in "
			    "something that is not a directory: %s",
			    ap->lname, strerror(err ? err : ENOTDIR));
			free(ap_);
			return 0;
		}
		/* backwards: a removal moves the last kid, already seen,
		 * into the hole */
		for (i = dir->nkids; i > 0; i--)
			drop_lower(t, dir->kids[i - 1], ap->layer);
		return 0;
	}
	if (strncmp(base, ".wh..wh.", 8) == 0)
		return 0;		/* AUFS metadata (.wh..wh.plnk, ...) */
	if (base[4] == '\0' || strcmp(base + 4, ".") == 0 ||
	    strcmp(base + 4, "..") == 0) {
		char *ap_ = abs_of(clean);

		image_note_error(ap->info, ap_, "%s: whiteout names nothing",
		    ap->lname);
		free(ap_);
		return 0;
	}
	dir = itree_lookup(t, *dirpath ? dirpath : "/", 1);
	if (dir == NULL || !S_ISDIR(dir->ino->mode))
		return 0;		/* nothing below to hide */
	n = child(t, dir, base + 4);
	if (n != NULL)
		drop_lower(t, n, ap->layer);
	return 0;
}

/* base in dir (in place of old, NULL when none) made a hard link to the
 * member hl names; noted and skipped when that is missing or a directory */
static void
apply_hardlink(struct apply *ap, struct node *dir, const char *base,
    struct node *old, const char *hl, const char *abspath)
{
	struct itree *t = ap->t;
	struct node *target = NULL;
	struct inode *ino;
	char *tclean;
	int esc;

	tclean = path_clean(hl, &esc);
	if (*tclean)
		target = itree_lookup(t, tclean, 0);
	free(tclean);
	if (target == NULL || S_ISDIR(target->ino->mode)) {
		image_note_error(ap->info, abspath, "%s: hard link to "
		    "%s '%s'; skipped", ap->lname, target ?
		    "a directory" : "a missing member", hl);
		return;
	}
	if (target == old)
		return;
	ino = target->ino;
	ino->refs++;		/* held while old goes */
	if (old)
		node_remove(t, old);
	(void)node_add(t, dir, base, ino, ap->layer);
	ino->refs--;
}

/* a member that is not a hard link, of the given type, made base in dir
 * in place of old (NULL when none), its content read; -1 when the layer
 * stream failed, -2 if noted */
static int
apply_member(struct apply *ap, struct archive_entry *e, mode_t type,
    struct node *dir, const char *base, struct node *old, const char *abspath)
{
	struct itree *t = ap->t;
	struct inode *ino = NULL;
	struct node *n;
	int ret = 0;

	switch (type) {
	case AE_IFDIR:
		if (old && S_ISDIR(old->ino->mode)) {
			if (set_meta(ap, old->ino, e, abspath) == 0)
				old->stamp = ap->layer;
			goto out;
		}
		/* FALLTHROUGH */
	case AE_IFREG:
	case AE_IFLNK:
	case AE_IFCHR:
	case AE_IFBLK:
	case AE_IFIFO:
	case AE_IFSOCK:
		break;
	default:
		image_note_error(ap->info, abspath, "%s: entry of unknown "
		    "type %o; skipped", ap->lname, (unsigned)type);
		goto out;
	}
	ino = inode_new(t, type);
	if (set_meta(ap, ino, e, abspath) == -1)
		goto out;
	if (type == AE_IFLNK) {
		const char *target = archive_entry_symlink(e);

		if (target == NULL)
			target = archive_entry_symlink_utf8(e);
		if (target == NULL || strlen(target) > IMAGE_MAX_PATH) {
			image_note_error(ap->info, abspath, "%s: symlink "
			    "without a usable target; skipped", ap->lname);
			goto out;
		}
		ino->link = xstrdup(target);
	} else if (type == AE_IFCHR || type == AE_IFBLK)
		ino->rdev = archive_entry_rdev(e);
	else if (type == AE_IFREG) {
		la_int64_t size = archive_entry_size_is_set(e) ?
		    archive_entry_size(e) : 0;

		ino->size = size < 0 ? 0 : (off_t)size;
	}
	if (old)
		node_remove(t, old);
	n = node_add(t, dir, base, ino, ap->layer);
	ino = NULL;
	if (type == AE_IFREG && n->ino->size > 0)
		ret = read_content(ap, n->ino, abspath);
out:
	if (ino)
		inode_unref(t, ino);
	return ret;
}

/* Apply one header; -1 when the layer stream failed, -2 if noted. */
static int
apply_entry(struct apply *ap, struct archive_entry *e)
{
	struct itree *t = ap->t;
	const char *raw, *hl, *base, *last;
	char *clean = NULL, *dirpath = NULL, *abspath = NULL, *buf = NULL;
	struct node *dir, *old;
	mode_t type;
	int escaped, err, ret = 0;

	raw = archive_entry_pathname(e);
	if (raw == NULL)
		raw = archive_entry_pathname_utf8(e);
	if (raw == NULL || strlen(raw) > IMAGE_MAX_PATH) {
		image_note_error(ap->info, ap->lname, "entry %lu: no usable "
		    "path name (missing or longer than %d bytes); skipped",
		    ap->n, IMAGE_MAX_PATH);
		return 0;
	}
	clean = path_clean(raw, &escaped);
	abspath = abs_of(clean);
	if (escaped)
		image_note_error(ap->info, abspath, "%s: member path '%s' "
		    "climbs above the image root; kept inside it", ap->lname,
		    raw);
	type = archive_entry_filetype(e);
	hl = archive_entry_hardlink(e);
	if (*clean == '\0') {
		/* the root directory's own entry ("./") */
		if (hl == NULL && type == AE_IFDIR &&
		    set_meta(ap, t->root->ino, e, "/") == 0)
			t->root->stamp = ap->layer;
		else if (hl != NULL || type != AE_IFDIR)
			image_note_error(ap->info, "/", "%s: an entry that is "
			    "not a directory names the root; skipped",
			    ap->lname);
		goto out;
	}
	base = strrchr(clean, '/');
	if (base) {
		dirpath = xstrndup(clean, (size_t)(base - clean));
		base++;
	} else {
		dirpath = xstrdup("");
		base = clean;
	}
	if (strlen(base) > 255) {
		image_note_error(ap->info, abspath, "%s: name longer than 255 "
		    "bytes; skipped", ap->lname);
		goto out;
	}
	if (strncmp(base, ".wh.", 4) == 0) {
		ret = apply_whiteout(ap, clean, dirpath, base);
		goto out;
	}
	{
		size_t depth = 1;
		const char *c;

		for (c = clean; *c; c++)
			depth += *c == '/';
		if (depth > MAX_WALK_DEPTH) {
			image_note_error(ap->info, ap->lname, "entry %lu: "
			    "deeper than %d directories; skipped", ap->n,
			    MAX_WALK_DEPTH);
			goto out;
		}
	}
	if (t->nnodes >= IMAGE_MAX_NODES) {
		if (!t->nodes_noted)
			image_note_error(ap->info, abspath, "%s: the image "
			    "holds more than %u entries; the rest is not read",
			    ap->lname, IMAGE_MAX_NODES);
		t->nodes_noted = 1;
		goto out;
	}
	/* the directory the entry goes in, made if missing */
	dir = resolve(t, clean, 0, 1, ap->layer, &buf, &last, &err);
	if (dir == NULL || last == NULL || !S_ISDIR(dir->ino->mode)) {
		image_note_error(ap->info, abspath, "%s: cannot place the "
		    "entry: %s; skipped", ap->lname,
		    strerror(err ? err : ENOTDIR));
		goto out;
	}
	if (node_depth(dir) + 1 > MAX_WALK_DEPTH) {
		image_note_error(ap->info, abspath, "%s: deeper than %d "
		    "directories; skipped", ap->lname, MAX_WALK_DEPTH);
		goto out;
	}
	old = child(t, dir, base);
	if (hl != NULL) {
		apply_hardlink(ap, dir, base, old, hl, abspath);
		goto out;
	}
	ret = apply_member(ap, e, type, dir, base, old, abspath);
out:
	free(buf);
	free(clean);
	free(dirpath);
	free(abspath);
	return ret;
}

int
itree_apply(struct itree *t, struct archive *a, unsigned layer,
    const char *lname, struct image_info *info, struct ibudget *b,
    struct irec *rec, char **why)
{
	struct apply ap;
	struct archive_entry *e;
	const char *w;
	int r, retries = 0, ret = -1;

	*why = NULL;
	memset(&ap, 0, sizeof ap);
	ap.t = t;
	ap.a = a;
	ap.layer = layer;
	ap.lname = lname;
	ap.info = info;
	ap.budget = b;
	ap.rec = rec;
	for (;;) {
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF) {
			if (rec)
				rec->complete = 1;
			ret = 0;
			goto out;
		}
		ap.headers++;
		if (ap.n == 0)
			ap.compressed = archive_filter_code(a, 0) !=
			    ARCHIVE_FILTER_NONE;
		if (r == ARCHIVE_RETRY && ++retries < 100) {
			image_note_error(info, lname, "entry %lu: %s; skipped",
			    ap.n, archive_error_string(a));
			continue;
		}
		if (r == ARCHIVE_WARN) {
			w = archive_error_string(a);
			/* names that are not text in our locale are kept as
			 * bytes; anything else is worth saying */
			if (w && strstr(w, "can't be converted") == NULL)
				image_note_error(info, lname, "entry %lu: %s",
				    ap.n, w);
		} else if (r != ARCHIVE_OK)
			break;
		ap.n++;
		irec_add(&ap, e);
		r = apply_entry(&ap, e);
		if (r == -2 || expanded(&ap))
			goto out;
		if (r == -1)
			break;
	}
	/* the stream failed: through the outer archive past the budget, or
	 * not a tar, or truncated, or corrupt */
	if (b->exceeded) {
		char *bw = ibudget_why(b);

		ap.why = xasprintf("%s: %s", lname, bw);
		free(bw);
	} else {
		w = archive_error_string(a);
		if (w == NULL)
			w = "read error";
		if (ap.n == 0)
			ap.why = xasprintf("%s: cannot be read as a tar "
			    "stream (plain, gzip or zstd): %s", lname, w);
		else
			ap.why = xasprintf("%s: truncated or corrupt after %lu "
			    "entries: %s", lname, ap.n, w);
	}
out:
	b->used += image_inflated(a) + ap.headers * IMAGE_ENTRY_COST_BYTES;
	if (ret == -1)
		*why = ap.why;
	else
		free(ap.why);
	return ret;
}

/* What a fetch has read so far into b's count of passes read again;
 * 1 when b is exceeded. */
static int
fetch_count(struct archive *a, struct ibudget *b, uint64_t headers,
    uint64_t *counted)
{
	uint64_t now = image_inflated(a) + headers * IMAGE_ENTRY_COST_BYTES;

	b->reread += now - *counted;
	*counted = now;
	return ibudget_over(b, 0);
}

int
itree_fetch(struct archive *a, const struct inode *ino, struct ibudget *b,
    char **bufp, const char **why)
{
	struct archive_entry *e = NULL;
	const void *blk;
	size_t len, got = 0;
	la_int64_t off;
	uint64_t headers = 0, counted = 0;
	unsigned long n = 0;
	char *buf = NULL;
	int r, retries = 0, ret = -1;

	*bufp = NULL;
	*why = "the layer does not hold the entry it held when read";
	/* the entries counted as itree_apply counts them */
	while (n < ino->src_entry) {
		/* skip the data before, block by block, within the budget */
		if (e != NULL)
			while ((r = archive_read_data_block(a, &blk, &len,
			    &off)) == ARCHIVE_OK)
				if (fetch_count(a, b, headers, &counted))
					goto over;
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			goto out;
		headers++;
		if (r == ARCHIVE_RETRY && ++retries < 100) {
			e = NULL;
			continue;
		}
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			*why = "the layer cannot be read again";
			goto out;
		}
		n++;
		if (fetch_count(a, b, headers, &counted))
			goto over;
	}
	if (archive_entry_filetype(e) != AE_IFREG ||
	    archive_entry_hardlink(e) != NULL ||
	    !archive_entry_size_is_set(e) ||
	    archive_entry_size(e) != (la_int64_t)ino->size)
		goto out;
	buf = xmalloc(ino->datalen + 1);
	while (got < ino->datalen) {
		la_ssize_t k = archive_read_data(a, buf + got,
		    ino->datalen - got);

		if (k <= 0)
			goto out;
		got += (size_t)k;
		if (fetch_count(a, b, headers, &counted))
			goto over;
	}
	buf[got] = '\0';
	*bufp = buf;
	buf = NULL;
	ret = 0;
	goto out;
over:
	*why = "the image is over its decompression budget";
out:
	free(buf);
	return ret;
}

int
itree_replay(struct itree *t, const struct irec *rec, unsigned layer,
    const char *lname, struct image_info *info, struct ibudget *b,
    char **why)
{
	struct apply ap;
	size_t i;
	int ret = -1;

	*why = NULL;
	memset(&ap, 0, sizeof ap);
	ap.t = t;
	ap.layer = layer;
	ap.lname = lname;
	ap.info = info;
	ap.budget = b;
	for (i = 0; i < rec->n; i++) {
		ap.headers++;
		ap.n++;
		ap.play = &rec->v[i];
		ap.playpos = 0;
		/* the recording holds what any application keeps: running
		 * short of it is a bug, not the image's */
		if (apply_entry(&ap, rec->v[i].e) < 0 || expanded(&ap)) {
			if (ap.why == NULL)
				ap.why = xasprintf("%s: cannot apply the layer "
				    "again from what was read of it", lname);
			goto out;
		}
	}
	ret = 0;
out:
	b->used += ap.headers * IMAGE_ENTRY_COST_BYTES;
	if (ret == -1)
		*why = ap.why;
	else
		free(ap.why);
	return ret;
}
