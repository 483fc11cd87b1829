/*
 * json.c: the report as the JSON contract (docs/report.md, with its
 * schema docs/report.schema.json), written by jansson so every string is escaped. Keys are
 * kept in insertion order, so the same report gives the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "output/output.h"

static json_t *
finding_at(size_t i, void *arg)
{
	const struct report *r = arg;

	return finding_to_json(r->findings[i]);
}

/* The findings are made and written one at a time: a report of 100k
 * findings is never held whole as JSON values (1.4 GB, and as long to
 * free as to write). */
int
output_json(const struct report *r, FILE *fp, const char **why)
{
	json_t *j = report_to_json_frame(r);
	int ret;

	ret = output_json_doc_array(fp, j, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3), "findings",
	    r->nfindings, finding_at, (void *)r, why);
	json_decref(j);
	return ret;
}
