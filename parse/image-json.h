/*
 * image-json.h: the JSON that describes a container image (an OCI index
 * or Docker manifest list, a manifest, a docker-save manifest.json, an
 * image config) parsed into structs: a buffer in, no file access, every
 * string and count bounded. The image itself is read by engine/image.h.
 */
#ifndef PRIVMAP_IMAGE_JSON_H
#define PRIVMAP_IMAGE_JSON_H

#include <stddef.h>

/* Limits of the image JSON (engine/image.h has those of the layers) */
#define IMAGE_MAX_JSON_BYTES	(4u << 20)	/* index, manifest or config */
#define IMAGE_MAX_LAYERS	512		/* docker's own limit is 125 */
#define IMAGE_MAX_PATH		16384		/* bytes of one member path */
#define IMAGE_MAX_DESCRIPTORS	4096		/* manifests of one index */

/* os/arch[/variant], normalised ("x86_64" -> "amd64", "aarch64" ->
 * "arm64", arm64's variant "v8" -> ""). Empty strings for "unknown". */
struct image_platform {
	char	os[32];
	char	arch[32];
	char	variant[32];
};

/* 0, or -1 with *why for text that is not OS/ARCH[/VARIANT]. */
int	image_platform_parse(const char *s, struct image_platform *,
	    const char **why);
/* Does have satisfy want? (want's empty variant matches any.) */
int	image_platform_match(const struct image_platform *want,
	    const struct image_platform *have);
/* "os/arch[/variant]" into buf (at least 100 bytes). */
const char *image_platform_str(const struct image_platform *, char *buf,
	    size_t size);

/* --- the image JSON, parsed (image-json.c) ------------------------- */

struct image_desc {
	char			*media_type;	/* NULL if absent */
	char			*digest;	/* "algo:hex", validated */
	long long		 size;		/* -1 if absent */
	int			 has_platform;
	struct image_platform	 platform;
	char			*ref_name;	/* org.opencontainers.image.ref.name */
	int			 attestation;	/* buildx attestation manifest */
};

/* An OCI index (index.json) or a Docker manifest list. */
struct image_index {
	struct image_desc	*m;
	size_t			 n;
};

/* An OCI image manifest or a Docker v2 schema 2 manifest. */
struct image_manifest {
	struct image_desc	 config;
	struct image_desc	*layers;
	size_t			 nlayers;
};

/* One image of a docker-save manifest.json. */
struct image_dsave {
	char	*config;		/* member path of the config */
	char	**tags;
	size_t	 ntags;
	char	**layers;		/* member paths, in order */
	size_t	 nlayers;
};

struct image_dsave_list {
	struct image_dsave	*v;
	size_t			 n;
};

/* What privmap needs of an image config. */
struct image_config {
	char			*user;		/* NULL if unset or "" */
	char			*env_path;
	struct image_platform	 platform;
	size_t			 ndiff_ids;	/* rootfs.diff_ids */
};

/* Each returns 0, or -1 with a static *why; on -1 nothing is allocated. */
int	image_parse_index(const char *buf, size_t len, struct image_index *,
	    const char **why);
int	image_parse_manifest(const char *buf, size_t len,
	    struct image_manifest *, const char **why);
int	image_parse_dsave(const char *buf, size_t len,
	    struct image_dsave_list *, const char **why);
int	image_parse_config(const char *buf, size_t len, struct image_config *,
	    const char **why);
/* Does the JSON look like an index (it has "manifests")? */
int	image_json_is_index(const char *buf, size_t len);

void	image_index_free(struct image_index *);
void	image_manifest_free(struct image_manifest *);
void	image_dsave_list_free(struct image_dsave_list *);
void	image_config_free(struct image_config *);
void	image_desc_free(struct image_desc *);

/* "sha256:abc..." -> "blobs/sha256/abc..." (allocated); NULL if the
 * digest is malformed. */
char	*image_blob_path(const char *digest);

#endif
