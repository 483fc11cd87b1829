/*
 * dockerdefault.h: /etc/default/docker, the shell fragment Debian's init
 * script sources and its docker.service reads as an EnvironmentFile:
 * DOCKER_OPTS="..." holds dockerd's flags. The parser takes a buffer and
 * keeps the value as written (dockerd_args_parse in scanner/svcconf.h
 * reads the flags); it never runs the shell, expands a variable or reads
 * a file.
 */
#ifndef PRIVMAP_PARSE_DOCKERDEFAULT_H
#define PRIVMAP_PARSE_DOCKERDEFAULT_H

#include <stddef.h>

#include "parse/err.h"

struct docker_default {
	char		*opts;		/* DOCKER_OPTS, NULL if not assigned */
	unsigned	 opts_line;
};

/*
 * DOCKER_OPTS=VALUE at the start of a line (after blanks, an optional
 * "export "): VALUE is the rest of the line, one pair of matching quotes
 * around it removed, cut at a NUL byte. The last assignment wins, as in
 * sh. Everything else is ignored; lines longer than MAX_LINE go to err
 * (may be NULL) and are skipped. Free with docker_default_free.
 */
void	docker_default_parse(const char *buf, size_t len,
	    struct docker_default *, parse_err_fn err, void *ctx);
void	docker_default_free(struct docker_default *);
/* the parse as text, "DOCKER_OPTS line 2 \"-H ...\"\n" (allocated) */
char	*docker_default_print(const struct docker_default *);

#endif
