/*
 * passwd-test.c: the target's passwd and group parsers and the identity
 * built from them, on real shapes and malformed lines.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/ident.h"
#include "t.h"

static struct t_errs errs;

static const char passwd[] =
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "# a comment\n"
    "\n"
    "agent:x:1001:1001:AI agent,,,:/home/agent:/bin/bash\r\n"
    "broken:x:12\n"
    "neg:x:-1:0::/:/bin/sh\n"
    "big:x:99999999999:0::/:/bin/sh\n"
    "+nisuser::::::\n"
    "agent:x:2002:2002::/other:/bin/sh\n"
    "nul:x:5:5::/\0:/bin/sh\n"
    "last:x:7:7::/home/last:/bin/sh";

static const char group[] =
    "root:x:0:\n"
    "sudo:x:27:alice, agent\n"
    "docker:x:998:agent\n"
    "dockerx:x:999:bob\n"
    "agent:x:1001:\n"
    "bad:x:nope:agent\n"
    "short:x:5\n";

int
main(void)
{
	struct userdb db;
	struct ident id;
	const char *why = NULL;
	size_t n;

	memset(&db, 0, sizeof db);
	n = passwd_parse(passwd, sizeof passwd - 1, &db, t_on_err, &errs);
	T_EQ_INT(n, 5);
	T_EQ_INT(errs.n, 4);	/* broken, neg, big, nul */
	T_EQ_INT(errs.line[0], 6);
	T_EQ_INT(errs.line[1], 7);
	T_EQ_INT(errs.line[2], 8);
	T_EQ_INT(errs.line[3], 11);
	T_EQ_STR(userdb_user_by_uid(&db, 1001)->name, "agent");
	/* the first entry of a name wins, as getpwnam over files */
	T_EQ_INT(userdb_user_by_name(&db, "agent")->uid, 1001);
	T_EQ_STR(userdb_user_by_name(&db, "agent")->home, "/home/agent");
	T_EQ_STR(userdb_user_by_name(&db, "agent")->shell, "/bin/bash");
	T_EQ_STR(userdb_user_by_name(&db, "last")->shell, "/bin/sh");
	T_OK(userdb_user_by_name(&db, "+nisuser") == NULL);

	errs.n = 0;
	n = group_parse(group, sizeof group - 1, &db, t_on_err, &errs);
	T_EQ_INT(n, 5);
	T_EQ_INT(errs.n, 2);
	T_EQ_INT(errs.line[0], 6);
	T_EQ_INT(errs.line[1], 7);
	T_EQ_INT(userdb_group_by_name(&db, "sudo")->nmembers, 2);
	T_EQ_STR(userdb_group_by_name(&db, "sudo")->members[1], "agent");
	/* everything kept, in order, through the print */
	{
		char *out = userdb_print(&db);

		T_EQ_STR(out,
		    "user \"root\" 0 0 \"/root\" \"/bin/bash\"\n"
		    "user \"daemon\" 1 1 \"/usr/sbin\" \"/usr/sbin/nologin\"\n"
		    "user \"agent\" 1001 1001 \"/home/agent\" \"/bin/bash\"\n"
		    "user \"agent\" 2002 2002 \"/other\" \"/bin/sh\"\n"
		    "user \"last\" 7 7 \"/home/last\" \"/bin/sh\"\n"
		    "group \"root\" 0\n"
		    "group \"sudo\" 27 \"alice\" \"agent\"\n"
		    "group \"docker\" 998 \"agent\"\n"
		    "group \"dockerx\" 999 \"bob\"\n"
		    "group \"agent\" 1001\n");
		free(out);
	}

	T_EQ_INT(ident_resolve(&db, "agent", &id, &why), 0);
	T_EQ_INT(id.uid, 1001);
	T_EQ_INT(id.gid, 1001);
	T_EQ_INT(id.ngids, 3);		/* 1001, sudo, docker */
	T_OK(ident_in_group(&id, 27));
	T_OK(ident_in_group(&id, 998));
	T_OK(!ident_in_group(&id, 999));	/* dockerx: bob's */
	ident_free(&id);

	/* a uid with an entry resolves to it; one without has no groups */
	T_EQ_INT(ident_resolve(&db, "1001", &id, &why), 0);
	T_EQ_STR(id.name, "agent");
	ident_free(&id);
	T_EQ_INT(ident_resolve(&db, "4242", &id, &why), 0);
	T_OK(id.name == NULL);
	T_EQ_INT(id.uid, 4242);
	T_EQ_INT(id.ngids, 0);
	ident_free(&id);
	T_EQ_INT(ident_resolve(&db, "nosuch", &id, &why), -1);
	T_OK(why != NULL);
	T_EQ_INT(ident_resolve(&db, "12abc", &id, &why), -1);

	userdb_free(&db);
	T_DONE();
}
