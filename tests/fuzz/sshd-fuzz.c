/*
 * sshd-fuzz.c: libFuzzer target for the directives of sshd_config
 * (parse/sshd.c):
 * the parse of any bytes, then its print.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/sshd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sshd_config sc;
	char *out;

	sshd_config_parse((const char *)data, size, &sc, NULL, NULL);
	out = sshd_config_print(&sc);
	free(out);
	sshd_config_free(&sc);
	return 0;
}
