/*
 * hook-fuzz.c: the input of privmap hook claude-code, which the agent
 * shapes (its tool calls' commands and paths are its own text): the
 * PreToolUse JSON read into actions (Bash commands through the shell
 * reader), then the whole hook on the same bytes against a fixed generic
 * policy. Nothing may crash, hang or leak; the exit status is 0 or 2, and
 * whatever the hook writes on stdout is JSON.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>

#include "watch/hook.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char policy_json[] =
"{\"schema\":\"privmap.policy/1\",\"target\":{\"user\":{\"uid\":1001}},"
"\"envelope\":{\"escalate\":{\"default\":\"deny\"},\"network\":{\"default\":"
"\"ask\"}},\"deny\":["
"{\"action\":\"exec\",\"target\":\"/usr/bin/sudo\"},"
"{\"action\":\"write\",\"target\":\"/home/agent\"},"
"{\"action\":\"read\",\"target\":\"/etc/shadow\"},"
"{\"action\":\"group\",\"target\":\"docker\"},"
"{\"action\":\"connect\",\"target\":\"/run/docker.sock\"},"
"{\"action\":\"port\",\"target\":\"127.0.0.1:2375\"}]}";

static char policy_path[64];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hook_call c;
	const char *why;
	char *out = NULL, *err = NULL;
	size_t on = 0, en = 0;
	FILE *o, *e;
	int fd, rv;

	if (policy_path[0] == '\0') {
		int pfd = memfd_create("policy", 0);

		if (pfd < 0 || write(pfd, policy_json, strlen(policy_json)) !=
		    (ssize_t)strlen(policy_json))
			abort();
		snprintf(policy_path, sizeof policy_path, "/proc/self/fd/%d",
		    pfd);
	}
	(void)hook_parse((const char *)data, size, "/home/agent", &c, &why);
	hook_call_free(&c);

	if ((fd = memfd_create("input", 0)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	if ((o = open_memstream(&out, &on)) == NULL ||
	    (e = open_memstream(&err, &en)) == NULL)
		abort();
	rv = hook_claude_run(policy_path, fd, o, e);
	fclose(o);
	fclose(e);
	close(fd);
	if (rv != 0 && rv != 2)
		abort();
	if (on > 0) {
		json_t *j = json_loads(out, 0, NULL);

		if (j == NULL)
			abort();	/* the decision is not JSON */
		json_decref(j);
	}
	free(out);
	free(err);
	return 0;
}
