/*
 * netsock.c: parse the kernel's socket tables (netsock.h).
 *
 * /proc/net/tcp and tcp6, net/ipv4/tcp_ipv4.c get_tcp4_sock() and
 * net/ipv6/tcp_ipv6.c get_tcp6_sock():
 *   "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu ..."
 *    sl   local      remote    st tx:rx queue tr:when   retr  uid tmo inode
 * the IPv4 address is one __be32 printed as a host-order word; IPv6 is four
 * such words. /proc/net/unix, net/unix/af_unix.c unix_seq_show():
 *   "%pK: %08X %08X %08X %04X %02X %5lu" then " PATH" when bound
 * where PATH is written raw (abstract names with '@' for each NUL), so a
 * bound name can hold spaces and even newlines: a line that does not have
 * exactly the kernel's shape is skipped, never half-trusted.
 */
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/lines.h"
#include "parse/netsock.h"
#include "lib/xmalloc.h"
#include "parse/print.h"
#include "lib/num.h"

/* exactly n hex digits */
static int
hex_n(const char *s, size_t len, size_t n, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (len != n || n == 0 || n > 2 * sizeof v)
		return -1;
	for (i = 0; i < n; i++) {
		int d = hex_digit(s[i]);

		if (d < 0)
			return -1;
		v = (v << 4) | (unsigned long)d;
	}
	*out = v;
	return 0;
}

struct tok {
	const char	*s;
	size_t		 n;
};

/* blank-separated tokens of a line, at most max; returns the count, and
 * *rest points after the last token taken */
static size_t
tokens(const char *s, size_t n, struct tok *t, size_t max, const char **rest)
{
	const char *p = s, *end = s + n;
	size_t k = 0;

	while (k < max) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		t[k].s = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		t[k].n = (size_t)(p - t[k].s);
		k++;
	}
	*rest = p;
	return k;
}

/* "HEXADDR:PORT": 8 (IPv4) or 32 (IPv6) hex digits of host-order words */
static int
parse_endpoint(const struct tok *t, int family, uint8_t addr[16],
    uint16_t *port)
{
	size_t alen = family == AF_INET ? 8 : 32, w;
	unsigned long v;

	if (t->n != alen + 5 || t->s[alen] != ':')
		return -1;
	memset(addr, 0, 16);
	for (w = 0; w < alen / 8; w++) {
		uint32_t word;

		if (hex_n(t->s + 8 * w, 8, 8, &v) == -1)
			return -1;
		word = (uint32_t)v;
		/* the word was printed from memory in host order: storing
		 * it back the same way gives the network-order bytes */
		memcpy(addr + 4 * w, &word, 4);
	}
	if (hex_n(t->s + alen + 1, 4, 4, &v) == -1)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

static const char *
parse_inet_line(const char *s, size_t n, int family, struct inetsock *out)
{
	struct tok t[12];
	const char *rest;
	unsigned long v;
	size_t k;

	if (memchr(s, '\0', n))
		return "NUL byte in line";
	k = tokens(s, n, t, 12, &rest);
	if (k < 10)
		return "too few fields (truncated line?)";
	if (t[0].n < 2 || t[0].s[t[0].n - 1] != ':' ||
	    parse_ulong_n(t[0].s, t[0].n - 1, 0xffffffffUL, &v) == -1)
		return "bad slot number";
	memset(out, 0, sizeof *out);
	out->family = family;
	if (parse_endpoint(&t[1], family, out->laddr, &out->lport) == -1)
		return "bad local address";
	if (parse_endpoint(&t[2], family, out->raddr, &out->rport) == -1)
		return "bad remote address";
	if (hex_n(t[3].s, t[3].n, 2, &v) == -1)
		return "bad state";
	out->state = (unsigned)v;
	if (parse_ulong_n(t[7].s, t[7].n, 0xffffffffUL, &v) == -1)
		return "bad uid";
	out->uid = (uid_t)v;
	if (parse_ulong_n(t[9].s, t[9].n, (unsigned long)-1, &v) == -1)
		return "bad inode";
	out->inode = v;
	return NULL;
}

size_t
netsock_parse_inet(const char *buf, size_t len, int family,
    struct inetsocks *socks, parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s, *why;
	size_t n, kept = 0, cap = socks->n;
	int r;

	if (family != AF_INET && family != AF_INET6)
		return 0;
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		struct inetsock sock;
		const char *p = s;

		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		while (p < s + n && *p == ' ')
			p++;
		if (p == s + n)
			continue;
		/* the header: "  sl  local_address rem_address ..." */
		if (l.lineno == 1 && s + n - p >= 3 && memcmp(p, "sl ", 3) == 0)
			continue;
		if ((why = parse_inet_line(s, n, family, &sock)) != NULL) {
			if (err)
				err(ctx, l.lineno, why);
			continue;
		}
		if (socks->n >= NETSOCK_MAX) {
			if (err)
				err(ctx, l.lineno, "too many sockets");
			break;
		}
		sock.line = l.lineno;
		if (socks->n == cap) {
			cap = cap ? cap * 2 : 64;
			socks->s = xreallocarray(socks->s, cap, sizeof *socks->s);
		}
		socks->s[socks->n++] = sock;
		kept++;
	}
	return kept;
}

void
inetsocks_free(struct inetsocks *socks)
{
	if (socks == NULL)
		return;
	free(socks->s);
	socks->s = NULL;
	socks->n = 0;
}

static const char *
parse_unix_line(const char *s, size_t n, struct unixsock *out)
{
	struct tok t[7];
	const char *rest, *end = s + n;
	unsigned long v;
	size_t k;

	if (memchr(s, '\0', n))
		return "NUL byte in line";
	memset(out, 0, sizeof *out);
	k = tokens(s, n, t, 7, &rest);
	if (k < 7)
		return "too few fields (truncated line?)";
	/* Num is a kernel pointer, %pK: 16 (or on 32-bit 8) hex digits */
	if ((t[0].n != 17 && t[0].n != 9) || t[0].s[t[0].n - 1] != ':' ||
	    hex_n(t[0].s, t[0].n - 1, t[0].n - 1, &v) == -1)
		return "bad Num";
	if (hex_n(t[1].s, t[1].n, 8, &v) == -1)
		return "bad RefCount";
	if (hex_n(t[2].s, t[2].n, 8, &v) == -1 || v != 0)
		return "bad Protocol";
	if (hex_n(t[3].s, t[3].n, 8, &v) == -1)
		return "bad Flags";
	out->flags = (unsigned)v;
	if (hex_n(t[4].s, t[4].n, 4, &v) == -1)
		return "bad Type";
	out->type = (unsigned)v;
	if (hex_n(t[5].s, t[5].n, 2, &v) == -1)
		return "bad St";
	out->state = (unsigned)v;
	if (parse_ulong_n(t[6].s, t[6].n, (unsigned long)-1, &v) == -1)
		return "bad Inode";
	out->inode = v;
	/* the path: everything after the one space that follows Inode */
	if (rest < end) {
		if (*rest != ' ' || rest + 1 == end)
			return "bad Path";
		out->path = xstrndup(rest + 1, (size_t)(end - rest - 1));
	}
	return NULL;
}

size_t
netsock_parse_unix(const char *buf, size_t len, struct unixsocks *socks,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s, *why;
	size_t n, kept = 0, cap = socks->n;
	int r;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		struct unixsock sock;

		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		if (n == 0)
			continue;
		if (l.lineno == 1 && n >= 4 && memcmp(s, "Num ", 4) == 0)
			continue;
		if ((why = parse_unix_line(s, n, &sock)) != NULL) {
			if (err)
				err(ctx, l.lineno, why);
			continue;
		}
		if (socks->n >= NETSOCK_MAX) {
			free(sock.path);
			if (err)
				err(ctx, l.lineno, "too many sockets");
			break;
		}
		sock.line = l.lineno;
		if (socks->n == cap) {
			cap = cap ? cap * 2 : 64;
			socks->s = xreallocarray(socks->s, cap, sizeof *socks->s);
		}
		socks->s[socks->n++] = sock;
		kept++;
	}
	return kept;
}

void
unixsocks_free(struct unixsocks *socks)
{
	size_t i;

	if (socks == NULL)
		return;
	for (i = 0; i < socks->n; i++)
		free(socks->s[i].path);
	free(socks->s);
	socks->s = NULL;
	socks->n = 0;
}

static int
v4_mapped(const uint8_t a[16])
{
	static const uint8_t pfx[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
	    0xff };

	return memcmp(a, pfx, 12) == 0;
}

int
netsock_addr_kind(const struct inetsock *s)
{
	static const uint8_t any[16], lo6[16] = { [15] = 1 };
	const uint8_t *v4 = NULL;

	if (s->family == AF_INET)
		v4 = s->laddr;
	else if (v4_mapped(s->laddr))
		v4 = s->laddr + 12;
	if (v4) {
		if (v4[0] == 127)
			return NETADDR_LOOPBACK;
		if (memcmp(v4, any, 4) == 0)
			return NETADDR_ANY;
		return NETADDR_OTHER;
	}
	if (memcmp(s->laddr, any, 16) == 0)
		return NETADDR_ANY;
	if (memcmp(s->laddr, lo6, 16) == 0)
		return NETADDR_LOOPBACK;
	return NETADDR_OTHER;
}

static void
fmt_v4(const uint8_t *a, char *buf, size_t len)
{
	/* %u of each byte: never wider than "255.255.255.255" */
	snprintf(buf, len, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

/* RFC 5952 text of an IPv6 address: lower case, longest run of two or
 * more zero groups as "::" (the first of equals) */
static void
fmt_v6(const uint8_t *a, char *buf, size_t len)
{
	unsigned g[8];
	int i, best = -1, bestn = 0, run = -1, runn = 0;
	size_t o = 0;

	for (i = 0; i < 8; i++)
		g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	for (i = 0; i < 8; i++) {
		if (g[i] == 0) {
			if (run < 0) {
				run = i;
				runn = 0;
			}
			runn++;
			if (runn > bestn) {
				best = run;
				bestn = runn;
			}
		} else
			run = -1;
	}
	if (bestn < 2)
		best = -1;
	buf[0] = '\0';
	for (i = 0; i < 8 && o < len; i++) {
		if (i == best) {
			o += (size_t)snprintf(buf + o, len - o, "::");
			i += bestn - 1;
			continue;
		}
		if (o < len && i > 0 && !(best >= 0 && i == best + bestn))
			o += (size_t)snprintf(buf + o, len - o, ":");
		if (o < len)
			o += (size_t)snprintf(buf + o, len - o, "%x", g[i]);
	}
}

const char *
netsock_addr_str(const struct inetsock *s, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	if (s->family == AF_INET)
		fmt_v4(s->laddr, buf, len);
	else if (v4_mapped(s->laddr))
		fmt_v4(s->laddr + 12, buf, len);
	else
		fmt_v6(s->laddr, buf, len);
	return buf;
}

const char *
netsock_url(const struct inetsock *s, char *buf, size_t len)
{
	char a[NETSOCK_ADDRSTRLEN];
	int v6 = s->family == AF_INET6 && !v4_mapped(s->laddr);

	switch (netsock_addr_kind(s)) {
	case NETADDR_ANY:
		snprintf(buf, len, v6 ? "tcp://[::1]:%u" : "tcp://127.0.0.1:%u",
		    s->lport);
		return buf;
	default:
		netsock_addr_str(s, a, sizeof a);
		if (v6)
			snprintf(buf, len, "tcp://[%s]:%u", a, s->lport);
		else
			snprintf(buf, len, "tcp://%s:%u", a, s->lport);
		return buf;
	}
}

char *
inetsocks_print(const struct inetsocks *socks)
{
	struct buf b = { 0 };
	size_t i, k;

	buf_adds(&b, "");
	for (i = 0; i < socks->n; i++) {
		const struct inetsock *t = &socks->s[i];
		size_t alen = t->family == AF_INET6 ? 16 : 4;

		buf_printf(&b, "%u %s ", t->line, t->family == AF_INET6 ?
		    "tcp6" : "tcp");
		for (k = 0; k < alen; k++)
			buf_printf(&b, "%02x", t->laddr[k]);
		buf_printf(&b, ":%u ", t->lport);
		for (k = 0; k < alen; k++)
			buf_printf(&b, "%02x", t->raddr[k]);
		buf_printf(&b, ":%u st=%02X uid=%lu inode=%lu\n", t->rport,
		    t->state, (unsigned long)t->uid, t->inode);
	}
	return buf_str(&b);
}

char *
unixsocks_print(const struct unixsocks *socks)
{
	struct buf b = { 0 };
	size_t i;

	buf_adds(&b, "");
	for (i = 0; i < socks->n; i++) {
		const struct unixsock *u = &socks->s[i];

		buf_printf(&b, "%u inode=%lu flags=%05x type=%u st=%u ",
		    u->line, u->inode, u->flags, u->type, u->state);
		print_str(&b, u->path);
		buf_addc(&b, '\n');
	}
	return buf_str(&b);
}
