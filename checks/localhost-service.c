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
 * containerd's [grpc] tcp_address, a podman service on tcp:, etcd's
 * client URLs without client certificates (its environment file), the
 * kubelet's anonymous AlwaysAllow API and read-only port. On a
 * live host these facts join the finding of the listener they configure; a
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
#include "engine/pkgver.h"
#include "parse/pgconf.h"
#include "parse/unitfile.h"
#include "parse/yamlkeys.h"

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
	char		*runas;		/* the account a connection's code
					 * runs as, if the config says */
	int		 runas_root;
};

struct ls {
	struct scan	*s;
	struct ls_plan	*plans;
	size_t		 nplans;
	char		*redis_version;	/* the installed package's */
	int		 redis_major;	/* its major number, -1 unknown */
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

static void
ls_plan_runas(struct ls_plan *p, const char *who, int root)
{
	free(p->runas);
	p->runas = who ? xstrdup(who) : NULL;
	p->runas_root = who && root;
}

static enum severity
ls_lower(enum severity s)
{
	return s > SEV_LOW ? s - 1 : s;
}

/* the account a connection's code runs as, for the escalation graph:
 * owner (a uid, or (uid_t)-1 for the one the configuration names) */
static void
ls_grant(struct scan *s, struct finding *f, const struct ls_plan *p,
    uid_t owner, enum grant_wait wait)
{
	const struct pwent *pw;

	if (p == NULL || !p->code || p->locked)
		return;
	if (owner == (uid_t)-1) {
		if (p->runas_root) {
			finding_grant(f, GRANT_ROOT, 0, NULL, wait, 0);
			return;
		}
		if (p->runas == NULL ||
		    (pw = userdb_user_by_name(&s->db, p->runas)) == NULL)
			return;
		owner = pw->uid;
	}
	if (owner == s->user.uid)
		return;
	pw = userdb_user_by_uid(&s->db, owner);
	finding_grant(f, owner == 0 ? GRANT_ROOT : GRANT_USER, owner,
	    pw ? pw->name : NULL, wait, strcmp(p->service, "PostgreSQL") == 0);
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

/* the aclfile a redis.conf names: its default user decides (Redis
 * refuses "user" lines in redis.conf beside an aclfile) */
static void
ls_redis_acl(struct ls *l, const char *path, struct redis_conf *rc)
{
	struct live_err le = { l->s, path, 0 };
	char *buf;
	size_t len;

	if (scan_read(l->s, path, &buf, &len) == -1)
		return;
	redis_acl_parse(buf, len, rc, live_parse_err, &le);
	free(buf);
}

/* The unit that runs a redis.conf: Debian's redis-server.service for
 * redis.conf and redis-server@NAME.service for redis-NAME.conf, Fedora's
 * redis.service. 0 with *run filled, or -1 (none found). */
static int
ls_redis_unit(struct scan *s, const char *conf, struct svc_run *run)
{
	const char *base = path_basename(conf);
	size_t n = strlen(base);
	char *inst;
	int r;

	if (strncmp(base, "redis-", 6) == 0 && n > 11 &&
	    strcmp(base + n - 5, ".conf") == 0) {
		inst = xasprintf("redis-server@%.*s.service", (int)(n - 11),
		    base + 6);
		r = svc_run_load(s, inst, run);
		free(inst);
		return r;
	}
	if (svc_run_load(s, "redis-server.service", run) == 0)
		return 0;
	svc_run_free(run);
	return svc_run_load(s, "redis.service", run);
}

/* what a Redis client can make the server do, and as whom */
struct ls_redis_power {
	int		 v7;		/* Redis >= 7 */
	int		 files;		/* CONFIG SET dir/dbfilename: writes
					 * files where the server can */
	int		 module;	/* MODULE LOAD: runs code */
	const char	*who;		/* runs as; NULL unknown */
	int		 root;
	enum severity	 sev;		/* for an open server */
};

static void
ls_redis_power(const struct redis_conf *rc, int major,
    const struct svc_run *run, struct ls_redis_power *pw)
{
	/* Redis 7.0 added enable-protected-configs, enable-debug-command
	 * and enable-module-command, each "no" by default: CONFIG SET of
	 * protected configs (dir, dbfilename...) and MODULE LOAD are then
	 * refused; "local" admits loopback clients, privmap's user among
	 * them (redis.conf of 7.0, "SECURITY"; Redis docs, "Redis
	 * configuration"). Before 7.0 neither was restricted. The
	 * package's version decides when it is known: Debian ships the
	 * 7-only directives commented out. */
	pw->v7 = major >= 0 ? major >= 7 : rc->redis7;
	pw->files = !pw->v7 || rc->protected_configs > 0;
	/* a module is a shared object the server maps executable:
	 * NoExecPaths=/ forbids that everywhere (systemd.exec(5)) */
	pw->module = (!pw->v7 || rc->module_command > 0) &&
	    !(run->present && run->noexec_all);
	pw->who = run->present ? svc_run_user(run) : NULL;
	pw->root = pw->who && strcmp(pw->who, "root") == 0;
	if (!pw->files && !pw->module)
		pw->sev = SEV_LOW;	/* its data, not code */
	else if (!run->present)
		pw->sev = SEV_HIGH;	/* runs as whoever starts it */
	else if (pw->root)
		/* ProtectSystem=strict leaves root's writes to the paths
		 * the unit names; a module still runs as root */
		pw->sev = run->protect_system == 3 && !pw->module ?
		    SEV_MEDIUM : SEV_CRITICAL;
	else
		pw->sev = SEV_MEDIUM;	/* a lateral move to its account */
}

static char *
ls_redis_gives(const struct ls_redis_power *pw)
{
	const char *what = pw->files && pw->module ? "CONFIG SET writes "
	    "files and MODULE LOAD runs code" : pw->files ? "CONFIG SET "
	    "writes files" : "MODULE LOAD runs code";

	if (!pw->files && !pw->module)
		return xasprintf("open to local clients: its data, no code "
		    "(Redis %s refuses CONFIG SET dir and MODULE LOAD)",
		    pw->v7 ? "7" : "as configured");
	if (pw->who == NULL)
		return xasprintf("open to local clients: %s as the server's "
		    "user", what);
	if (pw->root)
		return xasprintf("open to local clients: %s as root", what);
	return xasprintf("open to local clients: %s as %s, a lateral move "
	    "to that account", what, pw->who);
}

static void
ls_redis_ev(struct ls_plan *p, const struct redis_conf *rc,
    const struct ls_redis_power *pw, const struct svc_run *run,
    const char *version, int readable)
{
	if (rc->bind)
		json_object_set_new(p->ev, "bind", json_string(rc->bind));
	if (rc->bind_line)
		json_object_set_new(p->ev, "bind_line",
		    json_integer(rc->bind_line));
	json_object_set_new(p->ev, "protected_mode", json_boolean(
	    rc->protected_mode != 0));
	json_object_set_new(p->ev, "password_required",
	    json_boolean(rc->default_auth && !rc->default_off));
	if (rc->auth_line)
		json_object_set_new(p->ev, "auth_line",
		    json_integer(rc->auth_line));
	json_object_set_new(p->ev, "config_readable_by_user",
	    json_boolean(readable));
	json_object_set_new(p->ev, "code_execution", json_boolean(
	    pw->files || pw->module));
	json_object_set_new(p->ev, "config_set_files", json_boolean(
	    pw->files));
	json_object_set_new(p->ev, "module_load", json_boolean(pw->module));
	json_object_set_new(p->ev, "redis7", json_boolean(pw->v7));
	if (version)
		json_object_set_new(p->ev, "package_version",
		    json_string(version));
	if (rc->aclfile)
		json_object_set_new(p->ev, "aclfile", json_true());
	if (rc->aclpath)
		json_object_set_new(p->ev, "aclfile_path",
		    json_string(rc->aclpath));
	if (run->present) {
		json_object_set_new(p->ev, "unit_file", json_string(run->file));
		if (pw->who)
			json_object_set_new(p->ev, "runs_as",
			    json_string(pw->who));
		else
			json_object_set_new(p->ev, "runs_as", json_string(
			    "a dynamic user (DynamicUser=)"));
		json_object_set_new(p->ev, "no_exec_paths_all",
		    json_boolean(run->noexec_all));
		json_object_set_new(p->ev, "capability_bounding_set_empty",
		    json_boolean(run->caps_empty));
		json_object_set_new(p->ev, "private_users",
		    json_boolean(run->private_users));
	}
}

/* what a client from this host gets from one redis.conf */
static void
ls_redis(struct ls *l, const char *path)
{
	struct scan *s = l->s;
	struct redis_conf rc;
	struct ls_redis_power pw;
	struct svc_run run;
	struct ls_plan *p;
	enum severity sev;
	int readable, code, open;
	unsigned port;
	struct stat st;
	char *gives;

	if (tv_stat(s->tv, path, &st) == -1 || !S_ISREG(st.st_mode))
		return;
	redis_conf_init(&rc);
	ls_redis_file(l, path, &rc, 0);
	if (rc.aclpath && rc.aclpath[0] == '/')
		ls_redis_acl(l, rc.aclpath, &rc);
	if (ls_redis_unit(s, path, &run) == -1)
		svc_run_free(&run);
	port = rc.port < 0 ? 6379 : (unsigned)rc.port;
	/* the password is read where it was set: the aclfile's default
	 * user, else requirepass in redis.conf */
	readable = access_can(s->acc, rc.aclpath && rc.auth_line &&
	    rc.aclpath[0] == '/' ? rc.aclpath : path, ACC_READ) == ACC_YES;
	/* loopback clients are let in even in protected mode (Redis docs,
	 * "Protected mode"); a password read from the file is no lock */
	open = !rc.default_off && (!rc.default_auth || readable);
	ls_redis_power(&rc, l->redis_major, &run, &pw);
	code = pw.files || pw.module;
	sev = open ? pw.sev : SEV_LOW;
	gives = ls_redis_gives(&pw);
	if (port) {
		p = ls_plan_new(l, port, "Redis", sev, path, rc.port_line);
		p->locked = !open;
		p->code = open && code;
		ls_plan_runas(p, open && code ? pw.who : NULL, pw.root);
		p->cause = xasprintf("redis:%u", port);
		p->path = xasprintf("tcp://127.0.0.1:%u", port);
		p->title = xasprintf("%s configures Redis on port %u %s",
		    path, port, !open ? "with a password the user cannot "
		    "read" : gives);
		ls_redis_ev(p, &rc, &pw, &run, l->redis_version, readable);
	}
	/* unixsocketperm granting others (or a group the user is in) */
	if (rc.unixsocket && rc.unixsocketperm >= 0 && open &&
	    (rc.unixsocketperm & 0002)) {
		p = ls_plan_new(l, 0, "Redis", sev, path, rc.us_line);
		p->code = code;
		ls_plan_runas(p, code ? pw.who : NULL, pw.root);
		p->cause = xasprintf("redis-unix:%s", rc.unixsocket);
		p->path = xstrdup(rc.unixsocket[0] == '/' ? rc.unixsocket :
		    path);
		p->title = xasprintf("%s makes the Redis socket %s "
		    "world-writable (unixsocketperm %lo): %s", path,
		    rc.unixsocket, (unsigned long)rc.unixsocketperm, gives);
		json_object_set_new(p->ev, "unixsocket",
		    json_string(rc.unixsocket));
		json_object_set_new(p->ev, "unixsocketperm",
		    json_integer(rc.unixsocketperm));
		ls_redis_ev(p, &rc, &pw, &run, l->redis_version, readable);
	}
	free(gives);
	svc_run_free(&run);
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

/* the entries of one pg_hba.conf and its includes, in the order the
 * server tries them */
struct ls_hba {
	struct pg_hba		**files;
	char			**paths;
	size_t			  nfiles;
	const struct pg_hba_entry **e;
	const char		**from;		/* each entry's file */
	size_t			  n;
};

static void ls_hba_file(struct ls *, struct ls_hba *, const char *, int);

static void
ls_hba_add(struct ls_hba *hb, const struct pg_hba_entry *e, const char *from)
{
	if (hb->n >= 65536)
		return;
	hb->e = xreallocarray(hb->e, hb->n + 1, sizeof *hb->e);
	hb->from = xreallocarray(hb->from, hb->n + 1, sizeof *hb->from);
	hb->e[hb->n] = e;
	hb->from[hb->n++] = from;
}

/* include, include_if_exists, include_dir (PostgreSQL 16): relative
 * names are relative to the including file's directory */
static void
ls_hba_include(struct ls *l, struct ls_hba *hb, const char *path,
    const char *name, int depth)
{
	struct scan *s = l->s;
	char *dir = path_dirname(path), *inc;
	struct stat st;

	inc = name[0] == '/' ? xstrdup(name) : path_join(dir, name);
	free(dir);
	if (tv_stat(s->tv, inc, &st) == 0 && S_ISDIR(st.st_mode)) {
		char **names = NULL;
		size_t nn = 0, j;

		if (tv_list(s->tv, inc, &names, &nn) == 0) {
			for (j = 0; j < nn && j < 256; j++) {
				size_t k = strlen(names[j]);
				char *f;

				if (k <= 5 || strcmp(names[j] + k - 5, ".conf"))
					continue;
				f = path_join(inc, names[j]);
				ls_hba_file(l, hb, f, depth + 1);
				free(f);
			}
			tv_list_free(names, nn);
		}
	} else
		ls_hba_file(l, hb, inc, depth + 1);
	free(inc);
}

static void
ls_hba_file(struct ls *l, struct ls_hba *hb, const char *path, int depth)
{
	struct scan *s = l->s;
	struct live_err le = { s, path, 0 };
	struct pg_hba *h;
	char *buf, *from;
	size_t len, i, k = 0;

	if (depth > MAX_INCLUDE_DEPTH || hb->nfiles >= 256)
		return;
	if (scan_read(s, path, &buf, &len) == -1)
		return;
	h = xcalloc(1, sizeof *h);
	pg_hba_parse(buf, len, h, live_parse_err, &le);
	free(buf);
	from = xstrdup(path);
	hb->files = xreallocarray(hb->files, hb->nfiles + 1,
	    sizeof *hb->files);
	hb->paths = xreallocarray(hb->paths, hb->nfiles + 1,
	    sizeof *hb->paths);
	hb->files[hb->nfiles] = h;
	hb->paths[hb->nfiles++] = from;
	/* an include's entries stand where it is written */
	for (i = 0; i <= h->n; i++) {
		for (; k < h->nincludes && k < 16 && h->include_at[k] == i; k++)
			ls_hba_include(l, hb, path, h->includes[k], depth);
		if (i < h->n)
			ls_hba_add(hb, &h->e[i], from);
	}
}

static void
ls_hba_free(struct ls_hba *hb)
{
	size_t i;

	for (i = 0; i < hb->nfiles; i++) {
		pg_hba_free(hb->files[i]);
		free(hb->files[i]);
		free(hb->paths[i]);
	}
	free(hb->files);
	free(hb->paths);
	free(hb->e);
	free(hb->from);
}

/* Does entry k admit role (NULL: one no entry names) with no earlier
 * entry taking the connection first? */
static int
ls_hba_reaches(const struct ls_hba *hb, size_t k, const char *role)
{
	size_t j;

	for (j = 0; j < k; j++)
		if (pg_hba_shadows(hb->e[j], hb->e[k], role))
			return 0;
	return 1;
}

/* which roles a trust entry lets this host's user log in as: 2 the
 * superuser, 1 another role, 0 none (every connection it would take
 * goes to an earlier line) */
static int
ls_hba_trust(const struct ls_hba *hb, size_t k)
{
	const struct pg_hba_entry *e = hb->e[k];
	const char *p = e->user;
	int other = 0;

	/* "postgres" is the superuser initdb creates (PostgreSQL docs,
	 * "Database roles"); "all" holds it */
	if (pg_hba_list_has(e->user, "postgres") &&
	    ls_hba_reaches(hb, k, "postgres"))
		return 2;
	while (p && *p && !other) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		char *role = xstrndup(p, len);

		if (strcmp(role, "all") == 0)
			other = ls_hba_reaches(hb, k, NULL);
		else if (role[0] != '+' && role[0] != '@' &&
		    strcmp(role, "postgres") != 0)
			other = ls_hba_reaches(hb, k, role);
		free(role);
		p = c ? c + 1 : NULL;
	}
	return other;
}

static void
ls_pg_plan(struct ls *l, const struct pg_hba_entry *e, const char *file,
    unsigned port, int super)
{
	struct ls_plan *p;

	/* the server refuses to run as root ("root" execution of the
	 * PostgreSQL server is not permitted, src/backend/main/main.c):
	 * a superuser's COPY ... TO PROGRAM runs as its account, which
	 * distributions and the postgres image name postgres */
	p = ls_plan_new(l, port, "PostgreSQL", super ? SEV_MEDIUM : SEV_LOW,
	    file, e->line);
	p->code = super;
	if (super)
		ls_plan_runas(p, "postgres", 0);
	p->cause = xasprintf("pg-trust:%s:%s:%s:%s", e->type, e->database,
	    e->user, e->address ? e->address : "");
	p->path = xstrdup(file);
	p->title = xasprintf("pg_hba.conf trusts %s connections from this "
	    "host for user %s, database %s, without a password%s", e->type,
	    e->user, e->database, super ? ": a superuser login runs "
	    "commands as postgres (COPY TO PROGRAM), a lateral move to that "
	    "account" : ": roles other than the superuser, whose data it "
	    "reaches");
	json_object_set_new(p->ev, "type", json_string(e->type));
	json_object_set_new(p->ev, "database", json_string(e->database));
	json_object_set_new(p->ev, "user", json_string(e->user));
	if (e->address)
		json_object_set_new(p->ev, "address", json_string(e->address));
	json_object_set_new(p->ev, "method", json_string(e->method));
	json_object_set_new(p->ev, "port", json_integer(port));
	json_object_set_new(p->ev, "superuser", json_boolean(super));
	if (super)
		json_object_set_new(p->ev, "runs_as", json_string("postgres"));
}

/* pg_hba.conf is first match: a trust line counts for the connections
 * it is the first to match (parse/svcconf.h, pg_hba_shadows) */
static void
ls_pg_file(struct ls *l, const char *path, unsigned port)
{
	struct ls_hba hb;
	size_t k;

	memset(&hb, 0, sizeof hb);
	ls_hba_file(l, &hb, path, 0);
	for (k = 0; k < hb.n; k++) {
		const struct pg_hba_entry *e = hb.e[k];
		int r;

		if (strcmp(e->method, "trust") != 0 ||
		    !pg_hba_from_localhost(e))
			continue;
		if ((r = ls_hba_trust(&hb, k)) == 0)
			continue;
		ls_pg_plan(l, e, hb.from[k], port, r == 2);
	}
	ls_hba_free(&hb);
}

static void
ls_pg_dir(struct ls *l, const char *dir)
{
	char *hba = path_join(dir, "pg_hba.conf");
	struct stat st;

	if (tv_stat(l->s->tv, hba, &st) == 0 && S_ISREG(st.st_mode))
		ls_pg_file(l, hba, ls_pg_port(l->s, dir));
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

/* ---- etcd ------------------------------------------------------------ */

struct ls_etcd {
	char		*urls;		/* ETCD_LISTEN_CLIENT_URLS */
	unsigned	 urls_line;
	int		 cert_auth;	/* ETCD_CLIENT_CERT_AUTH=true */
};

static void
ls_etcd_var(void *vctx, const char *key, const char *value)
{
	struct ls_etcd *e = vctx;

	if (strcmp(key, "ETCD_LISTEN_CLIENT_URLS") == 0) {
		free(e->urls);
		e->urls = xstrdup(value);
	} else if (strcmp(key, "ETCD_CLIENT_CERT_AUTH") == 0)
		e->cert_auth = strcmp(value, "true") == 0;
}

/* one client URL etcd listens on: "http://127.0.0.1:2379" */
static void
ls_etcd_url(struct ls *l, const char *file, const char *url,
    const struct ls_etcd *e, int k8s)
{
	char host[256];
	unsigned port;
	int tls = strncmp(url, "https://", 8) == 0;
	const char *hp = strstr(url, "://");
	enum severity sev;

	if (hp == NULL || svc_tcp_uri(hp + 3, 2379, host, sizeof host,
	    &port) != 1 || port == 0)
		return;
	/* a client URL on another host's address is not for this host's
	 * users (etcd docs, "Configuration flags": listen-client-urls) */
	if (host[0] && strcmp(host, "localhost") && strcmp(host, "0.0.0.0") &&
	    strcmp(host, "::") && strcmp(host, "[::]") &&
	    strncmp(host, "127.", 4) && strcmp(host, "::1") &&
	    strcmp(host, "[::1]"))
		return;
	/* etcd docs, "Transport security model": --client-cert-auth makes
	 * https clients present a certificate the CA signed; http and
	 * https without it let anyone read and write the keyspace, a
	 * Kubernetes cluster's Secrets included */
	if (tls && e->cert_auth)
		sev = SEV_LOW;
	else
		sev = k8s ? SEV_HIGH : SEV_MEDIUM;
	ls_tcp_plan(l, url, port, host, "etcd API", sev, file, 0,
	    tls && e->cert_auth ? " with client certificates required "
	    "(ETCD_CLIENT_CERT_AUTH)" : k8s ? " without client "
	    "certificates: the keyspace, the cluster's Secrets included" :
	    " without client certificates: the whole keyspace");
	l->plans[l->nplans - 1].code = 0;
	l->plans[l->nplans - 1].locked = tls && e->cert_auth;
}

/* etcd's environment file (Debian's etcd-server: /etc/default/etcd,
 * RHEL: /etc/etcd/etcd.conf): the listen URLs default to
 * http://localhost:2379 and client certificates to off (etcd docs,
 * "Configuration flags") */
static void
ls_etcd(struct ls *l)
{
	static const char *const files[] = { "/etc/default/etcd",
	    "/etc/etcd/etcd.conf", NULL };
	struct stat st;
	size_t i;
	int k8s = tv_stat(l->s->tv, "/etc/kubernetes", &st) == 0;

	for (i = 0; files[i]; i++) {
		struct live_err le = { l->s, files[i], 0 };
		struct ls_etcd e = { NULL, 0, 0 };
		char *buf, *p, *url, *save = NULL;
		size_t len;

		if (tv_stat(l->s->tv, files[i], &st) == -1 ||
		    !S_ISREG(st.st_mode) ||
		    scan_read(l->s, files[i], &buf, &len) == -1)
			continue;
		unit_envfile_parse(buf, len, ls_etcd_var, &e, live_parse_err,
		    &le);
		free(buf);
		p = xstrdup(e.urls ? e.urls : "http://localhost:2379");
		for (url = strtok_r(p, ",", &save); url; url = strtok_r(NULL,
		    ",", &save))
			ls_etcd_url(l, files[i], url, &e, k8s);
		free(p);
		free(e.urls);
	}
}

/* ---- kubelet --------------------------------------------------------- */

struct ls_kubelet {
	int		 anonymous;	/* -1 unset */
	char		*mode;		/* authorization mode, NULL unset */
	long		 port;		/* -1 unset: 10250 */
	long		 ro_port;	/* -1 unset: 0 (off) */
	const char	*file;
	unsigned	 line;
};

static void
ls_kubelet_key(void *vctx, const char *path, const char *value,
    unsigned line)
{
	struct ls_kubelet *k = vctx;
	unsigned long u;

	if (strcmp(path, "authentication.anonymous.enabled") == 0) {
		k->anonymous = strcmp(value, "true") == 0;
		k->line = line;
	} else if (strcmp(path, "authorization.mode") == 0) {
		free(k->mode);
		k->mode = xstrdup(value);
	} else if (strcmp(path, "port") == 0 &&
	    parse_ulong(value, 65535, &u) == 0)
		k->port = (long)u;
	else if (strcmp(path, "readOnlyPort") == 0 &&
	    parse_ulong(value, 65535, &u) == 0)
		k->ro_port = (long)u;
}

/* the kubelet's flags in kubeadm's and Debian's environment files: they
 * override the config file (kubelet(8) "--config") */
static void
ls_kubelet_flags(void *vctx, const char *key, const char *value)
{
	struct ls_kubelet *k = vctx;
	char **w;
	size_t n, i;
	const char *why;
	unsigned long u;

	(void)key;
	if (unit_split(value, &w, &n, &why) == -1)
		return;
	for (i = 0; i < n; i++) {
		if (strcmp(w[i], "--anonymous-auth=true") == 0)
			k->anonymous = 1;
		else if (strcmp(w[i], "--anonymous-auth=false") == 0)
			k->anonymous = 0;
		else if (strncmp(w[i], "--authorization-mode=", 21) == 0) {
			free(k->mode);
			k->mode = xstrdup(w[i] + 21);
		} else if (strncmp(w[i], "--read-only-port=", 17) == 0 &&
		    parse_ulong(w[i] + 17, 65535, &u) == 0)
			k->ro_port = (long)u;
	}
	unit_names_free(w, n);
}

/*
 * The kubelet's configuration (Kubernetes docs, "Kubelet authentication/
 * authorization" and "Kubelet Configuration (v1beta1)"): anonymous
 * requests authorised by AlwaysAllow let anyone reaching port 10250 exec
 * into every pod on the node, privileged ones included: root. The
 * read-only port (10255, off unless set) shows every pod's spec and
 * environment. Only what the files say explicitly is judged.
 */
static void
ls_kubelet(struct ls *l)
{
	static const char *const envs[] = {
	    "/var/lib/kubelet/kubeadm-flags.env", "/etc/default/kubelet",
	    "/etc/sysconfig/kubelet", NULL };
	static const char cfg[] = "/var/lib/kubelet/config.yaml";
	struct ls_kubelet k = { -1, NULL, -1, -1, cfg, 0 };
	char *buf;
	size_t len, i;
	int seen = 0;

	if (scan_read(l->s, cfg, &buf, &len) == 0) {
		struct live_err le = { l->s, cfg, 0 };

		yamlkeys_parse(buf, len, ls_kubelet_key, &k, live_parse_err,
		    &le);
		free(buf);
		seen = 1;
	}
	for (i = 0; envs[i]; i++) {
		struct live_err le = { l->s, envs[i], 0 };

		if (scan_read(l->s, envs[i], &buf, &len) == -1)
			continue;
		unit_envfile_parse(buf, len, ls_kubelet_flags, &k,
		    live_parse_err, &le);
		free(buf);
		seen = 1;
	}
	if (seen && k.anonymous == 1 && k.mode &&
	    strcmp(k.mode, "AlwaysAllow") == 0) {
		ls_tcp_plan(l, "kubelet", k.port < 0 ? 10250 :
		    (unsigned)k.port, "", "kubelet API", SEV_CRITICAL,
		    k.file, k.line, " with anonymous requests authorised "
		    "(AlwaysAllow): exec into every pod on the node");
		ls_plan_runas(&l->plans[l->nplans - 1], "root", 1);
	}
	if (seen && k.ro_port > 0)
		ls_tcp_plan(l, "kubelet", (unsigned)k.ro_port, "",
		    "kubelet read-only API", SEV_MEDIUM, k.file, 0,
		    ": every pod's spec and environment, without "
		    "authentication");
	free(k.mode);
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
		 * it makes code execution root, another account running it
		 * a lateral move to that account */
		if (p->code && owner == 0)
			return SEV_CRITICAL;
		if (p->code && p->sev > SEV_MEDIUM)
			return SEV_MEDIUM;
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
			ls_grant(s, f, plan, owner, WAIT_NOW);
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
			ls_grant(s, f, plan, owner, WAIT_NOW);
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
		if (p->runas)
			finding_ev_str(f, "runs_as", p->runas);
		/* a host not running it now runs it when the service
		 * starts; a tree or image runs it when booted */
		ls_grant(s, f, p, (uid_t)-1, (s->flags & SCAN_LIVE) ?
		    WAIT_SERVICE : WAIT_NOW);
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

/* what the package database says, read once for the scan (the slot):
 * the graph runs ls_report again as each identity it reaches */
struct ls_state {
	char	*redis_version;
	int	 redis_major;
};

static void
ls_state_free(void *priv)
{
	struct ls_state *st = priv;

	if (st == NULL)
		return;
	free(st->redis_version);
	free(st);
}

/* the installed servers' versions, from the package database */
static void
ls_versions(struct ls *l, void **priv)
{
	/* Debian and Ubuntu ship redis-server, Alpine redis */
	static const char *const names[] = { "redis-server", "redis" };
	struct ls_state *st = *priv;
	char *v[2];

	if (st == NULL) {
		st = *priv = xcalloc(1, sizeof *st);
		st->redis_major = -1;
		if (pkgver_load(l->s->tv, names, 2, v) == 0) {
			st->redis_version = v[0] ? v[0] : v[1];
			free(v[0] ? v[1] : NULL);
			st->redis_major = pkgver_major(st->redis_version);
		}
	}
	l->redis_version = st->redis_version ?
	    xstrdup(st->redis_version) : NULL;
	l->redis_major = st->redis_major;
}

static int
ls_report(struct scan *s, void **priv)
{
	struct ls l;
	size_t i;

	if (s->user.uid == 0) {
		report_add_note(s->rep, "localhost services: the user is "
		    "root; not evaluated");
		return 0;
	}
	memset(&l, 0, sizeof l);
	l.s = s;
	ls_versions(&l, priv);
	ls_redis_all(&l);
	ls_pg_all(&l);
	ls_runtimes(&l);
	ls_etcd(&l);
	ls_kubelet(&l);
	if (s->flags & SCAN_LIVE)
		ls_live(&l);
	ls_config_findings(&l);
	for (i = 0; i < l.nplans; i++) {
		free(l.plans[i].runas);
		free(l.plans[i].file);
		free(l.plans[i].cause);
		free(l.plans[i].title);
		free(l.plans[i].path);
		json_decref(l.plans[i].ev);
	}
	free(l.plans);
	free(l.redis_version);
	return 0;
}

const struct check check_localhost_service = {
	.who = { "localhost-service", "localhost-service" },
	.report = ls_report,
	.free = ls_state_free,
};
