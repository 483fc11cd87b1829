/*
 * str.h: the small string tests privmap's parsers and checks share
 * (lib/str.c). They look at bytes in the C locale, never at the
 * process's locale, and never allocate.
 */
#ifndef PRIVMAP_LIB_STR_H
#define PRIVMAP_LIB_STR_H

#include <stddef.h>

/* ' ' or '\t' */
int	is_blank(int c);
/* every one of the n bytes of s is a blank (1 for none) */
int	is_blank_span(const char *s, size_t n);
/* the span *s (*n bytes) without the blanks at either end */
void	trim_blanks(const char **s, size_t *n);
/* white space within a line: isspace() of the C locale but '\n' */
int	is_line_space(int c);
/* s ends with suf (s may be all of it) */
int	has_suffix(const char *s, const char *suf);
/* s ends with suf and has something before it */
int	has_proper_suffix(const char *s, const char *suf);
/* qsort(3) comparison of two elements of an array of char * */
int	cmp_strp(const void *, const void *);

#endif
