/*
 * sudo.c: what sudo itself does with the environment (its env.c tables),
 * where programs live for sudoers regex commands, and the files that
 * decide who is root, for sudoedit rules (checks/sudo.c).
 */
#include <stddef.h>

#include "known/known.h"

/* sudo's env.c initial_badenv_table (sudo 1.9, Linux build): what
 * !env_reset still removes */
const char *const known_sudo_badenv[] = {
	"IFS", "CDPATH", "LOCALDOMAIN", "RES_OPTIONS", "HOSTALIASES",
	"NLSPATH", "PATH_LOCALE", "LD_*", "_RLD*", "TERMINFO",
	"TERMINFO_DIRS", "TERMPATH", "TERMCAP", "ENV", "BASH_ENV", "PS4",
	"GLOBIGNORE", "BASHOPTS", "SHELLOPTS", "JAVA_TOOL_OPTIONS",
	"PERLIO_DEBUG", "PERLLIB", "PERL5LIB", "PERL5OPT", "PERL5DB", "FPATH",
	"NULLCMD", "READNULLCMD", "ZDOTDIR", "TMPPREFIX", "PYTHONHOME",
	"PYTHONPATH", "PYTHONINSPECT", "PYTHONUSERBASE", "RUBYLIB", "RUBYOPT",
	NULL
};

/* env.c initial_keepenv_table: kept under env_reset by default */
const char *const known_sudo_keepenv[] = {
	"COLORS", "DISPLAY", "HOSTNAME", "KRB5CCNAME", "LS_COLORS", "PATH",
	"PS1", "PS2", "XAUTHORITY", "XAUTHORIZATION", "XDG_CURRENT_DESKTOP",
	NULL
};

/* where programs live, for regex commands */
const char *const known_bin_dirs[] = {
	"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin",
	"/usr/local/sbin", NULL
};

/* sudoedit: editing as root a file that decides who is root is root */
const char *const known_sudoedit_sensitive[] = {
	"/etc/sudoers", "/etc/sudoers.d/x", "/etc/passwd", "/etc/shadow",
	"/etc/group", "/etc/crontab", "/etc/cron.d/x", "/etc/ld.so.preload",
	"/etc/profile", "/etc/environment", "/etc/pam.d/su",
	"/etc/systemd/system/x.service", "/root/.bashrc", "/etc/sudo.conf",
	NULL
};
