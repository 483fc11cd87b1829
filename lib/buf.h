/*
 * buf.h: a growable byte buffer (lib/buf.c), the one way privmap builds
 * text of unknown length. It aborts on out of memory like xmalloc.
 */
#ifndef PRIVMAP_LIB_BUF_H
#define PRIVMAP_LIB_BUF_H

#include <stddef.h>

/* A growable byte buffer: { NULL, 0, 0 } or { 0 } is an empty one. */
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
