/*
 * report.c: privmap rules, policy, fix and graph: a saved JSON report read
 * back (bounded, streamed, checked against the report's contract) and
 * turned into the artefact each names, on -o or standard output, with any
 * other artefact option of scan beside it. It never scans and never exits.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* the tail of rules, policy and fix --help: cmd_report takes every
 * artefact option of scan (EXTRAS_LONGOPTS) */
#define REPORT_EXTRAS_HELP \
"\n" \
"Every artefact option of privmap scan is taken too, so that one reading\n" \
"of the report writes several files (see privmap scan --help):\n" \
"  --audit-rules FILE  --audit-base FILE  --audit-immutable FILE\n" \
"  --arch ARCH  --policy FILE  --policy-format F  --policy-hook\n" \
"  --hook-policy FILE  --fix-script FILE  --workspace DIR\n" \
"  --graph FILE  --graph-html FILE\n"

const char rules_usage[] =
"usage: privmap rules REPORT.json [-o FILE] [--audit-base FILE]\n"
"                     [--audit-immutable FILE] [--arch ARCH]\n"
"\n"
"auditd rules for the findings of a saved JSON report: the same file\n"
"`privmap scan --audit-rules FILE` writes. Every rule is checked with\n"
"libaudit's parser before it is written.\n"
REPORT_EXTRAS_HELP;

const char policy_usage[] =
"usage: privmap policy REPORT.json [--policy-format generic|claude-code|codex]\n"
"                      [--policy-hook] [--hook-policy FILE] [-o FILE]\n"
"       privmap policy REPORT.json --policy-format systemd|docker|compose|\n"
"                      seccomp|bwrap [--workspace DIR...] [-o FILE]\n"
"\n"
"The sandbox formats write the sandbox that contains the findings, every\n"
"line under its reason (docs/sandbox.md): a drop-in for the agent's\n"
"systemd service, a sh script running docker run (sh FILE IMAGE [CMD]),\n"
"a compose service fragment, a seccomp profile in Docker's format, a sh\n"
"script running bwrap (sh FILE CMD); --workspace DIR is what the agent\n"
"may write (repeatable; never guessed).\n"
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

const char fix_usage[] =
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

const char graph_usage[] =
"usage: privmap graph REPORT.json [--format dot|html] [-o FILE]\n"
"\n"
"The escalation graph of a saved JSON report (its \"graph\" member): the\n"
"identities the user reaches and root, one edge per finding, the paths to\n"
"root highlighted and the cut marked. dot (the default): Graphviz DOT, the\n"
"file `privmap scan --graph FILE` writes (draw it with dot -Tsvg); html:\n"
"one self-contained page, the file `privmap scan --graph-html FILE`\n"
"writes (the graph drawn inline, the cut first, each edge linked to its\n"
"finding; it loads nothing from the network). A report without the\n"
"member gives the scanned user alone.\n"
REPORT_EXTRAS_HELP;

/* Read a saved JSON report (bounded), for rules, policy, fix, graph. */
static struct report *
load_report(const char *path)
{
	struct report_load_err err;
	struct report *r;
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	if (fp == NULL) {
		cli_warnx("%s: %s", path, strerror(errno));
		return NULL;
	}
	/* streamed: a big report is never held whole as JSON values */
	r = report_load(fp, &err);
	if (fp != stdin)
		fclose(fp);
	if (r == NULL && err.json)
		cli_warnx("%s:%u: not JSON: %s", path, err.line, err.text);
	else if (r == NULL)
		cli_warnx("%s: not a privmap report: %s", path, err.why);
	return r;
}

/* privmap rules|policy|fix|graph REPORT.json [-o FILE] [extras options] */
static int
cmd_report(int argc, char **argv, const char *usage, int what)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, OPT_HELP },
		EXTRAS_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	}, gopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, OPT_HELP },
		EXTRAS_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct extras x;
	struct report *r = NULL;
	const char *outpath = "-", *format = NULL;
	int c, ret = EXIT_USAGE;

	extras_init(&x);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", what == 'g' ? gopts : opts,
	    NULL)) != -1) {
		int e = extras_option(&x, c, optarg);

		if (e == -1)
			goto out;
		if (e == 1)
			continue;
		if (c == 'o')
			outpath = optarg;
		else if (c == OPT_FORMAT)
			format = optarg;
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
		cli_warnx("%s: expected one REPORT.json", argv[0]);
		fputs(usage, stderr);
		goto out;
	}
	if (format && strcmp(format, "dot") != 0 &&
	    strcmp(format, "html") != 0) {
		cli_warnx("--format: unknown format '%s' (dot or html)", format);
		goto out;
	}
	if ((r = load_report(argv[optind])) == NULL)
		goto out;
	/* the main output of each subcommand goes to -o (default stdout) */
	if (what == 'r')
		x.audit_path = outpath;
	else if (what == 'p')
		x.policy_path = outpath;
	else if (what == 'g' && format && strcmp(format, "html") == 0)
		x.html_path = outpath;
	else if (what == 'g')
		x.graph_path = outpath;
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

/* privmap rules REPORT.json */
int
cmd_rules(int argc, char **argv)
{
	return cmd_report(argc, argv, rules_usage, 'r');
}

/* privmap policy REPORT.json */
int
cmd_policy(int argc, char **argv)
{
	return cmd_report(argc, argv, policy_usage, 'p');
}

/* privmap fix REPORT.json */
int
cmd_fix(int argc, char **argv)
{
	return cmd_report(argc, argv, fix_usage, 'f');
}

/* privmap graph REPORT.json */
int
cmd_graph(int argc, char **argv)
{
	return cmd_report(argc, argv, graph_usage, 'g');
}
