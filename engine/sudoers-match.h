/*
 * sudoers-match.h: which rules of a parsed sudoers (parse/sudoers.h) apply
 * to one user of the target, as which accounts and groups, and whether a
 * command pattern admits a path. Reads nothing: the user database and the
 * identity are given.
 */
#ifndef PRIVMAP_SUDOERS_MATCH_H
#define PRIVMAP_SUDOERS_MATCH_H

#include "engine/ident.h"
#include "parse/sudoers.h"

/* A command the user may (or, negated, may not) run, after Cmnd_Alias
 * expansion: one per command of each applying Cmnd_Spec. */
struct sudo_grant {
	const struct sudo_entry		*entry;	/* the user spec */
	const struct sudo_priv		*priv;
	const struct sudo_cmndspec	*cs;
	const struct sudo_runas		*runas;	/* NULL: runas_default */
	const struct sudo_member	*cmnd;	/* never an alias */
	int				 negated; /* alias negations applied */
	int				 applies; /* SUDO_YES or SUDO_MAYBE */
	const char			*via_alias; /* outermost Cmnd_Alias */
	size_t				 order;	/* position, for last wins */
};

/* A Defaults entry that applies to the user (or may). */
struct sudo_dmatch {
	const struct sudo_entry		*entry;
	int				 applies; /* SUDO_YES, SUDO_MAYBE */
};

struct sudo_match {
	struct sudo_grant	*grants;
	size_t			 ngrants;
	struct sudo_dmatch	*defaults;
	size_t			 ndefaults;
	int			 truncated;	/* SUDOERS_MAX_GRANTS reached */
	int			 alias_loop;	/* an alias cycle or too deep */
};

/*
 * The rules of s that apply to user u (groups from db) on host (the
 * target's host name, or NULL when unknown: host lists then answer
 * SUDO_MAYBE unless ALL). Lists follow sudoers(5)'s "last match wins"
 * within a list, negation included; aliases are followed recursively,
 * SUDOERS_MAX_ALIAS_DEPTH deep. Global and per-user, per-host Defaults
 * are kept; Defaults>runas and Defaults!cmnd are kept too, for the
 * caller to pair with grants. Returns 0 (m filled) or -1.
 */
int	sudoers_match(const struct sudoers *s, const struct userdb *db,
	    const struct ident *u, const char *host, struct sudo_match *m);
void	sudo_match_free(struct sudo_match *);

/* May the grant's command be run as the user named name (uid uid, primary
 * group gid)? Uses the Cmnd_Spec's runas list, or runas_default (the
 * "runas_default" Defaults value given, "root" if NULL) when it has
 * none. SUDO_YES, SUDO_NO or SUDO_MAYBE. */
int	sudoers_runas_user(const struct sudoers *, const struct sudo_grant *,
	    const struct userdb *, const char *name, uid_t uid, gid_t gid,
	    const char *runas_default);
/* May it be run with group gid (named name, may be NULL)? A spec with no
 * group list allows only the target user's own groups: SUDO_NO here. */
int	sudoers_runas_group(const struct sudoers *, const struct sudo_grant *,
	    const struct userdb *, const char *name, gid_t gid);

/* Does list member or list (of kind) match user u? Exposed for Defaults
 * bindings and tests. */
int	sudoers_user_list(const struct sudoers *, const struct sudo_list *,
	    const struct userdb *, const struct ident *);
int	sudoers_host_list(const struct sudoers *, const struct sudo_list *,
	    const char *host);

/* Does command pattern (SM_ALL, SM_CMND, SM_DIR, SM_REGEX) admit path
 * (with any arguments when args is NULL)? SUDO_YES/NO/MAYBE. */
int	sudoers_cmnd_admits(const struct sudo_member *pat, const char *path,
	    const char *args);

/* Has s glob characters fnmatch(3) would act on (unescaped * ? [)? */
int	sudoers_has_glob(const char *s);

#endif
