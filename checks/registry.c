/*
 * registry.c: the table of every check, and the driver that runs them:
 * one walk whose entries go to each check's visit(), then each report().
 * A new family is one file plus one line here.
 */
#include <stdlib.h>

#include "checks/check.h"
#include "engine/graph.h"
#include "engine/walk.h"
#include "lib/xmalloc.h"

const struct check *const check_table[] = {
	&check_provenance,	/* a store: setuid, file-capability */
	&check_follow,		/* a store: the scripts jobs run, read */
	&check_execpath,	/* a store: PATH lookups, as each identity */
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
	&check_image_user,
	&check_container_escape,
	&check_localhost_service,
	&check_kernel,
	&check_runtime_config,
	&check_polkit,
	&check_daemon_config,
	&check_user_units,
	NULL,
};

static int
check_applies(const struct scan *s, const struct check *c)
{
	return !c->live_only || (s->flags & SCAN_LIVE);
}

/* The checks that visit entries on this scan, in the table's order, with
 * their places in it: the walk asks them of every entry. */
struct run {
	struct scan	*scan;
	size_t		 n;
	size_t		*idx;
};

/* Drop the kinds whose every interested check would ignore the entry. */
static unsigned
run_filter(void *vctx, unsigned kinds, const struct entry *e)
{
	struct run *r = vctx;
	unsigned keep = 0;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct check *c = check_table[r->idx[i]];
		unsigned k = c->want & kinds;

		if (k && (c->prefilter == NULL || c->prefilter(r->scan, e)))
			keep |= k;
	}
	return keep;
}

static void
run_visit(void *vctx, unsigned kinds, const struct entry *e)
{
	struct run *r = vctx;
	struct scan *s = r->scan;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct check *c = check_table[r->idx[i]];

		if ((c->want & kinds) &&
		    (c->prefilter == NULL || c->prefilter(s, e)))
			c->visit(s, &s->priv[r->idx[i]], e);
	}
}

/* Another identity of the escalation graph, judged on the state the walk
 * kept: every report() but the scanned user's own (self_only). */
static void
checks_judge(struct scan *s)
{
	size_t i;

	for (i = 0; check_table[i]; i++) {
		const struct check *c = check_table[i];

		if (!check_applies(s, c) || c->report == NULL || c->self_only)
			continue;
		if (c->report(s, &s->priv[i]) == -1)
			report_add_error(s->rep, "/", "check %s could not run",
			    c->who.id);
	}
}

int
checks_run(struct scan *s)
{
	struct run r = { s, 0, NULL };
	unsigned mask = 0;
	size_t i, n;
	int ret = 0;

	for (n = 0; check_table[n]; n++)
		;
	s->priv = xcalloc(n + 1, sizeof *s->priv);
	r.idx = xcalloc(n + 1, sizeof *r.idx);
	for (i = 0; i < n; i++)
		if (check_table[i]->visit && check_applies(s, check_table[i])) {
			mask |= check_table[i]->want;
			r.idx[r.n++] = i;
		}
	if (mask && walk_run(s, mask, run_filter, run_visit, &r) == -1)
		ret = -1;
	free(r.idx);
	/* the graph runs the reports again: each file is read once */
	if (!(s->flags & SCAN_NO_GRAPH))
		scan_cache_start(s);
	/* the reports ask the target the same questions: each asked once */
	tv_memo_start(s->tv);
	for (i = 0; i < n; i++) {
		const struct check *c = check_table[i];

		if (!check_applies(s, c) || c->report == NULL)
			continue;
		if (c->report(s, &s->priv[i]) == -1)
			report_add_error(s->rep, "/", "check %s could not run",
			    c->who.id);
	}
	graph_imply_root(s->rep);
	/* each identity the user reaches, judged on what the walk kept */
	if (!(s->flags & SCAN_NO_GRAPH)) {
		report_finish(s->rep);
		graph_build(s, checks_judge, (s->flags & SCAN_ALL_USERS) != 0);
	}
	scan_cache_stop(s);
	tv_memo_stop(s->tv);
	/* then the stores: the reports above read them */
	for (i = 0; i < n; i++)
		if (check_table[i]->report != NULL && check_table[i]->free &&
		    check_applies(s, check_table[i]))
			check_table[i]->free(s->priv[i]);
	for (i = 0; i < n; i++)
		if (check_table[i]->report == NULL && check_table[i]->free)
			check_table[i]->free(s->priv[i]);
	free(s->priv);
	s->priv = NULL;
	return ret;
}

/* an entry's slot, found by its place in the table (check.h) */
void **
check_state(struct scan *s, const struct check *c)
{
	size_t i;

	if (s->priv == NULL)
		return NULL;
	for (i = 0; check_table[i]; i++)
		if (check_table[i] == c)
			return &s->priv[i];
	return NULL;
}
