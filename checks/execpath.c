/*
 * execpath.c: path control, PATH lookup and remediation text shared by
 * checks/cron.c and checks/systemd.c (see execpath.h). The lookup
 * follows execvp(3): each PATH entry in order, an empty entry meaning
 * the working directory, the first executable regular file wins.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/execpath.h"
#include "parse/cmdexec.h"
#include "lib/buf.h"
#include "lib/path.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"

const char *
xp_user(const struct scan *s)
{
	return s->user.name ? s->user.name : "the user";
}

void
xp_hit_free(struct xp_hit *h)
{
	free(h->witness);
	h->witness = NULL;
}

int
xp_control(struct scan *s, const char *path, struct xp_hit *h)
{
	const char *how = NULL, *w;
	int r;

	memset(h, 0, sizeof(*h));
	if (tv_stat(s->tv, path, &h->st) == 0) {
		h->exists = 1;
		if (tv_lstat(s->tv, path, &h->lst) == -1)
			h->lst = h->st;
	} else if (errno != ENOENT && errno != ENOTDIR && errno != ELOOP) {
		scan_errno(s, path, "cannot stat");
		return -1;
	}
	r = access_can_modify(s->acc, path, &how);
	if (r == ACC_UNKNOWN) {
		scan_errno(s, path, "cannot evaluate access");
		return -1;
	}
	if (r != ACC_YES)
		return 0;
	h->how = h->exists ? (strcmp(how, "writable") == 0 ? "writable" :
	    "replaceable") : "creatable";
	if (strcmp(how, "writable") != 0 && (w = access_last_witness(s->acc)))
		h->witness = xstrdup(w);
	return 1;
}

static int
is_program(struct scan *s, const char *path)
{
	struct stat st;

	if (tv_stat(s->tv, path, &st) == -1)
		return 0;
	return S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

/* one step of a lookup the user controls, as it was handed to fn */
struct xp_ev {
	enum xp_kind	 kind;
	char		*path;
	struct xp_hit	 hit;
};

/* a lookup as one identity made it: what fn was handed, what was found */
struct xp_done {
	struct xp_ev	*ev;
	size_t		 nev;
	char		*found;
};

/* the store of lookups made (check_execpath's slot) */
struct xp_store {
	struct strmap	 map;		/* identity, name, PATH, cwd -> done */
	struct xp_done	**v;
	size_t		 n;
	size_t		 bytes;
};

#define XP_STORE_BYTES	(4u << 20)

static void
xp_done_free(struct xp_done *d)
{
	size_t k;

	for (k = 0; k < d->nev; k++) {
		free(d->ev[k].path);
		xp_hit_free(&d->ev[k].hit);
	}
	free(d->ev);
	free(d->found);
	free(d);
}

static void
xp_store_free(void *priv)
{
	struct xp_store *st = priv;
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->n; i++)
		xp_done_free(st->v[i]);
	free(st->v);
	strmap_free(&st->map);
	free(st);
}

/*
 * A store (check.h): the PATH lookups made in the scan. The checks and
 * the follower look the same names up along the same PATH many times,
 * and the escalation graph does it all again as each identity it
 * reaches; a lookup's steps depend on the target and on who the user is
 * (uid and groups), which the key holds, so a lookup made again is given
 * from the store. One that met an error (recorded in the report) is not
 * kept.
 */
const struct check check_execpath = {
	.who = { "execpath", NULL },
	.free = xp_store_free,
};

static char *
xp_key(const struct scan *s, const char *name, const char *search,
    const char *cwd, size_t *len)
{
	struct buf b = { 0 };
	size_t i;

	buf_printf(&b, "%lu:%lu", (unsigned long)s->user.uid,
	    (unsigned long)s->user.gid);
	for (i = 0; i < s->user.ngids; i++)
		buf_printf(&b, ",%lu", (unsigned long)s->user.gids[i]);
	buf_addc(&b, '\0');
	buf_adds(&b, name);
	buf_addc(&b, '\0');
	buf_adds(&b, search);
	buf_addc(&b, '\0');
	if (cwd != NULL) {
		buf_addc(&b, 'c');
		buf_adds(&b, cwd);
	}
	buf_str(&b);
	*len = b.len;
	return b.data;
}

/* hand fn the steps of a lookup made before, each hit a copy of its own */
static char *
xp_replay(const struct xp_done *d, xp_lookup_fn fn, void *ctx)
{
	size_t i;

	for (i = 0; i < d->nev; i++) {
		struct xp_hit h = d->ev[i].hit;

		h.witness = h.witness ? xstrdup(h.witness) : NULL;
		fn(ctx, d->ev[i].kind, d->ev[i].path, &h);
		xp_hit_free(&h);
	}
	return d->found ? xstrdup(d->found) : NULL;
}

/* a step handed to fn, and kept for the store when d is not NULL */
static void
xp_step(struct xp_done *d, enum xp_kind kind, const char *path,
    struct xp_hit *h, xp_lookup_fn fn, void *ctx)
{
	if (d != NULL) {
		struct xp_ev *e;

		d->ev = xgrow(d->ev, d->nev, sizeof *d->ev);
		e = &d->ev[d->nev++];
		e->kind = kind;
		e->path = xstrdup(path);
		e->hit = *h;
		e->hit.witness = h->witness ? xstrdup(h->witness) : NULL;
	}
	fn(ctx, kind, path, h);
}

/* the directory a PATH entry names, or NULL */
static char *
xp_dir(const char *p, const char *e, const char *cwd)
{
	char *raw = xstrndup(p, (size_t)(e - p)), *dir;

	if (raw[0] == '\0' || strcmp(raw, ".") == 0)
		dir = cwd ? xstrdup(cwd) : NULL;
	else if (raw[0] == '/')
		dir = cx_path_fold("/", raw);
	else
		dir = cwd ? cx_path_fold(cwd, raw) : NULL;
	free(raw);
	return dir;
}

/* the lookup itself; *err set if a step met an error */
static char *
xp_search(struct scan *s, const char *name, const char *search,
    const char *cwd, xp_lookup_fn fn, void *ctx, struct xp_done *d,
    int *err)
{
	const char *p = search, *e;
	char *found = NULL;
	size_t seen = 0;

	for (; found == NULL; p = e + 1) {
		struct xp_hit h;
		char *dir, *cand;
		int c;

		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		if (++seen > 256)
			break;
		if ((dir = xp_dir(p, e, cwd)) == NULL)
			goto next;
		cand = path_join(dir, name);
		if (is_program(s, cand)) {
			found = cand;
			if ((c = xp_control(s, cand, &h)) == 1) {
				xp_step(d, XP_FOUND, cand, &h, fn, ctx);
				xp_hit_free(&h);
			}
		} else {
			free(cand);
			if ((c = xp_control(s, dir, &h)) == 1) {
				xp_step(d, XP_DIR_BEFORE, dir, &h, fn, ctx);
				xp_hit_free(&h);
			}
		}
		if (c == -1)
			*err = 1;
		free(dir);
next:
		if (*e == '\0')
			break;
	}
	return found;
}

char *
xp_lookup(struct scan *s, const char *name, const char *search,
    const char *cwd, xp_lookup_fn fn, void *ctx)
{
	void **slot = check_state(s, &check_execpath);
	struct xp_store *st;
	struct xp_done *d;
	char *key, *found;
	size_t klen, size, i;
	int err = 0;

	if (search == NULL)
		return NULL;
	if (slot == NULL)
		return xp_search(s, name, search, cwd, fn, ctx, NULL, &err);
	if (*slot == NULL) {
		st = *slot = xcalloc(1, sizeof *st);
		st->map.copies = 1;
	}
	st = *slot;
	key = xp_key(s, name, search, cwd, &klen);
	if ((d = strmap_getp(&st->map, key, klen)) != NULL) {
		free(key);
		return xp_replay(d, fn, ctx);
	}
	d = xcalloc(1, sizeof *d);
	found = xp_search(s, name, search, cwd, fn, ctx, d, &err);
	d->found = found ? xstrdup(found) : NULL;
	size = sizeof *d + klen + (found ? strlen(found) : 0);
	for (i = 0; i < d->nev; i++)
		size += sizeof *d->ev + strlen(d->ev[i].path) * 2;
	if (err || st->bytes + size > XP_STORE_BYTES ||
	    !strmap_addp(&st->map, key, klen, d)) {
		xp_done_free(d);
		free(key);
		return found;
	}
	st->v = xgrow(st->v, st->n, sizeof *st->v);
	st->v[st->n++] = d;
	st->bytes += size;
	free(key);
	return found;
}

char *
xp_sq(const char *s)
{
	struct buf b = { 0 };

	buf_addc(&b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(&b, "'\\''");
		else
			buf_addc(&b, *s);
	}
	buf_addc(&b, '\'');
	return buf_str(&b);
}

void
xp_remedy(struct finding *f, const char *path, const struct xp_hit *h,
    const struct pwent *owner)
{
	char *p = xp_sq(path), *w = h->witness ? xp_sq(h->witness) : NULL;
	uid_t keep = owner ? owner->uid : 0;

	if (h->witness && strcmp(h->how, "writable") != 0)
		finding_one_cause(f, "write %s", h->witness);
	else if (h->exists && S_ISDIR(h->st.st_mode) &&
	    strcmp(h->how, "writable") == 0)
		finding_one_cause(f, "write %s", path);

	if (w && strcmp(h->how, "writable") != 0)
		finding_set_remediation(f, "chown root:root %s; chmod go-w "
		    "%s; setfacl -b %s", w, w, w);
	else if (h->exists && h->st.st_uid != 0 && h->st.st_uid != keep)
		finding_set_remediation(f, "chown %s: %s; chmod go-w %s; "
		    "setfacl -b %s", owner ? owner->name : "root", p, p, p);
	else if (h->exists)
		finding_set_remediation(f, "chmod go-w %s; setfacl -b %s", p,
		    p);
	free(p);
	free(w);
}

void
xp_evidence(struct finding *f, const struct xp_hit *h)
{
	finding_ev_str(f, "how", h->how);
	if (h->exists) {
		finding_ev_mode(f, "mode", h->st.st_mode);
		finding_ev_int(f, "uid", (long long)h->st.st_uid);
		finding_ev_int(f, "gid", (long long)h->st.st_gid);
		if (S_ISLNK(h->lst.st_mode))
			finding_ev_bool(f, "symlink", 1);
	}
	if (h->witness)
		finding_ev_str(f, "writable_directory", h->witness);
}
