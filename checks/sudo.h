/*
 * sudo.h: what the sudo check tells other checks. shell-rc asks whether
 * the scanned account can sudo (then its own startup files are a place to
 * plant a fake sudo that captures the password of whoever shares it).
 */
#ifndef PRIVMAP_CHECKS_SUDO_H
#define PRIVMAP_CHECKS_SUDO_H

#include "engine/scan.h"

/*
 * Does any sudoers rule (read from the target's /etc/sudoers and what it
 * includes) let the scan's user run a command as root or a root-equivalent
 * user or group? 1 yes, 0 no, -1 if /etc/sudoers exists but could not be
 * read. *needs_password (may be NULL) is 0 if at least one such rule asks
 * no password, 1 if every one does. Never runs sudo; adds nothing to the
 * report.
 */
int	sudo_user_can_sudo(struct scan *, int *needs_password);

#endif
