/*
 * print.c: the quoting the print functions of parse/ share (print.h).
 * It only appends to a buffer; it never writes to a stream or a file.
 */
#include <config.h>

#include <string.h>

#include "parse/print.h"
#include "lib/buf.h"

void
print_quoted(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	if (s == NULL) {
		buf_adds(b, "(null)");
		return;
	}
	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\r')
			buf_adds(b, "\\r");
		else if (c < 0x20 || c >= 0x7f) {
			buf_adds(b, "\\x");
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		} else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

void
print_str(struct buf *b, const char *s)
{
	print_quoted(b, s, s ? strlen(s) : 0);
}
