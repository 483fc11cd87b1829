/*
 * pathenc-test.c: the text form of names (lib/pathenc.c,
 * docs/paths.md): what each byte becomes, that each name has one form
 * and each form one name, what decoding refuses, and normal paths.
 */
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "lib/pathenc.h"

/* s encodes to want, and want decodes to s */
static void
both_ways(const char *s, size_t n, const char *want)
{
	char *e = pathenc_encode(s, n), *d;

	T_EQ_STR(e, want);
	d = pathenc_decode(want, strlen(want));
	T_OK(d != NULL && strlen(d) == n && memcmp(d, s, n) == 0);
	free(d);
	free(e);
}

static void
refused(const char *text)
{
	char *d = pathenc_decode(text, strlen(text));

	T_OK(d == NULL);
	free(d);
}

static void
test_encode(void)
{
	both_ways("/usr/bin/find", 13, "/usr/bin/find");
	both_ways("", 0, "");
	/* a byte that is not UTF-8, and the same text written literally */
	both_ways("/opt/bad\xff", 9, "/opt/bad\\xff");
	both_ways("/opt/bad\\xff", 12, "/opt/bad\\\\xff");
	both_ways("a\\b", 3, "a\\\\b");
	both_ways("\\\\", 2, "\\\\\\\\");
	/* valid UTF-8 stays; an overlong form, a surrogate, a lone
	 * continuation byte or a cut sequence does not */
	both_ways("caf\xc3\xa9", 5, "caf\xc3\xa9");
	both_ways("\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80");
	both_ways("\xc0\xaf", 2, "\\xc0\\xaf");
	both_ways("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");
	both_ways("\x80x", 2, "\\x80x");
	both_ways("\xe2\x82", 2, "\\xe2\\x82");
	/* controls are JSON's business (\u001b), not this form's */
	both_ways("new\nline\x1b", 9, "new\nline\x1b");
	T_OK(pathenc_plain("/usr/bin/find", 13));
	T_OK(pathenc_plain("caf\xc3\xa9", 5));
	T_OK(!pathenc_plain("a\\b", 3));
	T_OK(!pathenc_plain("bad\xff", 4));
	T_OK(!pathenc_plain("a\0b", 3));
	{
		char *e = pathenc_encode("a\0b", 3);

		T_EQ_STR(e, "a\\x00b");
		free(e);
	}
}

static void
test_decode_refuses(void)
{
	refused("\\");			/* a lone backslash */
	refused("a\\b");		/* not \\ or \xNN */
	refused("\\x4");		/* cut */
	refused("\\xg0");
	refused("\\xFF");		/* privmap writes lower case */
	refused("\\x00");		/* a NUL byte */
	refused("\\x41");		/* "A" is written A */
	refused("\\xc3\\xa9");		/* valid UTF-8 is itself */
	refused("\\x5c");		/* the backslash is \\ */
	{
		/* a NUL inside the counted text */
		char *d = pathenc_decode("a\0b", 3);

		T_OK(d == NULL);
		free(d);
	}
}

static void
test_normal(void)
{
	T_OK(pathenc_normal("/"));
	T_OK(pathenc_normal("/etc/passwd"));
	T_OK(pathenc_normal("/a/.b/..c/.../d"));
	T_OK(!pathenc_normal(""));
	T_OK(!pathenc_normal("etc/passwd"));
	T_OK(!pathenc_normal("//etc"));
	T_OK(!pathenc_normal("/etc/"));
	T_OK(!pathenc_normal("/etc//passwd"));
	T_OK(!pathenc_normal("/./etc"));
	T_OK(!pathenc_normal("/etc/."));
	T_OK(!pathenc_normal("/../../../elsewhere/file"));
	T_OK(!pathenc_normal("/srv/root/.."));
	T_OK(!pathenc_normal(NULL));
}

int
main(void)
{
	test_encode();
	test_decode_refuses();
	test_normal();
	T_DONE();
}
