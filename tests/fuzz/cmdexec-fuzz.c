/*
 * cmdexec-fuzz.c: libFuzzer target for parse/cmdexec.c reading whole
 * scripts (the follower of checks/follow.c hands it every script a
 * privileged job runs): the input is one script, read twice, once as
 * the follower reads it (argv, redirections) and once as the cron and
 * systemd checks read a command. Every item must be well formed: a role
 * in range, a path absolute and folded, argv as long as argc.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cmdexec.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *
var(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	if (n == 4 && memcmp(name, "HOME", 4) == 0)
		return "/root";
	if (n == 4 && memcmp(name, "PATH", 4) == 0)
		return "/usr/bin:/bin";
	return NULL;
}

static void
check(const struct cx_list *l)
{
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		const struct cx_item *it = &l->v[i];

		if ((unsigned)it->role > CX_REDIRECT || it->word == NULL)
			abort();
		if (!it->bare && (it->path == NULL || it->path[0] != '/' ||
		    strstr(it->path, "/../") || strstr(it->path, "//")))
			abort();
		if (it->bare && it->path != NULL)
			abort();
		for (j = 0; it->argv && j < it->argc; j++)
			if (it->argv[j] == NULL)
				abort();
		if (it->argv && it->argv[it->argc] != NULL)
			abort();
	}
	if (l->incomplete && l->why == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cx_opts o = { "/srv", "/root", var, NULL };
	struct cx_list l = { 0 };
	size_t i;

	l.args = 1;
	cx_shell((const char *)data, size, &o, &l);
	check(&l);
	for (i = 0; i < l.nfuncs; i++)
		if (!cx_is_func(&l, l.funcs[i]))
			abort();
	cx_list_free(&l);
	cx_shell((const char *)data, size, &o, &l);
	check(&l);
	cx_list_free(&l);
	return 0;
}
