/*
 * sudo.c: what the target's sudoers grants the scanned user, read as sudo
 * would read it: /etc/sudoers and everything it includes (@include,
 * @includedir, #include, #includedir; relative paths from the including
 * file's directory; %h; sudo's file-name rules for include directories:
 * names ending in '~' or holding a '.' are skipped; files and directories
 * sudo refuses for their owner or mode are skipped as sudo skips them).
 * It never runs sudo and never writes; it reports.
 *
 * Check ids in findings (family "sudo"):
 *   sudo-all               ALL commands as root or a root-equivalent user
 *                          or group
 *   sudo-shell-escape      a GTFOBins "Sudo" program that spawns a shell
 *                          (any arguments, or a pager/editor prompt that
 *                          escapes whatever the arguments)
 *   sudo-file-write        a GTFOBins "Sudo" program that writes any file,
 *                          or sudoedit of a file that decides who is root
 *   sudo-file-read         a GTFOBins "Sudo" program that reads any file
 *   sudo-wildcard          a wildcard (in arguments, a path glob, a
 *                          directory or a regex) that admits a dangerous
 *                          program or arbitrary arguments to one
 *   sudo-writable-command  a command (or the script it runs) the user can
 *                          write or replace, or a directory a command
 *                          pattern admits that the user can write to
 *   sudo-env-keep          env_keep of LD_PRELOAD, PYTHONPATH and the like,
 *                          or PATH kept without secure_path
 *   sudo-env-reset         !env_reset: the caller's environment reaches
 *                          root's command (less sudo's env_delete list)
 *   sudo-setenv            SETENV (tag or Defaults setenv): the user sets
 *                          any variable, LD_PRELOAD included
 *   sudo-runas-user        ALL or an escape as another, not root-equivalent,
 *                          user (lateral movement)
 *   sudo-command           any other command as root (info; low for a
 *                          GTFOBins program whose arguments are fixed)
 *   sudoers-writable       a sudoers file or include directory the user
 *                          can write or replace
 *
 * Severity: a rule that asks no password is critical (the user becomes
 * root alone); one that asks the user's (or the target's) password is
 * high: the agent does not hold it, and root follows the next sudo a
 * person types. A rule that may apply only (an unresolvable host,
 * netgroup or non-Unix group) is one step lower.
 *
 * Sources: sudoers(5) (sudo 1.9): grammar, "last match wins", tags carry
 * over, SETENV implied by ALL, env_reset/env_keep/env_delete/setenv,
 * authenticate, targetpw/rootpw/runaspw, runas_default, NOEXEC;
 * sudo's plugins/sudoers/env.c (initial_badenv_table) for what !env_reset
 * still removes; sudo's file checks (sudo_secure_file/sudo_secure_dir in
 * lib/util/secure_path.c): a sudoers file must be owned by root, not
 * world-writable, not group-writable unless its group is root; the same
 * for an include directory, which is ignored otherwise. GTFOBins
 * (https://gtfobins.github.io/) through known/gtfobins.c.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "known/known.h"
#include "checks/sudo.h"
#include "engine/confload.h"
#include "engine/sudoers-match.h"
#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "parse/sudoers.h"

/* a sudoers file or include directory the user can change */
static const struct reporter sr_sudoers_writable = {
	"sudoers-writable", "sudo",
};

#define SD_SUDOERS		"/etc/sudoers"
#define SD_SUDOERS_D		"/etc/sudoers.d"
#define SD_SUDO_BIN		"/usr/bin/sudo"
/* grants examined one by one; more are noted and skipped */
#define SD_MAX_GRANTS		4096
/* files a pattern command may expand to, and directory entries listed */
#define SD_MAX_GLOB		4096
#define SD_MAX_LISTED		200000
/* runas questions about other users, over the whole check */
#define SD_RUNAS_BUDGET		200000
/* dangerous programs named in one finding's evidence */
#define SD_MAX_EXAMPLES		8

/* ---- loading ---- */

struct sr_file {
	char		*path;
	int		 isdir;
	int		 accepted;	/* sudo would read it */
	const char	*why;		/* when not */
	struct stat	 st;
};

struct sd {
	struct scan		*s;
	int			 quiet;		/* add nothing to the report */
	struct sudoers		 pol;
	struct sr_file		*files;
	size_t			 nfiles;
	const char		*from;		/* the file of an @includedir */
	char			*host;		/* /etc/hostname, or NULL */
	int			 main_present;
	int			 main_unreadable;
	unsigned long		 listed;
	unsigned long		 runas_budget;
	const char		*rootname;	/* uid 0's name in the target */
};

/* malformed lines listed per file; the rest are counted */
#define SD_MAX_LINE_ERRORS	20

struct sr_errctx {
	struct sd	*d;
	const char	*path;
	unsigned	 n;
};

static void
sr_error(struct sd *d, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
sr_error(struct sd *d, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *m;

	if (d->quiet)
		return;
	va_start(ap, fmt);
	m = xvasprintf(fmt, ap);
	va_end(ap);
	report_add_error(d->s->rep, path, "%s", m);
	free(m);
}

static void
sr_parse_err(void *ctx, unsigned line, const char *why)
{
	struct sr_errctx *ec = ctx;

	if (++ec->n <= SD_MAX_LINE_ERRORS)
		sr_error(ec->d, ec->path, "line %u: %s (line skipped)", line,
		    why);
}

/* sudo_secure_file / sudo_secure_dir: would sudo use this? */
static int
sr_secure(const struct stat *st, const char **why)
{
	if (st->st_uid != 0) {
		*why = "not owned by root: sudo ignores it";
		return 0;
	}
	if (st->st_mode & S_IWOTH) {
		*why = "world-writable: sudo refuses it";
		return 0;
	}
	if ((st->st_mode & S_IWGRP) && st->st_gid != 0) {
		*why = "group-writable by a group other than root: sudo "
		    "refuses it";
		return 0;
	}
	*why = NULL;
	return 1;
}

static struct sr_file *
sr_file_add(struct sd *d, const char *path, int isdir, const struct stat *st)
{
	struct sr_file *f;

	d->files = xreallocarray(d->files, d->nfiles + 1, sizeof *d->files);
	f = &d->files[d->nfiles++];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->isdir = isdir;
	f->st = *st;
	f->accepted = sr_secure(st, &f->why);
	return f;
}

/* the include path as sudo expands it: %h, then relative to the
 * including file's directory (sudo 1.9.1) */
static char *
sr_include_path(struct sd *d, const char *from, const char *raw)
{
	struct buf b = { 0 };
	const char *p;
	char *dir, *full;

	for (p = raw; *p; p++) {
		if (p[0] == '%' && p[1] == 'h') {
			const char *dot;

			if (d->host == NULL) {
				sr_error(d, from, "include %s: %%h needs the "
				    "host name, unknown (no /etc/hostname)",
				    raw);
				buf_free(&b);
				return NULL;
			}
			dot = strchr(d->host, '.');
			buf_add(&b, d->host, dot ? (size_t)(dot - d->host) :
			    strlen(d->host));
			p++;
		} else
			buf_addc(&b, *p);
	}
	buf_str(&b);
	if (b.data[0] == '/')
		return b.data;
	dir = path_dirname(from);
	full = path_join(dir, b.data);
	free(dir);
	buf_free(&b);
	return full;
}

/* what the loader could not read, in sudo's words (engine/confload.h) */
static void
sr_skipped(struct confload *cl, const char *path, enum confload_why why,
    int depth)
{
	struct sd *d = cl->ctx;
	int is_main = depth == 0;

	switch (why) {
	case CL_TOO_DEEP:
		sr_error(d, path, "includes nested deeper than %d levels: not "
		    "read", MAX_INCLUDE_DEPTH);
		break;
	case CL_STAT:
		if (errno == ENOENT || errno == ENOTDIR) {
			if (!is_main)
				sr_error(d, path, "included file is missing");
		} else {
			if (is_main)
				d->main_unreadable = 1;
			if (!d->quiet)
				scan_errno(d->s, path, "cannot stat");
		}
		break;
	case CL_LOOP:
		sr_error(d, path, "include loop: not read again");
		break;
	case CL_NOT_REGULAR:
		if (is_main)
			d->main_present = 1;
		sr_error(d, path, "not a regular file: sudo cannot read it");
		break;
	case CL_READ:
		if (is_main)
			d->main_unreadable = 1;
		break;
	case CL_DIR_STAT:
		if (errno != ENOENT && errno != ENOTDIR && !d->quiet)
			scan_errno(d->s, path, "cannot stat include directory");
		break;
	case CL_NOT_DIR:
		sr_error(d, d->from, "@includedir %s: not a directory", path);
		break;
	case CL_LIST:
		if (!d->quiet)
			scan_errno(d->s, path, "cannot list include directory");
		break;
	case CL_TOO_MANY:
		sr_error(d, path, "more than %d files: the rest were not read",
		    MAX_DIR_FILES);
		break;
	}
}

/* a file or include directory sudo would read (sudo_secure_file,
 * sudo_secure_dir), recorded either way */
static int
sr_admit(struct confload *cl, const char *path, const struct stat *st,
    int isdir, int depth)
{
	struct sd *d = cl->ctx;
	struct sr_file *f;

	if (depth == 0)
		d->main_present = 1;
	f = sr_file_add(d, path, isdir, st);
	if (!f->accepted && !d->quiet) {
		if (isdir)
			report_add_note(d->s->rep, "sudo ignores include "
			    "directory %s: %s", path, f->why);
		else
			report_add_note(d->s->rep, "sudo ignores %s: %s",
			    path, f->why);
	}
	return f->accepted;
}

/* sudoers(5) @includedir: skip names ending in '~' or containing '.',
 * to avoid editor and package backups */
static int
sr_name_ok(const char *name)
{
	size_t len = strlen(name);

	return len != 0 && name[len - 1] != '~' && strchr(name, '.') == NULL;
}

/* one sudoers file: its entries in order, each include read in place */
static int
sr_read_file(struct confload *cl, const char *path, const char *buf,
    size_t len, int depth)
{
	struct sd *d = cl->ctx;
	struct sudoers tmp = { 0 };
	struct sr_errctx ec = { d, path, 0 };
	size_t i;

	sudoers_parse(buf, len, path, &tmp, sr_parse_err, &ec);
	if (ec.n > SD_MAX_LINE_ERRORS)
		sr_error(d, path, "%u more malformed lines (not listed)",
		    ec.n - SD_MAX_LINE_ERRORS);
	for (i = 0; i < tmp.n; i++) {
		if (tmp.v[i].kind == SE_INCLUDE) {
			const struct sudo_include *inc = &tmp.v[i].u.include;
			char *p = sr_include_path(d, path, inc->path);

			if (p != NULL) {
				if (inc->isdir) {
					d->from = path;
					confload_dir(cl, p, depth + 1);
				} else
					confload_file(cl, p, depth + 1);
				free(p);
			}
		}
		sudoers_move_entry(&d->pol, &tmp, i);
	}
	sudoers_free(&tmp);
	return 0;
}

static const struct confload_ops sr_load_ops = {
	sr_read_file, sr_admit, sr_name_ok, sr_skipped,
};

/* /etc/sudoers and everything it includes, through the engine's loader:
 * files stat'ed first (loops, non-regular files, sudo's ownership and
 * mode rules), read quietly in quiet mode */
static void
sr_load(struct sd *d)
{
	struct confload cl;

	confload_init(&cl, d->s, &sr_load_ops, d);
	cl.stat_first = 1;
	cl.quiet = d->quiet;
	confload_file(&cl, SD_SUDOERS, 0);
	confload_fini(&cl);
}

static char *
sr_hostname(struct scan *s)
{
	char *buf = NULL, *h = NULL;
	size_t len = 0, a, b;
	int trunc = 0;

	if (tv_read(s->tv, "/etc/hostname", 4096, &buf, &len, &trunc) == -1)
		return NULL;
	for (a = 0; a < len && (buf[a] == ' ' || buf[a] == '\t' ||
	    buf[a] == '\n' || buf[a] == '\r'); a++)
		;
	for (b = a; b < len && buf[b] != '\0' && buf[b] != '\n' &&
	    buf[b] != '\r' && buf[b] != ' ' && buf[b] != '\t' &&
	    buf[b] != '#'; b++)
		;
	if (b > a)
		h = xstrndup(buf + a, b - a);
	free(buf);
	return h;
}

static void
sr_init(struct sd *d, struct scan *s, int quiet)
{
	const struct pwent *pw;

	memset(d, 0, sizeof *d);
	d->s = s;
	d->quiet = quiet;
	d->host = sr_hostname(s);
	d->runas_budget = SD_RUNAS_BUDGET;
	pw = userdb_user_by_uid(&s->db, 0);
	d->rootname = pw ? pw->name : "root";
	sr_load(d);
}

static void
sr_fini(struct sd *d)
{
	size_t i;

	sudoers_free(&d->pol);
	for (i = 0; i < d->nfiles; i++)
		free(d->files[i].path);
	free(d->files);
	free(d->host);
}

/* ---- effective Defaults ---- */



enum { SD_VLOADER, SD_VOTHER };

/* variables that make root's command run the user's code */
static const struct {
	const char	*name;
	int		 cls;
	const char	*why;
} sr_vars[] = {
	{ "LD_PRELOAD", SD_VLOADER, "ld.so(8) loads the named library into "
	    "every dynamically linked command" },
	{ "LD_LIBRARY_PATH", SD_VLOADER, "ld.so(8) searches the user's "
	    "directory for the command's libraries first" },
	{ "LD_AUDIT", SD_VLOADER, "ld.so(8) loads the named auditing "
	    "library" },
	{ "GCONV_PATH", SD_VOTHER, "glibc's iconv loads gconv modules from "
	    "the named directory (in commands that convert charsets)" },
	{ "PYTHONPATH", SD_VOTHER, "python(1) imports modules from the "
	    "user's directory" },
	{ "PYTHONHOME", SD_VOTHER, "python(1) loads its standard library "
	    "from the user's directory" },
	{ "PYTHONSTARTUP", SD_VOTHER, "python(1) runs the named file in "
	    "interactive mode" },
	{ "PERL5LIB", SD_VOTHER, "perlrun(1): modules from the user's "
	    "directory" },
	{ "PERLLIB", SD_VOTHER, "perlrun(1): modules from the user's "
	    "directory" },
	{ "PERL5OPT", SD_VOTHER, "perlrun(1): extra switches such as "
	    "-M or -e" },
	{ "RUBYLIB", SD_VOTHER, "ruby(1): libraries from the user's "
	    "directory" },
	{ "RUBYOPT", SD_VOTHER, "ruby(1): extra options such as -r" },
	{ "NODE_OPTIONS", SD_VOTHER, "node(1): --require of the user's "
	    "file" },
	{ "BASH_ENV", SD_VOTHER, "bash(1) sources the named file in every "
	    "non-interactive shell" },
	{ "ENV", SD_VOTHER, "sh sources the named file" },
	{ "SHELLOPTS", SD_VOTHER, "bash(1): xtrace with PS4 runs commands" },
	{ "PS4", SD_VOTHER, "bash(1) expands it (command substitution "
	    "included) under xtrace" },
	{ "JAVA_TOOL_OPTIONS", SD_VOTHER, "the JVM loads a -javaagent" },
	{ "LUA_INIT", SD_VOTHER, "lua(1) runs the given code first" },
	{ "PAGER", SD_VOTHER, "programs that page (man, git, systemctl) run "
	    "it as a command" },
	{ "MANPAGER", SD_VOTHER, "man(1) runs it as a command" },
	{ "GIT_PAGER", SD_VOTHER, "git(1) runs it as a command" },
	{ "SYSTEMD_PAGER", SD_VOTHER, "systemctl runs it as a command" },
	{ "LESSOPEN", SD_VOTHER, "less(1) runs it as an input preprocessor" },
	{ "EDITOR", SD_VOTHER, "programs that edit run it as a command" },
	{ "VISUAL", SD_VOTHER, "programs that edit run it as a command" },
	{ "HOME", SD_VOTHER, "root's command reads the user's dotfiles "
	    "(.vimrc, .gitconfig, .bashrc)" },
	{ "PATH", SD_VOTHER, "scripts run as root look bare command names "
	    "up in the user's directories" },
};
#define SD_NVARS (sizeof sr_vars / sizeof sr_vars[0])

struct sr_pat {
	char				*pat;
	const struct sudo_entry		*by;	/* NULL: sudo's default */
};

struct sr_plist {
	struct sr_pat	*v;
	size_t		 n;
};

struct sr_env {
	int			 env_reset;
	const struct sudo_entry	*env_reset_by;
	int			 setenv;
	const struct sudo_entry	*setenv_by;
	int			 authenticate;
	const struct sudo_entry	*auth_by;
	int			 rootpw, runaspw, targetpw;
	int			 noexec;
	const char		*runas_default;
	const char		*secure_path;
	const struct sudo_entry	*secure_path_by;
	struct sr_plist		 keep;
	struct sr_plist		 del;
};

static void
sr_plist_free(struct sr_plist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].pat);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
sr_plist_add(struct sr_plist *l, const char *p, size_t n,
    const struct sudo_entry *by)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n].pat = xstrndup(p, n);
	l->v[l->n].by = by;
	l->n++;
}

static void
sr_plist_copy(struct sr_plist *to, const struct sr_plist *from)
{
	size_t i;

	memset(to, 0, sizeof *to);
	for (i = 0; i < from->n; i++)
		sr_plist_add(to, from->v[i].pat, strlen(from->v[i].pat),
		    from->v[i].by);
}

/* env_keep/env_delete list operations, sudoers(5) "Lists that can be
 * used in a boolean context": = replaces, += adds, -= removes, ! clears */
static void
sr_plist_op(struct sr_plist *l, const struct sudo_param *pm,
    const struct sudo_entry *by)
{
	const char *p, *e;
	size_t i;

	if (pm->op == 0) {
		if (pm->negated)
			sr_plist_free(l);
		return;
	}
	if (pm->op == '=')
		sr_plist_free(l);
	for (p = pm->value; p && *p; p = e) {
		while (*p == ' ' || *p == '\t')
			p++;
		for (e = p; *e && *e != ' ' && *e != '\t'; e++)
			;
		if (e == p)
			break;
		if (pm->op == '-') {
			for (i = 0; i < l->n; i++) {
				if (strlen(l->v[i].pat) == (size_t)(e - p) &&
				    strncmp(l->v[i].pat, p, (size_t)(e - p)) ==
				    0) {
					free(l->v[i].pat);
					l->v[i] = l->v[--l->n];
					i--;
				}
			}
		} else
			sr_plist_add(l, p, (size_t)(e - p), by);
	}
}

static void
sr_env_init(struct sr_env *ev)
{
	size_t i;

	memset(ev, 0, sizeof *ev);
	ev->env_reset = 1;
	ev->authenticate = 1;
	for (i = 0; known_sudo_keepenv[i]; i++)
		sr_plist_add(&ev->keep, known_sudo_keepenv[i], strlen(known_sudo_keepenv[i]),
		    NULL);
	for (i = 0; known_sudo_badenv[i]; i++)
		sr_plist_add(&ev->del, known_sudo_badenv[i], strlen(known_sudo_badenv[i]),
		    NULL);
}

static void
sr_env_copy(struct sr_env *to, const struct sr_env *from)
{
	*to = *from;
	sr_plist_copy(&to->keep, &from->keep);
	sr_plist_copy(&to->del, &from->del);
}

static void
sr_env_free(struct sr_env *ev)
{
	sr_plist_free(&ev->keep);
	sr_plist_free(&ev->del);
}

static void
sr_env_apply(struct sr_env *ev, const struct sudo_entry *e)
{
	size_t i;

	for (i = 0; i < e->u.defaults.nparams; i++) {
		const struct sudo_param *pm = &e->u.defaults.params[i];
		int on = !pm->negated;

		if (strcmp(pm->name, "env_reset") == 0) {
			ev->env_reset = on;
			ev->env_reset_by = e;
		} else if (strcmp(pm->name, "setenv") == 0) {
			ev->setenv = on;
			ev->setenv_by = e;
		} else if (strcmp(pm->name, "authenticate") == 0) {
			ev->authenticate = on;
			ev->auth_by = e;
		} else if (strcmp(pm->name, "rootpw") == 0)
			ev->rootpw = on;
		else if (strcmp(pm->name, "runaspw") == 0)
			ev->runaspw = on;
		else if (strcmp(pm->name, "targetpw") == 0)
			ev->targetpw = on;
		else if (strcmp(pm->name, "noexec") == 0)
			ev->noexec = on;
		else if (strcmp(pm->name, "runas_default") == 0 && pm->value)
			ev->runas_default = pm->value;
		else if (strcmp(pm->name, "secure_path") == 0) {
			ev->secure_path = on ? pm->value : NULL;
			ev->secure_path_by = e;
		} else if (strcmp(pm->name, "env_keep") == 0)
			sr_plist_op(&ev->keep, pm, e);
		else if (strcmp(pm->name, "env_delete") == 0)
			sr_plist_op(&ev->del, pm, e);
	}
}

/* a name matches an env list pattern: sudo's matches_env_pattern takes a
 * trailing '*' as a prefix wildcard */
static const struct sr_pat *
sr_plist_match(const struct sr_plist *l, const char *var)
{
	size_t i, n;

	for (i = 0; i < l->n; i++) {
		const char *p = l->v[i].pat;

		n = strlen(p);
		if (n && p[n - 1] == '*') {
			if (strncmp(p, var, n - 1) == 0)
				return &l->v[i];
		} else if (strcmp(p, var) == 0)
			return &l->v[i];
	}
	return NULL;
}

/* ---- the analysis of one grant ---- */

struct sr_ctx {
	struct sd		 d;
	struct sudo_match	 m;
	struct sr_env		 base;		/* generic, host, user */
	int			 any_root_nopw;	/* for sudo_user_can_sudo */
	int			 any_root;
	/* env findings, folded per Defaults entry */
	struct sr_envfind	*envf;
	size_t			 nenvf;
	/* computed once: root-equivalent users and groups of the target,
	 * Defaults that apply per runas target or per command */
	struct sr_equiv		*equiv;
	size_t			 nequiv;
	const struct grent	**crit;
	size_t			 ncrit;
	const struct sudo_entry	**late;
	size_t			 nlate;
};

struct sr_equiv {
	const struct pwent	*pw;
	const char		*why;
};

struct sr_envfind {
	const char		*check;
	const struct sudo_entry	*by;		/* NULL: sudo's default */
	enum severity		 sev;
	const struct sudo_grant	*example;
	char			 vars[256];
};

/* what one grant gives */
struct sr_gi {
	const struct sudo_grant	*g;
	struct sr_env		 ev;
	int			 target;	/* SUDO_*: root-equivalent */
	const char		*target_name;	/* "root", or who */
	const char		*target_how;	/* why it is root-equivalent */
	const char		*other_user;	/* some other target */
	int			 nopasswd;
	const char		*password;	/* evidence text */
	const char		*password_of;
	const struct sudo_grant	*pw_from;	/* the rule deciding it */
	int			 noexec;
};

/* Which of a GTFOBins program's escapes work through sudo. */
static unsigned
sr_gtfo(const char *path)
{
	const struct known_program *kp = known_program_find(
	    path_basename(path));

	if (kp == NULL || !(kp->what & GTFO_SUDO))
		return 0;
	return kp->what & (GTFO_SHELL | GTFO_WRITE | GTFO_READ);
}

/*
 * Programs whose shell escape is typed at a prompt (a pager, an editor,
 * an interactive client), so fixed arguments do not stop it. From the
 * GTFOBins "Sudo" entries whose escape is "PROGRAM ...", then "!/bin/sh"
 * or the like at its prompt; pagers reached through a subcommand are
 * listed with the subcommands that page.
 */
static const struct {
	const char	*name;
	const char	*subcmds;	/* NULL: any arguments; "-": none */
	const char	*unless;	/* arguments that stop the prompt */
} sr_prompt[] = {
	{ "less", NULL, NULL }, { "more", NULL, NULL }, { "pg", NULL, NULL },
	{ "man", NULL, NULL }, { "vi", NULL, NULL }, { "vim", NULL, NULL },
	{ "view", NULL, NULL }, { "nvim", NULL, NULL }, { "ex", NULL, NULL },
	{ "ed", NULL, NULL }, { "nano", NULL, NULL }, { "pico", NULL, NULL },
	{ "joe", NULL, NULL }, { "emacs", NULL, NULL }, { "ftp", NULL, NULL },
	{ "ncftp", NULL, NULL }, { "sftp", NULL, NULL },
	{ "psftp", NULL, NULL }, { "telnet", NULL, NULL },
	{ "mail", NULL, NULL }, { "ispell", NULL, NULL },
	{ "iftop", NULL, NULL }, { "ginsh", NULL, NULL },
	{ "debugfs", NULL, NULL }, { "tasksh", NULL, NULL },
	{ "tdbtool", NULL, NULL }, { "scanmem", NULL, NULL },
	{ "ranger", NULL, NULL }, { "ncdu", NULL, NULL },
	{ "zathura", NULL, NULL }, { "gdb", NULL, "-batch --batch" },
	{ "psql", NULL, "-c --command -f --file" },
	{ "mysql", NULL, "-e --execute" }, { "smbclient", NULL, "-c" },
	{ "journalctl", NULL, "--no-pager -f --follow" },
	{ "systemctl", "- status cat show help list-units list-unit-files "
	    "list-timers list-sockets list-dependencies list-jobs",
	    "--no-pager" },
	{ "loginctl", "- user-status session-status seat-status show-user "
	    "show-session list-users list-sessions", "--no-pager" },
	{ "git", "log show diff help branch blame grep shortlog reflog tag "
	    "-p --paginate", "--no-pager -P" },
	{ "dmesg", "-H --human", NULL },
	{ "apt", "changelog", NULL }, { "apt-get", "changelog", NULL },
};

static int
sr_word_in(const char *w, size_t n, const char *list)
{
	const char *p = list, *e;

	while (p && *p) {
		e = strchr(p, ' ');
		if (e == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) == n && strncmp(p, w, n) == 0)
			return 1;
		p = *e ? e + 1 : e;
	}
	return 0;
}

/* does a prompt (pager/editor) come up whatever the fixed arguments? */
static int
sr_prompts(const char *path, const char *args)
{
	const struct known_program *kp;
	const char *base, *p, *e;
	size_t i;
	int sub = 0, words = 0;

	base = path_basename(path);
	kp = known_program_find(base);
	for (i = 0; i < sizeof sr_prompt / sizeof sr_prompt[0]; i++) {
		if (strcmp(sr_prompt[i].name, base) == 0 ||
		    (kp && strcmp(sr_prompt[i].name, kp->name) == 0))
			break;
	}
	if (i == sizeof sr_prompt / sizeof sr_prompt[0])
		return 0;
	for (p = args ? args : ""; *p; p = *e ? e + 1 : e) {
		e = strchr(p, ' ');
		if (e == NULL)
			e = p + strlen(p);
		if (sr_prompt[i].unless &&
		    sr_word_in(p, (size_t)(e - p), sr_prompt[i].unless))
			return 0;
		if (sr_prompt[i].subcmds &&
		    sr_word_in(p, (size_t)(e - p), sr_prompt[i].subcmds))
			sub = 1;
		words++;
	}
	/* "-": run with no arguments it pages too (systemctl list-units) */
	if (words == 0 && sr_prompt[i].subcmds &&
	    sr_word_in("-", 1, sr_prompt[i].subcmds))
		sub = 1;
	return sr_prompt[i].subcmds == NULL || sub;
}

/* The target's root-equivalent users (uid 0, or a member of a group
 * known.h rates critical: docker, disk, lxd, ...) and those groups. */
static void
sr_equiv_init(struct sr_ctx *c)
{
	struct scan *s = c->d.s;
	size_t i, j;

	for (i = 0; i < s->db.ngroups; i++) {
		const struct grent *gr = &s->db.groups[i];
		const struct known_group *k = known_group_find(gr->name);

		if (k == NULL || k->sev != SEV_CRITICAL)
			continue;
		c->crit = xreallocarray(c->crit, c->ncrit + 1,
		    sizeof *c->crit);
		c->crit[c->ncrit++] = gr;
	}
	for (i = 0; i < s->db.nusers; i++) {
		const struct pwent *pw = &s->db.users[i];
		const char *why = NULL;

		if (pw->uid == s->user.uid)
			continue;
		if (pw->uid == 0)
			why = "uid 0";
		for (j = 0; why == NULL && j < c->ncrit; j++) {
			const struct grent *gr = c->crit[j];
			size_t k;

			if (gr->gid == pw->gid)
				why = gr->name;
			for (k = 0; why == NULL && k < gr->nmembers; k++) {
				if (strcmp(gr->members[k], pw->name) == 0)
					why = gr->name;
			}
		}
		if (why == NULL)
			continue;
		c->equiv = xreallocarray(c->equiv, c->nequiv + 1,
		    sizeof *c->equiv);
		c->equiv[c->nequiv].pw = pw;
		c->equiv[c->nequiv].why = why;
		c->nequiv++;
	}
}

static int
sr_better(int a, int b)
{
	if (a == SUDO_YES || b == SUDO_YES)
		return SUDO_YES;
	if (a == SUDO_MAYBE || b == SUDO_MAYBE)
		return SUDO_MAYBE;
	return SUDO_NO;
}

/* Whom does the grant run as: root or root-equivalent (user or group),
 * or some other user? */
static void
sr_target(struct sr_ctx *c, struct sr_gi *gi)
{
	struct scan *s = c->d.s;
	const struct sudo_grant *g = gi->g;
	size_t i;
	int r;

	gi->target = sudoers_runas_user(&c->d.pol, g, &s->db,
	    c->d.rootname, 0, 0, gi->ev.runas_default);
	gi->target_name = c->d.rootname;
	gi->target_how = "root";
	if (gi->target == SUDO_YES || g->runas == NULL)
		goto groups;
	for (i = 0; i < c->nequiv; i++) {
		const struct pwent *pw = c->equiv[i].pw;

		r = sudoers_runas_user(&c->d.pol, g, &s->db, pw->name, pw->uid,
		    pw->gid, gi->ev.runas_default);
		if (r == SUDO_NO || gi->target == SUDO_YES)
			continue;
		gi->target = sr_better(gi->target, r);
		gi->target_name = pw->name;
		gi->target_how = c->equiv[i].why;
	}
	/* another user: the first the rule allows (bounded over the scan) */
	for (i = 0; gi->target == SUDO_NO && i < s->db.nusers &&
	    c->d.runas_budget > 0; i++) {
		const struct pwent *pw = &s->db.users[i];

		c->d.runas_budget--;
		if (pw->uid == s->user.uid)
			continue;
		if (sudoers_runas_user(&c->d.pol, g, &s->db, pw->name,
		    pw->uid, pw->gid, gi->ev.runas_default) != SUDO_NO) {
			gi->other_user = pw->name;
			break;
		}
	}
groups:
	if (gi->target == SUDO_YES || g->runas == NULL ||
	    !g->runas->has_groups)
		return;
	for (i = 0; i < c->ncrit; i++) {
		const struct grent *gr = c->crit[i];

		r = sudoers_runas_group(&c->d.pol, g, &s->db, gr->name,
		    gr->gid);
		if (r != SUDO_NO) {
			gi->target = sr_better(gi->target, r);
			gi->target_name = gr->name;
			gi->target_how = "a root-equivalent group";
			if (r == SUDO_YES)
				return;
		}
	}
}

/* Defaults>runas and Defaults!cmnd for this grant, in sudo's order
 * (generic, host, user were applied to base; runas, then command) */
static void
sr_grant_env(struct sr_ctx *c, struct sr_gi *gi)
{
	size_t i, j;
	int pass;

	sr_env_copy(&gi->ev, &c->base);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < c->nlate; i++) {
			const struct sudo_entry *e = c->late[i];
			const struct sudo_defaults *d = &e->u.defaults;
			int hit = 0;

			if (pass == 0 && d->type == SD_RUNAS) {
				struct sudo_runas r = { 1, 0, d->binding,
				    { NULL, 0 } };
				struct sudo_grant fake = *gi->g;

				fake.runas = &r;
				hit = sudoers_runas_user(&c->d.pol, &fake,
				    &c->d.s->db, c->d.rootname, 0, 0,
				    NULL) != SUDO_NO;
			} else if (pass == 1 && d->type == SD_CMND) {
				const struct sudo_member *cm = gi->g->cmnd;

				for (j = 0; j < d->binding.n && !hit; j++) {
					const struct sudo_member *b =
					    &d->binding.v[j];

					if (b->type == SM_ALIAS) {
						const struct sudo_alias *a =
						    sudoers_alias_find(
						    &c->d.pol, SA_CMND,
						    b->name);
						size_t k;

						for (k = 0; a && k <
						    a->members.n; k++) {
							if (cm->name &&
							    sudoers_cmnd_admits(
							    &a->members.v[k],
							    cm->name, NULL))
								hit = 1;
						}
					} else if (cm->name &&
					    cm->type != SM_ALL &&
					    sudoers_cmnd_admits(b, cm->name,
					    NULL) != SUDO_NO)
						hit = !b->negated;
				}
			}
			if (hit)
				sr_env_apply(&gi->ev, e);
		}
	}
}

/* password: the tag wins over Defaults authenticate (sudoers(5)) */
static void
sr_password(struct sr_gi *gi, const struct sudo_grant *g)
{
	const struct sudo_cmndspec *cs = g->cs;

	if (cs->tags_set & ST_PASSWD)
		gi->nopasswd = !(cs->tags_on & ST_PASSWD);
	else
		gi->nopasswd = !gi->ev.authenticate;
	if (gi->nopasswd) {
		gi->password = "not required";
		gi->password_of = NULL;
		return;
	}
	gi->password = "requires the user's password";
	gi->password_of = "user";
	/* check.c: rootpw, then runaspw, then targetpw */
	if (gi->ev.rootpw || gi->ev.runaspw || gi->ev.targetpw) {
		gi->password = "requires the target's password";
		gi->password_of = gi->ev.rootpw ? "root" : gi->ev.runaspw ?
		    "runas_default" : "target";
	}
}

/* Does later grant h cover what g grants (same command as root)? */
static int
sr_covers(const struct sudo_grant *h, const struct sudo_grant *g)
{
	const struct sudo_member *gc = g->cmnd, *hc = h->cmnd;

	if (hc->type == SM_ALL)
		return 1;
	if (gc->type == SM_ALL || gc->name == NULL)
		return 0;
	if (gc->type == SM_SUDOEDIT || hc->type == SM_SUDOEDIT)
		return gc->type == hc->type && (hc->args == NULL ||
		    (gc->args && strcmp(gc->args, hc->args) == 0));
	if (gc->type != SM_CMND && gc->type != hc->type)
		return 0;
	if (gc->type != SM_CMND)
		return strcmp(gc->name, hc->name) == 0;
	return sudoers_cmnd_admits(hc, gc->name, gc->args) == SUDO_YES;
}

/* sudoers(5): the last matching rule wins. Returns the grant that
 * decides g's command as root (g itself if none after it does). */
static const struct sudo_grant *
sr_last_match(struct sr_ctx *c, const struct sudo_grant *g)
{
	const struct sudo_grant *last = g;
	size_t i;

	if (c->m.ngrants > SD_MAX_GRANTS)
		return g;
	for (i = g->order + 1; i < c->m.ngrants; i++) {
		const struct sudo_grant *h = &c->m.grants[i];

		if (h->applies != SUDO_YES || !sr_covers(h, g))
			continue;
		if (sudoers_runas_user(&c->d.pol, h, &c->d.s->db,
		    c->d.rootname, 0, 0, c->base.runas_default) != SUDO_YES)
			continue;
		last = h;
	}
	return last;
}

/* ---- findings ---- */

static enum severity
sr_sev(const struct sr_gi *gi, int read_only)
{
	int sev = gi->nopasswd ? SEV_CRITICAL : SEV_HIGH;

	if (read_only)
		sev--;
	if (gi->g->applies != SUDO_YES || gi->target != SUDO_YES)
		sev--;
	return (enum severity)sev;
}

static const char *
sr_uname(struct scan *s)
{
	return s->user.name ? s->user.name : "the user";
}

static char *
sr_runas_str(const struct sr_gi *gi)
{
	const struct sudo_runas *r = gi->g->runas;
	struct buf b = { 0 };
	size_t i;

	if (r == NULL)
		return xstrdup(gi->ev.runas_default ? gi->ev.runas_default :
		    "root (runas_default)");
	for (i = 0; i < r->users.n; i++) {
		char *m = sudoers_member_str(&r->users.v[i]);

		buf_printf(&b, "%s%s", i ? ", " : "", m);
		free(m);
	}
	if (r->has_groups) {
		buf_adds(&b, " :");
		for (i = 0; i < r->groups.n; i++) {
			char *m = sudoers_member_str(&r->groups.v[i]);

			buf_printf(&b, "%s %s", i ? "," : "", m);
			free(m);
		}
	}
	return buf_str(&b);
}

static void
sr_watch(struct sr_ctx *c, struct finding *f, const char *file)
{
	finding_watch(c->d.s->rep, f, SD_SUDOERS, 0, "wa");
	finding_watch(c->d.s->rep, f, SD_SUDOERS_D, 1, "wa");
	if (file && strcmp(file, SD_SUDOERS) != 0 &&
	    strncmp(file, SD_SUDOERS_D "/", sizeof SD_SUDOERS_D) != 0)
		finding_watch(c->d.s->rep, f, file, 0, "wa");
	finding_watch(c->d.s->rep, f, SD_SUDO_BIN, 0, "x");
}

/* a copy of s cut to max bytes with "..." (a rule may be 64 KiB long) */
static char *
sr_clip(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return xstrdup(s);
	return xasprintf("%.*s...", (int)max, s);
}

/* a finding about one grant, with the evidence every one carries */
static struct finding *
sr_rule_finding(struct sr_ctx *c, const struct sr_gi *gi, const char *check,
    enum severity sev, double w, const char *what)
{
	const struct sudo_grant *g = gi->g;
	const struct sudo_entry *e = g->entry;
	struct scan *s = c->d.s;
	struct finding *f;
	char *full = sudoers_member_str(g->cmnd), *runas = sr_runas_str(gi);
	char *cause = xasprintf("%s|%s|%s", check, full, e->text);
	char *cmd = sr_clip(full, 256), *rule = sr_clip(e->text, 1024);
	struct buf tags = { 0 };
	unsigned bit;

	f = report_add(s->rep, &(const struct reporter){ check,
	    check_sudo.who.family }, sev, w, e->file, cause,
	    "%s may run %s as %s %s: %s (%s:%u)", sr_uname(s), cmd,
	    gi->target == SUDO_NO && gi->other_user ? gi->other_user :
	    gi->target_name, gi->nopasswd ? "without a password" :
	    "with a password", what, e->file, e->line);
	finding_ev_str(f, "file", e->file);
	finding_ev_int(f, "line", e->line);
	finding_ev_str(f, "rule", rule);
	finding_ev_str(f, "command", cmd);
	finding_ev_str(f, "runas", runas);
	if (gi->target != SUDO_NO)
		finding_ev_str(f, "target", gi->target_name);
	for (bit = 1; bit < (1u << ST_NTAGS); bit <<= 1) {
		if (g->cs->tags_set & bit)
			buf_printf(&tags, "%s%s", tags.len ? " " : "",
			    sudoers_tag_name(bit, (g->cs->tags_on & bit) != 0));
	}
	if (tags.len)
		finding_ev_str(f, "tags", buf_str(&tags));
	finding_ev_str(f, "password", gi->password);
	finding_ev_bool(f, "needs_password", !gi->nopasswd);
	if (gi->password_of)
		finding_ev_str(f, "password_of", gi->password_of);
	if (gi->pw_from && gi->pw_from != g) {
		char *at = xasprintf("%s:%u", gi->pw_from->entry->file,
		    gi->pw_from->entry->line);

		/* sudoers(5): the last matching rule wins */
		finding_ev_str(f, "password_decided_by", at);
		free(at);
	}
	if (g->via_alias)
		finding_ev_str(f, "via_alias", g->via_alias);
	if (g->applies != SUDO_YES || gi->target == SUDO_MAYBE)
		finding_ev_str(f, "applies", "maybe: the rule names hosts, "
		    "netgroups, non-Unix groups or users privmap cannot "
		    "resolve offline");
	finding_set_remediation(f, "visudo -f '%s'  # line %u: remove the "
	    "rule or narrow it to fixed commands, with a password",
	    e->file, e->line);
	finding_close(f, CLOSE_EXEC, SD_SUDO_BIN);
	sr_watch(c, f, e->file);
	buf_free(&tags);
	free(cause);
	free(full);
	free(cmd);
	free(rule);
	free(runas);
	return f;
}

static void
sr_abilities(struct finding *f, unsigned what)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%s%s%s", (what & GTFO_SHELL) ? "shell " :
	    "", (what & GTFO_WRITE) ? "file-write " : "",
	    (what & GTFO_READ) ? "file-read " : "");
	if (buf[0])
		buf[strlen(buf) - 1] = '\0';
	finding_ev_str(f, "gtfobins", buf);
}

/* the user controls what path holds (or can create it) */
static int
sr_modifiable(struct sr_ctx *c, const char *path, const char **how)
{
	struct stat st;
	int r;

	if (tv_lstat(c->d.s->tv, path, &st) == -1) {
		if (errno != ENOENT && errno != ENOTDIR)
			return 0;
		r = access_can_replace(c->d.s->acc, path);
		*how = "creatable";
		return r == ACC_YES;
	}
	r = access_can_modify(c->d.s->acc, path, how);
	if (r == ACC_UNKNOWN && !c->d.quiet)
		scan_errno(c->d.s, path, "cannot evaluate access");
	return r == ACC_YES;
}

static void
sr_writable_cmd(struct sr_ctx *c, const struct sr_gi *gi, const char *path,
    const char *how, const char *role)
{
	struct finding *f;
	char *what = xasprintf("%s %s is %s by %s", role, path, how,
	    sr_uname(c->d.s));
	const char *w = access_last_witness(c->d.s->acc);

	f = sr_rule_finding(c, gi, "sudo-writable-command", sr_sev(gi, 0),
	    0.85, what);
	finding_ev_str(f, "writable_path", path);
	finding_ev_str(f, "how", how);
	if (strcmp(how, "writable") != 0 && w) {
		finding_ev_str(f, "writable_directory", w);
		finding_set_remediation(f, "chown root:root '%s'; chmod go-w "
		    "'%s'  # the directory the user can replace %s from", w,
		    w, path);
	} else
		finding_set_remediation(f, "chown root:root '%s'; chmod go-w "
		    "'%s'; setfacl -b '%s'", path, path, path);
	scan_deny_write(c->d.s, f, path);
	finding_watch(c->d.s->rep, f, path, 0, "wa");
	free(what);
}

/* the first absolute path among the arguments: the script an
 * interpreter runs, or the program a wrapper (nice, env, timeout,
 * flock, chroot) starts */
static char *
sr_script_arg(const char *args)
{
	const char *p, *e;

	for (p = args ? args : ""; *p; p = *e ? e + 1 : e) {
		e = strchr(p, ' ');
		if (e == NULL)
			e = p + strlen(p);
		if (*p == '/' && e > p + 1) {
			char *s = xstrndup(p, (size_t)(e - p));

			if (!sudoers_has_glob(s))
				return s;
			free(s);
		}
	}
	return NULL;
}

/* One program named by a fixed path. */
static void
sr_program(struct sr_ctx *c, const struct sr_gi *gi, const char *path,
    const char *args, int any_args, int wild_args)
{
	unsigned what = sr_gtfo(path);
	const char *how;
	struct finding *f;

	if (gi->noexec)
		what &= ~GTFO_SHELL;
	/* a command the user controls is its own finding; what the rule
	 * grants is reported as well, and stays once the file is fixed */
	if (sr_modifiable(c, path, &how))
		sr_writable_cmd(c, gi, path, how, "the command");
	if (what && (any_args || wild_args)) {
		const char *check = wild_args ? "sudo-wildcard" :
		    (what & GTFO_SHELL) ? "sudo-shell-escape" :
		    (what & GTFO_WRITE) ? "sudo-file-write" : "sudo-file-read";
		int ro = !(what & (GTFO_SHELL | GTFO_WRITE));

		f = sr_rule_finding(c, gi, check, sr_sev(gi, ro),
		    (what & GTFO_SHELL) ? 0.9 : 0.75, wild_args ?
		    "a wildcard in its arguments admits any arguments to a "
		    "GTFOBins program" : (what & GTFO_SHELL) ?
		    "a GTFOBins program that spawns a shell" :
		    (what & GTFO_WRITE) ? "a GTFOBins program that writes "
		    "any file" : "a GTFOBins program that reads any file");
		sr_abilities(f, what);
		if (wild_args)
			finding_ev_str(f, "arguments", args);
		return;
	}
	if ((what & GTFO_SHELL) && sr_prompts(path, args)) {
		f = sr_rule_finding(c, gi, "sudo-shell-escape", sr_sev(gi, 0),
		    0.85, "a pager or editor whose prompt spawns a shell "
		    "whatever its arguments");
		sr_abilities(f, what);
		finding_ev_str(f, "arguments", args ? args : "");
		return;
	}
	if (what & GTFO_SHELL) {
		char *script = sr_script_arg(args);

		if (script && sr_modifiable(c, script, &how))
			sr_writable_cmd(c, gi, script, how, "the script it "
			    "runs");
		free(script);
	}
	f = sr_rule_finding(c, gi, "sudo-command", what ? SEV_LOW : SEV_INFO,
	    0.5, what ? "a GTFOBins program, with fixed arguments" :
	    "a fixed command");
	if (what)
		sr_abilities(f, what);
	if (args)
		finding_ev_str(f, "arguments", args);
}

/* ---- patterns: globbed paths, directories, regexes ---- */

struct sr_hits {
	char	*dangerous[SD_MAX_EXAMPLES];
	size_t	 ndangerous;
	unsigned what;
	char	*writable_dir;
	char	*writable_file;
	const char *how;
	size_t	 nmatched;
};

static void
sr_hits_free(struct sr_hits *h)
{
	size_t i;

	for (i = 0; i < h->ndangerous; i++)
		free(h->dangerous[i]);
	free(h->writable_dir);
	free(h->writable_file);
}

static void
sr_hit(struct sr_ctx *c, struct sr_hits *h, const char *path, int noexec)
{
	unsigned what = sr_gtfo(path);
	const char *how;

	h->nmatched++;
	if (noexec)
		what &= ~GTFO_SHELL;
	if (what && h->ndangerous < SD_MAX_EXAMPLES)
		h->dangerous[h->ndangerous++] = xstrdup(path);
	h->what |= what;
	if (h->writable_file == NULL && sr_modifiable(c, path, &how)) {
		h->writable_file = xstrdup(path);
		h->how = how;
	}
}

/* expand pattern's components from dir; the last one names files */
static void
sr_glob(struct sr_ctx *c, const char *dir, const char *rest,
    struct sr_hits *h, int noexec, int depth)
{
	const char *slash = strchr(rest, '/');
	size_t clen = slash ? (size_t)(slash - rest) : strlen(rest);
	char *comp = xstrndup(rest, clen), *p, **names = NULL;
	struct stat st;
	size_t n = 0, i;
	const char *how;

	if (depth > 64 || h->nmatched >= SD_MAX_GLOB)
		goto out;
	if (clen == 0) {
		if (slash)
			sr_glob(c, dir, slash + 1, h, noexec, depth + 1);
		goto out;
	}
	if (!sudoers_has_glob(comp)) {
		p = path_join(dir, comp);
		if (slash)
			sr_glob(c, p, slash + 1, h, noexec, depth + 1);
		else if (tv_stat(c->d.s->tv, p, &st) == 0 &&
		    S_ISREG(st.st_mode))
			sr_hit(c, h, p, noexec);
		free(p);
		goto out;
	}
	/* a directory the last component matches files in: can the user
	 * put a matching file there? */
	if (!slash && h->writable_dir == NULL &&
	    sr_modifiable(c, dir, &how)) {
		h->writable_dir = xstrdup(dir);
		h->how = how;
	}
	if (tv_list(c->d.s->tv, dir, &names, &n) == -1)
		goto out;
	c->d.listed += n;
	for (i = 0; i < n && c->d.listed < SD_MAX_LISTED &&
	    h->nmatched < SD_MAX_GLOB; i++) {
		if (fnmatch(comp, names[i], 0) != 0)
			continue;
		p = path_join(dir, names[i]);
		if (slash) {
			if (tv_stat(c->d.s->tv, p, &st) == 0 &&
			    S_ISDIR(st.st_mode))
				sr_glob(c, p, slash + 1, h, noexec, depth + 1);
		} else if (tv_stat(c->d.s->tv, p, &st) == 0 &&
		    S_ISREG(st.st_mode))
			sr_hit(c, h, p, noexec);
		free(p);
	}
	tv_list_free(names, n);
out:
	free(comp);
}


static void
sr_regex_hits(struct sr_ctx *c, const struct sudo_member *pat,
    struct sr_hits *h, int noexec)
{
	char **names;
	size_t n, i, k;

	for (k = 0; known_bin_dirs[k]; k++) {
		if (tv_list(c->d.s->tv, known_bin_dirs[k], &names, &n) == -1)
			continue;
		c->d.listed += n;
		for (i = 0; i < n && c->d.listed < SD_MAX_LISTED &&
		    h->nmatched < SD_MAX_GLOB; i++) {
			char *p = path_join(known_bin_dirs[k], names[i]);
			struct sudo_member any = *pat;

			any.args = NULL;
			if (sudoers_cmnd_admits(&any, p, NULL) == SUDO_YES)
				sr_hit(c, h, p, noexec);
			free(p);
		}
		tv_list_free(names, n);
	}
}

static void
sr_pattern(struct sr_ctx *c, const struct sr_gi *gi)
{
	const struct sudo_member *cm = gi->g->cmnd;
	struct sr_hits h;
	struct finding *f;
	size_t i;

	memset(&h, 0, sizeof h);
	if (cm->type == SM_DIR) {
		char *pat = xasprintf("%s*", cm->name);

		sr_glob(c, "/", pat + 1, &h, gi->noexec, 0);
		free(pat);
	} else if (cm->type == SM_REGEX)
		sr_regex_hits(c, cm, &h, gi->noexec);
	else
		sr_glob(c, "/", cm->name + 1, &h, gi->noexec, 0);
	if (h.writable_dir || h.writable_file)
		sr_writable_cmd(c, gi, h.writable_dir ? h.writable_dir :
		    h.writable_file, h.how, h.writable_dir ?
		    "a directory its pattern admits programs from" :
		    "a program its pattern admits");
	if (h.what) {
		json_t *a = json_array();
		int ro = !(h.what & (GTFO_SHELL | GTFO_WRITE));

		f = sr_rule_finding(c, gi, "sudo-wildcard", sr_sev(gi, ro),
		    (h.what & GTFO_SHELL) ? 0.9 : 0.75, cm->type == SM_DIR ?
		    "a directory that holds GTFOBins programs" :
		    "a pattern that admits GTFOBins programs");
		for (i = 0; i < h.ndangerous; i++)
			json_array_append_new(a, json_string(h.dangerous[i]));
		finding_ev_json(f, "matches", a);
		sr_abilities(f, h.what);
	} else {
		f = sr_rule_finding(c, gi, "sudo-command", SEV_LOW, 0.5,
		    "a command pattern (no dangerous program matched now)");
		finding_ev_int(f, "matched", (long long)h.nmatched);
	}
	sr_hits_free(&h);
}


static void
sr_sudoedit(struct sr_ctx *c, const struct sr_gi *gi)
{
	const char *args = gi->g->cmnd->args, *p, *e, *hit = NULL;
	struct finding *f;
	size_t i;
	int glob = 0;

	for (p = args ? args : ""; *p && !hit; p = *e ? e + 1 : e) {
		char *file;

		e = strchr(p, ' ');
		if (e == NULL)
			e = p + strlen(p);
		file = xstrndup(p, (size_t)(e - p));
		glob |= sudoers_has_glob(file);
		for (i = 0; known_sudoedit_sensitive[i] && !hit; i++) {
			if (fnmatch(file, known_sudoedit_sensitive[i],
			    FNM_PATHNAME) == 0 || strcmp(file,
			    known_sudoedit_sensitive[i]) == 0)
				hit = known_sudoedit_sensitive[i];
		}
		free(file);
	}
	if (args == NULL || hit) {
		f = sr_rule_finding(c, gi, glob ? "sudo-wildcard" :
		    "sudo-file-write", sr_sev(gi, 0), 0.8, args == NULL ?
		    "sudoedit of any file" : "sudoedit of a file that decides "
		    "who is root");
		if (hit)
			finding_ev_str(f, "editable", hit);
		return;
	}
	f = sr_rule_finding(c, gi, glob ? "sudo-wildcard" : "sudo-command",
	    glob ? SEV_MEDIUM : SEV_INFO, 0.4, glob ? "sudoedit of files a "
	    "wildcard names" : "sudoedit of fixed files");
	finding_ev_str(f, "files", args);
}

/* ---- environment ---- */

static void
sr_envfind(struct sr_ctx *c, const char *check, const struct sudo_entry *by,
    enum severity sev, const struct sudo_grant *g, const char *var)
{
	struct sr_envfind *ef = NULL;
	size_t i, n;

	for (i = 0; i < c->nenvf; i++) {
		if (c->envf[i].by == by && strcmp(c->envf[i].check, check) ==
		    0) {
			ef = &c->envf[i];
			break;
		}
	}
	if (ef == NULL) {
		c->envf = xreallocarray(c->envf, c->nenvf + 1,
		    sizeof *c->envf);
		ef = &c->envf[c->nenvf++];
		memset(ef, 0, sizeof *ef);
		ef->check = check;
		ef->by = by;
		ef->sev = sev;
		ef->example = g;
	}
	if (sev > ef->sev) {
		ef->sev = sev;
		ef->example = g;
	}
	if (var == NULL)
		return;
	n = strlen(var);
	for (i = 0; ef->vars[i]; ) {
		size_t w = strcspn(ef->vars + i, " ");

		if (w == n && strncmp(ef->vars + i, var, n) == 0)
			return;
		i += w + (ef->vars[i + w] == ' ');
	}
	if (strlen(ef->vars) + n + 2 < sizeof ef->vars) {
		if (ef->vars[0])
			strcat(ef->vars, " ");
		strcat(ef->vars, var);
	}
}

/* What of the user's environment reaches this grant's command? */
static void
sr_env(struct sr_ctx *c, const struct sr_gi *gi)
{
	const struct sr_env *ev = &gi->ev;
	const struct sudo_cmndspec *cs = gi->g->cs;
	size_t i;

	/* SETENV: tag, or Defaults setenv; a NOSETENV tag wins */
	if (((cs->tags_set & ST_SETENV) && (cs->tags_on & ST_SETENV)) ||
	    (!(cs->tags_set & ST_SETENV) && ev->setenv)) {
		enum severity sev = sr_sev(gi, 0);

		sr_envfind(c, "sudo-setenv", (cs->tags_set & ST_SETENV) ?
		    gi->g->entry : ev->setenv_by, sev, gi->g, "LD_PRELOAD");
	}
	for (i = 0; i < SD_NVARS; i++) {
		const char *v = sr_vars[i].name;
		const struct sr_pat *k = sr_plist_match(&ev->keep, v);
		const struct sr_pat *del = sr_plist_match(&ev->del, v);
		int ro = sr_vars[i].cls != SD_VLOADER;

		if (strcmp(v, "PATH") == 0 && ev->secure_path != NULL)
			continue;	/* sudo replaces PATH */
		if (ev->env_reset) {
			if (k == NULL)
				continue;
			if (k->by == NULL && strcmp(v, "PATH") != 0)
				continue;
			sr_envfind(c, "sudo-env-keep", k->by, sr_sev(gi, ro),
			    gi->g, v);
		} else if (del == NULL) {
			sr_envfind(c, k && k->by ? "sudo-env-keep" :
			    "sudo-env-reset", k && k->by ? k->by :
			    ev->env_reset_by, sr_sev(gi, ro), gi->g, v);
		}
	}
}

static void
sr_env_report(struct sr_ctx *c)
{
	struct scan *s = c->d.s;
	size_t i;

	for (i = 0; i < c->nenvf; i++) {
		const struct sr_envfind *ef = &c->envf[i];
		const char *file = ef->by ? ef->by->file : SD_SUDOERS;
		unsigned line = ef->by ? ef->by->line : 0;
		char *full = sudoers_member_str(ef->example->cmnd);
		char *cmd = sr_clip(full, 256);
		char *cause = xasprintf("%s|%s", ef->check, ef->by ?
		    ef->by->text : "default");
		struct finding *f;
		const char *what;

		if (strcmp(ef->check, "sudo-setenv") == 0)
			what = "SETENV lets the user pass any variable, "
			    "LD_PRELOAD included, to a command run as root";
		else if (strcmp(ef->check, "sudo-env-reset") == 0)
			what = "!env_reset passes the user's environment "
			    "(less sudo's env_delete list) to commands run as "
			    "root";
		else if (ef->by == NULL)
			what = "PATH reaches commands run as root: no "
			    "secure_path is set";
		else
			what = "env_keep passes variables that make root's "
			    "command run the user's code";
		f = report_add(s->rep, &(const struct reporter){ ef->check,
		    check_sudo.who.family }, ef->sev, 0.8, file,
		    cause, "%s: %s (%s, e.g. %s)", sr_uname(s), what,
		    ef->vars[0] ? ef->vars : "-", cmd);
		finding_ev_str(f, "file", file);
		if (line)
			finding_ev_int(f, "line", line);
		if (ef->by) {
			char *rule = sr_clip(ef->by->text, 1024);

			finding_ev_str(f, "rule", rule);
			free(rule);
		}
		if (ef->vars[0])
			finding_ev_str(f, "variables", ef->vars);
		finding_ev_str(f, "command", cmd);
		{
			char *at = xasprintf("%s:%u", ef->example->entry->file,
			    ef->example->entry->line);

			finding_ev_str(f, "command_rule", at);
			free(at);
		}
		if (ef->by)
			finding_set_remediation(f, "visudo -f '%s'  # line %u: "
			    "drop these variables, keep env_reset, drop "
			    "SETENV", file, line);
		else
			finding_set_remediation(f, "visudo  # add: Defaults "
			    "secure_path=\"/usr/local/sbin:/usr/local/bin:"
			    "/usr/sbin:/usr/bin:/sbin:/bin\"");
		finding_close(f, CLOSE_EXEC, SD_SUDO_BIN);
		sr_watch(c, f, file);
		free(full);
		free(cmd);
		free(cause);
	}
}

/* ---- writable sudoers ---- */

static void
sr_writable_files(struct sr_ctx *c)
{
	struct scan *s = c->d.s;
	size_t i;

	for (i = 0; i < c->d.nfiles; i++) {
		const struct sr_file *sf = &c->d.files[i];
		const char *how = NULL, *w;
		struct finding *f;
		enum severity sev;
		int r;

		r = access_can_modify(s->acc, sf->path, &how);
		if (r == ACC_UNKNOWN) {
			scan_errno(s, sf->path, "cannot evaluate access");
			continue;
		}
		if (r != ACC_YES)
			continue;
		/*
		 * Writing a file sudo reads now is root at once. sudo
		 * ignores files it does not own or that others can write,
		 * and the user cannot create root-owned ones: a directory
		 * or a refused file they can write takes one more event
		 * (an administrator fixing the mode, a package adding a
		 * file) -- or a symlink to a root-owned file they fill.
		 */
		w = access_last_witness(s->acc);
		sev = (strcmp(how, "writable") == 0 && !sf->isdir &&
		    sf->accepted) ? SEV_CRITICAL : SEV_HIGH;
		f = report_add(s->rep, &sr_sudoers_writable, sev,
		    sev == SEV_CRITICAL ? 1.0 : 0.7, sf->path, how,
		    "%s %s is %s by %s: %s", sf->isdir ? "sudoers include "
		    "directory" : "sudoers file", sf->path, how, sr_uname(s),
		    sev == SEV_CRITICAL ? "it can grant itself every command "
		    "as root" : "sudo only reads root-owned files that others "
		    "cannot write, so this needs one more step (a mode fix, "
		    "a package update, a symlink to a root-owned file)");
		finding_ev_str(f, "how", how);
		finding_ev_mode(f, "mode", sf->st.st_mode);
		finding_ev_int(f, "uid", (long long)sf->st.st_uid);
		finding_ev_int(f, "gid", (long long)sf->st.st_gid);
		finding_ev_bool(f, "sudo_reads_it", sf->accepted);
		if (sf->why)
			finding_ev_str(f, "sudo_refuses", sf->why);
		if (strcmp(how, "replaceable") == 0 && w) {
			finding_ev_str(f, "writable_directory", w);
			finding_set_remediation(f, "chown root:root '%s'; "
			    "chmod go-w '%s'", w, w);
		} else
			finding_set_remediation(f, "chown root:root '%s'; "
			    "chmod %s '%s'; setfacl -b '%s'", sf->path,
			    sf->isdir ? "0755" : "0440", sf->path, sf->path);
		/* a file sudo refuses now is read once its mode is fixed:
		 * no blind chmod (the fix script follows deny entries);
		 * its content must be reviewed first */
		if (sf->accepted || sf->isdir)
			finding_close(f, CLOSE_WRITE, sf->path);
		else
			finding_set_remediation(f, "less '%s'  # review and "
			    "remove what the user may have written, then: "
			    "chown root:root '%s'; chmod 0440 '%s'", sf->path,
			    sf->path, sf->path);
		sr_watch(c, f, sf->path);
	}
}

/* ---- driver ---- */

static void
sr_ctx_fini(struct sr_ctx *c)
{
	sudo_match_free(&c->m);
	sr_env_free(&c->base);
	free(c->envf);
	free(c->equiv);
	free(c->crit);
	free(c->late);
	sr_fini(&c->d);
}

/* Load, match and compute the base Defaults. -1: nothing to match. */
static int
sr_ctx_init(struct sr_ctx *c, struct scan *s, int quiet)
{
	size_t i;
	int t;

	memset(c, 0, sizeof *c);
	sr_init(&c->d, s, quiet);
	sr_env_init(&c->base);
	if (sudoers_match(&c->d.pol, &s->db, &s->user, c->d.host, &c->m) ==
	    -1)
		return -1;
	if (!quiet && c->m.alias_loop)
		report_add_error(s->rep, SD_SUDOERS, "sudoers aliases nest "
		    "too deep or refer to themselves: part of the policy was "
		    "not followed");
	if (!quiet && c->m.truncated)
		report_add_error(s->rep, SD_SUDOERS, "more than %d commands "
		    "after alias expansion: the rest were not examined",
		    SUDOERS_MAX_GRANTS);
	/* sudo applies Defaults by type: generic, host, user */
	for (t = 0; t < 3; t++) {
		static const enum sudo_dtype order[] = {
			SD_ALL, SD_HOST, SD_USER,
		};

		for (i = 0; i < c->m.ndefaults; i++) {
			const struct sudo_entry *e = c->m.defaults[i].entry;

			if (e->u.defaults.type == order[t])
				sr_env_apply(&c->base, e);
		}
	}
	for (i = 0; i < c->m.ndefaults; i++) {
		const struct sudo_entry *e = c->m.defaults[i].entry;

		if (e->u.defaults.type != SD_RUNAS &&
		    e->u.defaults.type != SD_CMND)
			continue;
		c->late = xreallocarray(c->late, c->nlate + 1,
		    sizeof *c->late);
		c->late[c->nlate++] = e;
	}
	sr_equiv_init(c);
	return 0;
}

/* Fill gi for grant g; 0 if it grants nothing (negated, overridden). */
static int
sr_grant_info(struct sr_ctx *c, const struct sudo_grant *g, struct sr_gi *gi)
{
	const struct sudo_grant *last;

	memset(gi, 0, sizeof *gi);
	gi->g = g;
	if (g->negated || g->cmnd->type == SM_LIST)
		return 0;
	sr_grant_env(c, gi);
	sr_target(c, gi);
	last = sr_last_match(c, g);
	/*
	 * A later rule decides this command: a negated one denies it; a
	 * later ALL makes an earlier ALL a duplicate. Any other grant is
	 * still reported (removing the broad rule would leave it), with the
	 * password the deciding rule asks.
	 */
	if (last->negated || (last != g && g->cmnd->type == SM_ALL)) {
		sr_env_free(&gi->ev);
		return 0;
	}
	gi->pw_from = last;
	sr_password(gi, last);
	gi->noexec = ((g->cs->tags_set & ST_EXEC) &&
	    !(g->cs->tags_on & ST_EXEC)) || (!(g->cs->tags_set & ST_EXEC) &&
	    gi->ev.noexec);
	return 1;
}

static void
sr_grant_report(struct sr_ctx *c, struct sr_gi *gi)
{
	const struct sudo_member *cm = gi->g->cmnd;
	struct finding *f;

	if (gi->target == SUDO_NO) {
		unsigned what;

		/* another user: lateral, not root */
		if (gi->other_user == NULL)
			return;
		what = cm->type == SM_CMND ? sr_gtfo(cm->name) : 0;
		if (cm->type != SM_ALL && !(what & GTFO_SHELL))
			return;
		if (cm->type == SM_ALL)
			f = sr_rule_finding(c, gi, "sudo-runas-user",
			    gi->nopasswd ? SEV_MEDIUM : SEV_LOW, 0.5,
			    "becoming another user (not root-equivalent)");
		else {
			/* GTFOBins lists the program's shell escape under
			 * sudo (psql's \!, less's !sh...): a shell as that
			 * user, whatever arguments the rule fixes */
			char *why = xasprintf("%s's shell escape (GTFOBins) is "
			    "a shell as %s, a lateral move to that account "
			    "(not root-equivalent)", path_basename(cm->name),
			    gi->other_user);

			f = sr_rule_finding(c, gi, "sudo-runas-user",
			    gi->nopasswd ? SEV_MEDIUM : SEV_LOW, 0.5, why);
			free(why);
			finding_ev_str(f, "program", cm->name);
			finding_ev_str(f, "gtfobins", "shell");
		}
		finding_ev_str(f, "other_user", gi->other_user);
		return;
	}
	c->any_root = 1;
	if (gi->nopasswd)
		c->any_root_nopw = 1;
	switch (cm->type) {
	case SM_ALL:
		f = sr_rule_finding(c, gi, "sudo-all", sr_sev(gi, 0), 1.0,
		    "every command");
		if (strcmp(gi->target_how, "root") != 0)
			finding_ev_str(f, "root_equivalent_because",
			    gi->target_how);
		break;
	case SM_SUDOEDIT:
		sr_sudoedit(c, gi);
		break;
	case SM_CMND:
		if (sudoers_has_glob(cm->name)) {
			sr_pattern(c, gi);
			break;
		}
		sr_program(c, gi, cm->name, cm->args, cm->args == NULL,
		    cm->args != NULL && sudoers_has_glob(cm->args));
		break;
	case SM_DIR:
	case SM_REGEX:
		sr_pattern(c, gi);
		break;
	default:
		break;
	}
	if (cm->type != SM_ALL)
		sr_env(c, gi);
}

static int
sr_report(struct scan *s, void **priv)
{
	struct sr_ctx c;
	struct sr_gi gi;
	size_t i;

	(void)priv;
	if (sr_ctx_init(&c, s, 0) == -1) {
		sr_ctx_fini(&c);
		return -1;
	}
	if (c.m.ngrants > SD_MAX_GRANTS)
		report_add_error(s->rep, SD_SUDOERS, "%zu commands apply to "
		    "the user: only the first %d were examined", c.m.ngrants,
		    SD_MAX_GRANTS);
	for (i = 0; i < c.m.ngrants && i < SD_MAX_GRANTS; i++) {
		if (!sr_grant_info(&c, &c.m.grants[i], &gi))
			continue;
		if (s->user.uid != 0)
			sr_grant_report(&c, &gi);
		sr_env_free(&gi.ev);
	}
	sr_env_report(&c);
	if (s->user.uid != 0)
		sr_writable_files(&c);
	sr_ctx_fini(&c);
	return 0;
}

/* Can the user sudo to root at all; see sudo.h. */
int
sudo_user_can_sudo(struct scan *s, int *needs_password, int *asks_password)
{
	struct sr_ctx c;
	struct sr_gi gi;
	size_t i;
	int ret = 0, nopw = 0, pw = 0;

	if (needs_password)
		*needs_password = 1;
	if (asks_password)
		*asks_password = 0;
	if (sr_ctx_init(&c, s, 1) == -1) {
		sr_ctx_fini(&c);
		return -1;
	}
	if (c.d.main_unreadable) {
		sr_ctx_fini(&c);
		return -1;
	}
	for (i = 0; i < c.m.ngrants && i < SD_MAX_GRANTS; i++) {
		if (!sr_grant_info(&c, &c.m.grants[i], &gi))
			continue;
		if (gi.target != SUDO_NO) {
			ret = 1;
			if (gi.nopasswd)
				nopw = 1;
			else
				pw = 1;
		}
		sr_env_free(&gi.ev);
	}
	if (needs_password && ret)
		*needs_password = !nopw;
	if (asks_password)
		*asks_password = pw;
	sr_ctx_fini(&c);
	return ret;
}

/* does a user list name the group, directly or through User_Aliases
 * (depth-bounded as the matcher is)? Negated members count too: the
 * rule is about the group either way */
static int
sr_list_names_group(const struct sudoers *pol, const struct sudo_list *l,
    const char *name, gid_t gid, int depth)
{
	size_t i;

	if (depth > SUDOERS_MAX_ALIAS_DEPTH)
		return 0;
	for (i = 0; i < l->n; i++) {
		const struct sudo_member *m = &l->v[i];
		const struct sudo_alias *a;

		if ((m->type == SM_GROUP && strcmp(m->name, name) == 0) ||
		    (m->type == SM_GID && m->id == (unsigned long)gid))
			return 1;
		if (m->type == SM_ALIAS && (a = sudoers_alias_find(pol,
		    SA_USER, m->name)) != NULL && sr_list_names_group(pol,
		    &a->members, name, gid, depth + 1))
			return 1;
	}
	return 0;
}

int
sudo_names_group(struct scan *s, const char *name, gid_t gid)
{
	struct sr_ctx c;
	size_t i;
	int ret = 0;

	if (sr_ctx_init(&c, s, 1) == -1 || c.d.main_unreadable ||
	    !c.d.main_present) {
		sr_ctx_fini(&c);
		return -1;
	}
	for (i = 0; i < c.m.ngrants && !ret; i++) {
		const struct sudo_entry *e = c.m.grants[i].entry;

		if (e->kind == SE_USERSPEC && sr_list_names_group(&c.d.pol,
		    &e->u.spec.users, name, gid, 0))
			ret = 1;
	}
	sr_ctx_fini(&c);
	return ret;
}

const struct check check_sudo = {
	.who = { "sudo", "sudo" },
	.report = sr_report,
};
