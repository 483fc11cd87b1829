/*
 * comps.h: the components of a path still to resolve, as a stack (the
 * next one on top), shared by the two resolvers that walk paths a
 * component at a time: the directory target view and the access model.
 * A symlink's target is pushed on top of what remains.
 */
#ifndef PRIVMAP_COMPS_H
#define PRIVMAP_COMPS_H

#include <stddef.h>

struct comps {
	char	**v;		/* v[n-1] is the next component */
	size_t	  n;
	size_t	  cap;
};

/* Push path's components ("/" runs and empty ones dropped) so that its
 * first component is the next one. */
void	comps_push_path(struct comps *, const char *path);
void	comps_free(struct comps *);

#endif
