/*
 * gate-test.c: the CI gate (engine/gate.c): the ignore-file format of
 * docs/ignore-format.md, line by line (every malformed form with its
 * line number), baselines, expiry, and the verdict on a report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/gate.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

/* report_add for a check id and family given as text */
#define T_ADD(r, id, fam, ...) \
	report_add((r), &(const struct reporter){ (id), (fam) }, __VA_ARGS__)

/* Parse one line alone: 1 if it is accepted. */
static int
accepts(const char *line, const char **why)
{
	struct ignore_list l = { NULL, 0 };
	struct t_errs e;
	size_t bad;

	memset(&e, 0, sizeof e);
	bad = gate_ignore_parse(line, strlen(line), &l, t_on_err, &e);
	*why = e.n ? e.why[0] : NULL;
	ignore_list_free(&l);
	return bad == 0 && e.n == 0;
}

static void
test_parse(void)
{
	static const char text[] =
	    "# accepted findings\n"
	    "\n"
	    "   # an indented comment\n"
	    "id=PM-0123456789abcdef -- base image ships it (SEC-42)\n"
	    "check=setuid path=/usr/bin/passwd -- needed by the app\r\n"
	    "check=file-capability path=/usr/lib/*/ping expires=2030-02-28 "
	    "--   until the upgrade  \n"
	    "check=cron path=/etc/cron.d/my\\ job -- spaces escaped\n"
	    "id=PM-1 expires=2000-01-01 -- long gone\n"
	    "id=PM-2\n"
	    "check=setuid -- no path\n"
	    "path=/x -- no check\n"
	    "id=PM-3 check=setuid path=/x -- both\n"
	    "id=PM-4 id=PM-5 -- twice\n"
	    "id=PM-6 color=red -- unknown key\n"
	    "id=PM-7 expires=2023-02-29 -- not a leap year\n"
	    "id=PM-8 expires=31/12/2030 -- wrong format\n"
	    "id=PM-9 --\n"
	    "id=PM-10 --    \n"
	    "PM-11 -- bare id\n"
	    "id= -- empty id\n"
	    "id=PM/12 -- a slash\n"
	    "check=setuid path=* -- every path\n";
	struct ignore_list l = { NULL, 0 };
	struct t_errs e;
	size_t bad, i;
	char *s;

	memset(&e, 0, sizeof e);
	bad = gate_ignore_parse(text, sizeof text - 1, &l, t_on_err, &e);
	T_EQ_INT(bad, 13);
	T_EQ_INT(e.n, 13);
	T_EQ_INT(l.n, 6);
	{
		static const unsigned lines[] = { 9, 10, 11, 12, 13, 14, 15,
		    16, 17, 18, 19, 20, 21 };

		for (i = 0; i < 13 && i < e.n; i++)
			T_EQ_INT(e.line[i], lines[i]);
	}
	T_OK(e.n > 0 && strstr(e.why[0], "reason is mandatory"));
	T_OK(e.n > 1 && strstr(e.why[1], "needs path="));
	T_OK(e.n > 2 && strstr(e.why[2], "needs check="));
	T_OK(e.n > 3 && strstr(e.why[3], "cannot be combined"));
	T_OK(e.n > 4 && strstr(e.why[4], "twice"));
	T_OK(e.n > 5 && strstr(e.why[5], "unknown key"));
	T_OK(e.n > 6 && strstr(e.why[6], "date"));
	T_OK(e.n > 8 && strstr(e.why[8], "empty reason"));
	T_OK(e.n > 10 && strstr(e.why[10], "KEY=VALUE"));
	if (l.n == 6) {
		T_EQ_STR(l.v[0].id, "PM-0123456789abcdef");
		T_EQ_STR(l.v[0].reason, "base image ships it (SEC-42)");
		T_EQ_INT(l.v[0].line, 4);
		T_EQ_STR(l.v[1].check, "setuid");
		T_EQ_STR(l.v[1].glob, "/usr/bin/passwd");
		T_EQ_STR(l.v[1].reason, "needed by the app");
		T_EQ_INT(l.v[2].expires, 20300228);
		T_EQ_STR(l.v[2].reason, "until the upgrade");
		T_EQ_STR(l.v[3].glob, "/etc/cron.d/my\\ job");
		T_EQ_INT(l.v[4].expires, 20000101);
		s = gate_rule_str(&l.v[2]);
		T_EQ_STR(s, "check=file-capability path=/usr/lib/*/ping "
		    "expires=2030-02-28 -- until the upgrade");
		free(s);
	}
	ignore_list_free(&l);
}

static void
test_parse_edges(void)
{
	const char *why;
	char *longline;
	struct ignore_list l = { NULL, 0 };
	struct t_errs e;

	T_OK(accepts("id=PM-1 expires=2024-02-29 -- leap day", &why));
	T_OK(!accepts("id=PM-1 expires=2100-02-29 -- not leap", &why));
	T_OK(!accepts("id=PM-1 expires=2024-13-01 -- month", &why));
	T_OK(!accepts("id=PM-1 expires=2024-04-31 -- day", &why));
	T_OK(!accepts("id=PM-1 expires=1969-12-31 -- before 1970", &why));
	T_OK(!accepts("id=PM-1 expires=+024-01-01 -- sign", &why));
	T_OK(accepts("\tid=PM-1\t--\tTabs", &why));
	T_OK(!accepts("=x -- no key", &why));
	T_OK(!accepts("check=a b path=/x -- stray word", &why));
	T_OK(!accepts("check=setuid path=/a\001b -- control char", &why));
	/* "--" inside a value is not the separator */
	T_OK(accepts("check=setuid path=/a--b -- ok", &why));
	/* a NUL in a line */
	memset(&e, 0, sizeof e);
	T_EQ_INT(gate_ignore_parse("id=PM-1 -- a\0b\nid=PM-2 -- fine\n", 29,
	    &l, t_on_err, &e), 1);
	T_EQ_INT(l.n, 1);
	T_EQ_INT(e.n ? e.line[0] : 0, 1);
	ignore_list_free(&l);
	/* a line over MAX_LINE is refused whole, the next one kept */
	longline = xmalloc(70000 + 40);
	memcpy(longline, "id=PM-1 -- ", 11);
	memset(longline + 11, 'x', 70000);
	strcpy(longline + 70011, "\nid=PM-2 -- next\n");
	memset(&e, 0, sizeof e);
	T_EQ_INT(gate_ignore_parse(longline, strlen(longline), &l, t_on_err,
	    &e), 1);
	T_EQ_INT(l.n, 1);
	T_OK(e.n && strstr(e.why[0], "too long"));
	if (l.n)
		T_EQ_INT(l.v[0].line, 2);
	ignore_list_free(&l);
	free(longline);
	/* no trailing newline */
	T_OK(accepts("id=PM-1 -- end of file", &why));
}

static struct report *
sample_report(void)
{
	struct report *r = report_new();

	T_ADD(r, "setuid", "setuid", SEV_CRITICAL, 0.5, "/usr/bin/find",
	    "setuid-root", "find is setuid root");
	T_ADD(r, "setuid", "setuid", SEV_HIGH, 0.5, "/usr/bin/passwd",
	    "setuid-root", "passwd is setuid root");
	T_ADD(r, "file-capability", "file-capability", SEV_CRITICAL, 0.5,
	    "/usr/lib/x86_64-linux-gnu/ping", "cap_setuid", "ping has caps");
	T_ADD(r, "cron", "cron", SEV_MEDIUM, 0.5, "/etc/cron.d/job",
	    "writable", "writable cron job");
	report_finish(r);
	return r;
}

static const struct finding *
by_path(const struct report *r, const char *path, size_t *idx)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i]->path, path) == 0) {
			*idx = i;
			return r->findings[i];
		}
	return NULL;
}

static void
test_verdict(void)
{
	struct report *r = sample_report(), *old;
	struct ignore_list l = { NULL, 0 };
	struct baseline b = { NULL, 0 };
	struct gate_result g;
	const struct finding *find, *passwd;
	size_t ifind = 0, ipasswd = 0, iping = 0;
	const char *why;
	json_t *j, *bj;
	char *text;

	find = by_path(r, "/usr/bin/find", &ifind);
	passwd = by_path(r, "/usr/bin/passwd", &ipasswd);
	T_OK(by_path(r, "/usr/lib/x86_64-linux-gnu/ping", &iping) != NULL);
	T_OK(find && passwd);
	if (!find || !passwd)
		return;

	/* no baseline, no ignores: criticals and highs count */
	gate_apply(r, NULL, NULL, SEV_HIGH, 20250101, &g);
	T_EQ_INT(g.counted, 3);
	T_EQ_INT(g.n_new, 4);
	gate_result_free(&g);
	gate_apply(r, NULL, NULL, SEV_CRITICAL, 20250101, &g);
	T_EQ_INT(g.counted, 2);
	gate_result_free(&g);

	/* a baseline with find, and an old finding since fixed */
	old = report_new();
	T_ADD(old, "setuid", "setuid", SEV_CRITICAL, 0.5,
	    "/usr/bin/find", "setuid-root", "find is setuid root");
	T_ADD(old, "sudo", "sudo", SEV_CRITICAL, 0.5, "/etc/sudoers",
	    "nopasswd-all", "NOPASSWD ALL");
	report_finish(old);
	bj = report_to_json(old);
	T_EQ_INT(gate_baseline_from_json(bj, &b, &why), 0);
	json_decref(bj);
	T_EQ_INT(b.n, 2);

	text = xasprintf(
	    "check=setuid path=/usr/bin/pass* -- by design\n"
	    "check=file-capability path=/usr/lib/*/ping expires=2025-06-30 "
	    "-- until the upgrade\n"
	    "check=file-capability path=/usr/lib/ping -- never matches\n"
	    "id=%s -- also in the baseline\n", find->id);
	T_EQ_INT(gate_ignore_parse(text, strlen(text), &l, NULL, NULL), 0);
	free(text);

	gate_apply(r, &b, &l, SEV_HIGH, 20250630, &g);
	T_EQ_INT(g.state[ipasswd], GATE_IGNORED);
	T_EQ_INT(g.state[iping], GATE_IGNORED);
	/* an ignore entry wins over the baseline: it says why */
	T_EQ_INT(g.state[ifind], GATE_IGNORED);
	T_EQ_INT(g.counted, 0);
	T_EQ_INT(g.nfixed, 1);
	if (g.nfixed)
		T_EQ_STR(g.fixed[0]->path, "/etc/sudoers");
	T_EQ_INT(g.nexpired, 0);
	T_EQ_INT(g.nunused, 1);
	if (g.nunused)
		T_EQ_INT(g.unused[0]->line, 3);
	j = gate_result_json(&g, r);
	T_OK(json_is_false(json_object_get(j, "failed")));
	T_EQ_INT(json_array_size(json_object_get(j, "ignored")), 3);
	T_EQ_INT(json_array_size(json_object_get(j, "fixed")), 1);
	json_decref(j);
	gate_result_free(&g);

	/* the day after the expiry the capability counts again */
	gate_apply(r, &b, &l, SEV_HIGH, 20250701, &g);
	T_EQ_INT(g.state[iping], GATE_NEW);
	T_EQ_INT(g.counted, 1);
	T_EQ_INT(g.nexpired, 1);
	j = gate_result_json(&g, r);
	T_OK(json_is_true(json_object_get(j, "failed")));
	T_EQ_INT(json_array_size(json_object_get(j, "expired_ignores")), 1);
	json_decref(j);
	{
		char *out = NULL;
		size_t olen = 0;
		FILE *fp = open_memstream(&out, &olen);

		gate_result_print(fp, &g, r, ".privmap-ignore");
		fclose(fp);
		T_OK(strstr(out, ".privmap-ignore:2: ignore entry expired on "
		    "2025-06-30") != NULL);
		T_OK(strstr(out, "fixed since the baseline") != NULL);
		T_OK(strstr(out, "new critical") != NULL);
		free(out);
	}
	gate_result_free(&g);

	/* without the ignore file the baseline alone keeps find out */
	gate_apply(r, &b, NULL, SEV_HIGH, 20250701, &g);
	T_EQ_INT(g.state[ifind], GATE_BASELINE);
	T_EQ_INT(g.counted, 2);
	gate_result_free(&g);

	ignore_list_free(&l);

	/* globs: a star alone, subtrees, FNM_PATHNAME otherwise */
	{
		static const struct {
			const char *glob;
			size_t ignored;
		} globs[] = {
			{ "*", 2 },
			{ "/**", 2 },
			{ "/usr/**", 2 },
			{ "/usr/bin/**", 2 },
			{ "/usr/bin/find/**", 1 },
			{ "/usr/*", 0 },
			{ "/usr/*/*", 2 },
			{ "/usr/bin/[fp]*", 2 },
			{ "/usr/b/**", 0 },
			{ "/usr/bi*/**", 2 },
			{ "usr/bin/find", 0 },
		};
		size_t i;

		for (i = 0; i < sizeof globs / sizeof globs[0]; i++) {
			text = xasprintf("check=setuid path=%s -- test\n",
			    globs[i].glob);
			T_EQ_INT(gate_ignore_parse(text, strlen(text), &l,
			    NULL, NULL), 0);
			gate_apply(r, NULL, &l, SEV_HIGH, 20250101, &g);
			if (g.n_ignored != globs[i].ignored)
				fprintf(stderr, "glob %s\n", globs[i].glob);
			T_EQ_INT(g.n_ignored, globs[i].ignored);
			gate_result_free(&g);
			ignore_list_free(&l);
			free(text);
		}
	}
	baseline_free(&b);
	report_free(old);
	report_free(r);
}

/* The entry that accepts a finding is the first in the file that
 * matches, whatever its kind (id, literal path, literal subtree,
 * wildcard): gate_apply looks them up in an index, not in order. */
static void
test_first_entry(void)
{
	struct report *r = sample_report();
	struct ignore_list l = { NULL, 0 };
	struct gate_result g;
	const struct finding *find;
	size_t ifind = 0, i, k;
	char *idline;
	static const char *const lines[] = {
		"check=setuid path=/usr/*/fi?d -- wildcard\n",
		NULL,	/* id=<find's id> */
		"check=setuid path=/usr/bin/find -- literal\n",
		"check=setuid path=/usr/bin/** -- subtree\n",
		"check=setuid path=/usr/bin/find/** -- the path itself\n",
	};

	find = by_path(r, "/usr/bin/find", &ifind);
	T_OK(find != NULL);
	if (find == NULL)
		return;
	idline = xasprintf("id=%s -- id\n", find->id);
	/* drop the first k entries: the next one must be the one used */
	for (k = 0; k < 5; k++) {
		struct buf t = { NULL, 0, 0 };

		for (i = k; i < 5; i++)
			buf_adds(&t, lines[i] ? lines[i] : idline);
		T_EQ_INT(gate_ignore_parse(buf_str(&t), t.len, &l, NULL,
		    NULL), 0);
		gate_apply(r, NULL, &l, SEV_HIGH, 20250101, &g);
		T_EQ_INT(g.state[ifind], GATE_IGNORED);
		T_OK(g.rule[ifind] == &l.v[0]);
		T_EQ_INT(g.rule[ifind] ? g.rule[ifind]->line : 0, 1);
		/* passwd: only the subtree entry (and the wildcard: no) */
		T_EQ_INT(g.n_ignored, k <= 3 ? 2 : 1);
		gate_result_free(&g);
		ignore_list_free(&l);
		buf_free(&t);
	}
	/* an expired entry is passed over for the next one */
	{
		const char *t = "check=setuid path=/usr/bin/find expires="
		    "2024-01-01 -- old\ncheck=setuid path=/usr/** -- new\n";

		T_EQ_INT(gate_ignore_parse(t, strlen(t), &l, NULL, NULL), 0);
		gate_apply(r, NULL, &l, SEV_HIGH, 20250101, &g);
		T_EQ_INT(g.rule[ifind] ? g.rule[ifind]->line : 0, 2);
		T_EQ_INT(g.nexpired, 1);
		gate_result_free(&g);
		ignore_list_free(&l);
	}
	free(idline);
	report_free(r);
}

static void
test_baseline_bad(void)
{
	struct baseline b;
	const char *why;
	json_t *j;

	j = json_loads("[1,2]", 0, NULL);
	T_EQ_INT(gate_baseline_from_json(j, &b, &why), -1);
	json_decref(j);
	j = json_loads("{\"schema\":\"other/1\",\"findings\":[]}", 0, NULL);
	T_EQ_INT(gate_baseline_from_json(j, &b, &why), -1);
	json_decref(j);
#define BF(id) "{\"id\":\"" id "\",\"check\":\"setuid\",\"family\":" \
	"\"setuid\",\"severity\":\"high\",\"score\":8,\"path\":\"/x\"}"
#define BT "\"target\":{\"kind\":\"rootfs\",\"root\":\"/r\"," \
	"\"user\":{\"uid\":1}}"
	j = json_loads("{\"schema\":\"privmap.report/1\"," BT ",\"findings\":"
	    "[{\"check\":\"x\"}]}", 0, NULL);
	T_EQ_INT(gate_baseline_from_json(j, &b, &why), -1);
	T_OK(strstr(why, "findings[0].id") != NULL);
	json_decref(j);
	j = json_loads("{\"schema\":\"privmap.report/1\"," BT ",\"findings\":"
	    "[" BF("PM-1") "," BF("PM-1") "," BF("PM-0") "]}", 0, NULL);
	T_EQ_INT(gate_baseline_from_json(j, &b, &why), 0);
	T_EQ_INT(b.n, 2);
	baseline_free(&b);
	json_decref(j);
	/* a baseline is a saved report: out of contract, it is refused
	 * with the member named (report_validate) */
	j = json_loads("{\"schema\":\"privmap.report/1\"," BT ",\"findings\":"
	    "[" BF("PM-1") ",{\"id\":\"PM-2\",\"check\":\"setuid\","
	    "\"family\":\"setuid\",\"severity\":\"high\",\"score\":8,"
	    "\"path\":\"/a/../b\"}]}", 0, NULL);
	T_EQ_INT(gate_baseline_from_json(j, &b, &why), -1);
	T_OK(strstr(why, "findings[1].path") != NULL);
	json_decref(j);
#undef BF
#undef BT
	T_EQ_INT(gate_baseline_load("/nonexistent/baseline.json", &b, &why),
	    -1);
}

int
main(void)
{
	test_parse();
	test_parse_edges();
	test_verdict();
	test_first_entry();
	test_baseline_bad();
	T_DONE();
}
