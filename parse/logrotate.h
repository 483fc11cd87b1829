/*
 * logrotate.h: logrotate's configuration (logrotate.conf(5) / logrotate(8)
 * of logrotate 3.21): what a file includes and the scripts its log
 * blocks run. The parser takes a buffer, keeps what privmap asks of it
 * and never reads a file or runs a script: checks/cron.c follows the
 * includes and the commands, as root's periodic job.
 */
#ifndef PRIVMAP_PARSE_LOGROTATE_H
#define PRIVMAP_PARSE_LOGROTATE_H

#include <stddef.h>

#include "parse/err.h"

/* scripts and includes one file may hold */
#define LOGROTATE_MAX_SCRIPTS	256
#define LOGROTATE_MAX_INCLUDES	64

struct logrotate_script {
	char		*kind;		/* "postrotate", "prerotate",
					 * "firstaction", "lastaction",
					 * "preremove" */
	char		*text;		/* its lines, each ending in '\n' */
	char		*logs;		/* the block's log patterns, as written */
	unsigned	 line;		/* the line naming the kind */
};

struct logrotate_conf {
	struct logrotate_script	*s;
	size_t			 ns;
	char			**includes;	/* "include" arguments */
	size_t			 nincludes;
};

/*
 * Lines: '#' after blanks starts a comment; "include PATH"; log blocks
 * "PATTERN... {" (the brace may stand on a line of its own) up to "}";
 * in a block, a script keyword takes the lines up to one whose first
 * word is "endscript" (logrotate(8) "postrotate/endscript"). A script or
 * block left open at the end, a "}" outside a block and a "{" inside one
 * go to err (may be NULL); an unclosed script is dropped. Over
 * LOGROTATE_MAX_SCRIPTS scripts or LOGROTATE_MAX_INCLUDES includes, the
 * rest are reported and dropped.
 */
void	logrotate_parse(const char *buf, size_t len, struct logrotate_conf *,
	    parse_err_fn err, void *ctx);
void	logrotate_conf_free(struct logrotate_conf *);
/* "include PATH" lines, then "LINE KIND LOGS" and the script's lines
 * indented by a tab, for each script (allocated) */
char	*logrotate_print(const struct logrotate_conf *);

#endif
