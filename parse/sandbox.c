/*
 * sandbox.c: the sandbox model (parse/sandbox.h) and a systemd service's
 * settings read into it, from the assignments parse/unitfile.c gives;
 * what each setting does is systemd.exec(5) and
 * systemd.resource-control(5) of systemd 252. It never reads a file, and
 * never decides what a finding is worth: engine/sandbox.c does.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/sandbox.h"
#include "lib/buf.h"
#include "lib/path.h"
#include "lib/xmalloc.h"

void
sandbox_init(struct sandbox *sb, enum sb_kind kind, const char *name)
{
	memset(sb, 0, sizeof *sb);
	sb->kind = kind;
	sb->name = xstrdup(name ? name : "");
	sb->nnp_set = -1;
}

static void
names_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
sandbox_free(struct sandbox *sb)
{
	char **slots[] = { &sb->name, &sb->user, &sb->nnp, &sb->caps_none,
	    &sb->groups_dropped, &sb->no_unix, &sb->no_localhost,
	    &sb->no_userns, &sb->privileged, &sb->base, &sb->filter,
	    &sb->nnp_implied, &sb->seccomp_file };
	size_t i;

	for (i = 0; i < sizeof slots / sizeof slots[0]; i++)
		free(*slots[i]);
	for (i = 0; i < sb->npaths; i++) {
		free(sb->paths[i].path);
		free(sb->paths[i].layer);
	}
	free(sb->paths);
	names_free(sb->names, sb->nnames);
	names_free(sb->group_add, sb->ngroup_add);
	memset(sb, 0, sizeof *sb);
}

void
sandbox_set(char **slot, const char *fmt, ...)
{
	va_list ap;

	free(*slot);
	va_start(ap, fmt);
	*slot = xvasprintf(fmt, ap);
	va_end(ap);
}

int
sandbox_path(struct sandbox *sb, const char *path, enum sb_mode mode,
    const char *fmt, ...)
{
	va_list ap;
	char *p;
	int esc = 0;

	if (path == NULL || path[0] != '/')
		return 0;
	if (sb->npaths >= SB_MAX_PATHS) {
		sb->full |= 1;
		return 0;
	}
	if ((p = path_clean(path, &esc)) == NULL)
		return 0;
	/* path_clean gives the path without its leading '/' */
	if (p[0] != '/') {
		char *q = xasprintf("/%s", strcmp(p, ".") == 0 ? "" : p);

		free(p);
		p = q;
	}
	sb->paths = xreallocarray(sb->paths, sb->npaths + 1,
	    sizeof *sb->paths);
	sb->paths[sb->npaths].path = p;
	sb->paths[sb->npaths].mode = mode;
	va_start(ap, fmt);
	sb->paths[sb->npaths].layer = xvasprintf(fmt, ap);
	va_end(ap);
	sb->npaths++;
	return 1;
}

static void
push_name(char ***v, size_t *n, unsigned *full, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return;
	if (*n >= SB_MAX_NAMES) {
		*full |= 2;
		return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

void
sandbox_name(struct sandbox *sb, const char *name)
{
	if (name && *name)
		push_name(&sb->names, &sb->nnames, &sb->full, name);
}

void
sandbox_group(struct sandbox *sb, const char *g)
{
	if (g && *g)
		push_name(&sb->group_add, &sb->ngroup_add, &sb->full, g);
}

/* ---- Docker's settings, shared by docker inspect and compose ---------- */

void
sandbox_docker_opt(struct sandbox *sb, const char *opt)
{
	const char *v;

	if (opt == NULL)
		return;
	/* docker run --security-opt: "no-new-privileges" alone or with
	 * ":true"/"=true" (docs.docker.com, docker run reference) */
	if (strncmp(opt, "no-new-privileges", 17) == 0) {
		v = opt + 17;
		if (*v == '\0' || strcmp(v, ":true") == 0 ||
		    strcmp(v, "=true") == 0) {
			sandbox_set(&sb->nnp, "security_opt no-new-privileges");
			sb->nnp_set = 1;
		} else {
			free(sb->nnp);
			sb->nnp = NULL;
			sb->nnp_set = 0;
		}
		return;
	}
	if (strncmp(opt, "seccomp=", 8) == 0 || strncmp(opt, "seccomp:", 8) == 0) {
		v = opt + 8;
		const char *w;

		if (strcmp(v, "unconfined") == 0)
			sb->seccomp_unconfined = 1;
		/* docker inspect shows the profile itself, as the CLI sent
		 * it to the daemon */
		else if (v[0] == '{') {
			if (sandbox_seccomp(sb, v, strlen(v), "SecurityOpt "
			    "seccomp (the profile given)", &w) == -1)
				sb->seccomp_unconfined = 2;
		}
		/* a profile's file: the engine reads it (sandbox_seccomp);
		 * until then no call counts as blocked */
		else {
			sb->seccomp_unconfined = 2;
			free(sb->seccomp_file);
			sb->seccomp_file = xstrdup(v);
		}
	}
}

void
sandbox_bind(struct sandbox *sb, const char *src, int ro, const char *layer)
{
	sandbox_path(sb, src, ro ? SBM_RO : SBM_RW, "%s", layer);
}

void
sandbox_docker_defaults(struct sandbox *sb)
{
	size_t i;

	if (sb->base == NULL) {
		sandbox_set(&sb->base, "not mounted in the container");
		sb->base_mode = SBM_HIDDEN;
	}
	if (!sb->net_host && sb->no_localhost == NULL)
		sandbox_set(&sb->no_localhost, "the container's own network "
		    "namespace");
	/* the user's host groups are not the container's: only those
	 * group_add names are kept (the judgement looks there) */
	if (sb->groups_dropped == NULL)
		sandbox_set(&sb->groups_dropped, "the container's own groups");
	if (sb->filter == NULL && !sb->seccomp_unconfined &&
	    sb->privileged == NULL) {
		sandbox_set(&sb->filter, "Docker's default seccomp profile");
		sb->docker_default = 1;
	}
	if (sb->privileged) {
		free(sb->nnp);
		sb->nnp = NULL;
	}
	for (i = 0; i < sb->npaths; i++)
		if (sb->privileged)
			sb->paths[i].mode = SBM_RW;
}

/* ---- systemd ----------------------------------------------------------- */

/* the words of a list value; 0 if it does not split (said to err) */
static int
words_of(const struct unit_kv *kv, char ***w, size_t *n, parse_err_fn err,
    void *ctx)
{
	const char *why;

	if (unit_split(kv->value, w, n, &why) == -1) {
		if (err)
			err(ctx, kv->line, why);
		return 0;
	}
	return 1;
}

/* a path list: ReadOnlyPaths= and the like; "-" and "+" prefixes are
 * dropped (missing ignored; relative to RootDirectory=), and ":options"
 * of TemporaryFileSystem= */
static void
unit_paths(struct sandbox *sb, const struct unit_kv *kv, enum sb_mode mode,
    parse_err_fn err, void *ctx)
{
	char **w = NULL, *p, *colon;
	size_t n = 0, i;

	if (!words_of(kv, &w, &n, err, ctx))
		return;
	for (i = 0; i < n; i++) {
		p = w[i];
		while (*p == '-' || *p == '+')
			p++;
		if (mode == SBM_HIDDEN && strcmp(kv->key,
		    "TemporaryFileSystem") == 0 &&
		    (colon = strchr(p, ':')) != NULL)
			*colon = '\0';
		if (!sandbox_path(sb, p, mode, "%s=%s", kv->key, p) && err)
			err(ctx, kv->line, "not an absolute path");
	}
	unit_names_free(w, n);
}

static void
unit_protect_system(struct sandbox *sb, const struct unit_kv *kv)
{
	static const char *const yes[] = { "/usr", "/boot", "/efi" };
	size_t i;
	int b = unit_bool(kv->value);

	if (strcmp(kv->value, "strict") == 0) {
		sandbox_set(&sb->base, "ProtectSystem=strict");
		sb->base_mode = SBM_RO;
		return;
	}
	if (b != 1 && strcmp(kv->value, "full") != 0)
		return;
	for (i = 0; i < 3; i++)
		sandbox_path(sb, yes[i], SBM_RO, "ProtectSystem=%s",
		    kv->value);
	if (strcmp(kv->value, "full") == 0)
		sandbox_path(sb, "/etc", SBM_RO, "ProtectSystem=full");
}

static void
unit_protect_home(struct sandbox *sb, const struct unit_kv *kv)
{
	static const char *const homes[] = { "/home", "/root", "/run/user" };
	enum sb_mode m;
	size_t i;

	if (strcmp(kv->value, "read-only") == 0)
		m = SBM_RO;
	else if (strcmp(kv->value, "tmpfs") == 0 || unit_bool(kv->value) == 1)
		m = SBM_HIDDEN;
	else
		return;
	for (i = 0; i < 3; i++)
		sandbox_path(sb, homes[i], m, "ProtectHome=%s", kv->value);
}

/* RestrictAddressFamilies=: AF_UNIX refused by "none", a deny list
 * naming it, or an allow list without it */
static void
unit_families(struct sandbox *sb, const struct unit_kv *kv)
{
	const char *v = kv->value;
	int deny = *v == '~', named = 0;
	char **w = NULL;
	size_t n = 0, i;

	if (*v == '\0') {
		free(sb->no_unix);
		sb->no_unix = NULL;
		return;
	}
	if (strcmp(v, "none") == 0) {
		sandbox_set(&sb->no_unix, "RestrictAddressFamilies=none");
		return;
	}
	if (!words_of(kv, &w, &n, NULL, NULL))
		return;
	for (i = 0; i < n; i++)
		if (strcmp(w[i] + (i == 0 && deny), "AF_UNIX") == 0)
			named = 1;
	if (deny == named)
		sandbox_set(&sb->no_unix, "RestrictAddressFamilies=%s", v);
	else if (deny == 0) {
		free(sb->no_unix);
		sb->no_unix = NULL;
	}
	unit_names_free(w, n);
}

/* RestrictNamespaces=: yes, or a list that leaves out "user" */
static void
unit_namespaces(struct sandbox *sb, const struct unit_kv *kv)
{
	const char *v = kv->value;
	int b = unit_bool(v), deny = *v == '~', named = 0;
	char **w = NULL;
	size_t n = 0, i;

	if (b == 1) {
		sandbox_set(&sb->no_userns, "RestrictNamespaces=%s", v);
		return;
	}
	if (b == 0 || *v == '\0') {
		free(sb->no_userns);
		sb->no_userns = NULL;
		return;
	}
	if (!words_of(kv, &w, &n, NULL, NULL))
		return;
	for (i = 0; i < n; i++)
		if (strcmp(w[i] + (i == 0 && deny), "user") == 0)
			named = 1;
	if (deny == named)
		sandbox_set(&sb->no_userns, "RestrictNamespaces=%s", v);
	unit_names_free(w, n);
}

/* SystemCallFilter=: "~" a deny list (lists add up), else an allow
 * list, whose names are those allowed */
static void
unit_syscalls(struct sandbox *sb, const struct unit_kv *kv, parse_err_fn err,
    void *ctx)
{
	const char *v = kv->value;
	int deny = *v == '~';
	char **w = NULL, *colon;
	size_t n = 0, i;

	if (*v == '\0') {
		names_free(sb->names, sb->nnames);
		sb->names = NULL;
		sb->nnames = 0;
		free(sb->filter);
		sb->filter = NULL;
		return;
	}
	if (!words_of(kv, &w, &n, err, ctx))
		return;
	if (sb->filter == NULL) {
		sb->allow_mode = !deny;
		sandbox_set(&sb->filter, "SystemCallFilter=%s", v);
	} else if (sb->allow_mode == deny) {
		/* a deny list after an allow list takes names out of it:
		 * judged as allowed (not blocked), which errs open */
		unit_names_free(w, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if ((colon = strchr(w[i], ':')) != NULL)	/* ":errno" */
			*colon = '\0';
		sandbox_name(sb, w[i] + (i == 0 && deny));
	}
	unit_names_free(w, n);
}

/* the settings that imply no_new_privs for an unprivileged service
 * (systemd.exec(5), NoNewPrivileges=) */
static const char *const nnp_implied_by[] = {
	"SystemCallFilter", "SystemCallArchitectures",
	"RestrictAddressFamilies", "RestrictNamespaces", "PrivateDevices",
	"ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs",
	"ProtectClock", "MemoryDenyWriteExecute", "RestrictRealtime",
	"RestrictSUIDSGID", "LockPersonality",
};

static void
unit_implies(struct sandbox *sb, const struct unit_kv *kv)
{
	size_t i;

	if (sb->nnp_implied != NULL || *kv->value == '\0' ||
	    unit_bool(kv->value) == 0)
		return;
	for (i = 0; i < sizeof nnp_implied_by / sizeof nnp_implied_by[0]; i++)
		if (strcmp(kv->key, nnp_implied_by[i]) == 0)
			sandbox_set(&sb->nnp_implied, "%s=%s", kv->key,
			    kv->value);
}

/* the one-path settings: key, value that sets, path, mode */
static const struct {
	const char	*key;
	const char	*path;
	enum sb_mode	 mode;
} unit_fixed[] = {
	{ "PrivateTmp", "/tmp", SBM_HIDDEN },
	{ "PrivateTmp", "/var/tmp", SBM_HIDDEN },
	{ "PrivateDevices", "/dev", SBM_HIDDEN },
	{ "ProtectKernelTunables", "/proc/sys", SBM_RO },
	{ "ProtectKernelTunables", "/proc/sysrq-trigger", SBM_RO },
	{ "ProtectKernelTunables", "/sys", SBM_RO },
	{ "ProtectControlGroups", "/sys/fs/cgroup", SBM_RO },
	{ "ProtectKernelModules", "/usr/lib/modules", SBM_HIDDEN },
	{ "ProtectKernelModules", "/lib/modules", SBM_HIDDEN },
};

/* IPAddressDeny=: the host's loopback refused by "any", "localhost" or
 * an entry covering 127.0.0.1 */
static void
unit_ipdeny(struct sandbox *sb, const struct unit_kv *kv)
{
	char **w = NULL;
	size_t n = 0, i;

	if (*kv->value == '\0') {
		free(sb->no_localhost);
		sb->no_localhost = NULL;
		return;
	}
	if (!words_of(kv, &w, &n, NULL, NULL))
		return;
	for (i = 0; i < n; i++)
		if (strcmp(w[i], "any") == 0 || strcmp(w[i], "localhost") == 0 ||
		    strncmp(w[i], "127.", 4) == 0 ||
		    strcmp(w[i], "0.0.0.0/0") == 0)
			sandbox_set(&sb->no_localhost, "IPAddressDeny=%s",
			    kv->value);
	unit_names_free(w, n);
}

static void
unit_kv_apply(struct sandbox *sb, const struct unit_kv *kv, parse_err_fn err,
    void *ctx)
{
	const char *k = kv->key, *v = kv->value;
	size_t i;

	unit_implies(sb, kv);
	for (i = 0; i < sizeof unit_fixed / sizeof unit_fixed[0]; i++)
		if (strcmp(k, unit_fixed[i].key) == 0 && unit_bool(v) == 1)
			sandbox_path(sb, unit_fixed[i].path, unit_fixed[i].mode,
			    "%s=%s", k, v);
	if (strcmp(k, "User") == 0) {
		free(sb->user);
		sb->user = *v ? xstrdup(v) : NULL;
	} else if (strcmp(k, "NoNewPrivileges") == 0)
		sb->nnp_set = unit_bool(v);
	else if (strcmp(k, "CapabilityBoundingSet") == 0) {
		/* the empty string: the empty set (systemd.exec(5)) */
		if (*v == '\0')
			sandbox_set(&sb->caps_none, "CapabilityBoundingSet=");
		else if (*v != '~') {
			free(sb->caps_none);
			sb->caps_none = NULL;
		}
	} else if (strcmp(k, "ProtectSystem") == 0)
		unit_protect_system(sb, kv);
	else if (strcmp(k, "ProtectHome") == 0)
		unit_protect_home(sb, kv);
	else if (strcmp(k, "ReadOnlyPaths") == 0)
		unit_paths(sb, kv, SBM_RO, err, ctx);
	else if (strcmp(k, "ReadWritePaths") == 0)
		unit_paths(sb, kv, SBM_RW, err, ctx);
	else if (strcmp(k, "InaccessiblePaths") == 0 ||
	    strcmp(k, "TemporaryFileSystem") == 0)
		unit_paths(sb, kv, SBM_HIDDEN, err, ctx);
	else if (strcmp(k, "PrivateNetwork") == 0 && unit_bool(v) == 1)
		sandbox_set(&sb->no_localhost, "PrivateNetwork=%s", v);
	else if (strcmp(k, "IPAddressDeny") == 0)
		unit_ipdeny(sb, kv);
	else if (strcmp(k, "RestrictAddressFamilies") == 0)
		unit_families(sb, kv);
	else if (strcmp(k, "RestrictNamespaces") == 0)
		unit_namespaces(sb, kv);
	else if (strcmp(k, "SystemCallFilter") == 0)
		unit_syscalls(sb, kv, err, ctx);
}

void
sandbox_unit(struct sandbox *sb, const struct unit_file *uf, parse_err_fn err,
    void *ctx)
{
	size_t i;

	for (i = 0; i < uf->n; i++)
		if (strcmp(uf->kv[i].section, "Service") == 0)
			unit_kv_apply(sb, &uf->kv[i], err, ctx);
}

void
sandbox_unit_end(struct sandbox *sb)
{
	/* implied only where the service has no CAP_SYS_ADMIN: an
	 * unprivileged User= (systemd.exec(5), SystemCallFilter= and the
	 * others: "NoNewPrivileges=yes is implied") */
	int unpriv = sb->user != NULL && strcmp(sb->user, "root") != 0 &&
	    strcmp(sb->user, "0") != 0;

	if (sb->nnp_set == 1)
		sandbox_set(&sb->nnp, "NoNewPrivileges=yes");
	else if (unpriv && sb->nnp_implied != NULL)
		sandbox_set(&sb->nnp, "NoNewPrivileges (implied by %s)",
		    sb->nnp_implied);
}

/* ---- print ------------------------------------------------------------- */

char *
sandbox_print(const struct sandbox *sb)
{
	static const char *const kinds[] = { "systemd", "oci", "docker",
	    "compose" };
	static const char *const modes[] = { "rw", "ro", "hidden" };
	struct buf b = { 0 };
	const struct { const char *k; const char *v; } s[] = {
		{ "user", sb->user }, { "nnp", sb->nnp },
		{ "caps-none", sb->caps_none },
		{ "groups-dropped", sb->groups_dropped },
		{ "no-unix", sb->no_unix }, { "no-localhost", sb->no_localhost },
		{ "no-userns", sb->no_userns },
		{ "privileged", sb->privileged }, { "filter", sb->filter },
	};
	size_t i;

	buf_printf(&b, "kind %s\nname %s\n", kinds[sb->kind], sb->name);
	for (i = 0; i < sizeof s / sizeof s[0]; i++)
		if (s[i].v)
			buf_printf(&b, "%s %s\n", s[i].k, s[i].v);
	if (sb->base)
		buf_printf(&b, "base %s %s\n", modes[sb->base_mode], sb->base);
	for (i = 0; i < sb->npaths; i++)
		buf_printf(&b, "path %s %s %s\n", modes[sb->paths[i].mode],
		    sb->paths[i].path, sb->paths[i].layer);
	for (i = 0; i < sb->nnames; i++)
		buf_printf(&b, "%s %s\n", sb->allow_mode ? "allow" : "deny",
		    sb->names[i]);
	for (i = 0; i < sb->ngroup_add; i++)
		buf_printf(&b, "group-add %s\n", sb->group_add[i]);
	if (sb->docker_default)
		buf_adds(&b, "docker-default-seccomp\n");
	if (sb->full)
		buf_adds(&b, "full\n");
	return buf_str(&b);
}
