/*
 * auditlog.h: Linux audit logs (auditd's audit.log, its rotated and
 * gzip'd siblings, or a pipe) read into events privmap can reason about:
 * who ran what, which paths a call named and how, which socket it
 * reached, which credentials it changed.
 *
 * Records are split into lines and checked here, grouped into events by
 * their msg=audit(TIME:SERIAL) stamp, and each event's fields are read
 * with libauparse. Values are taken raw and decoded here (quoted or
 * hex-encoded, auditd's two forms); auparse's interpretations are never
 * used, since they look users and groups up in the NSS of the machine
 * running privmap. Nothing in a log is trusted: lines, fields, arguments
 * and events are bounded and a malformed record is counted, never fatal.
 */
#ifndef PRIVMAP_AUDITLOG_H
#define PRIVMAP_AUDITLOG_H

#include <stddef.h>
#include <stdint.h>

#define ALOG_MAX_ARGS		128	/* execve arguments kept */
#define ALOG_MAX_ARG		4096	/* bytes kept of one argument */
#define ALOG_MAX_PATHS		16	/* PATH records kept per event */
#define ALOG_MAX_KEYS		8	/* rule keys kept per event */
#define ALOG_MAX_RECORDS	512	/* records read into one event */
#define ALOG_MAX_EVENT_BYTES	(512u << 10)
#define ALOG_WINDOW		64	/* events being assembled at once */
#define ALOG_MAX_ERRORS		20	/* listed per log; more counted */
/* a log is read at most this far once decompressed (a gzip bomb stops
 * here); the rest is noted as not read */
#define ALOG_MAX_LOG_BYTES	(8ull << 30)
/* auparse's end-of-event timeout (auditd.conf(5) end_of_event_timeout,
 * default 2): an event not finished this many seconds after it started
 * is complete */
#define ALOG_EOE_TIMEOUT	2

/* PATH nametype (the kernel's audit_log_name(), kernel/audit.c) */
enum alog_nametype {
	ALOG_NT_UNKNOWN, ALOG_NT_NORMAL, ALOG_NT_PARENT, ALOG_NT_CREATE,
	ALOG_NT_DELETE,
};

struct alog_path {
	char		*name;		/* as logged, maybe relative; or NULL */
	char		*abs;		/* absolute and lexically clean, or NULL
					 * when relative to a directory fd */
	enum alog_nametype nametype;
	int		 has_mode;
	unsigned	 mode;		/* st_mode, type bits included */
	int		 has_ouid;
	unsigned long	 ouid;
	uint64_t	 cap_fp;	/* the file's permitted capabilities */
	uint64_t	 cap_fi;
};

struct alog_sockaddr {
	int		 family;	/* AF_UNIX, AF_INET, AF_INET6, other, or
					 * -1 if the record could not be read */
	char		*path;		/* AF_UNIX: "/path", "@abstract", "" */
	char		 addr[48];	/* AF_INET/AF_INET6: numeric address */
	unsigned	 port;
};

#define ALOG_ID_UNSET	4294967295UL	/* (uid_t)-1: auid "unset" */

struct alog_event {
	const char	*file;		/* the log's name as given */
	unsigned long	 line;		/* line of its first record */
	int64_t		 sec;
	unsigned	 milli;
	unsigned long	 serial;
	const char	*node;		/* node= prefix, or NULL */

	int		 has_syscall;	/* a SYSCALL record was read */
	uint32_t	 arch;		/* AUDIT_ARCH_* (0 unknown) */
	int		 machine;	/* libaudit machine, -1 unknown */
	long		 syscall;	/* number, -1 unknown */
	const char	*sc_name;	/* libaudit's name for it, or NULL */
	int		 success;	/* 1 yes, 0 no, -1 not logged */
	int64_t		 exit;
	int		 has_a[4];
	uint64_t	 a[4];
	int		 has_uid, has_auid, has_euid, has_gid;
	unsigned long	 uid, auid, euid, gid;
	long		 pid, ppid;
	char		*exe;		/* decoded; NULL if not logged */
	char		*comm;
	char		*keys[ALOG_MAX_KEYS];	/* each rule key, decoded */
	size_t		 nkeys;

	int		 has_execve;
	char		**argv;		/* decoded, at most ALOG_MAX_ARGS */
	size_t		 argc;		/* kept */
	unsigned long	 argc_logged;	/* argc= of the record */
	int		 argv_truncated; /* arguments missing or cut */

	struct alog_path paths[ALOG_MAX_PATHS];
	size_t		 npaths;
	unsigned long	 items;		/* items= of SYSCALL */
	char		*cwd;
	char		*proctitle;	/* arguments joined by spaces */
	int		 has_sockaddr;
	struct alog_sockaddr sa;
};

/* What an event did, as privmap's families and policies see it. */
enum alog_act {
	ALOG_EXEC,	/* execve/execveat: path is the program */
	ALOG_WRITE,	/* opened for writing, created, removed, renamed */
	ALOG_ATTR,	/* mode, owner, xattrs or times changed */
	ALOG_READ,	/* opened for reading only */
	ALOG_CONNECT,	/* connect(): sa of the event; the kinds up to here
			 * act on an object, the ones below are calls */
	ALOG_CRED,	/* setuid family, setgroups, capset */
	ALOG_MODULE,	/* kernel module loaded or removed */
	ALOG_MOUNT,	/* mount, umount, the new mount API, pivot_root */
	ALOG_NAMESPACE,	/* unshare, setns, clone with CLONE_NEW* */
	ALOG_OTHER,	/* any other call (path: its first named object) */
	ALOG_ACT_COUNT,
};

struct alog_action {
	enum alog_act	 kind;
	const char	*path;		/* points into the event, or NULL */
};

#define ALOG_MAX_ACTIONS	(ALOG_MAX_PATHS + 2)

const char	*alog_act_name(enum alog_act);
/* The actions of an event with a SYSCALL record (0 without one), each
 * distinct path once: an exec's program, each object a write changed
 * (a rename gives both names), the socket of a connect. */
size_t		 alog_actions(const struct alog_event *, struct alog_action *,
		    size_t max);
/* The program an exec ran: the first PATH item's absolute name, else exe. */
const char	*alog_exec_path(const struct alog_event *);

/* One problem with a log: a line number (0 for the whole log) and a
 * static message. */
struct alog_error {
	unsigned long	 line;
	const char	*msg;
};

struct alog_stats {
	uint64_t	 bytes;		/* read, decompressed */
	unsigned long	 lines;
	unsigned long	 records;	/* well-formed record lines */
	unsigned long	 events;
	unsigned long	 malformed;	/* lines skipped: no record header,
					 * NUL bytes, too long */
	unsigned long	 dropped;	/* records left out of huge events */
	int		 compressed;	/* gzip'd (or zstd, xz, bzip2) */
	int		 truncated;	/* it ended inside a record or a
					 * stream, or ALOG_MAX_LOG_BYTES
					 * stopped it */
	int		 unreadable;	/* nothing could be read */
	struct alog_error errors[ALOG_MAX_ERRORS];
	size_t		 nerrors;
	unsigned long	 errors_dropped;
};

/* Called once per event, in the order events are completed; the event
 * and everything it points to live until the callback returns. */
typedef void	(*alog_cb)(const struct alog_event *, void *arg);

struct alog_reader;

/* NULL with *why if libauparse cannot be set up. */
struct alog_reader *alog_new(alog_cb, void *arg, const char **why);
void		 alog_free(struct alog_reader *);

/*
 * Read one log from fd (a file or a pipe; gzip, zstd, xz and bzip2 are
 * undone in memory when libarchive does that itself, never by running a
 * program). name is shown in events and errors. The stats are reset and
 * filled; returns 0, or -1 if nothing could be read (st->unreadable set,
 * the reason in st->errors[0]). Every event is completed before it returns.
 */
int		 alog_read_fd(struct alog_reader *, int fd, const char *name,
		    struct alog_stats *);
/* The same on a path; "-" is standard input. */
int		 alog_read_path(struct alog_reader *, const char *path,
		    struct alog_stats *);

/* The glue under alog_read_fd, for tests and fuzzing: bytes already
 * decompressed, fed in any pieces, then finished. */
void		 alog_begin(struct alog_reader *, const char *name,
		    struct alog_stats *);
void		 alog_feed(struct alog_reader *, const char *, size_t);
void		 alog_end(struct alog_reader *);

/* Decode an audit field value: "quoted" as is, (null) -> NULL, else hex
 * (an odd length or a non-hex digit also -> NULL). The decoded text stops
 * at a NUL byte unless nul_sep is set, in which case NULs become that
 * character (proctitle's separators). At most max bytes are kept and
 * *cut set if more were there. Caller frees. */
char		*alog_decode(const char *v, size_t max, int nul_sep, int *cut);

/* Absolute, lexically clean form of name ("//", ".", ".." removed;
 * a relative name is taken from cwd). NULL if neither gives a "/" start.
 * Caller frees. */
char		*alog_abs_path(const char *name, const char *cwd);

/* An event as text, for tests and debugging: "event FILE:LINE
 * SEC.MILLI:SERIAL [node NODE]", then syscall, ids, exe/comm/cwd, key,
 * execve, path, proctitle and sockaddr lines for what it holds, strings
 * quoted (parse/print.h) (allocated). */
char		*alog_event_print(const struct alog_event *);

#endif
