/*
 * daemons.c: root daemons and what their configuration controls, each
 * row from the daemon's own documentation. A table only.
 */
#include <stddef.h>

#include "known/daemons.h"

const struct known_daemon known_daemons[] = {
	/* nginx.org, "Core functionality": include, load_module, pid,
	 * error_log; the master process runs as root and opens every log
	 * and pid path itself, at start, at reload and at nginx -t; a
	 * relative include is relative to the configuration's prefix */
	{ "nginx", { "nginx.service", NULL },
	    { "/etc/nginx/nginx.conf", "/usr/local/nginx/conf/nginx.conf",
	    NULL }, { NULL }, "nginx", NULL, SEV_HIGH, "reload",
	    "at its next reload (or nginx -t)",
	    "name a log or pid path that the root master creates where it "
	    "chooses (/etc/cron.d included), or load_module a library of its "
	    "own" },
	/* httpd.apache.org, core and mod_log_config: Include and
	 * IncludeOptional (relative to ServerRoot), LoadModule, and piped
	 * logs ("|command"), started by the parent, which runs as root */
	{ "apache", { "apache2.service", "httpd.service", NULL },
	    { "/etc/apache2/apache2.conf", NULL }, { NULL }, "apache",
	    "/etc/apache2", SEV_HIGH, "reload", "at its next reload",
	    "pipe a log to a command of its own (CustomLog \"|...\"), run "
	    "as root, or LoadModule a library of its own" },
	{ "httpd", { "httpd.service", NULL },
	    { "/etc/httpd/conf/httpd.conf", NULL }, { NULL }, "apache",
	    "/etc/httpd", SEV_HIGH, "reload", "at its next reload",
	    "pipe a log to a command of its own (CustomLog \"|...\"), run "
	    "as root, or LoadModule a library of its own" },
	/* rsyslog.com, "omprog" and "include()", $IncludeConfig: rsyslogd
	 * runs as root unless $PrivDropToUser says otherwise; its
	 * configuration is read at start */
	{ "rsyslog", { "rsyslog.service", NULL }, { "/etc/rsyslog.conf", NULL },
	    { NULL }, "rsyslog", NULL, SEV_HIGH, "reboot",
	    "at its next start",
	    "run a program of its own as root (an omprog action) or write "
	    "log lines into a file it chooses" },
	/* sshd_config(5): Include, AuthorizedKeysCommand (run as the
	 * AuthorizedKeysCommandUser it names), ForceCommand,
	 * PermitRootLogin, AuthorizedKeysFile; sshd(8) rereads it on
	 * SIGHUP */
	{ "sshd", { "ssh.service", "sshd.service", NULL },
	    { "/etc/ssh/sshd_config", NULL }, { NULL }, "sshd", NULL,
	    SEV_HIGH, "reload", "at its next reload",
	    "run an AuthorizedKeysCommand of its own as root, or let root log "
	    "in with a key file it writes" },
	/* php.net, "FPM configuration": include=, each [pool]'s user =
	 * (any account but root without --allow-to-run-as-root), error_log
	 * opened by the master, which runs as root */
	{ "php-fpm", { NULL }, { "/etc/php/*/fpm/php-fpm.conf",
	    "/etc/php-fpm.conf", NULL }, { NULL }, "php-fpm", NULL, SEV_HIGH,
	    "reload", "at its next reload",
	    "run a pool with code of its own as any account but root, or "
	    "name a log path that the root master creates" },
	/* haproxy docs, "external-check command", "lua-load": the master
	 * reads the configuration as root at every reload */
	{ "haproxy", { "haproxy.service", NULL },
	    { "/etc/haproxy/haproxy.cfg", NULL }, { NULL }, NULL, NULL,
	    SEV_HIGH, "reload", "at its next reload",
	    "run a program or Lua code of its own as root (external-check "
	    "command, lua-load)" },
	/* master(5): a service whose "unpriv" column is n runs as root;
	 * pipe(8) transports; postconf(5) */
	{ "postfix", { "postfix.service", NULL },
	    { "/etc/postfix/master.cf", "/etc/postfix/main.cf", NULL },
	    { NULL }, NULL, NULL, SEV_HIGH, "reload", "at its next reload",
	    "add a master.cf service run as root (unprivileged column n), "
	    "or deliver mail through a command of its own" },
	/* networkd-dispatcher(8): every executable of STATE.d run as root
	 * when an interface enters that state */
	{ "networkd-dispatcher", { "networkd-dispatcher.service", NULL },
	    { NULL }, { "/etc/networkd-dispatcher/routable.d",
	    "/etc/networkd-dispatcher/off.d",
	    "/etc/networkd-dispatcher/no-carrier.d",
	    "/etc/networkd-dispatcher/degraded.d",
	    "/etc/networkd-dispatcher/carrier.d",
	    "/etc/networkd-dispatcher/dormant.d",
	    "/etc/networkd-dispatcher/configured.d",
	    "/etc/networkd-dispatcher/configuring.d" }, NULL, NULL, SEV_HIGH,
	    "service", "at the next network state change",
	    "add a script run as root" },
	/* NetworkManager-dispatcher(8): dispatcher.d and its pre-up.d,
	 * pre-down.d and no-wait.d, run as root on connection events */
	{ "NetworkManager", { "NetworkManager-dispatcher.service", NULL },
	    { NULL }, { "/etc/NetworkManager/dispatcher.d",
	    "/etc/NetworkManager/dispatcher.d/pre-up.d",
	    "/etc/NetworkManager/dispatcher.d/pre-down.d",
	    "/etc/NetworkManager/dispatcher.d/no-wait.d" }, NULL, NULL,
	    SEV_HIGH, "service", "at the next connection change",
	    "add a script run as root" },
	/* interfaces(5): up, pre-up, down and post-down commands, and
	 * run-parts of the if-*.d directories, by ifup and ifdown as
	 * root */
	{ "ifupdown", { "networking.service", NULL },
	    { "/etc/network/interfaces", NULL }, { "/etc/network/if-up.d",
	    "/etc/network/if-pre-up.d", "/etc/network/if-down.d",
	    "/etc/network/if-post-down.d" }, NULL, NULL, SEV_HIGH, "reboot",
	    "when an interface next comes up or goes down",
	    "run a command of its own as root" },
	/* udev(7): RUN+= programs of the rules run as root on device
	 * events; the packaged rules directories (/etc/udev/rules.d is
	 * writable-config's) */
	{ "udev", { "systemd-udevd.service", NULL }, { NULL },
	    { "/usr/lib/udev/rules.d", "/lib/udev/rules.d" }, NULL, NULL,
	    SEV_HIGH, "reboot", "at the next device event",
	    "add a RUN+= command run as root" },
	{ NULL, { NULL }, { NULL }, { NULL }, NULL, NULL, SEV_INFO, NULL,
	    NULL, NULL },
};
