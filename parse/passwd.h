/*
 * passwd.h: the target's users and groups, from its own etc/passwd and
 * etc/group text, parsed here, never from the scanning machine's NSS.
 */
#ifndef PRIVMAP_PASSWD_H
#define PRIVMAP_PASSWD_H

#include <sys/types.h>
#include <stddef.h>

#include "parse/err.h"

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
/* The database as text, for tests and debugging: "user NAME UID GID HOME
 * SHELL" then "group NAME GID MEMBER..." lines, strings quoted
 * (parse/print.h), in the order kept (allocated). */
char	*userdb_print(const struct userdb *);

const struct pwent *userdb_user_by_name(const struct userdb *, const char *);
const struct pwent *userdb_user_by_uid(const struct userdb *, uid_t);
const struct grent *userdb_group_by_name(const struct userdb *, const char *);
const struct grent *userdb_group_by_gid(const struct userdb *, gid_t);

#endif
