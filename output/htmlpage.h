/*
 * htmlpage.h: what privmap's two HTML pages share -- the graph of one
 * report (html.c) and the fleet (fleet.c): one escaper for text taken
 * from a report, one head (Content-Security-Policy: nothing loaded from
 * anywhere, at most one inline script allowed by its hash) and one
 * stylesheet, so both pages look and defend alike. Never writes a byte
 * of report text unescaped.
 */
#ifndef PRIVMAP_HTMLPAGE_H
#define PRIVMAP_HTMLPAGE_H

#include <stddef.h>

#include "lib/buf.h"

/* s (at most max bytes on a character boundary, "..." if cut) as HTML
 * text or the value of a double-quoted attribute: markup characters as
 * entities, controls, bidi controls and bytes that are not UTF-8 as
 * \xNN / \uNNNN; newlines kept if nl (inside <pre>) */
void	html_put(struct buf *b, const char *s, size_t max, int nl);
/* The page's head up to its <title>: the doctype, charset and the
 * policy; script_sha256 (base64) allows that one inline script, NULL
 * allows none. The caller writes the title's text, then html_body. */
void	html_open(struct buf *b, const char *script_sha256);
/* Closes the title and the head with the shared stylesheet, then the
 * page's own rules (own_style, may be ""), and opens the body. */
void	html_body(struct buf *b, const char *own_style);
/* the class of a severity's name ("sev-high"; "sev-unknown" for a name
 * not on the scale) */
const char *html_sev_class(const char *severity);

#endif
