/*
 * sandbox.h: the agent's sandbox and the findings inside it (issue 17).
 * One module judges every finding against a sandbox (parse/sandbox.h)
 * from the finding's typed data (its deny entries, family, evidence
 * keys), never from its title, and plans the sandbox that would contain
 * a report's findings; the scan (--sandbox), the sandbox writers of
 * output/ and the escalation graph ask it alike. It reads the sandbox's
 * files (a unit on the target through the scan's view; a file named by
 * the person, bounded) and never runs anything.
 */
#ifndef PRIVMAP_ENGINE_SANDBOX_H
#define PRIVMAP_ENGINE_SANDBOX_H

#include <stddef.h>

#include "engine/report.h"
#include "engine/scan.h"
#include "parse/sandbox.h"

/*
 * Read the sandbox SPEC names (docs/cli.md, --sandbox):
 *   systemd:NAME.service | NAME.service   a unit on the target, with its
 *                                         drop-ins (needs s)
 *   systemd:FILE | FILE.service           a unit file here, with the
 *                                         *.conf of FILE.d/ beside it
 *   oci:FILE | docker:FILE[#NAME] | FILE.json   config.json or docker
 *                                         inspect output
 *   compose:FILE[#SERVICE] | FILE.yaml|.yml[#SERVICE]  a compose service
 * 0, or -1 with *why (allocated).
 */
int	sandbox_load(struct scan *s, const char *spec, struct sandbox *,
	    char **why);

/* 1 if the sandbox's filter refuses call outright (groups and Docker's
 * default profile expanded) */
int	sandbox_blocks(const struct sandbox *, const char *call);

/* One finding's judgement, the finding unchanged: SBV_CONTAINED with
 * *why the layers that shut every way it works, or SBV_OPEN with *why
 * what stays open (a new array of strings). The escalation graph asks it
 * of each hop as the scan does of each finding. */
enum sb_verdict	sandbox_verdict(const struct sandbox *,
		    const struct finding *, const struct report *,
		    json_t **why);

/*
 * Judge every finding above info: contained (every way it works is shut
 * by a layer: it drops to info, its severity and score kept in its
 * sandbox member) or open (why), then report_finish again; the report's
 * "sandbox" summary names the spec, the counts and the open findings.
 */
void	sandbox_judge(struct report *, const struct sandbox *,
	    const char *spec);

/* The finding's and the report's "sandbox" members (docs/report.md), and
 * the reverse for a report read back. */
json_t	*sandbox_verdict_json(const struct finding *);
void	 sandbox_verdict_read(struct finding *, json_t *member);

/* ---- the sandbox a report's findings need ---------------------------- */

enum sb_need {
	NEED_NNP,		/* set-id programs, file capabilities, sudo */
	NEED_CAPS,		/* capabilities held or inherited */
	NEED_RO,		/* paths the user may not write */
	NEED_TMP,		/* ... under /tmp or /var/tmp */
	NEED_TUNABLES,		/* ... under /proc/sys or /sys */
	NEED_CGROUPS,		/* ... under /sys/fs/cgroup */
	NEED_DEVICES,		/* ... under /dev */
	NEED_HIDE,		/* sockets and secrets out of reach */
	NEED_LOCALHOST,		/* local services out of reach */
	NEED_USERNS,		/* no namespaces */
	NEED_BPF,
	NEED_PTRACE,
	NEED_COUNT,
};

struct sb_hide {
	char			*path;
	enum close_action	 action;	/* CLOSE_CONNECT or CLOSE_READ */
	char			*why;		/* "ID family" */
};

struct sb_plan {
	size_t		 n[NEED_COUNT];		/* findings asking */
	char		*ex[NEED_COUNT];	/* the first: "ID family PATH" */
	struct sb_hide	*hide;
	size_t		 nhide;
	char		**ro;			/* write targets */
	size_t		 nro;
	char		**groups;		/* memberships a sandbox
						 * keeps: "GROUP (ID)" */
	size_t		 ngroups;
	char		**open;			/* what no layer contains:
						 * "ID family PATH: why" */
	size_t		 nopen;
	const char	*user;			/* the report's user, or NULL */
	unsigned long	 uid, gid;
	/* what each list holds, its entries keyed by the list's letter
	 * (h, r, g, o) then the text: one look-up for each entry of a
	 * report of 100k findings, not one comparison per entry kept */
	struct strmap	 seen;
};

/* What a report's findings ask of a sandbox (each finding above info,
 * or contained by one already: as it was before). */
void	sandbox_plan(const struct report *, struct sb_plan *);
void	sandbox_plan_free(struct sb_plan *);
/* "N finding(s): ID family PATH[, ...]" for a need, newly allocated */
char	*sandbox_plan_why(const struct sb_plan *, enum sb_need);

#endif
