/*
 * access.h: can the target user read, write, execute or replace a path?
 * Evaluated as that user, never as whoever runs privmap: owner, group and
 * other bits; POSIX ACLs with their mask; search permission on every
 * directory on the way (symlinks followed inside the target, as the kernel
 * would for that user); sticky directories; read-only mounts; uid 0.
 * Answers are cached per path for the life of the scan.
 */
#ifndef PRIVMAP_ACCESS_H
#define PRIVMAP_ACCESS_H

#include <sys/stat.h>

#include "engine/tv.h"
#include "engine/ident.h"

enum {
	ACC_EXEC = 1,
	ACC_WRITE = 2,
	ACC_READ = 4,
};

/* verdicts */
enum {
	ACC_NO = 0,
	ACC_YES = 1,
	ACC_UNKNOWN = -1,	/* could not tell: errno says why */
};

struct access;

/* is_ro(ctx, path): 1 if path lies on a read-only mount (live host) */
typedef int (*access_ro_fn)(void *ctx, const char *path);

struct access	*access_new(struct tv *, const struct ident *);
/* A model for another identity that shares base's inodes (an lstat and
 * an ACL are the same whoever asks; what they allow is not): the
 * escalation graph judges identity after identity. base outlives it. */
struct access	*access_new_like(struct access *base, const struct ident *);
void		 access_free(struct access *);
void		 access_set_ro(struct access *, access_ro_fn, void *ctx);

/* Does the user get every bit of want (ACC_*) on an inode with this stat
 * and ACL (NULL or empty: none)? The core rule, no path involved: uid 0's
 * override, owner, named users and groups under the mask, other. As in
 * POSIX.1e, a group entry grants only if it alone holds every bit. */
int	access_allows(const struct ident *, const struct stat *,
	    const struct pacl *, int want);

/* Can the user open path (links followed) for mode (ACC_*, or'd)? */
int	access_can(struct access *, const char *path, int mode);
/* Can the user make path name something else: write a directory on the
 * way (or a link's directory) that the sticky bit does not protect, or
 * replace one of those directories in turn? Each path's answer is kept
 * for the model's life, with the witness it sets. */
int	access_can_replace(struct access *, const char *path);
/* access_can(WRITE) or access_can_replace(): the user controls what path
 * holds. *how gets "writable", "replaceable" or a reason from the model
 * (static string). Each path's answer is kept for the model's life, with
 * the witness it sets. */
int	access_can_modify(struct access *, const char *path, const char **how);
/* The directory on the way the user can write, when can_replace said yes
 * (a static-per-call string owned by the access; valid to the next call). */
const char *access_last_witness(struct access *);

#endif
