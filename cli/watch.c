/*
 * watch.c: privmap events, replay and hook, the subcommands that watch
 * what an agent did or is about to do: audit logs read and summed up or
 * played against a generic policy, and the Claude Code hook judging one
 * tool call. The engines are output/events.c, output/replay.c and
 * output/hook.c; here only their options and output file. Never exits.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "engine/privs.h"
#include "lib/num.h"
#include "lib/xmalloc.h"
#include "watch/events.h"
#include "watch/hook.h"

const char events_usage[] =
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

const char replay_usage[] =
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

const char hook_usage[] =
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

/* the options of events and replay, as read */
struct watch_args {
	const char	*outpath, *policy;
	unsigned long	 uid;
	int		 json, has_uid, verbose;
};

/* One option: 0, 1 for --help (given), or -1 (said why). */
static int
watch_option(struct watch_args *a, int c, const char *arg, int replay,
    const char *cmd)
{
	switch (c) {
	case 'F':
		if (strcmp(arg, "json") != 0 && strcmp(arg, "text") != 0) {
			cli_warnx("--format: text or json");
			return -1;
		}
		a->json = strcmp(arg, "json") == 0;
		break;
	case 'u':
		/* a number: a name would be looked up on this machine, not
		 * where the logs were written */
		if (parse_ulong(arg, 4294967294UL, &a->uid) != 0) {
			cli_warnx("--uid: a number");
			return -1;
		}
		a->has_uid = 1;
		break;
	case 'P':
		if (!replay) {
			cli_warnx("events: unrecognized option '--policy' "
			    "(privmap replay takes it)");
			return -1;
		}
		a->policy = arg;
		break;
	case 'o':
		a->outpath = arg;
		break;
	case 'v':
		a->verbose = 1;
		break;
	case OPT_HELP:
		fputs(replay ? replay_usage : events_usage, stdout);
		return 1;
	default:
		fprintf(stderr, "Try 'privmap %s --help'.\n", cmd);
		return -1;
	}
	return 0;
}

/* The options and the logs to read: 0 to go on, 1 for --help (given),
 * or -1 (said why). */
static int
watch_parse(int argc, char **argv, int replay, struct watch_args *a)
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
	int c, e;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:v", opts, NULL)) != -1)
		if ((e = watch_option(a, c, optarg, replay, argv[0])) != 0)
			return e;
	if (replay && a->policy == NULL) {
		cli_warnx("replay: --policy POLICY.json is needed");
		fputs(usage, stderr);
		return -1;
	}
	if (optind == argc && isatty(STDIN_FILENO)) {
		cli_warnx("%s: no AUDIT_LOG given, and standard input is a "
		    "terminal", argv[0]);
		fputs(usage, stderr);
		return -1;
	}
	return 0;
}

/* The logs argv[optind..] read, and the summary or the replay written
 * to out: 0, or -1 (said why). */
static int
watch_run(int argc, char **argv, int replay, const struct watch_args *a,
    FILE *out)
{
	const char *const *logs = (const char *const *)argv + optind;
	size_t nlogs = (size_t)(argc - optind);
	const char *why = NULL;
	int rc;

	if (replay) {
		struct replay_opts o = { 0 };

		o.json = a->json;
		o.has_uid = a->has_uid;
		o.uid = a->uid;
		o.verbose = a->verbose;
		rc = replay_run(a->policy, logs, nlogs, out, &o, &why);
	} else {
		struct events_opts o = { 0 };

		o.json = a->json;
		o.has_uid = a->has_uid;
		o.uid = a->uid;
		o.verbose = a->verbose;
		rc = events_run(logs, nlogs, out, &o, &why);
	}
	if (rc != 0) {
		cli_warnx("%s: %s", argv[0], why ? why : "failed");
		return -1;
	}
	return 0;
}

static int
cmd_events_replay(int argc, char **argv, int replay)
{
	struct watch_args a;
	const char *why = NULL;
	int c, ret = EXIT_USAGE;
	struct outfile out;
	char msg[256];

	memset(&a, 0, sizeof a);
	memset(&out, 0, sizeof out);
	if ((c = watch_parse(argc, argv, replay, &a)) != 0)
		return c == 1 ? 0 : EXIT_USAGE;
	if (open_out(&out, a.outpath ? a.outpath : "-") == -1)
		return EXIT_USAGE;
	if (geteuid() == 0) {
		struct outfile *v[] = { &out };

		if (outfile_keeper_start(v, 1, &why) == -1) {
			cli_warnx("cannot prepare the output file: %s", why);
			goto out;
		}
	}
	/* the output is open: keep only what reading root's logs needs */
	if (privs_drop(0, msg, sizeof msg) == -1) {
		cli_warnx("cannot drop privileges: %s", msg);
		goto out;
	}
	if (watch_run(argc, argv, replay, &a, out.fp) == -1)
		goto out;
	why = NULL;
	if (outfile_commit(&out, &why) == -1) {
		cli_warnx("%s: %s", a.outpath ? a.outpath : "stdout", why);
		goto out;
	}
	ret = 0;
out:
	if (out.fp)
		outfile_abort(&out);
	outfile_keeper_stop();
	return ret;
}

/* privmap events [...] [AUDIT_LOG...] */
int
cmd_events(int argc, char **argv)
{
	return cmd_events_replay(argc, argv, 0);
}

/* privmap replay [...] [AUDIT_LOG...] */
int
cmd_replay(int argc, char **argv)
{
	return cmd_events_replay(argc, argv, 1);
}

/* privmap hook claude-code --policy FILE: 0 or 2, which Claude Code
 * reads as go on or block; a usage error blocks too */
int
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
		cli_warnx("hook: blocked: expected 'hook claude-code --policy "
		    "FILE' (the one agent privmap hooks into)");
		return EXIT_USAGE;
	}
	if (policy == NULL) {
		cli_warnx("hook: blocked: --policy POLICY.json is needed");
		return EXIT_USAGE;
	}
	return hook_claude_run(policy, STDIN_FILENO, stdout, stderr);
}
