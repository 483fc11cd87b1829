/*
 * arch-test.c: target.arch has one spelling. For each machine, the name an
 * image config gives it (Go's GOARCH, OCI image spec) maps to what the ELF
 * header of the same machine's programs gives, so a tree scanned with
 * --root and the same tree in an image report the same arch; a directory
 * target's arch is read from its own /bin/sh, never the running machine's.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/arch.h"
#include "engine/tv.h"
#include "lib/path.h"
#include "lib/xmalloc.h"
#include "t.h"

/* The first 64 bytes of a program (elf(5)): class 1 = 32-bit, 2 = 64-bit;
 * data 1 = little-endian, 2 = big-endian; e_machine at byte 18. */
static void
elf(unsigned char b[64], int is64, int le, unsigned mach)
{
	memset(b, 0, 64);
	memcpy(b, "\177ELF", 4);
	b[4] = is64 ? 2 : 1;
	b[5] = le ? 1 : 2;
	b[6] = 1;
	b[16] = le ? 2 : 0;		/* e_type ET_EXEC */
	b[17] = le ? 0 : 2;
	b[18] = le ? mach & 0xff : mach >> 8;
	b[19] = le ? mach >> 8 : mach & 0xff;
}

int
main(void)
{
	static const struct {
		const char	*go;
		int		 is64, le;
		unsigned	 mach;
		const char	*uname;
	} m[] = {
		{ "amd64", 1, 1, 0x3e, "x86_64" },
		{ "arm64", 1, 1, 0xb7, "aarch64" },
		{ "386", 0, 1, 0x03, "i686" },
		{ "arm", 0, 1, 0x28, "armv7l" },
		{ "riscv64", 1, 1, 0xf3, "riscv64" },
		{ "ppc64le", 1, 1, 0x15, "ppc64le" },
		{ "ppc64", 1, 0, 0x15, "ppc64" },
		{ "s390x", 1, 0, 0x16, "s390x" },
		{ "mips64le", 1, 1, 0x08, "mips64" },
		{ "mips64", 1, 0, 0x08, "mips64" },
		{ "mipsle", 0, 1, 0x08, "mips" },
		{ "mips", 0, 0, 0x08, "mips" },
		{ "loong64", 1, 1, 0x102, "loongarch64" },
	};
	unsigned char b[64];
	char top[] = "/tmp/privmap-arch-XXXXXX";
	struct tv *tv;
	size_t i;

	for (i = 0; i < sizeof m / sizeof m[0]; i++) {
		elf(b, m[i].is64, m[i].le, m[i].mach);
		T_EQ_STR(arch_from_elf(b, sizeof b), m[i].uname);
		T_EQ_STR(arch_from_oci(m[i].go), m[i].uname);
	}
	/* names it does not know, and the kernel's own spellings, which an
	 * image config never uses */
	T_OK(arch_from_oci("wasm") == NULL);
	T_OK(arch_from_oci("x86_64") == NULL);
	T_OK(arch_from_oci("") == NULL);
	T_OK(arch_from_oci(NULL) == NULL);
	/* not a program, or cut short */
	T_OK(arch_from_elf((const unsigned char *)"#!/bin/sh\n", 10) == NULL);
	elf(b, 1, 1, 0x3e);
	T_OK(arch_from_elf(b, 19) == NULL);

	/* a directory target: its own /bin/sh says, an aarch64 one here */
	if (mkdtemp(top) == NULL)
		T_SKIP("mkdtemp failed");
	{
		char *d = path_join(top, "bin"), *p = path_join(top, "bin/sh");
		int fd;

		T_EQ_INT(mkdir(d, 0755), 0);
		elf(b, 1, 1, 0xb7);
		fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0755);
		T_OK(fd >= 0);
		T_EQ_INT(write(fd, b, sizeof b), (long long)sizeof b);
		close(fd);
		free(d);
		free(p);
	}
	tv = tv_dir_open(top, TV_ROOTFS);
	T_OK(tv != NULL);
	if (tv != NULL) {
		T_EQ_STR(arch_of_target(tv), "aarch64");
		tv_free(tv);
	}
	{
		char *cmd = xasprintf("rm -rf '%s'", top);

		if (system(cmd) != 0)
			fprintf(stderr, "cleanup failed\n");
		free(cmd);
	}
	T_DONE();
}
