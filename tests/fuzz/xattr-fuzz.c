/*
 * xattr-fuzz.c: the two binary extended attributes privmap decodes from a
 * target (or an image's PAX headers): system.posix_acl_access and
 * security.capability, and libcap's text for a decoded value.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/fcaps.h"
#include "engine/tv.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pacl acl;
	struct fcaps fc;

	if (pacl_from_xattr(data, size, &acl) == 0)
		pacl_free(&acl);
	if (fcaps_decode(data, size, &fc) == 0) {
		free(fcaps_text(&fc));
		free(fcaps_print(&fc));
	}
	return 0;
}
