/*
 * closes.c: the families' implied deny entries and the fix of their
 * programs (closes.h). The families are those of the report contract
 * (docs/report.md); an implied entry is one the policies write for a
 * finding above info whose check named none, marked "derived" there and
 * never acted on by the fix script. Must never hold anything but data.
 */
#include <stddef.h>
#include <string.h>

#include "known/closes.h"

static const struct known_close closes[] = {
	/* a group the user is in: the entry is the group itself */
	{ "group-membership", CLOSE_GROUP, FROM_EV_GROUP, FIX_NONE },
	/* the contract's tcp://127.0.0.1:PORT or tcp://[::1]:PORT */
	{ "localhost-service", CLOSE_PORT, FROM_TCP_PATH, FIX_NONE },
	{ "container-socket", CLOSE_CONNECT, FROM_PATH, FIX_NONE },
	/* a set-id program: its bits; a capability program: its xattr */
	{ "setuid", CLOSE_EXEC, FROM_PATH, FIX_NO_SETID },
	{ "file-capability", CLOSE_EXEC, FROM_PATH, FIX_NO_CAPS },
	{ "credentials", CLOSE_READ, FROM_PATH, FIX_NONE },
	/* only where the evidence says the user can write the path: these
	 * families also report what is wrong in a file's content */
	{ "writable-config", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	{ "cron", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	{ "systemd", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	{ "shell-rc", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	{ "writable-path", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	{ "sudo", CLOSE_WRITE, FROM_PATH_HELD, FIX_NONE },
	{ NULL, CLOSE_WRITE, FROM_PATH, FIX_NONE },
};

const struct known_close *
known_close_find(const char *family)
{
	size_t i;

	for (i = 0; family != NULL && closes[i].family != NULL; i++)
		if (strcmp(closes[i].family, family) == 0)
			return &closes[i];
	return NULL;
}

int
known_family_reads_secrets(const char *family)
{
	return family != NULL && strcmp(family, "credentials") == 0;
}

int
known_family_is_own_startup(const char *family)
{
	return family != NULL && strcmp(family, "shell-rc") == 0;
}
