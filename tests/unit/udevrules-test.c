/*
 * udevrules-test.c: parse/udevrules.c on rules as systemd and Debian
 * packages ship them (continued lines, RUN{program}, e"..." values,
 * comments), on broken lines, and the print/parse round trip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/udevrules.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

struct got {
	struct buf	out;		/* each pair printed, ';'-separated */
	unsigned	lines[32];
	size_t		n;
};

static void
on_pair(void *ctx, const struct udev_pair *pr)
{
	struct got *g = ctx;

	if (g->out.len)
		buf_addc(&g->out, ';');
	udevrules_print(pr, &g->out);
	if (g->n < 32)
		g->lines[g->n] = pr->line;
	g->n++;
}

static unsigned nerr;

static void
on_err(void *ctx, unsigned line, const char *why)
{
	(void)ctx;
	(void)line;
	(void)why;
	nerr++;
}

static char *
parse(const char *s, size_t *n)
{
	struct got g;

	memset(&g, 0, sizeof(g));
	*n = udevrules_parse(s, strlen(s), on_pair, on_err, &g);
	return buf_str(&g.out);
}

int
main(void)
{
	static const char rules[] =
	    "# 60-block.rules\n"
	    "ACTION==\"add\", SUBSYSTEM==\"block\", \\\n"
	    "  RUN+=\"/usr/local/sbin/on-disk %k\"\n"
	    "\n"
	    "KERNEL==\"sd*\", RUN{program}+=\"hook.sh $devnode\", "
	    "PROGRAM=\"/bin/id \\\"x\\\"\"\n"
	    "ENV{ID}=e\"a\\tb\", IMPORT{builtin}=\"blkid\"\n";
	char *out, *again;
	size_t n, m;

	nerr = 0;
	out = parse(rules, &n);
	T_EQ_INT(n, 8);
	T_EQ_INT(nerr, 0);
	T_EQ_STR(out, "ACTION==\"add\";SUBSYSTEM==\"block\";"
	    "RUN+=\"/usr/local/sbin/on-disk %k\";KERNEL==\"sd*\";"
	    "RUN{program}+=\"hook.sh $devnode\";PROGRAM=\"/bin/id \\\"x\\\"\";"
	    "ENV{ID}=\"a\\\\tb\";IMPORT{builtin}=\"blkid\"");
	/* printed pairs parse back to the same pairs */
	{
		char *copy = xstrdup(out), *p;

		for (p = copy; *p; p++)
			if (*p == ';')
				*p = ',';
		again = parse(copy, &m);
		T_EQ_INT(m, n);
		T_EQ_STR(again, out);
		free(copy);
		free(again);
	}
	free(out);

	/* broken lines: reported, the pairs before kept, the next line
	 * read */
	nerr = 0;
	out = parse("RUN+=\"/a\", NOOP\nRUN+=/b\nRUN=\"/c\nKEY{x=\"1\"\n"
	    "RUN+=\"/d\"\n= \"x\"\n", &n);
	T_EQ_STR(out, "RUN+=\"/a\";RUN+=\"/d\"");
	T_EQ_INT(nerr, 5);
	free(out);

	/* NUL bytes, an empty file, a continuation at the end */
	nerr = 0;
	{
		static const char nul[] = "RUN+=\"/a\0b\"\nRUN+=\"/e\"\\";
		struct got g;

		memset(&g, 0, sizeof(g));
		n = udevrules_parse(nul, sizeof(nul) - 1, on_pair, on_err, &g);
		T_EQ_INT(n, 1);
		T_EQ_INT(nerr, 1);
		buf_free(&g.out);
	}
	out = parse("", &n);
	T_EQ_INT(n, 0);
	free(out);
	T_DONE();
}
