/*
 * fcaps.c: security.capability decoding (fcaps.h). Layout from the
 * kernel's include/uapi/linux/capability.h: a little-endian u32 magic_etc
 * (revision in the top byte: 0x01 v1 with one u32 pair, 0x02 v2 and 0x03
 * v3 with two; bit 0 VFS_CAP_FLAGS_EFFECTIVE), then {permitted,
 * inheritable} u32 pairs, and for v3 a u32 rootid. Text comes from libcap.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

#include "parse/fcaps.h"
#include "lib/xmalloc.h"

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

int
fcaps_decode(const void *value, size_t len, struct fcaps *fc)
{
	const unsigned char *p = value;
	uint32_t magic;

	memset(fc, 0, sizeof *fc);
	if (len < 4)
		goto bad;
	magic = le32(p);
	fc->effective = magic & 1;
	switch (magic & 0xff000000u) {
	case 0x01000000u:
		if (len != 12)
			goto bad;
		fc->version = 1;
		fc->permitted = le32(p + 4);
		fc->inheritable = le32(p + 8);
		return 0;
	case 0x02000000u:
		if (len != 20)
			goto bad;
		fc->version = 2;
		break;
	case 0x03000000u:
		if (len != 24)
			goto bad;
		fc->version = 3;
		fc->rootid = le32(p + 20);
		break;
	default:
		goto bad;
	}
	fc->permitted = le32(p + 4) | (uint64_t)le32(p + 12) << 32;
	fc->inheritable = le32(p + 8) | (uint64_t)le32(p + 16) << 32;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

char *
fcaps_name(int cap)
{
	char *n = cap_to_name((cap_value_t)cap), *r;

	if (n == NULL)
		return xasprintf("cap_%d", cap);
	r = xstrdup(n);
	cap_free(n);
	return r;
}

char *
fcaps_text(const struct fcaps *fc)
{
	cap_t c = cap_init();
	char *t, *r;
	int i;

	if (c == NULL)
		return xstrdup("?");
	for (i = 0; i < 64; i++) {
		cap_value_t v = (cap_value_t)i;

		if (!CAP_IS_SUPPORTED(v) && i > CAP_LAST_CAP)
			continue;
		if (fc->permitted & ((uint64_t)1 << i)) {
			cap_set_flag(c, CAP_PERMITTED, 1, &v, CAP_SET);
			if (fc->effective)
				cap_set_flag(c, CAP_EFFECTIVE, 1, &v, CAP_SET);
		}
		if (fc->inheritable & ((uint64_t)1 << i))
			cap_set_flag(c, CAP_INHERITABLE, 1, &v, CAP_SET);
	}
	t = cap_to_text(c, NULL);
	cap_free(c);
	if (t == NULL)
		return xstrdup("?");
	/* libcap writes "=ep cap_x..." forms; drop the leading "= " noise */
	r = xstrdup(t[0] == '=' && t[1] == ' ' ? t + 2 : t);
	cap_free(t);
	return r;
}

char *
fcaps_print(const struct fcaps *fc)
{
	return xasprintf("v%d %s permitted=%016llx inheritable=%016llx "
	    "rootid=%lu\n", fc->version, fc->effective ? "effective" :
	    "not-effective", (unsigned long long)fc->permitted,
	    (unsigned long long)fc->inheritable, (unsigned long)fc->rootid);
}
