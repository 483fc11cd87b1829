/*
 * daemonconf-fuzz.c: libFuzzer target for root daemons' include
 * directives (parse/daemonconf.c): the same bytes read in every syntax,
 * each parse printed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/daemonconf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int syn;

	for (syn = DC_NONE; syn <= DC_PHPFPM; syn++) {
		struct dc_conf c;

		dc_parse((const char *)data, size, (enum dc_syntax)syn, &c,
		    NULL, NULL);
		free(dc_print(&c));
		dc_free(&c);
	}
	return 0;
}
