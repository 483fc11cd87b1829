/*
 * mounts.h: the mount table of a live host, parsed from the text of
 * /proc/self/mountinfo (proc(5), "/proc/pid/mountinfo"), and the questions
 * privmap asks of it: which mount holds a path, is that mount read-only
 * or nosuid, which mounts are bind mounts. Parsing takes a buffer; reading
 * the live file is procfs.h's job.
 */
#ifndef PRIVMAP_MOUNTS_H
#define PRIVMAP_MOUNTS_H

#include <stddef.h>

#include "parse/err.h"

/* struct mount flags, from the per-mount options (field 6) and, for
 * MNT_SB_RO, the super options after the separator */
enum {
	MNT_RO = 0x01,
	MNT_NOSUID = 0x02,
	MNT_NODEV = 0x04,
	MNT_NOEXEC = 0x08,
	MNT_SB_RO = 0x10,	/* the filesystem itself is read-only */
};

struct mount {
	unsigned	 id;		/* field 1: mount ID */
	unsigned	 parent;	/* field 2: parent ID */
	unsigned	 major;		/* field 3: st_dev of files on it */
	unsigned	 minor;
	char		*root;		/* field 4: path of the mount's root
					 * inside its filesystem, unescaped
					 * ("/", "/var/lib/x", "net:[4026...]") */
	char		*point;		/* field 5: mount point, unescaped */
	char		*opts;		/* field 6: per-mount options */
	char		*optional;	/* fields 7..: "shared:1 master:2", or "" */
	char		*fstype;	/* after "-": type ("ext4", "fuse.sshfs") */
	char		*source;	/* mount source, unescaped */
	char		*super;		/* super options */
	unsigned	 flags;		/* MNT_* */
	unsigned	 line;		/* line number in the parsed text */
};

struct mounts {
	struct mount	*m;		/* in file order: the kernel lists
					 * mounts in the order they were made */
	size_t		 n;
	/* index built by mounts_parse: children of each mount */
	size_t		*kids;		/* mount indexes grouped by parent */
	size_t		*kid_start;	/* per mount: first slot in kids */
	size_t		*kid_count;
};

#define MOUNTS_MAX	100000		/* entries kept; more is an error */

/*
 * Parse mountinfo text, appending to mt (zero it first). Octal escapes
 * (\040 space, \011 tab, \012 newline, \134 backslash) are decoded in
 * root, mount point and source; optional fields run to the lone "-".
 * A malformed line (too few fields, bad numbers, an escape decoding to a
 * NUL, a relative mount point) is skipped and reported through err.
 * Returns the number of entries kept.
 */
size_t	mounts_parse(const char *buf, size_t len, struct mounts *mt,
	    parse_err_fn err, void *ctx);
void	mounts_free(struct mounts *);
/* The table as text, for tests and debugging: one "LINE ID PARENT
 * MAJOR:MINOR ROOT POINT OPTS OPTIONAL FSTYPE SOURCE SUPER FLAGS" line a
 * mount, strings quoted (parse/print.h), flags "ro,nosuid,nodev,noexec,
 * sb-ro" or "-" (allocated). */
char	*mounts_print(const struct mounts *);

/*
 * The mount that holds path (absolute, already free of symlinks, "." and
 * ".."), as the kernel's lookup would cross mount points: from the root
 * mount down, at each step into the child mounted at the longest prefix
 * of path, and to the latest mount stacked on one point. A mount made
 * later on a parent directory hides the earlier ones below it. NULL if
 * the table has no root mount.
 */
const struct mount *mounts_find(const struct mounts *, const char *path);

/* 1 if the mount holding path is nosuid (setuid and file capabilities
 * are ignored on exec there: mount(8) "nosuid"), 0 if not, -1 if no mount
 * holds it. */
int	mounts_nosuid(const struct mounts *, const char *path);
/* 1 if the mount holding path is read-only (per-mount "ro" or a
 * read-only superblock), 0 if not, -1 if no mount holds it. */
int	mounts_ro(const struct mounts *, const char *path);
/* An access_ro_fn (access.h) over a struct mounts passed as ctx:
 *	access_set_ro(acc, mounts_ro_fn, mt);			*/
int	mounts_ro_fn(void *ctx, const char *path);

/* The first other mount showing the same directory of the same
 * filesystem (same device and root): the two are bind mounts of each
 * other. NULL if there is none. */
const struct mount *mounts_same_source(const struct mounts *,
	    const struct mount *);
/* 1 if m shows a subdirectory (root not "/") of its filesystem, or a
 * filesystem already mounted elsewhere: what `mount --bind` makes. A
 * btrfs subvolume also has a root other than "/"; the caller decides. */
int	mount_is_bind(const struct mounts *, const struct mount *);
/* 1 if the option list (comma-separated) holds opt exactly */
int	mount_has_opt(const char *opts, const char *opt);

/* Decode mountinfo's octal escapes in place of a copy: n bytes of s into
 * a new string. NULL (and no allocation) if an escape decodes to NUL. */
char	*mounts_unescape(const char *s, size_t n);

#endif
