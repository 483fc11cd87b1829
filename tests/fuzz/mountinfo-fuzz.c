/*
 * mountinfo-fuzz.c: libFuzzer target for the mountinfo parser and the
 * mount table lookups (parse/mountinfo.c, engine/mounts.c). Any input
 * must parse without a crash, and every lookup must end.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/mounts.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"/", "/proc/sys/kernel/core_pattern", "/a/b/c", "/run/docker.sock",
		"/mnt/with space", "/usr/bin/su", "//", "/a/", NULL,
	};
	struct mounts mt = { 0 };
	size_t i;

	mounts_parse((const char *)data, size, &mt, NULL, NULL);
	for (i = 0; paths[i]; i++) {
		(void)mounts_ro(&mt, paths[i]);
		(void)mounts_nosuid(&mt, paths[i]);
	}
	for (i = 0; i < mt.n; i++) {
		(void)mounts_find(&mt, mt.m[i].point);
		(void)mount_is_bind(&mt, &mt.m[i]);
	}
	free(mounts_print(&mt));
	mounts_free(&mt);
	return 0;
}
