/*
 * dpkg.c: the stanzas of dpkg's status file (dpkg.h). Takes a buffer,
 * hands each stanza to its caller; never reads a file.
 *
 * Sources: deb-control(5) and deb822(5) for the syntax; dpkg-query(1)
 * "Package states" for which states leave files on disk.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/xmalloc.h"
#include "parse/dpkg.h"
#include "lib/str.h"

static void
perr(parse_err_fn err, void *ctx, unsigned line, const char *why)
{
	if (err)
		err(ctx, line, why);
}

/* dpkg-query(1) "Package states": these leave the package's files (or
 * some of them) on disk */
static int
state_ondisk(const char *st, size_t n)
{
	static const char *const on[] = {
		"installed", "half-installed", "unpacked", "half-configured",
		"triggers-awaited", "triggers-pending", NULL,
	};
	const char *w;
	size_t i, wl;
	int word = 0;

	/* Status: want flag status -- the third word */
	for (i = 0; i < n && word < 2; i++)
		if ((st[i] == ' ' || st[i] == '\t') && i + 1 < n &&
		    st[i + 1] != ' ' && st[i + 1] != '\t')
			word++;
	if (word < 2)
		return 0;
	w = st + i;
	wl = n - i;
	trim_blanks(&w, &wl);
	for (i = 0; on[i]; i++)
		if (strlen(on[i]) == wl && memcmp(on[i], w, wl) == 0)
			return 1;
	return 0;
}

static size_t
stanza_end(struct dpkg_stanza *st, dpkg_stanza_fn fn, void *fctx,
    parse_err_fn err, void *ctx)
{
	size_t kept = 0;
	const char *why;

	if (st->line == 0)
		return 0;
	if (st->pkg == NULL)
		perr(err, ctx, st->line, "stanza without a Package field");
	else if ((why = fn(fctx, st)) != NULL)
		perr(err, ctx, st->line, why);
	else
		kept = 1;
	free(st->pkg);
	free(st->arch);
	free(st->version);
	memset(st, 0, sizeof *st);
	return kept;
}

size_t
dpkg_status_parse(const char *buf, size_t len, dpkg_stanza_fn fn,
    void *fctx, parse_err_fn err, void *ctx)
{
	struct lines l;
	struct dpkg_stanza st;
	const char *s;
	size_t n, kept = 0;
	int r;

	memset(&st, 0, sizeof st);
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		const char *colon, *v;
		size_t fl, vl;

		if (r == -1) {
			perr(err, ctx, l.lineno, "line too long");
			continue;
		}
		if (memchr(s, '\0', n)) {
			perr(err, ctx, l.lineno, "NUL byte in line");
			continue;
		}
		if (is_blank_span(s, n)) {
			kept += stanza_end(&st, fn, fctx, err, ctx);
			continue;
		}
		if (s[0] == '#')
			continue;	/* deb822(5): comment lines */
		if (s[0] == ' ' || s[0] == '\t')
			continue;	/* continuation: nothing we keep */
		colon = memchr(s, ':', n);
		if (colon == NULL || colon == s) {
			perr(err, ctx, l.lineno, "field without a name and "
			    "colon");
			continue;
		}
		if (st.line == 0)
			st.line = l.lineno;
		fl = (size_t)(colon - s);
		v = colon + 1;
		vl = n - fl - 1;
		trim_blanks(&v, &vl);
		/* field names are case-insensitive (deb822(5)) */
		if (fl == 7 && strncasecmp(s, "Package", 7) == 0) {
			if (st.pkg) {
				perr(err, ctx, l.lineno, "second Package field "
				    "in a stanza");
				continue;
			}
			if (vl == 0 || memchr(v, '/', vl) || memchr(v, ' ', vl)) {
				perr(err, ctx, l.lineno, "malformed package "
				    "name");
				continue;
			}
			st.pkg = xstrndup(v, vl);
		} else if (fl == 12 && strncasecmp(s, "Architecture", 12) == 0) {
			free(st.arch);
			st.arch = vl ? xstrndup(v, vl) : NULL;
		} else if (fl == 7 && strncasecmp(s, "Version", 7) == 0) {
			/* deb-version(7): [epoch:]upstream[-revision] */
			free(st.version);
			st.version = vl ? xstrndup(v, vl) : NULL;
		} else if (fl == 6 && strncasecmp(s, "Status", 6) == 0) {
			st.has_status = 1;
			st.ondisk = state_ondisk(v, vl);
		}
	}
	kept += stanza_end(&st, fn, fctx, err, ctx);
	return kept;
}

static const char *
print_stanza(void *fctx, struct dpkg_stanza *st)
{
	struct buf *b = fctx;

	buf_printf(b, "%u %s%s%s %s%s%s\n", st->line, st->pkg, st->arch ?
	    ":" : "", st->arch ? st->arch : "", !st->has_status ? "no-status" :
	    st->ondisk ? "on-disk" : "off", st->version ? " " : "",
	    st->version ? st->version : "");
	return NULL;
}

char *
dpkg_status_print(const char *buf, size_t len)
{
	struct buf b = { 0 };

	dpkg_status_parse(buf, len, print_stanza, &b, NULL, NULL);
	return buf_str(&b);
}
