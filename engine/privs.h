/*
 * privs.h: privmap's own privileges. Started as root, it keeps only what
 * reading needs (CAP_DAC_READ_SEARCH; CAP_SYS_PTRACE on a live host, for
 * other users' /proc/PID/fd; nothing at all once an image is in memory),
 * runs as an unprivileged uid so that root's own files are not writable
 * by owner, and sets no_new_privs. Started unprivileged, it only sets
 * no_new_privs and reads what it can.
 */
#ifndef PRIVMAP_PRIVS_H
#define PRIVMAP_PRIVS_H

#include <stddef.h>

#define PRIVS_UID	65534	/* the kernel's overflow uid: nobody */

/* Drop what is not needed. 0 with a summary in msg, or -1 with the
 * reason in msg (privmap then refuses to scan as full root). */
int	privs_drop(int live, char *msg, size_t msglen);
/* Clear every capability left (an image is read: nothing more from the
 * disk). 0 with the sets now held in msg, or -1 with the reason. */
int	privs_drop_all(char *msg, size_t msglen);

#endif
