/*
 * setuid.c: setuid and setgid executables, scored by what running them
 * gives the user. The walk hands over every regular file with a set-id
 * bit; report() asks, as the target user: does it grant another identity
 * (not the user's own uid, not a group the user already has)? can the user
 * execute it? is it a program that spawns a shell or writes files with its
 * privileges (GTFOBins' "SUID" list, known/gtfobins.c)? can the
 * user write or replace it? Ordinary distribution programs in system
 * directories are the baseline (info).
 *
 * Writing a setuid file clears its set-id bits (the kernel's
 * file_remove_privs), so a writable or replaceable one is not root by
 * itself: it is a trojan that runs as whoever runs it next (high).
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "known/known.h"
#include "checks/provenance.h"
#include "engine/entries.h"
#include "parse/mounts.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

static const char *
uid_name(struct scan *s, uid_t uid)
{
	const struct pwent *pw = userdb_user_by_uid(&s->db, uid);

	return pw ? pw->name : NULL;
}

static const char *
gid_name(struct scan *s, gid_t gid)
{
	const struct grent *gr = userdb_group_by_gid(&s->db, gid);

	return gr ? gr->name : NULL;
}

/* is the group a known powerful one? its severity, or -1 */
static int
group_power(struct scan *s, gid_t gid)
{
	const char *n = gid_name(s, gid);
	const struct known_group *k;

	if (gid == 0)
		return SEV_HIGH;
	if (n == NULL || (k = known_group_find(n)) == NULL)
		return -1;
	return (int)k->sev;
}

/* a set-id program's severity by what it is, with its weight (*w, left
 * as it is when nothing changes it) and why (*what); *by_name when only
 * its name rated it, which provenance may then correct */
static enum severity
su_rate(struct scan *s, const struct kept *k, const struct known_program *gt,
    int suid, int exec, int mod, int gp, double *w, const char **what,
    int *by_name)
{
	enum severity sev;

	if (s->mounts && mounts_nosuid(s->mounts, k->path) == 1) {
		/* exec ignores set-id bits on a nosuid mount (mount(8)) */
		sev = SEV_INFO;
		*what = "on a nosuid mount: the set-id bits have no effect";
	} else if (mod == ACC_YES) {
		sev = SEV_HIGH;
		*w = 0.9;
		*what = "the user can write or replace it: whoever runs it "
		    "next runs the user's code";
	} else if (exec != ACC_YES) {
		sev = SEV_INFO;
		*what = "the user cannot execute it";
	} else if (!suid && gp < (int)SEV_MEDIUM) {
		/* only a group no table calls powerful: what the program
		 * does with it is its business (ssh-agent's _ssh, crontab's
		 * crontab, wall's tty) */
		sev = known_distro_setuid(k->path) ? SEV_INFO : SEV_LOW;
		*what = sev == SEV_INFO ? "a distribution's standard set-id "
		    "program" : "setgid to a group with no known power";
		*by_name = 1;
	} else if (gt && (gt->what & (GTFO_SUID_SHELL | GTFO_SUID_WRITE))) {
		if (suid && k->st.st_uid == 0) {
			sev = SEV_CRITICAL;
			*w = (gt->what & GTFO_SUID_SHELL) ? 0.9 : 0.7;
		} else if (suid)
			sev = SEV_HIGH;	/* becomes another, non-root user */
		else if (gp >= SEV_HIGH)
			sev = gp == SEV_CRITICAL ? SEV_CRITICAL : SEV_HIGH;
		else
			sev = SEV_MEDIUM;
		*what = (gt->what & GTFO_SUID_SHELL) ?
		    "known to spawn a shell that keeps its privileges "
		    "(GTFOBins, SUID)" :
		    "known to write arbitrary files with its privileges "
		    "(GTFOBins, SUID)";
	} else if (gt && (gt->what & GTFO_SUID_READ)) {
		sev = suid && k->st.st_uid == 0 ? SEV_HIGH : SEV_MEDIUM;
		*what = "known to read arbitrary files with its privileges "
		    "(GTFOBins, SUID): /etc/shadow, private keys";
	} else if (known_distro_setuid(k->path)) {
		sev = SEV_INFO;
		*what = "a distribution's standard set-id program";
		*by_name = 1;
	} else {
		sev = SEV_MEDIUM;
		*w = 0.3;
		*what = "not a standard distribution program: review what "
		    "it lets a caller do";
		*by_name = 1;
	}
	return sev;
}

static void
su_one(struct scan *s, struct pkgdb *db, const struct kept *k)
{
	const char *base = path_basename(k->path);
	const struct known_program *gt = known_program_find(base);
	int suid = (k->st.st_mode & S_ISUID) && k->st.st_uid != s->user.uid;
	int sgid = (k->st.st_mode & S_ISGID) && (k->st.st_mode & S_IXGRP) &&
	    !ident_in_group(&s->user, k->st.st_gid);
	const char *how = NULL, *oname, *gname, *what;
	enum severity sev;
	double w = 0.5;
	int exec, mod, gp, by_name = 0, grants;
	struct finding *f;
	char cause[16], *pwhat = NULL;
	struct prov_result pr;

	if (!suid && !sgid)
		return;		/* grants nothing the user lacks */
	oname = uid_name(s, k->st.st_uid);
	gname = gid_name(s, k->st.st_gid);
	exec = access_can(s->acc, k->path, ACC_EXEC);
	mod = access_can_modify(s->acc, k->path, &how);
	gp = sgid ? group_power(s, k->st.st_gid) : -1;

	sev = su_rate(s, k, gt, suid, exec, mod, gp, &w, &what, &by_name);
	/* Provenance replaces the name rules where the target has a
	 * package database: what no package ships, or what changed since,
	 * is at least high; an unmodified packaged program is the
	 * distribution's baseline. Known escapes keep their severity. */
	prov_lookup(db, k->path, &pr);
	if (pr.prov != PROV_NONE && mod != ACC_YES && exec == ACC_YES) {
		if (prov_suspect(&pr)) {
			if (sev < SEV_HIGH) {
				sev = SEV_HIGH;
				w = pr.prov == PROV_UNSHIPPED ? 0.4 : 0.7;
			}
			what = pwhat = pr.prov == PROV_UNSHIPPED ?
			    xstrdup("no installed package ships it: unknown "
			    "code running with another identity") :
			    xasprintf("its content differs from the checksum "
			    "package %s recorded: modified since it was "
			    "installed", pr.pkg);
		} else if (by_name && pr.prov == PROV_SHIPPED) {
			sev = SEV_INFO;
			what = pwhat = xasprintf("shipped by package %s%s",
			    pr.pkg, pr.verified == PKGDB_MATCH ?
			    ", unmodified" : "");
		}
	}
	snprintf(cause, sizeof cause, "%s%s", suid ? "u" : "", sgid ? "g" : "");
	f = report_add(s->rep, &check_setuid.who, sev, w, k->path, cause,
	    "%s%s%sprogram %s: %s", suid ? "setuid " : "",
	    suid && sgid ? "and " : "", sgid ? "setgid " : "", k->path, what);
	finding_ev_mode(f, "mode", k->st.st_mode);
	finding_ev_int(f, "uid", (long long)k->st.st_uid);
	finding_ev_str(f, "owner", oname);
	finding_ev_int(f, "gid", (long long)k->st.st_gid);
	finding_ev_str(f, "group", gname);
	finding_ev_bool(f, "setuid", suid);
	finding_ev_bool(f, "setgid", sgid);
	finding_ev_bool(f, "user_can_execute", exec == ACC_YES);
	if (how)
		finding_ev_str(f, "user_can_modify", how);
	if (mod == ACC_YES && access_last_witness(s->acc) &&
	    strcmp(how, "replaceable") == 0)
		finding_ev_str(f, "writable_directory",
		    access_last_witness(s->acc));
	if (gt)
		finding_ev_str(f, "gtfobins", base);
	prov_evidence(f, db, &pr);
	free(pwhat);
	/* run as its owner (or with its group): certain with a known
	 * escape at high or above; a shell escape hands the identity over
	 * whatever the group's name says (the graph judges its power) */
	grants = exec == ACC_YES && sev > SEV_INFO && (sev >= SEV_MEDIUM ||
	    (gt != NULL && (gt->what & GTFO_SHELL)));
	if (grants && suid)
		scan_grant_user(s, f, k->st.st_uid, WAIT_NOW, gt != NULL &&
		    (sev >= SEV_HIGH || (gt->what & GTFO_SHELL)));
	else if (grants)
		scan_grant_group(s, f, k->st.st_gid, WAIT_NOW, gt != NULL &&
		    (sev >= SEV_HIGH || (gt->what & GTFO_SHELL)));
	if (sev >= SEV_MEDIUM || grants) {
		if (mod == ACC_YES)
			finding_set_remediation(f, "chmod u-s,g-s '%s'; "
			    "chmod go-w '%s'", k->path, k->path);
		else
			finding_set_remediation(f, "chmod %s '%s'",
			    suid && sgid ? "u-s,g-s" : suid ? "u-s" : "g-s",
			    k->path);
		finding_close(f, CLOSE_EXEC, k->path);
		finding_watch(s->rep, f, k->path, 0, "x");
		if (mod == ACC_YES)
			finding_watch(s->rep, f, k->path, 0, "wa");
	}
}

static int
su_report(struct scan *s, void **priv)
{
	return prov_report(s, priv, su_one);
}

const struct check check_setuid = {
	.who = { "setuid", "setuid" },
	.want = WANT_SETID,
	.visit = prov_keep,
	.report = su_report,
	.free = prov_keep_free,
};
