/*
 * sshkey-test.c: parse/sshkey.c on keys ssh-keygen(1) made (test keys
 * generated once for this file, never used anywhere), an encrypted key,
 * KEY.pub lines, authorized_keys lines with the options sshd(8)
 * documents, from= patterns and expiry times, and hostile input:
 * truncated and oversized openssh-key-v1 data, lengths past the end,
 * 2^32 key counts, a file of many megabytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/sshkey.h"
#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

/* ssh-keygen -t ed25519 -N '' -C test@privmap */
static const char plain[] =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACD37JlSam5vpn3DVfIBdyXASyo0LySu8qGJWtUg9n8IjAAAAJDgIjOF4CIz\n"
    "hQAAAAtzc2gtZWQyNTUxOQAAACD37JlSam5vpn3DVfIBdyXASyo0LySu8qGJWtUg9n8IjA\n"
    "AAAEA1cu1r59WzGhdG4l+B2+vmGPK7tmSSLugT8WkgIVK1l/fsmVJqbm+mfcNV8gF3JcBL\n"
    "KjQvJK7yoYla1SD2fwiMAAAADHRlc3RAcHJpdm1hcAE=\n"
    "-----END OPENSSH PRIVATE KEY-----\n";
static const char plain_pub[] =
    "AAAAC3NzaC1lZDI1NTE5AAAAIPfsmVJqbm+mfcNV8gF3JcBLKjQvJK7yoYla"
    "1SD2fwiM";
/* ssh-keygen -t ed25519 -N pass -C enc@privmap */
static const char enc[] =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABCozL8iLL\n"
    "5QLTu2uXKa3EG8AAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAINt6ZER0TbrhoaVW\n"
    "J5nE/OneP0updzVqeHsBxTEFG5E1AAAAkBbFq4cbWZQR2AT3NjueZlo8+mQx+CypoKP1We\n"
    "qP89Terc1S/xY6j5VHcnh27uLODwYP191cMSZzmJcCSZ3eV4kaESsrEtPsNT9+M6NTEjhx\n"
    "wwF5iVXgt7e4vELk6C7pQN7Vx/6cfxljaGTP/igBmGvBRK9gcV7nCFYIhQhkBmrwRXjl0S\n"
    "CHjRgGpGY9I/9+6w==\n"
    "-----END OPENSSH PRIVATE KEY-----\n";
static const char enc_pub[] =
    "AAAAC3NzaC1lZDI1NTE5AAAAINt6ZER0TbrhoaVWJ5nE/OneP0updzVqeHsB"
    "xTEFG5E1";
static const char ec_pub[] =
    "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBNplJy8u"
    "LviBLXEwubJqt4aMbebkNM0qPzswywGvgU7ypH8jL7BYWMHo7G/UdFnIHTKM"
    "h+xWDUdDMdtU+yg66YE=";

static struct t_errs errs;

static char *
priv(const char *s, size_t n)
{
	static char *last;
	struct sshkey_private k;
	const char *why;

	free(last);
	last = NULL;
	if (sshkey_private_parse(s, n, &k, &why) == -1)
		return last = xasprintf("error: %s", why);
	last = sshkey_private_print(&k);
	sshkey_private_free(&k);
	return last;
}

static char *
authf_n(const char *s, size_t n)
{
	static char *last;
	struct sshkey_authfile af;

	free(last);
	memset(&errs, 0, sizeof errs);
	sshkey_authfile_parse(s, n, &af, t_on_err, &errs);
	last = sshkey_authfile_print(&af);
	sshkey_authfile_free(&af);
	return last;
}

static char *
authf(const char *s)
{
	return authf_n(s, strlen(s));
}

static void
test_private(void)
{
	char *w;

	w = xasprintf("cipher \"none\" kdf \"none\" type \"ssh-ed25519\" "
	    "blob %s", plain_pub);
	T_EQ_STR(priv(plain, strlen(plain)), w);
	free(w);
	/* the public part of an encrypted key is in clear */
	w = xasprintf("cipher \"aes256-ctr\" kdf \"bcrypt\" type "
	    "\"ssh-ed25519\" blob %s", enc_pub);
	T_EQ_STR(priv(enc, strlen(enc)), w);
	free(w);
	/* other formats, and no key at all */
	T_EQ_STR(priv("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n", 36),
	    "error: not an openssh-key-v1 private key");
	T_EQ_STR(priv("", 0), "error: not an openssh-key-v1 private key");
	/* CRLF line ends: OpenSSH's begin mark ends in a bare newline */
	w = xstrdup("-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3Blbg==\n"
    "-----END OPENSSH PRIVATE KEY-----\n");
	T_EQ_STR(priv(w, strlen(w)),
	    "error: not an openssh-key-v1 private key");
	free(w);
}

/* an armoured openssh-key-v1 file around raw bytes */
static char *
armour(const unsigned char *raw, size_t n)
{
	struct sshkey_blob b = { (unsigned char *)raw, n, "" };
	char *b64 = sshkey_blob_base64(&b), *s;

	s = xasprintf("-----BEGIN OPENSSH PRIVATE KEY-----\n%s\n"
    "-----END OPENSSH PRIVATE KEY-----\n", b64);
	free(b64);
	return s;
}

static void
put32(struct buf *b, uint32_t v)
{
	buf_addc(b, (char)(v >> 24));
	buf_addc(b, (char)(v >> 16));
	buf_addc(b, (char)(v >> 8));
	buf_addc(b, (char)v);
}

static void
putstr(struct buf *b, const char *s, size_t n)
{
	put32(b, (uint32_t)n);
	buf_add(b, s, n);
}

/* magic, cipher none, kdf none, options "", nkeys, then the rest */
static struct buf
head(uint32_t nkeys)
{
	struct buf b = { 0 };

	buf_add(&b, "openssh-key-v1", 15);
	putstr(&b, "none", 4);
	putstr(&b, "none", 4);
	putstr(&b, "", 0);
	put32(&b, nkeys);
	return b;
}

static void
test_hostile(void)
{
	struct buf b, blob = { 0 };
	char *s;
	size_t i, n;

	putstr(&blob, "ssh-ed25519", 11);
	putstr(&blob, "0123456789abcdef0123456789abcdef", 32);
	/* a well-formed key of our own making */
	b = head(1);
	putstr(&b, blob.data, blob.len);
	putstr(&b, "private", 7);
	s = armour((unsigned char *)b.data, b.len);
	T_OK(strncmp(priv(s, strlen(s)), "cipher \"none\"", 13) == 0);
	free(s);
	/* truncated at every length: an error, never a read past */
	for (n = 0; n < b.len; n++) {
		s = armour((unsigned char *)b.data, n);
		T_OK(strncmp(priv(s, strlen(s)), "error: ", 7) == 0);
		free(s);
	}
	buf_free(&b);
	/* 2^32-1 keys, and none */
	b = head(0xffffffffu);
	putstr(&b, blob.data, blob.len);
	putstr(&b, "private", 7);
	s = armour((unsigned char *)b.data, b.len);
	T_EQ_STR(priv(s, strlen(s)),
	    "error: not one key (OpenSSH loads files of one)");
	free(s);
	buf_free(&b);
	b = head(0);
	s = armour((unsigned char *)b.data, b.len);
	T_OK(strncmp(priv(s, strlen(s)), "error: ", 7) == 0);
	free(s);
	buf_free(&b);
	/* a length past the end, and the largest length there is */
	b = head(1);
	put32(&b, 1000);
	buf_add(&b, blob.data, blob.len);
	s = armour((unsigned char *)b.data, b.len);
	T_EQ_STR(priv(s, strlen(s)),
	    "error: truncated or malformed openssh-key-v1 data");
	free(s);
	buf_free(&b);
	b = head(1);
	put32(&b, 0xffffffffu);
	s = armour((unsigned char *)b.data, b.len);
	T_OK(strncmp(priv(s, strlen(s)), "error: ", 7) == 0);
	free(s);
	buf_free(&b);
	/* a cipher name of 2^31 bytes */
	b = (struct buf){ 0 };
	buf_add(&b, "openssh-key-v1", 15);
	put32(&b, 0x80000000u);
	s = armour((unsigned char *)b.data, b.len);
	T_OK(strncmp(priv(s, strlen(s)), "error: ", 7) == 0);
	free(s);
	buf_free(&b);
	/* no private part after the public key */
	b = head(1);
	putstr(&b, blob.data, blob.len);
	s = armour((unsigned char *)b.data, b.len);
	T_EQ_STR(priv(s, strlen(s)),
	    "error: no private part after the public key");
	free(s);
	buf_free(&b);
	/* no end mark; a file over the bound */
	T_EQ_STR(priv(plain, strlen(plain) - 36), "error: no end mark");
	n = SSHKEY_MAX_FILE + 1;
	s = xmalloc(n);
	memset(s, 'A', n);
	memcpy(s, plain, strlen(plain));
	T_EQ_STR(priv(s, n), "error: longer than a key file can be");
	/* megabytes of base64 inside the marks: bounded, an error */
	n = SSHKEY_MAX_FILE;
	memcpy(s, "-----BEGIN OPENSSH PRIVATE KEY-----\n", 36);
	for (i = 36; i < n - 40; i++)
		s[i] = (i % 71 == 70) ? '\n' : 'A';
	memcpy(s + n - 40, "\n-----END OPENSSH PRIVATE KEY-----\n\n\n\n\n", 40);
	T_EQ_STR(priv(s, n), "error: no openssh-key-v1 magic");
	free(s);
	buf_free(&blob);
}

static void
test_pub(void)
{
	struct sshkey_blob a, b, c;
	struct sshkey_private k;
	const char *why;
	char *line = xasprintf("ssh-ed25519 %s test@privmap\n", plain_pub);
	char *b64;

	T_EQ_INT(sshkey_pub_parse(line, strlen(line), &a), 0);
	T_EQ_STR(a.type, "ssh-ed25519");
	b64 = sshkey_blob_base64(&a);
	T_EQ_STR(b64, plain_pub);
	free(b64);
	T_EQ_INT(sshkey_private_parse(plain, strlen(plain), &k, &why), 0);
	T_OK(sshkey_blob_equal(&a, &k.pub));
	sshkey_private_free(&k);
	free(line);
	/* the other key differs; a comment line first, no comment after */
	line = xasprintf("# mine\n\tssh-ed25519\t%s", enc_pub);
	T_EQ_INT(sshkey_pub_parse(line, strlen(line), &b), 0);
	T_OK(!sshkey_blob_equal(&a, &b));
	free(line);
	line = xasprintf("ecdsa-sha2-nistp256 %s", ec_pub);
	T_EQ_INT(sshkey_pub_parse(line, strlen(line), &c), 0);
	T_EQ_STR(c.type, "ecdsa-sha2-nistp256");
	free(line);
	sshkey_blob_free(&a);
	sshkey_blob_free(&b);
	sshkey_blob_free(&c);
	/* a type the blob does not name; base64 that does not decode */
	line = xasprintf("ssh-rsa %s x", plain_pub);
	T_EQ_INT(sshkey_pub_parse(line, strlen(line), &a), -1);
	free(line);
	line = xstrdup("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFixture"
	    "OnlyNotARealKey0123456789abcdefgh x");
	T_EQ_INT(sshkey_pub_parse(line, strlen(line), &a), -1);
	free(line);
	T_EQ_INT(sshkey_pub_parse("", 0, &a), -1);
	T_EQ_INT(sshkey_pub_parse("ssh-ed25519\n", 12, &a), -1);
}

static void
test_authfile(void)
{
	char *in, *want;

	/* plain, with options, comments and blanks; an option value with
	 * blanks, commas and an escaped quote */
	in = xasprintf(
	    "# keys\n"
	    "\n"
	    "ssh-ed25519 %s test@privmap\n"
	    "command=\"echo \\\"a, b\\\"\",no-pty,from=\"10.0.0.0/8,!10.1.*\" "
	    "ssh-ed25519 %s enc\n"
	    "  restrict,expiry-time=\"20000101\" ssh-ed25519 %s\n"
	    "cert-authority,principals=\"alice\" ecdsa-sha2-nistp256 %s\n"
	    "no-agent-forwarding ssh-ed25519 %s root@build\n"
	    "RESTRICT,PTY ssh-ed25519 %s\n",
	    plain_pub, enc_pub, plain_pub, ec_pub, plain_pub, plain_pub);
	want = xasprintf(
	    "3 \"ssh-ed25519\" %s\n"
	    "4 command=\"echo \\\"a, b\\\"\" from=\"10.0.0.0/8,!10.1.*\" "
	    "\"ssh-ed25519\" %s\n"
	    "5 restrict expiry-time=\"20000101\" \"ssh-ed25519\" %s\n"
	    "6 cert-authority principals=\"alice\" "
	    "\"ecdsa-sha2-nistp256\" %s\n"
	    "7 \"ssh-ed25519\" %s\n"
	    "8 restrict \"ssh-ed25519\" %s\n",
	    plain_pub, enc_pub, plain_pub, ec_pub, plain_pub, plain_pub);
	T_EQ_STR(authf(in), want);
	T_EQ_INT(errs.n, 0);
	free(in);
	free(want);
	/* an option sshd does not document; a value without quotes; an
	 * unterminated quote (no key: skipped); options with no key */
	in = xasprintf(
	    "frobnicate,no-pty ssh-ed25519 %s\n"
	    "command=ls ssh-ed25519 %s\n"
	    "command=\"ls ssh-ed25519 %s\n"
	    "no-pty,\n"
	    "no-pty,,pty ssh-ed25519 %s\n",
	    plain_pub, plain_pub, plain_pub, plain_pub);
	want = xasprintf(
	    "1 unknown=\"frobnicate\" \"ssh-ed25519\" %s\n"
	    "2 bad-options \"ssh-ed25519\" %s\n"
	    "5 bad-options \"ssh-ed25519\" %s\n",
	    plain_pub, plain_pub, plain_pub);
	T_EQ_STR(authf(in), want);
	free(in);
	free(want);
	/* command= twice is an error; expiry-time= twice, the earliest;
	 * one that does not parse, an error; verify-required negated */
	in = xasprintf(
	    "command=\"a\",command=\"b\" ssh-ed25519 %s\n"
	    "expiry-time=\"20300101\",expiry-time=\"20200101Z\" "
	    "ssh-ed25519 %s\n"
	    "expiry-time=\"2020\" ssh-ed25519 %s\n"
	    "no-verify-required,no-touch-required ssh-ed25519 %s\n",
	    plain_pub, plain_pub, plain_pub, plain_pub);
	want = xasprintf(
	    "1 bad-options command=\"a\" \"ssh-ed25519\" %s\n"
	    "2 expiry-time=\"20200101Z\" \"ssh-ed25519\" %s\n"
	    "3 bad-options \"ssh-ed25519\" %s\n"
	    "4 \"ssh-ed25519\" %s\n",
	    plain_pub, plain_pub, plain_pub, plain_pub);
	T_EQ_STR(authf(in), want);
	free(in);
	free(want);
	/* a line holding a NUL is said and skipped */
	T_EQ_STR(authf_n("ssh-ed25519 AAAA\0\n", 18), "");
	T_EQ_INT(errs.n, 1);
}

static void
test_big(void)
{
	struct buf b = { 0 };
	struct sshkey_authfile af;
	char *line = xasprintf("ssh-ed25519 %s k\n", plain_pub);
	size_t i;

	/* 10 MB: a bounded number of keys kept, the rest said once */
	while (b.len < 10u << 20)
		buf_adds(&b, line);
	memset(&errs, 0, sizeof errs);
	T_EQ_INT(sshkey_authfile_parse(b.data, b.len, &af, t_on_err, &errs),
	    SSHKEY_MAX_LINES);
	T_EQ_INT(errs.n, 1);
	sshkey_authfile_free(&af);
	buf_free(&b);
	/* one line of 10 MB: too long, said, skipped */
	for (i = 0; i < 10u << 20; i++)
		buf_addc(&b, 'A');
	buf_adds(&b, "\n");
	buf_adds(&b, line);
	T_EQ_INT(sshkey_authfile_parse(b.data, b.len, &af, t_on_err, &errs),
	    1);
	T_EQ_INT(af.v[0].line, 2);
	sshkey_authfile_free(&af);
	buf_free(&b);
	free(line);
}

static void
test_from(void)
{
	int by;

	T_EQ_INT(sshkey_from_admits("10.0.0.0/8", "127.0.0.1", &by), 0);
	T_EQ_INT(by, 0);
	T_EQ_INT(sshkey_from_admits("10.0.0.0/8,127.0.0.1", "127.0.0.1", &by),
	    1);
	T_EQ_INT(sshkey_from_admits("127.0.0.0/8", "127.0.0.1", &by), 1);
	T_EQ_INT(sshkey_from_admits("127.*", "127.0.0.1", &by), 1);
	T_EQ_INT(sshkey_from_admits("*,!127.0.0.1", "127.0.0.1", &by), 0);
	T_EQ_INT(sshkey_from_admits("::1", "::1", &by), 1);
	T_EQ_INT(sshkey_from_admits("::/0", "::1", &by), 1);
	T_EQ_INT(sshkey_from_admits("::1", "127.0.0.1", &by), 0);
	T_EQ_INT(sshkey_from_admits("LOCALHOST", "127.0.0.1", &by), 0);
	T_EQ_INT(by, 1);
	T_EQ_INT(sshkey_from_admits("*.example.com", "::1", &by), 0);
	T_EQ_INT(by, 0);
	/* errors that refuse the key: a mask too wide, bits set past the
	 * mask, an empty entry */
	T_EQ_INT(sshkey_from_admits("127.0.0.1/33", "127.0.0.1", &by), -1);
	T_EQ_INT(sshkey_from_admits("127.0.0.1/8", "127.0.0.1", &by), -1);
	T_EQ_INT(sshkey_from_admits("10.0.0.0/8,,127.0.0.1", "127.0.0.1",
	    &by), -1);
	T_EQ_INT(sshkey_from_admits("", "127.0.0.1", &by), -1);
	T_EQ_INT(sshkey_from_admits("!", "127.0.0.1", &by), -1);
	/* a mask that is not a number: a wildcard pattern */
	T_EQ_INT(sshkey_from_admits("127.0.0.1/x", "127.0.0.1", &by), 0);
}

static void
test_expiry(void)
{
	int64_t t;
	int utc;

	T_EQ_INT(sshkey_expiry_parse("19700101", &t, &utc), 0);
	T_EQ_INT(t, 0);
	T_EQ_INT(utc, 0);
	T_EQ_INT(sshkey_expiry_parse("20000101Z", &t, &utc), 0);
	T_EQ_INT(t, 946684800);
	T_EQ_INT(utc, 1);
	T_EQ_INT(sshkey_expiry_parse("202612072230", &t, &utc), 0);
	T_EQ_INT(t, 1796682600);
	T_EQ_INT(sshkey_expiry_parse("20261207223015", &t, &utc), 0);
	T_EQ_INT(t, 1796682615);
	T_EQ_INT(sshkey_expiry_parse("20000101UTC", &t, &utc), 0);
	T_EQ_INT(t, 946684800);
	T_EQ_INT(utc, 1);
	T_EQ_INT(sshkey_expiry_parse("Z", &t, &utc), -1);
	T_EQ_INT(sshkey_expiry_parse("2026120", &t, &utc), -1);
	T_EQ_INT(sshkey_expiry_parse("20261307", &t, &utc), -1);
	T_EQ_INT(sshkey_expiry_parse("2026-12-07", &t, &utc), -1);
	T_EQ_INT(sshkey_expiry_parse("", &t, &utc), -1);
}

int
main(void)
{
	test_private();
	test_hostile();
	test_pub();
	test_authfile();
	test_big();
	test_from();
	test_expiry();
	priv("", 0);
	authf("");
	T_DONE();
}
