/*
 * sudoers-fuzz.c: the sudoers parser, its printer and the matcher on
 * arbitrary bytes. Whatever parses must print, and the print must parse
 * back to the same print (the round trip the unit tests check on real
 * files); the matcher and the pattern helpers must survive every parse.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ident.h"
#include "parse/sudoers.h"
#include "engine/sudoers-match.h"

static void
ignore(void *ctx, unsigned line, const char *why)
{
	(void)ctx;
	(void)line;
	(void)why;
}

static const char passwd[] =
    "root:x:0:0:root:/root:/bin/bash\n"
    "agent:x:1001:1001::/home/agent:/bin/bash\n"
    "www-data:x:33:33::/var/www:/usr/sbin/nologin\n";
static const char group[] =
    "root:x:0:\nsudo:x:27:agent\ndocker:x:998:\nagent:x:1001:\n";

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct userdb db;
	static struct ident id;
	static int ready;
	struct sudoers s = { 0 }, s2 = { 0 };
	struct sudo_match m;
	char *p1, *p2;
	size_t i;

	if (!ready) {
		const char *why;

		passwd_parse(passwd, sizeof passwd - 1, &db, NULL, NULL);
		group_parse(group, sizeof group - 1, &db, NULL, NULL);
		if (ident_resolve(&db, "agent", &id, &why) == -1)
			abort();
		ready = 1;
	}
	sudoers_parse((const char *)data, size, "/etc/sudoers", &s, ignore,
	    NULL);
	p1 = sudoers_print(&s);
	sudoers_parse(p1, strlen(p1), "printed", &s2, ignore, NULL);
	p2 = sudoers_print(&s2);
	if (strcmp(p1, p2) != 0) {
		fprintf(stderr, "round trip differs:\n%s---\n%s", p1, p2);
		abort();
	}
	if (sudoers_match(&s, &db, &id, size & 1 ? "web1" : NULL, &m) == 0) {
		for (i = 0; i < m.ngrants && i < 256; i++) {
			const struct sudo_grant *g = &m.grants[i];
			char *c = sudoers_member_str(g->cmnd);

			sudoers_runas_user(&s, g, &db, "root", 0, 0, NULL);
			sudoers_runas_group(&s, g, &db, "docker", 998);
			if (g->cmnd->name != NULL)
				sudoers_cmnd_admits(g->cmnd, "/usr/bin/vim",
				    "/etc/hosts");
			sudoers_has_glob(c);
			free(c);
		}
		sudo_match_free(&m);
	}
	free(p1);
	free(p2);
	sudoers_free(&s);
	sudoers_free(&s2);
	return 0;
}
