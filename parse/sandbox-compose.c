/*
 * sandbox-compose.c: one service of a compose file as a sandbox, the
 * YAML read with libyaml's document loader (a real parser: anchors,
 * flow and block styles, quoting). What a member means is the Compose
 * Specification's (compose-spec, 05-services.md: user, privileged,
 * cap_drop, cap_add, security_opt, network_mode, volumes, group_add);
 * Docker's own settings go through sandbox_docker_opt and friends. It
 * reads only the service's own members, never following an alias
 * deeper, and never opens a file the service names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "parse/sandbox.h"
#include "lib/bounds.h"
#include "lib/xmalloc.h"

/* the scalar text of a node, or NULL */
static const char *
scalar(yaml_document_t *d, int id)
{
	yaml_node_t *n = yaml_document_get_node(d, id);

	if (n == NULL || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

/* the value of key in mapping node id, or 0 */
static int
member(yaml_document_t *d, int id, const char *key)
{
	yaml_node_t *n = yaml_document_get_node(d, id);
	yaml_node_pair_t *p;
	const char *k;

	if (n == NULL || n->type != YAML_MAPPING_NODE)
		return 0;
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++)
		if ((k = scalar(d, p->key)) != NULL && strcmp(k, key) == 0)
			return p->value;
	return 0;
}

/* YAML 1.1's true as compose reads it */
static int
is_true(const char *s)
{
	return s && (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
	    strcmp(s, "yes") == 0);
}

/* each item of a sequence node: its scalar, or 0 for another kind */
static size_t
seq_items(yaml_document_t *d, int id, yaml_node_item_t **start)
{
	yaml_node_t *n = yaml_document_get_node(d, id);

	if (n == NULL || n->type != YAML_SEQUENCE_NODE) {
		*start = NULL;
		return 0;
	}
	*start = n->data.sequence.items.start;
	return (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
}

/* a volume: "SRC:DST[:MODE]" (a host path SRC starts with "/"), or the
 * long form {type: bind, source, target, read_only} */
static void
compose_volume(struct sandbox *sb, yaml_document_t *d, int id)
{
	const char *s = scalar(d, id), *t, *src;
	char *copy, *c1, *c2;

	if (s != NULL) {
		if (s[0] != '/')
			return;		/* a named volume, or relative */
		copy = xstrdup(s);
		if ((c1 = strchr(copy, ':')) != NULL) {
			*c1 = '\0';
			c2 = strchr(c1 + 1, ':');
			sandbox_path(sb, copy, c2 && strstr(c2 + 1, "ro") &&
			    strstr(c2 + 1, "rw") == NULL ? SBM_RO : SBM_RW,
			    "volumes: %s", s);
		}
		free(copy);
		return;
	}
	t = scalar(d, member(d, id, "type"));
	src = scalar(d, member(d, id, "source"));
	if (t && strcmp(t, "bind") == 0 && src && src[0] == '/')
		sandbox_path(sb, src, is_true(scalar(d, member(d, id,
		    "read_only"))) ? SBM_RO : SBM_RW, "volumes: bind %s", src);
}

static void
compose_service(struct sandbox *sb, yaml_document_t *d, int svc)
{
	yaml_node_item_t *it;
	const char *s;
	size_t n, i;
	int dropall = 0, v;

	if ((s = scalar(d, member(d, svc, "user"))) != NULL && *s)
		sb->user = xstrdup(s);
	if (is_true(scalar(d, member(d, svc, "privileged"))))
		sandbox_set(&sb->privileged, "privileged: true");
	n = seq_items(d, member(d, svc, "security_opt"), &it);
	for (i = 0; i < n; i++)
		sandbox_docker_opt(sb, scalar(d, it[i]));
	n = seq_items(d, member(d, svc, "cap_drop"), &it);
	for (i = 0; i < n; i++)
		if ((s = scalar(d, it[i])) && strcmp(s, "ALL") == 0)
			dropall = 1;
	if (dropall && (v = member(d, svc, "cap_add")) == 0)
		sandbox_set(&sb->caps_none, "cap_drop: [ALL]");
	n = seq_items(d, member(d, svc, "group_add"), &it);
	for (i = 0; i < n; i++)
		sandbox_group(sb, scalar(d, it[i]));
	s = scalar(d, member(d, svc, "network_mode"));
	if (s && (strcmp(s, "host") == 0 || strncmp(s, "container:", 10) == 0 ||
	    strncmp(s, "service:", 8) == 0))
		sb->net_host = strcmp(s, "host") == 0;
	if (s && strcmp(s, "none") == 0)
		sandbox_set(&sb->no_localhost, "network_mode: none");
	else if (s && !sb->net_host)
		sandbox_set(&sb->no_localhost, "network_mode: %s", s);
	n = seq_items(d, member(d, svc, "volumes"), &it);
	for (i = 0; i < n; i++)
		compose_volume(sb, d, it[i]);
	sandbox_docker_defaults(sb);
}

/* the service node: the one named, or the only one; 0 with *why */
static int
find_service(yaml_document_t *d, const char *service, const char **why)
{
	yaml_node_t *root = yaml_document_get_root_node(d), *svcs;
	int sid;

	if (root == NULL || root->type != YAML_MAPPING_NODE ||
	    (sid = member(d, 1, "services")) == 0 ||
	    (svcs = yaml_document_get_node(d, sid)) == NULL ||
	    svcs->type != YAML_MAPPING_NODE) {
		*why = "no services mapping";
		return 0;
	}
	if (service != NULL) {
		if ((sid = member(d, sid, service)) == 0)
			*why = "no such service";
		return sid;
	}
	if (svcs->data.mapping.pairs.top - svcs->data.mapping.pairs.start != 1) {
		*why = "several services: name one (FILE#SERVICE)";
		return 0;
	}
	return svcs->data.mapping.pairs.start->value;
}

int
sandbox_compose(struct sandbox *sb, const char *buf, size_t len,
    const char *service, const char **why)
{
	static char msg[160];
	yaml_parser_t p;
	yaml_document_t d;
	int svc, rv = -1;

	sb->kind = SB_COMPOSE;
	if (len > MAX_FILE_BYTES) {
		*why = "too large";
		return -1;
	}
	if (!yaml_parser_initialize(&p)) {
		*why = "cannot set up the YAML parser";
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&p, &d)) {
		snprintf(msg, sizeof msg, "line %lu: %s",
		    (unsigned long)p.problem_mark.line + 1,
		    p.problem ? p.problem : "not YAML");
		*why = msg;
		yaml_parser_delete(&p);
		return -1;
	}
	if ((svc = find_service(&d, service, why)) != 0) {
		if (service && *sb->name == '\0') {
			free(sb->name);
			sb->name = xstrdup(service);
		}
		compose_service(sb, &d, svc);
		rv = 0;
	}
	yaml_document_delete(&d);
	yaml_parser_delete(&p);
	return rv;
}
