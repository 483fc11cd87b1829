/*
 * logrotate-fuzz.c: libFuzzer target for parse/logrotate.c: the input
 * as a logrotate configuration, parsed and printed.
 */
#include <stdint.h>
#include <stdlib.h>

#include "parse/logrotate.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct logrotate_conf c = { 0 };
	size_t i;

	logrotate_parse((const char *)data, size, &c, NULL, NULL);
	if (c.ns > LOGROTATE_MAX_SCRIPTS || c.nincludes >
	    LOGROTATE_MAX_INCLUDES)
		abort();
	for (i = 0; i < c.ns; i++)
		if (c.s[i].kind == NULL || c.s[i].text == NULL ||
		    c.s[i].logs == NULL)
			abort();
	free(logrotate_print(&c));
	logrotate_conf_free(&c);
	return 0;
}
