/*
 * provenance.h: where a set-id or capability file came from, for the
 * setuid and file-capability checks: which installed package ships it
 * (engine/pkgdb.c) and whether its content still matches the checksum
 * the package recorded. A set-id file no package ships, or one that
 * changed, is at least high whatever its name (a capability file gets its
 * capabilities' own severity, at least low); an unmodified packaged one
 * keeps the distribution baseline. Without a package database the checks keep
 * their name and place rules, and the report says so in a note.
 */
#ifndef PRIVMAP_PROVENANCE_H
#define PRIVMAP_PROVENANCE_H

#include "engine/entries.h"
#include "engine/pkgdb.h"
#include "engine/scan.h"

enum prov {
	PROV_NONE,		/* no usable database: judge by name */
	PROV_UNSHIPPED,		/* no installed package ships the path */
	PROV_SHIPPED,		/* a package ships it (see verified) */
};

struct prov_result {
	enum prov	 prov;
	const char	*pkg;		/* PROV_SHIPPED: owned by the pkgdb */
	int		 verified;	/* PKGDB_MATCH, _MISMATCH, _UNKNOWN */
	const char	*why;		/* why unknown (static), or NULL */
};

/* The target's package database, loaded once per scan and kept in the
 * provenance store of the check table (check.h; freed by checks_run),
 * holding the set-id and capability files the walk met. Adds a report
 * note when there is none. Never NULL inside a check's report(). */
struct pkgdb	*prov_load(struct scan *, const struct kept_list *);
void		 prov_lookup(struct pkgdb *, const char *path,
		    struct prov_result *);
/* Is the file suspect: shipped by nothing, or changed since? */
int		 prov_suspect(const struct prov_result *);
/* "package" (name or null) and "checksum" (match, mismatch, unknown)
 * evidence; nothing without a database. */
void		 prov_evidence(struct finding *, const struct pkgdb *,
		    const struct prov_result *);

/* The visit, report and free every check of privileged files shares:
 * keep each entry, then (unless the user is root) judge each kept file,
 * sorted by path, with the scan's package database at hand. */
typedef void (*prov_one_fn)(struct scan *, struct pkgdb *,
    const struct kept *);
void	prov_keep(struct scan *, void **priv, const struct entry *);
int	prov_report(struct scan *, void **priv, prov_one_fn);
void	prov_keep_free(void *priv);

#endif
