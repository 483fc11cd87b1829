/*
 * follow.c: a job that runs as another identity, followed into what it
 * runs (follow.h; issue 16). Each file is read once per identity, peeked
 * first (a binary is not read), a script by its #! line or by the
 * interpreter that was handed it: sh, bash, dash and the like through
 * parse/cmdexec.c, recursively to FOLLOW_MAX_DEPTH; Python, Perl and
 * Ruby for where they look for modules. Never runs, opens for writing or
 * follows anything outside the target; every read is bounded, and what a
 * bound cut is counted in the family's note.
 *
 * Sources: execve(2) (#! line: one optional argument), POSIX sh "Command
 * Search and Execution" (a file the shell cannot exec as a program, with
 * ENOEXEC, is run as a shell script), the Python documentation
 * (sys.path[0] is the directory of the script; -I and -P leave it out;
 * -E and -I ignore PYTHONPATH; PYTHONSAFEPATH as -P), perlrun(1)
 * (PERL5LIB, else PERLLIB; ignored under -T taint checks;
 * PERL_USE_UNSAFE_INC=1 puts "." back) and perl5260delta ("." left @INC
 * by default in Perl 5.26), ruby(1) (RUBYLIB), and the kernel's
 * Documentation/admin-guide/sysctl/fs.rst (protected_symlinks: a symlink
 * in a sticky world-writable directory is followed only by its owner or
 * the directory's).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/follow.h"
#include "checks/execpath.h"
#include "engine/procfs.h"
#include "known/jobtools.h"
#include "parse/sysctl.h"
#include "lib/buf.h"
#include "lib/path.h"
#include "lib/pathenc.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"

#define PEEK_BYTES	256	/* a #! line is read this far */
#define MAX_NOTES	20	/* scripts named as partly read */

enum fl_kind { K_EXEC, K_MODULE, K_WRITE, K_WILD, K_REC, K_COUNT };
static const char *const kind_ids[K_COUNT] = {
	"follow-exec", "follow-module", "follow-write", "follow-wildcard",
	"follow-recursive",
};

enum lang { L_NONE, L_SHELL, L_PYTHON, L_PERL, L_RUBY, L_OTHER };

struct follow {
	struct scan		*s;
	struct reporter		 kinds[K_COUNT];
	struct strmap		 seen;		/* "uid:path" read */
	size_t			 jobs, scripts, sourced, modules, files;
	size_t			 cut_depth, cut_count, partial, notes;
	int			 protected;	/* fs.protected_symlinks:
						   -1 not read yet */
	int			 perl_dot;	/* -1 not read yet */
};

/* where a job has got to: the chain of files so far */
struct hop {
	struct follow		*fl;
	struct fl_job		 j;		/* identity may change (sudo -u) */
	const char		*chain[FOLLOW_MAX_DEPTH + 1];
	size_t			 n;		/* files followed (chain[1..n]) */
	size_t			*jobfiles;
	const struct cx_list	*l;		/* the text being read */
};

static void	fl_items(struct hop *, const struct cx_list *);
static void	fl_file(struct hop *, const char *, enum cx_role,
		    const char *);

struct follow *
follow_new(struct scan *s, const struct reporter *who)
{
	struct follow *fl = xcalloc(1, sizeof(*fl));
	size_t i;

	fl->s = s;
	fl->seen.copies = 1;
	fl->protected = -1;
	fl->perl_dot = -1;
	for (i = 0; i < K_COUNT; i++) {
		fl->kinds[i].id = kind_ids[i];
		fl->kinds[i].family = who->family;
	}
	return fl;
}

void
follow_free(struct follow *fl)
{
	if (fl == NULL)
		return;
	if (fl->scripts + fl->sourced + fl->modules > 0)
		report_add_note(fl->s->rep, "%s: %zu jobs followed into what "
		    "they run: %zu scripts, %zu sourced files, %zu module "
		    "paths read (%zu files in all)%s%s", fl->kinds[0].family,
		    fl->jobs, fl->scripts, fl->sourced, fl->modules, fl->files,
		    fl->cut_depth ? "; some deeper than the depth bound were "
		    "not read" : "", fl->cut_count ? "; the count bound "
		    "stopped some" : "");
	if (fl->partial > fl->notes)
		report_add_note(fl->s->rep, "%s: %zu more scripts were read "
		    "in part", fl->kinds[0].family, fl->partial - fl->notes);
	strmap_free(&fl->seen);
	free(fl);
}

/* --- what the kernel protects --------------------------------------- */

static void
prot_set(void *ctx, const char *key, const char *value, unsigned line)
{
	int *p = ctx;

	(void)line;
	if (strcmp(key, "fs.protected_symlinks") == 0)
		*p = strcmp(value, "0") != 0;
}

/*
 * fs.protected_symlinks: on a live host what /proc/sys says; else what
 * the target's sysctl.d files set (Debian's procps ships
 * 99-protect-links.conf, systemd 50-default.conf), and when none does,
 * the kernel's default: 0 upstream (fs/namei.c), 1 in Debian's kernels
 * (debian/fs-enable-link-security-restrictions-by-default.patch).
 */
static int
protected_symlinks(struct follow *fl)
{
	struct scan *s = fl->s;
	char **names[8] = { 0 }, *v = NULL, *buf;
	size_t n[8] = { 0 }, nd, i, nf, len;
	struct sysctl_file *f;
	struct stat st;
	int p = -1;

	if (fl->protected != -1)
		return fl->protected;
	if ((s->flags & SCAN_LIVE) && procfs_sysctl("fs.protected_symlinks",
	    &v) == 0) {
		fl->protected = strcmp(v, "0") != 0;
		free(v);
		return fl->protected;
	}
	for (nd = 0; sysctl_dirs[nd] && nd < 8; nd++)
		if (tv_list(s->tv, sysctl_dirs[nd], &names[nd], &n[nd]) == -1) {
			names[nd] = NULL;
			n[nd] = 0;
		}
	nf = sysctl_order(names, n, &f);
	for (i = 0; i < nf; i++)
		if (scan_read(s, f[i].path, &buf, &len) == 0) {
			sysctl_conf_parse(buf, len, prot_set, NULL, &p);
			free(buf);
		}
	if (scan_read(s, SYSCTL_CONF, &buf, &len) == 0) {
		sysctl_conf_parse(buf, len, prot_set, NULL, &p);
		free(buf);
	}
	sysctl_files_free(f, nf);
	for (i = 0; i < nd; i++)
		tv_list_free(names[i], n[i]);
	if (p == -1)
		p = tv_stat(s->tv, "/etc/debian_version", &st) == 0;
	fl->protected = p;
	return p;
}

/* Perl keeps "." in @INC before 5.26 (perl5260delta): the version of the
 * target's perl from its library directory (Debian's /usr/share/perl/5.N,
 * else /usr/lib/perl5/5.N) */
static int
perl_dot(struct follow *fl)
{
	static const char *const dirs[] = { "/usr/share/perl",
		"/usr/lib/perl5", NULL };
	char **names;
	size_t n, i, d;
	int best = -1;

	if (fl->perl_dot != -1)
		return fl->perl_dot;
	for (d = 0; dirs[d]; d++) {
		if (tv_list(fl->s->tv, dirs[d], &names, &n) == -1)
			continue;
		for (i = 0; i < n; i++) {
			char *end;
			long minor;

			if (strncmp(names[i], "5.", 2) != 0)
				continue;
			errno = 0;
			minor = strtol(names[i] + 2, &end, 10);
			if (errno == 0 && end != names[i] + 2 && minor >= 0 &&
			    minor < 1000 && (*end == '\0' || *end == '.') &&
			    minor > best)
				best = (int)minor;
		}
		tv_list_free(names, n);
	}
	fl->perl_dot = best >= 0 && best < 26;
	return fl->perl_dot;
}

/* --- findings ------------------------------------------------------- */

static json_t *
chain_json(const struct hop *h, const char *last)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i <= h->n; i++) {
		char *e = pathenc_encode(h->chain[i], strlen(h->chain[i]));

		json_array_append_new(a, json_string(e));
		free(e);
	}
	if (last) {
		char *e = pathenc_encode(last, strlen(last));

		json_array_append_new(a, json_string(e));
		free(e);
	}
	return a;
}

static const char *
verb(const struct xp_hit *x)
{
	return strcmp(x->how, "writable") == 0 ? "write" : strcmp(x->how,
	    "creatable") == 0 ? "create" : "replace";
}

/*
 * One finding: kind, on path, a hop of sev (the job's, or a notch less
 * for what is likely rather than certain). The title names the identity
 * and the last file of the chain.
 */
static struct finding *
fl_add(struct hop *h, enum fl_kind k, int likely, const char *path,
    const char *role, const char *fmt, ...)
{
	struct follow *fl = h->fl;
	struct finding *f;
	enum severity sev = h->j.sev;
	double w = h->j.weight;
	char *what, *cause;
	va_list ap;
	int wait;

	if (likely && sev > SEV_LOW) {
		sev--;
		w = 0.5;
	}
	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	/* one finding per file and identity, whichever job reached it
	 * first (its chain is the one shown) */
	cause = xasprintf("%s:%s:%s", kind_ids[k], h->j.runs_as, role);
	f = report_add(fl->s->rep, &fl->kinds[k], sev, w, path, cause,
	    "%s (%s) %s, as %s", h->n ? path_basename(h->chain[h->n]) :
	    "a job", h->j.origin, what, h->j.runs_as);
	free(cause);
	free(what);
	wait = grant_wait_parse(h->j.wait);
	finding_grant(f, GRANT_USER, (unsigned long)h->j.uid, h->j.runs_as,
	    wait < 0 ? WAIT_SERVICE : (enum grant_wait)wait, !likely);
	finding_ev_json(f, "chain", chain_json(h, NULL));
	finding_ev_str(f, "runs_as", h->j.runs_as);
	finding_ev_str(f, "wait", h->j.wait);
	finding_ev_str(f, "role", role);
	finding_ev_str(f, "target", path);
	return f;
}

static void
fl_close(struct hop *h, struct finding *f, const char *path, int is_dir,
    const struct xp_hit *x)
{
	xp_evidence(f, x);
	xp_remedy(f, path, x, h->j.pw);
	scan_deny_write(h->fl->s, f, path);
	finding_watch(h->fl->s->rep, f, path, is_dir, "wa");
}

/* a file the followed text runs, sources or hands an interpreter, that
 * the user controls */
static int
fl_control(struct hop *h, const char *path, const char *role,
    const char *what)
{
	struct xp_hit x;
	struct finding *f;
	int r = xp_control(h->fl->s, path, &x);

	if (r != 1)
		return r;
	if ((h->n == 0 && !h->j.top) ||
	    (h->j.judged && h->j.judged(h->j.ctx, path))) {
		/* the family's own check judged the command line */
		xp_hit_free(&x);
		return 1;
	}
	f = fl_add(h, K_EXEC, 0, path, role, "%s %s, which %s can %s", what,
	    path, xp_user(h->fl->s), verb(&x));
	fl_close(h, f, path, x.exists && S_ISDIR(x.st.st_mode), &x);
	xp_hit_free(&x);
	return 1;
}

/* --- PATH lookups --------------------------------------------------- */

struct look {
	struct hop	*h;
	const char	*name;
	const char	*search;
};

static void
look_hit(void *ctx, enum xp_kind kind, const char *path, struct xp_hit *x)
{
	struct look *lk = ctx;
	struct hop *h = lk->h;
	struct finding *f;

	if (h->n == 0 && !h->j.top)
		return;		/* the family's own check said it */
	if (kind == XP_FOUND) {
		f = fl_add(h, K_EXEC, 0, path, "program", "runs %s, which %s "
		    "can %s", path, xp_user(h->fl->s), verb(x));
		fl_close(h, f, path, 0, x);
		return;
	}
	f = fl_add(h, K_EXEC, 0, path, "PATH directory", "looks '%s' up in "
	    "PATH, and %s can %s %s, searched first", lk->name,
	    xp_user(h->fl->s), strcmp(x->how, "creatable") == 0 ? "create" :
	    "add files to", path);
	finding_ev_str(f, "program", lk->name);
	finding_ev_str(f, "search_path", lk->search);
	fl_close(h, f, path, 1, x);
}

static void
fl_lookup(struct hop *h, const struct cx_item *it)
{
	struct look lk;
	char *found;

	lk.h = h;
	lk.name = it->word;
	lk.search = it->search_path ? it->search_path : h->j.search;
	found = xp_lookup(h->fl->s, it->word, lk.search, it->cwd ? it->cwd :
	    h->j.cwd, look_hit, &lk);
	if (found)
		fl_file(h, found, it->role, it->via);
	free(found);
}

/* --- writes, wildcards, recursion ----------------------------------- */

/*
 * A file the job writes (or chmods, chowns) at path: a finding if the
 * user can put a symlink in its place, unless the directory is sticky,
 * world-writable, not the user's and the kernel protects symlinks there.
 */
static void
fl_write(struct hop *h, const char *path, const char *tool)
{
	struct scan *s = h->fl->s;
	struct xp_hit x;
	struct finding *f;
	char *dir = path_dirname(path);

	if (xp_control(s, dir, &x) != 1)
		goto out;
	if (strcmp(x.how, "writable") == 0 && (x.st.st_mode & S_ISVTX) &&
	    (x.st.st_mode & S_IWOTH) && x.st.st_uid != s->user.uid &&
	    protected_symlinks(h->fl)) {
		xp_hit_free(&x);
		goto out;
	}
	f = fl_add(h, K_WRITE, 0, path, "written file", "writes %s (%s) in "
	    "%s, where %s can put a symlink to any file", path, tool, dir,
	    xp_user(s));
	finding_ev_str(f, "tool", tool);
	finding_ev_str(f, "directory", dir);
	finding_ev_bool(f, "protected_symlinks", protected_symlinks(h->fl));
	fl_close(h, f, dir, 1, &x);
	xp_hit_free(&x);
out:
	free(dir);
}

static char *
fold(const struct hop *h, const struct cx_item *it, const char *word)
{
	const char *cwd = it->cwd ? it->cwd : h->j.cwd;

	if (word[0] == '/')
		return cx_path_fold("/", word);
	if (cwd == NULL || cwd[0] != '/')
		return NULL;
	return cx_path_fold(cwd, word);
}

/* an unquoted pattern whose last component starts with * ? or [: the
 * directory it lists, where a planted name becomes an option */
static void
fl_wild(struct hop *h, const struct cx_item *it, size_t i,
    const struct known_wildcard *kw)
{
	const char *word = it->argv[i], *slash = strrchr(word, '/');
	const char *last = slash ? slash + 1 : word;
	struct xp_hit x;
	struct finding *f;
	char *dir, *d;

	if (strchr("*?[", last[0]) == NULL)
		return;
	d = slash ? xstrndup(word, (size_t)(slash - word)) : xstrdup(".");
	if (d[0] == '\0') {
		free(d);
		d = xstrdup("/");
	}
	dir = strpbrk(d, "*?[") ? NULL : fold(h, it, d);
	free(d);
	if (dir == NULL)
		return;
	if (xp_control(h->fl->s, dir, &x) == 1) {
		f = fl_add(h, K_WILD, !kw->exec, dir, "wildcard", "runs %s "
		    "with %s expanded in %s, where %s can create a file named "
		    "'%s...': it %s", kw->tool, word, dir, xp_user(h->fl->s),
		    kw->option, kw->does);
		finding_ev_str(f, "tool", kw->tool);
		finding_ev_str(f, "pattern", word);
		finding_ev_str(f, "option", kw->option);
		fl_close(h, f, dir, 1, &x);
		xp_hit_free(&x);
	}
	free(dir);
}

/* a tree a job changes or copies into recursively, that the user can
 * write: links and renames met on the way (likely, a race; certain when
 * the tool follows links) */
static void
fl_tree(struct hop *h, const char *path, const char *tool, int follows)
{
	struct xp_hit x;
	struct finding *f;

	if (xp_control(h->fl->s, path, &x) != 1)
		return;
	if (!x.exists || !S_ISDIR(x.st.st_mode)) {
		xp_hit_free(&x);
		return;
	}
	f = fl_add(h, K_REC, !follows, path, "recursive", "runs %s "
	    "recursively over %s, which %s can %s: a link planted there %s",
	    tool, path, xp_user(h->fl->s), verb(&x), follows ? "is followed" :
	    "or a directory swapped in mid-walk is acted on");
	finding_ev_str(f, "tool", tool);
	fl_close(h, f, path, 1, &x);
	xp_hit_free(&x);
}

static int
has_short(const char *a, const char *set)
{
	if (a[0] != '-' || a[1] == '-' || set == NULL)
		return 0;
	for (a++; *a; a++)
		if (strchr(set, *a))
			return 1;
	return 0;
}

static void
fl_argv_writer(struct hop *h, const struct cx_item *it,
    const struct known_writer *kw)
{
	const char *tool = kw->tool, *target = NULL;
	size_t i, nops = 0, *ops = xcalloc(it->argc, sizeof(size_t));
	int rec = 0, follows = 0, ref = 0, dashdash = 0;

	for (i = 1; i < it->argc; i++) {
		const char *a = it->argv[i];

		if (dashdash || a[0] != '-' || a[1] == '\0') {
			if (!it->argv_glob[i])
				ops[nops++] = i;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = 1;
		} else if (a[1] == '-') {
			if (kw->rec_long && strcmp(a + 2, kw->rec_long) == 0)
				rec = 1;
			if (strcmp(a, "--archive") == 0)
				rec = 1;
			if (strncmp(a, "--reference=", 12) == 0)
				ref = 1;
			if (strncmp(a, "--target-directory=", 19) == 0)
				target = a + 19;
		} else {
			rec |= has_short(a, kw->rec_short);
			follows |= has_short(a, kw->follow_short);
			if (a[1] && strchr(kw->arg_short, a[strlen(a) - 1]) &&
			    i + 1 < it->argc) {
				if (a[strlen(a) - 1] == 't')
					target = it->argv[i + 1];
				i++;
			}
		}
	}
	if (kw->which == JT_OF) {
		for (i = 1; i < it->argc; i++)
			if (strncmp(it->argv[i], "of=", 3) == 0 &&
			    it->argv[i][3] != '\0') {
				char *p = fold(h, it, it->argv[i] + 3);

				if (p)
					fl_write(h, p, tool);
				free(p);
			}
		free(ops);
		return;
	}
	for (i = 0; i < nops; i++) {
		const char *w = it->argv[ops[i]];
		char *p;

		if (kw->which == JT_AFTER_FIRST && i == 0 && !ref)
			continue;
		if (kw->which == JT_LAST && (target || i + 1 < nops)) {
			/* a source: cp -a SRC reads it, the tree that
			 * matters is the destination */
			continue;
		}
		if ((p = fold(h, it, w)) == NULL)
			continue;
		if (rec)
			fl_tree(h, p, tool, follows);
		if (!rec || kw->which != JT_LAST)
			fl_write(h, p, tool);
		free(p);
	}
	if (target) {
		char *p = fold(h, it, target);

		if (p && rec)
			fl_tree(h, p, tool, follows);
		free(p);
	}
	free(ops);
}

/* what a command does with the files it names */
static void
fl_argv(struct hop *h, const struct cx_item *it)
{
	const struct known_wildcard *wc;
	const struct known_writer *kw;
	const char *base;
	size_t i;

	if (it->argc == 0 || it->argv_glob == NULL)
		return;
	base = path_basename(it->argv[0]);
	if ((wc = known_wildcard_find(base)) != NULL)
		for (i = 1; i < it->argc; i++) {
			if (strcmp(it->argv[i], "--") == 0)
				break;
			if (it->argv_glob[i]) {
				fl_wild(h, it, i, wc);
				break;
			}
		}
	if ((kw = known_writer_find(base)) != NULL)
		fl_argv_writer(h, it, kw);
}

/* --- module search paths -------------------------------------------- */

static void
fl_libpath(struct hop *h, const char *script, const char *var,
    const char *value)
{
	const char *p = value, *e;
	size_t seen = 0;

	for (; p && *p && seen < 64; p = *e ? e + 1 : e, seen++) {
		struct xp_hit x;
		struct finding *f;
		char *ent, *dir;

		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		ent = xstrndup(p, (size_t)(e - p));
		dir = ent[0] == '/' ? cx_path_fold("/", ent) : h->j.cwd ?
		    cx_path_fold(h->j.cwd, ent[0] ? ent : ".") : NULL;
		free(ent);
		if (dir && xp_control(h->fl->s, dir, &x) == 1) {
			f = fl_add(h, K_MODULE, 0, dir, "module path", "runs "
			    "%s with %s naming %s, where %s can %s modules",
			    script, var, dir, xp_user(h->fl->s),
			    strcmp(x.how, "creatable") == 0 ? "create" :
			    "plant");
			finding_ev_str(f, "variable", var);
			finding_ev_str(f, "script", script);
			fl_close(h, f, dir, 1, &x);
			xp_hit_free(&x);
		}
		free(dir);
	}
}

static const char *
jvar(const struct hop *h, const char *name)
{
	if (h->j.var == NULL)
		return NULL;
	return h->j.var(h->j.ctx, name, strlen(name));
}

/* the directory a module search path starts in, when the user can add
 * files to it: the script's own (Python), "." (old Perl) */
static void
fl_moddir(struct hop *h, const char *script, const char *dir,
    const char *why, int likely)
{
	struct xp_hit x;
	struct finding *f;

	if (dir == NULL || xp_control(h->fl->s, dir, &x) != 1)
		return;
	f = fl_add(h, K_MODULE, likely, dir, "module path", "runs %s, which "
	    "looks for modules %sin %s (%s), where %s can %s files", script,
	    likely ? "" : "first ", dir, why, xp_user(h->fl->s),
	    strcmp(x.how, "creatable") == 0 ? "create" : "add");
	finding_ev_str(f, "script", script);
	fl_close(h, f, dir, 1, &x);
	xp_hit_free(&x);
}

static void
fl_module(struct hop *h, const char *path, enum lang lang, const char *args)
{
	struct xp_hit x;
	const char *v;
	char *dir;
	int own;

	h->fl->modules++;
	/* a script the user controls is reported as such already */
	own = xp_control(h->fl->s, path, &x) == 1;
	xp_hit_free(&x);
	if (own)
		return;
	switch (lang) {
	case L_PYTHON:
		if (!has_short(args ? args : "", "IP") &&
		    ((v = jvar(h, "PYTHONSAFEPATH")) == NULL || !v[0])) {
			dir = path_dirname(path);
			fl_moddir(h, path, dir, "Python's sys.path[0], the "
			    "script's directory", 0);
			free(dir);
		}
		if (!has_short(args ? args : "", "IE") &&
		    (v = jvar(h, "PYTHONPATH")) != NULL)
			fl_libpath(h, path, "PYTHONPATH", v);
		break;
	case L_PERL:
		if (has_short(args ? args : "", "T"))
			break;
		if ((v = jvar(h, "PERL5LIB")) != NULL ||
		    (v = jvar(h, "PERLLIB")) != NULL)
			fl_libpath(h, path, "PERL5LIB", v);
		if (perl_dot(h->fl) || ((v = jvar(h, "PERL_USE_UNSAFE_INC")) &&
		    strcmp(v, "1") == 0))
			fl_moddir(h, path, h->j.cwd, "\".\", last in the "
			    "@INC of a Perl before 5.26: a module not found "
			    "elsewhere", 1);
		break;
	case L_RUBY:
		if ((v = jvar(h, "RUBYLIB")) != NULL)
			fl_libpath(h, path, "RUBYLIB", v);
		break;
	default:
		break;
	}
}

/* --- files ---------------------------------------------------------- */

/* base name without a version: python3.11 -> python */
static enum lang
lang_of(const char *word)
{
	static const char *const shells[] = { "sh", "bash", "dash", "ash",
		"ksh", "mksh", "zsh", "busybox", NULL };
	const char *b = path_basename(word);
	size_t n = strlen(b), i;

	while (n > 1 && ((b[n - 1] >= '0' && b[n - 1] <= '9') ||
	    b[n - 1] == '.'))
		n--;
	for (i = 0; shells[i]; i++)
		if (strlen(shells[i]) == n && memcmp(shells[i], b, n) == 0)
			return L_SHELL;
	if (n == 6 && memcmp(b, "python", 6) == 0)
		return L_PYTHON;
	if (n == 4 && memcmp(b, "perl", 4) == 0)
		return L_PERL;
	if (n == 4 && memcmp(b, "ruby", 4) == 0)
		return L_RUBY;
	return L_OTHER;
}

/*
 * The #! line of buf: the interpreter (a new string) and its one
 * argument (execve(2)); "env NAME" gives NAME (to be looked up in PATH).
 */
static char *
shebang(const char *buf, size_t len, char **arg)
{
	const char *p = buf + 2, *end = memchr(buf, '\n', len);
	char *line, *tok, *save, *interp;

	*arg = NULL;
	if (end == NULL)
		end = buf + len;
	line = xstrndup(p, (size_t)(end - p));
	tok = strtok_r(line, " \t\r", &save);
	if (tok == NULL) {
		free(line);
		return NULL;
	}
	interp = xstrdup(tok);
	if ((tok = strtok_r(NULL, "\r", &save)) != NULL) {
		while (*tok == ' ' || *tok == '\t')
			tok++;
		if (*tok)
			*arg = xstrdup(tok);
	}
	free(line);
	if (strcmp(path_basename(interp), "env") == 0 && *arg) {
		char *a = *arg, *sp;

		/* env [-S] NAME [ARG...] */
		if (strncmp(a, "-S", 2) == 0)
			for (a += 2; *a == ' ' || *a == '\t'; a++)
				;
		free(interp);
		sp = a + strcspn(a, " \t");
		interp = xstrndup(a, (size_t)(sp - a));
		while (*sp == ' ' || *sp == '\t')
			sp++;
		a = *sp ? xstrdup(sp) : NULL;
		free(*arg);
		*arg = a;
	}
	return interp;
}

/* --- scripts read once for every identity ------------------------------ */

/*
 * cx_shell reads a text the same way whenever it is given the same text,
 * working directory and home, and gets the same answers from the job's
 * variables: what it makes of a script does not depend on the identity
 * judged, which only changes what the items lead to. So each reading is
 * kept in a store (check_follow) for the reports run again as every
 * identity the graph reaches, with the variables it asked for and their
 * answers: a later reading is the kept one when the text is the same and
 * each of those variables answers the same again.
 */
#define FM_MAX_VARS	256		/* a reading asking more is not kept */
#define FM_MAX_BYTES	(8u << 20)	/* what the store keeps in all */
#define FM_MAX_KEPT	4		/* readings of one script and place */

struct fm_var {
	char		*name;
	size_t		 n;
	char		*value;		/* NULL: unknown */
};

struct fm_parse {
	char		*text;
	size_t		 len;
	struct fm_var	*vars;
	size_t		 nvars;
	int		 toomany;	/* asked more than FM_MAX_VARS */
	struct cx_list	 l;
	struct fm_parse	*next;		/* another reading of the same key */
	cx_var_fn	 var;		/* while reading: the job's */
	void		*ctx;
};

struct fm_store {
	struct strmap	 map;		/* key -> first struct fm_parse */
	struct fm_parse	**v;		/* every reading kept, to free */
	size_t		 nv;
	size_t		 bytes;
};

static void
fm_parse_free(struct fm_parse *p)
{
	size_t i;

	for (i = 0; i < p->nvars; i++) {
		free(p->vars[i].name);
		free(p->vars[i].value);
	}
	free(p->vars);
	free(p->text);
	cx_list_free(&p->l);
	free(p);
}

static void
fm_store_free(void *priv)
{
	struct fm_store *st = priv;
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nv; i++)
		fm_parse_free(st->v[i]);
	free(st->v);
	strmap_free(&st->map);
	free(st);
}

/* the store: what several families' followers share, for the scan */
const struct check check_follow = {
	.who = { "follow", NULL },
	.free = fm_store_free,
};

/* the job's variable, asked through the reading that keeps the answer */
static const char *
fm_var(void *vctx, const char *name, size_t n)
{
	struct fm_parse *p = vctx;
	const char *v = p->var ? p->var(p->ctx, name, n) : NULL;
	struct fm_var *r;

	if (p->nvars >= FM_MAX_VARS) {
		p->toomany = 1;
		return v;
	}
	p->vars = xgrow(p->vars, p->nvars, sizeof *p->vars);
	r = &p->vars[p->nvars++];
	r->name = xstrndup(name, n);
	r->n = n;
	r->value = v ? xstrdup(v) : NULL;
	return v;
}

/* 1 if reading p is what cx_shell would make of text with options o */
static int
fm_same(const struct fm_parse *p, const char *text, size_t len,
    const struct cx_opts *o)
{
	size_t i;

	if (p->len != len || memcmp(p->text, text, len) != 0)
		return 0;
	for (i = 0; i < p->nvars; i++) {
		const struct fm_var *r = &p->vars[i];
		const char *v = o->var ? o->var(o->ctx, r->name, r->n) : NULL;

		if ((v == NULL) != (r->value == NULL) ||
		    (v != NULL && strcmp(v, r->value) != 0))
			return 0;
	}
	return 1;
}

static char *
fm_key(const char *path, const struct cx_opts *o, size_t *len)
{
	struct buf b = { 0 };

	buf_adds(&b, path);
	buf_addc(&b, '\0');
	buf_adds(&b, o->cwd ? o->cwd : "");
	buf_addc(&b, '\0');
	if (o->home != NULL) {
		buf_addc(&b, 'h');
		buf_adds(&b, o->home);
	}
	buf_str(&b);
	*len = b.len;
	return b.data;
}

/* cx_shell's reading of a script's text, kept in the store when it
 * can be: NULL if the caller owns *l (to free), else the kept one */
static const struct cx_list *
fm_read(struct scan *s, const char *path, const char *text, size_t len,
    const struct cx_opts *o, struct cx_list *l)
{
	void **slot = check_state(s, &check_follow);
	struct fm_store *st = slot ? *slot : NULL;
	struct fm_parse *p, *first = NULL;
	struct cx_opts ro = *o;
	size_t klen, kept = 0, size;
	char *key = fm_key(path, o, &klen);

	if (st != NULL && (first = strmap_getp(&st->map, key, klen)) != NULL)
		for (p = first; p != NULL; p = p->next, kept++)
			if (fm_same(p, text, len, o)) {
				free(key);
				return &p->l;
			}
	if (slot == NULL || kept >= FM_MAX_KEPT) {
		free(key);
		l->args = 1;
		cx_shell(text, len, o, l);
		return NULL;
	}
	p = xcalloc(1, sizeof *p);
	p->var = o->var;
	p->ctx = o->ctx;
	ro.var = fm_var;
	ro.ctx = p;
	p->l.args = 1;
	cx_shell(text, len, &ro, &p->l);
	size = len + sizeof *p + p->nvars * (sizeof *p->vars + 64) +
	    p->l.n * (sizeof *p->l.v + 128) + klen;
	if (st == NULL) {
		st = *slot = xcalloc(1, sizeof *st);
		st->map.copies = 1;
	}
	if (p->toomany || st->bytes + size > FM_MAX_BYTES) {
		*l = p->l;
		memset(&p->l, 0, sizeof p->l);
		fm_parse_free(p);
		free(key);
		return NULL;
	}
	p->text = xmalloc(len + 1);
	memcpy(p->text, text, len);
	p->text[len] = '\0';
	p->len = len;
	p->var = NULL;
	p->ctx = NULL;
	if (first != NULL) {
		p->next = first->next;
		first->next = p;
	} else
		strmap_addp(&st->map, key, klen, p);
	st->v = xgrow(st->v, st->nv, sizeof *st->v);
	st->v[st->nv++] = p;
	st->bytes += size;
	free(key);
	return &p->l;
}

/* a shell script (or sourced file): read it whole and follow what it
 * runs, in the job's working directory and environment */
static void
fl_shell(struct hop *h, const char *path, int sourced)
{
	struct scan *s = h->fl->s;
	struct cx_list own = { 0 };
	const struct cx_list *l;
	struct cx_opts o;
	char *buf;
	size_t len;

	if (scan_read(s, path, &buf, &len) == -1)
		return;
	if (sourced)
		h->fl->sourced++;
	else
		h->fl->scripts++;
	memset(&o, 0, sizeof(o));
	o.cwd = h->j.cwd;
	o.home = h->j.home;
	o.var = h->j.var;
	o.ctx = h->j.ctx;
	if ((l = fm_read(s, path, buf, len, &o, &own)) == NULL)
		l = &own;
	free(buf);
	if (l->incomplete && ++h->fl->partial <= MAX_NOTES) {
		h->fl->notes++;
		report_add_note(s->rep, "%s: %s (%s) was read in part: %s",
		    h->fl->kinds[0].family, path, h->j.origin, l->why ? l->why :
		    "?");
	}
	fl_items(h, l);
	cx_list_free(&own);
}

/* the interpreter a #! line names: a program run as the job's identity */
static void
fl_interp(struct hop *h, const char *interp)
{
	struct look lk;
	char *found;

	if (interp[0] == '/') {
		fl_control(h, interp, "interpreter", "starts its interpreter");
		return;
	}
	/* #!/usr/bin/env NAME: PATH decides */
	lk.h = h;
	lk.name = interp;
	lk.search = h->j.search;
	found = xp_lookup(h->fl->s, interp, h->j.search, h->j.cwd, look_hit,
	    &lk);
	free(found);
}

/*
 * Follow one file the job runs (role): its kind from the interpreter
 * that was handed it (via) or its #! line; a shell script is read and
 * followed one level deeper.
 */
static void
fl_file(struct hop *h, const char *path, enum cx_role role, const char *via)
{
	struct follow *fl = h->fl;
	struct scan *s = fl->s;
	struct hop sub;
	struct stat st;
	char *buf = NULL, *interp = NULL, *arg = NULL, *key;
	size_t len = 0;
	int trunc = 0, added;
	enum lang lang = L_NONE;

	if (h->n >= FOLLOW_MAX_DEPTH) {
		fl->cut_depth++;
		return;
	}
	key = xasprintf("%lu:%s", (unsigned long)h->j.uid, path);
	added = strmap_adds(&fl->seen, key, 0, NULL);
	free(key);
	if (!added)
		return;
	if (*h->jobfiles >= FOLLOW_MAX_PER_JOB ||
	    fl->files >= FOLLOW_MAX_FILES) {
		fl->cut_count++;
		return;
	}
	if (tv_stat(s->tv, path, &st) == -1 || !S_ISREG(st.st_mode))
		return;
	(*h->jobfiles)++;
	fl->files++;
	if (role == CX_SOURCED)
		lang = L_SHELL;
	else if (role == CX_SCRIPT && via)
		lang = lang_of(via);
	if (lang == L_NONE || lang == L_OTHER) {
		if (tv_read(s->tv, path, PEEK_BYTES, &buf, &len, &trunc) == -1)
			return;
		if (len >= 2 && buf[0] == '#' && buf[1] == '!') {
			interp = shebang(buf, len, &arg);
			lang = interp ? lang_of(interp) : L_NONE;
		} else if (lang == L_NONE && (h->j.shell || h->n > 0) &&
		    len > 0 &&
		    memchr(buf, '\0', len) == NULL &&
		    !(len >= 4 && memcmp(buf, "\177ELF", 4) == 0)) {
			/* a text file the shell runs itself (ENOEXEC) */
			lang = L_SHELL;
		}
		free(buf);
	}
	sub = *h;
	sub.chain[++sub.n] = path;
	if (interp)
		fl_interp(&sub, interp);
	if (lang == L_SHELL)
		fl_shell(&sub, path, role == CX_SOURCED);
	else if (lang == L_PYTHON || lang == L_PERL || lang == L_RUBY)
		fl_module(&sub, path, lang, arg);
	free(interp);
	free(arg);
}

/* --- items ---------------------------------------------------------- */

static const char *
role_word(const struct cx_item *it)
{
	if (it->role == CX_PROGRAM)
		return "program";
	if (it->role == CX_SCRIPT)
		return "interpreter argument";
	return cx_role_name(it->role);
}

static void
fl_item(struct hop *h, const struct cx_item *it)
{
	char *t;

	switch (it->role) {
	case CX_REDIRECT:
		if (it->redir_out && it->path && !it->glob)
			fl_write(h, it->path, "redirection");
		return;
	case CX_RUNPARTS:
		if (h->n > 0 && it->path)
			fl_control(h, it->path, "run-parts directory",
			    "runs every program in");
		return;
	default:
		break;
	}
	if (it->role == CX_PROGRAM && it->argv)
		fl_argv(h, it);
	if (it->glob) {
		if (h->n > 0 && it->path)
			fl_control(h, it->path, "pattern directory",
			    "runs files matched in");
		return;
	}
	if (it->bare) {
		fl_lookup(h, it);
		return;
	}
	if (it->path == NULL)
		return;
	t = it->role == CX_SOURCED ? xstrdup("sources") : it->role ==
	    CX_SCRIPT ? xasprintf("hands %s", it->via ? it->via :
	    "its interpreter") : xstrdup("runs");
	if (fl_control(h, it->path, role_word(it), t) == 0)
		fl_file(h, it->path, it->role, it->via);
	free(t);
}

static void
fl_items(struct hop *h, const struct cx_list *l)
{
	struct scan *s = h->fl->s;
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct cx_item *it = &l->v[i];
		struct hop sub = *h;

		if (it->runs_as) {
			/* sudo -u, su, runuser: the rest runs as another */
			const struct pwent *pw = userdb_user_by_name(&s->db,
			    it->runs_as);

			if (pw == NULL || pw->uid == s->user.uid)
				continue;
			sub.j.runs_as = pw->name;
			sub.j.uid = pw->uid;
			sub.j.pw = pw;
		}
		fl_item(&sub, it);
	}
}

void
follow_job(struct follow *fl, const struct fl_job *j,
    const struct cx_list *l)
{
	struct hop h;
	size_t files = 0;

	memset(&h, 0, sizeof(h));
	h.fl = fl;
	h.j = *j;
	h.chain[0] = j->origin;
	h.jobfiles = &files;
	fl->jobs++;
	fl_items(&h, l);
}

static void
follow_one(struct follow *fl, const struct fl_job *j, const char *path,
    enum cx_role role)
{
	struct hop h;
	struct xp_hit x;
	size_t files = 0;
	int own = xp_control(fl->s, path, &x);

	/* a file the user controls is its family's finding already */
	xp_hit_free(&x);
	if (own != 0)
		return;
	memset(&h, 0, sizeof(h));
	h.fl = fl;
	h.j = *j;
	h.chain[0] = j->origin;
	h.jobfiles = &files;
	fl->jobs++;
	fl_file(&h, path, role, NULL);
}

void
follow_file(struct follow *fl, const struct fl_job *j, const char *path)
{
	follow_one(fl, j, path, CX_PROGRAM);
}

void
follow_sourced(struct follow *fl, const struct fl_job *j, const char *path)
{
	follow_one(fl, j, path, CX_SOURCED);
}
