/*
 * registry.c: the table of every check, and the driver that runs them:
 * one walk whose entries go to each check's visit(), then each report().
 * A new family is one file plus one line here.
 */
#include <stdlib.h>

#include "checks/check.h"
#include "engine/pkgdb.h"
#include "engine/walk.h"
#include "lib/xmalloc.h"

extern const struct check check_group_membership;
extern const struct check check_container_socket;
extern const struct check check_setuid;
extern const struct check check_file_capability;
extern const struct check check_writable_config;
extern const struct check check_shell_rc;
extern const struct check check_writable_path;
extern const struct check check_credentials;
extern const struct check check_process_capability;
extern const struct check check_container_escape;
extern const struct check check_localhost_service;
extern const struct check check_kernel;
extern const struct check check_runtime_config;
extern const struct check check_sudo;
extern const struct check check_cron;
extern const struct check check_systemd;

const struct check *const check_table[] = {
	&check_group_membership,
	&check_container_socket,
	&check_setuid,
	&check_file_capability,
	&check_writable_config,
	&check_sudo,
	&check_cron,
	&check_systemd,
	&check_shell_rc,
	&check_writable_path,
	&check_credentials,
	&check_process_capability,
	&check_container_escape,
	&check_localhost_service,
	&check_kernel,
	&check_runtime_config,
	NULL,
};

static int
check_applies(const struct scan *s, const struct check *c)
{
	return !c->live_only || (s->flags & SCAN_LIVE);
}

struct run {
	struct scan	*scan;
};

/* Drop the kinds whose every interested check would ignore the entry. */
static unsigned
run_filter(void *vctx, unsigned kinds, const struct entry *e)
{
	struct run *r = vctx;
	unsigned keep = 0;
	size_t i;

	for (i = 0; check_table[i]; i++) {
		const struct check *c = check_table[i];
		unsigned k = c->want & kinds;

		if (!k || !c->visit || !check_applies(r->scan, c))
			continue;
		if (c->prefilter == NULL || c->prefilter(r->scan, e))
			keep |= k;
	}
	/* the privileged files are kept for the package database */
	return keep | (kinds & (WANT_SETID | WANT_CAPS));
}

static void
run_visit(void *vctx, unsigned kinds, const struct entry *e)
{
	struct run *r = vctx;
	struct scan *s = r->scan;
	size_t i;

	if (kinds & (WANT_SETID | WANT_CAPS)) {
		s->privpaths = xreallocarray(s->privpaths, s->nprivpaths + 1,
		    sizeof *s->privpaths);
		s->privpaths[s->nprivpaths++] = xstrdup(e->path);
	}
	for (i = 0; check_table[i]; i++) {
		const struct check *c = check_table[i];

		if (c->visit && (c->want & kinds) && check_applies(r->scan, c) &&
		    (c->prefilter == NULL || c->prefilter(s, e)))
			c->visit(r->scan, &r->scan->priv[i], e);
	}
}

int
checks_run(struct scan *s)
{
	struct run r = { s };
	unsigned mask = 0;
	size_t i, n;
	int ret = 0;

	for (n = 0; check_table[n]; n++)
		;
	s->priv = xcalloc(n + 1, sizeof *s->priv);
	for (i = 0; i < n; i++)
		if (check_table[i]->visit && check_applies(s, check_table[i]))
			mask |= check_table[i]->want;
	if (mask && walk_run(s, mask, run_filter, run_visit, &r) == -1)
		ret = -1;
	for (i = 0; i < n; i++) {
		const struct check *c = check_table[i];

		if (!check_applies(s, c))
			continue;
		if (c->report && c->report(s, &s->priv[i]) == -1)
			report_add_error(s->rep, "/", "check %s could not run",
			    c->id);
		if (c->free)
			c->free(s->priv[i]);
		s->priv[i] = NULL;
	}
	free(s->priv);
	s->priv = NULL;
	for (i = 0; i < s->nprivpaths; i++)
		free(s->privpaths[i]);
	free(s->privpaths);
	s->privpaths = NULL;
	s->nprivpaths = 0;
	pkgdb_free(s->pkgdb);
	s->pkgdb = NULL;
	return ret;
}
