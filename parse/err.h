/*
 * err.h: how a parser of untrusted text reports a line it skips. The
 * parser hands a static message and the line number to the caller's
 * function; it never prints, exits or decides what the error means.
 */
#ifndef PRIVMAP_PARSE_ERR_H
#define PRIVMAP_PARSE_ERR_H

/* called for each malformed line, with a static message */
typedef void (*parse_err_fn)(void *ctx, unsigned line, const char *why);

#endif
