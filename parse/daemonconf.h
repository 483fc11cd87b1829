/*
 * daemonconf.h: the include directives of root daemons' configuration
 * files, each as its daemon writes them, and php-fpm's pool users: nginx
 * ("include FILE|MASK;", nginx.org core module docs), Apache httpd
 * ("Include" and "IncludeOptional", case-insensitive, httpd.apache.org
 * core docs), rsyslog ("$IncludeConfig" and "include(file=...)",
 * rsyslog.com docs), sshd ("Include", sshd_config(5)) and php-fpm
 * ("include=" and "user =" of each [pool], php.net FPM configuration).
 * Takes a buffer; never reads a file, resolves a relative path, expands
 * a glob or decides what a file means (checks/daemon-config.c does).
 */
#ifndef PRIVMAP_PARSE_DAEMONCONF_H
#define PRIVMAP_PARSE_DAEMONCONF_H

#include <stddef.h>

#include "parse/err.h"

enum dc_syntax {
	DC_NONE,		/* no include directive */
	DC_NGINX, DC_APACHE, DC_RSYSLOG, DC_SSHD, DC_PHPFPM,
};

/* the includes, pool users and paths kept from one file */
#define DC_MAX_ITEMS	4096
#define DC_MAX_PATH	4096

struct dc_item {
	char		*value;		/* a path or pattern as written, or
					 * a pool's user */
	char		*pool;		/* DC_PHPFPM user: its [pool] */
	unsigned	 line;
};

struct dc_conf {
	struct dc_item	*inc;		/* includes, in file order */
	size_t		 ninc;
	struct dc_item	*users;		/* php-fpm: user = of each pool */
	size_t		 nusers;
};

/* "nginx", "apache", "rsyslog", "sshd", "php-fpm", anything else
 * DC_NONE */
enum dc_syntax	dc_syntax_parse(const char *name);

/* Every include of buf, and php-fpm's pool users. A line over MAX_LINE,
 * an unterminated quote or a path over DC_MAX_PATH goes to err (may be
 * NULL) and is skipped. */
void	dc_parse(const char *buf, size_t len, enum dc_syntax,
	    struct dc_conf *, parse_err_fn err, void *ctx);
void	dc_free(struct dc_conf *);
/* the parse as text, "include LINE PATH\n" and "user LINE POOL USER\n"
 * (allocated) */
char	*dc_print(const struct dc_conf *);

#endif
