/*
 * svcconf-fuzz.c: libFuzzer target for the service configuration
 * parsers (parse/svcconf.c, parse/sysctl.c): the same bytes as
 * redis.conf, a Redis ACL file, pg_hba.conf, daemon.json, dockerd flags,
 * containerd's config.toml and a sysctl.d file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/svcconf.h"
#include "parse/sysctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
sysctl_cb(void *ctx, const char *key, const char *value, unsigned line)
{
	(void)ctx;
	(void)key;
	(void)value;
	(void)line;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *why;
	struct redis_conf rc;
	struct pg_hba h = { 0 };
	struct docker_conf dc;
	struct containerd_conf cc;
	char *z, host[64];
	unsigned line, port;
	size_t i;

	redis_conf_init(&rc);
	redis_conf_parse(s, size, &rc, NULL, NULL);
	redis_acl_parse(s, size, &rc, NULL, NULL);
	free(redis_conf_print(&rc));
	redis_conf_free(&rc);
	pg_hba_parse(s, size, &h, NULL, NULL);
	for (i = 0; i < h.n; i++)
		(void)pg_hba_from_localhost(&h.e[i]);
	free(pg_hba_print(&h));
	pg_hba_free(&h);
	docker_conf_init(&dc);
	(void)docker_json_parse(s, size, &dc, &why, &line);
	z = malloc(size + 1);
	if (z == NULL)
		return 0;
	memcpy(z, data, size);
	z[size] = '\0';
	(void)dockerd_args_parse(z, 1, 0, &dc);
	(void)dockerd_args_parse(z, 1, 1, &dc);
	for (i = 0; i < dc.nhosts; i++)
		(void)svc_tcp_uri(dc.hosts[i].uri, 2375, host, sizeof host,
		    &port);
	(void)svc_tcp_uri(z, 0, host, sizeof host, &port);
	free(docker_conf_print(&dc));
	docker_conf_free(&dc);
	free(z);
	containerd_conf_init(&cc);
	containerd_toml_parse(s, size, &cc, NULL, NULL);
	free(containerd_conf_print(&cc));
	containerd_conf_free(&cc);
	sysctl_conf_parse(s, size, sysctl_cb, NULL, NULL);
	return 0;
}
