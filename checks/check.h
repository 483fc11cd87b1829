/*
 * check.h: a check is one table entry (checks/registry.c). It declares
 * which walk entries it wants; visit() runs inside the single walk and only
 * keeps candidates; report() decides, scores and adds findings. A check
 * never walks, opens, prints or exits by itself.
 */
#ifndef PRIVMAP_CHECK_H
#define PRIVMAP_CHECK_H

#include "scanner/scan.h"

struct check {
	const char	*id;		/* stable: the family file's name */
	const char	*family;	/* a family id of the report contract */
	unsigned	 want;		/* WANT_* entries for visit() */
	unsigned	 live_only;	/* 1: only on a live host */
	void		(*visit)(struct scan *, void **priv, const struct entry *);
	int		(*report)(struct scan *, void **priv);	/* 0 or -1 */
	void		(*free)(void *priv);
};

extern const struct check *const check_table[];

/* Run every check on the scan: one walk, then each report(). */
int	checks_run(struct scan *);

#endif
