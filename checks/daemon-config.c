/*
 * daemon-config.c: the configuration of root daemons (known/daemons.c:
 * nginx, Apache, rsyslog, sshd, php-fpm, HAProxy, Postfix, network
 * dispatchers, udev) that the user can write, replace or add to, with
 * every include followed as the daemon follows it (engine/confload.c,
 * parse/daemonconf.c) and the account it runs as taken from its unit
 * (User=; root when none). Findings are writable-config's family, at the
 * severity of what the file controls. Never reads what a finding does
 * not need; never runs the daemon.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/execpath.h"
#include "checks/svcfiles.h"
#include "engine/confload.h"
#include "known/daemons.h"
#include "lib/path.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"
#include "parse/daemonconf.h"
#include "parse/unitfile.h"

struct dcx {
	struct scan			*s;
	const struct known_daemon	*d;
	enum dc_syntax			 syn;
	char				*prefix;
	const char			*main;
	char				*runs_as;	/* NULL: root */
	char				*unit;		/* the unit read */
	struct strmap			 seen;		/* paths judged */
	struct strmap			 dirs;		/* directories the
							 * user controls */
	const char			*from;		/* the file whose
							 * includes are read */
	json_t				*pools;		/* php-fpm: the pools
							 * of the file judged
							 * and their users */
};

/* --- the account it runs as ----------------------------------------- */

struct unit_ctx {
	struct unit_view	 v;
};

static int
dc_unit_file(struct confload *cl, const char *path, const char *buf,
    size_t len, int depth)
{
	struct unit_ctx *u = cl->ctx;
	struct unit_file uf = { 0 };

	(void)depth;
	unit_parse(buf, len, &uf, NULL, NULL);
	unit_view_apply(&u->v, &uf, path, NULL, NULL);
	unit_file_free(&uf);
	return 0;
}

static void
dc_runs_as(struct dcx *x)
{
	static const struct confload_ops ops = { dc_unit_file, NULL, NULL,
	    NULL };
	const char *const *u;

	for (u = x->d->units; *u && !x->unit; u++) {
		struct unit_ctx uc;
		struct confload cl;
		const char *who;

		unit_view_init(&uc.v, *u);
		confload_init(&cl, x->s, &ops, &uc);
		cl.quiet = 1;
		if (confload_unit(&cl, svc_unit_dirs, *u) > 0) {
			x->unit = xstrdup(*u);
			who = uc.v.user.value;
			if (uc.v.dynamic_user.value &&
			    unit_bool(uc.v.dynamic_user.value) == 1)
				x->runs_as = xstrdup("a dynamic user");
			else if (who && *who && strcmp(who, "root") != 0 &&
			    strcmp(who, "0") != 0)
				x->runs_as = xstrdup(who);
		}
		confload_fini(&cl);
		unit_view_free(&uc.v);
	}
}

/* --- findings -------------------------------------------------------- */

static void
dc_finding(struct dcx *x, const char *path, struct xp_hit *h,
    const char *from)
{
	const struct known_daemon *d = x->d;
	const struct pwent *pw;
	struct finding *f;
	const char *who = x->runs_as ? x->runs_as : "root";
	enum severity sev = x->runs_as ? SEV_MEDIUM : d->sev;

	f = report_add(x->s->rep, &check_daemon_config.who, sev,
	    strcmp(h->how, "writable") == 0 ? 0.85 : 0.6, path, d->name,
	    "%s is %s by %s: %s reads it as %s %s, and %s can %s", path,
	    h->how, xp_user(x->s), d->name, who, d->when, xp_user(x->s),
	    x->runs_as ? "run code as that account" : d->why);
	xp_evidence(f, h);
	finding_ev_str(f, "daemon", d->name);
	finding_ev_str(f, "runs_as", who);
	if (x->unit)
		finding_ev_str(f, "unit", x->unit);
	if (x->main)
		finding_ev_str(f, "config", x->main);
	if (from)
		finding_ev_str(f, "included_from", from);
	if (x->pools)
		finding_ev_json(f, "pool_users", json_incref(x->pools));
	finding_ev_str(f, "wait", d->wait);
	finding_ev_str(f, "why", x->runs_as ? "run code as that account" :
	    d->why);
	if (x->runs_as == NULL)
		finding_grant(f, GRANT_ROOT, 0, NULL, grant_wait_parse(d->wait),
		    1);
	else if ((pw = userdb_user_by_name(&x->s->db, x->runs_as)) != NULL)
		finding_grant(f, GRANT_USER, pw->uid, pw->name,
		    grant_wait_parse(d->wait), 1);
	xp_remedy(f, path, h, NULL);
	scan_deny_write(x->s, f, path);
	finding_watch(x->s->rep, f, path, h->exists &&
	    S_ISDIR(h->st.st_mode), "wa");
}

/* judge path once; 1 if the user controls it */
static int
dc_path(struct dcx *x, const char *path, const char *from)
{
	struct xp_hit h;
	char *dir;
	int r;

	if (!strmap_adds(&x->seen, path, 0, NULL))
		return strmap_gets(&x->dirs, path) != STRMAP_NONE;
	/* a directory already reported says it for its files */
	dir = path_dirname(path);
	r = strmap_gets(&x->dirs, dir) != STRMAP_NONE;
	free(dir);
	if (r)
		return 1;
	r = xp_control(x->s, path, &h);
	if (r == 1 && h.exists) {
		dc_finding(x, path, &h, from);
		if (S_ISDIR(h.st.st_mode))
			strmap_adds(&x->dirs, path, 0, NULL);
	}
	r = r == 1 && h.exists;
	xp_hit_free(&h);
	return r;
}

/* a directory the daemon reads every file of */
static void
dc_dir(struct dcx *x, const char *dir, const char *from)
{
	char **names;
	size_t i, n;

	if (dc_path(x, dir, from))
		return;
	if (tv_list(x->s->tv, dir, &names, &n) == -1) {
		if (errno != ENOENT && errno != ENOTDIR)
			scan_errno(x->s, dir, "cannot list");
		return;
	}
	for (i = 0; i < n; i++) {
		char *p = path_join(dir, names[i]);
		struct stat st;

		if (tv_lstat(x->s->tv, p, &st) == 0 && !S_ISDIR(st.st_mode))
			dc_path(x, p, from);
		free(p);
	}
	tv_list_free(names, n);
}

/* --- following the includes ----------------------------------------- */

static void
dc_include(struct confload *cl, struct dcx *x, const char *from,
    const char *pat, int depth)
{
	char *abs = pat[0] == '/' ? xstrdup(pat) : path_join(x->prefix, pat);
	const char *base = path_basename(abs);
	struct stat st;

	if (strpbrk(base, "*?[")) {
		/* a glob: whoever adds a file to its directory is read */
		char *dir = path_dirname(abs);

		dc_path(x, dir, from);
		free(dir);
		confload_glob(cl, abs, depth);
	} else if (tv_stat(x->s->tv, abs, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* Apache: a directory's every file */
		dc_path(x, abs, from);
		confload_dir(cl, abs, depth);
	} else
		confload_file(cl, abs, depth);
	free(abs);
}

static void
dc_parse_err(void *ctx, unsigned line, const char *why)
{
	(void)ctx;
	(void)line;
	(void)why;
}

static int
dc_file(struct confload *cl, const char *path, const char *buf, size_t len,
    int depth)
{
	struct dcx *x = cl->ctx;
	const char *from = x->from;
	struct dc_conf c;
	size_t i;

	dc_parse(buf, len, x->syn, &c, dc_parse_err, x);
	/* php-fpm: whom the file's pools run as (php.net, "user") */
	if (c.nusers) {
		x->pools = json_object();
		for (i = 0; i < c.nusers; i++)
			json_object_set_new(x->pools, c.users[i].pool,
			    json_string(c.users[i].value));
	}
	dc_path(x, path, depth ? from : NULL);
	json_decref(x->pools);
	x->pools = NULL;
	x->from = path;
	for (i = 0; i < c.ninc; i++)
		dc_include(cl, x, path, c.inc[i].value, depth + 1);
	x->from = from;
	dc_free(&c);
	return 0;
}

static void
dc_skipped(struct confload *cl, const char *path, enum confload_why why,
    int depth)
{
	struct dcx *x = cl->ctx;

	(void)depth;
	if (why == CL_TOO_DEEP || why == CL_TOO_MANY)
		report_add_error(x->s->rep, path, "%s: includes nested too "
		    "deep or too many files: not followed", x->d->name);
}

static void
dc_main(struct dcx *x, const char *main)
{
	static const struct confload_ops ops = { dc_file, NULL, NULL,
	    dc_skipped };
	struct confload cl;

	x->main = main;
	free(x->prefix);
	x->prefix = x->d->prefix ? xstrdup(x->d->prefix) :
	    path_dirname(main);
	confload_init(&cl, x->s, &ops, x);
	cl.stat_first = 1;
	confload_file(&cl, main, 0);
	confload_fini(&cl);
	x->main = NULL;
}

/* the main files that exist, one glob component expanded (php's
 * version directory) */
static void
dc_mains(struct dcx *x, const char *pat)
{
	const char *star = strchr(pat, '*'), *slash, *next;
	char *dir, *glob, **names;
	size_t i, n;
	struct stat st;

	if (star == NULL) {
		if (tv_stat(x->s->tv, pat, &st) == 0)
			dc_main(x, pat);
		return;
	}
	for (slash = star; slash > pat && *slash != '/'; slash--)
		;
	next = strchr(star, '/');
	dir = slash > pat ? xstrndup(pat, (size_t)(slash - pat)) :
	    xstrdup("/");
	glob = xstrndup(slash + 1, next ? (size_t)(next - slash - 1) :
	    strlen(slash + 1));
	if (tv_list(x->s->tv, dir, &names, &n) == 0) {
		for (i = 0; i < n; i++) {
			char *p;

			if (fnmatch(glob, names[i], FNM_PERIOD) != 0)
				continue;
			p = xasprintf("%s/%s%s", strcmp(dir, "/") ? dir : "",
			    names[i], next ? next : "");
			if (tv_stat(x->s->tv, p, &st) == 0)
				dc_main(x, p);
			free(p);
		}
		tv_list_free(names, n);
	}
	free(glob);
	free(dir);
}

static int
dc_report(struct scan *s, void **priv)
{
	const struct known_daemon *d;

	(void)priv;
	if (s->user.uid == 0)
		return 0;
	for (d = known_daemons; d->name; d++) {
		struct dcx x;
		const char *const *p;

		memset(&x, 0, sizeof x);
		x.s = s;
		x.d = d;
		x.syn = dc_syntax_parse(d->syntax);
		x.seen.copies = 1;
		x.dirs.copies = 1;
		dc_runs_as(&x);
		for (p = d->mains; *p; p++)
			dc_mains(&x, *p);
		for (p = d->dirs; *p; p++)
			dc_dir(&x, *p, NULL);
		strmap_free(&x.seen);
		strmap_free(&x.dirs);
		free(x.prefix);
		free(x.runs_as);
		free(x.unit);
	}
	return 0;
}

const struct check check_daemon_config = {
	.who = { "daemon-config", "writable-config" },
	.report = dc_report,
};
