/*
 * arch.c: the target's architecture from the ELF header of one of its own
 * programs (arch.h). Header layout and e_machine values from the System V
 * gABI and elf(5): e_ident[EI_CLASS] at 4 (1 = 32-bit, 2 = 64-bit),
 * e_ident[EI_DATA] at 5 (1 = little-endian), e_machine at 18 (16 bits).
 * An image config's architecture uses Go's GOARCH names (OCI image spec,
 * config.md "architecture"; the values of `go tool dist list`), mapped
 * here to what the same machine's ELF programs give, so a tree and its
 * image report one spelling.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/arch.h"
#include "engine/tv.h"

const char *
arch_from_elf(const unsigned char *b, size_t len)
{
	unsigned mach;
	int is64, le;

	if (len < 20 || memcmp(b, "\177ELF", 4) != 0)
		return NULL;
	is64 = b[4] == 2;
	le = b[5] == 1;
	mach = le ? (unsigned)b[18] | (unsigned)b[19] << 8 :
	    (unsigned)b[19] | (unsigned)b[18] << 8;
	switch (mach) {
	case 0x3e: return is64 ? "x86_64" : NULL;	/* EM_X86_64 */
	case 0x03: return "i686";			/* EM_386 */
	case 0xb7: return "aarch64";			/* EM_AARCH64 */
	case 0x28: return "armv7l";			/* EM_ARM */
	case 0xf3: return is64 ? "riscv64" : NULL;	/* EM_RISCV */
	case 0x15: return le ? "ppc64le" : "ppc64";	/* EM_PPC64 */
	case 0x16: return is64 ? "s390x" : NULL;	/* EM_S390 */
	case 0x08: return is64 ? "mips64" : "mips";	/* EM_MIPS */
	case 0x102: return "loongarch64";		/* EM_LOONGARCH */
	}
	return NULL;
}

const char *
arch_from_oci(const char *goarch)
{
	static const struct {
		const char *go, *uname;
	} map[] = {
		{ "amd64", "x86_64" },
		{ "arm64", "aarch64" },
		{ "386", "i686" },
		{ "arm", "armv7l" },		/* arch_from_elf's EM_ARM */
		{ "riscv64", "riscv64" },
		{ "ppc64le", "ppc64le" },
		{ "ppc64", "ppc64" },
		{ "s390x", "s390x" },
		{ "mips64le", "mips64" },
		{ "mips64", "mips64" },
		{ "mipsle", "mips" },
		{ "mips", "mips" },
		{ "loong64", "loongarch64" },
	};
	size_t i;

	for (i = 0; goarch != NULL && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(goarch, map[i].go) == 0)
			return map[i].uname;
	return NULL;
}

const char *
arch_of_target(struct tv *tv)
{
	static const char *const progs[] = {
		"/bin/sh", "/usr/bin/env", "/bin/busybox", "/usr/bin/ls",
		"/bin/ls", NULL,
	};
	size_t i;

	for (i = 0; progs[i]; i++) {
		char *buf = NULL;
		size_t len = 0;
		int trunc;
		const char *a = NULL;

		if (tv_read(tv, progs[i], 64, &buf, &len, &trunc) == 0)
			a = arch_from_elf((unsigned char *)buf, len);
		free(buf);
		if (a)
			return a;
	}
	return NULL;
}
