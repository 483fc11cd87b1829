/*
 * fcaps-test.c: parse/fcaps.c on security.capability values as setcap
 * writes them (struct vfs_cap_data revision 2, the namespaced revision 3
 * with its root uid, the old revision 1) and on malformed ones (short,
 * a revision's wrong length, an unknown revision), through the print.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/fcaps.h"
#include "t.h"

/* the print of the decode of value, or "bad" */
static char *
decoded(const unsigned char *value, size_t len)
{
	static char *last;
	struct fcaps fc;

	free(last);
	if (fcaps_decode(value, len, &fc) == -1)
		last = strdup("bad");
	else
		last = fcaps_print(&fc);
	return last;
}

static void
test_revisions(void)
{
	/* setcap cap_setuid+ep: revision 2, effective, permitted bit 7 */
	static const unsigned char v2[20] = {
		0x01, 0x00, 0x00, 0x02, 0x80, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
	};
	/* setcap cap_net_bind_service,cap_bpf+i inside a user namespace
	 * whose root is uid 100000: revision 3; bit 39 in the high word */
	static const unsigned char v3[24] = {
		0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x80, 0x00, 0x00, 0x00, 0xa0, 0x86, 0x01, 0x00,
	};
	/* revision 1: 32 bits each */
	static const unsigned char v1[12] = {
		0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00,
		0x02, 0x00, 0x00, 0x00,
	};

	T_EQ_STR(decoded(v2, sizeof v2), "v2 effective "
	    "permitted=0000000000000080 inheritable=0000000000000000 "
	    "rootid=0\n");
	T_EQ_STR(decoded(v3, sizeof v3), "v3 not-effective "
	    "permitted=0000000000000000 inheritable=0000008000000400 "
	    "rootid=100000\n");
	T_EQ_STR(decoded(v1, sizeof v1), "v1 not-effective "
	    "permitted=0000000000000001 inheritable=0000000000000002 "
	    "rootid=0\n");
	/* a revision's length is exact */
	T_EQ_STR(decoded(v2, 19), "bad");
	T_EQ_STR(decoded(v3, 20), "bad");
	T_EQ_STR(decoded(v1, 3), "bad");
	T_EQ_STR(decoded(v2, 0), "bad");
	{
		unsigned char v4[20];

		memcpy(v4, v2, sizeof v4);
		v4[3] = 0x04;
		T_EQ_STR(decoded(v4, sizeof v4), "bad");
	}
}

int
main(void)
{
	test_revisions();
	decoded(NULL, 0);
	T_DONE();
}
