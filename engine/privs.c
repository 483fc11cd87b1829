/*
 * privs.c: dropping privmap's own privileges before it reads anything of
 * the target (privs.h). The order matters: keep capabilities across the
 * uid change (PR_SET_KEEPCAPS), change gid and groups, then uid, then
 * trim every capability set (bounding, inheritable, ambient, permitted,
 * effective) to the kept ones, and finally no_new_privs.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "engine/privs.h"

static int
fail(char *msg, size_t len, const char *what)
{
	snprintf(msg, len, "%s: %s", what, strerror(errno));
	return -1;
}

/* The process's capability sets as cap_to_text(3) gives them ("=" when
 * empty), asked of the kernel rather than assumed. */
static int
caps_text(char *buf, size_t len)
{
	cap_t now = cap_get_proc();
	char *txt;
	int ret = -1;

	if (now == NULL)
		goto out;
	if ((txt = cap_to_text(now, NULL)) == NULL)
		goto out;
	/* "=": every set empty */
	snprintf(buf, len, "%s", strcmp(txt, "=") == 0 ? "none" : txt);
	cap_free(txt);
	ret = 0;
out:
	if (now)
		cap_free(now);
	return ret;
}

int
privs_drop(int live, char *msg, size_t len)
{
	cap_value_t keep[2] = { CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE };
	int nkeep = live ? 2 : 1, c;
	cap_t caps = NULL;
	char now[128];

	if (geteuid() != 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
			return fail(msg, len, "no_new_privs");
		snprintf(msg, len, "running unprivileged as uid %lu: what it "
		    "cannot read is listed under errors; no_new_privs set",
		    (unsigned long)geteuid());
		return 0;
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == -1)
		return fail(msg, len, "PR_SET_KEEPCAPS");
	/* the bounding set first: it needs CAP_SETPCAP, which goes next */
	for (c = 0; c <= CAP_LAST_CAP; c++) {
		if (c == CAP_DAC_READ_SEARCH || (live && c == CAP_SYS_PTRACE))
			continue;
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == -1 && errno != EINVAL)
			return fail(msg, len, "dropping the bounding set");
	}
	if (setgroups(0, NULL) == -1)
		return fail(msg, len, "setgroups");
	if (setresgid(PRIVS_UID, PRIVS_UID, PRIVS_UID) == -1)
		return fail(msg, len, "setresgid");
	if (setresuid(PRIVS_UID, PRIVS_UID, PRIVS_UID) == -1)
		return fail(msg, len, "setresuid");
	caps = cap_init();
	if (caps == NULL ||
	    cap_set_flag(caps, CAP_PERMITTED, nkeep, keep, CAP_SET) == -1 ||
	    cap_set_flag(caps, CAP_EFFECTIVE, nkeep, keep, CAP_SET) == -1 ||
	    cap_set_proc(caps) == -1) {
		if (caps)
			cap_free(caps);
		return fail(msg, len, "setting capabilities");
	}
	cap_free(caps);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1 &&
	    errno != EINVAL)
		return fail(msg, len, "clearing ambient capabilities");
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == -1)
		return fail(msg, len, "PR_SET_KEEPCAPS");
	/* a uid change makes the process non-dumpable, which hides
	 * /proc/self/fd from it; dumpable again is safe: another process
	 * of this uid cannot ptrace one holding capabilities it lacks */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) == -1)
		return fail(msg, len, "PR_SET_DUMPABLE");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return fail(msg, len, "no_new_privs");
	if (caps_text(now, sizeof now) == -1)
		return fail(msg, len, "reading capabilities back");
	snprintf(msg, len, "started as root: now uid/gid %u with only %s "
	    "(read back); every other capability dropped (bounding set "
	    "too); no_new_privs set", PRIVS_UID, now);
	return 0;
}

int
privs_drop_all(char *msg, size_t len)
{
	char now[128];
	cap_t caps = cap_init();

	/* dropping needs no privilege; the bounding set keeps what
	 * privs_drop left in it, which nothing can raise again: no
	 * capability is permitted and no_new_privs is set */
	if (caps == NULL || cap_set_proc(caps) == -1) {
		if (caps)
			cap_free(caps);
		return fail(msg, len, "clearing capabilities");
	}
	cap_free(caps);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1 &&
	    errno != EINVAL)
		return fail(msg, len, "clearing ambient capabilities");
	if (caps_text(now, sizeof now) == -1)
		return fail(msg, len, "reading capabilities back");
	snprintf(msg, len, "the image is in memory: capabilities now %s "
	    "(read back)", now);
	return 0;
}
