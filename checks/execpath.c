/*
 * execpath.c: path control, PATH lookup and remediation text shared by
 * checks/cron.c and checks/systemd.c (see execpath.h). The lookup
 * follows execvp(3): each PATH entry in order, an empty entry meaning
 * the working directory, the first executable regular file wins.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks/execpath.h"
#include "parse/cmdexec.h"
#include "lib/buf.h"
#include "lib/path.h"
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

char *
xp_lookup(struct scan *s, const char *name, const char *search,
    const char *cwd, xp_lookup_fn fn, void *ctx)
{
	const char *p = search, *e;
	char *found = NULL;
	size_t seen = 0;

	if (search == NULL)
		return NULL;
	for (; found == NULL; p = e + 1) {
		struct xp_hit h;
		char *dir, *cand;

		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		if (++seen > 256)
			break;
		{
			char *raw = xstrndup(p, (size_t)(e - p));

			if (raw[0] == '\0' || strcmp(raw, ".") == 0)
				dir = cwd ? xstrdup(cwd) : NULL;
			else if (raw[0] == '/')
				dir = cx_path_fold("/", raw);
			else
				dir = cwd ? cx_path_fold(cwd, raw) : NULL;
			free(raw);
		}
		if (dir == NULL)
			goto next;
		cand = path_join(dir, name);
		if (is_program(s, cand)) {
			found = cand;
			if (xp_control(s, cand, &h) == 1) {
				fn(ctx, XP_FOUND, cand, &h);
				xp_hit_free(&h);
			}
		} else {
			free(cand);
			if (xp_control(s, dir, &h) == 1) {
				fn(ctx, XP_DIR_BEFORE, dir, &h);
				xp_hit_free(&h);
			}
		}
		free(dir);
next:
		if (*e == '\0')
			break;
	}
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
