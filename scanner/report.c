/*
 * report.c: the report model (report.h) and its JSON form, which is the
 * contract of ../shared/spec/report-contract.md. Ids are fingerprints of
 * family, check, path and cause, so they are the same on every run and
 * machine. Nothing here reads the target.
 */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "report.h"
#include "xmalloc.h"

static const char *const sev_names[SEV_COUNT] = {
	"info", "low", "medium", "high", "critical",
};

/* The bands code-scanning tools use (report contract, "severity"). */
static const double band_lo[SEV_COUNT] = { 0.0, 0.1, 4.0, 7.0, 9.0 };
static const double band_hi[SEV_COUNT] = { 0.0, 3.9, 6.9, 8.9, 10.0 };

const char *
severity_name(enum severity s)
{
	return (unsigned)s < SEV_COUNT ? sev_names[s] : "info";
}

int
severity_parse(const char *s)
{
	int i;

	for (i = 0; i < SEV_COUNT; i++)
		if (strcmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}

double
score_in_band(enum severity s, double weight)
{
	double v;

	if ((unsigned)s >= SEV_COUNT)
		s = SEV_INFO;
	if (!(weight >= 0.0))
		weight = 0.0;
	if (weight > 1.0)
		weight = 1.0;
	v = band_lo[s] + weight * (band_hi[s] - band_lo[s]);
	v = floor(v * 10.0 + 0.5) / 10.0;
	if (v < band_lo[s])
		v = band_lo[s];
	if (v > band_hi[s])
		v = band_hi[s];
	return v;
}

/*
 * A JSON string for text that comes from the target (names, lines):
 * jansson refuses invalid UTF-8, so each byte that is not part of a valid
 * sequence is written as the four characters \xNN. Controls are left to
 * jansson, which escapes them.
 */
static json_t *
jtext(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf b = { NULL, 0, 0 };
	json_t *j;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	while (*p) {
		size_t n = 0, i;

		if (*p < 0x80)
			n = 1;
		else if (*p >= 0xc2 && *p <= 0xdf)
			n = 2;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 3;
		else if (*p >= 0xf0 && *p <= 0xf4)
			n = 4;
		for (i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				n = 0;
		if (n > 1) {
			json_t *t = json_stringn((const char *)p, n);

			if (t == NULL)
				n = 0;	/* overlong or surrogate */
			json_decref(t);
		}
		if (n == 0) {
			buf_printf(&b, "\\x%02x", *p);
			p++;
		} else if (*p == '\\') {
			buf_adds(&b, "\\\\");	/* so \\xNN stays reversible */
			p++;
		} else {
			buf_add(&b, p, n);
			p += n;
		}
	}
	j = json_string(buf_str(&b));
	buf_free(&b);
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

static void
array_add_unique(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return;
	json_array_append_new(arr, jtext(s));
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

/* auditctl splits rules on blanks and takes no quoting: such a path
 * cannot be watched by name (the finding says so in its evidence). */
static int
auditable_path(const char *p)
{
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '"' ||
		    *p == '\\')
			return 0;
	return 1;
}

void
finding_watch(struct report *r, struct finding *f, const char *path,
    int is_dir, const char *perm)
{
	char key[32];

	if (!auditable_path(path) || strlen(path) > 4000) {
		finding_ev_bool(f, "audit_unwatchable_path", 1);
		return;
	}
	/* auditd keys are at most 31 bytes (AUDIT_MAX_KEY_LEN is 256 but
	 * the report contract keeps them short and one per family) */
	snprintf(key, sizeof key, "privmap-%s", f->family);
	finding_audit(f, "-a always,exit -F %s=%s -F perm=%s -F uid=%lu "
	    "-F key=%s", is_dir ? "dir" : "path", path, perm,
	    (unsigned long)r->uid, key);
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
	if ((c = strcmp(x->cause, y->cause)) != 0)
		return c;
	/* a report read back from JSON has no causes: the id decides */
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
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
	size_t i, j, k;

	sort_errors(r);

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i]->id == NULL)
			r->findings[i]->id = make_id(r->findings[i]);
	if (r->nfindings > 1)
		qsort(r->findings, r->nfindings, sizeof *r->findings,
		    cmp_findings);
	/* one finding per id: the first after sorting is the most severe */
	for (i = 0, k = 0; i < r->nfindings; i++) {
		for (j = 0; j < k; j++)
			if (strcmp(r->findings[j]->id, r->findings[i]->id) == 0)
				break;
		if (j < k) {
			finding_free(r->findings[i]);
			continue;
		}
		r->findings[k++] = r->findings[i];
	}
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
		json_object_set_new(bys, sev_names[s],
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
		json_object_set_new(o, "severity", json_string(sev_names[f->sev]));
		json_object_set_new(o, "score", jscore(f->score));
		json_object_set_new(o, "title", jstr(f->title));
		json_object_set_new(o, "path", jstr(f->path));
		json_object_set_new(o, "evidence", json_deep_copy(f->evidence));
		json_object_set_new(o, "remediation", jstr(f->remediation));
		json_object_set_new(o, "policy", json_deep_copy(f->policy));
		json_object_set_new(o, "audit", json_deep_copy(f->audit));
		if (f->gate)
			json_object_set_new(o, "gate", json_string(f->gate == 1 ?
			    "baselined" : "ignored"));
		json_array_append_new(F, o);
	}
	json_object_set_new(root, "findings", F);
	json_object_set_new(root, "errors", json_deep_copy(r->errors));
	json_object_set_new(root, "notes", json_deep_copy(r->notes));
	if (r->gate)
		json_object_set_new(root, "gate", json_deep_copy(r->gate));
	return root;
}

static char *
get_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
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

	if (!json_is_object(j) || !json_is_string(json_object_get(j, "schema")) ||
	    strcmp(json_string_value(json_object_get(j, "schema")),
	    "privmap.report/1") != 0) {
		*why = "not a privmap.report/1 document";
		goto bad;
	}
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
		x->evidence = json_is_object(json_object_get(f, "evidence")) ?
		    json_deep_copy(json_object_get(f, "evidence")) :
		    json_object();
		x->policy = string_array_copy(json_object_get(f, "policy"));
		x->audit = string_array_copy(json_object_get(f, "audit"));
		r->findings = xreallocarray(r->findings, r->nfindings + 1,
		    sizeof *r->findings);
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
