/*
 * graph-test.c: the escalation graph's searches (engine/graph.c) on
 * graphs built by hand: paths counted and kept shortest first, a cycle
 * walked once, one finding labelling two edges closed once, the exact cut
 * against the smallest one, the fallback past its bound (a cut that still
 * leaves no path; the cut nearest the start, found through a hop taken
 * back; 100k hops of one step in one pass), the index of findings and
 * cut, and the "graph" member read back as it was written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/graph.h"
#include "lib/xmalloc.h"
#include "t.h"

static struct graph *
g_new(void)
{
	struct graph *g = xcalloc(1, sizeof *g);

	g->nodes = xcalloc(64, sizeof *g->nodes);
	g->edges = xcalloc(256, sizeof *g->edges);
	return g;
}

/* a node: "root", or user:NAME */
static size_t
node(struct graph *g, const char *name)
{
	struct graph_node *n = &g->nodes[g->nnodes];

	n->kind = strcmp(name, "root") == 0 ? GRANT_ROOT : GRANT_USER;
	n->key = n->kind == GRANT_ROOT ? xstrdup("root") :
	    xasprintf("user:%s", name);
	n->name = xstrdup(name);
	n->id = n->kind == GRANT_ROOT ? 0 : 1000 + g->nnodes;
	n->distance = -1;
	n->best = -1;
	return g->nnodes++;
}

static void
edge(struct graph *g, size_t from, size_t to, const char *finding)
{
	struct graph_edge *e = &g->edges[g->nedges++];

	e->from = from;
	e->to = to;
	e->finding = xstrdup(finding);
	e->wait = WAIT_NOW;
	e->sure = 1;
}

/* 1 if the start still reaches root with the cut's findings closed */
static int
cut_leaves_path(const struct graph *g, size_t root)
{
	char seen[64] = { 0 };
	size_t i, k;
	int grew = 1;

	seen[g->start] = 1;
	while (grew) {
		grew = 0;
		for (i = 0; i < g->nedges; i++) {
			const struct graph_edge *e = &g->edges[i];

			if (!seen[e->from] || seen[e->to])
				continue;
			for (k = 0; k < g->ncut; k++)
				if (strcmp(g->cut[k], e->finding) == 0)
					break;
			if (k < g->ncut)
				continue;
			seen[e->to] = 1;
			grew = 1;
		}
	}
	return seen[root];
}

/* k disjoint two-hop chains: the cut needs k findings */
static void
chains(size_t k, int exact)
{
	struct graph *g = g_new();
	struct report *r = report_new();
	size_t a = node(g, "agent"), root = node(g, "root"), i, u;
	char id[32];

	g->start = a;
	for (i = 0; i < k; i++) {
		char name[16];

		snprintf(name, sizeof name, "u%zu", i);
		u = node(g, name);
		snprintf(id, sizeof id, "PM-%016zx", 2 * i + 1);
		edge(g, a, u, id);
		snprintf(id, sizeof id, "PM-%016zx", 2 * i + 2);
		edge(g, u, root, id);
	}
	graph_solve(g, r);
	T_EQ_INT(g->paths_total, k);
	T_EQ_INT(g->npaths, k < GRAPH_MAX_PATHS ? k : GRAPH_MAX_PATHS);
	T_EQ_INT(g->ncut, k);
	T_EQ_INT(g->cut_exact, exact);
	T_OK(!cut_leaves_path(g, root));
	T_OK(g->nodes[a].reaches_root);
	T_EQ_INT(g->nodes[root].distance, 2);
	graph_free(g);
	report_free(r);
}

/*
 * Past the exact bound: a diamond agent -> x, y -> root with x -> y
 * between (a search one path at a time that takes agent -> x -> y -> root
 * first must take x -> y back for its second path), and 9 direct hops.
 * The smallest cut is 11; of the two (the agent's 11 hops, or the 9 and
 * x -> root, y -> root) the one nearest the start, in the edges' order.
 */
static void
flow_back(void)
{
	struct graph *g = g_new();
	struct report *r = report_new();
	size_t a = node(g, "agent"), x = node(g, "x"), y = node(g, "y");
	size_t root = node(g, "root"), i;
	char id[32];

	g->start = a;
	edge(g, x, y, "PM-00000000000000a0");
	edge(g, a, x, "PM-00000000000000a1");
	edge(g, a, y, "PM-00000000000000a2");
	edge(g, y, root, "PM-00000000000000a3");
	edge(g, x, root, "PM-00000000000000a4");
	for (i = 0; i < GRAPH_CUT_EXACT + 1; i++) {
		snprintf(id, sizeof id, "PM-%016zx", i + 1);
		edge(g, a, root, id);
	}
	graph_solve(g, r);
	T_EQ_INT(g->cut_exact, 0);
	T_EQ_INT(g->ncut, GRAPH_CUT_EXACT + 3);
	T_OK(!cut_leaves_path(g, root));
	T_OK(g->ncut > 1 && strcmp(g->cut[0], "PM-00000000000000a1") == 0 &&
	    strcmp(g->cut[1], "PM-00000000000000a2") == 0);
	for (i = 2; i < g->ncut; i++) {
		snprintf(id, sizeof id, "PM-%016zx", i - 1);
		T_OK(strcmp(g->cut[i], id) == 0);
	}
	graph_free(g);
	report_free(r);
}

/* 100k direct hops (a report of as many findings): each is in the cut,
 * and the index finds each finding and says it is in the cut */
static void
many_hops(void)
{
	struct graph *g = xcalloc(1, sizeof *g);
	struct report *r = report_new();
	struct graph_index x;
	size_t a, root, i, n = 100000, bad = 0;

	g->nodes = xcalloc(2, sizeof *g->nodes);
	g->edges = xcalloc(n, sizeof *g->edges);
	a = node(g, "agent");
	root = node(g, "root");
	g->start = a;
	r->findings = xcalloc(n, sizeof *r->findings);
	for (i = 0; i < n; i++) {
		struct finding *f = xcalloc(1, sizeof *f);

		f->id = xasprintf("PM-%016zx", i);
		r->findings[r->nfindings++] = f;
		edge(g, a, root, f->id);
	}
	graph_solve(g, r);
	T_EQ_INT(g->ncut, n);
	T_EQ_INT(g->cut_exact, 0);
	r->graph = g;
	graph_index_init(&x, r);
	for (i = 0; i < n; i++)
		if (graph_index_finding(&x, r->findings[i]->id) !=
		    r->findings[i] || !graph_index_in_cut(&x,
		    r->findings[i]->id) || (i < g->ncut &&
		    strcmp(g->cut[i], r->findings[i]->id) != 0))
			bad++;
	T_EQ_INT(bad, 0);
	T_OK(graph_index_finding(&x, "PM-ffffffffffffffff") == NULL);
	T_OK(!graph_index_in_cut(&x, "PM-ffffffffffffffff"));
	graph_index_free(&x);
	for (i = 0; i < r->nfindings; i++) {
		free(r->findings[i]->id);
		free(r->findings[i]);
	}
	r->nfindings = 0;
	report_free(r);
}

int
main(void)
{
	struct graph *g, *back;
	struct report *r = report_new();
	size_t a, x, y, root;
	const char *why = NULL;
	json_t *j, *j2;

	/* a diamond whose two last hops are one finding: one closes both;
	 * a direct hop too: paths shortest first */
	g = g_new();
	a = node(g, "agent");
	x = node(g, "x");
	y = node(g, "y");
	root = node(g, "root");
	g->start = a;
	edge(g, a, x, "PM-0000000000000001");
	edge(g, a, y, "PM-0000000000000002");
	edge(g, x, root, "PM-0000000000000003");
	edge(g, y, root, "PM-0000000000000003");
	graph_solve(g, r);
	T_EQ_INT(g->paths_total, 2);
	T_EQ_INT(g->ncut, 1);
	T_OK(g->ncut == 1 && strcmp(g->cut[0], "PM-0000000000000003") == 0);
	T_OK(g->cut_exact);
	T_OK(!cut_leaves_path(g, root));
	/* read back as written */
	j = graph_to_json(g);
	back = graph_from_json(j, &why);
	T_OK(back != NULL);
	if (back != NULL) {
		j2 = graph_to_json(back);
		T_OK(json_equal(j, j2));
		json_decref(j2);
		graph_free(back);
	}
	json_decref(j);
	graph_free(g);

	/* a cycle between x and y, then root: one path, walked once */
	g = g_new();
	a = node(g, "agent");
	x = node(g, "x");
	y = node(g, "y");
	root = node(g, "root");
	g->start = a;
	edge(g, a, x, "PM-0000000000000001");
	edge(g, x, y, "PM-0000000000000002");
	edge(g, y, x, "PM-0000000000000003");
	edge(g, y, root, "PM-0000000000000004");
	edge(g, a, root, "PM-0000000000000005");
	graph_solve(g, r);
	T_EQ_INT(g->paths_total, 2);
	T_OK(g->npaths == 2 && g->paths[0].n == 1 && g->paths[1].n == 3);
	T_EQ_INT(g->ncut, 2);
	T_OK(!cut_leaves_path(g, root));
	T_EQ_INT(g->nreach, 3);
	graph_free(g);

	/* nothing reaches root: no path, no cut */
	g = g_new();
	a = node(g, "agent");
	x = node(g, "x");
	g->start = a;
	edge(g, a, x, "PM-0000000000000001");
	graph_solve(g, r);
	T_EQ_INT(g->paths_total, 0);
	T_EQ_INT(g->ncut, 0);
	T_OK(!g->nodes[a].reaches_root);
	graph_free(g);

	/* within the exact search's bound, and past it */
	chains(3, 1);
	chains(GRAPH_CUT_EXACT, 1);
	chains(GRAPH_CUT_EXACT + 4, 0);
	flow_back();
	many_hops();

	/* out of contract: refused with the member named */
	j = json_loads("{\"start\": \"user:a\", \"nodes\": [], \"edges\": []}",
	    0, NULL);
	T_OK(graph_from_json(j, &why) == NULL);
	T_OK(why != NULL && strstr(why, "graph") != NULL);
	json_decref(j);
	report_free(r);
	T_DONE();
}
