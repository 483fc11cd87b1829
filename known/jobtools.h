/*
 * jobtools.h: what the follower of privileged jobs (checks/follow.c)
 * knows about the programs a job runs on files: which write the files
 * they name, which recurse, and which take an option from a file name a
 * wildcard expands to (wildcard injection). Data and lookups only.
 */
#ifndef PRIVMAP_KNOWN_JOBTOOLS_H
#define PRIVMAP_KNOWN_JOBTOOLS_H

/* a tool that reads an option from a file name: the name to plant */
struct known_wildcard {
	const char	*tool;
	const char	*option;	/* what a planted name begins with */
	const char	*does;		/* what that option makes it do */
	int		 exec;		/* 1: it runs a command */
};
extern const struct known_wildcard known_wildcards[];
const struct known_wildcard *known_wildcard_find(const char *tool);

/* which operands a tool writes (through a symlink at that name) */
enum jt_operands {
	JT_ALL,			/* every operand (tee, touch) */
	JT_LAST,		/* the last, or -t DIR (cp, install) */
	JT_AFTER_FIRST,		/* all but the first: a mode or owner
				   (chmod, chown, chgrp) unless
				   --reference= gave it */
	JT_OF,			/* of=FILE (dd) */
};
struct known_writer {
	const char		*tool;
	enum jt_operands	 which;
	const char		*arg_short;	/* options that take a value */
	const char		*rec_short;	/* options that recurse */
	const char		*rec_long;	/* a long one that does */
	const char		*follow_short;	/* options that follow links
						   while recursing */
};
extern const struct known_writer known_writers[];
const struct known_writer *known_writer_find(const char *tool);

#endif
