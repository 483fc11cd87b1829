/*
 * mounts.c: questions asked of a parsed mount table (mounts.h): which
 * mount holds a path, and its read-only and nosuid state. Pure functions
 * over the table; nothing here touches the filesystem.
 */
#include <string.h>

#include "parse/mounts.h"

/* length of point if it is a mount point on the way to path (component
 * by component: "/a" holds "/a" and "/a/b", not "/ab"), else 0 */
static size_t
prefix_len(const char *point, const char *path, size_t plen)
{
	size_t n = strlen(point);

	while (n > 1 && point[n - 1] == '/')
		n--;
	if (n == 1 && point[0] == '/')
		return 1;
	if (n > plen || memcmp(point, path, n) != 0)
		return 0;
	if (n == plen || path[n] == '/')
		return n;
	return 0;
}

/* path length without trailing slashes ("/" stays "/") */
static size_t
trimmed_len(const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	return n;
}

static size_t
point_len(const struct mount *m)
{
	return trimmed_len(m->point);
}

/* When the tree is broken (no root, a parent cycle): the longest mount
 * point on the way, the latest of equals. */
static const struct mount *
find_flat(const struct mounts *mt, const char *path, size_t plen)
{
	const struct mount *best = NULL;
	size_t i, bestlen = 0;

	for (i = 0; i < mt->n; i++) {
		size_t l = prefix_len(mt->m[i].point, path, plen);

		if (l && l >= bestlen) {
			best = &mt->m[i];
			bestlen = l;
		}
	}
	return best;
}

const struct mount *
mounts_find(const struct mounts *mt, const char *path)
{
	size_t plen, cur = (size_t)-1, i, steps;

	if (mt == NULL || mt->n == 0 || path == NULL || path[0] != '/')
		return NULL;
	plen = trimmed_len(path);
	if (mt->kid_start == NULL)
		return find_flat(mt, path, plen);
	/* the root: a mount on "/" whose parent is not in the table */
	for (i = 0; i < mt->n; i++) {
		const struct mount *m = &mt->m[i];
		int parent_known = 0;
		size_t j;

		if (strcmp(m->point, "/") != 0)
			continue;
		for (j = 0; j < mt->n; j++)
			if (j != i && mt->m[j].id == m->parent) {
				parent_known = 1;
				break;
			}
		if (!parent_known) {
			cur = i;
			break;
		}
	}
	if (cur == (size_t)-1)
		return find_flat(mt, path, plen);
	/* each step moves strictly deeper or onto a later mount stacked on
	 * the same point, so n + 1 steps bound any table, cycles included */
	for (steps = 0; steps <= mt->n; steps++) {
		size_t curlen = point_len(&mt->m[cur]), k, next = (size_t)-1;
		size_t nextlen = 0;

		for (k = 0; k < mt->kid_count[cur]; k++) {
			size_t c = mt->kids[mt->kid_start[cur] + k];
			size_t l = prefix_len(mt->m[c].point, path, plen);

			if (l == 0 || l < curlen)
				continue;
			/* the first crossing on the way down: the shortest
			 * prefix; on one point, the latest mount is on top */
			if (next == (size_t)-1 || l < nextlen ||
			    (l == nextlen && c > next)) {
				next = c;
				nextlen = l;
			}
		}
		if (next == (size_t)-1)
			return &mt->m[cur];
		cur = next;
	}
	return find_flat(mt, path, plen);
}

int
mounts_nosuid(const struct mounts *mt, const char *path)
{
	const struct mount *m = mounts_find(mt, path);

	if (m == NULL)
		return -1;
	return (m->flags & MNT_NOSUID) != 0;
}

int
mounts_ro(const struct mounts *mt, const char *path)
{
	const struct mount *m = mounts_find(mt, path);

	if (m == NULL)
		return -1;
	return (m->flags & (MNT_RO | MNT_SB_RO)) != 0;
}

int
mounts_ro_fn(void *ctx, const char *path)
{
	return mounts_ro(ctx, path) == 1;
}

const struct mount *
mounts_same_source(const struct mounts *mt, const struct mount *m)
{
	size_t i;

	for (i = 0; i < mt->n; i++) {
		const struct mount *o = &mt->m[i];

		if (o == m || o->major != m->major || o->minor != m->minor)
			continue;
		if (strcmp(o->root, m->root) == 0)
			return o;
	}
	return NULL;
}

int
mount_is_bind(const struct mounts *mt, const struct mount *m)
{
	if (strcmp(m->root, "/") != 0)
		return 1;
	return mounts_same_source(mt, m) != NULL;
}
