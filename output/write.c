/*
 * write.c: the one place a finished output buffer reaches its stream.
 */
#include <errno.h>

#include "output/output.h"

int
output_write(FILE *fp, const char *s, size_t n, const char **why)
{
	if (n && fwrite(s, 1, n, fp) != n) {
		*why = "write error";
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}
