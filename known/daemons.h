/*
 * daemons.h: services that run as root and read configuration a writer
 * turns into root, with what that configuration controls
 * (known/daemons.c), for checks/daemon-config.c. A table only; the
 * include syntax is named by the word parse/daemonconf.c takes.
 */
#ifndef PRIVMAP_KNOWN_DAEMONS_H
#define PRIVMAP_KNOWN_DAEMONS_H

#include "known/severity.h"

#define KNOWN_DAEMON_MAX	4

struct known_daemon {
	const char	*name;
	/* its systemd units, the first found read for User= (root when
	 * none is found or it sets none) */
	const char	*units[KNOWN_DAEMON_MAX + 1];
	/* the files it reads first (the last component may be a glob):
	 * each is followed through its includes */
	const char	*mains[KNOWN_DAEMON_MAX + 1];
	/* directories whose every file it runs or reads */
	const char	*dirs[KNOWN_DAEMON_MAX * 2 + 1];
	const char	*syntax;	/* parse/daemonconf.c's name, or
					 * NULL: no includes */
	/* relative includes are relative to this (NULL: the main file's
	 * directory) */
	const char	*prefix;
	enum severity	 sev;		/* run as root */
	const char	*wait;		/* what a change waits for: "reload",
					 * "reboot", "service" */
	const char	*when;		/* "at its next reload" ... */
	const char	*why;		/* read after "it can" */
};

/* NULL-ended (name NULL) */
extern const struct known_daemon known_daemons[];

#endif
