/*
 * sandbox-systemd.c: the agent's sandbox as a drop-in for its systemd
 * service ([Service] settings of systemd.exec(5) and
 * systemd.resource-control(5) as systemd 252 reads them), each setting
 * under the comment that says which findings need it. Paths are quoted
 * as systemd's unquoting reads them back (systemd.syntax(7)); it never
 * writes a setting a finding did not ask for, except the system call
 * filter's starting list, Docker's documented one.
 */
#include <string.h>

#include "output/sandbox.h"
#include "known/sandbox.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

/* a path as one word of a systemd list: plain when it is only safe
 * bytes, else in double quotes with C escapes; '%' doubled (a
 * specifier otherwise, systemd.unit(5)) */
static void
sd_path(struct buf *b, const char *pfx, const char *p)
{
	const unsigned char *s;
	int plain = 1;

	for (s = (const unsigned char *)p; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && !strchr("/._-+@:,=", *s))
			plain = 0;
	if (!plain)
		buf_addc(b, '"');
	buf_adds(b, pfx);
	for (s = (const unsigned char *)p; *s; s++) {
		if (*s == '%')
			buf_adds(b, "%%");
		else if (*s == '"' || *s == '\\')
			buf_printf(b, "\\%c", *s);
		else if (*s < ' ' || *s >= 0x7f)
			buf_printf(b, "\\x%02x", *s);
		else
			buf_addc(b, (char)*s);
	}
	if (!plain)
		buf_addc(b, '"');
}

static void
sd_set(struct sbw *w, const char *line)
{
	buf_adds(w->b, line);
	buf_addc(w->b, '\n');
}

static void
sd_files(struct sbw *w)
{
	const struct sb_plan *p = w->p;
	size_t i;

	if (sbw_need(w, NEED_RO, "read-only, but the workspace (writes "
	    "the findings need)")) {
		sd_set(w, "ProtectSystem=strict");
		for (i = 0; i < w->o->nworkspace; i++) {
			buf_adds(w->b, "ReadWritePaths=");
			sd_path(w->b, "", w->o->workspace[i]);
			buf_addc(w->b, '\n');
		}
	}
	if (sbw_need(w, NEED_TMP, "a private /tmp and /var/tmp"))
		sd_set(w, "PrivateTmp=yes");
	if (sbw_need(w, NEED_TUNABLES, "/proc/sys and /sys read-only"))
		sd_set(w, "ProtectKernelTunables=yes");
	if (sbw_need(w, NEED_CGROUPS, "the cgroup tree read-only"))
		sd_set(w, "ProtectControlGroups=yes");
	if (sbw_need(w, NEED_DEVICES, "no device nodes but the usual ones"))
		sd_set(w, "PrivateDevices=yes");
	for (i = 0; i < p->nhide; i++) {
		char *why = xasprintf("%s (%s)", p->hide[i].path,
		    p->hide[i].why);

		sbw_why(w, p->hide[i].action == CLOSE_CONNECT ?
		    "a socket out of reach" : "a secret out of reach", why);
		free(why);
		buf_adds(w->b, "InaccessiblePaths=");
		/* "-": a path missing where the unit runs is no error */
		sd_path(w->b, "-", p->hide[i].path);
		buf_addc(w->b, '\n');
	}
}

static void
sd_filter(struct sbw *w)
{
	sbw_why(w, "system calls refused", "Docker's default seccomp profile "
	    "leaves out these calls (docs.docker.com/engine/security/"
	    "seccomp/), here as systemd's groups (systemd-analyze "
	    "syscall-filter): mounts, modules, tracing, keyrings, reboot, "
	    "swap, clock, raw I/O, emulation");
	sd_set(w, "SystemCallFilter=~@clock @cpu-emulation @debug @keyring "
	    "@module @mount @obsolete @raw-io @reboot @swap");
	sbw_why(w, "and", w->p->n[NEED_BPF] ? "bpf(2), which the kernel "
	    "findings ask refused, and the rest of Docker's list" :
	    "bpf(2) and the rest of Docker's list");
	sd_set(w, "SystemCallFilter=~acct bpf kcmp open_by_handle_at "
	    "quotactl userfaultfd");
	sbw_why(w, "no namespace can be made", "user namespaces widen the "
	    "kernel's attack surface (unshare, clone's CLONE_NEW* flags, "
	    "setns)");
	sd_set(w, "RestrictNamespaces=yes");
}

int
sbw_systemd(struct sbw *w)
{
	sbw_head(w, "privmap sandbox: a drop-in for the agent's systemd "
	    "service (privmap policy --policy-format systemd)",
	    "install as /etc/systemd/system/UNIT.service.d/privmap-"
	    "sandbox.conf, then systemctl daemon-reload and restart UNIT; "
	    "`privmap scan --sandbox UNIT.service` then says what it "
	    "contains");
	sd_set(w, "[Service]");
	if (sbw_need(w, NEED_NNP, "set-id programs, file capabilities and "
	    "sudo run without raising privileges")) {
		sd_set(w, "NoNewPrivileges=yes");
		sd_set(w, "RestrictSUIDSGID=yes");
	}
	if (sbw_need(w, NEED_CAPS, "no capability held, none raised")) {
		sd_set(w, "CapabilityBoundingSet=");
		sd_set(w, "AmbientCapabilities=");
	}
	sd_files(w);
	if (sbw_need(w, NEED_LOCALHOST, "the host's local services out of "
	    "reach (egress elsewhere stays)"))
		sd_set(w, "IPAddressDeny=localhost");
	sd_filter(w);
	sbw_tail(w);
	return 0;
}
