/*
 * print.h: what the print functions of parse/ share to turn a parsed
 * struct back into text for tests and debugging. The text is for people:
 * no program reads it back, and no report member comes from it.
 */
#ifndef PRIVMAP_PARSE_PRINT_H
#define PRIVMAP_PARSE_PRINT_H

#include <stddef.h>

#include "lib/buf.h"

/* Append s (n bytes) in double quotes: '"' and '\' escaped, tab, newline
 * and carriage return as \t \n \r, any other byte below 0x20 or from 0x7f
 * up as \xNN; "(null)" without quotes for NULL. */
void	print_quoted(struct buf *, const char *s, size_t n);
/* print_quoted of a NUL-terminated string (or NULL) */
void	print_str(struct buf *, const char *s);

#endif
