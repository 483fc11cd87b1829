/*
 * sarif.c: a report as a SARIF 2.1.0 log (OASIS Static Analysis Results
 * Interchange Format, Version 2.1.0, errata 01), for code-scanning gates
 * such as GitHub code scanning. docs/sarif.md describes the log for its
 * readers; this file must stay in step with it.
 *
 * One run. One rule (reportingDescriptor) per kind of finding: a check at
 * one severity, id "CHECK/SEVERITY". Its severity is fixed, so the
 * properties.security-severity it carries (how GitHub code scanning ranks
 * a result: critical 9.0 and over, high 7.0-8.9, medium 4.0-6.9, low
 * below, per GitHub's "SARIF support for code scanning") is true for every
 * result under it; info rules carry none and show as notes. Its texts
 * describe the kind; what one finding says and how to fix it go in that
 * result's message.
 *
 * Paths are inside the scanned root: their URIs are relative to the
 * uriBaseId TARGETROOT, which originalUriBaseIds resolves to the root as
 * a file: URI (SARIF 3.14.14: an absolute URI ending in "/"). A network
 * service (tcp://HOST:PORT) is no artifact: it is a logicalLocation
 * (3.33) of kind "resource", and its physical location is the file that
 * opens it (the finding's config_file) or the kernel's table that lists
 * it (proc/net/tcp, tcp6), since GitHub rejects a result without a file
 * and any URI scheme but file. A line the finding names goes into
 * region.startLine, on the primary location when it is a line of that
 * file, else on a related location.
 *
 * With a baseline, every result has a baselineState (3.27.24: all or
 * none): new, unchanged or updated (another severity); each baseline
 * finding that is gone is an "absent" result of kind "pass".
 *
 * Reads only the report, never the target; same report, same bytes.
 * Never writes an artifact URI with a scheme other than file:.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/output.h"
#include "known/families.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/" \
	"sarif-schema-2.1.0.json"
#define BASE_ID "TARGETROOT"
#define DOC_PAGE "sarif.md"

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

static json_t *
text(const char *s)
{
	json_t *m = json_object();

	json_object_set_new(m, "text", output_jtext(s));
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

/* The rule's fixed security-severity: the middle of GitHub's band for
 * the severity (its documented thresholds 9.0, 7.0, 4.0, 0.1); none for
 * info, which GitHub then shows by level, as a note. */
static const char *
rule_score(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
		return "9.5";
	case SEV_HIGH:
		return "8.0";
	case SEV_MEDIUM:
		return "5.5";
	case SEV_LOW:
		return "2.0";
	default:
		return NULL;
	}
}

static const char *const sev_blurb[SEV_COUNT] = {
	"Rated info: recorded for context, not a weakness by itself.",
	"Rated low: a small exposure, or one that needs conditions the "
	    "user does not control.",
	"Rated medium: it weakens a boundary or reaches another account, "
	    "but not root by itself.",
	"Rated high: a route to root or to another account that needs one "
	    "more step or event (a password, a login, a restart, a job "
	    "that runs later).",
	"Rated critical: a direct route to root or its equivalent.",
};

/* tcp://HOST:PORT (or udp://) as the checks write a network service */
static int
is_net(const char *p)
{
	size_t i;

	if (p == NULL || (strncmp(p, "tcp://", 6) != 0 &&
	    strncmp(p, "udp://", 6) != 0))
		return 0;
	for (i = 6; p[i]; i++)
		if ((unsigned char)p[i] <= ' ' || (unsigned char)p[i] >= 0x7f)
			return 0;
	return 1;
}

/* a line number from the evidence: 1 .. INT32_MAX, else 0 */
static long
ev_line(json_t *ev, const char *key)
{
	json_t *v = json_object_get(ev, key);
	json_int_t n;

	if (!json_is_integer(v))
		return 0;
	n = json_integer_value(v);
	return n >= 1 && n <= INT32_MAX ? (long)n : 0;
}

static const char *
ev_str(json_t *ev, const char *key)
{
	const char *s = json_string_value(json_object_get(ev, key));

	return s && s[0] ? s : NULL;
}

/* a physicalLocation: path relative to TARGETROOT, and the line if any */
static json_t *
physical(const char *path, long line)
{
	json_t *phys = json_object(), *art = json_object();
	struct buf b = { 0 };
	const char *p = path ? path : "";

	while (*p == '/')
		p++;
	uri_path(&b, p);
	json_object_set_new(art, "uri",
	    output_jtext(b.len ? buf_str(&b) : "."));
	json_object_set_new(art, "uriBaseId", json_string(BASE_ID));
	json_object_set_new(phys, "artifactLocation", art);
	if (line > 0) {
		json_t *reg = json_object();

		json_object_set_new(reg, "startLine", json_integer(line));
		json_object_set_new(phys, "region", reg);
	}
	buf_free(&b);
	return phys;
}

/*
 * The result's locations and relatedLocations for a finding's path and
 * evidence (ev may be NULL). The line keys the checks write: "line" of
 * the evidence's "file", "crontab" or "dropin" (else of the path), and
 * "config_line" of "config_file".
 */
static void
locate(json_t *res, const char *path, json_t *ev)
{
	json_t *loc = json_object(), *locs = json_array(), *rel = json_array();
	const char *lfile, *cfile = ev_str(ev, "config_file");
	long line = ev_line(ev, "line"), cline = ev_line(ev, "config_line");
	long here = 0;

	if ((lfile = ev_str(ev, "file")) == NULL &&
	    (lfile = ev_str(ev, "crontab")) == NULL &&
	    (lfile = ev_str(ev, "dropin")) == NULL)
		lfile = path;
	if (is_net(path)) {
		/* the service by name; the file that opens or lists it */
		json_t *ll = json_object(), *lls = json_array();
		const char *hp = path + 6;

		json_object_set_new(ll, "name", output_jtext(hp));
		json_object_set_new(ll, "fullyQualifiedName",
		    output_jtext(path));
		json_object_set_new(ll, "kind", json_string("resource"));
		json_array_append_new(lls, ll);
		json_object_set_new(loc, "logicalLocations", lls);
		if (cfile) {
			json_object_set_new(loc, "physicalLocation",
			    physical(cfile, cline));
			cfile = NULL;
		} else
			json_object_set_new(loc, "physicalLocation", physical(
			    strncmp(path, "udp", 3) == 0 ? hp[0] == '[' ?
			    "/proc/net/udp6" : "/proc/net/udp" : hp[0] == '[' ?
			    "/proc/net/tcp6" : "/proc/net/tcp", 0));
	} else {
		if (line > 0 && lfile && path && strcmp(lfile, path) == 0) {
			here = line;
			line = 0;
		} else if (cline > 0 && cfile && path &&
		    strcmp(cfile, path) == 0) {
			here = cline;
			cfile = NULL;
		}
		json_object_set_new(loc, "physicalLocation",
		    physical(path, here));
	}
	json_array_append_new(locs, loc);
	json_object_set_new(res, "locations", locs);
	if (line > 0 && lfile && !is_net(lfile)) {
		json_t *r = json_object();
		char *m = xasprintf("line %ld of %s", line, lfile);

		json_object_set_new(r, "id", json_integer(1));
		json_object_set_new(r, "physicalLocation",
		    physical(lfile, line));
		json_object_set_new(r, "message", text(m));
		json_array_append_new(rel, r);
		free(m);
	}
	if (cline > 0 && cfile && !is_net(cfile)) {
		json_t *r = json_object();
		char *m = xasprintf("line %ld of %s", cline, cfile);

		json_object_set_new(r, "id", json_integer(
		    (json_int_t)json_array_size(rel) + 1));
		json_object_set_new(r, "physicalLocation",
		    physical(cfile, cline));
		json_object_set_new(r, "message", text(m));
		json_array_append_new(rel, r);
		free(m);
	}
	if (json_array_size(rel) > 0)
		json_object_set_new(res, "relatedLocations", rel);
	else
		json_decref(rel);
}

/* one rule: a check at one severity */
struct rule {
	char		*id;		/* CHECK/SEVERITY */
	const char	*check;
	enum severity	 sev;
	json_t		*families;	/* set of family names */
};

struct rules {
	struct rule	*v;
	size_t		 n;
};

static size_t
rule_get(struct rules *rs, const char *check, enum severity sev)
{
	size_t j;

	if ((unsigned)sev >= SEV_COUNT)
		sev = SEV_INFO;
	for (j = 0; j < rs->n; j++)
		if (rs->v[j].sev == sev && strcmp(rs->v[j].check, check) == 0)
			return j;
	rs->v = xreallocarray(rs->v, rs->n + 1, sizeof *rs->v);
	rs->v[j].id = xasprintf("%s/%s", check, severity_name(sev));
	rs->v[j].check = check;
	rs->v[j].sev = sev;
	rs->v[j].families = json_object();
	rs->n++;
	return j;
}

static size_t
rule_find(const struct rules *rs, const char *check, int sev)
{
	size_t j;

	for (j = 0; j < rs->n; j++)
		if ((int)rs->v[j].sev == sev &&
		    strcmp(rs->v[j].check, check) == 0)
			return j;
	return 0;
}

static int
cmp_rule(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->id,
	    ((const struct rule *)b)->id);
}

/* "sudo-all/critical" -> "SudoAllCritical" (SARIF 3.49.7 name: a
 * readable identifier, distinct from the id) */
static char *
rule_name(const char *id)
{
	struct buf b = { 0 };
	int up = 1;

	for (; *id; id++) {
		unsigned char c = (unsigned char)*id;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9')) {
			buf_addc(&b, up && c >= 'a' && c <= 'z' ?
			    (char)(c - 'a' + 'A') : (char)c);
			up = 0;
		} else
			up = 1;
	}
	if (b.len == 0)
		buf_adds(&b, "Unknown");
	return buf_str(&b);	/* the caller frees the buffer's data */
}

/* The documentation's address: --with-docs-url, else the installed
 * docs/sarif.md as a file: URI (helpUri is an absolute URI, 3.49.12) */
static char *
doc_uri(const char *anchor)
{
	struct buf b = { 0 };
	char *s;

#ifdef PRIVMAP_DOCS_URL
	buf_adds(&b, PRIVMAP_DOCS_URL);
	if (b.len && b.data[b.len - 1] != '/')
		buf_addc(&b, '/');
#else
	buf_adds(&b, "file://");
	uri_path(&b, PRIVMAP_DOCDIR);
	buf_addc(&b, '/');
#endif
	buf_adds(&b, DOC_PAGE);
	if (anchor) {
		buf_addc(&b, '#');
		uri_path(&b, anchor);
	}
	s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static json_t *
rule_json(const struct rule *r)
{
	json_t *o = json_object(), *props = json_object();
	json_t *tags = json_array(), *cfg = json_object();
	json_t *help = json_object();
	const struct known_text *k = known_kind_text(r->check);
	const char **fams, *key, *score = rule_score(r->sev);
	json_t *v;
	size_t nf = 0, j;
	char *s, *full, *name = rule_name(r->id);

	json_object_set_new(o, "id", output_jtext(r->id));
	json_object_set_new(o, "name", output_jtext(name));
	free(name);
	if (k) {
		s = xasprintf("%s (%s)", k->shortd, severity_name(r->sev));
		full = xasprintf("%s %s", k->fulld, sev_blurb[r->sev]);
	} else {
		s = xasprintf("privmap check %s (%s)", r->check,
		    severity_name(r->sev));
		full = xasprintf("Findings of the privmap check %s. %s",
		    r->check, sev_blurb[r->sev]);
	}
	json_object_set_new(o, "shortDescription", text(s));
	json_object_set_new(o, "fullDescription", text(full));
	free(s);
	s = xasprintf("%s\n\nWhat to do: %s Each result's message says what "
	    "was found and, when privmap knows it, the command that closes "
	    "it.", full, k ? k->help : "see the result's message.");
	json_object_set_new(help, "text", output_jtext(s));
	json_object_set_new(o, "help", help);
	free(s);
	free(full);
	/* the check's heading in docs/sarif.md, or the list of them */
	s = doc_uri(k ? r->check : "the-kinds-of-finding");
	json_object_set_new(o, "helpUri", output_jtext(s));
	free(s);
	json_object_set_new(cfg, "level", json_string(level(r->sev)));
	json_object_set_new(o, "defaultConfiguration", cfg);
	if (score)
		json_object_set_new(props, "security-severity",
		    json_string(score));
	json_object_set_new(props, "severity",
	    json_string(severity_name(r->sev)));
	json_array_append_new(tags, json_string("security"));
	fams = xcalloc(json_object_size(r->families) + 1, sizeof *fams);
	json_object_foreach(r->families, key, v)
		fams[nf++] = key;
	for (j = 1; j < nf; j++) {	/* few: insertion sort */
		size_t m;

		for (m = j; m > 0 && strcmp(fams[m - 1], fams[m]) > 0; m--) {
			const char *t = fams[m];

			fams[m] = fams[m - 1];
			fams[m - 1] = t;
		}
	}
	for (j = 0; j < nf; j++)
		if (strcmp(fams[j], "security") != 0)
			json_array_append_new(tags, output_jtext(fams[j]));
	free(fams);
	json_object_set_new(props, "tags", tags);
	json_object_set_new(props, "precision", json_string("high"));
	json_object_set_new(o, "properties", props);
	return o;
}

/* "TITLE. Remediation: TEXT." (SARIF2001: messages end with a period) */
static json_t *
message(const char *title, const char *rem, const char *prefix)
{
	struct buf b = { 0 };
	json_t *m;

	if (prefix)
		buf_adds(&b, prefix);
	buf_adds(&b, title && title[0] ? title : "(no title)");
	if (b.data[b.len - 1] != '.')
		buf_addc(&b, '.');
	if (rem && rem[0]) {
		buf_adds(&b, " Remediation: ");
		buf_adds(&b, rem);
		if (b.data[b.len - 1] != '.')
			buf_addc(&b, '.');
	}
	m = text(buf_str(&b));
	buf_free(&b);
	return m;
}

static const char *
base_name(int st)
{
	switch (st) {
	case BASE_NEW:
		return "new";
	case BASE_UPDATED:
		return "updated";
	default:
		return "unchanged";
	}
}

static json_t *
finding_result(const struct finding *f, const char *rule_id, size_t ri)
{
	json_t *res = json_object(), *fp = json_object();
	json_t *props = json_object();
	char *s;

	json_object_set_new(res, "ruleId", output_jtext(rule_id));
	json_object_set_new(res, "ruleIndex", json_integer((json_int_t)ri));
	json_object_set_new(res, "kind", json_string("fail"));
	json_object_set_new(res, "level", json_string(level(f->sev)));
	json_object_set_new(res, "message", message(f->title, f->remediation,
	    NULL));
	locate(res, f->path, json_is_object(f->evidence) ? f->evidence :
	    NULL);
	json_object_set_new(fp, "primaryLocationLineHash", output_jtext(f->id));
	json_object_set_new(fp, "privmapFindingId/v1", output_jtext(f->id));
	json_object_set_new(res, "partialFingerprints", fp);
	if (f->baseline != BASE_NONE)
		json_object_set_new(res, "baselineState",
		    json_string(base_name(f->baseline)));
	/* the CI gate's ignore file (3.27.23 suppressions) */
	if (f->gate == GATE_IGNORED) {
		json_t *sup = json_object(), *sa = json_array();

		json_object_set_new(sup, "kind", json_string("external"));
		json_object_set_new(sup, "status", json_string("accepted"));
		if (f->suppressed)
			json_object_set_new(sup, "justification",
			    output_jstr(f->suppressed));
		json_array_append_new(sa, sup);
		json_object_set_new(res, "suppressions", sa);
	}
	json_object_set_new(props, "id", output_jtext(f->id));
	json_object_set_new(props, "check", output_jtext(f->check));
	json_object_set_new(props, "family", output_jtext(f->family));
	json_object_set_new(props, "severity",
	    json_string(severity_name(f->sev)));
	/* the finding's own score, inside its rule's band */
	s = xasprintf("%.1f", f->score);
	json_object_set_new(props, "security-severity", json_string(s));
	free(s);
	if (f->remediation)
		json_object_set_new(props, "remediation",
		    output_jtext(f->remediation));
	if (json_is_object(f->evidence))
		json_object_set_new(props, "evidence",
		    output_json_clean(f->evidence));
	json_object_set_new(res, "properties", props);
	return res;
}

/* a baseline finding no longer found: kind pass, level none (3.27.9,
 * 3.27.10), baselineState absent, its old id as the fingerprint */
static json_t *
absent_result(json_t *fx, const char *rule_id, size_t ri)
{
	json_t *res = json_object(), *fp = json_object();
	json_t *props = json_object();
	const char *id = json_string_value(json_object_get(fx, "id"));
	const char *sev = json_string_value(json_object_get(fx, "severity"));

	json_object_set_new(res, "ruleId", output_jtext(rule_id));
	json_object_set_new(res, "ruleIndex", json_integer((json_int_t)ri));
	json_object_set_new(res, "kind", json_string("pass"));
	json_object_set_new(res, "level", json_string("none"));
	json_object_set_new(res, "message", message(json_string_value(
	    json_object_get(fx, "title")), NULL, "Fixed since the baseline: "));
	locate(res, json_string_value(json_object_get(fx, "path")), NULL);
	json_object_set_new(fp, "primaryLocationLineHash", output_jtext(id));
	json_object_set_new(fp, "privmapFindingId/v1", output_jtext(id));
	json_object_set_new(res, "partialFingerprints", fp);
	json_object_set_new(res, "baselineState", json_string("absent"));
	json_object_set_new(props, "id", output_jtext(id));
	json_object_set_new(props, "check", output_jtext(json_string_value(
	    json_object_get(fx, "check"))));
	if (sev)
		json_object_set_new(props, "severity", output_jtext(sev));
	json_object_set_new(res, "properties", props);
	return res;
}

/* the fixed findings of the gate's verdict, when a baseline was given */
static json_t *
fixed_list(const struct report *rep)
{
	json_t *fx = json_object_get(rep->gate, "fixed");

	return json_is_array(fx) ? fx : NULL;
}

static const char *
fixed_check(json_t *fx)
{
	const char *c = json_string_value(json_object_get(fx, "check"));

	return c && c[0] ? c : "unknown";
}

static int
fixed_sev(json_t *fx)
{
	const char *name = json_string_value(json_object_get(fx, "severity"));
	int s = name ? severity_parse(name) : -1;

	return s < 0 ? SEV_INFO : s;
}

static json_t *
target_base(const struct report *rep)
{
	json_t *bases = json_object(), *base = json_object();

	if (rep->kind == NULL || strcmp(rep->kind, "image") != 0) {
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
		    text("The root of the scanned target."));
		buf_free(&b);
	} else {
		/* an image has no file: URI; the base stays unresolved
		 * (SARIF 3.14.14 lets a consumer supply it) */
		char *d = xasprintf("The root filesystem of image %s.",
		    rep->root ? rep->root : "?");

		json_object_set_new(base, "description", text(d));
		free(d);
	}
	json_object_set_new(bases, BASE_ID, base);
	return bases;
}

/* what result_json makes the results from */
struct results_ctx {
	const struct report	*rep;
	const struct rules	*rs;
	json_t			*fixed;
};

/* result i: the report's findings, then the baseline's fixed ones
 * (output_json_doc_array_at's maker) */
static json_t *
result_json(size_t i, void *arg)
{
	const struct results_ctx *c = arg;
	size_t j;

	if (i < c->rep->nfindings) {
		const struct finding *f = c->rep->findings[i];

		j = rule_find(c->rs, f->check ? f->check : "unknown",
		    (unsigned)f->sev < SEV_COUNT ? (int)f->sev : SEV_INFO);
		return finding_result(f, c->rs->v[j].id, j);
	} else {
		json_t *fx = json_array_get(c->fixed, i - c->rep->nfindings);

		j = rule_find(c->rs, fixed_check(fx), fixed_sev(fx));
		return absent_result(fx, c->rs->v[j].id, j);
	}
}

/* The log for a finished report (output.h) */
int
output_sarif(const struct report *rep, FILE *fp, const char **why)
{
	json_t *log = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *driver = json_object();
	json_t *rules = json_array();
	json_t *fixed = fixed_list(rep), *fx;
	struct rules rs = { NULL, 0 };
	struct results_ctx rc;
	size_t i, j;
	char *s;
	int ret;

	/* the rules: every finding's and every fixed one's kind */
	for (i = 0; i < rep->nfindings; i++) {
		const struct finding *f = rep->findings[i];
		const char *fam = f->family ? f->family : "unknown";
		json_t *k = output_jtext(fam);

		j = rule_get(&rs, f->check ? f->check : "unknown", f->sev);
		json_object_set_new(rs.v[j].families, json_string_value(k),
		    json_true());
		json_decref(k);
	}
	json_array_foreach(fixed, i, fx)
		(void)rule_get(&rs, fixed_check(fx), fixed_sev(fx));
	if (rs.n > 1)
		qsort(rs.v, rs.n, sizeof *rs.v, cmp_rule);
	for (j = 0; j < rs.n; j++)
		json_array_append_new(rules, rule_json(&rs.v[j]));


	json_object_set_new(driver, "name", json_string("privmap"));
	json_object_set_new(driver, "version", json_string(PACKAGE_VERSION));
	json_object_set_new(driver, "semanticVersion",
	    json_string(PACKAGE_VERSION));
	s = doc_uri(NULL);
	json_object_set_new(driver, "informationUri", output_jtext(s));
	free(s);
	json_object_set_new(driver, "rules", rules);
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "originalUriBaseIds", target_base(rep));
	/* its place; the results are made as they are written (one per
	 * finding and per fixed one: 300k are gigabytes as JSON values) */
	json_object_set_new(run, "results", json_null());
	{
		json_t *props = json_object(), *tgt = json_object();

		json_object_set_new(tgt, "kind", output_jtext(rep->kind));
		json_object_set_new(tgt, "root", output_jtext(rep->root));
		json_object_set_new(tgt, "user", rep->user_name ?
		    output_jtext(rep->user_name) : json_null());
		json_object_set_new(tgt, "uid", json_integer(rep->uid));
		json_object_set_new(props, "target", tgt);
		json_object_set_new(run, "properties", props);
	}
	json_array_append_new(runs, run);
	json_object_set_new(log, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(log, "version", json_string("2.1.0"));
	json_object_set_new(log, "runs", runs);

	rc.rep = rep;
	rc.rs = &rs;
	rc.fixed = fixed;
	/* log 0, runs 1, the run 2: its results are at depth 3 */
	ret = output_json_doc_array_at(fp, log, JSON_INDENT(2), run, "results",
	    2, rep->nfindings + json_array_size(fixed), result_json, &rc, why);
	for (j = 0; j < rs.n; j++) {
		free(rs.v[j].id);
		json_decref(rs.v[j].families);
	}
	free(rs.v);
	json_decref(log);
	return ret;
}
