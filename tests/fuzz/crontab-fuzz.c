/*
 * crontab-fuzz.c: libFuzzer target for parse/crontab.c and the command
 * reader in parse/cmdexec.c. The first byte picks the format; every
 * parse must print back to text that parses to the same table, and each
 * job's command goes through cron_command_part and cx_shell.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cmdexec.h"
#include "parse/crontab.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *
var(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	if (n == 4 && memcmp(name, "HOME", 4) == 0)
		return "/root";
	return NULL;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crontab a, b;
	struct buf out = { 0 };
	enum cron_format fmt;
	size_t i;

	if (size == 0)
		return 0;
	fmt = (enum cron_format)(data[0] % 3);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	crontab_parse((const char *)data + 1, size - 1, fmt, &a, NULL, NULL);
	crontab_print(&a, fmt, &out);
	crontab_parse(out.data, out.len, fmt, &b, NULL, NULL);
	if (a.njobs != b.njobs || a.nenv != b.nenv)
		abort();
	for (i = 0; i < a.njobs; i++)
		if (!same(a.jobs[i].when, b.jobs[i].when) ||
		    !same(a.jobs[i].user, b.jobs[i].user) ||
		    !same(a.jobs[i].ident, b.jobs[i].ident) ||
		    !same(a.jobs[i].command, b.jobs[i].command) ||
		    a.jobs[i].nenv != b.jobs[i].nenv)
			abort();
	for (i = 0; i < a.nenv; i++)
		if (!same(a.env[i].name, b.env[i].name) ||
		    !same(a.env[i].value, b.env[i].value))
			abort();
	for (i = 0; i < a.njobs; i++) {
		struct cx_opts o = { "/root", "/root", var, NULL };
		struct cx_list l = { 0 };
		char *in, *cmd = cron_command_part(a.jobs[i].command, &in);

		cx_shell(cmd, strlen(cmd), &o, &l);
		cx_list_free(&l);
		free(cmd);
		free(in);
		(void)cron_runparts_name_ok(a.jobs[i].command,
		    CRON_FLAVOR_DEBIAN, CX_RP_LSBSYSINIT, NULL);
		(void)cron_crond_name_ok(a.jobs[i].command,
		    CRON_FLAVOR_CRONIE);
	}
	buf_free(&out);
	crontab_free(&a);
	crontab_free(&b);
	return 0;
}
