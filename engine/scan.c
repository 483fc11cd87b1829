/*
 * scan.c: the helpers every check uses to read the target through the
 * scan: bounded reads whose failures land in the report's errors.
 */
#include <errno.h>
#include <string.h>

#include "lib/bounds.h"
#include "engine/scan.h"
#include "lib/buf.h"
#include "lib/path.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"

void
scan_errno(struct scan *s, const char *path, const char *doing)
{
	int e = errno;

	if (e == ESTALE)
		report_add_error(s->rep, path, "%s: changed during the scan",
		    doing);
	else
		report_add_error(s->rep, path, "%s: %s", doing, strerror(e));
	errno = e;
}

/* one file as scan_read found it */
struct cached {
	char	*buf;		/* NULL: the read failed with err */
	size_t	 len;
	int	 err;
};

struct scan_cache {
	struct strmap	 map;		/* path -> struct cached */
	size_t		 bytes;
};

/* keep what scan_read reads from now on (scan.h) */
void
scan_cache_start(struct scan *s)
{
	if (s->cache != NULL)
		return;
	s->cache = xcalloc(1, sizeof *s->cache);
	s->cache->map.copies = 1;
}

/* forget what scan_read kept (scan.h) */
void
scan_cache_stop(struct scan *s)
{
	size_t i;

	if (s->cache == NULL)
		return;
	for (i = 0; i < s->cache->map.cap; i++)
		if (s->cache->map.v[i].key != NULL) {
			struct cached *c = s->cache->map.v[i].val.p;

			free(c->buf);
			free(c);
		}
	strmap_free(&s->cache->map);
	free(s->cache);
	s->cache = NULL;
}

/* a cached read: 1 and the copy (or -1 and errno), or 0 when not kept */
static int
cache_get(struct scan *s, const char *path, char **buf, size_t *len,
    int *rv)
{
	struct cached *c;

	if (s->cache == NULL ||
	    (c = strmap_getp(&s->cache->map, path, strlen(path))) == NULL)
		return 0;
	if (c->buf == NULL) {
		errno = c->err;
		*rv = -1;
		return 1;
	}
	*buf = xmalloc(c->len + 1);
	memcpy(*buf, c->buf, c->len);
	(*buf)[c->len] = '\0';
	*len = c->len;
	*rv = 0;
	return 1;
}

static void
cache_put(struct scan *s, const char *path, const char *buf, size_t len,
    int err)
{
	struct cached *c;

	if (s->cache == NULL || s->cache->bytes + len > SCAN_CACHE_BYTES)
		return;
	c = xcalloc(1, sizeof *c);
	c->err = err;
	if (buf != NULL) {
		c->buf = xmalloc(len + 1);
		memcpy(c->buf, buf, len);
		c->buf[len] = '\0';
		c->len = len;
	}
	if (!strmap_addp(&s->cache->map, path, strlen(path), c)) {
		free(c->buf);
		free(c);
		return;
	}
	s->cache->bytes += len + strlen(path) + sizeof *c;
}

int
scan_read(struct scan *s, const char *path, char **buf, size_t *len)
{
	int truncated = 0, rv;

	if (cache_get(s, path, buf, len, &rv))
		return rv;
	if (tv_read(s->tv, path, MAX_FILE_BYTES, buf, len, &truncated) == -1) {
		rv = errno;
		if (errno != ENOENT && errno != ENOTDIR)
			scan_errno(s, path, "cannot read");
		cache_put(s, path, NULL, 0, rv);
		errno = rv;
		return -1;
	}
	if (truncated)
		report_add_error(s->rep, path, "truncated: only the first "
		    "%u bytes were read", MAX_FILE_BYTES);
	cache_put(s, path, *buf, *len, 0);
	return 0;
}

void
scan_deny_write(struct scan *s, struct finding *f, const char *path)
{
	const char *w;

	finding_close(f, CLOSE_WRITE, path);
	if (access_can_replace(s->acc, path) != ACC_YES ||
	    (w = access_last_witness(s->acc)) == NULL || strcmp(w, path) == 0)
		return;
	finding_close(f, CLOSE_WRITE, w);
}

struct scan_anchors {
	struct strmap	 map;		/* "UID GID... \n DIR" -> index */
	char		**v;
	size_t		 n;
};

/* who asks (the access model's identity), then the directory */
static char *
anchor_key(const struct scan *s, const char *dir)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;

	buf_printf(&b, "%lu", (unsigned long)s->user.uid);
	for (i = 0; i < s->user.ngids; i++)
		buf_printf(&b, " %lu", (unsigned long)s->user.gids[i]);
	buf_addc(&b, '\n');
	buf_adds(&b, dir);
	return b.data;
}

static char *
anchor_find(struct scan *s, const char *dir)
{
	struct stat st;
	char *d = xstrdup(dir), *up;

	while (strcmp(d, "/") != 0 && d[0] == '/') {
		if (tv_stat(s->tv, d, &st) == 0 && S_ISDIR(st.st_mode) &&
		    access_can_replace(s->acc, d) == ACC_NO)
			break;
		up = path_dirname(d);
		free(d);
		d = up;
	}
	if (d[0] != '/') {
		free(d);
		d = xstrdup("/");
	}
	return d;
}

/* found once per identity and directory: the target does not change */
char *
scan_watch_anchor(void *ctx, const char *dir)
{
	struct scan *s = ctx;
	struct scan_anchors *a;
	char *key, *d;
	size_t i;

	/* root can rename anything: no directory would be safer */
	if (s->user.uid == 0)
		return xstrdup(dir);
	if (s->anchors == NULL) {
		s->anchors = xcalloc(1, sizeof *s->anchors);
		s->anchors->map.copies = 1;
	}
	a = s->anchors;
	key = anchor_key(s, dir);
	if ((i = strmap_gets(&a->map, key)) != STRMAP_NONE) {
		free(key);
		return xstrdup(a->v[i]);
	}
	d = anchor_find(s, dir);
	if ((a->n & (a->n - 1)) == 0)
		a->v = xreallocarray(a->v, a->n ? 2 * a->n : 1, sizeof *a->v);
	a->v[a->n] = xstrdup(d);
	strmap_adds(&a->map, key, a->n++, NULL);
	free(key);
	return d;
}

/* scan.h */
void
scan_anchors_free(struct scan *s)
{
	size_t i;

	if (s->anchors == NULL)
		return;
	for (i = 0; i < s->anchors->n; i++)
		free(s->anchors->v[i]);
	free(s->anchors->v);
	strmap_free(&s->anchors->map);
	free(s->anchors);
	s->anchors = NULL;
}

/* the finding hands the user uid's code (scan.h) */
void
scan_grant_user(struct scan *s, struct finding *f, uid_t uid,
    enum grant_wait wait, int sure)
{
	const struct pwent *pw;

	if (uid == (uid_t)-1)
		return;
	pw = userdb_user_by_uid(&s->db, uid);
	finding_grant(f, uid == 0 ? GRANT_ROOT : GRANT_USER,
	    (unsigned long)uid, pw ? pw->name : NULL, wait, sure);
}

/* the finding hands the user gid's power (scan.h) */
void
scan_grant_group(struct scan *s, struct finding *f, gid_t gid,
    enum grant_wait wait, int sure)
{
	const struct grent *gr;

	if (gid == (gid_t)-1)
		return;
	gr = userdb_group_by_gid(&s->db, gid);
	finding_grant(f, GRANT_GROUP, (unsigned long)gid, gr ? gr->name :
	    NULL, wait, sure);
}
