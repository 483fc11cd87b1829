/*
 * strmap.c: the hash map of strmap.h: open addressing with linear
 * probing, grown at half full, FNV-1a hashes, deletion by shifting the
 * rest of a run back. It only compares and hashes the bytes it is given;
 * it never interprets a key, and copies or frees one only in a map whose
 * copies is set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "lib/xmalloc.h"
#include "lib/fnv.h"

/* above this many slots, strmap_clear frees the table instead of
 * zeroing it, so that clearing costs what the map held, not its peak */
#define STRMAP_KEEP	64

static uint32_t
hash_bytes(const void *key, size_t len)
{
	uint64_t h = fnv1a64(FNV1A64_BASIS, key, len);

	/* fold the high bits in: the table index takes the low ones */
	return (uint32_t)(h ^ (h >> 29));
}

static struct strmap_slot *
find(const struct strmap *m, const void *key, size_t len, uint32_t h)
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
rehash(struct strmap *m)
{
	struct strmap g;
	size_t i;

	g.cap = m->cap ? m->cap * 2 : 16;
	g.n = m->n;
	g.copies = m->copies;
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
	*val = s->val.i;
	return 1;
}

size_t
strmap_gets(const struct strmap *m, const char *key)
{
	size_t val;

	return strmap_get(m, key, strlen(key), &val) ? val : STRMAP_NONE;
}

void *
strmap_getp(const struct strmap *m, const void *key, size_t len)
{
	struct strmap_slot *s;

	if (m->cap == 0)
		return NULL;
	s = find(m, key, len, hash_bytes(key, len));
	return s->key == NULL ? NULL : s->val.p;
}

/* the empty slot for key, or NULL and *old the slot holding it */
static struct strmap_slot *
put(struct strmap *m, const void *key, size_t len,
    struct strmap_slot **old)
{
	uint32_t h = hash_bytes(key, len);
	struct strmap_slot *s;

	if (len > UINT32_MAX) {
		/* no bounded input comes near: a bug, like running out of
		 * memory (xmalloc.c) */
		fputs("privmap: a hash map key of 4 GiB\n", stderr);
		abort();
	}
	if ((m->n + 1) * 2 > m->cap)
		rehash(m);
	s = find(m, key, len, h);
	if (s->key != NULL) {
		*old = s;
		return NULL;
	}
	s->key = m->copies ? xstrndup(key, len) : key;
	s->len = (uint32_t)len;
	s->hash = h;
	m->n++;
	return s;
}

int
strmap_add(struct strmap *m, const void *key, size_t len, size_t val,
    size_t *old)
{
	struct strmap_slot *s, *had = NULL;

	s = put(m, key, len, &had);
	if (s == NULL) {
		if (old != NULL)
			*old = had->val.i;
		return 0;
	}
	s->val.i = val;
	return 1;
}

int
strmap_addp(struct strmap *m, const void *key, size_t len, void *p)
{
	struct strmap_slot *s, *had = NULL;

	s = put(m, key, len, &had);
	if (s == NULL)
		return 0;
	s->val.p = p;
	return 1;
}

int
strmap_del(struct strmap *m, const void *key, size_t len)
{
	struct strmap_slot *s;
	size_t i, j, home, mask = m->cap - 1;

	if (m->cap == 0)
		return 0;
	s = find(m, key, len, hash_bytes(key, len));
	if (s->key == NULL)
		return 0;
	if (m->copies)
		free((char *)s->key);
	i = (size_t)(s - m->v);
	/* shift back every later slot of the run that may sit at i: one
	 * whose home is not cyclically in (i, j] (Knuth 6.4, algorithm R) */
	for (j = (i + 1) & mask; m->v[j].key != NULL; j = (j + 1) & mask) {
		home = (size_t)m->v[j].hash & mask;
		if (i <= j ? (i < home && home <= j) :
		    (i < home || home <= j))
			continue;
		m->v[i] = m->v[j];
		i = j;
	}
	memset(&m->v[i], 0, sizeof m->v[i]);
	m->n--;
	return 1;
}

int
strmap_adds(struct strmap *m, const char *key, size_t val, size_t *old)
{
	return strmap_add(m, key, strlen(key), val, old);
}

static void
free_keys(struct strmap *m)
{
	size_t i;

	if (m->copies)
		for (i = 0; i < m->cap; i++)
			free((char *)m->v[i].key);
}

void
strmap_clear(struct strmap *m)
{
	if (m->cap > STRMAP_KEEP) {
		strmap_free(m);
		return;
	}
	if (m->n > 0) {
		free_keys(m);
		memset(m->v, 0, m->cap * sizeof *m->v);
	}
	m->n = 0;
}

void
strmap_free(struct strmap *m)
{
	free_keys(m);
	free(m->v);
	m->v = NULL;
	m->cap = m->n = 0;
}
