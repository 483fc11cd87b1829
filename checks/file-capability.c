/*
 * file-capability.c: executables carrying file capabilities
 * (security.capability), decoded with parse/fcaps.c and graded by the
 * most dangerous capability in the permitted set (known/caps.c).
 * A capability in the permitted set is usable by the program even without
 * the effective flag (a capability-aware program raises it itself), so
 * both count. A file the user cannot execute gives the user nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "known/known.h"
#include "checks/provenance.h"
#include "engine/entries.h"
#include "parse/fcaps.h"
#include "parse/mounts.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

static void
fc_one(struct scan *s, struct pkgdb *db, const struct kept *k)
{
	struct fcaps fc;
	const struct known_cap *worst = NULL;
	enum severity sev = SEV_INFO;
	json_t *caps;
	struct finding *f;
	char *text, *name;
	const char *how = NULL;
	int i, exec, mod, nosuid;
	struct prov_result pr;

	if (fcaps_decode(k->caps, k->capslen, &fc) == -1) {
		report_add_error(s->rep, k->path,
		    "security.capability: malformed value (%zu bytes)",
		    k->capslen);
		return;
	}
	caps = json_array();
	for (i = 0; i < 64; i++) {
		const struct known_cap *kc;

		if (!(fc.permitted & ((uint64_t)1 << i)))
			continue;
		name = fcaps_name(i);
		json_array_append_new(caps, json_string(name));
		free(name);
		kc = known_cap_find(i);
		if (kc && (worst == NULL || kc->sev > worst->sev))
			worst = kc;
	}
	if (worst)
		sev = worst->sev;
	/* Below the root-granting capabilities, what a capability gives
	 * the user depends on the program: a helper that uses cap_net_admin
	 * for its one job is not a way in, an interpreter holding it is. */
	if (sev <= SEV_MEDIUM && sev > SEV_LOW) {
		const struct known_program *kp =
		    known_program_find(path_basename(k->path));

		if (kp == NULL || !(kp->what & (GTFO_SHELL | GTFO_WRITE)))
			sev = SEV_LOW;
	}
	exec = access_can(s->acc, k->path, ACC_EXEC);
	mod = access_can_modify(s->acc, k->path, &how);
	if (mod != ACC_YES)
		how = NULL;
	if (exec != ACC_YES && sev > SEV_INFO)
		sev = SEV_INFO;
	/* exec ignores file capabilities on a nosuid mount (mount(8)) */
	nosuid = s->mounts && mounts_nosuid(s->mounts, k->path) == 1;
	if (nosuid)
		sev = SEV_INFO;
	/* v3 capabilities bind to a user namespace's root: outside it they
	 * grant nothing on the host */
	if (fc.version == 3 && fc.rootid != 0 && sev > SEV_LOW)
		sev = SEV_LOW;
	/* a capability program no package ships, or one modified since its
	 * package installed it, is no helper anyone vouched for: it gets
	 * its capabilities' own severity, at least low. Capabilities that
	 * give no identity (binding low ports, raw sockets) stay what they
	 * are whatever the provenance (issue 20) */
	prov_lookup(db, k->path, &pr);
	if (prov_suspect(&pr) && exec == ACC_YES && !nosuid &&
	    !(fc.version == 3 && fc.rootid != 0)) {
		if (worst && worst->sev > sev)
			sev = worst->sev;
		if (sev < SEV_LOW)
			sev = SEV_LOW;
	}
	text = fcaps_text(&fc);
	name = worst ? fcaps_name(worst->cap) : xstrdup("no known capability");
	f = report_add(s->rep, &check_file_capability.who, sev,
	    fc.effective ? 0.8 : 0.6, k->path, "",
	    "%s carries file capabilities %s%s%s%s", k->path, text,
	    worst ? ": " : "", worst ? worst->why : "",
	    !prov_suspect(&pr) ? "" : pr.prov == PROV_UNSHIPPED ?
	    " (no installed package ships it)" :
	    " (modified since its package installed it)");
	finding_ev_json(f, "capabilities", caps);
	finding_ev_str(f, "text", text);
	finding_ev_str(f, "most_dangerous", name);
	finding_ev_bool(f, "effective", fc.effective);
	finding_ev_int(f, "revision", fc.version);
	if (fc.version == 3)
		finding_ev_int(f, "rootid", fc.rootid);
	finding_ev_mode(f, "mode", k->st.st_mode);
	finding_ev_int(f, "uid", (long long)k->st.st_uid);
	finding_ev_bool(f, "user_can_execute", exec == ACC_YES);
	if (how)
		finding_ev_str(f, "user_can_modify", how);
	prov_evidence(f, db, &pr);
	if (sev >= SEV_MEDIUM) {
		finding_set_remediation(f, "setcap -r '%s'", k->path);
		finding_close(f, CLOSE_EXEC, k->path);
		finding_watch(s->rep, f, k->path, 0, "x");
	}
	free(text);
	free(name);
}

static int
fc_report(struct scan *s, void **priv)
{
	return prov_report(s, priv, fc_one);
}

const struct check check_file_capability = {
	.who = { "file-capability", "file-capability" },
	.want = WANT_CAPS,
	.visit = prov_keep,
	.report = fc_report,
	.free = prov_keep_free,
};
