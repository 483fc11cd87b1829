/*
 * report-fuzz.c: a saved report read back (privmap rules|policy|fix read
 * reports that may come from anywhere): parse, rebuild the model, write
 * it again.
 */
#include <stddef.h>
#include <stdint.h>

#include "scanner/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *j = json_loadb((const char *)data, size, 0, &err), *back;
	struct report *r;
	const char *why;

	if (j == NULL)
		return 0;
	r = report_from_json(j, &why);
	if (r) {
		back = report_to_json(r);
		json_decref(back);
		report_free(r);
	}
	json_decref(j);
	return 0;
}
