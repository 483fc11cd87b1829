/*
 * digest-test.c: MD5 against RFC 1321's appendix A.5 test suite, SHA-1
 * against FIPS 180-4's examples (the NIST "SHA1.pdf" example values) and
 * the million-'a' vector, split updates against one-shot, and the hex
 * and base64 decoders on good and malformed input.
 */
#include <stdint.h>

#include "lib/digest.h"
#include "tests/unit/t.h"

static const char *
md5_of(const char *s)
{
	static char hex[MD5_LEN * 2 + 1];
	unsigned char d[MD5_LEN];

	md5_buf(s, strlen(s), d);
	digest_hex(d, MD5_LEN, hex);
	return hex;
}

static const char *
sha1_of(const char *s)
{
	static char hex[SHA1_LEN * 2 + 1];
	unsigned char d[SHA1_LEN];

	sha1_buf(s, strlen(s), d);
	digest_hex(d, SHA1_LEN, hex);
	return hex;
}

static void
test_md5_rfc1321(void)
{
	/* RFC 1321, A.5 "Test suite" */
	T_EQ_STR(md5_of(""), "d41d8cd98f00b204e9800998ecf8427e");
	T_EQ_STR(md5_of("a"), "0cc175b9c0f1b6a831c399e269772661");
	T_EQ_STR(md5_of("abc"), "900150983cd24fb0d6963f7d28e17f72");
	T_EQ_STR(md5_of("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
	T_EQ_STR(md5_of("abcdefghijklmnopqrstuvwxyz"),
	    "c3fcd3d76192e4007dfb496cca67e13b");
	T_EQ_STR(md5_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789"), "d174ab98d277d9f5a5611c2c9f419d9f");
	T_EQ_STR(md5_of("1234567890123456789012345678901234567890123456789012"
	    "3456789012345678901234567890"),
	    "57edf4a22be3c955ac49da2e2107b67a");
}

static void
test_sha1_fips(void)
{
	char *m;
	struct sha1 c;
	unsigned char d[SHA1_LEN];
	char hex[SHA1_LEN * 2 + 1];
	int i;

	/* FIPS 180-4 examples (NIST CSRC "Examples with Intermediate
	 * Values", SHA1.pdf and SHA1_2.pdf; also FIPS 180-1 appendices) */
	T_EQ_STR(sha1_of("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
	T_EQ_STR(sha1_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnop"
	    "nopq"), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	T_EQ_STR(sha1_of(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	/* one million 'a', FIPS 180-1 appendix C */
	m = malloc(1000);
	memset(m, 'a', 1000);
	sha1_init(&c);
	for (i = 0; i < 1000; i++)
		sha1_update(&c, m, 1000);
	sha1_final(&c, d);
	digest_hex(d, SHA1_LEN, hex);
	T_EQ_STR(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(m);
}

/* FIPS 180-4's SHA-256 examples (NIST "SHA256.pdf", "SHA2_Additional"),
 * and a split update equal to one buffer */
static void
test_sha256(void)
{
	unsigned char d[SHA256_LEN], e[SHA256_LEN], buf[300];
	char hex[SHA256_LEN * 2 + 1];
	struct sha256 c;
	unsigned char *m = malloc(1000);
	size_t i, cut;
	int bad = 0;

	sha256_buf("abc", 3, d);
	digest_hex(d, SHA256_LEN, hex);
	T_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	sha256_buf("", 0, d);
	digest_hex(d, SHA256_LEN, hex);
	T_EQ_STR(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	sha256_buf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, d);
	digest_hex(d, SHA256_LEN, hex);
	T_EQ_STR(hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
	/* one million 'a' */
	memset(m, 'a', 1000);
	sha256_init(&c);
	for (i = 0; i < 1000; i++)
		sha256_update(&c, m, 1000);
	sha256_final(&c, d);
	digest_hex(d, SHA256_LEN, hex);
	T_EQ_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	free(m);
	for (i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 7 + 3);
	for (cut = 0; cut <= sizeof buf; cut++) {
		size_t len = cut % 131 + 55;

		sha256_buf(buf, len, d);
		sha256_init(&c);
		sha256_update(&c, buf, cut % (len + 1));
		sha256_update(&c, buf + cut % (len + 1), len - cut % (len + 1));
		sha256_final(&c, e);
		if (memcmp(d, e, sizeof d))
			bad++;
	}
	T_EQ_INT(bad, 0);
}

/* The processor's SHA instructions and the portable code agree, on the
 * vectors and on a long buffer in pieces of every size. */
static void
test_sha256_accel(void)
{
	unsigned char *m = malloc(100000), a[SHA256_LEN], b[SHA256_LEN];
	struct sha256 c;
	uint32_t x = 12345;
	size_t i, off, step;
	int accel = sha256_accel(1);

	for (i = 0; i < 100000; i++) {
		x = x * 1103515245u + 12345u;
		m[i] = (unsigned char)(x >> 16);
	}
	for (step = 1; step < 100000; step = step * 3 + 7) {
		sha256_accel(1);
		sha256_init(&c);
		for (off = 0; off < 100000; off += step)
			sha256_update(&c, m + off, off + step > 100000 ?
			    100000 - off : step);
		sha256_final(&c, a);
		sha256_accel(0);
		sha256_buf(m, 100000, b);
		T_EQ_INT(memcmp(a, b, sizeof a), 0);
	}
	/* the vectors again on the portable code */
	test_sha256();
	sha256_accel(1);
	fprintf(stderr, "digest-test: SHA instructions %s\n", accel ? "in use" : "absent");
	free(m);
}

/* Every split of a buffer crossing block edges hashes as one piece. */
static void
test_split_updates(void)
{
	unsigned char buf[300], one[SHA1_LEN], two[SHA1_LEN];
	unsigned char m1[MD5_LEN], m2[MD5_LEN];
	size_t i, cut;
	int bad = 0;

	for (i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 7 + 3);
	for (cut = 0; cut <= sizeof buf; cut++) {
		struct sha1 s;
		struct md5 m;
		size_t len = cut % 131 + 55;	/* lengths around 56 and 64 */

		if (len > sizeof buf)
			len = sizeof buf;
		sha1_buf(buf, len, one);
		sha1_init(&s);
		sha1_update(&s, buf, cut % (len + 1));
		sha1_update(&s, buf + cut % (len + 1), len - cut % (len + 1));
		sha1_final(&s, two);
		md5_buf(buf, len, m1);
		md5_init(&m);
		md5_update(&m, buf, cut % (len + 1));
		md5_update(&m, buf + cut % (len + 1), len - cut % (len + 1));
		md5_final(&m, m2);
		if (memcmp(one, two, sizeof one) || memcmp(m1, m2, sizeof m1))
			bad++;
	}
	T_EQ_INT(bad, 0);
}

static void
test_decoders(void)
{
	unsigned char out[SHA1_LEN], want[SHA1_LEN];
	char hex[SHA1_LEN * 2 + 1];

	T_EQ_INT(digest_unhex("00ff10Ab", 8, out, 4), 0);
	T_EQ_INT(out[1], 0xff);
	T_EQ_INT(out[3], 0xab);
	T_EQ_INT(digest_unhex("00ff10A", 7, out, 4), -1);
	T_EQ_INT(digest_unhex("00ff10Ag", 8, out, 4), -1);
	T_EQ_INT(digest_unhex("00ff10ab00", 10, out, 4), -1);

	/* apk's Q1 form: base64 of the 20 SHA-1 bytes; sha1("abc") */
	T_EQ_INT(digest_unbase64("qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", 28, out, 20),
	    0);
	digest_hex(out, SHA1_LEN, hex);
	T_EQ_STR(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	/* without the padding */
	T_EQ_INT(digest_unbase64("qZk+NkcGgWq6PiVxeFDCbJzQ2J0", 27, want, 20),
	    0);
	T_OK(memcmp(out, want, 20) == 0);
	/* wrong length, bad character, non-zero spare bits, extra '=' */
	T_EQ_INT(digest_unbase64("qZk+NkcGgWq6PiVxeFDCbJzQ2J", 26, out, 20),
	    -1);
	T_EQ_INT(digest_unbase64("qZk+NkcGgWq6PiVxeFDCbJzQ2J!=", 28, out, 20),
	    -1);
	T_EQ_INT(digest_unbase64("qZk+NkcGgWq6PiVxeFDCbJzQ2J1=", 28, out, 20),
	    -1);
	T_EQ_INT(digest_unbase64("qZk+NkcGgWq6PiVxeFDCbJzQ2J0==", 29, out,
	    20), -1);
	T_EQ_INT(digest_unbase64("", 0, out, 0), 0);
	T_EQ_INT(digest_unbase64("TWFu", 4, out, 3), 0);
	T_OK(memcmp(out, "Man", 3) == 0);
}

int
main(void)
{
	test_md5_rfc1321();
	test_sha1_fips();
	test_split_updates();
	test_sha256();
	test_sha256_accel();
	test_decoders();
	T_DONE();
}
