/*
 * replay.c: privmap replay, the agent's recorded actions played against a
 * generic policy (privmap.policy/1, docs/policy.schema.json, written by
 * output/policy.c): which deny entry would have blocked each one, which
 * the policy's envelope denies or asks for, and which were outside the
 * policy. A user tightens the policy, replays the same logs, and sees
 * what the new version would have caught.
 *
 * The policy is read as data: bounded, every field checked, nothing in it
 * run or followed. Matching follows the schema's meaning of each action:
 * write, read: the path or anything under it; exec: the program; connect:
 * the socket path (/var/run is /run); port: HOST:PORT, any loopback
 * address standing for a loopback HOST; group: sg or newgrp with that
 * group, or the group's own tools. It must give the same bytes for the
 * same policy and logs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "known/closes.h"
#include "output/deny.h"
#include "watch/events.h"
#include "output/output.h"
#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/num.h"
#include "lib/pathenc.h"
#include "lib/strmap.h"
#include "lib/fnv.h"

#define RP_MAX_ENTRIES	100000	/* deny entries read from a policy */
#define RP_MAX_GROUPS	100000	/* distinct actions kept */
#define RP_TOP		8	/* actions shown per heading without -v */

/* ---- the policy ----------------------------------------------------- */

enum cls {
	CLS_READ_STATE, CLS_WRITE_STATE, CLS_EXFILTRATE, CLS_ESCALATE,
	CLS_NETWORK, CLS_MODIFY_SELF, CLS_COUNT, CLS_NONE = -1,
};

/* the side-effect classes of privmap.policy/1 (docs/policy.schema.json) */
static const char *const cls_names[CLS_COUNT] = {
	"read-state", "write-state", "exfiltrate", "escalate", "network",
	"modify-self",
};

enum def { DEF_ALLOW, DEF_ASK, DEF_DENY };
static const char *const def_names[] = { "allow", "ask", "deny" };

struct pentry {
	size_t		 index;		/* 1-based, in the document's order */
	int		 action;	/* enum deny_action */
	char		*target;	/* as written */
	char		*canon;		/* paths: /var/run as /run */
	char		*finding, *check, *family, *severity, *reason;
	unsigned long	 hits;		/* actions it blocked */
};

struct policy {
	const char	*file;
	char		*schema;
	char		*gen_version;
	char		*version;	/* the document's own, or NULL */
	char		 fingerprint[32];
	char		*user_name;
	int		 has_uid;
	unsigned long	 uid;
	enum def	 env[CLS_COUNT];
	int		 env_given[CLS_COUNT];
	struct pentry	*e;
	size_t		 n;
	size_t		 skipped;	/* entries with an unknown action */
};

static char *
jdup(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

/* /var/run is a link to /run on every distribution privmap knows
 * (FHS 3.0 5.13), so a socket is named either way */
static char *
canon_path(const char *p)
{
	if (strncmp(p, "/var/run/", 9) == 0 || strcmp(p, "/var/run") == 0)
		return xasprintf("/run%s", p + 8);
	return xstrdup(p);
}

static void
policy_free(struct policy *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->e[i].target);
		free(p->e[i].canon);
		free(p->e[i].finding);
		free(p->e[i].check);
		free(p->e[i].family);
		free(p->e[i].severity);
		free(p->e[i].reason);
	}
	free(p->e);
	free(p->schema);
	free(p->gen_version);
	free(p->version);
	free(p->user_name);
}

/* the file's bytes, at most MAX_FILE_BYTES; NULL with *why */
static char *
read_policy_file(const char *path, size_t *len, const char **why)
{
	struct stat sb;
	struct buf b = { 0 };
	char chunk[8192], *text = NULL;
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		*why = errno == ENOENT ? "the policy file does not exist" :
		    "cannot open the policy file";
		return NULL;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		*why = "the policy is not a regular file";
		goto out;
	}
	for (;;) {
		got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*why = "cannot read the policy file";
			goto out;
		}
		if (got == 0)
			break;
		if (b.len + (size_t)got > MAX_FILE_BYTES) {
			*why = "the policy file is larger than privmap reads";
			goto out;
		}
		buf_add(&b, chunk, (size_t)got);
	}
	*len = b.len;
	buf_addc(&b, '\0');
	text = b.data;
	b.data = NULL;
out:
	close(fd);
	buf_free(&b);
	return text;
}

/* The fingerprint's FNV-1a starts from 1469598103934665603, FNV's offset
 * basis with its last digit lost; kept, so that a fingerprint a replay
 * printed before stays the one it prints now. */
#define FINGERPRINT_BASIS	1469598103934665603ULL

static int
policy_load(struct policy *p, const char *path, const char **why)
{
	json_error_t jerr;
	json_t *doc = NULL, *v, *tgt, *user, *env, *deny;
	char *text;
	size_t len = 0, i;
	int rv = -1;

	memset(p, 0, sizeof *p);
	p->file = path;
	if ((text = read_policy_file(path, &len, why)) == NULL)
		return -1;
	snprintf(p->fingerprint, sizeof p->fingerprint, "fnv1a64:%016llx",
	    (unsigned long long)fnv1a64(FINGERPRINT_BASIS, text, len));
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	free(text);
	if (doc == NULL) {
		*why = "the policy is not valid JSON";
		goto out;
	}
	if (!json_is_object(doc) || (v = json_object_get(doc, "schema")) ==
	    NULL || !json_is_string(v) ||
	    strcmp(json_string_value(v), "privmap.policy/1") != 0) {
		*why = "not a generic privmap policy (schema privmap.policy/1; "
		    "write one with --policy-format generic)";
		goto out;
	}
	p->schema = xstrdup(json_string_value(v));
	p->gen_version = jdup(json_object_get(doc, "generator"), "version");
	/* not in schema 1: a revision a user may add to tell edits apart */
	v = json_object_get(doc, "version");
	if (json_is_string(v))
		p->version = xstrdup(json_string_value(v));
	else if (json_is_integer(v))
		p->version = xasprintf("%lld",
		    (long long)json_integer_value(v));
	tgt = json_object_get(doc, "target");
	user = json_object_get(tgt, "user");
	p->user_name = jdup(user, "name");
	v = json_object_get(user, "uid");
	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) < (json_int_t)ALOG_ID_UNSET) {
		p->uid = (unsigned long)json_integer_value(v);
		p->has_uid = 1;
	}
	/* the envelope's defaults; a class left out is "allow", as in
	 * a policy that names nothing */
	env = json_object_get(doc, "envelope");
	for (i = 0; i < CLS_COUNT; i++) {
		json_t *c = json_object_get(env, cls_names[i]);
		const char *d = json_string_value(json_object_get(c,
		    "default"));

		p->env[i] = DEF_ALLOW;
		if (d == NULL)
			continue;
		p->env_given[i] = 1;
		if (strcmp(d, "deny") == 0)
			p->env[i] = DEF_DENY;
		else if (strcmp(d, "ask") == 0)
			p->env[i] = DEF_ASK;
		else if (strcmp(d, "allow") != 0) {
			*why = "an envelope class's default is not allow, ask "
			    "or deny";
			goto out;
		}
	}
	deny = json_object_get(doc, "deny");
	if (!json_is_array(deny)) {
		*why = "the policy has no deny array";
		goto out;
	}
	if (json_array_size(deny) > RP_MAX_ENTRIES) {
		*why = "the policy has more deny entries than privmap reads";
		goto out;
	}
	p->e = xcalloc(json_array_size(deny) + 1, sizeof *p->e);
	json_array_foreach(deny, i, v) {
		const char *a = json_string_value(json_object_get(v, "action"));
		const char *t = json_string_value(json_object_get(v, "target"));
		struct pentry *e;
		int act;

		if (a == NULL || t == NULL || *t == '\0' ||
		    (act = deny_action_parse(a)) < 0) {
			p->skipped++;
			continue;
		}
		e = &p->e[p->n++];
		e->index = i + 1;
		e->action = act;
		/* the bytes a target stands for (docs/paths.md); a policy
		 * written by hand may hold a lone backslash: as it is */
		if ((e->target = pathenc_decode(t, strlen(t))) == NULL)
			e->target = xstrdup(t);
		e->canon = e->target[0] == '/' ? canon_path(e->target) :
		    xstrdup(e->target);
		e->finding = jdup(v, "finding");
		e->check = jdup(v, "check");
		e->family = jdup(v, "family");
		e->severity = jdup(v, "severity");
		e->reason = jdup(v, "reason");
	}
	rv = 0;
out:
	json_decref(doc);
	return rv;
}

/* ---- matching ------------------------------------------------------- */

static int
under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n > 1 && dir[n - 1] == '/')
		n--;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/' || (n == 1 && dir[0] == '/'));
}

/* "HOST:PORT" or "[V6]:PORT": the host's numeric form (or the name) and
 * the port; -1 if there is no port */
static int
split_hostport(const char *s, char *host, size_t hostlen, unsigned *port)
{
	const char *colon;
	unsigned long v;

	if (s[0] == '[') {
		const char *end = strchr(s, ']');

		if (end == NULL || end[1] != ':' || (size_t)(end - s - 1) >=
		    hostlen)
			return -1;
		memcpy(host, s + 1, (size_t)(end - s - 1));
		host[end - s - 1] = '\0';
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL || (size_t)(colon - s) >= hostlen)
			return -1;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	if (parse_ulong(colon + 1, 65535, &v) != 0)
		return -1;
	*port = (unsigned)v;
	return 0;
}

/* where a connect lands on this machine: 127.0.0.0/8, ::1, their mapped
 * forms, and the unspecified address (connect to 0.0.0.0 reaches the
 * local host, ip(7)) */
static int
loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (strcmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127 || a4.s_addr == 0;
	if (inet_pton(AF_INET6, host, &a6) == 1) {
		static const unsigned char lo[16] = { [15] = 1 };
		static const unsigned char any[16] = { 0 };
		static const unsigned char mapped[12] = { [10] = 0xff,
		    [11] = 0xff };

		if (memcmp(a6.s6_addr, lo, 16) == 0 ||
		    memcmp(a6.s6_addr, any, 16) == 0)
			return 1;
		return memcmp(a6.s6_addr, mapped, 12) == 0 &&
		    (a6.s6_addr[12] == 127 || (a6.s6_addr[12] |
		    a6.s6_addr[13] | a6.s6_addr[14] | a6.s6_addr[15]) == 0);
	}
	return 0;
}

static int
same_host(const char *a, const char *b)
{
	unsigned char x[16], y[16];

	if (strcmp(a, b) == 0)
		return 1;
	if (loopback(a) && loopback(b))
		return 1;
	if (strcmp(a, "*") == 0 || strcmp(b, "*") == 0)
		return 1;
	if (inet_pton(AF_INET6, a, x) == 1 && inet_pton(AF_INET6, b, y) == 1)
		return memcmp(x, y, 16) == 0;
	return 0;
}

/*
 * The command-line tools of a group, as the policy writers deny them
 * with the group (runtime_tools in output/policy.c): docker(1),
 * lxc(1) of LXD, virsh(1) of libvirt.
 */
static const struct {
	const char	*group;
	const char	*tools[3];
} group_tools[] = {
	{ "docker", { "docker", "docker-compose", NULL } },
	{ "lxd", { "lxc", NULL, NULL } },
	{ "lxc", { "lxc", NULL, NULL } },
	{ "incus-admin", { "incus", NULL, NULL } },
	{ "libvirt", { "virsh", NULL, NULL } },
	{ NULL, { NULL, NULL, NULL } },
};

static const char *
base_name(const char *p)
{
	const char *s = p ? strrchr(p, '/') : NULL;

	return s ? s + 1 : p ? p : "";
}

/* the group an sg(1) or newgrp(1) run asks for, or NULL */
static const char *
sg_group(const struct alog_event *e, const char *prog)
{
	const char *b = base_name(prog);
	size_t i;

	if (strcmp(b, "sg") != 0 && strcmp(b, "newgrp") != 0)
		return NULL;
	/* sg [-] [-c] group [command], newgrp [-] [group] */
	for (i = 1; i < e->argc; i++)
		if (strcmp(e->argv[i], "-") != 0 && strcmp(e->argv[i], "-c")
		    != 0)
			return e->argv[i];
	return NULL;
}

static int
exec_matches(const struct pentry *en, const struct alog_event *e,
    const char *prog)
{
	char *c;
	const char *g;
	size_t i, k;
	int m = 0;

	if (en->action == DENY_EXEC) {
		/* a bare name is looked up in PATH when it runs (a tool
		 * call, not a log, names one): any directory will do */
		if (prog != NULL && prog[0] != '\0' && strchr(prog, '/') ==
		    NULL && en->canon[0] == '/')
			return strcmp(prog, base_name(en->canon)) == 0;
		if (prog != NULL && prog[0] == '/') {
			c = canon_path(prog);
			m = strcmp(c, en->canon) == 0;
			free(c);
		}
		if (!m && e->exe != NULL && e->exe[0] == '/') {
			c = canon_path(e->exe);
			m = strcmp(c, en->canon) == 0;
			free(c);
		}
		return m;
	}
	if (en->action != DENY_GROUP)
		return 0;
	if ((g = sg_group(e, prog)) != NULL && strcmp(g, en->target) == 0)
		return 1;
	for (i = 0; group_tools[i].group != NULL; i++) {
		if (strcmp(group_tools[i].group, en->target) != 0)
			continue;
		for (k = 0; k < 3 && group_tools[i].tools[k]; k++)
			if (strcmp(base_name(prog), group_tools[i].tools[k])
			    == 0)
				return 1;
	}
	return 0;
}

static int
entry_matches(const struct pentry *en, const struct alog_event *e,
    const struct alog_action *a)
{
	char host[64], ehost[64];
	unsigned port, eport;
	char *c;
	int m = 0;

	switch (a->kind) {
	case ALOG_EXEC:
		return exec_matches(en, e, a->path);
	case ALOG_WRITE:
	case ALOG_ATTR:
	case ALOG_READ:
		if (en->action != (a->kind == ALOG_READ ? DENY_READ :
		    DENY_WRITE) || a->path == NULL || a->path[0] != '/' ||
		    en->canon[0] != '/')
			return 0;
		c = canon_path(a->path);
		m = under(c, en->canon);
		free(c);
		return m;
	case ALOG_CONNECT:
		if (en->action == DENY_CONNECT && a->path != NULL &&
		    a->path[0] == '/') {
			c = canon_path(a->path);
			m = strcmp(c, en->canon) == 0;
			free(c);
			return m;
		}
		if (en->action != DENY_PORT || !e->has_sockaddr ||
		    (e->sa.family != AF_INET && e->sa.family != AF_INET6) ||
		    e->sa.addr[0] == '\0')
			return 0;
		if (split_hostport(en->target, host, sizeof host, &port) != 0)
			return 0;
		snprintf(ehost, sizeof ehost, "%s", e->sa.addr);
		eport = e->sa.port;
		return port == eport && same_host(host, ehost);
	default:
		return 0;
	}
}

/* the class an action falls in when no entry names it */
static enum cls
action_class(const struct alog_event *e, const struct alog_action *a,
    unsigned long uid)
{
	const char *fam;
	size_t i;

	switch (a->kind) {
	case ALOG_WRITE:
	case ALOG_ATTR:
		/* the agent's own startup files: modify-self */
		fam = events_action_family(e, a);
		if (known_family_is_own_startup(fam) && a->path)
			for (i = 0; i < e->npaths; i++)
				if (e->paths[i].abs != NULL &&
				    strcmp(e->paths[i].abs, a->path) == 0 &&
				    e->paths[i].has_ouid &&
				    e->paths[i].ouid == uid)
					return CLS_MODIFY_SELF;
		return CLS_WRITE_STATE;
	case ALOG_READ:
		fam = events_action_family(e, a);
		return known_family_reads_secrets(fam) ? CLS_EXFILTRATE :
		    CLS_READ_STATE;
	case ALOG_CONNECT:
		return CLS_NETWORK;
	case ALOG_CRED:
	case ALOG_MODULE:
	case ALOG_MOUNT:
	case ALOG_NAMESPACE:
		return CLS_ESCALATE;
	default:
		return CLS_NONE;
	}
}

/* ---- the actions ---------------------------------------------------- */

enum verdict { V_ENTRY, V_ENVELOPE, V_ASK, V_OUTSIDE };
static const char *const verdict_names[] = {
	"blocked", "blocked", "ask", "outside",
};

struct ract {
	enum alog_act	 kind;
	char		*target;
	char		*program;
	char		*cmdline;	/* execs: part of what makes them one */
	char		*family;	/* by key or by what it touched */
	unsigned long	 count, allowed, failed;
	int64_t		 first_sec, last_sec;
	unsigned	 first_milli, last_milli;
	enum verdict	 verdict;
	size_t		 entry;		/* index into policy e[] (V_ENTRY) */
	enum cls	 cls;		/* V_ENVELOPE, V_ASK, or the class */
};

struct rpctx {
	const struct replay_opts *o;
	struct policy	*p;
	unsigned long	 uid;
	struct strmap	 map;
	struct ract	*a;
	size_t		 na, capa;
	unsigned long	 dropped;
	unsigned long	 events, by_uid, occurrences, not_replayed;
};

static void
decide(struct rpctx *c, struct ract *r, const struct alog_event *e,
    const struct alog_action *a)
{
	size_t i;

	r->cls = action_class(e, a, c->uid);
	for (i = 0; i < c->p->n; i++)
		if (entry_matches(&c->p->e[i], e, a)) {
			r->verdict = V_ENTRY;
			r->entry = i;
			c->p->e[i].hits++;
			return;
		}
	if (r->cls != CLS_NONE && c->p->env[r->cls] == DEF_DENY)
		r->verdict = V_ENVELOPE;
	else if (r->cls != CLS_NONE && c->p->env[r->cls] == DEF_ASK)
		r->verdict = V_ASK;
	else
		r->verdict = V_OUTSIDE;
}

static void
replay_cb(const struct alog_event *e, void *arg)
{
	struct rpctx *c = arg;
	struct alog_action acts[ALOG_MAX_ACTIONS];
	size_t n, i, idx;

	c->events++;
	if (!e->has_syscall || !events_by_uid(e, c->uid))
		return;
	c->by_uid++;
	n = alog_actions(e, acts, ALOG_MAX_ACTIONS);
	for (i = 0; i < n; i++) {
		const struct alog_action *a = &acts[i];
		struct buf key = { 0 };
		char *target, *cmd = NULL;
		struct ract *r;

		if (a->kind == ALOG_OTHER) {
			c->not_replayed++;
			continue;
		}
		target = events_target(e, a);
		if (a->kind == ALOG_EXEC)
			cmd = events_cmdline(e, 400);
		buf_printf(&key, "%d\x1f%s\x1f%s\x1f%s", (int)a->kind, target,
		    e->exe ? e->exe : "\x1e", cmd ? cmd : "\x1e");
		if (!strmap_get(&c->map, key.data, key.len, &idx)) {
			struct ract tmp;

			memset(&tmp, 0, sizeof tmp);
			decide(c, &tmp, e, a);
			/* a read the policy does not deny is only an action
			 * of note on privmap's surfaces */
			if (a->kind == ALOG_READ && tmp.verdict != V_ENTRY &&
			    events_action_family(e, a) == NULL) {
				c->not_replayed++;
				free(target);
				free(cmd);
				buf_free(&key);
				continue;
			}
			if (c->na >= RP_MAX_GROUPS) {
				c->dropped++;
				free(target);
				free(cmd);
				buf_free(&key);
				continue;
			}
			if (c->na == c->capa) {
				c->capa = c->capa ? c->capa * 2 : 64;
				c->a = xreallocarray(c->a, c->capa,
				    sizeof *c->a);
			}
			r = &c->a[c->na];
			*r = tmp;
			r->kind = a->kind;
			r->target = target;
			target = NULL;
			r->program = e->exe ? xstrdup(e->exe) : NULL;
			r->cmdline = cmd;
			cmd = NULL;
			{
				const char *f = events_key_family(e);

				if (f == NULL)
					f = events_action_family(e, a);
				r->family = f ? xstrdup(f) : NULL;
			}
			idx = c->na++;
			strmap_add(&c->map, key.data, key.len, idx, NULL);
		}
		r = &c->a[idx];
		if (r->count == 0 || e->sec < r->first_sec ||
		    (e->sec == r->first_sec && e->milli < r->first_milli)) {
			r->first_sec = e->sec;
			r->first_milli = e->milli;
		}
		if (r->count == 0 || e->sec > r->last_sec ||
		    (e->sec == r->last_sec && e->milli > r->last_milli)) {
			r->last_sec = e->sec;
			r->last_milli = e->milli;
		}
		r->count++;
		c->occurrences++;
		if (e->success == 1)
			r->allowed++;
		else if (e->success == 0)
			r->failed++;
		free(target);
		free(cmd);
		buf_free(&key);
	}
}

static int
cmp_ract(const void *x, const void *y)
{
	const struct ract *a = x, *b = y;
	int c;

	if (a->verdict != b->verdict)
		return a->verdict < b->verdict ? -1 : 1;
	if (a->verdict == V_ENTRY && a->entry != b->entry)
		return a->entry < b->entry ? -1 : 1;
	if ((a->verdict == V_ENVELOPE || a->verdict == V_ASK) &&
	    a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if ((c = strcmp(a->target, b->target)) != 0)
		return c;
	if ((c = strcmp(a->program ? a->program : "",
	    b->program ? b->program : "")) != 0)
		return c;
	return strcmp(a->cmdline ? a->cmdline : "",
	    b->cmdline ? b->cmdline : "");
}

/* ---- output --------------------------------------------------------- */

static json_t *
jstr_or_null(const char *s)
{
	return s ? output_jstr(s) : json_null();
}

/* a member of the policy as it was written (already in the form of
 * docs/paths.md): not encoded twice */
static json_t *
asis_or_null(const char *s)
{
	return s ? output_jstr_asis(s) : json_null();
}

static json_t *
entry_json(const struct pentry *en)
{
	json_t *o = json_object();

	json_object_set_new(o, "entry", json_integer((json_int_t)en->index));
	json_object_set_new(o, "action",
	    json_string(deny_action_name(en->action)));
	json_object_set_new(o, "target", output_jstr(en->target));
	json_object_set_new(o, "finding", asis_or_null(en->finding));
	json_object_set_new(o, "check", asis_or_null(en->check));
	json_object_set_new(o, "family", asis_or_null(en->family));
	json_object_set_new(o, "severity", asis_or_null(en->severity));
	json_object_set_new(o, "reason", asis_or_null(en->reason));
	return o;
}

static json_t *
policy_json(const struct policy *p)
{
	json_t *o = json_object(), *u = json_object(), *env = json_object();
	size_t i;

	json_object_set_new(o, "file", output_jstr(p->file));
	json_object_set_new(o, "schema", output_jstr(p->schema));
	json_object_set_new(o, "generator_version",
	    asis_or_null(p->gen_version));
	json_object_set_new(o, "version", asis_or_null(p->version));
	json_object_set_new(o, "fingerprint", json_string(p->fingerprint));
	json_object_set_new(u, "name", asis_or_null(p->user_name));
	json_object_set_new(u, "uid", p->has_uid ?
	    json_integer((json_int_t)p->uid) : json_null());
	json_object_set_new(o, "user", u);
	for (i = 0; i < CLS_COUNT; i++)
		json_object_set_new(env, cls_names[i],
		    json_string(def_names[p->env[i]]));
	json_object_set_new(o, "envelope", env);
	json_object_set_new(o, "entries", json_integer((json_int_t)p->n));
	json_object_set_new(o, "entries_skipped",
	    json_integer((json_int_t)p->skipped));
	return o;
}

static json_t *
rjtime(int64_t sec, unsigned milli)
{
	char t[32];

	events_iso_time(sec, milli, t);
	return json_string(t);
}

static int
replay_json(struct rpctx *c, const struct events_log *logs, size_t nlogs,
    FILE *out, const char **why)
{
	json_t *doc = json_object(), *tool = json_object();
	json_t *sum = json_object(), *acts = json_array();
	json_t *unused = json_array();
	unsigned long cnt[4] = { 0 };
	size_t i;
	int rv;

	json_object_set_new(doc, "schema", json_string("privmap.replay/1"));
	json_object_set_new(tool, "name", json_string("privmap"));
	json_object_set_new(tool, "version", json_string(PACKAGE_VERSION));
	json_object_set_new(doc, "tool", tool);
	json_object_set_new(doc, "policy", policy_json(c->p));
	json_object_set_new(doc, "uid", json_integer((json_int_t)c->uid));
	json_object_set_new(doc, "logs", events_logs_json(logs, nlogs));
	for (i = 0; i < c->na; i++) {
		struct ract *r = &c->a[i];
		json_t *o = json_object(), *by;

		cnt[r->verdict] += r->count;
		json_object_set_new(o, "action",
		    json_string(alog_act_name(r->kind)));
		json_object_set_new(o, "target", output_jstr(r->target));
		json_object_set_new(o, "program", jstr_or_null(r->program));
		json_object_set_new(o, "command", jstr_or_null(r->cmdline));
		json_object_set_new(o, "family", jstr_or_null(r->family));
		json_object_set_new(o, "count", json_integer((json_int_t)
		    r->count));
		json_object_set_new(o, "allowed", json_integer((json_int_t)
		    r->allowed));
		json_object_set_new(o, "failed", json_integer((json_int_t)
		    r->failed));
		json_object_set_new(o, "first", rjtime(r->first_sec,
		    r->first_milli));
		json_object_set_new(o, "last", rjtime(r->last_sec,
		    r->last_milli));
		json_object_set_new(o, "verdict",
		    json_string(verdict_names[r->verdict]));
		if (r->verdict == V_ENTRY)
			by = entry_json(&c->p->e[r->entry]);
		else if (r->verdict == V_OUTSIDE)
			by = json_null();
		else {
			by = json_object();
			json_object_set_new(by, "class",
			    json_string(cls_names[r->cls]));
			json_object_set_new(by, "default", json_string(
			    def_names[c->p->env[r->cls]]));
		}
		json_object_set_new(o, "by", by);
		json_object_set_new(o, "class", r->cls == CLS_NONE ?
		    json_null() : json_string(cls_names[r->cls]));
		json_array_append_new(acts, o);
	}
	for (i = 0; i < c->p->n; i++)
		if (c->p->e[i].hits == 0)
			json_array_append_new(unused, entry_json(&c->p->e[i]));
	json_object_set_new(sum, "events", json_integer((json_int_t)c->events));
	json_object_set_new(sum, "events_by_uid",
	    json_integer((json_int_t)c->by_uid));
	json_object_set_new(sum, "actions", json_integer((json_int_t)
	    c->occurrences));
	json_object_set_new(sum, "distinct_actions",
	    json_integer((json_int_t)c->na));
	json_object_set_new(sum, "blocked_by_entry",
	    json_integer((json_int_t)cnt[V_ENTRY]));
	json_object_set_new(sum, "blocked_by_envelope",
	    json_integer((json_int_t)cnt[V_ENVELOPE]));
	json_object_set_new(sum, "ask", json_integer((json_int_t)cnt[V_ASK]));
	json_object_set_new(sum, "outside", json_integer((json_int_t)
	    cnt[V_OUTSIDE]));
	json_object_set_new(sum, "not_replayed",
	    json_integer((json_int_t)c->not_replayed));
	json_object_set_new(sum, "actions_not_listed",
	    json_integer((json_int_t)c->dropped));
	json_object_set_new(sum, "unused_entries",
	    json_integer((json_int_t)json_array_size(unused)));
	json_object_set_new(doc, "summary", sum);
	json_object_set_new(doc, "actions", acts);
	json_object_set_new(doc, "unused_entries", unused);
	rv = output_json_doc(out, doc, JSON_INDENT(2) | JSON_SORT_KEYS, why);
	json_decref(doc);
	return rv;
}

static void
entry_text(struct buf *b, const struct pentry *en)
{
	buf_printf(b, "#%zu deny %s ", en->index,
	    deny_action_name(en->action));
	events_text(b, en->target, 100);
	if (en->finding != NULL || en->reason != NULL) {
		buf_adds(b, " (");
		if (en->finding != NULL) {
			buf_adds(b, "finding ");
			events_text(b, en->finding, 40);
		}
		if (en->severity != NULL) {
			buf_adds(b, ", ");
			events_text(b, en->severity, 10);
		}
		if (en->reason != NULL) {
			buf_adds(b, en->finding || en->severity ? ": " : "");
			events_text(b, en->reason, 100);
		}
		buf_adds(b, ")");
	}
	buf_addc(b, '\n');
}

static void
ract_text(struct buf *b, const struct ract *r)
{
	buf_printf(b, "    %5lux ", r->count);
	if (r->kind <= ALOG_CONNECT)
		buf_printf(b, "%s ", alog_act_name(r->kind));
	events_text(b, r->target, 100);
	if (r->kind == ALOG_EXEC && r->cmdline != NULL) {
		buf_adds(b, " `");
		events_text(b, r->cmdline, 80);
		buf_adds(b, "`");
	} else if (r->program != NULL) {
		buf_adds(b, " by ");
		events_text(b, r->program, 60);
	}
	buf_adds(b, "\n           ");
	if (r->allowed == r->count)
		buf_adds(b, "allowed");
	else if (r->failed == r->count)
		buf_adds(b, "failed");
	else
		buf_printf(b, "%lu allowed, %lu failed", r->allowed, r->failed);
	buf_adds(b, " then, ");
	events_time_range(b, r->first_sec, r->first_milli, r->last_sec,
	    r->last_milli);
	buf_addc(b, '\n');
}

/* the policy replayed, whose user and what its envelope holds */
static void
replay_head(struct buf *b, const struct rpctx *c)
{
	const struct policy *p = c->p;
	size_t i;

	buf_adds(b, "privmap replay: policy ");
	events_text(b, p->file, 120);
	buf_adds(b, "\n  ");
	events_text(b, p->schema, 40);
	if (p->version != NULL) {
		buf_adds(b, " version ");
		events_text(b, p->version, 40);
	}
	if (p->gen_version != NULL) {
		buf_adds(b, ", written by privmap ");
		events_text(b, p->gen_version, 20);
	}
	buf_printf(b, ", %s\n  user ", p->fingerprint);
	if (p->user_name != NULL)
		events_text(b, p->user_name, 40);
	else
		buf_adds(b, "(no name)");
	buf_printf(b, " (uid %lu", p->has_uid ? p->uid : c->uid);
	if (!p->has_uid || p->uid != c->uid)
		buf_printf(b, "; replaying uid %lu", c->uid);
	buf_printf(b, "), %zu deny entr%s", p->n, p->n == 1 ? "y" : "ies");
	if (p->skipped)
		buf_printf(b, " (%zu with an action privmap does not know "
		    "left out)", p->skipped);
	buf_adds(b, "; envelope:");
	for (i = 0; i < CLS_COUNT; i++)
		if (p->env[i] != DEF_ALLOW)
			buf_printf(b, " %s %s,", cls_names[i],
			    def_names[p->env[i]]);
	buf_adds(b, " the rest allow\n");
}

static int
replay_print(struct rpctx *c, const struct events_log *logs, size_t nlogs,
    FILE *out, const char **why)
{
	const struct policy *p = c->p;
	struct buf b = { 0 };
	unsigned long cnt[4] = { 0 };
	size_t i, j, unused = 0, shown;
	int rv;

	replay_head(&b, c);
	buf_adds(&b, "logs:\n");
	events_logs_text(&b, logs, nlogs);
	for (i = 0; i < c->na; i++)
		cnt[c->a[i].verdict] += c->a[i].count;
	buf_printf(&b, "%lu action%s by uid %lu (%zu distinct): %lu blocked "
	    "by deny entries, %lu by the envelope, %lu would ask, %lu outside "
	    "the policy\n", c->occurrences, c->occurrences == 1 ? "" : "s",
	    c->uid, c->na, cnt[V_ENTRY], cnt[V_ENVELOPE], cnt[V_ASK],
	    cnt[V_OUTSIDE]);

	for (i = 0; i < c->na; i = j) {
		const struct ract *r = &c->a[i];

		if (i == 0 || r->verdict != c->a[i - 1].verdict)
			buf_adds(&b, r->verdict == V_ENTRY ?
			    "\nBlocked by a deny entry:\n" :
			    r->verdict == V_ENVELOPE ?
			    "\nBlocked by the envelope:\n" :
			    r->verdict == V_ASK ?
			    "\nThe envelope would ask first:\n" :
			    "\nOutside the policy (it would have allowed "
			    "them):\n");
		if (r->verdict == V_ENTRY) {
			buf_adds(&b, "  ");
			entry_text(&b, &p->e[r->entry]);
		} else if (r->verdict != V_OUTSIDE)
			buf_printf(&b, "  %s (default %s)\n", cls_names[r->cls],
			    def_names[p->env[r->cls]]);
		/* the actions under one heading */
		for (j = i, shown = 0; j < c->na; j++) {
			const struct ract *s = &c->a[j];

			if (s->verdict != r->verdict ||
			    (r->verdict == V_ENTRY && s->entry != r->entry) ||
			    ((r->verdict == V_ENVELOPE || r->verdict == V_ASK)
			    && s->cls != r->cls))
				break;
			if (!c->o->verbose && shown == RP_TOP) {
				size_t k = j;

				while (k < c->na && c->a[k].verdict ==
				    r->verdict && (r->verdict != V_ENTRY ||
				    c->a[k].entry == r->entry) &&
				    (r->verdict == V_ENTRY || r->verdict ==
				    V_OUTSIDE || c->a[k].cls == r->cls))
					k++;
				buf_printf(&b, "    ... and %zu more "
				    "(--verbose or --format json)\n", k - j);
				j = k;
				break;
			}
			if (shown < RP_TOP || c->o->verbose)
				ract_text(&b, s);
			shown++;
		}
	}
	if (c->na == 0)
		buf_printf(&b, "\nNo action of uid %lu in these logs. Are "
		    "privmap's rules loaded (auditctl -l | grep privmap)?\n",
		    c->uid);
	if (c->dropped)
		buf_printf(&b, "\n%lu more distinct actions not kept\n",
		    c->dropped);
	for (i = 0; i < p->n; i++)
		if (p->e[i].hits == 0)
			unused++;
	if (unused > 0) {
		buf_printf(&b, "\nDeny entries no action reached: %zu of %zu\n",
		    unused, p->n);
		for (i = 0, shown = 0; i < p->n; i++) {
			if (p->e[i].hits != 0)
				continue;
			if (!c->o->verbose && shown++ == RP_TOP) {
				buf_adds(&b, "  ... (--verbose or --format "
				    "json)\n");
				break;
			}
			buf_adds(&b, "  ");
			entry_text(&b, &p->e[i]);
		}
	}
	rv = output_write(out, b.data, b.len, why);
	buf_free(&b);
	return rv;
}

/* privmap replay */
int
replay_run(const char *policy_path, const char *const *files, size_t n,
    FILE *out, const struct replay_opts *o, const char **why)
{
	struct policy p;
	struct rpctx c;
	struct events_log *logs = NULL;
	size_t nlogs = 0, i;
	const char *rwhy = NULL;
	int rv, rd;

	if (policy_load(&p, policy_path, why) != 0) {
		policy_free(&p);
		return -1;
	}
	memset(&c, 0, sizeof c);
	c.map.copies = 1;
	c.o = o;
	c.p = &p;
	if (o->has_uid)
		c.uid = o->uid;
	else if (p.has_uid)
		c.uid = p.uid;
	else {
		*why = "the policy names no user uid: give --uid";
		policy_free(&p);
		return -1;
	}
	rd = events_read_logs(files, n, replay_cb, &c, &logs, &nlogs, &rwhy);
	if (rd < 0) {
		*why = rwhy;
		policy_free(&p);
		strmap_free(&c.map);
		return -1;
	}
	if (c.na > 0)
		qsort(c.a, c.na, sizeof *c.a, cmp_ract);
	rv = o->json ? replay_json(&c, logs, nlogs, out, why) :
	    replay_print(&c, logs, nlogs, out, why);
	for (i = 0; i < c.na; i++) {
		free(c.a[i].target);
		free(c.a[i].program);
		free(c.a[i].cmdline);
		free(c.a[i].family);
	}
	free(c.a);
	strmap_free(&c.map);
	free(logs);
	policy_free(&p);
	if (rv != 0)
		return -1;
	if (rd > 0) {
		*why = rwhy;
		return 1;
	}
	return 0;
}

/* ---- one action at a time (privmap hook, watch/hook.c) ------------- */

struct replay_policy {
	struct policy	 p;
};

/* the generic policy, for replay_judge */
struct replay_policy *
replay_policy_load(const char *path, const char **why)
{
	struct replay_policy *rp = xcalloc(1, sizeof *rp);

	if (policy_load(&rp->p, path, why) != 0) {
		policy_free(&rp->p);
		free(rp);
		return NULL;
	}
	return rp;
}

/* a policy from replay_policy_load, or NULL */
void
replay_policy_free(struct replay_policy *rp)
{
	if (rp == NULL)
		return;
	policy_free(&rp->p);
	free(rp);
}

/* the number of deny entries the policy holds */
size_t
replay_policy_entries(const struct replay_policy *rp)
{
	return rp->p.n;
}

/* one action as replay decides it, the reason appended to why */
enum replay_verdict
replay_judge(struct replay_policy *rp, const struct alog_event *e,
    const struct alog_action *a, int tree, struct buf *why)
{
	struct policy *p = &rp->p;
	enum replay_verdict v = REPLAY_ALLOW;
	enum cls cls;
	size_t i;
	char *c = NULL;

	cls = action_class(e, a, p->has_uid ? p->uid : ALOG_ID_UNSET);
	if (tree && a->path != NULL && a->path[0] == '/')
		c = canon_path(a->path);
	for (i = 0; i < p->n; i++) {
		const struct pentry *en = &p->e[i];

		/* a search of a tree reads what lies under it */
		if (entry_matches(en, e, a) || (c != NULL &&
		    en->action == DENY_READ && a->kind == ALOG_READ &&
		    en->canon[0] == '/' && under(en->canon, c))) {
			p->e[i].hits++;
			entry_text(why, en);
			v = REPLAY_BLOCK;
			goto out;
		}
	}
	if (cls != CLS_NONE && p->env[cls] != DEF_ALLOW) {
		buf_printf(why, "the policy's envelope %s %s\n",
		    p->env[cls] == DEF_DENY ? "denies" : "asks first for",
		    cls_names[cls]);
		v = p->env[cls] == DEF_DENY ? REPLAY_BLOCK : REPLAY_ASK;
	}
out:
	free(c);
	return v;
}
