/*
 * sandbox-bwrap.c: the agent's sandbox as a bubblewrap command line
 * (bwrap(1) of bubblewrap 0.8), written as a POSIX sh script that runs
 * `bwrap OPTIONS COMMAND [ARG...]` with every option under the comment
 * that says why. bwrap always sets no_new_privs, so set-id programs and
 * file capabilities never raise privileges under it. Paths to hide are
 * tested where the script runs (a directory gets an empty tmpfs, any
 * other file /dev/null bound over it); names are single-quoted.
 */
#include <string.h>

#include "output/sandbox.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

static void
bw_opt(struct sbw *w, const char *a, const char *b, const char *c)
{
	buf_adds(w->b, "set -- \"$@\" ");
	output_sh_quote(w->b, a);
	if (b) {
		buf_addc(w->b, ' ');
		output_sh_quote(w->b, b);
	}
	if (c) {
		buf_addc(w->b, ' ');
		output_sh_quote(w->b, c);
	}
	buf_addc(w->b, '\n');
}

static void
bw_hide(struct sbw *w, const char *path)
{
	buf_adds(w->b, "p=");
	output_sh_quote(w->b, path);
	buf_adds(w->b, "\nif [ -d \"$p\" ] && [ ! -L \"$p\" ]; then "
	    "set -- \"$@\" --tmpfs \"$p\"\n"
	    "elif [ -e \"$p\" ] || [ -L \"$p\" ]; then "
	    "set -- \"$@\" --ro-bind /dev/null \"$p\"; fi\n");
}

int
sbw_bwrap(struct sbw *w)
{
	const struct sb_plan *p = w->p;
	char *s;
	size_t i;

	buf_adds(w->b, "#!/bin/sh\n# names are single-quoted: nothing in them "
	    "expands\n# shellcheck disable=SC2016\n");
	sbw_head(w, "privmap sandbox: bubblewrap with the options the "
	    "findings need (privmap policy --policy-format bwrap)",
	    "usage: sh FILE COMMAND [ARG...], as the agent's user; bwrap "
	    "sets no_new_privs itself");
	buf_adds(w->b, "set -eu\nn=$#\n");
	sbw_need(w, NEED_NNP, "inert under bwrap's no_new_privs");
	if (!sbw_need(w, NEED_RO, "the host's tree read-only, but the "
	    "workspace"))
		sbw_why(w, "the host's tree read-only", "the agent writes "
		    "only its workspace and /tmp");
	bw_opt(w, "--ro-bind", "/", "/");
	if (!sbw_need(w, NEED_DEVICES, "only the usual device nodes"))
		sbw_why(w, "only the usual device nodes", "a new /dev");
	bw_opt(w, "--dev", "/dev", NULL);
	if (!sbw_need(w, NEED_TUNABLES, "a /proc of its own, /proc/sys "
	    "read-only"))
		sbw_why(w, "a /proc of its own", "for its own processes");
	bw_opt(w, "--proc", "/proc", NULL);
	if (!sbw_need(w, NEED_TMP, "a private /tmp"))
		sbw_why(w, "a private /tmp", "an empty tmpfs");
	bw_opt(w, "--tmpfs", "/tmp", NULL);
	for (i = 0; i < w->o->nworkspace; i++) {
		sbw_why(w, "the workspace, writable", w->o->workspace[i]);
		bw_opt(w, "--bind", w->o->workspace[i], w->o->workspace[i]);
	}
	for (i = 0; i < p->nhide; i++) {
		s = xasprintf("%s (%s)", p->hide[i].path, p->hide[i].why);
		sbw_why(w, p->hide[i].action == CLOSE_CONNECT ?
		    "a socket out of reach" : "out of reach", s);
		free(s);
		bw_hide(w, p->hide[i].path);
	}
	if (!sbw_need(w, NEED_USERNS, "no namespace can be made inside"))
		sbw_why(w, "no namespace can be made inside", "a user "
		    "namespace of its own, closed to more");
	bw_opt(w, "--unshare-user", NULL, NULL);
	bw_opt(w, "--disable-userns", NULL, NULL);
	if (!sbw_need(w, NEED_PTRACE, "no other process to trace"))
		sbw_why(w, "no other process to trace", "pid, ipc and uts "
		    "namespaces of its own");
	bw_opt(w, "--unshare-pid", NULL, NULL);
	bw_opt(w, "--unshare-ipc", NULL, NULL);
	bw_opt(w, "--unshare-uts", NULL, NULL);
	bw_opt(w, "--unshare-cgroup-try", NULL, NULL);
	if (sbw_need(w, NEED_LOCALHOST, "the host's local services out of "
	    "reach (this cuts egress too: give the agent a proxy)"))
		bw_opt(w, "--unshare-net", NULL, NULL);
	sbw_why(w, "no terminal injection, no orphans", "a new session; "
	    "the sandbox ends with its parent");
	bw_opt(w, "--new-session", NULL, NULL);
	bw_opt(w, "--die-with-parent", NULL, NULL);
	if (p->n[NEED_CAPS])
		sbw_need(w, NEED_CAPS, "no capability: bwrap run by an "
		    "unprivileged user keeps none");
	sbw_tail(w);
	buf_adds(w->b, "# the options first, then the command\n"
	    "i=0\nwhile [ \"$i\" -lt \"$n\" ]; do set -- \"$@\" \"$1\"; shift; "
	    "i=$((i + 1)); done\nexec bwrap \"$@\"\n");
	return 0;
}
