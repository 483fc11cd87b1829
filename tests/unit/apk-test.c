/*
 * apk-test.c: parse/apk.c on the shape of Alpine 3.20's
 * lib/apk/db/installed (folders, files, Q1 SHA-1 and old hex MD5
 * checksums, the keys it skips) and on hostile lines, through the print
 * and through callbacks that keep only some files.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "parse/apk.h"
#include "t.h"

/* what the parser reported (t.h) */
static struct t_errs errs;

static const char apk[] =
    "C:Q1jhS0hKtJAzAE3IftIhYT0G9p7uU=\n"
    "P:busybox\n"
    "V:1.36.1-r29\n"
    "A:x86_64\n"
    "T:Size optimized toolbox of many common UNIX utilities\n"
    "p:/bin/sh cmd:busybox=1.36.1-r29\n"
    "F:bin\n"
    "R:busybox\n"
    "a:0:0:755\n"
    "Z:Q1qZk+NkcGgWq6PiVxeFDCbJzQ2J0=\n"
    "R:sh\n"
    "Z:Q1FnlWM+LBVDBko61wrDunHT1Ymzs=\n"
    "F:etc\n"
    "M:0:0:755\n"
    "Z:Q1FnlWM+LBVDBko61wrDunHT1Ymzs=\n"	/* a folder's: skipped */
    "F:etc/securetty\n"
    "\n"
    "P:bbsuid\n"
    "F:bin\n"
    "R:bbsuid\n"
    "Z:Q1badbase64!!\n"
    "R:plain\n"
    "Z:0cc175b9c0f1b6a831c399e269772661\n"
    "F:\n"
    "R:top\n"
    "\n"
    "R:orphan\n"			/* before any P: */
    "P:bad/name\n"
    "R:after-bad\n"
    "P:ok\n"
    "R:a/b\n"
    "R:\n"
    "x\n"
    "R:nul\0\n";

static void
test_print(void)
{
	char *out = apk_installed_print(apk, sizeof apk - 1);

	T_EQ_STR(out,
	    "P busybox\n"
	    "V 1.36.1-r29\n"
	    "R /bin/busybox\n"
	    "Z sha1\n"
	    "R /bin/sh\n"
	    "Z sha1\n"
	    "P bbsuid\n"
	    "R /bin/bbsuid\n"
	    "Z bad\n"
	    "R /bin/plain\n"
	    "Z md5\n"
	    "R /top\n"
	    "P ok\n");
	free(out);
}

/* keep only files under /bin whose name starts with 'b' */
struct keep {
	char		 files[256];
	unsigned	 sums;
	const char	*pkg;
};

static void
k_package(void *fctx, const char *name)
{
	struct keep *k = fctx;

	k->pkg = strcmp(name, "busybox") == 0 ? "busybox" : "other";
}

static int
k_file(void *fctx, const char *path)
{
	struct keep *k = fctx;

	if (strncmp(path, "/bin/b", 6) != 0)
		return 0;
	strcat(k->files, path);
	strcat(k->files, ";");
	return 1;
}

static int
k_csum(void *fctx, const char *v, size_t n)
{
	struct keep *k = fctx;
	unsigned char d[20];

	k->sums++;
	return apk_csum_decode(v, n, d) == -1 ? -1 : 0;
}

static void
test_callbacks(void)
{
	static const struct apk_ops ops = { k_package, k_file, k_csum, NULL };
	struct keep k;

	memset(&k, 0, sizeof k);
	memset(&errs, 0, sizeof errs);
	T_EQ_INT(apk_installed_parse(apk, sizeof apk - 1, &ops, &k,
	    t_on_err, &errs), 2);
	T_EQ_STR(k.files, "/bin/busybox;/bin/bbsuid;");
	/* only the Z after a kept file */
	T_EQ_INT(k.sums, 2);
	/* bad checksum (21), orphan R (27), bad P (28), R after it (29),
	 * "a/b" (31), empty R (32), "x" (33), NUL (34) */
	T_EQ_INT(errs.n, 8);
	T_EQ_INT(errs.line[0], 21);
	T_EQ_INT(errs.line[1], 27);
	T_EQ_INT(errs.line[2], 28);
	T_EQ_INT(errs.line[3], 29);
	T_EQ_INT(errs.line[7], 34);
}

static void
test_csum(void)
{
	unsigned char d[20];

	T_EQ_INT(apk_csum_decode("Q1qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", 30, d),
	    APK_CSUM_SHA1);
	T_EQ_INT(d[0], 0xa9);
	T_EQ_INT(apk_csum_decode("0cc175b9c0f1b6a831c399e269772661", 32, d),
	    APK_CSUM_MD5);
	T_EQ_INT(d[0], 0x0c);
	T_EQ_INT(d[15], 0x61);
	T_EQ_INT(apk_csum_decode("Q1", 2, d), -1);
	T_EQ_INT(apk_csum_decode("0cc175b9c0f1b6a831c399e26977266", 31, d),
	    -1);
	T_EQ_INT(apk_csum_decode("0cc175b9c0f1b6a831c399e26977266g", 32, d),
	    -1);
	T_EQ_INT(apk_csum_decode("", 0, d), -1);
}

int
main(void)
{
	test_print();
	test_callbacks();
	test_csum();
	T_DONE();
}
