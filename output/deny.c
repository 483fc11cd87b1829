/*
 * deny.c: a report's deny entries (deny.h), from the typed entries of the
 * report model. Reads only the model; an entry with an empty target or
 * an action out of range (a report read back is untrusted) is left out
 * here, once. Never parses a string of the model.
 */
#include <stdlib.h>
#include <string.h>

#include "output/deny.h"
#include "output/output.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"

int
deny_action_parse(const char *s)
{
	return close_action_parse(s);
}

const char *
deny_action_name(enum deny_action a)
{
	return close_action_name((enum close_action)a);
}

/* The entries being collected; seen[a] maps the targets of action a
 * the current finding named so far to their index, so that a finding
 * naming many paths costs one look-up per entry, not a scan. */
struct coll {
	struct deny	*v;
	size_t		 n, cap;
	struct strmap	 seen[DENY_COUNT];
};

static void
push(struct coll *c, const struct close *e, const struct finding *f)
{
	enum deny_action a = (enum deny_action)e->action;
	const char *target = e->target;
	size_t tlen = e->len;
	struct deny *d;
	size_t had;

	if (tlen == 0 || (unsigned)a >= DENY_COUNT ||
	    strmap_get(&c->seen[a], target, tlen, &had))
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	d = &c->v[c->n];
	d->action = a;
	d->target = xstrndup(target, tlen);
	d->f = f;
	d->derived = e->derived;
	d->fix = e->fix;
	strmap_add(&c->seen[a], d->target, tlen, c->n, NULL);
	c->n++;
}

size_t
deny_collect(const struct report *rep, struct deny **out)
{
	struct coll c;
	size_t i, j;
	int a;

	memset(&c, 0, sizeof c);
	for (i = 0; i < rep->nfindings; i++) {
		const struct finding *f = rep->findings[i];

		for (j = 0; j < f->ncloses; j++)
			push(&c, &f->closes[j], f);
		/* duplicates are dropped within one finding only */
		for (a = 0; a < DENY_COUNT; a++)
			strmap_clear(&c.seen[a]);
	}
	for (a = 0; a < DENY_COUNT; a++)
		strmap_free(&c.seen[a]);
	*out = c.v;
	return c.n;
}

void
deny_free(struct deny *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].target);
	free(v);
}
