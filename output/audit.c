/*
 * audit.c: the auditd rules that watch what a report found, as a drop-in
 * for /etc/audit/rules.d/ that augenrules(8) and auditctl -R accept.
 *
 * Every line is parsed here the way auditctl(8) parses it, with libaudit's
 * own functions (audit_rule_create_data, audit_rule_syscallbyname_data,
 * audit_rule_fieldpair_data, audit_add_watch_dir, ...), before anything is
 * written: a rule libaudit rejects is an error carrying libaudit's message.
 * That needs no netlink socket and no privilege. It must never open the
 * audit socket, never resolve a user, group or architecture of the target
 * on the machine running privmap, and never write -i or -c. Control lines
 * (-D -b -f -e) go only into the separate base and immutable files.
 *
 * Watches use the syscall form (-a always,exit -F path=... -F perm=...
 * -F uid=N) so they are scoped to the agent's uid by number: agents started
 * by systemd or a container runtime have no login uid, so auid filters
 * alone miss them. Syscall rules are written only where the syscall is the
 * event: credential changes, execve of the setuid and capability programs
 * found, module loading, mount, unshare/setns, and connect() to the runtime
 * sockets found (a watch on a socket fires on the daemon's bind, not on a
 * client's connect; connect() resolves the socket's path, so -F path=
 * matches it).
 *
 * A report may be handed in from anywhere, and root loads what comes out:
 * every rule is made here from typed data (a finding's watches, its
 * deny entries, the report's uid; report.h), never from the rule text of
 * a finding's audit member, and rule_scoped() lets out only always,exit
 * rules scoped to that uid with a privmap- key. Watches carry the anchor
 * the scan chose where the user could rename a directory the kernel needs
 * when the rule is loaded: auditctl -R stops at the first rule the kernel
 * refuses ("There was an error in line N", and nothing after it loads).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libaudit.h>

#include "output/deny.h"
#include "output/output.h"
#include "lib/buf.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"
#include "lib/str.h"

/*
 * libaudit keeps the state of the rule being parsed in these globals, and
 * auditctl resets them before each rule (reset_vars() in audit-userspace
 * src/auditctl.c). They are exported by libaudit.so since 2.x but are not
 * in libaudit.h.
 */
extern int _audit_permadded, _audit_syscalladded, _audit_exeadded;
extern int _audit_archadded, _audit_filterfsadded;
extern unsigned int _audit_elf;

/* auditctl reads rule files in lines of LINE_SIZE (6144) bytes, newline
 * included (src/auditctl.c get_line) */
#define AUDIT_LINE_MAX		6142
/* the report contract's key limit (the kernel's is AUDIT_MAX_KEY_LEN) */
#define PRIVMAP_KEY_MAX		31
/* a comment line of finding ids wraps here */
#define COMMENT_WIDTH		76

static char audit_why[1024];

static const char *
why_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(audit_why, sizeof audit_why, fmt, ap);
	va_end(ap);
	return audit_why;
}

/*
 * libaudit prints the message for an audit_rule_fieldpair_data() error
 * code to stderr in audit_number_to_errmsg() and has no call that returns
 * it. glibc lets stderr be assigned ("Standard Streams", glibc manual), so
 * the message is caught in a memory stream for the length of that call.
 */
static const char *
why_libaudit(int rc, const char *pair)
{
	char msg[sizeof audit_why - 128];
	size_t n;

	msg[0] = '\0';
#ifdef __GLIBC__
	{
		FILE *mem, *saved;

		memset(msg, 0, sizeof msg);
		if ((mem = fmemopen(msg, sizeof msg - 1, "w")) != NULL) {
			saved = stderr;
			stderr = mem;
			audit_number_to_errmsg(rc, pair);
			stderr = saved;
			fclose(mem);
		}
		msg[sizeof msg - 1] = '\0';
	}
#endif
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (n == 0)
		return why_set("libaudit rejected -F %s (error %d)", pair, rc);
	return why_set("libaudit: %s", msg);
}

static void
audit_state_reset(void)
{
	_audit_permadded = 0;
	_audit_syscalladded = 0;
	_audit_exeadded = 0;
	_audit_archadded = 0;
	_audit_filterfsadded = 0;
	_audit_elf = 0;
}

/* fields whose values libaudit would look up in the running machine's
 * passwd or group database when they are not numbers */
static int
field_is_id(const char *name, size_t n)
{
	static const char *const ids[] = {
		"uid", "euid", "suid", "fsuid", "auid", "loginuid", "obj_uid",
		"gid", "egid", "sgid", "fsgid", "obj_gid", NULL,
	};
	size_t i;

	for (i = 0; ids[i] != NULL; i++)
		if (strlen(ids[i]) == n && strncmp(ids[i], name, n) == 0)
			return 1;
	return 0;
}

/* Our own checks of a -F pair before libaudit sees it: ids by number,
 * and watch paths as the kernel takes them (absolute, no trailing slash:
 * audit_to_watch() in kernel/audit_watch.c). */
static const char *
field_precheck(const char *pair)
{
	size_t n = strcspn(pair, "!=<>&");
	const char *v = pair + n;

	while (*v == '!' || *v == '=' || *v == '<' || *v == '>' || *v == '&')
		v++;
	if (field_is_id(pair, n)) {
		const char *p = v;

		if (strcmp(v, "unset") == 0 && (strncmp(pair, "auid", n) == 0 ||
		    strncmp(pair, "loginuid", n) == 0))
			return NULL;
		if (*p == '-')
			p++;
		if (*p == '\0')
			return NULL;	/* libaudit reports the missing value */
		for (; *p; p++)
			if (*p < '0' || *p > '9')
				return why_set("-F %s: a name would be looked "
				    "up on the machine loading the rules; "
				    "privmap writes ids as numbers", pair);
		return NULL;
	}
	if ((n == 4 && strncmp(pair, "path", 4) == 0) ||
	    (n == 3 && strncmp(pair, "dir", 3) == 0)) {
		size_t len = strlen(v);

		if (len == 0)
			return NULL;
		if (v[0] != '/')
			return why_set("-F %s: a watched path must be absolute",
			    pair);
		if (len > 1 && v[len - 1] == '/')
			return why_set("-F %s: the kernel refuses a watched "
			    "path ending in '/'", pair);
		if (len >= PATH_MAX)
			return why_set("-F %.40s...: path too long", pair);
	}
	return NULL;
}

/* auditctl's -a argument: "action,list" in either order (audit_rule_setup
 * in src/auditctl.c); privmap writes exit-list rules only. */
static const char *
parse_list_action(const char *arg, int *filter, int *action)
{
	const char *comma = strchr(arg, ',');
	char a[32], b[32];
	int fa, fb, aa, ab;

	if (comma == NULL || strchr(comma + 1, ',') != NULL ||
	    (size_t)(comma - arg) >= sizeof a || strlen(comma + 1) >= sizeof b)
		return why_set("Append rule - bad keyword %s", arg);
	memcpy(a, arg, (size_t)(comma - arg));
	a[comma - arg] = '\0';
	strcpy(b, comma + 1);
	aa = audit_name_to_action(a);
	ab = audit_name_to_action(b);
	fa = audit_name_to_flag(a);
	fb = audit_name_to_flag(b);
	if (aa >= 0 && fb >= 0) {
		*action = aa;
		*filter = fb;
	} else if (fa >= 0 && ab >= 0) {
		*action = ab;
		*filter = fa;
	} else
		return why_set("Append rule - bad keyword %s", arg);
	if (*filter != AUDIT_FILTER_EXIT)
		return why_set("-a %s: privmap writes exit-list rules only", arg);
	/* a never rule would silence every rule after it */
	if (*action != AUDIT_ALWAYS)
		return why_set("-a %s: privmap writes always rules only", arg);
	return NULL;
}

/* check_path() of src/auditctl.c, for -w */
static const char *
watch_precheck(const char *path)
{
	const char *base = strrchr(path, '/');

	if (strlen(path) >= PATH_MAX)
		return "The path passed for the watch is too big";
	if (path[0] != '/')
		return "The path must start with '/'";
	if (base != NULL && strlen(base + 1) > NAME_MAX)
		return "The base name of the path is too big";
	return NULL;
}

static const char *
parse_perm(const char *s, int *perm)
{
	size_t i;

	*perm = 0;
	if (strlen(s) == 0 || strlen(s) > 4)
		return why_set("permission %s is too long", s);
	for (i = 0; s[i]; i++)
		switch (s[i]) {
		case 'r':
			*perm |= AUDIT_PERM_READ;
			break;
		case 'w':
			*perm |= AUDIT_PERM_WRITE;
			break;
		case 'x':
			*perm |= AUDIT_PERM_EXEC;
			break;
		case 'a':
			*perm |= AUDIT_PERM_ATTR;
			break;
		default:
			return why_set("Permission %c isn't supported", s[i]);
		}
	return NULL;
}

/*
 * A rule line in words, split on spaces as auditctl splits a rules-file
 * line (audit_strsplit in audit-userspace lib/strsplit.c): runs of spaces
 * part words, nothing is quoted. The words point into buf, a copy.
 */
struct words {
	char	*buf;
	char	**v;
	size_t	 n;
};

static void
words_split(struct words *w, const char *line)
{
	char *p;
	size_t len;

	w->buf = xstrdup(line);
	w->v = xcalloc(strlen(line) / 2 + 2, sizeof *w->v);
	w->n = 0;
	for (p = w->buf; *p != '\0'; p += len) {
		p += strspn(p, " ");
		if ((len = strcspn(p, " ")) == 0)
			break;
		w->v[w->n++] = p;
		if (p[len] != '\0')
			p[len++] = '\0';
	}
}

static void
words_free(struct words *w)
{
	free(w->buf);
	free(w->v);
}

/* the state of one rule as auditctl builds it */
struct rule_parse {
	struct audit_rule_data	*rule;
	int			 filter, action;
	int			 listed, watch, nkeys;
};

/* -S NAME[,NAME...] */
static const char *
opt_syscalls(struct rule_parse *p, const char *arg)
{
	const char *nm;
	char *name;
	size_t len;
	int rc;

	if (!p->listed)
		return why_set("-S %s: a syscall needs -a before it", arg);
	if (_audit_elf == 0)
		/* auditctl would take the arch of the machine loading the
		 * rules and warn of a mismatch */
		return why_set("-S %s: no -F arch= before it", arg);
	for (nm = arg; *nm != '\0'; nm += len + (nm[len] == ',')) {
		if ((len = strcspn(nm, ",")) == 0)
			continue;
		name = xstrndup(nm, len);
		rc = audit_rule_syscallbyname_data(p->rule, name);
		if (rc == -1)
			why_set("Syscall name unknown: %s", name);
		else if (rc < 0)
			why_set("Elf type unknown: 0x%x", _audit_elf);
		free(name);
		if (rc < 0)
			return audit_why;
	}
	/* as auditctl's -S (libaudit 3.0 leaves it unset) */
	_audit_syscalladded = 1;
	return NULL;
}

/* -k KEY, or -F key=KEY */
static const char *
opt_key(struct rule_parse *p, const char *arg)
{
	const char *err = NULL;
	char *pair, *orig;
	int rc;

	if (p->nkeys++)
		return why_set("a second key: privmap rules carry one key "
		    "each");
	if (strlen(arg) > PRIVMAP_KEY_MAX)
		return why_set("key %s is longer than %d bytes", arg,
		    PRIVMAP_KEY_MAX);
	if (strchr(arg, AUDIT_KEY_SEPARATOR) != NULL)
		return why_set("key %s has illegal character", arg);
	pair = xasprintf("key=%s", arg);
	orig = xstrdup(pair);
	rc = audit_rule_fieldpair_data(&p->rule, pair, p->filter);
	if (p->rule == NULL)
		err = why_set("libaudit: cannot allocate a rule");
	else if (rc != 0)
		err = why_libaudit(rc, orig);
	free(orig);
	free(pair);
	return err;
}

/* -F FIELD=VALUE */
static const char *
opt_field(struct rule_parse *p, const char *arg)
{
	const char *err;
	char *pair;
	int rc;

	if (!p->listed)
		return why_set("List must be given before field");
	if (strncmp(arg, "key=", 4) == 0)
		return opt_key(p, arg + 4);
	if ((err = field_precheck(arg)))
		return err;
	/* audit_rule_fieldpair_data writes into its argument */
	pair = xstrdup(arg);
	rc = audit_rule_fieldpair_data(&p->rule, pair, p->filter);
	free(pair);
	if (p->rule == NULL)
		return why_set("libaudit: cannot allocate a rule");
	if (rc != 0)
		return why_libaudit(rc, arg);
	return NULL;
}

/* -w PATH */
static const char *
opt_watch(struct rule_parse *p, const char *arg)
{
	const char *err;

	if (p->listed || p->watch)
		return why_set("watch option can't be given with a syscall");
	if ((err = watch_precheck(arg)))
		return err;
	/* as auditctl: a watch is an exit-list rule, and whether it is a
	 * directory is the kernel's to see */
	p->filter = AUDIT_FILTER_EXIT;
	p->action = AUDIT_ALWAYS;
	_audit_syscalladded = 1;
	if (audit_add_watch_dir(AUDIT_WATCH, &p->rule, arg) != 0)
		return why_set("libaudit refused the watch %s", arg);
	p->watch = 1;
	return NULL;
}

/* -p PERM */
static const char *
opt_perm(struct rule_parse *p, const char *arg)
{
	const char *err;
	int perm;

	if (!p->watch)
		return why_set("permission option needs a watch given prior "
		    "to it");
	if ((err = parse_perm(arg, &perm)))
		return err;
	if (audit_update_watch_perms(p->rule, perm) != 0)
		return why_set("libaudit refused -p %s", arg);
	_audit_permadded = 1;
	return NULL;
}

/* one option and its value */
static const char *
rule_option(struct rule_parse *p, const char *opt, const char *arg)
{
	switch (opt[1]) {
	case 'a':
		if (p->listed || p->watch)
			return why_set("Multiple rule insert/delete operations "
			    "are not allowed");
		p->listed = 1;
		return parse_list_action(arg, &p->filter, &p->action);
	case 'S':
		return opt_syscalls(p, arg);
	case 'F':
		return opt_field(p, arg);
	case 'k':
		if (!(_audit_syscalladded || _audit_permadded ||
		    _audit_exeadded || _audit_filterfsadded) ||
		    !(p->listed || p->watch))
			return why_set("key option needs a watch or syscall "
			    "given prior to it");
		return opt_key(p, arg);
	case 'w':
		return opt_watch(p, arg);
	case 'p':
		return opt_perm(p, arg);
	}
	return why_set("option %s has no place in a privmap rules drop-in",
	    opt);
}

/* the words of a rule, parsed the way auditctl parses them */
static const char *
rule_words_check(const struct words *w)
{
	struct rule_parse p = { NULL, -1, -1, 0, 0, 0 };
	const char *err = NULL, *tok;
	size_t i;

	audit_state_reset();
	if ((p.rule = audit_rule_create_data()) == NULL) {
		err = why_set("libaudit: cannot allocate a rule");
		goto out;
	}
	for (i = 0; i < w->n && err == NULL; i += 2) {
		tok = w->v[i];
		if (tok[0] != '-' || tok[1] == '\0' || tok[2] != '\0')
			err = why_set("unexpected word '%s' (an option was "
			    "expected)", tok);
		else if (strchr("aSFkwp", tok[1]) == NULL)
			err = why_set("option %s has no place in a privmap "
			    "rules drop-in", tok);
		else if (i + 1 == w->n)
			err = why_set("option %s needs a value", tok);
		else
			err = rule_option(&p, tok, w->v[i + 1]);
	}
	if (err == NULL && !p.listed && !p.watch)
		err = why_set("neither -a nor -w: not a rule");
	else if (err == NULL && p.nkeys == 0)
		err = why_set("no key: every privmap rule carries one");
	/* as auditctl does before sending an exit rule without -S */
	if (err == NULL && !_audit_syscalladded)
		audit_rule_syscallbyname_data(p.rule, "all");
out:
	if (p.rule != NULL)
		audit_rule_free_data(p.rule);
	audit_state_reset();
	return err;
}

/* what auditctl reads back as written: bounded, no control character or
 * backslash */
static const char *
rule_line_check(const char *line)
{
	const char *p;

	if (strlen(line) > AUDIT_LINE_MAX)
		return why_set("rule longer than auditctl's %d-byte line",
		    AUDIT_LINE_MAX);
	for (p = line; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f || *p == '\\')
			return why_set("rule holds a control character or a "
			    "backslash, which auditctl does not read back "
			    "as written");
	return NULL;
}

int
audit_rule_check(const char *line, const char **why)
{
	struct words w;
	const char *err;

	if ((err = rule_line_check(line)) == NULL) {
		words_split(&w, line);
		err = rule_words_check(&w);
		words_free(&w);
	}
	if (err != NULL) {
		if (why != NULL)
			*why = err;
		return -1;
	}
	return 0;
}

/* ---- building the drop-in ------------------------------------------- */

/*
 * The sections in the order written. The kernel logs a syscall under the
 * first exit rule it matches, so the narrowest rules come first: runs and
 * connections of one path, then the findings' own rules (watches, and
 * whatever syscall rules checks add), then the rules for every syscall of
 * a kind the user makes.
 */
enum section {
	SEC_EXEC,	/* execve of setuid and capability programs */
	SEC_CONNECT,	/* connect() to runtime sockets */
	SEC_WATCH,	/* the findings' own rules */
	SEC_CRED,
	SEC_MODULE,
	SEC_MOUNT,
	SEC_NS,
	SEC_COUNT,
};

static const char *const section_title[SEC_COUNT] = {
	"Runs of the setuid, setgid and capability programs found",
	"Connections to the container-runtime and service sockets found",
	("Watches on what the findings name: writes (perm=w), attribute "
	    "changes (a), reads (r) or runs (x) by the user"),
	"Credential changes (a way to root succeeding or failing)",
	"Kernel module loading",
	"Mounts",
	"New or joined namespaces",
};

struct arule {
	enum section	 sec;
	char		*text;
	char		**ids;
	size_t		 nids, capids;
};

struct rules {
	struct arule	*v;
	size_t		 n, cap;
	struct strmap	 index;		/* text -> its rule in v */
	struct buf	 skipped;	/* comments on rules left out */
};

/* Add a rule (text is taken) for finding id. A rule's ids may repeat
 * here; emit_ids sorts them and writes each once. */
static void
rules_add(struct rules *rs, enum section sec, char *text, const char *id)
{
	struct arule *r;
	size_t i;

	if (strmap_get(&rs->index, text, strlen(text), &i)) {
		r = &rs->v[i];
		free(text);
		if (sec < r->sec)
			r->sec = sec;
	} else {
		if (rs->n == rs->cap) {
			rs->cap = rs->cap ? rs->cap * 2 : 64;
			rs->v = xreallocarray(rs->v, rs->cap, sizeof *rs->v);
		}
		r = &rs->v[rs->n];
		r->sec = sec;
		r->text = text;
		r->ids = NULL;
		r->nids = 0;
		r->capids = 0;
		strmap_adds(&rs->index, text, rs->n++, NULL);
	}
	if (id == NULL ||
	    (r->nids > 0 && strcmp(r->ids[r->nids - 1], id) == 0))
		return;
	if (r->nids == r->capids) {
		r->capids = r->capids ? r->capids * 2 : 4;
		r->ids = xreallocarray(r->ids, r->capids, sizeof *r->ids);
	}
	r->ids[r->nids++] = xstrdup(id);
}

static void
rules_free(struct rules *rs)
{
	size_t i, j;

	for (i = 0; i < rs->n; i++) {
		free(rs->v[i].text);
		for (j = 0; j < rs->v[i].nids; j++)
			free(rs->v[i].ids[j]);
		free(rs->v[i].ids);
	}
	free(rs->v);
	strmap_free(&rs->index);
	buf_free(&rs->skipped);
}

static int
cmp_rule(const void *a, const void *b)
{
	const struct arule *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* a path a rule can carry: auditctl splits on blanks, reads no quoting,
 * and its backslash escapes differ between versions */
static int
rule_path_ok(const char *p)
{
	if (p[0] != '/' || p[1] == '\0' || strlen(p) >= PATH_MAX ||
	    strstr(p, "//") != NULL || strstr(p, "/./") != NULL ||
	    strstr(p, "/../") != NULL || p[strlen(p) - 1] == '/' ||
	    (strlen(p) >= 2 && strcmp(p + strlen(p) - 2, "/.") == 0) ||
	    (strlen(p) >= 3 && strcmp(p + strlen(p) - 3, "/..") == 0))
		return 0;
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '\\' ||
		    *p == '"')
			return 0;
	return 1;
}

struct arch_alias {
	const char	*name;
	const char	*m64;	/* libaudit machine name of the native arch */
	const char	*m32;	/* and of the 32-bit compat arch, if any */
};

/* uname -m, Debian and OCI architecture names; machine names as libaudit's
 * machinetab.h spells them. 32-bit compat: x86_64 runs i386 code, aarch64
 * arm, ppc64 ppc, s390x s390 (the fixups in audit_determine_machine()). */
static const struct arch_alias arch_aliases[] = {
	{ "x86_64", "x86_64", "i386" },
	{ "amd64", "x86_64", "i386" },
	{ "i386", NULL, "i386" },
	{ "386", NULL, "i386" },		/* OCI image config */
	{ "i486", NULL, "i386" },
	{ "i586", NULL, "i386" },
	{ "i686", NULL, "i386" },
	{ "aarch64", "aarch64", "arm" },
	{ "arm64", "aarch64", "arm" },
	{ "arm", NULL, "arm" },
	{ "armhf", NULL, "arm" },
	{ "armel", NULL, "arm" },
	{ "armv6l", NULL, "arm" },
	{ "armv7l", NULL, "arm" },
	{ "ppc64", "ppc64", "ppc" },
	{ "ppc64le", "ppc64le", NULL },
	{ "ppc64el", "ppc64le", NULL },
	{ "ppc", NULL, "ppc" },
	{ "s390x", "s390x", "s390" },
	{ "s390", NULL, "s390" },
	{ NULL, NULL, NULL },
};

/* One arch= value a syscall rule is written for. machine is libaudit's
 * machine number, or -1 for b64/b32 (resolved where the rules load). */
struct arch_use {
	const char	*field;
	int		 machine;
	int		 bits32;
};

static size_t
arch_resolve(const char *arch, struct arch_use out[2], const char **note)
{
	const struct arch_alias *a;
	size_t n = 0;

	*note = NULL;
	for (a = arch_aliases; arch != NULL && a->name != NULL; a++)
		if (strcmp(a->name, arch) == 0)
			break;
	if (arch != NULL && a->name != NULL) {
		if (a->m64 != NULL && audit_name_to_machine(a->m64) >= 0) {
			out[n].field = a->m64;
			out[n].machine = audit_name_to_machine(a->m64);
			out[n++].bits32 = 0;
		}
		if (a->m32 != NULL && audit_name_to_machine(a->m32) >= 0) {
			out[n].field = a->m32;
			out[n].machine = audit_name_to_machine(a->m32);
			out[n++].bits32 = 1;
		}
		if (n > 0 && (a->m64 == NULL || out[0].bits32 == 0) &&
		    (a->m32 == NULL || out[n - 1].bits32 == 1))
			return n;
		*note = "this libaudit does not know the target's architecture";
		n = 0;
	} else if (arch != NULL)
		*note = "the target's architecture is not one libaudit names";
	out[0].field = "b64";
	out[0].machine = -1;
	out[0].bits32 = 0;
	out[1].field = "b32";
	out[1].machine = -1;
	out[1].bits32 = 1;
	return 2;
}

/*
 * Syscall names by event. For a named arch only the names libaudit's
 * table of that arch has are written; for b64/b32 the lists are fixed so
 * the output does not depend on the machine running privmap (every name
 * is in libaudit's x86_64 and aarch64 tables for b64, i386 and arm for
 * b32). The 32-bit uid calls are the *32 ones; the 16-bit ones remain.
 */
static const char *const sc_cred64[] = {
	"setuid", "setreuid", "setresuid", "setgid", "setregid", "setresgid",
	"setgroups", "capset", NULL,
};
static const char *const sc_cred32[] = {
	"setuid32", "setreuid32", "setresuid32", "setgid32", "setregid32",
	"setresgid32", "setgroups32", "setuid", "setreuid", "setresuid",
	"setgid", "setregid", "setresgid", "setgroups", "capset", NULL,
};
static const char *const sc_exec[] = { "execve", "execveat", NULL };
static const char *const sc_module[] = {
	"init_module", "finit_module", "delete_module", NULL,
};
/* mount(2) and the mount API of Linux 5.2 (fsmount, move_mount,
 * open_tree); umount2 can uncover what a mount hid */
static const char *const sc_mount[] = {
	"mount", "umount2", "fsmount", "move_mount", "open_tree", NULL,
};
static const char *const sc_ns[] = { "unshare", "setns", NULL };
static const char *const sc_connect[] = { "connect", NULL };

/* "-S a -S b" (one -S per name: every auditctl version reads it) or NULL
 * if the arch has none of the names */
static char *
syscall_opts(const struct arch_use *a, const char *const *names)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		if (a->machine >= 0 &&
		    audit_name_to_syscall(names[i], a->machine) < 0)
			continue;
		buf_printf(&b, "%s-S %s", b.len ? " " : "", names[i]);
	}
	if (b.len == 0)
		return NULL;
	return buf_str(&b);
}

static void
add_sys_rule(struct rules *rs, enum section sec, const struct arch_use *a,
    const char *const *names, const char *filters, const char *key,
    const char *id)
{
	char *s = syscall_opts(a, names);

	if (s == NULL)
		return;
	rules_add(rs, sec, xasprintf("-a always,exit -F arch=%s %s%s%s "
	    "-F key=%s", a->field, s, *filters ? " " : "", filters, key), id);
	free(s);
}

static void
skipped_note(struct rules *rs, const char *id, const char *what)
{
	buf_adds(&rs->skipped, "# ");
	output_comment(&rs->skipped, id ? id : "?", 64);
	buf_adds(&rs->skipped, ": ");
	output_comment(&rs->skipped, what, 300);
	buf_addc(&rs->skipped, '\n');
}

/* deny targets -> the key of the first (most severe) finding naming them
 * (none for a family that makes no key) */
static void
first_keys(const struct deny *d, size_t n, enum deny_action a, json_t *keys)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char key[32];

		if (d[i].action != a || d[i].target[0] != '/' ||
		    json_object_get(keys, d[i].target) != NULL ||
		    audit_family_key(d[i].f->family, key) == -1)
			continue;
		json_object_set_new_nocheck(keys, d[i].target,
		    json_stringn_nocheck(key, strlen(key)));
	}
}

/* a syscall watch, once per arch with the names it has */
static void
add_entry_syscalls(struct rules *rs, const struct watch *w,
    const struct arch_use *arch, size_t narch, unsigned long uid,
    const char *key, const char *id)
{
	const char **names = xcalloc(w->nsyscalls + 1, sizeof *names);
	char filt[64];
	size_t i, k;
	int any = 0;

	for (i = 0; i < w->nsyscalls; i++)
		names[i] = w->syscalls[i];
	snprintf(filt, sizeof filt, "-F uid=%lu%s", uid,
	    w->euid_root ? " -F euid=0" : "");
	for (k = 0; k < narch; k++) {
		char *o = syscall_opts(&arch[k], names);

		any |= o != NULL;
		free(o);
		add_sys_rule(rs, SEC_WATCH, &arch[k], names, filt, key, id);
	}
	if (!any)
		skipped_note(rs, id, "a syscall rule was left out: the "
		    "target's architecture has none of its syscalls");
	free(names);
}

/*
 * A finding's own rules, from its typed watches (report.h) and nothing
 * else: the audit member of a report is text, which is never read back. A
 * rule in it that the watches do not give is noted as left out, and so is
 * an entry of audit_data that the reader refused (a report may come from
 * anywhere), the note naming its member.
 * watched gets the programs whose runs a watch records (perm x), anchors
 * the anchor of each program or socket ("" where there is none).
 */
static void
collect_own(const struct report *rep, const struct finding *f,
    struct rules *rs, const struct arch_use *arch, size_t narch,
    json_t *watched, json_t *anchors)
{
	json_t *texts = json_object(), *v;
	const struct watch *w;
	char key[32], *t, msg[256];
	size_t j, extra = 0;

	if (f->audit_data == AUDIT_DATA_NONE) {
		if (json_array_size(f->audit) > 0)
			skipped_note(rs, f->id, "its audit member was not read:"
			    " rules come from audit_data, which the report "
			    "lacks (scan again with this privmap)");
		goto out;
	}
	if (audit_family_key(f->family, key) == -1) {
		skipped_note(rs, f->id, "no rules: its family makes no "
		    "audit key");
		goto out;
	}
	if (f->audit_data == AUDIT_DATA_NOT_LIST) {
		skipped_note(rs, f->id, "audit_data: not an array: left out");
		goto out;
	}
	for (j = 0; j < f->nwatches; j++) {
		w = &f->watches[j];
		if (w->refused != NULL) {
			snprintf(msg, sizeof msg, "%s", w->refused);
			skipped_note(rs, f->id, msg);
			continue;
		}
		if ((t = watch_text(w, (unsigned long)rep->uid,
		    f->family)) != NULL)
			json_object_set_new(texts, t, json_true());
		if (w->kind == WATCH_SYSCALL) {
			add_entry_syscalls(rs, w, arch, narch,
			    (unsigned long)rep->uid, key, f->id);
			free(t);
			continue;
		}
		if (w->kind != WATCH_DIR &&
		    json_object_get(anchors, w->path) == NULL)
			json_object_set_new(anchors, w->path, json_string(
			    w->anchor ? w->anchor : w->unanchored ? "" :
			    w->path));
		if (w->kind != WATCH_FILE && w->kind != WATCH_DIR) {
			free(t);
			continue;
		}
		if (t == NULL) {
			skipped_note(rs, f->id, "no watch: every directory "
			    "above its path is missing or the user's to "
			    "rename, up to /");
			continue;
		}
		if (w->kind == WATCH_FILE && strchr(w->perm, 'x') != NULL)
			json_object_set_new(watched, w->path, json_true());
		rules_add(rs, SEC_WATCH, t, f->id);
	}
	json_array_foreach(f->audit, j, v)
		if (json_object_get(texts, json_string_value(v)) == NULL)
			extra++;
	if (extra > 0) {
		snprintf(msg, sizeof msg, "%zu rule%s of its audit member %s "
		    "not what its audit_data gives: left out", extra,
		    extra == 1 ? "" : "s", extra == 1 ? "is" : "are");
		skipped_note(rs, f->id, msg);
	}
out:
	json_decref(texts);
}

static void
collect(const struct report *rep, struct rules *rs, const struct arch_use *arch,
    size_t narch)
{
	static const char *const sc_socketcall[] = { "socketcall", NULL };
	char filt[128];
	size_t i, k, n;
	json_t *watched = json_object();	/* paths whose runs a watch
						 * of a finding records */
	json_t *anchors = json_object();
	json_t *exec_key = json_object(), *conn_key = json_object();
	struct deny *d = NULL;

	for (i = 0; i < rep->nfindings; i++) {
		const struct finding *f = rep->findings[i];

		collect_own(rep, f, rs, arch, narch, watched, anchors);
		if (json_is_true(json_object_get(f->evidence,
		    "audit_unwatchable_path")))
			skipped_note(rs, f->id, "no watch: its path is / or "
			    "holds characters auditctl cannot read back");
	}

	/*
	 * execve of the programs the findings deny, connect() to the
	 * sockets they deny: by path and uid, keyed after the family of the
	 * most severe finding naming the path. No execve rule where a watch
	 * with perm=x records the same runs (the first matching rule wins).
	 * Where the user could rename the program's directory, the rule is
	 * on the tree of its anchor (dir=), as the watches are.
	 */
	n = deny_collect(rep, &d);
	first_keys(d, n, DENY_EXEC, exec_key);
	first_keys(d, n, DENY_CONNECT, conn_key);
	for (i = 0; i < n; i++) {
		int exec = d[i].action == DENY_EXEC;
		const char *key, *t = d[i].target, *a;
		char *fl;

		if ((!exec && d[i].action != DENY_CONNECT) || t[0] != '/')
			continue;
		if (!rule_path_ok(t)) {
			skipped_note(rs, d[i].f->id, exec ? "no execve rule: "
			    "the path holds characters auditctl cannot read "
			    "back" : "no connect rule: the path holds "
			    "characters auditctl cannot read back");
			continue;
		}
		if (exec && json_object_get(watched, t) != NULL)
			continue;
		key = json_string_value(json_object_get(exec ? exec_key :
		    conn_key, t));
		if (key == NULL) {
			skipped_note(rs, d[i].f->id, "no rule: its family "
			    "makes no audit key");
			continue;
		}
		a = json_string_value(json_object_get(anchors, t));
		if (a != NULL && *a == '\0') {
			skipped_note(rs, d[i].f->id, exec ? "no execve rule: "
			    "every directory above it is missing or the user's "
			    "to rename, up to /" : "no connect rule: every "
			    "directory above it is missing or the user's to "
			    "rename, up to /");
			continue;
		}
		fl = xasprintf("-F %s=%s -F uid=%lu", a && strcmp(a, t) != 0 ?
		    "dir" : "path", a ? a : t, (unsigned long)rep->uid);
		for (k = 0; k < narch; k++) {
			add_sys_rule(rs, exec ? SEC_EXEC : SEC_CONNECT,
			    &arch[k], exec ? sc_exec : sc_connect, fl, key,
			    d[i].f->id);
			/* 32-bit x86 code may still connect through
			 * socketcall(2), call 3 being SYS_CONNECT
			 * (linux/net.h) */
			if (!exec && arch[k].bits32 && (arch[k].machine < 0 ||
			    audit_name_to_syscall("socketcall",
			    arch[k].machine) >= 0)) {
				char *fl2 = xasprintf("-F a0=3 %s", fl);

				add_sys_rule(rs, SEC_CONNECT, &arch[k],
				    sc_socketcall, fl2, key, d[i].f->id);
				free(fl2);
			}
		}
		free(fl);
	}
	deny_free(d, n);
	json_decref(watched);
	json_decref(anchors);
	json_decref(exec_key);
	json_decref(conn_key);

	if (rep->uid == 0)
		return;	/* every root process would match: nothing scoped */
	for (k = 0; k < narch; k++) {
		/*
		 * By uid, and by login uid for what runs after a change to
		 * root in a login session: the filter sees the credentials
		 * at syscall exit, when a successful setresuid(0, 0, 0) has
		 * already left uid 0.
		 */
		static const char *const by[] = { "uid", "auid" };
		size_t b;

		for (b = 0; b < 2; b++) {
			snprintf(filt, sizeof filt, "-F %s=%lu", by[b],
			    (unsigned long)rep->uid);
			add_sys_rule(rs, SEC_CRED, &arch[k], arch[k].bits32 ?
			    sc_cred32 : sc_cred64, filt, "privmap-escalate",
			    NULL);
			add_sys_rule(rs, SEC_MODULE, &arch[k], sc_module, filt,
			    "privmap-module", NULL);
			add_sys_rule(rs, SEC_MOUNT, &arch[k], sc_mount, filt,
			    "privmap-mount", NULL);
			add_sys_rule(rs, SEC_NS, &arch[k], sc_ns, filt,
			    "privmap-namespace", NULL);
		}
	}
}

/*
 * The last gate before a rule is written: only a rule privmap itself
 * writes may come out, whatever a report read back holds. An always
 * rule on the exit list (a never rule would silence every rule after
 * it), for syscalls privmap names (never all), scoped to the user by uid
 * or login uid, keyed privmap-, and watching no path or tree at /.
 */
static const char *
rule_scoped(const struct words *w, unsigned long uid)
{
	const char *t, *prev = NULL;
	char want_uid[32], want_auid[32];
	const char *err = NULL;
	int scoped = 0, keyed = 0;
	size_t n;

	snprintf(want_uid, sizeof want_uid, "uid=%lu", uid);
	snprintf(want_auid, sizeof want_auid, "auid=%lu", uid);
	for (n = 0; n < w->n && err == NULL; n++) {
		t = w->v[n];
		if (n == 0 && strcmp(t, "-a") != 0)
			err = "not an -a rule";
		else if (n == 1 && strcmp(t, "always,exit") != 0)
			err = "not an always,exit rule";
		else if (prev && strcmp(prev, "-S") == 0 &&
		    !audit_syscall_known(t))
			err = "a syscall privmap writes no rule for";
		else if (prev && strcmp(prev, "-F") == 0) {
			if (strcmp(t, want_uid) == 0 ||
			    strcmp(t, want_auid) == 0)
				scoped = 1;
			else if (strncmp(t, "uid", 3) == 0 ||
			    strncmp(t, "auid", 4) == 0)
				err = "scoped to another user";
			else if (strncmp(t, "key=privmap-", 12) == 0)
				keyed = 1;
			else if (strcmp(t, "path=/") == 0 ||
			    strcmp(t, "dir=/") == 0)
				err = "a watch on /";
		}
		prev = t;
	}
	if (err == NULL && !scoped)
		err = "not scoped to the user's uid";
	if (err == NULL && !keyed)
		err = "no privmap- key";
	return err;
}

/* rule_scoped, then what auditctl would make of the rule: NULL, or why
 * not; the line split into words once for both */
static const char *
rule_gate(const char *text, unsigned long uid)
{
	struct words w;
	const char *err;

	words_split(&w, text);
	if ((err = rule_scoped(&w, uid)) == NULL &&
	    (err = rule_line_check(text)) == NULL)
		err = rule_words_check(&w);
	words_free(&w);
	return err;
}

static void
emit_ids(struct buf *b, struct arule *r)
{
	size_t i, col = 0;

	if (r->nids > 1)
		qsort(r->ids, r->nids, sizeof *r->ids, cmp_strp);
	for (i = 0; i < r->nids; i++) {
		size_t len = strlen(r->ids[i]);

		if (i > 0 && strcmp(r->ids[i - 1], r->ids[i]) == 0)
			continue;

		if (col == 0) {
			buf_adds(b, "# finding");
			col = 9;
		} else if (col + 1 + (len > 64 ? 67 : len) > COMMENT_WIDTH) {
			buf_adds(b, "\n# finding");
			col = 9;
		}
		buf_addc(b, ' ');
		output_comment(b, r->ids[i], 64);
		col += 1 + (len > 64 ? 67 : len);
	}
	if (col)
		buf_addc(b, '\n');
}

int
output_audit(const struct report *rep, FILE *fp, const struct audit_opts *o,
    const char **why)
{
	struct rules rs = { 0 };
	struct buf b = { 0 };
	struct arch_use arch[2];
	const char *note, *err, *archname;
	size_t narch, i;
	int last = -1, rv = -1;

	archname = (o != NULL && o->arch != NULL) ? o->arch : rep->arch;
	narch = arch_resolve(archname, arch, &note);
	collect(rep, &rs, arch, narch);
	if (rs.n > 1)
		qsort(rs.v, rs.n, sizeof *rs.v, cmp_rule);

	buf_adds(&b, "## privmap auditd rules: a drop-in for /etc/audit/rules.d/"
	    " (augenrules)\n## or auditctl -R. Generated from a privmap "
	    "report; every rule was parsed\n## with libaudit before it was "
	    "written. No control lines: see --audit-base.\n## target: ");
	output_target(&b, rep);
	buf_adds(&b, "\n## architecture: ");
	if (arch[0].machine >= 0) {
		output_comment(&b, archname, 32);
		buf_adds(&b, "; syscall rules name arch=");
		for (i = 0; i < narch; i++)
			buf_printf(&b, "%s%s", i ? " and arch=" : "",
			    arch[i].field);
	} else {
		buf_adds(&b, archname ? "" : "unknown; ");
		if (archname) {
			output_comment(&b, archname, 32);
			buf_printf(&b, " (%s); ", note ? note : "unknown");
		}
		buf_adds(&b, "syscall rules for b64 and b32,\n## which "
		    "auditctl resolves on the machine loading them");
	}
	buf_adds(&b, "\n");
	if (rep->uid == 0)
		buf_adds(&b, "## the user is root: no syscall rules (they would"
		    " match every root process)\n");

	for (i = 0; i < rs.n; i++) {
		struct arule *r = &rs.v[i];

		if ((err = rule_gate(r->text, (unsigned long)rep->uid)) !=
		    NULL) {
			const char *id = r->nids ? r->ids[0] : "privmap";
			char msg[600];

			/* err is audit_why, which why_set() rewrites */
			snprintf(msg, sizeof msg, "%s", err);
			*why = why_set("%.40s: rule rejected: %s: %.300s", id,
			    msg, r->text);
			goto out;
		}
		if ((int)r->sec != last) {
			buf_printf(&b, "\n## %s\n", section_title[r->sec]);
			last = (int)r->sec;
		}
		emit_ids(&b, r);
		buf_printf(&b, "%s\n", r->text);
	}
	if (rs.skipped.len) {
		buf_adds(&b, "\n## Left out\n");
		buf_add(&b, rs.skipped.data, rs.skipped.len);
	}
	if (rs.n == 0)
		buf_adds(&b, "\n## nothing to watch\n");
	rv = output_write(fp, b.data, b.len, why);
out:
	buf_free(&b);
	rules_free(&rs);
	return rv;
}

int
output_audit_base(FILE *fp, const struct audit_opts *o, const char **why)
{
	struct buf b = { 0 };
	unsigned backlog = (o && o->backlog) ? o->backlog : 8192;
	int failure = (o && o->failure >= 0) ? o->failure : 1;
	int rv;

	if (failure > 2) {
		*why = "the failure mode (-f) is 0, 1 or 2";
		return -1;
	}
	/* auditctl(8): -D deletes all rules, -b sets the kernel's backlog
	 * of buffers, -f the failure mode (0 silent, 1 printk, 2 panic) */
	buf_printf(&b, "## privmap base settings for /etc/audit/rules.d/ "
	    "(e.g. 10-privmap-base.rules):\n## they delete every rule "
	    "loaded before and size the kernel's buffers.\n-D\n-b %u\n"
	    "-f %d\n", backlog, failure);
	rv = output_write(fp, b.data, b.len, why);
	buf_free(&b);
	return rv;
}

int
output_audit_immutable(FILE *fp, const char **why)
{
	static const char text[] =
	    "## privmap: lock the audit configuration until the next boot\n"
	    "## (auditctl(8) -e 2); keep this file last, e.g.\n"
	    "## 99-privmap-immutable.rules.\n-e 2\n";

	return output_write(fp, text, sizeof text - 1, why);
}
