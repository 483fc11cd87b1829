/*
 * fleet-test.c: the fleet model (engine/fleet.c): hosts folded from
 * reports read as rules reads them, the counts per kind, the ranks (worst
 * severity, then paths to root), the refusals (a report out of contract,
 * a host twice, a graph whose count is none), report_load_top's top
 * level, and the comparison with a previous run, fleet_to_json's own
 * document read back as a baseline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/fleet.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "t.h"

/* A report of the given findings ("check:severity:path" each), with a
 * top-level extra ("" for none). */
/* a report's graph member as privmap writes it (a start with nothing
 * reached), saying paths_total N */
#define GRAPH(N) \
	", \"graph\": {\"start\": \"user:agent\", \"nodes\": [{\"id\": " \
	"\"user:agent\", \"kind\": \"user\", \"name\": \"agent\", " \
	"\"uid\": 1001, \"groups\": [], \"reaches_root\": false, " \
	"\"distance\": 0}], \"edges\": [], \"findings\": [], \"paths\": " \
	"[], \"paths_total\": " #N ", \"reachable\": [], \"cut\": " \
	"{\"findings\": [], \"exact\": false, \"paths\": 0}}"

static char *
doc(const char *const *finds, const char *extra)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;

	buf_adds(&b, "{\"schema\": \"privmap.report/1\", \"target\": {\"kind\":"
	    " \"rootfs\", \"root\": \"/srv/r\", \"user\": {\"name\": \"agent\","
	    " \"uid\": 1001, \"gid\": 1001, \"groups\": []}}, \"findings\": [");
	for (i = 0; finds[i]; i++) {
		char check[32], sev[16], path[64];

		if (sscanf(finds[i], "%31[^:]:%15[^:]:%63s", check, sev,
		    path) != 3)
			abort();
		buf_printf(&b, "%s{\"id\": \"PM-%016zx\", \"check\": \"%s\", "
		    "\"family\": \"%s\", \"severity\": \"%s\", \"score\": %s, "
		    "\"title\": \"t\", \"path\": \"%s\", \"evidence\": {}, "
		    "\"policy\": [], \"audit\": []}", i ? ", " : "",
		    (size_t)(strlen(path) * 31 + path[strlen(path) - 1]),
		    check, check, sev, strcmp(sev, "critical") == 0 ? "9.5" :
		    strcmp(sev, "high") == 0 ? "8.0" : "5.0", path);
	}
	buf_printf(&b, "], \"errors\": [], \"notes\": []%s}\n", extra);
	return buf_str(&b);
}

static int
add(struct fleet *fl, const char *name, const char *const *finds,
    const char *extra, const char **why)
{
	char *text = doc(finds, extra);
	FILE *fp = fmemopen(text, strlen(text), "r");
	int r = fleet_add(fl, name, name, fp, why);

	fclose(fp);
	free(text);
	return r;
}

static const char *const A[] = { "setuid:high:/a1", "setuid:info:/a2",
    "group-membership:critical:/etc/group", NULL };
static const char *const B[] = { "setuid:high:/b1", NULL };
static const char *const C[] = { "group-membership:critical:/etc/gr", NULL };
static const char *const NONE[] = { NULL };

static void
test_fold(void)
{
	struct fleet fl;
	const char *why;
	const struct fleet_kind *k;

	fleet_init(&fl);
	T_EQ_INT(add(&fl, "a", A, "", &why), 0);
	T_EQ_INT(add(&fl, "b", B, "", &why), 0);
	/* a graph's paths rank c above a, at the same worst severity */
	T_EQ_INT(add(&fl, "c", C, GRAPH(3), &why),
	    0);
	T_EQ_INT(add(&fl, "d", NONE, "", &why), 0);
	fleet_finish(&fl);
	T_EQ_INT(fl.nhosts, 4);
	T_EQ_INT(fl.nkinds, 2);
	T_EQ_STR(fl.hosts[fl.host_order[0]].name, "c");
	T_EQ_STR(fl.hosts[fl.host_order[1]].name, "a");
	T_EQ_STR(fl.hosts[fl.host_order[2]].name, "b");
	T_EQ_STR(fl.hosts[fl.host_order[3]].name, "d");
	T_EQ_INT(fl.hosts[fl.host_order[0]].paths, 3);
	T_EQ_INT(fl.hosts[fl.host_order[1]].paths, -1);
	T_EQ_INT(fl.hosts[fl.host_order[3]].worst, -1);
	/* kinds: group-membership (critical, 2 hosts) before setuid */
	k = &fl.kinds[fl.kind_order[0]];
	T_EQ_STR(k->check, "group-membership");
	T_EQ_INT(k->nhosts, 2);
	T_EQ_INT(k->nfinds, 2);
	T_EQ_STR(fl.hosts[k->hosts[0]].name, "c");
	k = &fl.kinds[fl.kind_order[1]];
	T_EQ_STR(k->check, "setuid");
	T_EQ_INT(k->nhosts, 2);		/* a twice, b once: two hosts */
	T_EQ_INT(k->nfinds, 3);
	T_EQ_INT(k->worst, SEV_HIGH);
	fleet_free(&fl);
}

static void
test_refused(void)
{
	struct fleet fl;
	const char *why;
	FILE *fp;
	static char junk[] = "{\"schema\": \"privmap.report/1\", \"findings\":"
	    " 3}";

	fleet_init(&fl);
	T_EQ_INT(add(&fl, "a", A, "", &why), 0);
	T_EQ_INT(add(&fl, "a", B, "", &why), -1);
	T_OK(strstr(why, "named twice") != NULL);
	T_EQ_INT(add(&fl, "g", B, GRAPH(-1), &why),
	    -1);
	T_OK(strstr(why, "paths_total") != NULL);
	T_EQ_INT(add(&fl, "g", B, ", \"graph\": []", &why), -1);
	fp = fmemopen(junk, strlen(junk), "r");
	T_EQ_INT(fleet_add(&fl, "j", "j", fp, &why), -1);
	fclose(fp);
	T_OK(strstr(why, "not a privmap report") != NULL);
	/* nothing of the refused ones stays */
	T_EQ_INT(fl.nhosts, 1);
	fleet_free(&fl);
}

static void
test_load_top(void)
{
	char *text = doc(B, GRAPH(7));
	FILE *fp = fmemopen(text, strlen(text), "r");
	struct report_load_err err;
	json_t *top = NULL;
	struct report *r = report_load_top(fp, &err, &top);

	T_OK(r != NULL);
	T_OK(top != NULL);
	T_EQ_INT(json_integer_value(json_object_get(json_object_get(top,
	    "graph"), "paths_total")), 7);
	T_OK(json_object_get(top, "findings") == NULL);
	T_EQ_INT(r ? r->nfindings : 0, 1);
	report_free(r);
	json_decref(top);
	fclose(fp);
	free(text);
}

static void
test_baseline(void)
{
	struct fleet old, now;
	const char *why;
	json_t *prev, *j, *bl;
	static const char *const A2[] = { "setuid:high:/a1",
	    "file-capability:high:/a9", NULL };

	fleet_init(&old);
	add(&old, "a", A, "", &why);
	add(&old, "b", B, "", &why);
	fleet_finish(&old);
	prev = fleet_to_json(&old);
	/* now: a lost two findings and gained one of a new kind; b is gone;
	 * c is new */
	fleet_init(&now);
	add(&now, "a", A2, "", &why);
	add(&now, "c", C, "", &why);
	fleet_finish(&now);
	T_EQ_INT(fleet_baseline(&now, "prev.json", prev, &why), 0);
	j = fleet_to_json(&now);
	bl = json_object_get(j, "baseline");
	T_EQ_INT(json_array_size(json_object_get(bl, "new_findings")), 2);
	T_EQ_INT(json_integer_value(json_object_get(bl, "fixed_findings")), 2);
	T_EQ_STR(json_string_value(json_array_get(json_object_get(bl,
	    "new_hosts"), 0)), "c");
	T_EQ_STR(json_string_value(json_array_get(json_object_get(bl,
	    "gone_hosts"), 0)), "b");
	T_EQ_INT(json_array_size(json_object_get(bl, "new_kinds")), 1);
	T_EQ_STR(json_string_value(json_array_get(json_object_get(bl,
	    "new_kinds"), 0)), "file-capability");
	/* the most severe new finding first: c's critical */
	T_EQ_STR(json_string_value(json_object_get(json_array_get(
	    json_object_get(bl, "new_findings"), 0), "host")), "c");
	json_decref(j);
	/* a baseline out of contract */
	json_object_set_new(prev, "hosts", json_pack("[{s:i}]", "name", 1));
	T_EQ_INT(fleet_baseline(&now, "prev.json", prev, &why), -1);
	T_OK(strstr(why, "hosts[0]") != NULL);
	json_object_set_new(prev, "schema", json_string("privmap.report/1"));
	T_EQ_INT(fleet_baseline(&now, "prev.json", prev, &why), -1);
	json_decref(prev);
	fleet_free(&old);
	fleet_free(&now);
}

int
main(void)
{
	test_fold();
	test_refused();
	test_load_top();
	test_baseline();
	printf("fleet-test: %d checks, %d failed\n", t_checked, t_failed);
	return t_failed ? 1 : 0;
}
