/*
 * idmap.c: uid_map and gid_map text (idmap.h). Takes a buffer; never
 * reads /proc.
 */
#include <config.h>

#include <string.h>

#include "parse/idmap.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/num.h"
#include "lib/xmalloc.h"

#define IDMAP_MAX_ID	4294967295UL

static int
idmap_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* the next number of line (n bytes) from *i: 0, or -1 if none */
static int
idmap_num(const char *line, size_t n, size_t *i, unsigned long *out)
{
	size_t a;

	while (*i < n && idmap_blank(line[*i]))
		(*i)++;
	for (a = *i; *i < n && line[*i] >= '0' && line[*i] <= '9'; (*i)++)
		;
	return parse_ulong_n(line + a, *i - a, IDMAP_MAX_ID, out);
}

size_t
idmap_parse(const char *buf, size_t len, struct idmap *m, parse_err_fn err,
    void *ctx)
{
	struct lines l;
	const char *line;
	size_t n;
	int r;

	memset(m, 0, sizeof *m);
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &line, &n)) != 0) {
		struct idmap_extent x;
		size_t i = 0;
		const char *why = NULL;

		if (r == -1)
			why = "line too long";
		else {
			while (i < n && idmap_blank(line[i]))
				i++;
			if (i == n)
				continue;
			if (idmap_num(line, n, &i, &x.inside) == -1 ||
			    idmap_num(line, n, &i, &x.outside) == -1 ||
			    idmap_num(line, n, &i, &x.count) == -1)
				why = "not three numbers up to 4294967295";
			while (i < n && idmap_blank(line[i]))
				i++;
			if (why == NULL && i != n)
				why = "text after the three numbers";
			if (why == NULL && m->n == IDMAP_MAX_EXTENTS)
				why = "more than 340 extents";
		}
		if (why) {
			if (err)
				err(ctx, l.lineno, why);
			continue;
		}
		x.line = l.lineno;
		m->e[m->n++] = x;
	}
	return m->n;
}

int
idmap_is_identity(const struct idmap *m)
{
	return m->n == 1 && m->e[0].line == 1 && m->e[0].inside == 0 &&
	    m->e[0].outside == 0 && m->e[0].count == IDMAP_MAX_ID;
}

char *
idmap_print(const struct idmap *m)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < m->n; i++)
		buf_printf(&b, "%u %lu %lu %lu\n", m->e[i].line,
		    m->e[i].inside, m->e[i].outside, m->e[i].count);
	return buf_str(&b);
}
