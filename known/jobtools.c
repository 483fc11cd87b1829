/*
 * jobtools.c: the programs a privileged job runs on files (jobtools.h).
 * Must never hold anything but data and lookups.
 *
 * Wildcard injection: a file whose name is an option, created where a
 * root job expands an unquoted '*', reaches the tool as that option
 * (described by Leon Juranic, "Back to the Future: Unix Wildcards Gone
 * Wild", DefenseCode, 2014). Each row's option is the tool's own,
 * from its manual:
 *  - GNU tar manual, "Checkpoints": --checkpoint-action=exec=COMMAND
 *    runs COMMAND at each checkpoint (with --checkpoint=N, itself a
 *    second planted name);
 *  - rsync(1): -e COMMAND, --rsh=COMMAND, the remote shell it runs;
 *  - GNU coreutils chown(1), chgrp(1), chmod(1): --reference=RFILE takes
 *    the owner, group or mode from RFILE instead of the command line;
 *  - zip(1): -TT COMMAND, --unzip-command COMMAND, run by -T to test the
 *    archive;
 *  - 7-Zip's 7z(1): @listfile reads names from listfile (a symlink to a
 *    file the user cannot read puts its lines into the error output).
 *
 * Writers: coreutils tee(1), touch(1), cp(1) (-t, --target-directory),
 * install(1), chmod(1)/chown(1)/chgrp(1) (-R recursive; -H/-L follow
 * symbolic links met while recursing, -P, the default, does not), dd(1)
 * of=; rsync(1) -a (-r) recurses.
 */
#include <stddef.h>
#include <string.h>

#include "known/jobtools.h"

const struct known_wildcard known_wildcards[] = {
	{ "tar", "--checkpoint-action=exec=", "runs a command at each "
	  "checkpoint", 1 },
	{ "rsync", "-e ", "runs the named command as its remote shell", 1 },
	{ "chown", "--reference=", "gives every file the owner of a file "
	  "the user names (a symlink among them to any file)", 0 },
	{ "chgrp", "--reference=", "gives every file the group of a file "
	  "the user names (a symlink among them to any file)", 0 },
	{ "chmod", "--reference=", "gives every file the mode of a file "
	  "the user names (a symlink among them to any file)", 0 },
	{ "zip", "-TT ", "runs the named command to test the archive", 1 },
	{ "7z", "@", "reads a list of names from a file the user links to "
	  "any file", 0 },
	{ "7za", "@", "reads a list of names from a file the user links to "
	  "any file", 0 },
	{ NULL, NULL, NULL, 0 },
};

const struct known_writer known_writers[] = {
	{ "tee", JT_ALL, "", "", NULL, "" },
	{ "touch", JT_ALL, "dtr", "", NULL, "" },
	{ "cp", JT_LAST, "St", "aRr", "recursive", "HL" },
	{ "install", JT_LAST, "mogSt", "", NULL, "" },
	{ "chmod", JT_AFTER_FIRST, "", "R", "recursive", "HL" },
	{ "chown", JT_AFTER_FIRST, "", "R", "recursive", "HL" },
	{ "chgrp", JT_AFTER_FIRST, "", "R", "recursive", "HL" },
	{ "dd", JT_OF, "", "", NULL, "" },
	{ "rsync", JT_LAST, "efBT", "ar", "recursive", "kKL" },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

const struct known_wildcard *
known_wildcard_find(const char *tool)
{
	size_t i;

	for (i = 0; known_wildcards[i].tool; i++)
		if (strcmp(known_wildcards[i].tool, tool) == 0)
			return &known_wildcards[i];
	return NULL;
}

const struct known_writer *
known_writer_find(const char *tool)
{
	size_t i;

	for (i = 0; known_writers[i].tool; i++)
		if (strcmp(known_writers[i].tool, tool) == 0)
			return &known_writers[i];
	return NULL;
}
