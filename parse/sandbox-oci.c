/*
 * sandbox-oci.c: a container's sandbox from JSON: an OCI runtime
 * bundle's config.json (opencontainers runtime-spec, config.md and
 * config-linux.md: process.user, process.noNewPrivileges,
 * process.capabilities, mounts, linux.namespaces, linux.seccomp) or the
 * output of `docker inspect` (HostConfig, Mounts, Config.User, as the
 * Docker Engine API's ContainerInspect describes them). A buffer in,
 * struct sandbox out; it never opens the files a mount or profile names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parse/sandbox.h"
#include "lib/bounds.h"
#include "lib/jget.h"
#include "lib/xmalloc.h"

/* the seccomp actions that refuse a call (runtime-spec config-linux.md) */
static int
action_refuses(const char *a)
{
	return a != NULL && (strcmp(a, "SCMP_ACT_ERRNO") == 0 ||
	    strcmp(a, "SCMP_ACT_KILL") == 0 ||
	    strcmp(a, "SCMP_ACT_KILL_PROCESS") == 0 ||
	    strcmp(a, "SCMP_ACT_KILL_THREAD") == 0 ||
	    strcmp(a, "SCMP_ACT_TRAP") == 0);
}

/* A seccomp profile (OCI linux.seccomp, or Docker's own format, which
 * has the same members): in deny mode (default allow) the names refused
 * without argument conditions; in allow mode the names allowed without
 * conditions (a call allowed only with some arguments counts as
 * blocked: Docker's clone rule). */
static void
oci_seccomp(struct sandbox *sb, json_t *sc, const char *layer)
{
	const char *def = json_string_value(json_object_get(sc, "defaultAction"));
	json_t *rules = json_object_get(sc, "syscalls"), *r, *names, *n;
	size_t i, k;
	int allow;

	if (!json_is_object(sc) || def == NULL)
		return;
	allow = action_refuses(def);
	sandbox_set(&sb->filter, "%s", layer);
	sb->allow_mode = allow;
	sb->docker_default = 0;
	json_array_foreach(rules, i, r) {
		const char *a = json_string_value(json_object_get(r, "action"));
		json_t *args = json_object_get(r, "args");

		if (json_array_size(args) > 0)
			continue;
		if (allow ? (a == NULL || strcmp(a, "SCMP_ACT_ALLOW") != 0) :
		    !action_refuses(a))
			continue;
		names = json_object_get(r, "names");
		json_array_foreach(names, k, n)
			sandbox_name(sb, json_string_value(n));
		/* the older form: one "name" */
		sandbox_name(sb, json_string_value(json_object_get(r, "name")));
	}
}

static int
has_str(json_t *arr, const char *s)
{
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

/* an OCI config.json */
static int
oci_config(struct sandbox *sb, json_t *j, const char **why)
{
	json_t *proc = json_object_get(j, "process"), *caps, *m, *ns, *v;
	json_t *lx = json_object_get(j, "linux");
	size_t i;
	int netns = 0;

	sb->kind = SB_OCI;
	if (!json_is_object(proc)) {
		*why = "config.json has no process object";
		return -1;
	}
	if (json_is_true(json_object_get(proc, "noNewPrivileges"))) {
		sandbox_set(&sb->nnp, "process.noNewPrivileges");
		sb->nnp_set = 1;
	}
	caps = json_object_get(proc, "capabilities");
	if (!json_is_object(caps) ||
	    json_array_size(json_object_get(caps, "bounding")) == 0)
		sandbox_set(&sb->caps_none, "process.capabilities.bounding "
		    "empty");
	v = json_object_get(proc, "user");
	if (json_is_integer(json_object_get(v, "uid")))
		sb->user = xasprintf("%lld",
		    (long long)json_integer_value(json_object_get(v, "uid")));
	json_array_foreach(json_object_get(v, "additionalGids"), i, m)
		if (json_is_integer(m)) {
			char g[32];

			snprintf(g, sizeof g, "%lld",
			    (long long)json_integer_value(m));
			sandbox_group(sb, g);
		}
	sandbox_set(&sb->groups_dropped, "process.user.additionalGids");
	sandbox_set(&sb->base, "not mounted in the container");
	sb->base_mode = SBM_HIDDEN;
	json_array_foreach(json_object_get(j, "mounts"), i, m) {
		json_t *opts = json_object_get(m, "options");
		const char *type = json_string_value(json_object_get(m, "type"));
		const char *src = json_string_value(json_object_get(m, "source"));

		if (src == NULL || src[0] != '/' || !((type &&
		    strcmp(type, "bind") == 0) || has_str(opts, "bind") ||
		    has_str(opts, "rbind")))
			continue;
		sandbox_path(sb, src, has_str(opts, "ro") ? SBM_RO : SBM_RW,
		    "mounts: %s", src);
	}
	ns = json_object_get(lx, "namespaces");
	json_array_foreach(ns, i, m) {
		const char *t = json_string_value(json_object_get(m, "type"));

		/* with a path it joins a namespace that already exists,
		 * which may be the host's own */
		if (t && strcmp(t, "network") == 0 &&
		    json_object_get(m, "path") == NULL)
			netns = 1;
	}
	if (netns)
		sandbox_set(&sb->no_localhost, "linux.namespaces: network");
	oci_seccomp(sb, json_object_get(lx, "seccomp"), "linux.seccomp");
	return 0;
}

/* one container of `docker inspect` */
static int
docker_inspect(struct sandbox *sb, json_t *c, const char **why)
{
	json_t *hc = json_object_get(c, "HostConfig"), *v, *m;
	const char *s, *nm;
	size_t i;
	int bad = 0;

	sb->kind = SB_DOCKER;
	if (!json_is_object(hc)) {
		*why = "docker inspect output without HostConfig";
		return -1;
	}
	if ((nm = jget_str(c, "Name", &bad)) != NULL && *sb->name == '\0') {
		free(sb->name);
		sb->name = xstrdup(nm[0] == '/' ? nm + 1 : nm);
	}
	if ((s = jget_str(json_object_get(c, "Config"), "User", &bad)) &&
	    *s)
		sb->user = xstrdup(s);
	if (json_is_true(json_object_get(hc, "Privileged")))
		sandbox_set(&sb->privileged, "HostConfig.Privileged");
	json_array_foreach(json_object_get(hc, "SecurityOpt"), i, v)
		sandbox_docker_opt(sb, json_string_value(v));
	if (has_str(json_object_get(hc, "CapDrop"), "ALL") &&
	    json_array_size(json_object_get(hc, "CapAdd")) == 0)
		sandbox_set(&sb->caps_none, "HostConfig.CapDrop ALL");
	json_array_foreach(json_object_get(hc, "GroupAdd"), i, v)
		sandbox_group(sb, json_string_value(v));
	s = jget_str(hc, "NetworkMode", &bad);
	if (s && (strcmp(s, "host") == 0 || strncmp(s, "container:", 10) == 0))
		sb->net_host = 1;
	else if (s && strcmp(s, "none") == 0)
		sandbox_set(&sb->no_localhost, "HostConfig.NetworkMode none");
	if (!sb->net_host && sb->no_localhost == NULL)
		sandbox_set(&sb->no_localhost, "HostConfig.NetworkMode %s",
		    s && *s ? s : "default");
	json_array_foreach(json_object_get(c, "Mounts"), i, m) {
		const char *t = json_string_value(json_object_get(m, "Type"));
		const char *src = json_string_value(json_object_get(m, "Source"));

		if (t == NULL || strcmp(t, "bind") != 0 || src == NULL)
			continue;
		sandbox_path(sb, src, json_is_false(json_object_get(m, "RW")) ?
		    SBM_RO : SBM_RW, "Mounts: bind %s", src);
	}
	sandbox_docker_defaults(sb);
	return 0;
}

int
sandbox_seccomp(struct sandbox *sb, const char *buf, size_t len,
    const char *layer, const char **why)
{
	json_t *j;

	if (len > MAX_FILE_BYTES) {
		*why = "too large";
		return -1;
	}
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(j) || !json_is_string(json_object_get(j,
	    "defaultAction"))) {
		json_decref(j);
		*why = "not a seccomp profile (no defaultAction)";
		return -1;
	}
	oci_seccomp(sb, j, layer);
	sb->seccomp_unconfined = 0;
	json_decref(j);
	return 0;
}

int
sandbox_oci(struct sandbox *sb, const char *buf, size_t len,
    const char *container, const char **why)
{
	json_error_t e;
	json_t *j, *c = NULL, *x;
	size_t i;
	int rv = -1;

	if (len > MAX_FILE_BYTES) {
		*why = "too large";
		return -1;
	}
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL) {
		*why = "not JSON";
		return -1;
	}
	if (json_is_object(j) && json_object_get(j, "ociVersion") != NULL)
		rv = oci_config(sb, j, why);
	else if (json_is_array(j)) {
		json_array_foreach(j, i, x) {
			const char *nm = json_string_value(
			    json_object_get(x, "Name"));

			if (container == NULL || (nm && (strcmp(nm,
			    container) == 0 || (nm[0] == '/' &&
			    strcmp(nm + 1, container) == 0)))) {
				if (c != NULL && container == NULL) {
					*why = "docker inspect lists several "
					    "containers: name one (FILE#NAME)";
					goto out;
				}
				c = x;
			}
		}
		if (c == NULL)
			*why = container ? "no such container in the docker "
			    "inspect output" : "an empty docker inspect output";
		else
			rv = docker_inspect(sb, c, why);
	} else if (json_is_object(j) && json_object_get(j, "HostConfig"))
		rv = docker_inspect(sb, j, why);
	else
		*why = "neither an OCI config.json (ociVersion) nor docker "
		    "inspect output (HostConfig)";
out:
	json_decref(j);
	return rv;
}
