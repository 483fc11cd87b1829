/*
 * check.h: a check is one table entry (checks/registry.c). It declares
 * which walk entries it wants; visit() runs inside the single walk and only
 * keeps candidates; report() decides, scores and adds findings. A check
 * never walks, opens, prints or exits by itself.
 */
#ifndef PRIVMAP_CHECK_H
#define PRIVMAP_CHECK_H

#include "engine/scan.h"

struct check {
	const char	*id;		/* stable: the family file's name */
	const char	*family;	/* a family id of the report contract */
	unsigned	 want;		/* WANT_* entries for visit() */
	unsigned	 live_only;	/* 1: only on a live host */
	/* optional, pure and thread-safe: 0 if visit() would ignore this
	 * entry anyway. Runs in the walk's threads outside the lock that
	 * serialises visit(), so a check that wants WANT_FILE for a few
	 * names does not serialise the walk on every file. */
	int		(*prefilter)(const struct scan *, const struct entry *);
	void		(*visit)(struct scan *, void **priv, const struct entry *);
	int		(*report)(struct scan *, void **priv);	/* 0 or -1 */
	void		(*free)(void *priv);
};

extern const struct check *const check_table[];

/* Run every check on the scan: one walk, then each report(). */
int	checks_run(struct scan *);

#endif
