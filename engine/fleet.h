/*
 * fleet.h: the model of privmap fleet: many hosts' saved reports read one
 * at a time (report_load_top, the same refusals as every reader of a
 * report) and folded into per-host rows and per-kind counts, and compared
 * with a previous fleet run. It keeps no report once folded, so it grows
 * with the hosts and their finding ids, never with a report's evidence.
 * It never opens a report itself: the caller hands each stream over.
 */
#ifndef PRIVMAP_FLEET_H
#define PRIVMAP_FLEET_H

#include <stdio.h>
#include <jansson.h>

#include "engine/report.h"
#include "lib/strmap.h"

#define FLEET_SCHEMA	"privmap.fleet/1"

/* one finding of a host, as the fleet keeps it */
struct fleet_find {
	char		*id;
	size_t		 kind;		/* index in fleet.kinds */
	enum severity	 sev;
	char		*path;		/* docs/paths.md form */
	int		 is_new;	/* not in the baseline's host */
};

struct fleet_host {
	char		*name;		/* docs/paths.md form */
	char		*report;	/* the file it was read from */
	char		*kind;		/* host, rootfs, image */
	char		*root;
	char		*user;		/* the user's name, or its uid */
	int		 worst;		/* enum severity, -1: no finding */
	double		 score;
	size_t		 by_sev[SEV_COUNT];
	long long	 paths;		/* graph.paths_total; -1: no graph */
	struct fleet_find *finds;	/* sorted by id */
	size_t		 nfinds;
	int		 is_new;	/* not in the baseline */
	size_t		 nnew;		/* findings not in the baseline */
};

/* a kind of finding ("check") across the fleet */
struct fleet_kind {
	char		*check;
	char		*family;
	int		 worst;		/* enum severity */
	size_t		 nfinds;	/* findings on every host */
	size_t		*hosts;		/* indices in fleet.hosts, in order */
	size_t		 nhosts, caphosts;
	size_t		 last;		/* the last host counted + 1 */
	int		 is_new;	/* on no host of the baseline */
	size_t		 nnew_hosts;	/* hosts that did not have it */
};

struct fleet {
	struct fleet_host *hosts;
	size_t		 nhosts, caphosts;
	struct strmap	 host_idx;	/* name -> index */
	struct fleet_kind *kinds;
	size_t		 nkinds, capkinds;
	struct strmap	 kind_idx;	/* check -> index */
	/* after fleet_finish: the ranks */
	size_t		*host_order, *kind_order;
	/* after fleet_baseline */
	char		*base_path;
	char		**gone_hosts;	/* in the baseline, not here */
	size_t		 ngone_hosts;
	size_t		 nfixed;	/* baseline findings of a host here,
					 * gone from it */
};

void	fleet_init(struct fleet *);
void	fleet_free(struct fleet *);
/* Read one host's report from fp and fold it in under name (raw bytes,
 * kept in docs/paths.md form) and report (the file, for the reader).
 * 0, or -1 with *why (a buffer of the fleet's, valid until the next
 * call): not JSON, not a privmap report, or a host named twice. */
int	fleet_add(struct fleet *, const char *name, const char *report,
	    FILE *fp, const char **why);
/* Rank the hosts (worst severity, then paths to root, score, findings,
 * name) and the kinds (worst severity, hosts, name). */
void	fleet_finish(struct fleet *);
/* Compare with a previous run's JSON (fleet_to_json's document): marks
 * new hosts, kinds and findings, and counts what is gone. 0, or -1 with
 * *why (a static or fleet-owned message) for a file out of contract. */
int	fleet_baseline(struct fleet *, const char *path, json_t *prev,
	    const char **why);
/* The JSON document of docs/fleet.md (a new reference). */
json_t	*fleet_to_json(const struct fleet *);

#endif
