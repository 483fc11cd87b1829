/*
 * graph.c: the escalation graph (graph.h). The scanned user's findings
 * and those of every identity reached give the edges; each identity is
 * judged once, as the checks judge the user, from the state the one walk
 * kept (the judge callback), never by walking again. It reads nothing of
 * the target itself, prints nothing, and bounds every search: identities
 * judged, paths counted, the exact cut's search.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/graph.h"
#include "engine/sandbox.h"
#include "engine/scan.h"
#include "lib/pathenc.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"
#include "parse/mounts.h"

/* a group judged as an identity has no uid of its own: one no file of a
 * sane target is owned by ((uid_t)-1 is "no change", never an owner) */
#define GROUP_UID	((uid_t)4294967294U)

struct gb {
	struct scan	*s;
	struct graph	*g;
	struct strmap	 keys;		/* node key -> index */
	/* finding id -> the finding: the report's, then the graph's own
	 * (what graph_finding gives) */
	struct strmap	 ids;
	struct strmap	 edges;		/* "FROM TO ID" -> 1 (copies) */
	graph_judge_fn	 judge;
	size_t		 judged;
	int		 capped;
};

/* critical findings with no grant hand over root, now (graph.h) */
void
graph_imply_root(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i]->grant.kind == GRANT_NONE &&
		    r->findings[i]->sev == SEV_CRITICAL)
			finding_grant(r->findings[i], GRANT_ROOT, 0, NULL,
			    WAIT_NOW, 1);
}

/* what a hop waits for bounds its severity (graph.h) */
enum severity
graph_hop_bound(enum grant_wait w, int sure)
{
	if (!sure)
		return SEV_HIGH;
	return w == WAIT_NOW || w == WAIT_PERIODIC ? SEV_CRITICAL : SEV_HIGH;
}

/* the node of a grant, added if new; (size_t)-1 past the bound */
static size_t
node_of(struct gb *b, enum grant_kind kind, unsigned long id,
    const char *name)
{
	struct graph *g = b->g;
	struct grant gr = { kind, id, (char *)name, WAIT_NOW, 1 };
	struct graph_node *n;
	char *key = grant_node(&gr);
	size_t i;

	if (key == NULL)
		return (size_t)-1;
	if ((i = strmap_gets(&b->keys, key)) != STRMAP_NONE) {
		free(key);
		return i;
	}
	if (g->nnodes >= GRAPH_MAX_NODES) {
		b->capped = 1;
		free(key);
		return (size_t)-1;
	}
	g->nodes = xreallocarray(g->nodes, g->nnodes + 1, sizeof *g->nodes);
	n = &g->nodes[g->nnodes];
	memset(n, 0, sizeof *n);
	n->key = key;
	n->kind = kind;
	n->id = kind == GRANT_ROOT ? 0 : id;
	n->name = kind == GRANT_ROOT ? xstrdup("root") :
	    name ? xstrdup(name) : NULL;
	n->distance = -1;
	n->best = -1;
	strmap_adds(&b->keys, n->key, g->nnodes, NULL);
	return g->nnodes++;
}

static void
edge_add(struct gb *b, size_t from, const struct finding *f)
{
	struct graph *g = b->g;
	struct graph_edge *e;
	size_t to;
	char *key;
	int isnew;

	to = node_of(b, f->grant.kind, f->grant.id, f->grant.name);
	if (to == (size_t)-1 || to == from || from == (size_t)-1)
		return;
	/* one look-up, not one comparison per edge: a report of 100k
	 * findings gives as many edges */
	key = xasprintf("%zu %zu %s", from, to, f->id);
	b->edges.copies = 1;
	isnew = strmap_adds(&b->edges, key, 1, NULL);
	free(key);
	if (!isnew)
		return;
	if ((g->nedges & (g->nedges - 1)) == 0)
		g->edges = xreallocarray(g->edges, g->nedges ? 2 * g->nedges :
		    1, sizeof *g->edges);
	e = &g->edges[g->nedges++];
	e->from = from;
	e->to = to;
	e->finding = xstrdup(f->id);
	e->wait = f->grant.wait;
	e->sure = f->grant.sure;
	e->f = f;
}

/* who a node is, as the checks judge a user */
static int
node_ident(struct gb *b, const struct graph_node *n, struct ident *id)
{
	const char *why;
	char spec[32];

	memset(id, 0, sizeof *id);
	if (n->kind == GRANT_GROUP) {
		if (n->id == GRANT_ID_UNKNOWN)
			return -1;
		id->uid = GROUP_UID;
		id->gid = (gid_t)n->id;
		ident_add_gid(id, (gid_t)n->id);
		return 0;
	}
	if (n->kind != GRANT_USER)
		return -1;
	if (n->name == NULL)
		snprintf(spec, sizeof spec, "%lu", n->id);
	return ident_resolve(&b->s->db, n->name ? n->name : spec, id, &why);
}

/* A finding about the identity itself (its group membership: the fix
 * takes it out of the group) is its own, not the same as another
 * account's of the same group: its id names the identity. One about a
 * file keeps the id every identity shares (closing it closes it for
 * all). */
static void
salt_identity(struct finding *f, const char *key)
{
	size_t i;
	char *c;

	for (i = 0; i < f->ncloses; i++)
		if (f->closes[i].action == CLOSE_GROUP)
			break;
	if (i == f->ncloses && strcmp(f->family, "group-membership") != 0)
		return;
	c = xasprintf("%s|as:%s", f->cause, key);
	free(f->cause);
	f->cause = c;
}

static void
node_gids(struct graph_node *n, const struct ident *id)
{
	size_t i;

	free(n->gids);
	n->gids = xcalloc(id->ngids + 1, sizeof *n->gids);
	for (i = 0; i < id->ngids; i++)
		n->gids[i] = id->gids[i];
	n->ngids = id->ngids;
}

/* 1 if the agent's sandbox contains finding f of report r: the
 * judgement sandbox_judge gives (sandbox.h) */
static int
sandbox_contains(const struct sandbox *sb, const struct finding *f,
    const struct report *r)
{
	json_t *why = NULL;
	int c;

	c = sandbox_verdict(sb, f, r, &why) == SBV_CONTAINED;
	json_decref(why);
	return c;
}

/* 1 if the scanned user holds group gid */
static int
start_holds(const struct graph *g, unsigned long gid)
{
	const struct graph_node *n = &g->nodes[g->start];
	size_t i;

	for (i = 0; i < n->ngids; i++)
		if (n->gids[i] == gid)
			return 1;
	return 0;
}

/* Judge node ni: the checks' report() as that identity, into a report of
 * its own; its findings that grant an identity become its edges. */
static void
judge(struct gb *b, size_t ni)
{
	struct scan *s = b->s;
	struct graph *g = b->g;
	struct ident id, save_user = s->user;
	struct access *save_acc = s->acc;
	struct report *save_rep = s->rep, *side;
	size_t i;
	int in_box;

	/* 2: met but not judged (past the bound, or no such identity) */
	g->nodes[ni].judged = 2;
	if (b->judged >= GRAPH_MAX_JUDGED) {
		b->capped = 1;
		return;
	}
	if (node_ident(b, &g->nodes[ni], &id) == -1)
		return;
	g->nodes[ni].judged = 1;
	b->judged++;
	node_gids(&g->nodes[ni], &id);
	/* a group the user itself holds is used from inside its sandbox */
	in_box = s->sandbox != NULL && g->nodes[ni].kind == GRANT_GROUP &&
	    start_holds(g, g->nodes[ni].id);
	side = report_new();
	side->uid = id.uid;	/* the audit rules are scoped to it */
	side->anchor = scan_watch_anchor;
	side->anchor_ctx = s;
	s->user = id;
	s->acc = access_new_like(save_acc, &s->user);
	if (s->mounts)
		access_set_ro(s->acc, mounts_ro_fn, s->mounts);
	s->rep = side;
	b->judge(s);
	side->anchor = NULL;
	graph_imply_root(side);
	for (i = 0; i < side->nfindings; i++)
		salt_identity(side->findings[i], g->nodes[ni].key);
	report_finish(side);
	access_free(s->acc);
	ident_free(&s->user);
	s->user = save_user;
	s->acc = save_acc;
	s->rep = save_rep;
	for (i = 0; i < side->nfindings; i++) {
		struct finding *f = side->findings[i];
		size_t before = g->nedges;

		if (f->grant.kind == GRANT_NONE || (in_box &&
		    sandbox_contains(s->sandbox, f, side)))
			continue;
		edge_add(b, ni, f);
		if (g->nedges == before)
			continue;
		if (!strmap_addp(&b->ids, f->id, strlen(f->id), f)) {
			/* the same finding, another's: its edge names it
			 * (the report's, else the graph's own) */
			g->edges[g->nedges - 1].f = strmap_getp(&b->ids, f->id,
			    strlen(f->id));
			continue;
		}
		if ((g->nfindings & (g->nfindings - 1)) == 0) {
			size_t cap = g->nfindings ? 2 * g->nfindings : 1;

			g->findings = xreallocarray(g->findings, cap,
			    sizeof *g->findings);
			g->as = xreallocarray(g->as, cap, sizeof *g->as);
		}
		g->findings[g->nfindings] = f;
		g->as[g->nfindings++] = ni;
		side->findings[i] = NULL;
	}
	report_free(side);
}

/* Breadth first from node `from`, judging each identity met that was
 * not judged yet; root ends a chain. */
static void
explore(struct gb *b, size_t from)
{
	struct graph *g = b->g;
	size_t *queue, qn = 0, qi, i, cur;
	char *seen;

	queue = xcalloc(GRAPH_MAX_NODES + 1, sizeof *queue);
	seen = xcalloc(GRAPH_MAX_NODES + 1, 1);
	queue[qn++] = from;
	seen[from] = 1;
	for (qi = 0; qi < qn; qi++) {
		cur = queue[qi];
		if (!g->nodes[cur].judged && g->nodes[cur].kind != GRANT_ROOT)
			judge(b, cur);
		for (i = 0; i < g->nedges; i++) {
			if (g->edges[i].from != cur || seen[g->edges[i].to])
				continue;
			seen[g->edges[i].to] = 1;
			queue[qn++] = g->edges[i].to;
		}
	}
	free(queue);
	free(seen);
}

/* --- what the graph says ------------------------------------------- */

/* out-edges of each node, compressed: adj[start[n] .. start[n + 1]) */
struct adj {
	size_t	*start;
	size_t	*e;
	int	 rev;		/* lists of in-edges, walked backwards */
};

static void
adj_build(const struct graph *g, struct adj *a, int reverse,
    const char *skip)
{
	size_t i, *fill;

	a->rev = reverse;
	a->start = xcalloc(g->nnodes + 1, sizeof *a->start);
	a->e = xcalloc(g->nedges + 1, sizeof *a->e);
	for (i = 0; i < g->nedges; i++)
		if (skip == NULL || !skip[i])
			a->start[(reverse ? g->edges[i].to :
			    g->edges[i].from) + 1]++;
	for (i = 0; i < g->nnodes; i++)
		a->start[i + 1] += a->start[i];
	fill = xcalloc(g->nnodes + 1, sizeof *fill);
	for (i = 0; i < g->nedges; i++) {
		size_t n = reverse ? g->edges[i].to : g->edges[i].from;

		if (skip == NULL || !skip[i])
			a->e[a->start[n] + fill[n]++] = i;
	}
	free(fill);
}

static void
adj_free(struct adj *a)
{
	free(a->start);
	free(a->e);
}

static size_t
root_node(const struct graph *g)
{
	size_t i;

	for (i = 0; i < g->nnodes; i++)
		if (g->nodes[i].kind == GRANT_ROOT)
			return i;
	return (size_t)-1;
}

/*
 * Shortest path from `from` to `to` over the edges whose label is not
 * off (NULL: none off): its edges into path (room for nnodes), their
 * count returned; 0 if there is none. dist, when not NULL, gets every
 * node's distance (-1 unreached).
 */
static size_t
shortest(const struct graph *g, const struct adj *a, size_t from, size_t to,
    const char *off, const size_t *label, size_t *path, long *dist)
{
	size_t *queue = xcalloc(g->nnodes + 1, sizeof *queue);
	size_t *prev = xcalloc(g->nnodes + 1, sizeof *prev);
	long *d = dist ? dist : xcalloc(g->nnodes + 1, sizeof *d);
	size_t qn = 0, qi, i, n = 0, cur;

	for (i = 0; i < g->nnodes; i++)
		d[i] = -1;
	d[from] = 0;
	queue[qn++] = from;
	for (qi = 0; qi < qn; qi++) {
		cur = queue[qi];
		for (i = a->start[cur]; i < a->start[cur + 1]; i++) {
			const struct graph_edge *e = &g->edges[a->e[i]];
			size_t nx = a->rev ? e->from : e->to;

			if ((off && off[label[a->e[i]]]) || d[nx] != -1)
				continue;
			d[nx] = d[cur] + 1;
			prev[nx] = a->e[i];
			queue[qn++] = nx;
		}
	}
	if (to != (size_t)-1 && to != from && d[to] > 0 && path) {
		n = (size_t)d[to];
		for (cur = to, i = n; i > 0; i--) {
			path[i - 1] = prev[cur];
			cur = g->edges[prev[cur]].from;
		}
	}
	free(queue);
	free(prev);
	if (dist == NULL)
		free(d);
	return n;
}

/* a hop's severity in a path: a hop to root is at most what its finding
 * says; any hop at most what it waits for */
static enum severity
hop_sev(const struct graph *g, const struct graph_edge *e)
{
	enum severity b = graph_hop_bound(e->wait, e->sure);

	if (g->nodes[e->to].kind == GRANT_ROOT && e->f != NULL &&
	    e->f->sev < b)
		b = e->f->sev;
	return b;
}

static void
path_score(const struct graph *g, struct graph_path *p)
{
	enum severity sev = SEV_CRITICAL;
	double w;
	size_t i;

	for (i = 0; i < p->n; i++) {
		enum severity h = hop_sev(g, &g->edges[p->edges[i]]);

		if (h < sev)
			sev = h;
	}
	w = 1.0 - 0.15 * (double)(p->n ? p->n - 1 : 0);
	p->sev = sev;
	p->score = score_in_band(sev, w < 0.0 ? 0.0 : w);
}

struct pe {
	const struct graph	*g;
	const struct adj	*a;
	size_t			 root;
	const long		*to_root;	/* hops to root, -1 none */
	size_t			*stack;
	char			*on;
	size_t			 len;		/* the length counted now */
	size_t			 steps;
	int			 over;
	struct graph		*out;
};

/* every simple path of exactly p->len hops from cur to root: counted,
 * and kept while there is room */
static void
pe_dfs(struct pe *p, size_t cur, size_t depth)
{
	const struct graph *g = p->g;
	size_t i;

	if (++p->steps > GRAPH_PATH_STEPS) {
		p->over = 1;
		return;
	}
	if (cur == p->root) {
		struct graph_path *q;

		if (depth != p->len)
			return;
		p->out->paths_total++;
		if (p->out->npaths >= GRAPH_MAX_PATHS)
			return;
		q = &p->out->paths[p->out->npaths++];
		q->n = depth;
		q->edges = xcalloc(depth + 1, sizeof *q->edges);
		memcpy(q->edges, p->stack, depth * sizeof *q->edges);
		path_score(g, q);
		return;
	}
	if (p->to_root[cur] < 0 || depth + (size_t)p->to_root[cur] > p->len)
		return;
	for (i = p->a->start[cur]; i < p->a->start[cur + 1] && !p->over;
	    i++) {
		size_t to = g->edges[p->a->e[i]].to;

		if (p->on[to])
			continue;
		p->on[to] = 1;
		p->stack[depth] = p->a->e[i];
		pe_dfs(p, to, depth + 1);
		p->on[to] = 0;
	}
}

static int
cmp_paths(const void *x, const void *y)
{
	const struct graph_path *a = x, *b = y;
	size_t i;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	if (a->sev != b->sev)
		return a->sev > b->sev ? -1 : 1;
	for (i = 0; i < a->n; i++)
		if (a->edges[i] != b->edges[i])
			return a->edges[i] < b->edges[i] ? -1 : 1;
	return 0;
}

/* the paths from the start to root, shortest first: every length in
 * turn, so the kept ones are the shortest; 1 if the count was cut short */
static int
paths_find(struct graph *g, const struct adj *a, const struct adj *ra,
    size_t root)
{
	struct pe p;
	long *to_root = xcalloc(g->nnodes + 1, sizeof *to_root);
	size_t len;

	memset(&p, 0, sizeof p);
	shortest(g, ra, root, (size_t)-1, NULL, NULL, NULL, to_root);
	p.g = g;
	p.a = a;
	p.root = root;
	p.to_root = to_root;
	p.stack = xcalloc(g->nnodes + 1, sizeof *p.stack);
	p.on = xcalloc(g->nnodes + 1, 1);
	p.out = g;
	g->paths = xcalloc(GRAPH_MAX_PATHS, sizeof *g->paths);
	for (len = 1; len < g->nnodes && !p.over; len++) {
		p.len = len;
		p.on[g->start] = 1;
		pe_dfs(&p, g->start, 0);
		p.on[g->start] = 0;
	}
	/* each length is in the order met: by severity within it */
	qsort(g->paths, g->npaths, sizeof *g->paths, cmp_paths);
	free(p.stack);
	free(p.on);
	free(to_root);
	return p.over;
}

/* --- the cut --------------------------------------------------------- */

struct cs {
	const struct graph	*g;
	const char		*skip;		/* detours (detours()) */
	const struct adj	*a;
	size_t			 root;
	size_t			*label;		/* edge -> finding label */
	size_t			 nlabels;
	char			*off;		/* label closed */
	char			*fixable;	/* label: the fix script can
						 * close its finding */
	size_t			*chosen;
	size_t			 nchosen;
	size_t			 budget;
	int			 over;
};

/* 1 if the fix script can close f: an entry the check named that it
 * knows how to close */
static int
fixable(const struct finding *f)
{
	size_t i;

	for (i = 0; f != NULL && i < f->ncloses; i++)
		if (!f->closes[i].derived && f->closes[i].fix != FIX_NONE)
			return 1;
	return 0;
}

/* Can closing k more findings leave no path? Branch on the findings of
 * a shortest remaining path: every cut closes one of them (the bounded
 * search tree for hitting every path). */
static int
cut_rec(struct cs *c, size_t k)
{
	const struct graph *g = c->g;
	size_t *path, n, i, j;
	int ok = 0;

	if (c->budget == 0) {
		c->over = 1;
		return 0;
	}
	c->budget--;
	path = xcalloc(g->nnodes + 1, sizeof *path);
	n = shortest(g, c->a, g->start, c->root, c->off, c->label, path,
	    NULL);
	if (n == 0) {
		ok = 1;
		goto out;
	}
	if (k == 0)
		goto out;
	/* what the fix script can close first, then the rest: of two cuts
	 * of one size, the one it can apply */
	for (i = 0; i < 2 * n && !ok && !c->over; i++) {
		size_t lab = c->label[path[i % n]];

		if (!c->fixable[lab] != (i >= n))
			continue;
		for (j = 0; j < i % n; j++)
			if (c->label[path[j]] == lab)
				break;
		if (j < i % n)
			continue;	/* tried on this path */
		c->off[lab] = 1;
		c->chosen[c->nchosen++] = lab;
		if (cut_rec(c, k - 1))
			ok = 1;
		else {
			c->nchosen--;
			c->off[lab] = 0;
		}
	}
out:
	free(path);
	return ok;
}

/*
 * Past the exact search's bound: a minimum cut of the edges (each of
 * capacity 1) by a maximum flow, its findings taken. It leaves no path,
 * but a finding that labels several edges counts once where the flow
 * counted it many times: not always the smallest.
 *
 * The flow is found in phases (Dinic's algorithm): a breadth-first
 * search levels the residual graph, then paths along rising levels are
 * pushed, each node's next edge to try kept, so a phase looks at an edge
 * a bounded number of times: 100k edges of one hop cost one phase, not
 * 100k searches of every edge. The cut is the edges leaving what the
 * start still reaches once no path is left, the same set for every
 * maximum flow (the nearest minimum cut to the start), so it is the one
 * one path at a time found.
 */
struct fl {
	const struct graph	*g;
	struct adj		 out, in;	/* edges leaving, entering */
	char			*flow;		/* edge used */
	long			*level;		/* -1: not reached, or dead */
	size_t			*queue;
};

/* the residual graph's node across edge i from cur, or (size_t)-1 if
 * it is not a residual edge from cur: forward unused, backward used */
static size_t
fl_next(const struct fl *f, size_t cur, size_t i)
{
	const struct graph_edge *e = &f->g->edges[i];

	if (e->from == cur && !f->flow[i])
		return e->to;
	if (e->to == cur && f->flow[i])
		return e->from;
	return (size_t)-1;
}

/* levels of the residual graph from start (complete: what the start
 * reaches); 1 if root is reached */
static int
fl_levels(struct fl *f, size_t start, size_t root)
{
	const struct graph *g = f->g;
	size_t qn = 0, qi, i, cur, nx;
	const struct adj *side;
	int pass;

	for (i = 0; i < g->nnodes; i++)
		f->level[i] = -1;
	f->level[start] = 0;
	f->queue[qn++] = start;
	for (qi = 0; qi < qn; qi++) {
		cur = f->queue[qi];
		for (pass = 0; pass < 2; pass++) {
			side = pass ? &f->in : &f->out;
			for (i = side->start[cur]; i < side->start[cur + 1];
			    i++) {
				nx = fl_next(f, cur, side->e[i]);
				if (nx == (size_t)-1 || f->level[nx] != -1)
					continue;
				f->level[nx] = f->level[cur] + 1;
				f->queue[qn++] = nx;
			}
		}
	}
	return f->level[root] != -1;
}

/* one phase: paths along rising levels until none is left; arc[n]
 * walks n's out-edges then its in-edges (index past the out-edges) */
static void
fl_phase(struct fl *f, size_t start, size_t root, size_t *arc,
    size_t *pe, size_t *pn)
{
	const struct graph *g = f->g;
	size_t cur = start, depth = 0, i, nout, e, nx;

	for (i = 0; i < g->nnodes; i++)
		arc[i] = 0;
	for (;;) {
		if (cur == root) {
			for (i = 0; i < depth; i++)
				f->flow[pe[i]] = !f->flow[pe[i]];
			depth = 0;
			cur = start;
			continue;
		}
		nout = f->out.start[cur + 1] - f->out.start[cur];
		nx = (size_t)-1;
		e = 0;
		for (; arc[cur] < nout + f->in.start[cur + 1] -
		    f->in.start[cur]; arc[cur]++) {
			e = arc[cur] < nout ?
			    f->out.e[f->out.start[cur] + arc[cur]] :
			    f->in.e[f->in.start[cur] + arc[cur] - nout];
			nx = fl_next(f, cur, e);
			if (nx != (size_t)-1 && f->level[cur] >= 0 &&
			    f->level[nx] == f->level[cur] + 1)
				break;
			nx = (size_t)-1;
		}
		if (nx != (size_t)-1) {
			pe[depth] = e;
			pn[depth++] = cur;
			cur = nx;
			continue;
		}
		/* a dead end: no path to root through cur this phase */
		f->level[cur] = -1;
		if (depth == 0)
			return;
		cur = pn[--depth];
	}
}

static void
cut_flow(struct cs *c)
{
	const struct graph *g = c->g;
	struct fl f;
	size_t i, *arc, *pe, *pn;

	memset(&f, 0, sizeof f);
	f.g = g;
	adj_build(g, &f.out, 0, c->skip);
	adj_build(g, &f.in, 1, c->skip);
	f.flow = xcalloc(g->nedges + 1, 1);
	f.level = xcalloc(g->nnodes + 1, sizeof *f.level);
	f.queue = xcalloc(g->nnodes + 1, sizeof *f.queue);
	arc = xcalloc(g->nnodes + 1, sizeof *arc);
	pe = xcalloc(g->nnodes + 1, sizeof *pe);
	pn = xcalloc(g->nnodes + 1, sizeof *pn);
	while (fl_levels(&f, g->start, c->root))
		fl_phase(&f, g->start, c->root, arc, pe, pn);
	/* level >= 0: what the start still reaches; the cut leaves it */
	for (i = 0; i < g->nedges; i++) {
		size_t lab = c->label[i];

		if (c->skip[i] || f.level[g->edges[i].from] < 0 ||
		    f.level[g->edges[i].to] >= 0 || c->off[lab])
			continue;
		c->off[lab] = 1;
		c->chosen[c->nchosen++] = lab;
	}
	adj_free(&f.out);
	adj_free(&f.in);
	free(f.flow);
	free(f.level);
	free(f.queue);
	free(arc);
	free(pe);
	free(pn);
}

static void
cut_find(struct graph *g, const struct adj *a, size_t root, const char *skip)
{
	struct cs c;
	struct strmap labs = { 0 };
	char **names;
	size_t i, k, old;

	memset(&c, 0, sizeof c);
	c.g = g;
	c.a = a;
	c.skip = skip;
	c.root = root;
	c.label = xcalloc(g->nedges + 1, sizeof *c.label);
	names = xcalloc(g->nedges + 1, sizeof *names);
	for (i = 0; i < g->nedges; i++) {
		if (strmap_adds(&labs, g->edges[i].finding, c.nlabels, &old)) {
			names[c.nlabels] = g->edges[i].finding;
			c.label[i] = c.nlabels++;
		} else
			c.label[i] = old;
	}
	c.off = xcalloc(c.nlabels + 1, 1);
	c.fixable = xcalloc(c.nlabels + 1, 1);
	for (i = 0; i < g->nedges; i++)
		c.fixable[c.label[i]] |= fixable(g->edges[i].f);
	c.chosen = xcalloc(c.nlabels + 1, sizeof *c.chosen);
	c.budget = GRAPH_CUT_BUDGET;
	g->cut_exact = 1;
	for (k = 0; k <= GRAPH_CUT_EXACT && !c.over; k++)
		if (cut_rec(&c, k))
			break;
	if (c.over || k > GRAPH_CUT_EXACT) {
		memset(c.off, 0, c.nlabels + 1);
		c.nchosen = 0;
		cut_flow(&c);
		g->cut_exact = 0;
	}
	g->cut = xcalloc(c.nchosen + 1, sizeof *g->cut);
	for (i = 0; i < c.nchosen; i++)
		g->cut[g->ncut++] = xstrdup(names[c.chosen[i]]);
	strmap_free(&labs);
	free(names);
	free(c.label);
	free(c.off);
	free(c.fixable);
	free(c.chosen);
}

/* --- scoring by where a chain ends ----------------------------------- */

/* each node's best path severity to root: the best over its edges of
 * the worse of the hop and what follows (monotone: it settles) */
static void
best_find(struct graph *g, size_t root, const char *skip)
{
	size_t i;
	int changed = 1;

	for (i = 0; i < g->nnodes; i++)
		g->nodes[i].best = i == root ? SEV_CRITICAL : -1;
	while (changed) {
		changed = 0;
		for (i = 0; i < g->nedges; i++) {
			const struct graph_edge *e = &g->edges[i];
			int h = (int)hop_sev(g, e), nb;

			if (skip[i] || g->nodes[e->to].best < 0 ||
			    e->from == root)
				continue;
			nb = h < g->nodes[e->to].best ? h :
			    g->nodes[e->to].best;
			if (nb > g->nodes[e->from].best) {
				g->nodes[e->from].best = nb;
				changed = 1;
			}
		}
	}
}

/*
 * The detours: an edge of another identity made by a finding the start
 * holds itself (a setuid root shell every account can run) leads nowhere
 * the start does not reach directly, by the same finding. The paths, the
 * cut and the scoring leave them out (the cuts stay the same: a path
 * through a detour has the start's own edge as a shortcut); the edges
 * keep them.
 */
static char *
detours(const struct graph *g)
{
	struct strmap own = { 0 };
	char *skip = xcalloc(g->nedges + 1, 1);
	size_t i;

	for (i = 0; i < g->nedges; i++)
		if (g->edges[i].from == g->start)
			strmap_adds(&own, g->edges[i].finding, 1, NULL);
	for (i = 0; i < g->nedges; i++)
		skip[i] = g->edges[i].from != g->start &&
		    strmap_gets(&own, g->edges[i].finding) != STRMAP_NONE;
	strmap_free(&own);
	return skip;
}

/* where a score lies in its band, 0.0 to 1.0 (severity.h's bands) */
static double
band_weight(enum severity sev, double score)
{
	static const double lo[SEV_COUNT] = { 0.0, 0.1, 4.0, 7.0, 9.0 };
	static const double hi[SEV_COUNT] = { 0.0, 3.9, 6.9, 8.9, 10.0 };
	double w;

	if (hi[sev] <= lo[sev])
		return 0.5;
	w = (score - lo[sev]) / (hi[sev] - lo[sev]);
	return w < 0.0 ? 0.0 : w > 1.0 ? 1.0 : w;
}

/*
 * The scanned user's findings that hand it another identity, rescored:
 * to one that reaches root, as a path to root bounded by what the hop
 * waits for; to one that reaches nothing further, lateral movement,
 * medium at most, and the title says so.
 */
static void
rescore(struct gb *b)
{
	struct graph *g = b->g;
	struct report *r = b->s->rep;
	size_t i, n;

	for (i = 0; i < r->nfindings; i++) {
		struct finding *f = r->findings[i];
		struct grant *gr = &f->grant;
		enum severity sev, bound;
		char *key, *t;
		double w;

		if (gr->kind != GRANT_USER && gr->kind != GRANT_GROUP)
			continue;
		key = grant_node(gr);
		n = strmap_gets(&b->keys, key);
		if (n == STRMAP_NONE || n == g->start ||
		    g->nodes[n].judged != 1) {
			free(key);
			continue;
		}
		w = band_weight(f->sev, f->score);
		bound = graph_hop_bound(gr->wait, gr->sure);
		if (g->nodes[n].best >= 0) {
			sev = (int)bound < g->nodes[n].best ? bound :
			    (enum severity)g->nodes[n].best;
			finding_ev_str(f, "chain", "reaches root through "
			    "this identity (the report's graph has the "
			    "paths)");
		} else {
			sev = f->sev < SEV_MEDIUM ? f->sev : SEV_MEDIUM;
			finding_ev_str(f, "chain", "lateral movement: this "
			    "identity reaches nothing further");
			t = xasprintf("%s (lateral movement: %s reaches no "
			    "further)", f->title, key);
			free(f->title);
			f->title = t;
		}
		finding_ev_str(f, "grants_node", key);
		free(key);
		if (sev != f->sev) {
			f->sev = sev;
			f->score = score_in_band(sev, w);
		}
	}
}

/* --- the graph, from the scan ---------------------------------------- */

/* the identities reachable from the start, each with its shortest path */
static void
reach_find(struct graph *g, const struct adj *a)
{
	size_t *path = xcalloc(g->nnodes + 1, sizeof *path), i, k, n;

	g->reach = xcalloc(g->nnodes + 1, sizeof *g->reach);
	for (i = 0; i < g->nnodes; i++) {
		struct graph_reach *r;

		if (i == g->start || g->nodes[i].distance < 0)
			continue;
		n = shortest(g, a, g->start, i, NULL, NULL, path, NULL);
		r = &g->reach[g->nreach++];
		r->node = i;
		r->reaches_root = g->nodes[i].reaches_root;
		r->hops = xcalloc(n + 1, sizeof *r->hops);
		for (k = 0; k < n; k++)
			r->hops[r->n++] = xstrdup(g->edges[path[k]].finding);
	}
	free(path);
}

static int
cmp_rows(const void *x, const void *y)
{
	const struct graph_row *a = x, *b = y;

	if (a->reaches_root != b->reaches_root)
		return a->reaches_root ? -1 : 1;
	if (a->path.sev != b->path.sev)
		return a->path.sev > b->path.sev ? -1 : 1;
	if (a->path.n != b->path.n)
		return a->path.n < b->path.n ? -1 : 1;
	return a->node < b->node ? -1 : a->node > b->node;
}

/* an account that can log in: a shell that is not a refusal (passwd(5):
 * empty is /bin/sh) */
static int
logs_in(const struct pwent *pw)
{
	static const char *const no[] = { "nologin", "false", "sync",
	    "halt", "shutdown", NULL };
	const char *b;
	size_t i;

	if (pw->shell == NULL || pw->shell[0] == '\0')
		return 1;
	if (strcmp(pw->shell, "/dev/null") == 0)
		return 0;
	b = strrchr(pw->shell, '/');
	b = b ? b + 1 : pw->shell;
	for (i = 0; no[i]; i++)
		if (strcmp(b, no[i]) == 0)
			return 0;
	return 1;
}

/* --all-users: every account that can log in or runs a service (one a
 * finding hands over: a job or unit runs as it), explored in turn */
static void
rows_find(struct gb *b)
{
	struct graph *g = b->g;
	struct userdb *db = &b->s->db;
	char *want;
	size_t i, n;

	for (i = 0; i < db->nusers; i++)
		if (db->users[i].uid != 0 && logs_in(&db->users[i]) &&
		    (n = node_of(b, GRANT_USER, db->users[i].uid,
		    db->users[i].name)) != (size_t)-1)
			explore(b, n);
	want = xcalloc(g->nnodes + 1, 1);
	for (i = 0; i < g->nnodes; i++)
		want[i] = g->nodes[i].kind == GRANT_USER && g->nodes[i].judged;
	want[g->start] = 1;
	g->rows = xcalloc(g->nnodes + 1, sizeof *g->rows);
	for (i = 0; i < g->nnodes; i++)
		if (want[i]) {
			g->rows[g->nrows].node = i;
			g->rows[g->nrows++].path.edges = NULL;
		}
	free(want);
}

static void
rows_paths(struct graph *g, const struct adj *a, size_t root)
{
	size_t i;

	for (i = 0; i < g->nrows; i++) {
		struct graph_row *w = &g->rows[i];

		w->reaches_root = g->nodes[w->node].reaches_root;
		w->path.edges = xcalloc(g->nnodes + 1, sizeof *w->path.edges);
		w->path.n = root == (size_t)-1 ? 0 : shortest(g, a, w->node,
		    root, NULL, NULL, w->path.edges, NULL);
		path_score(g, &w->path);
		if (w->path.n == 0) {
			w->path.sev = SEV_INFO;
			w->path.score = 0.0;
		}
	}
	qsort(g->rows, g->nrows, sizeof *g->rows, cmp_rows);
}

/* distances, reach, paths, cut and rows of a graph (graph.h) */
void
graph_solve(struct graph *g, struct report *rep)
{
	struct adj a, da, dra;
	long *d = xcalloc(g->nnodes + 1, sizeof *d);
	size_t root = root_node(g), i;
	char *skip = detours(g);

	adj_build(g, &a, 0, NULL);
	adj_build(g, &da, 0, skip);
	adj_build(g, &dra, 1, skip);
	shortest(g, &a, g->start, (size_t)-1, NULL, NULL, NULL, d);
	for (i = 0; i < g->nnodes; i++)
		g->nodes[i].distance = d[i];
	if (root != (size_t)-1) {
		adj_free(&a);
		adj_build(g, &a, 1, NULL);
		shortest(g, &a, root, (size_t)-1, NULL, NULL, NULL, d);
		for (i = 0; i < g->nnodes; i++)
			g->nodes[i].reaches_root = d[i] >= 0;
		best_find(g, root, skip);
		adj_free(&a);
		adj_build(g, &a, 0, NULL);
	}
	reach_find(g, &a);
	if (root != (size_t)-1 && g->nodes[g->start].reaches_root) {
		if (paths_find(g, &da, &dra, root))
			report_add_note(rep, "the escalation graph has "
			    "more paths to root than privmap counted: "
			    "paths_total is a lower bound");
		cut_find(g, &da, root, skip);
	}
	if (g->all_users)
		rows_paths(g, &a, root);
	adj_free(&a);
	adj_free(&da);
	adj_free(&dra);
	free(skip);
	free(d);
}

/* 1 if the agent's sandbox (--sandbox) contains the user's own finding
 * f, so a hop the sandbox shuts is no edge. Only the user's own hops
 * and those of the groups it holds: an account reached runs outside the
 * agent's sandbox. */
static int
sandboxed(const struct scan *s, const struct finding *f)
{
	return s->sandbox != NULL && sandbox_contains(s->sandbox, f, s->rep);
}

/* the graph of a scan: each identity judged once (graph.h) */
void
graph_build(struct scan *s, graph_judge_fn judgefn, int all_users)
{
	struct gb b;
	struct graph *g;
	size_t i;

	if (s->user.uid == 0)
		return;
	memset(&b, 0, sizeof b);
	g = xcalloc(1, sizeof *g);
	b.s = s;
	b.g = g;
	b.judge = judgefn;
	g->all_users = all_users;
	g->start = node_of(&b, GRANT_USER, s->user.uid, s->user.name);
	g->nodes[g->start].judged = 1;
	node_gids(&g->nodes[g->start], &s->user);
	for (i = 0; i < s->rep->nfindings; i++) {
		const struct finding *f = s->rep->findings[i];

		strmap_addp(&b.ids, f->id, strlen(f->id), (void *)f);
		if (f->grant.kind != GRANT_NONE && !sandboxed(s, f))
			edge_add(&b, g->start, f);
	}
	explore(&b, g->start);
	if (all_users)
		rows_find(&b);
	graph_solve(g, s->rep);
	rescore(&b);
	if (b.capped)
		report_add_note(s->rep, "the escalation graph stopped at %d "
		    "identities judged (%d nodes): identities past them are "
		    "not judged", GRAPH_MAX_JUDGED, GRAPH_MAX_NODES);
	strmap_free(&b.keys);
	strmap_free(&b.ids);
	strmap_free(&b.edges);
	s->rep->graph = g;
}

/* everything a graph holds (graph.h) */
void
graph_free(struct graph *g)
{
	size_t i, k;

	if (g == NULL)
		return;
	for (i = 0; i < g->nnodes; i++) {
		free(g->nodes[i].key);
		free(g->nodes[i].name);
		free(g->nodes[i].gids);
	}
	free(g->nodes);
	for (i = 0; i < g->nedges; i++)
		free(g->edges[i].finding);
	free(g->edges);
	for (i = 0; i < g->nfindings; i++)
		finding_free(g->findings[i]);
	free(g->findings);
	free(g->as);
	for (i = 0; i < g->npaths; i++)
		free(g->paths[i].edges);
	free(g->paths);
	for (i = 0; i < g->nreach; i++) {
		for (k = 0; k < g->reach[i].n; k++)
			free(g->reach[i].hops[k]);
		free(g->reach[i].hops);
	}
	free(g->reach);
	for (i = 0; i < g->ncut; i++)
		free(g->cut[i]);
	free(g->cut);
	for (i = 0; i < g->nrows; i++)
		free(g->rows[i].path.edges);
	free(g->rows);
	free(g);
}

/* a finding of the report or of its graph, by id (graph.h) */
const struct finding *
graph_finding(const struct report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i]->id && strcmp(r->findings[i]->id, id) == 0)
			return r->findings[i];
	for (i = 0; r->graph && i < r->graph->nfindings; i++)
		if (strcmp(r->graph->findings[i]->id, id) == 0)
			return r->graph->findings[i];
	return NULL;
}

/* whether a finding closes part of the cut (graph.h) */
int
graph_in_cut(const struct graph *g, const char *id)
{
	size_t i;

	for (i = 0; g && i < g->ncut; i++)
		if (strcmp(g->cut[i], id) == 0)
			return 1;
	return 0;
}

/* The findings of r and of its graph by id, and its cut (graph.h): what
 * graph_finding and graph_in_cut say, one look-up each. */
void
graph_index_init(struct graph_index *x, const struct report *r)
{
	size_t i;

	memset(x, 0, sizeof *x);
	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i]->id)
			strmap_addp(&x->ids, r->findings[i]->id,
			    strlen(r->findings[i]->id), r->findings[i]);
	for (i = 0; r->graph && i < r->graph->nfindings; i++)
		strmap_addp(&x->ids, r->graph->findings[i]->id,
		    strlen(r->graph->findings[i]->id), r->graph->findings[i]);
	for (i = 0; r->graph && i < r->graph->ncut; i++)
		strmap_adds(&x->cut, r->graph->cut[i], i, NULL);
}

/* graph_finding's answer (graph.h) */
const struct finding *
graph_index_finding(const struct graph_index *x, const char *id)
{
	return strmap_getp(&x->ids, id, strlen(id));
}

/* graph_in_cut's answer (graph.h) */
int
graph_index_in_cut(const struct graph_index *x, const char *id)
{
	return strmap_gets(&x->cut, id) != STRMAP_NONE;
}

/* the index's tables (graph.h) */
void
graph_index_free(struct graph_index *x)
{
	strmap_free(&x->ids);
	strmap_free(&x->cut);
}

/* --- the "graph" member ---------------------------------------------- */

static const char *const kind_names[] = { "none", "user", "group", "root" };

static json_t *
jenc(const char *s)
{
	char *e;
	json_t *j;

	if (s == NULL)
		return json_null();
	e = pathenc_encode(s, strlen(s));
	j = json_string(e);
	free(e);
	return j ? j : json_string("?");
}

static json_t *
hops_json(const struct graph *g, const struct graph_path *p)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < p->n; i++) {
		const struct graph_edge *e = &g->edges[p->edges[i]];
		json_t *h = json_object();

		json_object_set_new(h, "from",
		    json_string(g->nodes[e->from].key));
		json_object_set_new(h, "to", json_string(g->nodes[e->to].key));
		json_object_set_new(h, "finding", json_string(e->finding));
		json_array_append_new(a, h);
	}
	return a;
}

static json_t *
jscore1(double v)
{
	return json_real(floor(v * 10.0 + 0.5) / 10.0);
}

static json_t *
nodes_json(const struct graph *g)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = &g->nodes[i];
		json_t *o = json_object();

		json_object_set_new(o, "id", json_string(n->key));
		json_object_set_new(o, "kind",
		    json_string(kind_names[n->kind]));
		json_object_set_new(o, "name", jenc(n->name));
		if (n->id != GRANT_ID_UNKNOWN)
			json_object_set_new(o, n->kind == GRANT_GROUP ? "gid" :
			    "uid", json_integer((json_int_t)n->id));
		if (n->gids != NULL) {
			json_t *gs = json_array();
			size_t k;

			for (k = 0; k < n->ngids; k++)
				json_array_append_new(gs,
				    json_integer((json_int_t)n->gids[k]));
			json_object_set_new(o, "groups", gs);
		}
		json_object_set_new(o, "reaches_root",
		    json_boolean(n->reaches_root));
		json_object_set_new(o, "distance", n->distance < 0 ?
		    json_null() : json_integer(n->distance));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
edges_json(const struct graph *g)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < g->nedges; i++) {
		const struct graph_edge *e = &g->edges[i];
		json_t *o = json_object();

		json_object_set_new(o, "from",
		    json_string(g->nodes[e->from].key));
		json_object_set_new(o, "to", json_string(g->nodes[e->to].key));
		json_object_set_new(o, "finding", json_string(e->finding));
		json_object_set_new(o, "wait",
		    json_string(grant_wait_name(e->wait)));
		json_object_set_new(o, "sure",
		    json_string(e->sure ? "certain" : "likely"));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
path_json(const struct graph *g, const struct graph_path *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "hops", hops_json(g, p));
	json_object_set_new(o, "severity", json_string(severity_name(p->sev)));
	json_object_set_new(o, "score", jscore1(p->score));
	return o;
}

/* the "graph" member (graph.h, docs/report.md) */
json_t *
graph_to_json(const struct graph *g)
{
	json_t *o = json_object(), *a, *x, *c;
	size_t i, k;

	json_object_set_new(o, "start", json_string(g->nodes[g->start].key));
	json_object_set_new(o, "nodes", nodes_json(g));
	json_object_set_new(o, "edges", edges_json(g));
	a = json_array();
	for (i = 0; i < g->nfindings; i++) {
		x = finding_to_json(g->findings[i]);
		json_object_set_new(x, "as",
		    json_string(g->nodes[g->as[i]].key));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "findings", a);
	a = json_array();
	for (i = 0; i < g->npaths; i++)
		json_array_append_new(a, path_json(g, &g->paths[i]));
	json_object_set_new(o, "paths", a);
	json_object_set_new(o, "paths_total",
	    json_integer((json_int_t)g->paths_total));
	a = json_array();
	for (i = 0; i < g->nreach; i++) {
		json_t *h = json_array();

		x = json_object();
		json_object_set_new(x, "node",
		    json_string(g->nodes[g->reach[i].node].key));
		for (k = 0; k < g->reach[i].n; k++)
			json_array_append_new(h,
			    json_string(g->reach[i].hops[k]));
		json_object_set_new(x, "hops", h);
		json_object_set_new(x, "reaches_root",
		    json_boolean(g->reach[i].reaches_root));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "reachable", a);
	c = json_object();
	a = json_array();
	for (i = 0; i < g->ncut; i++)
		json_array_append_new(a, json_string(g->cut[i]));
	json_object_set_new(c, "findings", a);
	json_object_set_new(c, "exact", json_boolean(g->cut_exact));
	json_object_set_new(c, "paths",
	    json_integer((json_int_t)g->paths_total));
	json_object_set_new(o, "cut", c);
	if (g->all_users) {
		a = json_array();
		for (i = 0; i < g->nrows; i++) {
			const struct graph_row *w = &g->rows[i];

			x = path_json(g, &w->path);
			json_object_set_new(x, "node",
			    json_string(g->nodes[w->node].key));
			json_object_set_new(x, "reaches_root",
			    json_boolean(w->reaches_root));
			json_array_append_new(a, x);
		}
		json_object_set_new(o, "all_users", a);
	}
	return o;
}

/* --- read back ------------------------------------------------------- */

struct gr {
	struct graph	*g;
	struct strmap	 keys;		/* node key -> index */
	struct strmap	 edges;		/* "from to finding" -> index */
	const char	*why;
};

static int
gr_bad(struct gr *r, const char *why)
{
	if (r->why == NULL)
		r->why = why;
	return -1;
}

/* a node key of the graph's nodes: its index, or -1 */
static int
gr_node(struct gr *r, json_t *v, size_t *out)
{
	const char *s = json_string_value(v);
	size_t i;

	if (s == NULL || (i = strmap_gets(&r->keys, s)) == STRMAP_NONE)
		return -1;
	*out = i;
	return 0;
}

/* a finding id: what report_validate takes for one */
static int
id_ok(json_t *v)
{
	const char *s = json_string_value(v);
	size_t n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	return n > 0 && n <= 128 && n == json_string_length(v) &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._:-") == n;
}

static char *
edge_key(size_t from, size_t to, const char *id)
{
	return xasprintf("%zu %zu %s", from, to, id);
}

static int
gr_gids(struct graph_node *n, json_t *a)
{
	json_t *v;
	size_t i;

	if (a == NULL)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > 65536)
		return -1;
	n->gids = xcalloc(json_array_size(a) + 1, sizeof *n->gids);
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 4294967294LL)
			return -1;
		n->gids[n->ngids++] = (unsigned long)json_integer_value(v);
	}
	return 0;
}

static int
gr_nodes(struct gr *r, json_t *a)
{
	struct graph *g = r->g;
	json_t *o, *v;
	size_t i;

	if (!json_is_array(a) || json_array_size(a) > GRAPH_MAX_NODES)
		return gr_bad(r, "graph.nodes: missing, not an array, or "
		    "longer than privmap writes");
	g->nodes = xcalloc(json_array_size(a) + 1, sizeof *g->nodes);
	json_array_foreach(a, i, o) {
		struct graph_node *n = &g->nodes[g->nnodes];
		struct grant gt;
		const char *key = json_string_value(json_object_get(o, "id"));

		if (key == NULL || grant_node_parse(key, &gt) == -1)
			return gr_bad(r, "graph.nodes: a node id is not root, "
			    "user:NAME, group:NAME, uid:N or gid:N");
		n->key = xstrdup(key);
		n->kind = gt.kind;
		free(gt.name);
		g->nnodes++;
		v = json_object_get(o, "kind");
		if (!json_is_string(v) || strcmp(json_string_value(v),
		    kind_names[n->kind]) != 0)
			return gr_bad(r, "graph.nodes: kind is not what the "
			    "node id says");
		v = json_object_get(o, "name");
		if (json_is_string(v)) {
			n->name = pathenc_decode(json_string_value(v),
			    json_string_length(v));
			if (n->name == NULL)
				return gr_bad(r, "graph.nodes: a name is not "
				    "text in privmap's form");
		}
		v = json_object_get(o, n->kind == GRANT_GROUP ? "gid" : "uid");
		n->id = GRANT_ID_UNKNOWN;
		if (json_is_integer(v) && json_integer_value(v) >= 0 &&
		    json_integer_value(v) <= 4294967294LL)
			n->id = (unsigned long)json_integer_value(v);
		if (gr_gids(n, json_object_get(o, "groups")) == -1)
			return gr_bad(r, "graph.nodes: groups is not an array "
			    "of group ids");
		v = json_object_get(o, "reaches_root");
		if (!json_is_boolean(v))
			return gr_bad(r, "graph.nodes: reaches_root is not "
			    "true or false");
		n->reaches_root = json_is_true(v);
		v = json_object_get(o, "distance");
		n->distance = -1;
		if (json_is_integer(v) && json_integer_value(v) >= 0 &&
		    json_integer_value(v) <= GRAPH_MAX_NODES)
			n->distance = (long)json_integer_value(v);
		else if (!json_is_null(v))
			return gr_bad(r, "graph.nodes: distance is not a "
			    "number of hops or null");
		if (!strmap_adds(&r->keys, n->key, i, NULL))
			return gr_bad(r, "graph.nodes: a node is listed twice");
	}
	return 0;
}

static int
gr_edges(struct gr *r, json_t *a)
{
	struct graph *g = r->g;
	json_t *o, *v;
	size_t i;
	int w;

	if (!json_is_array(a))
		return gr_bad(r, "graph.edges: missing, or not an array");
	g->edges = xcalloc(json_array_size(a) + 1, sizeof *g->edges);
	json_array_foreach(a, i, o) {
		struct graph_edge *e = &g->edges[g->nedges];
		char *k;
		int fresh;

		if (gr_node(r, json_object_get(o, "from"), &e->from) == -1 ||
		    gr_node(r, json_object_get(o, "to"), &e->to) == -1)
			return gr_bad(r, "graph.edges: from or to is not a "
			    "node of the graph");
		if (!id_ok(json_object_get(o, "finding")))
			return gr_bad(r, "graph.edges: finding is not a "
			    "finding id");
		v = json_object_get(o, "wait");
		if (!json_is_string(v) ||
		    (w = grant_wait_parse(json_string_value(v))) < 0)
			return gr_bad(r, "graph.edges: wait is not one of the "
			    "contract's");
		e->wait = (enum grant_wait)w;
		v = json_object_get(o, "sure");
		if (!json_is_string(v) || (strcmp(json_string_value(v),
		    "certain") != 0 && strcmp(json_string_value(v),
		    "likely") != 0))
			return gr_bad(r, "graph.edges: sure is not certain or "
			    "likely");
		e->sure = strcmp(json_string_value(v), "certain") == 0;
		e->finding = xstrdup(json_string_value(json_object_get(o,
		    "finding")));
		g->nedges++;
		k = edge_key(e->from, e->to, e->finding);
		fresh = strmap_adds(&r->edges, k, i, NULL);
		free(k);
		if (!fresh)
			return gr_bad(r, "graph.edges: an edge is listed "
			    "twice");
	}
	return 0;
}

/* a path's hops, each an edge of the graph that follows the last */
static int
gr_path(struct gr *r, json_t *o, struct graph_path *p, size_t from)
{
	json_t *a = json_object_get(o, "hops"), *h, *v;
	size_t i, f, t, e;
	int sev;

	if (!json_is_array(a) || json_array_size(a) > GRAPH_MAX_NODES)
		return gr_bad(r, "graph: a path's hops are not an array");
	p->edges = xcalloc(json_array_size(a) + 1, sizeof *p->edges);
	json_array_foreach(a, i, h) {
		char *k;

		if (gr_node(r, json_object_get(h, "from"), &f) == -1 ||
		    gr_node(r, json_object_get(h, "to"), &t) == -1 ||
		    !id_ok(json_object_get(h, "finding")))
			return gr_bad(r, "graph: a hop is not from, to and "
			    "finding");
		k = edge_key(f, t, json_string_value(json_object_get(h,
		    "finding")));
		e = strmap_gets(&r->edges, k);
		free(k);
		if (e == STRMAP_NONE || f != from)
			return gr_bad(r, "graph: a hop is no edge of the "
			    "graph, or does not follow the one before");
		p->edges[p->n++] = e;
		from = t;
	}
	v = json_object_get(o, "severity");
	if (!json_is_string(v) ||
	    (sev = severity_parse(json_string_value(v))) < 0)
		return gr_bad(r, "graph: a path's severity is not one of the "
		    "contract's");
	p->sev = (enum severity)sev;
	v = json_object_get(o, "score");
	if (!json_is_number(v) || !(json_number_value(v) >= 0.0 &&
	    json_number_value(v) <= 10.0))
		return gr_bad(r, "graph: a path's score is not 0 to 10");
	p->score = json_number_value(v);
	return 0;
}

static int
gr_findings(struct gr *r, json_t *a)
{
	struct graph *g = r->g;
	json_t *o;
	size_t i, as;

	if (!json_is_array(a))
		return gr_bad(r, "graph.findings: missing, or not an array");
	g->findings = xcalloc(json_array_size(a) + 1, sizeof *g->findings);
	g->as = xcalloc(json_array_size(a) + 1, sizeof *g->as);
	json_array_foreach(a, i, o) {
		struct finding *f;

		if (gr_node(r, json_object_get(o, "as"), &as) == -1)
			return gr_bad(r, "graph.findings: as is not a node of "
			    "the graph");
		if ((f = finding_from_json(o)) == NULL)
			return gr_bad(r, "graph.findings: a finding lacks id, "
			    "check, family, path, severity or score");
		g->findings[g->nfindings] = f;
		g->as[g->nfindings++] = as;
	}
	return 0;
}

static int
gr_rest(struct gr *r, json_t *j)
{
	struct graph *g = r->g;
	json_t *a, *o, *v, *h;
	size_t i, k;

	a = json_object_get(j, "paths");
	if (!json_is_array(a) || json_array_size(a) > GRAPH_MAX_PATHS)
		return gr_bad(r, "graph.paths: missing, not an array, or "
		    "longer than privmap writes");
	g->paths = xcalloc(GRAPH_MAX_PATHS, sizeof *g->paths);
	json_array_foreach(a, i, o)
		if (gr_path(r, o, &g->paths[g->npaths++], g->start) == -1)
			return -1;
	v = json_object_get(j, "paths_total");
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return gr_bad(r, "graph.paths_total: missing, or not a count");
	g->paths_total = (size_t)json_integer_value(v);
	a = json_object_get(j, "reachable");
	if (!json_is_array(a) || json_array_size(a) > g->nnodes)
		return gr_bad(r, "graph.reachable: missing, or not an array "
		    "of the graph's nodes");
	g->reach = xcalloc(json_array_size(a) + 1, sizeof *g->reach);
	json_array_foreach(a, i, o) {
		struct graph_reach *w = &g->reach[g->nreach++];

		h = json_object_get(o, "hops");
		if (gr_node(r, json_object_get(o, "node"), &w->node) == -1 ||
		    !json_is_array(h) || json_array_size(h) > g->nnodes ||
		    !json_is_boolean(json_object_get(o, "reaches_root")))
			return gr_bad(r, "graph.reachable: an entry is not a "
			    "node, its hops and reaches_root");
		w->reaches_root = json_is_true(json_object_get(o,
		    "reaches_root"));
		w->hops = xcalloc(json_array_size(h) + 1, sizeof *w->hops);
		json_array_foreach(h, k, v) {
			if (!id_ok(v))
				return gr_bad(r, "graph.reachable: a hop is "
				    "not a finding id");
			w->hops[w->n++] = xstrdup(json_string_value(v));
		}
	}
	o = json_object_get(j, "cut");
	a = json_object_get(o, "findings");
	if (!json_is_object(o) || !json_is_array(a) ||
	    json_array_size(a) > g->nedges ||
	    !json_is_boolean(json_object_get(o, "exact")) ||
	    !json_is_integer(json_object_get(o, "paths")))
		return gr_bad(r, "graph.cut: missing, or not findings, exact "
		    "and paths");
	g->cut_exact = json_is_true(json_object_get(o, "exact"));
	g->cut = xcalloc(json_array_size(a) + 1, sizeof *g->cut);
	json_array_foreach(a, i, v) {
		if (!id_ok(v))
			return gr_bad(r, "graph.cut.findings: not a finding "
			    "id");
		g->cut[g->ncut++] = xstrdup(json_string_value(v));
	}
	a = json_object_get(j, "all_users");
	if (a == NULL)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > g->nnodes)
		return gr_bad(r, "graph.all_users: not an array of the graph's "
		    "nodes");
	g->all_users = 1;
	g->rows = xcalloc(json_array_size(a) + 1, sizeof *g->rows);
	json_array_foreach(a, i, o) {
		struct graph_row *w = &g->rows[g->nrows++];

		if (gr_node(r, json_object_get(o, "node"), &w->node) == -1 ||
		    !json_is_boolean(json_object_get(o, "reaches_root")))
			return gr_bad(r, "graph.all_users: an entry is not a "
			    "node and reaches_root");
		w->reaches_root = json_is_true(json_object_get(o,
		    "reaches_root"));
		if (gr_path(r, o, &w->path, w->node) == -1)
			return -1;
	}
	return 0;
}

/* the "graph" member read back, or NULL and why (graph.h) */
struct graph *
graph_from_json(json_t *j, const char **why)
{
	struct gr r;

	memset(&r, 0, sizeof r);
	r.edges.copies = 1;
	r.g = xcalloc(1, sizeof *r.g);
	if (!json_is_object(j)) {
		gr_bad(&r, "graph: not an object");
		goto bad;
	}
	if (gr_nodes(&r, json_object_get(j, "nodes")) == -1 ||
	    gr_node(&r, json_object_get(j, "start"), &r.g->start) == -1) {
		gr_bad(&r, "graph.start: not a node of the graph");
		goto bad;
	}
	if (gr_edges(&r, json_object_get(j, "edges")) == -1 ||
	    gr_findings(&r, json_object_get(j, "findings")) == -1 ||
	    gr_rest(&r, j) == -1)
		goto bad;
	strmap_free(&r.keys);
	strmap_free(&r.edges);
	return r.g;
bad:
	*why = r.why;
	strmap_free(&r.keys);
	strmap_free(&r.edges);
	graph_free(r.g);
	return NULL;
}
