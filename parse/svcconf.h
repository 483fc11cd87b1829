/*
 * svcconf.h: the configuration files that decide, at boot, which local
 * services listen and who may use them: redis.conf, pg_hba.conf, Docker's
 * daemon.json and dockerd's flags (-H, --tlsverify, -G) wherever they are
 * written, and containerd's config.toml (units themselves: unitfile.h).
 * Parsers take a buffer (tests and fuzzers feed them); none reads a file
 * or decides a severity: checks/localhost-service.c and
 * checks/runtime-config.c do, through checks/svcfiles.c.
 */
#ifndef PRIVMAP_SVCCONF_H
#define PRIVMAP_SVCCONF_H

#include <stddef.h>

#include "parse/err.h"

/* ---- Redis: the redis.conf shipped with Redis 6 and 7 ---- */

struct redis_conf {
	long		 port;		/* -1 unset (6379); 0: no TCP */
	unsigned	 port_line;
	char		*bind;		/* addresses, space-separated; NULL:
					 * unset (every interface) */
	unsigned	 bind_line;
	int		 protected_mode;	/* -1 unset (yes), 0, 1 */
	unsigned	 pm_line;
	int		 default_auth;	/* the default user needs a password
					 * (requirepass, or ACL rules) */
	unsigned	 auth_line;	/* the line that decided it, or 0 */
	int		 default_off;	/* "user default off" */
	int		 aclfile;	/* users defined in an aclfile too */
	char		*aclpath;	/* that file, as written, or NULL */
	unsigned	 acl_line;
	char		*unixsocket;
	unsigned	 us_line;
	long		 unixsocketperm;	/* -1 unset */
	int		 config_renamed;	/* rename-command CONFIG ... */
	int		 protected_configs;	/* -1 unset, 0 no, 1 yes,
						 * 2 local (Redis 7) */
	int		 module_command;	/* likewise */
	int		 redis7;	/* a directive only Redis >= 7 knows */
	char		**includes;
	size_t		 nincludes;
};

void	redis_conf_init(struct redis_conf *);
/* Directives apply in order, later ones winning (as redis-server reads
 * them). Unknown directives are ignored; a line whose quoting does not
 * close is reported and skipped. */
void	redis_conf_parse(const char *buf, size_t len, struct redis_conf *,
	    parse_err_fn err, void *ctx);
void	redis_conf_free(struct redis_conf *);
/* An ACL file (aclfile; Redis docs, "ACL rules" and "Use an external ACL
 * file"): "user NAME RULES..." lines. Only the default user matters
 * here: a line for it starts from a new user (off, no password) and its
 * rules decide default_auth and default_off (auth_line: its line);
 * without one the server creates the default user on and without a
 * password. Other lines are ignored; broken quoting goes to err. */
void	redis_acl_parse(const char *buf, size_t len, struct redis_conf *,
	    parse_err_fn err, void *ctx);

/* ---- PostgreSQL: pg_hba.conf (PostgreSQL docs, "The pg_hba.conf File") */

struct pg_hba_entry {
	char		*type;		/* local, host, hostssl, hostnossl, ... */
	char		*database;	/* as written: "all", "db1,db2", ... */
	char		*user;
	char		*address;	/* NULL for local */
	char		*mask;		/* the separate mask column, or NULL */
	char		*method;
	unsigned	 line;
};

struct pg_hba {
	struct pg_hba_entry	*e;
	size_t			 n;
	char			**includes;	/* include, include_if_exists,
						 * include_dir targets */
	size_t			*include_at;	/* each one's place: the
						 * entries before it */
	size_t			 nincludes;
};

size_t	pg_hba_parse(const char *buf, size_t len, struct pg_hba *,
	    parse_err_fn err, void *ctx);
void	pg_hba_free(struct pg_hba *);
/* 1 if a connection from this host matches the entry's address: local,
 * or an address field that holds 127.0.0.1 or ::1 (all, samehost,
 * samenet, localhost, a CIDR or address/mask covering it). */
int	pg_hba_from_localhost(const struct pg_hba_entry *);
/* 1 if the comma-separated list holds word (or "all") */
int	pg_hba_list_has(const char *list, const char *word);
/* pg_hba.conf is first match: "The first record with a matching
 * connection type, client address, requested database, and user name is
 * used to perform authentication. There is no fall-through" (PostgreSQL
 * docs, "The pg_hba.conf File"). 1 if the earlier entry a takes every
 * connection from this host that e would admit as role (NULL: a role no
 * entry names, which e must admit through "all"), for any database the
 * client may name; 0 if some such connection passes a by. Unknown
 * memberships (+role, @file) never shadow. */
int	pg_hba_shadows(const struct pg_hba_entry *a,
	    const struct pg_hba_entry *e, const char *role);

/* ---- Docker: daemon.json and dockerd(8) flags ---- */

struct docker_host {
	char		*uri;		/* as written: "tcp://0.0.0.0:2375" */
	unsigned	 line;
	const char	*from;		/* "daemon.json" or "flag" */
};

struct docker_conf {
	struct docker_host	*hosts;
	size_t			 nhosts;
	int			 tls;		/* -1 unset */
	int			 tlsverify;	/* -1 unset */
	unsigned		 tls_line;
	char			*group;		/* socket group, or NULL */
	unsigned		 group_line;
};

void	docker_conf_init(struct docker_conf *);
/* daemon.json (dockerd(8) "Daemon configuration file"). -1 with *why and
 * *line for text that is not a JSON object. Values found are appended;
 * lines are found by locating each value's text in buf. */
int	docker_json_parse(const char *buf, size_t len, struct docker_conf *,
	    const char **why, unsigned *line);
/* dockerd's own flags from a command line (ExecStart=, DOCKER_OPTS):
 * -H/--host, --tls, --tlsverify, -G/--group. Returns 1 if the line runs
 * dockerd (or holds only options, as DOCKER_OPTS does), 0 if not. */
int	dockerd_args_parse(const char *cmdline, unsigned line, int opts_only,
	    struct docker_conf *);
void	docker_conf_free(struct docker_conf *);

/* A daemon host URI that listens on TCP: "tcp://H:P", "H:P", ":P".
 * host gets the address ("" for every interface), *port the port
 * (defport when none is written). 1 if TCP, 0 if not (unix://, fd://),
 * -1 if malformed. */
int	svc_tcp_uri(const char *uri, unsigned defport, char *host,
	    size_t hostlen, unsigned *port);

/* ---- containerd: config.toml (containerd-config.toml(5)) ---- */

struct containerd_conf {
	char		*grpc_address;
	unsigned	 grpc_address_line;
	char		*tcp_address;	/* [grpc] tcp_address */
	unsigned	 tcp_line;
	int		 tcp_tls;	/* tcp_tls_cert set */
	long		 grpc_gid;	/* -1 unset */
	unsigned	 grpc_gid_line;
	long		 grpc_uid;
	char		*debug_address;
	unsigned	 debug_line;
	long		 debug_gid;
	unsigned	 debug_gid_line;
};

void	containerd_conf_init(struct containerd_conf *);
/* The [grpc] and [debug] tables of a containerd config (version 1 to 3
 * share them). Only basic TOML: tables, dotted keys, strings, integers,
 * booleans; anything else is skipped. */
void	containerd_toml_parse(const char *buf, size_t len,
	    struct containerd_conf *, parse_err_fn err, void *ctx);
void	containerd_conf_free(struct containerd_conf *);

/* ---- the parses as text, for tests and debugging (allocated) ---- */

/* one line: "port N@LINE [bind \"...\"@LINE] protected-mode N@LINE ..."
 * every member in struct order, strings quoted (parse/print.h) */
char	*redis_conf_print(const struct redis_conf *);
/* "LINE TYPE DATABASE USER ADDRESS MASK METHOD" a line (NULL as (null)),
 * then "include PATH at N" for each include (N: the entries before it),
 * then "include PATH" lines */
char	*pg_hba_print(const struct pg_hba *);
/* "host URI@LINE FROM" lines, then "tls N tlsverify N@LINE [group
 * NAME@LINE]" */
char	*docker_conf_print(const struct docker_conf *);
/* one line: the [grpc] and [debug] members in struct order */
char	*containerd_conf_print(const struct containerd_conf *);

#endif
