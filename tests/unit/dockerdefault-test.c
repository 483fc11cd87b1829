/*
 * dockerdefault-test.c: parse/dockerdefault.c on /etc/default/docker as
 * Debian's docker.io ships it (every line commented), with DOCKER_OPTS
 * set in the forms sh accepts, and on hostile input.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/dockerdefault.h"
#include "lib/bounds.h"
#include "lib/xmalloc.h"
#include "t.h"

/* what the parser reported (t.h) */
static struct t_errs errs;

static char *
parsed_n(const char *s, size_t n)
{
	static char *last;
	struct docker_default dd;

	free(last);
	memset(&errs, 0, sizeof errs);
	docker_default_parse(s, n, &dd, t_on_err, &errs);
	last = docker_default_print(&dd);
	docker_default_free(&dd);
	return last;
}

static char *
parsed(const char *s)
{
	return parsed_n(s, strlen(s));
}

static void
test_debian(void)
{
	const char *shipped =
	    "# Docker Upstart and SysVinit configuration file\n"
	    "\n"
	    "# Use DOCKER_OPTS to modify the daemon startup options.\n"
	    "#DOCKER_OPTS=\"--dns 8.8.8.8 --dns 8.8.4.4\"\n"
	    "\n"
	    "# If you need Docker to use an HTTP proxy, it can also be "
	    "specified here.\n"
	    "#export http_proxy=\"http://127.0.0.1:3128/\"\n";

	T_EQ_STR(parsed(shipped), "DOCKER_OPTS unset\n");
	T_EQ_INT(errs.n, 0);
	T_EQ_STR(parsed("DOCKER_OPTS=\"-H tcp://0.0.0.0:2375 -H "
	    "unix:///var/run/docker.sock\"\n"), "DOCKER_OPTS line 1 "
	    "\"-H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock\"\n");
}

static void
test_forms(void)
{
	T_EQ_STR(parsed("  export DOCKER_OPTS='--tlsverify'\n"),
	    "DOCKER_OPTS line 1 \"--tlsverify\"\n");
	T_EQ_STR(parsed("DOCKER_OPTS=-G docker\n"),
	    "DOCKER_OPTS line 1 \"-G docker\"\n");
	/* the last assignment wins; empty is set */
	T_EQ_STR(parsed("DOCKER_OPTS=\"-H :1\"\nDOCKER_OPTS=\n"),
	    "DOCKER_OPTS line 2 \"\"\n");
	/* quotes that do not match stay */
	T_EQ_STR(parsed("DOCKER_OPTS=\"-H x'\n"),
	    "DOCKER_OPTS line 1 \"\\\"-H x'\"\n");
	T_EQ_STR(parsed("DOCKER_OPTS=\"\n"), "DOCKER_OPTS line 1 "
	    "\"\\\"\"\n");
	/* other names, and a name that only starts the same */
	T_EQ_STR(parsed("DOCKER=1\nDOCKER_OPTS_X=1\nexport\nexport \n"
	    "MY_DOCKER_OPTS=1\n"), "DOCKER_OPTS unset\n");
	/* a NUL cuts the value */
	T_EQ_STR(parsed_n("DOCKER_OPTS=-H\0x\n", 17),
	    "DOCKER_OPTS line 1 \"-H\"\n");
}

static void
test_long_line(void)
{
	size_t n = MAX_LINE + 1;
	char *s = xmalloc(n + 40);

	memcpy(s, "DOCKER_OPTS=", 12);
	memset(s + 12, 'a', n - 12);
	memcpy(s + n, "\nDOCKER_OPTS=-D\n", 17);
	T_EQ_STR(parsed(s), "DOCKER_OPTS line 2 \"-D\"\n");
	T_EQ_INT(errs.n, 1);
	free(s);
}

int
main(void)
{
	test_debian();
	test_forms();
	test_long_line();
	parsed("");
	T_DONE();
}
