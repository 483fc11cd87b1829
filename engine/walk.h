/*
 * walk.h: one pass over the target's tree, feeding entries to a visitor.
 * Never follows symlinks, stays on one filesystem unless asked, skips the
 * live host's pseudo filesystems, survives entries vanishing.
 */
#ifndef PRIVMAP_WALK_H
#define PRIVMAP_WALK_H

#include "engine/scan.h"

typedef void (*walk_visit_fn)(void *ctx, unsigned kinds,
    const struct entry *);

/* Narrows an entry's kinds before visit; called from several threads at
 * once, outside the lock: it must not change anything. */
typedef unsigned (*walk_filter_fn)(void *ctx, unsigned kinds,
    const struct entry *);

/* Walk the whole target; visit gets entries whose WANT_* kinds intersect
 * mask (and survive filter, if given), with those kinds, one call at a
 * time. Capabilities are read only if mask asks. */
int	walk_run(struct scan *, unsigned mask, walk_filter_fn, walk_visit_fn,
	    void *ctx);

/* The WANT_* kinds of an entry (exposed for tests). */
unsigned walk_kinds(const struct entry *);

#endif
