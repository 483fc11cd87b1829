/*
 * fleet.c: privmap fleet's views of a finished fleet model (engine/
 * fleet.h): the text table, the JSON of docs/fleet.md and one
 * self-contained HTML page (no script, no network, every string from a
 * report or a file name escaped for HTML). Like every writer it builds
 * the output in memory and reads nothing but the model.
 */
#include <errno.h>
#include <string.h>

#include "output/graphview.h"
#include "output/htmlpage.h"
#include "output/output.h"

/* Append s (docs/paths.md form) with controls, bidi controls and
 * bytes that are not UTF-8 written as escapes (graphview.c's rule), so
 * a hostile host or file name can neither move a terminal's cursor nor
 * reorder what is shown around it. */
static void
put_term(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t n;
	int show;

	while (*p) {
		n = gv_char(p, &show, &cp);
		if (show && cp < 0x100)
			buf_printf(b, "\\x%02lx", cp);
		else if (show)
			buf_printf(b, "\\u%04lx", cp);
		else
			buf_add(b, p, n);
		p += n;
	}
}

/* Append s escaped for HTML (htmlpage.c's escaper, uncut). */
static void
put_html(struct buf *b, const char *s)
{
	html_put(b, s, (size_t)-1, 0);
}

static int
flush_buf(struct buf *b, FILE *fp)
{
	int ret = 0;

	if (b->len > 0 && fwrite(b->data, 1, b->len, fp) != b->len)
		ret = -1;
	if (fflush(fp) == EOF)
		ret = -1;
	buf_free(b);
	return ret;
}

static const char *
worst_name(int sev)
{
	return sev < 0 ? "none" : severity_name(sev);
}

static void
text_summary(struct buf *b, const struct fleet *fl)
{
	size_t i, worst[SEV_COUNT + 1] = { 0 }, nograph = 0;
	long long paths = 0;
	int s;

	for (i = 0; i < fl->nhosts; i++) {
		worst[fl->hosts[i].worst + 1]++;
		if (fl->hosts[i].paths < 0)
			nograph++;
		else
			paths += fl->hosts[i].paths;
	}
	buf_printf(b, "privmap fleet: %zu hosts, %zu with findings (worst:",
	    fl->nhosts, fl->nhosts - worst[0]);
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
		buf_printf(b, " %s %zu", severity_name(s), worst[s + 1]);
	buf_printf(b, ", none %zu); %zu kinds of finding\n", worst[0],
	    fl->nkinds);
	buf_printf(b, "paths to root: %lld", paths);
	if (nograph > 0)
		buf_printf(b, " (%zu hosts without a graph count 0)",
		    nograph);
	buf_adds(b, "\n");
}

static void
text_hosts(struct buf *b, const struct fleet *fl)
{
	size_t i;

	buf_adds(b, "\nHosts, worst first:\n");
	buf_printf(b, "  %4s  %-9s %-8s %5s %8s  %s\n", "RANK", "WORST",
	    "PATHS", "SCORE", "FINDINGS", "HOST (USER ON ROOT)");
	for (i = 0; i < fl->nhosts; i++) {
		const struct fleet_host *h = &fl->hosts[fl->host_order[i]];
		char paths[32];

		if (h->paths < 0)
			snprintf(paths, sizeof paths, "no graph");
		else
			snprintf(paths, sizeof paths, "%lld", h->paths);
		buf_printf(b, "  %4zu  %-9s %-8s %5.1f %8zu  ", i + 1,
		    worst_name(h->worst), paths, h->score, h->nfinds);
		put_term(b, h->name);
		buf_adds(b, " (");
		put_term(b, h->user);
		buf_adds(b, " on ");
		put_term(b, h->root);
		buf_adds(b, ")");
		if (fl->base_path != NULL && h->is_new)
			buf_adds(b, "  [new host]");
		else if (fl->base_path != NULL && h->nnew > 0)
			buf_printf(b, "  [%zu new]", h->nnew);
		buf_adds(b, "\n");
	}
}

static void
text_kinds(struct buf *b, const struct fleet *fl)
{
	size_t i, j;

	buf_adds(b, "\nKinds of finding, by worst severity and hosts:\n");
	for (i = 0; i < fl->nkinds; i++) {
		const struct fleet_kind *k = &fl->kinds[fl->kind_order[i]];

		buf_printf(b, "  %-9s ", severity_name(k->worst));
		put_term(b, k->check);
		buf_adds(b, " (");
		put_term(b, k->family);
		buf_printf(b, "): %zu of %zu hosts, %zu findings",
		    k->nhosts, fl->nhosts, k->nfinds);
		if (fl->base_path != NULL && k->is_new)
			buf_adds(b, " [new kind]");
		else if (fl->base_path != NULL && k->nnew_hosts > 0)
			buf_printf(b, " [%zu new hosts]", k->nnew_hosts);
		buf_adds(b, "\n    ");
		for (j = 0; j < k->nhosts; j++) {
			if (j > 0)
				buf_adds(b, ", ");
			put_term(b, fl->hosts[k->hosts[j]].name);
		}
		buf_adds(b, "\n");
	}
}

static void
text_new(struct buf *b, const struct fleet *fl)
{
	size_t i, j, nnew = 0, nhosts = 0;
	int s;

	for (i = 0; i < fl->nhosts; i++) {
		nnew += fl->hosts[i].nnew;
		nhosts += fl->hosts[i].is_new;
	}
	buf_adds(b, "\nAgainst ");
	put_term(b, fl->base_path);
	buf_printf(b, ": %zu new findings, %zu fixed; %zu new hosts, %zu "
	    "gone\n", nnew, fl->nfixed, nhosts, fl->ngone_hosts);
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
	for (i = 0; i < fl->nhosts; i++) {
		const struct fleet_host *h = &fl->hosts[fl->host_order[i]];

		for (j = 0; j < h->nfinds; j++) {
			const struct fleet_find *f = &h->finds[j];

			if (!f->is_new || (int)f->sev != s)
				continue;
			buf_printf(b, "  new  %-9s ", severity_name(f->sev));
			put_term(b, h->name);
			buf_adds(b, "  ");
			put_term(b, f->id);
			buf_adds(b, "  ");
			put_term(b, fl->kinds[f->kind].check);
			buf_adds(b, "  ");
			put_term(b, f->path);
			buf_adds(b, "\n");
		}
	}
	for (i = 0; i < fl->ngone_hosts; i++) {
		buf_adds(b, "  gone host  ");
		put_term(b, fl->gone_hosts[i]);
		buf_adds(b, "\n");
	}
}

int
output_fleet_text(const struct fleet *fl, FILE *fp)
{
	struct buf b = { NULL, 0, 0 };

	text_summary(&b, fl);
	text_hosts(&b, fl);
	text_kinds(&b, fl);
	if (fl->base_path != NULL)
		text_new(&b, fl);
	return flush_buf(&b, fp);
}

int
output_fleet_json(const struct fleet *fl, FILE *fp)
{
	json_t *j = fleet_to_json(fl);
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(3));
	struct buf b = { NULL, 0, 0 };

	json_decref(j);
	if (s == NULL) {
		errno = ENOMEM;
		return -1;
	}
	buf_adds(&b, s);
	buf_adds(&b, "\n");
	free(s);
	return flush_buf(&b, fp);
}

/* the fleet page's own rules, after htmlpage.c's shared stylesheet */
static const char fleet_style[] = ".new{font-weight:bold;color:#b00020}";

static void
html_summary(struct buf *b, const struct fleet *fl)
{
	size_t i, worst[SEV_COUNT + 1] = { 0 }, nograph = 0;
	long long paths = 0;
	int s;

	for (i = 0; i < fl->nhosts; i++) {
		worst[fl->hosts[i].worst + 1]++;
		if (fl->hosts[i].paths < 0)
			nograph++;
		else
			paths += fl->hosts[i].paths;
	}
	buf_printf(b, "<h1>privmap fleet</h1>\n<p id=\"summary\">%zu hosts, "
	    "%zu with findings; %zu kinds of finding; %lld paths to root",
	    fl->nhosts, fl->nhosts - worst[0], fl->nkinds, paths);
	if (nograph > 0)
		buf_printf(b, " (%zu hosts without a graph count 0)",
		    nograph);
	buf_adds(b, "</p>\n<table id=\"by-worst\"><tr>");
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
		buf_printf(b, "<th class=\"%s\">%s</th>",
		    html_sev_class(severity_name(s)), severity_name(s));
	buf_adds(b, "<th class=\"sev-none\">none</th></tr>\n<tr>");
	for (s = SEV_CRITICAL; s >= -1; s--)
		buf_printf(b, "<td>%zu</td>", worst[s + 1]);
	buf_adds(b, "</tr></table>\n");
}

static void
html_hosts(struct buf *b, const struct fleet *fl)
{
	size_t i;

	buf_adds(b, "<h2>Hosts, worst first</h2>\n<table id=\"hosts\">\n"
	    "<tr><th>rank</th><th>host</th><th>worst</th><th>paths to root"
	    "</th><th>score</th><th>findings</th><th>user</th><th>root</th>"
	    "</tr>\n");
	for (i = 0; i < fl->nhosts; i++) {
		const struct fleet_host *h = &fl->hosts[fl->host_order[i]];

		buf_printf(b, "<tr><td>%zu</td><td>", i + 1);
		put_html(b, h->name);
		if (fl->base_path != NULL && h->is_new)
			buf_adds(b, " <span class=\"new\">new</span>");
		else if (fl->base_path != NULL && h->nnew > 0)
			buf_printf(b, " <span class=\"new\">%zu new</span>",
			    h->nnew);
		buf_printf(b, "</td><td class=\"%s\">%s</td><td>",
		    html_sev_class(worst_name(h->worst)),
		    worst_name(h->worst));
		if (h->paths < 0)
			buf_adds(b, "no graph");
		else
			buf_printf(b, "%lld", h->paths);
		buf_printf(b, "</td><td>%.1f</td><td>%zu</td><td>", h->score,
		    h->nfinds);
		put_html(b, h->user);
		buf_adds(b, "</td><td>");
		put_html(b, h->root);
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
}

static void
html_kinds(struct buf *b, const struct fleet *fl)
{
	size_t i, j;

	buf_adds(b, "<h2>Kinds of finding</h2>\n<table id=\"kinds\">\n"
	    "<tr><th>kind</th><th>family</th><th>worst</th><th>hosts</th>"
	    "<th>findings</th><th>which hosts</th></tr>\n");
	for (i = 0; i < fl->nkinds; i++) {
		const struct fleet_kind *k = &fl->kinds[fl->kind_order[i]];

		buf_adds(b, "<tr><td>");
		put_html(b, k->check);
		if (fl->base_path != NULL && k->is_new)
			buf_adds(b, " <span class=\"new\">new</span>");
		buf_adds(b, "</td><td>");
		put_html(b, k->family);
		buf_printf(b, "</td><td class=\"%s\">%s</td><td>%zu</td>"
		    "<td>%zu</td><td>", html_sev_class(severity_name(
		    k->worst)), severity_name(k->worst), k->nhosts, k->nfinds);
		for (j = 0; j < k->nhosts; j++) {
			if (j > 0)
				buf_adds(b, ", ");
			put_html(b, fl->hosts[k->hosts[j]].name);
		}
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
}

static void
html_new(struct buf *b, const struct fleet *fl)
{
	size_t i, j;
	int s;

	buf_adds(b, "<h2>New since ");
	put_html(b, fl->base_path);
	buf_printf(b, "</h2>\n<p>%zu findings fixed; %zu hosts gone",
	    fl->nfixed, fl->ngone_hosts);
	for (i = 0; i < fl->ngone_hosts; i++) {
		buf_adds(b, i ? ", " : ": ");
		put_html(b, fl->gone_hosts[i]);
	}
	buf_adds(b, "</p>\n<table id=\"new\">\n<tr><th>host</th><th>severity"
	    "</th><th>id</th><th>kind</th><th>path</th></tr>\n");
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
	for (i = 0; i < fl->nhosts; i++) {
		const struct fleet_host *h = &fl->hosts[fl->host_order[i]];

		for (j = 0; j < h->nfinds; j++) {
			const struct fleet_find *f = &h->finds[j];

			if (!f->is_new || (int)f->sev != s)
				continue;
			buf_adds(b, "<tr><td>");
			put_html(b, h->name);
			buf_printf(b, "</td><td class=\"%s\">%s</td><td>",
			    html_sev_class(severity_name(f->sev)),
			    severity_name(f->sev));
			put_html(b, f->id);
			buf_adds(b, "</td><td>");
			put_html(b, fl->kinds[f->kind].check);
			buf_adds(b, "</td><td>");
			put_html(b, f->path);
			buf_adds(b, "</td></tr>\n");
		}
	}
	buf_adds(b, "</table>\n");
}

int
output_fleet_html(const struct fleet *fl, FILE *fp)
{
	struct buf b = { NULL, 0, 0 };

	html_open(&b, NULL);
	buf_adds(&b, "privmap fleet");
	html_body(&b, fleet_style);
	html_summary(&b, fl);
	html_hosts(&b, fl);
	html_kinds(&b, fl);
	if (fl->base_path != NULL)
		html_new(&b, fl);
	buf_printf(&b, "<p><small>privmap %s, %s</small></p>\n</body></html>\n",
	    PACKAGE_VERSION, FLEET_SCHEMA);
	return flush_buf(&b, fp);
}
