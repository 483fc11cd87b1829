/*
 * process-capability.c: the state of the target user's running processes
 * (their real uid is the user's: privmap may run as root on the user's
 * behalf, and then its own process is not the user's). From each
 * /proc/PID/status: the capability sets (capabilities(7)), no_new_privs
 * (prctl(2) PR_SET_NO_NEW_PRIVS) and the seccomp mode (seccomp(2)).
 *
 *   a dangerous capability (known/caps.c: high or critical) in the
 *   effective, permitted or ambient set          critical
 *   other capabilities there                      their own grade (low+)
 *   a dangerous capability only inheritable       medium
 *   no_new_privs off and a bounding set holding   medium: every setuid
 *   every dangerous capability (the usual full    program and file
 *   set)                                          capability still works
 *   no_new_privs off, some dangerous ones bounded  low
 *
 * privmap's own process counts only when it runs as the target user
 * (invoked by that user, not dropped from root to PRIVS_UID), and then
 * for its capabilities alone: privmap sets no_new_privs on itself.
 *
 * Live host only; never signals, traces or changes a process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "known/known.h"
#include "checks/live.h"
#include "engine/privs.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

#define PC_MAX_LISTED	64	/* processes listed in one finding */

/* one finding's worth: processes running one program with one state */
struct pc_group {
	char			*program;	/* exe, or /proc/PID/exe */
	uint64_t		 eff, prm, amb, inh, bnd;
	struct proc const	**procs;
	size_t			 n;
};

static uint64_t
pc_dangerous_mask(void)
{
	uint64_t m = 0;
	int c;

	for (c = 0; c < 64; c++) {
		const struct known_cap *k = known_cap_find(c);

		if (k && k->sev >= SEV_HIGH)
			m |= 1ULL << c;
	}
	return m;
}

/* the highest grade of any capability in mask: unknown ones count low */
static enum severity
pc_grade(uint64_t mask)
{
	enum severity worst = SEV_INFO;
	int c;

	for (c = 0; c < 64; c++) {
		const struct known_cap *k;
		enum severity sv;

		if (!(mask & (1ULL << c)))
			continue;
		k = known_cap_find(c);
		sv = k ? k->sev : SEV_LOW;
		if (sv > worst)
			worst = sv;
	}
	return worst;
}

static char *
pc_program(const struct proc *p)
{
	if (p->exe && p->exe[0] == '/')
		return xstrdup(p->exe);
	/* a program /proc does not name (a kernel thread has no exe and
	 * is not the user's): the process's own entry, an absolute path
	 * as the report contract wants */
	return xasprintf("/proc/%d/exe", (int)p->pid);
}

static json_t *
pc_procs_json(struct proc const **v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n && i < PC_MAX_LISTED; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "pid", json_integer(v[i]->pid));
		json_object_set_new(o, "name", json_string(v[i]->st.name));
		if (v[i]->exe)
			json_object_set_new(o, "exe", json_string(v[i]->exe));
		json_object_set_new(o, "no_new_privs",
		    json_boolean(v[i]->st.no_new_privs));
		json_object_set_new(o, "seccomp", json_string(
		    v[i]->st.seccomp == 2 ? "filter" :
		    v[i]->st.seccomp == 1 ? "strict" : "off"));
		json_array_append_new(a, o);
	}
	return a;
}

static void
pc_sets_json(struct finding *f, const struct pc_group *g)
{
	char hex[32];

	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)g->eff);
	finding_ev_str(f, "CapEff", hex);
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)g->prm);
	finding_ev_str(f, "CapPrm", hex);
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)g->amb);
	finding_ev_str(f, "CapAmb", hex);
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)g->inh);
	finding_ev_str(f, "CapInh", hex);
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)g->bnd);
	finding_ev_str(f, "CapBnd", hex);
	finding_ev_json(f, "effective", live_caps_json(g->eff));
	finding_ev_json(f, "permitted", live_caps_json(g->prm));
	finding_ev_json(f, "ambient", live_caps_json(g->amb));
	finding_ev_json(f, "inheritable", live_caps_json(g->inh));
}

static void
pc_group_finding(struct scan *s, const struct pc_group *g, uint64_t danger)
{
	uint64_t held = g->eff | g->prm | g->amb;
	const char *who = s->user.name ? s->user.name : "the user";
	enum severity sev;
	struct finding *f;
	json_t *names;
	char *list, *cause;
	double w;
	size_t i;
	struct buf b = { 0 };

	if (held & danger) {
		sev = SEV_CRITICAL;
		w = pc_grade(held) == SEV_CRITICAL ? 0.9 : 0.6;
		names = live_caps_json(held & danger);
	} else if (held) {
		sev = pc_grade(held);
		if (sev == SEV_INFO)
			sev = SEV_LOW;
		w = 0.4;
		names = live_caps_json(held);
	} else if (g->inh & danger) {
		sev = SEV_MEDIUM;
		w = 0.4;
		names = live_caps_json(g->inh & danger);
	} else
		return;
	for (i = 0; i < json_array_size(names); i++) {
		if (i)
			buf_addc(&b, ',');
		buf_adds(&b, json_string_value(json_array_get(names, i)));
	}
	list = buf_str(&b);
	cause = xasprintf("%s:%s", held ? "held" : "inheritable", list);
	f = report_add(s->rep, &check_process_capability.who,
	    sev, w, g->program, cause, "%s's process %s (%zu running) %s %s",
	    who, g->program, g->n, held ? "holds" : "may inherit", list);
	finding_ev_json(f, "capabilities", names);
	pc_sets_json(f, g);
	finding_ev_json(f, "processes", pc_procs_json(g->procs, g->n));
	finding_ev_int(f, "running", (long long)g->n);
	finding_set_remediation(f, "restart %s without these capabilities "
	    "(systemd: CapabilityBoundingSet= and AmbientCapabilities= "
	    "empty; docker: --cap-drop=ALL; or drop them before exec with "
	    "setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-all)",
	    g->program);
	finding_close(f, CLOSE_EXEC, g->program);
	/* capset is watched by the audit output's credential rules */
	free(cause);
	buf_free(&b);
}

static void
pc_nnp_finding(struct scan *s, struct proc const **v, size_t n, int all,
    uint64_t danger, uint64_t full)
{
	const char *who = s->user.name ? s->user.name : "the user";
	struct finding *f;
	size_t i, seccomp_off = 0;

	for (i = 0; i < n; i++)
		if (v[i]->st.seccomp == 0)
			seccomp_off++;
	f = report_add(s->rep, &check_process_capability.who,
	    all ? SEV_MEDIUM : SEV_LOW, 0.5, "/proc",
	    all ? "no_new_privs:full-bounding-set" : "no_new_privs:bounding-set",
	    "%zu of %s's processes run without no_new_privs and with %s "
	    "bounding set: setuid programs and file capabilities still "
	    "raise their privileges", n, who,
	    all ? "a full" : "a dangerous");
	finding_ev_json(f, "processes", pc_procs_json(v, n));
	finding_ev_int(f, "count", (long long)n);
	finding_ev_int(f, "seccomp_off", (long long)seccomp_off);
	finding_ev_json(f, "bounding_dangerous",
	    live_caps_json(v[0]->st.cap_bnd & danger));
	finding_ev_bool(f, "bounding_full", (v[0]->st.cap_bnd & full) == full);
	finding_set_remediation(f, "start %s's agent with no_new_privs and a "
	    "reduced bounding set (systemd: NoNewPrivileges=yes and "
	    "CapabilityBoundingSet=; setpriv --no-new-privs "
	    "--bounding-set=-all; docker: --security-opt no-new-privileges)",
	    who);
	/* an exec by the user that leaves it with euid 0: a setuid
	 * program at work */
	{
		static const char *const execve[] = { "execve", NULL };

		finding_audit_syscalls(s->rep, f, execve, 1);
	}
}

static int
pc_cmp_group(const void *a, const void *b)
{
	const struct pc_group *x = a, *y = b;

	return strcmp(x->program, y->program);
}

static int
pc_report(struct scan *s, void **priv)
{
	struct procs ps;
	struct pc_group *g = NULL;
	struct proc const **mine = NULL, **nnp_full = NULL, **nnp_part = NULL;
	size_t ng = 0, nm = 0, nf = 0, np = 0, i, j;
	uint64_t danger = pc_dangerous_mask(), full;
	int last = live_last_cap();
	pid_t self = getpid();

	(void)priv;
	if (!(s->flags & SCAN_LIVE))
		return 0;
	if (s->user.uid == 0) {
		report_add_note(s->rep, "process capabilities: the user is "
		    "root; not evaluated");
		return 0;
	}
	if (procfs_procs(&ps, PROCFS_EXE) == -1) {
		scan_errno(s, "/proc", "cannot list processes");
		return -1;
	}
	full = last >= 63 ? ~0ULL : ((1ULL << (last + 1)) - 1);
	for (i = 0; i < ps.n; i++)
		if (ps.p[i].st.uid[0] == s->user.uid &&
		    (ps.p[i].pid != self || (getuid() == s->user.uid &&
		    s->user.uid != PRIVS_UID))) {
			mine = xreallocarray(mine, nm + 1, sizeof *mine);
			mine[nm++] = &ps.p[i];
		}
	if (nm == 0) {
		report_add_note(s->rep, "process capabilities: no running "
		    "process of uid %lu%s", (unsigned long)s->user.uid,
		    ps.unreadable ? " visible (some /proc entries were "
		    "unreadable)" : "");
		goto out;
	}
	for (i = 0; i < nm; i++) {
		const struct proc *p = mine[i];
		char *prog = pc_program(p);

		for (j = 0; j < ng; j++)
			if (strcmp(g[j].program, prog) == 0 &&
			    g[j].eff == p->st.cap_eff &&
			    g[j].prm == p->st.cap_prm &&
			    g[j].amb == p->st.cap_amb &&
			    g[j].inh == p->st.cap_inh)
				break;
		if (j == ng) {
			g = xreallocarray(g, ng + 1, sizeof *g);
			memset(&g[ng], 0, sizeof g[ng]);
			g[ng].program = prog;
			g[ng].eff = p->st.cap_eff;
			g[ng].prm = p->st.cap_prm;
			g[ng].amb = p->st.cap_amb;
			g[ng].inh = p->st.cap_inh;
			g[ng].bnd = p->st.cap_bnd;
			ng++;
		} else
			free(prog);
		g[j].procs = xreallocarray(g[j].procs, g[j].n + 1,
		    sizeof *g[j].procs);
		g[j].procs[g[j].n++] = p;
		if (((p->st.have & PS_NNP) && p->st.no_new_privs) ||
		    p->pid == self)
			continue;
		/* "full" as far as escalation goes: every dangerous
		 * capability is still in the bounding set */
		if ((p->st.cap_bnd & danger) == danger) {
			nnp_full = xreallocarray(nnp_full, nf + 1,
			    sizeof *nnp_full);
			nnp_full[nf++] = p;
		} else if (p->st.cap_bnd & danger) {
			nnp_part = xreallocarray(nnp_part, np + 1,
			    sizeof *nnp_part);
			nnp_part[np++] = p;
		}
	}
	if (ng > 1)
		qsort(g, ng, sizeof *g, pc_cmp_group);
	for (j = 0; j < ng; j++)
		pc_group_finding(s, &g[j], danger);
	if (nf)
		pc_nnp_finding(s, nnp_full, nf, 1, danger, full);
	else if (np)
		pc_nnp_finding(s, nnp_part, np, 0, danger, full);
out:
	for (j = 0; j < ng; j++) {
		free(g[j].program);
		free(g[j].procs);
	}
	free(g);
	free(mine);
	free(nnp_full);
	free(nnp_part);
	procs_free(&ps);
	return 0;
}

const struct check check_process_capability = {
	.who = { "process-capability", "process-capability" },
	.self_only = 1,
	.live_only = 1,
	.report = pc_report,
};
