/*
 * strmap.h: a hash map from byte strings to a size_t (an index into the
 * caller's own array), so that de-duplicating n strings costs n look-ups
 * rather than n*n comparisons. The map never copies its keys: each key
 * must stay where it is, unchanged, while the map holds it.
 */
#ifndef PRIVMAP_STRMAP_H
#define PRIVMAP_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	const char	*key;		/* NULL: empty */
	size_t		 len;
	uint64_t	 hash;
	size_t		 val;
};

struct strmap {
	struct strmap_slot	*v;
	size_t			 cap;	/* 0 or a power of two */
	size_t			 n;
};

/* 1 and *val set if key (len bytes) is in the map; else 0 */
int	strmap_get(const struct strmap *, const void *key, size_t len,
	    size_t *val);
/* Add key -> val if key is not in the map yet and return 1; else leave
 * the map as it is, set *old (if not NULL) to the value kept, return 0. */
int	strmap_add(struct strmap *, const void *key, size_t len, size_t val,
	    size_t *old);
/* the same with a NUL-terminated key */
int	strmap_adds(struct strmap *, const char *key, size_t val, size_t *old);
/* Empty the map, keeping its table if it is small (for reuse in a loop). */
void	strmap_clear(struct strmap *);
void	strmap_free(struct strmap *);

#endif
