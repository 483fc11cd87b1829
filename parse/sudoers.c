/*
 * sudoers.c: parse sudoers(5) text into entries, and print the parse back
 * in a normalised form. It never reads a file, never follows an include
 * and never runs anything; a malformed line is reported (static message,
 * line number) and skipped whole, as sudo's own error recovery does.
 *
 * Lexical rules follow sudoers(5) and sudo's plugins/sudoers/toke.l:
 * - '#' starts a comment unless it begins "#include " or "#includedir "
 *   at the start of a line, or is followed by a digit (or "-digit"): then
 *   it is a uid (#0, %#0);
 * - a backslash before the end of a line (blanks may follow it) joins the
 *   next line, except inside a comment;
 * - a WORD is any run of characters but # > ! = : , ( ) blank \ " with
 *   backslash escapes (any character but a tab); an all-capitals
 *   word ([A-Z][A-Z0-9_]*) is an alias and "ALL" is the keyword; "..."
 *   quotes a name or a value;
 * - a command path begins with '/', may escape , : = blank # with a
 *   backslash, and ends with '/' for a directory; its arguments end at an
 *   unescaped # : , = or the end of the line; "\*" and the like (glob
 *   characters) keep their backslash; '""' means "no arguments";
 * - tags are NAME followed by ':' (blanks allowed between), and carry
 *   over to the following commands of the same list, as does a Runas_Spec
 *   (sudo 1.6 and later, per sudo's UPGRADE notes);
 * - an odd number of '!' negates, an even number cancels out.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "parse/sudoers.h"
#include "lib/num.h"
#include "lib/xmalloc.h"

/* parser state for one logical line (NUL-terminated, no NUL inside) */
struct sp {
	const char	*p;
	const char	*why;
};

enum {
	CTX_USER,	/* user and runas lists, Defaults:, Defaults> */
	CTX_HOST,	/* host lists, Defaults@ */
};

static const struct {
	const char	*on;
	const char	*off;
	unsigned	 bit;
} sp_tags[ST_NTAGS] = {
	{ "PASSWD", "NOPASSWD", ST_PASSWD },
	{ "EXEC", "NOEXEC", ST_EXEC },
	{ "SETENV", "NOSETENV", ST_SETENV },
	{ "LOG_INPUT", "NOLOG_INPUT", ST_LOG_INPUT },
	{ "LOG_OUTPUT", "NOLOG_OUTPUT", ST_LOG_OUTPUT },
	{ "MAIL", "NOMAIL", ST_MAIL },
	{ "FOLLOW", "NOFOLLOW", ST_FOLLOW },
	{ "INTERCEPT", "NOINTERCEPT", ST_INTERCEPT },
};

/* Cmnd_Spec options, sudoers(5) "Option_Spec" (SELinux, AppArmor and
 * Solaris ones included: they parse everywhere) */
static const char *const sp_options[] = {
	"TIMEOUT", "NOTBEFORE", "NOTAFTER", "CWD", "CHROOT", "ROLE", "TYPE",
	"APPARMOR_PROFILE", "PRIVS", "LIMITPRIVS", NULL,
};

static const struct {
	const char	*name;
	size_t		 bytes;
} sp_digests[] = {
	{ "sha224", 28 }, { "sha256", 32 }, { "sha384", 48 }, { "sha512", 64 },
};

/* ---- characters ---- */

static int
sp_isblank(int c)
{
	return c == ' ' || c == '\t';
}

/* toke.l WORD: anything but # > ! = : , ( ) blank \ " (and line ends) */
static int
sp_isword(int c)
{
	return c != '\0' && strchr("#>!=:,() \t\r\n\\\"", c) == NULL;
}

static int
sp_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

/* '#' at p starts a comment (not "#123", "#-1") */
static int
sp_comment_at(const char *p)
{
	return p[0] == '#' && !sp_isdigit((unsigned char)p[1]) &&
	    !(p[1] == '-' && sp_isdigit((unsigned char)p[2]));
}

static void
sp_blank(struct sp *sp)
{
	while (sp_isblank(*sp->p))
		sp->p++;
}

/* only blanks, or a comment, remain */
static int
sp_eol(struct sp *sp)
{
	sp_blank(sp);
	return *sp->p == '\0' || sp_comment_at(sp->p);
}

static int
sp_fail(struct sp *sp, const char *why)
{
	if (sp->why == NULL)
		sp->why = why;
	return -1;
}

/* [A-Z][A-Z0-9_]* */
static int
sp_is_alias_name(const char *s)
{
	if (*s < 'A' || *s > 'Z')
		return 0;
	for (s++; *s != '\0'; s++) {
		if (!((*s >= 'A' && *s <= 'Z') || sp_isdigit(*s) || *s == '_'))
			return 0;
	}
	return 1;
}

/* Count and skip '!' (blanks may separate them); 1 if odd. */
static int
sp_bangs(struct sp *sp)
{
	int n = 0;

	sp_blank(sp);
	while (*sp->p == '!') {
		n++;
		sp->p++;
		sp_blank(sp);
	}
	return n & 1;
}

/* A WORD with backslash escapes removed; *esc says one was seen. */
static int
sp_word(struct sp *sp, struct buf *b, int *esc)
{
	const char *start = sp->p;

	if (esc != NULL)
		*esc = 0;
	for (;;) {
		if (sp->p[0] == '\\' && sp->p[1] != '\0' &&
		    sp->p[1] != '\t') {
			buf_addc(b, sp->p[1]);
			sp->p += 2;
			if (esc != NULL)
				*esc = 1;
		} else if (sp_isword((unsigned char)*sp->p)) {
			buf_addc(b, *sp->p++);
		} else
			break;
	}
	return sp->p > start;
}

/* "..." with backslash escapes removed (sudo's fill_txt) */
static int
sp_quoted(struct sp *sp, struct buf *b)
{
	size_t n0 = b->len;

	sp->p++;
	for (;;) {
		if (*sp->p == '\0')
			return sp_fail(sp, "unterminated quoted string");
		if (*sp->p == '"')
			break;
		if (sp->p[0] == '\\' && sp->p[1] != '\0') {
			buf_addc(b, sp->p[1]);
			sp->p += 2;
		} else
			buf_addc(b, *sp->p++);
	}
	sp->p++;
	if (b->len == n0)
		return sp_fail(sp, "empty quoted string");
	return 0;
}

/* digits at p (exactly, up to a non-word character) into *id */
static int
sp_number(struct sp *sp, unsigned long *id)
{
	const char *s = sp->p;

	while (sp_isdigit(*sp->p))
		sp->p++;
	if (sp->p == s || sp_isword((unsigned char)*sp->p))
		return sp_fail(sp, "malformed numeric id");
	if (parse_ulong_n(s, (size_t)(sp->p - s), 0xffffffffUL, id) == -1)
		return sp_fail(sp, "numeric id out of range");
	return 0;
}

/* ---- members ---- */

static void
member_free(struct sudo_member *m)
{
	free(m->name);
	free(m->args);
	free(m->digest);
	memset(m, 0, sizeof *m);
}

static void
list_free(struct sudo_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		member_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static struct sudo_member *
list_add(struct sudo_list *l)
{
	struct sudo_member *m;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	m = &l->v[l->n++];
	memset(m, 0, sizeof *m);
	return m;
}

/* Classify a group spelling after its '%': ":name", ":#gid", "#gid",
 * "name". */
static int
sp_group(struct sp *sp, const char *s, struct sudo_member *m)
{
	int nonunix = 0;
	unsigned long id;

	if (*s == ':') {
		nonunix = 1;
		s++;
	}
	if (*s == '\0')
		return sp_fail(sp, "empty group name");
	if (s[0] == '#' && sp_isdigit((unsigned char)s[1])) {
		if (parse_ulong(s + 1, 0xffffffffUL, &id) == -1)
			return sp_fail(sp, "malformed group id");
		m->type = nonunix ? SM_NONUNIX_GID : SM_GID;
		m->id = id;
		m->name = xstrdup(s);
		return 0;
	}
	m->type = nonunix ? SM_NONUNIX : SM_GROUP;
	m->name = xstrdup(s);
	return 0;
}

/* an IPv6 address or network in a host list (toke.l IPV6ADDR) */
static int
sp_ipv6(struct sp *sp, struct buf *b)
{
	const char *s = sp->p, *e = s;
	char addr[INET6_ADDRSTRLEN + 1];
	unsigned char bin[16];
	size_t n, colons = 0;

	while (isxdigit((unsigned char)*e) || *e == ':' || *e == '.') {
		if (*e == ':')
			colons++;
		e++;
	}
	n = (size_t)(e - s);
	if (colons < 2 || n >= sizeof addr)
		return 0;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET6, addr, bin) != 1)
		return 0;
	buf_add(b, s, n);
	if (*e == '/') {
		const char *m = ++e;

		while (isxdigit((unsigned char)*e) || *e == ':' || *e == '.')
			e++;
		if (e == m)
			return 0;
		buf_add(b, m - 1, (size_t)(e - m + 1));
	}
	if (sp_isword((unsigned char)*e))
		return 0;
	sp->p = e;
	return 1;
}

/* One member of a user, runas or host list. */
static int
sp_member(struct sp *sp, int ctx, struct sudo_member *m)
{
	struct buf b = { 0 };
	unsigned long id;
	int esc, rc = -1;

	m->negated = sp_bangs(sp);
	if (*sp->p == '"') {
		if (sp_quoted(sp, &b) == -1)
			goto out;
		buf_str(&b);
		if (b.data[0] == '%') {
			rc = sp_group(sp, b.data + 1, m);
			goto out;
		}
		if (b.data[0] == '+' && b.data[1] != '\0') {
			m->type = SM_NETGROUP;
			m->name = xstrdup(b.data + 1);
		} else {
			m->type = SM_NAME;
			m->name = xstrdup(b.data);
		}
		rc = 0;
		goto out;
	}
	if (sp->p[0] == '#' && sp_isdigit((unsigned char)sp->p[1])) {
		sp->p++;
		if (sp_number(sp, &id) == -1)
			goto out;
		m->type = SM_UID;
		m->id = id;
		m->name = xasprintf("#%lu", id);
		rc = 0;
		goto out;
	}
	if (*sp->p == '%') {
		sp->p++;
		if (*sp->p == ':') {
			buf_addc(&b, ':');
			sp->p++;
		}
		if (sp->p[0] == '#' && sp_isdigit((unsigned char)sp->p[1])) {
			buf_addc(&b, '#');
			sp->p++;
			while (sp_isdigit(*sp->p))
				buf_addc(&b, *sp->p++);
			if (sp_isword((unsigned char)*sp->p)) {
				sp_fail(sp, "malformed group id");
				goto out;
			}
		} else
			sp_word(sp, &b, NULL);
		rc = sp_group(sp, buf_str(&b), m);
		goto out;
	}
	if (*sp->p == '+') {
		sp->p++;
		if (!sp_word(sp, &b, NULL)) {
			sp_fail(sp, "empty netgroup name");
			goto out;
		}
		m->type = SM_NETGROUP;
		m->name = xstrdup(buf_str(&b));
		rc = 0;
		goto out;
	}
	if (ctx == CTX_HOST && sp_ipv6(sp, &b)) {
		m->type = SM_NAME;
		m->name = xstrdup(buf_str(&b));
		rc = 0;
		goto out;
	}
	if (!sp_word(sp, &b, &esc)) {
		sp_fail(sp, ctx == CTX_HOST ? "expected a host name" :
		    "expected a user name");
		goto out;
	}
	buf_str(&b);
	if (!esc && strcmp(b.data, "ALL") == 0)
		m->type = SM_ALL;
	else if (!esc && sp_is_alias_name(b.data))
		m->type = SM_ALIAS;
	else
		m->type = SM_NAME;
	m->name = xstrdup(b.data);
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/* member (',' member)*; blanks around the commas. In a Defaults binding
 * a blank not next to a comma ends the list, as everywhere else. */
static int
sp_list(struct sp *sp, int ctx, struct sudo_list *l)
{
	const char *save;

	for (;;) {
		if (sp_member(sp, ctx, list_add(l)) == -1)
			return -1;
		save = sp->p;
		sp_blank(sp);
		if (*sp->p != ',') {
			sp->p = save;
			return 0;
		}
		sp->p++;
	}
}

/* ---- commands ---- */

/* sha224:HEX (or base64), with its length checked as toke.l does */
static int
sp_digest_one(struct sp *sp, struct buf *b)
{
	size_t i, n, bytes = 0, hexlen, b64pad, b64raw;
	const char *s;

	for (i = 0; i < sizeof sp_digests / sizeof sp_digests[0]; i++) {
		n = strlen(sp_digests[i].name);
		if (strncmp(sp->p, sp_digests[i].name, n) == 0 &&
		    sp->p[n] == ':') {
			bytes = sp_digests[i].bytes;
			buf_add(b, sp->p, n + 1);
			sp->p += n + 1;
			break;
		}
	}
	if (bytes == 0)
		return sp_fail(sp, "unknown digest type");
	sp_blank(sp);
	s = sp->p;
	while (isalnum((unsigned char)*sp->p) || *sp->p == '+' ||
	    *sp->p == '/' || *sp->p == '=')
		sp->p++;
	n = (size_t)(sp->p - s);
	hexlen = bytes * 2;
	b64pad = 4 * ((bytes + 2) / 3);
	b64raw = (4 * bytes + 2) / 3;
	for (i = 0; i < n && isxdigit((unsigned char)s[i]); i++)
		;
	if (!((i == n && n == hexlen) ||
	    (n == b64pad && s[n - 1] == '=') || n == b64raw))
		return sp_fail(sp, "digest of the wrong length");
	buf_add(b, s, n);
	return 0;
}

static int
sp_is_digest_start(const char *p)
{
	size_t i, n;

	for (i = 0; i < sizeof sp_digests / sizeof sp_digests[0]; i++) {
		n = strlen(sp_digests[i].name);
		if (strncmp(p, sp_digests[i].name, n) == 0 && p[n] == ':')
			return 1;
	}
	return 0;
}

/* Command-line arguments (toke.l GOTCMND) up to # : , = or the end. */
static int
sp_args(struct sp *sp, struct sudo_member *m)
{
	struct buf b = { 0 };
	int any = 0, sep = 0;

	for (;;) {
		const char *p = sp->p;

		if (sp_isblank(*p)) {
			sp_blank(sp);
			sep = 1;
			continue;
		}
		if (*p == '\0' || strchr("#:,=\r", *p) != NULL)
			break;
		if (sep && any)
			buf_addc(&b, ' ');
		sep = 0;
		any = 1;
		if (p[0] == '\\' && p[1] != '\0' && strchr("*?[]!^", p[1])) {
			buf_add(&b, p, 2);		/* glob escape kept */
			sp->p += 2;
		} else if (p[0] == '\\' && p[1] != '\0' &&
		    strchr(":\\,= \t#", p[1])) {
			buf_addc(&b, p[1]);		/* sudoers escape */
			sp->p += 2;
		} else if (p[0] == '\\') {
			buf_free(&b);
			return sp_fail(sp, "bad escape in command arguments");
		} else {
			buf_addc(&b, *p);
			sp->p++;
		}
	}
	if (any) {
		buf_str(&b);
		if (strcmp(b.data, "\"\"") == 0)
			m->args = xstrdup("");
		else {
			m->args = b.data;
			b.data = NULL;
		}
	}
	buf_free(&b);
	return 0;
}

/* One command: [!]* [digests] (ALL | ALIAS | sudoedit | list | /path
 * [args] | /dir/ | ^regex$ [args]). with_args: 0 in Defaults! bindings. */
static int
sp_cmnd(struct sp *sp, struct sudo_member *m, int with_args)
{
	struct buf b = { 0 }, dg = { 0 };
	int esc, rc = -1;

	m->negated = sp_bangs(sp);
	if (with_args && sp_is_digest_start(sp->p)) {
		for (;;) {
			if (sp_digest_one(sp, &dg) == -1)
				goto out;
			sp_blank(sp);
			if (*sp->p != ',')
				break;
			sp->p++;
			sp_blank(sp);
			if (!sp_is_digest_start(sp->p)) {
				sp_fail(sp, "expected a digest after ','");
				goto out;
			}
			buf_addc(&dg, ',');
		}
		if (*sp->p != '/' && *sp->p != '^') {
			sp_fail(sp, "a digest must precede a command path");
			goto out;
		}
		m->digest = xstrdup(buf_str(&dg));
	}
	if (*sp->p == '/') {
		for (;;) {
			const char *p = sp->p;

			if (p[0] == '\\' && p[1] != '\0' &&
			    strchr(",:= \t#", p[1])) {
				buf_addc(&b, p[1]);
				sp->p += 2;
			} else if (*p != '\0' && strchr(",:=\\ \t\r#", *p) ==
			    NULL) {
				buf_addc(&b, *p);
				sp->p++;
			} else
				break;
		}
		if (*sp->p == '\\') {
			sp_fail(sp, "bad escape in command path");
			goto out;
		}
		m->name = xstrdup(buf_str(&b));
		if (b.data[b.len - 1] == '/') {
			m->type = SM_DIR;
			rc = 0;
			goto out;
		}
		m->type = SM_CMND;
		rc = with_args ? sp_args(sp, m) : 0;
		goto out;
	}
	if (*sp->p == '^') {
		for (;;) {
			const char *p = sp->p;

			if (p[0] == '\\' && p[1] != '\0') {
				buf_add(&b, p, 2);
				sp->p += 2;
			} else if (*p == '\0' || *p == '#') {
				sp_fail(sp, "unterminated regular expression");
				goto out;
			} else {
				buf_addc(&b, *p);
				sp->p++;
				if (*p == '$')
					break;
			}
		}
		m->type = SM_REGEX;
		m->name = xstrdup(buf_str(&b));
		rc = with_args ? sp_args(sp, m) : 0;
		goto out;
	}
	if (m->digest != NULL) {
		sp_fail(sp, "a digest must precede a command path");
		goto out;
	}
	if (!sp_word(sp, &b, &esc)) {
		sp_fail(sp, "expected a command");
		goto out;
	}
	buf_str(&b);
	if (!esc && strcmp(b.data, "ALL") == 0) {
		m->type = SM_ALL;
	} else if (!esc && strcmp(b.data, "sudoedit") == 0) {
		m->type = SM_SUDOEDIT;
		if (with_args && sp_args(sp, m) == -1) {
			m->name = xstrdup(b.data);
			goto out;
		}
	} else if (!esc && strcmp(b.data, "list") == 0 && with_args) {
		m->type = SM_LIST;
	} else if (!esc && sp_is_alias_name(b.data)) {
		m->type = SM_ALIAS;
	} else {
		sp_fail(sp, "command is not a fully-qualified path");
		goto out;
	}
	m->name = xstrdup(b.data);
	rc = 0;
out:
	buf_free(&b);
	buf_free(&dg);
	return rc;
}

static int
sp_cmnd_list(struct sp *sp, struct sudo_list *l, int with_args)
{
	const char *save;

	for (;;) {
		if (sp_cmnd(sp, list_add(l), with_args) == -1)
			return -1;
		save = sp->p;
		sp_blank(sp);
		if (*sp->p != ',') {
			sp->p = save;
			return 0;
		}
		sp->p++;
	}
}

/* ---- entries ---- */

static void
optset_free(struct sudo_optset *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->v[i].name);
		free(o->v[i].value);
	}
	free(o->v);
}

static void
priv_free(struct sudo_priv *pv)
{
	size_t i;

	list_free(&pv->hosts);
	for (i = 0; i < pv->nrunas; i++) {
		list_free(&pv->runas[i].users);
		list_free(&pv->runas[i].groups);
	}
	free(pv->runas);
	for (i = 0; i < pv->nopts; i++)
		optset_free(&pv->opts[i]);
	free(pv->opts);
	for (i = 0; i < pv->ncmnds; i++)
		member_free(&pv->cmnds[i].cmnd);
	free(pv->cmnds);
}

static void
entry_free(struct sudo_entry *e)
{
	size_t i;

	switch (e->kind) {
	case SE_ALIAS:
		free(e->u.alias.name);
		list_free(&e->u.alias.members);
		break;
	case SE_DEFAULTS:
		list_free(&e->u.defaults.binding);
		for (i = 0; i < e->u.defaults.nparams; i++) {
			free(e->u.defaults.params[i].name);
			free(e->u.defaults.params[i].value);
		}
		free(e->u.defaults.params);
		break;
	case SE_USERSPEC:
		list_free(&e->u.spec.users);
		for (i = 0; i < e->u.spec.nprivs; i++)
			priv_free(&e->u.spec.privs[i]);
		free(e->u.spec.privs);
		break;
	case SE_INCLUDE:
		free(e->u.include.path);
		break;
	}
	free(e->text);
	memset(e, 0, sizeof *e);
}

static struct sudo_entry *
entry_add(struct sudoers *s, enum sudo_ekind kind, const char *file,
    unsigned line, const char *text)
{
	struct sudo_entry *e;

	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	e = &s->v[s->n++];
	memset(e, 0, sizeof *e);
	s->aidx_ok = 0;
	e->kind = kind;
	e->file = file;
	e->line = line;
	e->text = xstrdup(text);
	return e;
}

/* drop the entries added since n0 (a line that failed half way) */
static void
entries_truncate(struct sudoers *s, size_t n0)
{
	while (s->n > n0)
		entry_free(&s->v[--s->n]);
	s->aidx_ok = 0;
}

/* "@include path", "#includedir path", ...: p is after the keyword */
static int
sp_include(struct sp *sp, struct sudo_include *inc)
{
	struct buf b = { 0 };

	sp_blank(sp);
	if (*sp->p == '"') {
		if (sp_quoted(sp, &b) == -1)
			goto bad;
	} else {
		while (*sp->p != '\0' && !isspace((unsigned char)*sp->p)) {
			if (sp->p[0] == '\\' && sp_isblank(sp->p[1])) {
				buf_addc(&b, sp->p[1]);
				sp->p += 2;
			} else
				buf_addc(&b, *sp->p++);
		}
	}
	if (b.len == 0) {
		sp_fail(sp, "include without a path");
		goto bad;
	}
	if (!sp_eol(sp)) {
		sp_fail(sp, "text after the include path");
		goto bad;
	}
	inc->path = xstrdup(buf_str(&b));
	buf_free(&b);
	return 0;
bad:
	buf_free(&b);
	return -1;
}

static int
sp_keyword(struct sp *sp, const char *kw)
{
	size_t n = strlen(kw);

	if (strncmp(sp->p, kw, n) != 0)
		return 0;
	sp->p += n;
	return 1;
}

/* Kind_Alias NAME = list (':' NAME = list)* */
static int
sp_alias(struct sp *sp, struct sudoers *s, enum sudo_alias_kind kind,
    const char *file, unsigned line, const char *text)
{
	struct buf b = { 0 };
	struct sudo_entry *e;
	int rc = -1;

	for (;;) {
		sp_blank(sp);
		buf_free(&b);
		sp_word(sp, &b, NULL);
		buf_str(&b);
		if (!sp_is_alias_name(b.data) || strcmp(b.data, "ALL") == 0) {
			sp_fail(sp, "alias name must be upper case letters, "
			    "digits and '_', and not ALL");
			goto out;
		}
		sp_blank(sp);
		if (*sp->p++ != '=') {
			sp_fail(sp, "expected '=' after the alias name");
			goto out;
		}
		e = entry_add(s, SE_ALIAS, file, line, text);
		e->u.alias.kind = kind;
		e->u.alias.name = xstrdup(b.data);
		if (kind == SA_CMND) {
			if (sp_cmnd_list(sp, &e->u.alias.members, 1) == -1)
				goto out;
		} else if (sp_list(sp, kind == SA_HOST ? CTX_HOST : CTX_USER,
		    &e->u.alias.members) == -1)
			goto out;
		if (sp_eol(sp))
			break;
		if (*sp->p != ':') {
			sp_fail(sp, "expected ':' or the end of the line after "
			    "an alias");
			goto out;
		}
		sp->p++;
	}
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/* Defaults parameter list: [!]name [(=|+=|-=) value] (, ...)* */
static int
sp_params(struct sp *sp, struct sudo_defaults *d)
{
	struct buf b = { 0 };
	struct sudo_param *pm;
	const char *s;

	for (;;) {
		d->params = xreallocarray(d->params, d->nparams + 1,
		    sizeof *d->params);
		pm = &d->params[d->nparams++];
		memset(pm, 0, sizeof *pm);
		pm->negated = sp_bangs(sp);
		s = sp->p;
		while ((*sp->p >= 'a' && *sp->p <= 'z') || *sp->p == '_')
			sp->p++;
		/* toke.l DEFVAR [a-z_]+, then = += -= , or the end */
		if (sp->p == s || !(sp_isblank(*sp->p) || *sp->p == '\0' ||
		    *sp->p == '=' || *sp->p == ',' || sp_comment_at(sp->p) ||
		    ((*sp->p == '+' || *sp->p == '-') && sp->p[1] == '=')))
			goto bad_name;
		pm->name = xstrndup(s, (size_t)(sp->p - s));
		sp_blank(sp);
		if (sp->p[0] == '=' || ((sp->p[0] == '+' || sp->p[0] == '-') &&
		    sp->p[1] == '=')) {
			if (pm->negated) {
				sp_fail(sp, "a negated Defaults parameter "
				    "takes no value");
				goto bad;
			}
			pm->op = sp->p[0];
			sp->p += pm->op == '=' ? 1 : 2;
			sp_blank(sp);
			buf_free(&b);
			if (*sp->p == '"') {
				if (sp_quoted(sp, &b) == -1)
					goto bad;
			} else {
				/* toke.l ENVAR: no '!' first, then no # = ,
				 * blank \ " unless escaped */
				int first = 1;

				for (;;) {
					const char *p = sp->p;

					if (p[0] == '\\' && p[1] != '\0') {
						buf_addc(&b, p[1]);
						sp->p += 2;
					} else if (*p != '\0' && strchr(
					    "#=, \t\r\\\"", *p) == NULL &&
					    !(first && *p == '!')) {
						buf_addc(&b, *p);
						sp->p++;
					} else
						break;
					first = 0;
				}
				if (b.len == 0) {
					sp_fail(sp, "Defaults parameter "
					    "without a value");
					goto bad;
				}
			}
			pm->value = xstrdup(buf_str(&b));
		}
		if (sp_eol(sp))
			break;
		if (*sp->p != ',') {
			sp_fail(sp, "expected ',' between Defaults parameters");
			goto bad;
		}
		sp->p++;
	}
	buf_free(&b);
	return 0;
bad_name:
	sp_fail(sp, "expected a Defaults parameter name");
bad:
	buf_free(&b);
	return -1;
}

static int
sp_defaults(struct sp *sp, struct sudo_defaults *d)
{
	switch (*sp->p) {
	case ':':
		d->type = SD_USER;
		break;
	case '>':
		d->type = SD_RUNAS;
		break;
	case '@':
		d->type = SD_HOST;
		break;
	case '!':
		d->type = SD_CMND;
		break;
	default:
		d->type = SD_ALL;
		break;
	}
	if (d->type != SD_ALL) {
		sp->p++;
		sp_blank(sp);
		if (d->type == SD_CMND) {
			if (sp_cmnd_list(sp, &d->binding, 0) == -1)
				return -1;
		} else if (sp_list(sp, d->type == SD_HOST ? CTX_HOST :
		    CTX_USER, &d->binding) == -1)
			return -1;
	}
	if (!sp_isblank(*sp->p) || sp_eol(sp))
		return sp_fail(sp, "Defaults without parameters");
	return sp_params(sp, d);
}

/* Option_Spec: NAME = value (value quoted, or a word or path) */
static int
sp_option(struct sp *sp, struct sudo_optset *o)
{
	struct buf b = { 0 };
	const char *s = sp->p;
	size_t i, n;

	for (i = 0; sp_options[i] != NULL; i++) {
		n = strlen(sp_options[i]);
		if (strncmp(s, sp_options[i], n) != 0 ||
		    sp_isword((unsigned char)s[n]))
			continue;
		sp->p = s + n;
		sp_blank(sp);
		if (*sp->p != '=') {
			sp->p = s;
			return 0;
		}
		sp->p++;
		sp_blank(sp);
		if (*sp->p == '"') {
			if (sp_quoted(sp, &b) == -1)
				goto bad;
		} else {
			for (;;) {
				const char *p = sp->p;

				if (p[0] == '\\' && p[1] != '\0' &&
				    !sp_isblank(p[1])) {
					buf_addc(&b, p[1]);
					sp->p += 2;
				} else if (*p != '\0' &&
				    strchr("#=:,() \t\r\\\"", *p) == NULL) {
					buf_addc(&b, *p);
					sp->p++;
				} else
					break;
			}
			if (b.len == 0) {
				sp_fail(sp, "option without a value");
				goto bad;
			}
		}
		for (n = 0; n < o->n; n++) {
			if (strcmp(o->v[n].name, sp_options[i]) == 0)
				break;
		}
		if (n == o->n) {
			o->v = xreallocarray(o->v, o->n + 1, sizeof *o->v);
			o->v[o->n].name = xstrdup(sp_options[i]);
			o->v[o->n].value = NULL;
			o->n++;
		}
		free(o->v[n].value);
		o->v[n].value = xstrdup(buf_str(&b));
		buf_free(&b);
		return 1;
	}
	return 0;
bad:
	buf_free(&b);
	return -1;
}

/* TAG: ; returns 1 and sets bits, 0 if no tag is at p */
static int
sp_tag(struct sp *sp, unsigned *set, unsigned *on)
{
	const char *s = sp->p, *p;
	size_t i, n;
	int which;

	for (i = 0; i < ST_NTAGS; i++) {
		for (which = 1; which >= 0; which--) {
			const char *name = which ? sp_tags[i].on :
			    sp_tags[i].off;

			n = strlen(name);
			if (strncmp(s, name, n) != 0)
				continue;
			p = s + n;
			while (sp_isblank(*p))
				p++;
			if (*p != ':')
				continue;
			sp->p = p + 1;
			*set |= sp_tags[i].bit;
			if (which)
				*on |= sp_tags[i].bit;
			else
				*on &= ~sp_tags[i].bit;
			return 1;
		}
	}
	return 0;
}

static int
sp_runas(struct sp *sp, struct sudo_runas *r)
{
	sp->p++;
	sp_blank(sp);
	if (*sp->p != ':' && *sp->p != ')') {
		r->has_users = 1;
		if (sp_list(sp, CTX_USER, &r->users) == -1)
			return -1;
		sp_blank(sp);
	}
	if (*sp->p == ':') {
		sp->p++;
		r->has_groups = 1;
		sp_blank(sp);
		if (*sp->p != ')' && sp_list(sp, CTX_USER, &r->groups) == -1)
			return -1;
		sp_blank(sp);
	}
	if (*sp->p != ')')
		return sp_fail(sp, "expected ')' to close the Runas_Spec");
	sp->p++;
	return 0;
}

/* Copy the options of set from (may be NULL) into a new set of pv, then
 * override them with own: a Cmnd_Spec's options carry over to the next. */
static int
sp_optset_new(struct sudo_priv *pv, int from, const struct sudo_optset *own)
{
	struct sudo_optset *to;
	size_t k, j;

	pv->opts = xreallocarray(pv->opts, pv->nopts + 1, sizeof *pv->opts);
	to = &pv->opts[pv->nopts];
	memset(to, 0, sizeof *to);
	if (from != -1) {
		const struct sudo_optset *f = &pv->opts[from];

		to->v = xreallocarray(NULL, f->n + own->n, sizeof *to->v);
		for (k = 0; k < f->n; k++) {
			to->v[k].name = xstrdup(f->v[k].name);
			to->v[k].value = xstrdup(f->v[k].value);
		}
		to->n = f->n;
	} else
		to->v = xreallocarray(NULL, own->n, sizeof *to->v);
	for (k = 0; k < own->n; k++) {
		for (j = 0; j < to->n; j++) {
			if (strcmp(to->v[j].name, own->v[k].name) == 0)
				break;
		}
		if (j == to->n) {
			to->v[j].name = xstrdup(own->v[k].name);
			to->v[j].value = NULL;
			to->n++;
		}
		free(to->v[j].value);
		to->v[j].value = xstrdup(own->v[k].value);
	}
	return (int)pv->nopts++;
}

/* Cmnd_Spec (',' Cmnd_Spec)*, with runas, options and tags carried over
 * from one to the next as sudo does */
static int
sp_cmndspecs(struct sp *sp, struct sudo_priv *pv)
{
	struct sudo_cmndspec *cs, *prev;
	struct sudo_optset own;
	int r;

	for (;;) {
		pv->cmnds = xreallocarray(pv->cmnds, pv->ncmnds + 1,
		    sizeof *pv->cmnds);
		cs = &pv->cmnds[pv->ncmnds++];
		memset(cs, 0, sizeof *cs);
		prev = pv->ncmnds > 1 ? cs - 1 : NULL;
		cs->runas = prev ? prev->runas : -1;
		cs->opts = prev ? prev->opts : -1;
		cs->tags_set = prev ? prev->tags_set : 0;
		cs->tags_on = prev ? prev->tags_on : 0;
		sp_blank(sp);
		if (*sp->p == '(') {
			pv->runas = xreallocarray(pv->runas, pv->nrunas + 1,
			    sizeof *pv->runas);
			memset(&pv->runas[pv->nrunas], 0, sizeof *pv->runas);
			cs->runas = (int)pv->nrunas++;
			if (sp_runas(sp, &pv->runas[cs->runas]) == -1)
				return -1;
		}
		memset(&own, 0, sizeof own);
		for (;;) {
			sp_blank(sp);
			if (sp_tag(sp, &cs->tags_set, &cs->tags_on))
				continue;
			r = sp_option(sp, &own);
			if (r == -1) {
				optset_free(&own);
				return -1;
			}
			if (r == 0)
				break;
		}
		if (own.n > 0)
			cs->opts = sp_optset_new(pv, cs->opts, &own);
		optset_free(&own);
		if (sp_cmnd(sp, &cs->cmnd, 1) == -1)
			return -1;
		sp_blank(sp);
		if (*sp->p != ',')
			return 0;
		sp->p++;
	}
}

/* User_List Host_List = Cmnd_Spec_List (':' Host_List = Cmnd_Spec_List)* */
static int
sp_userspec(struct sp *sp, struct sudo_userspec *us)
{
	struct sudo_priv *pv;

	if (sp_list(sp, CTX_USER, &us->users) == -1)
		return -1;
	if (!sp_isblank(*sp->p))
		return sp_fail(sp, "expected a blank between the user and "
		    "the host list");
	for (;;) {
		us->privs = xreallocarray(us->privs, us->nprivs + 1,
		    sizeof *us->privs);
		pv = &us->privs[us->nprivs++];
		memset(pv, 0, sizeof *pv);
		sp_blank(sp);
		if (sp_list(sp, CTX_HOST, &pv->hosts) == -1)
			return -1;
		sp_blank(sp);
		if (*sp->p != '=')
			return sp_fail(sp, "expected '=' after the host list");
		sp->p++;
		if (sp_cmndspecs(sp, pv) == -1)
			return -1;
		if (sp_eol(sp))
			return 0;
		if (*sp->p != ':')
			return sp_fail(sp, "expected ',' or ':' after a "
			    "command");
		sp->p++;
	}
}

static const struct {
	const char		*kw;
	enum sudo_alias_kind	 kind;
} sp_alias_kw[] = {
	{ "User_Alias", SA_USER }, { "Runas_Alias", SA_RUNAS },
	{ "Host_Alias", SA_HOST }, { "Cmnd_Alias", SA_CMND },
	{ "Cmd_Alias", SA_CMND },
};

/* One logical line: returns -1 with sp->why on a malformed line. */
static int
sp_line(struct sudoers *s, const char *text, const char *file,
    unsigned line, const char **why)
{
	struct sp sp = { text, NULL };
	struct sudo_entry *e;
	size_t n0 = s->n, i;

	/* "#include path", "#includedir path" only at the very start */
	if (strncmp(text, "#include", 8) == 0) {
		int isdir = strncmp(text + 8, "dir", 3) == 0;
		const char *after = text + 8 + (isdir ? 3 : 0);

		if (sp_isblank(*after)) {
			sp.p = after;
			e = entry_add(s, SE_INCLUDE, file, line, text);
			e->u.include.isdir = isdir;
			e->u.include.hash = 1;
			if (sp_include(&sp, &e->u.include) == -1)
				goto bad;
			return 0;
		}
	}
	if (sp_eol(&sp))
		return 0;
	if (sp_keyword(&sp, "@include")) {
		int isdir = sp_keyword(&sp, "dir");

		if (sp_isblank(*sp.p) || *sp.p == '"') {
			e = entry_add(s, SE_INCLUDE, file, line, text);
			e->u.include.isdir = isdir;
			if (sp_include(&sp, &e->u.include) == -1)
				goto bad;
			return 0;
		}
		sp_fail(&sp, "malformed @include");
		goto bad;
	}
	if (sp_keyword(&sp, "Defaults")) {
		if (*sp.p == '\0' || strchr(":>@! \t", *sp.p) != NULL) {
			e = entry_add(s, SE_DEFAULTS, file, line, text);
			if (sp_defaults(&sp, &e->u.defaults) == -1)
				goto bad;
			return 0;
		}
		sp.p = text;
		sp_blank(&sp);
	}
	for (i = 0; i < sizeof sp_alias_kw / sizeof sp_alias_kw[0]; i++) {
		const char *save = sp.p;

		if (sp_keyword(&sp, sp_alias_kw[i].kw)) {
			if (sp_isblank(*sp.p)) {
				if (sp_alias(&sp, s, sp_alias_kw[i].kind, file,
				    line, text) == -1)
					goto bad;
				return 0;
			}
			sp.p = save;
		}
	}
	e = entry_add(s, SE_USERSPEC, file, line, text);
	if (sp_userspec(&sp, &e->u.spec) == -1)
		goto bad;
	return 0;
bad:
	entries_truncate(s, n0);
	*why = sp.why ? sp.why : "syntax error";
	errno = EINVAL;
	return -1;
}

/* ---- lines ---- */

/*
 * Does this physical line end in a continuation backslash? Tracks a
 * quoted string across lines in *inq. A comment (or an include line)
 * never continues: sudo's comment token takes the backslash with it.
 */
static int
line_continues(const char *s, size_t n, int *inq)
{
	size_t i, j;

	i = 0;
	if (!*inq) {
		while (i < n && sp_isblank(s[i]))
			i++;
		/* the line is not NUL-terminated: compare within n */
		if ((n - i >= 8 && memcmp(s + i, "@include", 8) == 0) ||
		    (i == 0 && n >= 9 && memcmp(s, "#include", 8) == 0 &&
		    (sp_isblank(s[8]) || (n >= 11 &&
		    memcmp(s + 8, "dir", 3) == 0))))
			return 0;
	}
	for (; i < n; i++) {
		if (s[i] == '\\') {
			for (j = i + 1; j < n && sp_isblank(s[j]); j++)
				;
			if (j == n)
				return 1;
			i++;
			continue;
		}
		if (*inq) {
			if (s[i] == '"')
				*inq = 0;
			continue;
		}
		if (s[i] == '"')
			*inq = 1;
		else if (s[i] == '#' && (i + 1 == n ||
		    !(sp_isdigit((unsigned char)s[i + 1]) ||
		    (s[i + 1] == '-' && i + 2 < n &&
		    sp_isdigit((unsigned char)s[i + 2])))))
			return 0;
	}
	*inq = 0;	/* a string never spans a plain line end */
	return 0;
}

static const char *
sudoers_file_add(struct sudoers *s, const char *file)
{
	size_t i;

	/* newest first: entries move over file by file */
	for (i = s->nfiles; i > 0; i--) {
		if (strcmp(s->files[i - 1], file) == 0)
			return s->files[i - 1];
	}
	s->files = xreallocarray(s->files, s->nfiles + 1, sizeof *s->files);
	s->files[s->nfiles] = xstrdup(file);
	return s->files[s->nfiles++];
}

/* Parse sudoers text; see sudoers.h. */
size_t
sudoers_parse(const char *buf, size_t len, const char *file,
    struct sudoers *s, parse_err_fn err, void *ctx)
{
	struct lines ls;
	struct buf lg = { 0 };
	const char *l, *fname, *why;
	size_t n, k, n0 = s->n;
	unsigned start = 0;
	int r, inq = 0, cont = 0, broken = 0, lead = 0;

	fname = sudoers_file_add(s, file ? file : "(sudoers)");
	lines_init(&ls, buf, len);
	for (;;) {
		r = lines_next(&ls, &l, &n);
		if (r == 0)
			break;
		if (!cont) {
			start = ls.lineno;
			lg.len = 0;
			broken = inq = lead = 0;
		}
		if (r == -1) {
			if (err)
				err(ctx, ls.lineno, "line too long");
			cont = 0;	/* what it continued goes with it */
			continue;
		}
		if (!broken && memchr(l, '\0', n) != NULL) {
			if (err)
				err(ctx, ls.lineno, "NUL byte in line");
			broken = 1;
		}
		cont = line_continues(l, n, &inq);
		if (broken)
			continue;	/* until the logical line ends */
		if (lead) {
			/* blanks after a continuation: sudo skips them */
			while (n > 0 && sp_isblank(*l)) {
				l++;
				n--;
			}
		}
		if (cont) {
			/* drop the backslash and the blanks after it; outside
			 * a string, the break is one blank */
			k = n;
			while (k > 0 && sp_isblank(l[k - 1]))
				k--;
			k--;
			buf_add(&lg, l, k);
			if (!inq)
				buf_addc(&lg, ' ');
			lead = 1;
		} else
			buf_add(&lg, l, n);
		if (lg.len > MAX_LINE) {
			if (err)
				err(ctx, start, "continued line too long");
			broken = 1;
			continue;
		}
		if (cont)
			continue;
		if (sp_line(s, buf_str(&lg), fname, start, &why) == -1 && err)
			err(ctx, start, why);
	}
	if (cont && !broken && lg.len > 0) {
		/* a backslash on the last line: parse what there is */
		if (sp_line(s, buf_str(&lg), fname, start, &why) == -1 && err)
			err(ctx, start, why);
	}
	buf_free(&lg);
	return s->n - n0;
}

/* ---- ownership ---- */

/* Move entry i of src to dst; see sudoers.h. */
void
sudoers_move_entry(struct sudoers *dst, struct sudoers *src, size_t i)
{
	struct sudo_entry *e;

	dst->v = xreallocarray(dst->v, dst->n + 1, sizeof *dst->v);
	e = &dst->v[dst->n++];
	*e = src->v[i];
	e->file = sudoers_file_add(dst, e->file ? e->file : "(sudoers)");
	memset(&src->v[i], 0, sizeof src->v[i]);
	dst->aidx_ok = src->aidx_ok = 0;
}

/* Move all of src to dst; see sudoers.h. */
void
sudoers_move(struct sudoers *dst, struct sudoers *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		sudoers_move_entry(dst, src, i);
	sudoers_free(src);
}

/* Free everything s holds; s is left empty and reusable. */
void
sudoers_free(struct sudoers *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		entry_free(&s->v[i]);
	free(s->v);
	for (i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->files);
	free(s->aidx);
	memset(s, 0, sizeof *s);
}

/* ---- lookups ---- */

struct sudo_aref {
	enum sudo_alias_kind	 kind;
	const char		*name;
	size_t			 entry;
};

static int
aref_cmp(const void *a, const void *b)
{
	const struct sudo_aref *x = a, *y = b;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* (Re)build the alias index: a cache behind a const policy, hence the
 * cast; a policy is never shared between threads. */
static void
aidx_build(const struct sudoers *cs)
{
	struct sudoers *s = (struct sudoers *)(uintptr_t)cs;
	size_t i;

	free(s->aidx);
	s->aidx = NULL;
	s->naidx = 0;
	for (i = 0; i < s->n; i++) {
		const struct sudo_entry *e = &s->v[i];

		if (e->kind != SE_ALIAS || e->u.alias.name == NULL)
			continue;
		s->aidx = xreallocarray(s->aidx, s->naidx + 1,
		    sizeof *s->aidx);
		s->aidx[s->naidx].kind = e->u.alias.kind;
		s->aidx[s->naidx].name = e->u.alias.name;
		s->aidx[s->naidx].entry = i;
		s->naidx++;
	}
	if (s->naidx > 1)
		qsort(s->aidx, s->naidx, sizeof *s->aidx, aref_cmp);
	s->aidx_ok = 1;
}

/* The entry of the first alias of kind called name; see sudoers.h. */
long
sudoers_alias_entry(const struct sudoers *s, enum sudo_alias_kind kind,
    const char *name)
{
	size_t lo = 0, hi;

	if (!s->aidx_ok)
		aidx_build(s);
	hi = s->naidx;
	/* the lowest entry among equal (kind, name): first defined */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sudo_aref *r = &s->aidx[mid];
		int c = r->kind != kind ? (r->kind < kind ? -1 : 1) :
		    strcmp(r->name, name);

		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->naidx && s->aidx[lo].kind == kind &&
	    strcmp(s->aidx[lo].name, name) == 0)
		return (long)s->aidx[lo].entry;
	return -1;
}

/* The first alias of kind called name; see sudoers.h. */
const struct sudo_alias *
sudoers_alias_find(const struct sudoers *s, enum sudo_alias_kind kind,
    const char *name)
{
	long i = sudoers_alias_entry(s, kind, name);

	return i < 0 ? NULL : &s->v[i].u.alias;
}

/* The spelling of a tag (ST_* bit), "NOPASSWD" for ST_PASSWD off. */
const char *
sudoers_tag_name(unsigned tag, int on)
{
	size_t i;

	for (i = 0; i < ST_NTAGS; i++) {
		if (sp_tags[i].bit == tag)
			return on ? sp_tags[i].on : sp_tags[i].off;
	}
	return NULL;
}

/* ---- printing ---- */

/* a name as a WORD: every non-word character escaped, and the first one
 * too when esc_first (a name that would read as a keyword); a name with a
 * tab or a carriage return, which no escape carries, is quoted */
static void
pr_word(struct buf *b, const char *s, int first_special, int esc_first)
{
	const char *p;

	if (strchr(s, '\t') != NULL || strchr(s, '\r') != NULL) {
		buf_addc(b, '"');
		for (p = s; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(b, '\\');
			buf_addc(b, *p);
		}
		buf_addc(b, '"');
		return;
	}
	for (p = s; *p; p++) {
		if (!sp_isword((unsigned char)*p) || (p == s && esc_first) ||
		    (p == s && first_special && strchr("%+", *p) != NULL))
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
}

static void
pr_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

static void
pr_path(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr(",:= \t#", *s) != NULL)
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

/* Arguments as sudo_args() reads them back: # : , = escaped, a blank
 * that would fold into its neighbour escaped, glob escapes as they are. */
static void
pr_args(struct buf *b, const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0) {
		buf_adds(b, "\"\"");
		return;
	}
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\' && i + 1 < n && strchr("*?[]!^", s[i + 1])) {
			buf_add(b, s + i, 2);
			i++;
			continue;
		}
		if (c == ' ' && !(i == 0 || i + 1 == n || s[i - 1] == ' ')) {
			buf_addc(b, ' ');
			continue;
		}
		if (strchr("#:,=\\ \t", c) != NULL)
			buf_addc(b, '\\');
		buf_addc(b, c);
	}
}

static int
pr_keyword_start(const char *s)
{
	size_t i;

	if (strncmp(s, "Defaults", 8) == 0 || strncmp(s, "@include", 8) == 0)
		return 1;
	for (i = 0; i < sizeof sp_alias_kw / sizeof sp_alias_kw[0]; i++) {
		if (strncmp(s, sp_alias_kw[i].kw, strlen(sp_alias_kw[i].kw)) ==
		    0)
			return 1;
	}
	return 0;
}

static void
pr_member(struct buf *b, const struct sudo_member *m)
{
	if (m->negated)
		buf_addc(b, '!');
	switch (m->type) {
	case SM_NAME:
		/* a name that would read as ALL, an alias, or (first on
		 * its line) a Defaults, alias or @include keyword */
		pr_word(b, m->name, 1, strcmp(m->name, "ALL") == 0 ||
		    sp_is_alias_name(m->name) || pr_keyword_start(m->name));
		break;
	case SM_ALL:
		buf_adds(b, "ALL");
		break;
	case SM_ALIAS:
		buf_adds(b, m->name);
		break;
	case SM_UID:
		buf_printf(b, "#%lu", m->id);
		break;
	case SM_GROUP:
	case SM_NONUNIX:
	case SM_NETGROUP: {
		const char *pre = m->type == SM_NONUNIX ? "%:" :
		    m->type == SM_GROUP ? "%" : "+";

		/* no escape carries a tab: "%name" quoted is a group and
		 * "+name" a netgroup (toke.l) */
		if (strchr(m->name, '\t') != NULL ||
		    strchr(m->name, '\r') != NULL) {
			char *t = xasprintf("%s%s", pre, m->name);

			pr_quoted(b, t);
			free(t);
			break;
		}
		buf_adds(b, pre);
		pr_word(b, m->name, 0, 0);
		break;
	}
	case SM_GID:
		buf_printf(b, "%%#%lu", m->id);
		break;
	case SM_NONUNIX_GID:
		buf_printf(b, "%%:#%lu", m->id);
		break;
	case SM_CMND:
	case SM_DIR:
	case SM_REGEX:
		if (m->digest != NULL) {
			buf_adds(b, m->digest);
			buf_addc(b, ' ');
		}
		if (m->type == SM_REGEX)
			buf_adds(b, m->name);
		else
			pr_path(b, m->name);
		if (m->args != NULL) {
			buf_addc(b, ' ');
			pr_args(b, m->args);
		}
		break;
	case SM_SUDOEDIT:
		buf_adds(b, "sudoedit");
		if (m->args != NULL) {
			buf_addc(b, ' ');
			pr_args(b, m->args);
		}
		break;
	case SM_LIST:
		buf_adds(b, "list");
		break;
	}
}

static void
pr_list(struct buf *b, const struct sudo_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i)
			buf_adds(b, ", ");
		pr_member(b, &l->v[i]);
	}
}

/* One member as sudoers text (allocated); see sudoers.h. */
char *
sudoers_member_str(const struct sudo_member *m)
{
	struct buf b = { 0 };

	pr_member(&b, m);
	return buf_str(&b);
}

static const char *const pr_alias_kw[] = {
	"User_Alias", "Runas_Alias", "Host_Alias", "Cmnd_Alias",
};

static void
pr_cmndspec(struct buf *b, const struct sudo_priv *pv,
    const struct sudo_cmndspec *cs)
{
	size_t i;

	if (cs->runas >= 0 && (size_t)cs->runas < pv->nrunas) {
		const struct sudo_runas *r = &pv->runas[cs->runas];

		buf_addc(b, '(');
		pr_list(b, &r->users);
		if (r->has_groups) {
			buf_adds(b, r->users.n ? " :" : ":");
			if (r->groups.n) {
				buf_addc(b, ' ');
				pr_list(b, &r->groups);
			}
		}
		buf_adds(b, ") ");
	}
	if (cs->opts >= 0 && (size_t)cs->opts < pv->nopts) {
		const struct sudo_optset *o = &pv->opts[cs->opts];

		for (i = 0; i < o->n; i++) {
			buf_printf(b, "%s=", o->v[i].name);
			pr_quoted(b, o->v[i].value);
			buf_addc(b, ' ');
		}
	}
	for (i = 0; i < ST_NTAGS; i++) {
		if (cs->tags_set & sp_tags[i].bit) {
			buf_adds(b, (cs->tags_on & sp_tags[i].bit) ?
			    sp_tags[i].on : sp_tags[i].off);
			buf_adds(b, ": ");
		}
	}
	pr_member(b, &cs->cmnd);
}

static void
pr_entry(struct buf *b, const struct sudo_entry *e)
{
	size_t i, j;

	switch (e->kind) {
	case SE_INCLUDE:
		buf_adds(b, e->u.include.isdir ? "@includedir " : "@include ");
		if (e->u.include.path[strcspn(e->u.include.path,
		    " \t\r\n\v\f\"\\#")] != '\0')
			pr_quoted(b, e->u.include.path);
		else
			buf_adds(b, e->u.include.path);
		break;
	case SE_ALIAS:
		buf_printf(b, "%s %s = ", pr_alias_kw[e->u.alias.kind],
		    e->u.alias.name);
		pr_list(b, &e->u.alias.members);
		break;
	case SE_DEFAULTS: {
		const struct sudo_defaults *d = &e->u.defaults;
		static const char bind[] = { 0, ':', '>', '@', '!' };

		buf_adds(b, "Defaults");
		if (d->type != SD_ALL) {
			buf_addc(b, bind[d->type]);
			pr_list(b, &d->binding);
		}
		for (i = 0; i < d->nparams; i++) {
			const struct sudo_param *pm = &d->params[i];

			buf_adds(b, i ? ", " : " ");
			if (pm->negated)
				buf_addc(b, '!');
			buf_adds(b, pm->name);
			if (pm->op != 0) {
				buf_adds(b, pm->op == '=' ? " = " :
				    pm->op == '+' ? " += " : " -= ");
				pr_quoted(b, pm->value);
			}
		}
		break;
	}
	case SE_USERSPEC:
		pr_list(b, &e->u.spec.users);
		for (i = 0; i < e->u.spec.nprivs; i++) {
			const struct sudo_priv *pv = &e->u.spec.privs[i];

			buf_adds(b, i ? " : " : " ");
			pr_list(b, &pv->hosts);
			buf_adds(b, " = ");
			for (j = 0; j < pv->ncmnds; j++) {
				if (j)
					buf_adds(b, ", ");
				pr_cmndspec(b, pv, &pv->cmnds[j]);
			}
		}
		break;
	}
}

/* The normalised parse; see sudoers.h. */
char *
sudoers_print(const struct sudoers *s)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < s->n; i++) {
		size_t start = b.len;
		int inq = 0;

		pr_entry(&b, &s->v[i]);
		/* a name or argument ending in an escaped blank would read
		 * as a continued line (sudo reads it so too): end the line
		 * with an empty comment */
		if (line_continues(b.data + start, b.len - start, &inq))
			buf_addc(&b, '#');
		buf_addc(&b, '\n');
	}
	return buf_str(&b);
}
