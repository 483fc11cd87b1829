/*
 * pathconf-fuzz.c: libFuzzer target for the PATH and library-directory
 * parsers (parse/pathconf.c). The first byte picks the parser:
 * environment, login.defs, shell, ld.so.conf, ld.so.preload or musl's
 * path file; the normalised print runs over what was kept.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/pathconf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pathconf pc = { 0 };
	const char *buf;
	size_t len;
	char *out;

	if (size < 1)
		return 0;
	buf = (const char *)data + 1;
	len = size - 1;
	switch (data[0] % 6) {
	case 0:
		pathconf_environment(&pc, buf, len, NULL, NULL);
		break;
	case 1:
		pathconf_login_defs(&pc, buf, len, "ENV_SUPATH", NULL, NULL);
		break;
	case 2:
		pathconf_shell(&pc, buf, len, NULL, NULL);
		break;
	case 3:
		pathconf_ldso_conf(&pc, buf, len, NULL, NULL);
		break;
	case 4:
		pathconf_preload(&pc, buf, len, NULL, NULL);
		break;
	default:
		pathconf_musl_path(&pc, buf, len, NULL, NULL);
		break;
	}
	out = pathconf_print(&pc);
	free(out);
	pathconf_free(&pc);
	return 0;
}
