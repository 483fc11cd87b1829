/*
 * strmap.h: privmap's one hash map, from byte strings to a size_t (an
 * index into the caller's own array) or to a pointer, so that finding one
 * of n keys costs one look-up rather than n comparisons. A map either
 * leaves its keys where the caller keeps them (each must then stay where
 * it is, unchanged, while the map holds it) or, with copies set before
 * the first add, copies each key it adds and frees it with the map.
 * Keys are shorter than 4 GiB: every input is bounded far below that.
 * A map is never iterated: nothing that is written depends on its order.
 */
#ifndef PRIVMAP_STRMAP_H
#define PRIVMAP_STRMAP_H

#include <stddef.h>
#include <stdint.h>

/* 24 bytes: tables of millions of entries (an image's tree, a package
 * database) are held at one to four slots an entry */
struct strmap_slot {
	const char	*key;		/* NULL: empty */
	union {
		size_t	 i;
		void	*p;
	}		 val;
	uint32_t	 len;		/* keys are under 4 GiB */
	uint32_t	 hash;
};

struct strmap {
	struct strmap_slot	*v;
	size_t			 cap;	/* 0 or a power of two */
	size_t			 n;
	int			 copies; /* keys copied on add, freed */
};

/* what strmap_gets returns for a key not in the map */
#define STRMAP_NONE	((size_t)-1)

/* 1 and *val set if key (len bytes) is in the map; else 0 */
int	strmap_get(const struct strmap *, const void *key, size_t len,
	    size_t *val);
/* the value of a NUL-terminated key, or STRMAP_NONE */
size_t	strmap_gets(const struct strmap *, const char *key);
/* Add key -> val if key is not in the map yet and return 1; else leave
 * the map as it is, set *old (if not NULL) to the value kept, return 0. */
int	strmap_add(struct strmap *, const void *key, size_t len, size_t val,
	    size_t *old);
/* the same with a NUL-terminated key */
int	strmap_adds(struct strmap *, const char *key, size_t val, size_t *old);
/* A map of pointers: the pointer kept for key, or NULL; add key -> p
 * unless key is there (1 if added, 0 if not). */
void	*strmap_getp(const struct strmap *, const void *key, size_t len);
int	 strmap_addp(struct strmap *, const void *key, size_t len, void *p);
/* Take key out of the map: 1 if it was there, 0 if not. */
int	strmap_del(struct strmap *, const void *key, size_t len);
/* Empty the map, keeping its table if it is small (for reuse in a loop). */
void	strmap_clear(struct strmap *);
void	strmap_free(struct strmap *);

#endif
