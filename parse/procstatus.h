/*
 * procstatus.h: the fields of /proc/PID/status privmap needs, parsed from
 * a buffer (so tests and fuzzers feed it recorded or hostile text). The
 * format is proc(5)'s "Key:\tvalue" lines. Never reads a file itself.
 */
#ifndef PRIVMAP_PROCSTATUS_H
#define PRIVMAP_PROCSTATUS_H

#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>

/* which fields were present (older kernels lack some: CapAmb came with
 * Linux 4.3, NoNewPrivs with 4.10, Seccomp with 3.8) */
enum {
	PS_NAME = 0x001,
	PS_PID = 0x002,
	PS_PPID = 0x004,
	PS_UID = 0x008,
	PS_GID = 0x010,
	PS_GROUPS = 0x020,
	PS_CAPINH = 0x040,
	PS_CAPPRM = 0x080,
	PS_CAPEFF = 0x100,
	PS_CAPBND = 0x200,
	PS_CAPAMB = 0x400,
	PS_NNP = 0x800,
	PS_SECCOMP = 0x1000,
};

#define PS_NAME_MAX	64	/* comm is 16 bytes; the kernel escapes it */
#define PS_MAX_GROUPS	65536	/* NGROUPS_MAX */

struct procstatus {
	unsigned	 have;		/* PS_* */
	char		 name[PS_NAME_MAX];	/* as printed (escaped) */
	pid_t		 pid;
	pid_t		 ppid;
	uid_t		 uid[4];	/* real, effective, saved, filesystem */
	gid_t		 gid[4];
	gid_t		*groups;	/* supplementary, owned */
	size_t		 ngroups;
	uint64_t	 cap_inh;
	uint64_t	 cap_prm;
	uint64_t	 cap_eff;
	uint64_t	 cap_bnd;
	uint64_t	 cap_amb;
	int		 no_new_privs;	/* 0 or 1 */
	int		 seccomp;	/* 0 off, 1 strict, 2 filter */
};

/*
 * Parse status text into *st (zeroed first). Unknown keys are ignored; a
 * malformed value of a field privmap uses, or a missing Uid or Gid line,
 * fails with a static *why and *line (0 when not tied to a line). The
 * first occurrence of a key counts. Free with procstatus_free, also after
 * a failure.
 */
int	procstatus_parse(const char *buf, size_t len, struct procstatus *st,
	    const char **why, unsigned *line);
void	procstatus_free(struct procstatus *);
/* The fields present, as text for tests and debugging: "KEY VALUE" lines
 * in the order of PS_*, capability sets as 16 hex digits (allocated). */
char	*procstatus_print(const struct procstatus *);

#endif
