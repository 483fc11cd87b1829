/*
 * events.c: privmap events, the summary of what the audit logs recorded
 * on privmap's surfaces: which family, by which uid and program, what
 * action on which path, how often, first and last time, allowed or
 * failed. A person reads the text in a minute; machines read the JSON
 * (privmap.events/1).
 *
 * An event belongs to a family by the key of the privmap rule that logged
 * it (privmap-FAMILY, output/audit.c), and also, since the first matching
 * rule gives an event its key and a site's own rule may come first, by
 * what it did: the path it wrote (known/surfaces.c, the table the checks
 * of those families read too), the setuid bit or capabilities of the
 * program it ran, the runtime socket it connected to, the credential,
 * module, mount or namespace call it made.
 *
 * It reads logs only and must give the same bytes for the same logs.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "watch/events.h"
#include "known/families.h"
#include "known/surfaces.h"
#include "output/output.h"
#include "lib/buf.h"
#include "lib/strmap.h"

/* ---- small shared helpers ------------------------------------------- */

/* UTC, to the millisecond, as the JSON outputs write times */
void
events_iso_time(int64_t sec, unsigned milli, char out[32])
{
	struct tm tm;
	time_t t = (time_t)sec;

	if (sec < 0 || (int64_t)t != sec || gmtime_r(&t, &tm) == NULL ||
	    tm.tm_year > 9999 - 1900) {
		snprintf(out, 32, "@%lld.%03u", (long long)sec, milli % 1000);
		return;
	}
	/* the year is 1970..9999: 19 characters */
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + 19, 13, ".%03uZ", milli % 1000);
}

/* text from a log made safe for a terminal */
void
events_text(struct buf *b, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t shown = 0, k;

	if (s == NULL) {
		buf_adds(b, "?");
		return;
	}
	while (*p) {
		if (shown >= max) {
			buf_adds(b, "...");
			return;
		}
		/* a backslash as "\\": a name holding "\xff" must not read
		 * as one holding the byte 0xff (docs/paths.md) */
		if (*p == '\\') {
			buf_adds(b, "\\\\");
			p++;
			shown++;
			continue;
		}
		if (*p >= 0x20 && *p < 0x7f) {
			buf_addc(b, (char)*p++);
			shown++;
			continue;
		}
		k = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1;
		/* valid UTF-8 but not the C1 controls (U+0080..U+009F),
		 * which a terminal obeys */
		if (k > 1 && strnlen((const char *)p, k) == k &&
		    output_utf8_valid((const char *)p, k) &&
		    !(p[0] == 0xc2 && p[1] < 0xa0)) {
			buf_add(b, p, k);
			p += k;
		} else
			buf_printf(b, "\\x%02x", *p++);
		shown++;
	}
}

/* the agent's event: its uid, or its login uid after a change */
int
events_by_uid(const struct alog_event *e, unsigned long uid)
{
	return (e->has_uid && e->uid == uid) ||
	    (e->has_auid && e->auid == uid);
}

/* ---- privmap's surfaces --------------------------------------------- */

/* the sockets of container runtimes the contract's container-socket
 * family names (docker, containerd, podman, cri-o, buildkit, kubelet),
 * and lxd/incus and libvirt, whose groups group-membership names */
static const char *const runtime_sockets[] = {
	"docker.sock", "containerd.sock", "podman.sock", "crio.sock",
	"buildkitd.sock", "kubelet.sock", "cri-dockerd.sock",
	"dockershim.sock", "libvirt-sock", "virtqemud-sock", NULL,
};

static int
path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/');
}

/* pat (a surface's pattern, or "*" "/" name for one in a home) matches
 * path */
static int
surface_match(const char *pat, int home, const char *path)
{
	char buf[256];

	if (home) {
		if ((size_t)snprintf(buf, sizeof buf, "*/%s", pat) >=
		    sizeof buf)
			return 0;
		pat = buf;
	}
	if (strpbrk(pat, "*?[") != NULL) {
		size_t n = strlen(path);

		/* a public key is no secret */
		if (n > 4 && strcmp(path + n - 4, ".pub") == 0 &&
		    strstr(pat, "/.ssh/id_") != NULL)
			return 0;
		return fnmatch(pat, path, 0) == 0;
	}
	return path_under(path, pat);
}

/* the family of the first of known/surfaces.c's surfaces that path is
 * on, for how (SURF_W or SURF_R) */
static const char *
surface_family(const char *path, unsigned how)
{
	const struct known_surface *s;
	const struct known_path *l;

	if (path == NULL || path[0] != '/')
		return NULL;
	for (s = known_surfaces; s->family != NULL; s++) {
		if (s->pat != NULL) {
			if ((s->how & how) && surface_match(s->pat, 0, path))
				return s->family;
			continue;
		}
		for (l = s->list; l->path != NULL; l++)
			if ((l->events & how) &&
			    surface_match(l->path, s->home, path))
				return s->family;
	}
	return NULL;
}

static int
runtime_socket(const char *path)
{
	const char *base;
	size_t i;

	if (path == NULL || path[0] != '/')
		return 0;
	base = strrchr(path, '/') + 1;
	for (i = 0; runtime_sockets[i] != NULL; i++)
		if (strcmp(base, runtime_sockets[i]) == 0)
			return 1;
	/* lxd's and incus's API socket is a plain unix.socket */
	return strcmp(base, "unix.socket") == 0 &&
	    (strstr(path, "/lxd/") != NULL || strstr(path, "/incus/") != NULL);
}

/* the surface an action touched, by what it did */
const char *
events_action_family(const struct alog_event *e, const struct alog_action *a)
{
	const struct alog_path *p = e->npaths > 0 ? &e->paths[0] : NULL;

	switch (a->kind) {
	case ALOG_EXEC:
		/* a set-id program not the user's own, or one with file
		 * capabilities (capabilities(7) "File capabilities") */
		if (p != NULL && p->has_mode && S_ISREG(p->mode) &&
		    (p->mode & (S_ISUID | S_ISGID)) != 0 &&
		    !(p->has_ouid && e->has_uid && p->ouid == e->uid))
			return "setuid";
		if (p != NULL && (p->cap_fp != 0 || p->cap_fi != 0))
			return "file-capability";
		return NULL;
	case ALOG_WRITE:
	case ALOG_ATTR:
		return surface_family(a->path, SURF_W);
	case ALOG_READ:
		return surface_family(a->path, SURF_R);
	case ALOG_CONNECT:
		return runtime_socket(a->path) ? "container-socket" : NULL;
	case ALOG_CRED:
		return "escalate";
	case ALOG_MODULE:
		return "module";
	case ALOG_MOUNT:
		return "mount";
	case ALOG_NAMESPACE:
		return "namespace";
	default:
		return NULL;
	}
}

/* the family a privmap rule key names */
const char *
events_key_family(const struct alog_event *e)
{
	size_t i;
	const char *k, *p;

	for (i = 0; i < e->nkeys; i++) {
		k = e->keys[i];
		if (strncmp(k, "privmap-", 8) != 0 || k[8] == '\0' ||
		    strlen(k) > 31)
			continue;
		for (p = k + 8; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' &&
			    *p <= '9') || *p == '-'))
				break;
		if (*p == '\0')
			return k + 8;
	}
	return NULL;
}

/* ---- what an action reached ----------------------------------------- */

/* an id argument as the call took it: (uid_t)-1 leaves one unchanged
 * (setresuid(2)) */
static void
id_arg(struct buf *b, const struct alog_event *e, int i)
{
	if (!e->has_a[i]) {
		buf_adds(b, "?");
		return;
	}
	if ((e->a[i] & 0xffffffffu) == 0xffffffffu)
		buf_adds(b, "-1");
	else
		buf_printf(b, "%lu", (unsigned long)(e->a[i] & 0xffffffffu));
}

static const struct {
	uint64_t	 bit;
	const char	*name;
} ns_flags[] = {
	/* linux/sched.h */
	{ 0x00020000, "NEWNS" }, { 0x02000000, "NEWCGROUP" },
	{ 0x04000000, "NEWUTS" }, { 0x08000000, "NEWIPC" },
	{ 0x10000000, "NEWUSER" }, { 0x20000000, "NEWPID" },
	{ 0x40000000, "NEWNET" }, { 0x00000080, "NEWTIME" },
	{ 0, NULL },
};

static void
ns_args(struct buf *b, uint64_t f)
{
	size_t i;
	int any = 0;

	for (i = 0; ns_flags[i].name != NULL; i++)
		if (f & ns_flags[i].bit) {
			buf_printf(b, "%s%s", any ? "|" : "", ns_flags[i].name);
			any = 1;
			f &= ~ns_flags[i].bit;
		}
	if (f != 0 || !any)
		buf_printf(b, "%s0x%llx", any ? "|" : "",
		    (unsigned long long)f);
}

/* what an action reached, as one string */
char *
events_target(const struct alog_event *e, const struct alog_action *a)
{
	struct buf b = { 0 };
	const char *sc = e->sc_name ? e->sc_name : NULL;
	int nargs = 0, i;

	switch (a->kind) {
	case ALOG_CONNECT:
		if (a->path != NULL)
			buf_adds(&b, a->path[0] ? a->path : "(unnamed socket)");
		else if (e->has_sockaddr && e->sa.family == AF_INET &&
		    e->sa.addr[0])
			buf_printf(&b, "%s:%u", e->sa.addr, e->sa.port);
		else if (e->has_sockaddr && e->sa.family == AF_INET6 &&
		    e->sa.addr[0])
			buf_printf(&b, "[%s]:%u", e->sa.addr, e->sa.port);
		else if (e->has_sockaddr && e->sa.family >= 0)
			buf_printf(&b, "(address family %d)", e->sa.family);
		else
			buf_adds(&b, "(no address logged)");
		return buf_str(&b);
	case ALOG_CRED:
		if (sc == NULL)
			break;
		if (strncmp(sc, "setres", 6) == 0)
			nargs = 3;
		else if (strncmp(sc, "setre", 5) == 0)
			nargs = 2;
		else if (strncmp(sc, "setgroups", 9) == 0) {
			buf_printf(&b, "%s(", sc);
			id_arg(&b, e, 0);
			buf_adds(&b, " groups)");
			return buf_str(&b);
		} else if (strncmp(sc, "set", 3) == 0)
			nargs = 1;
		buf_printf(&b, "%s(", sc);
		for (i = 0; i < nargs; i++) {
			if (i)
				buf_adds(&b, ", ");
			id_arg(&b, e, i);
		}
		buf_adds(&b, ")");
		return buf_str(&b);
	case ALOG_NAMESPACE:
		if (sc == NULL)
			break;
		buf_printf(&b, "%s(", sc);
		if (strcmp(sc, "setns") == 0) {
			/* setns(2): fd, nstype */
			if (e->has_a[1] && e->a[1] != 0)
				ns_args(&b, e->a[1]);
			else
				buf_adds(&b, "any");
		} else if (e->has_a[0])
			ns_args(&b, e->a[0]);
		buf_adds(&b, ")");
		return buf_str(&b);
	case ALOG_MODULE:
	case ALOG_MOUNT:
	case ALOG_OTHER:
		if (sc != NULL)
			buf_adds(&b, sc);
		else if (e->syscall >= 0)
			buf_printf(&b, "syscall %ld", e->syscall);
		else
			buf_adds(&b, "(no syscall logged)");
		if (a->path != NULL)
			buf_printf(&b, " %s", a->path);
		return buf_str(&b);
	default:
		if (a->path != NULL)
			return xstrdup(a->path);
		return xstrdup("(a path not logged)");
	}
	if (e->syscall >= 0)
		buf_printf(&b, "syscall %ld", e->syscall);
	else
		buf_adds(&b, "(no syscall logged)");
	return buf_str(&b);
}

/* the command line of an exec, quoted as a shell reads it */
char *
events_cmdline(const struct alog_event *e, size_t max)
{
	struct buf b = { 0 };
	size_t i;

	if (e->argc > 0) {
		/* as a shell would take it back: an argument with blanks,
		 * quotes or nothing in it in single quotes */
		for (i = 0; i < e->argc && b.len < max; i++) {
			const char *a = e->argv[i];

			if (i)
				buf_addc(&b, ' ');
			if (*a != '\0' &&
			    strpbrk(a, " \t\n'\"\\$`;&|<>()*?[") == NULL) {
				buf_adds(&b, a);
				continue;
			}
			buf_addc(&b, '\'');
			for (; *a; a++)
				if (*a == '\'')
					buf_adds(&b, "'\\''");
				else
					buf_addc(&b, *a);
			buf_addc(&b, '\'');
		}
		if (e->argv_truncated)
			buf_adds(&b, " ...");
	} else if (e->proctitle != NULL)
		buf_adds(&b, e->proctitle);
	else
		return NULL;
	if (b.len > max) {
		b.len = max;
		buf_adds(&b, "...");
	}
	return buf_str(&b);
}

/* ---- logs ----------------------------------------------------------- */

/* the logs read, for the JSON outputs */
json_t *
events_logs_json(const struct events_log *logs, size_t n)
{
	json_t *arr = json_array();
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct alog_stats *st = &logs[i].st;
		json_t *o = json_object(), *errs = json_array();

		json_object_set_new(o, "file", output_jstr(logs[i].name));
		json_object_set_new(o, "read", json_boolean(!st->unreadable));
		json_object_set_new(o, "compressed",
		    json_boolean(st->compressed));
		json_object_set_new(o, "bytes", json_integer((json_int_t)
		    (st->bytes > INT64_MAX ? INT64_MAX : st->bytes)));
		json_object_set_new(o, "lines", json_integer((json_int_t)
		    st->lines));
		json_object_set_new(o, "records", json_integer((json_int_t)
		    st->records));
		json_object_set_new(o, "events", json_integer((json_int_t)
		    st->events));
		json_object_set_new(o, "malformed", json_integer((json_int_t)
		    st->malformed));
		json_object_set_new(o, "records_dropped",
		    json_integer((json_int_t)st->dropped));
		json_object_set_new(o, "truncated",
		    json_boolean(st->truncated));
		for (k = 0; k < st->nerrors; k++) {
			json_t *e = json_object();

			json_object_set_new(e, "line", st->errors[k].line ?
			    json_integer((json_int_t)st->errors[k].line) :
			    json_null());
			json_object_set_new(e, "error",
			    json_string(st->errors[k].msg));
			json_array_append_new(errs, e);
		}
		json_object_set_new(o, "errors", errs);
		json_object_set_new(o, "errors_not_listed",
		    json_integer((json_int_t)st->errors_dropped));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* the logs read, one line each, for a person */
void
events_logs_text(struct buf *b, const struct events_log *logs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct alog_stats *st = &logs[i].st;

		buf_adds(b, "  ");
		events_text(b, logs[i].name, 120);
		if (st->unreadable) {
			buf_printf(b, ": NOT READ: %s\n", st->nerrors ?
			    st->errors[0].msg : "unreadable");
			continue;
		}
		buf_printf(b, ": %lu event%s%s", st->events,
		    st->events == 1 ? "" : "s",
		    st->compressed ? " (compressed)" : "");
		if (st->malformed)
			buf_printf(b, ", %lu malformed line%s skipped",
			    st->malformed, st->malformed == 1 ? "" : "s");
		if (st->dropped)
			buf_printf(b, ", %lu record%s of oversized events "
			    "left out", st->dropped, st->dropped == 1 ? "" :
			    "s");
		if (st->truncated)
			buf_adds(b, ", cut short");
		if (st->nerrors > 0) {
			buf_adds(b, " (");
			if (st->errors[0].line)
				buf_printf(b, "line %lu: ", st->errors[0].line);
			buf_printf(b, "%s%s)", st->errors[0].msg,
			    st->nerrors + st->errors_dropped > 1 ?
			    "; more in --format json" : "");
		}
		buf_addc(b, '\n');
	}
}

/* ---- grouping ------------------------------------------------------- */

#define EV_MAX_GROUPS	100000	/* further groups are counted, not kept */
#define EV_TOP		8	/* groups a family shows without --verbose */
#define EV_MAX_NAMES	4	/* keys and syscalls listed per group */

struct group {
	char		*family;
	unsigned long	 uid;
	int		 has_uid;
	unsigned long	 auid;		/* login uid of the first event */
	int		 has_auid;
	char		*program;	/* exe, or NULL */
	enum alog_act	 act;
	char		*target;
	unsigned long	 count, allowed, failed;
	int64_t		 first_sec, last_sec;
	unsigned	 first_milli, last_milli;
	char		*keys[EV_MAX_NAMES];
	size_t		 nkeys;
	const char	*scs[EV_MAX_NAMES];	/* libaudit's static names */
	size_t		 nscs;
	char		*cmdline;	/* of the first event */
	char		*cwd;
	char		*file;
	unsigned long	 line;
	size_t		 rank;		/* of the family, for sorting */
};

struct evctx {
	const struct events_opts *o;
	struct strmap		 map;
	struct group		*g;
	size_t			 ng, capg;
	unsigned long		 groups_dropped;
	unsigned long		 events, syscalls, matched;
	int64_t			 first_sec, last_sec;
	unsigned		 first_milli, last_milli;
	int			 any_time;
};

/* the syscall rules' keys, read first (a way to root taken), then the
 * families in the order of their table (known/families.c) */
static const char *const syscall_keys[] = {
	"escalate", "module", "namespace", "mount", NULL,
};

static const char *const syscall_text[] = {
	"credential changes (setuid family, setgroups, capset)",
	"kernel module loading",
	"new or joined namespaces",
	"mounts",
};

#define NSYSCALL_KEYS (sizeof syscall_text / sizeof syscall_text[0])

static size_t
family_rank(const char *f)
{
	const struct known_family *k;
	size_t i;

	for (i = 0; syscall_keys[i] != NULL; i++)
		if (strcmp(syscall_keys[i], f) == 0)
			return i;
	for (i = 0; (k = known_family_at(i)) != NULL; i++)
		if (strcmp(k->id, f) == 0)
			return NSYSCALL_KEYS + i;
	return NSYSCALL_KEYS + i;
}

/* what a rank's family is, in words, or NULL */
static const char *
family_words(size_t rank)
{
	const struct known_family *k;

	if (rank < NSYSCALL_KEYS)
		return syscall_text[rank];
	k = known_family_at(rank - NSYSCALL_KEYS);
	return k != NULL ? k->summary : NULL;
}

static void
time_min_max(int64_t sec, unsigned milli, int64_t *fs, unsigned *fm,
    int64_t *ls, unsigned *lm, int first)
{
	if (first || sec < *fs || (sec == *fs && milli < *fm)) {
		*fs = sec;
		*fm = milli;
	}
	if (first || sec > *ls || (sec == *ls && milli > *lm)) {
		*ls = sec;
		*lm = milli;
	}
}

static void
group_add(struct evctx *c, const char *family, const struct alog_event *e,
    const struct alog_action *a)
{
	struct buf key = { 0 };
	struct group *g;
	char *target = events_target(e, a);
	size_t idx, i;

	buf_printf(&key, "%s\x1f%s%lu\x1f%s\x1f%d\x1f%s", family,
	    e->has_uid ? "" : "?", e->has_uid ? e->uid : 0UL,
	    e->exe ? e->exe : "\x1e", (int)a->kind, target);
	if (!strmap_get(&c->map, key.data, key.len, &idx)) {
		if (c->ng >= EV_MAX_GROUPS) {
			c->groups_dropped++;
			goto out;
		}
		if (c->ng == c->capg) {
			/* doubled: one more at a time is quadratic where
			 * realloc has to move the array */
			c->capg = c->capg ? c->capg * 2 : 64;
			c->g = xreallocarray(c->g, c->capg, sizeof *c->g);
		}
		g = &c->g[c->ng];
		memset(g, 0, sizeof *g);
		g->family = xstrdup(family);
		g->rank = family_rank(family);
		g->uid = e->uid;
		g->has_uid = e->has_uid;
		g->auid = e->auid;
		g->has_auid = e->has_auid && e->auid != ALOG_ID_UNSET;
		g->program = e->exe ? xstrdup(e->exe) : NULL;
		g->act = a->kind;
		g->target = target;
		target = NULL;
		g->cmdline = events_cmdline(e, 400);
		g->cwd = e->cwd ? xstrdup(e->cwd) : NULL;
		g->file = xstrdup(e->file ? e->file : "");
		g->line = e->line;
		idx = c->ng++;
		strmap_add(&c->map, key.data, key.len, idx, NULL);
	}
	g = &c->g[idx];
	time_min_max(e->sec, e->milli, &g->first_sec, &g->first_milli,
	    &g->last_sec, &g->last_milli, g->count == 0);
	g->count++;
	if (e->success == 1)
		g->allowed++;
	else if (e->success == 0)
		g->failed++;
	for (i = 0; i < e->nkeys; i++) {
		size_t k;

		for (k = 0; k < g->nkeys; k++)
			if (strcmp(g->keys[k], e->keys[i]) == 0)
				break;
		if (k == g->nkeys && g->nkeys < EV_MAX_NAMES)
			g->keys[g->nkeys++] = xstrdup(e->keys[i]);
	}
	if (e->sc_name != NULL) {
		for (i = 0; i < g->nscs; i++)
			if (strcmp(g->scs[i], e->sc_name) == 0)
				break;
		if (i == g->nscs && g->nscs < EV_MAX_NAMES)
			g->scs[g->nscs++] = e->sc_name;
	}
out:
	free(target);
	buf_free(&key);
}

static void
events_cb(const struct alog_event *e, void *arg)
{
	struct evctx *c = arg;
	struct alog_action acts[ALOG_MAX_ACTIONS];
	const char *fam[ALOG_MAX_ACTIONS], *keyfam;
	size_t n, i;
	int any = 0;

	c->events++;
	if (!e->has_syscall)
		return;
	c->syscalls++;
	if (c->o->has_uid && !events_by_uid(e, c->o->uid))
		return;
	n = alog_actions(e, acts, ALOG_MAX_ACTIONS);
	keyfam = events_key_family(e);
	for (i = 0; i < n; i++) {
		/* the key of privmap's rule says which family it watches;
		 * without one, what the call touched says it */
		fam[i] = keyfam ? keyfam : events_action_family(e, &acts[i]);
		if (fam[i] != NULL) {
			group_add(c, fam[i], e, &acts[i]);
			any = 1;
		}
	}
	if (!any)
		return;
	c->matched++;
	time_min_max(e->sec, e->milli, &c->first_sec, &c->first_milli,
	    &c->last_sec, &c->last_milli, !c->any_time);
	c->any_time = 1;
}

static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	int c;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if ((c = strcmp(x->family, y->family)) != 0)
		return c;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if ((c = strcmp(x->target, y->target)) != 0)
		return c;
	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	if ((c = strcmp(x->program ? x->program : "",
	    y->program ? y->program : "")) != 0)
		return c;
	return (int)x->act - (int)y->act;
}

static void
groups_free(struct evctx *c)
{
	size_t i, k;

	for (i = 0; i < c->ng; i++) {
		struct group *g = &c->g[i];

		free(g->family);
		free(g->program);
		free(g->target);
		for (k = 0; k < g->nkeys; k++)
			free(g->keys[k]);
		free(g->cmdline);
		free(g->cwd);
		free(g->file);
	}
	free(c->g);
	strmap_free(&c->map);
}

/* ---- output --------------------------------------------------------- */

static json_t *
jtime(int64_t sec, unsigned milli)
{
	char t[32];

	events_iso_time(sec, milli, t);
	return json_string(t);
}

static json_t *
jstrs(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, output_jstr(v[i]));
	return a;
}

/* one group of the JSON output (output_json_doc_array's maker) */
static json_t *
group_json(size_t i, void *arg)
{
	const struct group *g = &((struct evctx *)arg)->g[i];
	json_t *o = json_object(), *ex;

	json_object_set_new(o, "family", json_string(g->family));
	json_object_set_new(o, "uid", g->has_uid ?
	    json_integer((json_int_t)g->uid) : json_null());
	json_object_set_new(o, "login_uid", g->has_auid ?
	    json_integer((json_int_t)g->auid) : json_null());
	json_object_set_new(o, "program", g->program ?
	    output_jstr(g->program) : json_null());
	json_object_set_new(o, "action", json_string(alog_act_name(g->act)));
	json_object_set_new(o, "target", output_jstr(g->target));
	json_object_set_new(o, "syscalls",
	    jstrs((char *const *)g->scs, g->nscs));
	json_object_set_new(o, "keys", jstrs((char *const *)g->keys,
	    g->nkeys));
	json_object_set_new(o, "count", json_integer((json_int_t)g->count));
	json_object_set_new(o, "allowed", json_integer((json_int_t)
	    g->allowed));
	json_object_set_new(o, "failed", json_integer((json_int_t)g->failed));
	json_object_set_new(o, "first", jtime(g->first_sec, g->first_milli));
	json_object_set_new(o, "last", jtime(g->last_sec, g->last_milli));
	ex = json_object();
	json_object_set_new(ex, "command", g->cmdline ?
	    output_jstr(g->cmdline) : json_null());
	json_object_set_new(ex, "cwd", g->cwd ? output_jstr(g->cwd) :
	    json_null());
	json_object_set_new(ex, "file", output_jstr(g->file));
	json_object_set_new(ex, "line", json_integer((json_int_t)g->line));
	json_object_set_new(o, "example", ex);
	return o;
}

static int
events_json(struct evctx *c, const struct events_log *logs, size_t nlogs,
    FILE *out, const char **why)
{
	json_t *doc = json_object(), *tool = json_object();
	json_t *sum = json_object(), *byf = json_object();
	json_t *filter;
	size_t i;
	int rv;

	json_object_set_new(doc, "schema", json_string("privmap.events/1"));
	json_object_set_new(tool, "name", json_string("privmap"));
	json_object_set_new(tool, "version", json_string(PACKAGE_VERSION));
	json_object_set_new(doc, "tool", tool);
	filter = json_object();
	json_object_set_new(filter, "uid", c->o->has_uid ?
	    json_integer((json_int_t)c->o->uid) : json_null());
	json_object_set_new(doc, "filter", filter);
	json_object_set_new(doc, "logs", events_logs_json(logs, nlogs));

	json_object_set_new(sum, "events", json_integer((json_int_t)c->events));
	json_object_set_new(sum, "syscall_events",
	    json_integer((json_int_t)c->syscalls));
	json_object_set_new(sum, "on_surfaces",
	    json_integer((json_int_t)c->matched));
	json_object_set_new(sum, "groups", json_integer((json_int_t)c->ng));
	json_object_set_new(sum, "groups_not_listed",
	    json_integer((json_int_t)c->groups_dropped));
	json_object_set_new(sum, "first", c->any_time ?
	    jtime(c->first_sec, c->first_milli) : json_null());
	json_object_set_new(sum, "last", c->any_time ?
	    jtime(c->last_sec, c->last_milli) : json_null());
	for (i = 0; i < c->ng; i++) {
		struct group *g = &c->g[i];
		json_t *f = json_object_get(byf, g->family);

		if (f == NULL) {
			f = json_object();
			json_object_set_new(f, "events", json_integer(0));
			json_object_set_new(f, "allowed", json_integer(0));
			json_object_set_new(f, "failed", json_integer(0));
			json_object_set_new(f, "groups", json_integer(0));
			json_object_set_new(byf, g->family, f);
		}
#define ADD(k, v) json_object_set_new(f, k, json_integer(		\
	json_integer_value(json_object_get(f, k)) + (json_int_t)(v)))
		ADD("events", g->count);
		ADD("allowed", g->allowed);
		ADD("failed", g->failed);
		ADD("groups", 1);
#undef ADD
	}
	json_object_set_new(sum, "by_family", byf);
	json_object_set_new(doc, "summary", sum);
	/* the groups are made as they are written (100k groups as JSON
	 * values take 400 MB) */
	rv = output_json_doc_array(out, doc, JSON_INDENT(2) | JSON_SORT_KEYS,
	    "groups", c->ng, group_json, c, why);
	json_decref(doc);
	return rv;
}

/* a first..last range for a person */
void
events_time_range(struct buf *b, int64_t fs, unsigned fm, int64_t ls,
    unsigned lm)
{
	char a[32], z[32];

	events_iso_time(fs, fm, a);
	events_iso_time(ls, lm, z);
	/* "YYYY-MM-DDTHH:MM:SS.mmmZ": to the second, a space for the T */
	if (a[0] != '@')
		a[10] = ' ', a[19] = '\0';
	if (z[0] != '@')
		z[10] = ' ', z[19] = '\0';
	if (fs == ls) {
		buf_printf(b, "%sZ", a);
		return;
	}
	if (a[0] != '@' && z[0] != '@' && strncmp(a, z, 10) == 0)
		buf_printf(b, "%s..%sZ", a, z + 11);
	else
		buf_printf(b, "%sZ..%sZ", a, z);
}

static void
result_text(struct buf *b, unsigned long count, unsigned long allowed,
    unsigned long failed)
{
	if (allowed == count)
		buf_adds(b, "allowed");
	else if (failed == count)
		buf_adds(b, "failed");
	else if (allowed + failed == 0)
		buf_adds(b, "result not logged");
	else
		buf_printf(b, "%lu allowed, %lu failed", allowed, failed);
}

static int
events_print(struct evctx *c, const struct events_log *logs, size_t nlogs,
    FILE *out, const char **why)
{
	struct buf b = { 0 };
	size_t i = 0, j, k, m, shown;
	int rv;

	buf_printf(&b, "privmap events: %lu event%s read, %lu on privmap's "
	    "surfaces", c->events, c->events == 1 ? "" : "s", c->matched);
	if (c->o->has_uid)
		buf_printf(&b, " by uid %lu", c->o->uid);
	if (c->any_time) {
		buf_adds(&b, ", ");
		events_time_range(&b, c->first_sec, c->first_milli,
		    c->last_sec, c->last_milli);
	}
	buf_adds(&b, "\n");
	events_logs_text(&b, logs, nlogs);
	if (c->ng == 0) {
		buf_adds(&b, "\nNothing on privmap's surfaces. If privmap's "
		    "rules are loaded (auditctl -l | grep\nprivmap), the "
		    "agent did not touch what they watch in this time.\n");
		goto out;
	}
	while (i < c->ng) {
		const char *fam = c->g[i].family;
		unsigned long ev = 0, al = 0, fa = 0;
		size_t rank = c->g[i].rank;

		for (j = i; j < c->ng && strcmp(c->g[j].family, fam) == 0;
		    j++) {
			ev += c->g[j].count;
			al += c->g[j].allowed;
			fa += c->g[j].failed;
		}
		buf_printf(&b, "\n%s", fam);
		if (family_words(rank) != NULL)
			buf_printf(&b, " - %s", family_words(rank));
		buf_printf(&b, ": %lu event%s, ", ev, ev == 1 ? "" : "s");
		result_text(&b, ev, al, fa);
		buf_adds(&b, "\n");
		for (k = i; k < j; k++) {
			struct group *g = &c->g[k];

			if (!c->o->verbose && k - i >= EV_TOP) {
				buf_printf(&b, "  ... and %zu more (--verbose "
				    "or --format json)\n", j - k);
				break;
			}
			buf_printf(&b, "  %5lux ", g->count);
			if (g->has_uid)
				buf_printf(&b, "uid %-5lu ", g->uid);
			else
				buf_adds(&b, "uid ?     ");
			if (g->has_auid && (!g->has_uid || g->auid != g->uid))
				buf_printf(&b, "(login uid %lu) ", g->auid);
			/* a call's name says what it did */
			if (g->act <= ALOG_CONNECT)
				buf_printf(&b, "%s ", alog_act_name(g->act));
			events_text(&b, g->target, 120);
			if (g->act == ALOG_EXEC && g->cmdline != NULL) {
				buf_adds(&b, " `");
				events_text(&b, g->cmdline, 80);
				buf_adds(&b, "`");
			} else if (g->program != NULL) {
				buf_adds(&b, " by ");
				events_text(&b, g->program, 80);
			}
			buf_adds(&b, "\n          ");
			result_text(&b, g->count, g->allowed, g->failed);
			buf_adds(&b, ", ");
			events_time_range(&b, g->first_sec, g->first_milli,
			    g->last_sec, g->last_milli);
			/* keys other than privmap's own for this family:
			 * a site rule that took the event */
			for (m = 0, shown = 0; m < g->nkeys; m++) {
				if (strncmp(g->keys[m], "privmap-", 8) == 0 &&
				    strcmp(g->keys[m] + 8, g->family) == 0)
					continue;
				buf_adds(&b, shown++ ? " " : ", key ");
				events_text(&b, g->keys[m], 40);
			}
			buf_adds(&b, "\n");
		}
		i = j;
	}
	if (c->groups_dropped)
		buf_printf(&b, "\n%lu more group%s not kept (privmap keeps "
		    "%d)\n", c->groups_dropped,
		    c->groups_dropped == 1 ? "" : "s", EV_MAX_GROUPS);
out:
	rv = output_write(out, b.data, b.len, why);
	buf_free(&b);
	return rv;
}

/* every log through one reader */
int
events_read_logs(const char *const *files, size_t n, alog_cb cb, void *arg,
    struct events_log **logsp, size_t *nlogsp, const char **why)
{
	static const char *const stdin_only[] = { "-" };
	struct alog_reader *r;
	struct events_log *logs;
	size_t i;
	int rv = 0;

	if (n == 0) {
		files = stdin_only;
		n = 1;
	}
	if ((r = alog_new(cb, arg, why)) == NULL)
		return -1;
	logs = xcalloc(n, sizeof *logs);
	for (i = 0; i < n; i++) {
		logs[i].name = strcmp(files[i], "-") == 0 ? "(stdin)" :
		    files[i];
		if (alog_read_path(r, files[i], &logs[i].st) != 0) {
			rv = 1;
			*why = "an audit log could not be read";
		}
	}
	alog_free(r);
	*logsp = logs;
	*nlogsp = n;
	return rv;
}

/* privmap events */
int
events_run(const char *const *files, size_t n, FILE *out,
    const struct events_opts *o, const char **why)
{
	struct evctx c;
	struct events_log *logs = NULL;
	size_t nlogs = 0;
	const char *rwhy = NULL;
	int rv, rd;

	memset(&c, 0, sizeof c);
	c.map.copies = 1;
	c.o = o;
	rd = events_read_logs(files, n, events_cb, &c, &logs, &nlogs, &rwhy);
	if (rd < 0) {
		*why = rwhy;
		return -1;
	}
	if (c.ng > 0)
		qsort(c.g, c.ng, sizeof *c.g, cmp_group);
	rv = o->json ? events_json(&c, logs, nlogs, out, why) :
	    events_print(&c, logs, nlogs, out, why);
	groups_free(&c);
	free(logs);
	if (rv != 0)
		return -1;
	if (rd > 0) {
		*why = rwhy;
		return 1;
	}
	return 0;
}
