/*
 * image-dump.c: print a target view's tree in a normalised form, one line
 * per entry in walk order, so tests can compare an image read in memory
 * with the same tree unpacked on disk (the way OpenSSH's sshd -T prints
 * its parse). Not installed; used by tests/e2e/image-*.py.
 *
 *   image-dump [--platform P] (--image FILE | --root DIR) [--info]
 *              [--content] [--read PATH]...
 *
 * Each entry: PATH TYPE MODE UID GID then, by type, size and nlink
 * (files), target (links) or major,minor (devices); cap=HEX when the file
 * carries security.capability, acl=TEXT when it has an extended ACL,
 * and with --content data=FNV64 of a regular file's content, or
 * data=not-kept. --read PATH prints PATH's content after the listing.
 * Exit 0, or 2 when the target cannot be opened.
 */
#include <sys/types.h>
#include <sys/sysmacros.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/image.h"
#include "engine/tv.h"
#include "lib/xmalloc.h"

struct dctx {
	struct tv	*tv;
	int		 content;
};

static void
put_path(const char *p)
{
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= ' ' || c >= 0x7f || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

static char
type_char(mode_t m)
{
	if (S_ISREG(m))
		return 'f';
	if (S_ISDIR(m))
		return 'd';
	if (S_ISLNK(m))
		return 'l';
	if (S_ISCHR(m))
		return 'c';
	if (S_ISBLK(m))
		return 'b';
	if (S_ISFIFO(m))
		return 'p';
	if (S_ISSOCK(m))
		return 's';
	return '?';
}

static void
put_acl(struct tv *tv, const char *path)
{
	static const char *const tags[] = { "u:", "u:", "g:", "g:", "m:",
	    "o:" };
	struct pacl acl;
	size_t i;

	if (tv_get_acl(tv, path, &acl) == -1) {
		printf(" acl=error:%d", errno);
		return;
	}
	if (acl.n == 0)
		return;
	printf(" acl=");
	for (i = 0; i < acl.n; i++) {
		const struct pacl_entry *e = &acl.e[i];

		printf("%s%s", i ? "," : "", tags[e->tag]);
		if (e->tag == PACL_USER || e->tag == PACL_GROUP)
			printf("%u", e->id);
		printf(":%c%c%c", e->perm & 4 ? 'r' : '-',
		    e->perm & 2 ? 'w' : '-', e->perm & 1 ? 'x' : '-');
	}
	pacl_free(&acl);
}

/* the walk may call from several threads: one line at a time */
static pthread_mutex_t out_mu = PTHREAD_MUTEX_INITIALIZER;

static void
visit_one(void *vctx, const struct entry *e);

static void
visit(void *vctx, const struct entry *e)
{
	pthread_mutex_lock(&out_mu);
	visit_one(vctx, e);
	fflush(stdout);
	pthread_mutex_unlock(&out_mu);
}

static void
visit_one(void *vctx, const struct entry *e)
{
	struct dctx *d = vctx;
	const struct stat *st = &e->st;
	unsigned char cap[65536];
	ssize_t n;
	ssize_t i;

	put_path(e->path);
	printf(" %c %04o %u %u", type_char(st->st_mode),
	    (unsigned)(st->st_mode & 07777), (unsigned)st->st_uid,
	    (unsigned)st->st_gid);
	if (S_ISREG(st->st_mode))
		printf(" size=%lld nlink=%lu", (long long)st->st_size,
		    (unsigned long)st->st_nlink);
	else if (S_ISLNK(st->st_mode)) {
		char buf[4096];
		ssize_t r = tv_readlink(d->tv, e->path, buf, sizeof buf - 1);

		buf[r < 0 ? 0 : r] = '\0';
		printf(" -> ");
		put_path(buf);
	} else if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		printf(" %u,%u", major(st->st_rdev), minor(st->st_rdev));
	n = tv_getxattr(d->tv, e->path, "security.capability", cap,
	    sizeof cap);
	if (n > 0) {
		printf(" cap=");
		for (i = 0; i < n; i++)
			printf("%02x", cap[i]);
	}
	if (e->caps)
		printf(" walkcap=%zu", e->capslen);
	if (!S_ISLNK(st->st_mode))
		put_acl(d->tv, e->path);
	if (d->content && S_ISREG(st->st_mode)) {
		char *buf;
		size_t len;
		int trunc;

		if (tv_read(d->tv, e->path, 1u << 30, &buf, &len, &trunc) ==
		    0) {
			uint64_t h = 1469598103934665603ull;
			size_t k;

			for (k = 0; k < len; k++) {
				h ^= (unsigned char)buf[k];
				h *= 1099511628211ull;
			}
			printf(" data=%016llx", (unsigned long long)h);
			free(buf);
		} else if (errno == ENODATA)
			printf(" data=not-kept");
		else
			printf(" data=error:%d", errno);
	}
	putchar('\n');
}

static void
walk_error(void *ctx, const char *path, const char *what)
{
	(void)ctx;
	pthread_mutex_lock(&out_mu);
	printf("walk-error ");
	put_path(path);
	printf(" %s\n", what);
	pthread_mutex_unlock(&out_mu);
}

int
main(int argc, char **argv)
{
	struct image_info info;
	struct tv_walk w;
	struct dctx d;
	const char *image = NULL, *root = NULL, *platform = NULL, *why = NULL;
	int i, show_info = 0;

	memset(&d, 0, sizeof d);
	memset(&info, 0, sizeof info);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--image") == 0 && i + 1 < argc)
			image = argv[++i];
		else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc)
			root = argv[++i];
		else if (strcmp(argv[i], "--platform") == 0 && i + 1 < argc)
			platform = argv[++i];
		else if (strcmp(argv[i], "--info") == 0)
			show_info = 1;
		else if (strcmp(argv[i], "--content") == 0)
			d.content = 1;
		else if (strcmp(argv[i], "--read") == 0 && i + 1 < argc)
			i++;
		else {
			fprintf(stderr, "usage: image-dump [--platform P] "
			    "(--image FILE | --root DIR) [--info] [--content] "
			    "[--read PATH]...\n");
			return 2;
		}
	}
	if (image)
		d.tv = tv_image_open(image, platform, &info, &why);
	else if (root)
		d.tv = tv_dir_open(root, TV_ROOTFS);
	if (d.tv == NULL) {
		printf("open-error %s: %s\n", why ? why : strerror(errno),
		    info.error ? info.error : "");
		image_info_free(&info);
		return 2;
	}
	if (image && show_info) {
		json_t *v;
		size_t k;

		printf("format %s\nref %s\nuser %s\nplatform %s/%s%s%s\n"
		    "layers %zu\npath %s\n", info.format,
		    info.ref ? info.ref : "-", info.user ? info.user : "-",
		    info.os ? info.os : "-", info.arch ? info.arch : "-",
		    info.variant ? "/" : "", info.variant ? info.variant : "",
		    info.nlayers, info.env_path ? info.env_path : "-");
		json_array_foreach(info.errors, k, v)
			printf("error %s: %s\n",
			    json_string_value(json_object_get(v, "path")),
			    json_string_value(json_object_get(v, "error")));
		json_array_foreach(info.notes, k, v)
			printf("note %s\n", json_string_value(v));
	}
	memset(&w, 0, sizeof w);
	w.start = "/";
	w.want_caps = 1;
	w.visit = visit;
	w.error = walk_error;
	w.ctx = &d;
	d.tv->ops->walk(d.tv, &w);
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--read") == 0 && i + 1 < argc) {
			char *buf;
			size_t len;
			int trunc;

			i++;
			if (tv_read(d.tv, argv[i], 1u << 20, &buf, &len,
			    &trunc) == -1) {
				printf("read %s: error %s\n", argv[i],
				    strerror(errno));
				continue;
			}
			printf("read %s: %zu bytes\n", argv[i], len);
			fwrite(buf, 1, len, stdout);
			printf("\n");
			free(buf);
		}
	tv_free(d.tv);
	image_info_free(&info);
	return 0;
}
