/*
 * privmap.c: the command line. Parses arguments, opens the target, runs
 * the checks, hands the report to an output; the only file that sees
 * every floor together, and the only one that exits. The floors, from
 * the bottom (docs/design.md):
 *
 *   lib/      allocation, the hash map, text form of names, small helpers
 *   parse/    every parser of untrusted text: a buffer in, a struct out
 *   known/    the knowledge tables and the severity scale
 *   engine/   target views, identity, access, the walk, the report model
 *   checks/   one file per family, and the registry
 *   output/   text, JSON, SARIF, audit rules, policies, fix script
 *   watch/    events, replay and the agent hook
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "watch/events.h"
#include "watch/hook.h"
#include "output/output.h"
#include "engine/gate.h"
#include "engine/arch.h"
#include "engine/image.h"
#include "parse/mounts.h"
#include "lib/pathenc.h"
#include "engine/procfs.h"
#include "engine/privs.h"
#include "lib/xmalloc.h"

#define EXIT_FINDINGS	1
#define EXIT_USAGE	2

struct cmd_entry {
	const char	*name;
	int		(*exec)(int, char **);
	const char	*usage;
};

static int cmd_scan(int, char **);
static void usage_all(FILE *);

static const char scan_usage[] =
"usage: privmap scan [TARGET] [USER] [OUTPUT...] [GATE...]\n"
"\n"
"Report every privilege-escalation primitive one user can reach, scored.\n"
"\n"
"Target (default: the live host, /):\n"
"  --root DIR            an unpacked root filesystem; nothing outside DIR\n"
"                        is read, symlinks included\n"
"  --image FILE          a docker-save archive or an OCI image layout (a\n"
"                        directory or a tar of one; plain, gzip or zstd),\n"
"                        read in memory: no daemon, no root, no extraction;\n"
"                        refused if a layer is truncated or not a tar, or\n"
"                        if it decompresses to more than 100 times its\n"
"                        size (at least 4 GiB)\n"
"  --platform OS/ARCH[/VARIANT]  with --image, the image of a\n"
"                        multi-platform archive (default linux/amd64)\n"
"  --cross-mounts        walk into other filesystems too (default: stay on\n"
"                        the filesystem of / or DIR, like find -xdev)\n"
"User:\n"
"  --user NAME|UID       whose reach to evaluate, resolved in the target's\n"
"                        own etc/passwd and etc/group (default: the\n"
"                        invoking user, SUDO_USER under sudo; with\n"
"                        --image, the image's USER, root when unset)\n"
"Output:\n"
"  --format text|json|sarif  report format (default text; sarif: SARIF 2.1.0\n"
"                        for code-scanning gates)\n"
"  -o, --output FILE     write the report to FILE instead of stdout\n"
"  --audit-rules FILE    auditd rules watching the findings, for\n"
"                        /etc/audit/rules.d/ (e.g. 30-privmap.rules)\n"
"  --audit-base FILE     with it, a separate base file (-D, -b, -f)\n"
"  --audit-immutable FILE  a separate file locking the rules (-e 2)\n"
"  --arch ARCH           the target's architecture for syscall rules\n"
"                        (default: the target's own, from its programs or\n"
"                        the image's config; else both b64 and b32)\n"
"  --policy FILE         an agent policy denying what the findings allow\n"
"  --policy-format generic|claude-code|codex  (default generic; codex also\n"
"                        writes its rules file: NAME.rules for NAME.toml,\n"
"                        FILE.rules for another FILE, ./privmap.rules for -)\n"
"  --policy-hook         claude-code: add a PreToolUse hook running `privmap\n"
"                        hook claude-code` on a generic policy written\n"
"                        beside FILE (NAME.privmap-policy.json)\n"
"  --hook-policy FILE    with it, write that policy to FILE instead\n"
"  --fix-script FILE     a remediation script (acts only when run with\n"
"                        --apply)\n"
"  -v, --verbose         evidence and remedies in the text report\n"
"  -q, --quiet           no progress or notes on stderr\n"
"Gate:\n"
"  --fail-on SEVERITY    exit 1 when a finding is at or above SEVERITY:\n"
"                        critical, high (default), medium, low, info, or\n"
"                        none (never)\n"
"  --baseline FILE       a JSON report saved earlier: its findings (by id)\n"
"                        do not count, and those now gone are listed fixed\n"
"  --ignore FILE         accepted findings, each with a reason and an\n"
"                        optional expiry (docs/ignore-format.md)\n"
"\n"
"Exit status: 0 no finding counts (none at or above --fail-on that is new\n"
"to the baseline and not ignored); 1 at least one counts; 2 usage error or\n"
"a fatal error (unknown user, unreadable target or image, a malformed\n"
"baseline or ignore file).\n"
"\n"
"Examples:\n"
"  sudo privmap scan --user agent\n"
"  privmap scan --root /srv/rootfs --user agent --format json -o report.json\n";

static int cmd_rules(int, char **);
static int cmd_policy(int, char **);
static int cmd_fix(int, char **);

/* the tail of rules, policy and fix --help: cmd_report takes every
 * artefact option of scan (EXTRAS_LONGOPTS) */
#define REPORT_EXTRAS_HELP \
"\n" \
"Every artefact option of privmap scan is taken too, so that one reading\n" \
"of the report writes several files (see privmap scan --help):\n" \
"  --audit-rules FILE  --audit-base FILE  --audit-immutable FILE\n" \
"  --arch ARCH  --policy FILE  --policy-format F  --policy-hook\n" \
"  --hook-policy FILE  --fix-script FILE\n"

static const char rules_usage[] =
"usage: privmap rules REPORT.json [-o FILE] [--audit-base FILE]\n"
"                     [--audit-immutable FILE] [--arch ARCH]\n"
"\n"
"auditd rules for the findings of a saved JSON report: the same file\n"
"`privmap scan --audit-rules FILE` writes. Every rule is checked with\n"
"libaudit's parser before it is written.\n"
REPORT_EXTRAS_HELP;

static const char policy_usage[] =
"usage: privmap policy REPORT.json [--policy-format generic|claude-code|codex]\n"
"                      [--policy-hook] [--hook-policy FILE] [-o FILE]\n"
"\n"
"An agent policy for the findings of a saved JSON report: the same file\n"
"`privmap scan --policy FILE` writes. With codex, the settings go to -o\n"
"FILE (default standard output) and the rules file always goes with\n"
"them: to NAME.rules for -o NAME.toml, FILE.rules for another FILE, and\n"
"./privmap.rules for standard output; standard error says where. With\n"
"claude-code and --policy-hook, the settings run `privmap hook\n"
"claude-code` (this privmap, by its absolute path) on a generic policy\n"
"written beside them (x.json -> x.privmap-policy.json) or to\n"
"--hook-policy FILE; entries no permission rule can name are listed in\n"
"the settings' \"$comment\".\n"
REPORT_EXTRAS_HELP;

static const char fix_usage[] =
"usage: privmap fix REPORT.json [-o FILE]\n"
"\n"
"A POSIX sh remediation script for the findings of a saved JSON report:\n"
"one block per finding; it changes nothing unless run with --apply, and\n"
"for a --root report it acts inside that root, refusing any path with a\n"
"'..' component.\n"
"\n"
"rules, policy and fix check the report first: one out of contract (an\n"
"unknown family or action, an id out of range, a root or path that is not\n"
"absolute and normal, a name not in the form of docs/paths.md) is refused\n"
"with exit status 2 and the member named.\n"
REPORT_EXTRAS_HELP;

static int cmd_events(int, char **);
static int cmd_replay(int, char **);
static const char events_usage[] =
"usage: privmap events [--format text|json] [--uid UID] [-v] [-o FILE]\n"
"                      [AUDIT_LOG...]\n"
"\n"
"What the audit logs recorded on privmap's surfaces: the events of the\n"
"rules `privmap scan --audit-rules` writes, and writes to the same paths\n"
"under another rule's key. Grouped by family, uid, program, action and\n"
"path, with how often, first and last time, and whether it was allowed.\n"
"Rotated and gzip'd logs are read too; with no AUDIT_LOG, or '-',\n"
"standard input. Audit logs are root's: run it with sudo.\n"
"\n"
"  --format text|json    the summary for a person (default) or JSON\n"
"  --uid UID             only the events of this uid (real or login uid)\n"
"  -v, --verbose         every group, not the first 8 of each family\n"
"  -o, --output FILE     write to FILE instead of stdout\n"
"\n"
"Example:\n"
"  sudo privmap events --uid 1001 /var/log/audit/audit.log*\n";

static const char replay_usage[] =
"usage: privmap replay --policy POLICY.json [--format text|json] [--uid UID]\n"
"                      [-v] [-o FILE] [AUDIT_LOG...]\n"
"\n"
"The agent's recorded actions (programs run with their arguments, files\n"
"written or read, sockets and ports connected to, credential changes,\n"
"module loads, mounts, namespaces) played against a generic policy\n"
"(privmap policy --policy-format generic): which deny entry would have\n"
"blocked each, what the policy's envelope denies or asks for, and what\n"
"was outside the policy. The output names the policy's version. Logs as\n"
"for privmap events.\n"
"\n"
"  --policy FILE         the generic policy (privmap.policy/1)\n"
"  --uid UID             whose actions (default: the policy's user)\n"
"  --format text|json    for a person (default) or JSON\n"
"  -v, --verbose         every action and unused entry\n"
"  -o, --output FILE     write to FILE instead of stdout\n"
"\n"
"Example:\n"
"  sudo privmap replay --policy policy-v2.json /var/log/audit/audit.log*\n";

static int cmd_hook(int, char **);
static const char hook_usage[] =
"usage: privmap hook claude-code --policy POLICY.json\n"
"\n"
"A Claude Code PreToolUse hook: reads the tool call Claude Code gives on\n"
"standard input and judges its tool_name and tool_input (never cwd or\n"
"transcript_path) with the engine of privmap replay against a generic\n"
"policy: programs run (sudo, env sudo, bash -c '...' included), files\n"
"read or written, sockets and ports reached. `privmap policy\n"
"--policy-format claude-code --policy-hook` writes the settings that run\n"
"it.\n"
"\n"
"  --policy FILE         the generic policy (privmap.policy/1)\n"
"\n"
"Exit status: 0 the call goes on (with a JSON \"ask\" decision on stdout\n"
"when the policy asks, or privmap cannot follow a command); 2 the call is\n"
"blocked, the reason on stderr. Input that is not a PreToolUse call, a\n"
"policy that cannot be read and a usage error also exit 2, with why.\n";

static const struct cmd_entry cmd_table[] = {
	{ "scan", cmd_scan, scan_usage },
	{ "rules", cmd_rules, rules_usage },
	{ "policy", cmd_policy, policy_usage },
	{ "fix", cmd_fix, fix_usage },
	{ "events", cmd_events, events_usage },
	{ "replay", cmd_replay, replay_usage },
	{ "hook", cmd_hook, hook_usage },
	{ NULL, NULL, NULL },
};

static int quiet;

static void
warnx_(const char *fmt, ...)
{
	va_list ap;

	fputs("privmap: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct load_ctx {
	struct report	*rep;
	const char	*path;
};

static void
load_err(void *vctx, unsigned line, const char *why)
{
	struct load_ctx *c = vctx;
	char *p = xasprintf("%s:%u", c->path, line);

	report_add_error(c->rep, p, "malformed line skipped: %s", why);
	free(p);
}

/* The target's users and groups, from its own files. */
static void
load_userdb(struct scan *s)
{
	static const char *const files[] = { "/etc/passwd", "/etc/group" };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct load_ctx c = { s->rep, files[i] };
		char *buf;
		size_t len;

		if (scan_read(s, files[i], &buf, &len) == -1) {
			if (errno == ENOENT)
				report_add_error(s->rep, files[i],
				    "missing: users and groups are unknown");
			continue;
		}
		if (i == 0)
			passwd_parse(buf, len, &s->db, load_err, &c);
		else
			group_parse(buf, len, &s->db, load_err, &c);
		free(buf);
	}
}

/* Who to evaluate when --user is not given. */
static char *
default_user(void)
{
	const char *su = getenv("SUDO_USER");

	if (geteuid() == 0 && getuid() == 0 && su && *su &&
	    strcmp(su, "root") != 0)
		return xstrdup(su);
	return xasprintf("%lu", (unsigned long)getuid());
}

static void
report_set_user(struct scan *s)
{
	struct report *r = s->rep;
	size_t i;

	r->user_name = s->user.name ? xstrdup(s->user.name) : NULL;
	r->uid = s->user.uid;
	r->gid = s->user.gid;
	r->groups = xcalloc(s->user.ngids + 1, sizeof *r->groups);
	for (i = 0; i < s->user.ngids; i++) {
		const struct grent *g = userdb_group_by_gid(&s->db,
		    s->user.gids[i]);

		r->groups[i].gid = s->user.gids[i];
		r->groups[i].name = g ? xstrdup(g->name) : NULL;
	}
	r->ngroups = s->user.ngids;
	if (s->user.name == NULL)
		report_add_note(r, "uid %lu has no entry in the target's "
		    "etc/passwd: scanned with no supplementary groups",
		    (unsigned long)s->user.uid);
	if (s->user.uid == 0)
		report_add_note(r, "the user is root (uid 0): it already holds "
		    "every privilege on this system, so only ways out of a "
		    "container and kernel settings are reported");
}

enum {
	OPT_ROOT = 256, OPT_USER, OPT_FORMAT, OPT_FAIL_ON, OPT_CROSS,
	OPT_HELP, OPT_AUDIT_RULES, OPT_AUDIT_BASE, OPT_AUDIT_IMM, OPT_ARCH,
	OPT_POLICY, OPT_POLICY_FORMAT, OPT_POLICY_HOOK, OPT_FIX,
	OPT_IMAGE, OPT_PLATFORM, OPT_BASELINE, OPT_IGNORE, OPT_HOOK_POLICY,
};

/* The files a scan or a saved report can be turned into, besides the
 * report itself. All are opened before the scan drops privileges; each
 * is written to a temporary file and put in place only when complete
 * (outfile_open in output/write.c). */
struct extras {
	const char	*audit_path, *base_path, *imm_path, *policy_path;
	const char	*fix_path;
	char		*rules_path;		/* codex's rules file */
	const char	*hook_path;		/* --hook-policy, or NULL */
	char		*hook_out;		/* where the hook's policy goes */
	char		*hook_abs;		/* its absolute path */
	char		*hook_exe;		/* privmap's own, for the hook */
	struct outfile	 audit, base, imm, policy, rules, fix, hookpol;
	int		 policy_format;
	unsigned	 policy_flags;
	struct audit_opts aopts;
};

/* Open path for writing unless it is NULL: 0, or -1 (said why). */
static int
open_out(struct outfile *o, const char *path)
{
	const char *why = NULL;

	o->fp = NULL;
	if (path == NULL)
		return 0;
	if (outfile_open(o, path, &why) == -1) {
		warnx_("%s: %s", path, why);
		return -1;
	}
	return 0;
}

/* The absolute name an output file will have once in place (it is a
 * temporary file until then): its directory resolved, then its name.
 * NULL with errno set if the directory cannot be resolved. */
static char *
out_abspath(const struct outfile *o)
{
	const char *p = o->final ? o->final : o->path;
	char *dir, *rdir, *abs = NULL;

	if (o->final == NULL)
		return realpath(p, NULL);
	dir = path_dirname(p);
	if ((rdir = realpath(dir, NULL)) != NULL)
		abs = strcmp(rdir, "/") == 0 ?
		    xasprintf("/%s", path_basename(p)) :
		    xasprintf("%s/%s", rdir, path_basename(p));
	free(rdir);
	free(dir);
	return abs;
}

/* -1 (said so) if two of the n outputs are one file: the one put in
 * place last would replace the other, which a scan reported as written */
static int
outs_distinct(struct outfile *const *v, size_t n)
{
	char *a[16] = { NULL };
	size_t i, j;
	int rv = 0;

	for (i = 0; i < n && i < 16; i++)
		if (v[i]->fp != NULL && v[i]->fp != stdout &&
		    v[i]->final != NULL)
			a[i] = out_abspath(v[i]);
	for (i = 0; i < n && i < 16 && rv == 0; i++)
		for (j = i + 1; a[i] != NULL && j < n && j < 16; j++)
			if (a[j] != NULL && strcmp(a[i], a[j]) == 0) {
				warnx_("%s: named for two outputs (%s)",
				    v[j]->path, v[i]->path);
				rv = -1;
				break;
			}
	for (i = 0; i < n && i < 16; i++)
		free(a[i]);
	return rv;
}

/* The generic policy the claude-code hook reads: --hook-policy FILE, or
 * beside the settings (x.json -> x.privmap-policy.json), named in the
 * hook command by its absolute path, with privmap's own. */
static int
hook_policy_open(struct extras *x)
{
	char exe[4096];
	ssize_t n;
	size_t len;

	if (x->hook_path != NULL)
		x->hook_out = xstrdup(x->hook_path);
	else if (x->policy.fp == stdout) {
		warnx_("--policy-hook: the settings go to standard output, so "
		    "the policy the hook reads has no place beside them: give "
		    "-o FILE or --hook-policy FILE");
		return -1;
	} else {
		len = strlen(x->policy_path);
		if (len > 5 && strcmp(x->policy_path + len - 5, ".json") == 0)
			len -= 5;
		x->hook_out = xasprintf("%.*s.privmap-policy.json", (int)len,
		    x->policy_path);
	}
	if (strcmp(x->hook_out, "-") == 0 || (x->policy_path &&
	    strcmp(x->hook_out, x->policy_path) == 0)) {
		warnx_("--hook-policy: a file of its own, not standard output "
		    "or the settings");
		return -1;
	}
	if (open_out(&x->hookpol, x->hook_out) == -1)
		return -1;
	if ((x->hook_abs = out_abspath(&x->hookpol)) == NULL) {
		warnx_("%s: %s", x->hook_out, strerror(errno));
		return -1;
	}
	/* the hook runs this very program, wherever PATH leads */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0 && exe[0] == '/') {
		exe[n] = '\0';
		x->hook_exe = xstrdup(exe);
	} else if (!quiet)
		warnx_("note: cannot tell where this privmap is; the hook "
		    "runs 'privmap' from PATH");
	return 0;
}

static int
extras_open(struct extras *x)
{
	if (open_out(&x->audit, x->audit_path) == -1 ||
	    open_out(&x->base, x->base_path) == -1 ||
	    open_out(&x->imm, x->imm_path) == -1 ||
	    open_out(&x->policy, x->policy_path) == -1 ||
	    open_out(&x->fix, x->fix_path) == -1)
		return -1;
	/* codex: the rules file always goes with the settings, beside
	 * them (FILE.rules) or, for standard output, in ./privmap.rules */
	if (x->policy.fp && x->policy_format == POLICY_CODEX) {
		x->rules_path = policy_codex_rules_path(x->policy_path);
		if (open_out(&x->rules, x->rules_path) == -1)
			return -1;
	}
	if (x->hook_path && !(x->policy.fp &&
	    x->policy_format == POLICY_CLAUDE_CODE)) {
		warnx_("--hook-policy goes with --policy-format claude-code");
		return -1;
	}
	if (x->policy.fp && x->policy_format == POLICY_CLAUDE_CODE &&
	    (x->policy_flags & POLICY_HOOK))
		return hook_policy_open(x);
	return 0;
}

/* A writer's result r for o: put the file in place, or say why not and
 * leave what it was to replace as it was. 0 or -1. */
static int
finish_out(struct outfile *o, int r, const char *why)
{
	const char *path = o->path ? o->path : "-";

	if (o->fp == NULL)
		return 0;
	if (r == 0 && outfile_commit(o, &why) == 0)
		return 0;
	if (r == -1)
		outfile_abort(o);
	warnx_("%s: %s", strcmp(path, "-") == 0 ? "stdout" : path,
	    why ? why : "cannot write");
	return -1;
}

/* Write every requested extra for a finished report: 0, or -1. Each
 * writer runs before its result is looked at: it fills why. */
static int
extras_write(struct extras *x, const struct report *r)
{
	const char *why = NULL;
	int ret = 0, c;

	if (x->audit.fp) {
		c = output_audit(r, x->audit.fp, &x->aopts, &why);
		ret |= finish_out(&x->audit, c, why);
	}
	if (x->base.fp) {
		c = output_audit_base(x->base.fp, &x->aopts, &why);
		ret |= finish_out(&x->base, c, why);
	}
	if (x->imm.fp) {
		c = output_audit_immutable(x->imm.fp, &why);
		ret |= finish_out(&x->imm, c, why);
	}
	if (x->policy.fp && x->hookpol.fp) {
		struct policy_hook h = { x->hook_exe, x->hook_abs };

		c = output_policy(r, x->hookpol.fp, POLICY_GENERIC, 0, &why);
		ret |= finish_out(&x->hookpol, c, why);
		c = output_policy_claude(r, x->policy.fp, &h, &why);
		ret |= finish_out(&x->policy, c, why);
		if (!quiet)
			warnx_("the hook in %s reads the policy %s",
			    strcmp(x->policy_path, "-") ? x->policy_path :
			    "the settings", x->hook_abs);
	} else if (x->policy.fp) {
		c = output_policy(r, x->policy.fp, x->policy_format,
		    x->policy_flags, &why);
		ret |= finish_out(&x->policy, c, why);
	}
	if (x->rules.fp) {
		int rr;

		c = output_policy(r, x->rules.fp, POLICY_CODEX_RULES,
		    x->policy_flags, &why);
		rr = finish_out(&x->rules, c, why);
		if (rr == 0 && !quiet)
			fprintf(stderr, "privmap: Codex rules written to %s "
			    "(install as ~/.codex/rules/privmap.rules)\n",
			    x->rules_path);
		ret |= rr;
	}
	if (x->fix.fp) {
		c = output_fix(r, x->fix.fp, &why);
		ret |= finish_out(&x->fix, c, why);
	}
	return ret ? -1 : 0;
}

/* Drop whatever was not put in place (a failed run leaves every file
 * it was to write as it was). */
static void
extras_close(struct extras *x)
{
	struct outfile *f[] = { &x->audit, &x->base, &x->imm, &x->policy,
	    &x->rules, &x->fix, &x->hookpol };
	size_t i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++)
		if (f[i]->fp)
			outfile_abort(f[i]);
	free(x->rules_path);
	x->rules_path = NULL;
	free(x->hook_out);
	free(x->hook_abs);
	free(x->hook_exe);
	x->hook_out = x->hook_abs = x->hook_exe = NULL;
}

/* Options shared by scan and the report subcommands: 1 if taken, 0 if
 * not one of them, -1 for a bad value. */
static int
extras_option(struct extras *x, int c, const char *arg)
{
	switch (c) {
	case OPT_AUDIT_RULES:
		x->audit_path = arg;
		return 1;
	case OPT_AUDIT_BASE:
		x->base_path = arg;
		return 1;
	case OPT_AUDIT_IMM:
		x->imm_path = arg;
		return 1;
	case OPT_ARCH:
		x->aopts.arch = arg;
		return 1;
	case OPT_POLICY:
		x->policy_path = arg;
		return 1;
	case OPT_POLICY_FORMAT:
		x->policy_format = policy_format_parse(arg);
		if (x->policy_format < 0 ||
		    x->policy_format == POLICY_CODEX_RULES) {
			warnx_("--policy-format: unknown format '%s' (generic, "
			    "claude-code or codex)", arg);
			return -1;
		}
		return 1;
	case OPT_POLICY_HOOK:
		x->policy_flags |= POLICY_HOOK;
		return 1;
	case OPT_HOOK_POLICY:
		x->hook_path = arg;
		x->policy_flags |= POLICY_HOOK;
		return 1;
	case OPT_FIX:
		x->fix_path = arg;
		return 1;
	}
	return 0;
}

#define EXTRAS_LONGOPTS \
	{ "audit-rules", required_argument, NULL, OPT_AUDIT_RULES }, \
	{ "audit-base", required_argument, NULL, OPT_AUDIT_BASE }, \
	{ "audit-immutable", required_argument, NULL, OPT_AUDIT_IMM }, \
	{ "arch", required_argument, NULL, OPT_ARCH }, \
	{ "policy", required_argument, NULL, OPT_POLICY }, \
	{ "policy-format", required_argument, NULL, OPT_POLICY_FORMAT }, \
	{ "policy-hook", no_argument, NULL, OPT_POLICY_HOOK }, \
	{ "hook-policy", required_argument, NULL, OPT_HOOK_POLICY }, \
	{ "fix-script", required_argument, NULL, OPT_FIX }


/* The errors of an ignore file: the first IGNORE_ERRS_SHOWN are printed,
 * the rest only counted (a file of 100k bad lines is one mistake). */
#define IGNORE_ERRS_SHOWN	20

struct ignore_errs {
	const char	*file;
	unsigned long	 n;
};

static void
ignore_err(void *ctx, unsigned line, const char *why)
{
	struct ignore_errs *e = ctx;

	if (e->n++ < IGNORE_ERRS_SHOWN)
		fprintf(stderr, "privmap: %s:%u: %s\n", e->file, line, why);
}

static int
cmd_scan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "image", required_argument, NULL, OPT_IMAGE },
		{ "platform", required_argument, NULL, OPT_PLATFORM },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "ignore", required_argument, NULL, OPT_IGNORE },
		{ "user", required_argument, NULL, OPT_USER },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "cross-mounts", no_argument, NULL, OPT_CROSS },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, OPT_HELP },
		EXTRAS_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *root = NULL, *format = "text", *outpath = NULL, *why;
	const char *image = NULL, *platform = NULL, *basepath = NULL;
	const char *ignpath = NULL;
	struct image_info info;
	struct baseline base;
	struct ignore_list ign;
	struct gate_result gate;
	struct extras x;
	struct mounts mt;
	char *user = NULL;
	int c, verbose = 0, fail_on = SEV_HIGH, ret = EXIT_USAGE;
	unsigned flags = 0;
	struct scan s;
	struct outfile out;
	char *absroot = NULL;

	memset(&s, 0, sizeof s);
	memset(&out, 0, sizeof out);
	memset(&x, 0, sizeof x);
	memset(&mt, 0, sizeof mt);
	memset(&info, 0, sizeof info);
	memset(&base, 0, sizeof base);
	memset(&ign, 0, sizeof ign);
	memset(&gate, 0, sizeof gate);
	x.aopts.failure = -1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:vq", opts, NULL)) != -1) {
		int e = extras_option(&x, c, optarg);

		if (e == -1)
			goto out;
		if (e == 1)
			continue;
		switch (c) {
		case OPT_ROOT:
			root = optarg;
			break;
		case OPT_IMAGE:
			image = optarg;
			break;
		case OPT_PLATFORM:
			platform = optarg;
			break;
		case OPT_BASELINE:
			basepath = optarg;
			break;
		case OPT_IGNORE:
			ignpath = optarg;
			break;
		case OPT_USER:
			free(user);
			user = xstrdup(optarg);
			break;
		case OPT_FORMAT:
			format = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "none") == 0)
				fail_on = SEV_COUNT;
			else if ((fail_on = severity_parse(optarg)) < 0) {
				warnx_("--fail-on: unknown severity '%s' "
				    "(critical, high, medium, low, info, none)",
				    optarg);
				goto out;
			}
			break;
		case OPT_CROSS:
			flags |= SCAN_CROSS_MOUNTS;
			break;
		case 'v':
			verbose = 1;
			flags |= SCAN_VERBOSE;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_HELP:
			fputs(scan_usage, stdout);
			ret = 0;
			goto out;
		default:
			fputs("Try 'privmap scan --help'.\n", stderr);
			goto out;
		}
	}
	if (optind < argc) {
		warnx_("scan: unexpected argument '%s' (a target is given with "
		    "--root DIR)", argv[optind]);
		goto out;
	}
	if (root && image) {
		warnx_("--root and --image: one target at a time");
		goto out;
	}
	if (platform && !image) {
		warnx_("--platform goes with --image");
		goto out;
	}
	/* the gate's files, before anything is scanned: a typo in them must
	 * stop the job, not quietly change what counts */
	if (basepath && gate_baseline_load(basepath, &base, &why) == -1) {
		warnx_("--baseline %s: %s", basepath, why);
		goto out;
	}
	if (ignpath) {
		struct ignore_errs ie = { ignpath, 0 };
		long bad = gate_ignore_load(ignpath, &ign, ignore_err, &ie,
		    &why);

		if (bad == -1) {
			warnx_("--ignore %s: %s", ignpath, why);
			goto out;
		}
		if (ie.n > IGNORE_ERRS_SHOWN)
			fprintf(stderr, "privmap: %s: %lu further malformed "
			    "lines not shown (%lu in all)\n", ignpath,
			    ie.n - IGNORE_ERRS_SHOWN, ie.n);
		if (bad > 0)
			goto out;
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "sarif") != 0) {
		warnx_("--format: unknown format '%s' (text, json or sarif)",
		    format);
		goto out;
	}
	/* the report names its root as an absolute, normal path: the one a
	 * saved report must have (a fix script acts inside it) */
	if (root && !pathenc_normal(root) &&
	    (absroot = realpath(root, NULL)) == NULL) {
		warnx_("%s: cannot open the target: %s", root, strerror(errno));
		goto out;
	}
	if (root && x.fix_path &&
	    strcmp(absroot ? absroot : root, "/") == 0) {
		warnx_("--root / --fix-script: a script for a root filesystem "
		    "at / would act on this host: scan the host itself (no "
		    "--root) for one");
		goto out;
	}
	if (open_out(&out, outpath ? outpath : "-") == -1)
		goto out;
	if (extras_open(&x) == -1)
		goto out;
	{
		struct outfile *v[] = { &out, &x.audit, &x.base, &x.imm,
		    &x.policy, &x.rules, &x.fix, &x.hookpol };

		if (outs_distinct(v, sizeof v / sizeof v[0]) == -1)
			goto out;
		/* root may not rename in the outputs' directories once it
		 * has dropped to an unprivileged uid: a process keeps that
		 * right */
		if (geteuid() == 0 && outfile_keeper_start(v, sizeof v /
		    sizeof v[0], &why) == -1) {
			warnx_("cannot prepare the output files: %s", why);
			goto out;
		}
	}
	if (!quiet && isatty(STDERR_FILENO))
		flags |= SCAN_PROGRESS;
	/* who runs privmap, asked before privileges are dropped */
	if (user == NULL && image == NULL)
		user = default_user();
	/* every output file is open: from here on, read-only privileges */
	{
		char msg[256];

		/* cap_sys_ptrace is for a live host's /proc only: an image
		 * is an archive like any file */
		if (privs_drop(root == NULL && image == NULL, msg,
		    sizeof msg) == -1) {
			warnx_("cannot drop privileges: %s", msg);
			goto out;
		}
		if (verbose && !quiet)
			warnx_("%s", msg);
	}
	if (image) {
		char msg[256];

		s.tv = tv_image_open(image, platform, &info, &why);
		if (s.tv == NULL) {
			if (info.error)
				warnx_("%s: %s: %s", image, why, info.error);
			else
				warnx_("%s: %s", image, why);
			goto out;
		}
		/* the image is in memory: nothing more is read from disk */
		if (privs_drop_all(msg, sizeof msg) == -1) {
			warnx_("cannot drop privileges: %s", msg);
			goto out;
		}
		if (verbose && !quiet)
			warnx_("%s", msg);
	} else if (root) {
		s.tv = tv_dir_open(root, TV_ROOTFS);
	} else {
		s.tv = tv_dir_open("/", TV_HOST);
		flags |= SCAN_LIVE;
	}
	if (s.tv == NULL) {
		warnx_("%s: cannot open the target: %s", root ? root : "/",
		    strerror(errno));
		goto out;
	}
	s.flags = flags;
	s.rep = report_new();
	free(s.rep->kind);
	free(s.rep->root);
	s.rep->kind = xstrdup(image ? "image" : root ? "rootfs" : "host");
	s.rep->root = xstrdup(image ? image : absroot ? absroot :
	    root ? root : "/");
	/* the architecture of the target's own programs, for audit rules;
	 * an image keeps no binary's content (docs/image-scanning.md), so
	 * its configuration usually says it (image_info_report) */
	{
		const char *a = arch_of_target(s.tv);

		if (a)
			s.rep->arch = xstrdup(a);
	}
	if (image) {
		image_info_report(&info, s.rep);
		report_add_note(s.rep, "image %s%s%s: %s/%s%s%s, %zu layers, "
		    "%lu entries", info.ref ? info.ref : "(untagged)",
		    info.digest ? " " : "", info.digest ? info.digest : "",
		    info.os ? info.os : "?", info.arch ? info.arch : "?",
		    info.variant ? "/" : "", info.variant ? info.variant : "",
		    info.nlayers, info.entries);
	}
	load_userdb(&s);
	if (image) {
		/* the image's own user, as a container runtime picks it */
		const char *spec = user ? user : info.user;

		if (image_user_resolve(&s.db, spec, &s.user, &why) == -1) {
			warnx_("%s '%s': %s", user ? "unknown user" :
			    "the image's USER", spec, why);
			goto out;
		}
		if (user == NULL && s.user.uid == 0) {
			struct finding *f = report_add(s.rep, "image-user",
			    "process-capability", SEV_HIGH, 0.5, "/",
			    info.user ? info.user : "",
			    "the image runs as root (%s)", info.user ?
			    "USER names uid 0" : "no USER in its config");
			finding_ev_str(f, "user", info.user ? info.user : "");
			finding_set_remediation(f, "add a USER instruction "
			    "naming an unprivileged user to the Dockerfile");
		}
	} else {
		if (ident_resolve(&s.db, user, &s.user, &why) == -1) {
			warnx_("unknown user '%s': %s", user, why);
			goto out;
		}
	}
	report_set_user(&s);
	s.acc = access_new(s.tv, &s.user);
	/* a live host's mounts: read-only ones make nothing writable,
	 * nosuid ones make set-id bits and file capabilities inert */
	if ((flags & SCAN_LIVE) && procfs_mounts(&mt, NULL, NULL) == 0) {
		access_set_ro(s.acc, mounts_ro_fn, &mt);
		s.mounts = &mt;
	}
	/* audit rules anchored where the user cannot rename (report.h) */
	s.rep->anchor = scan_watch_anchor;
	s.rep->anchor_ctx = &s;
	if (checks_run(&s) == -1)
		report_add_error(s.rep, "/", "the walk could not start");
	report_anchor_targets(s.rep);
	s.rep->anchor = NULL;
	s.rep->anchor_ctx = NULL;
	report_finish(s.rep);
	/* what counts for --fail-on: after report_finish (ids, order), before
	 * any output (gate.state[i] is per s.rep->findings[i]) */
	gate_apply(s.rep, basepath ? &base : NULL, ignpath ? &ign : NULL,
	    fail_on, gate_today(), &gate);
	if (basepath || ignpath) {
		size_t i;

		for (i = 0; i < s.rep->nfindings && i < gate.nfindings; i++) {
			struct finding *f = s.rep->findings[i];

			f->gate = gate.state[i] == GATE_BASELINE ? 1 :
			    gate.state[i] == GATE_IGNORED ? 2 : 0;
			if (f->gate == 2 && gate.rule[i] && gate.rule[i]->reason)
				f->suppressed = xstrdup(gate.rule[i]->reason);
			if (basepath)
				f->baseline = gate_baseline_state(&base, f);
		}
		/* only the JSON and SARIF reports show it (SARIF its fixed
		 * findings): 300k baseline ids fixed since are 250 MB as
		 * JSON values */
		if (strcmp(format, "text") != 0)
			s.rep->gate = gate_result_json(&gate, s.rep);
	}
	why = NULL;
	if (strcmp(format, "json") == 0)
		c = output_json(s.rep, out.fp, &why);
	else if (strcmp(format, "sarif") == 0)
		c = output_sarif(s.rep, out.fp, &why);
	else
		c = output_text(s.rep, out.fp, isatty(fileno(out.fp)) &&
		    getenv("NO_COLOR") == NULL, verbose);
	if (c == -1 && why == NULL)
		why = strerror(errno);
	if (finish_out(&out, c, why) == -1)
		goto out;
	if (extras_write(&x, s.rep) == -1)
		goto out;
	if (!quiet && (flags & SCAN_VERBOSE))
		warnx_("%lu entries walked, %zu findings, %zu errors",
		    s.walked, s.rep->nfindings,
		    json_array_size(s.rep->errors));
	if (!quiet && (basepath || ignpath))
		gate_result_print(stderr, &gate, s.rep, ignpath);
	ret = gate.counted > 0 ? EXIT_FINDINGS : 0;
out:
	gate_result_free(&gate);
	baseline_free(&base);
	ignore_list_free(&ign);
	image_info_free(&info);
	extras_close(&x);
	if (out.fp)
		outfile_abort(&out);
	outfile_keeper_stop();
	free(absroot);
	access_free(s.acc);
	mounts_free(&mt);
	ident_free(&s.user);
	userdb_free(&s.db);
	report_free(s.rep);
	tv_free(s.tv);
	free(user);
	return ret;
}

/* Read a saved JSON report (bounded), for rules, policy and fix. */
static struct report *
load_report(const char *path)
{
	struct report_load_err err;
	struct report *r;
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	if (fp == NULL) {
		warnx_("%s: %s", path, strerror(errno));
		return NULL;
	}
	/* streamed: a big report is never held whole as JSON values */
	r = report_load(fp, &err);
	if (fp != stdin)
		fclose(fp);
	if (r == NULL && err.json)
		warnx_("%s:%u: not JSON: %s", path, err.line, err.text);
	else if (r == NULL)
		warnx_("%s: not a privmap report: %s", path, err.why);
	return r;
}

/* privmap rules|policy|fix REPORT.json [-o FILE] [extras options] */
static int
cmd_report(int argc, char **argv, const char *usage, int what)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, OPT_HELP },
		EXTRAS_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct extras x;
	struct report *r = NULL;
	const char *outpath = "-";
	int c, ret = EXIT_USAGE;

	memset(&x, 0, sizeof x);
	x.aopts.failure = -1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		int e = extras_option(&x, c, optarg);

		if (e == -1)
			goto out;
		if (e == 1)
			continue;
		if (c == 'o')
			outpath = optarg;
		else if (c == OPT_HELP) {
			fputs(usage, stdout);
			ret = 0;
			goto out;
		} else {
			fprintf(stderr, "Try 'privmap %s --help'.\n", argv[0]);
			goto out;
		}
	}
	if (optind != argc - 1) {
		warnx_("%s: expected one REPORT.json", argv[0]);
		fputs(usage, stderr);
		goto out;
	}
	if ((r = load_report(argv[optind])) == NULL)
		goto out;
	/* the main output of each subcommand goes to -o (default stdout) */
	if (what == 'r')
		x.audit_path = outpath;
	else if (what == 'p')
		x.policy_path = outpath;
	else
		x.fix_path = outpath;
	if (extras_open(&x) == -1 || extras_write(&x, r) == -1)
		goto out;
	ret = 0;
out:
	extras_close(&x);
	report_free(r);
	return ret;
}

static int
cmd_rules(int argc, char **argv)
{
	return cmd_report(argc, argv, rules_usage, 'r');
}

static int
cmd_policy(int argc, char **argv)
{
	return cmd_report(argc, argv, policy_usage, 'p');
}

static int
cmd_fix(int argc, char **argv)
{
	return cmd_report(argc, argv, fix_usage, 'f');
}

static int
cmd_events_replay(int argc, char **argv, int replay)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "uid", required_argument, NULL, 'u' },
		{ "policy", required_argument, NULL, 'P' },
		{ "output", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *usage = replay ? replay_usage : events_usage;
	const char *outpath = NULL, *policy = NULL, *why = NULL;
	unsigned long uid = 0;
	int c, json = 0, has_uid = 0, verbose = 0, rc, ret = EXIT_USAGE;
	struct outfile out;
	char msg[256];

	memset(&out, 0, sizeof out);

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:v", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0) {
				warnx_("--format: text or json");
				return EXIT_USAGE;
			}
			json = strcmp(optarg, "json") == 0;
			break;
		case 'u':
			/* a number: a name would be looked up on this
			 * machine, not where the logs were written */
			if (parse_ulong(optarg, 4294967294UL, &uid) != 0) {
				warnx_("--uid: a number");
				return EXIT_USAGE;
			}
			has_uid = 1;
			break;
		case 'P':
			if (!replay) {
				warnx_("events: unrecognized option '--policy' "
				    "(privmap replay takes it)");
				return EXIT_USAGE;
			}
			policy = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case OPT_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			fprintf(stderr, "Try 'privmap %s --help'.\n", argv[0]);
			return EXIT_USAGE;
		}
	}
	if (replay && policy == NULL) {
		warnx_("replay: --policy POLICY.json is needed");
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (optind == argc && isatty(STDIN_FILENO)) {
		warnx_("%s: no AUDIT_LOG given, and standard input is a "
		    "terminal", argv[0]);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (open_out(&out, outpath ? outpath : "-") == -1)
		return EXIT_USAGE;
	if (geteuid() == 0) {
		struct outfile *v[] = { &out };

		if (outfile_keeper_start(v, 1, &why) == -1) {
			warnx_("cannot prepare the output file: %s", why);
			goto out;
		}
	}
	/* the output is open: keep only what reading root's logs needs */
	if (privs_drop(0, msg, sizeof msg) == -1) {
		warnx_("cannot drop privileges: %s", msg);
		goto out;
	}
	if (replay) {
		struct replay_opts o = { 0 };

		o.json = json;
		o.has_uid = has_uid;
		o.uid = uid;
		o.verbose = verbose;
		rc = replay_run(policy, (const char *const *)argv + optind,
		    (size_t)(argc - optind), out.fp, &o, &why);
	} else {
		struct events_opts o = { 0 };

		o.json = json;
		o.has_uid = has_uid;
		o.uid = uid;
		o.verbose = verbose;
		rc = events_run((const char *const *)argv + optind,
		    (size_t)(argc - optind), out.fp, &o, &why);
	}
	if (rc != 0) {
		warnx_("%s: %s", argv[0], why ? why : "failed");
		goto out;
	}
	why = NULL;
	if (outfile_commit(&out, &why) == -1) {
		warnx_("%s: %s", outpath ? outpath : "stdout", why);
		goto out;
	}
	ret = 0;
out:
	if (out.fp)
		outfile_abort(&out);
	outfile_keeper_stop();
	return ret;
}

static int
cmd_events(int argc, char **argv)
{
	return cmd_events_replay(argc, argv, 0);
}

static int
cmd_replay(int argc, char **argv)
{
	return cmd_events_replay(argc, argv, 1);
}

/* privmap hook claude-code --policy FILE: 0 or 2, which Claude Code
 * reads as go on or block; a usage error blocks too */
static int
cmd_hook(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *policy = NULL;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'P':
			policy = optarg;
			break;
		case OPT_HELP:
			fputs(hook_usage, stdout);
			return 0;
		default:
			fputs("Try 'privmap hook --help'.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || strcmp(argv[optind], "claude-code") != 0) {
		warnx_("hook: blocked: expected 'hook claude-code --policy "
		    "FILE' (the one agent privmap hooks into)");
		return EXIT_USAGE;
	}
	if (policy == NULL) {
		warnx_("hook: blocked: --policy POLICY.json is needed");
		return EXIT_USAGE;
	}
	return hook_claude_run(policy, STDIN_FILENO, stdout, stderr);
}

static void
usage_all(FILE *fp)
{
	fputs("usage: privmap COMMAND [OPTIONS]\n"
	    "\n"
	    "What can this user turn into root, and how do we close and watch "
	    "it?\n"
	    "\n"
	    "Commands:\n"
	    "  scan      report the escalation primitives a user can reach\n"
	    "  rules     auditd rules from a saved JSON report\n"
	    "  policy    an agent policy from a saved JSON report\n"
	    "  fix       a remediation script from a saved JSON report\n"
	    "  events    what the audit logs recorded on privmap's surfaces\n"
	    "  replay    the recorded actions against a generic policy\n"
	    "  hook      a Claude Code PreToolUse hook judging tool calls\n"
	    "\n"
	    "Run 'privmap COMMAND --help' for a command's options, and see "
	    "privmap(1).\n", fp);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage_all(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage_all(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("privmap %s\n", PACKAGE_VERSION);
		return 0;
	}
	for (i = 0; cmd_table[i].name; i++)
		if (strcmp(argv[1], cmd_table[i].name) == 0)
			return cmd_table[i].exec(argc - 1, argv + 1);
	warnx_("unknown command '%s'", argv[1]);
	usage_all(stderr);
	return EXIT_USAGE;
}
