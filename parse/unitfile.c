/*
 * unitfile.c: systemd unit file parsing and the effective view of a unit
 * with its drop-ins (unitfile.h). Buffers in, structures out: never
 * opens a file, never asks systemd. The syntax follows systemd.syntax(7)
 * and, where the page is silent, systemd's own reader (conf-parser.c
 * config_parse(): comments checked before joining continued lines, the
 * continuing backslash turned into a space; load-fragment.c
 * config_parse_exec(): prefixes, lone ";" separators, "\;").
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "parse/unitfile.h"
#include "lib/xmalloc.h"
#include "lib/num.h"

/* systemd's WHITESPACE */
static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
strip(const char **s, size_t *n)
{
	while (*n && is_ws((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_ws((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

struct uparse {
	struct unit_file	*uf;
	char			*section;
	parse_err_fn		 err;
	void			*ctx;
};

static void
uerr(struct uparse *up, unsigned line, const char *why)
{
	if (up->err)
		up->err(up->ctx, line, why);
}

/* conf-parser.c parse_line(): a section header or an assignment */
static void
logical_line(struct uparse *up, const char *s, size_t n, unsigned line)
{
	const char *eq, *k, *v;
	size_t kn, vn;
	struct unit_kv *kv;

	strip(&s, &n);
	if (n == 0)
		return;
	if (s[0] == '[') {
		if (n < 3 || s[n - 1] != ']') {
			uerr(up, line, "invalid section header");
			free(up->section);
			up->section = NULL;	/* what follows is ignored */
			return;
		}
		free(up->section);
		up->section = xstrndup(s + 1, n - 2);
		return;
	}
	if (n >= 8 && memcmp(s, ".include", 8) == 0) {
		uerr(up, line, ".include is not supported by systemd");
		return;
	}
	eq = memchr(s, '=', n);
	if (eq == NULL) {
		uerr(up, line, "missing '='");
		return;
	}
	if (up->section == NULL) {
		uerr(up, line, "assignment outside of a section");
		return;
	}
	k = s;
	kn = (size_t)(eq - s);
	v = eq + 1;
	vn = n - kn - 1;
	strip(&k, &kn);
	strip(&v, &vn);
	if (kn == 0) {
		uerr(up, line, "empty key");
		return;
	}
	up->uf->kv = xgrow(up->uf->kv, up->uf->n, sizeof(*up->uf->kv));
	kv = &up->uf->kv[up->uf->n++];
	kv->section = xstrdup(up->section);
	kv->key = xstrndup(k, kn);
	kv->value = xstrndup(v, vn);
	kv->line = line;
}

/* Does s end in an unescaped backslash? */
static int
ends_escaped(const char *s, size_t n)
{
	size_t i;
	int esc = 0;

	for (i = 0; i < n; i++) {
		if (esc)
			esc = 0;
		else if (s[i] == '\\')
			esc = 1;
	}
	return esc;
}

size_t
unit_parse(const char *buf, size_t len, struct unit_file *uf,
    parse_err_fn err, void *ctx)
{
	struct uparse up = { uf, NULL, err, ctx };
	struct buf cont = { 0 };
	struct lines l;
	const char *s;
	size_t n, before = uf->n;
	unsigned start = 0;
	int r, in_cont = 0, skipping = 0;

	/* a UTF-8 byte order mark is skipped, as conf-parser.c does */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		const char *t = s;
		size_t tn = n;
		int esc;

		if (r == -1 || memchr(s, '\0', n)) {
			uerr(&up, l.lineno, r == -1 ? "line too long" :
			    "line holds a NUL byte");
			/* the whole logical line goes, with what continues
			 * it: an over-long line ends where lines_next went
			 * on from */
			if (r == -1) {
				n = (size_t)(l.p - s);
				if (n && s[n - 1] == '\n')
					n--;
				if (n && s[n - 1] == '\r')
					n--;
			}
			skipping = ends_escaped(s, n);
			in_cont = skipping;
			cont.len = 0;
			continue;
		}
		while (tn && is_ws((unsigned char)*t)) {
			t++;
			tn--;
		}
		if (tn && (*t == '#' || *t == ';'))
			continue;
		if (skipping) {
			/* the rest of a logical line already refused */
			in_cont = skipping = ends_escaped(s, n);
			continue;
		}
		if (!in_cont) {
			start = l.lineno;
			cont.len = 0;
			buf_add(&cont, "", 0);
		}
		if (cont.len + n > MAX_LINE) {
			uerr(&up, start, "continued line too long");
			in_cont = skipping = ends_escaped(s, n);
			cont.len = 0;
			continue;
		}
		buf_add(&cont, s, n);
		/* counted on the joined text, as conf-parser.c does */
		esc = ends_escaped(cont.data, cont.len);
		if (esc) {
			cont.data[cont.len - 1] = ' ';
			in_cont = 1;
			continue;
		}
		in_cont = 0;
		logical_line(&up, cont.data, cont.len, start);
	}
	if (in_cont && !skipping)
		logical_line(&up, cont.data, cont.len, start);
	buf_free(&cont);
	free(up.section);
	return uf->n - before;
}

void
unit_file_free(struct unit_file *uf)
{
	size_t i;

	if (uf == NULL)
		return;
	for (i = 0; i < uf->n; i++) {
		free(uf->kv[i].section);
		free(uf->kv[i].key);
		free(uf->kv[i].value);
	}
	free(uf->kv);
	uf->kv = NULL;
	uf->n = 0;
}

void
unit_file_print(const struct unit_file *uf, struct buf *b)
{
	struct buf line = { 0 };
	const char *sec = NULL;
	size_t i;

	buf_add(b, "", 0);
	for (i = 0; i < uf->n; i++) {
		if (sec == NULL || strcmp(sec, uf->kv[i].section) != 0) {
			sec = uf->kv[i].section;
			buf_printf(b, "[%s]\n", sec);
		}
		buf_printf(&line, "%s=%s", uf->kv[i].key, uf->kv[i].value);
		/* "K=v\ " keeps its backslash once stripped: a blank after
		 * it stops the line from reading as continued */
		if (ends_escaped(line.data, line.len))
			buf_addc(&line, ' ');
		buf_add(b, line.data, line.len);
		buf_addc(b, '\n');
		line.len = 0;
	}
	buf_free(&line);
}

enum unit_type
unit_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot == NULL)
		return UNIT_OTHER;
	if (strcmp(dot, ".service") == 0)
		return UNIT_SERVICE;
	if (strcmp(dot, ".socket") == 0)
		return UNIT_SOCKET;
	if (strcmp(dot, ".timer") == 0)
		return UNIT_TIMER;
	if (strcmp(dot, ".path") == 0)
		return UNIT_PATH;
	return UNIT_OTHER;
}

int
unit_bool(const char *s)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on",
		NULL };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off",
		NULL };
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; yes[i]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (i = 0; no[i]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

/* --- words ---------------------------------------------------------- */

static void
put_utf8(struct buf *b, uint32_t u)
{
	if (u < 0x80) {
		buf_addc(b, (char)u);
	} else if (u < 0x800) {
		buf_addc(b, (char)(0xc0 | (u >> 6)));
		buf_addc(b, (char)(0x80 | (u & 0x3f)));
	} else if (u < 0x10000) {
		buf_addc(b, (char)(0xe0 | (u >> 12)));
		buf_addc(b, (char)(0x80 | ((u >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (u & 0x3f)));
	} else {
		buf_addc(b, (char)(0xf0 | (u >> 18)));
		buf_addc(b, (char)(0x80 | ((u >> 12) & 0x3f)));
		buf_addc(b, (char)(0x80 | ((u >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (u & 0x3f)));
	}
}

/* systemd's cunescape_one(): p after the backslash. Returns the number of
 * characters consumed, or -1. */
static int
cunescape_one(const char *p, const char *e, struct buf *b)
{
	uint32_t u = 0;
	int i, n;

	if (p >= e)
		return -1;
	switch (*p) {
	case 'a': buf_addc(b, '\a'); return 1;
	case 'b': buf_addc(b, '\b'); return 1;
	case 'f': buf_addc(b, '\f'); return 1;
	case 'n': buf_addc(b, '\n'); return 1;
	case 'r': buf_addc(b, '\r'); return 1;
	case 't': buf_addc(b, '\t'); return 1;
	case 'v': buf_addc(b, '\v'); return 1;
	case '\\': buf_addc(b, '\\'); return 1;
	case '"': buf_addc(b, '"'); return 1;
	case '\'': buf_addc(b, '\''); return 1;
	case 's': buf_addc(b, ' '); return 1;
	case 'x':
		if (e - p < 3 || hex_digit(p[1]) < 0 || hex_digit(p[2]) < 0)
			return -1;
		u = (uint32_t)(hex_digit(p[1]) << 4 | hex_digit(p[2]));
		if (u == 0)
			return -1;	/* no NUL bytes */
		buf_addc(b, (char)u);
		return 3;
	case 'u':
	case 'U':
		n = *p == 'u' ? 4 : 8;
		if (e - p < n + 1)
			return -1;
		for (i = 1; i <= n; i++) {
			if (hex_digit(p[i]) < 0)
				return -1;
			u = u << 4 | (uint32_t)hex_digit(p[i]);
		}
		if (u == 0 || u > 0x10ffff || (u >= 0xd800 && u <= 0xdfff))
			return -1;
		put_utf8(b, u);
		return n + 1;
	case '0': case '1': case '2': case '3':
	case '4': case '5': case '6': case '7':
		if (e - p < 3)
			return -1;
		for (i = 0; i < 3; i++) {
			if (p[i] < '0' || p[i] > '7')
				return -1;
			u = u << 3 | (uint32_t)(p[i] - '0');
		}
		if (u == 0 || u > 255)
			return -1;
		buf_addc(b, (char)u);
		return 3;
	default:
		return -1;
	}
}

/*
 * One word from *pp, systemd's extract_first_word() with
 * EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE. 1 and the word in out, 0 at the
 * end, -1 with *why.
 */
static int
next_word(const char **pp, const char *e, struct buf *out, const char **why)
{
	const char *p = *pp;
	char quote = '\0';

	while (p < e && is_ws((unsigned char)*p))
		p++;
	if (p >= e) {
		*pp = p;
		return 0;
	}
	out->len = 0;
	buf_add(out, "", 0);
	while (p < e) {
		char c = *p;

		if (!quote && is_ws((unsigned char)c))
			break;
		if (c == '\\') {
			int k = cunescape_one(p + 1, e, out);

			if (k < 0) {
				*why = p + 1 >= e ? "trailing backslash" :
				    "invalid escape sequence";
				return -1;
			}
			p += 1 + k;
			continue;
		}
		if (quote && c == quote) {
			quote = '\0';
			p++;
			continue;
		}
		if (!quote && (c == '"' || c == '\'')) {
			quote = c;
			p++;
			continue;
		}
		buf_addc(out, c);
		p++;
	}
	if (quote) {
		*why = "unterminated quote";
		return -1;
	}
	*pp = p;
	return 1;
}

static void
words_free(char **w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

size_t
unit_envfile_parse(const char *buf, size_t len, unit_env_fn fn, void *fctx,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s;
	size_t n, kept = 0;
	int r;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		const char *eq, *why;
		char *key, *val, **w;
		size_t nw, i, kl;
		struct buf b = { 0 };

		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		while (n && (*s == ' ' || *s == '\t')) {
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
		if (n > 7 && memcmp(s, "export ", 7) == 0) {
			s += 7;
			n -= 7;
		}
		eq = memchr(s, '=', n);
		kl = eq ? (size_t)(eq - s) : 0;
		while (kl && (s[kl - 1] == ' ' || s[kl - 1] == '\t'))
			kl--;
		if (eq == NULL || kl == 0) {
			if (err)
				err(ctx, l.lineno, "not KEY=VALUE");
			continue;
		}
		val = xstrndup(eq + 1, n - (size_t)(eq + 1 - s));
		if (unit_split(val, &w, &nw, &why) == -1) {
			free(val);
			if (err)
				err(ctx, l.lineno, why);
			continue;
		}
		free(val);
		for (i = 0; i < nw; i++) {
			if (i)
				buf_addc(&b, ' ');
			buf_adds(&b, w[i]);
		}
		buf_add(&b, "", 0);
		unit_names_free(w, nw);
		key = xstrndup(s, kl);
		fn(fctx, key, b.data ? b.data : "");
		free(key);
		buf_free(&b);
		kept++;
	}
	return kept;
}

int
unit_split(const char *s, char ***words, size_t *n, const char **why)
{
	const char *p = s, *e = s + strlen(s);
	struct buf b = { 0 };
	char **v = NULL;
	size_t nv = 0;
	int r;

	while ((r = next_word(&p, e, &b, why)) == 1) {
		if (nv >= MAX_UNIT_WORDS) {
			*why = "too many words";
			r = -1;
			break;
		}
		v = xgrow(v, nv, sizeof(*v));
		v[nv++] = xstrdup(buf_str(&b));
	}
	buf_free(&b);
	if (r == -1) {
		words_free(v, nv);
		return -1;
	}
	*words = v;
	*n = nv;
	return 0;
}

/* --- views ---------------------------------------------------------- */

void
unit_view_init(struct unit_view *v, const char *name)
{
	memset(v, 0, sizeof(*v));
	v->name = xstrdup(name);
	v->type = unit_type_of(name);
}

static void
setting_clear(struct unit_setting *s)
{
	free(s->value);
	s->value = NULL;
}

static void
setting_set(struct unit_setting *s, const struct unit_kv *kv, size_t src)
{
	free(s->value);
	s->value = kv->value[0] ? xstrdup(kv->value) : NULL;
	s->src = src;
	s->line = kv->line;
}

static int
list_add(struct unit_setting **l, size_t *n, const struct unit_kv *kv,
    size_t src)
{
	size_t i;

	if (kv->value[0] == '\0') {
		/* an empty assignment resets the list */
		for (i = 0; i < *n; i++)
			free((*l)[i].value);
		free(*l);
		*l = NULL;
		*n = 0;
		return 0;
	}
	if (*n >= MAX_UNIT_LIST)
		return -1;
	*l = xgrow(*l, *n, sizeof(**l));
	(*l)[*n].value = xstrdup(kv->value);
	(*l)[*n].src = src;
	(*l)[*n].line = kv->line;
	(*n)++;
	return 0;
}

static void
exec_free(struct unit_exec *x)
{
	free(x->path);
	words_free(x->argv, x->argc);
	free(x->raw);
}

static void
exec_clear_key(struct unit_view *v, const char *key)
{
	size_t i, j = 0;

	for (i = 0; i < v->nexec; i++) {
		if (strcmp(v->exec[i].key, key) == 0)
			exec_free(&v->exec[i]);
		else
			v->exec[j++] = v->exec[i];
	}
	v->nexec = j;
}

static const char *const service_exec[] = {
	"ExecCondition", "ExecStartPre", "ExecStart", "ExecStartPost",
	"ExecReload", "ExecStop", "ExecStopPost", NULL,
};
static const char *const socket_exec[] = {
	"ExecStartPre", "ExecStartPost", "ExecStopPre", "ExecStopPost", NULL,
};

static const char *
exec_key(enum unit_type t, const char *key)
{
	const char *const *l = t == UNIT_SERVICE ? service_exec :
	    t == UNIT_SOCKET ? socket_exec : NULL;

	if (l == NULL)
		return NULL;
	for (; *l; l++)
		if (strcmp(*l, key) == 0)
			return *l;
	return NULL;
}

/* load-fragment.c config_parse_exec(): one or more command lines joined
 * by lone ";" words. -1 with *why; nothing is added then. */
static int
parse_exec(struct unit_view *v, const char *key, const struct unit_kv *kv,
    size_t src, const char **why)
{
	const char *p = kv->value, *e = p + strlen(p);
	struct unit_exec *cmds = NULL;
	struct buf b = { 0 };
	size_t ncmds = 0, i;
	int rc = -1;

	for (;;) {
		struct unit_exec x;
		const char *f;
		int r, argv0 = 0, ambient = 0;

		while (p < e && is_ws((unsigned char)*p))
			p++;
		if (p >= e)
			break;
		memset(&x, 0, sizeof(x));
		x.key = key;
		x.src = src;
		x.line = kv->line;
		x.raw = xstrdup(kv->value);
		r = next_word(&p, e, &b, why);
		if (r != 1) {
			exec_free(&x);
			if (r == 0)
				*why = "empty command";
			goto out;
		}
		/* prefixes, in any order, each at most once */
		for (f = b.data;; f++) {
			if (*f == '-' && !(x.flags & UX_IGNORE_FAILURE))
				x.flags |= UX_IGNORE_FAILURE;
			else if (*f == '@' && !argv0)
				argv0 = 1;
			else if (*f == ':' && !(x.flags & UX_NO_ENV))
				x.flags |= UX_NO_ENV;
			else if (*f == '+' && !(x.flags & (UX_FULL_PRIV |
			    UX_NO_SETUID | UX_AMBIENT)) && !ambient)
				x.flags |= UX_FULL_PRIV;
			else if (*f == '!' && !(x.flags & (UX_FULL_PRIV |
			    UX_NO_SETUID | UX_AMBIENT)) && !ambient)
				x.flags |= UX_NO_SETUID;
			else if (*f == '!' && (x.flags & (UX_FULL_PRIV |
			    UX_NO_SETUID | UX_AMBIENT)) == UX_NO_SETUID &&
			    !ambient) {
				x.flags &= ~UX_NO_SETUID;
				x.flags |= UX_AMBIENT;
				ambient = 1;
			} else if (*f == '|' && !(x.flags & UX_SHELL))
				x.flags |= UX_SHELL;
			else
				break;
		}
		if (argv0)
			x.flags |= UX_ARGV0;
		if (*f == '\0') {
			exec_free(&x);
			*why = "empty executable path";
			goto out;
		}
		x.path = xstrdup(f);
		for (;;) {
			while (p < e && is_ws((unsigned char)*p))
				p++;
			if (p >= e)
				break;
			if (*p == ';' && (p + 1 >= e ||
			    is_ws((unsigned char)p[1]))) {
				p++;
				break;
			}
			if (x.argc >= MAX_UNIT_WORDS) {
				exec_free(&x);
				*why = "too many words";
				goto out;
			}
			x.argv = xgrow(x.argv, x.argc, sizeof(*x.argv));
			if (*p == '\\' && p + 1 < e && p[1] == ';' &&
			    (p + 2 >= e || is_ws((unsigned char)p[2]))) {
				p += 2;
				x.argv[x.argc++] = xstrdup(";");
				continue;
			}
			r = next_word(&p, e, &b, why);
			if (r == -1) {
				exec_free(&x);
				goto out;
			}
			x.argv[x.argc++] = xstrdup(b.data);
		}
		if (argv0 && x.argc == 0) {
			exec_free(&x);
			*why = "'@' without an argv[0]";
			goto out;
		}
		if (ncmds >= 64) {
			exec_free(&x);
			*why = "too many commands on one line";
			goto out;
		}
		cmds = xreallocarray(cmds, ncmds + 1, sizeof(*cmds));
		cmds[ncmds++] = x;
	}
	if (ncmds == 0) {
		*why = "empty command";
		goto out;
	}
	v->exec = xreallocarray(v->exec, v->nexec + ncmds, sizeof(*v->exec));
	memcpy(v->exec + v->nexec, cmds, ncmds * sizeof(*cmds));
	v->nexec += ncmds;
	ncmds = 0;
	rc = 0;
out:
	for (i = 0; i < ncmds; i++)
		exec_free(&cmds[i]);
	free(cmds);
	buf_free(&b);
	return rc;
}

/* a list is full: said once per view */
static void
full(struct unit_view *v, unsigned bit, parse_err_fn err, void *ctx,
    unsigned line, const char *why)
{
	if (v->full & bit)
		return;
	v->full |= bit;
	if (err)
		err(ctx, line, why);
}

void
unit_view_apply(struct unit_view *v, const struct unit_file *uf,
    const char *srcpath, parse_err_fn err, void *ctx)
{
	const char *sec;
	size_t src = v->nsrcs, i;

	v->srcs = xgrow(v->srcs, v->nsrcs, sizeof(*v->srcs));
	v->srcs[v->nsrcs++] = xstrdup(srcpath);
	switch (v->type) {
	case UNIT_SERVICE:
		sec = "Service";
		break;
	case UNIT_SOCKET:
		sec = "Socket";
		break;
	case UNIT_TIMER:
		sec = "Timer";
		break;
	case UNIT_PATH:
		sec = "Path";
		break;
	default:
		return;
	}
	for (i = 0; i < uf->n; i++) {
		const struct unit_kv *kv = &uf->kv[i];
		const char *k = kv->key, *xk, *why = NULL;

		if (strcmp(kv->section, sec) != 0)
			continue;
		if (v->type == UNIT_TIMER || v->type == UNIT_PATH) {
			if (strcmp(k, "Unit") == 0)
				setting_set(&v->unit, kv, src);
			continue;
		}
		if (v->type == UNIT_SOCKET) {
			if (strcmp(k, "Service") == 0) {
				setting_set(&v->unit, kv, src);
				continue;
			}
			if (strcmp(k, "Accept") == 0) {
				setting_set(&v->accept, kv, src);
				continue;
			}
		}
		if (strcmp(k, "User") == 0) {
			setting_set(&v->user, kv, src);
			if (src == 0)
				setting_set(&v->main_user, kv, src);
		} else if (strcmp(k, "Group") == 0) {
			setting_set(&v->group, kv, src);
		} else if (strcmp(k, "DynamicUser") == 0) {
			setting_set(&v->dynamic_user, kv, src);
		} else if (strcmp(k, "WorkingDirectory") == 0) {
			setting_set(&v->working_dir, kv, src);
		} else if (strcmp(k, "RootDirectory") == 0) {
			setting_set(&v->root_dir, kv, src);
		} else if (strcmp(k, "PermissionsStartOnly") == 0) {
			setting_set(&v->perm_start_only, kv, src);
		} else if (strcmp(k, "EnvironmentFile") == 0) {
			if (list_add(&v->envfile, &v->nenvfile, kv, src) == -1)
				full(v, 1, err, ctx, kv->line, "too many "
				    "EnvironmentFile= values: the rest are "
				    "ignored");
		} else if (strcmp(k, "Environment") == 0) {
			if (list_add(&v->environment, &v->nenvironment, kv,
			    src) == -1)
				full(v, 2, err, ctx, kv->line, "too many "
				    "Environment= values: the rest are "
				    "ignored");
		} else if ((xk = exec_key(v->type, k)) != NULL) {
			if (kv->value[0] == '\0')
				exec_clear_key(v, xk);
			else if (v->nexec >= MAX_UNIT_LIST)
				full(v, 4, err, ctx, kv->line, "too many Exec "
				    "commands: the rest are ignored");
			else if (parse_exec(v, xk, kv, src, &why) == -1 &&
			    err)
				err(ctx, kv->line, why);
		}
	}
}

void
unit_view_free(struct unit_view *v)
{
	size_t i;

	if (v == NULL)
		return;
	free(v->name);
	words_free(v->srcs, v->nsrcs);
	setting_clear(&v->user);
	setting_clear(&v->group);
	setting_clear(&v->dynamic_user);
	setting_clear(&v->working_dir);
	setting_clear(&v->root_dir);
	setting_clear(&v->perm_start_only);
	setting_clear(&v->main_user);
	setting_clear(&v->unit);
	setting_clear(&v->accept);
	for (i = 0; i < v->nexec; i++)
		exec_free(&v->exec[i]);
	free(v->exec);
	for (i = 0; i < v->nenvfile; i++)
		free(v->envfile[i].value);
	free(v->envfile);
	for (i = 0; i < v->nenvironment; i++)
		free(v->environment[i].value);
	free(v->environment);
	memset(v, 0, sizeof(*v));
}

/* the name without its type suffix */
static size_t
stem_len(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot ? (size_t)(dot - name) : strlen(name);
}

char *
unit_view_trigger(const struct unit_view *v)
{
	size_t n = stem_len(v->name);
	const char *at;

	switch (v->type) {
	case UNIT_TIMER:
	case UNIT_PATH:
		if (v->unit.value)
			return xstrdup(v->unit.value);
		return xasprintf("%.*s.service", (int)n, v->name);
	case UNIT_SOCKET:
		if (v->unit.value)
			return xstrdup(v->unit.value);
		at = memchr(v->name, '@', n);
		if (at)
			n = (size_t)(at - v->name);
		if (unit_bool(v->accept.value) == 1)
			return xasprintf("%.*s@.service", (int)n, v->name);
		return xasprintf("%.*s.service", (int)n, v->name);
	default:
		return NULL;
	}
}

char *
unit_template_of(const char *name)
{
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');

	if (at == NULL || dot == NULL || dot < at || dot == at + 1)
		return NULL;
	return xasprintf("%.*s%s", (int)(at - name + 1), name, dot);
}

void
unit_dropin_dirs(const char *name, char ***names, size_t *n)
{
	const char *dot = strrchr(name, '.'), *at, *d;
	char **v = NULL;
	size_t nv = 0, plen;
	char *tmpl;

	*names = NULL;
	*n = 0;
	if (dot == NULL || dot == name)
		return;
	/* "service.d": every unit of the type (systemd 246) */
	v = xreallocarray(v, nv + 1, sizeof(*v));
	v[nv++] = xasprintf("%s.d", dot + 1);
	/* "a-.service.d", "a-b-.service.d": truncated at each dash of the
	 * prefix */
	at = memchr(name, '@', (size_t)(dot - name));
	plen = at ? (size_t)(at - name) : (size_t)(dot - name);
	for (d = name; (d = memchr(d, '-', plen - (size_t)(d - name))) != NULL;
	    d++) {
		if (d == name)
			continue;
		if ((size_t)(d + 1 - name) == plen && at == NULL)
			break;		/* the name itself, added below */
		v = xreallocarray(v, nv + 1, sizeof(*v));
		v[nv++] = xasprintf("%.*s%s.d", (int)(d - name + 1), name, dot);
		if ((size_t)(d + 1 - name) >= plen)
			break;
	}
	tmpl = unit_template_of(name);
	if (tmpl) {
		v = xreallocarray(v, nv + 1, sizeof(*v));
		v[nv++] = xasprintf("%s.d", tmpl);
		free(tmpl);
	}
	v = xreallocarray(v, nv + 1, sizeof(*v));
	v[nv++] = xasprintf("%s.d", name);
	*names = v;
	*n = nv;
}

void
unit_names_free(char **v, size_t n)
{
	words_free(v, n);
}

/* systemd-escape's reverse: "-" is "/", "\xNN" a byte */
static void
unescape(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '-') {
			buf_addc(b, '/');
		} else if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
		    hex_digit(s[i + 2]) >= 0 && hex_digit(s[i + 3]) >= 0) {
			buf_addc(b, (char)(hex_digit(s[i + 2]) << 4 |
			    hex_digit(s[i + 3])));
			i += 3;
		} else {
			buf_addc(b, s[i]);
		}
	}
}

char *
unit_specifiers(const char *s, const struct unit_spec *sp, int *unknown)
{
	struct buf b = { 0 };
	const char *name = sp->name ? sp->name : "";
	size_t stem = stem_len(name), plen, ilen = 0;
	const char *at = memchr(name, '@', stem), *inst = NULL, *dash;

	plen = at ? (size_t)(at - name) : stem;
	if (at) {
		inst = at + 1;
		ilen = stem - plen - 1;
	}
	buf_add(&b, "", 0);
	for (; *s; s++) {
		const char *val = NULL;

		if (*s != '%' || s[1] == '\0') {
			buf_addc(&b, *s);
			continue;
		}
		s++;
		switch (*s) {
		case '%':
			buf_addc(&b, '%');
			continue;
		case 'n':
			val = name;
			break;
		case 'N':
			buf_add(&b, name, stem);
			continue;
		case 'p':
			buf_add(&b, name, plen);
			continue;
		case 'P':
			unescape(&b, name, plen);
			continue;
		case 'i':
			buf_add(&b, inst ? inst : "", ilen);
			continue;
		case 'I':
			unescape(&b, inst ? inst : "", ilen);
			continue;
		case 'j':
		case 'J':
			dash = NULL;
			{
				size_t k;

				for (k = 0; k < plen; k++)
					if (name[k] == '-')
						dash = name + k;
			}
			if (*s == 'j')
				buf_add(&b, dash ? dash + 1 : name,
				    dash ? plen - (size_t)(dash + 1 - name) :
				    plen);
			else
				unescape(&b, dash ? dash + 1 : name,
				    dash ? plen - (size_t)(dash + 1 - name) :
				    plen);
			continue;
		case 'f':
			buf_addc(&b, '/');
			if (inst)
				unescape(&b, inst, ilen);
			else
				unescape(&b, name, plen);
			continue;
		case 'u': val = sp->user; break;
		case 'U': val = sp->uid; break;
		case 'h': val = sp->home; break;
		case 's': val = sp->shell; break;
		case 'g': val = sp->group; break;
		case 'G': val = sp->gid; break;
		case 't': val = "/run"; break;
		case 'S': val = "/var/lib"; break;
		case 'C': val = "/var/cache"; break;
		case 'L': val = "/var/log"; break;
		case 'E': val = "/etc"; break;
		case 'T': val = "/tmp"; break;
		case 'V': val = "/var/tmp"; break;
		default:
			break;
		}
		if (val == NULL) {
			*unknown = 1;
			buf_addc(&b, '%');
			buf_addc(&b, *s);
			continue;
		}
		buf_adds(&b, val);
	}
	return buf_str(&b);
}
