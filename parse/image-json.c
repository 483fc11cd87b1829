/*
 * image-json.c: parsers of the JSON that describes a container image:
 * an OCI image index (index.json) or Docker manifest list, an OCI or
 * Docker image manifest, a docker-save manifest.json, and an image
 * config. They take bounded buffers (tv-image.c never hands them more
 * than IMAGE_MAX_JSON_BYTES) and keep only what privmap uses; anything
 * malformed is refused with a static message, never guessed at.
 *
 * Sources: OCI image-spec v1.1 (image-index.md, manifest.md,
 * descriptor.md, config.md, image-layout.md); Docker image manifest v2
 * schema 2 (distribution/docs/spec/manifest-v2-2.md); the docker-save
 * manifest.json written by moby's image/tarexport/save.go.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include <jansson.h>

#include "parse/image-json.h"
#include "lib/xmalloc.h"
#include "lib/jget.h"

#define MAX_DIGEST	256		/* sha512 is 7 + 128 */
#define MAX_TAGS	1024

static json_t *
load(const char *buf, size_t len, const char **why)
{
	json_error_t jerr;
	json_t *j;

	if (len > IMAGE_MAX_JSON_BYTES) {
		*why = "JSON document larger than the limit";
		return NULL;
	}
	/* duplicate keys could make two readers see two images */
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		*why = "malformed JSON";
	return j;
}

/* descriptor.md: algorithm-component [a-z0-9]+ joined by [+._-], ":",
 * encoded [a-zA-Z0-9=_-]+; sha256 and sha512 are lowercase hex of 64
 * and 128 digits. */
static int
digest_ok(const char *d)
{
	const char *colon = strchr(d, ':'), *p;
	size_t alen, elen;
	int sep = 1;

	if (colon == NULL || strlen(d) > MAX_DIGEST)
		return 0;
	alen = (size_t)(colon - d);
	if (alen == 0)
		return 0;
	for (p = d; p < colon; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			sep = 0;
		else if (strchr("+._-", *p) != NULL && !sep)
			sep = 1;
		else
			return 0;
	}
	if (sep)
		return 0;
	elen = strlen(colon + 1);
	if (elen == 0)
		return 0;
	for (p = colon + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '=' && *p != '_' &&
		    *p != '-')
			return 0;
	if ((alen == 6 && strncmp(d, "sha256", 6) == 0) ||
	    (alen == 6 && strncmp(d, "sha512", 6) == 0)) {
		if (elen != (d[3] == '2' ? 64u : 128u))
			return 0;
		for (p = colon + 1; *p; p++)
			if (!((*p >= '0' && *p <= '9') ||
			    (*p >= 'a' && *p <= 'f')))
				return 0;
	}
	return 1;
}

char *
image_blob_path(const char *digest)
{
	const char *colon;

	if (digest == NULL || !digest_ok(digest))
		return NULL;
	/* image-layout.md: blobs/<alg>/<encoded>; neither part can hold
	 * a '/' or be "." or "..", digest_ok saw to it */
	colon = strchr(digest, ':');
	return xasprintf("blobs/%.*s/%s", (int)(colon - digest), digest,
	    colon + 1);
}

/* --- platforms ------------------------------------------------------ */

static int
copy_field(char *dst, size_t size, const char *src, size_t n)
{
	size_t i;

	if (n >= size)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)src[i];

		if (!isalnum(c) && c != '_' && c != '.' && c != '-')
			return -1;
		dst[i] = (char)tolower(c);
	}
	dst[n] = '\0';
	return 0;
}

/*
 * The names Go (GOARCH) and the OCI spec use, from the names uname and
 * distributions use; arm and arm64 get containerd's default variants
 * (containerd/platforms, database.go normalizeArch).
 */
static void
platform_normalise(struct image_platform *p)
{
	static const struct {
		const char *from, *arch, *variant;
	} map[] = {
		{ "x86_64", "amd64", NULL },
		{ "x86-64", "amd64", NULL },
		{ "aarch64", "arm64", NULL },
		{ "armhf", "arm", "v7" },
		{ "armel", "arm", "v6" },
		{ "i386", "386", NULL },
		{ "i486", "386", NULL },
		{ "i586", "386", NULL },
		{ "i686", "386", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(p->arch, map[i].from) == 0) {
			strcpy(p->arch, map[i].arch);
			if (map[i].variant)
				strcpy(p->variant, map[i].variant);
			break;
		}
	if (strcmp(p->arch, "arm64") == 0 && strcmp(p->variant, "v8") == 0)
		p->variant[0] = '\0';
	if (strcmp(p->arch, "arm") == 0 && p->variant[0] == '\0')
		strcpy(p->variant, "v7");
	if (strcmp(p->os, "unknown") == 0)
		p->os[0] = '\0';
	if (strcmp(p->arch, "unknown") == 0)
		p->arch[0] = '\0';
}

int
image_platform_parse(const char *s, struct image_platform *p,
    const char **why)
{
	const char *a, *v;

	memset(p, 0, sizeof *p);
	a = strchr(s, '/');
	if (a == NULL || a == s) {
		*why = "platform is not OS/ARCH[/VARIANT]";
		return -1;
	}
	v = strchr(a + 1, '/');
	if (copy_field(p->os, sizeof p->os, s, (size_t)(a - s)) == -1 ||
	    copy_field(p->arch, sizeof p->arch, a + 1,
	    v ? (size_t)(v - a - 1) : strlen(a + 1)) == -1 ||
	    p->arch[0] == '\0' ||
	    (v && (strchr(v + 1, '/') != NULL || v[1] == '\0' ||
	    copy_field(p->variant, sizeof p->variant, v + 1,
	    strlen(v + 1)) == -1))) {
		*why = "platform is not OS/ARCH[/VARIANT]";
		memset(p, 0, sizeof *p);
		return -1;
	}
	platform_normalise(p);
	return 0;
}

int
image_platform_match(const struct image_platform *want,
    const struct image_platform *have)
{
	if (strcmp(want->os, have->os) != 0 ||
	    strcmp(want->arch, have->arch) != 0)
		return 0;
	return want->variant[0] == '\0' ||
	    strcmp(want->variant, have->variant) == 0;
}

const char *
image_platform_str(const struct image_platform *p, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s%s%s", p->os[0] ? p->os : "unknown",
	    p->arch[0] ? p->arch : "unknown", p->variant[0] ? "/" : "",
	    p->variant);
	return buf;
}

/* platform fields of an index descriptor or a config: *bad on a value
 * that is not a short identifier */
static void
platform_from(json_t *o, const char *oskey, const char *archkey,
    struct image_platform *p, int *bad)
{
	const char *os, *arch, *variant;

	memset(p, 0, sizeof *p);
	os = jget_str(o, oskey, bad);
	arch = jget_str(o, archkey, bad);
	variant = jget_str(o, "variant", bad);
	if ((os && copy_field(p->os, sizeof p->os, os, strlen(os)) == -1) ||
	    (arch && copy_field(p->arch, sizeof p->arch, arch,
	    strlen(arch)) == -1) ||
	    (variant && copy_field(p->variant, sizeof p->variant, variant,
	    strlen(variant)) == -1))
		*bad = 1;
	platform_normalise(p);
}

/* --- descriptors ---------------------------------------------------- */

void
image_desc_free(struct image_desc *d)
{
	if (d == NULL)
		return;
	free(d->media_type);
	free(d->digest);
	free(d->ref_name);
	memset(d, 0, sizeof *d);
}

static int
desc_parse(json_t *o, struct image_desc *d, const char **why)
{
	const char *mt, *dg;
	json_t *v, *ann;
	int bad = 0;

	memset(d, 0, sizeof *d);
	d->size = -1;
	if (!json_is_object(o)) {
		*why = "descriptor is not an object";
		return -1;
	}
	mt = jget_str(o, "mediaType", &bad);
	dg = jget_str(o, "digest", &bad);
	if (bad) {
		*why = "descriptor mediaType or digest is not a string";
		return -1;
	}
	if (dg == NULL || !digest_ok(dg)) {
		*why = "descriptor has no valid digest";
		return -1;
	}
	v = json_object_get(o, "size");
	if (v != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 0) {
			*why = "descriptor size is not a non-negative integer";
			return -1;
		}
		d->size = json_integer_value(v);
	}
	v = json_object_get(o, "platform");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_object(v)) {
			*why = "descriptor platform is not an object";
			return -1;
		}
		platform_from(v, "os", "architecture", &d->platform, &bad);
		if (bad) {
			*why = "descriptor platform has a malformed field";
			return -1;
		}
		d->has_platform = 1;
		/* buildx stores provenance as manifests of unknown/unknown */
		if (d->platform.os[0] == '\0' && d->platform.arch[0] == '\0')
			d->attestation = 1;
	}
	ann = json_object_get(o, "annotations");
	if (ann != NULL && json_is_object(ann)) {
		const char *rt, *rn;

		rt = jget_str(ann, "vnd.docker.reference.type", &bad);
		if (rt && strcmp(rt, "attestation-manifest") == 0)
			d->attestation = 1;
		rn = jget_str(ann, "org.opencontainers.image.ref.name", &bad);
		if (rn == NULL)
			rn = jget_str(ann, "io.containerd.image.name", &bad);
		if (rn && *rn && strlen(rn) < 4096)
			d->ref_name = xstrdup(rn);
	}
	d->media_type = mt ? xstrdup(mt) : NULL;
	d->digest = xstrdup(dg);
	return 0;
}

static int
schema_ok(json_t *j)
{
	json_t *v = json_object_get(j, "schemaVersion");

	/* required by both specs; value 2 is the only one defined */
	return v == NULL || (json_is_integer(v) && json_integer_value(v) == 2);
}

int
image_json_is_index(const char *buf, size_t len)
{
	const char *why;
	json_t *j = load(buf, len, &why);
	int r;

	if (j == NULL)
		return 0;
	r = json_is_object(j) && json_object_get(j, "manifests") != NULL;
	json_decref(j);
	return r;
}

void
image_index_free(struct image_index *ix)
{
	size_t i;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->n; i++)
		image_desc_free(&ix->m[i]);
	free(ix->m);
	ix->m = NULL;
	ix->n = 0;
}

int
image_parse_index(const char *buf, size_t len, struct image_index *ix,
    const char **why)
{
	json_t *j, *arr, *v;
	size_t i;
	int ret = -1;

	ix->m = NULL;
	ix->n = 0;
	if ((j = load(buf, len, why)) == NULL)
		return -1;
	if (!json_is_object(j) || !schema_ok(j)) {
		*why = "index is not an object of schemaVersion 2";
		goto out;
	}
	arr = json_object_get(j, "manifests");
	if (!json_is_array(arr)) {
		*why = "index has no manifests array";
		goto out;
	}
	if (json_array_size(arr) > IMAGE_MAX_DESCRIPTORS) {
		*why = "index lists more manifests than the limit";
		goto out;
	}
	ix->m = xcalloc(json_array_size(arr), sizeof *ix->m);
	json_array_foreach(arr, i, v) {
		if (desc_parse(v, &ix->m[i], why) == -1) {
			image_index_free(ix);
			goto out;
		}
		ix->n = i + 1;
	}
	ret = 0;
out:
	json_decref(j);
	return ret;
}

void
image_manifest_free(struct image_manifest *m)
{
	size_t i;

	if (m == NULL)
		return;
	image_desc_free(&m->config);
	for (i = 0; i < m->nlayers; i++)
		image_desc_free(&m->layers[i]);
	free(m->layers);
	memset(m, 0, sizeof *m);
}

int
image_parse_manifest(const char *buf, size_t len, struct image_manifest *m,
    const char **why)
{
	json_t *j, *arr, *v;
	size_t i;
	int ret = -1;

	memset(m, 0, sizeof *m);
	if ((j = load(buf, len, why)) == NULL)
		return -1;
	if (!json_is_object(j) || !schema_ok(j)) {
		*why = "manifest is not an object of schemaVersion 2";
		goto out;
	}
	if (json_object_get(j, "manifests") != NULL) {
		*why = "an index where an image manifest was expected";
		goto out;
	}
	if (desc_parse(json_object_get(j, "config"), &m->config, why) == -1)
		goto out;
	arr = json_object_get(j, "layers");
	if (!json_is_array(arr)) {
		*why = "manifest has no layers array";
		image_manifest_free(m);
		goto out;
	}
	if (json_array_size(arr) > IMAGE_MAX_LAYERS) {
		*why = "manifest lists more layers than the limit";
		image_manifest_free(m);
		goto out;
	}
	m->layers = xcalloc(json_array_size(arr), sizeof *m->layers);
	json_array_foreach(arr, i, v) {
		if (desc_parse(v, &m->layers[i], why) == -1) {
			image_manifest_free(m);
			goto out;
		}
		m->nlayers = i + 1;
	}
	ret = 0;
out:
	json_decref(j);
	return ret;
}

static void
dsave_free_one(struct image_dsave *d)
{
	size_t i;

	free(d->config);
	for (i = 0; i < d->ntags; i++)
		free(d->tags[i]);
	free(d->tags);
	for (i = 0; i < d->nlayers; i++)
		free(d->layers[i]);
	free(d->layers);
	memset(d, 0, sizeof *d);
}

void
image_dsave_list_free(struct image_dsave_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		dsave_free_one(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* A member path of the archive: non-empty, no NUL (jansson refuses
 * those without JSON_ALLOW_NUL), bounded. Its components are checked
 * where it is opened. */
static int
member_str_ok(json_t *v)
{
	return json_is_string(v) && json_string_length(v) > 0 &&
	    json_string_length(v) < IMAGE_MAX_PATH;
}

static int
dsave_one(json_t *o, struct image_dsave *d, const char **why)
{
	json_t *v, *arr;
	size_t i;

	memset(d, 0, sizeof *d);
	if (!json_is_object(o)) {
		*why = "manifest.json entry is not an object";
		return -1;
	}
	v = json_object_get(o, "Config");
	if (!member_str_ok(v)) {
		*why = "manifest.json entry has no Config path";
		return -1;
	}
	arr = json_object_get(o, "Layers");
	if (!json_is_array(arr)) {
		*why = "manifest.json entry has no Layers array";
		return -1;
	}
	if (json_array_size(arr) > IMAGE_MAX_LAYERS) {
		*why = "manifest.json entry lists more layers than the limit";
		return -1;
	}
	d->config = xstrdup(json_string_value(v));
	d->layers = xcalloc(json_array_size(arr), sizeof *d->layers);
	json_array_foreach(arr, i, v) {
		if (!member_str_ok(v)) {
			*why = "manifest.json layer is not a path";
			dsave_free_one(d);
			return -1;
		}
		d->layers[d->nlayers++] = xstrdup(json_string_value(v));
	}
	arr = json_object_get(o, "RepoTags");
	if (arr != NULL && !json_is_null(arr)) {
		if (!json_is_array(arr)) {
			*why = "manifest.json RepoTags is not an array";
			dsave_free_one(d);
			return -1;
		}
		d->tags = xcalloc(json_array_size(arr), sizeof *d->tags);
		json_array_foreach(arr, i, v) {
			if (!json_is_string(v) || d->ntags >= MAX_TAGS ||
			    json_string_length(v) >= 4096)
				continue;
			d->tags[d->ntags++] = xstrdup(json_string_value(v));
		}
	}
	return 0;
}

int
image_parse_dsave(const char *buf, size_t len, struct image_dsave_list *l,
    const char **why)
{
	json_t *j, *v;
	size_t i;
	int ret = -1;

	l->v = NULL;
	l->n = 0;
	if ((j = load(buf, len, why)) == NULL)
		return -1;
	if (!json_is_array(j) || json_array_size(j) == 0) {
		*why = "manifest.json is not a non-empty array";
		goto out;
	}
	if (json_array_size(j) > IMAGE_MAX_DESCRIPTORS) {
		*why = "manifest.json lists more images than the limit";
		goto out;
	}
	l->v = xcalloc(json_array_size(j), sizeof *l->v);
	json_array_foreach(j, i, v) {
		if (dsave_one(v, &l->v[i], why) == -1) {
			image_dsave_list_free(l);
			goto out;
		}
		l->n = i + 1;
	}
	ret = 0;
out:
	json_decref(j);
	return ret;
}

void
image_config_free(struct image_config *c)
{
	if (c == NULL)
		return;
	free(c->user);
	free(c->env_path);
	memset(c, 0, sizeof *c);
}

int
image_parse_config(const char *buf, size_t len, struct image_config *c,
    const char **why)
{
	json_t *j, *cfg, *v, *rootfs;
	const char *user = NULL;
	size_t i;
	int bad = 0, ret = -1;

	memset(c, 0, sizeof *c);
	if ((j = load(buf, len, why)) == NULL)
		return -1;
	if (!json_is_object(j)) {
		*why = "image config is not an object";
		goto out;
	}
	/* config.md: architecture and os are required */
	platform_from(j, "os", "architecture", &c->platform, &bad);
	if (bad) {
		*why = "image config os, architecture or variant malformed";
		goto out;
	}
	cfg = json_object_get(j, "config");
	if (cfg != NULL && !json_is_null(cfg)) {
		json_t *env;

		if (!json_is_object(cfg)) {
			*why = "image config's config is not an object";
			goto out;
		}
		user = jget_str(cfg, "User", &bad);
		if (bad) {
			*why = "image config User is not a string";
			goto out;
		}
		env = json_object_get(cfg, "Env");
		if (json_is_array(env))
			json_array_foreach(env, i, v) {
				const char *s = json_string_value(v);

				/* the last PATH= wins, as in a shell */
				if (s && strncmp(s, "PATH=", 5) == 0) {
					free(c->env_path);
					c->env_path = xstrdup(s + 5);
				}
			}
	}
	if (user && *user)
		c->user = xstrdup(user);
	rootfs = json_object_get(j, "rootfs");
	if (json_is_object(rootfs) &&
	    json_is_array(json_object_get(rootfs, "diff_ids")))
		c->ndiff_ids = json_array_size(json_object_get(rootfs,
		    "diff_ids"));
	ret = 0;
out:
	if (ret)
		image_config_free(c);
	json_decref(j);
	return ret;
}
