/*
 * pkgver.h: the installed version of a few named packages of the target,
 * from its own package database (dpkg's var/lib/dpkg/status, apk's
 * lib/apk/db/installed), for checks whose answer depends on what a
 * server's version defaults to (Redis 7's protected configs). Reads
 * through the view and never runs a package manager; a version privmap
 * cannot read is unknown, never guessed.
 */
#ifndef PRIVMAP_PKGVER_H
#define PRIVMAP_PKGVER_H

#include <stddef.h>

#include "engine/tv.h"

/* For each of names[0..n), vers[i] gets a new string, the version of
 * that package installed (in a state that leaves its files on disk), or
 * NULL. Returns 0, or -1 when the target has no database privmap reads
 * (every vers[i] NULL). */
int	pkgver_load(struct tv *, const char *const *names, size_t n,
	    char **vers);
/* The upstream major number of a dpkg or apk version ("5:7.0.15-1~deb12u1"
 * and "7.2.4-r0" give 7: an epoch "N:" is skipped, deb-version(7)), or
 * -1 when it starts with no digit. */
int	pkgver_major(const char *version);

#endif
