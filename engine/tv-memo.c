/*
 * tv-memo.c: the target view's memo (tv.h, tv_memo_start). After the
 * walk the checks' reports ask the view the same questions many times
 * (lstat and stat of the same paths, the same directories listed, the
 * same links and configuration read), and the escalation graph runs them
 * all again as each identity it reaches. The memo keeps each answer,
 * failures with their errno included, so the target is asked once. It
 * never asks the target anything the caller did not ask, never answers a
 * question it was not asked the same way (a read to another bound, a link
 * read into a smaller buffer go to the view), keeps at most TV_MEMO_BYTES,
 * and is not for threads: it runs after the walk's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/tv.h"
#include "lib/bounds.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"

enum memo_op {
	MO_LSTAT = 'l', MO_STAT = 's', MO_READLINK = 'k', MO_READ = 'r',
	MO_LIST = 'd', MO_XATTR = 'x', MO_ACL = 'a',
};

/* one answer of the view */
struct ment {
	ssize_t		 rv;		/* what the view returned */
	int		 err;		/* its errno when rv is -1 */
	struct stat	 st;		/* lstat, stat */
	char		*data;		/* readlink, read, getxattr: len bytes */
	size_t		 len;
	size_t		 asked;		/* the buffer or bound asked for */
	int		 truncated;	/* read */
	char		**names;	/* list */
	size_t		 n;
	struct pacl	 acl;		/* get_acl */
};

struct tv_memo {
	struct strmap	 map;		/* op and path -> struct ment */
	struct ment	**v;		/* every answer, to free them */
	size_t		 nv;
	size_t		 bytes;
	struct {
		char	*p;
		size_t	 len, cap;
	}		 key;		/* the key being looked up */
	unsigned long	 asked, answered;
};

/* start keeping the view's answers (tv.h) */
void
tv_memo_start(struct tv *tv)
{
	if (tv == NULL || tv->memo != NULL)
		return;
	tv->memo = xcalloc(1, sizeof *tv->memo);
	tv->memo->map.copies = 1;
}

static void
ment_free(struct ment *m)
{
	free(m->data);
	tv_list_free(m->names, m->n);
	pacl_free(&m->acl);
	free(m);
}

/* forget every answer kept (tv.h) */
void
tv_memo_stop(struct tv *tv)
{
	struct tv_memo *t;
	size_t i;

	if (tv == NULL || (t = tv->memo) == NULL)
		return;
	for (i = 0; i < t->nv; i++)
		ment_free(t->v[i]);
	free(t->v);
	strmap_free(&t->map);
	free(t->key.p);
	free(t);
	tv->memo = NULL;
}

/* how many questions the memo was asked and how many it answered */
void
tv_memo_counts(const struct tv *tv, unsigned long *asked,
    unsigned long *answered)
{
	*asked = tv->memo ? tv->memo->asked : 0;
	*answered = tv->memo ? tv->memo->answered : 0;
}

/* the key of a question: its op, the path and (for an xattr) the name */
static void
key_set(struct tv_memo *t, enum memo_op op, const char *path,
    const char *name)
{
	size_t pl = strlen(path), nl = name ? strlen(name) + 1 : 0;

	if (t->key.cap < pl + nl + 2) {
		t->key.cap = pl + nl + 64;
		t->key.p = xrealloc(t->key.p, t->key.cap);
	}
	t->key.p[0] = (char)op;
	memcpy(t->key.p + 1, path, pl);
	t->key.len = 1 + pl;
	if (name != NULL) {
		t->key.p[t->key.len++] = '\0';
		memcpy(t->key.p + t->key.len, name, nl - 1);
		t->key.len += nl - 1;
	}
}

static struct ment *
ment_get(struct tv_memo *t)
{
	t->asked++;
	return strmap_getp(&t->map, t->key.p, t->key.len);
}

/* keep a new answer for the key set, if the budget allows: 1 if kept */
static int
ment_keep(struct tv_memo *t, struct ment *m, size_t size)
{
	size += sizeof *m + t->key.len + sizeof(struct strmap_slot) * 2;
	if (t->bytes + size > TV_MEMO_BYTES ||
	    !strmap_addp(&t->map, t->key.p, t->key.len, m))
		return 0;
	t->v = xgrow(t->v, t->nv, sizeof *t->v);
	t->v[t->nv++] = m;
	t->bytes += size;
	return 1;
}

/* the answer kept, given back: its errno set when it failed */
static ssize_t
ment_rv(struct tv_memo *t, const struct ment *m)
{
	t->answered++;
	if (m->rv == -1)
		errno = m->err;
	return m->rv;
}

/* lstat (follow 0) or stat (follow 1), through the memo */
int
tv_memo_stat(struct tv *tv, const char *path, int follow, struct stat *st)
{
	struct tv_memo *t = tv->memo;
	struct ment *m;
	int r, e;

	key_set(t, follow ? MO_STAT : MO_LSTAT, path, NULL);
	if ((m = ment_get(t)) != NULL) {
		if (m->rv == 0)
			*st = m->st;
		return (int)ment_rv(t, m);
	}
	r = follow ? tv->ops->stat(tv, path, st) :
	    tv->ops->lstat(tv, path, st);
	e = errno;
	m = xcalloc(1, sizeof *m);
	m->rv = r;
	m->err = r == -1 ? e : 0;
	if (r == 0)
		m->st = *st;
	if (!ment_keep(t, m, 0))
		ment_free(m);
	errno = e;
	return r;
}

/* readlink through the memo: a link read into a buffer of another size
 * is answered only when the whole target fit both */
ssize_t
tv_memo_readlink(struct tv *tv, const char *path, char *buf, size_t size)
{
	struct tv_memo *t = tv->memo;
	struct ment *m;
	ssize_t r;
	int e;

	key_set(t, MO_READLINK, path, NULL);
	m = ment_get(t);
	if (m != NULL && (m->asked == size || (m->rv >= 0 &&
	    m->len < m->asked && m->len < size))) {
		if (m->rv >= 0)
			memcpy(buf, m->data, m->len);
		return ment_rv(t, m);
	}
	r = tv->ops->readlink(tv, path, buf, size);
	e = errno;
	if (m == NULL) {
		m = xcalloc(1, sizeof *m);
		m->rv = r;
		m->err = r == -1 ? e : 0;
		m->asked = size;
		if (r > 0) {
			m->data = xmalloc((size_t)r);
			memcpy(m->data, buf, (size_t)r);
			m->len = (size_t)r;
		}
		if (!ment_keep(t, m, m->len))
			ment_free(m);
	}
	errno = e;
	return r;
}

/* a copy of len bytes and a NUL, as the view gives a file */
static char *
copy_nul(const char *data, size_t len)
{
	char *p = xmalloc(len + 1);

	if (len)
		memcpy(p, data, len);
	p[len] = '\0';
	return p;
}

/* A read through the memo: only files read to MAX_FILE_BYTES or less are
 * kept (the package databases and the files hashed against them are
 * read once, past it); a read to another bound is answered only by a
 * file that was read whole within both. */
int
tv_memo_read(struct tv *tv, const char *path, size_t max, char **out,
    size_t *len, int *truncated)
{
	struct tv_memo *t = tv->memo;
	struct ment *m;
	int r, e;

	key_set(t, MO_READ, path, NULL);
	m = max <= MAX_FILE_BYTES ? ment_get(t) : NULL;
	if (m != NULL && (m->asked == max || (m->rv == 0 &&
	    !m->truncated && m->len <= max))) {
		*out = NULL;
		*len = 0;
		*truncated = 0;
		if (m->rv == 0) {
			*out = copy_nul(m->data, m->len);
			*len = m->len;
			*truncated = m->truncated;
		}
		return (int)ment_rv(t, m);
	}
	r = tv->ops->read(tv, path, max, out, len, truncated);
	e = errno;
	if (m == NULL && max <= MAX_FILE_BYTES) {
		m = xcalloc(1, sizeof *m);
		m->rv = r;
		m->err = r == -1 ? e : 0;
		m->asked = max;
		if (r == 0) {
			m->data = copy_nul(*out, *len);
			m->len = *len;
			m->truncated = *truncated;
		}
		if (!ment_keep(t, m, m->len))
			ment_free(m);
	}
	errno = e;
	return r;
}

static char **
names_copy(char *const *names, size_t n)
{
	char **v = xcalloc(n + 1, sizeof *v);
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = xstrdup(names[i]);
	return v;
}

/* a directory's names through the memo */
int
tv_memo_list(struct tv *tv, const char *path, char ***names, size_t *n)
{
	struct tv_memo *t = tv->memo;
	struct ment *m;
	size_t i, size = 0;
	int r, e;

	key_set(t, MO_LIST, path, NULL);
	if ((m = ment_get(t)) != NULL) {
		*names = NULL;
		*n = 0;
		if (m->rv == 0) {
			*names = m->n ? names_copy(m->names, m->n) : NULL;
			*n = m->n;
		}
		return (int)ment_rv(t, m);
	}
	r = tv->ops->list(tv, path, names, n);
	e = errno;
	m = xcalloc(1, sizeof *m);
	m->rv = r;
	m->err = r == -1 ? e : 0;
	if (r == 0 && *n) {
		m->names = names_copy(*names, *n);
		m->n = *n;
		for (i = 0; i < *n; i++)
			size += strlen((*names)[i]) + 1 + sizeof(char *);
	}
	if (!ment_keep(t, m, size))
		ment_free(m);
	errno = e;
	return r;
}

/* An extended attribute through the memo: a value kept answers any
 * buffer it fits (and a size query); ERANGE, which depends on the
 * buffer, is never kept. */
ssize_t
tv_memo_getxattr(struct tv *tv, const char *path, const char *name,
    void *buf, size_t size)
{
	struct tv_memo *t = tv->memo;
	struct ment *m;
	ssize_t r;
	int e;

	key_set(t, MO_XATTR, path, name);
	if ((m = ment_get(t)) != NULL && (m->rv == -1 || size == 0 ||
	    (size_t)m->rv <= size)) {
		if (m->rv > 0 && size != 0)
			memcpy(buf, m->data, (size_t)m->rv);
		return ment_rv(t, m);
	}
	r = tv->ops->getxattr(tv, path, name, buf, size);
	e = errno;
	if (m == NULL && ((r == -1 && e != ERANGE) || (r >= 0 && size != 0 &&
	    (size_t)r <= size && (size_t)r <= MAX_XATTR_BYTES))) {
		m = xcalloc(1, sizeof *m);
		m->rv = r;
		m->err = r == -1 ? e : 0;
		if (r > 0) {
			m->data = xmalloc((size_t)r);
			memcpy(m->data, buf, (size_t)r);
			m->len = (size_t)r;
		}
		if (!ment_keep(t, m, m->len))
			ment_free(m);
	}
	errno = e;
	return r;
}

/* a path's access ACL through the memo */
int
tv_memo_get_acl(struct tv *tv, const char *path, struct pacl *acl)
{
	struct tv_memo *t = tv->memo;
	struct ment *m;
	int r, e;

	key_set(t, MO_ACL, path, NULL);
	if ((m = ment_get(t)) != NULL) {
		if (m->rv == 0 && m->acl.n) {
			acl->e = xcalloc(m->acl.n, sizeof *acl->e);
			memcpy(acl->e, m->acl.e, m->acl.n * sizeof *acl->e);
			acl->n = m->acl.n;
		}
		return (int)ment_rv(t, m);
	}
	r = tv->ops->get_acl(tv, path, acl);
	e = errno;
	m = xcalloc(1, sizeof *m);
	m->rv = r;
	m->err = r == -1 ? e : 0;
	if (r == 0 && acl->n) {
		m->acl.e = xcalloc(acl->n, sizeof *m->acl.e);
		memcpy(m->acl.e, acl->e, acl->n * sizeof *acl->e);
		m->acl.n = acl->n;
	}
	if (!ment_keep(t, m, m->acl.n * sizeof *m->acl.e))
		ment_free(m);
	errno = e;
	return r;
}
