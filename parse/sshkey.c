/*
 * sshkey.c: the public halves of SSH keys (sshkey.h): an openssh-key-v1
 * file's clear part, KEY.pub lines, authorized_keys lines and their
 * options, from-patterns and expiry times. Takes buffers; never reads a
 * file, and never decodes the private part of a key.
 */
#include <config.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/print.h"
#include "parse/sshkey.h"
#include "lib/buf.h"
#include "lib/digest.h"
#include "lib/lines.h"
#include "lib/xmalloc.h"

/* OpenSSH PROTOCOL.key and sshkey.c (MARK_BEGIN, MARK_END, AUTH_MAGIC):
 * the begin mark includes its newline */
static const char mark_begin[] = "-----BEGIN OPENSSH PRIVATE KEY-----\n";
static const char mark_end[] = "-----END OPENSSH PRIVATE KEY-----";
static const char auth_magic[] = "openssh-key-v1";	/* and its NUL */

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* base64 text (s, n: no blanks) to bytes; NULL if it is not canonical
 * base64 or holds more than max bytes */
static unsigned char *
unbase64(const char *s, size_t n, size_t max, size_t *outlen)
{
	size_t chars = n, bytes;
	unsigned char *out;

	while (chars && s[chars - 1] == '=' && n - chars < 2)
		chars--;
	bytes = chars * 6 / 8;
	if (bytes == 0 || bytes > max)
		return NULL;
	out = xmalloc(bytes);
	if (digest_unbase64(s, n, out, bytes) == -1) {
		free(out);
		return NULL;
	}
	*outlen = bytes;
	return out;
}

/* a reader over a decoded buffer: every length checked against what is
 * left (RFC 4251 section 5: uint32 big-endian, string = uint32 length
 * and that many bytes) */
struct rd {
	const unsigned char	*p;
	size_t			 left;
};

static int
rd_u32(struct rd *r, uint32_t *v)
{
	if (r->left < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	    (uint32_t)r->p[2] << 8 | (uint32_t)r->p[3];
	r->p += 4;
	r->left -= 4;
	return 0;
}

static int
rd_string(struct rd *r, const unsigned char **s, size_t *n)
{
	uint32_t l;

	if (rd_u32(r, &l) == -1 || l > r->left)
		return -1;
	*s = r->p;
	*n = l;
	r->p += l;
	r->left -= l;
	return 0;
}

/* a name (cipher, kdf, key type) of printable ASCII, at most
 * SSHKEY_MAX_NAME bytes, into out */
static int
name_copy(const unsigned char *s, size_t n, char *out)
{
	size_t i;

	if (n == 0 || n > SSHKEY_MAX_NAME)
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* the blob's type: its first string (RFC 4253 section 6.6) */
static int
blob_type(const unsigned char *data, size_t len, char *type)
{
	struct rd r = { data, len };
	const unsigned char *s;
	size_t n;

	if (rd_string(&r, &s, &n) == -1 || r.left == 0)
		return -1;
	return name_copy(s, n, type);
}

int
sshkey_private_parse(const char *buf, size_t len, struct sshkey_private *k,
    const char **why)
{
	size_t bl = sizeof mark_begin - 1, el = sizeof mark_end - 1, i, nb = 0;
	size_t dlen = 0, n;
	char *b64 = NULL;
	unsigned char *dec = NULL;
	const unsigned char *s;
	struct rd r;
	uint32_t nkeys;
	int ret = -1, ended = 0;

	memset(k, 0, sizeof *k);
	*why = "not an openssh-key-v1 private key";
	if (len > SSHKEY_MAX_FILE) {
		*why = "longer than a key file can be";
		goto out;
	}
	if (len < bl + el || memcmp(buf, mark_begin, bl) != 0)
		goto out;
	/* the base64 up to a line that is the end mark, blanks and line
	 * ends left out (OpenSSH's private2_uudecode) */
	b64 = xmalloc(len);
	for (i = bl; i < len; i++) {
		char c = buf[i];

		if (c == '\n' && len - i - 1 >= el &&
		    memcmp(buf + i + 1, mark_end, el) == 0) {
			ended = 1;
			break;
		}
		if (c == '\n' || c == '\r' || blank(c))
			continue;
		b64[nb++] = c;
	}
	*why = "no end mark";
	if (!ended)
		goto out;
	*why = "not base64";
	if ((dec = unbase64(b64, nb, len, &dlen)) == NULL)
		goto out;
	*why = "truncated or malformed openssh-key-v1 data";
	if (dlen < sizeof auth_magic ||
	    memcmp(dec, auth_magic, sizeof auth_magic) != 0) {
		*why = "no openssh-key-v1 magic";
		goto out;
	}
	r.p = dec + sizeof auth_magic;
	r.left = dlen - sizeof auth_magic;
	if (rd_string(&r, &s, &n) == -1 || name_copy(s, n, k->cipher) == -1)
		goto out;
	if (rd_string(&r, &s, &n) == -1 || name_copy(s, n, k->kdf) == -1)
		goto out;
	/* kdf options: opaque here */
	if (rd_string(&r, &s, &n) == -1 || rd_u32(&r, &nkeys) == -1)
		goto out;
	/* OpenSSH's sshkey_parse_private2 loads a file of one key only */
	if (nkeys != 1) {
		*why = "not one key (OpenSSH loads files of one)";
		goto out;
	}
	if (rd_string(&r, &s, &n) == -1)
		goto out;
	if (n > SSHKEY_MAX_BLOB) {
		*why = "public key blob too long";
		goto out;
	}
	if (blob_type(s, n, k->pub.type) == -1) {
		*why = "public key blob without a key type";
		goto out;
	}
	/* the private part must follow, whole */
	{
		const unsigned char *ps;
		size_t pn;

		if (rd_string(&r, &ps, &pn) == -1 || pn == 0) {
			*why = "no private part after the public key";
			goto out;
		}
	}
	/* PROTOCOL.key: an unencrypted key has cipher and kdf "none" */
	if (strcmp(k->cipher, "none") == 0 && strcmp(k->kdf, "none") != 0) {
		*why = "cipher none with a kdf";
		goto out;
	}
	k->pub.data = xmalloc(n);
	memcpy(k->pub.data, s, n);
	k->pub.len = n;
	*why = NULL;
	ret = 0;
out:
	free(b64);
	free(dec);
	if (ret == -1)
		memset(k, 0, sizeof *k);
	return ret;
}

void
sshkey_private_free(struct sshkey_private *k)
{
	sshkey_blob_free(&k->pub);
	memset(k, 0, sizeof *k);
}

char *
sshkey_private_print(const struct sshkey_private *k)
{
	struct buf b = { 0 };
	char *p = sshkey_blob_base64(&k->pub);

	buf_adds(&b, "cipher ");
	print_str(&b, k->cipher);
	buf_adds(&b, " kdf ");
	print_str(&b, k->kdf);
	buf_adds(&b, " type ");
	print_str(&b, k->pub.type);
	buf_printf(&b, " blob %s", p);
	free(p);
	return buf_str(&b);
}

/* "type base64" at *pp (up to end): the key and *pp past the base64;
 * -1 if the words are not a key whose blob names the type written */
static int
key_words(const char **pp, const char *end, struct sshkey_blob *b)
{
	const char *p = *pp, *t, *k;
	size_t tn, kn;

	memset(b, 0, sizeof *b);
	for (t = p; p < end && !blank(*p); p++)
		;
	tn = (size_t)(p - t);
	while (p < end && blank(*p))
		p++;
	for (k = p; p < end && !blank(*p); p++)
		;
	kn = (size_t)(p - k);
	if (tn == 0 || tn > SSHKEY_MAX_NAME || kn == 0)
		return -1;
	b->data = unbase64(k, kn, SSHKEY_MAX_BLOB, &b->len);
	if (b->data == NULL)
		return -1;
	if (blob_type(b->data, b->len, b->type) == -1 ||
	    strlen(b->type) != tn || memcmp(b->type, t, tn) != 0) {
		sshkey_blob_free(b);
		return -1;
	}
	*pp = p;
	return 0;
}

int
sshkey_pub_parse(const char *buf, size_t len, struct sshkey_blob *b)
{
	struct lines l;
	const char *line;
	size_t n;
	int r;

	memset(b, 0, sizeof *b);
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &line, &n)) != 0) {
		const char *p = line, *end = line + n;

		if (r == -1)
			return -1;
		while (p < end && blank(*p))
			p++;
		if (p == end || *p == '#')
			continue;
		if (memchr(line, '\0', n))
			return -1;
		return key_words(&p, end, b);
	}
	return -1;
}

void
sshkey_blob_free(struct sshkey_blob *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

int
sshkey_blob_equal(const struct sshkey_blob *a, const struct sshkey_blob *b)
{
	return a->data && b->data && a->len == b->len &&
	    memcmp(a->data, b->data, a->len) == 0;
}

char *
sshkey_blob_base64(const struct sshkey_blob *b)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	struct buf o = { 0 };
	size_t i;

	for (i = 0; i + 2 < b->len; i += 3) {
		unsigned v = (unsigned)b->data[i] << 16 |
		    (unsigned)b->data[i + 1] << 8 | b->data[i + 2];

		buf_addc(&o, al[v >> 18 & 63]);
		buf_addc(&o, al[v >> 12 & 63]);
		buf_addc(&o, al[v >> 6 & 63]);
		buf_addc(&o, al[v & 63]);
	}
	if (b->len - i == 1) {
		unsigned v = (unsigned)b->data[i] << 16;

		buf_addc(&o, al[v >> 18 & 63]);
		buf_addc(&o, al[v >> 12 & 63]);
		buf_adds(&o, "==");
	} else if (b->len - i == 2) {
		unsigned v = (unsigned)b->data[i] << 16 |
		    (unsigned)b->data[i + 1] << 8;

		buf_addc(&o, al[v >> 18 & 63]);
		buf_addc(&o, al[v >> 12 & 63]);
		buf_addc(&o, al[v >> 6 & 63]);
		buf_addc(&o, '=');
	}
	return buf_str(&o);
}

/* --- authorized_keys ------------------------------------------------- */

/* sshd's auth-options.c opt_flag: NAME, or no-NAME when negatable, as a
 * case-insensitive prefix; 1 and *pp past it */
static int
opt_flag(const char **pp, const char *name, int negatable)
{
	const char *p = *pp;
	size_t n = strlen(name);

	if (negatable && strncasecmp(p, "no-", 3) == 0)
		p += 3;
	if (strncasecmp(p, name, n) != 0)
		return 0;
	*pp = p + n;
	return 1;
}

/* auth-options.c opt_match: NAME= (case-insensitive) */
static int
opt_match(const char **pp, const char *name)
{
	size_t n = strlen(name);

	if (strncasecmp(*pp, name, n) != 0 || (*pp)[n] != '=')
		return 0;
	*pp += n + 1;
	return 1;
}

/* auth-options.c opt_dequote: a value in double quotes, \" a quote
 * inside; the value (cut at SSHKEY_MAX_OPTVAL) and *pp past the closing
 * quote, or NULL (no quotes, or no closing one) */
static char *
opt_dequote(const char **pp, const char *end)
{
	const char *p = *pp;
	struct buf b = { 0 };

	if (p >= end || *p != '"')
		return NULL;
	for (p++; p < end && *p != '"'; p++) {
		if (*p == '\\' && p + 1 < end && p[1] == '"')
			p++;
		if (b.len < SSHKEY_MAX_OPTVAL)
			buf_addc(&b, *p);
	}
	if (p >= end) {
		buf_free(&b);
		return NULL;
	}
	*pp = p + 1;
	return buf_str(&b);
}

/* command=, from= and principals= may be given once: a second is an
 * error (auth-options.c "multiple clauses") */
static int
keep_once(char **slot, char *v)
{
	if (*slot == NULL) {
		*slot = v;
		return 0;
	}
	free(v);
	return -1;
}

/* expiry-time= may repeat: the earliest holds (auth-options.c); one that
 * does not parse is an error */
static int
keep_earliest(char **slot, char *v)
{
	int64_t a, b;
	int u;

	if (sshkey_expiry_parse(v, &b, &u) == -1) {
		free(v);
		return -1;
	}
	if (*slot == NULL || (sshkey_expiry_parse(*slot, &a, &u) == 0 &&
	    b < a)) {
		free(*slot);
		*slot = v;
	} else
		free(v);
	return 0;
}

/* The options at p (up to end, the first blank outside quotes) into a,
 * as sshd's sshauthopt_parse reads them. */
static void
options_parse(const char *p, const char *end, struct sshkey_authline *a)
{
	/* documented flags (sshd(8)), negatable ones marked */
	static const struct {
		const char	*name;
		int		 neg;
	} flags[] = {
		{ "restrict", 0 }, { "cert-authority", 0 },
		{ "port-forwarding", 1 }, { "agent-forwarding", 1 },
		{ "x11-forwarding", 1 }, { "touch-required", 1 },
		{ "verify-required", 1 }, { "pty", 1 }, { "user-rc", 1 },
		{ NULL, 0 },
	};
	/* documented options with a value */
	static const char *const valued[] = {
		"command", "principals", "from", "expiry-time", "environment",
		"permitopen", "permitlisten", "tunnel", NULL,
	};

	while (p < end) {
		const char *start = p;
		size_t i;
		int done = 0, r = 0;

		for (i = 0; flags[i].name && !done; i++) {
			if (!opt_flag(&p, flags[i].name, flags[i].neg))
				continue;
			if (i == 0)
				a->restrict_ = 1;
			else if (i == 1)
				a->cert_authority = 1;
			done = 1;
		}
		for (i = 0; valued[i] && !done; i++) {
			char *v;

			if (!opt_match(&p, valued[i]))
				continue;
			if ((v = opt_dequote(&p, end)) == NULL) {
				a->bad_options = 1;
				return;
			}
			if (strcmp(valued[i], "command") == 0)
				r = keep_once(&a->command, v);
			else if (strcmp(valued[i], "from") == 0)
				r = keep_once(&a->from, v);
			else if (strcmp(valued[i], "expiry-time") == 0)
				r = keep_earliest(&a->expiry, v);
			else if (strcmp(valued[i], "principals") == 0)
				r = keep_once(&a->principals, v);
			else
				free(v);
			if (r == -1) {
				a->bad_options = 1;
				return;
			}
			done = 1;
		}
		if (!done) {
			const char *q;

			for (q = start; q < end && *q != ',' && *q != '='; q++)
				;
			/* an empty name (",,") is no option at all */
			if (q == start)
				a->bad_options = 1;
			else if (a->unknown == NULL)
				a->unknown = xstrndup(start,
				    (size_t)(q - start));
			return;
		}
		if (p >= end)
			return;
		/* a comma, then another option */
		if (*p != ',' || p + 1 >= end) {
			a->bad_options = 1;
			return;
		}
		p++;
	}
}

/* sshkey_advance_past_options (OpenSSH sshkey.c): the options end at the
 * first blank outside double quotes, \" not ending a quote; NULL for an
 * unterminated quote */
static const char *
past_options(const char *p, const char *end)
{
	int quoted = 0;

	for (; p < end && (quoted || !blank(*p)); p++) {
		if (*p == '\\' && p + 1 < end && p[1] == '"')
			p++;
		else if (*p == '"')
			quoted = !quoted;
	}
	return quoted ? NULL : p;
}

static void
authline_free(struct sshkey_authline *a)
{
	sshkey_blob_free(&a->key);
	free(a->command);
	free(a->from);
	free(a->expiry);
	free(a->principals);
	free(a->unknown);
}

size_t
sshkey_authfile_parse(const char *buf, size_t len, struct sshkey_authfile *af,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *line;
	size_t n;
	int r;

	memset(af, 0, sizeof *af);
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &line, &n)) != 0) {
		const char *p = line, *end = line + n, *opt, *oend;
		struct sshkey_authline a;

		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		while (p < end && blank(*p))
			p++;
		if (p == end || *p == '#')
			continue;
		if (memchr(line, '\0', n)) {
			if (err)
				err(ctx, l.lineno, "NUL byte in the line");
			continue;
		}
		if (af->n == SSHKEY_MAX_LINES) {
			if (err)
				err(ctx, l.lineno, "too many keys: the rest "
				    "of the file is not read");
			break;
		}
		memset(&a, 0, sizeof a);
		a.line = l.lineno;
		/* a key first; else options, then a key */
		if (key_words(&p, end, &a.key) == -1) {
			opt = p;
			if ((oend = past_options(p, end)) == NULL)
				continue;
			p = oend;
			while (p < end && blank(*p))
				p++;
			if (key_words(&p, end, &a.key) == -1)
				continue;
			options_parse(opt, oend, &a);
		}
		if ((af->n & (af->n - 1)) == 0)
			af->v = xreallocarray(af->v, af->n ? af->n * 2 : 1,
			    sizeof *af->v);
		af->v[af->n++] = a;
	}
	return af->n;
}

void
sshkey_authfile_free(struct sshkey_authfile *af)
{
	size_t i;

	for (i = 0; i < af->n; i++)
		authline_free(&af->v[i]);
	free(af->v);
	memset(af, 0, sizeof *af);
}

static void
print_opt(struct buf *b, const char *name, const char *v)
{
	if (v == NULL)
		return;
	buf_printf(b, "%s=", name);
	print_str(b, v);
	buf_addc(b, ' ');
}

char *
sshkey_authfile_print(const struct sshkey_authfile *af)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < af->n; i++) {
		const struct sshkey_authline *a = &af->v[i];
		char *k = sshkey_blob_base64(&a->key);

		buf_printf(&b, "%u ", a->line);
		if (a->restrict_)
			buf_adds(&b, "restrict ");
		if (a->cert_authority)
			buf_adds(&b, "cert-authority ");
		if (a->bad_options)
			buf_adds(&b, "bad-options ");
		print_opt(&b, "command", a->command);
		print_opt(&b, "from", a->from);
		print_opt(&b, "expiry-time", a->expiry);
		print_opt(&b, "principals", a->principals);
		print_opt(&b, "unknown", a->unknown);
		print_str(&b, a->key.type);
		buf_printf(&b, " %s\n", k);
		free(k);
	}
	return buf_str(&b);
}

/* --- from= and expiry-time= ---------------------------------------- */

/* OpenSSH match.c match_pattern: '*' any run, '?' one character;
 * nocase for host names */
static int
wild_match(const char *s, const char *p, int nocase)
{
	const char *bs = NULL, *bp = NULL;

	while (*s) {
		if (*p == '*') {
			bp = ++p;
			bs = s;
			continue;
		}
		if (*p && (*p == '?' || *p == *s ||
		    (nocase && strncasecmp(p, s, 1) == 0))) {
			p++;
			s++;
			continue;
		}
		if (bp == NULL)
			return 0;
		p = bp;
		s = ++bs;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

/* addr in the network pat "ADDR/BITS" (or one address); -1 if pat is
 * not one, -2 for a mask longer than the address or bits set past it
 * (OpenSSH addr.c addr_pton_cidr: an error that refuses the list) */
static int
cidr_match(const char *addr, const char *pat)
{
	unsigned char a[16], m[16];
	char net[64];
	const char *slash = strchr(pat, '/');
	size_t nl = slash ? (size_t)(slash - pat) : strlen(pat), i;
	int fam, alen, bits;

	if (nl == 0 || nl >= sizeof net)
		return -1;
	memcpy(net, pat, nl);
	net[nl] = '\0';
	if (inet_pton(AF_INET, net, m) == 1) {
		fam = AF_INET;
		alen = 4;
	} else if (inet_pton(AF_INET6, net, m) == 1) {
		fam = AF_INET6;
		alen = 16;
	} else
		return -1;
	bits = alen * 8;
	if (slash) {
		const char *q = slash + 1;

		if (*q == '\0' || strlen(q) > 3)
			return -1;
		for (bits = 0; *q; q++) {
			if (*q < '0' || *q > '9')
				return -1;
			bits = bits * 10 + (*q - '0');
		}
		if (bits > alen * 8)
			return -2;
	}
	for (i = 0; i < (size_t)alen; i++) {
		int b = bits - (int)i * 8;
		unsigned char mask = b >= 8 ? 0xff : b <= 0 ? 0 :
		    (unsigned char)(0xff << (8 - b));

		if (m[i] & (unsigned char)~mask)
			return -2;
	}
	if (inet_pton(fam, addr, a) != 1)
		return 0;
	for (i = 0; i < (size_t)alen; i++) {
		int b = bits - (int)i * 8;
		unsigned char mask = b >= 8 ? 0xff : b <= 0 ? 0 :
		    (unsigned char)(0xff << (8 - b));

		if ((a[i] & mask) != (m[i] & mask))
			return 0;
	}
	return 1;
}

/* one pass of sshd's match over the list for a name: 1 a positive
 * match, -1 a negated one (which wins), 0 none, -2 an error (an empty
 * entry, a bad network: OpenSSH addrmatch.c addr_match_list) */
static int
list_match(const char *patterns, const char *name, int as_addr)
{
	char *copy = xstrdup(patterns), *tok, *rest = copy;
	int ret = 0;

	while ((tok = strsep(&rest, ",")) != NULL) {
		int neg = *tok == '!', m;

		if (neg)
			tok++;
		if (*tok == '\0' && as_addr) {
			ret = -2;
			break;
		}
		m = as_addr ? cidr_match(name, tok) : -1;
		if (m == -2) {
			ret = -2;
			break;
		}
		if (m == -1)
			m = wild_match(name, tok, 1);
		if (m == 1) {
			if (neg) {
				ret = -1;
				break;
			}
			ret = 1;
		}
	}
	free(copy);
	return ret;
}

int
sshkey_from_admits(const char *patterns, const char *addr, int *by_name)
{
	int ip, host;

	*by_name = 0;
	/* OpenSSH match.c match_host_and_ip: the address against the list
	 * (CIDR or wildcards), then the host name; a negated match of
	 * either refuses; a positive match of either admits */
	ip = list_match(patterns, addr, 1);
	if (ip == -2)
		return -1;
	if (ip == -1)
		return 0;
	host = list_match(patterns, addr, 0);
	if (host == -1)
		return 0;
	if (ip == 1 || host == 1)
		return 1;
	/* with UseDNS yes the name would be "localhost" */
	if (list_match(patterns, "localhost", 0) == 1)
		*by_name = 1;
	return 0;
}

/* n decimal digits at s into *v */
static int
digits(const char *s, int n, int *v)
{
	int i;

	for (*v = 0, i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* days from 1970-01-01 to y-m-d (proleptic Gregorian) */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
sshkey_expiry_parse(const char *s, int64_t *t, int *utc)
{
	size_t n = strlen(s);
	int y, mo, d, h = 0, mi = 0, se = 0;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	*utc = 0;
	if (n > 1 && (s[n - 1] == 'Z' || s[n - 1] == 'z')) {
		*utc = 1;
		n--;
	} else if (n > 3 && strcasecmp(s + n - 3, "UTC") == 0) {
		*utc = 1;
		n -= 3;
	}
	/* OpenSSH misc.c parse_absolute_time */
	if (n != 8 && n != 12 && n != 14)
		return -1;
	if (digits(s, 4, &y) == -1 || digits(s + 4, 2, &mo) == -1 ||
	    digits(s + 6, 2, &d) == -1)
		return -1;
	if (n >= 12 && (digits(s + 8, 2, &h) == -1 ||
	    digits(s + 10, 2, &mi) == -1))
		return -1;
	if (n == 14 && digits(s + 12, 2, &se) == -1)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || se > 60)
		return -1;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}
