/*
 * logrotate.c: logrotate's configuration text (logrotate.h). Takes a
 * buffer; never reads a file, never runs a script.
 *
 * Source: logrotate.conf(5) and logrotate(8) of logrotate 3.21 (the
 * include directive, log file blocks, postrotate, prerotate, firstaction,
 * lastaction and preremove scripts ended by endscript); its config.c
 * (readConfigFile) for '#' comments after blanks and a '{' that may
 * follow the patterns on a line of its own.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/xmalloc.h"
#include "parse/logrotate.h"

static void
perr(parse_err_fn err, void *ctx, unsigned line, const char *why)
{
	if (err)
		err(ctx, line, why);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* the first word of s (n bytes) and its length */
static size_t
first_word(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !is_blank(s[i]))
		i++;
	return i;
}

static int
word_is(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && memcmp(s, w, n) == 0;
}

static const char *
script_kind(const char *s, size_t n)
{
	static const char *const kinds[] = { "postrotate", "prerotate",
	    "firstaction", "lastaction", "preremove", NULL };
	size_t i;

	for (i = 0; kinds[i]; i++)
		if (word_is(s, n, kinds[i]))
			return kinds[i];
	return NULL;
}

struct lr_state {
	struct logrotate_conf	*c;
	parse_err_fn		 err;
	void			*ctx;
	int			 in_block;
	struct buf		 logs;		/* the open block's patterns */
	int			 pending;	/* logs awaiting their '{' */
	const char		*kind;		/* an open script */
	unsigned		 kline;
	struct buf		 text;
};

static void
lr_script_end(struct lr_state *st)
{
	struct logrotate_script *sc;

	if (st->c->ns >= LOGROTATE_MAX_SCRIPTS) {
		perr(st->err, st->ctx, st->kline, "too many scripts");
		goto out;
	}
	st->c->s = xreallocarray(st->c->s, st->c->ns + 1, sizeof *st->c->s);
	sc = &st->c->s[st->c->ns++];
	sc->kind = xstrdup(st->kind);
	buf_add(&st->text, "", 0);
	sc->text = xstrdup(st->text.data);
	buf_add(&st->logs, "", 0);
	sc->logs = xstrdup(st->logs.data);
	sc->line = st->kline;
out:
	st->kind = NULL;
	st->text.len = 0;
}

/* a line outside any script: a directive, a pattern list, a brace */
static void
lr_line(struct lr_state *st, const char *s, size_t n, unsigned line)
{
	size_t w = first_word(s, n);
	const char *kind, *brace;

	if (!st->in_block && word_is(s, w, "include")) {
		const char *a = s + w;
		size_t an = n - w;

		while (an && is_blank(*a)) {
			a++;
			an--;
		}
		while (an && is_blank(a[an - 1]))
			an--;
		if (an == 0)
			perr(st->err, st->ctx, line, "include without a path");
		else if (st->c->nincludes >= LOGROTATE_MAX_INCLUDES)
			perr(st->err, st->ctx, line, "too many includes");
		else {
			st->c->includes = xreallocarray(st->c->includes,
			    st->c->nincludes + 1, sizeof *st->c->includes);
			st->c->includes[st->c->nincludes++] =
			    xstrndup(a, an);
		}
		return;
	}
	if (st->in_block && (kind = script_kind(s, w)) != NULL) {
		st->kind = kind;
		st->kline = line;
		st->text.len = 0;
		return;
	}
	if (s[0] == '}') {
		if (!st->in_block)
			perr(st->err, st->ctx, line, "'}' outside a block");
		st->in_block = 0;
		return;
	}
	if ((brace = memchr(s, '{', n)) != NULL) {
		if (st->in_block) {
			perr(st->err, st->ctx, line, "'{' inside a block");
			return;
		}
		/* the patterns before the brace, after those of the
		 * lines before it */
		if (!st->pending)
			st->logs.len = 0;
		if (brace > s) {
			if (st->logs.len)
				buf_addc(&st->logs, ' ');
			buf_add(&st->logs, s, (size_t)(brace - s));
			while (st->logs.len &&
			    is_blank(st->logs.data[st->logs.len - 1]))
				st->logs.len--;
		}
		st->pending = 0;
		st->in_block = 1;
		return;
	}
	if (!st->in_block) {
		/* a line of patterns whose '{' comes later (a path or a
		 * quoted one), or a global directive */
		if (s[0] == '/' || s[0] == '"' || s[0] == '\'' ||
		    s[0] == '~') {
			if (!st->pending)
				st->logs.len = 0;
			else
				buf_addc(&st->logs, ' ');
			buf_add(&st->logs, s, n);
			st->pending = 1;
		} else
			st->pending = 0;
	}
}

void
logrotate_parse(const char *buf, size_t len, struct logrotate_conf *c,
    parse_err_fn err, void *ctx)
{
	struct lr_state st;
	struct lines l;
	const char *s;
	size_t n;
	int r;

	memset(&st, 0, sizeof st);
	st.c = c;
	st.err = err;
	st.ctx = ctx;
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		const char *t = s;
		size_t tn = n;

		if (r == -1) {
			perr(err, ctx, l.lineno, "line too long");
			continue;
		}
		if (memchr(s, '\0', n)) {
			perr(err, ctx, l.lineno, "NUL byte in line");
			continue;
		}
		while (tn && is_blank(*t)) {
			t++;
			tn--;
		}
		while (tn && is_blank(t[tn - 1]))
			tn--;
		if (st.kind) {
			if (word_is(t, first_word(t, tn), "endscript"))
				lr_script_end(&st);
			else {
				buf_add(&st.text, s, n);
				buf_addc(&st.text, '\n');
			}
			continue;
		}
		if (tn == 0 || *t == '#')
			continue;
		lr_line(&st, t, tn, l.lineno);
	}
	if (st.kind)
		perr(err, ctx, st.kline, "script without endscript");
	else if (st.in_block)
		perr(err, ctx, l.lineno, "block without '}'");
	buf_free(&st.logs);
	buf_free(&st.text);
}

void
logrotate_conf_free(struct logrotate_conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ns; i++) {
		free(c->s[i].kind);
		free(c->s[i].text);
		free(c->s[i].logs);
	}
	free(c->s);
	for (i = 0; i < c->nincludes; i++)
		free(c->includes[i]);
	free(c->includes);
	memset(c, 0, sizeof *c);
}

char *
logrotate_print(const struct logrotate_conf *c)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < c->nincludes; i++)
		buf_printf(&b, "include %s\n", c->includes[i]);
	for (i = 0; i < c->ns; i++) {
		const char *p = c->s[i].text, *e;

		buf_printf(&b, "%u %s %s\n", c->s[i].line, c->s[i].kind,
		    c->s[i].logs);
		while (*p && (e = strchr(p, '\n')) != NULL) {
			buf_addc(&b, '\t');
			buf_add(&b, p, (size_t)(e - p + 1));
			p = e + 1;
		}
	}
	return buf_str(&b);
}
