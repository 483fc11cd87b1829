/*
 * fnv.c: FNV-1a 64 (lib/fnv.h). Reads the n bytes it is given and
 * nothing else.
 */
#include "lib/fnv.h"

#define FNV1A64_PRIME	1099511628211ULL

uint64_t
fnv1a64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * FNV1A64_PRIME;
	return h;
}
