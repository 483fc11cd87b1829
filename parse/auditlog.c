/*
 * auditlog.c: audit logs read into events (auditlog.h).
 *
 * The glue between the bytes of a log and libauparse: a log is
 * decompressed in memory by libarchive's raw reader (only filters that
 * libarchive runs itself: it would otherwise run gzip or xz as a
 * program), split into lines, each line checked for a record header
 * (auditd's "[node=N ]type=T msg=audit(SEC.MILLI:SERIAL): ..." form,
 * ausearch-raw(5) and auditd.conf(5) log_format), records grouped into
 * events by that stamp, and each finished event handed to libauparse as
 * one buffer (auparse_new_buffer) to split into records and fields. The
 * grouping is ours rather than auparse's feed so that a log of countless
 * unfinished events costs a bounded window, not a list auparse scans on
 * every record.
 *
 * It must never trust a log: every line, field, argument and event is
 * bounded, values are decoded here, never interpreted by auparse (which
 * resolves uids in this machine's NSS), and a malformed record is counted
 * and skipped. It never runs a program and never writes anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <archive.h>
#include <auparse.h>
#include <libaudit.h>

#include "parse/auditlog.h"
#include "lib/bounds.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "parse/print.h"
#include "lib/num.h"

/* bytes kept of a logged path (PATH_MAX, limits.h) */
#define ALOG_MAX_PATH	4096
/* bytes read from libarchive at a time */
#define ALOG_CHUNK	(1 << 16)

/* ---- decoding --------------------------------------------------------- */

/* the bytes of a hex string; -1 on an odd length or a non-hex digit.
 * At most max bytes are written, *n the count. */
static int
hex_bytes(const char *v, unsigned char *out, size_t max, size_t *n, int *cut)
{
	size_t len = strlen(v), i;

	*n = 0;
	if (len % 2 != 0)
		return -1;
	for (i = 0; i < len; i += 2) {
		int h = hex_digit((unsigned char)v[i]);
		int l = hex_digit((unsigned char)v[i + 1]);

		if (h < 0 || l < 0)
			return -1;
		if (*n >= max) {
			if (cut)
				*cut = 1;
			break;
		}
		out[(*n)++] = (unsigned char)(h << 4 | l);
	}
	return 0;
}

/*
 * The kernel logs an untrusted string quoted when every byte is printable
 * and not a quote, else as hex (audit_log_n_untrustedstring() in
 * kernel/audit.c); "(null)" stands for a missing one.
 */
char *
alog_decode(const char *v, size_t max, int nul_sep, int *cut)
{
	size_t len, n, i;
	unsigned char *out;

	if (v == NULL || strcmp(v, "(null)") == 0 || strcmp(v, "(none)") == 0)
		return NULL;
	len = strlen(v);
	if (len >= 1 && v[0] == '"') {
		const char *end = strchr(v + 1, '"');

		n = end ? (size_t)(end - v - 1) : len - 1;
		if (n > max) {
			n = max;
			if (cut)
				*cut = 1;
		}
		return xstrndup(v + 1, n);
	}
	out = xmalloc(len / 2 + 1);
	if (hex_bytes(v, out, max, &n, cut) != 0) {
		free(out);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (out[i] == '\0') {
			if (!nul_sep) {
				n = i;
				break;
			}
			out[i] = (unsigned char)nul_sep;
		}
	/* proctitle's last NUL, or padding, leaves trailing separators */
	while (nul_sep && n > 0 && out[n - 1] == (unsigned char)nul_sep)
		n--;
	out[n] = '\0';
	return (char *)out;
}

/* a logged name made absolute and lexically clean */
char *
alog_abs_path(const char *name, const char *cwd)
{
	struct buf b = { 0 };
	const char *src[2], *p;
	size_t i, seg;

	if (name == NULL)
		return NULL;
	if (name[0] == '/') {
		src[0] = name;
		src[1] = NULL;
	} else {
		if (cwd == NULL || cwd[0] != '/')
			return NULL;
		src[0] = cwd;
		src[1] = name;
	}
	buf_addc(&b, '/');
	for (i = 0; i < 2 && src[i] != NULL; i++) {
		for (p = src[i]; *p; p += seg) {
			while (*p == '/')
				p++;
			seg = strcspn(p, "/");
			if (seg == 0)
				break;
			if (seg == 1 && p[0] == '.')
				continue;
			if (seg == 2 && p[0] == '.' && p[1] == '.') {
				/* lexical: the real parent may differ
				 * through a symlink */
				while (b.len > 1 && b.data[b.len - 1] != '/')
					b.len--;
				if (b.len > 1)
					b.len--;
				continue;
			}
			if (b.len > 1)
				buf_addc(&b, '/');
			buf_add(&b, p, seg);
		}
	}
	return buf_str(&b);
}

/* strict unsigned numbers in a base; 0 or -1 */
static int
parse_u64(const char *s, int base, uint64_t *out)
{
	uint64_t v = 0;
	int d;

	if (s == NULL || *s == '\0' || strlen(s) > 22)
		return -1;
	for (; *s; s++) {
		d = hex_digit((unsigned char)*s);
		if (d < 0 || d >= base)
			return -1;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -1;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

static int
parse_i64(const char *s, int64_t *out)
{
	uint64_t v;

	if (s == NULL)
		return -1;
	if (s[0] == '-') {
		if (parse_u64(s + 1, 10, &v) != 0 ||
		    v > (uint64_t)INT64_MAX + 1)
			return -1;
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
		return 0;
	}
	if (parse_u64(s, 10, &v) != 0 || v > (uint64_t)INT64_MAX)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* ---- the reader ------------------------------------------------------- */

struct pending {
	int		 used;
	char		*node;
	int64_t		 sec;
	unsigned	 milli;
	unsigned long	 serial;
	unsigned long	 line;
	unsigned long long seq;
	unsigned	 nrec;
	struct buf	 text;
};

struct alog_reader {
	auparse_state_t	*au;
	alog_cb		 cb;
	void		*arg;
	const char	*name;
	struct alog_stats *st;
	struct buf	 carry;		/* a line not finished yet */
	int		 skipping;	/* inside a line over MAX_LINE */
	unsigned long long seq;
	struct pending	 win[ALOG_WINDOW];
	int		 active;
};

static void
note(struct alog_reader *r, unsigned long line, const char *msg)
{
	struct alog_stats *st = r->st;

	if (st->nerrors < ALOG_MAX_ERRORS) {
		st->errors[st->nerrors].line = line;
		st->errors[st->nerrors].msg = msg;
		st->nerrors++;
	} else
		st->errors_dropped++;
}

/* a reader with one libauparse state, reused for every event */
struct alog_reader *
alog_new(alog_cb cb, void *arg, const char **why)
{
	struct alog_reader *r;
	auparse_state_t *au;

	/* an empty buffer: each event is put in with auparse_new_buffer */
	if ((au = auparse_init(AUSOURCE_BUFFER, "")) == NULL) {
		*why = "libauparse could not be set up";
		return NULL;
	}
	/* auparse_init took end_of_event_timeout from this machine's
	 * auditd.conf; whole events are handed over, so only keep it fixed */
	auparse_set_eoe_timeout(ALOG_EOE_TIMEOUT);
	auparse_set_escape_mode(au, AUPARSE_ESC_RAW);
	r = xcalloc(1, sizeof *r);
	r->au = au;
	r->cb = cb;
	r->arg = arg;
	return r;
}

static void
pending_clear(struct pending *p)
{
	free(p->node);
	buf_free(&p->text);
	memset(p, 0, sizeof *p);
}

/* the reader and any event still being assembled */
void
alog_free(struct alog_reader *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < ALOG_WINDOW; i++)
		pending_clear(&r->win[i]);
	buf_free(&r->carry);
	auparse_destroy(r->au);
	free(r);
}

/* ---- one event's fields ----------------------------------------------- */

struct argacc {
	struct buf	 raw;	/* the value, or the hex of its pieces */
	int		 set;
	int		 cut;
};

static void
event_clear(struct alog_event *e)
{
	size_t i;

	free(e->exe);
	free(e->comm);
	for (i = 0; i < e->nkeys; i++)
		free(e->keys[i]);
	for (i = 0; i < e->argc; i++)
		free(e->argv[i]);
	free(e->argv);
	for (i = 0; i < e->npaths; i++) {
		free(e->paths[i].name);
		free(e->paths[i].abs);
	}
	free(e->cwd);
	free(e->proctitle);
	free(e->sa.path);
}

static void
read_keys(struct alog_event *e, const char *v)
{
	char *all = alog_decode(v, 4096, 0, NULL), *p, *sep;

	if (all == NULL)
		return;
	/* several keys are joined by AUDIT_KEY_SEPARATOR (libaudit.h) */
	for (p = all; p != NULL && e->nkeys < ALOG_MAX_KEYS; p = sep) {
		sep = strchr(p, AUDIT_KEY_SEPARATOR);
		if (sep != NULL)
			*sep++ = '\0';
		if (*p != '\0')
			e->keys[e->nkeys++] = xstrdup(p);
	}
	free(all);
}

static void
read_syscall_field(struct alog_event *e, const char *n, const char *v)
{
	uint64_t u;
	int64_t s;

	if (strcmp(n, "arch") == 0) {
		if (parse_u64(v, 16, &u) == 0 && u <= UINT32_MAX)
			e->arch = (uint32_t)u;
	} else if (strcmp(n, "syscall") == 0) {
		if (parse_u64(v, 10, &u) == 0 && u < 100000)
			e->syscall = (long)u;
	} else if (strcmp(n, "success") == 0)
		e->success = strcmp(v, "yes") == 0 ? 1 :
		    strcmp(v, "no") == 0 ? 0 : -1;
	else if (strcmp(n, "exit") == 0) {
		if (parse_i64(v, &s) == 0)
			e->exit = s;
	} else if (n[0] == 'a' && n[1] >= '0' && n[1] <= '3' && n[2] == '\0') {
		if (parse_u64(v, 16, &u) == 0) {
			e->a[n[1] - '0'] = u;
			e->has_a[n[1] - '0'] = 1;
		}
	} else if (strcmp(n, "items") == 0) {
		if (parse_u64(v, 10, &u) == 0 && u < 100000)
			e->items = (unsigned long)u;
	} else if (strcmp(n, "pid") == 0 || strcmp(n, "ppid") == 0) {
		if (parse_u64(v, 10, &u) == 0 && u <= 0x7fffffff)
			*(n[0] == 'p' && n[1] == 'p' ? &e->ppid : &e->pid) =
			    (long)u;
	} else if (strcmp(n, "uid") == 0 || strcmp(n, "auid") == 0 ||
	    strcmp(n, "euid") == 0 || strcmp(n, "gid") == 0) {
		if (parse_u64(v, 10, &u) != 0 || u > ALOG_ID_UNSET)
			return;
		switch (n[0]) {
		case 'u':
			e->uid = (unsigned long)u, e->has_uid = 1;
			break;
		case 'a':
			e->auid = (unsigned long)u, e->has_auid = 1;
			break;
		case 'e':
			e->euid = (unsigned long)u, e->has_euid = 1;
			break;
		default:
			e->gid = (unsigned long)u, e->has_gid = 1;
			break;
		}
	} else if (strcmp(n, "exe") == 0 && e->exe == NULL)
		e->exe = alog_decode(v, ALOG_MAX_PATH, 0, NULL);
	else if (strcmp(n, "comm") == 0 && e->comm == NULL)
		e->comm = alog_decode(v, 64, 0, NULL);
	else if (strcmp(n, "key") == 0)
		read_keys(e, v);
}

/* "aN", "aN_len" or "aN[I]": 0 for aN, 1 for aN[I], 2 for aN_len,
 * -1 for anything else; *idx is N */
static int
execve_field(const char *n, unsigned long *idx)
{
	const char *p = n + 1;
	unsigned long v = 0;

	if (n[0] != 'a' || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > 1000000)
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	*idx = v;
	if (*p == '\0')
		return 0;
	if (strcmp(p, "_len") == 0)
		return 2;
	if (*p == '[') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
		if (p[0] == ']' && p[1] == '\0' && p[-1] != '[')
			return 1;
	}
	return -1;
}

static void
read_execve_field(struct alog_event *e, struct argacc *acc, const char *n,
    const char *v)
{
	unsigned long idx;
	uint64_t u;
	int kind;

	e->has_execve = 1;
	if (strcmp(n, "argc") == 0) {
		if (parse_u64(v, 10, &u) == 0 && u < 100000000)
			e->argc_logged = (unsigned long)u;
		return;
	}
	if ((kind = execve_field(n, &idx)) < 0 || kind == 2)
		return;
	if (idx >= ALOG_MAX_ARGS) {
		e->argv_truncated = 1;
		return;
	}
	if (kind == 0) {
		if (acc[idx].set)
			return;
		acc[idx].set = 1;
		if (strlen(v) > 2 * ALOG_MAX_ARG + 2) {
			acc[idx].cut = 1;
			/* a hex value cut on a whole byte; a quoted one is
			 * cut by alog_decode */
			buf_add(&acc[idx].raw, v, v[0] == '"' ?
			    strlen(v) : 2 * ALOG_MAX_ARG);
		} else
			buf_adds(&acc[idx].raw, v);
		return;
	}
	/* a piece of a long argument, always hex, in order */
	acc[idx].set = 1;
	if (acc[idx].raw.len + strlen(v) > 2 * ALOG_MAX_ARG) {
		size_t room = 2 * ALOG_MAX_ARG - acc[idx].raw.len;

		acc[idx].cut = 1;
		buf_add(&acc[idx].raw, v, room & ~(size_t)1);
	} else
		buf_adds(&acc[idx].raw, v);
}

static enum alog_nametype
nametype_parse(const char *v)
{
	if (strcmp(v, "NORMAL") == 0)
		return ALOG_NT_NORMAL;
	if (strcmp(v, "PARENT") == 0)
		return ALOG_NT_PARENT;
	if (strcmp(v, "CREATE") == 0)
		return ALOG_NT_CREATE;
	if (strcmp(v, "DELETE") == 0)
		return ALOG_NT_DELETE;
	return ALOG_NT_UNKNOWN;
}

static void
read_path_field(struct alog_path *p, unsigned long *item, const char *n,
    const char *v)
{
	uint64_t u;

	if (strcmp(n, "item") == 0) {
		if (parse_u64(v, 10, &u) == 0 && u < 100000)
			*item = (unsigned long)u;
	} else if (strcmp(n, "name") == 0) {
		if (p->name == NULL)
			p->name = alog_decode(v, ALOG_MAX_PATH, 0, NULL);
	} else if (strcmp(n, "mode") == 0) {
		if (parse_u64(v, 8, &u) == 0 && u <= 0xffffffff) {
			p->mode = (unsigned)u;
			p->has_mode = 1;
		}
	} else if (strcmp(n, "ouid") == 0) {
		if (parse_u64(v, 10, &u) == 0 && u <= ALOG_ID_UNSET) {
			p->ouid = (unsigned long)u;
			p->has_ouid = 1;
		}
	} else if (strcmp(n, "nametype") == 0)
		p->nametype = nametype_parse(v);
	else if (strcmp(n, "cap_fp") == 0) {
		if (parse_u64(v, 16, &u) == 0)
			p->cap_fp = u;
	} else if (strcmp(n, "cap_fi") == 0) {
		if (parse_u64(v, 16, &u) == 0)
			p->cap_fi = u;
	}
}

/*
 * A struct sockaddr as the kernel copied it from the caller (move_addr_
 * to_kernel(), net/socket.c): sa_family in the traced machine's byte
 * order, ports and IPv4/IPv6 addresses in network order (ip(7), ipv6(7));
 * an AF_UNIX path is NUL-terminated unless it fills sun_path, and one
 * starting with NUL is abstract (unix(7)).
 */
static void
read_sockaddr(struct alog_event *e, const char *v)
{
	unsigned char b[128];
	size_t n, i;
	int little = e->arch == 0 || (e->arch & 0x40000000u) != 0;
	unsigned fam;

	e->has_sockaddr = 1;
	e->sa.family = -1;
	if (v == NULL || hex_bytes(v, b, sizeof b, &n, NULL) != 0 || n < 2)
		return;
	fam = little ? (unsigned)(b[0] | b[1] << 8) :
	    (unsigned)(b[0] << 8 | b[1]);
	e->sa.family = (int)fam;
	if (fam == AF_UNIX) {
		struct buf p = { 0 };

		if (n == 2) {
			e->sa.path = xstrdup("");
			return;
		}
		if (b[2] == '\0') {
			/* abstract: every byte counts; NULs shown as '@' */
			buf_addc(&p, '@');
			for (i = 3; i < n; i++)
				buf_addc(&p, b[i] ? (char)b[i] : '@');
		} else
			for (i = 2; i < n && b[i] != '\0'; i++)
				buf_addc(&p, (char)b[i]);
		e->sa.path = buf_str(&p);
	} else if (fam == AF_INET && n >= 8) {
		e->sa.port = (unsigned)(b[2] << 8 | b[3]);
		inet_ntop(AF_INET, b + 4, e->sa.addr, sizeof e->sa.addr);
	} else if (fam == AF_INET6 && n >= 24) {
		e->sa.port = (unsigned)(b[2] << 8 | b[3]);
		inet_ntop(AF_INET6, b + 8, e->sa.addr, sizeof e->sa.addr);
	}
}

static int
is_at_fdcwd(uint64_t v)
{
	/* AT_FDCWD is -100 as an int (fcntl.h); the log shows the register */
	return (v & 0xffffffffu) == 0xffffff9cu;
}

/* A relative name of this call is relative to a directory fd, not the
 * cwd: the *at calls (openat(2) "If pathname is relative...") */
static int
relative_to_dirfd(const struct alog_event *e)
{
	static const struct {
		const char	*name;
		int		 arg[2];	/* dirfd arguments, -1 none */
	} at[] = {
		{ "openat", { 0, -1 } }, { "openat2", { 0, -1 } },
		{ "mkdirat", { 0, -1 } }, { "mknodat", { 0, -1 } },
		{ "unlinkat", { 0, -1 } }, { "fchmodat", { 0, -1 } },
		{ "fchmodat2", { 0, -1 } }, { "fchownat", { 0, -1 } },
		{ "futimesat", { 0, -1 } }, { "utimensat", { 0, -1 } },
		{ "execveat", { 0, -1 } }, { "newfstatat", { 0, -1 } },
		{ "fstatat64", { 0, -1 } }, { "faccessat", { 0, -1 } },
		{ "faccessat2", { 0, -1 } }, { "readlinkat", { 0, -1 } },
		{ "name_to_handle_at", { 0, -1 } }, { "statx", { 0, -1 } },
		{ "renameat", { 0, 2 } }, { "renameat2", { 0, 2 } },
		{ "linkat", { 0, 2 } }, { "symlinkat", { 1, -1 } },
		{ "open_tree", { 0, -1 } }, { "move_mount", { 0, 2 } },
		{ "setxattrat", { 0, -1 } }, { "removexattrat", { 0, -1 } },
		{ NULL, { -1, -1 } },
	};
	size_t i, k;

	if (e->sc_name == NULL)
		return 0;
	for (i = 0; at[i].name != NULL; i++) {
		if (strcmp(at[i].name, e->sc_name) != 0)
			continue;
		for (k = 0; k < 2; k++) {
			int a = at[i].arg[k];

			if (a >= 0 && (!e->has_a[a] || !is_at_fdcwd(e->a[a])))
				return 1;
		}
		return 0;
	}
	return 0;
}

static int
cmp_item(const void *a, const void *b)
{
	const unsigned long *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* read the current auparse event into e */
static void
event_fill(struct alog_reader *r, struct alog_event *e)
{
	struct argacc acc[ALOG_MAX_ARGS];
	unsigned long items[ALOG_MAX_PATHS][2];	/* item number, index */
	struct alog_path tmp[ALOG_MAX_PATHS];
	char *saddr = NULL;
	size_t i, maxarg = 0;
	int type;

	memset(acc, 0, sizeof acc);
	e->syscall = -1;
	e->success = -1;
	e->machine = -1;
	if (auparse_first_record(r->au) <= 0)
		return;
	do {
		struct alog_path *p = NULL;
		unsigned long item = ULONG_MAX;

		type = auparse_get_type(r->au);
		if (type == AUDIT_PATH) {
			if (e->npaths >= ALOG_MAX_PATHS)
				continue;
			p = &e->paths[e->npaths];
			memset(p, 0, sizeof *p);
		}
		if (type == AUDIT_SYSCALL)
			e->has_syscall = 1;
		if (auparse_first_field(r->au) <= 0)
			continue;
		do {
			const char *n = auparse_get_field_name(r->au);
			const char *v = auparse_get_field_str(r->au);

			if (n == NULL || v == NULL)
				continue;
			switch (type) {
			case AUDIT_SYSCALL:
				read_syscall_field(e, n, v);
				break;
			case AUDIT_EXECVE:
				read_execve_field(e, acc, n, v);
				break;
			case AUDIT_PATH:
				read_path_field(p, &item, n, v);
				break;
			case AUDIT_CWD:
				if (strcmp(n, "cwd") == 0 && e->cwd == NULL)
					e->cwd = alog_decode(v, ALOG_MAX_PATH,
					    0, NULL);
				break;
			case AUDIT_PROCTITLE:
				if (strcmp(n, "proctitle") == 0 &&
				    e->proctitle == NULL)
					e->proctitle = alog_decode(v,
					    ALOG_MAX_ARG, ' ', NULL);
				break;
			case AUDIT_SOCKADDR:
				if (strcmp(n, "saddr") == 0 && saddr == NULL)
					saddr = xstrdup(v);
				break;
			default:
				break;
			}
		} while (auparse_next_field(r->au) > 0);
		if (p != NULL) {
			items[e->npaths][0] = item;
			items[e->npaths][1] = e->npaths;
			e->npaths++;
		}
	} while (auparse_next_record(r->au) > 0);

	/* the family's byte order is the arch's, known once every record
	 * is read (SYSCALL may come last in a hostile log) */
	if (saddr != NULL) {
		read_sockaddr(e, saddr);
		free(saddr);
	}
	if (e->arch != 0) {
		e->machine = audit_elf_to_machine(e->arch);
		if (e->machine < 0)
			e->machine = -1;
	}
	if (e->machine >= 0 && e->syscall >= 0)
		e->sc_name = audit_syscall_to_name((int)e->syscall, e->machine);

	/* PATH records in item order */
	if (e->npaths > 1)
		qsort(items, e->npaths, sizeof items[0], cmp_item);
	memcpy(tmp, e->paths, sizeof tmp);
	for (i = 0; i < e->npaths; i++)
		e->paths[i] = tmp[items[i][1]];
	for (i = 0; i < e->npaths; i++) {
		struct alog_path *p = &e->paths[i];

		if (p->name != NULL && (p->name[0] == '/' ||
		    !relative_to_dirfd(e)))
			p->abs = alog_abs_path(p->name, e->cwd);
	}

	/* arguments: every one up to argc (or the last seen) */
	for (i = 0; i < ALOG_MAX_ARGS; i++)
		if (acc[i].set)
			maxarg = i + 1;
	if (e->has_execve) {
		size_t want = e->argc_logged < ALOG_MAX_ARGS ?
		    e->argc_logged : ALOG_MAX_ARGS;

		if (e->argc_logged > ALOG_MAX_ARGS || maxarg > want)
			e->argv_truncated = 1;
		if (maxarg > want)
			maxarg = want;
		e->argv = xcalloc(maxarg + 1, sizeof *e->argv);
		for (i = 0; i < maxarg; i++) {
			int cut = acc[i].cut;
			char *a = acc[i].set ? alog_decode(buf_str(&acc[i].raw),
			    ALOG_MAX_ARG, 0, &cut) : NULL;

			if (a == NULL) {
				a = xstrdup("");
				e->argv_truncated = 1;
			}
			if (cut)
				e->argv_truncated = 1;
			e->argv[e->argc++] = a;
		}
		if (maxarg < want)
			e->argv_truncated = 1;
	}
	for (i = 0; i < ALOG_MAX_ARGS; i++)
		buf_free(&acc[i].raw);
}

static void
pending_flush(struct alog_reader *r, struct pending *p)
{
	int rc;

	if (!p->used)
		return;
	buf_str(&p->text);
	if (auparse_new_buffer(r->au, p->text.data, p->text.len) != 0) {
		note(r, p->line, "libauparse refused an event");
		goto out;
	}
	while ((rc = auparse_next_event(r->au)) > 0) {
		struct alog_event e;

		memset(&e, 0, sizeof e);
		e.file = r->name;
		e.line = p->line;
		e.sec = p->sec;
		e.milli = p->milli;
		e.serial = p->serial;
		e.node = p->node;
		event_fill(r, &e);
		r->st->events++;
		r->cb(&e, r->arg);
		event_clear(&e);
	}
	if (rc < 0)
		note(r, p->line, "libauparse could not read an event");
out:
	pending_clear(p);
	r->active--;
}

/* flush the oldest pending event (the lowest arrival number) */
static void
flush_oldest(struct alog_reader *r)
{
	struct pending *old = NULL;
	size_t i;

	for (i = 0; i < ALOG_WINDOW; i++)
		if (r->win[i].used && (old == NULL || r->win[i].seq < old->seq))
			old = &r->win[i];
	if (old != NULL)
		pending_flush(r, old);
}

/* flush, in arrival order, every event started ALOG_EOE_TIMEOUT seconds
 * or more before now */
static void
flush_expired(struct alog_reader *r, int64_t now)
{
	struct pending *old;
	size_t i;

	for (;;) {
		old = NULL;
		for (i = 0; i < ALOG_WINDOW; i++)
			if (r->win[i].used &&
			    r->win[i].sec <= now - ALOG_EOE_TIMEOUT &&
			    (old == NULL || r->win[i].seq < old->seq))
				old = &r->win[i];
		if (old == NULL)
			return;
		pending_flush(r, old);
	}
}

/* ---- record lines ----------------------------------------------------- */

struct header {
	const char	*node;
	size_t		 nodelen;
	const char	*type;
	size_t		 typelen;
	int64_t		 sec;
	unsigned	 milli;
	unsigned long	 serial;
};

static int
digits(const char **p, const char *end, size_t maxlen, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	for (; *p < end && **p >= '0' && **p <= '9'; (*p)++) {
		if ((size_t)(*p - s) >= maxlen)
			return -1;
		v = v * 10 + (uint64_t)(**p - '0');
	}
	if (*p == s)
		return -1;
	*out = v;
	return 0;
}

/*
 * "[node=NAME ]type=TYPE msg=audit(SEC.MILLI:SERIAL):" (the form auditd
 * writes, audit_format_msg / format_raw in src/auditd-event.c). 0 or -1
 * with *why.
 */
static int
header_parse(const char *s, size_t n, struct header *h, const char **why)
{
	const char *p = s, *end = s + n;
	uint64_t v;

	memset(h, 0, sizeof *h);
	if (n >= 5 && memcmp(p, "node=", 5) == 0) {
		p += 5;
		h->node = p;
		/* printable: a control character such as auditd's enrichment
		 * separator (0x1d) would cut the record before its stamp in
		 * libauparse, which 3.0 does not survive without a leak */
		while (p < end && *p > ' ' && *p < 0x7f)
			p++;
		h->nodelen = (size_t)(p - h->node);
		if (h->nodelen == 0 || h->nodelen > 255 || p == end ||
		    *p != ' ') {
			*why = "bad node= prefix";
			return -1;
		}
		p++;
	}
	if ((size_t)(end - p) < 5 || memcmp(p, "type=", 5) != 0) {
		*why = "not an audit record (no type=)";
		return -1;
	}
	p += 5;
	h->type = p;
	while (p < end && ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
	    || *p == '_' || *p == '[' || *p == ']' || (*p >= 'a' && *p <= 'z')))
		p++;
	h->typelen = (size_t)(p - h->type);
	if (h->typelen == 0 || h->typelen > 64) {
		*why = "bad record type";
		return -1;
	}
	if ((size_t)(end - p) < 11 || memcmp(p, " msg=audit(", 11) != 0) {
		*why = "no msg=audit( stamp";
		return -1;
	}
	p += 11;
	if (digits(&p, end, 18, &v) != 0 || p == end || *p != '.') {
		*why = "bad time in the record stamp";
		return -1;
	}
	h->sec = (int64_t)v;
	p++;
	if (digits(&p, end, 3, &v) != 0 || p == end || *p != ':') {
		*why = "bad milliseconds in the record stamp";
		return -1;
	}
	h->milli = (unsigned)v;
	p++;
	if (digits(&p, end, 19, &v) != 0 || v > ULONG_MAX ||
	    (size_t)(end - p) < 2 || p[0] != ')' || p[1] != ':') {
		*why = "bad serial in the record stamp";
		return -1;
	}
	h->serial = (unsigned long)v;
	return 0;
}

/* a record type after which auparse takes the event as finished
 * (au_check_events() in auparse/auparse.c, audit-userspace 3.0) */
static int
type_ends_event(const char *t, size_t n)
{
	char name[65];
	int type;

	memcpy(name, t, n);
	name[n] = '\0';
	if (strcmp(name, "PROCTITLE") == 0 || strcmp(name, "EOE") == 0)
		return 1;
	if (strncmp(name, "UNKNOWN[", 8) == 0) {
		uint64_t v;

		if (name[n - 1] != ']')
			return 0;
		name[n - 1] = '\0';
		if (parse_u64(name + 8, 10, &v) != 0 || v > 100000)
			return 0;
		type = (int)v;
	} else
		type = audit_name_to_msg_type(name);
	if (type <= 0)
		return 0;
	return type < AUDIT_FIRST_EVENT || type >= AUDIT_FIRST_ANOM_MSG ||
	    type == AUDIT_KERNEL || (type >= AUDIT_MAC_UNLBL_ALLOW &&
	    type <= AUDIT_MAC_CALIPSO_DEL);
}

/*
 * libauparse 3.0 (parse_up_record() in auparse/ellist.c) keeps the cwd
 * of each CWD record and loses all but the last when one record names
 * two: a leak upstream fixed after 3.0.9 ("fix a fuzzer induced memory
 * leak"), and no record the kernel writes. Fields split on spaces; a
 * leading "(" or "msg='" is not part of the name there.
 */
static int
cwd_twice(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *t;
	int seen = 0;

	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		t = p;
		while (p < end && *p != ' ')
			p++;
		if ((size_t)(p - t) >= 5 && memcmp(t, "msg='", 5) == 0)
			t += 5;
		if (t < p && *t == '(')
			t++;
		if ((size_t)(p - t) >= 4 && memcmp(t, "cwd=", 4) == 0 &&
		    seen++ > 0)
			return 1;
	}
	return 0;
}

static void
record_line(struct alog_reader *r, const char *s, size_t n)
{
	struct alog_stats *st = r->st;
	struct pending *p = NULL, *free_slot = NULL;
	struct header h;
	const char *why;
	size_t i;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (n == 0)
		return;
	if (memchr(s, '\0', n) != NULL) {
		st->malformed++;
		note(r, st->lines, "NUL byte in a record");
		return;
	}
	if (header_parse(s, n, &h, &why) != 0) {
		st->malformed++;
		note(r, st->lines, why);
		return;
	}
	if (h.typelen == 3 && memcmp(h.type, "CWD", 3) == 0 &&
	    cwd_twice(s, n)) {
		st->malformed++;
		note(r, st->lines, "a CWD record with two cwd fields");
		return;
	}
	st->records++;

	/* events older than the end-of-event timeout are finished */
	for (i = 0; i < ALOG_WINDOW; i++)
		if (r->win[i].used &&
		    r->win[i].sec + ALOG_EOE_TIMEOUT <= h.sec) {
			flush_expired(r, h.sec);
			break;
		}

	for (i = 0; i < ALOG_WINDOW; i++) {
		struct pending *w = &r->win[i];

		if (!w->used) {
			if (free_slot == NULL)
				free_slot = w;
			continue;
		}
		if (w->sec == h.sec && w->milli == h.milli &&
		    w->serial == h.serial && strlen(w->node ? w->node : "") ==
		    h.nodelen && (h.nodelen == 0 ||
		    memcmp(w->node, h.node, h.nodelen) == 0)) {
			p = w;
			break;
		}
	}
	if (p == NULL) {
		if (free_slot == NULL) {
			flush_oldest(r);
			for (i = 0; i < ALOG_WINDOW && free_slot == NULL; i++)
				if (!r->win[i].used)
					free_slot = &r->win[i];
		}
		p = free_slot;
		p->used = 1;
		p->node = h.nodelen ? xstrndup(h.node, h.nodelen) : NULL;
		p->sec = h.sec;
		p->milli = h.milli;
		p->serial = h.serial;
		p->line = st->lines;
		p->seq = r->seq++;
		r->active++;
	}
	if (p->nrec >= ALOG_MAX_RECORDS ||
	    p->text.len + n + 1 > ALOG_MAX_EVENT_BYTES) {
		if (st->dropped++ == 0 || p->nrec == ALOG_MAX_RECORDS)
			note(r, st->lines, "event too large: records left out");
		p->nrec = ALOG_MAX_RECORDS + 1;
		return;
	}
	buf_add(&p->text, s, n);
	buf_addc(&p->text, '\n');
	p->nrec++;
	if (type_ends_event(h.type, h.typelen))
		pending_flush(r, p);
}

/* ---- lines ------------------------------------------------------------ */

/* start a log: its name and its stats, reset */
void
alog_begin(struct alog_reader *r, const char *name, struct alog_stats *st)
{
	memset(st, 0, sizeof *st);
	r->name = name;
	r->st = st;
	r->carry.len = 0;
	r->skipping = 0;
}

static void
line_done(struct alog_reader *r, const char *s, size_t n)
{
	r->st->lines++;
	record_line(r, s, n);
}

/* bytes of the log, cut anywhere: whole lines go on to the events */
void
alog_feed(struct alog_reader *r, const char *data, size_t len)
{
	const char *p = data, *end = data + len, *nl;

	r->st->bytes += len;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			/* keep the start of a line, up to MAX_LINE */
			size_t rest = (size_t)(end - p);

			if (r->skipping)
				return;
			if (r->carry.len + rest > MAX_LINE) {
				r->skipping = 1;
				r->carry.len = 0;
			} else
				buf_add(&r->carry, p, rest);
			return;
		}
		if (r->skipping || r->carry.len + (size_t)(nl - p) > MAX_LINE) {
			/* a record is at most MAX_AUDIT_MESSAGE_LENGTH
			 * (8970) bytes plus enrichment: skipped whole */
			r->st->lines++;
			r->st->malformed++;
			note(r, r->st->lines, "line too long: skipped");
			r->skipping = 0;
			r->carry.len = 0;
		} else if (r->carry.len > 0) {
			buf_add(&r->carry, p, (size_t)(nl - p));
			line_done(r, r->carry.data, r->carry.len);
			r->carry.len = 0;
		} else
			line_done(r, p, (size_t)(nl - p));
		p = nl + 1;
	}
}

/* the end of a log: its last line, then every event still open */
void
alog_end(struct alog_reader *r)
{
	if (r->skipping) {
		r->st->lines++;
		r->st->malformed++;
		r->st->truncated = 1;
		note(r, r->st->lines, "line too long: skipped");
	} else if (r->carry.len > 0) {
		/* the log stops inside a record (auditd was writing it, or
		 * the file was cut): read what is there */
		r->st->truncated = 1;
		note(r, r->st->lines + 1, "the last record has no end of line");
		line_done(r, r->carry.data, r->carry.len);
	}
	r->carry.len = 0;
	r->skipping = 0;
	while (r->active > 0)
		flush_oldest(r);
}

/* ---- inputs ----------------------------------------------------------- */

/*
 * Compression filters libarchive implements itself: a filter it can only
 * run as an external program is answered with ARCHIVE_WARN
 * (archive_read_support_filter_gzip(3)) and stays registered, so each is
 * tried on a scratch handle first and only a clean one is enabled.
 */
static int
enable_filters(struct archive *a)
{
	static int (*const opt[])(struct archive *) = {
		archive_read_support_filter_zstd,
		archive_read_support_filter_xz,
		archive_read_support_filter_bzip2,
	};
	size_t i;

	if (archive_read_support_filter_gzip(a) != ARCHIVE_OK)
		return -1;
	for (i = 0; i < sizeof opt / sizeof opt[0]; i++) {
		struct archive *probe = archive_read_new();
		int ok = probe != NULL && opt[i](probe) == ARCHIVE_OK;

		if (probe != NULL)
			archive_read_free(probe);
		if (ok && opt[i](a) != ARCHIVE_OK)
			return -1;
	}
	return 0;
}

/* read up to n bytes, through short reads and EINTR; -1 on an error */
static ssize_t
read_full(int fd, char *b, size_t n)
{
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = read(fd, b + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

/* the magic numbers of the compressed forms a rotated log takes:
 * gzip (RFC 1952), zstd (RFC 8878), xz (the .xz file format 2.1.1.1),
 * bzip2 ("BZh") */
static int
compressed(const char *b, size_t n)
{
	return (n >= 2 && memcmp(b, "\x1f\x8b", 2) == 0) ||
	    (n >= 4 && memcmp(b, "\x28\xb5\x2f\xfd", 4) == 0) ||
	    (n >= 6 && memcmp(b, "\xfd" "7zXZ\0", 6) == 0) ||
	    (n >= 3 && memcmp(b, "BZh", 3) == 0);
}

/* libarchive reads the bytes already taken to sniff, then the fd */
struct src {
	int		 fd;
	const char	*head;
	size_t		 headlen;
	char		*buf;
};

static la_ssize_t
src_read(struct archive *a, void *arg, const void **out)
{
	struct src *s = arg;
	ssize_t k;

	if (s->headlen > 0) {
		*out = s->head;
		k = (ssize_t)s->headlen;
		s->headlen = 0;
		return k;
	}
	do
		k = read(s->fd, s->buf, ALOG_CHUNK);
	while (k < 0 && errno == EINTR);
	if (k < 0) {
		archive_set_error(a, errno, "read error");
		return -1;
	}
	*out = s->buf;
	return k;
}

static void
read_compressed(struct alog_reader *r, struct src *s, struct alog_stats *st)
{
	struct archive *a;
	struct archive_entry *ent;
	char *chunk = NULL;
	la_ssize_t got;

	st->compressed = 1;
	if ((a = archive_read_new()) == NULL) {
		st->unreadable = 1;
		note(r, 0, "libarchive could not be set up");
		return;
	}
	if (enable_filters(a) != 0 ||
	    archive_read_support_format_raw(a) != ARCHIVE_OK) {
		st->unreadable = 1;
		note(r, 0, "this libarchive cannot read gzip without running "
		    "a program (privmap runs none)");
		goto out;
	}
	/* a stream too short or too broken to give a first block fails
	 * here already */
	if (archive_read_open(a, s, NULL, src_read, NULL) != ARCHIVE_OK ||
	    archive_read_next_header(a, &ent) != ARCHIVE_OK) {
		st->unreadable = 1;
		note(r, 0, "a compressed stream privmap cannot read (cut "
		    "short, broken, or a compression this libarchive lacks)");
		goto out;
	}
	chunk = xmalloc(ALOG_CHUNK);
	for (;;) {
		got = archive_read_data(a, chunk, ALOG_CHUNK);
		if (got == 0)
			break;
		if (got < 0) {
			if (got == ARCHIVE_WARN)
				continue;
			st->truncated = 1;
			note(r, 0, "the compressed stream is broken or cut "
			    "short: read up to there");
			break;
		}
		if (st->bytes + (uint64_t)got > ALOG_MAX_LOG_BYTES) {
			st->truncated = 1;
			note(r, 0, "log larger than privmap reads: the rest "
			    "was not read");
			break;
		}
		alog_feed(r, chunk, (size_t)got);
	}
out:
	free(chunk);
	archive_read_free(a);
}

/* one log from an fd, plain or compressed */
int
alog_read_fd(struct alog_reader *r, int fd, const char *name,
    struct alog_stats *st)
{
	char head[8];
	struct src s;
	ssize_t n, k;

	alog_begin(r, name, st);
	if ((n = read_full(fd, head, sizeof head)) < 0) {
		st->unreadable = 1;
		note(r, 0, "cannot read the log");
		return -1;
	}
	s.fd = fd;
	s.head = head;
	s.headlen = (size_t)n;
	s.buf = xmalloc(ALOG_CHUNK);
	if (compressed(head, (size_t)n)) {
		read_compressed(r, &s, st);
		free(s.buf);
		if (st->unreadable)
			return -1;
		alog_end(r);
		return 0;
	}
	/* plain text, as auditd writes it */
	alog_feed(r, head, (size_t)n);
	while ((k = read(fd, s.buf, ALOG_CHUNK)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			st->truncated = 1;
			note(r, 0, "read error: read up to there");
			break;
		}
		if (st->bytes + (uint64_t)k > ALOG_MAX_LOG_BYTES) {
			st->truncated = 1;
			note(r, 0, "log larger than privmap reads: the rest "
			    "was not read");
			break;
		}
		alog_feed(r, s.buf, (size_t)k);
	}
	free(s.buf);
	alog_end(r);
	return 0;
}

/* one log by its path, "-" for standard input */
int
alog_read_path(struct alog_reader *r, const char *path,
    struct alog_stats *st)
{
	struct stat sb;
	int fd, rv;

	if (strcmp(path, "-") == 0)
		return alog_read_fd(r, STDIN_FILENO, "(stdin)", st);
	/* a log a person names on this machine, not a target's file: a
	 * regular file, or a pipe (`privmap events <(zcat ...)`); opened
	 * without blocking, so a device or a FIFO with no writer yet is
	 * looked at before anything waits on it */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &sb) != 0 || (!S_ISREG(sb.st_mode) &&
	    !S_ISFIFO(sb.st_mode))) {
		int err = fd < 0 ? errno : (errno = 0, 0);

		alog_begin(r, path, st);
		st->unreadable = 1;
		note(r, 0, err == ENOENT ? "no such file" : err == EACCES ?
		    "permission denied (audit logs are root's: run with sudo)"
		    : fd >= 0 ? "not a regular file or a pipe" : "cannot open");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (S_ISFIFO(sb.st_mode)) {
		/* a pipe is read once its writer is there: opened again,
		 * blocking, and checked to be the same pipe */
		struct stat again;
		int fd2 = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

		close(fd);
		if (fd2 < 0 || fstat(fd2, &again) != 0 ||
		    again.st_dev != sb.st_dev || again.st_ino != sb.st_ino) {
			if (fd2 >= 0)
				close(fd2);
			alog_begin(r, path, st);
			st->unreadable = 1;
			note(r, 0, "the pipe changed or could not be opened");
			return -1;
		}
		fd = fd2;
	} else
		(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	rv = alog_read_fd(r, fd, path, st);
	close(fd);
	return rv;
}

/* ---- what an event did ------------------------------------------------ */

enum sc_class {
	SC_NONE, SC_EXEC, SC_OPEN, SC_CREAT, SC_WRITE, SC_TRUNC, SC_ATTR,
	SC_CONNECT, SC_SOCKETCALL, SC_CRED, SC_MODULE, SC_MOUNT, SC_NS,
	SC_CLONE,
};

/* syscall names as libaudit's tables spell them; the open flags'
 * argument index for SC_OPEN */
static const struct {
	const char	*name;
	enum sc_class	 cls;
	int		 flags_arg;
} sc_table[] = {
	{ "execve", SC_EXEC, -1 }, { "execveat", SC_EXEC, -1 },
	{ "open", SC_OPEN, 1 }, { "openat", SC_OPEN, 2 },
	{ "openat2", SC_OPEN, -1 }, { "open_by_handle_at", SC_OPEN, 2 },
	{ "creat", SC_CREAT, -1 },
	{ "truncate", SC_TRUNC, -1 }, { "truncate64", SC_TRUNC, -1 },
	{ "rename", SC_WRITE, -1 }, { "renameat", SC_WRITE, -1 },
	{ "renameat2", SC_WRITE, -1 }, { "unlink", SC_WRITE, -1 },
	{ "unlinkat", SC_WRITE, -1 }, { "rmdir", SC_WRITE, -1 },
	{ "mkdir", SC_WRITE, -1 }, { "mkdirat", SC_WRITE, -1 },
	{ "link", SC_WRITE, -1 }, { "linkat", SC_WRITE, -1 },
	{ "symlink", SC_WRITE, -1 }, { "symlinkat", SC_WRITE, -1 },
	{ "mknod", SC_WRITE, -1 }, { "mknodat", SC_WRITE, -1 },
	{ "chmod", SC_ATTR, -1 }, { "fchmod", SC_ATTR, -1 },
	{ "fchmodat", SC_ATTR, -1 }, { "fchmodat2", SC_ATTR, -1 },
	{ "chown", SC_ATTR, -1 }, { "lchown", SC_ATTR, -1 },
	{ "fchown", SC_ATTR, -1 }, { "fchownat", SC_ATTR, -1 },
	{ "chown32", SC_ATTR, -1 }, { "lchown32", SC_ATTR, -1 },
	{ "fchown32", SC_ATTR, -1 },
	{ "setxattr", SC_ATTR, -1 }, { "lsetxattr", SC_ATTR, -1 },
	{ "fsetxattr", SC_ATTR, -1 }, { "removexattr", SC_ATTR, -1 },
	{ "lremovexattr", SC_ATTR, -1 }, { "fremovexattr", SC_ATTR, -1 },
	{ "setxattrat", SC_ATTR, -1 }, { "removexattrat", SC_ATTR, -1 },
	{ "utime", SC_ATTR, -1 }, { "utimes", SC_ATTR, -1 },
	{ "utimensat", SC_ATTR, -1 }, { "futimesat", SC_ATTR, -1 },
	{ "connect", SC_CONNECT, -1 }, { "socketcall", SC_SOCKETCALL, -1 },
	{ "setuid", SC_CRED, -1 }, { "setreuid", SC_CRED, -1 },
	{ "setresuid", SC_CRED, -1 }, { "setgid", SC_CRED, -1 },
	{ "setregid", SC_CRED, -1 }, { "setresgid", SC_CRED, -1 },
	{ "setgroups", SC_CRED, -1 }, { "setfsuid", SC_CRED, -1 },
	{ "setfsgid", SC_CRED, -1 }, { "capset", SC_CRED, -1 },
	{ "setuid32", SC_CRED, -1 }, { "setreuid32", SC_CRED, -1 },
	{ "setresuid32", SC_CRED, -1 }, { "setgid32", SC_CRED, -1 },
	{ "setregid32", SC_CRED, -1 }, { "setresgid32", SC_CRED, -1 },
	{ "setgroups32", SC_CRED, -1 }, { "setfsuid32", SC_CRED, -1 },
	{ "setfsgid32", SC_CRED, -1 },
	{ "init_module", SC_MODULE, -1 }, { "finit_module", SC_MODULE, -1 },
	{ "delete_module", SC_MODULE, -1 },
	{ "mount", SC_MOUNT, -1 }, { "umount", SC_MOUNT, -1 },
	{ "umount2", SC_MOUNT, -1 }, { "fsmount", SC_MOUNT, -1 },
	{ "move_mount", SC_MOUNT, -1 }, { "open_tree", SC_MOUNT, -1 },
	{ "fsopen", SC_MOUNT, -1 }, { "fsconfig", SC_MOUNT, -1 },
	{ "mount_setattr", SC_MOUNT, -1 }, { "pivot_root", SC_MOUNT, -1 },
	{ "unshare", SC_NS, -1 }, { "setns", SC_NS, -1 },
	{ "clone", SC_CLONE, -1 },
	{ NULL, SC_NONE, -1 },
};

static const char *const act_names[ALOG_ACT_COUNT] = {
	"exec", "write", "attr", "read", "connect", "credentials", "module",
	"mount", "namespace", "other",
};

/* "exec", "write", ...: the names the outputs use */
const char *
alog_act_name(enum alog_act a)
{
	return (unsigned)a < ALOG_ACT_COUNT ? act_names[a] : "?";
}

static const char *
path_of(const struct alog_path *p)
{
	return p->abs ? p->abs : p->name;
}

/* the program an exec ran */
const char *
alog_exec_path(const struct alog_event *e)
{
	if (e->npaths > 0 && path_of(&e->paths[0]) != NULL &&
	    e->paths[0].nametype != ALOG_NT_PARENT)
		return path_of(&e->paths[0]);
	return e->exe;
}

static void
act_add(struct alog_action *out, size_t *n, size_t max, enum alog_act k,
    const char *path)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (out[i].kind == k && ((out[i].path == NULL &&
		    path == NULL) || (out[i].path && path &&
		    strcmp(out[i].path, path) == 0)))
			return;
	if (*n < max) {
		out[*n].kind = k;
		out[*n].path = path;
		(*n)++;
	}
}

/* the objects a call changed: created or removed names first, else the
 * names it acted on, else the directories it acted in */
static void
changed_paths(const struct alog_event *e, enum alog_act k,
    struct alog_action *out, size_t *n, size_t max)
{
	size_t i, before = *n;
	int pass;
	static const enum alog_nametype order[3][2] = {
		{ ALOG_NT_CREATE, ALOG_NT_DELETE },
		{ ALOG_NT_NORMAL, ALOG_NT_UNKNOWN },
		{ ALOG_NT_PARENT, ALOG_NT_PARENT },
	};

	for (pass = k == ALOG_ATTR ? 1 : 0; pass < 3 && *n == before; pass++)
		for (i = 0; i < e->npaths; i++)
			if ((e->paths[i].nametype == order[pass][0] ||
			    e->paths[i].nametype == order[pass][1]) &&
			    path_of(&e->paths[i]) != NULL)
				act_add(out, n, max, k, path_of(&e->paths[i]));
	if (*n == before)
		act_add(out, n, max, k, NULL);
}

/* does an open(2) with these flags write? O_WRONLY and O_RDWR are the
 * same on every Linux arch; O_CREAT, O_TRUNC and O_APPEND are the
 * asm-generic values (include/uapi/asm-generic/fcntl.h) on every arch
 * libaudit names but alpha (arch/alpha/include/uapi/asm/fcntl.h). */
static int
open_writes(const struct alog_event *e, int flags_arg)
{
	uint64_t f;
	size_t i;

	for (i = 0; i < e->npaths; i++)
		if (e->paths[i].nametype == ALOG_NT_CREATE ||
		    e->paths[i].nametype == ALOG_NT_DELETE)
			return 1;
	if (flags_arg < 0 || !e->has_a[flags_arg])
		return 0;
	f = e->a[flags_arg];
	if ((f & 3) != 0)
		return 1;
	if (e->machine >= 0 && e->machine != MACH_ALPHA &&
	    (f & (0100 | 01000)) != 0)	/* O_CREAT, O_TRUNC */
		return 1;
	return 0;
}

/* what an event did: the call's class, then the objects it named */
size_t
alog_actions(const struct alog_event *e, struct alog_action *out, size_t max)
{
	enum sc_class cls = SC_NONE;
	int flags_arg = -1;
	size_t i, n = 0;

	if (!e->has_syscall)
		return 0;
	for (i = 0; e->sc_name != NULL && sc_table[i].name != NULL; i++)
		if (strcmp(sc_table[i].name, e->sc_name) == 0) {
			cls = sc_table[i].cls;
			flags_arg = sc_table[i].flags_arg;
			break;
		}
	switch (cls) {
	case SC_EXEC:
		act_add(out, &n, max, ALOG_EXEC, alog_exec_path(e));
		break;
	case SC_OPEN:
		changed_paths(e, open_writes(e, flags_arg) ? ALOG_WRITE :
		    ALOG_READ, out, &n, max);
		break;
	case SC_CREAT:
	case SC_WRITE:
		changed_paths(e, ALOG_WRITE, out, &n, max);
		break;
	case SC_TRUNC:
		changed_paths(e, ALOG_WRITE, out, &n, max);
		break;
	case SC_ATTR:
		changed_paths(e, ALOG_ATTR, out, &n, max);
		break;
	case SC_SOCKETCALL:
		/* socketcall(2): call 3 is SYS_CONNECT (linux/net.h) */
		if (!e->has_a[0] || e->a[0] != 3) {
			act_add(out, &n, max, ALOG_OTHER, NULL);
			break;
		}
		/* FALLTHROUGH */
	case SC_CONNECT:
		act_add(out, &n, max, ALOG_CONNECT,
		    e->has_sockaddr && e->sa.family == AF_UNIX ?
		    e->sa.path : NULL);
		break;
	case SC_CRED:
		act_add(out, &n, max, ALOG_CRED, NULL);
		break;
	case SC_MODULE:
		act_add(out, &n, max, ALOG_MODULE, e->npaths ?
		    path_of(&e->paths[0]) : NULL);
		break;
	case SC_MOUNT:
		changed_paths(e, ALOG_MOUNT, out, &n, max);
		break;
	case SC_NS:
		act_add(out, &n, max, ALOG_NAMESPACE, NULL);
		break;
	case SC_CLONE:
		/* clone(2) flags are the first argument on every arch;
		 * CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET
		 * (linux/sched.h) */
		if (e->has_a[0] && (e->a[0] & 0x7e020000u) != 0) {
			act_add(out, &n, max, ALOG_NAMESPACE, NULL);
			break;
		}
		act_add(out, &n, max, ALOG_OTHER, NULL);
		break;
	case SC_NONE:
		for (i = 0; i < e->npaths; i++)
			if (path_of(&e->paths[i]) != NULL &&
			    e->paths[i].nametype != ALOG_NT_PARENT)
				break;
		act_add(out, &n, max, ALOG_OTHER, i < e->npaths ?
		    path_of(&e->paths[i]) : NULL);
		break;
	}
	return n;
}

char *
alog_event_print(const struct alog_event *e)
{
	static const char *const nt[] = { "unknown", "normal", "parent",
		"create", "delete" };
	struct buf b = { 0 };
	size_t i;

	buf_adds(&b, "event ");
	print_str(&b, e->file);
	buf_printf(&b, ":%lu %lld.%03u:%lu", e->line, (long long)e->sec,
	    e->milli, e->serial);
	if (e->node) {
		buf_adds(&b, " node ");
		print_str(&b, e->node);
	}
	buf_addc(&b, '\n');
	if (e->has_syscall) {
		buf_printf(&b, "syscall arch=%08x %ld ", (unsigned)e->arch,
		    e->syscall);
		print_str(&b, e->sc_name);
		buf_printf(&b, " success=%d exit=%lld", e->success,
		    (long long)e->exit);
		for (i = 0; i < 4; i++)
			if (e->has_a[i])
				buf_printf(&b, " a%zu=%llx", i,
				    (unsigned long long)e->a[i]);
		buf_printf(&b, " pid=%ld ppid=%ld items=%lu\n", e->pid,
		    e->ppid, e->items);
	}
	buf_adds(&b, "ids");
	if (e->has_uid)
		buf_printf(&b, " uid=%lu", e->uid);
	if (e->has_auid)
		buf_printf(&b, " auid=%lu", e->auid);
	if (e->has_euid)
		buf_printf(&b, " euid=%lu", e->euid);
	if (e->has_gid)
		buf_printf(&b, " gid=%lu", e->gid);
	buf_adds(&b, "\nexe ");
	print_str(&b, e->exe);
	buf_adds(&b, " comm ");
	print_str(&b, e->comm);
	buf_adds(&b, " cwd ");
	print_str(&b, e->cwd);
	buf_addc(&b, '\n');
	for (i = 0; i < e->nkeys; i++) {
		buf_adds(&b, "key ");
		print_str(&b, e->keys[i]);
		buf_addc(&b, '\n');
	}
	if (e->has_execve) {
		buf_printf(&b, "execve argc=%lu%s", e->argc_logged,
		    e->argv_truncated ? " truncated" : "");
		for (i = 0; i < e->argc; i++) {
			buf_addc(&b, ' ');
			print_str(&b, e->argv[i]);
		}
		buf_addc(&b, '\n');
	}
	for (i = 0; i < e->npaths; i++) {
		const struct alog_path *p = &e->paths[i];

		buf_printf(&b, "path %zu ", i);
		print_str(&b, p->name);
		buf_addc(&b, ' ');
		print_str(&b, p->abs);
		buf_printf(&b, " %s", p->nametype < sizeof nt / sizeof nt[0] ?
		    nt[p->nametype] : "?");
		if (p->has_mode)
			buf_printf(&b, " mode=%o", p->mode);
		if (p->has_ouid)
			buf_printf(&b, " ouid=%lu", p->ouid);
		if (p->cap_fp || p->cap_fi)
			buf_printf(&b, " cap_fp=%llx cap_fi=%llx",
			    (unsigned long long)p->cap_fp,
			    (unsigned long long)p->cap_fi);
		buf_addc(&b, '\n');
	}
	if (e->proctitle) {
		buf_adds(&b, "proctitle ");
		print_str(&b, e->proctitle);
		buf_addc(&b, '\n');
	}
	if (e->has_sockaddr) {
		buf_printf(&b, "sockaddr family=%d ", e->sa.family);
		print_str(&b, e->sa.path);
		buf_printf(&b, " %s:%u\n", e->sa.addr, e->sa.port);
	}
	return buf_str(&b);
}
