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

/* a ListenStream= value that is a TCP address ("2375", "0.0.0.0:2375",
 * "[::]:2375"): 1 with host/port, 0 for a path, -1 malformed */
int	svc_listen_tcp(const char *v, char *host, size_t hostlen,
	    unsigned *port);

#endif
