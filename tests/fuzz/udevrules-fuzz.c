/*
 * udevrules-fuzz.c: libFuzzer target for parse/udevrules.c: every pair
 * printed and parsed again must give the same pair back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/udevrules.h"
#include "lib/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
on_pair(void *ctx, const struct udev_pair *pr)
{
	struct buf *b = ctx;

	if (b->len)
		buf_addc(b, '\n');
	udevrules_print(pr, b);
}

static void
again(void *ctx, const struct udev_pair *pr)
{
	struct buf *b = ctx;

	on_pair(ctx, pr);
	if (b->len > (64u << 20))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf a = { 0 }, b = { 0 };
	size_t n, m;

	n = udevrules_parse((const char *)data, size, on_pair, NULL, &a);
	buf_str(&a);
	m = udevrules_parse(a.data, a.len, again, NULL, &b);
	buf_str(&b);
	/* a value may hold a newline-free form only: pairs printed one a
	 * line parse back one for one */
	if (m != n || strcmp(a.data, b.data) != 0)
		abort();
	buf_free(&a);
	buf_free(&b);
	return 0;
}
