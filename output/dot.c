/*
 * dot.c: the escalation graph as Graphviz DOT (`privmap scan --graph
 * FILE`): one node per identity the scanned user reaches and root, one
 * edge per finding that hands over an identity, the paths to root drawn
 * red and thick (class "path"), the cut's edges bold and dashed (class
 * "cut"), each edge labelled with its finding's id, severity and what it
 * waits for. The DOT language as Graphviz documents it (graphviz.org,
 * "The DOT Language"): in a double-quoted string only the quote needs a
 * backslash, a backslash starts an escape of its own (\n, \l, \N...),
 * and labels pass through HTML entity decoding. Every string from the
 * target is therefore quoted with '"', '\' and '&' escaped and every
 * control shown as text, so that no name can end a string, add an
 * attribute or a statement. It never runs Graphviz.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/graphview.h"
#include "output/output.h"

/* label and tooltip bounds, in bytes of the target's text */
#define DOT_NAME_MAX	48
#define DOT_TEXT_MAX	160

/* s (at most max bytes, "..." if cut) inside a DOT quoted string */
static void
dot_text(struct buf *b, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, end, i = 0;
	unsigned long cp;
	int show, cut;

	end = gv_cut(s, max, &cut);
	while (i < end) {
		n = gv_char(p + i, &show, &cp);
		if (show && cp < 0x100)
			buf_printf(b, "\\\\x%02lx", cp);
		else if (show)
			buf_printf(b, "\\\\u%04lx", cp);
		else if (p[i] == '"')
			buf_adds(b, "\\\"");
		else if (p[i] == '\\')
			buf_adds(b, "\\\\");
		else if (p[i] == '&')
			buf_adds(b, "&amp;");
		else
			buf_add(b, p + i, n);
		i += n;
	}
	if (cut)
		buf_adds(b, "...");
}

/* a node's id as a DOT quoted string (never cut: ids must stay apart) */
static void
dot_id(struct buf *b, const char *id)
{
	buf_addc(b, '"');
	dot_text(b, id, (size_t)-1);
	buf_addc(b, '"');
}

static const char *
kind_name(enum gv_kind k)
{
	return k == GV_GROUP ? "group" : k == GV_ROOT ? "root" : "user";
}

static void
dot_node(struct buf *b, const struct gv_node *n)
{
	buf_adds(b, "\t");
	dot_id(b, n->id);
	buf_adds(b, " [label=\"");
	dot_text(b, n->name, DOT_NAME_MAX);
	if (n->kind != GV_ROOT) {
		buf_printf(b, "\\n%s", n->start ? "scanned user" :
		    kind_name(n->kind));
		if (n->num >= 0)
			buf_printf(b, " %lld", n->num);
	}
	buf_printf(b, "\", class=\"%s%s%s%s\"", kind_name(n->kind),
	    n->start ? " start" : "", n->on_path ? " path" : "",
	    n->reaches_root ? " reaches-root" : "");
	if (n->kind == GV_ROOT)
		buf_adds(b, ", shape=doubleoctagon, style=filled, "
		    "fillcolor=\"#f5b7b1\", color=\"#922b21\"");
	else if (n->kind == GV_GROUP)
		buf_adds(b, ", shape=ellipse");
	if (n->start)
		buf_adds(b, ", style=\"rounded,bold,filled\", "
		    "fillcolor=\"#d6eaf8\"");
	else if (n->kind != GV_ROOT && n->reaches_root)
		buf_adds(b, ", style=\"rounded,filled\", "
		    "fillcolor=\"#fdedec\"");
	if (n->on_path && n->kind != GV_ROOT)
		buf_adds(b, ", color=\"#c0392b\", penwidth=2");
	buf_adds(b, "];\n");
}

static void
dot_edge(struct buf *b, const struct gv *g, const struct gv_edge *e)
{
	const char *sev = e->f ? gv_str(e->f, "severity") : "";
	const json_t *score = e->f ? json_object_get(e->f, "score") : NULL;

	buf_adds(b, "\t");
	dot_id(b, g->nodes[e->from].id);
	buf_adds(b, " -> ");
	dot_id(b, g->nodes[e->to].id);
	buf_adds(b, " [label=\"");
	if (e->in_cut)
		buf_adds(b, "CUT ");
	dot_text(b, e->finding, DOT_NAME_MAX);
	if (*sev) {
		buf_adds(b, "\\n");
		dot_text(b, sev, 16);
		if (json_is_number(score))
			buf_printf(b, " %.1f", json_number_value(score));
	}
	if (*e->wait) {
		buf_adds(b, ", waits: ");
		dot_text(b, e->wait, 16);
	}
	buf_adds(b, "\", tooltip=\"");
	if (e->f) {
		dot_text(b, gv_str(e->f, "title"), DOT_TEXT_MAX);
		buf_adds(b, " (");
		dot_text(b, gv_str(e->f, "path"), DOT_TEXT_MAX);
		buf_adds(b, ")");
	} else
		buf_adds(b, "finding not in the report");
	buf_printf(b, "\", class=\"edge%s%s\"", e->on_path ? " path" : "",
	    e->in_cut ? " cut" : "");
	if (e->on_path)
		buf_adds(b, ", color=\"#c0392b\", fontcolor=\"#922b21\", "
		    "penwidth=2.5");
	else
		buf_adds(b, ", color=\"#7f8c8d\"");
	if (e->in_cut)
		buf_adds(b, ", style=\"bold,dashed\"");
	if (*e->sure && strcmp(e->sure, "certain") != 0)
		buf_adds(b, ", arrowhead=empty");
	buf_adds(b, "];\n");
}

/* the graph's caption: who, where, how many paths, the cut */
static void
dot_caption(struct buf *b, const struct gv *g)
{
	size_t ncut = json_array_size(g->cut);

	buf_adds(b, "\tlabel=\"privmap: ");
	dot_text(b, g->nodes[g->start].name, DOT_NAME_MAX);
	buf_adds(b, " on ");
	dot_text(b, gv_target(g, "kind"), 16);
	buf_adds(b, " ");
	dot_text(b, gv_target(g, "root"), DOT_TEXT_MAX);
	buf_printf(b, "\\n%zu path%s to root", g->paths_total,
	    g->paths_total == 1 ? "" : "s");
	if (ncut > 0)
		buf_printf(b, "; close the %zu finding%s of the cut (dashed) "
		    "and none remains%s", ncut, ncut == 1 ? "" : "s",
		    g->cut_exact ? "" : " (cut not proven smallest)");
	buf_adds(b, "\";\n");
}

static void
dot_graph(struct buf *b, const struct gv *g)
{
	size_t i;

	buf_adds(b, "// privmap: the escalation graph of user ");
	output_comment(b, g->nodes[g->start].name, 64);
	buf_adds(b, " on ");
	output_comment(b, gv_target(g, "kind"), 16);
	buf_adds(b, " ");
	output_comment(b, gv_target(g, "root"), 200);
	buf_printf(b, "\n// %zu paths to root; red: the paths listed in the "
	    "report, dashed: the cut\n", g->paths_total);
	if (g->unreached || g->dropped_nodes || g->dropped_edges)
		buf_printf(b, "// not drawn: %zu identities not reached, %zu "
		    "nodes and %zu edges past the bounds or unknown\n",
		    g->unreached, g->dropped_nodes, g->dropped_edges);
	buf_adds(b, "digraph privmap {\n\trankdir=LR;\n\tlabelloc=t;\n"
	    "\tfontname=\"sans-serif\";\n");
	dot_caption(b, g);
	buf_adds(b, "\tnode [shape=box, style=rounded, "
	    "fontname=\"sans-serif\"];\n\tedge [fontname=\"sans-serif\", "
	    "fontsize=10];\n");
	for (i = 0; i < g->nnodes; i++)
		if (g->nodes[i].layer >= 0)
			dot_node(b, &g->nodes[i]);
	for (i = 0; i < g->nedges; i++)
		if (g->nodes[g->edges[i].from].layer >= 0 &&
		    g->nodes[g->edges[i].to].layer >= 0)
			dot_edge(b, g, &g->edges[i]);
	buf_adds(b, "\t{ rank=sink; \"root\"; }\n}\n");
}

/* The graph of a report's JSON as DOT (output.h). */
int
output_graph_dot_doc(json_t *doc, FILE *fp, const char **why)
{
	struct gv g;
	struct buf b = { 0 };
	int ret;

	gv_build(&g, doc);
	dot_graph(&b, &g);
	ret = output_write(fp, b.data, b.len, why);
	buf_free(&b);
	gv_free(&g);
	return ret;
}

/* The graph of a finished report as DOT (output.h). */
int
output_graph_dot(const struct report *r, FILE *fp, const char **why)
{
	json_t *j = report_to_json(r);
	int ret = output_graph_dot_doc(j, fp, why);

	json_decref(j);
	return ret;
}
