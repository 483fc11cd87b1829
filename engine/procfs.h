/*
 * procfs.h: what only a running system shows, read from the live host's
 * own /proc (never through a target view's root, and only when the scan's
 * target is the live host, flags & SCAN_LIVE): processes and their
 * credentials, which process holds which socket, the mount table, the
 * socket tables, sysctl values. Every read is bounded and opened
 * O_RDONLY|O_CLOEXEC|O_NOFOLLOW; nothing is written, nothing connected to.
 */
#ifndef PRIVMAP_PROCFS_H
#define PRIVMAP_PROCFS_H

#include <sys/types.h>
#include <stddef.h>

#include "parse/mounts.h"
#include "parse/netsock.h"
#include "parse/procstatus.h"

#define PROCFS_MAX_PIDS		(1u << 22)	/* PID_MAX_LIMIT on 64-bit */
#define PROCFS_MAX_FDS		(1u << 21)	/* fd links read in one scan */
#define PROCFS_MAX_SYSCTL	4096		/* bytes of one sysctl value */

/*
 * Read a regular file of the live host (a /proc or /sys path) into a new
 * NUL-terminated buffer, at most max bytes (*truncated set when there was
 * more). -1 with errno; EINVAL if it is not a regular file.
 */
int	procfs_read(const char *path, size_t max, char **buf, size_t *len,
	    int *truncated);

struct proc {
	pid_t			 pid;
	struct procstatus	 st;
	char			*exe;	/* readlink of /proc/PID/exe, or NULL */
};

struct procs {
	struct proc	*p;		/* sorted by pid */
	size_t		 n;
	size_t		 unreadable;	/* status files that failed to read
					 * or parse (vanished ones are not
					 * counted) */
};

enum {
	PROCFS_EXE = 0x01,		/* also read each /proc/PID/exe */
};

/* Every process visible in /proc (hidepid= may hide others'). -1 with
 * errno if /proc itself cannot be listed. */
int	procfs_procs(struct procs *, unsigned flags);
void	procs_free(struct procs *);
const struct proc *procs_by_pid(const struct procs *, pid_t);

struct sockmap_ent {
	unsigned long	 inode;
	pid_t		 pid;
};

struct sockmap {
	struct sockmap_ent	*e;	/* sorted by inode, then pid */
	size_t			 n;
	size_t			 denied;	/* processes whose fd directory
						 * could not be read (needs
						 * root for others') */
	int			 capped;	/* PROCFS_MAX_FDS was reached */
};

/* Which processes hold which socket: every /proc/PID/fd/N link that reads
 * "socket:[INODE]", for the processes in procs. */
int	procfs_sockmap(const struct procs *, struct sockmap *);
void	sockmap_free(struct sockmap *);
/* The processes holding socket inode: the count, *first the lowest pid. */
size_t	sockmap_find(const struct sockmap *, unsigned long inode,
	    const struct sockmap_ent **first);

/* /proc/self/mountinfo into mt; malformed lines go to err. -1 with errno
 * if it cannot be read. */
int	procfs_mounts(struct mounts *mt, parse_err_fn err, void *ctx);
/* /proc/net/tcp and /proc/net/tcp6 (missing tcp6: no IPv6, not an error) */
int	procfs_inet(struct inetsocks *, parse_err_fn err, void *ctx);
/* /proc/net/unix */
int	procfs_unix(struct unixsocks *, parse_err_fn err, void *ctx);

/*
 * A sysctl value by its dotted name ("kernel.yama.ptrace_scope" reads
 * /proc/sys/kernel/yama/ptrace_scope), trailing newline removed; a new
 * string in *val. -1 with errno (ENOENT: the kernel has no such setting).
 */
int	procfs_sysctl(const char *name, char **val);

#endif
