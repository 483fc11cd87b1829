/*
 * idmap.h: a user namespace's ID map, /proc/PID/uid_map or gid_map
 * (user_namespaces(7), "User and group ID mappings"): lines of three
 * unsigned 32-bit numbers, the first ID inside the namespace, the first ID
 * outside it and the length of the range. The parser takes a buffer; the
 * caller reads the file.
 */
#ifndef PRIVMAP_PARSE_IDMAP_H
#define PRIVMAP_PARSE_IDMAP_H

#include <stddef.h>

#include "parse/err.h"

/* the kernel's limit on lines since Linux 4.15 (user_namespaces(7)) */
#define IDMAP_MAX_EXTENTS	340

struct idmap_extent {
	unsigned long	 inside;
	unsigned long	 outside;
	unsigned long	 count;
	unsigned	 line;
};

struct idmap {
	struct idmap_extent	 e[IDMAP_MAX_EXTENTS];
	size_t			 n;
};

/*
 * Each line: blanks, three decimal numbers up to 4294967295 separated by
 * blanks, blanks. Empty lines are skipped; any other line, and lines past
 * IDMAP_MAX_EXTENTS, go to err (may be NULL) and are skipped. Returns the
 * number of extents kept.
 */
size_t	idmap_parse(const char *buf, size_t len, struct idmap *,
	    parse_err_fn err, void *ctx);
/* 1 if the map is the initial namespace's: one extent "0 0 4294967295"
 * on the first line (the kernel refuses any extent beside it) */
int	idmap_is_identity(const struct idmap *);
/* one "LINE INSIDE OUTSIDE COUNT" line per extent (allocated) */
char	*idmap_print(const struct idmap *);

#endif
