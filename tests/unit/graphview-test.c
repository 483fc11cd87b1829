/*
 * graphview-test.c: the escalation graph's pictures (output/dot.c,
 * output/html.c, output/graphview.c) from a report JSON made here: a
 * two-hop and a three-hop chain to root, a dead end whose name is
 * hostile (quotes, DOT syntax, <script>, a newline, a bidi override), a
 * cycle back to the start, an identity not reached; then a report with
 * no graph, and one past the bounds. It asserts what is drawn and that
 * no name escapes its string or its text. With a directory as argument
 * it also leaves the DOT and the HTML there, to be looked at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/graphview.h"
#include "output/output.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

#define HOSTILE "m\"];\n\"root\" -> \"pwn\" [label=\"x\"];//<script>" \
	"document.body.setAttribute('data-pwned','1')</script>&amp;\xe2\x80\xae"

static json_t *
node(const char *id, const char *kind, const char *name, int num)
{
	return json_pack("{s:s, s:s, s:s, s:i, s:b}", "id", id, "kind", kind,
	    "name", name, strcmp(kind, "group") == 0 ? "gid" : "uid", num,
	    "reaches_root", 0);
}

static json_t *
edge(const char *from, const char *to, const char *f, const char *wait)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "from", from, "to", to,
	    "finding", f, "wait", wait, "sure", "certain");
}

static json_t *
finding(const char *id, const char *sev, double score, const char *title,
    const char *path, const char *as)
{
	json_t *f = json_pack("{s:s, s:s, s:s, s:s, s:f, s:s, s:s, s:s, "
	    "s:[s]}", "id", id, "check", "shell-rc", "family", "shell-rc",
	    "severity", sev, "score", score, "title", title, "path", path,
	    "remediation", "chmod go-w -- 'x'\nchown root -- 'x'", "policy",
	    "write /etc/x");

	if (as != NULL)
		json_object_set_new(f, "as", json_string(as));
	return f;
}

static json_t *
hop(const char *from, const char *to, const char *f)
{
	return json_pack("{s:s, s:s, s:s}", "from", from, "to", to,
	    "finding", f);
}

static json_t *
report(void)
{
	json_t *g, *doc, *fs;
	const char *hid = "user:" HOSTILE;

	g = json_pack("{s:s, s:[o,o,o,o,o,o,o], s:[o,o,o,o,o,o,o], "
	    "s:[o,o,o,o], s:[{s:[o,o], s:s, s:f}, {s:[o,o,o], s:s, s:f}], "
	    "s:i, s:{s:[s,s], s:b, s:i}}",
	    "start", "user:agent",
	    "nodes", node("user:agent", "user", "agent", 1001),
	    node("user:alice", "user", "alice", 1002),
	    node("group:docker", "group", "docker", 999),
	    node("user:svc", "user", "svc", 900),
	    node(hid, "user", HOSTILE, 1666),
	    node("user:bob", "user", "bob", 1003),
	    node("root", "root", "root", 0),
	    "edges", edge("user:agent", "user:alice", "PM-1", "login"),
	    edge("user:alice", "group:docker", "PM-2", "now"),
	    edge("group:docker", "root", "PM-3", "now"),
	    edge("user:agent", "user:svc", "PM-4", "sudo"),
	    edge("user:svc", "root", "PM-5", "periodic"),
	    edge("user:agent", hid, "PM-6", "login"),
	    edge("user:alice", "user:agent", "PM-7", "login"),
	    "findings", finding("PM-2", "critical", 9.5, "alice is in docker",
	    "/etc/group", "user:alice"),
	    finding("PM-3", "critical", 9.8, "docker's socket is root",
	    "/run/docker.sock", "group:docker"),
	    finding("PM-5", "critical", 9.1, "svc may write root's cron job",
	    "/opt/job.sh", "user:svc"),
	    finding("PM-7", "high", 8.0, "alice may write agent's .bashrc",
	    "/home/agent/.bashrc", "user:alice"),
	    "paths", "hops", hop("user:agent", "user:svc", "PM-4"),
	    hop("user:svc", "root", "PM-5"), "severity", "critical", "score",
	    9.1, "hops", hop("user:agent", "user:alice", "PM-1"),
	    hop("user:alice", "group:docker", "PM-2"),
	    hop("group:docker", "root", "PM-3"), "severity", "high", "score",
	    8.1, "paths_total", 2, "cut", "findings", "PM-5", "PM-1", "exact",
	    1, "paths", 2);
	fs = json_pack("[o,o,o]", finding("PM-1", "high", 8.1,
	    "agent may write alice's .bashrc", "/home/alice/.bashrc", NULL),
	    finding("PM-4", "high", 7.9, "agent may sudo -u svc find",
	    "/etc/sudoers", NULL),
	    finding("PM-6", "medium", 5.0, "lateral: " HOSTILE,
	    "/home/" HOSTILE "</pre><script>alert(1)</script>", NULL));
	doc = json_pack("{s:s, s:{s:s, s:s, s:{s:s, s:i}}, s:o, s:o}",
	    "schema", "privmap.report/1", "target", "kind", "rootfs", "root",
	    "/srv/x\"<b>", "user", "name", "agent", "uid", 1001,
	    "findings", fs, "graph", g);
	T_OK(doc != NULL);
	return doc;
}

/* what a writer gives for doc, NUL-ended */
static char *
render(int (*w)(json_t *, FILE *, const char **), json_t *doc)
{
	char *s = NULL;
	size_t n = 0;
	const char *why = NULL;
	FILE *fp = open_memstream(&s, &n);

	T_EQ_INT(w(doc, fp, &why), 0);
	fclose(fp);
	return s;
}

static size_t
count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
save(const char *dir, const char *name, const char *s)
{
	char *p;
	FILE *fp;

	if (dir == NULL)
		return;
	p = xasprintf("%s/%s", dir, name);
	if ((fp = fopen(p, "w")) != NULL) {
		fputs(s, fp);
		fclose(fp);
	}
	free(p);
}

static void
test_layout(json_t *doc)
{
	struct gv g;
	size_t i, alice, docker, svc, root;

	gv_build(&g, doc);
	T_EQ_INT(g.nnodes, 7);
	T_EQ_INT(g.nedges, 7);
	T_EQ_INT(g.unreached, 1);	/* bob */
	T_EQ_INT(g.paths_total, 2);
	T_OK(g.cut_exact);
	alice = strmap_gets(&g.nodemap, "user:alice");
	docker = strmap_gets(&g.nodemap, "group:docker");
	svc = strmap_gets(&g.nodemap, "user:svc");
	root = strmap_gets(&g.nodemap, "root");
	T_EQ_INT(g.nodes[g.start].layer, 0);
	T_EQ_INT(g.nodes[alice].layer, 1);
	T_EQ_INT(g.nodes[svc].layer, 1);
	T_EQ_INT(g.nodes[docker].layer, 2);
	T_EQ_INT(g.nodes[root].layer, 3);	/* last, alone */
	T_EQ_INT(g.nlayers, 4);
	T_OK(g.nodes[alice].on_path && g.nodes[docker].on_path);
	T_EQ_INT(g.nodes[strmap_gets(&g.nodemap, "user:bob")].layer, -1);
	for (i = 0; i < g.nedges; i++) {
		const char *f = g.edges[i].finding;
		int path = strcmp(f, "PM-6") != 0 && strcmp(f, "PM-7") != 0;

		T_EQ_INT(g.edges[i].on_path, path);
		T_EQ_INT(g.edges[i].in_cut, strcmp(f, "PM-1") == 0 ||
		    strcmp(f, "PM-5") == 0);
		T_OK(g.edges[i].f != NULL);
	}
	gv_free(&g);
}

static void
test_dot(json_t *doc, const char *dir)
{
	char *s = render(output_graph_dot_doc, doc);

	save(dir, "graphview.dot", s);
	T_OK(strncmp(s, "// privmap: ", 12) == 0);
	T_OK(strstr(s, "digraph privmap {") != NULL);
	/* 7 edges drawn (bob has none), 6 nodes */
	T_EQ_INT(count(s, "\" -> \""), 7);
	T_EQ_INT(count(s, "class=\"edge path"), 5);
	T_EQ_INT(count(s, " cut\""), 2);
	T_OK(strstr(s, "\"user:bob\"") == NULL);
	/* the hostile name: its quotes escaped, its newline shown as text,
	 * '&' an entity, the bidi override as an escape */
	T_OK(strstr(s, "\"user:m\\\"];\\\\x0a\\\"root\\\" -> \\\"pwn\\\" "
	    "[label=\\\"x\\\"];//<script>document.body.setAttribute('data-"
	    "pwned','1')</script>&amp;amp;\\\\u202e\"") != NULL);
	T_OK(strstr(s, "\xe2\x80\xae") == NULL);
	/* no line but the comments starts outside a statement */
	T_EQ_INT(count(s, "\n\"root\""), 0);
	free(s);
}

/* every href="#ID" of the page names an id="ID" of the page */
static void
links_resolve(const char *s)
{
	const char *p = s, *q;
	char *want;
	size_t n = 0;

	while ((p = strstr(p, "href=\"#")) != NULL) {
		p += 7;
		q = strchr(p, '"');
		T_OK(q != NULL);
		if (q == NULL)
			break;
		want = xasprintf("id=\"%.*s\"", (int)(q - p), p);
		T_OK(strstr(s, want) != NULL);
		free(want);
		n++;
	}
	T_OK(n >= 7);
}

static void
test_html(json_t *doc, const char *dir)
{
	char *s = render(output_graph_html_doc, doc);
	const char *cut, *svg;

	save(dir, "graphview.html", s);
	T_OK(strncmp(s, "<!DOCTYPE html>", 15) == 0);
	/* one script, ours; nothing loaded from anywhere */
	T_EQ_INT(count(s, "<script"), 1);
	T_EQ_INT(count(s, "src="), 0);
	T_EQ_INT(count(s, "http://www.w3.org/2000/svg"), 1);
	T_EQ_INT(count(s, "https:"), 0);
	T_OK(strstr(s, "&lt;script&gt;document.body.setAttribute(&#39;data-"
	    "pwned&#39;,&#39;1&#39;)&lt;/script&gt;&amp;amp;\\u202e") != NULL);
	T_OK(strstr(s, "&lt;/pre&gt;&lt;script&gt;alert(1)") != NULL);
	T_OK(strstr(s, "\xe2\x80\xae") == NULL);
	T_OK(strstr(s, "m&quot;];\\x0a&quot;root&quot;") != NULL);
	T_OK(strstr(s, "/srv/x&quot;&lt;b&gt;") != NULL);
	/* the cut first, then the graph */
	cut = strstr(s, "<section id=\"cut\">");
	svg = strstr(s, "<svg");
	T_OK(cut != NULL && svg != NULL && cut < svg);
	T_OK(strstr(s, "Close these 2 findings and none of the 2 paths to "
	    "root remains.") != NULL);
	T_EQ_INT(count(s, "<g class=\"node"), 6);
	T_EQ_INT(count(s, "class=\"edge path"), 5);
	T_EQ_INT(count(s, "class=\"edge path cut\""), 2);
	T_EQ_INT(count(s, "<li class=\"path\""), 2);
	T_EQ_INT(count(s, "<div class=\"finding\""), 7);
	T_OK(strstr(s, "id=\"f-PM-5\"") != NULL);
	/* the remedy keeps its lines */
	T_OK(strstr(s, "chmod go-w -- &#39;x&#39;\nchown") != NULL);
	links_resolve(s);
	free(s);
}

static void
test_nograph(void)
{
	json_t *doc = json_pack("{s:s, s:{s:s, s:s, s:{s:s}}, s:[]}",
	    "schema", "privmap.report/1", "target", "kind", "host", "root",
	    "/", "user", "name", "agent", "findings");
	char *d = render(output_graph_dot_doc, doc);
	char *h = render(output_graph_html_doc, doc);

	T_OK(strstr(d, "\t\"user:agent\" [label=\"agent\\nscanned user") !=
	    NULL);
	T_OK(strstr(d, "\t\"root\" [label=\"root\"") != NULL);
	T_EQ_INT(count(d, " -> "), 0);
	T_OK(strstr(h, "No path to root was found") != NULL);
	T_OK(strstr(h, "has no graph") != NULL);
	free(d);
	free(h);
	json_decref(doc);
}

/* more nodes and edges than are drawn: counted, the start and root kept */
static void
test_bounds(void)
{
	json_t *nodes = json_array(), *edges = json_array(), *doc;
	struct gv g;
	char id[32];
	size_t i;

	for (i = 0; i < GV_MAX_NODES + 50; i++) {
		snprintf(id, sizeof id, "user:u%zu", i);
		json_array_append_new(nodes, node(id, "user", id + 5, (int)i));
	}
	for (i = 0; i < GV_MAX_EDGES + 70; i++) {
		snprintf(id, sizeof id, "user:u%zu", i % GV_MAX_NODES);
		json_array_append_new(edges, edge("user:start", id, "PM-9",
		    "now"));
	}
	json_array_append_new(edges, edge("user:nobody", "root", "PM-8",
	    "now"));
	doc = json_pack("{s:s, s:{s:s, s:o, s:o}}", "schema",
	    "privmap.report/1", "graph", "start", "user:start", "nodes",
	    nodes, "edges", edges);
	gv_build(&g, doc);
	T_EQ_INT(g.nnodes, GV_MAX_NODES);
	T_EQ_INT(g.nedges, GV_MAX_EDGES);
	T_OK(g.dropped_nodes >= 50);
	T_OK(g.dropped_edges >= 71);
	T_OK(g.nodes[g.start].start);
	T_OK(strmap_gets(&g.nodemap, "root") != STRMAP_NONE);
	gv_free(&g);
	json_decref(doc);
}

int
main(int argc, char **argv)
{
	json_t *doc = report();

	test_layout(doc);
	test_dot(doc, argc > 1 ? argv[1] : NULL);
	test_html(doc, argc > 1 ? argv[1] : NULL);
	json_decref(doc);
	test_nograph();
	test_bounds();
	printf("graphview-test: %d checks, %d failed\n", t_checked, t_failed);
	return t_failed ? 1 : 0;
}
