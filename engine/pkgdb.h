/*
 * pkgdb.h: which installed package of the target ships a path, and does
 * the file still hold what the package recorded? Read from the target's
 * own package database: dpkg's (var/lib/dpkg: status for what is
 * installed, info/PKG.list for the paths each ships, info/PKG.md5sums for
 * their MD5s, diversions for files moved aside) or apk's
 * (lib/apk/db/installed: P package, F folder, R file, Z checksum) or
 * rpm's (var/lib/rpm or usr/lib/sysimage/rpm: sqlite, or Berkeley DB
 * read-only, as the target's rpm wrote it, read through librpm from a
 * private copy: pkgdb-rpm.c). The parsers take buffers, so tests and
 * fuzzers feed them directly; the loader reads the target through its
 * view and never runs dpkg, apk or rpm.
 *
 * Merged /usr: on a target whose /bin, /sbin, /lib... are links to their
 * /usr twins, dpkg may list /bin/su while the walk finds /usr/bin/su (and
 * the other way round). Paths are compared in a canonical form with the
 * aliases the target actually has folded into /usr.
 */
#ifndef PRIVMAP_PKGDB_H
#define PRIVMAP_PKGDB_H

#include <stddef.h>

#include "parse/err.h"
#include "engine/report.h"
#include "engine/tv.h"

/* The package database is read past the usual MAX_FILE_BYTES: a desktop's
 * dpkg status file alone can pass 4 MiB. A file cut short makes the
 * database incomplete, and an incomplete database never says "no package
 * ships this". */
#define PKGDB_MAX_DB_BYTES	(256u << 20)
/* Content is hashed up to this size; a larger file is "too large to
 * verify" (checksum unknown), never a mismatch. */
#define PKGDB_MAX_VERIFY_BYTES	(64u << 20)
/* packages and kept paths, against a hostile database */
#define PKGDB_MAX_PACKAGES	200000
#define PKGDB_MAX_FILES		4000000

enum pkgdb_kind {
	PKGDB_NONE,		/* no database privmap can read */
	PKGDB_DPKG,
	PKGDB_APK,
	PKGDB_RPM,
};

/* the digest kinds a package database records for a file */
enum pkgdb_digest {
	PKGDB_DIGEST_NONE,
	PKGDB_DIGEST_MD5,
	PKGDB_DIGEST_SHA1,
	PKGDB_DIGEST_SHA256,
};

/* the folded /usr aliases: /X is a link to usr/X */
enum {
	USRMERGE_BIN = 0x01,
	USRMERGE_SBIN = 0x02,
	USRMERGE_LIB = 0x04,
	USRMERGE_LIB32 = 0x08,
	USRMERGE_LIB64 = 0x10,
	USRMERGE_LIBX32 = 0x20,
};

/* verification verdicts */
enum {
	PKGDB_UNKNOWN = -1,
	PKGDB_MISMATCH = 0,
	PKGDB_MATCH = 1,
};

struct pkgdb;

struct pkgdb	*pkgdb_new(void);
void		 pkgdb_free(struct pkgdb *);

/* Keep only these paths (and what they alias) from the lists parsed
 * after this call; with no want at all, every path is kept. Saves memory
 * when the caller knows its few candidates. */
void	pkgdb_want(struct pkgdb *, const char *path);
void	pkgdb_set_usrmerge(struct pkgdb *, unsigned mask);
/* The view and report lookups verify content with (not owned). */
void	pkgdb_set_target(struct pkgdb *, struct tv *, struct report *);
/* Mark the database incomplete (a part could not be read): lookups then
 * answer -1 rather than "not shipped". */
void	pkgdb_set_incomplete(struct pkgdb *);

/*
 * Parsers. Each appends what it understood; malformed lines go to err
 * (static message, line number) and are skipped. They return the number
 * of records kept (packages, paths or checksums).
 *
 * dpkg status: deb822 stanzas (deb-control(5) field syntax,
 * dpkg-query(1) package states); a package whose state leaves files on
 * disk (half-installed to installed) is kept.
 * list: one absolute path a line (dpkg's info/PKG.list).
 * md5sums: "HEX32  path-without-leading-slash" (dpkg's info/PKG.md5sums,
 * written by dh_md5sums / dpkg-deb).
 * diversions: triples of lines, from / to / package (":" for a local
 * diversion), as dpkg-divert(1) stores them.
 * pkg names the package ("login", "libc6:amd64"), as the info file does.
 */
size_t	pkgdb_parse_dpkg_status(struct pkgdb *, const char *buf, size_t len,
	    parse_err_fn, void *ctx);
size_t	pkgdb_parse_dpkg_list(struct pkgdb *, const char *pkg,
	    const char *buf, size_t len, parse_err_fn, void *ctx);
size_t	pkgdb_parse_dpkg_md5sums(struct pkgdb *, const char *pkg,
	    const char *buf, size_t len, parse_err_fn, void *ctx);
size_t	pkgdb_parse_dpkg_diversions(struct pkgdb *, const char *buf,
	    size_t len, parse_err_fn, void *ctx);
/* apk's installed database (apk-tools' "package database" text form:
 * "K:value" lines, a blank line between packages; Z holds "Q1" and the
 * base64 SHA-1 of the file, or in old databases the hex MD5). */
size_t	pkgdb_parse_apk_installed(struct pkgdb *, const char *buf,
	    size_t len, parse_err_fn, void *ctx);

/* Record that package pkg ships path (absolute), with its digest (dlen
 * bytes of the kind given, or PKGDB_DIGEST_NONE): what a database read
 * by a library (rpm's) hands over file by file. 1 if kept, 0 if not
 * wanted, over the bounds, or a digest of the wrong length. */
int	pkgdb_add_file(struct pkgdb *, const char *pkg, const char *path,
	    enum pkgdb_digest, const unsigned char *digest, size_t dlen);

/*
 * rpm's database of the target (pkgdb-rpm.c): 1 if one was found (read,
 * or not readable and the database marked incomplete with the reason in
 * the report's errors), 0 if the target has none. Its files are copied
 * through the view into a private directory (bounded), which librpm then
 * opens read-only: nothing of the target is opened by librpm, nothing is
 * run, and the scanning host's own rpm database and configuration are
 * never read.
 */
int	pkgdb_load_rpm(struct pkgdb *, struct tv *, struct report *);

/* Is dpkg's package (as an info file names it, "pkg" or "pkg:arch") in a
 * state that leaves files on disk? 1, 0, or -1 if status does not list
 * it. */
int	pkgdb_dpkg_installed(const struct pkgdb *, const char *infoname);

/*
 * Read the target's database: dpkg's if var/lib/dpkg/status exists, else
 * apk's, else rpm's. want (n paths, may be NULL) restricts what is kept, as
 * pkgdb_want(). Read failures go to rep's errors and make the database
 * incomplete. Never NULL: a target without a database gives PKGDB_NONE.
 */
struct pkgdb	*pkgdb_load(struct tv *, struct report *,
		    const char *const *want, size_t n);
enum pkgdb_kind	 pkgdb_kind(const struct pkgdb *);
void		 pkgdb_set_kind(struct pkgdb *, enum pkgdb_kind);
/* "dpkg", "apk", "rpm" or NULL */
const char	*pkgdb_kind_name(const struct pkgdb *);

/*
 * Which package ships path (absolute, inside the target)? 1 and *pkg set
 * (owned by the database) if one does; 0 if none does; -1 if there is no
 * usable database (none, or incomplete and the path not found). When a
 * package ships it, the file is read through the view (up to
 * PKGDB_MAX_VERIFY_BYTES) and hashed: *verified is PKGDB_MATCH,
 * PKGDB_MISMATCH, or PKGDB_UNKNOWN (no checksum recorded, too large,
 * unreadable: pkgdb_why() says which). Results are cached per path.
 */
int	pkgdb_lookup(struct pkgdb *, const char *path, const char **pkg,
	    int *verified);
/* Why the last lookup's verification is PKGDB_UNKNOWN (static), or NULL. */
const char *pkgdb_why(const struct pkgdb *);

/* The normalised parse, one
 * "path<TAB>package<TAB>md5:HEX|sha1:HEX|sha256:HEX|-"
 * line per kept path, sorted: for tests and debugging (allocated). */
char	*pkgdb_print(const struct pkgdb *);

#endif
