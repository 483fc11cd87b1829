/*
 * pkgdb.c: the target's package database as "which package ships this
 * path, and is it unmodified?" (see pkgdb.h). Parsers work on buffers
 * (the status file's stanzas in parse/dpkg.c, apk's database in
 * parse/apk.c); pkgdb_load() reads dpkg's or apk's files through the
 * target view. It must never run a package manager, never write, and
 * never let a database it could not read in full claim that nothing
 * ships a file.
 *
 * Sources: deb-control(5) and deb822(5) for the status file's syntax;
 * dpkg-query(1) for package states (half-installed through installed
 * leave files on disk; config-files and not-installed do not);
 * dpkg-divert(1) and dpkg's src/main/divertdb.c layout for the
 * diversions file (three lines per diversion); dh_md5sums(1) and
 * md5sum(1) for info/PKG.md5sums; apk-tools' src/database.c
 * (apk_db_index_read / apk_db_write_fdb) for lib/apk/db/installed;
 * usrmerge's and Debian's /usr-merge notes (DEP 17) for the aliases.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/digest.h"
#include "lib/lines.h"
#include "engine/pkgdb.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "parse/apk.h"
#include "parse/dpkg.h"
#include "lib/str.h"
#include "lib/strmap.h"

enum { DK_NONE, DK_MD5, DK_SHA1 };

struct owner {
	size_t		 pkg;		/* index in names */
	unsigned char	 dkind;
	unsigned char	 digest[SHA1_LEN];
};

struct pfile {
	char		*path;		/* canonical: its key in files */
	struct owner	*o;
	size_t		 no;
	/* the cached lookup */
	int		 done;
	int		 ret;
	int		 verified;
	const char	*pkg;
	const char	*why;
};

struct dpkg_pkg {
	char		*name;
	char		*arch;		/* NULL if not given */
	int		 ondisk;
	int		 listed;	/* an info/PKG.list was read for it */
	size_t		 next;		/* next entry of the same name + 1 */
};

struct diversion {
	char		*from;		/* canonical */
	char		*to;
	char		*pkg;		/* ":" for a local diversion */
};

struct pkgdb {
	enum pkgdb_kind	 kind;
	unsigned	 usrmerge;
	int		 incomplete;
	struct tv	*tv;
	struct report	*rep;

	struct dpkg_pkg	*pkgs;
	size_t		 npkgs;
	struct strmap	 pkgidx;	/* name -> first index in pkgs */

	struct strmap	 names;		/* owner package names -> number */
	char		**namev;
	size_t		 nnames;
	unsigned char	*name_kept;	/* per name: owns a kept path */

	struct strmap	 files;		/* canonical path -> struct pfile */
	struct pfile	**filev;	/* every file, in the order added */
	size_t		 nfiles;
	struct strmap	 want;		/* canonical paths (copies) */
	struct diversion *div;
	size_t		 ndiv;
	int		 too_many;
	const char	*why;
};

static void
pfile_free(void *v)
{
	struct pfile *f = v;

	if (f) {
		free(f->path);
		free(f->o);
	}
	free(f);
}

struct pkgdb *
pkgdb_new(void)
{
	struct pkgdb *db = xcalloc(1, sizeof(struct pkgdb));

	db->want.copies = 1;
	return db;
}

void
pkgdb_free(struct pkgdb *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < db->npkgs; i++) {
		free(db->pkgs[i].name);
		free(db->pkgs[i].arch);
	}
	free(db->pkgs);
	strmap_free(&db->pkgidx);
	strmap_free(&db->names);
	for (i = 0; i < db->nnames; i++)
		free(db->namev[i]);
	free(db->namev);
	free(db->name_kept);
	strmap_free(&db->files);
	for (i = 0; i < db->nfiles; i++)
		pfile_free(db->filev[i]);
	free(db->filev);
	strmap_free(&db->want);
	for (i = 0; i < db->ndiv; i++) {
		free(db->div[i].from);
		free(db->div[i].to);
		free(db->div[i].pkg);
	}
	free(db->div);
	free(db);
}

void
pkgdb_set_usrmerge(struct pkgdb *db, unsigned mask)
{
	db->usrmerge = mask;
}

void
pkgdb_set_target(struct pkgdb *db, struct tv *tv, struct report *rep)
{
	db->tv = tv;
	db->rep = rep;
}

void
pkgdb_set_incomplete(struct pkgdb *db)
{
	db->incomplete = 1;
}

enum pkgdb_kind
pkgdb_kind(const struct pkgdb *db)
{
	return db->kind;
}

void
pkgdb_set_kind(struct pkgdb *db, enum pkgdb_kind k)
{
	db->kind = k;
}

const char *
pkgdb_kind_name(const struct pkgdb *db)
{
	switch (db->kind) {
	case PKGDB_DPKG:
		return "dpkg";
	case PKGDB_APK:
		return "apk";
	default:
		return NULL;
	}
}

const char *
pkgdb_why(const struct pkgdb *db)
{
	return db->why;
}

static const struct {
	const char	*dir;		/* "/bin" */
	unsigned	 bit;
} aliases[] = {
	{ "/bin", USRMERGE_BIN }, { "/sbin", USRMERGE_SBIN },
	{ "/lib", USRMERGE_LIB }, { "/lib32", USRMERGE_LIB32 },
	{ "/lib64", USRMERGE_LIB64 }, { "/libx32", USRMERGE_LIBX32 },
	{ NULL, 0 },
};

/* path with the target's folded aliases moved under /usr, and repeated
 * and trailing slashes dropped (allocated) */
static char *
canon(const struct pkgdb *db, const char *path, size_t len)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;
	char *s;

	for (i = 0; i < len; i++) {
		if (path[i] == '/' && b.len && b.data[b.len - 1] == '/')
			continue;
		buf_addc(&b, path[i]);
	}
	if (b.len > 1 && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	s = buf_str(&b);
	for (i = 0; aliases[i].dir; i++) {
		size_t n = strlen(aliases[i].dir);

		if (!(db->usrmerge & aliases[i].bit) || strncmp(s, aliases[i].dir,
		    n) != 0 || (s[n] != '/' && s[n] != '\0'))
			continue;
		s = xasprintf("/usr%s", b.data);
		buf_free(&b);
		return s;
	}
	return s;
}

void
pkgdb_want(struct pkgdb *db, const char *path)
{
	char *c = canon(db, path, strlen(path));

	strmap_adds(&db->want, c, 0, NULL);
	free(c);
}

static int
is_wanted(const struct pkgdb *db, const char *c)
{
	return db->want.n == 0 || strmap_gets(&db->want, c) != STRMAP_NONE;
}

static size_t
name_intern(struct pkgdb *db, const char *name)
{
	size_t idx = strmap_gets(&db->names, name);

	if (idx == STRMAP_NONE) {
		db->namev = xreallocarray(db->namev, db->nnames + 1,
		    sizeof *db->namev);
		db->name_kept = xrealloc(db->name_kept, db->nnames + 1);
		db->name_kept[db->nnames] = 0;
		db->namev[db->nnames] = xstrdup(name);
		idx = db->nnames++;
		strmap_adds(&db->names, db->namev[idx], idx, NULL);
	}
	return idx;
}

/* record that package name ships canonical path c */
static struct owner *
add_owner(struct pkgdb *db, const char *c, size_t pkg)
{
	struct pfile *f = strmap_getp(&db->files, c, strlen(c));
	size_t i;

	if (f == NULL && db->nfiles >= PKGDB_MAX_FILES) {
		db->too_many = 1;
		db->incomplete = 1;
		return NULL;
	}
	if (f == NULL) {
		f = xcalloc(1, sizeof(struct pfile));
		f->path = xstrdup(c);
		strmap_addp(&db->files, f->path, strlen(f->path), f);
		db->filev = xgrow(db->filev, db->nfiles, sizeof *db->filev);
		db->filev[db->nfiles++] = f;
	}
	for (i = 0; i < f->no; i++)
		if (f->o[i].pkg == pkg)
			return &f->o[i];
	f->o = xreallocarray(f->o, f->no + 1, sizeof *f->o);
	memset(&f->o[f->no], 0, sizeof *f->o);
	f->o[f->no].pkg = pkg;
	f->done = 0;
	db->name_kept[pkg] = 1;
	return &f->o[f->no++];
}

static void
perr(parse_err_fn err, void *ctx, unsigned line, const char *why)
{
	if (err)
		err(ctx, line, why);
}

/* a stanza of the status file (parse/dpkg.h) into the database */
static const char *
dpkg_stanza_add(void *vdb, struct dpkg_stanza *st)
{
	struct pkgdb *db = vdb;
	size_t first;

	if (db->npkgs >= PKGDB_MAX_PACKAGES) {
		db->incomplete = 1;
		return "too many packages";
	}
	db->pkgs = xreallocarray(db->pkgs, db->npkgs + 1, sizeof *db->pkgs);
	db->pkgs[db->npkgs].name = st->pkg;
	db->pkgs[db->npkgs].arch = st->arch;
	db->pkgs[db->npkgs].ondisk = st->has_status && st->ondisk;
	db->pkgs[db->npkgs].listed = 0;
	db->pkgs[db->npkgs].next = 0;
	if (!strmap_adds(&db->pkgidx, db->pkgs[db->npkgs].name, db->npkgs,
	    &first)) {
		size_t j = first;

		while (db->pkgs[j].next)
			j = db->pkgs[j].next - 1;
		db->pkgs[j].next = db->npkgs + 1;
	}
	db->npkgs++;
	st->pkg = st->arch = NULL;
	return NULL;
}

size_t
pkgdb_parse_dpkg_status(struct pkgdb *db, const char *buf, size_t len,
    parse_err_fn err, void *ctx)
{
	return dpkg_status_parse(buf, len, dpkg_stanza_add, db, err, ctx);
}

int
pkgdb_dpkg_installed(const struct pkgdb *db, const char *infoname)
{
	const char *colon = strchr(infoname, ':');
	char *name = colon ? xstrndup(infoname, (size_t)(colon - infoname)) :
	    xstrdup(infoname);
	const char *arch = colon ? colon + 1 : NULL;
	size_t first = strmap_gets(&db->pkgidx, name), i;
	int ret = -1;

	if (first == STRMAP_NONE)
		goto out;
	/* the same name may appear once per architecture */
	for (i = first + 1; i; i = db->pkgs[i - 1].next) {
		const struct dpkg_pkg *p = &db->pkgs[i - 1];

		if (arch && (p->arch == NULL || strcmp(p->arch, arch) != 0))
			continue;
		if (p->ondisk) {
			ret = 1;
			break;
		}
		ret = 0;
	}
out:
	free(name);
	return ret;
}

/* mark the status entries for an info name as having a list */
static void
dpkg_mark_listed(struct pkgdb *db, const char *infoname)
{
	const char *colon = strchr(infoname, ':');
	char *name = colon ? xstrndup(infoname, (size_t)(colon - infoname)) :
	    xstrdup(infoname);
	size_t first = strmap_gets(&db->pkgidx, name), i;

	for (i = first != STRMAP_NONE ? first + 1 : 0; i;
	    i = db->pkgs[i - 1].next)
		if (colon == NULL || (db->pkgs[i - 1].arch &&
		    strcmp(db->pkgs[i - 1].arch, colon + 1) == 0))
			db->pkgs[i - 1].listed = 1;
	free(name);
}

size_t
pkgdb_parse_dpkg_list(struct pkgdb *db, const char *pkg, const char *buf,
    size_t len, parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s;
	size_t n, kept = 0, idx = name_intern(db, pkg);
	int r;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		char *c;

		if (r == -1) {
			perr(err, ctx, l.lineno, "line too long");
			continue;
		}
		if (n == 0)
			continue;
		if (memchr(s, '\0', n)) {
			perr(err, ctx, l.lineno, "NUL byte in line");
			continue;
		}
		if (s[0] != '/') {
			perr(err, ctx, l.lineno, "path is not absolute");
			continue;
		}
		if (n == 2 && s[1] == '.')
			continue;	/* "/.": the root directory */
		c = canon(db, s, n);
		if (is_wanted(db, c) && add_owner(db, c, idx))
			kept++;
		free(c);
	}
	return kept;
}

/* the owner record of package idx for canonical path c, or NULL */
static struct owner *
find_owner(struct pkgdb *db, const char *c, size_t idx)
{
	struct pfile *f = strmap_getp(&db->files, c, strlen(c));
	size_t i;

	if (f == NULL)
		return NULL;
	for (i = 0; i < f->no; i++)
		if (f->o[i].pkg == idx)
			return &f->o[i];
	return NULL;
}

size_t
pkgdb_parse_dpkg_md5sums(struct pkgdb *db, const char *pkg, const char *buf,
    size_t len, parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s;
	size_t n, kept = 0, idx = name_intern(db, pkg);
	int r;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		unsigned char d[MD5_LEN];
		struct owner *o;
		struct buf p = { NULL, 0, 0 };
		const char *path;
		size_t pl;
		char *c;

		if (r == -1) {
			perr(err, ctx, l.lineno, "line too long");
			continue;
		}
		if (n == 0)
			continue;
		if (memchr(s, '\0', n)) {
			perr(err, ctx, l.lineno, "NUL byte in line");
			continue;
		}
		/* md5sum(1) output: 32 hex digits, a space, then a space
		 * (text mode) or '*' (binary mode), then the name */
		if (n < 35 || digest_unhex(s, 32, d, MD5_LEN) == -1 ||
		    s[32] != ' ' || (s[33] != ' ' && s[33] != '*')) {
			perr(err, ctx, l.lineno, "not an md5sum line");
			continue;
		}
		path = s + 34;
		pl = n - 34;
		if (path[0] != '/')
			buf_addc(&p, '/');
		buf_add(&p, path, pl);
		buf_str(&p);
		c = canon(db, p.data, p.len);
		buf_free(&p);
		if (is_wanted(db, c) && (o = find_owner(db, c, idx)) != NULL) {
			o->dkind = DK_MD5;
			memcpy(o->digest, d, MD5_LEN);
			kept++;
		}
		free(c);
	}
	return kept;
}

size_t
pkgdb_parse_dpkg_diversions(struct pkgdb *db, const char *buf, size_t len,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s;
	size_t n, kept = 0;
	char *v[3];
	unsigned first = 0;
	int r, k = 0;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		if (r == -1 || memchr(s, '\0', n) || n == 0 ||
		    (k < 2 && s[0] != '/')) {
			perr(err, ctx, l.lineno, r == -1 ? "line too long" :
			    "malformed diversion line");
			/* the triple is lost: resynchronise on the next
			 * absolute path that starts a triple */
			while (k > 0)
				free(v[--k]);
			continue;
		}
		if (k == 0)
			first = l.lineno;
		v[k] = k < 2 ? canon(db, s, n) : xstrndup(s, n);
		k++;
		if (k < 3)
			continue;
		k = 0;
		if (db->ndiv >= PKGDB_MAX_PACKAGES) {
			free(v[0]);
			free(v[1]);
			free(v[2]);
			continue;
		}
		db->div = xreallocarray(db->div, db->ndiv + 1,
		    sizeof *db->div);
		db->div[db->ndiv].from = v[0];
		db->div[db->ndiv].to = v[1];
		db->div[db->ndiv].pkg = v[2];
		db->ndiv++;
		kept++;
		/* a wanted path on either side makes the other wanted */
		if (db->want.n && (strmap_gets(&db->want, v[0]) !=
		    STRMAP_NONE || strmap_gets(&db->want, v[1]) !=
		    STRMAP_NONE)) {
			strmap_adds(&db->want, v[0], 0, NULL);
			strmap_adds(&db->want, v[1], 0, NULL);
		}
	}
	if (k) {
		perr(err, ctx, first, "incomplete diversion at the end");
		while (k > 0)
			free(v[--k]);
	}
	return kept;
}

/* what apk's database (parse/apk.h) is filling: the package of the
 * lines being read, the last file kept */
struct apk_fill {
	struct pkgdb	*db;
	size_t		 pkg;
	char		*lastfile;	/* canonical */
};

static void
apk_package(void *fctx, const char *name)
{
	struct apk_fill *a = fctx;

	a->pkg = name_intern(a->db, name);
}

static int
apk_file(void *fctx, const char *path)
{
	struct apk_fill *a = fctx;
	char *c = canon(a->db, path, strlen(path));

	free(a->lastfile);
	a->lastfile = NULL;
	if (is_wanted(a->db, c) && add_owner(a->db, c, a->pkg)) {
		a->lastfile = c;
		return 1;
	}
	free(c);
	return 0;
}

static int
apk_csum(void *fctx, const char *v, size_t n)
{
	struct apk_fill *a = fctx;
	struct owner *o = find_owner(a->db, a->lastfile, a->pkg);
	int k;

	if (o == NULL)
		return 0;
	/* decoded in place, into the owner's digest, as before the split */
	if ((k = apk_csum_decode(v, n, o->digest)) == -1)
		return -1;
	o->dkind = k == APK_CSUM_SHA1 ? DK_SHA1 : DK_MD5;
	return 0;
}

size_t
pkgdb_parse_apk_installed(struct pkgdb *db, const char *buf, size_t len,
    parse_err_fn err, void *ctx)
{
	static const struct apk_ops ops = { apk_package, apk_file, apk_csum,
	    NULL };
	struct apk_fill a = { db, 0, NULL };
	size_t kept;

	kept = apk_installed_parse(buf, len, &ops, &a, err, ctx);
	free(a.lastfile);
	return kept;
}

/* Read a database file: 0, or -1 (ENOENT quietly; other errors and
 * truncation recorded, the database marked incomplete). */
static int
db_read(struct pkgdb *db, const char *path, char **buf, size_t *len)
{
	int trunc = 0;

	if (tv_read(db->tv, path, PKGDB_MAX_DB_BYTES, buf, len, &trunc) ==
	    -1) {
		if (errno != ENOENT && errno != ENOTDIR) {
			int e = errno;

			if (db->rep)
				report_add_error(db->rep, path, "cannot read: %s",
				    strerror(e));
			db->incomplete = 1;
			errno = e;
		}
		return -1;
	}
	if (trunc) {
		if (db->rep)
			report_add_error(db->rep, path, "truncated: only the "
			    "first %u bytes were read; provenance is "
			    "incomplete", PKGDB_MAX_DB_BYTES);
		db->incomplete = 1;
	}
	return 0;
}

struct perr_ctx {
	struct pkgdb	*db;
	const char	*path;
	unsigned	 count;
};

/* a malformed line in a package database: one error per file */
static void
load_err(void *vctx, unsigned line, const char *why)
{
	struct perr_ctx *pc = vctx;

	if (pc->count++ == 0 && pc->db->rep)
		report_add_error(pc->db->rep, pc->path, "line %u: %s", line,
		    why);
}

static void
dpkg_load(struct pkgdb *db, char *status, size_t slen)
{
	static const char info[] = "/var/lib/dpkg/info";
	struct perr_ctx pc = { db, "/var/lib/dpkg/status", 0 };
	char **names = NULL, *buf, *path, *base;
	size_t n = 0, i, len, missing = 0;
	const char *first_missing = NULL;

	db->kind = PKGDB_DPKG;
	pkgdb_parse_dpkg_status(db, status, slen, load_err, &pc);
	if (db_read(db, "/var/lib/dpkg/diversions", &buf, &len) == 0) {
		struct perr_ctx dc = { db, "/var/lib/dpkg/diversions", 0 };

		pkgdb_parse_dpkg_diversions(db, buf, len, load_err, &dc);
		free(buf);
	}
	if (tv_list(db->tv, info, &names, &n) == -1) {
		if (db->rep)
			report_add_error(db->rep, info, "cannot list: %s",
			    strerror(errno));
		db->incomplete = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		struct perr_ctx lc = { db, NULL, 0 };

		if (!has_proper_suffix(names[i], ".list"))
			continue;
		base = xstrndup(names[i], strlen(names[i]) - 5);
		/* leftovers of removed packages are not on disk */
		if (pkgdb_dpkg_installed(db, base) != 1) {
			free(base);
			continue;
		}
		dpkg_mark_listed(db, base);
		path = path_join(info, names[i]);
		lc.path = path;
		if (db_read(db, path, &buf, &len) == 0) {
			pkgdb_parse_dpkg_list(db, base, buf, len, load_err,
			    &lc);
			free(buf);
		}
		free(path);
		free(base);
	}
	/* checksums, only of packages that ship a kept path */
	for (i = 0; i < db->nnames; i++) {
		struct perr_ctx mc = { db, NULL, 0 };

		if (!db->name_kept[i])
			continue;
		base = xasprintf("%s.md5sums", db->namev[i]);
		path = path_join(info, base);
		mc.path = path;
		if (db_read(db, path, &buf, &len) == 0) {
			pkgdb_parse_dpkg_md5sums(db, db->namev[i], buf, len,
			    load_err, &mc);
			free(buf);
		}
		free(path);
		free(base);
	}
	for (i = 0; i < db->npkgs; i++)
		if (db->pkgs[i].ondisk && !db->pkgs[i].listed) {
			if (missing++ == 0)
				first_missing = db->pkgs[i].name;
		}
	if (missing && db->rep) {
		report_add_error(db->rep, info, "%zu installed package%s no "
		    "file list (%s%s): provenance is incomplete", missing,
		    missing == 1 ? " has" : "s have", first_missing,
		    missing > 1 ? ", ..." : "");
		db->incomplete = 1;
	} else if (missing)
		db->incomplete = 1;
	tv_list_free(names, n);
}

static unsigned
detect_usrmerge(struct tv *tv)
{
	unsigned mask = 0;
	size_t i;

	for (i = 0; aliases[i].dir; i++) {
		char target[256], *t;
		ssize_t n = tv_readlink(tv, aliases[i].dir, target,
		    sizeof target - 1);

		if (n <= 0)
			continue;
		target[n] = '\0';
		while (n > 1 && target[n - 1] == '/')
			target[--n] = '\0';
		/* "usr/bin" (usrmerge, debootstrap) or "/usr/bin" */
		t = target + (target[0] == '/');
		if (strncmp(t, "usr/", 4) == 0 &&
		    strcmp(t + 4, aliases[i].dir + 1) == 0)
			mask |= aliases[i].bit;
	}
	return mask;
}

struct pkgdb *
pkgdb_load(struct tv *tv, struct report *rep, const char *const *want,
    size_t nwant)
{
	struct pkgdb *db = pkgdb_new();
	char *buf = NULL;
	size_t len, i;

	db->tv = tv;
	db->rep = rep;
	db->usrmerge = detect_usrmerge(tv);
	for (i = 0; i < nwant; i++)
		pkgdb_want(db, want[i]);
	if (db_read(db, "/var/lib/dpkg/status", &buf, &len) == 0) {
		dpkg_load(db, buf, len);
		free(buf);
		return db;
	}
	if (errno != ENOENT && errno != ENOTDIR) {
		db->kind = PKGDB_DPKG;	/* there, but unreadable */
		db->incomplete = 1;
		return db;
	}
	if (db_read(db, "/lib/apk/db/installed", &buf, &len) == 0) {
		struct perr_ctx pc = { db, "/lib/apk/db/installed", 0 };

		db->kind = PKGDB_APK;
		pkgdb_parse_apk_installed(db, buf, len, load_err, &pc);
		free(buf);
		return db;
	}
	if (errno != ENOENT && errno != ENOTDIR) {
		db->kind = PKGDB_APK;
		db->incomplete = 1;
	}
	return db;
}

/* hash the file once per digest kind asked for */
static int
verify(struct pkgdb *db, const char *path, const struct pfile *f,
    size_t *which)
{
	unsigned char md5[MD5_LEN], sha[SHA1_LEN];
	int need_md5 = 0, need_sha = 0, trunc = 0, any = 0;
	char *buf = NULL;
	size_t len, i;

	for (i = 0; i < f->no; i++) {
		need_md5 |= f->o[i].dkind == DK_MD5;
		need_sha |= f->o[i].dkind == DK_SHA1;
	}
	if (!need_md5 && !need_sha) {
		db->why = "the package recorded no checksum for it";
		return PKGDB_UNKNOWN;
	}
	if (db->tv == NULL) {
		db->why = "no target to read it from";
		return PKGDB_UNKNOWN;
	}
	if (tv_read(db->tv, path, PKGDB_MAX_VERIFY_BYTES, &buf, &len,
	    &trunc) == -1) {
		if (db->rep)
			report_add_error(db->rep, path, "cannot read to verify "
			    "its checksum: %s", strerror(errno));
		db->why = "unreadable";
		return PKGDB_UNKNOWN;
	}
	if (trunc) {
		free(buf);
		db->why = "too large to verify";
		return PKGDB_UNKNOWN;
	}
	if (need_md5)
		md5_buf(buf, len, md5);
	if (need_sha)
		sha1_buf(buf, len, sha);
	free(buf);
	for (i = 0; i < f->no; i++) {
		const struct owner *o = &f->o[i];

		if (o->dkind == DK_NONE)
			continue;
		if (!any)
			*which = i;
		any = 1;
		if ((o->dkind == DK_MD5 && memcmp(o->digest, md5, MD5_LEN) ==
		    0) || (o->dkind == DK_SHA1 && memcmp(o->digest, sha,
		    SHA1_LEN) == 0)) {
			*which = i;
			return PKGDB_MATCH;
		}
	}
	return PKGDB_MISMATCH;
}

int
pkgdb_lookup(struct pkgdb *db, const char *path, const char **pkg,
    int *verified)
{
	char *c = NULL;
	const char *look, *only = NULL, *exclude = NULL;
	struct pfile *f, sub;
	size_t i, which = 0;
	int ret = -1;

	*pkg = NULL;
	*verified = PKGDB_UNKNOWN;
	db->why = NULL;
	if (db->kind == PKGDB_NONE)
		goto out;
	c = canon(db, path, strlen(path));
	look = c;
	/* dpkg-divert(1): the package's file now lives at "to"; whatever
	 * sits at "from" belongs to the diverting package, or to the
	 * administrator for a local (":") diversion */
	for (i = 0; i < db->ndiv; i++) {
		if (strcmp(db->div[i].to, c) == 0) {
			look = db->div[i].from;
			exclude = db->div[i].pkg;
			break;
		}
		if (strcmp(db->div[i].from, c) == 0) {
			if (strcmp(db->div[i].pkg, ":") == 0) {
				db->why = "locally diverted: the file is the "
				    "administrator's";
				ret = 0;
				goto out;
			}
			only = db->div[i].pkg;
			break;
		}
	}
	f = strmap_getp(&db->files, look, strlen(look));
	if (f == NULL) {
		ret = db->incomplete ? -1 : 0;
		goto out;
	}
	if (f->done && only == NULL && exclude == NULL) {
		*pkg = f->pkg;
		*verified = f->verified;
		db->why = f->why;
		ret = f->ret;
		goto out;
	}
	/* the owners that may have put this file here */
	sub.o = xcalloc(f->no, sizeof *sub.o);
	sub.no = 0;
	for (i = 0; i < f->no; i++) {
		const char *nm = db->namev[f->o[i].pkg];

		if ((only && strcmp(nm, only) != 0) ||
		    (exclude && strcmp(nm, exclude) == 0))
			continue;
		sub.o[sub.no++] = f->o[i];
	}
	if (sub.no == 0) {
		free(sub.o);
		ret = db->incomplete ? -1 : 0;
		goto out;
	}
	*verified = verify(db, path, &sub, &which);
	*pkg = db->namev[sub.o[which].pkg];
	free(sub.o);
	ret = 1;
	if (only == NULL && exclude == NULL) {
		f->done = 1;
		f->ret = ret;
		f->pkg = *pkg;
		f->verified = *verified;
		f->why = db->why;
	}
out:
	free(c);
	return ret;
}

static int
cmp_pfile(const void *a, const void *b)
{
	const struct pfile *const *x = a, *const *y = b;

	return strcmp((*x)->path, (*y)->path);
}

char *
pkgdb_print(const struct pkgdb *db)
{
	struct buf b = { NULL, 0, 0 };
	const struct pfile **fv = xcalloc(db->nfiles + 1, sizeof *fv);
	size_t i, j, n = db->nfiles;

	for (i = 0; i < n; i++)
		fv[i] = db->filev[i];
	if (n > 1)
		qsort(fv, n, sizeof *fv, cmp_pfile);
	for (i = 0; i < n; i++) {
		const struct pfile *f = fv[i];

		for (j = 0; j < f->no; j++) {
			char hex[SHA1_LEN * 2 + 1];
			const struct owner *o = &f->o[j];

			buf_printf(&b, "%s\t%s\t", f->path, db->namev[o->pkg]);
			if (o->dkind == DK_MD5) {
				digest_hex(o->digest, MD5_LEN, hex);
				buf_printf(&b, "md5:%s\n", hex);
			} else if (o->dkind == DK_SHA1) {
				digest_hex(o->digest, SHA1_LEN, hex);
				buf_printf(&b, "sha1:%s\n", hex);
			} else
				buf_adds(&b, "-\n");
		}
	}
	free(fv);
	buf_addc(&b, '\0');
	return b.data;
}
