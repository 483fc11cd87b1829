/*
 * deny.c: a report's deny entries (deny.h). Reads only the report model;
 * a report read back from JSON is untrusted, so every entry is checked
 * for a known action and a non-empty target here, once.
 */
#include <stdlib.h>
#include <string.h>

#include "output/deny.h"
#include "output/output.h"
#include "lib/pathenc.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"

static const char *const action_names[DENY_COUNT] = {
	"write", "exec", "read", "connect", "group", "port",
};

int
deny_action_parse(const char *s)
{
	int i;

	for (i = 0; i < DENY_COUNT; i++)
		if (strcmp(s, action_names[i]) == 0)
			return i;
	return -1;
}

const char *
deny_action_name(enum deny_action a)
{
	return (unsigned)a < DENY_COUNT ? action_names[a] : "?";
}

char *
deny_raw_path(const struct finding *f, const char *s)
{
	char *t = pathenc_decode(s, strlen(s));

	(void)f;
	return t ? t : xstrdup(s);
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
push(struct coll *c, enum deny_action a, const char *target, size_t tlen,
    const struct finding *f, int derived)
{
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
	d->derived = derived;
	strmap_add(&c->seen[a], d->target, tlen, c->n, NULL);
	c->n++;
}

static int
fam(const struct finding *f, const char *name)
{
	return f->family != NULL && strcmp(f->family, name) == 0;
}

/* What a finding without deny entries implies, from its family (the
 * families of the report contract) and its path. */
static void
derive(struct coll *c, const struct finding *f)
{
	const char *p = f->path, *g;
	json_t *ev = f->evidence;

	/* info: the contract's "not a problem"; nothing to deny */
	if (p == NULL || f->sev == SEV_INFO)
		return;
	if (fam(f, "group-membership")) {
		g = json_string_value(json_object_get(ev, "group"));
		if (g != NULL) {
			char *raw = deny_raw_path(f, g);

			push(c, DENY_GROUP, raw, strlen(raw), f, 1);
			free(raw);
		}
		return;
	}
	if (fam(f, "localhost-service")) {
		/* the contract's tcp://127.0.0.1:PORT or tcp://[::1]:PORT */
		if (strncmp(p, "tcp://", 6) == 0)
			push(c, DENY_PORT, p + 6, strlen(p + 6), f, 1);
		return;
	}
	if (p[0] != '/')
		return;
	if (fam(f, "container-socket"))
		push(c, DENY_CONNECT, p, strlen(p), f, 1);
	else if (fam(f, "setuid") || fam(f, "file-capability"))
		push(c, DENY_EXEC, p, strlen(p), f, 1);
	else if (fam(f, "credentials"))
		push(c, DENY_READ, p, strlen(p), f, 1);
	else if ((fam(f, "writable-config") || fam(f, "cron") ||
	    fam(f, "systemd") || fam(f, "shell-rc") || fam(f, "writable-path") ||
	    fam(f, "sudo")) && (json_object_get(ev, "how") != NULL ||
	    json_object_get(ev, "writable_directory") != NULL))
		/* only where the evidence says the user can write it; these
		 * families also report what is wrong in a file's content */
		push(c, DENY_WRITE, p, strlen(p), f, 1);
}

size_t
deny_collect(const struct report *rep, struct deny **out)
{
	struct coll c;
	size_t i, j, first;
	int a;
	json_t *e;

	memset(&c, 0, sizeof c);
	for (i = 0; i < rep->nfindings; i++) {
		const struct finding *f = rep->findings[i];

		first = c.n;
		if (json_is_array(f->policy))
			json_array_foreach(f->policy, j, e) {
				const char *s = json_string_value(e), *sp;
				char act[16];

				if (s == NULL || (sp = strchr(s, ' ')) == NULL ||
				    (size_t)(sp - s) >= sizeof act)
					continue;
				memcpy(act, s, (size_t)(sp - s));
				act[sp - s] = '\0';
				if ((a = deny_action_parse(act)) < 0)
					continue;
				{
					char *t = deny_raw_path(f, sp + 1);

					push(&c, (enum deny_action)a, t,
					    strlen(t), f, 0);
					free(t);
				}
			}
		if (c.n == first)
			derive(&c, f);
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
