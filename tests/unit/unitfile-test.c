/*
 * unitfile-test.c: parse/unitfile.c on units as distributions ship
 * them (Debian's ssh.service, timers, sockets), on drop-ins that reset
 * ExecStart= and override User=, on Exec prefixes and continuations, on
 * hostile input, and the print/parse round trip; EnvironmentFile= text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bounds.h"
#include "parse/unitfile.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

static size_t
parse(const char *s, struct unit_file *uf, struct t_errs *e)
{
	memset(uf, 0, sizeof(*uf));
	memset(e, 0, sizeof(*e));
	return unit_parse(s, strlen(s), uf, t_on_err, e);
}

static void
round_trip(const char *s)
{
	struct unit_file a, b;
	struct t_errs ea, eb;
	struct buf out = { 0 }, out2 = { 0 };
	size_t i;

	parse(s, &a, &ea);
	unit_file_print(&a, &out);
	parse(out.data, &b, &eb);
	T_EQ_INT(eb.n, 0);
	T_EQ_INT(a.n, b.n);
	for (i = 0; i < a.n && i < b.n; i++) {
		T_EQ_STR(a.kv[i].section, b.kv[i].section);
		T_EQ_STR(a.kv[i].key, b.kv[i].key);
		T_EQ_STR(a.kv[i].value, b.kv[i].value);
	}
	unit_file_print(&b, &out2);
	T_EQ_STR(out.data, out2.data);
	buf_free(&out);
	buf_free(&out2);
	unit_file_free(&a);
	unit_file_free(&b);
}

/* Debian bookworm's /lib/systemd/system/ssh.service, verbatim */
static const char ssh_service[] =
"[Unit]\n"
"Description=OpenBSD Secure Shell server\n"
"Documentation=man:sshd(8) man:sshd_config(5)\n"
"After=network.target auditd.service\n"
"ConditionPathExists=!/etc/ssh/sshd_not_to_be_run\n"
"\n"
"[Service]\n"
"EnvironmentFile=-/etc/default/ssh\n"
"ExecStartPre=/usr/sbin/sshd -t\n"
"ExecStart=/usr/sbin/sshd -D $SSHD_OPTS\n"
"ExecReload=/usr/sbin/sshd -t\n"
"ExecReload=/bin/kill -HUP $MAINPID\n"
"KillMode=process\n"
"Restart=on-failure\n"
"RestartPreventExitStatus=255\n"
"Type=notify\n"
"RuntimeDirectory=sshd\n"
"RuntimeDirectoryMode=0755\n"
"\n"
"[Install]\n"
"WantedBy=multi-user.target\n"
"Alias=sshd.service\n";

static void
test_ssh(void)
{
	struct unit_file uf;
	struct unit_view v;
	struct t_errs e;

	T_EQ_INT(parse(ssh_service, &uf, &e), 17);
	T_EQ_INT(e.n, 0);
	T_EQ_STR(uf.kv[0].section, "Unit");
	T_EQ_STR(uf.kv[4].section, "Service");
	T_EQ_STR(uf.kv[4].key, "EnvironmentFile");
	T_EQ_STR(uf.kv[4].value, "-/etc/default/ssh");
	T_EQ_INT(uf.kv[4].line, 8);

	unit_view_init(&v, "ssh.service");
	unit_view_apply(&v, &uf, "/lib/systemd/system/ssh.service", t_on_err,
	    &e);
	T_EQ_INT(e.n, 0);
	T_EQ_INT(v.type, UNIT_SERVICE);
	T_OK(v.user.value == NULL);		/* root */
	T_EQ_INT(v.nexec, 4);
	T_EQ_STR(v.exec[0].key, "ExecStartPre");
	T_EQ_STR(v.exec[0].path, "/usr/sbin/sshd");
	T_EQ_INT(v.exec[0].argc, 1);
	T_EQ_STR(v.exec[1].key, "ExecStart");
	T_EQ_INT(v.exec[1].argc, 2);
	T_EQ_STR(v.exec[1].argv[1], "$SSHD_OPTS");
	T_EQ_INT(v.exec[1].line, 10);
	T_EQ_STR(v.exec[3].path, "/bin/kill");
	T_EQ_INT(v.nenvfile, 1);
	T_EQ_STR(v.envfile[0].value, "-/etc/default/ssh");
	T_EQ_STR(v.srcs[v.exec[1].src], "/lib/systemd/system/ssh.service");
	unit_view_free(&v);
	unit_file_free(&uf);
	round_trip(ssh_service);
}

/* a drop-in that resets ExecStart= and runs the unit as root */
static const char app_service[] =
"[Unit]\n"
"Description=Example app\n"
"[Service]\n"
"User=app\n"
"Group=app\n"
"WorkingDirectory=~\n"
"ExecStart=/opt/app/bin/app --serve\n"
"ExecStartPre=+/opt/app/bin/migrate\n";

static const char app_override[] =
"# /etc/systemd/system/app.service.d/override.conf\n"
"[Service]\n"
"User=root\n"
"ExecStart=\n"
"ExecStart=/opt/app/bin/app --serve --debug\n"
"EnvironmentFile=-/etc/app/env\n";

static const char app_override2[] =
"[Service]\n"
"EnvironmentFile=\n"
"EnvironmentFile=/srv/app.env\n";

static void
test_dropins(void)
{
	struct unit_file main, d1, d2;
	struct unit_view v;
	struct t_errs e;
	size_t i, n;
	char **names;

	parse(app_service, &main, &e);
	parse(app_override, &d1, &e);
	parse(app_override2, &d2, &e);
	T_EQ_INT(e.n, 0);
	unit_view_init(&v, "app.service");
	unit_view_apply(&v, &main, "/lib/systemd/system/app.service", t_on_err,
	    &e);
	T_EQ_STR(v.user.value, "app");
	T_EQ_STR(v.main_user.value, "app");
	unit_view_apply(&v, &d1, "/etc/systemd/system/app.service.d/"
	    "override.conf", t_on_err, &e);
	unit_view_apply(&v, &d2, "/etc/systemd/system/app.service.d/"
	    "zz.conf", t_on_err, &e);
	T_EQ_INT(e.n, 0);
	T_EQ_STR(v.user.value, "root");
	T_EQ_STR(v.main_user.value, "app");
	T_EQ_INT(v.user.src, 1);
	T_EQ_INT(v.user.line, 3);
	T_EQ_STR(v.working_dir.value, "~");
	/* ExecStart= cleared, ExecStartPre kept */
	T_EQ_INT(v.nexec, 2);
	for (i = 0; i < v.nexec; i++) {
		if (strcmp(v.exec[i].key, "ExecStart") == 0) {
			T_EQ_INT(v.exec[i].argc, 2);
			T_EQ_STR(v.exec[i].argv[1], "--debug");
			T_EQ_INT(v.exec[i].src, 1);
		} else {
			T_EQ_STR(v.exec[i].key, "ExecStartPre");
			T_EQ_INT(v.exec[i].flags, UX_FULL_PRIV);
		}
	}
	T_EQ_INT(v.nenvfile, 1);
	T_EQ_STR(v.envfile[0].value, "/srv/app.env");
	T_EQ_INT(v.envfile[0].src, 2);
	T_EQ_INT(v.nsrcs, 3);
	unit_view_free(&v);
	unit_file_free(&main);
	unit_file_free(&d1);
	unit_file_free(&d2);

	/* an empty User= goes back to the default (root) */
	parse("[Service]\nUser=\n", &d1, &e);
	parse(app_service, &main, &e);
	unit_view_init(&v, "app.service");
	unit_view_apply(&v, &main, "a", NULL, NULL);
	unit_view_apply(&v, &d1, "b", NULL, NULL);
	T_OK(v.user.value == NULL);
	unit_view_free(&v);
	unit_file_free(&main);
	unit_file_free(&d1);

	unit_dropin_dirs("foo-bar-baz@x.service", &names, &n);
	T_EQ_INT(n, 5);
	if (n == 5) {
		T_EQ_STR(names[0], "service.d");
		T_EQ_STR(names[1], "foo-.service.d");
		T_EQ_STR(names[2], "foo-bar-.service.d");
		T_EQ_STR(names[3], "foo-bar-baz@.service.d");
		T_EQ_STR(names[4], "foo-bar-baz@x.service.d");
	}
	unit_names_free(names, n);
	unit_dropin_dirs("ssh.service", &names, &n);
	T_EQ_INT(n, 2);
	T_EQ_STR(names[1], "ssh.service.d");
	unit_names_free(names, n);
	unit_dropin_dirs("-x-.service", &names, &n);
	T_EQ_INT(n, 2);
	unit_names_free(names, n);
	T_OK(unit_template_of("ssh.service") == NULL);
	{
		char *t = unit_template_of("getty@tty1.service");

		T_EQ_STR(t, "getty@.service");
		free(t);
	}
}

/* systemd.service(5) "Special executable prefixes" */
static const char prefixes[] =
"[Service]\n"
"ExecStartPre=-+/usr/bin/mkdir -p /run/x\n"
"ExecStartPre=!!/usr/bin/thing\n"
"ExecStartPre=!/usr/bin/noid\n"
"ExecStartPost=@/usr/bin/tool argv0name --flag\n"
"ExecStop=:-/bin/true\n"
"ExecReload=/bin/kill -HUP $MAINPID ; /usr/bin/echo \"a b\" \\; 'c d'\n"
"ExecCondition=|/usr/bin/test -f /x\n"
"ExecStart=/usr/bin/foo \\\n"
"    --one \\\n"
"# a comment between continued lines is dropped\n"
"; and so is this one\n"
"    --two\n"
"ExecStart=/bin/echo \\x41\\u00e9\\101\\s\\t\n"
"ExecStart=foo-bare arg\n"
"ExecStart=@/bin/x\n"
"ExecStart=/bin/echo \"unterminated\n"
"ExecStart=/bin/echo \\q\n"
"ExecStart=-\n";

static void
test_prefixes(void)
{
	struct unit_file uf;
	struct unit_view v;
	struct t_errs e;
	size_t i;

	parse(prefixes, &uf, &e);
	T_EQ_INT(e.n, 0);
	unit_view_init(&v, "p.service");
	unit_view_apply(&v, &uf, "p", t_on_err, &e);
	T_EQ_INT(e.n, 4);
	T_EQ_STR(e.why[0], "'@' without an argv[0]");
	T_EQ_STR(e.why[1], "unterminated quote");
	T_EQ_STR(e.why[2], "invalid escape sequence");
	T_EQ_STR(e.why[3], "empty executable path");
	T_EQ_INT(e.line[3], 19);
	T_EQ_INT(v.nexec, 11);
	i = 0;
	T_EQ_INT(v.exec[i].flags, UX_IGNORE_FAILURE | UX_FULL_PRIV);
	T_EQ_STR(v.exec[i].path, "/usr/bin/mkdir");
	i++;
	T_EQ_INT(v.exec[i].flags, UX_AMBIENT);
	i++;
	T_EQ_INT(v.exec[i].flags, UX_NO_SETUID);
	i++;
	T_EQ_INT(v.exec[i].flags, UX_ARGV0);
	T_EQ_STR(v.exec[i].argv[0], "argv0name");
	i++;
	T_EQ_INT(v.exec[i].flags, UX_NO_ENV | UX_IGNORE_FAILURE);
	T_EQ_STR(v.exec[i].path, "/bin/true");
	i++;
	/* two commands on one line; "\;" is a literal semicolon */
	T_EQ_STR(v.exec[i].key, "ExecReload");
	T_EQ_STR(v.exec[i].path, "/bin/kill");
	T_EQ_INT(v.exec[i].argc, 2);
	i++;
	T_EQ_STR(v.exec[i].key, "ExecReload");
	T_EQ_STR(v.exec[i].path, "/usr/bin/echo");
	T_EQ_INT(v.exec[i].argc, 3);
	T_EQ_STR(v.exec[i].argv[0], "a b");
	T_EQ_STR(v.exec[i].argv[1], ";");
	T_EQ_STR(v.exec[i].argv[2], "c d");
	i++;
	T_EQ_INT(v.exec[i].flags, UX_SHELL);
	i++;
	T_EQ_STR(v.exec[i].key, "ExecStart");
	T_EQ_INT(v.exec[i].argc, 2);
	T_EQ_STR(v.exec[i].argv[0], "--one");
	T_EQ_STR(v.exec[i].argv[1], "--two");
	T_EQ_INT(v.exec[i].line, 9);
	i++;
	T_EQ_STR(v.exec[i].argv[0], "A\xc3\xa9" "A \t");
	unit_view_free(&v);
	unit_file_free(&uf);
	round_trip(prefixes);
}

static void
test_triggers(void)
{
	struct unit_file uf;
	struct unit_view v;
	struct t_errs e;
	char *t;

	parse("[Unit]\nDescription=Daily apt download activities\n\n"
	    "[Timer]\nOnCalendar=*-*-* 6,18:00\nRandomizedDelaySec=12h\n"
	    "Persistent=true\n\n[Install]\nWantedBy=timers.target\n", &uf, &e);
	unit_view_init(&v, "apt-daily.timer");
	unit_view_apply(&v, &uf, "x", NULL, NULL);
	t = unit_view_trigger(&v);
	T_EQ_STR(t, "apt-daily.service");
	free(t);
	unit_view_free(&v);
	unit_file_free(&uf);

	parse("[Timer]\nUnit=other.service\n", &uf, &e);
	unit_view_init(&v, "x.timer");
	unit_view_apply(&v, &uf, "x", NULL, NULL);
	t = unit_view_trigger(&v);
	T_EQ_STR(t, "other.service");
	free(t);
	unit_view_free(&v);
	unit_file_free(&uf);

	parse("[Socket]\nListenStream=22\nAccept=yes\n"
	    "ExecStartPre=/usr/bin/prep\n", &uf, &e);
	unit_view_init(&v, "ssh.socket");
	unit_view_apply(&v, &uf, "x", NULL, NULL);
	t = unit_view_trigger(&v);
	T_EQ_STR(t, "ssh@.service");
	free(t);
	T_EQ_INT(v.nexec, 1);
	unit_view_free(&v);
	unit_file_free(&uf);

	parse("[Path]\nPathChanged=/etc/x\n", &uf, &e);
	unit_view_init(&v, "watch.path");
	unit_view_apply(&v, &uf, "x", NULL, NULL);
	t = unit_view_trigger(&v);
	T_EQ_STR(t, "watch.service");
	free(t);
	unit_view_free(&v);
	unit_file_free(&uf);

	T_EQ_INT(unit_bool("yes"), 1);
	T_EQ_INT(unit_bool("Off"), 0);
	T_EQ_INT(unit_bool("maybe"), -1);
	T_EQ_INT(unit_type_of("a.mount"), UNIT_OTHER);
}

static void
test_specifiers(void)
{
	struct unit_spec sp = { "job@alice.service", "alice", "1000",
		"/home/alice", "/bin/bash", "alice", "1000" };
	int unk = 0;
	char *s;

	s = unit_specifiers("%h/bin/%i-%p %n %N %% %t/%u", &sp, &unk);
	T_EQ_STR(s, "/home/alice/bin/alice-job job@alice.service job@alice "
	    "% /run/alice");
	T_EQ_INT(unk, 0);
	free(s);
	s = unit_specifiers("%Z%", &sp, &unk);
	T_EQ_STR(s, "%Z%");
	T_EQ_INT(unk, 1);
	free(s);
	sp.name = "dev-disk-by\\x2dlabel-x.service";
	unk = 0;
	s = unit_specifiers("%f %j", &sp, &unk);
	T_EQ_STR(s, "/dev/disk/by-label/x x");
	free(s);
}

static void
test_syntax(void)
{
	struct unit_file uf;
	struct t_errs e;
	struct buf b = { 0 };
	size_t i;
	static const char nul[] = "[Service]\nUser=a\0b\nGroup=g\n";

	parse("Key=outside\n[Service\nX=1\n[Service]\nNoEquals\n=v\n"
	    "  Spaced  =  v  a  \n.include /x\n[]\n[S]\nK=\\\\\n", &uf, &e);
	T_EQ_INT(e.n, 7);
	T_EQ_STR(e.why[6], "invalid section header");
	T_EQ_STR(e.why[0], "assignment outside of a section");
	T_EQ_STR(e.why[1], "invalid section header");
	T_EQ_STR(e.why[2], "assignment outside of a section");
	T_EQ_STR(e.why[3], "missing '='");
	T_EQ_STR(e.why[4], "empty key");
	T_EQ_STR(e.why[5], ".include is not supported by systemd");
	T_EQ_INT(uf.n, 2);
	T_EQ_STR(uf.kv[0].key, "Spaced");
	T_EQ_STR(uf.kv[0].value, "v  a");
	T_EQ_STR(uf.kv[1].section, "S");
	T_EQ_STR(uf.kv[1].value, "\\\\");
	unit_file_free(&uf);

	/* a continuation at the end of the file still counts */
	parse("\xef\xbb\xbf[A]\r\nK=a \\\r\n", &uf, &e);
	T_EQ_INT(uf.n, 1);
	T_EQ_STR(uf.kv[0].value, "a");
	unit_file_free(&uf);

	/* an over-long line is refused whole, with its continuation */
	buf_adds(&b, "[S]\nA=");
	for (i = 0; i < MAX_LINE; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\\\nstill-the-long-line\nB=2\n");
	memset(&uf, 0, sizeof(uf));
	memset(&e, 0, sizeof(e));
	unit_parse(b.data, b.len, &uf, t_on_err, &e);
	T_EQ_INT(e.n, 1);
	T_EQ_INT(uf.n, 1);
	T_EQ_STR(uf.kv[0].key, "B");
	unit_file_free(&uf);
	buf_free(&b);

	/* a continued line that grows past MAX_LINE */
	buf_adds(&b, "[S]\n");
	for (i = 0; i < 3000; i++)
		buf_adds(&b, "A=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \\\n");
	buf_adds(&b, "end\nB=2\n");
	memset(&uf, 0, sizeof(uf));
	memset(&e, 0, sizeof(e));
	unit_parse(b.data, b.len, &uf, t_on_err, &e);
	T_EQ_INT(e.n, 1);
	T_EQ_STR(e.why[0], "continued line too long");
	T_EQ_INT(uf.n, 1);
	unit_file_free(&uf);
	buf_free(&b);

	memset(&uf, 0, sizeof(uf));
	memset(&e, 0, sizeof(e));
	unit_parse(nul, sizeof(nul) - 1, &uf, t_on_err, &e);
	T_EQ_INT(e.n, 1);
	T_EQ_STR(e.why[0], "line holds a NUL byte");
	T_EQ_INT(uf.n, 1);
	unit_file_free(&uf);

	round_trip("[A]\nK=v\n[B]\nK=\n[A]\nK=w\\\\\n# c\n[ x ]\nK  =  y\n");
	round_trip("\x01\x02=\x03\n[\x80]\n\x7f=\xff\n");
	/* a value ending in a backslash that a blank kept from continuing
	 * (found by unitfile-fuzz) */
	round_trip("[A]\nK=v \\ \nL=w\nM\\=\\ \n");

	{
		char **w;
		size_t n;
		const char *why;

		T_EQ_INT(unit_split("A=1 \"B=two words\" 'C=x\\ny'", &w, &n,
		    &why), 0);
		T_EQ_INT(n, 3);
		T_EQ_STR(w[1], "B=two words");
		T_EQ_STR(w[2], "C=x\ny");
		unit_names_free(w, n);
		T_EQ_INT(unit_split("\"open", &w, &n, &why), -1);
		T_EQ_INT(unit_split("a\\", &w, &n, &why), -1);
		T_EQ_STR(why, "trailing backslash");
		T_EQ_INT(unit_split("\\x00", &w, &n, &why), -1);
	}
}

static void
env_cb(void *ctx, const char *key, const char *value)
{
	struct buf *b = ctx;

	buf_printf(b, "[%s=%s]", key, value);
}

/* an EnvironmentFile=: Debian's /etc/default files and hostile lines */
static void
test_envfile(void)
{
	static const char f[] =
	    "# Options for virtlogd\n"
	    "#VIRTLOGD_ARGS=\"\"\n"
	    "; a comment too\n"
	    "\n"
	    "VIRTLOGD_ARGS=\"--verbose  --timeout 30\"\n"
	    "  export OPTS='-a \"b c\"'\n"
	    "EMPTY=\n"
	    "no equals sign\n"
	    "=novalue\n"
	    "BROKEN=\"unclosed\n"
	    "SPACED = x\n";
	struct buf b = { 0 };
	struct t_errs e;

	memset(&e, 0, sizeof(e));
	T_EQ_INT(unit_envfile_parse(f, sizeof f - 1, env_cb, &b, t_on_err,
	    &e), 4);
	buf_add(&b, "", 0);
	T_EQ_STR(b.data, "[VIRTLOGD_ARGS=--verbose  --timeout 30]"
	    "[OPTS=-a \"b c\"][EMPTY=][SPACED=x]");
	T_EQ_INT(e.n, 3);
	T_EQ_INT(e.line[0], 8);
	T_EQ_INT(e.line[1], 9);
	T_EQ_INT(e.line[2], 10);
	buf_free(&b);
}

int
main(void)
{
	test_envfile();
	test_ssh();
	test_dropins();
	test_prefixes();
	test_triggers();
	test_specifiers();
	test_syntax();
	T_DONE();
}
