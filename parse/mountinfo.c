/*
 * mountinfo.c: parse /proc/PID/mountinfo text into a mount table
 * (mounts.h). Format, proc(5) and fs/proc_namespace.c show_mountinfo():
 *
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   (1)(2)(3)   (4)   (5)      (6)      (7)   (8) (9)   (10)        (11)
 *
 * single spaces between fields; root, mount point and source have space,
 * tab, newline and backslash written as \ooo octal (the kernel's mangle()
 * and seq_path() with " \t\n\\"); zero or more optional fields end at a
 * lone "-". Hostile text (a mount point holding "\012" to fake a line,
 * truncated lines, NULs) must give a skipped line, never a crash or a
 * mount that was not there.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/lines.h"
#include "parse/mounts.h"
#include "lib/num.h"
#include "lib/xmalloc.h"
#include "parse/print.h"

#define MI_MAX_FIELDS	512	/* optional fields are few; bound them */

char *
mounts_unescape(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && n - i >= 4 &&
		    s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			int c = (s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 +
			    (s[i + 3] - '0');

			if (c == 0)
				goto bad;
			*o++ = (char)c;
			i += 3;
			continue;
		}
		if (s[i] == '\0')
			goto bad;
		*o++ = s[i];
	}
	*o = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

int
mount_has_opt(const char *opts, const char *opt)
{
	size_t n = strlen(opt);
	const char *p = opts;

	if (opts == NULL)
		return 0;
	while (*p) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);

		if (len == n && memcmp(p, opt, n) == 0)
			return 1;
		if (c == NULL)
			break;
		p = c + 1;
	}
	return 0;
}

struct span {
	const char	*s;
	size_t		 n;
};

static int
parse_devno(const struct span *f, unsigned *major, unsigned *minor)
{
	const char *colon = memchr(f->s, ':', f->n);
	unsigned long a, b;

	if (colon == NULL)
		return -1;
	if (parse_ulong_n(f->s, (size_t)(colon - f->s), 0xffffffffUL, &a) ==
	    -1)
		return -1;
	if (parse_ulong_n(colon + 1, f->n - (size_t)(colon - f->s) - 1,
	    0xffffffffUL, &b) == -1)
		return -1;
	*major = (unsigned)a;
	*minor = (unsigned)b;
	return 0;
}

static void
mount_clear(struct mount *m)
{
	free(m->root);
	free(m->point);
	free(m->opts);
	free(m->optional);
	free(m->fstype);
	free(m->source);
	free(m->super);
	memset(m, 0, sizeof *m);
}

/* One line into *m; a static reason on failure (m cleared). */
static const char *
parse_line(const char *s, size_t n, struct mount *m)
{
	struct span f[MI_MAX_FIELDS];
	size_t nf = 0, i, sep = 0;
	const char *p = s, *end = s + n, *why = NULL;
	unsigned long u;
	struct buf opt = { 0 };

	memset(m, 0, sizeof *m);
	if (memchr(s, '\0', n))
		return "NUL byte in line";
	/* split on single spaces: an empty source is printed as two */
	while (p <= end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *e = sp ? sp : end;

		if (nf == MI_MAX_FIELDS)
			return "too many fields";
		f[nf].s = p;
		f[nf].n = (size_t)(e - p);
		nf++;
		if (sp == NULL)
			break;
		p = sp + 1;
	}
	for (i = 6; i < nf; i++)
		if (f[i].n == 1 && f[i].s[0] == '-') {
			sep = i;
			break;
		}
	if (nf < 10 || sep == 0)
		return "too few fields (truncated line?)";
	if (nf < sep + 3)
		return "too few fields after the separator";
	if (parse_ulong_n(f[0].s, f[0].n, 0xffffffffUL, &u) == -1)
		return "bad mount ID";
	m->id = (unsigned)u;
	if (parse_ulong_n(f[1].s, f[1].n, 0xffffffffUL, &u) == -1)
		return "bad parent ID";
	m->parent = (unsigned)u;
	if (parse_devno(&f[2], &m->major, &m->minor) == -1)
		return "bad major:minor";
	if (f[3].n == 0 || f[4].n == 0 || f[5].n == 0)
		return "empty root, mount point or options";
	if ((m->root = mounts_unescape(f[3].s, f[3].n)) == NULL ||
	    (m->point = mounts_unescape(f[4].s, f[4].n)) == NULL) {
		why = "escape decodes to a NUL byte";
		goto bad;
	}
	if (m->point[0] != '/') {
		why = "mount point is not absolute";
		goto bad;
	}
	m->opts = xstrndup(f[5].s, f[5].n);
	for (i = 6; i < sep; i++) {
		if (i > 6)
			buf_addc(&opt, ' ');
		buf_add(&opt, f[i].s, f[i].n);
	}
	m->optional = opt.data ? buf_str(&opt) : xstrdup("");
	opt.data = NULL;
	if (f[sep + 1].n == 0) {
		why = "empty filesystem type";
		goto bad;
	}
	m->fstype = xstrndup(f[sep + 1].s, f[sep + 1].n);
	if ((m->source = mounts_unescape(f[sep + 2].s, f[sep + 2].n)) ==
	    NULL) {
		why = "escape decodes to a NUL byte";
		goto bad;
	}
	/* super options: the rest of the line (one field, from the kernel) */
	if (sep + 3 < nf)
		m->super = xstrndup(f[sep + 3].s,
		    (size_t)(end - f[sep + 3].s));
	else
		m->super = xstrdup("");
	if (mount_has_opt(m->opts, "ro"))
		m->flags |= MNT_RO;
	if (mount_has_opt(m->opts, "nosuid"))
		m->flags |= MNT_NOSUID;
	if (mount_has_opt(m->opts, "nodev"))
		m->flags |= MNT_NODEV;
	if (mount_has_opt(m->opts, "noexec"))
		m->flags |= MNT_NOEXEC;
	if (mount_has_opt(m->super, "ro"))
		m->flags |= MNT_SB_RO;
	return NULL;
bad:
	buf_free(&opt);
	mount_clear(m);
	return why;
}

struct idx {
	unsigned	id;
	size_t		at;
};

static int
cmp_idx(const void *a, const void *b)
{
	const struct idx *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* index of the mount with this id (the first one, if ids repeat) */
static long
find_id(const struct idx *ids, size_t n, unsigned id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && ids[lo].id == id)
		return (long)ids[lo].at;
	return -1;
}

/* children lists, grouped by parent, each group in file order */
static void
build_index(struct mounts *mt)
{
	struct idx *ids;
	size_t i, *pos, *parent_of;

	free(mt->kids);
	free(mt->kid_start);
	free(mt->kid_count);
	mt->kids = xcalloc(mt->n + 1, sizeof *mt->kids);
	mt->kid_start = xcalloc(mt->n + 1, sizeof *mt->kid_start);
	mt->kid_count = xcalloc(mt->n + 1, sizeof *mt->kid_count);
	ids = xcalloc(mt->n + 1, sizeof *ids);
	parent_of = xcalloc(mt->n + 1, sizeof *parent_of);
	pos = xcalloc(mt->n + 1, sizeof *pos);
	for (i = 0; i < mt->n; i++) {
		ids[i].id = mt->m[i].id;
		ids[i].at = i;
	}
	if (mt->n > 1)
		qsort(ids, mt->n, sizeof *ids, cmp_idx);
	for (i = 0; i < mt->n; i++) {
		long p = find_id(ids, mt->n, mt->m[i].parent);

		/* a mount is no child of itself; an unknown parent means a
		 * root (its parent lies outside this process's root) */
		parent_of[i] = (p < 0 || (size_t)p == i) ? mt->n : (size_t)p;
		if (parent_of[i] < mt->n)
			mt->kid_count[parent_of[i]]++;
	}
	for (i = 1; i < mt->n; i++)
		mt->kid_start[i] = mt->kid_start[i - 1] + mt->kid_count[i - 1];
	for (i = 0; i < mt->n; i++) {
		size_t p = parent_of[i];

		if (p < mt->n)
			mt->kids[mt->kid_start[p] + pos[p]++] = i;
	}
	/* each group is in file order: i rose while filling */
	free(ids);
	free(parent_of);
	free(pos);
}

size_t
mounts_parse(const char *buf, size_t len, struct mounts *mt,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s;
	size_t n, kept = 0, cap = mt->n;
	int r;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		struct mount m;
		const char *why;

		if (r == -1) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		if (n == 0)
			continue;
		if ((why = parse_line(s, n, &m)) != NULL) {
			if (err)
				err(ctx, l.lineno, why);
			continue;
		}
		if (mt->n >= MOUNTS_MAX) {
			mount_clear(&m);
			if (err)
				err(ctx, l.lineno, "too many mounts");
			break;
		}
		m.line = l.lineno;
		if (mt->n == cap) {
			cap = cap ? cap * 2 : 64;
			mt->m = xreallocarray(mt->m, cap, sizeof *mt->m);
		}
		mt->m[mt->n++] = m;
		kept++;
	}
	build_index(mt);
	return kept;
}

void
mounts_free(struct mounts *mt)
{
	size_t i;

	if (mt == NULL)
		return;
	for (i = 0; i < mt->n; i++)
		mount_clear(&mt->m[i]);
	free(mt->m);
	free(mt->kids);
	free(mt->kid_start);
	free(mt->kid_count);
	memset(mt, 0, sizeof *mt);
}

char *
mounts_print(const struct mounts *mt)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
	} fl[] = {
		{ MNT_RO, "ro" }, { MNT_NOSUID, "nosuid" },
		{ MNT_NODEV, "nodev" }, { MNT_NOEXEC, "noexec" },
		{ MNT_SB_RO, "sb-ro" },
	};
	struct buf b = { 0 };
	size_t i, k;

	buf_adds(&b, "");
	for (i = 0; i < mt->n; i++) {
		const struct mount *m = &mt->m[i];
		const char *sep = "";

		buf_printf(&b, "%u %u %u %u:%u ", m->line, m->id, m->parent,
		    m->major, m->minor);
		print_str(&b, m->root);
		buf_addc(&b, ' ');
		print_str(&b, m->point);
		buf_addc(&b, ' ');
		print_str(&b, m->opts);
		buf_addc(&b, ' ');
		print_str(&b, m->optional);
		buf_addc(&b, ' ');
		print_str(&b, m->fstype);
		buf_addc(&b, ' ');
		print_str(&b, m->source);
		buf_addc(&b, ' ');
		print_str(&b, m->super);
		buf_addc(&b, ' ');
		for (k = 0; k < sizeof fl / sizeof fl[0]; k++)
			if (m->flags & fl[k].bit) {
				buf_printf(&b, "%s%s", sep, fl[k].name);
				sep = ",";
			}
		if (*sep == '\0')
			buf_addc(&b, '-');
		buf_addc(&b, '\n');
	}
	return buf_str(&b);
}
