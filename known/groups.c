/*
 * known/groups.c: groups whose members hold root, or a step towards it.
 * Sources: Docker's "Docker daemon attack surface" (docs.docker.com/
 * engine/security/#docker-daemon-attack-surface: "only trusted users
 * should be allowed to control your Docker daemon"); LXD's security docs
 * (documentation.ubuntu.com/lxd, "access to LXD ... is root access");
 * Debian's SystemGroups wiki page (wiki.debian.org/SystemGroups: disk,
 * kmem, shadow, adm, staff, systemd-journal); libvirt's ACL docs (members
 * of libvirt manage the system daemon); HackTricks "Interesting Groups -
 * Linux Privesc" for lxd, disk, video, adm, root.
 */
#include <string.h>

#include "known/known.h"

const struct known_group known_groups[] = {
	{ "docker", SEV_CRITICAL, "the Docker daemon runs containers as root "
	    "for any member: `docker run -v /:/host` gives a root shell on "
	    "the host" },
	{ "lxd", SEV_CRITICAL, "LXD runs privileged containers for any "
	    "member, with the host's / attachable as a disk device" },
	{ "lxc", SEV_CRITICAL, "LXC/LXD control: privileged containers with "
	    "host mounts" },
	{ "incus", SEV_CRITICAL, "Incus (LXD's fork) runs privileged "
	    "containers for any member" },
	{ "incus-admin", SEV_CRITICAL, "Incus administration: privileged "
	    "containers with host mounts" },
	{ "microk8s", SEV_CRITICAL, "MicroK8s admin: schedule a privileged "
	    "pod with the host's / mounted" },
	{ "libvirt", SEV_CRITICAL, "the system libvirtd: define a VM or "
	    "storage pool over the host's disks and files" },
	{ "disk", SEV_CRITICAL, "raw read/write of block devices: edit the "
	    "root filesystem under the kernel (debugfs) or read /etc/shadow" },
	{ "kmem", SEV_CRITICAL, "read and write kernel memory through "
	    "/dev/kmem or /dev/mem where present" },
	{ "sudo", SEV_HIGH, "Debian/Ubuntu's sudoers grants %sudo every "
	    "command as root; the next sudo with the account's password is "
	    "root (the sudo check reports NOPASSWD rules)" },
	{ "wheel", SEV_HIGH, "RHEL/Fedora/Arch sudoers grant %wheel every "
	    "command as root, and su may be limited to wheel" },
	{ "admin", SEV_HIGH, "a sudoers rule grants %admin commands as root "
	    "(older Ubuntu's grants every command)" },
	{ "shadow", SEV_HIGH, "reads /etc/shadow and gshadow: offline cracking "
	    "of every password hash" },
	{ "root", SEV_MEDIUM, "gid 0 owns system files: any of them that is "
	    "group-writable becomes writable" },
	{ "staff", SEV_MEDIUM, "on Debian, staff may own /usr/local, which "
	    "is early in root's PATH" },
	{ "kvm", SEV_MEDIUM, "direct access to /dev/kvm: run VMs outside "
	    "the host's accounting, a step towards escape" },
	{ "ssl-cert", SEV_MEDIUM, "reads TLS private keys in "
	    "/etc/ssl/private" },
	{ "video", SEV_LOW, "reads the framebuffer: screen contents of "
	    "other users" },
	{ "tty", SEV_LOW, "writes to other users' terminals" },
	{ "adm", SEV_LOW, "reads system logs under /var/log, which can hold "
	    "secrets and tokens" },
	{ "systemd-journal", SEV_LOW, "reads the whole systemd journal, "
	    "which can hold secrets and tokens" },
	{ "lpadmin", SEV_LOW, "administers CUPS printers" },
	{ NULL, SEV_INFO, NULL },
};

const struct known_group *
known_group_find(const char *name)
{
	size_t i;

	for (i = 0; known_groups[i].name; i++)
		if (strcmp(known_groups[i].name, name) == 0)
			return &known_groups[i];
	return NULL;
}

const char *const known_sudo_groups[] = { "sudo", "wheel", "admin", NULL };
