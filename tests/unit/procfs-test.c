/*
 * procfs-test.c: /proc/PID/status parsing on recorded samples (root, a
 * user with no_new_privs, ambient capabilities, an old kernel's fields,
 * truncated and hostile text), and the live readers of procfs.c against
 * this machine's own /proc: bounded reads, the process list, socket to
 * process mapping, sysctl names that must not climb out of /proc/sys.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <stddef.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "t.h"
#include "fixture.h"
#include "engine/procfs.h"
#include "parse/procstatus.h"

static void
test_status_root(void)
{
	struct procstatus st;
	const char *why = NULL;
	unsigned line;
	size_t len;
	char *buf = fixture_read("fixtures/proc/status-root.txt", &len);

	T_EQ_INT(procstatus_parse(buf, len, &st, &why, &line), 0);
	T_EQ_STR(st.name, "cat");
	T_EQ_INT(st.uid[0], 0);
	T_EQ_INT(st.gid[3], 0);
	T_EQ_INT(st.ngroups, 0);
	T_OK(st.cap_eff == 0x000001fffeffffffULL);
	T_OK(st.cap_bnd == 0x000001fffeffffffULL);
	T_OK(st.cap_amb == 0);
	T_EQ_INT(st.no_new_privs, 0);
	T_EQ_INT(st.seccomp, 0);
	T_OK(st.have & PS_CAPAMB);
	T_OK(st.have & PS_NNP);
	T_OK(st.pid > 0);
	procstatus_free(&st);
	free(buf);
}

static void
test_status_user(void)
{
	struct procstatus st;
	const char *why = NULL;
	unsigned line;
	size_t len;
	char *buf = fixture_read("fixtures/proc/status-user-nnp.txt", &len);

	T_EQ_INT(procstatus_parse(buf, len, &st, &why, &line), 0);
	T_EQ_INT(st.uid[0], 1234);
	T_EQ_INT(st.uid[1], 1234);
	T_EQ_INT(st.gid[0], 1234);
	T_EQ_INT(st.ngroups, 3);
	if (st.ngroups == 3) {
		T_EQ_INT(st.groups[0], 24);
		T_EQ_INT(st.groups[2], 1000);
	}
	T_EQ_INT(st.no_new_privs, 1);
	T_OK(st.cap_eff == 0);
	{
		char *out = procstatus_print(&st);

		T_EQ_STR(out, "name \"cat\"\npid 18587\nppid 18582\n"
		    "uid 1234 1234 1234 1234\ngid 1234 1234 1234 1234\n"
		    "groups 24 25 1000\ncapinh 0000000000000000\n"
		    "capprm 0000000000000000\ncapeff 0000000000000000\n"
		    "capbnd 000001fffeffffff\ncapamb 0000000000000000\n"
		    "no_new_privs 1\nseccomp 0\n");
		free(out);
	}
	procstatus_free(&st);
	free(buf);

	buf = fixture_read("fixtures/proc/status-user-ambient.txt", &len);
	T_EQ_INT(procstatus_parse(buf, len, &st, &why, &line), 0);
	/* cap_net_bind_service (10) and cap_sys_admin (21) */
	T_OK(st.cap_amb == ((1ULL << 10) | (1ULL << 21)));
	T_OK(st.cap_eff == st.cap_amb);
	T_OK(st.cap_inh == st.cap_amb);
	T_EQ_INT(st.ngroups, 0);
	procstatus_free(&st);
	free(buf);
}

static void
test_status_old_kernel(void)
{
	struct procstatus st;
	const char *why = NULL;
	unsigned line;
	size_t len;
	char *buf = fixture_read("fixtures/proc/status-old-kernel.txt", &len);

	T_EQ_INT(procstatus_parse(buf, len, &st, &why, &line), 0);
	T_OK(!(st.have & PS_CAPAMB));
	T_OK(!(st.have & PS_NNP));
	T_OK(!(st.have & PS_SECCOMP));
	T_OK(st.have & PS_CAPBND);
	procstatus_free(&st);
	free(buf);
}

static void
test_status_bad(void)
{
	struct procstatus st;
	const char *why = NULL;
	unsigned line = 0;
	size_t len;
	char *buf = fixture_read("fixtures/proc/status-truncated.txt", &len);

	T_EQ_INT(procstatus_parse(buf, len, &st, &why, &line), -1);
	T_EQ_STR(why, "malformed Uid");
	T_EQ_INT(line, 9);
	procstatus_free(&st);
	free(buf);

	buf = fixture_read("fixtures/proc/status-hostile.txt", &len);
	T_EQ_INT(procstatus_parse(buf, len, &st, &why, &line), 0);
	/* the first Uid line counts; a later one cannot turn 1000 into 0 */
	T_EQ_INT(st.uid[0], 1000);
	T_EQ_INT((int)strlen(st.name), PS_NAME_MAX - 1);
	T_OK(strncmp(st.name, "evil\\nname", 10) == 0);
	T_OK(st.cap_prm == 0x000001fffeffffffULL);
	T_EQ_INT(st.seccomp, 2);
	procstatus_free(&st);
	free(buf);

	/* no Gid; values out of range; NUL; empty */
	T_EQ_INT(procstatus_parse("Uid:\t1\t1\t1\t1\n", 14, &st, &why, &line),
	    -1);
	T_EQ_STR(why, "no Gid line");
	procstatus_free(&st);
	T_EQ_INT(procstatus_parse("Uid:\t1\t1\t1\t4294967296\nGid:\t0\t0\t0\t0\n",
	    35, &st, &why, &line), -1);
	procstatus_free(&st);
	T_EQ_INT(procstatus_parse("Uid:\t1\t1\t1\t1\nGid:\t0\t0\t0\t0\n"
	    "NoNewPrivs:\t2\n", 40, &st, &why, &line), -1);
	T_EQ_STR(why, "malformed NoNewPrivs");
	procstatus_free(&st);
	T_EQ_INT(procstatus_parse("Uid:\t1\t1\t1\t1\nGid:\t0\t0\t0\t0\n"
	    "CapEff:\t00000000000000000\n", 51, &st, &why, &line), -1);
	procstatus_free(&st);
	T_EQ_INT(procstatus_parse("Name:\ta\0b\nUid:\t1\t1\t1\t1\n", 22, &st,
	    &why, &line), -1);
	procstatus_free(&st);
	T_EQ_INT(procstatus_parse("", 0, &st, &why, &line), -1);
	procstatus_free(&st);
}

/* ---- live readers, on this machine ---- */

static void
test_read_bounds(void)
{
	char *buf;
	size_t len;
	int trunc;

	T_EQ_INT(procfs_read("/proc/self/status", 16, &buf, &len, &trunc), 0);
	T_EQ_INT(len, 16);
	T_EQ_INT(trunc, 1);
	T_EQ_INT(buf[16], '\0');
	free(buf);
	T_EQ_INT(procfs_read("/proc/self/status", 1 << 20, &buf, &len,
	    &trunc), 0);
	T_EQ_INT(trunc, 0);
	T_OK(strstr(buf, "Uid:") != NULL);
	free(buf);
	/* not a regular file */
	T_EQ_INT(procfs_read("/proc/self", 100, &buf, &len, &trunc), -1);
	/* the last component is a link: O_NOFOLLOW refuses it */
	T_EQ_INT(procfs_read("/proc/self/exe", 100, &buf, &len, &trunc), -1);
	T_EQ_INT(errno, ELOOP);
}

static void
test_procs_and_sockets(void)
{
	struct procs ps;
	struct sockmap sm;
	const struct proc *me;
	const struct sockmap_ent *e;
	struct sockaddr_un sa;
	struct stat st;
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	T_OK(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	/* abstract: nothing left behind on the file system */
	memcpy(sa.sun_path, "\0privmap-procfs-test", 20);
	T_EQ_INT(bind(fd, (struct sockaddr *)&sa,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 20)), 0);
	T_EQ_INT(listen(fd, 1), 0);
	T_EQ_INT(fstat(fd, &st), 0);

	T_EQ_INT(procfs_procs(&ps, PROCFS_EXE), 0);
	me = procs_by_pid(&ps, getpid());
	T_OK(me != NULL);
	if (me) {
		T_EQ_INT(me->st.uid[0], getuid());
		T_OK(me->exe != NULL && strstr(me->exe, "procfs-test"));
	}
	T_EQ_INT(procfs_sockmap(&ps, &sm), 0);
	T_OK(sockmap_find(&sm, (unsigned long)st.st_ino, &e) >= 1);
	T_OK(e && e->pid == getpid());
	T_EQ_INT(sockmap_find(&sm, 0xfffffffffUL, &e), 0);
	sockmap_free(&sm);
	procs_free(&ps);
	close(fd);
}

static void
test_sysctl(void)
{
	char *v;

	T_EQ_INT(procfs_sysctl("kernel.ostype", &v), 0);
	T_EQ_STR(v, "Linux");
	free(v);
	T_EQ_INT(procfs_sysctl("kernel.no_such_setting_here", &v), -1);
	T_EQ_INT(errno, ENOENT);
	T_EQ_INT(procfs_sysctl("..kernel.ostype", &v), -1);
	T_EQ_INT(errno, EINVAL);
	T_EQ_INT(procfs_sysctl("kernel/../../etc/passwd", &v), -1);
	T_EQ_INT(procfs_sysctl("kernel..ostype", &v), -1);
	T_EQ_INT(procfs_sysctl("", &v), -1);
}

int
main(void)
{
	test_status_root();
	test_status_user();
	test_status_old_kernel();
	test_status_bad();
	if (access("/proc/self/status", R_OK) == 0) {
		test_read_bounds();
		test_procs_and_sockets();
		test_sysctl();
	} else
		printf("no /proc: live readers not tested\n");
	T_DONE();
}
