/*
 * pgconf-fuzz.c: libFuzzer target for the port of postgresql.conf
 * (parse/pgconf.c):
 * the parse of any bytes, then its print.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/pgconf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pg_conf pc;
	char *out;

	pg_conf_parse((const char *)data, size, &pc, NULL, NULL);
	out = pg_conf_print(&pc);
	free(out);
	return 0;
}
