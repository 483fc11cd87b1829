/*
 * tv-image.c: the target view over a container image (tv.h), held in
 * memory: it finds the image in a docker-save archive or an OCI layout
 * (image-src.c, image-json.c), picks one image by platform, applies its
 * layers (image-tree.c), and answers lstat, read, list, getxattr, ACL
 * and walk from the tree. It never extracts, writes or runs anything.
 *
 * Choosing the image: an archive that holds one image gives that image
 * whatever its platform. When it holds images for several platforms
 * (a multi-platform index), --platform chooses; without it, linux/amd64
 * is taken if present (a note says so), and anything else is an error
 * naming the platforms. The choice never depends on the machine that
 * scans, so one archive gives one report everywhere. Attestation
 * manifests (buildx provenance, platform unknown/unknown) are never
 * images. A manifest whose blob is absent (docker save of one platform
 * of a multi-platform image) is passed over with a note.
 *
 * Reading is bounded by one decompression budget for the whole image
 * (struct ibudget), and a layer listed more than once is read once and
 * applied at each place. A layer that cannot be read to its end refuses
 * the image: a tree missing part of a layer is not the image.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archive.h>

#include "engine/arch.h"
#include "lib/bounds.h"
#include "engine/image-int.h"
#include "lib/buf.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

static const char *const mt_oci_index =
    "application/vnd.oci.image.index.v1+json";
static const char *const mt_docker_list =
    "application/vnd.docker.distribution.manifest.list.v2+json";

/* --- candidates: the images an archive holds ---------------------------- */

struct cand {
	char			*key;		/* manifest digest or config path */
	char			*manifest;	/* OCI: manifest blob path */
	char			*ref;
	int			 has_platform;
	struct image_platform	 platform;
	/* docker-save: known at once; OCI: once the manifest is read */
	char			*config;
	char			**layers;
	size_t			 nlayers;
	int			 loaded;
};

struct cands {
	struct cand	*v;
	size_t		 n;
};

static void
cands_free(struct cands *c)
{
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].manifest);
		free(c->v[i].ref);
		free(c->v[i].config);
		for (j = 0; j < c->v[i].nlayers; j++)
			free(c->v[i].layers[j]);
		free(c->v[i].layers);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

static struct cand *
cand_add(struct cands *c, const char *key)
{
	struct cand *k;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return NULL;	/* the same image listed twice */
	c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
	k = &c->v[c->n++];
	memset(k, 0, sizeof *k);
	k->key = xstrdup(key);
	return k;
}

struct opener {
	struct ibudget		*budget;	/* the view's (struct img) */
	struct isrc		*src;
	struct image_info	*info;
	/* the indexes being read, outermost first (load_index) */
	const char		*chain[IMAGE_MAX_INDEX_DEPTH + 1];
	const char		*why;
	char			*detail;
};

static int
fail(struct opener *o, const char *why, const char *fmt, ...)
{
	va_list ap;

	o->why = why;
	if (fmt) {
		free(o->detail);
		va_start(ap, fmt);
		o->detail = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Read a JSON member, bounded. */
static int
read_json(struct opener *o, const char *name, char **buf, size_t *len)
{
	const char *why;

	if (isrc_read(o->src, name, IMAGE_MAX_JSON_BYTES, buf, len,
	    &why) == -1)
		return fail(o, "cannot read the image's JSON",
		    "%s: %s%s", name, why, strcmp(why, "larger than the limit")
		    == 0 ? " of 4 MiB" : "");
	return 0;
}

static int
load_dsave(struct opener *o, struct cands *c)
{
	struct image_dsave_list l;
	const char *why;
	char *buf;
	size_t len, i, j;

	if (read_json(o, "manifest.json", &buf, &len) == -1)
		return -1;
	if (image_parse_dsave(buf, len, &l, &why) == -1) {
		free(buf);
		return fail(o, "malformed manifest.json", "manifest.json: %s",
		    why);
	}
	free(buf);
	for (i = 0; i < l.n; i++) {
		struct cand *k = cand_add(c, l.v[i].config);

		if (k == NULL)
			continue;
		k->config = l.v[i].config;
		l.v[i].config = NULL;
		k->layers = xcalloc(l.v[i].nlayers, sizeof *k->layers);
		for (j = 0; j < l.v[i].nlayers; j++)
			k->layers[k->nlayers++] =
			    path_clean(l.v[i].layers[j], NULL);
		if (l.v[i].ntags)
			k->ref = xstrdup(l.v[i].tags[0]);
		k->loaded = 1;
	}
	image_dsave_list_free(&l);
	free(o->info->format);
	o->info->format = xstrdup("docker-save");
	return 0;
}

/* Add the image manifests an index lists, descending into nested
 * indexes. */
static int
load_index(struct opener *o, struct cands *c, const char *name, int depth,
    const char *ref)
{
	struct image_index ix;
	const char *why;
	char *buf;
	size_t len, i;
	int ret = -1, up, have;

	for (up = 0; up < depth; up++)
		if (strcmp(o->chain[up], name) == 0)
			return fail(o, "an image index lists itself (a cycle)",
			    "%s lists %s", o->chain[depth - 1], name);
	if (depth > IMAGE_MAX_INDEX_DEPTH)
		return fail(o, "image indexes nested too deep", "%s lists %s, "
		    "more than %d indexes deep", o->chain[depth - 1], name,
		    IMAGE_MAX_INDEX_DEPTH);
	o->chain[depth] = name;
	if (read_json(o, name, &buf, &len) == -1)
		return -1;
	if (image_parse_index(buf, len, &ix, &why) == -1) {
		free(buf);
		return fail(o, "malformed image index", "%s: %s", name, why);
	}
	free(buf);
	for (i = 0; i < ix.n; i++) {
		struct image_desc *d = &ix.m[i];
		char *blob = image_blob_path(d->digest);
		const char *r = d->ref_name ? d->ref_name : ref;
		int nested = 0;

		if (d->attestation) {
			free(blob);
			continue;
		}
		have = isrc_exists(o->src, blob, &why);
		if (have == -1) {
			fail(o, "a manifest the index lists cannot be read",
			    "%s lists %s: %s", name, blob, why);
			free(blob);
			goto out;
		}
		if (have == 0) {
			char pb[100];

			image_note(o->info, "the index lists %s%s%s, whose "
			    "manifest is not in the archive; passed over",
			    d->digest, d->has_platform ? " for " : "",
			    d->has_platform ? image_platform_str(&d->platform,
			    pb, sizeof pb) : "");
			free(blob);
			continue;
		}
		if (d->media_type)
			nested = strcmp(d->media_type, mt_oci_index) == 0 ||
			    strcmp(d->media_type, mt_docker_list) == 0;
		else {
			/* no mediaType: look at the blob itself */
			if (read_json(o, blob, &buf, &len) == -1) {
				free(blob);
				goto out;
			}
			nested = image_json_is_index(buf, len);
			free(buf);
		}
		if (nested) {
			if (load_index(o, c, blob, depth + 1, r) == -1) {
				free(blob);
				goto out;
			}
		} else {
			struct cand *k = cand_add(c, d->digest);

			if (k) {
				k->manifest = blob;
				blob = NULL;
				k->ref = r ? xstrdup(r) : NULL;
				k->has_platform = d->has_platform;
				k->platform = d->platform;
			}
		}
		free(blob);
	}
	ret = 0;
out:
	image_index_free(&ix);
	return ret;
}

/* Read an OCI candidate's manifest: its config and layers. */
static int
load_manifest(struct opener *o, struct cand *k)
{
	struct image_manifest m;
	const char *why;
	char *buf;
	size_t len, i;

	if (k->loaded)
		return 0;
	if (read_json(o, k->manifest, &buf, &len) == -1)
		return -1;
	if (image_parse_manifest(buf, len, &m, &why) == -1) {
		free(buf);
		return fail(o, "malformed image manifest", "%s: %s",
		    k->manifest, why);
	}
	free(buf);
	k->config = image_blob_path(m.config.digest);
	k->layers = xcalloc(m.nlayers, sizeof *k->layers);
	for (i = 0; i < m.nlayers; i++) {
		const char *mt = m.layers[i].media_type;

		/* ocicrypt's encrypted layers cannot be read without keys */
		if (mt && strstr(mt, "+encrypted") != NULL) {
			image_manifest_free(&m);
			return fail(o, "the image has encrypted layers",
			    "%s: layer %zu is %s", k->manifest, i + 1, mt);
		}
		k->layers[k->nlayers++] = image_blob_path(m.layers[i].digest);
	}
	image_manifest_free(&m);
	k->loaded = 1;
	return 0;
}

static int
load_config(struct opener *o, struct cand *k, struct image_config *cfg)
{
	const char *why;
	char *buf;
	size_t len;

	if (load_manifest(o, k) == -1)
		return -1;
	if (read_json(o, k->config, &buf, &len) == -1)
		return -1;
	if (image_parse_config(buf, len, cfg, &why) == -1) {
		free(buf);
		return fail(o, "malformed image config", "%s: %s", k->config,
		    why);
	}
	free(buf);
	return 0;
}

/* The platform of a candidate, from the index or else from its config. */
static int
cand_platform(struct opener *o, struct cand *k)
{
	struct image_config cfg;

	if (k->has_platform)
		return 0;
	if (load_config(o, k, &cfg) == -1)
		return -1;
	k->platform = cfg.platform;
	k->has_platform = 1;
	image_config_free(&cfg);
	return 0;
}

static char *
platform_list(struct cands *c)
{
	struct buf b = { NULL, 0, 0 };
	char pb[100];
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (i)
			buf_adds(&b, ", ");
		buf_adds(&b, image_platform_str(&c->v[i].platform, pb,
		    sizeof pb));
		if (c->v[i].ref) {
			buf_adds(&b, " (");
			buf_add(&b, c->v[i].ref, strnlen(c->v[i].ref, 200));
			buf_adds(&b, ")");
		}
	}
	return buf_str(&b);
}

/* Pick one candidate; -1 with the reason. */
static int
choose(struct opener *o, struct cands *c, const char *platform,
    struct cand **out)
{
	struct image_platform want;
	const char *why;
	struct cand *pick = NULL;
	size_t i, nmatch = 0, nexact = 0;
	char pb[100], *list;
	int ret = -1;

	if (c->n == 0)
		return fail(o, "the archive holds no image", NULL);
	if (platform == NULL && c->n == 1) {
		*out = &c->v[0];
		return 0;
	}
	for (i = 0; i < c->n; i++)
		if (cand_platform(o, &c->v[i]) == -1)
			return -1;
	if (platform == NULL)
		image_platform_parse("linux/amd64", &want, &why);
	else if (image_platform_parse(platform, &want, &why) == -1)
		return fail(o, why, "--platform %s", platform);
	for (i = 0; i < c->n; i++) {
		if (!image_platform_match(&want, &c->v[i].platform))
			continue;
		nmatch++;
		if (strcmp(want.variant, c->v[i].platform.variant) == 0) {
			nexact++;
			pick = &c->v[i];
		}
	}
	if (nexact != 1 && nmatch == 1)
		for (i = 0; i < c->n; i++)
			if (image_platform_match(&want, &c->v[i].platform))
				pick = &c->v[i];
	list = platform_list(c);
	if (nexact == 1 || nmatch == 1) {
		if (platform == NULL)
			image_note(o->info, "the archive holds images for "
			    "several platforms (%s); scanned %s, choose with "
			    "--platform", list, image_platform_str(&want, pb,
			    sizeof pb));
		*out = pick;
		ret = 0;
	} else if (nmatch == 0 && platform == NULL)
		fail(o, "the archive holds images for several platforms; "
		    "choose one with --platform", "images: %s", list);
	else if (nmatch == 0)
		fail(o, "no image for that platform in the archive",
		    "--platform %s: the archive holds %s", platform, list);
	else
		fail(o, "several images match the platform",
		    "%s: %s", image_platform_str(&want, pb, sizeof pb), list);
	free(list);
	return ret;
}

/* --- the view ------------------------------------------------------------- */

/* What the view holds: the tree, and what reads a kept text file again
 * from its layer (the source, kept open, the layers by place, the
 * budget every read counts against). */
struct img {
	struct itree	*t;
	struct isrc	*src;
	struct ibudget	 budget;
	char		**layers;
	size_t		 nlayers;
	pthread_mutex_t	 lock;		/* one reader of the source */
};

static struct itree *
tree_of(struct tv *tv)
{
	return ((struct img *)tv->priv)->t;
}

/* A kept text file's content from its layer (itree_fetch), the layer's
 * digest checked again to its end. -1 with errno EIO when the layer no
 * longer gives it (changed since, or past the budget). */
static int
fetch(struct img *im, const struct inode *ino, char **out)
{
	struct archive *a;
	const char *why;
	int64_t size;
	int ret = -1;

	*out = NULL;
	pthread_mutex_lock(&im->lock);
	if (ino->src_layer == 0 || ino->src_layer > im->nlayers)
		goto out;
	a = isrc_layer_open(im->src, im->layers[ino->src_layer - 1], &size,
	    &why);
	if (a == NULL)
		goto out;
	if (itree_fetch(a, ino, &im->budget, out, &why) == 0 &&
	    isrc_layer_verify(im->src, &why) == 0)
		ret = 0;
	isrc_layer_close(im->src, a);
out:
	pthread_mutex_unlock(&im->lock);
	if (ret == -1) {
		free(*out);
		*out = NULL;
		errno = EIO;
	}
	return ret;
}

static int
img_lstat(struct tv *tv, const char *path, struct stat *st)
{
	struct node *n = itree_lookup(tree_of(tv), path, 0);

	if (n == NULL)
		return -1;
	itree_stat(n, st);
	return 0;
}

static int
img_stat(struct tv *tv, const char *path, struct stat *st)
{
	struct node *n = itree_lookup(tree_of(tv), path, 1);

	if (n == NULL)
		return -1;
	itree_stat(n, st);
	return 0;
}

static ssize_t
img_readlink(struct tv *tv, const char *path, char *buf, size_t size)
{
	struct node *n = itree_lookup(tree_of(tv), path, 0);
	size_t len;

	if (n == NULL)
		return -1;
	if (!S_ISLNK(n->ino->mode) || n->ino->link == NULL) {
		errno = EINVAL;
		return -1;
	}
	len = strlen(n->ino->link);
	if (len > size)
		len = size;
	memcpy(buf, n->ino->link, len);
	return (ssize_t)len;
}

static int
img_read(struct tv *tv, const char *path, size_t max, char **out,
    size_t *lenp, int *truncated)
{
	struct node *n = itree_lookup(tree_of(tv), path, 1);
	struct inode *ino;
	size_t len;

	*out = NULL;
	*lenp = 0;
	*truncated = 0;
	if (n == NULL)
		return -1;
	ino = n->ino;
	if (!S_ISREG(ino->mode)) {
		errno = S_ISDIR(ino->mode) ? EISDIR : EINVAL;
		return -1;
	}
	if (ino->size > 0 && !ino->kept) {
		errno = ENODATA;	/* content not kept: see image.h */
		return -1;
	}
	len = ino->datalen < max ? ino->datalen : max;
	if (ino->data == NULL && ino->datalen > 0) {
		/* kept in its layer */
		if (fetch(tv->priv, ino, out) == -1)
			return -1;
		(*out)[len] = '\0';
		*lenp = len;
		*truncated = (uint64_t)ino->size > len;
		return 0;
	}
	*out = xmalloc(len + 1);
	if (len)
		memcpy(*out, ino->data, len);
	(*out)[len] = '\0';
	*lenp = len;
	*truncated = (uint64_t)ino->size > len;
	return 0;
}

static int
img_list(struct tv *tv, const char *path, char ***names, size_t *np)
{
	struct node *n = itree_lookup(tree_of(tv), path, 1);
	size_t i;

	*names = NULL;
	*np = 0;
	if (n == NULL)
		return -1;
	if (!S_ISDIR(n->ino->mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if (n->nkids > MAX_DIR_FILES) {
		errno = EFBIG;
		return -1;
	}
	*names = xcalloc(n->nkids, sizeof **names);
	for (i = 0; i < n->nkids; i++)
		(*names)[i] = xstrdup(node_name(n->kids[i]));
	*np = n->nkids;
	return 0;
}

static ssize_t
img_getxattr(struct tv *tv, const char *path, const char *name, void *buf,
    size_t size)
{
	struct node *n = itree_lookup(tree_of(tv), path, 0);
	const struct ixattr *x;

	if (n == NULL)
		return -1;
	/* as the directory view: a link's own xattrs are not read */
	if (S_ISLNK(n->ino->mode) || (x = itree_xattr(n, name)) == NULL) {
		errno = ENODATA;
		return -1;
	}
	if (size == 0)
		return (ssize_t)x->len;
	if (size < x->len) {
		errno = ERANGE;
		return -1;
	}
	memcpy(buf, x->value, x->len);
	return (ssize_t)x->len;
}

static int
img_get_acl(struct tv *tv, const char *path, struct pacl *out)
{
	struct node *n = itree_lookup(tree_of(tv), path, 0);
	const struct ixattr *x;
	size_t i;

	out->n = 0;
	out->e = NULL;
	if (n == NULL)
		return -1;
	if (S_ISLNK(n->ino->mode) ||
	    (x = itree_xattr(n, "system.posix_acl_access")) == NULL)
		return 0;
	if (pacl_from_xattr(x->value, x->len, out) == -1)
		return -1;
	/* as acl_equiv_mode(3) in the directory view: an ACL of the three
	 * base entries says nothing the mode does not */
	for (i = 0; i < out->n; i++)
		if (out->e[i].tag != PACL_USER_OBJ &&
		    out->e[i].tag != PACL_GROUP_OBJ &&
		    out->e[i].tag != PACL_OTHER)
			return 0;
	pacl_free(out);
	return 0;
}

struct iwalk {
	struct tv_walk	*w;
	struct itree	*t;
	struct buf	 path;
};

static void
iwalk_dir(struct iwalk *ws, struct node *dir, int depth)
{
	struct tv_walk *w = ws->w;
	size_t i;

	for (i = 0; i < dir->nkids; i++) {
		struct node *n = dir->kids[i];
		size_t mark = ws->path.len;
		struct entry ent;

		if (ws->path.len == 0 || ws->path.data[ws->path.len - 1] != '/')
			buf_addc(&ws->path, '/');
		buf_adds(&ws->path, node_name(n));
		memset(&ent, 0, sizeof ent);
		ent.path = ws->path.data;
		ent.pathlen = ws->path.len;
		ent.name = ent.path + ent.pathlen - strlen(node_name(n));
		ent.depth = depth;
		ent.dirfd = -1;
		ent.tvpriv = n;
		itree_stat(n, &ent.st);
		w->entries++;
		if (w->want_caps && S_ISREG(ent.st.st_mode) &&
		    (ent.st.st_mode & 0111)) {
			const struct ixattr *x = itree_xattr(n,
			    "security.capability");

			if (x != NULL && x->len > 0) {
				ent.caps = x->value;
				ent.capslen = x->len;
			}
		}
		w->visit(w->ctx, &ent);
		if (S_ISDIR(ent.st.st_mode) &&
		    !(w->prune && w->prune(w->ctx, &ent))) {
			if (depth + 1 > MAX_WALK_DEPTH) {
				if (w->error)
					w->error(w->ctx, ent.path, "directory "
					    "nesting deeper than the walk's "
					    "limit; not descended");
			} else
				iwalk_dir(ws, n, depth + 1);
		}
		ws->path.len = mark;
		ws->path.data[mark] = '\0';
	}
}

static int
img_walk(struct tv *tv, struct tv_walk *w)
{
	struct iwalk ws;
	struct node *start;

	memset(&ws, 0, sizeof ws);
	ws.w = w;
	ws.t = tree_of(tv);
	start = itree_lookup(ws.t, w->start, 1);
	if (start == NULL || !S_ISDIR(start->ino->mode)) {
		if (w->error)
			w->error(w->ctx, w->start, strerror(start ? ENOTDIR :
			    errno));
		return -1;
	}
	buf_adds(&ws.path, strcmp(w->start, "/") == 0 ? "" : w->start);
	iwalk_dir(&ws, start, 1);
	buf_free(&ws.path);
	return 0;
}

static void
img_free(struct tv *tv)
{
	struct img *im = tv->priv;
	size_t i;

	itree_free(im->t);
	isrc_free(im->src);
	for (i = 0; i < im->nlayers; i++)
		free(im->layers[i]);
	free(im->layers);
	pthread_mutex_destroy(&im->lock);
	free(im);
	free(tv->display);
	free(tv);
}

static const struct tv_ops image_ops = {
	.kind_name = "image",
	.lstat = img_lstat,
	.stat = img_stat,
	.readlink = img_readlink,
	.read = img_read,
	.list = img_list,
	.getxattr = img_getxattr,
	.get_acl = img_get_acl,
	.walk = img_walk,
	.free = img_free,
};

/* --- opening ------------------------------------------------------------- */

/* The detail of a refusal goes to a terminal and names members of the
 * image: every byte that is not printable ASCII (controls, escapes,
 * whatever a terminal could take for one) as \xNN. */
static char *
printable(const char *s)
{
	struct buf b = { NULL, 0, 0 };
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			buf_printf(&b, "\\x%02x", *p);
		else
			buf_addc(&b, (char)*p);
	return buf_str(&b);
}

static char *
layer_label(const char *blob, size_t i, size_t n)
{
	const char *h = strstr(blob, "blobs/");

	/* "layer 2/5 (sha256:0123456789ab)" or "layer 2/5 (abc/layer.tar)" */
	if (h == blob) {
		const char *alg = blob + 6, *slash = strchr(alg, '/');

		if (slash)
			return xasprintf("layer %zu/%zu (%.*s:%.12s)", i + 1,
			    n, (int)(slash - alg), alg, slash + 1);
	}
	return xasprintf("layer %zu/%zu (%.200s)", i + 1, n, blob);
}

/*
 * Apply the layers in order. A layer listed again (by the same name, or
 * by another that leads to the same member or file, as docker save links
 * repeated layers) is read once: recorded as it is read the first time
 * and applied from the recording at its other places, as runtimes apply
 * it at each place (applying it only once is not the same tree: the
 * layers between can write through a symlink it makes, or where it hides
 * something). A recording past IMAGE_RECORD_BYTES is let go, and the
 * layer read again within the budget. Any layer that cannot be read to
 * its end refuses the image.
 */
static int
apply_layers(struct opener *o, struct cand *k, struct itree *t)
{
	size_t n = k->nlayers ? k->nlayers : 1, i, j, again, held;
	char **ids = xcalloc(n, sizeof *ids);
	size_t *first = xcalloc(n, sizeof *first);
	struct irec **recs = xcalloc(n, sizeof *recs);
	char *label = NULL, *why2 = NULL;
	struct archive *a;
	int64_t size;
	const char *why;
	int ret = -1;

	for (i = 0; i < k->nlayers; i++) {
		ids[i] = isrc_identity(o->src, k->layers[i], &size, &why);
		if (ids[i] == NULL) {
			label = layer_label(k->layers[i], i, k->nlayers);
			fail(o, "a layer of the image is missing or ambiguous",
			    "%s: %s", label, why);
			goto out;
		}
		for (j = 0; j < i && strcmp(ids[j], ids[i]) != 0; j++)
			;
		first[i] = j;
		/* a directory's size, for the budget: its layer files, each
		 * once (an archive's is its own) */
		if (isrc_is_dir(o->src) && j == i && size > 0)
			o->budget->in += (uint64_t)size;
	}
	for (i = 0; i < k->nlayers; i++) {
		free(label);
		label = layer_label(k->layers[i], i, k->nlayers);
		free(why2);
		why2 = NULL;
		for (j = i + 1, again = 0; j < k->nlayers; j++)
			again += first[j] == first[i];
		if (first[i] < i && irec_usable(recs[first[i]])) {
			if (itree_replay(t, recs[first[i]], (unsigned)(i + 1),
			    label, o->info, o->budget, &why2) == -1)
				goto refused;
			if (again == 0) {
				irec_free(recs[first[i]]);
				recs[first[i]] = NULL;
			}
			continue;
		}
		if (first[i] == i && again > 0) {
			image_note(o->info, "%s is listed again later (%zu "
			    "more time%s): read once, applied at each place",
			    label, again, again == 1 ? "" : "s");
			for (j = 0, held = 0; j < i; j++)
				held += irec_bytes(recs[j]);
			recs[i] = irec_new(held < IMAGE_RECORD_BYTES ?
			    IMAGE_RECORD_BYTES - held : 0);
		}
		a = isrc_layer_open(o->src, k->layers[i], &size, &why);
		if (a == NULL && o->budget->exceeded) {
			fail(o, "the image is over its decompression budget",
			    "%s: %s", label, isrc_last_error(o->src));
			goto out;
		}
		if (a == NULL) {
			fail(o, "a layer of the image cannot be read",
			    "%s: %s: %s", label, why, isrc_last_error(o->src));
			goto out;
		}
		if (size > 0 && itree_apply(t, a, (unsigned)(i + 1), label,
		    o->info, o->budget, recs[i], &why2) == -1) {
			isrc_layer_close(o->src, a);
			goto refused;
		}
		if (isrc_layer_verify(o->src, &why) == -1) {
			isrc_layer_close(o->src, a);
			fail(o, "a layer of the image does not match its "
			    "digest", "%s: %s", k->layers[i], why);
			goto out;
		}
		isrc_layer_close(o->src, a);
	}
	ret = 0;
	goto out;
refused:
	fail(o, o->budget->exceeded ? "the image is over its decompression "
	    "budget" : "a layer of the image is not a complete tar stream",
	    "%s", why2);
out:
	for (i = 0; i < k->nlayers; i++) {
		free(ids[i]);
		irec_free(recs[i]);
	}
	free(ids);
	free(first);
	free(recs);
	free(label);
	free(why2);
	return ret;
}

struct tv *
tv_image_open(const char *path, const char *platform,
    struct image_info *info, const char **why)
{
	struct opener o;
	struct cands c = { NULL, 0 };
	struct image_config cfg;
	struct image_platform want;
	struct cand *k = NULL;
	struct itree *t = NULL;
	struct tv *tv = NULL;
	struct img *im;
	const char *why2;
	int have_cfg = 0, have_dsave, have_oci = 0;

	memset(info, 0, sizeof *info);
	memset(&o, 0, sizeof o);
	memset(&cfg, 0, sizeof cfg);
	info->errors = json_array();
	info->notes = json_array();
	o.info = info;
	if (platform && image_platform_parse(platform, &want, why) == -1) {
		info->error = xasprintf("--platform %s: expected OS/ARCH or "
		    "OS/ARCH/VARIANT, as linux/arm64 or linux/arm/v7",
		    platform);
		return NULL;
	}
	im = xcalloc(1, sizeof *im);
	o.budget = &im->budget;
	o.src = isrc_open(path, o.budget, &o.why, &o.detail);
	if (o.src == NULL)
		goto out;
	if ((have_dsave = isrc_exists(o.src, "manifest.json", &why2)) == -1) {
		fail(&o, "cannot read the image's manifest.json",
		    "manifest.json: %s", why2);
		goto out;
	}
	if (!have_dsave &&
	    (have_oci = isrc_exists(o.src, "index.json", &why2)) == -1) {
		fail(&o, "cannot read the image's index.json",
		    "index.json: %s", why2);
		goto out;
	}
	if (have_dsave) {
		if (load_dsave(&o, &c) == -1)
			goto out;
	} else if (have_oci) {
		if (load_index(&o, &c, "index.json", 0, NULL) == -1)
			goto out;
		info->format = xstrdup("oci");
	} else {
		fail(&o, "neither an OCI image layout nor a docker-save "
		    "archive", "%s: no index.json or manifest.json", path);
		goto out;
	}
	if (choose(&o, &c, platform, &k) == -1)
		goto out;
	if (load_config(&o, k, &cfg) == -1)
		goto out;
	have_cfg = 1;
	if (k->ref)
		info->ref = xstrdup(k->ref);
	if (k->manifest && strncmp(k->key, "sha", 3) == 0)
		info->digest = xstrdup(k->key);
	info->os = cfg.platform.os[0] ? xstrdup(cfg.platform.os) : NULL;
	info->arch = cfg.platform.arch[0] ? xstrdup(cfg.platform.arch) : NULL;
	info->variant = cfg.platform.variant[0] ?
	    xstrdup(cfg.platform.variant) : NULL;
	info->user = cfg.user ? xstrdup(cfg.user) : NULL;
	info->env_path = cfg.env_path ? xstrdup(cfg.env_path) : NULL;
	info->nlayers = k->nlayers;
	if (cfg.ndiff_ids != k->nlayers)
		image_note_error(info, k->config, "the config lists %zu layer "
		    "digests and the manifest %zu layers", cfg.ndiff_ids,
		    k->nlayers);
	t = itree_new();
	if (apply_layers(&o, k, t) == -1)
		goto out;
	itree_finish(t);
	info->entries = t->nnodes;
	info->kept_bytes = t->kept_bytes - t->kept_in_layer;
	/* the source stays open for the text files kept in their layers */
	im->t = t;
	t = NULL;
	im->src = o.src;
	o.src = NULL;
	im->layers = k->layers;
	im->nlayers = k->nlayers;
	k->layers = NULL;
	k->nlayers = 0;
	pthread_mutex_init(&im->lock, NULL);
	tv = xcalloc(1, sizeof *tv);
	tv->ops = &image_ops;
	tv->kind = TV_IMAGE;
	tv->display = xstrdup(path);
	tv->priv = im;
	im = NULL;
out:
	if (tv == NULL) {
		*why = o.why ? o.why : "cannot read the image";
		info->error = o.detail ? printable(o.detail) : NULL;
	}
	if (have_cfg)
		image_config_free(&cfg);
	free(o.detail);
	itree_free(t);
	free(im);
	cands_free(&c);
	isrc_free(o.src);
	return tv;
}
