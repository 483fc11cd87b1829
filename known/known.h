/*
 * known.h: privmap's knowledge tables, one place for every list of
 * dangerous names (groups, programs, capabilities, sockets, services).
 * Each table lives in checks/known/ and cites its source row by row.
 * Lookups are by exact name; tables end with a NULL name.
 */
#ifndef PRIVMAP_KNOWN_H
#define PRIVMAP_KNOWN_H

#include "known/severity.h"

/* root-equivalent or otherwise powerful groups (known/groups.c) */
struct known_group {
	const char	*name;
	enum severity	 sev;
	const char	*why;
};
extern const struct known_group known_groups[];
const struct known_group *known_group_find(const char *name);
/* the groups distributions' sudoers grant every command (Debian's %sudo,
 * RHEL's and Arch's %wheel, old Ubuntu's %admin): root-equivalent only
 * where a rule of the target's sudoers names them; NULL-ended */
extern const char *const known_sudo_groups[];

/* programs that escape to a shell or write files with their privileges
 * when setuid (known/gtfobins.c; GTFOBins "suid"/"sudo" functions) */
enum {
	GTFO_SHELL = 0x01,	/* spawns a shell keeping privileges */
	GTFO_WRITE = 0x02,	/* writes arbitrary files */
	GTFO_READ = 0x04,	/* reads arbitrary files */
	GTFO_SUID = 0x10,	/* listed under "SUID" */
	GTFO_SUDO = 0x20,	/* listed under "Sudo" */
	/* what still works when the program is setuid (perl, strace or
	 * apt-get escape through sudo, not through a set-id bit) */
	GTFO_SUID_SHELL = 0x100,
	GTFO_SUID_WRITE = 0x200,
	GTFO_SUID_READ = 0x400,
};
struct known_program {
	const char	*name;
	unsigned	 what;
};
extern const struct known_program known_programs[];
/* by base name; "python3.11" matches "python" families by prefix rules */
const struct known_program *known_program_find(const char *basename);

/* 1 if home can be an account's home: absolute and not a placeholder
 * for none (known/homes.c); "/" only if root_ok */
int	known_usable_home(const char *home, int root_ok);
/* 1 if a passwd(5) shell field runs what a login asks (empty is
 * /bin/sh), 0 for the refusals: nologin(8), false(1), true, sync, halt,
 * shutdown, /dev/null (known/homes.c) */
int	known_shell_logs_in(const char *shell);

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

/* local services and what a connection to one gives (known/services.c) */
enum {
	SVC_BY_PORT = 0x01,	/* the port alone names the service */
	SVC_BY_PROC = 0x02,	/* the process name alone names it */
};
struct known_service {
	const char	*name;		/* "Redis" */
	unsigned	 port_lo;	/* TCP ports, 0 if none */
	unsigned	 port_hi;
	const char	*procs;		/* process names (comm), '|' between */
	const char	*sock;		/* unix socket: a '/'-less base-name
					 * prefix, or an absolute (or '@'
					 * abstract) path prefix; NULL */
	unsigned	 match;		/* SVC_BY_*: what suffices alone */
	enum severity	 sev_root;	/* run by uid 0 */
	enum severity	 sev_user;	/* run by another, unprivileged user */
	const char	*gives;		/* what a connection gives */
};
extern const struct known_service known_services[];
/* by TCP port and process name (either may be 0/NULL) */
const struct known_service *known_service_tcp(unsigned port,
	    const char *proc);
/* by unix socket path (as /proc/net/unix shows it) and process name */
const struct known_service *known_service_unix(const char *path,
	    const char *proc);

/* credential files: rel is relative to a home for known_cred_home_files,
 * absolute for known_cred_system_files; each ends with a NULL rel */
struct known_cred_file {
	const char	*rel;
	enum severity	 sev;
	const char	*kind;
};
extern const struct known_cred_file known_cred_home_files[];
extern const struct known_cred_file known_cred_system_files[];

/* root's configuration a writer turns into root: is_dir also checks each
 * file in it; ends with a NULL path */
struct known_config {
	const char	*path;
	int		 is_dir;
	enum severity	 sev;
	const char	*why;
};
extern const struct known_config known_security_configs[];

/* sudo's environment tables (known/sudo.c), NULL-ended */
extern const char *const known_sudo_badenv[];
extern const char *const known_sudo_keepenv[];
/* the directories programs live in */
extern const char *const known_bin_dirs[];
/* files that decide who is root: editing one as root is root */
extern const char *const known_sudoedit_sensitive[];

#endif
