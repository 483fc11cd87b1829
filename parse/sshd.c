/*
 * sshd.c: the directives of sshd_config (sshd.h). Takes a buffer; never
 * reads a file, follows an Include or evaluates a Match.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/print.h"
#include "parse/sshd.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/xmalloc.h"

static int
sshd_blank(char c)
{
	return c == ' ' || c == '\t';
}

size_t
sshd_config_parse(const char *buf, size_t len, struct sshd_config *sc,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *line;
	size_t n;
	unsigned match = 0;
	int r;

	memset(sc, 0, sizeof *sc);
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &line, &n)) != 0) {
		struct sshd_directive *d;
		size_t i = 0, k, a, an;

		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		if (memchr(line, '\0', n))
			continue;
		while (i < n && sshd_blank(line[i]))
			i++;
		for (k = i; i < n && !sshd_blank(line[i]) && line[i] != '=';
		    i++)
			;
		if (i == k || line[k] == '#')
			continue;
		if (sc->n == SSHD_MAX_DIRECTIVES) {
			if (err)
				err(ctx, l.lineno, "too many directives: "
				    "the rest of the file is not read");
			break;
		}
		for (a = i; a < n && (sshd_blank(line[a]) || line[a] == '=');
		    a++)
			;
		if (i - k == 5 && strncasecmp(line + k, "Match", 5) == 0)
			match++;
		if ((sc->n & (sc->n - 1)) == 0)
			sc->v = xreallocarray(sc->v, sc->n ? sc->n * 2 : 1,
			    sizeof *sc->v);
		d = &sc->v[sc->n++];
		memset(d, 0, sizeof *d);
		d->key = xstrndup(line + k, i - k);
		d->line = l.lineno;
		d->match = match;
		/* the arguments: words up to a blank or '#', or in double
		 * quotes; a '#' outside quotes ends the line */
		while (a < n && line[a] != '#') {
			size_t s0 = a, e;

			if (line[a] == '"') {
				for (s0 = ++a; a < n && line[a] != '"'; a++)
					;
				e = a;
				if (a < n)
					a++;
			} else {
				for (; a < n && !sshd_blank(line[a]) &&
				    line[a] != '#'; a++)
					;
				e = a;
			}
			an = e - s0 < SSHD_MAX_ARG ? e - s0 : SSHD_MAX_ARG;
			if (d->nargs == SSHD_MAX_ARGS)
				d->more = 1;
			else {
				d->args = xreallocarray(d->args, d->nargs + 1,
				    sizeof *d->args);
				d->args[d->nargs++] = xstrndup(line + s0, an);
			}
			while (a < n && sshd_blank(line[a]))
				a++;
		}
		d->arg = xstrdup(d->nargs ? d->args[0] : "");
	}
	return sc->n;
}

void
sshd_config_free(struct sshd_config *sc)
{
	size_t i;

	for (i = 0; i < sc->n; i++) {
		size_t j;

		free(sc->v[i].key);
		free(sc->v[i].arg);
		for (j = 0; j < sc->v[i].nargs; j++)
			free(sc->v[i].args[j]);
		free(sc->v[i].args);
	}
	free(sc->v);
	memset(sc, 0, sizeof *sc);
}

char *
sshd_config_print(const struct sshd_config *sc)
{
	struct buf b = { 0 };
	size_t i, j;

	for (i = 0; i < sc->n; i++) {
		const struct sshd_directive *d = &sc->v[i];

		buf_printf(&b, "%u ", d->line);
		if (d->match)
			buf_printf(&b, "match %u ", d->match);
		buf_printf(&b, "%s ", d->key);
		print_str(&b, d->arg);
		for (j = 1; j < d->nargs; j++) {
			buf_addc(&b, ' ');
			print_str(&b, d->args[j]);
		}
		if (d->more)
			buf_adds(&b, " ...");
		buf_addc(&b, '\n');
	}
	return buf_str(&b);
}

int
sshd_pattern_match(const char *s, const char *p)
{
	const char *bs = NULL, *bp = NULL;

	while (*s) {
		if (*p == '*') {
			bp = ++p;
			bs = s;
			continue;
		}
		if (*p && (*p == '?' || *p == *s)) {
			p++;
			s++;
			continue;
		}
		if (bp == NULL)
			return 0;
		p = bp;
		s = ++bs;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}
