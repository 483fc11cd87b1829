/*
 * events-test.c: the audit log reader (parse/auditlog.c), privmap events
 * and privmap replay (watch/events.c, watch/replay.c) on audit logs
 * written here, record by record, in the kernel's format: SYSCALL,
 * EXECVE (plain, hex-encoded and split arguments), PATH, CWD, PROCTITLE
 * and SOCKADDR (hex), a node= prefix and auditd's enriched form, for
 * every family that has events; malformed, oversized, NUL-holding and
 * truncated records; interleaved and unfinished events; a gzip'd rotated
 * log, a cut one and a broken one. The replay is checked against hand-
 * written expectations: which deny entry (by its place in the policy)
 * blocks which action, what the envelope blocks or asks for, what is
 * outside the policy; and against a policy privmap itself writes.
 *
 *   events-test                  run the tests
 *   events-test --write-corpus DIR
 *                                write the logs to DIR (the fuzz seeds in
 *                                tests/fuzz/corpus/auditlog come from it)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>

#include "watch/events.h"
#include "output/output.h"
#include "parse/auditlog.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "tests/unit/t.h"

/* report_add for a check id and family given as text */
#define T_ADD(r, id, fam, ...) \
	report_add((r), &(const struct reporter){ (id), (fam) }, __VA_ARGS__)

/* the header of a record and the credentials of the agent (uid 1001,
 * started by a service manager: no login uid) */
#define R(type, stamp)	"type=" type " msg=audit(" stamp "): "
#define X86		"arch=c000003e "
#define AGENT		"ppid=900 pid=1200 auid=4294967295 uid=1001 gid=1001 " \
			"euid=1001 suid=1001 fsuid=1001 egid=1001 sgid=1001 "  \
			"fsgid=1001 tty=(none) ses=4294967295 "
#define CAPS0		" cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0"

/*
 * The main log: one or more events per family. Comments give what each
 * event is; the x86_64 syscall numbers are from the kernel's
 * arch/x86/entry/syscalls/syscall_64.tbl.
 */
static const char log_main[] =
	/* E1 setuid: sudo run (execve 59), keyed by privmap's execve rule */
	R("SYSCALL", "1700000000.100:101") X86 "syscall=59 success=yes exit=0 "
	"a0=55d0 a1=55e0 a2=55f0 a3=0 items=2 ppid=900 pid=1201 "
	"auid=4294967295 uid=1001 gid=1001 euid=0 suid=0 fsuid=0 egid=1001 "
	"sgid=1001 fsgid=1001 tty=pts0 ses=4294967295 comm=\"sudo\" "
	"exe=\"/usr/bin/sudo\" subj=unconfined key=\"privmap-setuid\"\n"
	R("EXECVE", "1700000000.100:101") "argc=3 a0=\"sudo\" a1=\"-n\" "
	"a2=\"true\"\n"
	R("CWD", "1700000000.100:101") "cwd=\"/home/agent\"\n"
	R("PATH", "1700000000.100:101") "item=0 name=\"/usr/bin/sudo\" "
	"inode=1234 dev=08:01 mode=0104755 ouid=0 ogid=0 rdev=00:00 "
	"nametype=NORMAL" CAPS0 "\n"
	R("PATH", "1700000000.100:101") "item=1 "
	"name=\"/lib64/ld-linux-x86-64.so.2\" inode=55 dev=08:01 "
	"mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL" CAPS0 "\n"
	R("PROCTITLE", "1700000000.100:101")
	"proctitle=7375646F002D6E0074727565\n"

	/* E2 sudo by path: tee opens /etc/sudoers for writing (openat 257,
	 * O_WRONLY|O_CREAT|O_TRUNC = 0x241), denied; a site rule took the
	 * key. From another node, in auditd's enriched form. */
	"node=web1 " R("SYSCALL", "1700000001.000:102") X86 "syscall=257 "
	"success=no exit=-13 a0=ffffff9c a1=7ffd10 a2=241 a3=1b6 items=1 "
	AGENT "comm=\"tee\" exe=\"/usr/bin/tee\" subj=unconfined "
	"key=\"site-etc\"\x1d" "ARCH=x86_64 SYSCALL=openat AUID=\"unset\" "
	"UID=\"agent\" GID=\"agent\"\n"
	"node=web1 " R("CWD", "1700000001.000:102") "cwd=\"/home/agent\"\n"
	"node=web1 " R("PATH", "1700000001.000:102") "item=0 "
	"name=\"/etc/sudoers\" inode=77 dev=08:01 mode=0100440 ouid=0 ogid=0 "
	"rdev=00:00 nametype=NORMAL" CAPS0 "\x1d"
	"OUID=\"root\" OGID=\"root\"\n"
	"node=web1 " R("PROCTITLE", "1700000001.000:102")
	"proctitle=746565002F6574632F7375646F657273\n"

	/* E3 cron: creat (85) of a relative name in /etc/cron.d, denied */
	R("SYSCALL", "1700000002.000:103") X86 "syscall=85 success=no "
	"exit=-13 a0=7ffd20 a1=1a4 a2=0 a3=0 items=2 " AGENT "comm=\"sh\" "
	"exe=\"/usr/bin/dash\" key=\"privmap-cron\"\n"
	R("CWD", "1700000002.000:103") "cwd=\"/etc/cron.d\"\n"
	R("PATH", "1700000002.000:103") "item=0 name=\"/etc/cron.d/\" "
	"inode=80 dev=08:01 mode=040755 ouid=0 ogid=0 rdev=00:00 "
	"nametype=PARENT" CAPS0 "\n"
	R("PATH", "1700000002.000:103") "item=1 name=\"evil\" "
	"nametype=CREATE" CAPS0 "\n"
	R("PROCTITLE", "1700000002.000:103") "proctitle=7368\n"

	/* E4 systemd by path, no key: a unit file created, allowed */
	R("SYSCALL", "1700000003.000:104") X86 "syscall=257 success=yes "
	"exit=3 a0=ffffff9c a1=7ffd30 a2=241 a3=1a4 items=2 " AGENT
	"comm=\"cp\" exe=\"/usr/bin/cp\" key=(null)\n"
	R("CWD", "1700000003.000:104") "cwd=\"/home/agent\"\n"
	R("PATH", "1700000003.000:104") "item=0 "
	"name=\"/etc/systemd/system/\" inode=90 dev=08:01 mode=040777 "
	"ouid=0 ogid=0 rdev=00:00 nametype=PARENT" CAPS0 "\n"
	R("PATH", "1700000003.000:104") "item=1 "
	"name=\"/etc/systemd/system/evil.service\" inode=91 dev=08:01 "
	"mode=0100644 ouid=1001 ogid=1001 rdev=00:00 nametype=CREATE" CAPS0
	"\n"
	R("PROCTITLE", "1700000003.000:104")
	"proctitle=6370002F746D702F6576696C2E73657276696365\n"

	/* E5 shell-rc: bash appends to root's .bashrc (open 2,
	 * O_WRONLY|O_CREAT|O_APPEND = 0x441), denied */
	R("SYSCALL", "1700000004.000:105") X86 "syscall=2 success=no "
	"exit=-13 a0=7ffd40 a1=441 a2=1b6 a3=0 items=1 " AGENT
	"comm=\"bash\" exe=\"/usr/bin/bash\" key=\"privmap-shell-rc\"\n"
	R("CWD", "1700000004.000:105") "cwd=\"/\"\n"
	R("PATH", "1700000004.000:105") "item=0 name=\"/root/.bashrc\" "
	"inode=100 dev=08:01 mode=0100644 ouid=0 ogid=0 rdev=00:00 "
	"nametype=NORMAL" CAPS0 "\n"
	R("PROCTITLE", "1700000004.000:105") "proctitle="
	"62617368002D63006563686F2078203E3E202F726F6F742F2E626173687263\n"

	/* E6 shell-rc, the agent's own (ouid 1001): modify-self in replay */
	R("SYSCALL", "1700000004.500:106") X86 "syscall=257 success=yes "
	"exit=3 a0=ffffff9c a1=7ffd48 a2=441 a3=1b6 items=1 " AGENT
	"comm=\"bash\" exe=\"/usr/bin/bash\" key=(null)\n"
	R("CWD", "1700000004.500:106") "cwd=\"/home/agent\"\n"
	R("PATH", "1700000004.500:106") "item=0 name=\".bashrc\" inode=101 "
	"dev=08:01 mode=0100644 ouid=1001 ogid=1001 rdev=00:00 "
	"nametype=NORMAL" CAPS0 "\n"
	R("PROCTITLE", "1700000004.500:106") "proctitle=62617368\n"

	/* E7 writable-config: chmod (90) of /etc/passwd, refused */
	R("SYSCALL", "1700000005.000:107") X86 "syscall=90 success=no "
	"exit=-1 a0=7ffd50 a1=1b6 a2=0 a3=0 items=1 " AGENT
	"comm=\"chmod\" exe=\"/usr/bin/chmod\" "
	"key=\"privmap-writable-config\"\n"
	R("CWD", "1700000005.000:107") "cwd=\"/home/agent\"\n"
	R("PATH", "1700000005.000:107") "item=0 name=\"/etc/passwd\" "
	"inode=110 dev=08:01 mode=0100644 ouid=0 ogid=0 rdev=00:00 "
	"nametype=NORMAL" CAPS0 "\n"
	R("PROCTITLE", "1700000005.000:107")
	"proctitle=63686D6F6400363636002F6574632F706173737764\n"

	/* E8 writable-path by path: "ls" created in /usr/local/bin, relative
	 * to the cwd (openat with AT_FDCWD, logged as the 32-bit register) */
	R("SYSCALL", "1700000006.000:108") X86 "syscall=257 success=yes "
	"exit=3 a0=ffffff9c a1=7ffd60 a2=241 a3=1ed items=1 " AGENT
	"comm=\"cp\" exe=\"/usr/bin/cp\" key=(null)\n"
	R("CWD", "1700000006.000:108") "cwd=\"/usr/local/bin\"\n"
	R("PATH", "1700000006.000:108") "item=0 name=\"ls\" inode=120 "
	"dev=08:01 mode=0100755 ouid=1001 ogid=1001 rdev=00:00 "
	"nametype=CREATE" CAPS0 "\n"
	R("PROCTITLE", "1700000006.000:108") "proctitle=6370\n"

	/* E9 relative to a directory fd (a0=3): its path is not known, so
	 * it is on no surface */
	R("SYSCALL", "1700000006.500:109") X86 "syscall=257 success=yes "
	"exit=4 a0=3 a1=7ffd68 a2=241 a3=1a4 items=1 " AGENT
	"comm=\"cp\" exe=\"/usr/bin/cp\" key=(null)\n"
	R("CWD", "1700000006.500:109") "cwd=\"/tmp\"\n"
	R("PATH", "1700000006.500:109") "item=0 name=\"evil.conf\" "
	"nametype=CREATE" CAPS0 "\n"
	R("PROCTITLE", "1700000006.500:109") "proctitle=6370\n"

	/* E10 docker run (execve) with a split, hex-encoded argument
	 * (a1_len, a1[0], a1[1]) and another in hex */
	R("SYSCALL", "1700000007.000:110") X86 "syscall=59 success=yes "
	"exit=0 a0=55d0 a1=55e0 a2=55f0 a3=0 items=2 " AGENT
	"comm=\"docker\" exe=\"/usr/bin/docker\" key=(null)\n"
	R("EXECVE", "1700000007.000:110") "argc=3 a0=\"docker\" a1_len=21 "
	"a1[0]=72756E202D76202F3A2F68 a1[1]=6F737420616C70696E65 "
	"a2=6368726F6F74202F686F7374\n"
	R("CWD", "1700000007.000:110") "cwd=\"/home/agent\"\n"
	R("PATH", "1700000007.000:110") "item=0 name=\"/usr/bin/docker\" "
	"inode=130 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 "
	"nametype=NORMAL" CAPS0 "\n"
	R("PATH", "1700000007.000:110") "item=1 "
	"name=\"/lib64/ld-linux-x86-64.so.2\" inode=55 dev=08:01 "
	"mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL" CAPS0 "\n"
	R("PROCTITLE", "1700000007.000:110") "proctitle=646F636B65720072756E\n"

	/* E11 container-socket: connect (42) to /run/docker.sock, the
	 * SOCKADDR record first */
	R("SOCKADDR", "1700000007.200:111") "saddr=01002F72756E2F646F636B65722E"
	"736F636B00000000000000000000000000000000\n"
	R("SYSCALL", "1700000007.200:111") X86 "syscall=42 success=yes exit=0 "
	"a0=3 a1=c000 a2=17 a3=0 items=1 " AGENT "comm=\"docker\" "
	"exe=\"/usr/bin/docker\" key=\"privmap-container-socket\"\n"
	R("PATH", "1700000007.200:111") "item=0 name=\"/run/docker.sock\" "
	"inode=140 dev=00:19 mode=0140660 ouid=0 ogid=998 rdev=00:00 "
	"nametype=NORMAL" CAPS0 "\n"
	R("PROCTITLE", "1700000007.200:111") "proctitle=646F636B65720072756E\n"

	/* E12 container-socket by path: containerd's socket, refused */
	R("SYSCALL", "1700000008.000:112") X86 "syscall=42 success=no "
	"exit=-13 a0=3 a1=c000 a2=2b a3=0 items=1 " AGENT "comm=\"ctr\" "
	"exe=\"/usr/bin/ctr\" key=(null)\n"
	R("SOCKADDR", "1700000008.000:112") "saddr=01002F72756E2F636F6E746169"
	"6E6572642F636F6E7461696E6572642E736F636B000000000000\n"
	R("PROCTITLE", "1700000008.000:112") "proctitle=637472\n"

	/* E13..E15 inet connects: 127.0.0.1:2375, [::1]:2375, 10.0.0.5:2375 */
	R("SYSCALL", "1700000009.000:113") X86 "syscall=42 success=no "
	"exit=-111 a0=3 a1=c000 a2=10 a3=0 items=0 " AGENT "comm=\"curl\" "
	"exe=\"/usr/bin/curl\" key=(null)\n"
	R("SOCKADDR", "1700000009.000:113")
	"saddr=020009477F0000010000000000000000\n"
	R("PROCTITLE", "1700000009.000:113") "proctitle=6375726C\n"
	R("SYSCALL", "1700000009.100:114") X86 "syscall=42 success=no "
	"exit=-111 a0=3 a1=c000 a2=1c a3=0 items=0 " AGENT "comm=\"curl\" "
	"exe=\"/usr/bin/curl\" key=(null)\n"
	R("SOCKADDR", "1700000009.100:114")
	"saddr=0A000947000000000000000000000000000000000000000100000000\n"
	R("PROCTITLE", "1700000009.100:114") "proctitle=6375726C\n"
	R("SYSCALL", "1700000009.200:115") X86 "syscall=42 success=yes "
	"exit=0 a0=3 a1=c000 a2=10 a3=0 items=0 " AGENT "comm=\"curl\" "
	"exe=\"/usr/bin/curl\" key=(null)\n"
	R("SOCKADDR", "1700000009.200:115")
	"saddr=020009470A0000050000000000000000\n"
	R("PROCTITLE", "1700000009.200:115") "proctitle=6375726C\n"

	/* E16 escalate: setresuid(0, 0, 0) (117) succeeded; at exit the
	 * uids are 0, the login uid still the agent's */
	R("SYSCALL", "1700000010.000:116") X86 "syscall=117 success=yes "
	"exit=0 a0=0 a1=0 a2=0 a3=0 items=0 ppid=900 pid=1300 auid=1001 "
	"uid=0 gid=1001 euid=0 suid=0 fsuid=0 egid=1001 sgid=1001 "
	"fsgid=1001 tty=pts0 ses=3 comm=\"sudo\" exe=\"/usr/bin/sudo\" "
	"key=\"privmap-escalate\"\n"
	R("PROCTITLE", "1700000010.000:116")
	"proctitle=7375646F002D6E0074727565\n"

	/* E17 escalate: setuid(0) (105) refused; two keys, hex-encoded
	 * with AUDIT_KEY_SEPARATOR */
	R("SYSCALL", "1700000011.000:117") X86 "syscall=105 success=no "
	"exit=-1 a0=0 a1=0 a2=0 a3=0 items=0 " AGENT "comm=\"python3\" "
	"exe=\"/usr/bin/python3.11\" "
	"key=707269766D61702D657363616C61746501736974652D63726564\n"
	R("PROCTITLE", "1700000011.000:117") "proctitle=707974686F6E33\n"

	/* E18 module: finit_module (313) refused */
	R("SYSCALL", "1700000012.000:118") X86 "syscall=313 success=no "
	"exit=-1 a0=3 a1=4123 a2=0 a3=0 items=0 " AGENT "comm=\"insmod\" "
	"exe=\"/usr/bin/kmod\" key=\"privmap-module\"\n"
	R("PROCTITLE", "1700000012.000:118")
	"proctitle=696E736D6F6400726F6F746B69742E6B6F\n"

	/* E19 mount (165) refused */
	R("SYSCALL", "1700000013.000:119") X86 "syscall=165 success=no "
	"exit=-1 a0=55a0 a1=55b0 a2=55c0 a3=0 items=1 " AGENT
	"comm=\"mount\" exe=\"/usr/bin/mount\" key=\"privmap-mount\"\n"
	R("CWD", "1700000013.000:119") "cwd=\"/home/agent\"\n"
	R("PATH", "1700000013.000:119") "item=0 name=\"/mnt\" inode=2 "
	"dev=08:01 mode=040755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL"
	CAPS0 "\n"
	R("PROCTITLE", "1700000013.000:119") "proctitle=6D6F756E74\n"

	/* E20 namespace: unshare(CLONE_NEWUSER|CLONE_NEWNS) (272) */
	R("SYSCALL", "1700000014.000:120") X86 "syscall=272 success=yes "
	"exit=0 a0=10020000 a1=0 a2=0 a3=0 items=0 " AGENT
	"comm=\"unshare\" exe=\"/usr/bin/unshare\" "
	"key=\"privmap-namespace\"\n"
	R("PROCTITLE", "1700000014.000:120") "proctitle=756E7368617265002D72\n"

	/* E21 file-capability by the program's capabilities (cap_net_raw,
	 * bit 13), no key */
	R("SYSCALL", "1700000015.000:121") X86 "syscall=59 success=yes "
	"exit=0 a0=55d0 a1=55e0 a2=55f0 a3=0 items=2 " AGENT
	"comm=\"ping\" exe=\"/usr/bin/ping\" key=(null)\n"
	R("EXECVE", "1700000015.000:121") "argc=2 a0=\"ping\" "
	"a1=\"127.0.0.1\"\n"
	R("PATH", "1700000015.000:121") "item=0 name=\"/usr/bin/ping\" "
	"inode=150 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 "
	"nametype=NORMAL cap_fp=2000 cap_fi=0 cap_fe=1 cap_fver=2 "
	"cap_frootid=0\n"
	R("PROCTITLE", "1700000015.000:121") "proctitle=70696E67\n"

	/* E22 credentials: a read of /etc/shadow, refused */
	R("SYSCALL", "1700000016.000:122") X86 "syscall=257 success=no "
	"exit=-13 a0=ffffff9c a1=7ffd70 a2=0 a3=0 items=1 " AGENT
	"comm=\"cat\" exe=\"/usr/bin/cat\" key=(null)\n"
	R("PATH", "1700000016.000:122") "item=0 name=\"/etc/shadow\" "
	"inode=160 dev=08:01 mode=0100640 ouid=0 ogid=42 rdev=00:00 "
	"nametype=NORMAL" CAPS0 "\n"
	R("PROCTITLE", "1700000016.000:122") "proctitle=636174\n"

	/* E23 another user (uid 1002) writes /etc/sudoers, allowed */
	R("SYSCALL", "1700000017.000:123") X86 "syscall=257 success=yes "
	"exit=3 a0=ffffff9c a1=7ffd80 a2=1 a3=0 items=1 ppid=1 pid=1400 "
	"auid=1002 uid=1002 gid=1002 euid=1002 suid=1002 fsuid=1002 "
	"egid=1002 sgid=1002 fsgid=1002 tty=pts1 ses=9 comm=\"vi\" "
	"exe=\"/usr/bin/vim.basic\" key=(null)\n"
	R("PATH", "1700000017.000:123") "item=0 name=\"/etc/sudoers\" "
	"inode=77 dev=08:01 mode=0100666 ouid=0 ogid=0 rdev=00:00 "
	"nametype=NORMAL" CAPS0 "\n"
	R("PROCTITLE", "1700000017.000:123") "proctitle=7669\n"

	/* E24 on no surface: a read of /etc/hostname */
	R("SYSCALL", "1700000018.000:124") X86 "syscall=257 success=yes "
	"exit=3 a0=ffffff9c a1=7ffd90 a2=80000 a3=0 items=1 " AGENT
	"comm=\"cat\" exe=\"/usr/bin/cat\" key=(null)\n"
	R("PATH", "1700000018.000:124") "item=0 name=\"/etc/hostname\" "
	"inode=170 dev=08:01 mode=0100644 ouid=0 ogid=0 rdev=00:00 "
	"nametype=NORMAL" CAPS0 "\n"
	R("PROCTITLE", "1700000018.000:124") "proctitle=636174\n"

	/* E25 a userspace record (sudo's USER_CMD): an event, no syscall */
	R("USER_CMD", "1700000019.000:125") "pid=1500 uid=1001 "
	"auid=4294967295 ses=4294967295 subj=unconfined msg='cwd=\"/\" "
	"cmd=6964 exe=\"/usr/bin/sudo\" terminal=pts/0 res=failed'\n"

	/* E26, E27 interleaved: two writes in /etc/sudoers.d */
	R("SYSCALL", "1700000020.000:126") X86 "syscall=257 success=no "
	"exit=-13 a0=ffffff9c a1=1 a2=241 a3=0 items=1 " AGENT
	"comm=\"tee\" exe=\"/usr/bin/tee\" key=\"privmap-sudo\"\n"
	R("SYSCALL", "1700000020.000:127") X86 "syscall=257 success=no "
	"exit=-13 a0=ffffff9c a1=1 a2=241 a3=0 items=1 " AGENT
	"comm=\"tee\" exe=\"/usr/bin/tee\" key=\"privmap-sudo\"\n"
	R("PATH", "1700000020.000:126") "item=0 name=\"/etc/sudoers.d/a\" "
	"nametype=CREATE" CAPS0 "\n"
	R("PATH", "1700000020.000:127") "item=0 name=\"/etc/sudoers.d/b\" "
	"nametype=CREATE" CAPS0 "\n"
	R("PROCTITLE", "1700000020.000:126") "proctitle=746565\n"
	R("PROCTITLE", "1700000020.000:127") "proctitle=746565\n"

	/* E28 sg docker -c id: the docker group used */
	R("SYSCALL", "1700000021.000:128") X86 "syscall=59 success=yes "
	"exit=0 a0=55d0 a1=55e0 a2=55f0 a3=0 items=2 ppid=900 pid=1600 "
	"auid=4294967295 uid=1001 gid=1001 euid=0 suid=0 fsuid=0 egid=1001 "
	"sgid=1001 fsgid=1001 tty=pts0 ses=4294967295 comm=\"sg\" "
	"exe=\"/usr/bin/sg\" key=\"privmap-setuid\"\n"
	R("EXECVE", "1700000021.000:128") "argc=4 a0=\"sg\" a1=\"docker\" "
	"a2=\"-c\" a3=\"id\"\n"
	R("PATH", "1700000021.000:128") "item=0 name=\"/usr/bin/sg\" "
	"inode=180 dev=08:01 mode=0104755 ouid=0 ogid=0 rdev=00:00 "
	"nametype=NORMAL" CAPS0 "\n"
	R("PROCTITLE", "1700000021.000:128") "proctitle=7367\n";

/* malformed, oversized and truncated records around two good events */
static const char log_bad_head[] =
	"this is not an audit record\n"
	R("SYSCALL", "abc.def:1") X86 "syscall=59\n"
	"type=SYSCALL msg=audit(1700000050.000:300 arch=c000003e\n"
	"\n"
	/* a good event between the bad ones: sudoers written, allowed */
	R("SYSCALL", "1700000051.000:301") X86 "syscall=257 success=yes "
	"exit=3 a0=ffffff9c a1=1 a2=241 a3=0 items=1 " AGENT
	"comm=\"tee\" exe=\"/usr/bin/tee\" key=\"privmap-sudo\"\n"
	R("PATH", "1700000051.000:301") "item=0 name=\"/etc/sudoers\" "
	"nametype=NORMAL" CAPS0 "\n"
	/* fields that do not parse: odd hex, bad numbers, unknown arch */
	R("SYSCALL", "1700000052.000:302") "arch=zz syscall=-5 success=maybe "
	"exit=x a0=q uid=99999999999 auid= exe=ABC comm=\"unterminated "
	"key=41\n"
	R("EXECVE", "1700000052.000:302") "argc=99999999999 a0=4 a1[=1 "
	"a2[0]=ZZ a5_len=3\n"
	R("SOCKADDR", "1700000052.000:302") "saddr=0\n";
/* then a line with a NUL, a line over MAX_LINE, and a last record cut
 * short: the write of /etc/cron.d/job, with no newline */
static const char log_bad_tail[] =
	R("SYSCALL", "1700000053.000:303") X86 "syscall=257 success=yes "
	"exit=3 a0=ffffff9c a1=1 a2=241 a3=0 items=1 " AGENT
	"comm=\"tee\" exe=\"/usr/bin/tee\" key=\"privmap-cron\"";

/* the hand-written policy: entry numbers are places in "deny" */
#define CLASS(name, def)						\
	"    \"" name "\": { \"default\": \"" def "\", "		\
	"\"description\": \"\", \"deny\": 0 }"
#define ENTRY(act, tgt, id, check, fam, sev, why)			\
	"    { \"action\": \"" act "\", \"target\": \"" tgt "\",\n"	\
	"      \"classes\": [\"escalate\"], \"finding\": \"" id "\",\n"	\
	"      \"check\": \"" check "\", \"family\": \"" fam "\",\n"	\
	"      \"severity\": \"" sev "\", \"reason\": \"" why "\",\n"	\
	"      \"derived\": false }"
static const char policy_v1[] =
	"{\n"
	"  \"schema\": \"privmap.policy/1\",\n"
	"  \"generator\": { \"name\": \"privmap\", \"version\": \"0.1.0\" },\n"
	"  \"target\": { \"kind\": \"host\", \"root\": \"/\",\n"
	"    \"user\": { \"name\": \"agent\", \"uid\": 1001 } },\n"
	"  \"envelope\": {\n"
	CLASS("read-state", "allow") ",\n"
	CLASS("write-state", "allow") ",\n"
	CLASS("exfiltrate", "allow") ",\n"
	CLASS("escalate", "deny") ",\n"
	CLASS("network", "allow") ",\n"
	CLASS("modify-self", "ask") "\n"
	"  },\n"
	"  \"deny\": [\n"
	ENTRY("write", "/etc/sudoers", "f-sudoers", "sudoers-writable",
	    "sudo", "critical", "agent can write /etc/sudoers") ",\n"
	ENTRY("write", "/etc/cron.d", "f-crond", "cron-dir-writable", "cron",
	    "high", "agent can write /etc/cron.d") ",\n"
	ENTRY("connect", "/var/run/docker.sock", "f-docker", "docker-socket",
	    "container-socket", "critical", "agent can connect to docker.sock")
	    ",\n"
	ENTRY("exec", "/usr/bin/sudo", "f-sudo", "sudo-nopasswd", "sudo",
	    "critical", "agent may run anything with sudo") ",\n"
	ENTRY("group", "docker", "f-dgroup", "docker-group",
	    "group-membership", "critical", "agent is in group docker") ",\n"
	ENTRY("port", "127.0.0.1:2375", "f-dockerapi", "docker-api",
	    "localhost-service", "critical",
	    "the docker API listens on loopback") ",\n"
	ENTRY("read", "/etc/shadow", "f-shadow", "shadow-readable",
	    "credentials", "high", "agent can read /etc/shadow") ",\n"
	ENTRY("exec", "/usr/bin/find", "f-find", "setuid-gtfobins", "setuid",
	    "critical", "find is setuid root") ",\n"
	ENTRY("chmod", "/etc", "f-x", "x", "x", "low",
	    "an action this privmap does not know") "\n"
	"  ]\n"
	"}\n";

static char tmpdir[] = "/tmp/privmap-events-XXXXXX";

static char *
tpath(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void
write_file(const char *name, const char *data, size_t n)
{
	char *p = tpath(name);
	FILE *fp = fopen(p, "w");

	if (fp == NULL || fwrite(data, 1, n, fp) != n || fclose(fp) != 0) {
		fprintf(stderr, "cannot write %s\n", p);
		exit(99);
	}
	free(p);
}

static void
read_file(const char *name, char **data, size_t *n)
{
	char *p = tpath(name);
	FILE *fp = fopen(p, "r");
	struct buf b = { 0 };
	char chunk[4096];
	size_t got;

	if (fp == NULL)
		exit(99);
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, got);
	fclose(fp);
	free(p);
	*data = b.data;
	*n = b.len;
}

/* a gzip'd copy, as logrotate's compress leaves a rotated log */
static void
write_gzip(const char *name, const char *data, size_t n)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	char *p = tpath(name);

	if (archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_format_raw(a) != ARCHIVE_OK ||
	    archive_write_open_filename(a, p) != ARCHIVE_OK)
		T_SKIP("libarchive cannot write gzip here");
	archive_entry_set_pathname(e, "audit.log.1");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_size(e, (la_int64_t)n);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    archive_write_data(a, data, n) != (la_ssize_t)n ||
	    archive_write_close(a) != ARCHIVE_OK)
		T_SKIP("libarchive cannot write gzip here");
	archive_entry_free(e);
	archive_write_free(a);
	free(p);
}

static struct buf
bad_log(void)
{
	struct buf b = { 0 };
	size_t i;

	buf_adds(&b, log_bad_head);
	buf_adds(&b, R("SYSCALL", "1700000052.500:310") "uid=1001 nul");
	buf_addc(&b, '\0');
	buf_adds(&b, "byte\n");
	buf_adds(&b, R("SYSCALL", "1700000052.600:311") "a0=\"");
	for (i = 0; i < 70000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"\n");
	buf_adds(&b, log_bad_tail);
	return b;
}

/* ---- running the commands ------------------------------------------- */

static char *
run_events(const char *const *files, size_t n, int json, int has_uid,
    unsigned long uid, int *rc)
{
	struct events_opts o = { 0 };
	const char *why = NULL;
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	o.json = json;
	o.has_uid = has_uid;
	o.uid = uid;
	*rc = events_run(files, n, fp, &o, &why);
	fclose(fp);
	return s;
}

static json_t *
events_doc(const char *const *files, size_t n, int has_uid,
    unsigned long uid, int *rc)
{
	json_error_t err;
	char *s = run_events(files, n, 1, has_uid, uid, rc);
	json_t *j = json_loads(s, 0, &err);

	if (j == NULL)
		fprintf(stderr, "events JSON does not parse: %s\n%s\n",
		    err.text, s);
	free(s);
	return j;
}

static char *
run_replay(const char *policy, const char *const *files, size_t n, int json,
    int *rc, const char **why)
{
	struct replay_opts o = { 0 };
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	o.json = json;
	o.verbose = 1;
	*why = NULL;
	*rc = replay_run(policy, files, n, fp, &o, why);
	fclose(fp);
	return s;
}

static json_t *
replay_doc(const char *policy, const char *const *files, size_t n, int *rc)
{
	json_error_t err;
	const char *why;
	char *s = run_replay(policy, files, n, 1, rc, &why);
	json_t *j = json_loads(s, 0, &err);

	if (j == NULL)
		fprintf(stderr, "replay JSON does not parse (%s): %s\n%s\n",
		    why ? why : "", err.text, s);
	free(s);
	return j;
}

/* the group of events with this family, action and target (and uid,
 * unless -1) */
static json_t *
group(json_t *doc, const char *family, const char *action,
    const char *target, long uid)
{
	json_t *g;
	size_t i;

	json_array_foreach(json_object_get(doc, "groups"), i, g)
		if (strcmp(json_string_value(json_object_get(g, "family")),
		    family) == 0 &&
		    strcmp(json_string_value(json_object_get(g, "action")),
		    action) == 0 &&
		    strcmp(json_string_value(json_object_get(g, "target")),
		    target) == 0 && (uid < 0 ||
		    json_integer_value(json_object_get(g, "uid")) == uid))
			return g;
	fprintf(stderr, "no group %s %s %s\n", family, action, target);
	return NULL;
}

static long long
jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *
jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "(not a string)";
}

/* ---- the reader's glue ---------------------------------------------- */

static void
test_decode(void)
{
	char *s;
	int cut = 0;

	s = alog_decode("\"/etc/sudoers\"", 4096, 0, NULL);
	T_EQ_STR(s, "/etc/sudoers");
	free(s);
	s = alog_decode("2F746D702F6576696C20646972", 4096, 0, NULL);
	T_EQ_STR(s, "/tmp/evil dir");
	free(s);
	T_OK(alog_decode("(null)", 4096, 0, NULL) == NULL);
	T_OK(alog_decode("ABC", 4096, 0, NULL) == NULL);	/* odd */
	T_OK(alog_decode("4G", 4096, 0, NULL) == NULL);
	/* proctitle: NULs between the arguments */
	s = alog_decode("7375646F002D6E0074727565", 4096, ' ', NULL);
	T_EQ_STR(s, "sudo -n true");
	free(s);
	/* elsewhere a NUL ends the text */
	s = alog_decode("61006263", 4096, 0, NULL);
	T_EQ_STR(s, "a");
	free(s);
	s = alog_decode("41424344", 2, 0, &cut);
	T_EQ_STR(s, "AB");
	T_OK(cut);
	free(s);

	s = alog_abs_path("evil", "/etc/cron.d");
	T_EQ_STR(s, "/etc/cron.d/evil");
	free(s);
	s = alog_abs_path("/etc/./cron.d//x/../y/", NULL);
	T_EQ_STR(s, "/etc/cron.d/y");
	free(s);
	s = alog_abs_path("../../../../etc/shadow", "/home/agent");
	T_EQ_STR(s, "/etc/shadow");
	free(s);
	T_OK(alog_abs_path("x", NULL) == NULL);
	T_OK(alog_abs_path("x", "relative") == NULL);
}

struct collect {
	size_t		 n;
	size_t		 with_syscall;
	struct buf	 seen;		/* "serial:action:path;" */
};

static void
collect_cb(const struct alog_event *e, void *arg)
{
	struct collect *c = arg;
	struct alog_action a[ALOG_MAX_ACTIONS];
	size_t n, i;

	c->n++;
	if (e->has_syscall)
		c->with_syscall++;
	n = alog_actions(e, a, ALOG_MAX_ACTIONS);
	for (i = 0; i < n; i++)
		buf_printf(&c->seen, "%lu:%s:%s;", e->serial,
		    alog_act_name(a[i].kind), a[i].path ? a[i].path : "-");
}

static void
test_reader(void)
{
	struct collect c = { 0 };
	struct alog_stats st;
	struct alog_reader *r;
	const char *why;
	struct buf many = { 0 };
	size_t i;

	r = alog_new(collect_cb, &c, &why);
	T_OK(r != NULL);
	if (r == NULL)
		return;
	/* the main log in pieces of every size from 1 to 97 bytes: lines
	 * cut anywhere join up the same */
	alog_begin(r, "main", &st);
	for (i = 0; i < sizeof log_main - 1; ) {
		size_t k = 1 + i % 97;

		if (k > sizeof log_main - 1 - i)
			k = sizeof log_main - 1 - i;
		alog_feed(r, log_main + i, k);
		i += k;
	}
	alog_end(r);
	T_EQ_INT(st.events, 28);
	T_EQ_INT(c.n, 28);
	T_EQ_INT(c.with_syscall, 27);
	T_EQ_INT(st.malformed, 0);
	T_EQ_INT(st.nerrors, 0);
	T_OK(!st.truncated);
	buf_str(&c.seen);
	T_OK(strstr(c.seen.data, "101:exec:/usr/bin/sudo;") != NULL);
	T_OK(strstr(c.seen.data, "102:write:/etc/sudoers;") != NULL);
	T_OK(strstr(c.seen.data, "103:write:/etc/cron.d/evil;") != NULL);
	T_OK(strstr(c.seen.data, "106:write:/home/agent/.bashrc;") != NULL);
	T_OK(strstr(c.seen.data, "107:attr:/etc/passwd;") != NULL);
	T_OK(strstr(c.seen.data, "108:write:/usr/local/bin/ls;") != NULL);
	/* relative to a directory fd: the name as logged */
	T_OK(strstr(c.seen.data, "109:write:evil.conf;") != NULL);
	T_OK(strstr(c.seen.data, "111:connect:/run/docker.sock;") != NULL);
	T_OK(strstr(c.seen.data, "112:connect:/run/containerd/containerd."
	    "sock;") != NULL);
	T_OK(strstr(c.seen.data, "113:connect:-;") != NULL);
	T_OK(strstr(c.seen.data, "116:credentials:-;") != NULL);
	T_OK(strstr(c.seen.data, "118:module:-;") != NULL);
	T_OK(strstr(c.seen.data, "119:mount:/mnt;") != NULL);
	T_OK(strstr(c.seen.data, "120:namespace:-;") != NULL);
	T_OK(strstr(c.seen.data, "122:read:/etc/shadow;") != NULL);
	T_OK(strstr(c.seen.data, "126:write:/etc/sudoers.d/a;") != NULL);
	T_OK(strstr(c.seen.data, "127:write:/etc/sudoers.d/b;") != NULL);

	/* rename(2) (82) over /etc/sudoers: both names are changed, each
	 * once; a 32-bit connect through socketcall(2) (102, SYS_CONNECT) */
	{
		static const char ren[] =
		    R("SYSCALL", "1700000090.000:900") X86 "syscall=82 "
		    "success=yes exit=0 a0=1 a1=2 items=5 uid=1001 "
		    "key=(null)\n"
		    R("CWD", "1700000090.000:900") "cwd=\"/etc\"\n"
		    R("PATH", "1700000090.000:900") "item=0 name=\"/etc/\" "
		    "nametype=PARENT\n"
		    R("PATH", "1700000090.000:900") "item=1 name=\"/etc/\" "
		    "nametype=PARENT\n"
		    R("PATH", "1700000090.000:900") "item=2 "
		    "name=\"sudoers.tmp\" nametype=DELETE\n"
		    R("PATH", "1700000090.000:900") "item=3 "
		    "name=\"/etc/sudoers\" nametype=DELETE\n"
		    R("PATH", "1700000090.000:900") "item=4 "
		    "name=\"/etc/sudoers\" nametype=CREATE\n"
		    R("PROCTITLE", "1700000090.000:900") "proctitle=6D76\n"
		    R("SYSCALL", "1700000091.000:901") "arch=40000003 "
		    "syscall=102 success=yes exit=0 a0=3 a1=ffd0 items=0 "
		    "uid=1001 key=(null)\n"
		    R("SOCKADDR", "1700000091.000:901") "saddr=01002F72756E2F"
		    "646F636B65722E736F636B00\n";

		c.n = 0;
		c.seen.len = 0;
		alog_begin(r, "rename", &st);
		alog_feed(r, ren, sizeof ren - 1);
		alog_end(r);
		buf_str(&c.seen);
		T_EQ_STR(c.seen.data, "900:write:/etc/sudoers.tmp;"
		    "900:write:/etc/sudoers;901:connect:/run/docker.sock;");
	}

	/* 300 events that never finish (no PROCTITLE), all in one second:
	 * the window passes each on once, none is lost */
	for (i = 0; i < 300; i++)
		buf_printf(&many, R("SYSCALL", "1700000100.000:%zu") X86
		    "syscall=2 success=yes exit=3 a0=1 a1=0 items=0 uid=1001 "
		    "key=(null)\n", 1000 + i);
	c.n = 0;
	alog_begin(r, "many", &st);
	alog_feed(r, many.data, many.len);
	alog_end(r);
	T_EQ_INT(st.events, 300);
	T_EQ_INT(c.n, 300);
	buf_free(&many);

	/* one event of 2000 records: kept to ALOG_MAX_RECORDS */
	for (i = 0; i < 2000; i++)
		buf_printf(&many, R("PATH", "1700000200.000:5") "item=%zu "
		    "name=\"/x%zu\" nametype=NORMAL\n", i, i);
	c.n = 0;
	alog_begin(r, "huge", &st);
	alog_feed(r, many.data, many.len);
	alog_end(r);
	T_EQ_INT(st.events, 1);
	T_EQ_INT(st.dropped, 2000 - ALOG_MAX_RECORDS);
	buf_free(&many);
	buf_free(&c.seen);
	alog_free(r);
}

/* ---- privmap events ------------------------------------------------- */

static void
test_events(void)
{
	char *main_log = tpath("audit.log");
	const char *files[] = { main_log };
	json_t *doc, *g, *sum;
	char *text, *again;
	int rc;

	doc = events_doc(files, 1, 0, 0, &rc);
	T_EQ_INT(rc, 0);
	T_OK(doc != NULL);
	if (doc == NULL)
		goto out;
	T_EQ_STR(jstr(doc, "schema"), "privmap.events/1");
	sum = json_object_get(doc, "summary");
	T_EQ_INT(jint(sum, "events"), 28);
	T_EQ_INT(jint(sum, "syscall_events"), 27);
	/* every event but E9 (no path), E10 (docker is no setuid program),
	 * E13..E15 (inet, no key), E24 (no surface) and E25 (no syscall) */
	T_EQ_INT(jint(sum, "on_surfaces"), 21);
	T_EQ_STR(jstr(sum, "first"), "2023-11-14T22:13:20.100Z");
	T_EQ_STR(jstr(sum, "last"), "2023-11-14T22:13:41.000Z");

	/* every family with events, by key or by what the event did */
	T_OK((g = group(doc, "setuid", "exec", "/usr/bin/sudo", 1001)) != NULL);
	if (g) {
		T_EQ_INT(jint(g, "count"), 1);
		T_EQ_INT(jint(g, "allowed"), 1);
		T_EQ_STR(jstr(json_object_get(g, "example"), "command"),
		    "sudo -n true");
		T_EQ_STR(jstr(json_object_get(g, "example"), "cwd"),
		    "/home/agent");
	}
	/* a site rule's key: sudo by the path */
	T_OK((g = group(doc, "sudo", "write", "/etc/sudoers", 1001)) != NULL);
	if (g) {
		T_EQ_INT(jint(g, "failed"), 1);
		T_EQ_STR(json_string_value(json_array_get(json_object_get(g,
		    "keys"), 0)), "site-etc");
		T_EQ_STR(jstr(g, "program"), "/usr/bin/tee");
	}
	T_OK((g = group(doc, "sudo", "write", "/etc/sudoers", 1002)) != NULL);
	if (g)
		T_EQ_INT(jint(g, "allowed"), 1);
	T_OK(group(doc, "sudo", "write", "/etc/sudoers.d/a", 1001) != NULL);
	T_OK(group(doc, "sudo", "write", "/etc/sudoers.d/b", 1001) != NULL);
	T_OK((g = group(doc, "cron", "write", "/etc/cron.d/evil", 1001)) !=
	    NULL);
	if (g)
		T_EQ_INT(jint(g, "failed"), 1);
	T_OK((g = group(doc, "systemd", "write",
	    "/etc/systemd/system/evil.service", 1001)) != NULL);
	if (g)
		T_EQ_INT(jint(g, "allowed"), 1);
	T_OK(group(doc, "shell-rc", "write", "/root/.bashrc", 1001) != NULL);
	T_OK(group(doc, "shell-rc", "write", "/home/agent/.bashrc", 1001) !=
	    NULL);
	T_OK(group(doc, "writable-config", "attr", "/etc/passwd", 1001) !=
	    NULL);
	T_OK(group(doc, "writable-path", "write", "/usr/local/bin/ls", 1001)
	    != NULL);
	T_OK((g = group(doc, "container-socket", "connect",
	    "/run/docker.sock", 1001)) != NULL);
	if (g)
		T_EQ_STR(jstr(g, "program"), "/usr/bin/docker");
	T_OK(group(doc, "container-socket", "connect",
	    "/run/containerd/containerd.sock", 1001) != NULL);
	/* the credential change that worked ran as uid 0 at its exit */
	T_OK(group(doc, "escalate", "credentials", "setresuid(0, 0, 0)", 0)
	    != NULL);
	T_OK((g = group(doc, "escalate", "credentials", "setuid(0)", 1001))
	    != NULL);
	if (g)
		T_EQ_INT(json_array_size(json_object_get(g, "keys")), 2);
	T_OK(group(doc, "module", "module", "finit_module", 1001) != NULL);
	T_OK(group(doc, "mount", "mount", "mount /mnt", 1001) != NULL);
	T_OK(group(doc, "namespace", "namespace", "unshare(NEWNS|NEWUSER)",
	    1001) != NULL);
	T_OK(group(doc, "file-capability", "exec", "/usr/bin/ping", 1001) !=
	    NULL);
	T_OK(group(doc, "credentials", "read", "/etc/shadow", 1001) != NULL);
	T_OK(group(doc, "setuid", "exec", "/usr/bin/sg", 1001) != NULL);
	T_EQ_INT(jint(json_object_get(json_object_get(sum, "by_family"),
	    "sudo"), "events"), 4);
	T_EQ_INT(json_array_size(json_object_get(doc, "groups")), 21);
	json_decref(doc);

	/* --uid 1001: by uid or login uid; uid 1002's write is gone */
	doc = events_doc(files, 1, 1, 1001, &rc);
	T_OK(doc != NULL);
	if (doc != NULL) {
		T_EQ_INT(jint(json_object_get(doc, "summary"), "on_surfaces"),
		    20);
		T_OK(group(doc, "escalate", "credentials",
		    "setresuid(0, 0, 0)", 0) != NULL);
		T_EQ_INT(jint(json_object_get(doc, "filter"), "uid"), 1001);
		json_decref(doc);
	}

	/* the text: a person's summary, the same bytes twice */
	text = run_events(files, 1, 0, 0, 0, &rc);
	again = run_events(files, 1, 0, 0, 0, &rc);
	T_OK(text != NULL && again != NULL && strcmp(text, again) == 0);
	T_OK(strstr(text, "privmap events: 28 events read, 21 on privmap's "
	    "surfaces, 2023-11-14 22:13:20..22:13:41Z") != NULL);
	T_OK(strstr(text, "\nescalate - credential changes") != NULL);
	T_OK(strstr(text, "uid 1001  write /etc/sudoers by /usr/bin/tee\n"
	    "          failed, 2023-11-14 22:13:21Z, key site-etc\n") != NULL);
	T_OK(strstr(text, "exec /usr/bin/sudo `sudo -n true`") != NULL);
	/* families in reading order: escalate before setuid before sudo */
	T_OK(strstr(text, "\nescalate") < strstr(text, "\nsetuid") &&
	    strstr(text, "\nsetuid") < strstr(text, "\nsudo"));
	free(text);
	free(again);
out:
	free(main_log);
}

static void
test_events_hostile(void)
{
	char *bad = tpath("bad.log"), *gz = tpath("audit.log.1.gz");
	char *cut = tpath("cut.log.gz"), *junk = tpath("junk.log.gz");
	char *empty = tpath("empty.log"), *missing = tpath("missing.log");
	char *main_log = tpath("audit.log"), *data, *fifo = tpath("fifo");
	const char *files[3];
	json_t *doc, *log, *g;
	size_t n;
	int rc;

	/* malformed, NUL-holding, oversized and cut records */
	files[0] = bad;
	doc = events_doc(files, 1, 0, 0, &rc);
	T_EQ_INT(rc, 0);
	T_OK(doc != NULL);
	if (doc != NULL) {
		log = json_array_get(json_object_get(doc, "logs"), 0);
		/* the three bad headers, the NUL line, the long line */
		T_EQ_INT(jint(log, "malformed"), 5);
		T_OK(json_is_true(json_object_get(log, "truncated")));
		T_EQ_INT(jint(log, "events"), 3);
		T_EQ_STR(jstr(json_array_get(json_object_get(log, "errors"),
		    0), "error"), "not an audit record (no type=)");
		T_EQ_INT(jint(json_array_get(json_object_get(log, "errors"),
		    0), "line"), 1);
		T_OK((g = group(doc, "sudo", "write", "/etc/sudoers", 1001))
		    != NULL);
		if (g)
			T_EQ_INT(jint(g, "allowed"), 1);
		/* the cut record: its key names the family, no path */
		T_OK(group(doc, "cron", "write", "(a path not logged)", 1001)
		    != NULL);
		json_decref(doc);
	}

	/* a gzip'd rotated log with the plain one: both read */
	files[0] = gz;
	files[1] = main_log;
	doc = events_doc(files, 2, 0, 0, &rc);
	T_EQ_INT(rc, 0);
	if (doc != NULL) {
		log = json_array_get(json_object_get(doc, "logs"), 0);
		T_OK(json_is_true(json_object_get(log, "compressed")));
		T_EQ_INT(jint(log, "events"), 28);
		T_EQ_INT(jint(json_object_get(doc, "summary"), "events"), 56);
		g = group(doc, "setuid", "exec", "/usr/bin/sudo", 1001);
		T_OK(g != NULL);
		if (g)
			T_EQ_INT(jint(g, "count"), 2);
		json_decref(doc);
	}

	/* a longer log cut in the middle of its gzip stream: what was
	 * there is read, the log is marked cut short */
	read_file("big.log.gz", &data, &n);
	write_file("cut.log.gz", data, n / 2);
	files[0] = cut;
	doc = events_doc(files, 1, 0, 0, &rc);
	T_EQ_INT(rc, 0);
	if (doc != NULL) {
		log = json_array_get(json_object_get(doc, "logs"), 0);
		T_OK(json_is_true(json_object_get(log, "truncated")));
		T_OK(jint(log, "events") > 28 && jint(log, "events") < 40 * 28);
		json_decref(doc);
	}
	/* gzip's magic and then junk: named as not read */
	memcpy(data + 10, "not deflate data at all, not at all", 35);
	write_file("junk.log.gz", data, 60);
	free(data);
	files[0] = junk;
	doc = events_doc(files, 1, 0, 0, &rc);
	T_EQ_INT(rc, 1);
	if (doc != NULL) {
		log = json_array_get(json_object_get(doc, "logs"), 0);
		T_EQ_INT(jint(log, "events"), 0);
		T_OK(json_is_false(json_object_get(log, "read")));
		T_OK(json_is_true(json_object_get(log, "compressed")));
		json_decref(doc);
	}

	/* an empty log is no error; a missing one is, named in the output */
	write_file("empty.log", "", 0);
	files[0] = empty;
	files[1] = missing;
	doc = events_doc(files, 2, 0, 0, &rc);
	T_EQ_INT(rc, 1);
	if (doc != NULL) {
		log = json_array_get(json_object_get(doc, "logs"), 0);
		T_OK(json_is_true(json_object_get(log, "read")));
		T_EQ_INT(jint(log, "events"), 0);
		log = json_array_get(json_object_get(doc, "logs"), 1);
		T_OK(json_is_false(json_object_get(log, "read")));
		T_EQ_STR(jstr(json_array_get(json_object_get(log, "errors"),
		    0), "error"), "no such file");
		json_decref(doc);
	}
	/* a directory */
	files[0] = tmpdir;
	doc = events_doc(files, 1, 0, 0, &rc);
	T_EQ_INT(rc, 1);
	json_decref(doc);

	/* a pipe, as `privmap events <(zcat audit.log.2.gz)` gives one */
	if (mkfifo(fifo, 0600) == 0) {
		pid_t pid = fork();

		if (pid == 0) {
			/* a writer for at most 10 s: opening a FIFO for
			 * writing without blocking fails until its reader
			 * is there (fifo(7)) */
			int fd = -1, k;

			for (k = 0; k < 1000 && fd < 0; k++)
				if ((fd = open(fifo, O_WRONLY |
				    O_NONBLOCK)) < 0)
					usleep(10000);
			if (fd >= 0) {
				(void)fcntl(fd, F_SETFL, 0);
				(void)!write(fd, log_main, sizeof log_main - 1);
			}
			_exit(0);
		}
		/* a hang here is a failure, not a stuck suite */
		alarm(30);
		files[0] = fifo;
		doc = events_doc(files, 1, 0, 0, &rc);
		T_EQ_INT(rc, 0);
		if (doc != NULL)
			T_EQ_INT(jint(json_object_get(doc, "summary"),
			    "events"), 28);
		json_decref(doc);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		alarm(0);
		unlink(fifo);
	}

	free(bad);
	free(gz);
	free(cut);
	free(junk);
	free(empty);
	free(missing);
	free(main_log);
	free(fifo);
}

/* ---- privmap replay ------------------------------------------------- */

/* the action with this kind and target (and command, for execs) */
static json_t *
action(json_t *doc, const char *kind, const char *target, const char *cmd)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(doc, "actions"), i, a)
		if (strcmp(jstr(a, "action"), kind) == 0 &&
		    strcmp(jstr(a, "target"), target) == 0 && (cmd == NULL ||
		    strcmp(jstr(a, "command"), cmd) == 0))
			return a;
	fprintf(stderr, "no action %s %s\n", kind, target);
	return NULL;
}

/* blocked by deny entry number entry, or (entry 0) by the envelope's
 * class cls; or verdict "ask"/"outside" */
static void
expect(json_t *doc, const char *kind, const char *target, const char *cmd,
    const char *verdict, long long entry, const char *cls, int line)
{
	json_t *a = action(doc, kind, target, cmd), *by;
	const char *v;

	t_checked++;
	if (a == NULL) {
		t_failed++;
		fprintf(stderr, "%s:%d: FAIL: no action %s %s\n", __FILE__,
		    line, kind, target);
		return;
	}
	v = jstr(a, "verdict");
	by = json_object_get(a, "by");
	if (strcmp(v, verdict) != 0 ||
	    (entry > 0 && jint(by, "entry") != entry) ||
	    (cls != NULL && strcmp(jstr(by, "class"), cls) != 0)) {
		t_failed++;
		fprintf(stderr, "%s:%d: FAIL: %s %s: verdict %s by entry %lld "
		    "class %s; expected %s %lld %s\n", __FILE__, line, kind,
		    target, v, jint(by, "entry"), json_is_object(by) ?
		    jstr(by, "class") : "-", verdict, entry, cls ? cls : "-");
	}
}

#define EXPECT(d, k, t, c, v, e, cl) expect(d, k, t, c, v, e, cl, __LINE__)
#define NET_ALLOW	CLASS("network", "allow")
#define NET_DENY	CLASS("network", "deny")
#define DENY_OPEN	"  \"deny\": [\n"

static void
test_replay(void)
{
	char *main_log = tpath("audit.log"), *pol = tpath("policy.json");
	char *pol2 = tpath("policy-v2.json"), *text;
	const char *files[] = { main_log };
	const char *why;
	json_t *doc, *p, *u;
	struct buf v2 = { 0 };
	const char *at, *rest;
	int rc;

	doc = replay_doc(pol, files, 1, &rc);
	T_EQ_INT(rc, 0);
	T_OK(doc != NULL);
	if (doc == NULL)
		goto out;
	T_EQ_STR(jstr(doc, "schema"), "privmap.replay/1");
	p = json_object_get(doc, "policy");
	T_EQ_STR(jstr(p, "schema"), "privmap.policy/1");
	T_EQ_STR(jstr(p, "generator_version"), "0.1.0");
	T_OK(json_is_null(json_object_get(p, "version")));
	T_EQ_INT(jint(p, "entries"), 8);
	T_EQ_INT(jint(p, "entries_skipped"), 1);	/* "chmod" */
	T_EQ_INT(jint(doc, "uid"), 1001);

	/* hand-checked: entry #N is the Nth of "deny" */
	EXPECT(doc, "write", "/etc/sudoers", NULL, "blocked", 1, NULL);
	EXPECT(doc, "write", "/etc/cron.d/evil", NULL, "blocked", 2, NULL);
	/* /var/run/docker.sock in the policy is /run/docker.sock */
	EXPECT(doc, "connect", "/run/docker.sock", NULL, "blocked", 3, NULL);
	EXPECT(doc, "exec", "/usr/bin/sudo", "sudo -n true", "blocked", 4,
	    NULL);
	/* the docker group: its tool, and sg docker */
	EXPECT(doc, "exec", "/usr/bin/docker",
	    "docker 'run -v /:/host alpine' 'chroot /host'", "blocked", 5,
	    NULL);
	EXPECT(doc, "exec", "/usr/bin/sg", "sg docker -c id", "blocked", 5,
	    NULL);
	/* 127.0.0.1:2375, and ::1 standing for it; not 10.0.0.5 */
	EXPECT(doc, "connect", "127.0.0.1:2375", NULL, "blocked", 6, NULL);
	EXPECT(doc, "connect", "[::1]:2375", NULL, "blocked", 6, NULL);
	EXPECT(doc, "connect", "10.0.0.5:2375", NULL, "outside", 0, NULL);
	EXPECT(doc, "read", "/etc/shadow", NULL, "blocked", 7, NULL);
	/* the envelope: escalate is denied, modify-self asks */
	EXPECT(doc, "credentials", "setresuid(0, 0, 0)", NULL, "blocked", 0,
	    "escalate");
	EXPECT(doc, "credentials", "setuid(0)", NULL, "blocked", 0,
	    "escalate");
	EXPECT(doc, "module", "finit_module", NULL, "blocked", 0, "escalate");
	EXPECT(doc, "mount", "mount /mnt", NULL, "blocked", 0, "escalate");
	EXPECT(doc, "namespace", "unshare(NEWNS|NEWUSER)", NULL, "blocked", 0,
	    "escalate");
	EXPECT(doc, "write", "/home/agent/.bashrc", NULL, "ask", 0,
	    "modify-self");
	/* outside this policy */
	EXPECT(doc, "write", "/etc/systemd/system/evil.service", NULL,
	    "outside", 0, NULL);
	EXPECT(doc, "write", "/root/.bashrc", NULL, "outside", 0, NULL);
	EXPECT(doc, "attr", "/etc/passwd", NULL, "outside", 0, NULL);
	EXPECT(doc, "write", "/usr/local/bin/ls", NULL, "outside", 0, NULL);
	EXPECT(doc, "write", "evil.conf", NULL, "outside", 0, NULL);
	EXPECT(doc, "exec", "/usr/bin/ping", NULL, "outside", 0, NULL);
	EXPECT(doc, "connect", "/run/containerd/containerd.sock", NULL,
	    "outside", 0, NULL);
	/* sudoers.d is not /etc/sudoers: its writes are outside */
	EXPECT(doc, "write", "/etc/sudoers.d/a", NULL, "outside", 0, NULL);
	/* uid 1002's write and the read of /etc/hostname are not the
	 * agent's actions of note */
	T_EQ_INT(json_array_size(json_object_get(doc, "actions")), 25);
	T_EQ_INT(jint(json_object_get(doc, "summary"), "blocked_by_entry"),
	    9);
	T_EQ_INT(jint(json_object_get(doc, "summary"), "blocked_by_envelope"),
	    5);
	T_EQ_INT(jint(json_object_get(doc, "summary"), "ask"), 1);
	T_EQ_INT(jint(json_object_get(doc, "summary"), "outside"), 10);
	/* entry #8 (exec /usr/bin/find) caught nothing */
	u = json_object_get(doc, "unused_entries");
	T_EQ_INT(json_array_size(u), 1);
	T_EQ_INT(jint(json_array_get(u, 0), "entry"), 8);
	json_decref(doc);

	/* the text names the policy and the entries */
	text = run_replay(pol, files, 1, 0, &rc, &why);
	T_EQ_INT(rc, 0);
	T_OK(strstr(text, "privmap.policy/1, written by privmap 0.1.0, "
	    "fnv1a64:") != NULL);
	T_OK(strstr(text, "  #1 deny write /etc/sudoers (finding f-sudoers, "
	    "critical: agent can write /etc/sudoers)\n"
	    "        1x write /etc/sudoers by /usr/bin/tee\n") != NULL);
	T_OK(strstr(text, "Deny entries no action reached: 1 of 8\n"
	    "  #8 deny exec /usr/bin/find") != NULL);
	free(text);

	/* version 2: tightened with systemd's directory and the network
	 * closed; the output names the version and the new verdicts */
	buf_add(&v2, policy_v1, 2);
	buf_adds(&v2, "  \"version\": \"2\",\n");
	at = strstr(policy_v1, NET_ALLOW);
	buf_add(&v2, policy_v1 + 2, (size_t)(at - policy_v1) - 2);
	buf_adds(&v2, NET_DENY);
	rest = at + strlen(NET_ALLOW);
	at = strstr(rest, DENY_OPEN);
	buf_add(&v2, rest, (size_t)(at - rest));
	buf_adds(&v2, DENY_OPEN ENTRY("write", "/etc/systemd/system",
	    "f-systemd", "systemd-dir-writable", "systemd", "high",
	    "agent can write /etc/systemd/system") ",\n");
	buf_adds(&v2, at + strlen(DENY_OPEN));
	write_file("policy-v2.json", v2.data, v2.len);
	buf_free(&v2);
	doc = replay_doc(pol2, files, 1, &rc);
	T_EQ_INT(rc, 0);
	if (doc != NULL) {
		T_EQ_STR(jstr(json_object_get(doc, "policy"), "version"), "2");
		EXPECT(doc, "write", "/etc/systemd/system/evil.service", NULL,
		    "blocked", 1, NULL);
		/* every entry moved down one */
		EXPECT(doc, "write", "/etc/sudoers", NULL, "blocked", 2, NULL);
		EXPECT(doc, "connect", "10.0.0.5:2375", NULL, "blocked", 0,
		    "network");
		EXPECT(doc, "connect", "/run/containerd/containerd.sock",
		    NULL, "blocked", 0, "network");
		json_decref(doc);
	}
	text = run_replay(pol2, files, 1, 0, &rc, &why);
	T_OK(strstr(text, "privmap.policy/1 version 2, written by privmap") !=
	    NULL);
	free(text);

	/* not a policy */
	write_file("notpolicy.json", "{\"schema\": \"privmap.report/1\"}", 30);
	free(pol2);
	pol2 = tpath("notpolicy.json");
	text = run_replay(pol2, files, 1, 0, &rc, &why);
	T_EQ_INT(rc, -1);
	T_OK(why != NULL && strstr(why, "privmap.policy/1") != NULL);
	free(text);
	free(pol2);
	pol2 = tpath("nothere.json");
	text = run_replay(pol2, files, 1, 0, &rc, &why);
	T_EQ_INT(rc, -1);
	free(text);
out:
	free(main_log);
	free(pol);
	free(pol2);
}

/* a policy written by privmap itself (output/policy.c) from a report
 * with the findings these logs touch */
static void
test_replay_generated(void)
{
	struct report *r = report_new();
	struct finding *f;
	char *main_log = tpath("audit.log"), *pol = tpath("generated.json");
	const char *files[] = { main_log }, *why;
	json_t *doc, *a, *by;
	FILE *fp;
	int rc;

	free(r->kind);
	free(r->root);
	r->kind = xstrdup("host");
	r->root = xstrdup("/");
	r->user_name = xstrdup("agent");
	r->uid = 1001;
	r->gid = 1001;
	f = T_ADD(r, "sudoers-writable", "sudo", SEV_CRITICAL, 0.9,
	    "/etc/sudoers", "", "agent can write /etc/sudoers");
	finding_close(f, CLOSE_WRITE, "/etc/sudoers");
	f = T_ADD(r, "docker-socket", "container-socket", SEV_CRITICAL,
	    0.9, "/var/run/docker.sock", "", "agent can use docker.sock");
	finding_close(f, CLOSE_CONNECT, "/var/run/docker.sock");
	report_finish(r);
	fp = fopen(pol, "w");
	T_OK(fp != NULL && output_policy(r, fp, POLICY_GENERIC, 0, &why) == 0);
	if (fp)
		fclose(fp);
	doc = replay_doc(pol, files, 1, &rc);
	T_EQ_INT(rc, 0);
	if (doc != NULL) {
		a = action(doc, "write", "/etc/sudoers", NULL);
		by = json_object_get(a, "by");
		T_EQ_STR(jstr(a, "verdict"), "blocked");
		T_EQ_STR(jstr(by, "target"), "/etc/sudoers");
		T_EQ_STR(jstr(by, "finding"), strcmp(r->findings[0]->family,
		    "sudo") == 0 ? r->findings[0]->id : r->findings[1]->id);
		a = action(doc, "connect", "/run/docker.sock", NULL);
		T_EQ_STR(jstr(a, "verdict"), "blocked");
		T_EQ_STR(jstr(json_object_get(a, "by"), "action"), "connect");
		/* the envelope privmap writes denies escalation */
		a = action(doc, "credentials", "setuid(0)", NULL);
		T_EQ_STR(jstr(a, "verdict"), "blocked");
		T_EQ_STR(jstr(json_object_get(a, "by"), "class"), "escalate");
		json_decref(doc);
	}
	report_free(r);
	free(main_log);
	free(pol);
}

static void
cleanup(void)
{
	static const char *const names[] = {
		"audit.log", "audit.log.1.gz", "big.log.gz", "bad.log",
		"cut.log.gz",
		"junk.log.gz", "empty.log", "policy.json", "policy-v2.json",
		"notpolicy.json", "generated.json", NULL,
	};
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		char *p = tpath(names[i]);

		unlink(p);
		free(p);
	}
	rmdir(tmpdir);
}

static int
write_corpus(const char *dir)
{
	struct buf b = bad_log();
	char *p;
	FILE *fp;

	p = xasprintf("%s/main.audit", dir);
	if ((fp = fopen(p, "w")) == NULL)
		return 1;
	fwrite(log_main, 1, sizeof log_main - 1, fp);
	fclose(fp);
	free(p);
	p = xasprintf("%s/bad.audit", dir);
	if ((fp = fopen(p, "w")) == NULL)
		return 1;
	/* without the 70000-byte line: a seed small enough to mutate */
	fwrite(log_bad_head, 1, sizeof log_bad_head - 1, fp);
	fwrite(log_bad_tail, 1, sizeof log_bad_tail - 1, fp);
	fclose(fp);
	free(p);
	buf_free(&b);
	return 0;
}

int
main(int argc, char **argv)
{
	struct buf bad, big = { 0 };
	int i;

	if (argc == 3 && strcmp(argv[1], "--write-corpus") == 0)
		return write_corpus(argv[2]);
	if (mkdtemp(tmpdir) == NULL)
		T_SKIP("mkdtemp failed");
	write_file("audit.log", log_main, sizeof log_main - 1);
	write_gzip("audit.log.1.gz", log_main, sizeof log_main - 1);
	for (i = 0; i < 40; i++)
		buf_add(&big, log_main, sizeof log_main - 1);
	write_gzip("big.log.gz", big.data, big.len);
	buf_free(&big);
	bad = bad_log();
	write_file("bad.log", bad.data, bad.len);
	buf_free(&bad);
	write_file("policy.json", policy_v1, sizeof policy_v1 - 1);

	test_decode();
	test_reader();
	test_events();
	test_events_hostile();
	test_replay();
	test_replay_generated();
	cleanup();
	T_DONE();
}
