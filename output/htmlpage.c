/*
 * htmlpage.c: the escaper, head and stylesheet privmap's HTML pages
 * share (htmlpage.h). Builds text in a buffer; reads nothing.
 */
#include <string.h>

#include "output/graphview.h"
#include "output/htmlpage.h"

/* the severities' colours, and what both pages draw alike */
static const char base_style[] =
"body{font:14px/1.4 sans-serif;margin:1.5em;color:#1c2833}"
"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}"
"table{border-collapse:collapse;margin:1em 0}"
"th,td{border:1px solid #d5d8dc;padding:.3em .6em;text-align:left;"
"vertical-align:top}"
"th{background:#f4f6f7}"
".sev{display:inline-block;padding:0 .4em;border-radius:3px;color:#fff;"
"font-size:.85em}"
".sev-critical{background:#7b241c;color:#fff}"
".sev-high{background:#c0392b;color:#fff}"
".sev-medium{background:#b9770e;color:#fff}"
".sev-low{background:#2874a6;color:#fff}"
".sev-info,.sev-unknown,.sev-none{background:#7f8c8d;color:#fff}"
"code,pre{font-size:.9em;white-space:pre-wrap;word-break:break-all}"
".note{color:#566573}";

/* a severity's name and its class */
static const char *const sev_classes[][2] = {
	{ "critical", "sev-critical" }, { "high", "sev-high" },
	{ "medium", "sev-medium" }, { "low", "sev-low" },
	{ "info", "sev-info" }, { "none", "sev-none" },
};

/* Text from a report, escaped for a page (htmlpage.h). */
void
html_put(struct buf *b, const char *s, size_t max, int nl)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, end, i = 0;
	unsigned long cp;
	int show, cut;

	end = gv_cut(s, max, &cut);
	while (i < end) {
		n = gv_char(p + i, &show, &cp);
		if (nl && p[i] == '\n')
			buf_addc(b, '\n');
		else if (show && cp < 0x100)
			buf_printf(b, "\\x%02lx", cp);
		else if (show)
			buf_printf(b, "\\u%04lx", cp);
		else if (p[i] == '&')
			buf_adds(b, "&amp;");
		else if (p[i] == '<')
			buf_adds(b, "&lt;");
		else if (p[i] == '>')
			buf_adds(b, "&gt;");
		else if (p[i] == '"')
			buf_adds(b, "&quot;");
		else if (p[i] == '\'')
			buf_adds(b, "&#39;");
		else
			buf_add(b, p + i, n);
		i += n;
	}
	if (cut)
		buf_adds(b, "...");
}

/* The head up to the title (htmlpage.h). */
void
html_open(struct buf *b, const char *script_sha256)
{
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; ");
	if (script_sha256 != NULL)
		buf_printf(b, "script-src 'sha256-%s'; ", script_sha256);
	buf_adds(b, "base-uri 'none'; form-action 'none'\">\n<title>");
}

/* The title and head closed, the body opened (htmlpage.h). */
void
html_body(struct buf *b, const char *own_style)
{
	buf_printf(b, "</title>\n<style>%s%s</style></head>\n<body>\n",
	    base_style, own_style);
}

/* A severity's class in the shared stylesheet (htmlpage.h). */
const char *
html_sev_class(const char *severity)
{
	size_t i;

	for (i = 0; i < sizeof sev_classes / sizeof sev_classes[0]; i++)
		if (strcmp(severity, sev_classes[i][0]) == 0)
			return sev_classes[i][1];
	return "sev-unknown";
}
