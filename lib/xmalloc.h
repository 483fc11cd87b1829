/*
 * xmalloc.h: allocation that aborts on failure, and the few string and
 * number helpers every parser shares. Inputs are bounded (bounds.h), so
 * running out of memory means a bug, not bad input.
 */
#ifndef PRIVMAP_XMALLOC_H
#define PRIVMAP_XMALLOC_H

#include <stddef.h>
#include <stdarg.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list);

/* Strict unsigned number: digits only, whole string, <= max. 0 or -1. */
int	 parse_ulong(const char *s, unsigned long max, unsigned long *out);
/* The same on a counted span (not NUL-terminated). */
int	 parse_ulong_n(const char *s, size_t n, unsigned long max,
	     unsigned long *out);

/* Path helpers: join "/a" + "b" -> "/a/b"; dirname of an absolute path. */
char	*path_join(const char *dir, const char *name);
char	*path_dirname(const char *path);
const char *path_basename(const char *path);
/* Lexically clean a path: "", "." and leading "/" dropped, ".." applied
 * without ever climbing above the top ("" for the top; allocated).
 * *escaped (if not NULL) is set when a ".." would have climbed above. */
char	*path_clean(const char *path, int *escaped);

/* A growable byte buffer. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_addc(struct buf *, char);
void	 buf_adds(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
	     __attribute__((format(printf, 2, 3)));
char	*buf_str(struct buf *);		/* NUL-terminates, returns data */
void	 buf_free(struct buf *);

#endif
