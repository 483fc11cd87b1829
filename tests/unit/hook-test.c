/*
 * hook-test.c: privmap hook claude-code (watch/hook.c): the PreToolUse
 * input read into actions (tool_name and tool_input only; cwd resolving
 * relative paths and never judged; transcript_path never read), Bash
 * commands through wrappers and shells, malformed input refused with a
 * reason, and the whole hook on a generic policy: what it blocks (exit 2,
 * the entry on stderr), what it lets through, what it asks about.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "watch/hook.h"
#include "tests/unit/t.h"

static const char policy_json[] =
"{\"schema\":\"privmap.policy/1\",\"target\":{\"user\":{\"name\":\"agent\","
"\"uid\":1001}},\"envelope\":{\"escalate\":{\"default\":\"deny\"},"
"\"network\":{\"default\":\"allow\"}},\"deny\":["
"{\"action\":\"exec\",\"target\":\"/usr/bin/sudo\",\"finding\":\"PM-1\","
"\"reason\":\"agent may run any command as root with sudo\"},"
"{\"action\":\"write\",\"target\":\"/home/agent\",\"finding\":\"PM-2\"},"
"{\"action\":\"write\",\"target\":\"/etc/sudoers.d\",\"finding\":\"PM-3\"},"
"{\"action\":\"read\",\"target\":\"/etc/shadow\",\"finding\":\"PM-4\"},"
"{\"action\":\"group\",\"target\":\"docker\",\"finding\":\"PM-5\"},"
"{\"action\":\"connect\",\"target\":\"/run/docker.sock\"},"
"{\"action\":\"port\",\"target\":\"127.0.0.1:2375\"},"
"{\"action\":\"write\",\"target\":\"/opt/app (v2)/conf\"}]}";

/* the common fields of every call, as Claude Code sends them */
#define COMMON "\"session_id\":\"s1\",\"transcript_path\":" \
	"\"/home/agent/.claude/projects/p/s1.jsonl\",\"cwd\":" \
	"\"/home/agent/proj\",\"permission_mode\":\"default\"," \
	"\"hook_event_name\":\"PreToolUse\","

static int
has(const struct hook_call *c, enum alog_act kind, const char *path)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].kind == kind && c->v[i].path != NULL &&
		    strcmp(c->v[i].path, path) == 0)
			return 1;
	return 0;
}

static int
has_under(const struct hook_call *c, const char *dir)
{
	size_t i, n = strlen(dir);

	for (i = 0; i < c->n; i++)
		if (c->v[i].path != NULL && strncmp(c->v[i].path, dir, n) == 0)
			return 1;
	return 0;
}

static void
test_parse(void)
{
	struct hook_call c;
	const char *why = NULL, *s;

	s = "{" COMMON "\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":"
	    "\"src/main.c\"}}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	T_EQ_STR(c.tool, "Read");
	T_OK(has(&c, ALOG_READ, "/home/agent/proj/src/main.c"));
	T_EQ_INT(c.n, 1);
	/* neither cwd nor the transcript is an action */
	T_OK(!has(&c, ALOG_READ, "/home/agent/proj"));
	T_OK(!has_under(&c, "/home/agent/.claude"));
	hook_call_free(&c);

	s = "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":{\"command\":"
	    "\"env FOO=1 sudo -u root id\"}}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	T_OK(has(&c, ALOG_EXEC, "env"));
	T_OK(has(&c, ALOG_EXEC, "sudo"));
	T_OK(has(&c, ALOG_EXEC, "id"));
	T_OK(c.incomplete == NULL);
	T_OK(!has_under(&c, "/home/agent"));
	hook_call_free(&c);

	s = "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"bash -c "
	    "'timeout 5 /usr/bin/sudo id' > out.txt; cat </etc/shadow\"},"
	    "\"cwd\":\"/tmp/w\"}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	T_OK(has(&c, ALOG_EXEC, "/usr/bin/sudo"));
	T_OK(has(&c, ALOG_WRITE, "/tmp/w/out.txt"));
	T_OK(has(&c, ALOG_READ, "/etc/shadow"));
	/* '<' reads, and cat writes none of its arguments */
	T_OK(!has(&c, ALOG_WRITE, "/etc/shadow"));
	hook_call_free(&c);

	/* the programs that change what their arguments name */
	s = "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"grep -r x "
	    "src/ && cp a.txt /srv/b/ && tee -a ./log >/dev/null\"},"
	    "\"cwd\":\"/w\"}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	T_OK(has(&c, ALOG_READ, "/w/src"));
	T_OK(!has(&c, ALOG_WRITE, "/w/src"));
	T_OK(has(&c, ALOG_WRITE, "/srv/b"));
	T_OK(has(&c, ALOG_WRITE, "/w/log"));
	T_OK(has(&c, ALOG_WRITE, "/dev/null"));
	hook_call_free(&c);

	/* arguments are where the command's own cd left it */
	s = "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"cd /etc && "
	    "cat ./shadow; (cd ssh; cat ../sudoers.d/x)\"},\"cwd\":\"/w\"}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	T_OK(has(&c, ALOG_READ, "/etc/shadow"));
	T_OK(has(&c, ALOG_READ, "/etc/sudoers.d/x"));
	T_OK(!has(&c, ALOG_READ, "/w/shadow"));
	hook_call_free(&c);

	/* code for an interpreter names paths no word is */
	s = "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"python3 -c "
	    "\\\"open('/etc/sudoers.d/x','w')\\\"\"}}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	T_OK(has(&c, ALOG_WRITE, "/etc/sudoers.d/x"));
	hook_call_free(&c);

	/* ports: a URL, /dev/tcp */
	s = "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"curl -s "
	    "http://localhost:2375/info; echo > /dev/tcp/127.0.0.1/22\"}}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	{
		size_t i, ports = 0;

		for (i = 0; i < c.n; i++)
			if (c.v[i].kind == ALOG_CONNECT && c.v[i].path == NULL)
				ports += (strcmp(c.v[i].addr, "127.0.0.1") == 0
				    && (c.v[i].port == 2375 ||
				    c.v[i].port == 22));
		T_EQ_INT(ports, 2);
	}
	hook_call_free(&c);

	s = "{\"tool_name\":\"Grep\",\"tool_input\":{\"pattern\":\"x\","
	    "\"path\":\"/etc\"}}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	T_EQ_INT(c.n, 1);
	T_OK(c.n == 1 && c.v[0].tree && c.v[0].kind == ALOG_READ);
	hook_call_free(&c);

	/* Grep with no path searches the cwd, which is never judged */
	s = "{" COMMON "\"tool_name\":\"Grep\",\"tool_input\":{\"pattern\":"
	    "\"x\"}}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	T_EQ_INT(c.n, 0);
	hook_call_free(&c);

	s = "{\"tool_name\":\"NotebookEdit\",\"tool_input\":{\"notebook_path\":"
	    "\"/srv/n.ipynb\",\"new_source\":\"/etc/shadow\"}}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	T_OK(has(&c, ALOG_WRITE, "/srv/n.ipynb"));
	T_OK(!has(&c, ALOG_READ, "/etc/shadow"));
	hook_call_free(&c);

	s = "{\"tool_name\":\"mcp__x__y\",\"tool_input\":{\"a\":1}}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	T_EQ_INT(c.n, 0);
	hook_call_free(&c);

	/* a relative path with no cwd cannot be judged: said */
	s = "{\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\"x\","
	    "\"content\":\"\"}}";
	T_EQ_INT(hook_parse(s, strlen(s), NULL, &c, &why), 0);
	T_OK(c.incomplete != NULL);
	hook_call_free(&c);

	/* malformed: refused, with a reason */
	{
		static const char *const bad[] = {
			"", "not json", "[]", "{\"tool_name\":1}",
			"{\"tool_input\":{}}",
			"{\"tool_name\":\"Bash\"}",
			"{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":3}}",
			"{\"tool_name\":\"Read\",\"tool_input\":{}}",
			"{\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":"
			"\"/a\"},\"tool_name\":\"Read\"}",
			"{\"tool_name\":\"Read\",\"hook_event_name\":"
			"\"PostToolUse\",\"tool_input\":{\"file_path\":\"/a\"}}",
			"{\"tool_name\":\"Read\",\"cwd\":[],\"tool_input\":"
			"{\"file_path\":\"/a\"}}",
			NULL,
		};
		size_t i;

		for (i = 0; bad[i] != NULL; i++) {
			why = NULL;
			T_EQ_INT(hook_parse(bad[i], strlen(bad[i]), NULL, &c,
			    &why), -1);
			T_OK(why != NULL && why[0] != '\0');
			hook_call_free(&c);
		}
	}
}

/* the hook on one input: its exit status, stdout and stderr */
static int
run_hook(const char *policy, const char *in, char **out, char **err)
{
	size_t on = 0, en = 0;
	FILE *o = open_memstream(out, &on), *e = open_memstream(err, &en);
	int fd = memfd_create("hook-in", 0), rv;

	if (fd < 0 || o == NULL || e == NULL)
		abort();
	if (write(fd, in, strlen(in)) != (ssize_t)strlen(in) ||
	    lseek(fd, 0, SEEK_SET) != 0)
		abort();
	rv = hook_claude_run(policy, fd, o, e);
	close(fd);
	fclose(o);
	fclose(e);
	return rv;
}

static int
blocks(const char *policy, const char *in, const char *want)
{
	char *out, *err;
	int rv = run_hook(policy, in, &out, &err), ok;

	ok = rv == 2 && out[0] == '\0' && (want == NULL ||
	    strstr(err, want) != NULL);
	if (!ok)
		fprintf(stderr, "not blocked as expected (%d): %s\n  %s%s", rv,
		    in, err, out);
	free(out);
	free(err);
	return ok;
}

static int
allows(const char *policy, const char *in)
{
	char *out, *err;
	int rv = run_hook(policy, in, &out, &err), ok;

	ok = rv == 0 && out[0] == '\0' && err[0] == '\0';
	if (!ok)
		fprintf(stderr, "not allowed (%d): %s\n  %s%s", rv, in, err,
		    out);
	free(out);
	free(err);
	return ok;
}

static void
test_run(void)
{
	char path[] = "/tmp/privmap-hook-test.XXXXXX";
	char *out, *err;
	int fd = mkstemp(path);

	T_OK(fd >= 0);
	if (fd < 0)
		return;
	/* the hook runs as the agent: ~ is its home */
	setenv("HOME", "/home/agent", 1);
	T_OK(write(fd, policy_json, strlen(policy_json)) ==
	    (ssize_t)strlen(policy_json));
	close(fd);

	/* a normal day: reading and searching the workspace under the
	 * home the policy denies writes to */
	T_OK(allows(path, "{" COMMON "\"tool_name\":\"Read\",\"tool_input\":"
	    "{\"file_path\":\"/home/agent/proj/README.md\"}}"));
	T_OK(allows(path, "{" COMMON "\"tool_name\":\"Glob\",\"tool_input\":"
	    "{\"pattern\":\"**/*.c\"}}"));
	T_OK(allows(path, "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":"
	    "{\"command\":\"git status && ls -la\"}}"));
	T_OK(allows(path, "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":"
	    "{\"command\":\"grep -rn TODO src/ | head; cat "
	    "/home/agent/proj/README.md; ./run-tests.sh\"}}"));
	T_OK(allows(path, "{" COMMON "\"tool_name\":\"WebSearch\","
	    "\"tool_input\":{\"query\":\"sudo\"}}"));
	T_OK(allows(path, "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":"
	    "{\"command\":\"id; cat /etc/passwd\"}}"));

	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":"
	    "{\"command\":\"sudo id\"}}", "deny exec /usr/bin/sudo"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":"
	    "{\"command\":\"env sudo id\"}}", "finding PM-1"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":"
	    "{\"command\":\"sh -c 'nice /usr/bin/sudo -s'\"}}", "sudo"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Write\",\"tool_input\":"
	    "{\"file_path\":\"/home/agent/.bashrc\",\"content\":\"x\"}}",
	    "deny write /home/agent"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":"
	    "{\"command\":\"echo 'sudo() { :; }' >> ~/.bashrc\"}}",
	    "deny write /home/agent"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":"
	    "{\"command\":\"python3 -c \\\"open('/etc/sudoers.d/a', "
	    "'w')\\\"\"}}", "deny write /etc/sudoers.d"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Edit\",\"tool_input\":"
	    "{\"file_path\":\"/etc/sudoers.d/agent\",\"old_string\":\"a\","
	    "\"new_string\":\"b\"}}", "deny write /etc/sudoers.d"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Read\",\"tool_input\":"
	    "{\"file_path\":\"/etc/shadow\"}}", "deny read /etc/shadow"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Grep\",\"tool_input\":"
	    "{\"pattern\":\"root\",\"path\":\"/etc\"}}", "read /etc"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":"
	    "{\"command\":\"docker run -v /:/h alpine\"}}",
	    "deny group docker"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":"
	    "{\"command\":\"sg docker -c id\"}}", "deny group docker"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Bash\",\"tool_input\":"
	    "{\"command\":\"curl --unix-socket /var/run/docker.sock x\"}}",
	    "deny connect /run/docker.sock"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"WebFetch\","
	    "\"tool_input\":{\"url\":\"http://127.0.0.1:2375/info\","
	    "\"prompt\":\"x\"}}", "deny port 127.0.0.1:2375"));
	T_OK(blocks(path, "{" COMMON "\"tool_name\":\"Write\",\"tool_input\":"
	    "{\"file_path\":\"/opt/app (v2)/conf/x\",\"content\":\"\"}}",
	    "/opt/app (v2)/conf"));
	/* malformed input and a policy that cannot be read block, saying
	 * why */
	T_OK(blocks(path, "{\"tool_name\":", "not JSON"));
	T_OK(blocks(path, "{\"tool_name\":\"Bash\",\"tool_input\":{}}",
	    "tool_input.command"));
	T_OK(blocks("/nonexistent/policy.json", "{\"tool_name\":\"Read\","
	    "\"tool_input\":{\"file_path\":\"/a\"}}", "does not exist"));

	/* what the hook cannot follow is asked about, not waved through */
	T_EQ_INT(run_hook(path, "{" COMMON "\"tool_name\":\"Bash\","
	    "\"tool_input\":{\"command\":\"$(echo id)\"}}", &out, &err), 0);
	T_OK(strstr(out, "\"permissionDecision\":\"ask\"") != NULL);
	T_OK(strstr(out, "\"hookEventName\":\"PreToolUse\"") != NULL);
	free(out);
	free(err);
	unlink(path);
}

int
main(void)
{
	test_parse();
	test_run();
	T_DONE();
}
