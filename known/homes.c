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
