/*
 * pgconf.h: the one setting privmap takes from PostgreSQL's
 * postgresql.conf, the TCP port the server listens on (PostgreSQL docs,
 * "Connections and Authentication": port, default 5432). The parser takes
 * a buffer; it never reads a file, follows include directives or decides
 * what a port means (checks/localhost-service.c does).
 */
#ifndef PRIVMAP_PARSE_PGCONF_H
#define PRIVMAP_PARSE_PGCONF_H

#include <stddef.h>

#include "parse/err.h"

#define PG_DEFAULT_PORT	5432

struct pg_conf {
	unsigned	 port;		/* 0: not set (PG_DEFAULT_PORT) */
	unsigned	 port_line;	/* the line that set it, or 0 */
};

/*
 * "port = 5433", "port=5433" or "port 5433" at the start of a line (after
 * blanks), the digits up to the first other byte; the last valid one wins,
 * as the server applies them. A value that is not a number from 1 to 65535
 * is ignored, as are quoted values and every other setting. Lines longer
 * than MAX_LINE go to err (may be NULL) and are skipped.
 */
void	pg_conf_parse(const char *buf, size_t len, struct pg_conf *,
	    parse_err_fn err, void *ctx);
/* the parse as text, "port 5433 line 3\n" or "port unset\n" (allocated) */
char	*pg_conf_print(const struct pg_conf *);

#endif
