/*
 * configs.c: system configuration whose writer is root, and what a user
 * who can write each one does with it (checks/writable-config.c). From
 * the manual pages of the programs that read them: sudo.conf(5),
 * pam.d(5), ld.so(8), polkit(8), nsswitch.conf(5), ldconfig(8), udev(7),
 * modules-load.d(5), modprobe.d(5), update-motd(5), logrotate(8),
 * pam_env.conf(5), login.defs(5), securetty(5).
 */
#include <stddef.h>

#include "known/known.h"

const struct known_config known_security_configs[] = {
	{ "/etc/passwd", 0, SEV_CRITICAL, "add a uid-0 account or clear "
	    "root's password field" },
	{ "/etc/shadow", 0, SEV_CRITICAL, "set root's password hash" },
	{ "/etc/group", 0, SEV_CRITICAL, "join the sudo, docker or disk "
	    "group" },
	{ "/etc/gshadow", 0, SEV_CRITICAL, "become a group administrator "
	    "or set group passwords" },
	/* /etc/sudoers and its includes: the sudo check, which knows what
	 * sudo refuses to read */
	{ "/etc/sudo.conf", 0, SEV_CRITICAL, "point sudo's Plugin lines at "
	    "its own library, loaded by setuid sudo" },
	{ "/etc/pam.d", 1, SEV_CRITICAL, "make su or sudo accept anyone "
	    "(pam_permit)" },
	{ "/etc/pam.conf", 0, SEV_CRITICAL, "make su or sudo accept anyone" },
	{ "/etc/ld.so.preload", 0, SEV_CRITICAL, "preload its own library "
	    "into every program, setuid ones included" },
	{ "/etc/polkit-1/rules.d", 1, SEV_CRITICAL, "add a rule granting "
	    "it every polkit action (pkexec as root)" },
	{ "/usr/share/polkit-1/rules.d", 1, SEV_CRITICAL, "add a rule "
	    "granting it every polkit action" },
	{ "/etc/polkit-1/localauthority", 1, SEV_CRITICAL, "add a .pkla "
	    "granting it every polkit action" },
	{ "/etc/nsswitch.conf", 0, SEV_HIGH, "change where setuid programs "
	    "look up users and groups" },
	{ "/etc/ld.so.conf", 0, SEV_HIGH, "add a library directory it "
	    "controls at the next ldconfig run" },
	{ "/etc/ld.so.conf.d", 1, SEV_HIGH, "add a library directory it "
	    "controls at the next ldconfig run" },
	{ "/etc/udev/rules.d", 1, SEV_HIGH, "add a RUN+= command that root "
	    "executes on the next device event" },
	{ "/etc/modules-load.d", 1, SEV_HIGH, "load a kernel module at boot" },
	{ "/etc/modules", 0, SEV_HIGH, "load a kernel module at boot" },
	{ "/etc/modprobe.d", 1, SEV_HIGH, "add an install command that root "
	    "runs when a module loads" },
	{ "/etc/update-motd.d", 1, SEV_HIGH, "add a script that root runs at "
	    "the next login" },
	/* logrotate refuses a config file that is not root's or that group
	 * or others can write (checks/writable-config.c): what a user who
	 * can write one gets is that refusal, low */
	{ "/etc/logrotate.conf", 0, SEV_HIGH, "add a postrotate script that "
	    "the daily logrotate runs as root" },
	{ "/etc/logrotate.d", 1, SEV_HIGH, "add a postrotate script that the "
	    "daily logrotate runs as root" },
	{ "/etc/environment", 0, SEV_HIGH, "set LD_PRELOAD or PATH for every "
	    "PAM login, root's included" },
	{ "/etc/security", 1, SEV_HIGH, "change PAM's access, limits and "
	    "environment rules" },
	{ "/etc/login.defs", 0, SEV_MEDIUM, "change ENV_SUPATH and login "
	    "policy" },
	{ "/etc/securetty", 0, SEV_MEDIUM, "allow root logins on more "
	    "terminals" },
	{ "/etc/shells", 0, SEV_LOW, "allow other login shells" },
	{ NULL, 0, SEV_INFO, NULL },
};
