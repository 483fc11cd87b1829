/*
 * fnv.h: the FNV-1a 64-bit hash (Fowler, Noll, Vo; the parameters of
 * draft-eastlake-fnv: offset basis 14695981039346656037, prime
 * 1099511628211), for the hash map, finding ids and fingerprints. It is
 * not a digest: nothing may rest on an attacker not finding collisions.
 */
#ifndef PRIVMAP_LIB_FNV_H
#define PRIVMAP_LIB_FNV_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A64_BASIS	14695981039346656037ULL

/* h (FNV1A64_BASIS to start) carried on over the n bytes at p */
uint64_t	fnv1a64(uint64_t h, const void *p, size_t n);

#endif
