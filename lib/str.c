/*
 * str.c: the shared string tests of lib/str.h. Pure functions of their
 * arguments: they never allocate, never write, never read past a NUL or
 * the length they are given.
 */
#include <string.h>

#include "lib/str.h"

int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

int
is_blank_span(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_blank(s[i]))
			return 0;
	return 1;
}

void
trim_blanks(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

int
is_line_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

int
has_proper_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && strcmp(s + n - m, suf) == 0;
}

int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}
