/*
 * crontab-test.c: parse/crontab.c on the shapes Debian and Red Hat
 * ship (/etc/crontab, cron.d fragments from e2fsprogs and php, a user
 * crontab as crontab -e leaves it, anacrontabs), on hostile input, and
 * the print/parse round trip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bounds.h"
#include "parse/cmdexec.h"
#include "parse/crontab.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

static size_t
parse(const char *s, enum cron_format fmt, struct crontab *t,
    struct t_errs *e)
{
	memset(t, 0, sizeof(*t));
	memset(e, 0, sizeof(*e));
	return crontab_parse(s, strlen(s), fmt, t, t_on_err, e);
}

/* parse, print, parse again: the same entries */
static void
round_trip(const char *s, enum cron_format fmt)
{
	struct crontab a, b;
	struct t_errs ea, eb;
	struct buf out = { 0 }, out2 = { 0 };
	size_t i;

	parse(s, fmt, &a, &ea);
	crontab_print(&a, fmt, &out);
	memset(&b, 0, sizeof(b));
	memset(&eb, 0, sizeof(eb));
	crontab_parse(out.data, out.len, fmt, &b, t_on_err, &eb);
	T_EQ_INT(eb.n, 0);
	T_EQ_INT(a.njobs, b.njobs);
	T_EQ_INT(a.nenv, b.nenv);
	for (i = 0; i < a.njobs && i < b.njobs; i++) {
		T_EQ_STR(a.jobs[i].when, b.jobs[i].when);
		T_EQ_STR(a.jobs[i].command, b.jobs[i].command);
		T_EQ_INT(a.jobs[i].nenv, b.jobs[i].nenv);
		if (fmt == CRON_SYSTEM)
			T_EQ_STR(a.jobs[i].user, b.jobs[i].user);
	}
	for (i = 0; i < a.nenv && i < b.nenv; i++) {
		T_EQ_STR(a.env[i].name, b.env[i].name);
		T_EQ_STR(a.env[i].value, b.env[i].value);
	}
	crontab_print(&b, fmt, &out2);
	T_EQ_STR(out.data, out2.data);
	buf_free(&out);
	buf_free(&out2);
	crontab_free(&a);
	crontab_free(&b);
}

/* Debian bookworm's /etc/crontab, verbatim */
static const char debian_crontab[] =
"# /etc/crontab: system-wide crontab\n"
"# Unlike any other crontab you don't have to run the `crontab'\n"
"# command to install the new version when you edit this file\n"
"# and files in /etc/cron.d. These files also have username fields,\n"
"# that none of the other crontabs do.\n"
"\n"
"SHELL=/bin/sh\n"
"# You can also override PATH, but by default, newer versions inherit it from the environment\n"
"#PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin\n"
"\n"
"# Example of job definition:\n"
"# .---------------- minute (0 - 59)\n"
"# |  .------------- hour (0 - 23)\n"
"# |  |  .---------- day of month (1 - 31)\n"
"# |  |  |  .------- month (1 - 12) OR jan,feb,mar,apr ...\n"
"# |  |  |  |  .---- day of week (0 - 6) (Sunday=0 or 7) OR sun,mon,tue,wed,thu,fri,sat\n"
"# |  |  |  |  |\n"
"# *  *  *  *  * user-name command to be executed\n"
"17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly\n"
"25 6\t* * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }\n"
"47 6\t* * 7\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }\n"
"52 6\t1 * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.monthly; }\n"
"#\n";

static void
test_debian_crontab(void)
{
	static const char *const dirs[] = { "/etc/cron.hourly",
		"/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly" };
	struct crontab t;
	struct t_errs e;
	size_t i;

	T_EQ_INT(parse(debian_crontab, CRON_SYSTEM, &t, &e), 4);
	T_EQ_INT(e.n, 0);
	T_EQ_INT(t.nenv, 1);
	T_EQ_STR(t.env[0].name, "SHELL");
	T_EQ_STR(t.env[0].value, "/bin/sh");
	T_EQ_INT(t.env[0].line, 7);
	T_EQ_STR(t.jobs[0].when, "17 * * * *");
	T_EQ_STR(t.jobs[0].user, "root");
	T_EQ_INT(t.jobs[0].line, 19);
	T_EQ_STR(t.jobs[2].when, "47 6 * * 7");
	T_EQ_STR(t.jobs[1].command, "test -x /usr/sbin/anacron || { cd / "
	    "&& run-parts --report /etc/cron.daily; }");
	T_EQ_STR(crontab_getenv(&t, &t.jobs[0], "SHELL"), "/bin/sh");
	T_OK(crontab_getenv(&t, &t.jobs[0], "PATH") == NULL);
	/* what each job runs: run-parts (bare) and its directory */
	for (i = 0; i < 4; i++) {
		struct cx_opts o = { "/root", "/root", NULL, NULL };
		struct cx_list l = { 0 };
		char *cmd = cron_command_part(t.jobs[i].command, NULL);

		T_EQ_INT(cx_shell(cmd, strlen(cmd), &o, &l), 0);
		T_EQ_INT(l.incomplete, 0);
		T_EQ_INT(l.n, 2);
		if (l.n == 2) {
			T_EQ_INT(l.v[0].role, CX_PROGRAM);
			T_EQ_STR(l.v[0].word, "run-parts");
			T_EQ_INT(l.v[0].bare, 1);
			T_EQ_INT(l.v[1].role, CX_RUNPARTS);
			T_EQ_STR(l.v[1].path, dirs[i]);
		}
		cx_list_free(&l);
		free(cmd);
	}
	crontab_free(&t);
	round_trip(debian_crontab, CRON_SYSTEM);
}

/* cron.d fragments as Debian packages ship them */
static const char e2scrub_all[] =
"30 3 * * 0 root test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron\n"
"10 3 * * * root test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A -r\n";

static const char php_cron_d[] =
"# /etc/cron.d/php@PHP_VERSION@: crontab fragment for PHP\n"
"#  This purges session files in session.save_path older than X,\n"
"#  where X is defined in seconds as the largest value of\n"
"#  session.gc_maxlifetime from all your SAPI php.ini files\n"
"#  or 24 minutes if not defined.  The script triggers only\n"
"#  when session.save_handler=files.\n"
"#\n"
"#  WARNING: The scripts tries hard to honour all relevant\n"
"#  session PHP options, but if you do something unusual\n"
"#  you have to disable this script and take care of your\n"
"#  sessions yourself.\n"
"\n"
"# Look for and purge old sessions every 30 minutes\n"
"09,39 *     * * *     root   [ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi\n";

static void
test_cron_d(void)
{
	struct cx_opts o = { "/root", "/root", NULL, NULL };
	struct cx_list l = { 0 };
	struct crontab t;
	struct t_errs e;
	char *cmd;

	T_EQ_INT(parse(e2scrub_all, CRON_SYSTEM, &t, &e), 2);
	T_EQ_INT(e.n, 0);
	T_EQ_STR(t.jobs[0].when, "30 3 * * 0");
	cmd = cron_command_part(t.jobs[0].command, NULL);
	cx_shell(cmd, strlen(cmd), &o, &l);
	T_EQ_INT(l.n, 1);
	T_EQ_STR(l.v[0].path,
	    "/usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron");
	cx_list_free(&l);
	free(cmd);
	crontab_free(&t);
	round_trip(e2scrub_all, CRON_SYSTEM);

	T_EQ_INT(parse(php_cron_d, CRON_SYSTEM, &t, &e), 1);
	T_EQ_INT(e.n, 0);
	T_EQ_STR(t.jobs[0].when, "09,39 * * * *");
	T_EQ_STR(t.jobs[0].user, "root");
	T_EQ_INT(t.jobs[0].line, 14);
	cmd = cron_command_part(t.jobs[0].command, NULL);
	cx_shell(cmd, strlen(cmd), &o, &l);
	T_EQ_INT(l.n, 1);
	T_EQ_STR(l.v[0].path, "/usr/lib/php/sessionclean");
	cx_list_free(&l);
	free(cmd);
	crontab_free(&t);
	round_trip(php_cron_d, CRON_SYSTEM);
}

/* a user crontab as crontab -e leaves it in /var/spool/cron/crontabs */
static const char user_crontab[] =
"# DO NOT EDIT THIS FILE - edit the master and reinstall.\n"
"# (/tmp/crontab.Xf3kL9/crontab installed on Mon Mar  4 10:00:00 2024)\n"
"# (Cron version -- $Id: crontab.c,v 2.13 1994/01/17 03:20:37 vixie Exp $)\n"
"MAILTO=\"\"\n"
"PATH = /home/alice/bin:/usr/local/bin:/usr/bin:/bin\n"
"  HOME='/home/alice '  \n"
"*/15 * * * * /home/alice/bin/sync.sh >/dev/null 2>&1\n"
"0 2 * * mon-fri cd ~/proj && ./nightly.sh\n"
"@reboot /usr/bin/tmux new -d -s main\n"
"5 4 * * sun echo \"weekly\" | mail -s \"report%date\" alice%line two%\n"
"0 0 1 jan,jul * date +\\%Y-\\%m-\\%d >> /tmp/stamp\n"
"-*/5 * * * * /usr/bin/quiet\n";

static void
test_user_crontab(void)
{
	struct crontab t;
	struct t_errs e;
	char *cmd, *in;

	T_EQ_INT(parse(user_crontab, CRON_USER, &t, &e), 6);
	T_EQ_INT(e.n, 0);
	T_EQ_INT(t.nenv, 3);
	T_EQ_STR(t.env[0].name, "MAILTO");
	T_EQ_STR(t.env[0].value, "");
	T_EQ_STR(t.env[1].name, "PATH");
	T_EQ_STR(t.env[1].value, "/home/alice/bin:/usr/local/bin:/usr/bin:/bin");
	T_EQ_STR(t.env[2].value, "/home/alice ");
	T_OK(t.jobs[0].user == NULL);
	T_EQ_STR(t.jobs[1].when, "0 2 * * mon-fri");
	T_EQ_STR(t.jobs[2].when, "@reboot");
	T_EQ_STR(t.jobs[4].when, "0 0 1 jan,jul *");
	T_EQ_INT(t.jobs[5].nolog, 1);
	T_EQ_STR(t.jobs[5].when, "*/5 * * * *");
	T_EQ_STR(crontab_getenv(&t, &t.jobs[0], "PATH"),
	    "/home/alice/bin:/usr/local/bin:/usr/bin:/bin");

	/* %: the command ends at the first unescaped %, the rest is stdin */
	cmd = cron_command_part(t.jobs[3].command, &in);
	T_EQ_STR(cmd, "echo \"weekly\" | mail -s \"report");
	T_EQ_STR(in, "date\" alice\nline two\n");
	free(cmd);
	free(in);
	cmd = cron_command_part(t.jobs[4].command, &in);
	T_EQ_STR(cmd, "date +%Y-%m-%d >> /tmp/stamp");
	T_OK(in == NULL);
	free(cmd);
	cmd = cron_command_part("a\\b\\\\%c", &in);
	T_EQ_STR(cmd, "a\\b\\\\");
	T_EQ_STR(in, "c");
	free(cmd);
	free(in);
	crontab_free(&t);
	round_trip(user_crontab, CRON_USER);
}

static const char debian_anacrontab[] =
"# /etc/anacrontab: configuration file for anacron\n"
"\n"
"# See anacron(8) and anacrontab(5) for details.\n"
"\n"
"SHELL=/bin/sh\n"
"HOME=/root\n"
"LOGNAME=root\n"
"\n"
"# These replace cron's entries\n"
"1\t5\tcron.daily\trun-parts --report /etc/cron.daily\n"
"7\t10\tcron.weekly\trun-parts --report /etc/cron.weekly\n"
"@monthly\t15\tcron.monthly\trun-parts --report /etc/cron.monthly\n";

static const char rh_anacrontab[] =
"# /etc/anacrontab: configuration file for anacron\n"
"\n"
"# See anacron(8) and anacrontab(5) for details.\n"
"\n"
"SHELL=/bin/sh\n"
"PATH=/sbin:/bin:/usr/sbin:/usr/bin\n"
"MAILTO=root\n"
"# the maximal random delay added to the base delay of the jobs\n"
"RANDOM_DELAY=45\n"
"# the jobs will be started during the following hours only\n"
"START_HOURS_RANGE=3-22\n"
"\n"
"#period in days   delay in minutes   job-identifier   command\n"
"1\t5\tcron.daily\t\tnice run-parts /etc/cron.daily\n"
"7\t25\tcron.weekly\t\tnice run-parts /etc/cron.weekly\n"
"@monthly 45\tcron.monthly\t\tnice run-parts /etc/cron.monthly\n";

static void
test_anacrontab(void)
{
	struct cx_opts o = { "/", "/root", NULL, NULL };
	struct cx_list l = { 0 };
	struct crontab t;
	struct t_errs e;

	T_EQ_INT(parse(debian_anacrontab, CRON_ANACRON, &t, &e), 3);
	T_EQ_INT(e.n, 0);
	T_EQ_INT(t.nenv, 3);
	T_EQ_STR(t.jobs[0].when, "1 5");
	T_EQ_STR(t.jobs[0].ident, "cron.daily");
	T_EQ_STR(t.jobs[2].when, "@monthly 15");
	T_EQ_STR(t.jobs[2].command, "run-parts --report /etc/cron.monthly");
	T_EQ_STR(crontab_getenv(&t, &t.jobs[2], "HOME"), "/root");
	crontab_free(&t);
	round_trip(debian_anacrontab, CRON_ANACRON);

	T_EQ_INT(parse(rh_anacrontab, CRON_ANACRON, &t, &e), 3);
	T_EQ_INT(e.n, 0);
	T_EQ_INT(t.nenv, 5);
	T_EQ_STR(crontab_getenv(&t, &t.jobs[1], "START_HOURS_RANGE"), "3-22");
	cx_shell(t.jobs[1].command, strlen(t.jobs[1].command), &o, &l);
	T_EQ_INT(l.n, 3);
	if (l.n == 3) {
		T_EQ_STR(l.v[0].word, "nice");
		T_EQ_STR(l.v[1].word, "run-parts");
		T_EQ_STR(l.v[1].via, "nice");
		T_EQ_INT(l.v[2].role, CX_RUNPARTS);
		T_EQ_STR(l.v[2].path, "/etc/cron.weekly");
	}
	cx_list_free(&l);
	crontab_free(&t);
	round_trip(rh_anacrontab, CRON_ANACRON);

	/* anacron keeps blanks in a value: "No spaces around VALUE are
	 * allowed (unless you want them to be part of the value)" */
	parse("  A = b \n1 1 x/y cmd\n1 1 id\n", CRON_ANACRON, &t, &e);
	T_EQ_INT(t.nenv, 1);
	T_EQ_STR(t.env[0].name, "A");
	T_EQ_STR(t.env[0].value, " b ");
	T_EQ_INT(e.n, 2);
	T_EQ_STR(e.why[0], "bad anacron job identifier");
	T_EQ_STR(e.why[1], "missing command");
	crontab_free(&t);
}

/* crontab(5) / env.c: what is an environment line and what is not */
static void
test_env_lines(void)
{
	struct crontab t;
	struct t_errs e;

	parse("A=1\n"
	    "B = two words  \n"
	    "C=' padded '\n"
	    "\"D E\"=x\n"
	    "F=\n"
	    "G=\"trailing\" junk\n"
	    "H='open\n"
	    "SHELL=/bin/bash\n"
	    "* * * * * root FOO=bar /opt/x\n", CRON_SYSTEM, &t, &e);
	T_EQ_INT(t.nenv, 6);
	T_EQ_STR(t.env[0].value, "1");
	T_EQ_STR(t.env[1].name, "B");
	T_EQ_STR(t.env[1].value, "two words");
	T_EQ_STR(t.env[2].value, " padded ");
	T_EQ_STR(t.env[3].name, "D E");
	T_EQ_STR(t.env[4].value, "");
	T_EQ_STR(t.env[5].name, "SHELL");
	/* G and H are neither env lines nor entries */
	T_EQ_INT(e.n, 2);
	T_EQ_INT(e.line[0], 6);
	T_EQ_INT(e.line[1], 7);
	T_EQ_INT(t.njobs, 1);
	T_EQ_INT(t.jobs[0].nenv, 6);
	T_EQ_STR(t.jobs[0].command, "FOO=bar /opt/x");
	T_EQ_STR(crontab_getenv(&t, &t.jobs[0], "SHELL"), "/bin/bash");
	crontab_free(&t);
	round_trip("C=' padded '\n\"D E\"=x\nq='\"x'\n* * * * * root x\n",
	    CRON_SYSTEM);

	/* an assignment applies only to the lines after it */
	parse("* * * * * a\nPATH=/opt\n* * * * * b\n", CRON_USER, &t, &e);
	T_OK(crontab_getenv(&t, &t.jobs[0], "PATH") == NULL);
	T_EQ_STR(crontab_getenv(&t, &t.jobs[1], "PATH"), "/opt");
	crontab_free(&t);
}

static void
test_time_fields(void)
{
	static const struct {
		const char	*line;
		int		 ok;
		const char	*why;
	} c[] = {
		{ "0 0 * * * x", 1, NULL },
		{ "*/5 1-5/2 1,15 jan-mar mon-fri x", 1, NULL },
		{ "59 23 31 12 7 x", 1, NULL },
		{ "0 0 * * SUN x", 1, NULL },
		{ "5/10 * * * * x", 1, NULL },
		{ "~ ~ * * * x", 1, NULL },
		{ "0~30 * * * * x", 1, NULL },
		{ "@hourly x", 1, NULL },
		{ "@midnight x", 1, NULL },
		{ "60 * * * * x", 0, "bad minute field" },
		{ "* 24 * * * x", 0, "bad hour field" },
		{ "* * 0 * * x", 0, "bad day-of-month field" },
		{ "* * * 13 * x", 0, "bad month field" },
		{ "* * * * 8 x", 0, "bad day-of-week field" },
		{ "* * * * january x", 0, "bad day-of-week field" },
		{ "*/0 * * * * x", 0, "bad minute field" },
		{ "1- * * * * x", 0, "bad minute field" },
		{ "1,,2 * * * * x", 0, "bad minute field" },
		{ "* * * *", 0, "missing time fields" },
		{ "* * * * *", 0, "missing command" },
		{ "@every x", 0, "bad @keyword" },
		{ "@Reboot x", 0, "bad @keyword" },
		{ "garbage line here", 0, "bad minute field" },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct crontab t;
		struct t_errs e;
		size_t n = parse(c[i].line, CRON_USER, &t, &e);

		if ((int)n != c[i].ok)
			fprintf(stderr, "case: %s\n", c[i].line);
		T_EQ_INT(n, c[i].ok);
		if (!c[i].ok && e.n == 1)
			T_EQ_STR(e.why[0], c[i].why);
		crontab_free(&t);
	}
}

static void
test_hostile(void)
{
	struct crontab t;
	struct t_errs e;
	struct buf b = { 0 };
	size_t i;
	char nul[] = "* * * * * /bin/a\0b\n* * * * * /bin/ok\n";

	/* a line over MAX_LINE is skipped whole, the next one kept */
	for (i = 0; i < MAX_LINE + 10; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\n* * * * * root /bin/true\n");
	memset(&t, 0, sizeof(t));
	memset(&e, 0, sizeof(e));
	T_EQ_INT(crontab_parse(b.data, b.len, CRON_SYSTEM, &t, t_on_err, &e),
	    1);
	T_EQ_INT(e.n, 1);
	T_EQ_STR(e.why[0], "line too long");
	T_EQ_INT(t.jobs[0].line, 2);
	crontab_free(&t);
	buf_free(&b);

	memset(&t, 0, sizeof(t));
	memset(&e, 0, sizeof(e));
	T_EQ_INT(crontab_parse(nul, sizeof(nul) - 1, CRON_USER, &t, t_on_err,
	    &e), 1);
	T_EQ_STR(e.why[0], "line holds a NUL byte");
	T_EQ_STR(t.jobs[0].command, "/bin/ok");
	crontab_free(&t);

	/* no user field in a system crontab */
	parse("* * * * *   \n@reboot root\n\t\n", CRON_SYSTEM, &t, &e);
	T_EQ_INT(t.njobs, 0);
	T_EQ_INT(e.n, 2);
	T_EQ_STR(e.why[0], "missing user field");
	T_EQ_STR(e.why[1], "missing command");
	crontab_free(&t);

	/* binary garbage, CRLF, no final newline */
	{
		static const char g[] = "\xff\xfe\x01=\x02\r\n0 0 * * * "
		    "root /x\r\n#\r\n@daily root /y";

		parse(g, CRON_SYSTEM, &t, &e);
		T_EQ_INT(t.njobs, 2);
		T_EQ_STR(t.jobs[0].command, "/x");
		T_EQ_STR(t.jobs[1].command, "/y");
		crontab_free(&t);
		round_trip(g, CRON_SYSTEM);
	}
	/* a command ending in carriage returns (found by crontab-fuzz) */
	round_trip("* * * * * /x\r\r\r\n", CRON_USER);
	round_trip("A=b\r\r\n1 1 i c\r\r\n", CRON_ANACRON);
	/* a quoted name that begins with '#' (found by crontab-fuzz) */
	round_trip("\"#\"=\n'#x y'=1\n", CRON_USER);
	/* an empty buffer */
	memset(&t, 0, sizeof(t));
	T_EQ_INT(crontab_parse("", 0, CRON_USER, &t, NULL, NULL), 0);
	crontab_free(&t);
}

static void
test_name_rules(void)
{
	/* run-parts(8): ^[A-Za-z0-9_-]+$ */
	T_OK(cron_runparts_name_ok("apt-compat", CRON_FLAVOR_DEBIAN, 0, NULL));
	T_OK(cron_runparts_name_ok("0anacron", CRON_FLAVOR_DEBIAN, 0, NULL));
	T_OK(cron_runparts_name_ok("man_db", CRON_FLAVOR_BUSYBOX, 0, NULL));
	T_OK(!cron_runparts_name_ok("backup.sh", CRON_FLAVOR_DEBIAN, 0, NULL));
	T_OK(!cron_runparts_name_ok("x~", CRON_FLAVOR_DEBIAN, 0, NULL));
	T_OK(!cron_runparts_name_ok("", CRON_FLAVOR_DEBIAN, 0, NULL));
	T_OK(!cron_runparts_name_ok("logrotate.dpkg-old", CRON_FLAVOR_DEBIAN,
	    0, NULL));
	/* --lsbsysinit */
	T_OK(cron_runparts_name_ok("foo.bar-baz", CRON_FLAVOR_DEBIAN,
	    CX_RP_LSBSYSINIT, NULL));
	T_OK(cron_runparts_name_ok("_foo-1", CRON_FLAVOR_DEBIAN,
	    CX_RP_LSBSYSINIT, NULL));
	T_OK(!cron_runparts_name_ok("foo.dpkg-old", CRON_FLAVOR_DEBIAN,
	    CX_RP_LSBSYSINIT, NULL));
	T_OK(!cron_runparts_name_ok("foo.sh", CRON_FLAVOR_DEBIAN,
	    CX_RP_LSBSYSINIT, NULL));
	/* in the Debian cron script namespace, though not the LSB one */
	T_OK(cron_runparts_name_ok("a--b", CRON_FLAVOR_DEBIAN,
	    CX_RP_LSBSYSINIT, NULL));
	T_OK(!cron_runparts_name_ok("a--b.x", CRON_FLAVOR_DEBIAN,
	    CX_RP_LSBSYSINIT, NULL));
	/* --regex */
	T_OK(cron_runparts_name_ok("job.sh", CRON_FLAVOR_DEBIAN, CX_RP_REGEX,
	    "^[a-z]+\\.sh$"));
	T_OK(!cron_runparts_name_ok("job", CRON_FLAVOR_DEBIAN, CX_RP_REGEX,
	    "^[a-z]+\\.sh$"));
	T_OK(!cron_runparts_name_ok("job", CRON_FLAVOR_DEBIAN, CX_RP_REGEX,
	    "(["));
	/* the crontabs package's run-parts */
	T_OK(cron_runparts_name_ok("backup.sh", CRON_FLAVOR_CRONIE, 0, NULL));
	T_OK(!cron_runparts_name_ok(".hidden", CRON_FLAVOR_CRONIE, 0, NULL));
	T_OK(!cron_runparts_name_ok("x~", CRON_FLAVOR_CRONIE, 0, NULL));
	T_OK(!cron_runparts_name_ok("x,", CRON_FLAVOR_CRONIE, 0, NULL));
	T_OK(!cron_runparts_name_ok("x.rpmnew", CRON_FLAVOR_CRONIE, 0, NULL));
	T_OK(!cron_runparts_name_ok("x.swp", CRON_FLAVOR_CRONIE, 0, NULL));

	/* cron.d: Debian cron(8), cronie database.c */
	T_OK(cron_crond_name_ok("e2scrub_all", CRON_FLAVOR_DEBIAN));
	T_OK(cron_crond_name_ok("php", CRON_FLAVOR_DEBIAN));
	T_OK(!cron_crond_name_ok("backup.conf", CRON_FLAVOR_DEBIAN));
	T_OK(!cron_crond_name_ok("php.dpkg-dist", CRON_FLAVOR_DEBIAN));
	T_OK(!cron_crond_name_ok(".placeholder", CRON_FLAVOR_DEBIAN));
	T_OK(cron_crond_name_ok("backup.conf", CRON_FLAVOR_CRONIE));
	T_OK(cron_crond_name_ok("0hourly", CRON_FLAVOR_CRONIE));
	T_OK(!cron_crond_name_ok(".placeholder", CRON_FLAVOR_CRONIE));
	T_OK(!cron_crond_name_ok("#x#", CRON_FLAVOR_CRONIE));
	T_OK(!cron_crond_name_ok("job~", CRON_FLAVOR_CRONIE));
	T_OK(!cron_crond_name_ok("job.rpmsave", CRON_FLAVOR_CRONIE));
	T_OK(cron_crond_name_ok("job.conf", CRON_FLAVOR_UNKNOWN));
	T_OK(!cron_crond_name_ok("job", CRON_FLAVOR_BUSYBOX));
}

int
main(void)
{
	test_debian_crontab();
	test_cron_d();
	test_user_crontab();
	test_anacrontab();
	test_env_lines();
	test_time_fields();
	test_hostile();
	test_name_rules();
	T_DONE();
}
