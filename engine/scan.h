/*
 * scan.h: the scan context a check reads: the target view, the user as
 * the target knows it, the access model, and the report to write to.
 * The engine fills it (scan_open to scan_close, engine/scan-open.c);
 * checks never open, walk or print by themselves.
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
	SCAN_IMAGE_USER = 0x10,		/* the user is the image's own USER
					 * (no --user given) */
	SCAN_NO_GRAPH = 0x20,		/* no escalation graph (--no-graph) */
	SCAN_ALL_USERS = 0x40,		/* the graph for every account
					 * (--all-users) */
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

struct image_info;
struct mounts;
struct sandbox;

struct scan {
	struct tv	*tv;
	struct mounts	*mounts;	/* the live host's mount table, or NULL */
	struct userdb	 db;
	struct ident	 user;
	struct access	*acc;
	struct report	*rep;
	unsigned	 flags;
	struct image_info *image;	/* an image's configuration, or NULL */
	void		**priv;		/* one slot per table entry, owned by
					 * the check table (check.h) */
	unsigned long	 walked;	/* entries the walk saw */
	/* --sandbox: what the agent runs in, or NULL; the escalation
	 * graph leaves out the user's own hops it contains (sandbox.h) */
	const struct sandbox *sandbox;
	/* files scan_read read, kept while the graph judges identity
	 * after identity on them (scan_cache_start), or NULL */
	struct scan_cache *cache;
	/* scan_watch_anchor's answers, per identity and directory, or
	 * NULL: 100k findings in a few directories ask each many times */
	struct scan_anchors *anchors;
};

/* What a scan is asked to look at (privmap scan's options). */
struct scan_target {
	const char	*root;		/* --root DIR as given, or NULL */
	const char	*absroot;	/* DIR made absolute and normal, or
					 * NULL when DIR already is */
	const char	*image;		/* --image FILE, or NULL */
	const char	*platform;	/* --platform, or NULL */
	const char	*user;		/* --user or the default; NULL only
					 * for an image: its own USER */
	unsigned	 flags;		/* SCAN_* */
};

/* The check table's run (checks_run of checks/check.h), passed down so
 * that the engine calls no floor above its own. */
typedef int	(*scan_checks_fn)(struct scan *);

/*
 * A scan from start to end (scan-open.c): scan_open opens the target
 * into a zeroed scan, and for an image drops every privilege left once it
 * is read (*msg then says what is held, for -v); scan_begin starts the
 * report, reads the target's users, resolves the user and sets up the
 * access model (a live host's read-only and nosuid mounts included);
 * scan_run runs the checks and finishes the report; scan_close frees all
 * (after any of them). Each returns 0, or -1 with the message to give in
 * *msg; *msg is allocated (or NULL) and the caller's to free.
 */
int	scan_open(struct scan *, const struct scan_target *, char **msg);
int	scan_begin(struct scan *, const struct scan_target *, char **msg);
void	scan_run(struct scan *, scan_checks_fn);
void	scan_close(struct scan *);
/* scan_watch_anchor's answers, freed (scan_close) */
void	scan_anchors_free(struct scan *);

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
/* The finding hands the user code run as uid (root for uid 0), or the
 * power of group gid: finding_grant (report.h) with the name the
 * target's etc/passwd or etc/group gives the id. -1 grants nothing. */
void	scan_grant_user(struct scan *, struct finding *, uid_t,
	    enum grant_wait, int sure);
void	scan_grant_group(struct scan *, struct finding *, gid_t,
	    enum grant_wait, int sure);
/* Keep what scan_read reads, for reports run again as other identities
 * (the escalation graph): each file is read from the target once, up to
 * SCAN_CACHE_BYTES in all; a failure is kept too, and said once. */
#define SCAN_CACHE_BYTES	(16u << 20)
void	scan_cache_start(struct scan *);
void	scan_cache_stop(struct scan *);
/* Record an error for path from errno. */
void	scan_errno(struct scan *, const char *path, const char *doing);

#endif
