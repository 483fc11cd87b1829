/*
 * auditlog-test.c: parse/auditlog.c's reader on audit records as auditd
 * writes them (an execve through sudo with its EXECVE, CWD, PATH and
 * PROCTITLE records; a refused openat from a node= prefixed log with the
 * enriched fields after the 0x1d separator; a connect with its SOCKADDR)
 * fed in pieces, and on lines it must skip, each event held whole through
 * its print.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "parse/auditlog.h"
#include "t.h"

static struct buf printed;
static unsigned nevents;

static void
event_cb(const struct alog_event *e, void *arg)
{
	char *s = alog_event_print(e);

	(void)arg;
	buf_adds(&printed, s);
	free(s);
	nevents++;
}

/* the prints of every event of text fed in pieces of step bytes */
static const char *
read_log(const char *text, size_t step, struct alog_stats *st)
{
	struct alog_reader *r;
	const char *why = NULL;
	size_t i, len = strlen(text);

	buf_free(&printed);
	buf_adds(&printed, "");
	nevents = 0;
	r = alog_new(event_cb, NULL, &why);
	if (r == NULL) {
		T_OK(why == NULL);
		return "";
	}
	alog_begin(r, "test.log", st);
	for (i = 0; i < len; i += step)
		alog_feed(r, text + i, len - i < step ? len - i : step);
	alog_end(r);
	alog_free(r);
	return buf_str(&printed);
}

static const char log1[] =
    "type=SYSCALL msg=audit(1700000000.100:101): arch=c000003e "
    "syscall=59 success=yes exit=0 a0=55d0 a1=55e0 a2=55f0 a3=0 items=2 "
    "ppid=900 pid=1201 auid=4294967295 uid=1001 gid=1001 euid=0 suid=0 "
    "fsuid=0 egid=1001 sgid=1001 fsgid=1001 tty=pts0 ses=4294967295 "
    "comm=\"sudo\" exe=\"/usr/bin/sudo\" subj=unconfined "
    "key=\"privmap-setuid\"\n"
    "type=EXECVE msg=audit(1700000000.100:101): argc=3 a0=\"sudo\" "
    "a1=\"-n\" a2=\"true\"\n"
    "type=CWD msg=audit(1700000000.100:101): cwd=\"/home/agent\"\n"
    "type=PATH msg=audit(1700000000.100:101): item=0 "
    "name=\"/usr/bin/sudo\" inode=1234 dev=08:01 mode=0104755 ouid=0 "
    "ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 "
    "cap_fver=0 cap_frootid=0\n"
    "type=PATH msg=audit(1700000000.100:101): item=1 "
    "name=\"/lib64/ld-linux-x86-64.so.2\" inode=55 dev=08:01 "
    "mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 "
    "cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0\n"
    "type=PROCTITLE msg=audit(1700000000.100:101): "
    "proctitle=7375646F002D6E0074727565\n"
    "type=EOE msg=audit(1700000000.100:101): \n"
    "node=web1 type=SYSCALL msg=audit(1700000001.000:102): arch=c000003e "
    "syscall=257 success=no exit=-13 a0=ffffff9c a1=7ffd10 a2=241 a3=1b6 "
    "items=1 ppid=900 pid=1200 auid=4294967295 uid=1001 gid=1001 "
    "euid=1001 suid=1001 fsuid=1001 egid=1001 sgid=1001 fsgid=1001 "
    "tty=(none) ses=4294967295 comm=\"tee\" exe=\"/usr/bin/tee\" "
    "subj=unconfined key=\"site-etc\"\x1d" "ARCH=x86_64 SYSCALL=openat "
    "AUID=\"unset\" UID=\"agent\" GID=\"agent\"\n"
    "node=web1 type=CWD msg=audit(1700000001.000:102): "
    "cwd=\"/home/agent\"\n"
    "node=web1 type=PATH msg=audit(1700000001.000:102): item=0 "
    "name=\"../../etc/sudoers\" inode=77 dev=08:01 mode=0100440 ouid=0 "
    "ogid=0 rdev=00:00 nametype=NORMAL\n"
    "node=web1 type=EOE msg=audit(1700000001.000:102): \n"
    "not an audit line\n"
    "type=SYSCALL msg=audit(1700000002.500:103): arch=c000003e "
    "syscall=42 success=no exit=-111 a0=3 a1=7ffc a2=10 a3=0 items=0 "
    "ppid=1 pid=1300 auid=1001 uid=1001 gid=1001 euid=1001 suid=1001 "
    "fsuid=1001 egid=1001 sgid=1001 fsgid=1001 tty=(none) ses=3 "
    "comm=\"curl\" exe=\"/usr/bin/curl\" key=(null)\n"
    "type=SOCKADDR msg=audit(1700000002.500:103): "
    "saddr=020000507F0000010000000000000000\n"
    "type=EOE msg=audit(1700000002.500:103): \n";

static const char want1[] =
    "event \"test.log\":1 1700000000.100:101\n"
    "syscall arch=c000003e 59 \"execve\" success=1 exit=0 a0=55d0 "
    "a1=55e0 a2=55f0 a3=0 pid=1201 ppid=900 items=2\n"
    "ids uid=1001 auid=4294967295 euid=0 gid=1001\n"
    "exe \"/usr/bin/sudo\" comm \"sudo\" cwd \"/home/agent\"\n"
    "key \"privmap-setuid\"\n"
    "execve argc=3 \"sudo\" \"-n\" \"true\"\n"
    "path 0 \"/usr/bin/sudo\" \"/usr/bin/sudo\" normal mode=104755 "
    "ouid=0\n"
    "path 1 \"/lib64/ld-linux-x86-64.so.2\" "
    "\"/lib64/ld-linux-x86-64.so.2\" normal mode=100755 ouid=0\n"
    "proctitle \"sudo -n true\"\n"
    "event \"test.log\":8 1700000001.000:102 node \"web1\"\n"
    "syscall arch=c000003e 257 \"openat\" success=0 exit=-13 a0=ffffff9c "
    "a1=7ffd10 a2=241 a3=1b6 pid=1200 ppid=900 items=1\n"
    "ids uid=1001 auid=4294967295 euid=1001 gid=1001\n"
    "exe \"/usr/bin/tee\" comm \"tee\" cwd \"/home/agent\"\n"
    "key \"site-etc\"\n"
    "path 0 \"../../etc/sudoers\" \"/etc/sudoers\" normal mode=100440 "
    "ouid=0\n"
    "event \"test.log\":13 1700000002.500:103\n"
    "syscall arch=c000003e 42 \"connect\" success=0 exit=-111 a0=3 "
    "a1=7ffc a2=10 a3=0 pid=1300 ppid=1 items=0\n"
    "ids uid=1001 auid=1001 euid=1001 gid=1001\n"
    "exe \"/usr/bin/curl\" comm \"curl\" cwd (null)\n"
    "sockaddr family=2 (null) 127.0.0.1:80\n";

static void
test_log(void)
{
	struct alog_stats st;
	char *out;

	out = xstrdup(read_log(log1, sizeof log1, &st));
	T_EQ_STR(out, want1);
	T_EQ_INT(nevents, 3);
	T_EQ_INT(st.malformed, 1);
	/* the same in small pieces: lines split anywhere */
	T_EQ_STR(read_log(log1, 7, &st), out);
	T_EQ_INT(nevents, 3);
	free(out);
}

int
main(void)
{
	test_log();
	buf_free(&printed);
	T_DONE();
}
