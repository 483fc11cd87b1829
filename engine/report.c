/*
 * report.c: the report model (report.h) and its JSON form, which is the
 * contract of docs/report.md (schema: docs/report.schema.json). Ids are fingerprints of
 * family, check, path and cause, so they are the same on every run and
 * machine. Nothing here reads the target.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bounds.h"
#include "lib/pathenc.h"
#include "engine/report.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"

/*
 * A JSON string for text that comes from the target (names, lines), in
 * the one text form of docs/paths.md (pathenc_encode): a backslash is
 * written \\ and each byte that is not part of valid UTF-8 \xNN, so
 * report_from_json gets the very bytes back. Controls are left to
 * jansson, which escapes them.
 */
static json_t *
jtext(const char *s)
{
	char *e;
	json_t *j;

	if (s == NULL)
		return json_null();
	e = pathenc_encode(s, strlen(s));
	j = json_string(e);
	free(e);
	return j ? j : json_string("?");
}

struct report *
report_new(void)
{
	struct report *r = xcalloc(1, sizeof *r);

	r->errors = json_array();
	r->notes = json_array();
	r->kind = xstrdup("rootfs");
	r->root = xstrdup("/");
	return r;
}

static void
finding_free(struct finding *f)
{
	if (f == NULL)
		return;
	free(f->id);
	free(f->check);
	free(f->family);
	free(f->title);
	free(f->path);
	free(f->cause);
	free(f->remediation);
	free(f->suppressed);
	json_decref(f->evidence);
	json_decref(f->policy);
	json_decref(f->audit);
	json_decref(f->audit_data);
	free(f);
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nfindings; i++)
		finding_free(r->findings[i]);
	free(r->findings);
	for (i = 0; i < r->ngroups; i++)
		free(r->groups[i].name);
	free(r->groups);
	free(r->kind);
	free(r->root);
	free(r->user_name);
	free(r->arch);
	json_decref(r->notes);
	json_decref(r->errors);
	json_decref(r->gate);
	free(r);
}

struct finding *
report_add(struct report *r, const char *check, const char *family,
    enum severity sev, double weight, const char *path, const char *cause,
    const char *fmt, ...)
{
	struct finding *f = xcalloc(1, sizeof *f);
	va_list ap;

	f->check = xstrdup(check);
	f->family = xstrdup(family);
	f->sev = sev;
	f->score = score_in_band(sev, weight);
	f->path = xstrdup(path);
	f->cause = xstrdup(cause ? cause : "");
	va_start(ap, fmt);
	f->title = xvasprintf(fmt, ap);
	va_end(ap);
	f->evidence = json_object();
	f->policy = json_array();
	f->audit = json_array();
	r->findings = xreallocarray(r->findings, r->nfindings + 1,
	    sizeof *r->findings);
	r->findings[r->nfindings++] = f;
	return f;
}

void
finding_set_remediation(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	free(f->remediation);
	va_start(ap, fmt);
	f->remediation = xvasprintf(fmt, ap);
	va_end(ap);
}

void
finding_ev_str(struct finding *f, const char *key, const char *val)
{
	json_object_set_new(f->evidence, key, jtext(val));
}

void
finding_ev_int(struct finding *f, const char *key, long long val)
{
	json_object_set_new(f->evidence, key, json_integer(val));
}

void
finding_ev_bool(struct finding *f, const char *key, int val)
{
	json_object_set_new(f->evidence, key, json_boolean(val));
}

void
finding_ev_mode(struct finding *f, const char *key, unsigned mode)
{
	char s[16];

	snprintf(s, sizeof s, "%04o", mode & 07777);
	json_object_set_new(f->evidence, key, json_string(s));
}

void
finding_ev_json(struct finding *f, const char *key, json_t *val)
{
	json_object_set_new(f->evidence, key, val ? val : json_null());
}

/* the array holds each string in docs/paths.md's form (jtext): s is
 * compared in that form, or a name with a backslash or a byte that is
 * not UTF-8 would never match its own entry */
static void
array_add_unique(json_t *arr, const char *s)
{
	json_t *t = jtext(s), *v;
	size_t i;

	json_array_foreach(arr, i, v)
		if (json_equal(v, t)) {
			json_decref(t);
			return;
		}
	json_array_append_new(arr, t);
}

void
finding_deny(struct finding *f, const char *action, const char *target)
{
	char *s = xasprintf("%s %s", action, target);

	array_add_unique(f->policy, s);
	free(s);
}

void
finding_audit(struct finding *f, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	array_add_unique(f->audit, s);
	free(s);
}

/* auditctl splits rules on blanks and takes no quoting, and a report
 * holds only UTF-8: such a path cannot be watched by name (the finding
 * says so in its evidence). */
static int
auditable_path(const char *p)
{
	json_t *t;

	if (strlen(p) > 4000 || (t = json_string(p)) == NULL)
		return 0;
	json_decref(t);
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '"' ||
		    *p == '\\')
			return 0;
	return 1;
}

/* an absolute path in the one form the kernel and privmap write it: no
 * empty, "." or ".." component, no trailing '/' */
static int
normal_path(const char *p)
{
	const char *c;

	if (p[0] != '/')
		return 0;
	if (p[1] == '\0')
		return 1;
	for (c = p + 1;; ) {
		size_t n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		if (c[n] == '\0')
			return 1;
		c += n + 1;
	}
}

/* the syscalls of the rules privmap writes (output/audit.c): nothing else
 * may come out of a report's audit_data */
static const char *const known_syscalls[] = {
	"execve", "execveat", "connect", "socketcall",
	"setuid", "setreuid", "setresuid", "setgid", "setregid", "setresgid",
	"setgroups", "capset", "setuid32", "setreuid32", "setresuid32",
	"setgid32", "setregid32", "setresgid32", "setgroups32",
	"init_module", "finit_module", "delete_module",
	"mount", "umount2", "fsmount", "move_mount", "open_tree",
	"unshare", "setns", NULL,
};

int
audit_syscall_known(const char *name)
{
	size_t i;

	for (i = 0; known_syscalls[i] != NULL; i++)
		if (strcmp(known_syscalls[i], name) == 0)
			return 1;
	return 0;
}

int
audit_family_key(const char *family, char key[32])
{
	const char *p;

	if (family == NULL || *family == '\0' ||
	    strlen(family) > 31 - strlen("privmap-"))
		return -1;
	for (p = family; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return -1;
	snprintf(key, 32, "privmap-%s", family);
	return 0;
}

/*
 * The directory a rule on path must be anchored at so that it loads
 * whatever the user renames or removes, or NULL if path itself will do.
 * The kernel needs a watched file's parent directory to exist when the
 * rule is added (audit_get_nd(): kern_path_locked() of the parent, in
 * kernel/audit_watch.c) and a dir= tree's directory itself (kern_path()
 * in audit_add_tree_rule(), kernel/audit_tree.c); auditctl -R stops at
 * the first rule the kernel refuses (fileopt() in audit-userspace
 * src/auditctl.c), so one such rule costs every rule after it. "/" means
 * none could be found.
 */
static char *
watch_anchor(struct report *r, const char *path, int is_dir)
{
	char *need, *a;

	if (r->anchor == NULL)
		return NULL;
	need = is_dir ? xstrdup(path) : path_dirname(path);
	a = r->anchor(r->anchor_ctx, need);
	if (a == NULL || strcmp(a, need) == 0 || !normal_path(a) ||
	    !auditable_path(a)) {
		free(a);
		a = NULL;
	}
	free(need);
	return a;
}

/* a typed entry of kind for path, anchored if it needs to be (NULL if
 * path cannot be watched by name) */
static json_t *
entry_new(struct report *r, const char *kind, const char *path, int is_dir)
{
	json_t *e;
	char *a;

	/* the kernel takes no watch of / (auditctl(8), -w) */
	if (!auditable_path(path) || !normal_path(path) ||
	    strcmp(path, "/") == 0)
		return NULL;
	e = json_object();
	json_object_set_new(e, "kind", json_string(kind));
	json_object_set_new(e, "path", json_string(path));
	if ((a = watch_anchor(r, path, is_dir)) != NULL) {
		if (strcmp(a, "/") == 0)
			json_object_set_new(e, "unanchored", json_true());
		else
			json_object_set_new(e, "anchor", json_string(a));
	}
	free(a);
	return e;
}

static void
data_add(struct finding *f, json_t *e)
{
	size_t i;
	json_t *v;

	if (f->audit_data == NULL)
		f->audit_data = json_array();
	json_array_foreach(f->audit_data, i, v)
		if (json_equal(v, e)) {
			json_decref(e);
			return;
		}
	json_array_append_new(f->audit_data, e);
}

void
finding_watch(struct report *r, struct finding *f, const char *path,
    int is_dir, const char *perm)
{
	char key[32], *s;
	json_t *e;

	if (audit_family_key(f->family, key) == -1 ||
	    (e = entry_new(r, is_dir ? "dir" : "file", path, is_dir)) ==
	    NULL) {
		finding_ev_bool(f, "audit_unwatchable_path", 1);
		return;
	}
	json_object_set_new(e, "perm", json_string(perm));
	if ((s = audit_entry_text(e, (unsigned long)r->uid, f->family)) != NULL)
		array_add_unique(f->audit, s);
	free(s);
	data_add(f, e);
}

void
finding_audit_syscalls(struct report *r, struct finding *f,
    const char *const *names, int euid_root)
{
	json_t *e = json_object(), *a = json_array();
	char *s;
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (audit_syscall_known(names[i]))
			json_array_append_new(a, json_string(names[i]));
	json_object_set_new(e, "kind", json_string("syscall"));
	json_object_set_new(e, "syscalls", a);
	if (euid_root)
		json_object_set_new(e, "euid", json_integer(0));
	if (json_array_size(a) == 0) {
		json_decref(e);
		return;
	}
	if ((s = audit_entry_text(e, (unsigned long)r->uid, f->family)) != NULL)
		array_add_unique(f->audit, s);
	free(s);
	data_add(f, e);
}

void
report_anchor_targets(struct report *r)
{
	size_t i, j;
	json_t *v, *e;

	for (i = 0; r->anchor != NULL && i < r->nfindings; i++) {
		struct finding *f = r->findings[i];

		json_array_foreach(f->policy, j, v) {
			const char *s = json_string_value(v), *t, *kind;

			if (s == NULL)
				continue;
			if (strncmp(s, "exec /", 6) == 0) {
				t = s + 5;
				kind = "exec";
			} else if (strncmp(s, "connect /", 9) == 0) {
				t = s + 8;
				kind = "connect";
			} else
				continue;
			/* only where the rule needs an anchor; policy entries
			 * are unique, so no search for a duplicate */
			if ((e = entry_new(r, kind, t, 0)) == NULL)
				continue;
			if (json_object_size(e) > 2) {
				if (f->audit_data == NULL)
					f->audit_data = json_array();
				json_array_append_new(f->audit_data, e);
			} else
				json_decref(e);
		}
	}
}

static char audit_entry_why[160];

static int
entry_bad(const char **why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(audit_entry_why, sizeof audit_entry_why, fmt, ap);
	va_end(ap);
	*why = audit_entry_why;
	return -1;
}

/* path and its anchor as a report may give them */
static int
entry_check_path(const json_t *e, const char *path, int is_dir,
    const char **why)
{
	json_t *a = json_object_get(e, "anchor"), *u;
	const char *as;
	size_t n;

	if (!normal_path(path) || !auditable_path(path) ||
	    strcmp(path, "/") == 0)
		return entry_bad(why, ".path: not an absolute, normalised path "
		    "other than / that auditctl reads back as written");
	u = json_object_get(e, "unanchored");
	if (u != NULL && !json_is_boolean(u))
		return entry_bad(why, ".unanchored: not true or false");
	if (a == NULL)
		return 0;
	if (json_is_true(u))
		return entry_bad(why, ".anchor: given with unanchored");
	if (!json_is_string(a))
		return entry_bad(why, ".anchor: not a string");
	as = json_string_value(a);
	n = strlen(as);
	/* a directory above the one the rule needs: path's for a "dir",
	 * path's parent's otherwise, never / (the whole system) */
	if (!normal_path(as) || !auditable_path(as) || strcmp(as, "/") == 0 ||
	    strncmp(path, as, n) != 0 || path[n] != '/' ||
	    (!is_dir && strchr(path + n + 1, '/') == NULL))
		return entry_bad(why, ".anchor: not a directory above the "
		    "path's %s, other than /", is_dir ? "own" : "parent");
	return 0;
}

int
audit_entry_check(const json_t *e, const char **why)
{
	const char *kind, *path, *perm;
	json_t *sc, *v, *eu;
	size_t i, j;

	if (!json_is_object(e))
		return entry_bad(why, ": not an object");
	kind = json_string_value(json_object_get(e, "kind"));
	if (kind == NULL)
		return entry_bad(why, ".kind: missing");
	if (strcmp(kind, "syscall") == 0) {
		sc = json_object_get(e, "syscalls");
		if (!json_is_array(sc) || json_array_size(sc) == 0 ||
		    json_array_size(sc) > 32)
			return entry_bad(why, ".syscalls: not a list of 1 to "
			    "32 names");
		json_array_foreach(sc, i, v)
			if (!json_is_string(v) ||
			    !audit_syscall_known(json_string_value(v)))
				return entry_bad(why, ".syscalls[%zu]: not a "
				    "syscall privmap writes rules for", i);
		eu = json_object_get(e, "euid");
		if (eu != NULL && !(json_is_integer(eu) &&
		    json_integer_value(eu) == 0))
			return entry_bad(why, ".euid: not 0");
		return 0;
	}
	path = json_string_value(json_object_get(e, "path"));
	if (path == NULL)
		return entry_bad(why, ".path: missing");
	if (strcmp(kind, "exec") == 0 || strcmp(kind, "connect") == 0)
		return entry_check_path(e, path, 0, why);
	if (strcmp(kind, "file") != 0 && strcmp(kind, "dir") != 0)
		return entry_bad(why, ".kind: not file, dir, exec, connect or "
		    "syscall");
	if (entry_check_path(e, path, strcmp(kind, "dir") == 0, why) == -1)
		return -1;
	perm = json_string_value(json_object_get(e, "perm"));
	if (perm == NULL || perm[0] == '\0' || strlen(perm) > 4)
		return entry_bad(why, ".perm: not 1 to 4 of r, w, x, a");
	for (i = 0; perm[i]; i++) {
		if (strchr("rwxa", perm[i]) == NULL)
			return entry_bad(why, ".perm: not 1 to 4 of r, w, "
			    "x, a");
		for (j = 0; j < i; j++)
			if (perm[j] == perm[i])
				return entry_bad(why, ".perm: '%c' twice",
				    perm[i]);
	}
	return 0;
}

char *
audit_entry_text(const json_t *e, unsigned long uid, const char *family)
{
	const char *kind = json_string_value(json_object_get(e, "kind"));
	const char *path, *anchor;
	char key[32];
	struct buf b = { NULL, 0, 0 };
	size_t i;
	json_t *v;

	if (kind == NULL || audit_family_key(family, key) == -1 ||
	    json_is_true(json_object_get(e, "unanchored")))
		return NULL;
	if (strcmp(kind, "syscall") == 0) {
		buf_adds(&b, "-a always,exit");
		json_array_foreach(json_object_get(e, "syscalls"), i, v)
			buf_printf(&b, " -S %s", json_string_value(v));
		buf_printf(&b, " -F uid=%lu%s -F key=%s", uid,
		    json_object_get(e, "euid") ? " -F euid=0" : "", key);
		return buf_str(&b);
	}
	if (strcmp(kind, "file") != 0 && strcmp(kind, "dir") != 0)
		return NULL;
	path = json_string_value(json_object_get(e, "path"));
	anchor = json_string_value(json_object_get(e, "anchor"));
	return xasprintf("-a always,exit -F %s=%s -F perm=%s -F uid=%lu "
	    "-F key=%s", (anchor || strcmp(kind, "dir") == 0) ? "dir" : "path",
	    anchor ? anchor : path,
	    json_string_value(json_object_get(e, "perm")), uid, key);
}

void
report_add_error(struct report *r, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *s;
	json_t *e;

	if (json_array_size(r->errors) >= MAX_ERRORS) {
		r->nerrors_dropped++;
		return;
	}
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	e = json_object();
	json_object_set_new(e, "path", jtext(path));
	json_object_set_new(e, "error", jtext(s));
	json_array_append_new(r->errors, e);
	free(s);
}

void
report_add_note(struct report *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	array_add_unique(r->notes, s);
	free(s);
}

static unsigned long long
fnv64(unsigned long long h, const char *s)
{
	/* FNV-1a 64 over the string and its terminating NUL */
	do
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	while (*s++);
	return h;
}

static char *
make_id(const struct finding *f)
{
	unsigned long long h = 14695981039346656037ULL;

	h = fnv64(h, f->family);
	h = fnv64(h, f->check);
	h = fnv64(h, f->path);
	h = fnv64(h, f->cause);
	return xasprintf("PM-%016llx", h);
}

static int
cmp_findings(const void *a, const void *b)
{
	const struct finding *x = *(struct finding *const *)a;
	const struct finding *y = *(struct finding *const *)b;
	int c;

	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if ((c = strcmp(x->path, y->path)) != 0)
		return c;
	if ((c = strcmp(x->check, y->check)) != 0)
		return c;
	/* the id before the cause: a report read back from JSON has no
	 * causes, and must come out in the order the scan wrote it */
	if ((c = strcmp(x->id ? x->id : "", y->id ? y->id : "")) != 0)
		return c;
	return strcmp(x->cause, y->cause);
}

static int
cmp_errors(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	const char *px = json_string_value(json_object_get(x, "path"));
	const char *py = json_string_value(json_object_get(y, "path"));
	int c = strcmp(px ? px : "", py ? py : "");

	if (c)
		return c;
	px = json_string_value(json_object_get(x, "error"));
	py = json_string_value(json_object_get(y, "error"));
	return strcmp(px ? px : "", py ? py : "");
}

/* errors come from a walk in no fixed order: sort and de-duplicate */
static void
sort_errors(struct report *r)
{
	size_t n = json_array_size(r->errors), i;
	json_t **v, *out;

	if (n < 2)
		return;
	v = xcalloc(n, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(r->errors, i));
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_errors);
	out = json_array();
	for (i = 0; i < n; i++) {
		if (i == 0 || cmp_errors(&v[i - 1], &v[i]) != 0)
			json_array_append(out, v[i]);
	}
	for (i = 0; i < n; i++)
		json_decref(v[i]);
	free(v);
	json_decref(r->errors);
	r->errors = out;
}

void
report_finish(struct report *r)
{
	struct strmap ids = { 0 };
	size_t i, k;

	sort_errors(r);

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i]->id == NULL)
			r->findings[i]->id = make_id(r->findings[i]);
	if (r->nfindings > 1)
		qsort(r->findings, r->nfindings, sizeof *r->findings,
		    cmp_findings);
	/* one finding per id: the first after sorting is the most severe */
	for (i = 0, k = 0; i < r->nfindings; i++) {
		if (!strmap_adds(&ids, r->findings[i]->id, k, NULL)) {
			finding_free(r->findings[i]);
			continue;
		}
		r->findings[k++] = r->findings[i];
	}
	strmap_free(&ids);
	r->nfindings = k;
	memset(r->by_sev, 0, sizeof r->by_sev);
	r->max_score = 0.0;
	for (i = 0; i < r->nfindings; i++) {
		r->by_sev[r->findings[i]->sev]++;
		if (r->findings[i]->score > r->max_score)
			r->max_score = r->findings[i]->score;
	}
	if (r->nerrors_dropped) {
		report_add_note(r, "%zu further errors were not listed",
		    r->nerrors_dropped);
		r->nerrors_dropped = 0;
	}
}

size_t
report_count_at_least(const struct report *r, enum severity s)
{
	size_t i, n = 0;

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i]->sev >= s)
			n++;
	return n;
}

static json_t *
jstr(const char *s)
{
	return jtext(s);
}

/* a score as a JSON real rounded to one decimal */
static json_t *
jscore(double v)
{
	return json_real(floor(v * 10.0 + 0.5) / 10.0);
}

json_t *
report_to_json(const struct report *r)
{
	json_t *root = json_object(), *tgt, *user, *groups, *sum, *bys, *F;
	size_t i;
	int s;

	json_object_set_new(root, "schema", json_string("privmap.report/1"));
	{
		json_t *tool = json_object();

		json_object_set_new(tool, "name", json_string("privmap"));
		json_object_set_new(tool, "version", json_string(PACKAGE_VERSION));
		json_object_set_new(root, "tool", tool);
	}
	tgt = json_object();
	json_object_set_new(tgt, "kind", jstr(r->kind));
	json_object_set_new(tgt, "root", jstr(r->root));
	user = json_object();
	json_object_set_new(user, "name", jstr(r->user_name));
	json_object_set_new(user, "uid", json_integer(r->uid));
	json_object_set_new(user, "gid", r->gid == (gid_t)-1 ? json_null() :
	    json_integer(r->gid));
	groups = json_array();
	for (i = 0; i < r->ngroups; i++) {
		json_t *g = json_object();

		json_object_set_new(g, "name", jstr(r->groups[i].name));
		json_object_set_new(g, "gid", json_integer(r->groups[i].gid));
		json_array_append_new(groups, g);
	}
	json_object_set_new(user, "groups", groups);
	json_object_set_new(tgt, "user", user);
	if (r->arch)
		json_object_set_new(tgt, "arch", jstr(r->arch));
	json_object_set_new(root, "target", tgt);

	sum = json_object();
	json_object_set_new(sum, "score", jscore(r->max_score));
	json_object_set_new(sum, "findings", json_integer((json_int_t)r->nfindings));
	bys = json_object();
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
		json_object_set_new(bys, severity_name(s),
		    json_integer((json_int_t)r->by_sev[s]));
	json_object_set_new(sum, "by_severity", bys);
	json_object_set_new(root, "summary", sum);

	F = json_array();
	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = r->findings[i];
		json_t *o = json_object();

		json_object_set_new(o, "id", jstr(f->id));
		json_object_set_new(o, "check", jstr(f->check));
		json_object_set_new(o, "family", jstr(f->family));
		json_object_set_new(o, "severity", json_string(severity_name(f->sev)));
		json_object_set_new(o, "score", jscore(f->score));
		json_object_set_new(o, "title", jstr(f->title));
		json_object_set_new(o, "path", jstr(f->path));
		json_object_set_new(o, "evidence", json_deep_copy(f->evidence));
		json_object_set_new(o, "remediation", jstr(f->remediation));
		json_object_set_new(o, "policy", json_deep_copy(f->policy));
		json_object_set_new(o, "audit", json_deep_copy(f->audit));
		json_object_set_new(o, "audit_data", f->audit_data ?
		    json_deep_copy(f->audit_data) : json_array());
		if (f->gate)
			json_object_set_new(o, "gate", json_string(f->gate == 1 ?
			    "baselined" : "ignored"));
		json_array_append_new(F, o);
	}
	json_object_set_new(root, "findings", F);
	json_object_set_new(root, "errors", json_deep_copy(r->errors));
	json_object_set_new(root, "notes", json_deep_copy(r->notes));
	if (r->gate)
		json_object_set(root, "gate", r->gate);	/* shared: big */
	return root;
}

/* a text member back to its bytes (report_validate has checked that it
 * decodes); NULL if absent */
static char *
get_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	char *s;

	if (!json_is_string(v))
		return NULL;
	s = pathenc_decode(json_string_value(v), json_string_length(v));
	return s ? s : xstrdup(json_string_value(v));
}

static json_t *
string_array_copy(json_t *v)
{
	json_t *out = json_array(), *x;
	size_t i;

	if (json_is_array(v))
		json_array_foreach(v, i, x)
			if (json_is_string(x))
				json_array_append(out, x);
	return out;
}

struct report *
report_from_json(json_t *j, const char **why)
{
	struct report *r = NULL;
	json_t *tgt, *user, *F, *f, *g;
	size_t i;

	if (report_validate(j, why) == -1)
		goto bad;
	tgt = json_object_get(j, "target");
	user = json_object_get(tgt, "user");
	F = json_object_get(j, "findings");
	if (!json_is_object(tgt) || !json_is_object(user) ||
	    !json_is_integer(json_object_get(user, "uid")) ||
	    !json_is_array(F)) {
		*why = "report lacks target.user.uid or findings";
		goto bad;
	}
	r = report_new();
	free(r->kind);
	free(r->root);
	r->kind = get_str(tgt, "kind");
	r->root = get_str(tgt, "root");
	if (r->kind == NULL || r->root == NULL) {
		*why = "report lacks target.kind or target.root";
		goto bad;
	}
	r->arch = get_str(tgt, "arch");
	r->user_name = get_str(user, "name");
	r->uid = (uid_t)json_integer_value(json_object_get(user, "uid"));
	r->gid = json_is_integer(json_object_get(user, "gid")) ?
	    (gid_t)json_integer_value(json_object_get(user, "gid")) : (gid_t)-1;
	json_array_foreach(json_object_get(user, "groups"), i, g) {
		if (!json_is_object(g) ||
		    !json_is_integer(json_object_get(g, "gid")))
			continue;
		r->groups = xreallocarray(r->groups, r->ngroups + 1,
		    sizeof *r->groups);
		r->groups[r->ngroups].name = get_str(g, "name");
		r->groups[r->ngroups].gid =
		    (gid_t)json_integer_value(json_object_get(g, "gid"));
		r->ngroups++;
	}
	/* room for all at once: growing by one is quadratic where
	 * realloc has to move */
	r->findings = xcalloc(json_array_size(F) + 1, sizeof *r->findings);
	json_array_foreach(F, i, f) {
		struct finding *x;
		json_t *sc = json_object_get(f, "score");
		int sev;

		if (!json_is_object(f) ||
		    !json_is_string(json_object_get(f, "severity")) ||
		    (sev = severity_parse(json_string_value(
		    json_object_get(f, "severity")))) < 0 ||
		    !json_is_string(json_object_get(f, "id")) ||
		    !json_is_string(json_object_get(f, "check")) ||
		    !json_is_string(json_object_get(f, "family")) ||
		    !json_is_string(json_object_get(f, "path")) ||
		    !json_is_number(sc)) {
			*why = "a finding lacks id, check, family, path, "
			    "severity or score";
			goto bad;
		}
		x = xcalloc(1, sizeof *x);
		x->id = get_str(f, "id");
		x->check = get_str(f, "check");
		x->family = get_str(f, "family");
		x->path = get_str(f, "path");
		x->title = get_str(f, "title");
		if (x->title == NULL)
			x->title = xstrdup("");
		x->cause = xstrdup("");
		x->sev = (enum severity)sev;
		x->score = json_number_value(sc);
		x->remediation = get_str(f, "remediation");
		/* shared with the document, not copied: it is read only, and
		 * a copy of every evidence object doubles a big report */
		x->evidence = json_is_object(json_object_get(f, "evidence")) ?
		    json_incref(json_object_get(f, "evidence")) :
		    json_object();
		x->policy = string_array_copy(json_object_get(f, "policy"));
		x->audit = string_array_copy(json_object_get(f, "audit"));
		/* as given: the rules writer checks each entry
		 * (audit_entry_check) and leaves out what fails; shared
		 * with the document like the evidence */
		if (json_object_get(f, "audit_data") != NULL)
			x->audit_data = json_incref(json_object_get(f,
			    "audit_data"));
		r->findings[r->nfindings++] = x;
	}
	if (json_is_array(json_object_get(j, "errors"))) {
		json_decref(r->errors);
		r->errors = json_deep_copy(json_object_get(j, "errors"));
	}
	if (json_is_array(json_object_get(j, "notes"))) {
		json_decref(r->notes);
		r->notes = string_array_copy(json_object_get(j, "notes"));
	}
	report_finish(r);
	return r;
bad:
	report_free(r);
	return NULL;
}
