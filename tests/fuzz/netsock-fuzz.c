/*
 * netsock-fuzz.c: libFuzzer target for the /proc/net/tcp, tcp6 and unix
 * parsers (parse/netsock.c) and the address formatting.
 */
#include <sys/socket.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/netsock.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inetsocks in = { 0 };
	struct unixsocks un = { 0 };
	char buf[NETSOCK_URLSTRLEN];
	size_t i;

	netsock_parse_inet((const char *)data, size, AF_INET, &in, NULL, NULL);
	netsock_parse_inet((const char *)data, size, AF_INET6, &in, NULL,
	    NULL);
	for (i = 0; i < in.n; i++) {
		(void)netsock_addr_kind(&in.s[i]);
		(void)netsock_addr_str(&in.s[i], buf, NETSOCK_ADDRSTRLEN);
		(void)netsock_url(&in.s[i], buf, sizeof buf);
	}
	netsock_parse_unix((const char *)data, size, &un, NULL, NULL);
	free(inetsocks_print(&in));
	free(unixsocks_print(&un));
	inetsocks_free(&in);
	unixsocks_free(&un);
	return 0;
}
