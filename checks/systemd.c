/*
 * systemd.c: the systemd family. System units (.service, .socket, .timer,
 * .path) found in the unit search path with their drop-ins applied;
 * reported when the user can write or replace a search-path directory, a
 * unit file, a drop-in directory or file, or what a unit that runs as
 * another user executes or reads as its environment. What root runs
 * from an enabled timer is critical (periodic, unattended); otherwise a
 * unit needs a start, a restart or a boot: "high" at most (report
 * contract), "medium" when nothing enables it. Reads the target through
 * the scan; never asks systemd or runs anything.
 *
 * Sources: systemd.unit(5) ("Unit File Load Path", drop-ins, masking with
 * /dev/null or an empty file, .wants/.requires/.upholds), systemd.service(5)
 * ("Command lines", the executable prefixes, the fixed search path for a
 * bare executable name, PermissionsStartOnly=), systemd.exec(5) (User=,
 * DynamicUser=, EnvironmentFile=, WorkingDirectory=, RootDirectory=, the
 * default $PATH), systemd.socket(5), systemd.timer(5), systemd.path(5).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "known/surfaces.h"
#include "checks/execpath.h"
#include "checks/live.h"
#include "lib/bounds.h"
#include "parse/cmdexec.h"
#include "parse/unitfile.h"
#include "lib/buf.h"
#include "lib/num.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "lib/strmap.h"
#include "lib/str.h"


/* systemd.unit(5) "System Unit Search Path", highest priority first:
 * known_unit_dirs (known/surfaces.c, which events read too) */
#define NSEARCH		KNOWN_UNIT_DIRS
#define search_dir(i)	(known_unit_dirs[i].path)

/* systemd.service(5): a bare executable name is looked up in a fixed
 * path; systemd.exec(5): the $PATH services get */
#define EXEC_SEARCH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:" \
	"/sbin:/bin"
#define DEFAULT_PATH EXEC_SEARCH

/* drop-ins applied to one unit; more are a hostile tree */
#define MAX_DROPINS	256

struct sd_dir {
	int		 present;
	char		**names;	/* sorted */
	size_t		 n;
};

struct sd_unit {
	char		*name;
	char		*path;		/* as found in the search path */
	int		 masked;
	struct unit_view v;
	char		**deps;		/* Wants=, Requires=, ... */
	size_t		 ndeps;
	char		**dropin_dirs;	/* existing drop-in directories */
	size_t		 ndropin_dirs;
	char		*enabled_by;	/* NULL: nothing starts it */
	int		 periodic;	/* an enabled timer starts it */
};

/* a drop-in read once for every unit it applies to (service.d/,
 * a-.service.d/, a template's directory) */
struct parsed {
	struct unit_file	 uf;
	int			 ok;
};

/* a drop-in or drop-in directory several units read (service.d/,
 * a-.service.d/, a template's): looked at once, reported once */
struct shared_cfg {
	char		*path;
	const char	*what;
	int		 controlled;
	struct xp_hit	 h;
	size_t		 nunits;
	char		*first;		/* the first unit, for evidence */
	int		 exec_enabled;	/* an enabled service or socket */
	int		 exec_any;
	int		 any_enabled;
};

struct sd {
	struct scan	*s;
	struct sd_dir	 dirs[NSEARCH];
	struct sd_unit	*u;
	size_t		 nu;
	struct strmap	 byname;	/* unit name -> index in u */
	char		**alias;	/* pairs: alias name, real name */
	size_t		 nalias;
	struct strmap	 aliases;	/* alias name -> index in alias */
	char		**links;	/* names in *.wants etc. */
	char		**link_dirs;	/* the directory each is in */
	size_t		 nlinks;
	struct {
		char	*path;
		char	**names;
		size_t	 n;
	}		*cache;		/* drop-in directory listings */
	size_t		 ncache;
	struct strmap	 cached;	/* path -> index in cache */
	struct shared_cfg *sh;
	size_t		 nsh;
	struct strmap	 shmap;		/* path -> index in sh */
	struct parsed	*pf;		/* shared drop-ins, parsed once */
	size_t		 npf;
	struct strmap	 parsed;	/* path -> index in pf */
};

static int
has_name(const struct sd_dir *d, const char *name)
{
	return d->present && d->n && bsearch(&name, d->names, d->n,
	    sizeof(char *), cmp_strp) != NULL;
}

static void
sd_watch(struct sd *d, struct finding *f, const char *path, int is_dir)
{
	scan_deny_write(d->s, f, path);
	finding_watch(d->s->rep, f, path, is_dir, "wa");
}

/* --- discovery ------------------------------------------------------- */

static void
sd_dirs(struct sd *d)
{
	struct stat seen[NSEARCH];
	size_t i, j;

	for (i = 0; i < NSEARCH; i++) {
		struct stat st;

		if (tv_stat(d->s->tv, search_dir(i), &st) == -1 ||
		    !S_ISDIR(st.st_mode)) {
			memset(&seen[i], 0, sizeof(seen[i]));
			continue;
		}
		seen[i] = st;
		/* /lib -> usr/lib: the same directory once */
		for (j = 0; j < i; j++)
			if (d->dirs[j].present && seen[j].st_dev == st.st_dev &&
			    seen[j].st_ino == st.st_ino)
				break;
		if (j < i)
			continue;
		if (tv_list(d->s->tv, search_dir(i), &d->dirs[i].names,
		    &d->dirs[i].n) == -1) {
			scan_errno(d->s, search_dir(i), "cannot list");
			continue;
		}
		if (d->dirs[i].n)
			qsort(d->dirs[i].names, d->dirs[i].n, sizeof(char *),
			    cmp_strp);
		d->dirs[i].present = 1;
	}
}

/* A search-path directory the user controls: any unit file put there
 * is loaded at the next daemon-reload or boot. */
static void
sd_check_dirs(struct sd *d)
{
	size_t i;

	for (i = 0; i < NSEARCH; i++) {
		struct xp_hit h;
		struct finding *f;
		char *parent;
		struct stat st;

		parent = path_dirname(search_dir(i));
		/* a missing directory matters if the user can create it */
		if (!d->dirs[i].present && (tv_stat(d->s->tv, search_dir(i),
		    &st) == 0 || tv_stat(d->s->tv, parent, &st) == -1)) {
			free(parent);
			continue;
		}
		free(parent);
		if (xp_control(d->s, search_dir(i), &h) != 1)
			continue;
		f = report_add(d->s->rep, &check_systemd.who, SEV_HIGH, 0.85,
		    search_dir(i), "search-path", "systemd unit directory "
		    "%s is %s by %s: a unit placed there runs as root at the "
		    "next boot or daemon-reload", search_dir(i), h.how,
		    xp_user(d->s));
		xp_evidence(f, &h);
		xp_remedy(f, search_dir(i), &h, NULL);
		sd_watch(d, f, search_dir(i), 1);
		xp_hit_free(&h);
	}
}

static void
add_link(struct sd *d, const char *name, const char *where)
{
	if (d->nlinks >= MAX_DIR_FILES)
		return;
	if ((d->nlinks & (d->nlinks - 1)) == 0) {
		size_t cap = d->nlinks ? d->nlinks * 2 : 1;

		d->links = xreallocarray(d->links, cap, sizeof(char *));
		d->link_dirs = xreallocarray(d->link_dirs, cap,
		    sizeof(char *));
	}
	d->links[d->nlinks] = xstrdup(name);
	d->link_dirs[d->nlinks] = xstrdup(where);
	d->nlinks++;
}

/* Names symlinked into *.wants/, *.requires/, *.upholds/: enabled. */
static void
sd_links(struct sd *d)
{
	size_t i, j, k;

	for (i = 0; i < NSEARCH; i++) {
		if (!d->dirs[i].present)
			continue;
		for (j = 0; j < d->dirs[i].n; j++) {
			const char *nm = d->dirs[i].names[j];
			char *p, **names;
			size_t n;

			if (!has_suffix(nm, ".wants") &&
			    !has_suffix(nm, ".requires") &&
			    !has_suffix(nm, ".upholds"))
				continue;
			p = path_join(search_dir(i), nm);
			if (tv_list(d->s->tv, p, &names, &n) == 0) {
				for (k = 0; k < n && k < MAX_DIR_FILES; k++)
					add_link(d, names[k], p);
				tv_list_free(names, n);
			}
			free(p);
		}
	}
}

static void
add_alias(struct sd *d, const char *alias, const char *real)
{
	if (d->nalias >= 2 * MAX_DIR_FILES ||
	    !strmap_adds(&d->aliases, alias, d->nalias, NULL))
		return;
	d->alias = xreallocarray(d->alias, d->nalias + 2, sizeof(char *));
	d->alias[d->nalias++] = xstrdup(alias);
	d->alias[d->nalias++] = xstrdup(real);
}

/* the real name behind an alias, or name */
static const char *
dealias(const struct sd *d, const char *name)
{
	size_t i = strmap_gets(&d->aliases, name);

	return i == STRMAP_NONE ? name : d->alias[i + 1];
}

static struct sd_unit *
find_unit(struct sd *d, const char *name)
{
	size_t i = strmap_gets(&d->byname, name);

	return i == STRMAP_NONE ? NULL : &d->u[i];
}

/* Every unit of the four types, the first of a name in search order. */
static void
sd_units(struct sd *d)
{
	struct strmap ids = { .copies = 1 };
	size_t i, j;

	for (i = 0; i < NSEARCH; i++) {
		if (!d->dirs[i].present)
			continue;
		for (j = 0; j < d->dirs[i].n; j++) {
			const char *nm = d->dirs[i].names[j];
			struct sd_unit *u;
			struct stat st, lst;
			char *p, target[4096];
			ssize_t tl;
			int masked = 0;

			if (unit_type_of(nm) == UNIT_OTHER || find_unit(d, nm))
				continue;
			if (d->nu >= MAX_DIR_FILES)
				break;
			p = path_join(search_dir(i), nm);
			if (tv_lstat(d->s->tv, p, &lst) == -1) {
				free(p);
				continue;
			}
			if (S_ISLNK(lst.st_mode) && (tl = tv_readlink(d->s->tv,
			    p, target, sizeof(target) - 1)) > 0) {
				const char *tb;

				target[tl] = '\0';
				tb = path_basename(target);
				if (strcmp(target, "/dev/null") == 0) {
					masked = 1;
				} else if (strcmp(tb, nm) != 0 &&
				    unit_type_of(tb) == unit_type_of(nm)) {
					/* an alias (Alias=): the unit loads
					 * under its real name */
					add_alias(d, nm, tb);
					free(p);
					continue;
				}
			}
			if (!masked && (tv_stat(d->s->tv, p, &st) == -1 ||
			    !S_ISREG(st.st_mode))) {
				free(p);
				continue;
			}
			if (!masked && st.st_size == 0)
				masked = 1;	/* an empty file masks too */
			/* the same file under a second name: seen already */
			if (!masked) {
				char key[64];

				snprintf(key, sizeof(key), "%llu:%llu",
				    (unsigned long long)st.st_dev,
				    (unsigned long long)st.st_ino);
				if (!strmap_adds(&ids, key, 0, NULL)) {
					free(p);
					continue;
				}
			}
			if ((d->nu & (d->nu - 1)) == 0)
				d->u = xreallocarray(d->u, d->nu ? d->nu * 2 :
				    1, sizeof(*d->u));
			strmap_adds(&d->byname, nm, d->nu, NULL);
			u = &d->u[d->nu++];
			memset(u, 0, sizeof(*u));
			u->name = xstrdup(nm);
			u->path = p;
			u->masked = masked;
		}
	}
	strmap_free(&ids);
}

static const char *const *
cached_list(struct sd *d, const char *path, size_t *n)
{
	size_t i = strmap_gets(&d->cached, path);

	if (i != STRMAP_NONE) {
		*n = d->cache[i].n;
		return (const char *const *)d->cache[i].names;
	}
	strmap_adds(&d->cached, path, d->ncache, NULL);
	if ((d->ncache & (d->ncache - 1)) == 0)
		d->cache = xreallocarray(d->cache, d->ncache ? d->ncache * 2 :
		    1, sizeof(*d->cache));
	d->cache[d->ncache].path = xstrdup(path);
	if (tv_list(d->s->tv, path, &d->cache[d->ncache].names,
	    &d->cache[d->ncache].n) == -1) {
		scan_errno(d->s, path, "cannot list");
		d->cache[d->ncache].names = NULL;
		d->cache[d->ncache].n = 0;
	}
	*n = d->cache[d->ncache].n;
	if (*n > MAX_DROPINS)
		report_add_error(d->s->rep, path, "%zu entries: only the first "
		    "%d drop-ins are read", *n, MAX_DROPINS);
	return (const char *const *)d->cache[d->ncache++].names;
}

struct dropin {
	char	*base;
	char	*path;
	int	 shared;
};

static int
cmp_dropin(const void *a, const void *b)
{
	return strcmp(((const struct dropin *)a)->base,
	    ((const struct dropin *)b)->base);
}

struct perr {
	struct sd	*d;
	const char	*file;
};

static void
on_parse_error(void *ctx, unsigned line, const char *why)
{
	struct perr *pe = ctx;

	report_add_error(pe->d->s->rep, pe->file, "line %u: %s", line, why);
}

/* [Unit] dependencies that pull a unit in when this one starts */
static void
collect_deps(struct sd_unit *u, const struct unit_file *uf)
{
	static const char *const keys[] = { "Wants", "Requires", "Requisite",
		"BindsTo", "Upholds", NULL };
	size_t i, k;

	for (i = 0; i < uf->n; i++) {
		char **w;
		size_t n, j;
		const char *why;

		if (strcmp(uf->kv[i].section, "Unit") != 0)
			continue;
		for (k = 0; keys[k]; k++)
			if (strcmp(uf->kv[i].key, keys[k]) == 0)
				break;
		if (keys[k] == NULL || unit_split(uf->kv[i].value, &w, &n,
		    &why) == -1)
			continue;
		for (j = 0; j < n && u->ndeps < 1024; j++) {
			u->deps = xreallocarray(u->deps, u->ndeps + 1,
			    sizeof(char *));
			u->deps[u->ndeps++] = w[j];
			w[j] = NULL;
		}
		unit_names_free(w, n);
	}
}

static const struct unit_file *
read_unit_file(struct sd *d, const char *path, struct unit_file *own)
{
	struct perr pe = { d, path };
	char *buf, target[16];
	size_t len;
	ssize_t tl;

	memset(own, 0, sizeof(*own));
	/* a drop-in linked to /dev/null only hides lower ones */
	tl = tv_readlink(d->s->tv, path, target, sizeof(target));
	if (tl == 9 && memcmp(target, "/dev/null", 9) == 0)
		return own;
	if (scan_read(d->s, path, &buf, &len) == -1)
		return NULL;
	unit_parse(buf, len, own, on_parse_error, &pe);
	free(buf);
	return own;
}

static void
apply_file(struct sd *d, struct sd_unit *u, const char *path, int shared)
{
	struct perr pe = { d, path };
	struct unit_file own;
	const struct unit_file *uf;
	size_t i;

	if (!shared) {
		uf = read_unit_file(d, path, &own);
	} else if ((i = strmap_gets(&d->parsed, path)) != STRMAP_NONE) {
		uf = d->pf[i].ok ? &d->pf[i].uf : NULL;
		pe.file = path;
	} else {
		strmap_adds(&d->parsed, path, d->npf, NULL);
		if ((d->npf & (d->npf - 1)) == 0)
			d->pf = xreallocarray(d->pf, d->npf ? d->npf * 2 : 1,
			    sizeof(*d->pf));
		d->pf[d->npf].ok = read_unit_file(d, path,
		    &d->pf[d->npf].uf) != NULL;
		uf = d->pf[d->npf].ok ? &d->pf[d->npf].uf : NULL;
		d->npf++;
	}
	if (uf == NULL)
		return;
	/* a shared drop-in's Exec errors are the same for every unit:
	 * reported with the first */
	unit_view_apply(&u->v, uf, path, shared ? NULL : on_parse_error, &pe);
	collect_deps(u, uf);
	if (!shared)
		unit_file_free(&own);
}

/* The unit file, then its drop-ins: every NAME.d/ *.conf of the search
 * path, a name in a higher directory hiding the same name lower down,
 * applied in the order of their file names. */
static void
sd_load(struct sd *d, struct sd_unit *u)
{
	struct dropin *di = NULL;
	struct strmap bases = { .copies = 1 };
	size_t ndi = 0, nd, i, j, k, taken;
	char **dnames;

	unit_view_init(&u->v, u->name);
	apply_file(d, u, u->path, 0);
	unit_dropin_dirs(u->name, &dnames, &nd);
	for (k = 0; k < nd; k++) {
		for (i = 0; i < NSEARCH; i++) {
			const char *const *names;
			char *dp;
			size_t n;

			if (!has_name(&d->dirs[i], dnames[k]))
				continue;
			dp = path_join(search_dir(i), dnames[k]);
			u->dropin_dirs = xreallocarray(u->dropin_dirs,
			    u->ndropin_dirs + 1, sizeof(char *));
			u->dropin_dirs[u->ndropin_dirs++] = dp;
			names = cached_list(d, dp, &n);
			for (j = 0, taken = 0; j < n && taken < MAX_DROPINS;
			    j++) {
				/* a name seen higher up hides this one */
				if (!has_suffix(names[j], ".conf") ||
				    ndi >= MAX_DIR_FILES ||
				    !strmap_adds(&bases, names[j], 0, NULL))
					continue;
				if ((ndi & (ndi - 1)) == 0)
					di = xreallocarray(di, ndi ? ndi * 2 :
					    1, sizeof(*di));
				di[ndi].base = xstrdup(names[j]);
				di[ndi].path = path_join(dp, names[j]);
				/* all but NAME.d/ apply to other units too */
				di[ndi].shared = k + 1 < nd;
				ndi++;
				taken++;
			}
		}
	}
	unit_names_free(dnames, nd);
	strmap_free(&bases);
	if (ndi)
		qsort(di, ndi, sizeof(*di), cmp_dropin);
	if (ndi > MAX_DROPINS)
		report_add_error(d->s->rep, u->path, "%zu drop-ins: only the "
		    "first %d are read", ndi, MAX_DROPINS);
	for (i = 0; i < ndi; i++) {
		if (i < MAX_DROPINS)
			apply_file(d, u, di[i].path, di[i].shared);
		free(di[i].base);
		free(di[i].path);
	}
	free(di);
}

/* --- enabled --------------------------------------------------------- */

static void
set_enabled(struct sd_unit *u, const char *fmt, const char *what)
{
	if (u->enabled_by == NULL)
		u->enabled_by = xasprintf(fmt, what);
}

/* the unit a name refers to: itself, through an alias, or the template
 * of an instance */
static size_t
unit_index(const struct sd *d, const char *name)
{
	size_t i = strmap_gets(&d->byname, dealias(d, name));
	char *t;

	if (i != STRMAP_NONE)
		return i;
	t = unit_template_of(name);
	if (t) {
		i = strmap_gets(&d->byname, t);
		free(t);
	}
	return i;
}

/*
 * Enabled: linked into a .wants/.requires/.upholds directory (an instance
 * link enables its template), started by an enabled timer, socket or
 * path, or pulled in by an enabled unit's Wants=/Requires=, followed
 * from unit to unit once each.
 */
static void
sd_enabled(struct sd *d)
{
	size_t *queue, nq = 0, qi, i, k;

	queue = xcalloc(d->nu + 1, sizeof(*queue));
	for (k = 0; k < d->nlinks; k++) {
		i = unit_index(d, d->links[k]);
		if (i == STRMAP_NONE || d->u[i].masked || d->u[i].enabled_by)
			continue;
		set_enabled(&d->u[i], "%s", d->link_dirs[k]);
		queue[nq++] = i;
	}
	for (qi = 0; qi < nq; qi++) {
		struct sd_unit *u = &d->u[queue[qi]];
		char *trig = unit_view_trigger(&u->v);

		/* a timer fires by itself, on its schedule */
		if (trig && u->v.type == UNIT_TIMER &&
		    (i = unit_index(d, trig)) != STRMAP_NONE && !d->u[i].masked)
			d->u[i].periodic = 1;
		if (trig && (i = unit_index(d, trig)) != STRMAP_NONE &&
		    !d->u[i].masked && !d->u[i].enabled_by) {
			set_enabled(&d->u[i], "started by %s", u->name);
			queue[nq++] = i;
		}
		free(trig);
		for (k = 0; k < u->ndeps; k++) {
			i = unit_index(d, u->deps[k]);
			if (i == STRMAP_NONE || d->u[i].masked ||
			    d->u[i].enabled_by)
				continue;
			set_enabled(&d->u[i], "pulled in by %s", u->name);
			queue[nq++] = i;
		}
	}
	free(queue);
}

/* --- who a command runs as ------------------------------------------- */

struct who {
	const char	*name;		/* for evidence and titles */
	uid_t		 uid;
	int		 dynamic;	/* DynamicUser: a transient user */
	int		 root;
	const struct pwent *pw;
};

static void
unit_who(struct sd *d, const struct sd_unit *u, struct who *w, char **owned)
{
	struct unit_spec sp;
	const struct pwent *pw = NULL;
	char *name = NULL;
	int unk = 0;
	unsigned long uid;

	memset(w, 0, sizeof(*w));
	*owned = NULL;
	if (u->v.user.value) {
		memset(&sp, 0, sizeof(sp));
		sp.name = u->name;
		name = unit_specifiers(u->v.user.value, &sp, &unk);
		pw = userdb_user_by_name(&d->s->db, name);
		if (pw == NULL && parse_ulong(name, 0xfffffffeUL, &uid) == 0)
			pw = userdb_user_by_uid(&d->s->db, (uid_t)uid);
	}
	if (unit_bool(u->v.dynamic_user.value) == 1 && pw == NULL) {
		/* systemd.exec(5): a static user of that name is used if
		 * there is one, else one is allocated */
		w->dynamic = 1;
		w->name = "a dynamic user";
		w->uid = (uid_t)-1;
		free(name);
		return;
	}
	if (u->v.user.value == NULL) {
		w->root = 1;
		w->uid = 0;
		w->pw = userdb_user_by_uid(&d->s->db, 0);
		w->name = w->pw ? w->pw->name : "root";
		free(name);
		return;
	}
	w->pw = pw;
	w->uid = pw ? pw->uid : (uid_t)-1;
	w->root = pw && pw->uid == 0;
	/* a name the target does not know (or a specifier that only an
	 * instance fills in) stays as written: another user, not root */
	w->name = pw ? pw->name : name && name[0] && !unk ? name :
	    u->v.user.value;
	*owned = name;
}

/* as w, unless the command's prefix or PermissionsStartOnly= keep it
 * root */
static void
exec_who(struct sd *d, const struct sd_unit *u, const struct unit_exec *x,
    const struct who *main, struct who *w)
{
	*w = *main;
	if ((x->flags & (UX_FULL_PRIV | UX_NO_SETUID)) ||
	    (unit_bool(u->v.perm_start_only.value) == 1 &&
	    strcmp(x->key, "ExecStart") != 0)) {
		memset(w, 0, sizeof(*w));
		w->root = 1;
		w->pw = userdb_user_by_uid(&d->s->db, 0);
		w->name = w->pw ? w->pw->name : "root";
	}
}

static int
who_is_user(const struct sd *d, const struct who *w)
{
	return !w->dynamic && w->pw && w->pw->uid == d->s->user.uid;
}

/* severity of something a unit runs, by who runs it and whether it is
 * enabled: what root runs from a timer is periodic unattended execution,
 * critical (report contract, "Severity and score"); a boot or a restart
 * is waited for, high */
static enum severity
run_sev(const struct who *w, int enabled, int periodic, double *weight)
{
	if (w->dynamic) {
		*weight = 0.5;
		return enabled ? SEV_MEDIUM : SEV_LOW;
	}
	*weight = w->root ? 0.9 : 0.6;
	if (periodic && w->root)
		return SEV_CRITICAL;
	return enabled ? SEV_HIGH : SEV_MEDIUM;
}

/* --- findings -------------------------------------------------------- */

static void
unit_evidence(const struct sd_unit *u, struct finding *f)
{
	finding_ev_str(f, "unit", u->name);
	finding_ev_str(f, "unit_file", u->path);
	finding_ev_bool(f, "enabled", u->enabled_by != NULL);
	if (u->enabled_by)
		finding_ev_str(f, "enabled_by", u->enabled_by);
	if (u->periodic)
		finding_ev_bool(f, "timer", 1);
}

static const char *
type_word(enum unit_type t)
{
	switch (t) {
	case UNIT_SERVICE:
		return "service";
	case UNIT_SOCKET:
		return "socket";
	case UNIT_TIMER:
		return "timer";
	case UNIT_PATH:
		return "path unit";
	default:
		return "unit";
	}
}

/*
 * A unit file, drop-in directory or drop-in the user controls. Whoever
 * the unit runs as now, the file decides it (User= can be removed), so
 * this does not depend on User=. Timers and path units can only choose
 * when an existing unit starts: lower.
 */
static void
sd_config_path(struct sd *d, struct sd_unit *u, const char *path,
    const char *what, const struct who *w)
{
	struct xp_hit h;
	struct finding *f;
	enum severity sev;
	int en = u->enabled_by != NULL;
	int exec_type = u->v.type == UNIT_SERVICE || u->v.type == UNIT_SOCKET;

	if (xp_control(d->s, path, &h) != 1)
		return;
	sev = exec_type ? (en ? SEV_HIGH : SEV_MEDIUM) :
	    (en ? SEV_MEDIUM : SEV_LOW);
	f = report_add(d->s->rep, &check_systemd.who, sev, exec_type ? 0.8 :
	    0.5, path, what, "%s of %s %s is %s by %s: %s", what,
	    type_word(u->v.type), u->name, h.how, xp_user(d->s), exec_type ?
	    "it can set the commands and the user they run as" :
	    "it can choose what the unit starts and when");
	unit_evidence(u, f);
	finding_ev_str(f, "runs_as", w->name);
	xp_evidence(f, &h);
	xp_remedy(f, path, &h, NULL);
	sd_watch(d, f, path, h.exists && S_ISDIR(h.st.st_mode));
	xp_hit_free(&h);
}

/* is path (a drop-in or its directory) the unit's own NAME.d? */
static int
own_dropin(const struct sd_unit *u, const char *path, int is_dir)
{
	char *dir = is_dir ? xstrdup(path) : path_dirname(path);
	const char *b = path_basename(dir);
	size_t n = strlen(u->name);
	int own = strncmp(b, u->name, n) == 0 && strcmp(b + n, ".d") == 0;

	free(dir);
	return own;
}

static void
sd_shared_note(struct sd *d, struct sd_unit *u, const char *path,
    const char *what)
{
	struct shared_cfg *c;
	size_t i = strmap_gets(&d->shmap, path);
	int exec_type = u->v.type == UNIT_SERVICE || u->v.type == UNIT_SOCKET;

	if (i == STRMAP_NONE) {
		i = d->nsh;
		strmap_adds(&d->shmap, path, i, NULL);
		if ((d->nsh & (d->nsh - 1)) == 0)
			d->sh = xreallocarray(d->sh, d->nsh ? d->nsh * 2 : 1,
			    sizeof(*d->sh));
		c = &d->sh[d->nsh++];
		memset(c, 0, sizeof(*c));
		c->path = xstrdup(path);
		c->what = what;
		c->controlled = xp_control(d->s, path, &c->h) == 1;
	}
	c = &d->sh[i];
	if (!c->controlled)
		return;
	if (c->nunits++ == 0)
		c->first = xstrdup(u->name);
	c->exec_any |= exec_type;
	c->exec_enabled |= exec_type && u->enabled_by != NULL;
	c->any_enabled |= u->enabled_by != NULL;
}

/* the shared drop-ins the user controls, once each, at the severity of
 * the most exposed unit that reads them */
static void
sd_shared_report(struct sd *d)
{
	size_t i;

	for (i = 0; i < d->nsh; i++) {
		struct shared_cfg *c = &d->sh[i];
		struct finding *f;
		enum severity sev;

		if (c->controlled && c->nunits) {
			sev = c->exec_enabled ? SEV_HIGH : c->exec_any ||
			    c->any_enabled ? SEV_MEDIUM : SEV_LOW;
			f = report_add(d->s->rep, &check_systemd.who, sev, 0.8,
			    c->path, c->what, "%s %s, read by %zu unit%s "
			    "(%s%s), is %s by %s: it can set their commands "
			    "and the user they run as", c->what, c->path,
			    c->nunits, c->nunits == 1 ? "" : "s", c->first,
			    c->nunits > 1 ? ", ..." : "", c->h.how,
			    xp_user(d->s));
			finding_ev_str(f, "unit", c->first);
			finding_ev_int(f, "units", (long long)c->nunits);
			finding_ev_bool(f, "enabled", c->any_enabled);
			xp_evidence(f, &c->h);
			xp_remedy(f, c->path, &c->h, NULL);
			sd_watch(d, f, c->path, c->h.exists &&
			    S_ISDIR(c->h.st.st_mode));
		}
		xp_hit_free(&c->h);
		free(c->path);
		free(c->first);
	}
	free(d->sh);
	d->sh = NULL;
	d->nsh = 0;
	strmap_free(&d->shmap);
}

/* a drop-in that changes User= from what the unit file says */
static void
sd_user_override(struct sd *d, struct sd_unit *u)
{
	const char *m = u->v.main_user.value, *e = u->v.user.value;
	struct finding *f;

	if (u->v.user.src == 0 || (m && e && strcmp(m, e) == 0) ||
	    (m == NULL && e == NULL) || u->v.user.src >= u->v.nsrcs)
		return;
	f = report_add(d->s->rep, &check_systemd.who, SEV_INFO, 0,
	    u->v.srcs[u->v.user.src], "user-override", "a drop-in of %s "
	    "makes it run as %s instead of %s", u->name, e ? e : "root",
	    m ? m : "root");
	unit_evidence(u, f);
	finding_ev_str(f, "dropin", u->v.srcs[u->v.user.src]);
	finding_ev_int(f, "line", u->v.user.line);
	finding_ev_str(f, "user_in_unit_file", m ? m : "root");
	finding_ev_str(f, "user", e ? e : "root");
}

struct xctx {
	struct sd		*d;
	struct sd_unit		*u;
	const struct unit_exec	*x;		/* NULL: not an Exec line */
	const struct who	*w;
	const char		*role;
	const char		*via;
	const char		*key;		/* Exec key or setting */
	const char		*file;
	unsigned		 line;
	const char		*search;
	const char		*program;	/* for PATH findings */
};

static void
prefixes(unsigned fl, char *out)
{
	char *p = out;

	if (fl & UX_IGNORE_FAILURE)
		*p++ = '-';
	if (fl & UX_ARGV0)
		*p++ = '@';
	if (fl & UX_NO_ENV)
		*p++ = ':';
	if (fl & UX_FULL_PRIV)
		*p++ = '+';
	if (fl & UX_NO_SETUID)
		*p++ = '!';
	if (fl & UX_AMBIENT) {
		*p++ = '!';
		*p++ = '!';
	}
	if (fl & UX_SHELL)
		*p++ = '|';
	*p = '\0';
}

static void
run_finding(struct xctx *c, const char *path, struct xp_hit *h,
    const char *title_what, int path_dir)
{
	struct finding *f;
	enum severity sev;
	double wt;
	char *cause, pf[16];

	sev = run_sev(c->w, c->u->enabled_by != NULL, c->u->periodic, &wt);
	if (path_dir && c->program)
		wt -= 0.1;
	cause = xasprintf("%s:%s:%u:%s", c->u->name, c->key, c->line,
	    c->role);
	f = report_add(c->d->s->rep, &check_systemd.who, sev, wt, path, cause,
	    "%s %s %s as %s; %s can %s %s", type_word(c->u->v.type),
	    c->u->name, title_what, c->w->name, xp_user(c->d->s),
	    strcmp(h->how, "writable") == 0 ? "write" : strcmp(h->how,
	    "creatable") == 0 ? "create" : "replace", path_dir ?
	    "that directory" : "it");
	free(cause);
	unit_evidence(c->u, f);
	finding_ev_str(f, "file", c->file);
	finding_ev_int(f, "line", c->line);
	finding_ev_str(f, "key", c->key);
	finding_ev_str(f, "runs_as", c->w->name);
	finding_ev_str(f, "role", c->role);
	if (c->via)
		finding_ev_str(f, "via", c->via);
	if (c->x) {
		finding_ev_str(f, "command", c->x->raw);
		prefixes(c->x->flags, pf);
		if (pf[0])
			finding_ev_str(f, "prefixes", pf);
	}
	if (c->program) {
		finding_ev_str(f, "program", c->program);
		finding_ev_str(f, "search_path", c->search);
	}
	finding_ev_str(f, "target", path);
	xp_evidence(f, h);
	xp_remedy(f, path, h, c->w->pw);
	sd_watch(c->d, f, path, h->exists && S_ISDIR(h->st.st_mode));
}

static void
lookup_hit(void *vctx, enum xp_kind kind, const char *path,
    struct xp_hit *h)
{
	struct xctx *c = vctx;
	const char *role = c->role;
	char *t;

	if (kind == XP_FOUND) {
		t = xasprintf("runs %s", path);
		run_finding(c, path, h, t, 0);
		free(t);
		return;
	}
	c->role = "PATH directory";
	t = xasprintf("looks '%s' up in PATH, first in %s,", c->program,
	    path);
	run_finding(c, path, h, t, 1);
	free(t);
	c->role = role;
}

static char *
under_root(const char *root, const char *path)
{
	char *in, *j;

	if (root == NULL)
		return xstrdup(path);
	/* ".." cannot climb out of a chroot: fold inside it first */
	in = cx_path_fold("/", path);
	j = path_join(root, in);
	free(in);
	return j;
}

/* PATH with every entry under the unit's RootDirectory */
static char *
search_under_root(const char *root, const char *search)
{
	struct buf b = { 0 };
	const char *p = search, *e;

	if (root == NULL)
		return xstrdup(search);
	for (;; p = e + 1) {
		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		if (b.len)
			buf_addc(&b, ':');
		buf_adds(&b, root);
		buf_add(&b, p, (size_t)(e - p));
		if (*e == '\0')
			break;
	}
	return buf_str(&b);
}

static void
check_items(struct xctx *c, const struct cx_list *l, const char *root,
    const char *env_path, int first_is_exec)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct cx_item *it = &l->v[i];
		struct xctx sub = *c;
		struct who w2;
		struct xp_hit h;
		char *p, *found;

		if (it->runs_as) {
			const struct pwent *pw = userdb_user_by_name(
			    &c->d->s->db, it->runs_as);

			if (pw == NULL || pw->uid == c->d->s->user.uid)
				continue;
			memset(&w2, 0, sizeof(w2));
			w2.pw = pw;
			w2.uid = pw->uid;
			w2.root = pw->uid == 0;
			w2.name = pw->name;
			sub.w = &w2;
		}
		sub.via = it->via;
		sub.role = it->role == CX_PROGRAM ? (it->via ?
		    "wrapped program" : "program") : it->role == CX_SCRIPT ?
		    "interpreter argument" : cx_role_name(it->role);
		if (it->role == CX_RUNPARTS) {
			/* run-parts from a unit: the directory and its
			 * entries are checked as a whole here */
			sub.role = "run-parts directory";
		}
		if (it->bare) {
			char *search = search_under_root(root,
			    it->search_path ? it->search_path :
			    (i == 0 && first_is_exec) ? EXEC_SEARCH : env_path);

			sub.search = search;
			sub.program = it->word;
			found = xp_lookup(c->d->s, it->word, search, "/",
			    lookup_hit, &sub);
			free(found);
			free(search);
			continue;
		}
		p = under_root(root, it->path);
		if (p && xp_control(c->d->s, p, &h) == 1) {
			char *t = it->glob ? xasprintf("runs files matched "
			    "in %s", p) : it->role == CX_SCRIPT ?
			    xasprintf("hands %s to %s", p, it->via ? it->via :
			    "its interpreter") : it->role == CX_SOURCED ?
			    xasprintf("sources %s", p) : it->role ==
			    CX_RUNPARTS ? xasprintf("runs every program in "
			    "%s", p) : xasprintf("runs %s", p);

			run_finding(&sub, p, &h, t, it->glob ||
			    it->role == CX_RUNPARTS);
			free(t);
			xp_hit_free(&h);
		}
		free(p);
	}
}

/* Environment= and EnvironmentFile= assignments in force, for $VAR in
 * Exec lines */
struct envset {
	char	**v;		/* "NAME=value" */
	size_t	 n;
	int	 unknown;	/* an EnvironmentFile= was not read: a name
				 * none of the rest sets is unknown */
};

static void
env_add(void *ve, const char *key, const char *value)
{
	struct envset *e = ve;

	if (e->n >= 1024)
		return;
	e->v = xreallocarray(e->v, e->n + 1, sizeof(char *));
	e->v[e->n++] = xasprintf("%s=%s", key, value);
}

/*
 * The EnvironmentFile= files, after Environment= (systemd.exec(5): their
 * settings override it), in order; "-" makes a missing file no error.
 * One that is named through a specifier, a glob, or cannot be read leaves
 * the names it could set unknown.
 */
static void
env_files(struct sd *d, const struct sd_unit *u, struct envset *e)
{
	size_t i;

	for (i = 0; i < u->v.nenvfile; i++) {
		const char *v = u->v.envfile[i].value;
		struct live_err le = { d->s, NULL, 0 };
		char *buf;
		size_t len;
		int opt = *v == '-', trunc = 0;
		struct stat st;

		v += opt;
		if (v[0] != '/' || strpbrk(v, "%*?[")) {
			e->unknown = 1;
			continue;
		}
		if (tv_stat(d->s->tv, v, &st) == -1 && opt &&
		    (errno == ENOENT || errno == ENOTDIR))
			continue;
		/* quietly: one that cannot be read leaves a note on the
		 * Exec line that needed it */
		if (tv_read(d->s->tv, v, MAX_FILE_BYTES, &buf, &len,
		    &trunc) == -1) {
			e->unknown = 1;
			continue;
		}
		if (trunc)
			e->unknown = 1;
		le.path = v;
		unit_envfile_parse(buf, len, env_add, e, live_parse_err, &le);
		free(buf);
	}
}

static void
env_collect(const struct sd_unit *u, struct envset *e)
{
	size_t i, j;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < u->v.nenvironment; i++) {
		char **w;
		size_t n;
		const char *why;

		if (unit_split(u->v.environment[i].value, &w, &n, &why) == -1)
			continue;
		for (j = 0; j < n; j++) {
			if (strchr(w[j], '=') == NULL || e->n >= 1024) {
				free(w[j]);
				continue;
			}
			e->v = xreallocarray(e->v, e->n + 1, sizeof(char *));
			e->v[e->n++] = w[j];
		}
		free(w);
	}
}

/* the variables systemd sets itself for Exec lines (systemd.exec(5),
 * "Environment Variables in Spawned Processes"): numbers and result
 * words, never a program */
static int
env_systemd_own(const char *name, size_t n)
{
	static const char *const own[] = { "MAINPID", "SERVICE_RESULT",
	    "EXIT_CODE", "EXIT_STATUS", "MANAGERPID", "INVOCATION_ID",
	    "MONITOR_SERVICE_RESULT", "MONITOR_EXIT_CODE",
	    "MONITOR_EXIT_STATUS", "MONITOR_INVOCATION_ID", "MONITOR_UNIT",
	    "TRIGGER_UNIT", "TRIGGER_PATH", "TRIGGER_TIMER_REALTIME_USEC",
	    "TRIGGER_TIMER_MONOTONIC_USEC", NULL };
	size_t i;

	for (i = 0; own[i]; i++)
		if (strlen(own[i]) == n && memcmp(own[i], name, n) == 0)
			return 1;
	return 0;
}

/* a variable's value; a name nothing sets expands to nothing (systemd
 * substitutes unset variables with the empty string), unless a file that
 * could set it was not read: NULL then */
static const char *
env_get(const struct envset *e, const char *name, size_t n)
{
	size_t i;
	const char *v = NULL;

	for (i = 0; i < e->n; i++)
		if (strncmp(e->v[i], name, n) == 0 && e->v[i][n] == '=')
			v = e->v[i] + n + 1;
	if (v == NULL && (!e->unknown || env_systemd_own(name, n)))
		v = "";
	return v;
}

/*
 * $NAME and ${NAME} as systemd.service(5) substitutes them from
 * Environment=. A name only an EnvironmentFile= could set is unknown:
 * -1 then.
 */
static int
env_subst(const struct envset *e, const char *word, struct buf *out,
    int *split)
{
	const char *p = word, *v;

	*split = 0;
	out->len = 0;
	buf_add(out, "", 0);
	if (word[0] == '$' && word[1] != '{') {
		size_t n = strlen(word + 1);

		if (n == 0)
			goto literal;
		v = env_get(e, word + 1, n);
		if (v == NULL)
			return -1;
		buf_adds(out, v);
		*split = 1;
		return 0;
	}
	while (*p) {
		const char *q;

		if (p[0] == '$' && p[1] == '{' && (q = strchr(p, '}'))) {
			v = env_get(e, p + 2, (size_t)(q - p - 2));
			if (v == NULL)
				return -1;
			buf_adds(out, v);
			p = q + 1;
			continue;
		}
		buf_addc(out, *p++);
	}
	return 0;
literal:
	buf_adds(out, word);
	return 0;
}

/* The argv systemd would execute for x, specifiers and variables
 * expanded; words after one that cannot be known are dropped. */
static char **
exec_argv(const struct sd_unit *u, const struct unit_exec *x,
    const struct who *w, const struct envset *env, size_t *argc,
    int *partial)
{
	struct unit_spec sp;
	struct buf b = { 0 };
	char **v = NULL, uidbuf[24], gidbuf[24];
	size_t n = 0, i;
	int unk = 0;

	memset(&sp, 0, sizeof(sp));
	sp.name = u->name;
	if (w->pw) {
		sp.user = w->pw->name;
		snprintf(uidbuf, sizeof(uidbuf), "%lu",
		    (unsigned long)w->pw->uid);
		sp.uid = uidbuf;
		sp.home = w->pw->home;
		sp.shell = w->pw->shell;
		snprintf(gidbuf, sizeof(gidbuf), "%lu",
		    (unsigned long)w->pw->gid);
		sp.gid = gidbuf;
	}
	*partial = 0;
	for (i = 0; i <= x->argc; i++) {
		const char *word;
		char *e;
		int split = 0;

		/* '@': argv[0] is the word after the path, not run */
		if (i == 1 && (x->flags & UX_ARGV0))
			continue;
		word = i == 0 ? x->path : x->argv[i - 1];
		e = unit_specifiers(word, &sp, &unk);
		if (unk) {
			free(e);
			*partial = 1;
			break;
		}
		if (!(x->flags & UX_NO_ENV) && strchr(e, '$')) {
			if (env_subst(env, e, &b, &split) == -1) {
				free(e);
				*partial = 1;
				break;
			}
			free(e);
			e = xstrdup(b.data);
		}
		if (split) {
			char **sw;
			size_t sn, k;
			const char *why;

			free(e);
			if (unit_split(b.data, &sw, &sn, &why) == -1) {
				*partial = 1;
				break;
			}
			for (k = 0; k < sn; k++) {
				v = xreallocarray(v, n + 1, sizeof(char *));
				v[n++] = sw[k];
			}
			free(sw);
			continue;
		}
		v = xreallocarray(v, n + 1, sizeof(char *));
		v[n++] = e;
	}
	buf_free(&b);
	*argc = n;
	return v;
}

static void
sd_exec(struct sd *d, struct sd_unit *u, const struct unit_exec *x,
    const struct who *main, const struct envset *env)
{
	struct who w;
	struct xctx c;
	struct cx_list l = { 0 };
	struct cx_opts o;
	const char *root, *env_path;
	char **argv, *cwd = NULL;
	size_t argc, i;
	int partial, unk = 0;

	exec_who(d, u, x, main, &w);
	if (who_is_user(d, &w))
		return;		/* runs as the user: nothing to gain */
	argv = exec_argv(u, x, &w, env, &argc, &partial);
	if (argc == 0) {
		report_add_note(d->s->rep, "%s: %s= line %u names its program "
		    "through a specifier or variable privmap cannot resolve",
		    u->name, x->key, x->line);
		free(argv);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.u = u;
	c.x = x;
	c.w = &w;
	c.key = x->key;
	c.file = x->src < u->v.nsrcs ? u->v.srcs[x->src] : u->path;
	c.line = x->line;
	/* '+' leaves the file system namespacing, RootDirectory= too */
	root = (x->flags & UX_FULL_PRIV) ? NULL : u->v.root_dir.value;
	if (root && (root[0] != '/' || strcmp(root, "/") == 0))
		root = NULL;
	env_path = env_get(env, "PATH", 4);
	if (env_path == NULL || *env_path == '\0')
		env_path = DEFAULT_PATH;
	memset(&o, 0, sizeof(o));
	o.cwd = "/";
	o.home = w.pw ? w.pw->home : NULL;
	if (u->v.working_dir.value) {
		/* WorkingDirectory=: relative words resolve there */
		const char *wd = u->v.working_dir.value;
		struct unit_spec sp;

		if (*wd == '-')
			wd++;
		memset(&sp, 0, sizeof(sp));
		sp.name = u->name;
		if (strcmp(wd, "~") == 0)
			cwd = o.home ? xstrdup(o.home) : NULL;
		else
			cwd = unit_specifiers(wd, &sp, &unk);
		if (cwd && !unk && cwd[0] == '/')
			o.cwd = cwd;
	}
	if (x->flags & UX_SHELL) {
		/* '|': the command line goes to the user's shell as -c */
		struct buf b = { 0 };
		char *q;

		for (i = 0; i < argc; i++) {
			q = xp_sq(argv[i]);
			if (i)
				buf_addc(&b, ' ');
			buf_adds(&b, q);
			free(q);
		}
		cx_shell(b.data, b.len, &o, &l);
		buf_free(&b);
		check_items(&c, &l, root, env_path, 0);
	} else {
		cx_argv(argv, argc, &o, &l);
		check_items(&c, &l, root, env_path, 1);
	}
	if (l.incomplete || (partial && argc == 1))
		report_add_note(d->s->rep, "%s: part of %s= line %u was not "
		    "followed%s%s", u->name, x->key, x->line, l.why ? ": " : "",
		    l.why ? l.why : "");
	cx_list_free(&l);
	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	free(cwd);
}

/* EnvironmentFile= and WorkingDirectory=: they apply to every command,
 * so they count as the most privileged one */
static void
sd_settings(struct sd *d, struct sd_unit *u, const struct who *main)
{
	struct who w = *main, wx;
	struct xctx c;
	struct unit_spec sp;
	struct xp_hit h;
	size_t i;
	int unk;

	for (i = 0; i < u->v.nexec; i++) {
		exec_who(d, u, &u->v.exec[i], main, &wx);
		if (wx.root)
			w = wx;
	}
	if (u->v.nexec == 0 || who_is_user(d, &w))
		return;
	memset(&sp, 0, sizeof(sp));
	sp.name = u->name;
	if (w.pw) {
		sp.user = w.pw->name;
		sp.home = w.pw->home;
	}
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.u = u;
	c.w = &w;
	for (i = 0; i < u->v.nenvfile; i++) {
		const struct unit_setting *st = &u->v.envfile[i];
		const char *v = st->value;
		char *p, *q;

		if (*v == '-')
			v++;
		unk = 0;
		p = unit_specifiers(v, &sp, &unk);
		if (unk || p[0] != '/') {
			free(p);
			continue;
		}
		q = cx_path_fold("/", p);
		free(p);
		if (strpbrk(q, "*?[")) {
			/* a glob: the directory it reads */
			char *dir = path_dirname(q);

			free(q);
			q = dir;
		}
		c.key = "EnvironmentFile";
		c.role = "environment file";
		c.file = st->src < u->v.nsrcs ? u->v.srcs[st->src] : u->path;
		c.line = st->line;
		if (xp_control(d->s, q, &h) == 1) {
			char *t = xasprintf("reads its environment "
			    "(LD_PRELOAD, PATH, ...) from %s", q);

			run_finding(&c, q, &h, t, 0);
			free(t);
			xp_hit_free(&h);
		}
		free(q);
	}
	if (u->v.working_dir.value) {
		const struct unit_setting *st = &u->v.working_dir;
		const char *v = st->value;
		char *p;

		if (*v == '-')
			v++;
		unk = 0;
		if (strcmp(v, "~") == 0)
			p = xstrdup(w.pw && w.pw->home ? w.pw->home : "");
		else
			p = unit_specifiers(v, &sp, &unk);
		if (!unk && p[0] == '/' && strcmp(p, "/") != 0 &&
		    xp_control(d->s, p, &h) == 1) {
			struct finding *f;
			char *cause = xasprintf("%s:WorkingDirectory",
			    u->name);

			f = report_add(d->s->rep, &check_systemd.who,
			    u->enabled_by && !w.dynamic ? SEV_MEDIUM :
			    SEV_LOW, 0.5, p, cause, "%s %s runs as %s in %s, "
			    "which %s can %s: relative paths, python -m and "
			    "the like resolve there", type_word(u->v.type),
			    u->name, w.name, p, xp_user(d->s), strcmp(h.how,
			    "writable") == 0 ? "write" : "replace");
			free(cause);
			unit_evidence(u, f);
			finding_ev_str(f, "file", st->src < u->v.nsrcs ?
			    u->v.srcs[st->src] : u->path);
			finding_ev_int(f, "line", st->line);
			finding_ev_str(f, "runs_as", w.name);
			xp_evidence(f, &h);
			xp_remedy(f, p, &h, NULL);
			sd_watch(d, f, p, 1);
			xp_hit_free(&h);
		}
		free(p);
	}
}

static void
sd_check_unit(struct sd *d, struct sd_unit *u)
{
	struct who w;
	struct envset env;
	char *owned;
	size_t i;

	unit_who(d, u, &w, &owned);
	sd_config_path(d, u, u->path, "unit file", &w);
	for (i = 0; i < u->ndropin_dirs; i++) {
		if (own_dropin(u, u->dropin_dirs[i], 1))
			sd_config_path(d, u, u->dropin_dirs[i],
			    "drop-in directory", &w);
		else
			sd_shared_note(d, u, u->dropin_dirs[i],
			    "shared drop-in directory");
	}
	for (i = 1; i < u->v.nsrcs; i++) {
		if (own_dropin(u, u->v.srcs[i], 0))
			sd_config_path(d, u, u->v.srcs[i], "drop-in", &w);
		else
			sd_shared_note(d, u, u->v.srcs[i], "shared drop-in");
	}
	sd_user_override(d, u);
	if (u->v.type == UNIT_SERVICE || u->v.type == UNIT_SOCKET) {
		env_collect(u, &env);
		env_files(d, u, &env);
		for (i = 0; i < u->v.nexec; i++)
			sd_exec(d, u, &u->v.exec[i], &w, &env);
		sd_settings(d, u, &w);
		for (i = 0; i < env.n; i++)
			free(env.v[i]);
		free(env.v);
	}
	free(owned);
}

static void
sd_free(struct sd *d)
{
	size_t i, j;

	for (i = 0; i < NSEARCH; i++)
		if (d->dirs[i].present)
			tv_list_free(d->dirs[i].names, d->dirs[i].n);
	for (i = 0; i < d->nu; i++) {
		struct sd_unit *u = &d->u[i];

		free(u->name);
		free(u->path);
		free(u->enabled_by);
		unit_view_free(&u->v);
		for (j = 0; j < u->ndeps; j++)
			free(u->deps[j]);
		free(u->deps);
		for (j = 0; j < u->ndropin_dirs; j++)
			free(u->dropin_dirs[j]);
		free(u->dropin_dirs);
	}
	free(d->u);
	for (i = 0; i < d->nlinks; i++) {
		free(d->links[i]);
		free(d->link_dirs[i]);
	}
	free(d->links);
	free(d->link_dirs);
	for (i = 0; i < d->nalias; i++)
		free(d->alias[i]);
	free(d->alias);
	strmap_free(&d->byname);
	strmap_free(&d->aliases);
	for (i = 0; i < d->ncache; i++) {
		free(d->cache[i].path);
		if (d->cache[i].names)
			tv_list_free(d->cache[i].names, d->cache[i].n);
	}
	free(d->cache);
	strmap_free(&d->cached);
	for (i = 0; i < d->npf; i++)
		unit_file_free(&d->pf[i].uf);
	free(d->pf);
	strmap_free(&d->parsed);
}

static int
sd_report(struct scan *s, void **priv)
{
	struct sd d;
	size_t i;

	(void)priv;
	if (s->user.uid == 0)
		return 0;
	memset(&d, 0, sizeof(d));
	d.byname.copies = d.aliases.copies = d.cached.copies = 1;
	d.shmap.copies = d.parsed.copies = 1;
	d.s = s;
	sd_dirs(&d);
	sd_check_dirs(&d);
	sd_links(&d);
	sd_units(&d);
	for (i = 0; i < d.nu; i++)
		if (!d.u[i].masked)
			sd_load(&d, &d.u[i]);
		else
			unit_view_init(&d.u[i].v, d.u[i].name);
	sd_enabled(&d);
	for (i = 0; i < d.nu; i++)
		if (!d.u[i].masked)
			sd_check_unit(&d, &d.u[i]);
	sd_shared_report(&d);
	sd_free(&d);
	return 0;
}

const struct check check_systemd = {
	.who = { "systemd", "systemd" },
	.report = sd_report,
};
