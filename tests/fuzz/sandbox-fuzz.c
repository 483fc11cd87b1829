/*
 * sandbox-fuzz.c: libFuzzer target for the sandbox's readers
 * (parse/sandbox*.c): the first byte chooses the reader (a systemd unit's
 * settings, OCI config.json or docker inspect output, a compose file, a
 * seccomp profile), the rest is its text; then the sandbox's print.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/sandbox.h"
#include "parse/unitfile.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sandbox sb;
	struct unit_file uf = { 0 };
	const char *text = (const char *)data + 1, *why;
	size_t len = size - 1;
	char *out;

	if (size == 0)
		return 0;
	sandbox_init(&sb, SB_SYSTEMD, "fuzz");
	switch (data[0] % 4) {
	case 0:
		unit_parse(text, len, &uf, NULL, NULL);
		sandbox_unit(&sb, &uf, NULL, NULL);
		sandbox_unit_end(&sb);
		unit_file_free(&uf);
		break;
	case 1:
		(void)sandbox_oci(&sb, text, len, (data[0] & 4) ? "agent" :
		    NULL, &why);
		break;
	case 2:
		(void)sandbox_compose(&sb, text, len, (data[0] & 4) ?
		    "agent" : NULL, &why);
		break;
	default:
		(void)sandbox_seccomp(&sb, text, len, "fuzz", &why);
		break;
	}
	out = sandbox_print(&sb);
	free(out);
	sandbox_free(&sb);
	return 0;
}
