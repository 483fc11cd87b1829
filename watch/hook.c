/*
 * hook.c: privmap hook claude-code. Claude Code runs a PreToolUse hook
 * before each tool call with the call as JSON on standard input; this
 * turns tool_name and tool_input into the actions the call would take
 * (programs run with their arguments, files read or written, sockets and
 * ports reached) and judges each with the engine privmap replay uses
 * (replay_judge, watch/replay.c) against a generic policy.
 *
 * What Claude Code does with the answer (hooks reference,
 * https://code.claude.com/docs/en/hooks, "Exit code output" and
 * "PreToolUse decision control"): exit status 2 blocks the call and feeds
 * stderr to the model as the reason; 0 lets it go on, and a JSON object
 * on stdout with hookSpecificOutput.permissionDecision "ask" makes it ask
 * the user; any other status is a non-blocking error, the call going on.
 * So this exits only 0 or 2, and blocks with the reason when the input or
 * the policy cannot be read: a hook that fails open protects nothing.
 *
 * It must never judge cwd, transcript_path or session_id (they name the
 * agent's own home on every call); cwd only makes a relative path
 * absolute. Nothing the call names is opened, run or followed.
 *
 * What it cannot see: a word with no '/' is not taken for a path; a
 * script the agent wrote is judged by its name when it runs, not by its
 * content; a command privmap's shell reader cannot follow (a command
 * word from a variable or $(...), case, functions) is asked about. The
 * hook narrows what an agent does by mistake; the findings' remedies
 * (privmap fix) close the paths for good.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <jansson.h>

#include "watch/events.h"
#include "watch/hook.h"
#include "output/output.h"
#include "parse/cmdexec.h"
#include "lib/buf.h"
#include "lib/num.h"
#include "lib/xmalloc.h"
#include "lib/jget.h"

#define HOOK_MAX_REASONS	8	/* blocking reasons shown */

/* ---- the actions of a call ------------------------------------------ */

static struct hook_act *
act_new(struct hook_call *c, enum alog_act kind, const char *path)
{
	struct hook_act *a;
	size_t i;

	/* the same object once per kind */
	for (i = 0; path != NULL && kind != ALOG_EXEC && i < c->n; i++)
		if (c->v[i].kind == kind && c->v[i].path != NULL &&
		    strcmp(c->v[i].path, path) == 0)
			return NULL;
	if (c->n >= HOOK_MAX_ACTS) {
		if (c->incomplete == NULL)
			c->incomplete = "the call names more things than "
			    "privmap judges";
		return NULL;
	}
	c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
	a = &c->v[c->n++];
	memset(a, 0, sizeof *a);
	a->kind = kind;
	a->path = path ? xstrdup(path) : NULL;
	return a;
}

/* a path a tool takes: absolute, or relative to cwd when cwd is known */
static char *
abs_path(struct hook_call *c, const char *p, const char *cwd)
{
	if (p[0] == '/')
		return cx_path_fold("/", p);
	if (cwd == NULL) {
		if (c->incomplete == NULL)
			c->incomplete = "a relative path and no absolute cwd";
		return NULL;
	}
	return cx_path_fold(cwd, p);
}

static void
add_path(struct hook_call *c, enum alog_act kind, const char *p,
    const char *cwd, int tree)
{
	struct hook_act *a;
	char *ap;

	if (p == NULL || p[0] == '\0')
		return;
	if ((ap = abs_path(c, p, cwd)) == NULL)
		return;
	if ((a = act_new(c, kind, ap)) != NULL)
		a->tree = tree;
	free(ap);
}

/* "HOST:PORT" at the start of s (after a URL scheme, up to a '/'), with
 * HOST an address or localhost: a connect to a port */
static void
add_port(struct hook_call *c, const char *s)
{
	const char *p = strstr(s, "://"), *end, *colon, *hs, *he;
	char host[48];
	unsigned long port;
	struct hook_act *a;
	size_t i;

	p = p ? p + 3 : s;
	end = p + strcspn(p, "/?#");
	if (*p == '[') {
		hs = p + 1;
		he = memchr(hs, ']', (size_t)(end - hs));
		if (he == NULL || he + 1 >= end || he[1] != ':')
			return;
		colon = he + 1;
	} else {
		hs = p;
		colon = memchr(p, ':', (size_t)(end - p));
		if (colon == NULL || memchr(colon + 1, ':',
		    (size_t)(end - colon - 1)) != NULL)
			return;
		he = colon;
	}
	if (he == hs || (size_t)(he - hs) >= sizeof host ||
	    parse_ulong_n(colon + 1, (size_t)(end - colon - 1), 65535,
	    &port) != 0)
		return;
	memcpy(host, hs, (size_t)(he - hs));
	host[he - hs] = '\0';
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	if (strspn(host, "0123456789abcdefABCDEF.:") != strlen(host))
		return;
	for (i = 0; i < c->n; i++)
		if (c->v[i].kind == ALOG_CONNECT && c->v[i].path == NULL &&
		    c->v[i].port == port && strcmp(c->v[i].addr, host) == 0)
			return;
	if ((a = act_new(c, ALOG_CONNECT, NULL)) == NULL)
		return;
	snprintf(a->addr, sizeof a->addr, "%s", host);
	a->port = (unsigned)port;
}

/* bash(1) REDIRECTION: /dev/tcp/HOST/PORT opens a connection */
static int
dev_tcp(struct hook_call *c, const char *p)
{
	char *s;
	const char *host, *slash;

	if (strncmp(p, "/dev/tcp/", 9) != 0 && strncmp(p, "/dev/udp/", 9) != 0)
		return 0;
	host = p + 9;
	if ((slash = strchr(host, '/')) == NULL)
		return 0;
	s = host[0] == '[' ? xasprintf("%.*s:%s", (int)(slash - host), host,
	    slash + 1) : strchr(host, ':') && strchr(host, ':') < slash ?
	    xasprintf("[%.*s]:%s", (int)(slash - host), host, slash + 1) :
	    xasprintf("%.*s:%s", (int)(slash - host), host, slash + 1);
	add_port(c, s);
	free(s);
	return 1;
}

/* a path named where privmap cannot tell what is done with it (code for
 * an interpreter): judged as read, written and connected to */
static void
add_named(struct hook_call *c, const char *p, const char *cwd)
{
	char *ap;

	if (p[0] == '\0' || dev_tcp(c, p))
		return;
	if ((ap = abs_path(c, p, cwd)) == NULL)
		return;
	act_new(c, ALOG_READ, ap);
	act_new(c, ALOG_WRITE, ap);
	act_new(c, ALOG_CONNECT, ap);
	free(ap);
}

/*
 * Programs that change the files their arguments name (coreutils,
 * util-linux, the editors, archivers and copiers): their arguments are
 * judged as written too. Any other program's are read or connected to.
 */
static const char *const writers[] = {
	"cp", "mv", "install", "ln", "rm", "rmdir", "mkdir", "touch", "tee",
	"chmod", "chown", "chgrp", "truncate", "dd", "sed", "perl", "rsync",
	"tar", "unzip", "patch", "shred", "split", "sort", "setfacl",
	"setcap", "chattr", "scp", "curl", "wget", "vi", "vim", "nvim",
	"nano", "ed", "ex", "emacs", "sudoedit", "crontab", "ssh-keygen",
	"cpio", "git", "mkfifo", "mknod", "link", "unlink", "gzip", "gunzip",
	"xz", "zstd", "bzip2", "base64", "openssl", "awk", "gawk", "busybox",
	NULL,
};

static int
writes_args(const char *prog)
{
	const char *b = strrchr(prog, '/');
	size_t i;

	b = b ? b + 1 : prog;
	for (i = 0; writers[i] != NULL; i++)
		if (strcmp(b, writers[i]) == 0)
			return 1;
	return 0;
}

/* one argument of a command: a path if it has a '/' (a bare word may be
 * anything), or the value of an --opt=VALUE or NAME=VALUE; a port if it
 * reads HOST:PORT. The absolute paths judged go into seen. */
static void
add_word(struct hook_call *c, const char *w, const char *cwd, int writes,
    json_t *seen)
{
	const char *eq = strchr(w, '=');
	char *ap;

	if (w[0] == '-' || (eq != NULL && w[0] != '/' && w[0] != '.')) {
		if (eq == NULL)
			return;
		w = eq + 1;
	}
	add_port(c, w);
	if (strchr(w, '/') == NULL || strstr(w, "://") != NULL ||
	    dev_tcp(c, w) || (ap = abs_path(c, w, cwd)) == NULL)
		return;
	act_new(c, ALOG_READ, ap);
	act_new(c, ALOG_CONNECT, ap);
	if (writes)
		act_new(c, ALOG_WRITE, ap);
	json_object_set_new(seen, ap, json_true());
	free(ap);
}

/* Every absolute path written out in the command's text that no word,
 * program or redirection already names, quotes and all: code handed to
 * an interpreter ("open('/etc/x', 'w')") names paths no word is. A path
 * starts with '/' after a character that cannot be part of a name. */
static void
add_text_paths(struct hook_call *c, const char *s, size_t n, json_t *seen)
{
	static const char namech[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+@%~/";
	size_t i, j;
	char *p, *ap;

	for (i = 0; i < n; i++) {
		if (s[i] != '/' || (i > 0 && s[i - 1] != '\0' &&
		    strchr(namech, s[i - 1])))
			continue;
		for (j = i; j < n && s[j] != '\0' && strchr(namech, s[j]); j++)
			;
		p = xstrndup(s + i, j - i);
		ap = cx_path_fold("/", p);
		if (json_object_get(seen, ap) == NULL)
			add_named(c, p, NULL);
		free(ap);
		free(p);
		i = j;
	}
}

static void
bash_actions(struct hook_call *c, const char *cmd, size_t len,
    const char *cwd, const char *home)
{
	struct cx_opts o;
	struct cx_list l;
	struct hook_act *a;
	json_t *seen = json_object();
	size_t i, k;
	int w;

	memset(&o, 0, sizeof o);
	memset(&l, 0, sizeof l);
	o.cwd = cwd;
	o.home = home;
	l.args = 1;
	if (cx_shell(cmd, len, &o, &l) != 0 || l.incomplete)
		c->incomplete = l.why ? l.why :
		    "shell syntax privmap cannot follow";
	for (i = 0; i < l.n; i++) {
		const struct cx_item *it = &l.v[i];

		if (it->role == CX_REDIRECT) {
			if (it->path == NULL || dev_tcp(c, it->path))
				continue;
			act_new(c, it->redir_out ? ALOG_WRITE : ALOG_READ,
			    it->path);
			json_object_set_new(seen, it->path, json_true());
			continue;
		}
		if (it->role != CX_PROGRAM)
			continue;
		a = act_new(c, ALOG_EXEC, it->bare ? it->word : it->path);
		if (a != NULL && it->argc > 0) {
			a->argv = xcalloc(it->argc + 1, sizeof *a->argv);
			for (k = 0; k < it->argc; k++)
				a->argv[k] = xstrdup(it->argv[k]);
			a->argc = it->argc;
		}
		if (!it->bare && it->path != NULL)
			json_object_set_new(seen, it->path, json_true());
		w = writes_args(it->word);
		for (k = 1; k < it->argc; k++)
			add_word(c, it->argv[k], it->cwd, w, seen);
	}
	cx_list_free(&l);
	add_text_paths(c, cmd, len, seen);
	json_decref(seen);
}

/* ---- the input ------------------------------------------------------ */

/* what hook_parse filled */
void
hook_call_free(struct hook_call *c)
{
	size_t i, k;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].path);
		for (k = 0; k < c->v[i].argc; k++)
			free(c->v[i].argv[k]);
		free(c->v[i].argv);
	}
	free(c->v);
	free(c->tool);
	memset(c, 0, sizeof *c);
}

/* one PreToolUse input into the actions of its call */
int
hook_parse(const char *buf, size_t len, const char *home,
    struct hook_call *c, const char **why)
{
	json_error_t jerr;
	json_t *doc, *in;
	const char *tool, *ev, *cwd, *p;
	int bad = 0, rv = -1;

	memset(c, 0, sizeof *c);
	if (len > HOOK_MAX_INPUT) {
		*why = "the input is larger than privmap reads";
		return -1;
	}
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL || !json_is_object(doc)) {
		*why = doc == NULL ? "the input is not JSON (or has a key "
		    "twice)" : "the input is not a JSON object";
		goto out;
	}
	ev = jget_str(doc, "hook_event_name", &bad);
	tool = jget_str(doc, "tool_name", &bad);
	cwd = jget_str(doc, "cwd", &bad);
	in = json_object_get(doc, "tool_input");
	if (bad) {
		*why = "hook_event_name, tool_name or cwd is not a string";
		goto out;
	}
	if (ev != NULL && strcmp(ev, "PreToolUse") != 0) {
		*why = "not a PreToolUse event (hook_event_name)";
		goto out;
	}
	if (tool == NULL || tool[0] == '\0') {
		*why = "the input has no tool_name";
		goto out;
	}
	c->tool = xstrdup(tool);
	/* cwd only resolves relative paths; it is never judged itself */
	if (cwd != NULL && cwd[0] != '/')
		cwd = NULL;
	if (strcmp(tool, "Bash") == 0) {
		if (!json_is_object(in) ||
		    (p = jget_str(in, "command", &bad)) == NULL || bad) {
			*why = "a Bash call without tool_input.command";
			goto out;
		}
		bash_actions(c, p, json_string_length(json_object_get(in,
		    "command")), cwd, home);
	} else if (strcmp(tool, "Read") == 0 || strcmp(tool, "Write") == 0 ||
	    strcmp(tool, "Edit") == 0 || strcmp(tool, "MultiEdit") == 0 ||
	    strcmp(tool, "NotebookEdit") == 0) {
		const char *key = strcmp(tool, "NotebookEdit") == 0 ?
		    "notebook_path" : "file_path";

		if (!json_is_object(in) ||
		    (p = jget_str(in, key, &bad)) == NULL || bad ||
		    p[0] == '\0') {
			*why = "a file tool call without its path in "
			    "tool_input (file_path, notebook_path)";
			goto out;
		}
		/* Write replaces a file; the editors read it first */
		if (strcmp(tool, "Read") != 0)
			add_path(c, ALOG_WRITE, p, cwd, 0);
		if (strcmp(tool, "Write") != 0)
			add_path(c, ALOG_READ, p, cwd, 0);
	} else if (strcmp(tool, "Glob") == 0 || strcmp(tool, "Grep") == 0 ||
	    strcmp(tool, "LS") == 0) {
		if (!json_is_object(in)) {
			*why = "a search tool call without tool_input";
			goto out;
		}
		p = jget_str(in, "path", &bad);
		if (bad) {
			*why = "tool_input.path is not a string";
			goto out;
		}
		/* no path: the cwd, which is never judged. Grep reads the
		 * files under its path; Glob and LS list names */
		add_path(c, ALOG_READ, p, cwd, strcmp(tool, "Grep") == 0);
	} else if (strcmp(tool, "WebFetch") == 0) {
		if (json_is_object(in) &&
		    (p = jget_str(in, "url", &bad)) != NULL)
			add_port(c, p);
	}
	/* any other tool (WebSearch, Task, MCP tools...): nothing the
	 * policy's actions name */
	rv = 0;
out:
	json_decref(doc);
	return rv;
}

/* ---- judging -------------------------------------------------------- */

static void
act_event(const struct hook_act *a, struct alog_event *e,
    struct alog_action *aa)
{
	memset(e, 0, sizeof *e);
	memset(aa, 0, sizeof *aa);
	e->has_syscall = 1;
	e->success = -1;
	e->syscall = -1;
	e->machine = -1;
	e->sa.family = -1;
	e->argv = a->argv;
	e->argc = a->argc;
	e->has_execve = a->argv != NULL;
	aa->kind = a->kind;
	aa->path = a->path;
	if (a->kind == ALOG_CONNECT && a->path == NULL) {
		e->has_sockaddr = 1;
		e->sa.family = strchr(a->addr, ':') ? AF_INET6 : AF_INET;
		snprintf(e->sa.addr, sizeof e->sa.addr, "%s", a->addr);
		e->sa.port = a->port;
	} else if (a->kind == ALOG_CONNECT) {
		e->has_sockaddr = 1;
		e->sa.family = AF_UNIX;
		e->sa.path = a->path;
	}
}

static void
act_text(struct buf *b, const struct hook_act *a)
{
	static const char *const verbs[] = {
		[ALOG_EXEC] = "run", [ALOG_WRITE] = "write",
		[ALOG_READ] = "read", [ALOG_CONNECT] = "connect to",
	};

	buf_printf(b, "%s ", a->kind < sizeof verbs / sizeof verbs[0] &&
	    verbs[a->kind] ? verbs[a->kind] : "reach");
	if (a->path != NULL)
		events_text(b, a->path, 200);
	else
		buf_printf(b, "%s:%u", a->addr, a->port);
}

static int
read_all(int fd, struct buf *b, const char **why)
{
	char chunk[65536];
	ssize_t got;

	for (;;) {
		got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*why = "cannot read standard input";
			return -1;
		}
		if (got == 0)
			return 0;
		if (b->len + (size_t)got > HOOK_MAX_INPUT) {
			*why = "the input is larger than privmap reads";
			return -1;
		}
		buf_add(b, chunk, (size_t)got);
	}
}

/* privmap hook claude-code: the exit status Claude Code acts on */
int
hook_claude_run(const char *policy_path, int fd, FILE *out, FILE *err)
{
	struct replay_policy *rp = NULL;
	struct hook_call c;
	struct buf in = { 0 }, why = { 0 }, one = { 0 };
	const char *msg = NULL;
	size_t i, nblock = 0, nask = 0;
	int rv = 2;

	memset(&c, 0, sizeof c);
	if (read_all(fd, &in, &msg) != 0 ||
	    hook_parse(in.data ? in.data : "", in.len, getenv("HOME"), &c,
	    &msg) != 0) {
		fprintf(err, "privmap hook: blocked: %s; privmap cannot judge "
		    "this call\n", msg);
		goto out;
	}
	if ((rp = replay_policy_load(policy_path, &msg)) == NULL) {
		fprintf(err, "privmap hook: blocked: %s: %s; every call is "
		    "blocked until the policy can be read\n", policy_path,
		    msg);
		goto out;
	}
	for (i = 0; i < c.n; i++) {
		struct alog_event e;
		struct alog_action aa;
		enum replay_verdict v;

		act_event(&c.v[i], &e, &aa);
		one.len = 0;
		v = replay_judge(rp, &e, &aa, c.v[i].tree, &one);
		if (v == REPLAY_ALLOW)
			continue;
		if (v == REPLAY_BLOCK && nblock++ >= HOOK_MAX_REASONS)
			continue;
		if (v == REPLAY_ASK && (nblock > 0 || nask++ >=
		    HOOK_MAX_REASONS))
			continue;
		if (v == REPLAY_BLOCK && nblock == 1)
			why.len = 0;	/* a block says only why it blocks */
		buf_adds(&why, "  ");
		act_text(&why, &c.v[i]);
		buf_adds(&why, ": ");
		buf_add(&why, one.data, one.len);
	}
	if (nblock > 0) {
		fprintf(err, "privmap hook: blocked %s: the privmap policy %s "
		    "denies it (privmap found the user can use this to become "
		    "root or reach what root holds):\n%s", c.tool,
		    policy_path, buf_str(&why));
		if (nblock > HOOK_MAX_REASONS)
			fprintf(err, "  ... and %zu more\n",
			    nblock - HOOK_MAX_REASONS);
		goto out;
	}
	if (nask > 0 || c.incomplete != NULL) {
		json_t *o = json_object(), *h = json_object();
		char *s;

		one.len = 0;
		buf_adds(&one, "privmap policy: ");
		if (nask > 0)
			buf_add(&one, why.data, why.len);
		else
			buf_printf(&one, "privmap cannot follow this call "
			    "(%s)", c.incomplete);
		json_object_set_new(h, "hookEventName",
		    json_string("PreToolUse"));
		json_object_set_new(h, "permissionDecision",
		    json_string("ask"));
		json_object_set_new(h, "permissionDecisionReason",
		    output_jstr(buf_str(&one)));
		json_object_set_new(o, "hookSpecificOutput", h);
		s = json_dumps(o, JSON_COMPACT);
		json_decref(o);
		if (s == NULL || fprintf(out, "%s\n", s) < 0 ||
		    fflush(out) != 0) {
			fprintf(err, "privmap hook: blocked: cannot write the "
			    "decision\n");
			free(s);
			goto out;
		}
		free(s);
	}
	rv = 0;
out:
	replay_policy_free(rp);
	hook_call_free(&c);
	buf_free(&in);
	buf_free(&why);
	buf_free(&one);
	return rv;
}
