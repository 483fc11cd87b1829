/*
 * privmap.c: the command line. Parses arguments, opens the target, runs
 * the checks, hands the report to an output; the only file that sees
 * scanner/, checks/ and output/ together, and the only one that exits.
 *
 *   scanner/tv*.c       target views: a directory root, the host, an image
 *   scanner/passwd.c    the target's passwd and group;  ident.c: the user
 *   scanner/access.c    can the user read/write/replace a path
 *   scanner/walk.c      the one walk;  report.c: findings, ids, JSON
 *   checks/registry.c   the table of checks, one file per family
 *   output/         text, JSON, SARIF, audit rules, policy, fix script
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "output/output.h"
#include "scanner/privs.h"
#include "scanner/xmalloc.h"

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
"  --cross-mounts        walk into other filesystems too (default: stay on\n"
"                        the filesystem of / or DIR, like find -xdev)\n"
"User:\n"
"  --user NAME|UID       whose reach to evaluate, resolved in the target's\n"
"                        own etc/passwd and etc/group (default: the\n"
"                        invoking user, SUDO_USER under sudo)\n"
"Output:\n"
"  --format text|json    report format (default text)\n"
"  -o, --output FILE     write the report to FILE instead of stdout\n"
"  -v, --verbose         evidence and remedies in the text report\n"
"  -q, --quiet           no progress or notes on stderr\n"
"Gate:\n"
"  --fail-on SEVERITY    exit 1 when a finding is at or above SEVERITY:\n"
"                        critical, high (default), medium, low, info, or\n"
"                        none (never)\n"
"\n"
"Exit status: 0 nothing at or above --fail-on; 1 findings at or above it;\n"
"2 usage error or a fatal error (unknown user, unreadable target).\n"
"\n"
"Examples:\n"
"  sudo privmap scan --user agent\n"
"  privmap scan --root /srv/rootfs --user agent --format json -o report.json\n";

static const struct cmd_entry cmd_table[] = {
	{ "scan", cmd_scan, scan_usage },
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
		    "every privilege, so no escalation is reported");
}

enum {
	OPT_ROOT = 256, OPT_USER, OPT_FORMAT, OPT_FAIL_ON, OPT_CROSS,
	OPT_HELP,
};

static int
cmd_scan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "user", required_argument, NULL, OPT_USER },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "cross-mounts", no_argument, NULL, OPT_CROSS },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = NULL, *format = "text", *outpath = NULL, *why;
	char *user = NULL;
	int c, verbose = 0, fail_on = SEV_HIGH, ret = EXIT_USAGE;
	unsigned flags = 0;
	struct scan s;
	FILE *out = stdout;

	memset(&s, 0, sizeof s);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:vq", opts, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT:
			root = optarg;
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
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		warnx_("--format: unknown format '%s' (text or json)", format);
		goto out;
	}
	if (outpath && (out = fopen(outpath, "w")) == NULL) {
		warnx_("%s: %s", outpath, strerror(errno));
		out = stdout;
		goto out;
	}
	if (!quiet && isatty(STDERR_FILENO))
		flags |= SCAN_PROGRESS;
	/* every output file is open: from here on, read-only privileges */
	{
		char msg[256];

		if (privs_drop(root == NULL, msg, sizeof msg) == -1) {
			warnx_("cannot drop privileges: %s", msg);
			goto out;
		}
		if (verbose && !quiet)
			warnx_("%s", msg);
	}
	if (root) {
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
	s.rep->kind = xstrdup(root ? "rootfs" : "host");
	s.rep->root = xstrdup(root ? root : "/");
	load_userdb(&s);
	if (user == NULL)
		user = default_user();
	if (ident_resolve(&s.db, user, &s.user, &why) == -1) {
		warnx_("unknown user '%s': %s", user, why);
		goto out;
	}
	report_set_user(&s);
	s.acc = access_new(s.tv, &s.user);
	if (checks_run(&s) == -1)
		report_add_error(s.rep, "/", "the walk could not start");
	report_finish(s.rep);
	if (strcmp(format, "json") == 0)
		c = output_json(s.rep, out, &why);
	else
		c = output_text(s.rep, out, isatty(fileno(out)) &&
		    getenv("NO_COLOR") == NULL, verbose);
	if (c == 0 && fflush(out) != 0)
		c = -1;
	if (c == -1) {
		warnx_("%s: cannot write the report: %s",
		    outpath ? outpath : "stdout", strerror(errno));
		goto out;
	}
	if (!quiet && (flags & SCAN_VERBOSE))
		warnx_("%lu entries walked, %zu findings, %zu errors",
		    s.walked, s.rep->nfindings,
		    json_array_size(s.rep->errors));
	ret = fail_on < SEV_COUNT &&
	    report_count_at_least(s.rep, (enum severity)fail_on) > 0 ?
	    EXIT_FINDINGS : 0;
out:
	if (out != stdout && fclose(out) != 0 && ret != EXIT_USAGE) {
		warnx_("%s: %s", outpath, strerror(errno));
		ret = EXIT_USAGE;
	}
	access_free(s.acc);
	ident_free(&s.user);
	userdb_free(&s.db);
	report_free(s.rep);
	tv_free(s.tv);
	free(user);
	return ret;
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
