/*
 * dockerdefault-fuzz.c: libFuzzer target for DOCKER_OPTS in
 * /etc/default/docker (parse/dockerdefault.c):
 * the parse of any bytes, then its print.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/dockerdefault.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct docker_default dd;
	char *out;

	docker_default_parse((const char *)data, size, &dd, NULL, NULL);
	out = docker_default_print(&dd);
	free(out);
	docker_default_free(&dd);
	return 0;
}
