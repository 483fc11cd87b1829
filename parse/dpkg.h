/*
 * dpkg.h: dpkg's status file (var/lib/dpkg/status), the deb822 stanzas
 * that say which packages are installed (deb-control(5) field syntax,
 * dpkg-query(1) package states). The parser takes a buffer and hands each
 * stanza to the caller; it never reads a file and keeps nothing itself
 * (engine/pkgdb.c builds the database from the stanzas).
 */
#ifndef PRIVMAP_PARSE_DPKG_H
#define PRIVMAP_PARSE_DPKG_H

#include <stddef.h>

#include "parse/err.h"

struct dpkg_stanza {
	char		*pkg;		/* Package; the callback may take it
					 * (and set it to NULL) */
	char		*arch;		/* Architecture, NULL if absent or
					 * empty; likewise */
	char		*version;	/* Version, NULL if absent or empty;
					 * likewise */
	int		 has_status;
	int		 ondisk;	/* Status's third word is a state that
					 * leaves files on disk (half-installed
					 * to installed) */
	unsigned	 line;		/* the stanza's first field */
};

/* A stanza with a Package field: NULL if the caller kept it, else a
 * static reason it did not, reported at the stanza's line. */
typedef const char *(*dpkg_stanza_fn)(void *fctx, struct dpkg_stanza *);

/*
 * Stanzas end at a blank line; '#' lines are comments; continuation lines
 * are skipped; field names are case-insensitive (deb822(5)). A line with
 * a NUL byte, without a field name and colon, a second Package field or a
 * package name that is empty or holds '/' or ' ', a line longer than
 * MAX_LINE and a stanza without a Package field go to err (may be NULL).
 * Returns the number of stanzas fn kept.
 */
size_t	dpkg_status_parse(const char *buf, size_t len, dpkg_stanza_fn fn,
	    void *fctx, parse_err_fn err, void *ctx);
/* The stanzas of buf as text, one "LINE PACKAGE[:ARCH] on-disk|off|
 * no-status[ VERSION]" line each (allocated). */
char	*dpkg_status_print(const char *buf, size_t len);

#endif
