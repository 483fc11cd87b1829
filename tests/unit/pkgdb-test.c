/*
 * pkgdb-test.c: the package database parsers on real-world shapes
 * (Debian 12's status stanzas, a Multi-Arch: same package, md5sums in
 * text and binary mode, a dpkg-divert triple, Alpine 3.20's installed
 * database with Q1 checksums) and on hostile input (NULs, over-long
 * lines, missing fields, an unfinished diversion); then lookups against
 * files on disk: match, mismatch, no checksum, not shipped, merged /usr
 * both ways, diversions, and a database too incomplete to say "no";
 * rpm's files handed over one by one with SHA-256 digests.
 */
#include <sys/stat.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/bounds.h"
#include "lib/digest.h"
#include "engine/pkgdb.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "t.h"

/* what the parser reported (t.h) */
static struct t_errs errs;

static const char status[] =
    "Package: login\n"
    "Essential: yes\n"
    "Status: install ok installed\n"
    "Priority: required\n"
    "Section: admin\n"
    "Installed-Size: 2720\n"
    "Maintainer: Debian Shadow Maintainers <pkg-shadow-devel@lists.alioth."
    "debian.org>\n"
    "Architecture: amd64\n"
    "Source: shadow\n"
    "Version: 1:4.13+dfsg1-1+b1\n"
    "Replaces: util-linux (<< 2.32-0.2~)\n"
    "Pre-Depends: libaudit1 (>= 1:2.2.1), libc6 (>= 2.34)\n"
    "Conffiles:\n"
    " /etc/login.defs fb3a4e8c2ae3e6a0a3d0f0b4a1e1d52a\n"
    " /etc/pam.d/login 1a4a2c9f0e3b7a9d6b8e5b5bbd4c8e0f\n"
    "Description: system login tools\n"
    " This package provides some required infrastructure for logins and\n"
    " for changing effective user or group IDs, including:\n"
    "  * login, the program that invokes a user shell on a virtual "
    "terminal;\n"
    "Homepage: https://github.com/shadow-maint/shadow\n"
    "\n"
    "Package: libc6\n"
    "Status: install ok installed\n"
    "Multi-Arch: same\n"
    "Architecture: amd64\n"
    "Version: 2.36-9+deb12u4\n"
    "\n"
    "Package: libc6\n"
    "Status: install ok installed\n"
    "Multi-Arch: same\n"
    "Architecture: i386\n"
    "\n"
    "Package: oldtool\n"
    "Status: deinstall ok config-files\n"
    "Architecture: amd64\n"
    "\n"
    "package: halfway\n"
    "status: install reinstreq half-installed\n"
    "\n"
    "Package: purged\n"
    "Status: purge ok not-installed\n"
    "\n";

static void
test_status(void)
{
	struct pkgdb *db = pkgdb_new();

	memset(&errs, 0, sizeof errs);
	T_EQ_INT(pkgdb_parse_dpkg_status(db, status, sizeof status - 1,
	    t_on_err, &errs), 6);
	T_EQ_INT(errs.n, 0);
	T_EQ_INT(pkgdb_dpkg_installed(db, "login"), 1);
	T_EQ_INT(pkgdb_dpkg_installed(db, "libc6:amd64"), 1);
	T_EQ_INT(pkgdb_dpkg_installed(db, "libc6:i386"), 1);
	T_EQ_INT(pkgdb_dpkg_installed(db, "libc6:arm64"), -1);
	T_EQ_INT(pkgdb_dpkg_installed(db, "oldtool"), 0);
	T_EQ_INT(pkgdb_dpkg_installed(db, "halfway"), 1);
	T_EQ_INT(pkgdb_dpkg_installed(db, "purged"), 0);
	T_EQ_INT(pkgdb_dpkg_installed(db, "nosuch"), -1);
	pkgdb_free(db);
}

static void
test_status_hostile(void)
{
	static const char bad[] =
	    "Package: a\nStatus: install ok installed\n"
	    "this line has no colon\n"
	    ": no name\n"
	    "Package: second\n"
	    "\n"
	    "Status: install ok installed\n"	/* no Package */
	    "\n"
	    "Package: has/slash\nStatus: install ok installed\n\n"
	    "Package: b\0x\nStatus: install ok installed\n\n"
	    "Package: c\nStatus: install\n\n";	/* too few words */
	struct pkgdb *db = pkgdb_new();
	char *huge;
	size_t n = MAX_LINE + 100;

	memset(&errs, 0, sizeof errs);
	pkgdb_parse_dpkg_status(db, bad, sizeof bad - 1, t_on_err, &errs);
	T_EQ_INT(pkgdb_dpkg_installed(db, "a"), 1);
	T_EQ_INT(pkgdb_dpkg_installed(db, "second"), -1);
	T_EQ_INT(pkgdb_dpkg_installed(db, "c"), 0);
	/* no colon, no name, second Package, no Package, slash (and its
	 * stanza left without a Package), NUL (the same) */
	T_EQ_INT(errs.n, 8);
	pkgdb_free(db);

	/* an over-long line is skipped whole; the stanza goes on */
	huge = xmalloc(n + 64);
	memcpy(huge, "Package: d\nDescription: ", 24);
	memset(huge + 24, 'x', n);
	memcpy(huge + 24 + n, "\nStatus: install ok installed\n", 30);
	db = pkgdb_new();
	memset(&errs, 0, sizeof errs);
	pkgdb_parse_dpkg_status(db, huge, 24 + n + 30, t_on_err, &errs);
	T_EQ_INT(errs.n, 1);
	T_EQ_INT(errs.line[errs.n - 1], 2);
	T_EQ_INT(pkgdb_dpkg_installed(db, "d"), 1);
	pkgdb_free(db);
	free(huge);
}

static void
test_lists_print(void)
{
	static const char list[] =
	    "/.\n/bin\n/bin/login\n/bin/su\n//etc/\n/etc/login.defs\n"
	    "/usr/bin/newgrp\n/usr/share/doc/login/\n";
	static const char md5[] =
	    "0cc175b9c0f1b6a831c399e269772661  bin/su\n"
	    "900150983cd24fb0d6963f7d28e17f72 *usr/bin/newgrp\n"
	    "not a line\n"
	    "d41d8cd98f00b204e9800998ecf8427e  usr/share/doc/not-listed\n";
	struct pkgdb *db = pkgdb_new();
	char *out;

	pkgdb_set_usrmerge(db, USRMERGE_BIN);
	memset(&errs, 0, sizeof errs);
	T_EQ_INT(pkgdb_parse_dpkg_list(db, "login", list, sizeof list - 1,
	    t_on_err, &errs), 7);
	T_EQ_INT(pkgdb_parse_dpkg_md5sums(db, "login", md5, sizeof md5 - 1,
	    t_on_err, &errs), 2);
	T_EQ_INT(errs.n, 1);
	T_EQ_INT(errs.line[errs.n - 1], 3);
	out = pkgdb_print(db);
	T_EQ_STR(out,
	    "/etc\tlogin\t-\n"
	    "/etc/login.defs\tlogin\t-\n"
	    "/usr/bin\tlogin\t-\n"
	    "/usr/bin/login\tlogin\t-\n"
	    "/usr/bin/newgrp\tlogin\tmd5:900150983cd24fb0d6963f7d28e17f72\n"
	    "/usr/bin/su\tlogin\tmd5:0cc175b9c0f1b6a831c399e269772661\n"
	    "/usr/share/doc/login\tlogin\t-\n");
	free(out);
	pkgdb_free(db);

	/* with a want filter only the candidates stay */
	db = pkgdb_new();
	pkgdb_want(db, "/bin/su");
	T_EQ_INT(pkgdb_parse_dpkg_list(db, "login", list, sizeof list - 1,
	    NULL, NULL), 1);
	out = pkgdb_print(db);
	T_EQ_STR(out, "/bin/su\tlogin\t-\n");
	free(out);
	pkgdb_free(db);
}

static void
test_apk(void)
{
	/* the shape of Alpine 3.20's lib/apk/db/installed */
	static const char apk[] =
	    "C:Q1jhS0hKtJAzAE3IftIhYT0G9p7uU=\n"
	    "P:busybox\n"
	    "V:1.36.1-r29\n"
	    "A:x86_64\n"
	    "S:509506\n"
	    "I:950272\n"
	    "T:Size optimized toolbox of many common UNIX utilities\n"
	    "U:https://busybox.net/\n"
	    "L:GPL-2.0-only\n"
	    "o:busybox\n"
	    "m:Sören Tempel <soeren+alpine@soeren-tempel.net>\n"
	    "t:1716317064\n"
	    "c:a2be2b3b2f8d0e6b8ff2c2a0b4d5e6f7a8b9c0d1\n"
	    "D:so:libc.musl-x86_64.so.1\n"
	    "p:/bin/sh cmd:busybox=1.36.1-r29\n"
	    "F:bin\n"
	    "R:busybox\n"
	    "a:0:0:755\n"
	    "Z:Q1qZk+NkcGgWq6PiVxeFDCbJzQ2J0=\n"
	    "R:sh\n"
	    "a:0:0:777\n"
	    "Z:Q1FnlWM+LBVDBko61wrDunHT1Ymzs=\n"
	    "F:etc\n"
	    "M:0:0:755\n"
	    "F:etc/securetty\n"
	    "\n"
	    "P:bbsuid\n"
	    "V:1.36.1-r29\n"
	    "F:bin\n"
	    "R:bbsuid\n"
	    "a:0:0:4111\n"
	    "Z:Q1badbase64!!\n"
	    "R:plain\n"
	    "Z:0cc175b9c0f1b6a831c399e269772661\n"
	    "\n"
	    "R:orphan\n"			/* before any P: */
	    "x\n";
	struct pkgdb *db = pkgdb_new();
	char *out;

	memset(&errs, 0, sizeof errs);
	T_EQ_INT(pkgdb_parse_apk_installed(db, apk, sizeof apk - 1,
	    t_on_err, &errs), 4);
	/* bad checksum, orphan R, "x" */
	T_EQ_INT(errs.n, 3);
	out = pkgdb_print(db);
	T_EQ_STR(out,
	    "/bin/bbsuid\tbbsuid\t-\n"
	    "/bin/busybox\tbusybox\t"
	    "sha1:a9993e364706816aba3e25717850c26c9cd0d89d\n"
	    "/bin/plain\tbbsuid\tmd5:0cc175b9c0f1b6a831c399e269772661\n"
	    "/bin/sh\tbusybox\tsha1:16795633e2c1543064a3ad70ac3ba71d3d589b3b"
	    "\n");
	free(out);
	pkgdb_free(db);
}

static void
put(const char *top, const char *rel, const char *content)
{
	size_t n = strlen(content);
	char *p = path_join(top, rel);
	int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (fd >= 0) {
		if (write(fd, content, n) < 0)
			fprintf(stderr, "write %s failed\n", p);
		close(fd);
	}
	free(p);
}

static void
mkd(const char *top, const char *rel)
{
	char *p = path_join(top, rel);

	mkdir(p, 0755);
	free(p);
}

static const char *
md5hex(const char *s)
{
	static char hex[MD5_LEN * 2 + 1];
	unsigned char d[MD5_LEN];

	md5_buf(s, strlen(s), d);
	digest_hex(d, MD5_LEN, hex);
	return hex;
}

/* a small merged-/usr Debian on disk, loaded through the view */
static void
test_load_lookup(void)
{
	char top[] = "/tmp/privmap-pkgdb-XXXXXX";
	struct tv *tv;
	struct report *rep;
	struct pkgdb *db;
	const char *pkg;
	char *s;
	int v;

	if (mkdtemp(top) == NULL)
		T_SKIP("mkdtemp failed");
	mkd(top, "usr");
	mkd(top, "usr/bin");
	mkd(top, "usr/sbin");
	mkd(top, "usr/local");
	mkd(top, "usr/local/bin");
	mkd(top, "var");
	mkd(top, "var/lib");
	mkd(top, "var/lib/dpkg");
	mkd(top, "var/lib/dpkg/info");
	s = path_join(top, "bin");
	T_EQ_INT(symlink("usr/bin", s), 0);
	free(s);
	/* an absolute link with a trailing slash aliases too */
	s = path_join(top, "sbin");
	T_EQ_INT(symlink("/usr/sbin/", s), 0);
	free(s);
	put(top, "usr/bin/su", "the real su\n");
	put(top, "usr/bin/passwd", "a trojaned passwd\n");
	put(top, "usr/bin/chfn", "chfn\n");
	put(top, "usr/sbin/unix_chkpwd", "chkpwd\n");
	put(top, "usr/local/bin/tool", "tool\n");
	put(top, "usr/bin/mount", "mount\n");
	put(top, "usr/bin/mount.distrib", "packaged mount\n");
	put(top, "var/lib/dpkg/status",
	    "Package: login\nStatus: install ok installed\n"
	    "Architecture: amd64\n\n"
	    "Package: passwd\nStatus: install ok installed\n\n"
	    "Package: mount\nStatus: install ok installed\n\n"
	    "Package: gone\nStatus: deinstall ok config-files\n\n");
	put(top, "var/lib/dpkg/info/login.list", "/.\n/bin\n/bin/su\n");
	s = xasprintf("%s  bin/su\n", md5hex("the real su\n"));
	put(top, "var/lib/dpkg/info/login.md5sums", s);
	free(s);
	put(top, "var/lib/dpkg/info/passwd.list",
	    "/usr/bin/passwd\n/usr/bin/chfn\n/usr/sbin/unix_chkpwd\n");
	{
		/* md5hex's buffer is static: one call per string */
		char *a = xasprintf("%s  usr/bin/passwd\n",
		    md5hex("the real passwd\n"));

		s = xasprintf("%s%s  usr/bin/chfn\n", a, md5hex("chfn\n"));
		put(top, "var/lib/dpkg/info/passwd.md5sums", s);
		free(s);
		free(a);
	}
	put(top, "var/lib/dpkg/info/mount.list", "/bin/mount\n");
	s = xasprintf("%s  bin/mount\n", md5hex("packaged mount\n"));
	put(top, "var/lib/dpkg/info/mount.md5sums", s);
	free(s);
	/* a leftover list of a removed package is not on disk */
	put(top, "var/lib/dpkg/info/gone.list", "/usr/local/bin/tool\n");
	/* the administrator diverted mount aside and put their own */
	put(top, "var/lib/dpkg/diversions",
	    "/bin/mount\n/usr/bin/mount.distrib\n:\n");

	tv = tv_dir_open(top, TV_ROOTFS);
	T_OK(tv != NULL);
	if (tv == NULL)
		goto out;
	rep = report_new();
	db = pkgdb_load(tv, rep, NULL, 0);
	T_EQ_INT(pkgdb_kind(db), PKGDB_DPKG);
	T_EQ_STR(pkgdb_kind_name(db), "dpkg");

	T_EQ_INT(pkgdb_lookup(db, "/usr/bin/su", &pkg, &v), 1);
	T_EQ_STR(pkg, "login");
	T_EQ_INT(v, PKGDB_MATCH);
	/* the same file by its alias */
	T_EQ_INT(pkgdb_lookup(db, "/bin/su", &pkg, &v), 1);
	T_EQ_INT(v, PKGDB_MATCH);
	T_EQ_INT(pkgdb_lookup(db, "/usr/bin/passwd", &pkg, &v), 1);
	T_EQ_STR(pkg, "passwd");
	T_EQ_INT(v, PKGDB_MISMATCH);
	T_EQ_INT(pkgdb_lookup(db, "/usr/bin/chfn", &pkg, &v), 1);
	T_EQ_INT(v, PKGDB_MATCH);
	T_EQ_INT(pkgdb_lookup(db, "/usr/sbin/unix_chkpwd", &pkg, &v), 1);
	T_EQ_INT(v, PKGDB_UNKNOWN);
	T_EQ_STR(pkgdb_why(db), "the package recorded no checksum for it");
	T_EQ_INT(pkgdb_lookup(db, "/sbin/unix_chkpwd", &pkg, &v), 1);
	T_EQ_STR(pkg, "passwd");
	T_EQ_INT(pkgdb_lookup(db, "/usr/local/bin/tool", &pkg, &v), 0);
	T_OK(pkg == NULL);
	/* diversions: the package's mount is at .distrib, the admin's
	 * own file sits at /usr/bin/mount */
	T_EQ_INT(pkgdb_lookup(db, "/usr/bin/mount.distrib", &pkg, &v), 1);
	T_EQ_STR(pkg, "mount");
	T_EQ_INT(v, PKGDB_MATCH);
	T_EQ_INT(pkgdb_lookup(db, "/usr/bin/mount", &pkg, &v), 0);
	pkgdb_free(db);

	/* the same with a want filter */
	{
		const char *want[] = { "/usr/bin/su", "/usr/bin/mount.distrib" };

		db = pkgdb_load(tv, rep, want, 2);
		T_EQ_INT(pkgdb_lookup(db, "/usr/bin/su", &pkg, &v), 1);
		T_EQ_INT(v, PKGDB_MATCH);
		T_EQ_INT(pkgdb_lookup(db, "/usr/bin/mount.distrib", &pkg, &v),
		    1);
		T_EQ_INT(v, PKGDB_MATCH);
		pkgdb_free(db);
	}
	T_EQ_INT(json_array_size(rep->errors), 0);

	/* an installed package without its list: the database may no
	 * longer say that nothing ships a path */
	s = path_join(top, "var/lib/dpkg/info/passwd.list");
	unlink(s);
	free(s);
	db = pkgdb_load(tv, rep, NULL, 0);
	T_EQ_INT(pkgdb_lookup(db, "/usr/local/bin/tool", &pkg, &v), -1);
	T_EQ_INT(pkgdb_lookup(db, "/usr/bin/su", &pkg, &v), 1);
	T_EQ_INT(json_array_size(rep->errors), 1);
	pkgdb_free(db);
	report_free(rep);
	tv_free(tv);
out:
	s = xasprintf("rm -rf -- '%s'", top);
	if (system(s) != 0)
		fprintf(stderr, "cleanup of %s failed\n", top);
	free(s);
}

static void
test_no_db(void)
{
	char top[] = "/tmp/privmap-pkgdb-XXXXXX";
	struct tv *tv;
	struct pkgdb *db;
	const char *pkg;
	int v;

	if (mkdtemp(top) == NULL)
		T_SKIP("mkdtemp failed");
	tv = tv_dir_open(top, TV_ROOTFS);
	db = pkgdb_load(tv, NULL, NULL, 0);
	T_EQ_INT(pkgdb_kind(db), PKGDB_NONE);
	T_OK(pkgdb_kind_name(db) == NULL);
	T_EQ_INT(pkgdb_lookup(db, "/usr/bin/su", &pkg, &v), -1);
	pkgdb_free(db);
	tv_free(tv);
	rmdir(top);
}

/* rpm's way in (pkgdb-rpm.c hands over each file of each header): a
 * SHA-256 recorded digest verified against the file, a wrong one
 * refused, the print form, and what pkgdb_add_file will not take */
static void
test_add_file_sha256(void)
{
	char top[] = "/tmp/privmap-pkgdb-XXXXXX";
	unsigned char d[SHA256_LEN], bad[SHA256_LEN];
	struct tv *tv;
	struct pkgdb *db;
	const char *pkg;
	char hex[SHA256_LEN * 2 + 1], *out, *want;
	int v;

	if (mkdtemp(top) == NULL)
		T_SKIP("mkdtemp failed");
	mkd(top, "usr");
	mkd(top, "usr/bin");
	put(top, "usr/bin/good", "shipped\n");
	put(top, "usr/bin/bad", "patched\n");
	tv = tv_dir_open(top, TV_ROOTFS);
	db = pkgdb_new();
	pkgdb_set_kind(db, PKGDB_RPM);
	pkgdb_set_target(db, tv, NULL);
	sha256_buf("shipped\n", 8, d);
	T_EQ_INT(pkgdb_add_file(db, "shadow-utils", "/usr/bin/good",
	    PKGDB_DIGEST_SHA256, d, SHA256_LEN), 1);
	T_EQ_INT(pkgdb_add_file(db, "shadow-utils", "/usr/bin/bad",
	    PKGDB_DIGEST_SHA256, d, SHA256_LEN), 1);
	T_EQ_INT(pkgdb_add_file(db, "ghosts", "/usr/bin/ghost",
	    PKGDB_DIGEST_NONE, NULL, 0), 1);
	/* a digest of the wrong length, a relative path: refused */
	memset(bad, 0, sizeof bad);
	T_EQ_INT(pkgdb_add_file(db, "x", "/usr/bin/short",
	    PKGDB_DIGEST_SHA256, bad, SHA1_LEN), 0);
	T_EQ_INT(pkgdb_add_file(db, "x", "usr/bin/rel",
	    PKGDB_DIGEST_NONE, NULL, 0), 0);
	T_EQ_STR(pkgdb_kind_name(db), "rpm");
	T_EQ_INT(pkgdb_lookup(db, "/usr/bin/good", &pkg, &v), 1);
	T_EQ_STR(pkg, "shadow-utils");
	T_EQ_INT(v, PKGDB_MATCH);
	T_EQ_INT(pkgdb_lookup(db, "/usr/bin/bad", &pkg, &v), 1);
	T_EQ_INT(v, PKGDB_MISMATCH);
	T_EQ_INT(pkgdb_lookup(db, "/usr/bin/ghost", &pkg, &v), 1);
	T_EQ_INT(v, PKGDB_UNKNOWN);
	T_EQ_INT(pkgdb_lookup(db, "/usr/bin/short", &pkg, &v), 0);
	digest_hex(d, SHA256_LEN, hex);
	out = pkgdb_print(db);
	want = xasprintf("/usr/bin/bad\tshadow-utils\tsha256:%s\n"
	    "/usr/bin/ghost\tghosts\t-\n"
	    "/usr/bin/good\tshadow-utils\tsha256:%s\n", hex, hex);
	T_EQ_STR(out, want);
	free(out);
	free(want);
	pkgdb_free(db);
	tv_free(tv);
	out = xasprintf("rm -rf -- '%s'", top);
	if (system(out) != 0)
		fprintf(stderr, "cleanup of %s failed\n", top);
	free(out);
}

static void
test_diversions_hostile(void)
{
	static const char div[] =
	    "/usr/bin/a\n/usr/bin/a.real\npkg\n"
	    "relative\n"
	    "/usr/bin/b\n/usr/bin/b.real\n";
	struct pkgdb *db = pkgdb_new();

	memset(&errs, 0, sizeof errs);
	T_EQ_INT(pkgdb_parse_dpkg_diversions(db, div, sizeof div - 1,
	    t_on_err, &errs), 1);
	T_EQ_INT(errs.n, 2);
	pkgdb_free(db);
}

int
main(void)
{
	test_status();
	test_status_hostile();
	test_lists_print();
	test_apk();
	test_load_lookup();
	test_no_db();
	test_add_file_sha256();
	test_diversions_hostile();
	T_DONE();
}
