/*
 * procfs.c: reads of the live host's /proc (procfs.h). Only called on a
 * live-host scan; paths go to the host's own /proc, never through a
 * target root. Every file is opened O_RDONLY|O_CLOEXEC|O_NOFOLLOW and read
 * to a bound; processes that vanish mid-read are skipped quietly (proc(5):
 * a /proc/PID entry disappears with its process).
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/bounds.h"
#include "engine/procfs.h"
#include "lib/num.h"
#include "lib/xmalloc.h"

int
procfs_read(const char *path, size_t max, char **buf, size_t *len,
    int *truncated)
{
	struct stat st;
	char *b = NULL;
	size_t n = 0, cap = 0;
	int fd, ret = -1, e;

	*buf = NULL;
	*len = 0;
	*truncated = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY |
	    O_NONBLOCK);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto out;
	}
	for (;;) {
		ssize_t r;
		size_t want;

		if (n == max) {
			char c;

			/* one more byte tells "exactly max" from "more" */
			r = read(fd, &c, 1);
			if (r > 0)
				*truncated = 1;
			break;
		}
		if (cap - n < 4096 + 1) {
			cap = cap ? cap * 2 : 8192;
			if (cap > max + 1)
				cap = max + 1;
			if (cap < n + 2)
				cap = n + 2;
			b = xrealloc(b, cap);
		}
		want = cap - n - 1;
		if (want > max - n)
			want = max - n;
		r = read(fd, b + n, want);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (b == NULL)
		b = xmalloc(1);
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
	ret = 0;
out:
	e = errno;
	free(b);
	close(fd);
	errno = e;
	return ret;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int
cmp_proc(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;

	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* The program a process runs; NULL if unreadable. *gone is set when the
 * process has exited (or is a zombie, which runs nothing): ENOENT/ESRCH. */
static char *
read_exe(pid_t pid, int *gone)
{
	char path[64], target[PATH_MAX];
	ssize_t r;

	*gone = 0;
	snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
	r = readlink(path, target, sizeof target - 1);
	if (r <= 0) {
		*gone = r == -1 && (errno == ENOENT || errno == ESRCH);
		return NULL;
	}
	target[r] = '\0';
	return xstrdup(target);
}

int
procfs_procs(struct procs *ps, unsigned flags)
{
	DIR *d;
	struct dirent *de;
	size_t cap = 0;

	memset(ps, 0, sizeof *ps);
	if ((d = opendir("/proc")) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		char path[64], *buf = NULL;
		const char *why;
		unsigned long pid;
		unsigned line;
		size_t len;
		int trunc;
		struct proc p;

		if (!all_digits(de->d_name) ||
		    parse_ulong(de->d_name, 0x7fffffffUL, &pid) == -1)
			continue;
		if (ps->n >= PROCFS_MAX_PIDS)
			break;
		snprintf(path, sizeof path, "/proc/%lu/status", pid);
		if (procfs_read(path, MAX_FILE_BYTES, &buf, &len, &trunc) ==
		    -1) {
			if (errno != ENOENT && errno != ESRCH)
				ps->unreadable++;
			continue;
		}
		memset(&p, 0, sizeof p);
		p.pid = (pid_t)pid;
		if (procstatus_parse(buf, len, &p.st, &why, &line) == -1) {
			procstatus_free(&p.st);
			free(buf);
			/* an exited process reads as empty */
			if (len > 0)
				ps->unreadable++;
			continue;
		}
		free(buf);
		if (flags & PROCFS_EXE) {
			int gone;

			p.exe = read_exe(p.pid, &gone);
			/* exited between its status and its exe: a process
			 * listed without a program would be reported under
			 * its name alone, which is no path */
			if (gone) {
				procstatus_free(&p.st);
				continue;
			}
		}
		if (ps->n == cap) {
			cap = cap ? cap * 2 : 256;
			ps->p = xreallocarray(ps->p, cap, sizeof *ps->p);
		}
		ps->p[ps->n++] = p;
	}
	closedir(d);
	if (ps->n)
		qsort(ps->p, ps->n, sizeof *ps->p, cmp_proc);
	return 0;
}

void
procs_free(struct procs *ps)
{
	size_t i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->n; i++) {
		procstatus_free(&ps->p[i].st);
		free(ps->p[i].exe);
	}
	free(ps->p);
	memset(ps, 0, sizeof *ps);
}

const struct proc *
procs_by_pid(const struct procs *ps, pid_t pid)
{
	size_t lo = 0, hi = ps->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ps->p[mid].pid < pid)
			lo = mid + 1;
		else if (ps->p[mid].pid > pid)
			hi = mid;
		else
			return &ps->p[mid];
	}
	return NULL;
}

static int
cmp_sock(const void *a, const void *b)
{
	const struct sockmap_ent *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* "socket:[12345]" -> 12345 */
static int
socket_inode(const char *link, size_t n, unsigned long *inode)
{
	if (n < 10 || memcmp(link, "socket:[", 8) != 0 || link[n - 1] != ']')
		return -1;
	return parse_ulong_n(link + 8, n - 9, (unsigned long)-1, inode);
}

int
procfs_sockmap(const struct procs *ps, struct sockmap *sm)
{
	size_t i, cap = 0, links = 0;

	memset(sm, 0, sizeof *sm);
	for (i = 0; i < ps->n && !sm->capped; i++) {
		char dpath[64];
		DIR *d;
		struct dirent *de;
		int dfd;

		snprintf(dpath, sizeof dpath, "/proc/%d/fd", (int)ps->p[i].pid);
		dfd = open(dpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
		    O_NOFOLLOW);
		if (dfd == -1) {
			if (errno != ENOENT && errno != ESRCH)
				sm->denied++;
			continue;
		}
		if ((d = fdopendir(dfd)) == NULL) {
			close(dfd);
			sm->denied++;
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			char link[64];
			unsigned long inode;
			ssize_t r;

			if (de->d_name[0] == '.')
				continue;
			if (++links > PROCFS_MAX_FDS) {
				sm->capped = 1;
				break;
			}
			r = readlinkat(dirfd(d), de->d_name, link, sizeof link);
			if (r <= 0 || (size_t)r >= sizeof link)
				continue;
			if (socket_inode(link, (size_t)r, &inode) == -1)
				continue;
			if (sm->n == cap) {
				cap = cap ? cap * 2 : 256;
				sm->e = xreallocarray(sm->e, cap, sizeof *sm->e);
			}
			sm->e[sm->n].inode = inode;
			sm->e[sm->n].pid = ps->p[i].pid;
			sm->n++;
		}
		closedir(d);
	}
	if (sm->n)
		qsort(sm->e, sm->n, sizeof *sm->e, cmp_sock);
	return 0;
}

void
sockmap_free(struct sockmap *sm)
{
	if (sm == NULL)
		return;
	free(sm->e);
	memset(sm, 0, sizeof *sm);
}

size_t
sockmap_find(const struct sockmap *sm, unsigned long inode,
    const struct sockmap_ent **first)
{
	size_t lo = 0, hi = sm->n, end;

	*first = NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sm->e[mid].inode < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < sm->n && sm->e[end].inode == inode; end++)
		;
	if (end == lo)
		return 0;
	*first = &sm->e[lo];
	return end - lo;
}

/* read a table file and hand it to a parser */
static int
read_table(const char *path, char **buf, size_t *len)
{
	int trunc;

	/* the socket tables of a busy host exceed MAX_FILE_BYTES: allow
	 * a larger bound (a line is ~150 bytes: 1M sockets fit) */
	if (procfs_read(path, 256u << 20, buf, len, &trunc) == -1)
		return -1;
	return 0;
}

int
procfs_mounts(struct mounts *mt, parse_err_fn err, void *ctx)
{
	char *buf;
	size_t len;

	if (read_table("/proc/self/mountinfo", &buf, &len) == -1)
		return -1;
	mounts_parse(buf, len, mt, err, ctx);
	free(buf);
	return 0;
}

int
procfs_inet(struct inetsocks *socks, parse_err_fn err, void *ctx)
{
	char *buf;
	size_t len;

	if (read_table("/proc/net/tcp", &buf, &len) == -1)
		return -1;
	netsock_parse_inet(buf, len, AF_INET, socks, err, ctx);
	free(buf);
	if (read_table("/proc/net/tcp6", &buf, &len) == -1)
		return errno == ENOENT ? 0 : -1;
	netsock_parse_inet(buf, len, AF_INET6, socks, err, ctx);
	free(buf);
	return 0;
}

int
procfs_unix(struct unixsocks *socks, parse_err_fn err, void *ctx)
{
	char *buf;
	size_t len;

	if (read_table("/proc/net/unix", &buf, &len) == -1)
		return -1;
	netsock_parse_unix(buf, len, socks, err, ctx);
	free(buf);
	return 0;
}

int
procfs_sysctl(const char *name, char **val)
{
	char path[PATH_MAX], *buf;
	size_t i, n = strlen(name), len;
	int trunc;

	*val = NULL;
	/* names are dotted words; nothing here may climb out of /proc/sys */
	if (n == 0 || n > 200 || name[0] == '.' || name[n - 1] == '.' ||
	    strstr(name, "..")) {
		errno = EINVAL;
		return -1;
	}
	memcpy(path, "/proc/sys/", 10);
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		    c == '.')) {
			errno = EINVAL;
			return -1;
		}
		path[10 + i] = c == '.' ? '/' : c;
	}
	path[10 + n] = '\0';
	if (procfs_read(path, PROCFS_MAX_SYSCTL, &buf, &len, &trunc) == -1)
		return -1;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ' ||
	    buf[len - 1] == '\t'))
		buf[--len] = '\0';
	*val = buf;
	return 0;
}
