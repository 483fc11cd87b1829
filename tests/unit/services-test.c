/*
 * services-test.c: the local services table (known/services.c):
 * a service is named by port and process together, by the port alone
 * where that suffices, by the process alone when it moved; unix sockets
 * by base name, path or abstract-name prefix.
 */
#include "t.h"
#include "known/known.h"

static const char *
tcp(unsigned port, const char *proc)
{
	const struct known_service *k = known_service_tcp(port, proc);

	return k ? k->name : "(none)";
}

static const char *
ux(const char *path, const char *proc)
{
	const struct known_service *k = known_service_unix(path, proc);

	return k ? k->name : "(none)";
}

int
main(void)
{
	const struct known_service *k;

	T_EQ_STR(tcp(6379, "python3"), "Redis");
	T_EQ_STR(tcp(6379, NULL), "Redis");
	T_EQ_STR(tcp(7000, "redis-server"), "Redis");
	T_EQ_STR(tcp(2375, "dockerd"), "Docker Engine API");
	T_EQ_STR(tcp(2376, NULL), "Docker Engine API (TLS)");
	/* 8080 alone is anything; with the API server it is its insecure
	 * port */
	T_EQ_STR(tcp(8080, "java"), "(none)");
	T_EQ_STR(tcp(8080, "kube-apiserver"), "kube-apiserver insecure port");
	T_EQ_STR(tcp(9000, "php-fpm8.2"), "PHP-FPM");
	T_EQ_STR(tcp(9000, "python3"), "(none)");
	T_EQ_STR(tcp(5005, "java"), "Java debug wire protocol");
	T_EQ_STR(tcp(5005, "node"), "(none)");
	T_EQ_STR(tcp(9229, "node"), "Node.js inspector");
	T_EQ_STR(tcp(6001, NULL), "X11 display over TCP");
	T_EQ_STR(tcp(22, NULL), "OpenSSH");
	T_EQ_STR(tcp(12345, "unknownd"), "(none)");
	T_EQ_STR(tcp(0, NULL), "(none)");

	T_EQ_STR(ux("/var/run/postgresql/.s.PGSQL.5432", NULL), "PostgreSQL");
	T_EQ_STR(ux("@/containerd-shim/moby/abc/shim.sock", NULL),
	    "containerd-shim");
	T_EQ_STR(ux("/tmp/.X11-unix/X0", NULL), "X11 display");
	T_EQ_STR(ux("/run/foo.sock", "Xorg"), "X11 display");
	T_EQ_STR(ux("/run/mysqld/mysqld.sock", NULL), "MySQL");
	T_EQ_STR(ux("/run/docker.sock", "dockerd"), "Docker Engine API");
	T_EQ_STR(ux("/run/systemd/private", "systemd"), "(none)");
	T_EQ_STR(ux("@privmap-abstract", NULL), "(none)");

	/* every row: a name, what it gives, grades in order of power */
	for (k = known_services; k->name; k++) {
		T_OK(k->gives != NULL && *k->gives);
		T_OK(k->port_lo <= k->port_hi);
		T_OK(k->port_lo || k->sock || k->procs);
		T_OK(k->sev_user <= k->sev_root);
	}
	T_DONE();
}
