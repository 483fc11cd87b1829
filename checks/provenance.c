/*
 * provenance.c: package provenance of privileged files (provenance.h),
 * a thin layer over engine/pkgdb.c shared by checks/setuid.c and
 * checks/file-capability.c. It adds evidence and one note; it decides no
 * severity itself.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/provenance.h"
#include "lib/xmalloc.h"

/* The store both checks share (check.h): the set-id and capability files
 * the walk met, every one (setuid's and file-capability's candidates
 * alike), and the one package database loaded for them. */
struct prov_store {
	char		**paths;
	size_t		  n;
	struct pkgdb	 *db;
	int		  loaded;
};

static void
store_visit(struct scan *s, void **priv, const struct entry *e)
{
	struct prov_store *st = *priv;

	(void)s;
	if (st == NULL)
		st = *priv = xcalloc(1, sizeof *st);
	st->paths = xreallocarray(st->paths, st->n + 1, sizeof *st->paths);
	st->paths[st->n++] = xstrdup(e->path);
}

static void
store_free(void *priv)
{
	struct prov_store *st = priv;
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->n; i++)
		free(st->paths[i]);
	free(st->paths);
	pkgdb_free(st->db);
	free(st);
}

/* the store's table entry (checks/registry.c) */
const struct check check_provenance = {
	.who = { "provenance", NULL },
	.want = WANT_SETID | WANT_CAPS,
	.visit = store_visit,
	.free = store_free,
};

struct pkgdb *
prov_load(struct scan *s, const struct kept_list *l)
{
	void **slot = check_state(s, &check_provenance);
	struct prov_store *ps;
	struct pkgdb *db;
	struct stat st;
	size_t n;

	(void)l;
	if (slot == NULL)
		return NULL;
	if (*slot == NULL)
		*slot = xcalloc(1, sizeof *ps);
	ps = *slot;
	n = ps->n;
	/* one load for both checks */
	if (ps->loaded)
		return ps->db;
	ps->loaded = 1;
	db = ps->db = pkgdb_load(s->tv, s->rep, (const char **)ps->paths, n);
	if (pkgdb_kind(db) != PKGDB_NONE || n == 0)
		return db;
	/* rpm's directory without a database file pkgdb-rpm.c knows */
	if (tv_stat(s->tv, "/var/lib/rpm", &st) == 0 ||
	    tv_stat(s->tv, "/usr/lib/sysimage/rpm", &st) == 0)
		report_add_note(s->rep, "an rpm database directory is present "
		    "but holds no database privmap reads (rpmdb.sqlite, "
		    "Packages.db, Packages): set-id and capability files are "
		    "judged by their names and places");
	else
		report_add_note(s->rep, "no package database (dpkg, apk or "
		    "rpm): "
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
