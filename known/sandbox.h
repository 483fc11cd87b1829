/*
 * sandbox.h: what the sandbox layers privmap reads and writes block, as
 * their makers document it: the system calls Docker's default seccomp
 * profile refuses, the groups systemd's SystemCallFilter= names, and the
 * calls a finding needs blocked. Data only; it never reads anything.
 */
#ifndef PRIVMAP_KNOWN_SANDBOX_H
#define PRIVMAP_KNOWN_SANDBOX_H

#include <stddef.h>

/* docs.docker.com/engine/security/seccomp/, "Significant syscalls
 * blocked by the default profile" (clone: with namespace flags only);
 * NULL-ended */
extern const char *const known_docker_blocked[];

/* the calls of systemd's SystemCallFilter= group name ("@mount"), as
 * `systemd-analyze syscall-filter` of systemd 252 lists them; NULL if
 * the group is not one privmap knows (then judged as blocking nothing
 * it needs) */
const char *const *known_syscall_group(const char *group);

/* what a finding needs from the kernel that a filter can refuse:
 * namespaces (unshare, clone's flags, setns), mount, bpf, ptrace,
 * keyctl...; each NULL-ended: the calls any one of which must stay
 * allowed for the primitive to work */
extern const char *const known_calls_userns[];
extern const char *const known_calls_bpf[];
extern const char *const known_calls_ptrace[];
/* blocked by privmap's own generated sandbox beyond Docker's list */
extern const char *const known_calls_extra[];

#endif
