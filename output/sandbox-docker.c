/*
 * sandbox-docker.c: the agent's sandbox as `docker run` options (the
 * docker run reference: --user, --cap-drop, --security-opt, --read-only,
 * --tmpfs, --mount, --network), written as a POSIX sh script that runs
 * `docker run OPTIONS IMAGE [COMMAND...]` with every option under the
 * comment that says why. Names are single-quoted; it never mounts a
 * host path but the workspace.
 */
#include <string.h>

#include "output/sandbox.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

/* set -- "$@" and each word quoted */
static void
dk_opt(struct sbw *w, const char *a, const char *b)
{
	buf_adds(w->b, "set -- \"$@\" ");
	output_sh_quote(w->b, a);
	if (b) {
		buf_addc(w->b, ' ');
		output_sh_quote(w->b, b);
	}
	buf_addc(w->b, '\n');
}

int
sbw_docker(struct sbw *w)
{
	const struct sb_plan *p = w->p;
	char *s;
	size_t i;

	buf_adds(w->b, "#!/bin/sh\n# names are single-quoted: nothing in them "
	    "expands\n# shellcheck disable=SC2016\n");
	sbw_head(w, "privmap sandbox: docker run with the options the "
	    "findings need (privmap policy --policy-format docker)",
	    "usage: sh FILE IMAGE [COMMAND [ARG...]]; the seccomp profile is "
	    "$PRIVMAP_SECCOMP, else seccomp.json beside FILE (privmap policy "
	    "--policy-format seccomp)");
	buf_adds(w->b, "set -eu\nhere=$(dirname -- \"$0\")\n"
	    "seccomp=${PRIVMAP_SECCOMP:-$here/seccomp.json}\nn=$#\n");
	sbw_why(w, "the agent's uid and gid, without the host's "
	    "supplementary groups", p->ngroups ? "group memberships the "
	    "findings name stay behind" : "no --group-add");
	s = xasprintf("%lu:%lu", p->uid, p->gid == (unsigned long)-1 ?
	    p->uid : p->gid);
	dk_opt(w, "--user", s);
	free(s);
	sbw_need(w, NEED_NNP, "set-id programs and file capabilities run "
	    "without raising privileges");
	dk_opt(w, "--security-opt", "no-new-privileges");
	if (!sbw_need(w, NEED_CAPS, "no capability"))
		sbw_why(w, "no capability", "a container's default set "
		    "holds CAP_CHOWN, CAP_SETUID and more");
	dk_opt(w, "--cap-drop", "ALL");
	sbw_why(w, "system calls refused", "Docker's documented list and "
	    "what the findings need (namespaces, bpf, ptrace)");
	buf_adds(w->b, "set -- \"$@\" --security-opt \"seccomp=$seccomp\"\n");
	if (!sbw_need(w, NEED_RO, "the container's root read-only"))
		sbw_why(w, "the container's root read-only", "the agent "
		    "writes only its workspace and /tmp");
	dk_opt(w, "--read-only", NULL);
	dk_opt(w, "--tmpfs", "/tmp");
	for (i = 0; i < w->o->nworkspace; i++) {
		sbw_why(w, "the workspace", w->o->workspace[i]);
		s = xasprintf("type=bind,source=%s,target=%s",
		    w->o->workspace[i], w->o->workspace[i]);
		dk_opt(w, "--mount", s);
		free(s);
	}
	if (!sbw_need(w, NEED_LOCALHOST, "the host's local services out "
	    "of reach: a network namespace of its own"))
		sbw_why(w, "a network namespace of its own", "never "
		    "--network host");
	dk_opt(w, "--network", "bridge");
	for (i = 0; i < p->nhide; i++) {
		s = xasprintf("%s (%s): not mounted; never add -v or --mount "
		    "for it", p->hide[i].path, p->hide[i].why);
		sbw_why(w, "out of reach", s);
		free(s);
	}
	sbw_tail(w);
	buf_adds(w->b, "# the options first, then IMAGE and its command\n"
	    "i=0\nwhile [ \"$i\" -lt \"$n\" ]; do set -- \"$@\" \"$1\"; shift; "
	    "i=$((i + 1)); done\nexec docker run \"$@\"\n");
	return 0;
}
