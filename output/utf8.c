/*
 * utf8.c: report text made fit for the output formats. Paths and file
 * contents from a target are bytes, not UTF-8, and jansson refuses to
 * encode a string that is not valid UTF-8 (json_dumps returns NULL): such
 * text is written in the one form of docs/paths.md (lib/pathenc.c:
 * \\ for a backslash, \xNN for a byte that is not UTF-8), the form the
 * report model keeps in its JSON values (jtext() in engine/report.c).
 */
#include <stdlib.h>
#include <string.h>

#include "output/output.h"
#include "lib/buf.h"
#include "lib/pathenc.h"
#include "lib/xmalloc.h"

int
output_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if ((k = pathenc_u8len(p + i, n - i)) == 0)
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

json_t *
output_jtext(const char *s)
{
	return output_jstr(s ? s : "");
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

/* 'word' for sh: a single quote inside becomes '\'' (POSIX XCU 2.2.2) */
void
output_sh_quote(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

void
output_comment(struct buf *b, const char *s, size_t max)
{
	size_t i;

	for (i = 0; s && s[i] && i < max; i++)
		buf_addc(b, ((unsigned char)s[i] >= ' ' &&
		    (unsigned char)s[i] < 0x7f) ? s[i] : '?');
	if (s && s[i])
		buf_adds(b, "...");
}

void
output_target(struct buf *b, const struct report *rep)
{
	output_comment(b, rep->kind ? rep->kind : "?", 16);
	buf_adds(b, " ");
	output_comment(b, rep->root ? rep->root : "?", 200);
	buf_adds(b, ", user ");
	output_comment(b, rep->user_name ? rep->user_name : "(no name)", 64);
	buf_printf(b, " (uid %lu)", (unsigned long)rep->uid);
}
