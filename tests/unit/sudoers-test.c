/*
 * sudoers-test.c: the sudoers parser, printer and matcher on real-world
 * shapes (Debian 12's and RHEL 9's default files, Ubuntu's older
 * #includedir), aliases, negation, continuation lines, Defaults variants,
 * and on hostile input (a 1 MB line, NUL bytes, alias cycles and
 * fan-out). Every input also goes through the round trip: parse, print,
 * parse, print gives the same text. Also the GTFOBins table's lookups.
 */
#include <string.h>

#include "known/known.h"
#include "engine/ident.h"
#include "parse/sudoers.h"
#include "engine/sudoers-match.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

static struct t_errs errs;

/* parse, print, parse, print: the two prints must agree */
static void
roundtrip(const struct sudoers *s)
{
	struct sudoers s2 = { 0 };
	char *p1 = sudoers_print(s), *p2;
	int before = errs.n;

	sudoers_parse(p1, strlen(p1), "printed", &s2, t_on_err, &errs);
	p2 = sudoers_print(&s2);
	T_EQ_INT(errs.n, before);
	T_EQ_STR(p2, p1);
	T_EQ_INT(s2.n, s->n);
	if (strcmp(p1, p2) != 0)
		fprintf(stderr, "--- first\n%s--- second\n%s", p1, p2);
	free(p1);
	free(p2);
	sudoers_free(&s2);
}

static size_t
parse(struct sudoers *s, const char *text)
{
	memset(s, 0, sizeof *s);
	errs.n = 0;
	return sudoers_parse(text, strlen(text), "/etc/sudoers", s, t_on_err,
	    &errs);
}

static const char passwd[] =
    "root:x:0:0:root:/root:/bin/bash\n"
    "operator:x:11:0:operator:/root:/sbin/nologin\n"
    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
    "agent:x:1001:1001:agent:/home/agent:/bin/bash\n"
    "alice:x:1002:1002::/home/alice:/bin/bash\n"
    "bob:x:1003:1003::/home/bob:/bin/bash\n"
    "dock:x:1004:1004::/home/dock:/bin/bash\n";

static const char group[] =
    "root:x:0:\n"
    "wheel:x:10:alice\n"
    "sudo:x:27:agent\n"
    "www-data:x:33:\n"
    "docker:x:998:dock\n"
    "agent:x:1001:\n"
    "alice:x:1002:\n"
    "bob:x:1003:\n"
    "dock:x:1004:\n";

static struct userdb db;

static void
who(struct ident *id, const char *name)
{
	const char *why = NULL;

	memset(id, 0, sizeof *id);
	if (ident_resolve(&db, name, id, &why) == -1)
		fprintf(stderr, "ident_resolve %s: %s\n", name, why);
}

/* Debian 12's /etc/sudoers as shipped by the sudo package */
static const char debian12[] =
    "#\n"
    "# This file MUST be edited with the 'visudo' command as root.\n"
    "#\n"
    "# Please consider adding local content in /etc/sudoers.d/ instead of\n"
    "# directly modifying this file.\n"
    "#\n"
    "# See the man page for details on how to write a sudoers file.\n"
    "#\n"
    "Defaults\tenv_reset\n"
    "Defaults\tmail_badpass\n"
    "Defaults\tsecure_path=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:"
    "/usr/bin:/sbin:/bin\"\n"
    "\n"
    "# This fixes CVE-2005-4890 and possibly breaks some versions of kdesu\n"
    "# (#1011624, https://bugs.kde.org/show_bug.cgi?id=452532)\n"
    "Defaults\tuse_pty\n"
    "\n"
    "# This preserves proxy settings from user environments of root\n"
    "# equivalent users (group sudo)\n"
    "#Defaults:%sudo env_keep += \"http_proxy https_proxy ftp_proxy\"\n"
    "#Defaults:%sudo env_keep += \"no_proxy\"\n"
    "\n"
    "# This allows running arbitrary commands, but so does ALL, and it means\n"
    "# different sudoers have their choice of editor respected.\n"
    "#Defaults:%sudo env_keep += \"EDITOR\"\n"
    "\n"
    "# Completely harmless preservation of a user preference.\n"
    "#Defaults:%sudo env_keep += \"GREP_COLOR\"\n"
    "\n"
    "# While you shouldn't normally run git as root, you need to with "
    "etckeeper\n"
    "#Defaults:%sudo env_keep += \"GIT_AUTHOR_* GIT_COMMITTER_*\"\n"
    "\n"
    "# Per-user preferences; root won't have sensible values for them.\n"
    "#Defaults:%sudo env_keep += \"EMAIL DEBEMAIL DEBFULLNAME\"\n"
    "\n"
    "# \"sudo scp\" or \"sudo rsync\" should be able to use your SSH agent.\n"
    "#Defaults:%sudo env_keep += \"SSH_AGENT_PID SSH_AUTH_SOCK\"\n"
    "\n"
    "# Ditto for GPG agent\n"
    "#Defaults:%sudo env_keep += \"GPG_AGENT_INFO\"\n"
    "\n"
    "# Host alias specification\n"
    "\n"
    "# User alias specification\n"
    "\n"
    "# Cmnd alias specification\n"
    "\n"
    "# User privilege specification\n"
    "root\tALL=(ALL:ALL) ALL\n"
    "\n"
    "# Allow members of group sudo to execute any command\n"
    "%sudo\tALL=(ALL:ALL) ALL\n"
    "\n"
    "# See sudoers(5) for more information on \"@include\" directives:\n"
    "\n"
    "@includedir /etc/sudoers.d\n";

static void
test_debian12(void)
{
	struct sudoers s;
	struct sudo_match m;
	struct ident id;
	const struct sudo_entry *e;
	size_t i;

	T_EQ_INT(parse(&s, debian12), 7);
	T_EQ_INT(errs.n, 0);
	T_EQ_INT(s.v[0].kind, SE_DEFAULTS);
	T_EQ_STR(s.v[0].u.defaults.params[0].name, "env_reset");
	T_EQ_INT(s.v[0].line, 9);
	e = &s.v[2];
	T_EQ_STR(e->u.defaults.params[0].name, "secure_path");
	T_EQ_INT(e->u.defaults.params[0].op, '=');
	T_EQ_STR(e->u.defaults.params[0].value,
	    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	T_EQ_STR(s.v[3].u.defaults.params[0].name, "use_pty");
	e = &s.v[4];
	T_EQ_INT(e->kind, SE_USERSPEC);
	T_EQ_INT(e->line, 48);
	T_EQ_STR(e->text, "root\tALL=(ALL:ALL) ALL");
	T_EQ_INT(e->u.spec.users.v[0].type, SM_NAME);
	T_EQ_INT(e->u.spec.privs[0].hosts.v[0].type, SM_ALL);
	T_EQ_INT(e->u.spec.privs[0].nrunas, 1);
	T_OK(e->u.spec.privs[0].runas[0].has_users);
	T_OK(e->u.spec.privs[0].runas[0].has_groups);
	T_EQ_INT(e->u.spec.privs[0].cmnds[0].cmnd.type, SM_ALL);
	e = &s.v[5];
	T_EQ_INT(e->u.spec.users.v[0].type, SM_GROUP);
	T_EQ_STR(e->u.spec.users.v[0].name, "sudo");
	e = &s.v[6];
	T_EQ_INT(e->kind, SE_INCLUDE);
	T_OK(e->u.include.isdir);
	T_OK(!e->u.include.hash);
	T_EQ_STR(e->u.include.path, "/etc/sudoers.d");
	T_EQ_INT(e->line, 55);
	roundtrip(&s);

	/* agent is in group sudo: ALL as (ALL:ALL), root included */
	who(&id, "agent");
	T_EQ_INT(sudoers_match(&s, &db, &id, NULL, &m), 0);
	T_EQ_INT(m.ngrants, 1);
	T_EQ_INT(m.ndefaults, 4);
	if (m.ngrants == 1) {
		T_EQ_INT(m.grants[0].cmnd->type, SM_ALL);
		T_EQ_INT(m.grants[0].applies, SUDO_YES);
		T_EQ_INT(m.grants[0].entry->line, 51);
		T_EQ_INT(sudoers_runas_user(&s, &m.grants[0], &db, "root", 0,
		    0, NULL), SUDO_YES);
		T_EQ_INT(sudoers_runas_group(&s, &m.grants[0], &db, "docker",
		    998), SUDO_YES);
	}
	sudo_match_free(&m);
	ident_free(&id);
	/* bob is in neither: nothing */
	who(&id, "bob");
	sudoers_match(&s, &db, &id, NULL, &m);
	T_EQ_INT(m.ngrants, 0);
	for (i = 0; i < m.ndefaults; i++)
		T_EQ_INT(m.defaults[i].entry->u.defaults.type, SD_ALL);
	sudo_match_free(&m);
	ident_free(&id);
	sudoers_free(&s);
}

/* RHEL 9's /etc/sudoers, abridged but with its continued lines */
static const char rhel9[] =
    "## Sudoers allows particular users to run various commands as\n"
    "## the root user, without needing the root password.\n"
    "## Networking\n"
    "# Cmnd_Alias NETWORKING = /sbin/route, /sbin/ifconfig, /bin/ping, "
    "/sbin/dhclient, /usr/bin/net, /sbin/iptables, /usr/bin/rfcomm, "
    "/usr/bin/wvdial, /sbin/iwconfig, /sbin/mii-tool\n"
    "Cmnd_Alias SOFTWARE = /bin/rpm, /usr/bin/up2date, /usr/bin/yum\n"
    "Cmnd_Alias SERVICES = /sbin/service, /sbin/chkconfig, \\\n"
    "\t/usr/bin/systemctl start, /usr/bin/systemctl stop, \\\n"
    "\t/usr/bin/systemctl reload, /usr/bin/systemctl restart\n"
    "Defaults   !visiblepw\n"
    "Defaults    always_set_home\n"
    "Defaults    match_group_by_gid\n"
    "Defaults    always_query_group_plugin\n"
    "Defaults    env_reset\n"
    "Defaults    env_keep =  \"COLORS DISPLAY HOSTNAME HISTSIZE KDEDIR "
    "LS_COLORS\"\n"
    "Defaults    env_keep += \"MAIL QTDIR USERNAME LANG LC_ADDRESS "
    "LC_CTYPE\"\n"
    "Defaults    env_keep += \"LC_COLLATE LC_IDENTIFICATION LC_MEASUREMENT "
    "LC_MESSAGES\"\n"
    "Defaults    secure_path = /sbin:/bin:/usr/sbin:/usr/bin\n"
    "root\tALL=(ALL) \tALL\n"
    "## Allows people in group wheel to run all commands\n"
    "%wheel\tALL=(ALL)\tALL\n"
    "## Same thing without a password\n"
    "# %wheel\tALL=(ALL)\tNOPASSWD: ALL\n"
    "## Allows members of the users group to mount and unmount the\n"
    "## cdrom as root\n"
    "# %users  ALL=/sbin/mount /mnt/cdrom, /sbin/umount /mnt/cdrom\n"
    "## Read drop-in files from /etc/sudoers.d (the # here does not mean "
    "a comment)\n"
    "#includedir /etc/sudoers.d\n";

static void
test_rhel9(void)
{
	struct sudoers s;
	struct sudo_match m;
	struct ident id;
	const struct sudo_alias *a;

	T_EQ_INT(parse(&s, rhel9), 14);
	T_EQ_INT(errs.n, 0);
	a = sudoers_alias_find(&s, SA_CMND, "SERVICES");
	T_OK(a != NULL);
	if (a != NULL) {
		T_EQ_INT(a->members.n, 6);
		T_EQ_STR(a->members.v[2].name, "/usr/bin/systemctl");
		T_EQ_STR(a->members.v[2].args, "start");
		T_EQ_STR(a->members.v[5].args, "restart");
	}
	T_EQ_INT(s.v[1].line, 6);
	T_EQ_INT(s.v[2].line, 9);
	T_EQ_STR(s.v[10].u.defaults.params[0].value,
	    "/sbin:/bin:/usr/sbin:/usr/bin");
	T_EQ_INT(s.v[13].kind, SE_INCLUDE);
	T_OK(s.v[13].u.include.hash);
	T_OK(s.v[13].u.include.isdir);
	roundtrip(&s);
	who(&id, "alice");
	sudoers_match(&s, &db, &id, "web1", &m);
	T_EQ_INT(m.ngrants, 1);
	sudo_match_free(&m);
	ident_free(&id);
	who(&id, "agent");
	sudoers_match(&s, &db, &id, "web1", &m);
	T_EQ_INT(m.ngrants, 0);		/* the NOPASSWD line is commented */
	sudo_match_free(&m);
	ident_free(&id);
	sudoers_free(&s);
}

static void
test_ubuntu_old(void)
{
	struct sudoers s;

	parse(&s, "Defaults\tenv_reset\n"
	    "%admin ALL=(ALL) ALL\n"
	    "%sudo\tALL=(ALL:ALL) ALL\n"
	    "#includedir /etc/sudoers.d\n"
	    " #includedir /not/an/include\n"
	    "#includedir\n"
	    "#includex\n"	/* 9 and 10 bytes: once read past the line */
	    "#includedi\n"
	    "#include\t/etc/sudoers.local\n"
	    "@include sudoers.local2\n"
	    "@include \"/etc/with space\"\n"
	    "@includedir /etc/dir\\ with\\ space\n");
	T_EQ_INT(errs.n, 0);
	T_EQ_INT(s.n, 8);
	T_EQ_STR(s.v[3].u.include.path, "/etc/sudoers.d");
	T_EQ_STR(s.v[4].u.include.path, "/etc/sudoers.local");
	T_OK(!s.v[4].u.include.isdir);
	T_OK(s.v[4].u.include.hash);
	T_EQ_STR(s.v[5].u.include.path, "sudoers.local2");
	T_EQ_STR(s.v[6].u.include.path, "/etc/with space");
	T_EQ_STR(s.v[7].u.include.path, "/etc/dir with space");
	T_EQ_INT(s.v[7].line, 12);
	roundtrip(&s);
	sudoers_free(&s);
}

static void
test_aliases_negation(void)
{
	struct sudoers s;
	struct sudo_match m;
	struct ident id;
	size_t i;

	parse(&s,
	    "User_Alias ADMINS = alice, agent, !bob : WEBS = %www-data, #1003\n"
	    "User_Alias NESTED = ADMINS, !agent\n"
	    "Runas_Alias OP = root, operator\n"
	    "Host_Alias SERVERS = web1, 10.0.0.0/8, fe80::1, *.example.com\n"
	    "Cmnd_Alias SHELLS = /bin/sh, /bin/bash, !/bin/dash\n"
	    "Cmnd_Alias EDIT = /usr/bin/vim, SHELLS\n"
	    "ADMINS SERVERS = (OP) EDIT\n"
	    "ALL, !agent ALL = /usr/bin/id\n"
	    "NESTED ALL = /usr/bin/whoami\n"
	    "WEBS ALL = (www-data) /usr/bin/php\n");
	T_EQ_INT(errs.n, 0);
	T_EQ_INT(s.n, 11);
	T_EQ_INT(s.v[0].u.alias.members.v[2].negated, 1);
	T_EQ_INT(s.v[1].u.alias.members.v[1].type, SM_UID);
	T_EQ_INT(s.v[1].u.alias.members.v[1].id, 1003);
	T_EQ_STR(s.v[4].u.alias.members.v[2].name, "fe80::1");
	roundtrip(&s);

	who(&id, "agent");
	sudoers_match(&s, &db, &id, "web1", &m);
	/* EDIT expands to vim, sh, bash and a negated dash; "ALL, !agent"
	 * and NESTED exclude agent (last match wins) */
	T_EQ_INT(m.ngrants, 4);
	for (i = 0; i < m.ngrants; i++) {
		T_EQ_INT(m.grants[i].applies, SUDO_YES);
		T_EQ_STR(m.grants[i].via_alias, "EDIT");
		T_EQ_INT(sudoers_runas_user(&s, &m.grants[i], &db, "operator",
		    11, 0, NULL), SUDO_YES);
		T_EQ_INT(sudoers_runas_user(&s, &m.grants[i], &db, "alice",
		    1002, 1002, NULL), SUDO_NO);
	}
	if (m.ngrants == 4) {
		T_EQ_STR(m.grants[0].cmnd->name, "/usr/bin/vim");
		T_EQ_STR(m.grants[3].cmnd->name, "/bin/dash");
		T_EQ_INT(m.grants[3].negated, 1);
		T_EQ_INT(m.grants[1].negated, 0);
	}
	sudo_match_free(&m);
	/* an unknown host: SERVERS may match (an address, a wildcard) */
	sudoers_match(&s, &db, &id, NULL, &m);
	T_EQ_INT(m.ngrants, 4);
	if (m.ngrants)
		T_EQ_INT(m.grants[0].applies, SUDO_MAYBE);
	sudo_match_free(&m);
	/* another host with a short name: only the network may match */
	sudoers_match(&s, &db, &id, "db1", &m);
	if (m.ngrants)
		T_EQ_INT(m.grants[0].applies, SUDO_MAYBE);
	sudo_match_free(&m);
	ident_free(&id);

	who(&id, "bob");
	sudoers_match(&s, &db, &id, "web1", &m);
	/* bob: ADMINS says !bob; "ALL, !agent" matches; WEBS (#1003) */
	T_EQ_INT(m.ngrants, 2);
	if (m.ngrants == 2) {
		T_EQ_STR(m.grants[0].cmnd->name, "/usr/bin/id");
		T_EQ_STR(m.grants[1].cmnd->name, "/usr/bin/php");
		T_EQ_INT(sudoers_runas_user(&s, &m.grants[1], &db, "root", 0,
		    0, NULL), SUDO_NO);
	}
	sudo_match_free(&m);
	ident_free(&id);

	who(&id, "alice");
	sudoers_match(&s, &db, &id, "www.example.com", &m);
	/* alice: EDIT (SERVERS by wildcard), id, whoami */
	T_EQ_INT(m.ngrants, 6);
	sudo_match_free(&m);
	ident_free(&id);
	sudoers_free(&s);
}

static void
test_tags_runas_carry(void)
{
	struct sudoers s;
	const struct sudo_priv *pv;

	parse(&s, "agent ALL = (root) NOPASSWD: /bin/a, /bin/b, PASSWD: "
	    "/bin/c, (operator) SETENV: /bin/d : db1 = NOEXEC: /bin/e, "
	    "LOG_INPUT: NOLOG_OUTPUT: MAIL: NOFOLLOW: INTERCEPT: /bin/f\n"
	    "agent ALL = (:wheel) /bin/g, () /bin/h, (root : ) /bin/i\n");
	T_EQ_INT(errs.n, 0);
	pv = &s.v[0].u.spec.privs[0];
	T_EQ_INT(s.v[0].u.spec.nprivs, 2);
	T_EQ_INT(pv->ncmnds, 4);
	T_OK(pv->cmnds[1].tags_set & ST_PASSWD);
	T_OK(!(pv->cmnds[1].tags_on & ST_PASSWD));	/* NOPASSWD carried */
	T_EQ_INT(pv->cmnds[1].runas, pv->cmnds[0].runas);
	T_OK(pv->cmnds[2].tags_on & ST_PASSWD);
	T_OK(pv->cmnds[3].tags_on & ST_PASSWD);		/* PASSWD carried */
	T_OK(pv->cmnds[3].tags_on & ST_SETENV);
	T_OK(pv->cmnds[3].runas != pv->cmnds[0].runas);
	T_EQ_STR(pv->runas[pv->cmnds[3].runas].users.v[0].name, "operator");
	/* a new host list starts afresh */
	pv = &s.v[0].u.spec.privs[1];
	T_EQ_INT(pv->cmnds[0].runas, -1);
	T_OK(!(pv->cmnds[0].tags_set & ST_PASSWD));
	T_OK(pv->cmnds[0].tags_set & ST_EXEC);
	T_OK(!(pv->cmnds[0].tags_on & ST_EXEC));
	T_OK(!(pv->cmnds[1].tags_on & ST_EXEC));	/* NOEXEC carried */
	T_OK(pv->cmnds[1].tags_on & ST_INTERCEPT);
	T_OK(!(pv->cmnds[1].tags_on & ST_FOLLOW));
	T_EQ_STR(sudoers_tag_name(ST_PASSWD, 0), "NOPASSWD");
	pv = &s.v[1].u.spec.privs[0];
	T_OK(!pv->runas[0].has_users);
	T_OK(pv->runas[0].has_groups);
	T_OK(!pv->runas[1].has_users && !pv->runas[1].has_groups);
	T_OK(pv->runas[2].has_users && pv->runas[2].has_groups);
	T_EQ_INT(pv->runas[2].groups.n, 0);
	roundtrip(&s);
	sudoers_free(&s);
}

static void
test_defaults_variants(void)
{
	struct sudoers s;
	const struct sudo_defaults *d;

	parse(&s,
	    "Defaults:agent, %admins !env_reset, env_keep += \"LD_PRELOAD "
	    "PYTHONPATH\", env_keep-=HOME\n"
	    "Defaults>root, #0 targetpw\n"
	    "Defaults@web1 , web2 rootpw,runaspw\n"
	    "Defaults!/usr/bin/less, SHELLS, sudoedit !requiretty, noexec\n"
	    "Defaults env_keep = \"LANG LC_*\", !!setenv, !!!authenticate\n"
	    "Defaults\tenv_keep+=LD_LIBRARY_PATH # why not\n"
	    "Defaults !env_keep\n"
	    "Defaults lecture_file=/etc/x\\ y , passprompt=\"[sudo] %p: \"\n"
	    "Defaults env_keep += \"FOO \\\n"
	    "    BAR\"\n");
	T_EQ_INT(errs.n, 0);
	T_EQ_INT(s.n, 9);
	d = &s.v[0].u.defaults;
	T_EQ_INT(d->type, SD_USER);
	T_EQ_INT(d->binding.n, 2);
	T_EQ_INT(d->binding.v[1].type, SM_GROUP);
	T_EQ_INT(d->nparams, 3);
	T_OK(d->params[0].negated);
	T_EQ_INT(d->params[1].op, '+');
	T_EQ_STR(d->params[1].value, "LD_PRELOAD PYTHONPATH");
	T_EQ_INT(d->params[2].op, '-');
	T_EQ_STR(d->params[2].value, "HOME");
	d = &s.v[1].u.defaults;
	T_EQ_INT(d->type, SD_RUNAS);
	T_EQ_INT(d->binding.v[1].type, SM_UID);
	d = &s.v[2].u.defaults;
	T_EQ_INT(d->type, SD_HOST);
	T_EQ_INT(d->binding.n, 2);
	T_EQ_INT(d->nparams, 2);
	d = &s.v[3].u.defaults;
	T_EQ_INT(d->type, SD_CMND);
	T_EQ_INT(d->binding.n, 3);
	T_EQ_INT(d->binding.v[0].type, SM_CMND);
	T_OK(d->binding.v[0].args == NULL);
	T_EQ_INT(d->binding.v[1].type, SM_ALIAS);
	T_EQ_INT(d->binding.v[2].type, SM_SUDOEDIT);
	d = &s.v[4].u.defaults;
	T_EQ_INT(d->type, SD_ALL);
	T_OK(!d->params[1].negated);
	T_OK(d->params[2].negated);
	T_EQ_STR(s.v[5].u.defaults.params[0].value, "LD_LIBRARY_PATH");
	T_OK(s.v[6].u.defaults.params[0].negated);
	T_EQ_STR(s.v[7].u.defaults.params[0].value, "/etc/x y");
	T_EQ_STR(s.v[7].u.defaults.params[1].value, "[sudo] %p: ");
	/* a continuation inside a string drops the break and the indent */
	T_EQ_STR(s.v[8].u.defaults.params[0].value, "FOO BAR");
	roundtrip(&s);
	sudoers_free(&s);
}

static void
test_commands(void)
{
	struct sudoers s;
	const struct sudo_priv *pv;
	const struct sudo_member *c;

	parse(&s, "agent ALL = (root) NOPASSWD: sha256:"
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	    " /usr/bin/foo --x\\=1 a\\,b\\:c, /usr/bin/id \"\", /usr/bin/find "
	    "* -name *, /usr/sbin/, ^/usr/bin/(cat|less)$ ^/var/log/.*$, "
	    "sudoedit /etc/motd /etc/issue, list, !/usr/bin/su, /bin/echo "
	    "\\*, /bin/x\\ y #comment\n");
	T_EQ_INT(errs.n, 0);
	pv = &s.v[0].u.spec.privs[0];
	T_EQ_INT(pv->ncmnds, 10);
	c = &pv->cmnds[0].cmnd;
	T_EQ_INT(c->type, SM_CMND);
	T_EQ_STR(c->name, "/usr/bin/foo");
	T_EQ_STR(c->args, "--x=1 a,b:c");
	T_OK(c->digest != NULL && strncmp(c->digest, "sha256:", 7) == 0);
	c = &pv->cmnds[1].cmnd;
	T_EQ_STR(c->args, "");
	c = &pv->cmnds[2].cmnd;
	T_EQ_STR(c->args, "* -name *");
	T_OK(sudoers_has_glob(c->args));
	T_EQ_INT(pv->cmnds[3].cmnd.type, SM_DIR);
	T_EQ_INT(pv->cmnds[4].cmnd.type, SM_REGEX);
	T_EQ_STR(pv->cmnds[4].cmnd.name, "^/usr/bin/(cat|less)$");
	T_EQ_STR(pv->cmnds[4].cmnd.args, "^/var/log/.*$");
	T_EQ_INT(pv->cmnds[5].cmnd.type, SM_SUDOEDIT);
	T_EQ_STR(pv->cmnds[5].cmnd.args, "/etc/motd /etc/issue");
	T_EQ_INT(pv->cmnds[6].cmnd.type, SM_LIST);
	T_OK(pv->cmnds[7].cmnd.negated);
	T_EQ_STR(pv->cmnds[8].cmnd.args, "\\*");
	T_OK(!sudoers_has_glob(pv->cmnds[8].cmnd.args));
	T_EQ_STR(pv->cmnds[9].cmnd.name, "/bin/x y");
	roundtrip(&s);

	/* what the patterns admit (sudoers(5): fnmatch, '""', regex) */
	T_EQ_INT(sudoers_cmnd_admits(&pv->cmnds[1].cmnd, "/usr/bin/id",
	    NULL), SUDO_YES);
	T_EQ_INT(sudoers_cmnd_admits(&pv->cmnds[1].cmnd, "/usr/bin/id",
	    "-u"), SUDO_NO);
	T_EQ_INT(sudoers_cmnd_admits(&pv->cmnds[2].cmnd, "/usr/bin/find",
	    ". -exec /bin/sh ; -name x"), SUDO_YES);
	T_EQ_INT(sudoers_cmnd_admits(&pv->cmnds[3].cmnd, "/usr/sbin/visudo",
	    NULL), SUDO_YES);
	T_EQ_INT(sudoers_cmnd_admits(&pv->cmnds[3].cmnd,
	    "/usr/sbin/x/visudo", NULL), SUDO_NO);
	T_EQ_INT(sudoers_cmnd_admits(&pv->cmnds[4].cmnd, "/usr/bin/less",
	    "/var/log/syslog"), SUDO_YES);
	T_EQ_INT(sudoers_cmnd_admits(&pv->cmnds[4].cmnd, "/usr/bin/vim",
	    "/var/log/syslog"), SUDO_NO);
	sudoers_free(&s);

	/* regexes glibc would blow up on are not compiled: MAYBE */
	parse(&s, "agent ALL = ^/bin/a{1,200}$, ^/bin/a+++++++++$, "
	    "^/bin/(a)\\1$, ^/bin/a++$\n");
	T_EQ_INT(errs.n, 0);
	pv = &s.v[0].u.spec.privs[0];
	T_EQ_INT(sudoers_cmnd_admits(&pv->cmnds[0].cmnd, "/bin/a", NULL),
	    SUDO_MAYBE);
	T_EQ_INT(sudoers_cmnd_admits(&pv->cmnds[1].cmnd, "/bin/a", NULL),
	    SUDO_MAYBE);
	T_EQ_INT(sudoers_cmnd_admits(&pv->cmnds[2].cmnd, "/bin/aa", NULL),
	    SUDO_MAYBE);
	T_EQ_INT(sudoers_cmnd_admits(&pv->cmnds[3].cmnd, "/bin/aaa", NULL),
	    SUDO_YES);
	roundtrip(&s);
	sudoers_free(&s);
}

static void
test_uid_vs_comment(void)
{
	struct sudoers s;
	struct sudo_match m;
	struct ident id;

	parse(&s, "#1001 ALL = (#0) /usr/bin/id\n"
	    "# 1001 ALL = ALL\n"
	    "#agent ALL = ALL\n"
	    "%#1001 ALL = /usr/bin/w\n"
	    "agent ALL = ALL # a trailing comment\n"
	    "#-1 ALL = ALL\n");
	T_EQ_INT(s.n, 3);
	T_EQ_INT(errs.n, 1);		/* "#-1": a uid sudo rejects */
	T_EQ_INT(errs.line[0], 6);
	T_EQ_INT(s.v[0].u.spec.users.v[0].type, SM_UID);
	T_EQ_INT(s.v[1].u.spec.users.v[0].type, SM_GID);
	T_EQ_STR(s.v[2].text, "agent ALL = ALL # a trailing comment");
	who(&id, "agent");
	sudoers_match(&s, &db, &id, NULL, &m);
	T_EQ_INT(m.ngrants, 3);
	if (m.ngrants)
		T_EQ_INT(sudoers_runas_user(&s, &m.grants[0], &db, "root", 0,
		    0, NULL), SUDO_YES);
	sudo_match_free(&m);
	ident_free(&id);
	roundtrip(&s);
	sudoers_free(&s);
}

static void
test_malformed(void)
{
	struct sudoers s;
	int i;

	parse(&s, "root ALL=(ALL:ALL) ALL\n"
	    "this is not valid\n"
	    "agent ALL = (root /bin/x\n"
	    "agent ALL = bin/relative\n"
	    "Defaults\n"
	    "Defaults env_keep += \"unterminated\n"
	    "User_Alias lower = x\n"
	    "Cmnd_Alias ALL = /bin/x\n"
	    "agent ALL = /bin/x\\q\n"
	    "%:\"x\" ALL = ALL\n"
	    "agent ALL = sha256:abcd /bin/x\n"
	    "Defaults:agent\n"
	    "agent ALL = (root) /bin/ok, \\\n"
	    "   /bin/ok2\n"
	    "@include\n"
	    "agent ALL = /bin/a=b\n");
	T_EQ_INT(s.n, 2);
	T_EQ_INT(errs.n, 13);
	{
		static const unsigned want[] = { 2, 3, 4, 5, 6, 7, 8, 9, 10,
		    11, 12, 15, 16 };

		for (i = 0; i < 13 && (size_t)i < errs.n; i++)
			T_EQ_INT(errs.line[i], want[i]);
		for (i = 0; (size_t)i < errs.n && i < 64; i++)
			T_OK(errs.why[i] != NULL && errs.why[i][0] != '\0');
	}
	T_EQ_INT(s.v[1].line, 13);
	T_EQ_INT(s.v[1].u.spec.privs[0].ncmnds, 2);
	roundtrip(&s);
	sudoers_free(&s);
}

static void
test_huge_and_nul(void)
{
	struct sudoers s = { 0 };
	struct buf b = { 0 };
	size_t i;

	buf_adds(&b, "root ALL=(ALL) ALL\nagent ALL = /bin/");
	for (i = 0; i < (1u << 20); i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "\n%sudo ALL=(ALL:ALL) ALL\n");
	errs.n = 0;
	sudoers_parse(b.data, b.len, "/etc/sudoers", &s, t_on_err, &errs);
	T_EQ_INT(s.n, 2);
	T_EQ_INT(errs.n, 1);
	T_EQ_INT(errs.line[0], 2);
	T_EQ_STR(errs.why[0], "line too long");
	T_EQ_INT(s.v[1].line, 3);
	sudoers_free(&s);
	buf_free(&b);

	/* a long line made of continuations is dropped too */
	buf_adds(&b, "agent ALL = /bin/x \\\n");
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "   /bin/aaaaaaaaaaaa, \\\n");
	buf_adds(&b, "   /bin/y\nroot ALL = ALL\n");
	errs.n = 0;
	sudoers_parse(b.data, b.len, "/etc/sudoers", &s, t_on_err, &errs);
	T_EQ_INT(s.n, 1);
	T_EQ_INT(errs.n, 1);
	T_EQ_STR(errs.why[0], "continued line too long");
	sudoers_free(&s);
	buf_free(&b);

	{
		static const char nul[] = "root ALL=ALL\nagent ALL=/bin/\0sh\n"
		    "a\\\n\0b\\\nc\n%wheel ALL=ALL\n\0\n";

		errs.n = 0;
		sudoers_parse(nul, sizeof nul - 1, "/etc/sudoers", &s, t_on_err,
		    &errs);
		T_EQ_INT(s.n, 2);
		T_EQ_INT(errs.n, 3);
		T_EQ_INT(errs.line[0], 2);
		T_EQ_INT(errs.line[1], 4);
		T_EQ_INT(errs.line[2], 7);
		T_EQ_INT(s.v[1].line, 6);
		roundtrip(&s);
		sudoers_free(&s);
	}
	/* an escaped blank at the end of a printed line must not read as
	 * a continuation (found by the fuzzer) */
	errs.n = 0;
	{
		static const char tb[] = "User_Alias A = x, bo\\  :B = y\n"
		    "agent ALL = /bin/echo a\\ #c\n";

		sudoers_parse(tb, sizeof tb - 1, "/etc/sudoers", &s, t_on_err,
		    &errs);
		T_EQ_INT(s.n, 3);
		T_EQ_INT(errs.n, 0);
		T_EQ_STR(s.v[0].u.alias.members.v[1].name, "bo ");
		T_EQ_STR(s.v[2].u.spec.privs[0].cmnds[0].cmnd.args, "a ");
		roundtrip(&s);
		sudoers_free(&s);
	}
	/* user names that begin like a keyword stay user names */
	errs.n = 0;
	{
		static const char kw[] = "\\Defaults@web1, w ALL = ALL\n"
		    "\\@include ALL = ALL\n\"User_Aliases\" ALL = ALL\n";

		sudoers_parse(kw, sizeof kw - 1, "/etc/sudoers", &s, t_on_err,
		    &errs);
		T_EQ_INT(s.n, 3);
		T_EQ_INT(errs.n, 0);
		if (s.n != 3) {
			sudoers_free(&s);
			return;
		}
		T_EQ_INT(s.v[0].kind, SE_USERSPEC);
		T_EQ_STR(s.v[0].u.spec.users.v[0].name, "Defaults@web1");
		T_EQ_STR(s.v[1].u.spec.users.v[0].name, "@include");
		T_EQ_STR(s.v[2].u.spec.users.v[0].name, "User_Aliases");
		roundtrip(&s);
		sudoers_free(&s);
	}
	/* empty and whitespace-only input */
	errs.n = 0;
	T_EQ_INT(sudoers_parse("", 0, NULL, &s, t_on_err, &errs), 0);
	T_EQ_INT(sudoers_parse(" \t\n\n\\", 5, NULL, &s, t_on_err, &errs), 0);
	T_EQ_INT(errs.n, 0);
	sudoers_free(&s);
}

static void
test_alias_cycles(void)
{
	struct sudoers s;
	struct sudo_match m;
	struct ident id;
	struct buf b = { 0 };
	int i, j;

	parse(&s, "User_Alias A = B, agent\nUser_Alias B = A\n"
	    "Cmnd_Alias C = D\nCmnd_Alias D = C, /bin/x\n"
	    "Runas_Alias R = S\nRunas_Alias S = R\n"
	    "A ALL = (R) C\n");
	T_EQ_INT(errs.n, 0);
	who(&id, "agent");
	T_EQ_INT(sudoers_match(&s, &db, &id, NULL, &m), 0);
	T_OK(m.alias_loop);
	T_OK(m.ngrants >= 1);
	if (m.ngrants)
		T_EQ_INT(sudoers_runas_user(&s, &m.grants[0], &db, "root", 0,
		    0, NULL), SUDO_NO);
	sudo_match_free(&m);
	sudoers_free(&s);

	/* fan-out: 30 levels of 10 references each; the memo keeps the
	 * user match linear and the grant cap stops command expansion */
	for (i = 0; i < 30; i++) {
		buf_printf(&b, "User_Alias U%d = ", i);
		for (j = 0; j < 10; j++)
			buf_printf(&b, "%sU%d", j ? ", " : "", i + 1);
		buf_printf(&b, "\nCmnd_Alias C%d = ", i);
		for (j = 0; j < 10; j++)
			buf_printf(&b, "%sC%d", j ? ", " : "", i + 1);
		buf_adds(&b, "\n");
	}
	buf_adds(&b, "User_Alias U30 = agent\nCmnd_Alias C30 = /bin/x\n"
	    "U0 ALL = C0\n");
	errs.n = 0;
	memset(&s, 0, sizeof s);
	sudoers_parse(b.data, b.len, "/etc/sudoers", &s, t_on_err, &errs);
	T_EQ_INT(errs.n, 0);
	sudoers_match(&s, &db, &id, NULL, &m);
	T_OK(m.truncated);
	T_EQ_INT(m.ngrants, SUDOERS_MAX_GRANTS);
	sudo_match_free(&m);
	ident_free(&id);
	sudoers_free(&s);
	buf_free(&b);
}

static void
test_merge_order(void)
{
	struct sudoers main_s, inc, all = { 0 };
	size_t i;

	parse(&main_s, "Defaults env_reset\n@includedir /etc/sudoers.d\n"
	    "agent ALL = ALL\n");
	memset(&inc, 0, sizeof inc);
	sudoers_parse("agent ALL = NOPASSWD: ALL\n", 26,
	    "/etc/sudoers.d/agent", &inc, t_on_err, &errs);
	for (i = 0; i < main_s.n; i++) {
		if (main_s.v[i].kind == SE_INCLUDE)
			sudoers_move(&all, &inc);
		sudoers_move_entry(&all, &main_s, i);
	}
	T_EQ_INT(all.n, 4);
	T_EQ_STR(all.v[1].file, "/etc/sudoers.d/agent");
	T_EQ_STR(all.v[3].file, "/etc/sudoers");
	T_EQ_INT(all.nfiles, 2);
	sudoers_free(&main_s);
	sudoers_free(&all);
}

static void
test_gtfobins(void)
{
	static const char *const names[] = {
		"find", "vim", "vi", "less", "more", "awk", "gawk", "mawk",
		"nawk", "python", "perl", "ruby", "lua", "php", "node", "bash",
		"sh", "dash", "zsh", "env", "tar", "zip", "rsync", "cp", "mv",
		"tee", "dd", "nmap", "gdb", "strace", "docker", "git", "man",
		"ftp", "socat", "nc", "openssl", "sed", "ed", "nano", "pico",
		"emacs", "journalctl", "systemctl", "apt", "apt-get", "pip",
		"busybox", "taskset", "nice", "ionice", "timeout", "stdbuf",
		"xargs", "flock", "chroot", "install", "make", "script",
		"expect", "tclsh", "wish", "jq", "base64", "xxd", NULL,
	};
	const struct known_program *p;
	size_t i;

	for (i = 0; names[i]; i++) {
		p = known_program_find(names[i]);
		T_OK(p != NULL);
		if (p == NULL)
			fprintf(stderr, "missing: %s\n", names[i]);
	}
	for (i = 1; known_programs[i].name; i++)
		T_OK(strcmp(known_programs[i - 1].name,
		    known_programs[i].name) < 0);
	p = known_program_find("find");
	T_OK(p && (p->what & GTFO_SHELL) && (p->what & GTFO_SUDO) &&
	    (p->what & GTFO_SUID));
	p = known_program_find("base64");
	T_OK(p && (p->what & GTFO_READ) && !(p->what & GTFO_SHELL));
	T_EQ_STR(known_program_find("python3.11")->name, "python");
	T_EQ_STR(known_program_find("python3")->name, "python");
	T_EQ_STR(known_program_find("python3.7m")->name, "python");
	T_EQ_STR(known_program_find("perl5.36.0")->name, "perl");
	T_EQ_STR(known_program_find("ruby3.1")->name, "ruby");
	T_EQ_STR(known_program_find("lua5.4")->name, "lua");
	T_EQ_STR(known_program_find("php8.2")->name, "php");
	T_EQ_STR(known_program_find("vim.basic")->name, "vim");
	T_EQ_STR(known_program_find("nc.openbsd")->name, "nc");
	T_EQ_STR(known_program_find("gcc-12")->name, "gcc");
	T_EQ_STR(known_program_find("pip3")->name, "pip");
	T_EQ_STR(known_program_find("tclsh8.6")->name, "tclsh");
	T_EQ_STR(known_program_find("ld-linux-x86-64.so.2")->name, "ld.so");
	T_EQ_STR(known_program_find("nodejs")->name, "nodejs");
	T_OK(known_program_find("md5") == NULL);
	T_OK(known_program_find("findx") == NULL);
	T_OK(known_program_find("") == NULL);
	T_OK(known_program_find("sha256sum") == NULL);
	/* perl escapes through sudo; setuid it only reads files */
	p = known_program_find("perl");
	T_OK(p && (p->what & 0x100) == 0 && (p->what & 0x400));
}

int
main(void)
{
	memset(&db, 0, sizeof db);
	passwd_parse(passwd, sizeof passwd - 1, &db, NULL, NULL);
	group_parse(group, sizeof group - 1, &db, NULL, NULL);
	test_debian12();
	test_rhel9();
	test_ubuntu_old();
	test_aliases_negation();
	test_tags_runas_carry();
	test_defaults_variants();
	test_commands();
	test_uid_vs_comment();
	test_malformed();
	test_huge_and_nul();
	test_alias_cycles();
	test_merge_order();
	test_gtfobins();
	userdb_free(&db);
	T_DONE();
}
