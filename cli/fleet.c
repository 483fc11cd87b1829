/*
 * fleet.c: privmap fleet, many hosts' saved JSON reports (files, or
 * directories of them as the Ansible role fetches them) read one at a
 * time into the fleet model (engine/fleet.h) and written as text, JSON or
 * HTML, compared with a previous run's JSON if asked. It opens only
 * regular files (never a FIFO or device a directory may hold), never
 * scans, and never exits.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/path.h"
#include "lib/str.h"
#include "lib/xmalloc.h"

/* the name of a host's report in its directory (contrib/ansible) */
#define FLEET_REPORT	"privmap.json"

const char fleet_usage[] =
"usage: privmap fleet [--format text|json|html] [-o FILE] [--json FILE]\n"
"                     [--html FILE] [--baseline FLEET.json] REPORT|DIR...\n"
"\n"
"One view of many hosts' saved JSON reports (privmap scan --format json):\n"
"per kind of finding, how many hosts have it and which; the hosts ranked\n"
"by their worst finding, then their paths to root (the report's\n"
"graph.paths_total; a report without a graph counts 0 and says so).\n"
"\n"
"A REPORT names its host by its file name without .json; a report named\n"
"privmap.json by its directory's name. A DIR holds NAME.json files and\n"
"NAME/privmap.json (one directory per host, as the Ansible role of\n"
"contrib/ansible fetches them). Every report is read with the checks of\n"
"rules, policy and fix: one out of contract stops the run (exit 2).\n"
"\n"
"  --format text|json|html  the view on -o or standard output (default\n"
"                        text; json: docs/fleet.md, privmap.fleet/1)\n"
"  -o, --output FILE     write it to FILE instead of standard output\n"
"  --json FILE           also write the JSON view to FILE\n"
"  --html FILE           also write the HTML view (one self-contained\n"
"                        file) to FILE\n"
"  --baseline FLEET.json the JSON view of a previous run: what is new\n"
"                        (hosts, kinds, findings by id) and what is gone\n"
"  -q, --quiet           no notes on stderr\n"
"\n"
"Exit status: 0, or 2 for a usage error, a report or baseline out of\n"
"contract, or a host named twice.\n";

enum { F_TEXT, F_JSON, F_HTML };

/* Open name (relative to dirfd) read-only if it is a regular file: the
 * stream, NULL with errno (EINVAL: not a regular file). */
static FILE *
open_regular(int dirfd, const char *name, int nofollow)
{
	struct stat st;
	FILE *fp;
	int fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
	    (nofollow ? O_NOFOLLOW : 0));

	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	if ((fp = fdopen(fd, "r")) == NULL)
		close(fd);
	return fp;
}

/* Fold one report file in as host name: 0, or -1 (said why). */
static int
add_file(struct fleet *fl, int dirfd, const char *file, const char *shown,
    const char *name, int nofollow)
{
	const char *why;
	FILE *fp = open_regular(dirfd, file, nofollow);
	int rv;

	if (fp == NULL) {
		cli_warnx("%s: %s", shown, errno == EINVAL ?
		    "not a regular file" : strerror(errno));
		return -1;
	}
	rv = fleet_add(fl, name, shown, fp, &why);
	fclose(fp);
	if (rv == -1)
		cli_warnx("%s: %s", shown, why);
	return rv;
}

/* The host of a report named on the command line. */
static char *
file_host(const char *path)
{
	const char *base = path_basename(path);
	char *dir, *name;

	if (strcmp(base, FLEET_REPORT) == 0) {
		dir = path_dirname(path);
		name = xstrdup(path_basename(dir));
		free(dir);
		return name;
	}
	if (has_proper_suffix(base, ".json"))
		return xstrndup(base, strlen(base) - 5);
	return xstrdup(base);
}

/* One entry of a directory: NAME.json or NAME/privmap.json. 1 if it was a
 * report, 0 if not one, -1 (said why). */
static int
add_entry(struct fleet *fl, int dfd, const char *dir, const char *e)
{
	struct stat st;
	char *shown, *name;
	int rv = 0;

	if (e[0] == '.' || fstatat(dfd, e, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return 0;
	if (S_ISREG(st.st_mode) && has_proper_suffix(e, ".json")) {
		shown = xasprintf("%s/%s", dir, e);
		name = xstrndup(e, strlen(e) - 5);
		rv = add_file(fl, dfd, e, shown, name, 1) == -1 ? -1 : 1;
	} else if (S_ISDIR(st.st_mode)) {
		char *rel = xasprintf("%s/%s", e, FLEET_REPORT);

		shown = xasprintf("%s/%s", dir, rel);
		name = xstrdup(e);
		if (fstatat(dfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0)
			rv = add_file(fl, dfd, rel, shown, name, 1) == -1 ?
			    -1 : 1;
		free(rel);
	} else
		return 0;
	free(shown);
	free(name);
	return rv;
}

/* Every report of a directory, in the order of their names: 0, or -1. */
static int
add_dir(struct fleet *fl, const char *dir)
{
	struct dirent **ents = NULL;
	int dfd, n, i, rv = -1, found = 0;

	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (n = scandir(dir, &ents, NULL, alphasort)) == -1) {
		cli_warnx("%s: %s", dir, strerror(errno));
		if (dfd != -1)
			close(dfd);
		return -1;
	}
	for (i = 0; i < n; i++) {
		int r = add_entry(fl, dfd, dir, ents[i]->d_name);

		if (r == -1)
			break;
		found += r;
	}
	if (i == n)
		rv = 0;
	if (rv == 0 && found == 0) {
		cli_warnx("%s: no report in it (NAME.json or NAME/%s)", dir,
		    FLEET_REPORT);
		rv = -1;
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	close(dfd);
	return rv;
}

/* A previous run's JSON view: 0, or -1 (said why). */
static int
load_baseline(struct fleet *fl, const char *path)
{
	json_error_t je;
	const char *why;
	json_t *prev;
	FILE *fp = open_regular(AT_FDCWD, path, 0);
	int rv;

	if (fp == NULL) {
		cli_warnx("%s: %s", path, errno == EINVAL ?
		    "not a regular file" : strerror(errno));
		return -1;
	}
	prev = json_loadf(fp, JSON_REJECT_DUPLICATES, &je);
	fclose(fp);
	if (prev == NULL) {
		cli_warnx("%s:%d: not JSON: %s", path, je.line, je.text);
		return -1;
	}
	if ((rv = fleet_baseline(fl, path, prev, &why)) == -1)
		cli_warnx("%s: not a privmap fleet view: %s", path, why);
	json_decref(prev);
	return rv;
}

/* One view to an open output: 0, or -1 (said why). */
static int
write_view(const struct fleet *fl, struct outfile *o, int format)
{
	int c;

	if (o->fp == NULL)
		return 0;
	if (format == F_JSON)
		c = output_fleet_json(fl, o->fp);
	else if (format == F_HTML)
		c = output_fleet_html(fl, o->fp);
	else
		c = output_fleet_text(fl, o->fp);
	return finish_out(o, c, c == -1 ? strerror(errno) : NULL);
}

struct fleet_args {
	const char	*outpath, *json, *html, *base;
	int		 format;
};

/* The options: 0, 1 for --help (given), -1 (said why). */
static int
fleet_parse(int argc, char **argv, struct fleet_args *a)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "json", required_argument, NULL, OPT_FLEET_JSON },
		{ "html", required_argument, NULL, OPT_FLEET_HTML },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:q", opts, NULL)) != -1) {
		if (c == OPT_FORMAT && strcmp(optarg, "text") == 0)
			a->format = F_TEXT;
		else if (c == OPT_FORMAT && strcmp(optarg, "json") == 0)
			a->format = F_JSON;
		else if (c == OPT_FORMAT && strcmp(optarg, "html") == 0)
			a->format = F_HTML;
		else if (c == OPT_FORMAT) {
			cli_warnx("--format: unknown format '%s' (text, json "
			    "or html)", optarg);
			return -1;
		} else if (c == 'o')
			a->outpath = optarg;
		else if (c == OPT_FLEET_JSON)
			a->json = optarg;
		else if (c == OPT_FLEET_HTML)
			a->html = optarg;
		else if (c == OPT_BASELINE)
			a->base = optarg;
		else if (c == 'q')
			cli_quiet = 1;
		else if (c == OPT_HELP) {
			fputs(fleet_usage, stdout);
			return 1;
		} else {
			fputs("Try 'privmap fleet --help'.\n", stderr);
			return -1;
		}
	}
	if (optind >= argc) {
		cli_warnx("fleet: expected REPORT.json files or directories");
		fputs(fleet_usage, stderr);
		return -1;
	}
	return 0;
}

/* Every report named, folded in: 0, or -1 (said why). */
static int
fleet_read(struct fleet *fl, int argc, char **argv)
{
	struct stat st;
	int i;

	for (i = optind; i < argc; i++) {
		int r;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			r = add_dir(fl, argv[i]);
		else {
			char *name = file_host(argv[i]);

			r = add_file(fl, AT_FDCWD, argv[i], argv[i], name, 0);
			free(name);
		}
		if (r == -1)
			return -1;
	}
	return 0;
}

/* privmap fleet REPORT|DIR... */
int
cmd_fleet(int argc, char **argv)
{
	struct fleet_args a = { NULL, NULL, NULL, NULL, F_TEXT };
	struct outfile out, js, ht;
	struct outfile *v[] = { &out, &js, &ht };
	struct fleet fl;
	int c, ret = EXIT_USAGE;

	memset(&out, 0, sizeof out);
	memset(&js, 0, sizeof js);
	memset(&ht, 0, sizeof ht);
	fleet_init(&fl);
	if ((c = fleet_parse(argc, argv, &a)) != 0) {
		ret = c == 1 ? 0 : EXIT_USAGE;
		goto out;
	}
	if (fleet_read(&fl, argc, argv) == -1)
		goto out;
	fleet_finish(&fl);
	if (a.base && load_baseline(&fl, a.base) == -1)
		goto out;
	if (open_out(&out, a.outpath ? a.outpath : "-") == -1 ||
	    open_out(&js, a.json) == -1 || open_out(&ht, a.html) == -1 ||
	    outs_distinct(v, 3) == -1)
		goto out;
	if (write_view(&fl, &out, a.format) == -1 ||
	    write_view(&fl, &js, F_JSON) == -1 ||
	    write_view(&fl, &ht, F_HTML) == -1)
		goto out;
	if (!cli_quiet && a.outpath != NULL)
		cli_warnx("fleet: %zu hosts, %zu kinds of finding", fl.nhosts,
		    fl.nkinds);
	ret = 0;
out:
	for (c = 0; c < 3; c++)
		if (v[c]->fp)
			outfile_abort(v[c]);
	fleet_free(&fl);
	return ret;
}
