/*
 * unitfile-fuzz.c: libFuzzer target for parse/unitfile.c. The input is
 * parsed as a unit file, printed and parsed again (the two must agree),
 * then applied to a view of each type as main file and as a drop-in,
 * with the specifier expander and the word splitter run on each value;
 * and the same bytes as an EnvironmentFile=.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/unitfile.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
env_cb(void *ctx, const char *key, const char *value)
{
	(void)ctx;
	(void)value;
	if (*key == '\0' || strchr(key, '\n'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "a-b@c.service", "x.socket",
		"y.timer", "z.path" };
	struct unit_spec sp = { "a-b@c.service", "u", "1", "/h", "/bin/sh",
		"g", "1" };
	struct unit_file a, b;
	struct buf out = { 0 };
	size_t i;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	(void)unit_envfile_parse((const char *)data, size, env_cb, NULL,
	    NULL, NULL);
	unit_parse((const char *)data, size, &a, NULL, NULL);
	unit_file_print(&a, &out);
	unit_parse(out.data, out.len, &b, NULL, NULL);
	if (a.n != b.n)
		abort();
	for (i = 0; i < a.n; i++)
		if (strcmp(a.kv[i].section, b.kv[i].section) != 0 ||
		    strcmp(a.kv[i].key, b.kv[i].key) != 0 ||
		    strcmp(a.kv[i].value, b.kv[i].value) != 0)
			abort();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct unit_view v;
		char *t;

		unit_view_init(&v, names[i]);
		unit_view_apply(&v, &a, "main", NULL, NULL);
		unit_view_apply(&v, &b, "drop-in", NULL, NULL);
		t = unit_view_trigger(&v);
		free(t);
		unit_view_free(&v);
	}
	for (i = 0; i < a.n && i < 64; i++) {
		char **w, *s;
		size_t n;
		int unk = 0;
		const char *why;

		if (unit_split(a.kv[i].value, &w, &n, &why) == 0)
			unit_names_free(w, n);
		s = unit_specifiers(a.kv[i].value, &sp, &unk);
		free(s);
	}
	buf_free(&out);
	unit_file_free(&a);
	unit_file_free(&b);
	return 0;
}
