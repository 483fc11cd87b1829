/*
 * apk-fuzz.c: libFuzzer target for apk's installed-database parser
 * (parse/apk.c, and engine/pkgdb.c filling the database from it): P/F/R/Z
 * lines, Q1 base64 and hex checksums. The first byte varies the
 * merged-/usr mask and the want filter; the parser's print runs too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine/pkgdb.h"
#include "parse/apk.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkgdb *db;
	const char *pkg;
	char *out;
	int v;

	if (size < 1)
		return 0;
	db = pkgdb_new();
	pkgdb_set_usrmerge(db, data[0] & 0x3f);
	if (data[0] & 0x80)
		pkgdb_want(db, "/bin/bbsuid");
	pkgdb_parse_apk_installed(db, (const char *)data + 1, size - 1, NULL,
	    NULL);
	pkgdb_set_kind(db, PKGDB_APK);
	(void)pkgdb_lookup(db, "/bin/bbsuid", &pkg, &v);
	out = pkgdb_print(db);
	free(out);
	pkgdb_free(db);
	out = apk_installed_print((const char *)data + 1, size - 1);
	free(out);
	return 0;
}
