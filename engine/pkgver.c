/*
 * pkgver.c: installed versions of named packages (pkgver.h). Parsing is
 * parse/dpkg.c's and parse/apk.c's; this file reads the database through
 * the view and keeps only the names asked for. It must never run a
 * package manager nor take a version from anything but the database.
 *
 * Sources: dpkg-query(1) package states (which leave files on disk),
 * deb-version(7) ([epoch:]upstream[-revision]), apk-tools' database
 * ("P:" name, "V:" version).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pkgdb.h"
#include "engine/pkgver.h"
#include "lib/xmalloc.h"
#include "parse/apk.h"
#include "parse/dpkg.h"

struct pv {
	const char *const	*names;
	size_t			 n;
	char			**vers;
	long			 cur;	/* apk: the package being read */
};

static long
pv_index(const struct pv *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->names[i], name) == 0)
			return (long)i;
	return -1;
}

static const char *
pv_stanza(void *fctx, struct dpkg_stanza *st)
{
	struct pv *p = fctx;
	long i = pv_index(p, st->pkg);

	if (i >= 0 && st->ondisk && st->version && p->vers[i] == NULL) {
		p->vers[i] = st->version;
		st->version = NULL;
	}
	return NULL;
}

static void
pv_apk_package(void *fctx, const char *name)
{
	struct pv *p = fctx;

	p->cur = pv_index(p, name);
}

static int
pv_apk_file(void *fctx, const char *path)
{
	(void)fctx;
	(void)path;
	return 0;
}

static int
pv_apk_csum(void *fctx, const char *v, size_t n)
{
	(void)fctx;
	(void)v;
	(void)n;
	return 0;
}

static void
pv_apk_version(void *fctx, const char *v)
{
	struct pv *p = fctx;

	if (p->cur >= 0 && p->vers[p->cur] == NULL)
		p->vers[p->cur] = xstrdup(v);
}

int
pkgver_load(struct tv *tv, const char *const *names, size_t n, char **vers)
{
	static const struct apk_ops ops = { pv_apk_package, pv_apk_file,
	    pv_apk_csum, pv_apk_version };
	struct pv p = { names, n, vers, -1 };
	char *buf = NULL;
	size_t len;
	int trunc = 0, ret = -1;

	memset(vers, 0, n * sizeof *vers);
	if (tv_read(tv, "/var/lib/dpkg/status", PKGDB_MAX_DB_BYTES, &buf,
	    &len, &trunc) == 0) {
		dpkg_status_parse(buf, len, pv_stanza, &p, NULL, NULL);
		ret = 0;
	} else if (tv_read(tv, "/lib/apk/db/installed", PKGDB_MAX_DB_BYTES,
	    &buf, &len, &trunc) == 0) {
		apk_installed_parse(buf, len, &ops, &p, NULL, NULL);
		ret = 0;
	}
	free(buf);
	return ret;
}

int
pkgver_major(const char *v)
{
	const char *c;
	int major = 0;

	if (v == NULL)
		return -1;
	/* deb-version(7): an epoch is digits then ':' */
	for (c = v; *c >= '0' && *c <= '9'; c++)
		;
	if (*c == ':' && c > v)
		v = c + 1;
	if (*v < '0' || *v > '9')
		return -1;
	for (; *v >= '0' && *v <= '9'; v++) {
		if (major > 100000)
			return -1;
		major = major * 10 + (*v - '0');
	}
	return major;
}
