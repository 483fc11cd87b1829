/*
 * shell-rc.c: shell startup files that run as someone else. A file the
 * user can write or replace among the system-wide ones (/etc/profile and
 * its profile.d, bash.bashrc, zsh's and fish's global files, bash
 * completions, /etc/environment) runs the user's code in root's next
 * login shell, and everyone's; one in another account's home runs it as
 * that account at its next login; and in the user's own home, when the
 * same account can sudo, a shell function named sudo captures the
 * password of the person who shares the account. All of them wait for a
 * login, so they are high, never critical (report-contract.md).
 *
 * Which files each shell reads: bash(1) INVOCATION (/etc/profile, then
 * the first of ~/.bash_profile, ~/.bash_login, ~/.profile; ~/.bashrc for
 * interactive non-login shells; ~/.bash_logout), Debian's bash builds
 * (/etc/bash.bashrc, /etc/bash.bash_logout) and default ~/.bashrc (which
 * sources ~/.bash_aliases), Fedora's /etc/bashrc, dash(1) and sh's
 * ~/.profile, zsh(1) STARTUP/SHUTDOWN FILES (/etc/zsh/ on Debian, /etc/ on
 * Fedora), fish's config documentation (~/.config/fish/config.fish and
 * the .fish files of conf.d, /etc/fish/), tcsh(1) (/etc/csh.cshrc,
 * /etc/csh.login, ~/.cshrc, ~/.tcshrc, ~/.login), sshd(8) FILES
 * (~/.ssh/rc runs at every ssh login), pam_env(8) (/etc/environment), bash-completion's README
 * (/etc/bash_completion.d is sourced by every interactive bash).
 *
 * Accounts whose shell cannot log in (nologin, false, sync...) are left
 * out: nothing reads their startup files at a login. The check reads no
 * file's content and never runs a shell.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/follow.h"
#include "lib/path.h"
#include "known/surfaces.h"
#include "lib/xmalloc.h"

#include "checks/sudo.h"
#include "lib/str.h"
#include "known/known.h"

/* the startup files in a home (known_rc_home) and system-wide, read at
 * every login, root's included (known_rc_sys): known/surfaces.c, which
 * events read too */

/* One finding per path; a second account living in the same place joins
 * the first one's evidence. */
struct rc_hit {
	char		*path;
	struct finding	*f;
	json_t		*accounts;	/* borrowed from f's evidence */
};

struct rc_ctx {
	struct rc_hit	*v;
	size_t		 n;
};

static struct rc_hit *
hit_find(struct rc_ctx *c, const char *path)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].path, path) == 0)
			return &c->v[i];
	return NULL;
}

/* known_shell_logs_in (known/homes.c) */
static int
can_log_in(const struct pwent *pw)
{
	return known_shell_logs_in(pw->shell);
}

static const char *
uname_or(struct scan *s)
{
	return s->user.name ? s->user.name : "the user";
}

/* Report path (a file or directory the user can modify, how says how)
 * as run by account (NULL: every login, root's included). */
static void
rc_hit(struct scan *s, struct rc_ctx *c, const char *path, const char *how,
    int is_dir, const char *what, const char *reader,
    const struct pwent *pw)
{
	struct rc_hit *h = hit_find(c, path);
	const char *w = access_last_witness(s->acc);
	struct finding *f;
	struct stat st;
	int have_st, root = pw == NULL || pw->uid == 0;
	double weight;

	if (h) {
		if (pw && h->accounts)
			json_array_append_new(h->accounts,
			    json_string(pw->name));
		return;
	}
	/* the mode and owner of what the path leads to, links followed */
	have_st = tv_stat(s->tv, path, &st) == 0;
	weight = pw == NULL ? 0.9 : root ? 0.85 : 0.6;
	if (strcmp(how, "replaceable") == 0 || strcmp(how, "creatable") == 0)
		weight -= 0.1;
	if (pw == NULL)
		f = report_add(s->rep, &check_shell_rc.who, SEV_HIGH, weight,
		    path, "system", "%s is %s by %s: %s in login shells, "
		    "root's included (%s)", path, how, uname_or(s), is_dir ?
		    "what it holds runs" : "it runs", reader);
	else
		f = report_add(s->rep, &check_shell_rc.who, SEV_HIGH, weight,
		    path, "account", "%s of %s is %s by %s: %s as %s at %s "
		    "next login (%s)", what, pw->name, how, uname_or(s),
		    is_dir ? "startup files put there run" : "it runs",
		    pw->name, root ? "root's" : "that account's", reader);
	/* code run at the account's next login (root's for a file every
	 * login shell reads) */
	if (root)
		finding_grant(f, GRANT_ROOT, 0, NULL, WAIT_LOGIN, 1);
	else
		scan_grant_user(s, f, pw->uid, WAIT_LOGIN, 1);
	finding_ev_str(f, "how", how);
	finding_ev_str(f, "kind", what);
	finding_ev_str(f, "read_by", reader);
	{
		char target[4096];
		ssize_t n = tv_readlink(s->tv, path, target, sizeof target - 1);

		if (n > 0) {
			target[n] = '\0';
			finding_ev_str(f, "symlink_to", target);
		}
	}
	if (have_st) {
		finding_ev_mode(f, "mode", st.st_mode);
		finding_ev_int(f, "uid", (long long)st.st_uid);
		finding_ev_int(f, "gid", (long long)st.st_gid);
	}
	if (w && strcmp(how, "writable") != 0)
		finding_ev_str(f, "writable_directory", w);
	if (pw == NULL)
		finding_ev_str(f, "runs_as", "root at root's next login, and "
		    "every user at theirs");
	else if (root)
		finding_ev_str(f, "runs_as", "runs as root at root's next "
		    "login");
	else
		finding_ev_str(f, "runs_as", pw->name);
	if (pw) {
		json_t *a = json_array();

		json_array_append_new(a, json_string(pw->name));
		finding_ev_json(f, "accounts", a);
	}
	if (w && strcmp(how, "writable") != 0)
		finding_set_remediation(f, "chown root: '%s'; chmod go-w '%s'",
		    w, w);
	else if (pw && have_st && st.st_uid != pw->uid && st.st_uid != 0)
		finding_set_remediation(f, "chown '%s': '%s'; chmod go-w '%s'; "
		    "setfacl -b '%s'", pw->name, path, path, path);
	else
		finding_set_remediation(f, "chmod go-w '%s'; setfacl -b '%s'",
		    path, path);
	finding_close(f, CLOSE_WRITE, path);
	finding_watch(s->rep, f, path, is_dir, "wa");

	c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
	c->v[c->n].path = xstrdup(path);
	c->v[c->n].f = f;
	c->v[c->n].accounts = json_object_get(f->evidence, "accounts");
	c->n++;
}

/* Can the user modify path? "writable", "replaceable", "creatable" (it
 * is missing and the user can create it), or NULL. missing_ok: a missing
 * path counts when creatable. */
static const char *
rc_modifiable(struct scan *s, const char *path, int missing_ok, int *is_dir)
{
	struct stat st;
	const char *how;
	int r;

	*is_dir = 0;
	if (tv_stat(s->tv, path, &st) == -1) {
		if (errno != ENOENT && errno != ENOTDIR) {
			if (errno != EACCES)
				scan_errno(s, path, "cannot stat");
			return NULL;
		}
		/* a dangling link is resolved by the access model too */
		if (!missing_ok && tv_lstat(s->tv, path, &st) == -1)
			return NULL;
		if (access_can_replace(s->acc, path) == ACC_YES)
			return "creatable";
		return NULL;
	}
	*is_dir = S_ISDIR(st.st_mode);
	r = access_can_modify(s->acc, path, &how);
	if (r == ACC_UNKNOWN) {
		scan_errno(s, path, "cannot evaluate access");
		return NULL;
	}
	return r == ACC_YES ? how : NULL;
}

/* the files of dir that the readers take; 1 if dir itself was reported */
static void
rc_dir_files(struct scan *s, struct rc_ctx *c, const char *dir,
    const char *suffix, const char *what, const char *reader,
    const struct pwent *pw)
{
	char **names;
	size_t n, i;
	int isdir;

	if (tv_list(s->tv, dir, &names, &n) == -1) {
		if (errno != ENOENT && errno != ENOTDIR && errno != EACCES)
			scan_errno(s, dir, "cannot list");
		return;
	}
	for (i = 0; i < n; i++) {
		char *p;
		const char *how;

		if (suffix && !has_proper_suffix(names[i], suffix))
			continue;
		p = path_join(dir, names[i]);
		how = rc_modifiable(s, p, 0, &isdir);
		if (how && !isdir)
			rc_hit(s, c, p, how, 0, what, reader, pw);
		free(p);
	}
	tv_list_free(names, n);
}

static void
rc_system(struct scan *s, struct rc_ctx *c)
{
	size_t i;
	int isdir;

	for (i = 0; known_rc_sys[i].path; i++) {
		const struct known_path *it = &known_rc_sys[i];
		/* a missing /etc/profile or /etc/environment is still read
		 * at every login: creating one counts */
		int missing_ok = strcmp(it->path, "/etc/profile") == 0 ||
		    strcmp(it->path, "/etc/environment") == 0;
		const char *how = rc_modifiable(s, it->path, missing_ok, &isdir);

		if (how) {
			rc_hit(s, c, it->path, how, isdir, it->kind == RC_FILE ?
			    "system startup file" : "system startup directory",
			    it->reader, NULL);
			continue;
		}
		switch (it->kind) {
		case RC_DIR_SH:
			rc_dir_files(s, c, it->path, ".sh",
			    "system startup file", it->reader, NULL);
			break;
		case RC_DIR_FISH:
			rc_dir_files(s, c, it->path, ".fish",
			    "system startup file", it->reader, NULL);
			break;
		case RC_DIR_ALL:
			rc_dir_files(s, c, it->path, NULL,
			    "system startup file", it->reader, NULL);
			break;
		default:
			break;
		}
	}
}

/* the startup files of another account's home */
static void
rc_home(struct scan *s, struct rc_ctx *c, const struct pwent *pw)
{
	const char *how;
	char *p, *cfg, *fish;
	size_t i;
	int isdir;

	/* the home itself: whoever controls it creates any file in it */
	how = rc_modifiable(s, pw->home, 1, &isdir);
	if (how && strcmp(pw->home, "/") != 0) {
		rc_hit(s, c, pw->home, how, 1, "home directory", "the shells "
		    "read ~/.profile, ~/.bashrc and the rest from it", pw);
		return;
	}
	for (i = 0; known_rc_home[i].path; i++) {
		p = path_join(pw->home, known_rc_home[i].path);
		/* a missing file counts when the user can create it (a
		 * sticky world-writable home, or ~/.ssh writable) */
		how = rc_modifiable(s, p, 1, &isdir);
		if (how && !isdir)
			rc_hit(s, c, p, how, 0, "startup file",
			    known_rc_home[i].reader, pw);
		free(p);
	}
	/* fish: ~/.config, ~/.config/fish, config.fish, conf.d/ *.fish */
	cfg = path_join(pw->home, ".config");
	fish = path_join(cfg, "fish");
	if ((how = rc_modifiable(s, cfg, 0, &isdir)) != NULL && isdir)
		rc_hit(s, c, cfg, how, 1, "configuration directory", "fish "
		    "(~/.config/fish), systemd --user units and desktop "
		    "autostart entries", pw);
	else if ((how = rc_modifiable(s, fish, 0, &isdir)) != NULL && isdir)
		rc_hit(s, c, fish, how, 1, "fish configuration directory",
		    "every fish shell", pw);
	else {
		p = path_join(fish, "config.fish");
		if ((how = rc_modifiable(s, p, 0, &isdir)) != NULL && !isdir)
			rc_hit(s, c, p, how, 0, "startup file", "every fish "
			    "shell", pw);
		free(p);
		p = path_join(fish, "conf.d");
		if ((how = rc_modifiable(s, p, 0, &isdir)) != NULL && isdir)
			rc_hit(s, c, p, how, 1, "fish configuration directory",
			    "every fish shell", pw);
		else
			rc_dir_files(s, c, p, ".fish", "startup file",
			    "every fish shell", pw);
		free(p);
	}
	free(fish);
	free(cfg);
}

/* an sh-family startup file (csh's, tcsh's and fish's are another
 * language; /etc/environment is pam_env's, not a script) */
static int
rc_is_sh(const char *path)
{
	const char *b = path_basename(path);

	return strstr(b, "csh") == NULL && strcmp(b, ".login") != 0 &&
	    strcmp(b, "environment") != 0 && strstr(path, "fish") == NULL;
}

struct rc_env {
	const char	*home;
	const char	*path;
};

/* a startup file this check reports by itself when the user can
 * change it: a system one, or one of the account's home */
static int
rc_judged(void *ctx, const char *path)
{
	const struct rc_env *e = ctx;
	size_t i, n;

	for (i = 0; known_rc_sys[i].path; i++) {
		n = strlen(known_rc_sys[i].path);
		if (strncmp(path, known_rc_sys[i].path, n) == 0 &&
		    (path[n] == '\0' || (path[n] == '/' &&
		    known_rc_sys[i].kind != RC_FILE)))
			return 1;
	}
	n = strlen(e->home);
	if (strncmp(path, e->home, n) != 0 || path[n] != '/')
		return 0;
	for (i = 0; known_rc_home[i].path; i++)
		if (strcmp(path + n + 1, known_rc_home[i].path) == 0)
			return 1;
	return 0;
}

static const char *
rc_var(void *ctx, const char *name, size_t n)
{
	const struct rc_env *e = ctx;

	if (n == 4 && memcmp(name, "HOME", 4) == 0)
		return e->home;
	if (n == 4 && memcmp(name, "PATH", 4) == 0)
		return e->path;
	return NULL;
}

/*
 * The startup files another account's login reads, followed into what
 * they source and run (checks/follow.c): the system-wide ones as root
 * (when root can log in), each home's as its account. A login waits for
 * a person: high. PATH is Debian's /etc/profile's (root's with sbin).
 */
static void
rc_follow_account(struct scan *s, struct follow *fl, const struct pwent *pw)
{
	struct rc_env e;
	struct fl_job j;
	struct stat st;
	size_t i, k, n;
	char **names;

	memset(&j, 0, sizeof(j));
	e.home = pw->home;
	e.path = pw->uid == 0 ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:"
	    "/usr/bin:/sbin:/bin" : "/usr/local/bin:/usr/bin:/bin";
	j.runs_as = pw->name;
	j.uid = pw->uid;
	j.pw = pw;
	j.wait = "login";
	j.sev = SEV_HIGH;
	j.weight = pw->uid == 0 ? 0.8 : 0.6;
	j.search = e.path;
	j.cwd = pw->home;
	j.home = pw->home;
	j.var = rc_var;
	j.ctx = &e;
	j.shell = 1;
	j.judged = rc_judged;
	for (i = 0; pw->uid == 0 && known_rc_sys[i].path; i++) {
		const struct known_path *it = &known_rc_sys[i];

		if (!rc_is_sh(it->path))
			continue;
		j.origin = it->path;
		if (it->kind == RC_FILE) {
			follow_sourced(fl, &j, it->path);
			continue;
		}
		if (it->kind != RC_DIR_SH ||
		    tv_list(s->tv, it->path, &names, &n) == -1)
			continue;
		for (k = 0; k < n; k++) {
			char *p;

			if (!has_proper_suffix(names[k], ".sh"))
				continue;
			p = path_join(it->path, names[k]);
			if (tv_stat(s->tv, p, &st) == 0 && S_ISREG(st.st_mode))
				follow_sourced(fl, &j, p);
			free(p);
		}
		tv_list_free(names, n);
	}
	for (i = 0; known_rc_home[i].path; i++) {
		char *p = path_join(pw->home, known_rc_home[i].path);

		j.origin = p;
		if (rc_is_sh(p) && strncmp(known_rc_home[i].path, ".x", 2) &&
		    tv_stat(s->tv, p, &st) == 0 && S_ISREG(st.st_mode))
			follow_sourced(fl, &j, p);
		free(p);
	}
}

static int
user_in_group_named(struct scan *s, const char *name)
{
	const struct grent *g = userdb_group_by_name(&s->db, name);

	return g && ident_in_group(&s->user, g->gid);
}

/*
 * Can the scanned account sudo? 1 (with *how saying why, *nopasswd set
 * if a rule needs no password), 0, or -1 unknown.
 */
static int
rc_can_sudo(struct scan *s, const char **how, int *nopasswd,
    int *from_sudoers)
{
	static const char *const groups[] = { "sudo", "wheel", "admin", NULL };
	static const char *const bins[] = {
		"/usr/bin/sudo", "/bin/sudo", "/usr/local/bin/sudo", NULL,
	};
	struct stat st;
	size_t i;
	int have_sudo = 0;

	*nopasswd = 0;
	*from_sudoers = 0;
	for (i = 0; bins[i]; i++)
		if (tv_stat(s->tv, bins[i], &st) == 0 && S_ISREG(st.st_mode))
			have_sudo = 1;
	if (!have_sudo)
		return 0;
	/* the sudo check's reading of sudoers (checks/sudo.c): a fake
	 * sudo captures a password only when some rule asks for one */
	{
		int needs = 1, asks = 0, r = sudo_user_can_sudo(s, &needs,
		    &asks);

		if (r == 1 && !asks)
			return 0;
		if (r == 1) {
			*nopasswd = !needs;
			*how = needs ? "a sudoers rule that asks for the "
			    "account's password" : "a sudoers rule that asks "
			    "no password";
			*from_sudoers = 1;
			return 1;
		}
		if (r == 0)
			return 0;
	}
	/* The sudoers files could not be read: fall back on the groups
	 * distributions' default sudoers grant (Debian/Ubuntu "%sudo
	 * ALL=(ALL:ALL) ALL", Fedora/Arch "%wheel", old Ubuntu "%admin"). */
	for (i = 0; groups[i]; i++)
		if (user_in_group_named(s, groups[i])) {
			*how = groups[i][0] == 's' ? "member of group sudo" :
			    groups[i][0] == 'w' ? "member of group wheel" :
			    "member of group admin";
			return 1;
		}
	return 0;
}

/* the file the account's own shell reads first in an interactive login */
static const char *
own_rc_name(const char *shell)
{
	const char *b = shell && *shell ? path_basename(shell) : "sh";

	if (strcmp(b, "bash") == 0)
		return ".bashrc";
	if (strcmp(b, "zsh") == 0)
		return ".zshrc";
	if (strcmp(b, "fish") == 0)
		return ".config/fish/config.fish";
	if (strcmp(b, "tcsh") == 0 || strcmp(b, "csh") == 0)
		return ".cshrc";
	return ".profile";
}

/* The sudo piggyback: the account's own startup file, when it can sudo. */
static void
rc_own(struct scan *s)
{
	const char *how = NULL, *why = NULL, *name;
	struct finding *f;
	struct stat st;
	char *p;
	int isdir, nopasswd, from_sudoers, r;

	if (s->user.home == NULL || !known_usable_home(s->user.home, 1) ||
	    s->user.name == NULL)
		return;
	r = rc_can_sudo(s, &why, &nopasswd, &from_sudoers);
	if (r != 1)
		return;
	name = own_rc_name(s->user.shell);
	p = path_join(s->user.home, name);
	how = rc_modifiable(s, p, 1, &isdir);
	if (how == NULL || isdir) {
		free(p);
		return;
	}
	f = report_add(s->rep, &check_shell_rc.who, SEV_HIGH,
	    nopasswd ? 0.4 : 0.7, p, "sudo-piggyback", "%s can sudo (%s) and "
	    "its own startup file %s is %s: a function or alias named sudo "
	    "there captures the password of the person who shares the "
	    "account", s->user.name, why, p, how);
	/* the password typed at the next sudo of whoever shares it */
	finding_grant(f, GRANT_ROOT, 0, NULL, WAIT_SUDO, 0);
	finding_ev_str(f, "how", how);
	finding_ev_str(f, "kind", "own startup file");
	finding_ev_str(f, "sudo", why);
	finding_ev_bool(f, "sudo_without_password", nopasswd);
	finding_ev_str(f, "why", "a sudo function or alias defined here "
	    "captures the password of the person who types it in this "
	    "account's shells, then runs the real sudo");
	if (!from_sudoers)
		finding_ev_str(f, "sudoers", "unreadable: judged by group "
		    "membership only");
	if (tv_stat(s->tv, p, &st) == 0)
		finding_ev_mode(f, "mode", st.st_mode);
	if (user_in_group_named(s, "sudo") || user_in_group_named(s,
	    "wheel") || user_in_group_named(s, "admin"))
		finding_set_remediation(f, "gpasswd -d '%s' '%s'  # or run the "
		    "agent under its own account, one that cannot sudo",
		    s->user.name, user_in_group_named(s, "sudo") ? "sudo" :
		    user_in_group_named(s, "wheel") ? "wheel" : "admin");
	else
		finding_set_remediation(f, "visudo  # remove %s's rules, or run "
		    "the agent under its own account, one that cannot sudo",
		    s->user.name);
	finding_close(f, CLOSE_WRITE, p);
	finding_watch(s->rep, f, p, 0, "wa");
	free(p);
}

static int
rc_report(struct scan *s, void **priv)
{
	struct rc_ctx c = { NULL, 0 };
	struct follow *fl;
	size_t i, pass;

	(void)priv;
	if (s->user.uid == 0)
		return 0;
	rc_system(s, &c);
	fl = follow_new(s, &check_shell_rc.who);
	/* root's accounts first, so a place shared with root is root's */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < s->db.nusers; i++) {
			const struct pwent *pw = &s->db.users[i];

			if ((pass == 0) != (pw->uid == 0))
				continue;
			if (pw->uid == s->user.uid || !can_log_in(pw) ||
			    !known_usable_home(pw->home, 1))
				continue;
			rc_home(s, &c, pw);
			rc_follow_account(s, fl, pw);
		}
	follow_free(fl);
	rc_own(s);
	for (i = 0; i < c.n; i++)
		free(c.v[i].path);
	free(c.v);
	return 0;
}

const struct check check_shell_rc = {
	.who = { "shell-rc", "shell-rc" },
	.report = rc_report,
};
