/*
 * known/distro.c: setuid and setgid programs that distributions ship and
 * that are part of how a Linux system works (changing passwords,
 * switching users, mounting for users, sandbox helpers). In a standard
 * system directory they are the baseline, reported as info; the same name
 * anywhere else is not. Sources: the setuid/setgid files of Debian 12,
 * Ubuntu 24.04, Fedora 40 and Alpine 3.20 package contents (shadow,
 * util-linux, sudo, polkit, openssh, iputils, fuse, dbus, cron, at, ...).
 * The provenance check (dpkg/apk databases) refines this when present.
 */
#include <string.h>

#include "known/known.h"

static const char *const names[] = {
	"su", "sudo", "sudoedit", "passwd", "chsh", "chfn", "gpasswd", "newgrp",
	"sg", "expiry", "chage", "unix_chkpwd", "unix2_chkpwd", "mount",
	"umount", "fusermount", "fusermount3", "pkexec", "polkit-agent-helper-1",
	"ping", "ping6", "traceroute6.iputils", "arping", "ssh-keysign",
	"ssh-agent", "dbus-daemon-launch-helper", "Xorg.wrap", "Xorg",
	"chrome-sandbox", "newuidmap", "newgidmap", "crontab", "at", "wall",
	"write", "bsd-write", "dotlockfile", "plocate", "mlocate", "locate",
	"pppd", "snap-confine", "ntfs-3g", "mount.nfs", "mount.cifs",
	"mount.ecryptfs_private", "userhelper", "staprun", "usernetctl",
	"lockdev", "utempter", "screen", "exim4", "postdrop", "postqueue",
	"procmail", "lppasswd", "vmware-user-suid-wrapper", "cardmgr",
	"ksu", "doas", "sudo-rs", "su-rs", "login", "bwrap", "firejail",
	"kismet_cap_linux_wifi", "spice-client-glib-usb-acl-helper",
	"qemu-bridge-helper", "Xvnc", "mail-lock", "mail-unlock",
	"mail-touchlock", "lockfile", "ssh-keysign-helper", "cgexec",
	"cgclassify", "top", "bus-daemon-launch-helper", "fping", "mtr-packet",
	"dmcrypt-get-device", "suexec", "camel-lock-helper-1.2",
	"uuidd", "pam_timestamp_check", "chkpwd", "setfacl-helper",
	NULL,
};

/* Directories a package manager installs into. */
static const char *const dirs[] = {
	"/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/lib/",
	"/usr/lib64/", "/usr/libexec/", "/lib/", "/lib64/", "/usr/lib32/",
	"/opt/google/chrome/", "/usr/share/", NULL,
};

int
known_distro_setuid(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t i;
	int in_dir = 0;

	base = base ? base + 1 : path;
	for (i = 0; dirs[i]; i++)
		if (strncmp(path, dirs[i], strlen(dirs[i])) == 0)
			in_dir = 1;
	if (!in_dir)
		return 0;
	for (i = 0; names[i]; i++)
		if (strcmp(names[i], base) == 0)
			return 1;
	return 0;
}
