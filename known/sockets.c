/*
 * known/sockets.c: container-runtime and orchestration sockets. Whoever
 * can connect() to one can ask the runtime (running as root) for a
 * container with the host's / mounted. Paths are each project's defaults:
 * dockerd(8) (/run/docker.sock, /var/run/docker.sock), containerd's
 * config.toml ([grpc] address), podman-system-service(1)
 * (/run/podman/podman.sock), CRI-O's crio.conf (listen), BuildKit's
 * buildkitd.toml ([grpc] address), LXD and Incus (unix.socket), K3s
 * (/run/k3s/containerd/containerd.sock), cri-dockerd.
 */
#include <string.h>

#include "known/known.h"

const struct known_socket known_sockets[] = {
	{ "/run/docker.sock", "docker.sock", "docker", SEV_CRITICAL,
	    "the Docker API runs a container with the host's / mounted" },
	{ "/var/run/docker.sock", "docker.sock", "docker", SEV_CRITICAL,
	    "the Docker API runs a container with the host's / mounted" },
	{ "/run/containerd/containerd.sock", "containerd.sock", "containerd",
	    SEV_CRITICAL, "containerd's API starts a privileged task with "
	    "host mounts (ctr run --privileged)" },
	{ "/run/k3s/containerd/containerd.sock", NULL, "containerd (k3s)",
	    SEV_CRITICAL, "K3s's containerd API starts privileged tasks" },
	{ "/run/podman/podman.sock", "podman.sock", "podman", SEV_CRITICAL,
	    "the rootful Podman API runs a container with the host's / "
	    "mounted" },
	{ "/run/crio/crio.sock", "crio.sock", "cri-o", SEV_CRITICAL,
	    "the CRI-O runtime API creates privileged pod sandboxes" },
	{ "/var/run/crio/crio.sock", NULL, "cri-o", SEV_CRITICAL,
	    "the CRI-O runtime API creates privileged pod sandboxes" },
	{ "/run/buildkit/buildkitd.sock", "buildkitd.sock", "buildkit",
	    SEV_CRITICAL, "a rootful BuildKit daemon runs build steps as "
	    "root with host bind mounts" },
	{ "/run/cri-dockerd.sock", "cri-dockerd.sock", "cri-dockerd",
	    SEV_CRITICAL, "cri-dockerd drives the Docker engine" },
	{ "/var/run/dockershim.sock", "dockershim.sock", "dockershim",
	    SEV_CRITICAL, "the dockershim CRI drives the Docker engine" },
	{ "/var/snap/lxd/common/lxd/unix.socket", NULL, "lxd", SEV_CRITICAL,
	    "the LXD API creates privileged containers" },
	{ "/var/lib/lxd/unix.socket", NULL, "lxd", SEV_CRITICAL,
	    "the LXD API creates privileged containers" },
	{ "/var/lib/incus/unix.socket", NULL, "incus", SEV_CRITICAL,
	    "the Incus API creates privileged containers" },
	{ "/run/incus/unix.socket", NULL, "incus", SEV_CRITICAL,
	    "the Incus API creates privileged containers" },
	{ "/run/containerd/containerd.sock.ttrpc", "containerd.sock.ttrpc",
	    "containerd", SEV_CRITICAL, "containerd's ttrpc API" },
	{ "/var/run/libvirt/libvirt-sock", "libvirt-sock", "libvirt",
	    SEV_CRITICAL, "the system libvirtd defines VMs over host disks" },
	{ NULL, NULL, NULL, SEV_INFO, NULL },
};

const struct known_socket *
known_socket_by_path(const char *path)
{
	size_t i;

	for (i = 0; known_sockets[i].runtime; i++)
		if (known_sockets[i].path &&
		    strcmp(known_sockets[i].path, path) == 0)
			return &known_sockets[i];
	return NULL;
}

const struct known_socket *
known_socket_by_name(const char *name)
{
	size_t i;

	for (i = 0; known_sockets[i].runtime; i++)
		if (known_sockets[i].name &&
		    strcmp(known_sockets[i].name, name) == 0)
			return &known_sockets[i];
	return NULL;
}
