/*
 * crontab.h: cron's and anacron's tables read from a buffer, and the
 * file-name rules that decide which files cron and run-parts pick up.
 *
 * Formats (crontab(5) of Debian's cron and of cronie, anacrontab(5)):
 *  - system crontabs (/etc/crontab, /etc/cron.d/x): five time fields or
 *    an @keyword, the user field, the command;
 *  - user crontabs (/var/spool/cron/crontabs/USER): the same without the
 *    user field; the file name is the user;
 *  - anacrontab: "period delay job-id command", period in days or an
 *    @keyword.
 * All three take environment lines (NAME=value) that apply to the lines
 * after them. Malformed lines go to a callback with their number and a
 * static message and are skipped; the parser never fails as a whole.
 */
#ifndef PRIVMAP_CRONTAB_H
#define PRIVMAP_CRONTAB_H

#include <stddef.h>

#include "parse/err.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"		/* struct buf */

enum cron_format {
	CRON_SYSTEM,		/* with the user field */
	CRON_USER,		/* spool crontab: no user field */
	CRON_ANACRON,		/* anacrontab(5) */
};

/* Which cron and run-parts a target has: they disagree on file names. */
enum cron_flavor {
	CRON_FLAVOR_UNKNOWN,	/* read the most permissive rule */
	CRON_FLAVOR_DEBIAN,	/* Debian's cron; debianutils run-parts */
	CRON_FLAVOR_CRONIE,	/* cronie; the crontabs package run-parts */
	CRON_FLAVOR_BUSYBOX,	/* busybox crond and run-parts */
};

struct cron_env {
	char		*name;
	char		*value;
	unsigned	 line;
};

struct cron_job {
	unsigned	 line;
	char		*when;		/* the time fields single-spaced,
					   an @keyword, or anacron's
					   "period delay" */
	char		*user;		/* CRON_SYSTEM: the user field */
	char		*ident;		/* CRON_ANACRON: the job identifier */
	char		*command;	/* the rest of the line, as written */
	size_t		 nenv;		/* env[0..nenv) come before the job */
	int		 nolog;		/* cronie: the line began with '-' */
};

struct crontab {
	struct cron_env	*env;
	size_t		 nenv;
	struct cron_job	*jobs;
	size_t		 njobs;
};

/*
 * Parse buf (len bytes, NULs allowed: a line holding one is malformed)
 * into tab, which must be zeroed or previously freed. Returns the number
 * of jobs kept.
 */
size_t	crontab_parse(const char *buf, size_t len, enum cron_format,
	    struct crontab *tab, parse_err_fn, void *ctx);
void	crontab_free(struct crontab *);

/* The value of name in force for job (the last assignment before it),
 * or NULL. */
const char *crontab_getenv(const struct crontab *, const struct cron_job *,
	    const char *name);

/*
 * The normalised form of a table, one line per entry, that parses back
 * to the same table (the round trip the tests and the fuzzer check).
 */
void	crontab_print(const struct crontab *, enum cron_format, struct buf *);

/*
 * What the shell is given for a command (crontab(5): "The entire command
 * portion of the line, up to a newline or % character, will be executed
 * ... Percent-signs (%) in the command, unless escaped with backslash
 * (\), will be changed into newline characters, and all data after the
 * first % will be sent to the command as standard input."). Returns the
 * command part with "\%" turned into "%"; *input (if not NULL) gets the
 * standard input text, or NULL when there is no '%'.
 */
char	*cron_command_part(const char *command, char **input);

/*
 * run-parts(8) name rule: would run-parts consider a file of this name?
 * Debian/busybox: ^[A-Za-z0-9_-]+$ by default, the LSB namespaces with
 * --lsbsysinit (CX_RP_LSBSYSINIT), or the extended regular expression
 * given with --regex (CX_RP_REGEX, regex). Cronie's run-parts script
 * skips dot files, *~, *,  *,v and the rpm/editor leftovers instead.
 */
int	cron_runparts_name_ok(const char *name, enum cron_flavor,
	    unsigned rp_flags, const char *regex);

/*
 * Does cron read this file from /etc/cron.d? Debian cron(8): names "must
 * conform to the same naming convention as used by run-parts(8): they
 * must consist solely of upper- and lower-case letters, digits,
 * underscores, and hyphens", so a name with a dot is ignored. Cronie
 * (database.c, not_a_crontab) skips names starting with '.' or '#',
 * ending in '~', and the .rpmsave/.rpmorig/.rpmnew leftovers. Busybox
 * crond has no cron.d.
 */
int	cron_crond_name_ok(const char *name, enum cron_flavor);

#endif
