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

static void
sha256_block(struct sha256 *c, const unsigned char *p)
{
	uint32_t w[64], v[8], t1, t2;
	unsigned i;

	/* FIPS 180-4 section 6.2.2: the schedule (section 4.1.2's sigmas),
	 * then 64 rounds over the working variables a..h (v[0]..v[7]) */
	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[i * 4] << 24 | (uint32_t)p[i * 4 + 1] << 16 |
		    (uint32_t)p[i * 4 + 2] << 8 | (uint32_t)p[i * 4 + 3];
	for (i = 16; i < 64; i++)
		w[i] = (ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
		    (w[i - 2] >> 10)) + w[i - 7] + (ror32(w[i - 15], 7) ^
		    ror32(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 16];
	memcpy(v, c->h, sizeof v);
	for (i = 0; i < 64; i++) {
		t1 = v[7] + (ror32(v[4], 6) ^ ror32(v[4], 11) ^
		    ror32(v[4], 25)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) +
		    sha256_k[i] + w[i];
		t2 = (ror32(v[0], 2) ^ ror32(v[0], 13) ^ ror32(v[0], 22)) +
		    ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof *v);
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		c->h[i] += v[i];
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
		sha256_block(c, c->buf);
	}
	for (; len >= 64; p += 64, len -= 64)
		sha256_block(c, p);
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
