/*
 * xmalloc.h: allocation that aborts on failure, and only that. Inputs
 * are bounded (bounds.h), so running out of memory means a bug, not bad
 * input.
 */
#ifndef PRIVMAP_XMALLOC_H
#define PRIVMAP_XMALLOC_H

#include <stddef.h>
#include <stdarg.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
/* Room for element n of an array of elements of size bytes that only
 * ever grows by appending: the capacity doubles at each power of two, so
 * n appends cost O(n). Returns the array, moved or not. */
void	*xgrow(void *, size_t n, size_t size);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list);

#endif
