/*
 * localhost-service.c: services on this host that another user (root
 * above all) runs and that hand control to whoever connects. Identified
 * by port, process and owner only: privmap never connects or sends.
 *
 * Live host: listening TCP sockets (/proc/net/tcp, tcp6: loopback,
 * wildcard and this host's own addresses, all reachable locally) and
 * listening unix sockets (/proc/net/unix), each mapped through
 * /proc/PID/fd to its process and owner. Grades come from
 * known/services.c by what a connection gives and who runs it; a
 * root process on any other port is low, with its name.
 *
 * Every mode (the only source in --root and image scans): what the
 * configuration sets up at boot: redis.conf (bind, port, protected-mode,
 * requirepass and ACL users, Redis 7's protected configs), pg_hba.conf
 * trust lines reachable from this host, Docker's TCP API (daemon.json
 * "hosts", dockerd -H in its unit or DOCKER_OPTS, a TCP docker.socket),
 * containerd's [grpc] tcp_address, a podman service on tcp:. On a live
 * host these facts join the finding of the listener they configure; a
 * configured service that is not running is reported one grade lower.
 */
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "known/known.h"
#include "checks/live.h"
#include "checks/svcfiles.h"
#include "lib/bounds.h"
#include "lib/lines.h"
#include "lib/num.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "parse/pgconf.h"

/* a service the configuration sets up */
struct ls_plan {
	unsigned	 port;		/* TCP port, 0 if none */
	const char	*service;	/* a known_services name */
	enum severity	 sev;		/* what a connection gives, by config */
	int		 locked;	/* needs credentials the user lacks */
	int		 code;		/* a connection runs code */
	char		*file;
	unsigned	 line;
	char		*cause;
	char		*title;		/* the finding's title, config-only */
	char		*path;		/* the finding's path, config-only */
	json_t		*ev;		/* evidence object */
	int		 matched;	/* a live listener carried it */
};

struct ls {
	struct scan	*s;
	struct ls_plan	*plans;
	size_t		 nplans;
};

static const char *
ls_who(struct scan *s)
{
	return s->user.name ? s->user.name : "the user";
}

static struct ls_plan *
ls_plan_new(struct ls *l, unsigned port, const char *service,
    enum severity sev, const char *file, unsigned line)
{
	struct ls_plan *p;

	l->plans = xreallocarray(l->plans, l->nplans + 1, sizeof *l->plans);
	p = &l->plans[l->nplans++];
	memset(p, 0, sizeof *p);
	p->port = port;
	p->service = service;
	p->sev = sev;
	p->file = xstrdup(file);
	p->line = line;
	p->ev = json_object();
	json_object_set_new(p->ev, "file", json_string(file));
	if (line)
		json_object_set_new(p->ev, "line", json_integer(line));
	return p;
}

static enum severity
ls_lower(enum severity s)
{
	return s > SEV_LOW ? s - 1 : s;
}

/* ---- Redis ---------------------------------------------------------- */

static void
ls_redis_file(struct ls *l, const char *path, struct redis_conf *rc,
    int depth)
{
	struct scan *s = l->s;
	struct live_err le = { s, path, 0 };
	char *buf;
	size_t len, first, i;

	if (depth > MAX_INCLUDE_DEPTH) {
		report_add_error(s->rep, path, "include nesting too deep");
		return;
	}
	if (scan_read(s, path, &buf, &len) == -1)
		return;
	first = rc->nincludes;
	redis_conf_parse(buf, len, rc, live_parse_err, &le);
	free(buf);
	/* includes apply where they appear; following them after the file
	 * is close enough for the directives privmap reads */
	for (i = first; i < rc->nincludes && i < first + 16; i++)
		if (rc->includes[i][0] == '/')
			ls_redis_file(l, rc->includes[i], rc, depth + 1);
}

/* what a client from this host gets from one redis.conf */
static void
ls_redis(struct ls *l, const char *path)
{
	struct scan *s = l->s;
	struct redis_conf rc;
	struct ls_plan *p;
	enum severity sev;
	int readable, code, open;
	unsigned port;
	struct stat st;

	if (tv_stat(s->tv, path, &st) == -1 || !S_ISREG(st.st_mode))
		return;
	redis_conf_init(&rc);
	ls_redis_file(l, path, &rc, 0);
	port = rc.port < 0 ? 6379 : (unsigned)rc.port;
	readable = access_can(s->acc, path, ACC_READ) == ACC_YES;
	/* loopback clients are let in even in protected mode (Redis docs,
	 * "Protected mode"); a password read from the file is no lock */
	open = !rc.default_off && (!rc.default_auth || readable);
	/* Redis 7 refuses CONFIG SET dir/dbfilename (protected configs)
	 * and MODULE LOAD unless enabled; older ones allow both */
	code = !rc.redis7 || rc.protected_configs > 0 || rc.module_command > 0;
	if (!open)
		sev = SEV_LOW;
	else
		sev = code ? SEV_HIGH : SEV_MEDIUM;
	if (port) {
		p = ls_plan_new(l, port, "Redis", sev, path, rc.port_line);
		p->locked = !open;
		p->code = open && code;
		p->cause = xasprintf("redis:%u", port);
		p->path = xasprintf("tcp://127.0.0.1:%u", port);
		p->title = xasprintf("%s configures Redis on port %u %s",
		    path, port, !open ? "with a password the user cannot "
		    "read" : code ? "open to local clients, with CONFIG SET "
		    "and MODULE LOAD" : "open to local clients");
		if (rc.bind)
			json_object_set_new(p->ev, "bind", json_string(rc.bind));
		if (rc.bind_line)
			json_object_set_new(p->ev, "bind_line",
			    json_integer(rc.bind_line));
		json_object_set_new(p->ev, "protected_mode", json_boolean(
		    rc.protected_mode != 0));
		json_object_set_new(p->ev, "password_required",
		    json_boolean(rc.default_auth && !rc.default_off));
		if (rc.auth_line)
			json_object_set_new(p->ev, "auth_line",
			    json_integer(rc.auth_line));
		json_object_set_new(p->ev, "config_readable_by_user",
		    json_boolean(readable));
		json_object_set_new(p->ev, "code_execution", json_boolean(code));
		if (rc.aclfile)
			json_object_set_new(p->ev, "aclfile", json_true());
	}
	/* unixsocketperm granting others (or a group the user is in) */
	if (rc.unixsocket && rc.unixsocketperm >= 0 && open &&
	    (rc.unixsocketperm & 0002)) {
		p = ls_plan_new(l, 0, "Redis", code ? SEV_HIGH : SEV_MEDIUM,
		    path, rc.us_line);
		p->code = code;
		p->cause = xasprintf("redis-unix:%s", rc.unixsocket);
		p->path = xstrdup(rc.unixsocket[0] == '/' ? rc.unixsocket :
		    path);
		p->title = xasprintf("%s makes the Redis socket %s "
		    "world-writable (unixsocketperm %lo)", path, rc.unixsocket,
		    (unsigned long)rc.unixsocketperm);
		json_object_set_new(p->ev, "unixsocket",
		    json_string(rc.unixsocket));
		json_object_set_new(p->ev, "unixsocketperm",
		    json_integer(rc.unixsocketperm));
	}
	redis_conf_free(&rc);
}

static void
ls_redis_all(struct ls *l)
{
	struct scan *s = l->s;
	char **names = NULL, *p;
	size_t n = 0, i;

	/* Debian: /etc/redis/redis.conf (and redis-NAME.conf instances);
	 * Fedora/RHEL: /etc/redis.conf, newer /etc/redis/redis.conf */
	ls_redis(l, "/etc/redis.conf");
	if (tv_list(s->tv, "/etc/redis", &names, &n) == 0) {
		for (i = 0; i < n; i++) {
			size_t len = strlen(names[i]);

			if (len <= 5 || strcmp(names[i] + len - 5, ".conf") ||
			    strncmp(names[i], "sentinel", 8) == 0)
				continue;
			p = path_join("/etc/redis", names[i]);
			ls_redis(l, p);
			free(p);
		}
		tv_list_free(names, n);
	}
}

/* ---- PostgreSQL ------------------------------------------------------ */

/* "port = 5433" in postgresql.conf beside pg_hba.conf
 * (parse/pgconf.h) */
static unsigned
ls_pg_port(struct scan *s, const char *dir)
{
	char *path = path_join(dir, "postgresql.conf"), *buf;
	struct pg_conf pc;
	size_t len;

	pc.port = 0;
	if (scan_read(s, path, &buf, &len) == 0) {
		pg_conf_parse(buf, len, &pc, NULL, NULL);
		free(buf);
	}
	free(path);
	return pc.port ? pc.port : PG_DEFAULT_PORT;
}

static void
ls_pg_file(struct ls *l, const char *path, unsigned port, int depth)
{
	struct scan *s = l->s;
	struct live_err le = { s, path, 0 };
	struct pg_hba h;
	char *buf;
	size_t len, i;

	if (depth > MAX_INCLUDE_DEPTH)
		return;
	if (scan_read(s, path, &buf, &len) == -1)
		return;
	memset(&h, 0, sizeof h);
	pg_hba_parse(buf, len, &h, live_parse_err, &le);
	free(buf);
	for (i = 0; i < h.n; i++) {
		const struct pg_hba_entry *e = &h.e[i];
		int super;
		struct ls_plan *p;

		if (strcmp(e->method, "trust") != 0 ||
		    !pg_hba_from_localhost(e))
			continue;
		/* "postgres" is the superuser initdb creates; "all" holds
		 * it (PostgreSQL docs, "Database roles") */
		super = pg_hba_list_has(e->user, "postgres");
		p = ls_plan_new(l, port, "PostgreSQL", super ? SEV_HIGH :
		    SEV_MEDIUM, path, e->line);
		p->code = super;
		p->cause = xasprintf("pg-trust:%s:%s:%s:%s", e->type,
		    e->database, e->user, e->address ? e->address : "");
		p->path = xstrdup(path);
		p->title = xasprintf("pg_hba.conf trusts %s connections from "
		    "this host for user %s, database %s, without a password%s",
		    e->type, e->user, e->database, super ?
		    ": a superuser login runs commands as the server's user" :
		    "");
		json_object_set_new(p->ev, "type", json_string(e->type));
		json_object_set_new(p->ev, "database",
		    json_string(e->database));
		json_object_set_new(p->ev, "user", json_string(e->user));
		if (e->address)
			json_object_set_new(p->ev, "address",
			    json_string(e->address));
		json_object_set_new(p->ev, "method", json_string(e->method));
		json_object_set_new(p->ev, "port", json_integer(port));
	}
	/* include, include_if_exists, include_dir (PostgreSQL 16):
	 * relative names are relative to this file's directory */
	for (i = 0; i < h.nincludes && i < 16; i++) {
		char *dir = path_dirname(path), *inc;
		struct stat st;

		inc = h.includes[i][0] == '/' ? xstrdup(h.includes[i]) :
		    path_join(dir, h.includes[i]);
		free(dir);
		if (tv_stat(s->tv, inc, &st) == 0 && S_ISDIR(st.st_mode)) {
			char **names = NULL;
			size_t nn = 0, j;

			if (tv_list(s->tv, inc, &names, &nn) == 0) {
				for (j = 0; j < nn && j < 256; j++) {
					size_t k = strlen(names[j]);
					char *f;

					if (k <= 5 || strcmp(names[j] + k - 5,
					    ".conf"))
						continue;
					f = path_join(inc, names[j]);
					ls_pg_file(l, f, port, depth + 1);
					free(f);
				}
				tv_list_free(names, nn);
			}
		} else
			ls_pg_file(l, inc, port, depth + 1);
		free(inc);
	}
	pg_hba_free(&h);
}

static void
ls_pg_dir(struct ls *l, const char *dir)
{
	char *hba = path_join(dir, "pg_hba.conf");
	struct stat st;

	if (tv_stat(l->s->tv, hba, &st) == 0 && S_ISREG(st.st_mode))
		ls_pg_file(l, hba, ls_pg_port(l->s, dir), 0);
	free(hba);
}

/* each name under dir, then sub (may be NULL) under it, as a data or
 * config directory holding pg_hba.conf */
static void
ls_pg_glob(struct ls *l, const char *dir, const char *sub, int levels)
{
	char **names = NULL;
	size_t n = 0, i;

	if (tv_list(l->s->tv, dir, &names, &n) == -1)
		return;
	for (i = 0; i < n && i < 256; i++) {
		char *p = path_join(dir, names[i]), *q;

		if (levels > 1)
			ls_pg_glob(l, p, sub, levels - 1);
		else {
			q = sub ? path_join(p, sub) : xstrdup(p);
			ls_pg_dir(l, q);
			free(q);
		}
		free(p);
	}
	tv_list_free(names, n);
}

static void
ls_pg_all(struct ls *l)
{
	/* Debian: /etc/postgresql/VERSION/CLUSTER/; RHEL: /var/lib/pgsql/
	 * data or /var/lib/pgsql/VERSION/data; the postgres image:
	 * /var/lib/postgresql/data */
	ls_pg_glob(l, "/etc/postgresql", NULL, 2);
	ls_pg_dir(l, "/var/lib/pgsql/data");
	ls_pg_glob(l, "/var/lib/pgsql", "data", 1);
	ls_pg_dir(l, "/var/lib/postgresql/data");
}

/* ---- container runtimes' TCP APIs ------------------------------------ */

static void
ls_tcp_plan(struct ls *l, const char *uri, unsigned port, const char *host,
    const char *service, enum severity sev, const char *file,
    unsigned line, const char *what)
{
	struct ls_plan *p = ls_plan_new(l, port, service, sev, file, line);
	int any = host[0] == '\0' || strcmp(host, "0.0.0.0") == 0 ||
	    strcmp(host, "::") == 0 || strcmp(host, "*") == 0;

	p->code = sev >= SEV_HIGH;
	p->cause = xasprintf("%s:%u", service, port);
	if (any || strcmp(host, "localhost") == 0)
		p->path = xasprintf("tcp://127.0.0.1:%u", port);
	else if (strchr(host, ':'))
		p->path = xasprintf("tcp://[%s]:%u", host, port);
	else
		p->path = xasprintf("tcp://%s:%u", host, port);
	p->title = xasprintf("%s configures the %s on %s%s", file, service,
	    p->path, what);
	json_object_set_new(p->ev, "listen", json_string(uri));
	if (any)
		json_object_set_new(p->ev, "all_interfaces", json_true());
}

static void
ls_runtimes(struct ls *l)
{
	struct svcfiles sf;
	char host[256];
	unsigned port;
	size_t i;
	int verify;

	svcfiles_load(l->s, &sf);
	/* dockerd(8): --tlsverify authenticates clients; --tls alone only
	 * encrypts, and anyone may connect */
	verify = sf.docker.tlsverify == 1;
	for (i = 0; i < sf.docker.nhosts; i++) {
		const struct docker_host *h = &sf.docker.hosts[i];

		if (svc_tcp_uri(h->uri, sf.docker.tls == 1 || verify ? 2376 :
		    2375, host, sizeof host, &port) != 1)
			continue;
		ls_tcp_plan(l, h->uri, port, host, verify ?
		    "Docker Engine API (TLS)" : "Docker Engine API",
		    verify ? SEV_LOW : SEV_CRITICAL, h->from ? h->from :
		    "/etc/docker/daemon.json", h->line, verify ?
		    " with client certificates required (--tlsverify)" :
		    " without client authentication");
	}
	for (i = 0; i < sf.docker_socket.nlisten; i++) {
		const struct svc_val *v = &sf.docker_socket.listen[i];

		if (svc_listen_tcp(v->val, host, sizeof host, &port) != 1)
			continue;
		ls_tcp_plan(l, v->val, port, host, "Docker Engine API",
		    SEV_CRITICAL, v->file, v->line, " (docker.socket "
		    "ListenStream=), with no client authentication");
	}
	if (sf.containerd.tcp_address &&
	    svc_tcp_uri(sf.containerd.tcp_address, 0, host, sizeof host,
	    &port) == 1 && port)
		ls_tcp_plan(l, sf.containerd.tcp_address, port, host,
		    "containerd API", sf.containerd.tcp_tls ? SEV_LOW :
		    SEV_CRITICAL, sf.containerd_file, sf.containerd.tcp_line,
		    sf.containerd.tcp_tls ? " over TLS" : " without TLS: "
		    "anyone connecting runs privileged containers");
	for (i = 0; i < sf.npodman_tcp; i++) {
		const struct svc_val *v = &sf.podman_tcp[i];
		const char *u = v->val + 4;

		while (*u == '/')
			u++;
		if (svc_tcp_uri(u, 0, host, sizeof host, &port) != 1 || !port)
			continue;
		ls_tcp_plan(l, v->val, port, host, "Podman API",
		    SEV_CRITICAL, v->file, v->line, " over plain TCP: "
		    "podman-system-service(1) has no authentication");
	}
	svcfiles_free(&sf);
}

/* ---- live listeners --------------------------------------------------- */

struct ls_live {
	struct procs		ps;
	struct sockmap		sm;
	struct inetsocks	tcp;
	struct unixsocks	ux;
};

/* the process holding a socket: the lowest pid (a master before its
 * workers), or NULL when /proc/PID/fd could not be read */
static const struct proc *
ls_owner_proc(const struct ls_live *lv, unsigned long inode)
{
	const struct sockmap_ent *e;

	if (inode == 0 || sockmap_find(&lv->sm, inode, &e) == 0)
		return NULL;
	return procs_by_pid(&lv->ps, e->pid);
}

static json_t *
ls_proc_json(struct scan *s, const struct proc *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "pid", json_integer(p->pid));
	json_object_set_new(o, "name", json_string(p->st.name));
	if (p->exe)
		json_object_set_new(o, "exe", json_string(p->exe));
	json_object_set_new(o, "owner", live_owner_json(s, p->st.uid[1]));
	return o;
}

/* the plan a listener carries out: same port, same service family */
static struct ls_plan *
ls_plan_for(struct ls *l, unsigned port, const char *service)
{
	size_t i;

	for (i = 0; i < l->nplans; i++) {
		struct ls_plan *p = &l->plans[i];

		if (p->port != port || p->port == 0)
			continue;
		if (service == NULL || strncmp(p->service, service,
		    strlen(p->service) < strlen(service) ?
		    strlen(p->service) : strlen(service)) == 0)
			return p;
	}
	return NULL;
}

static enum severity
ls_live_sev(const struct known_service *k, const struct ls_plan *p,
    uid_t owner)
{
	if (p) {
		if (p->locked)
			return SEV_LOW;
		/* the config tells what a connection gives; root running
		 * it makes code execution root */
		if (p->code && owner == 0)
			return SEV_CRITICAL;
		return p->sev;
	}
	if (k == NULL)
		return owner == 0 ? SEV_LOW : SEV_INFO;
	return owner == 0 ? k->sev_root : k->sev_user;
}

/* rank of a listener's address for the path: IPv4 loopback or wildcard
 * first, then IPv6, then a specific address */
static int
ls_addr_rank(const struct inetsock *t)
{
	int kind = netsock_addr_kind(t);

	if (t->family == AF_INET || kind != NETADDR_OTHER)
		return (t->family == AF_INET ? 0 : 2) +
		    (kind == NETADDR_OTHER ? 4 : 0);
	return 6;
}

static void
ls_tcp_listeners(struct ls *l, struct ls_live *lv)
{
	struct scan *s = l->s;
	size_t i, j;
	unsigned char *done = xcalloc(lv->tcp.n + 1, 1);

	for (i = 0; i < lv->tcp.n; i++) {
		const struct inetsock *t = &lv->tcp.s[i], *best = t;
		const struct proc *pr;
		const struct known_service *k;
		struct ls_plan *plan;
		struct finding *f;
		enum severity sev;
		json_t *addrs;
		uid_t owner;
		char url[NETSOCK_URLSTRLEN], a[NETSOCK_ADDRSTRLEN], cause[32];

		if (done[i] || t->state != TCP_ST_LISTEN)
			continue;
		/* one finding per port: every address it listens on */
		addrs = json_array();
		for (j = i; j < lv->tcp.n; j++) {
			const struct inetsock *u = &lv->tcp.s[j];

			if (done[j] || u->state != TCP_ST_LISTEN ||
			    u->lport != t->lport)
				continue;
			done[j] = 1;
			netsock_addr_str(u, a, sizeof a);
			json_array_append_new(addrs, json_string(a));
			if (ls_addr_rank(u) < ls_addr_rank(best))
				best = u;
		}
		pr = ls_owner_proc(lv, best->inode);
		owner = pr ? pr->st.uid[1] : best->uid;
		if (owner == s->user.uid) {
			json_decref(addrs);
			continue;
		}
		k = known_service_tcp(best->lport, pr ? pr->st.name : NULL);
		plan = ls_plan_for(l, best->lport, k ? k->name : NULL);
		sev = ls_live_sev(k, plan, owner);
		if (k == NULL && plan == NULL && owner != 0) {
			/* another unprivileged user's unknown service */
			json_decref(addrs);
			continue;
		}
		netsock_url(best, url, sizeof url);
		snprintf(cause, sizeof cause, "listen:%u", best->lport);
		if (k || plan)
			f = report_add(s->rep, &check_localhost_service.who,
			    sev, plan && plan->code ? 0.9 : 0.6, url, cause,
			    "%s on %s, run by %s%s%s%s%s", k ? k->name :
			    plan->service, url, live_user_name(s, owner) ?
			    live_user_name(s, owner) : "another user", pr ?
			    " as " : "", pr ? pr->st.name : "", k ? ": " : "",
			    k ? k->gives : "");
		else
			f = report_add(s->rep, &check_localhost_service.who,
			    sev, 0.3, url, cause,
			    "a root process (%s) listens on %s", pr ?
			    pr->st.name : "unknown", url);
		/* control of the service: code as its owner */
		if (sev >= SEV_HIGH)
			scan_grant_user(s, f, owner, WAIT_NOW,
			    plan && plan->code);
		finding_ev_int(f, "port", best->lport);
		finding_ev_json(f, "addresses", addrs);
		finding_ev_json(f, "owner", live_owner_json(s, owner));
		finding_ev_int(f, "socket_uid", (long long)best->uid);
		finding_ev_int(f, "socket_inode", (long long)best->inode);
		if (pr)
			finding_ev_json(f, "process", ls_proc_json(s, pr));
		else
			finding_ev_str(f, "process", "not mapped: /proc/PID/fd "
			    "of the owner is not readable (run privmap as "
			    "root to name it)");
		if (k) {
			finding_ev_str(f, "service", k->name);
			finding_ev_str(f, "gives", k->gives);
		} else if (plan)
			finding_ev_str(f, "service", plan->service);
		if (plan) {
			plan->matched = 1;
			finding_ev_json(f, "config", json_incref(plan->ev));
			finding_ev_str(f, "config_file", plan->file);
		} else if (k && strcmp(k->name, "Redis") == 0)
			finding_ev_str(f, "auth", "unknown: no redis.conf "
			    "was read");
		finding_set_remediation(f, "bind the service to a unix socket "
		    "only its clients can open, or require authentication "
		    "on it; stop it if unused (port %u)", best->lport);
		{
			char target[64];

			snprintf(target, sizeof target, "127.0.0.1:%u",
			    best->lport);
			finding_close(f, CLOSE_PORT, target);
		}
		/* the audit output makes a connect() rule of the deny
		 * entry; an unscoped one would log every connect */
	}
	free(done);
}

static void
ls_unix_listeners(struct ls *l, struct ls_live *lv)
{
	struct scan *s = l->s;
	size_t i;

	for (i = 0; i < lv->ux.n; i++) {
		const struct unixsock *u = &lv->ux.s[i];
		const struct proc *pr;
		const struct known_service *k;
		struct finding *f;
		enum severity sev;
		uid_t owner;
		int can, abstract;
		struct stat st;
		const char *path;

		if (!(u->flags & UNIX_FL_ACCEPTCON) || u->path == NULL)
			continue;
		abstract = u->path[0] == '@';
		/* runtime sockets are container-socket's */
		if (!abstract && (known_socket_by_path(u->path) ||
		    known_socket_by_name(path_basename(u->path))))
			continue;
		pr = ls_owner_proc(lv, u->inode);
		k = known_service_unix(u->path, pr ? pr->st.name : NULL);
		if (k == NULL)
			continue;
		if (abstract) {
			/* no file, no permission bits (unix(7)) */
			can = ACC_YES;
			owner = pr ? pr->st.uid[1] : 0;
			path = "/proc/net/unix";
		} else {
			if (u->path[0] != '/' ||
			    tv_lstat(s->tv, u->path, &st) == -1 ||
			    !S_ISSOCK(st.st_mode))
				continue;
			can = access_can(s->acc, u->path, ACC_WRITE);
			owner = pr ? pr->st.uid[1] : st.st_uid;
			path = u->path;
		}
		if (can != ACC_YES || owner == s->user.uid)
			continue;
		if (pr == NULL && abstract)
			continue;	/* owner unknown */
		sev = owner == 0 ? k->sev_root : k->sev_user;
		{
			struct ls_plan *plan = NULL;
			unsigned long pgport;
			const char *dot = strstr(u->path, ".s.PGSQL.");

			if (dot && parse_ulong(dot + 9, 65535, &pgport) == 0)
				plan = ls_plan_for(l, (unsigned)pgport,
				    "PostgreSQL");
			if (plan && strcmp(plan->service, k->name) == 0) {
				sev = ls_live_sev(k, plan, owner);
				plan->matched = 1;
			}
			f = report_add(s->rep, &check_localhost_service.who,
			    sev, 0.6, path, u->path,
			    "%s can connect to %s on %s, run by %s: %s",
			    ls_who(s), k->name, u->path, live_user_name(s,
			    owner) ? live_user_name(s, owner) : "another user",
			    k->gives);
			if (plan && plan->matched)
				finding_ev_json(f, "config",
				    json_incref(plan->ev));
			if (sev >= SEV_HIGH)
				scan_grant_user(s, f, owner, WAIT_NOW,
				    plan && plan->code);
		}
		finding_ev_str(f, "socket", u->path);
		finding_ev_bool(f, "abstract", abstract);
		finding_ev_json(f, "owner", live_owner_json(s, owner));
		if (pr)
			finding_ev_json(f, "process", ls_proc_json(s, pr));
		finding_ev_str(f, "service", k->name);
		finding_set_remediation(f, "restrict the socket %s to the "
		    "service's own clients (mode 0660 and a dedicated group)",
		    u->path);
		if (!abstract)
			finding_close(f, CLOSE_CONNECT, u->path);
		/* the audit output makes a connect() rule of the deny
		 * entry; an unscoped one would log every connect */
	}
}

static void
ls_live(struct ls *l)
{
	struct scan *s = l->s;
	struct ls_live lv;
	struct live_err le_tcp = { s, "/proc/net/tcp", 0 };
	struct live_err le_ux = { s, "/proc/net/unix", 0 };

	memset(&lv, 0, sizeof lv);
	if (procfs_procs(&lv.ps, PROCFS_EXE) == -1)
		scan_errno(s, "/proc", "cannot list processes");
	procfs_sockmap(&lv.ps, &lv.sm);
	if (lv.sm.denied)
		report_add_note(s->rep, "localhost services: the sockets of "
		    "%zu processes could not be mapped to them (their "
		    "/proc/PID/fd is not readable); owners come from the "
		    "socket tables", lv.sm.denied);
	if (procfs_inet(&lv.tcp, live_parse_err, &le_tcp) == -1)
		scan_errno(s, "/proc/net/tcp", "cannot read");
	if (procfs_unix(&lv.ux, live_parse_err, &le_ux) == -1)
		scan_errno(s, "/proc/net/unix", "cannot read");
	ls_tcp_listeners(l, &lv);
	ls_unix_listeners(l, &lv);
	procs_free(&lv.ps);
	sockmap_free(&lv.sm);
	inetsocks_free(&lv.tcp);
	unixsocks_free(&lv.ux);
}

/* configured services no live listener carried */
static void
ls_config_findings(struct ls *l)
{
	struct scan *s = l->s;
	size_t i;

	for (i = 0; i < l->nplans; i++) {
		struct ls_plan *p = &l->plans[i];
		enum severity sev = p->sev;
		struct finding *f;

		if (p->matched || p->locked)
			continue;
		/* on a live host it is not running now: it would be after
		 * a restart or the next boot */
		if (s->flags & SCAN_LIVE)
			sev = ls_lower(sev);
		f = report_add(s->rep, &check_localhost_service.who,
		    sev, p->code ? 0.8 : 0.5, p->path, p->cause, "%s",
		    p->title);
		finding_ev_json(f, "config", json_incref(p->ev));
		finding_ev_str(f, "config_file", p->file);
		if (p->line)
			finding_ev_int(f, "config_line", p->line);
		finding_ev_str(f, "service", p->service);
		finding_ev_bool(f, "running", 0);
		finding_ev_bool(f, "live", (s->flags & SCAN_LIVE) != 0);
		finding_set_remediation(f, "change %s (line %u): require "
		    "authentication, or listen on a unix socket only its "
		    "clients can open", p->file, p->line);
		finding_watch(s->rep, f, p->file, 0, "wa");
		if (p->port) {
			char target[64];

			snprintf(target, sizeof target, "127.0.0.1:%u",
			    p->port);
			finding_close(f, CLOSE_PORT, target);
		}
	}
}

static int
ls_report(struct scan *s, void **priv)
{
	struct ls l;
	size_t i;

	(void)priv;
	if (s->user.uid == 0) {
		report_add_note(s->rep, "localhost services: the user is "
		    "root; not evaluated");
		return 0;
	}
	memset(&l, 0, sizeof l);
	l.s = s;
	ls_redis_all(&l);
	ls_pg_all(&l);
	ls_runtimes(&l);
	if (s->flags & SCAN_LIVE)
		ls_live(&l);
	ls_config_findings(&l);
	for (i = 0; i < l.nplans; i++) {
		free(l.plans[i].file);
		free(l.plans[i].cause);
		free(l.plans[i].title);
		free(l.plans[i].path);
		json_decref(l.plans[i].ev);
	}
	free(l.plans);
	return 0;
}

const struct check check_localhost_service = {
	.who = { "localhost-service", "localhost-service" },
	.report = ls_report,
};
