/*
 * passwd.c: parsers of the target's etc/passwd and etc/group (passwd(5),
 * group(5)), and lookups in what they hold. Takes buffers, so tests and
 * fuzzers feed it directly. A malformed line is reported and skipped;
 * NIS "+"/"-" compat lines are skipped quietly (they name no local user).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bounds.h"
#include "parse/passwd.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/num.h"
#include "lib/xmalloc.h"
#include "parse/print.h"

/* Split s[0..n) on ':' into at most max fields; returns the count. */
static size_t
split_colon(const char *s, size_t n, const char **f, size_t *fl, size_t max)
{
	size_t k = 0, i, start = 0;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == ':') {
			if (k == max)
				return max + 1;
			f[k] = s + start;
			fl[k] = i - start;
			k++;
			start = i + 1;
		}
	}
	return k;
}

static int
line_skippable(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	return i == n || s[i] == '#' || s[0] == '+' || s[0] == '-';
}

size_t
passwd_parse(const char *buf, size_t len, struct userdb *db,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s;
	size_t n, kept = 0;
	int r;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		const char *f[7];
		size_t fl[7];
		unsigned long uid, gid;
		struct pwent *pw;

		if (r < 0) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		if (line_skippable(s, n))
			continue;
		if (memchr(s, '\0', n) != NULL) {
			if (err)
				err(ctx, l.lineno, "NUL byte in line");
			continue;
		}
		if (split_colon(s, n, f, fl, 7) != 7) {
			if (err)
				err(ctx, l.lineno, "not 7 colon-separated fields");
			continue;
		}
		if (fl[0] == 0) {
			if (err)
				err(ctx, l.lineno, "empty user name");
			continue;
		}
		if (parse_ulong_n(f[2], fl[2], 4294967294UL, &uid) == -1 ||
		    parse_ulong_n(f[3], fl[3], 4294967294UL, &gid) == -1) {
			if (err)
				err(ctx, l.lineno, "uid or gid is not a number");
			continue;
		}
		if (db->nusers >= MAX_USERS) {
			if (err)
				err(ctx, l.lineno, "too many users; rest ignored");
			break;
		}
		db->users = xreallocarray(db->users, db->nusers + 1,
		    sizeof *db->users);
		pw = &db->users[db->nusers++];
		pw->name = xstrndup(f[0], fl[0]);
		pw->uid = (uid_t)uid;
		pw->gid = (gid_t)gid;
		pw->home = xstrndup(f[5], fl[5]);
		pw->shell = xstrndup(f[6], fl[6]);
		kept++;
	}
	return kept;
}

size_t
group_parse(const char *buf, size_t len, struct userdb *db,
    parse_err_fn err, void *ctx)
{
	struct lines l;
	const char *s;
	size_t n, kept = 0;
	int r;

	lines_init(&l, buf, len);
	while ((r = lines_next(&l, &s, &n)) != 0) {
		const char *f[4];
		size_t fl[4], i, start;
		unsigned long gid;
		struct grent *gr;

		if (r < 0) {
			if (err)
				err(ctx, l.lineno, "line too long");
			continue;
		}
		if (line_skippable(s, n))
			continue;
		if (memchr(s, '\0', n) != NULL) {
			if (err)
				err(ctx, l.lineno, "NUL byte in line");
			continue;
		}
		if (split_colon(s, n, f, fl, 4) != 4) {
			if (err)
				err(ctx, l.lineno, "not 4 colon-separated fields");
			continue;
		}
		if (fl[0] == 0 ||
		    parse_ulong_n(f[2], fl[2], 4294967294UL, &gid) == -1) {
			if (err)
				err(ctx, l.lineno, "empty name or bad gid");
			continue;
		}
		if (db->ngroups >= MAX_USERS) {
			if (err)
				err(ctx, l.lineno, "too many groups; rest ignored");
			break;
		}
		db->groups = xreallocarray(db->groups, db->ngroups + 1,
		    sizeof *db->groups);
		gr = &db->groups[db->ngroups++];
		gr->name = xstrndup(f[0], fl[0]);
		gr->gid = (gid_t)gid;
		gr->members = NULL;
		gr->nmembers = 0;
		for (i = 0, start = 0; i <= fl[3]; i++) {
			if (i < fl[3] && f[3][i] != ',')
				continue;
			if (i > start && gr->nmembers < MAX_GROUP_MEMBERS) {
				const char *m = f[3] + start;
				size_t ml = i - start;

				/* members may carry blanks in hand-edited files */
				while (ml && (*m == ' ' || *m == '\t'))
					m++, ml--;
				while (ml && (m[ml - 1] == ' ' ||
				    m[ml - 1] == '\t'))
					ml--;
				if (ml) {
					gr->members = xreallocarray(gr->members,
					    gr->nmembers + 1,
					    sizeof *gr->members);
					gr->members[gr->nmembers++] =
					    xstrndup(m, ml);
				}
			}
			start = i + 1;
		}
		kept++;
	}
	return kept;
}

void
userdb_free(struct userdb *db)
{
	size_t i, j;

	if (db == NULL)
		return;
	for (i = 0; i < db->nusers; i++) {
		free(db->users[i].name);
		free(db->users[i].home);
		free(db->users[i].shell);
	}
	for (i = 0; i < db->ngroups; i++) {
		free(db->groups[i].name);
		for (j = 0; j < db->groups[i].nmembers; j++)
			free(db->groups[i].members[j]);
		free(db->groups[i].members);
	}
	free(db->users);
	free(db->groups);
	memset(db, 0, sizeof *db);
}

/* The first entry wins, as getpwnam(3) over files does. */
const struct pwent *
userdb_user_by_name(const struct userdb *db, const char *name)
{
	size_t i;

	for (i = 0; i < db->nusers; i++)
		if (strcmp(db->users[i].name, name) == 0)
			return &db->users[i];
	return NULL;
}

const struct pwent *
userdb_user_by_uid(const struct userdb *db, uid_t uid)
{
	size_t i;

	for (i = 0; i < db->nusers; i++)
		if (db->users[i].uid == uid)
			return &db->users[i];
	return NULL;
}

const struct grent *
userdb_group_by_name(const struct userdb *db, const char *name)
{
	size_t i;

	for (i = 0; i < db->ngroups; i++)
		if (strcmp(db->groups[i].name, name) == 0)
			return &db->groups[i];
	return NULL;
}

const struct grent *
userdb_group_by_gid(const struct userdb *db, gid_t gid)
{
	size_t i;

	for (i = 0; i < db->ngroups; i++)
		if (db->groups[i].gid == gid)
			return &db->groups[i];
	return NULL;
}

char *
userdb_print(const struct userdb *db)
{
	struct buf b = { 0 };
	size_t i, j;

	buf_adds(&b, "");
	for (i = 0; i < db->nusers; i++) {
		const struct pwent *u = &db->users[i];

		buf_adds(&b, "user ");
		print_str(&b, u->name);
		buf_printf(&b, " %lu %lu ", (unsigned long)u->uid,
		    (unsigned long)u->gid);
		print_str(&b, u->home);
		buf_addc(&b, ' ');
		print_str(&b, u->shell);
		buf_addc(&b, '\n');
	}
	for (i = 0; i < db->ngroups; i++) {
		const struct grent *g = &db->groups[i];

		buf_adds(&b, "group ");
		print_str(&b, g->name);
		buf_printf(&b, " %lu", (unsigned long)g->gid);
		for (j = 0; j < g->nmembers; j++) {
			buf_addc(&b, ' ');
			print_str(&b, g->members[j]);
		}
		buf_addc(&b, '\n');
	}
	return buf_str(&b);
}
