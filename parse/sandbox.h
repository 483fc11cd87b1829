/*
 * sandbox.h: the sandbox an agent runs in, as privmap judges findings in
 * it (engine/sandbox.c), read from the text that describes it: a systemd
 * service's settings (systemd.exec(5), systemd.resource-control(5)), an
 * OCI runtime bundle's config.json or `docker inspect` output, a compose
 * file's service. Only what changes a user's reach is kept, each setting
 * with the words of the layer that set it ("NoNewPrivileges=yes"). A
 * parser here reads a buffer and never a file: the engine finds the files.
 */
#ifndef PRIVMAP_PARSE_SANDBOX_H
#define PRIVMAP_PARSE_SANDBOX_H

#include <stddef.h>

#include "parse/err.h"
#include "parse/unitfile.h"

enum sb_kind {
	SB_SYSTEMD, SB_OCI, SB_DOCKER, SB_COMPOSE,
};

/* what the sandbox makes of a host path and the tree under it */
enum sb_mode {
	SBM_RW,		/* as on the host */
	SBM_RO,		/* read-only */
	SBM_HIDDEN,	/* not there: inaccessible, an empty tmpfs, a
			 * private instance, or not mounted at all */
};

struct sb_path {
	char		*path;		/* host side, absolute and normal */
	enum sb_mode	 mode;
	char		*layer;		/* "InaccessiblePaths=/run/docker.sock" */
};

/* at most this many paths and syscall names; more are reported once */
#define SB_MAX_PATHS	4096
#define SB_MAX_NAMES	1024

/*
 * Each setting is NULL when the sandbox leaves it as the host has it,
 * else the layer that sets it, in the sandbox's own words.
 */
struct sandbox {
	enum sb_kind	 kind;
	char		*name;		/* unit, service or container */
	char		*user;		/* User=, process.user, Config.User */
	char		*nnp;		/* no_new_privs */
	char		*caps_none;	/* no capability can be held */
	char		*groups_dropped; /* the user's supplementary groups
					 * are not the process's */
	char		*no_unix;	/* AF_UNIX sockets cannot be made */
	char		*no_localhost;	/* the host's loopback unreachable */
	char		*no_userns;	/* no namespace can be made */
	char		*privileged;	/* the host's devices and every
					 * capability: nothing contained */
	char		*base;		/* what a path no rule names is:
					 * "ProtectSystem=strict" (read-only)
					 * or a container's own root
					 * (hidden); NULL: as the host */
	enum sb_mode	 base_mode;
	struct sb_path	*paths;		/* in the order set */
	size_t		 npaths;
	/* seccomp: in deny mode the names blocked; in allow mode
	 * (allow_mode 1) every name not allowed unconditionally is */
	char		*filter;	/* the layer, NULL: no filter */
	int		 allow_mode;
	int		 docker_default;	/* Docker's default profile:
						 * names are its blocked
						 * calls (known/sandbox.c) */
	char		**names;
	size_t		 nnames;
	char		**group_add;	/* groups kept (names or gids) */
	size_t		 ngroup_add;
	unsigned	 full;		/* lists past their bound */
	/* systemd: what implies no_new_privs, and an explicit setting */
	char		*nnp_implied;
	int		 nnp_set;	/* -1 unset, 0 no, 1 yes */
	/* docker: the network mode and seccomp option as set */
	int		 net_host;
	int		 seccomp_unconfined;	/* 1 unconfined, 2 a profile
						 * file (seccomp_file) */
	char		*seccomp_file;	/* as security_opt names it */
};

void	sandbox_init(struct sandbox *, enum sb_kind, const char *name);
void	sandbox_free(struct sandbox *);
/* Give setting *slot the layer fmt... (replacing any). */
void	sandbox_set(char **slot, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A path rule; path is made normal, refused (0) if not absolute. */
int	sandbox_path(struct sandbox *, const char *path, enum sb_mode,
	    const char *layer_fmt, ...) __attribute__((format(printf, 4, 5)));
/* A syscall name, or a systemd @group as written, into names (the
 * engine expands groups: known/sandbox.c). */
void	sandbox_name(struct sandbox *, const char *name);
/* A group the container keeps (group_add, additionalGids). */
void	sandbox_group(struct sandbox *, const char *group);
/* Docker's own settings of a container, shared by `docker inspect` and
 * compose: a --security-opt value; a mount of host path src (ro 1:
 * read-only); the defaults of a container no option changed (its own
 * root, network namespace, the default seccomp profile). */
void	sandbox_docker_opt(struct sandbox *, const char *opt);
void	sandbox_bind(struct sandbox *, const char *src, int ro,
	    const char *layer);
void	sandbox_docker_defaults(struct sandbox *);

/*
 * A systemd service's sandbox: the [Service] assignments of each file in
 * the order they apply (the unit, then its drop-ins: unit_view_apply's
 * order), a later assignment overriding, an empty one resetting a list.
 * Values that do not parse go to err.
 */
void	sandbox_unit(struct sandbox *, const struct unit_file *,
	    parse_err_fn err, void *ctx);
/* After the last file: what the settings imply together (no_new_privs,
 * systemd.exec(5) NoNewPrivileges=). */
void	sandbox_unit_end(struct sandbox *);

/*
 * An OCI runtime config.json (runtime-spec config.md) or `docker inspect`
 * output (an array of containers: the one named, or the only one). kind
 * is set from what the text is. 0, or -1 with *why.
 */
int	sandbox_oci(struct sandbox *, const char *buf, size_t len,
	    const char *container, const char **why);

/* A seccomp profile's text (Docker's format, or OCI linux.seccomp) as the
 * filter, named layer. 0, or -1 with *why. */
int	sandbox_seccomp(struct sandbox *, const char *buf, size_t len,
	    const char *layer, const char **why);

/*
 * One service of a compose file (compose-spec: services.NAME), read with
 * libyaml; service may be NULL when the file has exactly one. 0, or -1
 * with *why (a static message, or one naming a line in a static buffer).
 */
int	sandbox_compose(struct sandbox *, const char *buf, size_t len,
	    const char *service, const char **why);

/* The sandbox as text, one setting a line (tests, --verbose). A new
 * string. */
char	*sandbox_print(const struct sandbox *);

#endif
