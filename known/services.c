/*
 * known/services.c: local services, and what a connection to one gives a
 * user on the same host. privmap never connects: a service is named by
 * its port, its process name and its socket path only. Severities follow
 * the report contract: root (or root-equivalent control) with no one else
 * acting is critical; a service run by another, unprivileged user gives
 * at most that user.
 *
 * Sources, row by row:
 *  docker      dockerd(8) "-H"; Docker docs "Protect the Docker daemon
 *              socket": the API is root-equivalent; 2375 plain, 2376 TLS.
 *  kubelet     Kubernetes docs "Kubelet authentication/authorization":
 *              10250 (exec into pods; anonymous auth on by default),
 *              10255 the read-only port.
 *  etcd        etcd docs "Transport security model": without client
 *              certificates anyone reaching 2379 reads and writes the
 *              whole keyspace (Kubernetes Secrets included).
 *  apiserver   Kubernetes docs "Controlling access": the insecure port
 *              (8080, removed in 1.20) skips authentication.
 *  redis       Redis docs "Redis security": an unauthenticated client can
 *              CONFIG SET dir/dbfilename (files written as the server's
 *              user) and MODULE LOAD (code); HackTricks "6379 - Pentesting
 *              Redis".
 *  memcached   memcached wiki "SASL": no auth by default, data only.
 *  postgres    PostgreSQL docs "The pg_hba.conf File" (trust), "COPY"
 *              (FROM PROGRAM runs commands as the server's user).
 *  mysql       MySQL docs "Pluggable authentication": root needs a
 *              password, or unix_socket auth as OS root.
 *  cups        cupsd(8); CVE-2024-47176 et al.: a root daemon with a
 *              history of local escalations.
 *  X11         Xserver(1), xhost(1): with access control off a client
 *              reads keystrokes and injects input into another user's
 *              session.
 *  VNC         Xvnc(1): a desktop session of another user.
 *  node        Node.js docs "Debugging guide, security implications":
 *              the --inspect port (9229) runs code in the process.
 *  jdwp        Java docs "JPDA connection and invocation": a JDWP agent
 *              runs code in the JVM (5005 is the usual port).
 *  chrome      Chrome DevTools Protocol: a remote-debugging port (9222)
 *              drives the browser (files, cookies) as its user.
 *  php-fpm     PHP docs "FastCGI Process Manager"; HackTricks "9000 -
 *              Pentesting FastCGI": PHP_VALUE auto_prepend_file runs code
 *              as the pool user.
 *  supervisor  supervisord docs "[inet_http_server]": XML-RPC controls
 *              every managed program, no auth unless configured.
 *  containerd  CVE-2020-15257: containerd-shim API on abstract sockets
 *              (no file permissions) reachable from the host network
 *              namespace: root.
 *  sshd        sshd(8): a login service, credentials needed.
 */
#include <string.h>

#include "known/known.h"

const struct known_service known_services[] = {
	{ "Docker Engine API", 2375, 2375, "dockerd", NULL,
	    SVC_BY_PORT | SVC_BY_PROC, SEV_CRITICAL, SEV_HIGH,
	    "the Docker API without TLS: a container with the host's / "
	    "mounted, as root" },
	{ "Docker Engine API (TLS)", 2376, 2376, "dockerd", NULL,
	    SVC_BY_PORT, SEV_HIGH, SEV_MEDIUM,
	    "the Docker API over TLS: root for any client certificate the "
	    "CA signed (or any client at all without --tlsverify)" },
	{ "kubelet API", 10250, 10250, "kubelet", NULL, SVC_BY_PORT,
	    SEV_HIGH, SEV_HIGH,
	    "the kubelet API: exec into every pod on the node when anonymous "
	    "requests are authorised" },
	{ "kubelet read-only API", 10255, 10255, "kubelet", NULL,
	    SVC_BY_PORT, SEV_MEDIUM, SEV_MEDIUM,
	    "the kubelet read-only port: pod specs and their environment" },
	{ "etcd", 2379, 2379, "etcd", NULL, SVC_BY_PORT | SVC_BY_PROC,
	    SEV_HIGH, SEV_HIGH,
	    "etcd's client API: the cluster's keyspace and Secrets, writable "
	    "without client certificates" },
	{ "kube-apiserver insecure port", 8080, 8080, "kube-apiserver", NULL,
	    0, SEV_CRITICAL, SEV_CRITICAL,
	    "the API server's insecure port: cluster-admin without "
	    "authentication" },
	{ "Redis", 6379, 6379, "redis-server", "redis", SVC_BY_PORT |
	    SVC_BY_PROC, SEV_CRITICAL, SEV_HIGH,
	    "Redis: CONFIG SET dir/dbfilename writes files, MODULE LOAD runs "
	    "code, as the server's user, unless a password is required" },
	{ "memcached", 11211, 11211, "memcached", NULL, SVC_BY_PORT |
	    SVC_BY_PROC, SEV_LOW, SEV_LOW,
	    "memcached: cached data readable and writable, no code" },
	{ "PostgreSQL", 5432, 5432, "postgres", ".s.PGSQL.", SVC_BY_PORT |
	    SVC_BY_PROC, SEV_LOW, SEV_LOW,
	    "PostgreSQL: a superuser login runs commands as the server's user "
	    "(COPY ... FROM PROGRAM); logins need credentials unless "
	    "pg_hba.conf trusts them" },
	{ "MySQL", 3306, 3306, "mysqld|mariadbd", "mysqld.sock",
	    SVC_BY_PORT | SVC_BY_PROC, SEV_LOW, SEV_LOW,
	    "MySQL: database logins need credentials" },
	{ "CUPS", 631, 631, "cupsd", "cups.sock", SVC_BY_PORT | SVC_BY_PROC,
	    SEV_LOW, SEV_LOW,
	    "CUPS: a root print service with a record of local escalations" },
	{ "X11 display over TCP", 6000, 6063, "Xorg|X|Xwayland|Xvfb|Xephyr",
	    NULL, SVC_BY_PORT, SEV_MEDIUM, SEV_MEDIUM,
	    "another user's X display listening on TCP (-listen tcp, most "
	    "often with xhost opened): keystrokes read and input injected" },
	{ "X11 display", 0, 0, "Xorg|X|Xwayland|Xvfb|Xephyr",
	    "/tmp/.X11-unix/X", SVC_BY_PROC, SEV_LOW, SEV_LOW,
	    "another user's X display: keystrokes read and input injected "
	    "when its access control (xauth cookie, xhost) lets the user "
	    "in" },
	{ "VNC", 5900, 5999, "Xvnc|x11vnc|Xtigervnc|vncserver", NULL,
	    SVC_BY_PROC, SEV_MEDIUM, SEV_MEDIUM,
	    "a VNC desktop of another user" },
	{ "Node.js inspector", 9229, 9229, NULL, NULL, SVC_BY_PORT,
	    SEV_CRITICAL, SEV_HIGH,
	    "the Node.js --inspect port: runs JavaScript inside the process "
	    "with no authentication" },
	{ "Java debug wire protocol", 5005, 5005, "java", NULL, 0,
	    SEV_CRITICAL, SEV_HIGH,
	    "a JDWP agent: runs code inside the JVM with no authentication" },
	{ "Chrome DevTools", 9222, 9222,
	    "chrome|chromium|headless_shell|chromium-browse", NULL,
	    SVC_BY_PORT, SEV_HIGH, SEV_HIGH,
	    "a browser's remote-debugging port: drives the browser, its "
	    "files and cookies" },
	{ "PHP-FPM", 9000, 9000, "php-fpm|php-fpm8.2|php-fpm8.1|php-fpm7.4",
	    "php", 0, SEV_HIGH, SEV_HIGH,
	    "a FastCGI pool: PHP_VALUE auto_prepend_file runs code as the "
	    "pool's user" },
	{ "supervisord", 9001, 9001, "supervisord", "supervisor.sock", 0,
	    SEV_MEDIUM, SEV_MEDIUM,
	    "supervisord's XML-RPC: starts and stops every managed program" },
	{ "containerd-shim", 0, 0, "containerd-shim", "@/containerd-shim/",
	    0, SEV_CRITICAL, SEV_HIGH,
	    "a containerd-shim API on an abstract socket, which no file "
	    "permission guards (CVE-2020-15257): commands as root" },
	{ "OpenSSH", 22, 22, "sshd", NULL, SVC_BY_PORT | SVC_BY_PROC,
	    SEV_INFO, SEV_INFO,
	    "a login service: credentials needed" },
	{ NULL, 0, 0, NULL, NULL, 0, SEV_INFO, SEV_INFO, NULL },
};

static int
proc_matches(const char *list, const char *proc)
{
	const char *p = list;
	size_t n;

	if (list == NULL || proc == NULL || *proc == '\0')
		return 0;
	n = strlen(proc);
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && memcmp(p, proc, n) == 0)
			return 1;
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	return 0;
}

const struct known_service *
known_service_tcp(unsigned port, const char *proc)
{
	const struct known_service *k;

	/* port and process agree; then the port alone where it suffices;
	 * then the process alone (a service moved to another port) */
	for (k = known_services; k->name; k++)
		if (k->port_lo && port >= k->port_lo && port <= k->port_hi &&
		    proc_matches(k->procs, proc))
			return k;
	for (k = known_services; k->name; k++)
		if ((k->match & SVC_BY_PORT) && k->port_lo &&
		    port >= k->port_lo && port <= k->port_hi)
			return k;
	for (k = known_services; k->name; k++)
		if ((k->match & SVC_BY_PROC) && proc_matches(k->procs, proc))
			return k;
	return NULL;
}

static int
sock_matches(const char *pat, const char *path)
{
	const char *base;

	if (pat == NULL || path == NULL)
		return 0;
	if (pat[0] == '/' || pat[0] == '@')
		return strncmp(path, pat, strlen(pat)) == 0;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return strncmp(base, pat, strlen(pat)) == 0;
}

const struct known_service *
known_service_unix(const char *path, const char *proc)
{
	const struct known_service *k;

	for (k = known_services; k->name; k++)
		if (sock_matches(k->sock, path))
			return k;
	for (k = known_services; k->name; k++)
		if ((k->match & SVC_BY_PROC) && proc_matches(k->procs, proc))
			return k;
	return NULL;
}
