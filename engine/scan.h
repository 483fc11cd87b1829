/*
 * scan.h: the scan context a check reads: the target view, the user as
 * the target knows it, the access model, and the report to write to.
 * The engine fills it; checks never open, walk or print by themselves.
 */
#ifndef PRIVMAP_SCAN_H
#define PRIVMAP_SCAN_H

#include "engine/access.h"
#include "engine/ident.h"
#include "engine/report.h"
#include "engine/tv.h"

enum {
	SCAN_LIVE = 0x01,		/* the target is the running host */
	SCAN_CROSS_MOUNTS = 0x02,
	SCAN_VERBOSE = 0x04,
	SCAN_PROGRESS = 0x08,		/* stderr is a terminal */
};

/* what an entry is, for a check's visit mask */
enum {
	WANT_SETID = 0x01,	/* regular file with setuid or setgid */
	WANT_CAPS = 0x02,	/* regular file carrying security.capability */
	WANT_SOCKET = 0x04,
	WANT_DIR = 0x08,
	WANT_FILE = 0x10,	/* every regular file */
	WANT_LINK = 0x20,
	WANT_OTHER_WRITABLE = 0x40,	/* anything with o+w, or a dir g+w/o+w */
};

struct mounts;
struct pkgdb;

struct scan {
	struct tv	*tv;
	struct mounts	*mounts;	/* the live host's mount table, or NULL */
	struct userdb	 db;
	struct ident	 user;
	struct access	*acc;
	struct report	*rep;
	unsigned	 flags;
	void		**priv;		/* one slot per check, see check.h */
	unsigned long	 walked;	/* entries the walk saw */
	/* set-id and capability files the walk met, for the one package
	 * database load both their checks share (checks/provenance.c) */
	char		**privpaths;
	size_t		 nprivpaths;
	struct pkgdb	*pkgdb;
	int		 pkgdb_loaded;
};

/* Read a file of the target for a parser: bounded by MAX_FILE_BYTES,
 * errors (other than ENOENT, which returns -1 quietly with errno set)
 * recorded in the report. Truncation is recorded too. */
int	scan_read(struct scan *, const char *path, char **buf, size_t *len);
/* A "write PATH" deny entry, and when the user could also replace PATH
 * through a directory it can write, "write DIR" for that directory: a
 * fix that only took write permission away would leave the finding. */
void	scan_deny_write(struct scan *, struct finding *, const char *path);
/* The report's anchor (report.h) for the scan in ctx: the deepest
 * directory at or above dir that exists in the target and that the user
 * can neither rename nor remove, nor replace through a symlink on the way
 * (access_can_replace() says no). Newly allocated; "/" if none. */
char	*scan_watch_anchor(void *ctx, const char *dir);
/* Record an error for path from errno. */
void	scan_errno(struct scan *, const char *path, const char *doing);

#endif
