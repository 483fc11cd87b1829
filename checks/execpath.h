/*
 * execpath.h: what the cron and systemd checks share: does the user
 * control a path (write it, replace it, or create it where it is
 * missing), the PATH lookup execvp(3) would do for a bare command name,
 * and remediation text with every path single-quoted. Reads the target
 * through the scan only; decides no severity.
 */
#ifndef PRIVMAP_CHECKS_EXECPATH_H
#define PRIVMAP_CHECKS_EXECPATH_H

#include <sys/stat.h>

#include "engine/scan.h"

struct xp_hit {
	const char	*how;		/* "writable", "replaceable",
					   "creatable" (static) */
	char		*witness;	/* the directory that lets the user
					   replace or create it, or NULL */
	int		 exists;
	struct stat	 st;		/* path, links followed, if it exists */
	struct stat	 lst;		/* path itself (lstat), if it exists */
};

/*
 * 1 if the user controls what path holds (hit filled; free it with
 * xp_hit_free), 0 if not, -1 if it could not be told (an error is
 * recorded in the report).
 */
int	xp_control(struct scan *, const char *path, struct xp_hit *);
void	xp_hit_free(struct xp_hit *);

/* One step of a PATH lookup the user controls. */
enum xp_kind {
	XP_DIR_BEFORE,		/* a directory searched before the program
				   is found (or where it is not found at
				   all): the user can plant the name there */
	XP_FOUND,		/* the program found is itself controlled */
};
typedef void (*xp_lookup_fn)(void *ctx, enum xp_kind, const char *path,
    struct xp_hit *);

/*
 * Look name up in search (a PATH value, ':'-separated; an empty entry or
 * "." is cwd) as execvp(3) does for a process running as root: the first
 * regular file with an execute bit wins. fn is called for each directory
 * before it the user controls and for the file found if controlled.
 * Returns the file found (new string) or NULL.
 */
char	*xp_lookup(struct scan *, const char *name, const char *search,
	    const char *cwd, xp_lookup_fn fn, void *ctx);

/* A path single-quoted for sh(1), ' written as '\''. New string. */
char	*xp_sq(const char *);

/* Remediation for a controlled path: take away the write (chmod, ACL)
 * or the directory that makes it replaceable. owner is who the file
 * should belong to (the user a job runs as); a file of someone else's
 * is given to them. The directory the remedy takes write away from, when
 * it is one (the witness that makes path replaceable, or path itself, a
 * writable directory), is the cause the finding shares with every other
 * that directory gives (finding_one_cause: "write DIR"). */
void	xp_remedy(struct finding *, const char *path, const struct xp_hit *,
	    const struct pwent *owner);

/* Evidence common to both checks: how, mode, owner, witness. */
void	xp_evidence(struct finding *, const struct xp_hit *);

/* The user's display name for titles. */
const char *xp_user(const struct scan *);

#endif
