/*
 * yamlkeys-fuzz.c: libFuzzer target for parse/yamlkeys.c: the input as
 * a YAML configuration, every value by its path, and the print.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/yamlkeys.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
one(void *fctx, const char *path, const char *value, unsigned line)
{
	(void)fctx;
	(void)value;
	if (*path == '\0' || line == 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)yamlkeys_parse((const char *)data, size, one, NULL, NULL, NULL);
	free(yamlkeys_print((const char *)data, size));
	return 0;
}
