/*
 * path.c: lexical path helpers (lib/path.h). They work on the text of a
 * path only: they never look at a file system, never follow a link.
 */
#include <string.h>

#include "lib/buf.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir), m, at;
	char *p;

	while (*name == '/')
		name++;
	/* as xasprintf("%s/%s") would, without its cost: the checks join
	 * paths by the thousand, once per identity the graph reaches */
	m = strlen(name);
	p = xmalloc(n + m + 2);
	memcpy(p, dir, n);
	at = n;
	if (!(n && dir[n - 1] == '/'))
		p[at++] = '/';
	memcpy(p + at, name, m + 1);
	return p;
}

char *
path_dirname(const char *path)
{
	const char *s = strrchr(path, '/');

	if (s == NULL)
		return xstrdup(".");
	while (s > path && s[-1] == '/')
		s--;
	if (s == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(s - path));
}

const char *
path_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

char *
path_clean(const char *in, int *escaped)
{
	struct buf b = { NULL, 0, 0 };
	const char *p = in;

	if (escaped)
		*escaped = 0;
	buf_add(&b, "", 0);
	while (*p) {
		const char *s;
		size_t n;

		while (*p == '/')
			p++;
		s = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - s);
		if (n == 0 || (n == 1 && s[0] == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			char *slash = strrchr(b.data, '/');

			if (b.len == 0 && escaped)
				*escaped = 1;
			b.len = slash ? (size_t)(slash - b.data) : 0;
			b.data[b.len] = '\0';
			continue;
		}
		if (b.len)
			buf_addc(&b, '/');
		buf_add(&b, s, n);
	}
	return buf_str(&b);
}
