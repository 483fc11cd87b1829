/*
 * daemonconf-test.c: parse/daemonconf.c on nginx, Apache, rsyslog, sshd
 * and php-fpm configuration as Debian ships it, with the forms each
 * daemon also takes (quotes, several statements on a line, case) and what
 * it refuses (unterminated quotes, over-long values).
 */
#include <stdlib.h>
#include <string.h>

#include "parse/daemonconf.h"
#include "lib/xmalloc.h"
#include "t.h"

static struct t_errs errs;

static char *
parsed(const char *s, enum dc_syntax syn)
{
	static char *last;
	struct dc_conf c;

	free(last);
	memset(&errs, 0, sizeof errs);
	dc_parse(s, strlen(s), syn, &c, t_on_err, &errs);
	last = dc_print(&c);
	dc_free(&c);
	return last;
}

static void
test_nginx(void)
{
	T_EQ_STR(parsed("user www-data;\n"
	    "include /etc/nginx/modules-enabled/*.conf;\n"
	    "events { worker_connections 768; }\n"
	    "http {\n"
	    "\tinclude /etc/nginx/mime.types; # include /not/this;\n"
	    "\tinclude \"conf.d/*.conf\"; include\n"
	    "\t    /etc/nginx/sites-enabled/*;\n"
	    "\tinclude a b;\n"
	    "}\n", DC_NGINX),
	    "include 2 /etc/nginx/modules-enabled/*.conf\n"
	    "include 5 /etc/nginx/mime.types\n"
	    "include 6 conf.d/*.conf\n"
	    "include 6 /etc/nginx/sites-enabled/*\n");
	T_EQ_INT(errs.n, 0);
	T_EQ_STR(parsed("include 'x;\n", DC_NGINX), "");
	T_EQ_INT(errs.n, 1);
}

static void
test_lines(void)
{
	T_EQ_STR(parsed("ServerRoot \"/etc/apache2\"\n"
	    "IncludeOptional mods-enabled/*.load\n"
	    "  include \"conf-enabled/*.conf\"\n"
	    "# Include commented.conf\n"
	    "Includes notone\n", DC_APACHE),
	    "include 2 mods-enabled/*.load\n"
	    "include 3 conf-enabled/*.conf\n");
	T_EQ_STR(parsed("Include /etc/ssh/sshd_config.d/*.conf extra.conf\n",
	    DC_SSHD), "include 1 /etc/ssh/sshd_config.d/*.conf\n"
	    "include 1 extra.conf\n");
	T_EQ_STR(parsed("$IncludeConfig /etc/rsyslog.d/*.conf\n"
	    "include(file=\"/etc/rsyslog.d/x.conf\" mode=\"optional\")\n"
	    "include(text=`echo`)\n", DC_RSYSLOG),
	    "include 1 /etc/rsyslog.d/*.conf\n"
	    "include 2 /etc/rsyslog.d/x.conf\n");
	T_EQ_INT(errs.n, 1);
	T_EQ_STR(parsed("[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n"
	    "user = nobody\n[www]\nuser = www-data\n; user = root\n"
	    "[api]\nuser = \"deploy\"\n", DC_PHPFPM),
	    "include 2 /etc/php/8.2/fpm/pool.d/*.conf\n"
	    "user 3 global nobody\nuser 5 www www-data\n"
	    "user 8 api deploy\n");
	/* no includes in the others */
	T_EQ_STR(parsed("include x;\n", DC_NONE), "");
	T_EQ_INT(dc_syntax_parse("nginx"), DC_NGINX);
	T_EQ_INT(dc_syntax_parse("postfix"), DC_NONE);
	T_EQ_INT(dc_syntax_parse(NULL), DC_NONE);
}

static void
test_bounds(void)
{
	char *big = xmalloc(DC_MAX_PATH + 64);

	memcpy(big, "include ", 8);
	memset(big + 8, 'a', DC_MAX_PATH + 1);
	strcpy(big + 8 + DC_MAX_PATH + 1, ";\n");
	T_EQ_STR(parsed(big, DC_NGINX), "");
	T_EQ_INT(errs.n, 1);
	free(big);
}

int
main(void)
{
	test_nginx();
	test_lines();
	test_bounds();
	T_DONE();
}
