/*
 * provenance.c: package provenance of privileged files (provenance.h),
 * a thin layer over engine/pkgdb.c shared by checks/setuid.c and
 * checks/file-capability.c. It adds evidence and one note; it decides no
 * severity itself.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/provenance.h"
#include "lib/xmalloc.h"

struct pkgdb *
prov_load(struct scan *s, const struct kept_list *l)
{
	struct pkgdb *db;
	struct stat st;
	size_t n = s->nprivpaths;

	(void)l;
	/* one load for both checks, keeping every privileged file the walk
	 * met (setuid's and file-capability's candidates alike) */
	if (s->pkgdb_loaded)
		return s->pkgdb;
	s->pkgdb_loaded = 1;
	db = s->pkgdb = pkgdb_load(s->tv, s->rep,
	    (const char **)s->privpaths, n);
	if (pkgdb_kind(db) != PKGDB_NONE || n == 0)
		return db;
	/* rpm keeps its database in Berkeley DB, NDB or SQLite: not read */
	if (tv_stat(s->tv, "/var/lib/rpm", &st) == 0 ||
	    tv_stat(s->tv, "/usr/lib/sysimage/rpm", &st) == 0)
		report_add_note(s->rep, "an RPM package database is present "
		    "but privmap reads only dpkg's and apk's: set-id and "
		    "capability files are judged by their names and places");
	else
		report_add_note(s->rep, "no package database (dpkg or apk): "
		    "set-id and capability files are judged by their names and "
		    "places, not by which package ships them");
	return db;
}

void
prov_lookup(struct pkgdb *db, const char *path, struct prov_result *r)
{
	int ret = pkgdb_lookup(db, path, &r->pkg, &r->verified);

	r->why = pkgdb_why(db);
	r->prov = ret == 1 ? PROV_SHIPPED : ret == 0 ? PROV_UNSHIPPED :
	    PROV_NONE;
}

int
prov_suspect(const struct prov_result *r)
{
	return r->prov == PROV_UNSHIPPED || (r->prov == PROV_SHIPPED &&
	    r->verified == PKGDB_MISMATCH);
}

void
prov_evidence(struct finding *f, const struct pkgdb *db,
    const struct prov_result *r)
{
	if (r->prov == PROV_NONE)
		return;
	finding_ev_str(f, "package_database", pkgdb_kind_name(db));
	if (r->pkg)
		finding_ev_str(f, "package", r->pkg);
	else
		finding_ev_json(f, "package", json_null());
	finding_ev_str(f, "checksum", r->prov != PROV_SHIPPED ? "unknown" :
	    r->verified == PKGDB_MATCH ? "match" :
	    r->verified == PKGDB_MISMATCH ? "mismatch" : "unknown");
	if (r->why)
		finding_ev_str(f, "checksum_note", r->why);
	if (r->prov == PROV_UNSHIPPED)
		finding_ev_str(f, "provenance", "no installed package ships "
		    "it");
	else if (prov_suspect(r))
		finding_ev_str(f, "provenance", "modified since its package "
		    "installed it");
}

void
prov_keep(struct scan *s, void **priv, const struct entry *e)
{
	struct kept_list *l = *priv;

	(void)s;
	if (l == NULL)
		l = *priv = xcalloc(1, sizeof *l);
	kept_add(l, e);
}

int
prov_report(struct scan *s, void **priv, prov_one_fn one)
{
	struct kept_list *l = *priv;
	struct pkgdb *db;
	size_t i;

	if (l == NULL || s->user.uid == 0)
		return 0;
	kept_sort(l);
	db = prov_load(s, l);
	for (i = 0; i < l->n; i++)
		one(s, db, &l->v[i]);
	return 0;
}

void
prov_keep_free(void *priv)
{
	kept_free(priv);
	free(priv);
}
