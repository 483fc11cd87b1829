/*
 * svcconf.c: parsers for the files that configure local services
 * (svcconf.h). Each takes a buffer and hands back facts with their line
 * numbers; none opens a file, follows an include or judges what it finds.
 * Hostile text (unclosed quotes, huge lines, NULs, deep JSON) gives an
 * error for the line and a parse of the rest, never a crash.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "parse/svcconf.h"
#include "parse/unitfile.h"
#include "lib/num.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "parse/print.h"
#include "lib/str.h"

#define SVC_MAX_WORDS	4096

static void
strv_add(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 2, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
	(*v)[*n] = NULL;
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ------------------------------------------------------------------ */
/* Redis */

void
redis_conf_init(struct redis_conf *rc)
{
	memset(rc, 0, sizeof *rc);
	rc->port = -1;
	rc->protected_mode = -1;
	rc->unixsocketperm = -1;
	rc->protected_configs = -1;
	rc->module_command = -1;
}

void
redis_conf_free(struct redis_conf *rc)
{
	if (rc == NULL)
		return;
	free(rc->bind);
	free(rc->unixsocket);
	free(rc->aclpath);
	strv_free(rc->includes, rc->nincludes);
	redis_conf_init(rc);
}

/* Redis's sdssplitargs(): "..." with C escapes and \xHH, '...' with \',
 * a closing quote must end the word. NULL if the quoting is broken. */
static char **
redis_split(const char *s, size_t len, size_t *n)
{
	const char *p = s, *end = s + len;
	char **v = xcalloc(1, sizeof *v);
	struct buf w = { 0 };

	*n = 0;
	for (;;) {
		while (p < end && is_line_space(*p))
			p++;
		if (p == end)
			break;
		if (*n >= SVC_MAX_WORDS)
			goto bad;
		w.len = 0;
		if (*p == '"') {
			p++;
			for (;;) {
				if (p == end)
					goto bad;
				if (*p == '"') {
					p++;
					break;
				}
				if (*p == '\\' && p + 3 < end && p[1] == 'x' &&
				    isxdigit((unsigned char)p[2]) &&
				    isxdigit((unsigned char)p[3])) {
					char hx[3] = { p[2], p[3], 0 };

					buf_addc(&w, (char)strtol(hx, NULL, 16));
					p += 4;
					continue;
				}
				if (*p == '\\' && p + 1 < end) {
					char c = p[1];

					buf_addc(&w, c == 'n' ? '\n' : c == 'r' ?
					    '\r' : c == 't' ? '\t' : c == 'b' ?
					    '\b' : c == 'a' ? '\a' : c);
					p += 2;
					continue;
				}
				buf_addc(&w, *p++);
			}
			if (p < end && !is_line_space(*p))
				goto bad;
		} else if (*p == '\'') {
			p++;
			for (;;) {
				if (p == end)
					goto bad;
				if (*p == '\'') {
					p++;
					break;
				}
				if (*p == '\\' && p + 1 < end && p[1] == '\'') {
					buf_addc(&w, '\'');
					p += 2;
					continue;
				}
				buf_addc(&w, *p++);
			}
			if (p < end && !is_line_space(*p))
				goto bad;
		} else {
			while (p < end && !is_line_space(*p))
				buf_addc(&w, *p++);
		}
		/* an empty "" is a word: requirepass "" */
		v = xreallocarray(v, *n + 2, sizeof *v);
		v[(*n)++] = xstrndup(w.data ? w.data : "", w.len);
		v[*n] = NULL;
	}
	buf_free(&w);
	return v;
bad:
	buf_free(&w);
	strv_free(v, *n);
	return NULL;
}

static int
yes_no_local(const char *s)
{
	if (strcasecmp(s, "yes") == 0)
		return 1;
	if (strcasecmp(s, "local") == 0)
		return 2;
	return 0;
}

struct redis_user {
	int	nopass;
	int	haspass;
	int	off;
};

/* ACL rules of "user default ..." (Redis docs, "ACL rules") */
static void
redis_user_rules(struct redis_user *u, char **w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *r = w[i];

		if (strcasecmp(r, "on") == 0)
			u->off = 0;
		else if (strcasecmp(r, "off") == 0)
			u->off = 1;
		else if (strcasecmp(r, "nopass") == 0) {
			u->nopass = 1;
			u->haspass = 0;
		} else if (strcasecmp(r, "resetpass") == 0) {
			u->nopass = 0;
			u->haspass = 0;
		} else if (strcasecmp(r, "reset") == 0) {
			u->nopass = 0;
			u->haspass = 0;
			u->off = 1;
		} else if (r[0] == '>' || r[0] == '#') {
			u->haspass = 1;
			u->nopass = 0;
		}
	}
}

void
redis_conf_parse(const char *buf, size_t len, struct redis_conf *rc,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	/* a fresh server's default user: on, nopass (Redis ACL docs) */
	struct redis_user dflt = { 1, 0, 0 };
	const char *s;
	size_t n;
	int r;

	if (rc->auth_line) {
		/* a second file (an include) continues the first's state */
		dflt.nopass = !rc->default_auth;
		dflt.haspass = rc->default_auth;
		dflt.off = rc->default_off;
	}
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		char **w;
		size_t nw;
		const char *d;
		unsigned long u;

		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		while (n && is_line_space(*s)) {
			s++;
			n--;
		}
		if (n == 0 || *s == '#')
			continue;
		if (memchr(s, '\0', n)) {
			if (err)
				err(ctx, l.lineno, "NUL byte in line");
			continue;
		}
		if ((w = redis_split(s, n, &nw)) == NULL) {
			if (err)
				err(ctx, l.lineno, "unbalanced quotes");
			continue;
		}
		if (nw == 0) {
			strv_free(w, nw);
			continue;
		}
		d = w[0];
		if (strcasecmp(d, "port") == 0 && nw == 2) {
			if (parse_ulong(w[1], 65535, &u) == 0) {
				rc->port = (long)u;
				rc->port_line = l.lineno;
			} else if (err)
				err(ctx, l.lineno, "bad port");
		} else if (strcasecmp(d, "bind") == 0 && nw >= 2) {
			struct buf b = { 0 };
			size_t i;

			for (i = 1; i < nw; i++) {
				if (i > 1)
					buf_addc(&b, ' ');
				buf_adds(&b, w[i]);
			}
			free(rc->bind);
			rc->bind = buf_str(&b);
			rc->bind_line = l.lineno;
		} else if (strcasecmp(d, "protected-mode") == 0 && nw == 2) {
			rc->protected_mode = strcasecmp(w[1], "yes") == 0;
			rc->pm_line = l.lineno;
		} else if (strcasecmp(d, "requirepass") == 0 && nw == 2) {
			/* an empty password clears it and sets nopass */
			if (w[1][0]) {
				dflt.haspass = 1;
				dflt.nopass = 0;
			} else {
				dflt.haspass = 0;
				dflt.nopass = 1;
			}
			rc->auth_line = l.lineno;
		} else if (strcasecmp(d, "user") == 0 && nw >= 2 &&
		    strcmp(w[1], "default") == 0) {
			redis_user_rules(&dflt, w + 2, nw - 2);
			rc->auth_line = l.lineno;
		} else if (strcasecmp(d, "aclfile") == 0 && nw == 2) {
			rc->aclfile = 1;
			free(rc->aclpath);
			rc->aclpath = xstrdup(w[1]);
			rc->acl_line = l.lineno;
		} else if (strcasecmp(d, "unixsocket") == 0 && nw == 2) {
			free(rc->unixsocket);
			rc->unixsocket = xstrdup(w[1]);
			rc->us_line = l.lineno;
		} else if (strcasecmp(d, "unixsocketperm") == 0 && nw == 2) {
			char *end;
			long perm = strtol(w[1], &end, 8);

			if (*w[1] && *end == '\0' && perm >= 0 && perm <= 07777)
				rc->unixsocketperm = perm;
		} else if (strcasecmp(d, "rename-command") == 0 && nw == 3 &&
		    strcasecmp(w[1], "CONFIG") == 0) {
			rc->config_renamed = 1;
		} else if (strcasecmp(d, "enable-protected-configs") == 0 &&
		    nw == 2) {
			rc->protected_configs = yes_no_local(w[1]);
			rc->redis7 = 1;
		} else if (strcasecmp(d, "enable-module-command") == 0 &&
		    nw == 2) {
			rc->module_command = yes_no_local(w[1]);
			rc->redis7 = 1;
		} else if (strcasecmp(d, "enable-debug-command") == 0) {
			rc->redis7 = 1;
		} else if (strcasecmp(d, "include") == 0 && nw == 2) {
			if (rc->nincludes < MAX_INCLUDE_DEPTH * 16)
				strv_add(&rc->includes, &rc->nincludes, w[1]);
		}
		strv_free(w, nw);
	}
	rc->default_auth = !dflt.nopass;
	rc->default_off = dflt.off;
}

void
redis_acl_parse(const char *buf, size_t len, struct redis_conf *rc,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	/* the default user when the file leaves it out: on, nopass (the
	 * server creates it so; Redis ACL docs) */
	struct redis_user dflt = { 1, 0, 0 };
	unsigned line = 0;
	const char *s;
	size_t n;
	int r;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		char **w;
		size_t nw;

		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		while (n && is_line_space(*s)) {
			s++;
			n--;
		}
		if (n == 0 || *s == '#' || memchr(s, '\0', n))
			continue;
		if ((w = redis_split(s, n, &nw)) == NULL) {
			if (err)
				err(ctx, l.lineno, "unbalanced quotes");
			continue;
		}
		if (nw >= 2 && strcasecmp(w[0], "user") == 0 &&
		    strcmp(w[1], "default") == 0) {
			/* a user of the file starts new: off, no password */
			dflt.nopass = dflt.haspass = 0;
			dflt.off = 1;
			redis_user_rules(&dflt, w + 2, nw - 2);
			line = l.lineno;
		}
		strv_free(w, nw);
	}
	rc->default_auth = !dflt.nopass;
	rc->default_off = dflt.off;
	rc->auth_line = line;
}

/* ------------------------------------------------------------------ */
/* PostgreSQL pg_hba.conf */

/* tokens of one pg_hba line: blanks separate, '#' outside quotes starts
 * a comment, double quotes protect blanks and commas and are removed */
static char **
hba_split(const char *s, size_t len, size_t *n)
{
	const char *p = s, *end = s + len;
	char **v = xcalloc(1, sizeof *v);
	struct buf w = { 0 };

	*n = 0;
	for (;;) {
		int inq = 0, have = 0;

		while (p < end && is_line_space(*p))
			p++;
		if (p == end || *p == '#' || *n >= SVC_MAX_WORDS)
			break;
		w.len = 0;
		while (p < end && (inq || (!is_line_space(*p) && *p != '#'))) {
			if (*p == '"') {
				inq = !inq;
				p++;
				have = 1;
				continue;
			}
			buf_addc(&w, *p++);
			have = 1;
		}
		if (have) {
			v = xreallocarray(v, *n + 2, sizeof *v);
			v[(*n)++] = xstrndup(w.data ? w.data : "", w.len);
			v[*n] = NULL;
		}
	}
	buf_free(&w);
	return v;
}

static int
hba_is_ip(const char *s)
{
	unsigned char a[16];

	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

size_t
pg_hba_parse(const char *buf, size_t len, struct pg_hba *h, parse_err_fn err,
    void *ctx)
{
	struct lines l;
	struct buf acc = { 0 };
	const char *s;
	size_t n, kept = 0;
	unsigned start = 0;
	int r, cont = 0;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		char **w;
		size_t nw, mi;
		struct pg_hba_entry e;
		const char *t;

		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			cont = 0;
			continue;
		}
		if (!cont) {
			start = l.lineno;
			acc.len = 0;
		}
		if (memchr(s, '\0', n)) {
			if (err)
				err(ctx, l.lineno, "NUL byte in line");
			cont = 0;
			continue;
		}
		/* PostgreSQL 16: a backslash at the end continues the line */
		if (n && s[n - 1] == '\\') {
			buf_add(&acc, s, n - 1);
			cont = acc.len <= MAX_LINE;
			continue;
		}
		buf_add(&acc, s, n);
		cont = 0;
		w = hba_split(acc.data, acc.len, &nw);
		if (nw == 0) {
			strv_free(w, nw);
			continue;
		}
		t = w[0];
		if ((strcmp(t, "include") == 0 ||
		    strcmp(t, "include_if_exists") == 0 ||
		    strcmp(t, "include_dir") == 0) && nw == 2) {
			if (h->nincludes < 256) {
				/* includes apply where they appear
				 * (PostgreSQL docs, "The pg_hba.conf File") */
				h->include_at = xreallocarray(h->include_at,
				    h->nincludes + 1, sizeof *h->include_at);
				h->include_at[h->nincludes] = h->n;
				strv_add(&h->includes, &h->nincludes, w[1]);
			}
			strv_free(w, nw);
			continue;
		}
		memset(&e, 0, sizeof e);
		e.line = start;
		if (strcmp(t, "local") == 0) {
			if (nw < 4) {
				if (err)
					err(ctx, start, "too few fields");
				strv_free(w, nw);
				continue;
			}
			mi = 3;
		} else if (strcmp(t, "host") == 0 || strcmp(t, "hostssl") == 0 ||
		    strcmp(t, "hostnossl") == 0 ||
		    strcmp(t, "hostgssenc") == 0 ||
		    strcmp(t, "hostnogssenc") == 0) {
			if (nw < 5) {
				if (err)
					err(ctx, start, "too few fields");
				strv_free(w, nw);
				continue;
			}
			/* an IP address without /len takes a mask column */
			mi = (!strchr(w[3], '/') && hba_is_ip(w[3])) ? 5 : 4;
			if (nw <= mi) {
				if (err)
					err(ctx, start, "too few fields");
				strv_free(w, nw);
				continue;
			}
			e.address = xstrdup(w[3]);
			if (mi == 5)
				e.mask = xstrdup(w[4]);
		} else {
			if (err)
				err(ctx, start, "unknown connection type");
			strv_free(w, nw);
			continue;
		}
		e.type = xstrdup(w[0]);
		e.database = xstrdup(w[1]);
		e.user = xstrdup(w[2]);
		e.method = xstrdup(w[mi]);
		h->e = xreallocarray(h->e, h->n + 1, sizeof *h->e);
		h->e[h->n++] = e;
		kept++;
		strv_free(w, nw);
	}
	buf_free(&acc);
	return kept;
}

void
pg_hba_free(struct pg_hba *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->n; i++) {
		free(h->e[i].type);
		free(h->e[i].database);
		free(h->e[i].user);
		free(h->e[i].address);
		free(h->e[i].mask);
		free(h->e[i].method);
	}
	free(h->e);
	free(h->include_at);
	strv_free(h->includes, h->nincludes);
	memset(h, 0, sizeof *h);
}

/* does the network addr/bits (or addr with mask) hold the loopback
 * address of its family? */
static int
cidr_holds_loopback(const char *spec, const char *mask)
{
	unsigned char a[16], m[16], lo[16];
	char addr[64];
	const char *slash = strchr(spec, '/');
	size_t alen = slash ? (size_t)(slash - spec) : strlen(spec), i;
	int fam, bytes;
	unsigned long bits;

	if (alen >= sizeof addr)
		return 0;
	memcpy(addr, spec, alen);
	addr[alen] = '\0';
	memset(lo, 0, sizeof lo);
	if (inet_pton(AF_INET, addr, a) == 1) {
		fam = AF_INET;
		bytes = 4;
		lo[0] = 127;
		lo[3] = 1;
	} else if (inet_pton(AF_INET6, addr, a) == 1) {
		fam = AF_INET6;
		bytes = 16;
		lo[15] = 1;
	} else
		return 0;
	memset(m, 0, sizeof m);
	if (slash) {
		if (parse_ulong(slash + 1, (unsigned long)bytes * 8, &bits) ==
		    -1)
			return 0;
		for (i = 0; i < (size_t)bytes; i++) {
			unsigned long left = bits > i * 8 ? bits - i * 8 : 0;

			m[i] = left >= 8 ? 0xff :
			    (unsigned char)(0xff00 >> left);
		}
	} else if (mask) {
		if (inet_pton(fam, mask, m) != 1)
			return 0;
	} else
		memset(m, 0xff, (size_t)bytes);
	for (i = 0; i < (size_t)bytes; i++)
		if ((a[i] & m[i]) != (lo[i] & m[i]))
			return 0;
	return 1;
}

int
pg_hba_from_localhost(const struct pg_hba_entry *e)
{
	const char *a = e->address;

	if (strcmp(e->type, "local") == 0)
		return 1;
	/* GSSAPI encryption needs a Kerberos ticket a local user lacks */
	if (strcmp(e->type, "hostgssenc") == 0 || a == NULL)
		return 0;
	if (strcmp(a, "all") == 0 || strcmp(a, "samehost") == 0 ||
	    strcmp(a, "samenet") == 0 || strcmp(a, "localhost") == 0)
		return 1;
	return cidr_holds_loopback(a, e->mask);
}

int
pg_hba_list_has(const char *list, const char *word)
{
	const char *p = list;
	size_t n = strlen(word);

	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);

		if ((len == n && memcmp(p, word, n) == 0) ||
		    (len == 3 && memcmp(p, "all", 3) == 0))
			return 1;
		p = c ? c + 1 : NULL;
	}
	return 0;
}

/* 1 if the comma-separated list holds exactly word ("all" is no
 * match here) */
static int
list_exact(const char *list, const char *word, size_t n)
{
	const char *p = list;

	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);

		if (len == n && memcmp(p, word, n) == 0)
			return 1;
		p = c ? c + 1 : NULL;
	}
	return 0;
}

/* every name of list a is a plain name that list b holds (b's "all"
 * holds every database but the replication pseudo-database) */
static int
list_covers(const char *b, const char *a, int db)
{
	const char *p = a;

	if (list_exact(b, "all", 3) && !(db && list_exact(a, "replication",
	    11)))
		return 1;
	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);

		/* keywords and indirections: what they hold is unknown */
		if (len == 0 || p[0] == '+' || p[0] == '@' || p[0] == '/' ||
		    (len == 3 && memcmp(p, "all", 3) == 0) ||
		    (db && ((len == 8 && memcmp(p, "sameuser", 8) == 0) ||
		    (len == 8 && memcmp(p, "samerole", 8) == 0) ||
		    (len == 9 && memcmp(p, "samegroup", 9) == 0))) ||
		    !list_exact(b, p, len))
			return 0;
		p = c ? c + 1 : NULL;
	}
	return 1;
}

/* the loopback addresses an entry's address holds: 1 127.0.0.1, 2 ::1 */
static int
hba_loop_fams(const struct pg_hba_entry *e)
{
	if (!pg_hba_from_localhost(e))
		return 0;
	if (strchr(e->address, '/') == NULL && (strcmp(e->address, "all") ==
	    0 || strcmp(e->address, "samehost") == 0 || strcmp(e->address,
	    "samenet") == 0 || strcmp(e->address, "localhost") == 0))
		return 3;
	return strchr(e->address, ':') ? 2 : 1;
}

static int
hba_is_tcp(const char *t)
{
	return strcmp(t, "host") == 0 || strcmp(t, "hostssl") == 0 ||
	    strcmp(t, "hostnossl") == 0;
}

int
pg_hba_shadows(const struct pg_hba_entry *a, const struct pg_hba_entry *e,
    const char *role)
{
	/* the connection type: "host" and "hostnogssenc" take every TCP
	 * connection a client without GSSAPI makes; hostssl and hostnossl
	 * only theirs, and the client chooses whether to use SSL */
	if (strcmp(e->type, "local") == 0) {
		if (strcmp(a->type, "local") != 0)
			return 0;
	} else if (hba_is_tcp(e->type)) {
		if (strcmp(a->type, "host") != 0 &&
		    strcmp(a->type, "hostnogssenc") != 0 &&
		    strcmp(a->type, e->type) != 0)
			return 0;
		/* the client picks 127.0.0.1 or ::1 */
		if (hba_loop_fams(e) & ~hba_loop_fams(a))
			return 0;
	} else
		return 0;
	/* the database: the client names any */
	if (!list_covers(a->database, e->database, 1))
		return 0;
	/* the role: a plain name, or one no entry names */
	if (list_exact(a->user, "all", 3))
		return 1;
	return role != NULL && list_exact(a->user, role, strlen(role));
}

/* ------------------------------------------------------------------ */
/* Docker */

void
docker_conf_init(struct docker_conf *dc)
{
	memset(dc, 0, sizeof *dc);
	dc->tls = -1;
	dc->tlsverify = -1;
}

void
docker_conf_free(struct docker_conf *dc)
{
	size_t i;

	if (dc == NULL)
		return;
	for (i = 0; i < dc->nhosts; i++)
		free(dc->hosts[i].uri);
	free(dc->hosts);
	free(dc->group);
	docker_conf_init(dc);
}

static void
docker_add_host(struct docker_conf *dc, const char *uri, unsigned line,
    const char *from)
{
	if (dc->nhosts >= 256)
		return;
	dc->hosts = xreallocarray(dc->hosts, dc->nhosts + 1,
	    sizeof *dc->hosts);
	dc->hosts[dc->nhosts].uri = xstrdup(uri);
	dc->hosts[dc->nhosts].line = line;
	dc->hosts[dc->nhosts].from = from;
	dc->nhosts++;
}

/* line of the first occurrence of needle in buf, 0 if absent */
static unsigned
line_of(const char *buf, size_t len, const char *needle)
{
	size_t nl = strlen(needle), i;
	unsigned line = 1;

	if (nl == 0 || nl > len)
		return 0;
	for (i = 0; i + nl <= len; i++) {
		if (buf[i] == '\n')
			line++;
		else if (buf[i] == needle[0] && memcmp(buf + i, needle, nl) == 0)
			return line;
	}
	return 0;
}

static unsigned
json_line_of(const char *buf, size_t len, const char *s)
{
	char *q = xasprintf("\"%s\"", s);
	unsigned line = line_of(buf, len, q);

	free(q);
	return line;
}

int
docker_json_parse(const char *buf, size_t len, struct docker_conf *dc,
    const char **why, unsigned *line)
{
	json_error_t je;
	json_t *root, *v;
	size_t i;

	*line = 0;
	/* jansson's own depth limit (2048) bounds nesting */
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		*why = "not valid JSON";
		*line = je.line > 0 ? (unsigned)je.line : 0;
		return -1;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		*why = "not a JSON object";
		return -1;
	}
	v = json_object_get(root, "hosts");
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			const char *h = json_string_value(json_array_get(v, i));

			if (h)
				docker_add_host(dc, h, json_line_of(buf, len, h),
				    "daemon.json");
		}
	} else if (json_is_string(v)) {
		docker_add_host(dc, json_string_value(v),
		    json_line_of(buf, len, json_string_value(v)),
		    "daemon.json");
	}
	v = json_object_get(root, "tls");
	if (json_is_boolean(v)) {
		dc->tls = json_is_true(v);
		dc->tls_line = json_line_of(buf, len, "tls");
	}
	v = json_object_get(root, "tlsverify");
	if (json_is_boolean(v)) {
		dc->tlsverify = json_is_true(v);
		dc->tls_line = json_line_of(buf, len, "tlsverify");
	}
	v = json_object_get(root, "group");
	if (json_is_string(v)) {
		free(dc->group);
		dc->group = xstrdup(json_string_value(v));
		dc->group_line = json_line_of(buf, len, "group");
	}
	json_decref(root);
	return 0;
}

static int
bool_word(const char *s)
{
	return !(strcmp(s, "false") == 0 || strcmp(s, "0") == 0 ||
	    strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0);
}

int
dockerd_args_parse(const char *cmdline, unsigned line, int opts_only,
    struct docker_conf *dc)
{
	char **w = NULL;
	size_t n = 0, i, start = 0;
	int found = opts_only;
	const char *why;

	/* systemd.service(5) quoting; DOCKER_OPTS's sh quoting is close */
	if (unit_split(cmdline, &w, &n, &why) == -1)
		return 0;
	if (!opts_only) {
		for (i = 0; i < n; i++) {
			const char *b = path_basename(w[i]);

			/* systemd's exec prefixes: @ - : + ! */
			while (*b == '@' || *b == '-' || *b == ':' ||
			    *b == '+' || *b == '!')
				b++;
			if (strcmp(b, "dockerd") == 0) {
				found = 1;
				start = i + 1;
				break;
			}
			if (strcmp(b, "docker") == 0 && i + 1 < n &&
			    strcmp(w[i + 1], "daemon") == 0) {
				found = 1;
				start = i + 2;
				break;
			}
		}
	}
	if (!found)
		goto out;
	for (i = start; i < n; i++) {
		const char *a = w[i], *val = NULL;

		if (strcmp(a, "-H") == 0 || strcmp(a, "--host") == 0) {
			if (i + 1 < n)
				val = w[++i];
		} else if (strncmp(a, "--host=", 7) == 0)
			val = a + 7;
		else if (strncmp(a, "-H=", 3) == 0)
			val = a + 3;
		else if (strncmp(a, "-H", 2) == 0 && a[2])
			val = a + 2;
		if (val) {
			docker_add_host(dc, val, line, "flag");
			continue;
		}
		if (strcmp(a, "--tls") == 0 || strncmp(a, "--tls=", 6) == 0) {
			dc->tls = a[5] ? bool_word(a + 6) : 1;
			dc->tls_line = line;
		} else if (strcmp(a, "--tlsverify") == 0 ||
		    strncmp(a, "--tlsverify=", 12) == 0) {
			dc->tlsverify = a[11] ? bool_word(a + 12) : 1;
			dc->tls_line = line;
		} else if ((strcmp(a, "-G") == 0 || strcmp(a, "--group") == 0) &&
		    i + 1 < n) {
			free(dc->group);
			dc->group = xstrdup(w[++i]);
			dc->group_line = line;
		} else if (strncmp(a, "--group=", 8) == 0) {
			free(dc->group);
			dc->group = xstrdup(a + 8);
			dc->group_line = line;
		}
	}
out:
	unit_names_free(w, n);
	return found;
}

int
svc_tcp_uri(const char *uri, unsigned defport, char *host, size_t hostlen,
    unsigned *port)
{
	const char *p = uri, *hs, *he, *ps = NULL, *sep;
	unsigned long u;
	size_t n;

	if (strncmp(p, "tcp://", 6) == 0)
		p += 6;
	else if (strstr(p, "://"))
		return 0;
	/* dockerd(8): no scheme means tcp; a path after the port is
	 * ignored here */
	if ((sep = strchr(p, '/')) == NULL)
		sep = p + strlen(p);
	if (*p == '[') {
		hs = p + 1;
		he = memchr(hs, ']', (size_t)(sep - hs));
		if (he == NULL)
			return -1;
		if (he + 1 < sep) {
			if (he[1] != ':')
				return -1;
			ps = he + 2;
		}
	} else {
		hs = p;
		he = memchr(p, ':', (size_t)(sep - p));
		if (he)
			ps = he + 1;
		else
			he = sep;
	}
	n = (size_t)(he - hs);
	if (n >= hostlen)
		return -1;
	memcpy(host, hs, n);
	host[n] = '\0';
	if (ps == NULL || ps == sep)
		*port = defport;
	else {
		if (parse_ulong_n(ps, (size_t)(sep - ps), 65535, &u) == -1)
			return -1;
		*port = (unsigned)u;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* containerd config.toml */

void
containerd_conf_init(struct containerd_conf *cc)
{
	memset(cc, 0, sizeof *cc);
	cc->grpc_gid = -1;
	cc->grpc_uid = -1;
	cc->debug_gid = -1;
}

void
containerd_conf_free(struct containerd_conf *cc)
{
	if (cc == NULL)
		return;
	free(cc->grpc_address);
	free(cc->tcp_address);
	free(cc->debug_address);
	containerd_conf_init(cc);
}

/* a TOML key without blanks and quotes: [ "grpc" ] and "grpc" . x are
 * both "grpc.x" */
static char *
toml_key(const char *s, size_t n)
{
	char *k = xmalloc(n + 1), *o = k;
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_line_space(s[i]) && s[i] != '"' && s[i] != '\'')
			*o++ = s[i];
	*o = '\0';
	return k;
}

enum { TOML_NONE, TOML_STR, TOML_INT, TOML_BOOL };

/* one-line TOML value: a string (basic or literal), integer or boolean */
static int
toml_value(const char *s, size_t n, char **str, long *num)
{
	const char *end = s + n;

	while (s < end && is_line_space(*s))
		s++;
	if (s == end)
		return TOML_NONE;
	if (*s == '"' || *s == '\'') {
		char q = *s++;
		struct buf b = { 0 };

		if (end - s >= 2 && s[0] == q && s[1] == q)
			return TOML_NONE;	/* multi-line: not ours */
		while (s < end && *s != q) {
			if (q == '"' && *s == '\\' && s + 1 < end) {
				char c = s[1];

				buf_addc(&b, c == 'n' ? '\n' : c == 't' ?
				    '\t' : c);
				s += 2;
				continue;
			}
			buf_addc(&b, *s++);
		}
		if (s == end) {
			buf_free(&b);
			return TOML_NONE;
		}
		*str = b.data ? buf_str(&b) : xstrdup("");
		return TOML_STR;
	}
	if (end - s >= 4 && memcmp(s, "true", 4) == 0) {
		*num = 1;
		return TOML_BOOL;
	}
	if (end - s >= 5 && memcmp(s, "false", 5) == 0) {
		*num = 0;
		return TOML_BOOL;
	}
	{
		const char *e = s;
		unsigned long u;

		while (e < end && *e >= '0' && *e <= '9')
			e++;
		if (e > s && parse_ulong_n(s, (size_t)(e - s), 0x7fffffffUL,
		    &u) == 0) {
			*num = (long)u;
			return TOML_INT;
		}
	}
	return TOML_NONE;
}

void
containerd_toml_parse(const char *buf, size_t len, struct containerd_conf *cc,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	char *table = xstrdup("");
	const char *s, *skip_until = NULL;
	size_t n;
	int r;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		const char *eq, *hash;
		char *k, *full, *str = NULL;
		long num = 0;
		int t;

		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		if (memchr(s, '\0', n)) {
			if (err)
				err(ctx, l.lineno, "NUL byte in line");
			continue;
		}
		if (skip_until) {
			/* inside a multi-line string or array */
			size_t sl = strlen(skip_until), i;

			for (i = 0; i + sl <= n; i++)
				if (memcmp(s + i, skip_until, sl) == 0) {
					skip_until = NULL;
					break;
				}
			continue;
		}
		while (n && is_line_space(*s)) {
			s++;
			n--;
		}
		if (n == 0 || *s == '#')
			continue;
		if (*s == '[') {
			const char *close;

			free(table);
			if (n >= 2 && s[1] == '[') {
				/* an array of tables: nothing of ours */
				table = xstrdup("[[]]");
				continue;
			}
			close = memchr(s, ']', n);
			if (close == NULL) {
				if (err)
					err(ctx, l.lineno, "bad table header");
				table = xstrdup("[bad]");
				continue;
			}
			table = toml_key(s + 1, (size_t)(close - s - 1));
			continue;
		}
		if ((eq = memchr(s, '=', n)) == NULL) {
			if (err)
				err(ctx, l.lineno, "not a key = value line");
			continue;
		}
		k = toml_key(s, (size_t)(eq - s));
		full = *table ? xasprintf("%s.%s", table, k) : xstrdup(k);
		free(k);
		/* the value ends at a comment outside quotes: strings are
		 * parsed up to their closing quote, so '#' after is fine */
		hash = eq + 1;
		t = toml_value(hash, (size_t)(s + n - hash), &str, &num);
		if (t == TOML_NONE) {
			const char *v = eq + 1;

			while (v < s + n && is_line_space(*v))
				v++;
			if (s + n - v >= 3 && (memcmp(v, "\"\"\"", 3) == 0 ||
			    memcmp(v, "'''", 3) == 0)) {
				const char *d = memcmp(v, "\"\"\"", 3) == 0 ?
				    "\"\"\"" : "'''";

				if (!(s + n - v >= 6 && memmem(v + 3,
				    (size_t)(s + n - v - 3), d, 3)))
					skip_until = d;
			} else if (v < s + n && *v == '[' &&
			    !memchr(v, ']', (size_t)(s + n - v)))
				skip_until = "]";
		}
		if (strcmp(full, "grpc.address") == 0 && t == TOML_STR) {
			free(cc->grpc_address);
			cc->grpc_address = str;
			cc->grpc_address_line = l.lineno;
			str = NULL;
		} else if (strcmp(full, "grpc.tcp_address") == 0 &&
		    t == TOML_STR) {
			free(cc->tcp_address);
			cc->tcp_address = str;
			cc->tcp_line = l.lineno;
			str = NULL;
		} else if (strcmp(full, "grpc.tcp_tls_cert") == 0 &&
		    t == TOML_STR) {
			cc->tcp_tls = str[0] != '\0';
		} else if (strcmp(full, "grpc.gid") == 0 && t == TOML_INT) {
			cc->grpc_gid = num;
			cc->grpc_gid_line = l.lineno;
		} else if (strcmp(full, "grpc.uid") == 0 && t == TOML_INT) {
			cc->grpc_uid = num;
		} else if (strcmp(full, "debug.address") == 0 &&
		    t == TOML_STR) {
			free(cc->debug_address);
			cc->debug_address = str;
			cc->debug_line = l.lineno;
			str = NULL;
		} else if (strcmp(full, "debug.gid") == 0 && t == TOML_INT) {
			cc->debug_gid = num;
			cc->debug_gid_line = l.lineno;
		}
		free(str);
		free(full);
	}
	free(table);
}

/* ---- print functions, for tests and debugging ---- */

/* " KEY VALUE@LINE" for a string set on a line, nothing if unset */
static void
print_at(struct buf *b, const char *key, const char *v, unsigned line)
{
	if (v == NULL)
		return;
	buf_printf(b, " %s ", key);
	print_str(b, v);
	buf_printf(b, "@%u", line);
}

static void
print_strv(struct buf *b, const char *key, char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		buf_printf(b, " %s ", key);
		print_str(b, v[i]);
	}
}

char *
redis_conf_print(const struct redis_conf *rc)
{
	struct buf b = { 0 };

	buf_printf(&b, "port %ld@%u", rc->port, rc->port_line);
	print_at(&b, "bind", rc->bind, rc->bind_line);
	buf_printf(&b, " protected-mode %d@%u default-auth %d@%u "
	    "default-off %d aclfile %d", rc->protected_mode, rc->pm_line,
	    rc->default_auth, rc->auth_line, rc->default_off, rc->aclfile);
	print_at(&b, "aclpath", rc->aclpath, rc->acl_line);
	print_at(&b, "unixsocket", rc->unixsocket, rc->us_line);
	buf_printf(&b, " unixsocketperm %ld config-renamed %d "
	    "protected-configs %d module-command %d redis7 %d",
	    rc->unixsocketperm, rc->config_renamed, rc->protected_configs,
	    rc->module_command, rc->redis7);
	print_strv(&b, "include", rc->includes, rc->nincludes);
	buf_addc(&b, '\n');
	return buf_str(&b);
}

char *
pg_hba_print(const struct pg_hba *h)
{
	struct buf b = { 0 };
	size_t i;

	buf_adds(&b, "");
	for (i = 0; i < h->n; i++) {
		const struct pg_hba_entry *e = &h->e[i];

		buf_printf(&b, "%u ", e->line);
		print_str(&b, e->type);
		buf_addc(&b, ' ');
		print_str(&b, e->database);
		buf_addc(&b, ' ');
		print_str(&b, e->user);
		buf_addc(&b, ' ');
		print_str(&b, e->address);
		buf_addc(&b, ' ');
		print_str(&b, e->mask);
		buf_addc(&b, ' ');
		print_str(&b, e->method);
		buf_addc(&b, '\n');
	}
	for (i = 0; i < h->nincludes; i++) {
		buf_adds(&b, "include ");
		print_str(&b, h->includes[i]);
		buf_printf(&b, " at %zu\n", h->include_at[i]);
	}
	return buf_str(&b);
}

char *
docker_conf_print(const struct docker_conf *dc)
{
	struct buf b = { 0 };
	size_t i;

	buf_adds(&b, "");
	for (i = 0; i < dc->nhosts; i++) {
		buf_adds(&b, "host ");
		print_str(&b, dc->hosts[i].uri);
		buf_printf(&b, "@%u %s\n", dc->hosts[i].line,
		    dc->hosts[i].from ? dc->hosts[i].from : "-");
	}
	buf_printf(&b, "tls %d tlsverify %d@%u", dc->tls, dc->tlsverify,
	    dc->tls_line);
	print_at(&b, "group", dc->group, dc->group_line);
	buf_addc(&b, '\n');
	return buf_str(&b);
}

char *
containerd_conf_print(const struct containerd_conf *cc)
{
	struct buf b = { 0 };
	char *out;

	print_at(&b, "grpc.address", cc->grpc_address,
	    cc->grpc_address_line);
	print_at(&b, "grpc.tcp_address", cc->tcp_address, cc->tcp_line);
	buf_printf(&b, " tcp_tls %d grpc.gid %ld@%u grpc.uid %ld",
	    cc->tcp_tls, cc->grpc_gid, cc->grpc_gid_line, cc->grpc_uid);
	print_at(&b, "debug.address", cc->debug_address, cc->debug_line);
	buf_printf(&b, " debug.gid %ld@%u\n", cc->debug_gid,
	    cc->debug_gid_line);
	/* without the leading blank */
	out = xstrdup(buf_str(&b) + 1);
	buf_free(&b);
	return out;
}
