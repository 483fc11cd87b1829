/*
 * pathenc-fuzz.c: the text form of names (lib/pathenc.c) on arbitrary
 * bytes. Whatever the input, encoding then decoding gives the very bytes
 * back, and text that decodes encodes to itself: one form per name, one
 * name per form. A mismatch aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pathenc.h"
#include "lib/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *e, *d, *z;

	/* bytes -> text -> the same bytes (a NUL inside has no way back:
	 * names never hold one) */
	e = pathenc_encode(s, size);
	if (memchr(s, '\0', size) == NULL) {
		d = pathenc_decode(e, strlen(e));
		if (d == NULL || strlen(d) != size || memcmp(d, s, size) != 0)
			abort();
		free(d);
	}
	/* plain: the name is its own encoding */
	if (pathenc_plain(s, size) != (strlen(e) == size &&
	    memcmp(e, s, size) == 0))
		abort();
	free(e);
	/* text -> bytes -> the same text */
	d = pathenc_decode(s, size);
	if (d != NULL) {
		e = pathenc_encode(d, strlen(d));
		if (strlen(e) != size || memcmp(e, s, size) != 0)
			abort();
		free(e);
		free(d);
	}
	z = xstrndup(s, size);
	(void)pathenc_normal(z);
	free(z);
	return 0;
}
