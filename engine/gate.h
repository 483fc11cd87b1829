/*
 * gate.h: which findings of a report fail a CI gate. A finding counts
 * when its severity is at or above --fail-on, its id is not in the
 * baseline report (--baseline), and no live entry of the ignore file
 * (--ignore, format in docs/ignore-format.md) accepts it. The gate never
 * drops a finding from the report: it only says which ones count, which
 * baseline findings are gone (fixed), and which ignore entries expired
 * or matched nothing.
 */
#ifndef PRIVMAP_GATE_H
#define PRIVMAP_GATE_H

#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "engine/report.h"

#define GATE_MAX_FILE_BYTES	(64u << 20)	/* a baseline or ignore file */
#define GATE_MAX_RULES		100000

/* --- the ignore file ---------------------------------------------------- */

struct ignore_rule {
	char		*id;		/* a finding id, or NULL */
	char		*check;		/* with glob, when id is NULL */
	char		*glob;		/* fnmatch(3) pattern, FNM_PATHNAME */
	char		*reason;	/* mandatory */
	unsigned	 expires;	/* YYYYMMDD, 0: never; applies through
					 * that day (UTC) */
	unsigned	 line;
	size_t		 used;		/* findings it accepted */
};

struct ignore_list {
	struct ignore_rule	*v;
	size_t			 n;
};

/* called for each malformed line, with a static message */
typedef void (*gate_err_fn)(void *ctx, unsigned line, const char *why);

/* Parse ignore-file text, appending to l. Malformed lines are reported
 * through err and not kept. Returns the number of malformed lines. */
size_t	gate_ignore_parse(const char *buf, size_t len, struct ignore_list *,
	    gate_err_fn, void *ctx);
/* Read and parse file (on the scanning machine). -1 with *why if it
 * cannot be read; else the number of malformed lines (0: all good). */
long	gate_ignore_load(const char *file, struct ignore_list *, gate_err_fn,
	    void *ctx, const char **why);
void	ignore_list_free(struct ignore_list *);
/* One entry back in the file's syntax, for messages (allocated). */
char	*gate_rule_str(const struct ignore_rule *);

/* --- the baseline ------------------------------------------------------- */

struct baseline_item {
	char		*id;
	char		*check;		/* may be NULL */
	char		*path;		/* may be NULL */
	char		*title;		/* may be NULL */
	int		 sev;		/* enum severity, or -1 */
};

struct baseline {
	struct baseline_item	*v;	/* sorted by id */
	size_t			 n;
};

/* The findings of a saved privmap report (a "privmap.report/N" JSON
 * object with a findings array of objects with an "id"). 0, or -1 with
 * *why. */
int	gate_baseline_from_json(json_t *, struct baseline *, const char **why);
int	gate_baseline_load(const char *file, struct baseline *,
	    const char **why);
void	baseline_free(struct baseline *);
/* How a finished finding stands against the baseline (enum base_state of
 * report.h, the cases of SARIF 2.1.0 section 3.27.24 baselineState): its
 * id is not there (new), or is with the same severity (unchanged) or
 * another one (updated). Titles are not compared: they carry counts. */
int	gate_baseline_state(const struct baseline *, const struct finding *);

/* --- the verdict -------------------------------------------------------- */

struct gate_result {
	int			  fail_on;	/* enum severity */
	size_t			  nfindings;
	enum gate_state		 *state;	/* per report finding */
	const struct ignore_rule **rule;	/* per finding, if IGNORED */
	size_t			  counted;	/* NEW and >= fail_on */
	size_t			  n_new, n_baseline, n_ignored;
	const struct baseline_item **fixed;	/* in baseline, not in report */
	size_t			  nfixed;
	const struct ignore_rule **expired;	/* entries past their date */
	size_t			  nexpired;
	const struct ignore_rule **unused;	/* live entries matching nothing */
	size_t			  nunused;
};

/*
 * Decide. base and ign may be NULL. today is YYYYMMDD (gate_today()).
 * rep must be finished (report_finish: ids set). ign's rules get their
 * used counts. The result points into rep, base and ign.
 */
void	gate_apply(const struct report *, const struct baseline *,
	    struct ignore_list *, int fail_on, unsigned today,
	    struct gate_result *);
void	gate_result_free(struct gate_result *);
/* Mark each finding of rep with its state in the verdict (f->gate), an
 * ignored one with its entry's reason (f->suppressed), and with a
 * baseline (base not NULL), how it stands against it (f->baseline). */
void	gate_mark(struct report *, const struct gate_result *,
	    const struct baseline *);
/* Today's date in UTC as YYYYMMDD. */
unsigned gate_today(void);

/* The verdict as JSON, for a "gate" member of the report (new ref). */
json_t	*gate_result_json(const struct gate_result *, const struct report *);
/* A short summary for a person (stderr): counts, what was fixed,
 * expired and unused ignore entries. ignore_file names the file in
 * messages (may be NULL). */
void	gate_result_print(FILE *, const struct gate_result *,
	    const struct report *, const char *ignore_file);

#endif
