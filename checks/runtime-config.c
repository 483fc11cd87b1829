/*
 * runtime-config.c: container-runtime sockets that the configuration
 * opens to the user when the runtime starts: Docker's socket group
 * (daemon.json "group", dockerd -G, docker.socket SocketGroup=) and mode
 * (SocketMode=), containerd's [grpc] uid/gid (containerd-config.toml(5)),
 * podman.socket's SocketMode=/SocketGroup=. Reported under
 * container-socket with the file and line that set it.
 *
 * Every mode; on a live host a socket that exists now is left to the
 * container-socket check, which reads its real permissions. A group that
 * is itself root-equivalent (known/groups.c) is left to
 * group-membership.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "known/known.h"
#include "checks/live.h"
#include "checks/svcfiles.h"
#include "lib/xmalloc.h"

static const char *
rc_who(struct scan *s)
{
	return s->user.name ? s->user.name : "the user";
}

/* the live host already has this socket: container-socket judges it */
static int
rc_exists_live(struct scan *s, const char *path)
{
	struct stat st;

	return (s->flags & SCAN_LIVE) && tv_lstat(s->tv, path, &st) == 0;
}

static void
rc_finding(struct scan *s, const char *runtime, const char *sock,
    const char *file, unsigned line, const char *cause, const char *how,
    const char *setting)
{
	struct finding *f;

	f = report_add(s->rep, &check_runtime_config.who,
	    SEV_CRITICAL, 0.7, sock, cause, "%s will be able to connect to "
	    "the %s socket %s: %s", rc_who(s), runtime, sock, how);
	/* once the daemon reads its configuration again */
	finding_grant(f, GRANT_ROOT, 0, NULL, WAIT_SERVICE, 1);
	finding_ev_str(f, "runtime", runtime);
	finding_ev_str(f, "config_file", file);
	if (line)
		finding_ev_int(f, "config_line", line);
	finding_ev_str(f, "setting", setting);
	finding_ev_bool(f, "socket_exists", 0);
	finding_set_remediation(f, "change %s (line %u) so that the %s "
	    "socket is root's only (mode 0660, a group the user is not in)",
	    file, line, runtime);
	finding_close(f, CLOSE_CONNECT, sock);
	finding_watch(s->rep, f, file, 0, "wa");
}

/* the group named name holds the user, and is no known powerful group
 * (those are group-membership's) */
static int
rc_user_in_group_name(struct scan *s, const char *name)
{
	const struct grent *g = userdb_group_by_name(&s->db, name);

	if (g == NULL || known_group_find(name) != NULL)
		return 0;
	return ident_in_group(&s->user, g->gid);
}

/* SocketMode= is octal; o+w lets anyone connect (unix(7)) */
static int
rc_mode_open(const char *mode)
{
	char *end;
	long m;

	if (mode == NULL)
		return 0;	/* systemd's default 0666 is for sockets it
				 * makes: docker.socket and podman.socket
				 * always set one */
	m = strtol(mode, &end, 8);
	return *mode && *end == '\0' && (m & 0002);
}

/* the socket paths a socket unit listens on (paths, not ports) */
static void
rc_sockunit(struct scan *s, const struct svc_sockunit *u,
    const char *runtime, const char *defpath)
{
	size_t i;

	if (!u->present)
		return;
	for (i = 0; i < u->nlisten || (i == 0 && u->nlisten == 0); i++) {
		const char *p = u->nlisten ? u->listen[i].val : defpath;
		char *how;

		if (p[0] != '/' || rc_exists_live(s, p))
			continue;
		if (rc_mode_open(u->mode.val)) {
			how = xasprintf("SocketMode=%s lets every user connect",
			    u->mode.val);
			rc_finding(s, runtime, p, u->mode.file, u->mode.line,
			    "socket-mode", how, "SocketMode");
			free(how);
		}
		if (u->group.val && rc_user_in_group_name(s, u->group.val)) {
			how = xasprintf("SocketGroup=%s, a group %s is in",
			    u->group.val, rc_who(s));
			rc_finding(s, runtime, p, u->group.file, u->group.line,
			    "socket-group", how, "SocketGroup");
			free(how);
		}
	}
}

static void
rc_docker(struct scan *s, const struct svcfiles *sf)
{
	size_t i, nunix = 0;

	rc_sockunit(s, &sf->docker_socket, "docker", "/run/docker.sock");
	if (sf->docker.group == NULL ||
	    !rc_user_in_group_name(s, sf->docker.group))
		return;
	/* dockerd(8) -G: the group of the unix sockets it makes itself */
	for (i = 0; i < sf->docker.nhosts; i++) {
		const char *u = sf->docker.hosts[i].uri;
		char *how;

		if (strncmp(u, "unix://", 7) != 0)
			continue;
		nunix++;
		if (rc_exists_live(s, u + 7) || u[7] != '/')
			continue;
		how = xasprintf("dockerd makes it group %s, which %s is in",
		    sf->docker.group, rc_who(s));
		rc_finding(s, "docker", u + 7, sf->docker_group_file ?
		    sf->docker_group_file : "/etc/docker/daemon.json",
		    sf->docker.group_line, "group", how, "group");
		free(how);
	}
	if (nunix == 0 && !rc_exists_live(s, "/run/docker.sock")) {
		char *how = xasprintf("dockerd makes it group %s, which %s is "
		    "in", sf->docker.group, rc_who(s));

		rc_finding(s, "docker", "/run/docker.sock",
		    sf->docker_group_file ? sf->docker_group_file :
		    "/etc/docker/daemon.json", sf->docker.group_line, "group",
		    how, "group");
		free(how);
	}
}

static void
rc_containerd(struct scan *s, const struct svcfiles *sf)
{
	const struct containerd_conf *c = &sf->containerd;
	const char *sock = c->grpc_address ? c->grpc_address :
	    "/run/containerd/containerd.sock";
	char *how;

	if (!sf->containerd_present || sock[0] != '/' ||
	    rc_exists_live(s, sock))
		return;
	if (c->grpc_gid > 0 && ident_in_group(&s->user, (gid_t)c->grpc_gid)) {
		const struct grent *g = userdb_group_by_gid(&s->db,
		    (gid_t)c->grpc_gid);

		if (g && known_group_find(g->name))
			return;
		how = xasprintf("[grpc] gid = %ld, a group %s is in",
		    c->grpc_gid, rc_who(s));
		rc_finding(s, "containerd", sock, sf->containerd_file,
		    c->grpc_gid_line, "grpc-gid", how, "grpc.gid");
		free(how);
	}
	if (c->grpc_uid > 0 && (uid_t)c->grpc_uid == s->user.uid) {
		how = xasprintf("[grpc] uid = %ld, the user's own uid",
		    c->grpc_uid);
		rc_finding(s, "containerd", sock, sf->containerd_file,
		    c->grpc_address_line, "grpc-uid", how, "grpc.uid");
		free(how);
	}
}

static int
rc_report(struct scan *s, void **priv)
{
	struct svcfiles sf;

	(void)priv;
	if (s->user.uid == 0)
		return 0;
	svcfiles_load(s, &sf);
	rc_docker(s, &sf);
	rc_containerd(s, &sf);
	rc_sockunit(s, &sf.podman_socket, "podman", "/run/podman/podman.sock");
	svcfiles_free(&sf);
	return 0;
}

const struct check check_runtime_config = {
	.who = { "runtime-config", "container-socket" },
	.report = rc_report,
};
