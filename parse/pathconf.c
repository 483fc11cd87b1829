/*
 * pathconf.c: parsers of the files that name root's PATH and the dynamic
 * linker's directories (see pathconf.h). Buffers in, items out; a
 * malformed line is reported and skipped. Never reads, globs or runs.
 *
 * Sources: pam_env(8) and pam_env.conf(5) for /etc/environment (KEY=VAL,
 * "export " tolerated, quotes removed); login.defs(5) ENV_SUPATH and
 * ENV_PATH; glibc's
 * elf/ldconfig.c (parse_conf, add_dir_1) and ldconfig(8) for ld.so.conf;
 * ld.so(8) for /etc/ld.so.preload (glibc's elf/rtld.c splits it at
 * blanks, newlines and colons); musl's ldso/dynlink.c for
 * ld-musl-ARCH.path (colons or newlines).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/lines.h"
#include "parse/pathconf.h"
#include "lib/xmalloc.h"
#include "lib/str.h"

void
pathconf_free(struct pathconf *pc)
{
	size_t i;

	for (i = 0; i < pc->n; i++) {
		free(pc->v[i].value);
		free(pc->v[i].key);
	}
	free(pc->v);
	memset(pc, 0, sizeof *pc);
}

static void
perr(parse_err_fn err, void *ctx, unsigned line, const char *why)
{
	if (err)
		err(ctx, line, why);
}

/* an absolute path without repeated or trailing slashes (allocated) */
static char *
norm_abs(const char *s, size_t n)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '/' && b.len && b.data[b.len - 1] == '/')
			continue;
		buf_addc(&b, s[i]);
	}
	if (b.len > 1 && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	return buf_str(&b);
}

static int
add(struct pathconf *pc, enum pathconf_kind kind, const char *s, size_t n,
    unsigned line, const char *key)
{
	struct pathconf_item *it;

	if (pc->n >= PATHCONF_MAX_ITEMS) {
		pc->truncated = 1;
		return 0;
	}
	pc->v = xreallocarray(pc->v, pc->n + 1, sizeof *pc->v);
	it = &pc->v[pc->n++];
	it->kind = kind;
	it->value = kind == PC_DIR || (kind == PC_FILE && n && s[0] == '/') ?
	    norm_abs(s, n) : xstrndup(s, n);
	it->line = line;
	it->key = key ? xstrdup(key) : NULL;
	return 1;
}

void
pathconf_split(struct pathconf *pc, const char *value, size_t n,
    unsigned line, const char *key)
{
	const char *p = value, *end = value + n, *c;

	for (;;) {
		size_t el;

		c = memchr(p, ':', (size_t)(end - p));
		el = c ? (size_t)(c - p) : (size_t)(end - p);
		/* an expansion ($VAR, `cmd`, or a tilde sh expands in an
		 * assignment, XCU 2.6.1): its value is not ours to know */
		if (memchr(p, '$', el) == NULL && memchr(p, '`', el) == NULL &&
		    (el == 0 || p[0] != '~')) {
			if (el && p[0] == '/')
				add(pc, PC_DIR, p, el, line, key);
			else
				/* "" and "." are the current directory
				 * (execvp(3), sh(1) "PATH") */
				add(pc, PC_RELATIVE, p, el, line, key);
		}
		if (c == NULL)
			break;
		p = c + 1;
	}
}

/* one level of matching quotes around a value */
static void
unquote(const char **s, size_t *n)
{
	if (*n >= 2 && ((*s)[0] == '"' || (*s)[0] == '\'') &&
	    (*s)[*n - 1] == (*s)[0]) {
		(*s)++;
		*n -= 2;
	}
}

/* the common line loop: over-long and NUL lines reported; 1 for a line
 * to look at (trimmed of leading blanks), 0 at the end */
static int
next_line(struct lines *l, const char **s, size_t *n, parse_err_fn err,
    void *ctx)
{
	int r;

	while ((r = lines_next(l, s, n)) != 0) {
		if (r == -1) {
			perr(err, ctx, l->lineno, "line too long");
			continue;
		}
		if (memchr(*s, '\0', *n)) {
			perr(err, ctx, l->lineno, "NUL byte in line");
			continue;
		}
		trim_blanks(s, n);
		return 1;
	}
	return 0;
}

static int
word_is(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);

	return n > wl && memcmp(s, w, wl) == 0 &&
	    isblank((unsigned char)s[wl]);
}

size_t
pathconf_environment(struct pathconf *pc, const char *buf, size_t len,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s, *eq, *v;
	size_t n, vl, before = pc->n;

	lines_init(&l, buf, len);
	while (next_line(&l, &s, &n, err, ctx)) {
		if (n == 0 || s[0] == '#')
			continue;
		if (word_is(s, n, "export")) {
			s += 7;
			n -= 7;
			trim_blanks(&s, &n);
		}
		eq = memchr(s, '=', n);
		if (eq == NULL || eq == s) {
			perr(err, ctx, l.lineno, "not a KEY=VALUE line");
			continue;
		}
		if ((size_t)(eq - s) != 4 || memcmp(s, "PATH", 4) != 0)
			continue;
		v = eq + 1;
		vl = n - 5;
		trim_blanks(&v, &vl);
		unquote(&v, &vl);
		pathconf_split(pc, v, vl, l.lineno, "PATH");
	}
	return pc->n - before;
}

size_t
pathconf_login_defs(struct pathconf *pc, const char *buf, size_t len,
    const char *key, parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s, *v;
	size_t n, vl, kl = strlen(key), before = pc->n;

	lines_init(&l, buf, len);
	while (next_line(&l, &s, &n, err, ctx)) {
		if (n == 0 || s[0] == '#')
			continue;
		if (n <= kl || memcmp(s, key, kl) != 0 ||
		    !isblank((unsigned char)s[kl]))
			continue;
		v = s + kl;
		vl = n - kl;
		trim_blanks(&v, &vl);
		unquote(&v, &vl);
		/* shadow's login.c: a value without "PATH=" is the list */
		if (vl >= 5 && memcmp(v, "PATH=", 5) == 0) {
			v += 5;
			vl -= 5;
		}
		if (vl == 0) {
			perr(err, ctx, l.lineno, "empty PATH value");
			continue;
		}
		pathconf_split(pc, v, vl, l.lineno, key);
	}
	return pc->n - before;
}

static int
ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

size_t
pathconf_shell(struct pathconf *pc, const char *buf, size_t len,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s;
	size_t n, i, before = pc->n;

	lines_init(&l, buf, len);
	while (next_line(&l, &s, &n, err, ctx)) {
		for (i = 0; i + 5 <= n; i++) {
			const char *v;
			size_t vl = 0;

			/* a comment starts a word */
			if (s[i] == '#' && (i == 0 ||
			    isblank((unsigned char)s[i - 1])))
				break;
			if (memcmp(s + i, "PATH=", 5) != 0 ||
			    (i > 0 && (ident_char(s[i - 1]) || s[i - 1] == '$' ||
			    s[i - 1] == '{')))
				continue;
			v = s + i + 5;
			if (v < s + n && (*v == '"' || *v == '\'')) {
				const char *q = memchr(v + 1, *v,
				    (size_t)(s + n - v - 1));

				if (q == NULL) {
					perr(err, ctx, l.lineno, "unterminated "
					    "quote in a PATH assignment");
					break;
				}
				v++;
				vl = (size_t)(q - v);
				i = (size_t)(q - s);
			} else {
				while (v + vl < s + n &&
				    strchr(" \t;&|)", v[vl]) == NULL)
					vl++;
				i = (size_t)(v + vl - s);
			}
			pathconf_split(pc, v, vl, l.lineno, "PATH");
		}
	}
	return pc->n - before;
}

size_t
pathconf_ldso_conf(struct pathconf *pc, const char *buf, size_t len,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s, *hash, *eq;
	size_t n, before = pc->n;

	lines_init(&l, buf, len);
	while (next_line(&l, &s, &n, err, ctx)) {
		/* no quoting: the first '#' ends the line */
		if ((hash = memchr(s, '#', n)) != NULL)
			n = (size_t)(hash - s);
		trim_blanks(&s, &n);
		if (n == 0)
			continue;
		if (word_is(s, n, "include")) {
			const char *p = s + 8, *end = s + n;

			while (p < end) {
				const char *w = p;

				while (p < end && !isblank((unsigned char)*p))
					p++;
				if (p > w)
					add(pc, PC_INCLUDE, w, (size_t)(p - w),
					    l.lineno, "include");
				while (p < end && isblank((unsigned char)*p))
					p++;
			}
			continue;
		}
		if (n > 5 && strncasecmp(s, "hwcap", 5) == 0 &&
		    isblank((unsigned char)s[5]))
			continue;
		/* ldconfig(8): "dirname=TYPE" */
		if ((eq = memchr(s, '=', n)) != NULL)
			n = (size_t)(eq - s);
		trim_blanks(&s, &n);
		if (n == 0 || s[0] != '/') {
			perr(err, ctx, l.lineno, "not an absolute directory");
			continue;
		}
		add(pc, PC_DIR, s, n, l.lineno, NULL);
	}
	return pc->n - before;
}

/* split a line at any of seps; absolute items as abs_kind */
static void
split_any(struct pathconf *pc, const char *s, size_t n, const char *seps,
    enum pathconf_kind abs_kind, enum pathconf_kind rel_kind,
    unsigned line)
{
	size_t i = 0, st;

	while (i < n) {
		while (i < n && strchr(seps, s[i]))
			i++;
		st = i;
		while (i < n && !strchr(seps, s[i]))
			i++;
		if (i > st)
			add(pc, s[st] == '/' ? abs_kind : rel_kind, s + st,
			    i - st, line, NULL);
	}
}

size_t
pathconf_preload(struct pathconf *pc, const char *buf, size_t len,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s;
	size_t n, before = pc->n;

	lines_init(&l, buf, len);
	while (next_line(&l, &s, &n, err, ctx))
		split_any(pc, s, n, " \t\r:", PC_FILE, PC_RELATIVE, l.lineno);
	return pc->n - before;
}

size_t
pathconf_musl_path(struct pathconf *pc, const char *buf, size_t len,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s;
	size_t n, before = pc->n;

	lines_init(&l, buf, len);
	while (next_line(&l, &s, &n, err, ctx))
		split_any(pc, s, n, ":", PC_DIR, PC_RELATIVE, l.lineno);
	return pc->n - before;
}

char *
pathconf_print(const struct pathconf *pc)
{
	static const char *const kinds[] = { "dir", "relative", "include",
	    "file" };
	struct buf b = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < pc->n; i++)
		buf_printf(&b, "%u\t%s\t%s\t%s\n", pc->v[i].line,
		    kinds[pc->v[i].kind], pc->v[i].key ? pc->v[i].key : "-",
		    pc->v[i].value);
	buf_addc(&b, '\0');
	return b.data;
}
