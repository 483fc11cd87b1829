/*
 * entries.c: candidate lists for checks (entries.h).
 */
#include <stdlib.h>
#include <string.h>

#include "engine/entries.h"
#include "lib/xmalloc.h"

void
kept_add(struct kept_list *l, const struct entry *e)
{
	struct kept *k;

	/* doubled at each power of two (the list only grows here, and
	 * kept_free empties it): one more at a time is quadratic where
	 * realloc has to move the array */
	if ((l->n & (l->n - 1)) == 0)
		l->v = xreallocarray(l->v, l->n ? 2 * l->n : 1, sizeof *l->v);
	k = &l->v[l->n++];
	k->path = xstrdup(e->path);
	k->st = e->st;
	k->caps = NULL;
	k->capslen = 0;
	if (e->caps && e->capslen) {
		k->caps = xmalloc(e->capslen);
		memcpy(k->caps, e->caps, e->capslen);
		k->capslen = e->capslen;
	}
}

static int
kept_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kept *)a)->path,
	    ((const struct kept *)b)->path);
}

void
kept_sort(struct kept_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, kept_cmp);
}

void
kept_free(struct kept_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].caps);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
