/*
 * sshd.h: the directives of an sshd_config(5) file, in order, each with
 * the Match block it sits in. The parser takes a buffer; it never reads
 * a file, follows an Include or evaluates a Match condition: the caller
 * (checks/credentials.c) decides which directives apply.
 */
#ifndef PRIVMAP_PARSE_SSHD_H
#define PRIVMAP_PARSE_SSHD_H

#include <stddef.h>

#include "parse/err.h"

/* directives kept from one file; more are a hostile file */
#define SSHD_MAX_DIRECTIVES	100000
/* an argument is cut at this many bytes: no value privmap reads (a
 * PermitRootLogin word, an Include pattern) is that long */
#define SSHD_MAX_ARG		511
/* arguments kept from one directive (AuthorizedKeysFile, AllowUsers...);
 * more set the directive's "more" */
#define SSHD_MAX_ARGS		256

struct sshd_directive {
	char		*key;		/* the keyword as written */
	char		*arg;		/* its first argument ("" if none) */
	char		**args;		/* every argument, args[0] == arg */
	size_t		 nargs;		/* 0 when there is none */
	int		 more;		/* arguments past SSHD_MAX_ARGS */
	unsigned	 line;
	unsigned	 match;		/* 0: global; n: inside the n-th Match
					 * block (a Match line opens it) */
};

struct sshd_config {
	struct sshd_directive	*v;
	size_t			 n;
};

/*
 * One directive a line: blanks, the keyword up to a blank or '=', blanks
 * and '=' signs, then the first argument up to a blank or '#', then the
 * others, separated by blanks, up to a '#' (an argument in double quotes
 * may hold blanks and '#': sshd's argv_split, OpenSSH misc.c). Blank
 * lines and lines whose keyword starts with '#' are comments. Keywords
 * are case-insensitive in sshd; they are kept as written. A line holding
 * a NUL byte is skipped; a line longer than MAX_LINE, and every line
 * after SSHD_MAX_DIRECTIVES directives, go to err (may be NULL). Returns
 * the number of directives kept; free with sshd_config_free.
 */
size_t	sshd_config_parse(const char *buf, size_t len, struct sshd_config *,
	    parse_err_fn err, void *ctx);
void	sshd_config_free(struct sshd_config *);
/* OpenSSH match.c match_pattern: '*' matches any run, '?' one byte; the
 * whole of s; 1 or 0 */
int	sshd_pattern_match(const char *s, const char *pattern);
/* one "LINE [match N] KEY \"ARG\" [\"ARG\"...]" line per directive
 * (allocated) */
char	*sshd_config_print(const struct sshd_config *);

#endif
