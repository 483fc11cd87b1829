/*
 * report-load.c: a saved report read from a stream (report_load in
 * report.h) without ever holding the whole document as JSON values: a
 * report of 200k findings is ~150 MB of text and would be five times that
 * as a jansson tree. The top-level object is copied as text, except the
 * elements of its "findings" array, which are parsed one at a time and
 * turned into findings in batches by report_from_json, so every rule that
 * function applies to a report applies here too. It never trusts the
 * input: anything but a plain, well-formed report falls back to reading
 * the whole document, with the same outcome as report_from_json on it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/report.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

#define BATCH	256	/* findings handed to report_from_json at once */

struct rd {
	FILE		*fp;
	unsigned	 line;
	const char	*err;		/* a syntax error */
	unsigned	 err_line;
	char		 err_text[160];

	struct buf	 sk;		/* the document without its findings */
	enum { HEAD_NONE, HEAD_BATCH, HEAD_WHOLE } mode;
	json_t		*head;		/* schema and target, for batches */
	json_t		*batch;		/* parsed findings not yet converted */
	json_t		*all;		/* HEAD_WHOLE: every finding */
	const char	*why;		/* the first finding refused */
	char		 why_buf[512];
	size_t		 seen;		/* findings before the batch */
	struct report	*acc;		/* holds the findings converted */
	size_t		 capf;
};

static int
rd_get(struct rd *r)
{
	int c = getc(r->fp);

	if (c == '\n')
		r->line++;
	return c;
}

static void
rd_unget(struct rd *r, int c)
{
	if (c == EOF)
		return;
	if (c == '\n')
		r->line--;
	ungetc(c, r->fp);
}

/* the next character that is not JSON white space (RFC 8259, 2) */
static int
rd_ws(struct rd *r)
{
	int c;

	do
		c = rd_get(r);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	return c;
}

static int
fail(struct rd *r, const char *why)
{
	if (r->err == NULL) {
		snprintf(r->err_text, sizeof r->err_text, "%s", why);
		r->err = r->err_text;
		r->err_line = r->line;
	}
	return -1;
}

/* the rest of a string whose opening quote was read: copied as it is
 * (jansson judges the escapes when the copy is parsed) */
static int
copy_string(struct rd *r, struct buf *b)
{
	int c;

	for (;;) {
		if ((c = rd_get(r)) == EOF)
			return fail(r, "premature end of input in a string");
		buf_addc(b, (char)c);
		if (c == '"')
			return 0;
		if (c == '\\') {
			if ((c = rd_get(r)) == EOF)
				return fail(r, "premature end of input in a "
				    "string");
			buf_addc(b, (char)c);
		}
	}
}

/* one value, its first character c already read, copied as text */
static int
copy_value(struct rd *r, struct buf *b, int c)
{
	size_t depth = 0;

	if (c == EOF)
		return fail(r, "premature end of input");
	buf_addc(b, (char)c);
	if (c == '"')
		return copy_string(r, b);
	if (c != '{' && c != '[') {
		/* a number or a literal: up to what ends it */
		while ((c = rd_get(r)) != EOF && strchr(",}] \t\r\n", c) == NULL)
			buf_addc(b, (char)c);
		rd_unget(r, c);
		return 0;
	}
	depth = 1;
	while (depth > 0) {
		if ((c = rd_get(r)) == EOF)
			return fail(r, "premature end of input");
		buf_addc(b, (char)c);
		if (c == '"') {
			if (copy_string(r, b) == -1)
				return -1;
		} else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']')
			depth--;
	}
	return 0;
}

/* Convert the parsed findings waiting in r->batch. */
static void
flush(struct rd *r)
{
	struct report *b;
	const char *why = NULL;
	size_t i;

	if (r->mode != HEAD_BATCH || json_array_size(r->batch) == 0)
		return;
	json_object_set(r->head, "findings", r->batch);
	b = report_from_json(r->head, &why);
	if (b == NULL) {
		char *end;
		unsigned long k;

		/* keep the first refusal, numbered in the whole array
		 * (report_validate's "findings[K]..."); the rest is read
		 * for syntax only */
		/* copied: report_validate's buffer is reused by the next
		 * call */
		if (why != NULL && strncmp(why, "findings[", 9) == 0 &&
		    (k = strtoul(why + 9, &end, 10), *end == ']'))
			snprintf(r->why_buf, sizeof r->why_buf,
			    "findings[%zu%s", r->seen + k, end);
		else
			snprintf(r->why_buf, sizeof r->why_buf, "%s",
			    why ? why : "a finding is refused");
		r->why = r->why_buf;
		r->mode = HEAD_NONE;
		json_array_clear(r->batch);
		return;
	}
	r->seen += json_array_size(r->batch);
	json_array_clear(r->batch);
	for (i = 0; i < b->nfindings; i++) {
		if (r->acc->nfindings == r->capf) {
			r->capf = r->capf ? r->capf * 2 : BATCH;
			r->acc->findings = xreallocarray(r->acc->findings,
			    r->capf, sizeof *r->acc->findings);
		}
		r->acc->findings[r->acc->nfindings++] = b->findings[i];
	}
	b->nfindings = 0;
	report_free(b);
}

/*
 * The head for batches: the document read so far (what came before
 * "findings"), parsed; if its schema and target make a report, batches
 * are converted with that schema and target alone (not the user's groups,
 * errors or notes, which a batch does not need and which would be copied
 * for each). Otherwise every finding is kept for the end.
 */
static void
head_start(struct rd *r)
{
	json_t *doc, *tgt, *user, *t;
	struct report *probe;
	const char *why;
	size_t mark = r->sk.len;

	if (r->mode != HEAD_NONE || r->why != NULL || r->all != NULL)
		return;
	r->mode = HEAD_WHOLE;
	r->all = json_array();
	buf_addc(&r->sk, '}');
	doc = json_loadb(r->sk.data, r->sk.len, JSON_REJECT_DUPLICATES, NULL);
	r->sk.len = mark;
	r->sk.data[mark] = '\0';
	tgt = json_object_get(doc, "target");
	user = json_object_get(tgt, "user");
	if (!json_is_object(tgt) || !json_is_object(user)) {
		json_decref(doc);
		return;
	}
	r->head = json_object();
	json_object_set(r->head, "schema", json_object_get(doc, "schema"));
	t = json_copy(tgt);
	user = json_copy(user);
	json_object_del(user, "groups");
	json_object_set_new(t, "user", user);
	json_object_set_new(r->head, "target", t);
	json_object_set_new(r->head, "findings", json_array());
	json_decref(doc);
	probe = report_from_json(r->head, &why);
	if (probe == NULL) {
		json_decref(r->head);
		r->head = NULL;
		return;
	}
	report_free(probe);
	r->mode = HEAD_BATCH;
}

/* The elements of a "findings" array whose '[' was read. */
static int
read_findings(struct rd *r)
{
	json_error_t je;
	int c;

	head_start(r);
	if ((c = rd_ws(r)) == ']')
		return 0;
	for (;;) {
		json_t *e;

		if (c == '{' || c == '[') {
			unsigned at = r->line;

			rd_unget(r, c);
			/* jansson stops right after the closing bracket */
			e = json_loadf(r->fp, JSON_DISABLE_EOF_CHECK |
			    JSON_REJECT_DUPLICATES, &je);
			if (e == NULL) {
				r->line = at + (je.line > 0 ? (unsigned)je.line -
				    1 : 0);
				return fail(r, je.text);
			}
		} else {
			struct buf v = { NULL, 0, 0 };

			if (copy_value(r, &v, c) == -1) {
				buf_free(&v);
				return -1;
			}
			e = json_loadb(v.data, v.len, JSON_DECODE_ANY, &je);
			buf_free(&v);
			if (e == NULL)
				return fail(r, je.text);
		}
		if (r->mode == HEAD_WHOLE)
			json_array_append_new(r->all, e);
		else if (r->mode == HEAD_BATCH) {
			json_array_append_new(r->batch, e);
			if (json_array_size(r->batch) >= BATCH)
				flush(r);
		} else
			json_decref(e);
		c = rd_ws(r);
		if (c == ']')
			break;
		if (c != ',')
			return fail(r, "',' or ']' expected after a finding");
		c = rd_ws(r);
	}
	flush(r);
	return 0;
}

/* The top-level object, its '{' read. */
static int
read_top(struct rd *r)
{
	int c;

	buf_addc(&r->sk, '{');
	if ((c = rd_ws(r)) == '}') {
		buf_addc(&r->sk, '}');
		return 0;
	}
	for (;;) {
		size_t key = r->sk.len;
		int findings;

		if (c != '"')
			return fail(r, "string or '}' expected");
		buf_addc(&r->sk, '"');
		if (copy_string(r, &r->sk) == -1)
			return -1;
		/* an escaped spelling of the key is copied whole: the
		 * document is then read as before, only not streamed */
		findings = r->sk.len - key == 10 &&
		    memcmp(r->sk.data + key, "\"findings\"", 10) == 0;
		if (rd_ws(r) != ':')
			return fail(r, "':' expected");
		buf_addc(&r->sk, ':');
		c = rd_ws(r);
		if (findings && c == '[') {
			buf_adds(&r->sk, "[]");
			if (read_findings(r) == -1)
				return -1;
		} else if (copy_value(r, &r->sk, c) == -1)
			return -1;
		c = rd_ws(r);
		if (c == '}') {
			buf_addc(&r->sk, '}');
			return 0;
		}
		if (c != ',')
			return fail(r, "',' or '}' expected");
		buf_addc(&r->sk, ',');
		c = rd_ws(r);
	}
}

static void
rd_free(struct rd *r)
{
	buf_free(&r->sk);
	json_decref(r->head);
	json_decref(r->batch);
	json_decref(r->all);
	report_free(r->acc);
}

/* The whole document the old way: what does not start as an object. */
static struct report *
load_whole(FILE *fp, struct report_load_err *e, json_t **top)
{
	json_error_t je;
	json_t *j = json_loadf(fp, JSON_REJECT_DUPLICATES, &je);
	struct report *rep;

	if (j == NULL) {
		e->json = 1;
		e->line = je.line > 0 ? (unsigned)je.line : 0;
		snprintf(e->text, sizeof e->text, "%s", je.text);
		return NULL;
	}
	rep = report_from_json(j, &e->why);
	if (rep != NULL && top != NULL && json_is_object(j)) {
		json_object_del(j, "findings");
		*top = json_incref(j);
	}
	json_decref(j);
	return rep;
}

/* report_load, and with top the document without its findings */
static struct report *
load(FILE *fp, struct report_load_err *e, json_t **top)
{
	struct rd r;
	struct report *rep = NULL;
	json_error_t je;
	json_t *doc = NULL;
	int c;
	size_t i;

	memset(e, 0, sizeof *e);
	memset(&r, 0, sizeof r);
	r.fp = fp;
	r.line = 1;
	if ((c = rd_ws(&r)) != '{') {
		rd_unget(&r, c);
		return load_whole(fp, e, top);
	}
	r.batch = json_array();
	r.acc = report_new();
	if (read_top(&r) == -1)
		goto syntax;
	if ((c = rd_ws(&r)) != EOF) {
		fail(&r, "end of file expected");
		goto syntax;
	}
	if (ferror(fp)) {
		fail(&r, "read error");
		goto syntax;
	}
	doc = json_loadb(r.sk.data, r.sk.len, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL) {
		/* the copy keeps the document's lines up to its findings */
		e->json = 1;
		e->line = je.line > 0 ? (unsigned)je.line : 0;
		snprintf(e->text, sizeof e->text, "%s", je.text);
		goto out;
	}
	if (r.all != NULL && r.mode == HEAD_WHOLE)
		json_object_set(doc, "findings", r.all);
	if ((rep = report_from_json(doc, &e->why)) == NULL)
		goto out;
	if (r.mode == HEAD_WHOLE || r.all == NULL)
		goto out;
	if (r.why != NULL) {
		/* r is about to go: the message moves to e */
		snprintf(e->text, sizeof e->text, "%s", r.why);
		e->why = e->text;
		report_free(rep);
		rep = NULL;
		goto out;
	}
	/* the findings converted in batches join the head's report */
	rep->findings = xreallocarray(rep->findings, rep->nfindings +
	    r.acc->nfindings + 1, sizeof *rep->findings);
	for (i = 0; i < r.acc->nfindings; i++)
		rep->findings[rep->nfindings++] = r.acc->findings[i];
	r.acc->nfindings = 0;
	report_finish(rep);
	goto out;
syntax:
	e->json = 1;
	e->line = r.err_line;
	snprintf(e->text, sizeof e->text, "%s", r.err);
out:
	if (rep != NULL && top != NULL) {
		json_object_del(doc, "findings");
		*top = json_incref(doc);
	}
	json_decref(doc);
	rd_free(&r);
	return rep;
}

struct report *
report_load(FILE *fp, struct report_load_err *e)
{
	return load(fp, e, NULL);
}

struct report *
report_load_top(FILE *fp, struct report_load_err *e, json_t **top)
{
	*top = NULL;
	return load(fp, e, top);
}
