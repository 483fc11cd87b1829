/*
 * ident.h: who the user is inside the target: the account and every group
 * it is in, resolved in the target's own user database (parse/passwd.h),
 * never the scanning machine's NSS.
 */
#ifndef PRIVMAP_IDENT_H
#define PRIVMAP_IDENT_H

#include <sys/types.h>
#include <stddef.h>

#include "parse/passwd.h"

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
/* Add g to the groups of id unless it is there. */
void	ident_add_gid(struct ident *, gid_t);

#endif
