/*
 * strmap.c: the hash map of strmap.h: open addressing with linear
 * probing, grown at half full, FNV-1a hashes. It only compares and hashes
 * the bytes it is given; it never copies, frees or interprets a key.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "lib/xmalloc.h"

/* above this many slots, strmap_clear frees the table instead of
 * zeroing it, so that clearing costs what the map held, not its peak */
#define STRMAP_KEEP	64

static uint64_t
hash_bytes(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	/* fold the high bits in: the table index takes the low ones */
	return h ^ (h >> 29);
}

static struct strmap_slot *
find(const struct strmap *m, const void *key, size_t len, uint64_t h)
{
	size_t i;

	for (i = (size_t)h & (m->cap - 1); m->v[i].key != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (m->v[i].hash == h && m->v[i].len == len &&
		    memcmp(m->v[i].key, key, len) == 0)
			break;
	return &m->v[i];
}

static void
grow(struct strmap *m)
{
	struct strmap g;
	size_t i;

	g.cap = m->cap ? m->cap * 2 : 16;
	g.n = m->n;
	g.v = xcalloc(g.cap, sizeof *g.v);
	for (i = 0; i < m->cap; i++)
		if (m->v[i].key != NULL) {
			size_t j = (size_t)m->v[i].hash & (g.cap - 1);

			while (g.v[j].key != NULL)
				j = (j + 1) & (g.cap - 1);
			g.v[j] = m->v[i];
		}
	free(m->v);
	*m = g;
}

int
strmap_get(const struct strmap *m, const void *key, size_t len, size_t *val)
{
	struct strmap_slot *s;

	if (m->cap == 0)
		return 0;
	s = find(m, key, len, hash_bytes(key, len));
	if (s->key == NULL)
		return 0;
	*val = s->val;
	return 1;
}

int
strmap_add(struct strmap *m, const void *key, size_t len, size_t val,
    size_t *old)
{
	uint64_t h = hash_bytes(key, len);
	struct strmap_slot *s;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	s = find(m, key, len, h);
	if (s->key != NULL) {
		if (old != NULL)
			*old = s->val;
		return 0;
	}
	s->key = key;
	s->len = len;
	s->hash = h;
	s->val = val;
	m->n++;
	return 1;
}

int
strmap_adds(struct strmap *m, const char *key, size_t val, size_t *old)
{
	return strmap_add(m, key, strlen(key), val, old);
}

void
strmap_clear(struct strmap *m)
{
	if (m->cap > STRMAP_KEEP) {
		strmap_free(m);
		return;
	}
	if (m->n > 0)
		memset(m->v, 0, m->cap * sizeof *m->v);
	m->n = 0;
}

void
strmap_free(struct strmap *m)
{
	free(m->v);
	m->v = NULL;
	m->cap = m->n = 0;
}
