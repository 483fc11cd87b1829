/*
 * logrotate-test.c: parse/logrotate.c on Debian 12's logrotate.conf and
 * /etc/logrotate.d files (rsyslog's postrotate, nginx's prerotate and
 * postrotate), a brace on its own line, and hostile text (an unclosed
 * script and block, stray braces, NUL bytes), each through the print.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/logrotate.h"
#include "t.h"

static struct t_errs errs;

static void
test_debian(void)
{
	static const char conf[] =
	    "# see \"man logrotate\" for details\n"
	    "weekly\n"
	    "su root adm\n"
	    "rotate 4\n"
	    "create\n"
	    "include /etc/logrotate.d\n";
	static const char rsyslog[] =
	    "/var/log/syslog\n"
	    "/var/log/mail.log\n"
	    "{\n"
	    "\trotate 4\n"
	    "\tweekly\n"
	    "\tsharedscripts\n"
	    "\tpostrotate\n"
	    "\t\t/usr/lib/rsyslog/rsyslog-rotate\n"
	    "\tendscript\n"
	    "}\n";
	static const char nginx[] =
	    "/var/log/nginx/*.log {\n"
	    "\tdaily\n"
	    "\tprerotate\n"
	    "\t\tif [ -d /etc/logrotate.d/httpd-prerotate ]; then \\\n"
	    "\t\t\trun-parts /etc/logrotate.d/httpd-prerotate; \\\n"
	    "\t\tfi \\\n"
	    "\tendscript\n"
	    "\tpostrotate\n"
	    "\t\tinvoke-rc.d nginx rotate >/dev/null 2>&1\n"
	    "\tendscript # done\n"
	    "}\n";
	struct logrotate_conf c;
	char *out;

	memset(&c, 0, sizeof c);
	memset(&errs, 0, sizeof errs);
	logrotate_parse(conf, sizeof conf - 1, &c, t_on_err, &errs);
	T_EQ_INT(errs.n, 0);
	T_EQ_INT(c.nincludes, 1);
	T_EQ_INT(c.ns, 0);
	out = logrotate_print(&c);
	T_EQ_STR(out, "include /etc/logrotate.d\n");
	free(out);
	logrotate_conf_free(&c);

	logrotate_parse(rsyslog, sizeof rsyslog - 1, &c, t_on_err, &errs);
	T_EQ_INT(errs.n, 0);
	out = logrotate_print(&c);
	T_EQ_STR(out, "7 postrotate /var/log/syslog /var/log/mail.log\n"
	    "\t\t\t/usr/lib/rsyslog/rsyslog-rotate\n");
	free(out);
	logrotate_conf_free(&c);

	logrotate_parse(nginx, sizeof nginx - 1, &c, t_on_err, &errs);
	T_EQ_INT(errs.n, 0);
	T_EQ_INT(c.ns, 2);
	T_EQ_STR(c.ns ? c.s[0].kind : "", "prerotate");
	T_EQ_STR(c.ns ? c.s[0].logs : "", "/var/log/nginx/*.log");
	T_EQ_INT(c.ns ? c.s[0].line : 0, 3);
	T_EQ_STR(c.ns > 1 ? c.s[1].text : "",
	    "\t\tinvoke-rc.d nginx rotate >/dev/null 2>&1\n");
	logrotate_conf_free(&c);
}

static void
test_hostile(void)
{
	static const char bad[] =
	    "}\n"				/* outside a block */
	    "/a {\n"
	    "  { \n"				/* inside one */
	    "  postrotate\n"
	    "    x\0y\n"			/* NUL: skipped */
	    "    /bin/true\n"
	    "  endscript\n"
	    "}\n"
	    "include\n"				/* no path */
	    "/b {\n"
	    "  lastaction\n"
	    "    /never/ends\n";		/* unclosed script */
	struct logrotate_conf c;
	char *out;

	memset(&c, 0, sizeof c);
	memset(&errs, 0, sizeof errs);
	logrotate_parse(bad, sizeof bad - 1, &c, t_on_err, &errs);
	T_EQ_INT(errs.n, 5);
	T_EQ_INT(errs.line[0], 1);
	T_EQ_INT(errs.line[1], 3);
	T_EQ_INT(errs.line[2], 5);
	T_EQ_INT(errs.line[3], 9);
	T_EQ_INT(errs.line[4], 11);
	out = logrotate_print(&c);
	T_EQ_STR(out, "4 postrotate /a\n\t    /bin/true\n");
	free(out);
	logrotate_conf_free(&c);
	/* nothing at all */
	logrotate_parse("", 0, &c, NULL, NULL);
	out = logrotate_print(&c);
	T_EQ_STR(out, "");
	free(out);
	logrotate_conf_free(&c);
}

int
main(void)
{
	test_debian();
	test_hostile();
	T_DONE();
}
