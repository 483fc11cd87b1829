/*
 * sandbox.c: the tables of known/sandbox.h, each with its source. Data
 * only; never reads anything.
 */
#include <string.h>

#include "known/sandbox.h"

/* docs.docker.com/engine/security/seccomp/ ("Significant syscalls
 * blocked by the default profile"): the default profile is an allow list,
 * and these are the calls it leaves out (clone only with CLONE_NEW*
 * flags, personality only with other than the usual personas; neither is
 * listed here as blocked outright) */
const char *const known_docker_blocked[] = {
	"acct", "add_key", "bpf", "clock_adjtime", "clock_settime",
	"create_module", "delete_module", "finit_module", "get_kernel_syms",
	"get_mempolicy", "init_module", "ioperm", "iopl", "kcmp",
	"kexec_file_load", "kexec_load", "keyctl", "lookup_dcookie", "mbind",
	"mount", "move_pages", "nfsservctl", "open_by_handle_at",
	"perf_event_open", "pivot_root", "process_vm_readv",
	"process_vm_writev", "ptrace", "query_module", "quotactl", "reboot",
	"request_key", "set_mempolicy", "setns", "settimeofday", "stime",
	"swapon", "swapoff", "sysfs", "_sysctl", "umount", "umount2",
	"unshare", "uselib", "userfaultfd", "ustat", "vm86", "vm86old",
	NULL,
};

/* systemd 252, `systemd-analyze syscall-filter GROUP` (only the groups
 * that hold a call privmap's findings need) */
static const char *const grp_mount[] = {
	"chroot", "fsconfig", "fsmount", "fsopen", "fspick", "mount",
	"mount_setattr", "move_mount", "open_tree", "pivot_root", "umount",
	"umount2", NULL,
};
static const char *const grp_debug[] = {
	"lookup_dcookie", "perf_event_open", "pidfd_getfd", "ptrace",
	"rtas", "s390_runtime_instr", "sys_debug_setprogram", NULL,
};
static const char *const grp_module[] = {
	"delete_module", "finit_module", "init_module", NULL,
};
static const char *const grp_keyring[] = {
	"add_key", "keyctl", "request_key", NULL,
};
static const char *const grp_privileged_part[] = {
	"bpf", NULL,
};

static const struct {
	const char		*name;
	const char *const	*calls;
} groups[] = {
	{ "@mount", grp_mount },
	{ "@debug", grp_debug },
	{ "@module", grp_module },
	{ "@keyring", grp_keyring },
	/* @privileged holds bpf (and far more): only bpf is asked of it */
	{ "@privileged", grp_privileged_part },
};

const char *const *
known_syscall_group(const char *group)
{
	size_t i;

	for (i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (strcmp(groups[i].name, group) == 0)
			return groups[i].calls;
	return NULL;
}

/* unshare(2), clone(2) with CLONE_NEWUSER, clone3(2), setns(2):
 * user_namespaces(7) */
const char *const known_calls_userns[] = {
	"unshare", "setns", NULL,
};
/* bpf(2) */
const char *const known_calls_bpf[] = { "bpf", NULL };
/* ptrace(2), and process_vm_readv/writev(2) which Yama's ptrace_scope
 * governs alike (Documentation/admin-guide/LSM/Yama.rst) */
const char *const known_calls_ptrace[] = {
	"ptrace", "process_vm_readv", "process_vm_writev", NULL,
};
/* the new mount API (mount_setattr(2) and friends) and io_uring, which
 * Docker's list predates */
const char *const known_calls_extra[] = {
	"fsconfig", "fsmount", "fsopen", "fspick", "mount_setattr",
	"move_mount", "open_tree", NULL,
};
