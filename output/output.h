/*
 * output.h: the writers that turn a finished report (report_finish done)
 * into the files people already use. One section per format; each writer
 * reads only the report model, never the target, and gives the same bytes
 * for the same report. A writer returns 0, or -1 with a static message in
 * *why and nothing written (they build their output in memory first), or
 * -1 with "write error" and errno set when the stream failed.
 */
#ifndef PRIVMAP_OUTPUT_H
#define PRIVMAP_OUTPUT_H

#include <stdio.h>

#include "engine/fleet.h"
#include "engine/report.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

/* ---- auditd rules (output/audit.c) ---------------------------------- */

struct audit_opts {
	/* the target's architecture as uname -m or a Debian arch spells it;
	 * NULL: the report's arch; if neither is known, rules for both
	 * b64 and b32 (which auditctl resolves on the machine loading them) */
	const char	*arch;
	unsigned	 backlog;	/* -b in the base file; 0: 8192 */
	int		 failure;	/* -f in the base file; -1: 1 (printk) */
};

/* A rules.d drop-in (e.g. /etc/audit/rules.d/30-privmap.rules): the
 * findings' watches and the syscall rules, every one checked with
 * libaudit's parser first. No control lines (-D -b -f -e), never -i/-c. */
int	output_audit(const struct report *, FILE *, const struct audit_opts *,
	    const char **why);
/* The optional control files, kept apart so the drop-in never resets or
 * locks someone else's rules: base (-D, -b, -f; e.g. 10-privmap-base.rules)
 * and immutable (-e 2; e.g. 99-privmap-immutable.rules). */
int	output_audit_base(FILE *, const struct audit_opts *, const char **why);
int	output_audit_immutable(FILE *, const char **why);
/* Check one rule line as auditctl would parse it, with libaudit's own
 * functions and no netlink socket or privilege. 0, or -1 with *why
 * pointing to a buffer valid until the next call (libaudit's message). */
int	audit_rule_check(const char *line, const char **why);

/* ---- agent policies (output/policy.c) ------------------------------- */

enum policy_format {
	POLICY_GENERIC,		/* privmap.policy/1 JSON, docs/policy.schema.json */
	POLICY_CLAUDE_CODE,	/* a Claude Code settings.json fragment */
	POLICY_CODEX,		/* a Codex config.toml fragment */
	POLICY_CODEX_RULES,	/* the Codex rules file that goes with it */
	/* the sandbox the findings need (output/sandbox*.c, issue 17) */
	POLICY_SYSTEMD,		/* a drop-in for the agent's service */
	POLICY_DOCKER,		/* a sh script: docker run with its flags */
	POLICY_COMPOSE,		/* a compose service fragment */
	POLICY_SECCOMP,		/* a seccomp profile in Docker's format */
	POLICY_BWRAP,		/* a sh script: bwrap with its options */
};
#define POLICY_HOOK	0x01	/* claude-code: add the PreToolUse hook */

/* claude-code with the hook: the PreToolUse hook runs "PROGRAM hook
 * claude-code --policy POLICY" (privmap hook, watch/hook.c), each word
 * shell-quoted; POLICY is a generic policy. NULL members: "privmap" as
 * PATH finds it, and "$HOME"/.claude/privmap-policy.json. */
struct policy_hook {
	const char	*program;
	const char	*policy;
};

/* "generic", "claude-code", "codex", "codex-rules"; -1 if unknown */
int	policy_format_parse(const char *name);
int	output_policy(const struct report *, FILE *, enum policy_format,
	    unsigned flags, const char **why);
/* The claude-code settings, with the hook when hook is not NULL (what
 * output_policy gives for POLICY_HOOK with the defaults above). Deny
 * entries no permission rule can name are listed in "$comment". */
int	output_policy_claude(const struct report *, FILE *,
	    const struct policy_hook *hook, const char **why);
/* Where the Codex rules file goes beside a config fragment written to
 * path: "x.toml" -> "x.rules", "-" (standard output) -> "privmap.rules"
 * in the current directory, anything else -> "path.rules". Caller frees. */
char	*policy_codex_rules_path(const char *path);

/* ---- the agent's sandbox (output/sandbox*.c) ------------------------ */

/* What a sandbox writer is told beside the report: the directories the
 * agent must write (--workspace, never guessed), and the compose
 * service's name (NULL: "agent"). */
struct sandbox_opts {
	const char *const	*workspace;
	size_t			 nworkspace;
	const char		*service;
};
/* 1 if fmt is one of the sandbox formats */
int	policy_format_is_sandbox(int fmt);
/* The sandbox format fmt for the report's findings, every line with the
 * reason for it (comments): what a finding needs (engine/sandbox.h
 * sandbox_plan), and what no sandbox contains listed at the end. */
int	output_sandbox(const struct report *, FILE *, enum policy_format,
	    const struct sandbox_opts *, const char **why);

/* ---- remediation script (output/fix.c) ------------------------------ */

/* A POSIX sh script: one block per finding, acting only with --apply,
 * inside the report's target root. */
int	output_fix(const struct report *, FILE *, const char **why);

/* ---- SARIF 2.1.0 (output/sarif.c) ----------------------------------- */

int	output_sarif(const struct report *, FILE *, const char **why);

/* ---- the report for a person (output/text.c) ------------------------ */

/* One line per finding, most severe first, then a summary line. colour:
 * ANSI colours (only for a terminal). verbose: evidence and remedies too.
 * Control characters in paths and titles are shown escaped. */
int	output_text(const struct report *, FILE *, int colour, int verbose);

/* ---- the escalation graph's pictures (output/dot.c, output/html.c) --- */

/* The report's "graph" as Graphviz DOT: the identities the user reaches
 * and root, an edge per finding, the paths to root and the cut marked
 * (classes "path" and "cut", which dot -Tsvg keeps). */
int	output_graph_dot(const struct report *, FILE *, const char **why);
/* The same as one self-contained HTML page (inline SVG laid out here, no
 * network), the cut first, each edge a link to its finding. */
int	output_graph_html(const struct report *, FILE *, const char **why);
/* The same two from a report's JSON (report_to_json's, or one read from
 * a file as it is: its "graph" and "findings" members), doc borrowed. */
int	output_graph_dot_doc(json_t *doc, FILE *, const char **why);
int	output_graph_html_doc(json_t *doc, FILE *, const char **why);

/* ---- the JSON report contract (output/json.c) ----------------------- */

int	output_json(const struct report *, FILE *, const char **why);

/* ---- shared by the writers (output/write.c) ------------------------- */

/* An output file named on the command line ("-": standard output). It
 * is written to a temporary file beside it (.NAME.XXXXXX, the mode of the
 * file it replaces, else 0666 less the umask) and renamed over it on
 * commit; a device or FIFO is written in place. An existing file that may
 * be written but not replaced (its directory is not the user's to change)
 * is kept in memory and written over only on commit. */
struct outfile {
	FILE		*fp;	/* write here; NULL once put in place */
	const char	*path;	/* the name given, for messages */
	char		*final;	/* renamed to on commit (NULL: none) */
	char		*tmp;
	int		 slot;	/* the keeper's, or -1 */
	int		 fd;	/* the file to write over, or -1 */
	char		*mem;	/* what fp gathered for it */
	size_t		 memlen;
};
/* 0, or -1 with strerror's reason in *why (o is then closed). */
int	outfile_open(struct outfile *, const char *path, const char **why);
/* Flush, sync, put in place: 0, or -1 with the reason in *why and the
 * file it was to replace left as it was. */
int	outfile_commit(struct outfile *, const char **why);
/* Drop what was written: the file it was to replace stays as it was. */
void	outfile_abort(struct outfile *);
/* Before privileges are dropped: fork a process that keeps the right to
 * rename the open outfiles' temporary files over their names (uid 0 with
 * only CAP_DAC_OVERRIDE and CAP_FOWNER), and removes them if privmap ends
 * without committing. 0, or -1 with *why. */
int	outfile_keeper_start(struct outfile *const *, size_t n,
	    const char **why);
/* Wait for the keeper to end (after every commit or abort). */
void	outfile_keeper_stop(void);

/* Write a finished buffer: 0, or -1 with *why = "write error". */
int	output_write(FILE *, const char *, size_t, const char **why);
/* A JSON document (jansson dump flags), then a newline: 0, or -1 with
 * *why. The caller keeps its reference to doc. */
int	output_json_doc(FILE *, json_t *doc, size_t flags, const char **why);
/* The same for a document with one big array, member `key` of the top
 * object: the n elements are made one at a time by make(i, arg) (a new
 * reference) and written as they are made, so the array is never held
 * whole; the bytes are those output_json_doc would write with the array
 * in place (set last if doc has no `key` yet, where it is if it has).
 * Without a JSON_INDENT in flags the array is made whole. */
int	output_json_doc_array(FILE *, json_t *doc, size_t flags,
	    const char *key, size_t n, json_t *(*make)(size_t, void *),
	    void *arg, const char **why);
/* The same for member `key` of holder, an object inside doc at depth
 * `depth` (doc itself is depth 0, the value of one of its members 1). */
int	output_json_doc_array_at(FILE *, json_t *doc, size_t flags,
	    json_t *holder, const char *key, size_t depth, size_t n,
	    json_t *(*make)(size_t, void *), void *arg, const char **why);
/* (output/utf8.c) Text from a target as a JSON string, in the form of
 * docs/paths.md (pathenc_encode: \\ for a backslash, \xNN for a byte
 * that is not UTF-8 or a NUL). New references. */
json_t	*output_jstr(const char *);
json_t	*output_jstrn(const char *, size_t);
/* The same with "" for none (NULL). */
json_t	*output_jtext(const char *);
/* Text already in that form, or words for another program's syntax (a
 * shell command): as it is if it is valid UTF-8, else encoded. */
json_t	*output_jstr_asis(const char *);
/* A deep copy with every string and key made valid UTF-8 (text from
 * the report model's JSON values is already in the form above and stays
 * as it is; anything else is encoded that way). */
json_t	*output_json_clean(json_t *);
/* 1 if the n bytes at s are valid UTF-8 (RFC 3629) */
int	 output_utf8_valid(const char *s, size_t n);
/* s in the form of docs/paths.md, the form the report model keeps text
 * in inside its JSON values (jtext() in engine/report.c). Caller frees. */
char	*output_xescape(const char *s);
/* s as one sh word in single quotes, appended to b ('\'' for a quote) */
void	 output_sh_quote(struct buf *b, const char *s);
/* Report text (possibly read back from an untrusted JSON file) on a
 * comment line: printable ASCII, any other byte '?', at most max bytes
 * then "..."; nothing for NULL. */
void	 output_comment(struct buf *b, const char *s, size_t max);
/* The target on a comment line: "KIND ROOT, user NAME (uid N)". */
void	 output_target(struct buf *b, const struct report *);

/* ---- privmap fleet (output/fleet.c) ----------------------------------- */

/* The views of a finished fleet (fleet_finish, and fleet_baseline if
 * asked): text, the JSON of docs/fleet.md, one self-contained HTML page.
 * 0, or -1 with errno set when the stream failed. */
int	output_fleet_text(const struct fleet *, FILE *);
int	output_fleet_json(const struct fleet *, FILE *);
int	output_fleet_html(const struct fleet *, FILE *);

#endif
