/*
 * sudoers.h: sudoers(5) text as data. The parser takes a buffer (so
 * tests and fuzzers feed it directly) and appends what it understood,
 * in file order, to a struct sudoers; a malformed line is reported
 * through a callback with a static message and its line number, and
 * skipped. Include directives are recorded, never followed: resolving
 * them (file-name rules, relative paths, %h, depth, loops) is the
 * caller's business, since only it can read the target.
 *
 * The matcher answers, for one user of the target, which user
 * specifications apply, with their runas lists, tags and commands
 * (Cmnd_Alias expanded), and which Defaults may apply. Nothing here reads
 * a file or runs anything.
 *
 * Grammar and lexical rules: sudoers(5) (sudo 1.9), "SUDOERS FILE
 * FORMAT", and the token rules of sudo's plugins/sudoers/toke.l.
 */
#ifndef PRIVMAP_SUDOERS_H
#define PRIVMAP_SUDOERS_H

#include <sys/types.h>
#include <stddef.h>

#include "parse/err.h"

/* nesting of aliases followed by the matcher (sudo has no limit of its
 * own but refuses cycles); deeper chains count as a cycle */
#define SUDOERS_MAX_ALIAS_DEPTH	64
/* concrete commands one match may produce after Cmnd_Alias expansion */
#define SUDOERS_MAX_GRANTS	65536

/* What a list member is. The same member shape serves user, runas, host
 * and command lists. */
enum sudo_mtype {
	SM_NAME,	/* user, host or runas name, IP address or network */
	SM_ALL,		/* ALL */
	SM_ALIAS,	/* an alias name of the list's kind */
	SM_UID,		/* #123 */
	SM_GROUP,	/* %name */
	SM_GID,		/* %#123 */
	SM_NONUNIX,	/* %:name (a group_plugin group) */
	SM_NONUNIX_GID,	/* %:#123 */
	SM_NETGROUP,	/* +name */
	SM_CMND,	/* a command path, maybe with arguments */
	SM_DIR,		/* a directory (ends in '/'): any command in it */
	SM_REGEX,	/* ^...$ (sudo 1.9.10) */
	SM_SUDOEDIT,	/* sudoedit file... */
	SM_LIST,	/* "list": sudo -l for other users */
};

struct sudo_member {
	enum sudo_mtype	 type;
	int		 negated;
	char		*name;		/* name, alias, group, path; "ALL" */
	unsigned long	 id;		/* SM_UID, SM_GID, SM_NONUNIX_GID */
	/* commands only */
	char		*args;		/* NULL: any arguments; "" from '""':
					   none; else as sudo keeps them:
					   words joined by one space, sudoers
					   escapes removed, glob escapes kept */
	char		*digest;	/* "sha256:HEX,sha512:HEX" or NULL */
};

struct sudo_list {
	struct sudo_member	*v;
	size_t			 n;
};

enum sudo_alias_kind {
	SA_USER, SA_RUNAS, SA_HOST, SA_CMND,
};

struct sudo_alias {
	enum sudo_alias_kind	 kind;
	char			*name;
	struct sudo_list	 members;
};

/* Defaults binding */
enum sudo_dtype {
	SD_ALL,		/* Defaults */
	SD_USER,	/* Defaults:user_list */
	SD_RUNAS,	/* Defaults>runas_list */
	SD_HOST,	/* Defaults@host_list */
	SD_CMND,	/* Defaults!cmnd_list */
};

struct sudo_param {
	char		*name;
	int		 negated;	/* !name */
	char		 op;		/* 0 (boolean), '=', '+', '-' */
	char		*value;		/* NULL for a boolean */
};

struct sudo_defaults {
	enum sudo_dtype		 type;
	struct sudo_list	 binding;	/* empty for SD_ALL */
	struct sudo_param	*params;
	size_t			 nparams;
};

/* Tags: bit per tag pair; `set` says a tag of the pair was given (on the
 * command or carried over from an earlier one in the same list), `on`
 * which of the two. */
enum {
	ST_PASSWD = 0x001,	/* on: PASSWD, off: NOPASSWD */
	ST_EXEC = 0x002,	/* on: EXEC, off: NOEXEC */
	ST_SETENV = 0x004,	/* on: SETENV, off: NOSETENV */
	ST_LOG_INPUT = 0x008,
	ST_LOG_OUTPUT = 0x010,
	ST_MAIL = 0x020,
	ST_FOLLOW = 0x040,
	ST_INTERCEPT = 0x080,
};
#define ST_NTAGS 8

struct sudo_runas {
	int			 has_users;	/* "(...)" named users */
	int			 has_groups;	/* ":" was given */
	struct sudo_list	 users;
	struct sudo_list	 groups;
};

struct sudo_option {			/* TIMEOUT=, CWD=, ROLE=, ... */
	char		*name;
	char		*value;
};

struct sudo_cmndspec {
	int			 runas;		/* index in priv->runas, -1:
						   none (runas_default) */
	int			 opts;		/* index in priv->opts, -1 */
	unsigned		 tags_set;
	unsigned		 tags_on;
	struct sudo_member	 cmnd;
};

struct sudo_optset {
	struct sudo_option	*v;
	size_t			 n;
};

struct sudo_priv {
	struct sudo_list	 hosts;
	struct sudo_runas	*runas;
	size_t			 nrunas;
	struct sudo_optset	*opts;
	size_t			 nopts;
	struct sudo_cmndspec	*cmnds;
	size_t			 ncmnds;
};

struct sudo_userspec {
	struct sudo_list	 users;
	struct sudo_priv	*privs;
	size_t			 nprivs;
};

struct sudo_include {
	char		*path;		/* as written, quotes and escapes
					   removed, %h not expanded */
	int		 isdir;
	int		 hash;		/* written #include / #includedir */
};

enum sudo_ekind {
	SE_ALIAS, SE_DEFAULTS, SE_USERSPEC, SE_INCLUDE,
};

/* One line's worth of policy, in the order sudo reads it. */
struct sudo_entry {
	enum sudo_ekind		 kind;
	const char		*file;		/* owned by the sudoers */
	unsigned		 line;		/* first line of the entry */
	char			*text;		/* the logical line, continued
						   lines joined, for evidence */
	union {
		struct sudo_alias	alias;
		struct sudo_defaults	defaults;
		struct sudo_userspec	spec;
		struct sudo_include	include;
	} u;
};

struct sudo_aref;

struct sudoers {
	struct sudo_entry	*v;
	size_t			 n;
	char			**files;	/* names given to the parser */
	size_t			 nfiles;
	/* private: the aliases sorted by kind and name, built on the first
	 * lookup after a change (a cache, so lookups take a const policy) */
	struct sudo_aref	*aidx;
	size_t			 naidx;
	int			 aidx_ok;
};

/*
 * Parse sudoers text (len bytes, NULs allowed: a line holding one is
 * malformed) and append its entries to s. file names the text in the
 * entries (copied). err gets each malformed or over-long line. Returns
 * the number of entries added.
 */
size_t	sudoers_parse(const char *buf, size_t len, const char *file,
	    struct sudoers *s, parse_err_fn err, void *ctx);
/* Move every entry of src to the end of dst; src is left empty. */
void	sudoers_move(struct sudoers *dst, struct sudoers *src);
/* Move entry i of src to the end of dst (src keeps an empty slot). */
void	sudoers_move_entry(struct sudoers *dst, struct sudoers *src,
	    size_t i);
void	sudoers_free(struct sudoers *);

/* The normalised form of the parse, one entry a line, in sudoers syntax:
 * parsing it again prints the same text (OpenSSH's sshd -T round trip).
 * Returns an allocated string. */
char	*sudoers_print(const struct sudoers *);
/* One member, as sudoers_print writes it (allocated). */
char	*sudoers_member_str(const struct sudo_member *);

/* an alias of kind and name (the first defined), or NULL; in O(log n) */
const struct sudo_alias *sudoers_alias_find(const struct sudoers *,
	    enum sudo_alias_kind, const char *name);
/* the same, as the index of its entry in s->v, or -1 */
long	sudoers_alias_entry(const struct sudoers *, enum sudo_alias_kind,
	    const char *name);
/* the spelling of a tag: ST_PASSWD on is "PASSWD", off "NOPASSWD" */
const char *sudoers_tag_name(unsigned tag, int on);

/* Tri-state answers: sudoers can name netgroups, non-Unix groups and
 * hosts privmap cannot resolve offline. */
enum {
	SUDO_NO = 0,
	SUDO_YES = 1,
	SUDO_MAYBE = 2,
};

#endif
