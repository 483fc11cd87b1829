/*
 * pathconf-test.c: the PATH and library-directory parsers on the files
 * distributions ship (Debian 12's /etc/environment, login.defs, profile
 * and ld.so.conf.d; Fedora's ld.so.conf; Alpine's musl path
 * file) and on hostile input: NULs, over-long lines, expansions,
 * unterminated quotes, relative elements.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bounds.h"
#include "parse/pathconf.h"
#include "lib/xmalloc.h"
#include "t.h"

/* what the parser reported (t.h) */
static struct t_errs errs;

static char *
printed(struct pathconf *pc)
{
	static char *last;

	free(last);
	last = pathconf_print(pc);
	pathconf_free(pc);
	return last;
}

static void
test_environment(void)
{
	static const char env[] =
	    "# /etc/environment\n"
	    "PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:"
	    "/bin:/usr/games:/usr/local/games:/snap/bin\"\n"
	    "LANG=C.UTF-8\n"
	    "export PATH='/opt/tools/bin::.'\n"
	    "no equals sign\n"
	    "  PATH=/x//y/\n";
	struct pathconf pc = { 0 };

	memset(&errs, 0, sizeof errs);
	T_EQ_INT(pathconf_environment(&pc, env, sizeof env - 1, t_on_err,
	    &errs), 13);
	T_EQ_INT(errs.n, 1);
	T_EQ_STR(printed(&pc),
	    "2\tdir\tPATH\t/usr/local/sbin\n"
	    "2\tdir\tPATH\t/usr/local/bin\n"
	    "2\tdir\tPATH\t/usr/sbin\n"
	    "2\tdir\tPATH\t/usr/bin\n"
	    "2\tdir\tPATH\t/sbin\n"
	    "2\tdir\tPATH\t/bin\n"
	    "2\tdir\tPATH\t/usr/games\n"
	    "2\tdir\tPATH\t/usr/local/games\n"
	    "2\tdir\tPATH\t/snap/bin\n"
	    "4\tdir\tPATH\t/opt/tools/bin\n"
	    "4\trelative\tPATH\t\n"
	    "4\trelative\tPATH\t.\n"
	    "6\tdir\tPATH\t/x/y\n");
}

static void
test_login_defs(void)
{
	/* Debian 12's login.defs, abridged */
	static const char defs[] =
	    "#\n# /etc/login.defs - Configuration control definitions for the "
	    "login package.\n"
	    "MAIL_DIR        /var/mail\n"
	    "ENV_SUPATH\tPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:"
	    "/usr/bin:/sbin:/bin\n"
	    "ENV_PATH\tPATH=/usr/local/bin:/usr/bin:/bin:/usr/games\n"
	    "ENV_SUPATHX\t/not/this\n"
	    "ENV_SUPATH \"/quoted/bin\"\n";
	struct pathconf pc = { 0 };

	T_EQ_INT(pathconf_login_defs(&pc, defs, sizeof defs - 1, "ENV_SUPATH",
	    NULL, NULL), 7);
	T_EQ_STR(pc.v[0].value, "/usr/local/sbin");
	T_EQ_STR(pc.v[0].key, "ENV_SUPATH");
	T_EQ_INT(pc.v[0].line, 4);
	T_EQ_STR(pc.v[6].value, "/quoted/bin");
	pathconf_free(&pc);
	T_EQ_INT(pathconf_login_defs(&pc, defs, sizeof defs - 1, "ENV_PATH",
	    NULL, NULL), 4);
	T_EQ_STR(pc.v[3].value, "/usr/games");
	pathconf_free(&pc);
}

static void
test_shell(void)
{
	/* Debian 12's /etc/profile, and shapes seen in the wild */
	static const char profile[] =
	    "# /etc/profile: system-wide .profile file for the Bourne shell\n"
	    "if [ \"$(id -u)\" -eq 0 ]; then\n"
	    "  PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:"
	    "/bin\"\n"
	    "else\n"
	    "  PATH=\"/usr/local/bin:/usr/bin:/bin:/usr/local/games:"
	    "/usr/games\"\n"
	    "fi\n"
	    "export PATH\n"
	    "MANPATH=/opt/man; LD_LIBRARY_PATH=/opt/lib\n"
	    "[ -d /opt/app/bin ] && PATH=$PATH:/opt/app/bin:~/bin\n"
	    "export PATH=\"$HOME/bin:${PATH}:/srv/tools\" # comment PATH=/no\n"
	    "PATH='/unterminated\n";
	struct pathconf pc = { 0 };
	char *out;

	memset(&errs, 0, sizeof errs);
	pathconf_shell(&pc, profile, sizeof profile - 1, t_on_err, &errs);
	T_EQ_INT(errs.n, 1);
	out = printed(&pc);
	T_EQ_STR(out,
	    "3\tdir\tPATH\t/usr/local/sbin\n"
	    "3\tdir\tPATH\t/usr/local/bin\n"
	    "3\tdir\tPATH\t/usr/sbin\n"
	    "3\tdir\tPATH\t/usr/bin\n"
	    "3\tdir\tPATH\t/sbin\n"
	    "3\tdir\tPATH\t/bin\n"
	    "5\tdir\tPATH\t/usr/local/bin\n"
	    "5\tdir\tPATH\t/usr/bin\n"
	    "5\tdir\tPATH\t/bin\n"
	    "5\tdir\tPATH\t/usr/local/games\n"
	    "5\tdir\tPATH\t/usr/games\n"
	    "9\tdir\tPATH\t/opt/app/bin\n"
	    "10\tdir\tPATH\t/srv/tools\n");
}

static void
test_ldso(void)
{
	static const char conf[] =
	    "include /etc/ld.so.conf.d/*.conf\n"
	    "# libc default configuration\n"
	    "/usr/local/lib\n"
	    "  /opt/vendor/lib//   # trailing slashes and a comment\n"
	    "/usr/X11R6/lib=libc6\n"
	    "hwcap 1 nosegneg\n"
	    "include\trelative/*.conf other.conf\n"
	    "relative/lib\n"
	    "include\n";
	struct pathconf pc = { 0 };

	memset(&errs, 0, sizeof errs);
	T_EQ_INT(pathconf_ldso_conf(&pc, conf, sizeof conf - 1, t_on_err,
	    &errs), 6);
	/* "relative/lib" and the bare "include" word */
	T_EQ_INT(errs.n, 2);
	T_EQ_STR(printed(&pc),
	    "1\tinclude\tinclude\t/etc/ld.so.conf.d/*.conf\n"
	    "3\tdir\t-\t/usr/local/lib\n"
	    "4\tdir\t-\t/opt/vendor/lib\n"
	    "5\tdir\t-\t/usr/X11R6/lib\n"
	    "7\tinclude\tinclude\trelative/*.conf\n"
	    "7\tinclude\tinclude\tother.conf\n");
}

static void
test_preload_musl(void)
{
	static const char preload[] =
	    "/usr/lib/libfirst.so /opt/lib/libsecond.so:/x//libthird.so\n"
	    "\n  libbare.so\n";
	static const char musl[] = "/lib\n/usr/local/lib:/usr/lib\n:\nrel\n";
	struct pathconf pc = { 0 };

	T_EQ_INT(pathconf_preload(&pc, preload, sizeof preload - 1, NULL,
	    NULL), 4);
	T_EQ_STR(printed(&pc),
	    "1\tfile\t-\t/usr/lib/libfirst.so\n"
	    "1\tfile\t-\t/opt/lib/libsecond.so\n"
	    "1\tfile\t-\t/x/libthird.so\n"
	    "3\trelative\t-\tlibbare.so\n");
	T_EQ_INT(pathconf_musl_path(&pc, musl, sizeof musl - 1, NULL, NULL),
	    4);
	T_EQ_STR(printed(&pc),
	    "1\tdir\t-\t/lib\n"
	    "2\tdir\t-\t/usr/local/lib\n"
	    "2\tdir\t-\t/usr/lib\n"
	    "4\trelative\t-\trel\n");
}

static void
test_hostile(void)
{
	struct pathconf pc = { 0 };
	size_t n = MAX_LINE + 10, i;
	char *big = xmalloc(n + 64), *many;
	static const char nul[] = "PATH=/a\0/b\nPATH=/c\n";

	/* an over-long line is skipped whole, the next one is read */
	memcpy(big, "PATH=/", 6);
	memset(big + 6, 'a', n);
	memcpy(big + 6 + n, "\nPATH=/ok\n", 10);
	memset(&errs, 0, sizeof errs);
	T_EQ_INT(pathconf_environment(&pc, big, n + 16, t_on_err, &errs), 1);
	T_EQ_INT(errs.n, 1);
	T_EQ_STR(pc.v[0].value, "/ok");
	pathconf_free(&pc);
	free(big);

	memset(&errs, 0, sizeof errs);
	T_EQ_INT(pathconf_environment(&pc, nul, sizeof nul - 1, t_on_err,
	    &errs), 1);
	T_EQ_INT(errs.n, 1);
	pathconf_free(&pc);

	/* items are capped */
	many = xmalloc(5 + 3 * (PATHCONF_MAX_ITEMS + 10));
	memcpy(many, "PATH=", 5);
	for (i = 0; i < PATHCONF_MAX_ITEMS + 10; i++)
		memcpy(many + 5 + 3 * i, "/a:", 3);
	pathconf_environment(&pc, many, 5 + 3 * (PATHCONF_MAX_ITEMS + 10),
	    NULL, NULL);
	T_EQ_INT(pc.n, PATHCONF_MAX_ITEMS);
	T_EQ_INT(pc.truncated, 1);
	pathconf_free(&pc);
	free(many);

	/* empty input */
	T_EQ_INT(pathconf_ldso_conf(&pc, "", 0, NULL, NULL), 0);
	T_EQ_INT(pathconf_shell(&pc, "PATH=", 5, NULL, NULL), 1);
	T_EQ_INT(pc.v[0].kind, PC_RELATIVE);
	pathconf_free(&pc);
}

int
main(void)
{
	test_environment();
	test_login_defs();
	test_shell();
	test_ldso();
	test_preload_musl();
	test_hostile();
	printed(&(struct pathconf){ 0 });
	T_DONE();
}
