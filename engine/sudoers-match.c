/*
 * sudoers-match.c: which parts of a parsed sudoers policy apply to one
 * user of the target (see sudoers.h). It evaluates lists the way sudo's
 * match.c does -- the last member that matches decides, a negated one
 * denying -- follows aliases with a depth bound and cycle detection, and
 * answers SUDO_MAYBE where the answer depends on something privmap cannot
 * know offline (netgroups, IP addresses, an unknown host name, non-Unix
 * groups behind a group_plugin). It reads nothing and runs nothing.
 */
#include <fnmatch.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/sudoers.h"
#include "engine/sudoers-match.h"
#include "lib/num.h"
#include "lib/xmalloc.h"

/* evaluation budget of one runas question (alias fan-out) */
#define SM_STEPS	(1u << 16)

struct mc {
	const struct sudoers	*s;
	const struct userdb	*db;
	const struct ident	*u;
	const char		*host;
	int			 group_plugin;	/* %: may match; -1: unknown */
	signed char		*memo;		/* per entry: alias verdicts */
	unsigned		*memo_gen;	/* valid when == gen */
	unsigned		 gen;
	int			 loop;
	unsigned		 steps;
	/* runas questions */
	const char		*t_name;
	uid_t			 t_uid;
	gid_t			 t_gid;
};

enum {
	MEMO_NONE = 0,
	MEMO_BUSY = 1,
	MEMO_BASE = 2,		/* MEMO_BASE + SUDO_* */
};

/* last match wins: fold one member's verdict into the list's so far */
static int
mc_fold(int sofar, int r, int negated)
{
	if (r == SUDO_YES)
		return negated ? SUDO_NO : SUDO_YES;
	if (r == SUDO_MAYBE) {
		if (negated)
			return sofar == SUDO_NO ? SUDO_NO : SUDO_MAYBE;
		return sofar == SUDO_YES ? SUDO_YES : SUDO_MAYBE;
	}
	return sofar;
}

static int	mc_user_list(struct mc *, const struct sudo_list *, int);
static int	mc_group_plugin(struct mc *);
static int	mc_host_list(struct mc *, const struct sudo_list *, int);

/* Follow an alias with memo (so fan-out stays linear) and cycle check. */
static int
mc_alias(struct mc *mc, enum sudo_alias_kind kind, const char *name,
    int depth, int (*list)(struct mc *, const struct sudo_list *, int))
{
	long i = sudoers_alias_entry(mc->s, kind, name);
	int r;

	if (i < 0)
		return SUDO_NO;		/* sudo: an undefined alias matches
					   nothing (visudo reports it) */
	if (depth >= SUDOERS_MAX_ALIAS_DEPTH) {
		mc->loop = 1;
		return SUDO_NO;
	}
	if (mc->memo != NULL) {
		if (mc->memo_gen[i] != mc->gen) {
			mc->memo_gen[i] = mc->gen;
			mc->memo[i] = MEMO_NONE;
		}
		if (mc->memo[i] == MEMO_BUSY) {
			mc->loop = 1;
			return SUDO_NO;
		}
		if (mc->memo[i] >= MEMO_BASE)
			return mc->memo[i] - MEMO_BASE;
		mc->memo[i] = MEMO_BUSY;
	}
	r = list(mc, &mc->s->v[i].u.alias.members, depth + 1);
	if (mc->memo != NULL)
		mc->memo[i] = (signed char)(MEMO_BASE + r);
	return r;
}

static int
mc_in_group(const struct ident *u,
    const struct grent *g)
{
	size_t i;

	if (ident_in_group(u, g->gid))
		return 1;
	if (u->name == NULL)
		return 0;
	for (i = 0; i < g->nmembers; i++) {
		if (strcmp(g->members[i], u->name) == 0)
			return 1;
	}
	return 0;
}

static int
mc_user_member(struct mc *mc, const struct sudo_member *m, int depth)
{
	const struct grent *g;

	switch (m->type) {
	case SM_ALL:
		return SUDO_YES;
	case SM_NAME:
		return mc->u->name != NULL && strcmp(m->name, mc->u->name) == 0;
	case SM_UID:
		return m->id == (unsigned long)mc->u->uid;
	case SM_GROUP:
		g = userdb_group_by_name(mc->db, m->name);
		return g != NULL && mc_in_group(mc->u, g);
	case SM_GID:
		return ident_in_group(mc->u, (gid_t)m->id);
	case SM_NONUNIX:
		/* sudoers(5): %: groups are resolved by the group_plugin;
		 * without one sudo matches nothing */
		g = userdb_group_by_name(mc->db, m->name);
		if (g != NULL && mc_in_group(mc->u, g))
			return SUDO_YES;
		return mc_group_plugin(mc) ? SUDO_MAYBE : SUDO_NO;
	case SM_NONUNIX_GID:
		if (ident_in_group(mc->u, (gid_t)m->id))
			return SUDO_YES;
		return mc_group_plugin(mc) ? SUDO_MAYBE : SUDO_NO;
	case SM_NETGROUP:
		return SUDO_MAYBE;
	case SM_ALIAS:
		return mc_alias(mc, SA_USER, m->name, depth, mc_user_list);
	default:
		return SUDO_NO;
	}
}

static int
mc_user_list(struct mc *mc, const struct sudo_list *l, int depth)
{
	int r = SUDO_NO;
	size_t i;

	for (i = 0; i < l->n; i++)
		r = mc_fold(r, mc_user_member(mc, &l->v[i], depth),
		    l->v[i].negated);
	return r;
}

/* an address or network rather than a name: privmap does not know the
 * target's interfaces */
static int
mc_is_address(const char *s)
{
	if (strchr(s, ':') != NULL)
		return 1;
	return s[strspn(s, "0123456789./")] == '\0';
}

static int
mc_host_member(struct mc *mc, const struct sudo_member *m, int depth)
{
	const char *dot;
	size_t n;

	switch (m->type) {
	case SM_ALL:
		return SUDO_YES;
	case SM_NAME:
		if (mc_is_address(m->name) || mc->host == NULL)
			return SUDO_MAYBE;
		/* sudoers(5): a name with a dot is compared with the fully
		 * qualified host name, else with the short one; wildcards
		 * as fnmatch(3), case-insensitive */
		if (fnmatch(m->name, mc->host, FNM_CASEFOLD) == 0)
			return SUDO_YES;
		dot = strchr(mc->host, '.');
		if (strchr(m->name, '.') == NULL) {
			if (dot == NULL)
				return SUDO_NO;
			n = (size_t)(dot - mc->host);
			return strlen(m->name) == n &&
			    strncasecmp(m->name, mc->host, n) == 0;
		}
		if (dot == NULL) {
			/* only the short name is known */
			n = strlen(mc->host);
			if (strncasecmp(m->name, mc->host, n) == 0 &&
			    m->name[n] == '.')
				return SUDO_MAYBE;
		}
		return SUDO_NO;
	case SM_NETGROUP:
		return SUDO_MAYBE;
	case SM_ALIAS:
		return mc_alias(mc, SA_HOST, m->name, depth, mc_host_list);
	default:
		return SUDO_NO;
	}
}

static int
mc_host_list(struct mc *mc, const struct sudo_list *l, int depth)
{
	int r = SUDO_NO;
	size_t i;

	for (i = 0; i < l->n; i++)
		r = mc_fold(r, mc_host_member(mc, &l->v[i], depth),
		    l->v[i].negated);
	return r;
}

static int
mc_has_group_plugin(const struct sudoers *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		const struct sudo_entry *e = &s->v[i];

		if (e->kind != SE_DEFAULTS)
			continue;
		for (j = 0; j < e->u.defaults.nparams; j++) {
			const struct sudo_param *p = &e->u.defaults.params[j];

			if (p->name && strcmp(p->name, "group_plugin") == 0 &&
			    !p->negated && p->value != NULL)
				return 1;
		}
	}
	return 0;
}

/* sudoers(5): non-Unix groups (%:) need a group_plugin */
static int
mc_group_plugin(struct mc *mc)
{
	if (mc->group_plugin == -1)
		mc->group_plugin = mc_has_group_plugin(mc->s);
	return mc->group_plugin;
}

/* memo: keep alias verdicts (the user and host questions of a match);
 * runas questions are one-off and go without */
static void
mc_init(struct mc *mc, const struct sudoers *s, const struct userdb *db,
    const struct ident *u, const char *host, int memo)
{
	memset(mc, 0, sizeof *mc);
	mc->s = s;
	mc->db = db;
	mc->u = u;
	mc->host = host;
	mc->group_plugin = -1;		/* looked up when first needed */
	mc->memo = NULL;
	mc->memo_gen = NULL;
	if (memo && s->n) {
		mc->memo = xcalloc(s->n, 1);
		mc->memo_gen = xcalloc(s->n, sizeof *mc->memo_gen);
		mc->gen = 1;
	}
}

static void
mc_fini(struct mc *mc)
{
	free(mc->memo);
	free(mc->memo_gen);
	mc->memo = NULL;
	mc->memo_gen = NULL;
}

/* a new question (another list): earlier verdicts no longer hold; a new
 * generation forgets them in O(1) */
static void
mc_memo_reset(struct mc *mc)
{
	if (++mc->gen == 0) {
		if (mc->memo_gen != NULL)
			memset(mc->memo_gen, 0, mc->s->n *
			    sizeof *mc->memo_gen);
		mc->gen = 1;
	}
}

/* Does list match user u; see sudoers.h. */
int
sudoers_user_list(const struct sudoers *s, const struct sudo_list *l,
    const struct userdb *db, const struct ident *u)
{
	struct mc mc;
	int r;

	mc_init(&mc, s, db, u, NULL, 1);
	r = mc_user_list(&mc, l, 0);
	mc_fini(&mc);
	return r;
}

/* Does list match host; see sudoers.h. */
int
sudoers_host_list(const struct sudoers *s, const struct sudo_list *l,
    const char *host)
{
	struct mc mc;
	struct ident none = { 0 };
	int r;

	mc_init(&mc, s, NULL, &none, host, 1);
	r = mc_host_list(&mc, l, 0);
	mc_fini(&mc);
	return r;
}

/* ---- commands ---- */

static void
mc_grant(struct mc *mc, struct sudo_match *m, const struct sudo_entry *e,
    const struct sudo_priv *pv, const struct sudo_cmndspec *cs,
    const struct sudo_member *cmnd, int negated, int applies,
    const char *via)
{
	struct sudo_grant *g;

	(void)mc;
	if (m->ngrants >= SUDOERS_MAX_GRANTS) {
		m->truncated = 1;
		return;
	}
	m->grants = xreallocarray(m->grants, m->ngrants + 1,
	    sizeof *m->grants);
	g = &m->grants[m->ngrants];
	memset(g, 0, sizeof *g);
	g->entry = e;
	g->priv = pv;
	g->cs = cs;
	g->runas = cs->runas >= 0 && (size_t)cs->runas < pv->nrunas ?
	    &pv->runas[cs->runas] : NULL;
	g->cmnd = cmnd;
	g->negated = negated;
	g->applies = applies;
	g->via_alias = via;
	g->order = m->ngrants++;
}

/* Expand a command (through Cmnd_Aliases) into grants. */
static void
mc_expand(struct mc *mc, struct sudo_match *m, const struct sudo_entry *e,
    const struct sudo_priv *pv, const struct sudo_cmndspec *cs,
    const struct sudo_member *cmnd, int negated, int applies,
    const char *via, int depth)
{
	const struct sudo_alias *a;
	size_t i;

	if (m->truncated)
		return;
	if (cmnd->type != SM_ALIAS) {
		mc_grant(mc, m, e, pv, cs, cmnd, negated, applies, via);
		return;
	}
	if (depth >= SUDOERS_MAX_ALIAS_DEPTH) {
		m->alias_loop = 1;
		return;
	}
	a = sudoers_alias_find(mc->s, SA_CMND, cmnd->name);
	if (a == NULL)
		return;
	for (i = 0; i < a->members.n && !m->truncated; i++) {
		const struct sudo_member *c = &a->members.v[i];

		mc_expand(mc, m, e, pv, cs, c, negated ^ c->negated, applies,
		    via ? via : a->name, depth + 1);
	}
}

static int
mc_both(int a, int b)
{
	if (a == SUDO_NO || b == SUDO_NO)
		return SUDO_NO;
	if (a == SUDO_MAYBE || b == SUDO_MAYBE)
		return SUDO_MAYBE;
	return SUDO_YES;
}

static void
mc_add_defaults(struct sudo_match *m, const struct sudo_entry *e,
    int applies)
{
	m->defaults = xreallocarray(m->defaults, m->ndefaults + 1,
	    sizeof *m->defaults);
	m->defaults[m->ndefaults].entry = e;
	m->defaults[m->ndefaults].applies = applies;
	m->ndefaults++;
}

/* The rules and Defaults of s for user u; see sudoers.h. */
int
sudoers_match(const struct sudoers *s, const struct userdb *db,
    const struct ident *u, const char *host, struct sudo_match *m)
{
	struct mc mc;
	size_t i, j, k;
	int ur, hr;

	memset(m, 0, sizeof *m);
	mc_init(&mc, s, db, u, host, 1);
	for (i = 0; i < s->n; i++) {
		const struct sudo_entry *e = &s->v[i];

		if (e->kind == SE_DEFAULTS) {
			const struct sudo_defaults *d = &e->u.defaults;
			int r = SUDO_YES;

			mc_memo_reset(&mc);
			if (d->type == SD_USER)
				r = mc_user_list(&mc, &d->binding, 0);
			else if (d->type == SD_HOST)
				r = mc_host_list(&mc, &d->binding, 0);
			if (r != SUDO_NO)
				mc_add_defaults(m, e, r);
			continue;
		}
		if (e->kind != SE_USERSPEC)
			continue;
		mc_memo_reset(&mc);
		ur = mc_user_list(&mc, &e->u.spec.users, 0);
		if (ur == SUDO_NO)
			continue;
		for (j = 0; j < e->u.spec.nprivs; j++) {
			const struct sudo_priv *pv = &e->u.spec.privs[j];

			mc_memo_reset(&mc);
			hr = mc_both(ur, mc_host_list(&mc, &pv->hosts, 0));
			if (hr == SUDO_NO)
				continue;
			for (k = 0; k < pv->ncmnds; k++) {
				const struct sudo_cmndspec *cs = &pv->cmnds[k];

				mc_expand(&mc, m, e, pv, cs, &cs->cmnd,
				    cs->cmnd.negated, hr, NULL, 0);
			}
		}
	}
	if (mc.loop)
		m->alias_loop = 1;
	mc_fini(&mc);
	return 0;
}

/* Free what a match holds (not the policy it points into). */
void
sudo_match_free(struct sudo_match *m)
{
	if (m == NULL)
		return;
	free(m->grants);
	free(m->defaults);
	memset(m, 0, sizeof *m);
}

/* ---- runas ---- */

static int	mc_runas_list(struct mc *, const struct sudo_list *, int);
static int	mc_rgroup_list(struct mc *, const struct sudo_list *, int);

static int
mc_target_in_group(struct mc *mc, const struct grent *g)
{
	size_t i;

	if (g->gid == mc->t_gid)
		return 1;
	if (mc->t_name == NULL)
		return 0;
	for (i = 0; i < g->nmembers; i++) {
		if (strcmp(g->members[i], mc->t_name) == 0)
			return 1;
	}
	return 0;
}

static int
mc_runas_member(struct mc *mc, const struct sudo_member *m, int depth)
{
	const struct grent *g;

	if (++mc->steps > SM_STEPS) {
		mc->loop = 1;
		return SUDO_MAYBE;
	}
	switch (m->type) {
	case SM_ALL:
		return SUDO_YES;
	case SM_NAME:
		return mc->t_name != NULL && strcmp(m->name, mc->t_name) == 0;
	case SM_UID:
		return m->id == (unsigned long)mc->t_uid;
	case SM_GROUP:
		g = userdb_group_by_name(mc->db, m->name);
		return g != NULL && mc_target_in_group(mc, g);
	case SM_GID:
		if ((gid_t)m->id == mc->t_gid)
			return SUDO_YES;
		g = userdb_group_by_gid(mc->db, (gid_t)m->id);
		return g != NULL && mc_target_in_group(mc, g);
	case SM_NONUNIX:
	case SM_NONUNIX_GID:
		return mc_group_plugin(mc) ? SUDO_MAYBE : SUDO_NO;
	case SM_NETGROUP:
		return SUDO_MAYBE;
	case SM_ALIAS:
		/* no memo here (one question per call); the step budget
		 * bounds fan-out */
		if (depth >= SUDOERS_MAX_ALIAS_DEPTH) {
			mc->loop = 1;
			return SUDO_NO;
		}
		{
			const struct sudo_alias *a = sudoers_alias_find(mc->s,
			    SA_RUNAS, m->name);

			return a ? mc_runas_list(mc, &a->members, depth + 1) :
			    SUDO_NO;
		}
	default:
		return SUDO_NO;
	}
}

static int
mc_runas_list(struct mc *mc, const struct sudo_list *l, int depth)
{
	int r = SUDO_NO;
	size_t i;

	for (i = 0; i < l->n; i++)
		r = mc_fold(r, mc_runas_member(mc, &l->v[i], depth),
		    l->v[i].negated);
	return r;
}

/* May the grant run as this user; see sudoers.h. */
int
sudoers_runas_user(const struct sudoers *s, const struct sudo_grant *gr,
    const struct userdb *db, const char *name, uid_t uid, gid_t gid,
    const char *runas_default)
{
	struct mc mc;
	struct ident none = { 0 };
	unsigned long id;
	int r;

	if (gr->runas == NULL) {
		const char *d = runas_default ? runas_default : "root";

		if (d[0] == '#' && parse_ulong(d + 1, 0xffffffffUL, &id) == 0)
			return id == (unsigned long)uid;
		return name != NULL && strcmp(d, name) == 0;
	}
	if (!gr->runas->has_users)
		return SUDO_NO;		/* "(:group)" or "()": self only */
	mc_init(&mc, s, db, &none, NULL, 0);
	mc.t_name = name;
	mc.t_uid = uid;
	mc.t_gid = gid;
	r = mc_runas_list(&mc, &gr->runas->users, 0);
	return r;
}

static int
mc_rgroup_member(struct mc *mc, const struct sudo_member *m, int depth)
{
	if (++mc->steps > SM_STEPS)
		return SUDO_MAYBE;
	switch (m->type) {
	case SM_ALL:
		return SUDO_YES;
	case SM_NAME:
		return mc->t_name != NULL && strcmp(m->name, mc->t_name) == 0;
	case SM_UID:			/* "#gid" in a group list */
		return m->id == (unsigned long)mc->t_gid;
	case SM_ALIAS:
		if (depth >= SUDOERS_MAX_ALIAS_DEPTH)
			return SUDO_NO;
		{
			const struct sudo_alias *a = sudoers_alias_find(mc->s,
			    SA_RUNAS, m->name);

			return a ? mc_rgroup_list(mc, &a->members, depth + 1) :
			    SUDO_NO;
		}
	case SM_NETGROUP:
	case SM_NONUNIX:
	case SM_NONUNIX_GID:
		return SUDO_MAYBE;
	default:
		return SUDO_NO;
	}
}

static int
mc_rgroup_list(struct mc *mc, const struct sudo_list *l, int depth)
{
	int r = SUDO_NO;
	size_t i;

	for (i = 0; i < l->n; i++)
		r = mc_fold(r, mc_rgroup_member(mc, &l->v[i], depth),
		    l->v[i].negated);
	return r;
}

/* May the grant run with this group; see sudoers.h. */
int
sudoers_runas_group(const struct sudoers *s, const struct sudo_grant *gr,
    const struct userdb *db, const char *name, gid_t gid)
{
	struct mc mc;
	struct ident none = { 0 };

	if (gr->runas == NULL || !gr->runas->has_groups)
		return SUDO_NO;
	mc_init(&mc, s, db, &none, NULL, 0);
	mc.t_name = name;
	mc.t_gid = gid;
	return mc_rgroup_list(&mc, &gr->runas->groups, 0);
}

/* ---- command patterns ---- */

/* Unescaped glob characters in s? */
int
sudoers_has_glob(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			continue;
		}
		if (*s == '*' || *s == '?' || *s == '[')
			return 1;
	}
	return 0;
}

/*
 * glibc's regcomp copies a subtree for every '+' and every {m,n} (so
 * nesting them grows memory exponentially) and its regexec backtracks on
 * back-references: a pattern from a hostile sudoers that uses them, or
 * is long, is not compiled but answered SUDO_MAYBE.
 */
static int
mc_regex_tame(const char *re)
{
	size_t n = 0, plus = 0;

	for (; *re; re++, n++) {
		if (n > 1024 || *re == '{')
			return 0;
		if (*re == '+' && ++plus > 8)
			return 0;
		if (re[0] == '\\' && re[1] != '\0') {
			if (re[1] >= '1' && re[1] <= '9')
				return 0;
			re++;
			n++;
		}
	}
	return 1;
}

static int
mc_regex(const char *re, const char *s)
{
	regex_t rx;
	int r;

	if (!mc_regex_tame(re))
		return SUDO_MAYBE;
	if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) != 0)
		return SUDO_MAYBE;
	r = regexec(&rx, s, 0, NULL, 0) == 0 ? SUDO_YES : SUDO_NO;
	regfree(&rx);
	return r;
}

/* Does pattern pat admit path with args; see sudoers.h. args NULL: the
 * command run with no arguments. */
int
sudoers_cmnd_admits(const struct sudo_member *pat, const char *path,
    const char *args)
{
	const char *a = args ? args : "";
	size_t n;
	int r;

	switch (pat->type) {
	case SM_ALL:
		return SUDO_YES;
	case SM_DIR:
		n = strlen(pat->name);
		return strncmp(path, pat->name, n) == 0 &&
		    path[n] != '\0' && strchr(path + n, '/') == NULL;
	case SM_CMND:
		if (sudoers_has_glob(pat->name))
			r = fnmatch(pat->name, path, FNM_PATHNAME) == 0;
		else
			r = strcmp(pat->name, path) == 0;
		break;
	case SM_REGEX:
		r = mc_regex(pat->name, path);
		break;
	default:
		return SUDO_NO;
	}
	if (r == SUDO_NO || pat->args == NULL)
		return r;
	if (pat->args[0] == '\0')
		return *a == '\0' ? r : SUDO_NO;
	/* sudoers(5): arguments match with fnmatch(3), or a regex */
	if (pat->args[0] == '^')
		return mc_both(r, mc_regex(pat->args, a));
	return fnmatch(pat->args, a, 0) == 0 ? r : SUDO_NO;
}
