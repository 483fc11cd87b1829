/*
 * utf8.c: report text made fit for the output formats. Paths and file
 * contents from a target are bytes, not UTF-8, and jansson refuses to
 * encode a string that is not valid UTF-8 (json_dumps returns NULL): such
 * text is written in the one form of docs/paths.md (scanner/pathenc.c:
 * \\ for a backslash, \xNN for a byte that is not UTF-8), the form the
 * report model keeps in its JSON values (jtext() in scanner/report.c).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "output/output.h"
#include "pathenc.h"
#include "xmalloc.h"

/* length of the valid UTF-8 sequence at s (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or 0 */
static size_t
utf8_len(const unsigned char *s, size_t avail)
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
output_utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if ((k = utf8_len((const unsigned char *)s + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

char *
output_xescape(const char *s)
{
	return pathenc_encode(s, strlen(s));
}

json_t *
output_jstrn(const char *s, size_t n)
{
	char *e;
	json_t *j;

	if (s == NULL)
		return json_null();
	if (pathenc_plain(s, n))
		return json_stringn(s, n);
	e = pathenc_encode(s, n);
	j = json_string(e);
	free(e);
	return j;
}

json_t *
output_jstr(const char *s)
{
	return s ? output_jstrn(s, strlen(s)) : json_null();
}

/* text of the report model's JSON values is already in the form of
 * docs/paths.md: kept as it is; anything not UTF-8 is encoded */
static json_t *
clean_str(const char *s, size_t n)
{
	return output_utf8_valid(s, n) ? json_stringn(s, n) :
	    output_jstrn(s, n);
}

json_t *
output_jstr_asis(const char *s)
{
	return s ? clean_str(s, strlen(s)) : json_null();
}

json_t *
output_json_clean(json_t *v)
{
	json_t *out, *x;
	const char *k;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return clean_str(json_string_value(v), json_string_length(v));
	case JSON_ARRAY:
		out = json_array();
		json_array_foreach(v, i, x)
			json_array_append_new(out, output_json_clean(x));
		return out;
	case JSON_OBJECT:
		out = json_object();
		json_object_foreach(v, k, x) {
			json_t *key = clean_str(k, strlen(k));

			json_object_set_new(out, json_string_value(key),
			    output_json_clean(x));
			json_decref(key);
		}
		return out;
	default:
		return json_deep_copy(v);
	}
}
