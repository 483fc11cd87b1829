/*
 * json.c: the report as the JSON contract (docs/report.md, with its
 * schema docs/report.schema.json), written by jansson so every string is escaped. Keys are
 * kept in insertion order, so the same report gives the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "output/output.h"

int
output_json(const struct report *r, FILE *fp, const char **why)
{
	json_t *j = report_to_json(r);
	int ret;

	ret = output_json_doc(fp, j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(3), why);
	json_decref(j);
	return ret;
}
