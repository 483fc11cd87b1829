/*
 * surfaces.c: privmap's surfaces (surfaces.h): the lists the cron,
 * systemd and shell-rc checks walk, and the table by which events and
 * replay tell the family of a path an action touched, which names those
 * lists where they agree. A path a check looks at that events have never
 * counted for its family carries events 0. Sources are named by block.
 * Must never hold anything but data.
 */
#include <stddef.h>

#include "known/surfaces.h"

/* crontab(5), anacrontab(5), run-parts(8): on every distribution that
 * has them */
const struct known_path known_cron_periodic[] = {
	{ "/etc/cron.hourly", SURF_W, RC_FILE, NULL },
	{ "/etc/cron.daily", SURF_W, RC_FILE, NULL },
	{ "/etc/cron.weekly", SURF_W, RC_FILE, NULL },
	{ "/etc/cron.monthly", SURF_W, RC_FILE, NULL },
	{ "/etc/cron.yearly", SURF_W, RC_FILE, NULL },
	{ NULL, 0, RC_FILE, NULL },
};

/* Debian and busybox, cronie, SUSE, Alpine; events count the tree of
 * /var/spool/cron */
const struct known_path known_cron_spool[] = {
	{ "/var/spool/cron/crontabs", 0, RC_FILE, NULL },
	{ "/var/spool/cron", SURF_W, RC_FILE, NULL },
	{ "/var/spool/cron/tabs", 0, RC_FILE, NULL },
	{ "/etc/crontabs", 0, RC_FILE, NULL },
	{ NULL, 0, RC_FILE, NULL },
};

/* systemd.unit(5) "System Unit Search Path", highest priority first
 * (with /lib/systemd/system after /usr/lib on split-usr systems) */
const struct known_path known_unit_dirs[KNOWN_UNIT_DIRS + 1] = {
	{ "/etc/systemd/system.control", 0, RC_FILE, NULL },
	{ "/run/systemd/system.control", 0, RC_FILE, NULL },
	{ "/run/systemd/transient", 0, RC_FILE, NULL },
	{ "/run/systemd/generator.early", 0, RC_FILE, NULL },
	{ "/etc/systemd/system", SURF_W, RC_FILE, NULL },
	{ "/etc/systemd/system.attached", 0, RC_FILE, NULL },
	{ "/run/systemd/system", SURF_W, RC_FILE, NULL },
	{ "/run/systemd/system.attached", 0, RC_FILE, NULL },
	{ "/run/systemd/generator", SURF_W, RC_FILE, NULL },
	{ "/usr/local/lib/systemd/system", SURF_W, RC_FILE, NULL },
	{ "/usr/lib/systemd/system", SURF_W, RC_FILE, NULL },
	{ "/lib/systemd/system", SURF_W, RC_FILE, NULL },
	{ "/run/systemd/generator.late", 0, RC_FILE, NULL },
	{ NULL, 0, RC_FILE, NULL },
};

/* bash(1) INVOCATION, Debian's and Fedora's bash builds, SUSE's .local
 * files, bash-completion, zsh(1) STARTUP/SHUTDOWN FILES, fish's
 * configuration documentation, tcsh(1), pam_env.conf(5): every login,
 * root's included */
const struct known_path known_rc_sys[] = {
	{ "/etc/profile", SURF_W, RC_FILE,
	    "every sh, dash and bash login shell" },
	{ "/etc/profile.d", SURF_W, RC_DIR_SH,
	    "/etc/profile (and Fedora's /etc/bashrc) source its *.sh files" },
	{ "/etc/profile.local", 0, RC_FILE, "SUSE's /etc/profile" },
	{ "/etc/bash.bashrc", SURF_W, RC_FILE,
	    "every interactive bash (Debian)" },
	{ "/etc/bash.bashrc.local", 0, RC_FILE, "SUSE's /etc/bash.bashrc" },
	{ "/etc/bash.bash_logout", SURF_W, RC_FILE,
	    "bash login shells at logout (Debian)" },
	{ "/etc/bashrc", SURF_W, RC_FILE,
	    "every interactive bash (Fedora, RHEL)" },
	{ "/etc/bash_completion", 0, RC_FILE,
	    "every interactive bash with bash-completion" },
	{ "/etc/bash_completion.d", 0, RC_DIR_ALL,
	    "bash-completion sources its files in every interactive bash" },
	{ "/etc/zsh", SURF_W, RC_DIR_ALL,
	    "zsh reads its zshenv, zprofile, zshrc, zlogin (Debian)" },
	{ "/etc/zshenv", SURF_W, RC_FILE, "every zsh (Fedora, Arch)" },
	{ "/etc/zprofile", SURF_W, RC_FILE,
	    "zsh login shells (Fedora, Arch)" },
	{ "/etc/zshrc", SURF_W, RC_FILE,
	    "interactive zsh shells (Fedora, Arch)" },
	{ "/etc/zlogin", SURF_W, RC_FILE, "zsh login shells (Fedora, Arch)" },
	{ "/etc/zlogout", SURF_W, RC_FILE, "zsh login shells at logout" },
	{ "/etc/fish", SURF_W, RC_DIR_ALL, "fish reads config.fish" },
	{ "/etc/fish/conf.d", 0, RC_DIR_FISH,
	    "fish sources its *.fish files" },
	{ "/etc/csh.cshrc", SURF_W, RC_FILE, "every csh and tcsh" },
	{ "/etc/csh.login", SURF_W, RC_FILE, "csh and tcsh login shells" },
	/* events count it as writable-config (below) */
	{ "/etc/environment", 0, RC_FILE, "pam_env, at every PAM login and "
	    "su: LD_PRELOAD or PATH for root's session" },
	{ NULL, 0, RC_FILE, NULL },
};

/* the same sources, and ksh(1), mksh(1), Xsession(5), sshd(8) FILES
 * (~/.ssh/rc runs at every ssh login) */
const struct known_path known_rc_home[] = {
	{ ".profile", SURF_W, RC_FILE, "sh, dash and bash login shells" },
	{ ".bash_profile", SURF_W, RC_FILE, "bash login shells" },
	{ ".bash_login", SURF_W, RC_FILE, "bash login shells" },
	{ ".bashrc", SURF_W, RC_FILE, "interactive bash shells" },
	{ ".bash_aliases", 0, RC_FILE,
	    "interactive bash shells (Debian's ~/.bashrc sources it)" },
	{ ".bash_logout", SURF_W, RC_FILE, "bash login shells, at logout" },
	{ ".zshenv", SURF_W, RC_FILE, "every zsh" },
	{ ".zprofile", SURF_W, RC_FILE, "zsh login shells" },
	{ ".zshrc", SURF_W, RC_FILE, "interactive zsh shells" },
	{ ".zlogin", SURF_W, RC_FILE, "zsh login shells" },
	{ ".zlogout", 0, RC_FILE, "zsh login shells, at logout" },
	{ ".kshrc", 0, RC_FILE, "interactive ksh shells" },
	{ ".mkshrc", 0, RC_FILE, "interactive mksh shells" },
	{ ".cshrc", SURF_W, RC_FILE, "csh and tcsh shells" },
	{ ".tcshrc", SURF_W, RC_FILE, "tcsh shells" },
	{ ".login", 0, RC_FILE, "csh and tcsh login shells" },
	{ ".xprofile", 0, RC_FILE, "graphical logins (display managers)" },
	{ ".xsessionrc", 0, RC_FILE,
	    "graphical logins (Debian's Xsession)" },
	{ ".ssh/rc", 0, RC_FILE, "sshd, at every ssh login (sshd(8))" },
	{ NULL, 0, RC_FILE, NULL },
};

/*
 * Paths whose change (or, for SURF_R, reading) is one of privmap's
 * families (the report contract, docs/report.md).
 */
const struct known_surface known_surfaces[] = {
	/* sudoers(5): the policy and its include directory; sudo.conf(5)
	 * names the plugins sudo loads as root */
	{ "/etc/sudoers", NULL, 0, SURF_W, "sudo" },
	{ "/etc/sudoers.d", NULL, 0, SURF_W, "sudo" },
	{ "/etc/sudo.conf", NULL, 0, SURF_W, "sudo" },
	{ "/usr/local/etc/sudoers", NULL, 0, SURF_W, "sudo" },
	{ "/usr/local/etc/sudoers.d", NULL, 0, SURF_W, "sudo" },
	/* crontab(5), anacrontab(5), Debian's and Red Hat's spool */
	{ "/etc/crontab", NULL, 0, SURF_W, "cron" },
	{ "/etc/cron.d", NULL, 0, SURF_W, "cron" },
	{ NULL, known_cron_periodic, 0, SURF_W, "cron" },
	{ "/etc/anacrontab", NULL, 0, SURF_W, "cron" },
	{ NULL, known_cron_spool, 0, SURF_W, "cron" },
	{ "/var/spool/anacron", NULL, 0, SURF_W, "cron" },
	/* systemd.unit(5) "Unit File Load Path", systemd.generator(7),
	 * systemd-system.conf(5); SysV scripts run through
	 * systemd-sysv-generator(8) */
	{ NULL, known_unit_dirs, 0, SURF_W, "systemd" },
	{ "/etc/systemd/user", NULL, 0, SURF_W, "systemd" },
	{ "/etc/systemd/system.conf", NULL, 0, SURF_W, "systemd" },
	{ "/etc/systemd/system.conf.d", NULL, 0, SURF_W, "systemd" },
	{ "/etc/systemd/system-generators", NULL, 0, SURF_W, "systemd" },
	{ "/run/systemd/user", NULL, 0, SURF_W, "systemd" },
	{ "/usr/lib/systemd/user", NULL, 0, SURF_W, "systemd" },
	{ "/usr/lib/systemd/system-generators", NULL, 0, SURF_W, "systemd" },
	{ "/lib/systemd/user", NULL, 0, SURF_W, "systemd" },
	{ "/lib/systemd/system-generators", NULL, 0, SURF_W, "systemd" },
	{ "/etc/init.d", NULL, 0, SURF_W, "systemd" },
	{ "/etc/rc.local", NULL, 0, SURF_W, "systemd" },
	/* bash(1) INVOCATION, zsh(1) STARTUP/SHUTDOWN FILES, csh(1),
	 * fish(1) "Configuration files" */
	{ NULL, known_rc_sys, 0, SURF_W, "shell-rc" },
	{ NULL, known_rc_home, 1, SURF_W, "shell-rc" },
	{ "*/.config/fish/config.fish", NULL, 0, SURF_W, "shell-rc" },
	{ "*/.config/fish/conf.d/*", NULL, 0, SURF_W, "shell-rc" },
	/* what a container's way out writes (container-escape in the
	 * contract): core(5) core_pattern and /proc/sys/kernel/modprobe run
	 * a program as root on the host, as do binfmt_misc handlers,
	 * cgroup v1 release_agent (cgroups(7)) and uevent_helper */
	{ "/proc/sys/kernel/core_pattern",
	    NULL, 0, SURF_W, "container-escape" },
	{ "/proc/sys/kernel/modprobe", NULL, 0, SURF_W, "container-escape" },
	{ "/proc/sys/fs/binfmt_misc", NULL, 0, SURF_W, "container-escape" },
	{ "/proc/sysrq-trigger", NULL, 0, SURF_W, "container-escape" },
	{ "/sys/kernel/uevent_helper", NULL, 0, SURF_W, "container-escape" },
	{ "*/release_agent", NULL, 0, SURF_W, "container-escape" },
	/* sysctl.d(5) */
	{ "/proc/sys", NULL, 0, SURF_W, "kernel" },
	{ "/etc/sysctl.conf", NULL, 0, SURF_W, "kernel" },
	{ "/etc/sysctl.d", NULL, 0, SURF_W, "kernel" },
	/* secrets (the credentials family): shadow(5), sshd(8) FILES,
	 * ssh(1) FILES, docker config, AWS, kubectl, git-credential-store,
	 * netrc(5), PostgreSQL's pgpass */
	{ "/etc/shadow", NULL, 0, SURF_R, "credentials" },
	{ "/etc/shadow-", NULL, 0, SURF_R, "credentials" },
	{ "/etc/gshadow", NULL, 0, SURF_R, "credentials" },
	{ "/etc/gshadow-", NULL, 0, SURF_R, "credentials" },
	{ "/etc/security/opasswd", NULL, 0, SURF_R, "credentials" },
	{ "/etc/ssh/ssh_host_*_key", NULL, 0, SURF_R, "credentials" },
	{ "*/.ssh/id_*", NULL, 0, SURF_R, "credentials" },
	{ "*/.docker/config.json", NULL, 0, SURF_R, "credentials" },
	{ "*/.aws/credentials", NULL, 0, SURF_R, "credentials" },
	{ "*/.kube/config", NULL, 0, SURF_R, "credentials" },
	{ "*/.git-credentials", NULL, 0, SURF_R, "credentials" },
	{ "*/.netrc", NULL, 0, SURF_R, "credentials" },
	{ "*/.pgpass", NULL, 0, SURF_R, "credentials" },
	/* writable-config in the contract: passwd(5), shadow(5), group(5),
	 * subuid(5), pam.d(5), polkit(8), udev(7), modules-load.d(5),
	 * modprobe.d(5), update-motd(5), logrotate(8), pam_env.conf(5),
	 * login.defs(5), nsswitch.conf(5), sshd_config(5) and its
	 * AuthorizedKeysFile, doas.conf(5), apt.conf(5) hooks */
	{ "/etc/passwd", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/shadow", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/group", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/gshadow", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/subuid", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/subgid", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/pam.conf", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/pam.d", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/security", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/polkit-1", NULL, 0, SURF_W, "writable-config" },
	{ "/usr/share/polkit-1/rules.d", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/udev/rules.d", NULL, 0, SURF_W, "writable-config" },
	{ "/usr/lib/udev/rules.d", NULL, 0, SURF_W, "writable-config" },
	{ "/lib/udev/rules.d", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/modules-load.d", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/modules", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/modprobe.d", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/update-motd.d", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/logrotate.conf", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/logrotate.d", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/environment", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/login.defs", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/nsswitch.conf", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/ssh/sshd_config", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/ssh/sshd_config.d", NULL, 0, SURF_W, "writable-config" },
	{ "*/.ssh/authorized_keys", NULL, 0, SURF_W, "writable-config" },
	{ "*/.ssh/authorized_keys2", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/doas.conf", NULL, 0, SURF_W, "writable-config" },
	{ "/etc/apt/apt.conf.d", NULL, 0, SURF_W, "writable-config" },
	/* writable-path in the contract: ld.so(8) FILES, then the
	 * directories of root's PATH and the libraries privileged programs
	 * load (the broadest, last) */
	{ "/etc/ld.so.preload", NULL, 0, SURF_W, "writable-path" },
	{ "/etc/ld.so.conf", NULL, 0, SURF_W, "writable-path" },
	{ "/etc/ld.so.conf.d", NULL, 0, SURF_W, "writable-path" },
	{ "/usr/local/sbin", NULL, 0, SURF_W, "writable-path" },
	{ "/usr/local/bin", NULL, 0, SURF_W, "writable-path" },
	{ "/usr/local/lib", NULL, 0, SURF_W, "writable-path" },
	{ "/usr/sbin", NULL, 0, SURF_W, "writable-path" },
	{ "/usr/bin", NULL, 0, SURF_W, "writable-path" },
	{ "/usr/lib", NULL, 0, SURF_W, "writable-path" },
	{ "/usr/lib32", NULL, 0, SURF_W, "writable-path" },
	{ "/usr/lib64", NULL, 0, SURF_W, "writable-path" },
	{ "/usr/libx32", NULL, 0, SURF_W, "writable-path" },
	{ "/sbin", NULL, 0, SURF_W, "writable-path" },
	{ "/bin", NULL, 0, SURF_W, "writable-path" },
	{ "/lib", NULL, 0, SURF_W, "writable-path" },
	{ "/lib32", NULL, 0, SURF_W, "writable-path" },
	{ "/lib64", NULL, 0, SURF_W, "writable-path" },
	{ "/libx32", NULL, 0, SURF_W, "writable-path" },
	{ "/snap/bin", NULL, 0, SURF_W, "writable-path" },
	{ NULL, NULL, 0, 0, NULL },
};
