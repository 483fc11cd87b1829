/*
 * html.c: the escalation graph as one self-contained HTML page (`privmap
 * scan --graph-html FILE`): the cut first (what to close so that no path
 * to root remains), then the graph drawn as inline SVG laid out here
 * (graphview.c: a column per distance from the scanned user, root last;
 * the paths to root red, the cut's edges dashed), each edge a link to its
 * finding (id, title, path, severity, what closes it), then the paths,
 * the identities reached and the findings. It loads nothing: no network,
 * no external script, style or font; its one script is inline and
 * allowed by its SHA-256 in the page's Content-Security-Policy, so a
 * script that were injected would not run either. Every string from the
 * target is escaped for HTML text and attributes (the HTML Living
 * Standard's five characters) and every control shown as text; nothing
 * from the target becomes a tag, an attribute name, a URL or script.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/graphview.h"
#include "output/htmlpage.h"
#include "output/output.h"

/* the layout, in SVG user units */
#define NODE_W	176
#define NODE_H	46
#define COL_W	290
#define ROW_H	84
#define PAD	28
/* text bounds, in bytes of the target's text */
#define NAME_MAX	24
#define TEXT_MAX	4096

/*
 * The page's only script: marks what a path or a finding is made of when
 * the pointer is on it, and counts the links to findings that resolve
 * (body data-links, data-broken; data-ready once it ran: the headless
 * test reads them). HTML_SCRIPT_SHA256 is the base64 SHA-256 of exactly
 * these bytes (CSP level 2's hash source; tests/e2e/graph-views.py checks
 * it): change one with the other.
 */
static const char html_script[] =
"\n(function () {\n"
"\t\"use strict\";\n"
"\tvar d = document, i, bad = 0;\n"
"\tvar links = d.querySelectorAll('a[href^=\"#f-\"]');\n"
"\tfor (i = 0; i < links.length; i++)\n"
"\t\tif (!d.getElementById(links[i].getAttribute(\"href\").slice(1)))\n"
"\t\t\tbad++;\n"
"\tfunction mark(ids, on) {\n"
"\t\tids.split(\" \").forEach(function (id) {\n"
"\t\t\tvar e = id ? d.getElementById(id) : null;\n"
"\t\t\tif (e)\n"
"\t\t\t\te.classList.toggle(\"hl\", on);\n"
"\t\t});\n"
"\t}\n"
"\tvar hs = d.querySelectorAll(\"[data-hl]\");\n"
"\tfor (i = 0; i < hs.length; i++)\n"
"\t\t(function (h) {\n"
"\t\t\tvar ids = h.getAttribute(\"data-hl\");\n"
"\t\t\th.addEventListener(\"mouseenter\", function () {\n"
"\t\t\t\tmark(ids, true);\n"
"\t\t\t});\n"
"\t\t\th.addEventListener(\"mouseleave\", function () {\n"
"\t\t\t\tmark(ids, false);\n"
"\t\t\t});\n"
"\t\t})(hs[i]);\n"
"\td.body.setAttribute(\"data-links\", String(links.length));\n"
"\td.body.setAttribute(\"data-broken\", String(bad));\n"
"\td.body.setAttribute(\"data-ready\", \"1\");\n"
"})();\n";
#define HTML_SCRIPT_SHA256 "O/jX+sm9b5Qt/KO5NByDKhD1aZ8tAilow2lluN6X3Mw="

/* the graph's own rules, after htmlpage.c's shared stylesheet */
static const char html_style[] =
"#cut{border:2px solid #8e44ad;padding:.3em 1em;border-radius:6px}"
"svg{border:1px solid #d5d8dc;background:#fbfcfc;max-width:100%;"
"height:auto}"
".node rect{fill:#fff;stroke:#95a5a6;stroke-width:1.5}"
".node.group rect{fill:#f4f6f7}"
".node.reaches-root rect{fill:#fdedec}"
".node.start rect{fill:#d6eaf8;stroke:#1f618d;stroke-width:2.5}"
".node.root rect{fill:#f5b7b1;stroke:#922b21;stroke-width:3}"
".node.path rect{stroke:#c0392b;stroke-width:2.5}"
".node text{font-size:13px;text-anchor:middle}"
".node text.sub{font-size:10px;fill:#566573}"
".edge path{fill:none;stroke:#aab7b8;stroke-width:1.5}"
".edge.path path{stroke:#c0392b;stroke-width:3}"
".edge.cut path{stroke-dasharray:7 4}"
".edge text{font-size:10px;fill:#566573;text-anchor:middle}"
".edge.path text{fill:#922b21}"
".hl path,.hl rect{stroke:#8e44ad!important;stroke-width:4!important}"
"li.hl,div.hl{background:#f4ecf7}"
".finding{border-top:1px solid #d5d8dc;padding:.4em 0}"
".finding:target{background:#fef9e7}"
".finding dl{display:grid;grid-template-columns:9em 1fr;margin:.2em 0}"
".finding dt{color:#566573}.finding dd{margin:0}";

static void
h_text(struct buf *b, const char *s, size_t max)
{
	html_put(b, s, max, 0);
}

/* "<span class=sev>high 8.1</span>" for a finding or path */
static void
h_sev(struct buf *b, const json_t *o)
{
	const char *sev = gv_str(o, "severity");
	const json_t *sc = json_object_get(o, "score");

	if (*sev == '\0')
		return;
	buf_printf(b, "<span class=\"sev %s\">", html_sev_class(sev));
	h_text(b, sev, 16);
	if (json_is_number(sc))
		buf_printf(b, " %.1f", json_number_value(sc));
	buf_adds(b, "</span>");
}

/* a link to finding id, if the page lists it; else its id as text */
static void
h_flink(struct buf *b, const struct strmap *listed, const char *id)
{
	if (strmap_gets(listed, id) != STRMAP_NONE) {
		buf_adds(b, "<a href=\"#");
		gv_frag(b, "f-", id);
		buf_adds(b, "\">");
		h_text(b, id, NAME_MAX * 2);
		buf_adds(b, "</a>");
	} else {
		buf_adds(b, "<code>");
		h_text(b, id, NAME_MAX * 2);
		buf_adds(b, "</code>");
	}
}

/* a node's name by its id, as the graph shows it */
static void
h_node_name(struct buf *b, const struct gv *g, const char *id)
{
	size_t i = strmap_gets(&g->nodemap, id);

	buf_adds(b, "<b>");
	h_text(b, i != STRMAP_NONE ? g->nodes[i].name : id, NAME_MAX * 4);
	buf_adds(b, "</b>");
}

static int
drawn(const struct gv *g, const struct gv_edge *e)
{
	return g->nodes[e->from].layer >= 0 && g->nodes[e->to].layer >= 0;
}

/* where the rows begin and end, and the lanes above and below them
 * that edges spanning columns follow */
struct lay {
	double	 top;		/* y of the first row */
	double	 bottom;	/* y below the last row */
	int	*lane;		/* per edge: its lane, or -1 */
};

#define LANES	16	/* lanes above and below, reused past that */

static double
node_x(const struct gv_node *n)
{
	return PAD + n->layer * COL_W;
}

static double
node_y(const struct lay *L, const struct gv_node *n)
{
	return L->top + n->row * ROW_H;
}

static void
svg_node(struct buf *b, const struct lay *L, const struct gv_node *n,
    size_t idx)
{
	const char *kind = n->kind == GV_GROUP ? "group" :
	    n->kind == GV_ROOT ? "root" : "user";
	double x = node_x(n), y = node_y(L, n);

	buf_printf(b, "<g class=\"node %s%s%s%s\" id=\"n-%zu\" data-id=\"",
	    kind, n->start ? " start" : "", n->on_path ? " path" : "",
	    n->reaches_root ? " reaches-root" : "", idx);
	h_text(b, n->id, TEXT_MAX);
	buf_adds(b, "\"><title>");
	h_text(b, n->id, TEXT_MAX);
	buf_printf(b, "</title><rect x=\"%.0f\" y=\"%.0f\" width=\"%d\" "
	    "height=\"%d\" rx=\"%d\"/>", x, y, NODE_W, NODE_H,
	    n->kind == GV_GROUP ? 20 : 6);
	buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\">", x + NODE_W / 2.0,
	    y + (n->kind == GV_ROOT ? 28 : 20));
	h_text(b, n->name, NAME_MAX);
	buf_adds(b, "</text>");
	if (n->kind != GV_ROOT) {
		buf_printf(b, "<text class=\"sub\" x=\"%.0f\" y=\"%.0f\">%s",
		    x + NODE_W / 2.0, y + 36, n->start ? "scanned user" :
		    kind);
		if (n->num >= 0)
			buf_printf(b, " %lld", n->num);
		buf_adds(b, "</text>");
	}
	buf_adds(b, "</g>\n");
}

/* The shape of an edge into b ("M... C..." or "M... L...") and where
 * its label goes. To the next column: a curve through the gap between
 * them; within a column: a bow into the gap on its right; across
 * columns, forward or back: along a lane above (forward) or below (back)
 * every row, down and up through the gaps, so that it crosses no node. */
static void
edge_shape(struct buf *b, const struct lay *L, const struct gv_node *a,
    const struct gv_node *z, const struct gv_edge *e, int lane,
    double *lx, double *ly)
{
	double x1, y1, x2, y2, gx1, gx2, y, off = e->nth * 12.0;
	int k = lane % LANES, fw = z->layer > a->layer;

	y1 = node_y(L, a) + NODE_H / 2.0;
	y2 = node_y(L, z) + NODE_H / 2.0;
	if (z->layer == a->layer + 1) {
		x1 = node_x(a) + NODE_W;
		x2 = node_x(z);
		buf_printf(b, "M%.0f %.0f C%.0f %.0f %.0f %.0f %.0f %.0f", x1,
		    y1, x1 + COL_W / 3.0, y1 + off, x2 - COL_W / 3.0,
		    y2 + off, x2, y2);
		*lx = (x1 + x2) / 2.0;
		*ly = (y1 + y2) / 2.0 + off * 0.75 - 4;
		return;
	}
	if (z->layer == a->layer) {
		x1 = node_x(a) + NODE_W;
		gx1 = x1 + 40 + off;
		buf_printf(b, "M%.0f %.0f C%.0f %.0f %.0f %.0f %.0f %.0f", x1,
		    y1 + 6, gx1, y1 + 6, gx1, y2 - 6, x1, y2 - 6);
		*lx = gx1 + 4;
		*ly = (y1 + y2) / 2.0;
		return;
	}
	x1 = fw ? node_x(a) + NODE_W : node_x(a);
	x2 = fw ? node_x(z) : node_x(z) + NODE_W;
	gx1 = fw ? x1 + 16 + 5 * k : x1 - 16 - 5 * k;
	gx2 = fw ? x2 - 16 - 5 * k : x2 + 16 + 5 * k;
	y = fw ? L->top - 14 - 12 * k : L->bottom + 14 + 12 * k;
	buf_printf(b, "M%.0f %.0f L%.0f %.0f L%.0f %.0f L%.0f %.0f L%.0f %.0f "
	    "L%.0f %.0f", x1, y1, gx1, y1, gx1, y, gx2, y, gx2, y2, x2, y2);
	*lx = (gx1 + gx2) / 2.0;
	*ly = y - 3;
}

static void
svg_edge(struct buf *b, const struct gv *g, const struct lay *L,
    const struct gv_edge *e, size_t idx)
{
	double lx, ly;

	buf_adds(b, "<a href=\"#");
	gv_frag(b, "f-", e->finding);
	buf_printf(b, "\" class=\"edge%s%s\" id=\"e-%zu\" data-hl=\"e-%zu ",
	    e->on_path ? " path" : "", e->in_cut ? " cut" : "", idx, idx);
	gv_frag(b, "f-", e->finding);
	buf_adds(b, "\" data-finding=\"");
	h_text(b, e->finding, TEXT_MAX);
	buf_adds(b, "\"><title>");
	h_text(b, e->finding, TEXT_MAX);
	if (e->f) {
		buf_adds(b, ": ");
		h_text(b, gv_str(e->f, "title"), TEXT_MAX);
	}
	buf_adds(b, "</title><path d=\"");
	edge_shape(b, L, &g->nodes[e->from], &g->nodes[e->to], e,
	    L->lane[idx], &lx, &ly);
	buf_printf(b, "\" marker-end=\"url(#%s)\"/>", e->on_path ? "ah-path" :
	    "ah");
	buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\">", lx, ly);
	if (e->in_cut)
		buf_adds(b, "cut: ");
	h_text(b, e->f ? gv_str(e->f, "severity") : "?", 16);
	if (*e->wait) {
		buf_adds(b, ", ");
		h_text(b, e->wait, 16);
	}
	buf_adds(b, "</text></a>\n");
}

/* the lanes: one for each edge across columns, above or below */
static void
lanes(const struct gv *g, struct lay *L, size_t *ntop, size_t *nbot)
{
	size_t i;
	const struct gv_edge *e;
	int d;

	*ntop = *nbot = 0;
	for (i = 0; i < g->nedges; i++) {
		e = &g->edges[i];
		L->lane[i] = -1;
		if (!drawn(g, e))
			continue;
		d = g->nodes[e->to].layer - g->nodes[e->from].layer;
		if (d > 1)
			L->lane[i] = (int)((*ntop)++ % LANES);
		else if (d < 0)
			L->lane[i] = (int)((*nbot)++ % LANES);
	}
}

static void
h_svg(struct buf *b, const struct gv *g)
{
	struct lay L;
	size_t i, w, h, ntop, nbot;

	L.lane = xcalloc(g->nedges + 1, sizeof *L.lane);
	lanes(g, &L, &ntop, &nbot);
	if (ntop > LANES)
		ntop = LANES;
	if (nbot > LANES)
		nbot = LANES;
	L.top = PAD + (ntop ? 14 + 12 * ntop : 0);
	L.bottom = L.top + (g->maxrows ? g->maxrows - 1 : 0) * ROW_H + NODE_H;
	w = 2 * PAD + (g->nlayers ? g->nlayers - 1 : 0) * COL_W + NODE_W;
	w += 60;	/* bows right of the last column */
	h = (size_t)L.bottom + PAD + (nbot ? 14 + 12 * nbot : 0) + 20;
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "id=\"graph-svg\" width=\"%zu\" height=\"%zu\" viewBox=\"0 0 "
	    "%zu %zu\" role=\"img\" aria-label=\"escalation graph\">\n", w, h,
	    w, h);
	buf_adds(b, "<defs><marker id=\"ah\" viewBox=\"0 0 10 10\" refX=\"10\" "
	    "refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
	    "orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"#aab7b8\"/>"
	    "</marker><marker id=\"ah-path\" viewBox=\"0 0 10 10\" "
	    "refX=\"10\" refY=\"5\" markerWidth=\"5\" markerHeight=\"5\" "
	    "orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"#c0392b\"/>"
	    "</marker></defs>\n");
	/* edges under the nodes; those off the paths first */
	for (i = 0; i < g->nedges; i++)
		if (drawn(g, &g->edges[i]) && !g->edges[i].on_path)
			svg_edge(b, g, &L, &g->edges[i], i);
	for (i = 0; i < g->nedges; i++)
		if (drawn(g, &g->edges[i]) && g->edges[i].on_path)
			svg_edge(b, g, &L, &g->edges[i], i);
	for (i = 0; i < g->nnodes; i++)
		if (g->nodes[i].layer >= 0)
			svg_node(b, &L, &g->nodes[i], i);
	buf_adds(b, "</svg>\n");
	free(L.lane);
}

/* the edges (by index) a finding labels, "e-1 e-4 ", into b */
static void
h_edges_of(struct buf *b, const struct gv *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->nedges; i++)
		if (drawn(g, &g->edges[i]) &&
		    strcmp(g->edges[i].finding, id) == 0)
			buf_printf(b, "e-%zu ", i);
}

/* one finding: what it is and what closes it */
static void
h_finding(struct buf *b, const struct gv *g, const char *id, int in_cut)
{
	const json_t *f = gv_finding(g, id), *pol, *as;
	size_t i;

	buf_adds(b, "<div class=\"finding\" id=\"");
	gv_frag(b, "f-", id);
	buf_adds(b, "\" data-hl=\"");
	h_edges_of(b, g, id);
	buf_adds(b, "\"><h3>");
	h_sev(b, f);
	buf_adds(b, " <code>");
	h_text(b, id, TEXT_MAX);
	buf_adds(b, "</code> ");
	if (in_cut)
		buf_adds(b, "<span class=\"sev\" style=\"background:#8e44ad\">"
		    "in the cut</span> ");
	h_text(b, f ? gv_str(f, "title") : "(not in the report)", TEXT_MAX);
	buf_adds(b, "</h3><dl>");
	if (f != NULL) {
		buf_adds(b, "<dt>path</dt><dd><code>");
		h_text(b, gv_str(f, "path"), TEXT_MAX);
		buf_adds(b, "</code></dd><dt>family</dt><dd>");
		h_text(b, gv_str(f, "family"), 64);
		buf_adds(b, " (");
		h_text(b, gv_str(f, "check"), 64);
		buf_adds(b, ")</dd>");
		as = json_object_get(f, "as");
		if (json_is_string(as)) {
			buf_adds(b, "<dt>judged as</dt><dd>");
			h_node_name(b, g, json_string_value(as));
			buf_adds(b, "</dd>");
		}
		pol = json_object_get(f, "policy");
		buf_adds(b, "<dt>closed by denying</dt><dd>");
		for (i = 0; i < json_array_size(pol) && i < 64; i++) {
			buf_adds(b, i ? ", <code>" : "<code>");
			h_text(b, json_string_value(json_array_get(pol, i)) ?
			    json_string_value(json_array_get(pol, i)) : "",
			    TEXT_MAX);
			buf_adds(b, "</code>");
		}
		if (json_array_size(pol) > 64)
			buf_printf(b, " and %zu more",
			    json_array_size(pol) - 64);
		if (json_array_size(pol) == 0)
			buf_adds(b, "(nothing named)");
		buf_adds(b, "</dd>");
		if (json_is_string(json_object_get(f, "remediation"))) {
			buf_adds(b, "<dt>remedy</dt><dd><pre>");
			html_put(b, gv_str(f, "remediation"), TEXT_MAX, 1);
			buf_adds(b, "</pre></dd>");
		}
	}
	buf_adds(b, "</dl></div>\n");
}

/* The findings the page lists, in order: the cut's, those on a path,
 * the other edges'; each once. */
struct listed {
	const char	**ids;
	size_t		 n;
	struct strmap	 map;
};

static void
list_add(struct listed *l, const char *id)
{
	if (id == NULL || *id == '\0' || l->n >= GV_MAX_EDGES ||
	    strmap_adds(&l->map, id, l->n, NULL) == 0)
		return;
	l->ids[l->n++] = id;
}

static void
list_build(struct listed *l, const struct gv *g)
{
	size_t i;

	memset(l, 0, sizeof *l);
	l->ids = xcalloc(GV_MAX_EDGES, sizeof *l->ids);
	for (i = 0; i < json_array_size(g->cut); i++)
		list_add(l, json_string_value(json_array_get(g->cut, i)));
	for (i = 0; i < g->nedges; i++)
		if (drawn(g, &g->edges[i]) && g->edges[i].on_path)
			list_add(l, g->edges[i].finding);
	for (i = 0; i < g->nedges; i++)
		if (drawn(g, &g->edges[i]))
			list_add(l, g->edges[i].finding);
}

static int
in_cut(const struct gv *g, const char *id)
{
	size_t i;

	for (i = 0; i < json_array_size(g->cut); i++)
		if (json_string_value(json_array_get(g->cut, i)) &&
		    strcmp(json_string_value(json_array_get(g->cut, i)),
		    id) == 0)
			return 1;
	return 0;
}

/* the cut, first: what to close so that no path to root remains */
static void
h_cut(struct buf *b, const struct gv *g, const struct listed *l)
{
	size_t i, n = json_array_size(g->cut);
	const char *id;
	const json_t *f;

	buf_adds(b, "<section id=\"cut\"><h2>Close these first</h2>\n");
	if (g->paths_total == 0) {
		buf_adds(b, "<p>No path to root was found from this user: "
		    "nothing to cut.</p></section>\n");
		return;
	}
	buf_printf(b, "<p id=\"cut-summary\">Close %s %zu finding%s and none "
	    "of the %zu path%s to root remains%s.</p>\n<ol>", n == 1 ?
	    "this" : "these", n, n == 1 ? "" : "s", g->paths_total,
	    g->paths_total == 1 ? "" : "s", g->cut_exact ? "" :
	    " (a cut found by max flow: it may not be the smallest)");
	for (i = 0; i < n; i++) {
		id = json_string_value(json_array_get(g->cut, i));
		if (id == NULL)
			continue;
		f = gv_finding(g, id);
		buf_adds(b, "<li data-hl=\"");
		h_edges_of(b, g, id);
		buf_adds(b, "\">");
		h_flink(b, &l->map, id);
		buf_adds(b, " ");
		h_sev(b, f);
		buf_adds(b, " ");
		h_text(b, f ? gv_str(f, "title") : "", TEXT_MAX);
		buf_adds(b, "</li>\n");
	}
	buf_adds(b, "</ol></section>\n");
}

/* the edge a hop names, as "e-N ", if drawn */
static void
h_hop_edge(struct buf *b, const struct gv *g, const json_t *h)
{
	size_t k;
	const struct gv_edge *e;

	for (k = 0; k < g->nedges; k++) {
		e = &g->edges[k];
		if (drawn(g, e) && strcmp(e->finding, gv_str(h, "finding")) ==
		    0 && strcmp(g->nodes[e->from].id, gv_str(h, "from")) == 0 &&
		    strcmp(g->nodes[e->to].id, gv_str(h, "to")) == 0) {
			buf_printf(b, "e-%zu ", k);
			return;
		}
	}
}

/* the paths to root, shortest first, each hop with its finding */
static void
h_paths(struct buf *b, const struct gv *g, const struct listed *l)
{
	const json_t *p, *hops, *h;
	size_t i, j, n = json_array_size(g->paths);

	buf_printf(b, "<section id=\"paths\"><h2>Paths to root (%zu listed, "
	    "%zu in all)</h2>\n<ol>", n < 64 ? n : 64, g->paths_total);
	for (i = 0; i < n && i < 64; i++) {
		p = json_array_get(g->paths, i);
		hops = json_object_get(p, "hops");
		buf_adds(b, "<li class=\"path\" data-hl=\"");
		for (j = 0; j < json_array_size(hops) && j < 64; j++)
			h_hop_edge(b, g, json_array_get(hops, j));
		buf_adds(b, "\">");
		h_sev(b, p);
		buf_adds(b, " ");
		for (j = 0; j < json_array_size(hops) && j < 64; j++) {
			h = json_array_get(hops, j);
			if (j == 0)
				h_node_name(b, g, gv_str(h, "from"));
			buf_adds(b, " &rarr; [");
			h_flink(b, &l->map, gv_str(h, "finding"));
			buf_adds(b, "] &rarr; ");
			h_node_name(b, g, gv_str(h, "to"));
		}
		buf_adds(b, "</li>\n");
	}
	buf_adds(b, "</ol></section>\n");
}

/* the identities reached, each with its shortest chain */
static void
h_reachable(struct buf *b, const struct gv *g, const struct listed *l)
{
	const json_t *rs = json_object_get(g->graph, "reachable"), *r, *hops;
	size_t i, j;

	if (json_array_size(rs) == 0)
		return;
	buf_adds(b, "<section id=\"reachable\"><h2>Identities reached</h2>"
	    "\n<ul>");
	for (i = 0; i < json_array_size(rs) && i < GV_MAX_NODES; i++) {
		r = json_array_get(rs, i);
		buf_adds(b, "<li>");
		h_node_name(b, g, gv_str(r, "node"));
		buf_adds(b, json_is_true(json_object_get(r, "reaches_root")) ?
		    " (reaches root)" : " (a dead end: reaches nothing "
		    "further)");
		hops = json_object_get(r, "hops");
		buf_adds(b, " through");
		for (j = 0; j < json_array_size(hops) && j < 64; j++) {
			buf_adds(b, " ");
			h_flink(b, &l->map, json_string_value(
			    json_array_get(hops, j)) ? json_string_value(
			    json_array_get(hops, j)) : "");
		}
		buf_adds(b, "</li>\n");
	}
	buf_adds(b, "</ul></section>\n");
}

static void
h_head(struct buf *b, const struct gv *g)
{
	html_open(b, HTML_SCRIPT_SHA256);
	buf_adds(b, "privmap: escalation graph of ");
	h_text(b, g->nodes[g->start].name, NAME_MAX * 4);
	html_body(b, html_style);
	buf_adds(b, "<h1>Escalation graph of ");
	h_node_name(b, g, g->nodes[g->start].id);
	buf_adds(b, "</h1>\n<p class=\"note\">");
	buf_adds(b, "privmap: ");
	h_text(b, gv_target(g, "kind"), 16);
	buf_adds(b, " <code>");
	h_text(b, gv_target(g, "root"), TEXT_MAX);
	buf_printf(b, "</code>; %zu identit%s drawn, %zu edge%s; red: the "
	    "paths to root, dashed: the cut; every edge links to its "
	    "finding.", g->nnodes - g->unreached, g->nnodes - g->unreached ==
	    1 ? "y" : "ies", g->nedges, g->nedges == 1 ? "" : "s");
	if (g->graph == NULL)
		buf_adds(b, " This report has no graph (written by an older "
		    "privmap, or with the graph turned off).");
	if (g->unreached || g->dropped_nodes || g->dropped_edges)
		buf_printf(b, " Not drawn: %zu identities not reached, %zu "
		    "nodes and %zu edges past the bounds or naming an unknown "
		    "identity.", g->unreached, g->dropped_nodes,
		    g->dropped_edges);
	buf_adds(b, "</p>\n");
}

static void
h_page(struct buf *b, const struct gv *g)
{
	struct listed l;
	size_t i;

	list_build(&l, g);
	h_head(b, g);
	h_cut(b, g, &l);
	buf_adds(b, "<section id=\"graph\"><h2>The graph</h2>\n");
	h_svg(b, g);
	buf_adds(b, "</section>\n");
	h_paths(b, g, &l);
	h_reachable(b, g, &l);
	buf_printf(b, "<section id=\"findings\"><h2>The findings on the "
	    "graph (%zu)</h2>\n", l.n);
	for (i = 0; i < l.n; i++)
		h_finding(b, g, l.ids[i], in_cut(g, l.ids[i]));
	buf_printf(b, "</section>\n<script>%s</script>\n</body></html>\n",
	    html_script);
	strmap_free(&l.map);
	free(l.ids);
}

/* The graph of a report's JSON as one HTML page (output.h). */
int
output_graph_html_doc(json_t *doc, FILE *fp, const char **why)
{
	struct gv g;
	struct buf b = { 0 };
	int ret;

	gv_build(&g, doc);
	h_page(&b, &g);
	ret = output_write(fp, b.data, b.len, why);
	buf_free(&b);
	gv_free(&g);
	return ret;
}

/* The graph of a finished report as one HTML page (output.h). */
int
output_graph_html(const struct report *r, FILE *fp, const char **why)
{
	json_t *j = report_to_json(r);
	int ret = output_graph_html_doc(j, fp, why);

	json_decref(j);
	return ret;
}
