/*
 * image-test.c: the image target view (tv-image.c) on archives this test
 * writes itself with libarchive: layers with whiteouts, opaque
 * directories, hard links, capabilities and ACLs in PAX headers, gzip and
 * zstd; the same image as an OCI directory, an OCI tar and a docker-save
 * tar; multi-platform indexes; hostile archives; the image's user.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>

#include "engine/image.h"
#include "engine/image-int.h"
#include "lib/buf.h"
#include "lib/digest.h"
#include "lib/xmalloc.h"
#include "t.h"

static char tmpdir[] = "/tmp/privmap-image-test.XXXXXX";

/* --- writing archives ------------------------------------------------ */

struct tent {
	const char		*path;
	char			 type;		/* f d l h c p (0: f) */
	unsigned		 mode;		/* 0: 0644, or 0755 for d */
	unsigned		 uid, gid;
	const char		*data;
	size_t			 datalen;	/* 0: strlen(data) */
	const char		*link;
	const unsigned char	*cap;
	size_t			 caplen;
	int			 acl;		/* add u:1000:rw- via tar ACL */
};

static la_ssize_t
buf_write_cb(struct archive *a, void *ctx, const void *p, size_t n)
{
	(void)a;
	buf_add(ctx, p, n);
	return (la_ssize_t)n;
}

/* filter: 0 none, 'g' gzip, 'z' zstd */
static void
tar_write(struct buf *out, const struct tent *e, size_t n, int filter)
{
	struct archive *a = archive_write_new();
	size_t i;

	archive_write_set_format_pax(a);
	if (filter == 'g')
		archive_write_add_filter_gzip(a);
	else if (filter == 'z')
		archive_write_add_filter_zstd(a);
	archive_write_set_bytes_in_last_block(a, 1);
	out->len = 0;
	if (archive_write_open(a, out, NULL, buf_write_cb, NULL) !=
	    ARCHIVE_OK) {
		fprintf(stderr, "archive_write_open: %s\n",
		    archive_error_string(a));
		exit(1);
	}
	for (i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		size_t len = e[i].data ? (e[i].datalen ? e[i].datalen :
		    strlen(e[i].data)) : 0;
		char type = e[i].type ? e[i].type : 'f';

		archive_entry_set_pathname(ae, e[i].path);
		archive_entry_set_uid(ae, e[i].uid);
		archive_entry_set_gid(ae, e[i].gid);
		archive_entry_set_mtime(ae, 1700000000, 0);
		switch (type) {
		case 'd':
			archive_entry_set_filetype(ae, AE_IFDIR);
			archive_entry_set_perm(ae, e[i].mode ? e[i].mode :
			    0755);
			break;
		case 'l':
			archive_entry_set_filetype(ae, AE_IFLNK);
			archive_entry_set_perm(ae, 0777);
			archive_entry_set_symlink(ae, e[i].link);
			break;
		case 'h':
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, 0644);
			archive_entry_set_hardlink(ae, e[i].link);
			break;
		case 'c':
			archive_entry_set_filetype(ae, AE_IFCHR);
			archive_entry_set_perm(ae, e[i].mode ? e[i].mode :
			    0666);
			archive_entry_set_rdev(ae, makedev(1, 3));
			break;
		case 'p':
			archive_entry_set_filetype(ae, AE_IFIFO);
			archive_entry_set_perm(ae, 0644);
			break;
		default:
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, e[i].mode ? e[i].mode :
			    0644);
			archive_entry_set_size(ae, (la_int64_t)len);
		}
		if (e[i].cap)
			archive_entry_xattr_add_entry(ae, "security.capability",
			    e[i].cap, e[i].caplen);
		if (e[i].acl) {
			archive_entry_acl_add_entry(ae,
			    ARCHIVE_ENTRY_ACL_TYPE_ACCESS,
			    ARCHIVE_ENTRY_ACL_READ | ARCHIVE_ENTRY_ACL_WRITE,
			    ARCHIVE_ENTRY_ACL_USER_OBJ, -1, NULL);
			archive_entry_acl_add_entry(ae,
			    ARCHIVE_ENTRY_ACL_TYPE_ACCESS,
			    ARCHIVE_ENTRY_ACL_READ | ARCHIVE_ENTRY_ACL_WRITE,
			    ARCHIVE_ENTRY_ACL_USER, 1000, "agent");
			archive_entry_acl_add_entry(ae,
			    ARCHIVE_ENTRY_ACL_TYPE_ACCESS,
			    ARCHIVE_ENTRY_ACL_READ,
			    ARCHIVE_ENTRY_ACL_GROUP_OBJ, -1, NULL);
			archive_entry_acl_add_entry(ae,
			    ARCHIVE_ENTRY_ACL_TYPE_ACCESS,
			    ARCHIVE_ENTRY_ACL_READ | ARCHIVE_ENTRY_ACL_WRITE,
			    ARCHIVE_ENTRY_ACL_MASK, -1, NULL);
			archive_entry_acl_add_entry(ae,
			    ARCHIVE_ENTRY_ACL_TYPE_ACCESS, 0,
			    ARCHIVE_ENTRY_ACL_OTHER, -1, NULL);
		}
		if (archive_write_header(a, ae) != ARCHIVE_OK) {
			fprintf(stderr, "archive_write_header %s: %s\n",
			    e[i].path, archive_error_string(a));
			exit(1);
		}
		if (type == 'f' && len)
			archive_write_data(a, e[i].data, len);
		archive_entry_free(ae);
	}
	archive_write_close(a);
	archive_write_free(a);
}

/* The members of an outer archive or layout directory. */
struct member {
	char	*name;
	char	*data;
	size_t	 len;
};

struct outer {
	struct member	m[32];
	size_t		 n;
};

static void
outer_add(struct outer *o, const char *name, const void *data, size_t len)
{
	o->m[o->n].name = xstrdup(name);
	o->m[o->n].data = xmalloc(len + 1);
	memcpy(o->m[o->n].data, data, len);
	o->m[o->n].len = len;
	o->n++;
}

static void
outer_free(struct outer *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->m[i].name);
		free(o->m[i].data);
	}
	o->n = 0;
}

static void
write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd == -1 || write(fd, data, len) != (ssize_t)len) {
		perror(path);
		exit(1);
	}
	close(fd);
}

/* As a tar file (filter as tar_write) at path. */
static void
outer_tar(const struct outer *o, const char *path, int filter)
{
	struct tent e[32];
	struct buf b = { NULL, 0, 0 };
	size_t i;

	memset(e, 0, sizeof e);
	for (i = 0; i < o->n; i++) {
		e[i].path = o->m[i].name;
		e[i].data = o->m[i].data;
		e[i].datalen = o->m[i].len;
		if (o->m[i].len == 0)
			e[i].data = NULL;
	}
	tar_write(&b, e, o->n, filter);
	write_file(path, b.data, b.len);
	buf_free(&b);
}

/* As a directory at path (members' directories made as needed). */
static void
outer_dir(const struct outer *o, const char *path)
{
	size_t i;

	mkdir(path, 0755);
	for (i = 0; i < o->n; i++) {
		char *full = xasprintf("%s/%s", path, o->m[i].name), *p;

		for (p = full + strlen(path) + 1; (p = strchr(p, '/')) != NULL;
		    p++) {
			*p = '\0';
			mkdir(full, 0755);
			*p = '/';
		}
		write_file(full, o->m[i].data, o->m[i].len);
		free(full);
	}
}

/*
 * Blobs are numbered in the tests and named by their real SHA-256, as
 * the reader checks every blob against its name: blob_add() hashes and
 * records what number n now holds, digest(n) names it. A number no blob
 * was added under gets a fake but well-formed digest (a dangling
 * descriptor).
 */
static struct {
	unsigned	 n;
	char		 hex[SHA256_LEN * 2 + 1];
} blobs[64];
static size_t nblobs;

static const char *
blob_hex(unsigned n)
{
	size_t i;

	for (i = 0; i < nblobs; i++)
		if (blobs[i].n == n)
			return blobs[i].hex;
	return NULL;
}

static char *
digest(unsigned n)
{
	const char *h = blob_hex(n);

	return h ? xasprintf("sha256:%s", h) : xasprintf("sha256:%064x", n);
}

static void
blob_add(struct outer *o, unsigned n, const void *data, size_t len)
{
	unsigned char d[SHA256_LEN];
	size_t i;
	char *name;

	for (i = 0; i < nblobs && blobs[i].n != n; i++)
		;
	if (i == nblobs) {
		if (nblobs == sizeof blobs / sizeof blobs[0])
			abort();
		nblobs++;
	}
	blobs[i].n = n;
	sha256_buf(data, len, d);
	digest_hex(d, SHA256_LEN, blobs[i].hex);
	name = xasprintf("blobs/sha256/%s", blobs[i].hex);
	outer_add(o, name, data, len);
	free(name);
}

/*
 * An OCI layout of one image: layers (already written) and a config.
 * Digests are numbered from base. Returns the manifest's digest number.
 */
static unsigned
oci_image(struct outer *o, unsigned base, struct buf *layers, size_t nl,
    const char *config)
{
	struct buf m = { NULL, 0, 0 };
	char *d;
	size_t i;

	blob_add(o, base, config, strlen(config));
	d = digest(base);
	buf_printf(&m, "{\"schemaVersion\":2,\"mediaType\":"
	    "\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
	    "\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
	    "\"digest\":\"%s\",\"size\":%zu},\"layers\":[", d,
	    strlen(config));
	free(d);
	for (i = 0; i < nl; i++) {
		blob_add(o, base + 1 + (unsigned)i, layers[i].data,
		    layers[i].len);
		d = digest(base + 1 + (unsigned)i);
		buf_printf(&m, "%s{\"mediaType\":\"application/vnd.oci.image."
		    "layer.v1.tar+gzip\",\"digest\":\"%s\",\"size\":%zu}",
		    i ? "," : "", d, layers[i].len);
		free(d);
	}
	buf_adds(&m, "]}");
	blob_add(o, base + 100, m.data, m.len);
	buf_free(&m);
	return base + 100;
}

static void
oci_index(struct outer *o, const char *manifests_json)
{
	char *s = xasprintf("{\"schemaVersion\":2,\"manifests\":[%s]}",
	    manifests_json);

	outer_add(o, "index.json", s, strlen(s));
	outer_add(o, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", 30);
	free(s);
}

static char *
mdesc(unsigned n, const char *platform_json)
{
	char *d = digest(n), *s;

	s = xasprintf("{\"mediaType\":\"application/vnd.oci.image.manifest.v1"
	    "+json\",\"digest\":\"%s\",\"size\":1%s%s}", d,
	    platform_json ? ",\"platform\":" : "",
	    platform_json ? platform_json : "");
	free(d);
	return s;
}

/* A docker-save archive of one image. */
static void
dsave_image(struct outer *o, struct buf *layers, size_t nl,
    const char *config, const char *tag)
{
	struct buf m = { NULL, 0, 0 };
	size_t i;

	outer_add(o, "cfg0123.json", config, strlen(config));
	buf_printf(&m, "[{\"Config\":\"cfg0123.json\",\"RepoTags\":[\"%s\"],"
	    "\"Layers\":[", tag);
	for (i = 0; i < nl; i++) {
		char *name = xasprintf("l%zu/layer.tar", i);

		outer_add(o, name, layers[i].data, layers[i].len);
		buf_printf(&m, "%s\"%s\"", i ? "," : "", name);
		free(name);
	}
	buf_adds(&m, "]}]");
	outer_add(o, "manifest.json", m.data, m.len);
	buf_free(&m);
}

/* --- reading back ----------------------------------------------------- */

static char *
tpath(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static int
has_error(const struct image_info *info, const char *needle)
{
	json_t *v;
	size_t i;

	json_array_foreach(info->errors, i, v) {
		const char *e = json_string_value(json_object_get(v, "error"));
		const char *p = json_string_value(json_object_get(v, "path"));

		if ((e && strstr(e, needle)) || (p && strstr(p, needle)))
			return 1;
	}
	return 0;
}

static int
has_note(const struct image_info *info, const char *needle)
{
	json_t *v;
	size_t i;

	json_array_foreach(info->notes, i, v)
		if (strstr(json_string_value(v), needle))
			return 1;
	return 0;
}

struct wrec {
	struct buf	out;
	unsigned long	caps;
	int		pruned_seen;
};

static void
rec_visit(void *ctx, const struct entry *e)
{
	struct wrec *r = ctx;

	buf_printf(&r->out, "%s %o %u:%u%s\n", e->path,
	    (unsigned)e->st.st_mode, (unsigned)e->st.st_uid,
	    (unsigned)e->st.st_gid, e->caps ? " caps" : "");
	if (e->caps)
		r->caps++;
	if (strncmp(e->path, "/opt/", 5) == 0)
		r->pruned_seen++;
}

static int
rec_prune(void *ctx, const struct entry *e)
{
	(void)ctx;
	return strcmp(e->path, "/opt") == 0;
}

static char *
walk_str(struct tv *tv, int prune, unsigned long *caps)
{
	struct tv_walk w;
	struct wrec r;

	memset(&w, 0, sizeof w);
	memset(&r, 0, sizeof r);
	w.start = "/";
	w.want_caps = 1;
	w.visit = rec_visit;
	w.prune = prune ? rec_prune : NULL;
	w.ctx = &r;
	T_EQ_INT(tv->ops->walk(tv, &w), 0);
	if (prune)
		T_EQ_INT(r.pruned_seen, 0);
	if (caps)
		*caps = r.caps;
	return buf_str(&r.out);
}

static const unsigned char cap_setuid[20] = {
	/* vfs_cap_data v2 (linux/capability.h): magic_etc
	 * VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE, then permitted and
	 * inheritable of the low word, then of the high word; CAP_SETUID
	 * is bit 7 */
	0x01, 0x00, 0x00, 0x02, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0,
};

static const char *config_agent =
    "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":"
    "\"agent\",\"Env\":[\"PATH=/usr/local/bin:/usr/bin:/bin\"]},\"rootfs\":"
    "{\"type\":\"layers\",\"diff_ids\":[\"sha256:1\",\"sha256:2\"]}}";

static const char passwd_text[] =
    "root:x:0:0:root:/root:/bin/sh\n"
    "agent:x:1000:1000::/home/agent:/bin/sh\n";

/* Two layers: the second whites out a setuid file, adds a capability,
 * makes a directory opaque. */
static void
two_layers(struct buf *l, int filter1, int filter2)
{
	const struct tent l1[] = {
		{ .path = "etc", .type = 'd' },
		{ .path = "etc/passwd", .data = passwd_text },
		{ .path = "etc/group", .data = "root:x:0:\nagent:x:1000:\n" },
		{ .path = "usr/bin/su", .mode = 04755,
		  .data = "\177ELF\0\0\0\0", .datalen = 8 },
		{ .path = "usr/bin/newgrp", .mode = 02755, .gid = 42,
		  .data = "x" },
		{ .path = "usr/bin/prog", .mode = 0755, .data = "#!/bin/sh\n" },
		{ .path = "opt/x", .type = 'd', .mode = 01777 },
		{ .path = "opt/x/a", .data = "a" },
		{ .path = "opt/x/sub/deep", .data = "d" },
		{ .path = "home/agent", .type = 'd', .uid = 1000,
		  .gid = 1000, .mode = 0700 },
	};
	const struct tent l2[] = {
		{ .path = "usr/bin/.wh.su" },
		{ .path = "usr/bin/prog", .mode = 0755, .data = "#!/bin/sh\n",
		  .cap = cap_setuid, .caplen = sizeof cap_setuid },
		{ .path = "opt/x", .type = 'd', .mode = 0755 },
		{ .path = "opt/x/.wh..wh..opq" },
		{ .path = "opt/x/c", .data = "c" },
	};

	tar_write(&l[0], l1, sizeof l1 / sizeof l1[0], filter1);
	tar_write(&l[1], l2, sizeof l2 / sizeof l2[0], filter2);
}

static void
test_layers(void)
{
	struct buf l[2] = { { NULL, 0, 0 }, { NULL, 0, 0 } };
	struct outer o = { .n = 0 };
	struct image_info info;
	unsigned char cap[64];
	const char *why = NULL;
	char *path = tpath("layers"), *w, **names;
	struct stat st;
	struct tv *tv;
	unsigned long caps;
	size_t n;
	char *m;

	two_layers(l, 'g', 'z');
	m = mdesc(oci_image(&o, 1, l, 2, config_agent), NULL);
	oci_index(&o, m);
	free(m);
	outer_dir(&o, path);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv != NULL);
	if (tv == NULL) {
		fprintf(stderr, "open: %s (%s)\n", why, info.error);
		goto out;
	}
	T_EQ_STR(info.format, "oci");
	T_EQ_STR(info.user, "agent");
	T_EQ_STR(info.arch, "amd64");
	T_EQ_STR(info.os, "linux");
	T_EQ_STR(info.env_path, "/usr/local/bin:/usr/bin:/bin");
	T_EQ_INT(info.nlayers, 2);
	T_EQ_INT(json_array_size(info.errors), 0);
	T_EQ_INT(tv->kind, TV_IMAGE);

	/* the setuid file is gone, the setgid one stays */
	T_EQ_INT(tv_lstat(tv, "/usr/bin/su", &st), -1);
	T_EQ_INT(errno, ENOENT);
	T_EQ_INT(tv_lstat(tv, "/usr/bin/newgrp", &st), 0);
	T_EQ_INT(st.st_mode, S_IFREG | 02755);
	T_EQ_INT(st.st_gid, 42);
	/* the capability of the upper layer */
	T_EQ_INT(tv_getxattr(tv, "/usr/bin/prog", "security.capability", cap,
	    sizeof cap), sizeof cap_setuid);
	T_OK(memcmp(cap, cap_setuid, sizeof cap_setuid) == 0);
	T_EQ_INT(tv_getxattr(tv, "/usr/bin/prog", "security.capability",
	    NULL, 0), sizeof cap_setuid);
	T_EQ_INT(tv_getxattr(tv, "/usr/bin/prog", "security.capability", cap,
	    4), -1);
	T_EQ_INT(errno, ERANGE);
	T_EQ_INT(tv_getxattr(tv, "/usr/bin/newgrp", "security.capability",
	    cap, sizeof cap), -1);
	T_EQ_INT(errno, ENODATA);
	/* the opaque directory keeps only the upper layer's entry, and
	 * takes the upper layer's mode */
	T_EQ_INT(tv_list(tv, "/opt/x", &names, &n), 0);
	T_EQ_INT(n, 1);
	if (n == 1)
		T_EQ_STR(names[0], "c");
	tv_list_free(names, n);
	T_EQ_INT(tv_lstat(tv, "/opt/x", &st), 0);
	T_EQ_INT(st.st_mode, S_IFDIR | 0755);
	T_EQ_INT(tv_lstat(tv, "/home/agent", &st), 0);
	T_EQ_INT(st.st_uid, 1000);
	T_EQ_INT(st.st_mode, S_IFDIR | 0700);
	/* content */
	{
		char *buf;
		size_t len;
		int trunc;

		T_EQ_INT(tv_read(tv, "/etc/passwd", 4096, &buf, &len, &trunc),
		    0);
		T_EQ_INT(len, strlen(passwd_text));
		T_OK(buf && strcmp(buf, passwd_text) == 0);
		T_EQ_INT(trunc, 0);
		free(buf);
		T_EQ_INT(tv_read(tv, "/etc/passwd", 4, &buf, &len, &trunc),
		    0);
		T_EQ_INT(len, 4);
		T_EQ_INT(trunc, 1);
		T_OK(buf && strcmp(buf, "root") == 0);
		free(buf);
		T_EQ_INT(tv_read(tv, "/etc", 4096, &buf, &len, &trunc), -1);
		T_EQ_INT(errno, EISDIR);
	}
	/* the walk: sorted, caps only where asked, prune honoured */
	w = walk_str(tv, 0, &caps);
	T_EQ_STR(w,
	    "/etc 40755 0:0\n"
	    "/etc/group 100644 0:0\n"
	    "/etc/passwd 100644 0:0\n"
	    "/home 40755 0:0\n"
	    "/home/agent 40700 1000:1000\n"
	    "/opt 40755 0:0\n"
	    "/opt/x 40755 0:0\n"
	    "/opt/x/c 100644 0:0\n"
	    "/usr 40755 0:0\n"
	    "/usr/bin 40755 0:0\n"
	    "/usr/bin/newgrp 102755 0:42\n"
	    "/usr/bin/prog 100755 0:0 caps\n");
	T_EQ_INT(caps, 1);
	free(w);
	w = walk_str(tv, 1, NULL);
	T_OK(strstr(w, "/opt 40755") != NULL);
	T_OK(strstr(w, "/opt/x") == NULL);
	free(w);
	tv_free(tv);
out:
	image_info_free(&info);
	outer_free(&o);
	buf_free(&l[0]);
	buf_free(&l[1]);
	free(path);
}

/* Links, odd and hostile member paths, special files, content kept. */
static void
test_links_paths(void)
{
	static char big_text[300 * 1024], big_bin[300 * 1024];
	const struct tent ents[] = {
		{ .path = "./bin/a", .mode = 04755, .data = "A" },
		{ .path = "bin/b", .type = 'h', .link = "bin/a" },
		{ .path = "bin/ghost", .type = 'h', .link = "bin/nowhere" },
		{ .path = "/abs/file", .data = "abs" },
		{ .path = "../../esc/file", .data = "esc" },
		{ .path = "etc/passwd", .data = passwd_text },
		{ .path = "etc/out", .type = 'l',
		  .link = "../../../../etc/passwd" },
		{ .path = "rootlink", .type = 'l', .link = "/" },
		{ .path = "loop1", .type = 'l', .link = "loop2" },
		{ .path = "loop2", .type = 'l', .link = "loop1" },
		{ .path = "usr/lib", .type = 'd' },
		{ .path = "lib", .type = 'l', .link = "usr/lib" },
		{ .path = "lib/x.so", .data = "so" },
		{ .path = "dev/null", .type = 'c' },
		{ .path = "run/fifo", .type = 'p' },
		{ .path = "etc/big.conf", .data = big_text,
		  .datalen = sizeof big_text },
		{ .path = "opt/big.txt", .data = big_text,
		  .datalen = sizeof big_text },
		{ .path = "opt/small.txt", .data = "hello" },
		{ .path = "opt/blob.bin", .data = big_bin,
		  .datalen = 1000 },
		{ .path = "etc/acl", .mode = 0660, .data = "x", .acl = 1 },
		{ .path = "opt/suid.bin", .mode = 04755, .data = big_bin,
		  .datalen = 5000 },
		{ .path = "opt/cap.bin", .mode = 0755, .data = big_bin,
		  .datalen = 300 * 1024, .cap = cap_setuid,
		  .caplen = sizeof cap_setuid },
	};
	struct buf l = { NULL, 0, 0 };
	struct outer o = { .n = 0 };
	struct image_info info;
	const char *why = NULL;
	char *path = tpath("links.tar"), *buf;
	struct stat st, st2;
	struct pacl acl;
	struct tv *tv;
	size_t len;
	int trunc;

	memset(big_text, 'a', sizeof big_text);
	memset(big_bin, 0, sizeof big_bin);
	tar_write(&l, ents, sizeof ents / sizeof ents[0], 0);
	dsave_image(&o, &l, 1, config_agent, "links:1");
	outer_tar(&o, path, 0);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv != NULL);
	if (tv == NULL) {
		fprintf(stderr, "open: %s (%s)\n", why, info.error);
		goto out;
	}
	T_EQ_STR(info.format, "docker-save");
	T_EQ_STR(info.ref, "links:1");
	/* hard links share the inode */
	T_EQ_INT(tv_lstat(tv, "/bin/a", &st), 0);
	T_EQ_INT(tv_lstat(tv, "/bin/b", &st2), 0);
	T_EQ_INT(st.st_ino, st2.st_ino);
	T_EQ_INT(st2.st_nlink, 2);
	T_EQ_INT(st2.st_mode, S_IFREG | 04755);
	T_OK(has_error(&info, "hard link to a missing member"));
	T_EQ_INT(tv_lstat(tv, "/bin/ghost", &st), -1);
	/* absolute and climbing paths land inside the root */
	T_EQ_INT(tv_lstat(tv, "/abs/file", &st), 0);
	T_EQ_INT(tv_lstat(tv, "/esc/file", &st), 0);
	T_OK(has_error(&info, "climbs above the image root"));
	/* a link out of the root resolves inside it */
	T_EQ_INT(tv_stat(tv, "/etc/out", &st), 0);
	T_EQ_INT(tv_lstat(tv, "/etc/passwd", &st2), 0);
	T_EQ_INT(st.st_ino, st2.st_ino);
	T_EQ_INT(tv_stat(tv, "/rootlink/rootlink/etc/passwd", &st), 0);
	T_EQ_INT(st.st_ino, st2.st_ino);
	T_EQ_INT(tv_lstat(tv, "/../../etc/passwd", &st), 0);
	T_EQ_INT(st.st_ino, st2.st_ino);
	T_EQ_INT(tv_read(tv, "/etc/out", 100, &buf, &len, &trunc), 0);
	T_EQ_INT(len, strlen(passwd_text));
	free(buf);
	T_EQ_INT(tv_stat(tv, "/loop1", &st), -1);
	T_EQ_INT(errno, ELOOP);
	T_EQ_INT(tv_lstat(tv, "/loop1", &st), 0);
	T_OK(S_ISLNK(st.st_mode));
	{
		char lb[64];
		ssize_t r = tv_readlink(tv, "/loop1", lb, sizeof lb);

		T_EQ_INT(r, 5);
		T_OK(r == 5 && memcmp(lb, "loop2", 5) == 0);
		T_EQ_INT(tv_readlink(tv, "/etc/passwd", lb, sizeof lb), -1);
		T_EQ_INT(errno, EINVAL);
	}
	/* an entry under a symlinked directory goes where the link leads */
	T_EQ_INT(tv_lstat(tv, "/usr/lib/x.so", &st), 0);
	T_EQ_INT(tv_lstat(tv, "/lib", &st), 0);
	T_OK(S_ISLNK(st.st_mode));
	/* special files: stat only */
	T_EQ_INT(tv_lstat(tv, "/dev/null", &st), 0);
	T_OK(S_ISCHR(st.st_mode));
	T_EQ_INT(major(st.st_rdev), 1);
	T_EQ_INT(minor(st.st_rdev), 3);
	T_EQ_INT(tv_read(tv, "/dev/null", 10, &buf, &len, &trunc), -1);
	T_EQ_INT(errno, EINVAL);
	T_EQ_INT(tv_lstat(tv, "/run/fifo", &st), 0);
	T_OK(S_ISFIFO(st.st_mode));
	T_EQ_INT(tv_read(tv, "/run/fifo", 10, &buf, &len, &trunc), -1);
	T_EQ_INT(errno, EINVAL);
	/* what content is kept */
	T_EQ_INT(tv_read(tv, "/etc/big.conf", 1u << 20, &buf, &len, &trunc),
	    0);
	T_EQ_INT(len, sizeof big_text);
	free(buf);
	T_EQ_INT(tv_read(tv, "/opt/big.txt", 1u << 20, &buf, &len, &trunc),
	    -1);
	T_EQ_INT(errno, ENODATA);
	T_EQ_INT(tv_read(tv, "/opt/blob.bin", 1u << 20, &buf, &len, &trunc),
	    -1);
	T_EQ_INT(errno, ENODATA);
	/* setuid and capability files are kept whatever they hold: their
	 * package's digest is checked against them */
	T_EQ_INT(tv_read(tv, "/opt/suid.bin", 1u << 20, &buf, &len, &trunc),
	    0);
	T_EQ_INT(len, 5000);
	free(buf);
	T_EQ_INT(tv_read(tv, "/opt/cap.bin", 1u << 20, &buf, &len, &trunc),
	    0);
	T_EQ_INT(len, 300 * 1024);
	free(buf);
	T_EQ_INT(tv_read(tv, "/opt/small.txt", 10, &buf, &len, &trunc), 0);
	T_OK(buf && strcmp(buf, "hello") == 0);
	free(buf);
	T_EQ_INT(tv_lstat(tv, "/opt/big.txt", &st), 0);
	T_EQ_INT(st.st_size, sizeof big_text);
	/* a tar ACL becomes the access ACL */
	T_EQ_INT(tv_get_acl(tv, "/etc/acl", &acl), 0);
	T_EQ_INT(acl.n, 5);
	if (acl.n == 5) {
		size_t i;
		int named = 0;

		for (i = 0; i < acl.n; i++)
			if (acl.e[i].tag == PACL_USER && acl.e[i].id == 1000 &&
			    acl.e[i].perm == 6)
				named = 1;
		T_OK(named);
	}
	pacl_free(&acl);
	T_EQ_INT(tv_get_acl(tv, "/etc/passwd", &acl), 0);
	T_EQ_INT(acl.n, 0);
	tv_free(tv);
out:
	image_info_free(&info);
	outer_free(&o);
	buf_free(&l);
	free(path);
}

/* One image as an OCI directory, an OCI tar (gzip) and a docker save. */
static void
test_same_image(void)
{
	struct buf l[2] = { { NULL, 0, 0 }, { NULL, 0, 0 } };
	struct outer oo = { .n = 0 }, od = { .n = 0 };
	const char *kinds[3] = { "oci-dir", "oci.tar.gz", "dsave.tar" };
	char *walks[3] = { NULL, NULL, NULL }, *m;
	size_t i;

	two_layers(l, 'g', 0);
	m = mdesc(oci_image(&oo, 1, l, 2, config_agent), NULL);
	oci_index(&oo, m);
	free(m);
	dsave_image(&od, l, 2, config_agent, "same:1");
	for (i = 0; i < 3; i++) {
		struct image_info info;
		const char *why;
		char *path = tpath(kinds[i]);
		struct tv *tv;

		if (i == 0)
			outer_dir(&oo, path);
		else if (i == 1)
			outer_tar(&oo, path, 'g');
		else
			outer_tar(&od, path, 0);
		tv = tv_image_open(path, NULL, &info, &why);
		T_OK(tv != NULL);
		if (tv) {
			walks[i] = walk_str(tv, 0, NULL);
			T_EQ_STR(info.user, "agent");
			tv_free(tv);
		} else
			fprintf(stderr, "%s: %s (%s)\n", kinds[i], why,
			    info.error);
		image_info_free(&info);
		free(path);
	}
	T_OK(walks[0] && walks[1] && walks[2]);
	if (walks[0] && walks[1] && walks[2]) {
		T_EQ_STR(walks[0], walks[1]);
		T_EQ_STR(walks[0], walks[2]);
	}
	for (i = 0; i < 3; i++)
		free(walks[i]);
	outer_free(&oo);
	outer_free(&od);
	buf_free(&l[0]);
	buf_free(&l[1]);
}

static struct tv *
open_platform(const char *dir, const char *platform,
    struct image_info *info, const char **why)
{
	char *path = tpath(dir);
	struct tv *tv = tv_image_open(path, platform, info, why);

	free(path);
	return tv;
}

static void
test_platforms(void)
{
	const struct tent la[] = { { .path = "amd", .data = "1" } };
	const struct tent lb[] = { { .path = "arm", .data = "1" } };
	struct buf l = { NULL, 0, 0 };
	struct outer o = { .n = 0 }, o2 = { .n = 0 };
	struct image_info info;
	const char *why;
	struct stat st;
	struct tv *tv;
	char *m1, *m2, *m3, *all, *path;

	tar_write(&l, la, 1, 'g');
	m1 = mdesc(oci_image(&o, 1, &l, 1, "{\"architecture\":\"amd64\","
	    "\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[\"a\"]}}"),
	    "{\"architecture\":\"amd64\",\"os\":\"linux\"}");
	tar_write(&l, lb, 1, 'g');
	m2 = mdesc(oci_image(&o, 1000, &l, 1, "{\"architecture\":\"arm64\","
	    "\"variant\":\"v8\",\"os\":\"linux\",\"rootfs\":{\"diff_ids\":"
	    "[\"a\"]}}"), "{\"architecture\":\"arm64\",\"os\":\"linux\","
	    "\"variant\":\"v8\"}");
	/* a buildx attestation: never an image */
	m3 = mdesc(2000, "{\"architecture\":\"unknown\",\"os\":\"unknown\"}");
	all = xasprintf("%s,%s,%s", m1, m2, m3);
	oci_index(&o, all);
	path = tpath("multi");
	outer_dir(&o, path);
	free(path);

	tv = open_platform("multi", NULL, &info, &why);
	T_OK(tv != NULL);
	if (tv) {
		T_EQ_INT(tv_lstat(tv, "/amd", &st), 0);
		T_EQ_STR(info.arch, "amd64");
		T_OK(has_note(&info, "several platforms"));
		tv_free(tv);
	}
	image_info_free(&info);
	tv = open_platform("multi", "linux/arm64", &info, &why);
	T_OK(tv != NULL);
	if (tv) {
		T_EQ_INT(tv_lstat(tv, "/arm", &st), 0);
		T_EQ_STR(info.arch, "arm64");
		T_EQ_INT(json_array_size(info.notes), 0);
		tv_free(tv);
	}
	image_info_free(&info);
	tv = open_platform("multi", "linux/aarch64/v8", &info, &why);
	T_OK(tv != NULL);
	tv_free(tv);
	image_info_free(&info);
	tv = open_platform("multi", "linux/s390x", &info, &why);
	T_OK(tv == NULL);
	T_OK(info.error && strstr(info.error, "linux/amd64") &&
	    strstr(info.error, "linux/arm64"));
	image_info_free(&info);
	tv = open_platform("multi", "linux", &info, &why);
	T_OK(tv == NULL);
	image_info_free(&info);

	/* two platforms, neither linux/amd64, no --platform: an error */
	tar_write(&l, la, 1, 'g');
	free(m1);
	free(all);
	m1 = mdesc(oci_image(&o2, 1, &l, 1, "{\"architecture\":\"s390x\","
	    "\"os\":\"linux\"}"), NULL);
	free(m2);
	m2 = mdesc(oci_image(&o2, 1000, &l, 1, "{\"architecture\":\"arm\","
	    "\"variant\":\"v7\",\"os\":\"linux\"}"), NULL);
	all = xasprintf("%s,%s", m1, m2);
	oci_index(&o2, all);
	path = tpath("multi2");
	outer_dir(&o2, path);
	free(path);
	tv = open_platform("multi2", NULL, &info, &why);
	T_OK(tv == NULL);
	T_OK(why && strstr(why, "--platform"));
	T_OK(info.error && strstr(info.error, "linux/arm/v7"));
	image_info_free(&info);
	/* the platform read from the configs when the index has none */
	tv = open_platform("multi2", "linux/arm", &info, &why);
	T_OK(tv != NULL);
	if (tv)
		T_EQ_STR(info.variant, "v7");
	tv_free(tv);
	image_info_free(&info);

	free(m1);
	free(m2);
	free(m3);
	free(all);
	outer_free(&o);
	outer_free(&o2);
	buf_free(&l);
}

/* Archives that must give a clear error, or a noted one, never a crash. */
static void
test_hostile(void)
{
	const struct tent ents[] = {
		{ .path = "first", .data = "1" },
		{ .path = "pad1", .data = NULL },
	};
	static char pad[200000];
	struct tent big[3];
	struct buf l = { NULL, 0, 0 }, lz = { NULL, 0, 0 };
	struct outer o = { .n = 0 };
	struct image_info info;
	const char *why;
	struct stat st;
	struct tv *tv;
	char *path, *huge;
	size_t i;

	/* a truncated gzip stream: the image is refused, naming the layer */
	for (i = 0; i < sizeof pad; i++)
		pad[i] = (char)(i * 7919 % 251);	/* poorly compressible */
	memset(big, 0, sizeof big);
	big[0] = ents[0];
	big[1].path = "pad";
	big[1].data = pad;
	big[1].datalen = sizeof pad;
	big[2].path = "last";
	big[2].data = "3";
	tar_write(&l, big, 3, 'g');
	l.len = l.len * 3 / 4;
	dsave_image(&o, &l, 1, config_agent, "trunc:1");
	path = tpath("trunc.tar");
	outer_tar(&o, path, 0);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv == NULL);
	T_OK(why && strstr(why, "not a complete tar stream"));
	T_OK(info.error && strstr(info.error, "layer 1/1") &&
	    strstr(info.error, "truncated or corrupt after"));
	if (tv)
		tv_free(tv);
	image_info_free(&info);
	outer_free(&o);
	free(path);

	/* a manifest.json over the limit */
	huge = xmalloc(IMAGE_MAX_JSON_BYTES + 2);
	memset(huge, ' ', IMAGE_MAX_JSON_BYTES + 1);
	huge[0] = '[';
	huge[IMAGE_MAX_JSON_BYTES] = ']';
	outer_add(&o, "manifest.json", huge, IMAGE_MAX_JSON_BYTES + 1);
	free(huge);
	path = tpath("huge.tar");
	outer_tar(&o, path, 'g');
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv == NULL);
	T_OK(info.error && strstr(info.error, "larger than the limit"));
	image_info_free(&info);
	outer_free(&o);
	free(path);

	/* a layer listed twice: read once, applied twice, noted */
	tar_write(&l, ents, 1, 0);
	tar_write(&lz, ents, 1, 'z');
	outer_add(&o, "cfg0123.json", config_agent, strlen(config_agent));
	outer_add(&o, "l0/layer.tar", l.data, l.len);
	outer_add(&o, "manifest.json", "[{\"Config\":\"cfg0123.json\","
	    "\"Layers\":[\"l0/layer.tar\",\"./l0//layer.tar\"]}]", 71);
	path = tpath("twice.tar");
	outer_tar(&o, path, 0);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv != NULL);
	if (tv) {
		char *data = NULL;
		size_t dlen = 0;
		int tr;

		T_OK(has_note(&info, "listed again later (1 more time): read "
		    "once, applied at each place"));
		T_EQ_INT(tv_lstat(tv, "/first", &st), 0);
		/* applied again from what was read, content and all */
		T_EQ_INT(tv_read(tv, "/first", 100, &data, &dlen, &tr), 0);
		T_OK(dlen == 1 && data && data[0] == '1');
		free(data);
		tv_free(tv);
	} else
		fprintf(stderr, "twice: %s (%s)\n", why, info.error);
	image_info_free(&info);
	free(path);

	/* the same member twice in the archive: ambiguous, refused */
	outer_add(&o, "l0/layer.tar", lz.data, lz.len);
	path = tpath("dup.tar");
	outer_tar(&o, path, 0);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv == NULL);
	T_OK(info.error && strstr(info.error, "more than once"));
	image_info_free(&info);
	outer_free(&o);
	free(path);

	/* not an archive at all; empty; missing; no manifest */
	path = tpath("junk");
	write_file(path, "this is not a tar archive, not even close\n", 42);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv == NULL && why != NULL);
	image_info_free(&info);
	write_file(path, "", 0);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv == NULL && why != NULL);
	image_info_free(&info);
	unlink(path);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv == NULL && info.error && strstr(info.error, "No such file"));
	image_info_free(&info);
	free(path);
	outer_add(&o, "something", "x", 1);
	path = tpath("nomanifest.tar");
	outer_tar(&o, path, 0);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv == NULL && why && strstr(why, "neither"));
	image_info_free(&info);
	outer_free(&o);
	free(path);

	/* a config that is not JSON; a layer that is not a tar */
	outer_add(&o, "cfg0123.json", "{\"architecture\":", 16);
	outer_add(&o, "l0/layer.tar", "garbage garbage garbage", 23);
	outer_add(&o, "manifest.json", "[{\"Config\":\"cfg0123.json\","
	    "\"Layers\":[\"l0/layer.tar\"]}]", 53);
	path = tpath("badcfg.tar");
	outer_tar(&o, path, 0);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv == NULL && why && strstr(why, "config"));
	image_info_free(&info);
	free(o.m[0].data);
	o.m[0].data = xstrdup(config_agent);
	o.m[0].len = strlen(config_agent);
	outer_tar(&o, path, 0);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv == NULL);
	T_OK(info.error && strstr(info.error, "layer 1/1 (l0/layer.tar): "
	    "cannot be read as a tar stream"));
	if (tv)
		tv_free(tv);
	image_info_free(&info);
	outer_free(&o);
	free(path);

	/* a layer the manifest names but the archive lacks */
	outer_add(&o, "cfg0123.json", config_agent, strlen(config_agent));
	outer_add(&o, "manifest.json", "[{\"Config\":\"cfg0123.json\","
	    "\"Layers\":[\"../../etc/shadow\"]}]", 57);
	path = tpath("missing.tar");
	outer_tar(&o, path, 0);
	tv = tv_image_open(path, NULL, &info, &why);
	T_OK(tv == NULL && why && strstr(why, "missing"));
	image_info_free(&info);
	outer_free(&o);
	free(path);
	buf_free(&l);
	buf_free(&lz);
}

static void
test_user(void)
{
	static const char pw[] =
	    "root:x:0:0:root:/root:/bin/sh\n"
	    "agent:x:1000:1000::/home/agent:/bin/sh\n"
	    "svc:x:999:999::/srv:/usr/sbin/nologin\n";
	static const char gr[] =
	    "root:x:0:\n"
	    "docker:x:998:agent\n"
	    "agent:x:1000:\n"
	    "wheel:x:10:agent,svc\n"
	    "svc:x:999:\n";
	struct userdb db;
	struct ident id;
	const char *why;

	memset(&db, 0, sizeof db);
	passwd_parse(pw, sizeof pw - 1, &db, NULL, NULL);
	group_parse(gr, sizeof gr - 1, &db, NULL, NULL);

	T_EQ_INT(image_user_resolve(&db, NULL, &id, &why), 0);
	T_EQ_INT(id.uid, 0);
	T_EQ_STR(id.name, "root");
	ident_free(&id);
	T_EQ_INT(image_user_resolve(&db, "agent", &id, &why), 0);
	T_EQ_INT(id.uid, 1000);
	T_EQ_INT(id.gid, 1000);
	T_EQ_INT(id.ngids, 3);		/* 1000, docker, wheel */
	T_OK(ident_in_group(&id, 998) && ident_in_group(&id, 10));
	ident_free(&id);
	T_EQ_INT(image_user_resolve(&db, "1000", &id, &why), 0);
	T_EQ_STR(id.name, "agent");
	T_OK(ident_in_group(&id, 998));
	ident_free(&id);
	/* an explicit group: that group only */
	T_EQ_INT(image_user_resolve(&db, "agent:svc", &id, &why), 0);
	T_EQ_INT(id.gid, 999);
	T_EQ_INT(id.ngids, 1);
	ident_free(&id);
	T_EQ_INT(image_user_resolve(&db, "1000:4242", &id, &why), 0);
	T_EQ_INT(id.gid, 4242);
	ident_free(&id);
	/* a uid without an entry runs with gid 0 */
	T_EQ_INT(image_user_resolve(&db, "4321", &id, &why), 0);
	T_EQ_INT(id.uid, 4321);
	T_EQ_INT(id.gid, 0);
	T_OK(id.name == NULL);
	ident_free(&id);
	T_EQ_INT(image_user_resolve(&db, "nobody", &id, &why), -1);
	T_OK(why && strstr(why, "passwd"));
	T_EQ_INT(image_user_resolve(&db, "agent:nogroup", &id, &why), -1);
	T_OK(why && strstr(why, "group"));
	T_EQ_INT(image_user_resolve(&db, "99999999999", &id, &why), -1);
	userdb_free(&db);
}

static void
test_platform_parse(void)
{
	struct image_platform p, q;
	const char *why;
	char b[100];

	T_EQ_INT(image_platform_parse("linux/x86_64", &p, &why), 0);
	T_EQ_STR(image_platform_str(&p, b, sizeof b), "linux/amd64");
	T_EQ_INT(image_platform_parse("linux/arm64/v8", &p, &why), 0);
	T_EQ_STR(image_platform_str(&p, b, sizeof b), "linux/arm64");
	T_EQ_INT(image_platform_parse("linux/arm", &p, &why), 0);
	T_EQ_STR(image_platform_str(&p, b, sizeof b), "linux/arm/v7");
	T_EQ_INT(image_platform_parse("linux/arm/v6", &q, &why), 0);
	T_OK(!image_platform_match(&p, &q));
	T_EQ_INT(image_platform_parse("linux", &p, &why), -1);
	T_EQ_INT(image_platform_parse("/amd64", &p, &why), -1);
	T_EQ_INT(image_platform_parse("linux/amd64/", &p, &why), -1);
	T_EQ_INT(image_platform_parse("linux/amd64/v2/x", &p, &why), -1);
	T_EQ_INT(image_platform_parse("linux/a md64", &p, &why), -1);
}

/* The decompression budget's two limits: content (layers and one pass
 * over the outer archive) and every pass over the outer archive. */
static void
test_budget(void)
{
	const uint64_t gib = 1ull << 30, mib = 1ull << 20;
	struct ibudget b;
	char *why;

	/* a small image: the floor */
	memset(&b, 0, sizeof b);
	b.in = 1 * mib;
	T_OK(ibudget_limit(&b, IMAGE_INFLATE_RATIO) ==
	    IMAGE_INFLATE_FLOOR_BYTES);
	T_OK(!ibudget_over(&b, 4 * gib));
	T_OK(ibudget_over(&b, 4 * gib + 1));
	T_EQ_INT(b.exceeded, 1);
	T_OK(ibudget_over(&b, 0));	/* once past it, always */
	why = ibudget_why(&b);
	T_OK(strstr(why, "more than 4096 MiB decompressed (each tar entry "
	    "counted as 4096 bytes), the budget of a 1048576-byte image (100 "
	    "times") != NULL);
	free(why);

	/* a 1 GiB gzip'd docker save, its layers in no order: content up
	 * to 100 GiB, every pass together up to 1000 GiB */
	memset(&b, 0, sizeof b);
	b.in = gib;
	b.used = 3 * gib;		/* first pass */
	b.outer_again = 1;
	b.reread = 600 * gib;		/* 200 passes more */
	b.outer = 2 * gib;
	T_OK(!ibudget_over(&b, 90 * gib));
	T_OK(ibudget_over(&b, 98 * gib));
	T_EQ_INT(b.exceeded, 1);
	b.exceeded = 0;
	b.reread = 990 * gib;
	T_OK(ibudget_over(&b, 10 * gib));
	T_EQ_INT(b.exceeded, 2);
	why = ibudget_why(&b);
	T_OK(strstr(why, "every pass over the compressed archive") != NULL &&
	    strstr(why, "1000 times") != NULL);
	free(why);

	/* no overflow on an absurd size */
	memset(&b, 0, sizeof b);
	b.in = UINT64_MAX / 10;
	T_OK(ibudget_limit(&b, IMAGE_REREAD_RATIO) == UINT64_MAX);
	T_OK(!ibudget_over(&b, gib));
}

/* A layer recorded as it is applied, then applied again from the
 * recording; a recording past its bytes is let go. */
static void
test_record(void)
{
	const struct tent ents[] = {
		{ .path = "etc", .type = 'd' },
		{ .path = "etc/conf", .data = "kept\n" },
		{ .path = "s", .type = 'l', .link = "etc" },
		{ .path = "bin/su", .mode = 04755, .data = "ELF" },
	};
	struct buf l = { NULL, 0, 0 };
	struct image_info info;
	struct ibudget b;
	struct irec *rec, *small;
	struct itree *t;
	struct archive *a;
	struct node *n;
	const char *why;
	char *w = NULL;

	memset(&info, 0, sizeof info);
	memset(&b, 0, sizeof b);
	info.errors = json_array();
	info.notes = json_array();
	tar_write(&l, ents, 4, 'z');
	t = itree_new();
	rec = irec_new(1u << 20);
	small = irec_new(100);
	a = image_archive_reader(&why);
	T_OK(a != NULL && archive_read_open_memory(a, l.data, l.len) ==
	    ARCHIVE_OK);
	T_EQ_INT(itree_apply(t, a, 1, "L", &info, &b, rec, &w), 0);
	archive_read_free(a);
	T_OK(irec_usable(rec));
	T_OK(irec_bytes(rec) > 0 && irec_bytes(rec) < (1u << 20));
	a = image_archive_reader(&why);
	T_OK(a != NULL && archive_read_open_memory(a, l.data, l.len) ==
	    ARCHIVE_OK);
	T_EQ_INT(itree_apply(t, a, 2, "L", &info, &b, small, &w), 0);
	archive_read_free(a);
	T_OK(!irec_usable(small));	/* over its 100 bytes: let go */
	/* remove what the layer made, then apply it from the recording */
	itree_free(t);
	t = itree_new();
	T_EQ_INT(itree_replay(t, rec, 3, "L", &info, &b, &w), 0);
	n = itree_lookup(t, "/s/conf", 1);
	T_OK(n != NULL && n->ino->kept && n->ino->datalen == 5 &&
	    memcmp(n->ino->data, "kept\n", 5) == 0);
	n = itree_lookup(t, "/bin/su", 1);
	T_OK(n != NULL && (n->ino->mode & 07777) == 04755 && n->ino->kept &&
	    n->ino->datalen == 3);
	T_OK(b.used >= 8 * IMAGE_ENTRY_COST_BYTES);	/* 4 read, 4 again */
	free(w);
	irec_free(rec);
	irec_free(small);
	itree_free(t);
	image_info_free(&info);
	buf_free(&l);
}

/* Read path from tv: 0 and its content equal to want, or -1 and errno. */
static int
read_is(struct tv *tv, const char *path, const char *want)
{
	char *buf = NULL;
	size_t len;
	int trunc, r;

	r = tv_read(tv, path, 65536, &buf, &len, &trunc);
	if (r == 0) {
		T_EQ_INT(len, strlen(want));
		T_OK(buf && strcmp(buf, want) == 0);
		T_EQ_INT(trunc, 0);
	}
	free(buf);
	return r;
}

/*
 * Text files kept in their layer: read back from the layer when asked,
 * from every kind of source (a layout directory, a tar of it, a docker
 * save, that compressed), the entry found by its number past a layer's
 * other entries; and a layer changed on disk since gives EIO, not other
 * bytes.
 */
static void
test_in_layer(void)
{
	static char pad[20000];
	const struct tent l1[] = {
		{ .path = "etc", .type = 'd' },
		{ .path = "etc/passwd", .data = passwd_text },
		{ .path = "opt", .type = 'd' },
		{ .path = "opt/pad", .data = pad },
		{ .path = "opt/lib.sh", .data = "lib text\n" },
		{ .path = "opt/run.sh", .mode = 0755, .data = "#!/bin/sh\n" },
	};
	const struct tent l2[] = {
		{ .path = "opt/pad2", .data = pad },
		{ .path = "opt/two.txt", .data = "second layer\n" },
		{ .path = "opt/lib.sh", .data = "lib text, again\n" },
	};
	struct buf l[2] = { { NULL, 0, 0 }, { NULL, 0, 0 } };
	struct outer o = { .n = 0 };
	struct image_info info;
	const char *why = NULL;
	char *dir = tpath("inlayer"), *tar = tpath("inlayer.tar");
	char *ds = tpath("inlayer-ds.tar.gz"), *blob;
	const char *src[3];
	struct tv *tv;
	size_t i;

	memset(pad, 'p', sizeof pad - 1);
	tar_write(&l[0], l1, 6, 'g');
	tar_write(&l[1], l2, 3, 'z');
	{
		char *m = mdesc(oci_image(&o, 1, l, 2, config_agent), NULL);

		oci_index(&o, m);
		free(m);
	}
	outer_dir(&o, dir);
	outer_tar(&o, tar, 0);
	outer_free(&o);
	memset(&o, 0, sizeof o);
	dsave_image(&o, l, 2, config_agent, "inlayer:1");
	outer_tar(&o, ds, 'g');
	src[0] = dir;
	src[1] = tar;
	src[2] = ds;
	for (i = 0; i < 3; i++) {
		tv = tv_image_open(src[i], NULL, &info, &why);
		T_OK(tv != NULL);
		if (tv == NULL) {
			fprintf(stderr, "open %s: %s (%s)\n", src[i], why,
			    info.error);
			image_info_free(&info);
			continue;
		}
		/* twice each: the layer is read again each time */
		T_EQ_INT(read_is(tv, "/opt/two.txt", "second layer\n"), 0);
		T_EQ_INT(read_is(tv, "/opt/lib.sh", "lib text, again\n"), 0);
		T_EQ_INT(read_is(tv, "/opt/run.sh", "#!/bin/sh\n"), 0);
		T_EQ_INT(read_is(tv, "/opt/two.txt", "second layer\n"), 0);
		T_EQ_INT(read_is(tv, "/etc/passwd", passwd_text), 0);
		T_EQ_INT(read_is(tv, "/opt/pad", pad), 0);
		tv_free(tv);
		image_info_free(&info);
	}
	/* the second layer's blob changed after the image was read: what
	 * stays in memory still reads, what is in the layer does not */
	tv = tv_image_open(dir, NULL, &info, &why);
	T_OK(tv != NULL);
	if (tv != NULL) {
		/* blob 1 is the config, 2 and 3 the layers */
		blob = xasprintf("%s/blobs/sha256/%s", dir, blob_hex(3));
		l[1].data[l[1].len - 1] ^= 1;
		write_file(blob, l[1].data, l[1].len);
		T_EQ_INT(read_is(tv, "/opt/two.txt", ""), -1);
		T_EQ_INT(errno, EIO);
		T_EQ_INT(read_is(tv, "/opt/run.sh", "#!/bin/sh\n"), 0);
		T_EQ_INT(read_is(tv, "/etc/passwd", passwd_text), 0);
		free(blob);
		tv_free(tv);
	}
	image_info_free(&info);
	outer_free(&o);
	buf_free(&l[0]);
	buf_free(&l[1]);
	free(dir);
	free(tar);
	free(ds);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path) == 0 ? 0 : 0;
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL)
		T_SKIP("cannot make a temporary directory");
	test_platform_parse();
	test_layers();
	test_links_paths();
	test_same_image();
	test_platforms();
	test_hostile();
	test_budget();
	test_record();
	test_in_layer();
	test_user();
	/* the test's own files only: written under a fresh mkdtemp */
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	T_DONE();
}
