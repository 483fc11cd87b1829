/*
 * sarif.c: a report as a SARIF 2.1.0 log (OASIS Static Analysis Results
 * Interchange Format, Version 2.1.0, errata 01), for code-scanning gates.
 *
 * One run; one rule (reportingDescriptor) per check, carrying
 * properties.security-severity as a string and the tag "security", which
 * is how GitHub code scanning reads a security severity (critical 9.0+,
 * high 7.0-8.9, medium 4.0-6.9, low below: the report contract's bands).
 * One result per finding with its level, message, one location for its
 * path and partialFingerprints.primaryLocationLineHash set from the
 * finding id, so a finding keeps its identity across runs.
 *
 * Paths are inside the scanned root: their URIs are relative to the
 * uriBaseId TARGETROOT, which originalUriBaseIds resolves to the root as
 * a file: URI (SARIF 3.14.14: an absolute URI ending in "/"). A
 * localhost service's tcp://HOST:PORT is an absolute URI of its own.
 * Reads only the report; same report, same bytes.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "output/output.h"
#include "xmalloc.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/" \
	"sarif-schema-2.1.0.json"
#define BASE_ID "TARGETROOT"

/* RFC 3986 unreserved characters and "/" stay; every other byte is
 * percent-encoded, so any path makes a valid URI reference */
static void
uri_path(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/')
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/* report text as valid UTF-8 (output_jstr), "" for none */
static json_t *
jstr(const char *s)
{
	return output_jstr(s ? s : "");
}

static json_t *
text(const char *s)
{
	json_t *m = json_object();

	json_object_set_new(m, "text", jstr(s));
	return m;
}

/* SARIF result.level (3.27.10) from the contract's severity */
static const char *
level(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
	case SEV_HIGH:
		return "error";
	case SEV_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

/* tcp://127.0.0.1:PORT or tcp://[::1]:PORT as the contract writes it */
static int
is_tcp(const char *p)
{
	size_t i;

	if (strncmp(p, "tcp://", 6) != 0)
		return 0;
	for (i = 6; p[i]; i++)
		if ((unsigned char)p[i] <= ' ' || (unsigned char)p[i] >= 0x7f ||
		    strchr("\"<>\\^`{|}%", p[i]) != NULL)
			return 0;
	return 1;
}

static json_t *
location(const char *path)
{
	json_t *loc = json_object(), *phys = json_object(), *art = json_object();
	struct buf b = { 0 };

	if (path != NULL && is_tcp(path))
		json_object_set_new(art, "uri", jstr(path));
	else {
		const char *p = path ? path : "";

		while (*p == '/')
			p++;
		uri_path(&b, p);
		json_object_set_new(art, "uri", jstr(b.len ? buf_str(&b) :
		    "."));
		json_object_set_new(art, "uriBaseId", json_string(BASE_ID));
	}
	json_object_set_new(phys, "artifactLocation", art);
	json_object_set_new(loc, "physicalLocation", phys);
	buf_free(&b);
	return loc;
}

struct rule {
	const char	*check;
	const struct finding *first;	/* the most severe (report order) */
	double		 score;
	enum severity	 sev;
	json_t		*families;	/* set of family names */
};

static int
cmp_rule(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->check,
	    ((const struct rule *)b)->check);
}

static char *
score_str(double v)
{
	return xasprintf("%.1f", v);
}

int
output_sarif(const struct report *rep, FILE *fp, const char **why)
{
	json_t *log = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *driver = json_object();
	json_t *rules = json_array(), *results = json_array(), *bases;
	struct rule *rv = NULL;
	size_t nr = 0, i, j;
	char *s;
	int ret;

	/* one rule per check: its severity is its worst finding's */
	for (i = 0; i < rep->nfindings; i++) {
		const struct finding *f = rep->findings[i];
		const char *check = f->check ? f->check : "unknown";

		for (j = 0; j < nr; j++)
			if (strcmp(rv[j].check, check) == 0)
				break;
		if (j == nr) {
			rv = xreallocarray(rv, nr + 1, sizeof *rv);
			rv[nr].check = check;
			rv[nr].first = f;
			rv[nr].score = f->score;
			rv[nr].sev = f->sev;
			rv[nr].families = json_object();
			nr++;
		} else if (f->score > rv[j].score) {
			rv[j].score = f->score;
			rv[j].sev = f->sev;
			rv[j].first = f;
		}
		{
			json_t *fam = jstr(f->family ? f->family : "unknown");

			json_object_set_new(rv[j].families,
			    json_string_value(fam), json_true());
			json_decref(fam);
		}
	}
	if (nr > 1)
		qsort(rv, nr, sizeof *rv, cmp_rule);

	for (i = 0; i < nr; i++) {
		json_t *r = json_object(), *props = json_object();
		json_t *tags = json_array(), *cfg = json_object();
		const char **fams;
		const char *k;
		json_t *v;
		size_t nf = 0;

		json_object_set_new(r, "id", jstr(rv[i].check));
		json_object_set_new(r, "name", jstr(rv[i].check));
		s = xasprintf("privmap check %s", rv[i].check);
		json_object_set_new(r, "shortDescription", text(s));
		free(s);
		json_object_set_new(r, "fullDescription",
		    text(rv[i].first->title));
		if (rv[i].first->remediation != NULL)
			json_object_set_new(r, "help",
			    text(rv[i].first->remediation));
		json_object_set_new(cfg, "level", json_string(level(rv[i].sev)));
		json_object_set_new(r, "defaultConfiguration", cfg);
		s = score_str(rv[i].score);
		json_object_set_new(props, "security-severity", json_string(s));
		free(s);
		json_array_append_new(tags, json_string("security"));
		fams = xcalloc(json_object_size(rv[i].families) + 1,
		    sizeof *fams);
		json_object_foreach(rv[i].families, k, v)
			fams[nf++] = k;
		for (j = 0; j < nf; j++) {	/* few: insertion sort */
			size_t m;

			for (m = j; m > 0 && strcmp(fams[m - 1], fams[m]) > 0;
			    m--) {
				const char *t = fams[m];

				fams[m] = fams[m - 1];
				fams[m - 1] = t;
			}
		}
		for (j = 0; j < nf; j++)
			if (strcmp(fams[j], "security") != 0)
				json_array_append_new(tags, jstr(fams[j]));
		free(fams);
		json_object_set_new(props, "tags", tags);
		json_object_set_new(props, "precision", json_string("high"));
		json_object_set_new(r, "properties", props);
		json_array_append_new(rules, r);
	}

	for (i = 0; i < rep->nfindings; i++) {
		const struct finding *f = rep->findings[i];
		const char *check = f->check ? f->check : "unknown";
		json_t *res = json_object(), *locs = json_array();
		json_t *fp_ = json_object(), *props = json_object();

		for (j = 0; j < nr; j++)
			if (strcmp(rv[j].check, check) == 0)
				break;
		json_object_set_new(res, "ruleId", jstr(check));
		json_object_set_new(res, "ruleIndex", json_integer((json_int_t)j));
		json_object_set_new(res, "level", json_string(level(f->sev)));
		json_object_set_new(res, "message", text(f->title));
		json_array_append_new(locs, location(f->path));
		json_object_set_new(res, "locations", locs);
		json_object_set_new(fp_, "primaryLocationLineHash", jstr(f->id));
		json_object_set_new(fp_, "privmapFindingId/v1", jstr(f->id));
		json_object_set_new(res, "partialFingerprints", fp_);
		/* the CI gate's verdict (SARIF 2.1.0 sections 3.27.24
		 * baselineState and 3.27.23 suppressions) */
		if (f->gate == 1)
			json_object_set_new(res, "baselineState",
			    json_string("unchanged"));
		else if (f->gate == 2) {
			json_t *sup = json_object(), *sa = json_array();

			json_object_set_new(sup, "kind", json_string("external"));
			json_object_set_new(sup, "status",
			    json_string("accepted"));
			if (f->suppressed)
				json_object_set_new(sup, "justification",
				    output_jstr(f->suppressed));
			json_array_append_new(sa, sup);
			json_object_set_new(res, "suppressions", sa);
		}
		json_object_set_new(props, "id", jstr(f->id));
		json_object_set_new(props, "family", jstr(f->family));
		json_object_set_new(props, "severity",
		    json_string(severity_name(f->sev)));
		s = score_str(f->score);
		json_object_set_new(props, "security-severity", json_string(s));
		free(s);
		if (f->evidence != NULL && json_is_object(f->evidence))
			json_object_set_new(props, "evidence",
			    output_json_clean(f->evidence));
		json_object_set_new(res, "properties", props);
		json_array_append_new(results, res);
	}

	json_object_set_new(driver, "name", json_string("privmap"));
	json_object_set_new(driver, "version", json_string(PACKAGE_VERSION));
	json_object_set_new(driver, "semanticVersion",
	    json_string(PACKAGE_VERSION));
	json_object_set_new(driver, "rules", rules);
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(run, "tool", tool);

	bases = json_object();
	if (rep->kind == NULL || strcmp(rep->kind, "image") != 0) {
		json_t *base = json_object();
		struct buf b = { 0 };
		const char *root = (rep->kind && strcmp(rep->kind, "host") == 0)
		    ? "/" : (rep->root ? rep->root : "/");

		buf_adds(&b, "file://");
		if (root[0] != '/')
			buf_addc(&b, '/');
		uri_path(&b, root);
		if (b.data[b.len - 1] != '/')
			buf_addc(&b, '/');
		json_object_set_new(base, "uri", json_string(buf_str(&b)));
		json_object_set_new(base, "description",
		    text("the root of the scanned target"));
		json_object_set_new(bases, BASE_ID, base);
		buf_free(&b);
	} else {
		/* an image has no file: URI; the base stays unresolved
		 * (SARIF 3.14.14 lets a consumer supply it) */
		json_t *base = json_object();
		char *d = xasprintf("the root filesystem of image %s",
		    rep->root ? rep->root : "?");

		json_object_set_new(base, "description", text(d));
		json_object_set_new(bases, BASE_ID, base);
		free(d);
	}
	json_object_set_new(run, "originalUriBaseIds", bases);
	json_object_set_new(run, "results", results);
	{
		json_t *props = json_object(), *tgt = json_object();

		json_object_set_new(tgt, "kind", jstr(rep->kind));
		json_object_set_new(tgt, "root", jstr(rep->root));
		json_object_set_new(tgt, "user", rep->user_name ?
		    jstr(rep->user_name) : json_null());
		json_object_set_new(tgt, "uid", json_integer(rep->uid));
		json_object_set_new(props, "target", tgt);
		json_object_set_new(run, "properties", props);
	}
	json_array_append_new(runs, run);
	json_object_set_new(log, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(log, "version", json_string("2.1.0"));
	json_object_set_new(log, "runs", runs);

	for (i = 0; i < nr; i++)
		json_decref(rv[i].families);
	free(rv);
	ret = output_json_doc(fp, log, JSON_INDENT(2), why);
	json_decref(log);
	return ret;
}
