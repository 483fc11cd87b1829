/*
 * fcaps.h: decoding of the security.capability extended attribute (the
 * kernel's struct vfs_cap_data / vfs_ns_cap_data, revisions 1 to 3), and
 * naming capabilities with libcap.
 */
#ifndef PRIVMAP_FCAPS_H
#define PRIVMAP_FCAPS_H

#include <stddef.h>
#include <stdint.h>

struct fcaps {
	int		version;	/* 1, 2 or 3 */
	int		effective;	/* the effective flag is set */
	uint64_t	permitted;
	uint64_t	inheritable;
	uint32_t	rootid;		/* v3: the namespace's root uid */
};

/* 0, or -1 (errno EINVAL) for a malformed value */
int	fcaps_decode(const void *value, size_t len, struct fcaps *);
/* "cap_setuid+ep"-style text from libcap; caller frees with free() */
char	*fcaps_text(const struct fcaps *);
/* libcap's name of one capability ("cap_setuid"); caller frees */
char	*fcaps_name(int cap);
/* The decoded value as text, for tests and debugging: "vN effective|
 * not-effective permitted=HEX16 inheritable=HEX16 rootid=N" (allocated;
 * no libcap). */
char	*fcaps_print(const struct fcaps *);

#endif
