/*
 * cmdexec.h: what a command line runs, read without running it. Cron
 * hands its command to a shell, systemd splits an Exec line into argv;
 * either way privmap needs the programs and files that end up executed
 * (the first word after assignments, guards and wrappers, the scripts
 * handed to interpreters, the directories run-parts runs, files sourced
 * with '.') so the checks can ask whether the user controls one of them.
 *
 * This is an approximation of sh(1) syntax, not a shell: it tokenises
 * quotes, escapes, operators, redirections, $(...) and backquotes,
 * expands variables only from what the caller and the command itself
 * define, and gives up (marking the result incomplete) on what it cannot
 * follow (unknown variables in a command word, eval of such text). It
 * reads whole scripts: if/while/until/for, case arms, functions (their
 * bodies where they are defined; calls by name are not programs),
 * here-documents skipped. It never executes, globs or looks at the file
 * system.
 */
#ifndef PRIVMAP_CMDEXEC_H
#define PRIVMAP_CMDEXEC_H

#include <stddef.h>

enum cx_role {
	CX_PROGRAM,		/* the command word, or a wrapped one */
	CX_SCRIPT,		/* a file an interpreter reads and runs */
	CX_SOURCED,		/* a file the shell reads with '.' or source */
	CX_RUNPARTS,		/* a directory whose files run-parts runs */
	CX_REDIRECT,		/* with cx_list.args only: a file a plain
				   redirection (<, >, >>, <>) names */
};

/* run-parts(8) options that change which names run */
enum {
	CX_RP_LSBSYSINIT = 0x01,	/* --lsbsysinit */
	CX_RP_REGEX = 0x02,		/* --regex=RE, in rp_regex */
};

struct cx_item {
	enum cx_role	 role;
	char		*word;		/* after quote removal and expansion */
	char		*path;		/* absolute (cwd applied, "." and ".."
					   folded), or NULL for a bare name */
	int		 bare;		/* no '/': looked up in PATH */
	int		 glob;		/* unquoted * ? [ in the word: path is
					   the directory the pattern reads */
	char		*via;		/* the wrapper, interpreter or
					   run-parts that brought it in (a
					   base name), or NULL */
	char		*search_path;	/* PATH in force for a bare name
					   when the command set it; NULL:
					   the caller's */
	char		*runs_as;	/* set by sudo -u / runuser -u / su: the
					   user it runs as; NULL: unchanged */
	unsigned	 rp_flags;	/* CX_RP_* for CX_RUNPARTS */
	char		*rp_regex;
	char		**argv;		/* with cx_list.args, CX_PROGRAM: the
					   words of its command, argv[0] first
					   (NULL-terminated), else NULL */
	unsigned char	*argv_glob;	/* with argv: 1 where the word held
					   an unquoted * ? [ (a pattern the
					   shell expands) */
	size_t		 argc;
	char		*cwd;		/* with cx_list.args, CX_PROGRAM: the
					   directory it runs in (after the
					   command's own cd), or NULL */
	int		 redir_out;	/* CX_REDIRECT: it opens the file for
					   writing (>, >>, <>), not < */
};

struct cx_list {
	struct cx_item	*v;
	size_t		 n;
	int		 incomplete;	/* something could not be followed */
	const char	*why;		/* static: the first such reason */
	int		 args;		/* set by the caller: also keep each
					   program's argv and list redirection
					   targets, for a reader that judges
					   what a command names (privmap
					   hook), not only what it runs; a
					   program is then listed once per
					   command that runs it (kept by
					   cx_list_free) */
	char		**funcs;	/* functions the text defines: calls
					   by these names are dropped */
	size_t		 nfuncs;
};

/* Look up a variable the command did not set itself: its value, or NULL
 * if unknown. name is not NUL-terminated. */
typedef const char *(*cx_var_fn)(void *ctx, const char *name, size_t n);

struct cx_opts {
	const char	*cwd;		/* where it starts (absolute) */
	const char	*home;		/* for ~ and a bare cd, or NULL */
	cx_var_fn	 var;		/* may be NULL */
	void		*ctx;
};

/*
 * Read a shell command (sh -c text) and append what it executes to list.
 * Returns 0, or -1 with list->why set when the text is not shell syntax
 * privmap can read (unterminated quote, too deep); items found before the
 * error are kept.
 */
int	cx_shell(const char *cmd, size_t len, const struct cx_opts *,
	    struct cx_list *);
/*
 * The same for a command already split into words (systemd's Exec lines):
 * argv[0] is the program. Returns 0, or -1 as above.
 */
int	cx_argv(char *const *argv, size_t argc, const struct cx_opts *,
	    struct cx_list *);
void	cx_list_free(struct cx_list *);

/* 1 if the text read into l defined a function called name */
int	cx_is_func(const struct cx_list *, const char *name);

/* role as a word for evidence: "program", "script", ... */
const char *cx_role_name(enum cx_role);

/* Fold a path: join to cwd when relative, drop "." and empty components,
 * apply ".." lexically. Returns a new string. */
char	*cx_path_fold(const char *cwd, const char *path);

/* Is name a shell builtin or keyword that runs nothing by itself? (dash
 * and bash builtins per POSIX "Special Built-In Utilities" plus the
 * regular built-ins both shells ship.) */
int	cx_is_builtin(const char *name);

#endif
