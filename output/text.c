/*
 * text.c: the report for a person at a terminal: the escalation graph's
 * cut and paths first (what to close, and what it closes), one line per
 * finding, most severe first (report_finish sorted them), then a summary
 * line.
 * Colour only when asked (a terminal); control characters and invalid
 * bytes in names are written as escapes, so a hostile file name cannot
 * drive the terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/graph.h"
#include "output/output.h"
#include "lib/buf.h"
#include "lib/pathenc.h"
#include "lib/xmalloc.h"

static const char *const sev_colour[SEV_COUNT] = {
	"\033[2m", "\033[36m", "\033[33m", "\033[1;31m", "\033[1;37;41m",
};

/* Length of a valid UTF-8 sequence at p (1-4), or 0 if invalid. */
static size_t
utf8_len(const unsigned char *p)
{
	size_t n, i;
	unsigned long cp;

	if (*p < 0x80)
		return 1;
	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2, cp = *p & 0x1f;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 3, cp = *p & 0x0f;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 4, cp = *p & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* the code point of the 3-byte UTF-8 sequence at p */
static unsigned long
u8_three(const unsigned char *p)
{
	return (unsigned long)(p[0] & 0x0f) << 12 |
	    (unsigned long)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
}

/* 1 for LRM, RLM, LINE/PARAGRAPH SEPARATOR, LRE..RLO and LRI..PDI:
 * Unicode's bidi controls reorder the text a terminal shows around them
 * (the "Trojan Source" trick, CVE-2021-42574), so a name holding one is
 * shown escaped */
static int
bidi_control(unsigned long c)
{
	return c == 0x200e || c == 0x200f || (c >= 0x2028 && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
}

/* Append s with C0 and C1 controls, DEL, backslash, bidi controls and
 * invalid UTF-8 written as escapes. */
static void
put_safe(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_len(p);

		if (n == 0 || *p < 0x20 || *p == 0x7f) {
			buf_printf(b, "\\x%02x", *p);
			p++;
		} else if (*p == '\\') {
			buf_adds(b, "\\\\");
			p++;
		} else if (n == 2 && *p == 0xc2 && p[1] < 0xa0) {
			buf_printf(b, "\\u%04x", p[1]);	/* C1 control */
			p += 2;
		} else if (n == 3 && bidi_control(u8_three(p))) {
			buf_printf(b, "\\u%04lx", u8_three(p));
			p += 3;
		} else {
			buf_add(b, p, n);
			p += n;
		}
	}
}

/* Append a report's text member (errors, notes: docs/paths.md's form)
 * as put_safe writes the bytes it stands for, so that a name reads the
 * same in every part of the report: escaped once, not twice. */
static void
put_text(struct buf *b, const char *s)
{
	char *d = s ? pathenc_decode(s, strlen(s)) : NULL;

	put_safe(b, d ? d : s ? s : "?");
	free(d);
}

static void
put_json_safe(struct buf *b, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
	    JSON_PRESERVE_ORDER);

	if (s) {
		put_safe(b, s);
		free(s);
	}
}

/* a path: "agent -> alice (PM-..., login) -> root (PM-..., now)" */
static void
put_path(struct buf *b, const struct graph *g, const struct graph_path *p,
    size_t from)
{
	size_t i;

	put_safe(b, g->nodes[from].key);
	for (i = 0; i < p->n; i++) {
		const struct graph_edge *e = &g->edges[p->edges[i]];

		buf_adds(b, " -> ");
		put_safe(b, g->nodes[e->to].key);
		buf_adds(b, " (");
		put_safe(b, e->finding);
		buf_printf(b, ", %s%s)", grant_wait_name(e->wait),
		    e->sure ? "" : ", likely");
	}
}

/* "2 findings" (a static buffer) */
static const char *
cut_count(size_t n)
{
	static char t[48];

	snprintf(t, sizeof t, "%zu findings", n);
	return t;
}

/* The graph first: the cut (close these and no path remains), the
 * paths, and with --all-users who else becomes root. */
static void
text_graph(struct buf *b, const struct report *r)
{
	const struct graph *g = r->graph;
	const struct finding *f;
	struct graph_index x;
	size_t i;

	if (g == NULL)
		return;
	if (g->npaths == 0) {
		if (g->nreach == 0)
			buf_adds(b, "graph    no path to root, no other "
			    "identity reachable\n");
		else
			buf_printf(b, "graph    no path to root: lateral "
			    "movement only, %zu other identit%s reachable\n",
			    g->nreach, g->nreach == 1 ? "y" : "ies");
	} else
		buf_printf(b, "graph    close %s%s and no path to root "
		    "remains (%zu path%s closed)%s\n", g->ncut == 1 ?
		    "this finding" : "these ", g->ncut == 1 ? "" :
		    cut_count(g->ncut), g->paths_total, g->paths_total == 1 ?
		    "" : "s", g->cut_exact ? "" : " (not proved the smallest: "
		    "the graph is large)");
	graph_index_init(&x, r);
	for (i = 0; i < g->ncut; i++) {
		buf_adds(b, "cut      ");
		put_safe(b, g->cut[i]);
		if ((f = graph_index_finding(&x, g->cut[i])) != NULL) {
			buf_adds(b, "  ");
			put_safe(b, f->path);
			buf_adds(b, "  ");
			put_safe(b, f->title);
		}
		buf_addc(b, '\n');
	}
	graph_index_free(&x);
	for (i = 0; i < g->npaths; i++) {
		buf_printf(b, "path %-3zu %-8s %4.1f  ", i + 1,
		    severity_name(g->paths[i].sev), g->paths[i].score);
		put_path(b, g, &g->paths[i], g->start);
		buf_addc(b, '\n');
	}
	if (g->paths_total > g->npaths)
		buf_printf(b, "path     ... %zu more (the JSON report lists "
		    "the first %d)\n", g->paths_total - g->npaths,
		    GRAPH_MAX_PATHS);
	for (i = 0; g->all_users && i < g->nrows; i++) {
		const struct graph_row *w = &g->rows[i];

		buf_adds(b, "user     ");
		if (!w->reaches_root) {
			put_safe(b, g->nodes[w->node].key);
			buf_adds(b, "  cannot become root\n");
			continue;
		}
		buf_printf(b, "%-8s %4.1f  ", severity_name(w->path.sev),
		    w->path.score);
		put_path(b, g, &w->path, w->node);
		buf_addc(b, '\n');
	}
}

/* With --sandbox: under a finding, whether the sandbox contains it and
 * by which layers, or why it stays open (a "sandbox" member's text) */
static void
put_sandbox(struct buf *b, const struct finding *f)
{
	size_t i;

	if (f->sb_verdict == SBV_NONE)
		return;
	if (f->sb_verdict == SBV_CONTAINED)
		buf_printf(b, "         sandbox contains it (%s without): ",
		    severity_name(f->sb_sev));
	else
		buf_adds(b, "         sandbox leaves it open: ");
	for (i = 0; i < json_array_size(f->sb_why); i++) {
		if (i)
			buf_adds(b, "; ");
		put_text(b, json_string_value(json_array_get(f->sb_why, i)));
	}
	buf_addc(b, '\n');
}

/* the summary of the sandbox summary member, before the counts */
static void
put_sandbox_sum(struct buf *b, const struct report *r)
{
	json_t *s = r->sandbox;

	if (s == NULL)
		return;
	buf_adds(b, "sandbox  ");
	put_text(b, json_string_value(json_object_get(s, "spec")));
	buf_printf(b, ": %lld contained, %lld open\n",
	    (long long)json_integer_value(json_object_get(s, "contained")),
	    (long long)json_integer_value(json_object_get(s, "open")));
}

int
output_text(const struct report *r, FILE *fp, int colour, int verbose)
{
	struct buf b = { NULL, 0, 0 };
	const char *why;
	size_t i, nerr = json_array_size(r->errors);
	int s, ret;

	buf_adds(&b, "privmap: ");
	put_safe(&b, r->kind);
	buf_adds(&b, " ");
	put_safe(&b, r->root);
	buf_adds(&b, " as ");
	if (r->user_name)
		put_safe(&b, r->user_name);
	else
		buf_adds(&b, "(no passwd entry)");
	buf_printf(&b, " (uid %lu)\n", (unsigned long)r->uid);
	text_graph(&b, r);
	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = r->findings[i];

		if (colour)
			buf_adds(&b, sev_colour[f->sev]);
		buf_printf(&b, "%-8s", severity_name(f->sev));
		if (colour)
			buf_adds(&b, "\033[0m");
		buf_printf(&b, " %4.1f  %-17s ", f->score, f->family);
		put_safe(&b, f->path);
		buf_adds(&b, "  ");
		put_safe(&b, f->title);
		buf_addc(&b, '\n');
		put_sandbox(&b, f);
		if (verbose) {
			buf_adds(&b, "         id ");
			put_safe(&b, f->id);
			buf_adds(&b, "  check ");
			put_safe(&b, f->check);
			buf_adds(&b, "\n         evidence ");
			put_json_safe(&b, f->evidence);
			buf_addc(&b, '\n');
			if (f->remediation) {
				buf_adds(&b, "         fix ");
				put_safe(&b, f->remediation);
				buf_addc(&b, '\n');
			}
		}
	}
	if (verbose || nerr <= 20) {
		for (i = 0; i < nerr; i++) {
			json_t *e = json_array_get(r->errors, i);

			buf_adds(&b, "error    ");
			put_text(&b, json_string_value(json_object_get(e,
			    "path")));
			buf_adds(&b, ": ");
			put_text(&b, json_string_value(json_object_get(e,
			    "error")));
			buf_addc(&b, '\n');
		}
	}
	for (i = 0; i < json_array_size(r->notes); i++) {
		buf_adds(&b, "note     ");
		put_text(&b, json_string_value(json_array_get(r->notes, i)));
		buf_addc(&b, '\n');
	}
	put_sandbox_sum(&b, r);
	buf_printf(&b, "%zu finding%s (", r->nfindings,
	    r->nfindings == 1 ? "" : "s");
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
		buf_printf(&b, "%zu %s%s", r->by_sev[s], severity_name(s),
		    s > SEV_INFO ? ", " : "");
	buf_printf(&b, "), highest score %.1f, %zu error%s%s\n", r->max_score,
	    nerr, nerr == 1 ? "" : "s",
	    nerr > 20 && !verbose ? " (listed with --verbose or in JSON)" : "");
	ret = output_write(fp, b.data, b.len, &why);
	buf_free(&b);
	return ret;
}
