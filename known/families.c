/*
 * families.c: the one table of the report contract's families
 * (docs/report.md) and of the kinds of finding checks name: what a saved
 * report may name, the order a person reads them in (the events summary),
 * their SARIF rules' texts (kept in step with docs/sarif.md), the deny
 * entry a finding implies when its check names none (marked "derived",
 * never acted on by the fix script), how the fix script closes a program
 * it denies, and what their paths are to the agent policy classes. A new
 * family is one row here. Must never hold anything but data and lookups.
 */
#include <stddef.h>
#include <string.h>

#include "known/closes.h"
#include "known/families.h"

#define NO_CLOSE { NULL, CLOSE_WRITE, FROM_PATH, FIX_NONE }

/* in the order a person should read them: a way to root taken first */
static const struct known_family families[] = {
	{ "container-escape", "ways out of a container",
	  { "A way out of the container to its host",
	    "Inside a container, something lets the user act on the host: a "
	    "privileged container, a host filesystem or runtime socket mounted "
	    "in, a block device it can open, a writable core_pattern or cgroup "
	    "release_agent, or the host's PID namespace.",
	    "Run the container unprivileged, without host mounts of /, /etc "
	    "or runtime sockets, without host devices, with its own PID "
	    "namespace, and with /proc/sys and /sys read-only." },
	  NO_CLOSE,
	  0 },
	{ "container-socket", "container-runtime sockets",
	  { "A container runtime socket the user can connect to",
	    "The user can connect to the API socket of a container runtime "
	    "(Docker, containerd, Podman, CRI-O, BuildKit, LXD/Incus, "
	    "libvirt). Whoever talks to it can start a privileged container "
	    "with the host's / mounted, which is root on the host.",
	    "Make the socket root's only (mode 0660, owned by a group the user "
	    "is not in), or use a rootless runtime for the user." },
	  { "container-socket", CLOSE_CONNECT, FROM_PATH, FIX_NONE },
	  0 },
	{ "setuid", "setuid and setgid programs run",
	  { "A set-id program that gives the user another identity",
	    "A setuid or setgid program runs with its owner's identity. It is "
	    "a finding when it can be made to run the user's code or write "
	    "files (GTFOBins), when no package ships it or its checksum "
	    "changed, or when the user can replace it; the distribution's own "
	    "unmodified ones are listed for context.",
	    "Remove the set-id bit (chmod u-s,g-s) from programs that do not "
	    "need it, and restore or remove modified ones." },
	  /* its set-id bits */
	  { "setuid", CLOSE_EXEC, FROM_PATH, FIX_NO_SETID },
	  0 },
	{ "file-capability", "programs with file capabilities run",
	  { "A program with file capabilities the user can run",
	    "A program carries file capabilities (security.capability) that "
	    "give whoever runs it powers root holds, such as cap_setuid, "
	    "cap_sys_admin or cap_dac_override.",
	    "Remove the capabilities (setcap -r) unless the program needs "
	    "them, or make it executable only by those who should have them." },
	  /* its xattr */
	  { "file-capability", CLOSE_EXEC, FROM_PATH, FIX_NO_CAPS },
	  0 },
	{ "sudo", "sudo's policy",
	  /* its kinds are sudo-*, below */
	  { NULL, NULL, NULL },
	  /* only where the evidence says the user can write the path: the
	  * family also reports what is wrong in a file's content */
	  { "sudo", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	  0 },
	{ "writable-config", "security configuration",
	  { "A system configuration file the user can change",
	    "The user can write or replace a file that decides who is root or "
	    "what root runs: passwd, shadow, group, sudo.conf, pam.d, "
	    "ld.so.preload, polkit rules, nsswitch, udev, modprobe.d and the "
	    "like.",
	    "Make the file and its directory writable by root only." },
	  /* only where the evidence says the user can write the path: the
	  * family also reports what is wrong in a file's content */
	  { "writable-config", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	  0 },
	{ "writable-path", "PATH and library directories",
	  { "A directory in a privileged PATH or library path the user can "
	    "change",
	    "The user can write a directory searched for programs by root or "
	    "services (PATH), or for libraries (ld.so), or PATH holds a "
	    "relative element: a program or library placed there runs with "
	    "their identity.",
	    "Make the directory writable by root only, and remove relative "
	    "elements from PATH." },
	  /* only where the evidence says the user can write the path: the
	  * family also reports what is wrong in a file's content */
	  { "writable-path", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	  0 },
	{ "systemd", "systemd units and generators",
	  { "A systemd unit run as another account that the user controls",
	    "A systemd unit runs as root or another account, and the user can "
	    "change what it runs: the unit file, a drop-in or its directory, "
	    "an Exec program, an EnvironmentFile, a working directory or a "
	    "directory in the unit search path.",
	    "Make the unit's files, programs and every directory on their way "
	    "writable by root only." },
	  /* only where the evidence says the user can write the path: the
	  * family also reports what is wrong in a file's content */
	  { "systemd", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	  0 },
	{ "cron", "cron jobs",
	  { "A cron job run as another account that the user controls",
	    "A cron or anacron job runs as another account, and the user can "
	    "change what it runs: the crontab itself, the job's command, "
	    "script or interpreter argument, a run-parts directory or a "
	    "directory searched in the job's PATH.",
	    "Make the crontab, the job's program and every directory on its "
	    "way writable by root (or the job's owner) only." },
	  /* only where the evidence says the user can write the path: the
	  * family also reports what is wrong in a file's content */
	  { "cron", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	  0 },
	{ "shell-rc", "shell startup files",
	  { "A shell startup file of another account the user can change",
	    "A system-wide or other account's shell startup file (profile, "
	    "bashrc and the like) can be changed by the user, so its code "
	    "runs as that account at its next login; or the user's own, when "
	    "it can sudo, can capture the password with a sudo alias.",
	    "Make the startup files and their directories writable by their "
	    "owner only." },
	  /* only where the evidence says the user can write the path: the
	  * family also reports what is wrong in a file's content */
	  { "shell-rc", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	  FAM_OWN_STARTUP },
	{ "credentials", "secrets",
	  { "Another account's secret the user can read",
	    "The user can read a secret that belongs to another account: "
	    "shadow hashes, a private SSH key, cloud, registry or cluster "
	    "credentials, .netrc, .pgpass or .env files. privmap records the "
	    "path and the kind of secret, never the content.",
	    "Remove the read permission for the user (mode, group or ACL), "
	    "and rotate the secret if it may already have been read." },
	  { "credentials", CLOSE_READ, FROM_PATH, FIX_NONE },
	  FAM_READS_SECRETS },
	{ "localhost-service", "privileged local services",
	  { "A local network service, run by another account, that grants "
	    "control",
	    "A service run by another account listens on a local address "
	    "without authentication that stops the user (the Docker API, "
	    "kubelet, etcd, Redis, PostgreSQL trust and the like), or its "
	    "configuration opens it at the next start. privmap never "
	    "contacts it.",
	    "Bind the service to a unix socket only its clients can open, or "
	    "require authentication; stop it if it is not used." },
	  /* the contract's tcp://127.0.0.1:PORT or tcp://[::1]:PORT */
	  { "localhost-service", CLOSE_PORT, FROM_TCP_PATH, FIX_NONE },
	  0 },
	{ "process-capability", "the process's own capabilities",
	  { "The user's processes hold or may gain capabilities",
	    "Processes of the user hold capabilities, or run without "
	    "no_new_privs with capabilities in their bounding set that a "
	    "program could raise.",
	    "Start the user's processes with an empty capability bounding "
	    "set and no_new_privs (systemd: NoNewPrivileges=yes, "
	    "CapabilityBoundingSet=)." },
	  NO_CLOSE,
	  0 },
	{ "group-membership", "root-equivalent groups",
	  { "Membership of a group that grants root or near-root",
	    "The user is in a group whose members can become root or read "
	    "what root protects (docker, lxd, libvirt, disk, sudo, shadow and "
	    "the like), matched by gid in the target's group file.",
	    "Remove the user from the group (gpasswd -d USER GROUP)." },
	  /* a group the user is in: the entry is the group itself */
	  { "group-membership", CLOSE_GROUP, FROM_EV_GROUP, FIX_NONE },
	  0 },
	{ "kernel", "kernel settings",
	  { "A kernel setting that widens the attack surface",
	    "A kernel setting (live, or in sysctl.d for the next boot) makes "
	    "escalation easier: unprivileged user namespaces or BPF, a lax "
	    "ptrace_scope, protected links off, kernel pointers or dmesg "
	    "readable.",
	    "Set the safer value with sysctl -w and in a file under "
	    "/etc/sysctl.d so that it holds after a reboot." },
	  NO_CLOSE,
	  0 },
};

/* the kinds of finding that are not a family's own id (a check's other
 * kinds, and checks reporting under another family): their SARIF texts */
static const struct known_kind kinds[] = {
	{ "image-user",
	  { "A container image that runs as root",
	    "The image's configuration names no USER, or a user with uid 0, so "
	    "its processes run as root unless the runtime overrides it.",
	    "Add a USER instruction naming an unprivileged user to the "
	    "image's Dockerfile." } },
	{ "runtime-config",
	  { "A container runtime configured to open its socket to the user",
	    "A runtime's configuration gives the user access to its socket "
	    "when the runtime next starts (a socket group the user is in, a "
	    "world-writable mode).",
	    "Change the configuration so that the socket is root's only "
	    "(mode 0660, a group the user is not in)." } },
	{ "sudo-all",
	  { "A sudo rule that runs any command",
	    "A sudoers rule lets the user run any command as root or another "
	    "account.",
	    "Narrow the rule to the commands needed, and require a "
	    "password." } },
	{ "sudo-command",
	  { "A sudo rule for a command, listed for context",
	    "A sudoers rule lets the user run a command as another account "
	    "that gives no known way out by itself.",
	    "Check that the command is still needed; keep its arguments "
	    "fixed." } },
	{ "sudo-env-keep",
	  { "sudo keeps environment variables that run the user's code",
	    "sudoers keeps (env_keep) variables such as LD_PRELOAD, "
	    "PYTHONPATH or PERL5LIB that make the command run code the user "
	    "chose.",
	    "Remove those variables from env_keep." } },
	{ "sudo-env-reset",
	  { "sudo does not reset the environment",
	    "env_reset is off (or secure_path is missing), so the user's "
	    "environment, such as PATH or LD_PRELOAD, reaches the command run "
	    "as root.",
	    "Turn env_reset on and set secure_path in sudoers." } },
	{ "sudo-file-read",
	  { "A sudo rule for a program that reads any file",
	    "A sudoers rule runs a program that can read files the user "
	    "names, as the target account (GTFOBins file-read).",
	    "Remove the rule, or replace it with a wrapper that reads only "
	    "what is needed." } },
	{ "sudo-file-write",
	  { "A sudo rule for a program that writes any file",
	    "A sudoers rule runs a program that can write files the user "
	    "names, as the target account (GTFOBins file-write): enough to "
	    "change sudoers or passwd.",
	    "Remove the rule, or replace it with a wrapper that writes only "
	    "what is needed." } },
	{ "sudo-runas-user",
	  { "A sudo rule that runs commands as another unprivileged account",
	    "A sudoers rule lets the user run commands as another account, "
	    "which gains that account's files and groups.",
	    "Narrow the rule to the commands needed." } },
	{ "sudo-setenv",
	  { "A sudo rule that lets the user set the environment",
	    "SETENV (or a rule for ALL) lets the user pass any environment "
	    "variable, such as LD_PRELOAD, to the command run as root.",
	    "Remove SETENV from the rule." } },
	{ "sudo-shell-escape",
	  { "A sudo rule for a program with a shell escape",
	    "A sudoers rule runs a program that can start a shell or run "
	    "commands (GTFOBins shell), so the user gets a shell as the "
	    "target account.",
	    "Remove the rule, or replace the program with one that has no "
	    "shell escape." } },
	{ "sudo-wildcard",
	  { "A sudo rule whose arguments take wildcards",
	    "A sudoers rule allows a command with wildcard arguments, which "
	    "the user can fill with options or paths that run code or write "
	    "files.",
	    "Spell out the arguments, or use a wrapper script that checks "
	    "them." } },
	{ "sudo-writable-command",
	  { "A sudo rule for a command the user can change",
	    "A sudoers rule runs a program, or a file in a directory, that the "
	    "user can write or replace, so it runs the user's code as the "
	    "target account.",
	    "Make the command and every directory on its way writable by root "
	    "only." } },
	{ "sudoers-writable",
	  { "A sudoers file or include directory the user can change",
	    "The user can write or replace a sudoers file or a directory it "
	    "includes, and so grant itself any rule.",
	    "Make sudoers and its include directories root's only (mode 0440 "
	    "files, 0750 directories)." } },
};

const struct known_family *
known_family_find(const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < sizeof families / sizeof families[0];
	    i++)
		if (strcmp(families[i].id, id) == 0)
			return &families[i];
	return NULL;
}

const struct known_family *
known_family_at(size_t i)
{
	return i < sizeof families / sizeof families[0] ? &families[i] : NULL;
}

const struct known_text *
known_kind_text(const char *check)
{
	const struct known_family *f = known_family_find(check);
	size_t i;

	if (f != NULL && f->sarif.shortd != NULL)
		return &f->sarif;
	for (i = 0; check != NULL && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].check, check) == 0)
			return &kinds[i].text;
	return NULL;
}

const struct known_close *
known_close_find(const char *family)
{
	const struct known_family *f = known_family_find(family);

	return f != NULL && f->close.family != NULL ? &f->close : NULL;
}

int
known_family_reads_secrets(const char *family)
{
	const struct known_family *f = known_family_find(family);

	return f != NULL && (f->flags & FAM_READS_SECRETS);
}

int
known_family_is_own_startup(const char *family)
{
	const struct known_family *f = known_family_find(family);

	return f != NULL && (f->flags & FAM_OWN_STARTUP);
}
