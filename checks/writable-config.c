/*
 * writable-config.c: security-relevant configuration the user can write
 * or replace. The list is of files whose content decides who is root
 * (passwd, shadow, sudoers), what root's processes load (ld.so.preload,
 * PAM modules, NSS), or what root runs on an event (udev, logrotate,
 * motd). Directories are checked themselves and file by file. Sources:
 * passwd(5), shadow(5), sudoers(5) and sudo.conf(5) (Plugin paths), pam.d(5),
 * ld.so(8) (/etc/ld.so.preload applies to set-user-ID programs too),
 * polkit(8) (rules are re-read on change), udev(7), modules-load.d(5),
 * modprobe.d(5) ("install" runs a command), update-motd(5), logrotate(8),
 * pam_env.conf(5).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "known/known.h"
#include "lib/path.h"
#include "lib/xmalloc.h"


/*
 * logrotate, run as root, skips a configuration file that group or
 * others can write or that root does not own: "Ignoring %s because it is
 * writable by group or others." and "... because the file owner is wrong"
 * (logrotate's config.c, readConfigFile; 3.21.0, Debian 12's, verified).
 * A user who can write one (an ACL entry shows in the group bits, the
 * mask), replace it or create one makes a file logrotate refuses: it can
 * stop rotation, not run a script.
 */
static int
wc_logrotate(const struct known_config *it)
{
	return strcmp(it->path, "/etc/logrotate.conf") == 0 ||
	    strcmp(it->path, "/etc/logrotate.d") == 0;
}

static void
wc_finding(struct scan *s, const char *path, const struct known_config *it,
    const struct stat *st, const char *how)
{
	struct finding *f;
	const char *w = access_last_witness(s->acc);
	int replace = strcmp(how, "replaceable") == 0;
	const char *who = s->user.name ? s->user.name : "the user";

	if (wc_logrotate(it)) {
		f = report_add(s->rep, &check_writable_config.who, SEV_LOW,
		    0.5, path, "", "%s is %s by %s, but logrotate refuses a "
		    "configuration file that is not root's or that others can "
		    "write: it can stop rotation, not run a script", path, how,
		    who);
		finding_ev_bool(f, "logrotate_refuses", 1);
	} else
		f = report_add(s->rep, &check_writable_config.who, it->sev,
		    replace ? 0.6 : 0.9, path, "", "%s is %s by %s: it can %s",
		    path, how, who, it->why);
	finding_ev_str(f, "how", how);
	finding_ev_mode(f, "mode", st->st_mode);
	finding_ev_int(f, "uid", (long long)st->st_uid);
	finding_ev_int(f, "gid", (long long)st->st_gid);
	finding_ev_str(f, "why", it->why);
	if (wc_logrotate(it)) {
		/* giving the file back to root makes logrotate run what the
		 * user wrote in it: the fix script leaves it to a person */
		finding_set_remediation(f, "read '%s' first: made root's and "
		    "not writable by others (chown root:root, chmod go-w, "
		    "setfacl -b), logrotate runs its scripts as root again; "
		    "remove it or restore it from its package instead", path);
		finding_watch(s->rep, f, path, S_ISDIR(st->st_mode), "wa");
		return;
	}
	if (replace && w) {
		finding_ev_str(f, "writable_directory", w);
		finding_set_remediation(f, "chown root:root '%s'; chmod go-w "
		    "'%s'", w, w);
	} else if (st->st_uid != 0)
		finding_set_remediation(f, "chown root: '%s'; chmod go-w '%s'; "
		    "setfacl -b '%s'", path, path, path);
	else
		finding_set_remediation(f, "chmod go-w '%s'; setfacl -b '%s'",
		    path, path);
	scan_deny_write(s, f, path);
	finding_watch(s->rep, f, path, S_ISDIR(st->st_mode), "wa");
}

/* 1 if path was reported */
static int
wc_path(struct scan *s, const char *path, const struct known_config *it)
{
	struct stat st;
	const char *how;
	int r;

	if (tv_lstat(s->tv, path, &st) == -1) {
		if (errno != ENOENT && errno != ENOTDIR)
			scan_errno(s, path, "cannot stat");
		/* a missing file is a finding if the user can create it */
		if (it->is_dir || access_can_replace(s->acc, path) != ACC_YES)
			return 0;
		memset(&st, 0, sizeof st);
		wc_finding(s, path, it, &st, "creatable");
		return 1;
	}
	r = access_can_modify(s->acc, path, &how);
	if (r == ACC_UNKNOWN) {
		scan_errno(s, path, "cannot evaluate access");
		return 0;
	}
	if (r != ACC_YES)
		return 0;
	wc_finding(s, path, it, &st, how);
	return 1;
}

static int
wc_report(struct scan *s, void **priv)
{
	const struct known_config *it;
	size_t j, n;
	char **names;

	(void)priv;
	if (s->user.uid == 0)
		return 0;
	for (it = known_security_configs; it->path; it++) {
		/* a directory the user controls says it all for its files */
		if (wc_path(s, it->path, it) || !it->is_dir)
			continue;
		if (tv_list(s->tv, it->path, &names, &n) == -1) {
			if (errno != ENOENT && errno != ENOTDIR)
				scan_errno(s, it->path, "cannot list");
			continue;
		}
		for (j = 0; j < n; j++) {
			char *p = path_join(it->path, names[j]);
			struct stat st;

			/* files, and one level of subdirectories' files are
			 * not read by these programs: files only */
			if (tv_lstat(s->tv, p, &st) == 0 && !S_ISDIR(st.st_mode))
				wc_path(s, p, it);
			free(p);
		}
		tv_list_free(names, n);
	}
	return 0;
}

const struct check check_writable_config = {
	.who = { "writable-config", "writable-config" },
	.report = wc_report,
};
