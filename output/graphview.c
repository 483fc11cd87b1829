/*
 * graphview.c: the escalation graph of a report taken apart for its
 * pictures (graphview.h): nodes and edges from the JSON "graph" member,
 * the listed paths to root and the cut marked on them, and the layout
 * (columns by distance from the scanned user, found here by a breadth-
 * first search over the edges; rows ordered by where their predecessors
 * stand). It trusts nothing in the member: unknown nodes, duplicates and
 * anything past the bounds are counted, never followed; it writes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "output/graphview.h"

/* the string member key of o, or "" */
const char *
gv_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* the report's target: "kind", "root"; the user's "name" */
const char *
gv_target(const struct gv *g, const char *key)
{
	const json_t *t = json_object_get(g->doc, "target");

	if (strcmp(key, "name") == 0)
		t = json_object_get(t, "user");
	return gv_str(t, key);
}

/* s as an id or URL fragment: [A-Za-z0-9-] kept, other bytes "_XX" */
void
gv_frag(struct buf *b, const char *prefix, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	buf_adds(b, prefix);
	for (; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-')
			buf_addc(b, (char)*p);
		else
			buf_printf(b, "_%02X", *p);
}

/* a finding of the report or of the graph by id, or NULL */
const json_t *
gv_finding(const struct gv *g, const char *id)
{
	return strmap_getp(&g->fmap, id, strlen(id));
}

/* Add a node (id kept where the JSON holds it): its index, or
 * STRMAP_NONE past the bound or for an id seen before. */
static size_t
gv_add_node(struct gv *g, const char *id, const json_t *o)
{
	struct gv_node *n;
	const char *c;
	json_t *num;

	if (*id == '\0' || strmap_gets(&g->nodemap, id) != STRMAP_NONE)
		return STRMAP_NONE;
	if (g->nnodes >= g->limit) {
		g->dropped_nodes++;
		return STRMAP_NONE;
	}
	n = &g->nodes[g->nnodes];
	memset(n, 0, sizeof *n);
	n->id = id;
	n->layer = -1;
	n->num = -1;
	c = strchr(id, ':');
	if (strncmp(id, "group:", 6) == 0 || strncmp(id, "gid:", 4) == 0)
		n->kind = GV_GROUP;
	else if (strcmp(id, "root") == 0)
		n->kind = GV_ROOT;
	else
		n->kind = GV_USER;
	n->name = c ? c + 1 : id;
	if (o != NULL) {
		if (json_string_value(json_object_get(o, "name")))
			n->name = gv_str(o, "name");
		num = json_object_get(o, n->kind == GV_GROUP ? "gid" : "uid");
		if (json_is_integer(num) && json_integer_value(num) >= 0)
			n->num = json_integer_value(num);
		n->reaches_root = json_is_true(json_object_get(o,
		    "reaches_root"));
	}
	if (n->kind == GV_ROOT)
		n->reaches_root = 1;
	strmap_adds(&g->nodemap, id, g->nnodes, NULL);
	return g->nnodes++;
}

/* the findings by id: the report's, then those the graph judged as
 * another identity (a report's own id is never replaced) */
static void
gv_findings(struct gv *g)
{
	const json_t *arrs[2], *f;
	const char *id;
	size_t i, k;

	arrs[0] = json_object_get(g->doc, "findings");
	arrs[1] = json_object_get(g->graph, "findings");
	for (k = 0; k < 2; k++)
		for (i = 0; i < json_array_size(arrs[k]); i++) {
			f = json_array_get(arrs[k], i);
			id = json_string_value(json_object_get(f, "id"));
			if (id != NULL)
				strmap_addp(&g->fmap, id, strlen(id),
				    (void *)f);
		}
}

/* the nodes, the start and root among them */
static void
gv_nodes(struct gv *g)
{
	const json_t *nodes = json_object_get(g->graph, "nodes"), *o, *u;
	const char *start = json_string_value(json_object_get(g->graph,
	    "start"));
	const char *uname;
	size_t i, si;

	/* the start and root always have a place */
	g->limit = GV_MAX_NODES - 2;
	for (i = 0; i < json_array_size(nodes); i++) {
		o = json_array_get(nodes, i);
		if (json_string_value(json_object_get(o, "id")))
			gv_add_node(g, gv_str(o, "id"), o);
	}
	/* a report without a graph still has its user: the start alone */
	if (start == NULL || *start == '\0') {
		u = json_object_get(json_object_get(g->doc, "target"), "user");
		uname = json_string_value(json_object_get(u, "name"));
		if (uname != NULL && *uname != '\0')
			g->synth = xasprintf("user:%s", uname);
		else
			g->synth = xasprintf("uid:%lld", json_integer_value(
			    json_object_get(u, "uid")));
		start = g->synth;
	}
	/* the two places kept for them are theirs now */
	g->limit = GV_MAX_NODES;
	si = strmap_gets(&g->nodemap, start);
	if (si == STRMAP_NONE)
		si = gv_add_node(g, start, NULL);
	g->start = si;
	g->nodes[si].start = 1;
	if (strmap_gets(&g->nodemap, "root") == STRMAP_NONE)
		gv_add_node(g, "root", NULL);
}

/* the edges between known nodes, each with its finding */
static void
gv_edges(struct gv *g)
{
	const json_t *edges = json_object_get(g->graph, "edges"), *o;
	struct gv_edge *e;
	size_t i, j, a, b;

	for (i = 0; i < json_array_size(edges); i++) {
		o = json_array_get(edges, i);
		a = strmap_gets(&g->nodemap, gv_str(o, "from"));
		b = strmap_gets(&g->nodemap, gv_str(o, "to"));
		if (a == STRMAP_NONE || b == STRMAP_NONE ||
		    g->nedges >= GV_MAX_EDGES) {
			g->dropped_edges++;
			continue;
		}
		e = &g->edges[g->nedges];
		memset(e, 0, sizeof *e);
		e->from = a;
		e->to = b;
		e->finding = gv_str(o, "finding");
		e->wait = gv_str(o, "wait");
		e->sure = gv_str(o, "sure");
		e->f = gv_finding(g, e->finding);
		for (j = 0; j < g->nedges; j++)
			if ((g->edges[j].from == a && g->edges[j].to == b) ||
			    (g->edges[j].from == b && g->edges[j].to == a))
				e->nth++;
		g->nedges++;
	}
}

/* the listed paths and the cut, marked on the edges and nodes */
static void
gv_marks(struct gv *g)
{
	const json_t *p, *hops, *h, *cutf, *v;
	size_t i, j, k;
	struct gv_edge *e;

	g->paths = json_object_get(g->graph, "paths");
	if (!json_is_array(g->paths))
		g->paths = NULL;
	v = json_object_get(g->graph, "paths_total");
	g->paths_total = json_is_integer(v) && json_integer_value(v) >= 0 ?
	    (size_t)json_integer_value(v) : json_array_size(g->paths);
	for (i = 0; i < json_array_size(g->paths) && i < 64; i++) {
		p = json_array_get(g->paths, i);
		hops = json_object_get(p, "hops");
		for (j = 0; j < json_array_size(hops) && j < 64; j++) {
			h = json_array_get(hops, j);
			for (k = 0; k < g->nedges; k++) {
				e = &g->edges[k];
				if (strcmp(g->nodes[e->from].id,
				    gv_str(h, "from")) != 0 ||
				    strcmp(g->nodes[e->to].id,
				    gv_str(h, "to")) != 0 ||
				    strcmp(e->finding,
				    gv_str(h, "finding")) != 0)
					continue;
				e->on_path = 1;
				g->nodes[e->from].on_path = 1;
				g->nodes[e->to].on_path = 1;
			}
		}
	}
	cutf = json_object_get(json_object_get(g->graph, "cut"), "findings");
	g->cut = json_is_array(cutf) ? cutf : NULL;
	g->cut_exact = json_is_true(json_object_get(json_object_get(g->graph,
	    "cut"), "exact"));
	for (i = 0; i < json_array_size(g->cut); i++) {
		const char *id = json_string_value(json_array_get(g->cut, i));

		for (k = 0; id != NULL && k < g->nedges; k++)
			if (strcmp(g->edges[k].finding, id) == 0)
				g->edges[k].in_cut = 1;
	}
}

/* columns: the distance from the start over the edges; root last */
static void
gv_layers(struct gv *g)
{
	size_t *queue = xcalloc(g->nnodes + 1, sizeof *queue);
	size_t qh = 0, qt = 0, i, k, ri;
	int maxl = 0;

	g->nodes[g->start].layer = 0;
	queue[qt++] = g->start;
	while (qh < qt) {
		i = queue[qh++];
		for (k = 0; k < g->nedges; k++)
			if (g->edges[k].from == i &&
			    g->nodes[g->edges[k].to].layer < 0) {
				g->nodes[g->edges[k].to].layer =
				    g->nodes[i].layer + 1;
				queue[qt++] = g->edges[k].to;
			}
	}
	free(queue);
	ri = strmap_gets(&g->nodemap, "root");
	for (i = 0; i < g->nnodes; i++) {
		if (i != ri && g->nodes[i].layer > maxl)
			maxl = g->nodes[i].layer;
		if (i != ri && g->nodes[i].layer < 0)
			g->unreached++;
	}
	/* root stands alone in the last column, reached or not */
	if (ri != STRMAP_NONE && ri != g->start)
		g->nodes[ri].layer = maxl + 1;
	g->nlayers = (size_t)maxl + (ri != g->start ? 2 : 1);
}

/* order of a column: by the mean row of predecessors already placed,
 * nodes on a path first, then by id */
static int
gv_cmp(const void *pa, const void *pb)
{
	const struct gv_node *a = *(const struct gv_node *const *)pa;
	const struct gv_node *b = *(const struct gv_node *const *)pb;

	if (a->bary != b->bary)
		return a->bary < b->bary ? -1 : 1;
	if (a->on_path != b->on_path)
		return b->on_path - a->on_path;
	return strcmp(a->id, b->id);
}

/* rows within each column */
static void
gv_rows(struct gv *g)
{
	struct gv_node **col = xcalloc(g->nnodes + 1, sizeof *col);
	size_t l, i, k, n, cnt;
	double sum;

	for (l = 0; l < g->nlayers; l++) {
		n = 0;
		for (i = 0; i < g->nnodes; i++) {
			if (g->nodes[i].layer != (int)l)
				continue;
			sum = 0;
			cnt = 0;
			for (k = 0; k < g->nedges; k++) {
				const struct gv_node *p =
				    &g->nodes[g->edges[k].from];

				if (g->edges[k].to == i && p->layer >= 0 &&
				    p->layer < (int)l) {
					sum += p->row;
					cnt++;
				}
			}
			g->nodes[i].bary = cnt ? sum / (double)cnt : 1e9;
			col[n++] = &g->nodes[i];
		}
		qsort(col, n, sizeof *col, gv_cmp);
		for (i = 0; i < n; i++)
			col[i]->row = (int)i;
		if (n > g->maxrows)
			g->maxrows = n;
	}
	free(col);
}

/* Take doc apart (a reference of its own kept). */
void
gv_build(struct gv *g, json_t *doc)
{
	memset(g, 0, sizeof *g);
	g->doc = json_incref(doc);
	g->graph = json_object_get(doc, "graph");
	if (!json_is_object(g->graph))
		g->graph = NULL;
	g->nodes = xcalloc(GV_MAX_NODES, sizeof *g->nodes);
	g->edges = xcalloc(GV_MAX_EDGES, sizeof *g->edges);
	gv_findings(g);
	gv_nodes(g);
	gv_edges(g);
	gv_marks(g);
	gv_layers(g);
	gv_rows(g);
}

/* Free what gv_build made, the report's JSON with it. */
void
gv_free(struct gv *g)
{
	strmap_free(&g->nodemap);
	strmap_free(&g->fmap);
	free(g->nodes);
	free(g->edges);
	free(g->synth);
	json_decref(g->doc);
	memset(g, 0, sizeof *g);
}

/* one character of s, and whether it is shown escaped (graphview.h) */
size_t
gv_char(const unsigned char *p, int *show, unsigned long *cp)
{
	size_t n, i;
	unsigned long c;

	*show = 0;
	if (*p < 0x80) {
		*cp = *p;
		*show = *p < 0x20 || *p == 0x7f;
		return 1;
	}
	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2, c = *p & 0x1f;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 3, c = *p & 0x0f;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 4, c = *p & 0x07;
	else
		goto bad;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	/* C1, LINE/PARAGRAPH SEPARATOR, LRE..RLO, LRI..PDI (Unicode's
	 * bidi controls: they reorder the text shown around them) */
	*show = (c >= 0x80 && c < 0xa0) || (c >= 0x2028 && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
	return n;
bad:
	*cp = *p;
	*show = 1;
	return 1;
}

/* how many bytes of s fit in max on a character boundary */
size_t
gv_cut(const char *s, size_t max, int *cut)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	unsigned long cp;
	int show;

	*cut = 0;
	while (p[i]) {
		n = gv_char(p + i, &show, &cp);
		if (i + n > max) {
			*cut = 1;
			break;
		}
		i += n;
	}
	return i;
}
