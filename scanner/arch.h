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
/* The architecture of a directory target, from its /bin/sh (or a few
 * other programs every system has), read through the target view; NULL
 * if none could be read. Never the scanning machine's. */
const char	*arch_of_target(struct tv *);

#endif
