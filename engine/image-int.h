/*
 * image-int.h: the parts of the image target view shared by its files
 * and nothing else: the outer source (image-src.c: the archive or
 * directory that holds the blobs) and the in-memory tree (image-tree.c:
 * layers applied in order). tv-image.c puts them together.
 */
#ifndef PRIVMAP_IMAGE_INT_H
#define PRIVMAP_IMAGE_INT_H

#include <sys/types.h>
#include <sys/stat.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/image.h"
#include "lib/strmap.h"

struct archive;

/* --- noted errors (tv-image.c) ---------------------------------------- */

void	image_note_error(struct image_info *, const char *path,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void	image_note(struct image_info *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* A reader limited to the tar format and the gzip, zstd and identity
 * filters, each enabled alone; NULL with *why if libarchive would run an
 * external program for one of them. */
struct archive	*image_archive_reader(const char **why);
/* Bytes the reader's decompressors have given so far, all together (0
 * for a stream that is not compressed). */
uint64_t	 image_inflated(struct archive *);

/* --- the decompression budget of one image (tv-image.c) ---------------- */

struct ibudget {
	uint64_t	 in;		/* the image's size: the archive, or the
					 * layer files of a directory */
	uint64_t	 used;		/* given by readers since closed */
	uint64_t	 reread;	/* ...by the outer archive read again */
	uint64_t	 outer;		/* given by the open outer archive */
	int		 outer_again;	/* it is a second or later pass */
	int		 exceeded;	/* 1: past the content limit, 2: past
					 * the limit of every pass */
};

/* The limits: IMAGE_INFLATE_FLOOR_BYTES, or ratio times in if more. */
uint64_t	ibudget_limit(const struct ibudget *, unsigned ratio);
/* 1 (and b->exceeded set) when what readers gave, with live bytes of an
 * open layer, is past a limit. */
int		ibudget_over(struct ibudget *, uint64_t live);
/* "the image expands to more than N bytes ..." (allocated) */
char		*ibudget_why(const struct ibudget *);

/* --- the outer source (image-src.c) ------------------------------------ */

struct isrc;

/* path: a directory or an archive; what its decompressors give is
 * counted in b (which must outlive the source). NULL with *why (and a
 * detail in *detail, allocated, when there is more to say). */
struct isrc	*isrc_open(const char *path, struct ibudget *b,
		    const char **why, char **detail);
void		 isrc_free(struct isrc *);
/* 1 if the source is an image layout directory */
int		 isrc_is_dir(const struct isrc *);
/* 1 if name (a relative path, links followed) is a regular file, 0 if
 * the source has no such member; -1 with *why when it names something
 * else (a member twice in the archive, a link loop, not a regular
 * file). */
int		 isrc_exists(struct isrc *, const char *name, const char **why);
/* What name designates, links followed (the member, or the file's
 * device and inode), for telling two names of one layer apart, and its
 * size; NULL with *why. Allocated. */
char		*isrc_identity(struct isrc *, const char *name,
		    int64_t *size, const char **why);
/* The whole member, at most max bytes (NUL-terminated); -1 with *why,
 * "larger than the limit" when it holds more. */
int		 isrc_read(struct isrc *, const char *name, size_t max,
		    char **buf, size_t *len, const char **why);
/* A reader positioned on member name, decompressing it; the layer is
 * read with archive_read_next_header() on it, then given back to
 * isrc_layer_close. *size is the member's size. NULL with *why. */
struct archive	*isrc_layer_open(struct isrc *, const char *name,
		    int64_t *size, const char **why);
/* After the layer's reader reached its end: drain what it left of the
 * member and compare the member's SHA-256 with the digest its name
 * gives ("blobs/sha256/HEX"); 0 (also when the name gives none), or -1
 * with *why. */
int		 isrc_layer_verify(struct isrc *, const char **why);
void		 isrc_layer_close(struct isrc *, struct archive *);
/* The outer archive's last error, for a layer read that failed. */
const char	*isrc_last_error(const struct isrc *);

/* --- the tree (image-tree.c) -------------------------------------------- */

enum { KEEP_NONE, KEEP_MUST, KEEP_TEXT };

struct ixattr {
	char		*name;
	unsigned char	*value;
	size_t		 len;
};

/* An entry's inode, shared by its hard links; laid out small, as an
 * image's tree holds one for each of hundreds of thousands of entries. */
struct inode {
	unsigned	 refs;		/* names (nodes) for this inode */
	mode_t		 mode;		/* type and permission bits */
	uid_t		 uid;
	gid_t		 gid;
	uint32_t	 ino;		/* numbered from 1 as made */
	int32_t		 mtime_ns;
	off_t		 size;		/* as the tar header said */
	time_t		 mtime;
	dev_t		 rdev;
	char		*link;		/* a symlink's target */
	char		*data;		/* content kept, or NULL */
	uint32_t	 datalen;	/* bytes kept (<= size, <= 64 MiB) */
	uint32_t	 heapidx;	/* KEEP_TEXT: place in the tree's heap */
	struct ixattr	*xa;
	uint32_t	 nxa;
	/* A kept text file whose content stays in its layer (data NULL):
	 * the layer's place in the manifest (1 for the lowest) and the
	 * entry's number in it (1 for the first), for itree_fetch. */
	uint32_t	 src_layer;
	uint32_t	 src_entry;
	unsigned char	 kept;		/* 1: the first datalen bytes can be
					 * read: in data, or from the layer */
	unsigned char	 tier;		/* KEEP_MUST or KEEP_TEXT when kept */
};

/* One name in the tree, allocated with its key: the key of the tree's
 * map, (parent's address, then the name and its NUL), inline. */
struct node {
	struct node	*parent;	/* the root's is itself */
	struct inode	*ino;
	struct node	**kids;		/* directories only */
	uint32_t	 stamp;		/* layer that last wrote this entry */
	uint32_t	 idx;		/* place in parent->kids */
	uint32_t	 nkids;
	uint32_t	 capkids;
	uint32_t	 nsubdirs;
	char		 key[];
};

/* The node's name (inside its key). */
static inline const char *
node_name(const struct node *n)
{
	return n->key + sizeof n->parent;
}

struct itree {
	struct node	*root;
	struct strmap	 nodes;		/* (parent, name) -> node */
	size_t		 nnodes;
	uint32_t	 next_ino;
	size_t		 kept_bytes;	/* both tiers */
	size_t		 kept_must;	/* configuration, setuid files */
	size_t		 kept_text;	/* text files elsewhere, held or not */
	size_t		 kept_in_layer;	/* ...of them left in their layer */
	char		*scratch;	/* a text file's bytes while read */
	size_t		 scratchsz;
	struct inode	**heap;		/* kept text files, largest first */
	size_t		 nheap;
	size_t		 capheap;
	int		 budget_noted;
	int		 must_noted;
	int		 nodes_noted;
	int		 finished;	/* kids sorted, tree read-only */
};

struct itree	*itree_new(void);
void		 itree_free(struct itree *);

/* A layer as it was read (its headers, and the bytes of content any
 * application of it could keep), to apply it again at another place of
 * the manifest without reading it again. */
struct irec;

/* A recording that may hold max bytes. */
struct irec	*irec_new(size_t max);
void		 irec_free(struct irec *);
/* 1 if the whole layer was recorded within its bytes. */
int		 irec_usable(const struct irec *);
size_t		 irec_bytes(const struct irec *);

/*
 * Apply one layer: a is positioned before its first header. layer is
 * 1 for the lowest; lname names the layer in errors; what its
 * decompressor gives is counted in b. rec, when not NULL, records the
 * layer for itree_replay. Problems with single entries are noted in info
 * and the layer goes on; -1 with the reason in *why (allocated) if the
 * layer could not be read to its end (not a tar, a truncated stream, a
 * decompression bomb, past the image's budget): the image is then
 * refused.
 */
int	itree_apply(struct itree *, struct archive *a, unsigned layer,
	    const char *lname, struct image_info *info, struct ibudget *b,
	    struct irec *rec, char **why);
/* Apply a usable recording as itree_apply applied the layer, at place
 * layer; each entry counts against b as a header read. */
int	itree_replay(struct itree *, const struct irec *rec, unsigned layer,
	    const char *lname, struct image_info *info, struct ibudget *b,
	    char **why);

/*
 * The content of a kept text file left in its layer (ino->data NULL,
 * ino->kept set): a is the layer ino->src_layer names, opened anew and
 * positioned before its first header; its entry ino->src_entry is found
 * as itree_apply counted entries and its first ino->datalen bytes read
 * into *buf (allocated, NUL-terminated). What the reader decompresses
 * and the headers it reads count against b as a pass read again. -1
 * with *why (static) when the layer no longer holds that entry as it
 * was, or b is exceeded.
 */
int	itree_fetch(struct archive *a, const struct inode *ino,
	    struct ibudget *b, char **buf, const char **why);

/* Sort every directory by name: the order list() and walk() give. */
void	itree_finish(struct itree *);

/* Resolve an absolute path inside the tree (".." stops at the root,
 * symlinks resolved inside the tree); follow_last follows a final link.
 * NULL with errno (ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG). */
struct node *itree_lookup(struct itree *, const char *path, int follow_last);

/* The node's stat, as lstat(2) would give it. */
void	itree_stat(const struct node *, struct stat *);

/* An extended attribute of the node, or NULL. */
const struct ixattr *itree_xattr(const struct node *, const char *name);

/* The absolute path of node (allocated). */
char	*itree_path(const struct node *);

#endif
