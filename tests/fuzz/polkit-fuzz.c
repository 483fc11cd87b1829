/*
 * polkit-fuzz.c: libFuzzer target for polkit's files (parse/polkit.c,
 * parse/pkla.c): the same bytes read as JavaScript rules, as a .pkla file
 * and as a .policy file, each parse printed, and the rules asked about
 * one action for one subject.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/polkit.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const groups[] = { "wheel", "admins" };
	const struct pk_subject sb = { "agent", groups, 2 };
	struct pk_rules r;
	struct pkla p;
	struct pk_policy pp;
	size_t i;
	unsigned line;
	int sure;

	pk_rules_parse((const char *)data, size, &r, NULL, NULL);
	free(pk_rules_print(&r));
	for (i = 0; i < r.n; i++) {
		sure = 1;
		(void)pk_rule_eval(&r.rules[i],
		    "org.freedesktop.systemd1.manage-units", &sb, &line, &sure);
	}
	pk_rules_free(&r);
	pkla_parse((const char *)data, size, &p, NULL, NULL);
	free(pkla_print(&p));
	for (i = 0; i < p.n; i++)
		(void)pkla_matches(&p.e[i], "org.freedesktop.policykit.exec",
		    &sb);
	pkla_free(&p);
	pk_policy_parse((const char *)data, size, &pp, NULL, NULL);
	free(pk_policy_print(&pp));
	pk_policy_free(&pp);
	return 0;
}
