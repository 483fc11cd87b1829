/*
 * hook.h: privmap hook claude-code, a Claude Code PreToolUse hook that
 * judges each tool call against a generic policy (privmap.policy/1) with
 * the engine privmap replay uses (watch/replay.c).
 *
 *   privmap hook claude-code --policy POLICY.json   < PreToolUse JSON
 *
 * Only tool_name and tool_input are judged; cwd only turns a relative
 * path into an absolute one, and session_id, transcript_path and the
 * rest are never looked at. Nothing here runs, opens or follows what the
 * call names.
 */
#ifndef PRIVMAP_HOOK_H
#define PRIVMAP_HOOK_H

#include <stddef.h>
#include <stdio.h>

#include "parse/auditlog.h"

#define HOOK_MAX_INPUT	(32u << 20)	/* bytes of hook input read */
#define HOOK_MAX_ACTS	4096		/* actions judged per call */

/* One thing a tool call would do, as replay's actions are. */
struct hook_act {
	enum alog_act	 kind;		/* EXEC, READ, WRITE or CONNECT */
	char		*path;		/* absolute, a bare program name, or
					 * NULL for a port */
	char		**argv;		/* EXEC: the command's words */
	size_t		 argc;
	int		 tree;		/* READ: a search of everything
					 * under path */
	char		 addr[48];	/* CONNECT to a port: the numeric */
	unsigned	 port;		/* address and port, addr[0] set */
};

struct hook_call {
	char		*tool;		/* tool_name */
	struct hook_act	*v;
	size_t		 n;
	const char	*incomplete;	/* static: what could not be
					 * followed, or NULL */
};

/*
 * Read one PreToolUse input (len bytes; need not be NUL-terminated) into
 * the actions its tool call would take. Returns 0, or -1 with a static
 * message in *why when the input is not a PreToolUse call privmap can
 * read (not JSON, no tool_name, a known tool without its input). home
 * (or NULL) is what ~ stands for in a Bash command. The
 * call is filled either way and freed with hook_call_free.
 */
int	hook_parse(const char *buf, size_t len, const char *home,
	    struct hook_call *, const char **why);
void	hook_call_free(struct hook_call *);

/*
 * The whole hook: read standard input (fd), judge it against the policy
 * in policy_path, and return the exit status Claude Code acts on: 0 to
 * let the call go on (with a JSON "ask" decision on out when the policy
 * asks, or the call cannot be followed), 2 to block it with the reason
 * on err. Malformed input and an unreadable policy block, with the
 * reason, so a broken hook never lets calls through unseen.
 */
int	hook_claude_run(const char *policy_path, int fd, FILE *out, FILE *err);

#endif
