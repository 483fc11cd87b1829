/*
 * tv.h: the target view, the one narrow interface through which privmap
 * reads the system it scans (a directory root, the live host at /, or an
 * image). Every path given here is absolute *inside* the target ("/etc/
 * passwd"); every symlink met on the way is resolved inside the target and
 * can never lead out of it. Nothing here writes, and nothing here opens a
 * FIFO, socket or device.
 */
#ifndef PRIVMAP_TV_H
#define PRIVMAP_TV_H

#include <sys/types.h>
#include <sys/stat.h>
#include <stddef.h>
#include <stdint.h>

enum tv_kind {
	TV_HOST,		/* the live host, rooted at / */
	TV_ROOTFS,		/* an unpacked root filesystem */
	TV_IMAGE,		/* an image archive, held in memory */
};

/* One POSIX ACL, as the access model needs it (libacl's entries). */
enum pacl_tag {
	PACL_USER_OBJ, PACL_USER, PACL_GROUP_OBJ, PACL_GROUP, PACL_MASK,
	PACL_OTHER,
};
struct pacl_entry {
	enum pacl_tag	tag;
	uint32_t	id;		/* for PACL_USER and PACL_GROUP */
	unsigned	perm;		/* 4 read, 2 write, 1 execute */
};
struct pacl {
	size_t			 n;
	struct pacl_entry	*e;
};
void	pacl_free(struct pacl *);
/* Decode a system.posix_acl_access xattr value; 0, or -1 if malformed. */
int	pacl_from_xattr(const void *value, size_t len, struct pacl *out);

/* A directory entry handed to a walk visitor. */
struct entry {
	const char	*path;		/* absolute inside the target */
	size_t		 pathlen;
	const char	*name;		/* last component of path */
	struct stat	 st;		/* lstat: links are never followed */
	int		 depth;		/* 0 for the walk's start */
	const void	*caps;		/* security.capability value, or NULL */
	size_t		 capslen;
	/* private to the target view: lets it answer for this entry cheaply */
	void		*tvpriv;
	int		 dirfd;
};

/* What a walk asks of the target view; engine/walk.c fills it in. */
struct tv_walk {
	const char	*start;		/* usually "/" */
	int		 cross_mounts;
	int		 want_caps;	/* read security.capability of exec files */
	int		 want_links;	/* lstat symlinks (else only their type) */
	int		 dirs_type_only; /* a directory's mode is not wanted:
					 * visited with its type only */
	/* return 1 to skip a directory (not descend), 0 to descend */
	int		(*prune)(void *ctx, const struct entry *);
	/* called for every entry, possibly from several threads at once;
	 * the entry is valid only during the call */
	void		(*visit)(void *ctx, const struct entry *);
	/* a failure for a path (unreadable directory, ...); may be called
	 * from several threads at once, like visit */
	void		(*error)(void *ctx, const char *path, const char *what);
	void		*ctx;
	unsigned long	 entries;	/* out: entries seen */
	/* Entries arrive in no fixed order: callers sort what they keep. */
};

struct tv;
struct tv_ops {
	const char *kind_name;
	int	(*lstat)(struct tv *, const char *path, struct stat *);
	int	(*stat)(struct tv *, const char *path, struct stat *);
	ssize_t	(*readlink)(struct tv *, const char *path, char *buf, size_t);
	/* a regular file, symlinks followed inside the target; at most max
	 * bytes (NUL-terminated copy in *out, length in *len, *truncated set
	 * if there was more). -1 with errno: EINVAL for a non-regular file. */
	int	(*read)(struct tv *, const char *path, size_t max, char **out,
		    size_t *len, int *truncated);
	/* names in a directory (links followed inside the target), sorted,
	 * "." and ".." left out. */
	int	(*list)(struct tv *, const char *path, char ***names,
		    size_t *n);
	/* an extended attribute of path itself (no follow); -1 ENODATA */
	ssize_t	(*getxattr)(struct tv *, const char *path, const char *name,
		    void *buf, size_t);
	/* the access ACL of path itself (no follow); 0 with n == 0: none */
	int	(*get_acl)(struct tv *, const char *path, struct pacl *);
	int	(*walk)(struct tv *, struct tv_walk *);
	void	(*free)(struct tv *);
};

struct tv_memo;
struct tv {
	const struct tv_ops	*ops;
	enum tv_kind		 kind;
	char			*display;	/* "/", the directory, the image */
	void			*priv;
	struct tv_memo		*memo;		/* tv_memo_start, or NULL */
};

/* Open a directory root (TV_ROOTFS) or the live host (TV_HOST, dir "/").
 * NULL with errno if dir cannot be opened as a directory. */
struct tv	*tv_dir_open(const char *dir, enum tv_kind);
void		 tv_free(struct tv *);

/* Thin wrappers so callers read tv_lstat(tv, path, &st). */
int	tv_lstat(struct tv *, const char *, struct stat *);
int	tv_stat(struct tv *, const char *, struct stat *);
ssize_t	tv_readlink(struct tv *, const char *, char *, size_t);
int	tv_read(struct tv *, const char *, size_t, char **, size_t *, int *);
int	tv_list(struct tv *, const char *, char ***, size_t *);
void	tv_list_free(char **, size_t);
ssize_t	tv_getxattr(struct tv *, const char *, const char *, void *, size_t);
int	tv_get_acl(struct tv *, const char *, struct pacl *);

/*
 * The memo (tv-memo.c): from tv_memo_start to tv_memo_stop the wrappers
 * above keep each answer of the view (failures and their errno too) and
 * give it again when asked the same question. The checks' reports run
 * with it (checks/registry.c): they ask the same of the target many
 * times, and the escalation graph runs them again as every identity it
 * reaches. Reads are kept up to MAX_FILE_BYTES a file, TV_MEMO_BYTES in
 * all, past which the view is asked again. Never while a walk runs (not
 * for threads); tv_free stops it.
 */
#define TV_MEMO_BYTES	(24u << 20)
void	tv_memo_start(struct tv *);
void	tv_memo_stop(struct tv *);
/* questions asked of the memo, and those it answered from what it kept */
void	tv_memo_counts(const struct tv *, unsigned long *asked,
	    unsigned long *answered);
/* the wrappers' way through the memo, while it runs */
int	tv_memo_stat(struct tv *, const char *, int follow, struct stat *);
ssize_t	tv_memo_readlink(struct tv *, const char *, char *, size_t);
int	tv_memo_read(struct tv *, const char *, size_t, char **, size_t *,
	    int *);
int	tv_memo_list(struct tv *, const char *, char ***, size_t *);
ssize_t	tv_memo_getxattr(struct tv *, const char *, const char *, void *,
	    size_t);
int	tv_memo_get_acl(struct tv *, const char *, struct pacl *);

#endif
