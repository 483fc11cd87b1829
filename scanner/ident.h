/*
 * ident.h: who the user is inside the target. Users and groups come from
 * the target's own etc/passwd and etc/group, parsed here, never from the
 * scanning machine's NSS.
 */
#ifndef PRIVMAP_IDENT_H
#define PRIVMAP_IDENT_H

#include <sys/types.h>
#include <stddef.h>

#include "parse/err.h"	/* parse_err_fn */

struct pwent {
	char		*name;
	uid_t		 uid;
	gid_t		 gid;
	char		*home;
	char		*shell;
};

struct grent {
	char		*name;
	gid_t		 gid;
	char		**members;
	size_t		 nmembers;
};

struct userdb {
	struct pwent	*users;
	size_t		 nusers;
	struct grent	*groups;
	size_t		 ngroups;
};


/* Parse passwd / group text into db (appending). Malformed lines are
 * skipped and reported through err. Returns the number of entries kept. */
size_t	passwd_parse(const char *buf, size_t len, struct userdb *,
	    parse_err_fn, void *ctx);
size_t	group_parse(const char *buf, size_t len, struct userdb *,
	    parse_err_fn, void *ctx);
void	userdb_free(struct userdb *);

const struct pwent *userdb_user_by_name(const struct userdb *, const char *);
const struct pwent *userdb_user_by_uid(const struct userdb *, uid_t);
const struct grent *userdb_group_by_name(const struct userdb *, const char *);
const struct grent *userdb_group_by_gid(const struct userdb *, gid_t);

struct ident {
	char		*name;		/* NULL when the uid has no passwd entry */
	uid_t		 uid;
	gid_t		 gid;		/* primary group */
	gid_t		*gids;		/* primary first, then supplementary */
	size_t		 ngids;
	char		*home;		/* NULL if unknown */
	char		*shell;
};

/*
 * Resolve spec (a name, or a decimal uid) in db. A numeric uid with no
 * entry gives an ident with no name and no supplementary groups. -1 with
 * *why for an unknown name.
 */
int	ident_resolve(const struct userdb *, const char *spec,
	    struct ident *, const char **why);
void	ident_free(struct ident *);
int	ident_in_group(const struct ident *, gid_t);

#endif
