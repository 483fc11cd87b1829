/*
 * cron.c: the cron family. Jobs that cron or anacron run as another
 * user whose command, script, interpreter argument, sourced file or
 * PATH lookup the user controls; run-parts directories and what is in
 * them; cron's own files and directories the user can write or replace;
 * the scripts of logrotate, itself a daily root job.
 * A job fires by itself on its schedule and needs nothing from anyone:
 * what root's jobs run is critical, periodic unattended execution (report
 * contract, "Severity and score"); another account's jobs are high.
 * Reads the target through the scan; never runs cron, run-parts or a
 * job.
 *
 * Sources: crontab(5) and cron(8) of Debian's cron and of cronie (file
 * names in /etc/cron.d, the environment a job gets: SHELL=/bin/sh, HOME
 * from passwd, PATH, the working directory HOME), Debian cron's
 * database.c and cronie's check_open() (system crontabs not owned by
 * root or writable by group/other are refused: "WRONG FILE OWNER",
 * "INSECURE MODE", "BAD FILE MODE"), anacrontab(5), run-parts(8).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "known/surfaces.h"
#include "checks/execpath.h"
#include "parse/cmdexec.h"
#include "parse/crontab.h"
#include "parse/logrotate.h"
#include "lib/bounds.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "lib/strmap.h"


/* the run-parts directories /etc/crontab or anacron run, and where user
 * crontabs live: known_cron_periodic and known_cron_spool
 * (known/surfaces.c, which events read too) */

/* PATH a job gets when its table sets none. crontab(5) says
 * "/usr/bin:/bin"; Debian's /etc/crontab notes that newer versions
 * inherit the daemon's own, which under systemd is the wider list: the
 * wider one is assumed for system tables, where it matters most. */
#define PATH_USER	"/usr/bin:/bin"
#define PATH_SYSTEM	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:" \
			"/sbin:/bin"

struct cr {
	struct scan		*s;
	enum cron_flavor	 fl;
	int			 modes_checked;	/* unsafe tables refused */
	struct strmap		 done;		/* dedupe keys */
	int			 saw_table;	/* some cron table exists */
};

/* one job being looked at */
struct job {
	struct cr		*c;
	const char		*file;
	unsigned		 line;
	const char		*runs_as;
	uid_t			 uid;
	const char		*when;
	const char		*command;
	const struct crontab	*tab;
	const struct cron_job	*cj;
	enum cron_format	 fmt;
	const char		*home;		/* the runs-as user's */
	const char		*cwd;
	const char		*path;		/* PATH in force */
	const struct cx_item	*it;		/* the item, if any */
	const char		*role;		/* for evidence */
	const char		*what;		/* "cron job" unless set */
};

static int
cr_seen(struct cr *c, const char *fmt, const char *a, const char *b)
{
	char *k = xasprintf(fmt, a, b ? b : "");
	int added = strmap_adds(&c->done, k, 0, NULL);

	free(k);
	return !added;
}

static int
exists(struct scan *s, const char *path)
{
	struct stat st;

	return tv_lstat(s->tv, path, &st) == 0;
}

/*
 * Which cron the target has: busybox (Alpine), Debian's cron
 * (/usr/sbin/cron), cronie (/usr/sbin/crond), else what the release
 * files say.
 */
static enum cron_flavor
cr_flavor(struct scan *s)
{
	static const char *const crond[] = { "/usr/sbin/crond", "/sbin/crond",
		"/usr/bin/crond", NULL };
	char buf[256];
	size_t i;

	if (exists(s, "/etc/alpine-release"))
		return CRON_FLAVOR_BUSYBOX;
	for (i = 0; crond[i]; i++) {
		struct stat st;
		ssize_t n;

		if (tv_lstat(s->tv, crond[i], &st) == -1)
			continue;
		if (S_ISLNK(st.st_mode) && (n = tv_readlink(s->tv, crond[i],
		    buf, sizeof(buf) - 1)) > 0) {
			buf[n] = '\0';
			if (strcmp(path_basename(buf), "busybox") == 0)
				return CRON_FLAVOR_BUSYBOX;
		}
	}
	if (exists(s, "/usr/sbin/cron"))
		return CRON_FLAVOR_DEBIAN;
	for (i = 0; crond[i]; i++)
		if (exists(s, crond[i]))
			return CRON_FLAVOR_CRONIE;
	if (exists(s, "/etc/debian_version"))
		return CRON_FLAVOR_DEBIAN;
	if (exists(s, "/etc/redhat-release") ||
	    exists(s, "/etc/fedora-release") ||
	    exists(s, "/etc/SuSE-release"))
		return CRON_FLAVOR_CRONIE;
	return CRON_FLAVOR_UNKNOWN;
}

static const char *
flavor_name(enum cron_flavor fl)
{
	switch (fl) {
	case CRON_FLAVOR_DEBIAN:
		return "debian";
	case CRON_FLAVOR_CRONIE:
		return "cronie";
	case CRON_FLAVOR_BUSYBOX:
		return "busybox";
	default:
		return "unknown";
	}
}

static void
cr_watch(struct cr *c, struct finding *f, const char *path, int is_dir)
{
	scan_deny_write(c->s, f, path);
	finding_watch(c->s->rep, f, path, is_dir, "wa");
}

/* --- cron's own files and directories -------------------------------- */

static void
cr_dir(struct cr *c, const char *dir, const char *what, enum severity sev,
    const char *why)
{
	struct xp_hit h;
	struct finding *f;

	if (!exists(c->s, dir) || cr_seen(c, "dir:%s%s", dir, NULL))
		return;
	if (xp_control(c->s, dir, &h) != 1)
		return;
	f = report_add(c->s->rep, &check_cron.who, sev, sev == SEV_HIGH ? 0.8 :
	    0.5, dir, "directory", "%s %s is %s by %s: %s", what, dir, h.how,
	    xp_user(c->s), why);
	xp_evidence(f, &h);
	finding_ev_str(f, "cron", flavor_name(c->fl));
	xp_remedy(f, dir, &h, NULL);
	cr_watch(c, f, dir, 1);
	xp_hit_free(&h);
}

/*
 * A crontab the user can write or replace. Debian's cron and cronie skip
 * a system table not owned by root or writable by group or other, and a
 * user table not owned by its user (or root) or writable by others: a
 * table the user can write in place is one they refuse, so it is medium
 * there; anacron and busybox crond check nothing.
 */
static void
cr_table_file(struct cr *c, const char *path, enum cron_format fmt,
    const struct pwent *owner)
{
	struct xp_hit h;
	struct finding *f;
	enum severity sev = SEV_HIGH;
	const char *refuse = NULL;

	if (xp_control(c->s, path, &h) != 1)
		return;
	/* a system table or anacrontab runs root's jobs (and root's own
	 * table does): periodic, unattended */
	if (fmt != CRON_USER || (owner && owner->uid == 0))
		sev = SEV_CRITICAL;
	if (fmt != CRON_ANACRON && c->modes_checked) {
		if (strcmp(h.how, "writable") == 0)
			refuse = "the table is writable by group or other or "
			    "not owned by root or its user, so Debian's cron "
			    "and cronie refuse to load it (INSECURE MODE, "
			    "BAD FILE MODE, WRONG FILE OWNER)";
		else
			refuse = "a table the user puts in its place would be "
			    "the user's own, which Debian's cron and cronie "
			    "refuse (WRONG FILE OWNER)";
		sev = SEV_MEDIUM;
	}
	f = report_add(c->s->rep, &check_cron.who, sev, 0.7, path, "crontab",
	    "%s %s is %s by %s: its jobs run as %s", fmt == CRON_ANACRON ?
	    "anacron table" : "crontab", path, h.how, xp_user(c->s),
	    fmt == CRON_USER && owner ? owner->name : fmt == CRON_ANACRON ?
	    "root" : "root or any user named in it");
	xp_evidence(f, &h);
	finding_ev_str(f, "cron", flavor_name(c->fl));
	if (refuse)
		finding_ev_str(f, "cron_refuses", refuse);
	xp_remedy(f, path, &h, fmt == CRON_USER ? owner : NULL);
	cr_watch(c, f, path, 0);
	xp_hit_free(&h);
}

/* --- jobs ------------------------------------------------------------ */

static void
job_evidence(const struct job *j, struct finding *f)
{
	finding_ev_str(f, j->what ? "config" : "crontab", j->file);
	finding_ev_int(f, "line", j->line);
	finding_ev_str(f, "runs_as", j->runs_as);
	if (j->when)
		finding_ev_str(f, "schedule", j->when);
	if (j->command)
		finding_ev_str(f, "command", j->command);
	if (j->role)
		finding_ev_str(f, "role", j->role);
	if (j->it && j->it->via)
		finding_ev_str(f, "via", j->it->via);
	if (j->it && j->it->glob)
		finding_ev_str(f, "pattern", j->it->word);
	finding_ev_str(f, "cron", flavor_name(j->c->fl));
}

/* periodic unattended execution: root's job is critical, another
 * account's high (report contract, "Severity and score") */
static enum severity
job_sev(const struct job *j)
{
	/* @reboot waits for a reboot (crontab(5)) */
	if (j->when && strcmp(j->when, "@reboot") == 0)
		return SEV_HIGH;
	return j->uid == 0 ? SEV_CRITICAL : SEV_HIGH;
}

static double
job_weight(const struct job *j)
{
	return j->uid == 0 ? 0.9 : 0.6;
}

/* A file or directory a job runs (or reads as code) that the user
 * controls. */
static void
job_target(struct job *j, const char *path, struct xp_hit *h,
    const char *what)
{
	struct finding *f;
	char *cause, *title;

	cause = xasprintf("%s:%u:%s", j->file, j->line, j->role);
	title = xasprintf(what, path);
	f = report_add(j->c->s->rep, &check_cron.who, job_sev(j),
	    job_weight(j), path, cause, "%s's %s %s, which %s can %s",
	    j->runs_as, j->what ? j->what : "cron job",
	    title, xp_user(j->c->s), strcmp(h->how, "writable") == 0 ?
	    "write" : strcmp(h->how, "creatable") == 0 ? "create" :
	    "replace");
	free(title);
	free(cause);
	job_evidence(j, f);
	finding_ev_str(f, "target", path);
	xp_evidence(f, h);
	xp_remedy(f, path, h, userdb_user_by_uid(&j->c->s->db,
	    j->uid));
	cr_watch(j->c, f, path, h->exists && S_ISDIR(h->st.st_mode));
}

static void
job_path(struct job *j, const char *path, const char *what)
{
	struct xp_hit h;
	char *key = xasprintf("%s:%u:%s:%s", j->file, j->line, j->role,
	    j->runs_as);
	int seen = cr_seen(j->c, "t:%s|%s", path, key);

	free(key);
	if (seen)
		return;
	if (xp_control(j->c->s, path, &h) == 1)
		job_target(j, path, &h, what);
	xp_hit_free(&h);
}

struct lookup_ctx {
	struct job	*j;
	const char	*name;
};

static void
job_lookup_hit(void *vctx, enum xp_kind kind, const char *path,
    struct xp_hit *h)
{
	struct lookup_ctx *lc = vctx;
	struct job *j = lc->j;
	struct finding *f;
	char *cause;
	const char *role = j->role;

	if (kind == XP_FOUND) {
		job_target(j, path, h, "runs %s");
		return;
	}
	j->role = "PATH directory";
	cause = xasprintf("%s:%u:PATH:%s", j->file, j->line, lc->name);
	f = report_add(j->c->s->rep, &check_cron.who, job_sev(j),
	    job_weight(j) - 0.1, path, cause, "%s's %s looks '%s' up in "
	    "PATH, and %s can %s %s, searched before the real one",
	    j->runs_as, j->what ? j->what : "cron job", lc->name,
	    xp_user(j->c->s), strcmp(h->how, "creatable") == 0 ? "create" :
	    "add files to", path);
	free(cause);
	job_evidence(j, f);
	finding_ev_str(f, "program", lc->name);
	finding_ev_str(f, "search_path", j->it && j->it->search_path ?
	    j->it->search_path : j->path);
	xp_evidence(f, h);
	xp_remedy(f, path, h, NULL);
	cr_watch(j->c, f, path, 1);
	j->role = role;
}

static void	cr_runparts(struct cr *, const char *, const struct job *,
		    unsigned, const char *);

static const char *
role_of(const struct cx_item *it)
{
	if (it->role == CX_PROGRAM)
		return it->via ? "wrapped program" : "program";
	if (it->role == CX_SCRIPT)
		return "interpreter argument";
	return cx_role_name(it->role);
}

static void
job_item(struct job *j, const struct cx_item *it)
{
	struct scan *s = j->c->s;
	const struct pwent *pw;
	struct job sub = *j;
	char *found;

	if (it->runs_as) {
		/* sudo -u, su, runuser: the rest runs as someone else */
		pw = userdb_user_by_name(&s->db, it->runs_as);
		if (pw == NULL || pw->uid == s->user.uid)
			return;
		sub.runs_as = pw->name;
		sub.uid = pw->uid;
	}
	sub.it = it;
	sub.role = role_of(it);
	if (it->role == CX_RUNPARTS) {
		cr_runparts(j->c, it->path, &sub, it->rp_flags, it->rp_regex);
		return;
	}
	if (!it->bare) {
		char *what = it->glob ? xstrdup("runs files matched in %s") :
		    it->role == CX_PROGRAM ? xstrdup("runs %s") :
		    it->role == CX_SOURCED ? xstrdup("sources %s") :
		    xasprintf("hands %%s to %s", it->via ? it->via :
		    "its interpreter");

		job_path(&sub, it->path, what);
		free(what);
		return;
	}
	{
		struct lookup_ctx lc = { &sub, it->word };

		found = xp_lookup(s, it->word, it->search_path ?
		    it->search_path : j->path, j->cwd, job_lookup_hit, &lc);
		free(found);
	}
}

struct varctx {
	const struct job	*j;
	char			 buf[64];
};

static const char *
job_var(void *vctx, const char *name, size_t n)
{
	struct varctx *v = vctx;
	const struct job *j = v->j;
	const char *val;

	if (n >= sizeof(v->buf))
		return NULL;
	memcpy(v->buf, name, n);
	v->buf[n] = '\0';
	if (j->tab && (val = crontab_getenv(j->tab, j->cj, v->buf)))
		return val;
	/* crontab(5): "SHELL is set to /bin/sh, and LOGNAME and HOME are
	 * set from the /etc/passwd line of the crontab's owner" */
	if (strcmp(v->buf, "HOME") == 0)
		return j->home;
	if (strcmp(v->buf, "LOGNAME") == 0 || strcmp(v->buf, "USER") == 0)
		return j->runs_as;
	if (strcmp(v->buf, "SHELL") == 0)
		return "/bin/sh";
	if (strcmp(v->buf, "PATH") == 0)
		return j->path;
	return NULL;
}

static void
cr_job(struct cr *c, const char *file, const struct crontab *tab,
    const struct cron_job *cj, enum cron_format fmt, const char *owner)
{
	struct scan *s = c->s;
	const struct pwent *pw;
	struct job j;
	struct varctx vc;
	struct cx_list l = { 0 };
	struct cx_opts o;
	const char *name, *shell, *v;
	char *cmd;
	size_t i;

	name = fmt == CRON_SYSTEM ? cj->user : fmt == CRON_USER ? owner :
	    "root";
	pw = userdb_user_by_name(&s->db, name);
	if (pw == NULL) {
		/* cron skips a job for an unknown user (ORPHAN) */
		report_add_note(s->rep, "%s:%u: cron job for unknown user "
		    "'%s' is not run", file, cj->line, name);
		return;
	}
	if (pw->uid == s->user.uid)
		return;		/* the user's own job: nothing to gain */
	memset(&j, 0, sizeof(j));
	j.c = c;
	j.file = file;
	j.line = cj->line;
	j.runs_as = pw->name;
	j.uid = pw->uid;
	j.when = cj->when;
	j.command = cj->command;
	j.tab = tab;
	j.cj = cj;
	j.fmt = fmt;
	j.home = pw->home && pw->home[0] == '/' ? pw->home : "/";
	v = crontab_getenv(tab, cj, "HOME");
	j.cwd = fmt == CRON_ANACRON ? "/" : v && v[0] == '/' ? v : j.home;
	v = crontab_getenv(tab, cj, "PATH");
	j.path = v ? v : fmt == CRON_USER ? PATH_USER : PATH_SYSTEM;
	shell = crontab_getenv(tab, cj, "SHELL");
	if (shell == NULL || c->fl == CRON_FLAVOR_BUSYBOX)
		shell = "/bin/sh";

	/* the shell itself runs every job */
	j.role = "shell";
	if (shell[0] == '/')
		job_path(&j, shell, "runs its commands with %s");
	/* bash reads $BASH_ENV before a non-interactive command (bash(1)) */
	v = crontab_getenv(tab, cj, "BASH_ENV");
	if (v && v[0] == '/' && strcmp(path_basename(shell), "bash") == 0) {
		j.role = "BASH_ENV";
		job_path(&j, v, "sources %s");
	}

	cmd = fmt == CRON_ANACRON || c->fl == CRON_FLAVOR_BUSYBOX ?
	    xstrdup(cj->command) : cron_command_part(cj->command, NULL);
	vc.j = &j;
	o.cwd = j.cwd;
	o.home = j.home;
	o.var = job_var;
	o.ctx = &vc;
	cx_shell(cmd, strlen(cmd), &o, &l);
	for (i = 0; i < l.n; i++)
		job_item(&j, &l.v[i]);
	if (l.incomplete)
		report_add_note(s->rep, "%s:%u: part of the cron command was "
		    "not followed: %s", file, cj->line, l.why ? l.why : "?");
	cx_list_free(&l);
	free(cmd);
}

static void
on_parse_error(void *ctx, unsigned line, const char *why)
{
	struct job *j = ctx;

	report_add_error(j->c->s->rep, j->file, "line %u: %s", line, why);
}

/* Read and check one table: the file, then each job. */
static void
cr_table(struct cr *c, const char *path, enum cron_format fmt,
    const struct pwent *owner)
{
	struct crontab tab;
	struct job ej;
	char *buf = NULL;
	size_t len, i;

	if (scan_read(c->s, path, &buf, &len) == -1)
		return;
	c->saw_table = 1;
	cr_table_file(c, path, fmt, owner);
	memset(&tab, 0, sizeof(tab));
	memset(&ej, 0, sizeof(ej));
	ej.c = c;
	ej.file = path;
	crontab_parse(buf, len, fmt, &tab, on_parse_error, &ej);
	for (i = 0; i < tab.njobs; i++)
		cr_job(c, path, &tab, &tab.jobs[i], fmt, owner ? owner->name :
		    NULL);
	crontab_free(&tab);
	free(buf);
}

/* --- run-parts ------------------------------------------------------- */

/*
 * A directory run-parts runs as j->runs_as: the directory itself, then
 * every name run-parts(8) would pick whose file the user controls
 * (symlinks followed: a link to a user-writable file is the file).
 * run-parts runs executable regular files only; a non-executable one
 * counts when the user owns it (and can chmod it).
 */
static void
cr_runparts(struct cr *c, const char *dir, const struct job *j,
    unsigned flags, const char *regex)
{
	struct scan *s = c->s;
	struct finding *f;
	struct xp_hit h;
	char **names = NULL, *cause;
	size_t n = 0, i;

	if (cr_seen(c, "rp:%s:%s", dir, j->runs_as))
		return;
	if (xp_control(s, dir, &h) == 1) {
		cause = xasprintf("run-parts:%s", j->runs_as);
		f = report_add(s->rep, &check_cron.who, job_sev(j),
		    j->uid == 0 ? 0.85 : 0.6, dir, cause, "run-parts runs "
		    "every program in %s as %s, and %s can %s the directory",
		    dir, j->runs_as, xp_user(s), strcmp(h.how, "writable") ?
		    "replace" : "write");
		free(cause);
		finding_ev_str(f, "run_parts_dir", dir);
		finding_ev_str(f, "runs_as", j->runs_as);
		if (j->file) {
			finding_ev_str(f, "crontab", j->file);
			finding_ev_int(f, "line", j->line);
		}
		xp_evidence(f, &h);
		xp_remedy(f, dir, &h, NULL);
		cr_watch(c, f, dir, 1);
		xp_hit_free(&h);
	}
	if (tv_list(s->tv, dir, &names, &n) == -1) {
		if (errno != ENOENT && errno != ENOTDIR)
			scan_errno(s, dir, "cannot list");
		return;
	}
	for (i = 0; i < n; i++) {
		struct stat lst, st;
		char *p;

		if (!cron_runparts_name_ok(names[i], c->fl, flags, regex))
			continue;
		p = path_join(dir, names[i]);
		if (tv_lstat(s->tv, p, &lst) == -1 ||
		    tv_stat(s->tv, p, &st) == -1 || !S_ISREG(st.st_mode) ||
		    (!(st.st_mode & 0111) && st.st_uid != s->user.uid)) {
			free(p);
			continue;
		}
		if (xp_control(s, p, &h) == 1) {
			char target[4096];
			ssize_t tl;

			cause = xasprintf("run-parts:%s", j->runs_as);
			f = report_add(s->rep, &check_cron.who, job_sev(j),
			    j->uid == 0 ? 0.9 : 0.6, p, cause, "run-parts "
			    "runs %s as %s from %s, and %s can %s it", p,
			    j->runs_as, dir, xp_user(s), strcmp(h.how,
			    "writable") ? "replace" : "write");
			free(cause);
			finding_ev_str(f, "run_parts_dir", dir);
			finding_ev_str(f, "runs_as", j->runs_as);
			if (j->file) {
				finding_ev_str(f, "crontab", j->file);
				finding_ev_int(f, "line", j->line);
			}
			if (S_ISLNK(lst.st_mode) && (tl = tv_readlink(s->tv,
			    p, target, sizeof(target) - 1)) > 0) {
				target[tl] = '\0';
				finding_ev_str(f, "link_target", target);
			}
			if (!(st.st_mode & 0111))
				finding_ev_str(f, "note", "not executable yet; "
				    "the user owns it and can chmod it");
			xp_evidence(f, &h);
			xp_remedy(f, p, &h, userdb_user_by_uid(&s->db,
			    j->uid));
			cr_watch(c, f, p, 0);
			/* a link: watch what it points at too */
			if (S_ISLNK(lst.st_mode) && (tl = tv_readlink(s->tv,
			    p, target, sizeof(target) - 1)) > 0 &&
			    target[0] == '/') {
				target[tl] = '\0';
				cr_watch(c, f, target, 0);
			}
			xp_hit_free(&h);
		}
		free(p);
	}
	tv_list_free(names, n);
}

/* --- the tables ------------------------------------------------------ */

static void
cr_crond(struct cr *c)
{
	struct scan *s = c->s;
	char **names;
	size_t n, i;

	if (tv_list(s->tv, "/etc/cron.d", &names, &n) == -1) {
		if (errno != ENOENT && errno != ENOTDIR)
			scan_errno(s, "/etc/cron.d", "cannot list");
		return;
	}
	c->saw_table = 1;
	for (i = 0; i < n; i++) {
		struct stat st;
		char *p;

		/* a name cron skips is not read at all */
		if (!cron_crond_name_ok(names[i], c->fl))
			continue;
		p = path_join("/etc/cron.d", names[i]);
		if (tv_stat(s->tv, p, &st) == 0 && S_ISREG(st.st_mode))
			cr_table(c, p, CRON_SYSTEM, NULL);
		free(p);
	}
	tv_list_free(names, n);
}

static void
cr_spool(struct cr *c, const char *dir)
{
	struct scan *s = c->s;
	char **names;
	size_t n, i;

	if (tv_list(s->tv, dir, &names, &n) == -1) {
		if (errno != ENOENT && errno != ENOTDIR)
			scan_errno(s, dir, "cannot list");
		return;
	}
	for (i = 0; i < n; i++) {
		const struct pwent *pw;
		struct stat st;
		char *p;

		if (names[i][0] == '.')
			continue;
		p = path_join(dir, names[i]);
		if (tv_lstat(s->tv, p, &st) == -1 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		/* the file name is the user; cron ignores other names */
		pw = userdb_user_by_name(&s->db, names[i]);
		if (pw && pw->uid != s->user.uid)
			cr_table(c, p, CRON_USER, pw);
		free(p);
	}
	tv_list_free(names, n);
}

/* --- logrotate's scripts -------------------------------------------- */

/*
 * logrotate runs daily from /etc/cron.daily/logrotate or logrotate.timer
 * and runs its scripts with /bin/sh -c as root, "su" or not (logrotate.c
 * runScript: switch_user_back_permanently before the exec). It skips a
 * configuration file root does not own or group or others can write
 * (config.c readConfigFile; writable-config reports those, low), and in
 * an included directory the names its taboo list holds (logrotate(8)
 * "tabooext": .rpmorig, .rpmsave, .dpkg-*, ~, .swp ...).
 */
static int
lr_taboo(const char *name)
{
	static const char *const ext[] = { ".rpmorig", ".rpmsave", ".rpmnew",
	    ".dpkg-old", ".dpkg-dist", ".dpkg-new", ".dpkg-bak", ".dpkg-del",
	    ".dpkg-tmp", ".ucf-old", ".ucf-dist", ".ucf-new", ".swp",
	    ".cfsaved", ",v", "~", ".disabled", NULL };
	size_t n = strlen(name), i, k;

	if (name[0] == '.')
		return 1;
	for (i = 0; ext[i]; i++) {
		k = strlen(ext[i]);
		if (n >= k && strcmp(name + n - k, ext[i]) == 0)
			return 1;
	}
	return 0;
}

static void	lr_file(struct cr *, struct job *, const char *, int);

static void
lr_include(struct cr *c, struct job *j, const char *path, int depth)
{
	struct scan *s = c->s;
	struct stat st;
	char **names = NULL;
	size_t n = 0, i;

	if (tv_stat(s->tv, path, &st) == -1)
		return;
	if (!S_ISDIR(st.st_mode)) {
		lr_file(c, j, path, depth);
		return;
	}
	if (tv_list(s->tv, path, &names, &n) == -1)
		return;
	for (i = 0; i < n && i < MAX_DIR_FILES; i++) {
		char *p;

		if (lr_taboo(names[i]))
			continue;
		p = path_join(path, names[i]);
		if (tv_stat(s->tv, p, &st) == 0 && S_ISREG(st.st_mode))
			lr_file(c, j, p, depth + 1);
		free(p);
	}
	tv_list_free(names, n);
}

static void
lr_script(struct cr *c, struct job *j, const char *file,
    const struct logrotate_script *sc)
{
	struct cx_list l = { 0 };
	struct cx_opts o;
	struct varctx vc;
	size_t i;

	j->file = file;
	j->line = sc->line;
	j->command = sc->text;
	j->role = NULL;
	vc.j = j;
	memset(&o, 0, sizeof o);
	o.cwd = j->cwd;
	o.home = j->home;
	o.var = job_var;
	o.ctx = &vc;
	cx_shell(sc->text, strlen(sc->text), &o, &l);
	for (i = 0; i < l.n; i++)
		job_item(j, &l.v[i]);
	if (l.incomplete)
		report_add_note(c->s->rep, "%s:%u: part of the logrotate %s "
		    "script was not followed: %s", file, sc->line, sc->kind,
		    l.why ? l.why : "?");
	cx_list_free(&l);
}

static void
lr_file(struct cr *c, struct job *j, const char *path, int depth)
{
	struct scan *s = c->s;
	struct logrotate_conf lc;
	struct stat st;
	char *buf;
	size_t len, i;

	if (depth > MAX_INCLUDE_DEPTH || cr_seen(c, "lr:%s%s", path, NULL))
		return;
	/* refused: not root's, or writable by group or others */
	if (tv_stat(s->tv, path, &st) == -1 || st.st_uid != 0 ||
	    (st.st_mode & 022))
		return;
	if (scan_read(s, path, &buf, &len) == -1)
		return;
	memset(&lc, 0, sizeof lc);
	{
		struct job ej = *j;

		ej.file = path;
		logrotate_parse(buf, len, &lc, on_parse_error, &ej);
	}
	free(buf);
	for (i = 0; i < lc.ns; i++)
		lr_script(c, j, path, &lc.s[i]);
	for (i = 0; i < lc.nincludes; i++)
		if (lc.includes[i][0] == '/')
			lr_include(c, j, lc.includes[i], depth + 1);
	logrotate_conf_free(&lc);
}

static void
cr_logrotate(struct cr *c)
{
	static const char *const runs[] = { "/etc/cron.daily/logrotate",
	    "/etc/systemd/system/logrotate.timer",
	    "/usr/lib/systemd/system/logrotate.timer",
	    "/lib/systemd/system/logrotate.timer", NULL };
	const struct pwent *rpw = userdb_user_by_uid(&c->s->db, 0);
	struct job j;
	size_t i;

	for (i = 0; runs[i] && !exists(c->s, runs[i]); i++)
		;
	if (runs[i] == NULL)
		return;
	memset(&j, 0, sizeof j);
	j.c = c;
	j.runs_as = rpw ? rpw->name : "root";
	j.uid = 0;
	j.when = "daily (logrotate)";
	j.what = "logrotate script";
	j.home = rpw && rpw->home && rpw->home[0] == '/' ? rpw->home : "/";
	j.cwd = "/";
	j.path = PATH_SYSTEM;
	lr_file(c, &j, "/etc/logrotate.conf", 0);
}

static int
cr_report(struct scan *s, void **priv)
{
	struct cr c;
	struct job root;
	const struct pwent *rpw;
	size_t i;

	(void)priv;
	if (s->user.uid == 0)
		return 0;
	memset(&c, 0, sizeof(c));
	c.done.copies = 1;
	c.s = s;
	c.fl = cr_flavor(s);
	c.modes_checked = c.fl == CRON_FLAVOR_DEBIAN ||
	    c.fl == CRON_FLAVOR_CRONIE;

	cr_table(&c, "/etc/crontab", CRON_SYSTEM, NULL);
	cr_crond(&c);
	for (i = 0; known_cron_spool[i].path; i++)
		cr_spool(&c, known_cron_spool[i].path);
	cr_table(&c, "/etc/anacrontab", CRON_ANACRON, NULL);

	/* cron's directories: a new file there is a new job (or, where the
	 * daemon checks owners, a replaced or removed one) */
	cr_dir(&c, "/etc/cron.d", "cron directory", SEV_HIGH, "files there "
	    "are system crontabs, each line a job as any user");
	for (i = 0; known_cron_spool[i].path; i++) {
		struct stat st;
		int sticky = tv_stat(s->tv, known_cron_spool[i].path, &st) == 0 &&
		    (st.st_mode & S_ISVTX);

		cr_dir(&c, known_cron_spool[i].path, "cron spool directory",
		    sticky && c.modes_checked ? SEV_MEDIUM : SEV_HIGH,
		    sticky && c.modes_checked ? "the sticky bit keeps others' "
		    "tables, and cron refuses a table not owned by its user" :
		    "each file there is the crontab of the user it names");
	}

	/* run-parts directories no table named (cron and anacron run them
	 * on every distribution that ships them) */
	rpw = userdb_user_by_uid(&s->db, 0);
	memset(&root, 0, sizeof(root));
	root.c = &c;
	root.runs_as = rpw ? rpw->name : "root";
	root.uid = 0;
	for (i = 0; known_cron_periodic[i].path && c.saw_table; i++)
		if (exists(s, known_cron_periodic[i].path))
			cr_runparts(&c, known_cron_periodic[i].path, &root, 0, NULL);

	cr_logrotate(&c);
	strmap_free(&c.done);
	return 0;
}

const struct check check_cron = {
	.who = { "cron", "cron" },
	.report = cr_report,
};
