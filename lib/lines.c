/*
 * lines.c: line splitting shared by every text parser (see lines.h).
 */
#include <string.h>

#include "lib/bounds.h"
#include "lib/lines.h"

void
lines_init(struct lines *l, const char *buf, size_t len)
{
	l->p = buf;
	l->end = buf + len;
	l->lineno = 0;
}

int
lines_next(struct lines *l, const char **s, size_t *n)
{
	const char *nl;
	size_t len;

	if (l->p == NULL || l->p >= l->end)
		return 0;
	l->lineno++;
	nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	len = nl ? (size_t)(nl - l->p) : (size_t)(l->end - l->p);
	*s = l->p;
	l->p = nl ? nl + 1 : l->end;
	if (len > MAX_LINE)
		return -1;
	if (len && (*s)[len - 1] == '\r')
		len--;
	*n = len;
	return 1;
}
