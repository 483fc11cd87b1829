/*
 * sandbox.c: the agent's sandbox read from what --sandbox names, every
 * finding judged inside it, and the sandbox a report's findings need
 * (engine/sandbox.h). A finding is judged from its typed data only: its
 * deny entries (what it writes, runs, reads, connects to, which group
 * and port it uses), its family and its evidence keys; never from its
 * title. It never runs a program and never reads outside the target,
 * except the one file the person names with --sandbox.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/confload.h"
#include "engine/sandbox.h"
#include "known/sandbox.h"
#include "known/surfaces.h"
#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/path.h"
#include "lib/pathenc.h"
#include "lib/str.h"
#include "lib/xmalloc.h"

/* ---- reading the sandbox ---------------------------------------------- */

/* a file the person named, bounded: 0, or -1 with errno */
static int
local_read(const char *path, char **buf, size_t *len)
{
	FILE *fp = fopen(path, "r");
	size_t n;
	int e;

	*buf = NULL;
	if (fp == NULL)
		return -1;
	*buf = xmalloc(MAX_FILE_BYTES + 1);
	n = fread(*buf, 1, MAX_FILE_BYTES + 1, fp);
	e = ferror(fp) ? EIO : 0;
	fclose(fp);
	if (e == 0 && n > MAX_FILE_BYTES)
		e = EFBIG;
	if (e != 0) {
		free(*buf);
		*buf = NULL;
		errno = e;
		return -1;
	}
	(*buf)[n] = '\0';
	*len = n;
	return 0;
}

struct unit_err {
	const char	*path;
	char		*first;
};

static void
unit_err(void *ctx, unsigned line, const char *why)
{
	struct unit_err *u = ctx;

	if (u->first == NULL)
		u->first = xasprintf("%s:%u: %s", u->path, line, why);
}

/* one unit file's text into the sandbox */
static void
unit_text(struct sandbox *sb, const char *path, const char *buf, size_t len,
    char **warn)
{
	struct unit_file uf = { 0 };
	struct unit_err ue = { path, NULL };

	unit_parse(buf, len, &uf, unit_err, &ue);
	sandbox_unit(sb, &uf, unit_err, &ue);
	unit_file_free(&uf);
	if (ue.first && *warn == NULL)
		*warn = ue.first;
	else
		free(ue.first);
}

static int
conf_name(const char *name)
{
	return has_proper_suffix(name, ".conf");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* a unit file here and the *.conf of FILE.d/ beside it, by name */
static int
unit_local(struct sandbox *sb, const char *file, char **why)
{
	char *buf, *dir, **names = NULL, *warn = NULL, *p;
	size_t len, n = 0, i;
	DIR *d;
	struct dirent *de;

	if (local_read(file, &buf, &len) == -1) {
		*why = xasprintf("%s: %s", file, strerror(errno));
		return -1;
	}
	unit_text(sb, file, buf, len, &warn);
	free(buf);
	dir = xasprintf("%s.d", file);
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL && n < MAX_DIR_FILES)
			if (conf_name(de->d_name)) {
				names = xreallocarray(names, n + 1,
				    sizeof *names);
				names[n++] = xstrdup(de->d_name);
			}
		closedir(d);
	}
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		p = path_join(dir, names[i]);
		if (local_read(p, &buf, &len) == 0) {
			unit_text(sb, p, buf, len, &warn);
			free(buf);
		}
		free(p);
		free(names[i]);
	}
	free(names);
	free(dir);
	free(warn);
	sandbox_unit_end(sb);
	return 0;
}

/* a unit on the target with its drop-ins (confload_unit_files) */
static int
unit_target(struct scan *s, struct sandbox *sb, const char *unit, char **why)
{
	const char *dirs[KNOWN_UNIT_DIRS + 1];
	char **paths = NULL, *buf, *warn = NULL, *full = NULL;
	size_t n, i, len;

	/* systemd:agent is agent.service, as systemctl reads it */
	if (strchr(unit, '.') == NULL)
		unit = full = xasprintf("%s.service", unit);
	if (s == NULL) {
		*why = xasprintf("%s: a unit name needs a scan of its target",
		    unit);
		free(full);
		return -1;
	}
	for (i = 0; i < KNOWN_UNIT_DIRS; i++)
		dirs[i] = known_unit_dirs[i].path;
	dirs[KNOWN_UNIT_DIRS] = NULL;
	n = confload_unit_files(s, dirs, unit, &paths);
	if (n == 0) {
		*why = xasprintf("%s: no such unit on the target (or masked)",
		    unit);
		free(paths);
		free(full);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (scan_read(s, paths[i], &buf, &len) == 0) {
			unit_text(sb, paths[i], buf, len, &warn);
			free(buf);
		}
		free(paths[i]);
	}
	free(paths);
	free(warn);
	free(full);
	sandbox_unit_end(sb);
	return 0;
}

/* the form of SPEC: its kind, and the file or unit (a new string) and
 * "#NAME" part */
static int
spec_split(const char *spec, int *kind, char **what, char **name)
{
	static const struct { const char *pfx; int kind; } pfx[] = {
		{ "systemd:", SB_SYSTEMD }, { "oci:", SB_OCI },
		{ "docker:", SB_DOCKER }, { "compose:", SB_COMPOSE },
	};
	const char *p = spec, *hash;
	size_t i;

	*kind = -1;
	for (i = 0; i < sizeof pfx / sizeof pfx[0]; i++)
		if (strncmp(spec, pfx[i].pfx, strlen(pfx[i].pfx)) == 0) {
			*kind = pfx[i].kind;
			p = spec + strlen(pfx[i].pfx);
		}
	hash = strrchr(p, '#');
	*what = hash ? xstrndup(p, (size_t)(hash - p)) : xstrdup(p);
	*name = hash && hash[1] ? xstrdup(hash + 1) : NULL;
	if (*kind == -1) {
		if (has_suffix(*what, ".yaml") || has_suffix(*what, ".yml"))
			*kind = SB_COMPOSE;
		else if (has_suffix(*what, ".json"))
			*kind = SB_OCI;
		else if (has_suffix(*what, ".service") ||
		    has_suffix(*what, ".conf"))
			*kind = SB_SYSTEMD;
	}
	return *kind;
}

/* The profile security_opt names, relative to the file that names it
 * (compose reads it from the project's directory): its calls refused. */
static int
seccomp_file(struct sandbox *sb, const char *from, char **why)
{
	char *dir = path_dirname(from), *p, *buf;
	const char *w;
	size_t len;
	int rv = -1;

	p = sb->seccomp_file[0] == '/' ? xstrdup(sb->seccomp_file) :
	    path_join(dir, sb->seccomp_file);
	if (local_read(p, &buf, &len) == -1)
		*why = xasprintf("%s: the seccomp profile %s: %s", from, p,
		    strerror(errno));
	else {
		char *layer = xasprintf("seccomp=%s", sb->seccomp_file);

		if ((rv = sandbox_seccomp(sb, buf, len, layer, &w)) == -1)
			*why = xasprintf("%s: %s", p, w);
		free(layer);
		free(buf);
	}
	free(p);
	free(dir);
	return rv;
}

int
sandbox_load(struct scan *s, const char *spec, struct sandbox *sb,
    char **why)
{
	char *what, *name, *buf = NULL;
	const char *w = NULL;
	size_t len;
	int kind, rv = -1;

	*why = NULL;
	if (spec_split(spec, &kind, &what, &name) == -1) {
		*why = xasprintf("%s: say which sandbox: systemd:, oci:, "
		    "docker: or compose: (docs/cli.md)", spec);
		goto out;
	}
	sandbox_init(sb, (enum sb_kind)kind, name ? name : path_basename(what));
	if (kind == SB_SYSTEMD) {
		rv = strchr(what, '/') ? unit_local(sb, what, why) :
		    unit_target(s, sb, what, why);
		goto out;
	}
	if (local_read(what, &buf, &len) == -1) {
		*why = xasprintf("%s: %s", what, strerror(errno));
		goto out;
	}
	if (kind == SB_COMPOSE) {
		free(sb->name);
		sb->name = xstrdup(name ? name : "");
		rv = sandbox_compose(sb, buf, len, name, &w);
	} else
		rv = sandbox_oci(sb, buf, len, name, &w);
	if (rv == -1)
		*why = xasprintf("%s: %s", what, w);
	else if (sb->seccomp_file != NULL)
		rv = seccomp_file(sb, what, why);
out:
	free(buf);
	free(what);
	free(name);
	return rv;
}

/* ---- what a sandbox refuses ------------------------------------------- */

static int
in_list(const char *const *v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return 1;
	return 0;
}

/* 1 if the sandbox's names (groups expanded) hold call */
static int
names_hold(const struct sandbox *sb, const char *call)
{
	size_t i;

	for (i = 0; i < sb->nnames; i++)
		if (strcmp(sb->names[i], call) == 0 ||
		    (sb->names[i][0] == '@' &&
		    in_list(known_syscall_group(sb->names[i]), call)))
			return 1;
	return 0;
}

int
sandbox_blocks(const struct sandbox *sb, const char *call)
{
	if (sb->filter == NULL || sb->privileged)
		return 0;
	if (sb->docker_default)
		return in_list(known_docker_blocked, call);
	return sb->allow_mode ? !names_hold(sb, call) : names_hold(sb, call);
}

/* every call of v blocked: the layer that does it, else NULL */
static const char *
blocks_all(const struct sandbox *sb, const char *const *v)
{
	for (; *v; v++)
		if (!sandbox_blocks(sb, *v))
			return NULL;
	return sb->filter;
}

/* ---- judging ----------------------------------------------------------- */

/* p with /var/run/ read as /run/ (Debian's and most distributions'
 * symlink), in a caller's buffer */
static const char *
run_alias(const char *p, char *tmp, size_t sz)
{
	if (strncmp(p, "/var/run", 8) == 0 && (p[8] == '/' || p[8] == '\0')) {
		snprintf(tmp, sz, "/run%s", p + 8);
		return tmp;
	}
	return p;
}

/* 1 if dir is path or one of its parents */
static int
under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return 1;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' ||
	    path[n] == '\0');
}

/* What the sandbox makes of a host path: the rule of the deepest path
 * at or above it (at one depth the strictest), else the base. */
static enum sb_mode
path_mode(const struct sandbox *sb, const char *target, const char **layer)
{
	char t1[4096], t2[4096];
	const char *p = run_alias(target, t1, sizeof t1), *q;
	size_t i, best = 0;
	int found = 0;
	enum sb_mode m = sb->base ? sb->base_mode : SBM_RW;

	*layer = sb->base;
	for (i = 0; i < sb->npaths; i++) {
		q = run_alias(sb->paths[i].path, t2, sizeof t2);
		if (!under(p, q))
			continue;
		if (!found || strlen(q) > best ||
		    (strlen(q) == best && sb->paths[i].mode > m)) {
			best = strlen(q);
			m = sb->paths[i].mode;
			*layer = sb->paths[i].layer;
			found = 1;
		}
	}
	return m;
}

/* the families whose programs raise privileges when run (set-id bits,
 * file capabilities, sudo's own set-uid bit) */
static int
family_raises(const char *family)
{
	return strcmp(family, "setuid") == 0 ||
	    strcmp(family, "file-capability") == 0 ||
	    strcmp(family, "sudo") == 0;
}

struct verdict {
	json_t	*by;		/* layers that shut a way */
	json_t	*open;		/* ways left open */
	int	 ways;
};

static void
v_add(json_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
v_add(json_t *a, const char *fmt, ...)
{
	va_list ap;
	char *s;
	size_t i;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	for (i = 0; i < json_array_size(a); i++)
		if (strcmp(json_string_value(json_array_get(a, i)), s) == 0) {
			free(s);
			return;
		}
	json_array_append_new(a, json_string(s));
	free(s);
}

/* one deny entry of f: shut (into by) or open */
static void
judge_close(const struct sandbox *sb, const struct finding *f,
    const struct close *c, const struct report *r, struct verdict *v)
{
	const char *layer = NULL, *t = c->target;
	enum sb_mode m = SBM_RW;
	char *enc = pathenc_encode(c->target, c->len);
	size_t i;
	int shut = 0;

	v->ways++;
	if (c->action != CLOSE_GROUP && c->action != CLOSE_PORT)
		m = path_mode(sb, t, &layer);
	switch (c->action) {
	case CLOSE_EXEC:
		if (sb->nnp && family_raises(f->family)) {
			v_add(v->by, "inert: %s", sb->nnp);
			shut = 1;
		} else if (sb->caps_none &&
		    strcmp(f->family, "process-capability") == 0) {
			v_add(v->by, "inert: %s", sb->caps_none);
			shut = 1;
		} else if (m == SBM_HIDDEN) {
			v_add(v->by, "unreachable: %s", layer);
			shut = 1;
		} else
			v_add(v->open, "runs %s: %s", enc, family_raises(
			    f->family) ? "no no_new_privs" :
			    "the program is reachable");
		break;
	case CLOSE_WRITE:
		if (m == SBM_HIDDEN || m == SBM_RO) {
			v_add(v->by, "%s: %s", m == SBM_RO ? "read-only" :
			    "unreachable", layer);
			shut = 1;
		} else
			v_add(v->open, "writes %s: %s", enc, layer ?
			    layer : "writable as on the host");
		break;
	case CLOSE_READ:
		if (m == SBM_HIDDEN) {
			v_add(v->by, "unreachable: %s", layer);
			shut = 1;
		} else
			v_add(v->open, "reads %s: %s", enc, layer ? layer :
			    "not hidden");
		break;
	case CLOSE_CONNECT:
		if (m == SBM_HIDDEN) {
			v_add(v->by, "unreachable: %s", layer);
			shut = 1;
		} else if (sb->no_unix) {
			v_add(v->by, "unreachable: %s", sb->no_unix);
			shut = 1;
		} else
			v_add(v->open, "connects to %s: %s%s", enc,
			    layer ? layer : "not hidden", m == SBM_RO ?
			    " (read-only does not stop a connect)" : "");
		break;
	case CLOSE_PORT:
		if (sb->no_localhost) {
			v_add(v->by, "unreachable: %s", sb->no_localhost);
			shut = 1;
		} else
			v_add(v->open, "connects to %s: the host's loopback "
			    "is reachable", enc);
		break;
	case CLOSE_GROUP:
		shut = sb->groups_dropped != NULL;
		for (i = 0; shut && i < sb->ngroup_add; i++)
			if (strcmp(sb->group_add[i], t) == 0)
				shut = 0;
		for (i = 0; shut && i < r->ngroups; i++)
			if (r->groups[i].name &&
			    strcmp(r->groups[i].name, t) == 0) {
				char g[32];
				size_t k;

				snprintf(g, sizeof g, "%lu",
				    (unsigned long)r->groups[i].gid);
				for (k = 0; k < sb->ngroup_add; k++)
					if (strcmp(sb->group_add[k], g) == 0)
						shut = 0;
			}
		if (shut)
			v_add(v->by, "dropped: %s", sb->groups_dropped);
		else
			v_add(v->open, "group %s: a sandbox keeps the user's "
			    "supplementary groups", enc);
		break;
	default:
		v_add(v->open, "%s", enc);
		break;
	}
	free(enc);
}

/* a finding with no deny entry, by its family and evidence keys */
static void
judge_family(const struct sandbox *sb, const struct finding *f,
    struct verdict *v)
{
	const char *key = json_string_value(json_object_get(f->evidence,
	    "key"));
	const char *layer = NULL;
	int userns = json_object_get(f->evidence,
	    "kernel.unprivileged_userns_clone") != NULL ||
	    json_object_get(f->evidence, "user.max_user_namespaces") != NULL ||
	    (key && (strcmp(key, "kernel.unprivileged_userns_clone") == 0 ||
	    strcmp(key, "user.max_user_namespaces") == 0));

	v->ways++;
	if (strcmp(f->family, "kernel") == 0 && userns) {
		layer = sb->no_userns ? sb->no_userns :
		    blocks_all(sb, known_calls_userns);
		if (layer)
			v_add(v->by, "blocked: %s", layer);
		else
			v_add(v->open, "user namespaces can be made");
	} else if (strcmp(f->family, "kernel") == 0 && key &&
	    strcmp(key, "kernel.unprivileged_bpf_disabled") == 0) {
		if ((layer = blocks_all(sb, known_calls_bpf)) != NULL)
			v_add(v->by, "blocked: %s", layer);
		else
			v_add(v->open, "bpf(2) is allowed");
	} else if (strcmp(f->family, "kernel") == 0 && key &&
	    strcmp(key, "kernel.yama.ptrace_scope") == 0) {
		if ((layer = blocks_all(sb, known_calls_ptrace)) != NULL)
			v_add(v->by, "blocked: %s", layer);
		else
			v_add(v->open, "ptrace(2) is allowed");
	} else if (strcmp(f->family, "process-capability") == 0 && sb->nnp)
		v_add(v->by, "inert: %s", sb->nnp);
	else
		v_add(v->open, "no sandbox layer changes it (%s)", f->family);
}

enum sb_verdict
sandbox_verdict(const struct sandbox *sb, const struct finding *f,
    const struct report *r, json_t **why)
{
	struct verdict v = { json_array(), json_array(), 0 };
	size_t i;

	if (sb->privileged) {
		v_add(v.open, "privileged: %s", sb->privileged);
		v.ways = 1;
	} else {
		for (i = 0; i < f->ncloses; i++)
			judge_close(sb, f, &f->closes[i], r, &v);
		if (f->ncloses == 0)
			judge_family(sb, f, &v);
	}
	if (json_array_size(v.open) == 0 && json_array_size(v.by) > 0) {
		*why = v.by;
		json_decref(v.open);
		return SBV_CONTAINED;
	}
	*why = v.open;
	json_decref(v.by);
	return SBV_OPEN;
}

static void
judge_one(const struct sandbox *sb, struct finding *f, const struct report *r)
{
	json_t *why;

	json_decref(f->sb_why);
	f->sb_verdict = sandbox_verdict(sb, f, r, &why);
	f->sb_why = why;
	if (f->sb_verdict == SBV_CONTAINED) {
		f->sb_sev = f->sev;
		f->sb_score = f->score;
		f->sev = SEV_INFO;
		f->score = 0.0;
	}
}

static const char *
spec_in_target(const struct report *r, const char *spec)
{
	static char out[4096];
	const char *p = strchr(spec, ':'), *q;
	size_t n = r->root ? strlen(r->root) : 0;

	q = p && p[1] == '/' ? p + 1 : spec;
	if (n > 1 && strncmp(q, r->root, n) == 0 && q[n] == '/') {
		snprintf(out, sizeof out, "%.*s%s", (int)(q - spec), spec,
		    q + n);
		return out;
	}
	return spec;
}

void
sandbox_judge(struct report *r, const struct sandbox *sb, const char *spec)
{
	static const char *const kinds[] = { "systemd", "oci", "docker",
	    "compose" };
	json_t *sum = json_object(), *open = json_array(), *lay;
	size_t i, nc = 0, no = 0;
	char *text, *line, *save;

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i]->sev != SEV_INFO)
			judge_one(sb, r->findings[i], r);
	report_finish(r);
	for (i = 0; i < r->nfindings; i++) {
		if (r->findings[i]->sb_verdict == SBV_CONTAINED)
			nc++;
		else if (r->findings[i]->sb_verdict == SBV_OPEN) {
			no++;
			json_array_append_new(open,
			    json_string(r->findings[i]->id));
		}
	}
	/* a file inside the scanned root is named as the target names it:
	 * a report says nothing of where the scan found its root */
	json_object_set_new(sum, "spec", json_string(spec_in_target(r, spec)));
	json_object_set_new(sum, "kind", json_string(kinds[sb->kind]));
	json_object_set_new(sum, "name", json_string(sb->name));
	json_object_set_new(sum, "contained", json_integer((json_int_t)nc));
	json_object_set_new(sum, "open", json_integer((json_int_t)no));
	json_object_set_new(sum, "open_findings", open);
	/* the layers as read, one a line of sandbox_print */
	lay = json_array();
	text = sandbox_print(sb);
	for (line = strtok_r(text, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		char *e = pathenc_encode(line, strlen(line));

		json_array_append_new(lay, json_string(e));
		free(e);
	}
	free(text);
	json_object_set_new(sum, "layers", lay);
	json_decref(r->sandbox);
	r->sandbox = sum;
}

json_t *
sandbox_verdict_json(const struct finding *f)
{
	json_t *o = json_object();
	int c = f->sb_verdict == SBV_CONTAINED;

	json_object_set_new(o, "contained", json_boolean(c));
	json_object_set_new(o, c ? "by" : "open", f->sb_why ?
	    json_incref(f->sb_why) : json_array());
	if (c) {
		json_object_set_new(o, "severity",
		    json_string(severity_name(f->sb_sev)));
		json_object_set_new(o, "score",
		    json_real(floor(f->sb_score * 10.0 + 0.5) / 10.0));
	}
	return o;
}

void
sandbox_verdict_read(struct finding *f, json_t *m)
{
	json_t *sev;
	int s;

	if (!json_is_object(m))
		return;
	if (json_is_true(json_object_get(m, "contained"))) {
		sev = json_object_get(m, "severity");
		if (!json_is_string(sev) ||
		    (s = severity_parse(json_string_value(sev))) < 0)
			return;
		f->sb_verdict = SBV_CONTAINED;
		f->sb_sev = (enum severity)s;
		f->sb_score = json_number_value(json_object_get(m, "score"));
		f->sb_why = json_is_array(json_object_get(m, "by")) ?
		    json_deep_copy(json_object_get(m, "by")) : json_array();
	} else {
		f->sb_verdict = SBV_OPEN;
		f->sb_why = json_is_array(json_object_get(m, "open")) ?
		    json_deep_copy(json_object_get(m, "open")) : json_array();
	}
}

/* ---- planning ---------------------------------------------------------- */

static void
need(struct sb_plan *p, enum sb_need n, const struct finding *f)
{
	if (p->n[n]++ == 0)
		p->ex[n] = xasprintf("%s %s %s", f->id ? f->id : "-",
		    f->family, f->path);
}

/* 1 if s is not in the list yet (and now is) */
static int
plan_new(struct sb_plan *p, char list, const char *s)
{
	char *key = xasprintf("%c%s", list, s);
	int isnew;

	p->seen.copies = 1;
	isnew = strmap_adds(&p->seen, key, 1, NULL);
	free(key);
	return isnew;
}

static void
plan_push(struct sb_plan *p, char list, char ***v, size_t *n, const char *s)
{
	if (!plan_new(p, list, s))
		return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

static void
plan_write(struct sb_plan *p, const struct finding *f, const char *t)
{
	char tmp[4096];
	const char *q = run_alias(t, tmp, sizeof tmp);

	if (under(q, "/tmp") || under(q, "/var/tmp"))
		need(p, NEED_TMP, f);
	else if (under(q, "/sys/fs/cgroup"))
		need(p, NEED_CGROUPS, f);
	else if (under(q, "/proc/sys") || under(q, "/sys") ||
	    under(q, "/proc/sysrq-trigger"))
		need(p, NEED_TUNABLES, f);
	else if (under(q, "/dev"))
		need(p, NEED_DEVICES, f);
	need(p, NEED_RO, f);
	plan_push(p, 'r', &p->ro, &p->nro, t);
}

static void
plan_hide(struct sb_plan *p, const struct finding *f, const struct close *c)
{
	need(p, NEED_HIDE, f);
	if (!plan_new(p, 'h', c->target))
		return;
	p->hide = xreallocarray(p->hide, p->nhide + 1, sizeof *p->hide);
	p->hide[p->nhide].path = xstrdup(c->target);
	p->hide[p->nhide].action = c->action;
	p->hide[p->nhide].why = xasprintf("%s %s", f->id ? f->id : "-",
	    f->family);
	p->nhide++;
}

/* a finding without deny entries: what its family and keys ask */
static void
plan_family(struct sb_plan *p, const struct finding *f)
{
	const char *key = json_string_value(json_object_get(f->evidence,
	    "key"));
	char *s;

	if (strcmp(f->family, "kernel") == 0 && (json_object_get(f->evidence,
	    "kernel.unprivileged_userns_clone") || json_object_get(f->evidence,
	    "user.max_user_namespaces") || (key && (strcmp(key,
	    "kernel.unprivileged_userns_clone") == 0 || strcmp(key,
	    "user.max_user_namespaces") == 0))))
		need(p, NEED_USERNS, f);
	else if (key && strcmp(key, "kernel.unprivileged_bpf_disabled") == 0)
		need(p, NEED_BPF, f);
	else if (key && strcmp(key, "kernel.yama.ptrace_scope") == 0)
		need(p, NEED_PTRACE, f);
	else if (strcmp(f->family, "process-capability") == 0)
		need(p, NEED_NNP, f);
	else {
		s = xasprintf("%s %s %s: no sandbox layer changes it",
		    f->id ? f->id : "-", f->family, f->path);
		plan_push(p, 'o', &p->open, &p->nopen, s);
		free(s);
	}
}

void
sandbox_plan(const struct report *r, struct sb_plan *p)
{
	const struct finding *f;
	const struct close *c;
	char *s;
	size_t i, k;

	memset(p, 0, sizeof *p);
	p->user = r->user_name;
	p->uid = (unsigned long)r->uid;
	p->gid = (unsigned long)r->gid;
	for (i = 0; i < r->nfindings; i++) {
		f = r->findings[i];
		if (f->sev == SEV_INFO && f->sb_verdict != SBV_CONTAINED)
			continue;
		if (f->ncloses == 0)
			plan_family(p, f);
		for (k = 0; k < f->ncloses; k++) {
			c = &f->closes[k];
			switch (c->action) {
			case CLOSE_EXEC:
				if (family_raises(f->family))
					need(p, NEED_NNP, f);
				else if (strcmp(f->family,
				    "process-capability") == 0)
					need(p, NEED_CAPS, f);
				else
					plan_hide(p, f, c);
				break;
			case CLOSE_WRITE:
				plan_write(p, f, c->target);
				break;
			case CLOSE_READ:
			case CLOSE_CONNECT:
				plan_hide(p, f, c);
				break;
			case CLOSE_PORT:
				need(p, NEED_LOCALHOST, f);
				break;
			case CLOSE_GROUP:
				s = xasprintf("%s (%s)", c->target,
				    f->id ? f->id : "-");
				plan_push(p, 'g', &p->groups, &p->ngroups,
				    s);
				free(s);
				break;
			default:
				break;
			}
		}
	}
}

char *
sandbox_plan_why(const struct sb_plan *p, enum sb_need n)
{
	if (p->n[n] == 0)
		return NULL;
	if (p->n[n] == 1)
		return xasprintf("1 finding: %s", p->ex[n]);
	return xasprintf("%zu findings: %s, ...", p->n[n], p->ex[n]);
}

void
sandbox_plan_free(struct sb_plan *p)
{
	size_t i;

	for (i = 0; i < NEED_COUNT; i++)
		free(p->ex[i]);
	for (i = 0; i < p->nhide; i++) {
		free(p->hide[i].path);
		free(p->hide[i].why);
	}
	free(p->hide);
	for (i = 0; i < p->nro; i++)
		free(p->ro[i]);
	free(p->ro);
	for (i = 0; i < p->ngroups; i++)
		free(p->groups[i]);
	free(p->groups);
	for (i = 0; i < p->nopen; i++)
		free(p->open[i]);
	free(p->open);
	strmap_free(&p->seen);
	memset(p, 0, sizeof *p);
}
