/*
 * err.h: how every parser of untrusted text tells its caller about a line
 * it could not take. A parser never prints and never stops at a bad line:
 * it skips the line and calls this.
 */
#ifndef PRIVMAP_PARSE_ERR_H
#define PRIVMAP_PARSE_ERR_H

/* called for each malformed line, with a static message */
typedef void (*parse_err_fn)(void *ctx, unsigned line, const char *why);

#endif
