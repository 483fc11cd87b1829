/*
 * svcconf-test.c: the service configuration parsers on sample files in
 * fixtures/svc/: redis.conf (Debian 12's defaults, a Redis 6 open
 * server, passwords and ACL users, broken quoting), pg_hba.conf (trust
 * lines, masks, quoted names, continuation, includes, junk), Docker's
 * daemon.json and dockerd flags in a unit, a docker.socket unit,
 * containerd's config.toml (with multi-line values that must not be read
 * as keys), and sysctl.d syntax and file order.
 */
#include <stdint.h>

#include "t.h"
#include "fixture.h"
#include "parse/svcconf.h"
#include "parse/sysctl.h"
#include "parse/unitfile.h"

static unsigned nerr;
static unsigned errline[64];

static void
err_cb(void *ctx, unsigned line, const char *why)
{
	(void)ctx;
	(void)why;
	if (nerr < 64)
		errline[nerr] = line;
	nerr++;
}

static void
redis(const char *fx, struct redis_conf *rc)
{
	size_t len;
	char *buf = fixture_read(fx, &len);

	redis_conf_init(rc);
	nerr = 0;
	redis_conf_parse(buf, len, rc, err_cb, NULL);
	free(buf);
}

/* a print is what is expected; freed */
#define printed(out, want) do {						\
	char *t_out = (out);						\
	T_EQ_STR(t_out, want);						\
	free(t_out);							\
} while (0)

static void
test_redis(void)
{
	struct redis_conf rc;

	redis("fixtures/svc/redis-debian.conf", &rc);
	T_EQ_INT(nerr, 0);
	T_EQ_INT(rc.port, 6379);
	T_EQ_STR(rc.bind, "127.0.0.1 -::1");
	T_EQ_INT(rc.bind_line, 2);
	T_EQ_INT(rc.protected_mode, 1);
	T_EQ_INT(rc.default_auth, 0);
	T_EQ_INT(rc.redis7, 1);
	T_EQ_INT(rc.protected_configs, 0);
	T_EQ_INT(rc.module_command, 0);
	T_OK(rc.unixsocket == NULL);
	redis_conf_free(&rc);

	redis("fixtures/svc/redis-open6.conf", &rc);
	T_EQ_INT(rc.port, 6380);
	T_OK(rc.bind == NULL);
	T_EQ_INT(rc.protected_mode, 0);
	T_EQ_INT(rc.redis7, 0);
	T_EQ_STR(rc.unixsocket, "/var/run/redis/redis.sock");
	T_EQ_INT(rc.unixsocketperm, 0777);
	T_EQ_INT(rc.config_renamed, 1);
	T_EQ_INT(rc.nincludes, 1);
	T_EQ_STR(rc.nincludes ? rc.includes[0] : "", "/etc/redis/extra.conf");
	printed(redis_conf_print(&rc), "port 6380@2 protected-mode 0@3 "
	    "default-auth 0@0 default-off 0 aclfile 0 unixsocket "
	    "\"/var/run/redis/redis.sock\"@4 unixsocketperm 511 "
	    "config-renamed 1 protected-configs -1 module-command -1 "
	    "redis7 0 include \"/etc/redis/extra.conf\"\n");
	redis_conf_free(&rc);

	redis("fixtures/svc/redis-auth.conf", &rc);
	T_EQ_INT(rc.default_auth, 1);
	T_EQ_INT(rc.auth_line, 3);
	redis_conf_free(&rc);

	/* requirepass, then ACL nopass for default: open again */
	redis("fixtures/svc/redis-acl-open.conf", &rc);
	T_EQ_INT(rc.default_auth, 0);
	T_EQ_INT(rc.auth_line, 2);
	T_EQ_INT(rc.protected_configs, 2);
	redis_conf_free(&rc);

	redis("fixtures/svc/redis-bad.conf", &rc);
	T_EQ_INT(nerr, 3);
	T_EQ_INT(rc.port, -1);
	T_OK(rc.bind == NULL);
	T_EQ_INT(rc.default_off, 1);
	redis_conf_free(&rc);

	/* an ACL file: the default user starts new (off, no password) */
	{
		static const char acl1[] = "user app on >secret ~* +@all\n"
		    "user default on >pw ~* +@all\n";
		static const char acl2[] = "# only app\n"
		    "user app on nopass ~* +@all\n";
		static const char acl3[] = "user default on nopass \"~*\n"
		    "user default nopass +@all\n";
		static const char conf[] = "aclfile /etc/redis/users.acl\n";

		redis_conf_init(&rc);
		redis_conf_parse(conf, sizeof conf - 1, &rc, NULL, NULL);
		T_EQ_STR(rc.aclpath, "/etc/redis/users.acl");
		T_EQ_INT(rc.acl_line, 1);
		redis_acl_parse(acl1, sizeof acl1 - 1, &rc, NULL, NULL);
		T_EQ_INT(rc.default_auth, 1);
		T_EQ_INT(rc.default_off, 0);
		T_EQ_INT(rc.auth_line, 2);
		/* no default user in the file: on, without a password */
		redis_acl_parse(acl2, sizeof acl2 - 1, &rc, NULL, NULL);
		T_EQ_INT(rc.default_auth, 0);
		T_EQ_INT(rc.default_off, 0);
		T_EQ_INT(rc.auth_line, 0);
		/* broken quoting reported; a default without "on" is off */
		nerr = 0;
		redis_acl_parse(acl3, sizeof acl3 - 1, &rc, err_cb, NULL);
		T_EQ_INT(nerr, 1);
		T_EQ_INT(rc.default_auth, 0);
		T_EQ_INT(rc.default_off, 1);
		printed(redis_conf_print(&rc), "port -1@0 protected-mode -1@0 "
		    "default-auth 0@2 default-off 1 aclfile 1 aclpath "
		    "\"/etc/redis/users.acl\"@1 unixsocketperm -1 "
		    "config-renamed 0 protected-configs -1 module-command -1 "
		    "redis7 0\n");
		redis_conf_free(&rc);
	}
}

static const struct pg_hba_entry *
pg_line(const struct pg_hba *h, unsigned line)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->e[i].line == line)
			return &h->e[i];
	return NULL;
}

static void
test_pg(void)
{
	struct pg_hba h = { 0 };
	const struct pg_hba_entry *e;
	size_t len, i, trusted = 0;
	char *buf = fixture_read("fixtures/svc/pg_hba.conf", &len);

	nerr = 0;
	T_EQ_INT(pg_hba_parse(buf, len, &h, err_cb, NULL), 10);
	free(buf);
	T_EQ_INT(nerr, 2);
	T_EQ_INT(errline[0], 13);
	T_EQ_INT(errline[1], 14);
	T_EQ_INT(h.nincludes, 1);
	for (i = 0; i < h.n; i++)
		if (strcmp(h.e[i].method, "trust") == 0 &&
		    pg_hba_from_localhost(&h.e[i]))
			trusted++;
	/* lines 3, 5, 7, 8, 11 */
	T_EQ_INT(trusted, 5);
	e = pg_line(&h, 3);
	T_OK(e && e->address == NULL && pg_hba_from_localhost(e));
	T_OK(e && pg_hba_list_has(e->user, "postgres"));
	e = pg_line(&h, 6);
	T_OK(e && !pg_hba_from_localhost(e));
	e = pg_line(&h, 7);
	T_EQ_STR(e ? e->database : "", "my db,other");
	T_EQ_STR(e ? e->user : "", "app user");
	T_EQ_STR(e ? e->mask : "", "255.255.255.255");
	T_EQ_STR(e ? e->method : "", "trust");
	T_OK(e && pg_hba_from_localhost(e));
	T_OK(e && !pg_hba_list_has(e->user, "postgres"));
	e = pg_line(&h, 8);
	T_OK(e && pg_hba_from_localhost(e) && pg_hba_list_has(e->user,
	    "postgres"));
	e = pg_line(&h, 9);
	T_OK(e && !pg_hba_from_localhost(e));
	e = pg_line(&h, 11);
	T_EQ_STR(e ? e->user : "", "postgres");
	T_EQ_STR(e ? e->method : "", "trust");
	printed(pg_hba_print(&h),
	    "2 \"local\" \"all\" \"postgres\" (null) (null) \"peer\"\n"
	    "3 \"local\" \"all\" \"all\" (null) (null) \"trust\"\n"
	    "4 \"host\" \"all\" \"all\" \"127.0.0.1/32\" (null) "
	    "\"scram-sha-256\"\n"
	    "5 \"host\" \"replication\" \"all\" \"::1/128\" (null) "
	    "\"trust\"\n"
	    "6 \"host\" \"all\" \"app\" \"10.0.0.0/8\" (null) \"trust\"\n"
	    "7 \"host\" \"my db,other\" \"app user\" \"127.0.0.1\" "
	    "\"255.255.255.255\" \"trust\"\n"
	    "8 \"hostssl\" \"all\" \"postgres\" \"0.0.0.0/0\" (null) "
	    "\"trust\"\n"
	    "9 \"hostgssenc\" \"all\" \"all\" \"samehost\" (null) "
	    "\"trust\"\n"
	    "10 \"host\" \"all\" \"all\" \"localhost\" (null) \"md5\"\n"
	    "11 \"host\" \"all\" \"postgres\" \"samenet\" (null) "
	    "\"trust\"\n"
	    "include \"extra_hba.conf\" at 10\n");
	/* first match: line 2 (peer for postgres) takes every local
	 * connection as postgres before line 3 (trust for all) */
	T_OK(pg_hba_shadows(pg_line(&h, 2), pg_line(&h, 3), "postgres"));
	T_OK(!pg_hba_shadows(pg_line(&h, 2), pg_line(&h, 3), "app"));
	T_OK(!pg_hba_shadows(pg_line(&h, 2), pg_line(&h, 3), NULL));
	/* a local line never shadows a TCP one */
	T_OK(!pg_hba_shadows(pg_line(&h, 2), pg_line(&h, 4), "postgres"));
	/* line 4 (host all all 127.0.0.1/32) takes line 7's connections
	 * from 127.0.0.1 for every database and role */
	T_OK(pg_hba_shadows(pg_line(&h, 4), pg_line(&h, 7), "app user"));
	/* and line 8's (hostssl: host takes SSL connections too) */
	T_OK(pg_hba_shadows(pg_line(&h, 4), pg_line(&h, 8), "postgres"));
	/* "all" does not hold the replication pseudo-database, and
	 * 127.0.0.1/32 does not hold ::1 */
	T_OK(!pg_hba_shadows(pg_line(&h, 4), pg_line(&h, 5), NULL));
	T_OK(!pg_hba_shadows(pg_line(&h, 4), pg_line(&h, 11), "postgres"));
	/* samehost and the like hold both */
	T_OK(pg_hba_shadows(pg_line(&h, 10), pg_line(&h, 11), "postgres"));
	/* hostssl only takes SSL connections: a client may go without */
	T_OK(!pg_hba_shadows(pg_line(&h, 8), pg_line(&h, 11), "postgres"));
	/* a database list an earlier one does not cover */
	T_OK(!pg_hba_shadows(pg_line(&h, 7), pg_line(&h, 11), "app user"));
	pg_hba_free(&h);
}

static void
test_addr(void)
{
	struct pg_hba_entry e = { 0 };

	e.type = "host";
	e.address = "127.0.0.0/8";
	T_OK(pg_hba_from_localhost(&e));
	e.address = "127.0.0.2/32";
	T_OK(!pg_hba_from_localhost(&e));
	e.address = "::/0";
	T_OK(pg_hba_from_localhost(&e));
	e.address = "::1/129";
	T_OK(!pg_hba_from_localhost(&e));
	e.address = "fe80::/10";
	T_OK(!pg_hba_from_localhost(&e));
	e.address = ".example.com";
	T_OK(!pg_hba_from_localhost(&e));
	e.address = "127.0.0.1";
	e.mask = "255.0.0.0";
	T_OK(pg_hba_from_localhost(&e));
	e.mask = "garbage";
	T_OK(!pg_hba_from_localhost(&e));
}

static void
test_docker(void)
{
	struct docker_conf dc;
	const char *why = NULL;
	unsigned line = 0, port = 0;
	char host[64];
	size_t len;
	char *buf = fixture_read("fixtures/svc/daemon.json", &len);

	docker_conf_init(&dc);
	T_EQ_INT(docker_json_parse(buf, len, &dc, &why, &line), 0);
	free(buf);
	T_EQ_INT(dc.nhosts, 2);
	T_EQ_STR(dc.nhosts > 1 ? dc.hosts[1].uri : "", "tcp://0.0.0.0:2375");
	T_EQ_INT(dc.nhosts > 1 ? dc.hosts[1].line : 0, 4);
	T_EQ_INT(dc.nhosts ? dc.hosts[0].line : 0, 3);
	T_EQ_STR(dc.group, "agents");
	T_EQ_INT(dc.group_line, 5);
	T_EQ_INT(dc.tls, 1);
	T_EQ_INT(dc.tlsverify, -1);
	printed(docker_conf_print(&dc),
	    "host \"unix:///var/run/docker.sock\"@3 daemon.json\n"
	    "host \"tcp://0.0.0.0:2375\"@4 daemon.json\n"
	    "tls 1 tlsverify -1@6 group \"agents\"@5\n");
	docker_conf_free(&dc);

	docker_conf_init(&dc);
	T_EQ_INT(docker_json_parse("[1,2]", 5, &dc, &why, &line), -1);
	T_EQ_STR(why, "not a JSON object");
	T_EQ_INT(docker_json_parse("{\n\"hosts\": [\n", 13, &dc, &why, &line),
	    -1);
	T_EQ_STR(why, "not valid JSON");
	T_OK(line >= 2);
	T_EQ_INT(docker_json_parse("{\"hosts\":1,\"hosts\":2}", 21, &dc, &why,
	    &line), -1);
	docker_conf_free(&dc);

	docker_conf_init(&dc);
	T_EQ_INT(dockerd_args_parse("/usr/bin/dockerd -H fd:// -Htcp://a:1 "
	    "--host=unix:///x.sock --host tcp://[::1]:2376 -H=:2377 "
	    "--tlsverify --group=ops", 9, 0, &dc), 1);
	T_EQ_INT(dc.nhosts, 5);
	T_EQ_STR(dc.nhosts > 3 ? dc.hosts[3].uri : "", "tcp://[::1]:2376");
	T_EQ_INT(dc.tlsverify, 1);
	T_EQ_STR(dc.group, "ops");
	T_EQ_INT(dc.group_line, 9);
	docker_conf_free(&dc);
	docker_conf_init(&dc);
	T_EQ_INT(dockerd_args_parse("/usr/bin/containerd -H tcp://x:1", 1, 0,
	    &dc), 0);
	T_EQ_INT(dc.nhosts, 0);
	T_EQ_INT(dockerd_args_parse("-@/usr/bin/docker daemon -H :4243 "
	    "--tls=false", 1, 0, &dc), 1);
	T_EQ_INT(dc.nhosts, 1);
	T_EQ_INT(dc.tls, 0);
	T_EQ_INT(dockerd_args_parse("-H 0.0.0.0:2375 -H", 1, 1, &dc), 1);
	T_EQ_INT(dc.nhosts, 2);
	docker_conf_free(&dc);

	T_EQ_INT(svc_tcp_uri("tcp://0.0.0.0:2375", 0, host, sizeof host,
	    &port), 1);
	T_EQ_STR(host, "0.0.0.0");
	T_EQ_INT(port, 2375);
	T_EQ_INT(svc_tcp_uri(":2377", 0, host, sizeof host, &port), 1);
	T_EQ_STR(host, "");
	T_EQ_INT(port, 2377);
	T_EQ_INT(svc_tcp_uri("tcp://[::1]:2376/path", 0, host, sizeof host,
	    &port), 1);
	T_EQ_STR(host, "::1");
	T_EQ_INT(svc_tcp_uri("tcp://10.1.2.3", 2375, host, sizeof host, &port),
	    1);
	T_EQ_INT(port, 2375);
	T_EQ_INT(svc_tcp_uri("unix:///var/run/docker.sock", 0, host,
	    sizeof host, &port), 0);
	T_EQ_INT(svc_tcp_uri("fd://", 0, host, sizeof host, &port), 0);
	T_EQ_INT(svc_tcp_uri("tcp://h:99999", 0, host, sizeof host, &port), -1);
	T_EQ_INT(svc_tcp_uri("tcp://[::1", 0, host, sizeof host, &port), -1);
}

/* the ExecStart of a real docker.service, through unitfile.h, into
 * dockerd's flags; a docker.socket's ListenStream and SocketMode */
static void
test_units(void)
{
	struct unit_file uf = { 0 };
	struct docker_conf dc;
	const char *exec = NULL, *listen = NULL, *mode = NULL;
	size_t len, i, nexec = 0;
	char *buf;

	buf = fixture_read("fixtures/svc/docker.service", &len);
	unit_parse(buf, len, &uf, err_cb, NULL);
	free(buf);
	for (i = 0; i < uf.n; i++)
		if (strcmp(uf.kv[i].key, "ExecStart") == 0) {
			exec = uf.kv[i].value;
			nexec++;
		}
	T_EQ_INT(nexec, 2);
	docker_conf_init(&dc);
	T_EQ_INT(dockerd_args_parse(exec ? exec : "", 9, 0, &dc), 1);
	T_EQ_INT(dc.nhosts, 2);
	T_EQ_STR(dc.nhosts > 1 ? dc.hosts[1].uri : "", "tcp://127.0.0.1:2376");
	T_EQ_INT(dc.tlsverify, 1);
	T_EQ_STR(dc.group, "docker ops");
	docker_conf_free(&dc);
	unit_file_free(&uf);

	buf = fixture_read("fixtures/svc/docker.socket", &len);
	unit_parse(buf, len, &uf, err_cb, NULL);
	free(buf);
	for (i = 0; i < uf.n; i++) {
		if (strcmp(uf.kv[i].key, "ListenStream") == 0)
			listen = uf.kv[i].value;
		if (strcmp(uf.kv[i].key, "SocketMode") == 0)
			mode = uf.kv[i].value;
	}
	T_EQ_STR(listen, "2375");
	T_EQ_STR(mode, "0666");
	unit_file_free(&uf);

	/* broken quoting: not a dockerd line */
	docker_conf_init(&dc);
	T_EQ_INT(dockerd_args_parse("/usr/bin/dockerd -H \"tcp://x", 1, 0,
	    &dc), 0);
	T_EQ_INT(dc.nhosts, 0);
	docker_conf_free(&dc);
}

static void
test_containerd(void)
{
	struct containerd_conf cc;
	size_t len;
	char *buf = fixture_read("fixtures/svc/containerd.toml", &len);

	containerd_conf_init(&cc);
	nerr = 0;
	containerd_toml_parse(buf, len, &cc, err_cb, NULL);
	free(buf);
	T_EQ_STR(cc.grpc_address, "/run/containerd/containerd.sock");
	T_EQ_INT(cc.grpc_address_line, 5);
	T_EQ_STR(cc.tcp_address, "0.0.0.0:7777");
	T_EQ_INT(cc.tcp_tls, 0);
	T_EQ_INT(cc.grpc_uid, 0);
	T_EQ_INT(cc.grpc_gid, 1001);
	T_EQ_INT(cc.grpc_gid_line, 8);
	T_EQ_STR(cc.debug_address, "/run/containerd/debug.sock");
	T_EQ_INT(cc.debug_gid, 1002);
	printed(containerd_conf_print(&cc), "grpc.address "
	    "\"/run/containerd/containerd.sock\"@5 grpc.tcp_address "
	    "\"0.0.0.0:7777\"@6 tcp_tls 0 grpc.gid 1001@8 grpc.uid 0 "
	    "debug.address \"/run/containerd/debug.sock\"@11 "
	    "debug.gid 1002@12\n");
	containerd_conf_free(&cc);

	containerd_conf_init(&cc);
	containerd_toml_parse("grpc.address = \"/x\"\n[grpc\naddress=1\n", 36,
	    &cc, err_cb, NULL);
	T_EQ_STR(cc.grpc_address, "/x");
	containerd_conf_free(&cc);
}

struct kv {
	char		*key[16];
	char		*val[16];
	unsigned	 line[16];
	size_t		 n;
};

static void
kv_cb(void *ctx, const char *key, const char *value, unsigned line)
{
	struct kv *kv = ctx;

	if (kv->n < 16) {
		kv->key[kv->n] = strdup(key);
		kv->val[kv->n] = strdup(value);
		kv->line[kv->n] = line;
		kv->n++;
	}
}

static void
test_sysctl(void)
{
	struct kv kv;
	struct sysctl_file *f;
	size_t len, i, nf;
	char *buf = fixture_read("fixtures/svc/sysctl-99.conf", &len);
	char *d0[] = { "99-privmap.conf", "50-x.conf", "README" };
	char *d1[] = { "50-x.conf", "10-run.conf" };
	char *d3[] = { "50-default.conf", "99-privmap.conf", "a/b.conf",
	    ".conf" };
	char **names[5] = { d0, d1, NULL, d3, NULL };
	size_t n[5] = { 3, 2, 0, 4, 0 };
	char key[64];

	memset(&kv, 0, sizeof kv);
	nerr = 0;
	T_EQ_INT(sysctl_conf_parse(buf, len, kv_cb, err_cb, &kv), 5);
	free(buf);
	T_EQ_INT(nerr, 2);
	T_EQ_STR(kv.key[0], "kernel.yama.ptrace_scope");
	T_EQ_STR(kv.val[0], "0");
	T_EQ_INT(kv.line[0], 3);
	T_EQ_STR(kv.key[1], "fs.protected_symlinks");
	T_EQ_STR(kv.key[2], "kernel.unprivileged_bpf_disabled");
	T_EQ_STR(kv.val[4], "1");
	for (i = 0; i < kv.n; i++) {
		free(kv.key[i]);
		free(kv.val[i]);
	}
	strcpy(key, "net/ipv4/conf/eth0.1/rp_filter");
	sysctl_key_normalize(key);
	T_EQ_STR(key, "net.ipv4.conf.eth0/1.rp_filter");

	nf = sysctl_order(names, n, &f);
	T_EQ_INT(nf, 4);
	T_EQ_STR(nf > 0 ? f[0].path : "", "/run/sysctl.d/10-run.conf");
	T_EQ_STR(nf > 1 ? f[1].path : "", "/usr/lib/sysctl.d/50-default.conf");
	T_EQ_STR(nf > 2 ? f[2].path : "", "/etc/sysctl.d/50-x.conf");
	T_EQ_STR(nf > 3 ? f[3].path : "", "/etc/sysctl.d/99-privmap.conf");
	sysctl_files_free(f, nf);
}

int
main(void)
{
	test_redis();
	test_pg();
	test_addr();
	test_docker();
	test_units();
	test_containerd();
	test_sysctl();
	T_DONE();
}
