/*
 * report-load-test.c: report_load (engine/report-load.c) reads a saved
 * report a finding at a time; it must give the same report, or the same
 * refusal, as the whole document read by json_loads and report_from_json,
 * whatever the order of members, the batch boundaries, duplicate ids or
 * malformed parts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/report.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

static void
finding(struct buf *b, size_t i, const char *id)
{
	buf_printf(b, "%s{\"id\": \"%s\", \"check\": \"setuid\", \"family\": "
	    "\"setuid\", \"severity\": \"%s\", \"score\": %s, \"title\": "
	    "\"t%zu\", \"path\": \"/srv/p%zu\", \"evidence\": {\"mode\": "
	    "\"4755\"}, \"policy\": [\"exec /srv/p%zu\"], \"audit\": []}",
	    i ? ",\n" : "", id, i % 3 ? "high" : "critical", i % 3 ? "8.0" :
	    "9.5", i, i, i);
}

static const char head[] = "\"schema\": \"privmap.report/1\", \"target\": "
    "{\"kind\": \"rootfs\", \"root\": \"/srv/r\", \"user\": {\"name\": "
    "\"agent\", \"uid\": 1001, \"gid\": 1001, \"groups\": [{\"name\": "
    "\"docker\", \"gid\": 999}]}}";

/* n findings; ids repeat every `dup` (0: never); head before or after */
static char *
doc(size_t n, size_t dup, int head_last, const char *extra)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;

	buf_adds(&b, "{");
	if (!head_last)
		buf_printf(&b, "%s, ", head);
	buf_adds(&b, "\"findings\": [");
	for (i = 0; i < n; i++) {
		char id[32];

		snprintf(id, sizeof id, "PM-%016zx", dup ? i % dup : i);
		finding(&b, i, id);
	}
	buf_adds(&b, "]");
	if (head_last)
		buf_printf(&b, ", %s", head);
	buf_printf(&b, ", \"errors\": [], \"notes\": [\"n\"]%s}\n",
	    extra ? extra : "");
	return buf_str(&b);
}

/* 1 if both readers agree on text (same JSON back, or both refuse) */
static int
same(const char *text, const char **why_out)
{
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, NULL), *a, *b;
	struct report *r = NULL, *s;
	struct report_load_err e;
	const char *why = NULL;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int ok;

	if (j != NULL)
		r = report_from_json(j, &why);
	s = report_load(fp, &e);
	fclose(fp);
	*why_out = s ? NULL : e.json ? "json" : e.why;
	if (r == NULL || s == NULL) {
		ok = r == NULL && s == NULL &&
		    (j == NULL ? e.json : (!e.json && strcmp(e.why, why) == 0));
	} else {
		a = report_to_json(r);
		b = report_to_json(s);
		ok = json_equal(a, b);
		json_decref(a);
		json_decref(b);
	}
	report_free(r);
	report_free(s);
	json_decref(j);
	return ok;
}

/* a report of one finding with grants g, read back: the grants written
 * again (newly allocated text), or NULL with *why when refused */
static char *
grant_back(const char *g, const char **why)
{
	struct buf b = { NULL, 0, 0 };
	struct report *r;
	json_t *j, *o;
	char *s = NULL;

	buf_printf(&b, "{%s, \"findings\": [{\"id\": \"PM-0000000000000001\", "
	    "\"check\": \"shell-rc\", \"family\": \"shell-rc\", "
	    "\"severity\": \"high\", \"score\": 8.0, \"title\": \"t\", "
	    "\"path\": \"/home/a/.bashrc\", \"evidence\": {}, \"policy\": [], "
	    "\"audit\": [], \"grants\": %s}]}", head, g);
	j = json_loads(b.data, 0, NULL);
	free(b.data);
	*why = NULL;
	if (j == NULL)
		return NULL;
	if ((r = report_from_json(j, why)) != NULL) {
		o = report_to_json(r);
		s = json_dumps(json_object_get(json_array_get(json_object_get(o,
		    "findings"), 0), "grants"), JSON_COMPACT);
		json_decref(o);
		report_free(r);
	}
	json_decref(j);
	return s;
}

/* grants read back give what was written; a grant out of contract is
 * refused, naming the member */
static void
grants(void)
{
	static const char *const good[] = {
		"{\"node\":\"user:alice\",\"wait\":\"login\",\"sure\":\"certain\"}",
		"{\"node\":\"group:docker\",\"wait\":\"now\",\"sure\":\"certain\"}",
		"{\"node\":\"root\",\"wait\":\"periodic\",\"sure\":\"likely\"}",
		"{\"node\":\"uid:4242\",\"wait\":\"sudo\",\"sure\":\"likely\"}",
		"{\"node\":\"gid:0\",\"wait\":\"service\",\"sure\":\"certain\"}",
		"{\"node\":\"user:a\\\\xffb\",\"wait\":\"reboot\",\"sure\":\"certain\"}",
	};
	static const char *const bad[] = {
		"[]", "{}",
		"{\"node\":\"user:\",\"wait\":\"now\",\"sure\":\"certain\"}",
		"{\"node\":\"admin\",\"wait\":\"now\",\"sure\":\"certain\"}",
		"{\"node\":\"uid:4294967295\",\"wait\":\"now\",\"sure\":\"certain\"}",
		"{\"node\":\"uid:-1\",\"wait\":\"now\",\"sure\":\"certain\"}",
		"{\"node\":\"root\",\"wait\":\"later\",\"sure\":\"certain\"}",
		"{\"node\":\"root\",\"wait\":\"now\",\"sure\":\"maybe\"}",
		"{\"node\":\"root\",\"wait\":\"now\"}",
	};
	const char *why;
	char *s;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		s = grant_back(good[i], &why);
		T_OK(s != NULL);
		if (s != NULL && strcmp(s, good[i]) != 0)
			fprintf(stderr, "read back as %s\n", s);
		T_OK(s != NULL && strcmp(s, good[i]) == 0);
		free(s);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		s = grant_back(bad[i], &why);
		T_OK(s == NULL);
		T_OK(why != NULL && strstr(why, "grants") != NULL);
		free(s);
	}
}

int
main(void)
{
	const char *why;
	char *t;

	/* several batches, the head first (streamed) or last (whole) */
	t = doc(700, 0, 0, NULL);
	T_OK(same(t, &why));
	T_OK(why == NULL);
	free(t);
	t = doc(700, 0, 1, NULL);
	T_OK(same(t, &why));
	T_OK(why == NULL);
	free(t);
	/* ids repeated across batches: one finding per id */
	t = doc(900, 300, 0, NULL);
	T_OK(same(t, &why));
	free(t);
	/* no findings */
	t = doc(0, 0, 0, NULL);
	T_OK(same(t, &why));
	free(t);
	/* a refusal in the third batch, and one in the head after it */
	t = doc(700, 0, 0, NULL);
	memcpy(strstr(t, "\"severity\": \"high\""), "\"severity\": \"huge\"", 18);
	T_OK(same(t, &why));
	T_OK(why != NULL && strstr(why, "severity") != NULL);
	free(t);
	t = doc(700, 0, 0, ", \"schema\": \"x\"");
	T_OK(same(t, &why));
	T_OK(why != NULL && strcmp(why, "json") == 0);	/* duplicate key */
	free(t);
	/* a bad target after findings read in batches */
	{
		char *u = doc(300, 0, 1, NULL);
		char *k = strstr(u, "\"uid\": 1001");

		memcpy(k, "\"uid\": \"01\"", 11);
		T_OK(same(u, &why));
		T_OK(why != NULL && strstr(why, "uid") != NULL);
		free(u);
	}
	/* a findings array given twice, scalars in it, syntax errors */
	T_OK(same("{\"findings\": [], \"findings\": []}", &why));
	t = doc(10, 0, 0, NULL);
	{
		static const char *const bad[] = {
			"{\"schema\": \"privmap.report/1\", \"findings\": [1, 2]}",
			"{\"schema\": \"privmap.report/1\", \"findings\": [{},]}",
			"{\"schema\": \"privmap.report/1\", \"findings\": [",
			"{\"schema\": \"privmap.report/1\", \"findings\": 5}",
			"{\"schema\": \"privmap.report/1\"} x",
			"{\"a\" 1}",
			"[]",
			"",
			"{\"findings\": [{\"id\": \"a\", \"id\": \"b\"}]}",
		};
		size_t i;

		for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			int ok = same(bad[i], &why);

			if (!ok)
				fprintf(stderr, "differs: %s\n", bad[i]);
			T_OK(ok);
			T_OK(why != NULL);
		}
	}
	free(t);
	grants();
	T_DONE();
}
