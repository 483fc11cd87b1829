/*
 * lines.h: split a bounded buffer into lines for the text parsers.
 * A line longer than MAX_LINE is handed back as an error and skipped
 * whole, never split in two. NUL bytes are kept in the line: parsers
 * that cannot take them must reject the line.
 */
#ifndef PRIVMAP_LINES_H
#define PRIVMAP_LINES_H

#include <stddef.h>

struct lines {
	const char	*p;
	const char	*end;
	unsigned	 lineno;	/* number of the line last returned, from 1 */
};

void	lines_init(struct lines *, const char *buf, size_t len);
/* 1: *s and *n hold the line (no '\n', a trailing '\r' removed); 0: end;
 * -1: the line numbered lineno was longer than MAX_LINE and skipped. */
int	lines_next(struct lines *, const char **s, size_t *n);

#endif
