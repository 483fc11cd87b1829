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
#include "lib/buf.h"
#include "lib/path.h"
#include "lib/pathenc.h"
#include "engine/graph.h"
#include "engine/report.h"
#include "engine/sandbox.h"
#include "lib/str.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"
#include "lib/fnv.h"
#include "lib/num.h"

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
watch_clear(struct watch *w)
{
	free(w->path);
	free(w->syscalls);
	free(w->anchor);
	free(w->refused);
	memset(w, 0, sizeof *w);
}

void
finding_free(struct finding *f)
{
	size_t i;

	if (f == NULL)
		return;
	free(f->id);
	free(f->check);
	free(f->family);
	free(f->title);
	free(f->path);
	free(f->cause);
	free(f->one_cause);
	free(f->remediation);
	free(f->suppressed);
	json_decref(f->evidence);
	for (i = 0; i < f->ncloses; i++)
		free(f->closes[i].target);
	free(f->closes);
	if (f->closes_idx != NULL)
		strmap_free(f->closes_idx);
	free(f->closes_idx);
	json_decref(f->audit);
	json_decref(f->sb_why);
	for (i = 0; i < f->nwatches; i++)
		watch_clear(&f->watches[i]);
	free(f->watches);
	free(f->grant.name);
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
	graph_free(r->graph);
	json_decref(r->sandbox);
	free(r);
}

struct finding *
report_add(struct report *r, const struct reporter *who, enum severity sev,
    double weight, const char *path, const char *cause, const char *fmt, ...)
{
	struct finding *f = xcalloc(1, sizeof *f);
	va_list ap;

	f->check = xstrdup(who->id);
	f->family = xstrdup(who->family);
	f->sev = sev;
	f->score = score_in_band(sev, weight);
	f->path = xstrdup(path);
	f->cause = xstrdup(cause ? cause : "");
	va_start(ap, fmt);
	f->title = xvasprintf(fmt, ap);
	va_end(ap);
	f->evidence = json_object();
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

static const char *const close_names[CLOSE_COUNT] = {
	"write", "exec", "read", "connect", "group", "port",
};

int
close_action_parse(const char *s)
{
	int i;

	for (i = 0; i < CLOSE_COUNT; i++)
		if (strcmp(s, close_names[i]) == 0)
			return i;
	return -1;
}

const char *
close_action_name(enum close_action a)
{
	return (unsigned)a < CLOSE_COUNT ? close_names[a] : "?";
}

/* how the fix script closes an entry: by its action, and for a program
 * by what its family knows of it (a set-id bit, a capability) */
static enum close_fix
close_fix_of(const struct finding *f, enum close_action a)
{
	const struct known_close *k;

	switch (a) {
	case CLOSE_WRITE:
		return FIX_NO_WRITE;
	case CLOSE_READ:
		return FIX_NO_READ;
	case CLOSE_CONNECT:
		return FIX_NO_CONNECT;
	case CLOSE_GROUP:
		return FIX_LEAVE_GROUP;
	case CLOSE_EXEC:
		k = known_close_find(f->family);
		return k != NULL ? k->exec_fix : FIX_NONE;
	default:
		return FIX_NONE;
	}
}

/* the index key of an entry: its action's byte, then its target's */
static char *
close_key(enum close_action a, const char *t, size_t len, size_t *klen)
{
	char *k = xmalloc(len + 1);

	k[0] = (char)('0' + a);
	memcpy(k + 1, t, len);
	*klen = len + 1;
	return k;
}

/* Is the entry there already? A scan's findings hold a few entries,
 * looked through; past CLOSES_SCAN_MAX an index keeps it linear. */
#define CLOSES_SCAN_MAX	16
static int
close_seen(struct finding *f, enum close_action a, const char *t, size_t len)
{
	size_t i, klen;
	char *k;
	int r;

	if (f->closes_idx == NULL && f->ncloses < CLOSES_SCAN_MAX) {
		for (i = 0; i < f->ncloses; i++)
			if (f->closes[i].action == a && f->closes[i].len == len &&
			    memcmp(f->closes[i].target, t, len) == 0)
				return 1;
		return 0;
	}
	if (f->closes_idx == NULL) {
		f->closes_idx = xcalloc(1, sizeof *f->closes_idx);
		f->closes_idx->copies = 1;
		for (i = 0; i < f->ncloses; i++) {
			k = close_key(f->closes[i].action, f->closes[i].target,
			    f->closes[i].len, &klen);
			strmap_add(f->closes_idx, k, klen, i, NULL);
			free(k);
		}
	}
	k = close_key(a, t, len, &klen);
	r = strmap_get(f->closes_idx, k, klen, NULL);
	free(k);
	return r;
}

/* add an entry; unique: the same action and bytes are added once */
static void
close_push(struct finding *f, enum close_action a, const char *t, size_t len,
    int unique, int derived)
{
	struct close *c;
	size_t klen;
	char *k;

	if (unique && close_seen(f, a, t, len))
		return;
	if (f->ncloses == f->closes_cap) {
		f->closes_cap = f->closes_cap ? f->closes_cap * 2 : 4;
		f->closes = xreallocarray(f->closes, f->closes_cap,
		    sizeof *f->closes);
	}
	if (f->closes_idx != NULL) {
		k = close_key(a, t, len, &klen);
		strmap_add(f->closes_idx, k, klen, f->ncloses, NULL);
		free(k);
	}
	c = &f->closes[f->ncloses++];
	c->action = a;
	c->target = xstrndup(t, len);
	c->len = len;
	c->fix = close_fix_of(f, a);
	c->derived = derived;
}

void
finding_one_cause(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	free(f->one_cause);
	va_start(ap, fmt);
	f->one_cause = xvasprintf(fmt, ap);
	va_end(ap);
}

/* f's consequence entry, as the contract has it (docs/report.md) */
static json_t *
consequence_json(const struct finding *f)
{
	json_t *ev = json_deep_copy(f->evidence);

	json_object_del(ev, "consequences");
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", f->id,
	    "check", f->check, "family", f->family, "severity",
	    severity_name(f->sev), "path", f->path, "title", f->title,
	    "evidence", ev);
}

static void	watch_push(struct finding *, struct watch *, int unique);

/* a copy of a consequence's file or directory watch, its anchor kept */
static void
fold_watch(struct report *r, struct finding *head, const struct watch *from)
{
	struct watch w;
	char *s;

	memset(&w, 0, sizeof w);
	w.kind = from->kind;
	w.path = xstrdup(from->path);
	memcpy(w.perm, from->perm, sizeof w.perm);
	w.anchor = from->anchor ? xstrdup(from->anchor) : NULL;
	w.unanchored = from->unanchored;
	if ((s = watch_text(&w, (unsigned long)r->uid, head->family)) != NULL)
		array_add_unique(head->audit, s);
	free(s);
	watch_push(head, &w, 1);
}

/* fold m into head: its entry and its own consequences, its deny
 * entries and its file and directory watches */
static void
fold_consequence(struct report *r, struct finding *head,
    const struct finding *m)
{
	json_t *list = json_object_get(head->evidence, "consequences");
	json_t *theirs = json_object_get(m->evidence, "consequences");
	size_t i;

	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(head->evidence, "consequences", list);
	}
	json_array_append_new(list, consequence_json(m));
	if (json_is_array(theirs))
		json_array_extend(list, theirs);
	for (i = 0; i < m->ncloses; i++)
		if (!m->closes[i].derived)
			close_push(head, m->closes[i].action,
			    m->closes[i].target, m->closes[i].len, 1, 0);
	for (i = 0; i < m->nwatches; i++)
		if ((m->watches[i].kind == WATCH_FILE ||
		    m->watches[i].kind == WATCH_DIR) && m->watches[i].path &&
		    !m->watches[i].refused)
			fold_watch(r, head, &m->watches[i]);
	/* the graph reads the kept finding: it hands what the strongest of
	 * them hands (root over an account or a group) */
	if (m->grant.kind != GRANT_NONE && (head->grant.kind == GRANT_NONE ||
	    (m->grant.kind == GRANT_ROOT && head->grant.kind != GRANT_ROOT)))
		finding_grant(head, m->grant.kind, m->grant.id, m->grant.name,
		    m->grant.wait, m->grant.sure);
}

/* the kept finding's title says how many it stands for: " [and N more
 * of this cause]" at its end, rewritten as their number grows */
static void
title_count(struct finding *f)
{
	json_t *a = json_object_get(f->evidence, "consequences");
	char *mark = strstr(f->title, " [and "), *t;

	if (!json_is_array(a))
		return;
	if (mark != NULL && has_suffix(mark, " of this cause]"))
		*mark = '\0';
	t = xasprintf("%s [and %zu more of this cause]", f->title,
	    json_array_size(a));
	free(f->title);
	f->title = t;
}

/* 1 if f is on the directory its cause names ("write DIR") */
static int
on_cause(const struct finding *f)
{
	return strncmp(f->one_cause, "write ", 6) == 0 &&
	    strcmp(f->one_cause + 6, f->path) == 0;
}

/* Keep one finding of each cause: the most severe (the first, after
 * sorting), or of those as severe, the one on the cause itself. */
static void
merge_causes(struct report *r)
{
	struct strmap heads = { 0 };
	size_t i, k, h;

	for (i = 0; i < r->nfindings; i++) {
		struct finding *f = r->findings[i];

		if (f->one_cause == NULL ||
		    strmap_adds(&heads, f->one_cause, i, &h))
			continue;
		if (f->sev == r->findings[h]->sev && on_cause(f) &&
		    !on_cause(r->findings[h])) {
			strmap_del(&heads, f->one_cause, strlen(f->one_cause));
			strmap_adds(&heads, f->one_cause, i, NULL);
		}
	}
	for (i = 0; i < r->nfindings; i++) {
		struct finding *f = r->findings[i];

		if (f->one_cause != NULL && (h = strmap_gets(&heads,
		    f->one_cause)) != i) {
			fold_consequence(r, r->findings[h], f);
			finding_free(f);
			r->findings[i] = NULL;
		}
	}
	for (i = 0, k = 0; i < r->nfindings; i++)
		if (r->findings[i] != NULL) {
			if (r->findings[i]->one_cause != NULL &&
			    strmap_gets(&heads, r->findings[i]->one_cause) == i)
				title_count(r->findings[i]);
			r->findings[k++] = r->findings[i];
		}
	strmap_free(&heads);
	r->nfindings = k;
}

void
finding_close(struct finding *f, enum close_action a, const char *target)
{
	if ((unsigned)a < CLOSE_COUNT)
		close_push(f, a, target, strlen(target), 1, 0);
}

/* what the finding hands the user (report.h) */
void
finding_grant(struct finding *f, enum grant_kind kind, unsigned long id,
    const char *name, enum grant_wait wait, int sure)
{
	free(f->grant.name);
	memset(&f->grant, 0, sizeof f->grant);
	if (kind == GRANT_USER && id == 0)
		kind = GRANT_ROOT;
	if (kind == GRANT_NONE)
		return;
	f->grant.kind = kind;
	f->grant.id = kind == GRANT_ROOT ? 0 : id;
	if (kind != GRANT_ROOT && name != NULL && *name != '\0')
		f->grant.name = xstrdup(name);
	f->grant.wait = (unsigned)wait < WAIT_COUNT ? wait : WAIT_NOW;
	f->grant.sure = sure != 0;
}

static const char *const wait_names[WAIT_COUNT] = {
	"now", "periodic", "login", "sudo", "reboot", "reload", "service",
};

/* a wait's name in the contract (report.h) */
const char *
grant_wait_name(enum grant_wait w)
{
	return (unsigned)w < WAIT_COUNT ? wait_names[w] : "now";
}

/* a wait from its name, -1 if none (report.h) */
int
grant_wait_parse(const char *s)
{
	int i;

	for (i = 0; i < WAIT_COUNT; i++)
		if (strcmp(s, wait_names[i]) == 0)
			return i;
	return -1;
}

/* a grant's node as the contract writes it (report.h) */
char *
grant_node(const struct grant *g)
{
	char *e, *s;

	switch (g->kind) {
	case GRANT_ROOT:
		return xstrdup("root");
	case GRANT_USER:
	case GRANT_GROUP:
		break;
	default:
		return NULL;
	}
	if (g->name == NULL)
		return xasprintf("%s:%lu", g->kind == GRANT_USER ? "uid" :
		    "gid", g->id);
	e = pathenc_encode(g->name, strlen(g->name));
	s = xasprintf("%s:%s", g->kind == GRANT_USER ? "user" : "group", e);
	free(e);
	return s;
}

/* a node's text back into a grant (report.h) */
int
grant_node_parse(const char *s, struct grant *g)
{
	static const struct {
		const char	*pfx;
		enum grant_kind	 kind;
		int		 numeric;
	} forms[] = {
		{ "user:", GRANT_USER, 0 }, { "group:", GRANT_GROUP, 0 },
		{ "uid:", GRANT_USER, 1 }, { "gid:", GRANT_GROUP, 1 },
	};
	unsigned long id;
	size_t i, n;
	char *name;

	memset(g, 0, sizeof *g);
	if (strcmp(s, "root") == 0) {
		g->kind = GRANT_ROOT;
		return 0;
	}
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		n = strlen(forms[i].pfx);
		if (strncmp(s, forms[i].pfx, n) != 0 || s[n] == '\0')
			continue;
		if (forms[i].numeric) {
			/* 0 to 4294967294: (uid_t)-1 is never an id */
			if (parse_ulong(s + n, 4294967294UL, &id) == -1)
				return -1;
			g->kind = forms[i].kind;
			g->id = id;
			return 0;
		}
		name = pathenc_decode(s + n, strlen(s + n));
		if (name == NULL || *name == '\0') {
			free(name);
			return -1;
		}
		g->kind = forms[i].kind;
		g->id = GRANT_ID_UNKNOWN;
		g->name = name;
		return 0;
	}
	return -1;
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

/* name as it stands in known_syscalls, or NULL */
static const char *
syscall_static(const char *name)
{
	size_t i;

	for (i = 0; known_syscalls[i] != NULL; i++)
		if (strcmp(known_syscalls[i], name) == 0)
			return known_syscalls[i];
	return NULL;
}

int
audit_syscall_known(const char *name)
{
	return syscall_static(name) != NULL;
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

/* a watch of kind on path, anchored if it needs to be: -1 if path
 * cannot be watched by name */
static int
watch_new(struct report *r, struct watch *w, enum watch_kind kind,
    const char *path, int is_dir)
{
	char *a;

	memset(w, 0, sizeof *w);
	/* the kernel takes no watch of / (auditctl(8), -w) */
	if (!auditable_path(path) || !normal_path(path) ||
	    strcmp(path, "/") == 0)
		return -1;
	w->kind = kind;
	w->path = xstrdup(path);
	if ((a = watch_anchor(r, path, is_dir)) != NULL) {
		if (strcmp(a, "/") == 0)
			w->unanchored = 1;
		else
			w->anchor = xstrdup(a);
	}
	free(a);
	return 0;
}

static int
str_eq(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
watch_equal(const struct watch *a, const struct watch *b)
{
	size_t i;

	if (a->kind != b->kind || !str_eq(a->path, b->path) ||
	    strcmp(a->perm, b->perm) != 0 || a->nsyscalls != b->nsyscalls ||
	    a->euid_root != b->euid_root || !str_eq(a->anchor, b->anchor) ||
	    a->unanchored != b->unanchored || !str_eq(a->refused, b->refused))
		return 0;
	for (i = 0; i < a->nsyscalls; i++)
		if (a->syscalls[i] != b->syscalls[i])
			return 0;
	return 1;
}

/* add w (taken) to f's watches; unique: once each */
static void
watch_push(struct finding *f, struct watch *w, int unique)
{
	size_t i;

	f->audit_data = AUDIT_DATA_LIST;
	for (i = 0; unique && i < f->nwatches; i++)
		if (watch_equal(&f->watches[i], w)) {
			watch_clear(w);
			return;
		}
	f->watches = xreallocarray(f->watches, f->nwatches + 1,
	    sizeof *f->watches);
	f->watches[f->nwatches++] = *w;
	memset(w, 0, sizeof *w);
}

void
finding_watch(struct report *r, struct finding *f, const char *path,
    int is_dir, const char *perm)
{
	char key[32], *s;
	struct watch w;

	if (audit_family_key(f->family, key) == -1 ||
	    watch_new(r, &w, is_dir ? WATCH_DIR : WATCH_FILE, path,
	    is_dir) == -1) {
		finding_ev_bool(f, "audit_unwatchable_path", 1);
		return;
	}
	snprintf(w.perm, sizeof w.perm, "%s", perm);
	if ((s = watch_text(&w, (unsigned long)r->uid, f->family)) != NULL)
		array_add_unique(f->audit, s);
	free(s);
	watch_push(f, &w, 1);
}

void
finding_audit_syscalls(struct report *r, struct finding *f,
    const char *const *names, int euid_root)
{
	struct watch w;
	const char *n;
	char *s;
	size_t i;

	memset(&w, 0, sizeof w);
	w.kind = WATCH_SYSCALL;
	w.euid_root = euid_root != 0;
	for (i = 0; names[i] != NULL; i++)
		if ((n = syscall_static(names[i])) != NULL) {
			w.syscalls = xreallocarray(w.syscalls, w.nsyscalls + 1,
			    sizeof *w.syscalls);
			w.syscalls[w.nsyscalls++] = n;
		}
	if (w.nsyscalls == 0)
		return;
	if ((s = watch_text(&w, (unsigned long)r->uid, f->family)) != NULL)
		array_add_unique(f->audit, s);
	free(s);
	watch_push(f, &w, 1);
}

void
report_anchor_targets(struct report *r)
{
	size_t i, j;
	struct watch w;

	for (i = 0; r->anchor != NULL && i < r->nfindings; i++) {
		struct finding *f = r->findings[i];

		for (j = 0; j < f->ncloses; j++) {
			const struct close *c = &f->closes[j];
			enum watch_kind kind;

			if (c->derived || c->target[0] != '/')
				continue;
			if (c->action == CLOSE_EXEC)
				kind = WATCH_EXEC;
			else if (c->action == CLOSE_CONNECT)
				kind = WATCH_CONNECT;
			else
				continue;
			/* only where the rule needs an anchor; deny entries
			 * are unique, so no search for a duplicate */
			if (watch_new(r, &w, kind, c->target, 0) == -1)
				continue;
			if (w.anchor != NULL || w.unanchored)
				watch_push(f, &w, 0);
			else
				watch_clear(&w);
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

static const char *const watch_kinds[] = {
	"file", "dir", "exec", "connect", "syscall",
};

char *
watch_text(const struct watch *w, unsigned long uid, const char *family)
{
	char key[32];
	struct buf b = { NULL, 0, 0 };
	size_t i;

	if (w->refused != NULL || audit_family_key(family, key) == -1 ||
	    w->unanchored)
		return NULL;
	if (w->kind == WATCH_SYSCALL) {
		buf_adds(&b, "-a always,exit");
		for (i = 0; i < w->nsyscalls; i++)
			buf_printf(&b, " -S %s", w->syscalls[i]);
		buf_printf(&b, " -F uid=%lu%s -F key=%s", uid,
		    w->euid_root ? " -F euid=0" : "", key);
		return buf_str(&b);
	}
	if (w->kind != WATCH_FILE && w->kind != WATCH_DIR)
		return NULL;
	return xasprintf("-a always,exit -F %s=%s -F perm=%s -F uid=%lu "
	    "-F key=%s", (w->anchor || w->kind == WATCH_DIR) ? "dir" : "path",
	    w->anchor ? w->anchor : w->path, w->perm, uid, key);
}

/* the "audit_data" member, in the order of its members as written
 * since it was typed (report.h) */
static json_t *
watches_json(const struct finding *f)
{
	json_t *a = json_array(), *e, *sc;
	const struct watch *w;
	size_t i, k;

	for (i = 0; i < f->nwatches; i++) {
		w = &f->watches[i];
		if (w->refused != NULL)
			continue;
		e = json_object();
		json_object_set_new(e, "kind",
		    json_string(watch_kinds[w->kind]));
		if (w->kind == WATCH_SYSCALL) {
			sc = json_array();
			for (k = 0; k < w->nsyscalls; k++)
				json_array_append_new(sc,
				    json_string(w->syscalls[k]));
			json_object_set_new(e, "syscalls", sc);
			if (w->euid_root)
				json_object_set_new(e, "euid", json_integer(0));
			json_array_append_new(a, e);
			continue;
		}
		json_object_set_new(e, "path", json_string(w->path));
		if (w->unanchored)
			json_object_set_new(e, "unanchored", json_true());
		else if (w->anchor != NULL)
			json_object_set_new(e, "anchor", json_string(w->anchor));
		if (w->kind == WATCH_FILE || w->kind == WATCH_DIR)
			json_object_set_new(e, "perm", json_string(w->perm));
		json_array_append_new(a, e);
	}
	return a;
}

/* One entry of a report's audit_data into a watch: as audit_entry_check
 * passed it, or refused with why. */
static void
watch_read(struct finding *x, const json_t *e, size_t idx)
{
	struct watch w;
	const char *why, *kind;
	json_t *v;
	size_t i;

	memset(&w, 0, sizeof w);
	if (audit_entry_check(e, &why) == -1) {
		w.refused = xasprintf("audit_data[%zu]%s: left out", idx, why);
		watch_push(x, &w, 0);
		return;
	}
	kind = json_string_value(json_object_get(e, "kind"));
	for (i = 0; i < sizeof watch_kinds / sizeof *watch_kinds; i++)
		if (strcmp(kind, watch_kinds[i]) == 0)
			w.kind = (enum watch_kind)i;
	if (w.kind == WATCH_SYSCALL) {
		v = json_object_get(e, "syscalls");
		w.syscalls = xcalloc(json_array_size(v), sizeof *w.syscalls);
		for (i = 0; i < json_array_size(v); i++)
			w.syscalls[w.nsyscalls++] = syscall_static(
			    json_string_value(json_array_get(v, i)));
		w.euid_root = json_object_get(e, "euid") != NULL;
		watch_push(x, &w, 0);
		return;
	}
	w.path = xstrdup(json_string_value(json_object_get(e, "path")));
	if (json_is_true(json_object_get(e, "unanchored")))
		w.unanchored = 1;
	else if ((v = json_object_get(e, "anchor")) != NULL)
		w.anchor = xstrdup(json_string_value(v));
	if (w.kind == WATCH_FILE || w.kind == WATCH_DIR)
		snprintf(w.perm, sizeof w.perm, "%s", json_string_value(
		    json_object_get(e, "perm")));
	watch_push(x, &w, 0);
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

static char *
make_id(const struct finding *f)
{
	uint64_t h = FNV1A64_BASIS;

	/* each string with its terminating NUL */
	h = fnv1a64(h, f->family, strlen(f->family) + 1);
	h = fnv1a64(h, f->check, strlen(f->check) + 1);
	h = fnv1a64(h, f->path, strlen(f->path) + 1);
	h = fnv1a64(h, f->cause, strlen(f->cause) + 1);
	return xasprintf("PM-%016llx", (unsigned long long)h);
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

/* The entries a finding's family implies (known/closes.h) when its
 * check named none that the policies can use: the same for a scan and a
 * report read back, which holds only what the check named. */
static void
finding_imply(struct finding *f)
{
	const struct known_close *k;
	const char *p = f->path, *g;
	char *raw;
	size_t i;

	/* info: the contract's "not a problem"; nothing to deny (one a
	 * sandbox contains keeps what it denies without the sandbox) */
	if (p == NULL || (f->sev == SEV_INFO &&
	    f->sb_verdict != SBV_CONTAINED) ||
	    (k = known_close_find(f->family)) == NULL)
		return;
	for (i = 0; i < f->ncloses; i++)
		if (f->closes[i].len > 0)
			return;
	switch (k->from) {
	case FROM_EV_GROUP:
		g = json_string_value(json_object_get(f->evidence, "group"));
		if (g == NULL)
			return;
		if ((raw = pathenc_decode(g, strlen(g))) == NULL)
			raw = xstrdup(g);
		if (*raw != '\0')
			close_push(f, k->action, raw, strlen(raw), 0, 1);
		free(raw);
		return;
	case FROM_TCP_PATH:
		if (strncmp(p, "tcp://", 6) == 0 && p[6] != '\0')
			close_push(f, k->action, p + 6, strlen(p + 6), 0, 1);
		return;
	case FROM_PATH_HELD:
		if (json_object_get(f->evidence, "how") == NULL &&
		    json_object_get(f->evidence, "writable_directory") == NULL)
			return;
		/* FALLTHROUGH */
	case FROM_PATH:
		if (p[0] == '/')
			close_push(f, k->action, p, strlen(p), 0, 1);
		return;
	}
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
	merge_causes(r);
	for (i = 0; i < r->nfindings; i++)
		finding_imply(r->findings[i]);
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

/* a score as a JSON real rounded to one decimal */
static json_t *
jscore(double v)
{
	return json_real(floor(v * 10.0 + 0.5) / 10.0);
}

/* the "policy" member: "ACTION TARGET" for each entry the check named,
 * the target in docs/paths.md's form */
static json_t *
policy_json(const struct finding *f)
{
	json_t *a = json_array();
	char *e, *s;
	size_t i;

	for (i = 0; i < f->ncloses; i++) {
		if (f->closes[i].derived)
			continue;
		e = pathenc_encode(f->closes[i].target, f->closes[i].len);
		s = xasprintf("%s %s", close_action_name(f->closes[i].action),
		    e);
		json_array_append_new(a, json_string(s));
		free(s);
		free(e);
	}
	return a;
}

/* the "grants" member: {"node", "wait", "sure"} */
static json_t *
grant_json(const struct grant *g)
{
	json_t *o = json_object();
	char *node = grant_node(g);

	json_object_set_new(o, "node", json_string(node ? node : "root"));
	json_object_set_new(o, "wait", json_string(grant_wait_name(g->wait)));
	json_object_set_new(o, "sure", json_string(g->sure ? "certain" :
	    "likely"));
	free(node);
	return o;
}

/* one finding as the contract writes it (report.h) */
json_t *
finding_to_json(const struct finding *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", jtext(f->id));
	json_object_set_new(o, "check", jtext(f->check));
	json_object_set_new(o, "family", jtext(f->family));
	json_object_set_new(o, "severity", json_string(severity_name(f->sev)));
	json_object_set_new(o, "score", jscore(f->score));
	json_object_set_new(o, "title", jtext(f->title));
	json_object_set_new(o, "path", jtext(f->path));
	json_object_set_new(o, "evidence", json_deep_copy(f->evidence));
	json_object_set_new(o, "remediation", jtext(f->remediation));
	json_object_set_new(o, "policy", policy_json(f));
	json_object_set_new(o, "audit", json_deep_copy(f->audit));
	json_object_set_new(o, "audit_data", watches_json(f));
	if (f->grant.kind != GRANT_NONE)
		json_object_set_new(o, "grants", grant_json(&f->grant));
	if (f->sb_verdict != SBV_NONE)
		json_object_set_new(o, "sandbox", sandbox_verdict_json(f));
	if (f->gate != GATE_NEW)
		json_object_set_new(o, "gate", json_string(
		    f->gate == GATE_BASELINE ? "baselined" : "ignored"));
	return o;
}

json_t *
report_to_json(const struct report *r)
{
	json_t *root = report_to_json_frame(r);
	json_t *F = json_object_get(root, "findings");
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		json_array_append_new(F, finding_to_json(r->findings[i]));
	return root;
}

/* report_to_json without the findings (report.h) */
json_t *
report_to_json_frame(const struct report *r)
{
	json_t *root = json_object(), *tgt, *user, *groups, *sum, *bys;
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
	json_object_set_new(tgt, "kind", jtext(r->kind));
	json_object_set_new(tgt, "root", jtext(r->root));
	user = json_object();
	json_object_set_new(user, "name", jtext(r->user_name));
	json_object_set_new(user, "uid", json_integer(r->uid));
	json_object_set_new(user, "gid", r->gid == (gid_t)-1 ? json_null() :
	    json_integer(r->gid));
	groups = json_array();
	for (i = 0; i < r->ngroups; i++) {
		json_t *g = json_object();

		json_object_set_new(g, "name", jtext(r->groups[i].name));
		json_object_set_new(g, "gid", json_integer(r->groups[i].gid));
		json_array_append_new(groups, g);
	}
	json_object_set_new(user, "groups", groups);
	json_object_set_new(tgt, "user", user);
	if (r->arch)
		json_object_set_new(tgt, "arch", jtext(r->arch));
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

	json_object_set_new(root, "findings", json_array());
	json_object_set_new(root, "errors", json_deep_copy(r->errors));
	json_object_set_new(root, "notes", json_deep_copy(r->notes));
	if (r->gate)
		json_object_set(root, "gate", r->gate);	/* shared: big */
	if (r->graph)
		json_object_set_new(root, "graph", graph_to_json(r->graph));
	if (r->sandbox)
		json_object_set(root, "sandbox", r->sandbox);
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

/* the "policy" member into the finding's entries, each as written
 * (report_validate has checked each is "ACTION TARGET" with a known
 * action and a target that decodes) */
static void
policy_read(struct finding *x, json_t *v)
{
	const char *s, *sp;
	char act[16], *t;
	size_t i;
	int a;
	json_t *e;

	json_array_foreach(v, i, e) {
		if ((s = json_string_value(e)) == NULL ||
		    (sp = strchr(s, ' ')) == NULL ||
		    (size_t)(sp - s) >= sizeof act)
			continue;
		memcpy(act, s, (size_t)(sp - s));
		act[sp - s] = '\0';
		if ((a = close_action_parse(act)) < 0)
			continue;
		if ((t = pathenc_decode(sp + 1, strlen(sp + 1))) == NULL)
			t = xstrdup(sp + 1);
		close_push(x, (enum close_action)a, t, strlen(t), 0, 0);
		free(t);
	}
}

/* the "grants" member back (report_validate has checked it) */
static void
grant_read(struct finding *x, json_t *v)
{
	const char *node = json_string_value(json_object_get(v, "node"));
	const char *w = json_string_value(json_object_get(v, "wait"));
	const char *s = json_string_value(json_object_get(v, "sure"));
	struct grant g;
	int wait;

	if (node == NULL || w == NULL || s == NULL ||
	    (wait = grant_wait_parse(w)) < 0 ||
	    grant_node_parse(node, &g) == -1)
		return;
	g.wait = (enum grant_wait)wait;
	g.sure = strcmp(s, "certain") == 0;
	free(x->grant.name);
	x->grant = g;
}

/* one finding of a report read back (report_validate has checked it):
 * NULL if it lacks id, check, family, path, severity or score */
struct finding *
finding_from_json(json_t *f)
{
	struct finding *x;
	json_t *v, *e;
	size_t k;

	if (!json_is_object(f) ||
	    !json_is_string(json_object_get(f, "severity")) ||
	    severity_parse(json_string_value(json_object_get(f,
	    "severity"))) < 0 ||
	    !json_is_string(json_object_get(f, "id")) ||
	    !json_is_string(json_object_get(f, "check")) ||
	    !json_is_string(json_object_get(f, "family")) ||
	    !json_is_string(json_object_get(f, "path")) ||
	    !json_is_number(json_object_get(f, "score")))
		return NULL;
	x = xcalloc(1, sizeof *x);
	x->sev = (enum severity)severity_parse(json_string_value(
	    json_object_get(f, "severity")));
	x->id = get_str(f, "id");
	x->check = get_str(f, "check");
	x->family = get_str(f, "family");
	x->path = get_str(f, "path");
	x->title = get_str(f, "title");
	if (x->title == NULL)
		x->title = xstrdup("");
	x->cause = xstrdup("");
	x->score = json_number_value(json_object_get(f, "score"));
	x->remediation = get_str(f, "remediation");
	/* shared with the document, not copied: it is read only, and
	 * a copy of every evidence object doubles a big report */
	x->evidence = json_is_object(json_object_get(f, "evidence")) ?
	    json_incref(json_object_get(f, "evidence")) :
	    json_object();
	policy_read(x, json_object_get(f, "policy"));
	x->audit = string_array_copy(json_object_get(f, "audit"));
	/* each entry checked (audit_entry_check) and typed here; one
	 * that fails is kept as refused, for the rules writer to
	 * name where it leaves it out */
	v = json_object_get(f, "audit_data");
	if (json_is_array(v)) {
		x->audit_data = AUDIT_DATA_LIST;
		json_array_foreach(v, k, e)
			watch_read(x, e, k);
	} else if (v != NULL)
		x->audit_data = AUDIT_DATA_NOT_LIST;
	grant_read(x, json_object_get(f, "grants"));
	sandbox_verdict_read(x, json_object_get(f, "sandbox"));
	return x;
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
		struct finding *x = finding_from_json(f);

		if (x == NULL) {
			*why = "a finding lacks id, check, family, path, "
			    "severity or score";
			goto bad;
		}
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
	if (json_object_get(j, "graph") != NULL &&
	    (r->graph = graph_from_json(json_object_get(j, "graph"),
	    why)) == NULL)
		goto bad;
	if (json_is_object(json_object_get(j, "sandbox")))
		r->sandbox = json_deep_copy(json_object_get(j, "sandbox"));
	report_finish(r);
	return r;
bad:
	report_free(r);
	return NULL;
}
