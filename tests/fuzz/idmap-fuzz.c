/*
 * idmap-fuzz.c: libFuzzer target for uid_map and gid_map text
 * (parse/idmap.c):
 * the parse of any bytes, then its print.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/idmap.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct idmap m;
	char *out;

	(void)idmap_parse((const char *)data, size, &m, NULL, NULL);
	(void)idmap_is_identity(&m);
	out = idmap_print(&m);
	free(out);
	return 0;
}
