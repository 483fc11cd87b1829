/*
 * events.h: what an agent actually did, read back from the audit logs
 * that privmap's rules fill (output/audit.c), and the same actions
 * replayed against a generic policy (output/policy.c, privmap.policy/1).
 *
 *   privmap events [--format text|json] [--uid UID] [AUDIT_LOG...]
 *   privmap replay --policy POLICY.json [--format text|json] [--uid UID]
 *                  [AUDIT_LOG...]
 *
 * Both read logs only (parse/auditlog.c); nothing here talks to auditd,
 * and the same logs give the same bytes out.
 */
#ifndef PRIVMAP_EVENTS_H
#define PRIVMAP_EVENTS_H

#include <stdio.h>
#include <stdint.h>

#include <jansson.h>

#include "parse/auditlog.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

struct events_opts {
	int		 json;		/* 0: the summary for a person */
	int		 has_uid;	/* only events of this uid (its */
	unsigned long	 uid;		/* real or login uid) */
	int		 verbose;	/* text: every group, not the top 8 of a
					 * family */
};

/*
 * Read the logs (files[0..n-1]; "-" is standard input, and n == 0 reads
 * standard input), group the events on privmap's surfaces by family, uid,
 * program, action and path, and write the summary (or JSON) to out.
 * Returns 0; 1 when a log could not be read (the output names it, and
 * *why says so); -1 with *why when nothing could be written.
 */
int	events_run(const char *const *files, size_t n, FILE *out,
	    const struct events_opts *, const char **why);

struct replay_opts {
	int		 json;
	int		 has_uid;	/* whose actions (default: */
	unsigned long	 uid;		/* the policy's target.user.uid) */
	int		 verbose;	/* text: every action and entry */
};

/*
 * Replay the agent's recorded actions (execs with their argv, opens for
 * writing and other changes, reads, connects, credential changes, module
 * loads, mounts, namespaces) against the generic policy in policy_path:
 * for each, the deny entry that would have blocked it (or the envelope
 * class that denies or asks for it), or that it was outside the policy.
 * The output names the policy's schema, generator version, its own
 * "version" when it has one, and a fingerprint of its bytes. Returns as
 * events_run; -1 also for a policy that cannot be read or is not
 * privmap.policy/1.
 */
int	replay_run(const char *policy_path, const char *const *files, size_t n,
	    FILE *out, const struct replay_opts *, const char **why);

/* ---- one action at a time (privmap hook, watch/hook.c) ------------- */

struct replay_policy;
enum replay_verdict { REPLAY_ALLOW, REPLAY_ASK, REPLAY_BLOCK };

/* The generic policy as replay reads it: NULL with *why if it cannot be
 * read or is not privmap.policy/1. */
struct replay_policy	*replay_policy_load(const char *path, const char **why);
void			 replay_policy_free(struct replay_policy *);
size_t			 replay_policy_entries(const struct replay_policy *);
/*
 * One action judged as replay judges the logged ones: REPLAY_BLOCK when
 * a deny entry names it (or the envelope denies its class), REPLAY_ASK
 * when the envelope asks, else REPLAY_ALLOW; for the first two, why gets
 * a line naming the entry or class. A bare program name (no '/') matches
 * an exec entry with that base name. tree: a read of a directory that
 * reads everything under it (a search), so a denied read below it counts.
 */
enum replay_verdict	 replay_judge(struct replay_policy *,
			    const struct alog_event *,
			    const struct alog_action *, int tree,
			    struct buf *why);

/* ---- shared by events.c and replay.c -------------------------------- */

/* The family of privmap's surfaces an action touches by its path, its
 * program's mode or its call (contract families, or "escalate", "module",
 * "mount", "namespace" as the rule keys name them), or NULL. */
const char	*events_action_family(const struct alog_event *,
		    const struct alog_action *);
/* The family a privmap key names ("privmap-sudo" -> "sudo"), or NULL. */
const char	*events_key_family(const struct alog_event *);
/* What an action reached, for a person and for grouping: a path, a
 * socket "ADDR:PORT", "setresuid(0, 0, 0)", "unshare(NEWUSER|NEWNS)".
 * Caller frees; never NULL. */
char		*events_target(const struct alog_event *,
		    const struct alog_action *);
/* The argument vector (else the proctitle) as one line, at most max
 * bytes. Caller frees; NULL if the event logged neither. */
char		*events_cmdline(const struct alog_event *, size_t max);
/* "2023-11-14T22:13:20.123Z" */
void		 events_iso_time(int64_t sec, unsigned milli, char out[32]);
/* s shown on a terminal: controls and bytes that are not UTF-8 as \xNN,
 * at most max characters then "..." */
void		 events_text(struct buf *, const char *s, size_t max);
/* true if uid is the event's real or login uid */
int		 events_by_uid(const struct alog_event *, unsigned long uid);

/* One read log, as both commands list it. */
struct events_log {
	const char		*name;
	struct alog_stats	 st;
};
/* Read every log through one reader, each into its events_log entry
 * (*logs, *nlogs; n == 0 reads standard input). 0; 1 with *why if a log
 * could not be read; -1 with *why if no reader could be set up. */
int		 events_read_logs(const char *const *files, size_t n, alog_cb,
		    void *arg, struct events_log **logs, size_t *nlogs,
		    const char **why);
/* "2023-11-14 22:13:20Z", or a range of two, the second date left out
 * when it is the same day */
void		 events_time_range(struct buf *, int64_t first_sec,
		    unsigned first_milli, int64_t last_sec,
		    unsigned last_milli);
json_t		*events_logs_json(const struct events_log *, size_t n);
void		 events_logs_text(struct buf *, const struct events_log *,
		    size_t n);

#endif
