/*
 * image.h: container images as a target view (tv-image.c); the JSON that
 * describes them is parsed by parse/image-json.c.
 *
 * An image is read from a `docker save` archive or an OCI image layout
 * (a directory, or a tar of one), plain or gzip/zstd-compressed, with
 * libarchive. Its layers are applied in order into a tree held in memory
 * (whiteouts, opaque directories, hard links, owners, modes, extended
 * attributes and ACLs from the tar headers): nothing is extracted to disk,
 * nothing needs root, nothing from the image runs. libarchive is given
 * only the tar format and the gzip, zstd and identity filters, each
 * enabled by itself, and refused if it would fall back to an external
 * program.
 *
 * What is kept of file content, and every limit, is documented in
 * docs/image-scanning.md.
 */
#ifndef PRIVMAP_IMAGE_H
#define PRIVMAP_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "engine/ident.h"
#include "engine/report.h"
#include "engine/tv.h"
#include "parse/image-json.h"

/* Limits of image reading (they belong with bounds.h; kept here so this
 * area owns them). */
#define IMAGE_MAX_NODES		2000000u	/* entries in the tree at once */
#define IMAGE_MAX_MEMBERS	200000u		/* members of the outer tar */
#define IMAGE_MAX_XATTRS	64		/* extended attributes per entry */
#define IMAGE_MAX_INDEX_DEPTH	4		/* index inside an index */
/* What the decompressors of one image give, its layers' and one pass
 * over a compressed outer archive: past IMAGE_INFLATE_FLOOR_BYTES, at
 * most IMAGE_INFLATE_RATIO times the image's own size (the archive, or a
 * directory's layer files). With the outer archive read again whenever a
 * member behind is needed (a compressed docker save holds its layers in
 * no particular order), everything together: IMAGE_REREAD_RATIO times.
 * Beyond either the image is refused. */
#define IMAGE_INFLATE_FLOOR_BYTES	(4ull << 30)
#define IMAGE_INFLATE_RATIO		100
#define IMAGE_REREAD_RATIO		1000
/* Each tar header read (of a layer, or of the outer archive in each pass)
 * counts as this many bytes: reading and placing one costs about what
 * decompressing 4 KiB does, and a stream of empty entries compresses to
 * almost nothing. */
#define IMAGE_ENTRY_COST_BYTES		4096u
/* A layer listed more than once is kept as read (headers and the content
 * any application could keep) to apply it again: all such recordings
 * together at most this; past it the layer is read again. */
#define IMAGE_RECORD_BYTES		(256u << 20)
/* file content kept: see docs/image-scanning.md, "What content is kept" */
#define IMAGE_KEEP_ANY_BYTES	(256u << 10)	/* a text file anywhere */
#define IMAGE_KEEP_BUDGET	(256u << 20)	/* ...all of those at once */
#define IMAGE_KEEP_BIG_BYTES	(64u << 20)	/* a setuid file, a package db */
#define IMAGE_KEEP_MUST_BUDGET	(1024u << 20)	/* configuration and those */


/* What the scan learns about the image besides its tree. */
struct image_info {
	char	*format;	/* "oci" or "docker-save" */
	char	*ref;		/* a tag or ref.name annotation, or NULL */
	char	*digest;	/* the manifest's digest, or NULL (docker-save) */
	char	*os;		/* from the config (or the index), or NULL */
	char	*arch;
	char	*variant;
	/* The config's User verbatim (a name, a uid, name:group, uid:gid,
	 * ...), or NULL when unset or empty: the container runs as root. */
	char	*user;
	char	*env_path;	/* PATH from the config's Env, or NULL */
	size_t	 nlayers;
	unsigned long entries;	/* entries in the final tree */
	size_t	 kept_bytes;	/* file content kept in memory */
	/* Noted problems: the scan goes on and they belong in the report. */
	json_t	*errors;	/* array of {"path", "error"} */
	json_t	*notes;		/* array of strings */
	size_t	 errors_dropped;
	/* On a failed open: the detailed reason (allocated), or NULL. */
	char	*error;
};

/*
 * Open an image. path is a docker-save or OCI archive (tar, tar.gz,
 * tar.zst) or a directory holding an OCI layout or an unpacked docker
 * save. platform is NULL or "os/arch[/variant]". info is filled (and
 * must be given to image_info_free in any case). NULL on failure with a
 * static *why, the detail in info->error. The tv's read() gives -1 with
 * errno ENODATA for a regular file whose content was not kept.
 */
struct tv	*tv_image_open(const char *path, const char *platform,
		    struct image_info *info, const char **why);
void		 image_info_free(struct image_info *);

/* Copy info's errors and notes into the report, and set rep->arch (in
 * uname -m's spelling, arch.h) if it is not set. */
void		 image_info_report(const struct image_info *, struct report *);

/*
 * The user a container of this image runs as, by the rules of runc and
 * Docker (github.com/moby/sys user.GetExecUser): spec is the config's
 * User ("" or NULL: root), "user", "uid", "user:group", "uid:gid",
 * "user:gid" or "uid:group", looked up in the image's own passwd and
 * group. A name that is not in passwd, or a group name not in group, is
 * an error (the container would not start). A uid without an entry runs
 * with gid 0. Without an explicit group the supplementary groups are
 * those listing the user by name; with one there are none.
 */
int	image_user_resolve(const struct userdb *, const char *spec,
	    struct ident *, const char **why);


#endif
