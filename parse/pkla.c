/*
 * pkla.c: polkit's legacy .pkla files (pklocalauthority(8): sections of
 * Identity=, Action=, ResultAny=, ResultInactive=, ResultActive=) and the
 * defaults of the actions of a .policy file (polkit(8), "DECLARING
 * ACTIONS": <action id="..."> with <defaults> <allow_any>,
 * <allow_inactive>, <allow_active>), and the names of polkit's results.
 * The .policy reading is of those elements only, not XML at large: no
 * entities, no DTD, nothing fetched. Buffers in, structs out (polkit.h).
 */
#include <config.h>

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/polkit.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/str.h"
#include "lib/xmalloc.h"

#define PK_MAX_ENTRIES	16384

static const char *const results[] = {
	"none", "no", "auth_admin", "auth_admin_keep", "auth_self",
	"auth_self_keep", "yes", "unknown",
};

enum pk_result
pk_result_parse(const char *s, size_t n)
{
	size_t i, k;

	for (i = PK_NO; i < PK_UNKNOWN; i++) {
		if (strlen(results[i]) != n)
			continue;
		for (k = 0; k < n; k++) {
			char c = s[k];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != results[i][k])
				break;
		}
		if (k == n)
			return (enum pk_result)i;
	}
	return PK_UNKNOWN;
}

const char *
pk_result_name(enum pk_result r)
{
	return (unsigned)r <= PK_UNKNOWN ? results[r] : "unknown";
}

int
pk_result_grants(enum pk_result r)
{
	return r == PK_YES || r == PK_AUTH_SELF || r == PK_AUTH_SELF_KEEP;
}

/* --- .pkla ----------------------------------------------------------- */

/* the ';'-separated values of s[0..n) appended to *v */
static void
split_list(const char *s, size_t n, char ***v, size_t *nv)
{
	const char *e = s + n;

	while (s < e && *nv < PK_MAX_LIST) {
		const char *q = memchr(s, ';', (size_t)(e - s));
		const char *w = q ? q : e;
		size_t len = (size_t)(w - s);

		trim_blanks(&s, &len);
		if (len) {
			*v = xreallocarray(*v, *nv + 1, sizeof **v);
			(*v)[(*nv)++] = xstrndup(s, len);
		}
		s = q ? q + 1 : e;
	}
}

static void
pkla_key(struct pkla_entry *en, const char *k, size_t kn, const char *v,
    size_t vn)
{
	if (kn == 8 && memcmp(k, "Identity", 8) == 0)
		split_list(v, vn, &en->identities, &en->nidentities);
	else if (kn == 6 && memcmp(k, "Action", 6) == 0)
		split_list(v, vn, &en->actions, &en->nactions);
	else if (kn == 9 && memcmp(k, "ResultAny", 9) == 0)
		en->any = pk_result_parse(v, vn);
	else if (kn == 14 && memcmp(k, "ResultInactive", 14) == 0)
		en->inactive = pk_result_parse(v, vn);
	else if (kn == 12 && memcmp(k, "ResultActive", 12) == 0)
		en->active = pk_result_parse(v, vn);
}

void
pkla_parse(const char *buf, size_t len, struct pkla *p, parse_err_fn err,
    void *ctx)
{
	struct lines lc;
	const char *line;
	size_t n;
	int r;

	memset(p, 0, sizeof *p);
	lines_init(&lc, buf, len);
	while ((r = lines_next(&lc, &line, &n)) != 0) {
		const char *eq;

		if (r == -1) {
			if (err)
				err(ctx, lc.lineno, "line too long");
			continue;
		}
		trim_blanks(&line, &n);
		if (n == 0 || line[0] == '#' || line[0] == ';')
			continue;
		if (line[0] == '[' && line[n - 1] == ']' && n >= 2) {
			struct pkla_entry *en;

			if (p->n == PK_MAX_ENTRIES) {
				if (err)
					err(ctx, lc.lineno, "too many sections");
				return;
			}
			p->e = xreallocarray(p->e, p->n + 1, sizeof *p->e);
			en = &p->e[p->n++];
			memset(en, 0, sizeof *en);
			en->section = xstrndup(line + 1, n - 2);
			en->line = lc.lineno;
			continue;
		}
		eq = memchr(line, '=', n);
		if (eq == NULL || p->n == 0) {
			if (err)
				err(ctx, lc.lineno, eq ? "a key outside a "
				    "section" : "not KEY=VALUE");
			continue;
		}
		{
			size_t kn = (size_t)(eq - line);
			const char *v = eq + 1;
			size_t vn = n - kn - 1;

			trim_blanks(&line, &kn);
			trim_blanks(&v, &vn);
			pkla_key(&p->e[p->n - 1], line, kn, v, vn);
		}
	}
}

void
pkla_free(struct pkla *p)
{
	size_t i, j;

	for (i = 0; i < p->n; i++) {
		for (j = 0; j < p->e[i].nidentities; j++)
			free(p->e[i].identities[j]);
		for (j = 0; j < p->e[i].nactions; j++)
			free(p->e[i].actions[j]);
		free(p->e[i].identities);
		free(p->e[i].actions);
		free(p->e[i].section);
	}
	free(p->e);
	memset(p, 0, sizeof *p);
}

int
pkla_matches(const struct pkla_entry *en, const char *action,
    const struct pk_subject *sb)
{
	size_t i, j;
	int who = 0, what = 0;

	for (i = 0; i < en->nidentities && !who; i++) {
		const char *id = en->identities[i];

		if (strncmp(id, "unix-user:", 10) == 0 && sb->user)
			who = fnmatch(id + 10, sb->user, 0) == 0;
		else if (strncmp(id, "unix-group:", 11) == 0)
			for (j = 0; j < sb->ngroups && !who; j++)
				who = fnmatch(id + 11, sb->groups[j], 0) == 0;
	}
	for (i = 0; i < en->nactions && !what; i++)
		what = fnmatch(en->actions[i], action, 0) == 0;
	return who && what;
}

char *
pkla_print(const struct pkla *p)
{
	struct buf b = { 0 };
	size_t i, j;

	for (i = 0; i < p->n; i++) {
		const struct pkla_entry *en = &p->e[i];

		buf_printf(&b, "[%s] line %u any=%s inactive=%s active=%s\n",
		    en->section, en->line, pk_result_name(en->any),
		    pk_result_name(en->inactive), pk_result_name(en->active));
		for (j = 0; j < en->nidentities; j++)
			buf_printf(&b, "  identity %s\n", en->identities[j]);
		for (j = 0; j < en->nactions; j++)
			buf_printf(&b, "  action %s\n", en->actions[j]);
	}
	buf_adds(&b, "");
	return buf_str(&b);
}

/* --- .policy --------------------------------------------------------- */

static unsigned
lines_to(const char *from, const char *to)
{
	unsigned n = 0;

	for (; from < to; from++)
		n += *from == '\n';
	return n;
}

static const char *
find(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);

	for (; p && (size_t)(e - p) >= n; p++)
		if (memcmp(p, s, n) == 0)
			return p;
	return NULL;
}

/* the text of <name>TEXT</name> inside [p, e), trimmed: PK_NONE if the
 * element is absent */
static enum pk_result
element(const char *p, const char *e, const char *name)
{
	char open[32], close[32];
	const char *a, *z;
	size_t n;

	snprintf(open, sizeof open, "<%s>", name);
	snprintf(close, sizeof close, "</%s>", name);
	if ((a = find(p, e, open)) == NULL)
		return PK_NONE;
	a += strlen(open);
	if ((z = find(a, e, close)) == NULL)
		return PK_UNKNOWN;
	n = (size_t)(z - a);
	trim_blanks(&a, &n);
	return pk_result_parse(a, n);
}

/* the value of id="..." (or '...') in the tag [p, e) */
static char *
attr_id(const char *p, const char *e)
{
	const char *a = p, *z;
	char q;

	while ((a = find(a, e, "id=")) != NULL) {
		if (a > p && (a[-1] == ' ' || a[-1] == '\t' || a[-1] == '\n'))
			break;
		a++;
	}
	if (a == NULL || a + 3 >= e || (a[3] != '"' && a[3] != '\''))
		return NULL;
	q = a[3];
	a += 4;
	if ((z = memchr(a, q, (size_t)(e - a))) == NULL)
		return NULL;
	return xstrndup(a, (size_t)(z - a));
}

void
pk_policy_parse(const char *buf, size_t len, struct pk_policy *pp,
    parse_err_fn err, void *ctx)
{
	const char *p = buf, *e = buf + len, *a;
	unsigned line = 1;

	memset(pp, 0, sizeof *pp);
	while ((a = find(p, e, "<action")) != NULL) {
		const char *gt, *end;
		struct pk_action_def *d;

		line += lines_to(p, a);
		p = a + 7;
		if (p < e && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '\r')
			continue;
		gt = memchr(p, '>', (size_t)(e - p));
		end = gt ? find(gt, e, "</action>") : NULL;
		if (end == NULL) {
			if (err)
				err(ctx, line, "an <action> without its end");
			return;
		}
		if (pp->n == PK_MAX_ENTRIES) {
			if (err)
				err(ctx, line, "too many actions");
			return;
		}
		pp->a = xreallocarray(pp->a, pp->n + 1, sizeof *pp->a);
		d = &pp->a[pp->n];
		memset(d, 0, sizeof *d);
		d->line = line;
		if ((d->id = attr_id(p, gt)) == NULL) {
			if (err)
				err(ctx, line, "an <action> without an id");
		} else {
			d->any = element(gt, end, "allow_any");
			d->inactive = element(gt, end, "allow_inactive");
			d->active = element(gt, end, "allow_active");
			pp->n++;
		}
		line += lines_to(p, end);
		p = end;
	}
}

void
pk_policy_free(struct pk_policy *pp)
{
	size_t i;

	for (i = 0; i < pp->n; i++)
		free(pp->a[i].id);
	free(pp->a);
	memset(pp, 0, sizeof *pp);
}

char *
pk_policy_print(const struct pk_policy *pp)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < pp->n; i++)
		buf_printf(&b, "%s line %u any=%s inactive=%s active=%s\n",
		    pp->a[i].id, pp->a[i].line, pk_result_name(pp->a[i].any),
		    pk_result_name(pp->a[i].inactive),
		    pk_result_name(pp->a[i].active));
	buf_adds(&b, "");
	return buf_str(&b);
}
