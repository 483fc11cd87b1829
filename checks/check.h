/*
 * check.h: a check is one table entry (checks/registry.c). It declares
 * which walk entries it wants; visit() runs inside the single walk and only
 * keeps candidates; report() decides, scores and adds findings. A check
 * never walks, opens, prints or exits by itself.
 *
 * Each entry has one state slot for the scan (priv), which the table
 * owns: visit() and report() fill it, free() releases it after report().
 * An entry without report() is a store: what several checks share (the
 * walk's privileged files for one package database load, provenance.c).
 * They reach its slot with check_state(); it is freed after every
 * report() ran. A new family is its own file and one line of the table.
 */
#ifndef PRIVMAP_CHECK_H
#define PRIVMAP_CHECK_H

#include "engine/scan.h"

struct check {
	/* id: stable, the family file's name; family: a family id of the
	 * report contract, NULL for a store (no finding). What
	 * report_add() takes for the check's findings. */
	struct reporter	 who;
	unsigned	 want;		/* WANT_* entries for visit() */
	unsigned	 live_only;	/* 1: only on a live host */
	/* 1: judges only the scanned user itself (its processes, the
	 * image's USER, the kernel and the container around it), never
	 * another identity of the escalation graph (engine/graph.h) */
	unsigned	 self_only;
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
extern const struct check check_provenance;
extern const struct check check_follow;
extern const struct check check_execpath;
extern const struct check check_group_membership;
extern const struct check check_container_socket;
extern const struct check check_setuid;
extern const struct check check_file_capability;
extern const struct check check_writable_config;
extern const struct check check_shell_rc;
extern const struct check check_writable_path;
extern const struct check check_credentials;
extern const struct check check_process_capability;
extern const struct check check_image_user;
extern const struct check check_container_escape;
extern const struct check check_localhost_service;
extern const struct check check_kernel;
extern const struct check check_runtime_config;
extern const struct check check_sudo;
extern const struct check check_cron;
extern const struct check check_systemd;
extern const struct check check_polkit;
extern const struct check check_daemon_config;
extern const struct check check_user_units;

/* Run every check on the scan: one walk, then each report(). */
int	checks_run(struct scan *);
/* The state slot of table entry c in the run under way (a store's, for
 * the checks that read it), or NULL outside checks_run or if c is not in
 * the table. */
void	**check_state(struct scan *, const struct check *c);

#endif
