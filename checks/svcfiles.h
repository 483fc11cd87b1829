/*
 * svcfiles.h: the container-runtime configuration of the target, read
 * through the scan (every mode): Docker's daemon.json, /etc/default/docker
 * and the docker.service/docker.socket units, containerd's config.toml,
 * and the podman.socket/podman.service units. Facts only, each with its
 * file and line; checks/localhost-service.c (TCP APIs) and
 * checks/runtime-config.c (socket permissions) decide what they mean.
 */
#ifndef PRIVMAP_CHECKS_SVCFILES_H
#define PRIVMAP_CHECKS_SVCFILES_H

#include "engine/scan.h"
#include "parse/svcconf.h"

/* one value and where it was set */
struct svc_val {
	char		*val;
	const char	*file;		/* owned by the svcfiles */
	unsigned	 line;
};

/* what a .socket unit (systemd.socket(5)) makes */
struct svc_sockunit {
	int		 present;
	struct svc_val	*listen;	/* ListenStream= values, in effect */
	size_t		 nlisten;
	struct svc_val	 mode;		/* SocketMode= (val NULL: 0666) */
	struct svc_val	 user;		/* SocketUser= */
	struct svc_val	 group;		/* SocketGroup= */
};

struct svcfiles {
	/* Docker: hosts[].from is the file that set each */
	int			 docker_present;
	struct docker_conf	 docker;
	const char		*docker_group_file;	/* set group= */
	const char		*docker_tls_file;	/* set tls/tlsverify */
	struct svc_sockunit	 docker_socket;
	/* containerd */
	int			 containerd_present;
	struct containerd_conf	 containerd;
	const char		*containerd_file;
	/* Podman */
	struct svc_sockunit	 podman_socket;
	struct svc_val		*podman_tcp;	/* tcp: URIs of podman.service */
	size_t			 npodman_tcp;
	/* file names the above point to */
	char			**files;
	size_t			 nfiles;
};

/* The directories of systemd.unit(5)'s system unit search path, highest
 * precedence first; NULL-terminated. */
extern const char *const svc_unit_dirs[];

void	svcfiles_load(struct scan *, struct svcfiles *);
void	svcfiles_free(struct svcfiles *);

/*
 * Who a service unit runs as and what confines it (systemd.exec(5)),
 * from the unit and its drop-ins in order, a later assignment winning
 * and an empty one resetting: User= (NULL: root, unless DynamicUser=),
 * NoExecPaths= holding "/", CapabilityBoundingSet= left empty,
 * PrivateUsers=, ProtectSystem= (0 no, 1 yes, 2 full, 3 strict),
 * NoNewPrivileges=. file and user_line say where User= was set.
 */
struct svc_run {
	int		 present;	/* the unit exists */
	char		*user;
	unsigned	 user_line;
	char		*file;		/* the file that set User=, or the
					 * unit's own */
	int		 dynamic_user;
	int		 noexec_all;
	int		 caps_empty;
	int		 private_users;
	int		 protect_system;
	int		 no_new_privs;
};

/* 0 and *run filled, or -1 when no unit of that name exists. */
int	svc_run_load(struct scan *, const char *unit, struct svc_run *);
void	svc_run_free(struct svc_run *);
/* the account it runs as: User=, "root" without one; NULL for
 * DynamicUser= (a fresh uid no one else holds) */
const char *svc_run_user(const struct svc_run *);

/* a ListenStream= value that is a TCP address ("2375", "0.0.0.0:2375",
 * "[::]:2375"): 1 with host/port, 0 for a path, -1 malformed */
int	svc_listen_tcp(const char *v, char *host, size_t hostlen,
	    unsigned *port);

#endif
