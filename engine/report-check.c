/*
 * report-check.c: the contract a saved report must meet before privmap
 * turns it into anything (report_validate, report.h). A report is a CI
 * artefact: whoever writes to the pipeline can hand privmap fix|rules|
 * policy a crafted one, and the fix script runs as root. So every member
 * an output acts on is checked here, at once, and the first one out of
 * contract is named. Never echoes a member's text: it may hold terminal
 * escapes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/num.h"
#include "lib/pathenc.h"
#include "engine/report.h"
#include "known/families.h"
#include "lib/xmalloc.h"

/* uid_t and gid_t are 32 bits; (uid_t)-1 means "no change" to chown(2)
 * and setresuid(2), so it is never a user's id */
#define ID_MAX	4294967294LL

/* the actions of finding_close() (report.h) */
static const char *const actions[] = {
	"write", "exec", "read", "connect", "group", "port", NULL,
};

static char msg[512];

static int
refuse(const char **why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	*why = msg;
	return -1;
}

static int
in_list(const char *const *v, const char *s)
{
	for (; *v; v++)
		if (strcmp(*v, s) == 0)
			return 1;
	return 0;
}

/* v's text decoded (docs/paths.md), or NULL if it is not a string, has a
 * NUL inside or is not text pathenc_encode writes. Caller frees. */
static char *
text(json_t *v)
{
	const char *s;
	size_t n;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	n = json_string_length(v);
	if (strlen(s) != n)
		return NULL;
	return pathenc_decode(s, n);
}

/* an optional text member: absent, null, or text that decodes */
static int
opt_text(json_t *o, const char *key, const char *where, const char **why)
{
	json_t *v = json_object_get(o, key);
	char *t;

	if (v == NULL || json_is_null(v))
		return 0;
	if ((t = text(v)) == NULL)
		return refuse(why, "%s.%s: not text in privmap's form "
		    "(docs/paths.md)", where, key);
	free(t);
	return 0;
}

/* an id: an integer from 0 to 4294967294 */
static int
id_ok(json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) <= ID_MAX;
}

/* a finding id or check name: short, and nothing a shell or a terminal
 * would read as more than letters */
static int
word_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 128 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._:-") == n;
}

/* a group name: what group(5) can hold (the fix script acts only on
 * the portable ones, output/fix.c plain_name) */
static int
group_ok(const char *s)
{
	return *s != '\0' && strlen(s) <= 256 && strpbrk(s, ":\n") == NULL;
}

/* "HOST:PORT" or "[V6]:PORT", port 1-65535, host printable ASCII */
static int
port_ok(const char *s)
{
	const char *colon = strrchr(s, ':'), *p;
	unsigned long port;

	if (colon == NULL || colon == s || strlen(s) > 300 ||
	    parse_ulong(colon + 1, 65535, &port) != 0 || port == 0)
		return 0;
	for (p = s; p < colon; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return 0;
	return 1;
}

/* what a process-capability finding names when the program has no path:
 * "[comm]" */
static int
bracket_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 3 && n <= 64 && s[0] == '[' && s[n - 1] == ']';
}

static int
check_entry(json_t *v, const char *where, const char **why)
{
	const char *s, *sp;
	char act[16], *t = NULL;
	int rv = -1;

	if (!json_is_string(v) || (sp = strchr(s = json_string_value(v),
	    ' ')) == NULL || (size_t)(sp - s) >= sizeof act)
		return refuse(why, "%s: not \"ACTION TARGET\"", where);
	memcpy(act, s, (size_t)(sp - s));
	act[sp - s] = '\0';
	if (!in_list(actions, act)) {
		refuse(why, "%s: unknown action (write, exec, read, connect, "
		    "group or port)", where);
		goto out;
	}
	t = pathenc_decode(sp + 1, strlen(sp + 1));
	if (t == NULL) {
		refuse(why, "%s: the target is not text in privmap's form "
		    "(docs/paths.md)", where);
		goto out;
	}
	if (strcmp(act, "group") == 0 ? !group_ok(t) :
	    strcmp(act, "port") == 0 ? !port_ok(t) :
	    strcmp(act, "exec") == 0 ? !pathenc_normal(t) && !bracket_ok(t) :
	    !pathenc_normal(t)) {
		refuse(why, "%s: the target is not %s", where,
		    strcmp(act, "group") == 0 ? "a group name" :
		    strcmp(act, "port") == 0 ? "HOST:PORT" :
		    "an absolute path in normal form (no '.', '..' or empty "
		    "component)");
		goto out;
	}
	rv = 0;
out:
	free(t);
	return rv;
}

static int
check_finding(json_t *f, size_t i, const char **why)
{
	static const char *const texts[] = { "title", "remediation", NULL };
	json_t *v, *ev, *e;
	char where[64], sub[96], *t = NULL;
	const char *fam;
	size_t k;
	int rv = -1;

	snprintf(where, sizeof where, "findings[%zu]", i);
	if (!json_is_object(f))
		return refuse(why, "%s: not an object", where);
	v = json_object_get(f, "id");
	if (!json_is_string(v) || !word_ok(json_string_value(v)))
		return refuse(why, "%s.id: missing, or not a finding id "
		    "(letters, digits, '.', '_', ':', '-')", where);
	v = json_object_get(f, "check");
	if (!json_is_string(v) || !word_ok(json_string_value(v)))
		return refuse(why, "%s.check: missing, or not a check name",
		    where);
	v = json_object_get(f, "family");
	if (!json_is_string(v) || known_family_find(json_string_value(v)) == NULL)
		return refuse(why, "%s.family: missing, or not a family "
		    "privmap reports", where);
	fam = json_string_value(v);
	v = json_object_get(f, "severity");
	if (!json_is_string(v) || severity_parse(json_string_value(v)) < 0)
		return refuse(why, "%s.severity: missing, or not critical, "
		    "high, medium, low or info", where);
	v = json_object_get(f, "score");
	if (!json_is_number(v) || !(json_number_value(v) >= 0.0 &&
	    json_number_value(v) <= 10.0))
		return refuse(why, "%s.score: missing, or not a number from 0 "
		    "to 10", where);
	if ((t = text(json_object_get(f, "path"))) == NULL)
		return refuse(why, "%s.path: missing, or not text in privmap's "
		    "form (docs/paths.md)", where);
	if (!pathenc_normal(t) &&
	    !(strcmp(fam, "localhost-service") == 0 &&
	    strncmp(t, "tcp://", 6) == 0 && port_ok(t + 6)) &&
	    !(strcmp(fam, "process-capability") == 0 && bracket_ok(t))) {
		refuse(why, "%s.path: not an absolute path in normal form (no "
		    "'.', '..' or empty component)", where);
		goto out;
	}
	for (k = 0; texts[k]; k++)
		if (opt_text(f, texts[k], where, why) == -1)
			goto out;
	ev = json_object_get(f, "evidence");
	if (ev != NULL && !json_is_object(ev)) {
		refuse(why, "%s.evidence: not an object", where);
		goto out;
	}
	/* the evidence the fix script acts on */
	free(t);
	t = NULL;
	v = json_object_get(ev, "writable_directory");
	if (v != NULL && ((t = text(v)) == NULL || !pathenc_normal(t))) {
		refuse(why, "%s.evidence.writable_directory: not an absolute "
		    "path in normal form", where);
		goto out;
	}
	v = json_object_get(ev, "gid");
	if (v != NULL && !json_is_null(v) && !id_ok(v)) {
		refuse(why, "%s.evidence.gid: not a group id (0 to %lld)",
		    where, ID_MAX);
		goto out;
	}
	v = json_object_get(ev, "group");	/* a group-membership's deny */
	if (v != NULL && strcmp(fam, "group-membership") == 0) {
		free(t);
		if ((t = text(v)) == NULL || !group_ok(t)) {
			refuse(why, "%s.evidence.group: not a group name",
			    where);
			goto out;
		}
	}
	v = json_object_get(f, "policy");
	if (v != NULL && !json_is_array(v)) {
		refuse(why, "%s.policy: not an array", where);
		goto out;
	}
	json_array_foreach(v, k, e) {
		snprintf(sub, sizeof sub, "%s.policy[%zu]", where, k);
		if (check_entry(e, sub, why) == -1)
			goto out;
	}
	v = json_object_get(f, "audit");
	if (v != NULL && !json_is_array(v)) {
		refuse(why, "%s.audit: not an array", where);
		goto out;
	}
	json_array_foreach(v, k, e)
		if (!json_is_string(e)) {
			refuse(why, "%s.audit[%zu]: not a string", where, k);
			goto out;
		}
	rv = 0;
out:
	free(t);
	return rv;
}

/* a node of the escalation graph: "root", "user:NAME", "group:NAME",
 * "uid:N" or "gid:N" (NAME text in privmap's form, N an id) */
static int
node_ok(json_t *v)
{
	struct grant g;
	int ok;

	if (!json_is_string(v) || strlen(json_string_value(v)) !=
	    json_string_length(v) || json_string_length(v) > 300)
		return 0;
	ok = grant_node_parse(json_string_value(v), &g) == 0;
	free(g.name);
	return ok;
}

/* a finding's "grants": absent, or {"node", "wait", "sure"} */
static int
check_grant(json_t *f, size_t i, const char **why)
{
	json_t *g = json_object_get(f, "grants"), *v;

	if (g == NULL)
		return 0;
	if (!json_is_object(g))
		return refuse(why, "findings[%zu].grants: not an object", i);
	if (!node_ok(json_object_get(g, "node")))
		return refuse(why, "findings[%zu].grants.node: missing, or not "
		    "root, user:NAME, group:NAME, uid:N or gid:N", i);
	v = json_object_get(g, "wait");
	if (!json_is_string(v) || grant_wait_parse(json_string_value(v)) < 0)
		return refuse(why, "findings[%zu].grants.wait: missing, or not "
		    "now, periodic, login, sudo, reboot, reload or service",
		    i);
	v = json_object_get(g, "sure");
	if (!json_is_string(v) ||
	    (strcmp(json_string_value(v), "certain") != 0 &&
	    strcmp(json_string_value(v), "likely") != 0))
		return refuse(why, "findings[%zu].grants.sure: missing, or not "
		    "certain or likely", i);
	return 0;
}

static int
check_target(json_t *tgt, const char **why)
{
	json_t *user, *v, *g;
	const char *kind;
	char *root = NULL, where[64];
	size_t i;
	int rv = -1;

	if (!json_is_object(tgt))
		return refuse(why, "target: missing, or not an object");
	v = json_object_get(tgt, "kind");
	kind = json_string_value(v);
	if (kind == NULL || (strcmp(kind, "host") != 0 &&
	    strcmp(kind, "rootfs") != 0 && strcmp(kind, "image") != 0))
		return refuse(why, "target.kind: missing, or not host, rootfs "
		    "or image");
	if ((root = text(json_object_get(tgt, "root"))) == NULL)
		return refuse(why, "target.root: missing, or not text in "
		    "privmap's form (docs/paths.md)");
	if (strcmp(kind, "host") == 0 && strcmp(root, "/") != 0) {
		refuse(why, "target.root: a host report's root is /");
		goto out;
	}
	if (strcmp(kind, "rootfs") == 0 && !pathenc_normal(root)) {
		refuse(why, "target.root: a rootfs report's root is an "
		    "absolute path in normal form (no '.', '..' or empty "
		    "component)");
		goto out;
	}
	if (strcmp(kind, "image") == 0 && *root == '\0') {
		refuse(why, "target.root: empty");
		goto out;
	}
	if (opt_text(tgt, "arch", "target", why) == -1)
		goto out;
	user = json_object_get(tgt, "user");
	if (!json_is_object(user)) {
		refuse(why, "target.user: missing, or not an object");
		goto out;
	}
	if (!id_ok(json_object_get(user, "uid"))) {
		refuse(why, "target.user.uid: missing, or not a user id (0 to "
		    "%lld)", ID_MAX);
		goto out;
	}
	v = json_object_get(user, "gid");
	if (v != NULL && !json_is_null(v) && !id_ok(v)) {
		refuse(why, "target.user.gid: not a group id (0 to %lld)",
		    ID_MAX);
		goto out;
	}
	if (opt_text(user, "name", "target.user", why) == -1)
		goto out;
	v = json_object_get(user, "groups");
	if (v != NULL && !json_is_array(v)) {
		refuse(why, "target.user.groups: not an array");
		goto out;
	}
	json_array_foreach(v, i, g) {
		snprintf(where, sizeof where, "target.user.groups[%zu]", i);
		if (!json_is_object(g)) {
			refuse(why, "%s: not an object", where);
			goto out;
		}
		if (!id_ok(json_object_get(g, "gid"))) {
			refuse(why, "%s.gid: missing, or not a group id (0 to "
			    "%lld)", where, ID_MAX);
			goto out;
		}
		if (opt_text(g, "name", where, why) == -1)
			goto out;
	}
	rv = 0;
out:
	free(root);
	return rv;
}

int
report_validate(json_t *j, const char **why)
{
	json_t *F, *f, *v;
	size_t i;

	v = json_object_get(j, "schema");
	if (!json_is_object(j) || !json_is_string(v) ||
	    strcmp(json_string_value(v), "privmap.report/1") != 0)
		return refuse(why, "not a privmap.report/1 document");
	if (check_target(json_object_get(j, "target"), why) == -1)
		return -1;
	F = json_object_get(j, "findings");
	if (!json_is_array(F))
		return refuse(why, "findings: missing, or not an array");
	json_array_foreach(F, i, f)
		if (check_finding(f, i, why) == -1 ||
		    check_grant(f, i, why) == -1)
			return -1;
	v = json_object_get(j, "errors");
	if (v != NULL && !json_is_array(v))
		return refuse(why, "errors: not an array");
	v = json_object_get(j, "notes");
	if (v != NULL && !json_is_array(v))
		return refuse(why, "notes: not an array");
	return 0;
}
