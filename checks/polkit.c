/*
 * polkit.c: polkit actions that make the user root (known/polkit.c)
 * granted to it, or to one of its groups, by a rule of rules.d, a .pkla
 * file of the local authority or an action's own defaults (polkit(8),
 * pklocalauthority(8)). The rules are read (parse/polkit.c), never run; a
 * rule privmap cannot read is a note, and a grant behind a test it
 * cannot decide (subject.local, subject.active, an unknown test) is
 * "likely", never left out. Writable rules files are writable-config's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "known/polkit.h"
#include "lib/path.h"
#include "lib/str.h"
#include "lib/xmalloc.h"
#include "parse/polkit.h"

struct pkfile {
	char		*path;
	char		*name;		/* sort key */
	struct pk_rules	 r;
};

struct pk {
	struct scan		*s;
	struct pk_subject	 sb;
	const char		**groups;
	struct pkfile		*f;
	size_t			 nf;
	const char		*file;	/* the file being parsed */
	int			 quiet;	/* .pkla files read again: their
					 * notes are given */
};

/* where a grant was found */
struct pk_grant {
	const char	*path;
	unsigned	 line;
	enum pk_result	 res;
	int		 sure;
	const char	*kind;		/* "rule", "pkla", "default" */
	const char	*detail;	/* the .pkla section, the default */
};

static void
pk_err(void *ctx, unsigned line, const char *why)
{
	struct pk *p = ctx;

	report_add_note(p->s->rep, "%s:%u: part of a polkit rule was not "
	    "read (%s): a grant it holds would be missed", p->file, line, why);
}

static int
pkfile_cmp(const void *a, const void *b)
{
	const struct pkfile *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* the *.rules files of both directories, by name, /etc's winning */
static void
pk_load_rules(struct pk *p)
{
	const char *const *d;
	size_t i, j, n;
	char **names;

	for (d = known_polkit_rules_dirs; *d; d++) {
		if (tv_list(p->s->tv, *d, &names, &n) == -1) {
			if (errno != ENOENT && errno != ENOTDIR)
				scan_errno(p->s, *d, "cannot list");
			continue;
		}
		for (i = 0; i < n; i++) {
			char *buf;
			size_t len;

			if (!has_proper_suffix(names[i], ".rules"))
				continue;
			for (j = 0; j < p->nf; j++)
				if (strcmp(p->f[j].name, names[i]) == 0)
					break;
			if (j < p->nf)
				continue;
			p->f = xreallocarray(p->f, p->nf + 1, sizeof *p->f);
			p->f[p->nf].path = path_join(*d, names[i]);
			p->f[p->nf].name = xstrdup(names[i]);
			memset(&p->f[p->nf].r, 0, sizeof p->f[p->nf].r);
			if (scan_read(p->s, p->f[p->nf].path, &buf, &len) == 0) {
				p->file = p->f[p->nf].path;
				pk_rules_parse(buf, len, &p->f[p->nf].r, pk_err,
				    p);
				free(buf);
			}
			p->nf++;
		}
		tv_list_free(names, n);
	}
	if (p->nf > 1)
		qsort(p->f, p->nf, sizeof *p->f, pkfile_cmp);
}

/* the rules' answer for action: 1 and g filled if they grant it, 0 if
 * they refuse it or none answers (*answered says which) */
static int
pk_rules_grant(struct pk *p, const char *action, struct pk_grant *g,
    int *answered)
{
	size_t i, j;
	int sure = 1;

	*answered = 0;
	for (i = 0; i < p->nf; i++)
		for (j = 0; j < p->f[i].r.n; j++) {
			const struct pk_rule *ru = &p->f[i].r.rules[j];
			enum pk_result r;
			unsigned line;

			if (ru->admin)
				continue;
			r = pk_rule_eval(ru, action, &p->sb, &line, &sure);
			if (r == PK_NONE || r == PK_UNKNOWN)
				continue;
			if (!pk_result_grants(r)) {
				if (sure) {
					*answered = 1;
					return 0;
				}
				continue;
			}
			g->path = p->f[i].path;
			g->line = line;
			g->res = r;
			g->sure = sure;
			g->kind = "rule";
			g->detail = NULL;
			*answered = sure;
			return 1;
		}
	return 0;
}

static void
pk_finding(struct pk *p, const struct known_polkit_action *a,
    const struct pk_grant *g)
{
	struct finding *f;
	enum severity sev = a->sev;
	int self = g->res != PK_YES;
	char *cause;

	/* AUTH_SELF: the user's own password, which an agent may not
	 * hold; a grant behind a test privmap cannot decide: likely */
	if (self && sev > SEV_LOW)
		sev--;
	cause = xasprintf("%s:%s:%u", a->id, g->kind, g->line);
	f = report_add(p->s->rep, &check_polkit.who, sev, g->sure ? 0.9 : 0.6,
	    g->path, cause, "polkit grants %s %s%s (%s line %u): it can %s",
	    p->s->user.name ? p->s->user.name : "the user", a->id, self ?
	    " for its own password" : "", g->path, g->line, a->how);
	free(cause);
	finding_ev_str(f, "action", a->id);
	finding_ev_str(f, "result", pk_result_name(g->res));
	finding_ev_str(f, "source", g->kind);
	finding_ev_int(f, "line", g->line);
	finding_ev_str(f, "sure", g->sure ? "certain" : "likely");
	if (g->detail)
		finding_ev_str(f, "section", g->detail);
	if (self)
		finding_ev_str(f, "needs", "the user's own password");
	if (!g->sure)
		finding_ev_str(f, "unsure", "the rule tests what privmap "
		    "cannot decide (subject.local, subject.active, or a test "
		    "it does not read)");
	finding_set_remediation(f, "remove the grant of %s at %s line %u, "
	    "or narrow it to the accounts that need it", a->id, g->path,
	    g->line);
	/* root now, through the program; with the user's own password
	 * or behind a test privmap cannot decide, likely */
	finding_grant(f, GRANT_ROOT, 0, NULL, WAIT_NOW, g->sure && !self);
	if (a->prog)
		finding_close(f, CLOSE_EXEC, a->prog);
	finding_watch(p->s->rep, f, g->path, 0, "wa");
}

/* the .pkla files of one tree: DIR/SUB/NAME.pkla */
static int
pk_pkla_tree(struct pk *p, const char *dir, const char *action,
    struct pk_grant *g, char **keep)
{
	char **subs, **names;
	size_t i, j, k, ns, n;
	int found = 0;

	if (tv_list(p->s->tv, dir, &subs, &ns) == -1)
		return 0;
	for (i = 0; i < ns && !found; i++) {
		char *sub = path_join(dir, subs[i]);

		if (tv_list(p->s->tv, sub, &names, &n) == -1) {
			free(sub);
			continue;
		}
		for (j = 0; j < n && !found; j++) {
			struct pkla pl;
			char *path, *buf;
			size_t len;

			if (!has_proper_suffix(names[j], ".pkla"))
				continue;
			path = path_join(sub, names[j]);
			if (scan_read(p->s, path, &buf, &len) != 0) {
				free(path);
				continue;
			}
			p->file = path;
			pkla_parse(buf, len, &pl, p->quiet ? NULL : pk_err,
			    p);
			free(buf);
			for (k = 0; k < pl.n && !found; k++) {
				const struct pkla_entry *e = &pl.e[k];
				enum pk_result r = pk_result_grants(e->any) ?
				    e->any : pk_result_grants(e->active) ?
				    e->active : e->inactive;

				if (!pk_result_grants(r) ||
				    !pkla_matches(e, action, &p->sb))
					continue;
				found = 1;
				*keep = path;
				g->path = path;
				g->line = e->line;
				g->res = r;
				/* ResultActive alone needs a local active
				 * session */
				g->sure = pk_result_grants(e->any) ||
				    pk_result_grants(e->inactive);
				g->kind = "pkla";
				g->detail = NULL;
			}
			pkla_free(&pl);
			if (!found)
				free(path);
		}
		tv_list_free(names, n);
		free(sub);
	}
	tv_list_free(subs, ns);
	return found;
}

/* the defaults of the actions of the *.policy files */
static void
pk_defaults(struct pk *p, const char *const *granted)
{
	char **names;
	size_t i, j, k, n;

	if (tv_list(p->s->tv, known_polkit_actions_dir, &names, &n) == -1)
		return;
	for (i = 0; i < n; i++) {
		struct pk_policy pp;
		char *path, *buf;
		size_t len;

		if (!has_proper_suffix(names[i], ".policy"))
			continue;
		path = path_join(known_polkit_actions_dir, names[i]);
		if (scan_read(p->s, path, &buf, &len) != 0) {
			free(path);
			continue;
		}
		p->file = path;
		pk_policy_parse(buf, len, &pp, pk_err, p);
		free(buf);
		for (j = 0; j < pp.n; j++) {
			const struct pk_action_def *d = &pp.a[j];
			const struct known_polkit_action *a;
			struct pk_grant g = { path, d->line, d->any, 1,
			    "default", "allow_any" };

			for (k = 0, a = known_polkit_actions; a->id; a++, k++)
				if (strcmp(a->id, d->id) == 0)
					break;
			if (a->id == NULL || granted[k])
				continue;
			if (!pk_result_grants(d->any)) {
				/* an active local session's: likely */
				g.res = d->active;
				g.sure = 0;
				g.detail = "allow_active";
			}
			if (pk_result_grants(g.res))
				pk_finding(p, a, &g);
		}
		pk_policy_free(&pp);
		free(path);
	}
	tv_list_free(names, n);
}

static void
pk_subject(struct pk *p)
{
	const struct ident *u = &p->s->user;
	size_t i;

	p->groups = xcalloc(u->ngids + 1, sizeof *p->groups);
	for (i = 0; i < u->ngids; i++) {
		const struct grent *g = userdb_group_by_gid(&p->s->db,
		    u->gids[i]);

		if (g)
			p->groups[p->sb.ngroups++] = g->name;
	}
	p->sb.user = u->name;
	p->sb.groups = p->groups;
}

static int
pk_report(struct scan *s, void **priv)
{
	const struct known_polkit_action *a;
	struct pk p;
	const char **granted;
	size_t i, k;

	(void)priv;
	if (s->user.uid == 0)
		return 0;
	memset(&p, 0, sizeof p);
	p.s = s;
	pk_subject(&p);
	pk_load_rules(&p);
	for (k = 0; known_polkit_actions[k].id; k++)
		;
	granted = xcalloc(k + 1, sizeof *granted);
	for (k = 0, a = known_polkit_actions; a->id; a++, k++) {
		const char *const *d;
		struct pk_grant g;
		char *keep = NULL;
		int answered;

		if (pk_rules_grant(&p, a->id, &g, &answered)) {
			pk_finding(&p, a, &g);
			granted[k] = a->id;
		}
		/* a rule's sure answer settles it: no default applies */
		if (answered) {
			granted[k] = a->id;
			continue;
		}
		/* no rule answers: the local authority (on polkit before
		 * 0.106, or through the pkla-compat rules) */
		for (d = known_polkit_pkla_dirs; *d && !keep; d++)
			if (pk_pkla_tree(&p, *d, a->id, &g, &keep)) {
				pk_finding(&p, a, &g);
				granted[k] = a->id;
			}
		free(keep);
		p.quiet = 1;
	}
	pk_defaults(&p, granted);
	free(granted);
	for (i = 0; i < p.nf; i++) {
		pk_rules_free(&p.f[i].r);
		free(p.f[i].path);
		free(p.f[i].name);
	}
	free(p.f);
	free(p.groups);
	return 0;
}

const struct check check_polkit = {
	.who = { "polkit", "polkit" },
	.report = pk_report,
};
