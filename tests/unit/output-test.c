/*
 * output-test.c: the auditd rules, agent policies, remediation script and
 * SARIF writers (output/audit.c policy.c fix.c sarif.c) on reports built
 * in memory with the real report model: expected content, libaudit's
 * verdict on every rule written and on malformed ones, determinism, the
 * same bytes from a report read back from its JSON, and hostile text
 * (quotes, newlines, bytes that are not UTF-8) in paths.
 *
 *   output-test                 run the tests
 *   output-test --emit FORMAT [--root DIR] [REPORT.json]
 *                               write one output of the sample report (or
 *                               of REPORT.json) to stdout, for
 *                               tests/e2e/outputs.sh: audit, audit-base,
 *                               audit-immutable, generic, claude-code,
 *                               claude-code-hook, codex, codex-rules, fix,
 *                               sarif, json
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/output.h"
#include "lib/xmalloc.h"
#include "tests/unit/t.h"

/* report_add for a check id and family given as text */
#define T_ADD(r, id, fam, ...) \
	report_add((r), &(const struct reporter){ (id), (fam) }, __VA_ARGS__)

#define UID_AGENT	1001
#define ODD		"/etc/cron.d/it's\nodd \xff"

static struct report *
sample2(const char *kind, const char *root, const char *arch, int hostile)
{
	struct report *r = report_new();
	struct finding *f;

	free(r->kind);
	free(r->root);
	r->kind = xstrdup(kind);
	r->root = xstrdup(root);
	r->arch = arch ? xstrdup(arch) : NULL;
	r->user_name = xstrdup("agent");
	r->uid = UID_AGENT;
	r->gid = 1001;
	r->groups = xcalloc(2, sizeof *r->groups);
	r->groups[0].name = xstrdup("agent");
	r->groups[0].gid = 1001;
	r->groups[1].name = xstrdup("docker");
	r->groups[1].gid = 998;
	r->ngroups = 2;

	f = T_ADD(r, "group-membership", "group-membership", SEV_CRITICAL,
	    0.8, "/etc/group", "docker", "agent is in group docker, which is "
	    "root-equivalent");
	finding_ev_str(f, "group", "docker");
	finding_ev_int(f, "gid", 998);
	finding_set_remediation(f, "gpasswd -d 'agent' 'docker'");
	finding_close(f, CLOSE_GROUP, "docker");
	finding_watch(r, f, "/etc/group", 0, "wa");

	f = T_ADD(r, "container-socket", "container-socket", SEV_CRITICAL,
	    0.9, "/run/docker.sock", "", "agent can connect to the docker "
	    "socket /run/docker.sock");
	finding_ev_mode(f, "mode", 0140660);
	finding_ev_int(f, "gid", 998);
	finding_close(f, CLOSE_CONNECT, "/run/docker.sock");

	f = T_ADD(r, "setuid", "setuid", SEV_CRITICAL, 0.9,
	    "/usr/bin/find", "u", "setuid program /usr/bin/find: known to "
	    "spawn a shell");
	finding_ev_mode(f, "mode", 0104755);
	finding_close(f, CLOSE_EXEC, "/usr/bin/find");
	finding_watch(r, f, "/usr/bin/find", 0, "x");

	/* no watch of its own: the writer adds the execve rules */
	f = T_ADD(r, "setuid", "setuid", SEV_MEDIUM, 0.3,
	    "/opt/tool/bin/helper", "g", "setgid program /opt/tool/bin/helper");
	finding_ev_mode(f, "mode", 0102755);
	finding_close(f, CLOSE_EXEC, "/opt/tool/bin/helper");

	f = T_ADD(r, "file-capability", "file-capability", SEV_CRITICAL,
	    0.9, "/usr/bin/python3.11", "", "python3.11 has cap_setuid");
	finding_ev_str(f, "user_can_modify", "replaceable");
	finding_ev_str(f, "writable_directory", "/usr/bin");
	finding_close(f, CLOSE_EXEC, "/usr/bin/python3.11");
	finding_set_remediation(f, "setcap -r '/usr/bin/python3.11'");

	f = T_ADD(r, "writable-config", "writable-config", SEV_CRITICAL,
	    0.9, "/etc/sudoers.d", "", "/etc/sudoers.d is writable by agent");
	finding_close(f, CLOSE_WRITE, "/etc/sudoers.d");
	finding_watch(r, f, "/etc/sudoers.d", 1, "wa");

	f = T_ADD(r, "credentials", "credentials", SEV_HIGH, 0.5,
	    "/etc/shadow", "", "agent can read /etc/shadow");
	finding_close(f, CLOSE_READ, "/etc/shadow");
	finding_watch(r, f, "/etc/shadow", 0, "r");

	f = T_ADD(r, "local-service", "localhost-service", SEV_HIGH, 0.5,
	    "tcp://127.0.0.1:2375", "", "the docker API listens on "
	    "127.0.0.1:2375 without TLS");
	finding_close(f, CLOSE_PORT, "127.0.0.1:2375");

	/* hostile: a quote, a newline, a space and a byte that is not UTF-8 */
	if (hostile) {
		f = T_ADD(r, "writable-config", "writable-config",
		    SEV_HIGH, 0.5, ODD, "", "a file with an odd name is "
		    "writable");
		finding_close(f, CLOSE_WRITE, ODD);
		finding_watch(r, f, ODD, 0, "wa");
	}

	/* no deny entry and no command: the script shows the remediation */
	f = T_ADD(r, "kernel", "kernel", SEV_MEDIUM, 0.5,
	    "/proc/sys/kernel/unprivileged_userns_clone", "",
	    "unprivileged user namespaces are enabled");
	finding_set_remediation(f, "sysctl -w "
	    "kernel.unprivileged_userns_clone=0\n# and persist it");

	report_finish(r);
	return r;
}

static struct report *
sample(const char *kind, const char *root, const char *arch)
{
	return sample2(kind, root, arch, 1);
}

/* one output into a string */
static char *
run(int (*fn)(const struct report *, FILE *, const void *, const char **),
    const struct report *r, const void *arg, int *rv, const char **why)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	if (fp == NULL)
		abort();
	*why = NULL;
	*rv = fn(r, fp, arg, why);
	fclose(fp);
	return s;
}

static int
do_audit(const struct report *r, FILE *fp, const void *a, const char **why)
{
	return output_audit(r, fp, a, why);
}

static int
do_fix(const struct report *r, FILE *fp, const void *a, const char **why)
{
	(void)a;
	return output_fix(r, fp, why);
}

static int
do_sarif(const struct report *r, FILE *fp, const void *a, const char **why)
{
	(void)a;
	return output_sarif(r, fp, why);
}

struct pol {
	enum policy_format	fmt;
	unsigned		flags;
};

static int
do_policy(const struct report *r, FILE *fp, const void *a, const char **why)
{
	const struct pol *p = a;

	return output_policy(r, fp, p->fmt, p->flags, why);
}

static int
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line)) != NULL) {
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' ||
		    p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

static int
json_array_has(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

static const char *
find_id(const struct report *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i]->path, path) == 0)
			return r->findings[i]->id;
	return "?";
}

/* ---- libaudit's parser ---------------------------------------------- */

static void
test_validator(void)
{
	static const char *const good[] = {
		"-a always,exit -F path=/etc/shadow -F perm=wa -F uid=1001 "
		    "-F key=privmap-credentials",
		"-a always,exit -F dir=/etc/sudoers.d -F perm=wa -F uid=1001 "
		    "-F key=privmap-sudo",
		"-a exit,always -F arch=x86_64 -S execve -S execveat "
		    "-F path=/usr/bin/find -F uid=1001 -F key=privmap-setuid",
		"-a always,exit -F arch=i386 -S setuid32 -S setresuid32 "
		    "-F auid=1001 -F key=privmap-escalate",
		"-a always,exit -F arch=b32 -S socketcall -F a0=3 "
		    "-F path=/run/docker.sock -F uid=1001 -F key=k",
		"-w /etc/passwd -p wa -k privmap-writable-config",
	};
	static const struct {
		const char	*rule;
		const char	*msg;	/* part of the expected message */
	} bad[] = {
		/* libaudit's own messages (audit_number_to_errmsg) */
		{ "-a always,exit -F frobnicate=1 -F key=k",
		    "-F unknown field: frobnicate" },
		{ "-a always,exit -F path=/x -F perm=wz -F key=k",
		    "Permission can only contain" },
		{ "-a always,exit -F arch=x86_64 -S execve -F arch=i386 "
		    "-F key=k", "must be before -S" },
		{ "-a always,exit -F uid -F key=k",
		    "-F missing operation for uid" },
		{ "-a always,exit -F arch=nosuch -S open -F key=k",
		    "elf mapping not found" },
		{ "-a always,exit -F uid=5 -F key=k",
		    "Key field needs a watch, syscall or exe path" },
		{ "-a always,exit -F arch=x86_64 -S setuid32 -F key=k",
		    "Syscall name unknown: setuid32" },
		/* what privmap adds to them */
		{ "-a always,exit -F uid=agent -F path=/x -F key=k",
		    "name would be looked up" },
		{ "-a always,exit -F arch=b64 -S open -F key=k -F key=j",
		    "one key each" },
		{ "-a always,exit -F path=/x -F key=privmap-aaaaaaaaaaaaaaaaaaaaaaaaa",
		    "longer than 31" },
		{ "-a always,exit -S open -F key=k", "no -F arch=" },
		{ "-a always,exit -F path=relative -F key=k", "absolute" },
		{ "-a always,exit -F dir=/etc/ -F key=k", "ending in '/'" },
		{ "-a always,exit -F path=/x", "no key" },
		{ "-a never,task -F uid=5 -F key=k", "exit-list rules only" },
		{ "-D", "no place" },
		{ "-e 2", "no place" },
		{ "-a always,exit -F path=/x -F key=k -i", "no place" },
		{ "-a always,exit -F path=/a\\ b -F key=k", "backslash" },
		{ "-a always,exit -F path=/a\nb -F key=k", "control" },
		{ "-w /x -p wa -a always,exit -k k", "Multiple rule" },
	};
	const char *why;
	size_t i;

	for (i = 0; i < sizeof good / sizeof *good; i++) {
		why = NULL;
		T_EQ_INT(audit_rule_check(good[i], &why), 0);
		if (why)
			fprintf(stderr, "  %s\n  -> %s\n", good[i], why);
	}
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		why = NULL;
		T_EQ_INT(audit_rule_check(bad[i].rule, &why), -1);
		T_OK(why != NULL && strstr(why, bad[i].msg) != NULL);
		printf("rejected: %s\n      -> %s\n", bad[i].rule,
		    why ? why : "(none)");
	}
}

/* every rule line of a drop-in passes the validator, and none is a
 * control line */
static void
check_rules_file(const char *text)
{
	char *copy = xstrdup(text), *save = NULL, *line, *k;
	const char *why;

	for (line = strtok_r(copy, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		T_OK(line[0] == '-');
		T_OK(strncmp(line, "-D", 2) && strncmp(line, "-e", 2) &&
		    strncmp(line, "-b", 2) && strncmp(line, "-f", 2));
		T_OK(strstr(line, " -i") == NULL && strstr(line, " -c") == NULL);
		why = NULL;
		T_EQ_INT(audit_rule_check(line, &why), 0);
		if (why)
			fprintf(stderr, "  %s -> %s\n", line, why);
		k = strstr(line, "key=");
		T_OK(k != NULL && strncmp(k + 4, "privmap-", 8) == 0 &&
		    strcspn(k + 4, " ") <= 31);
	}
	free(copy);
}

static void
test_audit(void)
{
	struct report *r = sample("rootfs", "/srv/root", "x86_64");
	struct audit_opts o = { NULL, 0, -1 };
	const char *why;
	char *a, *b, *line;
	int rv;

	a = run(do_audit, r, &o, &rv, &why);
	T_EQ_INT(rv, 0);
	check_rules_file(a);
	/* the findings' own watches, by uid */
	T_OK(has_line(a, "-a always,exit -F path=/etc/shadow -F perm=r "
	    "-F uid=1001 -F key=privmap-credentials"));
	T_OK(has_line(a, "-a always,exit -F dir=/etc/sudoers.d -F perm=wa "
	    "-F uid=1001 -F key=privmap-writable-config"));
	/* execve rules only where no watch with perm=x records runs */
	T_OK(has_line(a, "-a always,exit -F arch=x86_64 -S execve "
	    "-S execveat -F path=/opt/tool/bin/helper -F uid=1001 "
	    "-F key=privmap-setuid"));
	T_OK(has_line(a, "-a always,exit -F arch=i386 -S execve -S execveat "
	    "-F path=/opt/tool/bin/helper -F uid=1001 -F key=privmap-setuid"));
	T_OK(strstr(a, "-S execve -S execveat -F path=/usr/bin/find") == NULL);
	T_OK(has_line(a, "-a always,exit -F arch=x86_64 -S execve "
	    "-S execveat -F path=/usr/bin/python3.11 -F uid=1001 "
	    "-F key=privmap-file-capability"));
	/* connect() to the socket, 64 and 32 bit, socketcall too */
	T_OK(has_line(a, "-a always,exit -F arch=x86_64 -S connect "
	    "-F path=/run/docker.sock -F uid=1001 "
	    "-F key=privmap-container-socket"));
	T_OK(has_line(a, "-a always,exit -F arch=i386 -S socketcall -F a0=3 "
	    "-F path=/run/docker.sock -F uid=1001 "
	    "-F key=privmap-container-socket"));
	/* credential changes with the 32-bit names, by uid and login uid */
	T_OK(has_line(a, "-a always,exit -F arch=x86_64 -S setuid -S setreuid "
	    "-S setresuid -S setgid -S setregid -S setresgid -S setgroups "
	    "-S capset -F uid=1001 -F key=privmap-escalate"));
	T_OK(strstr(a, "-F arch=i386 -S setuid32 -S setreuid32") != NULL);
	T_OK(strstr(a, "-S capset -F auid=1001 -F key=privmap-escalate") !=
	    NULL);
	T_OK(strstr(a, "-S init_module -S finit_module -S delete_module") !=
	    NULL);
	T_OK(strstr(a, "-S mount -S umount2") != NULL);
	T_OK(strstr(a, "-S unshare -S setns") != NULL);
	/* ids in comments; the odd path left out with a note */
	line = xasprintf("# finding %s", find_id(r, "/etc/shadow"));
	T_OK(has_line(a, line));
	free(line);
	T_OK(strstr(a, "## Left out") != NULL);
	T_OK(strstr(a, "odd") == NULL);
	/* no arch names from the machine running the test */
	T_OK(strstr(a, "arch=b64") == NULL && strstr(a, "arch=b32") == NULL);
	/* de-duplicated: the /etc/group watch once */
	{
		char *first = strstr(a, "-F path=/etc/group ");

		T_OK(first != NULL && strstr(first + 1, "-F path=/etc/group ")
		    == NULL);
	}
	/* deterministic */
	b = run(do_audit, r, &o, &rv, &why);
	T_EQ_STR(a, b);
	free(b);
	free(a);

	/* unknown arch: b64 and b32, and those only */
	free(r->arch);
	r->arch = NULL;
	a = run(do_audit, r, &o, &rv, &why);
	T_EQ_INT(rv, 0);
	check_rules_file(a);
	T_OK(strstr(a, "-F arch=b64 -S setuid ") != NULL);
	T_OK(strstr(a, "-F arch=b32 -S setuid32 ") != NULL);
	T_OK(strstr(a, "arch=x86_64") == NULL);
	free(a);

	/* an arch named by the caller wins; aarch64's compat is arm */
	o.arch = "arm64";
	a = run(do_audit, r, &o, &rv, &why);
	T_EQ_INT(rv, 0);
	check_rules_file(a);
	T_OK(strstr(a, "-F arch=aarch64 -S setuid ") != NULL);
	T_OK(strstr(a, "-F arch=arm -S setuid32 ") != NULL);
	free(a);
	o.arch = NULL;

	/* a check's syscall rule without an arch: written once per arch,
	 * with the names each arch has; a unix socket of a local service
	 * gets connect rules like a runtime socket */
	{
		struct report *x = sample("rootfs", "/srv/root", "x86_64");
		struct finding *f = T_ADD(x, "process-capability",
		    "process-capability", SEV_MEDIUM, 0.5, "/proc", "nnp",
		    "processes run without no_new_privs");

		static const char *const execve[] = { "execve", NULL };
		static const char *const setuid32[] = { "setuid32", NULL };

		finding_audit_syscalls(x, f, execve, 1);
		finding_audit_syscalls(x, f, setuid32, 0);
		f = T_ADD(x, "local-service", "localhost-service",
		    SEV_HIGH, 0.5, "/run/redis.sock", "", "redis without auth");
		finding_close(f, CLOSE_CONNECT, "/run/redis.sock");
		report_finish(x);
		a = run(do_audit, x, &o, &rv, &why);
		T_EQ_INT(rv, 0);
		check_rules_file(a);
		T_OK(has_line(a, "-a always,exit -F arch=x86_64 -S execve "
		    "-F uid=1001 -F euid=0 -F key=privmap-process-capability"));
		T_OK(has_line(a, "-a always,exit -F arch=i386 -S execve "
		    "-F uid=1001 -F euid=0 -F key=privmap-process-capability"));
		T_OK(has_line(a, "-a always,exit -F arch=i386 -S setuid32 "
		    "-F uid=1001 -F key=privmap-process-capability"));
		T_OK(strstr(a, "-F arch=x86_64 -S setuid32") == NULL);
		T_OK(has_line(a, "-a always,exit -F arch=x86_64 -S connect "
		    "-F path=/run/redis.sock -F uid=1001 "
		    "-F key=privmap-localhost-service"));
		free(a);
		report_free(x);
	}

	/* rule text in the audit member is never written: a never rule,
	 * an unscoped one and a watch of / are left out with a note */
	finding_audit(r->findings[0], "-a never,exit -F arch=b64 -S all "
	    "-F key=privmap-x");
	finding_audit(r->findings[0], "-a always,exit -F dir=/ -F perm=wa "
	    "-F key=privmap-x");
	a = run(do_audit, r, &o, &rv, &why);
	T_EQ_INT(rv, 0);
	check_rules_file(a);
	T_OK(strstr(a, "never") == NULL && strstr(a, "dir=/ ") == NULL &&
	    strstr(a, "-S all") == NULL);
	T_OK(strstr(a, "2 rules of its audit member are not what its "
	    "audit_data gives: left out") != NULL);
	free(a);
	report_free(r);

	/* root: no syscall rules (every root process would match) */
	r = sample("host", "/", "x86_64");
	r->uid = 0;
	a = run(do_audit, r, &o, &rv, &why);
	T_EQ_INT(rv, 0);
	T_OK(strstr(a, "privmap-escalate") == NULL);
	free(a);
	report_free(r);

	{
		char *s = NULL;
		size_t n = 0;
		FILE *fp = open_memstream(&s, &n);

		T_EQ_INT(output_audit_base(fp, &o, &why), 0);
		T_EQ_INT(output_audit_immutable(fp, &why), 0);
		fclose(fp);
		T_OK(has_line(s, "-D") && has_line(s, "-b 8192") &&
		    has_line(s, "-f 1") && has_line(s, "-e 2"));
		free(s);
	}
}

/* ---- policies ------------------------------------------------------- */

static json_t *
load(const char *s)
{
	json_error_t e;
	json_t *j = json_loads(s ? s : "", 0, &e);

	if (j == NULL)
		fprintf(stderr, "JSON: %s at line %d\n", e.text, e.line);
	return j;
}

static int
generic_has(json_t *deny, const char *action, const char *target,
    const char *id, const char *cls)
{
	size_t i;
	json_t *e;

	json_array_foreach(deny, i, e)
		if (strcmp(json_string_value(json_object_get(e, "action")),
		    action) == 0 &&
		    strcmp(json_string_value(json_object_get(e, "target")),
		    target) == 0 &&
		    strcmp(json_string_value(json_object_get(e, "finding")),
		    id) == 0 &&
		    json_is_string(json_object_get(e, "reason")) &&
		    json_array_has(json_object_get(e, "classes"), cls))
			return 1;
	return 0;
}

static void
test_policy(void)
{
	struct report *r = sample("host", "/", NULL);
	struct pol p = { POLICY_GENERIC, 0 };
	const char *why;
	char *s, *s2;
	json_t *j, *deny, *env;
	int rv;

	T_EQ_INT(policy_format_parse("claude-code"), POLICY_CLAUDE_CODE);
	T_EQ_INT(policy_format_parse("codex-rules"), POLICY_CODEX_RULES);
	T_EQ_INT(policy_format_parse("vim"), -1);
	s = policy_codex_rules_path("out/privmap.toml");
	T_EQ_STR(s, "out/privmap.rules");
	free(s);
	s = policy_codex_rules_path("x");
	T_EQ_STR(s, "x.rules");
	free(s);
	s = policy_codex_rules_path("-");
	T_EQ_STR(s, "privmap.rules");
	free(s);

	s = run(do_policy, r, &p, &rv, &why);
	T_EQ_INT(rv, 0);
	j = load(s);
	T_OK(j != NULL);
	T_EQ_STR(json_string_value(json_object_get(j, "schema")),
	    "privmap.policy/1");
	deny = json_object_get(j, "deny");
	T_OK(generic_has(deny, "group", "docker", find_id(r, "/etc/group"),
	    "escalate"));
	T_OK(generic_has(deny, "write", "/etc/sudoers.d",
	    find_id(r, "/etc/sudoers.d"), "write-state"));
	T_OK(generic_has(deny, "read", "/etc/shadow", find_id(r, "/etc/shadow"),
	    "exfiltrate"));
	T_OK(generic_has(deny, "connect", "/run/docker.sock",
	    find_id(r, "/run/docker.sock"), "network"));
	T_OK(generic_has(deny, "exec", "/usr/bin/find",
	    find_id(r, "/usr/bin/find"), "escalate"));
	T_OK(generic_has(deny, "port", "127.0.0.1:2375",
	    find_id(r, "tcp://127.0.0.1:2375"), "network"));
	env = json_object_get(j, "envelope");
	T_EQ_STR(json_string_value(json_object_get(json_object_get(env,
	    "escalate"), "default")), "deny");
	T_EQ_INT(json_object_size(env), 6);
	json_decref(j);
	s2 = run(do_policy, r, &p, &rv, &why);
	T_EQ_STR(s, s2);
	free(s);
	free(s2);

	p.fmt = POLICY_CLAUDE_CODE;
	s = run(do_policy, r, &p, &rv, &why);
	T_EQ_INT(rv, 0);
	j = load(s);
	T_OK(j != NULL);
	deny = json_object_get(json_object_get(j, "permissions"), "deny");
	T_OK(json_array_has(deny, "Bash(docker *)"));
	T_OK(json_array_has(deny, "Bash(sg docker *)"));
	T_OK(json_array_has(deny, "Edit(//etc/sudoers.d/**)"));
	T_OK(json_array_has(deny, "Edit(//etc/sudoers.d)"));
	T_OK(json_array_has(deny, "Read(//etc/shadow)"));
	T_OK(json_array_has(deny, "Bash(*/etc/shadow*)"));
	T_OK(json_array_has(deny, "Bash(/usr/bin/find *)"));
	T_OK(json_array_has(deny, "Bash(find *)"));
	T_OK(json_array_has(deny, "Bash(*127.0.0.1:2375*)"));
	T_OK(json_array_has(deny, "WebFetch(domain:127.0.0.1)"));
	T_OK(json_object_get(j, "hooks") == NULL);
	json_decref(j);
	free(s);
	p.flags = POLICY_HOOK;
	s = run(do_policy, r, &p, &rv, &why);
	j = load(s);
	{
		json_t *h = json_array_get(json_object_get(json_object_get(j,
		    "hooks"), "PreToolUse"), 0);
		const char *cmd = json_string_value(json_object_get(
		    json_array_get(json_object_get(h, "hooks"), 0), "command"));

		T_OK(h != NULL && strstr(json_string_value(json_object_get(h,
		    "matcher")), "Bash") != NULL);
		T_OK(h != NULL && strstr(json_string_value(json_object_get(h,
		    "matcher")), "Grep") != NULL);
		T_EQ_STR(cmd, "privmap hook claude-code --policy "
		    "\"$HOME\"/.claude/privmap-policy.json");
		/* the entry no rule can name is said, not dropped */
		T_OK(strstr(json_string_value(json_object_get(j, "$comment")),
		    "write /etc/cron.d/it's\nodd \\xff") != NULL);
	}
	json_decref(j);
	free(s);
	{
		/* the command line's form: absolute paths, shell-quoted */
		struct policy_hook hk = { "/opt/it's/privmap",
		    "/home/a b/p.json" };
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);

		T_OK(fp != NULL);
		T_EQ_INT(output_policy_claude(r, fp, &hk, &why), 0);
		fclose(fp);
		j = load(buf);
		T_OK(j != NULL);
		T_EQ_STR(json_string_value(json_object_get(json_array_get(
		    json_object_get(json_array_get(json_object_get(
		    json_object_get(j, "hooks"), "PreToolUse"), 0), "hooks"),
		    0), "command")), "'/opt/it'\\''s/privmap' hook claude-code "
		    "--policy '/home/a b/p.json'");
		json_decref(j);
		free(buf);
	}

	p.fmt = POLICY_CODEX;
	s = run(do_policy, r, &p, &rv, &why);
	T_EQ_INT(rv, 0);
	T_OK(has_line(s, "sandbox_mode = \"workspace-write\""));
	T_OK(has_line(s, "[sandbox_workspace_write]"));
	T_OK(has_line(s, "network_access = false"));
	T_OK(has_line(s, "approval_policy = \"on-request\""));
	T_OK(has_line(s, "allow_login_shell = true"));
	T_OK(strstr(s, "untrusted") == NULL);
	T_OK(strstr(s, "codex-rules") == NULL);
	T_OK(strstr(s, "read /etc/shadow") != NULL);
	free(s);

	p.fmt = POLICY_CODEX_RULES;
	s = run(do_policy, r, &p, &rv, &why);
	T_EQ_INT(rv, 0);
	T_OK(strstr(s, "pattern = [_spell([\"find\"])],\n"
	    "    decision = \"forbidden\",") != NULL);
	T_OK(strstr(s, "pattern = [_spell([\"docker\"])]") != NULL);
	T_OK(strstr(s, "pattern = [_spell([\"sg\", \"newgrp\"]), "
	    "\"docker\"]") != NULL);
	T_OK(strstr(s, "pattern = [[\"/opt/tool/bin/helper\", \"helper\"]]")
	    != NULL);
	T_OK(strstr(s, "justification = \"privmap PM-") != NULL);
	T_OK(strstr(s, "_GROUPS = [\"docker\"]") != NULL);
	T_OK(strstr(s, "for w in _WRAPPERS:") != NULL);
	T_OK(strstr(s, "codex-rules") == NULL);
	free(s);
	report_free(r);
}

/* ---- remediation script --------------------------------------------- */

static void
test_fix(void)
{
	struct report *r = sample("rootfs", "/srv/it's root/", NULL);
	const char *why;
	char *s, *s2;
	int rv;

	s = run(do_fix, r, NULL, &rv, &why);
	T_EQ_INT(rv, 0);
	T_OK(strncmp(s, "#!/bin/sh\n", 10) == 0);
	T_OK(has_line(s, "ROOT='/srv/it'\\''s root'"));
	T_OK(has_line(s, "USER_GIDS='1001 998'"));
	T_OK(has_line(s, "leave_group 'agent' 'docker'"));
	T_OK(has_line(s, "if at '/usr/bin/find' '/usr/bin/find'; then "
	    "no_setid \"$P\" u; fi"));
	T_OK(has_line(s, "if at '/opt/tool/bin/helper' '/opt/tool/bin/helper'; "
	    "then no_setid \"$P\" g; fi"));
	T_OK(has_line(s, "if at '/usr/bin/python3.11' '/usr/bin/python3.11'; "
	    "then no_caps \"$P\"; fi"));
	/* modifiable program: its directory is closed too */
	T_OK(has_line(s, "if at '/usr/bin' '/usr/bin'; then no_write \"$P\"; "
	    "fi"));
	T_OK(has_line(s, "if at '/etc/sudoers.d' '/etc/sudoers.d'; then "
	    "no_write \"$P\"; fi"));
	T_OK(has_line(s, "if at '/etc/shadow' '/etc/shadow'; then no_read "
	    "\"$P\"; fi"));
	T_OK(has_line(s, "if at '/run/docker.sock' '/run/docker.sock'; then "
	    "no_write \"$P\" keep-group; fi"));
	/* the odd path quoted whole, newline and all */
	T_OK(strstr(s, "if at '/etc/cron.d/it'\\''s\nodd \xff' "
	    "'/etc/cron.d/it\\x27s\\x0aodd \\xff'; then "
	    "no_write \"$P\"; fi\n") != NULL);
	/* a comment never carries a raw newline from the report */
	T_OK(strstr(s, "# path: /etc/cron.d/it's?odd ?\n") != NULL);
	/* the remediation text, commented out */
	T_OK(has_line(s, "#   sysctl -w kernel.unprivileged_userns_clone=0"));
	T_OK(has_line(s, "#   # and persist it"));
	T_OK(strstr(s, "--apply) APPLY=1 ;;") != NULL);
	s2 = run(do_fix, r, NULL, &rv, &why);
	T_EQ_STR(s, s2);
	free(s2);
	free(s);
	report_free(r);

	r = sample("rootfs", "relative/dir", NULL);
	s = run(do_fix, r, NULL, &rv, &why);
	T_EQ_INT(rv, -1);
	T_OK(why != NULL && strstr(why, "absolute") != NULL);
	free(s);
	report_free(r);

	r = sample("image", "docker.io/library/debian:12", NULL);
	s = run(do_fix, r, NULL, &rv, &why);
	T_EQ_INT(rv, 0);
	T_OK(has_line(s, "IMAGE=1") && has_line(s, "ROOT=''"));
	free(s);
	report_free(r);
}

/* ---- SARIF ---------------------------------------------------------- */

static int
valid_uri_ref(const char *u)
{
	for (; *u; u++)
		if ((unsigned char)*u <= ' ' || (unsigned char)*u >= 0x7f ||
		    strchr("\"<>\\^`{|}", *u))
			return 0;
	return 1;
}

/* the result's primary location */
static json_t *
sarif_loc(json_t *res)
{
	return json_array_get(json_object_get(res, "locations"), 0);
}

static json_t *
sarif_art(json_t *res)
{
	return json_object_get(json_object_get(sarif_loc(res),
	    "physicalLocation"), "artifactLocation");
}

static void
test_sarif(void)
{
	struct report *r = sample("rootfs", "/srv/root dir", "x86_64");
	const char *why;
	char *s, *s2;
	json_t *j, *run0, *rules, *results, *v;
	size_t i;
	int rv, seen_tcp = 0;

	s = run(do_sarif, r, NULL, &rv, &why);
	T_EQ_INT(rv, 0);
	j = load(s);
	T_OK(j != NULL);
	/* the required properties of SARIF 2.1.0, one by one */
	T_EQ_STR(json_string_value(json_object_get(j, "version")), "2.1.0");
	T_OK(json_is_array(json_object_get(j, "runs")));
	run0 = json_array_get(json_object_get(j, "runs"), 0);
	T_OK(json_is_object(json_object_get(run0, "tool")));
	v = json_object_get(json_object_get(run0, "tool"), "driver");
	T_EQ_STR(json_string_value(json_object_get(v, "name")), "privmap");
	T_OK(strncmp(json_string_value(json_object_get(v, "informationUri")) ?
	    json_string_value(json_object_get(v, "informationUri")) : "",
	    "file:///", 8) == 0 || strstr(json_string_value(json_object_get(v,
	    "informationUri")), "://") != NULL);
	rules = json_object_get(v, "rules");
	/* one rule per check and severity: setuid and writable-config
	 * have findings at two severities each */
	T_OK(json_is_array(rules) && json_array_size(rules) == 10);
	json_array_foreach(rules, i, v) {
		json_t *props = json_object_get(v, "properties");
		const char *sev = json_string_value(json_object_get(props,
		    "security-severity"));
		const char *id = json_string_value(json_object_get(v, "id"));
		const char *name = json_string_value(json_object_get(v,
		    "name"));
		const char *hu = json_string_value(json_object_get(v,
		    "helpUri"));

		T_OK(id != NULL && strchr(id, '/') != NULL);
		T_OK(name != NULL && id != NULL && strcmp(name, id) != 0);
		T_OK(sev != NULL && strtod(sev, NULL) >= 0.1 &&
		    strtod(sev, NULL) <= 10.0);
		T_OK(json_array_has(json_object_get(props, "tags"), "security"));
		T_OK(json_is_string(json_object_get(json_object_get(v,
		    "shortDescription"), "text")));
		T_OK(json_is_string(json_object_get(json_object_get(v,
		    "help"), "text")));
		T_OK(hu != NULL && strstr(hu, "://") != NULL &&
		    strstr(hu, "sarif.md#") != NULL);
		if (i > 0)	/* sorted by id */
			T_OK(strcmp(json_string_value(json_object_get(
			    json_array_get(rules, i - 1), "id")), id) < 0);
	}
	results = json_object_get(run0, "results");
	T_EQ_INT(json_array_size(results), r->nfindings);
	json_array_foreach(results, i, v) {
		const struct finding *f = r->findings[i];
		json_t *loc = sarif_art(v), *rule, *rp;
		const char *uri = json_string_value(json_object_get(loc, "uri"));
		size_t ri = (size_t)json_integer_value(json_object_get(v,
		    "ruleIndex"));
		const char *lvl = json_string_value(json_object_get(v, "level"));
		char *want = xasprintf("%s/%s", f->check,
		    severity_name(f->sev));
		const char *msg = json_string_value(json_object_get(
		    json_object_get(v, "message"), "text"));

		rule = json_array_get(rules, ri);
		rp = json_object_get(rule, "properties");
		T_OK(msg != NULL && strstr(msg, f->title) == msg);
		if (f->remediation)	/* the remedy is the result's */
			T_OK(msg && strstr(msg, f->remediation) != NULL);
		T_EQ_STR(json_string_value(json_object_get(v, "ruleId")), want);
		T_EQ_STR(json_string_value(json_object_get(rule, "id")), want);
		free(want);
		/* the rule's severity is the result's */
		T_EQ_STR(json_string_value(json_object_get(rp, "severity")),
		    severity_name(f->sev));
		T_EQ_STR(json_string_value(json_object_get(json_object_get(
		    rule, "defaultConfiguration"), "level")), lvl);
		T_EQ_STR(json_string_value(json_object_get(json_object_get(v,
		    "partialFingerprints"), "primaryLocationLineHash")), f->id);
		T_OK(lvl != NULL && (strcmp(lvl, "error") == 0 ||
		    strcmp(lvl, "warning") == 0 || strcmp(lvl, "note") == 0));
		T_OK(uri != NULL && valid_uri_ref(uri));
		T_OK(uri != NULL && strchr(uri, ':') == NULL);
		T_EQ_STR(json_string_value(json_object_get(loc, "uriBaseId")),
		    "TARGETROOT");
		/* no baseline: no baselineState */
		T_OK(json_object_get(v, "baselineState") == NULL);
		if (strcmp(f->path, "tcp://127.0.0.1:2375") == 0) {
			json_t *ll = json_array_get(json_object_get(
			    sarif_loc(v), "logicalLocations"), 0);

			T_EQ_STR(uri, "proc/net/tcp");
			T_EQ_STR(json_string_value(json_object_get(ll,
			    "fullyQualifiedName")), "tcp://127.0.0.1:2375");
			T_EQ_STR(json_string_value(json_object_get(ll,
			    "name")), "127.0.0.1:2375");
			T_EQ_STR(json_string_value(json_object_get(ll,
			    "kind")), "resource");
			seen_tcp = 1;
		} else if (strcmp(f->path, "/etc/shadow") == 0)
			T_EQ_STR(uri, "etc/shadow");
		else if (f->path[1] == 'e' && strstr(f->path, "odd"))
			T_EQ_STR(uri, "etc/cron.d/it%27s%0Aodd%20%FF");
		if (f->sev == SEV_CRITICAL)
			T_EQ_STR(lvl, "error");
	}
	T_OK(seen_tcp);
	T_EQ_STR(json_string_value(json_object_get(json_object_get(
	    json_object_get(run0, "originalUriBaseIds"), "TARGETROOT"), "uri")),
	    "file:///srv/root%20dir/");
	json_decref(j);
	s2 = run(do_sarif, r, NULL, &rv, &why);
	T_EQ_STR(s, s2);
	free(s2);
	free(s);
	report_free(r);
}

/* lines, a service opened by a file, a baseline with fixed findings */
static void
test_sarif_gate(void)
{
	struct report *r = report_new();
	struct finding *f;
	const char *why;
	char *s;
	json_t *j, *run0, *results, *v, *rules;
	size_t i, nabsent = 0, nstate = 0;
	int rv;

	free(r->kind);
	free(r->root);
	r->kind = xstrdup("rootfs");
	r->root = xstrdup("/r");
	f = T_ADD(r, "sudo-all", "sudo", SEV_CRITICAL, 1.0,
	    "/etc/sudoers.d/agent", "rule", "agent may run ALL as root");
	finding_ev_str(f, "file", "/etc/sudoers.d/agent");
	finding_ev_int(f, "line", 3);
	f = T_ADD(r, "cron", "cron", SEV_HIGH, 0.5, "/opt/job.sh",
	    "job", "root's cron job /opt/job.sh, which agent can write");
	finding_ev_str(f, "crontab", "/etc/crontab");
	finding_ev_int(f, "line", 12);
	f = T_ADD(r, "localhost-service", "localhost-service", SEV_HIGH,
	    0.5, "tcp://[::1]:6379", "redis", "Redis on tcp://[::1]:6379");
	finding_ev_str(f, "config_file", "/etc/redis/redis.conf");
	finding_ev_int(f, "config_line", 87);
	f = T_ADD(r, "setuid", "setuid", SEV_INFO, 0.0, "/usr/bin/su",
	    "", "setuid program /usr/bin/su");
	report_finish(r);
	for (i = 0; i < r->nfindings; i++)
		r->findings[i]->baseline = i == 0 ? BASE_UPDATED : i == 1 ?
		    BASE_NEW : BASE_UNCHANGED;
	r->gate = json_pack("{s:[{s:s, s:s, s:s, s:s, s:s}, {s:s, s:n, s:n, "
	    "s:n, s:n}]}", "fixed", "id", "PM-00000000000000aa", "check",
	    "setuid", "path", "/usr/bin/pkexec", "title", "setuid pkexec",
	    "severity", "critical", "id", "PM-00000000000000bb", "check",
	    "path", "title", "severity");
	s = run(do_sarif, r, NULL, &rv, &why);
	T_EQ_INT(rv, 0);
	j = load(s);
	T_OK(j != NULL);
	run0 = json_array_get(json_object_get(j, "runs"), 0);
	rules = json_object_get(json_object_get(json_object_get(run0, "tool"),
	    "driver"), "rules");
	results = json_object_get(run0, "results");
	T_EQ_INT(json_array_size(results), r->nfindings + 2);
	json_array_foreach(results, i, v) {
		const char *st = json_string_value(json_object_get(v,
		    "baselineState"));
		const char *id = json_string_value(json_object_get(v,
		    "ruleId"));
		json_t *reg = json_object_get(json_object_get(sarif_loc(v),
		    "physicalLocation"), "region");
		json_t *rel = json_array_get(json_object_get(v,
		    "relatedLocations"), 0);
		json_t *rule = json_array_get(rules, (size_t)
		    json_integer_value(json_object_get(v, "ruleIndex")));

		T_OK(st != NULL);	/* every result, with a baseline */
		nstate += st != NULL;
		T_EQ_STR(json_string_value(json_object_get(rule, "id")), id);
		if (st && strcmp(st, "absent") == 0) {
			nabsent++;
			T_EQ_STR(json_string_value(json_object_get(v, "kind")),
			    "pass");
			T_EQ_STR(json_string_value(json_object_get(v,
			    "level")), "none");
			T_OK(sarif_art(v) != NULL);
			continue;
		}
		T_EQ_STR(json_string_value(json_object_get(v, "kind")), "fail");
		if (strcmp(id, "sudo-all/critical") == 0) {
			T_EQ_STR(st, "updated");
			T_EQ_INT(json_integer_value(json_object_get(reg,
			    "startLine")), 3);
			T_OK(rel == NULL);
		} else if (strcmp(id, "cron/high") == 0) {
			T_EQ_STR(st, "new");
			T_OK(reg == NULL);	/* the line is the crontab's */
			T_EQ_STR(json_string_value(json_object_get(
			    json_object_get(json_object_get(rel,
			    "physicalLocation"), "artifactLocation"), "uri")),
			    "etc/crontab");
			T_EQ_INT(json_integer_value(json_object_get(
			    json_object_get(json_object_get(rel,
			    "physicalLocation"), "region"), "startLine")), 12);
		} else if (strcmp(id, "localhost-service/high") == 0) {
			T_EQ_STR(st, "unchanged");
			T_EQ_STR(json_string_value(json_object_get(sarif_art(v),
			    "uri")), "etc/redis/redis.conf");
			T_EQ_INT(json_integer_value(json_object_get(reg,
			    "startLine")), 87);
			T_EQ_STR(json_string_value(json_object_get(
			    json_array_get(json_object_get(sarif_loc(v),
			    "logicalLocations"), 0), "fullyQualifiedName")),
			    "tcp://[::1]:6379");
		} else if (strcmp(id, "setuid/info") == 0) {
			/* info: no security-severity, a note */
			T_OK(json_object_get(json_object_get(rule,
			    "properties"), "security-severity") == NULL);
			T_EQ_STR(json_string_value(json_object_get(v,
			    "level")), "note");
		} else
			T_OK(!"an unexpected rule");
	}
	T_EQ_INT(nstate, r->nfindings + 2);
	T_EQ_INT(nabsent, 2);
	/* the fixed pkexec keeps its rule; one with no check gets one */
	T_OK(strstr(s, "\"setuid/critical\"") != NULL);
	T_OK(strstr(s, "\"unknown/info\"") != NULL);
	json_decref(j);
	free(s);
	report_free(r);
}

/* ---- a saved report gives the same outputs -------------------------- */

static void
test_roundtrip(void)
{
	/* the hostile path is not valid UTF-8, which the JSON contract
	 * cannot carry as it is: it stays out of this comparison */
	struct report *r = sample2("rootfs", "/srv/root", "x86_64", 0), *r2;
	struct audit_opts o = { NULL, 0, -1 };
	struct pol p;
	json_t *j;
	const char *why = NULL;
	char *a, *b, *dump;
	int rv, fmt;

	j = report_to_json(r);
	dump = json_dumps(j, 0);
	json_decref(j);
	T_OK(dump != NULL);
	j = json_loads(dump ? dump : "", 0, NULL);
	free(dump);
	r2 = report_from_json(j, &why);
	json_decref(j);
	T_OK(r2 != NULL);
	if (r2 == NULL) {
		fprintf(stderr, "report_from_json: %s\n", why);
		report_free(r);
		return;
	}
	a = run(do_audit, r, &o, &rv, &why);
	b = run(do_audit, r2, &o, &rv, &why);
	T_EQ_STR(a, b);
	free(a);
	free(b);
	a = run(do_fix, r, NULL, &rv, &why);
	b = run(do_fix, r2, NULL, &rv, &why);
	T_EQ_STR(a, b);
	free(a);
	free(b);
	a = run(do_sarif, r, NULL, &rv, &why);
	b = run(do_sarif, r2, NULL, &rv, &why);
	T_EQ_STR(a, b);
	free(a);
	free(b);
	for (fmt = POLICY_GENERIC; fmt <= POLICY_CODEX_RULES; fmt++) {
		p.fmt = (enum policy_format)fmt;
		p.flags = POLICY_HOOK;
		a = run(do_policy, r, &p, &rv, &why);
		b = run(do_policy, r2, &p, &rv, &why);
		T_EQ_STR(a, b);
		free(a);
		free(b);
	}
	report_free(r);
	report_free(r2);
}

/* ---- typed audit data: anchors, and what a report may hold ---------- */

/* the scan's anchor (scan_watch_anchor) for a made-up tree: the user may
 * rename everything below /home/agent, and everything under /srv/top up
 * to / */
static char *
fake_anchor(void *ctx, const char *dir)
{
	(void)ctx;
	if (strncmp(dir, "/home/agent/", 12) == 0)
		return xstrdup("/home/agent");
	if (strncmp(dir, "/srv/top", 8) == 0)
		return xstrdup("/");
	return xstrdup(dir);
}

static void
test_audit_data(void)
{
	static const char *const good[] = {
		"{\"kind\":\"file\",\"path\":\"/etc/shadow\",\"perm\":\"r\"}",
		"{\"kind\":\"dir\",\"path\":\"/etc/sudoers.d\",\"perm\":\"wa\"}",
		"{\"kind\":\"file\",\"path\":\"/home/a/.config/x/y\","
		    "\"perm\":\"wa\",\"anchor\":\"/home/a\"}",
		"{\"kind\":\"dir\",\"path\":\"/home/a/bin\",\"perm\":\"wa\","
		    "\"anchor\":\"/home/a\"}",
		"{\"kind\":\"file\",\"path\":\"/srv/top/f\",\"perm\":\"x\","
		    "\"unanchored\":true}",
		"{\"kind\":\"exec\",\"path\":\"/home/a/bin/t\","
		    "\"anchor\":\"/home\"}",
		"{\"kind\":\"connect\",\"path\":\"/run/x.sock\"}",
		"{\"kind\":\"syscall\",\"syscalls\":[\"execve\"],\"euid\":0}",
	};
	static const struct {
		const char	*entry;
		const char	*msg;
	} bad[] = {
		{ "[]", ": not an object" },
		{ "{\"path\":\"/x\",\"perm\":\"r\"}", ".kind: missing" },
		{ "{\"kind\":\"watch\",\"path\":\"/x\",\"perm\":\"r\"}",
		    ".kind: not" },
		{ "{\"kind\":\"dir\",\"path\":\"/\",\"perm\":\"wa\"}", ".path:" },
		{ "{\"kind\":\"file\",\"path\":\"/a/../b\",\"perm\":\"r\"}",
		    ".path:" },
		{ "{\"kind\":\"file\",\"path\":\"/a/./b\",\"perm\":\"r\"}",
		    ".path:" },
		{ "{\"kind\":\"file\",\"path\":\"/a//b\",\"perm\":\"r\"}",
		    ".path:" },
		{ "{\"kind\":\"file\",\"path\":\"/a/\",\"perm\":\"r\"}",
		    ".path:" },
		{ "{\"kind\":\"file\",\"path\":\"/a b\",\"perm\":\"r\"}",
		    ".path:" },
		{ "{\"kind\":\"file\",\"path\":\"/a\\\\xff\",\"perm\":\"r\"}",
		    ".path:" },
		{ "{\"kind\":\"file\",\"path\":\"/a\"}", ".perm:" },
		{ "{\"kind\":\"file\",\"path\":\"/a\",\"perm\":\"rr\"}",
		    ".perm: 'r' twice" },
		{ "{\"kind\":\"file\",\"path\":\"/a\",\"perm\":\"rwxa!\"}",
		    ".perm:" },
		{ "{\"kind\":\"file\",\"path\":\"/a/b/c\",\"perm\":\"r\","
		    "\"anchor\":\"/\"}", ".anchor:" },
		{ "{\"kind\":\"file\",\"path\":\"/a/b/c\",\"perm\":\"r\","
		    "\"anchor\":\"/a/b\"}", ".anchor:" },
		{ "{\"kind\":\"file\",\"path\":\"/a/b/c\",\"perm\":\"r\","
		    "\"anchor\":\"/x\"}", ".anchor:" },
		{ "{\"kind\":\"file\",\"path\":\"/ab/b/c\",\"perm\":\"r\","
		    "\"anchor\":\"/a\"}", ".anchor:" },
		{ "{\"kind\":\"dir\",\"path\":\"/a/b\",\"perm\":\"r\","
		    "\"anchor\":\"/a/b\"}", ".anchor:" },
		{ "{\"kind\":\"file\",\"path\":\"/a/b/c\",\"perm\":\"r\","
		    "\"anchor\":5}", ".anchor: not a string" },
		{ "{\"kind\":\"file\",\"path\":\"/a/b/c\",\"perm\":\"r\","
		    "\"anchor\":\"/a\",\"unanchored\":true}", ".anchor:" },
		{ "{\"kind\":\"file\",\"path\":\"/a\",\"perm\":\"r\","
		    "\"unanchored\":1}", ".unanchored:" },
		{ "{\"kind\":\"syscall\",\"syscalls\":[\"all\"]}",
		    ".syscalls[0]:" },
		{ "{\"kind\":\"syscall\",\"syscalls\":[\"execve\",\"open\"]}",
		    ".syscalls[1]:" },
		{ "{\"kind\":\"syscall\",\"syscalls\":[]}", ".syscalls:" },
		{ "{\"kind\":\"syscall\",\"syscalls\":\"execve\"}",
		    ".syscalls:" },
		{ "{\"kind\":\"syscall\",\"syscalls\":[\"execve\"],\"euid\":1}",
		    ".euid: not 0" },
	};
	struct audit_opts o = { NULL, 0, -1 };
	struct report *r = report_new(), *r2;
	struct finding *f;
	const char *why;
	json_t *e, *j;
	char *a, *b;
	size_t i;
	int rv;

	for (i = 0; i < sizeof good / sizeof *good; i++) {
		why = NULL;
		e = json_loads(good[i], 0, NULL);
		T_OK(e != NULL);
		T_EQ_INT(audit_entry_check(e, &why), 0);
		if (why)
			fprintf(stderr, "  %s -> %s\n", good[i], why);
		json_decref(e);
	}
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		why = NULL;
		e = json_loads(bad[i].entry, JSON_DECODE_ANY, NULL);
		T_OK(e != NULL);
		T_EQ_INT(audit_entry_check(e, &why), -1);
		T_OK(why != NULL && strstr(why, bad[i].msg) == why);
		if (why == NULL || strstr(why, bad[i].msg) != why)
			fprintf(stderr, "  %s -> %s\n", bad[i].entry,
			    why ? why : "(none)");
		json_decref(e);
	}

	/* a scan's watches, anchored where the user may rename */
	free(r->kind);
	free(r->root);
	r->kind = xstrdup("rootfs");
	r->root = xstrdup("/srv/root");
	r->arch = xstrdup("x86_64");
	r->uid = UID_AGENT;
	r->anchor = fake_anchor;
	f = T_ADD(r, "shell-rc", "shell-rc", SEV_HIGH, 0.5,
	    "/home/agent/.config/fish/config.fish", "", "deep");
	finding_watch(r, f, "/home/agent/.config/fish/config.fish", 0, "wa");
	finding_watch(r, f, "/home/agent/.bashrc", 0, "wa");
	finding_watch(r, f, "/home/agent/bin", 1, "wa");
	finding_watch(r, f, "/etc/profile", 0, "wa");
	f = T_ADD(r, "setuid", "setuid", SEV_HIGH, 0.5,
	    "/home/agent/bin/tool", "", "a setuid program the user may move");
	finding_close(f, CLOSE_EXEC, "/home/agent/bin/tool");
	f = T_ADD(r, "writable-config", "writable-config", SEV_HIGH, 0.5,
	    "/srv/top/f", "", "nothing above it stays");
	finding_watch(r, f, "/srv/top/f", 0, "wa");
	finding_close(f, CLOSE_EXEC, "/srv/top/x");
	/* the kernel takes no watch of / (auditctl(8), -w) */
	f = T_ADD(r, "container-escape", "container-escape", SEV_HIGH,
	    0.5, "/", "", "the root itself");
	finding_watch(r, f, "/", 1, "wa");
	report_anchor_targets(r);
	r->anchor = NULL;
	report_finish(r);
	T_OK(json_is_true(json_object_get(r->findings[3]->evidence,
	    "audit_unwatchable_path")) || json_is_true(json_object_get(
	    r->findings[0]->evidence, "audit_unwatchable_path")));
	a = run(do_audit, r, &o, &rv, &why);
	T_EQ_INT(rv, 0);
	if (rv != 0)
		fprintf(stderr, "output_audit: %s\n", why);
	check_rules_file(a);
	/* the parent (.config/fish, or bin itself) is the user's to
	 * rename: the tree of /home/agent */
	T_OK(has_line(a, "-a always,exit -F dir=/home/agent -F perm=wa "
	    "-F uid=1001 -F key=privmap-shell-rc"));
	/* the parent /home/agent stays: the file itself */
	T_OK(has_line(a, "-a always,exit -F path=/home/agent/.bashrc "
	    "-F perm=wa -F uid=1001 -F key=privmap-shell-rc"));
	T_OK(has_line(a, "-a always,exit -F path=/etc/profile -F perm=wa "
	    "-F uid=1001 -F key=privmap-shell-rc"));
	T_OK(has_line(a, "-a always,exit -F arch=x86_64 -S execve "
	    "-S execveat -F dir=/home/agent -F uid=1001 "
	    "-F key=privmap-setuid"));
	T_OK(strstr(a, "/home/agent/bin/tool") == NULL);
	T_OK(strstr(a, "/srv/top") == NULL && strstr(a, "dir=/ ") == NULL);
	T_OK(strstr(a, "no watch: every directory above its path is missing "
	    "or the user's to rename, up to /") != NULL);
	T_OK(strstr(a, "no execve rule: every directory above it is missing "
	    "or the user's to rename, up to /") != NULL);
	printf("%s", a);

	/* read back: the same rules, from the typed data alone */
	j = report_to_json(r);
	{
		json_t *F = json_object_get(j, "findings"), *x;

		json_array_foreach(F, i, x)
			json_object_set_new(x, "audit", json_array());
	}
	r2 = report_from_json(j, &why);
	json_decref(j);
	T_OK(r2 != NULL);
	b = r2 ? run(do_audit, r2, &o, &rv, &why) : NULL;
	T_EQ_STR(a, b);
	free(a);
	free(b);
	report_free(r2);

	/* a malformed entry is left out, the note naming its member; the
	 * rest of the finding's rules are written */
	j = report_to_json(r);
	e = json_object_get(json_array_get(json_object_get(j, "findings"), 1),
	    "audit_data");
	T_OK(json_is_array(e));
	i = json_array_size(e);
	json_array_append_new(e, json_pack("{s:s, s:[s]}", "kind", "syscall",
	    "syscalls", "all"));
	json_array_append_new(e, json_pack("{s:s, s:s, s:s}", "kind", "dir",
	    "path", "/", "perm", "wa"));
	why = NULL;
	r2 = report_from_json(j, &why);
	T_OK(r2 != NULL);
	a = r2 ? run(do_audit, r2, &o, &rv, &why) : NULL;
	T_EQ_INT(rv, 0);
	check_rules_file(a ? a : "");
	{
		char want[160];

		snprintf(want, sizeof want, "%s: audit_data[%zu].syscalls[0]: "
		    "not a syscall privmap writes rules for: left out",
		    r->findings[1]->id, i);
		T_OK(a != NULL && strstr(a, want) != NULL);
		snprintf(want, sizeof want, "%s: audit_data[%zu].path: not an "
		    "absolute", r->findings[1]->id, i + 1);
		T_OK(a != NULL && strstr(a, want) != NULL);
	}
	T_OK(a != NULL && strstr(a, "-S all") == NULL &&
	    strstr(a, "dir=/ ") == NULL);
	T_OK(a != NULL && has_line(a, "-a always,exit -F dir=/home/agent "
	    "-F perm=wa -F uid=1001 -F key=privmap-shell-rc"));
	free(a);
	report_free(r2);
	json_decref(j);
	report_free(r);
}

/* ---- --emit, for tests/e2e/outputs.sh ------------------------------- */

static int
emit(int argc, char **argv)
{
	const char *fmt = argv[2], *root = "/", *file = NULL, *why = NULL;
	struct audit_opts o = { NULL, 0, -1 };
	struct report *r;
	struct pol p = { POLICY_GENERIC, 0 };
	int i, rv;

	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--root") == 0 && i + 1 < argc)
			root = argv[++i];
		else
			file = argv[i];
	}
	if (file != NULL) {
		json_error_t e;
		json_t *j = json_load_file(file, 0, &e);

		if (j == NULL) {
			fprintf(stderr, "%s: %s\n", file, e.text);
			return 2;
		}
		r = report_from_json(j, &why);
		json_decref(j);
		if (r == NULL) {
			fprintf(stderr, "%s: %s\n", file, why);
			return 2;
		}
	} else
		r = sample(strcmp(root, "/") ? "rootfs" : "host", root,
		    "x86_64");
	if (strcmp(fmt, "audit") == 0)
		rv = output_audit(r, stdout, &o, &why);
	else if (strcmp(fmt, "audit-base") == 0)
		rv = output_audit_base(stdout, &o, &why);
	else if (strcmp(fmt, "audit-immutable") == 0)
		rv = output_audit_immutable(stdout, &why);
	else if (strcmp(fmt, "fix") == 0)
		rv = output_fix(r, stdout, &why);
	else if (strcmp(fmt, "sarif") == 0)
		rv = output_sarif(r, stdout, &why);
	else if (strcmp(fmt, "json") == 0)
		rv = output_json(r, stdout, &why);
	else if (strcmp(fmt, "claude-code-hook") == 0)
		rv = output_policy(r, stdout, POLICY_CLAUDE_CODE, POLICY_HOOK,
		    &why);
	else if ((i = policy_format_parse(fmt)) >= 0) {
		p.fmt = (enum policy_format)i;
		rv = output_policy(r, stdout, p.fmt, 0, &why);
	} else {
		fprintf(stderr, "unknown format %s\n", fmt);
		report_free(r);
		return 2;
	}
	report_free(r);
	if (rv != 0) {
		fprintf(stderr, "output-test: %s\n", why);
		return 1;
	}
	return 0;
}

/* element i of the arrays below: nested values, escapes, a newline */
static json_t *
elem(size_t i, void *arg)
{
	(void)arg;
	return json_pack("{s:i, s:s, s:[s, {s:[]}, []], s:{}, s:{s:s}}",
	    "n", (int)i, "text", i % 2 ? "a \"quoted\"\nline\t\\" : "x",
	    "list", "\x01", "k", "empty", "obj", "in", "de\xc3\xa9p");
}

/* one document written with its array made whole, and streamed */
static void
doc_array_case(size_t n, size_t flags, int nested)
{
	json_t *doc = json_object(), *runs = json_array(), *run = json_object();
	json_t *holder = nested ? run : doc, *arr = json_array();
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0, i;
	const char *why = NULL;
	FILE *fp;

	json_object_set_new(doc, "first", json_string("\x01privmap"));
	json_object_set_new(run, "before", json_integer(1));
	json_array_append_new(runs, run);
	json_object_set_new(doc, "runs", runs);
	json_object_set_new(holder, "items", json_null());
	json_object_set_new(run, "after", json_string("end"));
	json_object_set_new(doc, "zlast", json_true());
	for (i = 0; i < n; i++)
		json_array_append_new(arr, elem(i, NULL));
	json_object_set_new(holder, "items", arr);
	fp = open_memstream(&a, &la);
	T_EQ_INT(output_json_doc(fp, doc, flags, &why), 0);
	fclose(fp);
	json_object_set_new(holder, "items", json_null());
	fp = open_memstream(&b, &lb);
	T_EQ_INT(output_json_doc_array_at(fp, doc, flags, holder, "items",
	    nested ? 2 : 0, n, elem, NULL, &why), 0);
	fclose(fp);
	T_EQ_INT(la, lb);
	T_OK(a && b && la == lb && memcmp(a, b, la) == 0);
	free(a);
	free(b);
	json_decref(doc);
}

/* output_json_doc_array_at writes the bytes output_json_doc does */
static void
test_doc_array(void)
{
	static const size_t sizes[] = { 0, 1, 2, 5 };
	static const size_t flags[] = { JSON_INDENT(2), JSON_INDENT(4) |
	    JSON_SORT_KEYS, JSON_INDENT(2) | JSON_PRESERVE_ORDER, 0 };
	size_t i, k;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		for (k = 0; k < sizeof flags / sizeof flags[0]; k++) {
			doc_array_case(sizes[i], flags[k], 0);
			doc_array_case(sizes[i], flags[k], 1);
		}
}

/* a string added twice is kept once, also when it holds what
 * docs/paths.md's form writes differently (a backslash, a byte that is
 * not UTF-8) */
static void
test_unique(void)
{
	struct report *r = report_new();
	struct finding *f;

	f = T_ADD(r, "setuid", "setuid", SEV_HIGH, 0.8, "/usr/bin/a\\b",
	    "u", "setuid program");
	finding_close(f, CLOSE_EXEC, "/usr/bin/a\\b");
	finding_close(f, CLOSE_EXEC, "/usr/bin/a\\b");
	finding_close(f, CLOSE_EXEC, "/usr/bin/bad\xff");
	finding_close(f, CLOSE_EXEC, "/usr/bin/bad\xff");
	finding_audit(f, "-a always,exit -F path=/x\\y");
	finding_audit(f, "-a always,exit -F path=/x\\y");
	T_EQ_INT(f->ncloses, 2);
	T_EQ_INT(json_array_size(f->audit), 1);
	report_add_note(r, "odd name %s", "a\\b");
	report_add_note(r, "odd name %s", "a\\b");
	T_EQ_INT(json_array_size(r->notes), 1);
	report_free(r);
}

/*
 * The typed deny entries through the JSON and back: the bytes of a target
 * (a backslash, a byte that is not UTF-8) come back as they were, the
 * "policy" member holds only what the check named, and the entries a
 * family implies (known/closes.c) are the same for the scan and for the
 * report read back, marked derived, with the fix of a program by family.
 */
static void
test_typed_closes(void)
{
	struct report *r = report_new(), *r2;
	struct finding *f;
	const char *why = NULL;
	json_t *j, *pol;
	size_t i;

	f = T_ADD(r, "setuid", "setuid", SEV_HIGH, 0.8, "/usr/bin/odd\\\xff",
	    "u", "setuid program");
	finding_close(f, CLOSE_EXEC, "/usr/bin/odd\\\xff");
	f = T_ADD(r, "file-capability", "file-capability", SEV_HIGH, 0.8,
	    "/usr/bin/cap", "", "capability program, no entry named");
	f = T_ADD(r, "group-membership", "group-membership", SEV_HIGH, 0.8,
	    "/etc/group", "g\xfe", "group, no entry named");
	finding_ev_str(f, "group", "g\xfe");
	f = T_ADD(r, "setuid", "setuid", SEV_INFO, 0.0, "/usr/bin/info", "",
	    "info: nothing implied");
	report_finish(r);
	j = report_to_json(r);
	r2 = report_from_json(j, &why);
	T_OK(r2 != NULL);
	if (r2 == NULL) {
		fprintf(stderr, "report_from_json: %s\n", why);
		goto out;
	}
	T_EQ_INT(r2->nfindings, r->nfindings);
	for (i = 0; i < r->nfindings && i < r2->nfindings; i++) {
		const struct finding *a = r->findings[i], *b = r2->findings[i];
		size_t k;

		pol = json_object_get(json_array_get(json_object_get(j,
		    "findings"), i), "policy");
		T_EQ_INT(a->ncloses, b->ncloses);
		for (k = 0; k < a->ncloses && k < b->ncloses; k++) {
			T_EQ_INT(a->closes[k].action, b->closes[k].action);
			T_EQ_INT(a->closes[k].len, b->closes[k].len);
			T_OK(memcmp(a->closes[k].target, b->closes[k].target,
			    a->closes[k].len) == 0);
			T_EQ_INT(a->closes[k].derived, b->closes[k].derived);
			T_EQ_INT(a->closes[k].fix, b->closes[k].fix);
		}
		if (strcmp(a->path, "/usr/bin/odd\\\xff") == 0) {
			T_EQ_INT(a->ncloses, 1);
			T_EQ_INT(a->closes[0].derived, 0);
			T_EQ_INT(a->closes[0].fix, FIX_NO_SETID);
			T_EQ_INT(json_array_size(pol), 1);
			T_EQ_STR(json_string_value(json_array_get(pol, 0)),
			    "exec /usr/bin/odd\\\\\\xff");
		} else if (strcmp(a->path, "/usr/bin/cap") == 0) {
			T_EQ_INT(a->ncloses, 1);
			T_EQ_INT(a->closes[0].derived, 1);
			T_EQ_INT(a->closes[0].action, CLOSE_EXEC);
			T_EQ_INT(a->closes[0].fix, FIX_NO_CAPS);
			T_EQ_INT(json_array_size(pol), 0);
		} else if (strcmp(a->path, "/etc/group") == 0) {
			T_EQ_INT(a->ncloses, 1);
			T_EQ_INT(a->closes[0].derived, 1);
			T_EQ_INT(a->closes[0].action, CLOSE_GROUP);
			T_OK(a->ncloses == 1 &&
			    strcmp(a->closes[0].target, "g\xfe") == 0);
			T_EQ_INT(json_array_size(pol), 0);
		} else
			T_EQ_INT(a->ncloses, 0);
	}
	report_free(r2);
out:
	json_decref(j);
	report_free(r);
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "--emit") == 0)
		return emit(argc, argv);
	test_validator();
	test_audit();
	test_policy();
	test_fix();
	test_sarif();
	test_sarif_gate();
	test_roundtrip();
	test_audit_data();
	test_doc_array();
	test_unique();
	test_typed_closes();
	T_DONE();
}
