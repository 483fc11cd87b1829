/*
 * arch.h: the target's machine architecture, for auditd syscall rules.
 */
#ifndef PRIVMAP_ARCH_H
#define PRIVMAP_ARCH_H

#include <stddef.h>

struct tv;

/* uname -m's spelling (x86_64, aarch64, i686, ...) of an ELF header's
 * machine, or NULL if buf is not an ELF header privmap knows. */
const char	*arch_from_elf(const unsigned char *buf, size_t len);
/* uname -m's spelling, as arch_from_elf() gives it, of an OCI image
 * config's architecture (Go's GOARCH names: amd64, arm64, 386, ...), or
 * NULL for one it does not know. The variant does not change it. */
const char	*arch_from_oci(const char *goarch);
/* The architecture of a directory target, from its /bin/sh (or a few
 * other programs every system has), read through the target view; NULL
 * if none could be read. Never the scanning machine's. */
const char	*arch_of_target(struct tv *);

#endif
