/*
 * scan.c: privmap scan, the command line of a scan: its options read and
 * checked, every output file opened while privileges are still held, the
 * privileges dropped, then the engine's scan (engine/scan.h) with the
 * check table, the CI gate, the report and the artefacts written. It
 * decides nothing about the target itself, and never exits.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "cli/cli.h"
#include "engine/privs.h"
#include "engine/sandbox.h"
#include "lib/pathenc.h"
#include "lib/xmalloc.h"

const char scan_usage[] =
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
"  --all-users           also every account that can log in or runs a\n"
"                        service: who can become root, and how\n"
"  --no-graph            judge the user alone: no escalation graph (no\n"
"                        other identity judged, no paths, no cut)\n"
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
"  --workspace DIR       with a sandbox --policy-format (systemd, docker,\n"
"                        compose, seccomp, bwrap): a directory the agent\n"
"                        must write, left writable (repeatable; never\n"
"                        guessed)\n"
"  --graph FILE          the escalation graph as Graphviz DOT (dot -Tsvg\n"
"                        FILE draws it): paths to root red, the cut dashed\n"
"  --graph-html FILE     the same as one self-contained HTML page, the cut\n"
"                        first, each edge linked to its finding\n"
"Sandbox:\n"
"  --sandbox SPEC        judge every finding inside the agent's sandbox:\n"
"                        a unit on the target (NAME.service, with its\n"
"                        drop-ins) or a unit file (systemd:FILE), an OCI\n"
"                        config.json or docker inspect output\n"
"                        (FILE.json[#NAME]), a compose service\n"
"                        (FILE.yaml#SERVICE); a finding it contains drops\n"
"                        to info, saying which layer contains it\n"
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

/* privmap scan's options, as read */
struct scan_args {
	const char	*root, *image, *platform, *format, *outpath;
	char		*user;
	char		*absroot;	/* root made absolute, or NULL */
	int		 verbose;
	unsigned	 flags;		/* SCAN_* */
	struct extras	 x;
	struct cli_gate	 gate;
	const char	*sandbox;	/* --sandbox SPEC, or NULL */
};

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

/* One option of scan's own: 0, or -1 (said why). */
static int
scan_option(struct scan_args *a, int c, const char *arg)
{
	switch (c) {
	case OPT_ROOT:
		a->root = arg;
		break;
	case OPT_IMAGE:
		a->image = arg;
		break;
	case OPT_PLATFORM:
		a->platform = arg;
		break;
	case OPT_USER:
		free(a->user);
		a->user = xstrdup(arg);
		break;
	case OPT_FORMAT:
		a->format = arg;
		break;
	case 'o':
		a->outpath = arg;
		break;
	case OPT_CROSS:
		a->flags |= SCAN_CROSS_MOUNTS;
		break;
	case OPT_NO_GRAPH:
		a->flags |= SCAN_NO_GRAPH;
		break;
	case OPT_ALL_USERS:
		a->flags |= SCAN_ALL_USERS;
		break;
	case OPT_SANDBOX:
		a->sandbox = arg;
		break;
	case 'v':
		a->verbose = 1;
		a->flags |= SCAN_VERBOSE;
		break;
	case 'q':
		cli_quiet = 1;
		break;
	default:
		fputs("Try 'privmap scan --help'.\n", stderr);
		return -1;
	}
	return 0;
}

/* The options: 0 to scan, 1 for --help (given), -1 (said why). */
static int
scan_parse(int argc, char **argv, struct scan_args *a)
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
		{ "no-graph", no_argument, NULL, OPT_NO_GRAPH },
		{ "all-users", no_argument, NULL, OPT_ALL_USERS },
		{ "sandbox", required_argument, NULL, OPT_SANDBOX },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, OPT_HELP },
		EXTRAS_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int c, e;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:vq", opts, NULL)) != -1) {
		if ((e = extras_option(&a->x, c, optarg)) == 0)
			e = cli_gate_option(&a->gate, c, optarg);
		if (e == -1)
			return -1;
		if (e == 1)
			continue;
		if (c == OPT_HELP) {
			fputs(scan_usage, stdout);
			return 1;
		}
		if (scan_option(a, c, optarg) == -1)
			return -1;
	}
	if (optind < argc) {
		cli_warnx("scan: unexpected argument '%s' (a target is given "
		    "with --root DIR)", argv[optind]);
		return -1;
	}
	return 0;
}

/* The options together, and the gate's files: 0, or -1 (said why). */
static int
scan_check(struct scan_args *a)
{
	const char *f = a->format;

	if (a->root && a->image) {
		cli_warnx("--root and --image: one target at a time");
		return -1;
	}
	if (a->platform && !a->image) {
		cli_warnx("--platform goes with --image");
		return -1;
	}
	if ((a->flags & SCAN_NO_GRAPH) && (a->x.graph_path ||
	    a->x.html_path)) {
		cli_warnx("--graph and --graph-html draw the escalation graph, "
		    "which --no-graph leaves out");
		return -1;
	}
	/* the gate's files, before anything is scanned: a typo in them must
	 * stop the job, not quietly change what counts */
	if (cli_gate_load(&a->gate) == -1)
		return -1;
	if (strcmp(f, "text") != 0 && strcmp(f, "json") != 0 &&
	    strcmp(f, "sarif") != 0) {
		cli_warnx("--format: unknown format '%s' (text, json or sarif)",
		    f);
		return -1;
	}
	/* the report names its root as an absolute, normal path: the one a
	 * saved report must have (a fix script acts inside it) */
	if (a->root && !pathenc_normal(a->root) &&
	    (a->absroot = realpath(a->root, NULL)) == NULL) {
		cli_warnx("%s: cannot open the target: %s", a->root,
		    strerror(errno));
		return -1;
	}
	if (a->root && a->x.fix_path &&
	    strcmp(a->absroot ? a->absroot : a->root, "/") == 0) {
		cli_warnx("--root / --fix-script: a script for a root "
		    "filesystem at / would act on this host: scan the host "
		    "itself (no --root) for one");
		return -1;
	}
	return 0;
}

/* Every output file opened, none named twice, and kept renamable after
 * root drops its privileges: 0, or -1 (said why). */
static int
scan_outputs(struct scan_args *a, struct outfile *out)
{
	struct outfile *v[] = { out, &a->x.audit, &a->x.base, &a->x.imm,
	    &a->x.policy, &a->x.rules, &a->x.fix, &a->x.hookpol, &a->x.graph,
	    &a->x.html };
	const char *why;

	if (open_out(out, a->outpath ? a->outpath : "-") == -1 ||
	    extras_open(&a->x) == -1 ||
	    outs_distinct(v, sizeof v / sizeof v[0]) == -1)
		return -1;
	/* root may not rename in the outputs' directories once it has
	 * dropped to an unprivileged uid: a process keeps that right */
	if (geteuid() == 0 && outfile_keeper_start(v, sizeof v / sizeof v[0],
	    &why) == -1) {
		cli_warnx("cannot prepare the output files: %s", why);
		return -1;
	}
	return 0;
}

/* Every output file is open: from here on, read-only privileges. 0, or
 * -1 (said why). */
static int
scan_privs(const struct scan_args *a)
{
	char msg[256];

	/* cap_sys_ptrace is for a live host's /proc only: an image is an
	 * archive like any file */
	if (privs_drop(a->root == NULL && a->image == NULL, msg,
	    sizeof msg) == -1) {
		cli_warnx("cannot drop privileges: %s", msg);
		return -1;
	}
	if (a->verbose && !cli_quiet)
		cli_warnx("%s", msg);
	return 0;
}

/* The report itself, to -o or standard output: 0, or -1 (said why). */
static int
scan_write(const struct scan_args *a, struct outfile *out,
    const struct report *rep)
{
	const char *why = NULL;
	int c;

	if (strcmp(a->format, "json") == 0)
		c = output_json(rep, out->fp, &why);
	else if (strcmp(a->format, "sarif") == 0)
		c = output_sarif(rep, out->fp, &why);
	else
		c = output_text(rep, out->fp, isatty(fileno(out->fp)) &&
		    getenv("NO_COLOR") == NULL, a->verbose);
	if (c == -1 && why == NULL)
		why = strerror(errno);
	return finish_out(out, c, why);
}

/* The target opened and the scan begun: 0, or -1 (said why). */
static int
scan_start(const struct scan_args *a, struct scan *s)
{
	struct scan_target t = { a->root, a->absroot, a->image, a->platform,
	    a->user, a->flags };
	char *msg = NULL;
	int rv = -1;

	if (scan_open(s, &t, &msg) == -1)
		goto out;
	if (a->image && a->verbose && !cli_quiet)
		cli_warnx("%s", msg);
	free(msg);
	if (scan_begin(s, &t, &msg) == -1)
		goto out;
	rv = 0;
out:
	if (rv == -1)
		cli_warnx("%s", msg);
	free(msg);
	return rv;
}

/* privmap scan [TARGET] [USER] [OUTPUT...] [GATE...] */
int
cmd_scan(int argc, char **argv)
{
	struct scan_args a;
	struct outfile out;
	struct scan s;
	struct sandbox sb;
	char *why = NULL;
	int c, ret = EXIT_USAGE;

	memset(&a, 0, sizeof a);
	memset(&sb, 0, sizeof sb);
	memset(&out, 0, sizeof out);
	memset(&s, 0, sizeof s);
	a.format = "text";
	extras_init(&a.x);
	cli_gate_init(&a.gate);
	if ((c = scan_parse(argc, argv, &a)) != 0) {
		ret = c == 1 ? 0 : EXIT_USAGE;
		goto out;
	}
	if (scan_check(&a) == -1 || scan_outputs(&a, &out) == -1)
		goto out;
	if (!cli_quiet && isatty(STDERR_FILENO))
		a.flags |= SCAN_PROGRESS;
	/* who runs privmap, asked before privileges are dropped */
	if (a.user == NULL && a.image == NULL)
		a.user = default_user();
	if (scan_privs(&a) == -1 || scan_start(&a, &s) == -1)
		goto out;
	/* the sandbox read before the walk: a typo must stop the scan */
	if (a.sandbox && sandbox_load(&s, a.sandbox, &sb, &why) == -1) {
		cli_warnx("--sandbox %s", why);
		goto out;
	}
	if (a.sandbox)
		s.sandbox = &sb;
	scan_run(&s, checks_run);
	if (a.sandbox)
		sandbox_judge(s.rep, &sb, a.sandbox);
	cli_gate_apply(&a.gate, s.rep, strcmp(a.format, "text") == 0);
	if (scan_write(&a, &out, s.rep) == -1 ||
	    extras_write(&a.x, s.rep) == -1)
		goto out;
	if (!cli_quiet && (a.flags & SCAN_VERBOSE))
		cli_warnx("%lu entries walked, %zu findings, %zu errors",
		    s.walked, s.rep->nfindings,
		    json_array_size(s.rep->errors));
	cli_gate_print(&a.gate, s.rep);
	ret = a.gate.res.counted > 0 ? EXIT_FINDINGS : 0;
out:
	cli_gate_free(&a.gate);
	extras_close(&a.x);
	if (out.fp)
		outfile_abort(&out);
	outfile_keeper_stop();
	free(a.absroot);
	scan_close(&s);
	sandbox_free(&sb);
	free(why);
	free(a.user);
	return ret;
}
