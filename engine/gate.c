/*
 * gate.c: the CI gate (gate.h): the ignore-file parser (the format is
 * docs/ignore-format.md), baseline reading, and the verdict on a report.
 * It reads only files named on the command line, bounded; it never reads
 * the scanned target and never changes the report's findings.
 */
#include <sys/stat.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/bounds.h"
#include "engine/gate.h"
#include "engine/graph.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/num.h"
#include "lib/strmap.h"
#include "lib/xmalloc.h"
#include "lib/str.h"

/* --- the ignore file ---------------------------------------------------- */

static int
id_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 256)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && strchr("._:-", *s) == NULL)
			return 0;
	return 1;
}

static int
glob_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 4096)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f)
			return 0;
	return 1;
}

#define MAX_STARS	16

static size_t
count_stars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (*s == '*' || *s == '?' || *s == '[')
			n++;
	return n;
}

/* YYYY-MM-DD of the proleptic Gregorian calendar -> YYYYMMDD; 0 if bad */
static unsigned
parse_date(const char *s)
{
	static const unsigned mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };
	unsigned long y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    parse_ulong_n(s, 4, 9999, &y) == -1 ||
	    parse_ulong_n(s + 5, 2, 12, &m) == -1 ||
	    parse_ulong_n(s + 8, 2, 31, &d) == -1 ||
	    y < 1970 || m < 1 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return 0;
	return (unsigned)(y * 10000 + m * 100 + d);
}

static void
rule_free(struct ignore_rule *r)
{
	free(r->id);
	free(r->check);
	free(r->glob);
	free(r->reason);
	memset(r, 0, sizeof *r);
}

/* One line: 0 and *r filled, or -1 with *why. */
static int
parse_rule(const char *s, size_t n, struct ignore_rule *r, const char **why)
{
	const char *end = s + n, *p = s;
	int have_reason = 0;

	memset(r, 0, sizeof *r);
	while (p < end) {
		struct buf tok = { NULL, 0, 0 };
		const char *eq;
		char *key, *val;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		/* a token: up to blank space that no backslash escapes */
		while (p < end && *p != ' ' && *p != '\t') {
			if (*p == '\\' && p + 1 < end) {
				buf_add(&tok, p, 2);
				p += 2;
				continue;
			}
			buf_addc(&tok, *p++);
		}
		buf_str(&tok);
		if (strcmp(tok.data, "--") == 0) {
			const char *q = end;

			buf_free(&tok);
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
				q--;
			if (q == p) {
				*why = "empty reason after --";
				goto bad;
			}
			r->reason = xstrndup(p, (size_t)(q - p));
			have_reason = 1;
			break;
		}
		eq = strchr(tok.data, '=');
		if (eq == NULL || eq == tok.data) {
			buf_free(&tok);
			*why = "expected KEY=VALUE (id=, check=, path=, "
			    "expires=) or -- REASON";
			goto bad;
		}
		key = xstrndup(tok.data, (size_t)(eq - tok.data));
		val = xstrdup(eq + 1);
		buf_free(&tok);
		if (strcmp(key, "id") == 0) {
			if (r->id) {
				*why = "id= given twice";
			} else if (!id_ok(val)) {
				*why = "id= is not a finding id";
			} else {
				r->id = val;
				val = NULL;
			}
		} else if (strcmp(key, "check") == 0) {
			if (r->check) {
				*why = "check= given twice";
			} else if (!id_ok(val)) {
				*why = "check= is not a check name";
			} else {
				r->check = val;
				val = NULL;
			}
		} else if (strcmp(key, "path") == 0) {
			if (r->glob) {
				*why = "path= given twice";
			} else if (!glob_ok(val)) {
				*why = "path= is empty or holds control "
				    "characters";
			} else if (count_stars(val) > MAX_STARS) {
				/* fnmatch backtracks on each star */
				*why = "path= has more than 16 wildcards";
			} else {
				r->glob = val;
				val = NULL;
			}
		} else if (strcmp(key, "expires") == 0) {
			if (r->expires) {
				*why = "expires= given twice";
			} else if ((r->expires = parse_date(val)) == 0) {
				*why = "expires= is not a date YYYY-MM-DD";
			} else {
				free(val);
				val = NULL;
			}
		} else
			*why = "unknown key (expected id=, check=, path=, "
			    "expires=)";
		free(key);
		if (val != NULL) {
			free(val);
			goto bad;
		}
	}
	if (r->id && (r->check || r->glob)) {
		*why = "id= cannot be combined with check= or path=";
		goto bad;
	}
	if (!r->id && !(r->check && r->glob)) {
		*why = r->check ? "check= needs path= (use path=* for every "
		    "path)" : r->glob ? "path= needs check=" :
		    "no id= or check= with path=";
		goto bad;
	}
	if (!have_reason) {
		*why = "a reason is mandatory: end the line with -- REASON";
		goto bad;
	}
	return 0;
bad:
	rule_free(r);
	return -1;
}

size_t
gate_ignore_parse(const char *buf, size_t len, struct ignore_list *l,
    gate_err_fn err, void *ctx)
{
	struct lines ls;
	const char *s;
	size_t n, bad = 0;
	int r;

	lines_init(&ls, buf, len);
	while ((r = lines_next(&ls, &s, &n)) != 0) {
		struct ignore_rule rule;
		const char *why = NULL;
		size_t i;

		if (r < 0) {
			bad++;
			if (err)
				err(ctx, ls.lineno, "line too long");
			continue;
		}
		for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
			;
		if (i == n || s[i] == '#')
			continue;
		if (memchr(s, '\0', n) != NULL) {
			bad++;
			if (err)
				err(ctx, ls.lineno, "NUL byte in line");
			continue;
		}
		if (l->n >= GATE_MAX_RULES) {
			bad++;
			if (err)
				err(ctx, ls.lineno, "more entries than the "
				    "limit");
			continue;
		}
		if (parse_rule(s + i, n - i, &rule, &why) == -1) {
			bad++;
			if (err)
				err(ctx, ls.lineno, why);
			continue;
		}
		rule.line = ls.lineno;
		/* doubled at each power of two (the list only grows here):
		 * growing by one is quadratic where realloc has to move */
		if ((l->n & (l->n - 1)) == 0)
			l->v = xreallocarray(l->v, l->n ? 2 * l->n : 1,
			    sizeof *l->v);
		l->v[l->n++] = rule;
	}
	return bad;
}

void
ignore_list_free(struct ignore_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		rule_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

char *
gate_rule_str(const struct ignore_rule *r)
{
	struct buf b = { NULL, 0, 0 };

	if (r->id)
		buf_printf(&b, "id=%s", r->id);
	else
		buf_printf(&b, "check=%s path=%s", r->check, r->glob);
	if (r->expires)
		buf_printf(&b, " expires=%04u-%02u-%02u", r->expires / 10000,
		    r->expires / 100 % 100, r->expires % 100);
	buf_printf(&b, " -- %s", r->reason);
	return buf_str(&b);
}

/* A whole file of the scanning machine, bounded. */
static int
read_host_file(const char *file, char **out, size_t *lenp, const char **why)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int fd;

	fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1) {
		*why = "cannot open";
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		goto fail;
	}
	if ((unsigned long long)st.st_size > GATE_MAX_FILE_BYTES) {
		*why = "larger than the 64 MiB limit";
		goto fail;
	}
	buf = xmalloc((size_t)st.st_size + 2);
	for (;;) {
		ssize_t r = read(fd, buf + len, (size_t)st.st_size + 1 - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*why = "cannot read";
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > (size_t)st.st_size) {
			*why = "changed while read";
			goto fail;
		}
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	*lenp = len;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

long
gate_ignore_load(const char *file, struct ignore_list *l, gate_err_fn err,
    void *ctx, const char **why)
{
	char *buf;
	size_t len, bad;

	if (read_host_file(file, &buf, &len, why) == -1)
		return -1;
	bad = gate_ignore_parse(buf, len, l, err, ctx);
	free(buf);
	return (long)bad;
}

/* --- the baseline ------------------------------------------------------- */

static int
cmp_item(const void *a, const void *b)
{
	return strcmp(((const struct baseline_item *)a)->id,
	    ((const struct baseline_item *)b)->id);
}

static char *
opt_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? xstrdup(s) : NULL;
}

int
gate_baseline_from_json(json_t *j, struct baseline *b, const char **why)
{
	json_t *arr, *f, *schema;
	size_t i, k;

	b->v = NULL;
	b->n = 0;
	if (!json_is_object(j)) {
		*why = "not a privmap report (not a JSON object)";
		return -1;
	}
	schema = json_object_get(j, "schema");
	if (!json_is_string(schema) || strncmp(json_string_value(schema),
	    "privmap.report/", 15) != 0) {
		*why = "not a privmap report (no privmap.report schema)";
		return -1;
	}
	arr = json_object_get(j, "findings");
	if (!json_is_array(arr)) {
		*why = "the report has no findings array";
		return -1;
	}
	/* a saved report is untrusted: the contract first (report-check.c) */
	if (report_validate(j, why) == -1)
		return -1;
	b->v = xcalloc(json_array_size(arr), sizeof *b->v);
	json_array_foreach(arr, i, f) {
		const char *id = json_string_value(json_object_get(f, "id"));
		struct baseline_item *it;
		const char *sev;

		if (id == NULL || *id == '\0') {
			baseline_free(b);
			*why = "a finding of the report has no id";
			return -1;
		}
		it = &b->v[b->n++];
		it->id = xstrdup(id);
		it->check = opt_str(f, "check");
		it->path = opt_str(f, "path");
		it->title = opt_str(f, "title");
		sev = json_string_value(json_object_get(f, "severity"));
		it->sev = sev ? severity_parse(sev) : -1;
	}
	if (b->n > 1)
		qsort(b->v, b->n, sizeof *b->v, cmp_item);
	/* the same id twice (a hand-merged baseline): keep one */
	for (i = k = 0; i < b->n; i++) {
		if (k && strcmp(b->v[k - 1].id, b->v[i].id) == 0) {
			free(b->v[i].id);
			free(b->v[i].check);
			free(b->v[i].path);
			free(b->v[i].title);
			continue;
		}
		b->v[k++] = b->v[i];
	}
	b->n = k;
	return 0;
}

int
gate_baseline_load(const char *file, struct baseline *b, const char **why)
{
	json_error_t jerr;
	json_t *j;
	char *buf;
	size_t len;
	int r;

	b->v = NULL;
	b->n = 0;
	if (read_host_file(file, &buf, &len, why) == -1)
		return -1;
	j = json_loadb(buf, len, 0, &jerr);
	free(buf);
	if (j == NULL) {
		*why = "not JSON";
		return -1;
	}
	r = gate_baseline_from_json(j, b, why);
	json_decref(j);
	return r;
}

void
baseline_free(struct baseline *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++) {
		free(b->v[i].id);
		free(b->v[i].check);
		free(b->v[i].path);
		free(b->v[i].title);
	}
	free(b->v);
	b->v = NULL;
	b->n = 0;
}

static const struct baseline_item *
baseline_find(const struct baseline *b, const char *id)
{
	struct baseline_item key;

	if (b == NULL || b->n == 0 || id == NULL)
		return NULL;
	key.id = (char *)id;
	return bsearch(&key, b->v, b->n, sizeof *b->v, cmp_item);
}

/* new, unchanged or updated against the baseline (gate.h) */
int
gate_baseline_state(const struct baseline *b, const struct finding *f)
{
	const struct baseline_item *it = baseline_find(b, f->id);

	if (it == NULL)
		return BASE_NEW;
	if (it->sev >= 0 && it->sev != (int)f->sev)
		return BASE_UPDATED;
	return BASE_UNCHANGED;
}

/* --- the verdict -------------------------------------------------------- */

/* the verdict written onto the findings (gate.h) */
void
gate_mark(struct report *rep, const struct gate_result *res,
    const struct baseline *base)
{
	size_t i;

	for (i = 0; i < rep->nfindings && i < res->nfindings; i++) {
		struct finding *f = rep->findings[i];

		f->gate = res->state[i];
		if (f->gate == GATE_IGNORED && res->rule[i] &&
		    res->rule[i]->reason)
			f->suppressed = xstrdup(res->rule[i]->reason);
		if (base)
			f->baseline = gate_baseline_state(base, f);
	}
}

unsigned
gate_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL)
		return 0;
	return (unsigned)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday);
}

/*
 * fnmatch(3) with FNM_PATHNAME, and two forms of ours: "*" alone is every
 * path, and PATTERN followed by a slash and two stars is whatever PATTERN
 * matches and everything below it.
 */
static int
glob_match(const char *glob, const char *path)
{
	size_t n = strlen(glob);
	char *pre, *cut;
	int r = 0;

	if (strcmp(glob, "*") == 0)
		return 1;
	if (n < 3 || strcmp(glob + n - 3, "/**") != 0)
		return fnmatch(glob, path, FNM_PATHNAME) == 0;
	pre = xstrndup(glob, n - 3);
	if (*pre == '\0')
		r = *path == '/';		/* every absolute path */
	else if (fnmatch(pre, path, FNM_PATHNAME) == 0)
		r = 1;
	else {
		char *p = xstrdup(path);

		for (cut = p + 1; !r && (cut = strchr(cut, '/')) != NULL;
		    cut++) {
			*cut = '\0';
			r = fnmatch(pre, p, FNM_PATHNAME) == 0;
			*cut = '/';
		}
		free(p);
	}
	free(pre);
	return r;
}

static int
rule_matches(const struct ignore_rule *r, const struct finding *f)
{
	if (r->id)
		return f->id && strcmp(r->id, f->id) == 0;
	if (f->check == NULL || strcmp(r->check, f->check) != 0)
		return 0;
	return f->path && glob_match(r->glob, f->path);
}

/*
 * The live entries indexed, so that a finding costs a few look-ups, not
 * a test of every entry: ids; check with a literal path (no wildcard or
 * backslash, which fnmatch would read); check with a literal PATTERN
 * followed by a slash and two stars (glob_match's form, looked up at the
 * path and at each of its ancestors); the rest, tested in file order.
 * Keys are CHECK, a NUL, then the path. Each map gives the first entry
 * (in file order) with its key, as the scan it replaces did.
 */
struct ign_index {
	struct strmap	  id, lit, tree;
	size_t		 *other;
	size_t		  nother;
	char		**keys;		/* owned keys of lit and tree */
	size_t		  nkeys;
};

static int
literal(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr("*?[\\", s[i]) != NULL)
			return 0;
	return 1;
}

static void
ign_index_build(struct ign_index *x, const struct ignore_list *ign,
    unsigned today)
{
	size_t k;

	memset(x, 0, sizeof *x);
	if (ign == NULL || ign->n == 0)
		return;
	x->other = xcalloc(ign->n, sizeof *x->other);
	x->keys = xcalloc(ign->n, sizeof *x->keys);
	for (k = 0; k < ign->n; k++) {
		const struct ignore_rule *r = &ign->v[k];
		size_t cl, gl;
		int tree;
		char *key;

		if (r->expires && today > r->expires)
			continue;
		if (r->id) {
			strmap_adds(&x->id, r->id, k, NULL);
			continue;
		}
		gl = strlen(r->glob);
		tree = gl >= 3 && strcmp(r->glob + gl - 3, "/**") == 0;
		if (tree)
			gl -= 3;
		/* a slash and two stars alone is every absolute path */
		if (!literal(r->glob, gl) || gl == 0) {
			x->other[x->nother++] = k;
			continue;
		}
		cl = strlen(r->check);
		key = xmalloc(cl + 1 + gl);
		memcpy(key, r->check, cl + 1);
		memcpy(key + cl + 1, r->glob, gl);
		x->keys[x->nkeys++] = key;
		strmap_add(tree ? &x->tree : &x->lit, key, cl + 1 + gl, k, NULL);
	}
}

static void
ign_index_free(struct ign_index *x)
{
	size_t i;

	for (i = 0; i < x->nkeys; i++)
		free(x->keys[i]);
	free(x->keys);
	free(x->other);
	strmap_free(&x->id);
	strmap_free(&x->lit);
	strmap_free(&x->tree);
}

static void
keep_first(const struct strmap *m, const char *key, size_t len, size_t *best)
{
	size_t k;

	if (strmap_get(m, key, len, &k) && k < *best)
		*best = k;
}

/* The first live entry accepting f, or NULL. */
static struct ignore_rule *
ign_index_find(const struct ign_index *x, struct ignore_list *ign,
    const struct finding *f)
{
	size_t best = (size_t)-1, i;

	if (ign == NULL || ign->n == 0)
		return NULL;
	if (f->id)
		keep_first(&x->id, f->id, strlen(f->id), &best);
	if (f->check && f->path) {
		struct buf key = { NULL, 0, 0 };
		size_t cl = strlen(f->check) + 1, pl = strlen(f->path);

		buf_add(&key, f->check, cl);
		buf_add(&key, f->path, pl);
		keep_first(&x->lit, key.data, cl + pl, &best);
		keep_first(&x->tree, key.data, cl + pl, &best);
		for (i = 1; i < pl; i++)
			if (f->path[i] == '/')
				keep_first(&x->tree, key.data, cl + i, &best);
		buf_free(&key);
	}
	for (i = 0; i < x->nother && x->other[i] < best; i++)
		if (rule_matches(&ign->v[x->other[i]], f)) {
			best = x->other[i];
			break;
		}
	return best == (size_t)-1 ? NULL : &ign->v[best];
}

void
gate_apply(const struct report *rep, const struct baseline *base,
    struct ignore_list *ign, int fail_on, unsigned today,
    struct gate_result *g)
{
	struct ign_index x;
	char **ids;
	size_t i, k;

	memset(g, 0, sizeof *g);
	g->fail_on = fail_on;
	g->nfindings = rep->nfindings;
	g->state = xcalloc(rep->nfindings, sizeof *g->state);
	g->rule = xcalloc(rep->nfindings, sizeof *g->rule);
	if (ign)
		for (k = 0; k < ign->n; k++)
			ign->v[k].used = 0;
	ign_index_build(&x, ign, today);
	for (i = 0; i < rep->nfindings; i++) {
		const struct finding *f = rep->findings[i];
		struct ignore_rule *r = ign_index_find(&x, ign, f);

		g->state[i] = GATE_NEW;
		if (r != NULL) {
			r->used++;
			g->state[i] = GATE_IGNORED;
			g->rule[i] = r;
		}
		if (g->state[i] == GATE_NEW && baseline_find(base, f->id))
			g->state[i] = GATE_BASELINE;
		switch (g->state[i]) {
		case GATE_NEW:
			g->n_new++;
			if ((int)f->sev >= fail_on)
				g->counted++;
			break;
		case GATE_BASELINE:
			g->n_baseline++;
			break;
		case GATE_IGNORED:
			g->n_ignored++;
			break;
		}
	}
	/* fixed: baseline ids the report no longer has */
	ids = xcalloc(rep->nfindings, sizeof *ids);
	for (i = 0; i < rep->nfindings; i++)
		ids[i] = rep->findings[i]->id ? rep->findings[i]->id : "";
	if (rep->nfindings > 1)
		qsort(ids, rep->nfindings, sizeof *ids, cmp_strp);
	if (base && base->n > 0)
		g->fixed = xcalloc(base->n, sizeof *g->fixed);
	for (k = 0; base && k < base->n; k++) {
		const char *id = base->v[k].id;

		if (bsearch(&id, ids, rep->nfindings, sizeof *ids,
		    cmp_strp) != NULL)
			continue;
		g->fixed[g->nfixed++] = &base->v[k];
	}
	free(ids);
	ign_index_free(&x);
	if (ign && ign->n > 0) {
		g->expired = xcalloc(ign->n, sizeof *g->expired);
		g->unused = xcalloc(ign->n, sizeof *g->unused);
	}
	for (k = 0; ign && k < ign->n; k++) {
		const struct ignore_rule *r = &ign->v[k];

		if (r->expires && today > r->expires)
			g->expired[g->nexpired++] = r;
		else if (r->used == 0)
			g->unused[g->nunused++] = r;
	}
}

void
gate_result_free(struct gate_result *g)
{
	if (g == NULL)
		return;
	free(g->state);
	free(g->rule);
	free(g->fixed);
	free(g->expired);
	free(g->unused);
	memset(g, 0, sizeof *g);
}

static json_t *
rule_json(const struct ignore_rule *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "line", json_integer(r->line));
	if (r->id)
		json_object_set_new(o, "id", json_string(r->id));
	else {
		json_object_set_new(o, "check", json_string(r->check));
		json_object_set_new(o, "path", json_string(r->glob));
	}
	if (r->expires) {
		char d[16];

		snprintf(d, sizeof d, "%04u-%02u-%02u", r->expires / 10000,
		    r->expires / 100 % 100, r->expires % 100);
		json_object_set_new(o, "expires", json_string(d));
	}
	json_object_set_new(o, "reason", json_string(r->reason));
	return o;
}

static json_t *
nstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *
gate_result_json(const struct gate_result *g, const struct report *rep)
{
	json_t *o = json_object(), *nw = json_array(), *bl = json_array(),
	    *ig = json_array(), *fx = json_array(), *ex = json_array(),
	    *un = json_array();
	size_t i;

	for (i = 0; i < g->nfindings && i < rep->nfindings; i++) {
		const struct finding *f = rep->findings[i];

		if (g->state[i] == GATE_NEW)
			json_array_append_new(nw, nstr(f->id));
		else if (g->state[i] == GATE_BASELINE)
			json_array_append_new(bl, nstr(f->id));
		else {
			json_t *r = rule_json(g->rule[i]);

			json_object_set_new(r, "finding", nstr(f->id));
			json_array_append_new(ig, r);
		}
	}
	for (i = 0; i < g->nfixed; i++) {
		const struct baseline_item *b = g->fixed[i];

		json_array_append_new(fx, json_pack("{s:s, s:o, s:o, s:o, s:o}",
		    "id", b->id, "check", nstr(b->check), "path",
		    nstr(b->path), "title", nstr(b->title), "severity",
		    b->sev >= 0 ? json_string(severity_name(b->sev)) :
		    json_null()));
	}
	for (i = 0; i < g->nexpired; i++)
		json_array_append_new(ex, rule_json(g->expired[i]));
	for (i = 0; i < g->nunused; i++)
		json_array_append_new(un, rule_json(g->unused[i]));
	json_object_set_new(o, "fail_on", json_string(g->fail_on >= SEV_COUNT ?
	    "none" : severity_name(g->fail_on)));
	json_object_set_new(o, "failed", json_boolean(g->counted > 0));
	json_object_set_new(o, "counted", json_integer((json_int_t)g->counted));
	json_object_set_new(o, "new", nw);
	json_object_set_new(o, "baselined", bl);
	json_object_set_new(o, "ignored", ig);
	json_object_set_new(o, "fixed", fx);
	json_object_set_new(o, "expired_ignores", ex);
	json_object_set_new(o, "unused_ignores", un);
	/* what closes every path to root (engine/graph.h), first */
	if (rep->graph != NULL && rep->graph->ncut > 0) {
		json_t *cut = json_array();

		for (i = 0; i < rep->graph->ncut; i++)
			json_array_append_new(cut,
			    json_string(rep->graph->cut[i]));
		json_object_set_new(o, "cut", cut);
	}
	return o;
}

/* A string for a terminal: control characters shown escaped. */
static void
put_safe(FILE *fp, const char *s)
{
	if (s == NULL) {
		fputs("-", fp);
		return;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < ' ' || c == 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
}

void
gate_result_print(FILE *fp, const struct gate_result *g,
    const struct report *rep, const char *ignore_file)
{
	const char *ign = ignore_file ? ignore_file : "ignore file";
	size_t i;

	fprintf(fp, "privmap: gate: %zu finding%s at or above %s count "
	    "(%zu new, %zu in the baseline, %zu ignored)\n", g->counted,
	    g->counted == 1 ? "" : "s", severity_name(g->fail_on), g->n_new,
	    g->n_baseline, g->n_ignored);
	for (i = 0; i < g->nfindings && i < rep->nfindings; i++) {
		const struct finding *f = rep->findings[i];

		if (g->state[i] != GATE_NEW || (int)f->sev < g->fail_on)
			continue;
		fprintf(fp, "privmap: gate: new %s ", severity_name(f->sev));
		put_safe(fp, f->id);
		fputs(" ", fp);
		put_safe(fp, f->check);
		fputs(" ", fp);
		put_safe(fp, f->path);
		fputs("\n", fp);
	}
	if (rep->graph != NULL && rep->graph->ncut > 0) {
		fprintf(fp, "privmap: gate: closing %zu finding%s leaves no "
		    "path to root (%zu closed):", rep->graph->ncut,
		    rep->graph->ncut == 1 ? "" : "s",
		    rep->graph->paths_total);
		for (i = 0; i < rep->graph->ncut; i++) {
			fputs(" ", fp);
			put_safe(fp, rep->graph->cut[i]);
		}
		fputs("\n", fp);
	}
	for (i = 0; i < g->nfixed; i++) {
		fputs("privmap: gate: fixed since the baseline: ", fp);
		put_safe(fp, g->fixed[i]->id);
		fputs(" ", fp);
		put_safe(fp, g->fixed[i]->check);
		fputs(" ", fp);
		put_safe(fp, g->fixed[i]->path);
		fputs("\n", fp);
	}
	for (i = 0; i < g->nexpired; i++) {
		const struct ignore_rule *r = g->expired[i];

		fprintf(fp, "privmap: warning: %s:%u: ignore entry expired on "
		    "%04u-%02u-%02u; what it accepted counts again\n", ign,
		    r->line, r->expires / 10000, r->expires / 100 % 100,
		    r->expires % 100);
	}
	for (i = 0; i < g->nunused; i++)
		fprintf(fp, "privmap: note: %s:%u: ignore entry matched no "
		    "finding\n", ign, g->unused[i]->line);
}
