/*
 * container-socket.c: container-runtime sockets the user can connect to.
 * connect(2) on a unix socket needs write permission on the socket and
 * search permission on every directory of its path (unix(7)); both are
 * asked of the access model as the target user. Sockets are found at
 * their usual paths (known/sockets.c) and wherever the walk meets
 * a socket with a known name. A socket the user owns is the user's own
 * (rootless) daemon: no escalation.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "known/known.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

struct cs_state {
	char	**paths;
	size_t	  n;
	struct stat *seen;	/* sockets reported: one finding per inode */
	size_t	  nseen;
};

static void
cs_add(struct cs_state *st, const char *path)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (strcmp(st->paths[i], path) == 0)
			return;
	st->paths = xreallocarray(st->paths, st->n + 1, sizeof *st->paths);
	st->paths[st->n++] = xstrdup(path);
}

static void
cs_visit(struct scan *s, void **priv, const struct entry *e)
{
	struct cs_state *st = *priv;

	(void)s;
	if (known_socket_by_name(e->name) == NULL &&
	    known_socket_by_path(e->path) == NULL)
		return;
	if (st == NULL)
		st = *priv = xcalloc(1, sizeof *st);
	cs_add(st, e->path);
}

static void
cs_one(struct scan *s, struct cs_state *cs, const char *path)
{
	const struct known_socket *k = known_socket_by_path(path);
	struct stat st;
	struct finding *f;
	int can;

	if (k == NULL)
		k = known_socket_by_name(path_basename(path));
	if (k == NULL || tv_stat(s->tv, path, &st) == -1 ||
	    !S_ISSOCK(st.st_mode))
		return;
	if (st.st_uid == s->user.uid && s->user.uid != 0)
		return;			/* the user's own daemon */
	for (size_t i = 0; i < cs->nseen; i++)
		if (cs->seen[i].st_dev == st.st_dev &&
		    cs->seen[i].st_ino == st.st_ino)
			return;		/* /var/run/x and /run/x */
	can = access_can(s->acc, path, ACC_WRITE);
	if (can == ACC_UNKNOWN) {
		scan_errno(s, path, "cannot evaluate access to socket");
		return;
	}
	if (can != ACC_YES)
		return;
	cs->seen = xreallocarray(cs->seen, cs->nseen + 1, sizeof *cs->seen);
	cs->seen[cs->nseen++] = st;
	f = report_add(s->rep, &check_container_socket.who, k->sev,
	    0.9, path, "", "%s can connect to the %s socket %s: %s",
	    s->user.name ? s->user.name : "the user", k->runtime, path,
	    k->why);
	finding_ev_str(f, "runtime", k->runtime);
	if (k->sev >= SEV_HIGH)
		finding_grant(f, GRANT_ROOT, 0, NULL, WAIT_NOW,
		    k->sev == SEV_CRITICAL);
	finding_ev_mode(f, "mode", st.st_mode);
	finding_ev_int(f, "uid", (long long)st.st_uid);
	finding_ev_int(f, "gid", (long long)st.st_gid);
	if (ident_in_group(&s->user, st.st_gid))
		finding_ev_str(f, "via", "group owner of the socket");
	else
		finding_ev_str(f, "via", "other or ACL permissions");
	finding_set_remediation(f, "chmod o-rwx '%s'; remove the user from "
	    "group %lu if it is not meant to run containers", path,
	    (unsigned long)st.st_gid);
	finding_close(f, CLOSE_CONNECT, path);
	/* no watch: a watch on a socket fires only on the daemon's bind;
	 * the audit output turns the connect deny entry into a connect()
	 * rule for this socket */
}

static int
cs_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);

	return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y);
}

static int
cs_report(struct scan *s, void **priv)
{
	struct cs_state *st = *priv;
	size_t i;

	if (s->user.uid == 0)
		return 0;
	if (st == NULL)
		st = *priv = xcalloc(1, sizeof *st);
	/* judged again for each identity of the graph: what the last one
	 * reached is no duplicate of this one's */
	st->nseen = 0;
	/* the usual places, also when the walk did not reach them (/run is
	 * its own filesystem on a live host) */
	for (i = 0; known_sockets[i].runtime; i++)
		if (known_sockets[i].path)
			cs_add(st, known_sockets[i].path);
	/* a fixed order, so /run/x wins over /var/run/x on every run */
	if (st->n > 1)
		qsort(st->paths, st->n, sizeof *st->paths, cs_cmp);
	for (i = 0; i < st->n; i++)
		cs_one(s, st, st->paths[i]);
	return 0;
}

static void
cs_free(void *priv)
{
	struct cs_state *st = priv;
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->n; i++)
		free(st->paths[i]);
	free(st->paths);
	free(st->seen);
	free(st);
}

const struct check check_container_socket = {
	.who = { "container-socket", "container-socket" },
	.want = WANT_SOCKET,
	.visit = cs_visit,
	.report = cs_report,
	.free = cs_free,
};
