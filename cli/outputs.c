/*
 * outputs.c: the files a subcommand writes besides its main output (the
 * artefact options of cli.h: audit rules, policies, the fix script, the
 * graph's DOT and HTML), and
 * the output files themselves: opened before privileges are dropped,
 * never two outputs on one file, put in place only when complete. It
 * writes nothing that an output/ writer did not produce, and exits never.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/path.h"
#include "lib/pathenc.h"
#include "lib/xmalloc.h"

int cli_quiet;

/* privmap's one voice on stderr: "privmap: ", the message, a newline */
void
cli_warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("privmap: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* No artefact asked for yet; the base file's -f at its default. */
void
extras_init(struct extras *x)
{
	memset(x, 0, sizeof *x);
	x->aopts.failure = -1;
}

/* Open path for writing unless it is NULL: 0, or -1 (said why). */
int
open_out(struct outfile *o, const char *path)
{
	const char *why = NULL;

	o->fp = NULL;
	if (path == NULL)
		return 0;
	if (outfile_open(o, path, &why) == -1) {
		cli_warnx("%s: %s", path, why);
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
int
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
				cli_warnx("%s: named for two outputs (%s)",
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
		cli_warnx("--policy-hook: the settings go to standard output, "
		    "so the policy the hook reads has no place beside them: "
		    "give -o FILE or --hook-policy FILE");
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
		cli_warnx("--hook-policy: a file of its own, not standard "
		    "output or the settings");
		return -1;
	}
	if (open_out(&x->hookpol, x->hook_out) == -1)
		return -1;
	if ((x->hook_abs = out_abspath(&x->hookpol)) == NULL) {
		cli_warnx("%s: %s", x->hook_out, strerror(errno));
		return -1;
	}
	/* the hook runs this very program, wherever PATH leads */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0 && exe[0] == '/') {
		exe[n] = '\0';
		x->hook_exe = xstrdup(exe);
	} else if (!cli_quiet)
		cli_warnx("note: cannot tell where this privmap is; the hook "
		    "runs 'privmap' from PATH");
	return 0;
}

/* Open every artefact asked for, the codex rules and the hook's policy
 * with them: 0, or -1 (said why). */
int
extras_open(struct extras *x)
{
	if (open_out(&x->audit, x->audit_path) == -1 ||
	    open_out(&x->base, x->base_path) == -1 ||
	    open_out(&x->imm, x->imm_path) == -1 ||
	    open_out(&x->policy, x->policy_path) == -1 ||
	    open_out(&x->fix, x->fix_path) == -1 ||
	    open_out(&x->graph, x->graph_path) == -1 ||
	    open_out(&x->html, x->html_path) == -1)
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
		cli_warnx("--hook-policy goes with --policy-format "
		    "claude-code");
		return -1;
	}
	if (x->policy.fp && x->policy_format == POLICY_CLAUDE_CODE &&
	    (x->policy_flags & POLICY_HOOK))
		return hook_policy_open(x);
	return 0;
}

/* A writer's result r for o: put the file in place, or say why not and
 * leave what it was to replace as it was. 0 or -1. */
int
finish_out(struct outfile *o, int r, const char *why)
{
	const char *path = o->path ? o->path : "-";

	if (o->fp == NULL)
		return 0;
	if (r == 0 && outfile_commit(o, &why) == 0)
		return 0;
	if (r == -1)
		outfile_abort(o);
	cli_warnx("%s: %s", strcmp(path, "-") == 0 ? "stdout" : path,
	    why ? why : "cannot write");
	return -1;
}

/* Write every requested extra for a finished report: 0, or -1. Each
 * writer runs before its result is looked at: it fills why. */
int
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
		if (!cli_quiet)
			cli_warnx("the hook in %s reads the policy %s",
			    strcmp(x->policy_path, "-") ? x->policy_path :
			    "the settings", x->hook_abs);
	} else if (x->policy.fp && policy_format_is_sandbox(x->policy_format)) {
		struct sandbox_opts so = { x->workspace, x->nworkspace, NULL };

		c = output_sandbox(r, x->policy.fp, x->policy_format, &so, &why);
		ret |= finish_out(&x->policy, c, why);
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
		if (rr == 0 && !cli_quiet)
			fprintf(stderr, "privmap: Codex rules written to %s "
			    "(install as ~/.codex/rules/privmap.rules)\n",
			    x->rules_path);
		ret |= rr;
	}
	if (x->fix.fp) {
		c = output_fix(r, x->fix.fp, &why);
		ret |= finish_out(&x->fix, c, why);
	}
	if (x->graph.fp) {
		c = output_graph_dot(r, x->graph.fp, &why);
		ret |= finish_out(&x->graph, c, why);
	}
	if (x->html.fp) {
		c = output_graph_html(r, x->html.fp, &why);
		ret |= finish_out(&x->html, c, why);
	}
	return ret ? -1 : 0;
}

/* Drop whatever was not put in place (a failed run leaves every file
 * it was to write as it was). */
void
extras_close(struct extras *x)
{
	struct outfile *f[] = { &x->audit, &x->base, &x->imm, &x->policy,
	    &x->rules, &x->fix, &x->hookpol, &x->graph, &x->html };
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

/* --workspace DIR: absolute and normal (it is written into unit files,
 * mount options and scripts as it is), no comma (docker's --mount
 * splits there) and no control byte. 1, or -1 (said why). */
static int
workspace_option(struct extras *x, const char *arg)
{
	const unsigned char *p;

	if (!pathenc_normal(arg) || strcmp(arg, "/") == 0) {
		cli_warnx("--workspace %s: an absolute, normal directory "
		    "other than /", arg);
		return -1;
	}
	for (p = (const unsigned char *)arg; *p; p++)
		if (*p < ' ' || *p == 0x7f || *p == ',') {
			cli_warnx("--workspace: no comma or control byte in "
			    "the path");
			return -1;
		}
	if (x->nworkspace == MAX_WORKSPACES) {
		cli_warnx("--workspace: at most %d", MAX_WORKSPACES);
		return -1;
	}
	x->workspace[x->nworkspace++] = arg;
	return 1;
}

/* Options shared by scan and the report subcommands: 1 if taken, 0 if
 * not one of them, -1 for a bad value. */
int
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
			cli_warnx("--policy-format: unknown format '%s' "
			    "(generic, claude-code, codex; the sandbox: "
			    "systemd, docker, compose, seccomp, bwrap)", arg);
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
	case OPT_WORKSPACE:
		return workspace_option(x, arg);
	case OPT_GRAPH:
		x->graph_path = arg;
		return 1;
	case OPT_GRAPH_HTML:
		x->html_path = arg;
		return 1;
	}
	return 0;
}

