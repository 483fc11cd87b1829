/*
 * apk.h: apk's installed database (lib/apk/db/installed), the text form
 * of apk-tools' package database: "K:value" lines, a blank line between
 * packages; P names a package, F a folder, R a file in it, Z the
 * checksum of that file. The parser takes a buffer and hands packages,
 * files and checksums to the caller in order; it never reads a file and
 * keeps nothing itself (engine/pkgdb.c builds the database).
 */
#ifndef PRIVMAP_PARSE_APK_H
#define PRIVMAP_PARSE_APK_H

#include <stddef.h>

#include "parse/err.h"

/* a checksum's kind, as apk_csum_decode finds it */
enum apk_csum_kind {
	APK_CSUM_MD5 = 1,	/* 32 hex digits (old databases) */
	APK_CSUM_SHA1 = 2,	/* "Q1" and base64 (apk_blob_pull_csum) */
};

struct apk_ops {
	/* P: a package (a name without '/') starts */
	void	(*package)(void *fctx, const char *name);
	/* R: a file of it, "/FOLDER/NAME" (no folder: "/NAME"); 1 if the
	 * caller kept it, and the Z after it goes to csum */
	int	(*file)(void *fctx, const char *path);
	/* Z of the last file kept: the value as written; -1 if it is
	 * malformed (reported at its line), 0 otherwise */
	int	(*csum)(void *fctx, const char *v, size_t n);
	/* V: the version of the current package, as written (may be
	 * NULL: not asked) */
	void	(*version)(void *fctx, const char *v);
};

/*
 * A line with a NUL byte, one that is not "K:value", a P with an empty
 * name or one holding '/', an R before any valid P, an R name that is
 * empty or holds '/', and a line longer than MAX_LINE go to err (may be
 * NULL). Other keys (V, A, T, M, a, ...) are skipped. Returns the number
 * of files the caller kept.
 */
size_t	apk_installed_parse(const char *buf, size_t len,
	    const struct apk_ops *, void *fctx, parse_err_fn err, void *ctx);
/* A Z value: APK_CSUM_SHA1 ("Q1" + base64 of 20 bytes) or APK_CSUM_MD5
 * (32 hex digits) with the digest in out (at least 20 bytes; it may be
 * written even when the value turns out malformed), or -1. */
int	apk_csum_decode(const char *v, size_t n, unsigned char *out);
/* What buf holds, as text: "P NAME", "V VERSION", "R PATH",
 * "Z md5|sha1|bad" lines
 * (allocated). */
char	*apk_installed_print(const char *buf, size_t len);

#endif
