/*
 * udevrules.c: udev rules files read as text (udevrules.h). Syntax from
 * udev(7) (systemd): one rule a line, a backslash at the end continuing
 * it, '#' comments, comma-separated KEY[{ATTR}] OPERATOR "VALUE" pairs,
 * operators == != = += -= :=, values in double quotes (a leading 'e'
 * marks C-style escapes, which are left as written). Every size bounded;
 * never opens anything.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parse/udevrules.h"
#include "lib/bounds.h"
#include "lib/xmalloc.h"

#define UDEV_MAX_PAIRS	256	/* in one line */

static const char *const ops[] = { "==", "!=", "+=", "-=", ":=", "=",
	NULL };

static void
breset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* One logical line (continuations joined): each pair to fn, up to the
 * first break of the syntax (told to err). Returns the pairs handed. */
static long
parse_line(const char *s, unsigned line, udev_fn fn, parse_err_fn err,
    void *ctx)
{
	struct buf key = { 0 }, attr = { 0 }, val = { 0 };
	struct udev_pair pr;
	const char *why = NULL;
	long n = 0;
	size_t i;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '\0' || *s == '#')
			break;
		if (n >= UDEV_MAX_PAIRS) {
			why = "too many keys in one rule";
			break;
		}
		breset(&key);
		breset(&attr);
		breset(&val);
		while (isalnum((unsigned char)*s) || *s == '_')
			buf_addc(&key, *s++);
		if (key.len == 0) {
			why = "a key expected";
			break;
		}
		if (*s == '{') {
			const char *e = strchr(s, '}');

			if (e == NULL) {
				why = "unterminated {";
				break;
			}
			buf_add(&attr, s + 1, (size_t)(e - s - 1));
			s = e + 1;
		}
		while (*s == ' ' || *s == '\t')
			s++;
		for (i = 0; ops[i]; i++)
			if (strncmp(s, ops[i], strlen(ops[i])) == 0)
				break;
		if (ops[i] == NULL) {
			why = "an operator expected";
			break;
		}
		s += strlen(ops[i]);
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == 'e' && s[1] == '"')
			s++;
		if (*s != '"') {
			why = "a quoted value expected";
			break;
		}
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
				s++;
			buf_addc(&val, *s);
		}
		if (*s != '"') {
			why = "unterminated value";
			break;
		}
		s++;
		pr.key = buf_str(&key);
		pr.attr = attr.len ? buf_str(&attr) : NULL;
		pr.op = ops[i];
		pr.value = buf_str(&val);
		pr.line = line;
		if (fn)
			fn(ctx, &pr);
		n++;
	}
	buf_free(&key);
	buf_free(&attr);
	buf_free(&val);
	if (why && err)
		err(ctx, line, why);
	return n;
}

size_t
udevrules_parse(const char *buf, size_t len, udev_fn fn, parse_err_fn err,
    void *ctx)
{
	const char *p = buf, *end = buf + len;
	struct buf l = { 0 };
	unsigned line = 0, start = 0;
	size_t total = 0;
	long r;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int cont;

		line++;
		if (l.len == 0)
			start = line;
		if (n && p[n - 1] == '\r')
			n--;
		cont = n && p[n - 1] == '\\';
		if (l.len + n > MAX_LINE) {
			if (err)
				err(ctx, start, "line too long");
			breset(&l);
		} else {
			buf_add(&l, p, cont ? n - 1 : n);
		}
		p = nl ? nl + 1 : end;
		if (cont && p < end)
			continue;
		if (memchr(l.data ? l.data : "", '\0', l.len) == NULL) {
			r = parse_line(buf_str(&l), start, fn, err, ctx);
			if (r > 0)
				total += (size_t)r;
		} else if (err) {
			err(ctx, start, "a NUL byte");
		}
		breset(&l);
	}
	buf_free(&l);
	return total;
}

void
udevrules_print(const struct udev_pair *pr, struct buf *b)
{
	const char *v;

	buf_adds(b, pr->key);
	if (pr->attr) {
		buf_addc(b, '{');
		buf_adds(b, pr->attr);
		buf_addc(b, '}');
	}
	buf_adds(b, pr->op);
	buf_addc(b, '"');
	for (v = pr->value; *v; v++) {
		if (*v == '"' || *v == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *v);
	}
	buf_addc(b, '"');
}
