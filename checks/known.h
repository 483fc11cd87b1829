/*
 * known.h: privmap's knowledge tables, one place for every list of
 * dangerous names (groups, programs, capabilities, sockets, services).
 * Each table lives in checks/known/ and cites its source row by row.
 * Lookups are by exact name; tables end with a NULL name.
 */
#ifndef PRIVMAP_KNOWN_H
#define PRIVMAP_KNOWN_H

#include "scanner/report.h"

/* root-equivalent or otherwise powerful groups (known/groups.c) */
struct known_group {
	const char	*name;
	enum severity	 sev;
	const char	*why;
};
extern const struct known_group known_groups[];
const struct known_group *known_group_find(const char *name);

/* programs that escape to a shell or write files with their privileges
 * when setuid (known/gtfobins.c; GTFOBins "suid"/"sudo" functions) */
enum {
	GTFO_SHELL = 0x01,	/* spawns a shell keeping privileges */
	GTFO_WRITE = 0x02,	/* writes arbitrary files */
	GTFO_READ = 0x04,	/* reads arbitrary files */
	GTFO_SUID = 0x10,	/* listed under "SUID" */
	GTFO_SUDO = 0x20,	/* listed under "Sudo" */
};
struct known_program {
	const char	*name;
	unsigned	 what;
};
extern const struct known_program known_programs[];
/* by base name; "python3.11" matches "python" families by prefix rules */
const struct known_program *known_program_find(const char *basename);

/* setuid programs every distribution ships, for the baseline (info) */
int	known_distro_setuid(const char *path);

/* file capabilities (known/caps.c) */
struct known_cap {
	int		 cap;		/* CAP_* */
	enum severity	 sev;
	const char	*why;
};
const struct known_cap *known_cap_find(int cap);

/* container runtime sockets (known/sockets.c) */
struct known_socket {
	const char	*path;		/* usual absolute path, or NULL */
	const char	*name;		/* base name to match anywhere */
	const char	*runtime;
	enum severity	 sev;
	const char	*why;
};
extern const struct known_socket known_sockets[];
const struct known_socket *known_socket_by_path(const char *path);
const struct known_socket *known_socket_by_name(const char *name);

#endif
