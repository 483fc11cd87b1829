/*
 * image-user.c: an image whose containers run as root. When no --user is
 * given, an image is scanned as the user its configuration names (the
 * config's User, resolved by engine/image-user.c as runc does); when that
 * is uid 0, because User names it or is unset, every process of the
 * container starts with root's reach:
 *
 *   the image's USER is root, or there is none      high
 *
 * Images only, and only for the image's own user: a --user given on the
 * command line is the one evaluated, whatever the image says. It reads
 * nothing of the target.
 */
#include "checks/check.h"
#include "engine/image.h"

static int
iu_report(struct scan *s, void **priv)
{
	const char *user;
	struct finding *f;

	(void)priv;
	if (s->image == NULL || !(s->flags & SCAN_IMAGE_USER) ||
	    s->user.uid != 0)
		return 0;
	user = s->image->user;
	f = report_add(s->rep, &check_image_user.who, SEV_HIGH, 0.5, "/",
	    user ? user : "", "the image runs as root (%s)", user ?
	    "USER names uid 0" : "no USER in its config");
	finding_ev_str(f, "user", user ? user : "");
	finding_set_remediation(f, "add a USER instruction naming an "
	    "unprivileged user to the Dockerfile");
	return 0;
}

const struct check check_image_user = {
	.who = { "image-user", "process-capability" },
	.self_only = 1,
	.report = iu_report,
};
