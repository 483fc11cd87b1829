/*
 * bounds.h: every limit privmap puts on what it reads, named once.
 * Hostile input meets one of these and is noted under `errors`; nothing
 * here is a tuning knob for speed.
 */
#ifndef PRIVMAP_BOUNDS_H
#define PRIVMAP_BOUNDS_H

#define MAX_FILE_BYTES		(4u << 20)	/* a config file is read at most this far */
#define MAX_LINE		65536		/* a longer line is reported and skipped whole */
#define MAX_INCLUDE_DEPTH	8		/* sudoers @include nesting */
#define MAX_SYMLINK_HOPS	40		/* as the kernel's MAXSYMLINKS */
#define MAX_WALK_DEPTH		1024		/* deeper directories are an error entry */
#define MAX_DIR_FILES		100000		/* files read from one include/drop-in dir */
#define MAX_USERS		100000		/* passwd/group entries kept */
#define MAX_GROUP_MEMBERS	65536
#define MAX_ERRORS		10000		/* further errors are counted, not listed */
#define MAX_XATTR_BYTES		65536

#endif
