/*
 * group-membership.c: the user's groups, matched by gid through the
 * target's own group file, against the known root-equivalent and
 * log-reading groups (known/groups.c). A group that merely looks
 * like one ("dockerx") matches nothing: names are compared exactly.
 * sudo, wheel and admin count only where the target's sudoers names them
 * (checks/sudo.c).
 */
#include <stdio.h>
#include <string.h>

#include "checks/check.h"
#include "checks/sudo.h"
#include "known/known.h"

static void
gm_one(struct scan *s, const struct grent *gr, int primary)
{
	const struct known_group *k = known_group_find(gr->name);
	struct finding *f;
	const char *u = s->user.name ? s->user.name : "this uid";
	char gid[32];
	size_t i;

	if (k == NULL)
		return;
	/* a sudo group is root-equivalent only through a rule that names
	 * it; without a readable sudoers the distribution's is assumed */
	for (i = 0; known_sudo_groups[i]; i++)
		if (strcmp(gr->name, known_sudo_groups[i]) == 0 &&
		    sudo_names_group(s, gr->name, gr->gid) == 0)
			return;
	snprintf(gid, sizeof gid, "%lu", (unsigned long)gr->gid);
	f = report_add(s->rep, &check_group_membership.who, k->sev,
	    0.8, "/etc/group", gr->name, "%s is in group %s: %s", u, gr->name,
	    k->why);
	finding_ev_str(f, "group", gr->name);
	finding_ev_int(f, "gid", (long long)gr->gid);
	finding_ev_str(f, "how", primary ? "primary group in /etc/passwd" :
	    "listed as a member in /etc/group");
	finding_ev_str(f, "why", k->why);
	if (s->user.name && !primary)
		finding_set_remediation(f, "gpasswd -d '%s' '%s'", s->user.name,
		    gr->name);
	else if (s->user.name)
		finding_set_remediation(f, "usermod -g <another group> '%s'  "
		    "# %s is the primary group", s->user.name, gr->name);
	finding_close(f, CLOSE_GROUP, gr->name);
	finding_watch(s->rep, f, "/etc/group", 0, "wa");
}

static int
gm_report(struct scan *s, void **priv)
{
	size_t i, j;

	(void)priv;
	if (s->user.uid == 0)
		return 0;
	for (i = 0; i < s->user.ngids; i++)
		for (j = 0; j < s->db.ngroups; j++)
			if (s->db.groups[j].gid == s->user.gids[i])
				gm_one(s, &s->db.groups[j],
				    s->user.gids[i] == s->user.gid);
	return 0;
}

const struct check check_group_membership = {
	.who = { "group-membership", "group-membership" },
	.report = gm_report,
};
