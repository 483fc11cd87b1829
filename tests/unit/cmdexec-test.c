/*
 * cmdexec-test.c: parse/cmdexec.c on commands as they appear in
 * crontabs and unit files: guards, wrappers, interpreters, run-parts,
 * sudo/su, substitutions, and text a shell would refuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cmdexec.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

static const char *
var(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	if (n == 4 && memcmp(name, "HOME", 4) == 0)
		return "/root";
	if (n == 4 && memcmp(name, "PATH", 4) == 0)
		return "/usr/bin:/bin";
	if (n == 3 && memcmp(name, "APP", 3) == 0)
		return "/srv/app";
	return NULL;
}

/* one line per item: P program, S script, D sourced, R run-parts dir;
 * a bare name as written, else the folded path */
static char *
render(const struct cx_list *l)
{
	struct buf b = { 0 };
	size_t i;

	buf_add(&b, "", 0);
	for (i = 0; i < l->n; i++) {
		const struct cx_item *it = &l->v[i];

		if (i)
			buf_addc(&b, ' ');
		buf_addc(&b, "PSDR"[it->role]);
		buf_addc(&b, ':');
		buf_adds(&b, it->bare ? it->word : it->path);
		if (it->glob)
			buf_adds(&b, "(glob)");
		if (it->runs_as)
			buf_printf(&b, "[as=%s]", it->runs_as);
		if (it->search_path)
			buf_printf(&b, "{%s}", it->search_path);
	}
	return buf_str(&b);
}

static const struct {
	const char	*cmd;
	const char	*want;
	int		 incomplete;
} cases[] = {
	/* guards and grouping */
	{ "test -x /usr/sbin/anacron || { cd / && run-parts --report "
	  "/etc/cron.daily; }", "P:run-parts R:/etc/cron.daily", 0 },
	{ "[ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system "
	  "]; then /usr/lib/php/sessionclean; fi",
	  "P:/usr/lib/php/sessionclean", 0 },
	{ "[[ -x /opt/a && -r /opt/b ]] && /opt/a", "P:/opt/a", 0 },
	{ "test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A",
	  "P:/sbin/e2scrub_all", 0 },
	{ "! /bin/false; true; : ; echo hi", "P:/bin/false", 0 },
	/* working directory */
	{ "cd /srv/app && ./bin/run --x", "P:/srv/app/bin/run", 0 },
	{ "cd && ./job", "P:/root/job", 0 },
	{ "cd sub/../dir && ./x", "P:/root/dir/x", 0 },
	{ "(cd /tmp && ./a); ./b", "P:/tmp/a P:/root/b", 0 },
	{ "cd \"$UNKNOWN\" && ./x", "", 1 },
	/* wrappers */
	{ "nice -n 19 ionice -c3 flock -n /tmp/x.lock python3 -u /srv/job.py "
	  ">> /var/log/job.log 2>&1",
	  "P:nice P:ionice P:flock P:python3 S:/srv/job.py", 0 },
	{ "timeout -s KILL 1h /bin/sh /opt/x.sh", "P:timeout P:/bin/sh "
	  "S:/opt/x.sh", 0 },
	{ "flock -w 10 /run/l -c '/opt/a.sh arg'", "P:flock P:/opt/a.sh", 0 },
	{ "env -i PATH=/x:/y FOO=1 mytool a",
	  "P:env P:mytool{/x:/y}", 0 },
	{ "env -S 'perl -w' /opt/s.pl", "P:env P:perl S:/opt/s.pl", 0 },
	{ "nohup setsid chronic stdbuf -oL /opt/y &", "P:nohup P:setsid "
	  "P:chronic P:stdbuf P:/opt/y", 0 },
	{ "exec /usr/local/bin/thing", "P:/usr/local/bin/thing", 0 },
	{ "command -v foo >/dev/null && foo", "P:foo", 0 },
	{ "ionice -p 1", "P:ionice", 0 },
	{ "xargs -0 -n1 rm < /tmp/list", "P:xargs P:rm", 0 },
	{ "find /tmp -mtime +7 -exec rm -f {} \\;", "P:find P:rm", 0 },
	{ "busybox sh -c /opt/q", "P:busybox P:/opt/q", 0 },
	/* interpreters */
	{ "python3 -m http.server", "P:python3", 0 },
	{ "python3 -c 'import os' && python3.11 -W ignore /srv/t.py",
	  "P:python3 P:python3.11 S:/srv/t.py", 0 },
	{ "/usr/bin/perl -I/lib -e 'print 1'", "P:/usr/bin/perl", 0 },
	{ "perl -w /opt/a.pl", "P:perl S:/opt/a.pl", 0 },
	{ "php -q /var/www/cron.php", "P:php S:/var/www/cron.php", 0 },
	{ "php8.2 -c /etc/php.ini -f /var/www/x.php", "P:php8.2 "
	  "S:/etc/php.ini S:/var/www/x.php", 0 },
	{ "bash -lc 'source ~/.profile; ~/bin/job'",
	  "P:bash D:/root/.profile P:/root/bin/job", 0 },
	{ "sh -e -o pipefail job.sh", "P:sh S:/root/job.sh", 0 },
	{ "sh -s < /opt/in", "P:sh", 0 },
	{ "node /srv/app/index.js", "P:node S:/srv/app/index.js", 0 },
	{ "java -Xmx1g -jar app.jar", "P:java S:/root/app.jar", 0 },
	{ "awk -f /opt/prog.awk /var/log/x", "P:awk S:/opt/prog.awk", 0 },
	{ "awk '{print}' /var/log/x", "P:awk", 0 },
	/* run-parts */
	{ "run-parts --lsbsysinit --regex='^x' /etc/a /etc/b",
	  "P:run-parts R:/etc/a R:/etc/b", 0 },
	{ "run-parts --test /etc/cron.daily", "P:run-parts", 0 },
	/* another user */
	{ "sudo -u www-data php /var/www/cron.php", "P:sudo "
	  "P:php[as=www-data] S:/var/www/cron.php[as=www-data]", 0 },
	{ "su -s /bin/sh www-data -c 'cd /var/www && php artisan x'",
	  "P:su P:php[as=www-data] S:/var/www/artisan[as=www-data]", 0 },
	{ "runuser -u backup -- /opt/bk", "P:runuser P:/opt/bk[as=backup]",
	  0 },
	{ "su - postgres", "P:su", 0 },
	/* variables, substitutions */
	{ "X=/opt/bin; $X/tool", "P:/opt/bin/tool", 0 },
	{ "$APP/bin/x; ${APP}/y; ${NOPE:-/usr/bin/z}",
	  "P:/srv/app/bin/x P:/srv/app/y P:/usr/bin/z", 0 },
	{ "PATH=/opt/bin:$PATH backup", "P:backup{/opt/bin:/usr/bin:/bin}",
	  0 },
	{ "export PATH=/opt/sbin; tool", "P:tool{/opt/sbin}", 0 },
	{ "echo $(date) `hostname` | mail -s x root",
	  "P:date P:hostname P:mail", 0 },
	{ "\"$(which python3)\" /x.py", "P:which", 1 },
	{ "$CMD arg", "", 1 },
	{ "for f in /opt/jobs/*.sh; do sh $f; done",
	  "P:sh S:/opt/jobs(glob)", 0 },
	{ "for f in a b; do sh \"$f\"; done", "P:sh", 1 },
	{ "sh /opt/jobs/*.sh", "P:sh S:/opt/jobs(glob)", 0 },
	{ ". /etc/profile.d/x.sh; . env.sh", "D:/etc/profile.d/x.sh D:env.sh",
	  0 },
	{ "eval '/opt/e arg'", "P:/opt/e", 0 },
	{ "trap '/opt/cleanup' EXIT; /opt/main", "P:/opt/cleanup P:/opt/main",
	  0 },
	{ "case $1 in a) /opt/a;; esac; /opt/after", "P:/opt/a P:/opt/after",
	  0 },
	{ "f() { /opt/inner; }; f", "P:/opt/inner", 0 },
	/* whole scripts: case arms, functions, keywords, (( )) */
	{ "#!/bin/sh\nset -e\ncase \"$1\" in\n  start|restart)\n"
	  "    /opt/st ;;\n  (stop) . /etc/stop.conf\n    ;;\n"
	  "  *) case $2 in x) /opt/nested;; esac\n     /opt/dflt\nesac\n"
	  "/opt/last", "P:/opt/st D:/etc/stop.conf P:/opt/nested "
	  "P:/opt/dflt P:/opt/last", 0 },
	{ "main() {\n\thelper \"$@\"\n}\nfunction helper {\n"
	  "\t/usr/sbin/real --x\n}\nmain \"$@\"\nexit 0",
	  "P:/usr/sbin/real", 0 },
	{ "function g() { /opt/g; }\ng", "P:/opt/g", 0 },
	{ "if [ -r /etc/a ]; then . /etc/a; elif true; then /opt/b; else "
	  "/opt/c; fi\nwhile read l; do /opt/w \"$l\"; done < /etc/list\n"
	  "until false; do break; done", "D:/etc/a P:/opt/b P:/opt/c "
	  "P:/opt/w", 0 },
	{ "((n = 1 + 2)); (/opt/sub)", "P:/opt/sub", 0 },
	/* bash arrays and appends are assignments, not functions */
	{ "d=()\nd+=(/etc/init.d)\nx+=y /opt/p\nd=( a 'b)' )\n/opt/q",
	  "P:/opt/p P:/opt/q", 0 },
	{ "for ((i = 0; i < 3; i++)); do /opt/f \"$i\"; done; /opt/g",
	  "P:/opt/f P:/opt/g", 0 },
	{ "w=${1%\"${1##*:}\"}; w=${o%%[<{().[]*}; /opt/h \"${x:-}\"",
	  "P:/opt/h", 0 },
	{ "case $o in -?(\\[)+([a-z])) /opt/x ;; @(a|b)) /opt/y;; esac",
	  "P:/opt/x P:/opt/y", 0 },
	{ "mapfile -t t < <(/opt/list)\ndiff <(/opt/a) >(/opt/b)",
	  "P:/opt/list P:/opt/a P:/opt/b P:diff", 0 },
	{ "x=$((1+2)); /opt/x$x; /opt/y$((3))", "", 1 },
	{ "n=$(( (1+2) * 3 )); /opt/z", "P:/opt/z", 0 },
	/* a script's own PATH */
	{ "PATH=/opt/bin:/usr/bin\nexport PATH\ntool -x",
	  "P:tool{/opt/bin:/usr/bin}", 0 },
	/* here-documents: the body is data */
	{ "cat <<EOF\n/bin/evil\nEOF\n/opt/after", "P:cat P:/opt/after", 0 },
	{ "cat <<-'E'\n\t/bin/evil\n\tE\n/opt/z", "P:cat P:/opt/z", 0 },
	/* comments and escapes */
	{ "/opt/a # /opt/b", "P:/opt/a", 0 },
	{ "/opt/with\\ space arg", "P:/opt/with space", 0 },
	{ "'/opt/q u o'", "P:/opt/q u o", 0 },
	/* refused */
	{ "echo \"unterminated", "", 1 },
	{ "echo 'x", "", 1 },
	{ "echo $(x", "", 1 },
	{ "cat >", "", 1 },
};

static void
test_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cx_opts o = { "/root", "/root", var, NULL };
		struct cx_list l = { 0 };
		char *got;

		cx_shell(cases[i].cmd, strlen(cases[i].cmd), &o, &l);
		got = render(&l);
		if (strcmp(got, cases[i].want) != 0 ||
		    l.incomplete != cases[i].incomplete)
			fprintf(stderr, "case %zu: %s\n  got  %s (%d %s)\n"
			    "  want %s (%d)\n", i, cases[i].cmd, got,
			    l.incomplete, l.why ? l.why : "",
			    cases[i].want, cases[i].incomplete);
		T_EQ_STR(got, cases[i].want);
		T_EQ_INT(l.incomplete, cases[i].incomplete);
		free(got);
		cx_list_free(&l);
	}
}

/* systemd argv: no shell, no builtins */
static void
test_argv(void)
{
	char *a1[] = { "/bin/sh", "-c", "exec /opt/d --flag", NULL };
	char *a2[] = { "echo", "hi", NULL };
	char *a3[] = { "/usr/bin/python3", "/opt/svc/main.py", NULL };
	struct cx_opts o = { "/", NULL, NULL, NULL };
	struct cx_list l = { 0 };
	char *got;

	cx_argv(a1, 3, &o, &l);
	got = render(&l);
	T_EQ_STR(got, "P:/bin/sh P:/opt/d");
	free(got);
	cx_list_free(&l);
	cx_argv(a2, 2, &o, &l);
	got = render(&l);
	T_EQ_STR(got, "P:echo");
	free(got);
	cx_list_free(&l);
	cx_argv(a3, 2, &o, &l);
	got = render(&l);
	T_EQ_STR(got, "P:/usr/bin/python3 S:/opt/svc/main.py");
	free(got);
	cx_list_free(&l);
}

static void
test_fold(void)
{
	char *p;

	p = cx_path_fold("/a/b", "../c/./d//e/");
	T_EQ_STR(p, "/a/c/d/e");
	free(p);
	p = cx_path_fold("/", "../../x");
	T_EQ_STR(p, "/x");
	free(p);
	p = cx_path_fold(NULL, "/..");
	T_EQ_STR(p, "/");
	free(p);
	T_OK(cx_is_builtin("cd"));
	T_OK(!cx_is_builtin("sleep"));
}

/* hostile: deep nesting, huge input, NULs */
static void
test_hostile(void)
{
	struct cx_opts o = { "/", "/root", NULL, NULL };
	struct cx_list l = { 0 };
	struct buf b = { 0 };
	size_t i;
	static const char nul[] = "/opt/a\0/opt/b";

	for (i = 0; i < 200; i++)
		buf_adds(&b, "eval ");
	buf_adds(&b, "/deep");
	cx_shell(b.data, b.len, &o, &l);
	T_EQ_INT(l.incomplete, 1);
	T_EQ_INT(l.n, 0);
	cx_list_free(&l);
	buf_free(&b);

	/* sh -c 'sh -c ...' twelve deep, quoted properly */
	{
		char *cmd = xstrdup("/deep");

		for (i = 0; i < 12; i++) {
			struct buf q = { 0 };
			const char *c;

			buf_adds(&q, "sh -c \"");
			for (c = cmd; *c; c++) {
				if (strchr("\\\"$`", *c))
					buf_addc(&q, '\\');
				buf_addc(&q, *c);
			}
			buf_addc(&q, '"');
			free(cmd);
			cmd = buf_str(&q);
		}
		cx_shell(cmd, strlen(cmd), &o, &l);
		T_EQ_INT(l.incomplete, 1);
		cx_list_free(&l);
		free(cmd);
	}

	for (i = 0; i < 100; i++)
		buf_adds(&b, "$($(");
	cx_shell(b.data, b.len, &o, &l);
	T_EQ_INT(l.incomplete, 1);
	cx_list_free(&l);
	buf_free(&b);

	for (i = 0; i < 20000; i++)
		buf_adds(&b, "/x; ");
	cx_shell(b.data, b.len, &o, &l);
	T_EQ_INT(l.n, 1);
	cx_list_free(&l);
	buf_free(&b);

	for (i = 0; i < 2000; i++)
		buf_printf(&b, "/x%zu; ", i);
	cx_shell(b.data, b.len, &o, &l);
	T_EQ_INT(l.n, 512);
	T_EQ_INT(l.incomplete, 1);
	cx_list_free(&l);
	buf_free(&b);

	for (i = 0; i < 100; i++)
		buf_adds(&b, "(");
	buf_adds(&b, "/in");
	cx_shell(b.data, b.len, &o, &l);
	T_EQ_INT(l.incomplete, 1);
	cx_list_free(&l);
	buf_free(&b);

	cx_shell(nul, sizeof(nul) - 1, &o, &l);
	T_EQ_INT(l.n, 1);
	T_EQ_STR(l.v[0].path, "/opt/a");
	cx_list_free(&l);

	cx_shell("", 0, &o, &l);
	T_EQ_INT(l.n, 0);
	cx_list_free(&l);
}

int
main(void)
{
	test_cases();
	test_argv();
	test_fold();
	test_hostile();
	T_DONE();
}
