/*
 * pathenc.h: the one text form of a path (or any text taken from a
 * target, report, image or log) in every output privmap writes, and its
 * exact reverse for what privmap reads back (docs/paths.md). Valid UTF-8
 * stays as it is except the backslash, written "\\"; each byte that is
 * not part of valid UTF-8 is written "\xNN" (two lowercase hex digits).
 * A name that is valid UTF-8 and has no backslash is its own encoding.
 */
#ifndef PRIVMAP_PATHENC_H
#define PRIVMAP_PATHENC_H

#include <stddef.h>

/* length of the valid UTF-8 sequence at the first of the avail bytes at s
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or
 * 0 when none starts there */
size_t	 pathenc_u8len(const unsigned char *s, size_t avail);
/* 1 if the n bytes at s are their own encoding: valid UTF-8 (RFC 3629),
 * no backslash, no NUL */
int	 pathenc_plain(const char *s, size_t n);
/* the encoding of the n bytes at s (a NUL byte becomes \x00). Caller
 * frees. */
char	*pathenc_encode(const char *s, size_t n);
/* The bytes the n characters at s stand for, or NULL if s is not text
 * pathenc_encode writes: a backslash not followed by \ or xNN, hex in
 * upper case, \xNN for a byte that would be valid UTF-8 where it stands,
 * or anything that decodes to a NUL byte. Caller frees. */
char	*pathenc_decode(const char *s, size_t n);

/* 1 if s is an absolute path in normal form: "/" alone, or "/" then
 * components separated by single slashes, none of them empty, "." or
 * "..", and no slash at the end */
int	 pathenc_normal(const char *s);

#endif
