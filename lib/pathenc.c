/*
 * pathenc.c: the text form of names (pathenc.h, docs/paths.md). Pure
 * functions of their input; never reads or writes a file. A decoded name
 * is only accepted if encoding it again gives the very same text, so
 * each name has exactly one form and each form one name.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/pathenc.h"
#include "lib/xmalloc.h"
#include "lib/num.h"

/* the one UTF-8 validator of privmap (output/utf8.c uses it too) */
size_t
pathenc_u8len(const unsigned char *s, size_t avail)
{
	size_t n, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

int
pathenc_plain(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] == '\\' || p[i] == '\0' ||
		    (k = pathenc_u8len(p + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

char *
pathenc_encode(const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	struct buf b = { NULL, 0, 0 };
	size_t i = 0, k;

	while (i < n) {
		k = p[i] == '\0' ? 0 : pathenc_u8len(p + i, n - i);
		if (k == 0) {
			buf_addc(&b, '\\');
			buf_addc(&b, 'x');
			buf_addc(&b, hex[p[i] >> 4]);
			buf_addc(&b, hex[p[i] & 15]);
			i++;
		} else if (p[i] == '\\') {
			buf_adds(&b, "\\\\");
			i++;
		} else {
			buf_add(&b, p + i, k);
			i += k;
		}
	}
	if (b.data == NULL)
		return xstrdup("");
	return buf_str(&b);
}

/* a hex digit of \xNN, which docs/paths.md writes in lower case only */
static int
hexval(char c)
{
	return c >= 'A' && c <= 'F' ? -1 : hex_digit(c);
}

char *
pathenc_decode(const char *s, size_t n)
{
	struct buf b = { NULL, 0, 0 };
	char *out, *again;
	size_t i = 0;
	int ok = 1;

	while (ok && i < n) {
		if (s[i] == '\0') {
			ok = 0;
		} else if (s[i] != '\\') {
			buf_addc(&b, s[i++]);
		} else if (i + 1 < n && s[i + 1] == '\\') {
			buf_addc(&b, '\\');
			i += 2;
		} else if (i + 3 < n && s[i + 1] == 'x' &&
		    hexval(s[i + 2]) >= 0 && hexval(s[i + 3]) >= 0 &&
		    (hexval(s[i + 2]) | hexval(s[i + 3])) != 0) {
			buf_addc(&b, (char)(hexval(s[i + 2]) << 4 |
			    hexval(s[i + 3])));
			i += 4;
		} else
			ok = 0;
	}
	out = b.data ? buf_str(&b) : xstrdup("");
	if (!ok)
		goto bad;
	/* one form per name: \x41 or \xc3\xa9 is not how privmap writes
	 * "A" or "é" */
	again = pathenc_encode(out, strlen(out));
	ok = strlen(again) == n && memcmp(again, s, n) == 0;
	free(again);
	if (ok)
		return out;
bad:
	free(out);
	return NULL;
}

int
pathenc_normal(const char *s)
{
	const char *c, *e;

	if (s == NULL || s[0] != '/')
		return 0;
	if (s[1] == '\0')
		return 1;
	for (c = s + 1;; c = e + 1) {
		e = strchr(c, '/');
		if (e == NULL)
			e = c + strlen(c);
		if (e == c || (e - c == 1 && c[0] == '.') ||
		    (e - c == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		if (*e == '\0')
			return 1;
	}
}
