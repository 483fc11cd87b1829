/*
 * yamlkeys.c: scalar values of YAML block mappings by key path
 * (yamlkeys.h). Takes a buffer; never reads a file, never follows an
 * alias or a tag.
 *
 * Source: YAML 1.2.2, chapter 8 "Block Style Productions" (indentation
 * of block mappings, "- " block sequence entries, "|" and ">" block
 * scalars) and chapter 7 "Flow Style Productions" (single-quoted
 * scalars: '' escapes a quote; double-quoted: backslash escapes).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/xmalloc.h"
#include "parse/yamlkeys.h"

static void
perr(parse_err_fn err, void *ctx, unsigned line, const char *why)
{
	if (err)
		err(ctx, line, why);
}

/* a value: quotes removed, a plain one cut at " #"; NULL if a quote
 * does not close */
static char *
yk_value(const char *v, size_t n)
{
	struct buf b = { 0 };
	size_t i;

	if (n && (v[0] == '\'' || v[0] == '"')) {
		char q = v[0];

		for (i = 1; i < n; i++) {
			if (q == '\'' && v[i] == '\'') {
				if (i + 1 < n && v[i + 1] == '\'') {
					buf_addc(&b, '\'');
					i++;
					continue;
				}
				return buf_str(&b);
			}
			if (q == '"' && v[i] == '"')
				return buf_str(&b);
			if (q == '"' && v[i] == '\\' && i + 1 < n) {
				i++;
				buf_addc(&b, v[i] == 'n' ? '\n' : v[i] == 't' ?
				    '\t' : v[i]);
				continue;
			}
			buf_addc(&b, v[i]);
		}
		buf_free(&b);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (v[i] == '#' && i > 0 && (v[i - 1] == ' ' ||
		    v[i - 1] == '\t'))
			break;
	while (i && (v[i - 1] == ' ' || v[i - 1] == '\t'))
		i--;
	buf_add(&b, v, i);
	return buf_str(&b);
}

struct yk_level {
	size_t		 indent;
	char		 key[YAMLKEYS_MAX_KEY + 1];
};

static void
yk_path(const struct yk_level *lv, size_t depth, const char *key,
    struct buf *p)
{
	size_t i;

	p->len = 0;
	for (i = 0; i < depth; i++) {
		buf_adds(p, lv[i].key);
		buf_addc(p, '.');
	}
	buf_adds(p, key);
}

size_t
yamlkeys_parse(const char *buf, size_t len, yamlkeys_fn fn, void *fctx,
    parse_err_fn err, void *ctx)
{
	struct yk_level lv[YAMLKEYS_MAX_DEPTH];
	struct buf path = { 0 };
	struct lines l;
	const char *s, *colon;
	size_t n, depth = 0, kept = 0, ind, kl, block = (size_t)-1;
	int r;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		char key[YAMLKEYS_MAX_KEY + 1], *val;
		const char *v;
		size_t vn;

		if (r == -1) {
			perr(err, ctx, l.lineno, "line too long");
			continue;
		}
		if (memchr(s, '\0', n)) {
			perr(err, ctx, l.lineno, "NUL byte in line");
			continue;
		}
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
			n--;
		for (ind = 0; ind < n && s[ind] == ' '; ind++)
			;
		if (ind == n || s[ind] == '#')
			continue;
		/* the lines of a block scalar (or of a mapping too deep)
		 * are deeper than its key */
		if (block != (size_t)-1 && ind > block)
			continue;
		block = (size_t)-1;
		if (s[ind] == '\t') {
			perr(err, ctx, l.lineno, "tab in indentation");
			continue;
		}
		if (ind == 0 && n >= 3 && memcmp(s, "---", 3) == 0) {
			depth = 0;
			continue;
		}
		while (depth && lv[depth - 1].indent >= ind)
			depth--;
		/* sequences, flow collections and the like: passed over */
		if (s[ind] == '-' || s[ind] == '[' || s[ind] == '{' ||
		    s[ind] == '&' || s[ind] == '*' || s[ind] == '!' ||
		    s[ind] == '?')
			continue;
		colon = NULL;
		for (kl = ind; kl < n; kl++)
			if (s[kl] == ':' && (kl + 1 == n || s[kl + 1] == ' ')) {
				colon = s + kl;
				break;
			}
		if (colon == NULL)
			continue;
		kl = (size_t)(colon - s) - ind;
		if (kl == 0 || kl > YAMLKEYS_MAX_KEY) {
			perr(err, ctx, l.lineno, "key empty or too long");
			continue;
		}
		memcpy(key, s + ind, kl);
		key[kl] = '\0';
		v = colon + 1;
		vn = n - (size_t)(v - s);
		while (vn && *v == ' ') {
			v++;
			vn--;
		}
		if (vn == 0 || *v == '#') {
			/* a mapping (or a sequence) opens below; past the
			 * depth kept, what is below is passed over */
			if (depth == YAMLKEYS_MAX_DEPTH) {
				block = ind;
				continue;
			}
			lv[depth].indent = ind;
			memcpy(lv[depth].key, key, kl + 1);
			depth++;
			continue;
		}
		if (*v == '|' || *v == '>') {
			block = ind;
			continue;
		}
		if (*v == '[' || *v == '{' || *v == '&' || *v == '*' ||
		    *v == '!')
			continue;
		if ((val = yk_value(v, vn)) == NULL) {
			perr(err, ctx, l.lineno, "unclosed quote");
			continue;
		}
		yk_path(lv, depth, key, &path);
		fn(fctx, buf_str(&path), val, l.lineno);
		free(val);
		kept++;
	}
	buf_free(&path);
	return kept;
}

static void
print_one(void *fctx, const char *path, const char *value, unsigned line)
{
	buf_printf(fctx, "%u %s=%s\n", line, path, value);
}

char *
yamlkeys_print(const char *buf, size_t len)
{
	struct buf b = { 0 };

	yamlkeys_parse(buf, len, print_one, &b, NULL, NULL);
	return buf_str(&b);
}
