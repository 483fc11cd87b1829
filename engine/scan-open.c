/*
 * scan-open.c: one scan from start to end, as privmap scan runs it: the
 * target opened (a directory root, the live host or an image), the report
 * started, the target's own users read and the user resolved in them, the
 * access model set up, the checks run and the report finished. It reads
 * only the target (never the scanning machine's users), prints nothing
 * and exits never: every failure is a message for the caller.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/arch.h"
#include "engine/image.h"
#include "engine/privs.h"
#include "engine/procfs.h"
#include "engine/scan.h"
#include "lib/xmalloc.h"
#include "parse/mounts.h"

struct load_ctx {
	struct report	*rep;
	const char	*path;
};

static void
load_err(void *vctx, unsigned line, const char *why)
{
	struct load_ctx *c = vctx;
	char *p = xasprintf("%s:%u", c->path, line);

	report_add_error(c->rep, p, "malformed line skipped: %s", why);
	free(p);
}

/* The target's users and groups, from its own files. */
static void
load_userdb(struct scan *s)
{
	static const char *const files[] = { "/etc/passwd", "/etc/group" };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct load_ctx c = { s->rep, files[i] };
		char *buf;
		size_t len;

		if (scan_read(s, files[i], &buf, &len) == -1) {
			if (errno == ENOENT)
				report_add_error(s->rep, files[i],
				    "missing: users and groups are unknown");
			continue;
		}
		if (i == 0)
			passwd_parse(buf, len, &s->db, load_err, &c);
		else
			group_parse(buf, len, &s->db, load_err, &c);
		free(buf);
	}
}

static void
report_set_user(struct scan *s)
{
	struct report *r = s->rep;
	size_t i;

	r->user_name = s->user.name ? xstrdup(s->user.name) : NULL;
	r->uid = s->user.uid;
	r->gid = s->user.gid;
	r->groups = xcalloc(s->user.ngids + 1, sizeof *r->groups);
	for (i = 0; i < s->user.ngids; i++) {
		const struct grent *g = userdb_group_by_gid(&s->db,
		    s->user.gids[i]);

		r->groups[i].gid = s->user.gids[i];
		r->groups[i].name = g ? xstrdup(g->name) : NULL;
	}
	r->ngroups = s->user.ngids;
	if (s->user.name == NULL)
		report_add_note(r, "uid %lu has no entry in the target's "
		    "etc/passwd: scanned with no supplementary groups",
		    (unsigned long)s->user.uid);
	if (s->user.uid == 0)
		report_add_note(r, "the user is root (uid 0): it already holds "
		    "every privilege on this system, so only ways out of a "
		    "container and kernel settings are reported");
}

/* An image, read whole into memory; then no privilege is needed. */
static int
open_image(struct scan *s, const struct scan_target *t, char **msg)
{
	char note[256];
	const char *why;

	s->image = xcalloc(1, sizeof *s->image);
	s->tv = tv_image_open(t->image, t->platform, s->image, &why);
	if (s->tv == NULL) {
		if (s->image->error)
			*msg = xasprintf("%s: %s: %s", t->image, why,
			    s->image->error);
		else
			*msg = xasprintf("%s: %s", t->image, why);
		return -1;
	}
	/* the image is in memory: nothing more is read from disk */
	if (privs_drop_all(note, sizeof note) == -1) {
		*msg = xasprintf("cannot drop privileges: %s", note);
		return -1;
	}
	*msg = xstrdup(note);
	return 0;
}

/* the target view (scan.h) */
int
scan_open(struct scan *s, const struct scan_target *t, char **msg)
{
	memset(s, 0, sizeof *s);
	*msg = NULL;
	s->flags = t->flags;
	if (t->image)
		return open_image(s, t, msg);
	if (t->root)
		s->tv = tv_dir_open(t->root, TV_ROOTFS);
	else {
		s->tv = tv_dir_open("/", TV_HOST);
		s->flags |= SCAN_LIVE;
	}
	if (s->tv == NULL) {
		*msg = xasprintf("%s: cannot open the target: %s",
		    t->root ? t->root : "/", strerror(errno));
		return -1;
	}
	return 0;
}

/* whose reach the scan evaluates, resolved in the target's own users */
static int
resolve_user(struct scan *s, const struct scan_target *t, char **msg)
{
	const char *why, *spec;

	if (s->image == NULL) {
		if (ident_resolve(&s->db, t->user, &s->user, &why) == -1) {
			*msg = xasprintf("unknown user '%s': %s", t->user,
			    why);
			return -1;
		}
		return 0;
	}
	/* the image's own user, as a container runtime picks it */
	spec = t->user ? t->user : s->image->user;
	if (image_user_resolve(&s->db, spec, &s->user, &why) == -1) {
		*msg = xasprintf("%s '%s': %s", t->user ? "unknown user" :
		    "the image's USER", spec, why);
		return -1;
	}
	if (t->user == NULL)
		s->flags |= SCAN_IMAGE_USER;
	return 0;
}

/* the report started and the user's access set up (scan.h) */
int
scan_begin(struct scan *s, const struct scan_target *t, char **msg)
{
	const struct image_info *info = s->image;
	const char *a;

	*msg = NULL;
	s->rep = report_new();
	free(s->rep->kind);
	free(s->rep->root);
	s->rep->kind = xstrdup(t->image ? "image" : t->root ? "rootfs" :
	    "host");
	s->rep->root = xstrdup(t->image ? t->image : t->absroot ?
	    t->absroot : t->root ? t->root : "/");
	/* the architecture of the target's own programs, for audit rules;
	 * an image keeps no binary's content (docs/image-scanning.md), so
	 * its configuration usually says it (image_info_report) */
	if ((a = arch_of_target(s->tv)) != NULL)
		s->rep->arch = xstrdup(a);
	if (info) {
		image_info_report(info, s->rep);
		report_add_note(s->rep, "image %s%s%s: %s/%s%s%s, %zu layers, "
		    "%lu entries", info->ref ? info->ref : "(untagged)",
		    info->digest ? " " : "", info->digest ? info->digest : "",
		    info->os ? info->os : "?", info->arch ? info->arch : "?",
		    info->variant ? "/" : "", info->variant ? info->variant :
		    "", info->nlayers, info->entries);
	}
	load_userdb(s);
	if (resolve_user(s, t, msg) == -1)
		return -1;
	report_set_user(s);
	s->acc = access_new(s->tv, &s->user);
	/* a live host's mounts: read-only ones make nothing writable,
	 * nosuid ones make set-id bits and file capabilities inert */
	if (s->flags & SCAN_LIVE) {
		struct mounts *mt = xcalloc(1, sizeof *mt);

		if (procfs_mounts(mt, NULL, NULL) == 0) {
			access_set_ro(s->acc, mounts_ro_fn, mt);
			s->mounts = mt;
		} else {
			mounts_free(mt);
			free(mt);
		}
	}
	return 0;
}

/* the checks run and the report finished (scan.h) */
void
scan_run(struct scan *s, scan_checks_fn checks)
{
	/* audit rules anchored where the user cannot rename (report.h) */
	s->rep->anchor = scan_watch_anchor;
	s->rep->anchor_ctx = s;
	if (checks(s) == -1)
		report_add_error(s->rep, "/", "the walk could not start");
	report_anchor_targets(s->rep);
	s->rep->anchor = NULL;
	s->rep->anchor_ctx = NULL;
	report_finish(s->rep);
}

/* everything a scan holds, freed (scan.h) */
void
scan_close(struct scan *s)
{
	scan_anchors_free(s);
	access_free(s->acc);
	if (s->mounts) {
		mounts_free(s->mounts);
		free(s->mounts);
	}
	ident_free(&s->user);
	userdb_free(&s->db);
	report_free(s->rep);
	tv_free(s->tv);
	if (s->image) {
		image_info_free(s->image);
		free(s->image);
	}
	memset(s, 0, sizeof *s);
}
