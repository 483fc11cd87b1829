/*
 * live.c: helpers shared by the live-host checks (live.h). Reads the live
 * host's /proc directly (procfs.h) and the target's files through the
 * target view; decides nothing about severity.
 */
#include <sys/capability.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks/live.h"
#include "lib/bounds.h"
#include "lib/num.h"
#include "lib/xmalloc.h"

void
live_parse_err(void *ctx, unsigned line, const char *why)
{
	struct live_err *le = ctx;

	if (le->count++ < 20)
		report_add_error(le->s->rep, le->path, "line %u: %s", line,
		    why);
	else if (le->count == 21)
		report_add_error(le->s->rep, le->path, "more malformed lines "
		    "not listed");
}

const char *
live_user_name(struct scan *s, uid_t uid)
{
	const struct pwent *pw = userdb_user_by_uid(&s->db, uid);

	return pw ? pw->name : NULL;
}

json_t *
live_owner_json(struct scan *s, uid_t uid)
{
	const char *n = live_user_name(s, uid);
	json_t *o = json_object();

	json_object_set_new(o, "uid", json_integer((json_int_t)uid));
	if (n)
		json_object_set_new(o, "name", json_string(n));
	return o;
}

int
live_mounts(struct scan *s, struct mounts *mt)
{
	struct live_err le = { s, "/proc/self/mountinfo", 0 };

	memset(mt, 0, sizeof *mt);
	if (procfs_mounts(mt, live_parse_err, &le) == -1) {
		scan_errno(s, "/proc/self/mountinfo", "cannot read");
		return -1;
	}
	return 0;
}

static void
add_signal(json_t *arr, const char *fmt, const char *arg)
{
	char *s = xasprintf(fmt, arg);

	json_array_append_new(arr, json_string(s));
	free(s);
}

/* runtime names in a cgroup path (cgroups v1 show them; v2 inside a
 * cgroup namespace shows "0::/") */
static const char *const cgroup_words[] = {
	"/docker/", "/docker-", "/kubepods", "/lxc/", "/lxc.payload",
	"/libpod-", "/machine.slice/libpod", "/containerd/", "/crio-",
	"/actions_job/", NULL,
};

int
live_in_container(struct scan *s, const struct mounts *mt, json_t **signals)
{
	json_t *sig = json_array();
	struct stat st;
	char *buf = NULL;
	size_t len, i;
	int trunc, yes = 0;
	const struct mount *root;

	if (tv_lstat(s->tv, "/run/.containerenv", &st) == 0) {
		add_signal(sig, "%s exists (podman)", "/run/.containerenv");
		yes = 1;
	}
	if (tv_lstat(s->tv, "/.dockerenv", &st) == 0) {
		add_signal(sig, "%s exists (docker)", "/.dockerenv");
		yes = 1;
	}
	if (tv_read(s->tv, "/run/systemd/container", 256, &buf, &len,
	    &trunc) == 0) {
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
			buf[--len] = '\0';
		if (len && !memchr(buf, '\n', len)) {
			add_signal(sig, "/run/systemd/container says %s", buf);
			yes = 1;
		}
		free(buf);
		buf = NULL;
	}
	/* readable by root only: a signal when privmap runs as root */
	if (procfs_read("/proc/1/environ", 65536, &buf, &len, &trunc) == 0) {
		for (i = 0; i < len; i += strlen(buf + i) + 1)
			if (strncmp(buf + i, "container=", 10) == 0 &&
			    buf[i + 10]) {
				add_signal(sig, "PID 1 has %s", buf + i);
				yes = 1;
				break;
			}
		free(buf);
		buf = NULL;
	}
	if (procfs_read("/proc/1/cgroup", 65536, &buf, &len, &trunc) == 0) {
		for (i = 0; cgroup_words[i]; i++)
			if (strstr(buf, cgroup_words[i])) {
				add_signal(sig, "PID 1's cgroup names %s",
				    cgroup_words[i]);
				yes = 1;
				break;
			}
		free(buf);
		buf = NULL;
	}
	root = mt ? mounts_find(mt, "/") : NULL;
	if (root && strcmp(root->fstype, "overlay") == 0 &&
	    (strstr(root->super, "/docker/") ||
	    strstr(root->super, "containers/storage") ||
	    strstr(root->super, "containerd"))) {
		add_signal(sig, "the root is an %s mount of a container "
		    "runtime's storage", "overlay");
		yes = 1;
	}
	if (signals)
		*signals = sig;
	else
		json_decref(sig);
	return yes;
}

json_t *
live_caps_json(unsigned long long mask)
{
	json_t *a = json_array();
	int c;

	for (c = 0; c < 64; c++) {
		char *name;

		if (!(mask & (1ULL << c)))
			continue;
		/* libcap's names ("cap_sys_admin"), a number if unknown */
		name = cap_to_name((cap_value_t)c);
		json_array_append_new(a, json_string(name ? name : "?"));
		cap_free(name);
	}
	return a;
}

int
live_last_cap(void)
{
	char *v = NULL;
	unsigned long u;
	int last = -1;

	/* capabilities(7): /proc/sys/kernel/cap_last_cap */
	if (procfs_sysctl("kernel.cap_last_cap", &v) == 0 &&
	    parse_ulong(v, 63, &u) == 0)
		last = (int)u;
	free(v);
	if (last < 0)
		last = (int)cap_max_bits() - 1;
	return last;
}
