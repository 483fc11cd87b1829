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
 * no password, 1 if every one does; *asks_password (may be NULL) is 1 if
 * at least one asks for a password. Never runs sudo; adds nothing to the
 * report.
 */
int	sudo_user_can_sudo(struct scan *, int *needs_password,
	    int *asks_password);

/*
 * Does a rule of the target's sudoers that applies to the scan's user
 * name the group (%NAME or %#GID, directly or through a User_Alias)? 1,
 * 0, or -1 when /etc/sudoers is missing or unreadable. A group is
 * root-equivalent through sudo only when a rule names it: the groups
 * distributions' sudoers grant differ (%sudo, %wheel, old Ubuntu's
 * %admin) and a host may have none of them.
 */
int	sudo_names_group(struct scan *, const char *name, gid_t gid);

#endif
