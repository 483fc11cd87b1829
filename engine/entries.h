/*
 * entries.h: a list of walk entries a check keeps as candidates (the walk's
 * entries live only during the visit; these are copies).
 */
#ifndef PRIVMAP_ENTRIES_H
#define PRIVMAP_ENTRIES_H

#include "engine/tv.h"

struct kept {
	char		*path;
	struct stat	 st;
	void		*caps;		/* security.capability, or NULL */
	size_t		 capslen;
};

struct kept_list {
	struct kept	*v;
	size_t		 n;
};

void	kept_add(struct kept_list *, const struct entry *);
/* sort by path, for output that does not depend on directory order */
void	kept_sort(struct kept_list *);
void	kept_free(struct kept_list *);

#endif
