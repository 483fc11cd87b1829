/*
 * comps.c: path components still to resolve (comps.h).
 */
#include <stdlib.h>

#include "lib/comps.h"
#include "lib/xmalloc.h"

void
comps_push_path(struct comps *c, const char *path)
{
	size_t np = 0, i;
	const char *p, *s;

	/* counted first, then pushed last first: one allocation for the
	 * array (the access model resolves paths by the thousand) */
	for (p = path; *p; ) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		np++;
		while (*p && *p != '/')
			p++;
	}
	if (c->n + np + 1 > c->cap) {
		c->cap = c->n + np + 8;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	for (i = 0, p = path; *p; ) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		s = p;
		while (*p && *p != '/')
			p++;
		c->v[c->n + np - 1 - i++] = xstrndup(s, (size_t)(p - s));
	}
	c->n += np;
}

void
comps_free(struct comps *c)
{
	while (c->n)
		free(c->v[--c->n]);
	free(c->v);
	c->v = NULL;
	c->cap = 0;
}
