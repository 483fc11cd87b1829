/*
 * ignore-fuzz.c: the ignore-file parser (engine/gate.c,
 * docs/ignore-format.md) on arbitrary bytes, then every entry it keeps
 * printed back and applied to a small report, so the globs meet fnmatch.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/gate.h"

/* report_add for a check id and family given as text */
#define T_ADD(r, id, fam, ...) \
	report_add((r), &(const struct reporter){ (id), (fam) }, __VA_ARGS__)

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct report *rep;

static void
ignore(void *ctx, unsigned line, const char *why)
{
	(void)ctx;
	(void)line;
	(void)why;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ignore_list l = { NULL, 0 };
	struct gate_result g;
	json_t *j;
	size_t i;

	if (rep == NULL) {
		rep = report_new();
		T_ADD(rep, "setuid", "setuid", SEV_CRITICAL, 0.5,
		    "/usr/bin/find", "setuid-root", "find");
		T_ADD(rep, "cron", "cron", SEV_HIGH, 0.5,
		    "/etc/cron.d/a b", "writable", "cron");
		T_ADD(rep, "localhost-service", "localhost-service",
		    SEV_HIGH, 0.5, "tcp://127.0.0.1:6379", "redis", "redis");
		report_finish(rep);
	}
	gate_ignore_parse((const char *)data, size, &l, ignore, NULL);
	for (i = 0; i < l.n; i++)
		free(gate_rule_str(&l.v[i]));
	gate_apply(rep, NULL, &l, SEV_HIGH, 20250101, &g);
	j = gate_result_json(&g, rep);
	json_decref(j);
	gate_result_free(&g);
	ignore_list_free(&l);
	return 0;
}
