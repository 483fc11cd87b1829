/*
 * report-fuzz.c: a saved report read back (privmap rules|policy|fix read
 * reports that may come from anywhere): parse, rebuild the model, write
 * it again; and the same bytes read as a stream (report_load, what the
 * subcommands use), which must accept and refuse exactly what the whole
 * document read with report_from_json accepts and refuses.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *j = json_loadb((const char *)data, size,
	    JSON_REJECT_DUPLICATES, &err), *back;
	struct report *r = NULL, *s = NULL;
	struct report_load_err le;
	const char *why;
	FILE *fp;

	if (j != NULL)
		r = report_from_json(j, &why);
	if (r) {
		back = report_to_json(r);
		json_decref(back);
	}
	if (size > 0 && (fp = fmemopen((void *)data, size, "r")) != NULL) {
		s = report_load(fp, &le);
		fclose(fp);
		if ((r == NULL) != (s == NULL) ||
		    (r && s && r->nfindings != s->nfindings))
			abort();
	}
	report_free(s);
	report_free(r);
	json_decref(j);
	return 0;
}
