/*
 * sshd-test.c: parse/sshd.c on sshd_config as Debian 12 ships it, with
 * Include, Match blocks, the forms of a directive sshd accepts, and
 * hostile input (NULs, over-long lines and arguments).
 */
#include <stdlib.h>
#include <string.h>

#include "parse/sshd.h"
#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

/* what the parser reported (t.h) */
static struct t_errs errs;

static char *
parsed_n(const char *s, size_t n)
{
	static char *last;
	struct sshd_config sc;

	free(last);
	memset(&errs, 0, sizeof errs);
	sshd_config_parse(s, n, &sc, t_on_err, &errs);
	last = sshd_config_print(&sc);
	sshd_config_free(&sc);
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
	const char *conf =
	    "\n"
	    "# This is the sshd server system-wide configuration file.\n"
	    "Include /etc/ssh/sshd_config.d/*.conf\n"
	    "#Port 22\n"
	    "#PermitRootLogin prohibit-password\n"
	    "KbdInteractiveAuthentication no\n"
	    "UsePAM yes\n"
	    "X11Forwarding yes\n"
	    "PrintMotd no\n"
	    "AcceptEnv LANG LC_*\n"
	    "Subsystem\tsftp\t/usr/lib/openssh/sftp-server\n"
	    "# Example of overriding settings on a per-user basis\n"
	    "Match User anoncvs\n"
	    "\tX11Forwarding no\n"
	    "\tPermitTTY no\n"
	    "Match Address 10.0.0.0/8\n"
	    "\tPermitRootLogin yes\n";

	T_EQ_STR(parsed(conf),
	    "3 Include \"/etc/ssh/sshd_config.d/*.conf\"\n"
	    "6 KbdInteractiveAuthentication \"no\"\n"
	    "7 UsePAM \"yes\"\n"
	    "8 X11Forwarding \"yes\"\n"
	    "9 PrintMotd \"no\"\n"
	    "10 AcceptEnv \"LANG\" \"LC_*\"\n"
	    "11 Subsystem \"sftp\" \"/usr/lib/openssh/sftp-server\"\n"
	    "13 match 1 Match \"User\" \"anoncvs\"\n"
	    "14 match 1 X11Forwarding \"no\"\n"
	    "15 match 1 PermitTTY \"no\"\n"
	    "16 match 2 Match \"Address\" \"10.0.0.0/8\"\n"
	    "17 match 2 PermitRootLogin \"yes\"\n");
	T_EQ_INT(errs.n, 0);
}

static void
test_forms(void)
{
	/* '=' with or without blanks; keywords kept as written; the first
	 * argument ends at a blank or '#' */
	T_EQ_STR(parsed("permitrootlogin=no\nPermitRootLogin = yes#c\n"
	    "  PasswordAuthentication\tno extra\n"),
	    "1 permitrootlogin \"no\"\n2 PermitRootLogin \"yes\"\n"
	    "3 PasswordAuthentication \"no\" \"extra\"\n");
	/* no argument; only '='; a keyword glued to '#' is not a comment */
	T_EQ_STR(parsed("UsePAM\n= yes\nPort#22 x\n"),
	    "1 UsePAM \"\"\n3 Port#22 \"x\"\n");
	/* "match" in any case opens a block */
	T_EQ_STR(parsed("MATCH all\nPort 2\n"),
	    "1 match 1 MATCH \"all\"\n2 match 1 Port \"2\"\n");
	T_EQ_STR(parsed("Matches x\n"), "1 Matches \"x\"\n");
	/* CRLF */
	T_EQ_STR(parsed("PermitRootLogin no\r\n"),
	    "1 PermitRootLogin \"no\"\n");
	/* a line holding a NUL is skipped, the rest read */
	T_EQ_STR(parsed_n("Port 1\0\nPort 2\n", 15), "2 Port \"2\"\n");
}

static void
test_args(void)
{
	struct sshd_config sc;
	struct buf b = { 0 };
	size_t i;

	/* every argument, quoted ones with their blanks and '#' */
	T_EQ_STR(parsed("AuthorizedKeysFile .ssh/authorized_keys "
	    "\"/etc/ssh/keys/%u #x\"\t/k/%h # comment\n"
	    "AllowUsers alice bob@10.0.0.1 c*\n"
	    "AuthorizedKeysFile \"a b\"\n"),
	    "1 AuthorizedKeysFile \".ssh/authorized_keys\" "
	    "\"/etc/ssh/keys/%u #x\" \"/k/%h\"\n"
	    "2 AllowUsers \"alice\" \"bob@10.0.0.1\" \"c*\"\n"
	    "3 AuthorizedKeysFile \"a b\"\n");
	/* more than SSHD_MAX_ARGS: the first kept, the rest said */
	buf_adds(&b, "AllowUsers");
	for (i = 0; i < SSHD_MAX_ARGS + 5; i++)
		buf_adds(&b, " u");
	buf_adds(&b, "\n");
	sshd_config_parse(b.data, b.len, &sc, NULL, NULL);
	T_EQ_INT(sc.v[0].nargs, SSHD_MAX_ARGS);
	T_EQ_INT(sc.v[0].more, 1);
	sshd_config_free(&sc);
	buf_free(&b);
}

static void
test_pattern(void)
{
	T_OK(sshd_pattern_match("alice", "alice"));
	T_OK(sshd_pattern_match("alice", "a*"));
	T_OK(sshd_pattern_match("alice", "*"));
	T_OK(sshd_pattern_match("alice", "al?ce"));
	T_OK(sshd_pattern_match("alice", "*i*e"));
	T_OK(!sshd_pattern_match("alice", "bob"));
	T_OK(!sshd_pattern_match("alice", "alic"));
	T_OK(!sshd_pattern_match("alice", "Alice"));
	T_OK(!sshd_pattern_match("alice", "a?"));
	T_OK(sshd_pattern_match("", "*"));
	T_OK(!sshd_pattern_match("", "?"));
}

static void
test_bounds(void)
{
	size_t n = MAX_LINE + 1, i;
	char *s = xmalloc(n + 32), *arg, *want;

	/* an over-long line is reported and skipped whole */
	memcpy(s, "Include ", 8);
	memset(s + 8, 'a', n - 8);
	memcpy(s + n, "\nPort 3\n", 9);
	T_EQ_STR(parsed(s), "2 Port \"3\"\n");
	T_EQ_INT(errs.n, 1);
	free(s);
	/* an argument is cut at SSHD_MAX_ARG bytes */
	arg = xmalloc(SSHD_MAX_ARG + 11);
	for (i = 0; i < SSHD_MAX_ARG + 10; i++)
		arg[i] = (char)('a' + i % 26);
	arg[i] = '\0';
	s = xasprintf("Include %s\n", arg);
	arg[SSHD_MAX_ARG] = '\0';
	want = xasprintf("1 Include \"%s\"\n", arg);
	T_EQ_STR(parsed(s), want);
	free(want);
	free(s);
	free(arg);
}

static void
test_too_many(void)
{
	struct buf b = { 0 };
	struct sshd_config sc;
	size_t i;

	for (i = 0; i < SSHD_MAX_DIRECTIVES + 2; i++)
		buf_adds(&b, "X 1\n");
	memset(&errs, 0, sizeof errs);
	T_EQ_INT(sshd_config_parse(b.data, b.len, &sc, t_on_err, &errs),
	    SSHD_MAX_DIRECTIVES);
	T_EQ_INT(errs.n, 1);
	T_EQ_INT(sc.v[sc.n - 1].line, SSHD_MAX_DIRECTIVES);
	sshd_config_free(&sc);
	buf_free(&b);
}

int
main(void)
{
	test_debian();
	test_forms();
	test_args();
	test_pattern();
	test_bounds();
	test_too_many();
	parsed("");
	T_DONE();
}
