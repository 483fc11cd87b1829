/*
 * netsock-test.c: /proc/net/tcp, tcp6 and unix parsing on samples
 * recorded in a network namespace (listeners on 127.0.0.1, 0.0.0.0,
 * 127.0.0.53, ::1, ::, ::ffff:127.0.0.1, one owned by uid 1234; unix
 * sockets with a space in the path, abstract names, unbound ones), on
 * hostile text (truncated lines, a path faking a line, NULs), and on a
 * table of 10,000 sockets. Address words are in the byte order of the
 * machine that recorded them (x86-64, little-endian): skipped elsewhere.
 */
#include <sys/socket.h>
#include <stdint.h>

#include "t.h"
#include "fixture.h"
#include "parse/netsock.h"

static unsigned nerr;

static void
err_cb(void *ctx, unsigned line, const char *why)
{
	(void)ctx;
	(void)line;
	(void)why;
	nerr++;
}

static const struct inetsock *
by_port(const struct inetsocks *s, unsigned port, unsigned state)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->s[i].lport == port && s->s[i].state == state)
			return &s->s[i];
	return NULL;
}

static const char *
url(const struct inetsock *t, char *buf)
{
	return t ? netsock_url(t, buf, NETSOCK_URLSTRLEN) : "(none)";
}

static void
test_tcp(void)
{
	struct inetsocks s = { 0 };
	const struct inetsock *t;
	char b[NETSOCK_URLSTRLEN], a[NETSOCK_ADDRSTRLEN];
	size_t len;
	char *buf = fixture_read("fixtures/proc/net-tcp.txt", &len);

	nerr = 0;
	T_EQ_INT(netsock_parse_inet(buf, len, AF_INET, &s, err_cb, NULL), 5);
	T_EQ_INT(nerr, 0);
	free(buf);
	t = by_port(&s, 6379, TCP_ST_LISTEN);
	T_EQ_STR(url(t, b), "tcp://127.0.0.1:6379");
	T_EQ_INT(t ? t->inode : 0, 79099);
	T_EQ_INT(t ? t->uid : 1, 0);
	T_EQ_INT(t ? netsock_addr_kind(t) : -1, NETADDR_LOOPBACK);
	t = by_port(&s, 2375, TCP_ST_LISTEN);
	T_EQ_INT(t ? netsock_addr_kind(t) : -1, NETADDR_ANY);
	T_EQ_STR(url(t, b), "tcp://127.0.0.1:2375");
	T_EQ_STR(t ? netsock_addr_str(t, a, sizeof a) : "", "0.0.0.0");
	t = by_port(&s, 53, TCP_ST_LISTEN);
	T_EQ_STR(url(t, b), "tcp://127.0.0.53:53");
	/* the established pair: not listeners */
	t = by_port(&s, 6379, TCP_ST_ESTABLISHED);
	T_OK(t != NULL);
	T_EQ_INT(t ? t->rport : 0, 46338);

	buf = fixture_read("fixtures/proc/net-tcp6.txt", &len);
	T_EQ_INT(netsock_parse_inet(buf, len, AF_INET6, &s, err_cb, NULL), 3);
	free(buf);
	t = by_port(&s, 11211, TCP_ST_LISTEN);
	T_EQ_INT(t ? t->family : 0, AF_INET6);
	T_EQ_INT(t ? netsock_addr_kind(t) : -1, NETADDR_LOOPBACK);
	T_EQ_STR(t ? netsock_addr_str(t, a, sizeof a) : "", "127.0.0.1");
	T_EQ_STR(url(t, b), "tcp://127.0.0.1:11211");
	t = by_port(&s, 10250, TCP_ST_LISTEN);
	T_EQ_STR(t ? netsock_addr_str(t, a, sizeof a) : "", "::1");
	T_EQ_STR(url(t, b), "tcp://[::1]:10250");
	t = by_port(&s, 5432, TCP_ST_LISTEN);
	T_EQ_INT(t ? netsock_addr_kind(t) : -1, NETADDR_ANY);
	T_EQ_STR(url(t, b), "tcp://[::1]:5432");
	T_EQ_INT(s.n, 8);
	inetsocks_free(&s);

	buf = fixture_read("fixtures/proc/net-tcp-user.txt", &len);
	T_EQ_INT(netsock_parse_inet(buf, len, AF_INET, &s, err_cb, NULL), 1);
	free(buf);
	T_EQ_INT(s.n ? s.s[0].uid : 0, 1234);
	T_EQ_INT(s.n ? s.s[0].lport : 0, 6380);
	{
		char *out = inetsocks_print(&s);

		T_EQ_STR(out, "2 tcp 7f000001:6380 00000000:0 st=0A uid=1234 "
		    "inode=80393\n");
		free(out);
	}
	inetsocks_free(&s);
}

static void
test_tcp_hostile(void)
{
	struct inetsocks s = { 0 };
	const char *text =
	    "  sl  local_address rem_address   st tx_queue\n"
	    /* truncated after the uid */
	    "   0: 0100007F:18EB 00000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000     0\n"
	    /* an IPv6 address in the IPv4 table */
	    "   1: 00000000000000000000000001000000:280A 0000:0000 0A "
	    "00000000:00000000 00:00000000 00000000     0        0 1 1\n"
	    /* a port of 5 digits */
	    "   2: 0100007F:18EBB 00000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000     0        0 1 1\n"
	    /* uid beyond 32 bits */
	    "   3: 0100007F:18EB 00000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000 99999999999 0 1 1\n"
	    /* non-hex address */
	    "   4: 0100007G:18EB 00000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000     0        0 1 1\n"
	    /* a good line, after all that */
	    "   5: 0100007F:1F90 00000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000  1000        0 4242 1\n"
	    "garbage\n";

	nerr = 0;
	T_EQ_INT(netsock_parse_inet(text, strlen(text), AF_INET, &s, err_cb,
	    NULL), 1);
	T_EQ_INT(nerr, 6);
	T_EQ_INT(s.n ? s.s[0].lport : 0, 8080);
	T_EQ_INT(s.n ? s.s[0].inode : 0, 4242);
	T_EQ_INT(s.n ? s.s[0].line : 0, 7);
	inetsocks_free(&s);
	/* NUL inside, and a table that ends mid-line */
	nerr = 0;
	T_EQ_INT(netsock_parse_inet("   0: 0100007F:18EB\0", 20, AF_INET, &s,
	    err_cb, NULL), 0);
	T_EQ_INT(nerr, 1);
	T_EQ_INT(netsock_parse_inet("", 0, AF_INET, &s, err_cb, NULL), 0);
	T_EQ_INT(netsock_parse_inet("x", 1, 99, &s, err_cb, NULL), 0);
	inetsocks_free(&s);
}

/* 10,000 listeners: all kept, in order, quickly */
static void
test_tcp_many(void)
{
	struct inetsocks s = { 0 };
	size_t i, cap = 10001 * 160;
	char *buf = malloc(cap), *p = buf;
	int ok = 1;

	p += sprintf(p, "  sl  local_address rem_address   st tx_queue "
	    "rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
	for (i = 0; i < 10000; i++)
		p += sprintf(p, "%4zu: 0100007F:%04zX 00000000:0000 0A "
		    "00000000:00000000 00:00000000 00000000  %4zu        0 "
		    "%zu 1 0000000000000000 100 0 0 10 0\n", i, 1024 + i,
		    i % 7, 100000 + i);
	nerr = 0;
	T_EQ_INT(netsock_parse_inet(buf, (size_t)(p - buf), AF_INET, &s,
	    err_cb, NULL), 10000);
	T_EQ_INT(nerr, 0);
	for (i = 0; i < s.n; i++)
		if (s.s[i].lport != 1024 + i || s.s[i].inode != 100000 + i ||
		    s.s[i].uid != i % 7)
			ok = 0;
	T_OK(ok);
	inetsocks_free(&s);
	free(buf);
}

static const struct unixsock *
unix_by_inode(const struct unixsocks *s, unsigned long inode)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->s[i].inode == inode)
			return &s->s[i];
	return NULL;
}

static void
test_unix(void)
{
	struct unixsocks s = { 0 };
	const struct unixsock *u;
	size_t len, i;
	char *buf = fixture_read("fixtures/proc/net-unix.txt", &len);

	nerr = 0;
	T_EQ_INT(netsock_parse_unix(buf, len, &s, err_cb, NULL), 7);
	T_EQ_INT(nerr, 0);
	free(buf);
	u = unix_by_inode(&s, 79107);
	T_EQ_STR(u ? u->path : "", "/tmp/fx-docker.sock");
	T_OK(u && (u->flags & UNIX_FL_ACCEPTCON));
	T_EQ_INT(u ? u->type : 0, 1);
	u = unix_by_inode(&s, 79108);
	T_EQ_STR(u ? u->path : "", "/tmp/fx dir.sock");
	u = unix_by_inode(&s, 79110);
	T_OK(u && !(u->flags & UNIX_FL_ACCEPTCON));
	T_EQ_INT(u ? u->type : 0, 2);
	u = unix_by_inode(&s, 79109);
	T_EQ_STR(u ? u->path : "", "@/containerd-shim/moby/abc/shim.sock");
	/* unbound, connected */
	u = unix_by_inode(&s, 80395);
	T_OK(u && u->path == NULL);
	T_EQ_INT(u ? u->state : 0, 3);
	/* inode 0 printed as "    0" */
	u = unix_by_inode(&s, 0);
	T_EQ_STR(u ? u->path : "", "@privmap-abstract");
	for (i = 0; i < s.n; i++)
		T_OK(s.s[i].line > 1);
	{
		char *out = unixsocks_print(&s);

		T_EQ_STR(out,
		    "2 inode=79107 flags=10000 type=1 st=1 "
		    "\"/tmp/fx-docker.sock\"\n"
		    "3 inode=79108 flags=10000 type=1 st=1 "
		    "\"/tmp/fx dir.sock\"\n"
		    "4 inode=79110 flags=00000 type=2 st=1 "
		    "\"/tmp/fx-dgram.sock\"\n"
		    "5 inode=79109 flags=10000 type=1 st=1 "
		    "\"@/containerd-shim/moby/abc/shim.sock\"\n"
		    "6 inode=80395 flags=00000 type=1 st=3 (null)\n"
		    "7 inode=0 flags=00000 type=1 st=2 \"@privmap-abstract\"\n"
		    "8 inode=80394 flags=10000 type=1 st=1 "
		    "\"@privmap-abstract\"\n");
		free(out);
	}
	unixsocks_free(&s);
}

static void
test_unix_hostile(void)
{
	struct unixsocks s = { 0 };
	/* a bound name may hold a newline (the kernel prints it raw), so
	 * "/tmp/x\n0000...: ... /run/docker.sock" reads as two lines, the
	 * second of the kernel's exact shape: the parser cannot tell, and
	 * the checks confirm any path with lstat before trusting it */
	const char *text =
	    "Num       RefCount Protocol Flags    Type St Inode Path\n"
	    "0000000000000000: 00000002 00000000 00010000 0001 01 100 /tmp/x\n"
	    "0000000000000000: 00000002 00000000 00010000 0001 01 101 "
	    "/run/docker.sock\n"
	    /* short fields */
	    "0000000000000000: 0002 00000000 00010000 0001 01 102 /a\n"
	    /* a protocol other than 0 */
	    "0000000000000000: 00000002 00000001 00010000 0001 01 103 /b\n"
	    /* truncated */
	    "0000000000000000: 00000002 00000000 00010000 0001\n"
	    /* a tab before the path, not the kernel's space */
	    "0000000000000000: 00000002 00000000 00010000 0001 01 104\t/c\n"
	    /* 32-bit Num */
	    "00000000: 00000002 00000000 00010000 0001 01 105 /d e\n";

	nerr = 0;
	T_EQ_INT(netsock_parse_unix(text, strlen(text), &s, err_cb, NULL), 3);
	T_EQ_INT(nerr, 4);
	T_EQ_STR(s.n > 2 ? s.s[2].path : "", "/d e");
	unixsocks_free(&s);
}

int
main(void)
{
	const uint16_t one = 1;

	if (*(const uint8_t *)&one != 1)
		T_SKIP("fixtures were recorded little-endian");
	test_tcp();
	test_tcp_hostile();
	test_tcp_many();
	test_unix();
	test_unix_hostile();
	T_DONE();
}
