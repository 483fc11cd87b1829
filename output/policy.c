/*
 * policy.c: agent policies from a report's deny entries (deny.h), in
 * three dialects:
 *
 * - generic: privmap.policy/1, a versioned JSON document (its JSON Schema
 *   is docs/policy.schema.json) stating the agent's envelope in
 *   side-effect classes, with one deny entry per finding and target, each
 *   with its reason and finding id;
 * - claude-code: a settings.json fragment whose permissions.deny rules a
 *   user merges into their settings, and optionally a PreToolUse hook;
 * - codex: a config.toml fragment that keeps the agent in its workspace
 *   with the network off, and a rules file of forbidden command prefixes
 *   (two files: POLICY_CODEX and POLICY_CODEX_RULES; the command line puts
 *   the rules beside the config, see policy_codex_rules_path()).
 *
 * It reads only the report and must give the same bytes for the same
 * report. What a dialect cannot express is said in a comment (TOML,
 * Starlark) or left to the hook, never silently widened.
 */
#include <stdlib.h>
#include <string.h>

#include "known/closes.h"
#include "output/deny.h"
#include "output/output.h"
#include "lib/buf.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"
#include "lib/str.h"

static const char *const format_names[] = {
	"generic", "claude-code", "codex", "codex-rules", "systemd", "docker",
	"compose", "seccomp", "bwrap", NULL,
};

int
policy_format_parse(const char *name)
{
	int i;

	for (i = 0; format_names[i] != NULL; i++)
		if (strcmp(name, format_names[i]) == 0)
			return i;
	return -1;
}

char *
policy_codex_rules_path(const char *path)
{
	size_t n = strlen(path);

	if (strcmp(path, "-") == 0)
		return xstrdup("privmap.rules");
	if (n > 5 && strcmp(path + n - 5, ".toml") == 0)
		return xasprintf("%.*s.rules", (int)(n - 5), path);
	return xasprintf("%s.rules", path);
}

/* ---- side-effect classes -------------------------------------------- */

enum cls {
	CLS_READ_STATE, CLS_WRITE_STATE, CLS_EXFILTRATE, CLS_ESCALATE,
	CLS_NETWORK, CLS_MODIFY_SELF, CLS_COUNT,
};

static const struct {
	const char	*name;
	const char	*def;		/* the envelope's default */
	const char	*text;
} classes[CLS_COUNT] = {
	{ "read-state", "allow",
	    "reading files and system state; denied: the paths below" },
	{ "write-state", "allow",
	    "changing files and system state; denied: the paths below" },
	{ "exfiltrate", "allow",
	    "reading secrets that could leave the machine; denied: the "
	    "credentials below" },
	{ "escalate", "deny",
	    "becoming root or another user: never part of an agent's task" },
	{ "network", "allow",
	    "connecting to sockets and ports; denied: the runtime sockets and "
	    "privileged local services below" },
	{ "modify-self", "ask",
	    "changing the agent's own startup files, settings or policy" },
};

static unsigned
deny_classes(const struct deny *d)
{
	const char *fam = d->f->family;

	switch (d->action) {
	case DENY_WRITE:
		return 1u << CLS_WRITE_STATE | 1u << CLS_ESCALATE |
		    (known_family_is_own_startup(fam) ?
		    1u << CLS_MODIFY_SELF : 0);
	case DENY_READ:
		return 1u << CLS_READ_STATE | 1u << CLS_EXFILTRATE |
		    (known_family_reads_secrets(fam) ? 0 : 1u << CLS_ESCALATE);
	case DENY_CONNECT:
	case DENY_PORT:
		return 1u << CLS_NETWORK | 1u << CLS_ESCALATE;
	case DENY_EXEC:
	case DENY_GROUP:
	default:
		return 1u << CLS_ESCALATE;
	}
}

static int
dump(json_t *doc, FILE *fp, const char **why)
{
	return output_json_doc(fp, doc, JSON_INDENT(2), why);
}

/* A deny entry of the generic policy, sorted by action, target and
 * finding id as written (valid UTF-8), before any is made into JSON. */
struct gen_ent {
	const struct deny	*d;
	json_t			*target, *finding; /* output_jtext() of each */
};

struct gen_ctx {
	struct gen_ent	*v;
};

static int
cmp_gen_ent(const void *a, const void *b)
{
	const struct gen_ent *x = a, *y = b;
	int c;

	if ((c = strcmp(deny_action_name(x->d->action),
	    deny_action_name(y->d->action))) != 0)
		return c;
	if ((c = strcmp(json_string_value(x->target),
	    json_string_value(y->target))) != 0)
		return c;
	return strcmp(json_string_value(x->finding),
	    json_string_value(y->finding));
}

static json_t *
gen_entry(size_t i, void *arg)
{
	const struct gen_ent *g = &((struct gen_ctx *)arg)->v[i];
	const struct deny *d = g->d;
	json_t *e = json_object(), *cl = json_array();
	unsigned m = deny_classes(d);
	size_t c;

	json_object_set_new(e, "action", json_string(deny_action_name(
	    d->action)));
	json_object_set(e, "target", g->target);
	for (c = 0; c < CLS_COUNT; c++)
		if (m & 1u << c)
			json_array_append_new(cl, json_string(classes[c].name));
	json_object_set_new(e, "classes", cl);
	json_object_set(e, "finding", g->finding);
	json_object_set_new(e, "check", output_jtext(d->f->check));
	json_object_set_new(e, "family", output_jtext(d->f->family));
	json_object_set_new(e, "severity", json_string(severity_name(
	    d->f->sev)));
	json_object_set_new(e, "reason", output_jtext(d->f->title));
	json_object_set_new(e, "derived", json_boolean(d->derived));
	return e;
}

static int
policy_generic(const struct report *rep, FILE *fp, const char **why)
{
	json_t *doc = json_object(), *tgt, *user, *env;
	struct deny *d = NULL;
	struct gen_ctx g;
	size_t n, i, c, count[CLS_COUNT] = { 0 };
	int rv;

	n = deny_collect(rep, &d);
	g.v = xcalloc(n ? n : 1, sizeof *g.v);
	for (i = 0; i < n; i++) {
		unsigned m = deny_classes(&d[i]);

		g.v[i].d = &d[i];
		g.v[i].target = output_jtext(d[i].target);
		g.v[i].finding = output_jtext(d[i].f->id);
		for (c = 0; c < CLS_COUNT; c++)
			if (m & 1u << c)
				count[c]++;
	}
	if (n > 1)
		qsort(g.v, n, sizeof *g.v, cmp_gen_ent);

	json_object_set_new(doc, "schema", json_string("privmap.policy/1"));
	{
		json_t *gen = json_object();

		json_object_set_new(gen, "name", json_string("privmap"));
		json_object_set_new(gen, "version",
		    json_string(PACKAGE_VERSION));
		json_object_set_new(doc, "generator", gen);
	}
	tgt = json_object();
	json_object_set_new(tgt, "kind", output_jtext(rep->kind));
	json_object_set_new(tgt, "root", output_jtext(rep->root));
	user = json_object();
	json_object_set_new(user, "name", rep->user_name ?
	    output_jtext(rep->user_name) : json_null());
	json_object_set_new(user, "uid", json_integer(rep->uid));
	json_object_set_new(tgt, "user", user);
	json_object_set_new(doc, "target", tgt);
	env = json_object();
	for (c = 0; c < CLS_COUNT; c++) {
		json_t *o = json_object();

		json_object_set_new(o, "default", json_string(classes[c].def));
		json_object_set_new(o, "description",
		    json_string(classes[c].text));
		json_object_set_new(o, "deny", json_integer((json_int_t)count[c]));
		json_object_set_new(env, classes[c].name, o);
	}
	json_object_set_new(doc, "envelope", env);
	/* the entries are made as they are written: 200k of them as JSON
	 * values at once would take most of a gigabyte */
	rv = output_json_doc_array(fp, doc, JSON_INDENT(2), "deny", n,
	    gen_entry, &g, why);
	json_decref(doc);
	for (i = 0; i < n; i++) {
		json_decref(g.v[i].target);
		json_decref(g.v[i].finding);
	}
	free(g.v);
	deny_free(d, n);
	return rv;
}

/* ---- shared helpers for command-based dialects ---------------------- */

/*
 * The command-line clients of the runtimes whose sockets and groups the
 * report contract names (docker, containerd, podman, cri-o, buildkit,
 * lxd, libvirt): denying a socket or group also denies the tool that
 * speaks to it.
 */
static const struct {
	const char	*socket;	/* the socket's file name */
	const char	*group;		/* or the group that grants it */
	const char	*tools[3];
} runtime_tools[] = {
	{ "docker.sock", "docker", { "docker", "docker-compose", NULL } },
	{ "containerd.sock", NULL, { "ctr", "nerdctl", NULL } },
	{ "podman.sock", NULL, { "podman", NULL, NULL } },
	{ "crio.sock", NULL, { "crictl", NULL, NULL } },
	{ "buildkitd.sock", NULL, { "buildctl", NULL, NULL } },
	{ "unix.socket", "lxd", { "lxc", NULL, NULL } },
	{ NULL, "lxc", { "lxc", NULL, NULL } },
	{ "libvirt-sock", "libvirt", { "virsh", NULL, NULL } },
	{ NULL, NULL, { NULL, NULL, NULL } },
};

static void
tools_for(const struct deny *d, const char *out[4])
{
	const char *base;
	size_t i, j, k = 0;

	out[0] = NULL;
	for (i = 0; runtime_tools[i].tools[0] != NULL && k == 0; i++) {
		if (d->action == DENY_CONNECT && runtime_tools[i].socket) {
			base = strrchr(d->target, '/');
			base = base ? base + 1 : d->target;
			if (strcmp(base, runtime_tools[i].socket) != 0)
				continue;
		} else if (d->action == DENY_GROUP && runtime_tools[i].group) {
			if (strcmp(d->target, runtime_tools[i].group) != 0)
				continue;
		} else
			continue;
		for (j = 0; j < 3 && runtime_tools[i].tools[j]; j++)
			out[k++] = runtime_tools[i].tools[j];
	}
	out[k] = NULL;
}

/* printable ASCII other than the quote and backslash a token is put in */
static int
plain_token(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* a group name a command line can carry unquoted */
static int
plain_name(const char *s)
{
	if (*s == '\0' || *s == '-')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
		    *s == '.'))
			return 0;
	return 1;
}

/* ---- claude-code ---------------------------------------------------- */

/*
 * Claude Code permission rules (https://code.claude.com/docs/en/permissions):
 * "Tool" or "Tool(specifier)" strings in permissions.deny; deny is checked
 * before ask and allow and always wins. Read(...) and Edit(...) take
 * gitignore-style patterns where "//path" is an absolute filesystem path
 * (a single leading "/" is relative to the settings file); Edit rules
 * cover every built-in tool that edits files. Bash(...) matches the
 * command line, "*" matching any characters. WebFetch(domain:HOST) denies
 * fetches from a host. The settings schema is the SchemaStore one the
 * docs point to.
 */

/* a path in a gitignore pattern: "*?[\" escaped (gitignore(5)); NULL if
 * it holds characters a rule cannot carry (controls, parentheses) */
static char *
claude_path(const char *p)
{
	struct buf b = { 0 };

	if (p[0] != '/')
		return NULL;
	for (; *p; p++) {
		if ((unsigned char)*p < ' ' || *p == 0x7f || *p == '(' ||
		    *p == ')') {
			buf_free(&b);
			return NULL;
		}
		if (*p == '*' || *p == '?' || *p == '[' || *p == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	return buf_str(&b);
}

/* a Bash rule cannot escape "*": such a path gets no Bash rule */
static int
claude_cmd_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f || *s == '(' ||
		    *s == ')' || *s == '*')
			return 0;
	return 1;
}

static void
add_rule(json_t *set, const char *fmt, const char *a, const char *b)
{
	char *s = xasprintf(fmt, a, b ? b : "");

	json_object_set_new(set, s, json_true());
	free(s);
}

/* a deny entry no rule names in full, for "$comment" */
static void
unexpressed(json_t *set, const struct deny *d)
{
	char *x = output_xescape(d->target);
	char *s = xasprintf("%s %s", deny_action_name(d->action), x);

	json_object_set_new(set, s, json_true());
	free(s);
	free(x);
}

/* the keys of a set of strings, sorted, joined by sep, into b */
static void
join_sorted(struct buf *b, json_t *set, const char *sep)
{
	const char **keys = xcalloc(json_object_size(set) + 1, sizeof *keys);
	const char *key;
	json_t *v;
	size_t k = 0, i;

	json_object_foreach(set, key, v)
		keys[k++] = key;
	if (k > 1)
		qsort(keys, k, sizeof *keys, cmp_strp);
	for (i = 0; i < k; i++)
		buf_printf(b, "%s%s", i ? sep : "", keys[i]);
	free(keys);
}

/* set's rules into the array deny, sorted: the same rules in the same
 * order whatever the findings' order */
static void
claude_sorted(json_t *set, json_t *deny)
{
	const char **keys = xcalloc(json_object_size(set) + 1, sizeof *keys);
	const char *key;
	json_t *v;
	size_t k = 0, i;

	json_object_foreach(set, key, v)
		keys[k++] = key;
	if (k > 1)
		qsort(keys, k, sizeof *keys, cmp_strp);
	for (i = 0; i < k; i++)
		json_array_append_new(deny, json_string(keys[i]));
	free(keys);
}

/* the deny entries no rule can name, in the settings' $comment */
static void
claude_unexpressed(json_t *doc, json_t *unx)
{
	struct buf c = { 0 };

	if (json_object_size(unx) == 0)
		return;
	/* never dropped silently: a rule cannot carry parentheses,
	 * controls, "*" in a Bash pattern or bytes that are not
	 * UTF-8; the hook judges these entries from the policy */
	buf_adds(&c, "privmap: deny entries no permission rule can "
	    "name in full (parentheses, control characters, '*' or "
	    "bytes that are not UTF-8), left to the PreToolUse hook "
	    "(privmap policy --policy-hook): ");
	join_sorted(&c, unx, "; ");
	json_object_set_new(doc, "$comment", output_jstr_asis(buf_str(&c)));
	buf_free(&c);
}

/*
 * The PreToolUse hook that runs privmap hook on each tool call. A
 * PreToolUse hook (https://code.claude.com/docs/en/hooks) gets the tool
 * call as JSON on stdin; exit status 2 blocks the call and shows stderr to
 * the model. Path rules do not see a command that reaches a path through a
 * wrapper or a script: privmap hook reads the command as replay reads a
 * logged one, against the generic policy. The matcher names the tools it
 * judges.
 */
static void
claude_hook(json_t *doc, const struct policy_hook *hook)
{
	struct buf cmd = { 0 };
	json_t *hooks = json_object(), *pre = json_array();
	json_t *m = json_object(), *hl = json_array(), *h = json_object();

	if (hook->program != NULL)
		output_sh_quote(&cmd, hook->program);
	else
		buf_adds(&cmd, "privmap");
	buf_adds(&cmd, " hook claude-code --policy ");
	if (hook->policy != NULL)
		output_sh_quote(&cmd, hook->policy);
	else
		buf_adds(&cmd, "\"$HOME\"/.claude/privmap-policy.json");
	json_object_set_new(h, "type", json_string("command"));
	json_object_set_new(h, "command", output_jstr_asis(buf_str(&cmd)));
	json_array_append_new(hl, h);
	json_object_set_new(m, "matcher", json_string("Bash|Read|Write|"
	    "Edit|MultiEdit|NotebookEdit|Glob|Grep|LS|WebFetch"));
	json_object_set_new(m, "hooks", hl);
	json_array_append_new(pre, m);
	json_object_set_new(hooks, "PreToolUse", pre);
	json_object_set_new(doc, "hooks", hooks);
	buf_free(&cmd);
}

static int
policy_claude(const struct report *rep, FILE *fp,
    const struct policy_hook *hook, const char **why)
{
	json_t *doc = json_object(), *perms = json_object(), *deny = json_array();
	json_t *set = json_object(), *unx = json_object();
	struct deny *d = NULL;
	const char *tools[4];
	size_t n, i, j;
	int rv;

	n = deny_collect(rep, &d);
	for (i = 0; i < n; i++) {
		const char *t = d[i].target, *base;
		char *cp;
		int cmd;

		/* a rule made valid UTF-8 would name another path */
		if (!output_utf8_valid(t, strlen(t))) {
			unexpressed(unx, &d[i]);
			continue;
		}
		cp = claude_path(t);
		cmd = claude_cmd_ok(t);

		switch (d[i].action) {
		case DENY_WRITE:
		case DENY_READ:
			if (cp != NULL) {
				const char *tool = d[i].action == DENY_WRITE ?
				    "Edit" : "Read";

				if (strcmp(cp, "/") == 0)	/* all of it */
					add_rule(set, "%s(//**)", tool, NULL);
				else {
					add_rule(set, "%s(/%s)", tool, cp);
					add_rule(set, "%s(/%s/**)", tool, cp);
				}
			}
			if (cmd && t[0] == '/')
				add_rule(set, "Bash(*%s*)", t, NULL);
			if (cp == NULL || !cmd)
				unexpressed(unx, &d[i]);
			break;
		case DENY_EXEC:
			if (cmd && t[0] == '/') {
				add_rule(set, "Bash(%s *)", t, NULL);
				base = strrchr(t, '/') + 1;
				if (*base && strchr(base, ' ') == NULL)
					add_rule(set, "Bash(%s *)", base, NULL);
			} else
				unexpressed(unx, &d[i]);
			break;
		case DENY_CONNECT:
			if (cp != NULL) {
				add_rule(set, "Read(/%s)", cp, NULL);
				add_rule(set, "Edit(/%s)", cp, NULL);
			}
			if (cmd && t[0] == '/')
				add_rule(set, "Bash(*%s*)", t, NULL);
			if (cp == NULL || !cmd)
				unexpressed(unx, &d[i]);
			tools_for(&d[i], tools);
			for (j = 0; tools[j]; j++)
				add_rule(set, "Bash(%s *)", tools[j], NULL);
			break;
		case DENY_GROUP:
			if (plain_name(t)) {
				add_rule(set, "Bash(sg %s *)", t, NULL);
				add_rule(set, "Bash(newgrp %s*)", t, NULL);
			} else
				unexpressed(unx, &d[i]);
			tools_for(&d[i], tools);
			for (j = 0; tools[j]; j++)
				add_rule(set, "Bash(%s *)", tools[j], NULL);
			break;
		case DENY_PORT:
			if (cmd) {
				const char *colon = strrchr(t, ':');

				add_rule(set, "Bash(*%s*)", t, NULL);
				if (colon != NULL && colon[1] != '\0')
					add_rule(set, "Bash(*localhost%s*)",
					    colon, NULL);
			} else
				unexpressed(unx, &d[i]);
			add_rule(set, "WebFetch(domain:%s)", "localhost", NULL);
			add_rule(set, "WebFetch(domain:%s)", "127.0.0.1", NULL);
			break;
		default:
			break;
		}
		free(cp);
	}
	claude_sorted(set, deny);
	json_object_set_new(doc, "$schema",
	    json_string("https://json.schemastore.org/claude-code-settings.json"));
	claude_unexpressed(doc, unx);
	json_object_set_new(perms, "deny", deny);
	json_object_set_new(doc, "permissions", perms);

	if (hook != NULL)
		claude_hook(doc, hook);
	rv = dump(doc, fp, why);
	json_decref(doc);
	json_decref(set);
	json_decref(unx);
	deny_free(d, n);
	return rv;
}

/* the claude-code settings with the hook's command as given */
int
output_policy_claude(const struct report *rep, FILE *fp,
    const struct policy_hook *hook, const char **why)
{
	return policy_claude(rep, fp, hook, why);
}

/* ---- codex ---------------------------------------------------------- */

/* the target line both Codex files open with */
static void
codex_target(struct buf *b, const struct report *rep)
{
	buf_adds(b, "# target: ");
	output_target(b, rep);
	buf_adds(b, "\n");
}

/*
 * Codex settings, keys and values as Codex CLI 0.171 (npm @openai/codex)
 * loads them (https://developers.openai.com/codex/config-reference and
 * "Sandbox and approvals" in
 * https://developers.openai.com/codex/agent-approvals-security):
 * sandbox_mode "workspace-write" lets commands write only in the
 * workspace; [sandbox_workspace_write] network_access = false keeps them
 * off the network, and on Linux the sandbox then refuses connect() on
 * every socket, local ones included, and runs commands with no_new_privs,
 * so a setuid program gains nothing (codex-rs/linux-sandbox/src/seccomp.rs
 * of github.com/openai/codex). approval_policy "on-request": the model
 * asks the user before a command leaves the sandbox; 0.171 refuses the
 * former "untrusted" ("no longer supported"). allow_login_shell = true:
 * Codex runs each of the agent's commands as SHELL -lc SCRIPT
 * (codex-rs/core/src/shell.rs), never SHELL -c, which the rules file
 * forbids.
 */
static int
policy_codex(const struct report *rep, FILE *fp, const char **why)
{
	struct buf b = { 0 };
	struct deny *d = NULL;
	size_t n, i, nread = 0;
	int rv;

	n = deny_collect(rep, &d);
	buf_adds(&b, "# privmap agent policy for Codex: settings to merge into"
	    " ~/.codex/config.toml\n# (keys: https://developers.openai.com/"
	    "codex/config-reference; loaded by\n# Codex CLI 0.171). The "
	    "rules file written with it (NAME.rules beside NAME.toml,\n# or "
	    "./privmap.rules) goes to ~/.codex/rules/privmap.rules.\n");
	codex_target(&b, rep);
	buf_adds(&b, "\n# Commands the agent runs may write only inside its "
	    "workspace; one that needs\n# more asks the user first.\n"
	    "sandbox_mode = \"workspace-write\"\n"
	    "approval_policy = \"on-request\"\n"
	    "# Codex runs each command as SHELL -lc SCRIPT; the rules file "
	    "forbids a nested\n# SHELL -c, which must not be Codex's own.\n"
	    "allow_login_shell = true\n\n[sandbox_workspace_write]\n"
	    "# No network from the sandbox: on Linux it also refuses "
	    "connect() to the local\n# sockets and ports privmap found, and "
	    "runs commands with no_new_privs, so a\n# setuid program gains "
	    "nothing there.\nnetwork_access = false\n");
	if (n > 0)
		buf_adds(&b, "\n# What these settings close, by finding:\n");
	for (i = 0; i < n; i++) {
		if (d[i].action == DENY_READ) {
			nread++;
			continue;
		}
		buf_adds(&b, "#   ");
		output_comment(&b, d[i].f->id, 40);
		buf_printf(&b, " %s %s ", severity_name(d[i].f->sev),
		    deny_action_name(d[i].action));
		output_comment(&b, d[i].target, 200);
		buf_adds(&b, d[i].action == DENY_WRITE ? " (sandbox)\n" :
		    d[i].action == DENY_CONNECT || d[i].action == DENY_PORT ?
		    " (network off)\n" : " (rules file)\n");
	}
	if (nread > 0) {
		buf_adds(&b, "\n# NOT closed here: Codex's sandbox lets commands"
		    " read anywhere. Remove\n# these reads with the "
		    "remediation script (privmap fix):\n");
		for (i = 0; i < n; i++) {
			if (d[i].action != DENY_READ)
				continue;
			buf_adds(&b, "#   ");
			output_comment(&b, d[i].f->id, 40);
			buf_printf(&b, " %s read ", severity_name(d[i].f->sev));
			output_comment(&b, d[i].target, 200);
			buf_adds(&b, "\n");
		}
	}
	rv = output_write(fp, b.data, b.len, why);
	buf_free(&b);
	deny_free(d, n);
	return rv;
}

/*
 * Codex rules (https://developers.openai.com/codex/rules; the language is
 * codex-rs/execpolicy/README.md of github.com/openai/codex): a Starlark
 * file of prefix_rule(pattern, decision, justification) calls, read from
 * ~/.codex/rules/. A pattern matches a command whose first words are
 * exactly its elements, an element that is a list matching any one of its
 * strings; there is no wildcard. The most restrictive matching rule wins.
 * Codex checks each simple command of the SHELL -lc SCRIPT it runs for
 * the agent (the script itself when it cannot split it) and matches an
 * absolute program path against the rules for its base name
 * (codex-rs/core/src/exec_policy.rs); `codex execpolicy check` does that
 * only with --resolve-host-executables, so the rules also spell each
 * program out in the standard directories (_DIRS).
 */

/* the standard PATH directories (Debian's default PATH for root) */
static const char codex_dirs[] =
    "[\"/usr/local/sbin\", \"/usr/local/bin\", \"/usr/sbin\", \"/usr/bin\","
    " \"/sbin\", \"/bin\"]";

/* shells the rules know, by base name: -c starts one on a script */
static const char *const codex_shells[] = {
	"sh", "bash", "dash", "ash", "ksh", "mksh", "zsh", "fish", NULL,
};

struct cprog {
	char			*key;	/* kind, NUL-free '\x1f', name */
	char			 kind;	/* 'g' group, 'p' program, 'x' path */
	const char		*name;	/* group or program base name */
	const char		*path;	/* 'x': the program's own path */
	const struct finding	*f;
	size_t			 more;
};

/* the programs so far; seen maps each one's key to its index in v */
struct cprogs {
	struct cprog	*v;
	size_t		 n, cap;
	struct strmap	 seen;
};

static void
cprog_add(struct cprogs *cs, const struct finding *f, char kind,
    const char *name, const char *path)
{
	char *key = xasprintf("%c\x1f%s", kind, kind == 'x' ? path : name);
	struct cprog *c;
	size_t i;

	if (strmap_get(&cs->seen, key, strlen(key), &i)) {
		if (cs->v[i].f != f)
			cs->v[i].more++;
		free(key);
		return;
	}
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 16;
		cs->v = xreallocarray(cs->v, cs->cap, sizeof *cs->v);
	}
	strmap_adds(&cs->seen, key, cs->n, NULL);
	c = &cs->v[cs->n++];
	c->key = key;
	c->kind = kind;
	c->name = name;
	c->path = path;
	c->f = f;
	c->more = 0;
}

static int
cmp_cprog(const void *a, const void *b)
{
	return strcmp(((const struct cprog *)a)->key,
	    ((const struct cprog *)b)->key);
}

/* a program privmap forbids by its exec target: by name when it is in a
 * standard directory, else by its path (and its name) */
static void
cprog_exec(struct cprogs *cs, const struct finding *f, const char *t)
{
	static const char *const dirs[] = {
		"/usr/local/sbin/", "/usr/local/bin/", "/usr/sbin/",
		"/usr/bin/", "/sbin/", "/bin/", NULL,
	};
	const char *base = strrchr(t, '/');
	size_t i;

	if (t[0] != '/' || base == NULL || !plain_name(++base))
		base = NULL;
	for (i = 0; base && dirs[i]; i++)
		if (strlen(dirs[i]) == (size_t)(base - t) &&
		    strncmp(t, dirs[i], (size_t)(base - t)) == 0) {
			cprog_add(cs, f, 'p', base, NULL);
			return;
		}
	if (t[0] == '/' && plain_token(t))
		cprog_add(cs, f, 'x', base, t);
}

static int
is_shell(const char *name)
{
	size_t i;

	for (i = 0; name && codex_shells[i]; i++)
		if (strcmp(name, codex_shells[i]) == 0)
			return 1;
	return 0;
}

static void
starlark_str(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, ((unsigned char)*s >= ' ' &&
		    (unsigned char)*s < 0x7f) ? *s : '?');
	}
	buf_addc(b, '"');
}

/* the spellings of one program as a Starlark list expression */
static void
cprog_pattern(struct buf *b, const struct cprog *c)
{
	if (c->kind == 'x') {
		buf_adds(b, "[");
		starlark_str(b, c->path);
		if (c->name != NULL) {
			buf_adds(b, ", ");
			starlark_str(b, c->name);
		}
		buf_adds(b, "]");
	} else {
		buf_adds(b, "_spell([");
		starlark_str(b, c->name);
		buf_adds(b, "])");
	}
}

static void
codex_rule(struct buf *b, const char *pattern, const char *just,
    const char *extra)
{
	buf_printf(b, "prefix_rule(\n    pattern = %s,\n    decision = "
	    "\"forbidden\",\n    justification = %s,\n%s)\n", pattern, just,
	    extra ? extra : "");
}

/* what the Codex rules catch and what they cannot, then _DIRS and _spell,
 * which the rules below use */
static void
codex_rules_intro(struct buf *b)
{
	buf_adds(b,
"#\n"
"# A rule matches a command whose first words are exactly its pattern's,\n"
"# a list in a pattern standing for any one of its words. These rules\n"
"# forbid each program below by its name and its path in _DIRS, run\n"
"# directly or behind a wrapper of _WRAPPERS; sg and newgrp into the\n"
"# groups below; and any shell started on a script with -c, whose script\n"
"# a rule cannot look into (run its commands directly instead).\n"
"# What the rules cannot express (words are matched exactly, without\n"
"# wildcards), and so do not catch:\n"
"# - env with VAR=VALUE, -u NAME or -C DIR before the program; nice with\n"
"#   an adjustment outside -99..99; timeout with a fraction, a duration\n"
"#   over 3600 or options but one before it; wrappers of wrappers\n"
"#   (nohup nice ...) and other wrappers (ionice, taskset, flock, watch,\n"
"#   script, su -c, strace ...);\n"
"# - a nested login shell, SHELL -lc SCRIPT: Codex runs every command of\n"
"#   the agent that way, so it cannot be forbidden; Codex checks the\n"
"#   commands of the script it runs, not those of a script inside it;\n"
"# - a program started by an interpreter (python3 -c, perl -e), a script\n"
"#   or a makefile, or copied or linked under another name or path.\n"
"# Codex's sandbox (the settings file) holds where these stop: commands\n"
"# run in it with no_new_privs (setuid gains nothing) and no connect().\n"
"\n_DIRS = ");
	buf_adds(b, codex_dirs);
	buf_adds(b, "\n\ndef _spell(names):\n"
	    "    return names + [d + \"/\" + n for d in _DIRS for n in names]\n"
	    "\n# Each program and group privmap found the user can turn into "
	    "root:\n");
}

/* a rule for each program and group privmap found (cp, sorted); their
 * patterns are gathered in progs and groups for the wrappers' rules */
static void
codex_prog_rules(struct buf *b, const struct cprog *cp, size_t ncp,
    struct buf *progs, struct buf *groups)
{
	struct buf j = { 0 }, p = { 0 };
	size_t i;

	for (i = 0; i < ncp; i++) {
		const struct cprog *c = &cp[i];

		j.len = 0;
		buf_adds(&j, "privmap ");
		buf_adds(&j, c->f->id ? c->f->id : "?");
		buf_printf(&j, " (%s): ", severity_name(c->f->sev));
		buf_add(&j, c->f->title ? c->f->title : "",
		    strnlen(c->f->title ? c->f->title : "", 300));
		if (c->more)
			buf_printf(&j, " (and %zu more finding%s)", c->more,
			    c->more > 1 ? "s" : "");
		p.len = 0;
		starlark_str(&p, buf_str(&j));
		j.len = 0;
		if (c->kind == 'g') {
			buf_adds(&j, "[_spell([\"sg\", \"newgrp\"]), ");
			starlark_str(&j, c->name);
			buf_adds(&j, "]");
			if (groups->len)
				buf_adds(groups, ", ");
			starlark_str(groups, c->name);
		} else {
			/* Codex runs every command through a shell:
			 * forbid one directly only with -p, the mode that
			 * keeps a setuid shell's privilege (wrapped, always) */
			int sh = is_shell(c->name);

			buf_adds(&j, "[");
			cprog_pattern(&j, c);
			buf_adds(&j, sh ? ", \"-p\"]" : "]");
			if (sh)
				buf_printf(b, "# %s: only with -p (Codex runs "
				    "every command through a shell)\n",
				    c->name);
			if (progs->len)
				buf_adds(progs, " +\n    ");
			cprog_pattern(progs, c);
		}
		codex_rule(b, buf_str(&j), buf_str(&p), NULL);
	}
	buf_free(&j);
	buf_free(&p);
}

/* any shell started on a script, with up to two options before -c */
static void
codex_shell_rules(struct buf *b)
{
	size_t i;

	buf_adds(b,
"\n# Any shell started on a script: the script could run the programs\n"
"# above out of these rules' sight. Never SHELL -lc (see above).\n"
"_SHELLS = _spell([");
	for (i = 0; codex_shells[i]; i++)
		buf_printf(b, "%s\"%s\"", i ? ", " : "", codex_shells[i]);
	buf_adds(b, "])\n"
"_SHELL_C = [\"-c\", \"-ec\", \"-ce\", \"-ic\", \"-ci\", \"-xc\", \"-cx\", "
    "\"-euc\", \"-exc\"]\n"
"_SHELL_WHY = (\"privmap: a shell started on a script (SHELL -c SCRIPT) "
    "hides the\" +\n"
"    \" programs it runs from these rules; run the script's commands "
    "directly\")\n");
	codex_rule(b, "[_SHELLS, _SHELL_C]", "_SHELL_WHY",
	    "    match = [\"bash -c 'sudo id'\", \"/bin/sh -c id\"],\n"
	    "    not_match = [\"bash -lc ls\", \"/bin/bash -lc ls\"],\n");
	/* options bash(1) and dash(1) take before -c; one or two of them */
	buf_adds(b, "_SHELL_OPTS = [\"-e\", \"-i\", \"-l\", \"-u\", \"-x\", "
	    "\"-p\", \"-r\", \"-v\", \"-a\",\n"
	    "    \"-f\", \"--login\", \"--norc\", \"--noprofile\", "
	    "\"--posix\", \"--restricted\",\n"
	    "    \"--verbose\", \"--noediting\"]\n");
	codex_rule(b, "[_SHELLS, _SHELL_OPTS, _SHELL_C]", "_SHELL_WHY", NULL);
	codex_rule(b, "[_SHELLS, _SHELL_OPTS, _SHELL_OPTS, _SHELL_C]",
	    "_SHELL_WHY", NULL);
}

/* the wrappers that run the command after them, and the rules forbidding
 * the programs, groups and shells above behind each */
static void
codex_wrapper_rules(struct buf *b, struct buf *progs, struct buf *groups)
{
	buf_adds(b,
"\n# Wrappers that run the command that follows them, as pattern prefixes.\n"
"_NICE = [str(n) for n in range(-99, 100)]\n"
"_DURATIONS = [str(n) + u for n in range(3601) for u in [\"\", \"s\", "
    "\"m\", \"h\", \"d\"]]\n"
"_SIGNALS = [p + s for p in [\"\", \"SIG\"] for s in [\"HUP\", \"INT\", "
    "\"QUIT\", \"KILL\",\n"
"    \"USR1\", \"USR2\", \"ALRM\", \"TERM\", \"CONT\", \"STOP\"]]\n"
"_WRAPPERS = [\n"
"    [_spell([\"env\", \"nice\", \"nohup\", \"setsid\", \"time\", "
    "\"xargs\"])],\n"
"    [[\"command\", \"exec\"]],\n"
"    [_spell([\"env\", \"nice\", \"nohup\", \"setsid\", \"time\", "
    "\"xargs\"]), [\"--\"]],\n"
"    [[\"command\", \"exec\"], [\"--\"]],\n"
"    [_spell([\"timeout\"]), [\"--\"], _DURATIONS],\n"
"    [_spell([\"env\"]), [\"-i\", \"-\", \"--ignore-environment\"]],\n"
"    [_spell([\"setsid\"]), [\"-f\", \"--fork\", \"-w\", \"--wait\"]],\n"
"    [_spell([\"nice\"]), [\"-\" + n for n in _NICE] +\n"
"        [\"-n\" + n for n in _NICE] + [\"--adjustment=\" + n for n in "
    "_NICE]],\n"
"    [_spell([\"nice\"]), [\"-n\", \"--adjustment\"], _NICE],\n"
"    [_spell([\"timeout\"]), _DURATIONS],\n"
"    [_spell([\"timeout\"]), [\"--foreground\", \"--preserve-status\", "
    "\"-v\", \"--verbose\"],\n"
"        _DURATIONS],\n"
"    [_spell([\"timeout\"]), [\"-s\", \"--signal\", \"-k\", "
    "\"--kill-after\"],\n"
"        _SIGNALS + _DURATIONS, _DURATIONS],\n"
"]\n");
	buf_adds(b, "_PROGRAMS = (");
	buf_adds(b, progs->len ? buf_str(progs) : "[]");
	buf_adds(b, ")");
	buf_adds(b, "\n_GROUPS = [");
	buf_adds(b, groups->len ? buf_str(groups) : "");
	buf_adds(b, "]\n_WRAPPED = (\"privmap: a program privmap found the "
	    "user can turn into root, behind a\" +\n    \" wrapper (see its "
	    "own rule)\")\n\nfor w in _WRAPPERS:\n");
	if (progs->len)
		buf_adds(b, "    prefix_rule(pattern = w + [_PROGRAMS], "
		    "decision = \"forbidden\",\n"
		    "        justification = _WRAPPED)\n");
	if (groups->len)
		buf_adds(b, "    prefix_rule(pattern = w + [_spell([\"sg\", "
		    "\"newgrp\"]), _GROUPS],\n"
		    "        decision = \"forbidden\", justification = "
		    "_WRAPPED)\n");
	buf_adds(b, "    prefix_rule(pattern = w + [_SHELLS, _SHELL_C], "
	    "decision = \"forbidden\",\n"
	    "        justification = _SHELL_WHY)\n");
}

static int
policy_codex_rules(const struct report *rep, FILE *fp, const char **why)
{
	struct buf b = { 0 }, progs = { 0 }, groups = { 0 };
	struct deny *d = NULL;
	struct cprogs cs = { 0 };
	struct cprog *cp;
	const char *tools[4];
	size_t n, ncp, i, k;
	int rv;

	n = deny_collect(rep, &d);
	for (i = 0; i < n; i++) {
		const char *t = d[i].target;

		switch (d[i].action) {
		case DENY_EXEC:
			cprog_exec(&cs, d[i].f, t);
			break;
		case DENY_GROUP:
			if (plain_name(t))
				cprog_add(&cs, d[i].f, 'g', t, NULL);
			/* FALLTHROUGH */
		case DENY_CONNECT:
			tools_for(&d[i], tools);
			for (k = 0; tools[k]; k++)
				cprog_add(&cs, d[i].f, 'p', tools[k], NULL);
			break;
		default:
			break;
		}
	}
	strmap_free(&cs.seen);
	cp = cs.v;
	ncp = cs.n;
	if (ncp > 1)
		qsort(cp, ncp, sizeof *cp, cmp_cprog);

	buf_adds(&b, "# privmap rules for Codex: commands the agent may not "
	    "run, whatever it is\n# asked. Save as ~/.codex/rules/privmap."
	    "rules; the settings that go with it\n# (privmap policy "
	    "--policy-format codex, the same run) go to\n# ~/.codex/"
	    "config.toml. Format: https://developers.openai.com/codex/rules"
	    "\n# (Starlark). Check a command with\n#   codex execpolicy "
	    "check --rules FILE COMMAND...\n");
	codex_target(&b, rep);
	if (ncp == 0) {
		buf_adds(&b, "# no command to forbid\n");
		goto out;
	}
	codex_rules_intro(&b);
	codex_prog_rules(&b, cp, ncp, &progs, &groups);
	codex_shell_rules(&b);
	codex_wrapper_rules(&b, &progs, &groups);
out:
	rv = output_write(fp, b.data, b.len, why);
	buf_free(&b);
	buf_free(&progs);
	buf_free(&groups);
	for (i = 0; i < ncp; i++)
		free(cp[i].key);
	free(cp);
	deny_free(d, n);
	return rv;
}

int
output_policy(const struct report *rep, FILE *fp, enum policy_format fmt,
    unsigned flags, const char **why)
{
	switch (fmt) {
	case POLICY_GENERIC:
		return policy_generic(rep, fp, why);
	case POLICY_CLAUDE_CODE: {
		static const struct policy_hook defaults = { NULL, NULL };

		return policy_claude(rep, fp, (flags & POLICY_HOOK) ?
		    &defaults : NULL, why);
	}
	case POLICY_CODEX:
		return policy_codex(rep, fp, why);
	case POLICY_CODEX_RULES:
		return policy_codex_rules(rep, fp, why);
	case POLICY_SYSTEMD:
	case POLICY_DOCKER:
	case POLICY_COMPOSE:
	case POLICY_SECCOMP:
	case POLICY_BWRAP: {
		static const struct sandbox_opts none = { NULL, 0, NULL };

		return output_sandbox(rep, fp, fmt, &none, why);
	}
	}
	*why = "unknown policy format";
	return -1;
}
