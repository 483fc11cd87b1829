/*
 * yamlkeys-test.c: parse/yamlkeys.c on a kubeadm node's kubelet
 * config.yaml (nested mappings, quoted values, comments, sequences and a
 * block scalar passed over, a second document) and hostile lines (a tab
 * in the indentation, an unclosed quote, an over-long key, nesting past
 * the depth kept), through the print.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/yamlkeys.h"
#include "t.h"

static struct t_errs errs;

static void
count(void *fctx, const char *path, const char *value, unsigned line)
{
	(void)path;
	(void)value;
	(void)line;
	(*(size_t *)fctx)++;
}

static void
test_kubelet(void)
{
	static const char y[] =
	    "apiVersion: kubelet.config.k8s.io/v1beta1\n"
	    "authentication:\n"
	    "  anonymous:\n"
	    "    enabled: false   # the default\n"
	    "  webhook:\n"
	    "    cacheTTL: 0s\n"
	    "    enabled: true\n"
	    "  x509:\n"
	    "    clientCAFile: \"/etc/kubernetes/pki/ca.crt\"\n"
	    "authorization:\n"
	    "  mode: 'Webhook'\n"
	    "clusterDNS:\n"
	    "- 10.96.0.10\n"
	    "banner: |\n"
	    "  mode: not-a-key\n"
	    "readOnlyPort: 0\n"
	    "kind: KubeletConfiguration\n"
	    "---\n"
	    "mode: second\n";
	char *out = yamlkeys_print(y, sizeof y - 1);

	T_EQ_STR(out,
	    "1 apiVersion=kubelet.config.k8s.io/v1beta1\n"
	    "4 authentication.anonymous.enabled=false\n"
	    "6 authentication.webhook.cacheTTL=0s\n"
	    "7 authentication.webhook.enabled=true\n"
	    "9 authentication.x509.clientCAFile=/etc/kubernetes/pki/ca.crt\n"
	    "11 authorization.mode=Webhook\n"
	    "16 readOnlyPort=0\n"
	    "17 kind=KubeletConfiguration\n"
	    "19 mode=second\n");
	free(out);
}

static void
test_hostile(void)
{
	static const char y[] =
	    "a:\n"
	    "\tb: tab\n"
	    "c: \"unclosed\n"
	    "d: 'it''s'\n"
	    "e: \"q\\\"\\n\"\n";
	char deep[16 * 40 + 64], *p = deep, *out;
	size_t i, n = 0;

	memset(&errs, 0, sizeof errs);
	T_EQ_INT(yamlkeys_parse(y, sizeof y - 1, count, &n, t_on_err, &errs),
	    2);
	T_EQ_INT(errs.n, 2);
	T_EQ_INT(errs.line[0], 2);
	T_EQ_INT(errs.line[1], 3);
	out = yamlkeys_print(y, sizeof y - 1);
	T_EQ_STR(out, "4 d=it's\n5 e=q\"\n\n");
	free(out);
	/* 20 levels: the 17th and below are passed over */
	for (i = 0; i < 20; i++) {
		memset(p, ' ', i * 2);
		p += i * 2;
		p += sprintf(p, "k%zu:\n", i);
	}
	p += sprintf(p, "%*sv: 1\ntop: 2\n", 40, "");
	out = yamlkeys_print(deep, (size_t)(p - deep));
	T_EQ_STR(out, "22 top=2\n");
	free(out);
	/* nothing at all */
	out = yamlkeys_print("", 0);
	T_EQ_STR(out, "");
	free(out);
}

int
main(void)
{
	test_kubelet();
	test_hostile();
	T_DONE();
}
