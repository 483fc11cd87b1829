/*
 * sandbox-test.c: parse/sandbox*.c on the sandboxes an agent runs in: a
 * systemd service's settings and drop-in order, an OCI config.json, a
 * `docker inspect` array, compose services in block and flow style with
 * anchors; and hostile input (not JSON, not YAML, alias bombs, several
 * services or containers without a name, over-long lists).
 */
#include <stdlib.h>
#include <string.h>

#include "parse/sandbox.h"
#include "parse/unitfile.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

static char *last;

static const char *
unit(const char *a, const char *b)
{
	struct sandbox sb;
	struct unit_file uf = { 0 };
	const char *files[2] = { a, b };
	size_t i;

	free(last);
	sandbox_init(&sb, SB_SYSTEMD, "agent.service");
	for (i = 0; i < 2 && files[i]; i++) {
		unit_parse(files[i], strlen(files[i]), &uf, NULL, NULL);
		sandbox_unit(&sb, &uf, NULL, NULL);
		unit_file_free(&uf);
		memset(&uf, 0, sizeof uf);
	}
	sandbox_unit_end(&sb);
	last = sandbox_print(&sb);
	sandbox_free(&sb);
	return last;
}

static const char *
oci(const char *text, const char *name, int want)
{
	struct sandbox sb;
	const char *why = NULL;

	free(last);
	sandbox_init(&sb, SB_OCI, name ? name : "");
	T_EQ_INT(sandbox_oci(&sb, text, strlen(text), name, &why), want);
	last = want == 0 ? sandbox_print(&sb) : xstrdup(why ? why : "?");
	sandbox_free(&sb);
	return last;
}

static const char *
compose(const char *text, const char *svc, int want)
{
	struct sandbox sb;
	const char *why = NULL;

	free(last);
	sandbox_init(&sb, SB_COMPOSE, svc ? svc : "");
	T_EQ_INT(sandbox_compose(&sb, text, strlen(text), svc, &why), want);
	last = want == 0 ? sandbox_print(&sb) : xstrdup(why ? why : "?");
	sandbox_free(&sb);
	return last;
}

static void
test_unit(void)
{
	/* the bare service: nothing but its user */
	T_EQ_STR(unit("[Service]\nUser=agent\nExecStart=/bin/agent\n", NULL),
	    "kind systemd\nname agent.service\nuser agent\n");
	/* a drop-in after the unit, lists with prefixes and quoting */
	T_EQ_STR(unit("[Service]\nUser=agent\nProtectSystem=full\n",
	    "[Service]\nNoNewPrivileges=yes\nProtectSystem=strict\n"
	    "ReadWritePaths=-/srv/work \"/srv/with space\"\n"
	    "InaccessiblePaths=-/run/docker.sock +/home/alice\n"
	    "ProtectHome=read-only\nPrivateTmp=yes\n"
	    "IPAddressDeny=localhost\nRestrictAddressFamilies=AF_INET "
	    "AF_INET6\nCapabilityBoundingSet=\n"),
	    "kind systemd\nname agent.service\nuser agent\n"
	    "nnp NoNewPrivileges=yes\ncaps-none CapabilityBoundingSet=\n"
	    "no-unix RestrictAddressFamilies=AF_INET AF_INET6\n"
	    "no-localhost IPAddressDeny=localhost\n"
	    "base ro ProtectSystem=strict\n"
	    "path ro /usr ProtectSystem=full\npath ro /boot ProtectSystem=full\n"
	    "path ro /efi ProtectSystem=full\npath ro /etc ProtectSystem=full\n"
	    "path rw /srv/work ReadWritePaths=/srv/work\n"
	    "path rw /srv/with space ReadWritePaths=/srv/with space\n"
	    "path hidden /run/docker.sock InaccessiblePaths=/run/docker.sock\n"
	    "path hidden /home/alice InaccessiblePaths=/home/alice\n"
	    "path ro /home ProtectHome=read-only\n"
	    "path ro /root ProtectHome=read-only\n"
	    "path ro /run/user ProtectHome=read-only\n"
	    "path hidden /tmp PrivateTmp=yes\n"
	    "path hidden /var/tmp PrivateTmp=yes\n");
	/* implied no_new_privs: only for an unprivileged User= */
	T_OK(strstr(unit("[Service]\nUser=agent\nSystemCallFilter=~@mount "
	    "bpf\nRestrictNamespaces=yes\n", NULL), "nnp NoNewPrivileges "
	    "(implied by SystemCallFilter=~@mount bpf)\n") != NULL);
	T_OK(strstr(last, "deny @mount\ndeny bpf\n") != NULL);
	T_OK(strstr(last, "no-userns RestrictNamespaces=yes\n") != NULL);
	T_OK(strstr(unit("[Service]\nSystemCallFilter=~@mount\n", NULL),
	    "nnp") == NULL);
	/* NoNewPrivileges=no, a later empty filter resets it; a [Unit]
	 * key of the same name is not the service's */
	T_EQ_STR(unit("[Service]\nNoNewPrivileges=yes\n"
	    "SystemCallFilter=~bpf\n[Unit]\nPrivateTmp=yes\n",
	    "[Service]\nNoNewPrivileges=no\nSystemCallFilter=\n"),
	    "kind systemd\nname agent.service\n");
	/* allow lists and namespaces named */
	T_OK(strstr(unit("[Service]\nSystemCallFilter=@system-service\n"
	    "RestrictNamespaces=~user net\n", NULL),
	    "allow @system-service\n") != NULL);
	T_OK(strstr(last, "no-userns RestrictNamespaces=~user net\n"));
	T_OK(strstr(unit("[Service]\nRestrictNamespaces=net\n", NULL),
	    "no-userns RestrictNamespaces=net\n") != NULL);
	T_OK(strstr(unit("[Service]\nRestrictNamespaces=user net\n", NULL),
	    "no-userns") == NULL);
	/* a relative path is refused, bad quoting skipped */
	T_EQ_STR(unit("[Service]\nInaccessiblePaths=run/x \"/a\n", NULL),
	    "kind systemd\nname agent.service\n");
}

static void
test_oci(void)
{
	T_EQ_STR(oci("{\"ociVersion\":\"1.0.2\",\"process\":{\"user\":"
	    "{\"uid\":1001,\"gid\":1001,\"additionalGids\":[998]},"
	    "\"noNewPrivileges\":true,\"capabilities\":{\"bounding\":[]}},"
	    "\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\","
	    "\"source\":\"proc\"},{\"destination\":\"/s\",\"type\":\"bind\","
	    "\"source\":\"/var/run/docker.sock\",\"options\":[\"rbind\"]},"
	    "{\"destination\":\"/w\",\"source\":\"/srv/./w/\",\"options\":"
	    "[\"bind\",\"ro\"]}],\"linux\":{\"namespaces\":[{\"type\":"
	    "\"network\"}],\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\","
	    "\"syscalls\":[{\"names\":[\"read\",\"write\"],\"action\":"
	    "\"SCMP_ACT_ALLOW\"},{\"names\":[\"clone\"],\"action\":"
	    "\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":"
	    "\"SCMP_CMP_EQ\"}]}]}}}", NULL, 0),
	    "kind oci\nname \nuser 1001\nnnp process.noNewPrivileges\n"
	    "caps-none process.capabilities.bounding empty\n"
	    "groups-dropped process.user.additionalGids\n"
	    "no-localhost linux.namespaces: network\n"
	    "filter linux.seccomp\n"
	    "base hidden not mounted in the container\n"
	    "path rw /var/run/docker.sock mounts: /var/run/docker.sock\n"
	    "path ro /srv/w mounts: /srv/./w/\n"
	    "allow read\nallow write\ngroup-add 998\n");
	/* docker inspect: the one named, defaults of a container */
	T_EQ_STR(oci("[{\"Name\":\"/a\",\"HostConfig\":{}},{\"Name\":\"/b\","
	    "\"Config\":{\"User\":\"agent\"},\"HostConfig\":{\"NetworkMode\":"
	    "\"host\",\"CapDrop\":[\"ALL\"],\"SecurityOpt\":["
	    "\"no-new-privileges:true\",\"seccomp=unconfined\"],"
	    "\"GroupAdd\":[\"docker\"]},\"Mounts\":[{\"Type\":\"bind\","
	    "\"Source\":\"/srv/w\",\"RW\":false},{\"Type\":\"volume\","
	    "\"Source\":\"/var/lib/docker/volumes/x\"}]}]", "b", 0),
	    "kind docker\nname b\nuser agent\n"
	    "nnp security_opt no-new-privileges\n"
	    "caps-none HostConfig.CapDrop ALL\n"
	    "groups-dropped the container's own groups\n"
	    "base hidden not mounted in the container\n"
	    "path ro /srv/w Mounts: bind /srv/w\ngroup-add docker\n");
	T_EQ_STR(oci("[{\"Name\":\"/a\",\"HostConfig\":{\"Privileged\":true}}]",
	    NULL, 0), "kind docker\nname a\n"
	    "groups-dropped the container's own groups\n"
	    "no-localhost HostConfig.NetworkMode default\n"
	    "privileged HostConfig.Privileged\n"
	    "base hidden not mounted in the container\n");
	/* the default profile when nothing else is said */
	T_OK(strstr(oci("{\"HostConfig\":{}}", NULL, 0),
	    "filter Docker's default seccomp profile\n") != NULL);
	T_OK(strstr(last, "docker-default-seccomp\n") != NULL);
	T_EQ_STR(oci("[{\"Name\":\"/a\",\"HostConfig\":{}},{\"Name\":\"/b\","
	    "\"HostConfig\":{}}]", NULL, -1), "docker inspect lists several "
	    "containers: name one (FILE#NAME)");
	T_EQ_STR(oci("[]", NULL, -1), "an empty docker inspect output");
	T_EQ_STR(oci("[{\"Name\":\"/a\",\"HostConfig\":{}}]", "z", -1),
	    "no such container in the docker inspect output");
	T_EQ_STR(oci("{\"ociVersion\":\"1\"}", NULL, -1),
	    "config.json has no process object");
	T_EQ_STR(oci("{\"a\":1,\"a\":2}", NULL, -1), "not JSON");
	T_EQ_STR(oci("{}", NULL, -1), "neither an OCI config.json "
	    "(ociVersion) nor docker inspect output (HostConfig)");
}

static void
test_compose(void)
{
	const char *two =
	    "x-common: &common\n"
	    "  cap_drop: [ALL]\n"
	    "  security_opt:\n"
	    "    - no-new-privileges:true\n"
	    "services:\n"
	    "  db:\n"
	    "    image: postgres\n"
	    "    network_mode: host\n"
	    "    privileged: true\n"
	    "  agent:\n"
	    "    <<: *common\n"
	    "    user: '1001:1001'\n"
	    "    cap_drop: [\"ALL\"]\n"
	    "    security_opt: [\"no-new-privileges:true\", "
	    "\"seccomp=prof.json\"]\n"
	    "    group_add: [docker]\n"
	    "    volumes:\n"
	    "      - /srv/work:/work\n"
	    "      - /etc/passwd:/etc/passwd:ro\n"
	    "      - cache:/cache\n"
	    "      - ./rel:/rel\n"
	    "      - type: bind\n"
	    "        source: /var/run/docker.sock\n"
	    "        target: /var/run/docker.sock\n"
	    "        read_only: true\n";

	T_EQ_STR(compose(two, "agent", 0), "kind compose\nname agent\n"
	    "user 1001:1001\nnnp security_opt no-new-privileges\n"
	    "caps-none cap_drop: [ALL]\n"
	    "groups-dropped the container's own groups\n"
	    "no-localhost the container's own network namespace\n"
	    "base hidden not mounted in the container\n"
	    "path rw /srv/work volumes: /srv/work:/work\n"
	    "path ro /etc/passwd volumes: /etc/passwd:/etc/passwd:ro\n"
	    "path ro /var/run/docker.sock volumes: bind /var/run/docker.sock\n"
	    "group-add docker\n");
	T_OK(strstr(compose(two, "db", 0), "privileged privileged: true\n"));
	T_OK(strstr(last, "no-localhost") == NULL);
	T_EQ_STR(compose(two, NULL, -1), "several services: name one "
	    "(FILE#SERVICE)");
	T_EQ_STR(compose(two, "nope", -1), "no such service");
	T_EQ_STR(compose("services: [a]\n", NULL, -1), "no services mapping");
	T_EQ_STR(compose("a: [\n", NULL, -1),
	    "line 2: did not find expected node content");
	/* an alias bomb: the service is read, never the aliases' depths */
	T_OK(strstr(compose("a: &a [x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "services:\n  s:\n    volumes: *d\n    cap_drop: *d\n",
	    NULL, 0), "kind compose") != NULL);
}

static void
test_bounds(void)
{
	struct buf b = { 0 };
	size_t i;

	buf_adds(&b, "[Service]\nInaccessiblePaths=");
	for (i = 0; i < SB_MAX_PATHS + 10; i++)
		buf_printf(&b, "/p%zu ", i);
	buf_adds(&b, "\nSystemCallFilter=~");
	for (i = 0; i < SB_MAX_NAMES + 10; i++)
		buf_printf(&b, "c%zu ", i);
	buf_addc(&b, '\n');
	T_OK(strstr(unit(buf_str(&b), NULL), "full\n") != NULL);
	buf_free(&b);
}

int
main(void)
{
	test_unit();
	test_oci();
	test_compose();
	test_bounds();
	free(last);
	T_DONE();
}
