/*
 * graphview.h: the escalation graph of a report as its pictures read it
 * (output/dot.c, output/html.c): the "graph" member of the report's JSON
 * (docs/report.md) taken apart into nodes and edges, each edge with its
 * finding, the paths to root and the cut marked on them, and a layered
 * layout (a column per distance from the scanned user, root last). Every
 * count is bounded; every string points into the report's JSON and is
 * text from the target, to be escaped by each writer for its format.
 * Internal to output/; it never writes anything itself.
 */
#ifndef PRIVMAP_GRAPHVIEW_H
#define PRIVMAP_GRAPHVIEW_H

#include <stddef.h>
#include <jansson.h>

#include "lib/strmap.h"

/* at most this many nodes and edges are drawn; the rest is counted */
#define GV_MAX_NODES	512
#define GV_MAX_EDGES	2048

enum gv_kind { GV_USER, GV_GROUP, GV_ROOT };

struct gv_node {
	const char	*id;		/* "user:alice", "group:docker", "root" */
	const char	*name;		/* what to show ("alice") */
	enum gv_kind	 kind;
	long long	 num;		/* uid or gid; -1 if none given */
	int		 start;		/* the scanned user */
	int		 reaches_root;
	int		 on_path;	/* on one of the listed paths to root */
	int		 layer, row;	/* column and place in it */
	double		 bary;		/* for ordering a column */
};

struct gv_edge {
	size_t		 from, to;	/* indices into nodes */
	const char	*finding;	/* the finding's id */
	const char	*wait, *sure;
	const json_t	*f;		/* the finding (report's or the
					 * graph's own), or NULL */
	int		 on_path;
	int		 in_cut;
	int		 nth;		/* among edges of the same pair */
};

struct gv {
	json_t		*doc;		/* the report's JSON (a reference) */
	const json_t	*graph;		/* its "graph", or NULL */
	struct gv_node	*nodes;
	size_t		 nnodes;
	struct gv_edge	*edges;
	size_t		 nedges;
	size_t		 start;		/* index of the start node */
	size_t		 dropped_nodes, dropped_edges, unreached;
	size_t		 nlayers, maxrows;
	size_t		 limit;		/* nodes taken so far may fill */
	const json_t	*paths;		/* array or NULL */
	size_t		 paths_total;
	const json_t	*cut;		/* array of finding ids, or NULL */
	int		 cut_exact;
	struct strmap	 nodemap;	/* node id -> index */
	struct strmap	 fmap;		/* finding id -> json_t * */
	char		*synth;		/* the start's id when the report
					 * has no graph */
};

/* Take doc (a report's JSON; a reference of its own kept) apart. Always
 * succeeds: a report without a graph gives the start node alone. */
void		 gv_build(struct gv *, json_t *doc);
void		 gv_free(struct gv *);
/* a finding of the report or of the graph by id, or NULL */
const json_t	*gv_finding(const struct gv *, const char *id);
/* the string member key of o, or "" */
const char	*gv_str(const json_t *o, const char *key);
/* the report's target "kind" or "root", or its user's "name"; or "" */
const char	*gv_target(const struct gv *, const char *key);
/* s made into a name for an id or URL fragment: [A-Za-z0-9] kept, any
 * other byte "_XX" (hex), so that two ids never meet; appended to b */
struct buf;
void		 gv_frag(struct buf *b, const char *prefix, const char *s);
/* The character at p (UTF-8, NUL-ended): its length in bytes, and *show
 * set to 1 if it must be shown as an escape rather than as itself (C0
 * and C1 controls, DEL, the line and paragraph separators, the bidi
 * overrides and isolates that reorder what is shown, invalid bytes:
 * then the length is 1 for a byte and *cp is the byte or code point). */
size_t		 gv_char(const unsigned char *p, int *show, unsigned long *cp);
/* s truncated to at most max bytes on a character boundary; 1 if it was */
size_t		 gv_cut(const char *s, size_t max, int *cut);

#endif
