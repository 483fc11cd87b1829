/*
 * unitfile.h: systemd unit files read from a buffer (systemd.syntax(7)),
 * and the effective view of a unit once its drop-ins are applied
 * (systemd.unit(5) "[Unit] Section Options" on drop-ins, systemd.service(5)
 * "Command lines", systemd.exec(5)). Only what privmap asks of a unit is
 * kept in the view: who it runs as, what it executes, which files feed
 * its environment, where it runs, what a timer, path or socket starts.
 * Nothing here reads a file or knows where units live: the check finds
 * the files and hands them over in order.
 */
#ifndef PRIVMAP_UNITFILE_H
#define PRIVMAP_UNITFILE_H

#include <stddef.h>

#include "parse/err.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"		/* struct buf */

struct unit_kv {
	char		*section;
	char		*key;
	char		*value;		/* without blanks at either end */
	unsigned	 line;		/* where its (first) line began */
};

struct unit_file {
	struct unit_kv	*kv;
	size_t		 n;
};

/*
 * Parse one unit file or drop-in. Comments start with '#' or ';' as the
 * first non-blank character (also between continued lines); a line
 * ending in an odd number of backslashes continues on the next, the
 * backslash becoming a space; "[Section]" headers; "Key=value". Malformed
 * lines go to err and are skipped. Returns the number of assignments.
 */
size_t	unit_parse(const char *buf, size_t len, struct unit_file *,
	    parse_err_fn err, void *ctx);
void	unit_file_free(struct unit_file *);
/* The file back as text that parses to the same assignments. */
void	unit_file_print(const struct unit_file *, struct buf *);

enum unit_type {
	UNIT_SERVICE, UNIT_SOCKET, UNIT_TIMER, UNIT_PATH, UNIT_OTHER,
};
enum unit_type	unit_type_of(const char *name);

/* Exec prefixes, systemd.service(5) table "Special executable prefixes" */
enum {
	UX_IGNORE_FAILURE = 0x01,	/* '-' */
	UX_ARGV0 = 0x02,		/* '@': the second word is argv[0] */
	UX_NO_ENV = 0x04,		/* ':': no $VAR substitution */
	UX_FULL_PRIV = 0x08,		/* '+': User=, sandboxing not applied */
	UX_NO_SETUID = 0x10,		/* '!': User=/Group= not applied */
	UX_AMBIENT = 0x20,		/* '!!': as '!' only without ambient
					   capabilities; a no-op otherwise */
	UX_SHELL = 0x40,		/* '|': run through the user's shell */
};

/* A value and where it came from: src indexes unit_view.srcs. */
struct unit_setting {
	char		*value;		/* NULL: not set */
	size_t		 src;
	unsigned	 line;
};

struct unit_exec {
	const char	*key;		/* "ExecStart", ... (static) */
	unsigned	 flags;		/* UX_* */
	char		*path;		/* what is executed */
	char		**argv;		/* the words after the path ('@': the
					   first is argv[0]) */
	size_t		 argc;
	char		*raw;		/* the assignment's value */
	size_t		 src;
	unsigned	 line;
};

struct unit_view {
	char			*name;
	enum unit_type		 type;
	char			**srcs;		/* files applied, main first */
	size_t			 nsrcs;
	/* [Service] or [Socket] */
	struct unit_setting	 user, group, dynamic_user, working_dir,
				 root_dir, perm_start_only;
	struct unit_setting	 main_user;	/* User= from the main file */
	struct unit_exec	*exec;
	size_t			 nexec;
	struct unit_setting	*envfile;	/* "-" prefix kept */
	size_t			 nenvfile;
	struct unit_setting	*environment;	/* Environment= values */
	size_t			 nenvironment;
	/* [Timer] / [Path] Unit=, [Socket] Service= and Accept= */
	struct unit_setting	 unit, accept;
	unsigned		 full;		/* lists past MAX_UNIT_LIST,
						   reported once each */
};

/* Exec commands, EnvironmentFile= and Environment= values a view keeps;
 * more are reported and ignored */
#define MAX_UNIT_LIST	1024

void	unit_view_init(struct unit_view *, const char *name);
/*
 * Apply one file: the main unit file first, then each drop-in in the
 * order systemd uses (unit_dropin_dirs, then by file name). An empty
 * assignment resets a list (ExecStart=, EnvironmentFile=, Environment=)
 * or a setting; a later assignment overrides. Exec lines that do not
 * parse go to err with their line and are skipped, as systemd does.
 */
void	unit_view_apply(struct unit_view *, const struct unit_file *,
	    const char *srcpath, parse_err_fn err, void *ctx);
void	unit_view_free(struct unit_view *);

/* The unit a timer, path or socket starts (systemd.timer(5),
 * systemd.path(5): Unit=, default the same name with .service;
 * systemd.socket(5): Service=, default NAME.service, or NAME@.service
 * with Accept=yes). NULL for other types. A new string. */
char	*unit_view_trigger(const struct unit_view *);

/* systemd's boolean: 1, 0, or -1 if s is none (parse_boolean()) */
int	unit_bool(const char *s);

/*
 * Names of the drop-in directories that apply to unit name, least
 * specific first (systemd.unit(5): "service.d/", then for "a-b-c.service"
 * "a-.service.d/" and "a-b-.service.d/", the template's "a-b-c@.service.d/"
 * for an instance, and "a-b-c.service.d/"). *names is a new array of new
 * strings; free with unit_names_free.
 */
void	unit_dropin_dirs(const char *name, char ***names, size_t *n);
void	unit_names_free(char **, size_t);

/* The template of an instance ("getty@tty1.service" -> "getty@.service"),
 * or NULL. A new string. */
char	*unit_template_of(const char *name);

/*
 * Split a systemd command line or Environment= value into words:
 * whitespace separates, "..." and '...' quote, C escapes (\n, \t, \xNN,
 * \NNN, \uNNNN, \s, ...) are decoded (systemd's extract_first_word with
 * EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE). -1 with *why on bad quoting or an
 * unknown escape. At most MAX_UNIT_WORDS words.
 */
#define MAX_UNIT_WORDS	4096
int	unit_split(const char *s, char ***words, size_t *n, const char **why);

/*
 * An EnvironmentFile= (systemd.exec(5)): "KEY=VALUE" lines, blank lines
 * and '#' or ';' comments skipped, an "export " before the key allowed;
 * VALUE's quotes and escapes removed as unit_split does and its words
 * joined by one space (a "$KEY" word splits there anyway). Each
 * assignment goes to fn in order; a line without '=' or a key, or whose
 * quoting breaks, goes to err (may be NULL) and is skipped. Returns the
 * number of assignments.
 */
typedef void	(*unit_env_fn)(void *fctx, const char *key, const char *value);
size_t	unit_envfile_parse(const char *buf, size_t len, unit_env_fn fn,
	    void *fctx, parse_err_fn err, void *ctx);

/*
 * Expand the %-specifiers systemd.unit(5) lists that a static reader can
 * know: %% %n %N %p %P %i %I %j %J %f %u %U %h %s %g %G %t %S %C %L %E
 * %T %V. user/uid/home/shell/group/gid describe who the unit runs as
 * (NULL if unknown). Unknown specifiers are left as they are and
 * *unknown set. A new string.
 */
struct unit_spec {
	const char	*name;		/* the unit's full name */
	const char	*user, *uid, *home, *shell, *group, *gid;
};
char	*unit_specifiers(const char *s, const struct unit_spec *,
	    int *unknown);

#endif
