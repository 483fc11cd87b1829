/*
 * dpkg-test.c: parse/dpkg.c on dpkg's status file: Debian 12's stanzas
 * (continuation lines, Multi-Arch packages, every state of
 * dpkg-query(1)), lower-case field names, and hostile text (no colon, no
 * name, a second Package, no Package, a slash, NUL bytes, an over-long
 * line), each through the print; the Version a stanza carries.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bounds.h"
#include "lib/xmalloc.h"
#include "parse/dpkg.h"
#include "t.h"

/* what the parser reported (t.h) */
static struct t_errs errs;

/* keeps every stanza but oldtool's; takes libc6's strings */
static const char *
keep_but_old(void *fctx, struct dpkg_stanza *st)
{
	(void)fctx;
	if (strcmp(st->pkg, "oldtool") == 0)
		return "refused";
	if (strcmp(st->pkg, "libc6") == 0) {
		free(st->pkg);
		free(st->arch);
		st->pkg = st->arch = NULL;
	}
	return NULL;
}

static void
test_debian(void)
{
	static const char status[] =
	    "Package: login\n"
	    "Essential: yes\n"
	    "Status: install ok installed\n"
	    "Architecture: amd64\n"
	    "Conffiles:\n"
	    " /etc/login.defs fb3a4e8c2ae3e6a0a3d0f0b4a1e1d52a\n"
	    "Description: system login tools\n"
	    " Package: not-a-field\n"
	    "\n"
	    "Package: libc6\n"
	    "Status: install ok installed\n"
	    "Multi-Arch: same\n"
	    "Architecture: i386\n"
	    "\n"
	    "# a comment\n"
	    "Package: oldtool\n"
	    "Status: deinstall ok config-files\n"
	    "\n"
	    "package: halfway\n"
	    "status: install reinstreq half-installed\n"
	    "ARCHITECTURE:\n"
	    "\n"
	    "Package: unpacked\n"
	    "Status: install ok   unpacked  \n"
	    "\n"
	    "Package: nostatus\n"
	    "\n"
	    "Package: trig\n"
	    "Status: install ok triggers-pending\n"
	    "Version: 5:7.0.15-1~deb12u1\n";
	char *out;

	memset(&errs, 0, sizeof errs);
	T_EQ_INT(dpkg_status_parse(status, sizeof status - 1, keep_but_old,
	    NULL, t_on_err, &errs), 6);
	/* the refusal, at the stanza's first line */
	T_EQ_INT(errs.n, 1);
	T_EQ_INT(errs.line[0], 16);
	out = dpkg_status_print(status, sizeof status - 1);
	T_EQ_STR(out,
	    "1 login:amd64 on-disk\n"
	    "10 libc6:i386 on-disk\n"
	    "16 oldtool off\n"
	    "19 halfway on-disk\n"
	    "23 unpacked on-disk\n"
	    "26 nostatus no-status\n"
	    "28 trig on-disk 5:7.0.15-1~deb12u1\n");
	free(out);
}

static void
test_hostile(void)
{
	static const char bad[] =
	    "Package: a\nStatus: install ok installed\n"
	    "this line has no colon\n"
	    ": no name\n"
	    "Package: second\n"
	    "\n"
	    "Status: install ok installed\n"	/* no Package */
	    "\n"
	    "Package: has/slash\nStatus: install ok installed\n\n"
	    "Package: sp ace\n\n"
	    "Package: b\0x\nStatus: install ok installed\n\n"
	    "Package: c\nStatus: install\n\n";	/* too few words */
	size_t n = MAX_LINE + 100;
	char *out, *huge;

	memset(&errs, 0, sizeof errs);
	T_EQ_INT(dpkg_status_parse(bad, sizeof bad - 1, keep_but_old, NULL,
	    t_on_err, &errs), 2);
	/* no colon, no name, second Package, no Package, slash and its
	 * stanza, space and its stanza, NUL and its stanza */
	T_EQ_INT(errs.n, 10);
	T_EQ_INT(errs.line[0], 3);
	T_EQ_INT(errs.line[1], 4);
	T_EQ_INT(errs.line[2], 5);
	T_EQ_INT(errs.line[3], 7);
	out = dpkg_status_print(bad, sizeof bad - 1);
	T_EQ_STR(out, "1 a on-disk\n17 c off\n");
	free(out);

	/* an over-long line is skipped whole; the stanza goes on */
	huge = xmalloc(n + 64);
	memcpy(huge, "Package: d\nDescription: ", 24);
	memset(huge + 24, 'x', n);
	memcpy(huge + 24 + n, "\nStatus: install ok installed\n", 30);
	memset(&errs, 0, sizeof errs);
	out = dpkg_status_print(huge, 24 + n + 30);
	T_EQ_STR(out, "1 d on-disk\n");
	free(out);
	T_EQ_INT(dpkg_status_parse(huge, 24 + n + 30, keep_but_old, NULL,
	    t_on_err, &errs), 1);
	T_EQ_INT(errs.n, 1);
	T_EQ_INT(errs.line[0], 2);
	free(huge);
	/* nothing, and a stanza not ended by a blank line */
	out = dpkg_status_print("", 0);
	T_EQ_STR(out, "");
	free(out);
}

int
main(void)
{
	test_debian();
	test_hostile();
	T_DONE();
}
