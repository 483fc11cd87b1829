/*
 * image-user.c: the user a container of an image runs as, from the
 * config's User and the image's own passwd and group, by the rules runc
 * and Docker apply (github.com/moby/sys, user/user.go GetExecUser):
 *
 *   - "" means uid 0; "user" or "uid", optionally ":group" or ":gid";
 *   - a name must be in passwd and a group name in group (otherwise the
 *     container does not start); a number needs no entry;
 *   - a uid without a passwd entry runs with gid 0 (the default);
 *   - without an explicit group the primary gid is passwd's and the
 *     supplementary groups are those listing the user by name; with an
 *     explicit group that group is the only one.
 *
 * Nothing here reads the scanning machine's users.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/image.h"
#include "lib/num.h"
#include "lib/xmalloc.h"

/* moby/sys user.go: ids run from 0 to 1<<31 - 1 */
#define ID_MAX	2147483647UL

int
image_user_resolve(const struct userdb *db, const char *spec,
    struct ident *id, const char **why)
{
	const struct pwent *pw = NULL;
	const char *colon;
	char *user = NULL, *group = NULL;
	unsigned long num;
	size_t i, j;
	int ret = -1;

	memset(id, 0, sizeof *id);
	if (spec == NULL)
		spec = "";
	colon = strchr(spec, ':');
	user = colon ? xstrndup(spec, (size_t)(colon - spec)) : xstrdup(spec);
	if (colon && colon[1] != '\0')
		group = xstrdup(colon + 1);

	if (*user == '\0') {
		pw = userdb_user_by_uid(db, 0);
		id->uid = 0;
	} else if (parse_ulong(user, ID_MAX, &num) == 0) {
		pw = userdb_user_by_uid(db, (uid_t)num);
		id->uid = (uid_t)num;
	} else if (user[strspn(user, "0123456789")] == '\0') {
		*why = "the image's user id is out of range";
		goto out;
	} else if ((pw = userdb_user_by_name(db, user)) == NULL) {
		*why = "the image's user is not in its etc/passwd "
		    "(the container would not start)";
		goto out;
	}
	id->gid = 0;
	if (pw) {
		id->name = xstrdup(pw->name);
		id->uid = pw->uid;
		id->gid = pw->gid;
		id->home = pw->home ? xstrdup(pw->home) : NULL;
		id->shell = pw->shell ? xstrdup(pw->shell) : NULL;
	}
	if (group) {
		const struct grent *gr;

		if (parse_ulong(group, ID_MAX, &num) == 0) {
			gr = userdb_group_by_gid(db, (gid_t)num);
			id->gid = gr ? gr->gid : (gid_t)num;
		} else if ((gr = userdb_group_by_name(db, group)) != NULL)
			id->gid = gr->gid;
		else {
			*why = "the image's user group is not in its etc/group "
			    "(the container would not start)";
			ident_free(id);
			goto out;
		}
		ident_add_gid(id, id->gid);
	} else {
		ident_add_gid(id, id->gid);
		if (pw)
			for (i = 0; i < db->ngroups; i++)
				for (j = 0; j < db->groups[i].nmembers; j++)
					if (strcmp(db->groups[i].members[j],
					    pw->name) == 0) {
						ident_add_gid(id,
						    db->groups[i].gid);
						break;
					}
	}
	ret = 0;
out:
	if (ret == -1)
		errno = ENOENT;
	free(user);
	free(group);
	return ret;
}
