/*
 * pkgdb-rpm.c: rpm's package database of the target (RHEL, Fedora, Rocky,
 * Alma, UBI, SUSE) into the package database model of pkgdb.h, through
 * librpm. It must never let librpm open a file of the target, run
 * anything (no scriptlet, no %(shell) macro, no rpmrc or macro file
 * read), or touch the scanning host's own rpm database.
 *
 * How: the database files are read through the target view (bounded by
 * PKGDB_MAX_DB_BYTES each) and written to a private directory made with
 * mkdtemp; librpm's %_dbpath and %_db_backend are set to that directory
 * and the backend the files show, no configuration file is read, and
 * the database is opened O_RDONLY with signature and digest checks off
 * (they need a keyring; the database is only as trusted as the root that
 * wrote it, as dpkg's). The directory is removed before returning.
 *
 * Sources: rpm 4.18's lib/backend/ (sqlite.c: rpmdb.sqlite and its -wal
 * journal, which holds committed transactions until a checkpoint;
 * bdb_ro.c: the read-only Berkeley DB reader of "Packages"; ndb/: the
 * "Packages.db" of SUSE's NDB, not built into every librpm, Debian's
 * included), lib/rpmdb.c (rpmdbOpen takes %_dbpath relative to the root
 * dir, "/" by default), rpm's macros file (%_dbpath /var/lib/rpm until
 * Fedora 36 moved it to /usr/lib/sysimage/rpm) and rpmfiles.h (file
 * digests by algorithm: PGPHASHALGO_MD5 1, SHA1 2, SHA256 8).
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_RPM
#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmfi.h>
#include <rpm/rpmfiles.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmpgp.h>
#include <rpm/rpmts.h>
#endif

#include "engine/pkgdb.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

/* where rpm keeps its database, newest first; and the backends by the
 * file that marks each */
static const char *const dbdirs[] = {
	"/usr/lib/sysimage/rpm", "/var/lib/rpm", NULL,
};

static const struct {
	const char	*file;
	const char	*backend;
	const char	*extra;		/* a file it may also need */
	/* what the file starts with (at off), checked before librpm sees
	 * it: SQLite's file format ("SQLite format 3\0", fileformat2.html
	 * section 1.3), Berkeley DB's hash magic 0x061561 at byte 12 (db.h
	 * DB_HASHMAGIC, either byte order), NDB's "RpmP" (rpm's
	 * lib/backend/ndb/rpmpkg.c) */
	size_t		 off;
	const char	*magic;
	const char	*magic2;
	size_t		 mlen;
} backends[] = {
	{ "rpmdb.sqlite", "sqlite", "rpmdb.sqlite-wal", 0,
	    "SQLite format 3", NULL, 16 },
	{ "Packages.db", "ndb", "Index.db", 0, "RpmP", NULL, 4 },
	{ "Packages", "bdb_ro", NULL, 12, "\x61\x15\x06\x00",
	    "\x00\x06\x15\x61", 4 },
	{ NULL, NULL, NULL, 0, NULL, NULL, 0 },
};

/* the first database directory with a marker file: the backend's index,
 * or -1 */
static int
find_db(struct tv *tv, const char **dir)
{
	struct stat st;
	size_t d, b;

	for (d = 0; dbdirs[d]; d++)
		for (b = 0; backends[b].file; b++) {
			char *p = path_join(dbdirs[d], backends[b].file);
			int found = tv_stat(tv, p, &st) == 0 &&
			    S_ISREG(st.st_mode);

			free(p);
			if (found) {
				*dir = dbdirs[d];
				return (int)b;
			}
		}
	return -1;
}

#ifdef HAVE_RPM
/* copy the target's dir/name into tmp/name: 1, 0 when absent, -1 (and
 * -1 when b >= 0 and the file does not start as backend b's does: librpm
 * is not handed what is not a database of its kind) */
static int
copy_one(struct tv *tv, struct report *rep, const char *dir,
    const char *name, const char *tmp, int b)
{
	char *src = path_join(dir, name), *dst = path_join(tmp, name), *buf;
	size_t len, off = 0;
	int fd = -1, trunc = 0, ret = -1;

	if (tv_read(tv, src, PKGDB_MAX_DB_BYTES, &buf, &len, &trunc) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			ret = 0;
		else if (rep)
			report_add_error(rep, src, "cannot read: %s",
			    strerror(errno));
		goto out;
	}
	if (trunc) {
		if (rep)
			report_add_error(rep, src, "larger than %u bytes: "
			    "provenance is incomplete", PKGDB_MAX_DB_BYTES);
		free(buf);
		goto out;
	}
	if (b >= 0 && (len < backends[b].off + backends[b].mlen ||
	    (memcmp(buf + backends[b].off, backends[b].magic,
	    backends[b].mlen) != 0 && (backends[b].magic2 == NULL ||
	    memcmp(buf + backends[b].off, backends[b].magic2,
	    backends[b].mlen) != 0)))) {
		if (rep)
			report_add_error(rep, src, "not a %s database (its "
			    "first bytes are not those of the format): "
			    "provenance is unknown", backends[b].backend);
		free(buf);
		goto out;
	}
	fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	while (fd != -1 && off < len) {
		ssize_t w = write(fd, buf + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(buf);
	if (fd == -1 || off < len || close(fd) == -1) {
		if (rep)
			report_add_error(rep, src, "cannot copy the package "
			    "database to a private directory: %s",
			    strerror(errno));
		if (fd != -1 && off < len)
			close(fd);
		goto out;
	}
	ret = 1;
out:
	free(src);
	free(dst);
	return ret;
}

/* the private directory and everything librpm left in it (flat) */
static void
remove_tmp(const char *tmp)
{
	DIR *d = opendir(tmp);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		unlinkat(dirfd(d), e->d_name, 0);
	}
	if (d)
		closedir(d);
	rmdir(tmp);
}

/* librpm's messages: kept, never printed; the first error is the
 * reason given */
static char rpm_first_error[256];

static int
rpm_log(rpmlogRec rec, rpmlogCallbackData data)
{
	(void)data;
	if (rpmlogRecPriority(rec) <= RPMLOG_ERR && rpm_first_error[0] == '\0')
		snprintf(rpm_first_error, sizeof rpm_first_error, "%s",
		    rpmlogRecMessage(rec));
	return 0;
}

static enum pkgdb_digest
digest_kind(int algo)
{
	switch (algo) {
	case PGPHASHALGO_MD5:
		return PKGDB_DIGEST_MD5;
	case PGPHASHALGO_SHA1:
		return PKGDB_DIGEST_SHA1;
	case PGPHASHALGO_SHA256:
		return PKGDB_DIGEST_SHA256;
	default:
		return PKGDB_DIGEST_NONE;
	}
}

/* every installed header's files into db; the number of packages, or -1 */
static long
rpm_read(struct pkgdb *db, const char *tmp, const char *backend)
{
	rpmdbMatchIterator mi;
	rpmts ts;
	Header h;
	long n = 0;

	rpm_first_error[0] = '\0';
	rpmlogSetCallback(rpm_log, NULL);
	rpmPushMacro(NULL, "_dbpath", NULL, tmp, RMIL_CMDLINE);
	rpmPushMacro(NULL, "_db_backend", NULL, backend, RMIL_CMDLINE);
	ts = rpmtsCreate();
	rpmtsSetRootDir(ts, "/");
	rpmtsSetVSFlags(ts, RPMVSF_MASK_NODIGESTS | RPMVSF_MASK_NOSIGNATURES |
	    RPMVSF_NOHDRCHK);
	if (rpmtsOpenDB(ts, O_RDONLY) != 0) {
		n = -1;
		goto out;
	}
	mi = rpmtsInitIterator(ts, RPMDBI_PACKAGES, NULL, 0);
	while (mi && (h = rpmdbNextIterator(mi)) != NULL) {
		const char *name = headerGetString(h, RPMTAG_NAME);
		rpmfiles fs;
		rpmfi fi;

		if (name == NULL || n >= PKGDB_MAX_PACKAGES) {
			pkgdb_set_incomplete(db);
			continue;
		}
		n++;
		fs = rpmfilesNew(NULL, h, 0, RPMFI_KEEPHEADER);
		fi = rpmfilesIter(fs, RPMFI_ITER_FWD);
		while (fi && rpmfiNext(fi) >= 0) {
			const unsigned char *d;
			size_t dlen = 0;
			int algo = 0;

			/* a %ghost file's content is not the package's */
			if (rpmfiFFlags(fi) & RPMFILE_GHOST)
				d = NULL;
			else
				d = rpmfiFDigest(fi, &algo, &dlen);
			pkgdb_add_file(db, name, rpmfiFN(fi), d ?
			    digest_kind(algo) : PKGDB_DIGEST_NONE, d, d ? dlen :
			    0);
		}
		rpmfiFree(fi);
		rpmfilesFree(fs);
	}
	rpmdbFreeIterator(mi);
out:
	rpmtsFree(ts);
	rpmPopMacro(NULL, "_db_backend");
	rpmPopMacro(NULL, "_dbpath");
	rpmlogSetCallback(NULL, NULL);
	return n;
}
#endif

int
pkgdb_load_rpm(struct pkgdb *db, struct tv *tv, struct report *rep)
{
	const char *dir = NULL;
	char *tmp = NULL, *where = NULL;
	int b = find_db(tv, &dir);

	if (b == -1)
		return 0;
	pkgdb_set_kind(db, PKGDB_RPM);
	where = path_join(dir, backends[b].file);
#ifndef HAVE_RPM
	if (rep)
		report_add_error(rep, where, "an rpm database, but this privmap "
		    "was built without librpm (configure --with-rpm): "
		    "provenance is unknown");
	pkgdb_set_incomplete(db);
	goto out;
#else
	const char *tdir = getenv("TMPDIR");
	int r;

	tmp = xasprintf("%s/privmap-rpmdb.XXXXXX", tdir && tdir[0] == '/' ?
	    tdir : "/tmp");
	if (mkdtemp(tmp) == NULL) {
		if (rep)
			report_add_error(rep, where, "cannot make a private "
			    "directory for a copy of it: %s", strerror(errno));
		free(tmp);
		tmp = NULL;
		pkgdb_set_incomplete(db);
		goto out;
	}
	if (copy_one(tv, rep, dir, backends[b].file, tmp, b) != 1 ||
	    (backends[b].extra && copy_one(tv, rep, dir, backends[b].extra,
	    tmp, -1) == -1)) {
		pkgdb_set_incomplete(db);
		goto out;
	}
	if ((r = (int)rpm_read(db, tmp, backends[b].backend)) < 0) {
		if (rep)
			report_add_error(rep, where, "librpm cannot read this "
			    "%s database%s%s: provenance is unknown",
			    backends[b].backend, rpm_first_error[0] ? ": " : "",
			    rpm_first_error);
		pkgdb_set_incomplete(db);
	} else if (r == 0) {
		/* an empty or unreadable database never says "not shipped" */
		if (rep)
			report_add_error(rep, where, "no installed package "
			    "could be read from it%s%s: provenance is unknown",
			    rpm_first_error[0] ? ": " : "", rpm_first_error);
		pkgdb_set_incomplete(db);
	}
	goto out;
#endif
out:
#ifdef HAVE_RPM
	if (tmp)
		remove_tmp(tmp);
#endif
	free(tmp);
	free(where);
	return 1;
}
