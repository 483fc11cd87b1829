/*
 * cli.h: what the subcommands of privmap share: the exit statuses, the
 * one way to say something on stderr, the codes of the long options, the
 * artefact options every subcommand that writes files takes (cli/
 * outputs.c), the CI gate's options (cli/gate.c), and each subcommand
 * with its --help text. Only privmap.c and cli/ include it. A subcommand
 * returns its exit status: it never exits by itself.
 */
#ifndef PRIVMAP_CLI_H
#define PRIVMAP_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "engine/gate.h"
#include "engine/report.h"
#include "output/output.h"

#define EXIT_FINDINGS	1
#define EXIT_USAGE	2

/* the long options without a one-letter alias, one code each */
enum {
	OPT_ROOT = 256, OPT_USER, OPT_FORMAT, OPT_FAIL_ON, OPT_CROSS,
	OPT_HELP, OPT_AUDIT_RULES, OPT_AUDIT_BASE, OPT_AUDIT_IMM, OPT_ARCH,
	OPT_POLICY, OPT_POLICY_FORMAT, OPT_POLICY_HOOK, OPT_FIX,
	OPT_IMAGE, OPT_PLATFORM, OPT_BASELINE, OPT_IGNORE, OPT_HOOK_POLICY,
	OPT_NO_GRAPH, OPT_ALL_USERS, OPT_GRAPH, OPT_GRAPH_HTML,
	OPT_SANDBOX, OPT_WORKSPACE,
	OPT_FLEET_JSON, OPT_FLEET_HTML,
};

/* -q: no progress or notes on stderr (errors are always said) */
extern int	cli_quiet;

/* "privmap: " and the message, on stderr. */
void	cli_warnx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/* ---- the artefacts (cli/outputs.c) ------------------------------------ */

/* The files a scan or a saved report can be turned into, besides the
 * report itself. All are opened before the scan drops privileges; each
 * is written to a temporary file and put in place only when complete
 * (outfile_open in output/write.c). */
#define MAX_WORKSPACES	64

struct extras {
	const char	*audit_path, *base_path, *imm_path, *policy_path;
	const char	*fix_path;
	const char	*graph_path, *html_path;	/* DOT, HTML view */
	char		*rules_path;		/* codex's rules file */
	const char	*hook_path;		/* --hook-policy, or NULL */
	char		*hook_out;		/* where the hook's policy goes */
	char		*hook_abs;		/* its absolute path */
	char		*hook_exe;		/* privmap's own, for the hook */
	struct outfile	 audit, base, imm, policy, rules, fix, hookpol;
	struct outfile	 graph, html;
	int		 policy_format;
	unsigned	 policy_flags;
	struct audit_opts aopts;
	/* --workspace DIR...: what a sandbox format leaves writable */
	const char	*workspace[MAX_WORKSPACES];
	size_t		 nworkspace;
};

/* the getopt_long rows of the artefact options, for every subcommand
 * that writes them (extras_option takes their codes) */
#define EXTRAS_LONGOPTS \
	{ "audit-rules", required_argument, NULL, OPT_AUDIT_RULES }, \
	{ "audit-base", required_argument, NULL, OPT_AUDIT_BASE }, \
	{ "audit-immutable", required_argument, NULL, OPT_AUDIT_IMM }, \
	{ "arch", required_argument, NULL, OPT_ARCH }, \
	{ "policy", required_argument, NULL, OPT_POLICY }, \
	{ "policy-format", required_argument, NULL, OPT_POLICY_FORMAT }, \
	{ "policy-hook", no_argument, NULL, OPT_POLICY_HOOK }, \
	{ "hook-policy", required_argument, NULL, OPT_HOOK_POLICY }, \
	{ "fix-script", required_argument, NULL, OPT_FIX }, \
	{ "workspace", required_argument, NULL, OPT_WORKSPACE }, \
	{ "graph", required_argument, NULL, OPT_GRAPH }, \
	{ "graph-html", required_argument, NULL, OPT_GRAPH_HTML }

/* Nothing asked for yet. */
void	extras_init(struct extras *);
/* An option of EXTRAS_LONGOPTS: 1 if taken, 0 if not one of them, -1
 * for a bad value (said why). */
int	extras_option(struct extras *, int c, const char *arg);
/* Open every file asked for: 0, or -1 (said why). */
int	extras_open(struct extras *);
/* Write every file asked for from a finished report: 0, or -1. */
int	extras_write(struct extras *, const struct report *);
/* Drop whatever was not put in place, and free. */
void	extras_close(struct extras *);
/* Open path for writing unless it is NULL: 0, or -1 (said why). */
int	open_out(struct outfile *, const char *path);
/* A writer's result r for o: put the file in place, or say why not and
 * leave what it was to replace as it was. 0 or -1. */
int	finish_out(struct outfile *, int r, const char *why);
/* -1 (said so) if two of the n outputs are one file. */
int	outs_distinct(struct outfile *const *, size_t n);

/* ---- the CI gate (cli/gate.c) ------------------------------------------ */

struct cli_gate {
	const char		*basepath;	/* --baseline, or NULL */
	const char		*ignpath;	/* --ignore, or NULL */
	int			 fail_on;	/* enum severity; SEV_COUNT:
						 * none */
	struct baseline		 base;
	struct ignore_list	 ign;
	struct gate_result	 res;
};

/* --fail-on high, no baseline, no ignore file. */
void	cli_gate_init(struct cli_gate *);
/* --baseline, --ignore or --fail-on: 1 if taken, 0 if not one of them,
 * -1 for a bad value (said why). */
int	cli_gate_option(struct cli_gate *, int c, const char *arg);
/* Read the baseline and ignore files, before anything is scanned: a
 * typo in them must stop the job. 0, or -1 (said why). */
int	cli_gate_load(struct cli_gate *);
/* Decide what counts in a finished report and mark its findings; the
 * verdict goes into the report too unless it is written as text. */
void	cli_gate_apply(struct cli_gate *, struct report *, int text);
/* The verdict's summary on stderr, when a baseline or ignore file was
 * given (and not -q). */
void	cli_gate_print(const struct cli_gate *, const struct report *);
void	cli_gate_free(struct cli_gate *);

/* ---- the subcommands, each with its --help ----------------------------- */

extern const char scan_usage[], rules_usage[], policy_usage[], fix_usage[],
	    graph_usage[], events_usage[], replay_usage[], hook_usage[],
	    fleet_usage[];

int	cmd_scan(int, char **);		/* cli/scan.c */
int	cmd_rules(int, char **);	/* cli/report.c */
int	cmd_policy(int, char **);
int	cmd_fix(int, char **);
int	cmd_graph(int, char **);
int	cmd_events(int, char **);	/* cli/watch.c */
int	cmd_replay(int, char **);
int	cmd_hook(int, char **);
int	cmd_fleet(int, char **);	/* cli/fleet.c */

#endif
