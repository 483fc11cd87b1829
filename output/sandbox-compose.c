/*
 * sandbox-compose.c: the agent's sandbox as a compose service fragment
 * (the Compose Specification, 05-services.md: user, security_opt,
 * cap_drop, read_only, tmpfs, volumes, network_mode), every member under
 * the comment that says why; to merge into the agent's compose file
 * (docker compose -f compose.yaml -f THIS). Strings are YAML
 * double-quoted scalars, control bytes escaped.
 */
#include <string.h>

#include "output/sandbox.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

static void
yq(struct buf *b, const char *s)
{
	const unsigned char *p;

	buf_addc(b, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p < ' ' || *p == 0x7f)
			buf_printf(b, "\\x%02x", *p);
		else
			buf_addc(b, (char)*p);
	}
	buf_addc(b, '"');
}

int
sbw_compose(struct sbw *w)
{
	const struct sb_plan *p = w->p;
	const char *svc = w->o->service ? w->o->service : "agent";
	char *s;
	size_t i;

	sbw_head(w, "privmap sandbox: a compose service fragment (privmap "
	    "policy --policy-format compose)", "merge it: docker compose -f "
	    "compose.yaml -f THIS up; seccomp.json beside it is privmap "
	    "policy --policy-format seccomp");
	buf_adds(w->b, "services:\n  ");
	yq(w->b, svc);
	buf_adds(w->b, ":\n");
	w->cmt = "    # ";
	sbw_why(w, "the agent's uid and gid, without the host's "
	    "supplementary groups", p->ngroups ? "group memberships the "
	    "findings name stay behind" : "no group_add");
	s = xasprintf("%lu:%lu", p->uid, p->gid == (unsigned long)-1 ?
	    p->uid : p->gid);
	buf_adds(w->b, "    user: ");
	yq(w->b, s);
	buf_addc(w->b, '\n');
	free(s);
	sbw_need(w, NEED_NNP, "set-id programs and file capabilities run "
	    "without raising privileges");
	sbw_why(w, "and system calls refused", "Docker's documented list "
	    "and what the findings need");
	buf_adds(w->b, "    security_opt:\n      - \"no-new-privileges:true\"\n"
	    "      - \"seccomp=seccomp.json\"\n");
	if (!sbw_need(w, NEED_CAPS, "no capability"))
		sbw_why(w, "no capability", "a container's default set holds "
		    "CAP_CHOWN, CAP_SETUID and more");
	buf_adds(w->b, "    cap_drop:\n      - ALL\n");
	if (!sbw_need(w, NEED_RO, "the container's root read-only"))
		sbw_why(w, "the container's root read-only", "the agent "
		    "writes only its workspace and /tmp");
	buf_adds(w->b, "    read_only: true\n    tmpfs:\n      - /tmp\n");
	if (w->o->nworkspace > 0) {
		sbw_why(w, "the workspace", "the only host paths mounted");
		buf_adds(w->b, "    volumes:\n");
		for (i = 0; i < w->o->nworkspace; i++) {
			buf_adds(w->b, "      - type: bind\n        source: ");
			yq(w->b, w->o->workspace[i]);
			buf_adds(w->b, "\n        target: ");
			yq(w->b, w->o->workspace[i]);
			buf_addc(w->b, '\n');
		}
	}
	if (!sbw_need(w, NEED_LOCALHOST, "the host's local services out "
	    "of reach: a network namespace of its own"))
		sbw_why(w, "a network namespace of its own", "never "
		    "network_mode: host");
	buf_adds(w->b, "    network_mode: bridge\n");
	for (i = 0; i < p->nhide; i++) {
		s = xasprintf("%s (%s): never mount it", p->hide[i].path,
		    p->hide[i].why);
		sbw_why(w, "out of reach", s);
		free(s);
	}
	sbw_tail(w);
	w->cmt = "# ";
	return 0;
}
