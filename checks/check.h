/*
 * check.h: a check is one table entry (checks/registry.c). It declares
 * which walk entries it wants; visit() runs inside the single walk and only
 * keeps candidates; report() decides, scores and adds findings. A check
 * never walks, opens, prints or exits by itself.
 */
#ifndef PRIVMAP_CHECK_H
#define PRIVMAP_CHECK_H

#include "engine/scan.h"

struct check {
	/* id: stable, the family file's name; family: a family id of the
	 * report contract. What report_add() takes for the check's
	 * findings. */
	struct reporter	 who;
	unsigned	 want;		/* WANT_* entries for visit() */
	unsigned	 live_only;	/* 1: only on a live host */
	/* optional, pure and thread-safe: 0 if visit() would ignore this
	 * entry anyway. Runs in the walk's threads outside the lock that
	 * serialises visit(), so a check that wants WANT_FILE for a few
	 * names does not serialise the walk on every file. */
	int		(*prefilter)(const struct scan *, const struct entry *);
	void		(*visit)(struct scan *, void **priv, const struct entry *);
	int		(*report)(struct scan *, void **priv);	/* 0 or -1 */
	void		(*free)(void *priv);
};

extern const struct check *const check_table[];

/* the table's entries (checks/registry.c), each defined in its family's
 * file */
extern const struct check check_group_membership;
extern const struct check check_container_socket;
extern const struct check check_setuid;
extern const struct check check_file_capability;
extern const struct check check_writable_config;
extern const struct check check_shell_rc;
extern const struct check check_writable_path;
extern const struct check check_credentials;
extern const struct check check_process_capability;
extern const struct check check_container_escape;
extern const struct check check_localhost_service;
extern const struct check check_kernel;
extern const struct check check_runtime_config;
extern const struct check check_sudo;
extern const struct check check_cron;
extern const struct check check_systemd;

/* Run every check on the scan: one walk, then each report(). */
int	checks_run(struct scan *);

#endif
