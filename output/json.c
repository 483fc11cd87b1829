/*
 * json.c: the report as the JSON contract (../shared/spec/report-
 * contract.md), written by jansson so every string is escaped. Keys are
 * kept in insertion order, so the same report gives the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "output/output.h"

int
output_json(const struct report *r, FILE *fp, const char **why)
{
	json_t *j = report_to_json(r);
	char *s;
	int ret;

	s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(3));
	json_decref(j);
	if (s == NULL) {
		*why = "cannot encode the report";
		return -1;
	}
	ret = output_write(fp, s, strlen(s), why);
	if (ret == 0)
		ret = output_write(fp, "\n", 1, why);
	free(s);
	return ret;
}
