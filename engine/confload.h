/*
 * confload.h: load a configuration file and the files it includes
 * through the scan's target view, bounded in depth and in files per
 * directory, handing each file's text to the caller, which parses it and
 * asks for its includes in place (sudoers' @include and @includedir,
 * sshd_config's Include), or a systemd unit and its drop-ins. Nothing
 * here parses text or reaches outside the target; what a failure means
 * is the caller's to say.
 */
#ifndef PRIVMAP_ENGINE_CONFLOAD_H
#define PRIVMAP_ENGINE_CONFLOAD_H

#include <sys/stat.h>
#include <stddef.h>

#include "engine/scan.h"

/* why a file or directory of the load was not read */
enum confload_why {
	CL_TOO_DEEP,		/* included deeper than max_depth */
	CL_STAT,		/* stat failed: errno says why */
	CL_LOOP,		/* the same file is already open above */
	CL_NOT_REGULAR,		/* a file that is not a regular file */
	CL_READ,		/* the read failed (scan_read noted why) */
	CL_DIR_STAT,		/* an include directory: stat failed */
	CL_NOT_DIR,		/* an include directory that is not one */
	CL_LIST,		/* listing an include directory failed */
	CL_TOO_MANY,		/* more than max_dir_files names in one */
};

struct confload;

struct confload_ops {
	/* a file's text (depth 0 for the first file). Return 1 to end the
	 * whole load, 0 to go on. Required. */
	int	(*file)(struct confload *, const char *path, const char *buf,
		    size_t len, int depth);
	/* Before a file (isdir 0, after its stat) or an include directory
	 * (isdir 1) is read: 0 leaves it unread. NULL admits all. Only
	 * called when stat_first is set, or for a directory. */
	int	(*admit)(struct confload *, const char *path,
		    const struct stat *, int isdir, int depth);
	/* The names of an include directory that are read; NULL: all. */
	int	(*name_ok)(const char *name);
	/* A file or directory not read, with errno for CL_STAT, CL_DIR_STAT,
	 * CL_LIST. NULL: nothing said. */
	void	(*skipped)(struct confload *, const char *path,
		    enum confload_why, int depth);
};

struct confload {
	struct scan			*s;
	const struct confload_ops	*ops;
	void				*ctx;		/* the caller's */
	int				 max_depth;
	size_t				 max_dir_files;
	int				 stat_first;	/* stat, refuse loops and
							 * non-regular files,
							 * ask admit, then read */
	int				 quiet;		/* read without noting
							 * errors in the report */
	int				 done;		/* a file asked to end */
	struct stat			*stack;		/* files open above */
	size_t				 nstack;
};

/* Set up a load: MAX_INCLUDE_DEPTH, MAX_DIR_FILES, reads through
 * scan_read, no stat first. */
void	confload_init(struct confload *, struct scan *,
	    const struct confload_ops *, void *ctx);
void	confload_fini(struct confload *);

/* Read path and hand its text to ops->file. 1 if the load has ended
 * (this file or one it included asked so), 0 otherwise. */
int	confload_file(struct confload *, const char *path, int depth);
/* Every regular file of dir whose name ops->name_ok accepts, in name
 * order, as confload_file at depth; at most max_dir_files names. */
int	confload_dir(struct confload *, const char *dir, int depth);
/* A path whose last component may be a glob (fnmatch(3) with
 * FNM_PERIOD: sshd_config(5) Include): each matching name of its
 * directory in name order, else the path itself. */
int	confload_glob(struct confload *, const char *pattern, int depth);

/*
 * The files that make up a systemd unit, in the order they apply: the
 * unit file (the first of dirs, highest precedence first, holding it,
 * or for an instance without one its template's; none if it is masked,
 * linked to /dev/null) then its drop-ins, the
 * *.conf files of each directory unit_dropin_dirs() names (service.d/,
 * prefixes, the template's, then NAME.d/) in that order, by file name
 * within each, a name in a higher directory hiding the same name lower
 * and a drop-in linked to /dev/null left out. Returns the count (0: no
 * unit); free each path and the array.
 */
size_t	confload_unit_files(struct scan *, const char *const *dirs,
	    const char *unit, char ***paths);
/* Read those files as confload_file, the unit at depth 0 and its drop-ins
 * at depth 1. Returns their count (0: no unit). */
size_t	confload_unit(struct confload *, const char *const *dirs,
	    const char *unit);

#endif
