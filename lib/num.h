/*
 * num.h: strict number parsing for text read from a target, a report or
 * a log. Nothing here accepts what strtoul would quietly take (signs,
 * blanks, base prefixes, trailing text) or wraps around.
 */
#ifndef PRIVMAP_LIB_NUM_H
#define PRIVMAP_LIB_NUM_H

#include <stddef.h>

/* Strict unsigned number: digits only, whole string, <= max. 0 or -1. */
int	 parse_ulong(const char *s, unsigned long max, unsigned long *out);
/* The same on a counted span (not NUL-terminated). */
int	 parse_ulong_n(const char *s, size_t n, unsigned long max,
	     unsigned long *out);
/* The value of a hex digit (either case), or -1. */
int	 hex_digit(int c);

#endif
