/*
 * closes.h: what a finding of each family closes when its check names
 * nothing itself, and how the fix script closes a program a finding
 * denies. Data only: the report model (engine/report.c) applies it, to a
 * scan and to a report read back alike, so both come out the same. Never
 * reads anything, never includes a header of a floor above.
 */
#ifndef PRIVMAP_KNOWN_CLOSES_H
#define PRIVMAP_KNOWN_CLOSES_H

/* what a deny entry ("policy" member of the report contract) closes */
enum close_action {
	CLOSE_WRITE,	/* target: a path the user may not change */
	CLOSE_EXEC,	/* a program the user may not run */
	CLOSE_READ,	/* a path the user may not read */
	CLOSE_CONNECT,	/* a socket path the user may not connect to */
	CLOSE_GROUP,	/* a group name the user may not use */
	CLOSE_PORT,	/* "HOST:PORT" the user may not connect to */
	CLOSE_COUNT,
};

/* how the remediation script (output/fix.c) closes an entry */
enum close_fix {
	FIX_NONE,	/* nothing it can do safely on its own */
	FIX_NO_WRITE,	/* take the user's write access away */
	FIX_NO_READ,	/* take the user's read access away */
	FIX_NO_CONNECT,	/* write access to a socket, and its group */
	FIX_NO_SETID,	/* clear the set-id bits of a program */
	FIX_NO_CAPS,	/* remove the file capabilities of a program */
	FIX_LEAVE_GROUP,	/* take the user out of the group */
};

/* where the target of an implied entry comes from */
enum close_from {
	FROM_PATH,		/* the finding's path, if absolute */
	FROM_PATH_HELD,		/* the path, if the evidence says how the
				 * user holds it ("how" or
				 * "writable_directory") */
	FROM_TCP_PATH,		/* a path tcp://HOST:PORT: HOST:PORT */
	FROM_EV_GROUP,		/* the evidence's "group" */
};

struct known_close {
	const char		*family;
	enum close_action	 action;	/* of the implied entry */
	enum close_from		 from;
	enum close_fix		 exec_fix;	/* how an exec entry of this
						 * family is fixed */
};

/* the row of family, or NULL (then: nothing implied, exec not fixed);
 * these three are answered from the table of families (families.c) */
const struct known_close	*known_close_find(const char *family);

/* What a family's paths are to the agent's own policy classes (output/
 * policy.c, watch/replay.c): 1 if reading one gives secrets rather than a
 * way to root by itself (credentials); 1 if writing one may be the user
 * changing its own startup files (shell-rc). family may be NULL. */
int	known_family_reads_secrets(const char *family);
int	known_family_is_own_startup(const char *family);

#endif
