/*
 * fleet.c: privmap fleet's model (fleet.h): each host's saved report read
 * with the streaming reader (report_load_top, so a hostile report is
 * refused as rules, policy and fix refuse it), folded into the host's row
 * and the counts of each kind of finding, then freed; the ranks; the
 * comparison with a previous fleet run; the JSON of docs/fleet.md. Every
 * string it keeps from a report or a file name is in the docs/paths.md
 * form. It never opens a file and never holds two reports at once.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/fleet.h"
#include "lib/pathenc.h"
#include "lib/xmalloc.h"

static char	why_buf[600];

static char *
enc(const char *s)
{
	return pathenc_encode(s, strlen(s));
}

/* the string member key of o, or NULL if missing or not a string */
static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

void
fleet_init(struct fleet *fl)
{
	memset(fl, 0, sizeof *fl);
	fl->host_idx.copies = 1;
	fl->kind_idx.copies = 1;
}

void
fleet_free(struct fleet *fl)
{
	size_t i, j;

	for (i = 0; i < fl->nhosts; i++) {
		struct fleet_host *h = &fl->hosts[i];

		for (j = 0; j < h->nfinds; j++) {
			free(h->finds[j].id);
			free(h->finds[j].path);
		}
		free(h->finds);
		free(h->name);
		free(h->report);
		free(h->kind);
		free(h->root);
		free(h->user);
	}
	for (i = 0; i < fl->nkinds; i++) {
		free(fl->kinds[i].check);
		free(fl->kinds[i].family);
		free(fl->kinds[i].hosts);
	}
	for (i = 0; i < fl->ngone_hosts; i++)
		free(fl->gone_hosts[i]);
	free(fl->gone_hosts);
	free(fl->hosts);
	free(fl->kinds);
	free(fl->host_order);
	free(fl->kind_order);
	free(fl->base_path);
	strmap_free(&fl->host_idx);
	strmap_free(&fl->kind_idx);
}

/* The kind of a finding, added on first sight: its index. */
static size_t
kind_of(struct fleet *fl, const struct finding *f)
{
	struct fleet_kind *k;
	char *check = enc(f->check);
	size_t i = strmap_gets(&fl->kind_idx, check);

	if (i != STRMAP_NONE) {
		free(check);
		return i;
	}
	fl->kinds = xgrow(fl->kinds, fl->nkinds, sizeof *fl->kinds);
	k = &fl->kinds[fl->nkinds];
	memset(k, 0, sizeof *k);
	k->check = check;
	k->family = enc(f->family);
	k->worst = f->sev;
	strmap_adds(&fl->kind_idx, check, fl->nkinds, NULL);
	return fl->nkinds++;
}

static int
find_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fleet_find *)a)->id,
	    ((const struct fleet_find *)b)->id);
}

/* Fold the findings of rep into host h (index hi). */
static void
fold(struct fleet *fl, size_t hi, const struct report *rep)
{
	struct fleet_host *h = &fl->hosts[hi];
	size_t i;

	h->finds = xcalloc(rep->nfindings ? rep->nfindings : 1,
	    sizeof *h->finds);
	for (i = 0; i < rep->nfindings; i++) {
		const struct finding *f = rep->findings[i];
		struct fleet_find *ff = &h->finds[h->nfinds++];
		size_t ki = kind_of(fl, f);
		struct fleet_kind *k = &fl->kinds[ki];

		ff->id = xstrdup(f->id);
		ff->kind = ki;
		ff->sev = f->sev;
		ff->path = enc(f->path ? f->path : "");
		h->by_sev[f->sev]++;
		if ((int)f->sev > h->worst)
			h->worst = f->sev;
		if ((int)f->sev > k->worst)
			k->worst = f->sev;
		k->nfinds++;
		/* hosts are folded one after the other: the last one
		 * counted says whether this one is */
		if (k->last != hi + 1) {
			k->hosts = xgrow(k->hosts, k->nhosts,
			    sizeof *k->hosts);
			k->hosts[k->nhosts++] = hi;
			k->last = hi + 1;
		}
	}
	qsort(h->finds, h->nfinds, sizeof *h->finds, find_cmp);
	h->score = rep->max_score;
}

/* graph.paths_total of a report's top level: the count, -1 without a
 * graph, -2 for a graph whose count is not one */
static long long
graph_paths(const json_t *top)
{
	const json_t *g = json_object_get(top, "graph");
	const json_t *n;

	if (g == NULL)
		return -1;
	n = json_object_get(g, "paths_total");
	if (!json_is_object(g) || !json_is_integer(n) ||
	    json_integer_value(n) < 0)
		return -2;
	return json_integer_value(n);
}

int
fleet_add(struct fleet *fl, const char *name, const char *report, FILE *fp,
    const char **why)
{
	struct report_load_err err;
	struct fleet_host *h;
	struct report *rep = NULL;
	json_t *top = NULL;
	char *ename = enc(name);
	long long paths;
	int rv = -1;

	*why = why_buf;
	if (strmap_gets(&fl->host_idx, ename) != STRMAP_NONE) {
		snprintf(why_buf, sizeof why_buf, "host %s: named twice (two "
		    "reports give it)", ename);
		goto out;
	}
	/* streamed and checked: the refusals of rules, policy and fix */
	if ((rep = report_load_top(fp, &err, &top)) == NULL) {
		if (err.json)
			snprintf(why_buf, sizeof why_buf, "%u: not JSON: %s",
			    err.line, err.text);
		else
			snprintf(why_buf, sizeof why_buf, "not a privmap "
			    "report: %s", err.why);
		goto out;
	}
	if ((paths = graph_paths(top)) == -2) {
		snprintf(why_buf, sizeof why_buf, "not a privmap report: "
		    "graph.paths_total: not a count");
		goto out;
	}
	fl->hosts = xgrow(fl->hosts, fl->nhosts, sizeof *fl->hosts);
	h = &fl->hosts[fl->nhosts];
	memset(h, 0, sizeof *h);
	h->name = ename;
	ename = NULL;
	h->report = enc(report);
	h->kind = enc(rep->kind ? rep->kind : "");
	h->root = enc(rep->root ? rep->root : "");
	h->user = rep->user_name ? enc(rep->user_name) :
	    xasprintf("%lu", (unsigned long)rep->uid);
	h->worst = -1;
	h->paths = paths;
	strmap_adds(&fl->host_idx, h->name, fl->nhosts, NULL);
	fold(fl, fl->nhosts, rep);
	fl->nhosts++;
	rv = 0;
out:
	free(ename);
	json_decref(top);
	report_free(rep);
	return rv;
}

/* the fleet whose hosts the comparisons below rank (qsort has no
 * context argument) */
static const struct fleet *ranking;

static int
host_rank(const void *a, const void *b)
{
	const struct fleet_host *x = &ranking->hosts[*(const size_t *)a];
	const struct fleet_host *y = &ranking->hosts[*(const size_t *)b];

	if (x->worst != y->worst)
		return x->worst > y->worst ? -1 : 1;
	if (x->paths != y->paths)
		return x->paths > y->paths ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->nfinds != y->nfinds)
		return x->nfinds > y->nfinds ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int
kind_rank(const void *a, const void *b)
{
	const struct fleet_kind *x = &ranking->kinds[*(const size_t *)a];
	const struct fleet_kind *y = &ranking->kinds[*(const size_t *)b];

	if (x->worst != y->worst)
		return x->worst > y->worst ? -1 : 1;
	if (x->nhosts != y->nhosts)
		return x->nhosts > y->nhosts ? -1 : 1;
	return strcmp(x->check, y->check);
}

/* the rank of each host, for the order of a kind's hosts */
static size_t	*host_pos;

static int
pos_cmp(const void *a, const void *b)
{
	size_t x = host_pos[*(const size_t *)a];
	size_t y = host_pos[*(const size_t *)b];

	return x < y ? -1 : x > y;
}

void
fleet_finish(struct fleet *fl)
{
	size_t i;

	free(fl->host_order);
	free(fl->kind_order);
	fl->host_order = xcalloc(fl->nhosts + 1, sizeof *fl->host_order);
	fl->kind_order = xcalloc(fl->nkinds + 1, sizeof *fl->kind_order);
	for (i = 0; i < fl->nhosts; i++)
		fl->host_order[i] = i;
	for (i = 0; i < fl->nkinds; i++)
		fl->kind_order[i] = i;
	ranking = fl;
	qsort(fl->host_order, fl->nhosts, sizeof *fl->host_order, host_rank);
	qsort(fl->kind_order, fl->nkinds, sizeof *fl->kind_order, kind_rank);
	/* each kind's hosts in the order of the ranking */
	host_pos = xcalloc(fl->nhosts + 1, sizeof *host_pos);
	for (i = 0; i < fl->nhosts; i++)
		host_pos[fl->host_order[i]] = i;
	for (i = 0; i < fl->nkinds; i++)
		qsort(fl->kinds[i].hosts, fl->kinds[i].nhosts,
		    sizeof *fl->kinds[i].hosts, pos_cmp);
	free(host_pos);
	host_pos = NULL;
	ranking = NULL;
}

/* ---- a previous run ---------------------------------------------------- */

/* Check a previous run's document: 0, or -1 with *why. */
static int
base_check(const json_t *prev, const char **why)
{
	const json_t *hosts = json_object_get(prev, "hosts");
	const json_t *kinds = json_object_get(prev, "kinds");
	const json_t *e, *v;
	size_t i, j;

	*why = why_buf;
	if (!json_is_object(prev) || jstr(prev, "schema") == NULL ||
	    strcmp(jstr(prev, "schema"), FLEET_SCHEMA) != 0) {
		snprintf(why_buf, sizeof why_buf, "schema: not %s",
		    FLEET_SCHEMA);
		return -1;
	}
	if (!json_is_array(hosts) || !json_is_array(kinds)) {
		snprintf(why_buf, sizeof why_buf, "hosts, kinds: arrays "
		    "expected");
		return -1;
	}
	json_array_foreach(hosts, i, e) {
		if (jstr(e, "name") == NULL ||
		    !json_is_array(json_object_get(e, "ids")))
			goto bad_host;
		json_array_foreach(json_object_get(e, "ids"), j, v)
			if (!json_is_string(v))
				goto bad_host;
	}
	json_array_foreach(kinds, i, e) {
		if (jstr(e, "check") == NULL ||
		    !json_is_array(json_object_get(e, "host_names")))
			goto bad_kind;
		json_array_foreach(json_object_get(e, "host_names"), j, v)
			if (!json_is_string(v))
				goto bad_kind;
	}
	return 0;
bad_host:
	snprintf(why_buf, sizeof why_buf, "hosts[%zu]: a \"name\" string "
	    "and an \"ids\" array of strings expected", i);
	return -1;
bad_kind:
	snprintf(why_buf, sizeof why_buf, "kinds[%zu]: a \"check\" string "
	    "and a \"host_names\" array of strings expected", i);
	return -1;
}

/* Mark the findings of h not among the ids of its previous row ph, and
 * count those of ph now gone. */
static void
base_host(struct fleet *fl, struct fleet_host *h, const json_t *ph)
{
	struct strmap seen = { .copies = 1 };
	const json_t *ids = json_object_get(ph, "ids");
	const json_t *v;
	size_t i;

	json_array_foreach(ids, i, v)
		strmap_adds(&seen, json_string_value(v), 1, NULL);
	for (i = 0; i < h->nfinds; i++)
		if (strmap_gets(&seen, h->finds[i].id) == STRMAP_NONE) {
			h->finds[i].is_new = 1;
			h->nnew++;
		}
	json_array_foreach(ids, i, v) {
		struct fleet_find key;

		key.id = (char *)json_string_value(v);
		if (bsearch(&key, h->finds, h->nfinds, sizeof *h->finds,
		    find_cmp) == NULL)
			fl->nfixed++;
	}
	strmap_free(&seen);
}

int
fleet_baseline(struct fleet *fl, const char *path, json_t *prev,
    const char **why)
{
	struct strmap phosts = { .copies = 1 }, pkinds = { .copies = 1 };
	const json_t *hosts, *e, *v;
	size_t i, j, k;

	if (base_check(prev, why) == -1)
		return -1;
	fl->base_path = enc(path);
	hosts = json_object_get(prev, "hosts");
	json_array_foreach(hosts, i, e) {
		strmap_adds(&phosts, jstr(e, "name"), i, NULL);
		if (strmap_gets(&fl->host_idx, jstr(e, "name")) ==
		    STRMAP_NONE) {
			fl->gone_hosts = xgrow(fl->gone_hosts, fl->ngone_hosts,
			    sizeof *fl->gone_hosts);
			fl->gone_hosts[fl->ngone_hosts++] =
			    xstrdup(jstr(e, "name"));
		}
	}
	/* "CHECK\nHOST" for each kind a previous host had */
	json_array_foreach(json_object_get(prev, "kinds"), i, e) {
		json_array_foreach(json_object_get(e, "host_names"), j, v) {
			char *key = xasprintf("%s\n%s", jstr(e, "check"),
			    json_string_value(v));

			strmap_adds(&pkinds, key, 1, NULL);
			free(key);
		}
		strmap_adds(&pkinds, jstr(e, "check"), 1, NULL);
	}
	for (i = 0; i < fl->nhosts; i++) {
		struct fleet_host *h = &fl->hosts[i];
		size_t pi = strmap_gets(&phosts, h->name);

		if (pi == STRMAP_NONE) {
			h->is_new = 1;
			h->nnew = h->nfinds;
			for (j = 0; j < h->nfinds; j++)
				h->finds[j].is_new = 1;
		} else
			base_host(fl, h, json_array_get(hosts, pi));
	}
	for (k = 0; k < fl->nkinds; k++) {
		struct fleet_kind *kd = &fl->kinds[k];

		kd->is_new = strmap_gets(&pkinds, kd->check) == STRMAP_NONE;
		for (j = 0; j < kd->nhosts; j++) {
			char *key = xasprintf("%s\n%s", kd->check,
			    fl->hosts[kd->hosts[j]].name);

			if (strmap_gets(&pkinds, key) == STRMAP_NONE)
				kd->nnew_hosts++;
			free(key);
		}
	}
	strmap_free(&phosts);
	strmap_free(&pkinds);
	return 0;
}

/* ---- JSON -------------------------------------------------------------- */

static json_t *
sev_or_null(int sev)
{
	return sev < 0 ? json_null() : json_string(severity_name(sev));
}

static json_t *
host_json(const struct fleet *fl, const struct fleet_host *h)
{
	json_t *o = json_object(), *bs = json_object(), *ids = json_array();
	int s;
	size_t i;

	json_object_set_new(o, "name", json_string(h->name));
	json_object_set_new(o, "report", json_string(h->report));
	json_object_set_new(o, "kind", json_string(h->kind));
	json_object_set_new(o, "root", json_string(h->root));
	json_object_set_new(o, "user", json_string(h->user));
	json_object_set_new(o, "worst", sev_or_null(h->worst));
	json_object_set_new(o, "score", json_real(h->score));
	json_object_set_new(o, "findings", json_integer(h->nfinds));
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
		json_object_set_new(bs, severity_name(s),
		    json_integer(h->by_sev[s]));
	json_object_set_new(o, "by_severity", bs);
	json_object_set_new(o, "paths_to_root", h->paths < 0 ? json_null() :
	    json_integer(h->paths));
	json_object_set_new(o, "graph", json_boolean(h->paths >= 0));
	for (i = 0; i < h->nfinds; i++)
		json_array_append_new(ids, json_string(h->finds[i].id));
	json_object_set_new(o, "ids", ids);
	if (fl->base_path != NULL) {
		json_object_set_new(o, "new", json_boolean(h->is_new));
		json_object_set_new(o, "new_findings", json_integer(h->nnew));
	}
	return o;
}

static json_t *
kind_json(const struct fleet *fl, const struct fleet_kind *k)
{
	json_t *o = json_object(), *names = json_array();
	size_t i;

	json_object_set_new(o, "check", json_string(k->check));
	json_object_set_new(o, "family", json_string(k->family));
	json_object_set_new(o, "worst", json_string(severity_name(k->worst)));
	json_object_set_new(o, "hosts", json_integer(k->nhosts));
	for (i = 0; i < k->nhosts; i++)
		json_array_append_new(names,
		    json_string(fl->hosts[k->hosts[i]].name));
	json_object_set_new(o, "host_names", names);
	json_object_set_new(o, "findings", json_integer(k->nfinds));
	if (fl->base_path != NULL) {
		json_object_set_new(o, "new", json_boolean(k->is_new));
		json_object_set_new(o, "new_hosts",
		    json_integer(k->nnew_hosts));
	}
	return o;
}

static json_t *
base_json(const struct fleet *fl)
{
	json_t *o = json_object(), *nh = json_array(), *gh = json_array();
	json_t *nk = json_array(), *nf = json_array();
	size_t i, j;
	int s;

	json_object_set_new(o, "file", json_string(fl->base_path));
	for (i = 0; i < fl->nhosts; i++)
		if (fl->hosts[fl->host_order[i]].is_new)
			json_array_append_new(nh,
			    json_string(fl->hosts[fl->host_order[i]].name));
	/* the new findings, most severe first, hosts in their rank */
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
	for (i = 0; i < fl->nhosts; i++) {
		const struct fleet_host *h = &fl->hosts[fl->host_order[i]];

		for (j = 0; j < h->nfinds; j++) {
			const struct fleet_find *f = &h->finds[j];
			json_t *e;

			if (!f->is_new || (int)f->sev != s)
				continue;
			e = json_object();
			json_object_set_new(e, "host", json_string(h->name));
			json_object_set_new(e, "id", json_string(f->id));
			json_object_set_new(e, "check",
			    json_string(fl->kinds[f->kind].check));
			json_object_set_new(e, "severity",
			    json_string(severity_name(f->sev)));
			json_object_set_new(e, "path", json_string(f->path));
			json_array_append_new(nf, e);
		}
	}
	for (i = 0; i < fl->ngone_hosts; i++)
		json_array_append_new(gh, json_string(fl->gone_hosts[i]));
	for (i = 0; i < fl->nkinds; i++)
		if (fl->kinds[fl->kind_order[i]].is_new)
			json_array_append_new(nk, json_string(
			    fl->kinds[fl->kind_order[i]].check));
	json_object_set_new(o, "new_hosts", nh);
	json_object_set_new(o, "gone_hosts", gh);
	json_object_set_new(o, "new_kinds", nk);
	json_object_set_new(o, "new_findings", nf);
	json_object_set_new(o, "fixed_findings", json_integer(fl->nfixed));
	return o;
}

json_t *
fleet_to_json(const struct fleet *fl)
{
	json_t *o = json_object(), *tool = json_object(), *sum = json_object();
	json_t *bw = json_object(), *hosts = json_array(), *kinds = json_array();
	size_t i, worst[SEV_COUNT + 1] = { 0 }, nograph = 0;
	long long paths = 0;
	int s;

	json_object_set_new(o, "schema", json_string(FLEET_SCHEMA));
	json_object_set_new(tool, "name", json_string("privmap"));
	json_object_set_new(tool, "version", json_string(PACKAGE_VERSION));
	json_object_set_new(o, "tool", tool);
	for (i = 0; i < fl->nhosts; i++) {
		const struct fleet_host *h = &fl->hosts[fl->host_order[i]];

		worst[h->worst + 1]++;
		if (h->paths < 0)
			nograph++;
		else
			paths += h->paths;
		json_array_append_new(hosts, host_json(fl, h));
	}
	for (i = 0; i < fl->nkinds; i++)
		json_array_append_new(kinds,
		    kind_json(fl, &fl->kinds[fl->kind_order[i]]));
	json_object_set_new(sum, "hosts", json_integer(fl->nhosts));
	json_object_set_new(sum, "with_findings",
	    json_integer(fl->nhosts - worst[0]));
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
		json_object_set_new(bw, severity_name(s),
		    json_integer(worst[s + 1]));
	json_object_set_new(bw, "none", json_integer(worst[0]));
	json_object_set_new(sum, "by_worst", bw);
	json_object_set_new(sum, "kinds", json_integer(fl->nkinds));
	json_object_set_new(sum, "paths_to_root", json_integer(paths));
	json_object_set_new(sum, "without_graph", json_integer(nograph));
	json_object_set_new(o, "summary", sum);
	json_object_set_new(o, "hosts", hosts);
	json_object_set_new(o, "kinds", kinds);
	if (fl->base_path != NULL)
		json_object_set_new(o, "baseline", base_json(fl));
	return o;
}
