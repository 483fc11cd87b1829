/*
 * known/caps.c: what each file capability gives the program that holds
 * it, graded for a user who can run that program. Source:
 * capabilities(7) for what each allows; GTFOBins "Capabilities" and
 * HackTricks "Linux Capabilities" for how each becomes root.
 */
#include <linux/capability.h>
#include <stddef.h>

#include "known/known.h"

static const struct known_cap caps[] = {
	{ CAP_SETUID, SEV_CRITICAL, "setuid(0): the program can become root" },
	{ CAP_SETGID, SEV_CRITICAL, "setgid(0)/setgroups: any group, "
	    "disk or shadow included" },
	{ CAP_SYS_ADMIN, SEV_CRITICAL, "mount, namespaces, BPF, and much "
	    "more: root in all but name" },
	{ CAP_SYS_MODULE, SEV_CRITICAL, "loads kernel modules" },
	{ CAP_SYS_RAWIO, SEV_CRITICAL, "raw I/O on block devices and "
	    "/dev/mem" },
	{ CAP_SYS_PTRACE, SEV_CRITICAL, "attaches to root's processes and "
	    "injects code" },
	{ CAP_DAC_OVERRIDE, SEV_CRITICAL, "writes any file: /etc/passwd, "
	    "/etc/sudoers, root's crontab" },
	{ CAP_CHOWN, SEV_CRITICAL, "takes ownership of any file, "
	    "/etc/shadow included" },
	{ CAP_FOWNER, SEV_CRITICAL, "chmods any file, making /etc/passwd "
	    "writable" },
	{ CAP_SETFCAP, SEV_CRITICAL, "sets file capabilities: grants "
	    "cap_setuid to a shell" },
	{ CAP_DAC_READ_SEARCH, SEV_HIGH, "reads any file: /etc/shadow, "
	    "private keys (and open_by_handle_at escapes containers)" },
	{ CAP_SETPCAP, SEV_HIGH, "changes capability bounding sets and "
	    "securebits" },
	{ CAP_BPF, SEV_HIGH, "loads BPF programs that read kernel memory" },
	{ CAP_MAC_ADMIN, SEV_HIGH, "changes the MAC (AppArmor/SELinux) "
	    "policy" },
	{ CAP_MAC_OVERRIDE, SEV_HIGH, "bypasses the MAC policy" },
	{ CAP_FSETID, SEV_MEDIUM, "keeps setuid/setgid bits on files it "
	    "writes" },
	{ CAP_NET_ADMIN, SEV_MEDIUM, "reconfigures the network: firewall, "
	    "routes, interfaces" },
	{ CAP_MKNOD, SEV_MEDIUM, "creates device nodes (with a filesystem "
	    "that honours them)" },
	{ CAP_LINUX_IMMUTABLE, SEV_MEDIUM, "sets or clears immutable and "
	    "append-only flags" },
	{ CAP_AUDIT_CONTROL, SEV_MEDIUM, "turns auditing off" },
	{ CAP_SYS_BOOT, SEV_MEDIUM, "reboots or kexecs a new kernel" },
	{ CAP_CHECKPOINT_RESTORE, SEV_MEDIUM, "checkpoint/restore: sets "
	    "PIDs and reads other processes' state" },
	{ CAP_KILL, SEV_LOW, "signals any process" },
	{ CAP_SYS_CHROOT, SEV_LOW, "chroot(2)" },
	{ CAP_SYS_TIME, SEV_LOW, "sets the clock" },
	{ CAP_SYS_NICE, SEV_LOW, "raises priorities of any process" },
	{ CAP_SYS_RESOURCE, SEV_LOW, "overrides resource limits" },
	{ CAP_SYSLOG, SEV_LOW, "reads kernel messages and addresses" },
	{ CAP_PERFMON, SEV_LOW, "performance monitoring of the system" },
	{ CAP_SYS_TTY_CONFIG, SEV_LOW, "configures terminals" },
	{ CAP_AUDIT_READ, SEV_LOW, "reads the audit log" },
	{ CAP_NET_RAW, SEV_INFO, "raw sockets (ping's usual capability)" },
	{ CAP_NET_BIND_SERVICE, SEV_INFO, "binds ports below 1024" },
	{ CAP_NET_BROADCAST, SEV_INFO, "broadcast and multicast" },
	{ CAP_IPC_LOCK, SEV_INFO, "locks memory" },
	{ CAP_IPC_OWNER, SEV_LOW, "bypasses IPC permission checks" },
	{ CAP_LEASE, SEV_INFO, "takes file leases" },
	{ CAP_AUDIT_WRITE, SEV_INFO, "writes audit records" },
	{ CAP_WAKE_ALARM, SEV_INFO, "sets wake alarms" },
	{ CAP_BLOCK_SUSPEND, SEV_INFO, "blocks system suspend" },
	{ CAP_SYS_PACCT, SEV_LOW, "switches process accounting" },
	{ CAP_SYS_TTY_CONFIG, SEV_LOW, "configures terminals" },
};

const struct known_cap *
known_cap_find(int cap)
{
	size_t i;

	for (i = 0; i < sizeof caps / sizeof caps[0]; i++)
		if (caps[i].cap == cap)
			return &caps[i];
	return NULL;
}
