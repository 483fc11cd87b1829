/*
 * surfaces.h: the paths that are privmap's surfaces, one table for the
 * checks that look at them (cron.c, systemd.c, shell-rc.c) and for the
 * events and replay summaries (watch/events.c), which tell by a path an
 * action touched which family it belongs to. Data only: never reads
 * anything, never includes a header of a floor above.
 */
#ifndef PRIVMAP_KNOWN_SURFACES_H
#define PRIVMAP_KNOWN_SURFACES_H

/* what events take a path for (0: a check's only, events pass it by) */
#define SURF_W	1	/* written, created, removed, renamed, chmod/chown */
#define SURF_R	2	/* read */

/* what shell-rc makes of a system-wide startup path */
enum rc_kind { RC_FILE, RC_DIR_SH, RC_DIR_FISH, RC_DIR_ALL };

/* one path of a list a check walks, NULL path ends the list */
struct known_path {
	const char	*path;	/* absolute; in known_rc_home relative to a
				 * home */
	unsigned	 events;	/* SURF_W, SURF_R or 0 */
	enum rc_kind	 kind;		/* known_rc_sys only */
	const char	*reader;	/* known_rc_*: who reads it */
};

/* the run-parts directories /etc/crontab or anacron run (cron.c) */
extern const struct known_path known_cron_periodic[];
/* where user crontabs live: Debian and busybox, cronie, SUSE, Alpine */
extern const struct known_path known_cron_spool[];
/* systemd.unit(5) "System Unit Search Path", highest priority first */
#define KNOWN_UNIT_DIRS	13
extern const struct known_path known_unit_dirs[KNOWN_UNIT_DIRS + 1];
/* shell startup files: system-wide, and in a home */
extern const struct known_path known_rc_sys[];
extern const struct known_path known_rc_home[];

/*
 * The events' surfaces in the order they are tried (the first match wins,
 * so the narrow come before the broad: /usr/lib/systemd before /usr/lib).
 * A row is one pattern, or a list above: each of its paths whose events
 * bits meet how. A pattern with a glob character is matched with
 * fnmatch(3) without FNM_PATHNAME ("*" spans "/"); any other is the path
 * itself or anything under it; a home list's names are matched as
 * "*" "/" NAME. A NULL family ends the table.
 */
struct known_surface {
	const char		*pat;		/* or NULL: list */
	const struct known_path	*list;
	int			 home;		/* list: names in a home */
	unsigned		 how;		/* SURF_W or SURF_R */
	const char		*family;
};
extern const struct known_surface known_surfaces[];

#endif
