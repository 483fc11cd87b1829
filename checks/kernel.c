/*
 * kernel.c: kernel settings that widen what an unprivileged user can
 * reach. On a live host the running value (/proc/sys) decides, with the
 * boot configuration that sets it as evidence; in every mode the boot
 * configuration is read too: sysctl.d(5) files in /etc, /run,
 * /usr/local/lib, /usr/lib and /lib (a name in an earlier directory masks
 * it in later ones; files apply in name order), then /etc/sysctl.conf
 * (procps sysctl(8) --system reads it last). In --root and image scans
 * the configuration is the only source: nothing runs there, so nothing is
 * assumed about kernel defaults.
 *
 * Values and meanings: Documentation/admin-guide/sysctl/kernel.rst,
 * fs.rst, vm.rst and user.rst of the Linux kernel; Documentation/
 * admin-guide/LSM/Yama.rst; Debian's kernel.unprivileged_userns_clone
 * patch; Ubuntu's kernel.apparmor_restrict_unprivileged_userns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/live.h"
#include "parse/sysctl.h"
#include "lib/xmalloc.h"

enum kn_test {
	KN_EQ,		/* bad when the value equals arg */
	KN_LT,		/* bad when the number is below arg */
};

static const struct kn_rule {
	const char	*key;
	enum kn_test	 test;
	long		 arg;
	enum severity	 sev;
	const char	*good;		/* the value to set */
	const char	*why;
} kn_rules[] = {
	{ "kernel.unprivileged_bpf_disabled", KN_EQ, 0, SEV_MEDIUM, "2",
	    "unprivileged users load BPF programs: a large kernel attack "
	    "surface (kernel.rst)" },
	{ "kernel.yama.ptrace_scope", KN_EQ, 0, SEV_MEDIUM, "1",
	    "any process may trace every other process of the same uid "
	    "(Yama.rst): an agent sharing a person's account attaches to "
	    "that person's shell and their next sudo" },
	{ "fs.protected_symlinks", KN_EQ, 0, SEV_MEDIUM, "1",
	    "symlinks in sticky world-writable directories are followed "
	    "for anyone: /tmp races against root (fs.rst)" },
	{ "fs.protected_hardlinks", KN_EQ, 0, SEV_MEDIUM, "1",
	    "users hard-link files they do not own, setuid programs "
	    "included, and keep them past updates (fs.rst)" },
	{ "fs.protected_fifos", KN_EQ, 0, SEV_LOW, "1",
	    "root opens FIFOs another user planted in sticky directories "
	    "(fs.rst)" },
	{ "fs.protected_regular", KN_EQ, 0, SEV_LOW, "1",
	    "root opens regular files another user planted in sticky "
	    "directories (fs.rst)" },
	{ "fs.suid_dumpable", KN_EQ, 1, SEV_MEDIUM, "0",
	    "setuid programs dump core owned by the user who ran them, "
	    "with their secrets (fs.rst)" },
	{ "vm.mmap_min_addr", KN_EQ, 0, SEV_MEDIUM, "65536",
	    "page zero can be mapped: kernel NULL dereferences become "
	    "exploitable (vm.rst)" },
	{ "kernel.kptr_restrict", KN_EQ, 0, SEV_LOW, "1",
	    "kernel addresses are shown to users, defeating KASLR for "
	    "exploits (kernel.rst)" },
	{ "kernel.dmesg_restrict", KN_EQ, 0, SEV_LOW, "1",
	    "users read the kernel log: addresses and other users' "
	    "activity (kernel.rst)" },
	{ "kernel.perf_event_paranoid", KN_LT, 2, SEV_LOW, "2",
	    "users profile the kernel with perf events (kernel.rst)" },
	{ "kernel.modules_disabled", KN_EQ, 0, SEV_INFO, "1",
	    "modules can still be loaded (by root): a foothold persists "
	    "in the kernel (kernel.rst)" },
	{ NULL, KN_EQ, 0, SEV_INFO, NULL, NULL },
};

/* the boot configuration's last assignment of each key */
struct kn_conf {
	char		*key;
	char		*value;
	char		*file;
	unsigned	 line;
};

struct kn {
	struct scan	*s;
	struct kn_conf	*c;
	size_t		 n;
	const char	*file;		/* while parsing */
	struct live_err	 le;
};

static void
kn_set(void *ctx, const char *key, const char *value, unsigned line)
{
	struct kn *k = ctx;
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->c[i].key, key) == 0)
			break;
	if (i == k->n) {
		if (k->n >= 100000)
			return;
		k->c = xreallocarray(k->c, k->n + 1, sizeof *k->c);
		k->c[k->n].key = xstrdup(key);
		k->n++;
	} else {
		free(k->c[i].value);
		free(k->c[i].file);
	}
	k->c[i].value = xstrdup(value);
	k->c[i].file = xstrdup(k->file);
	k->c[i].line = line;
}

static void
kn_err(void *ctx, unsigned line, const char *why)
{
	struct kn *k = ctx;

	k->le.path = k->file;
	live_parse_err(&k->le, line, why);
}

static void
kn_read_file(struct kn *k, const char *path)
{
	char *buf;
	size_t len;

	if (scan_read(k->s, path, &buf, &len) == -1)
		return;
	k->file = path;
	k->le.count = 0;
	sysctl_conf_parse(buf, len, kn_set, kn_err, k);
	free(buf);
}

static void
kn_load_config(struct kn *k)
{
	char **names[8] = { 0 };
	size_t n[8] = { 0 }, nd, i, nf;
	struct sysctl_file *f;

	for (nd = 0; sysctl_dirs[nd] && nd < 8; nd++)
		if (tv_list(k->s->tv, sysctl_dirs[nd], &names[nd], &n[nd]) ==
		    -1) {
			if (errno != ENOENT && errno != ENOTDIR)
				scan_errno(k->s, sysctl_dirs[nd], "cannot list");
			names[nd] = NULL;
			n[nd] = 0;
		}
	nf = sysctl_order(names, n, &f);
	for (i = 0; i < nf; i++) {
		char target[64];
		ssize_t r = tv_readlink(k->s->tv, f[i].path, target,
		    sizeof target - 1);

		/* a link to /dev/null masks the name (sysctl.d(5)) */
		if (r > 0) {
			target[r] = '\0';
			if (strcmp(target, "/dev/null") == 0)
				continue;
		}
		kn_read_file(k, f[i].path);
	}
	/* Debian's /etc/sysctl.d/99-sysctl.conf links here: reading it
	 * again changes nothing */
	kn_read_file(k, SYSCTL_CONF);
	sysctl_files_free(f, nf);
	for (i = 0; i < nd; i++)
		tv_list_free(names[i], n[i]);
}

static const struct kn_conf *
kn_conf_get(const struct kn *k, const char *key)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->c[i].key, key) == 0)
			return &k->c[i];
	return NULL;
}

/* 1 bad, 0 fine, -1 not a number */
static int
kn_bad(const struct kn_rule *r, const char *v)
{
	char *end;
	long x;

	while (*v == ' ' || *v == '\t')
		v++;
	x = strtol(v, &end, 10);
	if (end == v)
		return -1;
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (*end)
		return -1;
	return r->test == KN_EQ ? x == r->arg : x < r->arg;
}

static char *
kn_proc_path(const char *key)
{
	char *p = xasprintf("/proc/sys/%s", key), *q;

	for (q = p + 10; *q; q++)
		if (*q == '.')
			*q = '/';
	return p;
}

static void
kn_evidence(struct finding *f, const char *key, const char *live,
    const struct kn_conf *c)
{
	finding_ev_str(f, "key", key);
	if (live)
		finding_ev_str(f, "value", live);
	if (c) {
		finding_ev_str(f, "config_file", c->file);
		finding_ev_int(f, "config_line", c->line);
		finding_ev_str(f, "config_value", c->value);
	}
}

static void
kn_fix(struct finding *f, const char *key, const char *good)
{
	finding_set_remediation(f, "sysctl -w %s=%s && echo '%s = %s' > "
	    "/etc/sysctl.d/90-privmap.conf", key, good, key, good);
}

static void
kn_rule(struct kn *k, const struct kn_rule *r)
{
	struct scan *s = k->s;
	const struct kn_conf *c = kn_conf_get(k, r->key);
	char *live = NULL, *path;
	struct finding *f;
	int lb = 0, cb = c ? kn_bad(r, c->value) : 0;

	if (s->flags & SCAN_LIVE) {
		if (procfs_sysctl(r->key, &live) == -1) {
			if (errno == ENOENT &&
			    strcmp(r->key, "kernel.yama.ptrace_scope") == 0) {
				f = report_add(s->rep, &check_kernel.who,
				    SEV_MEDIUM, 0.4, "/proc/sys/kernel/yama",
				    "no-yama", "Yama is not enabled: a process "
				    "may trace any other of the same uid");
				finding_ev_str(f, "why", r->why);
				finding_set_remediation(f, "boot with Yama "
				    "(lsm=...,yama) and set "
				    "kernel.yama.ptrace_scope = 1");
			} else if (errno != ENOENT)
				scan_errno(s, r->key, "cannot read sysctl");
			return;
		}
		lb = kn_bad(r, live);
		if (lb == 1) {
			path = kn_proc_path(r->key);
			f = report_add(s->rep, &check_kernel.who, r->sev, 0.5,
			    path, r->key, "%s = %s: %s", r->key, live, r->why);
			kn_evidence(f, r->key, live, c);
			kn_fix(f, r->key, r->good);
			finding_watch(s->rep, f, "/etc/sysctl.d", 1, "wa");
			free(path);
		} else if (cb == 1) {
			f = report_add(s->rep, &check_kernel.who, SEV_LOW, 0.3,
			    c->file, r->key, "%s sets %s = %s for the next "
			    "boot (now %s): %s", c->file, r->key, c->value, live,
			    r->why);
			kn_evidence(f, r->key, live, c);
			finding_set_remediation(f, "remove the %s line from "
			    "%s (line %u)", r->key, c->file, c->line);
			finding_watch(s->rep, f, c->file, 0, "wa");
		}
		free(live);
		return;
	}
	if (cb == 1 && r->sev > SEV_INFO) {
		f = report_add(s->rep, &check_kernel.who, r->sev, 0.5, c->file,
		    r->key, "%s sets %s = %s: %s", c->file, r->key, c->value,
		    r->why);
		kn_evidence(f, r->key, NULL, c);
		kn_fix(f, r->key, r->good);
		finding_watch(s->rep, f, c->file, 0, "wa");
	}
}

/* unprivileged user namespaces: open unless Debian's switch is 0, the
 * namespace limit is 0, or Ubuntu's AppArmor restriction is on
 * (user_namespaces(7); most kernel LPEs of the last years start here) */
static void
kn_userns(struct kn *k)
{
	static const char *const keys[3] = {
		"kernel.unprivileged_userns_clone",
		"user.max_user_namespaces",
		"kernel.apparmor_restrict_unprivileged_userns",
	};
	const char *why = "unprivileged user namespaces are enabled: the "
	    "user gets CAP_SYS_ADMIN over new namespaces, which opens "
	    "netfilter, mount and other kernel code to exploits";
	struct scan *s = k->s;
	char *v[3] = { NULL, NULL, NULL };
	const struct kn_conf *c[3];
	struct finding *f;
	int i, open;

	for (i = 0; i < 3; i++)
		c[i] = kn_conf_get(k, keys[i]);
	if (s->flags & SCAN_LIVE) {
		for (i = 0; i < 3; i++)
			if (procfs_sysctl(keys[i], &v[i]) == -1 &&
			    errno != ENOENT)
				scan_errno(s, keys[i], "cannot read sysctl");
		if (v[1] == NULL) {
			/* no user namespaces in this kernel at all */
			for (i = 0; i < 3; i++)
				free(v[i]);
			return;
		}
		open = (v[0] == NULL || strcmp(v[0], "0") != 0) &&
		    strcmp(v[1], "0") != 0 &&
		    (v[2] == NULL || strcmp(v[2], "1") != 0);
		if (open) {
			const char *key = v[0] ? keys[0] : keys[1];
			char *path = kn_proc_path(key);

			f = report_add(s->rep, &check_kernel.who, SEV_MEDIUM,
			    0.6, path, "userns", "%s", why);
			for (i = 0; i < 3; i++)
				if (v[i]) {
					finding_ev_str(f, keys[i], v[i]);
					if (c[i]) {
						char *k2 = xasprintf("%s_config",
						    keys[i]);

						finding_ev_str(f, k2, c[i]->file);
						free(k2);
					}
				}
			if (v[0])
				kn_fix(f, keys[0], "0");
			else
				kn_fix(f, keys[1], "0");
			finding_watch(s->rep, f, "/etc/sysctl.d", 1, "wa");
			free(path);
		}
		for (i = 0; i < 3; i++)
			free(v[i]);
		return;
	}
	/* configuration only: an explicit opening */
	for (i = 0; i < 2; i++) {
		if (c[i] == NULL || strcmp(c[i]->value, "0") == 0)
			continue;
		if (i == 1 && c[0] && strcmp(c[0]->value, "0") == 0)
			continue;
		f = report_add(s->rep, &check_kernel.who, SEV_MEDIUM, 0.6,
		    c[i]->file, "userns", "%s sets %s = %s: %s", c[i]->file,
		    keys[i], c[i]->value, why);
		kn_evidence(f, keys[i], NULL, c[i]);
		kn_fix(f, keys[i], "0");
		break;
	}
}

static int
kn_report(struct scan *s, void **priv)
{
	struct kn k;
	size_t i;

	(void)priv;
	memset(&k, 0, sizeof k);
	k.s = s;
	k.le.s = s;
	kn_load_config(&k);
	for (i = 0; kn_rules[i].key; i++)
		kn_rule(&k, &kn_rules[i]);
	kn_userns(&k);
	for (i = 0; i < k.n; i++) {
		free(k.c[i].key);
		free(k.c[i].value);
		free(k.c[i].file);
	}
	free(k.c);
	return 0;
}

const struct check check_kernel = {
	.who = { "kernel", "kernel" },
	.self_only = 1,
	.report = kn_report,
};
