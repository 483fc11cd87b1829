/*
 * privmap.c: the command line's front door: main and the table of
 * subcommands, each in cli/ (scan.c; report.c for rules, policy, fix,
 * graph; watch.c for events, replay and hook; fleet.c for fleet). The
 * only file that sees every floor (through cli/), and the only one that
 * exits, by returning from main. The floors, from the bottom
 * (docs/design.md):
 *
 *   lib/      allocation, the hash map, text form of names, small helpers
 *   parse/    every parser of untrusted text: a buffer in, a struct out
 *   known/    the knowledge tables and the severity scale
 *   engine/   target views, identity, access, the walk, the report model,
 *             one scan from open to close (scan-open.c)
 *   checks/   one file per family, and the registry
 *   output/   text, JSON, SARIF, audit rules, policies, fix script
 *   watch/    events, replay and the agent hook
 *   cli/      the subcommands: options, output files, the CI gate
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

struct cmd_entry {
	const char	*name;
	int		(*exec)(int, char **);
	const char	*usage;
};

static const struct cmd_entry cmd_table[] = {
	{ "scan", cmd_scan, scan_usage },
	{ "rules", cmd_rules, rules_usage },
	{ "policy", cmd_policy, policy_usage },
	{ "fix", cmd_fix, fix_usage },
	{ "graph", cmd_graph, graph_usage },
	{ "events", cmd_events, events_usage },
	{ "replay", cmd_replay, replay_usage },
	{ "hook", cmd_hook, hook_usage },
	{ "fleet", cmd_fleet, fleet_usage },
	{ NULL, NULL, NULL },
};

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
	    "  policy    an agent policy, or the sandbox it needs, from a saved\n"
	    "            JSON report\n"
	    "  fix       a remediation script from a saved JSON report\n"
	    "  graph     the escalation graph of a saved JSON report (DOT, "
	    "HTML)\n"
	    "  events    what the audit logs recorded on privmap's surfaces\n"
	    "  replay    the recorded actions against a generic policy\n"
	    "  hook      a Claude Code PreToolUse hook judging tool calls\n"
	    "  fleet     one view of many hosts' saved JSON reports\n"
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
	cli_warnx("unknown command '%s'", argv[1]);
	usage_all(stderr);
	return EXIT_USAGE;
}
