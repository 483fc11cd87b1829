/*
 * idmap-test.c: parse/idmap.c on uid_map text as the kernel prints it
 * (the initial namespace's identity map, rootless containers' maps) and
 * on hostile text: numbers out of range, signs, junk, too many lines.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/idmap.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

/* what the parser reported (t.h) */
static struct t_errs errs;

static struct idmap m;

static char *
parsed(const char *s)
{
	static char *last;

	free(last);
	memset(&errs, 0, sizeof errs);
	idmap_parse(s, strlen(s), &m, t_on_err, &errs);
	last = idmap_print(&m);
	return last;
}

static void
test_kernel(void)
{
	/* proc_id_map_show: "%10u %10u %10u\n" */
	T_EQ_STR(parsed("         0          0 4294967295\n"),
	    "1 0 0 4294967295\n");
	T_EQ_INT(errs.n, 0);
	T_OK(idmap_is_identity(&m));
	/* a rootless container (podman, subuid 100000:65536) */
	T_EQ_STR(parsed("         0       1000          1\n"
	    "         1     100000      65536\n"),
	    "1 0 1000 1\n2 1 100000 65536\n");
	T_EQ_INT(errs.n, 0);
	T_OK(!idmap_is_identity(&m));
	/* root mapped, not the whole range */
	parsed("0 0 65536\n");
	T_OK(!idmap_is_identity(&m));
	/* an empty map: a namespace whose map is not written yet */
	T_EQ_STR(parsed(""), "");
	T_OK(!idmap_is_identity(&m));
}

static void
test_hostile(void)
{
	parsed("0 0 4294967296\n");
	T_EQ_INT(m.n, 0);
	T_EQ_INT(errs.n, 1);
	T_OK(!idmap_is_identity(&m));
	T_EQ_STR(parsed("-1 0 1\n+0 0 1\n0 0\n0 0 1 2\n0 0 1x\nx\n\n  \n"
	    "0\t0\t4294967295\r\n"), "9 0 0 4294967295\n");
	T_EQ_INT(errs.n, 6);
	/* the identity on a line other than the first is not the map of
	 * the initial namespace */
	T_OK(!idmap_is_identity(&m));
	{
		struct buf b = { 0 };
		unsigned i;

		for (i = 0; i < IDMAP_MAX_EXTENTS + 5; i++)
			buf_printf(&b, "%u %u 1\n", i, i + 1000);
		memset(&errs, 0, sizeof errs);
		T_EQ_INT(idmap_parse(b.data, b.len, &m, t_on_err, &errs),
		    IDMAP_MAX_EXTENTS);
		T_EQ_INT(errs.n, 5);
		T_EQ_INT(m.e[IDMAP_MAX_EXTENTS - 1].outside,
		    IDMAP_MAX_EXTENTS - 1 + 1000);
		buf_free(&b);
	}
}

int
main(void)
{
	test_kernel();
	test_hostile();
	parsed("");
	T_DONE();
}
