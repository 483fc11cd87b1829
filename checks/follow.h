/*
 * follow.h: what the cron, systemd and sudo checks share to follow a
 * job that runs as another identity into what it runs (issue 16): the
 * scripts it starts, read statically through parse/cmdexec.c to a bounded
 * depth, the files they source, the programs they run by path or through
 * their PATH, the module search path of Python, Perl and Ruby programs,
 * the files the job writes, its wildcards and its recursive chown/chmod/
 * copies. Findings go to the job's family under the kinds follow-exec,
 * follow-module, follow-write, follow-wildcard and follow-recursive. Reads
 * the target through the scan only; never runs anything; decides no
 * severity of its own (the caller's job carries it).
 */
#ifndef PRIVMAP_CHECKS_FOLLOW_H
#define PRIVMAP_CHECKS_FOLLOW_H

#include "engine/scan.h"
#include "parse/cmdexec.h"

#define FOLLOW_MAX_DEPTH	4	/* job -> script -> ... files deep */
#define FOLLOW_MAX_PER_JOB	64	/* files read for one job */
#define FOLLOW_MAX_FILES	4096	/* files read for one family */

/* One job: who runs it, when, and the environment it starts with. */
struct fl_job {
	const char		*origin;	/* the chain's first link:
						   "/etc/crontab:12",
						   "cron.service ExecStart" */
	const char		*runs_as;
	uid_t			 uid;
	const struct pwent	*pw;		/* may be NULL */
	const char		*wait;		/* what a hop through it waits
						   for: "periodic", "reboot",
						   "service", "sudo" ... */
	enum severity		 sev;		/* of a certain hop */
	double			 weight;
	const char		*search;	/* PATH in force */
	const char		*cwd;
	const char		*home;
	cx_var_fn		 var;		/* the job's environment */
	void			*ctx;
	int			 shell;		/* started by a shell: a text
						   file without #! is run by
						   it (ENOEXEC) */
	/* 1 if the family reports path itself (a startup file shell-rc
	 * judges): not reported again when a followed file names it;
	 * may be NULL */
	int			(*judged)(void *ctx, const char *path);
	int			 top;		/* the family does not judge the
						   command line: what it names
						   is reported here too */
};

struct follow;

/* State for one family's jobs: what was read, the bounds, the counts.
 * who is the family's table entry (its family names the findings). */
struct follow	*follow_new(struct scan *, const struct reporter *who);
/* Follow one job from the items its command line gives (a list read
 * with args set: argv and redirections). The items the family check
 * judges itself (the command's own programs, scripts and sourced files
 * the user controls) are not reported again; what they run is. */
void		 follow_job(struct follow *, const struct fl_job *,
		    const struct cx_list *);
/* Follow a file a job runs directly (a run-parts entry, a sudo rule's
 * command) as if it were the job's command. */
void		 follow_file(struct follow *, const struct fl_job *,
		    const char *path);
/* Follow a file a shell reads with '.' for the job (a startup file). */
void		 follow_sourced(struct follow *, const struct fl_job *,
		    const char *path);
/* Add the note of what was read (jobs, scripts, sourced files, time)
 * and free. */
void		 follow_free(struct follow *);

#endif
