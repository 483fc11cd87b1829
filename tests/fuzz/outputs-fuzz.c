/*
 * outputs-fuzz.c: the close-and-watch writers on a saved report that may
 * come from anywhere (privmap rules|policy|fix REPORT.json): parse it,
 * rebuild the model, and write the auditd rules (each checked by
 * libaudit's parser), every policy, the fix script and SARIF into memory.
 * None may crash, hang or write invalid JSON, and the rules of a report
 * that was read back are always written.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "output/output.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_json(const char *s, size_t n)
{
	json_t *j = json_loadb(s, n, 0, NULL);

	if (j == NULL)
		abort();	/* a writer produced invalid JSON */
	json_decref(j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, 0, NULL);
	struct report *r;
	const char *why;
	char *s;
	size_t n;
	FILE *fp;
	int i, rv;

	if (j == NULL)
		return 0;
	r = report_from_json(j, &why);
	json_decref(j);
	if (r == NULL)
		return 0;
	/* 7..11: the sandbox formats (POLICY_SYSTEMD..POLICY_BWRAP), with
	 * a workspace */
	for (i = 0; i < 12; i++) {
		static const char *const ws[] = { "/srv/work" };
		const struct sandbox_opts so = { ws, 1, NULL };

		s = NULL;
		n = 0;
		if ((fp = open_memstream(&s, &n)) == NULL)
			abort();
		switch (i) {
		case 0:
			rv = output_audit(r, fp, NULL, &why);
			break;
		case 1:
			rv = output_fix(r, fp, &why);
			break;
		case 2:
			rv = output_sarif(r, fp, &why);
			break;
		default:
			if (i >= 7)
				rv = output_sandbox(r, fp,
				    (enum policy_format)(i - 7 + POLICY_SYSTEMD),
				    &so, &why);
			else
				rv = output_policy(r, fp,
				    (enum policy_format)(i - 3), POLICY_HOOK,
				    &why);
			break;
		}
		fclose(fp);
		/* a report that was read back gives its rules: they are made
		 * from typed data, each a rule privmap writes (issue 13) */
		if (i == 0 && rv != 0)
			abort();
		if (rv == 0 && (i == 2 || i == 3 || i == 4 ||
		    i == 7 + POLICY_SECCOMP - POLICY_SYSTEMD))
			check_json(s, n);
		/* a sandbox format is never refused for a report read back */
		if (i >= 7 && rv != 0)
			abort();
		free(s);
	}
	report_free(r);
	return 0;
}
