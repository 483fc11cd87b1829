/*
 * procstatus.c: parse /proc/PID/status text (procstatus.h). The layout is
 * proc(5) and fs/proc/array.c: "Key:<TAB>value", the id lines carrying
 * four decimal ids, Groups a space-separated list, the Cap* lines 16 hex
 * digits. A buffer is all it reads; it must never trust one field to size
 * another.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/lines.h"
#include "parse/procstatus.h"
#include "lib/num.h"
#include "lib/xmalloc.h"
#include "parse/print.h"
#include "lib/str.h"

/* next blank-separated token of [*p, end); 0 at the end */
static int
next_token(const char **p, const char *end, const char **tok, size_t *n)
{
	const char *s = *p;

	while (s < end && is_blank(*s))
		s++;
	if (s == end) {
		*p = s;
		return 0;
	}
	*tok = s;
	while (s < end && !is_blank(*s))
		s++;
	*n = (size_t)(s - *tok);
	*p = s;
	return 1;
}

static int
parse_hex64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 16)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d;
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		v = (v << 4) | d;
	}
	*out = v;
	return 0;
}

/* exactly one unsigned decimal, blanks around it allowed */
static int
parse_one(const char *v, size_t n, unsigned long max, unsigned long *out)
{
	const char *p = v, *end = v + n, *tok, *extra;
	size_t tn, en;

	if (!next_token(&p, end, &tok, &tn))
		return -1;
	if (next_token(&p, end, &extra, &en))
		return -1;
	/* the range test once more: a single digit above a max below 9
	 * must fail too */
	if (parse_ulong_n(tok, tn, max, out) == -1 || *out > max)
		return -1;
	return 0;
}

/* the four ids of a Uid: or Gid: line */
static int
parse_ids(const char *v, size_t n, unsigned out[4])
{
	const char *p = v, *end = v + n, *tok;
	unsigned long id;
	size_t tn;
	int i;

	for (i = 0; i < 4; i++) {
		if (!next_token(&p, end, &tok, &tn) ||
		    parse_ulong_n(tok, tn, 0xffffffffUL, &id) == -1)
			return -1;
		out[i] = (unsigned)id;
	}
	if (next_token(&p, end, &tok, &tn))
		return -1;
	return 0;
}

static int
parse_groups(const char *v, size_t n, struct procstatus *st)
{
	const char *p = v, *end = v + n, *tok;
	unsigned long id;
	size_t tn, cap = 0;

	while (next_token(&p, end, &tok, &tn)) {
		if (parse_ulong_n(tok, tn, 0xffffffffUL, &id) == -1)
			return -1;
		if (st->ngroups >= PS_MAX_GROUPS)
			return -1;
		if (st->ngroups == cap) {
			cap = cap ? cap * 2 : 16;
			st->groups = xreallocarray(st->groups, cap,
			    sizeof *st->groups);
		}
		st->groups[st->ngroups++] = (gid_t)id;
	}
	return 0;
}

static int
parse_cap(const char *v, size_t n, uint64_t *out)
{
	const char *p = v, *end = v + n, *tok, *extra;
	size_t tn, en;

	if (!next_token(&p, end, &tok, &tn) || next_token(&p, end, &extra,
	    &en))
		return -1;
	return parse_hex64(tok, tn, out);
}

struct field {
	const char	*key;
	unsigned	 bit;
};

static const struct field fields[] = {
	{ "Name", PS_NAME }, { "Pid", PS_PID }, { "PPid", PS_PPID },
	{ "Uid", PS_UID }, { "Gid", PS_GID }, { "Groups", PS_GROUPS },
	{ "CapInh", PS_CAPINH }, { "CapPrm", PS_CAPPRM },
	{ "CapEff", PS_CAPEFF }, { "CapBnd", PS_CAPBND },
	{ "CapAmb", PS_CAPAMB }, { "NoNewPrivs", PS_NNP },
	{ "Seccomp", PS_SECCOMP }, { NULL, 0 },
};

static int
parse_field(struct procstatus *st, unsigned bit, const char *v, size_t n,
    const char **why)
{
	unsigned long u;
	unsigned ids[4];
	int i;

	switch (bit) {
	case PS_NAME:
		/* the kernel escapes comm (seq_escape_str); a NUL here is not
		 * its doing */
		if (memchr(v, '\0', n)) {
			*why = "NUL byte in Name";
			return -1;
		}
		while (n && is_blank(*v)) {
			v++;
			n--;
		}
		if (n >= sizeof st->name)
			n = sizeof st->name - 1;
		memcpy(st->name, v, n);
		st->name[n] = '\0';
		return 0;
	case PS_PID:
	case PS_PPID:
		if (parse_one(v, n, 0x7fffffffUL, &u) == -1) {
			*why = "malformed Pid or PPid";
			return -1;
		}
		if (bit == PS_PID)
			st->pid = (pid_t)u;
		else
			st->ppid = (pid_t)u;
		return 0;
	case PS_UID:
	case PS_GID:
		if (parse_ids(v, n, ids) == -1) {
			*why = bit == PS_UID ? "malformed Uid" : "malformed Gid";
			return -1;
		}
		for (i = 0; i < 4; i++) {
			if (bit == PS_UID)
				st->uid[i] = (uid_t)ids[i];
			else
				st->gid[i] = (gid_t)ids[i];
		}
		return 0;
	case PS_GROUPS:
		if (parse_groups(v, n, st) == -1) {
			*why = "malformed Groups";
			return -1;
		}
		return 0;
	case PS_CAPINH:
	case PS_CAPPRM:
	case PS_CAPEFF:
	case PS_CAPBND:
	case PS_CAPAMB: {
		uint64_t *dst = bit == PS_CAPINH ? &st->cap_inh :
		    bit == PS_CAPPRM ? &st->cap_prm :
		    bit == PS_CAPEFF ? &st->cap_eff :
		    bit == PS_CAPBND ? &st->cap_bnd : &st->cap_amb;

		if (parse_cap(v, n, dst) == -1) {
			*why = "malformed capability set";
			return -1;
		}
		return 0;
	}
	case PS_NNP:
		if (parse_one(v, n, 1, &u) == -1) {
			*why = "malformed NoNewPrivs";
			return -1;
		}
		st->no_new_privs = (int)u;
		return 0;
	case PS_SECCOMP:
		/* SECCOMP_MODE_DISABLED 0, STRICT 1, FILTER 2 (seccomp(2)) */
		if (parse_one(v, n, 2, &u) == -1) {
			*why = "malformed Seccomp";
			return -1;
		}
		st->seccomp = (int)u;
		return 0;
	}
	return 0;
}

int
procstatus_parse(const char *buf, size_t len, struct procstatus *st,
    const char **why, unsigned *line)
{
	struct lines l;
	const char *s, *colon;
	size_t n, i;
	int r;

	memset(st, 0, sizeof *st);
	*line = 0;
	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		if (r == -1) {
			*why = "line too long";
			*line = l.lineno;
			return -1;
		}
		colon = memchr(s, ':', n);
		if (colon == NULL)
			continue;
		for (i = 0; fields[i].key; i++) {
			size_t kn = strlen(fields[i].key);

			if ((size_t)(colon - s) != kn ||
			    memcmp(s, fields[i].key, kn) != 0)
				continue;
			if (st->have & fields[i].bit)
				break;
			if (parse_field(st, fields[i].bit, colon + 1,
			    n - kn - 1, why) == -1) {
				*line = l.lineno;
				return -1;
			}
			st->have |= fields[i].bit;
			break;
		}
	}
	if (!(st->have & PS_UID)) {
		*why = "no Uid line";
		return -1;
	}
	if (!(st->have & PS_GID)) {
		*why = "no Gid line";
		return -1;
	}
	return 0;
}

void
procstatus_free(struct procstatus *st)
{
	if (st == NULL)
		return;
	free(st->groups);
	st->groups = NULL;
	st->ngroups = 0;
}

char *
procstatus_print(const struct procstatus *st)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
		size_t		 off;
	} caps[] = {
		{ PS_CAPINH, "capinh", offsetof(struct procstatus, cap_inh) },
		{ PS_CAPPRM, "capprm", offsetof(struct procstatus, cap_prm) },
		{ PS_CAPEFF, "capeff", offsetof(struct procstatus, cap_eff) },
		{ PS_CAPBND, "capbnd", offsetof(struct procstatus, cap_bnd) },
		{ PS_CAPAMB, "capamb", offsetof(struct procstatus, cap_amb) },
	};
	struct buf b = { 0 };
	size_t i;

	buf_adds(&b, "");
	if (st->have & PS_NAME) {
		buf_adds(&b, "name ");
		print_str(&b, st->name);
		buf_addc(&b, '\n');
	}
	if (st->have & PS_PID)
		buf_printf(&b, "pid %ld\n", (long)st->pid);
	if (st->have & PS_PPID)
		buf_printf(&b, "ppid %ld\n", (long)st->ppid);
	if (st->have & PS_UID)
		buf_printf(&b, "uid %lu %lu %lu %lu\n",
		    (unsigned long)st->uid[0], (unsigned long)st->uid[1],
		    (unsigned long)st->uid[2], (unsigned long)st->uid[3]);
	if (st->have & PS_GID)
		buf_printf(&b, "gid %lu %lu %lu %lu\n",
		    (unsigned long)st->gid[0], (unsigned long)st->gid[1],
		    (unsigned long)st->gid[2], (unsigned long)st->gid[3]);
	if (st->have & PS_GROUPS) {
		buf_adds(&b, "groups");
		for (i = 0; i < st->ngroups; i++)
			buf_printf(&b, " %lu", (unsigned long)st->groups[i]);
		buf_addc(&b, '\n');
	}
	for (i = 0; i < sizeof caps / sizeof caps[0]; i++)
		if (st->have & caps[i].bit) {
			uint64_t v;

			memcpy(&v, (const char *)st + caps[i].off, sizeof v);
			buf_printf(&b, "%s %016llx\n", caps[i].name,
			    (unsigned long long)v);
		}
	if (st->have & PS_NNP)
		buf_printf(&b, "no_new_privs %d\n", st->no_new_privs);
	if (st->have & PS_SECCOMP)
		buf_printf(&b, "seccomp %d\n", st->seccomp);
	return buf_str(&b);
}
