/*
 * writable-path.c: directories root's programs and libraries come from,
 * that the user can write, replace, or create. A PATH directory lets the
 * user plant a command root runs by name at its next cron job, service
 * start, login or sudo (high); a directory the dynamic linker searches
 * for every program lets it replace the libraries setuid programs load
 * (critical); a library /etc/ld.so.preload names is loaded into every
 * program, setuid ones included (critical). One finding per directory,
 * after links are resolved; its evidence lists every source naming it.
 *
 * PATH sources: pam_env's /etc/environment (every PAM session, root's);
 * login.defs ENV_SUPATH (root's PATH after su and login) and ENV_PATH
 * (everyone else's); sudo's secure_path (sudoers(5), through
 * parse/sudoers.c, with @include/@includedir followed); the PATH of
 * each job of /etc/crontab, /etc/cron.d and the spool crontabs (through
 * parse/crontab.c: the last PATH line before the job, or cron's default
 * "/usr/bin:/bin", crontab(5)), root's jobs and other accounts' apart;
 * systemd's fixed PATH for services ("/usr/local/sbin:/usr/local/bin:
 * /usr/sbin:/usr/bin", plus /sbin:/bin on split-/usr builds,
 * systemd.exec(5) "Environment variables in spawned processes"); literal
 * PATH assignments in /etc/profile, /etc/profile.d/ *.sh and root's own
 * startup files.
 *
 * Library sources: glibc's trusted directories (/lib, /usr/lib, /lib64,
 * /usr/lib64 and Debian's multiarch /lib/TRIPLET and /usr/lib/TRIPLET:
 * ld.so(8), searched for every program after the cache), directories of
 * /etc/ld.so.conf and its includes (used through ld.so.cache, rebuilt by
 * ldconfig at every library package install: high, not critical), and
 * on musl the ld-musl-ARCH.path file or musl's default "/lib:
 * /usr/local/lib:/usr/lib" (no cache: searched directly, critical).
 *
 * It reads configuration only; it never runs ldconfig, cron or sudo.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "lib/bounds.h"
#include "parse/crontab.h"
#include "parse/pathconf.h"
#include "parse/sudoers.h"
#include "lib/buf.h"
#include "lib/num.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "lib/str.h"

/* what a directory is to root */
enum {
	USE_ROOT_PATH = 0x01,	/* in a PATH root's programs search */
	USE_USER_PATH = 0x02,	/* in other users' login PATH */
	USE_LIB_TRUSTED = 0x04,	/* glibc trusted directory */
	USE_LIB_CONF = 0x08,	/* ld.so.conf directory (through the cache) */
	USE_LIB_MUSL = 0x10,	/* musl's search path */
	USE_PRELOAD = 0x20,	/* a file ld.so.preload names */
	USE_ACCOUNT_PATH = 0x40, /* in the PATH of another account's jobs */
};

struct wp_dir {
	char		*path;		/* resolved inside the target */
	unsigned	 uses;
	json_t		*sources;	/* strings */
	json_t		*listed_as;	/* names as written, when not path */
	/* the strings of both, for one look-up each: 10k crontabs give
	 * each directory of cron's PATH 10k sources */
	struct strmap	 in_sources, in_listed;
};

struct wp_rel {
	char		*file;
	char		*value;
	unsigned	 line;
	unsigned	 uses;
	char		*what;
};

struct wp {
	struct scan	*s;
	struct wp_dir	*v;
	size_t		 n;
	struct wp_rel	*rel;
	size_t		 nrel;
	char		**seen;		/* ld.so.conf files already read */
	size_t		 nseen;
};

/* The path with every link resolved inside the target, as far as it
 * exists; a missing tail is appended as written (allocated). */
static char *
wp_resolve(struct tv *tv, const char *path)
{
	struct buf out = { NULL, 0, 0 }, rest = { NULL, 0, 0 };
	char target[4096];
	int hops = 0;

	buf_adds(&rest, path);
	buf_adds(&out, "");
	while (rest.len) {
		const char *p = rest.data, *e;
		struct stat st;
		size_t mark = out.len;
		char *tail;
		ssize_t n;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		e = strchr(p, '/');
		if (e == NULL)
			e = p + strlen(p);
		tail = xstrdup(e);
		if ((size_t)(e - p) == 1 && p[0] == '.')
			;
		else if ((size_t)(e - p) == 2 && p[0] == '.' && p[1] == '.') {
			while (out.len && out.data[out.len - 1] != '/')
				out.len--;
			if (out.len)
				out.len--;
			out.data[out.len] = '\0';
		} else {
			buf_addc(&out, '/');
			buf_add(&out, p, (size_t)(e - p));
			if (tv_lstat(tv, out.data, &st) == 0 &&
			    S_ISLNK(st.st_mode) && hops++ < MAX_SYMLINK_HOPS &&
			    (n = tv_readlink(tv, out.data, target,
			    sizeof target - 1)) > 0) {
				target[n] = '\0';
				out.len = target[0] == '/' ? 0 : mark;
				out.data[out.len] = '\0';
				rest.len = 0;
				buf_adds(&rest, "/");
				buf_adds(&rest, target);
				buf_adds(&rest, tail);
				free(tail);
				continue;
			}
		}
		rest.len = 0;
		buf_adds(&rest, tail);
		free(tail);
	}
	buf_free(&rest);
	if (out.len == 0)
		buf_adds(&out, "/");
	return buf_str(&out);
}

static struct wp_dir *
wp_find(struct wp *w, const char *path)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->v[i].path, path) == 0)
			return &w->v[i];
	return NULL;
}

static void
json_add_unique(json_t *a, struct strmap *in, const char *s)
{
	json_t *v;

	if (strmap_gets(in, s) != STRMAP_NONE)
		return;
	v = json_string(s);
	if (json_array_append_new(a, v) == 0 && json_string_value(v))
		/* the array keeps the string where it is: the map's key */
		strmap_adds(in, json_string_value(v), 1, NULL);
}

/* dir (absolute, as written) is used as uses, said by source */
static void
wp_add(struct wp *w, const char *dir, unsigned uses, const char *source)
{
	char *r = wp_resolve(w->s->tv, dir);
	struct wp_dir *d = wp_find(w, r);

	if (d == NULL) {
		w->v = xreallocarray(w->v, w->n + 1, sizeof *w->v);
		d = &w->v[w->n++];
		d->path = r;
		d->uses = 0;
		d->sources = json_array();
		d->listed_as = json_array();
		memset(&d->in_sources, 0, sizeof d->in_sources);
		memset(&d->in_listed, 0, sizeof d->in_listed);
		r = NULL;
	}
	d->uses |= uses;
	json_add_unique(d->sources, &d->in_sources, source);
	if (strcmp(dir, d->path) != 0)
		json_add_unique(d->listed_as, &d->in_listed, dir);
	free(r);
}

/* every item of a parse: directories added, relative PATH elements
 * remembered for their own finding */
static void
wp_add_items(struct wp *w, const struct pathconf *pc, const char *file,
    unsigned uses, const char *what)
{
	size_t i;

	for (i = 0; i < pc->n; i++) {
		const struct pathconf_item *it = &pc->v[i];
		char *src = xasprintf("%s:%u (%s)", file, it->line, what);

		if (it->kind == PC_DIR || (it->kind == PC_FILE &&
		    it->value[0] == '/'))
			wp_add(w, it->value, uses, src);
		else if (it->kind == PC_RELATIVE &&
		    (uses & (USE_ROOT_PATH | USE_USER_PATH |
		    USE_ACCOUNT_PATH))) {
			w->rel = xreallocarray(w->rel, w->nrel + 1,
			    sizeof *w->rel);
			w->rel[w->nrel].file = xstrdup(file);
			w->rel[w->nrel].value = xstrdup(it->value);
			w->rel[w->nrel].line = it->line;
			w->rel[w->nrel].uses = uses;
			w->rel[w->nrel].what = xstrdup(what);
			w->nrel++;
		}
		free(src);
	}
	if (pc->truncated)
		report_add_error(w->s->rep, file, "more than %d entries: the "
		    "rest were not read", PATHCONF_MAX_ITEMS);
}

struct wp_perr {
	struct scan	*s;
	const char	*file;
};

static void
wp_parse_err(void *ctx, unsigned line, const char *why)
{
	struct wp_perr *pe = ctx;

	report_add_error(pe->s->rep, pe->file, "line %u: %s", line, why);
}

typedef size_t (*wp_parser)(struct pathconf *, const char *, size_t,
    parse_err_fn, void *);

/* read file, run parser, add what it found; 0, or -1 if unreadable */
static int
wp_file(struct wp *w, const char *file, wp_parser parse, unsigned uses,
    const char *what)
{
	struct pathconf pc = { 0 };
	struct wp_perr pe = { w->s, file };
	char *buf;
	size_t len;

	if (scan_read(w->s, file, &buf, &len) == -1)
		return -1;
	parse(&pc, buf, len, wp_parse_err, &pe);
	wp_add_items(w, &pc, file, uses, what);
	pathconf_free(&pc);
	free(buf);
	return 0;
}

static int
wp_exists(struct scan *s, const char *path)
{
	struct stat st;

	return tv_stat(s->tv, path, &st) == 0;
}

static void
wp_login_defs(struct wp *w)
{
	static const char file[] = "/etc/login.defs";
	struct pathconf pc = { 0 };
	struct wp_perr pe = { w->s, file };
	char *buf;
	size_t len;

	if (scan_read(w->s, file, &buf, &len) == -1)
		return;
	pathconf_login_defs(&pc, buf, len, "ENV_SUPATH", wp_parse_err, &pe);
	wp_add_items(w, &pc, file, USE_ROOT_PATH, "ENV_SUPATH: root's PATH "
	    "after su and login");
	pathconf_free(&pc);
	pathconf_login_defs(&pc, buf, len, "ENV_PATH", NULL, NULL);
	wp_add_items(w, &pc, file, USE_USER_PATH, "ENV_PATH: every other "
	    "user's PATH at login");
	pathconf_free(&pc);
	free(buf);
}

/* the account a cron job runs as: 1 root, 0 another, with *name */
static int
wp_job_root(struct wp *w, const char *user)
{
	const struct pwent *pw;

	if (user == NULL)
		return 1;
	pw = userdb_user_by_name(&w->s->db, user);
	/* an unknown name: cron refuses the job; count it as root's */
	return pw == NULL || pw->uid == 0;
}

/* The PATH of each job of a crontab (crontab(5): the last PATH line
 * before it, or cron's default "/usr/bin:/bin"), parsed with the cron
 * check's reader (parse/crontab.c). owner: the spool crontab's user,
 * NULL for a system table's user field. */
static void
wp_cron_file(struct wp *w, const char *file, enum cron_format fmt,
    const char *owner)
{
	struct crontab tab = { 0 };
	char *buf;
	size_t len, i, k;

	if (scan_read(w->s, file, &buf, &len) == -1)
		return;
	/* quietly: the cron check reports malformed lines */
	crontab_parse(buf, len, fmt, &tab, NULL, NULL);
	free(buf);
	for (i = 0; i < tab.njobs; i++) {
		const struct cron_job *j = &tab.jobs[i];
		const char *user = fmt == CRON_SYSTEM ? j->user : owner;
		int root = wp_job_root(w, user);
		unsigned uses = root ? USE_ROOT_PATH : USE_ACCOUNT_PATH;
		const struct cron_env *pe = NULL;
		struct pathconf pc = { 0 };
		char *what;

		for (k = j->nenv; k-- > 0;)
			if (strcmp(tab.env[k].name, "PATH") == 0) {
				pe = &tab.env[k];
				break;
			}
		what = xasprintf("PATH of cron jobs run as %s",
		    user ? user : "root");
		if (pe)
			pathconf_split(&pc, pe->value, strlen(pe->value),
			    pe->line, "PATH");
		else {
			/* crontab(5): "PATH is set to /usr/bin:/bin" */
			free(what);
			what = xasprintf("cron's default PATH, for jobs run as "
			    "%s", user ? user : "root");
			pathconf_split(&pc, "/usr/bin:/bin", 13, j->line,
			    NULL);
		}
		wp_add_items(w, &pc, file, uses, what);
		pathconf_free(&pc);
		free(what);
	}
	crontab_free(&tab);
}

static void
wp_cron(struct wp *w)
{
	static const char *const spools[] = {
		"/var/spool/cron/crontabs",	/* Debian cron, busybox */
		"/var/spool/cron",		/* cronie */
		NULL,
	};
	char **names;
	size_t n, i, j;

	enum cron_flavor fl = CRON_FLAVOR_UNKNOWN;

	/* which cron reads /etc/cron.d decides its file names: Debian's
	 * (debian_version), cronie (crond), else the most permissive rule */
	if (wp_exists(w->s, "/etc/debian_version"))
		fl = CRON_FLAVOR_DEBIAN;
	else if (wp_exists(w->s, "/usr/sbin/crond"))
		fl = CRON_FLAVOR_CRONIE;
	wp_cron_file(w, "/etc/crontab", CRON_SYSTEM, NULL);
	if (tv_list(w->s->tv, "/etc/cron.d", &names, &n) == 0) {
		for (i = 0; i < n && i < MAX_DIR_FILES; i++) {
			char *p;

			if (!cron_crond_name_ok(names[i], fl))
				continue;
			p = path_join("/etc/cron.d", names[i]);
			wp_cron_file(w, p, CRON_SYSTEM, NULL);
			free(p);
		}
		tv_list_free(names, n);
	} else if (errno != ENOENT && errno != ENOTDIR)
		scan_errno(w->s, "/etc/cron.d", "cannot list");
	/* spool crontabs: the file name is the user */
	for (i = 0; spools[i]; i++) {
		if (tv_list(w->s->tv, spools[i], &names, &n) == -1)
			continue;
		for (j = 0; j < n && j < MAX_DIR_FILES; j++) {
			const struct pwent *pw =
			    userdb_user_by_name(&w->s->db, names[j]);
			struct stat st;
			char *p;

			if (pw == NULL || pw->uid == w->s->user.uid)
				continue;
			p = path_join(spools[i], names[j]);
			if (tv_stat(w->s->tv, p, &st) == 0 &&
			    S_ISREG(st.st_mode))
				wp_cron_file(w, p, CRON_USER, names[j]);
			free(p);
		}
		tv_list_free(names, n);
	}
}

static void
wp_systemd(struct wp *w)
{
	/* systemd.exec(5): the PATH the system manager gives services */
	static const char *const dirs[] = {
		"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
		"/sbin", "/bin", NULL,
	};
	size_t i;

	if (!wp_exists(w->s, "/usr/lib/systemd/systemd") &&
	    !wp_exists(w->s, "/lib/systemd/systemd"))
		return;
	for (i = 0; dirs[i]; i++)
		wp_add(w, dirs[i], USE_ROOT_PATH, "systemd's PATH for every "
		    "service (systemd.exec(5))");
}

static void
wp_shell_files(struct wp *w)
{
	static const char *const files[] = {
		"/etc/profile", "/root/.profile", "/root/.bash_profile",
		"/root/.bashrc", NULL,
	};
	char **names;
	size_t n, i;

	for (i = 0; files[i]; i++)
		wp_file(w, files[i], pathconf_shell, USE_ROOT_PATH,
		    i == 0 ? "a PATH /etc/profile may set in login shells, "
		    "root's included" :
		    "root's shell startup file");
	if (tv_list(w->s->tv, "/etc/profile.d", &names, &n) == -1)
		return;
	for (i = 0; i < n && i < MAX_DIR_FILES; i++) {
		char *p;

		if (!has_suffix(names[i], ".sh"))
			continue;
		p = path_join("/etc/profile.d", names[i]);
		wp_file(w, p, pathconf_shell, USE_ROOT_PATH, "sourced by "
		    "/etc/profile in login shells, root's included");
		free(p);
	}
	tv_list_free(names, n);
}

/* sudo's secure_path: the last global value, and every bound one */
struct wp_sp {
	char		*value;
	char		*source;
};

struct wp_sudo {
	struct wp	*w;
	struct wp_sp	 global;
	struct wp_sp	*bound;
	size_t		 nbound;
	int		 files;
};

static void	wp_sudoers_file(struct wp_sudo *, const char *, int);

static void
wp_sudoers_include(struct wp_sudo *sd, const char *from,
    const struct sudo_include *inc, int depth)
{
	char *dir, *path, **names;
	size_t n, i;

	/* %h needs the host name; the sudo check reports what it can */
	if (strstr(inc->path, "%h"))
		return;
	if (inc->path[0] == '/')
		path = xstrdup(inc->path);
	else {
		dir = path_dirname(from);
		path = path_join(dir, inc->path);
		free(dir);
	}
	if (!inc->isdir) {
		wp_sudoers_file(sd, path, depth + 1);
		free(path);
		return;
	}
	if (tv_list(sd->w->s->tv, path, &names, &n) == 0) {
		for (i = 0; i < n && i < MAX_DIR_FILES; i++) {
			char *p;

			/* sudoers(5) @includedir: names ending in '~' or
			 * holding a '.' are skipped */
			if (has_suffix(names[i], "~") || strchr(names[i], '.'))
				continue;
			p = path_join(path, names[i]);
			wp_sudoers_file(sd, p, depth + 1);
			free(p);
		}
		tv_list_free(names, n);
	}
	free(path);
}

static void
wp_sudoers_file(struct wp_sudo *sd, const char *path, int depth)
{
	struct sudoers su = { 0 };
	char *buf;
	size_t len, i, j;
	struct stat st;
	int trunc = 0;

	if (depth > MAX_INCLUDE_DEPTH || sd->files >= MAX_DIR_FILES)
		return;
	if (tv_stat(sd->w->s->tv, path, &st) == -1 || !S_ISREG(st.st_mode))
		return;
	sd->files++;
	/* quietly: the sudo check reports sudoers' own errors */
	if (tv_read(sd->w->s->tv, path, MAX_FILE_BYTES, &buf, &len,
	    &trunc) == -1)
		return;
	sudoers_parse(buf, len, path, &su, NULL, NULL);
	free(buf);
	for (i = 0; i < su.n; i++) {
		const struct sudo_entry *e = &su.v[i];

		if (e->kind == SE_INCLUDE) {
			wp_sudoers_include(sd, path, &e->u.include, depth);
			continue;
		}
		if (e->kind != SE_DEFAULTS)
			continue;
		for (j = 0; j < e->u.defaults.nparams; j++) {
			const struct sudo_param *pm = &e->u.defaults.params[j];
			struct wp_sp *sp;

			if (strcmp(pm->name, "secure_path") != 0 ||
			    pm->negated || pm->value == NULL)
				continue;
			if (e->u.defaults.type == SD_ALL) {
				sp = &sd->global;
				free(sp->value);
				free(sp->source);
			} else {
				sd->bound = xreallocarray(sd->bound,
				    sd->nbound + 1, sizeof *sd->bound);
				sp = &sd->bound[sd->nbound++];
			}
			sp->value = xstrdup(pm->value);
			sp->source = xasprintf("%s:%u", path, e->line);
		}
	}
	sudoers_free(&su);
}

static void
wp_sp_add(struct wp *w, const struct wp_sp *sp)
{
	struct pathconf pc = { 0 };
	char *file, *colon;
	unsigned long line = 0;

	if (sp->value == NULL)
		return;
	file = xstrdup(sp->source);
	colon = strrchr(file, ':');
	if (colon) {
		*colon = '\0';
		(void)parse_ulong(colon + 1, ~0u, &line);
	}
	pathconf_split(&pc, sp->value, strlen(sp->value), (unsigned)line,
	    "secure_path");
	wp_add_items(w, &pc, file, USE_ROOT_PATH, "sudo's secure_path: the "
	    "PATH of every command run through sudo");
	pathconf_free(&pc);
	free(file);
}

static void
wp_sudo(struct wp *w)
{
	struct wp_sudo sd = { w, { NULL, NULL }, NULL, 0, 0 };
	size_t i;

	wp_sudoers_file(&sd, "/etc/sudoers", 0);
	wp_sp_add(w, &sd.global);
	for (i = 0; i < sd.nbound; i++)
		wp_sp_add(w, &sd.bound[i]);
	free(sd.global.value);
	free(sd.global.source);
	for (i = 0; i < sd.nbound; i++) {
		free(sd.bound[i].value);
		free(sd.bound[i].source);
	}
	free(sd.bound);
}

static int
wp_glob_chars(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static void	wp_ldso_file(struct wp *, const char *, int);

/* ldconfig's include: glob(3) the pattern, relative to the including
 * file's directory (elf/ldconfig.c parse_conf_include); only the last
 * component may hold wildcards here */
static void
wp_ldso_include(struct wp *w, const char *from, const char *pattern,
    int depth)
{
	char *full, *dir, **names;
	const char *base;
	size_t n, i;

	if (pattern[0] == '/')
		full = xstrdup(pattern);
	else {
		dir = path_dirname(from);
		full = path_join(dir, pattern);
		free(dir);
	}
	dir = path_dirname(full);
	base = path_basename(full);
	if (wp_glob_chars(dir)) {
		report_add_error(w->s->rep, from, "include %s: wildcards in a "
		    "directory part are not followed", pattern);
		goto out;
	}
	if (!wp_glob_chars(base)) {
		wp_ldso_file(w, full, depth + 1);
		goto out;
	}
	if (tv_list(w->s->tv, dir, &names, &n) == -1) {
		if (errno != ENOENT && errno != ENOTDIR)
			scan_errno(w->s, dir, "cannot list");
		goto out;
	}
	for (i = 0; i < n && i < MAX_DIR_FILES; i++) {
		char *p;

		/* glob(3) without GLOB_PERIOD: '*' skips dot files */
		if (fnmatch(base, names[i], FNM_PERIOD) != 0)
			continue;
		p = path_join(dir, names[i]);
		wp_ldso_file(w, p, depth + 1);
		free(p);
	}
	tv_list_free(names, n);
out:
	free(dir);
	free(full);
}

static void
wp_ldso_file(struct wp *w, const char *file, int depth)
{
	struct pathconf pc = { 0 };
	struct wp_perr pe = { w->s, file };
	char *buf;
	size_t len, i;

	if (depth > MAX_INCLUDE_DEPTH) {
		report_add_error(w->s->rep, file, "includes nested deeper than "
		    "%d: not read", MAX_INCLUDE_DEPTH);
		return;
	}
	for (i = 0; i < w->nseen; i++)
		if (strcmp(w->seen[i], file) == 0)
			return;		/* an include loop */
	w->seen = xreallocarray(w->seen, w->nseen + 1, sizeof *w->seen);
	w->seen[w->nseen++] = xstrdup(file);
	if (scan_read(w->s, file, &buf, &len) == -1)
		return;
	pathconf_ldso_conf(&pc, buf, len, wp_parse_err, &pe);
	free(buf);
	wp_add_items(w, &pc, file, USE_LIB_CONF, "ld.so.conf: in "
	    "ld.so.cache after ldconfig");
	for (i = 0; i < pc.n; i++)
		if (pc.v[i].kind == PC_INCLUDE)
			wp_ldso_include(w, file, pc.v[i].value, depth);
	pathconf_free(&pc);
}

/* glibc's trusted directories, with Debian's multiarch ones, or musl's */
static void
wp_libs(struct wp *w)
{
	static const char *const trusted[] = {
		"/lib", "/usr/lib", "/lib64", "/usr/lib64", NULL,
	};
	char **names;
	size_t n, i, j;
	char *musl = NULL;

	/* musl: /lib/ld-musl-ARCH.so.1 */
	if (tv_list(w->s->tv, "/lib", &names, &n) == 0) {
		for (i = 0; i < n; i++)
			if (strncmp(names[i], "ld-musl-", 8) == 0 &&
			    has_suffix(names[i], ".so.1") && musl == NULL)
				musl = xstrndup(names[i] + 8,
				    strlen(names[i]) - 8 - 5);
		tv_list_free(names, n);
	}
	if (musl) {
		char *pf = xasprintf("/etc/ld-musl-%s.path", musl);

		if (wp_file(w, pf, pathconf_musl_path, USE_LIB_MUSL,
		    "musl's library path") == -1) {
			/* musl ldso/dynlink.c: the default sys_path */
			static const char *const def[] = {
				"/lib", "/usr/local/lib", "/usr/lib", NULL,
			};

			for (i = 0; def[i]; i++)
				wp_add(w, def[i], USE_LIB_MUSL, "musl's default "
				    "library path (no /etc/ld-musl-*.path)");
		}
		free(pf);
		free(musl);
		return;
	}
	for (i = 0; trusted[i]; i++) {
		if (!wp_exists(w->s, trusted[i]))
			continue;
		wp_add(w, trusted[i], USE_LIB_TRUSTED, "a trusted directory of "
		    "the dynamic linker (ld.so(8))");
		if (i > 1 || tv_list(w->s->tv, trusted[i], &names, &n) == -1)
			continue;
		for (j = 0; j < n; j++) {
			char *p;
			struct stat st;

			/* Debian multiarch: x86_64-linux-gnu, ... */
			if (fnmatch("*-linux-*", names[j], 0) != 0)
				continue;
			p = path_join(trusted[i], names[j]);
			if (tv_stat(w->s->tv, p, &st) == 0 &&
			    S_ISDIR(st.st_mode))
				wp_add(w, p, USE_LIB_TRUSTED, "a multiarch "
				    "directory the dynamic linker trusts");
			free(p);
		}
		tv_list_free(names, n);
	}
	wp_ldso_file(w, "/etc/ld.so.conf", 0);
}

static enum severity
wp_sev(unsigned uses, const char **why)
{
	if (uses & USE_PRELOAD) {
		*why = "/etc/ld.so.preload loads it into every program, setuid "
		    "ones included";
		return SEV_CRITICAL;
	}
	if (uses & USE_LIB_TRUSTED) {
		*why = "the dynamic linker loads libraries from it for every "
		    "program, setuid ones included";
		return SEV_CRITICAL;
	}
	if (uses & USE_LIB_MUSL) {
		*why = "musl's loader searches it for every program's "
		    "libraries, setuid ones included";
		return SEV_CRITICAL;
	}
	if (uses & USE_ROOT_PATH) {
		*why = "it is in root's PATH: a command put there runs as root "
		    "the next time root (a cron job, a service, a login, "
		    "sudo) runs that name";
		return SEV_HIGH;
	}
	if (uses & USE_LIB_CONF) {
		*why = "ld.so.conf lists it: its libraries are loaded through "
		    "ld.so.cache, and a new one shadows the system's after "
		    "root's next ldconfig (any library package install)";
		return SEV_HIGH;
	}
	if (uses & USE_USER_PATH) {
		*why = "it is in every other user's login PATH: a command put "
		    "there runs as whoever next types that name";
		return SEV_HIGH;
	}
	*why = "it is in the PATH of cron jobs another account runs: a "
	    "command put there runs as that account";
	return SEV_HIGH;
}

static json_t *
wp_uses_json(unsigned uses)
{
	json_t *a = json_array();

	if (uses & USE_ROOT_PATH)
		json_array_append_new(a, json_string("root PATH"));
	if (uses & USE_USER_PATH)
		json_array_append_new(a, json_string("users' PATH"));
	if (uses & USE_LIB_TRUSTED)
		json_array_append_new(a, json_string("trusted library "
		    "directory"));
	if (uses & USE_LIB_CONF)
		json_array_append_new(a, json_string("ld.so.conf directory"));
	if (uses & USE_LIB_MUSL)
		json_array_append_new(a, json_string("musl library path"));
	if (uses & USE_PRELOAD)
		json_array_append_new(a, json_string("ld.so.preload library"));
	if (uses & USE_ACCOUNT_PATH)
		json_array_append_new(a, json_string("another account's cron "
		    "PATH"));
	return a;
}

static void
wp_eval(struct wp *w, struct wp_dir *d)
{
	struct scan *s = w->s;
	const char *how = NULL, *why, *wit;
	enum severity sev;
	struct finding *f;
	struct stat st;
	int exists, r, is_file = (d->uses & USE_PRELOAD) != 0;

	exists = tv_stat(s->tv, d->path, &st) == 0;
	if (!exists) {
		if (errno != ENOENT && errno != ENOTDIR) {
			scan_errno(s, d->path, "cannot stat");
			return;
		}
		r = access_can_replace(s->acc, d->path);
		how = "creatable";
	} else {
		if (!is_file && !S_ISDIR(st.st_mode))
			return;		/* a PATH entry naming a file */
		r = access_can_modify(s->acc, d->path, &how);
	}
	if (r == ACC_UNKNOWN) {
		scan_errno(s, d->path, "cannot evaluate access");
		return;
	}
	if (r != ACC_YES)
		return;
	sev = wp_sev(d->uses, &why);
	wit = strcmp(how, "writable") != 0 ? access_last_witness(s->acc) :
	    NULL;
	f = report_add(s->rep, &check_writable_path.who, sev,
	    (d->uses & (USE_ROOT_PATH | USE_LIB_TRUSTED | USE_PRELOAD)) ?
	    0.8 : 0.5, d->path, "", "%s %s is %s by %s: %s",
	    is_file ? "library" : "directory", d->path, how,
	    s->user.name ? s->user.name : "the user", why);
	finding_ev_str(f, "how", how);
	/* root runs what is put there at its next lookup or load */
	if (sev >= SEV_HIGH)
		finding_grant(f, GRANT_ROOT, 0, NULL, sev == SEV_CRITICAL ?
		    WAIT_NOW : WAIT_PERIODIC, sev == SEV_CRITICAL);
	finding_ev_json(f, "uses", wp_uses_json(d->uses));
	finding_ev_json(f, "sources", json_incref(d->sources));
	if (json_array_size(d->listed_as))
		finding_ev_json(f, "listed_as", json_incref(d->listed_as));
	if (exists) {
		finding_ev_mode(f, "mode", st.st_mode);
		finding_ev_int(f, "uid", (long long)st.st_uid);
		finding_ev_int(f, "gid", (long long)st.st_gid);
	}
	if (wit)
		finding_ev_str(f, "writable_directory", wit);
	if (wit)
		finding_set_remediation(f, "chown root:root '%s'; chmod go-w "
		    "'%s'", wit, wit);
	else if (exists && st.st_uid != 0)
		finding_set_remediation(f, "chown root:root '%s'; chmod go-w "
		    "'%s'; setfacl -b '%s'", d->path, d->path, d->path);
	else
		finding_set_remediation(f, "chmod go-w '%s'; setfacl -b '%s'",
		    d->path, d->path);
	finding_close(f, CLOSE_WRITE, d->path);
	/* one cause with what cron and systemd find through it */
	if (wit)
		finding_one_cause(f, "write %s", wit);
	else if (exists && !is_file)
		finding_one_cause(f, "write %s", d->path);
	finding_watch(s->rep, f, exists ? d->path : (wit ? wit : d->path),
	    exists ? !is_file : 1, "wa");
}

static void
wp_relative(struct wp *w, const struct wp_rel *rl)
{
	struct finding *f;
	char *cause = xasprintf("relative:%s:%s", rl->what, rl->value);
	const char *shown = rl->value[0] ? rl->value : "(empty)";

	f = report_add(w->s->rep, &check_writable_path.who, SEV_MEDIUM,
	    (rl->uses & USE_ROOT_PATH) ? 0.6 : 0.3, rl->file, cause,
	    "%s line %u puts the relative element '%s' in %s: a command "
	    "looked up there runs from whatever directory it is started in, "
	    "one the user may control", rl->file, rl->line, shown,
	    (rl->uses & USE_ROOT_PATH) ? "root's PATH" :
	    (rl->uses & USE_USER_PATH) ? "users' PATH" :
	    "another account's PATH");
	finding_ev_str(f, "element", rl->value);
	finding_ev_int(f, "line", rl->line);
	finding_ev_str(f, "source", rl->what);
	finding_set_remediation(f, "edit %s line %u: remove '%s' from PATH",
	    rl->file, rl->line, shown);
	free(cause);
}

static void
wp_preload(struct wp *w)
{
	wp_file(w, "/etc/ld.so.preload", pathconf_preload, USE_PRELOAD,
	    "ld.so.preload");
}

static int
wp_report(struct scan *s, void **priv)
{
	struct wp w;
	size_t i, j;

	(void)priv;
	if (s->user.uid == 0)
		return 0;
	memset(&w, 0, sizeof w);
	w.s = s;
	wp_file(&w, "/etc/environment", pathconf_environment, USE_ROOT_PATH,
	    "pam_env: every PAM session, root's included");
	wp_login_defs(&w);
	wp_sudo(&w);
	wp_cron(&w);
	wp_systemd(&w);
	wp_shell_files(&w);
	wp_libs(&w);
	wp_preload(&w);
	for (i = 0; i < w.n; i++)
		wp_eval(&w, &w.v[i]);
	/* one finding per file and element */
	for (i = 0; i < w.nrel; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(w.rel[j].file, w.rel[i].file) == 0 &&
			    strcmp(w.rel[j].value, w.rel[i].value) == 0 &&
			    strcmp(w.rel[j].what, w.rel[i].what) == 0)
				break;
		if (j == i)
			wp_relative(&w, &w.rel[i]);
	}
	for (i = 0; i < w.n; i++) {
		free(w.v[i].path);
		json_decref(w.v[i].sources);
		json_decref(w.v[i].listed_as);
		strmap_free(&w.v[i].in_sources);
		strmap_free(&w.v[i].in_listed);
	}
	free(w.v);
	for (i = 0; i < w.nrel; i++) {
		free(w.rel[i].file);
		free(w.rel[i].value);
		free(w.rel[i].what);
	}
	free(w.rel);
	for (i = 0; i < w.nseen; i++)
		free(w.seen[i]);
	free(w.seen);
	return 0;
}

const struct check check_writable_path = {
	.who = { "writable-path", "writable-path" },
	.report = wp_report,
};
