/*
 * passwd-fuzz.c: the target's passwd and group parsers, and the identity
 * resolved from what they keep, on arbitrary bytes. The first byte picks
 * how the input is split between the two files.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ident.h"

static void
ignore(void *ctx, unsigned line, const char *why)
{
	(void)ctx;
	(void)line;
	(void)why;
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct userdb db;
	struct ident id;
	const char *why;
	size_t cut;

	if (size < 1)
		return 0;
	cut = data[0] % (size);
	memset(&db, 0, sizeof db);
	passwd_parse((const char *)data + 1, cut, &db, ignore, NULL);
	group_parse((const char *)data + 1 + cut, size - 1 - cut, &db, ignore,
	    NULL);
	if (db.nusers && ident_resolve(&db, db.users[0].name, &id, &why) == 0)
		ident_free(&id);
	if (ident_resolve(&db, "1001", &id, &why) == 0)
		ident_free(&id);
	free(userdb_print(&db));
	userdb_free(&db);
	return 0;
}
