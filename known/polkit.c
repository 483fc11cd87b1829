/*
 * polkit.c: polkit actions that hand root to whoever is granted them,
 * each from the project that declares it, and where polkit reads its
 * authorizations. A table only.
 */
#include <stddef.h>

#include "known/polkit.h"

const struct known_polkit_action known_polkit_actions[] = {
	/* systemd: org.freedesktop.systemd1.policy; systemd-run(1) starts a
	 * transient unit (a command as root) through StartTransientUnit,
	 * which manage-units authorizes (org.freedesktop.systemd1(5)) */
	{ "org.freedesktop.systemd1.manage-units", SEV_CRITICAL,
	    "/usr/bin/systemd-run", "run any command as root with "
	    "systemd-run" },
	/* org.freedesktop.systemd1(5): LinkUnitFiles and EnableUnitFiles
	 * install a unit file from anywhere, run as root at its start */
	{ "org.freedesktop.systemd1.manage-unit-files", SEV_HIGH,
	    "/usr/bin/systemctl", "link and enable a unit file of its own, "
	    "run as root at the next boot" },
	/* polkit: pkexec(1), org.freedesktop.policykit.exec authorizes
	 * running a program as another user, root by default */
	{ "org.freedesktop.policykit.exec", SEV_CRITICAL, "/usr/bin/pkexec",
	    "run any program as root with pkexec" },
	/* libvirt: docs/acl.rst, org.libvirt.unix.manage is full management
	 * of the system libvirtd, whose guests can be given the host's
	 * disks and filesystems */
	{ "org.libvirt.unix.manage", SEV_CRITICAL, "/usr/bin/virsh",
	    "start a libvirt guest with the host's root filesystem" },
	/* machined: org.freedesktop.machine1.policy; machinectl(1) shell
	 * root@.host opens a root shell on the host */
	{ "org.freedesktop.machine1.shell", SEV_CRITICAL,
	    "/usr/bin/machinectl", "open a root shell with machinectl shell "
	    "root@.host" },
	{ "org.freedesktop.machine1.host-shell", SEV_CRITICAL,
	    "/usr/bin/machinectl", "open a root shell with machinectl shell "
	    "root@.host" },
	/* PackageKit: org.freedesktop.packagekit.policy; a package's
	 * maintainer scripts run as root, an untrusted one is any .deb or
	 * .rpm the user builds */
	{ "org.freedesktop.packagekit.package-install-untrusted",
	    SEV_CRITICAL, "/usr/bin/pkcon", "install a package of its own "
	    "making, whose scripts run as root" },
	{ "org.freedesktop.packagekit.package-install", SEV_HIGH,
	    "/usr/bin/pkcon", "install packages, whose scripts run as root" },
	{ "org.freedesktop.packagekit.system-sources-configure", SEV_HIGH,
	    "/usr/bin/pkcon", "add a package source of its own" },
	/* udisks2: org.freedesktop.UDisks2.policy; modify-device writes a
	 * block device (the root filesystem's included), mounting a system
	 * device lets it choose the options */
	{ "org.freedesktop.udisks2.modify-device", SEV_HIGH,
	    "/usr/bin/udisksctl", "write the root filesystem's block device" },
	{ "org.freedesktop.udisks2.modify-device-system", SEV_HIGH,
	    "/usr/bin/udisksctl", "write the root filesystem's block device" },
	{ "org.freedesktop.udisks2.filesystem-mount-system", SEV_HIGH,
	    "/usr/bin/udisksctl", "mount system devices where it chooses" },
	{ "org.freedesktop.udisks2.loop-setup", SEV_MEDIUM,
	    "/usr/bin/udisksctl", "attach an image of its own as a block "
	    "device" },
	/* accountsservice: org.freedesktop.accounts.policy; creating a user
	 * in the administrator role gives it sudo */
	{ "org.freedesktop.accounts.user-administration", SEV_CRITICAL,
	    NULL, "create an administrator account or set root's password" },
	/* NetworkManager: org.freedesktop.NetworkManager.policy; a system
	 * connection's dispatcher and VPN scripts run as root */
	{ "org.freedesktop.NetworkManager.settings.modify.system", SEV_MEDIUM,
	    "/usr/bin/nmcli", "change system network connections" },
	{ NULL, SEV_INFO, NULL, NULL },
};

/* polkit(8), "AUTHORIZATION RULES": both directories, files sorted by
 * name across them, /etc's first for a name in both */
const char *const known_polkit_rules_dirs[] = {
	"/etc/polkit-1/rules.d", "/usr/share/polkit-1/rules.d", NULL,
};

/* pklocalauthority(8): the local authority's two trees, each with
 * subdirectories holding the .pkla files */
const char *const known_polkit_pkla_dirs[] = {
	"/etc/polkit-1/localauthority", "/var/lib/polkit-1/localauthority",
	NULL,
};

const char known_polkit_actions_dir[] = "/usr/share/polkit-1/actions";
