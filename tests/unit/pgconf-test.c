/*
 * pgconf-test.c: parse/pgconf.c on postgresql.conf as Debian's
 * postgresql-common writes it, with a changed port, commented ports,
 * values the server would refuse, and an over-long line.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/pgconf.h"
#include "lib/bounds.h"
#include "lib/xmalloc.h"
#include "t.h"

/* what the parser reported (t.h) */
static struct t_errs errs;

/* the print of the parse of s */
static char *
parsed(const char *s)
{
	static char *last;
	struct pg_conf pc;

	free(last);
	memset(&errs, 0, sizeof errs);
	pg_conf_parse(s, strlen(s), &pc, t_on_err, &errs);
	last = pg_conf_print(&pc);
	return last;
}

static void
test_debian(void)
{
	const char *conf =
	    "# -----------------------------\n"
	    "# PostgreSQL configuration file\n"
	    "data_directory = '/var/lib/postgresql/15/main'\n"
	    "listen_addresses = 'localhost'\n"
	    "port = 5433\t\t\t\t# (change requires restart)\n"
	    "max_connections = 100\n"
	    "#port = 5432\n";

	T_EQ_STR(parsed(conf), "port 5433 line 5\n");
	T_EQ_INT(errs.n, 0);
}

static void
test_forms(void)
{
	/* unset: the default */
	T_EQ_STR(parsed("listen_addresses = '*'\n"), "port unset\n");
	T_EQ_STR(parsed(""), "port unset\n");
	/* with or without '=', blanks before; the last wins */
	T_EQ_STR(parsed("  port 6000\nport=6001\n"), "port 6001 line 2\n");
	/* the digits up to the next byte: a comment right after */
	T_EQ_STR(parsed("port = 7000#x\n"), "port 7000 line 1\n");
	/* refused values leave the earlier one */
	T_EQ_STR(parsed("port = 6000\nport = 0\nport = 70000\n"
	    "port = 'x'\nport_extra = 9\nports = 9\n"),
	    "port 6000 line 1\n");
	T_EQ_STR(parsed("port = 65535\r\n"), "port 65535 line 1\n");
	/* a NUL ends the digits */
	{
		static const char nul[] = "port = 61\0" "23\n";
		struct pg_conf pc;
		char *p;

		pg_conf_parse(nul, sizeof nul - 1, &pc, NULL, NULL);
		p = pg_conf_print(&pc);
		T_EQ_STR(p, "port 61 line 1\n");
		free(p);
	}
}

static void
test_long_line(void)
{
	size_t n = MAX_LINE + 10;
	char *s = xmalloc(n + 32);

	memset(s, ' ', n);
	memcpy(s + n, "\nport = 6100\n", 14);
	T_EQ_STR(parsed(s), "port 6100 line 2\n");
	T_EQ_INT(errs.n, 1);
	T_EQ_INT(errs.line[errs.n - 1], 1);
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
