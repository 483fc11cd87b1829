/*
 * user-units.c: other accounts' systemd user units the user can change
 * (systemd.unit(5), "User Unit Search Path": ~/.config/systemd/user of
 * each account, and /etc/systemd/user, /usr/lib/systemd/user for every
 * account's manager). The account's user manager runs them as that
 * account: at boot when it lingers (loginctl(1) enable-linger:
 * /var/lib/systemd/linger/NAME), else at its next login. A unit file, a
 * drop-in, the directory that holds them, or the program a unit runs
 * that the user controls is a finding of the systemd family. Reads
 * through the scan only; never starts a manager.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/execpath.h"
#include "known/known.h"
#include "lib/path.h"
#include "lib/str.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"
#include "parse/unitfile.h"

#define LINGER_DIR	"/var/lib/systemd/linger"
/* units looked at in one directory */
#define UU_MAX_UNITS	4096

/* the unit directories every account's user manager reads */
static const char *const global_dirs[] = {
	"/etc/systemd/user", "/usr/lib/systemd/user", NULL,
};

struct uu {
	struct scan		*s;
	const struct pwent	*pw;		/* the account; NULL: every
						 * account (global dirs) */
	int			 linger;
	char			*lingering;	/* global: the accounts that
						 * linger, or NULL */
	struct strmap		 seen;
};

static int
lingers(struct scan *s, const char *name)
{
	char *p = path_join(LINGER_DIR, name);
	struct stat st;
	int r = tv_lstat(s->tv, p, &st) == 0;

	free(p);
	return r;
}

static void
uu_finding(struct uu *u, const char *path, struct xp_hit *h,
    const char *what, const char *unit)
{
	struct finding *f;
	const char *who = u->pw ? u->pw->name : "every account";
	int root = u->pw && u->pw->uid == 0;
	enum severity sev = root ? SEV_HIGH : SEV_MEDIUM;
	const char *when = u->pw ? (u->linger ? "at boot (it lingers)" :
	    "at its next login") : u->lingering ? "at boot for the accounts "
	    "that linger, else at their next login" : "at each account's "
	    "next login";

	if (strcmp(what, "program") == 0)
		f = report_add(u->s->rep, &check_user_units.who, sev,
		    u->linger || u->lingering ? 0.8 : 0.5, path, u->pw ?
		    u->pw->name : "*", "%s, run by %s's user unit %s, is %s "
		    "by %s: %s's systemd user manager runs it %s", path, who,
		    unit, h->how, xp_user(u->s), who, when);
	else
		f = report_add(u->s->rep, &check_user_units.who, sev,
		    u->linger || u->lingering ? 0.8 : 0.5, path, u->pw ?
		    u->pw->name : "*", "%s's %s %s is %s by %s: %s's systemd "
		    "user manager runs %s %s", who, what, path, h->how,
		    xp_user(u->s), who, strcmp(what, "user unit") == 0 ? "it" :
		    "the units in it", when);
	xp_evidence(f, h);
	finding_ev_str(f, "runs_as", u->pw ? u->pw->name : "each account");
	finding_ev_str(f, "wait", u->pw && u->linger ? "reboot" : "login");
	finding_ev_bool(f, "linger", u->pw ? u->linger : u->lingering != NULL);
	if (u->lingering)
		finding_ev_str(f, "lingering", u->lingering);
	if (unit)
		finding_ev_str(f, "unit", unit);
	if (u->pw)
		finding_grant(f, GRANT_USER, u->pw->uid, u->pw->name, u->linger ?
		    WAIT_REBOOT : WAIT_LOGIN, 1);
	xp_remedy(f, path, h, u->pw && !root ? u->pw : NULL);
	scan_deny_write(u->s, f, path);
	finding_watch(u->s->rep, f, path, h->exists &&
	    S_ISDIR(h->st.st_mode), "wa");
}

/* judge path once: 1 if the user controls it (and it was reported) */
static int
uu_path(struct uu *u, const char *path, const char *what, const char *unit,
    int missing_ok)
{
	struct xp_hit h;
	int r;

	if (!strmap_adds(&u->seen, path, 0, NULL))
		return 0;
	r = xp_control(u->s, path, &h);
	if (r == 1 && (h.exists || missing_ok))
		uu_finding(u, path, &h, what, unit);
	else
		r = 0;
	xp_hit_free(&h);
	return r;
}

/* a unit's ExecStart= programs and the like */
static void
uu_unit_programs(struct uu *u, const char *path, const char *name)
{
	struct unit_file uf = { 0 };
	struct unit_view v;
	char *buf;
	size_t len, i;

	if (scan_read(u->s, path, &buf, &len) != 0)
		return;
	unit_parse(buf, len, &uf, NULL, NULL);
	free(buf);
	unit_view_init(&v, name);
	unit_view_apply(&v, &uf, path, NULL, NULL);
	for (i = 0; i < v.nexec; i++)
		if (v.exec[i].path && v.exec[i].path[0] == '/')
			uu_path(u, v.exec[i].path, "program", name, 0);
	unit_view_free(&v);
	unit_file_free(&uf);
}

/* one unit directory: itself, its units and their drop-ins, and the
 * programs the units run */
static void
uu_dir(struct uu *u, const char *dir, int missing_ok)
{
	char **names;
	size_t i, n;

	if (uu_path(u, dir, "user unit directory", NULL, missing_ok))
		return;
	if (tv_list(u->s->tv, dir, &names, &n) == -1) {
		if (errno != ENOENT && errno != ENOTDIR && errno != EACCES)
			scan_errno(u->s, dir, "cannot list");
		return;
	}
	for (i = 0; i < n && i < UU_MAX_UNITS; i++) {
		char *p = path_join(dir, names[i]);
		struct stat st;

		if (tv_lstat(u->s->tv, p, &st) == 0 && S_ISDIR(st.st_mode)) {
			/* NAME.d drop-ins and NAME.wants links */
			if (has_proper_suffix(names[i], ".d") ||
			    has_proper_suffix(names[i], ".wants"))
				uu_path(u, p, "unit drop-in directory", NULL, 0);
		} else if (unit_type_of(names[i]) != UNIT_OTHER &&
		    !uu_path(u, p, "user unit", names[i], 0) &&
		    has_proper_suffix(names[i], ".service"))
			uu_unit_programs(u, p, names[i]);
		free(p);
	}
	tv_list_free(names, n);
}

/* the accounts that linger, as "a, b" (NULL: none) */
static char *
uu_lingering(struct scan *s)
{
	char **names, *out = NULL;
	size_t i, n;

	if (tv_list(s->tv, LINGER_DIR, &names, &n) == -1)
		return NULL;
	for (i = 0; i < n; i++) {
		char *o = out ? xasprintf("%s, %s", out, names[i]) :
		    xstrdup(names[i]);

		free(out);
		out = o;
	}
	tv_list_free(names, n);
	return out;
}

static int
uu_report(struct scan *s, void **priv)
{
	struct uu u;
	size_t i;
	const char *const *d;

	(void)priv;
	if (s->user.uid == 0)
		return 0;
	memset(&u, 0, sizeof u);
	u.s = s;
	u.seen.copies = 1;
	for (i = 0; i < s->db.nusers; i++) {
		const struct pwent *pw = &s->db.users[i];
		char *dir;

		if (pw->uid == s->user.uid || !known_usable_home(pw->home,
		    pw->uid == 0))
			continue;
		u.pw = pw;
		u.linger = lingers(s, pw->name);
		dir = path_join(pw->home, ".config/systemd/user");
		/* a lingering account's manager runs at boot: a unit
		 * directory the user can create is as good as one it can
		 * write */
		uu_dir(&u, dir, u.linger);
		free(dir);
	}
	u.pw = NULL;
	u.linger = 0;
	u.lingering = uu_lingering(s);
	for (d = global_dirs; *d; d++)
		uu_dir(&u, *d, 0);
	free(u.lingering);
	strmap_free(&u.seen);
	return 0;
}

const struct check check_user_units = {
	.who = { "user-units", "systemd" },
	.report = uu_report,
};
