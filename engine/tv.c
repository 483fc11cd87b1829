/*
 * tv.c: the target view's thin wrappers (through the memo of tv-memo.c
 * while it runs), and the POSIX ACL decoding every view shares. Nothing
 * here touches the filesystem.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/tv.h"
#include "lib/xmalloc.h"

int
tv_lstat(struct tv *tv, const char *path, struct stat *st)
{
	if (tv->memo != NULL)
		return tv_memo_stat(tv, path, 0, st);
	return tv->ops->lstat(tv, path, st);
}

int
tv_stat(struct tv *tv, const char *path, struct stat *st)
{
	if (tv->memo != NULL)
		return tv_memo_stat(tv, path, 1, st);
	return tv->ops->stat(tv, path, st);
}

ssize_t
tv_readlink(struct tv *tv, const char *path, char *buf, size_t size)
{
	if (tv->memo != NULL)
		return tv_memo_readlink(tv, path, buf, size);
	return tv->ops->readlink(tv, path, buf, size);
}

int
tv_read(struct tv *tv, const char *path, size_t max, char **out, size_t *len,
    int *truncated)
{
	if (tv->memo != NULL)
		return tv_memo_read(tv, path, max, out, len, truncated);
	return tv->ops->read(tv, path, max, out, len, truncated);
}

int
tv_list(struct tv *tv, const char *path, char ***names, size_t *n)
{
	if (tv->memo != NULL)
		return tv_memo_list(tv, path, names, n);
	return tv->ops->list(tv, path, names, n);
}

void
tv_list_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

ssize_t
tv_getxattr(struct tv *tv, const char *path, const char *name, void *buf,
    size_t size)
{
	if (tv->memo != NULL)
		return tv_memo_getxattr(tv, path, name, buf, size);
	return tv->ops->getxattr(tv, path, name, buf, size);
}

int
tv_get_acl(struct tv *tv, const char *path, struct pacl *acl)
{
	acl->n = 0;
	acl->e = NULL;
	if (tv->memo != NULL)
		return tv_memo_get_acl(tv, path, acl);
	return tv->ops->get_acl(tv, path, acl);
}

void
tv_free(struct tv *tv)
{
	if (tv == NULL)
		return;
	tv_memo_stop(tv);
	tv->ops->free(tv);
}

void
pacl_free(struct pacl *acl)
{
	if (acl == NULL)
		return;
	free(acl->e);
	acl->e = NULL;
	acl->n = 0;
}

/*
 * The xattr layout is the kernel's posix_acl_xattr format
 * (include/uapi/linux/posix_acl_xattr.h): a little-endian u32 version 2,
 * then entries of u16 tag, u16 perm, u32 id. Tags: 0x01 USER_OBJ, 0x02
 * USER, 0x04 GROUP_OBJ, 0x08 GROUP, 0x10 MASK, 0x20 OTHER.
 */
static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

int
pacl_from_xattr(const void *value, size_t len, struct pacl *out)
{
	const unsigned char *p = value;
	size_t i, n;

	out->n = 0;
	out->e = NULL;
	if (len < 4 || (len - 4) % 8 != 0 || le32(p) != 2)
		goto bad;
	n = (len - 4) / 8;
	if (n > 65536)
		goto bad;
	out->e = xcalloc(n, sizeof *out->e);
	for (i = 0; i < n; i++) {
		const unsigned char *q = p + 4 + 8 * i;
		unsigned tag = (unsigned)q[0] | (unsigned)q[1] << 8;
		struct pacl_entry *e = &out->e[i];

		e->perm = ((unsigned)q[2] | (unsigned)q[3] << 8) & 7;
		e->id = le32(q + 4);
		switch (tag) {
		case 0x01: e->tag = PACL_USER_OBJ; break;
		case 0x02: e->tag = PACL_USER; break;
		case 0x04: e->tag = PACL_GROUP_OBJ; break;
		case 0x08: e->tag = PACL_GROUP; break;
		case 0x10: e->tag = PACL_MASK; break;
		case 0x20: e->tag = PACL_OTHER; break;
		default:
			pacl_free(out);
			goto bad;
		}
	}
	out->n = n;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}
