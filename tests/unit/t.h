/*
 * t.h: the unit tests' few macros. A test program runs its cases, prints
 * one line per failed assertion with file:line, and exits 1 if any failed,
 * 77 (automake's skip) through T_SKIP, 0 otherwise.
 */
#ifndef PRIVMAP_T_H
#define PRIVMAP_T_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_failed, t_checked;

#define T_OK(cond) do {							\
	t_checked++;							\
	if (!(cond)) {							\
		t_failed++;						\
		fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); \
	}								\
} while (0)

#define T_EQ_INT(a, b) do {						\
	long long t_a = (long long)(a), t_b = (long long)(b);		\
	t_checked++;							\
	if (t_a != t_b) {						\
		t_failed++;						\
		fprintf(stderr, "%s:%d: FAIL: %s == %s (%lld != %lld)\n", \
		    __FILE__, __LINE__, #a, #b, t_a, t_b);		\
	}								\
} while (0)

#define T_EQ_STR(a, b) do {						\
	const char *t_a = (a), *t_b = (b);				\
	t_checked++;							\
	if (t_a == NULL || t_b == NULL || strcmp(t_a, t_b) != 0) {	\
		t_failed++;						\
		fprintf(stderr, "%s:%d: FAIL: %s == %s (\"%s\" != \"%s\")\n", \
		    __FILE__, __LINE__, #a, #b, t_a ? t_a : "(null)",	\
		    t_b ? t_b : "(null)");				\
	}								\
} while (0)

/* What a parser reported through its error callback (parse_err_fn):
 * t_on_err with a struct t_errs as its context keeps the first 64 lines
 * and reasons and counts them all. */
struct t_errs {
	unsigned	 line[64];
	const char	*why[64];
	size_t		 n;
};

static inline void
t_on_err(void *ctx, unsigned line, const char *why)
{
	struct t_errs *e = ctx;

	if (e->n < 64) {
		e->line[e->n] = line;
		e->why[e->n] = why;
	}
	e->n++;
}

#define T_SKIP(why) do {						\
	printf("SKIP: %s\n", why);					\
	exit(77);							\
} while (0)

#define T_DONE() do {							\
	printf("%d checks, %d failed\n", t_checked, t_failed);		\
	return t_failed ? 1 : 0;					\
} while (0)

#endif
