/*
 * comps.c: path components still to resolve (comps.h).
 */
#include <stdlib.h>

#include "lib/comps.h"
#include "lib/xmalloc.h"

void
comps_push_path(struct comps *c, const char *path)
{
	char **parts = NULL;
	size_t np = 0, i;
	const char *p = path, *s;

	while (*p) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		s = p;
		while (*p && *p != '/')
			p++;
		parts = xreallocarray(parts, np + 1, sizeof *parts);
		parts[np++] = xstrndup(s, (size_t)(p - s));
	}
	if (c->n + np + 1 > c->cap) {
		c->cap = c->n + np + 8;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	for (i = 0; i < np; i++)
		c->v[c->n + i] = parts[np - 1 - i];
	c->n += np;
	free(parts);
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
