/*
 * svcfiles.c: read the container runtimes' configuration of the target
 * through the scan (svcfiles.h). Files are read with scan_read (bounded,
 * inside the target); parse errors land in the report with file and line.
 * Nothing here decides a severity.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/live.h"
#include "checks/svcfiles.h"
#include "engine/confload.h"
#include "lib/bounds.h"
#include "lib/lines.h"
#include "parse/unitfile.h"
#include "lib/num.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "parse/dockerdefault.h"
#include "parse/unitfile.h"

/* systemd.unit(5), "System Unit Search Path" (the persistent and runtime
 * ones; /lib/systemd/system where /lib is not merged into /usr) */
const char *const svc_unit_dirs[] = {
	"/etc/systemd/system",
	"/run/systemd/system",
	"/usr/local/lib/systemd/system",
	"/usr/lib/systemd/system",
	"/lib/systemd/system",
	NULL,
};

static const char *
sf_file(struct svcfiles *sf, const char *path)
{
	size_t i;

	for (i = 0; i < sf->nfiles; i++)
		if (strcmp(sf->files[i], path) == 0)
			return sf->files[i];
	sf->files = xreallocarray(sf->files, sf->nfiles + 1, sizeof *sf->files);
	sf->files[sf->nfiles] = xstrdup(path);
	return sf->files[sf->nfiles++];
}

static void
val_set(struct svc_val *v, const char *val, const char *file, unsigned line)
{
	free(v->val);
	v->val = xstrdup(val);
	v->file = file;
	v->line = line;
}

static void
vals_add(struct svc_val **v, size_t *n, const char *val, const char *file,
    unsigned line)
{
	size_t i;

	/* an empty assignment resets the list (systemd.unit(5)) */
	if (*val == '\0') {
		for (i = 0; i < *n; i++)
			free((*v)[i].val);
		free(*v);
		*v = NULL;
		*n = 0;
		return;
	}
	if (*n >= 256)
		return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].val = xstrdup(val);
	(*v)[*n].file = file;
	(*v)[*n].line = line;
	(*n)++;
}

static void
vals_free(struct svc_val *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].val);
	free(v);
}

/* apply one file's assignments to a socket unit or a service's
 * ExecStart list */
static void
unit_apply(struct unit_file *uf, const char *file, struct svc_sockunit *sock,
    struct svc_val **exec, size_t *nexec)
{
	size_t i;

	for (i = 0; i < uf->n; i++) {
		const struct unit_kv *kv = &uf->kv[i];
		const char *value = kv->value;
		char *v;

		if (strcmp(kv->section, sock ? "Socket" : "Service") != 0)
			continue;
		/* %t is the runtime directory: /run for the system manager
		 * (systemd.unit(5) "Specifiers") */
		if (strncmp(value, "%t/", 3) == 0)
			v = xasprintf("/run/%s", value + 3);
		else
			v = xstrdup(value);
		if (sock) {
			if (strcmp(kv->key, "ListenStream") == 0)
				vals_add(&sock->listen, &sock->nlisten, v, file,
				    kv->line);
			else if (strcmp(kv->key, "SocketMode") == 0)
				val_set(&sock->mode, v, file, kv->line);
			else if (strcmp(kv->key, "SocketUser") == 0)
				val_set(&sock->user, v, file, kv->line);
			else if (strcmp(kv->key, "SocketGroup") == 0)
				val_set(&sock->group, v, file, kv->line);
		} else if (exec && strcmp(kv->key, "ExecStart") == 0)
			vals_add(exec, nexec, v, file, kv->line);
		free(v);
	}
}

/* one file of a unit read by sf_unit */
struct sf_unit_ctx {
	struct svcfiles		*sf;
	struct svc_sockunit	*sock;
	struct svc_val		**exec;
	size_t			*nexec;
};

static int
sf_unit_file(struct confload *cl, const char *path, const char *buf,
    size_t len, int depth)
{
	struct sf_unit_ctx *u = cl->ctx;
	struct live_err le = { cl->s, path, 0 };
	struct unit_file uf = { 0 };

	(void)depth;
	unit_parse(buf, len, &uf, live_parse_err, &le);
	unit_apply(&uf, sf_file(u->sf, path), u->sock, u->exec, u->nexec);
	unit_file_free(&uf);
	return 0;
}

/* Read every file of a unit, through the engine's loader; socket units
 * fill sock, services exec. */
static int
sf_unit(struct scan *s, struct svcfiles *sf, const char *unit,
    struct svc_sockunit *sock, struct svc_val **exec, size_t *nexec)
{
	static const struct confload_ops ops = { sf_unit_file, NULL, NULL,
	    NULL };
	struct sf_unit_ctx u = { sf, sock, exec, nexec };
	struct confload cl;
	size_t n;

	confload_init(&cl, s, &ops, &u);
	n = confload_unit(&cl, svc_unit_dirs, unit);
	confload_fini(&cl);
	if (n && sock)
		sock->present = 1;
	return n ? 0 : -1;
}

/* what one docker source changed, so each fact keeps its file */
struct dsnap {
	size_t		 nhosts;
	const char	*group;
	unsigned	 group_line;
	int		 tls;
	int		 tlsverify;
	unsigned	 tls_line;
};

static void
dsnap_take(const struct svcfiles *sf, struct dsnap *d)
{
	d->nhosts = sf->docker.nhosts;
	d->group = sf->docker.group;
	d->group_line = sf->docker.group_line;
	d->tls = sf->docker.tls;
	d->tlsverify = sf->docker.tlsverify;
	d->tls_line = sf->docker.tls_line;
}

static void
dsnap_blame(struct svcfiles *sf, const struct dsnap *d, const char *file)
{
	size_t i;

	for (i = d->nhosts; i < sf->docker.nhosts; i++)
		sf->docker.hosts[i].from = file;
	if (sf->docker.group != d->group ||
	    sf->docker.group_line != d->group_line)
		sf->docker_group_file = file;
	if (sf->docker.tls != d->tls || sf->docker.tlsverify != d->tlsverify ||
	    sf->docker.tls_line != d->tls_line)
		sf->docker_tls_file = file;
}

/* DOCKER_OPTS="..." in /etc/default/docker (parse/dockerdefault.h):
 * Debian's init script passes it to dockerd, and its docker.service does
 * when ExecStart= names $DOCKER_OPTS */
static int
sf_docker_opts(struct scan *s, struct svcfiles *sf, struct svc_val *out)
{
	const char *path = "/etc/default/docker";
	struct docker_default dd;
	char *buf;
	size_t len;
	int found;

	if (scan_read(s, path, &buf, &len) == -1)
		return 0;
	docker_default_parse(buf, len, &dd, NULL, NULL);
	free(buf);
	found = dd.opts != NULL;
	if (found)
		val_set(out, dd.opts, sf_file(sf, path), dd.opts_line);
	docker_default_free(&dd);
	return found;
}

static void
sf_docker_args(struct svcfiles *sf, const struct svc_val *v, int opts_only)
{
	struct dsnap d;

	dsnap_take(sf, &d);
	dockerd_args_parse(v->val, v->line, opts_only, &sf->docker);
	dsnap_blame(sf, &d, v->file);
}

static void
sf_docker(struct scan *s, struct svcfiles *sf)
{
	const char *json = "/etc/docker/daemon.json", *why;
	struct svc_val *exec = NULL, opts = { 0 };
	size_t nexec = 0, i;
	struct dsnap d;
	unsigned line;
	char *buf;
	size_t len;
	int have_opts, have_unit;

	if (scan_read(s, json, &buf, &len) == 0) {
		dsnap_take(sf, &d);
		sf->docker_present = 1;
		if (docker_json_parse(buf, len, &sf->docker, &why, &line) ==
		    -1)
			report_add_error(s->rep, json, "line %u: %s", line,
			    why);
		dsnap_blame(sf, &d, sf_file(sf, json));
		free(buf);
	}
	have_opts = sf_docker_opts(s, sf, &opts);
	have_unit = sf_unit(s, sf, "docker.service", NULL, &exec, &nexec) ==
	    0;
	if (have_unit || have_opts)
		sf->docker_present = 1;
	for (i = 0; i < nexec; i++) {
		sf_docker_args(sf, &exec[i], 0);
		if (have_opts && (strstr(exec[i].val, "$DOCKER_OPTS") ||
		    strstr(exec[i].val, "${DOCKER_OPTS}")))
			sf_docker_args(sf, &opts, 1);
	}
	/* no unit: the init script starts dockerd $DOCKER_OPTS */
	if (!have_unit && have_opts)
		sf_docker_args(sf, &opts, 1);
	vals_free(exec, nexec);
	free(opts.val);
	if (sf_unit(s, sf, "docker.socket", &sf->docker_socket, NULL, NULL) ==
	    0)
		sf->docker_present = 1;
}

static void
sf_containerd(struct scan *s, struct svcfiles *sf)
{
	const char *path = "/etc/containerd/config.toml";
	struct live_err le = { s, path, 0 };
	char *buf;
	size_t len;

	if (scan_read(s, path, &buf, &len) == -1)
		return;
	sf->containerd_present = 1;
	sf->containerd_file = sf_file(sf, path);
	containerd_toml_parse(buf, len, &sf->containerd, live_parse_err, &le);
	free(buf);
}

/* podman-system-service(1): "podman system service [URI]", URI tcp:... */
static void
sf_podman(struct scan *s, struct svcfiles *sf)
{
	struct svc_val *exec = NULL;
	size_t nexec = 0, i, j, nw;

	sf_unit(s, sf, "podman.socket", &sf->podman_socket, NULL, NULL);
	sf_unit(s, sf, "podman.service", NULL, &exec, &nexec);
	for (i = 0; i < nexec; i++) {
		char **w = NULL;
		const char *why;
		int in_service = 0;

		nw = 0;
		if (unit_split(exec[i].val, &w, &nw, &why) == -1) {
			report_add_error(s->rep, exec[i].file, "line %u: %s",
			    exec[i].line, why);
			continue;
		}
		for (j = 0; j < nw; j++) {
			if (j > 0 && strcmp(w[j], "service") == 0 &&
			    strcmp(w[j - 1], "system") == 0)
				in_service = 1;
			else if (in_service && (strncmp(w[j], "tcp:", 4) == 0))
				vals_add(&sf->podman_tcp, &sf->npodman_tcp,
				    w[j], exec[i].file, exec[i].line);
		}
		unit_names_free(w, nw);
	}
	vals_free(exec, nexec);
}

void
svcfiles_load(struct scan *s, struct svcfiles *sf)
{
	memset(sf, 0, sizeof *sf);
	docker_conf_init(&sf->docker);
	containerd_conf_init(&sf->containerd);
	sf_docker(s, sf);
	sf_containerd(s, sf);
	sf_podman(s, sf);
}

static void
sockunit_free(struct svc_sockunit *u)
{
	vals_free(u->listen, u->nlisten);
	free(u->mode.val);
	free(u->user.val);
	free(u->group.val);
	memset(u, 0, sizeof *u);
}

void
svcfiles_free(struct svcfiles *sf)
{
	size_t i;

	docker_conf_free(&sf->docker);
	sockunit_free(&sf->docker_socket);
	containerd_conf_free(&sf->containerd);
	sockunit_free(&sf->podman_socket);
	vals_free(sf->podman_tcp, sf->npodman_tcp);
	for (i = 0; i < sf->nfiles; i++)
		free(sf->files[i]);
	free(sf->files);
	memset(sf, 0, sizeof *sf);
}

/* one assignment of [Service] to the run view (systemd.exec(5)) */
static void
run_apply(struct svc_run *r, const struct unit_kv *kv, const char *file)
{
	const char *k = kv->key, *v = kv->value;
	int b = unit_bool(v);

	if (strcmp(k, "User") == 0) {
		free(r->user);
		free(r->file);
		r->user = *v ? xstrdup(v) : NULL;
		r->file = xstrdup(file);
		r->user_line = kv->line;
	} else if (strcmp(k, "DynamicUser") == 0)
		r->dynamic_user = b == 1;
	else if (strcmp(k, "NoExecPaths") == 0) {
		/* a list; an empty assignment resets it. "/" (or "-/")
		 * makes every path non-executable */
		char **w = NULL;
		size_t n = 0, i;
		const char *why;

		if (*v == '\0')
			r->noexec_all = 0;
		else if (unit_split(v, &w, &n, &why) == 0) {
			for (i = 0; i < n; i++)
				if (strcmp(w[i], "/") == 0 ||
				    strcmp(w[i], "-/") == 0)
					r->noexec_all = 1;
			for (i = 0; i < n; i++)
				free(w[i]);
			free(w);
		}
	} else if (strcmp(k, "CapabilityBoundingSet") == 0) {
		/* empty: the empty set; "~" lines take away from what is
		 * there, others add to it */
		if (*v == '\0')
			r->caps_empty = 1;
		else if (*v != '~')
			r->caps_empty = 0;
	} else if (strcmp(k, "PrivateUsers") == 0)
		r->private_users = b == 1;
	else if (strcmp(k, "NoNewPrivileges") == 0)
		r->no_new_privs = b == 1;
	else if (strcmp(k, "ProtectSystem") == 0)
		r->protect_system = b == 1 ? 1 : b == 0 || *v == '\0' ? 0 :
		    strcmp(v, "full") == 0 ? 2 : strcmp(v, "strict") == 0 ? 3 :
		    r->protect_system;
}

static int
run_file(struct confload *cl, const char *path, const char *buf,
    size_t len, int depth)
{
	struct svc_run *r = cl->ctx;
	struct live_err le = { cl->s, path, 0 };
	struct unit_file uf = { 0 };
	size_t i;

	if (depth == 0) {
		free(r->file);
		r->file = xstrdup(path);
	}
	unit_parse(buf, len, &uf, live_parse_err, &le);
	for (i = 0; i < uf.n; i++)
		if (strcmp(uf.kv[i].section, "Service") == 0)
			run_apply(r, &uf.kv[i], path);
	unit_file_free(&uf);
	return 0;
}

int
svc_run_load(struct scan *s, const char *unit, struct svc_run *r)
{
	static const struct confload_ops ops = { run_file, NULL, NULL,
	    NULL };
	struct confload cl;
	size_t n;

	memset(r, 0, sizeof *r);
	confload_init(&cl, s, &ops, r);
	n = confload_unit(&cl, svc_unit_dirs, unit);
	confload_fini(&cl);
	r->present = n > 0;
	return n ? 0 : -1;
}

void
svc_run_free(struct svc_run *r)
{
	free(r->user);
	free(r->file);
	memset(r, 0, sizeof *r);
}

const char *
svc_run_user(const struct svc_run *r)
{
	if (r->dynamic_user)
		return NULL;
	return r->user ? r->user : "root";
}

int
svc_listen_tcp(const char *v, char *host, size_t hostlen, unsigned *port)
{
	unsigned long u;

	/* systemd.socket(5) ListenStream=: a path starts with '/', an
	 * abstract name with '@', vsock: with "vsock:"; a bare number is a
	 * port on every address */
	if (*v == '/' || *v == '@' || strncmp(v, "vsock:", 6) == 0)
		return 0;
	if (parse_ulong(v, 65535, &u) == 0) {
		if (hostlen)
			host[0] = '\0';
		*port = (unsigned)u;
		return 1;
	}
	return svc_tcp_uri(v, 0, host, hostlen, port) == 1 && *port ? 1 : -1;
}
