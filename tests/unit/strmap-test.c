/*
 * strmap-test.c: the one hash map (scanner/strmap.c): values and pointers
 * found again, a key added twice kept once, keys taken out while the
 * rest of their runs stay found, copied keys independent of the caller's
 * buffer, and a cleared map empty.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "t.h"

#define N	5000

static char keys[N][16];

static void
test_values(void)
{
	struct strmap m = { 0 };
	size_t i, v = 0, old = 0;

	for (i = 0; i < N; i++) {
		snprintf(keys[i], sizeof keys[i], "k%zu", i);
		T_EQ_INT(strmap_adds(&m, keys[i], i, NULL), 1);
	}
	T_EQ_INT(m.n, N);
	for (i = 0; i < N; i++)
		T_EQ_INT(strmap_gets(&m, keys[i]), i);
	T_EQ_INT(strmap_gets(&m, "absent"), STRMAP_NONE);
	T_EQ_INT(strmap_get(&m, "k1", 1, &v), 0);	/* "k": a prefix */
	T_EQ_INT(strmap_get(&m, "k12", 3, &v), 1);
	T_EQ_INT(v, 12);
	/* a second add keeps the first value and says which */
	T_EQ_INT(strmap_adds(&m, "k7", 99, &old), 0);
	T_EQ_INT(old, 7);
	T_EQ_INT(strmap_gets(&m, "k7"), 7);
	T_EQ_INT(m.n, N);
	strmap_clear(&m);
	T_EQ_INT(m.n, 0);
	T_EQ_INT(strmap_gets(&m, "k7"), STRMAP_NONE);
	strmap_free(&m);
	T_EQ_INT(strmap_gets(&m, "k7"), STRMAP_NONE);
}

static void
test_del(void)
{
	struct strmap m = { 0 };
	size_t i;

	for (i = 0; i < N; i++)
		strmap_adds(&m, keys[i], i, NULL);
	/* every third key out: the others, in the same runs, stay */
	for (i = 0; i < N; i += 3)
		T_EQ_INT(strmap_del(&m, keys[i], strlen(keys[i])), 1);
	T_EQ_INT(strmap_del(&m, keys[0], strlen(keys[0])), 0);
	T_EQ_INT(m.n, N - (N + 2) / 3);
	for (i = 0; i < N; i++)
		T_EQ_INT(strmap_gets(&m, keys[i]),
		    i % 3 == 0 ? STRMAP_NONE : i);
	/* and back in */
	for (i = 0; i < N; i += 3)
		T_EQ_INT(strmap_adds(&m, keys[i], i + 1, NULL), 1);
	for (i = 0; i < N; i++)
		T_EQ_INT(strmap_gets(&m, keys[i]), i % 3 == 0 ? i + 1 : i);
	T_EQ_INT(strmap_del(&m, "x", 1), 0);
	strmap_free(&m);
	T_EQ_INT(strmap_del(&m, "x", 1), 0);
}

static void
test_pointers_and_copies(void)
{
	struct strmap p = { 0 }, c = { .copies = 1 };
	char buf[32];
	size_t i;
	int x, y;

	T_OK(strmap_getp(&p, "a", 1) == NULL);
	T_EQ_INT(strmap_addp(&p, "a", 1, &x), 1);
	T_EQ_INT(strmap_addp(&p, "a", 1, &y), 0);
	T_OK(strmap_getp(&p, "a", 1) == &x);
	/* keys with NULs and of no length */
	T_EQ_INT(strmap_addp(&p, "a\0b", 3, &y), 1);
	T_EQ_INT(strmap_addp(&p, "", 0, &x), 1);
	T_OK(strmap_getp(&p, "a\0b", 3) == &y);
	T_OK(strmap_getp(&p, "", 0) == &x);
	strmap_free(&p);

	/* a copying map does not keep the caller's buffer */
	for (i = 0; i < 200; i++) {
		snprintf(buf, sizeof buf, "path/%zu", i);
		T_EQ_INT(strmap_adds(&c, buf, i, NULL), 1);
	}
	memset(buf, 'x', sizeof buf - 1);
	for (i = 0; i < 200; i++) {
		snprintf(buf, sizeof buf, "path/%zu", i);
		T_EQ_INT(strmap_gets(&c, buf), i);
	}
	T_EQ_INT(strmap_del(&c, "path/5", 6), 1);
	T_EQ_INT(strmap_gets(&c, "path/5"), STRMAP_NONE);
	strmap_clear(&c);
	T_EQ_INT(c.copies, 1);
	T_EQ_INT(strmap_adds(&c, "again", 1, NULL), 1);
	T_EQ_INT(strmap_gets(&c, "again"), 1);
	strmap_free(&c);
}

int
main(void)
{
	test_values();
	test_del();
	test_pointers_and_copies();
	T_DONE();
}
