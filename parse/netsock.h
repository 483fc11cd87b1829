/*
 * netsock.h: the kernel's socket tables, parsed from the text of
 * /proc/net/tcp, /proc/net/tcp6 and /proc/net/unix (proc(5)). Parsing
 * takes a buffer; reading the live files is procfs.h's job. privmap never
 * connects to anything: these tables are all it knows of a service.
 */
#ifndef PRIVMAP_NETSOCK_H
#define PRIVMAP_NETSOCK_H

#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/err.h"

/* TCP states as the "st" column prints them (include/net/tcp_states.h) */
#define TCP_ST_ESTABLISHED	0x01
#define TCP_ST_LISTEN		0x0A

/* /proc/net/unix "Flags": __SO_ACCEPTCON, set by listen(2)
 * (include/linux/net.h) */
#define UNIX_FL_ACCEPTCON	0x10000

#define NETSOCK_MAX		1000000	/* entries kept per table */

struct inetsock {
	int		 family;	/* AF_INET or AF_INET6 */
	uint8_t		 laddr[16];	/* network order; IPv4 in the first 4 */
	uint16_t	 lport;
	uint8_t		 raddr[16];
	uint16_t	 rport;
	unsigned	 state;		/* TCP_ST_* */
	uid_t		 uid;		/* the socket's owner (creator's fsuid) */
	unsigned long	 inode;
	unsigned	 line;
};

struct inetsocks {
	struct inetsock	*s;
	size_t		 n;
};

struct unixsock {
	unsigned long	 inode;
	unsigned	 flags;		/* UNIX_FL_* */
	unsigned	 type;		/* SOCK_STREAM 1, SOCK_DGRAM 2, ... */
	unsigned	 state;		/* SS_UNCONNECTED 1 ... */
	char		*path;		/* NULL if unbound; abstract names
					 * start with '@' (NULs shown as '@') */
	unsigned	 line;
};

struct unixsocks {
	struct unixsock	*s;
	size_t		 n;
};

/*
 * Parse /proc/net/tcp (family AF_INET) or tcp6 (AF_INET6) text, appending
 * to socks. The address columns are the kernel's hex dump of the address
 * words in the byte order of the machine that wrote them (this one, for
 * the live host); ports are plain hex. The header line is skipped; a
 * malformed line is reported and skipped. Returns entries kept.
 */
size_t	netsock_parse_inet(const char *buf, size_t len, int family,
	    struct inetsocks *socks, parse_err_fn err, void *ctx);
void	inetsocks_free(struct inetsocks *);

/* Parse /proc/net/unix text, appending to socks. */
size_t	netsock_parse_unix(const char *buf, size_t len,
	    struct unixsocks *socks, parse_err_fn err, void *ctx);
void	unixsocks_free(struct unixsocks *);
/* The tables as text, for tests and debugging, one line an entry:
 * "LINE tcp|tcp6 LADDR:LPORT RADDR:RPORT st=HEX uid=N inode=N" (addresses
 * as hex bytes in network order, ports decimal) and "LINE inode=N
 * flags=HEX type=N st=N PATH" (the path quoted, parse/print.h)
 * (allocated). */
char	*inetsocks_print(const struct inetsocks *);
char	*unixsocks_print(const struct unixsocks *);

/* kinds of local address */
enum {
	NETADDR_OTHER,		/* a specific address of this host */
	NETADDR_LOOPBACK,	/* 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104 */
	NETADDR_ANY,		/* 0.0.0.0, ::, ::ffff:0.0.0.0 */
};
int	netsock_addr_kind(const struct inetsock *);

/*
 * The local address as text: "127.0.0.1" or "::1" (an IPv4-mapped IPv6
 * address is shown as its IPv4 form). buf needs NETSOCK_ADDRSTRLEN.
 */
#define NETSOCK_ADDRSTRLEN	48
const char *netsock_addr_str(const struct inetsock *, char *buf, size_t);

/* "tcp://127.0.0.1:6379" or "tcp://[::1]:6379": how a user reaches the
 * listener from this host (a wildcard bind is reached on loopback), the
 * report contract's path for a port. buf needs NETSOCK_URLSTRLEN. */
#define NETSOCK_URLSTRLEN	64
const char *netsock_url(const struct inetsock *, char *buf, size_t);

#endif
