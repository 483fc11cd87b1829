/*
 * sshkey-fuzz.c: libFuzzer target for the public halves of SSH keys
 * (parse/sshkey.c): any bytes as an openssh-key-v1 file, a KEY.pub
 * line and an authorized_keys file (each key line's from= and
 * expiry-time= evaluated too), then their prints.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/sshkey.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *why;
	struct sshkey_private k;
	struct sshkey_blob b;
	struct sshkey_authfile af;
	size_t i;
	char *out;

	if (sshkey_private_parse(buf, size, &k, &why) == 0) {
		out = sshkey_private_print(&k);
		free(out);
		sshkey_private_free(&k);
	}
	if (sshkey_pub_parse(buf, size, &b) == 0) {
		out = sshkey_blob_base64(&b);
		free(out);
		sshkey_blob_free(&b);
	}
	sshkey_authfile_parse(buf, size, &af, NULL, NULL);
	for (i = 0; i < af.n; i++) {
		int64_t t;
		int utc, by;

		if (af.v[i].from)
			(void)sshkey_from_admits(af.v[i].from, "127.0.0.1",
			    &by);
		if (af.v[i].expiry)
			(void)sshkey_expiry_parse(af.v[i].expiry, &t, &utc);
	}
	out = sshkey_authfile_print(&af);
	free(out);
	sshkey_authfile_free(&af);
	return 0;
}
