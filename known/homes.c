/*
 * known/homes.c: the "homes" that are not one. Accounts without a home
 * of their own are given a placeholder (Debian's base-passwd gives
 * nobody /nonexistent; empty chroot homes such as /var/empty; system
 * directories such as /bin, /usr/games or /dev for daemon and games
 * accounts). An account living there has no startup or credential files
 * of its own worth the name. Never reads the target.
 */
#include <string.h>

#include "known/known.h"

static const char *const not_homes[] = {
	"/nonexistent", "/var/empty", "/dev/null", "/proc", "/sys", "/dev",
	"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/games", NULL,
};

int
known_usable_home(const char *home, int root_ok)
{
	size_t i;

	if (home == NULL || home[0] != '/')
		return 0;
	if (!root_ok && strcmp(home, "/") == 0)
		return 0;
	for (i = 0; not_homes[i]; i++)
		if (strcmp(home, not_homes[i]) == 0)
			return 0;
	return 1;
}

/* login shells that run nothing (nologin(8), false(1), and the classic
 * sync/halt/shutdown accounts) */
static const char *const no_login[] = {
	"nologin", "false", "sync", "halt", "shutdown", "true", NULL,
};

int
known_shell_logs_in(const char *shell)
{
	const char *b;
	size_t i;

	/* passwd(5): an empty shell field means /bin/sh */
	if (shell == NULL || shell[0] == '\0')
		return 1;
	if (strcmp(shell, "/dev/null") == 0)
		return 0;
	b = strrchr(shell, '/');
	b = b ? b + 1 : shell;
	for (i = 0; no_login[i]; i++)
		if (strcmp(b, no_login[i]) == 0)
			return 0;
	return 1;
}
