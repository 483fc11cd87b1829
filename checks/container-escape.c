/*
 * container-escape.c: ways out of a container, and the live-host facts
 * that are escapes wherever they appear. Live host only.
 *
 * Everywhere:
 *  - runtime sockets (known/sockets.c names) bind-mounted onto a
 *    path (a mount whose mount point is a socket): reported under
 *    container-socket, with the socket's owner and the process listening;
 *  - block devices under the host's /dev the user can open, each probed
 *    with libblkid (read-only, O_NONBLOCK, by fd): a writable disk with a
 *    filesystem or a readable one holding the root filesystem is critical
 *    (debugfs(8) reads and writes any file on it);
 *  - a writable /proc/sys/kernel/core_pattern (core(5): a "|program" runs
 *    as root in the initial namespaces on any crash), /sys/kernel/
 *    uevent_helper (runs as root on each uevent), a cgroup v1
 *    release_agent (cgroups(7) "notify_on_release": run as root in the
 *    initial namespaces), and /proc/sysrq-trigger (low: reboot, crash).
 * Inside a container (signals: live.h, after systemd-detect-virt(1)):
 *  - a privileged container: PID 1's bounding set is every capability;
 *  - host paths bind-mounted in (/, /etc, /root, runtime state, ...), a
 *    second procfs, sysfs mounted read-write;
 *  - the host's PID namespace (kthreadd, PID 2, is visible only there).
 *
 * Every "can the user" is the access model's answer for the target user,
 * and a read-only mount (mountinfo) makes a file unwritable. Nothing is
 * written; a device is opened read-only for the probe, FIFOs never.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <blkid/blkid.h>

#include "checks/check.h"
#include "known/known.h"
#include "checks/live.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "parse/idmap.h"

/* a runtime socket reachable from inside: the container-socket family */
static const struct reporter ce_socket_who = {
	"container-escape", "container-socket",
};

#define CE_MAX_DEVICES	1024	/* block devices probed */
#define CE_MAX_DEV_DEPTH 3

struct ce {
	struct scan		*s;
	struct mounts		 mt;
	int			 have_mt;
	int			 in_container;
	int			 userns;	/* we run in a user namespace */
	json_t			*signals;
	struct procs		 ps;
	int			 have_ps;
	struct sockmap		 sm;
	struct unixsocks	 us;
	int			 have_socks;
};

static const char *
ce_who(struct scan *s)
{
	return s->user.name ? s->user.name : "the user";
}

/* the user can write path: the access model says so and no read-only
 * mount is in the way (the model asks the mount table too when the
 * engine wired it; asking again here costs nothing) */
static int
ce_writable(struct ce *c, const char *path)
{
	int r = access_can(c->s->acc, path, ACC_WRITE);

	if (r != ACC_YES)
		return r;
	if (c->have_mt && mounts_ro(&c->mt, path) == 1)
		return ACC_NO;
	return ACC_YES;
}

/* /proc/self/uid_map other than the identity map: a user namespace,
 * where host-global kernel files refuse writes (user_namespaces(7)) */
static int
ce_in_userns(void)
{
	struct idmap m;
	char *buf;
	size_t len;
	int trunc;

	if (procfs_read("/proc/self/uid_map", 4096, &buf, &len, &trunc) == -1)
		return 0;
	idmap_parse(buf, len, &m, NULL, NULL);
	free(buf);
	return !idmap_is_identity(&m);
}

static void
ce_load_socks(struct ce *c)
{
	struct live_err le = { c->s, "/proc/net/unix", 0 };

	if (c->have_socks)
		return;
	c->have_socks = 1;
	if (!c->have_ps && procfs_procs(&c->ps, 0) == 0)
		c->have_ps = 1;
	if (c->have_ps)
		procfs_sockmap(&c->ps, &c->sm);
	if (procfs_unix(&c->us, live_parse_err, &le) == -1)
		scan_errno(c->s, "/proc/net/unix", "cannot read");
}

/* path ends with suffix on a component boundary */
static int
ce_ends_with(const char *path, const char *suffix)
{
	size_t pl = strlen(path), sl = strlen(suffix);

	if (sl == 0 || sl > pl || strcmp(path + pl - sl, suffix) != 0)
		return 0;
	return sl == pl || suffix[0] == '/' || path[pl - sl - 1] == '/';
}

/* the process listening on the unix socket bound at a path whose tail
 * is root (the bind mount's path inside its filesystem) */
static json_t *
ce_listener(struct ce *c, const char *point, const char *root)
{
	size_t i;

	ce_load_socks(c);
	for (i = 0; i < c->us.n; i++) {
		const struct unixsock *u = &c->us.s[i];
		const struct sockmap_ent *e;
		const struct proc *p;
		json_t *o;

		if (!(u->flags & UNIX_FL_ACCEPTCON) || u->path == NULL)
			continue;
		if (strcmp(u->path, point) != 0 && !ce_ends_with(u->path, root))
			continue;
		o = json_object();
		json_object_set_new(o, "bound_as", json_string(u->path));
		json_object_set_new(o, "inode", json_integer(
		    (json_int_t)u->inode));
		if (sockmap_find(&c->sm, u->inode, &e) &&
		    (p = procs_by_pid(&c->ps, e->pid)) != NULL) {
			json_object_set_new(o, "pid", json_integer(p->pid));
			json_object_set_new(o, "process",
			    json_string(p->st.name));
			json_object_set_new(o, "owner",
			    live_owner_json(c->s, p->st.uid[1]));
		}
		return o;
	}
	return NULL;
}

/* Runtime sockets bind-mounted onto a path: a mount whose mount point
 * is a socket with a known runtime name. */
static void
ce_socket_binds(struct ce *c)
{
	struct scan *s = c->s;
	size_t i;

	for (i = 0; i < c->mt.n; i++) {
		const struct mount *m = &c->mt.m[i];
		const struct known_socket *k = known_socket_by_path(m->point);
		struct stat st;
		struct finding *f;
		enum severity sev;
		json_t *l;
		int can;

		if (k == NULL)
			k = known_socket_by_name(path_basename(m->point));
		if (k == NULL || mounts_find(&c->mt, m->point) != m)
			continue;
		if (tv_lstat(s->tv, m->point, &st) == -1 ||
		    !S_ISSOCK(st.st_mode))
			continue;
		can = access_can(s->acc, m->point, ACC_WRITE);
		if (can == ACC_UNKNOWN) {
			scan_errno(s, m->point, "cannot evaluate access to "
			    "socket");
			continue;
		}
		/* the user's own (rootless) daemon is no escalation, nor
		 * is any socket to root on the host */
		if ((st.st_uid == s->user.uid && s->user.uid != 0) ||
		    (s->user.uid == 0 && !c->in_container))
			sev = SEV_INFO;
		else
			sev = can == ACC_YES ? k->sev : SEV_LOW;
		f = report_add(s->rep, &ce_socket_who,
		    sev, can == ACC_YES ? 0.8 : 0.5, m->point, "bind-mount",
		    "the %s socket is bind-mounted at %s (from %s)%s%s",
		    k->runtime, m->point, m->root,
		    can == ACC_YES ? " and connectable by " : "",
		    can == ACC_YES ? ce_who(s) : "");
		finding_ev_str(f, "runtime", k->runtime);
		finding_ev_bool(f, "user_can_connect", can == ACC_YES);
		finding_ev_str(f, "mount_source_root", m->root);
		finding_ev_str(f, "mount_fstype", m->fstype);
		finding_ev_str(f, "mount_source", m->source);
		finding_ev_int(f, "mountinfo_line", m->line);
		finding_ev_mode(f, "mode", st.st_mode);
		finding_ev_json(f, "owner", live_owner_json(s, st.st_uid));
		finding_ev_int(f, "gid", (long long)st.st_gid);
		if ((l = ce_listener(c, m->point, m->root)) != NULL)
			finding_ev_json(f, "listener", l);
		finding_ev_str(f, "why", k->why);
		finding_set_remediation(f, "umount '%s' and stop mounting the "
		    "%s socket into containers or sandboxes", m->point,
		    k->runtime);
		finding_close(f, CLOSE_CONNECT, m->point);
		/* the audit output makes a connect() rule of the deny
		 * entry; an unscoped one would log every connect */
	}
}

/* host-global kernel files the user must not write */
static const struct ce_kfile {
	const char	*path;
	enum severity	 sev;
	const char	*why;
} ce_kfiles[] = {
	{ "/proc/sys/kernel/core_pattern", SEV_CRITICAL,
	    "core(5): a pattern starting with '|' runs that program as root "
	    "in the initial namespaces whenever a process dumps core" },
	{ "/sys/kernel/uevent_helper", SEV_CRITICAL,
	    "the kernel runs the uevent helper as root on every device "
	    "event" },
	{ "/proc/sys/kernel/modprobe", SEV_CRITICAL,
	    "the kernel runs this path as root to load a module on demand "
	    "(an unknown binary format or socket family triggers it)" },
	{ "/proc/sysrq-trigger", SEV_LOW,
	    "SysRq: reboots, crashes or kills every process" },
	{ NULL, SEV_INFO, NULL },
};

static void
ce_kernel_files(struct ce *c)
{
	struct scan *s = c->s;
	const struct ce_kfile *k;

	for (k = ce_kfiles; k->path; k++) {
		struct stat st;
		struct finding *f;
		enum severity sev = k->sev;
		int w;

		if (tv_lstat(s->tv, k->path, &st) == -1)
			continue;
		w = ce_writable(c, k->path);
		if (w == ACC_UNKNOWN) {
			scan_errno(s, k->path, "cannot evaluate access");
			continue;
		}
		if (w != ACC_YES)
			continue;
		if (c->userns && sev > SEV_LOW)
			sev = SEV_LOW;
		f = report_add(s->rep, &check_container_escape.who,
		    sev, 0.9, k->path, "writable",
		    "%s can write %s%s", ce_who(s), k->path,
		    c->in_container ? " from inside the container" : "");
		finding_ev_str(f, "why", k->why);
		finding_ev_mode(f, "mode", st.st_mode);
		finding_ev_bool(f, "in_container", c->in_container);
		if (c->userns)
			finding_ev_str(f, "note", "privmap runs in a user "
			    "namespace, where the kernel refuses writes to "
			    "host-global settings");
		finding_set_remediation(f, "mount %s read-only in the "
		    "container (docker does so unless --privileged) and drop "
		    "CAP_SYS_ADMIN", k->path);
		finding_close(f, CLOSE_WRITE, k->path);
		finding_watch(s->rep, f, k->path, 0, "wa");
	}
}

/* cgroup v1 hierarchies: release_agent at the root of each */
static void
ce_release_agents(struct ce *c)
{
	struct scan *s = c->s;
	size_t i;

	for (i = 0; i < c->mt.n; i++) {
		const struct mount *m = &c->mt.m[i];
		struct stat st;
		struct finding *f;
		char *path;
		int w;

		if (strcmp(m->fstype, "cgroup") != 0 ||
		    mounts_find(&c->mt, m->point) != m)
			continue;
		path = path_join(m->point, "release_agent");
		if (tv_lstat(s->tv, path, &st) == -1 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		w = ce_writable(c, path);
		if (w == ACC_YES) {
			f = report_add(s->rep, &check_container_escape.who,
			    c->userns ? SEV_LOW : SEV_CRITICAL, 0.9, path,
			    "release_agent",
			    "%s can write the cgroup v1 release_agent %s",
			    ce_who(s), path);
			finding_ev_str(f, "why", "cgroups(7): when the last "
			    "task of a cgroup with notify_on_release leaves, "
			    "the kernel runs release_agent as root in the "
			    "initial namespaces");
			finding_ev_str(f, "hierarchy", m->super);
			finding_ev_int(f, "mountinfo_line", m->line);
			finding_set_remediation(f, "mount the cgroup hierarchy "
			    "read-only (or use cgroup v2) and drop "
			    "CAP_SYS_ADMIN from the container");
			finding_close(f, CLOSE_WRITE, path);
			finding_watch(s->rep, f, path, 0, "wa");
		} else if (w == ACC_UNKNOWN)
			scan_errno(s, path, "cannot evaluate access");
		free(path);
	}
}

/* Host directories whose mount into a container gives the host away;
 * "root" is the mount's path inside its filesystem (mountinfo field 4) */
static const struct ce_hostpath {
	const char	*root;
	enum severity	 sev_write;
	enum severity	 sev_read;
	const char	*what;
} ce_hostpaths[] = {
	/* readable: only the mount's top directory is judged here, the
	 * files below keep their own permissions (shadow stays unreadable):
	 * a leak, not a way out */
	{ "/", SEV_CRITICAL, SEV_MEDIUM, "a whole host filesystem" },
	{ "/etc", SEV_CRITICAL, SEV_MEDIUM, "the host's /etc" },
	{ "/root", SEV_CRITICAL, SEV_MEDIUM, "root's home directory" },
	{ "/home", SEV_HIGH, SEV_LOW, "the host's home directories" },
	{ "/var/lib/docker", SEV_CRITICAL, SEV_LOW, "Docker's state" },
	{ "/var/lib/containerd", SEV_CRITICAL, SEV_LOW,
	    "containerd's state" },
	{ "/var/lib/kubelet", SEV_CRITICAL, SEV_MEDIUM,
	    "the kubelet's state (pod secrets)" },
	{ "/etc/kubernetes", SEV_CRITICAL, SEV_MEDIUM,
	    "Kubernetes credentials and manifests" },
	{ "/usr", SEV_CRITICAL, SEV_LOW, "the host's /usr" },
	{ "/lib", SEV_CRITICAL, SEV_LOW, "the host's /lib" },
	{ "/boot", SEV_CRITICAL, SEV_LOW, "the host's /boot" },
	{ "/lib/modules", SEV_HIGH, SEV_LOW, "the host's kernel modules" },
	{ "/run", SEV_HIGH, SEV_LOW, "the host's /run (runtime sockets)" },
	{ "/var/run", SEV_HIGH, SEV_LOW,
	    "the host's /var/run (runtime sockets)" },
	{ "/var/log", SEV_MEDIUM, SEV_LOW, "the host's logs" },
	{ NULL, SEV_INFO, SEV_INFO, NULL },
};

/* filesystems that never hold host files */
static const char *const ce_pseudo_fs[] = {
	"proc", "sysfs", "tmpfs", "devpts", "mqueue", "cgroup", "cgroup2",
	"overlay", "nsfs", "securityfs", "debugfs", "tracefs", "fusectl",
	"configfs", "bpf", "hugetlbfs", "pstore", "binfmt_misc", "autofs",
	"efivarfs", "shm", "ramfs", "devtmpfs", "selinuxfs", NULL,
};

static int
ce_is_pseudo(const char *fstype)
{
	size_t i;

	for (i = 0; ce_pseudo_fs[i]; i++)
		if (strcmp(fstype, ce_pseudo_fs[i]) == 0)
			return 1;
	return 0;
}

/* runtime sockets inside a mounted host /run or /var/run */
static void
ce_sockets_under(struct ce *c, const char *dir)
{
	size_t i;

	for (i = 0; known_sockets[i].runtime; i++) {
		const char *p = known_sockets[i].path, *rest;
		struct stat st;
		struct finding *f;
		char *path;

		if (p == NULL)
			continue;
		if (strncmp(p, "/run/", 5) == 0)
			rest = p + 4;
		else if (strncmp(p, "/var/run/", 9) == 0)
			rest = p + 8;
		else
			continue;
		path = xasprintf("%s%s", strcmp(dir, "/") ? dir : "", rest);
		if (tv_lstat(c->s->tv, path, &st) == 0 && S_ISSOCK(st.st_mode) &&
		    access_can(c->s->acc, path, ACC_WRITE) == ACC_YES &&
		    !(st.st_uid == c->s->user.uid && c->s->user.uid != 0)) {
			f = report_add(c->s->rep, &ce_socket_who,
			    known_sockets[i].sev, 0.8, path, "host-run",
			    "%s can connect to the host's %s socket at %s",
			    ce_who(c->s), known_sockets[i].runtime, path);
			finding_ev_str(f, "why", known_sockets[i].why);
			finding_ev_mode(f, "mode", st.st_mode);
			finding_ev_json(f, "owner",
			    live_owner_json(c->s, st.st_uid));
			finding_set_remediation(f, "do not mount the host's "
			    "/run into containers; mount only what they need");
			finding_close(f, CLOSE_CONNECT, path);
		}
		free(path);
	}
}

static void
ce_host_mounts(struct ce *c)
{
	struct scan *s = c->s;
	size_t i, j;

	for (i = 0; i < c->mt.n; i++) {
		const struct mount *m = &c->mt.m[i];
		const struct ce_hostpath *h = NULL;
		struct finding *f;
		enum severity sev;
		int w, r;

		if (strcmp(m->point, "/") == 0 ||
		    mounts_find(&c->mt, m->point) != m)
			continue;
		if (strcmp(m->fstype, "proc") == 0 &&
		    strcmp(m->point, "/proc") != 0) {
			f = report_add(s->rep, &check_container_escape.who,
			    SEV_MEDIUM, 0.5, m->point, "procfs",
			    "a second procfs is mounted at %s", m->point);
			finding_ev_str(f, "why", "a procfs of another PID "
			    "namespace (often the host's) exposes its "
			    "processes' files and /proc/sys");
			finding_ev_int(f, "mountinfo_line", m->line);
			continue;
		}
		if (strcmp(m->fstype, "sysfs") == 0 &&
		    !(m->flags & (MNT_RO | MNT_SB_RO))) {
			f = report_add(s->rep, &check_container_escape.who,
			    s->user.uid == 0 ? SEV_HIGH : SEV_MEDIUM, 0.5,
			    m->point, "sysfs-rw", "sysfs is mounted read-write "
			    "at %s inside the container", m->point);
			finding_ev_str(f, "why", "a read-write /sys is what "
			    "--privileged gives: uevent_helper, device "
			    "and kernel settings are in reach of root");
			finding_ev_str(f, "options", m->opts);
			finding_ev_int(f, "mountinfo_line", m->line);
			finding_set_remediation(f, "run the container without "
			    "--privileged: runtimes mount /sys read-only "
			    "otherwise");
			continue;
		}
		if (ce_is_pseudo(m->fstype))
			continue;
		/* the runtime's own per-container files */
		if (strcmp(m->point, "/etc/hosts") == 0 ||
		    strcmp(m->point, "/etc/hostname") == 0 ||
		    strcmp(m->point, "/etc/resolv.conf") == 0 ||
		    strcmp(m->point, "/dev/termination-log") == 0)
			continue;
		for (j = 0; ce_hostpaths[j].root; j++)
			if (strcmp(ce_hostpaths[j].root, m->root) == 0) {
				h = &ce_hostpaths[j];
				break;
			}
		if (h == NULL)
			continue;
		/* "/" of a filesystem that is no block device is a volume */
		if (strcmp(h->root, "/") == 0 && strncmp(m->source, "/dev/", 5))
			continue;
		w = ce_writable(c, m->point);
		r = access_can(s->acc, m->point, ACC_READ | ACC_EXEC);
		if (w == ACC_YES)
			sev = h->sev_write;
		else if (r == ACC_YES)
			sev = h->sev_read;
		else
			sev = SEV_INFO;
		f = report_add(s->rep, &check_container_escape.who,
		    sev, w == ACC_YES ? 0.9 : 0.5, m->point, "host-mount",
		    "%s (%s from %s) is mounted at %s%s", h->what, m->root,
		    m->source, m->point, w == ACC_YES ? " and writable" :
		    r == ACC_YES ? " and readable" : "");
		finding_ev_str(f, "mount_source_root", m->root);
		finding_ev_str(f, "mount_source", m->source);
		finding_ev_str(f, "mount_fstype", m->fstype);
		finding_ev_str(f, "options", m->opts);
		finding_ev_int(f, "mountinfo_line", m->line);
		finding_ev_bool(f, "writable", w == ACC_YES);
		finding_ev_bool(f, "readable", r == ACC_YES);
		finding_set_remediation(f, "remove the host mount of %s from "
		    "the container (or mount it read-only, and only the part "
		    "needed)", m->root);
		finding_close(f, CLOSE_WRITE, m->point);
		finding_watch(s->rep, f, m->point, 1, "wa");
		if (strcmp(m->root, "/run") == 0 ||
		    strcmp(m->root, "/var/run") == 0)
			ce_sockets_under(c, m->point);
	}
}

/* a privileged container: PID 1 keeps every capability in its bounding
 * set (docker run --privileged; default containers drop most) */
static void
ce_privileged(struct ce *c)
{
	struct scan *s = c->s;
	const struct proc *p1;
	uint64_t full;
	int last = live_last_cap();
	struct finding *f;

	if (!c->have_ps && procfs_procs(&c->ps, 0) == 0)
		c->have_ps = 1;
	if (!c->have_ps || (p1 = procs_by_pid(&c->ps, 1)) == NULL ||
	    !(p1->st.have & PS_CAPBND))
		return;
	full = last >= 63 ? ~0ULL : ((1ULL << (last + 1)) - 1);
	if ((p1->st.cap_bnd & full) != full)
		return;
	f = report_add(s->rep, &check_container_escape.who,
	    s->user.uid == 0 ? SEV_CRITICAL : SEV_MEDIUM, 0.8, "/proc/1",
	    "privileged", "the container is privileged: PID 1 (%s) keeps "
	    "every capability", p1->st.name);
	finding_ev_str(f, "why", "with every capability and the host's "
	    "devices, root in the container mounts the host's disks or "
	    "loads kernel modules");
	finding_ev_json(f, "CapBnd", live_caps_json(p1->st.cap_bnd & full));
	finding_ev_bool(f, "user_is_root", s->user.uid == 0);
	finding_set_remediation(f, "run the container without --privileged, "
	    "with --cap-drop=ALL and only the capabilities it needs");
}

static void
ce_pidns(struct ce *c)
{
	char *buf;
	size_t len;
	int trunc;
	struct finding *f;

	/* kernel threads live in the initial PID namespace only */
	if (procfs_read("/proc/2/comm", 256, &buf, &len, &trunc) == -1)
		return;
	if (strncmp(buf, "kthreadd", 8) == 0) {
		f = report_add(c->s->rep, &check_container_escape.who,
		    SEV_MEDIUM, 0.5, "/proc", "host-pidns",
		    "the container shares the host's PID namespace");
		finding_ev_str(f, "why", "host processes are visible; with "
		    "CAP_SYS_PTRACE or the same uid, they can be traced and "
		    "their /proc/PID/root entered");
		finding_ev_str(f, "pid_2", "kthreadd");
		finding_set_remediation(f, "run the container without "
		    "--pid=host (hostPID: false)");
	}
	free(buf);
}

/* sysfs name of a block device and of its disk when it is a partition:
 * /sys/dev/block/M:m -> ../../devices/.../block/sda/sda1 */
static void
ce_sysfs_names(unsigned maj, unsigned min, char *name, char *disk,
    size_t len)
{
	char link[64], target[PATH_MAX], *last, *prev;
	ssize_t r;

	name[0] = disk[0] = '\0';
	snprintf(link, sizeof link, "/sys/dev/block/%u:%u", maj, min);
	r = readlink(link, target, sizeof target - 1);
	if (r <= 0)
		return;
	target[r] = '\0';
	if ((last = strrchr(target, '/')) == NULL)
		return;
	*last++ = '\0';
	snprintf(name, len, "%s", last);
	if ((prev = strrchr(target, '/')) != NULL &&
	    strcmp(prev + 1, "block") != 0)
		snprintf(disk, len, "%s", prev + 1);
}

struct ce_dev {
	char	*path;
	dev_t	 rdev;
	struct stat st;
};

static int
ce_dev_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ce_dev *)a)->path,
	    ((const struct ce_dev *)b)->path);
}

/* block devices under the host's /dev, links and pseudo dirs skipped */
static void
ce_list_devs(struct ce *c, const char *dir, int depth, struct ce_dev **v,
    size_t *n)
{
	char **names = NULL;
	size_t nn = 0, i;

	if (depth > CE_MAX_DEV_DEPTH || tv_list(c->s->tv, dir, &names, &nn)
	    == -1)
		return;
	for (i = 0; i < nn && *n < CE_MAX_DEVICES; i++) {
		char *p = path_join(dir, names[i]);
		struct stat st;

		if (tv_lstat(c->s->tv, p, &st) == -1) {
			free(p);
			continue;
		}
		if (S_ISBLK(st.st_mode)) {
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			(*v)[*n].path = p;
			(*v)[*n].rdev = st.st_rdev;
			(*v)[*n].st = st;
			(*n)++;
			continue;
		}
		if (S_ISDIR(st.st_mode) && strcmp(p, "/dev/pts") &&
		    strcmp(p, "/dev/shm") && strcmp(p, "/dev/mqueue") &&
		    strcmp(p, "/dev/hugepages") && strcmp(p, "/dev/disk"))
			ce_list_devs(c, p, depth + 1, v, n);
		free(p);
	}
	tv_list_free(names, nn);
}

struct ce_probe {
	char	type[64];
	char	label[128];
	char	uuid[64];
	char	usage[32];
	char	pttype[32];
	long long size;
};

static void
ce_copy_value(blkid_probe pr, const char *name, char *dst, size_t len)
{
	const char *v;

	if (blkid_probe_lookup_value(pr, name, &v, NULL) == 0)
		snprintf(dst, len, "%s", v);
}

/* Probe a device read-only through an fd we opened ourselves: never the
 * path-based blkid_new_probe_from_filename, never a non-block node. */
static int
ce_probe(const struct ce_dev *d, struct ce_probe *out)
{
	blkid_probe pr = NULL;
	struct stat st;
	int fd, ret = -1;

	memset(out, 0, sizeof *out);
	fd = open(d->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW |
	    O_NOCTTY);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISBLK(st.st_mode) ||
	    st.st_rdev != d->rdev) {
		errno = ESTALE;
		goto out;
	}
	if ((pr = blkid_new_probe()) == NULL)
		goto out;
	if (blkid_probe_set_device(pr, fd, 0, 0) != 0)
		goto out;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE |
	    BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID | BLKID_SUBLKS_USAGE);
	blkid_probe_enable_partitions(pr, 1);
	out->size = (long long)blkid_probe_get_size(pr);
	if (blkid_do_safeprobe(pr) == 0) {
		ce_copy_value(pr, "TYPE", out->type, sizeof out->type);
		ce_copy_value(pr, "LABEL", out->label, sizeof out->label);
		ce_copy_value(pr, "UUID", out->uuid, sizeof out->uuid);
		ce_copy_value(pr, "USAGE", out->usage, sizeof out->usage);
		ce_copy_value(pr, "PTTYPE", out->pttype, sizeof out->pttype);
	}
	ret = 0;
out:
	if (pr)
		blkid_free_probe(pr);
	close(fd);
	return ret;
}

/* devices (and their disks) that hold this system's root: the mount at
 * "/" and, in a container, the host filesystem of its /etc/hosts */
static int
ce_holds_root(struct ce *c, const struct ce_dev *d)
{
	static const char *const probes[] = { "/", "/etc/hosts",
	    "/etc/hostname", "/etc/resolv.conf", NULL };
	char name[64], disk[64], rname[64], rdisk[64];
	size_t i;

	ce_sysfs_names(major(d->rdev), minor(d->rdev), name, disk,
	    sizeof name);
	for (i = 0; probes[i]; i++) {
		const struct mount *m = mounts_find(&c->mt, probes[i]);

		if (m == NULL || ce_is_pseudo(m->fstype))
			continue;
		if (m->major == major(d->rdev) && m->minor == minor(d->rdev))
			return 1;
		ce_sysfs_names(m->major, m->minor, rname, rdisk, sizeof rname);
		/* the whole disk of the root's partition */
		if (name[0] && rdisk[0] && strcmp(name, rdisk) == 0)
			return 1;
	}
	return 0;
}

static void
ce_block_devices(struct ce *c)
{
	struct scan *s = c->s;
	struct ce_dev *v = NULL;
	size_t n = 0, i;

	ce_list_devs(c, "/dev", 0, &v, &n);
	if (n)
		qsort(v, n, sizeof *v, ce_dev_cmp);
	for (i = 0; i < n; i++) {
		const struct ce_dev *d = &v[i];
		struct ce_probe pb;
		struct finding *f;
		enum severity sev;
		int r, w, root, fs;
		const char *via;

		r = access_can(s->acc, d->path, ACC_READ);
		w = access_can(s->acc, d->path, ACC_WRITE);
		if (r == ACC_UNKNOWN || w == ACC_UNKNOWN) {
			scan_errno(s, d->path, "cannot evaluate access");
			continue;
		}
		if (r != ACC_YES && w != ACC_YES)
			continue;
		if (ce_probe(d, &pb) == -1) {
			scan_errno(s, d->path, "cannot probe block device");
			continue;
		}
		/* an unattached loop device or an empty drive */
		if (pb.size == 0 && !pb.type[0] && !pb.pttype[0])
			continue;
		root = ce_holds_root(c, d);
		fs = pb.type[0] != '\0' || pb.pttype[0] != '\0';
		if (w == ACC_YES && fs)
			sev = SEV_CRITICAL;
		else if (r == ACC_YES && root)
			sev = SEV_CRITICAL;
		else if (r == ACC_YES && fs && strcmp(pb.type, "swap") != 0)
			sev = SEV_HIGH;
		else if (w == ACC_YES || strcmp(pb.type, "swap") == 0)
			sev = SEV_MEDIUM;
		else
			sev = SEV_LOW;
		via = d->st.st_uid == s->user.uid ? "owner" :
		    ident_in_group(&s->user, d->st.st_gid) ? "group" :
		    "other or ACL";
		f = report_add(s->rep, &check_container_escape.who,
		    sev, root ? 0.9 : 0.6, d->path, "block-device",
		    "%s can %s block device %s%s%s%s", ce_who(s),
		    w == ACC_YES && r == ACC_YES ? "read and write" :
		    w == ACC_YES ? "write" : "read", d->path,
		    pb.type[0] ? " (" : "", pb.type[0] ? pb.type : "",
		    pb.type[0] ? (root ? ", the root filesystem)" : ")") :
		    root ? " (holds the root filesystem)" : "");
		finding_ev_bool(f, "readable", r == ACC_YES);
		finding_ev_bool(f, "writable", w == ACC_YES);
		finding_ev_bool(f, "holds_root_filesystem", root);
		if (pb.type[0])
			finding_ev_str(f, "filesystem", pb.type);
		if (pb.label[0])
			finding_ev_str(f, "label", pb.label);
		if (pb.uuid[0])
			finding_ev_str(f, "uuid", pb.uuid);
		if (pb.pttype[0])
			finding_ev_str(f, "partition_table", pb.pttype);
		finding_ev_int(f, "size", pb.size);
		finding_ev_mode(f, "mode", d->st.st_mode);
		finding_ev_json(f, "owner", live_owner_json(s, d->st.st_uid));
		finding_ev_int(f, "gid", (long long)d->st.st_gid);
		finding_ev_str(f, "via", via);
		finding_ev_bool(f, "in_container", c->in_container);
		finding_ev_str(f, "why", "debugfs(8) and a filesystem's own "
		    "tools read (or write) every file on the device, "
		    "/etc/shadow and root's keys included, past all "
		    "permissions");
		finding_set_remediation(f, "chmod o-rw '%s'; take the user out "
		    "of group %lu (disk); in a container, do not pass host "
		    "devices (--device, --privileged)", d->path,
		    (unsigned long)d->st.st_gid);
		finding_close(f, CLOSE_READ, d->path);
		finding_close(f, CLOSE_WRITE, d->path);
		finding_watch(s->rep, f, d->path, 0, "rw");
	}
	for (i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

static int
ce_report(struct scan *s, void **priv)
{
	struct ce c;
	struct finding *f;

	(void)priv;
	if (!(s->flags & SCAN_LIVE))
		return 0;
	memset(&c, 0, sizeof c);
	c.s = s;
	if (live_mounts(s, &c.mt) == 0)
		c.have_mt = 1;
	c.in_container = live_in_container(s, c.have_mt ? &c.mt : NULL,
	    &c.signals);
	c.userns = ce_in_userns();
	if (c.in_container)
		report_add_note(s->rep, "running inside a container");
	if (c.have_mt)
		ce_socket_binds(&c);
	/* root on the host has nothing to escape to */
	if (s->user.uid != 0 || c.in_container) {
		ce_kernel_files(&c);
		if (c.have_mt)
			ce_release_agents(&c);
		ce_block_devices(&c);
	}
	if (c.in_container) {
		if (c.have_mt)
			ce_host_mounts(&c);
		ce_privileged(&c);
		ce_pidns(&c);
		f = report_add(s->rep, &check_container_escape.who,
		    SEV_INFO, 0.0, "/", "in-container",
		    "the scan runs inside a container");
		finding_ev_json(f, "signals", json_incref(c.signals));
	}
	json_decref(c.signals);
	mounts_free(&c.mt);
	if (c.have_ps)
		procs_free(&c.ps);
	sockmap_free(&c.sm);
	unixsocks_free(&c.us);
	return 0;
}

const struct check check_container_escape = {
	.who = { "container-escape", "container-escape" },
	.self_only = 1,
	.live_only = 1,
	.report = ce_report,
};
