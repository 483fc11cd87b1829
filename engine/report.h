/*
 * report.h: the report model every check writes to and every output reads.
 * It mirrors the report contract, docs/report.md: findings with stable ids,
 * severities and scores in their bands, and the errors that say what could
 * not be read. The model owns every string and JSON value put into it.
 */
#ifndef PRIVMAP_REPORT_H
#define PRIVMAP_REPORT_H

#include <sys/types.h>
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "known/closes.h"
#include "lib/strmap.h"
#include "known/severity.h"

/*
 * A deny entry of a finding: what the user must not do to close it. The
 * target is the bytes of a path, group name or "HOST:PORT" (text from
 * the target is kept as bytes; its docs/paths.md form exists only in the
 * JSON, as "ACTION TARGET" in the "policy" member).
 */
struct close {
	enum close_action	 action;
	char			*target;	/* owned, NUL-ended */
	size_t			 len;
	enum close_fix		 fix;		/* how the fix script
						 * closes it */
	/* 1: implied by the family alone (known/closes.h), the check named
	 * none: policies write it marked derived, the fix script leaves it,
	 * the "policy" member of the JSON does not hold it */
	int			 derived;
};

/*
 * An auditd rule of a finding, typed (the "audit_data" member of the JSON,
 * described below finding_audit): a watch on a file or tree, the anchor
 * of a program's or socket's rules, or a syscall rule.
 */
enum watch_kind {
	WATCH_FILE, WATCH_DIR, WATCH_EXEC, WATCH_CONNECT, WATCH_SYSCALL,
};

struct watch {
	enum watch_kind	 kind;
	char		*path;		/* owned; NULL for WATCH_SYSCALL */
	char		 perm[5];	/* FILE, DIR: 1 to 4 of rwxa */
	const char	**syscalls;	/* SYSCALL: owned array of names of
					 * audit_syscall_known()'s table */
	size_t		 nsyscalls;
	int		 euid_root;	/* SYSCALL: only at euid 0 */
	char		*anchor;	/* owned: the tree watched instead */
	int		 unanchored;	/* 1: no anchor, no rule */
	/* read back: the entry audit_entry_check() refused, why
	 * ("audit_data[N].path: ...: left out"); nothing else is set */
	char		*refused;
};

/* whether a finding has audit_data: a report may lack the member (one
 * from an older privmap) or hold something else than an array */
enum audit_data_state {
	AUDIT_DATA_NONE, AUDIT_DATA_LIST, AUDIT_DATA_NOT_LIST,
};

/* how the CI gate (gate.h) stands a finding */
enum gate_state {
	GATE_NEW,		/* counts if at or above fail_on */
	GATE_BASELINE,		/* in the baseline */
	GATE_IGNORED,		/* accepted by a live ignore entry */
};

/*
 * What a finding hands the user: code run as another identity, a group,
 * or root (the "grants" member of the JSON). The escalation graph
 * (issue 15) is built from these, never from titles.
 */
enum grant_kind {
	GRANT_NONE, GRANT_USER, GRANT_GROUP, GRANT_ROOT,
};

/* what the hop waits for before the code runs or the group is held */
enum grant_wait {
	WAIT_NOW, WAIT_PERIODIC, WAIT_LOGIN, WAIT_SUDO, WAIT_REBOOT,
	WAIT_RELOAD, WAIT_SERVICE, WAIT_COUNT,
};

/* an id a grant read back from a report does not know ("user:alice"
 * names the account, not its uid) */
#define GRANT_ID_UNKNOWN	((unsigned long)-1)

struct grant {
	enum grant_kind	 kind;		/* GRANT_NONE: no grant */
	unsigned long	 id;		/* uid or gid; GRANT_ID_UNKNOWN */
	char		*name;		/* owned; NULL: "uid:N"/"gid:N" */
	enum grant_wait	 wait;
	int		 sure;		/* 1 certain, 0 likely */
};

struct finding {
	char		*id;		/* set by report_finish() */
	char		*check;
	char		*family;
	enum severity	 sev;
	double		 score;
	char		*title;
	char		*path;
	char		*cause;		/* what, with family+path, makes the id */
	/* the cause several findings share ("write DIR": a directory the
	 * user can write), or NULL: report_finish() keeps the most severe
	 * of them, the others listed in its evidence "consequences" */
	char		*one_cause;
	json_t		*evidence;	/* object */
	char		*remediation;	/* NULL, or shell command(s) */
	struct close	*closes;	/* in the order the check named them */
	size_t		 ncloses;
	size_t		 closes_cap;
	/* action and target -> index in closes, once there are many: a
	 * report read back may give one finding 100k entries */
	struct strmap	*closes_idx;
	json_t		*audit;		/* array of auditd rule lines: what
					 * audit_data gives, as text for
					 * readers; never read back */
	struct watch	*watches;	/* typed rules: "audit_data" */
	size_t		 nwatches;
	enum audit_data_state audit_data; /* NONE: written [] */
	/* set by the CI gate (engine/gate.c) when one was asked for */
	enum gate_state	 gate;		/* GATE_NEW: counts */
	char		*suppressed;	/* the ignore entry's reason */
	/* how it stands against --baseline (gate_baseline_state), for
	 * SARIF's baselineState: BASE_NONE when no baseline was given */
	int		 baseline;
	struct grant	 grant;		/* "grants"; kind GRANT_NONE: none */
	/* the sandbox's judgement (engine/sandbox.c), the "sandbox"
	 * member: SBV_NONE when none was asked for */
	int		 sb_verdict;	/* enum sb_verdict */
	enum severity	 sb_sev;	/* contained: as before the sandbox */
	double		 sb_score;
	json_t		*sb_why;	/* array: the layers, or why open */
};

enum sb_verdict {
	SBV_NONE, SBV_OPEN, SBV_CONTAINED,
};

enum base_state {
	BASE_NONE, BASE_NEW, BASE_UNCHANGED, BASE_UPDATED,
};

struct graph;	/* engine/graph.h */

struct report_group {
	char	*name;
	gid_t	 gid;
};

struct report {
	/* target */
	char			*kind;		/* host, rootfs, image */
	char			*root;
	char			*user_name;	/* NULL: uid has no passwd entry */
	uid_t			 uid;
	gid_t			 gid;
	struct report_group	*groups;
	size_t			 ngroups;
	char			*arch;		/* NULL if unknown */
	json_t			*notes;		/* array of strings */

	struct finding		**findings;
	size_t			 nfindings;
	json_t			*errors;	/* array of {path, error} */
	size_t			 nerrors_dropped;
	double			 max_score;
	json_t			*gate;		/* the gate's verdict, or NULL */
	struct graph		*graph;		/* the escalation graph, or
						 * NULL (engine/graph.h) */
	json_t			*sandbox;	/* the sandbox summary, or NULL
						 * (engine/sandbox.c) */
	size_t			 by_sev[SEV_COUNT];
	/* set while scanning (never in a report read back): the deepest
	 * directory at or above dir that exists and that the user can
	 * neither rename nor remove, newly allocated (scan_watch_anchor) */
	char			*(*anchor)(void *ctx, const char *dir);
	void			*anchor_ctx;
};

struct report	*report_new(void);
void		 report_free(struct report *);

/* Who reports a finding: the finding's "check" (a check's id, or one of
 * the kinds of finding a check names) and its family of the report
 * contract. A check's table entry (struct check, checks/check.h) begins
 * with its own, so a check passes its entry's. */
struct reporter {
	const char	*id;
	const char	*family;
};

/*
 * Add a finding. who's id and family, path and cause are copied; cause is
 * the part of the fingerprint that tells two findings on one path apart
 * (a group name, a rule line): the same family, check, path and cause give
 * the same id on every run and machine. weight places the score in the band.
 * Returns the finding so the caller can add evidence and remedies.
 */
struct finding	*report_add(struct report *, const struct reporter *who,
		    enum severity, double weight, const char *path,
		    const char *cause, const char *title_fmt, ...)
		    __attribute__((format(printf, 7, 8)));

void	finding_set_remediation(struct finding *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* One cause, one finding: findings given the same key (copied) are
 * reported once, by report_finish(): the most severe is kept and each
 * other becomes an entry of its evidence "consequences", {"id", "check",
 * "family", "severity", "path", "title", "evidence"}, its id kept for
 * baselines and ignore
 * files (engine/gate.c accepts it); its deny entries join the kept
 * finding's. */
void	finding_one_cause(struct finding *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* evidence helpers: the value is copied (strings) or stolen (json_t) */
void	finding_ev_str(struct finding *, const char *key, const char *val);
void	finding_ev_int(struct finding *, const char *key, long long val);
void	finding_ev_bool(struct finding *, const char *key, int val);
void	finding_ev_mode(struct finding *, const char *key, unsigned mode);
void	finding_ev_json(struct finding *, const char *key, json_t *val);
/* a deny entry for agent policies: target a path, group name or
 * "127.0.0.1:PORT" (copied); an entry the finding has already is
 * dropped */
void	finding_close(struct finding *, enum close_action, const char *target);
/*
 * What the finding hands the user (the "grants" member): kind GRANT_USER
 * (id a uid) or GRANT_GROUP (id a gid), with the name the target gives
 * it (copied; NULL when the id has none), or GRANT_ROOT (id and name
 * ignored); a user of uid 0 is GRANT_ROOT. wait: what the hop waits
 * for; sure: 1 when it certainly works, 0 when it likely does. A later
 * call replaces an earlier one; GRANT_NONE clears it.
 */
void	finding_grant(struct finding *, enum grant_kind, unsigned long id,
	    const char *name, enum grant_wait, int sure);
/* "now", "periodic", ...; the node's text ("user:alice", "gid:42",
 * "root": docs/paths.md's form of the name, newly allocated; NULL for
 * GRANT_NONE); -1 if s names no wait */
const char	*grant_wait_name(enum grant_wait);
int		 grant_wait_parse(const char *s);
char		*grant_node(const struct grant *);
/* a node's text back into g (kind, id, name): 0, or -1 if s is not one */
int		 grant_node_parse(const char *s, struct grant *g);
/* "write", "exec", ...; -1 if s names no action */
int		 close_action_parse(const char *s);
const char	*close_action_name(enum close_action);
/* an auditd rule line as text only, which no writer reads back: rules
 * come from audit_data (finding_watch, finding_audit_syscalls) */
void	finding_audit(struct finding *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Typed audit data: the auditd rules of a finding as members, from which
 * the rules writer (output/audit.c) makes every rule, for a scan and for a
 * report read back alike, scoped to target.user.uid and keyed
 * privmap-FAMILY. Each entry of audit_data is an object:
 *   {"kind":"file"|"dir", "path":P, "perm":"wa"}  a watch on P (perm a
 *       subset of rwxa); a "dir" watch covers the tree under P
 *   {"kind":"exec"|"connect", "path":P}  where the execve or connect()
 *       rules on the program or socket P are anchored (they come from the
 *       finding's deny entries)
 *   {"kind":"syscall", "syscalls":[NAME...], "euid":0}  a syscall rule
 *       (euid optional), names from audit_syscall_known()
 * Where the user could rename or remove a directory the kernel needs when
 * the rule is loaded (P's parent, or a "dir" P itself), the entry has
 * "anchor":A, the nearest directory above that the user cannot change,
 * and the rule watches the tree under A (dir=A) instead; "unanchored":true
 * if there is none, and then no rule is written.
 */
/* the usual watch: writes (or "x" executions, "r" reads) to path by the
 * target user, in the syscall form, keyed privmap-FAMILY */
void	finding_watch(struct report *, struct finding *, const char *path,
	    int is_dir, const char *perm);
/* a syscall rule: names (NULL-ended, each audit_syscall_known()) by the
 * target user, and with euid 0 at exit if euid_root */
void	finding_audit_syscalls(struct report *, struct finding *,
	    const char *const *names, int euid_root);
/* The anchors of the programs and sockets of "exec" and "connect" deny
 * entries, whose rules the audit writer adds: call once after the checks,
 * while r->anchor is set. */
void	report_anchor_targets(struct report *);
/* 1 if name is a syscall privmap writes rules for */
int	audit_syscall_known(const char *name);
/* Check one audit_data entry as read from a report: 0, or -1 with *why
 * naming the member at fault (".path: ..."; a static buffer). */
int	audit_entry_check(const json_t *e, const char **why);
/* The rule text of a "file", "dir" or "syscall" watch (syscall rules
 * without -F arch=, as in the audit member), or NULL for the other kinds,
 * a refused and an unanchored one. Newly allocated. */
char	*watch_text(const struct watch *, unsigned long uid,
	    const char *family);
/* the key of a family's rules into key[32] ("privmap-FAMILY"): -1 if the
 * family is not one word of [a-z0-9-] that fits */
int	audit_family_key(const char *family, char key[32]);

void	report_add_error(struct report *, const char *path, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
void	report_add_note(struct report *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Sort (severity desc, path, check), compute ids, drop exact duplicates,
 * keep one finding of those sharing one cause (finding_one_cause),
 * give a finding above info whose check named no deny entry the ones its
 * family implies (known/closes.h, marked derived), fill the summary.
 * Call once before any output (again after more findings are added). */
void	report_finish(struct report *);

/* The contract's JSON (a new reference), and the reverse for the
 * subcommands that read a saved report. report_from_json returns NULL and
 * sets *why on a report that does not follow the contract. */
json_t		*report_to_json(const struct report *);
/* The same with "findings" an empty array in its place, for a writer
 * that writes the findings one at a time (finding_to_json) */
json_t		*report_to_json_frame(const struct report *);
struct report	*report_from_json(json_t *, const char **why);
/* One finding in the contract's form, and back (a finding read back
 * from a report report_validate accepted; NULL if it lacks id, check,
 * family, path, severity or score). */
json_t		*finding_to_json(const struct finding *);
struct finding	*finding_from_json(json_t *);
void		 finding_free(struct finding *);
/* (report-check.c) 0 if j meets the contract everything generated from a
 * saved report relies on: known kind, families, severities and deny
 * actions; ids in 0..4294967294; text in the form of docs/paths.md; the
 * root and every path an output acts on absolute and in normal form.
 * Else -1, *why naming the first member that does not (a buffer valid
 * until the next call). */
int		 report_validate(json_t *, const char **why);

/* Read a saved report from a stream, its findings one at a time (never
 * the whole document as JSON values): the same report, or the same
 * refusal, as json_loadf with JSON_REJECT_DUPLICATES and report_from_json.
 * NULL on error: e->json set for a document that is not JSON (line and
 * text say where and why), else e->why says how it breaks the contract. */
struct report_load_err {
	int		 json;
	unsigned	 line;
	char		 text[512];
	const char	*why;
};
struct report	*report_load(FILE *, struct report_load_err *);
/* report_load, and the document's top-level object without its findings
 * in *top (a new reference; NULL with the report): members the model
 * does not hold, such as "graph", for a reader that needs them (privmap
 * fleet). Untrusted like the rest: the caller checks what it reads. */
struct report	*report_load_top(FILE *, struct report_load_err *,
		    json_t **top);

#endif
