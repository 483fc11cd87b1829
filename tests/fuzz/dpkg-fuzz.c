/*
 * dpkg-fuzz.c: libFuzzer target for the dpkg database parsers
 * (parse/dpkg.c for the status file, engine/pkgdb.c for the rest and the
 * database they fill). The first byte picks the parser: status (and its
 * print), a .list, .md5sums, or diversions; then the merged-/usr mask is
 * varied, and the normalised print and a lookup run over what was kept.
 * Nothing may crash, hang or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine/pkgdb.h"
#include "parse/dpkg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkgdb *db;
	const char *buf, *pkg;
	char *out;
	size_t len;
	int v;

	if (size < 2)
		return 0;
	buf = (const char *)data + 2;
	len = size - 2;
	db = pkgdb_new();
	pkgdb_set_usrmerge(db, data[1]);
	if (data[1] & 0x80)
		pkgdb_want(db, "/usr/bin/su");
	switch (data[0] % 4) {
	case 0:
		pkgdb_parse_dpkg_status(db, buf, len, NULL, NULL);
		(void)pkgdb_dpkg_installed(db, "login");
		(void)pkgdb_dpkg_installed(db, "libc6:amd64");
		out = dpkg_status_print(buf, len);
		free(out);
		break;
	case 1:
		pkgdb_parse_dpkg_list(db, "login", buf, len, NULL, NULL);
		break;
	case 2:
		/* a list first, so checksums have owners to land on */
		pkgdb_parse_dpkg_list(db, "login", "/bin/su\n/usr/bin/su\n",
		    20, NULL, NULL);
		pkgdb_parse_dpkg_md5sums(db, "login", buf, len, NULL, NULL);
		break;
	default:
		pkgdb_parse_dpkg_diversions(db, buf, len, NULL, NULL);
		pkgdb_parse_dpkg_list(db, "login", "/bin/su\n", 8, NULL, NULL);
		break;
	}
	pkgdb_set_kind(db, PKGDB_DPKG);
	/* no target: lookups stop before reading, but walk the tables */
	(void)pkgdb_lookup(db, "/usr/bin/su", &pkg, &v);
	(void)pkgdb_lookup(db, "/bin/su", &pkg, &v);
	out = pkgdb_print(db);
	free(out);
	pkgdb_free(db);
	return 0;
}
