/*
 * daemonconf.c: include directives of nginx, Apache httpd, rsyslog, sshd
 * and php-fpm configuration, and php-fpm's pool users (daemonconf.h).
 * Buffers in, a struct out; no path is resolved or opened here, no NUL
 * byte is taken into a path.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/daemonconf.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/str.h"
#include "lib/xmalloc.h"

static const char *const syntaxes[] = {
	"", "nginx", "apache", "rsyslog", "sshd", "php-fpm", NULL,
};

enum dc_syntax
dc_syntax_parse(const char *name)
{
	size_t i;

	for (i = 1; name && syntaxes[i]; i++)
		if (strcmp(syntaxes[i], name) == 0)
			return (enum dc_syntax)i;
	return DC_NONE;
}

struct dp {
	struct dc_conf	*c;
	parse_err_fn	 err;
	void		*ctx;
};

static void
dp_err(struct dp *d, unsigned line, const char *why)
{
	if (d->err)
		d->err(d->ctx, line, why);
}

static void
add(struct dp *d, struct dc_item **v, size_t *n, const char *s, size_t len,
    const char *pool, unsigned line)
{
	if (len == 0)
		return;
	if (len > DC_MAX_PATH || memchr(s, '\0', len)) {
		dp_err(d, line, "a value too long or holding a NUL byte");
		return;
	}
	if (*n >= DC_MAX_ITEMS) {
		dp_err(d, line, "too many includes");
		return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].value = xstrndup(s, len);
	(*v)[*n].pool = pool ? xstrdup(pool) : NULL;
	(*v)[*n].line = line;
	(*n)++;
}

/* the first word of [p, e) after blanks, unquoted ("..." or '...'):
 * *w, *wn; returns the end, or NULL for an unterminated quote */
static const char *
word(const char *p, const char *e, const char **w, size_t *wn)
{
	while (p < e && is_blank(*p))
		p++;
	if (p < e && (*p == '"' || *p == '\'')) {
		const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));

		if (q == NULL)
			return NULL;
		*w = p + 1;
		*wn = (size_t)(q - p - 1);
		return q + 1;
	}
	*w = p;
	while (p < e && !is_blank(*p))
		p++;
	*wn = (size_t)(p - *w);
	return p;
}

/* --- nginx: statements end at ';', '{' or '}', comments '#' --------- */

static void
dc_nginx(struct dp *d, const char *buf, size_t len)
{
	const char *p = buf, *e = buf + len;
	unsigned line = 1, inc_line = 0;
	int nw = 0, is_inc = 0;
	const char *arg = NULL;
	size_t argn = 0;

	while (p < e) {
		const char *w;
		size_t wn;

		if (*p == '\n' || is_blank(*p) || *p == '\r') {
			line += *p++ == '\n';
			continue;
		}
		if (*p == '#') {
			while (p < e && *p != '\n')
				p++;
			continue;
		}
		if (*p == ';' || *p == '{' || *p == '}') {
			if (*p == ';' && is_inc && nw == 2)
				add(d, &d->c->inc, &d->c->ninc, arg, argn,
				    NULL, inc_line);
			nw = is_inc = 0;
			p++;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));

			if (q == NULL) {
				dp_err(d, line, "unterminated quote");
				return;
			}
			w = p + 1;
			wn = (size_t)(q - p - 1);
			for (; p <= q; p++)
				line += *p == '\n';
		} else {
			w = p;
			while (p < e && !is_blank(*p) && *p != '\n' &&
			    *p != '\r' && *p != ';' && *p != '{' && *p != '}')
				p++;
			wn = (size_t)(p - w);
		}
		if (nw == 0 && wn == 7 && memcmp(w, "include", 7) == 0) {
			is_inc = 1;
			inc_line = line;
		} else if (nw == 1) {
			arg = w;
			argn = wn;
		}
		nw++;
	}
}

/* --- the line-based ones -------------------------------------------- */

/* rsyslog's include(file="..." ...) on one line */
static void
dc_rsyslog_include(struct dp *d, const char *p, const char *e,
    unsigned line)
{
	const char *f, *q;

	for (f = p; f + 5 < e; f++)
		if (strncasecmp(f, "file=", 5) == 0)
			break;
	if (f + 5 >= e || (f[5] != '"' && f[5] != '\'')) {
		dp_err(d, line, "include() without file=\"...\"");
		return;
	}
	q = memchr(f + 6, f[5], (size_t)(e - f - 6));
	if (q == NULL) {
		dp_err(d, line, "unterminated quote");
		return;
	}
	add(d, &d->c->inc, &d->c->ninc, f + 6, (size_t)(q - f - 6), NULL,
	    line);
}

/* the words after a directive (sshd's Include takes several) */
static void
dc_args(struct dp *d, const char *p, const char *e, unsigned line, int many)
{
	do {
		const char *w;
		size_t wn;

		if ((p = word(p, e, &w, &wn)) == NULL) {
			dp_err(d, line, "unterminated quote");
			return;
		}
		add(d, &d->c->inc, &d->c->ninc, w, wn, NULL, line);
	} while (many && p < e);
}

static int
directive(const char **p, const char *e, const char *name)
{
	size_t n = strlen(name);

	if ((size_t)(e - *p) <= n || strncasecmp(*p, name, n) != 0 ||
	    !is_blank((*p)[n]))
		return 0;
	*p += n;
	return 1;
}

/* php-fpm: ini lines, ';' comments, [pool] sections */
static void
dc_phpfpm_line(struct dp *d, const char *p, const char *e, unsigned line,
    char **pool)
{
	const char *eq, *k, *v;
	size_t kn, vn;

	if (*p == '[') {
		const char *z = memchr(p, ']', (size_t)(e - p));

		free(*pool);
		*pool = z ? xstrndup(p + 1, (size_t)(z - p - 1)) : NULL;
		return;
	}
	if ((eq = memchr(p, '=', (size_t)(e - p))) == NULL)
		return;
	k = p;
	kn = (size_t)(eq - p);
	trim_blanks(&k, &kn);
	v = eq + 1;
	vn = (size_t)(e - v);
	trim_blanks(&v, &vn);
	if (vn >= 2 && (v[0] == '"' || v[0] == '\'') && v[vn - 1] == v[0]) {
		v++;
		vn -= 2;
	}
	if (kn == 7 && memcmp(k, "include", 7) == 0)
		add(d, &d->c->inc, &d->c->ninc, v, vn, NULL, line);
	else if (kn == 4 && memcmp(k, "user", 4) == 0 && *pool)
		add(d, &d->c->users, &d->c->nusers, v, vn, *pool, line);
}

static void
dc_lines(struct dp *d, const char *buf, size_t len, enum dc_syntax syn)
{
	struct lines lc;
	const char *line;
	size_t n;
	char *pool = NULL;
	int r;

	lines_init(&lc, buf, len);
	while ((r = lines_next(&lc, &line, &n)) != 0) {
		const char *p = line, *e = line + n;

		if (r == -1) {
			dp_err(d, lc.lineno, "line too long");
			continue;
		}
		while (p < e && is_blank(*p))
			p++;
		if (p == e || *p == '#' || (syn == DC_PHPFPM && *p == ';'))
			continue;
		if (syn == DC_PHPFPM)
			dc_phpfpm_line(d, p, e, lc.lineno, &pool);
		else if (syn == DC_APACHE && (directive(&p, e, "Include") ||
		    directive(&p, e, "IncludeOptional")))
			dc_args(d, p, e, lc.lineno, 0);
		else if (syn == DC_SSHD && directive(&p, e, "Include"))
			dc_args(d, p, e, lc.lineno, 1);
		else if (syn == DC_RSYSLOG && directive(&p, e,
		    "$IncludeConfig"))
			dc_args(d, p, e, lc.lineno, 0);
		else if (syn == DC_RSYSLOG && (size_t)(e - p) > 8 &&
		    strncasecmp(p, "include(", 8) == 0)
			dc_rsyslog_include(d, p + 8, e, lc.lineno);
	}
	free(pool);
}

void
dc_parse(const char *buf, size_t len, enum dc_syntax syn, struct dc_conf *c,
    parse_err_fn err, void *ctx)
{
	struct dp d = { c, err, ctx };

	memset(c, 0, sizeof *c);
	if (syn == DC_NGINX)
		dc_nginx(&d, buf, len);
	else if (syn != DC_NONE)
		dc_lines(&d, buf, len, syn);
}

void
dc_free(struct dc_conf *c)
{
	size_t i;

	for (i = 0; i < c->ninc; i++)
		free(c->inc[i].value);
	for (i = 0; i < c->nusers; i++) {
		free(c->users[i].value);
		free(c->users[i].pool);
	}
	free(c->inc);
	free(c->users);
	memset(c, 0, sizeof *c);
}

char *
dc_print(const struct dc_conf *c)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < c->ninc; i++)
		buf_printf(&b, "include %u %s\n", c->inc[i].line,
		    c->inc[i].value);
	for (i = 0; i < c->nusers; i++)
		buf_printf(&b, "user %u %s %s\n", c->users[i].line,
		    c->users[i].pool, c->users[i].value);
	buf_adds(&b, "");
	return buf_str(&b);
}
