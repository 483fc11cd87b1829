/*
 * gate.c: the CI gate's options of privmap scan (--fail-on, --baseline,
 * --ignore): their values checked while the options are read, their
 * files read before anything is scanned, the verdict applied to the
 * finished report (engine/gate.c decides) and summed up on stderr. It
 * never drops a finding and never changes what a writer prints.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/xmalloc.h"

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

/* --fail-on high, no baseline, no ignore file. */
void
cli_gate_init(struct cli_gate *g)
{
	memset(g, 0, sizeof *g);
	g->fail_on = SEV_HIGH;
}

/* --baseline, --ignore, --fail-on: 1 taken, 0 not one, -1 bad value. */
int
cli_gate_option(struct cli_gate *g, int c, const char *arg)
{
	switch (c) {
	case OPT_BASELINE:
		g->basepath = arg;
		return 1;
	case OPT_IGNORE:
		g->ignpath = arg;
		return 1;
	case OPT_FAIL_ON:
		if (strcmp(arg, "none") == 0)
			g->fail_on = SEV_COUNT;
		else if ((g->fail_on = severity_parse(arg)) < 0) {
			cli_warnx("--fail-on: unknown severity '%s' "
			    "(critical, high, medium, low, info, none)", arg);
			return -1;
		}
		return 1;
	}
	return 0;
}

/* The baseline and the ignore file, read whole: 0, or -1 (said why). */
int
cli_gate_load(struct cli_gate *g)
{
	struct ignore_errs ie = { g->ignpath, 0 };
	const char *why;
	long bad;

	if (g->basepath && gate_baseline_load(g->basepath, &g->base,
	    &why) == -1) {
		cli_warnx("--baseline %s: %s", g->basepath, why);
		return -1;
	}
	if (g->ignpath == NULL)
		return 0;
	bad = gate_ignore_load(g->ignpath, &g->ign, ignore_err, &ie, &why);
	if (bad == -1) {
		cli_warnx("--ignore %s: %s", g->ignpath, why);
		return -1;
	}
	if (ie.n > IGNORE_ERRS_SHOWN)
		fprintf(stderr, "privmap: %s: %lu further malformed lines not "
		    "shown (%lu in all)\n", g->ignpath,
		    ie.n - IGNORE_ERRS_SHOWN, ie.n);
	return bad > 0 ? -1 : 0;
}

/* What counts for --fail-on: after report_finish (ids, order), before
 * any output (res.state[i] is per rep->findings[i]). */
void
cli_gate_apply(struct cli_gate *g, struct report *rep, int text)
{
	gate_apply(rep, g->basepath ? &g->base : NULL,
	    g->ignpath ? &g->ign : NULL, g->fail_on, gate_today(), &g->res);
	if (g->basepath == NULL && g->ignpath == NULL)
		return;
	gate_mark(rep, &g->res, g->basepath ? &g->base : NULL);
	/* only the JSON and SARIF reports show it (SARIF its fixed
	 * findings): 300k baseline ids fixed since are 250 MB as JSON
	 * values */
	if (!text)
		rep->gate = gate_result_json(&g->res, rep);
}

/* The verdict on stderr, for a gate given files. */
void
cli_gate_print(const struct cli_gate *g, const struct report *rep)
{
	if (!cli_quiet && (g->basepath || g->ignpath))
		gate_result_print(stderr, &g->res, rep, g->ignpath);
}

/* Free the files read and the verdict. */
void
cli_gate_free(struct cli_gate *g)
{
	gate_result_free(&g->res);
	baseline_free(&g->base);
	ignore_list_free(&g->ign);
}
