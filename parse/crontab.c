/*
 * crontab.c: crontab(5) and anacrontab(5) parsing, the command/stdin
 * split of '%', and cron's and run-parts' file-name rules (crontab.h).
 * Works on a buffer only: never opens, never runs anything. Where the
 * manual pages are vague the behaviour follows the daemons' sources:
 * environment lines as Vixie cron 4.1 / cronie env.c load_env(), entries
 * as entry.c load_entry(), anacrontab lines as anacron's readtab.c.
 */
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bounds.h"
#include "parse/cmdexec.h"
#include "parse/crontab.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/num.h"
#include "lib/xmalloc.h"
#include "lib/str.h"

/* Vixie's isspace() for environment lines; fields split on blanks only */
static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * An environment line, Vixie cron 4.1 load_env(): NAME, optional blanks,
 * '=', optional blanks, VALUE; NAME or VALUE may be in matching single
 * or double quotes; an unquoted VALUE loses trailing blanks; after a
 * quoted VALUE only blanks may follow. 1 with *name and *value set, or 0: not
 * an environment line.
 */
static int
env_line(const char *s, size_t n, char **name, char **value)
{
	enum { NAMEI, NAME, EQ1, EQ2, VALUEI, VALUE, FINI, ERROR } st = NAMEI;
	struct buf nb = { 0 }, vb = { 0 };
	struct buf *cur = &nb;
	const char *e = s + n;
	char quote = '\0';

	while (st != ERROR && s < e) {
		switch (st) {
		case NAMEI:
		case VALUEI:
			if (*s == '\'' || *s == '"')
				quote = *s++;
			st = st == NAMEI ? NAME : VALUE;
			continue;
		case NAME:
		case VALUE:
			if (quote) {
				if (*s == quote) {
					st = st == NAME ? EQ1 : FINI;
					s++;
					continue;
				}
				if (st == NAME && *s == '=') {
					st = ERROR;
					continue;
				}
			} else if (st == NAME) {
				if (is_space((unsigned char)*s)) {
					s++;
					st = EQ1;
					continue;
				}
				if (*s == '=') {
					st = EQ1;
					continue;
				}
			}
			buf_addc(cur, *s++);
			continue;
		case EQ1:
			if (*s == '=') {
				st = EQ2;
				quote = '\0';
				cur = &vb;
			} else if (!is_space((unsigned char)*s)) {
				st = ERROR;
			}
			s++;
			continue;
		case EQ2:
		case FINI:
			if (is_space((unsigned char)*s))
				s++;
			else
				st = st == EQ2 ? VALUEI : ERROR;
			continue;
		case ERROR:
			break;
		}
	}
	if ((st != FINI && st != EQ2 && !(st == VALUE && !quote)) ||
	    nb.len == 0) {
		buf_free(&nb);
		buf_free(&vb);
		return 0;
	}
	if (st == VALUE)
		while (vb.len && is_space((unsigned char)vb.data[vb.len - 1]))
			vb.data[--vb.len] = '\0';
	*name = buf_str(&nb);
	*value = buf_str(&vb);
	return 1;
}

/* anacrontab(5) assignment, readtab.c: ^[ \t]*([^ \t=]+)[ \t]*=(.*)$ */
static int
anacron_env_line(const char *s, size_t n, char **name, char **value)
{
	const char *e = s + n, *ns, *ne;

	while (s < e && is_blank((unsigned char)*s))
		s++;
	ns = s;
	while (s < e && !is_blank((unsigned char)*s) && *s != '=')
		s++;
	ne = s;
	if (ne == ns)
		return 0;
	while (s < e && is_blank((unsigned char)*s))
		s++;
	if (s >= e || *s != '=')
		return 0;
	s++;
	*name = xstrndup(ns, (size_t)(ne - ns));
	*value = xstrndup(s, (size_t)(e - s));
	return 1;
}

static const char *const month_names[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec", NULL,
};
static const char *const dow_names[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL,
};

/* A number or (where names is set) a three-letter name, in [lo, hi]. */
static int
field_num(const char **pp, const char *e, unsigned lo, unsigned hi,
    const char *const *names, unsigned name_base)
{
	const char *p = *pp, *s = p;
	unsigned long v;
	size_t i;

	if (p < e && isdigit((unsigned char)*p)) {
		while (p < e && isdigit((unsigned char)*p))
			p++;
		/* v > hi checked here too: parse_ulong_n lets a single
		 * digit above a one-digit max through */
		if (parse_ulong_n(s, (size_t)(p - s), hi, &v) == -1 ||
		    v < lo || v > hi)
			return -1;
		*pp = p;
		return 0;
	}
	if (names == NULL)
		return -1;
	while (p < e && isalpha((unsigned char)*p))
		p++;
	if (p - s != 3)
		return -1;
	for (i = 0; names[i]; i++)
		if (strncasecmp(names[i], s, 3) == 0 && i + name_base <= hi) {
			*pp = p;
			return 0;
		}
	return -1;
}

/*
 * One time field (crontab(5) "Time and date fields"): a comma list of
 * '*', N, N-M, each optionally /STEP; names for months and weekdays,
 * also inside ranges as both daemons accept; cronie's N~M random pick.
 */
static int
field_ok(const char *s, size_t n, unsigned lo, unsigned hi,
    const char *const *names, unsigned name_base)
{
	const char *p = s, *e = s + n;

	if (n == 0)
		return 0;
	for (;;) {
		if (p < e && *p == '*') {
			p++;
		} else if (p < e && *p == '~') {
			/* cronie: ~ alone or ~M picks at random */
			p++;
			if (p < e && isalnum((unsigned char)*p) &&
			    field_num(&p, e, lo, hi, names, name_base) == -1)
				return 0;
		} else {
			if (field_num(&p, e, lo, hi, names, name_base) == -1)
				return 0;
			if (p < e && *p == '-') {
				p++;
				if (field_num(&p, e, lo, hi, names,
				    name_base) == -1)
					return 0;
			} else if (p < e && *p == '~') {
				p++;
				if (p < e && isalnum((unsigned char)*p) &&
				    field_num(&p, e, lo, hi, names,
				    name_base) == -1)
					return 0;
			}
		}
		if (p < e && *p == '/') {
			const char *st = ++p;
			unsigned long step;

			while (p < e && isdigit((unsigned char)*p))
				p++;
			/* N/STEP is taken too: cronie reads it as N-max */
			if (parse_ulong_n(st, (size_t)(p - st), 1000, &step) ==
			    -1 || step == 0)
				return 0;
		}
		if (p == e)
			return 1;
		if (*p != ',')
			return 0;
		p++;
	}
}

/* crontab(5): "@reboot", "@yearly", ... (cronie and Debian alike) */
static const char *const at_words[] = {
	"@reboot", "@yearly", "@annually", "@monthly", "@weekly", "@daily",
	"@midnight", "@hourly", NULL,
};
/* anacrontab(5) and anacron readtab.c period names */
static const char *const anacron_at[] = {
	"@daily", "@weekly", "@monthly", "@yearly", "@annually", NULL,
};

static int
in_words(const char *const *l, const char *s, size_t n)
{
	for (; *l; l++)
		if (strlen(*l) == n && memcmp(*l, s, n) == 0)
			return 1;
	return 0;
}

/* The next blank-separated field into *fs and *fn, advancing *pp. 0 at end. */
static int
next_field(const char **pp, const char *e, const char **fs, size_t *fn)
{
	const char *p = *pp;

	while (p < e && is_blank((unsigned char)*p))
		p++;
	if (p >= e)
		return 0;
	*fs = p;
	while (p < e && !is_blank((unsigned char)*p))
		p++;
	*fn = (size_t)(p - *fs);
	*pp = p;
	return 1;
}

struct pstate {
	struct crontab	*tab;
	parse_err_fn	 err;
	void		*ctx;
	unsigned	 line;
};

static void
bad(struct pstate *ps, const char *why)
{
	if (ps->err)
		ps->err(ps->ctx, ps->line, why);
}

static void
add_env(struct pstate *ps, char *name, char *value)
{
	struct crontab *t = ps->tab;

	t->env = xgrow(t->env, t->nenv, sizeof(*t->env));
	t->env[t->nenv].name = name;
	t->env[t->nenv].value = value;
	t->env[t->nenv].line = ps->line;
	t->nenv++;
}

static struct cron_job *
add_job(struct pstate *ps)
{
	struct crontab *t = ps->tab;
	struct cron_job *j;

	t->jobs = xgrow(t->jobs, t->njobs, sizeof(*t->jobs));
	j = &t->jobs[t->njobs++];
	memset(j, 0, sizeof(*j));
	j->line = ps->line;
	j->nenv = t->nenv;
	return j;
}

/* A cron entry, entry.c load_entry(). s/n: the line from its first
 * non-blank character. */
static void
cron_entry(struct pstate *ps, const char *s, size_t n, enum cron_format fmt)
{
	static const struct {
		unsigned	 lo, hi, base;
		const char	*const *names;
		const char	*why;
	} f[5] = {
		{ 0, 59, 0, NULL, "bad minute field" },
		{ 0, 23, 0, NULL, "bad hour field" },
		{ 1, 31, 0, NULL, "bad day-of-month field" },
		{ 1, 12, 1, month_names, "bad month field" },
		{ 0, 7, 0, dow_names, "bad day-of-week field" },
	};
	const char *p = s, *e = s + n, *fs, *user = NULL;
	struct buf when = { 0 };
	size_t fn, un = 0, i;
	struct cron_job *j;
	int nolog = 0;

	if (p < e && *p == '-') {
		/* cronie: a leading '-' keeps the job out of syslog */
		nolog = 1;
		p++;
	}
	if (p < e && *p == '@') {
		if (!next_field(&p, e, &fs, &fn) ||
		    !in_words(at_words, fs, fn)) {
			bad(ps, "bad @keyword");
			goto out;
		}
		buf_add(&when, fs, fn);
	} else {
		for (i = 0; i < 5; i++) {
			if (!next_field(&p, e, &fs, &fn)) {
				bad(ps, i == 0 ? "bad minute field" :
				    "missing time fields");
				goto out;
			}
			if (!field_ok(fs, fn, f[i].lo, f[i].hi, f[i].names,
			    f[i].base)) {
				bad(ps, f[i].why);
				goto out;
			}
			if (i)
				buf_addc(&when, ' ');
			buf_add(&when, fs, fn);
		}
	}
	if (fmt == CRON_SYSTEM) {
		if (!next_field(&p, e, &user, &un)) {
			bad(ps, "missing user field");
			goto out;
		}
	}
	while (p < e && is_blank((unsigned char)*p))
		p++;
	if (p >= e) {
		bad(ps, "missing command");
		goto out;
	}
	j = add_job(ps);
	j->when = buf_str(&when);
	when.data = NULL;
	j->user = user ? xstrndup(user, un) : NULL;
	j->command = xstrndup(p, (size_t)(e - p));
	j->nolog = nolog;
out:
	buf_free(&when);
}

/* anacrontab(5): period delay job-identifier command, readtab.c */
static void
anacron_entry(struct pstate *ps, const char *s, size_t n)
{
	const char *p = s, *e = s + n, *ps_, *ds, *is;
	size_t pn, dn, in;
	unsigned long v;
	struct cron_job *j;

	if (!next_field(&p, e, &ps_, &pn)) {
		bad(ps, "bad anacron period");
		return;
	}
	if (ps_[0] == '@' ? !in_words(anacron_at, ps_, pn) :
	    parse_ulong_n(ps_, pn, 1000000, &v) == -1) {
		bad(ps, "bad anacron period");
		return;
	}
	if (!next_field(&p, e, &ds, &dn) ||
	    parse_ulong_n(ds, dn, 1000000, &v) == -1) {
		bad(ps, "bad anacron delay");
		return;
	}
	if (!next_field(&p, e, &is, &in) || memchr(is, '/', in)) {
		bad(ps, "bad anacron job identifier");
		return;
	}
	while (p < e && is_blank((unsigned char)*p))
		p++;
	if (p >= e) {
		bad(ps, "missing command");
		return;
	}
	j = add_job(ps);
	j->when = xasprintf("%.*s %.*s", (int)pn, ps_, (int)dn, ds);
	j->ident = xstrndup(is, in);
	j->command = xstrndup(p, (size_t)(e - p));
}

size_t
crontab_parse(const char *buf, size_t len, enum cron_format fmt,
    struct crontab *tab, parse_err_fn err, void *ctx)
{
	struct pstate ps;
	struct lines l;
	const char *s;
	size_t n, before = tab->njobs;
	int r;

	ps.tab = tab;
	ps.err = err;
	ps.ctx = ctx;
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		char *name, *value;
		const char *p, *e;

		ps.line = l.lineno;
		if (r == -1) {
			bad(&ps, "line too long");
			continue;
		}
		if (memchr(s, '\0', n)) {
			bad(&ps, "line holds a NUL byte");
			continue;
		}
		p = s;
		e = s + n;
		while (p < e && is_blank((unsigned char)*p))
			p++;
		if (p == e || *p == '#')
			continue;
		if (fmt == CRON_ANACRON) {
			if (anacron_env_line(p, (size_t)(e - p), &name, &value))
				add_env(&ps, name, value);
			else
				anacron_entry(&ps, p, (size_t)(e - p));
			continue;
		}
		if (env_line(p, (size_t)(e - p), &name, &value))
			add_env(&ps, name, value);
		else
			cron_entry(&ps, p, (size_t)(e - p), fmt);
	}
	return tab->njobs - before;
}

void
crontab_free(struct crontab *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nenv; i++) {
		free(t->env[i].name);
		free(t->env[i].value);
	}
	for (i = 0; i < t->njobs; i++) {
		free(t->jobs[i].when);
		free(t->jobs[i].user);
		free(t->jobs[i].ident);
		free(t->jobs[i].command);
	}
	free(t->env);
	free(t->jobs);
	memset(t, 0, sizeof(*t));
}

const char *
crontab_getenv(const struct crontab *t, const struct cron_job *j,
    const char *name)
{
	size_t i = j ? j->nenv : t->nenv;

	while (i-- > 0)
		if (strcmp(t->env[i].name, name) == 0)
			return t->env[i].value;
	return NULL;
}

/* Quote a name or value for an environment line when it would not read
 * back as itself. */
static void
print_env_part(struct buf *b, const char *s, int is_name)
{
	size_t n = strlen(s);
	int need = 0;

	if (n && (is_space((unsigned char)s[0]) ||
	    is_space((unsigned char)s[n - 1])))
		need = 1;
	if (n && (s[0] == '\'' || s[0] == '"'))
		need = 1;
	/* a name read as "#..." would make a comment of the line */
	if (is_name && s[0] == '#')
		need = 1;
	if (is_name) {
		const char *c;

		for (c = s; *c; c++)
			if (is_space((unsigned char)*c))
				need = 1;
	}
	if (!need) {
		buf_adds(b, s);
		return;
	}
	if (strchr(s, '"') == NULL) {
		buf_addc(b, '"');
		buf_adds(b, s);
		buf_addc(b, '"');
	} else {
		buf_addc(b, '\'');
		buf_adds(b, s);
		buf_addc(b, '\'');
	}
}

/* A line ending in '\r' loses one to lines_next's CRLF handling when
 * read back: give it one more. */
static void
end_line(struct buf *b)
{
	if (b->len && b->data[b->len - 1] == '\r')
		buf_addc(b, '\r');
	buf_addc(b, '\n');
}

void
crontab_print(const struct crontab *t, enum cron_format fmt, struct buf *b)
{
	size_t ie = 0, ij = 0;

	buf_add(b, "", 0);
	while (ie < t->nenv || ij < t->njobs) {
		if (ie < t->nenv && (ij >= t->njobs ||
		    t->jobs[ij].nenv > ie)) {
			const struct cron_env *v = &t->env[ie++];

			if (fmt == CRON_ANACRON) {
				buf_printf(b, "%s=%s", v->name, v->value);
				end_line(b);
				continue;
			}
			print_env_part(b, v->name, 1);
			buf_addc(b, '=');
			print_env_part(b, v->value, 0);
			buf_addc(b, '\n');
			continue;
		}
		{
			const struct cron_job *j = &t->jobs[ij++];

			if (fmt == CRON_ANACRON) {
				buf_printf(b, "%s %s %s", j->when, j->ident,
				    j->command);
				end_line(b);
				continue;
			}
			buf_printf(b, "%s%s", j->nolog ? "-" : "", j->when);
			if (fmt == CRON_SYSTEM)
				buf_printf(b, " %s", j->user);
			buf_printf(b, " %s", j->command);
			end_line(b);
		}
	}
}

char *
cron_command_part(const char *cmd, char **input)
{
	struct buf c = { 0 }, in = { 0 };
	const char *p;
	int esc = 0, split = 0;

	buf_add(&c, "", 0);
	for (p = cmd; *p; p++) {
		struct buf *b = split ? &in : &c;

		if (esc) {
			/* only "\%" loses its backslash (do_command.c) */
			if (*p != '%')
				buf_addc(b, '\\');
			buf_addc(b, *p);
			esc = 0;
			continue;
		}
		if (*p == '\\') {
			esc = 1;
			continue;
		}
		if (*p == '%') {
			if (!split) {
				split = 1;
				buf_add(&in, "", 0);
			} else {
				buf_addc(&in, '\n');
			}
			continue;
		}
		buf_addc(b, *p);
	}
	if (esc)
		buf_addc(split ? &in : &c, '\\');
	if (input)
		*input = split ? buf_str(&in) : NULL;
	else
		buf_free(&in);
	return buf_str(&c);
}

static int
name_chars_ok(const char *s, int upper, const char *extra)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			continue;
		if (upper && c >= 'A' && c <= 'Z')
			continue;
		if (strchr(extra, c))
			continue;
		return 0;
	}
	return 1;
}

/*
 * run-parts(8) --lsbsysinit: not ending in .dpkg-old/-dist/-new/-tmp,
 * and in one of the LANANA (^[a-z0-9]+$), LSB hierarchical and reserved
 * (^_?([a-z0-9_.]+-)+[a-z0-9]+$) or Debian cron script
 * (^[a-zA-Z0-9_-]+$) namespaces.
 */
static int
lsb_name_ok(const char *s)
{
	const char *p, *dash, *start;

	if (has_suffix(s, ".dpkg-old") || has_suffix(s, ".dpkg-dist") ||
	    has_suffix(s, ".dpkg-new") || has_suffix(s, ".dpkg-tmp"))
		return 0;
	if (name_chars_ok(s, 1, "_-"))
		return 1;
	/* ^_?([a-z0-9_.]+-)+[a-z0-9]+$ */
	start = s;
	if (*start == '_')
		start++;
	dash = strrchr(start, '-');
	if (dash == NULL || dash == start || !name_chars_ok(dash + 1, 0, ""))
		return 0;
	for (p = start; p <= dash; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '-') {
			if (p == start || p[-1] == '-')
				return 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

int
cron_runparts_name_ok(const char *name, enum cron_flavor fl,
    unsigned rp_flags, const char *re)
{
	if (fl == CRON_FLAVOR_CRONIE || fl == CRON_FLAVOR_UNKNOWN) {
		/* crontabs' run-parts: every name but dot files, *~, *,
		 * and leftovers */
		static const char *const skip[] = { "~", ",", ".rpmsave",
			".rpmorig", ".rpmnew", ".swp", ".cfsaved", ",v", NULL };
		size_t i;

		if (name[0] == '\0' || name[0] == '.')
			return 0;
		for (i = 0; skip[i]; i++)
			if (has_suffix(name, skip[i]))
				return 0;
		return 1;
	}
	if ((rp_flags & CX_RP_REGEX) && re) {
		regex_t rx;
		int ok;

		if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) != 0)
			return 0;	/* run-parts refuses a bad --regex */
		ok = regexec(&rx, name, 0, NULL, 0) == 0;
		regfree(&rx);
		return ok;
	}
	if (rp_flags & CX_RP_LSBSYSINIT)
		return lsb_name_ok(name);
	return name_chars_ok(name, 1, "_-");
}

int
cron_crond_name_ok(const char *name, enum cron_flavor fl)
{
	size_t n = strlen(name);

	switch (fl) {
	case CRON_FLAVOR_DEBIAN:
		return name_chars_ok(name, 1, "_-");
	case CRON_FLAVOR_BUSYBOX:
		return 0;
	case CRON_FLAVOR_CRONIE:
	case CRON_FLAVOR_UNKNOWN:
		break;
	}
	if (n == 0 || n >= 255 || name[0] == '.' || name[0] == '#' ||
	    name[n - 1] == '~')
		return 0;
	if (has_suffix(name, ".rpmsave") || has_suffix(name, ".rpmorig") ||
	    has_suffix(name, ".rpmnew"))
		return 0;
	return 1;
}
