/*
 * digest.c: MD5 per RFC 1321 and SHA-1 per FIPS 180-4 (see digest.h for
 * why privmap carries its own). Plain portable C, byte order handled
 * explicitly; nothing here reads a file.
 */
#include <string.h>

#include "lib/digest.h"
#include "lib/num.h"

static uint32_t
rol32(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

/* RFC 1321 section 3.4: T[i] = floor(4294967296 * abs(sin(i))), i 1..64 */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* the per-round shift amounts of RFC 1321 section 3.4 */
static const unsigned char md5_s[4][4] = {
	{ 7, 12, 17, 22 }, { 5, 9, 14, 20 }, { 4, 11, 16, 23 }, { 6, 10, 15, 21 },
};

static void
md5_block(struct md5 *c, const unsigned char *p)
{
	uint32_t x[16], a, b, d, e, f, t;
	unsigned i, g;

	for (i = 0; i < 16; i++)
		x[i] = (uint32_t)p[i * 4] | (uint32_t)p[i * 4 + 1] << 8 |
		    (uint32_t)p[i * 4 + 2] << 16 | (uint32_t)p[i * 4 + 3] << 24;
	a = c->h[0];
	b = c->h[1];
	d = c->h[2];	/* RFC's C */
	e = c->h[3];	/* RFC's D */
	for (i = 0; i < 64; i++) {
		switch (i / 16) {
		case 0:
			f = (b & d) | (~b & e);
			g = i;
			break;
		case 1:
			f = (b & e) | (d & ~e);
			g = (5 * i + 1) % 16;
			break;
		case 2:
			f = b ^ d ^ e;
			g = (3 * i + 5) % 16;
			break;
		default:
			f = d ^ (b | ~e);
			g = (7 * i) % 16;
			break;
		}
		t = e;
		e = d;
		d = b;
		b = b + rol32(a + f + md5_t[i] + x[g], md5_s[i / 16][i % 4]);
		a = t;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += d;
	c->h[3] += e;
}

void
md5_init(struct md5 *c)
{
	memset(c, 0, sizeof *c);
	c->h[0] = 0x67452301;
	c->h[1] = 0xefcdab89;
	c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476;
}

void
md5_update(struct md5 *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t have = (size_t)(c->n % 64), take;

	c->n += len;
	if (have) {
		take = 64 - have < len ? 64 - have : len;
		memcpy(c->buf + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		md5_block(c, c->buf);
	}
	for (; len >= 64; p += 64, len -= 64)
		md5_block(c, p);
	memcpy(c->buf, p, len);
}

void
md5_final(struct md5 *c, unsigned char out[MD5_LEN])
{
	uint64_t bits = c->n * 8;
	unsigned char pad[72];
	size_t have = (size_t)(c->n % 64), np, i;

	/* RFC 1321 sections 3.1 and 3.2: a one bit, zeros to 56 mod 64,
	 * then the length in bits, low-order byte first */
	np = have < 56 ? 56 - have : 120 - have;
	memset(pad, 0, sizeof pad);
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[np + i] = (unsigned char)(bits >> (8 * i));
	md5_update(c, pad, np + 8);
	for (i = 0; i < 4; i++) {
		out[i * 4] = (unsigned char)c->h[i];
		out[i * 4 + 1] = (unsigned char)(c->h[i] >> 8);
		out[i * 4 + 2] = (unsigned char)(c->h[i] >> 16);
		out[i * 4 + 3] = (unsigned char)(c->h[i] >> 24);
	}
	memset(c, 0, sizeof *c);
}

static void
sha1_block(struct sha1 *c, const unsigned char *p)
{
	uint32_t w[80], a, b, d, e, g, f, k, t;
	unsigned i;

	/* FIPS 180-4 section 6.1.2: the message schedule, big-endian words */
	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[i * 4] << 24 | (uint32_t)p[i * 4 + 1] << 16 |
		    (uint32_t)p[i * 4 + 2] << 8 | (uint32_t)p[i * 4 + 3];
	for (i = 16; i < 80; i++)
		w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = c->h[0];
	b = c->h[1];
	d = c->h[2];	/* FIPS's c */
	e = c->h[3];	/* FIPS's d */
	g = c->h[4];	/* FIPS's e */
	for (i = 0; i < 80; i++) {
		/* section 4.1.1 functions, section 4.2.1 constants */
		if (i < 20) {
			f = (b & d) ^ (~b & e);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ d ^ e;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & d) ^ (b & e) ^ (d & e);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ d ^ e;
			k = 0xca62c1d6;
		}
		t = rol32(a, 5) + f + g + k + w[i];
		g = e;
		e = d;
		d = rol32(b, 30);
		b = a;
		a = t;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += d;
	c->h[3] += e;
	c->h[4] += g;
}

void
sha1_init(struct sha1 *c)
{
	memset(c, 0, sizeof *c);
	c->h[0] = 0x67452301;
	c->h[1] = 0xefcdab89;
	c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476;
	c->h[4] = 0xc3d2e1f0;
}

void
sha1_update(struct sha1 *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t have = (size_t)(c->n % 64), take;

	c->n += len;
	if (have) {
		take = 64 - have < len ? 64 - have : len;
		memcpy(c->buf + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		sha1_block(c, c->buf);
	}
	for (; len >= 64; p += 64, len -= 64)
		sha1_block(c, p);
	memcpy(c->buf, p, len);
}

void
sha1_final(struct sha1 *c, unsigned char out[SHA1_LEN])
{
	uint64_t bits = c->n * 8;
	unsigned char pad[72];
	size_t have = (size_t)(c->n % 64), np, i;

	/* FIPS 180-4 section 5.1.1: as MD5's, but the length big-endian */
	np = have < 56 ? 56 - have : 120 - have;
	memset(pad, 0, sizeof pad);
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[np + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(c, pad, np + 8);
	for (i = 0; i < 5; i++) {
		out[i * 4] = (unsigned char)(c->h[i] >> 24);
		out[i * 4 + 1] = (unsigned char)(c->h[i] >> 16);
		out[i * 4 + 2] = (unsigned char)(c->h[i] >> 8);
		out[i * 4 + 3] = (unsigned char)c->h[i];
	}
	memset(c, 0, sizeof *c);
}

/* FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts
 * of the cube roots of the first 64 primes */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
	0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
	0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
	0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t
ror32(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

/* FIPS 180-4 section 4.1.2's functions */
#define S256_BSIG0(x)	(ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22))
#define S256_BSIG1(x)	(ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25))
#define S256_SSIG0(x)	(ror32(x, 7) ^ ror32(x, 18) ^ ((x) >> 3))
#define S256_SSIG1(x)	(ror32(x, 17) ^ ror32(x, 19) ^ ((x) >> 10))
/* one round of section 6.2.2 step 3 over the working variables named in
 * their turn: the eight rotate through the macro's arguments instead of
 * being moved, the schedule kept as a ring of 16 words */
#define S256_ROUND(a, b, c, d, e, f, g, h, i) do {			\
	uint32_t t1_ = (h) + S256_BSIG1(e) + (((e) & (f)) ^ (~(e) & (g))) +\
	    sha256_k[i] + w[(i) & 15];					\
	(d) += t1_;							\
	(h) = t1_ + S256_BSIG0(a) + (((a) & (b)) ^ ((a) & (c)) ^	\
	    ((b) & (c)));						\
} while (0)

static void
sha256_blocks_c(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	uint32_t w[16], a, b, c, d, e, f, g, hh;
	unsigned i;

	for (; nblocks > 0; nblocks--, p += 64) {
		for (i = 0; i < 16; i++)
			w[i] = (uint32_t)p[i * 4] << 24 |
			    (uint32_t)p[i * 4 + 1] << 16 |
			    (uint32_t)p[i * 4 + 2] << 8 | (uint32_t)p[i * 4 + 3];
		a = h[0]; b = h[1]; c = h[2]; d = h[3];
		e = h[4]; f = h[5]; g = h[6]; hh = h[7];
		for (i = 0; i < 64; i += 8) {
			if (i >= 16) {
				unsigned j;

				/* section 6.2.2 step 1, eight words ahead */
				for (j = i; j < i + 8; j++)
					w[j & 15] += S256_SSIG1(w[(j - 2) & 15]) +
					    w[(j - 7) & 15] +
					    S256_SSIG0(w[(j - 15) & 15]);
			}
			S256_ROUND(a, b, c, d, e, f, g, hh, i);
			S256_ROUND(hh, a, b, c, d, e, f, g, i + 1);
			S256_ROUND(g, hh, a, b, c, d, e, f, i + 2);
			S256_ROUND(f, g, hh, a, b, c, d, e, i + 3);
			S256_ROUND(e, f, g, hh, a, b, c, d, i + 4);
			S256_ROUND(d, e, f, g, hh, a, b, c, i + 5);
			S256_ROUND(c, d, e, f, g, hh, a, b, i + 6);
			S256_ROUND(b, c, d, e, f, g, hh, a, i + 7);
		}
		h[0] += a; h[1] += b; h[2] += c; h[3] += d;
		h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
	}
}

#if defined(__x86_64__) && defined(__GNUC__)
/*
 * The same with the x86 SHA extensions (Intel's SHA Extensions
 * reference, 2013: SHA256RNDS2 does two rounds on the state held as ABEF
 * and CDGH, SHA256MSG1/MSG2 the two halves of the message schedule),
 * when the processor has them (CPUID leaf 7, EBX bit 29, with SSSE3 and
 * SSE4.1 for the byte shuffles and blends around them).
 */
#include <cpuid.h>
#include <immintrin.h>

__attribute__((target("sha,ssse3,sse4.1")))
static void
sha256_blocks_ni(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	/* each 32-bit word of the message is big-endian */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i abef, cdgh, t, w[4], m, abef0, cdgh0;
	unsigned i;

	/* h[0..3] = a b c d, h[4..7] = e f g h, into ABEF and CDGH (high
	 * lane first: ABEF holds a in its lane 3, f in its lane 0) */
	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xb1);
	cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]),
	    0x1b);
	abef = _mm_alignr_epi8(t, cdgh, 8);
	cdgh = _mm_blend_epi16(cdgh, t, 0xf0);
	for (; nblocks > 0; nblocks--, p += 64) {
		abef0 = abef;
		cdgh0 = cdgh;
		for (i = 0; i < 16; i++) {
			__m128i *wi = &w[i & 3];

			if (i < 4)
				*wi = _mm_shuffle_epi8(_mm_loadu_si128(
				    (const __m128i *)(p + 16 * i)), bswap);
			else
				/* W[t-16] + s0(W[t-15]), + W[t-7], then
				 * s1(W[t-2]) over words 4i..4i+3 */
				*wi = _mm_sha256msg2_epu32(_mm_add_epi32(
				    _mm_sha256msg1_epu32(*wi, w[(i + 1) & 3]),
				    _mm_alignr_epi8(w[(i + 3) & 3],
				    w[(i + 2) & 3], 4)), w[(i + 3) & 3]);
			m = _mm_add_epi32(*wi, _mm_loadu_si128(
			    (const __m128i *)&sha256_k[4 * i]));
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);
			abef = _mm_sha256rnds2_epu32(abef, cdgh,
			    _mm_shuffle_epi32(m, 0x0e));
		}
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}
	t = _mm_shuffle_epi32(abef, 0x1b);
	cdgh = _mm_shuffle_epi32(cdgh, 0xb1);
	_mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(t, cdgh, 0xf0));
	_mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(cdgh, t, 8));
}

/* 0: not asked yet, 1: no, 2: yes */
static int sha_ni_known;
/* 1: sha256_accel(0) was called */
static int sha_ni_off;

/* 1 when this processor has the SHA extensions and what goes with them
 * (asked once; every thread gets the same answer) */
static int
have_sha_ni(void)
{
	unsigned a, b, c, d;
	int v = __atomic_load_n(&sha_ni_known, __ATOMIC_RELAXED);

	if (v == 0) {
		v = 1;
		if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3) &&
		    (c & bit_SSE4_1) && __get_cpuid_count(7, 0, &a, &b, &c,
		    &d) && (b & bit_SHA))
			v = 2;
		__atomic_store_n(&sha_ni_known, v, __ATOMIC_RELAXED);
	}
	return v == 2 && !__atomic_load_n(&sha_ni_off, __ATOMIC_RELAXED);
}
#endif

int
sha256_accel(int on)
{
#if defined(__x86_64__) && defined(__GNUC__)
	__atomic_store_n(&sha_ni_off, !on, __ATOMIC_RELAXED);
	return have_sha_ni();
#else
	(void)on;
	return 0;
#endif
}

static void
sha256_blocks(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (have_sha_ni()) {
		sha256_blocks_ni(h, p, nblocks);
		return;
	}
#endif
	sha256_blocks_c(h, p, nblocks);
}

void
sha256_init(struct sha256 *c)
{
	/* section 5.3.3: the square roots of the first 8 primes */
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memset(c, 0, sizeof *c);
	memcpy(c->h, h0, sizeof h0);
}

void
sha256_update(struct sha256 *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t have = (size_t)(c->n % 64), take;

	c->n += len;
	if (have) {
		take = 64 - have < len ? 64 - have : len;
		memcpy(c->buf + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		sha256_blocks(c->h, c->buf, 1);
	}
	if (len >= 64)
		sha256_blocks(c->h, p, len / 64);
	p += len / 64 * 64;
	len %= 64;
	memcpy(c->buf, p, len);
}

void
sha256_final(struct sha256 *c, unsigned char out[SHA256_LEN])
{
	uint64_t bits = c->n * 8;
	unsigned char pad[72];
	size_t have = (size_t)(c->n % 64), np, i;

	/* section 5.1.1, as SHA-1's */
	np = have < 56 ? 56 - have : 120 - have;
	memset(pad, 0, sizeof pad);
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[np + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(c, pad, np + 8);
	for (i = 0; i < 8; i++) {
		out[i * 4] = (unsigned char)(c->h[i] >> 24);
		out[i * 4 + 1] = (unsigned char)(c->h[i] >> 16);
		out[i * 4 + 2] = (unsigned char)(c->h[i] >> 8);
		out[i * 4 + 3] = (unsigned char)c->h[i];
	}
	memset(c, 0, sizeof *c);
}

void
sha256_buf(const void *p, size_t n, unsigned char out[SHA256_LEN])
{
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, p, n);
	sha256_final(&c, out);
}

void
md5_buf(const void *p, size_t n, unsigned char out[MD5_LEN])
{
	struct md5 c;

	md5_init(&c);
	md5_update(&c, p, n);
	md5_final(&c, out);
}

void
sha1_buf(const void *p, size_t n, unsigned char out[SHA1_LEN])
{
	struct sha1 c;

	sha1_init(&c);
	sha1_update(&c, p, n);
	sha1_final(&c, out);
}

void
digest_hex(const unsigned char *p, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[i * 2] = hex[p[i] >> 4];
		out[i * 2 + 1] = hex[p[i] & 15];
	}
	out[n * 2] = '\0';
}

int
digest_unhex(const char *s, size_t slen, unsigned char *out, size_t n)
{
	size_t i;

	if (slen != n * 2)
		return -1;
	for (i = 0; i < n; i++) {
		int hi = hex_digit(s[i * 2]), lo = hex_digit(s[i * 2 + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static int
b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int
digest_unbase64(const char *s, size_t slen, unsigned char *out, size_t n)
{
	size_t i, o = 0, pad = 0, chars;
	uint32_t acc = 0;
	unsigned bits = 0;

	while (slen && s[slen - 1] == '=' && pad < 2) {
		slen--;
		pad++;
	}
	/* the characters n bytes take, and the padding that completes a
	 * quantum of four (RFC 4648 section 4) */
	chars = (n * 8 + 5) / 6;
	if (slen != chars || (pad && (chars + pad) % 4 != 0))
		return -1;
	for (i = 0; i < slen; i++) {
		int v = b64val(s[i]);

		if (v < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	/* leftover bits must be zero in a canonical encoding */
	if (o != n || acc != 0)
		return -1;
	return 0;
}
