/*
 * num.c: strict parsing of unsigned numbers and hex digits (lib/num.h).
 * Never allocates, never reads past the span it is given, never accepts
 * a sign, blank or base prefix.
 */
#include <errno.h>
#include <string.h>

#include "lib/num.h"

int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
parse_ulong_n(const char *s, size_t n, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || n > 20)
		goto bad;
	for (i = 0; i < n; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			goto bad;
		d = (unsigned)(s[i] - '0');
		if (d > max || v > (max - d) / 10)
			goto range;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
range:
	errno = ERANGE;
	return -1;
bad:
	errno = EINVAL;
	return -1;
}

int
parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	return parse_ulong_n(s, strlen(s), max, out);
}
