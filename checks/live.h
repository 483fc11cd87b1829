/*
 * live.h: what the live-host checks (process-capability, container-escape,
 * localhost-service, kernel) share: the parse-error recorder that lands
 * malformed /proc lines in the report, user names for evidence, and the
 * container detection. Only for checks; nothing here writes or connects.
 */
#ifndef PRIVMAP_CHECKS_LIVE_H
#define PRIVMAP_CHECKS_LIVE_H

#include <jansson.h>

#include "engine/scan.h"
#include "parse/mounts.h"
#include "engine/procfs.h"

/* a parse_err_fn context: errors become report errors "PATH: line N" */
struct live_err {
	struct scan	*s;
	const char	*path;
	unsigned	 count;		/* errors seen; only the first 20 listed */
};
void	live_parse_err(void *ctx, unsigned line, const char *why);

/* "name" of uid in the target's passwd, or NULL */
const char *live_user_name(struct scan *, uid_t);
/* evidence {"uid": N, "name": "x"} for a process or file owner */
json_t	*live_owner_json(struct scan *, uid_t);

/* The live mount table into mt (zeroed first); errors recorded. -1 if
 * /proc/self/mountinfo cannot be read. */
int	live_mounts(struct scan *, struct mounts *mt);

/*
 * Are we inside a container? The signals systemd-detect-virt(1) uses
 * (src/basic/virt.c detect_container()): /run/.containerenv (podman),
 * /.dockerenv, /run/systemd/container, container= in PID 1's environment,
 * runtime names in PID 1's cgroup, an overlay root mount. *signals (may
 * be NULL) gets a new array of the ones seen. 1 yes, 0 no.
 */
int	live_in_container(struct scan *, const struct mounts *,
	    json_t **signals);

/* capability bit names, "cap_sys_admin", as a new JSON array */
json_t	*live_caps_json(unsigned long long mask);
/* the highest capability number the kernel knows (cap_last_cap) */
int	live_last_cap(void);

#endif
