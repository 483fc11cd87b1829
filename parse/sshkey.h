/*
 * sshkey.h: the public halves of SSH keys, from untrusted text: the
 * public key blob an openssh-key-v1 private key file holds in clear (and
 * the name of the cipher its private part is sealed with), a KEY.pub
 * line, and the lines of an authorized_keys file with their options.
 * The parsers take a buffer; they never read a file, and never decode,
 * keep or print the private part of a key.
 */
#ifndef PRIVMAP_PARSE_SSHKEY_H
#define PRIVMAP_PARSE_SSHKEY_H

#include <stddef.h>
#include <stdint.h>

#include "parse/err.h"

/* a public key blob longer than this is no key privmap compares (an RSA
 * key of 16384 bits, OpenSSH's largest, takes about 2 KB; a certificate
 * with many principals a few KB) */
#define SSHKEY_MAX_BLOB		16384
/* a key file longer than this is not a key: OpenSSH's authfile.c read
 * at most MAX_KEY_FILE_SIZE (1 MB) of one until 2024 (a key is a few KB:
 * an RSA key of 16384 bits under 13 KB) */
#define SSHKEY_MAX_FILE		(1u << 20)
/* the longest key type, cipher or kdf name kept */
#define SSHKEY_MAX_NAME		64
/* key lines kept from one authorized_keys file; more are a hostile file */
#define SSHKEY_MAX_LINES	100000
/* an option value is cut at this many bytes (the value is shown) */
#define SSHKEY_MAX_OPTVAL	1024

/* a public key: its wire-format blob (RFC 4253 section 6.6) and the key
 * type the blob names first */
struct sshkey_blob {
	unsigned char	*data;		/* NULL: none */
	size_t		 len;
	char		 type[SSHKEY_MAX_NAME + 1];
};

/* what an openssh-key-v1 file says in clear */
struct sshkey_private {
	struct sshkey_blob pub;		/* the (only) key's public blob */
	char		 cipher[SSHKEY_MAX_NAME + 1];	/* "none": no
							 * passphrase */
	char		 kdf[SSHKEY_MAX_NAME + 1];
};

/*
 * The clear part of an OpenSSH private key file (OpenSSH PROTOCOL.key):
 * the file starts "-----BEGIN OPENSSH PRIVATE KEY-----" and a newline,
 * base64 lines follow up to a line "-----END OPENSSH PRIVATE KEY-----";
 * decoded, "openssh-key-v1" and a NUL, then strings (a 32-bit big-endian
 * length, then the bytes) cipher name, kdf name, kdf options, a 32-bit
 * number of keys (OpenSSH loads a file of exactly one), that many public
 * key blobs, then the private part. Every length is checked against what
 * is left. 0 and *k filled; -1 (with a static *why) for any other text,
 * which may still be a key of another format (PEM, PuTTY).
 */
int	sshkey_private_parse(const char *buf, size_t len,
	    struct sshkey_private *k, const char **why);
void	sshkey_private_free(struct sshkey_private *);
/* "cipher C kdf K type T blob B64" (allocated) */
char	*sshkey_private_print(const struct sshkey_private *);

/*
 * A public key as a KEY.pub file or an authorized_keys line writes it
 * (sshd(8) AUTHORIZED_KEYS FILE FORMAT): the key type, blanks, the
 * base64 blob, then an optional comment; the blob must decode and name
 * the type written. The first line of buf that is neither blank nor a
 * '#' comment. 0 and *b filled (free with sshkey_blob_free), or -1.
 */
int	sshkey_pub_parse(const char *buf, size_t len, struct sshkey_blob *b);
void	sshkey_blob_free(struct sshkey_blob *);
/* 1 when a and b hold the same key (the same blob), else 0 */
int	sshkey_blob_equal(const struct sshkey_blob *a,
	    const struct sshkey_blob *b);
/* the blob in base64 (allocated) */
char	*sshkey_blob_base64(const struct sshkey_blob *);

/* one key line of an authorized_keys file */
struct sshkey_authline {
	unsigned	 line;
	struct sshkey_blob key;
	/* the options before the key, as sshd(8) names them */
	int		 cert_authority;	/* not a key: a CA */
	int		 restrict_;		/* "restrict" */
	char		*command;	/* command="...", dequoted, or NULL */
	char		*from;		/* from="pattern-list", or NULL */
	char		*expiry;	/* expiry-time="timespec" (the
					 * earliest), or NULL */
	char		*principals;	/* principals="...", or NULL */
	/* the first option sshd(8) does not document (NULL: none): sshd
	 * refuses the line, but privmap cannot tell what version reads it */
	char		*unknown;
	/* a value that is not in double quotes or whose quote never ends:
	 * sshd refuses the line */
	int		 bad_options;
};

struct sshkey_authfile {
	struct sshkey_authline *v;
	size_t		 n;
};

/*
 * The key lines of an authorized_keys file (sshd(8) AUTHORIZED_KEYS FILE
 * FORMAT; sshd's auth2-pubkeyfile.c reads a line as a key first, and
 * only when that fails as options then a key): blank lines and lines
 * whose first non-blank is '#' are comments; options are comma-separated
 * up to the first blank outside double quotes, a value in double quotes
 * with \" for a quote inside. A line with no key that decodes is
 * skipped silently, as sshd skips it; a line holding a NUL, a line longer
 * than MAX_LINE and the lines after SSHKEY_MAX_LINES keys go to err (may
 * be NULL). Returns the number of key lines kept.
 */
size_t	sshkey_authfile_parse(const char *buf, size_t len,
	    struct sshkey_authfile *, parse_err_fn err, void *ctx);
void	sshkey_authfile_free(struct sshkey_authfile *);
/* one "LINE [options...] TYPE B64" line per key line (allocated) */
char	*sshkey_authfile_print(const struct sshkey_authfile *);

/*
 * Does from="patterns" (sshd(8): a comma-separated list of address or
 * host name patterns with '*' and '?', CIDR masks, '!' negating; a
 * negated match refuses) admit a connection from addr, a numeric IPv4
 * or IPv6 address, with UseDNS off (sshd_config(5)'s default: the host
 * name is the address)? 1 yes, 0 no; *by_name is set when the list
 * would admit the host name "localhost" (with UseDNS on) though not
 * the address itself. -1 for a list sshd takes as an error (an empty
 * entry, a mask longer than the address or with bits set past it),
 * which refuses the key.
 */
int	sshkey_from_admits(const char *patterns, const char *addr,
	    int *by_name);

/*
 * expiry-time="timespec" (sshd(8)): YYYYMMDD, YYYYMMDDHHMM or
 * YYYYMMDDHHMMSS, a trailing 'Z' or "UTC" for UTC, else the server's
 * local time (OpenSSH misc.c parse_absolute_time).
 * 0 and *t the time read as UTC (seconds since the epoch), *utc 1 when
 * it said so; -1 for any other text.
 */
int	sshkey_expiry_parse(const char *s, int64_t *t, int *utc);

#endif
