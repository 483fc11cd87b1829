/*
 * udevrules.h: udev rules files (udev(7)) read as text: each assignment
 * or match, KEY{ATTR} OP "VALUE", handed to the caller with its line.
 * privmap wants the programs root runs on device events (RUN, PROGRAM,
 * IMPORT{program}); the parser gives every pair and judges none. Never
 * touches the file system.
 */
#ifndef PRIVMAP_UDEVRULES_H
#define PRIVMAP_UDEVRULES_H

#include <stddef.h>

#include "lib/buf.h"
#include "parse/err.h"

struct udev_pair {
	const char	*key;		/* RUN, PROGRAM, ACTION, ... */
	const char	*attr;		/* RUN{program}: "program"; or NULL */
	const char	*op;		/* "==", "!=", "=", "+=", "-=", ":=" */
	const char	*value;		/* quotes removed, \" and \\ undone */
	unsigned	 line;		/* where its logical line starts */
};
typedef void (*udev_fn)(void *ctx, const struct udev_pair *);

/* Parse one rules file: every pair of every rule line goes to fn; a line
 * that breaks the syntax goes to err and the rest of it is skipped.
 * Returns the number of pairs. */
size_t	udevrules_parse(const char *buf, size_t len, udev_fn fn,
	    parse_err_fn err, void *ctx);
/* One pair as udev(7) writes it: KEY{ATTR}OP"VALUE" (\" and \\ escaped). */
void	udevrules_print(const struct udev_pair *, struct buf *);

#endif
