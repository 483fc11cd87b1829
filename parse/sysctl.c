/*
 * sysctl.c: sysctl.conf(5) / sysctl.d(5) text and file order (sysctl.h).
 * Reads only the buffers it is given.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/lines.h"
#include "parse/sysctl.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "lib/str.h"

/* sysctl.d(5) (systemd) and procps' sysctl(8) --system, which also reads
 * /lib/sysctl.d on systems whose /lib is not /usr/lib */
const char *const sysctl_dirs[] = {
	"/etc/sysctl.d",
	"/run/sysctl.d",
	"/usr/local/lib/sysctl.d",
	"/usr/lib/sysctl.d",
	"/lib/sysctl.d",
	NULL,
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

void
sysctl_key_normalize(char *key)
{
	char *p = strpbrk(key, "./");

	if (p == NULL || *p == '.')
		return;
	for (p = key; *p; p++) {
		if (*p == '/')
			*p = '.';
		else if (*p == '.')
			*p = '/';
	}
}

size_t
sysctl_conf_parse(const char *buf, size_t len, sysctl_fn fn,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s, *eq, *k, *ke, *v, *ve;
	size_t n, count = 0;
	int r;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		char *key, *val;

		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		while (n && is_space(*s)) {
			s++;
			n--;
		}
		if (n == 0 || *s == '#' || *s == ';')
			continue;
		if (memchr(s, '\0', n)) {
			if (err)
				err(ctx, l.lineno, "NUL byte in line");
			continue;
		}
		if ((eq = memchr(s, '=', n)) == NULL) {
			if (err)
				err(ctx, l.lineno, "not an assignment");
			continue;
		}
		k = s;
		if (*k == '-')
			k++;
		ke = eq;
		while (ke > k && is_space(ke[-1]))
			ke--;
		while (k < ke && is_space(*k))
			k++;
		if (k == ke) {
			if (err)
				err(ctx, l.lineno, "empty key");
			continue;
		}
		v = eq + 1;
		ve = s + n;
		while (v < ve && is_space(*v))
			v++;
		while (ve > v && is_space(ve[-1]))
			ve--;
		key = xstrndup(k, (size_t)(ke - k));
		val = xstrndup(v, (size_t)(ve - v));
		sysctl_key_normalize(key);
		fn(ctx, key, val, l.lineno);
		count++;
		free(key);
		free(val);
	}
	return count;
}

struct cand {
	const char	*name;
	size_t		 dir;
};

static int
cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->dir < y->dir ? -1 : x->dir > y->dir;
}

size_t
sysctl_order(char **const names[], const size_t n[], struct sysctl_file **out)
{
	struct sysctl_file *f = NULL;
	struct cand *c = NULL;
	size_t nc = 0, cap = 0, count = 0, d, i;

	for (d = 0; sysctl_dirs[d]; d++) {
		for (i = 0; names[d] && i < n[d]; i++) {
			if (!has_proper_suffix(names[d][i], ".conf") ||
			    strchr(names[d][i], '/'))
				continue;
			if (nc == cap) {
				cap = cap ? cap * 2 : 32;
				c = xreallocarray(c, cap, sizeof *c);
			}
			c[nc].name = names[d][i];
			c[nc].dir = d;
			nc++;
		}
	}
	if (nc)
		qsort(c, nc, sizeof *c, cmp_cand);
	f = xcalloc(nc + 1, sizeof *f);
	for (i = 0; i < nc; i++) {
		/* sorted by name, then by precedence: the first one wins */
		if (i > 0 && strcmp(c[i].name, c[i - 1].name) == 0)
			continue;
		f[count].name = xstrdup(c[i].name);
		f[count].path = path_join(sysctl_dirs[c[i].dir], c[i].name);
		count++;
	}
	free(c);
	*out = f;
	return count;
}

void
sysctl_files_free(struct sysctl_file *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].name);
		free(f[i].path);
	}
	free(f);
}
