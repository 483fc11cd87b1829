/*
 * ident.c: the scanned user's identity inside the target, from the
 * target's own passwd and group data (see passwd.c): uid, primary gid,
 * and every group that lists the user by name, as initgroups(3) would.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ident.h"
#include "lib/num.h"
#include "lib/xmalloc.h"

void
ident_add_gid(struct ident *id, gid_t g)
{
	size_t i;

	for (i = 0; i < id->ngids; i++)
		if (id->gids[i] == g)
			return;
	id->gids = xreallocarray(id->gids, id->ngids + 1, sizeof *id->gids);
	id->gids[id->ngids++] = g;
}

int
ident_resolve(const struct userdb *db, const char *spec, struct ident *id,
    const char **why)
{
	const struct pwent *pw;
	unsigned long uid;
	size_t i, j;

	memset(id, 0, sizeof *id);
	pw = userdb_user_by_name(db, spec);
	if (pw == NULL && parse_ulong(spec, 4294967294UL, &uid) == 0) {
		pw = userdb_user_by_uid(db, (uid_t)uid);
		if (pw == NULL) {
			/* a bare uid: no name, and no group at all (the
			 * report says so); (gid_t)-1 matches no file */
			id->uid = (uid_t)uid;
			id->gid = (gid_t)-1;
			return 0;
		}
	}
	if (pw == NULL) {
		*why = "no such user in the target's etc/passwd";
		errno = ENOENT;
		return -1;
	}
	id->name = xstrdup(pw->name);
	id->uid = pw->uid;
	id->gid = pw->gid;
	id->home = xstrdup(pw->home);
	id->shell = xstrdup(pw->shell);
	ident_add_gid(id, pw->gid);
	for (i = 0; i < db->ngroups; i++)
		for (j = 0; j < db->groups[i].nmembers; j++)
			if (strcmp(db->groups[i].members[j], pw->name) == 0) {
				ident_add_gid(id, db->groups[i].gid);
				break;
			}
	return 0;
}

void
ident_free(struct ident *id)
{
	if (id == NULL)
		return;
	free(id->name);
	free(id->gids);
	free(id->home);
	free(id->shell);
	memset(id, 0, sizeof *id);
}

int
ident_in_group(const struct ident *id, gid_t g)
{
	size_t i;

	for (i = 0; i < id->ngids; i++)
		if (id->gids[i] == g)
			return 1;
	return 0;
}
