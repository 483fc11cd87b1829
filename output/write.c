/*
 * write.c: the one place a finished output buffer reaches its stream.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

int
output_json_doc(FILE *fp, json_t *doc, size_t flags, const char **why)
{
	char *s = json_dumps(doc, flags);
	int rv;

	if (s == NULL) {
		*why = "cannot encode the document as JSON";
		return -1;
	}
	rv = output_write(fp, s, strlen(s), why);
	if (rv == 0)
		rv = output_write(fp, "\n", 1, why);
	free(s);
	return rv;
}
