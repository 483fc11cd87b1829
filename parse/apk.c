/*
 * apk.c: apk's installed database, read a line at a time (apk.h). Takes
 * a buffer, hands what it finds to its caller; never reads a file.
 *
 * Source: apk-tools' src/database.c (apk_db_index_read, apk_db_write_fdb)
 * for the keys and their order; apk_blob_pull_csum for Z.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/digest.h"
#include "lib/lines.h"
#include "lib/xmalloc.h"
#include "parse/apk.h"

static void
perr(parse_err_fn err, void *ctx, unsigned line, const char *why)
{
	if (err)
		err(ctx, line, why);
}

int
apk_csum_decode(const char *s, size_t n, unsigned char *out)
{
	if (n >= 2 && s[0] == 'Q' && s[1] == '1') {
		if (digest_unbase64(s + 2, n - 2, out, SHA1_LEN) == -1)
			return -1;
		return APK_CSUM_SHA1;
	}
	if (n == 32 && digest_unhex(s, n, out, MD5_LEN) == 0)
		return APK_CSUM_MD5;
	return -1;
}

size_t
apk_installed_parse(const char *buf, size_t len, const struct apk_ops *ops,
    void *fctx, parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s;
	size_t n, kept = 0;
	int r, have_pkg = 0, have_file = 0;
	char *folder = NULL;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		const char *v;
		size_t vl;

		if (r == -1) {
			perr(err, ctx, l.lineno, "line too long");
			continue;
		}
		if (n == 0) {		/* the end of a package */
			have_pkg = have_file = 0;
			free(folder);
			folder = NULL;
			continue;
		}
		if (memchr(s, '\0', n)) {
			perr(err, ctx, l.lineno, "NUL byte in line");
			continue;
		}
		if (n < 2 || s[1] != ':') {
			perr(err, ctx, l.lineno, "not a K:value line");
			continue;
		}
		v = s + 2;
		vl = n - 2;
		switch (s[0]) {
		case 'P':
			if (vl == 0 || memchr(v, '/', vl)) {
				perr(err, ctx, l.lineno, "malformed package "
				    "name");
				have_pkg = 0;
				break;
			}
			{
				char *name = xstrndup(v, vl);

				ops->package(fctx, name);
				free(name);
			}
			have_pkg = 1;
			break;
		case 'F':
			free(folder);
			have_file = 0;
			folder = xstrndup(v, vl);
			break;
		case 'R':
			have_file = 0;
			if (!have_pkg) {
				perr(err, ctx, l.lineno, "file before its "
				    "package's P: line");
				break;
			}
			if (vl == 0 || memchr(v, '/', vl)) {
				perr(err, ctx, l.lineno, "malformed file name");
				break;
			}
			{
				char *p = xasprintf("/%s%s%.*s",
				    folder ? folder : "",
				    folder && *folder ? "/" : "", (int)vl, v);

				if (ops->file(fctx, p)) {
					kept++;
					have_file = 1;
				}
				free(p);
			}
			break;
		case 'Z':
			if (!have_file)
				break;	/* a folder's, or a file not kept */
			if (ops->csum(fctx, v, vl) == -1)
				perr(err, ctx, l.lineno, "malformed checksum");
			break;
		case 'V':
			/* the package's version (apk-tools' "V:" field) */
			if (have_pkg && vl && ops->version) {
				char *ver = xstrndup(v, vl);

				ops->version(fctx, ver);
				free(ver);
			}
			break;
		default:
			break;		/* A, T, M, a, ... */
		}
	}
	free(folder);
	return kept;
}

static void
print_package(void *fctx, const char *name)
{
	buf_printf(fctx, "P %s\n", name);
}

static int
print_file(void *fctx, const char *path)
{
	buf_printf(fctx, "R %s\n", path);
	return 1;
}

static int
print_csum(void *fctx, const char *v, size_t n)
{
	unsigned char d[SHA1_LEN];
	int k = apk_csum_decode(v, n, d);

	buf_printf(fctx, "Z %s\n", k == APK_CSUM_SHA1 ? "sha1" :
	    k == APK_CSUM_MD5 ? "md5" : "bad");
	return k == -1 ? -1 : 0;
}

static void
print_version(void *fctx, const char *v)
{
	buf_printf(fctx, "V %s\n", v);
}

char *
apk_installed_print(const char *buf, size_t len)
{
	static const struct apk_ops ops = { print_package, print_file,
	    print_csum, print_version };
	struct buf b = { 0 };

	apk_installed_parse(buf, len, &ops, &b, NULL, NULL);
	return buf_str(&b);
}
