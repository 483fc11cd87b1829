/*
 * polkit-test.c: parse/polkit.c and parse/pkla.c on rules as
 * distributions and admins write them (a group granted manage-units, the
 * udisks2 prefix test, a regex, lists held in a var, else branches), on
 * the forms the reader does not follow (which stay unknown, never a
 * grant taken for sure), broken rules, .pkla sections and .policy
 * defaults.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/polkit.h"
#include "lib/xmalloc.h"
#include "t.h"

static struct t_errs errs;
static struct pk_rules rules;

static const char *const agent_groups[] = { "agent", "admins" };
static const struct pk_subject agent = { "agent", agent_groups, 2 };
static const char *const bob_groups[] = { "bob" };
static const struct pk_subject bob = { "bob", bob_groups, 1 };

/* the print of the parse of s; rules keeps the parse */
static char *
parsed(const char *s)
{
	static char *last;

	free(last);
	pk_rules_free(&rules);
	memset(&errs, 0, sizeof errs);
	pk_rules_parse(s, strlen(s), &rules, t_on_err, &errs);
	last = pk_rules_print(&rules);
	return last;
}

/* what rule i answers for action and who: "yes sure", "no maybe" ... */
static const char *
answer(size_t i, const char *action, const struct pk_subject *who)
{
	static char out[64];
	unsigned line;
	int sure = 1;
	enum pk_result r = pk_rule_eval(&rules.rules[i], action, who, &line,
	    &sure);

	snprintf(out, sizeof out, "%s %s %u", pk_result_name(r),
	    sure ? "sure" : "maybe", line);
	return out;
}

static void
test_group_list(void)
{
	const char *js =
	    "/* admins may manage units */\n"
	    "var units = [\"org.freedesktop.systemd1.manage-units\",\n"
	    "    'org.freedesktop.systemd1.manage-unit-files'];\n"
	    "polkit.addRule(function(action, subject) {\n"
	    "    if (units.indexOf(action.id) >= 0 &&\n"
	    "        subject.isInGroup(\"admins\")) {\n"
	    "        return polkit.Result.YES;\n"
	    "    }\n"
	    "});\n";

	T_EQ_STR(parsed(js), "rule line 4\n"
	    "  line 7: (action in [\"org.freedesktop.systemd1.manage-units\","
	    "\"org.freedesktop.systemd1.manage-unit-files\"] && "
	    "group \"admins\") -> yes\n");
	T_EQ_INT(errs.n, 0);
	T_EQ_STR(answer(0, "org.freedesktop.systemd1.manage-units", &agent),
	    "yes sure 7");
	T_EQ_STR(answer(0, "org.freedesktop.systemd1.manage-units", &bob),
	    "none sure 4");
	T_EQ_STR(answer(0, "org.freedesktop.policykit.exec", &agent),
	    "none sure 4");
}

static void
test_forms(void)
{
	const char *js =
	    "polkit.addRule(function(a, s) {\n"
	    "  if (a.id.indexOf(\"org.freedesktop.udisks2.\") == 0 &&\n"
	    "      s.local && s.active && s.user == \"agent\")\n"
	    "    return polkit.Result.AUTH_SELF_KEEP;\n"
	    "  else if (/^org\\.libvirt\\.unix\\.(manage|monitor)$/.test("
	    "a.id))\n"
	    "    return polkit.Result.NO;\n"
	    "  if (a.id.startsWith(\"org.freedesktop.policykit.\") && "
	    "s.user != 'bob')\n"
	    "    return polkit.Result.YES;\n"
	    "  return;\n"
	    "});\n";

	T_EQ_STR(parsed(js), "rule line 1\n"
	    "  line 4: (((action ^= \"org.freedesktop.udisks2.\" && local) && "
	    "active) && user == \"agent\") -> auth_self_keep\n"
	    "  line 6: (!(((action ^= \"org.freedesktop.udisks2.\" && local) "
	    "&& active) && user == \"agent\") && "
	    "action =~ /^org\\.libvirt\\.unix\\.(manage|monitor)$/) -> no\n"
	    "  line 8: (action ^= \"org.freedesktop.policykit.\" && "
	    "!user == \"bob\") -> yes\n"
	    "  line 9: always -> none\n");
	T_EQ_INT(errs.n, 0);
	/* local and active are not known: a grant that may be given */
	T_EQ_STR(answer(0, "org.freedesktop.udisks2.modify-device", &agent),
	    "auth_self_keep maybe 4");
	T_EQ_STR(answer(0, "org.freedesktop.udisks2.modify-device", &bob),
	    "none sure 9");
	/* the regex refuses libvirt to agent, whose udisks test is false */
	T_EQ_STR(answer(0, "org.libvirt.unix.manage", &agent), "no sure 6");
	T_EQ_STR(answer(0, "org.freedesktop.policykit.exec", &agent),
	    "yes sure 8");
	T_EQ_STR(answer(0, "org.freedesktop.policykit.exec", &bob),
	    "none sure 9");
}

static void
test_unknown(void)
{
	/* a test it does not read guards a grant: maybe, never sure */
	T_EQ_STR(parsed("polkit.addRule(function(action, subject) {\n"
	    "  if (subject.isInNetGroup(\"x\") || action.lookup(\"k\"))\n"
	    "    return polkit.Result.YES;\n});\n"),
	    "rule line 1\n  line 3: (unknown || unknown) -> yes\n");
	T_EQ_STR(answer(0, "org.freedesktop.systemd1.manage-units", &agent),
	    "yes maybe 3");
	/* a return of something else than a polkit.Result */
	T_EQ_STR(parsed("polkit.addRule(function(action, subject) {\n"
	    "  var r = polkit.Result.YES;\n  return r;\n});\n"),
	    "rule line 1\n  line 3: always -> unknown\n");
	T_EQ_INT(errs.n, 1);
	T_EQ_INT(errs.line[0], 3);
	/* switch: its returns stand on an unknown test */
	T_EQ_STR(parsed("polkit.addRule(function(action, subject) {\n"
	    "  switch (action.id) { case \"x\": return polkit.Result.YES; }"
	    "\n});\n"), "rule line 1\n  line 2: unknown -> yes\n");
	/* addAdminRule is marked, not a grant */
	T_EQ_STR(parsed("polkit.addAdminRule(function(action, subject) {\n"
	    "  return [\"unix-group:sudo\"];\n});\n"),
	    "rule line 1 admin\n  line 2: always -> unknown\n");
	/* Debian's own 50-default.rules: nothing to say on every host */
	T_EQ_INT(errs.n, 0);
	/* systemd's and libvirt's shipped rules, === and == true */
	T_EQ_STR(parsed("polkit.addRule(function(action, subject) {\n"
	    "    if (action.id.indexOf(\"org.freedesktop.network1.\") === 0 &&\n"
	    "        subject.user === \"systemd-network\") {\n"
	    "        return polkit.Result.YES;\n    }\n});\n"
	    "polkit.addRule(function(action, subject) {\n"
	    "    if (action.id == \"org.libvirt.unix.manage\" &&\n"
	    "        subject.active == true && subject.isInGroup(\"libvirt\"))"
	    "\n        return polkit.Result.YES;\n});\n"),
	    "rule line 1\n  line 4: (action ^= \"org.freedesktop.network1.\" && "
	    "user == \"systemd-network\") -> yes\nrule line 7\n"
	    "  line 10: ((action == \"org.libvirt.unix.manage\" && unknown) && "
	    "group \"libvirt\") -> yes\n");
	T_EQ_INT(errs.n, 0);
}

static void
test_broken(void)
{
	/* an unread rule may answer anything; the next one is read */
	T_EQ_STR(parsed("polkit.addRule(function(action, subject) {\n"
	    "  if (action.id == \"x\" return polkit.Result.YES;\n});\n"
	    "polkit.addRule(function(action, subject) {\n"
	    "  return polkit.Result.NO;\n});\n"),
	    "rule line 1 unread\nrule line 4\n  line 5: always -> no\n");
	T_OK(errs.n >= 1);
	T_EQ_STR(answer(0, "x", &agent), "unknown maybe 1");
	/* a rule function of another shape */
	T_EQ_STR(parsed("polkit.addRule(myrule);\n"), "rule line 1 unread\n");
	/* unterminated string or comment: nothing read, said */
	T_EQ_STR(parsed("polkit.addRule(function(action, subject) {\n"
	    "  return \"x;\n"), "");
	T_EQ_INT(errs.n, 1);
	T_EQ_STR(parsed("/* open"), "");
	/* deep nesting is bounded */
	{
		char *deep = xmalloc(200000);
		size_t i, n = 0;

		n += (size_t)sprintf(deep, "polkit.addRule(function(a, s) "
		    "{ if (");
		for (i = 0; i < 50000; i++)
			deep[n++] = '(';
		strcpy(deep + n, "a.id == \"x\") return polkit.Result.YES;"
		    "});");
		T_EQ_STR(parsed(deep), "rule line 1 unread\n");
		free(deep);
	}
}

static void
test_pkla(void)
{
	const char *s =
	    "# legacy local authority\n"
	    "[Let the agent run units]\n"
	    "Identity=unix-user:agent;unix-group:wh*\n"
	    "Action=org.freedesktop.systemd1.*; org.freedesktop.policykit.exec\n"
	    "ResultAny=yes\n"
	    "ResultInactive=auth_self\n"
	    "ResultActive=YES\n"
	    "stray line\n";
	static const char *const g[] = { "wheel" };
	const struct pk_subject w = { "carol", g, 1 };
	struct pkla p;
	char *out;

	memset(&errs, 0, sizeof errs);
	pkla_parse(s, strlen(s), &p, t_on_err, &errs);
	out = pkla_print(&p);
	T_EQ_STR(out, "[Let the agent run units] line 2 any=yes "
	    "inactive=auth_self active=yes\n"
	    "  identity unix-user:agent\n  identity unix-group:wh*\n"
	    "  action org.freedesktop.systemd1.*\n"
	    "  action org.freedesktop.policykit.exec\n");
	T_EQ_INT(errs.n, 1);
	T_EQ_INT(errs.line[0], 8);
	T_OK(pkla_matches(&p.e[0], "org.freedesktop.systemd1.manage-units",
	    &agent));
	T_OK(pkla_matches(&p.e[0], "org.freedesktop.policykit.exec", &w));
	T_OK(!pkla_matches(&p.e[0], "org.freedesktop.policykit.exec", &bob));
	T_OK(!pkla_matches(&p.e[0], "org.libvirt.unix.manage", &agent));
	free(out);
	pkla_free(&p);
}

static void
test_policy(void)
{
	const char *s =
	    "<?xml version=\"1.0\"?>\n"
	    "<policyconfig>\n"
	    "  <action id=\"org.freedesktop.systemd1.manage-units\">\n"
	    "    <description>Manage units</description>\n"
	    "    <defaults>\n"
	    "      <allow_any>auth_admin</allow_any>\n"
	    "      <allow_inactive>auth_admin</allow_inactive>\n"
	    "      <allow_active> auth_admin_keep </allow_active>\n"
	    "    </defaults>\n"
	    "  </action>\n"
	    "  <actions-not-an-action/>\n"
	    "  <action id='org.example.open'><defaults><allow_any>yes"
	    "</allow_any></defaults></action>\n"
	    "  <action noid=\"x\"></action>\n"
	    "  <action id=\"org.example.cut\">\n";
	struct pk_policy pp;
	char *out;

	memset(&errs, 0, sizeof errs);
	pk_policy_parse(s, strlen(s), &pp, t_on_err, &errs);
	out = pk_policy_print(&pp);
	T_EQ_STR(out, "org.freedesktop.systemd1.manage-units line 3 "
	    "any=auth_admin inactive=auth_admin active=auth_admin_keep\n"
	    "org.example.open line 12 any=yes inactive=none active=none\n");
	T_EQ_INT(errs.n, 2);
	T_EQ_INT(errs.line[0], 13);
	T_EQ_INT(errs.line[1], 14);
	free(out);
	pk_policy_free(&pp);
}

int
main(void)
{
	test_group_list();
	test_forms();
	test_unknown();
	test_broken();
	test_pkla();
	test_policy();
	free(parsed(""));
	pk_rules_free(&rules);
	T_DONE();
}
