/*
 * digest.h: MD5 (RFC 1321), SHA-1 and SHA-256 (FIPS 180-4), to compare a
 * file's content with the checksum its package recorded (dpkg's md5sums,
 * apk's Q1 SHA-1, rpm's file digests, SHA-256 by default since rpm 4.14)
 * and an image's blobs with the digests that name them (the OCI image
 * spec's descriptors, "sha256:HEX"). MD5 and SHA-1 are never used for
 * anything that needs collision resistance: a package database is only
 * as trusted as the root that wrote it. No library privmap links (jansson, libcap, libacl, libblkid,
 * libaudit, libauparse, libarchive) exports a digest API (libarchive keeps
 * its own private), hence these two small implementations, checked
 * against the standards' test vectors in tests/unit/digest-test.c.
 */
#ifndef PRIVMAP_DIGEST_H
#define PRIVMAP_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define MD5_LEN		16
#define SHA1_LEN	20
#define SHA256_LEN	32

struct md5 {
	uint32_t	h[4];
	uint64_t	n;		/* bytes hashed */
	unsigned char	buf[64];
};

struct sha1 {
	uint32_t	h[5];
	uint64_t	n;
	unsigned char	buf[64];
};

struct sha256 {
	uint32_t	h[8];
	uint64_t	n;
	unsigned char	buf[64];
};

void	md5_init(struct md5 *);
void	md5_update(struct md5 *, const void *, size_t);
void	md5_final(struct md5 *, unsigned char out[MD5_LEN]);

void	sha1_init(struct sha1 *);
void	sha1_update(struct sha1 *, const void *, size_t);
void	sha1_final(struct sha1 *, unsigned char out[SHA1_LEN]);

void	sha256_init(struct sha256 *);
void	sha256_update(struct sha256 *, const void *, size_t);
void	sha256_final(struct sha256 *, unsigned char out[SHA256_LEN]);

/* SHA-256 uses the processor's SHA instructions when it has them (x86-64:
 * an image's layers are hashed whole, at several times the speed): on 0
 * turns that off, 1 (the default) on again, for tests that compare the
 * two. 1 if the instructions are in use. */
int	sha256_accel(int on);

/* One-shot helpers. */
void	md5_buf(const void *, size_t, unsigned char out[MD5_LEN]);
void	sha1_buf(const void *, size_t, unsigned char out[SHA1_LEN]);
void	sha256_buf(const void *, size_t, unsigned char out[SHA256_LEN]);

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void	digest_hex(const unsigned char *, size_t n, char *out);
/* Decode exactly n bytes of hex (either case) from s (2n chars, nothing
 * more); 0 or -1. */
int	digest_unhex(const char *s, size_t slen, unsigned char *out, size_t n);
/* Decode standard base64 (RFC 4648 section 4; the '=' padding may be
 * given or left out) that holds exactly n bytes; 0, or -1 for any other
 * length, a character outside the alphabet, or non-zero spare bits. */
int	digest_unbase64(const char *s, size_t slen, unsigned char *out,
	    size_t n);

#endif
