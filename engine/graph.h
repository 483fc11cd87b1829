/*
 * graph.h: the escalation graph (issue 15): the identities the scanned
 * user can become, one finding per hop, built from the findings' typed
 * grants (report.h), never from their titles. Each identity reached is
 * judged once, lazily, in the order a breadth-first search from the
 * user meets it, by the checks' report() run again on what the one walk
 * kept; nothing here walks, reads a file or prints. From the graph: the
 * paths to root (shortest first, bounded), the identities reachable, the
 * smallest cut (the findings whose closing leaves no path to root), and
 * the user's own findings rescored by where their chain ends.
 */
#ifndef PRIVMAP_GRAPH_H
#define PRIVMAP_GRAPH_H

#include <jansson.h>

#include "engine/report.h"

struct scan;

/* bounds: identities judged, paths kept in the report, the exact cut's
 * size and the work of its search, the walk that counts paths */
#define GRAPH_MAX_JUDGED	512
#define GRAPH_MAX_NODES		8192
#define GRAPH_MAX_PATHS		32
#define GRAPH_CUT_EXACT		8
#define GRAPH_CUT_BUDGET	200000
#define GRAPH_PATH_STEPS	2000000

struct graph_node {
	char		*key;		/* "user:alice", "gid:42", "root" */
	enum grant_kind	 kind;
	unsigned long	 id;		/* uid or gid; GRANT_ID_UNKNOWN */
	char		*name;		/* NULL: none (uid:N, gid:N) */
	unsigned long	*gids;		/* its groups, once judged (the fix
					 * script acts as it) */
	size_t		 ngids;
	int		 reaches_root;
	long		 distance;	/* hops from the start; -1: none */
	int		 judged;	/* while building: 1 its findings are
					 * in, 2 met but not judged */
	int		 best;		/* the best severity of a path from
					 * it to root, -1 if none */
};

/* a hop: the finding that gives `to` to whoever is `from` */
struct graph_edge {
	size_t			 from, to;
	char			*finding;	/* its id */
	enum grant_wait		 wait;
	int			 sure;
	const struct finding	*f;	/* NULL if not found */
};

/* a chain of edges from the start (or an account of --all-users) */
struct graph_path {
	size_t		*edges;
	size_t		 n;
	enum severity	 sev;
	double		 score;
};

struct graph_reach {
	size_t		 node;
	char		**hops;		/* finding ids */
	size_t		 n;
	int		 reaches_root;
};

/* --all-users: one row per account that can log in or runs a service */
struct graph_row {
	size_t			 node;
	int			 reaches_root;
	struct graph_path	 path;	/* n 0: none */
};

struct graph {
	size_t			 start;
	struct graph_node	*nodes;
	size_t			 nnodes;
	struct graph_edge	*edges;
	size_t			 nedges;
	/* findings judged as another identity that are edges */
	struct finding		**findings;
	size_t			*as;		/* the node each was
						 * judged as */
	size_t			 nfindings;
	struct graph_path	*paths;		/* shortest first */
	size_t			 npaths;
	size_t			 paths_total;
	struct graph_reach	*reach;
	size_t			 nreach;
	char			**cut;		/* finding ids */
	size_t			 ncut;
	int			 cut_exact;
	int			 all_users;	/* rows asked for */
	struct graph_row	*rows;
	size_t			 nrows;
};

/* run every check's report() that judges another identity, as s->user,
 * into s->rep (checks/registry.c) */
typedef void	(*graph_judge_fn)(struct scan *);

/* A critical finding that names no grant is root, now (the contract's
 * "critical": root alone, now). */
void	graph_imply_root(struct report *);

/*
 * Build the graph of the scan (s->rep holds the scanned user's findings,
 * finished): judge each identity reached with judge (and with all_users
 * every account that can log in or runs a service), then the paths, the
 * reachable identities, the cut, and the user's findings rescored by
 * where their chain ends. Sets s->rep->graph; nothing for a user of uid
 * 0. The caller finishes the report again afterwards (severities moved).
 */
void	graph_build(struct scan *, graph_judge_fn judge, int all_users);
/* What graph_build makes of the nodes, edges and start once they are
 * in (and of all_users' rows, when set): distances, reaches_root, the
 * paths, the reachable identities, the cut; a note goes to rep when the
 * paths' count stops short. For graphs built by hand too (the tests). */
void	graph_solve(struct graph *, struct report *rep);
void	graph_free(struct graph *);

/* the "graph" member (docs/report.md), and back from a report that
 * report_validate accepted: NULL with *why if it is out of contract */
json_t		*graph_to_json(const struct graph *);
struct graph	*graph_from_json(json_t *, const char **why);

/* the finding of id in the report or among the graph's own; NULL */
const struct finding *graph_finding(const struct report *, const char *id);
/* 1 if the finding of id is in the cut */
int	graph_in_cut(const struct graph *, const char *id);
/* The same answers for a report's every finding, one look-up each (a
 * report of 100k findings has a cut as long): the index leaves its keys
 * in the report, which must outlive it unchanged. */
struct graph_index {
	struct strmap	 ids;		/* id -> finding */
	struct strmap	 cut;		/* id -> its place in the cut */
};
void	graph_index_init(struct graph_index *, const struct report *);
const struct finding *graph_index_finding(const struct graph_index *,
	    const char *id);
int	graph_index_in_cut(const struct graph_index *, const char *id);
void	graph_index_free(struct graph_index *);
/* a hop's severity: what it waits for bounds it (now and periodic may
 * be critical, the rest high at most; a likely hop is high at most) */
enum severity	graph_hop_bound(enum grant_wait, int sure);

#endif
